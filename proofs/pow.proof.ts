/** Compact targets (SPEC.md §4.3): Core's SetCompact flags and DeriveTarget, with literal values. */
import { type Domain, big, bool, bytes, int, proof, uint32 } from '../harness/dsl.js';
import { checkProofOfWork, decodeCompact, deriveTarget, encodeCompact } from '../kernel/validation/pow.js';

const POW_LIMIT = 2n ** 224n - 1n;

/**
 * nBits = size * 2^24 + word in the form GetCompact emits for a non-zero target: sign bit clear;
 * the mantissa starts with a non-zero byte, or with 0x00 then a byte >= 0x80 (word >= 0x8000);
 * sizes below 3 leave the dropped low bytes zero; size 33 only carries the 0x00 form.
 */
function isCanonicalCompact(size: number, word: number): boolean {
  return (
    size >= 1 &&
    size <= 33 &&
    word >= 0x8000 &&
    word <= 0x7fffff &&
    (size === 1 ? word % 65536 === 0 : size === 2 ? word % 256 === 0 : true) &&
    (size < 33 || word <= 0xffff)
  );
}

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
  statement:
    'For every uint32 nBits and every powLimit in [1, 2^256 - 1]: DeriveTarget(nBits, powLimit) is undefined or in [1, powLimit]; a target equal to powLimit is accepted (regtest: nBits 0x207fffff, powLimit 0x7fffff * 2^232) and one above it rejected.',
  inputs: { bits: uint32(), powLimit: big(1n, 2n ** 256n - 1n) },
  ensures: ({ bits, powLimit }) => {
    const t = deriveTarget(bits, powLimit);
    return t === undefined || (t >= 1n && t <= powLimit);
  },
  covers: {
    'mainnet genesis nBits 0x1d00ffff is accepted': ({ bits, powLimit }) => bits === 486604799 && powLimit === POW_LIMIT && deriveTarget(bits, powLimit) !== undefined,
    'a target equal to powLimit is accepted (regtest 0x207fffff)': ({ bits, powLimit }) => bits === 0x207fffff && powLimit === 0x7fffffn * 2n ** 232n && deriveTarget(bits, powLimit) === powLimit,
    'a target one above powLimit is rejected': ({ bits, powLimit }) => bits === 0x207fffff && powLimit === 0x7fffffn * 2n ** 232n - 1n && deriveTarget(bits, powLimit) === undefined,
    'a target above mainnet powLimit is rejected': ({ bits, powLimit }) => bits === 0x1e00ffff && powLimit === POW_LIMIT && deriveTarget(bits, powLimit) === undefined,
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

export const compactLargeSizes = proof('compact sizes from 4 shift the mantissa left, kept to 256 bits', {
  fn: decodeCompact,
  spec: '§4.3',
  statement:
    'For every nBits with size s = nBits / 2^24 in [4, 255] (any sign bit) and mantissa w = nBits % 2^23: target = (w * 2^(8 * (s - 3))) mod 2^256, arith_uint256\'s shift, which keeps nothing once the shift 8 * (s - 3) reaches 256 bits (s >= 35): at s = 34 only the low byte of w survives, at s = 33 the low two. Case split: each size 4..34 alone, then 35..255.',
  inputs: { size: int(4, 255), sign: bool(), word: int(0, 0x7fffff) },
  split: { on: 'size', cases: [...Array.from({ length: 31 }, (_, i): [number, number] => [i + 4, i + 4]), [35, 255]] },
  ensures: ({ size, sign, word }) => {
    const shiftBits = 8 * (size - 3);
    // 1n << x for 2^x: the exponent is symbolic where the whole domain is translated at once.
    const kept = shiftBits >= 256 ? 0n : (BigInt(word) * (1n << BigInt(shiftBits))) % 2n ** 256n;
    return decodeCompact(size * 16777216 + (sign ? 8388608 : 0) + word).target === kept;
  },
  covers: {
    'size 34 keeps the low byte (0x22000001: target 2^248)': ({ size, sign, word }) => size === 34 && !sign && word === 1 && decodeCompact(0x22000001).target === 2n ** 248n,
    'size 35 keeps nothing (0x23000001: target 0)': ({ size, sign, word }) => size === 35 && !sign && word === 1 && decodeCompact(0x23000001).target === 0n,
  },
});

export const compactCanonicalFlags = proof('canonical nBits are neither negative nor overflowing', {
  fn: decodeCompact,
  spec: '§4.3',
  statement:
    'For every canonical nBits = s * 2^24 + w (s in [1, 33], w in [0x8000, 0x7fffff], w % 256^(3 - s) = 0 when s < 3, w <= 0xffff when s = 33): SetCompact gives negative = false and overflow = false.',
  inputs: { size: int(1, 33), word: int(0x8000, 0x7fffff) },
  requires: ({ size, word }) => isCanonicalCompact(size, word),
  ensures: ({ size, word }) => {
    const d = decodeCompact(size * 16777216 + word);
    return !d.negative && !d.overflow;
  },
  covers: {
    'mainnet genesis nBits 0x1d00ffff': ({ size, word }) => size * 16777216 + word === 0x1d00ffff,
    'size 33 (0x2100ffff)': ({ size, word }) => size * 16777216 + word === 0x2100ffff,
  },
});

export const compactCanonicalRoundTrip = proof('canonical nBits survive SetCompact then GetCompact', {
  fn: encodeCompact,
  spec: '§4.3',
  statement:
    'For every canonical nBits = s * 2^24 + w (s in [1, 33], w in [0x8000, 0x7fffff]: sign bit clear, top mantissa byte non-zero or zero and the next byte >= 0x80; w % 256^(3 - s) = 0 when s < 3; w <= 0xffff when s = 33): GetCompact(SetCompact(nBits).target) = nBits. Case split over the 33 sizes.',
  inputs: { size: int(1, 33), word: int(0x8000, 0x7fffff) },
  requires: ({ size, word }) => isCanonicalCompact(size, word),
  ensures: ({ size, word }) => {
    let ok = true;
    for (let s = 1; s <= 33; s++) {
      if (size === s) {
        const bits = s * 16777216 + word;
        ok = encodeCompact(decodeCompact(bits).target, false) === bits;
      }
    }
    return ok;
  },
  covers: {
    'mainnet genesis nBits 0x1d00ffff': ({ size, word }) => size * 16777216 + word === 0x1d00ffff,
    '0x02008000 (target 0x80: one byte, moved up past the sign bit)': ({ size, word }) => size * 16777216 + word === 0x02008000,
    'size 1 (0x01010000, target 1)': ({ size, word }) => size * 16777216 + word === 0x01010000,
    'size 33 (0x2100ffff, target 0xffff * 2^240)': ({ size, word }) => size * 16777216 + word === 0x2100ffff,
  },
});

export const compactSmallTargetRoundTrip = proof('targets below 2^23 survive GetCompact then SetCompact', {
  fn: encodeCompact,
  spec: '§4.3',
  statement:
    'For every target t in [1, 2^23 - 1] and sign flag n: GetCompact(t, n) is canonical (the form above) with the sign bit set iff n, and SetCompact of it gives target t, negative = n, overflow = false. GetCompact(0, n) = 0 (no sign on a zero mantissa).',
  inputs: { target: big(0n, 0x7fffffn), negative: bool() },
  ensures: ({ target, negative }) => {
    const bits = encodeCompact(target, negative);
    const d = decodeCompact(bits);
    if (target === 0n) return bits === 0;
    return (
      isCanonicalCompact(bits >>> 24, bits & 0x7fffff) &&
      ((bits & 0x800000) !== 0) === negative &&
      d.target === target &&
      d.negative === negative &&
      !d.overflow
    );
  },
  covers: {
    'target 0 with the sign flag (0x00000000)': ({ target, negative }) => target === 0n && negative,
    'target 1 (0x01010000)': ({ target, negative }) => target === 1n && !negative,
    'target 0x80 (0x02008000)': ({ target, negative }) => target === 0x80n && !negative,
    'a negative 3-byte target': ({ target, negative }) => target === 0x123456n && negative,
  },
});

/** For k = 1..30, a bigint in [0, 256^k - 1]. */
const BELOW_256_POW_K: Domain = { kind: 'tuple', items: Array.from({ length: 30 }, (_, i) => big(0n, 256n ** BigInt(i + 1) - 1n)) };

export const compactLargeTargetRoundTrip = proof('targets from 2^23 keep their top three bytes through GetCompact then SetCompact', {
  // Each check alone: its case queries are unsat, but slower than the checks one by one (CI.md, "How queries are solved").
  checksAlone: true,
  fn: encodeCompact,
  spec: '§4.3',
  arithSolver: 'simplex',
  statement:
    'Every target t in [2^23, 2^256 - 1] is t = m * 256^k + r for exactly one k in [1, 30], m in [0x8000, 0x7fffff] (m <= 0xffff when k = 30) and r < 256^k. For it and every sign flag n: GetCompact(t, n) = (k + 3) * 2^24 + m, plus 0x00800000 if n, and SetCompact of that gives target m * 256^k, negative = n, overflow = false: only r, the bytes below the top three significant ones, is lost.',
  // r is below[k - 1]: one input per k with the exact range [0, 256^k - 1].
  inputs: { k: int(1, 30), m: big(0x8000n, 0x7fffffn), below: BELOW_256_POW_K, negative: bool() },
  split: 'k',
  requires: ({ k, m }) => k < 30 || m <= 0xffffn,
  ensures: ({ k, m, below, negative }) => {
    const r: bigint = below[k - 1];
    const bits = encodeCompact(m * (1n << BigInt(8 * k)) + r, negative);
    const d = decodeCompact(bits);
    return bits === (k + 3) * 16777216 + Number(m) + (negative ? 0x800000 : 0) && d.target === m * (1n << BigInt(8 * k)) && d.negative === negative && !d.overflow;
  },
  covers: {
    'mainnet genesis target 0x00ffff * 256^26 (0x1d00ffff)': ({ k, m, below, negative }) => k === 26 && m === 0xffffn && below[25] === 0n && !negative,
    'the largest target 2^256 - 1 (0x2100ffff)': ({ k, m, below }) => k === 30 && m === 0xffffn && below[29] === 2n ** 240n - 1n,
  },
});

/** A 32-byte hash in internal byte order as the number Core compares: byte i has weight 256^i. */
function littleEndian(hash: Uint8Array): bigint {
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = value * 256n + BigInt(hash[i]!);
  return value;
}

/**
 * The target nBits = size * 2^24 + sign * 2^23 + word encodes (SetCompact without its 256-bit
 * truncation): word * 256^(size - 3), the low bytes of word dropped for size < 3. Sizes from 31
 * on give at least 256^28 = 2^224 > powLimit for any non-zero word: capped there.
 */
function compactValue(size: number, word: number): bigint {
  if (size >= 31) return word === 0 ? 0n : 2n ** 224n;
  // Literal divisors and 1n << x for 256^(size - 3): no '**' with a symbolic exponent (the whole
  // domain is translated at once for the vacuity check and a mutant's equivalence query).
  if (size === 0) return BigInt(Math.floor(word / 16777216));
  if (size === 1) return BigInt(Math.floor(word / 65536));
  if (size === 2) return BigInt(Math.floor(word / 256));
  return BigInt(word) * (1n << BigInt(8 * (size - 3)));
}

export const powHashBelowLimit = proof('CheckProofOfWork on mainnet accepts exactly the hashes at most the target of nBits', {
  fn: checkProofOfWork,
  spec: '§4.3',
  statement:
    'For every 32-byte hash and every nBits = size * 2^24 + sign * 2^23 + word: CheckProofOfWork(hash, nBits, 2^224 - 1) iff the sign bit is clear, the target T = word * 256^(size - 3) is in [1, 2^224 - 1], and the hash read little-endian is at most T. So a passing hash has its last 4 bytes in internal order (the first 8 hex digits as displayed) zero. Case split over the 31 sizes.',
  inputs: { hash: bytes(32), size: int(0, 255), negative: bool(), word: int(0, 0x7fffff) },
  split: { on: 'size', cases: [...Array.from({ length: 31 }, (_, i): [number, number] => [i, i]), [31, 255]] },
  ensures: ({ hash, size, negative, word }) => {
    const bits = size * 16777216 + (negative ? 8388608 : 0) + word;
    const target = compactValue(size, word);
    const valid = !negative && target >= 1n && target <= POW_LIMIT;
    const passes = checkProofOfWork(hash, bits, POW_LIMIT);
    return passes === (valid && littleEndian(hash) <= target) && (!passes || (hash[28] === 0 && hash[29] === 0 && hash[30] === 0 && hash[31] === 0));
  },
  covers: {
    'genesis nBits 0x1d00ffff with a hash at the target': ({ hash, size, negative, word }) => size === 0x1d && !negative && word === 0xffff && hash[26] === 255 && hash[27] === 255 && checkProofOfWork(hash, 0x1d00ffff, POW_LIMIT),
    'a hash one above the target fails': ({ hash, size, negative, word }) => size === 3 && !negative && word === 5 && hash[0] === 6 && !checkProofOfWork(hash, 0x03000005, POW_LIMIT),
  },
});
