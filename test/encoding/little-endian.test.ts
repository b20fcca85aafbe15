/**
 * kernel/encoding/little-endian.ts (SPEC.md §8.3) against DataView, the code it replaced in the
 * commitment record and Core's coin serialization: the same bytes for every integer of the
 * domains (fast-check, with the boundaries), the same reads, and the restated issuedSupply
 * (kernel/commitments/supply.ts, by era count) equal to the plain sum of GetBlockSubsidy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { issuedSupply } from '../../kernel/commitments/supply.js';
import { i64le, readNonNegativeI64le, readU32le, u32le } from '../../kernel/encoding/little-endian.js';
import { getBlockSubsidy } from '../../kernel/validation/subsidy.js';

const viaDataView = (size: number, write: (v: DataView) => void): Uint8Array => {
  const out = new Uint8Array(size);
  write(new DataView(out.buffer));
  return out;
};

const U32_EDGES = [0, 1, 255, 256, 65535, 65536, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, -1, -256, -(2 ** 31), 2 ** 53 - 1, -(2 ** 53 - 1)];
const I64_EDGES = [0n, 1n, 255n, 256n, -1n, -256n, 2n ** 32n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 63n) + 1n];

describe('little-endian integers equal DataView', () => {
  it('u32le is setUint32 (ToUint32) on safe integers', () => {
    for (const n of U32_EDGES) expect(u32le(n)).toEqual(viaDataView(4, (v) => v.setUint32(0, n, true)));
    fc.assert(fc.property(fc.maxSafeInteger().chain((m) => fc.constantFrom(m, -m, m % 2 ** 33)), (n) => {
      expect(u32le(n)).toEqual(viaDataView(4, (v) => v.setUint32(0, n, true)));
    }), { numRuns: 2000 });
  });

  it('i64le is setBigInt64 on int64', () => {
    for (const n of I64_EDGES) expect(i64le(n)).toEqual(viaDataView(8, (v) => v.setBigInt64(0, n, true)));
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
      expect(i64le(n)).toEqual(viaDataView(8, (v) => v.setBigInt64(0, n, true)));
    }), { numRuns: 2000 });
  });

  it('readU32le is getUint32; readNonNegativeI64le is getBigInt64 when non-negative, else undefined', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (bytes, at) => {
      const view = new DataView(bytes.buffer);
      expect(readU32le(bytes, at)).toBe(view.getUint32(at, true));
      const signed = view.getBigInt64(at, true);
      expect(readNonNegativeI64le(bytes, at)).toBe(signed < 0n ? undefined : signed);
    }), { numRuns: 2000 });
    const top = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
    expect(readNonNegativeI64le(top, 0)).toBe(2n ** 63n - 1n);
    expect(readNonNegativeI64le(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80), 0)).toBeUndefined();
  });
});

describe('issuedSupply by era count equals the sum of GetBlockSubsidy', () => {
  it('height by height on regtest (interval 150) through the 64th halving, and on a tiny interval', () => {
    for (const params of [NETWORKS.regtest.consensus, { subsidyHalvingInterval: 1 }, { subsidyHalvingInterval: 7 }]) {
      let sum = 0n;
      let checked = 0;
      for (let h = 0; h <= 64 * params.subsidyHalvingInterval + 300; h++) {
        sum += getBlockSubsidy(h, params);
        expect(issuedSupply(h, params)).toBe(sum);
        checked++;
      }
      expect(checked).toBe(64 * params.subsidyHalvingInterval + 301);
    }
  });

  it('on mainnet at random heights: era sums of GetBlockSubsidy at the era starts', () => {
    const main = NETWORKS.main.consensus;
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (h) => {
      let expected = 0n;
      for (let first = 0; first <= h && first < 64 * 210000; first += 210000) expected += BigInt(Math.min(h, first + 209999) - first + 1) * getBlockSubsidy(first, main);
      expect(issuedSupply(h, main)).toBe(expected);
    }), { numRuns: 500 });
  });
});
