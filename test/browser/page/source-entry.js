// The checkout's root entry, kernel/index.ts, bundled as is with esbuild's defaults (package.json's
// `browser` field maps kernel/crypto/secp256k1.js to secp256k1.browser.ts here too).
import * as kernel from '../../../kernel/index.ts';
import * as undo from '../../../shell/chain/undo-file.ts';
import { publish } from './run-block.js';

void publish(kernel, undo, kernel.DEFAULT_BACKEND, { available: typeof WebAssembly === 'object' });
