/**
 * The proof runner: finds proofs/*.proof.ts, translates each proof (and the real kernel code it
 * calls) into SMT queries, answers them on a worker pool with an rlimit budget, caches PROVED
 * results, replays counterexamples on the real TS functions.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Node, Project, type SourceFile } from 'ts-morph';
import { init } from 'z3-solver';
import type { Bool, Context } from 'z3-solver';
import { type Domain, type Inputs, type ProofRecord, int, isProofRecord } from './dsl.js';
import { type QueryResult, SOLVER_KIND, SOLVER_PARAMS, SolverPool } from './pool.js';
import { TRANSLATOR_VERSION, TranslationError, Translator, type TranslatorMutant, findProofSites, type ObligationKind, type Sym } from './translate.js';

export type ProofStatus = 'PROVED' | 'REFUTED' | 'VACUOUS' | 'UNKNOWN' | 'ERROR';

export interface CheckResult {
  readonly kind: ObligationKind | 'cover' | 'assumptions';
  readonly message: string;
  readonly loc: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'UNDETERMINED' | 'SATISFIED' | 'UNSATISFIABLE';
  /** The z3 resource count its query used (deterministic for a given query text and solver). */
  readonly rlimit?: number;
  /** Solver wall time of its query (varies with machine load; reports only, never a verdict). */
  readonly ms?: number;
}

export interface Counterexample {
  readonly inputs: Readonly<Record<string, string>>;
  /**
   * 'confirmed' (the real function violates the property), 'obligation' (a model-domain check
   * failed), 'hash-model' (the counterexample gives the uninterpreted hashes values the real ones
   * do not: the property needs more than the hash axioms), 'spurious' (a translator bug).
   */
  readonly replay: 'confirmed' | 'obligation' | 'hash-model' | 'spurious';
  readonly replayDetail: string;
  readonly regressionTest: string;
}

export interface ProofResult {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly fn: string;
  readonly fnLoc: string;
  readonly spec: string;
  readonly statement: string;
  readonly status: ProofStatus;
  readonly ms: number;
  readonly rlimit: number;
  readonly cached: boolean;
  /** For a cached result, the time the solver took when it was proved. */
  readonly solvedMs?: number;
  readonly checks: readonly CheckResult[];
  readonly counterexample?: Counterexample;
  readonly error?: string;
  readonly unwind: number;
  readonly axioms: readonly string[];
  readonly inputs: string;
  readonly requires: string;
  readonly ensures: string;
  readonly covers: readonly string[];
  readonly functionsUsed: readonly string[];
  readonly queryHash: string;
}

export interface RunOptions {
  readonly root: string;
  readonly filter?: string;
  readonly jobs?: number;
  readonly noCache?: boolean;
  readonly mutant?: TranslatorMutant;
  readonly cacheDir?: string;
  /** Called once the proofs are loaded, with how many results the run will have. */
  readonly onPlan?: (total: number) => void;
  /** Called when a proof's queries start on a solver worker (cached and ERROR proofs never start). */
  readonly onStart?: (name: string) => void;
  /** Called after each proof finishes. */
  readonly onResult?: (r: ProofResult) => void;
}

export interface RunReport {
  readonly schema: 'bllvm-proofs/1';
  readonly translator: string;
  readonly solver: string;
  readonly startedAt: string;
  readonly ms: number;
  readonly results: readonly ProofResult[];
}

/** The budget that decides a verdict: z3 resource units per query (deterministic, load-independent). */
export const DEFAULT_RLIMIT = 20_000_000;
/**
 * Wall-clock backstop per query, only so that a hung solver cannot hang CI: far above the time
 * any query within its rlimit takes on a loaded machine, so machine load never decides a verdict.
 */
export const DEFAULT_TIMEOUT_MS = 600_000;
/** The pool stops a worker silent this long after z3's own timeout should have answered. */
const WORKER_GRACE_MS = 60_000;

type Z = Context<'main'>;
let z3: { Z: Z; version: string; em: unknown } | undefined;

