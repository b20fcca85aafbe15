/**
 * `bllvm mutate`: the mutation score of the proofs (issue 10 §3, harness/mutate/): mutants of
 * every proved kernel function, run against the PROVED proofs that translate it; prints a table
 * per function, totals per operator, the score and every survivor; writes reports/mutate.json
 * when run in full (the record docs/PROOFS.md's "Mutation score" section reads). Exit 0 when
 * the score is at least --min-score, 1 below it, 2 when --filter selects nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMutations } from '../mutate/run.js';
import { formatMutations } from '../mutate/format.js';
import { shutdownZ3 } from '../runner.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../shell/cli/output.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The record of a full run, committed (docs/PROOFS.md reads it). */
export const MUTATE_REPORT = 'reports/mutate.json';

export interface MutateCommandOptions {
  readonly filter?: string;
  readonly json: boolean;
  readonly jobs?: number;
  /** The score below which the command fails (a fraction, default 0.95: issue 10's goal). */
  readonly minScore?: number;
  /** Take the PROVED proofs from the proof cache instead of proving the suite first. */
  readonly cachedBaseline?: boolean;
  /** A proofs.json record: only the proofs it lists as PROVED (implies --cached-baseline). */
  readonly baseline?: string;
}

export async function mutateCommand(options: MutateCommandOptions): Promise<number> {
  const jobs = options.jobs ?? os.availableParallelism();
  let done = 0;
  let total = 0;
  try {
    const report = await runMutations({
      root: ROOT,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      jobs,
      baseline: options.cachedBaseline === true || options.baseline !== undefined ? 'cache' : 'prove',
      ...(options.baseline !== undefined ? { baselineRecord: path.resolve(options.baseline) } : {}),
      onBaseline: (r) => process.stderr.write(`baseline: ${r.status} ${r.name}${r.cached ? ' (cached)' : ''}\n`),
      onPlan: (n) => {
        total = n;
        process.stderr.write(`bllvm mutate: ${n} mutants\n`);
      },
      onResult: (r) => {
        done += 1;
        process.stderr.write(`[${done}/${total}] ${r.outcome.padEnd(10)} ${r.diff}${r.by !== undefined ? `  (${r.by})` : ''}\n`);
      },
    });
    if (options.filter !== undefined && report.totals.mutants === 0) {
      process.stderr.write(`bllvm mutate: no proved kernel function matches --filter '${options.filter}'\n`);
      return EXIT_USAGE;
    }
    if (options.filter === undefined) {
      const file = path.join(ROOT, MUTATE_REPORT);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    }
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatMutations(report)}\n`);
    return report.score >= (options.minScore ?? 0.95) ? EXIT_OK : EXIT_FAILED;
  } finally {
    await shutdownZ3();
  }
}
