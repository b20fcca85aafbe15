/**
 * The node (issue 12): the chain store (shell/store), peers over TCP and Iroh (shell/p2p) and the
 * kernel, as Core's net_processing.cpp drives them: headers-first sync (getheaders with a locator,
 * headers accepted by the kernel's header chain, blocks fetched in parallel from the peers that
 * have them and connected in order, one LMDB transaction each), reorganisation to a heavier chain,
 * serving headers and blocks to any peer, and the peer policy around it (connection limits, rate
 * limits, stalled downloads re-requested elsewhere, misbehaving peers disconnected and banned with
 * Core's reasons). Blocks downloaded but not yet connected are held in memory up to a cap.
 *
 * Deviations from Core, on purpose: headers are served during initial block download (so another
 * implementation can sync from a node that is itself catching up), and a ban lasts for the node's
 * lifetime (Core's discouragement filter is not persisted either).
 */
import os from 'node:os';
import { join } from 'node:path';
import { type HeaderEntry, findReorg, getAncestor } from '../../kernel/chain/header-chain.js';
import { NETWORKS, type ChainParams, type NetworkName } from '../../kernel/chain/params.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { blockHash, decodeBlock, encodeBlock } from '../../kernel/primitives/block.js';
import type { Block, BlockHeader } from '../../kernel/primitives/types.js';
import { type NodeIdentity, loadOrCreateNodeIdentity } from '../p2p/identity.js';
import { type Misbehaviour, Peer, type PeerClose } from '../p2p/peer.js';
import { IrohTransport } from '../p2p/transport/iroh.js';
import { TcpTransport } from '../p2p/transport/tcp.js';
import type { Connection, IrohTarget, ListenInfo, RemoteInfo, TcpTarget } from '../p2p/transport/transport.js';
import type { InvVector, WireMessage } from '../p2p/wire/messages.js';
import {
  MAX_HEADERS_RESULTS,
  MSG_BLOCK,
  MSG_WITNESS_BLOCK,
  MSG_WITNESS_FLAG,
  NODE_BLLVM_UTXO,
  NODE_NETWORK,
  NODE_WITNESS,
} from '../p2p/wire/protocol.js';
import { type FastSyncAdversary, serveFastSync } from './fastsync-server.js';
import { createRpcMethods } from '../rpc/methods.js';
import { type RunningRpcServer, startRpcServer } from '../rpc/server.js';
import { ChainStore } from '../store/chain-store.js';
import { formatStoreError } from '../store/errors.js';
import { selectSecp256k1Backend } from '../crypto/select-backend.js';
import { ScriptCheckPool } from '../workers/script-pool.js';
import { blockLocator } from './locator.js';

/** Core's MAX_BLOCKS_IN_TRANSIT_PER_PEER. */
export const MAX_BLOCKS_IN_TRANSIT_PER_PEER = 16;
/** Core's BLOCK_DOWNLOAD_WINDOW: blocks are fetched at most this far ahead of the tip. */
export const BLOCK_DOWNLOAD_WINDOW = 1024;
/** Core's MAX_NUM_UNCONNECTING_HEADERS_MSGS. */
export const MAX_UNCONNECTING_HEADERS = 10;
/** Core's getblocks limit: at most 500 hashes per inv answer. */
export const MAX_GETBLOCKS_RESULTS = 500;
/** Default cap on blocks downloaded and not yet connected. */
export const DEFAULT_BLOCK_BUFFER_BYTES = 256 * 1024 * 1024;

export type PeerTarget = ({ readonly transport: 'tcp' } & TcpTarget) | ({ readonly transport: 'iroh' } & IrohTarget);

