/**
 * One connection's protocol: the version handshake, ping/pong, the node-id proof between bllvm
 * nodes, and a typed stream of the messages received, for the node layer to act on. It follows
 * Core's net_processing.cpp PeerManagerImpl::ProcessMessage and net.cpp:
 *
 * - handshake: the dialer sends `version` first; an inbound peer answers a `version` with its own.
 *   On `version`: wtxidrelay (if the common version is >= 70016, BIP339), sendaddrv2 (BIP155),
 *   verack. On `verack`: sendheaders (common version >= 70012, BIP130), then our bllvmnodeid
 *   proof if the peer advertised NODE_BLLVM_NODEID on TCP. Messages before `version` and, except
 *   the handshake's own, before `verack` are ignored, as Core ignores them; wtxidrelay or
 *   sendaddrv2 after verack disconnects (Core's wording). Peers below MIN_PEER_PROTO_VERSION are
 *   disconnected. `ready` fires when both sides are through (and the peer's node id is proven,
 *   when it advertised the proof).
 * - ping every PING_INTERVAL, disconnect after TIMEOUT_INTERVAL without the pong ("ping timeout");
 *   a peer's ping is answered with its nonce.
 * - envelope faults: a wrong magic or an oversized length disconnects (V1Transport::readHeader);
 *   a wrong checksum or invalid message type drops that message and keeps the peer, as Core does
 *   ("Drop the message but don't disconnect the peer"), unless `disconnectOnDroppedMessage`.
 *   A count over a protocol limit (headers > 2,000, inv/getdata > 50,000, locator > 101)
 *   disconnects with Core's Misbehaving reason; other payloads that do not decode are dropped
 *   with Core's ProcessMessages exception line, as Core catches them and keeps the peer.
 *
 * It holds no chain state: the node layer answers getheaders/getdata and handles headers, inv and
 * blocks from the `message` events.
 */
import { randomBytes } from 'node:crypto';
import type { ChainParams } from '../../kernel/chain/params.js';
import { toHex } from '../../kernel/encoding/hex.js';
import type { NodeIdentity } from './identity.js';
import { ipToBytes } from './net-address.js';
import { signNodeIdProof, verifyNodeIdProof } from './node-id-proof.js';
import type { Connection } from './transport/transport.js';
import { TypedEmitter } from './typed-emitter.js';
import { EnvelopeParser, encodeEnvelope } from './wire/envelope.js';
import {
  EMPTY_NET_ADDRESS,
  type NodeIdMessage,
  type VersionMessage,
  type WireMessage,
  decodeMessage,
  encodeMessage,
} from './wire/messages.js';
import {
  BIP0031_VERSION,
  DEFAULT_PEER_CONNECT_TIMEOUT_MS,
  MIN_PEER_PROTO_VERSION,
  NODE_BLLVM_NODEID,
  NODE_NETWORK,
  NODE_WITNESS,
  PING_INTERVAL_MS,
  PROTOCOL_VERSION,
  SENDHEADERS_VERSION,
  TIMEOUT_INTERVAL_MS,
  WTXID_RELAY_VERSION,
} from './wire/protocol.js';

/** Our user agent (BIP14). */
export const USER_AGENT = '/bllvm-ts:0.1.0/';

