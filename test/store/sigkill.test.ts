/**
 * Crash safety of the LMDB chain store: a child process (node + tsx, test/store/support/import-child.ts)
 * imports the regtest builder's 320-block chain into a data directory block by block and is killed
 * with SIGKILL, several times: by this process at seeded random moments (after a seeded number of
 * blocks, plus a seeded delay), and by itself inside a block's write transaction after every write
 * and before the commit. After each kill the store is opened and checked: no half-applied block
 * (verify({ deep: true }): the tip's block and undo data present and consistent, one active-chain
 * entry per height, coin records = commitment count = tree count, the amount, MuHash and tree root
 * recomputed from the coins equal to the stored ones), every block the child reported committed is
 * still there, and a kill inside a transaction leaves the tip just below that block. Each restart
 * resumes from the stored tip; the end state (tip, UTXO set, commitment) equals an uninterrupted
 * import's. Verdicts do not depend on timing: where a timed kill lands only changes which state is
 * checked. Bounded: every child has a far-away backstop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { ChainStore } from '../../shell/store/chain-store.js';
import { Prng, buildRegtestChain, toBlkFile } from '../../shell/regtest/index.js';
import { type StateSnapshot, snapshot, tempDir } from './support/store-fixtures.js';

const CHILD = fileURLToPath(new URL('./support/import-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BLOCKS = 320;
/** A child that neither finishes nor is killed within this is a failure (a backstop, not a verdict on speed). */
const CHILD_BACKSTOP_MS = 90_000;
const scratch = tempDir('sigkill');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FORK_AT = 300;
const FORK_BLOCKS = 30;
let file: string;
let forkFile: string;
beforeAll(() => {
  file = join(scratch, 'chain.dat');
  forkFile = join(scratch, 'fork.dat');
  const chain = buildRegtestChain({ seed: 'bllvm-regtest-chain', blocks: BLOCKS });
  writeFileSync(file, toBlkFile(chain.blocks));
  writeFileSync(forkFile, toBlkFile(chain.forkAt(FORK_AT, 'bllvm-store-fork').mine(FORK_BLOCKS).blocks));
});

interface ChildRun {
  /** Heights the child reported committed. */
  readonly reported: number[];
  readonly done: boolean;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs the child; `killAfter` (blocks reported, then a delay in ms) kills it from here. */
function runChild(
  dir: string,
  options: { readonly file?: string; readonly killAfter?: { readonly blocks: number; readonly delayMs: number }; readonly killInCommit?: `${'connect' | 'disconnect'}:${number}` } = {},
): Promise<ChildRun> {
  const args = ['--import', 'tsx', CHILD, dir, 'regtest', options.file ?? file, ...(options.killInCommit === undefined ? [] : ['--kill-at', options.killInCommit])];
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: number[] = [];
    let done = false;
    let stderr = '';
    let buffered = '';
    let killing = false;
    const backstop = setTimeout(() => child.kill('SIGKILL'), CHILD_BACKSTOP_MS);
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, height] = line.split(' ');
        if (word === 'connected') reported.push(Number(height));
        if (word === 'done') done = true;
      }
      const k = options.killAfter;
      if (k !== undefined && !killing && reported.length >= k.blocks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), k.delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(backstop);
      resolve({ reported, done, signal, code, stderr });
    });
  });
}

