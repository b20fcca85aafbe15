/**
 * BIP34 coinbase heights (SPEC.md §5.3): the height push a miner writes is the one validation
 * reads back. The push is built here from BIP34's own description, not with the kernel's
 * script builder: OP_0 for 0, OP_1..OP_16 (0x51..0x60) for 1..16, else a direct push of the
 * height's minimal little-endian bytes, with one more byte when the top bit of the last is set.
 */
import { bytes, nat31, proof } from '../harness/dsl.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { pushInt } from '../kernel/script/build.js';
import { readCoinbaseHeight, startsWithHeightPush } from '../kernel/validation/bip34.js';

/** CScript() << h for 0 <= h < 2^31, by BIP34's description (not the kernel's builder). */
function heightPush(h: number): Uint8Array {
  if (h === 0) return Uint8Array.of(0x00);
  if (h <= 16) return Uint8Array.of(0x50 + h);
  // Minimal script-number bytes: enough that the top bit of the last byte stays clear (positive).
  const length = h < 0x80 ? 1 : h < 0x8000 ? 2 : h < 0x800000 ? 3 : 4;
  const out = new Uint8Array(1 + length);
  out[0] = length;
  let rest = h;
  for (let i = 1; i <= length; i++) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

export const bip34HeightRoundTrip = proof('a BIP34 height push reads back as its height', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'For every height h in [0, 2^31 - 1] and any 2 bytes that follow: the scriptSig starting with CScript() << h (built here from BIP34: OP_0, OP_1..OP_16, or a direct push of the minimal little-endian bytes) is what the kernel\'s pushInt writes, satisfies the BIP34 check for h, and reading its height gives h.',
  inputs: { h: nat31(), extra: bytes(2) },
  // One case per shape of CScript() << h: OP_N, then 1..4 magnitude bytes without and with the
  // extra 0x00 byte that keeps the sign bit clear. Each case fixes the push's length and bytes' ranges.
  split: {
    on: 'h',
    cases: [
      [0, 16],
      [17, 0x7f],
      [0x80, 0xff],
      [0x100, 0x7fff],
      [0x8000, 0xffff],
      [0x10000, 0x7fffff],
      [0x800000, 0xffffff],
      [0x1000000, 2 ** 31 - 1],
    ],
  },
  ensures: ({ h, extra }) => {
    const push = heightPush(h);
    const scriptSig = concatBytes(push, extra);
    return equalBytes(pushInt(BigInt(h)), push) && startsWithHeightPush(scriptSig, h) && readCoinbaseHeight(scriptSig) === h;
  },
  covers: {
    'height 16 is OP_16': ({ h }) => h === 16,
    'height 128 needs a sign byte: 02 80 00': ({ h }) => h === 128,
  },
});

export const bip34ActivationHeight = proof('the BIP34 activation block 227931 starts its coinbase with 03 5b 7a 03', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'Mainnet block 227931 (BIP34 activation) has a coinbase scriptSig starting 03 5b 7a 03: it reads as height 227931 and passes the BIP34 check for it (also when it is exactly those 4 bytes, not when one is missing); the same bytes fail the check for 227930, and 04 5b 7a 03 00 (a non-minimal push) is not read as a height.',
  inputs: { tail: bytes(2) },
  ensures: ({ tail }) => {
    const push = Uint8Array.of(0x03, 0x5b, 0x7a, 0x03);
    const scriptSig = concatBytes(push, tail);
    const padded = Uint8Array.of(0x04, 0x5b, 0x7a, 0x03, 0x00);
    return (
      readCoinbaseHeight(scriptSig) === 227931 &&
      startsWithHeightPush(scriptSig, 227931) &&
      startsWithHeightPush(push, 227931) &&
      !startsWithHeightPush(Uint8Array.of(0x03, 0x5b, 0x7a), 227931) &&
      !startsWithHeightPush(scriptSig, 227930) &&
      readCoinbaseHeight(padded) === undefined
    );
  },
});

export const bip34ReadIsCanonical = proof('a height read from a coinbase is its canonical BIP34 push', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'For every 6-byte scriptSig prefix s: when a height h is read from s, s starts with CScript() << h, so the BIP34 check for h passes, and h is in [0, 2^31 - 1] (05 00 00 00 80 00, 2^31, is not read); non-minimal numbers, OP_PUSHDATA forms and data pushes of 0..16 are never read as heights.',
  inputs: { s: bytes(6) },
  // By the first byte (the opcode): OP_0, each direct push of 1..5 bytes, the other pushes and
  // OP_1NEGATE/OP_RESERVED, OP_1..OP_16, the rest. The cases cover all 256 values.
  split: {
    on: 's[0]',
    cases: [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 0x50],
      [0x51, 0x60],
      [0x61, 0xff],
    ],
  },
  ensures: ({ s }) => {
    const h = readCoinbaseHeight(s);
    // Heights are non-negative int32 (Core's nHeight is an int).
    return h === undefined || (h >= 0 && h <= 2147483647 && startsWithHeightPush(s, h));
  },
  covers: {
    'a 4-byte height push is read': ({ s }) => s[0] === 4 && readCoinbaseHeight(s) !== undefined,
    '04 ff ff ff 7f (2^31 - 1) is read': ({ s }) => s[0] === 4 && s[1] === 0xff && s[2] === 0xff && s[3] === 0xff && s[4] === 0x7f && readCoinbaseHeight(s) === 2147483647,
    '01 05 (5 as a data push) is not read': ({ s }) => s[0] === 1 && s[1] === 5 && readCoinbaseHeight(s) === undefined,
  },
});

export const bip34SixBytePushIsNoHeight = proof('a direct push of 6 bytes is never read as a BIP34 height', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement: 'A scriptSig starting with a direct push of 6 bytes (opcode 0x06, data complete) is not read as a height: heights take at most 5 bytes (4 for every height up to 2^31 - 1).',
  inputs: { data: bytes(6) },
  ensures: ({ data }) => readCoinbaseHeight(concatBytes(Uint8Array.of(6), data)) === undefined,
});
