/**
 * The node's chain store on LMDB (issue 12): headers with chain work, blocks, undo data, the UTXO
 * set, the UTXO commitment and the tip, in one LMDB environment (databases.ts). Core's
 * ConnectTip / DisconnectTip (validation.cpp) over the kernel's connectBlock / disconnectBlock:
 * a block's UTXO delta, its undo data, its status, the tip and the commitment state with the UTXO
 * tree's nodes are written in ONE LMDB transaction, so a crash or SIGKILL at any moment leaves the
 * block either fully applied or not at all, and reopening the directory resumes at the stored tip.
 * Everything is computed before the transaction opens; a block that fails validation writes nothing.
 *
 * Not held in memory: the UTXO set (read through StoreCoinView), the header index (entries load
 * lazily, header-index.ts), blocks and undo data. Held: the tip's entry and commitment state, the
 * best header, and a bounded cache of header entries.
 *
 * Tested by test/store/chain-store.test.ts, test/store/sigkill.test.ts and test/store/import.test.ts.
 */
import { DEFAULT_BACKEND, type Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toDisplayHex, toHex } from '../../kernel/encoding/hex.js';
import type { ChainParams } from '../../kernel/chain/params.js';
import { type HeaderEntry, acceptHeader, findReorg, genesisEntry, getAncestor, getMedianTimePast, hasMoreWork } from '../../kernel/chain/header-chain.js';
import { createGenesisBlock } from '../../kernel/chain/genesis.js';
import type { Coin, UtxoDelta } from '../../kernel/chain/utxo.js';
import { type UtxoCommitment, commitmentDigest, decodeCommitment, encodeCommitment } from '../../kernel/commitments/commitment.js';
import type { ChildRef, NodeLookup } from '../../kernel/commitments/tree-node.js';
import { utxoTreeKey } from '../../kernel/commitments/coin.js';
import { type FilteredBlock, filteredBlockChanges, filteredBlockMatchesHeader } from '../../kernel/spam/filtered-block.js';
import { EMPTY_UTXO_STATE, type UtxoCommitmentState, applyUtxoDeltaToState, commitmentOf, parseOutpointKey } from '../../kernel/commitments/utxo-state.js';
import { type TreeWriteBatch, treeUpdateWorkspace } from '../../kernel/commitments/tree-update.js';
import { treeRootHash } from '../../kernel/commitments/tree-proof.js';
import { blockHash, decodeBlock, encodeBlock } from '../../kernel/primitives/block.js';
import type { Block, BlockHeader, OutPoint } from '../../kernel/primitives/types.js';
import { type Result, err, ok } from '../../kernel/result.js';
import { type BlockUndo, type ConnectedBlock, connectBlock, disconnectBlock } from '../../kernel/validation/connect-block.js';
import type { ScriptCheckStream } from '../workers/script-pool.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';
import { LmdbTreeStore } from '../commitments/lmdb-tree-store.js';
import { coinKey, decodeBlockUndo, encodeBlockUndo, encodeCoin } from './coin-codec.js';
import { StoreCoinView, readStoredCoin } from './coin-view.js';
import { META_BEST_HEADER, META_CHAIN_STATE, META_FASTSYNC_STATE, META_FASTSYNC_TARGET, META_NETWORK, type StoreDatabases, heightKey, openDatabases, readCopy } from './databases.js';
import { CorruptRecord, type StoreError, corrupt } from './errors.js';
import { HeaderIndex } from './header-index.js';
import {
  BLOCK_FAILED_MASK,
  BLOCK_FAILED_VALID,
  BLOCK_HAVE_DATA,
  BLOCK_HAVE_UNDO,
  BLOCK_VALID_MASK,
  BLOCK_VALID_SCRIPTS,
  BLOCK_VALID_TREE,
  type BlockState,
  type ChainStateRecord,
  type IndexRecord,
  blockState,
  decodeChainState,
  encodeChainState,
  encodeIndexRecord,
} from './records.js';
import { type StoreProblem, verifyStore } from './verify.js';

/** Header entries kept in memory by default: about 1.7 KB each measured (Uint8Arrays, a hex key), so about 17 MB. */
export const DEFAULT_HEADER_CACHE = 10_000;

export interface ChainStoreOptions {
  readonly params: ChainParams;
  /** The signature backend connectBlock verifies with (default: the kernel's DEFAULT_BACKEND). */
  readonly backend?: Secp256k1Backend;
  /** Header entries kept in memory (default DEFAULT_HEADER_CACHE). */
  readonly headerCacheSize?: number;
  /**
   * Skip the fsync of each commit (LMDB's MDB_NOSYNC; default false: every block durable when its
   * transaction commits). Atomicity against a killed process holds either way; an OS crash or power
   * loss may lose or corrupt recent commits with it on.
   */
  readonly noSync?: boolean;
  /**
   * Called inside each connect / disconnect transaction after every write, before the commit.
   * For crash tests: a SIGKILL here must leave the block not applied.
   */
  readonly beforeCommit?: (event: { readonly kind: 'connect' | 'disconnect'; readonly height: number }) => void;
  /** Keep the UTXO set of every height divisible by this (for fast-syncing peers, docs/PROTOCOL.md); none by default. */
  readonly snapshotInterval?: number;
  /** How many such snapshots to keep, the newest (default 2). */
  readonly snapshotsKept?: number;
}

/** A UTXO set kept at a height for fast-syncing peers: its tree version and root, and its commitment record. */
export interface Snapshot {
  readonly height: number;
  readonly version: number;
  readonly root: ChildRef | undefined;
  readonly commitment: UtxoCommitment;
}

/** A fast sync in progress: the target block, the commitment its peers agreed on, the chunks installed. */
export interface FastSyncStatus {
  readonly target: HeaderEntry;
  readonly agreed: UtxoCommitment;
  readonly chunksDone: ReadonlySet<string>;
  readonly state: UtxoCommitmentState;
}

/** A chunk's identity in a fast sync: its prefix bits and prefix (hex). */
export function chunkId(bits: number, prefix: Uint8Array): string {
  return `${bits}:${toHex(prefix)}`;
}

/** What connecting a block on the tip did. */
export interface ConnectedTip {
  readonly entry: HeaderEntry;
  readonly fees: bigint;
  readonly inputsChecked: number;
  readonly sigopsCost: number;
  readonly created: number;
  readonly spent: number;
}

/** The block taken off the tip. */
export interface DisconnectedTip {
  readonly entry: HeaderEntry;
  readonly block: Block;
}

