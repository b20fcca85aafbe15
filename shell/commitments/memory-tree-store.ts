/**
 * The authenticated UTXO tree's nodes held in memory (tests, small sets, `bllvm utxo-commit`):
 * the store side of kernel/commitments/tree-update.ts, which only reads nodes and returns write
 * batches. Stale nodes are deleted when a batch is applied unless `keepHistory` is set (then every
 * version stays readable). The LMDB store (for sets larger than memory) has the same shape.
 *
 * Without history a position (depth, path) holds one live node, so the latest-only map is keyed by
 * the position alone, as a small integer (the heap index 2^depth + path bits) down to depth 30,
 * where most of a large set's nodes are: no key string to build and hash per read.
 */
import type { NodeKey, NodeLookup, TreeNode } from '../../kernel/commitments/tree-node.js';
import { nodeKeyString } from '../../kernel/commitments/tree-node.js';
import type { TreeWriteBatch } from '../../kernel/commitments/tree-update.js';

/** Deepest position keyed by its heap index (2^31 > the largest index, a small integer for V8). */
const INDEX_DEPTH = 30;

/** A position's key: its heap index down to INDEX_DEPTH, else its node key string at version 0. */
function positionKey(key: NodeKey): number | string {
  if (key.depth > INDEX_DEPTH) return nodeKeyString({ version: 0, depth: key.depth, path: key.path });
  let bits = 0;
  for (const b of key.path) bits = bits * 256 + b;
  return 2 ** key.depth + bits / 2 ** (8 * key.path.length - key.depth); // exact: the path's bits past depth are zero
}

export class MemoryTreeStore {
  /** With history: every version's nodes, by node key string. */
  private readonly nodes = new Map<string, TreeNode>();
  /** Without history: each position's live node and the version that wrote it. */
  private readonly live = new Map<number | string, { readonly version: number; readonly node: TreeNode }>();

  constructor(private readonly keepHistory = false) {}

  /** The lookup the kernel's tree functions read through. */
  readonly lookup: NodeLookup = (key: NodeKey) => {
    if (this.keepHistory) return this.nodes.get(nodeKeyString(key));
    const entry = this.live.get(positionKey(key));
    return entry?.version === key.version ? entry.node : undefined;
  };

  /** Stores a batch's new nodes and drops the ones it made stale. */
  apply(batch: TreeWriteBatch): void {
    if (this.keepHistory) {
      for (const { key, node } of batch.created) this.nodes.set(nodeKeyString(key), node);
      return;
    }
    // New nodes first: most stale nodes sit where a new one now is (the rewritten path), so one
    // write replaces them; only positions still holding the stale version are deleted.
    for (const { key, node } of batch.created) this.live.set(positionKey(key), { version: key.version, node });
    for (const key of batch.stale) {
      const at = positionKey(key);
      if (this.live.get(at)?.version === key.version) this.live.delete(at);
    }
  }

  /** Nodes held. */
  get size(): number {
    return this.keepHistory ? this.nodes.size : this.live.size;
  }
}
