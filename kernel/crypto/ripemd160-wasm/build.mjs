// Builds the WebAssembly RIPEMD-160: generate-wat.mjs -> ripemd160.wat -> (wabt, from npm) -> the binary,
// embedded as base64 in ripemd160-wasm-module.ts (kernel/crypto/wasm-build.mjs). Run after changing the generator:
//   node kernel/crypto/ripemd160-wasm/build.mjs
// Both outputs are committed; test/crypto/ripemd160-wasm.test.ts checks that they match the generator.
import { fileURLToPath } from 'node:url';
import { assembleWat, writeModuleFiles } from '../wasm-build.mjs';
import { generateWat } from './generate-wat.mjs';

/** The module's text and bytes, assembled from the generator's text. */
export async function buildRipemd160Wasm() {
  const wat = generateWat();
  return { wat, wasm: await assembleWat('ripemd160.wat', wat) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeModuleFiles(new URL('./', import.meta.url), await buildRipemd160Wasm(), {
    build: 'kernel/crypto/ripemd160-wasm/build.mjs',
    watFile: 'ripemd160.wat',
    moduleFile: 'ripemd160-wasm-module.ts',
    constant: 'RIPEMD160_WASM_BASE64',
  });
}
