/**
 * The @noble/curves secp256k1 backend (SPEC.md §3.5): pure JavaScript, no WebAssembly, so it runs
 * wherever JavaScript does; the kernel's default in browser builds (secp256k1.browser.ts).
 * Both libraries throw on malformed input; every method checks its input first and turns any
 * remaining exception into `false` / `undefined`. Source: libsecp256k1 secp256k1.c, BIP340, BIP341.
 */
import { schnorr as nobleSchnorr, secp256k1 as nobleSecp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import {
  type Secp256k1Backend,
  type XOnlyTweakResult,
  SECP256K1_N,
  isValidSeckey,
  isVerifiableCompactSignature,
  normalizeEcdsaPubkey,
} from './secp256k1-backend.js';

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
    if (key === undefined || msgHash.length !== 32 || !isVerifiableCompactSignature(signature)) return false;
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
    if (!isValidSeckey(seckey)) return undefined;
    try {
      return nobleSecp256k1.getPublicKey(seckey, compressed);
    } catch {
      return undefined;
    }
  },
  signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
    if (msgHash.length !== 32 || !isValidSeckey(seckey)) return undefined;
    try {
      return nobleSecp256k1.sign(msgHash, seckey, { prehash: false, lowS: true, extraEntropy: false, format: 'compact' });
    } catch {
      return undefined;
    }
  },
  signSchnorr(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined {
    if (auxRand.length !== 32 || !isValidSeckey(seckey)) return undefined;
    try {
      return nobleSchnorr.sign(message, seckey, auxRand);
    } catch {
      return undefined;
    }
  },
});
