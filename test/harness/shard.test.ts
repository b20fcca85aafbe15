/**
 * `bllvm prove --shard K/N` and `--merge DIR...` (issue 10 §5, CI.md "Sharding"): the shards of
 * the real suite partition it, merged shard runs give the unsharded run's verdicts, and merges
 * of reports that are not the suite, or bad --shard values, are refused.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkShards, readShardReports, recordedVerdicts } from '../../harness/merge.js';
import { runProofs, shutdownZ3 } from '../../harness/runner.js';
import { createProject, errorResult, loadProofs, type Loaded } from '../../harness/runner/proof-sites.js';
import { parseShard, selectShard } from '../../harness/runner/shard.js';
import type { RunReport } from '../../harness/runner/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/shard-test');
const run = promisify(execFile);

async function bllvm(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/bllvm.js'), ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/** Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang. */
const BACKSTOP = { timeout: 20 * 60_000 };

/** A small file of cheap proofs: two of its five proofs are in shard 2/2, three in 1/2. */
const FILTER = 'consensus.proof.ts';

const dir = (name: string): string => path.join(SCRATCH, name);
const readReport = (name: string): RunReport => JSON.parse(readFileSync(path.join(dir(name), 'proofs.json'), 'utf8')) as RunReport;
const verdicts = (r: RunReport): [string, string, string][] => r.results.map((x) => [x.file, x.name, x.status]);

afterAll(async () => {
  rmSync(SCRATCH, { recursive: true, force: true });
  await shutdownZ3();
});

