/**
 * Loading the kernel's embedded WebAssembly modules (kernel/crypto/sha256-wasm, kernel/crypto/chacha20-wasm, kernel/crypto/ripemd160-wasm;
 * SPEC.md §1.2, §8.1): each module's binary is embedded as base64 in a generated .ts file, compiled
 * and instantiated synchronously when its loader loads, and used only after a known answer. Where
 * WebAssembly cannot run it (no WebAssembly or no SIMD, a Content-Security-Policy without
 * 'wasm-unsafe-eval', an engine that refuses synchronous compilation) or the known answer fails,
 * the loader gets `undefined` and the kernel uses the reference library instead.
 *
 * A module exports its `memory` and `ioBase`, the first byte its callers may use as scratch space;
 * `heap(bytes)` grows the memory so that `bytes` fit from there on and returns a view of it.
 */

/** The parts of the WebAssembly JS API used here (the kernel's lib is ES2022, without DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
declare const WebAssembly: WebAssemblyApi | undefined;

/** What every embedded module exports besides its functions. */
export interface WasmModuleExports {
  readonly memory: WasmMemory;
  readonly ioBase: { readonly value: number };
}

/** An instantiated module, and its memory from `io` on. */
export interface WasmInstance<E extends WasmModuleExports> {
  readonly exports: E;
  readonly io: number;
  /** A view of the whole memory, grown first so that `bytes` fit from `io` on (a new view after growing). */
  readonly heap: (bytes: number) => Uint8Array;
}

/** WebAssembly's page size. */
const PAGE = 65536;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The module embedded as `base64`, if it compiles, instantiates and passes `knownAnswer`; otherwise undefined. */
export function instantiateEmbedded<E extends WasmModuleExports>(base64: string, knownAnswer: (wasm: WasmInstance<E>) => boolean): WasmInstance<E> | undefined {
  try {
    if (typeof WebAssembly !== 'object' || WebAssembly === undefined) return undefined;
    const module = new WebAssembly.Module(decodeBase64(base64));
    const exports = new WebAssembly.Instance(module, {}).exports as unknown as E;
    const io = exports.ioBase.value;
    const { memory } = exports;
    let view = new Uint8Array(memory.buffer);
    const heap = (bytes: number): Uint8Array => {
      const need = io + bytes;
      if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      if (view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
      return view;
    };
    const wasm: WasmInstance<E> = { exports, io, heap };
    return knownAnswer(wasm) ? wasm : undefined;
  } catch {
    return undefined;
  }
}
