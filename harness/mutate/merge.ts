/**
 * `bllvm mutate --merge FILE...` (CI.md "Mutation score"): the reports of `mutate --shard K/N`
 * runs of one plan put back together as the report of a full run. Each shard must be of the same
 * plan (the same mutants, by their ids' digest), translator and solver, unfiltered, and every
 * shard 1..N must be there exactly once; the merged mutants must be exactly the plan's number.
 */
import { readFileSync } from 'node:fs';
import { countOutcomes, summarize } from './run.js';
import type { FunctionMutations, MutateReport } from './types.js';

/** Mutant ids (`file:line:column operator replacement`) in source order, as a full run lists them. */
function bySourcePosition(a: { readonly id: string }, b: { readonly id: string }): number {
  const at = (id: string): [string, number, number] => {
    const m = /^(.*?):(\d+):(\d+) /.exec(id);
    return [m?.[1] ?? id, Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
  };
  const [fa, la, ca] = at(a.id);
  const [fb, lb, cb] = at(b.id);
  return fa.localeCompare(fb) || la - lb || ca - cb || a.id.localeCompare(b.id);
}

/** Reads shard reports; a file that is not a `bllvm-mutate/1` record is an error naming it. */
export function readMutateReports(files: readonly string[]): MutateReport[] | { readonly error: string } {
  const out: MutateReport[] = [];
  for (const f of files) {
    let r: Partial<MutateReport>;
    try {
      r = JSON.parse(readFileSync(f, 'utf8')) as Partial<MutateReport>;
    } catch (e) {
      return { error: `${f}: not readable as JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    if (r.schema !== 'bllvm-mutate/1' || !Array.isArray(r.functions)) return { error: `${f}: not a bllvm-mutate/1 record` };
    out.push(r as MutateReport);
  }
  return out;
}

/** The full run's report from its shards' reports, or why they do not make one. */
export function mergeMutateReports(shards: readonly MutateReport[]): MutateReport | { readonly error: string } {
  const first = shards[0];
  if (first === undefined) return { error: 'no shard reports to merge' };
  const count = first.shard?.count;
  for (const r of shards) {
    if (r.shard === undefined || r.plan === undefined) return { error: 'a report without --shard (or from an older mutate) cannot be merged' };
    if (r.filter !== undefined) return { error: `shard ${r.shard.index}/${r.shard.count} was filtered (--filter '${r.filter}'): a merge is of full runs only` };
    if (r.shard.count !== count) return { error: `shards of ${count} and of ${r.shard.count}: merge the shards of one split` };
    if (r.plan.digest !== first.plan?.digest || r.plan.mutants !== first.plan.mutants) return { error: `shard ${r.shard.index}/${r.shard.count} has another plan (${r.plan.mutants} mutants, ${r.plan.digest.slice(0, 12)}) than shard ${first.shard?.index}/${count} (${first.plan?.mutants}, ${first.plan?.digest.slice(0, 12)}): the sources changed between the runs` };
    if (r.translator !== first.translator || r.solver !== first.solver) return { error: `shard ${r.shard.index}/${r.shard.count} ran another translator or solver` };
  }
  const indexes = shards.map((r) => r.shard?.index as number).sort((a, b) => a - b);
  const expected = Array.from({ length: count ?? 0 }, (_, i) => i + 1);
  if (indexes.join(',') !== expected.join(',')) return { error: `shards ${indexes.join(', ')} of ${count}: each of 1..${count} must be there exactly once` };
  const byFunction = new Map<string, { proofs: readonly string[]; results: FunctionMutations['results'][number][] }>();
  for (const r of shards) {
    for (const f of r.functions) {
      const entry = byFunction.get(f.function) ?? { proofs: f.proofs, results: [] };
      entry.results.push(...f.results);
      byFunction.set(f.function, entry);
    }
  }
  const functions: FunctionMutations[] = [...byFunction.keys()].sort().map((name) => {
    const { proofs, results } = byFunction.get(name) as { proofs: readonly string[]; results: FunctionMutations['results'][number][] };
    const sorted = [...results].sort(bySourcePosition);
    return { function: name, proofs, ...countOutcomes(sorted), results: sorted };
  });
  const all = functions.flatMap((f) => f.results);
  if (all.length !== first.plan?.mutants || new Set(all.map((r) => r.id)).size !== all.length) {
    return { error: `the shards hold ${all.length} results (${new Set(all.map((r) => r.id)).size} distinct) for a plan of ${first.plan?.mutants} mutants` };
  }
  const { shard: _shard, carried: _carried, ...rest } = first;
  const carried = shards.reduce((s, r) => s + (r.carried ?? 0), 0);
  return {
    ...rest,
    ...(carried > 0 ? { carried } : {}),
    startedAt: shards.map((r) => r.startedAt).sort()[0] ?? first.startedAt,
    ms: shards.reduce((s, r) => s + r.ms, 0),
    baseline: `${first.baseline}; merged from ${count} shards`,
    functions,
    ...summarize(functions),
  };
}
