/**
 * Decoding the store's own records: the kernel's bounded ByteReader (every length checked
 * against the bytes left before anything is allocated) plus the failures only stored records
 * have, under Core's messages where Core has one (`ReadVarInt(): size too large`, undo
 * `Checksum mismatch`). A record that does not decode is a value, never an exception.
 */
import type { ByteReader } from '../../kernel/encoding/reader.js';
import { decodeExact } from '../../kernel/encoding/reader.js';
import { type Result, err } from '../../kernel/result.js';

/** Why a stored record does not decode: Core's message or ours, and the byte offset. */
export interface RecordDecodeError {
  readonly code: string;
  readonly offset: number;
}

/** Thrown inside a record decode only; `decodeRecord` turns it into a value. */
class RecordFailure {
  constructor(readonly error: RecordDecodeError) {}
}

/** Fails the decode in progress with `code` at the reader's position. */
export function failRecord(r: ByteReader, code: string): never {
  throw new RecordFailure({ code, offset: r.offset });
}

/** Runs `decode` over all of `bytes`: the kernel's decode errors, ours, and trailing bytes become a value. */
export function decodeRecord<T>(bytes: Uint8Array, decode: (r: ByteReader) => T): Result<T, RecordDecodeError> {
  try {
    const decoded = decodeExact(bytes, decode);
    return decoded.ok ? decoded : err({ code: decoded.error.code, offset: decoded.error.offset });
  } catch (e) {
    if (e instanceof RecordFailure) return err(e.error);
    throw e;
  }
}
