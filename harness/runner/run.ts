/**
 * Orchestration of a proof run: load the proofs, answer those an unchanged checkout has PROVED
 * from the run memo (harness/runner/memo.ts) without translating, translate the others on the main
 * thread (yielding so the workers solve the ones already translated), answer cached PROVED results
 * from the query cache,
 * solve the rest on the worker pool with an rlimit budget, and collect verdicts in file order.
 * A shard run (`shard`) keeps the proofs of its shard (harness/runner/shard.ts); a merge
 * (`recorded`) translates every proof but takes its verdict from the shards' reports.
 */
import os from 'node:os';
import path from 'node:path';
import type { ProofRecord } from '../dsl.js';
import { SolverPool } from '../pool.js';
import { TRANSLATOR_VERSION, TranslationError } from '../translate.js';
import { type BoundaryResult, boundaryCovers } from './boundaries.js';
import { type Built, buildProof, domainText } from './build.js';
import { allAnswers, solveProof } from './solve.js';
import { cacheKey, readCache, writeCache } from './cache.js';
import { readBoundaryMemo, readProofMemo, sourceDigest, writeBoundaryMemo, writeProofMemo } from './memo.js';
import { contractTable, withContracts } from './contracts.js';
import { type Loaded, type ProofSite, createProject, errorResult, findProofSites, loadProofs, matchesFilter } from './proof-sites.js';
import { proofKey, selectShard } from './shard.js';
import { DEFAULT_RLIMIT, DEFAULT_TIMEOUT_MS, type ProofResult, type ProofStatus, type RunOptions, type RunReport } from './types.js';
import { verdict } from './verdict.js';
import { getZ3 } from './z3.js';

/** The budget of one boundary-cover query (a side no proof reaches within it counts as unreached). */
const BOUNDARY_RLIMIT = 500_000;

