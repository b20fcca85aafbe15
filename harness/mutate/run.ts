/**
 * A mutation run (issue 10 §3): the proof suite's PROVED proofs (a normal, cached proof run) name
 * the kernel functions they translate; every mutant of those functions (operators.ts) runs, in
 * memory (apply.ts), against the PROVED proofs that translate its function, cheapest first (or
 * those that killed the function's earlier mutants first: `order`), until one is REFUTED or
 * VACUOUS (killed). A mutant every proof still proves is checked for
 * equivalence by the solver (equivalence.ts). Budgets are the proofs' own rlimits; queries run
 * on the solver pool. Every result is keyed (carry.ts): a mutant whose key an earlier record or
 * journal holds takes that result. A mutant whose translation makes z3 abort (out of its 2 GB) is
 * journaled as an error and the process exits, since z3 is unusable after an abort.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FunctionDeclaration, Project } from 'ts-morph';
import { SolverPool } from '../pool.js';
import { type Built, buildProof } from '../runner/build.js';
import { solveUntilFailure } from '../runner/solve.js';
import type { PrintedQuery } from '../runner/smt-print.js';
import { cacheKey, readCache } from '../runner/cache.js';
import { contractTable } from '../runner/contracts.js';
import { type Loaded, createProject, errorResult, findProofSites, loadProofs } from '../runner/proof-sites.js';
import { runProofs } from '../runner/run.js';
import { type Shard, inShard } from '../runner/shard.js';
import { DEFAULT_RLIMIT, DEFAULT_TIMEOUT_MS, type ProofResult } from '../runner/types.js';
import { failedChecksText, verdict } from '../runner/verdict.js';
import { type ScratchZ3, getZ3, scratchZ3, termObjectCount } from '../runner/z3.js';
import { type ContractTable, TRANSLATOR_VERSION, TranslationError, type Translator } from '../translate.js';
import { withMutant } from './apply.js';
import { CALL_AND_HASH_FLOOR, MAX_HASH_APPLICATIONS, MAX_INLINED_CALLS, MAX_TERM_OBJECTS, MIN_TERM_OBJECTS } from './budget.js';
import { type KeyedProof, coverKey, importClosureDigest, killKey, killerName, readCarried } from './carry.js';
import { differenceQueries } from './equivalence.js';
import { baselineDigest, openJournal } from './journal.js';
import { mutantsOf, parseFunctionKey } from './operators.js';
import { type FunctionMutations, type MutateReport, type Mutant, type MutantResult, type MutatePlan, type MutationOperator, OPERATORS, type OutcomeCounts } from './types.js';

export interface MutateOptions {
  readonly root: string;
  /** Only functions whose `name (file:line:column)` contains the text (case-insensitive). */
  readonly filter?: string;
  readonly jobs?: number;
  /** Called once the mutants are generated, with their number. */
  readonly onPlan?: (mutants: number) => void;
  readonly onResult?: (r: MutantResult) => void;
  /** Called for each proof of the baseline run (which proofs are PROVED, and what they translate). */
  readonly onBaseline?: (r: ProofResult) => void;
  /**
   * Where the PROVED proofs come from: 'prove' (default) runs the proof suite (cached proofs answer
   * at once); 'cache' takes only the proofs whose current translation has a cached PROVED result
   * (.cache/proofs, the same key as `prove`) and leaves the others out, solving nothing.
   */
  readonly baseline?: 'prove' | 'cache';
  /**
   * With baseline 'cache': take only the proofs a proof run's record (proofs.json) lists as PROVED
   * (by name; each still needs a cached PROVED result for its current translation).
   */
  readonly baselineRecord?: string;
  /** Only the mutants of shard K of N (by mutant id, harness/runner/shard.ts); the plan still names every mutant. */
  readonly shard?: Shard;
  /**
   * A journal file (journal.ts): results are appended as they are decided, and a run with the
   * same plan, translator, solver, shard and baseline takes the results already there.
   */
  readonly journal?: string;
  /** Called once with the number of results taken from the journal. */
  readonly onResumed?: (mutants: number) => void;
  /**
   * The order a mutant's covering proofs run in: 'cheapest' (default: the cheapest first, so
   * which proof is named as the killer is deterministic) or 'killers-first' (the proofs that
   * killed earlier mutants of the same function first, most kills first: a long run's order,
   * where the interpreter's mutants each fall to their opcode's proof, one of 20 or more).
   * Outcomes are the same either way: a mutant is killed when any covering proof refutes it, and
   * one no proof kills runs every proof.
   */
  readonly order?: 'cheapest' | 'killers-first';
  /**
   * An earlier run's record (reports/mutate.json): each mutant whose key (harness/mutate/carry.ts)
   * is in it takes that result instead of being solved again.
   */
  readonly carry?: string;
  /** Called once with the number of results taken from the `carry` record. */
  readonly onCarried?: (mutants: number) => void;
  /**
   * With a journal: once a result is journaled and the JavaScript heap holds more than this many
   * bytes, the process exits with EXIT_RESUME, to be started again (harness/cli/mutate.ts does) on
   * a fresh heap. A run of thousands of mutants grows its heap (a shard's reached its 4 GB limit
   * after 88 minutes, 2026-12-05, and died); the results already journaled are kept either way.
   */
  readonly restartAboveHeapBytes?: number;
  /**
   * With a journal: the previous run's process died of this signal (a V8 fatal error, which no
   * handler sees). Of the mutants it was evaluating (the journal's `unfinished`), one alone is
   * taken as the cause and journaled as an error without being evaluated again; several are
   * evaluated first, one at a time, so that a second death names one (harness/cli/mutate.ts starts
   * the run again so).
   */
  readonly afterCrash?: string;
  /** Called as each mutant's evaluation starts (after its journal line). */
  readonly onStart?: (m: Mutant) => void;
}

