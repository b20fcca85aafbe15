/**
 * UTXO chunks (SPEC.md §8.4): the set split by key prefix into pieces of at most 3,900,000 bytes encoded,
 * each carrying the proof that it is exactly the prefix's subtree of the committed tree, so a
 * receiver checks every chunk on arrival and knows which peer sent a bad one. The encoding is
 * fixed and every length in it is checked against a cap and the bytes left before anything is
 * allocated from it; decoding failures name the field and offset.
 */
import { compactSizeWidth, decodeCompactSize } from '../encoding/compact-size.js';
import { ByteWriter } from '../encoding/writer.js';
import { type Result, err, ok } from '../result.js';
import {
  type ChildRef,
  type LeafNode,
  type NodeLookup,
  type TreeSibling,
  EMPTY_SUMMARY,
  TREE_KEY_BITS,
  childPath,
  keyPrefix,
} from './tree-node.js';
import { type TreeReadError, proveTreePrefix, treeLeavesWithPrefix } from './tree-proof.js';

/** The largest encoded chunk: 3,900,000 bytes, under 4 MiB and small enough for one P2P message (Core's 4,000,000-byte limit). */
export const MAX_CHUNK_BYTES = 3_900_000;
/** The largest leaf value: a coin's TxOutSer with a 10,000-byte script (outpoint 36, code 4, amount 8, CompactSize 3). */
export const MAX_LEAF_VALUE_BYTES = 36 + 4 + 8 + 3 + 10_000;
/** Version 2: leaf siblings carry their key and value (version 1 carried only their hash, which let a chunk leave out a leaf by naming it a sibling). */
const CHUNK_VERSION = 2;
/** Bytes a chunk takes besides its leaves and siblings: version, prefix bits, prefix, the two counts. */
const CHUNK_FIXED_BYTES = 1 + 2 + 32 + 9 + 9;
/** A leaf's bytes besides its value: the key and the value's CompactSize length. */
const LEAF_OVERHEAD = 32 + 3;
/** An internal sibling's bytes: its kind and hash. */
const INTERNAL_SIBLING_BYTES = 1 + 32;

export interface UtxoChunk {
  /** The key prefix: its first `bits` bits (the rest zero). */
  readonly prefix: Uint8Array;
  readonly bits: number;
  readonly leaves: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[];
  /** The prefix's `bits` siblings, top first (tree-proof.ts, proveTreePrefix). */
  readonly siblings: readonly TreeSibling[];
}

export type ChunkField =
  | 'version'
  | 'prefix bits'
  | 'prefix'
  | 'leaf count'
  | 'leaf key'
  | 'leaf value length'
  | 'leaf value'
  | 'sibling count'
  | 'sibling kind'
  | 'sibling hash'
  | 'sibling key'
  | 'sibling value length'
  | 'sibling value'
  | 'chunk size'
  | 'trailing data';

export interface ChunkDecodeError {
  readonly field: ChunkField;
  readonly offset: number;
  readonly reason: string;
}

const SIBLING_KINDS = ['empty', 'leaf', 'internal'] as const;

/** A sibling's encoded size: its kind, and a hash (internal) or a key and value (leaf). */
function siblingBytes(s: TreeSibling): number {
  return s.kind === 'empty' ? 1 : s.kind === 'internal' ? INTERNAL_SIBLING_BYTES : 1 + LEAF_OVERHEAD + s.value.length;
}

/**
 * The chunk encoding: u8 version 2, u16le prefix bits, the prefix bytes, CompactSize leaf count,
 * leaves (key, CompactSize value length, value), CompactSize sibling count, siblings (u8 kind; a
 * 32-byte hash for an internal one; key, CompactSize value length and value for a leaf).
 */
export function encodeChunk(chunk: UtxoChunk): Uint8Array {
  const size = CHUNK_FIXED_BYTES + chunk.leaves.reduce((n, l) => n + LEAF_OVERHEAD + l.value.length, 0) + chunk.siblings.reduce((n, s) => n + siblingBytes(s), 0);
  const w = new ByteWriter(size);
  w.u8(CHUNK_VERSION).u16le(chunk.bits).bytes(keyPrefix(chunk.prefix, chunk.bits));
  w.compactSize(chunk.leaves.length);
  for (const leaf of chunk.leaves) w.bytes(leaf.key).varBytes(leaf.value);
  w.compactSize(chunk.siblings.length);
  for (const s of chunk.siblings) {
    w.u8(SIBLING_KINDS.indexOf(s.kind));
    if (s.kind === 'internal') w.bytes(s.hash);
    if (s.kind === 'leaf') w.bytes(s.key).varBytes(s.value);
  }
  return w.finish();
}

