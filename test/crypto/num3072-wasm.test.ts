/**
 * The WebAssembly Num3072 product (kernel/crypto/num3072-wasm/, SPEC.md §8.1) against textbook
 * bigint arithmetic written here: products of fast-check factors (random bytes, and the extremes
 * whose limbs are all full or all empty, and the numbers around p), long chains of the largest
 * factor (every carry and both folds at their widest), the bound the caller relies on (below
 * 2^3073), refusals of wrong lengths, and the committed module is what build.mjs compiles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NUM3072_WASM, wasmNum3072Product } from '../../kernel/crypto/num3072-wasm/num3072-wasm.js';
import { NUM3072_WASM_BASE64 } from '../../kernel/crypto/num3072-wasm/num3072-wasm-module.js';

/** Core's MuHash prime, written out here: 2^3072 - 1103717. */
const P = 2n ** 3072n - 1103717n;
/** A little-endian byte string as a number, one byte at a time from the top. */
const littleEndianNumber = (bytes: Uint8Array): bigint => bytes.reduceRight((n, b) => n * 256n + BigInt(b), 0n);
/** n < 2^3072 as 384 little-endian bytes, one byte at a time. */
const bytesOf = (n: bigint): Uint8Array => Uint8Array.from({ length: 384 }, (_, i) => Number((n >> BigInt(8 * i)) & 255n));

const wasm = NUM3072_WASM;
const product = (factors: readonly Uint8Array[]): bigint => {
  if (wasm === undefined) throw new Error('the module did not load');
  return wasmNum3072Product(wasm, factors);
};
const textbook = (factors: readonly Uint8Array[]): bigint => factors.reduce((acc, f) => (acc * littleEndianNumber(f)) % P, 1n);

/** Factors worth their own cases: 0, 1, p - 1, p, p + 1, 2^3072 - 1 (every limb full), the top bit alone, the top half of the bits. */
const SPECIAL = [0n, 1n, P - 1n, P, P + 1n, 2n ** 3072n - 1n, 2n ** 3071n, 2n ** 3072n - 2n ** 1536n].map(bytesOf);

describe('§8.1 Num3072 products in WebAssembly', () => {
  it('loads here (Node 20 has WebAssembly SIMD)', () => {
    expect(wasm).toBeDefined();
  });

  it('random and extreme factors: the textbook product modulo p, and below 2^3073 (fast-check, 300 lists of 1 to 8)', () => {
    const factor = fc.oneof(fc.uint8Array({ minLength: 384, maxLength: 384 }), fc.constantFrom(...SPECIAL));
    let runs = 0;
    fc.assert(
      fc.property(fc.array(factor, { minLength: 1, maxLength: 8 }), (factors) => {
        const got = product(factors);
        expect(got < 2n ** 3073n).toBe(true);
        expect(got % P).toBe(textbook(factors));
        runs++;
      }),
      { numRuns: 300, seed: 3072 },
    );
    expect(runs).toBe(300);
  });

  it('2,000 factors of 2^3072 - 1 in a row: (1103716)^2000 modulo p', () => {
    const max = bytesOf(2n ** 3072n - 1n);
    const got = product(Array.from({ length: 2000 }, () => max));
    let expected = 1n;
    for (let i = 0; i < 2000; i++) expected = (expected * 1103716n) % P;
    expect(got % P).toBe(expected);
    expect(got < 2n ** 3073n).toBe(true);
  });

  it('one factor is itself; a zero factor makes zero', () => {
    const x = bytesOf(P + 5n);
    expect(product([x])).toBe(P + 5n);
    expect(product([x, bytesOf(0n), x]) % P).toBe(0n);
  });

  it('refuses a factor of another length, and no factors, with a RangeError', () => {
    expect(() => product([new Uint8Array(383)])).toThrow(RangeError);
    expect(() => product([bytesOf(1n), new Uint8Array(385)])).toThrow(RangeError);
    expect(() => product([])).toThrow(RangeError);
  });

  it('the committed module is what build.mjs compiles from num3072.c (clang-14 for wasm32)', async () => {
    const build = '../../kernel/crypto/num3072-wasm/build.mjs';
    const { buildNum3072Wasm } = (await import(build)) as { buildNum3072Wasm: () => Uint8Array };
    expect(Buffer.from(buildNum3072Wasm()).toString('base64')).toBe(NUM3072_WASM_BASE64);
  });
});
