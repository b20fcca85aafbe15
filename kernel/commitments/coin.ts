/**
 * A coin as the UTXO commitments see it: Core's TxOutSer (src/kernel/coinstats.cpp), the
 * serialization `gettxoutsetinfo` hashes for both hash_serialized and muhash: the outpoint
 * (txid, u32 index), u32 `height·2 + coinbase`, the output (i64 amount, CompactSize script length,
 * script). The tree keys a coin by SHA256 of its serialized outpoint (SPEC.md §8.2). Written in
 * the provable subset (proofs/commitments.proof.ts: the bytes are Core's, field by field).
 */
import type { Coin } from '../chain/utxo.js';
import { sha256 } from '../crypto/hashes.js';
import { concatBytes } from '../encoding/bytes.js';
import { u32le } from '../encoding/little-endian.js';
import { serializeTxOut } from '../primitives/transaction.js';
import type { OutPoint } from '../primitives/types.js';

/** Core's COutPoint serialization: the 32-byte txid in hash order, then the index as u32 little-endian. */
export function serializeOutPoint(outpoint: OutPoint): Uint8Array {
  return concatBytes(outpoint.txid, u32le(outpoint.vout));
}

/** The bytes of a coin after its outpoint: u32 `height·2 + coinbase`, i64 amount, script with its CompactSize length. */
export function serializeCoinBody(coin: Coin): Uint8Array {
  return concatBytes(u32le(coin.height * 2 + (coin.isCoinbase ? 1 : 0)), serializeTxOut(coin.output));
}

/** Core's TxOutSer: outpoint, then the coin body; what MuHash inserts per coin. */
export function serializeCoin(outpoint: OutPoint, coin: Coin): Uint8Array {
  return concatBytes(outpoint.txid, u32le(outpoint.vout), serializeCoinBody(coin));
}

/** The tree key of an outpoint: SHA256 of its serialization (uniformly spread, so the tree stays balanced). */
export function utxoTreeKey(outpoint: OutPoint): Uint8Array {
  return sha256(serializeOutPoint(outpoint));
}
