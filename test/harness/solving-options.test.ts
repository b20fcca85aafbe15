/**
 * The proof options that change how checks are solved, not what is proved (harness/dsl.ts,
 * CI.md "How queries are solved"): `splitEnsures` proves each conjunct of the ensures as its own
 * check; `sharedContext` solves a case's checks in one z3 context, each in a push/pop scope;
 * `sharedText` prints a case's checks as one text per batch, read once per z3 context, each check
 * in a fresh solver of it;
 * `checksAlone` solves each check as its own query from the start, with no case query first;
 * `arithSolver: 'simplex'` solves them with z3's older arithmetic solver, `solverTuning: 'eager'`
 * with relevancy and bound propagation off. A
 * false conjunct among true ones must still be REFUTED with a counterexample that replays on the
 * real function; a true statement stays PROVED; the grouping, and so every check's rlimit, is the
 * same from run to run.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProofs, shutdownZ3 } from '../../harness/runner.js';
import { le24ProofText, le24Scratch } from '../support/le24-proof.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/solving-options');
// Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang.
const BACKSTOP = { timeout: 10 * 60_000 };

const proofText = le24ProofText;
const scratch = (name: string, proof: string): string => le24Scratch(path.join(SCRATCH, name), proof);

afterAll(async () => {
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe('splitEnsures, sharedContext, sharedText, arithSolver and solverTuning', BACKSTOP, () => {
  const BOTH = 'splitEnsures: true, sharedContext: true,';

  it('a true statement is PROVED with one check per conjunct, with the same rlimit per check in two runs', async () => {
    const root = scratch('true', proofText('le24', `${BOTH} checksAlone: true,`));
    const first = (await runProofs({ root, noCache: true, jobs: 1 })).results[0];
    expect(first?.status).toBe('PROVED');
    const ensures = first?.checks.filter((c) => c.kind === 'ensures') ?? [];
    expect(ensures.map((c) => c.message)).toEqual(['byte i of n (conjunct 1 of 3)', 'byte i of n (conjunct 2 of 3)', 'byte i of n (conjunct 3 of 3)']);
    expect(ensures.every((c) => c.status === 'SUCCESS')).toBe(true);
    const second = (await runProofs({ root, noCache: true, jobs: 2 })).results[0];
    expect(second?.checks.map((c) => [c.message, c.status, c.rlimit])).toEqual(first?.checks.map((c) => [c.message, c.status, c.rlimit]));
  });

  it('with sharedText a true statement is PROVED, each check with the same rlimit in two runs, and cached apart from the plain texts', async () => {
    const plainRoot = scratch('plain-text', proofText('le24', 'splitEnsures: true, checksAlone: true,'));
    const plain = (await runProofs({ root: plainRoot, jobs: 1 })).results[0];
    const root = scratch('shared-text', proofText('le24', 'splitEnsures: true, sharedText: true, checksAlone: true,'));
    const first = (await runProofs({ root, cacheDir: path.join(plainRoot, '.cache/proofs'), jobs: 1 })).results[0];
    expect([plain?.status, first?.status]).toEqual(['PROVED', 'PROVED']);
    expect(first?.cached).not.toBe(true);
    expect(first?.checks.map((c) => c.message)).toEqual(plain?.checks.map((c) => c.message));
    expect(first?.checks.map((c) => c.status)).toEqual(plain?.checks.map((c) => c.status));
    expect(first?.checks.filter((c) => c.kind === 'ensures').every((c) => c.status === 'SUCCESS')).toBe(true);
    const second = (await runProofs({ root, noCache: true, jobs: 2 })).results[0];
    expect(second?.checks.map((c) => [c.message, c.status, c.rlimit])).toEqual(first?.checks.map((c) => [c.message, c.status, c.rlimit]));
  });

  it('a case query proves the checks of a case at once; checksAlone solves each alone, and is cached apart', async () => {
    const together = (await runProofs({ root: scratch('case-query', proofText('le24', 'splitEnsures: true,')), noCache: true, jobs: 1 })).results[0];
    expect(together?.status).toBe('PROVED');
    const caseQuery = together?.checks.filter((c) => c.kind === 'case') ?? [];
    expect(caseQuery.map((c) => [c.message, c.status])).toEqual([['3 checks at once', 'SUCCESS']]);
    expect(caseQuery[0]?.rlimit).toBeGreaterThan(0);
    const ensures = together?.checks.filter((c) => c.kind === 'ensures') ?? [];
    expect(ensures.map((c) => [c.status, c.byCase, c.rlimit])).toEqual([
      ['SUCCESS', true, undefined],
      ['SUCCESS', true, undefined],
      ['SUCCESS', true, undefined],
    ]);
    const root = scratch('checks-alone', proofText('le24', 'splitEnsures: true, checksAlone: true,'));
    const alone = (await runProofs({ root, cacheDir: path.join(SCRATCH, 'case-query/.cache/proofs'), jobs: 1 })).results[0];
    expect([alone?.status, alone?.cached]).toEqual(['PROVED', false]);
    expect(alone?.checks.some((c) => c.kind === 'case')).toBe(false);
    expect(alone?.checks.filter((c) => c.kind === 'ensures').every((c) => c.byCase === undefined && (c.rlimit ?? 0) > 0)).toBe(true);
    expect(alone?.queryHash).not.toBe(together?.queryHash);
  });

  // Measured with z3 5.1: the case query needs 427 rlimit, the checks alone 37, 41 and 371 (z3
  // stops up to about 100 past a budget). With a budget of 150 the case query is undecided, and
  // each check goes to its own query: the first two proved, the third undecided, named by the verdict.
  it('a case query undecided within its budget leaves each check to its own query', async () => {
    const r = (await runProofs({ root: scratch('case-undecided', proofText('le24', 'splitEnsures: true, rlimit: 150,')), noCache: true, jobs: 1 })).results[0];
    expect(r?.status).toBe('UNKNOWN');
    expect(r?.error).toMatch(/^rlimit 150 spent \(z3: .+\) on ensures: byte i of n \(conjunct 3 of 3\)/);
    const caseQuery = r?.checks.find((c) => c.kind === 'case');
    expect(caseQuery?.status).toBe('UNDETERMINED');
    expect(caseQuery?.rlimit).toBeGreaterThanOrEqual(150);
    const ensures = r?.checks.filter((c) => c.kind === 'ensures') ?? [];
    expect(ensures.map((c) => [c.status, c.byCase])).toEqual([
      ['SUCCESS', undefined],
      ['SUCCESS', undefined],
      ['UNDETERMINED', undefined],
    ]);
    expect(ensures.map((c) => (c.rlimit ?? 0) > 0)).toEqual([true, true, true]);
  });

  it('sharedText and sharedContext together are an ERROR naming both', async () => {
    const root = scratch('text-and-context', proofText('le24', 'sharedText: true, sharedContext: true,'));
    const r = (await runProofs({ root, noCache: true, jobs: 1 })).results[0];
    expect(r?.status).toBe('ERROR');
    expect(r?.error).toMatch(/sharedText and sharedContext exclude each other/);
  });

  it('without the options the ensures is one check', async () => {
    const root = scratch('plain', proofText('le24', ''));
    const r = (await runProofs({ root, noCache: true, jobs: 1 })).results[0];
    expect(r?.status).toBe('PROVED');
    expect(r?.checks.filter((c) => c.kind === 'ensures').map((c) => c.message)).toEqual(['byte i of n']);
  });

  // Each option must reach z3: the same query texts under other parameters are another cache
  // entry and spend another rlimit.
  for (const [option, setting] of [
    ['arithSolver', "arithSolver: 'simplex'"],
    ['solverTuning', "solverTuning: 'eager'"],
  ] as const) {
    it(`${setting} reaches z3 (the same check spends another rlimit) and is cached apart`, async () => {
      const plain = (await runProofs({ root: scratch(`plain-${option}`, proofText('le24', '')), jobs: 1 })).results[0];
      // The same query texts, looked up in the cache the plain run wrote.
      const root = scratch(option, proofText('le24', `${setting},`));
      const tuned = (await runProofs({ root, cacheDir: path.join(SCRATCH, `plain-${option}/.cache/proofs`), jobs: 1 })).results[0];
      expect([plain?.status, tuned?.status]).toEqual(['PROVED', 'PROVED']);
      expect(tuned?.cached).not.toBe(true);
      // The query that proved the ensures: its own, or its case query.
      const ensures = (r: typeof plain): number | undefined => r?.checks.find((c) => c.kind === 'ensures' && c.byCase !== true)?.rlimit ?? r?.checks.find((c) => c.kind === 'case')?.rlimit;
      expect(ensures(tuned)).toBeGreaterThan(0);
      expect(ensures(tuned)).not.toBe(ensures(plain));
    });
  }

  // The wrong byte shows only for n >= 0xfff000 (4,096 of 16,777,216 inputs): a replay of random inputs would miss it.
  for (const [label, options] of [
    ['split, shared', BOTH],
    ['split only', 'splitEnsures: true,'],
    ['shared only', 'sharedContext: true,'],
    ['simplex, split, shared', `${BOTH} arithSolver: 'simplex',`],
    ['eager', "solverTuning: 'eager',"],
    ['split, shared text', 'splitEnsures: true, sharedText: true,'],
    ['shared text, simplex', "sharedText: true, arithSolver: 'simplex',"],
  ] as const) {
    it(`a false third conjunct is REFUTED with a confirmed counterexample (${label})`, async () => {
      const root = scratch(`false-${label.replace(/\W+/g, '-')}`, proofText('le24Wrong', options));
      const r = (await runProofs({ root, noCache: true, jobs: 1 })).results[0];
      expect(r?.status).toBe('REFUTED');
      expect(r?.counterexample?.replay, r?.counterexample?.replayDetail).toBe('confirmed');
      expect(Number(r?.counterexample?.inputs.n)).toBeGreaterThanOrEqual(0xfff000);
      const failed = r?.checks.filter((c) => c.status === 'FAILURE' && c.kind !== 'case').map((c) => c.message);
      expect(failed).toEqual([options.includes('splitEnsures') ? 'byte i of n (conjunct 3 of 3)' : 'byte i of n']);
      // With two checks or more the case query came first: sat, so each check was solved alone.
      const caseQuery = r?.checks.find((c) => c.kind === 'case');
      if (options.includes('splitEnsures')) expect([caseQuery?.message, caseQuery?.status]).toEqual(['3 checks at once', 'FAILURE']);
    });
  }
});
