import { type Result, err, ok } from '../result.js';
import { compactSizeWidth, decodeCompactSize } from './compact-size.js';
import type { DecodeError, DecodeErrorCode } from './errors.js';

/** Thrown inside a decode only; `decodeExact` turns it into a `DecodeError` value. */
class DecodeFailure {
  constructor(readonly error: DecodeError) {}
}

/**
 * A bounded little-endian reader over untrusted bytes. Every read checks the bytes left
 * first, so no length taken from the input is ever allocated before it is checked.
 */
export class ByteReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.data.length - this.pos;
  }

  fail(code: DecodeErrorCode): never {
    throw new DecodeFailure({ code, offset: this.pos });
  }

  private take(n: number): number {
    if (n > this.data.length - this.pos) this.fail('DataStream::read(): end of data');
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }

  u16le(): number {
    return this.view.getUint16(this.take(2), true);
  }

  u32le(): number {
    return this.view.getUint32(this.take(4), true);
  }

  i32le(): number {
    return this.view.getInt32(this.take(4), true);
  }

  i64le(): bigint {
    return this.view.getBigInt64(this.take(8), true);
  }

  /** A copy of the next `n` bytes. */
  bytes(n: number): Uint8Array {
    const at = this.take(n);
    return this.data.slice(at, at + n);
  }

  /** Core's ReadCompactSize with its canonical-encoding rule and MAX_SIZE range check. */
  compactSize(): number {
    const r = decodeCompactSize(this.data, this.pos);
    if (!r.ok) throw new DecodeFailure(r.error);
    this.pos += compactSizeWidth(r.value);
    return r.value;
  }

  /** A CompactSize element count, refused when `count * minItemSize` exceeds the bytes left. */
  count(minItemSize: number): number {
    const n = this.compactSize();
    if (n * minItemSize > this.remaining) this.fail('DataStream::read(): end of data');
    return n;
  }

  /** A CompactSize-prefixed byte string. */
  varBytes(): Uint8Array {
    return this.bytes(this.compactSize());
  }
}

/**
 * Runs `decode` over all of `data`: a decode failure or bytes left over become a `DecodeError`.
 * Other exceptions are bugs and propagate.
 */
export function decodeExact<T>(data: Uint8Array, decode: (r: ByteReader) => T): Result<T, DecodeError> {
  const reader = new ByteReader(data);
  try {
    const value = decode(reader);
    if (reader.remaining !== 0) return err({ code: 'trailing-data', offset: reader.offset });
    return ok(value);
  } catch (e) {
    if (e instanceof DecodeFailure) return err(e.error);
    throw e;
  }
}

/** Like `decodeExact`, but bytes after the decoded value are allowed; returns where it ended. */
export function decodePrefix<T>(
  data: Uint8Array,
  decode: (r: ByteReader) => T,
): Result<{ readonly value: T; readonly end: number }, DecodeError> {
  const reader = new ByteReader(data);
  try {
    const value = decode(reader);
    return ok({ value, end: reader.offset });
  } catch (e) {
    if (e instanceof DecodeFailure) return err(e.error);
    throw e;
  }
}
