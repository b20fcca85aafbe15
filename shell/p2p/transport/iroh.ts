/**
 * Iroh transport (@number0/iroh: QUIC with peers addressed by ed25519 node id). One Bitcoin
 * connection is one QUIC connection under our ALPN carrying one bidirectional stream, on which the
 * envelope stream runs exactly as on TCP. The endpoint's secret key is the node's identity key
 * (identity.ts), so the transport authenticates the peer's node id (TLS with raw public keys).
 *
 * Relays and discovery: the default preset is Iroh's minimal one with relays disabled, so peers
 * are dialed by node id plus direct addresses (`ip:port`) and nothing leaves the machine unless
 * asked; preset 'n0' turns on number0's relays and discovery for the open internet.
 *
 * Bytes across the binding: @number0/iroh 1.1's napi binding declares every byte buffer as
 * `Array<number>` (Rust `Vec<u8>`) and refuses a Uint8Array or Buffer ("Failed to get Array
 * length", ArrayExpected), so each byte is converted element by element both ways. The cheapest
 * JS side found (bench/p2p.ts): filling a preallocated `new Array(n)` in a loop (about 6x faster
 * than `Array.from(uint8array)`), and `Uint8Array.from(array)` on reads (about 7x faster than
 * `new Uint8Array(array)`). What remains is the binding's own per-element conversion.
 */
import { createRequire } from 'node:module';
import type * as Iroh from '@number0/iroh/index.js';
import type { Connection, ConnectionHandlers, IrohTarget, ListenInfo, RemoteInfo, Transport } from './transport.js';

/** Our ALPN: the Bitcoin envelope stream of bllvm, version 0. */
export const BLLVM_ALPN = 'bllvm/p2p/0';
const ALPN_BYTES = Array.from(new TextEncoder().encode(BLLVM_ALPN));

/** Largest read per call into the binding. */
const READ_CHUNK = 256 * 1024;
/** Largest write per call (bounds the temporary number[] to ~8 bytes per byte of this). */
const WRITE_CHUNK = 256 * 1024;

type IrohModule = typeof Iroh;
let irohModule: IrohModule | undefined;

/** The native binding, loaded on first use (a TCP-only node never loads it). */
function iroh(): IrohModule {
  // index.js by path: the package's "main" names a missing file (Node warns DEP0128 and falls back to it).
  irohModule ??= createRequire(import.meta.url)('@number0/iroh/index.js') as IrohModule;
  return irohModule;
}

/** Bytes as the binding takes them. */
export function toNumberArray(bytes: Uint8Array): number[] {
  const out: number[] = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] as number;
  return out;
}

/** Bytes from the binding. */
export function fromNumberArray(values: readonly number[]): Uint8Array {
  return Uint8Array.from(values);
}

class IrohConnection implements Connection {
  private handlers: ConnectionHandlers | undefined;
  private ended = false;
  private endError: Error | undefined;
  private notified = false;
  private writeChain: Promise<void> = Promise.resolve();
  private paused = false;
  private resumeWaiter: (() => void) | undefined;
  private readonly remoteId: string;
  private lastPath = '';

  constructor(
    private readonly conn: Iroh.Connection,
    readonly direction: 'inbound' | 'outbound',
    private readonly stream: Promise<Iroh.BiStream>,
    private readonly onEnd: (c: IrohConnection) => void,
  ) {
    stream.catch(() => undefined); // a connection closed before its stream opened must not leave an unhandled rejection
    this.remoteId = conn.remoteId().toString();
    void conn.closed().then((reason) => this.endByConnection(reason));
  }

  get closed(): boolean {
    return this.ended;
  }

  /** The node id (authenticated by the QUIC handshake) and the path in use now (it can change, e.g. after hole punching). */
  get remote(): RemoteInfo {
    if (!this.ended) {
      try {
        this.lastPath = this.conn.paths().find((p) => p.isSelected)?.remoteAddr ?? this.lastPath;
      } catch {
        // closed underneath us: keep the last known path
      }
    }
    return { transport: 'iroh', address: this.lastPath, nodeId: this.remoteId };
  }

  start(handlers: ConnectionHandlers): void {
    if (this.handlers !== undefined) throw new Error('connection already started');
    this.handlers = handlers;
    if (this.ended) this.notify();
    else void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      const { recv } = await this.stream;
      while (!this.ended) {
        if (this.paused) await new Promise<void>((resolve) => (this.resumeWaiter = resolve));
        const values = await recv.read(READ_CHUNK);
        if (values.length === 0) return this.end(); // the peer finished its side of the stream
        if (this.ended) return;
        this.handlers?.data(fromNumberArray(values));
      }
    } catch (e) {
      this.endByConnection(this.conn.closeReason() ?? (e instanceof Error ? e.message : String(e)));
    }
  }

  /** The connection ended: a peer's close with application code 0 is a normal end (as a TCP FIN), anything else an error. */
  private endByConnection(reason: string): void {
    this.end(/^closed by peer: .*\(code 0\)$/s.test(reason) ? undefined : new Error(reason));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new Error('connection closed'));
    const next = this.writeChain.then(async () => {
      if (this.ended) throw new Error('connection closed');
      const { send } = await this.stream;
      for (let at = 0; at < bytes.length; at += WRITE_CHUNK) {
        await send.writeAll(toNumberArray(bytes.subarray(at, at + WRITE_CHUNK)));
      }
    });
    this.writeChain = next.catch(() => undefined);
    return next;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.resumeWaiter?.();
    this.resumeWaiter = undefined;
  }

  close(reason = ''): void {
    if (this.ended) return;
    try {
      this.conn.close(0n, Array.from(new TextEncoder().encode(reason.slice(0, 100))));
    } catch {
      // already closed by the peer
    }
    this.end();
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = error;
    this.resume();
    this.onEnd(this);
    this.notify();
  }

  private notify(): void {
    if (this.notified || this.handlers === undefined) return;
    this.notified = true;
    this.handlers.close(this.endError);
  }
}

