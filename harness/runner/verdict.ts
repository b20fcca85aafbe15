/**
 * A proof's verdict from its queries' answers: PROVED (every check unsat, by its case query or
 * its own, assumptions and covers sat), REFUTED (a check sat: its model is the counterexample, replayed), VACUOUS, UNKNOWN (an
 * rlimit spent, named by the count), with every check's status and cost.
 */
import type { SourceFile } from 'ts-morph';
import type { ProofRecord } from '../dsl.js';
import { BACKSTOP_REASON, type QueryResult, backstopText } from '../pool.js';
import type { Built } from './build.js';
import { type Answers, allAnswers, coverReached, decidedByCase } from './solve.js';
import { inputsFromModel, regressionTest, replay } from './counterexample.js';
import type { CheckResult, ProofResult } from './types.js';

export interface Budget {
  readonly rlimit: number;
  readonly timeoutMs: number;
}

/**
 * Why a query is undetermined: its rlimit spent (the budget), the wall-clock backstop (the pool's,
 * harness/pool.ts: it stopped the worker), or z3 gave up. Told apart by the count, not by z3's
 * text: z3 says 'canceled' for a spent rlimit.
 */
export function unknownReason(a: QueryResult | undefined, budget: Budget): string {
  const reason = a?.reason ?? 'unknown';
  if (a !== undefined && a.rlimit >= budget.rlimit) return `rlimit ${budget.rlimit} spent (z3: ${reason})`;
  if (/timeout|canceled|backstop/i.test(reason)) {
    const source = reason.startsWith(BACKSTOP_REASON) ? 'pool' : 'z3';
    return `wall-clock backstop of ${backstopText(budget.timeoutMs)} reached before the rlimit was spent (${source}: ${reason}): the machine stalled or the solver hung`;
  }
  return `solver: ${reason}`;
}

export type ProofBase = Omit<ProofResult, 'status' | 'ms' | 'rlimit' | 'cached' | 'checks' | 'functionsUsed' | 'queryHash'>;

const queryStatus = (r: QueryResult | undefined, sat: CheckResult['status'], unsat: CheckResult['status']): CheckResult['status'] =>
  r?.result === 'sat' ? sat : r?.result === 'unsat' ? unsat : 'UNDETERMINED';

/** A case query's line in the report: it proves its checks (SUCCESS), or they were solved one by one. */
function caseChecks(built: Built, answers: Answers, loc: string): CheckResult[] {
  return built.cases.flatMap((c, k) => {
    const a = answers.cases[k];
    if (c.query === undefined || a === undefined) return [];
    return [{ kind: 'case' as const, message: built.queries[c.query]?.name ?? '', loc, status: queryStatus(a, 'FAILURE', 'SUCCESS'), rlimit: a.rlimit, ms: a.ms }];
  });
}

/** Every check's status: SUCCESS by its case query or its own; else its own query's answer (UNDETERMINED if it was not solved). */
function checkResults(built: Built, answers: Answers): CheckResult[] {
  return built.checks.map((c, i) => {
    const own = answers.checks[i];
    if (own === undefined && decidedByCase(built, answers, i)) return { kind: c.kind, message: c.message, loc: c.loc, status: 'SUCCESS', byCase: true };
    return { kind: c.kind, message: c.message, loc: c.loc, status: queryStatus(own, 'FAILURE', 'SUCCESS'), rlimit: own?.rlimit ?? 0, ms: own?.ms ?? 0 };
  });
}

/** The checks that failed, one line per distinct check: an unrolled loop repeats the same obligation per iteration. */
export function failedChecksText(failed: readonly Built['checks'][number][]): string {
  return [...new Set(failed.map((c) => `${c.kind}: ${c.message} (${c.loc})`))].join('; ');
}

