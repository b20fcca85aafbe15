/**
 * The authenticated UTXO tree's nodes in LMDB (the `lmdb` package), for sets larger than memory:
 * the same store shape as MemoryTreeStore, over one database of a data directory. A batch is
 * written in one LMDB transaction (its new nodes, its stale nodes deleted unless history is kept,
 * and the root of its version), so a crash leaves the tree at one version or the next, never
 * between. `write` joins a caller's transaction (the node writes a block's UTXO delta, undo data
 * and tip in the same one).
 *
 * Retained versions (snapshots a node serves to fast-syncing peers, docs/PROTOCOL.md): a node
 * written at version c and made stale at version s is still part of every version in [c, s).
 * When a batch makes a node stale while a retained version k >= c exists, the node is kept and
 * indexed by s in `utxo-tree-stale` instead of deleted; releasing a version deletes the indexed
 * nodes no retained version needs any more (as the Jellyfish Merkle tree's stale node index).
 */
import { type Database, type RootDatabase, open } from 'lmdb';
import type { ChildRef, EncodedNodeReader, NodeKey, NodeLookup } from '../../kernel/commitments/tree-node.js';
import { type TreeWriteBatch, createdNodeBytes, staleNodeKey } from '../../kernel/commitments/tree-update.js';
import { decodeNode, decodeRootRef, encodeNodeKey, encodeNodeKeyOnPath, encodeRootRef } from '../../kernel/commitments/tree-codec.js';

const LATEST = 'latest';

/** The stale index's key: u64be the version that made the node stale, then the node's key. */
function staleKey(since: number, key: NodeKey): Uint8Array {
  const nodeKey = encodeNodeKey(key);
  const out = new Uint8Array(8 + nodeKey.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(since), false);
  out.set(nodeKey, 8);
  return out;
}

export class LmdbTreeStore {
  private constructor(
    private readonly env: RootDatabase,
    private readonly nodes: Database<Uint8Array, Uint8Array>,
    private readonly roots: Database<Uint8Array | number, string | number>,
    private readonly stale: Database<Uint8Array, Uint8Array>,
    private readonly keepHistory: boolean,
  ) {}

  /** Opens (or creates) the tree store in `path` (a directory). */
  static open(path: string, options: { readonly keepHistory?: boolean; readonly env?: RootDatabase } = {}): LmdbTreeStore {
    const env = options.env ?? open({ path, maxDbs: 8, noSync: false });
    const nodes = env.openDB<Uint8Array, Uint8Array>({ name: 'utxo-tree-nodes', keyEncoding: 'binary', encoding: 'binary' });
    const roots = env.openDB<Uint8Array | number, string | number>({ name: 'utxo-tree-roots', keyEncoding: 'ordered-binary', encoding: 'msgpack' });
    const stale = env.openDB<Uint8Array, Uint8Array>({ name: 'utxo-tree-stale', keyEncoding: 'binary', encoding: 'binary' });
    return new LmdbTreeStore(env, nodes, roots, stale, options.keepHistory ?? false);
  }

  /** Decoded nodes by key, for proofs and chunks (synchronous LMDB reads). */
  readonly lookup: NodeLookup = (key: NodeKey) => {
    const bytes = this.nodes.getBinary(encodeNodeKey(key));
    // Decoded at once (lmdb may reuse the Buffer's memory on the next read); decodeNode copies what it keeps.
    return bytes === undefined ? undefined : decodeNode(bytes);
  };

  /** The batch update's reads: lmdb's Buffer as it comes (valid until the next read, as the reader's contract says). */
  readonly readEncoded: EncodedNodeReader = (version, depth, key) => {
    const bytes = this.nodes.getBinary(encodeNodeKeyOnPath(version, depth, key));
    return bytes === undefined ? undefined : { bytes, start: 0, end: bytes.length };
  };

  /** The latest version written and its root (version 0: the empty tree). */
  latest(): { readonly version: number; readonly root: ChildRef | undefined } {
    const version = this.roots.get(LATEST) as number | undefined;
    if (version === undefined) return { version: 0, root: undefined };
    return { version, root: this.rootAt(version) };
  }

