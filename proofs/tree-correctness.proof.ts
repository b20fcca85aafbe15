/**
 * Correctness of the authenticated UTXO tree's pieces against literal specifications (SPEC.md
 * §8.2; kernel/commitments/tree-node.ts, tree-proof.ts). The binding proofs of
 * proofs/tree-proof.proof.ts hold for any bit order or fold order used the same way on both
 * sides; these pin the order itself: a key's bits are read most significant bit of byte 0 first,
 * a prefix keeps exactly its first bits, a node's summary follows the shape rule, and a proof
 * folds its siblings bottom-up with the sibling on the side opposite the key's bit, so that the
 * proofs of the keys of a one- or two-leaf tree verify against the root written out here as
 * literal calls of the tagged hashes `bllvm/utxo-tree/leaf` (key ‖ value) and
 * `bllvm/utxo-tree/node` (left ‖ right, 32 zero bytes for an empty half). Tagged hashes are
 * uninterpreted functions: collision resistant per tag, distinct tags never equal, no digest 32
 * zero bytes (CI.md, "Axioms").
 */
import { bytes, int, proof } from '../harness/dsl.js';
import { taggedHash } from '../kernel/crypto/hashes.js';
import { type SubtreeSummary, type TreeSibling, childPath, combineSummaries, internalHash, keyBit, keyPrefix, leafHash } from '../kernel/commitments/tree-node.js';
import { type TreeProof, summarizeLeaves, treeRootHash, verifyTreeChunk, verifyTreeProof } from '../kernel/commitments/tree-proof.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';

/** 2^k for k in [0, 7]. */
const POW2 = [1, 2, 4, 8, 16, 32, 64, 128];

/** Bit k (k in [0, 7], 0 the least significant) of a byte b: floor(b / 2^k) mod 2, by cases on k so each divisor is a literal. */
function bitOfByte(b: number, k: number): number {
  for (let e = 0; e < 8; e++) if (k === e) return Math.floor(b / (POW2[e] as number)) % 2;
  return -1;
}

/** The leaf hash as SPEC.md §8.2 writes it: tagged SHA256 `bllvm/utxo-tree/leaf` of key ‖ value. */
const leafH = (key: Uint8Array, value: Uint8Array): Uint8Array => taggedHash('bllvm/utxo-tree/leaf', key, value);

/** An internal node's hash as SPEC.md §8.2 writes it: tagged SHA256 `bllvm/utxo-tree/node` of left ‖ right. */
const nodeH = (left: Uint8Array, right: Uint8Array): Uint8Array => taggedHash('bllvm/utxo-tree/node', left, right);

/** The hash of an empty half: 32 zero bytes. */
const zero32 = (): Uint8Array => new Uint8Array(32);

/** Whether keyBit reads bit 7 − (i mod 8) of byte floor(i / 8), in literal arithmetic. */
const keyBitIsLiteral = (key: Uint8Array, i: number): boolean => keyBit(key, i) === bitOfByte(key[Math.floor(i / 8)] as number, 7 - (i % 8));

/** The statement of the keyBit proofs for the bit indexes [first, first + 63]. */
const keyBitStatement = (first: number): string =>
  `For every 32-byte key and every bit index i in [${first}, ${first + 63}]: keyBit(key, i) is bit 7 − (i mod 8) of byte floor(i / 8), i.e. floor(key[floor(i / 8)] / 2^(7 − i mod 8)) mod 2, so bit 0 is the top bit of byte 0 and bit 255 the low bit of byte 31. Case split: each i alone (the solver sees constant positions, only the key symbolic). With the three other ranges of 64, every i in [0, 256).`;

/** Each index in [first, first + 63] a case of its own. */
const eachIndexFrom = (first: number) => ({ on: 'i', cases: Array.from({ length: 64 }, (_, k): [number, number] => [first + k, first + k]) });

export const treeKeyBitOrder0 = proof('a key bit is read most significant bit of byte 0 first, bits 0 to 63', {
  fn: keyBit,
  spec: '§8.2',
  statement: keyBitStatement(0),
  inputs: { key: bytes(32), i: int(0, 63) },
  split: eachIndexFrom(0),
  unwind: 9,
  ensures: ({ key, i }) => keyBitIsLiteral(key, i),
});

