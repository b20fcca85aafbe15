import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { vectorPath } from './support/vectors.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bllvm-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = (cmd: string, args: readonly string[], cwd: string): string =>
  execFileSync(cmd, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the npm package', () => {
  it('packs, installs from its tarball, and serves the kernel to plain Node by package name', () => {
    // `npm pack` runs the prepack build (tsc) first.
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT)) as { filename: string; files: { path: string }[] }[];
    if (packed === undefined) throw new Error('npm pack produced nothing');
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('dist/kernel/index.js');
    expect(files).toContain('dist/kernel/index.d.ts');
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('kernel/'))).toBe(false);

    const app = join(scratch, 'app');
    run('mkdir', ['-p', app], scratch);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(scratch, packed.filename)], app);

    const script = `
      import { NETWORKS, genesisHash, toDisplayHex, decodeBlock, checkBlock } from 'bllvm-ts';
      import { getBlockSubsidy } from 'bllvm-ts/kernel/validation/subsidy';
      import { readFileSync } from 'node:fs';
      const block = decodeBlock(readFileSync(${JSON.stringify(vectorPath('bcoin/block300025.raw'))}));
      console.log(JSON.stringify({
        genesis: toDisplayHex(genesisHash(NETWORKS.main.genesis)),
        subsidy: getBlockSubsidy(210000, NETWORKS.main.consensus).toString(),
        valid: block.ok && checkBlock(block.value, NETWORKS.main.consensus.powLimit).ok,
      }));`;
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app));
    expect(out).toEqual({
      genesis: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
      subsidy: '2500000000',
      valid: true,
    });

    // The installed `bllvm` binary runs from the compiled build.
    const report = JSON.parse(run(join(app, 'node_modules/.bin/bllvm'), ['validate-block', '--block', vectorPath('bcoin/block1.raw'), '--json'], app));
    expect(report).toMatchObject({ hash: '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048', valid: true });
  }, 300_000);
});
