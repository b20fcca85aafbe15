// Builds the Num3072 multiplier of MuHash3072 for WebAssembly (num3072.c), compiled with Debian's
// clang-14 for wasm32 (no libc calls: the module imports nothing), SIMD on (two 32 x 32 -> 64-bit
// products per instruction), embedded as base64 in num3072-wasm-module.ts (kernel/crypto/wasm-build.mjs).
//   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32   # once, as root (.ci/run does this)
//   node kernel/crypto/num3072-wasm/build.mjs
// The .ts output is committed; test/crypto/num3072-wasm.test.ts checks that it matches a build.
import { fileURLToPath } from 'node:url';
import { compileC, embeddedModuleSource } from '../wasm-build.mjs';

const here = new URL('./', import.meta.url);

export const CLANG_FLAGS = [
  '-O3', '-msimd128', '-fno-ident', '-Wall', '-Werror',
  '-mexec-model=reactor', '-nostartfiles', '-Wl,--no-entry', '-Wl,--export=ioBase', '-Wl,-z,stack-size=65536',
  '-Wl,--strip-all', '-fuse-ld=/usr/bin/wasm-ld-14',
];

/** The module's bytes, compiled now (needs clang-14, lld-14 and wasi-libc). */
export function buildNum3072Wasm() {
  return compileC(fileURLToPath(new URL('num3072.c', here)), CLANG_FLAGS);
}

/** The generated .ts that embeds `wasm`. */
export function num3072ModuleSource(wasm) {
  return embeddedModuleSource(wasm, { build: 'kernel/crypto/num3072-wasm/build.mjs', watFile: 'num3072.c', constant: 'NUM3072_WASM_BASE64' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { writeFileSync } = await import('node:fs');
  const wasm = buildNum3072Wasm();
  writeFileSync(new URL('num3072-wasm-module.ts', here), num3072ModuleSource(wasm));
  console.log(`num3072-wasm-module.ts: wasm ${wasm.length} bytes`);
}