export function verdict(
  rec: ProofRecord,
  sf: SourceFile,
  requiresText: string | undefined,
  ensuresText: string,
  built: Built,
  answers: Answers,
  base: ProofBase,
  key: string,
  ms: number,
  budget: Budget,
): ProofResult {
  const spent = allAnswers(answers).reduce((s, a) => s + (a?.rlimit ?? 0), 0);
  const common = { ...base, ms: Math.round(ms), rlimit: spent, cached: false, functionsUsed: built.functionsUsed, queryHash: key };
  // A text the worker read as other terms than those printed answers nothing (harness/runner/smt-print.ts).
  const misread = allAnswers(answers).find((a) => a?.misread === true);
  if (misread !== undefined) return { ...common, status: 'ERROR', checks: [], error: `printer: ${misread.reason ?? 'misread'}` };
  const { vacuity } = answers;
  const covers = built.queries.filter((q) => q.kind === 'cover');
  // A cover reached shows the assumptions satisfiable: the vacuity query is then not solved.
  const reached = coverReached(answers);
  if ((vacuity === undefined && reached < 0) || answers.covers.some((c) => c === undefined)) return { ...common, status: 'ERROR', checks: [], error: 'solver returned no answers' };
  const assumptions: CheckResult =
    vacuity === undefined
      ? { kind: 'assumptions', message: `input ranges and requires are satisfiable (cover '${covers[reached]?.name ?? ''}' is reached in them)`, loc: base.file, status: 'SATISFIED', rlimit: 0, ms: 0 }
      : { kind: 'assumptions', message: 'input ranges and requires are satisfiable', loc: base.file, status: queryStatus(vacuity, 'SATISFIED', 'UNSATISFIABLE'), rlimit: vacuity.rlimit, ms: vacuity.ms };
  const checks: CheckResult[] = [assumptions, ...caseChecks(built, answers, base.file)];
  const coverChecks = answers.covers.map((c, i) => ({
    kind: 'cover' as const,
    message: covers[i]?.name ?? '',
    loc: base.file,
    status: queryStatus(c, 'SATISFIED', 'UNSATISFIABLE'),
    rlimit: c?.rlimit ?? 0,
    ms: c?.ms ?? 0,
  }));
  const results = checkResults(built, answers);
  checks.push(...results, ...coverChecks);
  const proves = answers.checks;
  // Prefer a model that breaks the property itself (it replays on the real function), then any failed check.
  const ensuresIndex = proves.findIndex((p, i) => p?.result === 'sat' && built.checks[i]?.kind === 'ensures');
  const counterIndex = ensuresIndex >= 0 ? ensuresIndex : proves.findIndex((p) => p?.result === 'sat');
  const counter = proves[counterIndex];
  if (counter === undefined && results.every((c) => c.status === 'SUCCESS')) {
    if (vacuity?.result === 'unsat' || coverChecks.some((c) => c.status === 'UNSATISFIABLE')) {
      return { ...common, status: 'VACUOUS', checks, error: vacuity?.result === 'unsat' ? 'the assumptions are unsatisfiable' : 'a cover point is unreachable' };
    }
    if ((vacuity !== undefined && vacuity.result !== 'sat') || coverChecks.some((c) => c.status === 'UNDETERMINED')) {
      return { ...common, status: 'UNKNOWN', checks, error: `vacuity/cover check undetermined: ${unknownReason(vacuity?.result === 'unknown' ? vacuity : answers.covers.find((c) => c?.result === 'unknown'), budget)}` };
    }
    // A sat case query whose every check is unsat alone: the two answers contradict each other.
    const contradicted = built.cases.findIndex((c, k) => c.query !== undefined && answers.cases[k]?.result === 'sat');
    if (contradicted >= 0) return { ...common, status: 'ERROR', checks, error: `solver: the case query '${built.queries[built.cases[contradicted]?.query ?? 0]?.name}' is sat, but each of its checks is unsat alone` };
    return { ...common, status: 'PROVED', checks };
  }
  if (counter === undefined) {
    const i = results.findIndex((c) => c.status !== 'SUCCESS');
    const check = built.checks[i];
    const where = check === undefined ? '' : ` on ${check.kind}: ${check.message} (${check.loc})`;
    return { ...common, status: 'UNKNOWN', checks, error: `${unknownReason(proves[i], budget)}${where}` };
  }
  // sat: the counterexample is that model. It names only the inputs its case left symbolic: the
  // case's domains fill in the rest.
  const failed = built.checks.filter((_, i) => proves[i]?.result === 'sat');
  const domains = built.checks[counterIndex]?.domains ?? rec.options.inputs;
  const strings = built.checks[counterIndex]?.strings ?? new Map<number, string>();
  const { values, shown } = inputsFromModel(domains, counter.model ?? {}, strings);
  // The test prints its own copy of the inputs: a replay may change arrays it is given.
  const test = regressionTest(sf, rec, ensuresText, requiresText, inputsFromModel(domains, counter.model ?? {}, strings).values);
  return {
    ...common,
    status: 'REFUTED',
    checks,
    counterexample: { inputs: shown, ...replay(rec, values, failed, built), regressionTest: test },
    error: failedChecksText(failed),
  };
}
