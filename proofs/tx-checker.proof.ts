/**
 * The transaction signature checker's size and hash-type rules (SPEC.md §3.9; Core's
 * GenericTransactionSignatureChecker::CheckECDSASignature and CheckSchnorrSignature, BIP341's
 * "the signature is 64 bytes, or 65 with the hash type last, never 0x00"). Every size decides a
 * branch, so the proofs take the sizes around each bound with any bytes. The checker's methods
 * (checkEcdsaSignatureWith, checkSchnorrSignatureWith, checkInputLockTime, checkInputSequence)
 * against Core's CheckECDSASignature, CheckSchnorrSignature, CheckLockTime and CheckSequence,
 * with a signature hash and a verification the proof chooses: which hash type is asked for, which
 * bytes are verified against which hash, and every error (a mutation run found the methods pinned
 * by no proof while they lived inside the checker object).
 */
import { big, bool, byte, bytes, int, int32, proof, uint32 } from '../harness/dsl.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import type { Transaction } from '../kernel/primitives/types.js';
import {
  checkEcdsaSignatureWith,
  checkInputLockTime,
  checkInputSequence,
  checkSchnorrSignatureWith,
  memoHolds,
  splitEcdsaSignature,
  splitSchnorrSignature,
} from '../kernel/script/tx-checker.js';

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

/** Whether two byte strings are equal (a loop without early exits). @unwind 65 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let same = a.length === b.length;
  for (let i = 0; i < b.length; i++) same = same && a[i] === b[i];
  return same;
}

export const ecdsaCheckerMethod = proof('CheckECDSASignature: an empty signature is false; otherwise the hash of its last byte\'s hash type, if any, verified against the bytes before it', {
  fn: checkEcdsaSignatureWith,
  spec: '§3.9',
  statement:
    'For a signature of 0 to 3 bytes (any bytes), a 32-byte hash h given only for one hash type t (any byte; no hash for the others) and a verification answering `valid` only when asked about exactly h and the signature without its last byte: the empty signature is false; otherwise the check is true exactly when the last byte is t and `valid`.',
  inputs: { sig: bytes(3), sn: int(0, 3), h: bytes(32), t: byte(), valid: bool() },
  ensures: ({ sig, sn, h, t, valid }) => {
    const s = (sig as Uint8Array).subarray(0, sn);
    const r = checkEcdsaSignatureWith(
      s,
      (hashType) => (hashType === t ? h : undefined),
      (x, der) => valid && sameBytes(x, h) && sameBytes(der, s.subarray(0, sn - 1)),
    );
    if (sn === 0) return r === false;
    return r === (s[sn - 1] === t && valid);
  },
  covers: {
    'a 3-byte signature of the hash type given, verified': ({ sig, sn, t, valid }) => sn === 3 && sig[2] === t && valid,
    'a 1-byte signature (an empty DER part)': ({ sn }) => sn === 1,
  },
});

export const schnorrCheckerMethod = proof('CheckSchnorrSignature: size, then hash type, then the BIP341 hash, then BIP340 verification of the 64 signature bytes, each with Core\'s error', {
  fn: checkSchnorrSignatureWith,
  spec: '§3.9',
  split: 'size',
  statement:
    'For a signature of 63, 64 or 65 bytes (any bytes), a 32-byte hash h given only for one hash type t (any byte) and a verification answering `valid` only when asked about exactly h and the first 64 signature bytes: 63 bytes fail with SCHNORR_SIG_SIZE; the hash type is 0x00 for 64 bytes and the last byte for 65, where 0x00 fails with SCHNORR_SIG_HASHTYPE; a hash type other than t (no hash) fails with SCHNORR_SIG_HASHTYPE; then the check succeeds when `valid` and fails with SCHNORR_SIG otherwise. Case split over the size.',
  inputs: { s65: bytes(65), size: int(63, 65), h: bytes(32), t: byte(), valid: bool() },
  ensures: ({ s65, size, h, t, valid }) => {
    const s = (s65 as Uint8Array).subarray(0, size);
    const r = checkSchnorrSignatureWith(
      s,
      (hashType) => (hashType === t ? h : undefined),
      (x, sig) => valid && sameBytes(x, h) && sameBytes(sig, s.subarray(0, 64)),
    );
    const fails = (error: string): boolean => !r.ok && r.error === error;
    if (size === 63) return fails('SCHNORR_SIG_SIZE');
    const hashType = size === 64 ? 0 : (s[64] as number);
    if (size === 65 && hashType === 0) return fails('SCHNORR_SIG_HASHTYPE');
    if (hashType !== t) return fails('SCHNORR_SIG_HASHTYPE');
    return valid ? r.ok : fails('SCHNORR_SIG');
  },
  covers: {
    '64 bytes with SIGHASH_DEFAULT, verified': ({ size, t, valid }) => size === 64 && t === 0 && valid,
    '65 bytes with hash type 0x83, refused by the verification': ({ s65, size, t, valid }) => size === 65 && s65[64] === 0x83 && t === 0x83 && !valid,
  },
});

/** A transaction of `n` inputs (0 to 2) with sequences seq0 and seq1, its version and nLockTime. */
function txOf(n: number, seq0: number, seq1: number, version: number, lockTime: number): Transaction {
  const input = (sequence: number) => ({ prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: new Uint8Array(0), sequence, witness: [] });
  const inputs = n === 0 ? [] : n === 1 ? [input(seq0)] : [input(seq0), input(seq1)];
  return { version, inputs, outputs: [], lockTime };
}

