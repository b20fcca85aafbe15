// Builds the wasm invokers: the `invoke_*` imports of the installed z3-solver's z3-built.wasm ->
// generate-wat.mjs -> invokers.wat -> (wabt, from npm) -> the binary, embedded as base64 in
// invokers-module.mjs (kernel/crypto/wasm-build.mjs). Run after z3-solver changes:
//   node harness/z3-invokers/build.mjs
// Both outputs are committed; test/harness/z3-invokers.test.ts checks that they match the generator
// and the installed z3-solver's imports.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { assembleWat, writeModuleFiles } from '../../kernel/crypto/wasm-build.mjs';
import { generateWat } from './generate-wat.mjs';

/** The names of z3-built.wasm's `invoke_*` imports. */
export function z3InvokeImports() {
  const file = createRequire(import.meta.url).resolve('z3-solver/build/z3-built.wasm');
  const module = new WebAssembly.Module(readFileSync(file));
  return WebAssembly.Module.imports(module).filter((i) => i.kind === 'function' && i.name.startsWith('invoke_')).map((i) => i.name);
}

/** The module's text and bytes, assembled from the generator's text. */
export async function buildInvokers(names = z3InvokeImports()) {
  const wat = generateWat(names);
  return { wat, wasm: await assembleWat('invokers.wat', wat, { exceptions: true, reference_types: true }) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeModuleFiles(new URL('./', import.meta.url), await buildInvokers(), {
    build: 'harness/z3-invokers/build.mjs',
    watFile: 'invokers.wat',
    moduleFile: 'invokers-module.mjs',
    constant: 'INVOKERS_WASM_BASE64',
  });
}
