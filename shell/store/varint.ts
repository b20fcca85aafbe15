/**
 * Core's VARINT (serialize.h WriteVarInt / ReadVarInt, VarIntMode::DEFAULT): base-128 digits,
 * most significant first, the high bit set on every byte but the last, and one subtracted per
 * continuation so that every number has exactly one encoding (0x80 0x00 is 128, not 0). Used by
 * Core's chainstate coins and undo data (coins.h, undo.h, compressor.h). Vectors: Core's
 * serialize_tests varints_bitpatterns (test/store/coin-codec.test.ts).
 */
import type { ByteReader } from '../../kernel/encoding/reader.js';
import type { ByteWriter } from '../../kernel/encoding/writer.js';
import { failRecord } from './record-decode.js';

/** The largest values of Core's unsigned int (u32) and uint64_t, the types its VARINTs are read as. */
export const U32_MAX = 0xffffffffn;
export const U64_MAX = 0xffffffffffffffffn;

/** WriteVarInt of a non-negative integer below 2^64. */
export function writeVarInt(w: ByteWriter, value: bigint | number): void {
  let n = BigInt(value);
  const digits: number[] = [];
  for (;;) {
    digits.push(Number(n & 0x7fn) | (digits.length > 0 ? 0x80 : 0));
    if (n <= 0x7fn) break;
    n = (n >> 7n) - 1n;
  }
  for (let i = digits.length - 1; i >= 0; i--) w.u8(digits[i] as number);
}

/** ReadVarInt into an integer type whose largest value is `max`: "ReadVarInt(): size too large" past it, as Core. */
export function readVarInt(r: ByteReader, max: bigint): bigint {
  let n = 0n;
  for (;;) {
    const byte = r.u8();
    if (n > max >> 7n) failRecord(r, 'ReadVarInt(): size too large');
    n = (n << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return n;
    if (n === max) failRecord(r, 'ReadVarInt(): size too large');
    n++;
  }
}

/** ReadVarInt as Core's `unsigned int` (heights·2+coinbase, script sizes), as a number. */
export function readVarIntU32(r: ByteReader): number {
  return Number(readVarInt(r, U32_MAX));
}
