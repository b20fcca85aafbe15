/**
 * The proof cache: only PROVED results, in `.cache/proofs/<sha256>.json`, keyed by the translator
 * version, the solver (version, kind, parameters, how queries share contexts, the case queries'
 * budget), the rlimit and the text of every query with its digests (the structural hashes the
 * worker checked the text against, harness/runner/smt-print.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SOLVER_KIND, SOLVING_MODE } from '../pool.js';
import { CASE_RLIMIT } from './solve.js';
import { TRANSLATOR_VERSION } from '../translate.js';
import type { Built, BuiltQuery } from './build.js';
import type { CheckResult } from './types.js';

export interface CachedProof {
  readonly checks: CheckResult[];
  readonly rlimit: number;
  readonly ms: number;
}

export function cacheKey(solver: string, rlimit: number, built: Built): string {
  const h = createHash('sha256');
  h.update(`${TRANSLATOR_VERSION}\n${solver}\nsolver=${SOLVER_KIND}\nrlimit=${rlimit}\nparams=${JSON.stringify(built.solverParams)}\nmode=${SOLVING_MODE}; case queries within ${CASE_RLIMIT}, then each check of an undecided case alone (${built.aloneAs})\n`);
  let previous: string | undefined;
  const hashQuery = (q: BuiltQuery): void => {
    if (q.sharedText !== undefined) {
      // A batch text once for its goals (each goal in a fresh solver of the text's context, an undetermined one again alone).
      h.update(`${q.kind}:${q.name} (goal ${q.sharedText.index} of a shared text, each in a fresh solver)\n${q.smt === previous ? '' : `${q.smt}digests ${q.digests.join(' ')}\n`}\n`);
    } else {
      // The digests too: the worker checks each text against them, and a cached answer was checked so.
      h.update(`${q.kind}:${q.name}${q.shared === undefined ? '' : ' (shared context)'}\n${q.smt}digests ${q.digests.join(' ')}\n`);
    }
    previous = q.smt;
  };
  built.queries.forEach(hashQuery);
  // A case query's text holds every check's violation, so its checks' own queries (printed only
  // when it leaves them undecided) are functions of it and the proof's options; their names are not.
  for (const c of built.cases) {
    if (c.query === undefined) c.alone().forEach(hashQuery);
    else h.update(`case ${c.query}: ${built.checks.slice(c.first, c.first + c.count).map((k) => `${k.kind}:${k.message}`).join('\n')}\n`);
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
