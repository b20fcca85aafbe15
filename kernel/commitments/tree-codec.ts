/**
 * The stored form of the authenticated UTXO tree's nodes and keys (SPEC.md §8.2), which the
 * stores keep (shell/commitments: the memory store's arena, LMDB) and the batch update
 * (tree-update.ts) reads and writes without decoding into objects. Keys sort by version, then
 * depth, then path, so a version's nodes are contiguous.
 *
 *   key:      u64be version ‖ u16be depth ‖ ceil(depth/8) path bytes
 *   leaf:     0x00 ‖ 32-byte key ‖ value
 *   internal: 0x01 ‖ u8 children (bit 0 left, bit 1 right) ‖ per child present, left first, a
 *             child record: 32-byte hash ‖ u64le version ‖ u8 isLeaf ‖ u64le count ‖ u64le value bytes
 *
 * The u64 fields hold integers below 2^53 (versions, counts and byte totals are JavaScript
 * numbers); they are read and written as two 32-bit halves, without BigInt.
 * Tests: test/commitments/lmdb-tree-store.test.ts (round trips, corrupted nodes).
 */
import { readU32le, writeU32le } from '../encoding/little-endian.js';
import { type ChildRef, type NodeKey, type TreeNode, TREE_KEY_BITS, keyPrefix } from './tree-node.js';

/** The first byte of a stored leaf. */
export const LEAF_NODE_TAG = 0;
/** The first byte of a stored internal node. */
export const INTERNAL_NODE_TAG = 1;
/** A child record's length: hash, version, isLeaf, count, value bytes. */
export const CHILD_RECORD_BYTES = 32 + 8 + 1 + 8 + 8;
/** Offsets inside a child record. */
export const CHILD_VERSION_AT = 32;
export const CHILD_IS_LEAF_AT = 40;
export const CHILD_COUNT_AT = 41;
export const CHILD_VALUE_BYTES_AT = 49;

const TWO_32 = 2 ** 32;

/**
 * Writes a stored key's first 10 bytes: u64be version, u16be depth.
 * @inOut out
 */
function writeKeyHead(out: Uint8Array, version: number, depth: number): void {
  const hi = Math.floor(version / TWO_32);
  const lo = version % TWO_32;
  out[0] = hi >>> 24;
  out[1] = (hi >>> 16) & 0xff;
  out[2] = (hi >>> 8) & 0xff;
  out[3] = hi & 0xff;
  out[4] = lo >>> 24;
  out[5] = (lo >>> 16) & 0xff;
  out[6] = (lo >>> 8) & 0xff;
  out[7] = lo & 0xff;
  out[8] = depth >>> 8;
  out[9] = depth & 0xff;
}

/**
 * Whether `key` is a node key as NodeKey describes it: a version that is a non-negative safe
 * integer, an integer depth in [0, 256] and ceil(depth / 8) path bytes. Stores answer a malformed
 * key with no node (the memory stores check it; a key the tree builds is always well formed).
 */
export function isWellFormedNodeKey(key: NodeKey): boolean {
  return Number.isSafeInteger(key.version) && key.version >= 0 && Number.isInteger(key.depth) && key.depth >= 0 && key.depth <= TREE_KEY_BITS && key.path.length === (key.depth + 7) >> 3;
}

/** A node key's stored form. */
export function encodeNodeKey(key: NodeKey): Uint8Array {
  const out = new Uint8Array(10 + key.path.length);
  writeKeyHead(out, key.version, key.depth);
  out.set(key.path, 10);
  return out;
}

/** The stored key of the node written at `version` at depth `depth` on the path of `key` (its first `depth` bits; any 32-byte key under the node). */
export function encodeNodeKeyOnPath(version: number, depth: number, key: Uint8Array): Uint8Array {
  return encodeNodeKey({ version, depth, path: keyPrefix(key, depth) });
}

/**
 * u64le(n) for an integer 0 <= n < 2^53, written into `out` at `at` as two 32-bit halves.
 * @inOut out
 */
export function writeU64le(out: Uint8Array, at: number, n: number): void {
  const hi = Math.floor(n / TWO_32);
  // n - hi * 2^32 is n mod 2^32, exact below 2^53 (a floating-point `%` costs more in the batch update's loop).
  writeU32le(out, writeU32le(out, at, n - hi * TWO_32), hi);
}

/**
 * writeU64le through a DataView: two 32-bit stores (the batch update's child records, which are
 * not 4-byte aligned, are written this way; docs/BENCHMARKS.md, "UTXO tree: a workspace for the
 * batch update").
 * @inOut view
 */
export function writeU64leView(view: DataView, at: number, n: number): void {
  const hi = Math.floor(n / TWO_32);
  view.setUint32(at, n - hi * TWO_32, true);
  view.setUint32(at + 4, hi, true);
}

/** u64le at bytes[at] as a number (exact below 2^53). */
export function readU64le(bytes: Uint8Array, at: number): number {
  return readU32le(bytes, at) + readU32le(bytes, at + 4) * TWO_32;
}

/**
 * A child record written into `out` at `at`.
 * @inOut out
 */
