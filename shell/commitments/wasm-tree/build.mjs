// Builds the UTXO tree engine for WebAssembly (tree.c), compiled with Debian's clang-14 for wasm32
// against wasi-libc (malloc, memcpy, memcmp: the module imports nothing), SIMD on (four node
// hashes at once), memory growing to 4 GiB, embedded as base64 in wasm-tree-module.ts
// (kernel/crypto/wasm-build.mjs).
//   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32   # once, as root (.ci/run does this)
//   node shell/commitments/wasm-tree/build.mjs
// The .ts output is committed; test/commitments/wasm-tree.test.ts checks that it matches a build.
import { fileURLToPath } from 'node:url';
import { compileC, embeddedModuleSource } from '../../../kernel/crypto/wasm-build.mjs';

const here = new URL('./', import.meta.url);

export const CLANG_FLAGS = [
  '-O3', '-msimd128', '-mbulk-memory', '-fno-ident', '-Wall', '-Werror',
  '-mexec-model=reactor', '-nostartfiles', '-Wl,--no-entry', '-Wl,-z,stack-size=1048576',
  '-Wl,--max-memory=4294967296', '-Wl,--strip-all', '-fuse-ld=/usr/bin/wasm-ld-14',
];

/** The module's bytes, compiled now (needs clang-14, lld-14 and wasi-libc). */
export function buildWasmTree() {
  return compileC(fileURLToPath(new URL('tree.c', here)), CLANG_FLAGS);
}

/** The generated .ts that embeds `wasm`. */
export function wasmTreeModuleSource(wasm) {
  return embeddedModuleSource(wasm, { build: 'shell/commitments/wasm-tree/build.mjs', watFile: 'tree.c', constant: 'WASM_TREE_BASE64' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { writeFileSync } = await import('node:fs');
  const wasm = buildWasmTree();
  writeFileSync(new URL('wasm-tree-module.ts', here), wasmTreeModuleSource(wasm));
  console.log(`wasm-tree-module.ts: wasm ${wasm.length} bytes`);
}
