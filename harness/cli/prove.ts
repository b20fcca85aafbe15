/**
 * `bllvm prove`: runs the kernel's SMT proofs (harness/), shows progress on stderr, writes the
 * run's report files to --out (untracked) and, with --write-docs, docs/PROOFS.md (tracked,
 * stable); exits 1 unless all are PROVED, 2 when the arguments select nothing.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundary, formatBoundary } from '../boundary.js';
import { coverageReport, formatCoverage } from '../coverage.js';
import { formatTable, writeProofsDoc, writeReportFiles } from '../reports.js';
import { type ProofResult, listProofFiles, runProofs, shutdownZ3 } from '../runner.js';
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

export async function proveCommand(options: ProveOptions): Promise<number> {
  const { filter, json, coverage } = options;
  if (options.writeDocs && filter !== undefined) {
    process.stderr.write('bllvm prove: --write-docs describes the whole suite: run it without --filter\n');
    return EXIT_USAGE;
  }
  const noCache = !options.cache;
  const jobs = options.jobs ?? os.availableParallelism();
  const shown = progress(process.stderr);
  try {
    const boundary = checkBoundary(ROOT);
    if (boundary.length > 0) process.stderr.write(`${formatBoundary(boundary)}\n`);
    const report = await runProofs({
      root: ROOT,
      ...(filter !== undefined ? { filter } : {}),
      jobs,
      noCache,
      // The boundary covers are about the whole suite: unfiltered runs only.
      boundaries: filter === undefined,
      onPlan: (n) => shown.plan(n),
      onStart: (name) => shown.start(name),
      onResult: (r) => shown.result(r),
    });
    shown.end();
    if (filter !== undefined && report.results.length === 0) {
      const files = listProofFiles(ROOT).map((f) => path.relative(ROOT, f));
      process.stderr.write(`bllvm prove: no proof name or proof file matches --filter '${filter}'; the proof files are ${files.join(', ')} (docs/PROOFS.md lists every proof by name)\n`);
      return EXIT_USAGE;
    }
    const drift = checkSpecDrift(ROOT);
    const written: string[] = [];
    if (options.reports) written.push(...writeReportFiles(path.resolve(options.out), report));
    if (options.writeDocs) written.push(writeProofsDoc(ROOT, report, drift));
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(`${formatTable(report)}\n`);
      if (drift.length > 0) process.stdout.write(`\nSPEC.md drift:\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
      if (written.length > 0) process.stdout.write(`\nwrote ${written.map(shortPath).join(', ')}\n`);
    }
    if (coverage) process.stdout.write(`\n${formatCoverage(coverageReport(ROOT, report))}\n`);
    const ok = report.results.length > 0 && report.results.every((r) => r.status === 'PROVED');
    // Every comparison of a proved function has both sides of its boundary reached, or an explanation.
    const unexplained = (report.boundaries ?? []).filter((b) => b.unpinned !== undefined && b.explained === undefined);
    // The boundary, SPEC.md and boundary-cover checks are about the whole kernel: they fail unfiltered runs only.
    const global = filter === undefined ? boundary.length === 0 && drift.length === 0 && unexplained.length === 0 : true;
    return ok && global ? EXIT_OK : EXIT_FAILED;
  } finally {
    shown.end();
    await shutdownZ3();
  }
}
