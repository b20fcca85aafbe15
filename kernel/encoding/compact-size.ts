import { type Result, err, ok } from '../result.js';
import { writeBytes } from './bytes.js';
import type { DecodeError } from './errors.js';

/** Core's serialize.h MAX_SIZE: the largest length or count a decoder accepts. */
export const MAX_SIZE = 0x02000000;

/** Encoded width in bytes of a CompactSize (Core's GetSizeOfCompactSize) (SPEC.md §1.1). */
export function compactSizeWidth(n: number): number {
  if (n < 0xfd) return 1;
  if (n <= 0xffff) return 3;
  if (n <= 0xffffffff) return 5;
  return 9;
}

/**
 * Whether `n`, read after prefix byte `prefix`, is the shortest encoding of `n`
 * (Core's ReadCompactSize "non-canonical ReadCompactSize()" rule) (SPEC.md §1.1).
 */
export function isCanonicalCompactSize(prefix: number, n: number): boolean {
  if (prefix < 0xfd) return true;
  if (prefix === 0xfd) return n >= 0xfd;
  if (prefix === 0xfe) return n > 0xffff;
  return n > 0xffffffff;
}

/** Core's WriteCompactSize: the shortest encoding of `n`, 0 <= n < 2^53 (SPEC.md §1.1). */
export function encodeCompactSize(n: number): Uint8Array {
  const width = compactSizeWidth(n);
  if (width === 1) return Uint8Array.of(n);
  if (width === 3) return prefixedUintLE(0xfd, n, 2);
  if (width === 5) return prefixedUintLE(0xfe, n, 4);
  return prefixedUintLE(0xff, n, 8);
}

/**
 * encodeCompactSize(n) written into `out` at `at`; returns the offset after it. A one-byte
 * CompactSize (n < 0xfd, nearly every count and script length) needs no array of its own.
 * @inOut out
 */
export function writeCompactSize(out: Uint8Array, at: number, n: number): number {
  if (compactSizeWidth(n) !== 1) return writeBytes(out, at, encodeCompactSize(n));
  out[at] = n;
  return at + 1;
}

/** `prefix`, then the `count` low-order bytes of `n`, least significant first. */
function prefixedUintLE(prefix: number, n: number, count: number): Uint8Array {
  const out = new Uint8Array(1 + count);
  out[0] = prefix;
  let rest = n;
  for (let i = 1; i <= count; i++) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

/** The unsigned little-endian value of the `count` (at most 4) bytes at `at`. */
function readUintLE(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

/**
 * Core's ReadCompactSize (with its range check) on the bytes from `at`. Only the shortest
 * encoding is accepted, so the value took compactSizeWidth(value) bytes. Errors carry Core's
 * messages; truncation is reported where the missing payload starts, the other errors after
 * the CompactSize (SPEC.md §1.1).
 */
export function decodeCompactSize(bytes: Uint8Array, at: number): Result<number, DecodeError> {
  if (at >= bytes.length) return err({ code: 'DataStream::read(): end of data', offset: at });
  const prefix = bytes[at] ?? 0;
  if (prefix < 0xfd) return ok(prefix);
  const width = prefix === 0xfd ? 3 : prefix === 0xfe ? 5 : 9;
  if (bytes.length - at < width) return err({ code: 'DataStream::read(): end of data', offset: at + 1 });
  const end = at + width;
  // A non-zero high half of an 8-byte value means n >= 2^32: canonical, and above MAX_SIZE.
  // Such an n is never formed (a JS number is not exact there).
  if (prefix === 0xff && readUintLE(bytes, at + 5, 4) !== 0) return err({ code: 'ReadCompactSize(): size too large', offset: end });
  const n = prefix === 0xfd ? readUintLE(bytes, at + 1, 2) : readUintLE(bytes, at + 1, 4);
  if (!isCanonicalCompactSize(prefix, n)) return err({ code: 'non-canonical ReadCompactSize()', offset: end });
  if (n > MAX_SIZE) return err({ code: 'ReadCompactSize(): size too large', offset: end });
  return ok(n);
}
