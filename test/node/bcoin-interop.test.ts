/**
 * Interop with an implementation no one here wrote: bcoin (../shared/peers/bcoin), a JavaScript
 * full node, on loopback. bcoin mines a 300-block regtest chain with transactions (P2PKH and
 * P2WPKH spends, built and signed with bcoin's own library) and our node syncs it over TCP to
 * bcoin's tip with bcoin's UTXO count and total amount; bcoin syncs our node's regtest-builder
 * chain; bcoin mines a heavier fork and our node reorganises onto it. Every process is stopped by
 * pid (test/p2p/bcoin/bcoin.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { BllvmNode } from '../../shell/node/node.js';
import { buildRegtestChain } from '../../shell/regtest/index.js';
import { BcoinNode } from '../p2p/bcoin/bcoin.js';
import { legacyAddress, mineWithTransactions, segwitAddress } from './bcoin-chain.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-bcoin-'));
const bcoins: BcoinNode[] = [];
const nodes: BllvmNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await Promise.all(bcoins.map((b) => b.stop()));
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

async function startNode(name: string, options: Omit<Parameters<typeof BllvmNode.start>[0], 'datadir' | 'network'>): Promise<BllvmNode> {
  const node = await BllvmNode.start({ datadir: join(scratch, name), network: 'regtest', noSync: true, reconnectMs: 300, ...options });
  nodes.push(node);
  return node;
}

interface OutSet {
  height: number;
  bestblock: string;
  txouts: number;
  total_amount: number;
}

describe('§5.7 interop with bcoin', () => {
  let miner: BcoinNode;
  let sent = 0;
  beforeAll(async () => {
    miner = await BcoinNode.start();
    bcoins.push(miner);
    sent = await mineWithTransactions(miner, 300);
  }, 240_000);

  it('our node syncs bcoin\'s 300-block chain over TCP: its tip, UTXO count and total amount', async () => {
    expect(sent).toBe(199);
    const node = await startNode('from-bcoin', { connect: [{ transport: 'tcp', host: '127.0.0.1', port: miner.p2pPort }] });
    await node.waitFor(() => node.store.tip.height === 300, 120_000);
    const info = await miner.rpc<OutSet>('gettxoutsetinfo');
    expect(toDisplayHex(node.store.tip.hash)).toBe(info.bestblock);
    const c = node.store.tipCommitment();
    expect(Number(c.utxoCount)).toBe(info.txouts);
    expect(Number(c.totalAmount)).toBe(Math.round(info.total_amount * 1e8));
  }, 150_000);

  it('bcoin mines a heavier fork and our node reorganises onto it', async () => {
    const node = nodes[0] as BllvmNode;
    await node.stop();
    nodes.shift();
    const forkPoint = await miner.rpc<string>('getblockhash', [296]);
    await miner.rpc('invalidateblock', [forkPoint]);
    await miner.rpc('generatetoaddress', [10, segwitAddress]); // tip 305 on the fork: more work than 300
    const lines: string[] = [];
    const restarted = await startNode('from-bcoin', { connect: [{ transport: 'tcp', host: '127.0.0.1', port: miner.p2pPort }], log: (l) => lines.push(l) });
    expect(restarted.store.tip.height).toBe(300); // resumed from its store
    await restarted.waitFor(() => restarted.store.tip.height === 305, 120_000);
    // Blocks 296-300 of the old chain were disconnected, 296'-305' connected.
    expect(lines.filter((l) => l.startsWith('reorganised:'))).toEqual([expect.stringMatching(/^reorganised: disconnected 5, connected \d+, tip \d+ /)]);
    const info = await miner.rpc<OutSet>('gettxoutsetinfo');
    expect(toDisplayHex(restarted.store.tip.hash)).toBe(info.bestblock);
    const c = restarted.store.tipCommitment();
    expect(Number(c.utxoCount)).toBe(info.txouts);
    expect(Number(c.totalAmount)).toBe(Math.round(info.total_amount * 1e8));
  }, 150_000);
});

describe('§5.7 bcoin syncs from our node', () => {
  it("bcoin connects to our node and syncs its regtest-builder chain (every script kind, inscriptions) to our tip", async () => {
    // Block times from 2023: bcoin gives regtest P2SH only to blocks after its BIP16 time (2012-04-01).
    const chain = buildRegtestChain({ seed: 'served-to-bcoin', blocks: 150, startTime: 1_700_000_000 });
    const source = await startNode('served', { listen: { host: '127.0.0.1', port: 0 } });
    for (let h = 1; h < chain.blocks.length; h++) {
      const r = await source.submitBlock((chain.blocks[h] as { block: Parameters<BllvmNode['submitBlock']>[0] }).block);
      if (r !== null) throw new Error(`block ${h}: ${r}`);
    }
    const port = source.listening.find((l) => l.transport === 'tcp')?.port as number;
    const follower = await BcoinNode.start();
    bcoins.push(follower);
    await follower.rpc('addnode', [`127.0.0.1:${port}`, 'onetry']);
    const deadline = Date.now() + 120_000;
    while ((await follower.rpc<number>('getblockcount')) < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await follower.rpc<number>('getblockcount')).toBe(150);
    expect(await follower.rpc<string>('getbestblockhash')).toBe(toDisplayHex(source.store.tip.hash));
    const info = await follower.rpc<OutSet>('gettxoutsetinfo');
    expect(info.txouts).toBe(Number(source.store.tipCommitment().utxoCount));
  }, 240_000);
});
