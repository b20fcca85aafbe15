/**
 * Batch updates of the authenticated UTXO tree (SPEC.md §8.2): one walk over the sorted keys of a
 * block's delta, sharing the paths of keys that share a prefix, then one hashing pass over the new
 * nodes a depth at a time (in SIMD lanes where WebAssembly runs). Pure: reads stored nodes through
 * the store's EncodedNodeReader and returns the new root with the write batch (nodes created in
 * their stored form, nodes made obsolete); the caller applies the batch to its store. Because a
 * subtree's shape depends only on the leaves in it, the root after any sequence of batches equals
 * the root of the final set built at once, and equals the root SPEC.md §8.2 defines
 * (properties/commitments.prop.test.ts, written from the text with node:crypto).
 *
 * The walk never decodes a node into objects: child references live in typed arrays (one slot per
 * reference: hash, version, leaf flag, count, value bytes), read from and written as the child
 * records of tree-codec.ts, and the batch is handed over packed. A block-sized batch over millions
 * of coins rewrites tens of thousands of nodes, so per-node objects would be most of its cost
 * (docs/BENCHMARKS.md, "UTXO tree without node objects").
 */
import { compareBytes } from '../encoding/bytes.js';
import { toHex } from '../encoding/hex.js';
import { type Result, err, ok } from '../result.js';
import {
  CHILD_COUNT_AT,
  CHILD_IS_LEAF_AT,
  CHILD_RECORD_BYTES,
  CHILD_VALUE_BYTES_AT,
  CHILD_VERSION_AT,
  INTERNAL_NODE_TAG,
  LEAF_NODE_TAG,
  copyBytes,
  isEncodedNode,
  readU64le,
  writeU64leView,
} from './tree-codec.js';
import {
  type ChildRef,
  type NodeBytes,
  type NodeKey,
  type TreeNodeSource,
  TREE_KEY_BITS,
  formatNodeKey,
  internalHashesPacked,
  keyBit,
  keyPrefix,
  leafHashes,
} from './tree-node.js';

/** One change: set `key` to `value`, or delete it (`value` undefined). */
export interface TreeUpdate {
  readonly key: Uint8Array;
  readonly value?: Uint8Array;
}

/**
 * The nodes a batch writes, all at its version, in stored form (tree-codec.ts) back to back: node
 * i is `bytes[i === 0 ? 0 : ends[i - 1], ends[i])`, at depth `depths[i]` on the path of the 32-byte
 * key `keys[i]` (its first `depths[i]` bits are the node's path; a key of the batch or of a leaf,
 * shared, not copied).
 */
export interface CreatedNodes {
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly ends: Float64Array;
  readonly depths: Uint16Array;
  readonly keys: readonly Uint8Array[];
}

/**
 * The nodes a batch made obsolete: node i was written at `versions[i]`, at depth `depths[i]` on the
 * path of the 32-byte key `keys[i]`; `replaced[i]` is 1 when a node the batch creates sits at the same
 * position (a store keyed by position alone has already overwritten it; one keyed by version too
 * deletes it all the same).
 */
export interface StaleNodes {
  readonly count: number;
  readonly versions: Float64Array;
  readonly depths: Uint16Array;
  readonly keys: readonly Uint8Array[];
  readonly replaced: Uint8Array;
}

/**
 * What an update batch writes: new nodes and the nodes no version from now on refers to; and the
 * values it replaced or deleted (by hex key), so bookkeeping over the values (counts, amounts,
 * MuHash) follows the tree exactly.
 */
export interface TreeWriteBatch {
  readonly version: number;
  readonly root: ChildRef | undefined;
  readonly previous: ReadonlyMap<string, Uint8Array>;
  readonly created: CreatedNodes;
  readonly stale: StaleNodes;
}

/** The key under which created node `i` is stored. */
export function createdNodeKey(batch: TreeWriteBatch, i: number): NodeKey {
  const { depths, keys } = batch.created;
  const depth = depths[i] as number;
  return { version: batch.version, depth, path: keyPrefix(keys[i] as Uint8Array, depth) };
}

/** The stored form of created node `i` (a view of the batch). */
export function createdNodeBytes(batch: TreeWriteBatch, i: number): Uint8Array {
  const { bytes, ends } = batch.created;
  return bytes.subarray(i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number);
}