/** The outcome of acceptHeaders: an entry per header given (new or already known). */
export interface AcceptedHeaders {
  readonly entries: readonly HeaderEntry[];
  readonly newHeaders: number;
}

/** A failed acceptHeaders: the error, and how many headers before it were accepted (and stored). */
export type AcceptHeadersError = StoreError & { readonly accepted: number };

/** A status summary of one block. */
export interface BlockInfo {
  readonly state: BlockState;
  /** Core's BlockStatus bits. */
  readonly status: number;
  readonly txCount: number;
  readonly onActiveChain: boolean;
}

/** A connect prepared outside the write transaction: everything to write, computed. */
interface PreparedConnect {
  readonly entry: HeaderEntry;
  readonly record: IndexRecord;
  readonly block: Block;
  readonly connected: ConnectedBlock;
  readonly state: UtxoCommitmentState;
  readonly batch: TreeWriteBatch;
  readonly generation: number;
}

function invalid(e: BlockValidationError, entry: HeaderEntry): StoreError {
  return { kind: 'invalid', reason: e.reason, debug: e.debug, height: entry.height, hash: toDisplayHex(entry.hash) };
}

function rejected(message: string): StoreError {
  return { kind: 'rejected', message };
}

/** Runs `body`, returning a CorruptRecord thrown on the way (or an LMDB failure) as an error value. */
function guard<T>(body: () => Result<T, StoreError>): Result<T, StoreError> {
  try {
    return body();
  } catch (e) {
    if (e instanceof CorruptRecord) return err(e.error);
    if (e instanceof Error && /mdb|lmdb|MDB_/i.test(e.message)) return err({ kind: 'io', message: `LMDB: ${e.message}` });
    throw e;
  }
}

export class ChainStore {
  private generation = 0;
  private closed = false;
  /**
   * Scratch arrays for the tree batches written in the same synchronous call that makes them (a
   * fast-sync chunk, a filtered block, a disconnect): the batch lends them until the next such call.
   * A connect, whose batch waits for its script checks, has arrays of its own.
   */
  private readonly treeWorkspace = treeUpdateWorkspace();

  private constructor(
    readonly params: ChainParams,
    readonly dir: string,
    private readonly dbs: StoreDatabases,
    private readonly tree: LmdbTreeStore,
    private readonly headers: HeaderIndex,
    private readonly backend: Secp256k1Backend,
    private readonly beforeCommit: ChainStoreOptions['beforeCommit'],
    private readonly snapshotPolicy: { readonly interval: number; readonly kept: number },
    private readonly unlock: () => void,
    private tipEntry: HeaderEntry,
    private chainState: ChainStateRecord,
    private best: HeaderEntry,
  ) {}

  /**
   * Opens the store in `dir` (created with the network's genesis block connected when new).
   * Refuses a directory of another network, one in use, or one whose records do not agree.
   */
  static open(dir: string, options: ChainStoreOptions): Result<ChainStore, StoreError> {
    const opened = openDatabases(dir, { noSync: options.noSync ?? false });
    if (!opened.ok) return err(/in use/.test(opened.error) ? rejected(opened.error) : { kind: 'io', message: opened.error });
    const { dbs, unlock } = opened.value;
    const tree = LmdbTreeStore.open(dir, { env: dbs.env });
    const headers = new HeaderIndex(dbs.index, options.headerCacheSize ?? DEFAULT_HEADER_CACHE);
    const { params } = options;
    const loaded = guard(() => ChainStore.load(dbs, tree, headers, params));
    if (!loaded.ok) {
      void dbs.env.close();
      unlock();
      return loaded;
    }
    const { tip, state, best } = loaded.value;
    const snapshots = { interval: options.snapshotInterval ?? 0, kept: options.snapshotsKept ?? 2 };
    return ok(new ChainStore(params, dir, dbs, tree, headers, options.backend ?? DEFAULT_BACKEND, options.beforeCommit, snapshots, unlock, tip, state, best));
  }

  /** Reads (or first writes) the network, the chain state, the tip and best header, and checks they agree with the tree. */
  private static load(
    dbs: StoreDatabases,
    tree: LmdbTreeStore,
    headers: HeaderIndex,
    params: ChainParams,
  ): Result<{ readonly tip: HeaderEntry; readonly state: ChainStateRecord; readonly best: HeaderEntry }, StoreError> {
    const network = readCopy(dbs.meta, META_NETWORK);
    if (network === undefined) ChainStore.initialize(dbs, params);
    else if (new TextDecoder().decode(network) !== params.name) {
      return err(rejected(`the data directory holds a ${new TextDecoder().decode(network)} chain, not ${params.name}`));
    }
    const stateBytes = readCopy(dbs.meta, META_CHAIN_STATE);
    if (stateBytes === undefined) return err(corrupt('meta', 'chainstate', 'missing'));
    const state = decodeChainState(stateBytes);
    if (!state.ok) return err(corrupt('meta', 'chainstate', `${state.error.code} at byte ${state.error.offset}`));
    const tip = headers.entry(state.value.tipHash);
    if (tip === undefined || tip.height !== state.value.tipHeight) return err(corrupt('block-index', state.value.tipHash, 'the tip of the chain state is not in the index at its height', true));
    const genesis = genesisEntry(params);
    if (!equalBytes((getAncestor(tip, 0) as HeaderEntry).hash, genesis.hash)) return err(corrupt('block-index', tip.hash, `the tip does not descend from the ${params.name} genesis block`, true));
    const latest = tree.latest();
    // While a fast sync installs a UTXO set, the tree holds that set, not the chain state's.
    const fastSync = readCopy(dbs.meta, META_FASTSYNC_STATE);
    const partial = fastSync === undefined ? undefined : decodeChainState(fastSync);
    if (partial !== undefined && !partial.ok) return err(corrupt('meta', 'fastsync-state', `${partial.error.code} at byte ${partial.error.offset}`));
    const c = partial?.ok === true ? partial.value.commitment : state.value.commitment;
    if (latest.version !== c.version || !equalBytes(treeRootHash(latest.root), treeRootHash(c.root))) {
      return err(corrupt('utxo-tree-roots', 'latest', `the tree is at version ${latest.version}, the chain state at ${c.version} (or their roots differ)`));
    }
    const bestHash = readCopy(dbs.meta, META_BEST_HEADER);
    const best = bestHash === undefined ? undefined : headers.entry(bestHash);
    if (best === undefined) return err(corrupt('meta', 'best-header', 'missing or not in the index'));
    return ok({ tip, state: state.value, best });
  }

