/**
 * Coins as the UTXO commitments serialize them (SPEC.md §8.2, kernel/commitments/coin.ts): Core's
 * TxOutSer byte for byte (txid, u32 vout, u32 height·2 + coinbase, i64 amount, CompactSize script
 * length, script), written out here with literal offsets, so every field is read back from the
 * bytes (one coin's bytes never read as another's), and the tree key (SHA256 of the
 * outpoint, assumed collision resistant) is different for different outpoints.
 */
import { big, bool, bytes, int, int64, proof, record } from '../harness/dsl.js';
import { serializeCoin, serializeCoinBody, serializeOutPoint, utxoTreeKey } from '../kernel/commitments/coin.js';
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
  arithSolver: 'simplex',
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
  arithSolver: 'simplex',
  statement:
    'Under collision resistance of SHA256: two outpoints (32-byte txids, vouts in [0, 2^32 - 1]) with the same tree key are the same outpoint, so no two coins share a leaf; the key is 32 bytes.',
  inputs: { a: outpoint(), b: outpoint() },
  requires: ({ a, b }) => equalBytes(utxoTreeKey(a), utxoTreeKey(b)),
  ensures: ({ a, b }) => equalBytes(a.txid, b.txid) && a.vout === b.vout && utxoTreeKey(a).length === 32,
  covers: { 'vout above 2^31': ({ a }) => a.vout > 2147483647 },
});

export const outPointSerializationIsCore = proof("an outpoint serializes as Core's COutPoint: txid, then the index as 4 little-endian bytes", {
  fn: serializeOutPoint,
  spec: '§8.2',
  arithSolver: 'simplex',
  statement:
    "For any 32-byte txid and index n in [0, 2^32 - 1]: serializeOutPoint is 36 bytes, the txid as stored (hash order, not reversed) at 0..31, then n mod 256, floor(n / 2^8) mod 256, floor(n / 2^16) mod 256 and floor(n / 2^24) at 32..35 (Core's COutPoint serialization: uint256 hash, uint32_t n little-endian).",
  inputs: { o: outpoint() },
  ensures: ({ o }) => {
    const b = serializeOutPoint(o);
    return (
      b.length === 36 &&
      equalBytes(b.slice(0, 32), o.txid) &&
      b[32] === o.vout % 256 &&
      b[33] === Math.floor(o.vout / 256) % 256 &&
      b[34] === Math.floor(o.vout / 65536) % 256 &&
      b[35] === Math.floor(o.vout / 16777216)
    );
  },
  covers: { 'an index with all four bytes set': ({ o }) => o.vout % 256 !== 0 && o.vout >= 16777216 },
});

export const coinBodySerializationIsCore = proof("a coin's body serializes as Core's TxOutSer after the outpoint", {
  fn: serializeCoinBody,
  splitEnsures: true,
  sharedContext: true,
  spec: '§8.2',
  arithSolver: 'simplex',
  statement:
    "For any height h in [0, 2^31 - 1], coinbase flag f, amount v in the whole int64 range [-2^63, 2^63 - 1] and a 25-byte script s: serializeCoinBody is 38 bytes: h·2 + f (f as 0 or 1; below 2^32, never wrapped) as 4 little-endian bytes at 0..3, v as 8 little-endian bytes of its two's complement (v mod 2^64) at 4..11, the CompactSize script length 25 at 12 and the script at 13..37 (Core's TxOutSer in src/kernel/coinstats.cpp after the outpoint: uint32_t nHeight·2 + fCoinBase, then the CTxOut: int64 nValue, the script with its CompactSize length).",
  inputs: { c: record({ height: int(0, 2 ** 31 - 1), coinbase: bool(), value: int64() }), s: bytes(25) },
  ensures: ({ c, s }) => {
    const b = serializeCoinBody(coinOf(c, s));
    return (
      b.length === 38 &&
      le(b, 0, 4) === BigInt(c.height) * 2n + (c.coinbase ? 1n : 0n) &&
      le(b, 4, 8) === (c.value + 18446744073709551616n) % 18446744073709551616n &&
      b[12] === 25 &&
      equalBytes(b.slice(13, 38), s)
    );
  },
  covers: {
    'a negative amount': ({ c }) => c.value < 0n,
    'a coinbase at the largest height': ({ c }) => c.coinbase && c.height === 2147483647,
  },
});

export const coinBodyScriptLengths = proof("a coin body's script length is Core's CompactSize: one byte up to 252, 0xfd and 2 bytes from 253", {
  fn: serializeCoinBody,
  spec: '§8.2',
  statement:
    'For any height in [0, 2^31 - 1], coinbase flag and amount in [0, 21,000,000 BTC]: with an empty script the body is 13 bytes and ends with the length byte 0 at 12; with a 252-byte script s it is 12 + 1 + 252 = 265 bytes, 0xfc at 12 and s at 13..264; with a 253-byte script t it is 12 + 3 + 253 = 268 bytes, 0xfd 0xfd 0x00 at 12..14 and t at 15..267 (the scripts\' first and last 32 bytes compared; the layout of the rest is the same concatenation).',
  inputs: { c: coinFields(), s: bytes(252), t: bytes(253) },
  ensures: ({ c, s, t }) => {
    const empty = serializeCoinBody(coinOf(c, new Uint8Array(0)));
    const b = serializeCoinBody(coinOf(c, s));
    const d = serializeCoinBody(coinOf(c, t));
    return (
      empty.length === 13 &&
      empty[12] === 0 &&
      b.length === 265 &&
      b[12] === 0xfc &&
      equalBytes(b.slice(13, 45), s.slice(0, 32)) &&
      equalBytes(b.slice(233, 265), s.slice(220, 252)) &&
      d.length === 268 &&
      d[12] === 0xfd &&
      d[13] === 0xfd &&
      d[14] === 0 &&
      equalBytes(d.slice(15, 47), t.slice(0, 32)) &&
      equalBytes(d.slice(236, 268), t.slice(221, 253))
    );
  },
});
