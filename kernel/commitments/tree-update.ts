/**
 * Batch updates of the authenticated UTXO tree (SPEC.md §8.2): one walk over the sorted keys of a
 * block's delta, sharing the paths of keys that share a prefix, then one hashing pass over the new
 * nodes a depth at a time (in SIMD lanes where WebAssembly runs). Pure: reads nodes through a
 * NodeLookup and returns the new root with the write batch (nodes created, nodes made obsolete);
 * the caller applies the batch to its store. Because a subtree's shape depends only on the leaves
 * in it, the root after any sequence of batches equals the root of the final set built at once,
 * and equals the root SPEC.md §8.2 defines (properties/commitments.prop.test.ts, written from the
 * text with node:crypto).
 */
import { compareBytes } from '../encoding/bytes.js';
import { toHex } from '../encoding/hex.js';
import { type Result, err, ok } from '../result.js';
import {
  type ChildRef,
  type InternalNode,
  type LeafNode,
  type NodeKey,
  type NodeLookup,
  type TreeNode,
  TREE_KEY_BITS,
  childPath,
  internalHashes,
  keyBit,
  leafHashes,
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

/** A reference written by this batch: its hash is filled in once the nodes below it are hashed. */
interface PendingRef {
  hash: Uint8Array;
  readonly version: number;
  readonly isLeaf: boolean;
  readonly count: number;
  readonly valueBytes: number;
}

/** A single leaf on its way up (its sibling subtree emptied): written only where it comes to rest. */
interface LooseLeaf {
  readonly loose: LeafNode;
}

/** An updated subtree: empty, a reference (kept or written here), or a loose leaf. */
type Subtree = ChildRef | LooseLeaf | undefined;

function isLoose(s: ChildRef | LooseLeaf): s is LooseLeaf {
  return 'loose' in s;
}

/** The first index in [lo, hi) whose key has bit `depth` set: keys sorted and sharing their first `depth` bits, so the bit is 0 then 1. */
function splitAt(items: readonly { readonly key: Uint8Array }[], lo: number, hi: number, depth: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >> 1;
    if (keyBit((items[m] as { readonly key: Uint8Array }).key, depth) === 0) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Applies `updates` (keys sorted ascending and unique) to the tree whose root is `root`, writing
 * new nodes at `version` (greater than every version already in the store). Deleting an absent
 * key and setting a key to its current value are allowed (the latter rewrites its path).
 *
 * Two passes: the first walks the changed paths and decides every new node's place and children
 * (a leaf whose sibling subtree empties moves up and is written once, where it comes to rest); the
 * second hashes the new nodes, leaves first, then each depth from the deepest up, one batch per
 * depth (every child of a node at depth d is at depth d + 1), in SIMD lanes where WebAssembly runs.
 */
export function applyTreeUpdates(
  lookup: NodeLookup,
  root: ChildRef | undefined,
  version: number,
  updates: readonly TreeUpdate[],
): Result<TreeWriteBatch, TreeUpdateError> {
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i] as TreeUpdate;
    if (u.key.length !== TREE_KEY_BITS / 8) return err({ code: 'key not 32 bytes', index: i });
    const prev = updates[i - 1];
    if (prev !== undefined && compareBytes(prev.key, u.key) >= 0) return err({ code: 'keys not sorted and unique', index: i });
  }
  const created: { key: NodeKey; node: TreeNode }[] = [];
  const stale: NodeKey[] = [];
  const previous = new Map<string, Uint8Array>();
  // The second pass's work: new leaves, and new internal nodes by depth.
  const newLeafRefs: PendingRef[] = [];
  const newLeaves: LeafNode[] = [];
  const newInternalRefs: PendingRef[][] = [];
  const newInternals: InternalNode[][] = [];

  /**
   * Takes a stored node out of the tree and returns it (every reference read here is of an older
   * version: this batch never reads what it writes).
   */
  const retire = (ref: ChildRef, depth: number, path: Uint8Array, kind: TreeNode['kind']): TreeNode => {
    const key: NodeKey = { version: ref.version, depth, path };
    const node = lookup(key);
    if (node === undefined) throw new StoreFault({ code: 'node missing from the store', node: formatNodeKey(key) });
    if (node.kind !== kind) throw new StoreFault({ code: 'node of the wrong kind in the store', node: formatNodeKey(key) });
    stale.push(key);
    return node;
  };
  const writeLeaf = (depth: number, path: Uint8Array, leaf: LeafNode): ChildRef => {
    const ref: PendingRef = { hash: EMPTY_SUBTREE_HASH, version, isLeaf: true, count: 1, valueBytes: leaf.value.length };
    created.push({ key: { version, depth, path }, node: leaf });
    newLeafRefs.push(ref);
    newLeaves.push(leaf);
    return ref;
  };
  const writeInternal = (depth: number, path: Uint8Array, left: ChildRef | undefined, right: ChildRef | undefined): ChildRef => {
    const node: InternalNode = left === undefined ? { kind: 'internal', right } : right === undefined ? { kind: 'internal', left } : { kind: 'internal', left, right };
    const count = (left?.count ?? 0) + (right?.count ?? 0);
    const valueBytes = (left?.valueBytes ?? 0) + (right?.valueBytes ?? 0);
    const ref: PendingRef = { hash: EMPTY_SUBTREE_HASH, version, isLeaf: false, count, valueBytes };
    created.push({ key: { version, depth, path }, node });
    (newInternalRefs[depth] ??= []).push(ref);
    (newInternals[depth] ??= []).push(node);
    return ref;
  };

  /** A subtree at rest at (depth, path): a loose leaf is written there. */
  const place = (depth: number, path: Uint8Array, s: ChildRef | LooseLeaf): ChildRef => (isLoose(s) ? writeLeaf(depth, path, s.loose) : s);

  /**
   * The node at (depth, path) over two updated halves, by the shape rule: two empty halves vanish,
   * a single leaf beside an empty half moves up (a stored one is read and retired below), anything
   * else is an internal node. `leftPath` and `rightPath` are the halves' paths when already made.
   */
  const join = (depth: number, path: Uint8Array, left: Subtree, right: Subtree, leftPath?: Uint8Array, rightPath?: Uint8Array): Subtree => {
    if (left === undefined && right === undefined) return undefined;
    if (left === undefined || right === undefined) {
      const side = left === undefined ? 1 : 0;
      const lone = (left ?? right) as ChildRef | LooseLeaf;
      if (isLoose(lone)) return lone;
      if (lone.isLeaf) {
        const below = (side === 0 ? leftPath : rightPath) ?? childPath(path, depth, side);
        return { loose: retire(lone, depth + 1, below, 'leaf') as LeafNode };
      }
    }
    const l = left === undefined ? undefined : place(depth + 1, leftPath ?? childPath(path, depth, 0), left);
    const r = right === undefined ? undefined : place(depth + 1, rightPath ?? childPath(path, depth, 1), right);
    return writeInternal(depth, path, l, r);
  };

  /** The subtree of exactly these leaves (sorted, unique, sharing the node's path). */
  const build = (depth: number, path: Uint8Array, leaves: readonly LeafNode[], lo: number, hi: number): Subtree => {
    if (hi === lo) return undefined;
    if (hi - lo === 1) return { loose: leaves[lo] as LeafNode };
    const mid = splitAt(leaves, lo, hi, depth);
    const lp = mid === lo ? undefined : childPath(path, depth, 0);
    const rp = mid === hi ? undefined : childPath(path, depth, 1);
    const left = lp === undefined ? undefined : build(depth + 1, lp, leaves, lo, mid);
    const right = rp === undefined ? undefined : build(depth + 1, rp, leaves, mid, hi);
    return join(depth, path, left, right, lp, rp);
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

  const update = (depth: number, path: Uint8Array, existing: ChildRef | undefined, lo: number, hi: number): Subtree => {
    if (hi === lo) return existing;
    if (existing === undefined || existing.isLeaf) {
      const leaf = existing === undefined ? undefined : (retire(existing, depth, path, 'leaf') as LeafNode);
      const leaves = mergeLeaves(leaf, lo, hi);
      return build(depth, path, leaves, 0, leaves.length);
    }
    const node = retire(existing, depth, path, 'internal');
    if (node.kind !== 'internal') return existing; // unreachable: retire checked the kind
    const mid = splitAt(updates, lo, hi, depth);
    // A side without updates keeps its reference (no path to compute).
    const lp = mid === lo ? undefined : childPath(path, depth, 0);
    const rp = mid === hi ? undefined : childPath(path, depth, 1);
    const left = lp === undefined ? node.left : update(depth + 1, lp, node.left, lo, mid);
    const right = rp === undefined ? node.right : update(depth + 1, rp, node.right, mid, hi);
    return join(depth, path, left, right, lp, rp);
  };

  /** The second pass: every new node's hash, children before parents (each a view of its batch's digests). */
  const hashNewNodes = (): void => {
    const leafDigests = leafHashes(newLeaves);
    for (let i = 0; i < newLeafRefs.length; i++) (newLeafRefs[i] as PendingRef).hash = leafDigests.subarray(32 * i, 32 * i + 32);
    for (let depth = newInternals.length - 1; depth >= 0; depth--) {
      const level = newInternals[depth];
      const refs = newInternalRefs[depth];
      if (level === undefined || refs === undefined) continue;
      const digests = internalHashes(level.map((n) => [n.left?.hash ?? EMPTY_SUBTREE_HASH, n.right?.hash ?? EMPTY_SUBTREE_HASH] as const));
      for (let i = 0; i < refs.length; i++) (refs[i] as PendingRef).hash = digests.subarray(32 * i, 32 * i + 32);
    }
  };

  try {
    const top = update(0, ROOT_PATH, root, 0, updates.length);
    const next = top === undefined ? undefined : place(0, ROOT_PATH, top);
    hashNewNodes();
    return ok({ version, root: next, previous, created, stale });
  } catch (e) {
    if (e instanceof StoreFault) return err(e.error);
    throw e;
  }
}