  /** A new directory: the network, the genesis block stored and connected (Core never connects its outputs), an empty UTXO set. */
  private static initialize(dbs: StoreDatabases, params: ChainParams): void {
    const genesis = createGenesisBlock(params.genesis);
    const entry = genesisEntry(params);
    const record: IndexRecord = { status: BLOCK_VALID_SCRIPTS | BLOCK_HAVE_DATA, height: 0, txCount: genesis.transactions.length, chainWork: entry.chainWork, header: entry.header };
    dbs.env.transactionSync(() => {
      dbs.meta.putSync(META_NETWORK, new TextEncoder().encode(params.name));
      dbs.index.putSync(entry.hash, encodeIndexRecord(record));
      dbs.blocks.putSync(entry.hash, encodeBlock(genesis));
      dbs.active.putSync(heightKey(0), entry.hash);
      dbs.meta.putSync(META_BEST_HEADER, entry.hash);
      dbs.meta.putSync(META_CHAIN_STATE, encodeChainState({ tipHash: entry.hash, tipHeight: 0, commitment: EMPTY_UTXO_STATE }));
    });
  }

  // ---- reading ----

  /** The tip of the connected chain. */
  get tip(): HeaderEntry {
    return this.tipEntry;
  }

  /** The UTXO commitment state of the set at the tip (tree root and version, count, amount, MuHash). */
  get commitment(): UtxoCommitmentState {
    return this.chainState.commitment;
  }

  /** The commitment record of the tip (SPEC.md §8.3): height, hash, root, count, amount, finalized MuHash. */
  tipCommitment(): UtxoCommitment {
    return commitmentOf(this.chainState.commitment, this.tipEntry.height, this.tipEntry.hash);
  }

  /** The header with the most work accepted so far (Core's pindexBestHeader; the first seen on a tie). */
  get bestHeader(): HeaderEntry {
    return this.best;
  }

  /** The header entry of a block, if its header was accepted. */
  header(hash: Uint8Array): Result<HeaderEntry | undefined, StoreError> {
    return guard(() => ok(this.headers.entry(hash)));
  }

  /** The block's status, if its header was accepted. */
  blockInfo(hash: Uint8Array): Result<BlockInfo | undefined, StoreError> {
    return guard(() => {
      const record = this.headers.record(hash);
      if (record === undefined) return ok(undefined);
      const active = readCopy(this.dbs.active, heightKey(record.height));
      return ok({ state: blockState(record.status), status: record.status, txCount: record.txCount, onActiveChain: active !== undefined && equalBytes(active, hash) && record.height <= this.tipEntry.height });
    });
  }

  /** The entry of the connected chain at `height` (Core's chainActive[height]). */
  activeEntry(height: number): Result<HeaderEntry | undefined, StoreError> {
    return guard(() => ok(this.activeAt(height)));
  }

  private activeAt(height: number): HeaderEntry | undefined {
    if (!Number.isInteger(height) || height < 0 || height > this.tipEntry.height) return undefined;
    const hash = readCopy(this.dbs.active, heightKey(height));
    if (hash === undefined) throw new CorruptRecord(corrupt('active-chain', String(height), `no block at a height of the connected chain (tip ${this.tipEntry.height})`));
    const entry = this.headers.entry(hash);
    if (entry === undefined || entry.height !== height) throw new CorruptRecord(corrupt('active-chain', String(height), 'names a block not in the index at this height'));
    return entry;
  }

  /** The raw bytes of a stored block. */
  rawBlock(hash: Uint8Array): Result<Uint8Array | undefined, StoreError> {
    return guard(() => ok(readCopy(this.dbs.blocks, hash)));
  }

  /** A stored block, decoded. */
  block(hash: Uint8Array): Result<Block | undefined, StoreError> {
    return guard(() => ok(this.readBlock(hash)));
  }

  private readBlock(hash: Uint8Array): Block | undefined {
    const raw = readCopy(this.dbs.blocks, hash);
    if (raw === undefined) return undefined;
    const block = decodeBlock(raw);
    if (!block.ok) throw new CorruptRecord(corrupt('blocks', hash, `${block.error.code} at byte ${block.error.offset}`, true));
    if (!equalBytes(blockHash(block.value.header), hash)) throw new CorruptRecord(corrupt('blocks', hash, 'the stored block does not hash to its key', true));
    return block.value;
  }

  /** A block's undo data (Core's CBlockUndo), checksum checked. */
  undo(hash: Uint8Array): Result<BlockUndo | undefined, StoreError> {
    return guard(() => ok(this.readUndo(hash)));
  }

  private readUndo(hash: Uint8Array): BlockUndo | undefined {
    const bytes = readCopy(this.dbs.undo, hash);
    if (bytes === undefined) return undefined;
    const entry = this.headers.entry(hash);
    if (entry === undefined) throw new CorruptRecord(corrupt('undo', hash, 'undo data of a block not in the index', true));
    const undo = decodeBlockUndo(bytes, entry.header.prevBlockHash);
    if (!undo.ok) throw new CorruptRecord(corrupt('undo', hash, `${undo.error.code} at byte ${undo.error.offset}`, true));
    return undo.value;
  }

  /** The unspent coin of an outpoint (Core's GetCoin / gettxout). */
  coin(outpoint: OutPoint): Result<Coin | undefined, StoreError> {
    return guard(() => ok(readStoredCoin(this.dbs.coins, outpoint)));
  }

  /** Coin records stored (a count over the database). */
  get coinRecords(): number {
    return this.dbs.coins.getCount();
  }

  /** Every stored coin record as raw key and value bytes, in key order (copies). */
  *coinEntries(): Generator<{ readonly key: Uint8Array; readonly value: Uint8Array }> {
    for (const { key, value } of this.dbs.coins.getRange({})) yield { key: new Uint8Array(key), value: new Uint8Array(value) };
  }

  // ---- snapshots served to fast-syncing peers ----

  /** The tree versions of the kept snapshots, by height. */
  private snapshotVersions(): Map<number, number> {
    const out = new Map<number, number>();
    for (const { key, value } of this.dbs.snapshots.getRange({})) {
      const k = Uint8Array.from(key as Uint8Array);
      const v = Uint8Array.from(value as Uint8Array);
      out.set(new DataView(k.buffer).getUint32(0, false), Number(new DataView(v.buffer).getBigUint64(0, false)));
    }
    return out;
  }

