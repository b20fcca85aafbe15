/**
 * The tiny-secp256k1 backend (SPEC.md §3.5): libsecp256k1 compiled to WebAssembly. The only kernel
 * file that imports tiny-secp256k1: importing it instantiates the WASM module (Node reads the
 * .wasm file; a browser bundle needs a bundler that loads tiny-secp256k1's `.wasm` import, which
 * esbuild, Vite and webpack do not do by default; README "In the browser").
 * Every method checks its input first and turns any exception into `false` / `undefined`.
 * Source: libsecp256k1 secp256k1.c, BIP340, BIP341.
 */
import * as tiny from 'tiny-secp256k1';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { equalBytes } from '../encoding/bytes.js';
import { taggedHash } from './hashes.js';
import {
  type Secp256k1Backend,
  type XOnlyTweakResult,
  SECP256K1_N,
  SECP256K1_P,
  isValidSeckey,
  isVerifiableCompactSignature,
  normalizeEcdsaPubkey,
} from './secp256k1-backend.js';

function prefixed(prefix: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = prefix;
  out.set(body, 1);
  return out;
}

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
  return big[0] === 2 && equalBytes(big.subarray(1), rBytes);
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
    if (key === undefined || msgHash.length !== 32 || !isVerifiableCompactSignature(signature)) return false;
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
    if (!isValidSeckey(seckey)) return undefined;
    try {
      return tiny.pointFromScalar(seckey, compressed) ?? undefined;
    } catch {
      return undefined;
    }
  },
  signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
    if (msgHash.length !== 32 || !isValidSeckey(seckey)) return undefined;
    try {
      return tiny.sign(msgHash, seckey);
    } catch {
      return undefined;
    }
  },
  signSchnorr(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined {
    if (auxRand.length !== 32 || !isValidSeckey(seckey)) return undefined;
    try {
      if (message.length !== 32) return tinySignSchnorrAnyLength(message, seckey, auxRand);
      return tiny.signSchnorr(message, seckey, auxRand);
    } catch {
      return undefined;
    }
  },
});
