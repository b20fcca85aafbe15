/** Whether two byte strings are equal. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenation of byte strings, in a new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    // A byte loop for short parts (most are 1 to 9 bytes): cheaper than set()'s call.
    if (part.length > 16) out.set(part, at);
    else for (let i = 0; i < part.length; i++) out[at + i] = part[i] as number;
    at += part.length;
  }
  return out;
}

/**
 * `bytes` written into `out` at `at` (which the caller sized); returns at + bytes.length. An
 * in-out writer like kernel/encoding/little-endian.ts `writeU32le`.
 * @inOut out
 */
export function writeBytes(out: Uint8Array, at: number, bytes: Uint8Array): number {
  out.set(bytes, at);
  return at + bytes.length;
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