  /**
   * Inside a connect's transaction: keeps the new tip's set as a snapshot when its height is on
   * the interval, releases the oldest beyond the count; returns the versions to retain.
   */
  private keepSnapshot(entry: HeaderEntry, state: UtxoCommitmentState): number[] {
    const { interval, kept } = this.snapshotPolicy;
    const versions = this.snapshotVersions();
    if (interval > 0 && entry.height % interval === 0) {
      const encoded = encodeCommitment(commitmentOf(state, entry.height, entry.hash));
      if (encoded.ok) {
        const value = new Uint8Array(8 + encoded.value.length);
        new DataView(value.buffer).setBigUint64(0, BigInt(state.version), false);
        value.set(encoded.value, 8);
        this.dbs.snapshots.putSync(heightKey(entry.height), value);
        versions.set(entry.height, state.version);
      }
      const heights = [...versions.keys()].sort((a, b) => a - b);
      for (const old of heights.slice(0, Math.max(0, heights.length - kept))) {
        const version = versions.get(old) as number;
        versions.delete(old);
        this.dbs.snapshots.removeSync(heightKey(old));
        this.tree.release(version, [...versions.values()]);
      }
    }
    return [...versions.values()];
  }

  /** Inside a disconnect's transaction: the snapshot of the height taken off (if any) goes; returns the versions to retain. */
  private dropSnapshot(height: number): number[] {
    const versions = this.snapshotVersions();
    const version = versions.get(height);
    if (version !== undefined) {
      versions.delete(height);
      this.dbs.snapshots.removeSync(heightKey(height));
      this.tree.release(version, [...versions.values()]);
    }
    return [...versions.values()];
  }

  /** The snapshot kept at `height`, if any; the current tip always counts as one. */
  snapshot(height: number): Result<Snapshot | undefined, StoreError> {
    return guard(() => {
      if (height === this.tipEntry.height) return ok({ height, version: this.chainState.commitment.version, root: this.chainState.commitment.root, commitment: this.tipCommitment() });
      const value = readCopy(this.dbs.snapshots, heightKey(height));
      if (value === undefined) return ok(undefined);
      const version = Number(new DataView(value.buffer).getBigUint64(0, false));
      const commitment = decodeCommitment(value.subarray(8));
      if (!commitment.ok) return err(corrupt('snapshots', String(height), `${commitment.error.code} (${commitment.error.field})`));
      return ok({ height, version, root: this.tree.rootAt(version), commitment: commitment.value });
    });
  }

  /** Heights with a kept snapshot (the tip excluded). */
  snapshotHeights(): number[] {
    return [...this.snapshotVersions().keys()].sort((a, b) => a - b);
  }

  /** The UTXO tree's nodes, for reading snapshots (chunks, proofs). */
  get treeLookup(): NodeLookup {
    return this.tree.lookup;
  }

  // ---- installing a UTXO set from peers (fast sync) ----

  /**
   * Starts (or resumes) installing the UTXO set of `target` that peers agreed on: the store must
   * be at genesis with no coins, or already installing the same commitment.
   */
  beginFastSync(target: HeaderEntry, agreed: UtxoCommitment): Result<FastSyncStatus, StoreError> {
    this.assertOpen();
    return guard(() => {
      const current = this.readFastSync();
      const digest = commitmentDigest(agreed);
      if (!digest.ok) return err(rejected(`the agreed commitment cannot be encoded (${digest.error.field})`));
      if (current !== undefined) {
        const have = commitmentDigest(current.agreed);
        if (have.ok && equalBytes(have.value, digest.value) && equalBytes(current.target.hash, target.hash)) return ok(current);
        return err(rejected('another fast sync is in progress in this data directory'));
      }
      if (this.tipEntry.height !== 0 || this.dbs.coins.getCount() > 0) return err(rejected('a fast sync needs an empty store (its tip is past genesis or it has coins)'));
      if (!equalBytes(target.hash, agreed.blockHash) || target.height !== agreed.height) return err(rejected('the target block is not the agreed commitment\'s'));
      const encoded = encodeCommitment(agreed);
      if (!encoded.ok) return err(rejected(`the agreed commitment cannot be encoded (${encoded.error.field})`));
      const targetRecord = new Uint8Array(32 + 4 + encoded.value.length);
      targetRecord.set(target.hash, 0);
      new DataView(targetRecord.buffer).setUint32(32, target.height, true);
      targetRecord.set(encoded.value, 36);
      this.dbs.env.transactionSync(() => {
        this.dbs.meta.putSync(META_FASTSYNC_TARGET, targetRecord);
        this.dbs.meta.putSync(META_FASTSYNC_STATE, encodeChainState({ tipHash: target.hash, tipHeight: target.height, commitment: this.chainState.commitment }));
      });
      return ok(this.readFastSync() as FastSyncStatus);
    });
  }

  private readFastSync(): FastSyncStatus | undefined {
    const targetRecord = readCopy(this.dbs.meta, META_FASTSYNC_TARGET);
    const stateRecord = readCopy(this.dbs.meta, META_FASTSYNC_STATE);
    if (targetRecord === undefined || stateRecord === undefined) return undefined;
    const target = this.headers.entry(targetRecord.subarray(0, 32));
    const agreed = decodeCommitment(targetRecord.subarray(36));
    const state = decodeChainState(stateRecord);
    if (target === undefined || !agreed.ok || !state.ok) throw new CorruptRecord(corrupt('meta', 'fastsync-target', 'unreadable fast-sync records'));
    const chunksDone = new Set<string>();
    for (const { key } of this.dbs.fastsyncChunks.getRange({})) {
      const k = Uint8Array.from(key as Uint8Array);
      chunksDone.add(chunkId(new DataView(k.buffer).getUint16(0, false), k.subarray(2)));
    }
    return { target, agreed: agreed.value, chunksDone, state: state.value.commitment };
  }

  /** The fast sync in progress, if any. */
  fastSyncStatus(): Result<FastSyncStatus | undefined, StoreError> {
    return guard(() => ok(this.readFastSync()));
  }

