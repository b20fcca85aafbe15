/**
 * Fixed-width little-endian integers as byte arrays, written in the provable subset (loops and
 * byte arithmetic, no DataView), for the encodings the proofs read: the UTXO commitment record and
 * Core's coin serialization (SPEC.md §8.2, §8.3; proofs/commitments.proof.ts). They write the
 * same bytes as ByteWriter's u32le and i64le (DataView setUint32 / setBigInt64) on every input of
 * their domains (test/harness/differential.test.ts, test/encoding/little-endian.test.ts).
 */

/** The low 32 bits of an integer `n` as 4 little-endian bytes (DataView setUint32's ToUint32, for |n| < 2^53). */
export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  let rest = n;
  for (let i = 0; i < 4; i++) {
    // Non-negative remainders: -1 is 0xff 0xff 0xff 0xff, as ToUint32 wraps it.
    const b = ((rest % 256) + 256) % 256;
    out[i] = b;
    rest = Math.floor((rest - b) / 256);
  }
  return out;
}

/** A signed 64-bit integer (in [-2^63, 2^63)) as 8 little-endian bytes, two's complement (DataView setBigInt64). */
export function i64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  let rest = v;
  for (let i = 0; i < 8; i++) {
    const b = ((rest % 256n) + 256n) % 256n;
    out[i] = Number(b);
    rest = (rest - b) / 256n;
  }
  return out;
}

/** The unsigned 32-bit little-endian integer at `at` (the caller checked the 4 bytes are there). */
export function readU32le(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let i = 3; i >= 0; i--) value = value * 256 + (bytes[at + i] as number);
  return value;
}

/** The signed 64-bit little-endian integer at `at` when it is non-negative (sign bit clear), else undefined. */
export function readNonNegativeI64le(bytes: Uint8Array, at: number): bigint | undefined {
  if ((bytes[at + 7] as number) >= 0x80) return undefined;
  let value = 0n;
  for (let i = 7; i >= 0; i--) value = value * 256n + BigInt(bytes[at + i] as number);
  return value;
}
