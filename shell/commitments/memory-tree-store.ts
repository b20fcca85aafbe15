/**
 * The authenticated UTXO tree's nodes held in memory (tests, small sets, `bllvm utxo-commit`):
 * the store side of kernel/commitments/tree-update.ts, which only reads nodes and returns write
 * batches. Stale nodes are deleted when a batch is applied unless `keepHistory` is set (then every
 * version stays readable). The LMDB store (for sets larger than memory) has the same shape.
 */
import type { NodeKey, NodeLookup, TreeNode } from '../../kernel/commitments/tree-node.js';
import { nodeKeyString } from '../../kernel/commitments/tree-node.js';
import type { TreeWriteBatch } from '../../kernel/commitments/tree-update.js';

export class MemoryTreeStore {
  private readonly nodes = new Map<string, TreeNode>();

  constructor(private readonly keepHistory = false) {}

  /** The lookup the kernel's tree functions read through. */
  readonly lookup: NodeLookup = (key: NodeKey) => this.nodes.get(nodeKeyString(key));

  /** Stores a batch's new nodes and drops the ones it made stale. */
  apply(batch: TreeWriteBatch): void {
    for (const [k, { node }] of batch.created) this.nodes.set(k, node);
    if (!this.keepHistory) for (const key of batch.stale) this.nodes.delete(nodeKeyString(key));
  }

  /** Nodes held. */
  get size(): number {
    return this.nodes.size;
  }
}
