/**
 * Reading the authenticated UTXO tree and proving what it holds (SPEC.md §8.2): a key's leaf,
 * inclusion and non-inclusion proofs, the leaves under a key prefix, and the proof that a set of
 * leaves is exactly a prefix's subtree (a chunk). Verification needs only the root hash: a proof
 * lists the summaries (empty, leaf or internal, with hashes) of the siblings along the key's path,
 * and the verifier folds them with the shape rule of tree-node.ts.
 */
import { compareBytes, equalBytes } from '../encoding/bytes.js';
import { type Result, err, ok } from '../result.js';
import {
  type ChildRef,
  type LeafNode,
  type NodeLookup,
  type SubtreeSummary,
  type TreeNode,
  type TreeSibling,
  EMPTY_SUBTREE_HASH,
  EMPTY_SUMMARY,
  TREE_KEY_BITS,
  childPath,
  combineSummaries,
  keyBit,
  keyPrefix,
  leafHash,
} from './tree-node.js';

/** The hash a root reference commits to (EMPTY_SUBTREE_HASH for the empty tree). */
export function treeRootHash(root: ChildRef | undefined): Uint8Array {
  return root?.hash ?? EMPTY_SUBTREE_HASH;
}

/**
 * Where a key's search ends: the siblings on the way (top first) and the node it stopped at: a
 * leaf, the internal node at the depth limit (`node`, with its path), or nothing (an empty subtree).
 */
interface PathWalk {
  readonly siblings: TreeSibling[];
  readonly leaf?: LeafNode;
  readonly node?: { readonly ref: ChildRef; readonly path: Uint8Array };
}

export type TreeReadError = { readonly code: 'node missing from the store' | 'node of the wrong kind in the store'; readonly depth: number };

/** Follows `key` (its first `limit` bits) from the root down to a leaf or an empty subtree. */
function walk(lookup: NodeLookup, root: ChildRef | undefined, key: Uint8Array, limit: number): Result<PathWalk, TreeReadError> {
  const siblings: TreeSibling[] = [];
  let ref = root;
  let path: Uint8Array = new Uint8Array(0);
  for (let depth = 0; ref !== undefined; depth++) {
    const node = readNode(lookup, ref, depth, path);
    if (!node.ok) return node;
    if (node.value.kind === 'leaf') return ok({ siblings, leaf: node.value });
    if (depth === limit) return ok({ siblings, node: { ref, path } });
    const bit = keyBit(key, depth);
    const sibling = siblingOf(lookup, bit === 1 ? node.value.left : node.value.right, depth + 1, childPath(path, depth, 1 - bit));
    if (!sibling.ok) return sibling;
    siblings.push(sibling.value);
    ref = bit === 1 ? node.value.right : node.value.left;
    path = childPath(path, depth, bit);
  }
  return ok({ siblings });
}

/** The node a reference points to, of the kind the reference says. */
function readNode(lookup: NodeLookup, ref: ChildRef, depth: number, path: Uint8Array): Result<TreeNode, TreeReadError> {
  const node = lookup({ version: ref.version, depth, path });
  if (node === undefined) return err({ code: 'node missing from the store', depth });
  if (node.kind !== (ref.isLeaf ? 'leaf' : 'internal')) return err({ code: 'node of the wrong kind in the store', depth });
  return ok(node);
}

/** A child as a proof's sibling: a single leaf is read from the store and carried in full. */
function siblingOf(lookup: NodeLookup, ref: ChildRef | undefined, depth: number, path: Uint8Array): Result<TreeSibling, TreeReadError> {
  if (ref === undefined) return ok(EMPTY_SUMMARY);
  if (!ref.isLeaf) return ok({ kind: 'internal', hash: ref.hash });
  const node = readNode(lookup, ref, depth, path);
  if (!node.ok) return node;
  return node.value.kind === 'leaf' ? ok({ kind: 'leaf', key: node.value.key, value: node.value.value }) : err({ code: 'node of the wrong kind in the store', depth });
}

/** The value stored under `key`, or undefined. */
export function getTreeValue(lookup: NodeLookup, root: ChildRef | undefined, key: Uint8Array): Result<Uint8Array | undefined, TreeReadError> {
  const found = walk(lookup, root, key, TREE_KEY_BITS);
  if (!found.ok) return found;
  const leaf = found.value.leaf;
  return ok(leaf !== undefined && equalBytes(leaf.key, key) ? leaf.value : undefined);
}

