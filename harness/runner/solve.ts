/**
 * Solving a translated proof (harness/runner/build.ts) on the worker pool: the case queries and
 * the covers first, with the vacuity query unless the proof has a cover (a cover reached shows the
 * assumptions satisfiable: A ∧ c sat implies A sat); then, for each case its case query leaves
 * undecided (sat, or not decided within CASE_RLIMIT), each of its checks as its own query, and
 * the vacuity query when no cover was reached. The prover and the mutation score both solve
 * through here (CI.md, "How queries are solved").
 *
 * The verdict is a function of the query texts and budgets alone: a check holds when its case
 * query is unsat within CASE_RLIMIT or its own query is unsat within the proof's rlimit, and a
 * check fails only on its own query's model (the counterexample replayed on the real function).
 */
import type { QueryResult, SolverPool } from '../pool.js';
import { type Built, type BuiltQuery, poolQuery } from './build.js';
import type { Budget } from './verdict.js';

/**
 * The budget of a case query (z3 resource units): a case query not unsat within it costs at most
 * this before its checks are solved one by one. Measured over the suite (CI.md, "How queries are
 * solved"): 1,675 of 1,696 case queries unsat within 1 M, the largest of them 0.9 M; the 21 others
 * (DER integers, numeric opcodes, byte layouts) gave up in 0.3-5.4 s, where one of them
 * (OP_ADD/OP_SUB through the opcode loop) takes 425 s to decide.
 */
export const CASE_RLIMIT = 1_000_000;

/** The answers of a proof's queries; undefined where a query was not solved. */
export interface Answers {
  /** The vacuity query's answer; undefined when a cover reached showed the assumptions satisfiable (coverReached), or it was not solved. */
  readonly vacuity: QueryResult | undefined;
  /** By case (Built.cases): its case query's answer (undefined for a case without one). */
  readonly cases: readonly (QueryResult | undefined)[];
  /** By check: its own query's answer; undefined when its case query decided it, or it was not solved. */
  readonly checks: readonly (QueryResult | undefined)[];
  readonly covers: readonly (QueryResult | undefined)[];
}

/** Every answer of a proof, in no particular order (its rlimit and time add up over them). */
export function allAnswers(answers: Answers): (QueryResult | undefined)[] {
  return [answers.vacuity, ...answers.cases, ...answers.checks, ...answers.covers];
}

/** Whether check `i`'s case query proved it (unsat). */
export function decidedByCase(built: Built, answers: Answers, i: number): boolean {
  const k = built.cases.findIndex((c) => i >= c.first && i < c.first + c.count);
  return built.cases[k]?.query !== undefined && answers.cases[k]?.result === 'unsat';
}

/** A case query's budget: the proof's, down to CASE_RLIMIT. */
function caseBudget(budget: Budget): Budget {
  return { rlimit: Math.min(CASE_RLIMIT, budget.rlimit), timeoutMs: budget.timeoutMs };
}

interface Planned {
  readonly query: BuiltQuery;
  readonly budget: Budget;
  /** Where its answer goes. */
  readonly to: { readonly part: 'vacuity' | 'case' | 'check' | 'cover'; readonly index: number };
}

/**
 * The index of a cover query answered sat, or -1: a sat cover query asserts the assumptions and
 * the cover point, so it shows the assumptions satisfiable without the vacuity query.
 */
export function coverReached(answers: Pick<Answers, 'covers'>): number {
  return answers.covers.findIndex((c) => c?.result === 'sat');
}

/** The vacuity query, planned. */
function vacuityQuery(built: Built, budget: Budget): Planned[] {
  const query = built.queries.find((q) => q.kind === 'vacuity');
  return query === undefined ? [] : [{ query, budget, to: { part: 'vacuity', index: 0 } }];
}

/** The vacuity query when it is not answered and no cover answered so far was reached. */
function vacuityStillNeeded(built: Built, got: Collected, budget: Budget): Planned[] {
  return got.vacuity === undefined && coverReached(got) < 0 ? vacuityQuery(built, budget) : [];
}

/**
 * The first round: the case and cover queries, the own queries of the checks of cases without a
 * case query, and the vacuity query when there is no cover to show the assumptions satisfiable.
 */
function firstRound(built: Built, budget: Budget): Planned[] {
  const out: Planned[] = [];
  let cover = 0;
  built.queries.forEach((query) => {
    if (query.kind === 'cover') out.push({ query, budget, to: { part: 'cover', index: cover++ } });
  });
  if (cover === 0) out.push(...vacuityQuery(built, budget));
  built.cases.forEach((c, k) => {
    if (c.query !== undefined) out.push({ query: built.queries[c.query] as BuiltQuery, budget: caseBudget(budget), to: { part: 'case', index: k } });
    else out.push(...checksAlone(built, k, budget));
  });
  return out;
}

