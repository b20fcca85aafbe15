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
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { init, killThreads } from 'z3-solver';
import { invokersWasm, z3InvokerOverrides } from '../../harness/z3-invokers/instantiate.mjs';

const dir = new URL('../../harness/z3-invokers/', import.meta.url);

/** The parts of the WebAssembly JS API used here (the project's lib is ES2022, without its value types). */
interface WasmJsApi {
  Module: { new (bytes: Uint8Array | ArrayBuffer): object; exports(module: object): { name: string }[] };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Table: new (descriptor: { element: 'anyfunc'; initial: number }) => { set(index: number, value: unknown): void };
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

// A stand-in for z3: a stack pointer, setThrew, a callee that returns, and one that moves the stack
// pointer and then calls out to JavaScript, which throws.
const FIXTURE = `(module
  (import "js" "raise" (func $raise))
  (global $sp (mut i32) (i32.const 100))
  (global $threw (mut i32) (i32.const 0))
  (global $value (mut i32) (i32.const 0))
  (func (export "stack_get") (result i32) (global.get $sp))
  (func (export "stack_set") (param i32) (global.set $sp (local.get 0)))
  (func (export "set_threw") (param i32 i32) (global.set $threw (local.get 0)) (global.set $value (local.get 1)))
  (func (export "threw") (result i32) (global.get $threw))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "deep") (param i32) (result i32) (global.set $sp (i32.const 999)) (call $raise) (local.get 0)))`;

async function fixture(raise: () => void) {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('fixture.wat', FIXTURE, {});
  const bytes = parsed.toBinary({}).buffer;
  parsed.destroy();
  const z3 = new wasm.Instance(new wasm.Module(bytes), { js: { raise } }).exports as Record<string, unknown>;
  const functions = new wasm.Table({ element: 'anyfunc', initial: 2 });
  functions.set(0, z3.add);
  functions.set(1, z3.deep);
  const helpers = new wasm.Table({ element: 'anyfunc', initial: 3 });
  helpers.set(0, z3.stack_get);
  helpers.set(1, z3.stack_set);
  helpers.set(2, z3.set_threw);
  const cxx = new wasm.Tag({ parameters: [] });
  const invokers = new wasm.Instance(new wasm.Module(invokersWasm()), { z3: { functions, helpers, cxx } })
    .exports as Record<string, (...args: number[]) => number>;
  const fn = (name: string) => z3[name] as (...args: number[]) => number;
  return { invokers, cxx, sp: fn('stack_get'), threw: fn('threw') };
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

describe('z3 with the invokers', () => {
  it("gives the stock z3's answers, rlimit counts and parse errors, also when the rlimit runs out", async () => {
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
    } finally {
      await killThreads(stock.em);
      await killThreads(wired.em);
    }
  });
});
