/** The proof cache key is a function of the query alone, not of what else was translated before; the run memo answers only an unchanged tree. */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProofs, shutdownZ3 } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

afterAll(async () => {
  await shutdownZ3();
});

// Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang.
describe('proof cache', { timeout: 20 * 60_000 }, () => {
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

// Inside the repository so the copy resolves node_modules like the kernel does.
const SCRATCH = path.join(ROOT, '.cache/memo-test');


describe('run memo (harness/runner/memo.ts)', { timeout: 20 * 60_000 }, () => {
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('answers an unchanged tree without translating, and misses after any kernel byte changes', async () => {
    const root = scratchTree(SCRATCH, { proofs: 'copy' });
    const cacheDir = path.join(root, '.proofs-cache');
    const filter = 'CompactSize width is 1 + the shortest payload';
    const first = await runProofs({ root, filter, jobs: 1, cacheDir, boundaries: true });
    const again = await runProofs({ root, filter, jobs: 1, cacheDir, boundaries: true });
    const [a, b] = [first.results[0], again.results[0]];
    expect([first.results.length, a?.status, a?.cached]).toEqual([1, 'PROVED', false]);
    expect([again.results.length, b?.status, b?.cached]).toEqual([1, 'PROVED', true]);
    // The remembered result is the solved one: same checks, query hash and functions.
    expect(b?.checks).toEqual(a?.checks);
    expect(b?.queryHash).toBe(a?.queryHash);
    expect(b?.functionsUsed).toEqual(a?.functionsUsed);
    expect(again.boundaries).toEqual(first.boundaries);
    expect((first.boundaries ?? []).length).toBeGreaterThan(0);
    expect(readdirSync(path.join(cacheDir, 'memo')).length).toBe(2);

    // A seeded bug in the function the proof translates: the memo must not answer PROVED.
    const file = path.join(root, 'kernel/encoding/compact-size.ts');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('if (n < 0xfd) return 1;');
    writeFileSync(file, text.replace('if (n < 0xfd) return 1;', 'if (n < 0xfe) return 1;'));
    const buggy = await runProofs({ root, filter, jobs: 1, cacheDir });
    expect(buggy.results.map((r) => [r.status, r.cached])).toEqual([['REFUTED', false]]);

    // Any byte elsewhere in the inputs (here a comment in an unrelated proof file) misses too:
    // the proof is translated again and answered by the query cache, not the memo.
    writeFileSync(file, text);
    const other = path.join(root, 'proofs/subsidy.proof.ts');
    writeFileSync(other, `${readFileSync(other, 'utf8')}\n// edited\n`);
    const missed = await runProofs({ root, filter, jobs: 1, cacheDir });
    expect(missed.results.map((r) => [r.status, r.cached, r.queryHash])).toEqual([['PROVED', true, a?.queryHash]]);
    expect(readdirSync(path.join(cacheDir, 'memo')).length).toBe(3);
  });
});
