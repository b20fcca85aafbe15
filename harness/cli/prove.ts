/**
 * `bllvm prove`: runs the kernel's SMT proofs (harness/), shows progress on stderr, writes the
 * run's report files to --out (untracked) and, with --write-docs, docs/PROOFS.md (tracked,
 * stable); exits 1 unless all are PROVED, 2 when the arguments select nothing. `--shard K/N`
 * runs one shard (harness/runner/shard.ts) without the whole-suite checks; `--merge DIR...`
 * combines shard reports (harness/merge.ts) and runs those checks (CI.md, "Sharding").
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundary, formatBoundary } from '../boundary.js';
import { coverageReport, formatCoverage } from '../coverage.js';
import { formatTable, writeProofsDoc, writeReportFiles } from '../reports.js';
import { type ExpectedProof, checkShards, mergedFrom, readShardReports, recordedVerdicts } from '../merge.js';
import { type ProofResult, type RunReport, createProject, getZ3, listProofFiles, loadProofs, runProofs, shutdownZ3 } from '../runner.js';
import { type Shard, parseShard, shardLabel } from '../runner/shard.js';
import { staleBoundaryNotes } from '../runner/boundaries.js';
import type { MergedShard } from '../runner/types.js';
import { TRANSLATOR_VERSION } from '../translate.js';
import { checkSpecDrift } from '../spec.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../shell/cli/output.js';

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
  /** `K/N`: only shard K of N (harness/runner/shard.ts); checked here, so a bad value is one line. */
  readonly shard?: string;
  /** Shard report folders to merge (harness/merge.ts). */
  readonly merge?: readonly string[];
}

/** Progress on stderr: one updating line on a terminal, else one line per finished proof. */
export interface Progress {
  plan(total: number): void;
  start(name: string): void;
  result(r: ProofResult): void;
  end(): void;
}

/** One line per finished proof: status, name, ms, rlimit (for logs and CI). */
export function progressLine(r: ProofResult, done: number, total: number): string {
  const cost = r.cached ? 'cached' : `${r.ms} ms, rlimit ${r.rlimit}`;
  return `[${done}/${total}] ${r.status.padEnd(8)} ${r.name} (${cost})`;
}

export function progress(stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let done = 0;
  let current = '';
  if (stream.isTTY !== true) {
    return {
      plan: (n) => {
        total = n;
      },
      start: () => undefined,
      result: (r) => {
        done += 1;
        stream.write(`${progressLine(r, done, total)}\n`);
      },
      end: () => undefined,
    };
  }
  const draw = (): void => {
    const line = `${done}/${total} ${current}`;
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
  };
  return {
    plan: (n) => {
      total = n;
      draw();
    },
    start: (name) => {
      current = name;
      draw();
    },
    result: (r) => {
      done += 1;
      // A failure stays on screen above the progress line.
      if (r.status !== 'PROVED') stream.write(`\r\x1b[K${progressLine(r, done, total)}\n`);
      draw();
    },
    end: () => stream.write('\r\x1b[K'),
  };
}

/** A path relative to the working folder when it is inside it, else absolute. */
function shortPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** `--shard` and `--merge` with the other options: the parsed shard, or a one-line usage error. */
function shardOption(options: ProveOptions): { readonly shard?: Shard } | { readonly error: string } {
  if (options.writeDocs && options.filter !== undefined) return { error: '--write-docs describes the whole suite: run it without --filter' };
  if (options.shard !== undefined && options.merge !== undefined) return { error: "--shard and --merge exclude each other: run the shards, then merge their --out folders" };
  if (options.shard === undefined) return {};
  const shard = parseShard(options.shard);
  if ('error' in shard) return shard;
  if (options.writeDocs) return { error: '--write-docs describes the whole suite: run it unsharded, or with --merge' };
  return { shard };
}

/** The proofs the checkout's selection has (a merge must find each exactly once), or none. */
async function expectedProofs(filter: string | undefined): Promise<ExpectedProof[]> {
  const { loaded, errors } = await loadProofs(ROOT, createProject(ROOT), filter);
  return [...loaded.map((l) => ({ file: path.relative(ROOT, l.file), name: l.rec.name })), ...errors.map((e) => ({ file: e.file, name: e.name }))];
}

function noMatch(filter: string): number {
  const files = listProofFiles(ROOT).map((f) => path.relative(ROOT, f));
  process.stderr.write(`bllvm prove: no proof name or proof file matches --filter '${filter}'; the proof files are ${files.join(', ')} (docs/PROOFS.md lists every proof by name)\n`);
  return EXIT_USAGE;
}

