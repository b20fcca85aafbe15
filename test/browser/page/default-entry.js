// The page a user gets with esbuild's defaults: everything from 'bllvm-ts', DEFAULT_BACKEND as the
// package's `browser` field selects it (kernel/crypto/secp256k1.browser.ts). The undo-file parser
// is the package's own (dist/shell/chain), imported by path because it is not a public export.
import * as kernel from 'bllvm-ts';
import * as undo from './node_modules/bllvm-ts/dist/shell/chain/undo-file.js';
import { publish } from './run-block.js';

void publish(kernel, undo, kernel.DEFAULT_BACKEND, { available: typeof WebAssembly === 'object' });
