/**
 * Merkle roots (SPEC.md §4.4): Core's ComputeMerkleRoot over fixed numbers of symbolic 32-byte
 * leaves. SHA256d is an uninterpreted function assumed injective (collision resistance): the
 * report lists the axiom for every proof that relies on it.
 */
import { bytes, int, proof, tuple } from '../harness/dsl.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { blockMerkleRoot, computeMerkleRoot, computeMerkleRootBatched, hashPair } from '../kernel/validation/merkle.js';
import { oneInOneOut, oneInOneOutSerialization } from './block-domains.js';

const leaf = () => bytes(32);

export const merkleDuplicateLast = proof('CVE-2012-2459: duplicating the last leaf keeps the root and is flagged', {
  fn: computeMerkleRoot,
  spec: '§4.4',
  statement:
    'For leaves a, b, c: the root of [a, b, c] equals the root of [a, b, c, c] (an odd level repeats its last hash), and [a, b, c, c] is flagged mutated, so a block with a duplicated transaction list is rejected, not mistaken for the valid one.',
  inputs: { a: leaf(), b: leaf(), c: leaf() },
  ensures: ({ a, b, c }) => {
    const three = computeMerkleRoot([a, b, c]);
    const four = computeMerkleRoot([a, b, c, c]);
    return equalBytes(three.root, four.root) && four.mutated;
  },
});

export const merkleMutationFlag = proof('the Merkle mutation flag is exactly "two equal siblings"', {
  fn: computeMerkleRoot,
  spec: '§4.4',
  statement:
    'For 4 leaves: mutated iff l0 = l1, or l2 = l3, or the two level-1 nodes are equal, which under collision resistance means l0 = l2 and l1 = l3.',
  inputs: { l0: leaf(), l1: leaf(), l2: leaf(), l3: leaf() },
  ensures: ({ l0, l1, l2, l3 }) =>
    computeMerkleRoot([l0, l1, l2, l3]).mutated ===
    (equalBytes(l0, l1) || equalBytes(l2, l3) || (equalBytes(l0, l2) && equalBytes(l1, l3))),
  covers: { 'an unmutated tree': ({ l0, l1, l2, l3 }) => !computeMerkleRoot([l0, l1, l2, l3]).mutated },
});

export const merkleBinding = proof('equal Merkle roots of 3 leaves mean equal leaves', {
  fn: computeMerkleRoot,
  spec: '§4.4',
  statement:
    'Under collision resistance of SHA256d: two lists of 3 leaves with the same root are the same list (the root commits to the transactions; with 3 leaves the padding duplicate is implied by the list itself).',
  inputs: { a: leaf(), b: leaf(), c: leaf(), x: leaf(), y: leaf(), z: leaf() },
  requires: ({ a, b, c, x, y, z }) => equalBytes(computeMerkleRoot([a, b, c]).root, computeMerkleRoot([x, y, z]).root),
  ensures: ({ a, b, c, x, y, z }) => equalBytes(a, x) && equalBytes(b, y) && equalBytes(c, z),
  covers: { 'distinct leaves': ({ a, b }) => !equalBytes(a, b) },
});

export const merkleRootShape = proof('a Merkle root hashes left then right, and repeats the last hash of an odd level', {
  fn: computeMerkleRoot,
  spec: '§4.4',
  statement:
    'For leaves a, b, c: the root of [a] is a; of [a, b] is SHA256d(a ‖ b); of [a, b, c] is SHA256d(SHA256d(a ‖ b) ‖ SHA256d(c ‖ c)) (Core\'s ComputeMerkleRoot: the left child first, an odd level repeats its last hash); the root of no leaves is 32 zero bytes.',
  inputs: { a: leaf(), b: leaf(), c: leaf() },
  ensures: ({ a, b, c }) => {
    const empty = computeMerkleRoot([]).root;
    return (
      equalBytes(computeMerkleRoot([a]).root, a) &&
      equalBytes(computeMerkleRoot([a, b]).root, sha256d(concatBytes(a, b))) &&
      equalBytes(computeMerkleRoot([a, b, c]).root, sha256d(concatBytes(sha256d(concatBytes(a, b)), sha256d(concatBytes(c, c))))) &&
      empty.length === 32 &&
      empty[0] === 0 &&
      empty[31] === 0 &&
      !computeMerkleRoot([a]).mutated
    );
  },
});

export const merkleDuplicateTail = proof('CVE-2012-2459 at 5 and 6 leaves: duplicating the tail an odd level repeats keeps the root and is flagged', {
  fn: computeMerkleRoot,
  spec: '§4.4',
  statement:
    'For leaves a..f: the root of [a, b, c, d, e] equals the root of [a, b, c, d, e, e] (leaf level odd), and the root of [a, b, c, d, e, f] equals the root of [a, b, c, d, e, f, e, f] (the level above is odd: 3 nodes); both longer lists are flagged mutated; the 5-leaf list is flagged exactly when a = b, c = d, or (a, b) = (c, d) (two equal siblings, under collision resistance). With 3 leaves (the proof above), every leaf count up to 8 whose tree has an odd level is covered.',
  inputs: { a: leaf(), b: leaf(), c: leaf(), d: leaf(), e: leaf(), f: leaf() },
  ensures: ({ a, b, c, d, e, f }) => {
    const five = computeMerkleRoot([a, b, c, d, e]);
    const six = computeMerkleRoot([a, b, c, d, e, f]);
    const sixDup = computeMerkleRoot([a, b, c, d, e, e]);
    const eightDup = computeMerkleRoot([a, b, c, d, e, f, e, f]);
    return (
      equalBytes(five.root, sixDup.root) &&
      sixDup.mutated &&
      equalBytes(six.root, eightDup.root) &&
      eightDup.mutated &&
      five.mutated === (equalBytes(a, b) || equalBytes(c, d) || (equalBytes(a, c) && equalBytes(b, d)))
    );
  },
  covers: { 'distinct leaves: the six-leaf tree is not mutated': ({ a, b, c, d, e, f }) => !computeMerkleRoot([a, b, c, d, e, f]).mutated && !equalBytes(e, f) },
});