export const treeKeyBitOrder64 = proof('a key bit is read most significant bit of byte 0 first, bits 64 to 127', {
  fn: keyBit,
  spec: '§8.2',
  statement: keyBitStatement(64),
  inputs: { key: bytes(32), i: int(64, 127) },
  split: eachIndexFrom(64),
  unwind: 9,
  ensures: ({ key, i }) => keyBitIsLiteral(key, i),
});

export const treeKeyBitOrder128 = proof('a key bit is read most significant bit of byte 0 first, bits 128 to 191', {
  fn: keyBit,
  spec: '§8.2',
  statement: keyBitStatement(128),
  inputs: { key: bytes(32), i: int(128, 191) },
  split: eachIndexFrom(128),
  unwind: 9,
  ensures: ({ key, i }) => keyBitIsLiteral(key, i),
});

export const treeKeyBitOrder192 = proof('a key bit is read most significant bit of byte 0 first, bits 192 to 255', {
  fn: keyBit,
  spec: '§8.2',
  statement: keyBitStatement(192),
  inputs: { key: bytes(32), i: int(192, 255) },
  split: eachIndexFrom(192),
  unwind: 9,
  ensures: ({ key, i }) => keyBitIsLiteral(key, i),
});

/** Depths at the byte boundaries: none, one bit, a byte but one, a byte, a byte and one, all but one, all. */
const PREFIX_DEPTHS = [0, 1, 7, 8, 9, 255, 256];

/**
 * Whether `out` is the first `depth` bits of `key` as SPEC.md §8.2's node path: ceil(depth / 8)
 * bytes, every byte before the last partial one copied, the partial one with its low
 * 8 − (depth − 8j) bits zero.
 */
function isPrefixOf(out: Uint8Array, key: Uint8Array, depth: number): boolean {
  if (out.length !== Math.floor((depth + 7) / 8)) return false;
  for (let j = 0; j < 32; j++) {
    if (8 * j + 8 <= depth) {
      if (out[j] !== key[j]) return false;
    } else if (8 * j < depth) {
      const dropped = POW2[8 - (depth - 8 * j)] as number;
      if (out[j] !== Math.floor((key[j] as number) / dropped) * dropped) return false;
    }
  }
  return true;
}

export const treeKeyPrefixBoundaries = proof('a key prefix is the first depth bits at the byte boundaries', {
  fn: keyPrefix,
  spec: '§8.2',
  statement:
    'For every 32-byte key and depth d in {0, 1, 7, 8, 9, 255, 256}: keyPrefix(key, d) has ceil(d / 8) bytes (0, 1, 1, 1, 2, 32, 32); the bytes wholly inside the first d bits equal the key\'s, and the last partial byte j keeps its top d − 8j bits of key[j] and has its low 8 − (d − 8j) bits zero. Case split on the depth.',
  inputs: { key: bytes(32), at: int(0, 6) },
  split: 'at',
  unwind: 33,
  ensures: ({ key, at }) => {
    const depth = PREFIX_DEPTHS[at] as number;
    return isPrefixOf(keyPrefix(key, depth), key, depth);
  },
});

/** A summary from a kind selector (0 empty, 1 leaf, 2 internal) and a hash. */
const summaryOf = (kind: number, hash: Uint8Array): SubtreeSummary => (kind === 0 ? { kind: 'empty' } : kind === 1 ? { kind: 'leaf', hash } : { kind: 'internal', hash });

