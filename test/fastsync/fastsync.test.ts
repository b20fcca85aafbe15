/**
 * UTXO-commitment fast sync end to end (issue 13, docs/PROTOCOL.md), real nodes on loopback (TCP,
 * Iroh with relays and discovery off, and both), each serving node holding the same 250-block
 * regtest chain with snapshots every 100 blocks: a fresh node takes the set at 200 from its peers'
 * agreed commitment in verified chunks, connects blocks 201-250, and ends with its peers'
 * commitment. Liars, a bad-chunk sender, a silent peer and a peer that drops mid-chunk are nodes
 * misbehaving on purpose (NodeOptions.adversary).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { commitmentDigest } from '../../kernel/commitments/commitment.js';
import { type ConsensusRules, DEFAULT_CONSENSUS_RULES } from '../../kernel/consensus/peer-consensus.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { type FastSyncOptions, fastSync } from '../../shell/node/fastsync-client.js';
import type { FastSyncAdversary } from '../../shell/node/fastsync-server.js';
import { BllvmNode, type PeerTarget } from '../../shell/node/node.js';
import { buildRegtestChain, toBlkFile } from '../../shell/regtest/index.js';
import { ChainStore } from '../../shell/store/chain-store.js';
import { importBlockFiles } from '../../shell/store/import-blocks.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-fastsync-'));
const nodes: BllvmNode[] = [];
let template = '';
let copies = 0;
let checkpointDigest = '';
let tipDigest = '';

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

const BLOCKS = 250;
const CHECKPOINT = 200;
/** Small chunks, so the set (~700 coins) travels in several (about 100 coins each). */
const CHUNK_BYTES = 11_000;

beforeAll(async () => {
  const chain = buildRegtestChain({ seed: 'fast-sync', blocks: BLOCKS });
  const file = join(scratch, 'blk00000.dat');
  writeFileSync(file, toBlkFile(chain.blocks));
  template = join(scratch, 'template');
  const store = ChainStore.open(join(template, 'chain'), { params: NETWORKS.regtest, noSync: true, snapshotInterval: 100 });
  if (!store.ok) throw new Error('store');
  const imported = await importBlockFiles(store.value, [file], { now: Math.floor(Date.now() / 1000) });
  if (!imported.ok) throw new Error('import');
  const snap = store.value.snapshot(CHECKPOINT);
  if (!snap.ok || snap.value === undefined) throw new Error('no snapshot at the checkpoint');
  checkpointDigest = digestOf(snap.value.commitment);
  tipDigest = digestOf(store.value.tipCommitment());
  await store.value.close();
}, 300_000);

function digestOf(c: Parameters<typeof commitmentDigest>[0]): string {
  const d = commitmentDigest(c);
  if (!d.ok) throw new Error('digest');
  return toHex(d.value);
}

/** A serving node on a copy of the template's data directory (its own node key). */
async function server(options: { readonly iroh?: boolean; readonly tcp?: boolean; readonly adversary?: FastSyncAdversary } = {}): Promise<BllvmNode> {
  const dir = join(scratch, `server-${copies++}`);
  cpSync(template, dir, { recursive: true });
  rmSync(join(dir, 'chain', 'bllvm.pid'), { force: true });
  const node = await BllvmNode.start({
    datadir: dir,
    network: 'regtest',
    noSync: true,
    snapshotInterval: 100,
    chunkBytes: CHUNK_BYTES,
    ...(options.tcp === false ? {} : { listen: { host: '127.0.0.1', port: 0 } }),
    ...(options.iroh === true ? { iroh: {} } : {}),
    ...(options.adversary === undefined ? {} : { adversary: options.adversary }),
  });
  nodes.push(node);
  return node;
}

const tcpOf = (n: BllvmNode): PeerTarget => {
  const l = n.listening.find((x) => x.transport === 'tcp');
  return { transport: 'tcp', host: l?.host ?? '127.0.0.1', port: l?.port ?? 0 };
};
const irohOf = (n: BllvmNode): PeerTarget => {
  const l = n.listening.find((x) => x.transport === 'iroh');
  return { transport: 'iroh', nodeId: l?.nodeId ?? '', addresses: l?.addresses ?? [] };
};

/** Loopback peers are told apart by their node ids (every peer proves one). */
const rules = (minPeers: number, numerator = 1, denominator = 1): ConsensusRules => ({ ...DEFAULT_CONSENSUS_RULES, minPeers, threshold: { numerator, denominator }, groupLoopbackByNodeId: true });

async function syncingNode(name: string, connect: readonly PeerTarget[], iroh = false): Promise<BllvmNode> {
  const node = await BllvmNode.start({ datadir: join(scratch, name), network: 'regtest', noSync: true, holdBlocks: true, connect, reconnectMs: 300, ...(iroh ? { iroh: {} } : {}) });
  nodes.push(node);
  return node;
}

const run = (node: BllvmNode, options: Partial<FastSyncOptions> & { rules: ConsensusRules }) => fastSync(node, { checkpointHeight: CHECKPOINT, timeoutMs: 240_000, requestTimeoutMs: 5_000, ...options });

