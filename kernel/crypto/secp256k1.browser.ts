/**
 * The secp256k1 backend selection for browser builds (SPEC.md §3.5): package.json's `browser`
 * field maps dist/kernel/crypto/secp256k1.js to this file, so a bundler that follows that field
 * (esbuild, Vite and webpack do by default) never reaches tiny-secp256k1, whose `.wasm` import
 * their default configurations cannot load. Same names as secp256k1.ts except
 * `tinySecp256k1Backend`, which a page whose bundler does load WASM imports from
 * `bllvm-ts/kernel/crypto/tiny-secp256k1-backend` and passes explicitly (README "In the browser";
 * test/browser/browser.test.ts runs both in Chromium).
 */
import { nobleBackend } from './noble-backend.js';
import type { Secp256k1Backend } from './secp256k1-backend.js';

export * from './secp256k1-backend.js';
export { nobleBackend } from './noble-backend.js';

/** Every backend available without WebAssembly: @noble/curves. */
export const SECP256K1_BACKENDS: readonly Secp256k1Backend[] = Object.freeze([nobleBackend]);

/**
 * The backend the kernel uses unless told otherwise. In browser builds: @noble/curves (pure
 * JavaScript, identical results to tiny-secp256k1 on every vector, test/signatures). Under Node
 * (secp256k1.ts): tiny-secp256k1.
 */
export const DEFAULT_BACKEND: Secp256k1Backend = nobleBackend;