export const treeCombineSummariesShape = proof('a node summary follows the shape rule with the literal node hash', {
  fn: combineSummaries,
  spec: '§8.2',
  statement:
    'For halves of every kind (empty, a single leaf, an internal node; hashes 32 symbolic bytes): two empty halves are empty; an empty half beside a leaf is that leaf (its hash unchanged), on either side; any other pair is an internal node whose hash is tagged SHA256 bllvm/utxo-tree/node of left ‖ right, with 32 zero bytes for an empty half. Case split on the two kinds (9 cases).',
  inputs: { kinds: int(0, 8), lh: bytes(32), rh: bytes(32) },
  split: 'kinds',
  ensures: ({ kinds, lh, rh }) => {
    const lk = kinds % 3;
    const rk = Math.floor(kinds / 3);
    const got = combineSummaries(summaryOf(lk, lh), summaryOf(rk, rh));
    if (lk === 0 && rk === 0) return got.kind === 'empty';
    if (lk === 0 && rk === 1) return got.kind === 'leaf' && equalBytes(got.hash, rh);
    if (lk === 1 && rk === 0) return got.kind === 'leaf' && equalBytes(got.hash, lh);
    return got.kind === 'internal' && equalBytes(got.hash, nodeH(lk === 0 ? zero32() : lh, rk === 0 ? zero32() : rh));
  },
});

/** The top bit (key bit 0) of a key, literally. */
const topBit = (key: Uint8Array): number => Math.floor((key[0] as number) / 128);

/** Key bit 1 of a key, literally. */
const secondBit = (key: Uint8Array): number => Math.floor((key[0] as number) / 64) % 2;

/** Whether a verify result says the key holds exactly `value`. */
function provesValue(r: ReturnType<typeof verifyTreeProof>, value: Uint8Array): boolean {
  if (!r.ok) return false;
  const v = r.value.value;
  return v !== undefined && equalBytes(v, value);
}

/** An internal node as a proof's sibling, by its hash. */
const internalSibling = (hash: Uint8Array): TreeSibling => ({ kind: 'internal', hash });

export const treeFoldTwoInternalSiblings = proof('a proof with two internal siblings verifies exactly against the literal fold', {
  fn: verifyTreeProof,
  sharedContext: true,
  spec: '§8.2',
  statement:
    'For a 32-byte key, a 1-byte value, two internal sibling hashes h0 (depth 0) and h1 (depth 1) and a 32-byte root: the proof [internal h0, internal h1] ending at the key\'s leaf verifies, proving the value, exactly when root = N(a0, b0) where, with L = bllvm/utxo-tree/leaf(key ‖ value) and N = bllvm/utxo-tree/node, s1 = N(L, h1) if key bit 1 is 0 and N(h1, L) if it is 1, and (a0, b0) = (s1, h0) if key bit 0 is 0 and (h0, s1) if it is 1 (bits most significant first). Case split on the key\'s top two bits.',
  inputs: { key: bytes(32), value: bytes(1), h0: bytes(32), h1: bytes(32), root: bytes(32) },
  split: { on: 'key[0]', cases: [[0, 63], [64, 127], [128, 191], [192, 255]] },
  ensures: ({ key, value, h0, h1, root }) => {
    const leaf = leafH(key, value);
    const s1 = secondBit(key) === 0 ? nodeH(leaf, h1) : nodeH(h1, leaf);
    const expected = topBit(key) === 0 ? nodeH(s1, h0) : nodeH(h0, s1);
    const p: TreeProof = { siblings: [internalSibling(h0), internalSibling(h1)], leaf: { key, value } };
    return provesValue(verifyTreeProof(root, key, p), value) === equalBytes(root, expected);
  },
  covers: {
    'the literal root is accepted': ({ key, value, h0, h1, root }) =>
      provesValue(verifyTreeProof(root, key, { siblings: [internalSibling(h0), internalSibling(h1)], leaf: { key, value } }), value),
  },
});

export const treeTwoLeavesSplitAtBit0 = proof('both keys of a two-leaf tree split at bit 0 verify against the literal root', {
  fn: verifyTreeProof,
  spec: '§8.2',
  statement:
    'For two 32-byte keys k1, k2 whose bit 0 (top bit of byte 0) differs, and 1-byte values v1, v2: the tree {k1: v1, k2: v2} has root N(leaf(kL), leaf(kR)) with kL the key whose bit 0 is 0 (leaf = bllvm/utxo-tree/leaf of key ‖ value, N = bllvm/utxo-tree/node); the proof of k1 that SPEC.md §8.2 describes (one sibling: k2\'s leaf in full; ending at k1\'s leaf) verifies against that root and proves v1. Case split on k1\'s top bit.',
  inputs: { k1: bytes(32), k2: bytes(32), v1: bytes(1), v2: bytes(1) },
  split: { on: 'k1[0]', cases: [[0, 127], [128, 255]] },
  requires: ({ k1, k2 }) => topBit(k1) !== topBit(k2),
  ensures: ({ k1, k2, v1, v2 }) => {
    const root = topBit(k1) === 0 ? nodeH(leafH(k1, v1), leafH(k2, v2)) : nodeH(leafH(k2, v2), leafH(k1, v1));
    return provesValue(verifyTreeProof(root, k1, { siblings: [{ kind: 'leaf', key: k2, value: v2 }], leaf: { key: k1, value: v1 } }), v1);
  },
});

