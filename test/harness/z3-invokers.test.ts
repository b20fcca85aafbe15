/**
 * harness/z3-invokers/: z3-solver instantiated with wasm invokers in place of Emscripten's
 * JavaScript invoke_* trampolines (generate-wat.mjs says why). Checked here: the committed module
 * is what the generator makes from the installed z3-solver's imports; an invoker, on a fixture
 * module, returns the callee's result, turns a C++ exception (the tag) into setThrew(1, 0) with the
 * stack pointer restored, and rethrows any other exception unchanged with the stack pointer
 * restored, as the JavaScript trampoline does; and z3 with the invokers gives the stock z3's
 * answers, rlimit counts and error codes (parse errors are C++ exceptions caught inside z3).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { init, killThreads } from 'z3-solver';
import { bindDirectly, invokersWasm, z3InvokerOverrides } from '../../harness/z3-invokers/instantiate.mjs';
import { withImportedStackPointer } from '../../harness/z3-invokers/stack-pointer-import.mjs';

const dir = new URL('../../harness/z3-invokers/', import.meta.url);

/** The parts of the WebAssembly JS API used here (the project's lib is ES2022, without its value types). */
interface WasmJsApi {
  Module: {
    new (bytes: Uint8Array | ArrayBuffer): object;
    exports(module: object): { name: string }[];
    imports(module: object): { module: string; name: string; kind: string }[];
  };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Table: new (descriptor: { element: 'anyfunc'; initial: number }) => { set(index: number, value: unknown): void };
  Global: new (descriptor: { value: 'i32'; mutable: boolean }, value: number) => { value: number };
  Tag: new (descriptor: { parameters: string[] }) => object;
  Exception: new (tag: object, payload: unknown[]) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmJsApi }).WebAssembly;

describe('the committed invokers', () => {
  it('are what build.mjs makes from the installed z3-solver: one invoker per invoke_* import', async () => {
    const build = fileURLToPath(new URL('build.mjs', dir));
    const { buildInvokers, z3InvokeImports } = (await import(build)) as {
      buildInvokers: () => Promise<{ wat: string; wasm: Uint8Array }>;
      z3InvokeImports: () => string[];
    };
    const built = await buildInvokers();
    expect(readFileSync(new URL('invokers.wat', dir), 'utf8')).toBe(built.wat);
    expect(Buffer.from(invokersWasm()).equals(Buffer.from(built.wasm))).toBe(true);
    const exported = wasm.Module.exports(new wasm.Module(built.wasm)).map((e) => e.name).sort();
    const imports = [...new Set(z3InvokeImports())].sort();
    // z3-solver 5.2.0's build: 73 signatures.
    expect(imports.length).toBe(73);
    expect(exported).toEqual(imports);
  });
});

// A stand-in for z3: its stack pointer (a global it shares with the invokers, as z3's is), setThrew,
// a callee that returns, and one that moves the stack pointer and then calls out to JavaScript,
// which throws.
const FIXTURE = `(module
  (import "js" "raise" (func $raise))
  (import "js" "sp" (global $sp (mut i32)))
  (global $threw (mut i32) (i32.const 0))
  (global $value (mut i32) (i32.const 0))
  (func (export "set_threw") (param i32 i32) (global.set $threw (local.get 0)) (global.set $value (local.get 1)))
  (func (export "threw") (result i32) (global.get $threw))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "deep") (param i32) (result i32) (global.set $sp (i32.const 999)) (call $raise) (local.get 0)))`;

async function assemble(name: string, text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat(name, text, {});
  const bytes = new Uint8Array(parsed.toBinary({}).buffer);
  parsed.destroy();
  return bytes;
}