function openStore(dir: string): ChainStore {
  const opened = ChainStore.open(dir, { params: NETWORKS.regtest });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

describe('SIGKILL during an import', () => {
  it('an uninterrupted import, then kills at random moments and inside the commit: every restart resumes, no half-applied block, the same end state', async () => {
    const reference = join(scratch, 'reference');
    const clean = await runChild(reference);
    expect(clean, clean.stderr).toMatchObject({ done: true, code: 0 });
    expect(clean.reported).toHaveLength(BLOCKS);
    const refStore = openStore(reference);
    const expected: StateSnapshot = snapshot(refStore);
    await refStore.close();
    expect(expected.height).toBe(BLOCKS);

    const dir = join(scratch, 'killed');
    const rng = new Prng('bllvm-store-sigkill');
    const kills: { kind: string; tipAfter: number; lastReported: number | undefined }[] = [];
    let tip = 0;
    // Six kills: timed kills from here and kills inside a transaction, alternating, each further along.
    for (let k = 0; k < 6; k++) {
      const inCommit = k % 2 === 1;
      const killAt = Math.min(tip + rng.range(5, 40), BLOCKS);
      const run = inCommit
        ? await runChild(dir, { killInCommit: `connect:${killAt}` })
        : await runChild(dir, { killAfter: { blocks: rng.range(3, 40), delayMs: rng.range(0, 25) } });
      const lastReported = run.reported[run.reported.length - 1];
      if (run.done) {
        // A timed kill that came after the end: the import finished; nothing more to check here.
        kills.push({ kind: 'finished before the kill', tipAfter: BLOCKS, lastReported });
        break;
      }
      expect(run.signal, run.stderr).toBe('SIGKILL');
      const store = openStore(dir);
      try {
        expect(store.verify({ deep: true }), `after kill ${k}`).toEqual([]);
        // Every block reported committed survived the kill; a kill inside block H's transaction leaves H - 1.
        if (lastReported !== undefined) expect(store.tip.height).toBeGreaterThanOrEqual(lastReported);
        expect(store.tip.height).toBeGreaterThanOrEqual(tip);
        if (inCommit) expect(store.tip.height).toBe(killAt - 1);
        tip = store.tip.height;
      } finally {
        await store.close();
      }
      kills.push({ kind: inCommit ? 'inside the commit' : 'timed', tipAfter: tip, lastReported });
    }
    const last = await runChild(dir);
    expect(last, last.stderr).toMatchObject({ done: true, code: 0 });
    expect(last.reported[0]).toBe(tip + 1); // it resumed from the stored tip
    const store = openStore(dir);
    try {
      expect(snapshot(store)).toEqual(expected);
      expect(store.verify({ deep: true })).toEqual([]);
    } finally {
      await store.close();
    }
    const inside = kills.filter((k) => k.kind === 'inside the commit');
    expect(inside.length).toBe(3);
    for (const k of inside) expect(k.tipAfter).toBeLessThan(BLOCKS);
    console.log(`SIGKILL kills: ${JSON.stringify(kills)}`);
  }, 300_000);

  it('a reorg killed inside a disconnect and inside a connect of the heavier branch: consistent after each kill, and it ends on the fork as a direct import does', async () => {
    const reference = join(scratch, 'fork-reference');
    const clean = await runChild(reference, { file: forkFile });
    expect(clean, clean.stderr).toMatchObject({ done: true, code: 0 });
    const refStore = openStore(reference);
    const expected = snapshot(refStore);
    await refStore.close();

    // The killed directory holds the 320-block chain from the first test.
    const dir = join(scratch, 'killed');
    const steps: { readonly kill: `${'connect' | 'disconnect'}:${number}`; readonly tipAfter: number }[] = [
      { kill: 'disconnect:310', tipAfter: 310 }, // disconnected 320..311, killed while taking 310 off
      { kill: 'connect:305', tipAfter: 304 }, // the fork's blocks from 301 connected, killed while connecting 305
    ];
    for (const step of steps) {
      const run = await runChild(dir, { file: forkFile, killInCommit: step.kill });
      expect(run.signal, run.stderr).toBe('SIGKILL');
      const store = openStore(dir);
      try {
        expect(store.verify({ deep: true }), step.kill).toEqual([]);
        expect(store.tip.height, step.kill).toBe(step.tipAfter);
      } finally {
        await store.close();
      }
    }
    const last = await runChild(dir, { file: forkFile });
    expect(last, last.stderr).toMatchObject({ done: true, code: 0 });
    expect(last.reported).toEqual(Array.from({ length: FORK_AT + FORK_BLOCKS - 304 }, (_, i) => 305 + i));
    const store = openStore(dir);
    try {
      expect(snapshot(store)).toEqual(expected);
      expect(store.verify({ deep: true })).toEqual([]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
