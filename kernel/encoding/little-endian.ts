/**
 * Fixed-width little-endian integers as byte arrays, written in the provable subset (bit
 * operators, no DataView), for the encodings the proofs read: the UTXO commitment record and
 * Core's coin serialization (SPEC.md §8.2, §8.3; proofs/commitments.proof.ts). They write the
 * same bytes as ByteWriter's u32le and i64le (DataView setUint32 / setBigInt64) on every input of
 * their domains (test/harness/differential.test.ts, test/encoding/little-endian.test.ts).
 */

/** The low 32 bits of an integer `n` as 4 little-endian bytes (DataView setUint32's ToUint32, for |n| < 2^53). */
export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  writeU32le(out, 0, n);
  return out;
}

/** A signed 64-bit integer (in [-2^63, 2^63)) as 8 little-endian bytes, two's complement (DataView setBigInt64). */
export function i64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  writeI64le(out, 0, v);
  return out;
}

/**
 * u32le(n) written into `out` at `at` (which the caller sized); returns at + 4. An in-out writer:
 * it writes only the array its caller created and passes in (harness/translate/calls.ts
 * `inOutCall`; check-boundary refuses a caller passing its own input or a module constant).
 * `n >>> 0` is n mod 2^32 (ToUint32: -1 writes ff ff ff ff); each byte is the low 8 bits of what
 * the bytes before it leave, so n = b0 + 256·(b1 + 256·(b2 + 256·b3)) holds step by step.
 * @inOut out
 */
export function writeU32le(out: Uint8Array, at: number, n: number): number {
  const u0 = n >>> 0;
  const u1 = u0 >>> 8;
  const u2 = u1 >>> 8;
  const u3 = u2 >>> 8;
  out[at] = u0 & 0xff;
  out[at + 1] = u1 & 0xff;
  out[at + 2] = u2 & 0xff;
  out[at + 3] = u3;
  return at + 4;
}

/**
 * i64le(v) written into `out` at `at`; returns at + 8. In-out like writeU32le: u = v mod 2^64
 * (the two's complement; `&` on a bigint acts on it), its low 32 bits, then its high 32 bits.
 * @inOut out
 */
export function writeI64le(out: Uint8Array, at: number, v: bigint): number {
  const u = v & 0xffffffffffffffffn;
  const afterLow = writeU32le(out, at, Number(u & 0xffffffffn));
  return writeU32le(out, afterLow, Number(u >> 32n));
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
