import { sha256d } from '../crypto/hashes.js';
import { concatBytes, equalBytes } from '../encoding/bytes.js';
import { txid, wtxid } from '../primitives/transaction.js';
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

/** Core's BlockMerkleRoot: the Merkle root of the txids (SPEC.md §4.4). */
export function blockMerkleRoot(block: Block): MerkleRoot {
  return computeMerkleRoot(block.transactions.map(txid));
}

/** Core's BlockWitnessMerkleRoot (BIP141): the root of the wtxids, the coinbase's taken as zero (SPEC.md §4.5). */
export function blockWitnessMerkleRoot(block: Block): MerkleRoot {
  return computeMerkleRoot(block.transactions.map((tx, i) => (i === 0 ? new Uint8Array(32) : wtxid(tx))));
}
