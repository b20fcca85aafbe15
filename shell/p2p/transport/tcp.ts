/**
 * TCP transport (node:net), as Core's CConnman uses plain sockets for v1 connections: no delay
 * (Nagle off, as Core sets TCP_NODELAY), a connection closed at once on disconnect
 * (CNode::CloseSocketDisconnect).
 */
import { type Server, type Socket, connect, createServer } from 'node:net';
import type { Connection, ConnectionHandlers, ListenInfo, RemoteInfo, TcpTarget, Transport } from './transport.js';

/** Default dial timeout, Core's DEFAULT_CONNECT_TIMEOUT (5 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

class TcpConnection implements Connection {
  readonly remote: RemoteInfo;
  private handlers: ConnectionHandlers | undefined;
  private ended = false;
  private endError: Error | undefined;
  private notified = false;

  constructor(
    private readonly socket: Socket,
    readonly direction: 'inbound' | 'outbound',
    private readonly onEnd: (c: TcpConnection) => void,
  ) {
    socket.setNoDelay(true);
    this.remote = { transport: 'tcp', address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    // Listeners from the start: an 'error' without one would crash the process.
    socket.on('error', (e) => {
      this.endError ??= e;
    });
    socket.on('close', () => {
      this.ended = true;
      this.onEnd(this);
      this.notify();
    });
  }

  get closed(): boolean {
    return this.ended || this.socket.destroyed;
  }

  start(handlers: ConnectionHandlers): void {
    if (this.handlers !== undefined) throw new Error('connection already started');
    this.handlers = handlers;
    this.socket.on('data', (chunk: Buffer) => handlers.data(chunk));
    if (this.ended) this.notify();
  }

  private notify(): void {
    if (this.notified || this.handlers === undefined) return;
    this.notified = true;
    this.handlers.close(this.endError);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const s = this.socket;
      if (s.write(bytes)) return resolve();
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        if (s.destroyed) reject(new Error('connection closed'));
        else resolve();
      };
      s.on('drain', done);
      s.on('close', done);
    });
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.destroy();
  }
}

export class TcpTransport implements Transport<TcpTarget> {
  readonly kind = 'tcp' as const;
  private server: Server | undefined;
  private readonly connections = new Set<TcpConnection>();

  /** `host`/`port` to listen on (port 0: any free port). */
  constructor(private readonly listenOn: { readonly host: string; readonly port: number } = { host: '127.0.0.1', port: 0 }) {}

  private track(socket: Socket, direction: 'inbound' | 'outbound'): TcpConnection {
    const c = new TcpConnection(socket, direction, (x) => this.connections.delete(x));
    this.connections.add(c);
    return c;
  }

  listen(onConnection: (connection: Connection) => void): Promise<ListenInfo> {
    if (this.server !== undefined) return Promise.reject(new Error('already listening'));
    const server = createServer((socket) => onConnection(this.track(socket, 'inbound')));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenOn.port, this.listenOn.host, () => {
        server.off('error', reject);
        const a = server.address();
        if (a === null || typeof a === 'string') return reject(new Error('no TCP address'));
        resolve({ transport: 'tcp', host: a.address, port: a.port });
      });
    });
  }

  dial(target: TcpTarget, options?: { readonly timeoutMs?: number }): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: target.host, port: target.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${target.host}:${target.port} timed out`));
      }, options?.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(this.track(socket, 'outbound'));
      });
      const onError = (e: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(e);
      };
      socket.once('error', onError);
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.close();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