  /**
   * Installs one verified chunk's coins (leaf values are Core's TxOutSer) in one transaction:
   * the coins, the tree batch, the chunk's marker and the partial commitment state.
   */
  applyFastSyncChunk(bits: number, prefix: Uint8Array, leaves: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[]): Result<FastSyncStatus, StoreError> {
    this.assertOpen();
    return guard(() => {
      const status = this.readFastSync();
      if (status === undefined) return err(rejected('no fast sync in progress'));
      const id = chunkId(bits, prefix.subarray(0, 32));
      if (status.chunksDone.has(id)) return ok(status);
      const created = new Map<string, Coin>();
      for (const leaf of leaves) {
        const coin = readTxOutSer(leaf.value);
        if (coin === undefined || !equalBytes(utxoTreeKey(coin.outpoint), leaf.key)) return err({ kind: 'invalid', reason: 'bad-chunk-leaf', debug: `leaf ${toHex(leaf.key)} is no coin of its key` });
        created.set(`${toHex(coin.outpoint.txid)}:${coin.outpoint.vout}`, coin.coin);
      }
      const next = applyUtxoDeltaToState(this.tree, status.state, { spent: new Map(), created }, this.treeWorkspace);
      if (!next.ok) return err(corrupt('utxo-tree-nodes', 'root', `installing a chunk: ${next.error.code}`));
      const writes = coinWrites({ spent: new Map(), created });
      const chunkKey = new Uint8Array(34);
      new DataView(chunkKey.buffer).setUint16(0, bits, false);
      chunkKey.set(prefix.subarray(0, 32), 2);
      this.dbs.env.transactionSync(() => {
        for (const [key, value] of writes.put) this.dbs.coins.putSync(key, value);
        this.tree.write(next.value.batch);
        this.dbs.fastsyncChunks.putSync(chunkKey, new Uint8Array(0));
        this.dbs.meta.putSync(META_FASTSYNC_STATE, encodeChainState({ tipHash: status.target.hash, tipHeight: status.target.height, commitment: next.value.state }));
      });
      return ok(this.readFastSync() as FastSyncStatus);
    });
  }

  /**
   * Ends a fast sync: the installed set's commitment must equal the agreed one (root, count,
   * amount, MuHash, height, block hash: the digest); then the target becomes the tip, with the
   * chain below it active (headers only: those blocks are neither stored nor undoable).
   */
  finishFastSync(): Result<HeaderEntry, StoreError> {
    this.assertOpen();
    return guard(() => {
      const status = this.readFastSync();
      if (status === undefined) return err(rejected('no fast sync in progress'));
      const mine = commitmentDigest(commitmentOf(status.state, status.target.height, status.target.hash));
      const agreed = commitmentDigest(status.agreed);
      if (!mine.ok || !agreed.ok || !equalBytes(mine.value, agreed.value)) {
        return err({ kind: 'invalid', reason: 'fastsync-commitment-mismatch', debug: `the installed set's commitment ${mine.ok ? toHex(mine.value) : '?'} is not the agreed ${agreed.ok ? toHex(agreed.value) : '?'}`, height: status.target.height, hash: toDisplayHex(status.target.hash) });
      }
      const state: ChainStateRecord = { tipHash: status.target.hash, tipHeight: status.target.height, commitment: status.state };
      const path: HeaderEntry[] = [];
      for (let e: HeaderEntry | undefined = status.target; e !== undefined && e.height > 0; e = e.prev) path.push(e);
      this.dbs.env.transactionSync(() => {
        for (const e of path) this.dbs.active.putSync(heightKey(e.height), e.hash);
        this.dbs.meta.putSync(META_CHAIN_STATE, encodeChainState(state));
        this.dbs.meta.removeSync(META_FASTSYNC_TARGET);
        this.dbs.meta.removeSync(META_FASTSYNC_STATE);
        for (const { key } of this.dbs.fastsyncChunks.getRange({})) this.dbs.fastsyncChunks.removeSync(Uint8Array.from(key as Uint8Array));
      });
      this.tipEntry = status.target;
      this.chainState = state;
      this.generation++;
      return ok(status.target);
    });
  }

  /**
   * Abandons a fast sync (the installed set did not match, or the operator gave up): every coin,
   * the tree and the fast-sync records go, back to the empty set at genesis it started from.
   */
  abortFastSync(): Result<void, StoreError> {
    this.assertOpen();
    return guard(() => {
      if (this.readFastSync() === undefined) return err(rejected('no fast sync in progress'));
      this.dbs.env.transactionSync(() => {
        for (const { key } of this.dbs.coins.getRange({})) this.dbs.coins.removeSync(Uint8Array.from(key as Uint8Array));
        for (const { key } of this.dbs.fastsyncChunks.getRange({})) this.dbs.fastsyncChunks.removeSync(Uint8Array.from(key as Uint8Array));
        this.dbs.meta.removeSync(META_FASTSYNC_TARGET);
        this.dbs.meta.removeSync(META_FASTSYNC_STATE);
        this.tree.clear();
      });
      return ok(undefined);
    });
  }

  /**
   * Connects a filtered block (SPEC.md §10.3) on the tip: its header accepted, its transactions
   * matching the header's Merkle root, every spend present; writes the delta, undo data, tip and
   * commitment in one transaction. Scripts are not checked (the witnesses are gone): for nodes
   * that took the set from a commitment their peers agreed on. The block itself is not stored.
   */
  connectFilteredTip(block: FilteredBlock): Result<ConnectedTip, StoreError> {
    this.assertOpen();
    return guard(() => {
      const hash = blockHash(block.header);
      const entry = this.headers.entry(hash);
      const record = this.headers.record(hash);
      if (entry === undefined || record === undefined) return err(rejected(`block ${toDisplayHex(hash)}: its header has not been accepted`));
      const tip = this.tipEntry;
      if (entry.height !== tip.height + 1 || !equalBytes(block.header.prevBlockHash, tip.hash)) return err(rejected(`block ${toDisplayHex(hash)} does not extend the tip`));
      if (!filteredBlockMatchesHeader(block)) return err(invalid({ reason: 'bad-txnmrklroot', debug: 'hashMerkleRoot mismatch' }, entry));
      const changes = filteredBlockChanges(new StoreCoinView(this.dbs.coins), block, entry.height);
      if (changes.missing.length > 0) return err(invalid({ reason: 'bad-txns-inputs-missingorspent', debug: 'inputs missing/spent' }, entry));
      const next = applyUtxoDeltaToState(this.tree, this.chainState.commitment, changes.delta, this.treeWorkspace);
      if (!next.ok) return err(corrupt('utxo-tree-nodes', 'root', `applying a filtered block: ${next.error.code}`));
      const state: ChainStateRecord = { tipHash: entry.hash, tipHeight: entry.height, commitment: next.value.state };
      const writes = coinWrites(changes.delta);
      const status = (record.status & ~BLOCK_VALID_MASK) | BLOCK_VALID_TREE | BLOCK_HAVE_UNDO;
      this.dbs.env.transactionSync(() => {
        for (const key of writes.remove) this.dbs.coins.removeSync(key);
        for (const [key, value] of writes.put) this.dbs.coins.putSync(key, value);
        this.dbs.undo.putSync(entry.hash, encodeBlockUndo(changes.undo, entry.header.prevBlockHash));
        this.dbs.index.putSync(entry.hash, encodeIndexRecord({ ...record, status, txCount: block.transactions.length }));
        this.dbs.active.putSync(heightKey(entry.height), entry.hash);
        this.dbs.meta.putSync(META_CHAIN_STATE, encodeChainState(state));
        this.tree.write(next.value.batch, this.keepSnapshot(entry, next.value.state));
      });
      this.tipEntry = entry;
      this.chainState = state;
      this.generation++;
      return ok({ entry, fees: 0n, inputsChecked: 0, sigopsCost: 0, created: changes.delta.created.size, spent: changes.delta.spent.size });
    });
  }

