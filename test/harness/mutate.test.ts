/**
 * The mutation score (harness/mutate/, issue 10 §3) on a fixture project with one function and a
 * deliberately weak spec: every mutant's outcome below was worked out by hand from the code and
 * the spec (not taken from a run). clampPercent(x) for x in [-50, 150]; the proof only says the
 * result is in [0, 100], so mutants that return another in-range value survive, mutants that
 * move a boundary by one where both sides return the same value are equivalent, and mutants
 * that can return a value outside [0, 100] are killed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeMutateReports } from '../../harness/mutate/merge.js';
import { MAX_HEAP_RESTARTS, MAX_Z3_RESTARTS, childOutcome, runResumingAfterAborts } from '../../harness/cli/mutate.js';
import { EXIT_RESUME, EXIT_Z3_ABORTED, isZ3Abort, runMutations } from '../../harness/mutate/run.js';
import type { MutateReport } from '../../harness/mutate/types.js';
import { shutdownZ3 } from '../../harness/runner.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the checkout (.cache is ignored) so that the fixture resolves like the kernel does.
const FIXTURE = path.join(ROOT, '.cache/mutate-fixture');
// Another folder for the map fixture: a process keeps one ts-morph project per root.
const MAP_FIXTURE = path.join(ROOT, '.cache/mutate-fixture-map');
const CLOSURE_FIXTURE = path.join(ROOT, '.cache/mutate-fixture-closure');

const KERNEL = [
  '/** Fixture of test/harness/mutate.test.ts. */',
  'export function clampPercent(x: number): number {',
  '  if (x < 0) return 0;',
  '  if (x > 100) return 100;',
  '  return x;',
  '}',
  '',
].join('\n');

const PROOF = [
  "import { int, proof } from '../harness/dsl.js';",
  "import { clampPercent } from '../kernel/fixture.js';",
  "export const inRange = proof('clampPercent stays within [0, 100]', {",
  "  fn: clampPercent, spec: '§0', statement: 'the result is within [0, 100]', inputs: { x: int(-50, 150) },",
  '  ensures: ({ x }) => clampPercent(x) >= 0 && clampPercent(x) <= 100,',
  '});',
  // Just as weak, split by k: its equivalence queries are one per case (k = 0..3).
  "export const shifted = proof('clampPercent stays within [0, 100], split by shift', {",
  "  fn: clampPercent, spec: '§0', statement: 'the result is within [0, 100]', inputs: { x: int(-50, 150), k: int(0, 3) }, split: 'k',",
  '  ensures: ({ x, k }) => clampPercent(x + k) >= 0 && clampPercent(x + k) <= 100,',
  '});',
  '',
].join('\n');

/**
 * A function that writes a map its caller made, as ConnectBlock's delta builder does: tally adds
 * n to a key's count when n > 0, and addTwice calls it twice on {a: 0}. The proof only says the
 * count never goes negative.
 */
const MAP_KERNEL = [
  '/** Fixture of test/harness/mutate.test.ts: a function that writes a map its caller made. */',
  'export function tally(counts: Map<string, number>, key: string, n: number): void {',
  '  if (n <= 0) return;',
  '  counts.set(key, (counts.get(key) ?? 0) + n);',
  '}',
  'export function addTwice(n: number): number {',
  '  const counts = new Map<string, number>();',
  "  counts.set('a', 0);",
  "  tally(counts, 'a', n);",
  "  tally(counts, 'a', n);",
  "  return counts.get('a') ?? 0;",
  '}',
  '',
].join('\n');

const MAP_PROOF = [
  "import { int, proof } from '../harness/dsl.js';",
  "import { addTwice, tally } from '../kernel/fixture.js';",
  "export const neverNegative = proof('a count never goes negative', {",
  "  fn: tally, spec: '§0', statement: 'the count is at least 0', inputs: { n: int(-3, 3) },",
  '  ensures: ({ n }) => addTwice(n) >= 0,',
  '});',
  '',
].join('\n');

/**
 * A function returning a closure over a local arrow, as createTransactionSignatureChecker returns
 * methods over its signature-hash cache: the proof looks at the returned object but never calls
 * `scale`, so no mutant of `times` can be killed, and none may be called equivalent either: the
 * method's own text is unchanged, but the `times` it calls is the mutant (k >= 0 would in fact
 * return the same, which the harness cannot show without calling it). A review found them all
 * "equivalent" (function values were compared by their text).
 */
