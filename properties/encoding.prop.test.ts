/**
 * Properties of kernel/encoding: CompactSize (Core's ReadCompactSize / WriteCompactSize,
 * SPEC.md §1.1) and the little-endian integer reader/writer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SIZE, compactSizeWidth, encodeCompactSize, isCanonicalCompactSize } from '../kernel/encoding/compact-size.js';
import { ByteReader, decodeExact, decodePrefix } from '../kernel/encoding/reader.js';
import { ByteWriter } from '../kernel/encoding/writer.js';
import { I64_MAX, I64_MIN, U32_MAX } from './arbitraries.js';

const readCompactSize = (bytes: Uint8Array) => decodeExact(bytes, (r) => r.compactSize());

/** n in [0, MAX_SIZE] with every width boundary drawn often. */
const compactSizeInRange = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: MAX_SIZE }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1ff }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, 1, 0xfc, 0xfd, 0xfe, 0xff, 0x100, 0xffff, 0x10000, MAX_SIZE - 1, MAX_SIZE),
  },
);

/** Little-endian bytes of a non-negative integer below 2^(8*width). */
function le(n: bigint, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < width; i++) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return out;
}

describe('§1.1 CompactSize', () => {
  it('ByteWriter.compactSize(n) reads back as n through ByteReader.compactSize, in compactSizeWidth(n) bytes', () => {
    fc.assert(
      fc.property(compactSizeInRange, (n) => {
        const bytes = new ByteWriter().compactSize(n).finish();
        expect(bytes.length).toBe(compactSizeWidth(n));
        const prefix = bytes[0] ?? -1;
        // The shortest form: the prefix byte matches the width.
        const expectedPrefix = n < 0xfd ? n : n <= 0xffff ? 0xfd : 0xfe;
        expect(prefix).toBe(expectedPrefix);
        expect(isCanonicalCompactSize(prefix, n)).toBe(true);
        expect(readCompactSize(bytes)).toEqual({ ok: true, value: n });
      }),
      { numRuns: 2000 },
    );
  });

  it('encodeCompactSize(n) above MAX_SIZE up to 2^53 is 0xfe or 0xff then n little-endian (what ByteWriter emits)', () => {
    const large = fc.oneof(
      fc.integer({ min: MAX_SIZE + 1, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(U32_MAX, U32_MAX + 1, 2 ** 52, Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(large, (n) => {
        const expected = n <= U32_MAX ? [0xfe, ...le(BigInt(n), 4)] : [0xff, ...le(BigInt(n), 8)];
        expect([...encodeCompactSize(n)]).toEqual(expected);
        expect([...new ByteWriter().compactSize(n).finish()]).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('compactSizeWidth is 1/3/5/9 exactly at Core\'s thresholds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const expected = n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= U32_MAX ? 5 : 9;
        expect(compactSizeWidth(n)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('every non-canonical (over-wide) encoding is rejected with non-canonical ReadCompactSize()', () => {
    const overWide = fc.oneof(
      fc.integer({ min: 0, max: 0xfc }).map((n) => [0xfd, ...le(BigInt(n), 2)]),
      fc.integer({ min: 0, max: 0xffff }).map((n) => [0xfe, ...le(BigInt(n), 4)]),
      // 0xff with a value that fits in 32 bits; includes values above MAX_SIZE, for which Core
      // reports the canonical-form failure first.
      fc.bigInt({ min: 0n, max: BigInt(U32_MAX) }).map((n) => [0xff, ...le(n, 8)]),
      fc.constantFrom([0xfd, 0, 0], [0xfd, 0x10, 0], [0xfd, 0xfc, 0], [0xfe, 0xff, 0xff, 0, 0], [0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
    );
    fc.assert(
      fc.property(overWide, (encoding) => {
        const result = readCompactSize(Uint8Array.from(encoding));
        expect(result).toEqual({ ok: false, error: { code: 'non-canonical ReadCompactSize()', offset: encoding.length } });
      }),
      { numRuns: 1000 },
    );
  });

  it('canonical values above MAX_SIZE (0x02000000) are rejected with ReadCompactSize(): size too large', () => {
    const tooLarge = fc.oneof(
      fc.integer({ min: MAX_SIZE + 1, max: U32_MAX }).map((n) => [0xfe, ...le(BigInt(n), 4)]),
      fc.bigInt({ min: BigInt(U32_MAX) + 1n, max: 2n ** 64n - 1n }).map((n) => [0xff, ...le(n, 8)]),
      fc.constantFrom(
        [0xfe, ...le(BigInt(MAX_SIZE) + 1n, 4)],
        [0xff, ...le(2n ** 32n, 8)],
        [0xff, ...le(2n ** 53n + 1n, 8)],
        [0xff, ...le(2n ** 64n - 1n, 8)],
      ),
    );
    fc.assert(
      fc.property(tooLarge, (encoding) => {
        const result = readCompactSize(Uint8Array.from(encoding));
        expect(result).toEqual({ ok: false, error: { code: 'ReadCompactSize(): size too large', offset: encoding.length } });
      }),
      { numRuns: 1000 },
    );
  });

  it('a CompactSize cut short fails with end of data, never a value', () => {
    fc.assert(
      fc.property(compactSizeInRange, (n) => {
        const bytes = new ByteWriter().compactSize(n).finish();
        for (let cut = 0; cut < bytes.length; cut++) {
          const result = readCompactSize(bytes.subarray(0, cut));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).toBe('DataStream::read(): end of data');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('ByteReader.count(k) refuses counts whose k-byte items cannot fit in the bytes left', () => {
    fc.assert(
      fc.property(
        compactSizeInRange,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 512 }),
        (n, itemSize, left) => {
          const bytes = new ByteWriter().compactSize(n).bytes(new Uint8Array(left)).finish();
          const result = decodePrefix(bytes, (r) => r.count(itemSize));
          if (n * itemSize > left) {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.error.code).toBe('DataStream::read(): end of data');
          } else {
            expect(result).toEqual({ ok: true, value: { value: n, end: compactSizeWidth(n) } });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('§1.1 ByteReader / ByteWriter integers', () => {
  const cases = [
    {
      name: 'u8',
      width: 1,
      arb: fc.oneof(fc.integer({ min: 0, max: 0xff }), fc.constantFrom(0, 1, 0x7f, 0x80, 0xff)),
      write: (w: ByteWriter, v: number) => w.u8(v),
      read: (r: ByteReader) => r.u8(),
      toUnsigned: (v: number) => BigInt(v),
    },
    {
      name: 'u16le',
      width: 2,
      arb: fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 1, 0xff, 0x100, 0x7fff, 0x8000, 0xffff)),
      write: (w: ByteWriter, v: number) => w.u16le(v),
      read: (r: ByteReader) => r.u16le(),
      toUnsigned: (v: number) => BigInt(v),
    },
    {
      name: 'u32le',
      width: 4,
      arb: fc.oneof(fc.integer({ min: 0, max: U32_MAX }), fc.constantFrom(0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, U32_MAX)),
      write: (w: ByteWriter, v: number) => w.u32le(v),
      read: (r: ByteReader) => r.u32le(),
      toUnsigned: (v: number) => BigInt(v),
    },
    {
      name: 'i32le',
      width: 4,
      arb: fc.oneof(
        fc.integer({ min: -0x80000000, max: 0x7fffffff }),
        fc.constantFrom(-0x80000000, -0x7fffffff, -1, 0, 1, 0x7fffffff),
      ),
      write: (w: ByteWriter, v: number) => w.i32le(v),
      read: (r: ByteReader) => r.i32le(),
      toUnsigned: (v: number) => BigInt.asUintN(32, BigInt(v)),
    },
  ] as const;

  for (const c of cases) {
    it(`${c.name}: writes ${c.width} little-endian bytes and reads back the same value`, () => {
      fc.assert(
        fc.property(c.arb, (v) => {
          const bytes = c.write(new ByteWriter(0), v).finish();
          expect(Array.from(bytes)).toEqual(le(c.toUnsigned(v), c.width));
          expect(decodeExact(bytes, c.read)).toEqual({ ok: true, value: v });
          // One byte short is end of data at offset 0; one byte over is trailing data.
          const short = decodeExact(bytes.subarray(0, c.width - 1), c.read);
          expect(short).toEqual({ ok: false, error: { code: 'DataStream::read(): end of data', offset: 0 } });
          const long = decodeExact(Uint8Array.from([...bytes, 0]), c.read);
          expect(long).toEqual({ ok: false, error: { code: 'trailing-data', offset: c.width } });
        }),
        { numRuns: 500 },
      );
    });
  }

  it('i64le: writes 8 little-endian two\'s-complement bytes and reads back the same bigint', () => {
    const arb = fc.oneof(
      fc.bigInt({ min: I64_MIN, max: I64_MAX }),
      fc.constantFrom(I64_MIN, I64_MIN + 1n, -1n, 0n, 1n, 2n ** 53n, 2n ** 32n, I64_MAX),
    );
    fc.assert(
      fc.property(arb, (v) => {
        const bytes = new ByteWriter(0).i64le(v).finish();
        expect(Array.from(bytes)).toEqual(le(BigInt.asUintN(64, v), 8));
        expect(decodeExact(bytes, (r) => r.i64le())).toEqual({ ok: true, value: v });
        expect(decodeExact(bytes.subarray(0, 7), (r) => r.i64le())).toEqual({
          ok: false,
          error: { code: 'DataStream::read(): end of data', offset: 0 },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('a mixed sequence of writes reads back in order, from any byteOffset view', () => {
    type Op =
      | { kind: 'u8'; v: number }
      | { kind: 'u16le'; v: number }
      | { kind: 'u32le'; v: number }
      | { kind: 'i32le'; v: number }
      | { kind: 'i64le'; v: bigint }
      | { kind: 'compactSize'; v: number }
      | { kind: 'varBytes'; v: Uint8Array };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.integer({ min: 0, max: 0xff }).map((v) => ({ kind: 'u8' as const, v })),
      fc.integer({ min: 0, max: 0xffff }).map((v) => ({ kind: 'u16le' as const, v })),
      fc.integer({ min: 0, max: U32_MAX }).map((v) => ({ kind: 'u32le' as const, v })),
      fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((v) => ({ kind: 'i32le' as const, v })),
      fc.bigInt({ min: I64_MIN, max: I64_MAX }).map((v) => ({ kind: 'i64le' as const, v })),
      compactSizeInRange.map((v) => ({ kind: 'compactSize' as const, v })),
      fc.uint8Array({ maxLength: 300 }).map((v) => ({ kind: 'varBytes' as const, v })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.nat(16), (ops, pad) => {
        const w = new ByteWriter(1); // tiny initial capacity: every op exercises growth
        for (const o of ops) {
          if (o.kind === 'i64le') w.i64le(o.v);
          else if (o.kind === 'varBytes') w.varBytes(o.v);
          else w[o.kind](o.v);
        }
        const encoded = w.finish();
        // Place the bytes inside a larger buffer so the reader sees a non-zero byteOffset.
        const host = new Uint8Array(pad + encoded.length + pad).fill(0xaa);
        host.set(encoded, pad);
        const view = host.subarray(pad, pad + encoded.length);
        const result = decodeExact(view, (r) =>
          ops.map((o) => (o.kind === 'i64le' ? r.i64le() : o.kind === 'varBytes' ? r.varBytes() : r[o.kind]())),
        );
        expect(result).toEqual({ ok: true, value: ops.map((o) => o.v) });
      }),
      { numRuns: 500 },
    );
  });
});