async function fixture(raise: () => void) {
  const sp = new wasm.Global({ value: 'i32', mutable: true }, 100);
  const z3 = new wasm.Instance(new wasm.Module(await assemble('fixture.wat', FIXTURE)), { js: { raise, sp } }).exports as Record<string, unknown>;
  const functions = new wasm.Table({ element: 'anyfunc', initial: 2 });
  functions.set(0, z3.add);
  functions.set(1, z3.deep);
  const helpers = new wasm.Table({ element: 'anyfunc', initial: 1 });
  helpers.set(0, z3.set_threw);
  const cxx = new wasm.Tag({ parameters: [] });
  const invokers = new wasm.Instance(new wasm.Module(invokersWasm()), { z3: { functions, helpers, cxx, stack_pointer: sp } }).exports as Record<
    string,
    (...args: number[]) => number
  >;
  return { invokers, cxx, sp: () => sp.value, threw: z3.threw as () => number };
}

/** What `run` throws (undefined when it returns). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('an invoker', () => {
  it("returns the callee's result and leaves setThrew alone", async () => {
    const f = await fixture(() => {});
    expect(f.invokers.invoke_iii?.(0, 2, 40)).toBe(42);
    expect(f.invokers.invoke_ii?.(1, 7)).toBe(7);
    expect(f.threw()).toBe(0);
  });

  it('catches a C++ exception (the tag): the stack pointer restored, setThrew(1, 0), a zero result', async () => {
    let tag: object | undefined;
    const f = await fixture(() => {
      throw new wasm.Exception(tag as object, []);
    });
    tag = f.cxx;
    expect(f.sp()).toBe(100);
    expect(f.invokers.invoke_ii?.(1, 7)).toBe(0);
    expect(f.sp()).toBe(100);
    expect(f.threw()).toBe(1);
  });

  it('rethrows any other exception unchanged, the stack pointer restored, setThrew untouched', async () => {
    const boom = new Error('not a C++ exception');
    const f = await fixture(() => {
      throw boom;
    });
    expect(thrownBy(() => f.invokers.invoke_ii?.(1, 7))).toBe(boom);
    expect(f.sp()).toBe(100);
    expect(f.threw()).toBe(0);
  });

  it('rethrows an exception of another tag unchanged', async () => {
    const other = new wasm.Tag({ parameters: [] });
    const thrown = new wasm.Exception(other, []);
    const f = await fixture(() => {
      throw thrown;
    });
    expect(thrownBy(() => f.invokers.invoke_ii?.(1, 7))).toBe(thrown);
    expect(f.threw()).toBe(0);
  });
});

// Emscripten's shape: an imported function and global first, then the stack pointer as the first
// defined global, read by emscripten_stack_get_current, and a function that moves it.
const emscriptenLike = (firstGlobal: string, getterReads: string) => `(module
  (import "env" "f" (func $f))
  (import "env" "g" (global $imported i32))
  ${firstGlobal}
  (global $other (mut i32) (i32.const 7))
  (func (export "emscripten_stack_get_current") (result i32) (global.get ${getterReads}))
  (func (export "push") (param i32) (global.set $sp (i32.sub (global.get $sp) (local.get 0))))
  (func (export "other") (result i32) (global.get $other)))`;

describe('withImportedStackPointer', () => {
  it("turns the first defined global into the import bllvm.stack_pointer, at the same index, the rest unchanged", async () => {
    const stock = await assemble('e.wat', emscriptenLike('(global $sp (mut i32) (i32.const 5000))', '$sp'));
    const { bytes, stackTop } = withImportedStackPointer(stock);
    expect(stackTop).toBe(5000);
    const module = new wasm.Module(bytes);
    expect(wasm.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`)).toEqual(['env.f:function', 'env.g:global', 'bllvm.stack_pointer:global']);
    const sp = new wasm.Global({ value: 'i32', mutable: true }, stackTop);
    const x = new wasm.Instance(module, { env: { f: () => {}, g: 3 }, bllvm: { stack_pointer: sp } }).exports as Record<string, (...a: number[]) => number>;
    expect(x.emscripten_stack_get_current?.()).toBe(5000);
    x.push?.(16);
    expect(sp.value).toBe(4984);
    expect(x.emscripten_stack_get_current?.()).toBe(4984);
    sp.value = 1234;
    expect(x.emscripten_stack_get_current?.()).toBe(1234);
    expect(x.other?.()).toBe(7);
  });

  it('refuses a module whose shape differs, naming what differs', async () => {
    const immutable = await assemble('i.wat', emscriptenLike('(global $sp i32 (i32.const 5000))', '$sp'));
    expect(() => withImportedStackPointer(immutable)).toThrow('the first defined global is not a mutable i32 set by i32.const');
    const otherGetter = await assemble('o.wat', emscriptenLike('(global $sp (mut i32) (i32.const 5000))', '$other'));
    expect(() => withImportedStackPointer(otherGetter)).toThrow('emscripten_stack_get_current reads global 2, not the first defined one (1)');
    expect(() => withImportedStackPointer(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow('not a WebAssembly module');
  });

  it("applies to the installed z3-built.wasm: its stack top is 20 MiB (z3-solver 5.2.0) and only two sections change", () => {
    const stock = readFileSync(createRequire(import.meta.url).resolve('z3-solver/build/z3-built.wasm'));
    const { bytes, stackTop } = withImportedStackPointer(stock);
    expect(stackTop).toBe(20 * 1024 * 1024);
    // One import entry of 23 bytes added (the names "bllvm" and "stack_pointer" with their lengths,
    // kind, type, mutability), one global of 8 bytes removed (type, mutability, i32.const 20971520, end).
    expect(bytes.length - stock.length).toBe(23 - 8);
    const imports = wasm.Module.imports(new wasm.Module(bytes));
    expect(imports.at(-1)).toEqual({ module: 'bllvm', name: 'stack_pointer', kind: 'global' });
    expect(imports.length).toBe(wasm.Module.imports(new wasm.Module(stock)).length + 1);
  });
});

// What z3 says to each text: the parse's error code and message, then the check's answer and rlimit count.
const TEXTS = [
  '(declare-const x Int)(declare-const y Int)(assert (> (* x x y) 7))(assert (< (+ x y) 3))',
  '(declare-const a (_ BitVec 32))(assert (= (bvmul a #x00000003) #x00000001))',
  '(declare-const a (_ BitVec 64))(declare-const b (_ BitVec 64))(assert (not (= (bvadd a b) (bvadd b a))))',
  '(declare-fun f (Int) Int)(declare-const x Int)(assert (= (f (f x)) x))(assert (not (= (f x) x)))(assert (> x 10))',
  '(assert (foo',
  '(declare-const x Int)(assert (> x "a"))',
];

type Low = Awaited<ReturnType<typeof init>>;

function answers(api: Low, rlimit: number): string[] {
  const { Z3, em } = api;
  const out: string[] = [];
  for (const text of TEXTS) {
    const cfg = Z3.mk_config();
    const ctx = Z3.mk_context_rc(cfg);
    Z3.del_config(cfg);
    const solver = Z3.mk_solver(ctx);
    Z3.solver_inc_ref(ctx, solver);
    const params = Z3.mk_params(ctx);
    Z3.params_inc_ref(ctx, params);
    Z3.params_set_uint(ctx, params, Z3.mk_string_symbol(ctx, 'rlimit'), rlimit);
    Z3.solver_set_params(ctx, solver, params);
    Z3.params_dec_ref(ctx, params);
    Z3.solver_from_string(ctx, solver, text);
    const code = Z3.get_error_code(ctx);
    if (code !== 0) out.push(`error ${code}: ${Z3.get_error_msg(ctx, code)}`);
    else {
      const lbool = (em as { _Z3_solver_check: (c: number, s: number) => number })._Z3_solver_check(ctx as unknown as number, solver as unknown as number);
      const stats = Z3.solver_get_statistics(ctx, solver);
      Z3.stats_inc_ref(ctx, stats);
      let count = '';
      for (let i = 0; i < Z3.stats_size(ctx, stats); i++) if (Z3.stats_get_key(ctx, stats, i) === 'rlimit count') count = String(Z3.stats_get_uint_value(ctx, stats, i));
      Z3.stats_dec_ref(ctx, stats);
      out.push(`${lbool} rlimit ${count}`);
    }
    Z3.solver_dec_ref(ctx, solver);
    Z3.del_context(ctx);
  }
  return out;
}

/** is_eq_ast, get_app_num_args and get_ast_id on a few terms of a fresh context. */
function sameTerms(api: Low) {
  const { Z3 } = api;
  const cfg = Z3.mk_config();
  const ctx = Z3.mk_context_rc(cfg);
  Z3.del_config(cfg);
  // A context with explicit reference counts: every term kept is counted (z3 hangs deleting a context whose terms never were).
  const kept: Parameters<typeof Z3.inc_ref>[1][] = [];
  const keep = <T extends Parameters<typeof Z3.inc_ref>[1]>(t: T): T => {
    Z3.inc_ref(ctx, t);
    kept.push(t);
    return t;
  };
  const int = Z3.mk_int_sort(ctx);
  const x = keep(Z3.mk_const(ctx, Z3.mk_string_symbol(ctx, 'x'), int));
  const y = keep(Z3.mk_const(ctx, Z3.mk_string_symbol(ctx, 'y'), int));
  const sum = keep(Z3.mk_add(ctx, [x, y]));
  const again = keep(Z3.mk_add(ctx, [x, y]));
  const out = {
    equal: Z3.is_eq_ast(ctx, sum, again),
    unequal: Z3.is_eq_ast(ctx, x, y),
    args: Z3.get_app_num_args(ctx, Z3.to_app(ctx, sum)),
    idsDiffer: Z3.get_ast_id(ctx, x) !== Z3.get_ast_id(ctx, y),
  };
  for (const t of kept) Z3.dec_ref(ctx, t);
  Z3.del_context(ctx);
  return out;
}