const CLOSURE_KERNEL = [
  '/** Fixture of test/harness/mutate.test.ts: a closure over a local arrow. */',
  'export function makeScaler(k: number): { readonly k: number; readonly scale: (x: number) => number } {',
  '  const times = (x: number): number => (k > 0 ? x * k : 0);',
  '  return { k, scale: (x: number): number => times(x) };',
  '}',
  '',
].join('\n');

const CLOSURE_PROOF = [
  "import { int, proof } from '../harness/dsl.js';",
  "import { makeScaler } from '../kernel/fixture.js';",
  "export const keepsK = proof('the scaler keeps its factor', {",
  "  fn: makeScaler, spec: '§0', statement: 'k is kept', inputs: { k: int(-3, 3) },",
  '  ensures: ({ k }) => makeScaler(k).k === k,',
  '});',
  '',
].join('\n');

function writeFixture(dir = FIXTURE, kernel = KERNEL, proofText = PROOF): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'kernel'), { recursive: true });
  mkdirSync(path.join(dir, 'proofs'), { recursive: true });
  mkdirSync(path.join(dir, 'harness'), { recursive: true });
  cpSync(path.join(ROOT, 'harness/dsl.ts'), path.join(dir, 'harness/dsl.ts'));
  writeFileSync(path.join(dir, 'kernel/fixture.ts'), kernel);
  writeFileSync(path.join(dir, 'proofs/fixture.proof.ts'), proofText);
}

/** The result lines of a journal (after its header; the `{"started": id}` lines left out). */
function journalResults(journal: string): { id: string; outcome: string; detail?: string; key?: string }[] {
  return readFileSync(journal, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as { id?: string; outcome: string; started?: string })
    .filter((l): l is { id: string; outcome: string } => l.id !== undefined);
}

/** A script (in the fixture) that runs shard 1 of 2 of the fixture journaled to `journal`, with more options (TypeScript text); its path. */
function shardOneScript(name: string, journal: string, options: string): string {
  const script = path.join(FIXTURE, name);
  writeFileSync(
    script,
    `import { runMutations } from ${JSON.stringify(path.join(ROOT, 'harness/mutate/run.ts'))};\n` +
      `import { shutdownZ3 } from ${JSON.stringify(path.join(ROOT, 'harness/runner.ts'))};\n` +
      `await runMutations({ root: ${JSON.stringify(FIXTURE)}, jobs: 1, shard: { index: 1, count: 2 }, journal: ${JSON.stringify(journal)}, ${options} });\n` +
      'await shutdownZ3();\n',
  );
  return script;
}

afterAll(async () => {
  await shutdownZ3();
  rmSync(FIXTURE, { recursive: true, force: true });
  rmSync(MAP_FIXTURE, { recursive: true, force: true });
  rmSync(CLOSURE_FIXTURE, { recursive: true, force: true });
});

