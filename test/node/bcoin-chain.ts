/**
 * A bcoin regtest chain with transactions, for interop tests and benchmarks: transactions built
 * and signed with bcoin's own library (../shared/peers/bcoin, its JavaScript backend), sent with
 * its RPC and mined into blocks (test/node/bcoin-interop.test.ts, bench/node-sync.ts).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BCOIN_DIR, type BcoinNode } from '../p2p/bcoin/bcoin.js';

// bcoin's library in this process, with bcrypto's JavaScript backend (the shared copy has no native build).
process.env.NODE_BACKEND = 'js';
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bcoin ships no types
const bcoin = require(join(BCOIN_DIR, 'lib/bcoin')) as any;

const key = Buffer.alloc(32, 7);
const legacy = bcoin.KeyRing.fromPrivate(key, true);
const segwit = bcoin.KeyRing.fromPrivate(key, true);
segwit.witness = true;
export const legacyAddress: string = legacy.getAddress('string', 'regtest');
export const segwitAddress: string = segwit.getAddress('string', 'regtest');

/** The block at a height, as bcoin's library parses it. */
async function blockAt(node: BcoinNode, height: number): Promise<{ txs: unknown[] }> {
  const hash = await node.rpc<string>('getblockhash', [height]);
  const raw = await node.rpc<string>('getblock', [hash, false]);
  return bcoin.Block.fromRaw(Buffer.from(raw, 'hex'));
}

/**
 * Mines `blocks` blocks: 101 to our P2PKH address, then one transaction per block spending the
 * coinbase 100 blocks back to a P2WPKH and a P2PKH output, and from the second such block on
 * also the previous block's P2WPKH output (a segwit spend). Returns the transactions sent.
 */
export async function mineWithTransactions(node: BcoinNode, blocks: number): Promise<number> {
  await node.rpc('generatetoaddress', [101, legacyAddress]);
  let previousSegwit: { tx: unknown; height: number } | undefined;
  let sent = 0;
  for (let height = 102; height <= blocks; height++) {
    const spendHeight = height - 101;
    const coinbase = (await blockAt(node, spendHeight)).txs[0];
    const mtx = new bcoin.MTX();
    mtx.addCoin(bcoin.Coin.fromTX(coinbase, 0, spendHeight));
    if (previousSegwit !== undefined) mtx.addCoin(bcoin.Coin.fromTX(previousSegwit.tx, 0, previousSegwit.height));
    const total = mtx.getInputValue();
    mtx.addOutput(segwitAddress, Math.floor(total / 2));
    mtx.addOutput(legacyAddress, total - Math.floor(total / 2) - 20_000);
    mtx.sign([legacy, segwit]);
    const tx = mtx.toTX();
    await node.rpc('sendrawtransaction', [tx.toRaw().toString('hex')]);
    sent++;
    await node.rpc('generatetoaddress', [1, legacyAddress]);
    previousSegwit = { tx, height };
  }
  return sent;
}
