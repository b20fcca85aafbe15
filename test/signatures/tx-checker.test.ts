import { describe, expect, it } from 'vitest';
import { encodeDerSignature } from '../../kernel/crypto/ecdsa.js';
import { SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import type { Transaction, TxOut } from '../../kernel/primitives/types.js';
import { legacySignatureHash, precomputeTransactionData, segwitV0SignatureHash, taprootSignatureHash } from '../../kernel/script/sighash.js';
import { computeTapleafHash } from '../../kernel/script/taproot.js';
import { createTransactionSignatureChecker } from '../../kernel/script/tx-checker.js';
import { hex } from './helpers.js';

const seckey = hex('00000000000000000000000000000000000000000000000000000000000000a1');

function makeTx(version: number, lockTime: number, sequence: number): Transaction {
  return {
    version,
    inputs: [
      { prevout: { txid: new Uint8Array(32).fill(9), vout: 0 }, scriptSig: new Uint8Array(0), sequence, witness: [] },
      { prevout: { txid: new Uint8Array(32).fill(8), vout: 3 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] },
    ],
    outputs: [{ value: 5000n, scriptPubKey: hex('51') }],
    lockTime,
  };
}

const spent: TxOut[] = [
  { value: 10000n, scriptPubKey: hex(`5120${'11'.repeat(32)}`) },
  { value: 20000n, scriptPubKey: hex('51') },
];
const keyPath = { annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };

for (const backend of SECP256K1_BACKENDS) {
  describe(`§3.9 createTransactionSignatureChecker (${backend.name})`, () => {
    const tx = makeTx(2, 0, 0xfffffffe);
    const pre = precomputeTransactionData(tx, spent);
    const checker = createTransactionSignatureChecker(tx, 0, 10000n, pre, backend);
    const xOnly = backend.getPublicKey(seckey, true)!.subarray(1);

    it('exposes its backend', () => {
      expect(checker.backend).toBe(backend);
    });

    it('checkEcdsaSignature: empty signature false, hash type from the last byte', () => {
      const scriptCode = hex('51');
      const pub = backend.getPublicKey(seckey, true)!;
      expect(checker.checkEcdsaSignature(new Uint8Array(0), pub, scriptCode, 'BASE')).toBe(false);
      for (const hashType of [1, 2, 3, 0x81, 0x82, 0x83, 0, 4, 0xff]) {
        const sighash = legacySignatureHash(scriptCode, tx, 0, hashType)!;
        const sig = Uint8Array.from([...encodeDerSignature(backend.signEcdsa(sighash, seckey)!), hashType]);
        expect(checker.checkEcdsaSignature(sig, pub, scriptCode, 'BASE')).toBe(true);
        // The same signature under another hash-type byte fails.
        const other = sig.slice();
        other[other.length - 1] = hashType ^ 0x80;
        expect(checker.checkEcdsaSignature(other, pub, scriptCode, 'BASE')).toBe(false);
      }
    });

    it('checkEcdsaSignature keeps the last signature hash per script code, hash type and signature version (CHECKMULTISIG), never across them', () => {
      const scriptCode = hex('76a914' + '22'.repeat(20) + '88ac');
      const pub = backend.getPublicKey(seckey, true)!;
      const sign = (sighash: Uint8Array) => Uint8Array.from([...encodeDerSignature(backend.signEcdsa(sighash, seckey)!), 1]);
      const legacy = sign(legacySignatureHash(scriptCode, tx, 0, 1)!);
      const segwit = sign(segwitV0SignatureHash(scriptCode, tx, 0, 1, 10000n, pre)!);
      // The same script code array and hash type, alternating signature versions: each is checked against its own hash.
      for (let round = 0; round < 2; round++) {
        expect(checker.checkEcdsaSignature(legacy, pub, scriptCode, 'BASE')).toBe(true);
        expect(checker.checkEcdsaSignature(segwit, pub, scriptCode, 'BASE')).toBe(false);
        expect(checker.checkEcdsaSignature(segwit, pub, scriptCode, 'WITNESS_V0')).toBe(true);
        expect(checker.checkEcdsaSignature(legacy, pub, scriptCode, 'WITNESS_V0')).toBe(false);
      }
      // Another script code with the same bytes in another array, and one with other bytes.
      expect(checker.checkEcdsaSignature(legacy, pub, scriptCode.slice(), 'BASE')).toBe(true);
      expect(checker.checkEcdsaSignature(legacy, pub, hex('51'), 'BASE')).toBe(false);
      // The memo is keyed by the script code's bytes: an array changed in place after a check is hashed again.
      const changing = scriptCode.slice();
      expect(checker.checkEcdsaSignature(legacy, pub, changing, 'BASE')).toBe(true);
      changing[3] = 0x23;
      expect(checker.checkEcdsaSignature(legacy, pub, changing, 'BASE')).toBe(false);
      const changed = sign(legacySignatureHash(changing, tx, 0, 1)!);
      expect(checker.checkEcdsaSignature(changed, pub, changing, 'BASE')).toBe(true);
    });

    it('checkSchnorrSignature: Core’s error for each failure', () => {
      const sighash = taprootSignatureHash(tx, 0, 0, pre, { sigVersion: 'TAPROOT', ...keyPath })!;
      const sig = backend.signSchnorr(sighash, seckey, new Uint8Array(32))!;
      expect(checker.checkSchnorrSignature(sig, xOnly, 'TAPROOT', keyPath)).toEqual({ ok: true, value: undefined });
      // Sizes other than 64/65.
      expect(checker.checkSchnorrSignature(sig.subarray(0, 63), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_SIZE' });
      expect(checker.checkSchnorrSignature(new Uint8Array(66), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_SIZE' });
      expect(checker.checkSchnorrSignature(new Uint8Array(0), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_SIZE' });
      // 65 bytes with an explicit SIGHASH_DEFAULT (0x00).
      expect(checker.checkSchnorrSignature(Uint8Array.from([...sig, 0]), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_HASHTYPE' });
      // Undefined hash types.
      for (const t of [4, 0x80, 0x84, 0xff]) {
        expect(checker.checkSchnorrSignature(Uint8Array.from([...sig, t]), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_HASHTYPE' });
      }
      // A valid but different hash type: the signature does not match.
      expect(checker.checkSchnorrSignature(Uint8Array.from([...sig, 1]), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG' });
      // SIGHASH_ALL signed explicitly.
      const allHash = taprootSignatureHash(tx, 0, 1, pre, { sigVersion: 'TAPROOT', ...keyPath })!;
      const allSig = Uint8Array.from([...backend.signSchnorr(allHash, seckey, new Uint8Array(32))!, 1]);
      expect(checker.checkSchnorrSignature(allSig, xOnly, 'TAPROOT', keyPath).ok).toBe(true);
      // SIGHASH_SINGLE for input 1, which has no output: hash type error, as in Core.
      const checker1 = createTransactionSignatureChecker(tx, 1, 20000n, pre, backend);
      expect(checker1.checkSchnorrSignature(Uint8Array.from([...sig, 3]), xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_HASHTYPE' });
      // Spent outputs unknown: SignatureHashSchnorr fails → SCHNORR_SIG_HASHTYPE.
      const blind = createTransactionSignatureChecker(tx, 0, 10000n, undefined, backend);
      expect(blind.checkSchnorrSignature(sig, xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG_HASHTYPE' });
      // Wrong key, corrupted signature.
      const otherKey = backend.getPublicKey(hex(`${'00'.repeat(31)}a2`), true)!.subarray(1);
      expect(checker.checkSchnorrSignature(sig, otherKey, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG' });
      const bad = sig.slice();
      bad[10] = (bad[10] ?? 0) ^ 1;
      expect(checker.checkSchnorrSignature(bad, xOnly, 'TAPROOT', keyPath)).toEqual({ ok: false, error: 'SCHNORR_SIG' });
    });

    it('checkSchnorrSignature: tapscript signs the tapleaf hash, code-separator position and annex', () => {
      const leaf = computeTapleafHash(0xc0, hex(`20${'22'.repeat(32)}ac`));
      const exec = { tapleafHash: leaf, codeseparatorPos: 0xffffffff, annexHash: undefined };
      const sighash = taprootSignatureHash(tx, 0, 0, pre, { sigVersion: 'TAPSCRIPT', ...exec })!;
      const sig = backend.signSchnorr(sighash, seckey, new Uint8Array(32))!;
      expect(checker.checkSchnorrSignature(sig, xOnly, 'TAPSCRIPT', exec).ok).toBe(true);
      expect(checker.checkSchnorrSignature(sig, xOnly, 'TAPROOT', exec)).toEqual({ ok: false, error: 'SCHNORR_SIG' });
      expect(checker.checkSchnorrSignature(sig, xOnly, 'TAPSCRIPT', { ...exec, codeseparatorPos: 3 })).toEqual({ ok: false, error: 'SCHNORR_SIG' });
      expect(checker.checkSchnorrSignature(sig, xOnly, 'TAPSCRIPT', { ...exec, tapleafHash: new Uint8Array(32) })).toEqual({ ok: false, error: 'SCHNORR_SIG' });
      expect(checker.checkSchnorrSignature(sig, xOnly, 'TAPSCRIPT', { ...exec, annexHash: new Uint8Array(32) })).toEqual({ ok: false, error: 'SCHNORR_SIG' });
    });
  });
}

describe('§3.9 §4.6 checkLockTime (BIP65, Core CheckLockTime)', () => {
  const check = (txLockTime: number, sequence: number, scriptLockTime: bigint) =>
    createTransactionSignatureChecker(makeTx(1, txLockTime, sequence), 0, 0n).checkLockTime(scriptLockTime);
  it('compares heights with heights and times with times, not above the tx lock time, input not final', () => {
    expect(check(100, 0, 100n)).toBe(true);
    expect(check(100, 0, 0n)).toBe(true);
    expect(check(100, 0, 101n)).toBe(false);
    expect(check(499999999, 0, 499999999n)).toBe(true);
    expect(check(500000000, 0, 499999999n)).toBe(false); // time vs height
    expect(check(499999999, 0, 500000000n)).toBe(false); // height vs time
    expect(check(500000001, 0, 500000000n)).toBe(true);
    expect(check(0xffffffff, 0, 0xffffffffn)).toBe(true);
    expect(check(0xffffffff, 0, 0x100000000n)).toBe(false);
    expect(check(100, 0xffffffff, 50n)).toBe(false); // SEQUENCE_FINAL disables nLockTime
    expect(check(100, 0xfffffffe, 50n)).toBe(true);
  });
});

describe('§3.9 §4.7 checkSequence (BIP112, Core CheckSequence)', () => {
  const check = (version: number, sequence: number, scriptSequence: bigint) =>
    createTransactionSignatureChecker(makeTx(version, 0, sequence), 0, 0n).checkSequence(scriptSequence);
  it('needs version ≥ 2 (unsigned), no disable flag, same type, not above the input’s', () => {
    expect(check(2, 10, 10n)).toBe(true);
    expect(check(2, 10, 11n)).toBe(false);
    expect(check(1, 10, 10n)).toBe(false);
    expect(check(0, 10, 10n)).toBe(false);
    expect(check(0xffffffff, 10, 10n)).toBe(true); // version read unsigned: 0xffffffff ≥ 2
    expect(check(0x80000000, 10, 10n)).toBe(true);
    expect(check(2, 0x80000000 | 10, 10n)).toBe(false); // SEQUENCE_LOCKTIME_DISABLE_FLAG on the input
    expect(check(2, 0x00400000 | 10, 10n)).toBe(false); // time vs height
    expect(check(2, 0x00400000 | 10, 0x00400000n | 10n)).toBe(true);
    expect(check(2, 10, 0x00400000n | 10n)).toBe(false);
    // Only the type flag and the low 16 bits count: other bits are masked off on both sides.
    expect(check(2, 0x00010000 | 10, 0x00020000n | 10n)).toBe(true);
    expect(check(2, 0xffff, 0xffffn)).toBe(true);
  });
});
