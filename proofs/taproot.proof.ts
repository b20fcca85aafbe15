/**
 * Taproot script trees (SPEC.md §3.8). TaggedHash("TapBranch", ·) is an uninterpreted function
 * assumed injective (collision resistance), listed as an axiom of each proof.
 */
import { bytes, proof } from '../harness/dsl.js';
import { taggedHash } from '../kernel/crypto/hashes.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { computeTapbranchHash } from '../kernel/script/taproot.js';

export const tapbranchSymmetric = proof('TapBranch does not depend on the order of its children', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement: 'For 32-byte nodes a, b: TapBranch(a, b) = TapBranch(b, a) (children are sorted lexicographically before hashing).',
  inputs: { a: bytes(32), b: bytes(32) },
  ensures: ({ a, b }) => equalBytes(computeTapbranchHash(a, b), computeTapbranchHash(b, a)),
});

export const tapbranchBinding = proof('equal TapBranch hashes mean the same pair of children', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement: 'Under collision resistance: TapBranch(a, b) = TapBranch(c, d) implies {a, b} = {c, d}, so a control block proves one script path.',
  inputs: { a: bytes(32), b: bytes(32), c: bytes(32), d: bytes(32) },
  requires: ({ a, b, c, d }) => equalBytes(computeTapbranchHash(a, b), computeTapbranchHash(c, d)),
  ensures: ({ a, b, c, d }) => (equalBytes(a, c) && equalBytes(b, d)) || (equalBytes(a, d) && equalBytes(b, c)),
  covers: { 'distinct children': ({ a, b }) => !equalBytes(a, b) },
});

/** BIP341's lexicographic order of two 32-byte nodes: the first differing byte decides. */
function lexicographicallyBefore(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

export const tapbranchOrder = proof('TapBranch hashes the lexicographically smaller child first', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement: 'For 32-byte nodes a, b: TapBranch(a, b) = TaggedHash("TapBranch", min ‖ max) where min is the one whose first differing byte is smaller (BIP341 taproot_tree_helper).',
  inputs: { a: bytes(32), b: bytes(32) },
  ensures: ({ a, b }) =>
    equalBytes(computeTapbranchHash(a, b), lexicographicallyBefore(a, b) ? taggedHash('TapBranch', a, b) : taggedHash('TapBranch', b, a)),
  covers: {
    'a before b, deciding at the last byte': ({ a, b }) => a[0] === b[0] && a[30] === b[30] && a[31] < b[31] && lexicographicallyBefore(a, b),
    'b before a': ({ a, b }) => lexicographicallyBefore(b, a),
  },
});
