/**
 * `bllvm prove --merge DIR...` (issue 10 §5, CI.md "Sharding"): reads the shards' report files
 * (DIR/proofs.json of `bllvm prove --shard K/N --out DIR`) and checks that they make up this
 * checkout's suite: one translator and solver (this checkout's), every proof present exactly
 * once. The verdicts are then the shards' (harness/runner/run.ts, `recorded`), and the merge
 * itself translates the proofs again for the query-hash check and the boundary covers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MergedShard, ProofResult, RunReport } from './runner/types.js';
import { proofKey } from './runner/shard.js';

export interface ShardReport {
  readonly dir: string;
  readonly report: RunReport;
}

/** DIR/proofs.json of each folder, or why one cannot be read (the CLI's exit 2). */
export function readShardReports(dirs: readonly string[]): { readonly shards: ShardReport[] } | { readonly error: string } {
  const shards: ShardReport[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, 'proofs.json');
    if (!existsSync(file)) return { error: `${file} does not exist (a shard's --out folder holds proofs.json)` };
    let report: unknown;
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return { error: `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    const r = report as Partial<RunReport> | null;
    if (r === null || typeof r !== 'object' || r.schema !== 'bllvm-proofs/1' || !Array.isArray(r.results) || typeof r.translator !== 'string' || typeof r.solver !== 'string') {
      return { error: `${file} is not a bllvm-proofs/1 report` };
    }
    shards.push({ dir, report: r as RunReport });
  }
  return { shards };
}

/** A proof as the checkout has it: file relative to the checkout, and name. */
export interface ExpectedProof {
  readonly file: string;
  readonly name: string;
}

const SHOWN = 10;

function listed(items: readonly string[]): string {
  return `${items.slice(0, SHOWN).join('; ')}${items.length > SHOWN ? `; and ${items.length - SHOWN} more` : ''}`;
}

/**
 * Why the shards are not one run of the expected suite, one finding a line (none: they are):
 * another translator or solver than `current`, proofs missing, present more than once (in two
 * shards or twice in one), or not in the checkout.
 */
export function checkShards(
  shards: readonly ShardReport[],
  expected: readonly ExpectedProof[],
  current: { readonly translator: string; readonly solver: string; readonly filter?: string },
): string[] {
  const problems: string[] = [];
  for (const { dir, report } of shards) {
    if (report.translator !== current.translator) problems.push(`${dir}: translator ${report.translator}, this checkout's is ${current.translator}`);
    if (report.solver !== current.solver) problems.push(`${dir}: solver ${report.solver}, this checkout's is ${current.solver}`);
  }
  const where = new Map<string, string[]>();
  for (const { dir, report } of shards) {
    for (const r of report.results) {
      const key = proofKey(r.file, r.name);
      where.set(key, [...(where.get(key) ?? []), dir]);
    }
  }
  const shown = (key: string): string => {
    const [file, name] = key.split('\n');
    return `'${name}' (${file})`;
  };
  const expectedKeys = new Set(expected.map((p) => proofKey(p.file, p.name)));
  const missing = [...expectedKeys].filter((k) => !where.has(k));
  const doubled = [...where].filter(([, dirs]) => dirs.length > 1);
  const unexpected = [...where.keys()].filter((k) => !expectedKeys.has(k));
  if (missing.length > 0) problems.push(`${missing.length} of the checkout's ${expectedKeys.size} proofs in no shard report: ${listed(missing.map(shown))}`);
  if (doubled.length > 0) problems.push(`${doubled.length} proofs in more than one report: ${listed(doubled.map(([k, dirs]) => `${shown(k)} in ${dirs.join(', ')}`))}`);
  if (unexpected.length > 0) problems.push(`${unexpected.length} proofs in the reports are not in this checkout's selection: ${listed(unexpected.map(shown))}`);
  const labels = shards.map((s) => s.report.shard);
  if (problems.length > 0 && labels.every((l) => l !== undefined)) {
    const counts = new Set(labels.map((l) => l.count));
    const seen = new Set(labels.map((l) => l.index));
    const filters = new Set(labels.map((l) => l.filter ?? ''));
    const mine = current.filter ?? '';
    if (counts.size === 1) {
      const n = labels[0]?.count ?? 0;
      const absent = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
      if (absent.length > 0) problems.push(`the reports are shards ${labels.map((l) => `${l.index}/${l.count}`).join(', ')}: ${absent.map((k) => `${k}/${n}`).join(', ')} missing`);
    } else problems.push(`the reports split the suite in different ways: ${labels.map((l) => `${l.index}/${l.count}`).join(', ')}`);
    if (filters.size > 1 || !filters.has(mine)) problems.push(`the shards ran with --filter ${[...filters].map((f) => (f === '' ? '(none)' : `'${f}'`)).join(', ')}: merge with the same --filter`);
  }
  return problems;
}

/** The recorded verdicts, by proofKey, for runProofs's `recorded` (call after checkShards found nothing). */
export function recordedVerdicts(shards: readonly ShardReport[]): Map<string, ProofResult> {
  return new Map(shards.flatMap(({ report }) => report.results.map((r): [string, ProofResult] => [proofKey(r.file, r.name), r])));
}

/** The merged report's record of its shards. */
export function mergedFrom(shards: readonly ShardReport[]): MergedShard[] {
  return shards.map(({ dir, report }) => ({
    dir,
    ...(report.shard !== undefined ? { shard: `${report.shard.index}/${report.shard.count}` } : {}),
    startedAt: report.startedAt,
    ms: report.ms,
    proofs: report.results.length,
  }));
}
