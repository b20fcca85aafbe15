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
 * `bytes`, `varBytes` and `span` return views of the input, not copies (zero-copy decoding):
 * decoded values alias the bytes they were decoded from, which callers treat as immutable
 * (docs/ARCHITECTURE.md, kernel rule 1: no kernel function writes to its input).
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
    return this.data[this.take(1)] as number;
  }

  u16le(): number {
    const at = this.take(2);
    const d = this.data;
    return (d[at] as number) | ((d[at + 1] as number) << 8);
  }

  u32le(): number {
    const at = this.take(4);
    const d = this.data;
    return ((d[at] as number) | ((d[at + 1] as number) << 8) | ((d[at + 2] as number) << 16) | ((d[at + 3] as number) << 24)) >>> 0;
  }

  i32le(): number {
    return this.view.getInt32(this.take(4), true);
  }

  i64le(): bigint {
    return this.view.getBigInt64(this.take(8), true);
  }

  /** The next `n` bytes, as a view of the input (no copy). */
  bytes(n: number): Uint8Array {
    const at = this.take(n);
    return this.data.subarray(at, at + n);
  }

  /** A copy of the next `n` bytes, for values that outlive the input (an output's script in the UTXO set). */
  copy(n: number): Uint8Array {
    const at = this.take(n);
    return this.data.slice(at, at + n);
  }

  /** A view of the input bytes from `start` to `end` (offsets already read past). */
  span(start: number, end: number): Uint8Array {
    return this.data.subarray(start, end);
  }

  /** Core's ReadCompactSize with its canonical-encoding rule and MAX_SIZE range check. */
  compactSize(): number {
    // One byte below 0xfd is the whole encoding: the common case, without a Result.
    const first = this.data[this.pos];
    if (first !== undefined && first < 0xfd) {
      this.pos++;
      return first;
    }
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

  /** A CompactSize-prefixed byte string, as a view of the input. */
  varBytes(): Uint8Array {
    return this.bytes(this.compactSize());
  }

  /** A CompactSize-prefixed byte string, copied. */
  varBytesCopy(): Uint8Array {
    return this.copy(this.compactSize());
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
