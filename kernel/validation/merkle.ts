import { sha256d, sha256d64 } from '../crypto/hashes.js';
import { concatBytes, equalBytes } from '../encoding/bytes.js';
import { txids, wtxids } from '../primitives/transaction.js';
import type { Block } from '../primitives/types.js';

export interface MerkleRoot {
  readonly root: Uint8Array;
  /** Core's `mutated`: two equal siblings somewhere in the tree (CVE-2012-2459). */
  readonly mutated: boolean;
}

/** SHA256d of two concatenated 32-byte hashes: a Merkle node (Core's Hash(a, b)). */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256d(concatBytes(left, right));
}

/**
 * Core's ComputeMerkleRoot: pairwise SHA256d, an odd level repeats its last hash; flags
 * mutation when a level holds two equal siblings, as the duplicated last hash can forge one
 * root for two transaction lists (CVE-2012-2459). The root of no hashes is zero (SPEC.md §4.4).
 */
export function computeMerkleRoot(leaves: readonly Uint8Array[]): MerkleRoot {
  let level = leaves;
  let mutated = false;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let pos = 0; pos < level.length; pos += 2) {
      const left = level[pos] as Uint8Array;
      const right = level[pos + 1];
      if (right !== undefined && equalBytes(left, right)) mutated = true;
      next.push(hashPair(left, right ?? left));
    }
    level = next;
  }
  return { root: level[0] ?? new Uint8Array(32), mutated };
}

/** Whether the 32-byte hashes at `a` and `b` of `level` are equal. */
function equalHashesAt(level: Uint8Array, a: number, b: number): boolean {
  for (let k = 0; k < 32; k++) if (level[a + k] !== level[b + k]) return false;
  return true;
}

/**
 * computeMerkleRoot with each level hashed in one batch: a level stored back to back (with its
 * last hash repeated when odd) is a run of 64-byte sibling pairs, and SHA256D64 (hashes.ts, SIMD
 * lanes in WebAssembly) hashes them all into the next level. Same root and `mutated` flag as
 * computeMerkleRoot, the reference the other Merkle proofs pin (proved for 0..9 leaves:
 * merkleBatchedEqualsReference in proofs/merkle.proof.ts; tested: test/crypto/sha256-wasm.test.ts)
 * (SPEC.md §4.4).
 */
export function computeMerkleRootBatched(leaves: readonly Uint8Array[]): MerkleRoot {
  const count = leaves.length;
  if (count === 0) return { root: new Uint8Array(32), mutated: false };
  let level: Uint8Array = new Uint8Array(32 * (count + (count & 1)));
  for (let i = 0; i < count; i++) level.set(leaves[i] as Uint8Array, 32 * i);
  let size = count;
  let mutated = false;
  while (size > 1) {
    for (let pos = 0; pos + 1 < size && !mutated; pos += 2) if (equalHashesAt(level, 32 * pos, 32 * pos + 32)) mutated = true;
    // An odd level repeats its last hash.
    if (size & 1) level.copyWithin(32 * size, 32 * (size - 1), 32 * size);
    const next = sha256d64(level.subarray(0, 64 * ((size + 1) >> 1)));
    size = (size + 1) >> 1;
    if (size & 1 && size > 1) {
      level = new Uint8Array(32 * (size + 1));
      level.set(next);
    } else {
      level = next;
    }
  }
  return { root: level.slice(0, 32), mutated };
}

/** Core's BlockMerkleRoot: the Merkle root of the txids (SPEC.md §4.4). */
export function blockMerkleRoot(block: Block): MerkleRoot {
  return computeMerkleRootBatched(txids(block.transactions));
}

/** Core's BlockWitnessMerkleRoot (BIP141): the root of the wtxids, the coinbase's taken as zero (SPEC.md §4.5). */
export function blockWitnessMerkleRoot(block: Block): MerkleRoot {
  return computeMerkleRootBatched(wtxids(block.transactions).map((id, i) => (i === 0 ? new Uint8Array(32) : id)));
}
