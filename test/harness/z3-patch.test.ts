/**
 * patches/z3-solver+5.2.0.patch, applied by npm's `prepare` (patch-package) on `npm ci`: z3-solver's
 * emscripten glue is an ASSERTIONS build whose getWasmTableEntry read the wasm function table again
 * on every indirect call that may throw (every invoke_* trampoline), only to assert that its
 * mirror of the table is current. The patch drops that one assertion (the mirror itself is kept;
 * emscripten updates it on every table write). CI.md, "How queries are solved": the recorded
 * batches solve 25-37 % faster, with the same answers and rlimit counts. The patch also gives
 * Context an option `astFinalizers: false` (kept from z3's parameters): no finalizer per term, so
 * no term is released; the `prove` command's context uses it (harness/runner/z3.ts `keepTerms`).
 * Every context gets `release()`, which deletes it at once; the finalizers of its objects are
 * skipped from then on; with `releasable` it drops the references its term objects hold first
 * (`bllvm mutate` makes a context per mutant: harness/runner/z3.ts `scratchZ3`), and keeps one
 * reference per term once its list of them reaches `heldLimit` (2^24 unless given); every context
 * counts the term objects it made (`termObjects()`, `bllvm mutate`'s translation budget).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { init, killThreads } from 'z3-solver';

const require = createRequire(import.meta.url);
const build = path.join(path.dirname(require.resolve('z3-solver/package.json')), 'build');
const glue = readFileSync(path.join(build, 'z3-built.js'), 'utf8');
const highLevel = readFileSync(path.join(build, 'high-level/high-level.js'), 'utf8');

describe('the z3-solver patch', () => {
  it('is applied: the table mirror is read without a second table read per call', () => {
    expect(require('z3-solver/package.json').version).toBe('5.2.0');
    expect(glue).toContain('wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);');
    expect(glue).not.toContain("assert(wasmTable.get(funcPtr) == func, 'JavaScript-side Wasm function table mirror is out of date!');");
  });

  it('is applied: a context made with astFinalizers: false registers no finalizer per term, and builds terms', async () => {
    expect(highLevel).toContain('const { astFinalizers = true, releasable = false, heldLimit: firstHeldLimit = 1 << 24, ...params } = options ?? {};');
    expect(highLevel).toContain('if (astFinalizers)\n                    cleanup.register(this, () => Z3.dec_ref(contextPtr, myAst), this);');
    const api = await init();
    try {
      // Were the option passed on as a z3 parameter, z3 would refuse it (unknown parameter).
      const kept = api.Context('kept', { astFinalizers: false });
      const x = kept.Int.const('x');
      expect(x.add(1).mul(2).sexpr()).toBe('(* (+ x 1) 2)');
      const s = new kept.Solver();
      s.add(x.add(1).mul(2).eq(8));
      expect(await s.check()).toBe('sat');
      expect(s.model().eval(x).toString()).toBe('3');
    } finally {
      await killThreads(api.em);
    }
  });

  it('is applied: release() deletes a context and its terms at once; its objects\' finalizers are skipped after it (in the source: a use after the deletion is silent)', async () => {
    expect(highLevel).toContain('const finalizers = new FinalizationRegistry(callback => callback());');
    expect(highLevel).toContain('if (!deleted)\n                    callback();');
    expect(highLevel).toContain('for (let i = held.length - 1; i >= 0; i--)\n                    Z3.dec_ref(contextPtr, held[i]);');
    expect(highLevel).toContain('ctx.release = () => {');
    const api = await init();
    // A garbage collection on demand, so that the finalizers of the dropped objects run here.
    v8.setFlagsFromString('--expose_gc');
    const gc = vm.runInNewContext('gc') as () => void;
    try {
      const allocated = (): bigint => BigInt(api.Z3.get_estimated_alloc_size());
      const idle = allocated();
      for (let round = 0; round < 4; round++) {
        // Rounds 0 and 2 plain, 1 and 3 releasable (each term object's reference dropped before the deletion).
        const options = { astFinalizers: false, ...(round % 2 === 1 ? { releasable: true } : {}) } as Parameters<typeof api.Context>[1];
        const scratch = api.Context('scratch', options) as ReturnType<typeof api.Context> & { release: () => void };
        const terms = Array.from({ length: 5000 }, (_, i) => scratch.Int.const(`x${i}`).add(i).mul(3));
        // Objects with finalizers of their own (a vector, a solver) die after the context: their
        // finalizers must not reach the deleted context.
        const v = new scratch.AstVector();
        v.push(terms[0] as never);
        const s = new scratch.Solver();
        s.add((terms[1] as ReturnType<typeof scratch.Int.const>).eq(6));
        const busy = allocated();
        expect(busy - idle).toBeGreaterThan(1_000_000n);
        scratch.release();
        scratch.release();
        // What stays is z3's shared tables, the same after every round, not the 5,000 terms.
        expect(allocated() - idle).toBeLessThan(1_000_000n);
      }
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A context with term finalizers still works beside the released ones.
      const other = api.Context('other');
      expect(other.Int.const('y').add(2).sexpr()).toBe('(+ y 2)');
    } finally {
      await killThreads(api.em);
    }
  });

  it('is applied: a releasable context keeps one reference per term once its list reaches heldLimit, and its terms stay usable', async () => {
    expect(highLevel).toContain('else if (held !== undefined)\n                    holdTerm(myAst);');
    const api = await init();
    try {
      const allocated = (): bigint => BigInt(api.Z3.get_estimated_alloc_size());
      const idle = allocated();
      type Releasable = ReturnType<typeof api.Context> & { release: () => void; heldReferences: () => number; termObjects: () => number };
      const scratch = api.Context('held', { astFinalizers: false, releasable: true, heldLimit: 1000 } as Parameters<typeof api.Context>[1]) as Releasable;
      // 300 distinct terms x_i + i, each made, then read again as a new object 9 times: 3,000 objects.
      const sums = Array.from({ length: 300 }, (_, i) => scratch.Int.const(`x${i}`).add(i));
      for (let round = 0; round < 9; round++) for (let i = 0; i < 300; i++) scratch.Int.const(`x${i}`).add(i);
      // termObjects counts every object made, compacted or not: at least a constant, a numeral and a sum for each of the 3,000.
      const made = scratch.termObjects();
      expect(made).toBeGreaterThanOrEqual(9000);
      expect((sums[0] as ReturnType<typeof scratch.Int.const>).sexpr()).toBe('(+ x0 0)');
      expect(scratch.termObjects()).toBe(made);
      // Compacted at 1,000 entries: 300 sums, 300 constants and 300 numerals kept (900); the limit
      // stays 2,000, so the objects after it are listed one each.
      expect(scratch.heldReferences()).toBeLessThan(2000);
      expect(scratch.heldReferences()).toBeGreaterThanOrEqual(900);
      // Every term is still alive: a reference dropped too many would free a term in use.
      const s = new scratch.Solver();
      for (let i = 0; i < 300; i++) s.add((sums[i] as ReturnType<typeof scratch.Int.const>).eq(2 * i + 1));
      expect(await s.check()).toBe('sat');
      const model = s.model();
      expect(Array.from({ length: 300 }, (_, i) => model.eval(scratch.Int.const(`x${i}`)).toString())).toEqual(Array.from({ length: 300 }, (_, i) => String(i + 1)));
      expect((sums[299] as ReturnType<typeof scratch.Int.const>).sexpr()).toBe('(+ x299 299)');
      expect(allocated() - idle).toBeGreaterThan(0n);
      scratch.release();
      expect(scratch.heldReferences()).toBe(0);
      expect(allocated() - idle).toBeLessThan(1_000_000n);
    } finally {
      await killThreads(api.em);
    }
  });
});
