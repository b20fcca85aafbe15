/**
 * Generated boundary covers (issue 10 §2): for every integer comparison in a proved kernel
 * function, two cover goals at its boundary, one per outcome (for `a < b`: a = b - 1, where it
 * is just true, and a = b, where it is just false; for `a === b`: a = b and a = b ± 1). A goal is
 * pinned by a PROVED proof whose assumptions reach it on a path that evaluates the comparison:
 * the first, in report order (those targeting the function first), that reaches it within
 * FIRST_RLIMIT, else the first within the full budget. A comparison whose goals no proof
 * reaches, or that no proof evaluates, is listed as unpinned: a mutation of its operator or
 * bound could go unnoticed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Node, type Project, SyntaxKind } from 'ts-morph';
import { type Query, type QueryResult, SOLVER_KIND, SOLVER_PARAMS, QUERIES_PER_CONTEXT, type SolverPool } from '../pool.js';
import { type BoolTerm, type IntTerm, TRANSLATOR_VERSION, type Z3 } from '../translate.js';
import type { Built, ComparisonEvaluation } from './build.js';
import { casePrinter } from './smt-print.js';
import { readJson, writeJsonAtomic } from './cache.js';
import type { ProofResult } from './types.js';

/** The boundary of one comparison: which proofs reach each side of it. */
export interface BoundaryResult {
  /** The kernel function it is in. */
  readonly function: string;
  /** file:line:column. */
  readonly loc: string;
  /** The comparison's source text. */
  readonly text: string;
  /** The proof that reaches it just true at the boundary, and just false. */
  readonly trueSide?: string;
  readonly falseSide?: string;
  /** Why it is not pinned (no proof evaluates it; no proof reaches a side). */
  readonly unpinned?: string;
  /** The explanation in proofs/boundary-notes.ts, for an unpinned comparison that stays so. */
  readonly explained?: string;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '!==']);

/** a - b at a goal: a number, or any non-zero difference. */
type Difference = number | '≠';

/**
 * Candidate proofs a goal asks with FIRST_RLIMIT (those targeting the function first, then in
 * report order), and how many of them it asks again with the full budget. With four candidates in
 * both passes a new proof that sorted early could push the only proof pinning a side out of the
 * list (a ConnectBlock proof did, 2026-12-04); the first pass is cheap where a candidate reaches
 * the goal, so it goes further down the list.
 */
const FIRST_PASS_CANDIDATES = 16;
const FULL_BUDGET_CANDIDATES = 4;

/**
 * A goal tries its candidates with this budget first, then those still undetermined with the
 * full budget: a reachable side is found in 22 K rlimit on average, while an undetermined query
 * spends the whole budget (6 such queries on the commitment digest proof took 32 s of the 75 s
 * the covers needed, and the next candidate pinned each).
 */
const FIRST_RLIMIT = 100_000;

/**
 * a - b at the boundary where `a op b` is just true, and where it is just false. For `===` and
 * `!==` the other outcome is any a != b ('≠'): a bit test such as `(x & FLAG) !== 0` only takes
 * the values 0 and FLAG, so a ± 1 would be unreachable by construction.
 */
function goalDifferences(op: string): { readonly trueSide: Difference; readonly falseSide: Difference } {
  switch (op) {
    case '<':
      return { trueSide: -1, falseSide: 0 };
    case '<=':
      return { trueSide: 0, falseSide: 1 };
    case '>':
      return { trueSide: 1, falseSide: 0 };
    case '>=':
      return { trueSide: 0, falseSide: -1 };
    case '===':
      return { trueSide: 0, falseSide: '≠' };
    default:
      return { trueSide: '≠', falseSide: 0 };
  }
}

/**
 * Whether a comparison no proof evaluated compares integers, without the type checker (slow on
 * the whole kernel): relational operators, or an equality with a numeric literal or a `.length`.
 * Every comparison a proof evaluates is known to be one from its translation.
 */
