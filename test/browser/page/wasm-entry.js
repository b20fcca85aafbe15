// The page of README "In the browser" for a bundler that loads tiny-secp256k1's `.wasm` import:
// the caller loads the WASM backend lazily, keeps it only if it passes eccSanityCheck (known
// answers; a bundler can load WASM and still break it), and uses nobleBackend otherwise, e.g. when
// WebAssembly is missing or a Content-Security-Policy without 'wasm-unsafe-eval' refuses it.
import * as kernel from 'bllvm-ts';
import { eccSanityCheck } from 'bllvm-ts/kernel/crypto/ecc-sanity-check';
import * as undo from './node_modules/bllvm-ts/dist/shell/chain/undo-file.js';
import { publish } from './run-block.js';

const available = typeof WebAssembly === 'object';
import('bllvm-ts/kernel/crypto/tiny-secp256k1-backend').then(
  ({ tinySecp256k1Backend }) =>
    eccSanityCheck(tinySecp256k1Backend)
      ? publish(kernel, undo, tinySecp256k1Backend, { available })
      : publish(kernel, undo, kernel.nobleBackend, { available, loadError: 'tiny-secp256k1 loaded but failed eccSanityCheck' }),
  (e) => publish(kernel, undo, kernel.nobleBackend, { available, loadError: String(e) }),
);
