/**
 * Byte layouts against literal little-endian arithmetic (issue 15: proofs that target these
 * functions): the fixed-width writers and readers of kernel/encoding/little-endian.ts (SPEC.md
 * §8.3: the commitment record's integers) and Core's UintToArith256 as hashToUint256
 * (kernel/validation/pow.ts, SPEC.md §4.3). The specs write byte i of v as floor(v / 256^i) mod
 * 256 (u32le) or a value as the sum of byte[i] · 256^i (i64le, whose digit form z3 finds
 * costly, and the readers), with the weights 1, 256, 65536, ... spelled out, never the kernel's
 * helpers. The readers have no error path: their callers check the length first, so each proof
 * states the offsets that keep the 4 or 8 bytes inside the input.
 */
import { bytes, int, int64, proof, uint32 } from '../harness/dsl.js';
import { writeBytes } from '../kernel/encoding/bytes.js';
import { writeCompactSize } from '../kernel/encoding/compact-size.js';
import { i64le, readNonNegativeI64le, readU32le, u32le, writeI64le, writeU32le } from '../kernel/encoding/little-endian.js';
import { hashToUint256 } from '../kernel/validation/pow.js';

/** 256^0 .. 256^3. */
const W32 = [1, 256, 65536, 16777216];
/** 256^0 .. 256^7 as bigints. */
const W64 = [1n, 256n, 65536n, 16777216n, 4294967296n, 1099511627776n, 281474976710656n, 72057594037927936n];

export const u32leLayout = proof('u32le writes byte i = floor(v / 256^i) mod 256 of v = n mod 2^32', {
  // A case query undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: u32le,
  spec: '§8.3',
  arithSolver: 'simplex',
  statement:
    'For every n in [-2^31, 2^32 - 1] (an int32 such as a block version, or a uint32: nLockTime, nSequence, nBits, a time, a height): u32le(n) is 4 bytes and byte i (i = 0..3) is floor(v / 256^i) mod 256 with v = n mod 2^32 (v = n + 2^32 for negative n: ToUint32, the bytes DataView setInt32 / setUint32 write; -1 is ff ff ff ff). Case split on the sign of n and at ±2^24.',
  inputs: { n: int(-(2 ** 31), 2 ** 32 - 1) },
  split: { on: 'n', cases: [[-(2 ** 31), -(2 ** 24) - 1], [-(2 ** 24), -1], [0, 2 ** 24 - 1], [2 ** 24, 2 ** 32 - 1]] },
  // Its obligations are proved here once for every n in the domain; callers check n is in it.
  contract: true,
  rlimit: 3_000_000,
  ensures: ({ n }) => {
    const b = u32le(n);
    const v = n < 0 ? n + 4294967296 : n;
    let ok = b.length === 4;
    for (let i = 0; i < 4; i++) ok = ok && b[i] === Math.floor(v / W32[i]!) % 256;
    return ok;
  },
  covers: {
    '-1 is ff ff ff ff': ({ n }) => n === -1 && u32le(n)[0] === 255 && u32le(n)[3] === 255,
    '-2^31 is 00 00 00 80': ({ n }) => n === -2147483648 && u32le(n)[0] === 0 && u32le(n)[3] === 128,
    '0x01020304 is 04 03 02 01': ({ n }) => n === 16909060 && u32le(n)[0] === 4 && u32le(n)[3] === 1,
  },
});

export const i64leLayout = proof('i64le writes the base-256 digits of the two\'s complement u, least significant first', {
  fn: i64le,
  spec: '§8.3',
  arithSolver: 'simplex',
  statement:
    'For every v in [-2^63, 2^63 - 1]: i64le(v) is 8 bytes b with sum of b[i] · 256^i (i = 0..7) = u, u = v for v >= 0 and u = v + 2^64 for v < 0 (two\'s complement, what DataView setBigInt64 writes). Each b[i] is a byte, so b[i] = floor(u / 256^i) mod 256 (base-256 digits are unique).',
  inputs: { v: int64() },
  // Its obligations are proved here once for every v in the int64 range; callers check v is in it.
  contract: true,
  rlimit: 3_000_000,
  ensures: ({ v }) => {
    const b = i64le(v);
    const u = v < 0n ? v + 18446744073709551616n : v;
    let sum = 0n;
    for (let i = 0; i < 8; i++) sum += BigInt(b[i]!) * W64[i]!;
    return b.length === 8 && sum === u;
  },
  covers: {
    '-1 is eight ff bytes': ({ v }) => v === -1n && i64le(v)[7] === 255 && i64le(v)[0] === 255,
    '-2^63 is 00 .. 00 80': ({ v }) => v === -9223372036854775808n && i64le(v)[7] === 128 && i64le(v)[0] === 0,
    '2^63 - 1 is ff .. ff 7f': ({ v }) => v === 9223372036854775807n && i64le(v)[7] === 127,
  },
});

