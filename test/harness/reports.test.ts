/**
 * docs/PROOFS.md is stable (harness/reports.ts `markdown`): two runs with the same results give
 * the same bytes, although their times, rlimit counts, cache state and start dates differ.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTable, markdown } from '../../harness/reports.js';
import { runProofs, shutdownZ3 } from '../../harness/runner.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE = mkdtempSync(path.join(os.tmpdir(), 'bllvm-reports-'));
const FILTER = 'retarget.proof.ts';

afterAll(async () => {
  await shutdownZ3();
  rmSync(CACHE, { recursive: true, force: true });
});

describe('docs/PROOFS.md', { timeout: 20 * 60_000 }, () => {
  it('is byte-identical for a solved run and a cached run of the same proofs', async () => {
    const solved = await runProofs({ root: ROOT, filter: FILTER, noCache: true, jobs: 1, cacheDir: CACHE });
    const cached = await runProofs({ root: ROOT, filter: FILTER, jobs: 1, cacheDir: CACHE });
    expect(solved.results.length).toBeGreaterThanOrEqual(5);
    expect(solved.results.every((r) => r.status === 'PROVED' && !r.cached)).toBe(true);
    expect(cached.results.every((r) => r.status === 'PROVED' && r.cached)).toBe(true);
    // The runs differ in what they record about themselves...
    expect(cached.startedAt).not.toBe(solved.startedAt);
    expect(cached.results.map((r) => r.ms)).not.toEqual(solved.results.map((r) => r.ms));
    // ...and the document does not.
    const a = markdown(solved, []);
    const b = markdown(cached, []);
    expect(b).toBe(a);
    expect(a).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(a).not.toMatch(/\bms\b|cached/);
    // The run's own output keeps the times and the rlimit spent.
    expect(formatTable(solved)).toMatch(/ms\s+rlimit/);
  });

  it('names every proof with its status and its checks', async () => {
    const report = await runProofs({ root: ROOT, filter: FILTER, jobs: 1, cacheDir: CACHE });
    const md = markdown(report, []);
    for (const [i, r] of report.results.entries()) {
      expect(md).toContain(`| ${i + 1} | ${r.status} | [${r.name}](#p${i + 1}) |`);
      expect(md).toContain(`- **Checks:** ${r.checks.filter((c) => c.kind !== 'case').length} `);
    }
    expect(md).toContain(`- Result: ${report.results.length} proofs — ${report.results.length} PROVED, 0 REFUTED`);
  });

  it('lists the SPEC.md drift about proofs, not about test files (those are in the run output)', async () => {
    const report = await runProofs({ root: ROOT, filter: FILTER, jobs: 1, cacheDir: CACHE });
    const aboutTests = 'docs/SPEC.md:405: §5.7 Vectors does not list test/node/sync.test.ts (tagged §5.7 at test/node/sync.test.ts:57)';
    const aboutProofs = 'docs/SPEC.md:120: §4.2 Proofs does not list proofs/subsidy.proof.ts (spec §4.2 at proofs/subsidy.proof.ts:12)';
    expect(markdown(report, [aboutTests])).toBe(markdown(report, []));
    expect(markdown(report, [])).toContain('- SPEC.md drift about the proofs: none');
    const md = markdown(report, [aboutTests, aboutProofs]);
    expect(md).toContain('- SPEC.md drift about the proofs: 1 finding(s), listed at the end');
    expect(md).toContain(`## SPEC.md drift about the proofs\n\n- ${aboutProofs}\n`);
    expect(md).not.toContain(aboutTests);
  });
});
