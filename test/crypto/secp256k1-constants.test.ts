/**
 * The written-out byte forms of secp256k1's n and n/2 (kernel/crypto/secp256k1-backend.ts) against
 * SEC 2's order, computed here by @noble/curves from the literal hex (not from the kernel's bytes).
 */
import { numberToBytesBE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { SECP256K1_HALF_N, SECP256K1_HALF_N_BYTES, SECP256K1_N, SECP256K1_N_BYTES } from '../../kernel/crypto/secp256k1-backend.js';

const SEC2_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('secp256k1 order constants', () => {
  it('n and n/2 as numbers are SEC 2 order and its half rounded down', () => {
    expect(SECP256K1_N).toBe(SEC2_N);
    expect(SECP256K1_HALF_N).toBe((SEC2_N - 1n) / 2n);
  });
  it('their 32-byte big-endian forms are the numbers', () => {
    expect(Array.from(SECP256K1_N_BYTES)).toEqual(Array.from(numberToBytesBE(SEC2_N, 32)));
    expect(Array.from(SECP256K1_HALF_N_BYTES)).toEqual(Array.from(numberToBytesBE(SEC2_N >> 1n, 32)));
  });
});
