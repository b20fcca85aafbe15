// Builds libsecp256k1 for WebAssembly: bridge.c and the libsecp256k1 sources inside the `secp256k1`
// npm package (node_modules/secp256k1/src/secp256k1, version pinned by package-lock.json), compiled
// with Debian's clang-14 for wasm32 against wasi-libc (memcpy, memset, memcmp: the module imports
// nothing), embedded as base64 in libsecp256k1-wasm-module.ts (kernel/crypto/wasm-build.mjs).
//   apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32   # once, as root (.ci/run does this)
//   node kernel/crypto/libsecp256k1-wasm/build.mjs
// The .ts output is committed; test/crypto/libsecp256k1-wasm.test.ts checks that it matches a build.
//
// Settings: the 10x26 field and 8x32 scalar (32-bit limbs: WebAssembly multiplies 32 x 32 -> 64
// bits in one i64.mul, while the 5x52 field's 128-bit products are emulated and measured twice as
// slow), the GLV endomorphism, a verification table of ECMULT_WINDOW_SIZE 15 and signing table of
// ECMULT_GEN_PREC_BITS 4 (libsecp256k1's defaults for desktops), no GMP.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileC, embeddedModuleSource } from '../wasm-build.mjs';

const here = new URL('./', import.meta.url);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const source = join(root, 'node_modules/secp256k1/src/secp256k1');

export const CLANG_FLAGS = [
  '-O3', '-mbulk-memory', '-fno-ident', `-I${source}`, `-I${join(source, 'src')}`,
  '-DUSE_FIELD_10X26=1', '-DUSE_SCALAR_8X32=1', '-DUSE_ENDOMORPHISM=1', '-DUSE_NUM_NONE=1',
  '-DUSE_FIELD_INV_BUILTIN=1', '-DUSE_SCALAR_INV_BUILTIN=1', '-DECMULT_WINDOW_SIZE=15', '-DECMULT_GEN_PREC_BITS=4',
  '-DUSE_EXTERNAL_DEFAULT_CALLBACKS=1',
  '-mexec-model=reactor', '-nostartfiles', '-Wl,--no-entry', '-Wl,--export=ioBase', '-Wl,-z,stack-size=1048576',
  '-Wl,--strip-all', '-fuse-ld=/usr/bin/wasm-ld-14',
];

/** The module's bytes, compiled now (needs clang-14, lld-14 and wasi-libc). */
export function buildLibsecp256k1Wasm() {
  return compileC(fileURLToPath(new URL('bridge.c', here)), CLANG_FLAGS);
}

/** The generated .ts that embeds `wasm`. */
export function libsecp256k1ModuleSource(wasm) {
  return embeddedModuleSource(wasm, {
    build: 'kernel/crypto/libsecp256k1-wasm/build.mjs',
    watFile: 'bridge.c and libsecp256k1 (node_modules/secp256k1/src/secp256k1)',
    constant: 'LIBSECP256K1_WASM_BASE64',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { writeFileSync } = await import('node:fs');
  const wasm = buildLibsecp256k1Wasm();
  writeFileSync(new URL('libsecp256k1-wasm-module.ts', here), libsecp256k1ModuleSource(wasm));
  console.log(`libsecp256k1-wasm-module.ts: wasm ${wasm.length} bytes`);
}
