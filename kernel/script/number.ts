import { type Result, err, ok } from '../result.js';

/** Core's CScriptNum::serialize: little-endian magnitude with a sign bit, minimal (SPEC.md §3.2). */
export function encodeScriptNum(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  const out: number[] = [];
  while (magnitude > 0n) {
    out.push(Number(magnitude & 0xffn));
    magnitude >>= 8n;
  }
  const last = out.length - 1;
  if ((out[last] ?? 0) & 0x80) out.push(negative ? 0x80 : 0);
  else if (negative) out[last] = (out[last] ?? 0) | 0x80;
  return Uint8Array.from(out);
}

/** CScriptNum's default nMaxNumSize: operands are at most 4 bytes (5 only for CLTV/CSV). */
export const DEFAULT_MAX_NUM_SIZE = 4;

export type ScriptNumError = 'script number overflow' | 'non-minimally encoded script number';

/**
 * Core's CScriptNum(vch, fRequireMinimal, nMaxNumSize), with Core's scriptnum_error messages
 * (SPEC.md §3.2).
 */
export function decodeScriptNum(
  bytes: Uint8Array,
  requireMinimal: boolean,
  maxSize: number,
): Result<bigint, ScriptNumError> {
  if (bytes.length > maxSize) return err('script number overflow');
  const n = bytes.length;
  if (n === 0) return ok(0n);
  const last = bytes[n - 1] ?? 0;
  // Minimal: the top byte carries more than the sign bit, or is needed for the sign of the one below.
  if (requireMinimal && (last & 0x7f) === 0 && (n === 1 || ((bytes[n - 2] ?? 0) & 0x80) === 0)) {
    return err('non-minimally encoded script number');
  }
  let value = 0n;
  for (let i = 0; i < n; i++) value |= BigInt(bytes[i] ?? 0) << BigInt(8 * i);
  // The sign bit is set: clearing it is subtracting it.
  if (last & 0x80) return ok(-(value - (0x80n << BigInt(8 * (n - 1)))));
  return ok(value);
}

/** CScriptNum::getint: the value clamped to the int range. */
export function scriptNumToInt(n: bigint): number {
  return n > 2147483647n ? 2147483647 : n < -2147483648n ? -2147483648 : Number(n);
}