  /** Checks the store's invariants (verify.ts); `deep` also recomputes the amount, MuHash and root from every coin. */
  verify(options: { readonly deep?: boolean } = {}): StoreProblem[] {
    return verifyStore({ dbs: this.dbs, tree: this.tree, headers: this.headers, state: this.chainState, tip: this.tipEntry, params: this.params }, options.deep ?? false);
  }

  // ---- headers ----

  /**
   * Accepts headers (Core's AcceptBlockHeader): each through the kernel's acceptHeader on its
   * parent (a stored header or one earlier in the list), stored with its chain work in one
   * transaction; the best header moves to the one with most work. A header already known is
   * returned as is, unless it is marked invalid (duplicate-invalid). Stops at the first header
   * that fails: those before it are stored, and `accepted` says how many.
   */
  acceptHeaders(headers: readonly BlockHeader[], now: number = Math.floor(Date.now() / 1000)): Result<AcceptedHeaders, AcceptHeadersError> {
    const fresh: { entry: HeaderEntry; record: IndexRecord }[] = [];
    const entries: HeaderEntry[] = [];
    let best = this.best;
    const pending = new Map<string, HeaderEntry>();
    const find = (hash: Uint8Array): HeaderEntry | undefined => pending.get(toDisplayHex(hash)) ?? this.headers.entry(hash);
    const failed = guard<undefined>(() => {
      for (const header of headers) {
        const hash = blockHash(header);
        const known = find(hash);
        if (known !== undefined) {
          const record = pending.has(toDisplayHex(hash)) ? undefined : this.headers.record(hash);
          if (record !== undefined && (record.status & BLOCK_FAILED_MASK) !== 0) {
            return err({ kind: 'invalid', reason: 'duplicate-invalid', debug: 'block header is known to be invalid', height: known.height, hash: toDisplayHex(hash) });
          }
          entries.push(known);
          continue;
        }
        const parent = find(header.prevBlockHash);
        if (parent === undefined) return err({ kind: 'invalid', reason: 'prev-blk-not-found', debug: 'previous block not found', hash: toDisplayHex(hash) });
        const parentRecord = pending.has(toDisplayHex(parent.hash)) ? undefined : this.headers.record(parent.hash);
        if (parentRecord !== undefined && (parentRecord.status & BLOCK_FAILED_MASK) !== 0) {
          return err({ kind: 'invalid', reason: 'bad-prevblk', debug: 'previous block is invalid', height: parent.height + 1, hash: toDisplayHex(hash) });
        }
        const accepted = acceptHeader(parent, header, this.params.consensus, now);
        if (!accepted.ok) return err({ kind: 'invalid', reason: accepted.error.reason, debug: accepted.error.debug, height: parent.height + 1, hash: toDisplayHex(hash) });
        const entry = accepted.value;
        pending.set(toDisplayHex(hash), entry);
        fresh.push({ entry, record: { status: BLOCK_VALID_TREE, height: entry.height, txCount: 0, chainWork: entry.chainWork, header } });
        entries.push(entry);
        if (hasMoreWork(entry, best)) best = entry;
      }
      return ok(undefined);
    });
    const written = guard(() => {
      if (fresh.length === 0) return ok(undefined);
      this.dbs.env.transactionSync(() => {
        for (const { entry, record } of fresh) this.dbs.index.putSync(entry.hash, encodeIndexRecord(record));
        if (best !== this.best) this.dbs.meta.putSync(META_BEST_HEADER, best.hash);
      });
      return ok(undefined);
    });
    if (!written.ok) return err({ ...written.error, accepted: 0 });
    // From here on the entries are the stored ones (their parents load from the index).
    const stored = new Map(fresh.map(({ entry }) => [toDisplayHex(entry.hash), this.headers.remember(entry.header, entry.hash, entry.height, entry.chainWork)]));
    const storedOf = (e: HeaderEntry): HeaderEntry => stored.get(toDisplayHex(e.hash)) ?? e;
    this.best = storedOf(best);
    if (!failed.ok) return err({ ...failed.error, accepted: entries.length });
    return ok({ entries: entries.map(storedOf), newHeaders: fresh.length });
  }

  /** Stores a block's data ahead of connecting it (its header must be accepted); Core's AcceptBlock writing the block to disk. */
  storeBlock(block: Block): Result<HeaderEntry, StoreError> {
    return guard(() => {
      const hash = blockHash(block.header);
      const record = this.headers.record(hash);
      const entry = this.headers.entry(hash);
      if (record === undefined || entry === undefined) return err(rejected(`block ${toDisplayHex(hash)}: its header has not been accepted`));
      if ((record.status & BLOCK_HAVE_DATA) !== 0) return ok(entry);
      const updated = { ...record, status: record.status | BLOCK_HAVE_DATA, txCount: block.transactions.length };
      this.dbs.env.transactionSync(() => {
        this.dbs.blocks.putSync(hash, encodeBlock(block));
        this.dbs.index.putSync(hash, encodeIndexRecord(updated));
      });
      return ok(entry);
    });
  }

  // ---- connecting and disconnecting ----

