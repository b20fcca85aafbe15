import { describe, expect, it } from 'vitest';
import {
  MAX_MONEY,
  NETWORKS,
  getBlockSubsidy,
  moneyRange,
} from '../kernel/index.js';
import { decodeCompact, deriveTarget, encodeCompact } from "../kernel/validation/pow.js";
import { MANIFEST } from './support/vectors.js';

const MAIN = NETWORKS.main.consensus;

describe('§4.2 GetBlockSubsidy', () => {
  it('halves every 210,000 blocks from 50 BTC', () => {
    const at = (h: number) => getBlockSubsidy(h, MAIN);
    expect([0, 209999, 210000, 419999, 420000, 630000, 840000, 1050000].map(at)).toEqual([
      5000000000n, 5000000000n, 2500000000n, 2500000000n, 1250000000n, 625000000n, 312500000n, 156250000n,
    ]);
  });

  it('is zero from the 33rd halving on (the shift leaves no satoshi) and at halving 64 and beyond', () => {
    expect(getBlockSubsidy(32 * 210000, MAIN)).toBe(1n);
    expect(getBlockSubsidy(33 * 210000, MAIN)).toBe(0n);
    expect(getBlockSubsidy(64 * 210000, MAIN)).toBe(0n);
    expect(getBlockSubsidy(2 ** 31 - 1, MAIN)).toBe(0n);
  });

  it('is zero outside its domain: a negative height does not earn 100 BTC', () => {
    expect(getBlockSubsidy(-1, MAIN)).toBe(0n);
    expect(getBlockSubsidy(-210000, MAIN)).toBe(0n);
    expect(getBlockSubsidy(0, { subsidyHalvingInterval: 0 })).toBe(0n);
  });

  it('issues 2,099,999,997,690,000 sat in all', () => {
    let total = 0n;
    for (let halving = 0; halving < 64; halving++) total += 210000n * getBlockSubsidy(halving * 210000, MAIN);
    expect(total).toBe(2099999997690000n);
  });

  it('regtest halves every 150 blocks', () => {
    expect([149, 150].map((h) => getBlockSubsidy(h, NETWORKS.regtest.consensus))).toEqual([5000000000n, 2500000000n]);
  });

  it('equals the subsidy of every manifest block that records it', () => {
    const recorded = MANIFEST.filter((b) => b.subsidySat !== undefined);
    expect(recorded.length).toBe(4);
    for (const b of recorded) expect(getBlockSubsidy(b.height, MAIN)).toBe(BigInt(b.subsidySat ?? -1));
  });
});

describe('§4.1 MoneyRange', () => {
  it('accepts 0..21,000,000 BTC only', () => {
    expect(MAX_MONEY).toBe(2100000000000000n);
    expect([-1n, 0n, 2100000000000000n, 2100000000000001n].map(moneyRange)).toEqual([false, true, true, false]);
  });
});

describe("§4.3 compact targets (Core's arith_uint256_tests SetCompact/GetCompact)", () => {
  const cases: readonly (readonly [number, bigint, number, boolean])[] = [
    // bits, target, GetCompact(target, negative), negative
    [0x00000000, 0n, 0, false],
    [0x00123456, 0n, 0, false],
    [0x01003456, 0n, 0, false],
    [0x02000056, 0n, 0, false],
    [0x03000000, 0n, 0, false],
    [0x04000000, 0n, 0, false],
    [0x00923456, 0n, 0, false],
    [0x01803456, 0n, 0, false],
    [0x02800056, 0n, 0, false],
    [0x03800000, 0n, 0, false],
    [0x04800000, 0n, 0, false],
    [0x01123456, 0x12n, 0x01120000, false],
    [0x01fedcba, 0x7en, 0x01fe0000, true],
    [0x02123456, 0x1234n, 0x02123400, false],
    [0x03123456, 0x123456n, 0x03123456, false],
    [0x04123456, 0x12345600n, 0x04123456, false],
    [0x04923456, 0x12345600n, 0x04923456, true],
    [0x05009234, 0x92340000n, 0x05009234, false],
    [0x20123456, 0x123456n << 232n, 0x20123456, false],
  ];

  it('decodes and re-encodes every case with its sign', () => {
    for (const [bits, target, compact, negative] of cases) {
      const decoded = decodeCompact(bits);
      expect([decoded.target, decoded.negative, decoded.overflow]).toEqual([target, negative, false]);
      expect(encodeCompact(decoded.target, decoded.negative)).toBe(compact);
    }
  });

  it('flags overflow exactly', () => {
    expect(decodeCompact(0xff123456).overflow).toBe(true);
    expect(decodeCompact(0x23000001).overflow).toBe(true); // size 35
    expect(decodeCompact(0x22000001).overflow).toBe(false); // size 34, one-byte mantissa
    expect(decodeCompact(0x22000100).overflow).toBe(true); // size 34, two-byte mantissa
    expect(decodeCompact(0x21010000).overflow).toBe(true); // size 33, three-byte mantissa
    expect(decodeCompact(0x21000100).overflow).toBe(false);
  });

  it('rejects negative, zero, overflowing and above-limit targets', () => {
    expect(deriveTarget(0x1d00ffff, MAIN.powLimit)).toBe(0xffffn << 208n);
    expect(deriveTarget(0x1d80ffff, MAIN.powLimit)).toBeUndefined();
    expect(deriveTarget(0x1d000000, MAIN.powLimit)).toBeUndefined();
    expect(deriveTarget(0xff123456, MAIN.powLimit)).toBeUndefined();
    expect(deriveTarget(0x1d010000, MAIN.powLimit)).toBeUndefined(); // 0x01 << 232 > powLimit
  });
});
