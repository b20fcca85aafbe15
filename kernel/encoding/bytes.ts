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