/**
 * A proof about one key: the sibling summaries from the root down, and where the path ends:
 * `leaf` (the key's own leaf: inclusion; another key's leaf sharing the path: non-inclusion) or
 * nothing (an empty subtree: non-inclusion).
 */
export interface TreeProof {
  readonly siblings: readonly TreeSibling[];
  readonly leaf?: { readonly key: Uint8Array; readonly value: Uint8Array };
}

/** The inclusion or non-inclusion proof of `key`. */
export function proveTreeKey(lookup: NodeLookup, root: ChildRef | undefined, key: Uint8Array): Result<TreeProof, TreeReadError> {
  const found = walk(lookup, root, key, TREE_KEY_BITS);
  if (!found.ok) return found;
  const { siblings, leaf } = found.value;
  return ok(leaf === undefined ? { siblings } : { siblings, leaf: { key: leaf.key, value: leaf.value } });
}

/** Whether the first `bits` bits of two keys agree. */
function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  return equalBytes(keyPrefix(a, bits), keyPrefix(b, bits));
}

/**
 * Folds the siblings (top first) over the summary at the bottom of `key`'s path; undefined when a
 * leaf sibling is not on the other side of the path at its depth (its key must share the path's
 * first `depth` bits and differ at bit `depth`), which is where the tree's shape puts it.
 * @unwind 257 (a sibling per key bit at most: the callers refuse longer paths first)
 */
function foldPath(bottom: SubtreeSummary, siblings: readonly TreeSibling[], key: Uint8Array): SubtreeSummary | undefined {
  let summary = bottom;
  for (let depth = siblings.length - 1; depth >= 0; depth--) {
    const sibling = summaryAt(siblings[depth] as TreeSibling, key, depth);
    if (sibling === undefined) return undefined;
    summary = keyBit(key, depth) === 1 ? combineSummaries(sibling, summary) : combineSummaries(summary, sibling);
  }
  return summary;
}

/** A sibling's summary at `depth` beside `key`'s path; undefined for a leaf that is not on the sibling's side. */
function summaryAt(sibling: TreeSibling, key: Uint8Array, depth: number): SubtreeSummary | undefined {
  if (sibling.kind !== 'leaf') return sibling;
  const beside = sibling.key.length === key.length && samePrefix(sibling.key, key, depth) && keyBit(sibling.key, depth) !== keyBit(key, depth);
  return beside ? { kind: 'leaf', hash: leafHash(sibling.key, sibling.value) } : undefined;
}

function summaryHash(summary: SubtreeSummary): Uint8Array {
  return summary.kind === 'empty' ? EMPTY_SUBTREE_HASH : summary.hash;
}

export type TreeProofError =
  | 'proof longer than the key'
  | 'key not 32 bytes'
  | "proof leaf off the key's path"
  | 'sibling leaf on the wrong side'
  | 'root mismatch';

/**
 * Checks a proof for `key` against a root hash: `{ value }` when it proves the key holds that
 * value, `{}` when it proves the key absent; an error otherwise.
 */
export function verifyTreeProof(rootHash: Uint8Array, key: Uint8Array, proof: TreeProof): Result<{ readonly value?: Uint8Array }, TreeProofError> {
  if (key.length !== TREE_KEY_BITS / 8) return err('key not 32 bytes');
  if (proof.siblings.length > TREE_KEY_BITS) return err('proof longer than the key');
  const depth = proof.siblings.length;
  const leaf = proof.leaf;
  if (leaf !== undefined && (leaf.key.length !== key.length || !samePrefix(leaf.key, key, depth))) return err("proof leaf off the key's path");
  const bottom: SubtreeSummary = leaf === undefined ? EMPTY_SUMMARY : { kind: 'leaf', hash: leafHash(leaf.key, leaf.value) };
  const folded = foldPath(bottom, proof.siblings, key);
  if (folded === undefined) return err('sibling leaf on the wrong side');
  if (!equalBytes(summaryHash(folded), rootHash)) return err('root mismatch');
  return ok(leaf !== undefined && equalBytes(leaf.key, key) ? { value: leaf.value } : {});
}