describe('bllvm mutate on a fixture', { timeout: 20 * 60_000 }, () => {
  it("tells z3's wasm abort (the run then stops at once) from a translation error", () => {
    expect(isZ3Abort(new Error('Aborted(Cannot enlarge memory arrays to size 2212417536 bytes (OOM).)'))).toBe(true);
    expect(isZ3Abort(new Error('kernel/script/interpreter.ts:123:17: unsupported: slice with non-constant bounds'))).toBe(false);
    expect(isZ3Abort('Aborted(OOM)')).toBe(false);
  });

  it('starts a journaled run again after each z3 abort, up to its limit, and passes its last status on', () => {
    const runOf = (statuses: number[]) => {
      const restarts: number[] = [];
      let calls = 0;
      const status = runResumingAfterAborts(
        () => statuses[Math.min(calls++, statuses.length - 1)] as number,
        (n) => restarts.push(n),
      );
      return { status, calls, restarts };
    };
    // Two aborts, then the run ends below the score (1): three runs, status 1.
    expect(runOf([EXIT_Z3_ABORTED, EXIT_Z3_ABORTED, 1])).toEqual({ status: 1, calls: 3, restarts: [1, 2] });
    expect(runOf([0])).toEqual({ status: 0, calls: 1, restarts: [] });
    // A run that aborts every time stops after MAX_Z3_RESTARTS restarts, failed (1), not the abort status.
    const forever = runOf([EXIT_Z3_ABORTED]);
    expect(forever.calls).toBe(MAX_Z3_RESTARTS + 1);
    expect(forever.status).toBe(1);
    // Restarts on a fresh heap (EXIT_RESUME) are counted apart: 60 of them and 2 aborts still end with the run's status.
    const heapy = runOf([...Array.from({ length: 30 }, () => EXIT_RESUME), EXIT_Z3_ABORTED, ...Array.from({ length: 30 }, () => EXIT_RESUME), EXIT_Z3_ABORTED, 0]);
    expect(heapy).toMatchObject({ status: 0, calls: 63 });
    expect(heapy.restarts.filter((n) => n === 1)).toHaveLength(2); // the first resume and the first abort
    // A run that only ever asks for a fresh heap stops after MAX_HEAP_RESTARTS, failed.
    const resumesForever = runOf([EXIT_RESUME]);
    expect(resumesForever.calls).toBe(MAX_HEAP_RESTARTS + 1);
    expect(resumesForever.status).toBe(1);
  });

  it('kills, keeps and proves equivalent exactly the mutants the weak spec allows', async () => {
    writeFixture();
    const report = await runMutations({ root: FIXTURE, jobs: 2 });
    const results = report.functions.flatMap((f) => f.results);
    const outcome = new Map(results.map((r) => [r.diff, r.outcome]));
    const diff = (line: number, before: string, after: string): string => `kernel/fixture.ts:${line}: - ${before}  + ${after}`;
    // Killed: the result can leave [0, 100].
    expect(outcome.get(diff(3, 'if (x < 0) return 0;', 'if (false) return 0;'))).toBe('killed'); // x = -50 returns -50
    expect(outcome.get(diff(3, 'if (x < 0) return 0;', 'if (x < 0) return (-1);'))).toBe('killed');
    expect(outcome.get(diff(4, 'if (x > 100) return 100;', 'if (x > 101) return 100;'))).toBe('killed'); // x = 101
    // Survived: another in-range value (the spec does not say which).
    expect(outcome.get(diff(4, 'if (x > 100) return 100;', 'if (x > 100) return 99;'))).toBe('survived');
    expect(outcome.get(diff(3, 'if (x < 0) return 0;', 'if (true) return 0;'))).toBe('survived');
    // Equivalent, proved: at x = 0 (x = 100) both branches return the same value.
    expect(outcome.get(diff(3, 'if (x < 0) return 0;', 'if (x <= 0) return 0;'))).toBe('equivalent');
    expect(outcome.get(diff(4, 'if (x > 100) return 100;', 'if (x > 99) return 100;'))).toBe('equivalent');
    // Equivalence is decided once for the unsplit proof and once per case of the split one (1 + 4 queries).
    for (const r of results.filter((x) => x.outcome === 'equivalent')) expect(r.detail).toContain('in 5 queries');
    // Every mutant, by hand: 2 conditions x 2, 2 relational flips, 2 swaps, 4 literals x 2 = 16;
    // killed 8, survived 4 (if true, return 0 -> 1, if (x > 100) -> true, return 100 -> 99), equivalent 4.
    expect(report.totals).toEqual({ mutants: 16, killed: 8, survived: 4, equivalent: 4, error: 0, unknown: 0 });
    expect(report.score).toBeCloseTo(8 / 12, 10);
    expect(report.byOperator.condition).toEqual({ mutants: 4, killed: 2, survived: 2, equivalent: 0, error: 0, unknown: 0 });
    expect(report.byOperator.relational).toEqual({ mutants: 2, killed: 0, survived: 0, equivalent: 2, error: 0, unknown: 0 });
    expect(report.byOperator.swap).toEqual({ mutants: 2, killed: 2, survived: 0, equivalent: 0, error: 0, unknown: 0 });
  });

  it('a function that writes a map: equivalence compares the maps it leaves, not only its result', async () => {
    writeFixture(MAP_FIXTURE, MAP_KERNEL, MAP_PROOF);
    const report = await runMutations({ root: MAP_FIXTURE, jobs: 2, filter: 'tally' });
    const results = report.functions.flatMap((f) => f.results);
    const outcome = new Map(results.map((r) => [r.diff, r.outcome]));
    const diff = (line: number, before: string, after: string): string => `kernel/fixture.ts:${line}: - ${before}  + ${after}`;
    const set = 'counts.set(key, (counts.get(key) ?? 0) + n);';
    // Equivalent, proved on the map: at n = 0 the mutants set a to a + 0, and 'a' is always there, so ?? 1 and ?? -1 are never taken.
    expect(outcome.get(diff(3, 'if (n <= 0) return;', 'if (n < 0) return;'))).toBe('equivalent');
    expect(outcome.get(diff(3, 'if (n <= 0) return;', 'if (n <= (-1)) return;'))).toBe('equivalent');
    expect(outcome.get(diff(4, set, 'counts.set(key, (counts.get(key) ?? 1) + n);'))).toBe('equivalent');
    expect(outcome.get(diff(4, set, 'counts.set(key, (counts.get(key) ?? (-1)) + n);'))).toBe('equivalent');
    // Survived, not equivalent: the map differs (a count of 0 where it would be 2n), which the spec cannot see.
    expect(outcome.get(diff(3, 'if (n <= 0) return;', 'if (n <= 1) return;'))).toBe('survived');
    expect(outcome.get(diff(4, set, '{}'))).toBe('survived');
    expect(outcome.get(diff(3, 'if (n <= 0) return;', 'if (true) return;'))).toBe('survived');
    // Killed: negative n reaches the map.
    expect(outcome.get(diff(3, 'if (n <= 0) return;', 'if (false) return;'))).toBe('killed');
    expect(outcome.get(diff(3, 'if (n <= 0) return;', 'if (0 <= n) return;'))).toBe('killed');
    // By hand: 3 conditions (true, false, and the swapped operands 0 <= n), 2 bounds, the dropped set, 2 literals; 9 in all.
    expect(report.totals).toEqual({ mutants: 9, killed: 2, survived: 3, equivalent: 4, error: 0, unknown: 0 });
    for (const r of results) expect(r.detail ?? '').not.toMatch(/writes a map/);
  });

  it('a closure over a mutated local arrow is never equivalent: function values are never claimed the same', async () => {
    writeFixture(CLOSURE_FIXTURE, CLOSURE_KERNEL, CLOSURE_PROOF);
    const report = await runMutations({ root: CLOSURE_FIXTURE, jobs: 2, filter: 'makeScaler' });
    const results = report.functions.flatMap((f) => f.results);
    const inTimes = results.filter((r) => r.diff.startsWith('kernel/fixture.ts:3:'));
    // By hand: k > 0 gives true, false, >=, k > 1, k > -1 and 0 < k at least; every one survives (the proof never calls scale).
    expect(inTimes.length).toBeGreaterThanOrEqual(6);
    for (const r of inTimes) expect(`${r.diff} ${r.outcome}`).toBe(`${r.diff} survived`);
    expect(report.totals.equivalent).toBe(0);
  });

  it('two shards merge into the full run: every mutant once, the same outcomes; a missing or foreign shard is refused', async () => {
    writeFixture();
    const full = await runMutations({ root: FIXTURE, jobs: 2 });
    const one = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 1, count: 2 } });
    const two = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 2, count: 2 } });
    // Both shards hold some of the 16 mutants, none twice.
    expect(one.totals.mutants).toBeGreaterThan(0);
    expect(two.totals.mutants).toBeGreaterThan(0);
    expect(one.totals.mutants + two.totals.mutants).toBe(16);
    expect(one.plan).toEqual(full.plan);
    const merged = mergeMutateReports([two, one]);
    if ('error' in merged) throw new Error(merged.error);
    expect(merged.totals).toEqual({ mutants: 16, killed: 8, survived: 4, equivalent: 4, error: 0, unknown: 0 });
    const outcomes = (r: MutateReport) => r.functions.flatMap((f) => f.results).map((x) => `${x.id} ${x.outcome}`).sort();
    expect(outcomes(merged)).toEqual(outcomes(full));
    expect(merged.shard).toBeUndefined();
    expect(mergeMutateReports([one])).toEqual({ error: 'shards 1 of 2: each of 1..2 must be there exactly once' });
    expect(mergeMutateReports([one, one])).toEqual({ error: 'shards 1, 1 of 2: each of 1..2 must be there exactly once' });
    const foreign = { ...two, plan: { mutants: 17, digest: '0'.repeat(64) } };
    expect((mergeMutateReports([one, foreign]) as { error: string }).error).toMatch(/has another plan \(17 mutants/);
    expect((mergeMutateReports([full]) as { error: string }).error).toMatch(/without --shard/);
  });

  it("a later run takes the record's result of every mutant whose proofs and sources are unchanged (by key); a changed proof file solves them again", async () => {
    writeFixture();
    const first = await runMutations({ root: FIXTURE, jobs: 2 });
    const results = (r: MutateReport) => r.functions.flatMap((f) => f.results);
    for (const r of results(first)) expect(r.key).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(results(first).map((r) => r.key)).size).toBe(16);
    // Mark one result in the record, so that a result taken from it shows.
    const record = path.join(FIXTURE, 'reports/mutate.json');
    mkdirSync(path.dirname(record), { recursive: true });
    const marked = results(first)[0] as MutateReport['functions'][number]['results'][number];
    const edited = { ...first, functions: first.functions.map((f) => ({ ...f, results: f.results.map((r) => (r.id === marked.id ? { ...r, detail: 'from the record' } : r)) })) };
    writeFileSync(record, JSON.stringify(edited));
    let carried = -1;
    const again = await runMutations({ root: FIXTURE, jobs: 2, carry: record, onCarried: (n) => (carried = n) });
    expect(carried).toBe(16);
    expect(again.carried).toBe(16);
    expect(again.totals).toEqual(first.totals);
    expect(results(again).find((r) => r.id === marked.id)?.detail).toBe('from the record');
    expect(results(again).map((r) => `${r.id} ${r.outcome} ${r.key}`).sort()).toEqual(results(first).map((r) => `${r.id} ${r.outcome} ${r.key}`).sort());
    for (const r of results(again)) expect(r.carried).toBe(true);
    // An error under the key of an outcome the translation budget cannot decide (errors were keyed so
    // before the budget was in their keys): not taken, solved again (to its real outcome here).
    const equivalent = results(first).find((r) => r.outcome === 'equivalent') as MutateReport['functions'][number]['results'][number];
    const stale = { ...first, functions: first.functions.map((f) => ({ ...f, results: f.results.map((r) => (r.id === equivalent.id ? { ...r, outcome: 'error', detail: 'stale' } : r)) })) };
    writeFileSync(record, JSON.stringify(stale));
    let carriedStale = -1;
    const solvedAgain = await runMutations({ root: FIXTURE, jobs: 2, carry: record, onCarried: (n) => (carriedStale = n) });
    expect(carriedStale).toBe(15);
    expect(solvedAgain.totals).toEqual(first.totals);
    const resolved = results(solvedAgain).find((r) => r.id === equivalent.id);
    expect(resolved?.outcome).toBe('equivalent');
    expect(resolved?.carried).toBeUndefined();
    expect(resolved?.key).toBe(equivalent.key);
    // A comment added to the proof file: every proof's import closure changed, so nothing is taken.
    writeFixture(FIXTURE, KERNEL, `${PROOF}// changed\n`);
    mkdirSync(path.dirname(record), { recursive: true });
    writeFileSync(record, JSON.stringify(edited));
    let carriedAfter = -1;
    const changed = await runMutations({ root: FIXTURE, jobs: 2, carry: record, onCarried: (n) => (carriedAfter = n) });
    expect(carriedAfter).toBe(0);
    expect(changed.carried).toBeUndefined();
    expect(changed.totals).toEqual(first.totals);
    expect(results(changed).find((r) => r.id === marked.id)?.detail).not.toBe('from the record');
    for (const r of results(changed)) expect(results(first).some((x) => x.key === r.key)).toBe(false);
  });

  it('a stopped run resumes from its journal: results there are taken, a torn line is dropped, another plan starts afresh', async () => {
    writeFixture();
    const journal = path.join(FIXTURE, 'reports/mutate-shard-1-of-2.journal.jsonl');
    rmSync(journal, { force: true });
    const first = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 1, count: 2 }, journal });
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    const results = journalResults(journal);
    expect(results.length).toBe(first.totals.mutants);
    // A started line before each result: none left unfinished.
    expect(lines.length).toBe(1 + 2 * first.totals.mutants);
    for (const l of results) expect(l.key).toMatch(/^[0-9a-f]{64}$/);
    // Stop "part way": keep two results, mark one of them so that a rerun would show, and tear the tail.
    const kept = results.slice(0, 2);
    const marked = { ...kept[0], outcome: 'unknown', detail: 'from the journal' };
    writeFileSync(journal, `${[lines[0], JSON.stringify(marked), JSON.stringify(kept[1])].join('\n')}\n{"id":"torn`);
    let resumed = -1;
    const again = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 1, count: 2 }, journal, onResumed: (n) => (resumed = n) });
    expect(resumed).toBe(2);
    const byId = new Map(again.functions.flatMap((f) => f.results).map((r) => [r.id, r]));
    expect(byId.get(marked.id as string)?.detail).toBe('from the journal');
    expect(again.totals.mutants).toBe(first.totals.mutants);
    expect(again.totals.unknown).toBe(first.totals.unknown + 1);
    expect(journalResults(journal).length).toBe(first.totals.mutants);
    // Shard 2 with the same file: another header, nothing taken, the journal rewritten for shard 2.
    let other = -1;
    await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 2, count: 2 }, journal, onResumed: (n) => (other = n) });
    expect(other).toBe(0);
    expect(JSON.parse(readFileSync(journal, 'utf8').split('\n')[0] as string).shard).toEqual({ index: 2, count: 2 });
  });

  it('a run past its heap bound stops after a journaled result (EXIT_RESUME) and, started again, goes on from the journal to the same outcomes', async () => {
    writeFixture();
    const journal = path.join(FIXTURE, 'reports/heap-run.journal.jsonl');
    rmSync(journal, { force: true });
    // The child: shard 1 of the fixture, journaled, with a heap bound every heap exceeds.
    const script = shardOneScript('heap-run.ts', journal, 'restartAboveHeapBytes: 1');
    const statuses: number[] = [];
    for (let run = 0; run < 20 && statuses.at(-1) !== 0; run++) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
      statuses.push(r.status ?? -1);
    }
    const reference = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 1, count: 2 } });
    // One result per stopped run at least: as many stops as mutants at most, then a run that finds them all journaled.
    expect(statuses.at(-1)).toBe(0);
    expect(statuses.slice(0, -1).every((s) => s === EXIT_RESUME)).toBe(true);
    expect(statuses.length - 1).toBeGreaterThan(1);
    expect(statuses.length - 1).toBeLessThanOrEqual(reference.totals.mutants);
    const lines = journalResults(journal);
    expect(lines).toHaveLength(reference.totals.mutants);
    const expected = new Map(reference.functions.flatMap((f) => f.results).map((r) => [r.id, r.outcome]));
    for (const l of lines) expect(l.outcome, l.id).toBe(expected.get(l.id));
  });

  it('a run whose process dies of a signal is started again and names the mutant it was evaluating alone an error; the others keep their outcomes', async () => {
    // How the command counts a child's end: a crash is restarted like a z3 abort; a stop from outside ends the run.
    expect(childOutcome({ status: 0, signal: null })).toEqual({ status: 0 });
    expect(childOutcome({ status: null, signal: 'SIGTRAP' })).toEqual({ status: EXIT_Z3_ABORTED, crash: 'SIGTRAP' });
    expect(childOutcome({ status: null, signal: 'SIGABRT' })).toEqual({ status: EXIT_Z3_ABORTED, crash: 'SIGABRT' });
    expect(childOutcome({ status: null, signal: 'SIGTERM' })).toEqual({ status: 1 });
    writeFixture();
    const reference = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 1, count: 2 } });
    const expected = new Map(reference.functions.flatMap((f) => f.results).map((r) => [r.id, r.outcome]));
    // The fatal mutant: the third of the shard in the run's order, so that another is in flight beside it.
    const fatal = [...expected.keys()][2] as string;
    const journal = path.join(FIXTURE, 'reports/crash-run.journal.jsonl');
    rmSync(journal, { force: true });
    // The child: shard 1, journaled; it dies of SIGTRAP (as V8's fatal errors end a process) whenever the fatal mutant starts.
    const script = shardOneScript(
      'crash-run.ts',
      journal,
      `...(process.env.AFTER_CRASH ? { afterCrash: process.env.AFTER_CRASH } : {}), onStart: (m) => { if (m.id === ${JSON.stringify(fatal)}) process.kill(process.pid, 'SIGTRAP'); }`,
    );
    /** Runs the child until it ends, each start told the signal the previous one died of: how each ended. */
    const runToEnd = (afterCrash?: string): { status: number; crash?: string }[] => {
      const ends: { status: number; crash?: string }[] = [];
      for (let run = 0; run < 6 && ends.at(-1)?.status !== 0; run++) {
        const crash = run === 0 ? afterCrash : ends.at(-1)?.crash;
        ends.push(childOutcome(spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AFTER_CRASH: crash ?? '' } })));
      }
      return ends;
    };
    const checkOutcomes = (): void => {
      const lines = journalResults(journal);
      expect(lines).toHaveLength(expected.size);
      for (const l of lines) {
        if (l.id === fatal) {
          expect(l.outcome).toBe('error');
          expect(l.detail).toBe('the process died (SIGTRAP) while evaluating this mutant alone: no verdict');
        } else expect(l.outcome, l.id).toBe(expected.get(l.id));
      }
    };
    const crashed = { status: EXIT_Z3_ABORTED, crash: 'SIGTRAP' };
    // From an empty journal: it dies with the fatal mutant in flight, alone or beside another (then
    // once more evaluating them one at a time), and the run started again after that ends.
    const ends = runToEnd();
    expect([[crashed, { status: 0 }], [crashed, crashed, { status: 0 }]]).toContainEqual(ends);
    checkOutcomes();
    // Deterministically, a journal left by a death with two mutants in flight, the fatal one and
    // the one before it: the run told of the crash evaluates the other alone (decided), then the
    // fatal one alone (dies); the next names it.
    const [header, ...rest] = readFileSync(journal, 'utf8').trim().split('\n');
    const ids = [...expected.keys()];
    const other = ids[1] as string;
    const kept = rest.filter((l) => !l.startsWith('{"started"')).filter((l) => ![fatal, other].includes((JSON.parse(l) as { id: string }).id));
    writeFileSync(journal, `${[header, ...kept, JSON.stringify({ started: other }), JSON.stringify({ started: fatal })].join('\n')}\n`);
    const first = childOutcome(spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AFTER_CRASH: 'SIGTRAP' } }));
    expect(first).toEqual(crashed);
    const afterFirst = readFileSync(journal, 'utf8').trim().split('\n').slice(1 + kept.length);
    expect(afterFirst.map((l) => JSON.parse(l) as { started?: string; id?: string }).map((l) => l.started ?? `result ${l.id}`)).toEqual([other, `result ${other}`, fatal]);
    expect(runToEnd('SIGTRAP')).toEqual([{ status: 0 }]);
    checkOutcomes();
  });

  it("a journal of another run (another header) is not resumed, but its keyed results are carried into the new run", async () => {
    writeFixture();
    const journal = path.join(FIXTURE, 'reports/other-run.journal.jsonl');
    rmSync(journal, { force: true });
    const shardOne = await runMutations({ root: FIXTURE, jobs: 2, shard: { index: 1, count: 2 }, journal });
    let resumed = -1;
    let carried = -1;
    const full = await runMutations({ root: FIXTURE, jobs: 2, journal, onResumed: (n) => (resumed = n), onCarried: (n) => (carried = n) });
    expect(resumed).toBe(0);
    expect(carried).toBe(shardOne.totals.mutants);
    expect(full.totals).toEqual({ mutants: 16, killed: 8, survived: 4, equivalent: 4, error: 0, unknown: 0 });
    const taken = full.functions.flatMap((f) => f.results).filter((r) => r.carried === true).map((r) => r.id).sort();
    expect(taken).toEqual(shardOne.functions.flatMap((f) => f.results).map((r) => r.id).sort());
    // The journal is now the full run's: header, then every result once, keyed.
    expect(JSON.parse(readFileSync(journal, 'utf8').split('\n')[0] as string).shard).toBeNull();
    expect(journalResults(journal).length).toBe(16);
  });
});