/** The key of stale node `i`. */
export function staleNodeKey(batch: TreeWriteBatch, i: number): NodeKey {
  const { versions, depths, keys } = batch.stale;
  const depth = depths[i] as number;
  return { version: versions[i] as number, depth, path: keyPrefix(keys[i] as Uint8Array, depth) };
}

export type TreeUpdateError =
  | { readonly code: 'keys not sorted and unique'; readonly index: number }
  | { readonly code: 'key not 32 bytes'; readonly index: number }
  | { readonly code: 'node missing from the store'; readonly node: string }
  | { readonly code: 'node of the wrong kind in the store'; readonly node: string };

/** Why `updates` cannot be one batch (a key not 32 bytes, keys not sorted ascending and unique), or undefined when they can. */
export function checkTreeUpdates(updates: readonly TreeUpdate[]): TreeUpdateError | undefined {
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i] as TreeUpdate;
    if (u.key.length !== TREE_KEY_BITS / 8) return { code: 'key not 32 bytes', index: i };
    const prev = updates[i - 1];
    if (prev !== undefined && compareBytes(prev.key, u.key) >= 0) return { code: 'keys not sorted and unique', index: i };
  }
  return undefined;
}

/** Thrown inside `applyTreeUpdates` only; returned as a TreeUpdateError value. */
class StoreFault {
  constructor(readonly error: TreeUpdateError) {}
}

