/**
 * Taproot script trees (SPEC.md §3.8). TaggedHash("TapBranch", ·) is an uninterpreted function
 * assumed injective (collision resistance), listed as an axiom of each proof.
 */
import { bytes, proof } from '../harness/dsl.js';
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
