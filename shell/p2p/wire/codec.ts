/**
 * Codec combinators for P2P payloads: one description per message is used both to encode and to
 * decode it (the idea of Core's SERIALIZE_METHODS in serialize.h). Reads go through the kernel's
 * bounded ByteReader, so every length and count taken from the input is checked against the
 * bytes left (and against its cap) before anything is allocated.
 */
import { MAX_SIZE } from '../../../kernel/encoding/compact-size.js';
import type { DecodeErrorCode } from '../../../kernel/encoding/errors.js';
import { ByteReader, decodePrefix } from '../../../kernel/encoding/reader.js';
import { ByteWriter } from '../../../kernel/encoding/writer.js';
import { type Result, err, ok } from '../../../kernel/result.js';

/** Reads and writes one value of type T. */
export interface Codec<T> {
  readonly read: (r: ByteReader) => T;
  readonly write: (w: ByteWriter, value: T) => void;
}

/**
 * Why a payload failed to decode: the kernel's decoder messages, Core's LIMITED_STRING failure,
 * or a count over its cap with the message Core logs or gives to Misbehaving
 * (`headers message size = 2001`, `getheaders locator size 102 > 101`).
 */
export interface WireDecodeError {
  readonly code: DecodeErrorCode | 'String length limit exceeded' | string;
  readonly offset: number;
  /** A count over a protocol limit, which Core treats as misbehaviour (the peer is disconnected). */
  readonly overLimit?: true;
}

/** Thrown inside a decode only; decodePayload turns it into a WireDecodeError value. */
class WireFailure {
  constructor(readonly error: WireDecodeError) {}
}

function fail(r: ByteReader, code: string, overLimit = false): never {
  throw new WireFailure(overLimit ? { code, offset: r.offset, overLimit } : { code, offset: r.offset });
}

/**
 * Decodes `bytes` with `codec`. Bytes after the value are ignored, as Core's message handlers
 * ignore what they do not read (`vRecv >> x` leaves the rest unread).
 */
export function decodePayload<T>(codec: Codec<T>, bytes: Uint8Array): Result<T, WireDecodeError> {
  try {
    const decoded = decodePrefix(bytes, codec.read);
    return decoded.ok ? ok(decoded.value.value) : decoded;
  } catch (e) {
    if (e instanceof WireFailure) return err(e.error);
    throw e;
  }
}

/** Encodes `value` with `codec`. */
export function encodePayload<T>(codec: Codec<T>, value: T, initialCapacity = 64): Uint8Array {
  const w = new ByteWriter(initialCapacity);
  codec.write(w, value);
  return w.finish();
}

export const u8: Codec<number> = { read: (r) => r.u8(), write: (w, v) => void w.u8(v) };
export const u16le: Codec<number> = { read: (r) => r.u16le(), write: (w, v) => void w.u16le(v) };
export const u32le: Codec<number> = { read: (r) => r.u32le(), write: (w, v) => void w.u32le(v) };
export const i32le: Codec<number> = { read: (r) => r.i32le(), write: (w, v) => void w.i32le(v) };
export const i64le: Codec<bigint> = { read: (r) => r.i64le(), write: (w, v) => void w.i64le(v) };
/** An unsigned 64-bit integer (services, nonces, fee rates). */
export const u64le: Codec<bigint> = {
  read: (r) => BigInt.asUintN(64, r.i64le()),
  write: (w, v) => void w.i64le(BigInt.asIntN(64, v)),
};
/** Big-endian u16: CService's port (netaddress.h). */
export const u16be: Codec<number> = {
  read: (r) => {
    const b = r.bytes(2);
    return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  },
  write: (w, v) => void w.u8((v >>> 8) & 0xff).u8(v & 0xff),
};
/** Core's bool serialization: one byte, any non-zero value is true. */
export const bool: Codec<boolean> = { read: (r) => r.u8() !== 0, write: (w, v) => void w.u8(v ? 1 : 0) };
/** CompactSize (Core's ReadCompactSize with its canonical-encoding and MAX_SIZE checks). */
export const compactSize: Codec<number> = { read: (r) => r.compactSize(), write: (w, v) => void w.compactSize(v) };

