/**
 * The verdict over case queries (harness/runner/solve.ts, harness/runner/verdict.ts), given the
 * answers a solver could return: a case query unsat proves its checks; one undecided leaves them to
 * their own queries; one sat while every check is unsat alone is a contradiction between two
 * answers of the solver, and an ERROR, never PROVED. The proof is translated for real
 * (harness/runner/build.ts); only the answers are given.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownZ3 } from '../../harness/runner.js';
import type { Answers } from '../../harness/runner/solve.js';
import type { QueryResult } from '../../harness/pool.js';
import { type TranslatedLe24, judgeLe24, le24ProofText, translateLe24 } from '../support/le24-proof.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/case-queries');

const unsat: QueryResult = { result: 'unsat', ms: 1, rlimit: 10 };
const sat: QueryResult = { result: 'sat', ms: 1, rlimit: 10, model: {} };
const unknown: QueryResult = { result: 'unknown', ms: 1, rlimit: 1_000_000, reason: 'canceled' };
const BUDGET = { rlimit: 20_000_000, timeoutMs: 600_000 };

let proof: TranslatedLe24;

beforeAll(async () => {
  proof = await translateLe24(SCRATCH, le24ProofText('le24', 'splitEnsures: true,'));
});

afterAll(async () => {
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

function judge(answers: Answers) {
  return judgeLe24(proof, answers, BUDGET);
}

describe('the verdict over case queries', () => {
  it('the proof has one case of three checks, with a case query', () => {
    expect(proof.built.cases.map((c) => [c.first, c.count, c.query !== undefined])).toEqual([[0, 3, true]]);
    expect(proof.built.queries.map((q) => q.kind)).toEqual(['vacuity', 'case']);
    expect(proof.built.cases[0]?.alone().map((q) => q.kind)).toEqual(['prove', 'prove', 'prove']);
  });

  it('a case query unsat proves every check of its case', () => {
    const r = judge({ vacuity: sat, cases: [unsat], checks: [undefined, undefined, undefined], covers: [] });
    expect(r.status).toBe('PROVED');
    expect(r.checks.filter((c) => c.kind === 'ensures').map((c) => [c.status, c.byCase])).toEqual([
      ['SUCCESS', true],
      ['SUCCESS', true],
      ['SUCCESS', true],
    ]);
  });

  it('a case query undecided with every check unsat alone is PROVED; with one check undecided, UNKNOWN naming it', () => {
    expect(judge({ vacuity: sat, cases: [unknown], checks: [unsat, unsat, unsat], covers: [] }).status).toBe('PROVED');
    const r = judge({ vacuity: sat, cases: [unknown], checks: [unsat, unknown, unsat], covers: [] });
    expect(r.status).toBe('UNKNOWN');
    expect(r.error).toMatch(/on ensures: byte i of n \(conjunct 2 of 3\)/);
  });

  it('a case query sat while every check is unsat alone is an ERROR, not PROVED', () => {
    const r = judge({ vacuity: sat, cases: [sat], checks: [unsat, unsat, unsat], covers: [] });
    expect(r.status).toBe('ERROR');
    expect(r.error).toMatch(/case query '3 checks at once' is sat, but each of its checks is unsat alone/);
  });

  it('a case query undecided whose checks were not solved is never PROVED', () => {
    const r = judge({ vacuity: sat, cases: [unknown], checks: [undefined, undefined, undefined], covers: [] });
    expect(r.status).toBe('UNKNOWN');
  });
});