/** The leaves whose keys start with the first `bits` bits of `prefix`, in key order. */
export function treeLeavesWithPrefix(
  lookup: NodeLookup,
  root: ChildRef | undefined,
  prefix: Uint8Array,
  bits: number,
): Result<LeafNode[], TreeReadError> {
  const found = walk(lookup, root, prefix, bits);
  if (!found.ok) return found;
  if (found.value.leaf !== undefined) return ok(samePrefix(found.value.leaf.key, prefix, bits) ? [found.value.leaf] : []);
  const reached = found.value.node;
  if (reached === undefined) return ok([]); // an empty subtree on the prefix's path
  // Reached the prefix's node: collect every leaf below it.
  const out: LeafNode[] = [];
  const stack: { ref: ChildRef | undefined; depth: number; path: Uint8Array }[] = [{ ref: reached.ref, depth: bits, path: reached.path }];
  while (stack.length > 0) {
    const { ref, depth, path } = stack.pop() as { ref: ChildRef | undefined; depth: number; path: Uint8Array };
    if (ref === undefined) continue;
    const node = lookup({ version: ref.version, depth, path });
    if (node === undefined) return err({ code: 'node missing from the store', depth });
    if (node.kind === 'leaf') out.push(node);
    else {
      // Right first, so leaves pop in key order.
      stack.push({ ref: node.right, depth: depth + 1, path: childPath(path, depth, 1) });
      stack.push({ ref: node.left, depth: depth + 1, path: childPath(path, depth, 0) });
    }
  }
  return ok(out);
}

/**
 * The proof that a chunk (the leaves under a prefix of `bits` bits) is exactly that subtree:
 * the summaries of the `bits` siblings along the prefix. Where the tree holds a single leaf or
 * nothing above the prefix, the levels below it are virtual: empty siblings, and the leaf itself
 * at the level where its key leaves the prefix.
 */
export function proveTreePrefix(lookup: NodeLookup, root: ChildRef | undefined, prefix: Uint8Array, bits: number): Result<TreeSibling[], TreeReadError> {
  const found = walk(lookup, root, prefix, bits);
  if (!found.ok) return found;
  const { siblings, leaf } = found.value;
  // Below a lone leaf (or nothing) the prefix's path has empty siblings, but for the level where
  // the leaf's key leaves the prefix: there the leaf itself is the sibling.
  let leafPlaced = leaf === undefined;
  for (let depth = siblings.length; depth < bits; depth++) {
    if (!leafPlaced && leaf !== undefined && keyBit(leaf.key, depth) !== keyBit(prefix, depth)) {
      siblings.push({ kind: 'leaf', key: leaf.key, value: leaf.value });
      leafPlaced = true;
    } else siblings.push(EMPTY_SUMMARY);
  }
  return ok(siblings);
}

/** The summary of the subtree holding exactly these leaves (sorted, unique, sharing `depth` bits), by the shape rule. */
export function summarizeLeaves(leaves: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[], depth: number): SubtreeSummary {
  if (leaves.length === 0) return EMPTY_SUMMARY;
  const first = leaves[0] as { key: Uint8Array; value: Uint8Array };
  if (leaves.length === 1) return { kind: 'leaf', hash: leafHash(first.key, first.value) };
  let mid = 0;
  while (mid < leaves.length && keyBit((leaves[mid] as { key: Uint8Array }).key, depth) === 0) mid++;
  return combineSummaries(summarizeLeaves(leaves.slice(0, mid), depth + 1), summarizeLeaves(leaves.slice(mid), depth + 1));
}

export type TreeChunkError = 'prefix longer than the key' | 'leaf outside the prefix' | 'leaves not sorted and unique' | 'sibling leaf on the wrong side' | 'root mismatch';

/** Checks that `leaves` are exactly the subtree under the first `bits` bits of `prefix` in the tree with root `rootHash`. */
export function verifyTreeChunk(
  rootHash: Uint8Array,
  prefix: Uint8Array,
  bits: number,
  leaves: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[],
  siblings: readonly TreeSibling[],
): Result<void, TreeChunkError> {
  if (bits > TREE_KEY_BITS || siblings.length !== bits) return err('prefix longer than the key');
  let prev: Uint8Array | undefined;
  for (const leaf of leaves) {
    if (leaf.key.length !== TREE_KEY_BITS / 8 || !samePrefix(leaf.key, prefix, bits)) return err('leaf outside the prefix');
    if (prev !== undefined && compareBytes(prev, leaf.key) >= 0) return err('leaves not sorted and unique');
    prev = leaf.key;
  }
  const folded = foldPath(summarizeLeaves(leaves, bits), siblings, prefix);
  if (folded === undefined) return err('sibling leaf on the wrong side');
  return equalBytes(summaryHash(folded), rootHash) ? ok(undefined) : err('root mismatch');
}
