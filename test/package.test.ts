/**
 * The npm package as a user gets it: `npm pack`, the tarball's file list against an allow-list,
 * installed into an empty app, then used from plain Node (ESM import, CommonJS require, module
 * sub-paths with and without `.js`, every name docs/SPEC.md lists) and through its `bllvm`
 * binary (commands that work installed, and the ones that need a checkout saying so).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, Project } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorPath } from './support/vectors.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bllvm-pack-'));
const app = join(scratch, 'app');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the tarball may hold: the kernel and the shell compiled, the CLI entry, the docs an installer reads. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/bllvm\.js$/, /^dist\/(kernel|shell)\/[\w./-]+\.(js|d\.ts)$/];

const run = (cmd: string, args: readonly string[], cwd: string): string =>
  execFileSync(cmd, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Runs the installed `bllvm` binary; never throws. */
function bllvm(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(app, 'node_modules/.bin/bllvm'), args, { cwd: app, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let files: string[] = [];

beforeAll(() => {
  // `npm pack` runs the prepack build (tsc) first.
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT)) as { filename: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error('npm pack produced nothing');
  files = packed.files.map((f) => f.path).sort();
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(scratch, packed.filename)], app);
}, 300_000);

describe('the tarball', () => {
  it('holds only allow-listed files: no sources, tests, harness or proofs', () => {
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    expect(files.filter((f) => /^dist\/(harness|test|proofs|properties|bench)\//.test(f))).toEqual([]);
  });

  it('holds the kernel entry, its types, the CLI, the conformance runner and the licence', () => {
    for (const f of ['LICENSE', 'README.md', 'bin/bllvm.js', 'dist/kernel/index.js', 'dist/kernel/index.d.ts', 'dist/shell/cli/main.js', 'dist/shell/conformance/suites.js']) {
      expect(files).toContain(f);
    }
    expect(readFileSync(join(app, 'node_modules/bllvm-ts/LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

describe('the installed package from plain Node', () => {
  it('serves the kernel by package name (ESM), sub-paths with and without .js', () => {
    const script = `
      import { NETWORKS, genesisHash, toDisplayHex, decodeBlock, checkBlock, opcodes, scriptErrorString } from 'bllvm-ts';
      import { getBlockSubsidy } from 'bllvm-ts/kernel/validation/subsidy';
      import { clampTimespan } from 'bllvm-ts/kernel/chain/retarget.js';
      import { readFileSync } from 'node:fs';
      const block = decodeBlock(readFileSync(${JSON.stringify(vectorPath('bcoin/block300025.raw'))}));
      console.log(JSON.stringify({
        genesis: toDisplayHex(genesisHash(NETWORKS.main.genesis)),
        subsidy: getBlockSubsidy(210000, NETWORKS.main.consensus).toString(),
        clamped: clampTimespan(1, 1209600),
        checksig: opcodes.OP_CHECKSIG,
        evalFalse: scriptErrorString('EVAL_FALSE'),
        valid: block.ok && checkBlock(block.value, NETWORKS.main.consensus.powLimit).ok,
      }));`;
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app));
    expect(out).toEqual({
      genesis: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
      subsidy: '2500000000',
      clamped: 302400, // 1209600 / 4
      checksig: 0xac,
      evalFalse: 'Script evaluated without error but finished with a false/empty top stack element',
      valid: true,
    });
  });

  it('loads with require() (CommonJS), the root and a sub-path', () => {
    const script = `
      const k = require('bllvm-ts');
      const { getBlockSubsidy } = require('bllvm-ts/kernel/validation/subsidy.js');
      console.log(JSON.stringify({ decode: typeof k.decodeBlock, subsidy: getBlockSubsidy(0, k.NETWORKS.main.consensus).toString() }));`;
    const out = JSON.parse(run(process.execPath, ['--input-type=commonjs', '-e', script], app));
    expect(out).toEqual({ decode: 'function', subsidy: '5000000000' });
  });

  it('serves every name docs/SPEC.md lists, from the module its Code line names', async () => {
    const spec = readFileSync(join(ROOT, 'docs/SPEC.md'), 'utf8');
    const wanted: { name: string; module: string }[] = [];
    for (const line of spec.split('\n').filter((l) => l.startsWith('- **Code:**'))) {
      // "`a`, `b` (kernel/x/y.ts); `c` (kernel/z.ts: ...)": names before each module path belong to it.
      for (const part of line.split(';')) {
        const module = /\((kernel\/[\w/-]+)\.ts/.exec(part)?.[1];
        if (module === undefined) continue;
        for (const m of part.matchAll(/`([A-Za-z_$][\w$]*)`/g)) if (m[1] !== undefined) wanted.push({ name: m[1], module });
      }
    }
    expect(wanted.length).toBeGreaterThan(150);
    const script = `
      const wanted = ${JSON.stringify(wanted)};
      const missing = [];
      for (const { name, module } of wanted) {
        const mod = await import('bllvm-ts/' + module + '.js');
        if (!(name in mod)) missing.push(module + ': ' + name);
      }
      console.log(JSON.stringify(missing));`;
    const missing = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app)) as string[];
    // Type-only names (interfaces, type aliases) have no runtime value: the module must export them as types.
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    const notTypes = missing.filter((entry) => {
      const [module, name] = entry.split(': ') as [string, string];
      const declarations = project.addSourceFileAtPath(join(ROOT, `${module}.ts`)).getExportedDeclarations().get(name) ?? [];
      return declarations.length === 0 || !declarations.every((d) => Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d));
    });
    expect(notTypes).toEqual([]);
  });
});

describe('the installed bllvm binary', () => {
  it('validate-block runs from the compiled build', () => {
    const r = bllvm('validate-block', '--network', 'main', '--block', vectorPath('bcoin/block1.raw'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ hash: '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048', valid: true });
  });

  it('conformance runs every suite on the checkout vectors (the runner ships as product code)', () => {
    const r = bllvm('conformance', '--vectors', join(ROOT, 'test/vectors'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; suites: { suite: string; total: number; failed: number }[] };
    expect(report.ok).toBe(true);
    expect(report.suites.find((s) => s.suite.startsWith('script_tests'))?.total).toBe(1212);
  }, 120_000);

  it('prove and check-boundary say in one line that they need a checkout, and exit 2', () => {
    for (const command of ['prove', 'check-boundary']) {
      const r = bllvm(command);
      expect(r.code, command).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^bllvm ${command}: needs a checkout`));
    }
  });

  it('with no command prints the usage on stderr and exits 2; --help prints it on stdout and exits 0', () => {
    const none = bllvm();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: bllvm <command>/);
    const help = bllvm('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: bllvm <command>/);
    expect(help.stdout).toMatch(/networks: main, testnet3, testnet4, signet, regtest/);
  });
});
