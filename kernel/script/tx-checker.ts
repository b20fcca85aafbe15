/**
 * Core's GenericTransactionSignatureChecker (SPEC.md §3.9): the SignatureChecker the interpreter
 * uses to verify one input of a real transaction. The signature's size and hash-type rules and
 * each method's decisions are pure functions a proof can call (proofs/tx-checker.proof.ts), given
 * the signature hash and the verification as functions, and so is the signature-hash memo's
 * lookup (memoHolds); the checker object only keeps the memo in captured state. Tests:
 * test/signatures/tx-checker.test.ts.
 */
import { verifyEcdsaLax } from '../crypto/ecdsa.js';
import { DEFAULT_BACKEND, type Secp256k1Backend } from '../crypto/secp256k1.js';
import { equalBytes } from '../encoding/bytes.js';
import type { Transaction } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import type { ScriptExecutionData, SignatureChecker } from './checker.js';
import type { ScriptError } from './errors.js';
import { isLockTimeSatisfied, isSequenceSatisfied } from './lock-checks.js';
import { type PrecomputedTransactionData, precomputeTransactionData, signatureHash, taprootSignatureHash } from './sighash.js';
import { SIGHASH_DEFAULT } from './sighash-type.js';

/**
 * Core's CheckECDSASignature before the hash: the last byte of a non-empty signature is its hash
 * type, the bytes before it the (lax) DER signature; an empty signature is no signature (false).
 * Proofs: proofs/tx-checker.proof.ts.
 */
export function splitEcdsaSignature(signature: Uint8Array): { readonly der: Uint8Array; readonly hashType: number } | undefined {
  if (signature.length === 0) return undefined;
  return { der: signature.subarray(0, signature.length - 1), hashType: signature[signature.length - 1] ?? 0 };
}

/**
 * Core's CheckSchnorrSignature before the hash (BIP341, BIP342): 64 bytes sign with
 * SIGHASH_DEFAULT; 65 bytes carry the hash type last, which must not be SIGHASH_DEFAULT
 * (SCHNORR_SIG_HASHTYPE); any other size is SCHNORR_SIG_SIZE. Proofs: proofs/tx-checker.proof.ts.
 */
export function splitSchnorrSignature(signature: Uint8Array): Result<{ readonly sig: Uint8Array; readonly hashType: number }, ScriptError> {
  if (signature.length !== 64 && signature.length !== 65) return err('SCHNORR_SIG_SIZE');
  if (signature.length === 64) return ok({ sig: signature, hashType: SIGHASH_DEFAULT });
  const hashType = signature[64] ?? 0;
  if (hashType === SIGHASH_DEFAULT) return err('SCHNORR_SIG_HASHTYPE');
  return ok({ sig: signature.subarray(0, 64), hashType });
}

/**
 * Core's CheckECDSASignature after the key check: an empty signature is false; otherwise the
 * signature hash of its hash type (`sighashFor`, undefined when there is none) verified against
 * the DER bytes before it (`verify`). Proofs: proofs/tx-checker.proof.ts.
 */
export function checkEcdsaSignatureWith(
  signature: Uint8Array,
  sighashFor: (hashType: number) => Uint8Array | undefined,
  verify: (sighash: Uint8Array, der: Uint8Array) => boolean,
): boolean {
  const split = splitEcdsaSignature(signature);
  if (split === undefined) return false;
  const sighash = sighashFor(split.hashType);
  if (sighash === undefined) return false;
  return verify(sighash, split.der);
}

/**
 * Core's CheckSchnorrSignature: the size and hash-type rules of splitSchnorrSignature, then the
 * BIP341 signature hash of the hash type (`sighashFor`: undefined for a hash type BIP341 does not
 * define, or without the spent outputs, which is SCHNORR_SIG_HASHTYPE), then BIP340 verification
 * of the 64 signature bytes (`verify`; failing is SCHNORR_SIG). Proofs: proofs/tx-checker.proof.ts.
 */
export function checkSchnorrSignatureWith(
  signature: Uint8Array,
  sighashFor: (hashType: number) => Uint8Array | undefined,
  verify: (sighash: Uint8Array, sig: Uint8Array) => boolean,
): Result<void, ScriptError> {
  const split = splitSchnorrSignature(signature);
  if (!split.ok) return split;
  const sighash = sighashFor(split.value.hashType);
  if (sighash === undefined) return err('SCHNORR_SIG_HASHTYPE');
  if (!verify(sighash, split.value.sig)) return err('SCHNORR_SIG');
  return ok(undefined);
}

/** Core's CheckLockTime for input `inputIndex` of `tx` (BIP65; false for an input the transaction does not have). Proofs: proofs/tx-checker.proof.ts. */
export function checkInputLockTime(tx: Transaction, inputIndex: number, lockTime: bigint): boolean {
  const input = tx.inputs[inputIndex];
  if (input === undefined) return false;
  return isLockTimeSatisfied(lockTime, tx.lockTime, input.sequence);
}

