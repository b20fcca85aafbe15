/**
 * Batch updates of the authenticated UTXO tree (SPEC.md §8.2): one pass over the sorted keys of a
 * block's delta, sharing the path hashing of keys that share a prefix. Pure: reads nodes through
 * a NodeLookup and returns the new root with the write batch (nodes created, nodes made
 * obsolete); the caller applies the batch to its store. Because a subtree's shape depends only on
 * the leaves in it, the root after any sequence of batches equals the root of building the final
 * set at once (test/commitments/tree.test.ts, properties/commitments.prop.test.ts).
 */
import { compareBytes } from '../encoding/bytes.js';
import { toHex } from '../encoding/hex.js';
import { type Result, err, ok } from '../result.js';
import {
  type ChildRef,
  type LeafNode,
  type NodeKey,
  type NodeLookup,
  type TreeNode,
  TREE_KEY_BITS,
  childPath,
  internalHash,
  keyBit,
  leafHash,
  formatNodeKey,
  EMPTY_SUBTREE_HASH,
} from './tree-node.js';

/** One change: set `key` to `value`, or delete it (`value` undefined). */
export interface TreeUpdate {
  readonly key: Uint8Array;
  readonly value?: Uint8Array;
}

/**
 * What an update batch writes: new nodes (each with its key, in the order written) and the keys of
 * nodes no version from now on refers to; and the values it replaced or deleted (by hex key), so
 * bookkeeping over the values (counts, amounts, MuHash) follows the tree exactly.
 */
export interface TreeWriteBatch {
  readonly version: number;
  readonly root: ChildRef | undefined;
  readonly previous: ReadonlyMap<string, Uint8Array>;
  readonly created: readonly { readonly key: NodeKey; readonly node: TreeNode }[];
  readonly stale: readonly NodeKey[];
}

export type TreeUpdateError =
  | { readonly code: 'keys not sorted and unique'; readonly index: number }
  | { readonly code: 'key not 32 bytes'; readonly index: number }
  | { readonly code: 'node missing from the store'; readonly node: string }
  | { readonly code: 'node of the wrong kind in the store'; readonly node: string };

/** Thrown inside `applyTreeUpdates` only; returned as a TreeUpdateError value. */
class StoreFault {
  constructor(readonly error: TreeUpdateError) {}
}

const ROOT_PATH = new Uint8Array(0);

/**
 * Applies `updates` (keys sorted ascending and unique) to the tree whose root is `root`, writing
 * new nodes at `version` (greater than every version already in the store). Deleting an absent
 * key and setting a key to its current value are allowed (the latter rewrites its path).
 */