export const readU32leValue = proof('readU32le at an offset is the sum of byte[at + i] · 256^i', {
  fn: readU32le,
  spec: '§8.3',
  statement:
    'For 12 bytes b and every offset 0 <= at <= 8 (at + 4 <= 12: the 4 bytes are there, the caller\'s check): readU32le(b, at) = b[at] + 256 b[at+1] + 65536 b[at+2] + 16777216 b[at+3], in [0, 2^32 - 1]; it indexes only inside b (an offset past 8 would read past the end: the function has no error path, its callers check the length first).',
  inputs: { b: bytes(12), at: int(0, 8) },
  ensures: ({ b, at }) => {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += b[at + i]! * W32[i]!;
    return readU32le(b, at) === sum;
  },
  covers: {
    'the last 4 bytes, ending exactly at the end': ({ b, at }) => at === 8 && b[11] === 255 && readU32le(b, at) >= 4278190080,
    'ff ff ff ff reads 2^32 - 1': ({ b, at }) => at === 3 && readU32le(b, at) === 4294967295,
  },
});

export const readNonNegativeI64leValue = proof('readNonNegativeI64le is the sum of byte[at + i] · 256^i below 2^63, else undefined', {
  fn: readNonNegativeI64le,
  spec: '§8.3',
  statement:
    'For 12 bytes b and every offset 0 <= at <= 4 (at + 8 <= 12: the 8 bytes are there, the caller\'s check): with u = sum of b[at+i] · 256^i for i = 0..7 (the bytes read unsigned), readNonNegativeI64le(b, at) = u when u < 2^63 and undefined when u >= 2^63 (the int64 read is negative: sign bit set). It indexes only inside b.',
  inputs: { b: bytes(12), at: int(0, 4) },
  ensures: ({ b, at }) => {
    let u = 0n;
    for (let i = 0; i < 8; i++) u += BigInt(b[at + i]!) * W64[i]!;
    const r = readNonNegativeI64le(b, at);
    return u < 9223372036854775808n ? r === u : r === undefined;
  },
  covers: {
    '2^63 - 1 is read': ({ b, at }) => at === 4 && readNonNegativeI64le(b, at) === 9223372036854775807n,
    '2^63 (the int64 -2^63) is undefined': ({ b, at }) => at === 0 && b[7] === 128 && b[0] === 0 && readNonNegativeI64le(b, at) === undefined,
  },
});

export const littleEndianRoundTrips = proof('readU32le reads back u32le; readNonNegativeI64le reads back i64le of a non-negative value', {
  fn: readNonNegativeI64le,
  splitEnsures: true,
  sharedContext: true,
  spec: '§8.3',
  arithSolver: 'simplex',
  statement:
    'For every n in [0, 2^32 - 1]: readU32le(u32le(n), 0) = n. For every v in [-2^63, 2^63 - 1]: readNonNegativeI64le(i64le(v), 0) = v when v >= 0 and undefined when v < 0.',
  inputs: { n: uint32(), v: int64() },
  ensures: ({ n, v }) => readU32le(u32le(n), 0) === n && readNonNegativeI64le(i64le(v), 0) === (v >= 0n ? v : undefined),
  covers: { 'zero is read back': ({ v }) => v === 0n, 'a negative value': ({ v }) => v === -1n },
});

export const hashToUint256Value = proof('hashToUint256 is the hash read little-endian: sum of byte[i] · 256^i (UintToArith256)', {
  fn: hashToUint256,
  spec: '§4.3',
  statement:
    'For every 32-byte hash h: hashToUint256(h) = sum of h[i] · 256^i for i = 0..31 (Core\'s UintToArith256: byte 0 least significant), in [0, 2^256 - 1]; and the empty byte string is 0.',
  inputs: { h: bytes(32) },
  ensures: ({ h }) => {
    let sum = 0n;
    let w = 1n;
    for (let i = 0; i < 32; i++) {
      sum += BigInt(h[i]!) * w;
      w *= 256n;
    }
    return hashToUint256(h) === sum && hashToUint256(new Uint8Array(0)) === 0n;
  },
  covers: {
    'only the last byte set: 2^248': ({ h }) => hashToUint256(h) === 452312848583266388373324160190187140051835877600158453279131187530910662656n,
    'only the first byte set: 1': ({ h }) => hashToUint256(h) === 1n,
  },
});

