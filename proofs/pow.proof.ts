/** Compact targets (SPEC.md §4.3): Core's SetCompact flags and DeriveTarget, with literal values. */
import { proof, uint32 } from '../harness/dsl.js';
import { decodeCompact, deriveTarget } from '../kernel/validation/pow.js';

const POW_LIMIT = 2n ** 224n - 1n;

export const compactNegativeFlag = proof('compact negative flag is exact', {
  fn: decodeCompact,
  spec: '§4.3',
  statement:
    'For every uint32 nBits with size s = nBits / 2^24: negative iff bit 23 is set and the mantissa nBits % 2^23, divided by 256^(3 - s) when s <= 3, is non-zero (Core tests the shifted word).',
  inputs: { bits: uint32() },
  ensures: ({ bits }) => {
    const s = Math.floor(bits / 16777216);
    const w = bits % 8388608;
    const shifted = s === 0 ? Math.floor(w / 16777216) : s === 1 ? Math.floor(w / 65536) : s === 2 ? Math.floor(w / 256) : w;
    return decodeCompact(bits).negative === (shifted !== 0 && Math.floor(bits / 8388608) % 2 === 1);
  },
});

export const compactOverflowFlag = proof('compact overflow flag is exact', {
  fn: decodeCompact,
  spec: '§4.3',
  statement:
    'For every uint32 nBits with size s = nBits / 2^24 and mantissa w = nBits % 2^23 (shifted down when s <= 3): overflow iff w != 0 and (s > 34 or (w > 0xff and s > 33) or (w > 0xffff and s > 32)).',
  inputs: { bits: uint32() },
  ensures: ({ bits }) => {
    const s = Math.floor(bits / 16777216);
    const m = bits % 8388608;
    const w = s === 0 ? Math.floor(m / 16777216) : s === 1 ? Math.floor(m / 65536) : s === 2 ? Math.floor(m / 256) : m;
    return decodeCompact(bits).overflow === (w !== 0 && (s > 34 || (w > 255 && s > 33) || (w > 65535 && s > 32)));
  },
});

export const deriveTargetBounded = proof('a derived target is positive and at most powLimit', {
  fn: deriveTarget,
  spec: '§4.3',
  statement: 'For every uint32 nBits: DeriveTarget(nBits, 2^224 - 1) is undefined or in [1, 2^224 - 1]; targets above powLimit are rejected.',
  inputs: { bits: uint32() },
  ensures: ({ bits }) => {
    const t = deriveTarget(bits, POW_LIMIT);
    return t === undefined || (t >= 1n && t <= POW_LIMIT);
  },
  covers: {
    'mainnet genesis nBits 0x1d00ffff is accepted': ({ bits }) => bits === 486604799 && deriveTarget(bits, POW_LIMIT) !== undefined,
    'a target above powLimit is rejected': ({ bits }) => bits === 0x1e00ffff && deriveTarget(bits, POW_LIMIT) === undefined,
  },
});

export const compactSmallSizes = proof('compact sizes up to 3 shift the mantissa right', {
  fn: decodeCompact,
  spec: '§4.3',
  statement: 'For nBits with size s <= 3: target = floor(w / 256^(3 - s)).',
  inputs: { bits: uint32() },
  requires: ({ bits }) => bits < 4 * 16777216,
  ensures: ({ bits }) => {
    const s = Math.floor(bits / 16777216);
    const w = BigInt(bits % 8388608);
    return decodeCompact(bits).target === (s === 0 ? w / 16777216n : s === 1 ? w / 65536n : s === 2 ? w / 256n : w);
  },
});