export async function getZ3(): Promise<{ Z: Z; version: string; em: unknown }> {
  if (z3 === undefined) {
    const api = await init();
    const pkg = JSON.parse(readFileSync(new URL('../node_modules/z3-solver/package.json', import.meta.url), 'utf8')) as { version: string };
    z3 = { Z: api.Context('main'), version: `z3-solver ${pkg.version} (${api.Z3.get_full_version()})`, em: api.em };
  }
  return z3;
}

/** Releases the main-thread z3 threads (CLIs call this in a finally). */
export async function shutdownZ3(): Promise<void> {
  if (z3 === undefined) return;
  const { killThreads } = await import('z3-solver');
  await killThreads(z3.em);
  z3 = undefined;
}

export function solverVersion(): string | undefined {
  return z3?.version;
}

export function createProject(root: string): Project {
  const project = new Project({
    compilerOptions: { target: 9 /* ES2022 */, module: 199 /* NodeNext */, moduleResolution: 99 /* NodeNext */, strict: true },
    skipAddingFilesFromTsConfig: true,
  });
  project.addSourceFilesAtPaths([path.join(root, 'kernel/**/*.ts'), path.join(root, 'proofs/**/*.proof.ts'), path.join(root, 'harness/dsl.ts')]);
  return project;
}