/** A cursor over untrusted chunk bytes: every read checks the bytes left and names its field on failure. */
class ChunkCursor {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  take(n: number, field: ChunkField): Result<Uint8Array, ChunkDecodeError> {
    if (n > this.bytes.length - this.at) return err({ field, offset: this.at, reason: 'end of data' });
    this.at += n;
    return ok(this.bytes.subarray(this.at - n, this.at));
  }

  compactSize(field: ChunkField, max: number): Result<number, ChunkDecodeError> {
    const n = decodeCompactSize(this.bytes, this.at);
    if (!n.ok) return err({ field, offset: this.at, reason: n.error.code });
    if (n.value > max) return err({ field, offset: this.at, reason: `${n.value} is more than ${max}` });
    this.at += compactSizeWidth(n.value);
    return n;
  }

  /** A 32-byte key, then a value of at most MAX_LEAF_VALUE_BYTES with its CompactSize length (copied out of the input). */
  leaf(keyField: ChunkField, lengthField: ChunkField, valueField: ChunkField): Result<{ key: Uint8Array; value: Uint8Array }, ChunkDecodeError> {
    const key = this.take(32, keyField);
    if (!key.ok) return key;
    const length = this.compactSize(lengthField, MAX_LEAF_VALUE_BYTES);
    if (!length.ok) return length;
    const value = this.take(length.value, valueField);
    if (!value.ok) return value;
    return ok({ key: key.value.slice(), value: value.value.slice() });
  }
}

/** Decodes a chunk with every length capped before use: at most 4 MiB in all, values up to MAX_LEAF_VALUE_BYTES, a leaf count the bytes left can hold, one sibling per prefix bit. */
export function decodeChunk(bytes: Uint8Array): Result<UtxoChunk, ChunkDecodeError> {
  if (bytes.length > MAX_CHUNK_BYTES) return err({ field: 'chunk size', offset: MAX_CHUNK_BYTES, reason: `more than ${MAX_CHUNK_BYTES} bytes` });
  const c = new ChunkCursor(bytes);
  const version = c.take(1, 'version');
  if (!version.ok) return version;
  if (version.value[0] !== CHUNK_VERSION) return err({ field: 'version', offset: 0, reason: `unknown version ${version.value[0]}` });
  const bitsBytes = c.take(2, 'prefix bits');
  if (!bitsBytes.ok) return bitsBytes;
  const bits = (bitsBytes.value[0] as number) | ((bitsBytes.value[1] as number) << 8);
  if (bits > TREE_KEY_BITS) return err({ field: 'prefix bits', offset: 1, reason: `more than ${TREE_KEY_BITS}` });
  const prefixBytes = c.take((bits + 7) >> 3, 'prefix');
  if (!prefixBytes.ok) return prefixBytes;
  const prefix = new Uint8Array(32);
  prefix.set(prefixBytes.value);
  if (keyPrefix(prefix, bits).some((b, i) => b !== prefix[i])) return err({ field: 'prefix', offset: 3, reason: 'bits set past the prefix length' });
  // Every leaf takes at least its key and a one-byte length.
  const count = c.compactSize('leaf count', Math.floor((bytes.length - c.at) / 33));
  if (!count.ok) return count;
  const leaves: { key: Uint8Array; value: Uint8Array }[] = [];
  for (let i = 0; i < count.value; i++) {
    const leaf = c.leaf('leaf key', 'leaf value length', 'leaf value');
    if (!leaf.ok) return leaf;
    leaves.push(leaf.value);
  }
  const siblingsAt = c.at;
  const siblingCount = c.compactSize('sibling count', TREE_KEY_BITS);
  if (!siblingCount.ok) return siblingCount;
  if (siblingCount.value !== bits) return err({ field: 'sibling count', offset: siblingsAt, reason: `${siblingCount.value} siblings for a ${bits}-bit prefix` });
  const siblings: TreeSibling[] = [];
  for (let i = 0; i < siblingCount.value; i++) {
    const kindAt = c.at;
    const kindByte = c.take(1, 'sibling kind');
    if (!kindByte.ok) return kindByte;
    const kind = SIBLING_KINDS[kindByte.value[0] as number];
    if (kind === undefined) return err({ field: 'sibling kind', offset: kindAt, reason: 'not 0 (empty), 1 (leaf) or 2 (internal)' });
    if (kind === 'empty') {
      siblings.push(EMPTY_SUMMARY);
      continue;
    }
    if (kind === 'leaf') {
      const leaf = c.leaf('sibling key', 'sibling value length', 'sibling value');
      if (!leaf.ok) return leaf;
      siblings.push({ kind, ...leaf.value });
      continue;
    }
    const hash = c.take(32, 'sibling hash');
    if (!hash.ok) return hash;
    siblings.push({ kind, hash: hash.value.slice() });
  }
  if (c.at !== bytes.length) return err({ field: 'trailing data', offset: c.at, reason: `${bytes.length - c.at} bytes after the chunk` });
  return ok({ prefix, bits, leaves, siblings });
}

