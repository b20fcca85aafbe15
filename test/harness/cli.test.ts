/** The `bllvm prove` and `bllvm check-boundary` commands, run as a user runs them. */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { progress } from '../../harness/cli/prove.js';
import type { ProofResult } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/bllvm.js');
const SCRATCH = path.join(ROOT, '.cache/cli-test');
const run = promisify(execFile);

async function bllvm(args: readonly string[], root = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'bin/bllvm.js'), ...args], { cwd: root, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang. */
const BACKSTOP = { timeout: 20 * 60_000 };

describe('bllvm prove', BACKSTOP, () => {
  it('--filter --json proves the selected proofs and prints the record', async () => {
    const { code, stdout } = await bllvm(['prove', '--filter', 'MoneyRange is exactly', '--json', '--jobs', '1']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { schema: string; results: { name: string; status: string }[] };
    expect(report.schema).toBe('bllvm-proofs/1');
    expect(report.results.map((r) => [r.name, r.status])).toEqual([['MoneyRange is exactly [0, 21,000,000 BTC]', 'PROVED']]);
  });

  it('prints a table and the coverage shares', async () => {
    const { code, stdout } = await bllvm(['prove', '--filter', 'coinbase outputs mature', '--coverage']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PROVED\s+coinbase outputs mature after exactly 100 blocks\s+isCoinbaseSpendMature/);
    expect(stdout).toMatch(/functions with at least one proof: +\d+\/\d+ \(\d+\.\d%\)/);
    expect(stdout).toMatch(/functions with at least one property: +\d+\/\d+ \(\d+\.\d%\)/);
  });

  it('rejects an unknown option', async () => {
    const { code, stderr } = await bllvm(['prove', '--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('exits 2 with one line naming a filter that matches nothing and where the proofs are', async () => {
    const { code, stdout, stderr } = await bllvm(['prove', '--filter', 'nomatch-xyz']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bllvm prove: no proof name or proof file matches --filter 'nomatch-xyz'; the proof files are proofs\/bip34\.proof\.ts, .*proofs\/subsidy\.proof\.ts/);
  });

  it('refuses --write-docs with --filter (docs/PROOFS.md describes the whole suite)', async () => {
    const { code, stderr } = await bllvm(['prove', '--filter', 'subsidy', '--write-docs']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('bllvm prove: --write-docs describes the whole suite: run it without --filter');
  });

  it('prints one progress line per finished proof on a non-terminal stderr (status, name, ms, rlimit)', async () => {
    const { code, stderr } = await bllvm(['prove', '--filter', 'retarget.proof.ts', '--no-cache', '--no-reports', '--jobs', '1']);
    expect(code).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^\\[${i + 1}/${lines.length}\\] PROVED +\\S.* \\(\\d+ ms, rlimit \\d+\\)$`)));
  });

  it('writes the report files to --out and nothing with --no-reports; docs/PROOFS.md is untouched', async () => {
    const docs = readFileSync(path.join(ROOT, 'docs/PROOFS.md'));
    const out = path.join(SCRATCH, 'out');
    const none = path.join(SCRATCH, 'none');
    rmSync(out, { recursive: true, force: true });
    const a = await bllvm(['prove', '--filter', 'MoneyRange is exactly', '--out', out]);
    expect(a.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['proofs.json', 'proofs.junit.xml', 'proofs.sarif']);
    const record = JSON.parse(readFileSync(path.join(out, 'proofs.json'), 'utf8')) as { results: { name: string }[] };
    expect(record.results.map((r) => r.name)).toEqual(['MoneyRange is exactly [0, 21,000,000 BTC]']);
    expect(a.stdout).toContain(`wrote ${path.relative(ROOT, path.join(out, 'proofs.json'))}, `);
    const b = await bllvm(['prove', '--filter', 'MoneyRange is exactly', '--out', none, '--no-reports']);
    expect(b.code).toBe(0);
    expect(existsSync(none)).toBe(false);
    expect(readFileSync(path.join(ROOT, 'docs/PROOFS.md')).equals(docs)).toBe(true);
  });
});

describe('bllvm prove in a fresh clone', BACKSTOP, () => {
  // A git repository holding what `prove` needs, committed: runs must leave `git status` empty.
  const clone = path.join(SCRATCH, 'clone');
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: clone, encoding: 'utf8' });
  const proofFiles = ['money.proof.ts', 'retarget.proof.ts'];

  it('a filtered run writes only gitignored files', async () => {
    rmSync(clone, { recursive: true, force: true });
    mkdirSync(clone, { recursive: true });
    for (const dir of ['bin', 'shell', 'harness', 'kernel', 'docs']) cpSync(path.join(ROOT, dir), path.join(clone, dir), { recursive: true });
    mkdirSync(path.join(clone, 'proofs'));
    for (const f of proofFiles) cpSync(path.join(ROOT, 'proofs', f), path.join(clone, 'proofs', f));
    for (const f of ['package.json', 'tsconfig.json', '.gitignore']) cpSync(path.join(ROOT, f), path.join(clone, f));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    git('init', '-q');
    writeFileSync(path.join(clone, '.git/info/exclude'), 'node_modules\n');
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'fresh clone');
    const { code } = await bllvm(['prove', '--filter', 'MoneyRange is exactly'], clone);
    expect(code).toBe(0);
    expect(existsSync(path.join(clone, 'reports/proofs.json'))).toBe(true);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('--write-docs writes the same docs/PROOFS.md from a solved and from a cached run', async () => {
    // This copy holds 2 of the proof files, so SPEC.md drift (proofs it names that are absent)
    // makes the unfiltered runs exit 1; every proof is PROVED and the document is still written.
    const first = await bllvm(['prove', '--write-docs', '--no-cache', '--no-reports'], clone);
    expect(first.stdout).toMatch(/\n(\d+) proofs: \1 PROVED in /);
    expect(first.stdout).toContain('SPEC.md drift:');
    expect(first.code).toBe(1);
    const doc = readFileSync(path.join(clone, 'docs/PROOFS.md'), 'utf8');
    expect(doc).toContain('](#p1) | §');
    git('add', 'docs/PROOFS.md');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'docs');
    const second = await bllvm(['prove', '--write-docs', '--no-reports'], clone);
    expect(second.stdout).toContain('(cached)');
    expect(readFileSync(path.join(clone, 'docs/PROOFS.md'), 'utf8')).toBe(doc);
    expect(git('status', '--porcelain')).toBe('');
  });
});

describe('prove progress on a terminal', () => {
  it('is one line, redrawn: done/total and the proof being solved; a failure stays above it', () => {
    const writes: string[] = [];
    const stream = { isTTY: true, columns: 100, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const p = progress(stream);
    p.plan(2);
    p.start('first proof');
    p.result({ name: 'first proof', status: 'PROVED', ms: 5, rlimit: 7, cached: false } as ProofResult);
    p.start('second proof');
    p.result({ name: 'second proof', status: 'UNKNOWN', ms: 9, rlimit: 20000000, cached: false } as ProofResult);
    p.end();
    expect(writes).toEqual([
      '\r\x1b[K0/2 ',
      '\r\x1b[K0/2 first proof',
      '\r\x1b[K1/2 first proof',
      '\r\x1b[K1/2 second proof',
      '\r\x1b[K[2/2] UNKNOWN  second proof (9 ms, rlimit 20000000)\n',
      '\r\x1b[K2/2 second proof',
      '\r\x1b[K',
    ]);
  });
});

describe('bllvm check-boundary', () => {
  it.each([
    ['a missing folder', () => '/nope/not-here', 'no such folder'],
    ['a file', () => path.join(ROOT, 'package.json'), 'not a folder'],
    [
      'a folder without kernel/',
      () => {
        const dir = path.join(SCRATCH, 'empty');
        mkdirSync(dir, { recursive: true });
        return dir;
      },
      'has no kernel/ folder (give the root of a bllvm-ts checkout)',
    ],
  ])('exits 2 with one line naming --root for %s', async (_what, root, why) => {
    const dir = root();
    const { code, stdout, stderr } = await bllvm(['check-boundary', '--root', dir]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`bllvm check-boundary: --root ${dir}: ${why}\n`);
  });

  it('exits 1 and names file:line for a seeded Date.now() in a kernel copy', async () => {
    const root = scratchTree(path.join(SCRATCH, 'date'));
    const file = path.join(root, 'kernel/validation/money.ts');
    const lines = readFileSync(file, 'utf8').split('\n').length;
    writeFileSync(file, `${readFileSync(file, 'utf8')}export const stamp = (): number => Date.now();\n`);
    const { code, stdout } = await bllvm(['check-boundary', '--root', root]);
    expect(code).toBe(1);
    expect(stdout).toContain(`kernel/validation/money.ts:${lines}: uses global 'Date'`);
  });
});

describe('bllvm mutate arguments', BACKSTOP, () => {
  it('refuses a bad --shard and a --merge of reports that are not shards, with exit 2 and one line', async () => {
    const bad = await bllvm(['mutate', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("bllvm mutate: --shard '3/2': expected K/N, decimal integers with 1 <= K <= N <= 1024 (e.g. 2/4)");
    mkdirSync(SCRATCH, { recursive: true });
    const notShard = path.join(SCRATCH, 'not-a-shard.json');
    writeFileSync(notShard, JSON.stringify({ schema: 'bllvm-mutate/1', functions: [] }));
    const merge = await bllvm(['mutate', '--merge', notShard]);
    expect(merge.code).toBe(2);
    expect(merge.stderr.trim()).toBe('bllvm mutate --merge: a report without --shard (or from an older mutate) cannot be merged');
    const junk = path.join(SCRATCH, 'junk.json');
    writeFileSync(junk, '{');
    const unreadable = await bllvm(['mutate', '--merge', junk]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/junk\.json: not readable as JSON/);
  });
});
