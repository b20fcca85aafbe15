/**
 * Generated boundary covers (issue 10 §2): for every integer comparison in a proved kernel
 * function, two cover goals at its boundary, one per outcome (for `a < b`: a = b - 1, where it
 * is just true, and a = b, where it is just false; for `a === b`: a = b and a = b ± 1). A goal is
 * pinned by the first PROVED proof (in report order) whose assumptions reach it on a path that
 * evaluates the comparison. A comparison whose goals no proof reaches, or that no proof
 * evaluates, is listed as unpinned: a mutation of its operator or bound could go unnoticed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Node, type Project, SyntaxKind } from 'ts-morph';
import { type QueryResult, SOLVER_KIND, SOLVER_PARAMS, type SolverPool } from '../pool.js';
import { type BoolTerm, type IntTerm, TRANSLATOR_VERSION, type Z3 } from '../translate.js';
import type { Built, ComparisonEvaluation } from './build.js';
import { queryText } from './smt-print.js';
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

/** Candidate proofs tried per goal (those targeting the function first), each with this budget. */
const MAX_CANDIDATES = 4;

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
  readonly candidates: readonly { readonly proof: string; readonly hash: string; readonly evaluations: readonly ComparisonEvaluation[] }[];
  next: number;
  pinnedBy?: string;
}

/** The query "some evaluation of the comparison reaches this difference under its case's assumptions". */
function goalFormula(z3: Z3, evaluations: readonly ComparisonEvaluation[], difference: Difference): BoolTerm {
  const at = (d: IntTerm): BoolTerm => (difference === '≠' ? d.neq(0) : d.eq(difference));
  const byCase = new Map<readonly BoolTerm[], BoolTerm[]>();
  for (const e of evaluations) {
    const list = byCase.get(e.assumptions) ?? [];
    list.push(z3.And(e.pathCondition, at(e.difference)));
    byCase.set(e.assumptions, list);
  }
  const cases = [...byCase].map(([assumptions, reach]) => z3.And(...assumptions, z3.Or(...reach)));
  return cases.length === 1 ? (cases[0] as BoolTerm) : z3.Or(...cases);
}


/**
 * Boundary answers are cached like proofs, keyed by the proof's query hash (which fixes its
 * translation, so the goal's query text), the comparison, the side, the solver and the budget:
 * a cached answer needs no query text.
 */
function cacheFile(dir: string, solver: string, rlimit: number, proofHash: string, site: string, side: string): string {
  const h = createHash('sha256');
  h.update(`boundary\n${TRANSLATOR_VERSION}\n${solver}\nsolver=${SOLVER_KIND}\nrlimit=${rlimit}\nparams=${JSON.stringify(SOLVER_PARAMS)}\n${proofHash}\n${site}\n${side}`);
  return path.join(dir, `boundary-${h.digest('hex')}.json`);
}

export interface BoundaryOptions {
  readonly z3: Z3;
  readonly solver: string;
  readonly root: string;
  readonly project: Project;
  readonly pool: () => SolverPool;
  readonly jobs: number;
  readonly cacheDir: string | undefined;
  readonly rlimit: number;
  readonly timeoutMs: number;
}

