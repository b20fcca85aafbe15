/**
 * CompactSize (SPEC.md §1.1) and BIP141 weight (SPEC.md §2.3), stated independently of the code:
 * widths by payload capacity, weight by BIP141's definition (base bytes x 4 + witness bytes).
 */
import { bytes, int, proof } from '../harness/dsl.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { compactSizeWidth, decodeCompactSize, encodeCompactSize, isCanonicalCompactSize } from '../kernel/encoding/compact-size.js';
import { vsizeOf, weightOf } from '../kernel/primitives/size.js';

const SAFE = 2 ** 53 - 1;

/** CompactSize payload widths in bytes (Core's serialize.h): none, then 2, 4 or 8 after a prefix byte. */
const PAYLOADS = [0, 2, 4, 8];

/**
 * Whether n fits a CompactSize with a `payload`-byte payload, stated by capacity, not by Core's
 * thresholds: without a payload the first byte itself holds n, and 0xfd..0xff are reserved as
 * prefixes; a 2-, 4- or 8-byte little-endian payload holds any n below 256^payload.
 */
function fits(n: number, payload: number): boolean {
  if (payload === 0) return n < 0xfd;
  if (payload === 2) return n < 256 * 256;
  if (payload === 4) return n < 256 * 256 * 256 * 256;
  return payload === 8;
}

/** The shortest payload that fits n: no shorter payload fits it. */
function isShortestFit(n: number, payload: number): boolean {
  if (!fits(n, payload)) return false;
  for (const shorter of PAYLOADS) if (shorter < payload && fits(n, shorter)) return false;
  return payload === 0 || payload === 2 || payload === 4 || payload === 8;
}

export const compactSizeWidths = proof('CompactSize width is 1 + the shortest payload that holds n', {
  fn: compactSizeWidth,
  spec: '§1.1',
  statement:
    'For 0 <= n < 2^53: compactSizeWidth(n) = 1 + p where p is the shortest of the payload sizes 0, 2, 4, 8 bytes that holds n (a payload of p bytes holds n < 256^p; without a payload the byte itself holds n < 0xfd, since 0xfd..0xff are prefixes).',
  inputs: { n: int(0, SAFE) },
  ensures: ({ n }) => isShortestFit(n, compactSizeWidth(n) - 1),
  covers: {
    '252 takes 1 byte': ({ n }) => n === 252 && compactSizeWidth(n) === 1,
    '253 takes 3 bytes': ({ n }) => n === 253 && compactSizeWidth(n) === 3,
    '65535 takes 3 bytes, 65536 takes 5': ({ n }) => (n === 65535 && compactSizeWidth(n) === 3) || (n === 65536 && compactSizeWidth(n) === 5),
    '2^32 - 1 takes 5 bytes, 2^32 takes 9': ({ n }) => (n === 4294967295 && compactSizeWidth(n) === 5) || (n === 4294967296 && compactSizeWidth(n) === 9),
  },
});

/** The prefix byte of the shortest encoding of n: n itself without a payload, else 0xfd, 0xfe, 0xff for 2, 4, 8 payload bytes. */
function shortestPrefix(n: number): number {
  for (const payload of PAYLOADS) {
    if (isShortestFit(n, payload)) return payload === 0 ? n : payload === 2 ? 0xfd : payload === 4 ? 0xfe : 0xff;
  }
  return -1;
}

export const compactSizeShortestAccepted = proof('the shortest CompactSize encoding is accepted', {
  fn: isCanonicalCompactSize,
  spec: '§1.1',
  statement: 'For 0 <= n < 2^53, the shortest encoding (its prefix byte chosen by the shortest payload that holds n, as above) is canonical.',
  inputs: { n: int(0, SAFE) },
  ensures: ({ n }) => isCanonicalCompactSize(shortestPrefix(n), n),
});