export function listProofFiles(root: string): string[] {
  const dir = path.join(root, 'proofs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proof.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

interface Built {
  readonly queries: { readonly kind: 'vacuity' | 'prove' | 'cover'; readonly name: string; readonly smt: string }[];
  /** The proof's checks, in the order of its 'prove' queries (one query per check), with the input domains of its case. */
  readonly checks: { readonly kind: ObligationKind; readonly message: string; readonly loc: string; readonly domains: Readonly<Record<string, Domain>> }[];
  readonly functionsUsed: string[];
  readonly axioms: string[];
}

function domainText(d: Domain): string {
  switch (d.kind) {
    case 'number':
      return `number in [${d.min}, ${d.max}]`;
    case 'bigint':
      return `bigint in [${d.min ?? '-inf'}, ${d.max ?? '+inf'}]`;
    case 'boolean':
      return 'boolean';
    case 'tuple':
      return `[${d.items.map(domainText).join(', ')}]`;
    case 'bytes':
      return `Uint8Array of ${d.length} bytes`;
    case 'record':
      return `{ ${Object.entries(d.fields)
        .map(([k, v]) => `${k}: ${domainText(v)}`)
        .join('; ')} }`;
  }
}

type ProofSiteOf = ReturnType<typeof findProofSites> extends Map<string, infer S> ? S : never;
type Check = { kind: ObligationKind; message: string; loc: string; violated: Bool<'main'> };

/** One translation of a proof over the given input domains: its assumptions, checks and cover points. */
function translateProof(Z: Z, root: string, rec: ProofRecord, site: ProofSiteOf, mutant: TranslatorMutant, domains: Readonly<Record<string, Domain>>) {
  const tr = new Translator(Z, root, mutant);
  const assumptions: Bool<'main'>[] = [];
  const f = new Map<string, Sym>();
  for (const [key, d] of Object.entries(domains)) f.set(key, tr.symbolic(`in_${key}`, d, assumptions));
  const inputs: Sym = { k: 'rec', f };
  const unwind = rec.options.unwind ?? 64;
  const tt = Z.Bool.val(true);
  const evalArrow = (arrow: Node, what: string): Bool<'main'> => {
    if (!Node.isArrowFunction(arrow)) throw new TranslationError(`${what} must be an arrow function`, tr.loc(arrow));
    const v = tr.invoke(arrow, [inputs], tt, arrow, 'unbounded', unwind);
    return tr.toBool(v, arrow).t;
  };
  if (site.requires !== undefined) assumptions.push(evalArrow(site.requires, 'requires'));
  if (site.ensures === undefined) throw new TranslationError('proof without an ensures arrow', tr.loc(site.call));
  const ensures = evalArrow(site.ensures, 'ensures');
  const covers = site.covers.map((c) => ({ name: c.name, t: evalArrow(c.fn, `cover '${c.name}'`) }));
  // Axiom instances (hash ranges, injectivity) are assumptions of every query.
  assumptions.push(...tr.axioms);
  const checks: Check[] = tr.obligations.map((o) => ({ kind: o.kind, message: o.message, loc: o.loc, violated: Z.And(o.pc, Z.Not(o.cond)) }));
  checks.push({ kind: 'ensures', message: rec.options.statement, loc: tr.loc(site.ensures), violated: Z.Not(ensures) });
  return { tr, assumptions, checks, covers };
}

/** One case of a split proof: its label (in every check's name) and the inputs' domains in it. */
interface SplitCase {
  readonly label: string;
  readonly domains: Readonly<Record<string, Domain>>;
}

const BYTE: Domain = { kind: 'number', min: 0, max: 255 };

/**
 * The cases of a proof's `split`: one per value of a small number input, or the given ranges of
 * one integer of the inputs. The ranges must be exactly that integer's domain (ascending, no gap,
 * no overlap), so that proving every case proves the statement over the whole domain.
 */
function splitCases(rec: ProofRecord, loc: string): readonly SplitCase[] | undefined {
  const split = rec.options.split;
  if (split === undefined) return undefined;
  const on = typeof split === 'string' ? split : split.on;
  const fail = (why: string): never => {
    throw new TranslationError(`split on '${on}': ${why}`, loc);
  };
  const m = /^([A-Za-z_$][\w$]*)(?:\[(\d+)\])?$/.exec(on);
  const name = m?.[1] ?? fail('name an input, or one byte or item of it as name[i]');
  const index = m?.[2] === undefined ? undefined : Number(m[2]);
  const d = rec.options.inputs[name] ?? fail('no such input');
  let leaf: Domain | undefined;
  if (index === undefined) leaf = d;
  else if (d.kind === 'bytes') leaf = index < d.length ? (d.items?.[index] ?? BYTE) : undefined;
  else if (d.kind === 'tuple') leaf = d.items[index];
  if (leaf === undefined || leaf.kind !== 'number') return fail('needs a number input, a byte of a bytes input or a number item of a tuple input');
  const { min, max } = leaf;
  let ranges: readonly (readonly [number, number])[];
  if (typeof split === 'string') {
    if (max - min >= 64) fail('needs a number input with at most 64 values (or ranges: { on, cases })');
    ranges = Array.from({ length: max - min + 1 }, (_, i): [number, number] => [min + i, min + i]);
  } else {
    ranges = split.cases;
    if (ranges.length === 0 || ranges.length > 64) fail('needs 1 to 64 cases');
    let next = min;
    for (const [lo, hi] of ranges) {
      if (lo !== next || hi < lo) fail(`the cases must cover [${min}, ${max}] in ascending order with no gap or overlap (case [${lo}, ${hi}] should start at ${next})`);
      next = hi + 1;
    }
    if (next !== max + 1) fail(`the cases must cover [${min}, ${max}] (they end at ${next - 1})`);
  }
  const narrow = (lo: number, hi: number): Domain => {
    const v = int(lo, hi);
    if (index === undefined) return v;
    if (d.kind === 'bytes') return { kind: 'bytes', length: d.length, items: Array.from({ length: d.length }, (_, i) => (i === index ? v : (d.items?.[i] ?? BYTE))) };
    if (d.kind === 'tuple') return { kind: 'tuple', items: d.items.map((x, i) => (i === index ? v : x)) };
    return v;
  };
  return ranges.map(([lo, hi]) => ({
    label: lo === hi ? `${on} = ${lo}: ` : `${on} in [${lo}, ${hi}]: `,
    domains: { ...rec.options.inputs, [name]: narrow(lo, hi) },
  }));
}

/** Translates one proof into SMT-LIB queries. Throws TranslationError on constructs outside the subset. */
function buildProof(Z: Z, root: string, rec: ProofRecord, site: ProofSiteOf, mutant: TranslatorMutant): Built {
  const whole = translateProof(Z, root, rec, site, mutant, rec.options.inputs);
  const smt = (terms: Bool<'main'>[]): string => {
    const s = new Z.Solver();
    try {
      for (const t of terms) s.add(t);
      return canonicalSmt(s.toSmtlib2('unknown'));
    } finally {
      s.release();
    }
  };
  // One query per check: a failed check's query is satisfiable and its model is a counterexample.
  // Separate queries are much easier for z3 than their conjunction (measured: the 4-byte
  // script-number round trip is 3.5 s as 11 queries and over 80 s as one). With `split`, each
  // check is also proved once per value of the split input, translated with that input fixed,
  // so every interval and shift amount in the case is exact.
  const cases = splitCases(rec, whole.tr.loc(site.call))?.map((c) => ({ ...c, ...translateProof(Z, root, rec, site, mutant, c.domains) })) ?? [
    { label: '', domains: rec.options.inputs, ...whole },
  ];
  const checks = cases.flatMap((c) => c.checks.map((k) => ({ ...k, message: `${c.label}${k.message}`, assumptions: c.assumptions, domains: c.domains })));
  const queries: Built['queries'] = [
    { kind: 'vacuity', name: 'assumptions satisfiable', smt: smt([...whole.assumptions]) },
    ...checks.map((c) => ({ kind: 'prove' as const, name: c.message, smt: smt([...c.assumptions, c.violated]) })),
    ...whole.covers.map((c) => ({ kind: 'cover' as const, name: c.name, smt: smt([...whole.assumptions, c.t]) })),
  ];
  const functionsUsed = new Set(cases.flatMap((c) => [...c.tr.functionsUsed]));
  const axioms = new Set(cases.flatMap((c) => [...c.tr.axiomsUsed]));
  return {
    queries,
    checks: checks.map(({ kind, message, loc, domains }) => ({ kind, message, loc, domains })),
    functionsUsed: [...functionsUsed],
    axioms: [...axioms],
  };
}

/**
 * z3 names let-bound subterms after their AST ids (`$x17`, `?x14`), which depend on every term
 * created before in the context. Renumbering them in order of appearance makes the text, and
 * so the cache key, a function of the query alone.
 */
export function canonicalSmt(text: string): string {
  const names = new Map<string, string>();
  return text.replace(/([$?])x(\d+)\b/g, (m: string, sigil: string) => {
    let n = names.get(m);
    if (n === undefined) {
      n = `${sigil}x${names.size + 1}`;
      names.set(m, n);
    }
    return n;
  });
}

/** Turns the model's input constants back into the JS values the proof's closures take. */
function inputsFromModel(inputs: Readonly<Record<string, Domain>>, model: Readonly<Record<string, string>>): { values: Inputs; shown: Record<string, string> } {
  const shown: Record<string, string> = {};
  const build = (name: string, d: Domain): unknown => {
    switch (d.kind) {
      case 'number': {
        const v = model[name] ?? String(Math.max(d.min, Math.min(d.max, 0)));
        shown[name.slice(3)] = v;
        return Number(v);
      }
      case 'bigint': {
        const fallback = d.min !== undefined && d.min > 0n ? d.min : d.max !== undefined && d.max < 0n ? d.max : 0n;
        const v = model[name] ?? fallback.toString();
        shown[name.slice(3)] = `${v}n`;
        return BigInt(v);
      }
      case 'boolean': {
        const v = model[name] ?? 'false';
        shown[name.slice(3)] = v;
        return v === 'true';
      }
      case 'tuple':
        return d.items.map((item, i) => build(`${name}_${i}`, item));
      case 'bytes':
        return Uint8Array.from({ length: d.length }, (_, i) => build(`${name}_${i}`, d.items?.[i] ?? { kind: 'number', min: 0, max: 255 }) as number);
      case 'record': {
        const o: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(d.fields)) o[k] = build(`${name}_${k}`, item);
        return o;
      }
    }
  };
  const values: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(inputs)) values[k] = build(`in_${k}`, d);
  return { values, shown };
}

