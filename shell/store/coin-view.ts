/**
 * Core's CCoinsViewDB for the kernel: a synchronous CoinView over the coins database (LMDB reads
 * are synchronous). Each coin read is copied out of lmdb's buffer and decoded once; the view
 * remembers what it read (hits and misses), since connectBlock asks for a spent coin twice
 * (check, then spend) and for every output of a pre-BIP34 block (BIP30). A view lives for one
 * block: make a new one after the store changes. A record that does not decode is thrown as
 * CorruptRecord (the kernel's CoinView has no error channel) and returned by the store's methods.
 */
import { type Coin, type CoinView, outpointKey } from '../../kernel/chain/utxo.js';
import type { OutPoint } from '../../kernel/primitives/types.js';
import { coinKey, decodeCoin } from './coin-codec.js';
import { type BinaryDb, readCopy } from './databases.js';
import { CorruptRecord, corrupt } from './errors.js';

/** The coin stored for an outpoint; throws CorruptRecord when its record does not decode. */
export function readStoredCoin(coins: BinaryDb, outpoint: OutPoint): Coin | undefined {
  const key = coinKey(outpoint);
  const bytes = readCopy(coins, key);
  if (bytes === undefined) return undefined;
  const coin = decodeCoin(bytes);
  if (!coin.ok) throw new CorruptRecord(corrupt('coins', key, `${coin.error.code} at byte ${coin.error.offset}`));
  return coin.value;
}

export class StoreCoinView implements CoinView {
  private readonly read = new Map<string, Coin | undefined>();

  constructor(private readonly coins: BinaryDb) {}

  getCoin(outpoint: OutPoint): Coin | undefined {
    const key = outpointKey(outpoint);
    if (this.read.has(key)) return this.read.get(key);
    const coin = readStoredCoin(this.coins, outpoint);
    this.read.set(key, coin);
    return coin;
  }
}
