/**
 * UTXO-commitment fast sync against block-by-block sync (issue 13, docs/PROTOCOL.md), one run on
 * loopback. The regtest chain builder (shell/regtest, BuilderOptions.fanOut) mines a chain whose
 * history is larger than its final set: from block 101 on, each block fans a plain coin out to
 * `--outputs` P2WPKH/P2TR key-path coins and spends back `--spend-back` of the coins fanned out 20
 * blocks earlier (signed inputs, 16 per transaction), besides the builder's usual transactions of
 * every script kind. Five BllvmNode servers (copies of one imported store, snapshot at the
 * checkpoint, chunks of `--chunk-bytes`) listen on TCP and Iroh (relays and discovery off); fresh
 * nodes, each in a child process of its own (bench/node-sync.ts --child), then sync from those
 * same five servers:
 *
 *   - block by block over TCP and over Iroh (every block downloaded and connected, every
 *     signature verified, scripts on `--script-threads` worker threads), and
 *   - fast sync over TCP and over Iroh: headers, the five servers' commitments at the checkpoint
 *     (all must agree; loopback peers grouped by node id as the tests do), the set in chunks
 *     verified against the agreed root and installed, then the blocks after the checkpoint.
 *
 * Per sync: seconds (node start to the serving tip), MB on the node's peer connections, MB/s,
 * CPU seconds of the child (process.cpuUsage, every thread) and its peak RSS; each ends with the
 * servers' tip commitment or the run fails. Also, in this process: chunk verification MB/s
 * (decodeChunk + verifyTreeChunk against the root, over every chunk of the set at the checkpoint).
 * Prints tables, writes reports/fastsync.json (or --out DIR), records os.loadavg() at start and end.
 *
 *   npx tsx bench/fastsync.ts [--tip 420] [--checkpoint 400] [--outputs 1000] [--spend-back 600]
 *                             [--servers 5] [--chunk-bytes 1000000] [--script-threads 2] [--out DIR]
 *
 * (`--tip`, not `--blocks`: bench/run.ts forwards its options to this file, and its `--blocks` names fixtures.)
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NETWORKS } from '../kernel/chain/params.js';
import { decodeChunk, buildChunk, encodeChunk, planChunks } from '../kernel/commitments/chunk.js';
import { commitmentDigest } from '../kernel/commitments/commitment.js';
import { verifyTreeChunk } from '../kernel/commitments/tree-proof.js';
import { toHex } from '../kernel/encoding/hex.js';
import { selectSecp256k1Backend } from '../shell/crypto/select-backend.js';
import { BllvmNode, type PeerTarget } from '../shell/node/node.js';
import { RegtestChainBuilder, toBlkFile, totalComposition } from '../shell/regtest/index.js';
import { ChainStore } from '../shell/store/chain-store.js';
import { importBlockFiles } from '../shell/store/import-blocks.js';
import { type SyncChildResult, outDir, runSyncChild } from './node-sync.js';
import { medianOf, printTable } from './stats.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');

/** Chunk verification as the client does it on arrival: decode, then check the leaves and siblings against the agreed root. */
function chunkVerifyRate(chunks: readonly Uint8Array[], root: Uint8Array, rounds: number): { readonly mbPerSecond: number; readonly leavesPerSecond: number; readonly seconds: number[] } {
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  let leaves = 0;
  const seconds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    leaves = 0;
    const t0 = performance.now();
    for (const c of chunks) {
      const d = decodeChunk(c);
      if (!d.ok) throw new Error(`chunk does not decode: ${d.error.reason}`);
      const v = verifyTreeChunk(root, d.value.prefix, d.value.bits, d.value.leaves, d.value.siblings);
      if (!v.ok) throw new Error(`chunk does not verify: ${v.error}`);
      leaves += d.value.leaves.length;
    }
    seconds.push((performance.now() - t0) / 1000);
  }
  const s = medianOf(seconds);
  return { mbPerSecond: round(bytes / 1e6 / s), leavesPerSecond: Math.round(leaves / s), seconds: seconds.map((x) => round(x, 3)) };
}

