/**
 * Core's ComputeUTXOStats (src/kernel/coinstats.cpp) over the chain store's coins, for
 * `gettxoutsetinfo`: one pass over every coin record giving the output count, the number of
 * transactions with unspent outputs, Core's bogosize (GetBogoSize: 32 + 4 + 4 + 8 + 2 + script
 * bytes per coin), the total amount, an estimated disk size (the coin records' key and value
 * bytes, where Core asks LevelDB for its estimate) and, when asked, hash_serialized_3: SHA256d
 * over Core's TxOutSer of every coin in Core's iteration order (by txid in hash byte order, then
 * output index; our coin keys end in the index little-endian, so the outputs of one transaction
 * are sorted before hashing). MuHash is not recomputed: it is the store's commitment state.
 * Tested by test/rpc/methods.test.ts.
 */
import { createHash } from 'node:crypto';
import type { Coin } from '../../kernel/chain/utxo.js';
import { serializeCoin } from '../../kernel/commitments/coin.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import type { OutPoint } from '../../kernel/primitives/types.js';
import type { ChainStore } from '../store/chain-store.js';
import { decodeCoin, outpointOfCoinKey } from '../store/coin-codec.js';

export interface UtxoStats {
  readonly txouts: number;
  readonly transactions: number;
  readonly bogosize: number;
  readonly totalAmount: bigint;
  readonly diskSize: number;
  /** SHA256d of the serialized set (internal byte order), when asked for. */
  readonly hashSerialized?: Uint8Array;
}

/** Core's GetBogoSize: txid, vout, height and coinbase, amount, script length, script. */
function bogoSize(coin: Coin): number {
  return 32 + 4 + 4 + 8 + 2 + coin.output.scriptPubKey.length;
}

/** Scans the store's coins; `undefined` when a record does not decode (a corrupt store). */
export function computeUtxoStats(store: ChainStore, withHash: boolean): UtxoStats | undefined {
  const hasher = withHash ? createHash('sha256') : undefined;
  let txouts = 0;
  let transactions = 0;
  let bogosize = 0;
  let totalAmount = 0n;
  let diskSize = 0;
  let group: { outpoint: OutPoint; coin: Coin }[] = [];
  const flush = (): void => {
    if (hasher !== undefined) for (const { outpoint, coin } of group.sort((a, b) => a.outpoint.vout - b.outpoint.vout)) hasher.update(serializeCoin(outpoint, coin));
    group = [];
  };
  for (const { key, value } of store.coinEntries()) {
    const outpoint = outpointOfCoinKey(key);
    const coin = decodeCoin(value);
    if (outpoint === undefined || !coin.ok) return undefined;
    const first = group[0];
    if (first === undefined || !equalBytes(first.outpoint.txid, outpoint.txid)) {
      flush();
      transactions++;
    }
    group.push({ outpoint, coin: coin.value });
    txouts++;
    bogosize += bogoSize(coin.value);
    totalAmount += coin.value.output.value;
    diskSize += key.length + value.length;
  }
  flush();
  const stats = { txouts, transactions, bogosize, totalAmount, diskSize };
  if (hasher === undefined) return stats;
  return { ...stats, hashSerialized: new Uint8Array(createHash('sha256').update(hasher.digest()).digest()) };
}
