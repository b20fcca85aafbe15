/** BIP34 coinbase heights (SPEC.md §5.3): the height push a miner writes is the one validation reads back. */
import { bytes, nat31, proof } from '../harness/dsl.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { pushInt } from '../kernel/script/build.js';
import { readCoinbaseHeight, startsWithHeightPush } from '../kernel/validation/bip34.js';

export const bip34HeightRoundTrip = proof('a BIP34 height push reads back as its height', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'For every height h in [0, 2^31 - 1] and any 2 bytes that follow: a coinbase scriptSig starting with CScript() << h (OP_0, OP_1..OP_16, or the minimal script-number push) satisfies the BIP34 check for h, and reading its height gives h.',
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
    const scriptSig = concatBytes(pushInt(BigInt(h)), extra);
    return startsWithHeightPush(scriptSig, h) && readCoinbaseHeight(scriptSig) === h;
  },
  covers: {
    'height 16 is OP_16': ({ h }) => h === 16,
    'height 227931 (BIP34 activation) is 03 5b 7a 03': ({ h }) => h === 227931,
  },
});

export const bip34ReadIsCanonical = proof('a height read from a coinbase is its canonical BIP34 push', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'For every 6-byte scriptSig prefix s: when a height h is read from s, s starts with CScript() << h, so the BIP34 check for h passes; non-minimal numbers, OP_PUSHDATA forms and data pushes of 0..16 are never read as heights.',
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
    return h === undefined || startsWithHeightPush(s, h);
  },
  covers: {
    'a 4-byte height push is read': ({ s }) => s[0] === 4 && readCoinbaseHeight(s) !== undefined,
    '01 05 (5 as a data push) is not read': ({ s }) => s[0] === 1 && s[1] === 5 && readCoinbaseHeight(s) === undefined,
  },
});
