/**
 * `bllvm node` as an operator runs it (subprocesses through bin/bllvm.js, loopback only): a
 * serving node with a regtest chain (`bllvm regtest-mine`) and JSON-RPC, a second node syncing
 * from it, queried with the stock `bitcoin-core` client; SIGTERM shuts both down cleanly (exit 0,
 * cookie removed). A syncing node killed with SIGKILL mid-sync resumes from its store and ends
 * with the same tip and UTXO set as the source. Every process is stopped by pid.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/bllvm.js', import.meta.url));
const require = createRequire(import.meta.url);
const Client = require('bitcoin-core') as new (o: { host: string; username: string; password: string; timeout?: number }) => { command(...args: unknown[]): Promise<unknown> };

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-node-cli-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

interface RunningNode {
  readonly child: ChildProcess;
  readonly tcpPort: number;
  readonly rpcPort: number;
  readonly datadir: string;
  readonly exited: Promise<number | null>;
  client(): InstanceType<typeof Client>;
}

/** Starts `bllvm node` and waits for its "listening on tcp" and "rpc on" lines. */
async function startNode(datadir: string, extra: string[] = []): Promise<RunningNode> {
  const child = spawn(process.execPath, [BIN, 'node', '--datadir', datadir, '--network', 'regtest', '--listen', '127.0.0.1:0', '--rpc', '127.0.0.1:0', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const ports = await new Promise<{ tcp: number; rpc: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${stderr}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const tcp = /listening on tcp [\d.]+:(\d+)/.exec(stderr);
      const rpc = /rpc on [\d.]+:(\d+)/.exec(stderr);
      if (tcp !== null && rpc !== null) {
        clearTimeout(timer);
        resolve({ tcp: Number(tcp[1]), rpc: Number(rpc[1]) });
      }
    });
    child.once('exit', () => reject(new Error(`node exited: ${stderr}`)));
  });
  return {
    child,
    tcpPort: ports.tcp,
    rpcPort: ports.rpc,
    datadir,
    exited,
    client() {
      const [username, password] = readFileSync(join(datadir, '.cookie'), 'utf8').split(':') as [string, string];
      return new Client({ host: `http://127.0.0.1:${ports.rpc}`, username, password, timeout: 30_000 });
    },
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const BLOCKS = 220;
let source: RunningNode;

beforeAll(async () => {
  const dir = join(scratch, 'source');
  await promisify(execFile)(process.execPath, [BIN, 'regtest-mine', '--datadir', dir, '--blocks', String(BLOCKS), '--seed', 'node-cli']);
  source = await startNode(dir);
}, 240_000);

describe('§5.7 bllvm node', () => {
  it('serves its chain; a second node syncs it; RPC answers with the stock client; SIGTERM exits 0 and removes the cookie', async () => {
    const rpc = source.client();
    expect(await rpc.command('getblockcount')).toBe(BLOCKS);
    expect(await rpc.command('getblockchaininfo')).toMatchObject({ chain: 'regtest', blocks: BLOCKS, headers: BLOCKS });
    const follower = await startNode(join(scratch, 'follower'), ['--connect', `127.0.0.1:${source.tcpPort}`]);
    const frpc = follower.client();
    await until(async () => (await frpc.command('getblockcount')) === BLOCKS, 120_000);
    expect(await frpc.command('getbestblockhash')).toBe(await rpc.command('getbestblockhash'));
    const [a, b] = [await rpc.command('gettxoutsetinfo', 'muhash'), await frpc.command('gettxoutsetinfo', 'muhash')];
    expect(b).toMatchObject({ height: BLOCKS, muhash: (a as { muhash: string }).muhash, txouts: (a as { txouts: number }).txouts });
    expect(((await frpc.command('getpeerinfo')) as unknown[]).length).toBe(1);
    expect(await frpc.command('getconnectioncount')).toBe(1);
    process.kill(follower.child.pid as number, 'SIGTERM');
    expect(await follower.exited).toBe(0);
    expect(existsSync(join(follower.datadir, '.cookie'))).toBe(false);
  }, 180_000);

  it('a node killed with SIGKILL mid-sync resumes from its store and ends with the same tip and UTXO set', async () => {
    const dir = join(scratch, 'killed');
    const first = await startNode(dir, ['--connect', `127.0.0.1:${source.tcpPort}`]);
    const c1 = first.client();
    // Kill it somewhere in the middle of the chain.
    await until(async () => ((await c1.command('getblockcount')) as number) >= 60, 120_000);
    process.kill(first.child.pid as number, 'SIGKILL');
    await first.exited;
    const second = await startNode(dir, ['--connect', `127.0.0.1:${source.tcpPort}`]);
    const c2 = second.client();
    const resumedAt = (await c2.command('getblockcount')) as number;
    expect(resumedAt).toBeGreaterThanOrEqual(60);
    await until(async () => (await c2.command('getblockcount')) === BLOCKS, 120_000);
    const src = source.client();
    expect(await c2.command('getbestblockhash')).toBe(await src.command('getbestblockhash'));
    expect(await c2.command('gettxoutsetinfo', 'muhash')).toMatchObject({ muhash: ((await src.command('gettxoutsetinfo', 'muhash')) as { muhash: string }).muhash });
    process.kill(second.child.pid as number, 'SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);

  it('stops the source with the RPC stop method', async () => {
    expect(await source.client().command('stop')).toBe('bllvm-ts stopping');
    expect(await source.exited).toBe(0);
  }, 60_000);
});
