/**
 * Script numbers (SPEC.md §3.2): Core's CScriptNum decoding with fRequireMinimal and the 4-byte
 * limit, over every byte string of each length 1-4 (and 5 for the limit).
 */
import { big, bool, bytes, proof } from '../harness/dsl.js';
import { decodeScriptNum, encodeScriptNum, scriptNumToInt } from '../kernel/script/number.js';

/** |v| when `r` decoded, else -1. */
function magnitude(r: { readonly ok: boolean; readonly value?: bigint }): bigint {
  if (!r.ok || r.value === undefined) return -1n;
  return r.value < 0n ? -r.value : r.value;
}

export const scriptNum1 = proof('a minimal 1-byte script number is in [-127, 127] and non-zero', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement: 'Every 1-byte string that decodes under fRequireMinimal has 1 <= |v| <= 127 (0 is the empty string, 0x80 is rejected).',
  inputs: { b: bytes(1) },
  ensures: ({ b }) => {
    const m = magnitude(decodeScriptNum(b, true, 4));
    return m === -1n || (m >= 1n && m <= 127n);
  },
  covers: { '0x80 (negative zero) is rejected': ({ b }) => b[0] === 128 && !decodeScriptNum(b, true, 4).ok },
});

export const scriptNum2 = proof('a minimal 2-byte script number needs 2 bytes', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement: 'Every 2-byte string that decodes under fRequireMinimal has 128 <= |v| <= 32767: no shorter encoding exists and it fits 2 bytes.',
  inputs: { b: bytes(2) },
  ensures: ({ b }) => {
    const m = magnitude(decodeScriptNum(b, true, 4));
    return m === -1n || (m >= 128n && m <= 32767n);
  },
  covers: { '-128 is 0x80 0x80': ({ b }) => b[0] === 128 && b[1] === 128 && decodeScriptNum(b, true, 4).ok },
});

export const scriptNum3 = proof('a minimal 3-byte script number needs 3 bytes', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement: 'Every 3-byte string that decodes under fRequireMinimal has 32768 <= |v| <= 8388607.',
  inputs: { b: bytes(3) },
  ensures: ({ b }) => {
    const m = magnitude(decodeScriptNum(b, true, 4));
    return m === -1n || (m >= 32768n && m <= 8388607n);
  },
});

export const scriptNum4 = proof('a minimal 4-byte script number needs 4 bytes and fits int32', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement: 'Every 4-byte string that decodes under fRequireMinimal has 8388608 <= |v| <= 2147483647 = 2^31 - 1.',
  inputs: { b: bytes(4) },
  ensures: ({ b }) => {
    const m = magnitude(decodeScriptNum(b, true, 4));
    return m === -1n || (m >= 8388608n && m <= 2147483647n);
  },
  covers: { 'int32 max decodes': ({ b }) => decodeScriptNum(b, true, 4).ok && magnitude(decodeScriptNum(b, true, 4)) === 2147483647n },
});

export const scriptNumInjective = proof('minimal 4-byte script numbers decode injectively', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement:
    'Two different 4-byte strings never decode (minimally) to the same value; with the length ranges above, decoding is one-to-one on all minimal encodings of at most 4 bytes, so encode(decode(b)) = b.',
  inputs: { a: bytes(4), b: bytes(4) },
  requires: ({ a, b }) => a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3],
  ensures: ({ a, b }) => {
    const x = decodeScriptNum(a, true, 4);
    const y = decodeScriptNum(b, true, 4);
    return !x.ok || !y.ok || x.value !== y.value;
  },
});

export const scriptNumNonMinimal = proof('non-minimal script numbers are rejected', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement:
    'A 3-byte string whose last byte is 0x00 or 0x80 and whose middle byte has its top bit clear is rejected as non-minimally encoded; without fRequireMinimal it decodes.',
  inputs: { b: bytes(3) },
  requires: ({ b }) => (b[2] === 0 || b[2] === 128) && b[1] < 128,
  ensures: ({ b }) => {
    const r = decodeScriptNum(b, true, 4);
    return !r.ok && r.error === 'non-minimally encoded script number' && decodeScriptNum(b, false, 4).ok;
  },
});

export const scriptNumOverflow = proof('a 5-byte script number overflows the 4-byte limit', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement: 'Every 5-byte string is rejected with "script number overflow" when nMaxNumSize = 4, and accepted with nMaxNumSize = 5 unless non-minimal.',
  inputs: { b: bytes(5) },
  ensures: ({ b }) => {
    const r = decodeScriptNum(b, false, 4);
    return !r.ok && r.error === 'script number overflow' && decodeScriptNum(b, false, 5).ok;
  },
});

/** CScriptNum::serialize(v) has `length` bytes and decodes back to v, minimally, with nMaxNumSize `maxSize`. */
function roundTrips(v: bigint, length: number, maxSize: number): boolean {
  const e = encodeScriptNum(v);
  const r = decodeScriptNum(e, true, maxSize);
  return e.length === length && r.ok && r.value === v;
}

