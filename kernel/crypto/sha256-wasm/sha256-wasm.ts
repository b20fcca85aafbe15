/**
 * SHA-256 in WebAssembly (SPEC.md §1.2): the module built from generate-wat.mjs (sha256.wat, embedded
 * in sha256-wasm-module.ts), instantiated synchronously when this file loads. `SHA256_WASM` is
 * undefined where WebAssembly cannot run it (no WebAssembly or no SIMD, a Content-Security-Policy
 * without 'wasm-unsafe-eval', an engine that refuses synchronous compilation of a module this size)
 * or where it fails its known answer: hashes.ts then uses @noble/hashes, the
 * reference, which gives the same bytes (test/crypto/sha256-wasm.test.ts, fast-check).
 *
 * The functions copy their input into the module's memory, run it there and copy the digest out:
 * pure as seen from outside (the memory is scratch space, rewritten by every call).
 * Source: FIPS 180-4; Core's src/crypto/sha256.cpp (SHA256D64, TransformD64).
 */
import { type WasmInstance, type WasmModuleExports, instantiateEmbedded } from '../wasm-instance.js';
import { SHA256_WASM_BASE64 } from './sha256-wasm-module.js';

interface Sha256Exports extends WasmModuleExports {
  sha256(ptr: number, len: number, out: number): void;
  sha256d(ptr: number, len: number, out: number): void;
  sha256d64x4(input: number, out: number, n: number): void;
  sha256Multi(table: number, count: number): void;
  sha256MultiFrom(table: number, count: number, iv: number): void;
  sha256After64x4(iv: number, input: number, out: number, n: number): void;
  sha256Midstate(block: number, out: number): void;
  sha256of32x4(input: number, out: number, n: number): void;
}

/** The instantiated module, and its memory from `io` on. */
export type Sha256Wasm = WasmInstance<Sha256Exports>;

/** NIST FIPS 180-2 example: SHA-256("abc"). */
const ABC_DIGEST = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** A known answer before use, as Core's SHA256AutoDetect self-tests the implementation it picks. */
function passesKnownAnswer(wasm: Sha256Wasm): boolean {
  return hexOf(wasmSha256(wasm, Uint8Array.of(0x61, 0x62, 0x63))) === ABC_DIGEST;
}

/** Which of the module's digests: one SHA-256, or SHA-256 of SHA-256. */
type DigestExport = 'sha256' | 'sha256d';

/** The digest of `data`, hashed in the module's memory. */
function digestOf(wasm: Sha256Wasm, data: Uint8Array, digest: DigestExport): Uint8Array {
  const heap = wasm.heap(data.length + 32);
  const out = wasm.io + data.length;
  heap.set(data, wasm.io);
  wasm.exports[digest](wasm.io, data.length, out);
  return heap.slice(out, out + 32);
}

/** The digest of the concatenation of `parts`, concatenated in the module's memory. */
function digestOfParts(wasm: Sha256Wasm, parts: readonly Uint8Array[], digest: DigestExport): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const heap = wasm.heap(length + 32);
  let at = wasm.io;
  for (const p of parts) {
    heap.set(p, at);
    at += p.length;
  }
  wasm.exports[digest](wasm.io, length, at);
  return heap.slice(at, at + 32);
}

/** SHA-256 of `data`. */
export function wasmSha256(wasm: Sha256Wasm, data: Uint8Array): Uint8Array {
  return digestOf(wasm, data, 'sha256');
}

/** SHA-256 of SHA-256 of `data`. */
export function wasmSha256d(wasm: Sha256Wasm, data: Uint8Array): Uint8Array {
  return digestOf(wasm, data, 'sha256d');
}

/** SHA-256 of the concatenation of `parts`, concatenated in the module's memory. */
export function wasmSha256Parts(wasm: Sha256Wasm, parts: readonly Uint8Array[]): Uint8Array {
  return digestOfParts(wasm, parts, 'sha256');
}

/** SHA256d of the concatenation of `parts`, concatenated in the module's memory. */
export function wasmSha256dParts(wasm: Sha256Wasm, parts: readonly Uint8Array[]): Uint8Array {
  return digestOfParts(wasm, parts, 'sha256d');
}

/**
 * Core's SHA256D64: `input` holds n 64-byte messages back to back; returns their n SHA256d
 * digests back to back (32 bytes each), hashed 4 at a time in SIMD lanes.
 */
export function wasmSha256d64(wasm: Sha256Wasm, input: Uint8Array): Uint8Array {
  const n = input.length >> 6;
  const groups = (n + 3) >> 2;
  const heap = wasm.heap(groups * 256 + groups * 128);
  const io = wasm.io;
  heap.set(input.subarray(0, n * 64), io);
  heap.fill(0, io + n * 64, io + groups * 256); // the unused lanes of the last group
  const out = io + groups * 256;
  wasm.exports.sha256d64x4(io, out, groups * 4);
  return heap.slice(out, out + n * 32);
}

/**
 * Copies `messages` (each given as parts to concatenate) into the module's memory, padded, and
 * hashes them 4 at a time in SIMD lanes (multi-buffer: a lane that finishes takes the next
 * message); with `double`, the 32-byte digests are hashed again 4 at a time. With `midstate` (a
 * 64-byte prefix's state, from wasmSha256Midstate) every message is hashed as if that prefix came
 * first. Returns the n digests back to back.
 */
