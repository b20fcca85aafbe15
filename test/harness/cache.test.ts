/** The proof cache key is a function of the query alone, not of what else was translated before. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalSmt, runProofs, shutdownZ3 } from '../../harness/runner.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

afterAll(async () => {
  await shutdownZ3();
});

// Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang.
describe('proof cache', { timeout: 20 * 60_000 }, () => {
  it('renumbers z3 let names in order of appearance', () => {
    const a = '(let ((?x14 (* x 2))) (let (($x17 (> ?x14 3))) (and $x17 $x17)))';
    const b = '(let ((?x3 (* x 2))) (let (($x9 (> ?x3 3))) (and $x9 $x9)))';
    expect(canonicalSmt(a)).toBe(canonicalSmt(b));
    expect(canonicalSmt(a)).toBe('(let ((?x1 (* x 2))) (let (($x2 (> ?x1 3))) (and $x2 $x2)))');
  });

  it('gives a proof the same query hash alone and after other proofs', async () => {
    const alone = await runProofs({ root: ROOT, filter: 'vsize = ceil', noCache: true, jobs: 1 });
    const inFile = await runProofs({ root: ROOT, filter: 'encoding.proof.ts', noCache: true, jobs: 1 });
    const a = alone.results.find((r) => r.name === 'vsize = ceil(weight / 4)');
    const b = inFile.results.find((r) => r.name === 'vsize = ceil(weight / 4)');
    expect(a?.status).toBe('PROVED');
    expect(a?.queryHash).toBe(b?.queryHash);
    expect(a?.queryHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
