/**
 * The JSON-RPC server (shell/rpc/server.ts) speaks Core's protocol: the cookie file and Basic
 * authentication, JSON-RPC 1.0 and 2.0 replies, batches, Core's error codes and HTTP statuses,
 * and a stock client, the `bitcoin-core` npm package, talks to it over a real socket.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPC_INVALID_PARAMETER, RpcError, type RunningRpcServer, startRpcServer } from '../../shell/rpc/server.js';

const require = createRequire(import.meta.url);
const Client = require('bitcoin-core') as new (options: { host: string; username: string; password: string; timeout?: number }) => { command(...args: unknown[]): Promise<unknown> };

const datadir = mkdtempSync(join(tmpdir(), 'bllvm-rpc-'));
let server: RunningRpcServer;
const methods = {
  getblockcount: () => 438,
  gettxoutsetinfo: () => ({ height: 438, txouts: 443, total_amount: 21900 }),
  getblockhash: ([height]: readonly unknown[]) => {
    if (typeof height !== 'number' || height < 0 || height > 438) throw new RpcError(RPC_INVALID_PARAMETER, 'Block height out of range');
    return '00'.repeat(32);
  },
  bignumber: () => 2n ** 60n,
};

beforeAll(async () => {
  server = await startRpcServer({ host: '127.0.0.1', port: 0, datadir, methods });
});
afterAll(async () => {
  await server.close();
  rmSync(datadir, { recursive: true, force: true });
});

function cookie(): { username: string; password: string } {
  const [username, password] = readFileSync(server.cookieFile, 'utf8').split(':') as [string, string];
  return { username, password };
}

async function post(body: string, auth = `${cookie().username}:${cookie().password}`): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', body, headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } });
  return { status: res.status, text: await res.text() };
}

describe('the JSON-RPC server', () => {
  it("writes Core's cookie: __cookie__ and 64 hex digits, mode 0600", () => {
    expect(readFileSync(server.cookieFile, 'utf8')).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    expect(statSync(server.cookieFile).mode & 0o777).toBe(0o600);
  });

  it('the bitcoin-core npm client calls methods with the cookie, and gets Core error codes', async () => {
    const client = new Client({ host: `http://127.0.0.1:${server.port}`, ...cookie(), timeout: 10_000 });
    expect(await client.command('getblockcount')).toBe(438);
    expect(await client.command('gettxoutsetinfo')).toEqual({ height: 438, txouts: 443, total_amount: 21900 });
    await expect(client.command('getblockhash', 9999)).rejects.toMatchObject({ code: -8, message: 'Block height out of range' });
    await expect(client.command('nosuchmethod')).rejects.toMatchObject({ code: -32601 });
    expect(await client.command([{ method: 'getblockcount' }, { method: 'getblockhash', parameters: [1] }])).toEqual([438, '00'.repeat(32)]);
    const wrong = new Client({ host: `http://127.0.0.1:${server.port}`, username: '__cookie__', password: 'x', timeout: 10_000 });
    await expect(wrong.command('getblockcount')).rejects.toThrow();
  });

  it("replies as Core: 1.0 has result and error, 2.0 one of them; statuses 401, 404, 500, 200", async () => {
    expect(JSON.parse((await post('{"method":"getblockcount","id":7}')).text)).toEqual({ result: 438, error: null, id: 7 });
    expect(JSON.parse((await post('{"jsonrpc":"2.0","method":"getblockcount","id":"a"}')).text)).toEqual({ jsonrpc: '2.0', result: 438, id: 'a' });
    expect((await post('{"method":"getblockcount"}', '__cookie__:wrong')).status).toBe(401);
    const unknown = await post('{"method":"nope","id":1}');
    expect([unknown.status, JSON.parse(unknown.text)]).toEqual([404, { result: null, error: { code: -32601, message: 'Method not found' }, id: 1 }]);
    const bad = await post('{"method":"getblockhash","params":[-1],"id":2}');
    expect([bad.status, JSON.parse(bad.text).error]).toEqual([500, { code: -8, message: 'Block height out of range' }]);
    const v2 = await post('{"jsonrpc":"2.0","method":"nope","id":3}');
    expect([v2.status, JSON.parse(v2.text)]).toEqual([200, { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: 3 }]);
    expect(JSON.parse((await post('{not json')).text).error).toEqual({ code: -32700, message: 'Parse error' });
    expect(JSON.parse((await post('{"method":5,"id":1}')).text).error.code).toBe(-32600);
    expect(JSON.parse((await post('{"method":"getblockhash","params":{"height":1},"id":1}')).text).error.code).toBe(-32602);
  });

  it('writes bigints as JSON numbers', async () => {
    expect((await post('{"method":"bignumber","id":1}')).text).toBe('{"result":1152921504606846976,"error":null,"id":1}\n');
  });

  it('removes its cookie when it closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bllvm-rpc2-'));
    const s = await startRpcServer({ host: '127.0.0.1', port: 0, datadir: dir, methods });
    expect(existsSync(s.cookieFile)).toBe(true);
    await s.close();
    expect(existsSync(s.cookieFile)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