function looksInteger(b: Node & { getLeft(): Node; getRight(): Node; getOperatorToken(): Node }): boolean {
  if (['<', '<=', '>', '>='].includes(b.getOperatorToken().getText())) return true;
  const numeric = (n: Node): boolean => n.getKind() === SyntaxKind.NumericLiteral || n.getKind() === SyntaxKind.BigIntLiteral || /\.length$/.test(n.getText());
  return numeric(b.getLeft()) || numeric(b.getRight());
}

/** The integer comparisons written in the function declared at `loc` (file:line:column). */
function comparisonsIn(project: Project, root: string, functionUsed: string, evaluated: ReadonlySet<string>): { readonly name: string; readonly sites: { readonly loc: string; readonly op: string; readonly text: string }[] } | undefined {
  const m = /^(.*) \((.*):(\d+):(\d+)\)$/.exec(functionUsed);
  if (m === null) return undefined;
  const [, name, file, line] = m as unknown as [string, string, string, string];
  const sf = project.getSourceFile(path.join(root, file));
  const decl = sf?.getFunctions().find((f) => f.getName() === name && f.getStartLineNumber() === Number(line));
  if (sf === undefined || decl === undefined) return undefined;
  const sites = decl
    .getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .filter((b) => COMPARISONS.has(b.getOperatorToken().getText()))
    .map((b) => {
      const { line: l, column } = sf.getLineAndColumnAtPos(b.getStart());
      return { node: b, loc: `${file}:${l}:${column}`, op: b.getOperatorToken().getText(), text: b.getText().replace(/\s+/g, ' ') };
    })
    .filter((x) => evaluated.has(x.loc) || looksInteger(x.node))
    .map(({ loc, op, text }) => ({ loc, op, text }));
  return { name, sites };
}

/**
 * The notes of proofs/boundary-notes.ts that explain no unpinned comparison of `results`: their
 * comparison is pinned by a proof now, or gone. A stale note would excuse a boundary no one
 * looks at again, so a whole run fails on one (harness/cli/prove.ts).
 */
export async function staleBoundaryNotes(root: string, results: readonly BoundaryResult[]): Promise<string[]> {
  const used = new Set(results.filter((b) => b.unpinned !== undefined).map((b) => `${b.function}: ${b.text}`));
  return Object.keys(await loadNotes(root)).filter((key) => !used.has(key));
}

/** Explanations of comparisons that stay unpinned, by `function: comparison text` (proofs/boundary-notes.ts). */
async function loadNotes(root: string): Promise<Readonly<Record<string, string>>> {
  const file = path.join(root, 'proofs/boundary-notes.ts');
  if (!existsSync(file)) return {};
  const mod = (await import(pathToFileURL(file).href)) as { BOUNDARY_NOTES?: Readonly<Record<string, string>> };
  return mod.BOUNDARY_NOTES ?? {};
}

/** One goal: a side of a comparison and the proofs that may reach it, tried in order. */
interface Goal {
  readonly site: string;
  readonly side: 'trueSide' | 'falseSide';
  readonly difference: Difference;
  /** How many PROVED proofs evaluate the comparison at all. */
  readonly evaluatedBy: number;
  readonly candidates: readonly Candidate[];
  /** Attempts made: candidates by index, each first with FIRST_RLIMIT, then the first FULL_BUDGET_CANDIDATES still undetermined with the full budget. */
  next: number;
  /** Candidates that cannot reach the goal (unsat): not tried again. */
  readonly unreachable: Set<number>;
  pinnedBy?: string;
}

/** A proof that evaluates a comparison, with its evaluations. */
interface Candidate {
  readonly proof: string;
  readonly hash: string;
  readonly targets: boolean;
  readonly evaluations: readonly ComparisonEvaluation[];
  /** The proof's cases, each as a fresh Bool constant defined as its assumptions (for goals over several cases). */
  readonly cases: CaseDefinitions;
}