type Run = { readonly loaded: Loaded; readonly baseline: ProofResult };

/**
 * A mutant can make a translation explode (a loop bound moved so that a Merkle level is hashed 64
 * times, its states merged at every exit): it is stopped as ERROR, deterministically, once it
 * inlines more calls or applies more hashes than 4 times (plus 16) the unmutated translation of
 * the same proof did, or makes more z3 term objects than 4 times (plus 2,000,000) the unmutated
 * translation did by its last call, or than the fixed caps when those counts are not known. The
 * term count came in 2026-12-06: readScriptOp's PUSHDATA4 length with a default of -1 kept the
 * calls within their budget while its translations made over 100 million term objects, an hour
 * and more per mutant (the translation's own work, checked at every inlined call).
 */
interface TranslationSize {
  calls: number;
  hashes: number;
  terms: number;
}

function hashCount(tr: Translator): number {
  let n = 0;
  for (const apps of tr.hashApplications.values()) n += apps.length;
  return n;
}

/** Counts a translation's inlined calls, hash applications and term objects (up to its last call) into `size` (the baseline's sizes). */
function measure(size: TranslationSize): (tr: Translator) => void {
  return (tr) => {
    const start = termObjectCount(tr.z3);
    tr.callObserver = () => {
      size.calls += 1;
      size.hashes = Math.max(size.hashes, hashCount(tr));
      size.terms = termObjectCount(tr.z3) - start;
    };
  };
}

const emptySize = (): TranslationSize => ({ calls: 0, hashes: 0, terms: 0 });

