/**
 * A cover reached stands for the vacuity query (harness/runner/solve.ts, harness/runner/verdict.ts):
 * a sat cover query asserts the assumptions and the cover point, so the assumptions are
 * satisfiable, and the vacuity query is solved only when no cover is reached. Without the vacuity
 * answer and without a cover reached the verdict is never PROVED. The proofs are translated and
 * solved for real (one proof whose cover is reachable, one whose cover is not).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownZ3 } from '../../harness/runner.js';
import { type Answers, solveProof } from '../../harness/runner/solve.js';
import { type QueryResult, SolverPool } from '../../harness/pool.js';
import { type TranslatedLe24, judgeLe24, le24ProofText, translateLe24 } from '../support/le24-proof.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/vacuity-by-cover');
const BUDGET = { rlimit: 20_000_000, timeoutMs: 600_000 };
const unsat: QueryResult = { result: 'unsat', ms: 1, rlimit: 10 };
const sat: QueryResult = { result: 'sat', ms: 1, rlimit: 10 };

/** The le24 proof with one cover, translated in a scratch tree of its own. */
function translated(dir: string, cover: string): Promise<TranslatedLe24> {
  return translateLe24(path.join(SCRATCH, dir), le24ProofText('le24', `covers: { 'the cover': ${cover} },`));
}

function judge(t: TranslatedLe24, answers: Answers) {
  return judgeLe24(t, answers, BUDGET, ['the cover']);
}

let reachable: TranslatedLe24;
let unreachable: TranslatedLe24;
const pool = new SolverPool(1);

beforeAll(async () => {
  reachable = await translated('reachable', '({ n }) => n === 70000');
  unreachable = await translated('unreachable', '({ n }) => n < 0');
});

afterAll(async () => {
  await pool.close();
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe('a cover reached stands for the vacuity query', () => {
  it('solving a proof whose cover is reached leaves the vacuity query out; the proof is PROVED, its assumptions satisfiable by the cover', async () => {
    // One check (the ensures), its own query: the vacuity, the cover, and the check alone.
    expect(reachable.built.queries.map((q) => q.kind)).toEqual(['vacuity', 'cover']);
    expect(reachable.built.checks.map((c) => c.kind)).toEqual(['ensures']);
    const answers = await solveProof(pool, reachable.built, BUDGET);
    expect(answers.vacuity).toBeUndefined();
    expect(answers.covers.map((c) => c?.result)).toEqual(['sat']);
    const r = judge(reachable, answers);
    expect(r.status).toBe('PROVED');
    expect(r.checks[0]).toMatchObject({ kind: 'assumptions', status: 'SATISFIED', message: "input ranges and requires are satisfiable (cover 'the cover' is reached in them)" });
  });

  it('solving a proof whose cover is not reached solves the vacuity query too; the proof is VACUOUS', async () => {
    const answers = await solveProof(pool, unreachable.built, BUDGET);
    expect(answers.vacuity?.result).toBe('sat');
    expect(answers.covers.map((c) => c?.result)).toEqual(['unsat']);
    const r = judge(unreachable, answers);
    expect(r.status).toBe('VACUOUS');
    expect(r.error).toBe('a cover point is unreachable');
    expect(r.checks[0]).toMatchObject({ kind: 'assumptions', status: 'SATISFIED', message: 'input ranges and requires are satisfiable' });
  });

  it('without the vacuity answer and without a cover reached the verdict is never PROVED', () => {
    const r = judge(reachable, { vacuity: undefined, cases: [undefined], checks: [unsat], covers: [unsat] });
    expect(r.status).toBe('ERROR');
    expect(r.error).toBe('solver returned no answers');
    // The same answers with the vacuity query unsat: the assumptions are unsatisfiable.
    expect(judge(reachable, { vacuity: unsat, cases: [undefined], checks: [unsat], covers: [unsat] }).status).toBe('VACUOUS');
    expect(judge(reachable, { vacuity: undefined, cases: [undefined], checks: [unsat], covers: [sat] }).status).toBe('PROVED');
  });
});