export interface PeerOptions {
  /** The network: its message start (magic) frames every message. */
  readonly params: ChainParams;
  /** Our identity: proven to bllvm peers on TCP after verack. Without it we neither advertise nor send a proof. */
  readonly identity?: NodeIdentity;
  /** Services we advertise; default NODE_NETWORK | NODE_WITNESS (and NODE_BLLVM_NODEID with an identity). */
  readonly services?: bigint;
  readonly userAgent?: string;
  /** Our best height for the version message (a function is read when the version is sent). */
  readonly startHeight?: number | (() => number);
  /** BIP37 relay flag: whether we want transaction announcements. Default false. */
  readonly relay?: boolean;
  /** Our version nonce; random by default. */
  readonly nonce?: bigint;
  /** Clock for the version message (UNIX seconds). */
  readonly now?: () => number;
  /** Whether an inbound version's nonce is one of our own outbound nonces (Core: "connected to self"). */
  readonly isOwnNonce?: (nonce: bigint) => boolean;
  /** Between automatic pings; 0 turns them off. Default PING_INTERVAL (2 min). */
  readonly pingIntervalMs?: number;
  /** A ping unanswered this long disconnects. Default TIMEOUT_INTERVAL (20 min). */
  readonly pingTimeoutMs?: number;
  /** The handshake must complete within this. Default DEFAULT_PEER_CONNECT_TIMEOUT (60 s). */
  readonly handshakeTimeoutMs?: number;
  /** Disconnect on a message Core drops (wrong checksum, invalid message type). Default false, as Core. */
  readonly disconnectOnDroppedMessage?: boolean;
}

/** Something the peer did wrong. `reason` is Core's wording; `detail` the whole line. */
export interface Misbehaviour {
  readonly reason: string;
  readonly detail: string;
  /** Whether the peer is being disconnected for it. */
  readonly disconnect: boolean;
}

export interface PeerReady {
  readonly version: VersionMessage;
  /** The peer's node id when proven (bllvmnodeid on TCP) or authenticated by the transport (Iroh). */
  readonly nodeId?: string;
}

export interface PeerClose {
  /** Why: our disconnect reason, or how the connection ended. */
  readonly reason: string;
  /** True when we disconnected the peer. */
  readonly byUs: boolean;
  readonly error?: Error;
}

export interface PeerEvents {
  /** The handshake is complete. */
  ready: [PeerReady];
  /** A message after the handshake, other than those the peer layer consumes (version, verack, wtxidrelay, sendaddrv2, ping, pong, bllvmnodeid). */
  message: [WireMessage, Uint8Array];
  misbehaving: [Misbehaviour];
  /** A pong for our ping, with the round trip in milliseconds. */
  pong: [number];
  close: [PeerClose];
}

export interface PeerStats {
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly messagesReceived: number;
  readonly messagesSent: number;
  /** Last ping round trip (ms). */
  readonly pingMs?: number;
}

/** The handshake and session state of one connection. */
export class Peer extends TypedEmitter<PeerEvents> {
  readonly nonce: bigint;
  private readonly parser: EnvelopeParser;
  private readonly magic: Uint8Array;
  private remoteVersion: VersionMessage | undefined;
  private sentVersion = false;
  private gotVerack = false;
  private isReady = false;
  private expectNodeId = false;
  private provenNodeId: string | undefined;
  private closeReason: string | undefined;
  private ended = false;
  private sendChain: Promise<unknown> = Promise.resolve();
  private pingNonce = 0n;
  private pingStart = 0;
  private pingWaiters: Array<{ resolve: (ms: number) => void; reject: (e: Error) => void }> = [];
  private handshakeTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private pingTimeoutTimer: NodeJS.Timeout | undefined;
  private counters = { bytesReceived: 0, bytesSent: 0, messagesReceived: 0, messagesSent: 0 };
  private lastPingMs: number | undefined;
  /** BIP130: the peer asked for headers announcements. */
  prefersHeaders = false;
  /** BIP339 and BIP155 announcements received during the handshake. */
  wtxidRelay = false;
  sendAddrV2 = false;
  /** BIP133: the peer's minimum fee rate for tx announcements (sat/kvB). */
  feeFilter = 0n;

  constructor(
    readonly connection: Connection,
    private readonly options: PeerOptions,
  ) {
    super();
    this.magic = options.params.messageStart;
    this.parser = new EnvelopeParser(this.magic);
    this.nonce = options.nonce ?? new DataView(randomBytes(8).buffer).getBigUint64(0, true);
  }

  /** Whether the handshake completed. */
  get ready(): boolean {
    return this.isReady;
  }

  /** The peer's version message, once received. */
  get version(): VersionMessage | undefined {
    return this.remoteVersion;
  }

