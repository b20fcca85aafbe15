/**
 * The solver pool's wall-clock backstop (harness/pool.ts; CI.md, "Budgets"): a query unanswered
 * within its `timeoutMs` is UNKNOWN and its worker replaced, and the rest of its batch is still
 * solved, in the new worker. z3 has no timeout of its own (harness/z3-worker.mjs), so the pool's
 * backstop is the only one. The hard query is x³ + y³ = z³ over positive integers (no solution,
 * Fermat n = 3; z3's nonlinear arithmetic does not settle it), given an rlimit it cannot spend in
 * 300 ms. Batches queue in a worker behind the one it solves (PIPELINE_DEPTH): one queued behind a
 * hung query is solved whole in the fresh worker, not counted as failed with it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SolverPool, type Query } from '../../harness/pool.js';

const pool = new SolverPool(1);
afterAll(() => pool.close());

const FERMAT_3 = '(declare-fun x () Int)(declare-fun y () Int)(declare-fun z () Int)\n(assert (and (> x 0) (> y 0) (> z 0) (= (+ (* x x x) (* y y y)) (* z z z))))\n(check-sat)\n';
const EMPTY_INTERVAL = '(declare-fun x () Int)\n(assert (and (> x 3) (< x 2)))\n(check-sat)\n';
const SATISFIABLE = '(declare-fun x () Int)\n(assert (= x 7))\n(check-sat)\n';

describe('the pool keeps the wall-clock backstop', { timeout: 120_000 }, () => {
  it('cuts a hung query at its backstop and answers the rest of the batch in a fresh worker', async () => {
    const queries: Query[] = [
      { smt: EMPTY_INTERVAL, rlimit: 1_000_000, timeoutMs: 60_000 },
      { smt: FERMAT_3, rlimit: 4_000_000_000, timeoutMs: 300 },
      { smt: EMPTY_INTERVAL, rlimit: 1_000_000, timeoutMs: 60_000 },
      { smt: SATISFIABLE, rlimit: 1_000_000, timeoutMs: 60_000, model: true },
      { smt: SATISFIABLE, rlimit: 1_000_000, timeoutMs: 60_000 },
    ];
    const answers = await pool.solve(queries);
    expect(answers.map((a) => a.result)).toEqual(['unsat', 'unknown', 'unsat', 'sat', 'sat']);
    // A model only when the query asks for one (a check's counterexample).
    expect(answers[4]?.model).toBeUndefined();
    expect(answers[1]?.reason).toBe('wall-clock backstop: no answer in 300 ms (the worker was stopped)');
    expect(answers[3]?.model).toEqual({ x: '7' });
  });

  it('solves a batch queued behind a hung one whole in the fresh worker', async () => {
    const hung = pool.solve([{ smt: FERMAT_3, rlimit: 4_000_000_000, timeoutMs: 300 }]);
    const queued = pool.solve([
      { smt: SATISFIABLE, rlimit: 1_000_000, timeoutMs: 60_000, model: true },
      { smt: EMPTY_INTERVAL, rlimit: 1_000_000, timeoutMs: 60_000 },
    ]);
    const [a, b] = await Promise.all([hung, queued]);
    expect(a.map((x) => x.result)).toEqual(['unknown']);
    expect(a[0]?.reason).toBe('wall-clock backstop: no answer in 300 ms (the worker was stopped)');
    expect(b.map((x) => x.result)).toEqual(['sat', 'unsat']);
    expect(b[0]?.model).toEqual({ x: '7' });
  });
});