export const compactSizeNonCanonicalRejected = proof('every non-canonical CompactSize encoding is rejected', {
  fn: isCanonicalCompactSize,
  spec: '§1.1',
  statement:
    'For a prefix 0xfd (value <= 65535), 0xfe (value <= 4294967295) or 0xff, the value is accepted iff it is at least 253, 65536, 4294967296 respectively, i.e. no shorter form exists.',
  inputs: { prefix: int(253, 255), n: int(0, SAFE) },
  requires: ({ prefix, n }) => (prefix === 253 ? n <= 65535 : prefix === 254 ? n <= 4294967295 : true),
  ensures: ({ prefix, n }) => isCanonicalCompactSize(prefix, n) === (prefix === 253 ? n >= 253 : prefix === 254 ? n >= 65536 : n >= 4294967296),
  covers: {
    'a non-canonical 0xfd form exists': ({ prefix, n }) => prefix === 253 && !isCanonicalCompactSize(prefix, n),
    'a non-canonical 0xff form exists': ({ prefix, n }) => prefix === 255 && !isCanonicalCompactSize(prefix, n),
  },
});

export const singleByteAlwaysCanonical = proof('a single-byte CompactSize is always canonical', {
  fn: isCanonicalCompactSize,
  spec: '§1.1',
  statement: 'For a first byte below 0xfd (the value is the byte itself), the encoding is canonical.',
  inputs: { prefix: int(0, 252) },
  ensures: ({ prefix }) => isCanonicalCompactSize(prefix, prefix),
});

export const weightFormula = proof('weight = 4 * base size + witness bytes', {
  fn: weightOf,
  spec: '§2.3',
  statement:
    'For sizes 0 <= base <= total < 2^32: weight = base * 4 + (total - base), BIP141\'s definition: non-witness bytes count 4 (WITNESS_SCALE_FACTOR), witness bytes (total - base) count 1.',
  inputs: { base: int(0, 2 ** 32), total: int(0, 2 ** 32) },
  requires: ({ base, total }) => base <= total,
  ensures: ({ base, total }) => weightOf(base, total) === base * 4 + (total - base),
  covers: { 'a legacy transaction: total = base, weight = 4 * base': ({ base, total }) => base === total && base > 0 },
});

export const vsizeCeil = proof('vsize = ceil(weight / 4)', {
  fn: vsizeOf,
  spec: '§2.3',
  statement: 'For 0 <= w < 2^50: v = vsize(w) satisfies 4v - 4 < w <= 4v, i.e. v = ceil(w / 4).',
  inputs: { w: int(0, 2 ** 50) },
  ensures: ({ w }) => vsizeOf(w) * 4 >= w && vsizeOf(w) * 4 - 4 < w,
});

export const blockWithinWeightWithinSize = proof('a block within the weight limit is within 4,000,000 bytes', {
  fn: weightOf,
  spec: '§2.3',
  statement:
    'For sizes 0 <= base <= total: weight(base, total) <= 4,000,000 implies total <= 4,000,000 bytes and base <= 1,000,000 bytes.',
  inputs: { base: int(0, 2 ** 32), total: int(0, 2 ** 32) },
  requires: ({ base, total }) => base <= total && weightOf(base, total) <= 4000000,
  ensures: ({ base, total }) => total <= 4000000 && base <= 1000000,
  covers: { 'a full 1 MB legacy block': ({ base, total }) => base === 1000000 && total === 1000000 },
});

/** Whether `e` is exactly the first e.length bytes of `b`. */
function isPrefixOf(e: Uint8Array, b: Uint8Array): boolean {
  if (e.length > b.length) return false;
  for (let i = 0; i < e.length; i++) if (e[i] !== b[i]) return false;
  return true;
}

export const compactSizeRoundTrip = proof('CompactSize bytes round-trip: ReadCompactSize(WriteCompactSize(n)) = n', {
  fn: decodeCompactSize,
  spec: '§1.1',
  statement:
    'For 0 <= n <= 0x02000000 (MAX_SIZE): the bytes WriteCompactSize emits are n itself below 253, else 0xfd, 0xfe then n little-endian in 2 or 4 bytes; ReadCompactSize reads them back as n.',
  inputs: { n: int(0, 0x02000000) },
  ensures: ({ n }) => {
    const e = encodeCompactSize(n);
    const r = decodeCompactSize(e, 0);
    const shape =
      n < 253
        ? e.length === 1 && e[0] === n
        : n <= 65535
          ? e.length === 3 && e[0] === 253 && e[1] === n % 256 && e[2] === Math.floor(n / 256)
          : e.length === 5 && e[0] === 254 && e[1] === n % 256 && e[2] === Math.floor(n / 256) % 256 && e[3] === Math.floor(n / 65536) % 256 && e[4] === Math.floor(n / 16777216);
    return shape && r.ok && r.value === n;
  },
  covers: {
    '252 is one byte': ({ n }) => n === 252 && encodeCompactSize(n).length === 1,
    '253 is fd fd 00': ({ n }) => n === 253 && encodeCompactSize(n)[1] === 253,
    '65536 is fe 00 00 01 00': ({ n }) => n === 65536 && encodeCompactSize(n)[3] === 1,
  },
});