export interface NodeOptions {
  readonly datadir: string;
  readonly network: NetworkName;
  /** Listen on TCP here (port 0: any free port). */
  readonly listen?: TcpTarget;
  /** Listen on Iroh too (hybrid when `listen` is given as well), bound to this address (default 127.0.0.1:0). */
  readonly iroh?: { readonly bindAddr?: string };
  /** Peers to connect to (reconnected while the node runs). */
  readonly connect?: readonly PeerTarget[];
  readonly maxOutbound?: number;
  readonly maxInbound?: number;
  /** Cap on blocks held in memory between download and connection (default 256 MiB). */
  readonly blockBufferBytes?: number;
  /** A peer holding the next block to connect this long is disconnected and the block asked elsewhere (Core: BLOCK_STALLING_TIMEOUT). */
  readonly stallTimeoutMs?: number;
  /** Per peer, averaged over a 10-second window: more received bytes or messages per second disconnects. */
  readonly maxBytesPerSecond?: number;
  readonly maxMessagesPerSecond?: number;
  /** Reconnect delay for `connect` peers. */
  readonly reconnectMs?: number;
  /** LMDB without fsync per block (tests). */
  readonly noSync?: boolean;
  /** Serve UTXO commitments, chunks and filtered blocks to fast-syncing peers (service bit NODE_BLLVM_UTXO; default true). */
  readonly serveUtxo?: boolean;
  /** Keep the UTXO set of every height divisible by this for fast-syncing peers (default: none but the tip). */
  readonly snapshotInterval?: number;
  /** Chunk size budget of the plans this node serves (default MAX_CHUNK_BYTES). */
  readonly chunkBytes?: number;
  /** Misbehave on purpose when serving fast sync (demo and tests only: shell/node/fastsync-server.ts). */
  readonly adversary?: FastSyncAdversary;
  /** Start with block download held (a fast sync installs the UTXO set first). */
  readonly holdBlocks?: boolean;
  /** Script-check threads (Core's -par): 0 checks on the main thread; default the number of cores. */
  readonly scriptThreads?: number;
  /** Serve JSON-RPC here (Core's methods, cookie in DATADIR/.cookie; port 0: any free port). */
  readonly rpc?: TcpTarget;
  /** Progress and events, one line each. */
  readonly log?: (line: string) => void;
}

/** What the node knows of one connected peer. */
export interface PeerInfo {
  readonly id: number;
  readonly remote: RemoteInfo;
  readonly inbound: boolean;
  readonly version?: number;
  readonly services?: bigint;
  readonly subver?: string;
  readonly startingHeight?: number;
  readonly syncedHeaders: number;
  readonly inFlight: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly pingMs?: number;
  readonly nodeId?: string;
  readonly connectedAt: number;
}

interface Slot {
  readonly id: number;
  readonly peer: Peer;
  readonly remote: RemoteInfo;
  readonly inbound: boolean;
  readonly target?: PeerTarget;
  readonly connectedAt: number;
  ready: boolean;
  /** The last header this peer sent or announced that we accepted. */
  best?: HeaderEntry;
  /** Blocks requested from this peer: hash (display hex) → when. */
  readonly inFlight: Map<string, number>;
  unconnecting: number;
  /** Core's hashContinue: the last hash of a full getblocks answer. */
  hashContinue?: string;
  /** Rate window: received counters at the window's start. */
  windowStart: number;
  windowBytes: number;
  windowMessages: number;
}

interface Buffered {
  readonly block: Block;
  readonly bytes: number;
  readonly from: number;
}

export class BllvmNode {
  private readonly slots = new Map<number, Slot>();
  private readonly buffer = new Map<string, Buffered>();
  private readonly banned = new Map<string, string>();
  /** Blocks rejected, by hash (display hex): Core's reason. */
  private readonly rejections = new Map<string, string>();
  private bufferedBytes = 0;
  private nextId = 1;
  private running = true;
  private connecting: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private tcp?: TcpTransport;
  private rpcServer?: RunningRpcServer;
  private scripts?: ScriptCheckPool;
  private irohTransport?: IrohTransport;
  private listenInfo: ListenInfo[] = [];
  private connectedBlocks = 0;
  private blocksHeld: boolean;
  /** Answers awaited from peers, by peer id and request id. */
  private readonly awaiting = new Map<string, (msg: WireMessage | undefined) => void>();
  private lastProgress = 0;
  private readonly stopped: Promise<void>;
  private resolveStopped!: () => void;

  private constructor(
    readonly store: ChainStore,
    readonly params: ChainParams,
    readonly identity: NodeIdentity,
    private readonly options: NodeOptions,
  ) {
    this.stopped = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
    this.blocksHeld = options.holdBlocks ?? false;
  }

