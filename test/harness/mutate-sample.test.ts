/**
 * `bllvm mutate` on a sample of the real kernel (issue 10 §3, must-show 2; CI.md "Mutation
 * score"): the mutants of kernel/encoding/compact-size.ts's compactSizeWidth and
 * isCanonicalCompactSize (Core's GetSizeOfCompactSize and ReadCompactSize's non-canonical rule,
 * SPEC.md §1.1), run against the PROVED proofs of proofs/encoding.proof.ts whose function they
 * are. Every count below was worked out by hand from the two functions and the four proofs (the
 * reasoning is in the comments), not taken from a run.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMutations } from '../../harness/mutate/run.js';
import { shutdownZ3 } from '../../harness/runner.js';
import type { MutateReport } from '../../harness/mutate/types.js';
import { runProofs } from '../../harness/runner/run.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the checkout's ignored .cache, like the fixture of mutate.test.ts.
const DIR = path.join(ROOT, '.cache/mutate-sample');
const RECORD = path.join(DIR, 'proofs.json');

const WIDTH_PROOF = 'CompactSize width is 1 + the shortest payload that holds n';
const SHORTEST_ACCEPTED = 'the shortest CompactSize encoding is accepted';
const NON_CANONICAL_REJECTED = 'every non-canonical CompactSize encoding is rejected';
const SINGLE_BYTE = 'a single-byte CompactSize is always canonical';

afterAll(async () => {
  await shutdownZ3();
  rmSync(DIR, { recursive: true, force: true });
});

/** The covering proofs run for the mutants of function `name`, in all. */
const proofsRun = (report: MutateReport, name: string): number =>
  (report.functions.find((f) => f.function.startsWith(`${name} `))?.results ?? []).reduce((n, r) => n + (r.proofsRun ?? 0), 0);
/** The first test's count for isCanonicalCompactSize, cheapest first (the second compares with it). */
let cheapestProofsRun = 0;