describe('z3 with the invokers', () => {
  it("gives the stock z3's answers, rlimit counts and parse errors, also when the rlimit runs out, and bound directly", async () => {
    const stock = await init();
    const overrides = z3InvokerOverrides();
    const wired = await init(overrides);
    try {
      // Every invoke_* import of this build is a wasm invoker; __cxa_throw, __cxa_rethrow and __resumeException throw the tag.
      expect(overrides.wiring).toEqual({ invokers: 73, throwing: 3 });
      const unlimited = answers(stock, 0);
      expect(answers(wired, 0)).toEqual(unlimited);
      // sat, sat, unsat, sat (Z3_L_TRUE 1, Z3_L_FALSE -1), then the two texts z3's parser refuses.
      expect(unlimited.map((a) => a.split(' ')[0])).toEqual(['1', '1', '-1', '1', 'error', 'error']);
      expect(unlimited[4]).toContain('invalid expression, unexpected input');
      expect(unlimited[5]).toContain('Sort mismatch');
      // A budget of 2,000 stops the first check undetermined (Z3_L_UNDEF 0): the resource-limit path.
      const limited = answers(stock, 2_000);
      expect(answers(wired, 2_000)).toEqual(limited);
      expect(limited[0]).toMatch(/^0 rlimit 20\d\d$/);
      // Bound directly (bindDirectly): the same answers, and the three rebound functions agree with the stock ones;
      // no low-level function is still the debug build's per-call wrapper (it asserts `runtimeInitialized`).
      const wrappers = (api: typeof wired): number => Object.values(api.Z3).filter((f) => typeof f === 'function' && String(f).includes('runtimeInitialized')).length;
      expect(wrappers(wired)).toBeGreaterThan(100);
      bindDirectly(wired, overrides);
      expect(wrappers(wired)).toBe(0);
      expect(answers(wired, 0)).toEqual(unlimited);
      expect(answers(wired, 2_000)).toEqual(limited);
      expect(sameTerms(wired)).toEqual(sameTerms(stock));
      expect(sameTerms(stock)).toEqual({ equal: true, unequal: false, args: 2, idsDiffer: true });
    } finally {
      await killThreads(stock.em);
      await killThreads(wired.em);
    }
  });
});
