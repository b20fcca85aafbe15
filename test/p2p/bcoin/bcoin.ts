/**
 * A bcoin regtest node for interop tests (../shared/peers/bcoin, README there): started on free
 * loopback ports in a temporary prefix, driven through its JSON-RPC (Core's method names), stopped
 * by pid. The shared copy has no compiled native modules (its .gitignore drops them), so it runs
 * with bcrypto's JavaScript backend (NODE_BACKEND=js) and an in-memory database (--memory=true,
 * with no-native-leveldb.cjs preloaded so bdb loads without its LevelDB binding).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared bcoin: $BLLVM_BCOIN_DIR, else ../shared/peers/bcoin beside the checkout, else
 * /work/shared/peers/bcoin (a clone made elsewhere on this machine). Missing: the tests fail, never skip.
 */
export const BCOIN_DIR = [process.env.BLLVM_BCOIN_DIR, fileURLToPath(new URL('../../../../shared/peers/bcoin', import.meta.url)), '/work/shared/peers/bcoin'].find(
  (d): d is string => d !== undefined && existsSync(join(d, 'bin/node')),
) ?? fileURLToPath(new URL('../../../../shared/peers/bcoin', import.meta.url));
export const BCOIN_NODE = join(BCOIN_DIR, 'bin/node');
const SHIM = fileURLToPath(new URL('./no-native-leveldb.cjs', import.meta.url));

/** A regtest P2PKH address (testnet/regtest version byte 0x6f) to mine to. */
export const REGTEST_ADDRESS = 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export class BcoinNode {
  private exited: Promise<void>;
  private stderr = '';

  private constructor(
    readonly process: ChildProcess,
    readonly p2pPort: number,
    readonly rpcPort: number,
    private readonly prefix: string,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
    process.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
  }

  /** Starts bcoin and waits until its RPC answers (at most `attempts` tries, 100 ms apart). */
  static async start(attempts = 300): Promise<BcoinNode> {
    const [p2pPort, rpcPort] = [await freePort(), await freePort()];
    const prefix = mkdtempSync(join(tmpdir(), 'bcoin-'));
    const args = [
      '--require', SHIM, BCOIN_NODE,
      '--network=regtest', '--memory=true', `--prefix=${prefix}`, '--no-wallet',
      '--listen=true', '--host=127.0.0.1', `--port=${p2pPort}`,
      '--http-host=127.0.0.1', `--http-port=${rpcPort}`, '--no-auth=true',
      '--discover=false', '--log-console=false', '--workers=false',
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, NODE_BACKEND: 'js' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const node = new BcoinNode(child, p2pPort, rpcPort, prefix);
    for (let i = 0; i < attempts; i++) {
      if (child.exitCode !== null) throw new Error(`bcoin exited (${child.exitCode}): ${node.stderr}`);
      try {
        await node.rpc('getblockchaininfo');
        return node;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await node.stop();
    throw new Error(`bcoin's RPC did not answer: ${node.stderr}`);
  }

  /** A JSON-RPC call; rejects with bcoin's error message. */
  async rpc<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${this.rpcPort}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, params }),
    });
    const body = (await res.json()) as { result: T; error: { message: string } | null };
    if (body.error !== null) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  }

  /** SIGTERM by pid, then SIGKILL if it has not exited within `graceMs`; removes its prefix. */
  async stop(graceMs = 10_000): Promise<void> {
    const pid = this.process.pid;
    if (pid !== undefined && this.process.exitCode === null && this.process.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => this.process.exitCode === null && process.kill(pid, 'SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}
