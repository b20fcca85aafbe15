import { bytesToNumberBE } from '@noble/curves/utils.js';
import type { ScriptError } from './errors.js';
import { SCRIPT_VERIFY_DERSIG, SCRIPT_VERIFY_LOW_S, SCRIPT_VERIFY_STRICTENC, SCRIPT_VERIFY_WITNESS_PUBKEYTYPE } from './flags.js';
import type { SigVersion } from './checker.js';
import { isDefinedHashType } from './sighash-type.js';
import { SECP256K1_HALF_N, SECP256K1_N } from '../crypto/secp256k1.js';

/**
 * Core's IsValidSignatureEncoding (BIP66): strict DER `0x30 len 0x02 lenR R 0x02 lenS S` plus the
 * hash-type byte, 9..73 bytes, minimal non-negative integers (SPEC.md §3.12).
 */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  const size = sig.length;
  if (size < 9 || size > 73) return false;
  if (sig[0] !== 0x30 || sig[1] !== size - 3) return false;
  const lenR = sig[3] ?? 0;
  if (5 + lenR >= size) return false;
  const lenS = sig[5 + lenR] ?? 0;
  if (lenR + lenS + 7 !== size) return false;
  if (sig[2] !== 0x02 || lenR === 0 || ((sig[4] ?? 0) & 0x80) !== 0) return false;
  if (lenR > 1 && sig[4] === 0x00 && ((sig[5] ?? 0) & 0x80) === 0) return false;
  if (sig[lenR + 4] !== 0x02 || lenS === 0 || ((sig[lenR + 6] ?? 0) & 0x80) !== 0) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && ((sig[lenR + 7] ?? 0) & 0x80) === 0) return false;
  return true;
}

/**
 * Core's IsLowDERSignature via CPubKey::CheckLowS: a strictly encoded signature whose S is at most
 * n/2. Like Core's lax parser, an R or S not below n reads as the zero signature, which is low (SPEC.md §3.12).
 */
export function isLowDerSignature(sig: Uint8Array): boolean {
  const lenR = sig[3] ?? 0;
  const r = bytesToNumberBE(sig.subarray(4, 4 + lenR));
  const s = bytesToNumberBE(sig.subarray(6 + lenR, sig.length - 1));
  if (r >= SECP256K1_N || s >= SECP256K1_N) return true;
  return s <= SECP256K1_HALF_N;
}

/** Core's IsDefinedHashtypeSignature: the signature's last byte is a defined legacy hash type (SPEC.md §3.12). */
export function isDefinedHashtypeSignature(sig: Uint8Array): boolean {
  const last = sig[sig.length - 1];
  return last !== undefined && isDefinedHashType(last);
}

/** Core's CheckSignatureEncoding: the DERSIG, LOW_S and STRICTENC rules; an empty signature always passes (SPEC.md §3.12). */
export function checkSignatureEncoding(sig: Uint8Array, flags: number): ScriptError | undefined {
  if (sig.length === 0) return undefined;
  if ((flags & (SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_STRICTENC)) !== 0 && !isValidSignatureEncoding(sig)) {
    return 'SIG_DER';
  }
  if ((flags & SCRIPT_VERIFY_LOW_S) !== 0 && !isLowDerSignature(sig)) return 'SIG_HIGH_S';
  if ((flags & SCRIPT_VERIFY_STRICTENC) !== 0 && !isDefinedHashtypeSignature(sig)) return 'SIG_HASHTYPE';
  return undefined;
}

/** Core's IsCompressedOrUncompressedPubKey: 33 bytes with prefix 02/03, or 65 bytes with prefix 04 (SPEC.md §3.12). */
export function isCompressedOrUncompressedPubKey(pubkey: Uint8Array): boolean {
  if (pubkey[0] === 0x04) return pubkey.length === 65;
  if (pubkey[0] === 0x02 || pubkey[0] === 0x03) return pubkey.length === 33;
  return false;
}

/** Core's IsCompressedPubKey: 33 bytes with prefix 02 or 03 (SPEC.md §3.12). */
export function isCompressedPubKey(pubkey: Uint8Array): boolean {
  return pubkey.length === 33 && (pubkey[0] === 0x02 || pubkey[0] === 0x03);
}

/** Core's CheckPubKeyEncoding: STRICTENC key formats; BIP143 WITNESS_PUBKEYTYPE compressed keys in segwit v0 (SPEC.md §3.12). */
export function checkPubKeyEncoding(pubkey: Uint8Array, flags: number, sigVersion: SigVersion): ScriptError | undefined {
  if ((flags & SCRIPT_VERIFY_STRICTENC) !== 0 && !isCompressedOrUncompressedPubKey(pubkey)) return 'PUBKEYTYPE';
  if ((flags & SCRIPT_VERIFY_WITNESS_PUBKEYTYPE) !== 0 && sigVersion === 'WITNESS_V0' && !isCompressedPubKey(pubkey)) {
    return 'WITNESS_PUBKEYTYPE';
  }
  return undefined;
}
