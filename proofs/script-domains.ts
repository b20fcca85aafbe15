/**
 * Signature checkers the script proofs hand to the real interpreter (proofs/interpreter.proof.ts,
 * proofs/verify-script.proof.ts): the checker is an argument of evalScript and verifyScript, so a
 * proof chooses its answers and the property holds for every checker answering so.
 */
import type { Secp256k1Backend } from '../kernel/crypto/secp256k1.js';
import { err } from '../kernel/result.js';
import type { SignatureChecker } from '../kernel/script/checker.js';

/** A checker that says no to everything (ECDSA false, Schnorr SCHNORR_SIG, lock times unsatisfied, a backend without functions) except the answers a proof gives it. */
export function checkerWith(answers: Partial<SignatureChecker>): SignatureChecker {
  return {
    backend: {} as Secp256k1Backend,
    checkEcdsaSignature: () => false,
    checkSchnorrSignature: () => err('SCHNORR_SIG'),
    checkLockTime: () => false,
    checkSequence: () => false,
    ...answers,
  };
}

/** A checker whose ECDSA checks all answer `valid`; everything else as checkerWith's. */
export function checkerAnswering(valid: boolean): SignatureChecker {
  return checkerWith({ checkEcdsaSignature: () => valid });
}
