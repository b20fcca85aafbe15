/**
 * libsecp256k1 in WebAssembly (SPEC.md §3.5, issue 14): the module build.mjs compiles from bridge.c
 * and libsecp256k1's C sources (embedded in libsecp256k1-wasm-module.ts), with the 10x26 field that
 * suits WebAssembly's 64-bit multiply and a binary-GCD scalar inverse for verification.
 * Instantiated on first use (building its context takes about 15 ms) and used only after a known
 * answer; undefined where WebAssembly cannot run it, and the
 * backend (kernel/crypto/libsecp256k1-wasm-backend.ts) then uses @noble/curves.
 *
 * Each function copies its arguments into the module's memory, calls one entry point of bridge.c
 * and copies the result out: pure as seen from outside (the memory is scratch space). Arguments
 * are checked by the caller (lengths here are the entry points' fixed ones).
 * Tests: test/crypto/libsecp256k1-wasm.test.ts, test/signatures (every backend on every vector).
 */
import { type WasmInstance, type WasmModuleExports, instantiateEmbedded } from '../wasm-instance.js';
import { LIBSECP256K1_WASM_BASE64 } from './libsecp256k1-wasm-module.js';

interface Libsecp256k1Exports extends WasmModuleExports {
  ecdsa_verify(pubkeyLength: number): number;
  schnorr_verify(): number;
  xonly_tweak_add(): number;
  pubkey_create(compressed: number): number;
  ecdsa_sign(): number;
}

/** The instantiated module, and its memory from `io` on (bridge.c's 256-byte `ioBase`). */
export type Libsecp256k1Wasm = WasmInstance<Libsecp256k1Exports>;

/** The size of bridge.c's `ioBase`: nothing may be written past it. */
const IO_BYTES = 256;

/** The generator's x (SEC 2): the public key of the secret key 1 is 02 ‖ G_X. */
const G_X = '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';

/** A known answer before use: the public key of the secret key 1 is G, and an ECDSA signature by it verifies. */
function passesKnownAnswer(wasm: Libsecp256k1Wasm): boolean {
  const one = new Uint8Array(32);
  one[31] = 1;
  const pub = wasmGetPublicKey(wasm, one, true);
  if (pub === undefined || pub[0] !== 2 || Array.from(pub.subarray(1), (b) => b.toString(16).padStart(2, '0')).join('') !== G_X) return false;
  const msg = new Uint8Array(32).fill(7);
  const sig = wasmSignEcdsa(wasm, msg, one);
  return sig !== undefined && wasmVerifyEcdsa(wasm, msg, sig, pub) && !wasmVerifyEcdsa(wasm, one, sig, pub);
}

/** The module's scratch area, `IO_BYTES` long. */
function io(wasm: Libsecp256k1Wasm): Uint8Array {
  return wasm.heap(IO_BYTES).subarray(wasm.io, wasm.io + IO_BYTES);
}

/** secp256k1_ecdsa_verify of a 32-byte hash, a 64-byte compact signature and a 33- or 65-byte key. */
export function wasmVerifyEcdsa(wasm: Libsecp256k1Wasm, msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
  const mem = io(wasm);
  mem.set(msgHash, 0);
  mem.set(signature, 32);
  mem.set(pubkey, 96);
  return wasm.exports.ecdsa_verify(pubkey.length) === 1;
}

/** BIP340 verification given the challenge hash (not reduced), a 64-byte signature and a 32-byte x-only key. */
export function wasmVerifySchnorr(wasm: Libsecp256k1Wasm, challenge: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
  const mem = io(wasm);
  mem.set(challenge, 0);
  mem.set(signature, 32);
  mem.set(xOnlyPubkey, 96);
  return wasm.exports.schnorr_verify() === 1;
}

/** lift_x(x) + tweak·G: the parity of its y and its x, or undefined (x not on the curve, tweak ≥ n, infinity). */
export function wasmXOnlyTweakAdd(wasm: Libsecp256k1Wasm, xOnlyPubkey: Uint8Array, tweak: Uint8Array): { readonly parity: 0 | 1; readonly xOnly: Uint8Array } | undefined {
  const mem = io(wasm);
  mem.set(xOnlyPubkey, 0);
  mem.set(tweak, 32);
  if (wasm.exports.xonly_tweak_add() !== 1) return undefined;
  return { parity: mem[64] === 1 ? 1 : 0, xOnly: mem.slice(65, 97) };
}

/** The public key of a 32-byte secret key, 33 bytes compressed or 65; undefined for 0 or ≥ n. */
export function wasmGetPublicKey(wasm: Libsecp256k1Wasm, seckey: Uint8Array, compressed: boolean): Uint8Array | undefined {
  const mem = io(wasm);
  mem.set(seckey, 0);
  if (wasm.exports.pubkey_create(compressed ? 1 : 0) !== 1) return undefined;
  return mem.slice(32, compressed ? 65 : 97);
}

/** RFC6979 ECDSA (no extra data), low-S, compact r‖s; undefined for a secret key of 0 or ≥ n. */
export function wasmSignEcdsa(wasm: Libsecp256k1Wasm, msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
  const mem = io(wasm);
  mem.set(msgHash, 0);
  mem.set(seckey, 32);
  if (wasm.exports.ecdsa_sign() !== 1) return undefined;
  return mem.slice(64, 128);
}

/** The module, instantiated and checked on the first call; undefined where it cannot run. */
export const libsecp256k1Wasm: () => Libsecp256k1Wasm | undefined = (() => {
  let state: { readonly wasm: Libsecp256k1Wasm | undefined } | undefined;
  return () => {
    state ??= { wasm: instantiateEmbedded(LIBSECP256K1_WASM_BASE64, passesKnownAnswer) };
    return state.wasm;
  };
})();
