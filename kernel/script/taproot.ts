/**
 * BIP341 taproot commitments (SPEC.md §3.8): tapleaf and tapbranch hashes, the TapTweak, and
 * Core's VerifyTaprootCommitment for script-path spends.
 */
import type { Secp256k1Backend, XOnlyTweakResult } from '../crypto/secp256k1.js';
import { taggedHash } from '../crypto/hashes.js';
import { encodeCompactSize } from '../encoding/compact-size.js';

/** Core's TAPROOT_LEAF_MASK: the leaf version is the control byte without its parity bit. */
export const TAPROOT_LEAF_MASK = 0xfe;
/** Core's TAPROOT_LEAF_TAPSCRIPT: the leaf version of BIP342 tapscript. */
export const TAPROOT_LEAF_TAPSCRIPT = 0xc0;
/** Core's TAPROOT_CONTROL_BASE_SIZE: control byte + 32-byte internal key. */
export const TAPROOT_CONTROL_BASE_SIZE = 33;
/** Core's TAPROOT_CONTROL_NODE_SIZE: one 32-byte Merkle path node. */
export const TAPROOT_CONTROL_NODE_SIZE = 32;
/** Core's TAPROOT_CONTROL_MAX_NODE_COUNT: at most 128 path nodes. */
export const TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
/** Core's TAPROOT_CONTROL_MAX_SIZE: 33 + 32·128 bytes. */
export const TAPROOT_CONTROL_MAX_SIZE = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;

/** Core's ComputeTapleafHash (BIP341): TaggedHash("TapLeaf", leafVersion ‖ CompactSize(|script|) ‖ script) (SPEC.md §3.8). */
export function computeTapleafHash(leafVersion: number, script: Uint8Array): Uint8Array {
  return taggedHash('TapLeaf', Uint8Array.of(leafVersion & 0xff), encodeCompactSize(script.length), script);
}

/** BIP341 TapBranch: TaggedHash("TapBranch", min(a, b) ‖ max(a, b)), lexicographic byte order (SPEC.md §3.8). */
export function computeTapbranchHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  return lexicographicLess(a, b) ? taggedHash('TapBranch', a, b) : taggedHash('TapBranch', b, a);
}

function lexicographicLess(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return a.length < b.length;
}

/**
 * Core's ComputeTaprootMerkleRoot: starting from `tapleafHash`, hash in each 32-byte node of the
 * control block's path (after its first 33 bytes) with TapBranch (SPEC.md §3.8).
 */
export function computeTaprootMerkleRoot(controlBlock: Uint8Array, tapleafHash: Uint8Array): Uint8Array {
  const pathLength = Math.floor((controlBlock.length - TAPROOT_CONTROL_BASE_SIZE) / TAPROOT_CONTROL_NODE_SIZE);
  let k = tapleafHash;
  for (let i = 0; i < pathLength; i++) {
    const start = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * i;
    k = computeTapbranchHash(k, controlBlock.subarray(start, start + TAPROOT_CONTROL_NODE_SIZE));
  }
  return k;
}

/**
 * Core's XOnlyPubKey::ComputeTapTweakHash (BIP341): TaggedHash("TapTweak", internalKey) for a
 * key-only output, TaggedHash("TapTweak", internalKey ‖ merkleRoot) otherwise (SPEC.md §3.8).
 */
export function computeTapTweakHash(internalKey: Uint8Array, merkleRoot?: Uint8Array): Uint8Array {
  return merkleRoot === undefined ? taggedHash('TapTweak', internalKey) : taggedHash('TapTweak', internalKey, merkleRoot);
}

/**
 * BIP341 taproot_tweak_pubkey: the output key Q = lift_x(internalKey) + TapTweak·G, with the
 * parity of its y; undefined when the key is invalid or the tweak fails (SPEC.md §3.8).
 */
export function computeTaprootOutputKey(
  internalKey: Uint8Array,
  merkleRoot: Uint8Array | undefined,
  backend: Secp256k1Backend,
): XOnlyTweakResult | undefined {
  if (internalKey.length !== 32) return undefined;
  return backend.xOnlyTweakAdd(internalKey, computeTapTweakHash(internalKey, merkleRoot));
}

/**
 * Core's control-block size rule for a script-path spend (interpreter.cpp VerifyWitnessProgram,
 * TAPROOT_WRONG_CONTROL_SIZE): 33 + 32·m bytes with 0 ≤ m ≤ 128 path nodes (SPEC.md §3.8).
 */
export function isValidTaprootControlSize(length: number): boolean {
  return length >= TAPROOT_CONTROL_BASE_SIZE && length <= TAPROOT_CONTROL_MAX_SIZE && (length - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE === 0;
}

/** The leaf version of a script-path spend: the control block's first byte without its parity bit (BIP341: c[0] & 0xfe) (SPEC.md §3.8). */
export function taprootLeafVersion(controlBlock: Uint8Array): number {
  return (controlBlock[0] ?? 0) & TAPROOT_LEAF_MASK;
}

/**
 * What Core's VerifyTaprootCommitment hands to CheckTapTweak: the internal key P = control[1..33]
 * and the tweak TapTweak(P ‖ root), root the control block's path folded into `tapleafHash`;
 * undefined for a control block shorter than 33 bytes or a program that is not 32 bytes (SPEC.md §3.8).
 */
export function taprootCommitmentTweak(
  controlBlock: Uint8Array,
  program: Uint8Array,
  tapleafHash: Uint8Array,
): { readonly internalKey: Uint8Array; readonly tweak: Uint8Array } | undefined {
  if (controlBlock.length < TAPROOT_CONTROL_BASE_SIZE || program.length !== 32) return undefined;
  const internalKey = controlBlock.subarray(1, TAPROOT_CONTROL_BASE_SIZE);
  return { internalKey, tweak: computeTapTweakHash(internalKey, computeTaprootMerkleRoot(controlBlock, tapleafHash)) };
}

/** Core's XOnlyPubKey::CheckTapTweak after the tweak: the tweaked key's x is the (32-byte) program and its y parity is control[0] & 1 (SPEC.md §3.8). */
export function isTaprootOutputKey(tweaked: XOnlyTweakResult, program: Uint8Array, controlBlock: Uint8Array): boolean {
  if (tweaked.parity !== ((controlBlock[0] ?? 0) & 1)) return false;
  for (let i = 0; i < 32; i++) if (tweaked.xOnly[i] !== program[i]) return false;
  return true;
}

/**
 * Core's VerifyTaprootCommitment: with internal key P = control[1..33] and the Merkle root from
 * the control block's path, the output key `program` must equal P tweaked by
 * TapTweak(P ‖ root), with y parity `control[0] & 1` (Core's XOnlyPubKey::CheckTapTweak).
 * False for a control block shorter than 33 bytes or a program that is not 32 bytes (SPEC.md §3.8).
 * The backend call is outside the provable subset; its two sides are proved
 * (taprootCommitmentTweak, isTaprootOutputKey: proofs/taproot.proof.ts).
 */
export function verifyTaprootCommitment(
  controlBlock: Uint8Array,
  program: Uint8Array,
  tapleafHash: Uint8Array,
  backend: Secp256k1Backend,
): boolean {
  const commitment = taprootCommitmentTweak(controlBlock, program, tapleafHash);
  if (commitment === undefined) return false;
  const tweaked = backend.xOnlyTweakAdd(commitment.internalKey, commitment.tweak);
  return tweaked !== undefined && isTaprootOutputKey(tweaked, program, controlBlock);
}