  /** The peer's node id, when proven or authenticated by the transport. */
  get nodeId(): string | undefined {
    return this.provenNodeId ?? this.connection.remote.nodeId;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Bytes held for the message being received (its header and the payload so far): bounded by the type's cap. */
  get receiveBufferBytes(): number {
    return this.parser.bufferedBytes;
  }

  get stats(): PeerStats {
    return this.lastPingMs === undefined ? { ...this.counters } : { ...this.counters, pingMs: this.lastPingMs };
  }

  /** Starts reading; the dialer sends its version now. */
  start(): void {
    this.handshakeTimer = unrefTimer(setTimeout(() => this.disconnect('version handshake timeout'), this.options.handshakeTimeoutMs ?? DEFAULT_PEER_CONNECT_TIMEOUT_MS));
    this.connection.start({ data: (chunk) => this.receive(chunk), close: (error) => this.onClosed(error) });
    if (this.connection.direction === 'outbound') void this.sendVersion();
  }

  /** Sends a message; false if the connection is closed. Messages go out in call order. */
  send(msg: WireMessage): Promise<boolean> {
    const { type, payload } = encodeMessage(msg);
    return this.sendRaw(type, payload);
  }

  /** Sends a payload already serialized (a stored block, say) under message type `type`. */
  sendRaw(type: string, payload: Uint8Array): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    const bytes = encodeEnvelope(this.magic, type, payload);
    const result = this.sendChain.then(() => this.connection.write(bytes)).then(
      () => {
        this.counters.bytesSent += bytes.length;
        this.counters.messagesSent++;
        return true;
      },
      () => false,
    );
    this.sendChain = result;
    return result;
  }

  /** Pings now (or joins the ping in flight); resolves with the round trip in ms. */
  ping(): Promise<number> {
    if (this.ended) return Promise.reject(new Error('peer closed'));
    const p = new Promise<number>((resolve, reject) => this.pingWaiters.push({ resolve, reject }));
    if (this.pingNonce === 0n) this.sendPing();
    return p;
  }

  /** Stops reading from the peer until `resume()`. */
  pause(): void {
    this.connection.pause();
  }

  resume(): void {
    this.connection.resume();
  }

  /** Disconnects with `reason` (idempotent; the first reason is kept). */
  disconnect(reason: string): void {
    if (this.ended || this.closeReason !== undefined) return;
    this.closeReason = reason;
    this.connection.close(reason);
  }

