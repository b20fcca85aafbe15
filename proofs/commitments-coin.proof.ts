/**
 * Coins as the UTXO commitments serialize them (SPEC.md §8.2, kernel/commitments/coin.ts): Core's
 * TxOutSer byte for byte (txid, u32 vout, u32 height·2 + coinbase, i64 amount, CompactSize script
 * length, script), written out here with literal offsets, so every field is read back from the
 * bytes (one coin's bytes never read as another's), and the tree key (SHA256 of the
 * outpoint, assumed collision resistant) is different for different outpoints.
 */
import { big, bool, bytes, int, proof, record } from '../harness/dsl.js';
import { serializeCoin, utxoTreeKey } from '../kernel/commitments/coin.js';
import { equalBytes } from '../kernel/encoding/bytes.js';

/** Bytes [at, at + n) read as an unsigned little-endian integer (exact). */
const le = (e: Uint8Array, at: number, n: number): bigint => {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = v * 256n + BigInt(e[at + i] as number);
  return v;
};
const coinOf = (c: { height: number; coinbase: boolean; value: bigint }, script: Uint8Array) => ({
  output: { value: c.value, scriptPubKey: script },
  height: c.height,
  isCoinbase: c.coinbase,
});
const coinFields = () => record({ height: int(0, 2 ** 31 - 1), coinbase: bool(), value: big(0n, 2100000000000000n) });
const outpoint = () => record({ txid: bytes(32), vout: int(0, 2 ** 32 - 1) });

export const coinSerializationIsCore = proof("a coin serializes as Core's TxOutSer", {
  fn: serializeCoin,
  spec: '§8.2',
  statement:
    "For any outpoint (32-byte txid, vout in [0, 2^32 - 1]), height in [0, 2^31 - 1], coinbase flag, amount in [0, 21,000,000 BTC] and a 25-byte script s: the serialization is 74 bytes: the txid at 0..31, vout little-endian at 32..35, height·2 + coinbase little-endian at 36..39 (below 2^32: never wrapped), the amount little-endian at 40..47, the script length 25 at 48 and the script at 49..73 (Core's TxOutSer in src/kernel/coinstats.cpp). Every field is read back from fixed offsets, so two coins with the same bytes are the same coin: MuHash and the tree leaves commit to every field.",
  inputs: { o: outpoint(), c: coinFields(), s: bytes(25) },
  ensures: ({ o, c, s }) => {
    const b = serializeCoin(o, coinOf(c, s));
    return (
      b.length === 74 &&
      equalBytes(b.slice(0, 32), o.txid) &&
      le(b, 32, 4) === BigInt(o.vout) &&
      le(b, 36, 4) === BigInt(c.height) * 2n + (c.coinbase ? 1n : 0n) &&
      le(b, 40, 8) === c.value &&
      b[48] === 25 &&
      equalBytes(b.slice(49, 74), s)
    );
  },
  covers: { 'a coinbase at the largest height': ({ c }) => c.coinbase && c.height === 2147483647 },
});

export const coinScriptLengthCompactSize = proof('a script of 253 bytes or more has a 3-byte CompactSize length', {
  fn: serializeCoin,
  spec: '§8.2',
  statement:
    'For any outpoint, coin fields as above and a 253-byte script s: the serialization is 36 + 4 + 8 + 3 + 253 = 304 bytes, the length written at 48..50 as 0xfd 0xfd 0x00 (CompactSize 253), the script from 51; an empty script has the length byte 0 and ends the serialization at 49 bytes.',
  inputs: { o: outpoint(), c: coinFields(), s: bytes(253) },
  ensures: ({ o, c, s }) => {
    const b = serializeCoin(o, coinOf(c, s));
    const empty = serializeCoin(o, coinOf(c, new Uint8Array(0)));
    return b.length === 304 && b[48] === 0xfd && b[49] === 0xfd && b[50] === 0 && equalBytes(b.slice(51, 115), s.slice(0, 64)) && equalBytes(b.slice(115, 179), s.slice(64, 128)) && equalBytes(b.slice(179, 243), s.slice(128, 192)) && equalBytes(b.slice(243, 304), s.slice(192, 253)) && empty.length === 49 && empty[48] === 0;
  },
});

export const treeKeyPerOutpoint = proof('different outpoints have different tree keys', {
  fn: utxoTreeKey,
  spec: '§8.2',
  statement:
    'Under collision resistance of SHA256: two outpoints (32-byte txids, vouts in [0, 2^32 - 1]) with the same tree key are the same outpoint, so no two coins share a leaf; the key is 32 bytes.',
  inputs: { a: outpoint(), b: outpoint() },
  requires: ({ a, b }) => equalBytes(utxoTreeKey(a), utxoTreeKey(b)),
  ensures: ({ a, b }) => equalBytes(a.txid, b.txid) && a.vout === b.vout && utxoTreeKey(a).length === 32,
  covers: { 'vout above 2^31': ({ a }) => a.vout > 2147483647 },
});
