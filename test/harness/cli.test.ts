/** The `bllvm prove` and `bllvm check-boundary` commands, run as a user runs them. */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/bllvm.js');
const SCRATCH = path.join(ROOT, '.cache/cli-test');
const run = promisify(execFile);

async function bllvm(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe('bllvm prove', () => {
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
    expect(stderr).toMatch(/unknown option --frobnicate/);
  });
});

describe('bllvm check-boundary', () => {
  it('exits 1 and names file:line for a seeded Date.now() in a kernel copy', async () => {
    const root = path.join(SCRATCH, 'date');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    cpSync(path.join(ROOT, 'kernel'), path.join(root, 'kernel'), { recursive: true });
    const file = path.join(root, 'kernel/validation/money.ts');
    const lines = readFileSync(file, 'utf8').split('\n').length;
    writeFileSync(file, `${readFileSync(file, 'utf8')}export const stamp = (): number => Date.now();\n`);
    const { code, stdout } = await bllvm(['check-boundary', '--root', root]);
    expect(code).toBe(1);
    expect(stdout).toContain(`kernel/validation/money.ts:${lines}: uses global 'Date'`);
  });
});