function translationBudget(size: TranslationSize | undefined): (tr: Translator) => void {
  const maxCalls = size === undefined ? MAX_INLINED_CALLS : 4 * size.calls + CALL_AND_HASH_FLOOR;
  const maxHashes = size === undefined ? MAX_HASH_APPLICATIONS : 4 * size.hashes + CALL_AND_HASH_FLOOR;
  const maxTerms = size === undefined ? MAX_TERM_OBJECTS : 4 * size.terms + MIN_TERM_OBJECTS;
  return (tr) => {
    let calls = 0;
    const start = termObjectCount(tr.z3);
    tr.callObserver = (_decl, _args, _path, site) => {
      calls += 1;
      if (calls > maxCalls || hashCount(tr) > maxHashes) {
        throw new TranslationError(`mutant translation budget: more than ${maxCalls} inlined calls or ${maxHashes} hash applications (4x the unmutated translation's, plus ${CALL_AND_HASH_FLOOR})`, tr.loc(site));
      }
      if (termObjectCount(tr.z3) - start > maxTerms) {
        throw new TranslationError(`mutant translation budget: more than ${maxTerms} z3 term objects (4x the unmutated translation's, plus ${MIN_TERM_OBJECTS.toLocaleString('en-US')})`, tr.loc(site));
      }
    };
  };
}

/**
 * Whether `e` is z3's wasm module aborting (Emscripten's `Aborted(...)`, out of its fixed 2 GB of
 * memory): the module is unusable after it, and its next call waits forever on a lock the aborted
 * one held.
 */
export function isZ3Abort(e: unknown): e is Error {
  return e instanceof Error && e.message.startsWith('Aborted(');
}

/** The exit status of a run stopped by z3's abort (its mutant journaled): start it again to go on (harness/cli/mutate.ts does). */
export const EXIT_Z3_ABORTED = 3;

/** The exit status of a journaled run stopped to start again on a fresh heap (MutateOptions.restartAboveHeapBytes): nothing failed. */
export const EXIT_RESUME = 4;

