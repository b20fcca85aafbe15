/**
 * RIPEMD-160 in WebAssembly (Dobbertin, Bosselaers, Preneel 1996): the module built from
 * generate-wat.mjs (ripemd160.wat, embedded in ripemd160-wasm-module.ts), instantiated synchronously
 * when this file loads; scalar code, so it needs no SIMD. `RIPEMD160_WASM` is undefined where
 * WebAssembly cannot run it (no WebAssembly, a Content-Security-Policy without 'wasm-unsafe-eval')
 * or where it fails its known answer; @noble/hashes' ripemd160 is the reference, which gives the same
 * bytes (test/crypto/ripemd160-wasm.test.ts: Bosselaers' published vectors, fast-check).
 *
 * The function copies its input into the module's memory, runs it there and copies the digest out:
 * pure as seen from outside (the memory is scratch space, rewritten by every call). Loaded by
 * kernel/crypto/wasm-instance.ts, as the SHA-256 module.
 */
import { type WasmInstance, type WasmModuleExports, instantiateEmbedded } from '../wasm-instance.js';
import { RIPEMD160_WASM_BASE64 } from './ripemd160-wasm-module.js';

interface Ripemd160Exports extends WasmModuleExports {
  ripemd160(ptr: number, len: number, out: number): void;
}

/** The instantiated module, and its memory from `io` on. */
export type Ripemd160Wasm = WasmInstance<Ripemd160Exports>;

const DIGEST_BYTES = 20;

/** Bosselaers' RIPEMD-160 page: RIPEMD-160("abc"). */
const ABC_DIGEST = [0x8e, 0xb2, 0x08, 0xf7, 0xe0, 0x5d, 0x98, 0x7a, 0x9b, 0x04, 0x4a, 0x8e, 0x98, 0xc6, 0xb0, 0x87, 0xf1, 0x5a, 0x0b, 0xfc];

/** A known answer before use, as sha256-wasm.ts checks "abc". */
function passesKnownAnswer(wasm: Ripemd160Wasm): boolean {
  const digest = wasmRipemd160(wasm, Uint8Array.of(0x61, 0x62, 0x63));
  return ABC_DIGEST.every((b, i) => digest[i] === b);
}

/** RIPEMD-160 of `data`, hashed in the module's memory. */
export function wasmRipemd160(wasm: Ripemd160Wasm, data: Uint8Array): Uint8Array {
  const heap = wasm.heap(data.length + DIGEST_BYTES);
  const out = wasm.io + data.length;
  heap.set(data, wasm.io);
  wasm.exports.ripemd160(wasm.io, data.length, out);
  return heap.slice(out, out + DIGEST_BYTES);
}

/** The module, or undefined where it cannot run (a caller then uses @noble/hashes). */
export const RIPEMD160_WASM: Ripemd160Wasm | undefined = instantiateEmbedded(RIPEMD160_WASM_BASE64, passesKnownAnswer);
