/**
 * Proofs of the authenticated UTXO tree (SPEC.md §8.2, kernel/commitments/tree-proof.ts): a key's
 * proof is binding. Two proofs for one key that both verify against one root give the same answer
 * (present with the same value, or absent), so a peer cannot prove a coin absent that another
 * proves present. Tagged hashes are uninterpreted functions: collision resistant per tag, distinct
 * tags never equal, no digest 32 zero bytes (CI.md, "Axioms"). Bounded: paths of 0 or 1 sibling,
 * values of 1 byte.
 */
import { bytes, int, proof, record } from '../harness/dsl.js';
import type { TreeSibling } from '../kernel/commitments/tree-node.js';
import { type TreeProof, verifyTreeChunk, verifyTreeProof } from '../kernel/commitments/tree-proof.js';
import { equalBytes } from '../kernel/encoding/bytes.js';

/** A sibling from a kind selector: 0 empty, 1 internal (its hash `h`), 2 a leaf (key `h`, value `v`). */
const siblingOf = (kind: number, h: Uint8Array, v: Uint8Array): TreeSibling =>
  kind === 0 ? { kind: 'empty' } : kind === 1 ? { kind: 'internal', hash: h } : { kind: 'leaf', key: h, value: v };

/** The bytes of one proof: its sibling slot (hash or leaf key, leaf value) and the leaf it may end at. */
const proofBytes = () => record({ h: bytes(32), v: bytes(1), leafKey: bytes(32), leafValue: bytes(1) });

interface ProofBytes {
  readonly h: Uint8Array;
  readonly v: Uint8Array;
  readonly leafKey: Uint8Array;
  readonly leafValue: Uint8Array;
}

/**
 * A proof of `depth` siblings (0 or 1) of kind `kind`, ending at its leaf when `hasLeaf`. The
 * shape is a constant in each case of the split, so every proof has one concrete structure.
 */
function treeProofOf(p: ProofBytes, depth: number, kind: number, hasLeaf: boolean): TreeProof {
  const siblings = depth === 0 ? [] : [siblingOf(kind, p.h, p.v)];
  return hasLeaf ? { siblings, leaf: { key: p.leafKey, value: p.leafValue } } : { siblings };
}

/** Whether two verify results give the same answer: both absent, or both present with equal values. */
function sameAnswer(ra: ReturnType<typeof verifyTreeProof>, rb: ReturnType<typeof verifyTreeProof>): boolean {
  if (!ra.ok || !rb.ok) return true;
  const va = ra.value.value;
  const vb = rb.value.value;
  if (va === undefined) return vb === undefined;
  return vb !== undefined && equalBytes(va, vb);
}

/** The statement shared by the binding proofs (the depths differ). */
const BINDING =
  'For a 32-byte key and root, and two proofs (each sibling empty, an internal hash, or a leaf with a 32-byte key and a 1-byte value; each proof ending at a leaf with a 1-byte value or not): if both verify, both say the key is absent, or both say it is present with the same value. Under collision resistance of the tagged hashes bllvm/utxo-tree/leaf and bllvm/utxo-tree/node, distinct tags never colliding and no digest being 32 zero bytes.';

/** shape = kind of A's sibling + 3 · kind of B's sibling + 9 · (A ends at a leaf) + 18 · (B ends at a leaf). */
const kindA = (shape: number): number => shape % 3;
const kindB = (shape: number): number => Math.floor(shape / 3) % 3;
const leafA = (shape: number): boolean => Math.floor(shape / 9) % 2 === 1;
const leafB = (shape: number): boolean => Math.floor(shape / 18) === 1;

export const treeProofBindingAcrossDepths = proof('a proof at the root and a proof one level down agree on a key', {
  fn: verifyTreeProof,
  sharedContext: true,
  spec: '§8.2',
  statement: `${BINDING} Here proof A has no sibling and proof B one: the shape of the forgery that leaf siblings by hash alone let through (a one-leaf tree verified a proof that its own key is absent).`,
  inputs: { key: bytes(32), root: bytes(32), shape: int(0, 35), a: proofBytes(), b: proofBytes() },
  split: 'shape',
  ensures: ({ key, root, shape, a, b }) =>
    sameAnswer(verifyTreeProof(root, key, treeProofOf(a, 0, kindA(shape), leafA(shape))), verifyTreeProof(root, key, treeProofOf(b, 1, kindB(shape), leafB(shape)))),
});

export const treeProofBindingOneLevel = proof('two proofs one level down agree on a key', {
  fn: verifyTreeProof,
  sharedContext: true,
  spec: '§8.2',
  statement: `${BINDING} Here both proofs have one sibling.`,
  inputs: { key: bytes(32), root: bytes(32), shape: int(0, 35), a: proofBytes(), b: proofBytes() },
  split: 'shape',
  ensures: ({ key, root, shape, a, b }) =>
    sameAnswer(verifyTreeProof(root, key, treeProofOf(a, 1, kindA(shape), leafA(shape))), verifyTreeProof(root, key, treeProofOf(b, 1, kindB(shape), leafB(shape)))),
});

/** A chunk's leaves: none, or one leaf with a 32-byte key and a 1-byte value. */
const chunkLeaves = (count: number, key: Uint8Array, value: Uint8Array): { key: Uint8Array; value: Uint8Array }[] => (count === 0 ? [] : [{ key, value }]);

export const treeChunkBinding = proof('two chunks of one 1-bit prefix that verify against one root hold the same leaves', {
  fn: verifyTreeChunk,
  sharedContext: true,
  spec: '§8.4',
  statement:
    'For a 32-byte root and a 1-bit prefix, and two chunks of that prefix, each of no leaf or one leaf (32-byte key, 1-byte value) with one sibling (empty, an internal hash, or a leaf with a 32-byte key and a 1-byte value): if both verify, they hold the same leaves. So a verified chunk is the prefix\'s part of the agreed set: a server cannot leave out its coin (naming it a sibling) or add one. Under collision resistance of the tagged hashes bllvm/utxo-tree/leaf and bllvm/utxo-tree/node, distinct tags never colliding and no digest being 32 zero bytes.',
  inputs: { root: bytes(32), prefixBit: int(0, 1), shape: int(0, 35), a: proofBytes(), b: proofBytes() },
  split: 'shape',
  ensures: ({ root, prefixBit, shape, a, b }) => {
    const prefix = new Uint8Array(32);
    prefix[0] = prefixBit * 128;
    const la = chunkLeaves(Math.floor(shape / 9) % 2, a.leafKey, a.leafValue);
    const lb = chunkLeaves(Math.floor(shape / 18), b.leafKey, b.leafValue);
    const ra = verifyTreeChunk(root, prefix, 1, la, [siblingOf(kindA(shape), a.h, a.v)]);
    const rb = verifyTreeChunk(root, prefix, 1, lb, [siblingOf(kindB(shape), b.h, b.v)]);
    if (!ra.ok || !rb.ok) return true;
    if (la.length !== lb.length) return false;
    return la.length === 0 || (equalBytes(a.leafKey, b.leafKey) && equalBytes(a.leafValue, b.leafValue));
  },
});