  /** The kernel's ConnectBlock on the store's coins, and the commitment state after it: nothing written. */
  private prepareConnect(block: Block, scripts?: ScriptCheckStream): Result<PreparedConnect, StoreError> {
    const hash = blockHash(block.header);
    const entry = this.headers.entry(hash);
    const record = this.headers.record(hash);
    if (entry === undefined || record === undefined) return err(rejected(`block ${toDisplayHex(hash)}: its header has not been accepted`));
    const tip = this.tipEntry;
    if (entry.height !== tip.height + 1 || !equalBytes(block.header.prevBlockHash, tip.hash)) {
      return err(rejected(`block ${toDisplayHex(hash)} at height ${entry.height} does not extend the tip ${toDisplayHex(tip.hash)} at height ${tip.height}`));
    }
    const connected = connectBlock(new StoreCoinView(this.dbs.coins), block, {
      height: entry.height,
      prevMedianTimePast: getMedianTimePast(tip),
      medianTimePastAt: (h) => getMedianTimePast(this.activeAt(h) ?? (getAncestor(tip, h) as HeaderEntry)),
      params: this.params.consensus,
      backend: this.backend,
      onScriptCheck: scripts?.add,
    });
    if (!connected.ok) return err(invalid(connected.error, entry));
    const next = applyUtxoDeltaToState(this.tree, this.chainState.commitment, connected.value.delta);
    if (!next.ok) return err(corrupt('utxo-tree-nodes', 'root', `applying the block's delta: ${next.error.code}`));
    return ok({ entry, record, block, connected: connected.value, state: next.value.state, batch: next.value.batch, generation: this.generation });
  }

  /** Writes a prepared connect in one transaction. */
  private commitConnect(p: PreparedConnect): ConnectedTip {
    const { entry, record, block, connected } = p;
    const undoBytes = encodeBlockUndo(connected.undo, entry.header.prevBlockHash);
    const haveData = (record.status & BLOCK_HAVE_DATA) !== 0;
    const raw = haveData ? undefined : encodeBlock(block);
    const status = (record.status & ~BLOCK_VALID_MASK) | BLOCK_VALID_SCRIPTS | BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO;
    const indexBytes = encodeIndexRecord({ ...record, status, txCount: block.transactions.length });
    const state: ChainStateRecord = { tipHash: entry.hash, tipHeight: entry.height, commitment: p.state };
    const stateBytes = encodeChainState(state);
    const writes = coinWrites(connected.delta);
    this.dbs.env.transactionSync(() => {
      for (const key of writes.remove) this.dbs.coins.removeSync(key);
      for (const [key, value] of writes.put) this.dbs.coins.putSync(key, value);
      this.dbs.undo.putSync(entry.hash, undoBytes);
      if (raw !== undefined) this.dbs.blocks.putSync(entry.hash, raw);
      this.dbs.index.putSync(entry.hash, indexBytes);
      this.dbs.active.putSync(heightKey(entry.height), entry.hash);
      this.dbs.meta.putSync(META_CHAIN_STATE, stateBytes);
      this.tree.write(p.batch, this.keepSnapshot(entry, p.state));
      this.beforeCommit?.({ kind: 'connect', height: entry.height });
    });
    this.tipEntry = entry;
    this.chainState = state;
    this.generation++;
    return { entry, fees: connected.fees, inputsChecked: connected.inputsChecked, sigopsCost: connected.sigopsCost, created: connected.delta.created.size, spent: connected.delta.spent.size };
  }

  /**
   * Core's ConnectTip: connects `block` (its header accepted, its parent the tip) with the kernel's
   * connectBlock, scripts included, then writes the UTXO delta, undo data, block, status, tip and
   * commitment in one transaction. A block that fails validation writes nothing.
   */
  connectTip(block: Block): Result<ConnectedTip, StoreError> {
    this.assertOpen();
    return guard(() => {
      const prepared = this.prepareConnect(block);
      return prepared.ok ? ok(this.commitConnect(prepared.value)) : prepared;
    });
  }

  /**
   * connectTip with the script checks run by the caller (say, on worker threads; the kernel's
   * deferred script jobs): each transaction's checks go to `scripts` as connectBlock makes them,
   * so they run while the rest of the block is checked and the UTXO tree updated; the block is
   * written only if they all pass and the tip has not moved meanwhile.
   */
  async connectTipDeferred(block: Block, scripts: ScriptCheckStream): Promise<Result<ConnectedTip, StoreError>> {
    this.assertOpen();
    const prepared = guard(() => this.prepareConnect(block, scripts));
    if (!prepared.ok) return prepared;
    const verified = await scripts.finish();
    if (!verified.ok) return err(invalid(verified.error, prepared.value.entry));
    if (prepared.value.generation !== this.generation || this.closed) return err(rejected('the tip changed while the scripts were checked'));
    return guard(() => ok(this.commitConnect(prepared.value)));
  }

  /**
   * Core's DisconnectTip: the kernel's disconnectBlock with the tip's stored undo data, and the
   * inverse delta, the parent as tip and the reverted commitment in one transaction. The block's
   * data, undo and status stay (a later reorg back connects it again).
   */
  disconnectTip(): Result<DisconnectedTip, StoreError> {
    this.assertOpen();
    return guard(() => {
      const tip = this.tipEntry;
      if (tip.height === 0) return err(rejected('the genesis block cannot be disconnected'));
      const block = this.readBlock(tip.hash);
      if (block === undefined) return err(corrupt('blocks', tip.hash, 'the tip block is missing', true));
      const undo = this.readUndo(tip.hash);
      if (undo === undefined) return err(corrupt('undo', tip.hash, 'the undo data of the tip is missing', true));
      const parent = tip.prev as HeaderEntry;
      const delta = disconnectBlock(new StoreCoinView(this.dbs.coins), block, undo, tip.height);
      if (!delta.ok) return err(corrupt('undo', tip.hash, `disconnecting the tip: ${delta.error}`, true));
      const next = applyUtxoDeltaToState(this.tree, this.chainState.commitment, delta.value, this.treeWorkspace);
      if (!next.ok) return err(corrupt('utxo-tree-nodes', 'root', `reverting the tip's delta: ${next.error.code}`));
      const state: ChainStateRecord = { tipHash: parent.hash, tipHeight: parent.height, commitment: next.value.state };
      const stateBytes = encodeChainState(state);
      const writes = coinWrites(delta.value);
      this.dbs.env.transactionSync(() => {
        for (const key of writes.remove) this.dbs.coins.removeSync(key);
        for (const [key, value] of writes.put) this.dbs.coins.putSync(key, value);
        this.dbs.active.removeSync(heightKey(tip.height));
        this.dbs.meta.putSync(META_CHAIN_STATE, stateBytes);
        this.tree.write(next.value.batch, this.dropSnapshot(tip.height));
        this.beforeCommit?.({ kind: 'disconnect', height: tip.height });
      });
      this.tipEntry = parent;
      this.chainState = state;
      this.generation++;
      return ok({ entry: tip, block });
    });
  }