export const merkleHashPairOrder = proof("a Merkle node is SHA256d of left ‖ right, left first", {
  fn: hashPair,
  spec: '§4.4',
  statement:
    "For every two 32-byte hashes l, r: hashPair(l, r) is SHA256d of the one 64-byte message l ‖ r (Core's Hash(a, b) in ComputeMerkleRoot: the left child's bytes first, as stored, not reversed); under collision resistance hashPair(l, r) = hashPair(r, l) only when l = r, so the order is pinned.",
  inputs: { l: leaf(), r: leaf() },
  ensures: ({ l, r }) => equalBytes(hashPair(l, r), sha256d(concatBytes(l, r))) && equalBytes(hashPair(l, r), hashPair(r, l)) === equalBytes(l, r),
  covers: { 'distinct children': ({ l, r }) => !equalBytes(l, r) },
});

/** The first `n` of `leaves`. */
function firstLeaves(leaves: readonly Uint8Array[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(leaves[i] as Uint8Array);
  return out;
}

export const merkleBatchedEqualsReference = proof('the batched Merkle root (SHA256D64 per level) equals ComputeMerkleRoot, root and mutation flag', {
  fn: computeMerkleRootBatched,
  spec: '§4.4',
  split: 'n',
  statement:
    'For 0 to 9 symbolic 32-byte leaves (one case per count): computeMerkleRootBatched, which stores each level back to back (its last hash repeated when odd) and hashes it with SHA256D64 (modelled as its definition: the SHA256d of each 64-byte message, back to back), returns the same 32-byte root and the same mutated flag as computeMerkleRoot, the reference the proofs above pin to Core\'s ComputeMerkleRoot. Every block\'s Merkle root (blockMerkleRoot, blockWitnessMerkleRoot) is the batched one.',
  inputs: { n: int(0, 9), leaves: tuple(9, bytes(32)) },
  ensures: ({ n, leaves }) => {
    const list = firstLeaves(leaves, n);
    const batched = computeMerkleRootBatched(list);
    const reference = computeMerkleRoot(list);
    return batched.root.length === 32 && equalBytes(batched.root, reference.root) && batched.mutated === reference.mutated;
  },
  covers: {
    '7 leaves, the last two equal: mutated': ({ n, leaves }) => n === 7 && equalBytes(leaves[4] as Uint8Array, leaves[5] as Uint8Array),
    '9 leaves, none equal': ({ n, leaves }) => n === 9 && !computeMerkleRoot(firstLeaves(leaves, 9)).mutated,
  },
});

const HEADER = { version: 1, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 };

export const blockMerkleRootOfTxids = proof("Core's BlockMerkleRoot: the Merkle root of the block's txids, in block order", {
  fn: blockMerkleRoot,
  spec: '§4.4',
  statement:
    'For blocks of 1 to 3 transactions of one input and one output (any version, outpoint, sequence, value and lock time, a 2-byte scriptSig, a 1-byte scriptPubKey): blockMerkleRoot is t1, SHA256d(t1 ‖ t2), SHA256d(SHA256d(t1 ‖ t2) ‖ SHA256d(t3 ‖ t3)) for 1, 2, 3 transactions, each txid ti SHA256d of the transaction\'s serialization field by field (proofs/block-domains.ts oneInOneOutSerialization, encodeTransaction\'s by encodeTransactionLayout), and it is flagged mutated exactly when t1 = t2 (two transactions), or t1 = t2 or SHA256d(t1 ‖ t2) = SHA256d(t3 ‖ t3) (three).',
  inputs: { a: oneInOneOut(), b: oneInOneOut(), c: oneInOneOut() },
  ensures: ({ a, b, c }) => {
    const [x, y, z] = [sha256d(oneInOneOutSerialization(a)), sha256d(oneInOneOutSerialization(b)), sha256d(oneInOneOutSerialization(c))];
    const one = blockMerkleRoot({ header: HEADER, transactions: [a] });
    const two = blockMerkleRoot({ header: HEADER, transactions: [a, b] });
    const three = blockMerkleRoot({ header: HEADER, transactions: [a, b, c] });
    const left = sha256d(concatBytes(x, y));
    const right = sha256d(concatBytes(z, z));
    return (
      equalBytes(one.root, x) &&
      !one.mutated &&
      equalBytes(two.root, left) &&
      two.mutated === equalBytes(x, y) &&
      equalBytes(three.root, sha256d(concatBytes(left, right))) &&
      three.mutated === (equalBytes(x, y) || equalBytes(left, right))
    );
  },
});
