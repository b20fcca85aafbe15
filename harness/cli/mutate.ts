/**
 * `bllvm mutate`: the mutation score of the proofs (issue 10 §3, harness/mutate/): mutants of
 * every proved kernel function, run against the PROVED proofs that translate it; prints a table
 * per function, totals per operator, the score and every survivor; writes reports/mutate.json
 * when run in full (the record docs/PROOFS.md's "Mutation score" section reads). `--shard K/N`
 * runs a stable share of the mutants and writes its own report; `--merge FILE...` puts the
 * shards of one plan together as reports/mutate.json (harness/mutate/merge.ts). A full or shard
 * run journals each result as it is decided and resumes from that journal when started again on
 * the same plan and baseline (harness/mutate/journal.ts). A mutant whose mutation, covering proofs
 * and sources are unchanged since the committed record takes its result from there
 * (harness/mutate/carry.ts; `--no-carry` solves every one). A journaled run works in a child
 * process, started again after z3 aborts (its mutant journaled as an error; z3 is unusable after
 * an abort) or after the process dies of a signal not sent from outside (a V8 fatal error: the
 * mutant it was evaluating alone is journaled as an error, harness/mutate/run.ts `afterCrash`),
 * so one command runs the plan to its end. Exit 0 when the score is at least
 * --min-score, 1 below it, 2 when --filter selects nothing or a merge fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { EXIT_RESUME, EXIT_Z3_ABORTED, runMutations } from '../mutate/run.js';
import { formatMutations } from '../mutate/format.js';
import { shutdownZ3 } from '../runner.js';
import { type Shard, parseShard } from '../runner/shard.js';
import { mergeMutateReports, readMutateReports } from '../mutate/merge.js';
import type { MutateReport } from '../mutate/types.js';
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
  /** `K/N`: only the mutants of shard K of N; writes reports/mutate-shard-K-of-N.json. */
  readonly shard?: string;
  /** Shard reports to merge into reports/mutate.json (nothing is run). */
  readonly merge?: readonly string[];
  /** false (`--no-carry`): solve every mutant again instead of taking unchanged ones' results from reports/mutate.json. */
  readonly carry?: boolean;
}

/** Where `--shard K/N` writes its report (the input of `--merge`). */
export const shardReportFile = (shard: Shard): string => `reports/mutate-shard-${shard.index}-of-${shard.count}.json`;

/** The journal of a run writing `file` (harness/mutate/journal.ts): a stopped run resumes from it; removed once the report is written. */
export const journalFile = (file: string): string => file.replace(/\.json$/, '.journal.jsonl');

