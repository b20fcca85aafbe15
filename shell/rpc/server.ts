/**
 * A JSON-RPC server as Bitcoin Core's (httpserver.cpp, httprpc.cpp, rpc/request.cpp): HTTP POST on
 * a local address, Basic authentication with the cookie Core writes to `DATADIR/.cookie`
 * (`__cookie__:<64 hex>`, mode 0600, removed on shutdown), JSON-RPC 1.0 replies (`result`, `error`,
 * `id` always present) or 2.0 replies when the request says `"jsonrpc": "2.0"`, batches, and
 * Core's error codes. The methods come from the node (shell/rpc/methods.ts): this file only
 * speaks the protocol. Existing clients (the `bitcoin-core` npm package, bitcoin-cli) work with it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Core's RPCErrorCode values (rpc/protocol.h) the server and the methods use. */
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_PARSE_ERROR = -32700;
export const RPC_MISC_ERROR = -1;
export const RPC_TYPE_ERROR = -3;
export const RPC_INVALID_ADDRESS_OR_KEY = -5;
export const RPC_INVALID_PARAMETER = -8;
export const RPC_DESERIALIZATION_ERROR = -22;
export const RPC_VERIFY_ERROR = -25;
export const RPC_IN_WARMUP = -28;

/** Core's JSONRPCError: a code from rpc/protocol.h and a message. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type RpcMethod = (params: readonly unknown[]) => unknown;

/** A request body is refused above this size (Core's MAX_SIZE for HTTP bodies is 32 MiB too). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface RpcServerOptions {
  readonly host: string;
  readonly port: number;
  /** The data directory: the cookie goes to DATADIR/.cookie. */
  readonly datadir: string;
  readonly methods: Readonly<Record<string, RpcMethod>>;
}

interface JsonRpcRequest {
  readonly method?: unknown;
  readonly params?: unknown;
  readonly id?: unknown;
  readonly jsonrpc?: unknown;
}

/** One reply object, Core's JSONRPCReplyObj (1.0: result and error both present; 2.0: one of them). */
function reply(request: JsonRpcRequest, result: unknown, error: RpcError | undefined): Record<string, unknown> {
  const id = request.id ?? null;
  const err = error === undefined ? null : { code: error.code, message: error.message };
  if (request.jsonrpc === '2.0') return error === undefined ? { jsonrpc: '2.0', result, id } : { jsonrpc: '2.0', error: err, id };
  return { result: error === undefined ? result : null, error: err, id };
}

/** Runs one request; returns the reply and the HTTP status Core would give it alone (1.0: 404 unknown method, 500 other errors). */
async function call(methods: Readonly<Record<string, RpcMethod>>, request: unknown): Promise<{ body: Record<string, unknown>; status: number }> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { body: reply({}, null, new RpcError(RPC_INVALID_REQUEST, 'Invalid Request object')), status: 400 };
  }
  const req = request as JsonRpcRequest;
  const legacy = req.jsonrpc !== '2.0';
  if (typeof req.method !== 'string') return { body: reply(req, null, new RpcError(RPC_INVALID_REQUEST, 'Method must be a string')), status: legacy ? 400 : 200 };
  const method = Object.hasOwn(methods, req.method) ? methods[req.method] : undefined;
  if (method === undefined) return { body: reply(req, null, new RpcError(RPC_METHOD_NOT_FOUND, 'Method not found')), status: legacy ? 404 : 200 };
  const params = req.params === undefined || req.params === null ? [] : req.params;
  if (!Array.isArray(params)) return { body: reply(req, null, new RpcError(RPC_INVALID_PARAMS, 'Params must be an array')), status: legacy ? 400 : 200 };
  try {
    return { body: reply(req, await method(params), undefined), status: 200 };
  } catch (e) {
    const error = e instanceof RpcError ? e : new RpcError(RPC_MISC_ERROR, e instanceof Error ? e.message : String(e));
    return { body: reply(req, null, error), status: legacy ? 500 : 200 };
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether the Basic credentials are `__cookie__:<cookie>` (compared in constant time). */
function authorized(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined || !header.startsWith('Basic ')) return false;
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** JSON with bigints written as numbers (Core writes amounts and counts as JSON numbers). */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `\u0000${v}\u0000` : v)).replace(/"\\u0000(-?\d+)\\u0000"/g, '$1');
}

export interface RunningRpcServer {
  readonly port: number;
  readonly cookieFile: string;
  close(): Promise<void>;
}

/** Starts the server; writes the cookie first, as Core does before it accepts connections. */
export async function startRpcServer(options: RpcServerOptions): Promise<RunningRpcServer> {
  const cookie = `__cookie__:${randomBytes(32).toString('hex')}`;
  const cookieFile = join(options.datadir, '.cookie');
  await writeFile(cookieFile, cookie, { mode: 0o600 });
  const expected = Buffer.from(cookie);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: string, type = 'application/json'): void => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (!authorized(req.headers.authorization, expected)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="jsonrpc"');
      return send(401, '', 'text/html');
    }
    if (req.method !== 'POST') return send(405, 'JSONRPC server handles only POST requests', 'text/html');
    const text = await readBody(req);
    if (text === undefined) return send(413, 'Request body too large', 'text/html');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return send(500, `${stringify(reply({}, null, new RpcError(RPC_PARSE_ERROR, 'Parse error')))}\n`);
    }
    if (Array.isArray(parsed)) {
      const replies = [];
      for (const request of parsed) replies.push((await call(options.methods, request)).body);
      return send(200, `${stringify(replies)}\n`);
    }
    const { body, status } = await call(options.methods, parsed);
    return send(status, `${stringify(body)}\n`);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    cookieFile,
    async close() {
      // Replies in progress (say, to `stop`) finish; idle keep-alive connections end now; anything left after 2 s is cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const backstop = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(backstop);
      await unlink(cookieFile).catch(() => undefined);
    },
  };
}
