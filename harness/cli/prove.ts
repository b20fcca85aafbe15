/** `bllvm prove`: runs the kernel's SMT proofs (harness/), writes reports, exits 1 unless all PROVED. */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundary, formatBoundary } from '../boundary.js';
import { coverageReport, formatCoverage } from '../coverage.js';
import { formatTable, writeReports } from '../reports.js';
import { type ProofResult, runProofs, shutdownZ3 } from '../runner.js';
import { checkSpecDrift } from '../spec.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ProveOptions {
  readonly filter?: string;
  readonly json: boolean;
  readonly cache: boolean;
  readonly jobs?: number;
  readonly coverage: boolean;
  readonly out: string;
  readonly reports: boolean;
  readonly writeDocs: boolean;
}

export async function proveCommand(options: ProveOptions): Promise<number> {
  const { filter, json, coverage, reports } = options;
  const noCache = !options.cache;
  const jobs = options.jobs ?? os.availableParallelism();
  try {
    const boundary = checkBoundary(ROOT);
    if (boundary.length > 0) process.stderr.write(`${formatBoundary(boundary)}\n`);
    const report = await runProofs({
      root: ROOT,
      ...(filter !== undefined ? { filter } : {}),
      jobs,
      noCache,
      onResult: json ? undefined : (r: ProofResult) => process.stderr.write(`  ${r.status.padEnd(8)} ${r.name}${r.cached ? ' (cached)' : ''}\n`),
    });
    const drift = checkSpecDrift(ROOT);
    // Reports describe the whole suite: a filtered run does not overwrite them.
    if (filter === undefined && reports) writeReports(ROOT, report, drift);
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(`${formatTable(report)}\n`);
      if (drift.length > 0) process.stdout.write(`\nSPEC.md drift:\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
    }
    if (coverage) process.stdout.write(`\n${formatCoverage(coverageReport(ROOT, report))}\n`);
    const ok = report.results.length > 0 && report.results.every((r) => r.status === 'PROVED');
    // The boundary and SPEC.md checks are about the whole kernel: they fail unfiltered runs only.
    const global = filter === undefined ? boundary.length === 0 && drift.length === 0 : true;
    return ok && global ? 0 : 1;
  } finally {
    await shutdownZ3();
  }
}