/** Two keys that agree on bit 0 and differ at bit 1, with values. */
const twoLeafInputs = () => ({ k1: bytes(32), k2: bytes(32), v1: bytes(1), v2: bytes(1) });

export const treeTwoLeavesSplitAtBit1 = proof('both keys of a two-leaf tree split at bit 1 verify against the literal root', {
  fn: verifyTreeProof,
  spec: '§8.2',
  statement:
    'For two 32-byte keys k1, k2 that agree on bit 0 and differ at bit 1 (bits most significant first), and 1-byte values v1, v2: the tree {k1: v1, k2: v2} has root N(S, Z) if their bit 0 is 0 and N(Z, S) if it is 1, where S = N(leaf(kL), leaf(kR)) with kL the key whose bit 1 is 0 and Z is 32 zero bytes (the empty half); the proof of k1 that SPEC.md §8.2 describes (siblings: empty at depth 0, k2\'s leaf in full at depth 1; ending at k1\'s leaf) verifies against that root and proves v1. Case split on k1\'s top two bits.',
  inputs: twoLeafInputs(),
  split: { on: 'k1[0]', cases: [[0, 63], [64, 127], [128, 191], [192, 255]] },
  requires: ({ k1, k2 }) => topBit(k1) === topBit(k2) && secondBit(k1) !== secondBit(k2),
  ensures: ({ k1, k2, v1, v2 }) => {
    const s = secondBit(k1) === 0 ? nodeH(leafH(k1, v1), leafH(k2, v2)) : nodeH(leafH(k2, v2), leafH(k1, v1));
    const root = topBit(k1) === 0 ? nodeH(s, zero32()) : nodeH(zero32(), s);
    const p: TreeProof = { siblings: [{ kind: 'empty' }, { kind: 'leaf', key: k2, value: v2 }], leaf: { key: k1, value: v1 } };
    return provesValue(verifyTreeProof(root, k1, p), v1);
  },
});

export const treeOneLeafRoot = proof('the key of a one-leaf tree verifies against the literal root', {
  fn: verifyTreeProof,
  spec: '§8.2',
  statement:
    'For a 32-byte key and a 1-byte value: the tree {key: value} has root leaf(key ‖ value) (tagged SHA256 bllvm/utxo-tree/leaf; a lone leaf sits at the root); the proof with no sibling ending at that leaf verifies against it and proves the value, and against 32 zero bytes (the empty tree) it does not.',
  inputs: { key: bytes(32), value: bytes(1) },
  ensures: ({ key, value }) => {
    const p: TreeProof = { siblings: [], leaf: { key, value } };
    return provesValue(verifyTreeProof(leafH(key, value), key, p), value) && !verifyTreeProof(zero32(), key, p).ok;
  },
});

/** The path byte j of a child, as SPEC.md §8.2 describes a path: the parent's bytes, the new bit at position depth (bit 7 − depth mod 8 of byte floor(depth / 8)). */
function childByteIsLiteral(out: Uint8Array, parent: Uint8Array, depth: number, bit: number, j: number): boolean {
  const at = Math.floor(depth / 8);
  const old = j < parent.length ? (parent[j] as number) : 0;
  if (j < at) return out[j] === old;
  // The new bit: 2^(7 − depth mod 8) added when bit is 1 (the parent's bits past depth are zero).
  return out[j] === old + (bit === 1 ? (POW2[7 - (depth % 8)] as number) : 0);
}

