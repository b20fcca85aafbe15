import { hexToBytes } from '@noble/hashes/utils.js';
import { type Result, err, ok } from '../result.js';

const HEX_PATTERN = /^(?:[0-9a-fA-F]{2})*$/;

const HEX_DIGITS = new Uint8Array(Array.from('0123456789abcdef', (c) => c.charCodeAt(0)));
/** ASCII codes to a string (UTF-8, which every TextDecoder supports, is the identity on ASCII). */
const ASCII = new TextDecoder();

/** Lower-case hex of bytes, in the order given (SPEC.md §1.3). */
export function toHex(bytes: Uint8Array): string {
  // The digits' codes, then one decode: a flat one-byte string (outpoint keys are hashed by every Map
  // lookup, and a string built by appending is a rope to flatten first), and no argument-count
  // limit as String.fromCharCode.apply has (2-3x faster than it for a 32-byte txid, measured with a
  // Map lookup of the key; ConnectBlock: docs/BENCHMARKS.md, "ConnectBlock per input").
  const codes = new Uint8Array(2 * bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    codes[2 * i] = HEX_DIGITS[b >> 4] as number;
    codes[2 * i + 1] = HEX_DIGITS[b & 15] as number;
  }
  return ASCII.decode(codes);
}

/** Bytes of an even-length hex string; anything else is `invalid-hex` (SPEC.md §1.3). */
export function fromHex(hex: string): Result<Uint8Array, 'invalid-hex'> {
  return HEX_PATTERN.test(hex) ? ok(hexToBytes(hex)) : err('invalid-hex');
}

/**
 * A 256-bit hash as Core prints it (`uint256::GetHex`): bytes reversed (SPEC.md §1.3).
 *
 * @example
 * ```ts
 * import { fromHex, toDisplayHex } from 'bllvm-ts';
 * const hash = fromHex('6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000');
 * if (!hash.ok) throw new Error(hash.error);
 * toDisplayHex(hash.value); // => '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f'
 * ```
 */
export function toDisplayHex(hash: Uint8Array): string {
  return toHex(hash.slice().reverse());
}

/** The inverse of `toDisplayHex` (`uint256::FromHex`): 64 hex digits, reversed to internal order (SPEC.md §1.3). */
export function fromDisplayHex(hex: string): Result<Uint8Array, 'invalid-hex'> {
  if (hex.length !== 64) return err('invalid-hex');
  const bytes = fromHex(hex);
  return bytes.ok ? ok(bytes.value.reverse()) : bytes;
}
