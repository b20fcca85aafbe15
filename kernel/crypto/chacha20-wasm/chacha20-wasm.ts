/**
 * ChaCha20 in WebAssembly (RFC 8439; SPEC.md §8.1): the module built from generate-wat.mjs
 * (chacha20.wat, embedded in chacha20-wasm-module.ts), instantiated synchronously when this file
 * loads, 4 blocks at a time in SIMD lanes. `CHACHA20_WASM` is undefined where WebAssembly cannot run
 * it (no WebAssembly or no SIMD, a Content-Security-Policy without 'wasm-unsafe-eval') or where it
 * fails its known answer (RFC 8439 §2.4.2's keystream): kernel/crypto/chacha20.ts then uses
 * @noble/ciphers, the reference, which gives the same bytes (test/crypto/chacha20-wasm.test.ts).
 *
 * The functions copy the key into the module's memory, run there and copy the result out: pure as
 * seen from outside (the memory is scratch space, rewritten by every call). Loaded by
 * kernel/crypto/wasm-instance.ts, as the SHA-256 module.
 */
import { type WasmInstance, type WasmModuleExports, instantiateEmbedded } from '../wasm-instance.js';
import { CHACHA20_WASM_BASE64 } from './chacha20-wasm-module.js';

interface Chacha20Exports extends WasmModuleExports {
  keystream(key: number, out: number, blocks: number): void;
  hexReversed(input: number, len: number, out: number): void;
}

/** The instantiated module, and its memory from `io` on. */
export type Chacha20Wasm = WasmInstance<Chacha20Exports>;

const KEY_BYTES = 32;
const BLOCK_BYTES = 64;

/** RFC 8439 §2.4.2's key 00 01 .. 1f; with a zero nonce, block 0's first bytes are these (checked against @noble/ciphers in the tests). */
const KNOWN_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const KNOWN_BLOCK0_PREFIX = [0x39, 0xfd, 0x2b, 0x7d, 0xd9, 0xc5, 0x19, 0x6a];

/** A known answer before use, as sha256-wasm.ts checks "abc". */
function passesKnownAnswer(wasm: Chacha20Wasm): boolean {
  const block = wasmChacha20Keystream(wasm, KNOWN_KEY, 8);
  return KNOWN_BLOCK0_PREFIX.every((b, i) => block[i] === b);
}

/** Runs the keystream of `key` (zero nonce, from block 0) into the module's memory; returns the view and where the `length` bytes start. */
function keystreamInPlace(wasm: Chacha20Wasm, key: Uint8Array, length: number, extra: number): { readonly heap: Uint8Array; readonly at: number } {
  const groups = Math.ceil(length / (4 * BLOCK_BYTES));
  const heap = wasm.heap(KEY_BYTES + groups * 4 * BLOCK_BYTES + extra);
  heap.set(key, wasm.io);
  wasm.exports.keystream(wasm.io, wasm.io + KEY_BYTES, groups * 4);
  return { heap, at: wasm.io + KEY_BYTES };
}

/** `length` bytes of the ChaCha20 keystream of a 32-byte key with an all-zero nonce, from block 0. */
export function wasmChacha20Keystream(wasm: Chacha20Wasm, key: Uint8Array, length: number): Uint8Array {
  const { heap, at } = keystreamInPlace(wasm, key, length, 0);
  return heap.slice(at, at + length);
}

/**
 * The same keystream read as a little-endian number, as the ASCII bytes of `0x` and 2·length hex
 * digits, most significant first (the text BigInt() reads): a view of the module's memory, valid
 * until the next call.
 */
export function wasmChacha20KeystreamHex(wasm: Chacha20Wasm, key: Uint8Array, length: number): Uint8Array {
  const groups = Math.ceil(length / (4 * BLOCK_BYTES));
  const { heap, at } = keystreamInPlace(wasm, key, length, 2 + 2 * length);
  const text = at + groups * 4 * BLOCK_BYTES;
  heap[text] = 0x30; // '0'
  heap[text + 1] = 0x78; // 'x'
  wasm.exports.hexReversed(at, length, text + 2);
  return heap.subarray(text, text + 2 + 2 * length);
}

/** The module, or undefined where it cannot run (the caller falls back to @noble/ciphers). */
export const CHACHA20_WASM: Chacha20Wasm | undefined = instantiateEmbedded(CHACHA20_WASM_BASE64, passesKnownAnswer);
