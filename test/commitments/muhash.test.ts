/**
 * MuHash3072 (kernel/commitments/muhash.ts, SPEC.md §8.1) against Bitcoin Core's unit-test
 * vectors (src/test/crypto_tests.cpp `muhash_tests`, mirrored in Core's
 * test/functional/test_framework/crypto/muhash.py) and against an independent implementation
 * of Core's algorithm written here with node:crypto (OpenSSL's SHA256 and ChaCha20) and plain
 * bigint arithmetic, on random sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { referenceMuhashDisplayHex as referenceDigest } from '../support/muhash-reference.js';
import {
  type MuHash3072,
  MUHASH_EMPTY,
  muhashCombine,
  muhashDivide,
  muhashFinalize,
  MUHASH_BACKEND,
  muhashInsert,
  muhashInsertAll,
  muhashRemove,
  muhashRemoveAll,
  referenceElementsProduct,
} from '../../kernel/commitments/muhash.js';

/** Core's FromInt(i) in muhash_tests: the singleton set of the 32 bytes {i, 0, ..., 0}. */
function fromInt(i: number): MuHash3072 {
  const tmp = new Uint8Array(32);
  tmp[0] = i;
  return muhashInsert(MUHASH_EMPTY, tmp);
}

describe("§8.1 Core's muhash_tests vectors", () => {
  it('FromInt(0) *= FromInt(1), /= FromInt(2) finalizes to 10d312b1...5863', () => {
    const acc = muhashDivide(muhashCombine(fromInt(0), fromInt(1)), fromInt(2));
    expect(toDisplayHex(muhashFinalize(acc))).toBe('10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863');
  });

  it('FromInt(0), Insert({1,0..}), Remove({2,0..}) gives the same digest', () => {
    const one = new Uint8Array(32);
    one[0] = 1;
    const two = new Uint8Array(32);
    two[0] = 2;
    const acc = muhashRemove(muhashInsert(fromInt(0), one), two);
    expect(toDisplayHex(muhashFinalize(acc))).toBe('10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863');
  });

  it('the order of multiplications and divisions does not matter (43 of the 4,096 tables of 4 FromInt(0..3) ×/÷, evenly spaced)', () => {
    let tables = 0;
    for (let code = 0; code < 8 ** 4; code += 97) {
      const table = [0, 1, 2, 3].map((i) => (code >> (3 * i)) & 7);
      const digests = new Set<string>();
      for (let order = 0; order < 4; order++) {
        let acc = MUHASH_EMPTY;
        for (let i = 0; i < 4; i++) {
          const t = table[i ^ order] as number;
          acc = (t & 4) !== 0 ? muhashDivide(acc, fromInt(t & 3)) : muhashCombine(acc, fromInt(t & 3));
        }
        digests.add(toDisplayHex(muhashFinalize(acc)));
      }
      expect(digests.size).toBe(1);
      tables++;
    }
    expect(tables).toBe(43);
  });

  it('z = X·Y, y = Y·X, z / y is the empty set', () => {
    for (const [a, b] of [[3, 9], [0, 15], [7, 7]] as const) {
      const x = fromInt(a);
      const z = muhashCombine(muhashCombine(MUHASH_EMPTY, x), fromInt(b));
      const y = muhashCombine(fromInt(b), x);
      expect(toDisplayHex(muhashFinalize(muhashDivide(z, y)))).toBe(toDisplayHex(muhashFinalize(MUHASH_EMPTY)));
    }
  });
});

describe('§8.1 against an independent implementation (node:crypto, textbook arithmetic)', () => {
  it('random multisets of random elements: same digest', () => {
    const element = fc.uint8Array({ minLength: 0, maxLength: 120 });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), fc.array(element, { maxLength: 3 }), (inserted, removed) => {
        let acc = MUHASH_EMPTY;
        for (const d of inserted) acc = muhashInsert(acc, d);
        for (const d of removed) acc = muhashRemove(acc, d);
        expect(toDisplayHex(muhashFinalize(acc))).toBe(referenceDigest(inserted, removed));
      }),
      { numRuns: 40, seed: 0x3072 },
    );
  });

  it('the reference itself reproduces Core\'s vector (so it is a reference)', () => {
    const e = (i: number): Uint8Array => {
      const t = new Uint8Array(32);
      t[0] = i;
      return t;
    };
    expect(referenceDigest([e(0), e(1)], [e(2)])).toBe('10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863');
  });

  it('insert then remove restores the digest; insertion order is irrelevant', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 60 }), { minLength: 1, maxLength: 5 }), fc.uint8Array({ maxLength: 60 }), (set, extra) => {
        const build = (items: readonly Uint8Array[]): MuHash3072 => items.reduce(muhashInsert, MUHASH_EMPTY);
        const base = toDisplayHex(muhashFinalize(build(set)));
        expect(toDisplayHex(muhashFinalize(build([...set].reverse())))).toBe(base);
        expect(toDisplayHex(muhashFinalize(muhashRemove(muhashInsert(build(set), extra), extra)))).toBe(base);
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});

describe('§8.1 batches (a block\'s coins at once, in WebAssembly here) equal the bigint reference', () => {
  it('the batch path runs in WebAssembly here', () => {
    expect(MUHASH_BACKEND).toBe('wasm');
  });

  it('muhashInsertAll / muhashRemoveAll of random batches: the accumulator of bigint products, and the digest of one element at a time', () => {
    const element = fc.uint8Array({ minLength: 0, maxLength: 90 });
    let runs = 0;
    fc.assert(
      fc.property(fc.array(element, { maxLength: 12 }), fc.array(element, { maxLength: 12 }), (inserted, removed) => {
        const batched = muhashRemoveAll(muhashInsertAll(MUHASH_EMPTY, inserted), removed);
        expect(batched.numerator).toBe(referenceElementsProduct(inserted));
        expect(batched.denominator).toBe(referenceElementsProduct(removed));
        const single = removed.reduce(muhashRemove, inserted.reduce(muhashInsert, MUHASH_EMPTY));
        expect(toDisplayHex(muhashFinalize(batched))).toBe(toDisplayHex(muhashFinalize(single)));
        runs++;
      }),
      { numRuns: 25, seed: 0x3073 },
    );
    expect(runs).toBe(25);
  });

  it('a batch across the 4,096-element SHA-256 chunks (4,097 elements, the last alone): the bigint reference', () => {
    const coins = Array.from({ length: 4097 }, (_, i) => Uint8Array.from({ length: 40 }, (_, j) => (i * 7 + j * 29 + (i >> 8)) & 255));
    expect(muhashInsertAll(MUHASH_EMPTY, coins).numerator).toBe(referenceElementsProduct(coins));
  });

  it('a batch of 1,000 coin-sized elements: the independent implementation\'s digest', () => {
    const coins = Array.from({ length: 1000 }, (_, i) => Uint8Array.from({ length: 60 }, (_, j) => (i * 131 + j * 17) & 255));
    expect(toDisplayHex(muhashFinalize(muhashInsertAll(MUHASH_EMPTY, coins)))).toBe(referenceDigest(coins, []));
  });
});
