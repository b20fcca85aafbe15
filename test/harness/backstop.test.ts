/**
 * The rlimit decides verdicts; the wall-clock limit is only a backstop (issue 10 §5, CI.md
 * "Budgets"). One proof (the supply induction of proofs/subsidy.proof.ts, whose ensures query
 * needs about 440,000 rlimit, seconds of solving) run three ways: with the default budget it is
 * PROVED; with a tiny rlimit it is UNKNOWN saying the rlimit was spent; with an artificially tiny
 * wall-clock backstop (1 ms) it is UNKNOWN saying the backstop was reached before the rlimit was
 * spent. The last verdict does not depend on machine load either: a loaded machine only makes
 * the query slower, so it is cut all the more surely (only a machine thousands of times faster
 * than this one could finish 440,000 rlimit in 1 ms).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RLIMIT, DEFAULT_TIMEOUT_MS, runProofs, shutdownZ3 } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/backstop-test');

/** Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang. */
const BACKSTOP = { timeout: 20 * 60_000 };

afterAll(async () => {
  rmSync(SCRATCH, { recursive: true, force: true });
  await shutdownZ3();
});

/** A copy of the kernel with one proof file: the supply induction under three budgets. */
function scratchRoot(): string {
  scratchTree(SCRATCH, { proofs: 'empty' });
  const source = readFileSync(path.join(ROOT, 'proofs/subsidy.proof.ts'), 'utf8');
  const start = source.indexOf('function remainingIssuance');
  const proofStart = source.indexOf('export const subsidySupplyInduction');
  const proofEnd = source.indexOf('\n});\n', proofStart) + 5;
  if (start < 0 || proofStart < 0 || proofEnd < 5) throw new Error('proofs/subsidy.proof.ts no longer has the supply induction');
  const induction = source.slice(proofStart, proofEnd);
  const variant = (name: string, options: string): string =>
    induction.replace('export const subsidySupplyInduction = proof(\'supply never exceeds 2,099,999,997,690,000 sat at any height (induction)\', {', `export const ${name} = proof('${name}', {${options}`);
  const header = source.slice(0, source.indexOf('export const'));
  const helper = source.slice(start, source.indexOf('\n}\n', start) + 3);
  writeFileSync(
    path.join(SCRATCH, 'proofs/budget.proof.ts'),
    [header, helper, variant('defaultBudget', ''), variant('tinyRlimit', ' rlimit: 2000,'), variant('tinyBackstop', ' timeoutMs: 1,')].join('\n'),
  );
  return SCRATCH;
}

describe('the rlimit decides, the wall clock only stops a hang', BACKSTOP, () => {
  it('default: PROVED; tiny rlimit: UNKNOWN by budget; 1 ms backstop: UNKNOWN by the backstop, told apart', async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(600_000);
    const report = await runProofs({ root: scratchRoot(), noCache: true, jobs: 1 });
    const byName = new Map(report.results.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(['defaultBudget', 'tinyBackstop', 'tinyRlimit']);
    const proved = byName.get('defaultBudget');
    expect(proved?.status, proved?.error).toBe('PROVED');
    // The supply induction's five checks are proved by their case query (harness/runner/solve.ts).
    expect(proved?.checks.find((c) => c.kind === 'ensures')?.byCase).toBe(true);
    const ensures = proved?.checks.find((c) => c.kind === 'case');
    expect(ensures?.status).toBe('SUCCESS');
    // The query the backstop must cut needs far more than 1 ms of solving anywhere, and far less than the budget.
    expect(ensures?.rlimit).toBeGreaterThan(100_000);
    expect(ensures?.rlimit).toBeLessThan(DEFAULT_RLIMIT / 10);

    const budget = byName.get('tinyRlimit');
    expect(budget?.status).toBe('UNKNOWN');
    expect(budget?.error).toMatch(/^rlimit 2000 spent \(z3: .+\) on /);
    for (const c of budget?.checks.filter((x) => x.status === 'UNDETERMINED') ?? []) expect(c.rlimit).toBeGreaterThanOrEqual(2000);

    const backstop = byName.get('tinyBackstop');
    expect(backstop?.status).toBe('UNKNOWN');
    expect(backstop?.error).toMatch(/^wall-clock backstop of 1 ms reached before the rlimit was spent \(pool: wall-clock backstop: no answer in 1 ms .+\): the machine stalled or the solver hung/);
    const cut = backstop?.checks.find((c) => c.kind === 'ensures');
    expect(cut?.status).toBe('UNDETERMINED');
    expect(cut?.rlimit).toBeLessThan(ensures?.rlimit ?? 0);
  });
});
