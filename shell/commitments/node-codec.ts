/**
 * The stored form of the authenticated UTXO tree's nodes and keys (SPEC.md §8.2), for the LMDB
 * store and the memory store's arena. Keys sort by version, then depth, then path, so a version's
 * nodes are contiguous.
 *
 *   key:      u64be version ‖ u16be depth ‖ ceil(depth/8) path bytes
 *   leaf:     0x00 ‖ 32-byte key ‖ value
 *   internal: 0x01 ‖ u8 children (bit 0 left, bit 1 right) ‖ per child present, left first:
 *             32-byte hash ‖ u64le version ‖ u8 isLeaf ‖ u64le count ‖ u64le value bytes
 *
 * The u64 fields hold integers below 2^53 (versions, counts and byte totals are JavaScript
 * numbers); they are read and written as two 32-bit halves, without BigInt.
 */
import type { ChildRef, NodeKey, TreeNode } from '../../kernel/commitments/tree-node.js';

const CHILD_SIZE = 32 + 8 + 1 + 8 + 8;
const TWO_32 = 2 ** 32;

export function encodeNodeKey(key: NodeKey): Uint8Array {
  const out = new Uint8Array(10 + key.path.length);
  const hi = Math.floor(key.version / TWO_32);
  const lo = key.version % TWO_32;
  out[0] = hi >>> 24;
  out[1] = (hi >>> 16) & 0xff;
  out[2] = (hi >>> 8) & 0xff;
  out[3] = hi & 0xff;
  out[4] = lo >>> 24;
  out[5] = (lo >>> 16) & 0xff;
  out[6] = (lo >>> 8) & 0xff;
  out[7] = lo & 0xff;
  out[8] = key.depth >>> 8;
  out[9] = key.depth & 0xff;
  out.set(key.path, 10);
  return out;
}

function writeU64le(out: Uint8Array, at: number, n: number): void {
  const lo = n % TWO_32;
  const hi = Math.floor(n / TWO_32);
  out[at] = lo & 0xff;
  out[at + 1] = (lo >>> 8) & 0xff;
  out[at + 2] = (lo >>> 16) & 0xff;
  out[at + 3] = lo >>> 24;
  out[at + 4] = hi & 0xff;
  out[at + 5] = (hi >>> 8) & 0xff;
  out[at + 6] = (hi >>> 16) & 0xff;
  out[at + 7] = hi >>> 24;
}

function readU32le(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

function readU64le(bytes: Uint8Array, at: number): number {
  return readU32le(bytes, at) + readU32le(bytes, at + 4) * TWO_32;
}

function writeChild(out: Uint8Array, at: number, c: ChildRef): void {
  out.set(c.hash, at);
  writeU64le(out, at + 32, c.version);
  out[at + 40] = c.isLeaf ? 1 : 0;
  writeU64le(out, at + 41, c.count);
  writeU64le(out, at + 49, c.valueBytes);
}

/** A plain Uint8Array copy of bytes[start, end), also when `bytes` is a Buffer (whose own slice is a view). */
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (!Buffer.isBuffer(bytes)) return bytes.slice(start, end);
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out;
}

function readChild(bytes: Uint8Array, at: number): ChildRef {
  return {
    hash: copyOf(bytes, at, at + 32),
    version: readU64le(bytes, at + 32),
    isLeaf: bytes[at + 40] === 1,
    count: readU64le(bytes, at + 41),
    valueBytes: readU64le(bytes, at + 49),
  };
}

/** The length of a node's stored form. */
export function encodedNodeLength(node: TreeNode): number {
  if (node.kind === 'leaf') return 33 + node.value.length;
  return 2 + CHILD_SIZE * ((node.left === undefined ? 0 : 1) + (node.right === undefined ? 0 : 1));
}

/** Writes a node's stored form at `out[at]` (encodedNodeLength(node) bytes). */
export function encodeNodeInto(node: TreeNode, out: Uint8Array, at: number): void {
  if (node.kind === 'leaf') {
    out[at] = 0;
    out.set(node.key, at + 1);
    out.set(node.value, at + 33);
    return;
  }
  out[at] = 1;
  out[at + 1] = (node.left === undefined ? 0 : 1) | (node.right === undefined ? 0 : 2);
  if (node.left !== undefined) writeChild(out, at + 2, node.left);
  if (node.right !== undefined) writeChild(out, at + 2 + (node.left === undefined ? 0 : CHILD_SIZE), node.right);
}

export function encodeNode(node: TreeNode): Uint8Array {
  const out = new Uint8Array(encodedNodeLength(node));
  encodeNodeInto(node, out, 0);
  return out;
}

/**
 * Decodes the stored node in `bytes[start, end)`, copying what it keeps (the bytes may be reused
 * later: an arena record, a Buffer over LMDB's memory); undefined when the bytes are no node (a
 * corrupted store).
 */
export function decodeNodeAt(bytes: Uint8Array, start: number, end: number): TreeNode | undefined {
  if (bytes[start] === 0 && end - start >= 33) return { kind: 'leaf', key: copyOf(bytes, start + 1, start + 33), value: copyOf(bytes, start + 33, end) };
  const mask = bytes[start + 1];
  if (bytes[start] !== 1 || mask === undefined || mask > 3 || start + 1 >= end) return undefined;
  const present = (mask & 1) + ((mask >> 1) & 1);
  if (end - start !== 2 + CHILD_SIZE * present) return undefined;
  const left = (mask & 1) !== 0 ? readChild(bytes, start + 2) : undefined;
  const right = (mask & 2) !== 0 ? readChild(bytes, start + 2 + (left === undefined ? 0 : CHILD_SIZE)) : undefined;
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
  const out = new Uint8Array(CHILD_SIZE);
  writeChild(out, 0, root);
  return out;
}

export function decodeRootRef(bytes: Uint8Array): ChildRef | undefined {
  return bytes.length === CHILD_SIZE ? readChild(bytes, 0) : undefined;
}