export function applyTreeUpdates(
  lookup: NodeLookup,
  root: ChildRef | undefined,
  version: number,
  updates: readonly TreeUpdate[],
): Result<TreeWriteBatch, TreeUpdateError> {
  for (const [i, u] of updates.entries()) {
    if (u.key.length !== TREE_KEY_BITS / 8) return err({ code: 'key not 32 bytes', index: i });
    const prev = updates[i - 1];
    if (prev !== undefined && compareBytes(prev.key, u.key) >= 0) return err({ code: 'keys not sorted and unique', index: i });
  }
  // This batch's nodes by the reference `write` returned for each: a node written here is read or
  // retired again only through that reference (a lone leaf moving up), so no key string is built;
  // a reference of an older version is the store's (every stored version is below `version`).
  const created = new Map<ChildRef, { key: NodeKey; node: TreeNode }>();
  const stale: NodeKey[] = [];
  const previous = new Map<string, Uint8Array>();

  const read = (ref: ChildRef, depth: number, path: Uint8Array, kind: TreeNode['kind']): TreeNode => {
    const key = { version: ref.version, depth, path };
    const node = ref.version === version ? created.get(ref)?.node : lookup(key);
    if (node === undefined) throw new StoreFault({ code: 'node missing from the store', node: formatNodeKey(key) });
    if (node.kind !== kind) throw new StoreFault({ code: 'node of the wrong kind in the store', node: formatNodeKey(key) });
    return node;
  };
  /** Takes an existing node out of the tree: dropped from this batch if it was written here, else marked stale. */
  const retire = (ref: ChildRef, depth: number, path: Uint8Array): void => {
    const key = { version: ref.version, depth, path };
    if (ref.version !== version || !created.delete(ref)) stale.push(key);
  };
  const write = (depth: number, path: Uint8Array, node: TreeNode, hash: Uint8Array, count: number, valueBytes: number): ChildRef => {
    const ref: ChildRef = { hash, version, isLeaf: node.kind === 'leaf', count, valueBytes };
    created.set(ref, { key: { version, depth, path }, node });
    return ref;
  };
  const writeLeaf = (depth: number, path: Uint8Array, leaf: LeafNode): ChildRef => write(depth, path, leaf, leafHash(leaf.key, leaf.value), 1, leaf.value.length);

  /** The node over two halves, by the shape rule: a lone leaf moves up, two empty halves vanish. */
  const join = (depth: number, path: Uint8Array, left: ChildRef | undefined, right: ChildRef | undefined): ChildRef | undefined => {
    if (left === undefined && right === undefined) return undefined;
    const lone = left === undefined ? right : right === undefined ? left : undefined;
    if (lone?.isLeaf === true) {
      const side = left === undefined ? 1 : 0;
      const below = childPath(path, depth, side);
      const leaf = read(lone, depth + 1, below, 'leaf') as LeafNode;
      retire(lone, depth + 1, below);
      return writeLeaf(depth, path, leaf);
    }
    const node: TreeNode = left === undefined ? { kind: 'internal', right } : right === undefined ? { kind: 'internal', left } : { kind: 'internal', left, right };
    const hash = internalHash(left?.hash ?? EMPTY_SUBTREE_HASH, right?.hash ?? EMPTY_SUBTREE_HASH);
    return write(depth, path, node, hash, (left?.count ?? 0) + (right?.count ?? 0), (left?.valueBytes ?? 0) + (right?.valueBytes ?? 0));
  };

  /** The first index in [lo, hi) whose key has bit `depth` set (keys sorted, same prefix above `depth`). */
  const splitAt = (leaves: readonly LeafNode[] | readonly TreeUpdate[], lo: number, hi: number, depth: number): number => {
    let i = lo;
    while (i < hi && keyBit((leaves[i] as { key: Uint8Array }).key, depth) === 0) i++;
    return i;
  };

  /** The subtree of exactly these leaves (sorted, unique, sharing the node's path). */
  const build = (depth: number, path: Uint8Array, leaves: readonly LeafNode[], lo: number, hi: number): ChildRef | undefined => {
    if (hi === lo) return undefined;
    if (hi - lo === 1) return writeLeaf(depth, path, leaves[lo] as LeafNode);
    const mid = splitAt(leaves, lo, hi, depth);
    const left = mid === lo ? undefined : build(depth + 1, childPath(path, depth, 0), leaves, lo, mid);
    const right = mid === hi ? undefined : build(depth + 1, childPath(path, depth, 1), leaves, mid, hi);
    return join(depth, path, left, right);
  };

  /** The leaves a set of updates leaves in a subtree that held `existing` (or nothing). */
  const mergeLeaves = (existing: LeafNode | undefined, lo: number, hi: number): LeafNode[] => {
    const out: LeafNode[] = [];
    let placed = existing === undefined;
    for (let i = lo; i < hi; i++) {
      const u = updates[i] as TreeUpdate;
      if (!placed && existing !== undefined) {
        const order = compareBytes(existing.key, u.key);
        if (order < 0) out.push(existing);
        if (order === 0) previous.set(toHex(existing.key), existing.value);
        if (order <= 0) placed = true;
      }
      if (u.value !== undefined) out.push({ kind: 'leaf', key: u.key, value: u.value });
    }
    if (!placed && existing !== undefined) out.push(existing);
    return out;
  };

  const update = (depth: number, path: Uint8Array, existing: ChildRef | undefined, lo: number, hi: number): ChildRef | undefined => {
    if (hi === lo) return existing;
    if (existing === undefined || existing.isLeaf) {
      const leaf = existing === undefined ? undefined : (read(existing, depth, path, 'leaf') as LeafNode);
      if (existing !== undefined) retire(existing, depth, path);
      const leaves = mergeLeaves(leaf, lo, hi);
      return build(depth, path, leaves, 0, leaves.length);
    }
    const node = read(existing, depth, path, 'internal');
    if (node.kind !== 'internal') return existing; // unreachable: read checked the kind
    retire(existing, depth, path);
    const mid = splitAt(updates, lo, hi, depth);
    // A side without updates keeps its reference (no path to compute).
    const left = mid === lo ? node.left : update(depth + 1, childPath(path, depth, 0), node.left, lo, mid);
    const right = mid === hi ? node.right : update(depth + 1, childPath(path, depth, 1), node.right, mid, hi);
    return join(depth, path, left, right);
  };

  try {
    const next = update(0, ROOT_PATH, root, 0, updates.length);
    return ok({ version, root: next, previous, created: [...created.values()], stale });
  } catch (e) {
    if (e instanceof StoreFault) return err(e.error);
    throw e;
  }
}
