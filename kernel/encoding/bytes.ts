import { concatBytes as nobleConcatBytes } from '@noble/hashes/utils.js';

/** Whether two byte strings are equal. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenation of byte strings. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return nobleConcatBytes(...parts);
}

/** Lexicographic order of byte strings (a shorter prefix first): negative, zero or positive, as memcmp then length. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
