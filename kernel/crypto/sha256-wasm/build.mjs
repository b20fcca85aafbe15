// Builds the WebAssembly SHA-256: generate-wat.mjs -> sha256.wat -> (wabt, from npm) -> the binary,
// embedded as base64 in sha256-wasm-module.ts (kernel/crypto/wasm-build.mjs). Run after changing the generator:
//   node kernel/crypto/sha256-wasm/build.mjs
// Both outputs are committed; test/crypto/sha256-wasm.test.ts checks that they match the generator.
import { fileURLToPath } from 'node:url';
import { assembleWat, writeModuleFiles } from '../wasm-build.mjs';
import { generateWat } from './generate-wat.mjs';

/** The module's text and bytes, assembled from the generator's text. */
export async function buildSha256Wasm() {
  const wat = generateWat();
  return { wat, wasm: await assembleWat('sha256.wat', wat) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeModuleFiles(new URL('./', import.meta.url), await buildSha256Wasm(), {
    build: 'kernel/crypto/sha256-wasm/build.mjs',
    watFile: 'sha256.wat',
    moduleFile: 'sha256-wasm-module.ts',
    constant: 'SHA256_WASM_BASE64',
  });
}