export async function proveCommand(options: ProveOptions): Promise<number> {
  const { filter, json, coverage } = options;
  const parsed = shardOption(options);
  if ('error' in parsed) {
    process.stderr.write(`bllvm prove: ${parsed.error}\n`);
    return EXIT_USAGE;
  }
  const { shard } = parsed;
  const noCache = !options.cache;
  const jobs = options.jobs ?? os.availableParallelism();
  const shown = progress(process.stderr);
  try {
    // This process ends with the run: its z3 context keeps every term (harness/runner/z3.ts).
    await getZ3({ keepTerms: true });
    let merged: { recorded: ReadonlyMap<string, ProofResult>; from: MergedShard[] } | undefined;
    if (options.merge !== undefined) {
      const read = readShardReports(options.merge);
      if ('error' in read) {
        process.stderr.write(`bllvm prove --merge: ${read.error}\n`);
        return EXIT_USAGE;
      }
      const expected = await expectedProofs(filter);
      if (filter !== undefined && expected.length === 0) return noMatch(filter);
      const problems = checkShards(read.shards, expected, { translator: TRANSLATOR_VERSION, solver: (await getZ3()).version, ...(filter !== undefined ? { filter } : {}) });
      if (problems.length > 0) {
        process.stderr.write(`bllvm prove --merge: the reports are not one run of this checkout's ${filter === undefined ? 'suite' : `--filter '${filter}' selection`}:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
        return EXIT_FAILED;
      }
      merged = { recorded: recordedVerdicts(read.shards), from: mergedFrom(read.shards) };
    }
    // The kernel boundary, SPEC.md drift and boundary covers are about the whole suite: a shard
    // leaves them to the merge, and a filtered run (which they never fail) skips them (3 s of a
    // filtered run's 7 s went to the boundary's ts-morph walk of the kernel).
    const wholeSuite = filter === undefined && shard === undefined;
    // Both run on the main thread while the workers solve the last proofs (a cold run's main
    // thread idles then; before the run they cost 1.3 s and 0.3 s of wall time with the workers idle).
    let boundary: ReturnType<typeof checkBoundary> = [];
    let drift: ReturnType<typeof checkSpecDrift> = [];
    let checked = !wholeSuite;
    const sourceChecks = (): void => {
      if (checked) return;
      checked = true;
      boundary = checkBoundary(ROOT);
      drift = checkSpecDrift(ROOT);
    };
    const run = await runProofs({
      root: ROOT,
      ...(filter !== undefined ? { filter } : {}),
      ...(shard !== undefined ? { shard } : {}),
      ...(merged !== undefined ? { recorded: merged.recorded } : {}),
      jobs,
      noCache,
      // The boundary covers are about the whole suite: unfiltered, unsharded runs (and merges) only.
      boundaries: wholeSuite,
      onPlan: (n) => shown.plan(n),
      onStart: (name) => shown.start(name),
      onResult: (r) => shown.result(r),
      onTranslated: sourceChecks,
    });
    // A run that ended before its last translation (nothing to prove) has not run them yet.
    sourceChecks();
    if (boundary.length > 0) process.stderr.write(`${formatBoundary(boundary)}\n`);
    const report: RunReport = merged !== undefined ? { ...run, merged: merged.from } : run;
    shown.end();
    if (filter !== undefined && report.results.length === 0 && (report.shard?.selected ?? 0) === 0) return noMatch(filter);
    const written: string[] = [];
    if (options.reports) written.push(...writeReportFiles(path.resolve(options.out), report));
    if (options.writeDocs) written.push(writeProofsDoc(ROOT, report, drift));
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(`${formatTable(report)}\n`);
      if (report.merged !== undefined) process.stdout.write(`${mergeLine(report.merged)}\n`);
      if (drift.length > 0) process.stdout.write(`\nSPEC.md drift:\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
      if (written.length > 0) process.stdout.write(`\nwrote ${written.map(shortPath).join(', ')}\n`);
    }
    if (report.shard !== undefined) (json ? process.stderr : process.stdout).write(`${shardLine(report.shard, report.results.length)}\n`);
    if (coverage) process.stdout.write(`\n${formatCoverage(coverageReport(ROOT, report))}\n`);
    // A shard may hold no proof of a small selection: it passes, and the merge has the rest.
    const ok = (report.results.length > 0 || shard !== undefined) && report.results.every((r) => r.status === 'PROVED');
    // Every comparison of a proved function has both sides of its boundary reached, or an explanation.
    const unexplained = (report.boundaries ?? []).filter((b) => b.unpinned !== undefined && b.explained === undefined);
    // ...and every note explains a comparison still unpinned.
    const stale = report.boundaries !== undefined ? await staleBoundaryNotes(ROOT, report.boundaries) : [];
    if (stale.length > 0) {
      (json ? process.stderr : process.stdout).write(`${stale.map((k) => `  STALE note '${k}' in proofs/boundary-notes.ts: no unpinned comparison of a proved function has that text (pinned now, or gone): remove it`).join('\n')}\n`);
    }
    // The boundary, SPEC.md and boundary-cover checks are about the whole kernel: they ran (and can fail) in unfiltered, unsharded runs (and merges) only; elsewhere these lists are empty.
    const wholeKernelHolds = boundary.length === 0 && drift.length === 0 && unexplained.length === 0 && stale.length === 0;
    return ok && wholeKernelHolds ? EXIT_OK : EXIT_FAILED;
  } finally {
    shown.end();
    await shutdownZ3();
  }
}

/** What a shard run leaves out, said after its table. */
export function shardLine(shard: NonNullable<RunReport['shard']>, proofs: number): string {
  const of = shard.filter !== undefined ? `the ${shard.selected} proofs --filter '${shard.filter}' selects` : `the suite's ${shard.selected} proofs`;
  return `shard ${shardLabel(shard)}: ${proofs} of ${of}; the kernel boundary, SPEC.md drift and boundary covers need every proof: left to bllvm prove --merge of the shards' --out folders`;
}

/** Which shard reports a merge was made of. */
export function mergeLine(from: readonly MergedShard[]): string {
  return `merged from ${from.length} report${from.length === 1 ? '' : 's'}: ${from.map((m) => `${m.shard ?? 'unsharded'} in ${shortPath(m.dir)} (${m.proofs} proofs, ${(m.ms / 1000).toFixed(1)} s)`).join(', ')}`;
}
