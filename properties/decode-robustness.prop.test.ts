/**
 * Decoder robustness (docs/ARCHITECTURE.md, kernel rule 3): on any input — truncations and byte flips of
 * real blocks and transactions, arbitrary bytes, lying length prefixes — the decoders return a
 * typed result and never throw; a decoder never allocates from a length it has not checked
 * against the bytes left.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SIZE } from '../kernel/encoding/compact-size.js';
import type { DecodeError } from '../kernel/encoding/errors.js';
import { ByteWriter } from '../kernel/encoding/writer.js';
import { decodeBlock, decodeBlockHeader, encodeBlock, encodeBlockHeader } from '../kernel/primitives/block.js';
import { decodeTransaction, encodeTransaction } from '../kernel/primitives/transaction.js';
import type { Result } from '../kernel/result.js';
import { KNOWN_DECODE_ERROR_CODES, expectSameBytes, mutated, vector } from './arbitraries.js';

const END_OF_DATA = 'DataStream::read(): end of data';

/** A decode outcome is ok, or a known error code at an integer offset inside the input. */
function expectTyped(result: Result<unknown, DecodeError>, length: number): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(KNOWN_DECODE_ERROR_CODES.has(result.error.code), result.error.code).toBe(true);
  expect(Number.isInteger(result.error.offset)).toBe(true);
  expect(result.error.offset).toBeGreaterThanOrEqual(0);
  expect(result.error.offset).toBeLessThanOrEqual(length);
}

const BLOCK_413567 = vector('bitcoin-core/block413567.raw');
const BLOCK_482683 = vector('bcoin/block482683.raw'); // segwit block: 2 of 12 txs carry witnesses
const TXS = ['tx1', 'tx2', 'tx3', 'tx4', 'tx5', 'tx6', 'tx7', 'tx8', 'tx9', 'tx10'].map((name) => ({
  name,
  bytes: vector(`bcoin/${name}.raw`),
}));

/** A strict prefix of valid bytes must fail with end of data, at or before the cut. */
function expectTruncationFails(result: Result<unknown, DecodeError>, cut: number): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(END_OF_DATA);
    expect(result.error.offset).toBeLessThanOrEqual(cut);
  }
}

describe('§1.1 §1.4 §2.1 §2.2 truncations of real data', () => {
  it('block413567 (1 MB): sampled truncations fail with end of data', () => {
    const n = BLOCK_413567.length;
    const fixed = [0, 1, 4, 79, 80, 81, 82, 83, 1000, n - 5, n - 4, n - 1];
    for (const cut of fixed) expectTruncationFails(decodeBlock(BLOCK_413567.subarray(0, cut)), cut);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n - 1 }), (cut) => {
        expectTruncationFails(decodeBlock(BLOCK_413567.subarray(0, cut)), cut);
      }),
      { numRuns: 300 },
    );
  });

  it('block482683 (segwit): every truncation fails with end of data', () => {
    for (let cut = 0; cut < BLOCK_482683.length; cut++) {
      expectTruncationFails(decodeBlock(BLOCK_482683.subarray(0, cut)), cut);
    }
  });

  it('real transactions: every truncation (sampled for the 62 kB tx5) fails with end of data', () => {
    for (const { name, bytes } of TXS) {
      if (bytes.length <= 4096) {
        for (let cut = 0; cut < bytes.length; cut++) expectTruncationFails(decodeTransaction(bytes.subarray(0, cut)), cut);
      } else {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
            expectTruncationFails(decodeTransaction(bytes.subarray(0, cut)), cut);
          }),
          { numRuns: 500 },
        );
      }
      // And one extra byte is trailing data at the old end.
      const extended = new Uint8Array(bytes.length + 1);
      extended.set(bytes);
      expect(decodeTransaction(extended), name).toEqual({
        ok: false,
        error: { code: 'trailing-data', offset: bytes.length },
      });
    }
  });
});

