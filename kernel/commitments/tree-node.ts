/**
 * The nodes of the authenticated UTXO tree (SPEC.md §8.2): a binary Merkle tree over 256-bit keys
 * whose shape is a function of the set alone. A subtree with no leaf is empty, a subtree with one
 * leaf is that leaf (wherever it sits), any other subtree is an internal node over its two halves.
 * Nodes are stored under versioned keys, as in the Jellyfish Merkle tree: an update writes new
 * nodes at a new version and reports the ones it made obsolete, so older versions stay readable
 * until the store prunes them.
 */
import { taggedBatchHasher, taggedHasher, taggedPackedHasher } from '../crypto/hashes.js';
import { toHex } from '../encoding/hex.js';

/** Key length in bits: keys are SHA256 digests. */
export const TREE_KEY_BITS = 256;

/** The hash of an empty subtree. */
export const EMPTY_SUBTREE_HASH: Uint8Array = new Uint8Array(32);

/** A reference to a child subtree: its hash, the version its node was written at, whether it is a single leaf, its leaf count and size. */
export interface ChildRef {
  readonly hash: Uint8Array;
  readonly version: number;
  readonly isLeaf: boolean;
  /** Leaves in the subtree (not hashed: for planning chunks and counting; the commitment record binds the count). */
  readonly count: number;
  /** Bytes of its leaves' values (not hashed: for planning chunks). */
  readonly valueBytes: number;
}

/** An internal node: at least two leaves below it, split by the key bit at its depth. */
export interface InternalNode {
  readonly kind: 'internal';
  readonly left?: ChildRef;
  readonly right?: ChildRef;
}

/** A leaf: one key and its value (for the UTXO set, the serialized coin). */
export interface LeafNode {
  readonly kind: 'leaf';
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export type TreeNode = InternalNode | LeafNode;

/** Where a node is stored: the version that wrote it, its depth and the first `depth` bits of its path. */
export interface NodeKey {
  readonly version: number;
  readonly depth: number;
  /** ceil(depth / 8) bytes, bits past `depth` zero. */
  readonly path: Uint8Array;
}

/** Reads a node by its key: a map in memory, a database on disk (the tree's reads for proofs and chunks). */
export type NodeLookup = (key: NodeKey) => TreeNode | undefined;

/** A stored node's encoded form (tree-codec.ts) as a store lends it: `bytes[start, end)`, valid until the store's next read or write. */
export interface NodeBytes {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * Reads the stored form of the node written at `version` at depth `depth` on the path of `key`
 * (its first `depth` bits: any 32-byte key under the node), without decoding it: the batch
 * update's reads (tree-update.ts).
 */
export type EncodedNodeReader = (version: number, depth: number, key: Uint8Array) => NodeBytes | undefined;

/** A tree store as the kernel reads it: decoded nodes by key, and stored forms for the batch update. */
export interface TreeNodeSource {
  readonly lookup: NodeLookup;
  readonly readEncoded: EncodedNodeReader;
}

/** Bit `i` of a key, most significant bit of byte 0 first. */
export function keyBit(key: Uint8Array, i: number): number {
  return ((key[i >> 3] as number) >> (7 - (i & 7))) & 1;
}

/** The path of the child on side `bit` of the node at `depth` with path `path`. */
export function childPath(path: Uint8Array, depth: number, bit: number): Uint8Array {
  const out = new Uint8Array((depth >> 3) + 1);
  // The parent's bytes, as far as both reach (a loop rather than `set`: provable, and no subarray view per level).
  for (let i = 0; i < out.length && i < path.length; i++) out[i] = path[i] as number;
  if (bit === 1) out[depth >> 3] = (out[depth >> 3] as number) | (0x80 >> (depth & 7));
  return out;
}

/** The first `depth` bits of a key as a path. */
export function keyPrefix(key: Uint8Array, depth: number): Uint8Array {
  const out = key.slice(0, (depth + 7) >> 3);
  if ((depth & 7) !== 0) out[out.length - 1] = (out[out.length - 1] as number) & (0xff << (8 - (depth & 7)));
  return out;
}

/** A node key for messages: `version/depth/path-hex`. */
export function formatNodeKey(key: NodeKey): string {
  return `${key.version}/${key.depth}/${toHex(key.path)}`;
}

/** A node key as text, for maps: the version, the depth and the path bytes as one character each (not for display). */
export function nodeKeyString(key: NodeKey): string {
  let path = '';
  for (const b of key.path) path += String.fromCharCode(b);
  return `${key.version}/${key.depth}/${path}`;
}

const LEAF_HASHER = taggedHasher('bllvm/utxo-tree/leaf');
const NODE_HASHER = taggedHasher('bllvm/utxo-tree/node');

/** A leaf's hash: tagged `bllvm/utxo-tree/leaf`, so no leaf hash can be taken for an internal node's. Independent of where the leaf sits. */
export function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  return LEAF_HASHER(key, value);
}

/** An internal node's hash, tagged `bllvm/utxo-tree/node`, over its halves' hashes (EMPTY_SUBTREE_HASH for an empty half). */
export function internalHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return NODE_HASHER(left, right);
}

const LEAF_BATCH_HASHER = taggedBatchHasher('bllvm/utxo-tree/leaf');

/** The hashes of many leaves at once, back to back (32 bytes each): each equals `leafHash(key, value)`. */
export function leafHashes(leaves: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[]): Uint8Array {
  return LEAF_BATCH_HASHER(leaves.map((l) => [l.key, l.value]));
}

const NODE_PACKED_HASHER = taggedPackedHasher('bllvm/utxo-tree/node');

/** The hashes of many internal nodes at once from their halves' hashes packed as left ‖ right (64 bytes per node): digest i equals `internalHash(left_i, right_i)`. */
export function internalHashesPacked(halves: Uint8Array): Uint8Array {
  return NODE_PACKED_HASHER(halves);
}

/** A subtree as a proof sees it: empty, a single leaf's hash, or an internal node's hash. */
export type SubtreeSummary = { readonly kind: 'empty' } | { readonly kind: 'leaf' | 'internal'; readonly hash: Uint8Array };

/**
 * A sibling as a proof carries it: empty, an internal node's hash, or a single leaf in full. A
 * leaf's hash does not depend on where it sits, so a verifier given only its hash could be told
 * it lies beside a prefix when it lies under it (an empty chunk, a non-inclusion proof of a key
 * that is there); with its key, the verifier checks which side of the path it is on.
 */
export type TreeSibling =
  | { readonly kind: 'empty' }
  | { readonly kind: 'internal'; readonly hash: Uint8Array }
  | { readonly kind: 'leaf'; readonly key: Uint8Array; readonly value: Uint8Array };

/** An empty subtree, as a summary and as a proof's sibling. */
export const EMPTY_SUMMARY: { readonly kind: 'empty' } = Object.freeze({ kind: 'empty' });

/**
 * The summary of a node from its halves' summaries, by the shape rule: two empty halves are
 * empty, an empty half beside a single leaf is that leaf, anything else is an internal node.
 */
export function combineSummaries(left: SubtreeSummary, right: SubtreeSummary): SubtreeSummary {
  if (left.kind === 'empty' && right.kind !== 'internal') return right;
  if (right.kind === 'empty' && left.kind === 'leaf') return left;
  const l = left.kind === 'empty' ? EMPTY_SUBTREE_HASH : left.hash;
  const r = right.kind === 'empty' ? EMPTY_SUBTREE_HASH : right.hash;
  return { kind: 'internal', hash: internalHash(l, r) };
}
