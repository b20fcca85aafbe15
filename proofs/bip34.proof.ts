/** BIP34 coinbase heights (SPEC.md §5.3): the height push a miner writes is the one validation reads back. */
import { bytes, int, proof } from '../harness/dsl.js';
import type { Domain } from '../harness/dsl.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { pushInt } from '../kernel/script/build.js';
import { readCoinbaseHeight, startsWithHeightPush } from '../kernel/validation/bip34.js';

/** Heights by push: OP_0..OP_16, then minimal script numbers of 1, 2, 3 and 4 bytes. */
const HEIGHTS_BY_PUSH_LENGTH: Domain = {
  kind: 'tuple',
  items: [int(0, 16), int(17, 127), int(128, 32767), int(32768, 8388607), int(8388608, 2 ** 31 - 1)],
};

export const bip34HeightRoundTrip = proof('a BIP34 height push reads back as its height', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'For every height h in [0, 2^31 - 1] and any 2 bytes that follow: a coinbase scriptSig starting with CScript() << h (OP_0, OP_1..OP_16, or the minimal script-number push) satisfies the BIP34 check for h, and reading its height gives h.',
  // h is heights[c]: one input per push length (OP_N; 1, 2, 3, 4 bytes), proved as 5 cases.
  inputs: { c: int(0, 4), heights: HEIGHTS_BY_PUSH_LENGTH, extra: bytes(2) },
  split: 'c',
  ensures: ({ c, heights, extra }) => {
    const h: number = heights[c];
    const scriptSig = concatBytes(pushInt(BigInt(h)), extra);
    return startsWithHeightPush(scriptSig, h) && readCoinbaseHeight(scriptSig) === h;
  },
  covers: {
    'height 16 is OP_16': ({ c, heights }) => c === 0 && heights[0] === 16,
    'height 227931 (BIP34 activation) is 03 5b 7a 03': ({ c, heights }) => c === 3 && heights[3] === 227931,
  },
});

export const bip34ReadIsCanonical = proof('a height read from a coinbase is its canonical BIP34 push', {
  fn: readCoinbaseHeight,
  spec: '§5.3',
  statement:
    'For every 6-byte scriptSig prefix s: when a height h is read from s, s starts with CScript() << h, so the BIP34 check for h passes; non-minimal numbers, OP_PUSHDATA forms and data pushes of 0..16 are never read as heights.',
  inputs: { s: bytes(6) },
  ensures: ({ s }) => {
    const h = readCoinbaseHeight(s);
    return h === undefined || startsWithHeightPush(s, h);
  },
  covers: {
    'a 4-byte height push is read': ({ s }) => s[0] === 4 && readCoinbaseHeight(s) !== undefined,
    '01 05 (5 as a data push) is not read': ({ s }) => s[0] === 1 && s[1] === 5 && readCoinbaseHeight(s) === undefined,
  },
});