describe('§1.4 §2.1 §2.2 byte flips of real data', () => {
  // When flipped bytes still decode, they must be the canonical encoding of what was decoded:
  // the decoder accepts exactly one byte string per value.
  it('block413567 with 1-4 flipped bytes: typed result; if ok, re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(mutated(BLOCK_413567), (bytes) => {
        const result = decodeBlock(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeBlock(result.value), bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('block482683 with 1-8 flipped bytes: typed result; if ok, re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(mutated(BLOCK_482683, 8), (bytes) => {
        const result = decodeBlock(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeBlock(result.value), bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('flips in the first 120 bytes of block482683 (header, tx count, coinbase framing)', () => {
    const head = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 119 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 })
      .map((flips) => {
        const copy = BLOCK_482683.slice();
        for (const [at, xor] of flips) copy[at] = (copy[at] ?? 0) ^ xor;
        return copy;
      });
    fc.assert(
      fc.property(head, (bytes) => {
        const result = decodeBlock(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeBlock(result.value), bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('real transactions with 1-4 flipped bytes: typed result; if ok, re-encodes to the same bytes', () => {
    const arb = fc.constantFrom(...TXS).chain(({ bytes }) => mutated(bytes));
    fc.assert(
      fc.property(arb, (bytes) => {
        const result = decodeTransaction(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeTransaction(result.value), bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('decoding a view at a non-zero byteOffset gives the same result as decoding a copy', () => {
    const arb = fc.tuple(fc.constantFrom(...TXS).chain(({ bytes }) => mutated(bytes)), fc.integer({ min: 1, max: 33 }));
    fc.assert(
      fc.property(arb, ([bytes, pad]) => {
        const host = new Uint8Array(pad + bytes.length + pad).fill(0xff);
        host.set(bytes, pad);
        const view = host.subarray(pad, pad + bytes.length);
        expect(decodeTransaction(view)).toEqual(decodeTransaction(bytes.slice()));
      }),
      { numRuns: 200 },
    );
  });
});

describe('§1.4 §2.1 §2.2 arbitrary bytes', () => {
  /** Bytes biased to small values and CompactSize prefixes, so decoding gets past the counts. */
  const biasedBytes = (maxLength: number) =>
    fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
          { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 3, 0xfc, 0xfd, 0xfe, 0xff) },
        ),
        { maxLength },
      )
      .map((a) => Uint8Array.from(a));
  const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), biasedBytes(600));

  it('decodeTransaction: never throws, typed result; if ok, re-encodes to the input', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const result = decodeTransaction(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeTransaction(result.value), bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeTransaction of a valid-looking start followed by arbitrary bytes: typed result', () => {
    // version, then a plausible marker/flag or count, then junk.
    const start = fc.constantFrom([1, 0, 0, 0, 0, 1], [2, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 3], [1, 0, 0, 0, 0, 1, 1]);
    fc.assert(
      fc.property(start, biasedBytes(400), (prefix, rest) => {
        const bytes = Uint8Array.from([...prefix, ...rest]);
        const result = decodeTransaction(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeTransaction(result.value), bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeBlock and decodeBlockHeader: never throw, typed result; if ok, re-encode to the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 80, maxLength: 80 }), biasedBytes(400), (header, rest) => {
        const bytes = Uint8Array.from([...header, ...rest]);
        const result = decodeBlock(bytes);
        expectTyped(result, bytes.length);
        if (result.ok) expectSameBytes(encodeBlock(result.value), bytes);
        const h = decodeBlockHeader(bytes);
        expectTyped(h, bytes.length);
        if (h.ok) expectSameBytes(encodeBlockHeader(h.value), bytes);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expectTyped(decodeBlock(bytes), bytes.length);
        expectTyped(decodeBlockHeader(bytes), bytes.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('§1.1 lying length prefixes fail fast, before allocating', () => {
  const OUTPOINT = new Uint8Array(36);
  /** A count or length far beyond any tail we append (tails are at most 64 bytes). */
  const hugeLength = fc.oneof(fc.integer({ min: 0x10000, max: MAX_SIZE }), fc.constant(MAX_SIZE));
  const tail = fc.uint8Array({ maxLength: 64 });

  type Layout = (w: ByteWriter, n: number) => ByteWriter;
  const txLayouts: Record<string, Layout> = {
    'input count': (w, n) => w.u32le(1).compactSize(n),
    'scriptSig length': (w, n) => w.u32le(1).compactSize(1).bytes(OUTPOINT).compactSize(n),
    'output count': (w, n) => w.u32le(1).compactSize(1).bytes(OUTPOINT).compactSize(0).u32le(0xffffffff).compactSize(n),
    'scriptPubKey length': (w, n) =>
      w.u32le(1).compactSize(1).bytes(OUTPOINT).compactSize(0).u32le(0).compactSize(1).i64le(0n).compactSize(n),
    'extended-format input count': (w, n) => w.u32le(2).u8(0).u8(1).compactSize(n),
    'witness stack size': (w, n) =>
      w.u32le(2).u8(0).u8(1).compactSize(1).bytes(OUTPOINT).compactSize(0).u32le(0).compactSize(0).compactSize(n),
    'witness item length': (w, n) =>
      w.u32le(2).u8(0).u8(1).compactSize(1).bytes(OUTPOINT).compactSize(0).u32le(0).compactSize(0).compactSize(1).compactSize(n),
  };

  const timings: string[] = [];
  function timed<T>(label: string, f: () => T): T {
    const t0 = performance.now();
    const value = f();
    const ms = performance.now() - t0;
    timings.push(`${label}: ${ms.toFixed(3)} ms`);
    return value;
  }

  for (const [where, layout] of Object.entries(txLayouts)) {
    it(`tx ${where} of up to 0x02000000 on a tiny input: end of data`, () => {
      let slowest = 0;
      fc.assert(
        fc.property(hugeLength, tail, (n, rest) => {
          const prefix = layout(new ByteWriter(), n).finish();
          const bytes = new ByteWriter().bytes(prefix).bytes(rest).finish();
          const t0 = performance.now();
          const result = decodeTransaction(bytes);
          slowest = Math.max(slowest, performance.now() - t0);
          // Refused at the length itself (offset = just after its prefix): nothing was read,
          // let alone allocated, on the strength of the lying length.
          expect(result).toEqual({ ok: false, error: { code: END_OF_DATA, offset: prefix.length } });
        }),
        { numRuns: 200 },
      );
      // Measured, not asserted: a decoder that allocated 0x02000000 items would show here.
      timings.push(`tx ${where}: slowest of 200 decodes ${slowest.toFixed(3)} ms`);
    });
  }

  it('block transaction count of 0x02000000 after a header: end of data', () => {
    fc.assert(
      fc.property(hugeLength, tail, (n, rest) => {
        const prefix = new ByteWriter().bytes(new Uint8Array(80)).compactSize(n).finish();
        const bytes = new ByteWriter().bytes(prefix).bytes(rest).finish();
        const result = decodeBlock(bytes);
        expect(result).toEqual({ ok: false, error: { code: END_OF_DATA, offset: prefix.length } });
      }),
      { numRuns: 200 },
    );
  });

  it('the exact MAX_SIZE cases, measured', () => {
    const script = new ByteWriter().u32le(1).compactSize(1).bytes(OUTPOINT).compactSize(MAX_SIZE).u8(0).finish();
    const inputs = new ByteWriter().u32le(1).compactSize(MAX_SIZE).u32le(0).finish();
    for (const [label, bytes] of [
      ['0x02000000-byte scriptSig', script],
      ['0x02000000 inputs', inputs],
    ] as const) {
      const result = timed(label, () => decodeTransaction(bytes));
      expect(result).toMatchObject({ ok: false, error: { code: END_OF_DATA } });
    }
    // One above MAX_SIZE is refused by the range check instead.
    const over = new ByteWriter().u32le(1).compactSize(MAX_SIZE + 1).finish();
    expect(decodeTransaction(over)).toMatchObject({ ok: false, error: { code: 'ReadCompactSize(): size too large' } });
    console.info(['decode time on lying lengths (informational):', ...timings].join('\n  '));
  });
});
