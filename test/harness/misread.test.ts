/**
 * A printed text that does not read back as the terms printed answers nothing (harness/runner/
 * smt-print.ts, harness/z3-worker.mjs; CI.md "How queries are printed"): the worker compares z3's
 * structural hash of each assertion it read with the printer's digest, and a proof with such an
 * answer is ERROR, never PROVED or REFUTED. The le24 layout proof is translated and solved for
 * real; its texts are then changed the way a printer bug would change them (a numeral, a
 * comparison) and solved again.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownZ3 } from '../../harness/runner.js';
import type { Built } from '../../harness/runner/build.js';
import { solveProof } from '../../harness/runner/solve.js';
import { SolverPool } from '../../harness/pool.js';
import { type TranslatedLe24, judgeLe24, le24ProofText, translateLe24 } from '../support/le24-proof.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/misread');
const BUDGET = { rlimit: 20_000_000, timeoutMs: 600_000 };

let right: TranslatedLe24;
let wrong: TranslatedLe24;
const pool = new SolverPool(1);

beforeAll(async () => {
  right = await translateLe24(path.join(SCRATCH, 'right'), le24ProofText('le24', ''));
  wrong = await translateLe24(path.join(SCRATCH, 'wrong'), le24ProofText('le24Wrong', ''));
});

afterAll(async () => {
  await pool.close();
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

/** `built` with every query text edited by `edit`, the checks' own queries too (the digests left as printed). */
function edited(built: Built, edit: (smt: string) => string): Built {
  const editQuery = <Q extends { readonly smt: string }>(q: Q): Q => ({ ...q, smt: edit(q.smt) });
  return { ...built, queries: built.queries.map(editQuery), cases: built.cases.map((c) => ({ ...c, alone: () => c.alone().map(editQuery) })) };
}

describe('a text that does not read back as its terms', () => {
  it('is refused by the worker: the proof is ERROR whether it holds or fails', async () => {
    // As printed: the right layout is PROVED, the wrong one REFUTED.
    expect(judgeLe24(right, await solveProof(pool, right.built, BUDGET), BUDGET).status).toBe('PROVED');
    expect(judgeLe24(wrong, await solveProof(pool, wrong.built, BUDGET), BUDGET).status).toBe('REFUTED');
    // 256 read as 255, and a bound of the input domain moved: other terms than those printed.
    for (const [from, to] of [[' 256', ' 255'], ['16777215', '16777216']] as const) {
      for (const t of [right, wrong]) {
        expect(t.built.cases.flatMap((c) => c.alone()).some((q) => q.smt.includes(from))).toBe(true);
        const r = judgeLe24(t, await solveProof(pool, edited(t.built, (smt) => smt.replaceAll(from, to)), BUDGET), BUDGET);
        expect(r.status).toBe('ERROR');
        expect(r.error).toMatch(/^printer: misread: a printed text reads back as other terms than those printed/);
      }
    }
  });
});