async function main(): Promise<void> {
  const loadStart = loadavg();
  const started = new Date().toISOString();
  const blocks = flag('tip', 420);
  const checkpoint = flag('checkpoint', 400);
  const outputs = flag('outputs', 1000);
  const spendBack = flag('spend-back', 600);
  const serverCount = flag('servers', 5);
  const chunkBytes = flag('chunk-bytes', 1_000_000);
  const scriptThreads = flag('script-threads', 2);
  if (checkpoint >= blocks) throw new Error('--checkpoint must be below --tip');
  const say = (line: string): void => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
  const t0 = performance.now();
  console.log(`bllvm-ts fast sync vs block-by-block — Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}; load average at start ${load(loadStart)}`);

  const scratch = mkdtempSync(join(tmpdir(), 'bllvm-bench-fastsync-'));
  const servers: BllvmNode[] = [];
  try {
    // 1. The chain.
    let t = performance.now();
    const builder = new RegtestChainBuilder({
      seed: 'bench-fastsync',
      backend: selectSecp256k1Backend().backend,
      fanOut: { outputs, spendAfter: 20, spendBack, inputsPerSpend: 16 },
    });
    for (let h = 1; h <= blocks; h++) {
      builder.mineBlock();
      if (h % 50 === 0) say(`built ${h} of ${blocks} blocks, wallet ${builder.wallet.size} coins`);
    }
    const buildSeconds = (performance.now() - t) / 1000;
    const composition = totalComposition(builder.blocks);
    const inputs = Object.values(composition.inputsByKind).reduce((a, b) => a + b, 0);
    const createdOutputs = Object.values(composition.outputsByKind).reduce((a, b) => a + b, 0);
    const chainBytes = builder.blocks.reduce((n, b) => n + b.raw.length, 0);
    const file = join(scratch, 'blk00000.dat');
    writeFileSync(file, toBlkFile(builder.blocks));

    // 2. One store holding it, with the snapshot at the checkpoint; the chunks of that set.
    t = performance.now();
    const template = join(scratch, 'template');
    const store = ChainStore.open(join(template, 'chain'), { params: NETWORKS.regtest, noSync: true, snapshotInterval: checkpoint, backend: selectSecp256k1Backend().backend });
    if (!store.ok) throw new Error('cannot open the template store');
    const imported = await importBlockFiles(store.value, [file], { now: Math.floor(Date.now() / 1000) });
    if (!imported.ok) throw new Error(`the built chain did not import: ${JSON.stringify(imported.error)}`);
    const importSeconds = (performance.now() - t) / 1000;
    const snapshot = store.value.snapshot(checkpoint);
    if (!snapshot.ok || snapshot.value === undefined) throw new Error('no snapshot at the checkpoint');
    const tipDigest = commitmentDigest(store.value.tipCommitment());
    if (!tipDigest.ok) throw new Error('tip digest');
    const expectedTip = toHex(tipDigest.value);
    const coinsAtCheckpoint = Number(snapshot.value.commitment.utxoCount);
    const coinsAtTip = Number(store.value.tipCommitment().utxoCount);
    const plan = planChunks(store.value.treeLookup, snapshot.value.root, chunkBytes);
    if (!plan.ok) throw new Error('chunk plan');
    const chunks: Uint8Array[] = [];
    for (const p of plan.value) {
      const c = buildChunk(store.value.treeLookup, snapshot.value.root, p);
      if (!c.ok) throw new Error('chunk');
      chunks.push(encodeChunk(c.value));
    }
    await store.value.close();
    const setBytes = chunks.reduce((n, c) => n + c.length, 0);
    say(`chain: ${blocks} blocks, ${composition.transactions} transactions, ${inputs} inputs, ${createdOutputs} outputs, ${(chainBytes / 1e6).toFixed(1)} MB; ${coinsAtCheckpoint} coins at ${checkpoint} in ${chunks.length} chunks (${(setBytes / 1e6).toFixed(1)} MB); built in ${buildSeconds.toFixed(1)} s, imported in ${importSeconds.toFixed(1)} s`);
    const verify = chunkVerifyRate(chunks, snapshot.value.commitment.root, 5);
    say(`chunk verification: ${verify.mbPerSecond} MB/s, ${verify.leavesPerSecond} coins/s`);

    // 3. The serving nodes: copies of the store, on TCP and Iroh.
    for (let i = 0; i < serverCount; i++) {
      const dir = join(scratch, `server-${i}`);
      cpSync(template, dir, { recursive: true });
      rmSync(join(dir, 'chain', 'bllvm.pid'), { force: true });
      servers.push(
        await BllvmNode.start({ datadir: dir, network: 'regtest', noSync: true, snapshotInterval: checkpoint, chunkBytes, scriptThreads: 0, listen: { host: '127.0.0.1', port: 0 }, iroh: {} }),
      );
    }
    const tcp: PeerTarget[] = servers.map((s) => ({ transport: 'tcp', host: '127.0.0.1', port: s.listening.find((l) => l.transport === 'tcp')?.port ?? 0 }));
    const iroh: PeerTarget[] = servers.map((s) => {
      const l = s.listening.find((x) => x.transport === 'iroh');
      return { transport: 'iroh', nodeId: l?.nodeId ?? '', addresses: l?.addresses ?? [] };
    });
    say(`${serverCount} serving nodes on TCP and Iroh`);

    // 4. The syncs, one child process each, from the same servers.
    const runs: Array<{ readonly name: string; readonly mode: 'blocks' | 'fast'; readonly transport: 'TCP' | 'Iroh'; readonly result: SyncChildResult }> = [];
    for (const transport of ['TCP', 'Iroh'] as const) {
      for (const mode of ['blocks', 'fast'] as const) {
        const name = `${mode === 'fast' ? 'fast sync' : 'block by block'} over ${transport}`;
        const result = await runSyncChild({
          mode,
          datadir: join(scratch, `client-${mode}-${transport}`),
          network: 'regtest',
          connect: transport === 'TCP' ? tcp : iroh,
          iroh: transport === 'Iroh',
          tipHeight: blocks,
          scriptThreads,
          ...(mode === 'fast' ? { checkpointHeight: checkpoint, minPeers: serverCount } : {}),
        });
        if (result.tipDigest !== expectedTip) throw new Error(`${name}: tip commitment ${result.tipDigest} is not the servers' ${expectedTip}`);
        if (mode === 'fast' && result.fast?.commitmentMatchesPeers !== true) throw new Error(`${name}: commitment does not match its peers'`);
        runs.push({ name, mode, transport, result });
        say(`${name}: ${result.seconds} s, ${((result.bytesReceived + result.bytesSent) / 1e6).toFixed(1)} MB, tip commitment = servers'${result.fast === undefined ? '' : `; ${result.fast.chunkRetries} chunk requests asked again of another peer`}`);
      }
    }
    const loadEnd = loadavg();

    // 5. Tables and the report.
    console.log(`\nChain: ${blocks} blocks, ${composition.transactions} transactions, ${inputs} non-coinbase inputs (signatures verified by a block-by-block sync), ${createdOutputs} outputs created; ${(chainBytes / 1e6).toFixed(1)} MB of blocks.`);
    console.log(`Set at the checkpoint ${checkpoint}: ${coinsAtCheckpoint} coins, ${chunks.length} chunks, ${(setBytes / 1e6).toFixed(1)} MB; at the tip ${blocks}: ${coinsAtTip} coins.\n`);
    const mb = (r: SyncChildResult): number => (r.bytesReceived + r.bytesSent) / 1e6;
    printTable(
      ['sync', 's', 'MB', 'MB/s', 'CPU s', 'peak RSS MB', 'peak RssAnon MB', 'blocks connected', 'inputs verified', 'phases (consensus / chunks / blocks s)'],
      runs.map(({ name, result: r }) => [
        name,
        r.seconds.toFixed(2),
        mb(r).toFixed(1),
        (mb(r) / r.seconds).toFixed(2),
        (r.cpuUserSeconds + r.cpuSystemSeconds).toFixed(2),
        String(r.peakRssMb),
        String(r.peakRssAnonMb ?? ''),
        String(r.blocksConnected),
        String(r.inputs),
        r.phases === undefined ? '' : `${r.phases.consensus} / ${r.phases.chunks} / ${r.phases.blocks}`,
      ]),
    );
    const ratios = (['TCP', 'Iroh'] as const).map((transport) => {
      const b = runs.find((r) => r.transport === transport && r.mode === 'blocks')?.result as SyncChildResult;
      const f = runs.find((r) => r.transport === transport && r.mode === 'fast')?.result as SyncChildResult;
      return {
        transport,
        seconds: round(b.seconds / f.seconds),
        bytes: round(mb(b) / mb(f)),
        cpu: round((b.cpuUserSeconds + b.cpuSystemSeconds) / (f.cpuUserSeconds + f.cpuSystemSeconds)),
        peakRss: round(b.peakRssMb / f.peakRssMb),
        ...(b.peakRssAnonMb !== undefined && f.peakRssAnonMb !== undefined ? { peakRssAnon: round(b.peakRssAnonMb / f.peakRssAnonMb) } : {}),
      };
    });
    console.log('\nBlock by block / fast sync:');
    printTable(['transport', 'time', 'MB', 'CPU', 'peak RSS', 'peak RssAnon'], ratios.map((r) => [r.transport, `${r.seconds}x`, `${r.bytes}x`, `${r.cpu}x`, `${r.peakRss}x`, r.peakRssAnon === undefined ? '' : `${r.peakRssAnon}x`]));
    console.log(`\nChunk verification (decodeChunk + verifyTreeChunk, ${chunks.length} chunks, ${(setBytes / 1e6).toFixed(1)} MB, median of 5): ${verify.mbPerSecond} MB/s, ${verify.leavesPerSecond} coins/s`);
    console.log(`Load average: start ${load(loadStart)}, end ${load(loadEnd)}`);
    const dir = outDir();
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'fastsync.json');
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          started,
          node: process.version,
          cpus: cpus().length,
          cpu: cpus()[0]?.model ?? 'unknown',
          loadavgStart: loadStart,
          loadavgEnd: loadEnd,
          options: { blocks, checkpoint, outputs, spendBack, spendAfter: 20, inputsPerSpend: 16, servers: serverCount, chunkBytes, scriptThreads },
          chain: { transactions: composition.transactions, inputs, outputs: createdOutputs, bytes: chainBytes, buildSeconds: round(buildSeconds), importSeconds: round(importSeconds), coinsAtCheckpoint, coinsAtTip },
          set: { chunks: chunks.length, bytes: setBytes },
          chunkVerify: verify,
          runs,
          ratios,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`wrote ${out}`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
