// Builds the WebAssembly ChaCha20: generate-wat.mjs -> chacha20.wat -> (wabt, from npm) -> the binary,
// embedded as base64 in chacha20-wasm-module.ts (kernel/crypto/wasm-build.mjs). Run after changing the generator:
//   node kernel/crypto/chacha20-wasm/build.mjs
// Both outputs are committed; test/crypto/chacha20-wasm.test.ts checks that they match the generator.
import { fileURLToPath } from 'node:url';
import { assembleWat, writeModuleFiles } from '../wasm-build.mjs';
import { generateWat } from './generate-wat.mjs';

/** The module's text and bytes, assembled from the generator's text. */
export async function buildChacha20Wasm() {
  const wat = generateWat();
  return { wat, wasm: await assembleWat('chacha20.wat', wat) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeModuleFiles(new URL('./', import.meta.url), await buildChacha20Wasm(), {
    build: 'kernel/crypto/chacha20-wasm/build.mjs',
    watFile: 'chacha20.wat',
    moduleFile: 'chacha20-wasm-module.ts',
    constant: 'CHACHA20_WASM_BASE64',
  });
}