/** 256^0 .. 256^6 as numbers (safe integers; byte 7 of an n below 2^53 is 0). */
const W48 = [1, 256, 65536, 16777216, 4294967296, 1099511627776, 281474976710656];

export const writeCompactSizeLayout = proof("writeCompactSize writes Core's WriteCompactSize at the offset and nothing else", {
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: writeCompactSize,
  spec: '§1.1',
  arithSolver: 'simplex',
  statement:
    'For every n in [0, 2^53 - 1], into a 12-byte zero array at offset 1: n < 253 writes the byte n and returns 2; 253 <= n <= 0xffff writes fd then 2 bytes, 0x10000 <= n <= 0xffffffff writes fe then 4 bytes, larger n writes ff then 8 bytes, byte i of the payload floor(n / 256^i) mod 256 (byte 7 is 0 below 2^53), returning 1 + 3, 5 or 9; every other byte stays 0 (the caller\'s array changes only there). Case split at 252/253, 65,535/65,536 and 2^32 - 1/2^32.',
  inputs: { n: int(0, 2 ** 53 - 1) },
  split: { on: 'n', cases: [[0, 252], [253, 65535], [65536, 2 ** 32 - 1], [2 ** 32, 2 ** 53 - 1]] },
  ensures: ({ n }) => {
    const out = new Uint8Array(12);
    const end = writeCompactSize(out, 1, n);
    const prefix = n < 253 ? -1 : n <= 65535 ? 0xfd : n <= 4294967295 ? 0xfe : 0xff;
    const payload = n < 253 ? 0 : n <= 65535 ? 2 : n <= 4294967295 ? 4 : 8;
    let ok = out[0] === 0 && end === (prefix === -1 ? 2 : 2 + payload);
    if (prefix === -1) ok = ok && out[1] === n;
    else {
      ok = ok && out[1] === prefix;
      for (let i = 0; i < payload; i++) ok = ok && out[2 + i] === (i < 7 ? Math.floor(n / W48[i]!) % 256 : 0);
    }
    for (let i = end; i < 12; i++) ok = ok && out[i] === 0;
    return ok;
  },
  covers: {
    '252 is one byte': ({ n }) => n === 252,
    '253 is fd fd 00': ({ n }) => n === 253,
    '65,536 is fe 00 00 01 00': ({ n }) => n === 65536,
    '2^32 is ff then 00 00 00 00 01 00 00 00': ({ n }) => n === 4294967296,
  },
});

export const writersCompose = proof('writeU32le, writeI64le and writeBytes fill one array field after field', {
  fn: writeI64le,
  spec: '§8.3',
  arithSolver: 'simplex',
  statement:
    'For every n in [-2^31, 2^32 - 1], every int64 v and any 3 bytes b, into a 17-byte zero array: writeU32le at offset 1, then writeI64le at the offset it returns, then writeBytes at the next, return 5, 13 and 16; bytes 1..4 are floor(u / 256^i) mod 256 of u = n mod 2^32, bytes 5..12 sum (byte · 256^i) to v mod 2^64 (the two\'s complement), bytes 13..15 are b, and bytes 0 and 16 stay 0.',
  inputs: { n: int(-(2 ** 31), 2 ** 32 - 1), v: int64(), b: bytes(3) },
  ensures: ({ n, v, b }) => {
    const out = new Uint8Array(17);
    const a1 = writeU32le(out, 1, n);
    const a2 = writeI64le(out, a1, v);
    const a3 = writeBytes(out, a2, b);
    const u = n < 0 ? n + 4294967296 : n;
    const w = v < 0n ? v + 18446744073709551616n : v;
    let ok = a1 === 5 && a2 === 13 && a3 === 16 && out[0] === 0 && out[16] === 0;
    for (let i = 0; i < 4; i++) ok = ok && out[1 + i] === Math.floor(u / W32[i]!) % 256;
    let sum = 0n;
    for (let i = 0; i < 8; i++) sum += BigInt(out[5 + i]!) * W64[i]!;
    return ok && sum === w && out[13] === b[0] && out[14] === b[1] && out[15] === b[2];
  },
});
