// z3-solver instantiated with wasm invokers in place of its JavaScript `invoke_*` imports
// (generate-wat.mjs says why). `init(z3InvokerOverrides())` instead of `init()`: the same z3, the
// same answers and rlimit counts (z3's functions are unchanged; only how a call that may throw
// crosses to the table and back, and where the stack pointer lives), and C++ exceptions caught by
// the same landing pads. `bindDirectly` (below) then drops the debug build's per-call wrappers.
//
// Emscripten's `instantiateWasm` hook: z3-built.wasm compiled and instantiated here with
// - each `invoke_*` import replaced by the invoker module's export of that name (an import this
//   build has no invoker for keeps its JavaScript one: correct, only slower);
// - the three imports that throw a C++ exception (`__cxa_throw`, `__cxa_rethrow`,
//   `__resumeException`) still run Emscripten's own code (which records the exception for its
//   `__cxa_find_matching_catch_*`), and the exception it throws crosses the module as a
//   `WebAssembly.Exception` of the invokers' tag, which a wasm `catch` can tell from any other;
// - z3's stack pointer imported (stack-pointer-import.mjs), one WebAssembly.Global shared with the
//   invokers;
// - after instantiation, z3's function table mirrored into the invokers' table (and kept in step
//   when z3-solver adds or replaces entries, as `addFunction` does), and the invokers' helper
//   table given z3's setThrew.
// Pthreads that z3-solver starts (its async `check`) instantiate the stock module with their own
// imports, as without this hook (the same code over the same memory: only where this thread's
// stack pointer lives differs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { init } from 'z3-solver';
import { INVOKERS_WASM_BASE64 } from './invokers-module.mjs';
import { withImportedStackPointer } from './stack-pointer-import.mjs';

const THROWING_IMPORTS = ['__cxa_throw', '__cxa_rethrow', '__resumeException'];
let invokerModule;
let z3Module;
let z3Wired;

/** `fn`, with a C++ exception it throws (Emscripten's CppException) thrown as a `WebAssembly.Exception` of `tag`. */
function throwingAsTag(fn, tag) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof Error && typeof e.excPtr === 'number') throw new WebAssembly.Exception(tag, []);
      throw e;
    }
  };
}

/** Keeps `mirror` equal to `table` when its owner grows it or sets an entry (own methods shadowing the prototype's). */
function mirrorTable(table, mirror) {
  mirror.grow(table.length - mirror.length);
  for (let i = 0; i < table.length; i++) mirror.set(i, table.get(i));
  const { grow, set } = WebAssembly.Table.prototype;
  table.grow = (delta, value) => {
    const before = grow.call(table, delta, value);
    grow.call(mirror, delta, value);
    return before;
  };
  table.set = (index, value) => {
    set.call(table, index, value);
    set.call(mirror, index, value);
  };
}

/** The invokers' wasm bytes (invokers-module.mjs, built by build.mjs). */
export function invokersWasm() {
  return new Uint8Array(Buffer.from(INVOKERS_WASM_BASE64, 'base64'));
}

/** The instance of z3-built.wasm for Emscripten's `imports`, with the invokers wired in, and how many imports each kind replaced. */
function instantiateZ3(imports) {
  invokerModule ??= new WebAssembly.Module(invokersWasm());
  if (z3Module === undefined) {
    const stock = readFileSync(createRequire(import.meta.url).resolve('z3-solver/build/z3-built.wasm'));
    const wired = withImportedStackPointer(stock);
    z3Module = new WebAssembly.Module(stock);
    z3Wired = { module: new WebAssembly.Module(wired.bytes), stackTop: wired.stackTop };
  }
  const functions = new WebAssembly.Table({ element: 'anyfunc', initial: 0 });
  const helpers = new WebAssembly.Table({ element: 'anyfunc', initial: 1 });
  const cxx = new WebAssembly.Tag({ parameters: [] });
  const stackPointer = new WebAssembly.Global({ value: 'i32', mutable: true }, z3Wired.stackTop);
  const invokers = new WebAssembly.Instance(invokerModule, { z3: { functions, helpers, cxx, stack_pointer: stackPointer } }).exports;
  const env = { ...imports.env };
  const wiring = { invokers: 0, throwing: 0 };
  for (const name of Object.keys(env)) {
    if (name.startsWith('invoke_') && name in invokers) {
      env[name] = invokers[name];
      wiring.invokers++;
    } else if (THROWING_IMPORTS.includes(name)) {
      env[name] = throwingAsTag(env[name], cxx);
      wiring.throwing++;
    }
  }
  const instance = new WebAssembly.Instance(z3Wired.module, { ...imports, env, wasi_snapshot_preview1: env, bllvm: { stack_pointer: stackPointer } });
  const x = instance.exports;
  mirrorTable(x.__indirect_function_table, functions);
  helpers.set(0, x.setThrew);
  return { instance, wiring };
}

