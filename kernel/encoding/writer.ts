import { compactSizeWidth, encodeCompactSize } from './compact-size.js';

/** A growable little-endian writer for encoding kernel data. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Claims `n` bytes and returns their offset. Growing replaces `view`: take the offset before using it. */
  private reserve(n: number): number {
    if (this.pos + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(v: number): this {
    const at = this.reserve(1);
    this.view.setUint8(at, v);
    return this;
  }

  u16le(v: number): this {
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
    return this;
  }

  u32le(v: number): this {
    const at = this.reserve(4);
    this.view.setUint32(at, v, true);
    return this;
  }

  i32le(v: number): this {
    const at = this.reserve(4);
    this.view.setInt32(at, v, true);
    return this;
  }

  i64le(v: bigint): this {
    const at = this.reserve(8);
    this.view.setBigInt64(at, v, true);
    return this;
  }

  bytes(b: Uint8Array): this {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
    return this;
  }

  /** Core's WriteCompactSize: always the shortest encoding (one byte, n itself, needs no array). */
  compactSize(n: number): this {
    return compactSizeWidth(n) === 1 ? this.u8(n) : this.bytes(encodeCompactSize(n));
  }

  varBytes(b: Uint8Array): this {
    return this.compactSize(b.length).bytes(b);
  }

  /** The bytes written. A writer filled to its capacity hands over its buffer itself: a later write would grow into a new one, so nothing can change it. */
  finish(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}
