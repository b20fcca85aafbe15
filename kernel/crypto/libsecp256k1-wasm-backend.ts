/**
 * The libsecp256k1-in-WebAssembly backend (SPEC.md §3.5, issue 14): libsecp256k1 built by this
 * repository for WebAssembly (kernel/crypto/libsecp256k1-wasm/), embedded as base64, so it loads
 * in Node and in any browser bundle alike (no `.wasm` import). Its 10x26 field and bridge.c's
 * scalar inverse make ECDSA and BIP340 verification about 2.5x faster than tiny-secp256k1's build
 * (docs/BENCHMARKS.md). BIP340
 * verification and the x-only tweak are bridge.c's; the challenge hash is the kernel's
 * (kernel/crypto/hashes.ts), for messages of any length. BIP340 signing (tests and builders only)
 * is @noble/curves'.
 * Where the module cannot run (no WebAssembly, a Content-Security-Policy without
 * 'wasm-unsafe-eval', a failed known answer), every method is @noble/curves' (noble-backend.ts).
 * Every method checks its input as the other backends do and turns any exception into false /
 * undefined. Tests: test/signatures (every backend on every vector, differential fast-check),
 * test/crypto/libsecp256k1-wasm.test.ts (the build, the fallback).
 * Source: libsecp256k1 secp256k1.c, BIP340, BIP341.
 */
import { taggedHash } from './hashes.js';
import {
  libsecp256k1Wasm,
  wasmGetPublicKey,
  wasmSignEcdsa,
  wasmVerifyEcdsa,
  wasmVerifySchnorr,
  wasmXOnlyTweakAdd,
} from './libsecp256k1-wasm/libsecp256k1-wasm.js';
import { nobleBackend } from './noble-backend.js';
import { type Secp256k1Backend, type XOnlyTweakResult, isValidSeckey, isVerifiableCompactSignature, normalizeEcdsaPubkey } from './secp256k1-backend.js';

/** libsecp256k1 compiled to WebAssembly by this repository; @noble/curves where it cannot run. */
export const libsecp256k1WasmBackend: Secp256k1Backend = Object.freeze({
  name: 'libsecp256k1-wasm',
  verifyEcdsa(msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
    const wasm = libsecp256k1Wasm();
    if (wasm === undefined) return nobleBackend.verifyEcdsa(msgHash, signature, pubkey);
    const key = normalizeEcdsaPubkey(pubkey);
    if (key === undefined || msgHash.length !== 32 || !isVerifiableCompactSignature(signature)) return false;
    try {
      return wasmVerifyEcdsa(wasm, msgHash, signature, key);
    } catch {
      return false;
    }
  },
  verifySchnorr(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
    const wasm = libsecp256k1Wasm();
    if (wasm === undefined) return nobleBackend.verifySchnorr(message, signature, xOnlyPubkey);
    if (signature.length !== 64 || xOnlyPubkey.length !== 32) return false;
    try {
      const challenge = taggedHash('BIP0340/challenge', signature.subarray(0, 32), xOnlyPubkey, message);
      return wasmVerifySchnorr(wasm, challenge, signature, xOnlyPubkey);
    } catch {
      return false;
    }
  },
  xOnlyTweakAdd(xOnlyPubkey: Uint8Array, tweak: Uint8Array): XOnlyTweakResult | undefined {
    const wasm = libsecp256k1Wasm();
    if (wasm === undefined) return nobleBackend.xOnlyTweakAdd(xOnlyPubkey, tweak);
    if (xOnlyPubkey.length !== 32 || tweak.length !== 32) return undefined;
    try {
      return wasmXOnlyTweakAdd(wasm, xOnlyPubkey, tweak);
    } catch {
      return undefined;
    }
  },
  getPublicKey(seckey: Uint8Array, compressed: boolean): Uint8Array | undefined {
    const wasm = libsecp256k1Wasm();
    if (wasm === undefined) return nobleBackend.getPublicKey(seckey, compressed);
    if (!isValidSeckey(seckey)) return undefined;
    try {
      return wasmGetPublicKey(wasm, seckey, compressed);
    } catch {
      return undefined;
    }
  },
  signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
    const wasm = libsecp256k1Wasm();
    if (wasm === undefined) return nobleBackend.signEcdsa(msgHash, seckey);
    if (msgHash.length !== 32 || !isValidSeckey(seckey)) return undefined;
    try {
      return wasmSignEcdsa(wasm, msgHash, seckey);
    } catch {
      return undefined;
    }
  },
  signSchnorr: nobleBackend.signSchnorr,
});
