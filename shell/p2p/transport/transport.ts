/**
 * One interface over the byte streams that carry Bitcoin's envelope: TCP (tcp.ts) and Iroh
 * QUIC streams (iroh.ts). A Connection is one ordered, reliable byte stream to one peer; the
 * peer protocol (peer.ts) runs on it unchanged whichever transport it came by.
 */

export type TransportKind = 'tcp' | 'iroh';

/** Who is at the other end. */
export interface RemoteInfo {
  readonly transport: TransportKind;
  /** IP address (TCP), or `ip:port` of the path in use (Iroh; '' until one is known). */
  readonly address: string;
  /** TCP port. */
  readonly port?: number;
  /** The peer's ed25519 node id (64 hex digits), authenticated by the transport (Iroh only). */
  readonly nodeId?: string;
}

export interface ConnectionHandlers {
  /** Received bytes, in order. The chunk is the handler's (the transport does not reuse it). */
  readonly data: (chunk: Uint8Array) => void;
  /** Called once when the connection has ended: by `close()`, by the peer, or on an error. */
  readonly close: (error?: Error) => void;
}

export interface Connection {
  readonly remote: RemoteInfo;
  /** 'outbound' if we dialed. */
  readonly direction: 'inbound' | 'outbound';
  /** Starts delivering received bytes (nothing is read before); call once. */
  start(handlers: ConnectionHandlers): void;
  /**
   * Queues bytes; resolves when the transport took them (TCP: into the socket below its
   * high-water mark; Iroh: into the QUIC stream), rejects if the connection is closed.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Stops reading from the peer until `resume()` (the transport's flow control pushes back). */
  pause(): void;
  resume(): void;
  /** Ends the connection at once (unsent data may be dropped, as Core's disconnect does); idempotent. */
  close(reason?: string): void;
  readonly closed: boolean;
}

/** Where a transport listens. */
export interface ListenInfo {
  readonly transport: TransportKind;
  /** TCP: the bound host and port. */
  readonly host?: string;
  readonly port?: number;
  /** Iroh: our node id and the direct addresses (`ip:port`) we are bound to. */
  readonly nodeId?: string;
  readonly addresses?: readonly string[];
}

export interface TcpTarget {
  readonly host: string;
  readonly port: number;
}

export interface IrohTarget {
  /** The peer's node id (64 hex digits). */
  readonly nodeId: string;
  /** Direct addresses to try (`ip:port`); with relays and discovery off, at least one is needed. */
  readonly addresses: readonly string[];
}

export interface Transport<Target> {
  readonly kind: TransportKind;
  /** Accepts inbound connections from now on, handing each to `onConnection`. */
  listen(onConnection: (connection: Connection) => void): Promise<ListenInfo>;
  /** Opens an outbound connection. */
  dial(target: Target, options?: { readonly timeoutMs?: number }): Promise<Connection>;
  /** Stops listening and closes every connection of this transport. */
  close(): Promise<void>;
}