describe('§8.4 §9.2 fast sync', () => {
  it('two nodes over TCP: the set at the checkpoint in verified chunks, then blocks to the tip, ending with the peer\'s commitment', async () => {
    const s = await server();
    const node = await syncingNode('tcp', [tcpOf(s)]);
    const r = await run(node, { rules: rules(1) });
    expect(r).toMatchObject({ agreed: true, digest: checkpointDigest, tipHeight: BLOCKS, commitmentMatchesPeers: true, badChunks: 0 });
    expect(r.chunks).toBeGreaterThan(3);
    expect(digestOf(node.store.tipCommitment())).toBe(tipDigest);
  }, 300_000);

  it('two nodes over Iroh (dial by node id)', async () => {
    const s = await server({ iroh: true, tcp: false });
    const node = await syncingNode('iroh', [irohOf(s)], true);
    const r = await run(node, { rules: rules(1) });
    expect(r).toMatchObject({ agreed: true, digest: checkpointDigest, tipHeight: BLOCKS, commitmentMatchesPeers: true });
  }, 300_000);

  it('hybrid: agreement across TCP and Iroh peers', async () => {
    const [a, b, c] = [await server(), await server({ iroh: true, tcp: false }), await server({ iroh: true })];
    const node = await syncingNode('hybrid', [tcpOf(a), irohOf(b), tcpOf(c)], true);
    const r = await run(node, { rules: rules(3) });
    expect(r).toMatchObject({ agreed: true, agreeing: expect.any(Array), tipHeight: BLOCKS, commitmentMatchesPeers: true });
    expect(r.agreeing).toHaveLength(3);
  }, 300_000);

  it('7 serving nodes, 2 of them lying: agreement on the honest commitment (threshold 2/3), the liars named as dissenters', async () => {
    const honest = await Promise.all([0, 1, 2, 3, 4].map(() => server()));
    const liars = await Promise.all([0, 1].map(() => server({ adversary: 'wrong-commitment' })));
    const node = await syncingNode('liars-2', [...honest, ...liars].map(tcpOf));
    const r = await run(node, { rules: rules(7, 2, 3) });
    expect(r).toMatchObject({ agreed: true, digest: checkpointDigest, tipHeight: BLOCKS, commitmentMatchesPeers: true });
    expect(r.asked).toHaveLength(7);
    expect(r.agreeing).toHaveLength(5);
    expect([...r.dissenters].sort()).toEqual(liars.map((l) => l.identity.nodeId).sort());
  }, 300_000);

  it('7 serving nodes, 5 of them lying: no consensus, and nothing is written', async () => {
    const honest = await Promise.all([0, 1].map(() => server()));
    const liars = await Promise.all([0, 1, 2, 3, 4].map(() => server({ adversary: 'wrong-commitment' })));
    const node = await syncingNode('liars-5', [...honest, ...liars].map(tcpOf));
    const r = await run(node, { rules: rules(7, 2, 3) });
    expect(r).toMatchObject({ agreed: false, reason: 'no commitment reached the threshold' });
    expect(node.store.tip.height).toBe(0);
    expect(node.store.coinRecords).toBe(0);
    const status = node.store.fastSyncStatus();
    expect(status.ok && status.value).toBeUndefined();
  }, 300_000);

  it('filtered blocks after the checkpoint give the same commitment as full blocks, and report the witness bytes saved', async () => {
    const [a, b] = [await server(), await server()];
    const node = await syncingNode('filtered', [tcpOf(a), tcpOf(b)]);
    const r = await run(node, { rules: rules(2), filter: 'aggressive' });
    expect(r).toMatchObject({ agreed: true, tipHeight: BLOCKS, commitmentMatchesPeers: true });
    expect(digestOf(node.store.tipCommitment())).toBe(tipDigest);
    expect(r.bytesSaved).toBeGreaterThan(1000);
  }, 300_000);

  it('faults: a bad chunk is caught and its sender banned, a silent peer and one dropping mid-chunk are worked around', async () => {
    const good = await Promise.all([0, 1].map(() => server()));
    const bad = await server({ adversary: 'bad-chunks' });
    const silent = await server({ adversary: 'silent' });
    const dropping = await server({ adversary: 'drop-mid-chunk' });
    const node = await syncingNode('faults', [...good, bad, dropping, silent].map(tcpOf));
    // The silent peer never answers the commitment request: it counts against agreement (3 of 5 agree... at 1/2+).
    const r = await run(node, { rules: rules(5, 3, 5) });
    expect(r).toMatchObject({ agreed: true, digest: checkpointDigest, tipHeight: BLOCKS, commitmentMatchesPeers: true });
    expect(r.badChunks).toBeGreaterThanOrEqual(1);
    expect([...node.bans.values()].some((reason) => /bad UTXO chunk/.test(reason))).toBe(true);
    expect(r.agreeing).toHaveLength(4); // the dropping peer agreed on the commitment before dropping
  }, 300_000);
});