/**
 * A proof's cases as definitions `case_i = (and assumptions_i)` of fresh Bool constants: a goal
 * evaluated in several cases, `(or (and case_i reach_i) ...)`, is then printed after the
 * definitions printed once, and solved after them read once per solver context, like a goal of
 * one case. Each constant is fixed by its definition, so the goal is satisfiable with them iff
 * `(or (and assumptions_i reach_i) ...)` is.
 */
interface CaseDefinitions {
  readonly definitions: readonly BoolTerm[];
  readonly constant: ReadonlyMap<readonly BoolTerm[], BoolTerm>;
}

function caseDefinitions(z3: Z3, proofHash: string, comparisons: readonly ComparisonEvaluation[]): CaseDefinitions {
  const constant = new Map<readonly BoolTerm[], BoolTerm>();
  const definitions: BoolTerm[] = [];
  for (const { assumptions } of comparisons) {
    if (constant.has(assumptions)) continue;
    const c = z3.Bool.const(`boundary case ${constant.size} of ${proofHash.slice(0, 16)}`);
    constant.set(assumptions, c);
    definitions.push(c.eq(z3.And(...assumptions)));
  }
  return { definitions, constant };
}

/**
 * The goal "some evaluation of the comparison reaches this difference", one per case of the
 * proof: the goal is reached when it is satisfiable under one case's assumptions.
 */
function goalsByCase(z3: Z3, evaluations: readonly ComparisonEvaluation[], difference: Difference): { readonly assumptions: readonly BoolTerm[]; readonly reach: BoolTerm }[] {
  const at = (d: IntTerm): BoolTerm => (difference === '≠' ? d.neq(0) : d.eq(difference));
  const byCase = new Map<readonly BoolTerm[], BoolTerm[]>();
  for (const e of evaluations) {
    const list = byCase.get(e.assumptions) ?? [];
    list.push(z3.And(e.pathCondition, at(e.difference)));
    byCase.set(e.assumptions, list);
  }
  return [...byCase].map(([assumptions, reach]) => ({ assumptions, reach: reach.length === 1 ? (reach[0] as BoolTerm) : z3.Or(...reach) }));
}

/** How boundary goals are solved (part of their cache key): after their case's assumptions or case definitions, in the pool's shared contexts. */
const BOUNDARY_MODE = `after the case or case definitions and the group's shared subterms; incremental/${QUERIES_PER_CONTEXT}, undetermined goals again alone only at the full budget; first budget ${FIRST_RLIMIT}; constant differences off the goal left out`;

/**
 * Boundary answers are cached by group: the goals of one round solved after one case (or one
 * proof's case definitions), in order, keyed by the proof's query hash (which fixes its
 * translation, so every goal's text), the case, each goal's comparison, side and budget, the
 * solver and the mode. A goal's answer can depend on the goals before it in its z3 context, so
 * a group is answered from the cache whole or solved whole: a run with a warm cache replays the
 * cold run's answers, undetermined ones included (a budget spent is deterministic).
 */
function groupCacheFile(dir: string, solver: string, proofHash: string, part: string, goals: readonly { readonly site: string; readonly side: string; readonly rlimit: number }[]): string {
  const h = createHash('sha256');
  h.update(`boundary group\n${TRANSLATOR_VERSION}\n${solver}\nsolver=${SOLVER_KIND}\nmode=${BOUNDARY_MODE}\nparams=${JSON.stringify(SOLVER_PARAMS)}\n${proofHash}\n${part}\n`);
  for (const g of goals) h.update(`${g.site} ${g.side} ${g.rlimit}\n`);
  return path.join(dir, `boundary-${h.digest('hex')}.json`);
}

/** Whether an answer is the same in every run: decided, or undetermined because the budget was spent (not by the backstop or a worker failure). */
function isDeterministic(a: QueryResult, rlimit: number): boolean {
  return a.result !== 'unknown' || a.rlimit >= rlimit;
}

export interface BoundaryOptions {
  readonly z3: Z3;
  readonly solver: string;
  readonly root: string;
  readonly project: Project;
  readonly pool: () => SolverPool;
  readonly cacheDir: string | undefined;
  readonly rlimit: number;
  readonly timeoutMs: number;
}