  /** Opens the data directory's store and identity, starts listening and dialing. */
  static async start(options: NodeOptions): Promise<BllvmNode> {
    const params = NETWORKS[options.network];
    const identity = await loadOrCreateNodeIdentity(options.datadir);
    if (!identity.ok) throw new Error(identity.error);
    const store = ChainStore.open(join(options.datadir, 'chain'), {
      params,
      backend: selectSecp256k1Backend().backend, // native libsecp256k1 where it loads (shell/crypto/select-backend.ts)
      ...(options.noSync === undefined ? {} : { noSync: options.noSync }),
      ...(options.snapshotInterval === undefined ? {} : { snapshotInterval: options.snapshotInterval }),
    });
    if (!store.ok) throw new Error(formatStoreError(store.error));
    const node = new BllvmNode(store.value, params, identity.value, options);
    await node.startNetwork();
    return node;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  // ---- lifecycle ----

  private async startNetwork(): Promise<void> {
    if (this.options.listen !== undefined) {
      this.tcp = new TcpTransport(this.options.listen);
      this.listenInfo.push(await this.tcp.listen((c) => this.accept(c)));
    }
    if (this.options.iroh !== undefined) {
      this.irohTransport = await IrohTransport.bind({ secretKey: this.identity.secretKey, ...(this.options.iroh.bindAddr === undefined ? {} : { bindAddr: this.options.iroh.bindAddr }) });
      this.listenInfo.push(await this.irohTransport.listen((c) => this.accept(c)));
    }
    const threads = this.options.scriptThreads ?? os.availableParallelism();
    if (threads > 0) this.scripts = new ScriptCheckPool(threads);
    for (const target of this.options.connect ?? []) void this.dialLoop(target);
    this.timers.push(setInterval(() => this.tick(), 1000));
    if (this.options.rpc !== undefined) {
      const methods = createRpcMethods(this.store, {
        peers: () => this.peers(),
        stop: () => this.stop(),
        submitBlock: (block) => this.submitBlock(block),
      });
      this.rpcServer = await startRpcServer({ host: this.options.rpc.host, port: this.options.rpc.port, datadir: this.options.datadir, methods });
    }
  }

  /** The RPC server's port, when it runs. */
  get rpcPort(): number | undefined {
    return this.rpcServer?.port;
  }

  /** Where the node listens (TCP host/port, Iroh node id and addresses). */
  get listening(): readonly ListenInfo[] {
    return this.listenInfo;
  }

  /** Resolves when `stop()` has finished. */
  get done(): Promise<void> {
    return this.stopped;
  }

  /** Stops dialing, disconnects every peer, waits for a block being connected, closes the store. */
  async stop(): Promise<void> {
    if (!this.running) return this.stopped;
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    for (const slot of this.slots.values()) slot.peer.disconnect('shutdown');
    await this.rpcServer?.close();
    await this.tcp?.close();
    await this.irohTransport?.close();
    await this.connecting;
    await this.scripts?.close();
    await this.store.close();
    this.resolveStopped();
  }

  // ---- connections ----

  private addressOf(remote: RemoteInfo): string {
    return remote.nodeId ?? remote.address;
  }

  private outboundTarget(target: PeerTarget): Promise<Connection> {
    if (target.transport === 'tcp') {
      const tcp = this.tcp ?? new TcpTransport();
      this.tcp ??= tcp;
      return tcp.dial(target, { timeoutMs: 10_000 });
    }
    if (this.irohTransport === undefined) return Promise.reject(new Error('Iroh is not enabled on this node (--iroh)'));
    return this.irohTransport.dial(target, { timeoutMs: 10_000 });
  }

  /** Connects to a configured peer and reconnects after it drops, while the node runs. */
  private async dialLoop(target: PeerTarget): Promise<void> {
    const key = target.transport === 'tcp' ? target.host : target.nodeId;
    while (this.running) {
      const outbound = [...this.slots.values()].filter((s) => !s.inbound).length;
      if (!this.banned.has(key) && outbound < (this.options.maxOutbound ?? 8)) {
        try {
          const connection = await this.outboundTarget(target);
          if (!this.running) {
            connection.close('shutdown');
            return;
          }
          const closed = this.attach(connection, target);
          await closed;
        } catch (e) {
          this.log(`connect to ${key}: ${(e as Error).message}`);
        }
      }
      if (!this.running) return;
      await new Promise((r) => setTimeout(r, this.options.reconnectMs ?? 2000));
    }
  }

  private accept(connection: Connection): void {
    const inbound = [...this.slots.values()].filter((s) => s.inbound).length;
    const banReason = this.banned.get(this.addressOf(connection.remote));
    if (!this.running || banReason !== undefined || inbound >= (this.options.maxInbound ?? 117)) {
      connection.close(banReason === undefined ? 'inbound limit' : 'banned');
      return;
    }
    void this.attach(connection, undefined);
  }

  /** Runs the protocol on a connection; resolves when it closes. */
  private attach(connection: Connection, target: PeerTarget | undefined): Promise<void> {
    const peer = new Peer(connection, {
      params: this.params,
      identity: this.identity,
      services: NODE_NETWORK | NODE_WITNESS | (this.options.serveUtxo === false ? 0n : NODE_BLLVM_UTXO),
      startHeight: () => this.store.tip.height,
      isOwnNonce: (nonce) => [...this.slots.values()].some((s) => !s.inbound && s.peer.nonce === nonce),
    });
    const now = Date.now();
    const slot: Slot = {
      id: this.nextId++,
      peer,
      remote: connection.remote,
      inbound: connection.direction === 'inbound',
      ...(target === undefined ? {} : { target }),
      connectedAt: now,
      ready: false,
      inFlight: new Map(),
      unconnecting: 0,
      windowStart: now,
      windowBytes: 0,
      windowMessages: 0,
    };
    this.slots.set(slot.id, slot);
    return new Promise((resolve) => {
      peer.on('ready', () => {
        slot.ready = true;
        this.log(`peer ${slot.id} ready: ${this.addressOf(slot.remote)} (${slot.remote.transport}, ${slot.inbound ? 'inbound' : 'outbound'}) ${peer.version?.userAgent ?? ''} height ${peer.version?.startHeight ?? '?'}`);
        // Core: from the best header's parent, so the peer answers with at least that header and we learn what it has.
        const best = this.store.bestHeader;
        this.requestHeaders(slot, best.prev ?? best);
      });
      peer.on('message', (msg) => this.onMessage(slot, msg));
      peer.on('misbehaving', (m: Misbehaviour) => this.log(`peer ${slot.id} misbehaving: ${m.detail}${m.disconnect ? ' (disconnected)' : ''}`));
      peer.on('close', (c: PeerClose) => {
        this.slots.delete(slot.id);
        for (const [key, answer] of [...this.awaiting]) if (key.startsWith(`${slot.id}:`)) answer(undefined);
        this.log(`peer ${slot.id} closed: ${c.reason}`);
        this.scheduleDownloads();
        resolve();
      });
      peer.start();
    });
  }

  /** Core's Misbehaving with discouragement: disconnect and refuse the address from now on. */
  private punish(slot: Slot, reason: string): void {
    this.banned.set(this.addressOf(slot.remote), reason);
    this.log(`peer ${slot.id} banned: ${reason}`);
    slot.peer.disconnect(reason);
  }

  // ---- messages ----

  private onMessage(slot: Slot, msg: WireMessage): void {
    slot.windowMessages++;
    if (msg.command === 'utxocmt' || msg.command === 'utxoplan' || msg.command === 'utxochnk' || msg.command === 'filtblk') {
      this.awaiting.get(`${slot.id}:${msg.payload.requestId}`)?.(msg);
      return;
    }
    if (msg.command === 'getutxocmt' || msg.command === 'getutxoplan' || msg.command === 'getutxochnk' || msg.command === 'getfiltblk') {
      if (this.options.serveUtxo === false) return;
      if (this.options.adversary === 'drop-mid-chunk' && msg.command === 'getutxochnk') {
        slot.peer.disconnect('dropping the connection mid-chunk (adversary)');
        return;
      }
      const serve = {
        ...(this.options.chunkBytes === undefined ? {} : { chunkBytes: this.options.chunkBytes }),
        ...(this.options.adversary === undefined ? {} : { adversary: this.options.adversary, lieBy: 1n + BigInt(this.identity.publicKey[0] as number) }),
      };
      void serveFastSync(this.store, msg, serve).then((answer) => answer !== undefined && slot.peer.send(answer));
      return;
    }
    switch (msg.command) {
      case 'headers':
        this.onHeaders(slot, msg.payload.headers);
        return;
      case 'block':
        this.onBlock(slot, msg.payload.block);
        return;
      case 'getheaders':
        void this.serveHeaders(slot, msg.payload.locator, msg.payload.stopHash);
        return;
      case 'getblocks':
        void this.serveBlockInv(slot, msg.payload.locator, msg.payload.stopHash);
        return;
      case 'getdata':
        void this.serveData(slot, msg.payload.inventory);
        return;
      case 'inv':
        if (msg.payload.inventory.some((i) => (i.type & ~MSG_WITNESS_FLAG) === MSG_BLOCK && this.store.header(i.hash).ok && !this.knownHeader(i.hash))) {
          this.requestHeaders(slot, this.store.bestHeader);
        }
        return;
      case 'notfound':
        for (const item of msg.payload.inventory) slot.inFlight.delete(toDisplayHex(item.hash));
        this.scheduleDownloads();
        return;
      default:
        return;
    }
  }

  private knownHeader(hash: Uint8Array): boolean {
    const h = this.store.header(hash);
    return h.ok && h.value !== undefined;
  }

  private requestHeaders(slot: Slot, from: HeaderEntry): void {
    void slot.peer.send({ command: 'getheaders', payload: { version: 70016, locator: blockLocator(from), stopHash: new Uint8Array(32) } });
  }

  /** Core's ProcessHeadersMessage: accept, ask for more after a full batch, punish invalid headers. */
  private onHeaders(slot: Slot, headers: readonly BlockHeader[]): void {
    if (headers.length === 0) return;
    // Core: the headers of one message must each build on the one before.
    for (let i = 1; i < headers.length; i++) {
      if (!equalBytes((headers[i] as BlockHeader).prevBlockHash, blockHash(headers[i - 1] as BlockHeader))) return this.punish(slot, 'non-continuous headers sequence');
    }
    const accepted = this.store.acceptHeaders(headers);
    if (!accepted.ok) {
      const e = accepted.error;
      if (e.kind === 'invalid' && e.reason === 'prev-blk-not-found') {
        // Core: ask for the headers in between; too many such messages is misbehaviour.
        slot.unconnecting++;
        if (slot.unconnecting > MAX_UNCONNECTING_HEADERS) return this.punish(slot, `${MAX_UNCONNECTING_HEADERS} non-connecting headers`);
        this.requestHeaders(slot, this.store.bestHeader);
        return;
      }
      if (e.kind === 'invalid') return this.punish(slot, `invalid header received: ${formatStoreError(e)}`);
      this.log(`headers from peer ${slot.id}: ${formatStoreError(e)}`);
      return;
    }
    slot.unconnecting = 0;
    const last = accepted.value.entries[accepted.value.entries.length - 1];
    if (last !== undefined && (slot.best === undefined || last.chainWork > slot.best.chainWork)) slot.best = last;
    if (headers.length === MAX_HEADERS_RESULTS && last !== undefined) this.requestHeaders(slot, last);
    this.scheduleDownloads();
  }

  // ---- block download ----

  /**
   * The blocks to connect next, in order: from the fork between the tip and the best header up
   * to BLOCK_DOWNLOAD_WINDOW past the tip, on the best header's chain.
   */
  private wanted(): HeaderEntry[] {
    const best = this.store.bestHeader;
    const tip = this.store.tip;
    if (best.chainWork <= tip.chainWork) return [];
    const reorg = findReorg(tip, best);
    if (reorg === undefined) return [];
    const top = Math.min(best.height, reorg.fork.height + BLOCK_DOWNLOAD_WINDOW);
    return reorg.connect.filter((e) => e.height <= top);
  }

  private stored(entry: HeaderEntry): boolean {
    const info = this.store.blockInfo(entry.hash);
    return info.ok && info.value !== undefined && info.value.txCount > 0;
  }

  /** Whether the peer's best known header has `entry` on its chain. */
  private peerHas(slot: Slot, entry: HeaderEntry): boolean {
    if (slot.best === undefined || slot.best.height < entry.height) return false;
    const ancestor = getAncestor(slot.best, entry.height);
    return ancestor !== undefined && equalBytes(ancestor.hash, entry.hash);
  }

  /** Core's FindNextBlocksToDownload, simplified: each ready peer gets the next wanted blocks it has, up to 16 in flight. */
  private scheduleDownloads(): void {
    if (!this.running || this.blocksHeld) return;
    const wanted = this.wanted();
    if (wanted.length === 0) return;
    const inFlight = new Set<string>();
    for (const s of this.slots.values()) for (const h of s.inFlight.keys()) inFlight.add(h);
    const cap = this.options.blockBufferBytes ?? DEFAULT_BLOCK_BUFFER_BYTES;
    for (const slot of this.slots.values()) {
      if (!slot.ready) continue;
      const request: InvVector[] = [];
      for (const entry of wanted) {
        if (slot.inFlight.size + request.length >= MAX_BLOCKS_IN_TRANSIT_PER_PEER || this.bufferedBytes >= cap) break;
        const key = toDisplayHex(entry.hash);
        if (inFlight.has(key) || this.buffer.has(key) || this.stored(entry) || !this.peerHas(slot, entry)) continue;
        request.push({ type: MSG_WITNESS_BLOCK, hash: entry.hash });
        inFlight.add(key);
        slot.inFlight.set(key, Date.now());
      }
      if (request.length > 0) void slot.peer.send({ command: 'getdata', payload: { inventory: request } });
    }
  }

  private onBlock(slot: Slot, block: Block): void {
    const hash = blockHash(block.header);
    const key = toDisplayHex(hash);
    const requested = slot.inFlight.delete(key);
    if (!requested && !this.wanted().some((e) => equalBytes(e.hash, hash))) return; // unrequested and not needed: ignored, as Core does
    if (!this.knownHeader(hash)) {
      const accepted = this.store.acceptHeaders([block.header]);
      if (!accepted.ok) {
        if (accepted.error.kind === 'invalid' && accepted.error.reason !== 'prev-blk-not-found') this.punish(slot, `invalid block header: ${formatStoreError(accepted.error)}`);
        return;
      }
    }
    if (!this.buffer.has(key)) {
      const bytes = encodeBlock(block).length;
      this.buffer.set(key, { block, bytes, from: slot.id });
      this.bufferedBytes += bytes;
    }
    this.connecting = this.connecting.then(() => this.connectBuffered());
  }

  private unbuffer(key: string): void {
    const b = this.buffer.get(key);
    if (b === undefined) return;
    this.buffer.delete(key);
    this.bufferedBytes -= b.bytes;
  }

  /** Connects buffered blocks in chain order; reorganises when the best chain forks below the tip. */
  private async connectBuffered(): Promise<void> {
    while (this.running) {
      const best = this.store.bestHeader;
      const tip = this.store.tip;
      if (best.chainWork <= tip.chainWork) break;
      const reorg = findReorg(tip, best);
      if (reorg === undefined) break;
      if (reorg.disconnect.length > 0) {
        // A heavier branch: every block of it must be at hand (stored) before the switch.
        const branch = reorg.connect;
        for (const e of branch) {
          const b = this.buffer.get(toDisplayHex(e.hash));
          if (b !== undefined) {
            const s = this.store.storeBlock(b.block);
            if (s.ok) this.unbuffer(toDisplayHex(e.hash));
          }
        }
        const ready = [];
        for (const e of branch) {
          if (!this.stored(e)) break;
          ready.push(e);
        }
        if (ready.length === 0 || (ready[ready.length - 1] as HeaderEntry).chainWork <= tip.chainWork) break;
        const target = ready[ready.length - 1] as HeaderEntry;
        const moved = this.store.reorgTo(target);
        if (!moved.ok) {
          this.onInvalid(moved.error);
          continue;
        }
        this.log(`reorganised: disconnected ${moved.value.disconnected}, connected ${moved.value.connected}, tip ${target.height} ${toDisplayHex(target.hash)}`);
        this.connectedBlocks += moved.value.connected;
        continue;
      }
      const next = reorg.connect[0] as HeaderEntry;
      const key = toDisplayHex(next.hash);
      const buffered = this.buffer.get(key);
      const block = buffered?.block ?? (this.stored(next) ? this.storedBlock(next) : undefined);
      if (block === undefined) break;
      const pool = this.scripts;
      const connected = pool === undefined ? this.store.connectTip(block) : await this.store.connectTipDeferred(block, pool.stream());
      this.unbuffer(key);
      if (!connected.ok) {
        this.onInvalid(connected.error, buffered?.from);
        continue;
      }
      this.connectedBlocks++;
      this.progress(false);
      // Let the event loop breathe between blocks (messages, timers).
      await new Promise((r) => setImmediate(r));
    }
    this.progress(false);
    this.announceTip();
    this.scheduleDownloads();
  }

  private storedBlock(entry: HeaderEntry): Block | undefined {
    const b = this.store.block(entry.hash);
    return b.ok ? b.value : undefined;
  }

  /** A block failed: mark it invalid (its descendants follow), punish the peer that sent it. */
  private onInvalid(error: Parameters<typeof formatStoreError>[0], from?: number): void {
    this.log(`block rejected: ${formatStoreError(error)}`);
    if (error.kind !== 'invalid' || error.hash === undefined) return;
    this.rejections.set(error.hash, error.reason);
    const hash = Uint8Array.from(Buffer.from(error.hash, 'hex').reverse());
    this.store.markInvalid(hash);
    const sender = from === undefined ? undefined : this.slots.get(from);
    if (sender !== undefined) this.punish(sender, `invalid block: ${error.reason}`);
    for (const key of [...this.buffer.keys()]) {
      const e = this.store.header(Uint8Array.from(Buffer.from(key, 'hex').reverse()));
      if (e.ok && e.value !== undefined && e.value.height >= (error.height ?? 0)) this.unbuffer(key);
    }
  }

  // ---- serving ----

  /** Core's FindForkInGlobalIndex on the active chain: the height of the first locator hash on it (genesis if none). */
  private locatorFork(locator: readonly Uint8Array[]): number {
    for (const hash of locator) {
      const info = this.store.blockInfo(hash);
      const entry = this.store.header(hash);
      if (info.ok && info.value?.onActiveChain === true && entry.ok && entry.value !== undefined) return entry.value.height;
    }
    return 0;
  }

  /** The active chain's entries after `fork`, at most `limit`, through `stopHash` if it comes first. */
  private activeAfter(fork: number, limit: number, stopHash: Uint8Array): HeaderEntry[] {
    const out: HeaderEntry[] = [];
    for (let h = fork + 1; h <= this.store.tip.height && out.length < limit; h++) {
      const e = this.store.activeEntry(h);
      if (!e.ok || e.value === undefined) break;
      out.push(e.value);
      if (equalBytes(e.value.hash, stopHash)) break;
    }
    return out;
  }

  /** Core's ProcessGetHeaders on the active chain: up to 2,000 headers after the locator's fork. */
  private async serveHeaders(slot: Slot, locator: readonly Uint8Array[], stopHash: Uint8Array): Promise<void> {
    const entries = this.activeAfter(this.locatorFork(locator), MAX_HEADERS_RESULTS, stopHash);
    await slot.peer.send({ command: 'headers', payload: { headers: entries.map((e) => e.header) } });
  }

  /**
   * Core's getblocks (still how bcoin syncs without checkpoints): an inv of up to 500 block hashes
   * after the locator's fork. When the limit is hit, the last hash is remembered (Core's
   * hashContinue): the peer's getdata for it is answered with an inv of our tip, so it asks again.
   */
  private async serveBlockInv(slot: Slot, locator: readonly Uint8Array[], stopHash: Uint8Array): Promise<void> {
    const entries = this.activeAfter(this.locatorFork(locator), MAX_GETBLOCKS_RESULTS, stopHash);
    if (entries.length === 0) return;
    if (entries.length === MAX_GETBLOCKS_RESULTS) slot.hashContinue = toDisplayHex((entries[entries.length - 1] as HeaderEntry).hash);
    await slot.peer.send({ command: 'inv', payload: { inventory: entries.map((e) => ({ type: MSG_BLOCK, hash: e.hash })) } });
  }

  /** Core's ProcessGetData for blocks: stored blocks (witness stripped for MSG_BLOCK), notfound for the rest. */
  private async serveData(slot: Slot, inventory: readonly InvVector[]): Promise<void> {
    const missing: InvVector[] = [];
    for (const item of inventory) {
      const type = item.type & ~MSG_WITNESS_FLAG;
      if (type !== MSG_BLOCK) {
        missing.push(item);
        continue;
      }
      const raw = this.store.rawBlock(item.hash);
      if (!raw.ok || raw.value === undefined) {
        missing.push(item);
        continue;
      }
      let payload = raw.value;
      if ((item.type & MSG_WITNESS_FLAG) === 0) {
        const decoded = decodeBlock(raw.value);
        if (decoded.ok) payload = encodeBlock(decoded.value, false);
      }
      if (!(await slot.peer.sendRaw('block', payload))) return;
      if (slot.hashContinue === toDisplayHex(item.hash)) {
        slot.hashContinue = undefined;
        await slot.peer.send({ command: 'inv', payload: { inventory: [{ type: MSG_BLOCK, hash: this.store.tip.hash }] } });
      }
    }
    if (missing.length > 0) await slot.peer.send({ command: 'notfound', payload: { inventory: missing } });
  }

  private lastAnnounced?: Uint8Array;

  /** BIP130: the new tip as headers to peers that asked for them (sendheaders), as inv to the others. */
  private announceTip(): void {
    const tip = this.store.tip;
    if (this.lastAnnounced !== undefined && equalBytes(this.lastAnnounced, tip.hash)) return;
    this.lastAnnounced = tip.hash;
    for (const slot of this.slots.values()) {
      if (!slot.ready || (slot.best !== undefined && slot.best.chainWork >= tip.chainWork)) continue;
      if (slot.peer.prefersHeaders) void slot.peer.send({ command: 'headers', payload: { headers: [tip.header] } });
      else void slot.peer.send({ command: 'inv', payload: { inventory: [{ type: MSG_BLOCK, hash: tip.hash }] } });
    }
  }

  // ---- timers: stalls, rate limits, progress ----

  private tick(): void {
    const now = Date.now();
    const stall = this.options.stallTimeoutMs ?? 10_000;
    const next = this.wanted()[0];
    for (const slot of this.slots.values()) {
      // Rate limits over a 10-second window.
      const elapsed = (now - slot.windowStart) / 1000;
      if (elapsed >= 10) {
        const bytes = slot.peer.stats.bytesReceived - slot.windowBytes;
        const bytesRate = bytes / elapsed;
        const messageRate = slot.windowMessages / elapsed;
        if (bytesRate > (this.options.maxBytesPerSecond ?? 64 * 1024 * 1024) || messageRate > (this.options.maxMessagesPerSecond ?? 10_000)) {
          this.punish(slot, `rate limit exceeded (${Math.round(bytesRate)} B/s, ${Math.round(messageRate)} msg/s)`);
          continue;
        }
        slot.windowStart = now;
        slot.windowBytes = slot.peer.stats.bytesReceived;
        slot.windowMessages = 0;
      }
      // Core: the peer holding the block the tip waits for, too long, is disconnected.
      if (next !== undefined) {
        const since = slot.inFlight.get(toDisplayHex(next.hash));
        if (since !== undefined && now - since > stall) {
          this.log(`peer ${slot.id} is stalling block download (height ${next.height}): disconnected`);
          slot.peer.disconnect('peer is stalling block download');
        }
      }
    }
    this.progress(true);
  }

  private progress(timed: boolean): void {
    const now = Date.now();
    if (timed && now - this.lastProgress < 1000) return;
    if (!timed && now - this.lastProgress < 1000) return;
    const seconds = (now - this.lastProgress) / 1000;
    const rate = this.lastProgress === 0 ? 0 : this.connectedBlocks / seconds;
    this.lastProgress = now;
    this.connectedBlocks = 0;
    this.log(`height ${this.store.tip.height} headers ${this.store.bestHeader.height} blocks/s ${rate.toFixed(1)} peers ${[...this.slots.values()].filter((s) => s.ready).length} buffered ${(this.bufferedBytes / 1e6).toFixed(1)} MB`);
  }

  // ---- for the fast-sync client ----

  /** Holds or releases block download (a fast sync installs the UTXO set first). */
  holdBlockDownload(held: boolean): void {
    this.blocksHeld = held;
    if (!held) {
      this.scheduleDownloads();
      this.connecting = this.connecting.then(() => this.connectBuffered());
    }
  }

  /** Ready peers with what a fast sync needs of them. */
  readyPeers(): { readonly id: number; readonly remote: RemoteInfo; readonly services: bigint; readonly nodeId?: string; readonly bestHeight: number }[] {
    return [...this.slots.values()]
      .filter((s) => s.ready)
      .map((s) => ({ id: s.id, remote: s.remote, services: s.peer.version?.services ?? 0n, ...(s.peer.nodeId === undefined ? {} : { nodeId: s.peer.nodeId }), bestHeight: s.best?.height ?? -1 }));
  }

  /**
   * Sends a fast-sync request to a peer and waits for the answer with its request id: the answer,
   * or undefined when the peer closes or `timeoutMs` passes first (a silent peer).
   */
  async ask(peerId: number, msg: WireMessage & { readonly payload: { readonly requestId: bigint } }, timeoutMs: number): Promise<WireMessage | undefined> {
    const slot = this.slots.get(peerId);
    if (slot === undefined) return undefined;
    const key = `${peerId}:${msg.payload.requestId}`;
    const answer = new Promise<WireMessage | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.awaiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.awaiting.set(key, (m) => {
        clearTimeout(timer);
        this.awaiting.delete(key);
        resolve(m);
      });
    });
    if (!(await slot.peer.send(msg))) this.awaiting.get(key)?.(undefined);
    return answer;
  }

  /** Disconnects and bans a peer (a fast-sync peer that sent a bad chunk or lied). */
  penalize(peerId: number, reason: string): void {
    const slot = this.slots.get(peerId);
    if (slot !== undefined) this.punish(slot, reason);
  }

  // ---- for RPC and tests ----

  peers(): PeerInfo[] {
    return [...this.slots.values()].map((s) => ({
      id: s.id,
      remote: s.remote,
      inbound: s.inbound,
      ...(s.peer.version === undefined ? {} : { version: s.peer.version.version, services: s.peer.version.services, subver: s.peer.version.userAgent, startingHeight: s.peer.version.startHeight }),
      syncedHeaders: s.best?.height ?? -1,
      inFlight: s.inFlight.size,
      bytesSent: s.peer.stats.bytesSent,
      bytesReceived: s.peer.stats.bytesReceived,
      ...(s.peer.stats.pingMs === undefined ? {} : { pingMs: s.peer.stats.pingMs }),
      ...(s.peer.nodeId === undefined ? {} : { nodeId: s.peer.nodeId }),
      connectedAt: s.connectedAt,
    }));
  }

  /** Addresses or node ids banned, with the reason. */
  get bans(): ReadonlyMap<string, string> {
    return this.banned;
  }

  /** Resolves once the tip is `hash` (display hex) or at least `height`, or rejects after `timeoutMs`. */
  async waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
    const started = Date.now();
    while (!condition()) {
      if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the node');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Core's submitblock: null when the block was accepted (connected, or stored on a side
   * branch), "duplicate" when it was already known, else the reject reason ("inconclusive"
   * when it could not be connected yet, e.g. its parent is missing).
   */
  async submitBlock(block: Block): Promise<string | null> {
    const hash = blockHash(block.header);
    const key = toDisplayHex(hash);
    const info = this.store.blockInfo(hash);
    if (info.ok && info.value !== undefined && info.value.txCount > 0) return 'duplicate';
    const accepted = this.store.acceptHeaders([block.header]);
    if (!accepted.ok) return accepted.error.kind === 'invalid' ? accepted.error.reason : 'inconclusive';
    if (!this.buffer.has(key)) {
      const bytes = encodeBlock(block).length;
      this.buffer.set(key, { block, bytes, from: -1 });
      this.bufferedBytes += bytes;
    }
    this.connecting = this.connecting.then(() => this.connectBuffered());
    await this.connecting;
    const rejected = this.rejections.get(key);
    if (rejected !== undefined) return rejected;
    if (this.stored((accepted.value.entries[0] as HeaderEntry))) return null;
    if (!this.buffer.has(key)) return null;
    return 'inconclusive';
  }
}
