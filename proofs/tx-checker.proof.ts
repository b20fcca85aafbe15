/**
 * The transaction signature checker's size and hash-type rules (SPEC.md §3.9; Core's
 * GenericTransactionSignatureChecker::CheckECDSASignature and CheckSchnorrSignature, BIP341's
 * "the signature is 64 bytes, or 65 with the hash type last, never 0x00"). Every size decides a
 * branch, so the proofs take the sizes around each bound with any bytes.
 */
import { bytes, proof } from '../harness/dsl.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { splitEcdsaSignature, splitSchnorrSignature } from '../kernel/script/tx-checker.js';

/** Whether a Schnorr signature is refused for its size (Core: SCHNORR_SIG_SIZE). */
function refusedForSize(signature: Uint8Array): boolean {
  const r = splitSchnorrSignature(signature);
  return !r.ok && r.error === 'SCHNORR_SIG_SIZE';
}

export const schnorrSignatureSizes = proof('CheckSchnorrSignature: 64 bytes sign with SIGHASH_DEFAULT, 65 carry a non-zero hash type last, any other size is SCHNORR_SIG_SIZE', {
  fn: splitSchnorrSignature,
  spec: '§3.9',
  statement:
    'For signatures of 0, 1, 63, 64, 65 and 66 bytes (any bytes): 0, 1, 63 and 66 bytes are SCHNORR_SIG_SIZE; 64 bytes are the signature itself with hash type 0x00 (SIGHASH_DEFAULT); 65 bytes whose last byte is 0x00 are SCHNORR_SIG_HASHTYPE, and otherwise the first 64 bytes with the last byte as the hash type.',
  inputs: { s0: bytes(0), s1: bytes(1), s63: bytes(63), s64: bytes(64), s65: bytes(65), s66: bytes(66) },
  ensures: ({ s0, s1, s63, s64, s65, s66 }) => {
    const r64 = splitSchnorrSignature(s64);
    const r65 = splitSchnorrSignature(s65);
    const explicit = r65.ok && r65.value.hashType === s65[64] && equalBytes(r65.value.sig, s65.subarray(0, 64));
    const zeroRefused = !r65.ok && r65.error === 'SCHNORR_SIG_HASHTYPE';
    return (
      refusedForSize(s0) &&
      refusedForSize(s1) &&
      refusedForSize(s63) &&
      refusedForSize(s66) &&
      r64.ok &&
      r64.value.hashType === 0 &&
      equalBytes(r64.value.sig, s64) &&
      (s65[64] === 0 ? zeroRefused : explicit)
    );
  },
  covers: {
    'a 65-byte signature with hash type 0x01': ({ s65 }) => s65[64] === 1,
    'a 65-byte signature with hash type 0x00': ({ s65 }) => s65[64] === 0,
  },
});

export const ecdsaSignatureSplit = proof('CheckECDSASignature: an empty signature is none; otherwise the last byte is the hash type and the rest the DER signature', {
  fn: splitEcdsaSignature,
  spec: '§3.9',
  statement:
    'For signatures of 0, 1, 2 and 9 bytes (any bytes): the empty one is no signature (the check is false); otherwise the hash type is the last byte and the DER part every byte before it, in order.',
  inputs: { s0: bytes(0), s1: bytes(1), s2: bytes(2), s9: bytes(9) },
  ensures: ({ s0, s1, s2, s9 }) => {
    const r1 = splitEcdsaSignature(s1);
    const r2 = splitEcdsaSignature(s2);
    const r9 = splitEcdsaSignature(s9);
    return (
      splitEcdsaSignature(s0) === undefined &&
      r1 !== undefined &&
      r1.hashType === s1[0] &&
      r1.der.length === 0 &&
      r2 !== undefined &&
      r2.hashType === s2[1] &&
      equalBytes(r2.der, s2.subarray(0, 1)) &&
      r9 !== undefined &&
      r9.hashType === s9[8] &&
      equalBytes(r9.der, s9.subarray(0, 8))
    );
  },
});
