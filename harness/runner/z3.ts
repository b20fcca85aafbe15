/** The main thread's z3 instance (translation builds terms in it; the solving is on the worker pool). */
import { readFileSync } from 'node:fs';
import { initZ3 } from '../z3-invokers/instantiate.mjs';
import type { Arith, Context, FuncDecl, Z3LowLevel } from 'z3-solver';

type Z3 = Context<'main'>;
let instance: { z3: Z3; version: string; em: unknown; low: Z3LowLevel['Z3']; newContext: () => Z3 } | undefined;

/**
 * The z3 context and the solver's version string (initialised once, by the first call).
 * `keepTerms`: the context never releases a term (patches/z3-solver+5.2.0.patch, `astFinalizers:
 * false`): z3-solver registers a finalizer per term object for its dec_ref, and over a cold
 * `prove` (millions of terms, most kept until the boundary covers anyway) those finalizers were
 * the main thread's largest cost after translating itself: 120 -> 87 s of main-thread CPU, 201-214
 * -> 166 s wall, peak memory 3.3-3.7 -> 2.7 GB (CI.md, "How queries are solved"). For a process
 * that ends with its run (the `prove` command); long-lived callers (tests, `mutate`) keep the default.
 */
export async function getZ3(options: { readonly keepTerms?: boolean } = {}): Promise<{ z3: Z3; version: string; em: unknown }> {
  if (instance === undefined) {
    const api = await initZ3();
    const pkg = JSON.parse(readFileSync(new URL('../../node_modules/z3-solver/package.json', import.meta.url), 'utf8')) as { version: string };
    const z3 = api.Context('main', options.keepTerms === true ? { astFinalizers: false } : undefined);
    instance = { z3, version: `z3-solver ${pkg.version} (${api.Z3.get_full_version()})`, em: api.em, low: api.Z3, newContext: () => api.Context('main', { astFinalizers: false, releasable: true } as Parameters<typeof api.Context>[1]) };
  }
  return instance;
}

/** A main-thread z3 context for work whose terms all die with it, and its deletion. */
export interface ScratchZ3 {
  readonly z3: Z3;
  /** Deletes the context and every term made in it (no term of it may be used afterwards). */
  readonly release: () => void;
}

/**
 * A context of its own for one piece of work (`mutate`: the baseline, then one mutant's
 * translations and equivalence queries, whose query texts are all that outlive it): no finalizer
 * per term, and `release()` deletes the context with all its terms at once
 * (patches/z3-solver+5.2.0.patch: `releasable` keeps each term's pointer so that release drops the
 * references first, as z3's context destructor alone takes time superlinear in a term's depth, and
 * compacts that list to one reference per term past 2^24 entries; every finalizer of the
 * context's objects is skipped after it). The finalizers of a long-lived context were 40% of a
 * mutation run's main-thread time: registering one per term, and the garbage collector's work on
 * them (CI.md, "How queries are solved").
 */
export async function scratchZ3(): Promise<ScratchZ3> {
  await getZ3();
  if (instance === undefined) throw new Error('z3 did not initialise');
  const z3 = instance.newContext();
  const release = (z3 as unknown as { release?: () => void }).release;
  if (release === undefined) throw new Error('z3-solver without the release() of patches/z3-solver+5.2.0.patch (run npm ci)');
  return { z3, release };
}

/**
 * How many term objects context `z3` has made (patches/z3-solver+5.2.0.patch `termObjects()`):
 * a measure of translation work that does not depend on timing (`bllvm mutate`'s translation
 * budget).
 */
export function termObjectCount(z3: Z3): number {
  const count = (z3 as unknown as { termObjects?: () => number }).termObjects;
  if (count === undefined) throw new Error('z3-solver without the termObjects() of patches/z3-solver+5.2.0.patch (run npm ci)');
  return count();
}

/** Releases the main-thread z3 threads (CLIs call this in a finally). */
export async function shutdownZ3(): Promise<void> {
  if (instance === undefined) return;
  const { killThreads } = await import('z3-solver');
  await killThreads(instance.em);
  instance = undefined;
}

/** The low-level API of the main thread's z3 (for printing a term without a solver); after getZ3. */
export function lowLevelZ3(): Z3LowLevel['Z3'] {
  if (instance === undefined) throw new Error('lowLevelZ3 before getZ3');
  return instance.low;
}

/**
 * The applications `f(args)` of each function of `fns` (uninterpreted, over Ints) to the same
 * arguments. The same terms as `f.call(...args)` (z3 shares equal terms, so the printed query is
 * unchanged), without its cost: FuncDecl.call prints the whole declaration for an assertion's
 * message and wraps and casts every argument's sort on each application, which was a quarter of
 * the translation time of the hashing proofs (32 digest functions of up to 300 bytes each).
 */
export function applyEach(z3: Z3, fns: readonly FuncDecl<'main'>[], args: readonly Arith<'main'>[]): Arith<'main'>[] {
  const low = lowLevelZ3();
  const raw = args.map((a) => a.ast);
  for (const f of fns) if (f.arity() !== args.length) throw new Error(`${f.name()} takes ${f.arity()} arguments, not ${args.length}`);
  const apps = new z3.AstVector<Arith<'main'>>();
  for (const f of fns) low.ast_vector_push(z3.ptr, apps.ptr, low.mk_app(z3.ptr, f.ptr, raw));
  const code = low.get_error_code(z3.ptr);
  if (code !== 0) throw new Error(`z3 could not apply ${fns[0]?.name() ?? 'a function'}: ${low.get_error_msg(z3.ptr, code)}`);
  return fns.map((f, i) => {
    const t = apps.get(i);
    if (!z3.isInt(t)) throw new Error(`${f.name()} applied is not an Int`);
    return t;
  });
}

export function solverVersion(): string | undefined {
  return instance?.version;
}