/** Prints the report and writes it to `file` (relative to the checkout) when given; the exit status by the score. */
function finish(report: MutateReport, options: MutateCommandOptions, file: string | undefined): number {
  if (file !== undefined) {
    const abs = path.join(ROOT, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, `${JSON.stringify(report, null, 2)}\n`);
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatMutations(report)}\n`);
  return report.score >= (options.minScore ?? 0.95) ? EXIT_OK : EXIT_FAILED;
}

/** How often a journaled run is started again after z3 aborted (each abort journals one mutant) or the process died of its heap. */
export const MAX_Z3_RESTARTS = 50;

/**
 * How often it is started again on a fresh heap (EXIT_RESUME: each such stop follows a journaled
 * result, so a run needs at most one per mutant; the cap only bounds the loop).
 */
export const MAX_HEAP_RESTARTS = 10_000;

/** The child restarts on a fresh heap past this share of its heap limit (V8 stops a process near the limit). */
const RESTART_HEAP_SHARE = 0.75;

/**
 * The status childOutcome gives a child that died of a signal it was not sent from outside (V8
 * stopped it: out of heap, SIGABRT; a fatal error such as an array past its size limit, SIGTRAP):
 * restarted like a z3 abort, counted the same.
 */
const CHILD_CRASHED = EXIT_Z3_ABORTED;

/** The signals a run is stopped with from outside (a user, a CI job's end): the run ends. */
const STOP_SIGNALS: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGKILL', 'SIGHUP']);

/** Set in the child process that does a journaled run's work. */
const CHILD_ENV = 'BLLVM_MUTATE_CHILD';

/** Set in a child started after the previous one crashed: the signal's name (harness/mutate/run.ts `afterCrash`). */
const AFTER_CRASH_ENV = 'BLLVM_MUTATE_AFTER_CRASH';

/**
 * Runs `start` (one run of the command, resuming its journal; its exit status) again while it
 * stops with EXIT_Z3_ABORTED (at most MAX_Z3_RESTARTS times) or EXIT_RESUME (at most
 * MAX_HEAP_RESTARTS times); the last run's status, failed if it still wanted a restart.
 */
export function runResumingAfterAborts(start: () => number, onRestart?: (restart: number, status: number) => void): number {
  let status = start();
  let aborts = 0;
  let resumes = 0;
  while ((status === EXIT_Z3_ABORTED && aborts < MAX_Z3_RESTARTS) || (status === EXIT_RESUME && resumes < MAX_HEAP_RESTARTS)) {
    if (status === EXIT_Z3_ABORTED) aborts++;
    else resumes++;
    onRestart?.(status === EXIT_Z3_ABORTED ? aborts : resumes, status);
    status = start();
  }
  return status === EXIT_Z3_ABORTED || status === EXIT_RESUME ? EXIT_FAILED : status;
}

/** How a child ended, as runResumingAfterAborts counts it: its exit status, or CHILD_CRASHED and the signal it crashed of. */
export function childOutcome(r: { readonly status: number | null; readonly signal: string | null }): { readonly status: number; readonly crash?: string } {
  if (r.status !== null) return { status: r.status };
  if (r.signal !== null && !STOP_SIGNALS.has(r.signal)) return { status: CHILD_CRASHED, crash: r.signal };
  return { status: EXIT_FAILED };
}

/** This command again in a child process (same arguments, stdio inherited), told the signal the previous child crashed of, if it did. */
function startChild(afterCrash: string | undefined): { readonly status: number; readonly crash?: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, [CHILD_ENV]: '1' };
  delete env[AFTER_CRASH_ENV];
  if (afterCrash !== undefined) env[AFTER_CRASH_ENV] = afterCrash;
  return childOutcome(spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env }));
}

/** `--merge`: the shards' reports as one full run's, written to reports/mutate.json. */
function mergeCommand(files: readonly string[], options: MutateCommandOptions): number {
  const reports = readMutateReports(files);
  const merged = 'error' in reports ? reports : mergeMutateReports(reports);
  if ('error' in merged) {
    process.stderr.write(`bllvm mutate --merge: ${merged.error}\n`);
    return EXIT_USAGE;
  }
  return finish(merged, options, MUTATE_REPORT);
}

export async function mutateCommand(options: MutateCommandOptions): Promise<number> {
  if (options.merge !== undefined) {
    if (options.shard !== undefined || options.filter !== undefined) {
      process.stderr.write('bllvm mutate: --merge takes shard reports only (no --shard or --filter)\n');
      return EXIT_USAGE;
    }
    return mergeCommand(options.merge, options);
  }
  let shard: Shard | undefined;
  if (options.shard !== undefined) {
    const parsed = parseShard(options.shard);
    if ('error' in parsed) {
      process.stderr.write(`bllvm mutate: ${parsed.error}\n`);
      return EXIT_USAGE;
    }
    shard = parsed;
  }
  const jobs = options.jobs ?? os.availableParallelism();
  const file = options.filter !== undefined ? undefined : shard !== undefined ? shardReportFile(shard) : MUTATE_REPORT;
  const journal = file === undefined ? undefined : path.join(ROOT, journalFile(file));
  if (journal !== undefined && process.env[CHILD_ENV] !== '1') {
    let crash: string | undefined;
    const start = (): number => {
      const outcome = startChild(crash);
      crash = outcome.crash;
      return outcome.status;
    };
    return runResumingAfterAborts(start, (n, status) =>
      process.stderr.write(
        status === EXIT_RESUME
          ? `bllvm mutate: started again on a fresh heap (${n}), resuming ${path.relative(ROOT, journal)}\n`
          : `bllvm mutate: ${crash !== undefined ? `the process died (${crash})` : 'z3 aborted'}; started again (${n} of at most ${MAX_Z3_RESTARTS}), resuming ${path.relative(ROOT, journal)}\n`,
      ),
    );
  }
  let done = 0;
  let total = 0;
  try {
    const report = await runMutations({
      root: ROOT,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      jobs,
      baseline: options.cachedBaseline === true || options.baseline !== undefined ? 'cache' : 'prove',
      ...(options.baseline !== undefined ? { baselineRecord: path.resolve(options.baseline) } : {}),
      ...(shard !== undefined ? { shard } : {}),
      ...(journal !== undefined ? { journal } : {}),
      ...(options.carry !== false ? { carry: path.join(ROOT, MUTATE_REPORT) } : {}),
      ...(journal !== undefined ? { restartAboveHeapBytes: RESTART_HEAP_SHARE * v8.getHeapStatistics().heap_size_limit } : {}),
      ...(journal !== undefined && process.env[AFTER_CRASH_ENV] !== undefined ? { afterCrash: process.env[AFTER_CRASH_ENV] } : {}),
      onCarried: (n) => {
        done += n;
        if (n > 0) process.stderr.write(`bllvm mutate: ${n} results carried by key from ${MUTATE_REPORT} or an earlier run's journal (mutant, proofs and sources unchanged)\n`);
      },
      // A full or shard run takes hours: the proofs that killed a function's earlier mutants go first.
      order: file === undefined ? 'cheapest' : 'killers-first',
      onResumed: (n) => {
        done = n;
        if (n > 0 && journal !== undefined) process.stderr.write(`bllvm mutate: ${n} results taken from ${path.relative(ROOT, journal)}\n`);
      },
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
    const status = finish(report, options, file);
    if (journal !== undefined) rmSync(journal, { force: true });
    return status;
  } finally {
    await shutdownZ3();
  }
}
