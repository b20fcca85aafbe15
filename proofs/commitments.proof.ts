/**
 * The UTXO commitment record (SPEC.md §8.3, kernel/commitments/commitment.ts): its fixed
 * 117-byte encoding at the offsets SPEC.md gives (written out here as literals), the round trip
 * (encode, then decode), the decoder's refusals, and the digest binding every field: two records in range
 * with the same digest are the same record. The digest is the tagged SHA256 `bllvm/utxo-commitment`,
 * an uninterpreted function assumed collision resistant (CI.md, "Axioms").
 */
import { big, bytes, int, nat31, proof, record } from '../harness/dsl.js';
import { commitmentDigest, decodeCommitment, encodeCommitment } from '../kernel/commitments/commitment.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import type { Result } from '../kernel/result.js';

/** A result's value, or undefined for an error (so the proof can narrow it as a local). */
const okValue = <T, E>(r: Result<T, E>): T | undefined => (r.ok ? r.value : undefined);

const MAX_I64 = 9223372036854775807n;
/** A record every field of which the encoding can carry. */
const commitment = () =>
  record({ height: nat31(), blockHash: bytes(32), root: bytes(32), utxoCount: big(0n, MAX_I64), totalAmount: big(0n, MAX_I64), muhash: bytes(32) });

/** Bytes [at, at + 8) read as an unsigned little-endian integer (exact). */
const le64 = (e: Uint8Array, at: number): bigint => {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = v * 256n + BigInt(e[at + i] as number);
  return v;
};
/** Whether bytes [at, at + 32) of e are h. */
const at32 = (e: Uint8Array, at: number, h: Uint8Array): boolean => equalBytes(e.slice(at, at + 32), h);

export const commitmentLayout = proof('the commitment record is encoded at the fixed offsets, and decodes back to itself', {
  fn: encodeCommitment,
  spec: '§8.3',
  arithSolver: 'simplex',
  statement:
    'For a record with height in [0, 2^31 - 1], count and amount in [0, 2^63 - 1] and 32-byte hashes: the encoding has 117 bytes: 1 (version) at 0, the height little-endian at 1..4, the block hash at 5..36, the root at 37..68, the count at 69..76 and the amount at 77..84 little-endian, the MuHash at 85..116; decoding it gives the same record, field by field.',
  inputs: { c: commitment() },
  ensures: ({ c }) => {
    const b = okValue(encodeCommitment(c));
    if (b === undefined) return false;
    const d = okValue(decodeCommitment(b));
    if (d === undefined) return false;
    return (
      b.length === 117 &&
      b[0] === 1 &&
      (b[1] as number) + 256 * (b[2] as number) + 65536 * (b[3] as number) + 16777216 * (b[4] as number) === c.height &&
      at32(b, 5, c.blockHash) &&
      at32(b, 37, c.root) &&
      le64(b, 69) === c.utxoCount &&
      le64(b, 77) === c.totalAmount &&
      at32(b, 85, c.muhash) &&
      d.height === c.height &&
      equalBytes(d.blockHash, c.blockHash) &&
      equalBytes(d.root, c.root) &&
      d.utxoCount === c.utxoCount &&
      d.totalAmount === c.totalAmount &&
      equalBytes(d.muhash, c.muhash)
    );
  },
});

export const commitmentDecodeErrors = proof('the decoder names the field of each fault', {
  fn: decodeCommitment,
  spec: '§8.3',
  statement:
    "For any 116, 117 and 118 bytes: a length other than 117 is 'wrong length' (field length, offset min(length, 117)); a first byte other than 1 is 'unknown version' at 0; then a height of 2^31 or more is 'out of range' at 1, a negative count at 69, a negative amount at 77, in that order.",
  inputs: { short: bytes(116), b: bytes(117), long: bytes(118) },
  ensures: ({ short, b, long }) => {
    const s = decodeCommitment(short);
    const l = decodeCommitment(long);
    const d = decodeCommitment(b);
    const lengthsOk = !s.ok && s.error.code === 'wrong length' && s.error.offset === 116 && !l.ok && l.error.code === 'wrong length' && l.error.offset === 117;
    if (b[0] !== 1) return lengthsOk && !d.ok && d.error.code === 'unknown version' && d.error.offset === 0;
    if ((b[4] as number) >= 0x80) return lengthsOk && !d.ok && d.error.field === 'height' && d.error.offset === 1;
    if ((b[76] as number) >= 0x80) return lengthsOk && !d.ok && d.error.field === 'utxoCount' && d.error.offset === 69;
    if ((b[84] as number) >= 0x80) return lengthsOk && !d.ok && d.error.field === 'totalAmount' && d.error.offset === 77;
    return lengthsOk && d.ok;
  },
  covers: { 'a negative amount': ({ b }) => b[0] === 1 && (b[4] as number) < 0x80 && (b[76] as number) < 0x80 && (b[84] as number) >= 0x80 },
});