/** A leaf's key and value. */
interface LeafData {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/**
 * An updated subtree during the walk: EMPTY, a slot (a reference kept or written by this batch,
 * >= 0), or a loose leaf (a single leaf on its way up, written only where it comes to rest):
 * LOOSE - j for the j-th loose leaf.
 */
type Subtree = number;
const EMPTY = -1;
const LOOSE = -2;

/** The version of an empty subtree (stored nodes are written at versions >= 1). */
const NONE = -1;

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

/** The typed arrays the update grows as it goes. */
type Growable = Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** A typed array of `values`' kind at least `n` long holding its contents (doubled, so appends stay linear). Callers check the length first: this is the slow path. */
function grow<T extends Growable>(values: T, n: number): T {
  const make = values.constructor as new (length: number) => T;
  const out = new make(Math.max(n, 2 * values.length));
  (out as Uint8Array<ArrayBuffer>).set(values as Uint8Array<ArrayBuffer>);
  return out;
}

/**
 * Copies the 32-byte hash at word `fromAt` of `from` to word `toAt` of `to` (8 words: the slots',
 * the packed halves' and the digests' hashes are 4-byte aligned).
 * @inOut to
 */
function copyHashWords(from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
  for (let i = 0; i < 8; i++) to[toAt + i] = from[fromAt + i] as number;
}

/**
 * Scratch memory for `applyTreeUpdates`, kept by a caller that applies batch after batch (a block's
 * delta each): the typed arrays a batch fills, grown when one needs more and reused by the next.
 * Without one, every batch allocates its own, tens of megabytes at millions of coins, which V8
 * counts as external memory and answers with collections of the whole heap (docs/BENCHMARKS.md,
 * "UTXO tree: a workspace for the batch update"). A batch written into a workspace lends its
 * arrays: it is valid until the workspace's next use, so apply it to the store first.
 */
export interface TreeUpdateWorkspace {
  hashes: Uint8Array<ArrayBuffer>;
  versions: Float64Array<ArrayBuffer>;
  leafFlags: Uint8Array<ArrayBuffer>;
  counts: Float64Array<ArrayBuffer>;
  sizes: Float64Array<ArrayBuffer>;
  createdBytes: Uint8Array<ArrayBuffer>;
  createdEnds: Float64Array<ArrayBuffer>;
  createdDepths: Uint16Array<ArrayBuffer>;
  staleVersions: Float64Array<ArrayBuffer>;
  staleDepths: Uint16Array<ArrayBuffer>;
  staleReplaced: Uint8Array<ArrayBuffer>;
  internalSlots: Int32Array<ArrayBuffer>;
  internalChildren: Int32Array<ArrayBuffer>;
  internalDepths: Uint16Array<ArrayBuffer>;
  internalAt: Float64Array<ArrayBuffer>;
  /** The second pass's packed halves (64 bytes per node of one depth) and depth order. */
  halves: Int32Array<ArrayBuffer>;
  order: Int32Array<ArrayBuffer>;
}

/** An empty workspace (its arrays grow with the first batch). */
export function treeUpdateWorkspace(): TreeUpdateWorkspace {
  return {
    hashes: new Uint8Array(0),
    versions: new Float64Array(0),
    leafFlags: new Uint8Array(0),
    counts: new Float64Array(0),
    sizes: new Float64Array(0),
    createdBytes: new Uint8Array(0),
    createdEnds: new Float64Array(0),
    createdDepths: new Uint16Array(0),
    staleVersions: new Float64Array(0),
    staleDepths: new Uint16Array(0),
    staleReplaced: new Uint8Array(0),
    internalSlots: new Int32Array(0),
    internalChildren: new Int32Array(0),
    internalDepths: new Uint16Array(0),
    internalAt: new Float64Array(0),
    halves: new Int32Array(0),
    order: new Int32Array(0),
  };
}

/** `values` when it holds at least `n` entries, else a new zeroed array of its kind with `n` (its contents not kept: a batch's arrays start unused). */
function atLeast<T extends Growable>(values: T, n: number): T {
  if (values.length >= n) return values;
  const make = values.constructor as new (length: number) => T;
  return new make(n);
}

/** About how many nodes a batch of `n` updates writes in a tree of `count` leaves: each path below the levels the batch shares (log2 n), and those levels. */
function expectedNodes(n: number, count: number): number {
  const depth = Math.ceil(Math.log2(count + n + 1));
  const shared = Math.ceil(Math.log2(n + 1));
  return 64 + n * Math.max(4, depth - shared + 4) + 2 ** (shared + 1);
}

/**
 * Applies `updates` (keys sorted ascending and unique) to the tree whose root is `root`, writing
 * new nodes at `version` (greater than every version already in the store). Deleting an absent
 * key and setting a key to its current value are allowed (the latter rewrites its path).
 *
 * Two passes: the first walks the changed paths and decides every new node's place and children
 * (a leaf whose sibling subtree empties moves up and is written once, where it comes to rest); the
 * second hashes the new nodes, leaves first, then each depth from the deepest up, one batch per
 * depth (every child of a node at depth d is at depth d + 1), in SIMD lanes where WebAssembly runs,
 * and writes each internal node's stored form once its children's hashes are known.
 *
 * `workspace` (treeUpdateWorkspace) lends its arrays to the batch and keeps them grown for the
 * next; without one the batch has arrays of its own.
 * @inOut workspace
 */
export function applyTreeUpdates(
  source: TreeNodeSource,
  root: ChildRef | undefined,
  version: number,
  updates: readonly TreeUpdate[],
  workspace: TreeUpdateWorkspace = treeUpdateWorkspace(),
): Result<TreeWriteBatch, TreeUpdateError> {
  const refused = checkTreeUpdates(updates);
  if (refused !== undefined) return err(refused);
  const previous = new Map<string, Uint8Array>();
  if (updates.length === 0) {
    const none = { count: 0, depths: new Uint16Array(0), keys: [] };
    return ok({ version, root, previous, created: { ...none, bytes: new Uint8Array(0), ends: new Float64Array(0) }, stale: { ...none, versions: new Float64Array(0), replaced: new Uint8Array(0) } });
  }
  const read = source.readEncoded;

  const expected = expectedNodes(updates.length, root?.count ?? 0);
  // Slots: one per child reference the walk holds (read from a stored node, or written here).
  let slotCount = 0;
  // Every slot array has versions.length entries.
  let versions = atLeast(workspace.versions, 2 * expected);
  let hashes = atLeast(workspace.hashes, 32 * versions.length);
  let hashWords = new Int32Array(hashes.buffer);
  let leafFlags = atLeast(workspace.leafFlags, versions.length);
  let counts = atLeast(workspace.counts, versions.length);
  let sizes = atLeast(workspace.sizes, versions.length);
  const newSlot = (): number => {
    if (slotCount === versions.length) {
      // Every slot array has versions.length entries: all double together.
      hashes = grow(hashes, 64 * slotCount);
      hashWords = new Int32Array(hashes.buffer);
      versions = grow(versions, 2 * slotCount);
      counts = grow(counts, 2 * slotCount);
      sizes = grow(sizes, 2 * slotCount);
      leafFlags = grow(leafFlags, 2 * slotCount);
    }
    return slotCount++;
  };
  /** A slot from a stored child record at bytes[at]. */
  const loadChild = (bytes: Uint8Array, at: number): number => {
    const s = newSlot();
    copyBytes(bytes, at, hashes, 32 * s, 32);
    versions[s] = readU64le(bytes, at + CHILD_VERSION_AT);
    leafFlags[s] = bytes[at + CHILD_IS_LEAF_AT] === 1 ? 1 : 0;
    counts[s] = readU64le(bytes, at + CHILD_COUNT_AT);
    sizes[s] = readU64le(bytes, at + CHILD_VALUE_BYTES_AT);
    return s;
  };
  // The write batch, packed.
  let createdCount = 0;
  let createdBytes = atLeast(workspace.createdBytes, 100 * expected);
  let createdEnds = atLeast(workspace.createdEnds, expected);
  let createdDepths = atLeast(workspace.createdDepths, createdEnds.length);
  const createdKeys: Uint8Array[] = [];
  /** Reserves the stored form of a new node at depth `depth` on the path of `key`; returns where its bytes start. */
  const reserveCreated = (depth: number, key: Uint8Array, length: number): number => {
    const start = createdCount === 0 ? 0 : (createdEnds[createdCount - 1] as number);
    if (start + length > createdBytes.length) createdBytes = grow(createdBytes, start + length);
    if (createdCount + 1 > createdEnds.length) createdEnds = grow(createdEnds, createdCount + 1);
    if (createdCount + 1 > createdDepths.length) createdDepths = grow(createdDepths, createdCount + 1);
    createdEnds[createdCount] = start + length;
    createdDepths[createdCount] = depth;
    createdKeys.push(key);
    createdCount++;
    return start;
  };

  let staleCount = 0;
  let staleVersions = atLeast(workspace.staleVersions, expected);
  let staleDepths = atLeast(workspace.staleDepths, staleVersions.length);
  const staleKeys: Uint8Array[] = [];
  let staleReplaced = atLeast(workspace.staleReplaced, staleVersions.length);

  // The second pass's work: new leaves (slot and data), and new internal nodes (slot, children,
  // depth, where the stored form starts) in typed arrays like the rest of the batch's work.
  const leafSlots: number[] = [];
  const newLeaves: LeafData[] = [];
  let internalCount = 0;
  let internalSlots = atLeast(workspace.internalSlots, expected);
  let internalChildren = atLeast(workspace.internalChildren, 2 * internalSlots.length);
  let internalDepths = atLeast(workspace.internalDepths, internalSlots.length);
  let internalAt = atLeast(workspace.internalAt, internalSlots.length);
  const loose: LeafData[] = [];
  const looseLeaf = (leaf: LeafData): Subtree => {
    loose.push(leaf);
    return LOOSE - (loose.length - 1);
  };

  /** A key on the path of the child on side `bit` of a node at `depth` whose path `key` is on (a new array: the batch keeps it as the stale leaf's key). */
  const onSide = (key: Uint8Array, depth: number, bit: number): Uint8Array => {
    const out = new Uint8Array(32);
    copyBytes(key, 0, out, 0, 32);
    const mask = 0x80 >> (depth & 7);
    out[depth >> 3] = bit === 1 ? (out[depth >> 3] as number) | mask : (out[depth >> 3] as number) & ~mask;
    return out;
  };

  /**
   * Takes the stored node written at `version` at `depth` on the path of `key` out of the tree
   * and returns its stored form, valid until the next read (every node read here is of an older
   * version: this batch never reads what it writes).
   */
  const retire = (version: number, depth: number, key: Uint8Array, tag: number): NodeBytes => {
    const found = read(version, depth, key);
    const where = (): string => formatNodeKey({ version, depth, path: keyPrefix(key, depth) });
    if (found === undefined || !isEncodedNode(found.bytes, found.start, found.end)) throw new StoreFault({ code: 'node missing from the store', node: where() });
    if (found.bytes[found.start] !== tag) throw new StoreFault({ code: 'node of the wrong kind in the store', node: where() });
    if (staleCount + 1 > staleVersions.length) staleVersions = grow(staleVersions, staleCount + 1);
    if (staleCount + 1 > staleDepths.length) staleDepths = grow(staleDepths, staleCount + 1);
    if (staleCount + 1 > staleReplaced.length) staleReplaced = grow(staleReplaced, staleCount + 1);
    staleVersions[staleCount] = version;
    staleDepths[staleCount] = depth;
    staleReplaced[staleCount] = 0; // a workspace's array holds the last batch's flags
    staleKeys.push(key);
    staleCount++;
    return found;
  };
  /** Retires a stored leaf and returns a copy of its key and value. */
  const retireLeaf = (version: number, depth: number, key: Uint8Array): LeafData => {
    const { bytes, start, end } = retire(version, depth, key, LEAF_NODE_TAG);
    const leafKey = new Uint8Array(32);
    copyBytes(bytes, start + 1, leafKey, 0, 32);
    const value = new Uint8Array(end - start - 33);
    copyBytes(bytes, start + 33, value, 0, value.length);
    return { key: leafKey, value };
  };

  const writeLeaf = (depth: number, leaf: LeafData): number => {
    const s = newSlot();
    versions[s] = version;
    leafFlags[s] = 1;
    counts[s] = 1;
    sizes[s] = leaf.value.length;
    const at = reserveCreated(depth, leaf.key, 33 + leaf.value.length);
    createdBytes[at] = LEAF_NODE_TAG;
    copyBytes(leaf.key, 0, createdBytes, at + 1, 32);
    copyBytes(leaf.value, 0, createdBytes, at + 33, leaf.value.length);
    leafSlots.push(s);
    newLeaves.push(leaf);
    return s;
  };
  const writeInternal = (depth: number, key: Uint8Array, left: number, right: number): number => {
    const s = newSlot();
    versions[s] = version;
    leafFlags[s] = 0;
    counts[s] = (left === EMPTY ? 0 : (counts[left] as number)) + (right === EMPTY ? 0 : (counts[right] as number));
    sizes[s] = (left === EMPTY ? 0 : (sizes[left] as number)) + (right === EMPTY ? 0 : (sizes[right] as number));
    const at = reserveCreated(depth, key, 2 + CHILD_RECORD_BYTES * ((left === EMPTY ? 0 : 1) + (right === EMPTY ? 0 : 1)));
    if (internalCount === internalSlots.length) {
      internalSlots = grow(internalSlots, 2 * internalCount);
      internalChildren = grow(internalChildren, 4 * internalCount);
      internalDepths = grow(internalDepths, 2 * internalCount);
      internalAt = grow(internalAt, 2 * internalCount);
    }
    internalSlots[internalCount] = s;
    internalChildren[2 * internalCount] = left;
    internalChildren[2 * internalCount + 1] = right;
    internalDepths[internalCount] = depth;
    internalAt[internalCount] = at;
    internalCount++;
    return s;
  };

  /** A subtree at rest at `depth`: a loose leaf is written there (its own key is on the path). */
  const place = (depth: number, t: Subtree): number => (t <= LOOSE ? writeLeaf(depth, loose[LOOSE - t] as LeafData) : t);

  /**
   * The node at `depth` on the path of `key` over two updated halves, by the shape rule: two
   * empty halves vanish, a single leaf beside an empty half moves up (a stored one is read and
   * retired below), anything else is an internal node.
   */
  const join = (depth: number, key: Uint8Array, left: Subtree, right: Subtree): Subtree => {
    if (left === EMPTY && right === EMPTY) return EMPTY;
    if (left === EMPTY || right === EMPTY) {
      const side = left === EMPTY ? 1 : 0;
      const lone = left === EMPTY ? right : left;
      if (lone <= LOOSE) return lone;
      if (leafFlags[lone] === 1) return looseLeaf(retireLeaf(versions[lone] as number, depth + 1, onSide(key, depth, side)));
    }
    const l = left === EMPTY ? EMPTY : place(depth + 1, left);
    const r = right === EMPTY ? EMPTY : place(depth + 1, right);
    return writeInternal(depth, key, l, r);
  };

  /** The subtree of exactly these leaves (sorted, unique, sharing the node's path). */
  const build = (depth: number, leaves: readonly LeafData[], lo: number, hi: number): Subtree => {
    if (hi === lo) return EMPTY;
    if (hi - lo === 1) return looseLeaf(leaves[lo] as LeafData);
    const mid = splitAt(leaves, lo, hi, depth);
    const left = mid === lo ? EMPTY : build(depth + 1, leaves, lo, mid);
    const right = mid === hi ? EMPTY : build(depth + 1, leaves, mid, hi);
    return join(depth, (leaves[lo] as LeafData).key, left, right);
  };

  /** The leaves a set of updates leaves in a subtree that held `existing` (or nothing). */
  const mergeLeaves = (existing: LeafData | undefined, lo: number, hi: number): LeafData[] => {
    const out: LeafData[] = [];
    let placed = existing === undefined;
    for (let i = lo; i < hi; i++) {
      const u = updates[i] as TreeUpdate;
      if (!placed && existing !== undefined) {
        const order = compareBytes(existing.key, u.key);
        if (order < 0) out.push(existing);
        if (order === 0) previous.set(toHex(existing.key), existing.value);
        if (order <= 0) placed = true;
      }
      if (u.value !== undefined) out.push({ key: u.key, value: u.value });
    }
    if (!placed && existing !== undefined) out.push(existing);
    return out;
  };

  /**
   * The subtree after updates [lo, hi) (at least one) of the stored subtree at `depth` written at
   * `version` (NONE: an empty subtree), a single leaf when `isLeaf`.
   */
  const update = (depth: number, version: number, isLeaf: boolean, lo: number, hi: number): Subtree => {
    // Every key in [lo, hi) is on this node's path.
    const key = (updates[lo] as TreeUpdate).key;
    if (version === NONE || isLeaf) {
      const leaf = version === NONE ? undefined : retireLeaf(version, depth, key);
      const leaves = mergeLeaves(leaf, lo, hi);
      return build(depth, leaves, 0, leaves.length);
    }
    const { bytes, start } = retire(version, depth, key, INTERNAL_NODE_TAG);
    const staleIndex = staleCount - 1;
    const mask = bytes[start + 1] as number;
    const hasLeft = (mask & 1) !== 0;
    const hasRight = (mask & 2) !== 0;
    const leftAt = start + 2;
    const rightAt = start + 2 + (hasLeft ? CHILD_RECORD_BYTES : 0);
    const mid = splitAt(updates, lo, hi, depth);
    // Everything needed from the record is taken before the next read reuses it: a side without
    // updates keeps its reference (a slot), the other side's version and kind are read to descend.
    const keptLeft = mid === lo && hasLeft ? loadChild(bytes, leftAt) : EMPTY;
    const keptRight = mid === hi && hasRight ? loadChild(bytes, rightAt) : EMPTY;
    const leftVersion = hasLeft ? readU64le(bytes, leftAt + CHILD_VERSION_AT) : NONE;
    const leftIsLeaf = hasLeft && bytes[leftAt + CHILD_IS_LEAF_AT] === 1;
    const rightVersion = hasRight ? readU64le(bytes, rightAt + CHILD_VERSION_AT) : NONE;
    const rightIsLeaf = hasRight && bytes[rightAt + CHILD_IS_LEAF_AT] === 1;
    const left = mid === lo ? keptLeft : update(depth + 1, leftVersion, leftIsLeaf, lo, mid);
    const right = mid === hi ? keptRight : update(depth + 1, rightVersion, rightIsLeaf, mid, hi);
    const joined = join(depth, key, left, right);
    // A slot from join is the internal node it wrote here: at the retired node's position.
    if (joined >= 0) staleReplaced[staleIndex] = 1;
    return joined;
  };

  /** The second pass: every new node's hash, children before parents; an internal node's stored form once its children's hashes are known. */
  const hashNewNodes = (): void => {
    const leafDigests = leafHashes(newLeaves);
    const leafWords = new Int32Array(leafDigests.buffer, leafDigests.byteOffset, leafDigests.length >> 2);
    for (let i = 0; i < leafSlots.length; i++) copyHashWords(leafWords, 8 * i, hashWords, 8 * (leafSlots[i] as number));
    // The new internal nodes ordered by depth, deepest first (a counting sort).
    const starts = new Int32Array(TREE_KEY_BITS + 2);
    for (let i = 0; i < internalCount; i++) {
      const group = TREE_KEY_BITS - (internalDepths[i] as number);
      starts[group + 1] = (starts[group + 1] as number) + 1;
    }
    for (let d = 1; d <= TREE_KEY_BITS + 1; d++) starts[d] = (starts[d] as number) + (starts[d - 1] as number);
    const order = (workspace.order = atLeast(workspace.order, internalCount));
    // The batch's stored forms are all reserved by now: one view over them for the child records.
    const view = new DataView(createdBytes.buffer, createdBytes.byteOffset, createdBytes.byteLength);
    /** Writes slot `s` as a child record at createdBytes[at] (a new internal node's stored form). */
    const storeChild = (s: number, at: number): void => {
      // The hash as eight 32-bit words (the record is not 4-byte aligned: a DataView writes them anyway).
      for (let i = 0; i < 8; i++) view.setInt32(at + 4 * i, hashWords[8 * s + i] as number, true);
      writeU64leView(view, at + CHILD_VERSION_AT, versions[s] as number);
      view.setUint8(at + CHILD_IS_LEAF_AT, leafFlags[s] as number);
      writeU64leView(view, at + CHILD_COUNT_AT, counts[s] as number);
      writeU64leView(view, at + CHILD_VALUE_BYTES_AT, sizes[s] as number);
    };
    const fill = starts.slice(0, TREE_KEY_BITS + 1);
    for (let i = 0; i < internalCount; i++) {
      const group = TREE_KEY_BITS - (internalDepths[i] as number);
      const at = fill[group] as number;
      order[at] = i;
      fill[group] = at + 1;
    }
    for (let group = 0; group <= TREE_KEY_BITS; group++) {
      const first = starts[group] as number;
      const n = (starts[group + 1] as number) - first;
      if (n === 0) continue;
      const halves = (workspace.halves = atLeast(workspace.halves, 16 * n));
      for (let i = 0; i < n; i++) {
        const job = order[first + i] as number;
        const left = internalChildren[2 * job] as number;
        const right = internalChildren[2 * job + 1] as number;
        // An empty half hashes as 32 zero bytes (EMPTY_SUBTREE_HASH).
        if (left !== EMPTY) copyHashWords(hashWords, 8 * left, halves, 16 * i);
        else halves.fill(0, 16 * i, 16 * i + 8);
        if (right !== EMPTY) copyHashWords(hashWords, 8 * right, halves, 16 * i + 8);
        else halves.fill(0, 16 * i + 8, 16 * i + 16);
      }
      const digests = internalHashesPacked(new Uint8Array(halves.buffer, 0, 64 * n));
      const digestWords = new Int32Array(digests.buffer, digests.byteOffset, digests.length >> 2);
      for (let i = 0; i < n; i++) {
        const job = order[first + i] as number;
        const left = internalChildren[2 * job] as number;
        const right = internalChildren[2 * job + 1] as number;
        const at = internalAt[job] as number;
        copyHashWords(digestWords, 8 * i, hashWords, 8 * (internalSlots[job] as number));
        createdBytes[at] = INTERNAL_NODE_TAG;
        createdBytes[at + 1] = (left === EMPTY ? 0 : 1) | (right === EMPTY ? 0 : 2);
        if (left !== EMPTY) storeChild(left, at + 2);
        if (right !== EMPTY) storeChild(right, at + 2 + (left === EMPTY ? 0 : CHILD_RECORD_BYTES));
      }
    }
  };

  const refOf = (s: number): ChildRef => ({
    hash: hashes.slice(32 * s, 32 * s + 32),
    version: versions[s] as number,
    isLeaf: leafFlags[s] === 1,
    count: counts[s] as number,
    valueBytes: sizes[s] as number,
  });

  try {
    const top = update(0, root === undefined ? NONE : root.version, root?.isLeaf === true, 0, updates.length);
    const next = top === EMPTY ? undefined : place(0, top);
    hashNewNodes();
    return ok({
      version,
      root: next === undefined ? undefined : refOf(next),
      previous,
      created: { count: createdCount, bytes: createdBytes, ends: createdEnds, depths: createdDepths, keys: createdKeys },
      stale: { count: staleCount, versions: staleVersions, depths: staleDepths, keys: staleKeys, replaced: staleReplaced },
    });
  } catch (e) {
    if (e instanceof StoreFault) return err(e.error);
    throw e;
  } finally {
    // The arrays as grown, for the workspace's next batch.
    workspace.hashes = hashes;
    workspace.versions = versions;
    workspace.leafFlags = leafFlags;
    workspace.counts = counts;
    workspace.sizes = sizes;
    workspace.createdBytes = createdBytes;
    workspace.createdEnds = createdEnds;
    workspace.createdDepths = createdDepths;
    workspace.staleVersions = staleVersions;
    workspace.staleDepths = staleDepths;
    workspace.staleReplaced = staleReplaced;
    workspace.internalSlots = internalSlots;
    workspace.internalChildren = internalChildren;
    workspace.internalDepths = internalDepths;
    workspace.internalAt = internalAt;
  }
}