export async function runProofs(opts: RunOptions): Promise<RunReport> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const root = path.resolve(opts.root);
  const { z3, version } = await getZ3();
  const project = createProject(root);
  // Every proof file, whatever the filter and shard select: contracts come from all of them.
  const everything = await loadProofs(root, project);
  const { filter } = opts;
  const all = filter === undefined ? everything : { loaded: everything.loaded.filter((l) => matchesFilter(l, filter)), errors: everything.errors };
  const { shard } = opts;
  const { loaded, errors } = selectShard(root, all.loaded, all.errors, shard);
  opts.onPlan?.(loaded.length + errors.length);
  for (const r of errors) opts.onResult?.(r);
  const cacheDir = opts.cacheDir ?? path.join(root, '.cache/proofs');
  const useCache = !opts.noCache && opts.mutant === undefined;
  // The run memo answers an unchanged checkout without translating (not for a merge: it compares query hashes).
  const digest = useCache && opts.recorded === undefined ? sourceDigest(root, version) : undefined;
  const results: ProofResult[] = [...errors];
  const report = (r: ProofResult): void => {
    results.push(r);
    opts.onResult?.(r);
  };
  let pool: SolverPool | undefined;
  const getPool = (): SolverPool => {
    if (opts.pool !== undefined) return opts.pool;
    pool ??= new SolverPool(Math.max(1, Math.min(opts.jobs ?? os.availableParallelism(), loaded.length)));
    return pool;
  };
  const sitesByFile = new Map<string, Map<string, ProofSite>>();
  const tasks: Promise<void>[] = [];
  const siteOf = (file: string, sf: Loaded['sf'], name: string): ProofSite | undefined => {
    let sites = sitesByFile.get(file);
    if (sites === undefined) {
      sites = findProofSites(sf);
      sitesByFile.set(file, sites);
    }
    return sites.get(name);
  };
  // Contract proofs run first; one the filter or shard leaves out runs (silently) when a selected
  // proof relied on it: a PROVED that relied on a contract stands only if the contract's proof is
  // PROVED in this run.
  const contracts = contractTable(root, everything.loaded, (l) => siteOf(l.file, l.sf, l.rec.name));
  const contractNames = new Set([...contracts.values()].map((c) => c.proof));
  const isContract = (l: Loaded): boolean => contractNames.has(l.rec.name);
  // Then the proofs with a solver option of their own (`checksAlone`, `arithSolver`,
  // `solverTuning`, a larger `rlimit`): options given because their queries are hard, so their
  // solving is long, and translated early it keeps the workers busy while the main thread
  // translates proofs whose translation is long and solving short (ConnectBlock's: the workers
  // had half a core of work at 9-15 s of a cold run in file order). The report stays in file order.
  const solvesLong = (l: Loaded): boolean => {
    const o = l.rec.options;
    return o.checksAlone === true || o.arithSolver !== undefined || o.solverTuning !== undefined || (o.rlimit ?? 0) > DEFAULT_RLIMIT;
  };
  const ordered = [...loaded.filter(isContract), ...loaded.filter((l) => !isContract(l) && solvesLong(l)), ...loaded.filter((l) => !isContract(l) && !solvesLong(l))];
  const contractStatus = new Map<string, { readonly promise: Promise<ProofStatus>; readonly resolve: (s: ProofStatus) => void }>();
  const expectStatus = (name: string): Promise<ProofStatus> => {
    let resolve: (s: ProofStatus) => void = () => undefined;
    const promise = new Promise<ProofStatus>((r) => (resolve = r));
    contractStatus.set(name, { promise, resolve });
    return promise;
  };
  for (const l of loaded) if (isContract(l)) expectStatus(l.rec.name);
  /** The status of a contract proof in this run: one not selected is run now, without a line of its own. */
  const statusOf = (name: string): Promise<ProofStatus> | undefined => {
    const known = contractStatus.get(name);
    if (known !== undefined) return known.promise;
    const entry = everything.loaded.find((l) => l.rec.name === name);
    if (entry === undefined || !contractNames.has(name)) return undefined;
    const promise = expectStatus(name);
    tasks.push(runEntry(entry, true));
    return promise;
  };
  /** Each PROVED proof with its translation, for the boundary covers. */
  const proved: { result: ProofResult; built: Built }[] = [];
  /** PROVED proofs answered by the memo: translated only if the boundary covers are not memoized. */
  const memoized: { result: ProofResult; loaded: Loaded }[] = [];
  /** A proof's final result: its contracts' statuses applied, reported (unless silent), and settled for its dependents. */
  const finish = async (entry: Loaded, silent: boolean, raw: ProofResult, onProved?: (r: ProofResult) => void): Promise<void> => {
    const statuses = new Map<string, ProofStatus | undefined>();
    for (const name of raw.contracts ?? []) statuses.set(name, await statusOf(name));
    const r = withContracts(raw, statuses);
    contractStatus.get(entry.rec.name)?.resolve(r.status);
    if (silent) return;
    if (r.status === 'PROVED') onProved?.(r);
    report(r);
  };
  const provedWith = (built: Built) => (r: ProofResult): void => {
    proved.push({ result: r, built });
  };
  /** Translates one proof and answers it from the memo, the caches or the pool (its solving is a task). */
  async function runEntry(entry: Loaded, silent: boolean): Promise<void> {
    const { file, sf, rec } = entry;
    const rel = path.relative(root, file);
    const tMemo = performance.now();
    const remembered = digest !== undefined ? readProofMemo(cacheDir, digest, rec.name) : undefined;
    if (remembered !== undefined) {
      const r: ProofResult = { ...remembered, ms: Math.round(performance.now() - tMemo), cached: true, solvedMs: remembered.solvedMs ?? remembered.ms };
      tasks.push(finish(entry, silent, r, (final) => memoized.push({ result: final, loaded: entry })));
      return;
    }
    // Translation is synchronous: yield so that workers get the proofs already translated (and
    // their answers are read) while the next one is translated.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const site = siteOf(file, sf, rec.name);
    if (site === undefined) {
      tasks.push(finish(entry, silent, errorResult(rel, 1, `no proof('${rec.name}', {...}) call with a literal name and options object`, rec)));
      return;
    }
    const line = site.call.getStartLineNumber();
    const fnLoc = site.fnDecl !== undefined ? `${path.relative(root, site.fnDecl.getSourceFile().getFilePath())}:${site.fnDecl.getStartLineNumber()}` : '';
    const base = {
      name: rec.name,
      file: rel,
      line,
      fn: site.fnName,
      fnLoc,
      spec: rec.options.spec,
      statement: rec.options.statement,
      unwind: rec.options.unwind ?? 64,
      axioms: rec.options.axioms ?? [],
      inputs: Object.entries(rec.options.inputs)
        .map(([k, d]) => `${k}: ${domainText(d)}`)
        .join('; '),
      requires: site.requires?.getText() ?? 'true',
      ensures: site.ensures?.getText() ?? '',
      covers: site.covers.map((c) => c.name),
    };
    const tStart = performance.now();
    let built: Built;
    try {
      built = buildProof(z3, root, rec, site, opts.mutant ?? 'none', undefined, contracts);
    } catch (e) {
      const msg = e instanceof TranslationError ? e.message : `translator failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      tasks.push(finish(entry, silent, { ...errorResult(rel, line, msg, rec), ...base, status: 'ERROR', error: msg }));
      return;
    }
    const translateMs = performance.now() - tStart;
    const withAxioms = { ...base, axioms: [...new Set([...(rec.options.axioms ?? []), ...built.axioms])], ...(built.contracts.length > 0 ? { contracts: built.contracts } : {}) };
    const budget = { rlimit: rec.options.rlimit ?? DEFAULT_RLIMIT, timeoutMs: rec.options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    const key = cacheKey(version, budget.rlimit, built);
    if (opts.recorded !== undefined) {
      tasks.push(finish(entry, silent, recordedResult(opts.recorded, rel, line, rec, key), provedWith(built)));
      return;
    }
    const cached = useCache ? readCache(cacheDir, key) : undefined;
    if (cached !== undefined) {
      const r: ProofResult = {
        ...withAxioms,
        status: 'PROVED',
        ms: Math.round(performance.now() - tStart),
        rlimit: cached.rlimit,
        solvedMs: cached.ms,
        cached: true,
        checks: cached.checks,
        functionsUsed: built.functionsUsed,
        queryHash: key,
      };
      if (digest !== undefined) writeProofMemo(cacheDir, digest, r);
      tasks.push(finish(entry, silent, r, provedWith(built)));
      return;
    }
    tasks.push(
      (async (): Promise<void> => {
        const answers = await solveProof(getPool(), built, budget, () => opts.onStart?.(rec.name));
        // The proof's own cost: translation plus solving (not the time it waited for a worker).
        const ms = translateMs + allAnswers(answers).reduce((sum, a) => sum + (a?.ms ?? 0), 0);
        const r = verdict(rec, sf, site.requires?.getText(), site.ensures?.getText() ?? '', built, answers, withAxioms, key, ms, budget);
        if (r.status === 'PROVED' && opts.mutant === undefined) writeCache(cacheDir, key, rec.name, { checks: [...r.checks], rlimit: r.rlimit, ms: r.ms });
        // The memo keeps the proof's own verdict; its contracts are checked again on every run.
        if (r.status === 'PROVED' && digest !== undefined) writeProofMemo(cacheDir, digest, r);
        await finish(entry, silent, r, provedWith(built));
      })(),
    );
  }
  let boundaries: BoundaryResult[] | undefined;
  try {
    for (const entry of ordered) await runEntry(entry, false);
    opts.onTranslated?.();
    // A task can add tasks (a contract proof run on demand): wait for the list as it grows.
    for (let i = 0; i < tasks.length; i++) await tasks[i];
    const provedNames = [...memoized, ...proved].map((p) => p.result.name);
    if (opts.boundaries === true && digest !== undefined) boundaries = readBoundaryMemo(cacheDir, digest, provedNames);
    if (opts.boundaries === true && boundaries === undefined) {
      // The memo answered these proofs without translating them: the covers need their translations.
      for (const { result, loaded: l } of memoized) {
        const site = siteOf(l.file, l.sf, l.rec.name);
        if (site !== undefined) proved.push({ result, built: buildProof(z3, root, l.rec, site, 'none', undefined, contracts) });
      }
      const order = new Map(loaded.map((l, i) => [l.rec.name, i]));
      proved.sort((a, b) => (order.get(a.result.name) ?? 0) - (order.get(b.result.name) ?? 0));
      boundaries = await boundaryCovers(proved, {
        z3,
        solver: version,
        root,
        project,
        pool: getPool,
        cacheDir: useCache ? cacheDir : undefined,
        rlimit: BOUNDARY_RLIMIT,
        timeoutMs: DEFAULT_TIMEOUT_MS,
      });
      // Kept only when every comparison is reached or explained, so a failing outcome is always recomputed.
      if (digest !== undefined && boundaries.every((b) => b.unpinned === undefined || b.explained !== undefined)) writeBoundaryMemo(cacheDir, digest, provedNames, boundaries);
    }
  } finally {
    await pool?.close();
  }
  // File order, then source order within a file (module namespaces list exports alphabetically).
  results.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {
    schema: 'bllvm-proofs/1',
    translator: TRANSLATOR_VERSION,
    solver: version,
    startedAt,
    ms: Math.round(performance.now() - t0),
    results,
    ...(boundaries !== undefined ? { boundaries } : {}),
    ...(shard !== undefined ? { shard: { ...shard, selected: all.loaded.length + all.errors.length, ...(opts.filter !== undefined ? { filter: opts.filter } : {}) } } : {}),
  };
}

/**
 * A merge's verdict for a proof: the shard report's result, provided the shard translated the
 * proof to the same queries (same query hash: same kernel and proof text, translator, solver and
 * budget) as this checkout.
 */
function recordedResult(recorded: ReadonlyMap<string, ProofResult>, file: string, line: number, rec: ProofRecord, key: string): ProofResult {
  const r = recorded.get(proofKey(file, rec.name));
  if (r === undefined) return errorResult(file, line, 'no shard report has this proof', rec);
  if (r.queryHash !== key) {
    return { ...r, status: 'ERROR', error: `the shard report's query hash ${r.queryHash.slice(0, 16) || '(none)'} is not this checkout's ${key.slice(0, 16)}: the shard ran on other sources (run the shards and the merge on one commit)` };
  }
  return r;
}
