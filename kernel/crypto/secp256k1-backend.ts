/**
 * The secp256k1 backend interface (SPEC.md §3.5) and the input checks both implementations share,
 * so that each gives Bitcoin Core's (libsecp256k1's) answer on every input.
 *
 * The implementations: `nobleBackend` (noble-backend.ts, @noble/curves, pure JavaScript) and
 * `tinySecp256k1Backend` (tiny-secp256k1-backend.ts, libsecp256k1 compiled to WebAssembly).
 * Which one is `DEFAULT_BACKEND` is chosen in secp256k1.ts (Node) and secp256k1.browser.ts (browsers).
 * Source: Core src/pubkey.cpp (CPubKey::GetLen, CPubKey::Verify), libsecp256k1 secp256k1.c.
 */
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { compareBytes } from '../encoding/bytes.js';

/** The order n of the secp256k1 group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** n / 2, rounded down: the largest low-S value (libsecp256k1's secp256k1_ecdsa_signature_normalize). */
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;
/** The field prime p of secp256k1. */
export const SECP256K1_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

/** Result of a BIP341 x-only tweak: the x coordinate of P + t·G and the parity of its y. */
export interface XOnlyTweakResult {
  readonly parity: 0 | 1;
  readonly xOnly: Uint8Array;
}

/** The signature operations consensus (and the test builders) need from secp256k1. */
export interface Secp256k1Backend {
  /** A short name for reports and benchmarks. */
  readonly name: string;
  /**
   * libsecp256k1's secp256k1_ecdsa_verify after Core's CPubKey parsing: `msgHash` 32 bytes,
   * `signature` compact r‖s (64 bytes, already low-S normalized: a high S is rejected, as
   * libsecp256k1 does), `pubkey` 33 or 65 bytes as Core's CPubKey/secp256k1_ec_pubkey_parse
   * accept them, hybrid 0x06/0x07 keys included.
   */
  verifyEcdsa(msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean;
  /**
   * Core's CPubKey::Verify in one call, where a backend has it natively: `derSignature` (no
   * hash-type byte) parsed by libsecp256k1's contrib ecdsa_signature_parse_der_lax (the parser
   * Core's pubkey.cpp copies), S normalized low, verified against `msgHash` (32 bytes) and
   * `pubkey`. Optional: without it verifyEcdsaLax (ecdsa.ts) parses and normalizes in TypeScript
   * and calls `verifyEcdsa`; with it the answer must be the same on every input
   * (test/signatures/ecdsa-der-native.test.ts compares the two).
   */
  readonly verifyEcdsaDerLax?: (msgHash: Uint8Array, derSignature: Uint8Array, pubkey: Uint8Array) => boolean;
  /** BIP340 verification (secp256k1_schnorrsig_verify): `signature` 64 bytes, `xOnlyPubkey` 32 bytes, any message length. */
  verifySchnorr(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean;
  /**
   * secp256k1_xonly_pubkey_tweak_add for BIP341's CheckTapTweak: lift_x(`xOnlyPubkey`) + `tweak`·G.
   * Undefined when the key is not on the curve, the tweak is ≥ n, or the result is infinity.
   */
  xOnlyTweakAdd(xOnlyPubkey: Uint8Array, tweak: Uint8Array): XOnlyTweakResult | undefined;
  /** The public key of a secret key (33 bytes compressed or 65 uncompressed); undefined for an invalid key. */
  getPublicKey(seckey: Uint8Array, compressed: boolean): Uint8Array | undefined;
  /** RFC6979 deterministic ECDSA (no extra entropy), low-S, compact r‖s; undefined for an invalid key. For tests and builders. */
  signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined;
  /** BIP340 signing with the given 32-byte aux_rand; undefined for an invalid key. For tests and builders. */
  signSchnorr(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined;
}

/**
 * Core's CPubKey length rule (GetLen: 0x02/0x03 → 33 bytes, 0x04/0x06/0x07 → 65) and
 * secp256k1_ec_pubkey_parse's hybrid rule (0x06 needs an even y, 0x07 an odd y). A valid hybrid
 * key is returned as the equivalent 0x04 key, so a library that refuses hybrid keys still sees
 * Core's point; whether the point is on the curve is left to the library.
 */
export function normalizeEcdsaPubkey(pubkey: Uint8Array): Uint8Array | undefined {
  const header = pubkey[0];
  const len = header === 2 || header === 3 ? 33 : header === 4 || header === 6 || header === 7 ? 65 : 0;
  if (len === 0 || pubkey.length !== len) return undefined;
  if (header === 6 || header === 7) {
    if (((pubkey[64] ?? 0) & 1) !== (header & 1)) return undefined;
    const plain = pubkey.slice();
    plain[0] = 4;
    return plain;
  }
  return pubkey;
}

/**
 * n and n/2 (rounded down) as 32 big-endian bytes, written out so that the proofs translate them
 * (equal to numberToBytesBE of SECP256K1_N and SECP256K1_HALF_N: test/crypto/secp256k1-constants.test.ts).
 * Equal-length big-endian byte strings compare as the numbers they encode.
 */
export const SECP256K1_N_BYTES: Uint8Array = Uint8Array.of(
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
  0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
);
export const SECP256K1_HALF_N_BYTES: Uint8Array = Uint8Array.of(
  0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
);

/** Whether 32 big-endian bytes encode zero. */
export function isZeroScalar(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Whether a compact signature can pass secp256k1_ecdsa_verify at all: r, s ∈ [1, n−1] and s ≤ n/2.
 * Compared as bytes (no bigint per signature); equal to the bigint comparison (properties/fast-paths.prop.test.ts).
 */
export function isVerifiableCompactSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const r = signature.subarray(0, 32);
  const s = signature.subarray(32, 64);
  return !isZeroScalar(r) && compareBytes(r, SECP256K1_N_BYTES) < 0 && !isZeroScalar(s) && compareBytes(s, SECP256K1_HALF_N_BYTES) <= 0;
}

/** secp256k1_ec_seckey_verify: 32 bytes, 0 < d < n. */
export function isValidSeckey(seckey: Uint8Array): boolean {
  if (seckey.length !== 32) return false;
  const d = bytesToNumberBE(seckey);
  return d > 0n && d < SECP256K1_N;
}