/** The boundary covers of every comparison in the functions the PROVED proofs translate. */
export async function boundaryCovers(proved: readonly { readonly result: ProofResult; readonly built: Built }[], o: BoundaryOptions): Promise<BoundaryResult[]> {
  const stats = { queries: 0, cached: 0, ms: 0, rlimit: 0, started: performance.now() };
  const notes = await loadNotes(o.root);
  const functions = new Set(proved.flatMap((p) => p.built.functionsUsed));
  const evaluated = new Set(proved.flatMap((p) => p.built.comparisons.map((c) => c.site)));
  const sites = new Map<string, { readonly fn: string; readonly op: string; readonly text: string }>();
  for (const f of [...functions].filter((x) => / \(kernel\//.test(x)).sort()) {
    const found = comparisonsIn(o.project, o.root, f, evaluated);
    if (found === undefined || !found.sites.length) continue;
    for (const s of found.sites) if (!sites.has(s.loc)) sites.set(s.loc, { fn: found.name, op: s.op, text: s.text });
  }
  const goals: Goal[] = [];
  for (const [loc, site] of sites) {
    const all = proved
      .map((p) => ({ proof: p.result.name, hash: p.result.queryHash, targets: p.result.fn === site.fn, evaluations: p.built.comparisons.filter((c) => c.site === loc) }))
      .filter((c) => c.evaluations.length > 0)
      .sort((a, b) => Number(b.targets) - Number(a.targets));
    const d = goalDifferences(site.op);
    for (const side of ['trueSide', 'falseSide'] as const) {
      // Reached without a query: an evaluation on an always-taken path with a constant difference at the goal.
      const atGoal = (e: ComparisonEvaluation): boolean => {
        if (!o.z3.isTrue(e.pathCondition) || !o.z3.isIntVal(e.difference)) return false;
        const v = BigInt(e.difference.value());
        return d[side] === '≠' ? v !== 0n : v === BigInt(d[side]);
      };
      const direct = all.find((c) => c.evaluations.some(atGoal));
      const goal: Goal = { site: loc, side, difference: d[side], candidates: all.slice(0, MAX_CANDIDATES), next: 0 };
      if (direct !== undefined) goal.pinnedBy = direct.proof;
      goals.push(goal);
    }
  }
  // Rounds: each unpinned goal asks its next candidate proof; answers are cached.
  for (;;) {
    const asking = goals.filter((g) => g.pinnedBy === undefined && g.next < g.candidates.length);
    if (asking.length === 0) break;
    const queries = asking.map((g) => {
      const c = g.candidates[g.next] as Goal['candidates'][number];
      g.next += 1;
      const file = o.cacheDir === undefined ? undefined : cacheFile(o.cacheDir, o.solver, o.rlimit, c.hash, g.site, g.side);
      const cached = file !== undefined ? readJson<{ result?: string }>(file)?.result : undefined;
      return { goal: g, proof: c.proof, evaluations: c.evaluations, file, cached };
    });
    const unsolved = queries.filter((q) => q.cached === undefined);
    const chunks: (typeof unsolved)[] = Array.from({ length: Math.max(1, Math.min(o.jobs, unsolved.length)) }, () => []);
    unsolved.forEach((q, i) => chunks[i % chunks.length]?.push(q));
    const answers = new Map<(typeof unsolved)[number], QueryResult>();
    stats.queries += unsolved.length;
    stats.cached += queries.length - unsolved.length;
    await Promise.all(
      chunks
        .filter((c) => c.length > 0)
        .map(async (chunk) => {
          const results = await o.pool().solve(
            chunk.map((q) => ({ smt: queryText(o.z3, [goalFormula(o.z3, q.evaluations, q.goal.difference)]), rlimit: o.rlimit, timeoutMs: o.timeoutMs })),
            o.timeoutMs + 60_000,
          );
          chunk.forEach((q, i) => {
            const a = results[i];
            if (a === undefined) return;
            answers.set(q, a);
            stats.ms += a.ms;
            stats.rlimit += a.rlimit;
            if (process.env.BLLVM_BOUNDARY_DEBUG === '1') process.stderr.write(`boundary ${q.goal.site} ${q.goal.side} by '${q.proof}': ${a.result} ${a.ms} ms rlimit ${a.rlimit}\n`);
          });
        }),
    );
    for (const q of queries) {
      const result = q.cached ?? answers.get(q)?.result;
      if (q.cached === undefined && q.file !== undefined && (result === 'sat' || result === 'unsat')) {
        writeJsonAtomic(q.file, { result });
      }
      if (result === 'sat') q.goal.pinnedBy = q.proof;
    }
  }
  const out: BoundaryResult[] = [];
  for (const [loc, site] of sites) {
    const mine = goals.filter((g) => g.site === loc);
    const trueSide = mine.find((g) => g.side === 'trueSide')?.pinnedBy;
    const falseSide = mine.find((g) => g.side === 'falseSide')?.pinnedBy;
    const evaluated = (mine[0]?.candidates.length ?? 0) > 0;
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
  if (process.env.BLLVM_BOUNDARY_DEBUG === '1') process.stderr.write(`boundary covers: ${sites.size} comparisons, ${goals.length} goals, ${stats.queries} queries solved (${stats.cached} cached), ${stats.ms} ms solving, rlimit ${stats.rlimit}; ${Math.round(performance.now() - stats.started)} ms in all\n`);
  return out.sort((a, b) => a.loc.localeCompare(b.loc, undefined, { numeric: true }));
}