/** Core's CheckSequence for input `inputIndex` of `tx` (BIP112; false for an input the transaction does not have). Proofs: proofs/tx-checker.proof.ts. */
export function checkInputSequence(tx: Transaction, inputIndex: number, sequence: bigint): boolean {
  const input = tx.inputs[inputIndex];
  if (input === undefined) return false;
  return isSequenceSatisfied(sequence, tx.version, input.sequence);
}

/**
 * A signature hash the checker computed, with what it was computed for: CHECKMULTISIG checks a
 * signature against key after key with the same script code and hash type, where Core computes
 * the same hash each time. The script code is the checker's own copy.
 */
export interface SighashMemo {
  readonly scriptCode: Uint8Array;
  readonly hashType: number;
  readonly sigVersion: 'BASE' | 'WITNESS_V0';
  readonly sighash: Uint8Array | undefined;
}

/**
 * Whether `memo` holds the signature hash of `scriptCode` (by its bytes, not its array),
 * `hashType` and `sigVersion`. Proofs: proofs/tx-checker.proof.ts.
 */
export function memoHolds(memo: SighashMemo | undefined, scriptCode: Uint8Array, hashType: number, sigVersion: 'BASE' | 'WITNESS_V0'): memo is SighashMemo {
  return memo !== undefined && memo.hashType === hashType && memo.sigVersion === sigVersion && equalBytes(memo.scriptCode, scriptCode);
}

/**
 * Core's GenericTransactionSignatureChecker for input `inputIndex` of `tx`, spending an output
 * worth `amount` satoshis (BIP143 signs it), with the transaction's `precomputed` data (computed
 * here, without spent outputs, when omitted: taproot signatures then fail as Core's do without
 * them) and the signature `backend` (SPEC.md §3.9).
 *
 * - checkEcdsaSignature: Core's CheckECDSASignature: the pubkey must be a valid CPubKey, the
 *   signature non-empty; its last byte is the hash type; the rest is lax-DER parsed, normalized to
 *   low S and verified against the BASE or WITNESS_V0 signature hash.
 * - checkSchnorrSignature: Core's CheckSchnorrSignature: 64 bytes (SIGHASH_DEFAULT) or 65 with
 *   an explicit non-zero hash type (else SCHNORR_SIG_SIZE / SCHNORR_SIG_HASHTYPE); a hash type
 *   BIP341 does not define, or missing spent outputs, is SCHNORR_SIG_HASHTYPE; a failed BIP340
 *   verification SCHNORR_SIG.
 * - checkLockTime / checkSequence: Core's CheckLockTime (BIP65) and CheckSequence (BIP112).
 */
export function createTransactionSignatureChecker(
  tx: Transaction,
  inputIndex: number,
  amount: bigint,
  precomputed?: PrecomputedTransactionData,
  backend: Secp256k1Backend = DEFAULT_BACKEND,
): SignatureChecker {
  // Computed on first use when not given: a legacy signature hash never reads it.
  let data = precomputed;
  const dataOf = (): PrecomputedTransactionData => (data ??= precomputeTransactionData(tx));
  let memo: SighashMemo | undefined;
  const sighashOf = (scriptCode: Uint8Array, hashType: number, sigVersion: 'BASE' | 'WITNESS_V0'): Uint8Array | undefined => {
    if (!memoHolds(memo, scriptCode, hashType, sigVersion)) {
      const sighash = signatureHash(scriptCode, tx, inputIndex, hashType, amount, sigVersion, sigVersion === 'BASE' ? undefined : dataOf());
      memo = { scriptCode: scriptCode.slice(), hashType, sigVersion, sighash };
    }
    return memo.sighash;
  };
  return Object.freeze({
    backend,
    checkEcdsaSignature(signature: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigVersion: 'BASE' | 'WITNESS_V0'): boolean {
      return checkEcdsaSignatureWith(
        signature,
        (hashType) => sighashOf(scriptCode, hashType, sigVersion),
        (sighash, der) => verifyEcdsaLax(backend, sighash, der, pubkey),
      );
    },
    checkSchnorrSignature(
      signature: Uint8Array,
      pubkey: Uint8Array,
      sigVersion: 'TAPROOT' | 'TAPSCRIPT',
      execData: ScriptExecutionData,
    ): Result<void, ScriptError> {
      return checkSchnorrSignatureWith(
        signature,
        (hashType) =>
          taprootSignatureHash(tx, inputIndex, hashType, dataOf(), {
            sigVersion,
            annexHash: execData.annexHash,
            tapleafHash: execData.tapleafHash,
            codeseparatorPos: execData.codeseparatorPos,
          }),
        (sighash, sig) => backend.verifySchnorr(sighash, sig, pubkey),
      );
    },
    checkLockTime: (lockTime: bigint): boolean => checkInputLockTime(tx, inputIndex, lockTime),
    checkSequence: (sequence: bigint): boolean => checkInputSequence(tx, inputIndex, sequence),
  });
}