export const treeChildPath = proof("a child's path is its parent's with the key bit at the parent's depth", {
  fn: childPath,
  spec: '§8.2',
  statement:
    "For every depth d in [0, 39] (each its own case; bound: the first five bytes of a path, the rule is the same in every byte), every parent path of ceil(d / 8) bytes whose bits past d are zero, and bit b in {0, 1}: childPath(parent, d, b) has floor(d / 8) + 1 bytes, copies the parent's bytes before byte floor(d / 8), and its byte floor(d / 8) is the parent's (0 when the parent has none there) plus 2^(7 − d mod 8) exactly when b = 1.",
  inputs: { buf: bytes(5), d: int(0, 39), b: int(0, 1) },
  split: { on: 'd', cases: Array.from({ length: 40 }, (_, k): [number, number] => [k, k]) },
  unwind: 6,
  ensures: ({ buf, d, b }) => {
    const parent = keyPrefix(buf, d);
    const out = childPath(parent, d, b);
    if (out.length !== Math.floor(d / 8) + 1) return false;
    for (let j = 0; j < 5; j++) if (j < out.length && !childByteIsLiteral(out, parent, d, b, j)) return false;
    return true;
  },
});

export const treeRootOfEmpty = proof('the root hash of the empty tree is 32 zero bytes, of any other its reference hash', {
  fn: treeRootHash,
  spec: '§8.2',
  statement:
    'treeRootHash(undefined) is 32 zero bytes (the empty tree, SPEC.md §8.2); for every reference r with a 32-byte hash, treeRootHash(r) is r.hash.',
  inputs: { hash: bytes(32), count: int(1, 100), valueBytes: int(0, 10000) },
  ensures: ({ hash, count, valueBytes }) => {
    const empty = treeRootHash(undefined);
    if (empty.length !== 32) return false;
    for (let j = 0; j < 32; j++) if (empty[j] !== 0) return false;
    return equalBytes(treeRootHash({ hash, version: 1, isLeaf: count === 1, count, valueBytes }), hash);
  },
});

export const treeLeafHashPreimage = proof('a leaf hash is the tagged hash bllvm/utxo-tree/leaf of key ‖ value', {
  fn: leafHash,
  spec: '§8.2',
  statement:
    "For every 32-byte key, 1-byte value v1 and 74-byte value v74 (a P2PKH coin's serialization): leafHash(key, v) is the BIP340 tagged SHA256 with tag 'bllvm/utxo-tree/leaf' (SHA256(SHA256(tag) ‖ SHA256(tag) ‖ m)) of the one message m = key ‖ v, key first; and it is never an internal node's hash (bllvm/utxo-tree/node) of any two 32-byte halves. Tagged hashes are uninterpreted, one function per tag (CI.md, \"Axioms\"), so this pins the tag and the message bytes in order.",
  inputs: { key: bytes(32), v1: bytes(1), v74: bytes(74), l: bytes(32), r: bytes(32) },
  ensures: ({ key, v1, v74, l, r }) =>
    equalBytes(leafHash(key, v1), taggedHash('bllvm/utxo-tree/leaf', concatBytes(key, v1))) &&
    equalBytes(leafHash(key, v74), taggedHash('bllvm/utxo-tree/leaf', concatBytes(key, v74))) &&
    !equalBytes(leafHash(key, v1), taggedHash('bllvm/utxo-tree/node', concatBytes(l, r))),
});

export const treeInternalHashPreimage = proof("an internal node's hash is the tagged hash bllvm/utxo-tree/node of left ‖ right", {
  fn: internalHash,
  spec: '§8.2',
  statement:
    "For every two 32-byte halves l, r: internalHash(l, r) is the BIP340 tagged SHA256 with tag 'bllvm/utxo-tree/node' of the one 64-byte message l ‖ r, left first; so internalHash(l, r) = internalHash(r, l) only when l = r (collision resistance), and it is never a leaf's hash (bllvm/utxo-tree/leaf) of a 32-byte key and a 32-byte value. Tagged hashes are uninterpreted, one function per tag (CI.md, \"Axioms\").",
  inputs: { l: bytes(32), r: bytes(32), key: bytes(32), value: bytes(32) },
  ensures: ({ l, r, key, value }) =>
    equalBytes(internalHash(l, r), taggedHash('bllvm/utxo-tree/node', concatBytes(l, r))) &&
    equalBytes(internalHash(l, r), internalHash(r, l)) === equalBytes(l, r) &&
    !equalBytes(internalHash(l, r), taggedHash('bllvm/utxo-tree/leaf', concatBytes(key, value))),
  covers: { 'distinct halves': ({ l, r }) => !equalBytes(l, r) },
});

