/**
 * The authenticated UTXO tree's nodes in LMDB (the `lmdb` package), for sets larger than memory:
 * the same store shape as MemoryTreeStore, over one database of a data directory. A batch is
 * written in one LMDB transaction (its new nodes, its stale nodes deleted unless history is kept,
 * and the root of its version), so a crash leaves the tree at one version or the next, never
 * between. `write` joins a caller's transaction (the node writes a block's UTXO delta, undo data
 * and tip in the same one).
 */
import { type Database, type RootDatabase, open } from 'lmdb';
import type { ChildRef, NodeKey, NodeLookup } from '../../kernel/commitments/tree-node.js';
import type { TreeWriteBatch } from '../../kernel/commitments/tree-update.js';
import { decodeNode, decodeRootRef, encodeNode, encodeNodeKey, encodeRootRef } from './node-codec.js';

const LATEST = 'latest';

export class LmdbTreeStore {
  private constructor(
    private readonly env: RootDatabase,
    private readonly nodes: Database<Uint8Array, Uint8Array>,
    private readonly roots: Database<Uint8Array | number, string | number>,
    private readonly keepHistory: boolean,
  ) {}

  /** Opens (or creates) the tree store in `path` (a directory). */
  static open(path: string, options: { readonly keepHistory?: boolean; readonly env?: RootDatabase } = {}): LmdbTreeStore {
    const env = options.env ?? open({ path, maxDbs: 8, noSync: false });
    const nodes = env.openDB<Uint8Array, Uint8Array>({ name: 'utxo-tree-nodes', keyEncoding: 'binary', encoding: 'binary' });
    const roots = env.openDB<Uint8Array | number, string | number>({ name: 'utxo-tree-roots', keyEncoding: 'ordered-binary', encoding: 'msgpack' });
    return new LmdbTreeStore(env, nodes, roots, options.keepHistory ?? false);
  }

  /** The lookup the kernel's tree functions read through (synchronous LMDB reads). */
  readonly lookup: NodeLookup = (key: NodeKey) => {
    const bytes = this.nodes.getBinary(encodeNodeKey(key));
    // A plain copy: lmdb may hand out Buffers over memory it reuses, and Buffer#slice is a view.
    return bytes === undefined ? undefined : decodeNode(Uint8Array.from(bytes));
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

  /** Writes a batch inside the caller's LMDB transaction (call from within `transactionSync`). */
  write(batch: TreeWriteBatch): void {
    for (const { key, node } of batch.created.values()) this.nodes.putSync(encodeNodeKey(key), encodeNode(node));
    if (!this.keepHistory) {
      for (const key of batch.stale) this.nodes.removeSync(encodeNodeKey(key));
      const previous = this.roots.get(LATEST) as number | undefined;
      if (previous !== undefined) this.roots.removeSync(previous);
    }
    this.roots.putSync(batch.version, encodeRootRef(batch.root));
    this.roots.putSync(LATEST, batch.version);
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