/** Translates a covering proof on the mutant (applied in memory for the translation). */
function buildOnMutant(
  z3: Awaited<ReturnType<typeof getZ3>>['z3'],
  project: Project,
  root: string,
  mutant: Mutant,
  run: Run,
  size: TranslationSize | undefined,
  contracts: ContractTable,
): { built: Built } | { error: string; aborted?: boolean } {
  return withMutant(project, root, mutant, () => {
    const site = findProofSites(run.loaded.sf).get(run.loaded.rec.name);
    if (site === undefined) return { error: 'proof site not found' };
    try {
      return { built: buildProof(z3, root, run.loaded.rec, site, 'none', translationBudget(size), contracts) };
    } catch (e) {
      if (isZ3Abort(e)) return { error: `z3 aborted translating it: ${e.message.slice(0, 120)}`, aborted: true };
      return { error: e instanceof TranslationError ? e.message : `translator failure: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
}

/** The names of the PROVED proofs of a proofs.json record (undefined: no record, every proof may be taken). */
function recordedProofs(file: string | undefined): ReadonlySet<string> | undefined {
  if (file === undefined) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as { results?: { name: string; status: string; queryHash: string }[] };
  return new Set((record.results ?? []).filter((r) => r.status === 'PROVED').map((r) => r.name));
}

/**
 * The proofs whose current translation (unmutated) has a cached PROVED result, as PROVED results
 * (and, given a record, only those it lists as PROVED); nothing is solved.
 */
async function cachedBaseline(
  version: string,
  root: string,
  loaded: readonly Loaded[],
  recorded: ReadonlySet<string> | undefined,
  sizes: Map<string, TranslationSize>,
  contracts: ContractTable,
  onResult?: (r: ProofResult) => void,
): Promise<ProofResult[]> {
  const cacheDir = path.join(root, '.cache/proofs');
  const out: ProofResult[] = [];
  // One context for the baseline, deleted after it: only query texts and sizes outlive it. Like
  // `prove`'s, it keeps every term until then (a context per proof made the baseline slower).
  const scratch = await scratchZ3();
  try {
    for (const l of loaded) {
      const file = path.relative(root, l.file);
      const site = findProofSites(l.sf).get(l.rec.name);
      let r: ProofResult = errorResult(file, 1, 'no proof site', l.rec);
      if (recorded !== undefined && !recorded.has(l.rec.name)) continue;
      if (site !== undefined) {
        try {
          const size = emptySize();
          const built = buildProof(scratch.z3, root, l.rec, site, 'none', measure(size), contracts);
          sizes.set(l.rec.name, size);
          const key = cacheKey(version, l.rec.options.rlimit ?? DEFAULT_RLIMIT, built);
          const cached = readCache(cacheDir, key);
          const base = { ...r, line: site.call.getStartLineNumber(), requires: site.requires?.getText() ?? 'true', ensures: site.ensures?.getText() ?? '', functionsUsed: built.functionsUsed, queryHash: key };
          r = cached === undefined ? { ...base, error: 'no cached PROVED result for its current translation' } : { ...base, status: 'PROVED', rlimit: cached.rlimit, checks: cached.checks, cached: true, error: undefined };
        } catch (e) {
          r = { ...r, error: e instanceof Error ? e.message : String(e) };
        }
      }
      onResult?.(r);
      if (r.status === 'PROVED') out.push(r);
    }
  } finally {
    scratch.release();
  }
  return out;
}

export function countOutcomes(results: readonly MutantResult[]): OutcomeCounts {
  const n = (o: MutantResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  return { mutants: results.length, killed: n('killed'), survived: n('survived'), equivalent: n('equivalent'), error: n('error'), unknown: n('unknown') };
}

/** Every mutant of the run before sharding: their number and the SHA-256 of their ids (shards of one plan merge). */
function planOf(mutants: readonly Mutant[]): MutatePlan {
  const h = createHash('sha256');
  for (const id of mutants.map((m) => m.id).sort()) h.update(`${id}\n`);
  return { mutants: mutants.length, digest: h.digest('hex') };
}

/** A report's totals, totals per operator and score, from its functions' results (a run's, or merged shards'). */
export function summarize(functions: readonly FunctionMutations[]): Pick<MutateReport, 'totals' | 'byOperator' | 'score'> {
  const all = functions.flatMap((f) => f.results);
  const totals = countOutcomes(all);
  const byOperator = Object.fromEntries(OPERATORS.map((o) => [o, countOutcomes(all.filter((r) => r.operator === o))])) as Record<MutationOperator, OutcomeCounts>;
  return { totals, byOperator, score: scoreOf(totals) };
}

/** killed / (killed + survived); 1 when there is nothing to kill. */
export function scoreOf(c: OutcomeCounts): number {
  return c.killed + c.survived === 0 ? 1 : c.killed / (c.killed + c.survived);
}

export async function runMutations(opts: MutateOptions): Promise<MutateReport> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const root = path.resolve(opts.root);
  const jobs = Math.max(1, opts.jobs ?? os.availableParallelism());
  const { version } = await getZ3();
  /** The unmutated translations' sizes, by proof (the mutants' translation budget). */
  const sizes = new Map<string, TranslationSize>();
  const original = createProject(root);
  const mutable = createProject(root);
  const { loaded } = await loadProofs(root, mutable);
  // The same contracts as \`prove\` (its cache answers the baseline); a mutant of a contract
  // function is run against the contract proof too, which translates that function.
  const contracts = contractTable(root, loaded, (l) => findProofSites(l.sf).get(l.rec.name));
  // The baseline: which proofs are PROVED and which functions each translates.
  const proved =
    opts.baseline === 'cache'
      ? await cachedBaseline(version, root, loaded, recordedProofs(opts.baselineRecord), sizes, contracts, opts.onBaseline)
      : (await runProofs({ root, jobs, ...(opts.onBaseline !== undefined ? { onResult: opts.onBaseline } : {}) })).results.filter((r) => r.status === 'PROVED');
  const byName = new Map(loaded.map((l) => [l.rec.name, l]));
  const covering = new Map<string, Run[]>();
  for (const r of proved) {
    const l = byName.get(r.name);
    if (l === undefined) continue;
    for (const f of r.functionsUsed) {
      const key = parseFunctionKey(f);
      if (key === undefined || !key.file.startsWith('kernel/')) continue;
      if (opts.filter !== undefined && !f.toLowerCase().includes(opts.filter.toLowerCase())) continue;
      covering.set(f, [...(covering.get(f) ?? []), { loaded: l, baseline: r }]);
    }
  }
  // Cheapest proofs first: a mutant stops at its first kill. A contract function's own contract
  // proof goes before them: only it checks that function's obligations, which the others skip.
  for (const [f, runs] of covering) {
    const name = parseFunctionKey(f)?.name;
    const ownContract = (r: Run): number => (r.loaded.rec.options.contract === true && r.baseline.fn === name ? 0 : 1);
    runs.sort((a, b) => ownContract(a) - ownContract(b) || a.baseline.rlimit - b.baseline.rlimit || a.baseline.name.localeCompare(b.baseline.name));
  }
  const functions = [...covering.keys()].sort();
  const originals = new Map<string, FunctionDeclaration>();
  const mutants: Mutant[] = [];
  for (const f of functions) {
    const key = parseFunctionKey(f);
    const sf = key === undefined ? undefined : original.getSourceFile(path.join(root, key.file));
    const decl = sf?.getFunctions().find((d) => d.getName() === key?.name && d.getStartLineNumber() === key?.line);
    if (decl === undefined || key === undefined) continue;
    originals.set(f, decl);
    mutants.push(...mutantsOf(decl, f, root));
  }
  const plan = planOf(mutants);
  const shard = opts.shard;
  const selected = shard === undefined ? mutants : mutants.filter((m) => inShard(m.file, m.id, shard));
  opts.onPlan?.(selected.length);
  const journal =
    opts.journal === undefined
      ? undefined
      : openJournal(opts.journal, { schema: 'bllvm-mutate-journal/1', plan, translator: TRANSLATOR_VERSION, solver: version, shard: shard ?? null, baseline: baselineDigest(proved) });
  const results = new Map<string, MutantResult>(selected.flatMap((m) => {
    const r = journal?.done.get(m.id);
    return r === undefined ? [] : [[m.id, r] as const];
  }));
  opts.onResumed?.(results.size);
  // Each covering proof as the keys name it (its file's import closure read once per file).
  const closures = new Map<string, string>();
  const keyed = (run: Run): KeyedProof => {
    const file = run.loaded.sf.getFilePath();
    const closure = closures.get(file) ?? importClosureDigest(root, run.loaded.sf);
    closures.set(file, closure);
    return { name: run.baseline.name, queryHash: run.baseline.queryHash, closure };
  };
  const keyContext = { translator: TRANSLATOR_VERSION, solver: version };
  /** The key of a mutant's result: its killer's, or all its covering proofs'. */
  const keyOf = (m: Mutant, r: MutantResult): string | undefined => {
    const runs = covering.get(m.function) ?? [];
    const killer = killerName(r);
    if (killer === undefined) return coverKey(keyContext, m, runs.map(keyed), r.outcome);
    const run = runs.find((x) => x.baseline.name === killer);
    return run === undefined ? undefined : killKey(keyContext, m, keyed(run));
  };
  const withKey = (m: Mutant, r: MutantResult): MutantResult => {
    const key = keyOf(m, r);
    return key === undefined ? r : { ...r, key };
  };
  const record = opts.carry === undefined ? undefined : readCarried(opts.carry);
  if (record !== undefined && 'error' in record) throw new Error(`bllvm mutate: ${record.error}`);
  // Carried: by key, from the record or from a journal of an earlier run on other sources.
  const carried = new Map([...(journal?.foreign ?? []), ...(record?.results ?? [])]);
  let carriedCount = 0;
  if (carried.size > 0) {
    for (const m of selected) {
      if (results.has(m.id)) continue;
      const runs = covering.get(m.function) ?? [];
      // A result is taken only under the key its own outcome has (an error keyed before the budget was in its key is solved again).
      const proofs = runs.map(keyed);
      const keys = [coverKey(keyContext, m, proofs, 'equivalent'), coverKey(keyContext, m, proofs, 'error'), ...proofs.map((p) => killKey(keyContext, m, p))];
      const found = keys.map((k) => ({ k, r: carried.get(k) })).find(({ k, r }) => r !== undefined && r.id === m.id && keyOf(m, r) === k)?.r;
      if (found === undefined) continue;
      const r: MutantResult = withKey(m, { ...found, carried: true });
      results.set(m.id, r);
      journal?.append(r);
      carriedCount += 1;
    }
  }
  opts.onCarried?.(carriedCount);
  // After the process died: a mutant it was evaluating alone killed it (an error, not a verdict);
  // several it was evaluating go first, one at a time.
  const unfinished = opts.afterCrash === undefined ? [] : (journal?.unfinished ?? []).filter((id) => !results.has(id));
  const culprit = unfinished.length === 1 ? selected.find((m) => m.id === unfinished[0]) : undefined;
  /** A decided result: kept, journaled with its key, reported. */
  const decided = (m: Mutant, r: MutantResult): void => {
    const keyed = withKey(m, r);
    results.set(m.id, keyed);
    journal?.append(keyed);
    opts.onResult?.(keyed);
  };
  if (culprit !== undefined) {
    const detail = `the process died (${opts.afterCrash}) while evaluating this mutant alone: no verdict`;
    decided(culprit, { id: culprit.id, operator: culprit.operator, diff: culprit.diff, outcome: 'error', detail, proofsRun: 0 });
  }
  const pending = selected.filter((m) => !results.has(m.id));
  const alone = unfinished.length > 1 ? pending.filter((m) => unfinished.includes(m.id)) : [];
  const together = pending.filter((m) => !alone.includes(m));
  const pool = new SolverPool(Math.min(jobs, Math.max(1, pending.length)));
  /** The unmutated translation's size of a proof (translated once, when a mutant first needs it, unless the baseline measured it). */
  const sizeOf = (run: Run, z3: ScratchZ3['z3']): TranslationSize | undefined => {
    const { rec, sf } = run.loaded;
    const known = sizes.get(rec.name);
    if (known !== undefined) return known;
    const site = findProofSites(sf).get(rec.name);
    if (site === undefined) return undefined;
    const size = emptySize();
    try {
      buildProof(z3, root, rec, site, 'none', measure(size), contracts);
    } catch {
      return undefined;
    }
    sizes.set(rec.name, size);
    return size;
  };

  /**
   * A covering proof on the mutant, stopping at the first failed check (harness/runner/solve.ts
   * solveUntilFailure: the mutant is killed; no other answer can change that). Otherwise the
   * proof's verdict from all its answers.
   */
  const prove = async (run: Run, built: Built): Promise<{ status: ProofResult['status']; error: string }> => {
    const { rec, sf } = run.loaded;
    const budget = { rlimit: rec.options.rlimit ?? DEFAULT_RLIMIT, timeoutMs: DEFAULT_TIMEOUT_MS };
    const answers = await solveUntilFailure(pool, built, budget);
    const broken = built.checks.filter((_, i) => answers.checks[i]?.result === 'sat');
    if (broken.length > 0) return { status: 'REFUTED', error: failedChecksText(broken) };
    const r = verdict(rec, sf, run.baseline.requires, run.baseline.ensures, built, answers, run.baseline, '', 0, budget);
    return { status: r.status, error: r.error ?? '' };
  };

  /** With order 'killers-first': kills per covering proof of each function so far. */
  const kills = new Map<string, Map<string, number>>();
  const killsOf = (f: string, proof: string): number => kills.get(f)?.get(proof) ?? 0;
  const countKill = (f: string, proof: string): void => {
    const byProof = kills.get(f) ?? new Map<string, number>();
    byProof.set(proof, (byProof.get(proof) ?? 0) + 1);
    kills.set(f, byProof);
  };
  /** The covering proofs of function `f` in the run's order (a stable sort keeps cheapest-first among equal kills). */
  const runsFor = (f: string): readonly Run[] => {
    const covers = covering.get(f) ?? [];
    return opts.order === 'killers-first' ? [...covers].sort((a, b) => killsOf(f, b.baseline.name) - killsOf(f, a.baseline.name)) : covers;
  };

  // A resumed run learns the kills its journal already holds.
  for (const m of selected) {
    const r = results.get(m.id);
    const at = r?.by?.lastIndexOf(': ') ?? -1;
    if (r?.outcome === 'killed' && r.by !== undefined && at > 0) countKill(m.function, r.by.slice(0, at));
  }

  /**
   * z3 aborted on mutant `m` (translating `what`): `r` is journaled, so the run started again goes
   * on after it, and the process exits at once (EXIT_Z3_ABORTED). Nothing may wait for anything first:
   * z3-solver's finalizers release terms after any garbage collection, and the first call into the
   * aborted module waits forever (seen: the shard hung for hours).
   */
  const stopOnAbort = (m: Mutant, r: MutantResult, what: string): never => {
    journal?.append(withKey(m, r));
    process.stderr.write(`bllvm mutate: z3 aborted translating ${what} for ${m.id}; recorded as an error${journal !== undefined ? ' in the journal: start the run again to go on after it' : ''}\n`);
    process.exit(EXIT_Z3_ABORTED);
  };
  /** A mutant against its covering proofs, translated in `z3`. */
  const evaluateIn = async (m: Mutant, z3: ScratchZ3['z3']): Promise<MutantResult> => {
    const runs = runsFor(m.function);
    const base = { id: m.id, operator: m.operator, diff: m.diff };
    const undetermined: { outcome: 'error' | 'unknown'; by: string; detail: string }[] = [];
    let ran = 0;
    // One covering proof at a time: translation is the main thread's work, and most mutants die on the first proof.
    for (const run of runs) {
      const b = buildOnMutant(z3, mutable, root, m, run, sizeOf(run, z3), contracts);
      ran += 1;
      const { rec } = run.loaded;
      if ('error' in b) {
        // Translating it against this proof needs more than z3's memory.
        if (b.aborted === true) stopOnAbort(m, { ...base, outcome: 'error', by: `${rec.name}: ERROR`, detail: b.error, proofsRun: ran }, `'${rec.name}'`);
        undetermined.push({ outcome: 'error', by: `${rec.name}: ERROR`, detail: b.error });
        continue;
      }
      // Translation is synchronous: yield so that answers already in are read.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const r = await prove(run, b.built);
      if (r.status === 'REFUTED' || r.status === 'VACUOUS') {
        countKill(m.function, rec.name);
        return { ...base, outcome: 'killed', by: `${rec.name}: ${r.status}`, detail: r.error, proofsRun: ran };
      }
      if (r.status !== 'PROVED') undetermined.push({ outcome: r.status === 'ERROR' ? 'error' : 'unknown', by: `${rec.name}: ${r.status}`, detail: r.error });
    }
    const first = undetermined.find((u) => u.outcome === 'unknown') ?? undetermined[0];
    if (first !== undefined) return { ...base, ...first, proofsRun: ran };
    // Every covering proof still PROVED: equivalent, or a survivor.
    const originalDecl = originals.get(m.function);
    const fname = parseFunctionKey(m.function)?.name ?? '';
    let queries: PrintedQuery[] = [];
    // Sizes are measured on the unmutated source, before the mutant is applied.
    const budgets = new Map(runs.map((run) => [run, translationBudget(sizeOf(run, z3))]));
    try {
      queries = withMutant(mutable, root, m, (mutated) => {
        const decl = mutated.get(fname);
        if (decl === undefined || originalDecl === undefined) return [];
        const map = new Map([[decl, originalDecl]]);
        return runs.flatMap((run) => {
          const site = findProofSites(run.loaded.sf).get(run.loaded.rec.name);
          if (site === undefined) return [];
          return differenceQueries(z3, root, run.loaded, site, map, budgets.get(run) ?? translationBudget(undefined), `${path.relative(root, run.loaded.file)}:${site.call.getStartLineNumber()}`);
        });
      });
    } catch (e) {
      if (isZ3Abort(e)) stopOnAbort(m, { ...base, outcome: 'error', detail: `every covering proof still PROVED; z3 aborted translating the equivalence queries: ${e.message.slice(0, 120)}`, proofsRun: ran }, 'the equivalence queries');
      return { ...base, outcome: 'survived', detail: `equivalence not decided: ${e instanceof Error ? e.message : String(e)}`, proofsRun: ran };
    }
    const rlimit = Math.max(DEFAULT_RLIMIT, ...runs.map((run) => run.loaded.rec.options.rlimit ?? DEFAULT_RLIMIT));
    if (queries.length === 0) return { ...base, outcome: 'survived', detail: 'every covering proof still PROVED; equivalence not decided (no call of the mutated function to compare)', proofsRun: ran };
    // The first difference found (sat) decides: a survivor.
    const answers = await pool.solveUntil(
      queries.map((q) => ({ ...q, rlimit, timeoutMs: DEFAULT_TIMEOUT_MS })),
      (a) => a.result === 'sat',
    );
    // A text read as other terms than those printed decides nothing (harness/runner/smt-print.ts).
    const misread = answers.find((a) => a?.misread === true);
    if (misread !== undefined) return { ...base, outcome: 'error', detail: `every covering proof still PROVED; printer: ${misread.reason ?? 'misread'}`, proofsRun: ran };
    if (answers.every((a) => a?.result === 'unsat')) return { ...base, outcome: 'equivalent', detail: `results and the maps written equal at every call in ${queries.length} queries (each covering proof, once per split case) (unsat)`, proofsRun: ran };
    const sat = answers.some((a) => a?.result === 'sat');
    return { ...base, outcome: 'survived', detail: sat ? 'every covering proof still PROVED; the results or the maps written differ on some input (sat)' : 'every covering proof still PROVED; equivalence undetermined within the rlimit', proofsRun: ran };
  };
  /** A mutant in a z3 context of its own, deleted with all its terms once the mutant is decided (only query texts outlive it). */
  const evaluate = async (m: Mutant): Promise<MutantResult> => {
    const scratch = await scratchZ3();
    try {
      return await evaluateIn(m, scratch.z3);
    } finally {
      scratch.release();
    }
  };

  /** Evaluates `m` and journals its result. */
  const decide = async (m: Mutant): Promise<void> => {
    // Translation is synchronous: yield so that answers already in are read.
    await new Promise<void>((resolve) => setImmediate(resolve));
    journal?.start(m.id);
    opts.onStart?.(m);
    decided(m, await evaluate(m));
    // At once, as stopOnAbort does: a mutant another worker was evaluating is not journaled and runs again after the restart.
    if (journal !== undefined && opts.restartAboveHeapBytes !== undefined && process.memoryUsage().heapUsed > opts.restartAboveHeapBytes) process.exit(EXIT_RESUME);
  };
  try {
    for (const m of alone) await decide(m);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < together.length) await decide(together[next++] as Mutant);
    };
    await Promise.all(Array.from({ length: jobs + 1 }, worker));
  } finally {
    await pool.close();
  }
  const perFunction: FunctionMutations[] = functions.map((f) => {
    const rs = selected
      .filter((m) => m.function === f)
      .map((m) => withKey(m, results.get(m.id) as MutantResult));
    return { function: f, proofs: (covering.get(f) ?? []).map((r) => r.baseline.name), ...countOutcomes(rs), results: rs };
  });
  return {
    schema: 'bllvm-mutate/1',
    translator: TRANSLATOR_VERSION,
    solver: version,
    startedAt,
    ms: Math.round(performance.now() - t0),
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    ...(shard !== undefined ? { shard } : {}),
    plan,
    ...(carriedCount > 0 ? { carried: carriedCount } : {}),
    baseline: `${proved.length} PROVED proofs, ${opts.baseline === 'cache' ? `taken from the proof cache${opts.baselineRecord !== undefined ? `, of those a prove record (${path.basename(opts.baselineRecord)}) lists as PROVED` : ''}` : 'proved by this run'}`,
    functions: perFunction,
    ...summarize(perFunction),
  };
}