export const compactSizeAboveMaxSize = proof('a CompactSize above MAX_SIZE is written but not read', {
  fn: decodeCompactSize,
  spec: '§1.1',
  statement:
    'For 0x02000000 < n < 2^53: WriteCompactSize(n) is 5 bytes (0xfe ...) below 2^32 and 9 bytes (0xff ...) from 2^32; ReadCompactSize rejects it with "ReadCompactSize(): size too large".',
  inputs: { n: int(0x02000001, 2 ** 53 - 1) },
  ensures: ({ n }) => {
    const e = encodeCompactSize(n);
    const r = decodeCompactSize(e, 0);
    const shape = n <= 4294967295 ? e.length === 5 && e[0] === 254 : e.length === 9 && e[0] === 255;
    return shape && !r.ok && r.error.code === 'ReadCompactSize(): size too large';
  },
  covers: { '2^32 takes 9 bytes': ({ n }) => n === 4294967296 && encodeCompactSize(n).length === 9 },
});

export const compactSizeOnlyCanonicalRead = proof('ReadCompactSize accepts only the encoding WriteCompactSize emits', {
  fn: decodeCompactSize,
  spec: '§1.1',
  statement:
    'For every 9 bytes b: when ReadCompactSize(b) succeeds with n, WriteCompactSize(n) is a prefix of b (so the reader consumed exactly the writer\'s bytes); every non-canonical encoding, and every one above MAX_SIZE, is rejected.',
  inputs: { b: bytes(9) },
  ensures: ({ b }) => {
    const r = decodeCompactSize(b, 0);
    return !r.ok || isPrefixOf(encodeCompactSize(r.value), b);
  },
  covers: {
    'fd fc 00 (252 in 3 bytes) is rejected': ({ b }) => b[0] === 253 && b[1] === 252 && b[2] === 0 && !decodeCompactSize(b, 0).ok,
    'fe ff ff 00 00 (65535 in 5 bytes) is rejected': ({ b }) => b[0] === 254 && b[1] === 255 && b[2] === 255 && b[3] === 0 && b[4] === 0 && !decodeCompactSize(b, 0).ok,
    'a 9-byte form is rejected': ({ b }) => b[0] === 255 && !decodeCompactSize(b, 0).ok,
    'fe 00 00 00 02 (MAX_SIZE) is read': ({ b }) => b[0] === 254 && b[1] === 0 && b[2] === 0 && b[3] === 0 && b[4] === 2 && decodeCompactSize(b, 0).ok,
  },
});

export const compactSizeReadStaysInBounds = proof('ReadCompactSize never reads past the end', {
  fn: decodeCompactSize,
  spec: '§1.1',
  statement:
    'For every 12 bytes b and every offset 0 <= at <= 12: ReadCompactSize(b, at) indexes only inside b (a translator obligation at every read), and when it succeeds the CompactSize it read, compactSizeWidth(n) bytes from at, ends within b.',
  inputs: { b: bytes(12), at: int(0, 12) },
  ensures: ({ b, at }) => {
    const r = decodeCompactSize(b, at);
    return !r.ok || at + compactSizeWidth(r.value) <= 12;
  },
  covers: {
    'a 5-byte CompactSize ending exactly at the end': ({ b, at }) => at === 7 && b[7] === 254 && decodeCompactSize(b, at).ok,
    'truncated: fe at offset 9 is end of data': ({ b, at }) => at === 9 && b[9] === 254 && !decodeCompactSize(b, at).ok,
  },
});

/**
 * b[from], ..., b[from + count - 1] read little-endian, exactly (a bigint: 8 bytes exceed 2^53).
 * Called only where those bytes exist (`?? 0`: the translator also sees the paths a split case rules out).
 */
