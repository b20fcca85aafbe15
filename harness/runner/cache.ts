/**
 * The proof cache: only PROVED results, in `.cache/proofs/<sha256>.json`, keyed by the translator
 * version, the solver (version, kind, parameters, how queries share contexts), the rlimit and the text of every query.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SOLVER_KIND, SOLVING_MODE } from '../pool.js';
import { TRANSLATOR_VERSION } from '../translate.js';
import type { Built } from './build.js';
import type { CheckResult } from './types.js';

export interface CachedProof {
  readonly checks: CheckResult[];
  readonly rlimit: number;
  readonly ms: number;
}

export function cacheKey(solver: string, rlimit: number, built: Built): string {
  const h = createHash('sha256');
  h.update(`${TRANSLATOR_VERSION}\n${solver}\nsolver=${SOLVER_KIND}\nrlimit=${rlimit}\nparams=${JSON.stringify(built.solverParams)}\nmode=${SOLVING_MODE}\n`);
  let previous: string | undefined;
  for (const q of built.queries) {
    if (q.sharedText !== undefined) {
      // A batch text once for its goals (each goal in a fresh solver of the text's context, an undetermined one again alone).
      h.update(`${q.kind}:${q.name} (goal ${q.sharedText.index} of a shared text, each in a fresh solver)\n${q.smt === previous ? '' : q.smt}\n`);
    } else {
      h.update(`${q.kind}:${q.name}${q.shared === undefined ? '' : ' (shared context)'}\n${q.smt}\n`);
    }
    previous = q.smt;
  }
  return h.digest('hex');
}

export function readCache(dir: string, key: string): CachedProof | undefined {
  const v = readJson<{ checks?: CheckResult[]; rlimit?: number; ms?: number }>(path.join(dir, `${key}.json`));
  return v !== undefined && Array.isArray(v.checks) && typeof v.rlimit === 'number' ? { checks: v.checks, rlimit: v.rlimit, ms: v.ms ?? 0 } : undefined;
}

/** A cache file's JSON; undefined when it is missing or unreadable (the entry is then recomputed). */
export function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, key: string, name: string, proof: CachedProof): void {
  writeJsonAtomic(path.join(dir, `${key}.json`), { name, checks: proof.checks, rlimit: proof.rlimit, ms: proof.ms });
}

/** Write-then-rename: a concurrent run never reads half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}
