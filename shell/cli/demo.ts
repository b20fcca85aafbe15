/**
 * `bllvm demo`: a newcomer's first run (issue 13). On loopback, in this process: builds a
 * 300-block regtest chain (signed transactions of every common script kind, inscriptions), starts
 * five nodes that serve it (one of them serving a wrong commitment on purpose), then fast-syncs
 * one new node over TCP and one over Iroh from them, and tells what happened with the figures.
 * Everything lives in a temporary directory, removed at the end. Exit 0 when both syncs end with
 * their peers' commitment.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NETWORKS } from '../../kernel/chain/params.js';
import { DEFAULT_CONSENSUS_RULES } from '../../kernel/consensus/peer-consensus.js';
import { type FastSyncResult, fastSync } from '../node/fastsync-client.js';
import { BllvmNode, type PeerTarget } from '../node/node.js';
import { buildRegtestChain, toBlkFile, totalComposition } from '../regtest/index.js';
import { ChainStore } from '../store/chain-store.js';
import { importBlockFiles } from '../store/import-blocks.js';
import { EXIT_FAILED, EXIT_OK } from './output.js';

export interface DemoOptions {
  readonly json: boolean;
}

const BLOCKS = 300;
const CHECKPOINT = 200;
const SERVERS = 5;

export async function demoCommand(options: DemoOptions): Promise<number> {
  const started = performance.now();
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);
  const lines: string[] = [];
  const tell = (line: string): void => {
    if (!options.json) process.stdout.write(`${line}\n`);
    lines.push(line);
  };
  const scratch = mkdtempSync(join(tmpdir(), 'bllvm-demo-'));
  const nodes: BllvmNode[] = [];
  try {
    // 1. A regtest chain, and a store holding it with snapshots every 100 blocks.
    const chain = buildRegtestChain({ seed: 'bllvm-demo', blocks: BLOCKS });
    const c = totalComposition(chain.blocks);
    const file = join(scratch, 'blk00000.dat');
    writeFileSync(file, toBlkFile(chain.blocks));
    const template = join(scratch, 'template');
    const store = ChainStore.open(join(template, 'chain'), { params: NETWORKS.regtest, noSync: true, snapshotInterval: 100 });
    if (!store.ok) throw new Error('cannot open the template store');
    const imported = await importBlockFiles(store.value, [file], { now: Math.floor(Date.now() / 1000) });
    if (!imported.ok) throw new Error('the built chain did not import');
    const truth = store.value.snapshot(CHECKPOINT);
    await store.value.close();
    if (!truth.ok || truth.value === undefined) throw new Error('no snapshot at the checkpoint');
    const inputs = Object.values(c.inputsByKind).reduce((a, b) => a + b, 0);
    tell(`[${seconds()} s] Built a ${BLOCKS}-block regtest chain: ${c.transactions} transactions, ${inputs} inputs of ${Object.keys(c.inputsByKind).length} script kinds, ${c.counters.inscriptionsRevealed ?? 0} inscriptions.`);

    // 2. Five serving nodes on copies of it; the last lies about its commitment.
    for (let i = 0; i < SERVERS; i++) {
      const dir = join(scratch, `server-${i}`);
      cpSync(template, dir, { recursive: true });
      rmSync(join(dir, 'chain', 'bllvm.pid'), { force: true });
      const liar = i === SERVERS - 1;
      nodes.push(
        await BllvmNode.start({
          datadir: dir,
          network: 'regtest',
          noSync: true,
          snapshotInterval: 100,
          chunkBytes: 12_000,
          listen: { host: '127.0.0.1', port: 0 },
          iroh: {},
          ...(liar ? { adversary: 'wrong-commitment' as const } : {}),
        }),
      );
    }
    const servers = [...nodes];
    const short = (id: string): string => `${id.slice(0, 8)}…`;
    tell(`[${seconds()} s] Started ${SERVERS} nodes serving it over TCP and Iroh; node ${short(servers[SERVERS - 1]?.identity.nodeId ?? '')} serves a wrong commitment on purpose.`);

    // 3. Two new nodes fast-sync: one over TCP, one over Iroh.
    const rules = { ...DEFAULT_CONSENSUS_RULES, groupLoopbackByNodeId: true };
    const tcpTargets: PeerTarget[] = servers.map((s) => ({ transport: 'tcp', host: '127.0.0.1', port: s.listening.find((l) => l.transport === 'tcp')?.port ?? 0 }));
    const irohTargets: PeerTarget[] = servers.map((s) => {
      const l = s.listening.find((x) => x.transport === 'iroh');
      return { transport: 'iroh', nodeId: l?.nodeId ?? '', addresses: l?.addresses ?? [] };
    });
    const results: Record<string, FastSyncResult> = {};
    for (const [name, targets] of [['TCP', tcpTargets], ['Iroh', irohTargets]] as const) {
      const node = await BllvmNode.start({ datadir: join(scratch, `new-${name}`), network: 'regtest', noSync: true, holdBlocks: true, connect: targets, ...(name === 'Iroh' ? { iroh: {} } : {}) });
      nodes.push(node);
      const r = await fastSync(node, { checkpointHeight: CHECKPOINT, rules, timeoutMs: 120_000 });
      results[name] = r;
      if (!r.agreed) {
        tell(`[${seconds()} s] New node over ${name}: no consensus (${r.reason}).`);
        continue;
      }
      tell(
        `[${seconds()} s] New node over ${name}: asked ${r.asked.length} peers for their commitment at height ${CHECKPOINT}; ${r.agreeing.length} agreed on ${short(r.digest ?? '')} ` +
          `(${truth.value.commitment.utxoCount} coins, ${truth.value.commitment.totalAmount} sat); dissenter${r.dissenters.length === 1 ? '' : 's'} banned: ${r.dissenters.map(short).join(', ') || 'none'}.`,
      );
      tell(
        `          Downloaded the set in ${r.chunks} chunk${r.chunks === 1 ? "" : "s"} (${(r.bytes / 1e6).toFixed(2)} MB, each checked against the agreed root on arrival), ` +
          `connected blocks ${CHECKPOINT + 1}-${r.tipHeight}; its commitment at ${r.tipHeight} ${r.commitmentMatchesPeers ? 'equals' : 'DIFFERS FROM'} its peers' (${r.seconds} s).`,
      );
    }
    const ok = Object.values(results).every((r) => r.agreed && r.commitmentMatchesPeers);
    tell(`[${seconds()} s] ${ok ? 'Both new nodes hold the honest UTXO set without having validated blocks 1-200.' : 'A sync did not end with its peers\' commitment.'}`);
    if (options.json) process.stdout.write(`${JSON.stringify({ ok, seconds: Number(seconds()), blocks: BLOCKS, checkpoint: CHECKPOINT, servers: SERVERS, results, story: lines })}\n`);
    return ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(scratch, { recursive: true, force: true });
  }
}
