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
 *
 * Before a mutant is evaluated, a `{"started": id}` line is appended: the mutants a run started
 * and did not decide are the ones it was evaluating when it stopped (`unfinished`), which is how
 * a run started again after its process died (a V8 fatal error, not an exception) finds the
 * mutant that may have killed it (harness/mutate/run.ts `afterCrash`). Reopening the journal
 * drops those lines: only the last run's are ever read.
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
  /** The mutants the journal's last run started and did not decide, in the order it started them (its header is this run's). */
  readonly unfinished: readonly string[];
  readonly append: (r: MutantResult) => void;
  /** Notes that mutant `id` is being evaluated from now on. */
  readonly start: (id: string) => void;
}

/** The digest of a baseline: which proofs are PROVED, and on which translation of each. */
export function baselineDigest(proved: readonly { readonly name: string; readonly queryHash: string }[]): string {
  const h = createHash('sha256');
  for (const line of proved.map((r) => `${r.name} ${r.queryHash}`).sort()) h.update(`${line}\n`);
  return h.digest('hex');
}

/** The id of a `{"started": id}` line, else undefined. */
function startedId(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const id = (v as Record<string, unknown>)['started'];
  return typeof id === 'string' ? id : undefined;
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
  const started: string[] = [];
  for (const line of lines.slice(1)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue; // a torn last line, or the empty string after the final newline
    }
    const id = startedId(parsed);
    if (id !== undefined && same) started.push(id);
    if (!isResult(parsed)) continue;
    if (same) done.set(parsed.id, parsed);
    else if (typeof parsed.key === 'string') foreign.set(parsed.key, parsed);
  }
  // Rewritten without a torn tail, so that appends start on a fresh line (or afresh for this run),
  // and without the started lines (`unfinished` keeps what they say).
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${[headerLine, ...[...done.values()].map((r) => JSON.stringify(r))].join('\n')}\n`);
  const unfinished = [...new Set(started)].filter((id) => !done.has(id));
  return {
    done,
    foreign,
    unfinished,
    append: (r) => appendFileSync(file, `${JSON.stringify(r)}\n`),
    start: (id) => appendFileSync(file, `${JSON.stringify({ started: id })}\n`),
  };
}
