/** Kernel rule 3 for the signature code: any input gives a value, never an exception. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHighS, normalizeLowS, parseDerLax, verifyEcdsaLax } from '../../kernel/crypto/ecdsa.js';
import { SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import type { Transaction, TxOut } from '../../kernel/primitives/types.js';
import { legacySignatureHash, precomputeTransactionData, segwitV0SignatureHash, taprootSignatureHash } from '../../kernel/script/sighash.js';
import { computeTaprootMerkleRoot, verifyTaprootCommitment } from '../../kernel/script/taproot.js';
import { createTransactionSignatureChecker } from '../../kernel/script/tx-checker.js';

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const txArb: fc.Arbitrary<Transaction> = fc.record({
  version: fc.nat({ max: 0xffffffff }),
  inputs: fc.array(
    fc.record({
      prevout: fc.record({ txid: fc.uint8Array({ minLength: 32, maxLength: 32 }), vout: fc.nat({ max: 0xffffffff }) }),
      scriptSig: bytes(40),
      sequence: fc.nat({ max: 0xffffffff }),
      witness: fc.array(bytes(40), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  outputs: fc.array(fc.record({ value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), scriptPubKey: bytes(40) }), { maxLength: 4 }),
  lockTime: fc.nat({ max: 0xffffffff }),
});
const spentArb = (n: number): fc.Arbitrary<TxOut[]> =>
  fc.array(fc.record({ value: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), scriptPubKey: bytes(40) }), { minLength: n, maxLength: n });

describe('§1.4 signature code never throws', () => {
  it('§3.6 parseDerLax: undefined or 64 bytes with r, s < n; normalization gives low S', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(80), bytes(80).map((b) => Uint8Array.from([0x30, ...b]))), (der) => {
        const compact = parseDerLax(der);
        if (compact === undefined) return;
        expect(compact.length).toBe(64);
        expect(isHighS(normalizeLowS(compact))).toBe(false);
        for (const backend of SECP256K1_BACKENDS) expect(typeof verifyEcdsaLax(backend, new Uint8Array(32), der, new Uint8Array(33))).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('§3.7 sighashes: a 32-byte hash or undefined for any transaction, index and hash type', () => {
    fc.assert(
      fc.property(
        txArb.chain((tx) => fc.tuple(fc.constant(tx), spentArb(tx.inputs.length))),
        fc.integer({ min: -2, max: 6 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.nat({ max: 0x1ff }),
        bytes(60),
        ([tx, spent], index, legacyType, taprootType, scriptCode) => {
          const pre = precomputeTransactionData(tx, spent);
          for (const h of [
            legacySignatureHash(scriptCode, tx, index, legacyType),
            segwitV0SignatureHash(scriptCode, tx, index, legacyType, 1n, pre),
            taprootSignatureHash(tx, index, taprootType, pre, { sigVersion: 'TAPROOT', annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff }),
            taprootSignatureHash(tx, index, taprootType, pre, { sigVersion: 'TAPSCRIPT', annexHash: new Uint8Array(32), tapleafHash: new Uint8Array(32), codeseparatorPos: 3 }),
          ]) {
            if (h !== undefined) expect(h.length).toBe(32);
          }
          const inRange = index >= 0 && index < tx.inputs.length;
          expect(legacySignatureHash(scriptCode, tx, index, legacyType) !== undefined).toBe(inRange);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('§3.8 §3.9 checker and taproot commitment: values for any signature, key and control block', () => {
    fc.assert(
      fc.property(txArb, bytes(80), bytes(70), bytes(33 + 32 * 3), fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), (tx, sig, key, control, n) => {
        for (const backend of SECP256K1_BACKENDS) {
          const c = createTransactionSignatureChecker(tx, 0, 1000n, undefined, backend);
          expect(typeof c.checkEcdsaSignature(sig, key, key, 'BASE')).toBe('boolean');
          expect(typeof c.checkEcdsaSignature(sig, key, key, 'WITNESS_V0')).toBe('boolean');
          const r = c.checkSchnorrSignature(sig, key.subarray(0, 32), 'TAPROOT', { annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff });
          expect(r.ok).toBe(false);
          expect(typeof c.checkLockTime(n)).toBe('boolean');
          expect(typeof c.checkSequence(n)).toBe('boolean');
          expect(typeof verifyTaprootCommitment(control, key.subarray(0, 32), new Uint8Array(32), backend)).toBe('boolean');
        }
        expect(computeTaprootMerkleRoot(control, new Uint8Array(32)).length).toBe(32);
      }),
      { numRuns: 200 },
    );
  });
});