export interface IrohTransportOptions {
  /** The node's 32-byte ed25519 secret key (identity.ts). */
  readonly secretKey: Uint8Array;
  /** Local socket address (`ip:port`, port 0 for any); default 127.0.0.1:0. */
  readonly bindAddr?: string;
  /** 'minimal' (default): no relays, no discovery. 'n0': number0's relays and discovery. */
  readonly preset?: 'minimal' | 'n0';
}

export class IrohTransport implements Transport<IrohTarget> {
  readonly kind = 'iroh' as const;
  private readonly connections = new Set<IrohConnection>();
  private acceptLoop: Promise<void> | undefined;
  private closing = false;

  private constructor(private readonly endpoint: Iroh.Endpoint) {}

  /** Binds an endpoint with our ALPN and the given key. */
  static async bind(options: IrohTransportOptions): Promise<IrohTransport> {
    const { Endpoint, RelayMode, presetMinimal, presetN0 } = iroh();
    const builder = Endpoint.builder();
    if (options.preset === 'n0') presetN0(builder);
    else {
      presetMinimal(builder);
      builder.relayMode(RelayMode.disabled());
    }
    builder.secretKey(Array.from(options.secretKey));
    builder.alpns([ALPN_BYTES]);
    builder.bindAddr(options.bindAddr ?? '127.0.0.1:0');
    return new IrohTransport(await builder.bind());
  }

  /** Our node id (64 hex digits). */
  get nodeId(): string {
    return this.endpoint.id().toString();
  }

  /** The direct addresses we are reachable at (`ip:port`). */
  get addresses(): readonly string[] {
    return this.endpoint.addr().directAddresses();
  }

  private track(conn: Iroh.Connection, direction: 'inbound' | 'outbound', stream: Promise<Iroh.BiStream>): IrohConnection {
    const c = new IrohConnection(conn, direction, stream, (x) => this.connections.delete(x));
    this.connections.add(c);
    return c;
  }

  listen(onConnection: (connection: Connection) => void): Promise<ListenInfo> {
    if (this.acceptLoop !== undefined) return Promise.reject(new Error('already listening'));
    this.acceptLoop = this.accept(onConnection);
    return Promise.resolve({ transport: 'iroh', nodeId: this.nodeId, addresses: this.addresses });
  }

  private async accept(onConnection: (connection: Connection) => void): Promise<void> {
    for (;;) {
      let incoming: Iroh.Incoming | null;
      try {
        incoming = await this.endpoint.acceptNext();
      } catch {
        return; // the endpoint closed
      }
      if (incoming === null || this.closing) return;
      void this.handshake(incoming, onConnection);
    }
  }

  private async handshake(incoming: Iroh.Incoming, onConnection: (connection: Connection) => void): Promise<void> {
    try {
      const accepting = await incoming.accept();
      const alpn = await accepting.alpn();
      const conn = await accepting.connect();
      if (this.closing || new TextDecoder().decode(Uint8Array.from(alpn)) !== BLLVM_ALPN) {
        conn.close(0n, []);
        return;
      }
      // The dialer's stream becomes visible with its first bytes (the dialer sends version first).
      onConnection(this.track(conn, 'inbound', conn.acceptBi()));
    } catch {
      // a failed QUIC handshake is that connection's end only
    }
  }

  async dial(target: IrohTarget, options?: { readonly timeoutMs?: number }): Promise<Connection> {
    const { EndpointAddr, EndpointId } = iroh();
    const addr = new EndpointAddr(EndpointId.fromString(target.nodeId), null, [...target.addresses]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`iroh connect to ${target.nodeId} timed out`)), options?.timeoutMs ?? 10_000);
    });
    const connecting = this.endpoint.connect(addr, ALPN_BYTES);
    try {
      const conn = await Promise.race([connecting, timeout]);
      return this.track(conn, 'outbound', conn.openBi());
    } catch (e) {
      connecting.then((late) => late.close(0n, []), () => undefined); // one that completes after the timeout is closed
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const c of this.connections) c.close('shutdown');
    if (!this.endpoint.isClosed()) await this.endpoint.close();
    await this.acceptLoop;
  }
}
