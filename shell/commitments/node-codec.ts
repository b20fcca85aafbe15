/**
 * The on-disk form of the authenticated UTXO tree's nodes and keys (SPEC.md §8.2), for the LMDB
 * store. Keys sort by version, then depth, then path, so a version's nodes are contiguous.
 *
 *   key:      u64be version ‖ u16be depth ‖ ceil(depth/8) path bytes
 *   leaf:     0x00 ‖ 32-byte key ‖ value
 *   internal: 0x01 ‖ u8 children (bit 0 left, bit 1 right) ‖ per child present, left first:
 *             32-byte hash ‖ u64le version ‖ u8 isLeaf ‖ u64le count ‖ u64le value bytes
 */
import type { ChildRef, NodeKey, TreeNode } from '../../kernel/commitments/tree-node.js';

const CHILD_SIZE = 32 + 8 + 1 + 8 + 8;

export function encodeNodeKey(key: NodeKey): Uint8Array {
  const out = new Uint8Array(10 + key.path.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(key.version), false);
  view.setUint16(8, key.depth, false);
  out.set(key.path, 10);
  return out;
}

function writeChild(view: DataView, out: Uint8Array, at: number, c: ChildRef): void {
  out.set(c.hash, at);
  view.setBigUint64(at + 32, BigInt(c.version), true);
  view.setUint8(at + 40, c.isLeaf ? 1 : 0);
  view.setBigUint64(at + 41, BigInt(c.count), true);
  view.setBigUint64(at + 49, BigInt(c.valueBytes), true);
}

function readChild(view: DataView, bytes: Uint8Array, at: number): ChildRef {
  return {
    hash: bytes.slice(at, at + 32),
    version: Number(view.getBigUint64(at + 32, true)),
    isLeaf: view.getUint8(at + 40) === 1,
    count: Number(view.getBigUint64(at + 41, true)),
    valueBytes: Number(view.getBigUint64(at + 49, true)),
  };
}

export function encodeNode(node: TreeNode): Uint8Array {
  if (node.kind === 'leaf') {
    const out = new Uint8Array(33 + node.value.length);
    out[0] = 0;
    out.set(node.key, 1);
    out.set(node.value, 33);
    return out;
  }
  const children = [node.left, node.right].filter((c): c is ChildRef => c !== undefined);
  const out = new Uint8Array(2 + CHILD_SIZE * children.length);
  const view = new DataView(out.buffer);
  out[0] = 1;
  out[1] = (node.left === undefined ? 0 : 1) | (node.right === undefined ? 0 : 2);
  children.forEach((c, i) => writeChild(view, out, 2 + i * CHILD_SIZE, c));
  return out;
}

/** Decodes a stored node; undefined when the bytes are no node (a corrupted store). */
export function decodeNode(bytes: Uint8Array): TreeNode | undefined {
  if (bytes[0] === 0 && bytes.length >= 33) return { kind: 'leaf', key: bytes.slice(1, 33), value: bytes.slice(33) };
  const mask = bytes[1];
  if (bytes[0] !== 1 || mask === undefined || mask > 3) return undefined;
  const present = (mask & 1) + ((mask >> 1) & 1);
  if (bytes.length !== 2 + CHILD_SIZE * present) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  const take = (): ChildRef => {
    const c = readChild(view, bytes, at);
    at += CHILD_SIZE;
    return c;
  };
  const left = (mask & 1) !== 0 ? take() : undefined;
  const right = (mask & 2) !== 0 ? take() : undefined;
  return { kind: 'internal', ...(left === undefined ? {} : { left }), ...(right === undefined ? {} : { right }) };
}

/** A root reference (or the empty tree) as stored bytes: empty, or one child record. */
export function encodeRootRef(root: ChildRef | undefined): Uint8Array {
  if (root === undefined) return new Uint8Array(0);
  const out = new Uint8Array(CHILD_SIZE);
  writeChild(new DataView(out.buffer), out, 0, root);
  return out;
}

export function decodeRootRef(bytes: Uint8Array): ChildRef | undefined {
  return bytes.length === CHILD_SIZE ? readChild(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes, 0) : undefined;
}