function writeChild(out: Uint8Array, at: number, c: ChildRef): void {
  out.set(c.hash, at);
  writeU64le(out, at + CHILD_VERSION_AT, c.version);
  out[at + CHILD_IS_LEAF_AT] = c.isLeaf ? 1 : 0;
  writeU64le(out, at + CHILD_COUNT_AT, c.count);
  writeU64le(out, at + CHILD_VALUE_BYTES_AT, c.valueBytes);
}

/**
 * Copies `n` bytes from `from[fromAt]` to `to[toAt]` (`from` and `to` distinct arrays, or ranges
 * that do not overlap): a loop, since a `subarray` view per copy of a node's hundred bytes costs
 * more than the copy and is garbage at once.
 * @inOut to
 */
export function copyBytes(from: Uint8Array, fromAt: number, to: Uint8Array, toAt: number, n: number): void {
  for (let i = 0; i < n; i++) to[toAt + i] = from[fromAt + i] as number;
}

/** A plain Uint8Array copy of bytes[start, end) (also when `bytes` is a Node Buffer, whose own slice is a view). */
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out;
}

function readChild(bytes: Uint8Array, at: number): ChildRef {
  return {
    hash: copyOf(bytes, at, at + 32),
    version: readU64le(bytes, at + CHILD_VERSION_AT),
    isLeaf: bytes[at + CHILD_IS_LEAF_AT] === 1,
    count: readU64le(bytes, at + CHILD_COUNT_AT),
    valueBytes: readU64le(bytes, at + CHILD_VALUE_BYTES_AT),
  };
}

/** The length of a node's stored form. */
function encodedNodeLength(node: TreeNode): number {
  if (node.kind === 'leaf') return 33 + node.value.length;
  return 2 + CHILD_RECORD_BYTES * ((node.left === undefined ? 0 : 1) + (node.right === undefined ? 0 : 1));
}

/**
 * Writes a node's stored form at `out[at]` (encodedNodeLength(node) bytes).
 * @inOut out
 */
function encodeNodeInto(node: TreeNode, out: Uint8Array, at: number): void {
  if (node.kind === 'leaf') {
    out[at] = LEAF_NODE_TAG;
    out.set(node.key, at + 1);
    out.set(node.value, at + 33);
    return;
  }
  out[at] = INTERNAL_NODE_TAG;
  out[at + 1] = (node.left === undefined ? 0 : 1) | (node.right === undefined ? 0 : 2);
  if (node.left !== undefined) writeChild(out, at + 2, node.left);
  if (node.right !== undefined) writeChild(out, at + 2 + (node.left === undefined ? 0 : CHILD_RECORD_BYTES), node.right);
}

/** A node's stored form as a new array. */
export function encodeNode(node: TreeNode): Uint8Array {
  const out = new Uint8Array(encodedNodeLength(node));
  encodeNodeInto(node, out, 0);
  return out;
}

/** Whether bytes[start, end) is a well-formed stored node: a leaf with its 32-byte key, or an internal node whose length matches its children mask. */
export function isEncodedNode(bytes: Uint8Array, start: number, end: number): boolean {
  if (bytes[start] === LEAF_NODE_TAG) return end - start >= 33;
  const mask = bytes[start + 1];
  if (bytes[start] !== INTERNAL_NODE_TAG || mask === undefined || mask > 3 || start + 1 >= end) return false;
  return end - start === 2 + CHILD_RECORD_BYTES * ((mask & 1) + ((mask >> 1) & 1));
}

/**
 * Decodes the stored node in `bytes[start, end)`, copying what it keeps (the bytes may be reused
 * later: an arena record, a Buffer over LMDB's memory); undefined when the bytes are no node (a
 * corrupted store).
 */
export function decodeNodeAt(bytes: Uint8Array, start: number, end: number): TreeNode | undefined {
  if (!isEncodedNode(bytes, start, end)) return undefined;
  if (bytes[start] === LEAF_NODE_TAG) return { kind: 'leaf', key: copyOf(bytes, start + 1, start + 33), value: copyOf(bytes, start + 33, end) };
  const mask = bytes[start + 1] as number;
  const left = (mask & 1) !== 0 ? readChild(bytes, start + 2) : undefined;
  const right = (mask & 2) !== 0 ? readChild(bytes, start + 2 + (left === undefined ? 0 : CHILD_RECORD_BYTES)) : undefined;
  if (left === undefined) return { kind: 'internal', right };
  if (right === undefined) return { kind: 'internal', left };
  return { kind: 'internal', left, right };
}

/** Decodes a stored node; undefined when the bytes are no node (a corrupted store). */
export function decodeNode(bytes: Uint8Array): TreeNode | undefined {
  return decodeNodeAt(bytes, 0, bytes.length);
}

/** A root reference (or the empty tree) as stored bytes: empty, or one child record. */
export function encodeRootRef(root: ChildRef | undefined): Uint8Array {
  if (root === undefined) return new Uint8Array(0);
  const out = new Uint8Array(CHILD_RECORD_BYTES);
  writeChild(out, 0, root);
  return out;
}

/** A stored root reference; undefined for the empty tree's (no bytes) or bytes of any other length. */
export function decodeRootRef(bytes: Uint8Array): ChildRef | undefined {
  return bytes.length === CHILD_RECORD_BYTES ? readChild(bytes, 0) : undefined;
}