export const commitmentDigestBinds = proof('equal commitment digests mean equal encodings, hence equal records', {
  fn: commitmentDigest,
  spec: '§8.3',
  statement:
    'Under collision resistance of the tagged SHA256 bllvm/utxo-commitment: two records in range (height < 2^31, count and amount in [0, 2^63 - 1], 32-byte hashes) with the same digest have the same 117-byte encoding, so the same block hash, root and MuHash; and since every record in range decodes back from its encoding (the layout proof above), the same height, count and amount: peers that agree on a digest agree on all of it, and the digest changes when any field does.',
  inputs: { x: commitment(), y: commitment() },
  requires: ({ x, y }) => {
    const dx = okValue(commitmentDigest(x));
    const dy = okValue(commitmentDigest(y));
    return dx !== undefined && dy !== undefined && equalBytes(dx, dy);
  },
  ensures: ({ x, y }) => {
    const ex = okValue(encodeCommitment(x));
    const ey = okValue(encodeCommitment(y));
    if (ex === undefined || ey === undefined) return false;
    return (
      equalBytes(ex.slice(0, 59), ey.slice(0, 59)) &&
      equalBytes(ex.slice(59, 117), ey.slice(59, 117)) &&
      equalBytes(x.blockHash, y.blockHash) &&
      equalBytes(x.root, y.root) &&
      equalBytes(x.muhash, y.muhash)
    );
  },
  covers: { 'records with a large count': ({ x }) => x.utxoCount > 4294967295n },
});

export const commitmentOutOfRange = proof('a record the encoding cannot carry is refused, not wrapped', {
  fn: encodeCommitment,
  spec: '§8.3',
  statement:
    "For a height in [-2^31, 2^32] and a count and amount in [-2^64, 2^64] (32-byte hashes): encodeCommitment refuses ('out of range') exactly the records with a height outside [0, 2^31 - 1] or a count or amount outside [0, 2^63 - 1], so no value is silently truncated to 32 or 64 bits.",
  inputs: { h: int(-(2 ** 31), 2 ** 32), hash: bytes(32), count: big(-(2n ** 64n), 2n ** 64n), amount: big(-(2n ** 64n), 2n ** 64n) },
  ensures: ({ h, hash, count, amount }) => {
    const e = encodeCommitment({ height: h, blockHash: hash, root: hash, utxoCount: count, totalAmount: amount, muhash: hash });
    const inRange = h >= 0 && h <= 2147483647 && count >= 0n && count <= MAX_I64 && amount >= 0n && amount <= MAX_I64;
    if (e.ok) return inRange;
    return !inRange && e.error.code === 'out of range';
  },
  covers: { 'a count of 2^63': ({ count }) => count === 9223372036854775808n, 'a height of 2^31': ({ h }) => h === 2147483648 },
});

export const commitmentHashLengths = proof('a block hash, root or MuHash of 31 or 33 bytes is refused, naming its field and offset', {
  fn: encodeCommitment,
  spec: '§8.3',
  statement:
    "For a height in [0, 2^31 - 1], a count and an amount in [0, 2^63 - 1] and 33 bytes b: with every hash 32 bytes (b's first 32) the record encodes; with exactly one of blockHash, root and muhash 31 or 33 bytes long (b's first 31, or b) encodeCommitment refuses it as 'out of range', naming that field and its offset in the 117-byte record (blockHash 5, root 37, muhash 85), instead of writing a record of another length.",
  inputs: { h: nat31(), b: bytes(33), count: big(0n, MAX_I64), amount: big(0n, MAX_I64) },
  ensures: ({ h, b, count, amount }) => {
    const hash = (n: number): Uint8Array => b.subarray(0, n);
    const encode = (blockHash: Uint8Array, root: Uint8Array, muhash: Uint8Array) => encodeCommitment({ height: h, blockHash, root, utxoCount: count, totalAmount: amount, muhash });
    const refused = (r: ReturnType<typeof encodeCommitment>, field: string, offset: number): boolean => !r.ok && r.error.code === 'out of range' && r.error.field === field && r.error.offset === offset;
    return (
      encode(hash(32), hash(32), hash(32)).ok &&
      refused(encode(hash(31), hash(32), hash(32)), 'blockHash', 5) &&
      refused(encode(hash(33), hash(32), hash(32)), 'blockHash', 5) &&
      refused(encode(hash(32), hash(31), hash(32)), 'root', 37) &&
      refused(encode(hash(32), hash(33), hash(32)), 'root', 37) &&
      refused(encode(hash(32), hash(32), hash(31)), 'muhash', 85) &&
      refused(encode(hash(32), hash(32), hash(33)), 'muhash', 85)
    );
  },
});
