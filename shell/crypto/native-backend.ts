/**
 * A native libsecp256k1 signature backend for Node (SPEC.md §3.5, issue 14): the `secp256k1` npm
 * package's N-API binding, loaded from the linux-x64 (glibc, musl), darwin-arm64 and win32-x64
 * binaries the package ships (node-gyp-build's prebuilds/), so `npm ci` needs no build and no
 * install script. Only the binding is loaded, never the package's index.js, which would fall back
 * silently to a slow pure-JS `elliptic`.
 *
 * The binding has ECDSA and point operations but no BIP340: Schnorr verification is composed from
 * them (R = s·G − e·P, accepted when R has an even y and x(R) = r), as the WASM backend does for
 * messages not 32 bytes long; Schnorr signing (tests and builders only) is tiny-secp256k1's.
 * Every method checks its input as the other backends do (secp256k1-backend.ts) and turns any
 * exception into false / undefined; test/signatures/native-backend.test.ts checks it against both
 * kernel backends on every vector and on fast-check inputs.
 * Source: libsecp256k1 secp256k1.c, BIP340, BIP341.
 */
import { createRequire } from 'node:module';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { taggedHash } from '../../kernel/crypto/hashes.js';
import {
  type Secp256k1Backend,
  type XOnlyTweakResult,
  SECP256K1_N,
  SECP256K1_P,
  isValidSeckey,
  isVerifiableCompactSignature,
  normalizeEcdsaPubkey,
} from '../../kernel/crypto/secp256k1-backend.js';
import { tinySecp256k1Backend } from '../../kernel/crypto/tiny-secp256k1-backend.js';

/** The parts of secp256k1-node's binding (secp256k1/bindings) used here. Each throws on invalid input. */
export interface NativeSecp256k1 {
  ecdsaVerify(signature: Uint8Array, msg32: Uint8Array, pubkey: Uint8Array): boolean;
  ecdsaSign(msg32: Uint8Array, seckey: Uint8Array): { readonly signature: Uint8Array; readonly recid: number };
  publicKeyCreate(seckey: Uint8Array, compressed?: boolean): Uint8Array;
  publicKeyVerify(pubkey: Uint8Array): boolean;
  publicKeyTweakAdd(pubkey: Uint8Array, tweak: Uint8Array, compressed?: boolean): Uint8Array;
  publicKeyTweakMul(pubkey: Uint8Array, tweak: Uint8Array, compressed?: boolean): Uint8Array;
  publicKeyCombine(pubkeys: readonly Uint8Array[], compressed?: boolean): Uint8Array;
}

/** A native module, or the reason it cannot load here (the first line of the error). */
export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** `require(specifier)` from this package, as a Loaded value instead of a throw. */
export function requireBinding<T>(specifier: string): Loaded<T> {
  try {
    return { ok: true, value: createRequire(import.meta.url)(specifier) as T };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e) };
  }
}

/** The binding, or the reason it cannot load here (no binary for this platform, or a broken one). */
export function loadNativeSecp256k1(): Loaded<NativeSecp256k1> {
  return requireBinding<NativeSecp256k1>('secp256k1/bindings');
}

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** The backend over a loaded binding. */
export function nativeSecp256k1Backend(native: NativeSecp256k1): Secp256k1Backend {
  /** BIP340 verification from point operations; null stands for the point at infinity. */
  function verifySchnorr(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
    if (signature.length !== 64 || xOnlyPubkey.length !== 32) return false;
    const rBytes = signature.subarray(0, 32);
    const sBytes = signature.subarray(32, 64);
    if (bytesToNumberBE(rBytes) >= SECP256K1_P || bytesToNumberBE(sBytes) >= SECP256K1_N) return false;
    const pubkey = new Uint8Array(33);
    pubkey[0] = 2; // lift_x: the point with this x and an even y
    pubkey.set(xOnlyPubkey, 1);
    try {
      if (!native.publicKeyVerify(pubkey)) return false;
      const e = bytesToNumberBE(taggedHash('BIP0340/challenge', rBytes, xOnlyPubkey, message)) % SECP256K1_N;
      // R = (−e·P) + s·G: one variable-base multiplication, then tweak_add's fixed-base one.
      const minusEP = e === 0n ? null : native.publicKeyTweakMul(pubkey, numberToBytesBE(SECP256K1_N - e, 32), true);
      let big: Uint8Array | null;
      if (minusEP === null) big = isZero(sBytes) ? null : native.publicKeyCreate(sBytes, true);
      else if (isZero(sBytes)) big = minusEP;
      else big = native.publicKeyTweakAdd(minusEP, sBytes, true); // R at infinity (s·G = e·P): throws, not a valid signature
      if (big === null || big[0] !== 2) return false;
      for (let i = 0; i < 32; i++) if (big[i + 1] !== rBytes[i]) return false;
      return true;
    } catch {
      return false;
    }
  }

  return Object.freeze({
    name: 'secp256k1-node (libsecp256k1, native)',
    verifyEcdsa(msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
      const key = normalizeEcdsaPubkey(pubkey);
      if (key === undefined || msgHash.length !== 32 || !isVerifiableCompactSignature(signature)) return false;
      try {
        return native.ecdsaVerify(signature, msgHash, key);
      } catch {
        return false;
      }
    },
    verifySchnorr,
    xOnlyTweakAdd(xOnlyPubkey: Uint8Array, tweak: Uint8Array): XOnlyTweakResult | undefined {
      if (xOnlyPubkey.length !== 32 || tweak.length !== 32) return undefined;
      if (bytesToNumberBE(tweak) >= SECP256K1_N) return undefined;
      const pubkey = new Uint8Array(33);
      pubkey[0] = 2;
      pubkey.set(xOnlyPubkey, 1);
      try {
        if (!native.publicKeyVerify(pubkey)) return undefined;
        // A zero tweak leaves the point as it is (older libsecp256k1 refuses a zero tweak).
        const q = isZero(tweak) ? pubkey : native.publicKeyTweakAdd(pubkey, tweak, true);
        return { parity: q[0] === 3 ? 1 : 0, xOnly: q.slice(1) };
      } catch {
        return undefined;
      }
    },
    getPublicKey(seckey: Uint8Array, compressed: boolean): Uint8Array | undefined {
      if (!isValidSeckey(seckey)) return undefined;
      try {
        return native.publicKeyCreate(seckey, compressed);
      } catch {
        return undefined;
      }
    },
    signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
      if (msgHash.length !== 32 || !isValidSeckey(seckey)) return undefined;
      try {
        return native.ecdsaSign(msgHash, seckey).signature;
      } catch {
        return undefined;
      }
    },
    signSchnorr: tinySecp256k1Backend.signSchnorr,
  });
}