  private onClosed(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of [this.handshakeTimer, this.pingTimer, this.pingTimeoutTimer]) clearTimeout(t);
    const closedError = new Error(this.closeReason ?? 'connection closed');
    for (const w of this.pingWaiters.splice(0)) w.reject(closedError);
    const byUs = this.closeReason !== undefined;
    const reason = this.closeReason ?? (error === undefined ? 'connection closed by peer' : `connection error: ${error.message}`);
    this.emit('close', error === undefined ? { reason, byUs } : { reason, byUs, error });
  }

  private misbehaving(reason: string, detail: string, disconnect: boolean): void {
    this.emit('misbehaving', { reason, detail, disconnect });
    if (disconnect) this.disconnect(detail);
  }

  private receive(chunk: Uint8Array): void {
    if (this.closeReason !== undefined) return;
    this.counters.bytesReceived += chunk.length;
    for (const event of this.parser.push(chunk)) {
      if (this.closeReason !== undefined) return;
      if (event.kind === 'fatal') return this.misbehaving(event.reason, event.detail, true);
      if (event.kind === 'dropped') {
        this.misbehaving(event.reason, event.detail, this.options.disconnectOnDroppedMessage ?? false);
        continue;
      }
      this.counters.messagesReceived++;
      const decoded = decodeMessage(event.command, event.payload);
      if (!decoded.ok) {
        if (event.command === 'pong' && this.gotVerack) {
          this.onPong(0n, event.payload.length); // Core reads a pong's nonce only if 8 bytes are there
          continue;
        }
        const { code, overLimit } = decoded.error;
        if (overLimit) this.misbehaving(code, code, true);
        else this.misbehaving('ProcessMessages exception', `ProcessMessages(${event.command}, ${event.payload.length} bytes): Exception '${code}' caught`, false);
        continue;
      }
      this.handle(decoded.value, event.payload);
    }
  }

  private handle(msg: WireMessage, raw: Uint8Array): void {
    if (msg.command === 'version') return this.onVersion(msg.payload);
    // Core: "non-version message before version handshake" is ignored.
    if (this.remoteVersion === undefined) return;
    switch (msg.command) {
      case 'verack':
        return this.onVerack();
      case 'wtxidrelay':
      case 'sendaddrv2':
        // Core: "<type> received after verack from peer=N; disconnecting".
        if (this.gotVerack) return this.misbehaving(`${msg.command} received after verack`, `${msg.command} received after verack; disconnecting`, true);
        if (msg.command === 'wtxidrelay') this.wtxidRelay = this.commonVersion() >= WTXID_RELAY_VERSION;
        else this.sendAddrV2 = true;
        return;
    }
    // Core: "Unsupported message prior to verack" is ignored.
    if (!this.gotVerack) return;
    switch (msg.command) {
      case 'ping':
        if (this.commonVersion() > BIP0031_VERSION) void this.send({ command: 'pong', payload: { nonce: msg.payload.nonce } });
        return;
      case 'pong':
        return this.onPong(msg.payload.nonce, raw.length);
      case 'bllvmnodeid':
        return this.onNodeId(msg.payload);
      case 'sendheaders':
        this.prefersHeaders = true;
        break;
      case 'feefilter':
        this.feeFilter = msg.payload.feeRate;
        break;
    }
    if (this.isReady) this.emit('message', msg, raw);
  }

  private commonVersion(): number {
    return Math.min(this.remoteVersion?.version ?? 0, PROTOCOL_VERSION);
  }

  private services(): bigint {
    const base = this.options.services ?? NODE_NETWORK | NODE_WITNESS;
    return this.options.identity === undefined ? base & ~NODE_BLLVM_NODEID : base | NODE_BLLVM_NODEID;
  }

  private sendVersion(): Promise<boolean> {
    this.sentVersion = true;
    const remote = this.connection.remote;
    const height = typeof this.options.startHeight === 'function' ? this.options.startHeight() : (this.options.startHeight ?? 0);
    const version: VersionMessage = {
      version: PROTOCOL_VERSION,
      services: this.services(),
      time: BigInt(Math.floor(this.options.now?.() ?? Date.now() / 1000)),
      addrRecv: { services: 0n, ip: ipToBytes(remote.address), port: remote.port ?? 0 },
      addrFrom: EMPTY_NET_ADDRESS, // Core sends an empty addrFrom
      nonce: this.nonce,
      userAgent: this.options.userAgent ?? USER_AGENT,
      startHeight: height,
      relay: this.options.relay ?? false,
    };
    return this.send({ command: 'version', payload: version });
  }

  private onVersion(v: VersionMessage): void {
    if (this.remoteVersion !== undefined) return; // Core: "redundant version message", ignored
    if (v.version < MIN_PEER_PROTO_VERSION) {
      return this.misbehaving('obsolete version', `using obsolete version ${v.version}; disconnecting`, true);
    }
    if (this.connection.direction === 'inbound' && this.options.isOwnNonce?.(v.nonce) === true) {
      return this.misbehaving('connected to self', `connected to self at ${this.connection.remote.address}, disconnecting`, true);
    }
    this.remoteVersion = v;
    // Both sides advertise NODE_BLLVM_NODEID (we do with an identity): then each sends a proof and waits for the other's.
    this.expectNodeId =
      this.connection.remote.transport === 'tcp' && this.options.identity !== undefined && (v.services & NODE_BLLVM_NODEID) !== 0n;
    if (!this.sentVersion) void this.sendVersion();
    if (this.commonVersion() >= WTXID_RELAY_VERSION) void this.send({ command: 'wtxidrelay', payload: {} });
    void this.send({ command: 'sendaddrv2', payload: {} });
    void this.send({ command: 'verack', payload: {} });
  }

  private onVerack(): void {
    if (this.gotVerack) return; // Core: "ignoring redundant verack message"
    this.gotVerack = true;
    if (this.commonVersion() >= SENDHEADERS_VERSION) void this.send({ command: 'sendheaders', payload: {} });
    const identity = this.options.identity;
    if (this.expectNodeId && identity !== undefined && this.remoteVersion !== undefined) {
      void this.send({ command: 'bllvmnodeid', payload: signNodeIdProof(identity, this.magic, this.nonce, this.remoteVersion.nonce) });
    }
    this.maybeReady();
  }

  private onNodeId(proof: NodeIdMessage): void {
    const remote = this.remoteVersion;
    if (remote === undefined) return;
    if (!verifyNodeIdProof(proof, this.magic, remote.nonce, this.nonce)) {
      return this.misbehaving('bllvmnodeid: bad signature', `bllvmnodeid: bad signature for node id ${toHex(proof.publicKey)}; disconnecting`, true);
    }
    const id = toHex(proof.publicKey);
    const transportId = this.connection.remote.nodeId;
    if ((transportId !== undefined && transportId !== id) || (this.provenNodeId !== undefined && this.provenNodeId !== id)) {
      return this.misbehaving('bllvmnodeid: node id mismatch', `bllvmnodeid: node id ${id} differs from the one already known; disconnecting`, true);
    }
    this.provenNodeId = id;
    this.maybeReady();
  }

  private maybeReady(): void {
    const version = this.remoteVersion;
    if (this.isReady || !this.gotVerack || version === undefined) return;
    if (this.expectNodeId && this.provenNodeId === undefined) return;
    this.isReady = true;
    clearTimeout(this.handshakeTimer);
    const interval = this.options.pingIntervalMs ?? PING_INTERVAL_MS;
    if (interval > 0) this.pingTimer = unrefTimer(setInterval(() => this.pingNonce === 0n && this.sendPing(), interval));
    const nodeId = this.nodeId;
    this.emit('ready', nodeId === undefined ? { version } : { version, nodeId });
  }

  private sendPing(): void {
    let nonce = 0n;
    while (nonce === 0n) nonce = new DataView(randomBytes(8).buffer).getBigUint64(0, true);
    this.pingNonce = nonce;
    this.pingStart = performance.now();
    const timeout = this.options.pingTimeoutMs ?? TIMEOUT_INTERVAL_MS;
    clearTimeout(this.pingTimeoutTimer);
    this.pingTimeoutTimer = unrefTimer(setTimeout(() => this.disconnect(`ping timeout: ${(timeout / 1000).toFixed(6)}s`), timeout));
    void this.send({ command: 'ping', payload: { nonce } });
  }

  /** Core's pong handling: only a matching nonce finishes the ping; the others are logged problems. */
  private onPong(nonce: bigint, size: number): void {
    if (size < 8) return this.pongProblem('Short payload', true);
    if (this.pingNonce === 0n) return this.pongProblem('Unsolicited pong without ping', false);
    if (nonce !== this.pingNonce) return this.pongProblem(nonce === 0n ? 'Nonce zero' : 'Nonce mismatch', nonce === 0n);
    const ms = performance.now() - this.pingStart;
    this.finishPing();
    this.lastPingMs = ms;
    for (const w of this.pingWaiters.splice(0)) w.resolve(ms);
    this.emit('pong', ms);
  }

  private pongProblem(problem: string, finished: boolean): void {
    if (finished) {
      this.finishPing();
      for (const w of this.pingWaiters.splice(0)) w.reject(new Error(`pong: ${problem}`));
    }
    this.emit('misbehaving', { reason: problem, detail: `pong ${problem}`, disconnect: false });
  }

  private finishPing(): void {
    this.pingNonce = 0n;
    clearTimeout(this.pingTimeoutTimer);
  }
}

/** Timers never keep the process alive on their own. */
function unrefTimer<T extends NodeJS.Timeout>(t: T): T {
  t.unref();
  return t;
}
