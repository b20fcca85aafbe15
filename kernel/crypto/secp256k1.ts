/**
 * secp256k1 signature backends (SPEC.md §3.5): one interface (secp256k1-backend.ts), three
 * implementations that give Bitcoin Core's (libsecp256k1's) answer on every input, and the choice
 * of `DEFAULT_BACKEND`.
 *
 * - `nobleBackend` (noble-backend.ts): @noble/curves, pure JavaScript.
 * - `tinySecp256k1Backend` (tiny-secp256k1-backend.ts): tiny-secp256k1, libsecp256k1 compiled to WebAssembly.
 * - `libsecp256k1WasmBackend` (libsecp256k1-wasm-backend.ts): libsecp256k1 compiled to WebAssembly
 *   by this repository (libsecp256k1-wasm/), with the field representation that suits WebAssembly.
 *
 * This file is the selection for Node and for every resolver that ignores package.json's
 * `browser` field. Browser bundlers (esbuild, Vite, webpack, Rollup's node-resolve with `browser`)
 * follow that field and get secp256k1.browser.ts instead, which exports the same names except
 * `tinySecp256k1Backend` and makes `nobleBackend` the default (README "In the browser").
 *
 * Kernel rule 1: the backends are frozen objects without state of their own; callers pass the
 * backend they want as an argument.
 */
import { libsecp256k1WasmBackend } from './libsecp256k1-wasm-backend.js';
import { nobleBackend } from './noble-backend.js';
import type { Secp256k1Backend } from './secp256k1-backend.js';
import { tinySecp256k1Backend } from './tiny-secp256k1-backend.js';

export * from './secp256k1-backend.js';
export { libsecp256k1WasmBackend } from './libsecp256k1-wasm-backend.js';
export { nobleBackend } from './noble-backend.js';
export { tinySecp256k1Backend } from './tiny-secp256k1-backend.js';

/** Every backend, by name, for differential tests and benchmarks. */
export const SECP256K1_BACKENDS: readonly Secp256k1Backend[] = Object.freeze([libsecp256k1WasmBackend, tinySecp256k1Backend, nobleBackend]);

/**
 * The backend the kernel uses unless told otherwise. Here (Node): libsecp256k1-wasm (libsecp256k1
 * built for WebAssembly by this repository), the fastest of the three (about 2.5x tiny-secp256k1 on
 * ECDSA verification, docs/BENCHMARKS.md), chosen after all three gave identical results on every
 * vector (test/signatures). In browser builds (secp256k1.browser.ts): the same where the page can run it, else @noble/curves.
 */
export const DEFAULT_BACKEND: Secp256k1Backend = libsecp256k1WasmBackend;