function littleEndianAt(b: Uint8Array, from: number, count: number): bigint {
  let value = 0n;
  for (let i = count - 1; i >= 0; i--) value = value * 256n + BigInt(b[from + i] ?? 0);
  return value;
}

/** Whether `r` is the error `code` at `offset`. */
function failsWith(r: ReturnType<typeof decodeCompactSize>, code: string, offset: number): boolean {
  return !r.ok && r.error.code === code && r.error.offset === offset;
}

export const compactSizeReadExact = proof('ReadCompactSize gives exactly Core\'s value or error, whatever follows it', {
  fn: decodeCompactSize,
  spec: '§1.1',
  statement:
    'For every 12 bytes b and offset 0 <= at <= 12, with p = b[at]: nothing left is "end of data" at at; p < 253 reads p; otherwise the payload is 2, 4 or 8 bytes for p = 253, 254, 255 and fewer left after p is "end of data" at at + 1; else n is the payload little-endian and, at the end of the CompactSize, n below 253, 65536, 2^32 respectively is "non-canonical ReadCompactSize()", n above 0x02000000 (MAX_SIZE) is "ReadCompactSize(): size too large", and any other n is read. The bytes after the CompactSize never change the answer. Case split over at.',
  inputs: { b: bytes(12), at: int(0, 12) },
  split: 'at',
  ensures: ({ b, at }) => {
    const r = decodeCompactSize(b, at);
    if (at === 12) return failsWith(r, 'DataStream::read(): end of data', at);
    const p = b[at]!;
    if (p < 253) return r.ok && r.value === p;
    if (12 - at < (p === 253 ? 3 : p === 254 ? 5 : 9)) return failsWith(r, 'DataStream::read(): end of data', at + 1);
    const n = p === 253 ? littleEndianAt(b, at + 1, 2) : p === 254 ? littleEndianAt(b, at + 1, 4) : littleEndianAt(b, at + 1, 8);
    const end = at + (p === 253 ? 3 : p === 254 ? 5 : 9);
    if (n < (p === 253 ? 253n : p === 254 ? 65536n : 4294967296n)) return failsWith(r, 'non-canonical ReadCompactSize()', end);
    if (n > 33554432n) return failsWith(r, 'ReadCompactSize(): size too large', end);
    return r.ok && BigInt(r.value) === n;
  },
  covers: {
    'fd fd 00 then more bytes reads 253': ({ b, at }) => at === 0 && b[0] === 253 && b[1] === 253 && b[2] === 0 && b[3] === 1 && decodeCompactSize(b, at).ok,
    'fe 00 00 00 02 then more bytes reads MAX_SIZE': ({ b, at }) => at === 0 && b[0] === 254 && b[1] === 0 && b[2] === 0 && b[3] === 0 && b[4] === 2 && b[5] === 255 && decodeCompactSize(b, at).ok,
    'ff with only byte 5 non-zero is too large': ({ b, at }) => at === 0 && b[0] === 255 && b[1] === 0 && b[2] === 0 && b[3] === 0 && b[4] === 0 && b[5] === 1 && b[6] === 0 && b[7] === 0 && b[8] === 0,
    'ff with a zero high half is non-canonical': ({ b, at }) => at === 3 && b[3] === 255 && b[8] === 0 && b[9] === 0 && b[10] === 0 && b[11] === 0 && b[4] === 255,
    'fe at offset 8 is truncated': ({ b, at }) => at === 8 && b[8] === 254,
  },
});

export const equalBytesExact = proof('equalBytes is byte-for-byte equality, lengths included', {
  fn: equalBytes,
  spec: '§1.3',
  statement: 'For 3-byte a, b and 2-byte c: equalBytes(a, b) iff a[i] = b[i] for every i; byte strings of different lengths are never equal (c is not a prefix-equal of a, whatever its bytes).',
  inputs: { a: bytes(3), b: bytes(3), c: bytes(2) },
  ensures: ({ a, b, c }) => equalBytes(a, b) === (a[0] === b[0] && a[1] === b[1] && a[2] === b[2]) && !equalBytes(a, c) && !equalBytes(c, a),
  covers: { 'equal strings': ({ a, b }) => equalBytes(a, b), 'c equals the start of a': ({ a, c }) => a[0] === c[0] && a[1] === c[1] },
});
