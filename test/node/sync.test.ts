/**
 * The node (shell/node/node.ts) syncing from real peers on loopback: two bllvm nodes over TCP,
 * over Iroh (relays and discovery off), and hybrid (one TCP and one Iroh peer). The serving node
 * holds a regtest chain from the builder; every syncing node must end at its tip with the same
 * UTXO commitment (root, count, amount, MuHash).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentDigest } from '../../kernel/commitments/commitment.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { BllvmNode } from '../../shell/node/node.js';
import { buildRegtestChain } from '../../shell/regtest/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-node-'));
const nodes: BllvmNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

async function start(name: string, options: Omit<Parameters<typeof BllvmNode.start>[0], 'datadir' | 'network'>): Promise<BllvmNode> {
  const node = await BllvmNode.start({ datadir: join(scratch, name), network: 'regtest', noSync: true, reconnectMs: 200, ...options });
  nodes.push(node);
  return node;
}

const digest = (n: BllvmNode): string => {
  const d = commitmentDigest(n.store.tipCommitment());
  if (!d.ok) throw new Error('digest');
  return toHex(d.value);
};

let source: BllvmNode;
const BLOCKS = 150;

beforeAll(async () => {
  const chain = buildRegtestChain({ seed: 'node-sync', blocks: BLOCKS });
  source = await start('source', { listen: { host: '127.0.0.1', port: 0 }, iroh: {} });
  for (let h = 1; h < chain.blocks.length; h++) {
    const result = await source.submitBlock((chain.blocks[h] as { block: Parameters<BllvmNode['submitBlock']>[0] }).block);
    if (result !== null) throw new Error(`block ${h}: ${result}`);
  }
  expect(source.store.tip.height).toBe(BLOCKS);
}, 180_000);

const tcpOf = (n: BllvmNode) => {
  const l = n.listening.find((x) => x.transport === 'tcp');
  return { transport: 'tcp' as const, host: l?.host ?? '127.0.0.1', port: l?.port ?? 0 };
};
const irohOf = (n: BllvmNode) => {
  const l = n.listening.find((x) => x.transport === 'iroh');
  return { transport: 'iroh' as const, nodeId: l?.nodeId ?? '', addresses: l?.addresses ?? [] };
};

describe('§5.7 §8.3 a node syncs from its peers', () => {
  it('over TCP (scripts on the main thread): headers, blocks, and the same commitment as the source', async () => {
    const node = await start('tcp', { connect: [tcpOf(source)], scriptThreads: 0 });
    await node.waitFor(() => node.store.tip.height === BLOCKS, 120_000);
    expect(digest(node)).toBe(digest(source));
    expect(node.peers().map((p) => p.remote.transport)).toEqual(['tcp']);
  }, 150_000);

  it('over Iroh (dial by node id, relays off)', async () => {
    const node = await start('iroh', { iroh: {}, connect: [irohOf(source)] });
    await node.waitFor(() => node.store.tip.height === BLOCKS, 120_000);
    expect(digest(node)).toBe(digest(source));
    expect(node.peers()[0]?.remote.transport).toBe('iroh');
    expect(node.peers()[0]?.nodeId).toBe(irohOf(source).nodeId);
  }, 150_000);

  it('hybrid: one TCP peer and one Iroh peer, one chain', async () => {
    const node = await start('hybrid', { listen: { host: '127.0.0.1', port: 0 }, iroh: {}, connect: [tcpOf(source), irohOf(nodes[2] as BllvmNode)] });
    await node.waitFor(() => node.store.tip.height === BLOCKS && node.peers().length === 2, 120_000);
    expect(digest(node)).toBe(digest(source));
    expect(node.peers().map((p) => p.remote.transport).sort()).toEqual(['iroh', 'tcp']);
  }, 150_000);
});