/** Core's CheckSequence masks (SEQUENCE_LOCKTIME_TYPE_FLAG 1 << 22 | SEQUENCE_LOCKTIME_MASK 0xffff), by arithmetic: bit 22 and the low 16 bits. */
function maskedSequence(x: bigint): bigint {
  return x % 0x800000n >= 0x400000n ? 0x400000n + (x % 0x10000n) : x % 0x10000n;
}

const lockInputs = { n: int(0, 2), index: int(0, 2), seq0: uint32(), seq1: uint32(), version: uint32(), lockTime: uint32(), value: big(0n, 2n ** 39n - 1n) };

export const lockTimeCheckerMethod = proof('CheckLockTime reads the nLockTime and the nSequence of the input being checked, and is false for an input the transaction does not have (BIP65)', {
  fn: checkInputLockTime,
  spec: '§3.9',
  statement:
    'For a transaction of 0 to 2 inputs with any nSequences, version and nLockTime (uint32), an input index 0 to 2 and a script value 0 to 2^39 - 1 (a non-negative 5-byte CScriptNum): for an index the transaction has no input at the check is false; otherwise it is true exactly when the value and nLockTime are both below 500000000 or both at least it, the value is at most nLockTime, and that input\'s nSequence is not 0xffffffff. Written with Core\'s literals, not the kernel\'s rule.',
  inputs: lockInputs,
  ensures: ({ n, index, seq0, seq1, version, lockTime, value }) => {
    const r = checkInputLockTime(txOf(n, seq0, seq1, version, lockTime), index, value);
    const seq = index === 0 ? seq0 : seq1;
    const sameKind = (lockTime < 500000000 && value < 500000000n) || (lockTime >= 500000000 && value >= 500000000n);
    return r === (index < n && sameKind && value <= BigInt(lockTime) && seq !== 0xffffffff);
  },
  covers: {
    'a time lock equal to nLockTime on the second input': ({ n, index, lockTime, value, seq1 }) => n === 2 && index === 1 && lockTime === 600000000 && value === 600000000n && seq1 === 0,
    'the index one past the inputs': ({ n, index }) => n === 1 && index === 1,
  },
});

export const sequenceCheckerMethod = proof('CheckSequence reads the version and the nSequence of the input being checked, and is false for an input the transaction does not have (BIP112)', {
  fn: checkInputSequence,
  spec: '§3.9',
  statement:
    'For a transaction of 0 to 2 inputs with any nSequences, version and nLockTime (uint32), an input index 0 to 2 and a script value 0 to 2^39 - 1: for an index the transaction has no input at the check is false; otherwise it is true exactly when the version is at least 2, that input\'s nSequence has bit 31 clear, the two values masked with 0x0040ffff are both below 0x00400000 or both at least it, and the value\'s masked part is at most the input\'s. Written with Core\'s literals and arithmetic (bit 22, the low 16 bits), not the kernel\'s rule.',
  inputs: lockInputs,
  ensures: ({ n, index, seq0, seq1, version, lockTime, value }) => {
    const r = checkInputSequence(txOf(n, seq0, seq1, version, lockTime), index, value);
    const seq = index === 0 ? seq0 : seq1;
    const txMasked = maskedSequence(BigInt(seq));
    const valueMasked = maskedSequence(value);
    const sameKind = (txMasked < 0x400000n && valueMasked < 0x400000n) || (txMasked >= 0x400000n && valueMasked >= 0x400000n);
    return r === (index < n && version >= 2 && seq < 0x80000000 && sameKind && valueMasked <= txMasked);
  },
  covers: {
    'a relative time lock equal to the input\'s, on the second input': ({ n, index, seq1, value, version }) => n === 2 && index === 1 && seq1 === 0x00400010 && value === 0x00400010n && version === 2,
    'version 1 refuses': ({ n, index, version }) => n === 1 && index === 0 && version === 1,
  },
});

export const sighashMemoLookup = proof('the signature-hash memo answers exactly for the same script code bytes, hash type and signature version', {
  fn: memoHolds,
  spec: '§3.9',
  statement:
    'For script codes a and b of 0 to 3 bytes (any bytes, in separate arrays), hash types s and t (any int32) and signature versions v and w (BASE or WITNESS_V0): an empty memo holds nothing; a memo of (a, s, v) holds (b, t, w) exactly when a and b have the same length and bytes, s = t and v = w (CHECKMULTISIG reuses the hash only for the very same question).',
  inputs: { a: bytes(3), an: int(0, 3), b: bytes(3), bn: int(0, 3), s: int32(), t: int32(), vBase: bool(), wBase: bool() },
  ensures: ({ a, an, b, bn, s, t, vBase, wBase }) => {
    const codeA = (a as Uint8Array).subarray(0, an);
    const codeB = (b as Uint8Array).subarray(0, bn);
    const v = vBase ? 'BASE' : 'WITNESS_V0';
    const w = wBase ? 'BASE' : 'WITNESS_V0';
    const memo = { scriptCode: codeA, hashType: s, sigVersion: v, sighash: undefined } as const;
    return !memoHolds(undefined, codeB, t, w) && memoHolds(memo, codeB, t, w) === (sameBytes(codeA, codeB) && s === t && vBase === wBase);
  },
  covers: {
    'the same question is answered': ({ a, an, b, bn, s, t, vBase, wBase }) => an === 2 && bn === 2 && a[0] === b[0] && a[1] === b[1] && s === t && vBase === wBase,
    'one byte apart is not': ({ a, an, b, bn }) => an === 3 && bn === 3 && a[0] === b[0] && a[1] === b[1] && a[2] !== b[2],
    'a prefix is not': ({ an, bn }) => an === 2 && bn === 3,
    'another signature version is not': ({ vBase, wBase }) => vBase !== wBase,
  },
});