/** Exactly `n` bytes (hashes, keys, signatures, IPv6 addresses). */
export function fixedBytes(n: number): Codec<Uint8Array> {
  return {
    read: (r) => r.bytes(n),
    write: (w, v) => {
      if (v.length !== n) throw new RangeError(`expected ${n} bytes, got ${v.length}`);
      w.bytes(v);
    },
  };
}

/** A CompactSize-prefixed byte string of at most `max` bytes. */
export function varBytes(max: number = MAX_SIZE, tooLong = 'String length limit exceeded'): Codec<Uint8Array> {
  return {
    read: (r) => {
      const n = r.compactSize();
      if (n > max) fail(r, tooLong);
      return r.bytes(n);
    },
    write: (w, v) => void w.varBytes(v),
  };
}

/**
 * Core's LIMITED_STRING: a CompactSize-prefixed string of at most `max` bytes, refused with
 * "String length limit exceeded" (serialize.h LimitedStringFormatter). Decoded as UTF-8 with
 * replacement characters; Core keeps the bytes and sanitizes them for display only.
 */
export function limitedString(max: number): Codec<string> {
  const bytes = varBytes(max);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const encoder = new TextEncoder();
  return {
    read: (r) => decoder.decode(bytes.read(r)),
    write: (w, v) => {
      const b = encoder.encode(v);
      if (b.length > max) throw new RangeError(`string of ${b.length} bytes over its limit ${max}`);
      bytes.write(w, b);
    },
  };
}

/**
 * A CompactSize count then that many items. A count over `maxCount` fails with `tooMany(count)`
 * before any item is read; a count whose items cannot fit in the bytes left (at `minItemSize`
 * each) fails with end of data before anything is allocated.
 */
export function array<T>(
  item: Codec<T>,
  opts: { readonly maxCount: number; readonly minItemSize: number; readonly tooMany: (count: number) => string },
): Codec<readonly T[]> {
  return {
    read: (r) => {
      const n = r.compactSize();
      if (n > opts.maxCount) fail(r, opts.tooMany(n), true);
      if (n * opts.minItemSize > r.remaining) r.fail('DataStream::read(): end of data');
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(item.read(r));
      return out;
    },
    write: (w, v) => {
      if (v.length > opts.maxCount) throw new RangeError(opts.tooMany(v.length));
      w.compactSize(v.length);
      for (const x of v) item.write(w, x);
    },
  };
}

/** Any codec (a write that takes `never` accepts every codec under strict function types). */
interface AnyCodec {
  readonly read: (r: ByteReader) => unknown;
  readonly write: (w: ByteWriter, value: never) => void;
}
type Shape = Record<string, AnyCodec>;
type ValueOf<S extends Shape> = { readonly [K in keyof S]: ReturnType<S[K]['read']> };

/** Fields in order: the order of the shape's keys is the wire order. */
export function struct<S extends Shape>(shape: S): Codec<ValueOf<S>> {
  const fields = Object.entries(shape);
  return {
    read: (r) => {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of fields) out[name] = codec.read(r);
      return out as ValueOf<S>;
    },
    write: (w, v) => {
      const record = v as Record<string, unknown>;
      for (const [name, codec] of fields) (codec.write as (w: ByteWriter, value: unknown) => void)(w, record[name]);
    },
  };
}

/**
 * Optional trailing data, as Core reads the version message's later fields
 * (`if (!vRecv.empty()) vRecv >> ...`): read when bytes are left, else `fallback`. Always written.
 */
export function optionalTail<T>(codec: Codec<T>, fallback: T): Codec<T> {
  return { read: (r) => (r.remaining > 0 ? codec.read(r) : fallback), write: codec.write };
}

/** The same bytes, seen as another type (both directions given). */
export function mapCodec<A, B>(codec: Codec<A>, decode: (a: A) => B, encode: (b: B) => A): Codec<B> {
  return { read: (r) => decode(codec.read(r)), write: (w, v) => codec.write(w, encode(v)) };
}

/** A payload with no fields (verack, sendheaders, ...). */
export const empty: Codec<Record<string, never>> = { read: () => ({}), write: () => undefined };

/** A codec from a kernel reader/writer pair (the block codec). */
export function fromKernel<T>(read: (r: ByteReader) => T, write: (w: ByteWriter, v: T) => void): Codec<T> {
  return { read, write };
}

export { ByteReader, ByteWriter };