function jsLiteral(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `Uint8Array.of(${[...v].join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${jsLiteral(x)}`).join(', ')} }`;
  return String(v);
}

function regressionTest(sf: SourceFile, rec: ProofRecord, ensuresText: string, requiresText: string | undefined, values: Inputs): string {
  const imports = sf
    .getImportDeclarations()
    .filter((d) => !d.getModuleSpecifierValue().includes('harness/'))
    .map((d) => d.getText())
    .join('\n');
  // The proof file's own constants and helpers, so the test compiles as pasted.
  const locals = sf
    .getStatements()
    .filter((st) => {
      if (Node.isFunctionDeclaration(st)) return true;
      if (!Node.isVariableStatement(st)) return false;
      return st.getDeclarations().every((d) => {
        const init = d.getInitializer();
        return init === undefined || !(Node.isCallExpression(init) && init.getExpression().getText() === 'proof');
      });
    })
    .map((st) => st.getText().replace(/^export\s+/, ''))
    .join('\n');
  const lines = [
    "import { expect, it } from 'vitest';",
    imports,
    ...(locals.length > 0 ? ['', locals] : []),
    '',
    `it(${JSON.stringify(`regression: ${rec.name}`)}, () => {`,
    `  const inputs = ${jsLiteral(values)};`,
    ...(requiresText !== undefined
      ? [`  const requires: (i: typeof inputs) => boolean = ${requiresText};`, '  expect(requires(inputs)).toBe(true);']
      : []),
    `  const ensures: (i: typeof inputs) => boolean = ${ensuresText};`,
    '  expect(ensures(inputs)).toBe(true);',
    '});',
  ];
  return lines.join('\n');
}

function readCache(file: string): { checks: CheckResult[]; rlimit: number; ms: number } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { checks?: CheckResult[]; rlimit?: number; ms?: number };
    return Array.isArray(v.checks) && typeof v.rlimit === 'number' ? { checks: v.checks, rlimit: v.rlimit, ms: v.ms ?? 0 } : undefined;
  } catch {
    return undefined;
  }
}

function cacheKey(solver: string, rlimit: number, built: Built): string {
  const h = createHash('sha256');
  h.update(`${TRANSLATOR_VERSION}\n${solver}\nsolver=${SOLVER_KIND}\nrlimit=${rlimit}\nparams=${JSON.stringify(SOLVER_PARAMS)}\n`);
  for (const q of built.queries) h.update(`${q.kind}:${q.name}\n${q.smt}\n`);
  return h.digest('hex');
}

interface Loaded {
  readonly file: string;
  readonly sf: SourceFile;
  readonly rec: ProofRecord;
}

/** Imports every proof file (the real closures, for replay) and pairs each proof with its source. */
export async function loadProofs(root: string, project: Project, filter?: string): Promise<{ loaded: Loaded[]; errors: ProofResult[] }> {
  const loaded: Loaded[] = [];
  const errors: ProofResult[] = [];
  const seen = new Map<string, string>();
  for (const file of listProofFiles(root)) {
    const sf = project.getSourceFileOrThrow(file);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      errors.push(errorResult(path.relative(root, file), 1, `import failed: ${e instanceof Error ? e.message : String(e)}`));
      continue;
    }
    for (const v of Object.values(mod)) {
      const recs = Array.isArray(v) ? v : [v];
      for (const rec of recs) {
        if (!isProofRecord(rec)) continue;
        if (seen.has(rec.name)) {
          errors.push(errorResult(path.relative(root, file), 1, `duplicate proof name '${rec.name}' (also in ${seen.get(rec.name)})`, rec));
          continue;
        }
        seen.set(rec.name, path.relative(root, file));
        if (filter !== undefined && !rec.name.toLowerCase().includes(filter.toLowerCase()) && !path.basename(file).includes(filter)) continue;
        loaded.push({ file, sf, rec });
      }
    }
  }
  return { loaded, errors };
}

function errorResult(file: string, line: number, error: string, rec?: ProofRecord): ProofResult {
  return {
    name: rec?.name ?? file,
    file,
    line,
    fn: rec?.options.fn.name ?? '?',
    fnLoc: '',
    spec: rec?.options.spec ?? '',
    statement: rec?.options.statement ?? '',
    status: 'ERROR',
    ms: 0,
    rlimit: 0,
    cached: false,
    checks: [],
    error,
    unwind: rec?.options.unwind ?? 64,
    axioms: rec?.options.axioms ?? [],
    inputs: '',
    requires: '',
    ensures: '',
    covers: [],
    functionsUsed: [],
    queryHash: '',
  };
}

export async function runProofs(opts: RunOptions): Promise<RunReport> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const root = path.resolve(opts.root);
  const { Z, version } = await getZ3();
  const project = createProject(root);
  const { loaded, errors } = await loadProofs(root, project, opts.filter);
  opts.onPlan?.(loaded.length + errors.length);
  for (const r of errors) opts.onResult?.(r);
  const cacheDir = opts.cacheDir ?? path.join(root, '.cache/proofs');
  const results: ProofResult[] = [...errors];
  let pool: SolverPool | undefined;
  const getPool = (): SolverPool => {
    pool ??= new SolverPool(Math.max(1, Math.min(opts.jobs ?? os.availableParallelism(), loaded.length)));
    return pool;
  };
  const sitesByFile = new Map<string, ReturnType<typeof findProofSites>>();
  const tasks: Promise<void>[] = [];
  try {
    for (const { file, sf, rec } of loaded) {
      // Translation is synchronous: yield so that workers get the proofs already translated (and
      // their answers are read) while the next one is translated.
      await new Promise<void>((resolve) => setImmediate(resolve));
      let sites = sitesByFile.get(file);
      if (sites === undefined) {
        sites = findProofSites(sf);
        sitesByFile.set(file, sites);
      }
      const rel = path.relative(root, file);
      const site = sites.get(rec.name);
      if (site === undefined) {
        const r = errorResult(rel, 1, `no proof('${rec.name}', {...}) call with a literal name and options object`, rec);
        results.push(r);
        opts.onResult?.(r);
        continue;
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
        built = buildProof(Z, root, rec, site, opts.mutant ?? 'none');
      } catch (e) {
        const msg = e instanceof TranslationError ? e.message : `translator failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
        const r: ProofResult = { ...errorResult(rel, line, msg, rec), ...base, status: 'ERROR', error: msg };
        results.push(r);
        opts.onResult?.(r);
        continue;
      }
      const translateMs = performance.now() - tStart;
      const axioms = [...new Set([...(rec.options.axioms ?? []), ...built.axioms])];
      const baseAx = { ...base, axioms };
      const rlimit = rec.options.rlimit ?? DEFAULT_RLIMIT;
      const timeoutMs = rec.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const key = cacheKey(version, rlimit, built);
      const cacheFile = path.join(cacheDir, `${key}.json`);
      const cached = !opts.noCache && opts.mutant === undefined ? readCache(cacheFile) : undefined;
      if (cached !== undefined) {
        const r: ProofResult = {
          ...baseAx,
          status: 'PROVED',
          ms: Math.round(performance.now() - tStart),
          rlimit: cached.rlimit,
          solvedMs: cached.ms,
          cached: true,
          checks: cached.checks,
          functionsUsed: built.functionsUsed,
          queryHash: key,
        };
        results.push(r);
        opts.onResult?.(r);
        continue;
      }
      const task = (async (): Promise<void> => {
        const answers = await getPool().solve(
          built.queries.map((q) => ({ smt: q.smt, rlimit, timeoutMs })),
          timeoutMs + WORKER_GRACE_MS,
          () => opts.onStart?.(rec.name),
        );
        // The proof's own cost: translation plus solving (not the time it waited for a worker).
        const ms = translateMs + answers.reduce((sum, a) => sum + a.ms, 0);
        const r = finish(rec, sf, site.requires?.getText(), site.ensures?.getText() ?? '', built, answers, baseAx, key, ms, { rlimit, timeoutMs });
        if (r.status === 'PROVED' && opts.mutant === undefined) {
          mkdirSync(cacheDir, { recursive: true });
          // Write-then-rename: a concurrent run never reads half a file.
          const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
          writeFileSync(tmp, JSON.stringify({ name: rec.name, checks: r.checks, rlimit: r.rlimit, ms: r.ms }));
          renameSync(tmp, cacheFile);
        }
        results.push(r);
        opts.onResult?.(r);
      })();
      tasks.push(task);
    }
    await Promise.all(tasks);
  } finally {
    await pool?.close();
  }
  // File order, then source order within a file (module namespaces list exports alphabetically).
  results.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { schema: 'bllvm-proofs/1', translator: TRANSLATOR_VERSION, solver: version, startedAt, ms: Math.round(performance.now() - t0), results };
}