/** The boundary covers of every comparison in the functions the PROVED proofs translate. */
export async function boundaryCovers(proved: readonly { readonly result: ProofResult; readonly built: Built }[], o: BoundaryOptions): Promise<BoundaryResult[]> {
  const stats = { queries: 0, cached: 0, ms: 0, rlimit: 0, started: performance.now(), cpu0: process.cpuUsage() };
  const notes = await loadNotes(o.root);
  const functions = new Set(proved.flatMap((p) => p.built.functionsUsed));
  const evaluated = new Set(proved.flatMap((p) => p.built.comparisons.map((c) => c.site)));
  const sites = new Map<string, { readonly fn: string; readonly op: string; readonly text: string }>();
  for (const f of [...functions].filter((x) => / \(kernel\//.test(x)).sort()) {
    const found = comparisonsIn(o.project, o.root, f, evaluated);
    if (found === undefined || !found.sites.length) continue;
    for (const s of found.sites) if (!sites.has(s.loc)) sites.set(s.loc, { fn: found.name, op: s.op, text: s.text });
  }
  const definitions = new Map<Built, CaseDefinitions>();
  const casesOf = (p: (typeof proved)[number]): CaseDefinitions => {
    const known = definitions.get(p.built) ?? caseDefinitions(o.z3, p.result.queryHash, p.built.comparisons);
    definitions.set(p.built, known);
    return known;
  };
  // Each site's evaluations by proof, in report order (one pass over every proof's comparisons,
  // not one per site: 2.7 s of main-thread time with the workers idle, for 660 sites).
  const bySite = new Map<string, Map<(typeof proved)[number], ComparisonEvaluation[]>>();
  for (const p of proved) {
    for (const c of p.built.comparisons) {
      const perProof = bySite.get(c.site) ?? new Map<(typeof proved)[number], ComparisonEvaluation[]>();
      bySite.set(c.site, perProof);
      const list = perProof.get(p) ?? [];
      perProof.set(p, list);
      list.push(c);
    }
  }
  const goals: Goal[] = [];
  for (const [loc, site] of sites) {
    const all = [...(bySite.get(loc) ?? new Map<(typeof proved)[number], ComparisonEvaluation[]>())].map(
      ([p, evaluations]): Candidate => ({ proof: p.result.name, hash: p.result.queryHash, targets: p.result.fn === site.fn, evaluations, cases: casesOf(p) }),
    );
    // Each evaluation's difference as a constant, when it is one (read from z3 once, for both sides).
    const constants = new Map(all.flatMap((c) => c.evaluations).map((e) => [e, o.z3.isIntVal(e.difference) ? BigInt(e.difference.value()) : undefined] as const));
    const constantOf = (e: ComparisonEvaluation): bigint | undefined => constants.get(e);
    const d = goalDifferences(site.op);
    for (const side of ['trueSide', 'falseSide'] as const) {
      const goalDifference = d[side];
      const atDifference = (v: bigint): boolean => (goalDifference === '≠' ? v !== 0n : v === BigInt(goalDifference));
      // An evaluation whose difference is a constant other than the goal's cannot reach it: left
      // out of the goal (no query asks it), and a proof with no other evaluation is no candidate.
      const reaching = all
        .map((c): Candidate => ({ ...c, evaluations: c.evaluations.filter((e) => { const v = constantOf(e); return v === undefined || atDifference(v); }) }))
        .filter((c) => c.evaluations.length > 0);
      // Candidates with a constant difference at the goal first (only their path is left to
      // satisfy), then those targeting the function, each group in report order: a proof written
      // for a boundary is asked before the many that merely pass the comparison.
      const rank = (c: Candidate): number => 2 * Number(c.evaluations.some((e) => constantOf(e) !== undefined)) + Number(c.targets);
      const ranked = reaching.sort((a, b) => rank(b) - rank(a));
      // Reached without a query: an evaluation on an always-taken path with a constant difference at the goal.
      const atGoal = (e: ComparisonEvaluation): boolean => o.z3.isTrue(e.pathCondition) && constantOf(e) !== undefined;
      const direct = ranked.find((c) => c.evaluations.some(atGoal));
      const goal: Goal = { site: loc, side, difference: goalDifference, evaluatedBy: all.length, candidates: ranked.slice(0, FIRST_PASS_CANDIDATES), next: 0, unreachable: new Set() };
      if (direct !== undefined) goal.pinnedBy = direct.proof;
      goals.push(goal);
    }
  }
  // Rounds: each unpinned goal asks its next candidate proof; answers are cached.
  const attempt = (g: Goal): { readonly index: number; readonly rlimit: number } | undefined => {
    const first = g.candidates.length;
    for (; g.next < first + Math.min(first, FULL_BUDGET_CANDIDATES); g.next++) {
      const index = g.next < first ? g.next : g.next - first;
      if (!g.unreachable.has(index)) return { index, rlimit: g.next < first ? Math.min(FIRST_RLIMIT, o.rlimit) : o.rlimit };
    }
    return undefined;
  };
  const printer = casePrinter(o.z3);
  try {
    for (;;) {
      const asks = goals.flatMap((g) => {
        const at = g.pinnedBy === undefined ? attempt(g) : undefined;
        if (at === undefined) return [];
        g.next += 1;
        return [{ goal: g, index: at.index, candidate: g.candidates[at.index] as Candidate, rlimit: at.rlimit, answer: undefined as QueryResult['result'] | undefined }];
      });
      if (asks.length === 0) break;
      const roundStarted = performance.now();
      // Each goal after its case's assumptions (or its proof's case definitions, when it is
      // evaluated in several cases), printed once and read once per solver context
      // (harness/pool.ts, QUERIES_PER_CONTEXT): the goals of one case or proof go together, the
      // subterms they share (their paths to the site) defined once in that text (casePrinter
      // group: 33.5 MB of goal texts in a cold run's covers became 1.3 MB, their assumptions'
      // texts 11.2 MB -> 20.5 MB). A goal undetermined at the full budget in its shared context
      // is solved again alone: what the goals before it left in the context can hide a model z3
      // finds alone at once (BIP112's disable bit in OP_CHECKSEQUENCEVERIFY: unknown at 500 K in
      // the context, sat at 23 K alone, 2026-12-07). At the first budget it asks its next candidate.
      const groups = new Map<readonly BoolTerm[], { readonly hash: string; readonly part: string; readonly members: { readonly ask: (typeof asks)[number]; readonly reach: BoolTerm }[] }>();
      for (const ask of asks) {
        const parts = goalsByCase(o.z3, ask.candidate.evaluations, ask.goal.difference);
        const one = parts.length === 1 ? (parts[0] as (typeof parts)[number]) : undefined;
        const { definitions: defs, constant } = ask.candidate.cases;
        const key = one?.assumptions ?? defs;
        const reach = one?.reach ?? o.z3.Or(...parts.map((c) => o.z3.And(constant.get(c.assumptions) as BoolTerm, c.reach)));
        const part = one === undefined ? 'case definitions' : `case ${[...constant.keys()].indexOf(one.assumptions)}`;
        const group = groups.get(key) ?? { hash: ask.candidate.hash, part, members: [] };
        group.members.push({ ask, reach });
        groups.set(key, group);
      }
      const solving: Promise<void>[] = [];
      const solvedBefore = stats.queries;
      for (const [assumptions, group] of groups) {
        // A context holds goals of one budget (harness/pool.ts).
        const list = [...group.members].sort((x, y) => x.ask.rlimit - y.ask.rlimit);
        const file = o.cacheDir === undefined ? undefined : groupCacheFile(o.cacheDir, o.solver, group.hash, group.part, list.map(({ ask }) => ({ site: ask.goal.site, side: ask.goal.side, rlimit: ask.rlimit })));
        const cached = file === undefined ? undefined : readJson<{ results?: QueryResult['result'][] }>(file)?.results;
        if (cached !== undefined && cached.length === list.length) {
          list.forEach(({ ask }, i) => {
            ask.answer = cached[i];
          });
          stats.cached += list.length;
          continue;
        }
        stats.queries += list.length;
        const printed = printer.group(assumptions, list.map(({ reach }) => reach));
        solving.push(
          o
            .pool()
            .solveSpread(list.map(({ ask }, i): Query => ({ ...(printed[i] as (typeof printed)[number]), ...(ask.rlimit < o.rlimit ? { retryAlone: false } : {}), rlimit: ask.rlimit, timeoutMs: o.timeoutMs })))
            .then((results) => {
              // A text read as other terms than those printed is a printer bug: the run stops (harness/runner/smt-print.ts).
              const misread = results.find((a) => a.misread === true);
              if (misread !== undefined) throw new Error(`boundary covers: printer: ${misread.reason ?? 'misread'}`);
              results.forEach((a, i) => {
                const { ask } = list[i] as (typeof list)[number];
                ask.answer = a.result;
                stats.ms += a.ms;
                stats.rlimit += a.rlimit;
                if (process.env.BLLVM_BOUNDARY_DEBUG === '1') process.stderr.write(`boundary ${ask.goal.site} ${ask.goal.side} by '${ask.candidate.proof}' (${ask.rlimit}): ${a.result} ${a.ms} ms rlimit ${a.rlimit}\n`);
              });
              if (file !== undefined && results.length === list.length && results.every((a, i) => isDeterministic(a, (list[i] as (typeof list)[number]).ask.rlimit))) {
                writeJsonAtomic(file, { results: results.map((a) => a.result) });
              }
            }),
        );
        // The workers take what is printed while the next part is printed.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await Promise.all(solving);
      if (process.env.BLLVM_BOUNDARY_DEBUG === '1') process.stderr.write(`boundary round: ${asks.length} goals, ${stats.queries - solvedBefore} solved, ${Math.round(performance.now() - roundStarted)} ms\n`);
      for (const q of asks) {
        if (q.answer === 'sat') q.goal.pinnedBy = q.candidate.proof;
        if (q.answer === 'unsat') q.goal.unreachable.add(q.index);
      }
    }
  } finally {
    printer.close();
  }
  const out: BoundaryResult[] = [];
  for (const [loc, site] of sites) {
    const mine = goals.filter((g) => g.site === loc);
    const trueSide = mine.find((g) => g.side === 'trueSide')?.pinnedBy;
    const falseSide = mine.find((g) => g.side === 'falseSide')?.pinnedBy;
    const evaluated = (mine[0]?.evaluatedBy ?? 0) > 0;
    const unpinned = !evaluated
      ? 'no PROVED proof evaluates it'
      : trueSide === undefined && falseSide === undefined
        ? 'no proof reaches either side of its boundary'
        : trueSide === undefined
          ? 'no proof reaches it just true at the boundary'
          : falseSide === undefined
            ? 'no proof reaches it just false at the boundary'
            : undefined;
    const explained = unpinned === undefined ? undefined : notes[`${site.fn}: ${site.text}`];
    out.push({
      function: site.fn,
      loc,
      text: site.text,
      ...(trueSide !== undefined ? { trueSide } : {}),
      ...(falseSide !== undefined ? { falseSide } : {}),
      ...(unpinned !== undefined ? { unpinned } : {}),
      ...(explained !== undefined ? { explained } : {}),
    });
  }
  if (process.env.BLLVM_BOUNDARY_DEBUG === '1') process.stderr.write(`boundary covers: ${sites.size} comparisons, ${goals.length} goals, ${stats.queries} queries solved (${stats.cached} cached), ${stats.ms} ms solving, rlimit ${stats.rlimit}; ${Math.round(performance.now() - stats.started)} ms in all; cpu ${((process.cpuUsage(stats.cpu0).user + process.cpuUsage(stats.cpu0).system) / 1e6).toFixed(2)} s\n`);
  return out.sort((a, b) => a.loc.localeCompare(b.loc, undefined, { numeric: true }));
}

