/**
 * An esbuild plugin for WebAssembly ESM-integration imports (`import * as wasm from './x.wasm'`,
 * what tiny-secp256k1's browser build does; esbuild has no loader for it). The .wasm file becomes a
 * JS module that imports the WASM module's own imports, instantiates it synchronously from inlined
 * bytes and exports its exports. This is the configuration a page needs to use
 * tinySecp256k1Backend in a browser (README "In the browser"); test/browser/browser.test.ts uses it
 * for the WASM pages. Webpack's `experiments.asyncWebAssembly` and vite-plugin-wasm do the same job.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
interface WasmReflection {
  readonly Module: {
    new (bytes: Uint8Array): object;
    imports(module: object): readonly { readonly module: string }[];
    exports(module: object): readonly { readonly name: string }[];
  };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmReflection }).WebAssembly;

/** The JS module standing for a .wasm file's ESM-integration import. */
export function wasmModuleSource(bytes: Uint8Array): string {
  const module = new Wasm.Module(bytes);
  const importModules = [...new Set(Wasm.Module.imports(module).map((i) => i.module))];
  const exportNames = Wasm.Module.exports(module).map((e) => e.name);
  const bad = exportNames.find((n) => !IDENTIFIER.test(n));
  if (bad !== undefined) throw new Error(`WASM export '${bad}' is not a JS identifier`);
  return [
    ...importModules.map((m, i) => `import * as import${i} from ${JSON.stringify(m)};`),
    `const bytes = Uint8Array.from(atob(${JSON.stringify(Buffer.from(bytes).toString('base64'))}), (c) => c.charCodeAt(0));`,
    `const imports = { ${importModules.map((m, i) => `${JSON.stringify(m)}: import${i}`).join(', ')} };`,
    'const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);',
    ...exportNames.map((n) => `export const ${n} = instance.exports.${n};`),
  ].join('\n');
}

export const wasmEsmIntegrationPlugin: Plugin = {
  name: 'wasm-esm-integration',
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, async (args) => ({
      contents: wasmModuleSource(new Uint8Array(await readFile(args.path))),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