/** The encoded size of the chunk of a subtree: the fixed part, its siblings' bytes and its leaves. */
function chunkSize(ref: ChildRef, siblingsBytes: number): number {
  return CHUNK_FIXED_BYTES + siblingsBytes + ref.count * LEAF_OVERHEAD + ref.valueBytes;
}

/** The encoded size of a child as a sibling (a leaf child's value length is its `valueBytes`). */
function childSiblingBytes(ref: ChildRef | undefined): number {
  return ref === undefined ? 1 : ref.isLeaf ? 1 + LEAF_OVERHEAD + ref.valueBytes : INTERNAL_SIBLING_BYTES;
}

/** A planned chunk: its prefix and what it holds. */
export interface ChunkPlan {
  readonly prefix: Uint8Array;
  readonly bits: number;
  readonly count: number;
  readonly valueBytes: number;
}

/**
 * Splits the set into chunks of at most `maxBytes` encoded: the largest subtrees that fit,
 * in key order; empty subtrees give no chunk. The chunks partition the set.
 */
export function planChunks(lookup: NodeLookup, root: ChildRef | undefined, maxBytes: number = MAX_CHUNK_BYTES): Result<ChunkPlan[], TreeReadError> {
  const plans: ChunkPlan[] = [];
  // `siblingsBytes`: the encoded size of the siblings along the path so far (the chunk's proof).
  const visit = (ref: ChildRef | undefined, depth: number, path: Uint8Array, siblingsBytes: number): TreeReadError | undefined => {
    if (ref === undefined) return undefined;
    if (ref.isLeaf || chunkSize(ref, siblingsBytes) <= maxBytes || depth === TREE_KEY_BITS) {
      const prefix = new Uint8Array(32);
      prefix.set(path);
      plans.push({ prefix, bits: depth, count: ref.count, valueBytes: ref.valueBytes });
      return undefined;
    }
    const node = lookup({ version: ref.version, depth, path });
    if (node === undefined || node.kind !== 'internal') return { code: 'node missing from the store', depth };
    return (
      visit(node.left, depth + 1, childPath(path, depth, 0), siblingsBytes + childSiblingBytes(node.right)) ??
      visit(node.right, depth + 1, childPath(path, depth, 1), siblingsBytes + childSiblingBytes(node.left))
    );
  };
  const failed = visit(root, 0, new Uint8Array(0), 0);
  return failed === undefined ? ok(plans) : err(failed);
}

/** The chunk of a planned prefix: its leaves and their proof. */
export function buildChunk(lookup: NodeLookup, root: ChildRef | undefined, plan: { readonly prefix: Uint8Array; readonly bits: number }): Result<UtxoChunk, TreeReadError> {
  const leaves = treeLeavesWithPrefix(lookup, root, plan.prefix, plan.bits);
  if (!leaves.ok) return leaves;
  const siblings = proveTreePrefix(lookup, root, plan.prefix, plan.bits);
  if (!siblings.ok) return siblings;
  return ok({ prefix: plan.prefix, bits: plan.bits, leaves: leaves.value.map((l: LeafNode) => ({ key: l.key, value: l.value })), siblings: siblings.value });
}