export const scriptNumRoundTrip1 = proof('script numbers up to 127 round-trip in at most 1 byte', {
  fn: encodeScriptNum,
  spec: '§3.2',
  statement: 'For every v with |v| <= 127: serialize(v) is empty for 0 and 1 byte otherwise, and decodes back to v under fRequireMinimal.',
  inputs: { m: big(0n, 127n), negative: bool() },
  ensures: ({ m, negative }) => roundTrips(negative ? -m : m, m === 0n ? 0 : 1, 4),
  covers: { '-127 is 0xff': ({ m, negative }) => negative && m === 127n && encodeScriptNum(-127n)[0] === 255 },
});

export const scriptNumRoundTrip2 = proof('script numbers 128..32767 round-trip in 2 bytes', {
  fn: encodeScriptNum,
  spec: '§3.2',
  statement: 'For every v with 128 <= |v| <= 32767: serialize(v) has 2 bytes and decodes back to v under fRequireMinimal.',
  inputs: { m: big(128n, 32767n), negative: bool() },
  ensures: ({ m, negative }) => roundTrips(negative ? -m : m, 2, 4),
  covers: { '-128 takes a sign byte: 0x80 0x80': ({ m, negative }) => negative && m === 128n && encodeScriptNum(-128n)[1] === 128 },
});

export const scriptNumRoundTrip3 = proof('script numbers 32768..8388607 round-trip in 3 bytes', {
  fn: encodeScriptNum,
  spec: '§3.2',
  statement: 'For every v with 32768 <= |v| <= 8388607: serialize(v) has 3 bytes and decodes back to v under fRequireMinimal.',
  inputs: { m: big(32768n, 8388607n), negative: bool() },
  ensures: ({ m, negative }) => roundTrips(negative ? -m : m, 3, 4),
});

export const scriptNumRoundTrip4 = proof('script numbers 8388608..2^31-1 round-trip in 4 bytes', {
  fn: encodeScriptNum,
  spec: '§3.2',
  statement:
    'For every v with 8388608 <= |v| <= 2147483647: serialize(v) has 4 bytes and decodes back to v under fRequireMinimal with nMaxNumSize = 4. With the three proofs above: every int32 but -2^31 round-trips within 4 bytes.',
  inputs: { m: big(8388608n, 2147483647n), negative: bool() },
  ensures: ({ m, negative }) => roundTrips(negative ? -m : m, 4, 4),
  covers: { '2^31 - 1 is ff ff ff 7f': ({ m, negative }) => !negative && m === 2147483647n && encodeScriptNum(m)[3] === 127 },
});

export const scriptNumRoundTrip5 = proof('script numbers 2^31..2^39-1 take 5 bytes: CLTV/CSV operands only', {
  fn: encodeScriptNum,
  spec: '§3.2',
  statement:
    'For every v with 2147483648 <= |v| <= 2^39 - 1 (sums of two 4-byte operands land here): serialize(v) has 5 bytes, decodes back to v with nMaxNumSize = 5 (CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY) and overflows the default 4.',
  inputs: { m: big(2147483648n, 2n ** 39n - 1n), negative: bool() },
  ensures: ({ m, negative }) => {
    const v = negative ? -m : m;
    const r = decodeScriptNum(encodeScriptNum(v), true, 4);
    return roundTrips(v, 5, 5) && !r.ok && r.error === 'script number overflow';
  },
});

export const scriptNumEmpty = proof('the empty script number is 0, and minimal', {
  fn: decodeScriptNum,
  spec: '§3.2',
  statement: 'The empty byte string (what OP_0 pushes) decodes to 0 under fRequireMinimal, with nMaxNumSize 4 or 0; serialize(0) is empty.',
  inputs: { empty: bytes(0) },
  ensures: ({ empty }) => {
    const r = decodeScriptNum(empty, true, 4);
    const z = decodeScriptNum(empty, true, 0);
    return r.ok && r.value === 0n && z.ok && z.value === 0n && encodeScriptNum(0n).length === 0;
  },
});

export const scriptNumGetint = proof('CScriptNum::getint clamps to the int range', {
  fn: scriptNumToInt,
  spec: '§3.2',
  statement:
    'For every value v with |v| <= 2^64: getint(v) is 2147483647 when v > 2147483647, -2147483648 when v < -2147483648, else v itself (a 5-byte CLTV/CSV operand such as 2^39 - 1 is clamped).',
  inputs: { v: big(-(2n ** 64n), 2n ** 64n) },
  ensures: ({ v }) => {
    const n = scriptNumToInt(v);
    if (v > 2147483647n) return n === 2147483647;
    if (v < -2147483648n) return n === -2147483648;
    return BigInt(n) === v;
  },
  covers: {
    'the top of the int range is kept': ({ v }) => v === 2147483647n,
    'one past it is clamped': ({ v }) => v === 2147483648n,
    'the bottom is kept': ({ v }) => v === -2147483648n,
    'one below it is clamped': ({ v }) => v === -2147483649n,
  },
});
