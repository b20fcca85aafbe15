/** 2^256 - 1: arith_uint256's range. */
const UINT256_MAX = (1n << 256n) - 1n;

/** A compact `nBits` decoded as Core's arith_uint256::SetCompact does, with its two flags. */
export interface CompactTarget {
  readonly target: bigint;
  readonly negative: boolean;
  readonly overflow: boolean;
}

/**
 * Core's arith_uint256::SetCompact: mantissa × 256^(exponent − 3), truncated to 256 bits (SPEC.md §4.3).
 * @smtBigint unbounded (the shift is truncated to 256 bits explicitly)
 */
export function decodeCompact(bits: number): CompactTarget {
  const size = bits >>> 24;
  // Core shifts a small mantissa down before testing it, so the flags see the shifted word.
  const word = size <= 3 ? (bits & 0x007fffff) >>> (8 * (3 - size)) : bits & 0x007fffff;
  // From size 35 on the shift is at least 256 bits: arith_uint256 keeps nothing.
  const target =
    size <= 3 ? BigInt(word) : size >= 35 ? 0n : (BigInt(word) << BigInt(8 * (size - 3))) & UINT256_MAX;
  return {
    target,
    negative: word !== 0 && (bits & 0x00800000) !== 0,
    overflow: word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32)),
  };
}

/**
 * Number of bytes needed for `value` (arith_uint256::bits() rounded up to bytes): the i with
 * 256^(i-1) <= value < 256^i, 0 for 0. Compared with constants, not shifted (cheaper for z3).
 * @smtBigint uint256
 */
function byteLength(value: bigint): number {
  let size = 0;
  for (let i = 0; i < 32; i++) {
    if (value >= 1n << BigInt(8 * i)) size = i + 1;
  }
  return size;
}

/**
 * Core's arith_uint256::GetCompact for a 256-bit target (SPEC.md §4.3).
 * @smtBigint uint256
 */
export function encodeCompact(target: bigint, negative = false): number {
  const size = byteLength(target);
  // The target's top three bytes: GetLow64() truncated to uint32 (target < 256^size, so this is
  // below 2^24 and masking 24 bits keeps what the uint32 truncation keeps).
  const top = (size <= 3 ? target << BigInt(8 * (3 - size)) : target >> BigInt(8 * (size - 3))) & 0x00ffffffn;
  // A top bit set would read as the sign: move one byte into the exponent. (Ternaries on `top`
  // and the low field first in the `|`: the proof translator then sees each field's range.)
  const mantissa = top >= 0x00800000n ? top >> 8n : top;
  const exponent = top >= 0x00800000n ? size + 1 : size;
  const sign = negative && mantissa !== 0n ? 0x00800000n : 0n;
  return Number(mantissa | sign | (BigInt(exponent) << 24n));
}

/**
 * A 32-byte hash in internal byte order, read as the little-endian arith_uint256 Core compares (SPEC.md §4.3).
 * @smtBigint uint256
 */
export function hashToUint256(hash: Uint8Array): bigint {
  let value = 0n;
  for (let i = hash.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(hash[i] ?? 0);
  return value;
}

/**
 * Core's DeriveTarget: the target of `bits`, or undefined when it is negative, zero,
 * overflowing or above `powLimit` (SPEC.md §4.3).
 */
export function deriveTarget(bits: number, powLimit: bigint): bigint | undefined {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n || target > powLimit) return undefined;
  return target;
}

/** Core's CheckProofOfWork: `bits` is a valid target and the hash is at most that target (SPEC.md §4.3). */
export function checkProofOfWork(hash: Uint8Array, bits: number, powLimit: bigint): boolean {
  const target = deriveTarget(bits, powLimit);
  return target !== undefined && hashToUint256(hash) <= target;
}

/**
 * Core's GetBlockProof: expected hashes for `bits`, 2^256 / (target + 1); zero for an invalid target (SPEC.md §4.3).
 * @smtBigint uint256
 */
export function getBlockProof(bits: number): bigint {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n) return 0n;
  return (UINT256_MAX - target) / (target + 1n) + 1n;
}