/**
 * Module overrides for z3-solver's `init`: Emscripten's `instantiateWasm` hook (see the file
 * comment). After instantiation, `wiring` says how many imports were replaced (invokers, throwing).
 */
export function z3InvokerOverrides() {
  const overrides = {
    wiring: undefined,
    z3Exports: undefined,
    instantiateWasm(imports, receiveInstance) {
      const { instance, wiring } = instantiateZ3(imports);
      overrides.wiring = wiring;
      overrides.z3Exports = instance.exports;
      // The stock module for the pthreads z3-solver may start (they instantiate it with their own imports).
      receiveInstance(instance, z3Module);
      return instance.exports;
    },
  };
  return overrides;
}

/**
 * After `init(overrides)`: z3-solver's calls into z3 without its debug build's per-call wrappers.
 * Every `Module._<export>` (what z3-solver's `ccall` looks up on each call, and what the worker
 * calls as `em._Z3_solver_check`) becomes the wasm export itself instead of Emscripten's
 * ASSERTIONS wrapper, which checked on every call that the runtime was initialized and the export
 * existed (both hold once `init` has resolved); and the three low-level functions the translator
 * and the printer call most (`is_eq_ast`, `get_ast_id`, `get_app_num_args`) call their export
 * directly instead of through `ccall`, with the same conversions as z3-solver's generated wrappers
 * (a boolean; an unsigned 32-bit number). Same calls, same results.
 */
export function bindDirectly(api, overrides) {
  const x = overrides.z3Exports;
  if (x === undefined) throw new Error('bindDirectly: z3 was not instantiated through these overrides');
  const wrapped = new Map();
  for (const key of Object.keys(api.em)) {
    if (key.startsWith('_') && typeof api.em[key] === 'function' && typeof x[key.slice(1)] === 'function') {
      wrapped.set(api.em[key], x[key.slice(1)]);
      api.em[key] = x[key.slice(1)];
    }
  }
  // The low-level functions that need no conversion are the wrappers themselves (z3-solver took
  // `Mod._Z3_mk_const` once, at init): the export in their place.
  for (const key of Object.keys(api.Z3)) {
    const direct = wrapped.get(api.Z3[key]);
    if (direct !== undefined) api.Z3[key] = direct;
  }
  // The functions taking an array of terms: the array written into one buffer of z3's memory,
  // kept for the next call, in place of a new Uint8Array copied onto the stack per call (z3 reads
  // the array during the call and keeps no pointer to it).
  const scratch = { at: 0, capacity: 0 };
  const arrayArgument = (items) => {
    if (items.length > scratch.capacity) {
      if (scratch.capacity > 0) api.em._free(scratch.at);
      scratch.capacity = Math.max(64, 2 * items.length);
      scratch.at = api.em._malloc(4 * scratch.capacity);
      if (scratch.at === 0) throw new Error('z3: out of memory for an argument array');
    }
    // HEAPU32 is read at each call: a growth of z3's memory replaces it.
    api.em.HEAPU32.set(items, scratch.at >>> 2);
    return scratch.at;
  };
  for (const name of ['mk_and', 'mk_or', 'mk_add', 'mk_mul', 'mk_sub', 'mk_distinct']) {
    const direct = x[`Z3_${name}`];
    api.Z3[name] = (c, args) => direct(c, args.length, arrayArgument(args));
  }
  api.Z3.mk_app = (c, d, args) => x.Z3_mk_app(c, d, args.length, arrayArgument(args));
  api.Z3.is_eq_ast = (c, a, b) => x.Z3_is_eq_ast(c, a, b) !== 0;
  api.Z3.get_ast_id = (c, a) => x.Z3_get_ast_id(c, a) >>> 0;
  api.Z3.get_app_num_args = (c, a) => x.Z3_get_app_num_args(c, a) >>> 0;
}

/** z3-solver's `init` with the invokers (`z3InvokerOverrides`) and its calls bound directly (`bindDirectly`): the harness's one way to start z3. */
export async function initZ3() {
  const overrides = z3InvokerOverrides();
  const api = await init(overrides);
  bindDirectly(api, overrides);
  return api;
}