export const treeSummarizeAtMostOneLeaf = proof('no leaf summarizes as the empty subtree, one leaf as its leaf hash at any depth', {
  fn: summarizeLeaves,
  spec: '§8.2',
  statement:
    "For every depth d in [0, 256], 32-byte key and 1-byte value v: summarizeLeaves([], d) is empty and summarizeLeaves([{ key, v }], d) is a leaf whose hash is tagged SHA256 'bllvm/utxo-tree/leaf' of key ‖ v, the same at every depth (a lone leaf sits wherever its subtree is). Bound: at most one leaf; with two or more the function recurses, which the translator does not inline (kernel/commitments/tree-proof.ts:221: unsupported: recursion), so larger runs are checked through verifyTreeChunk by test/commitments/chunk.test.ts and properties/commitments.prop.test.ts, not here.",
  inputs: { key: bytes(32), value: bytes(1), d: int(0, 256) },
  ensures: ({ key, value, d }) => {
    const one = summarizeLeaves([{ key, value }], d);
    return summarizeLeaves([], d).kind === 'empty' && one.kind === 'leaf' && equalBytes(one.hash, leafH(key, value));
  },
});

/** `n` empty siblings (a path `n` levels deep beside nothing). @unwind 258 */
function emptySiblings(n: number): TreeSibling[] {
  const siblings: TreeSibling[] = [];
  for (let i = 0; i < n; i++) siblings.push({ kind: 'empty' });
  return siblings;
}

export const treeProofLengthLimit = proof('a proof of 256 siblings (as many as the key has bits) is read, one of 257 is refused', {
  fn: verifyTreeProof,
  spec: '§8.2',
  statement:
    "For every 32-byte key and 1-byte value v: a proof of the leaf (key, v) under 256 empty siblings, one per key bit, verifies against the root tagged SHA256 'bllvm/utxo-tree/leaf' of key ‖ v (every empty sibling leaves the lone leaf as it is) and says the key holds v; the same proof with 257 empty siblings is refused as 'proof longer than the key' (a path cannot be deeper than the key's 256 bits).",
  inputs: { key: bytes(32), value: bytes(1) },
  unwind: 258,
  ensures: ({ key, value }) => {
    const root = leafH(key, value);
    const deepest = verifyTreeProof(root, key, { siblings: emptySiblings(256), leaf: { key, value } });
    const tooDeep = verifyTreeProof(root, key, { siblings: emptySiblings(257), leaf: { key, value } });
    return deepest.ok && deepest.value.value !== undefined && equalBytes(deepest.value.value, value) && !tooDeep.ok && tooDeep.error === 'proof longer than the key';
  },
});

export const treeChunkPrefixLimit = proof('a chunk under a 256-bit prefix (a single key) is read, one under 257 bits is refused', {
  fn: verifyTreeChunk,
  spec: '§8.4',
  statement:
    "For every 32-byte key and 1-byte value v: the chunk of the one leaf (key, v) under the 256-bit prefix key, with 256 empty siblings, verifies against the root tagged SHA256 'bllvm/utxo-tree/leaf' of key ‖ v; the same leaf under a 257-bit prefix with 257 empty siblings is refused as 'prefix longer than the key', and so is the 256-bit prefix with 255 or 257 siblings (one sibling per prefix bit).",
  inputs: { key: bytes(32), value: bytes(1) },
  unwind: 258,
  ensures: ({ key, value }) => {
    const root = leafH(key, value);
    const leaves = [{ key, value }];
    const whole = verifyTreeChunk(root, key, 256, leaves, emptySiblings(256));
    const tooLong = verifyTreeChunk(root, key, 257, leaves, emptySiblings(257));
    const fewer = verifyTreeChunk(root, key, 256, leaves, emptySiblings(255));
    const more = verifyTreeChunk(root, key, 256, leaves, emptySiblings(257));
    const refused = (r: ReturnType<typeof verifyTreeChunk>): boolean => !r.ok && r.error === 'prefix longer than the key';
    return whole.ok && refused(tooLong) && refused(fewer) && refused(more);
  },
});