  /**
   * Moves the tip to `target` (a stored header whose blocks on the way are stored): disconnect to
   * the fork point, connect the other branch (the kernel's findReorg). When a block of the new
   * branch fails, the old chain is connected again and the failure returned. Each block is its
   * own transaction: a crash in the middle leaves a consistent tip on the way.
   */
  reorgTo(target: HeaderEntry): Result<{ readonly fork: HeaderEntry; readonly disconnected: number; readonly connected: number }, StoreError> {
    this.assertOpen();
    const path = guard(() => {
      const found = findReorg(this.tipEntry, target);
      return found === undefined ? err(rejected('the target shares no block with the chain')) : ok(found);
    });
    if (!path.ok) return path;
    const { fork, disconnect, connect } = path.value;
    for (let i = 0; i < disconnect.length; i++) {
      const d = this.disconnectTip();
      if (!d.ok) return d;
    }
    const connectAll = (entries: readonly HeaderEntry[]): { readonly done: number; readonly error?: StoreError } => {
      for (const [i, entry] of entries.entries()) {
        const block = guard(() => ok(this.readBlock(entry.hash)));
        if (!block.ok) return { done: i, error: block.error };
        if (block.value === undefined) return { done: i, error: rejected(`block ${toDisplayHex(entry.hash)} at height ${entry.height} is not stored`) };
        const c = this.connectTip(block.value);
        if (!c.ok) return { done: i, error: c.error };
      }
      return { done: entries.length };
    };
    const forward = connectAll(connect);
    if (forward.error === undefined) return ok({ fork, disconnected: disconnect.length, connected: connect.length });
    // Back to the old chain: undo what was connected, connect the old blocks again.
    for (let i = 0; i < forward.done; i++) {
      const d = this.disconnectTip();
      if (!d.ok) return d;
    }
    const back = connectAll([...disconnect].reverse());
    return err(back.error ?? forward.error);
  }

  /**
   * Marks a block invalid (Core's InvalidateBlock bookkeeping, BLOCK_FAILED_VALID), so its header
   * and descendants are refused; the best header moves off it. The block must not be connected.
   */
  markInvalid(hash: Uint8Array): Result<void, StoreError> {
    this.assertOpen();
    return guard(() => {
      const record = this.headers.record(hash);
      const entry = this.headers.entry(hash);
      if (record === undefined || entry === undefined) return err(rejected(`block ${toDisplayHex(hash)} is not in the index`));
      const onChain = this.activeAt(entry.height);
      if (onChain !== undefined && equalBytes(onChain.hash, hash)) return err(rejected(`block ${toDisplayHex(hash)} is connected: disconnect it first`));
      const bestAbove = getAncestor(this.best, entry.height);
      const best = bestAbove !== undefined && equalBytes(bestAbove.hash, hash) ? this.bestValidHeader(hash) : this.best;
      this.dbs.env.transactionSync(() => {
        this.dbs.index.putSync(hash, encodeIndexRecord({ ...record, status: record.status | BLOCK_FAILED_VALID }));
        this.dbs.meta.putSync(META_BEST_HEADER, best.hash);
      });
      this.best = best;
      return ok(undefined);
    });
  }

  /** The most-work header not descending from `failed` nor from any block marked failed (a scan of the index). */
  private bestValidHeader(failed: Uint8Array): HeaderEntry {
    const candidates: { hash: Uint8Array; work: bigint }[] = [];
    for (const key of this.dbs.index.getKeys({})) {
      const hash = new Uint8Array(key);
      const record = this.headers.record(hash);
      if (record !== undefined && (record.status & BLOCK_FAILED_MASK) === 0 && !equalBytes(hash, failed)) candidates.push({ hash, work: record.chainWork });
    }
    candidates.sort((a, b) => (a.work === b.work ? 0 : a.work > b.work ? -1 : 1));
    for (const { hash } of candidates) {
      let clean = true;
      for (let at = this.headers.entry(hash); at !== undefined && clean; at = at.prev) {
        if (equalBytes(at.hash, failed)) clean = false;
        else if (at.height <= this.tipEntry.height && equalBytes(this.activeAt(at.height)?.hash ?? new Uint8Array(), at.hash)) break;
        else if (((this.headers.record(at.hash)?.status ?? 0) & BLOCK_FAILED_MASK) !== 0) clean = false;
      }
      if (clean) return this.headers.entry(hash) as HeaderEntry;
    }
    return this.tipEntry;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('ChainStore: used after close()');
  }

  /** Closes the environment and releases the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dbs.env.close();
    this.unlock();
  }
}

/** The coin records a delta removes and puts: spent coins removed first, created ones put after (created wins, as in the tree). */
function coinWrites(delta: UtxoDelta): { readonly remove: Uint8Array[]; readonly put: [Uint8Array, Uint8Array][] } {
  const key = (k: string): Uint8Array => {
    const outpoint = parseOutpointKey(k);
    if (outpoint === undefined) throw new CorruptRecord(corrupt('coins', k, 'a delta key that is no outpoint'));
    return coinKey(outpoint);
  };
  return {
    remove: [...delta.spent.keys()].filter((k) => !delta.created.has(k)).map(key),
    put: [...delta.created].map(([k, coin]) => [key(k), encodeCoin(coin)]),
  };
}

/** A coin from its TxOutSer (kernel/commitments/coin.ts): outpoint, u32 height*2+coinbase, i64 amount, CompactSize script; undefined if malformed. */
function readTxOutSer(value: Uint8Array): { readonly outpoint: OutPoint; readonly coin: Coin } | undefined {
  if (value.length < 49) return undefined;
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const code = view.getUint32(36, true);
  const amount = view.getBigInt64(40, true);
  const first = value[48] as number;
  const [length, at] = first < 0xfd ? [first, 49] : first === 0xfd && value.length >= 51 ? [view.getUint16(49, true), 51] : [-1, 0];
  if (length < 0 || at + length !== value.length) return undefined;
  return {
    outpoint: { txid: value.slice(0, 32), vout: view.getUint32(32, true) },
    coin: { output: { value: amount, scriptPubKey: value.slice(at) }, height: code >>> 1, isCoinbase: (code & 1) === 1 },
  };
}
