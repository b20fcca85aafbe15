/**
 * `bllvm fast-sync` as an operator runs it (a subprocess; the serving nodes run in this process):
 * a sync to the tip with the peers' commitment, its JSON report and exit 0; killed with SIGKILL in
 * the middle of the chunks, it resumes from the chunks it had installed and ends the same; bad
 * arguments exit 2.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { BllvmNode } from '../../shell/node/node.js';
import { buildRegtestChain, toBlkFile } from '../../shell/regtest/index.js';
import { ChainStore } from '../../shell/store/chain-store.js';
import { importBlockFiles } from '../../shell/store/import-blocks.js';
import { BLLVM_BIN, bllvm } from '../support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-fastsync-cli-'));
const servers: BllvmNode[] = [];
const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const c of children) if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

let peerArgs: string[] = [];

beforeAll(async () => {
  const chain = buildRegtestChain({ seed: 'fast-sync-cli', blocks: 220 });
  const file = join(scratch, 'blk00000.dat');
  writeFileSync(file, toBlkFile(chain.blocks));
  const template = join(scratch, 'template');
  const store = ChainStore.open(join(template, 'chain'), { params: NETWORKS.regtest, noSync: true, snapshotInterval: 100 });
  if (!store.ok) throw new Error('store');
  if (!(await importBlockFiles(store.value, [file], { now: Math.floor(Date.now() / 1000) })).ok) throw new Error('import');
  await store.value.close();
  for (const i of [0, 1]) {
    const dir = join(scratch, `server-${i}`);
    cpSync(template, dir, { recursive: true });
    rmSync(join(dir, 'chain', 'bllvm.pid'), { force: true });
    // Chunks of 800 bytes: their fixed part and siblings (~300 bytes here) and about 4 coins, so the
    // set (453 coins at the checkpoint) takes well over 100 chunks.
    const node = await BllvmNode.start({ datadir: dir, network: 'regtest', noSync: true, snapshotInterval: 100, chunkBytes: 800, listen: { host: '127.0.0.1', port: 0 } });
    servers.push(node);
  }
  peerArgs = servers.flatMap((s) => ['--peer', `127.0.0.1:${s.listening[0]?.port}`]);
}, 300_000);

const syncArgs = (datadir: string): string[] => ['fast-sync', '--datadir', datadir, '--network', 'regtest', ...peerArgs, '--checkpoint-height', '200', '--min-peers', '2', '--threshold', '1/1', '--loopback-by-node-id', '--json'];

describe('§8.4 bllvm fast-sync', () => {
  it('syncs to the tip with the peers\' commitment; the JSON report; exit 0', async () => {
    const r = await bllvm(...syncArgs(join(scratch, 'plain')));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ agreed: true, agreeing: 2, asked: 2, dissenters: [], tipHeight: 220, commitmentMatchesPeers: true });
    expect(report.chunks as number).toBeGreaterThan(100);
    expect(r.stderr).toMatch(/chunks \d+\/\d+, [\d.]+ MB, [\d.]+ MB\/s, 2 peers/);
  }, 300_000);

  it('killed with SIGKILL in the middle of the chunks, it resumes from the chunks it installed', async () => {
    const datadir = join(scratch, 'killed');
    const child = spawn(process.execPath, [BLLVM_BIN, ...syncArgs(datadir)], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let stderr = '';
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /chunks (\d+)\/(\d+)/g;
        let last: RegExpExecArray | null = null;
        for (let x = m.exec(stderr); x !== null; x = m.exec(stderr)) last = x;
        if (last !== null && Number(last[1]) >= 30) {
          process.kill(child.pid as number, 'SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`exited before 30 chunks: ${stderr}`)));
    });
    await done;
    const again = await bllvm(...syncArgs(datadir));
    expect(again.code, again.stderr).toBe(0);
    const plan = /chunk plan: (\d+) chunks, (\d+) to fetch/.exec(again.stderr);
    expect(plan).not.toBeNull();
    expect(Number(plan?.[2])).toBeLessThanOrEqual(Number(plan?.[1]) - 30); // the chunks installed before the kill are not fetched again
    expect(JSON.parse(again.stdout)).toMatchObject({ agreed: true, tipHeight: 220, commitmentMatchesPeers: true });
  }, 300_000);

  it('a peer that never answers: says what it waits for, gives up at --timeout with exit 1', async () => {
    const closed = await BllvmNode.start({ datadir: join(scratch, 'closed-probe'), network: 'regtest', noSync: true, listen: { host: '127.0.0.1', port: 0 } });
    const port = closed.listening[0]?.port;
    await closed.stop(); // a port nothing listens on any more
    const r = await bllvm('fast-sync', '--datadir', join(scratch, 'nobody'), '--network', 'regtest', '--peer', `127.0.0.1:${port}`, '--min-peers', '1', '--timeout', '12');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('waiting for peers that serve fast sync: 0 of 1 connected');
    expect(r.stderr).toContain('timed out waiting for peers that serve fast sync');
  }, 120_000);

  it('bad arguments exit 2', async () => {
    expect((await bllvm('fast-sync', '--datadir', join(scratch, 'x'), '--network', 'regtest')).code).toBe(2); // no --peer
    expect((await bllvm('fast-sync', '--datadir', join(scratch, 'x'), '--network', 'regtest', '--peer', 'nohost', '--threshold', '6/5')).code).toBe(2);
    expect((await bllvm('fast-sync', '--datadir', join(scratch, 'x'), '--network', 'regtest', '--peer', '127.0.0.1:1', '--filter', 'extreme')).code).toBe(2);
  }, 60_000);
});
