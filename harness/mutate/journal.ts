/**
 * The journal of a mutation run: each mutant's result is appended as one JSON line as soon as it
 * is decided, after a header naming the run (plan, translator, solver, shard, and the baseline's
 * PROVED proofs with their translation hashes). A run stopped part way (a session's end, a killed
 * CI job) and started again with the same header takes the journal's results and runs only the
 * rest; any difference in the header starts the journal afresh, so a result is never resumed into
 * another plan or another proof suite. Each line carries its result's key (harness/mutate/carry.ts):
 * the keyed results of a journal started afresh are offered to the new run as carried results,
 * which takes those whose keys it computes again (a journal committed part way through a run that
 * takes longer than a session survives a change to the sources: only what the change touches is
 * solved again). A torn last line (the process stopped mid-write) is dropped.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Shard } from '../runner/shard.js';
import type { MutantResult, MutatePlan } from './types.js';

export interface JournalHeader {
  readonly schema: 'bllvm-mutate-journal/1';
  readonly plan: MutatePlan;
  readonly translator: string;
  readonly solver: string;
  readonly shard: Shard | null;
  /** SHA-256 of the baseline's PROVED proofs, `name queryHash` per line, sorted. */
  readonly baseline: string;
}

export interface Journal {
  /** Results already in the journal, by mutant id (its header is this run's). */
  readonly done: ReadonlyMap<string, MutantResult>;
  /** Keyed results of a journal of another run (another header): carried when their keys match. */
  readonly foreign: ReadonlyMap<string, MutantResult>;
  readonly append: (r: MutantResult) => void;
}

/** The digest of a baseline: which proofs are PROVED, and on which translation of each. */
export function baselineDigest(proved: readonly { readonly name: string; readonly queryHash: string }[]): string {
  const h = createHash('sha256');
  for (const line of proved.map((r) => `${r.name} ${r.queryHash}`).sort()) h.update(`${line}\n`);
  return h.digest('hex');
}

function isResult(v: unknown): v is MutantResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['id'] === 'string' && typeof r['outcome'] === 'string' && typeof r['diff'] === 'string';
}

/** Opens `file` for the run `header`: its results when the header matches, else a fresh journal. */
export function openJournal(file: string, header: JournalHeader): Journal {
  const headerLine = JSON.stringify(header);
  const done = new Map<string, MutantResult>();
  const foreign = new Map<string, MutantResult>();
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const same = lines[0] === headerLine;
  for (const line of lines.slice(1)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue; // a torn last line, or the empty string after the final newline
    }
    if (!isResult(parsed)) continue;
    if (same) done.set(parsed.id, parsed);
    else if (typeof parsed.key === 'string') foreign.set(parsed.key, parsed);
  }
  // Rewritten without a torn tail, so that appends start on a fresh line (or afresh for this run).
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${[headerLine, ...[...done.values()].map((r) => JSON.stringify(r))].join('\n')}\n`);
  return { done, foreign, append: (r) => appendFileSync(file, `${JSON.stringify(r)}\n`) };
}
