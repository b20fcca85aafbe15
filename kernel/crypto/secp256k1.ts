/**
 * secp256k1 signature backends (SPEC.md §3.5): one interface, two implementations that give
 * Bitcoin Core's (libsecp256k1's) answer on every input.
 *
 * - `nobleBackend`: @noble/curves, pure JavaScript.
 * - `tinySecp256k1Backend`: tiny-secp256k1, libsecp256k1 compiled to WebAssembly.
 *
 * Kernel rule 1: the backends are frozen objects without state of their own; callers pass the
 * backend they want as an argument. Both libraries throw on malformed input; every method here
 * checks its input first and turns any remaining exception into `false` / `undefined`.
 */
import { schnorr as nobleSchnorr, secp256k1 as nobleSecp256k1 } from '@noble/curves/secp256k1.js';
import * as tiny from 'tiny-secp256k1';
import { taggedHash } from './hashes.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';

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

function prefixed(prefix: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = prefix;
  out.set(body, 1);
  return out;
}

function equal32(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

/** Whether a compact signature can pass secp256k1_ecdsa_verify at all: r, s ∈ [1, n−1] and s ≤ n/2. */
function compactVerifiable(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const r = bytesToNumberBE(signature.subarray(0, 32));
  const s = bytesToNumberBE(signature.subarray(32, 64));
  return r > 0n && r < SECP256K1_N && s > 0n && s <= SECP256K1_HALF_N;
}

function validSeckey(seckey: Uint8Array): boolean {
  if (seckey.length !== 32) return false;
  const d = bytesToNumberBE(seckey);
  return d > 0n && d < SECP256K1_N;
}

// ---------------------------------------------------------------------------------------------
// @noble/curves

const NoblePoint = nobleSecp256k1.Point;

function nobleXOnlyTweakAdd(xOnlyPubkey: Uint8Array, tweak: Uint8Array): XOnlyTweakResult | undefined {
  if (xOnlyPubkey.length !== 32 || tweak.length !== 32) return undefined;
  const t = bytesToNumberBE(tweak);
  if (t >= SECP256K1_N) return undefined;
  try {
    const p = nobleSchnorr.utils.lift_x(bytesToNumberBE(xOnlyPubkey));
    const q = t === 0n ? p : p.add(NoblePoint.BASE.multiply(t));
    if (q.is0()) return undefined;
    const { x, y } = q.toAffine();
    return { parity: (y & 1n) === 1n ? 1 : 0, xOnly: numberToBytesBE(x, 32) };
  } catch {
    return undefined;
  }
}

/** The @noble/curves backend (pure JavaScript). */
export const nobleBackend: Secp256k1Backend = Object.freeze({
  name: '@noble/curves',
  verifyEcdsa(msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
    const key = normalizeEcdsaPubkey(pubkey);
    if (key === undefined || msgHash.length !== 32 || !compactVerifiable(signature)) return false;
    try {
      return nobleSecp256k1.verify(signature, msgHash, key, { prehash: false, lowS: true, format: 'compact' });
    } catch {
      return false;
    }
  },
  verifySchnorr(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
    if (signature.length !== 64 || xOnlyPubkey.length !== 32) return false;
    try {
      return nobleSchnorr.verify(signature, message, xOnlyPubkey);
    } catch {
      return false;
    }
  },
  xOnlyTweakAdd: nobleXOnlyTweakAdd,
  getPublicKey(seckey: Uint8Array, compressed: boolean): Uint8Array | undefined {
    if (!validSeckey(seckey)) return undefined;
    try {
      return nobleSecp256k1.getPublicKey(seckey, compressed);
    } catch {
      return undefined;
    }
  },
  signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
    if (msgHash.length !== 32 || !validSeckey(seckey)) return undefined;
    try {
      return nobleSecp256k1.sign(msgHash, seckey, { prehash: false, lowS: true, extraEntropy: false, format: 'compact' });
    } catch {
      return undefined;
    }
  },
  signSchnorr(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined {
    if (auxRand.length !== 32 || !validSeckey(seckey)) return undefined;
    try {
      return nobleSchnorr.sign(message, seckey, auxRand);
    } catch {
      return undefined;
    }
  },
});

// ---------------------------------------------------------------------------------------------
// tiny-secp256k1 (libsecp256k1 in WebAssembly)

/**
 * BIP340 verification composed from libsecp256k1 point operations, for messages that are not
 * 32 bytes long: tiny-secp256k1's own schnorr entry point only takes 32-byte messages.
 * Consensus messages are always 32 bytes and take the direct path.
 */
function tinyVerifySchnorrAnyLength(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
  const rBytes = signature.subarray(0, 32);
  const r = bytesToNumberBE(rBytes);
  const s = bytesToNumberBE(signature.subarray(32, 64));
  if (r >= SECP256K1_P || s >= SECP256K1_N) return false;
  if (!tiny.isXOnlyPoint(xOnlyPubkey)) return false;
  const pubkey = prefixed(2, xOnlyPubkey); // lift_x: the even-y point
  const e = bytesToNumberBE(taggedHash('BIP0340/challenge', rBytes, xOnlyPubkey, message)) % SECP256K1_N;
  // R = s·G − e·P; null stands for the point at infinity.
  const sG = s === 0n ? null : tiny.pointFromScalar(numberToBytesBE(s, 32), true);
  const minusEP = e === 0n ? null : tiny.pointMultiply(pubkey, numberToBytesBE(SECP256K1_N - e, 32), true);
  const big = sG === null ? minusEP : minusEP === null ? sG : tiny.pointAdd(sG, minusEP, true);
  if (big === null) return false;
  return big[0] === 2 && equal32(big.subarray(1), rBytes);
}

/** BIP340 signing composed from libsecp256k1 operations, for messages that are not 32 bytes long. */
function tinySignSchnorrAnyLength(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined {
  const pub = tiny.pointFromScalar(seckey, true);
  if (pub === null) return undefined;
  const d = pub[0] === 2 ? seckey : tiny.privateNegate(seckey);
  const px = pub.subarray(1);
  const aux = taggedHash('BIP0340/aux', auxRand);
  const t = new Uint8Array(32);
  for (let i = 0; i < 32; i++) t[i] = (d[i] ?? 0) ^ (aux[i] ?? 0);
  const k0 = bytesToNumberBE(taggedHash('BIP0340/nonce', t, px, message)) % SECP256K1_N;
  if (k0 === 0n) return undefined;
  const bigR = tiny.pointFromScalar(numberToBytesBE(k0, 32), true);
  if (bigR === null) return undefined;
  const k = bigR[0] === 2 ? k0 : SECP256K1_N - k0;
  const rx = bigR.subarray(1);
  const e = bytesToNumberBE(taggedHash('BIP0340/challenge', rx, px, message)) % SECP256K1_N;
  const sig = new Uint8Array(64);
  sig.set(rx, 0);
  sig.set(numberToBytesBE((k + e * bytesToNumberBE(d)) % SECP256K1_N, 32), 32);
  return tinyVerifySchnorrAnyLength(message, sig, px) ? sig : undefined;
}

/** The tiny-secp256k1 backend (libsecp256k1 compiled to WebAssembly). */
export const tinySecp256k1Backend: Secp256k1Backend = Object.freeze({
  name: 'tiny-secp256k1',
  verifyEcdsa(msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
    const key = normalizeEcdsaPubkey(pubkey);
    if (key === undefined || msgHash.length !== 32 || !compactVerifiable(signature)) return false;
    try {
      return tiny.verify(msgHash, key, signature, true);
    } catch {
      return false;
    }
  },
  verifySchnorr(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
    if (signature.length !== 64 || xOnlyPubkey.length !== 32) return false;
    try {
      if (message.length !== 32) return tinyVerifySchnorrAnyLength(message, signature, xOnlyPubkey);
      // tiny-secp256k1 refuses (throws on) r ≥ n although BIP340 only needs r < p; no valid
      // signature has n ≤ r < p within reach (it would need R.x in that range), so both agree.
      return tiny.verifySchnorr(message, xOnlyPubkey, signature);
    } catch {
      return false;
    }
  },
  xOnlyTweakAdd(xOnlyPubkey: Uint8Array, tweak: Uint8Array): XOnlyTweakResult | undefined {
    if (xOnlyPubkey.length !== 32 || tweak.length !== 32) return undefined;
    if (bytesToNumberBE(tweak) >= SECP256K1_N) return undefined;
    try {
      const r = tiny.xOnlyPointAddTweak(xOnlyPubkey, tweak);
      return r === null ? undefined : { parity: r.parity, xOnly: r.xOnlyPubkey };
    } catch {
      return undefined;
    }
  },
  getPublicKey(seckey: Uint8Array, compressed: boolean): Uint8Array | undefined {
    if (!validSeckey(seckey)) return undefined;
    try {
      return tiny.pointFromScalar(seckey, compressed) ?? undefined;
    } catch {
      return undefined;
    }
  },
  signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
    if (msgHash.length !== 32 || !validSeckey(seckey)) return undefined;
    try {
      return tiny.sign(msgHash, seckey);
    } catch {
      return undefined;
    }
  },
  signSchnorr(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined {
    if (auxRand.length !== 32 || !validSeckey(seckey)) return undefined;
    try {
      if (message.length !== 32) return tinySignSchnorrAnyLength(message, seckey, auxRand);
      return tiny.signSchnorr(message, seckey, auxRand);
    } catch {
      return undefined;
    }
  },
});

/** Every backend, by name, for differential tests and benchmarks. */
export const SECP256K1_BACKENDS: readonly Secp256k1Backend[] = Object.freeze([tinySecp256k1Backend, nobleBackend]);

/**
 * The backend the kernel uses unless told otherwise: tiny-secp256k1 (libsecp256k1 in WASM), the
 * faster of the two, chosen after both gave identical results on every vector (test/signatures).
 */
export const DEFAULT_BACKEND: Secp256k1Backend = tinySecp256k1Backend;
