import { describe, expect, it } from 'vitest';
import {
  fromDisplayHex,
  fromHex,
  toDisplayHex,
  toHex,
  type DecodeErrorCode,
} from '../kernel/index.js';
import { ByteWriter } from "../kernel/encoding/writer.js";
import { ByteReader, decodeExact } from "../kernel/encoding/reader.js";

const readCompactSize = (hex: string) => {
  const bytes = fromHex(hex);
  if (!bytes.ok) throw new Error('bad hex');
  return decodeExact(bytes.value, (r: ByteReader) => r.compactSize());
};
const errorOf = (hex: string): DecodeErrorCode | number => {
  const r = readCompactSize(hex);
  return r.ok ? r.value : r.error.code;
};

describe('§1.1 CompactSize (Core serialize.h)', () => {
  it('writes the shortest form at every boundary', () => {
    const cases: readonly (readonly [number, string])[] = [
      [0, '00'],
      [252, 'fc'],
      [253, 'fdfd00'],
      [0xffff, 'fdffff'],
      [0x10000, 'fe00000100'],
      [0x02000000, 'fe00000002'],
      [0xffffffff, 'feffffffff'],
      [0x100000000, 'ff0000000001000000'],
    ];
    for (const [n, hex] of cases) expect(toHex(new ByteWriter().compactSize(n).finish())).toBe(hex);
  });

  it('reads canonical encodings up to MAX_SIZE', () => {
    expect([errorOf('00'), errorOf('fc'), errorOf('fdfd00'), errorOf('fdffff'), errorOf('fe00000100'), errorOf('fe00000002')]).toEqual([
      0, 252, 253, 0xffff, 0x10000, 0x02000000,
    ]);
  });

  it("rejects every non-canonical form with Core's message", () => {
    for (const hex of ['fd0000', 'fdfc00', 'feffff0000', 'fe00000000', 'ffffffffff00000000', 'ff0000000000000000']) {
      expect(errorOf(hex)).toBe('non-canonical ReadCompactSize()');
    }
  });

  it('rejects sizes above MAX_SIZE (0x02000000)', () => {
    expect(errorOf('fe01000002')).toBe('ReadCompactSize(): size too large');
    expect(errorOf('feffffffff')).toBe('ReadCompactSize(): size too large');
    expect(errorOf('ff0000000001000000')).toBe('ReadCompactSize(): size too large');
    expect(errorOf('ffffffffffffffffff')).toBe('ReadCompactSize(): size too large');
  });

  it('reports truncation as end of data, with its offset', () => {
    expect(readCompactSize('fd00')).toEqual({ ok: false, error: { code: 'DataStream::read(): end of data', offset: 1 } });
    expect(errorOf('')).toBe('DataStream::read(): end of data');
    expect(errorOf('ff00000000')).toBe('DataStream::read(): end of data');
  });

  it('reports bytes left over as trailing data', () => {
    expect(readCompactSize('0000')).toEqual({ ok: false, error: { code: 'trailing-data', offset: 1 } });
  });
});

describe('§1.3 hex', () => {
  it('round-trips and rejects malformed hex', () => {
    expect(fromHex('00ff10')).toEqual({ ok: true, value: Uint8Array.of(0, 255, 16) });
    expect(fromHex('0')).toEqual({ ok: false, error: 'invalid-hex' });
    expect(fromHex('zz')).toEqual({ ok: false, error: 'invalid-hex' });
    expect(fromHex('')).toEqual({ ok: true, value: new Uint8Array(0) });
  });

  it('displays hashes byte-reversed like uint256::GetHex', () => {
    const hash = new Uint8Array(32);
    hash[0] = 0x6f;
    hash[31] = 0x00;
    expect(toDisplayHex(hash)).toBe(`${'00'.repeat(31)}6f`);
    const back = fromDisplayHex(toDisplayHex(hash));
    expect(back.ok && toHex(back.value)).toBe(toHex(hash));
    expect(fromDisplayHex('00')).toEqual({ ok: false, error: 'invalid-hex' });
  });
});

describe('ByteWriter.finish', () => {
  it('a writer filled to its capacity hands over its buffer; writing on grows into a new one and leaves the result as it was', () => {
    const w = new ByteWriter(6).u32le(0x04030201).u8(5).u8(6);
    const full = w.finish();
    expect(toHex(full)).toBe('010203040506');
    w.u32le(0xffffffff);
    expect(toHex(full)).toBe('010203040506');
    expect(toHex(w.finish())).toBe('010203040506ffffffff');
    // Not full: a copy of the bytes written, the capacity's tail left out.
    const partial = new ByteWriter(16).u8(7);
    const first = partial.finish();
    partial.u8(8);
    expect([toHex(first), toHex(partial.finish())]).toEqual(['07', '0708']);
  });
});