  /** The root written at `version` (kept while history is kept; the latest always). */
  rootAt(version: number): ChildRef | undefined {
    const bytes = this.roots.get(version);
    return bytes instanceof Uint8Array ? decodeRootRef(Uint8Array.from(bytes)) : undefined;
  }

  /**
   * Writes a batch inside the caller's LMDB transaction (call from within `transactionSync`).
   * Stale nodes a `retained` version still needs are kept and indexed; the previous version's
   * root is kept when it is retained.
   */
  write(batch: TreeWriteBatch, retained: readonly number[] = []): void {
    // In key order: every new key has the batch's version, above every stored one, so when the
    // database's last key is below the first new key they are appended (MDB_APPEND: no page
    // splits, pages filled); the stale keys sorted too, so each page is visited once.
    const { created } = batch;
    const writes: { key: Uint8Array; index: number }[] = [];
    for (let i = 0; i < created.count; i++) writes.push({ key: encodeNodeKeyOnPath(batch.version, created.depths[i] as number, created.keys[i] as Uint8Array), index: i });
    writes.sort((a, b) => Buffer.compare(a.key, b.key));
    const first = writes[0]?.key;
    let append = false;
    if (first !== undefined) {
      let last: Uint8Array | undefined;
      for (const key of this.nodes.getKeys({ reverse: true, limit: 1 })) last = key as Uint8Array;
      append = last === undefined || Buffer.compare(last, first) < 0;
    }
    for (const { key, index } of writes) this.nodes.putSync(key, createdNodeBytes(batch, index), { append });
    if (!this.keepHistory) {
      const stale = Array.from({ length: batch.stale.count }, (_, i) => staleNodeKey(batch, i)).map((key) => ({ key, encoded: encodeNodeKey(key) }));
      stale.sort((a, b) => Buffer.compare(a.encoded, b.encoded));
      for (const { key, encoded } of stale) {
        if (retained.some((k) => k >= key.version)) this.stale.putSync(staleKey(batch.version, key), new Uint8Array(0));
        else this.nodes.removeSync(encoded);
      }
      const previous = this.roots.get(LATEST) as number | undefined;
      if (previous !== undefined && !retained.includes(previous)) this.roots.removeSync(previous);
    }
    this.roots.putSync(batch.version, encodeRootRef(batch.root));
    this.roots.putSync(LATEST, batch.version);
  }

  /**
   * Stops retaining `version` (inside the caller's transaction): its root goes unless it is the
   * latest, and every indexed stale node no version of `stillRetained` needs is deleted.
   */
  release(version: number, stillRetained: readonly number[]): void {
    const latest = this.roots.get(LATEST) as number | undefined;
    if (version !== latest && !stillRetained.includes(version)) this.roots.removeSync(version);
    for (const { key } of this.stale.getRange({})) {
      const bytes = Uint8Array.from(key as Uint8Array);
      const since = Number(new DataView(bytes.buffer).getBigUint64(0, false));
      const nodeKey = bytes.subarray(8);
      const created = Number(new DataView(nodeKey.buffer, nodeKey.byteOffset).getBigUint64(0, false));
      if (!stillRetained.some((k) => k >= created && k < since)) {
        this.nodes.removeSync(nodeKey);
        this.stale.removeSync(bytes);
      }
    }
  }

  /** Deletes every node, root and stale entry (inside the caller's transaction): the empty tree at version 0. */
  clear(): void {
    for (const db of [this.nodes, this.stale] as const) for (const { key } of db.getRange({})) db.removeSync(Uint8Array.from(key as Uint8Array));
    for (const { key } of this.roots.getRange({})) this.roots.removeSync(key as string | number);
  }

  /** Stale nodes kept for retained versions. */
  get staleKept(): number {
    return this.stale.getCount();
  }

  /** Writes a batch in its own transaction: all of it or nothing. */
  apply(batch: TreeWriteBatch): void {
    this.env.transactionSync(() => this.write(batch));
  }

  /** Stored nodes (a count over the database). */
  get size(): number {
    return this.nodes.getCount();
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}
