/**
 * A proof's verdict from its queries' answers: PROVED (every check unsat, assumptions and covers
 * sat), REFUTED (a check sat: its model is the counterexample, replayed), VACUOUS, UNKNOWN (an
 * rlimit spent, named by the count), with every check's status and cost.
 */
import type { SourceFile } from 'ts-morph';
import type { ProofRecord } from '../dsl.js';
import { BACKSTOP_REASON, type QueryResult, backstopText } from '../pool.js';
import type { Built } from './build.js';
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

export function verdict(
  rec: ProofRecord,
  sf: SourceFile,
  requiresText: string | undefined,
  ensuresText: string,
  built: Built,
  answers: readonly QueryResult[],
  base: ProofBase,
  key: string,
  ms: number,
  budget: Budget,
): ProofResult {
  const spent = answers.reduce((s, a) => s + a.rlimit, 0);
  const common = { ...base, ms: Math.round(ms), rlimit: spent, cached: false, functionsUsed: built.functionsUsed, queryHash: key };
  const checks: CheckResult[] = [];
  const n = built.checks.length;
  const [vacuity, ...rest] = answers;
  const proves = rest.slice(0, n);
  const covers = rest.slice(n);
  if (vacuity === undefined || proves.length !== n) return { ...common, status: 'ERROR', checks, error: 'solver returned no answers' };
  checks.push({
    kind: 'assumptions',
    message: 'input ranges and requires are satisfiable',
    loc: base.file,
    status: vacuity.result === 'sat' ? 'SATISFIED' : vacuity.result === 'unsat' ? 'UNSATISFIABLE' : 'UNDETERMINED',
    rlimit: vacuity.rlimit,
    ms: vacuity.ms,
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
  const ensuresIndex = proves.findIndex((p, i) => p.result === 'sat' && built.checks[i]?.kind === 'ensures');
  const counterIndex = ensuresIndex >= 0 ? ensuresIndex : proves.findIndex((p) => p.result === 'sat');
  const counter = proves[counterIndex];
  if (counter === undefined && proves.every((p) => p.result === 'unsat')) {
    built.checks.forEach((c, i) => checks.push({ kind: c.kind, message: c.message, loc: c.loc, status: 'SUCCESS', rlimit: proves[i]?.rlimit ?? 0, ms: proves[i]?.ms ?? 0 }));
    checks.push(...coverChecks);
    if (vacuity.result === 'unsat' || coverChecks.some((c) => c.status === 'UNSATISFIABLE')) {
      return { ...common, status: 'VACUOUS', checks, error: vacuity.result === 'unsat' ? 'the assumptions are unsatisfiable' : 'a cover point is unreachable' };
    }
    if (vacuity.result !== 'sat' || coverChecks.some((c) => c.status === 'UNDETERMINED')) {
      return { ...common, status: 'UNKNOWN', checks, error: `vacuity/cover check undetermined: ${unknownReason(vacuity.result === 'unknown' ? vacuity : covers.find((c) => c.result === 'unknown'), budget)}` };
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
    // One line per distinct check: an unrolled loop repeats the same obligation per iteration.
    error: [...new Set(failed.map((c) => `${c.kind}: ${c.message} (${c.loc})`))].join('; '),
  };
}