export const treeKeyLengths = proof('keys, leaf keys and sibling leaf keys of 31 or 33 bytes are refused by the proof and chunk verifiers', {
  fn: verifyTreeProof,
  spec: '§8.2',
  statement:
    "For 33 bytes b and o whose first bits differ (k = b's first 32 bytes, s = o's first 32) and 1-byte values v, w: against the root tagged SHA256 'bllvm/utxo-tree/leaf' of k ‖ v, the proof of the leaf (k, v) with no sibling verifies for the key k and says it holds v, and is refused as 'key not 32 bytes' for the keys b[0..31) and b; with the leaf key b[0..31) or b for the key k it is refused as \"proof leaf off the key's path\". With the sibling leaf (s, w) one level down, the proof verifies against the node hash (tag 'bllvm/utxo-tree/node') of the two leaf hashes in key order, and with the sibling key o[0..31) or o it is refused as 'sibling leaf on the wrong side'. The chunk of the one leaf (k, v) under the 0-bit prefix verifies against the leaf root; with the leaf key b[0..31) or b it is refused as 'leaf outside the prefix'.",
  inputs: { b: bytes(33), o: bytes(33), v: bytes(1), w: bytes(1) },
  requires: ({ b, o }) => (b[0] >= 128) !== (o[0] >= 128),
  ensures: ({ b, o, v, w }) => {
    const k = b.subarray(0, 32);
    const s = o.subarray(0, 32);
    const leafRoot = leafH(k, v);
    const pairRoot = b[0] < 128 ? nodeH(leafH(k, v), leafH(s, w)) : nodeH(leafH(s, w), leafH(k, v));
    const refused = (r: ReturnType<typeof verifyTreeProof>, why: string): boolean => !r.ok && r.error === why;
    const alone = verifyTreeProof(leafRoot, k, { siblings: [], leaf: { key: k, value: v } });
    const paired = verifyTreeProof(pairRoot, k, { siblings: [{ kind: 'leaf', key: s, value: w }], leaf: { key: k, value: v } });
    const sibling = (key: Uint8Array): ReturnType<typeof verifyTreeProof> => verifyTreeProof(pairRoot, k, { siblings: [{ kind: 'leaf', key, value: w }], leaf: { key: k, value: v } });
    const chunkRefused = (key: Uint8Array): boolean => {
      const r = verifyTreeChunk(leafRoot, k, 0, [{ key, value: v }], []);
      return !r.ok && r.error === 'leaf outside the prefix';
    };
    return (
      alone.ok && alone.value.value !== undefined && equalBytes(alone.value.value, v) &&
      refused(verifyTreeProof(leafRoot, b.subarray(0, 31), { siblings: [], leaf: { key: k, value: v } }), 'key not 32 bytes') &&
      refused(verifyTreeProof(leafRoot, b, { siblings: [], leaf: { key: k, value: v } }), 'key not 32 bytes') &&
      refused(verifyTreeProof(leafRoot, k, { siblings: [], leaf: { key: b.subarray(0, 31), value: v } }), "proof leaf off the key's path") &&
      refused(verifyTreeProof(leafRoot, k, { siblings: [], leaf: { key: b, value: v } }), "proof leaf off the key's path") &&
      paired.ok && paired.value.value !== undefined && equalBytes(paired.value.value, v) &&
      refused(sibling(o.subarray(0, 31)), 'sibling leaf on the wrong side') &&
      refused(sibling(o), 'sibling leaf on the wrong side') &&
      verifyTreeChunk(leafRoot, k, 0, [{ key: k, value: v }], []).ok &&
      chunkRefused(b.subarray(0, 31)) &&
      chunkRefused(b)
    );
  },
});
