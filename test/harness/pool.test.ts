/**
 * The solver pool's wall-clock backstop (harness/pool.ts; CI.md, "Budgets"): a query unanswered
 * within its `timeoutMs` is UNKNOWN and its worker replaced, and the rest of its batch is still
 * solved, in the new worker. z3 has no timeout of its own (harness/z3-worker.mjs), so the pool's
 * backstop is the only one. The hard query is x³ + y³ = z³ over positive integers (no solution,
 * Fermat n = 3; z3's nonlinear arithmetic does not settle it), given an rlimit it cannot spend in
 * 300 ms. Batches queue in a worker behind the one it solves (PIPELINE_DEPTH): one queued behind a
 * hung query is solved whole in the fresh worker, not counted as failed with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SolverPool, type Query } from '../../harness/pool.js';
import { getZ3, shutdownZ3 } from '../../harness/runner.js';
import { type PrintedQuery, queryText } from '../../harness/runner/smt-print.js';

const pool = new SolverPool(1);
afterAll(async () => {
  await pool.close();
  await shutdownZ3();
});

// The queries as the printer writes them (the worker checks each text against its terms' digests).
let FERMAT_3: PrintedQuery;
let EMPTY_INTERVAL: PrintedQuery;
let SATISFIABLE: PrintedQuery;
beforeAll(async () => {
  const { z3 } = await getZ3();
  const [x, y, z] = [z3.Int.const('x'), z3.Int.const('y'), z3.Int.const('z')];
  FERMAT_3 = queryText(z3, [x.gt(0), y.gt(0), z.gt(0), x.mul(x).mul(x).add(y.mul(y).mul(y)).eq(z.mul(z).mul(z))]);
  EMPTY_INTERVAL = queryText(z3, [x.gt(3), x.lt(2)]);
  SATISFIABLE = queryText(z3, [x.eq(7)]);
});

describe('the pool keeps the wall-clock backstop', { timeout: 120_000 }, () => {
  it('cuts a hung query at its backstop and answers the rest of the batch in a fresh worker', async () => {
    const queries: Query[] = [
      { ...EMPTY_INTERVAL, rlimit: 1_000_000, timeoutMs: 60_000 },
      { ...FERMAT_3, rlimit: 4_000_000_000, timeoutMs: 300 },
      { ...EMPTY_INTERVAL, rlimit: 1_000_000, timeoutMs: 60_000 },
      { ...SATISFIABLE, rlimit: 1_000_000, timeoutMs: 60_000, model: true },
      { ...SATISFIABLE, rlimit: 1_000_000, timeoutMs: 60_000 },
    ];
    const answers = await pool.solve(queries);
    expect(answers.map((a) => a.result)).toEqual(['unsat', 'unknown', 'unsat', 'sat', 'sat']);
    // A model only when the query asks for one (a check's counterexample).
    expect(answers[4]?.model).toBeUndefined();
    expect(answers[1]?.reason).toBe('wall-clock backstop: no answer in 300 ms (the worker was stopped)');
    expect(answers[3]?.model).toEqual({ x: '7' });
  });

  it('solves a batch queued behind a hung one whole in the fresh worker', async () => {
    const hung = pool.solve([{ ...FERMAT_3, rlimit: 4_000_000_000, timeoutMs: 300 }]);
    const queued = pool.solve([
      { ...SATISFIABLE, rlimit: 1_000_000, timeoutMs: 60_000, model: true },
      { ...EMPTY_INTERVAL, rlimit: 1_000_000, timeoutMs: 60_000 },
    ]);
    const [a, b] = await Promise.all([hung, queued]);
    expect(a.map((x) => x.result)).toEqual(['unknown']);
    expect(a[0]?.reason).toBe('wall-clock backstop: no answer in 300 ms (the worker was stopped)');
    expect(b.map((x) => x.result)).toEqual(['sat', 'unsat']);
    expect(b[0]?.model).toEqual({ x: '7' });
  });
});
