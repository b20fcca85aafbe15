/**
 * The run memo: a PROVED proof's whole result, and an unfiltered run's boundary covers, keyed by
 * the digest of every input a translation can read: the files of the proved root's kernel/,
 * proofs/ and harness/ (the kernel source, the proofs and their notes, the proof DSL), the running
 * translator's harness/, package-lock.json (the TypeScript that types the source, z3-solver) and
 * the solver with its parameters. An unchanged checkout answers from it without translating; any
 * byte changed in those inputs misses, and the proof is translated and looked up in the query
 * cache (harness/runner/cache.ts) as before. Only PROVED results are kept, like the query cache;
 * `--no-cache` bypasses both. Tests: test/harness/cache.test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOLVER_KIND, SOLVER_PARAMS } from '../pool.js';
import { TRANSLATOR_VERSION } from '../translate.js';
import type { BoundaryResult } from './boundaries.js';
import { readJson, writeJsonAtomic } from './cache.js';
import type { ProofResult } from './types.js';

/** The folders whose every file can change a translation (CI.md, "The proofs"). */
const SOURCE_DIRS = ['kernel', 'proofs', 'harness'] as const;

function filesUnder(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

/** The checkout this translator runs from (its harness/ and package-lock.json), which may not be the proved root's. */
const RUNNING = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The digest of the run's inputs: every file under the root's kernel/, proofs/ and harness/, its
 * lock file, the running translator's harness/ and lock file when that is another checkout, the
 * solver and its parameters.
 */
export function sourceDigest(root: string, solver: string): string {
  const h = createHash('sha256');
  h.update(`${TRANSLATOR_VERSION}\n${solver}\nsolver=${SOLVER_KIND}\nparams=${JSON.stringify(SOLVER_PARAMS)}\n`);
  const inputs = [
    ...SOURCE_DIRS.flatMap((d) => filesUnder(root, d).map((f) => ({ label: f, abs: path.join(root, f) }))),
    { label: 'package-lock.json', abs: path.join(root, 'package-lock.json') },
    // A tree proved by another checkout's translator (a scratch copy in the tests): that one's harness and lock file too.
    ...(path.resolve(root) === RUNNING
      ? []
      : [...filesUnder(RUNNING, 'harness'), 'package-lock.json'].map((f) => ({ label: `translator:${f}`, abs: path.join(RUNNING, f) }))),
  ];
  for (const { label, abs } of inputs) {
    const bytes = existsSync(abs) ? readFileSync(abs) : Buffer.alloc(0);
    h.update(`${label}\n${bytes.length}\n`);
    h.update(bytes);
  }
  return h.digest('hex');
}

const keyOf = (...parts: string[]): string => createHash('sha256').update(parts.join('\n')).digest('hex');

const proofFile = (dir: string, digest: string, name: string): string => path.join(dir, 'memo', `${keyOf('proof', digest, name)}.json`);

export function readProofMemo(dir: string, digest: string, name: string): ProofResult | undefined {
  const r = readJson<ProofResult>(proofFile(dir, digest, name));
  return r?.status === 'PROVED' && r.name === name ? r : undefined;
}

export function writeProofMemo(dir: string, digest: string, result: ProofResult): void {
  if (result.status === 'PROVED') writeJsonAtomic(proofFile(dir, digest, result.name), result);
}

/** The boundary covers depend on which proofs were PROVED (their translations and notes are in the digest). */
const boundaryFile = (dir: string, digest: string, proved: readonly string[]): string =>
  path.join(dir, 'memo', `${keyOf('boundaries', digest, ...[...proved].sort())}.json`);

export function readBoundaryMemo(dir: string, digest: string, proved: readonly string[]): BoundaryResult[] | undefined {
  const v = readJson<{ boundaries?: BoundaryResult[] }>(boundaryFile(dir, digest, proved));
  return Array.isArray(v?.boundaries) ? v.boundaries : undefined;
}

export function writeBoundaryMemo(dir: string, digest: string, proved: readonly string[], boundaries: readonly BoundaryResult[]): void {
  writeJsonAtomic(boundaryFile(dir, digest, proved), { boundaries });
}