describe('bllvm mutate on a sample of the kernel', { timeout: 10 * 60_000 }, () => {
  it('kills every mutant of compactSizeWidth and isCanonicalCompactSize with their own proofs', async () => {
    // The baseline: the proofs of the two functions, proved (or answered from the cache) now.
    const proved = await runProofs({ root: ROOT, filter: 'encoding.proof.ts', jobs: 2 });
    const sample = proved.results.filter((r) => r.fn === 'compactSizeWidth' || r.fn === 'isCanonicalCompactSize');
    expect(sample.map((r) => `${r.status} ${r.name}`).sort()).toEqual(
      [WIDTH_PROOF, SHORTEST_ACCEPTED, NON_CANONICAL_REJECTED, SINGLE_BYTE].map((n) => `PROVED ${n}`).sort(),
    );
    mkdirSync(DIR, { recursive: true });
    writeFileSync(RECORD, JSON.stringify({ results: sample }));
    const report = await runMutations({ root: ROOT, filter: 'kernel/encoding/compact-size.ts:', jobs: 2, baseline: 'cache', baselineRecord: RECORD });
    expect(report.baseline.startsWith('4 PROVED proofs')).toBe(true);
    const byFunction = new Map(report.functions.map((f) => [f.function.replace(/ \(.*$/, ''), f]));
    expect([...byFunction.keys()].sort()).toEqual(['compactSizeWidth', 'isCanonicalCompactSize']);

    // compactSizeWidth: `if (n < 0xfd) return 1; if (n <= 0xffff) return 3; if (n <= 0xffffffff)
    // return 5; return 9;`. Mutants: 3 comparisons x (flip + swap) = 6, 7 literals x (+1, -1) = 14,
    // 3 if conditions x (true, false) = 6: 26. The width proof pins the width of every n < 2^53
    // to 1 + the shortest of the payloads 0, 2, 4, 8 that holds n, so every mutant returns a wrong
    // width somewhere: a moved bound at the bound itself (252/253, 65535/65536, 2^32 - 1/2^32), a
    // swapped or constant condition at 0, 253, 65536 or 2^32, a returned width +-1 is no payload
    // size. Killed 26, and by that one proof.
    const width = byFunction.get('compactSizeWidth');
    expect(width && { mutants: width.mutants, killed: width.killed, survived: width.survived, equivalent: width.equivalent, error: width.error, unknown: width.unknown }).toEqual({
      mutants: 26, killed: 26, survived: 0, equivalent: 0, error: 0, unknown: 0,
    });
    expect(width?.results.filter((r) => r.by?.startsWith(`${WIDTH_PROOF}:`)).length).toBe(26);

    // isCanonicalCompactSize: `if (prefix < 0xfd) return true; if (prefix === 0xfd) return n >=
    // 0xfd; if (prefix === 0xfe) return n > 0xffff; return n > 0xffffffff;`. Mutants: 6
    // comparisons flipped, the 4 relational ones swapped (=== is not), 6 literals x 2, 3 if
    // conditions x 2: 28. A mutant that rejects a shortest encoding dies on the single-byte or
    // the shortest-accepted proof (the two cheapest, run first); one that only accepts more can
    // die only on the non-canonical-rejected proof: prefix <= 0xfd and prefix < 0xfe (fd with
    // n < 253), n >= 0xfc (fd 252), n >= 0xffff and n > 0xfffe (fe 65535), n >= 0xffffffff and
    // n > 0xfffffffe (ff 2^32 - 1), and the conditions of lines 20, 21, 22 replaced by true
    // (anything, fe 300, ff 70000 accepted): 10. The other 18 each reject some shortest form
    // (253 after fd, 65536 after fe, 2^32 after ff, or a single byte), so they die first.
    const canonical = byFunction.get('isCanonicalCompactSize');
    expect(canonical && { mutants: canonical.mutants, killed: canonical.killed, survived: canonical.survived, equivalent: canonical.equivalent, error: canonical.error, unknown: canonical.unknown }).toEqual({
      mutants: 28, killed: 28, survived: 0, equivalent: 0, error: 0, unknown: 0,
    });
    const onlyByRejection = (canonical?.results ?? []).filter((r) => r.by?.startsWith(`${NON_CANONICAL_REJECTED}:`)).map((r) => r.diff.replace(/^.*\+ /, '')).sort();
    expect(onlyByRejection).toEqual(
      [
        'if (prefix <= 0xfd) return true;',
        'if (prefix < 0xfe) return true;',
        'if (true) return true;',
        'if (prefix === 0xfd) return n >= 0xfc;',
        'if (true) return n >= 0xfd;',
        'if (prefix === 0xfe) return n >= 0xffff;',
        'if (prefix === 0xfe) return n > 0xfffe;',
        'if (true) return n > 0xffff;',
        'return n >= 0xffffffff;',
        'return n > 0xfffffffe;',
      ].sort(),
    );

    // In all: 54 mutants (relational 9, swap 7, constant 26, condition 12), all killed: score 1.
    expect(report.totals).toEqual({ mutants: 54, killed: 54, survived: 0, equivalent: 0, error: 0, unknown: 0 });
    expect(report.byOperator.relational.mutants).toBe(9);
    expect(report.byOperator.swap.mutants).toBe(7);
    expect(report.byOperator.constant.mutants).toBe(26);
    expect(report.byOperator.condition.mutants).toBe(12);
    expect(report.score).toBe(1);
    cheapestProofsRun = proofsRun(report, 'isCanonicalCompactSize');
    // The 10 only the non-canonical proof kills run all three proofs, the 18 others at least one.
    expect(cheapestProofsRun).toBeGreaterThanOrEqual(10 * 3 + 18);
  });

  it('the killers-first order of long runs decides the same outcomes: every mutant killed, by a proof of its own function', async () => {
    // The record the test above wrote: the same four PROVED proofs.
    const report = await runMutations({ root: ROOT, filter: 'kernel/encoding/compact-size.ts:', jobs: 2, baseline: 'cache', baselineRecord: RECORD, order: 'killers-first' });
    expect(report.totals).toEqual({ mutants: 54, killed: 54, survived: 0, equivalent: 0, error: 0, unknown: 0 });
    const own = new Map([
      ['compactSizeWidth', [WIDTH_PROOF]],
      ['isCanonicalCompactSize', [SHORTEST_ACCEPTED, NON_CANONICAL_REJECTED, SINGLE_BYTE]],
    ]);
    for (const f of report.functions) {
      const proofs = own.get(f.function.replace(/ \(.*$/, '')) ?? [];
      for (const r of f.results) expect(proofs.some((p) => r.by?.startsWith(`${p}:`)), `${r.diff} killed by ${r.by}`).toBe(true);
    }
    // isCanonicalCompactSize's mutants fall to three proofs; cheapest first runs 63 of them for its
    // 28 mutants (the 10 only the third proof kills run all three), killers first about 40 whatever
    // order the three workers finish in (37 in one run): fewer.
    expect(proofsRun(report, 'isCanonicalCompactSize')).toBeLessThan(cheapestProofsRun);
  });
});