function multiBufferDigests(wasm: Sha256Wasm, messages: readonly (readonly Uint8Array[])[], double: boolean, midstate?: Uint8Array): Uint8Array {
  const n = messages.length;
  const prefix = midstate === undefined ? 0 : 64;
  let padded = 0;
  for (const parts of messages) {
    let length = prefix;
    for (const p of parts) length += p.length;
    padded += (Math.floor((length + 8) / 64) + 1) * 64 - prefix;
  }
  const groups = (n + 3) >> 2;
  const iv = wasm.io;
  const table = iv + 32 + padded;
  const out = table + 12 * n;
  const heap = wasm.heap(32 + padded + 12 * n + 128 * groups);
  const words = new DataView(heap.buffer);
  if (midstate !== undefined) heap.set(midstate, iv);
  let at = iv + 32;
  for (let j = 0; j < n; j++) {
    const start = at;
    const parts = messages[j] as readonly Uint8Array[];
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k] as Uint8Array;
      heap.set(p, at);
      at += p.length;
    }
    const length = prefix + at - start;
    const end = start + (Math.floor((length + 8) / 64) + 1) * 64 - prefix;
    // FIPS 180-4 padding: 0x80, zeros, the length in bits as a 64-bit big-endian number.
    heap[at] = 0x80;
    heap.fill(0, at + 1, end - 8);
    words.setUint32(end - 8, Math.floor(length / 0x20000000), false);
    words.setUint32(end - 4, (length << 3) >>> 0, false);
    words.setUint32(table + 12 * j, start, true);
    words.setUint32(table + 12 * j + 4, (end - start) >> 6, true);
    words.setUint32(table + 12 * j + 8, out + 32 * j, true);
    at = end;
  }
  if (midstate === undefined) wasm.exports.sha256Multi(table, n);
  else wasm.exports.sha256MultiFrom(table, n, iv);
  if (double) wasm.exports.sha256of32x4(out, out, groups * 4);
  return heap.slice(out, out + 32 * n);
}

/** The state after hashing the 64-byte `block` (as the module keeps it: 8 words), to continue from with wasmSha256BatchAfter. */
export function wasmSha256Midstate(wasm: Sha256Wasm, block: Uint8Array): Uint8Array {
  if (block.length !== 64) throw new RangeError('a midstate is taken after exactly one 64-byte block');
  const heap = wasm.heap(96);
  heap.set(block, wasm.io);
  wasm.exports.sha256Midstate(wasm.io, wasm.io + 64);
  return heap.slice(wasm.io + 64, wasm.io + 96);
}

/**
 * SHA256d of many messages at once, each given as parts to concatenate (a witness transaction's
 * txid hashes three ranges of its bytes). Returns the n digests back to back.
 */
export function wasmSha256dBatch(wasm: Sha256Wasm, messages: readonly (readonly Uint8Array[])[]): Uint8Array {
  return multiBufferDigests(wasm, messages, true);
}

/** SHA-256 of many messages at once, each given as parts to concatenate. */
export function wasmSha256Batch(wasm: Sha256Wasm, messages: readonly (readonly Uint8Array[])[]): Uint8Array {
  return multiBufferDigests(wasm, messages, false);
}

/** SHA-256 of a common 64-byte prefix (its `midstate`) followed by each message: BIP340 tagged hashes of one tag (the UTXO tree's new nodes of one depth). */
export function wasmSha256BatchAfter(wasm: Sha256Wasm, midstate: Uint8Array, messages: readonly (readonly Uint8Array[])[]): Uint8Array {
  return multiBufferDigests(wasm, messages, false, midstate);
}

/**
 * SHA-256 of a common 64-byte prefix (its `midstate`) followed by each 64-byte message of
 * `input` (n messages back to back), 4 at a time in SIMD lanes: one message block, then the
 * padding block of a 128-byte input, which is the same for all (its schedule precomputed, as in
 * SHA256D64). Returns the n digests back to back. The UTXO tree's internal nodes: tagged hashes
 * of two child hashes.
 */
export function wasmSha256Packed64After(wasm: Sha256Wasm, midstate: Uint8Array, input: Uint8Array): Uint8Array {
  const n = input.length >> 6;
  const groups = (n + 3) >> 2;
  const iv = wasm.io;
  const blocks = iv + 32;
  const out = blocks + 256 * groups;
  const heap = wasm.heap(32 + 256 * groups + 128 * groups);
  heap.set(midstate, iv);
  heap.set(input.subarray(0, 64 * n), blocks);
  heap.fill(0, blocks + 64 * n, out); // the unused lanes of the last group
  wasm.exports.sha256After64x4(iv, blocks, out, 4 * groups);
  return heap.slice(out, out + 32 * n);
}

/** The module, or undefined where it cannot run (the caller falls back to @noble/hashes). */
export const SHA256_WASM: Sha256Wasm | undefined = instantiateEmbedded(SHA256_WASM_BASE64, passesKnownAnswer);