/** Case `k`'s checks, each its own query with the proof's budget. */
function checksAlone(built: Built, k: number, budget: Budget): Planned[] {
  const c = built.cases[k];
  if (c === undefined) return [];
  return c.alone().map((query, j) => ({ query, budget, to: { part: 'check', index: c.first + j } }));
}

class Collected {
  vacuity: QueryResult | undefined;
  readonly cases: (QueryResult | undefined)[];
  readonly checks: (QueryResult | undefined)[];
  readonly covers: (QueryResult | undefined)[];

  constructor(built: Built) {
    this.cases = built.cases.map(() => undefined);
    this.checks = built.checks.map(() => undefined);
    this.covers = built.queries.filter((q) => q.kind === 'cover').map(() => undefined);
  }

  put(p: Planned, a: QueryResult | undefined): void {
    if (a === undefined) return;
    if (p.to.part === 'vacuity') this.vacuity = a;
    else if (p.to.part === 'case') this.cases[p.to.index] = a;
    else if (p.to.part === 'check') this.checks[p.to.index] = a;
    else this.covers[p.to.index] = a;
  }

  answers(): Answers {
    return { vacuity: this.vacuity, cases: this.cases, checks: this.checks, covers: this.covers };
  }
}

/** The cases whose case query was answered and did not prove their checks (their checks go one by one). */
function undecidedCases(built: Built, got: Collected, planned: readonly Planned[]): number[] {
  return planned.filter((p) => p.to.part === 'case' && got.cases[p.to.index] !== undefined && got.cases[p.to.index]?.result !== 'unsat').map((p) => p.to.index);
}

const toPool = (built: Built) => (p: Planned) => poolQuery(p.query, p.budget, built.solverParams);

/** Every query a verdict needs: the first round, then the checks of each case its case query left undecided. */
export async function solveProof(pool: SolverPool, built: Built, budget: Budget, onStart?: () => void): Promise<Answers> {
  const got = new Collected(built);
  const first = firstRound(built, budget);
  const answers = await pool.solveSpread(first.map(toPool(built)), onStart);
  first.forEach((p, i) => got.put(p, answers[i]));
  const second = [...vacuityStillNeeded(built, got, budget), ...undecidedCases(built, got, first).flatMap((k) => checksAlone(built, k, budget))];
  if (second.length > 0) {
    const more = await pool.solveSpread(second.map(toPool(built)));
    second.forEach((p, i) => got.put(p, more[i]));
  }
  return got.answers();
}

/**
 * The mutation score's solving (harness/mutate/run.ts): stops at the first failed check (the
 * mutant is killed; no other answer can change that). The case queries first, each undecided
 * case's checks ensures first, then the vacuity and cover queries only if no check failed.
 */
export async function solveUntilFailure(pool: SolverPool, built: Built, budget: Budget): Promise<Answers> {
  const got = new Collected(built);
  const failed = (p: Planned, a: QueryResult): boolean => a.result === 'sat' && p.to.part === 'check';
  const ensuresFirst = (list: readonly Planned[]): Planned[] => {
    const rank = (p: Planned): number => (p.to.part === 'check' && built.checks[p.to.index]?.kind === 'ensures' ? 0 : 1);
    return [...list].sort((a, b) => rank(a) - rank(b));
  };
  const plan = firstRound(built, budget);
  let round = ensuresFirst(plan.filter((p) => p.to.part === 'case' || p.to.part === 'check'));
  while (round.length > 0) {
    const answers = await pool.solveUntil(round.map(toPool(built)), (a, i) => failed(round[i] as Planned, a) || (round[i]?.to.part === 'case' && a.result !== 'unsat'));
    round.forEach((p, i) => got.put(p, answers[i]));
    if (round.some((p, i) => answers[i] !== undefined && failed(p, answers[i] as QueryResult))) return got.answers();
    const unanswered = round.filter((_, i) => answers[i] === undefined);
    round = ensuresFirst([...undecidedCases(built, got, round).flatMap((k) => checksAlone(built, k, budget)), ...unanswered]);
  }
  const rest = plan.filter((p) => p.to.part === 'vacuity' || p.to.part === 'cover');
  const answers = await pool.solveSpread(rest.map(toPool(built)));
  rest.forEach((p, i) => got.put(p, answers[i]));
  const vacuity = vacuityStillNeeded(built, got, budget);
  if (vacuity.length > 0) {
    const more = await pool.solveSpread(vacuity.map(toPool(built)));
    vacuity.forEach((p, i) => got.put(p, more[i]));
  }
  return got.answers();
}
