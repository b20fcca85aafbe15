/**
 * The secp256k1 backend selection for browser builds (SPEC.md §3.5): package.json's `browser`
 * field maps dist/kernel/crypto/secp256k1.js to this file, so a bundler that follows that field
 * (esbuild, Vite and webpack do by default) never reaches tiny-secp256k1, whose `.wasm` import
 * their default configurations cannot load. Same names as secp256k1.ts except
 * `tinySecp256k1Backend`, which a page whose bundler does load WASM imports from
 * `bllvm-ts/kernel/crypto/tiny-secp256k1-backend` and passes explicitly (README "In the browser";
 * test/browser/browser.test.ts runs both in Chromium). libsecp256k1-wasm needs no bundler support:
 * its module is embedded as base64 (kernel/crypto/libsecp256k1-wasm/).
 */
import { libsecp256k1WasmBackend } from './libsecp256k1-wasm-backend.js';
import { libsecp256k1Wasm } from './libsecp256k1-wasm/libsecp256k1-wasm.js';
import { nobleBackend } from './noble-backend.js';
import type { Secp256k1Backend } from './secp256k1-backend.js';

export * from './secp256k1-backend.js';
export { libsecp256k1WasmBackend } from './libsecp256k1-wasm-backend.js';
export { nobleBackend } from './noble-backend.js';

/** Every backend a page gets without bundler support for `.wasm` imports. */
export const SECP256K1_BACKENDS: readonly Secp256k1Backend[] = Object.freeze([libsecp256k1WasmBackend, nobleBackend]);

/**
 * The backend the kernel uses unless told otherwise. In browser builds: libsecp256k1-wasm where
 * the page can run its module (it is instantiated and checked against known answers here, when
 * this file loads), else @noble/curves (no WebAssembly, or a Content-Security-Policy without
 * 'wasm-unsafe-eval'); both give identical results on every vector (test/signatures). Under Node
 * (secp256k1.ts): libsecp256k1-wasm.
 */
export const DEFAULT_BACKEND: Secp256k1Backend = libsecp256k1Wasm() !== undefined ? libsecp256k1WasmBackend : nobleBackend;