/**
 * Why a query is undetermined: its rlimit spent (the budget), the wall-clock backstop, or z3 gave
 * up. Told apart by the count, not by z3's text: z3 says 'canceled' both for a spent rlimit and
 * for its timeout.
 */
function unknownReason(a: QueryResult | undefined, budget: { readonly rlimit: number; readonly timeoutMs: number }): string {
  const reason = a?.reason ?? 'unknown';
  if (a !== undefined && a.rlimit >= budget.rlimit) return `rlimit ${budget.rlimit} spent (z3: ${reason})`;
  if (/timeout|canceled|backstop/i.test(reason)) {
    return `wall-clock backstop of ${budget.timeoutMs >= 1000 ? `${Math.round(budget.timeoutMs / 1000)} s` : `${budget.timeoutMs} ms`} reached before the rlimit was spent (z3: ${reason}): the machine stalled or the solver hung`;
  }
  return `solver: ${reason}`;
}

function finish(
  rec: ProofRecord,
  sf: SourceFile,
  requiresText: string | undefined,
  ensuresText: string,
  built: Built,
  answers: readonly QueryResult[],
  base: Omit<ProofResult, 'status' | 'ms' | 'rlimit' | 'cached' | 'checks' | 'functionsUsed' | 'queryHash'>,
  key: string,
  ms: number,
  budget: { readonly rlimit: number; readonly timeoutMs: number },
): ProofResult {
  const rl = answers.reduce((s, a) => s + a.rlimit, 0);
  const common = { ...base, ms: Math.round(ms), rlimit: rl, cached: false, functionsUsed: built.functionsUsed, queryHash: key };
  const checks: CheckResult[] = [];
  const n = built.checks.length;
  const [vac, ...rest] = answers;
  const proves = rest.slice(0, n);
  const covers = rest.slice(n);
  if (vac === undefined || proves.length !== n) return { ...common, status: 'ERROR', checks, error: 'solver returned no answers' };
  checks.push({
    kind: 'assumptions',
    message: 'input ranges and requires are satisfiable',
    loc: base.file,
    status: vac.result === 'sat' ? 'SATISFIED' : vac.result === 'unsat' ? 'UNSATISFIABLE' : 'UNDETERMINED',
    rlimit: vac.rlimit,
    ms: vac.ms,
  });
  const coverChecks = covers.map((c, i) => ({
    kind: 'cover' as const,
    message: built.queries[i + 1 + n]?.name ?? '',
    loc: base.file,
    status: (c.result === 'sat' ? 'SATISFIED' : c.result === 'unsat' ? 'UNSATISFIABLE' : 'UNDETERMINED') as CheckResult['status'],
    rlimit: c.rlimit,
    ms: c.ms,
  }));
  const statusOf = (r: QueryResult): CheckResult['status'] => (r.result === 'unsat' ? 'SUCCESS' : r.result === 'sat' ? 'FAILURE' : 'UNDETERMINED');
  // Prefer a model that breaks the property itself (it replays on the real function), then any failed check.
  const ensuresIdx = proves.findIndex((p, i) => p.result === 'sat' && built.checks[i]?.kind === 'ensures');
  const counterIdx = ensuresIdx >= 0 ? ensuresIdx : proves.findIndex((p) => p.result === 'sat');
  const counter = proves[counterIdx];
  if (counter === undefined && proves.every((p) => p.result === 'unsat')) {
    built.checks.forEach((c, i) => checks.push({ kind: c.kind, message: c.message, loc: c.loc, status: 'SUCCESS', rlimit: proves[i]?.rlimit ?? 0, ms: proves[i]?.ms ?? 0 }));
    checks.push(...coverChecks);
    if (vac.result === 'unsat' || coverChecks.some((c) => c.status === 'UNSATISFIABLE')) {
      return { ...common, status: 'VACUOUS', checks, error: vac.result === 'unsat' ? 'the assumptions are unsatisfiable' : 'a cover point is unreachable' };
    }
    if (vac.result !== 'sat' || coverChecks.some((c) => c.status === 'UNDETERMINED')) {
      return { ...common, status: 'UNKNOWN', checks, error: `vacuity/cover check undetermined: ${unknownReason(vac.result === 'unknown' ? vac : covers.find((c) => c.result === 'unknown'), budget)}` };
    }
    return { ...common, status: 'PROVED', checks };
  }
  built.checks.forEach((c, i) => checks.push({ kind: c.kind, message: c.message, loc: c.loc, status: statusOf(proves[i] as QueryResult), rlimit: proves[i]?.rlimit ?? 0, ms: proves[i]?.ms ?? 0 }));
  checks.push(...coverChecks);
  if (counter === undefined) {
    const i = proves.findIndex((p) => p.result === 'unknown');
    const check = built.checks[i];
    const where = check === undefined ? '' : ` on ${check.kind}: ${check.message} (${check.loc})`;
    return { ...common, status: 'UNKNOWN', checks, error: `${unknownReason(proves[i], budget)}${where}` };
  }
  // sat: the counterexample is that model
  const model = counter.model ?? {};
  const failed = built.checks.filter((_, i) => proves[i]?.result === 'sat');
  // The model names only the inputs its case left symbolic: the case's domains fill in the rest.
  const { values, shown } = inputsFromModel(built.checks[counterIdx]?.domains ?? rec.options.inputs, model);
  let replay: Counterexample['replay'];
  let detail: string;
  let requiresOk = true;
  try {
    requiresOk = rec.options.requires === undefined || rec.options.requires(values) === true;
  } catch (e) {
    requiresOk = false;
    detail = `requires threw: ${String(e)}`;
  }
  let ensuresOk: boolean | string;
  try {
    ensuresOk = rec.options.ensures(values) === true;
  } catch (e) {
    ensuresOk = `threw ${e instanceof Error ? e.message : String(e)}`;
  }
  const obligationFailed = failed.filter((c) => c.kind !== 'ensures');
  if (requiresOk && ensuresOk !== true) {
    replay = 'confirmed';
    detail = `confirmed by concrete run: ensures ${ensuresOk === false ? 'returned false' : ensuresOk} on the real function`;
  } else if (obligationFailed.length > 0) {
    replay = 'obligation';
    detail = `model-domain obligation failed: ${[...new Set(obligationFailed.map((c) => `${c.message} at ${c.loc}`))].join('; ')} (the real function ran; ensures ${ensuresOk === true ? 'holds' : 'fails'} concretely)`;
  } else if (built.axioms.length > 0) {
    replay = 'hash-model';
    detail = `not confirmed on the real function: the counterexample gives the hash functions values the real hashes do not (they are uninterpreted: ${built.axioms.join('; ')}); the property holds only under an assumption about the hash the harness does not make`;
  } else {
    replay = 'spurious';
    detail = 'SPURIOUS: the real function satisfies the property on these inputs (translation/model mismatch!)';
  }
  return {
    ...common,
    status: 'REFUTED',
    checks,
    counterexample: { inputs: shown, replay, replayDetail: detail, regressionTest: regressionTest(sf, rec, ensuresText, requiresText, values) },
    // One line per distinct check: an unrolled loop repeats the same obligation per iteration.
    error: [...new Set(failed.map((c) => `${c.kind}: ${c.message} (${c.loc})`))].join('; '),
  };
}
