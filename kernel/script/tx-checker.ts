/**
 * Core's GenericTransactionSignatureChecker (SPEC.md §3.9): the SignatureChecker the interpreter
 * uses to verify one input of a real transaction. The signature's size and hash-type rules are
 * pure functions a proof can call (proofs/tx-checker.proof.ts); the checker's methods cache
 * signature hashes in captured state, which the translator refuses. Tests:
 * test/signatures/tx-checker.test.ts.
 */
import { verifyEcdsaLax } from '../crypto/ecdsa.js';
import { DEFAULT_BACKEND, type Secp256k1Backend } from '../crypto/secp256k1.js';
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
  const input = tx.inputs[inputIndex];
  // The last signature hash computed: CHECKMULTISIG checks a signature against key after key with
  // the same script code (one array) and hash type, where Core computes the same hash each time.
  let last: { readonly scriptCode: Uint8Array; readonly hashType: number; readonly sigVersion: string; readonly sighash: Uint8Array | undefined } | undefined;
  const sighashOf = (scriptCode: Uint8Array, hashType: number, sigVersion: 'BASE' | 'WITNESS_V0'): Uint8Array | undefined => {
    if (last === undefined || last.scriptCode !== scriptCode || last.hashType !== hashType || last.sigVersion !== sigVersion) {
      last = { scriptCode, hashType, sigVersion, sighash: signatureHash(scriptCode, tx, inputIndex, hashType, amount, sigVersion, sigVersion === 'BASE' ? undefined : dataOf()) };
    }
    return last.sighash;
  };
  return Object.freeze({
    backend,
    checkEcdsaSignature(signature: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigVersion: 'BASE' | 'WITNESS_V0'): boolean {
      const split = splitEcdsaSignature(signature);
      if (split === undefined) return false;
      const sighash = sighashOf(scriptCode, split.hashType, sigVersion);
      if (sighash === undefined) return false;
      return verifyEcdsaLax(backend, sighash, split.der, pubkey);
    },
    checkSchnorrSignature(
      signature: Uint8Array,
      pubkey: Uint8Array,
      sigVersion: 'TAPROOT' | 'TAPSCRIPT',
      execData: ScriptExecutionData,
    ): Result<void, ScriptError> {
      const split = splitSchnorrSignature(signature);
      if (!split.ok) return split;
      const { sig, hashType } = split.value;
      const sighash = taprootSignatureHash(tx, inputIndex, hashType, dataOf(), {
        sigVersion,
        annexHash: execData.annexHash,
        tapleafHash: execData.tapleafHash,
        codeseparatorPos: execData.codeseparatorPos,
      });
      if (sighash === undefined) return err('SCHNORR_SIG_HASHTYPE');
      if (!backend.verifySchnorr(sighash, sig, pubkey)) return err('SCHNORR_SIG');
      return ok(undefined);
    },
    checkLockTime(lockTime: bigint): boolean {
      if (input === undefined) return false;
      return isLockTimeSatisfied(lockTime, tx.lockTime, input.sequence);
    },
    checkSequence(sequence: bigint): boolean {
      if (input === undefined) return false;
      return isSequenceSatisfied(sequence, tx.version, input.sequence);
    },
  });
}