describe('the shards of the real suite', () => {
  it('partition it for N = 1, 2, 3, 5, 16: every proof in exactly one shard', async () => {
    const { loaded, errors } = await loadProofs(ROOT, createProject(ROOT));
    // A proof file that does not import is sharded by its file too.
    const failed = [...errors, errorResult('proofs/broken.proof.ts', 1, 'import failed: x')];
    expect(loaded.length).toBeGreaterThan(100);
    const keyOf = (l: Loaded): string => `${path.relative(ROOT, l.file)}\n${l.rec.name}`;
    const all = [...loaded.map(keyOf), ...failed.map((e) => `${e.file}\n${e.name}`)];
    for (const count of [1, 2, 3, 5, 16]) {
      const seen: string[] = [];
      for (let index = 1; index <= count; index++) {
        const s = selectShard(ROOT, loaded, failed, { index, count });
        seen.push(...s.loaded.map(keyOf), ...s.errors.map((e) => `${e.file}\n${e.name}`));
      }
      expect(seen.length, `N = ${count}`).toBe(all.length);
      expect(new Set(seen).size, `N = ${count}: no proof twice`).toBe(seen.length);
      expect([...seen].sort(), `N = ${count}: no proof missing`).toEqual([...all].sort());
    }
    // Two shards of 119 proofs: both hold some (a hash split, not an exact half).
    const half = selectShard(ROOT, loaded, [], { index: 1, count: 2 }).loaded.length;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(loaded.length);
  });

  it('a proof added or removed moves no other proof to another shard', async () => {
    const { loaded } = await loadProofs(ROOT, createProject(ROOT));
    const shardsOf = (ls: readonly Loaded[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (let index = 1; index <= 4; index++) for (const l of selectShard(ROOT, ls, [], { index, count: 4 }).loaded) m.set(l.rec.name, index);
      return m;
    };
    const before = shardsOf(loaded);
    // Remove every third proof: the others keep their shard.
    const after = shardsOf(loaded.filter((_, i) => i % 3 !== 0));
    expect(after.size).toBe(loaded.filter((_, i) => i % 3 !== 0).length);
    for (const [name, k] of after) expect(k, name).toBe(before.get(name));
  });
});

describe('bllvm prove --shard and --merge', BACKSTOP, () => {
  let shardStderr: string[] = [];
  beforeAll(async () => {
    rmSync(SCRATCH, { recursive: true, force: true });
    const runs = await Promise.all([
      bllvm(['prove', '--filter', FILTER, '--shard', '1/2', '--out', dir('s1'), '--jobs', '1', '--json']),
      bllvm(['prove', '--filter', FILTER, '--shard', '2/2', '--out', dir('s2'), '--jobs', '1', '--json']),
      bllvm(['prove', '--filter', FILTER, '--out', dir('whole'), '--jobs', '1', '--json']),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    shardStderr = runs.slice(0, 2).map((r) => r.stderr);
  }, BACKSTOP.timeout);

  it('a shard run reports its shard and says the whole-suite checks are left to the merge', () => {
    const s1 = readReport('s1');
    const s2 = readReport('s2');
    const whole = readReport('whole');
    expect(s1.shard).toEqual({ index: 1, count: 2, selected: whole.results.length, filter: FILTER });
    expect(s2.shard).toEqual({ index: 2, count: 2, selected: whole.results.length, filter: FILTER });
    expect(s1.results.length).toBeGreaterThan(0);
    expect(s2.results.length).toBeGreaterThan(0);
    expect(s1.results.length + s2.results.length).toBe(whole.results.length);
    expect(s1.boundaries).toBeUndefined();
    // With --json the note is on stderr, after the progress lines.
    expect(shardStderr[0]).toContain(
      `shard 1/2: ${s1.results.length} of the ${whole.results.length} proofs --filter '${FILTER}' selects; the kernel boundary, SPEC.md drift and boundary covers need every proof: left to bllvm prove --merge`,
    );
    expect(shardStderr[1]).toContain(`shard 2/2: ${s2.results.length} of the ${whole.results.length} proofs`);
  });

  it('merging the two shards gives the unsharded run\'s verdicts, in its order, and writes the report files', async () => {
    const { code, stdout, stderr } = await bllvm(['prove', '--filter', FILTER, '--merge', dir('s1'), dir('s2'), '--out', dir('merged'), '--jobs', '1']);
    expect(code, stderr).toBe(0);
    const merged = readReport('merged');
    const whole = readReport('whole');
    expect(verdicts(merged)).toEqual(verdicts(whole));
    expect(merged.results.every((r) => r.status === 'PROVED')).toBe(true);
    // The verdicts are the shards' (their query hashes match this checkout's translation).
    expect(merged.results.map((r) => r.queryHash)).toEqual(whole.results.map((r) => r.queryHash));
    expect(merged.merged?.map((m) => [m.shard, m.proofs])).toEqual([
      ['1/2', readReport('s1').results.length],
      ['2/2', readReport('s2').results.length],
    ]);
    for (const f of ['proofs.junit.xml', 'proofs.sarif']) expect(existsSync(path.join(dir('merged'), f))).toBe(true);
    expect(stdout).toMatch(/^merged from 2 reports: 1\/2 in .*\(\d+ proofs, [\d.]+ s\), 2\/2 in /m);
  });

  it('a missing shard, or a proof in two reports, is refused with exit 1 naming the proofs and folders', async () => {
    // A copy of shard 1 beside the two shards: shard 1's proofs are doubled.
    cpSync(dir('s1'), dir('s1-copy'), { recursive: true });
    const [missing, doubled] = await Promise.all([
      bllvm(['prove', '--filter', FILTER, '--merge', dir('s1'), '--out', dir('refused')]),
      bllvm(['prove', '--filter', FILTER, '--merge', dir('s1'), dir('s2'), dir('s1-copy'), '--out', dir('refused')]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    const inShard2 = readReport('s2').results.map((r) => r.name);
    expect(missing.stderr).toContain(`${inShard2.length} of the checkout's ${readReport('whole').results.length} proofs in no shard report`);
    for (const name of inShard2) expect(missing.stderr).toContain(`'${name}' (proofs/${FILTER})`);
    expect(missing.stderr).toContain('the reports are shards 1/2: 2/2 missing');

    expect(doubled.code).toBe(1);
    expect(doubled.stdout).toBe('');
    const inShard1 = readReport('s1').results.map((r) => r.name);
    expect(doubled.stderr).toContain(`${inShard1.length} proofs in more than one report`);
    for (const name of inShard1) expect(doubled.stderr).toContain(`'${name}' (proofs/${FILTER}) in ${dir('s1')}, ${dir('s1-copy')}`);
    expect(existsSync(dir('refused'))).toBe(false);
  });

  it('a shard report made from other sources (another query hash) is an ERROR', async () => {
    const [first] = readReport('s2').results;
    if (first === undefined) throw new Error('shard 2/2 is empty');
    const recorded = recordedVerdicts([{ dir: 'other', report: { ...readReport('s2'), results: [{ ...first, queryHash: '0'.repeat(64) }] } }]);
    const report = await runProofs({ root: ROOT, filter: first.name, recorded, jobs: 1 });
    expect(report.results.map((r) => [r.name, r.status])).toEqual([[first.name, 'ERROR']]);
    expect(report.results[0]?.error).toMatch(/^the shard report's query hash 0000000000000000 is not this checkout's [0-9a-f]{16}: the shard ran on other sources/);
    // The same record with its own hash is taken as it is.
    const same = await runProofs({ root: ROOT, filter: first.name, recorded: recordedVerdicts([{ dir: 's2', report: readReport('s2') }]), jobs: 1 });
    expect(same.results).toEqual([first]);
  });
});

describe('merge checks on the reports alone', () => {
  it('another translator or solver, or a proof the checkout does not have, is a finding', () => {
    const read = readShardReports([path.join(ROOT, 'test/harness/vectors/does-not-exist')]);
    expect('error' in read && read.error).toMatch(/proofs\.json does not exist/);
    const report = (translator: string, solver: string, names: string[]): RunReport => ({
      schema: 'bllvm-proofs/1',
      translator,
      solver,
      startedAt: '',
      ms: 0,
      results: names.map((n) => ({ ...errorResult('proofs/a.proof.ts', 1, ''), name: n })),
    });
    const expected = [{ file: 'proofs/a.proof.ts', name: 'p' }];
    const current = { translator: 't/1', solver: 'z/1' };
    expect(checkShards([{ dir: 'A', report: report('t/1', 'z/1', ['p']) }], expected, current)).toEqual([]);
    expect(checkShards([{ dir: 'A', report: report('t/0', 'z/2', ['p']) }], expected, current)).toEqual(['A: translator t/0, this checkout\'s is t/1', 'A: solver z/2, this checkout\'s is z/1']);
    expect(checkShards([{ dir: 'A', report: report('t/1', 'z/1', ['p', 'q']) }], expected, current)).toEqual([
      "1 proofs in the reports are not in this checkout's selection: 'q' (proofs/a.proof.ts)",
    ]);
    expect(checkShards([{ dir: 'A', report: report('t/1', 'z/1', ['p', 'p']) }], expected, current)).toEqual(["1 proofs in more than one report: 'p' (proofs/a.proof.ts) in A, A"]);
  });
});

describe('bad --shard and --merge arguments', () => {
  it('--shard takes K/N with 1 <= K <= N <= 1024 in decimal, nothing else', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard('1024/1024')).toEqual({ index: 1024, count: 1024 });
    for (const bad of ['0/3', '4/3', '1/0', '01/3', '1/03', '-1/3', '+1/3', '1/3x', ' 1/3', '3', '1/2/3', '1.0/3', '0x1/3', '1/1025', '', '/']) {
      expect(parseShard(bad), bad).toEqual({ error: `--shard '${bad}': expected K/N, decimal integers with 1 <= K <= N <= 1024 (e.g. 2/4)` });
    }
  });

  const bad: [string[], RegExp][] = [
    [['--shard', '4/3'], /^bllvm prove: --shard '4\/3': expected K\/N, decimal integers with 1 <= K <= N <= 1024 \(e\.g\. 2\/4\)$/],
    [['--shard', '1/2', '--write-docs'], /^bllvm prove: --write-docs describes the whole suite: run it unsharded, or with --merge$/],
    [['--shard', '1/2', '--merge', 'reports'], /^bllvm prove: --shard and --merge exclude each other/],
    [['--merge', path.join(SCRATCH, 'nowhere')], /^bllvm prove --merge: .*nowhere\/proofs\.json does not exist/],
  ];
  it(`the CLI exits 2 with one line on stderr for each of ${bad.length} bad uses`, async () => {
    const runs = await Promise.all(bad.map(async ([args]) => bllvm(['prove', ...args])));
    runs.forEach(({ code, stdout, stderr }, i) => {
      const [args, message] = bad[i] as [string[], RegExp];
      expect(code, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
      const lines = stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0], args.join(' ')).toMatch(message);
    });
  }, BACKSTOP.timeout);
});
