/**
 * The UTXO commitment record (SPEC.md §8.3): what a node states about its UTXO set at a block,
 * bound by one digest so that peers agree on all of it or on nothing: the block (height, hash),
 * the tree root (§8.2), the coin count and total amount, and Core's MuHash3072 of the same coins
 * (§8.1). Encoded in a fixed, versioned layout of 117 bytes; decoding names the field and offset
 * of any fault. Written in the provable subset (proofs/commitments.proof.ts: the round trip, and
 * the digest binding every field).
 */
import { taggedHash } from '../crypto/hashes.js';
import { concatBytes } from '../encoding/bytes.js';
import { i64le, readNonNegativeI64le, readU32le, u32le } from '../encoding/little-endian.js';
import { type Result, err, ok } from '../result.js';

/** The only record version so far. */
export const COMMITMENT_VERSION = 1;
/** Encoded size: version 1, height 4, block hash 32, root 32, count 8, amount 8, MuHash 32. */
export const COMMITMENT_SIZE = 117;

export interface UtxoCommitment {
  readonly height: number;
  /** The block's hash in hash order (Core's uint256 bytes, not the reversed display). */
  readonly blockHash: Uint8Array;
  readonly root: Uint8Array;
  readonly utxoCount: bigint;
  readonly totalAmount: bigint;
  /** MuHash3072 digest in hash order. */
  readonly muhash: Uint8Array;
}

export type CommitmentField = 'version' | 'height' | 'blockHash' | 'root' | 'utxoCount' | 'totalAmount' | 'muhash' | 'length';

export interface CommitmentError {
  readonly code: 'wrong length' | 'unknown version' | 'out of range';
  readonly field: CommitmentField;
  /** Where the field starts in the encoding. */
  readonly offset: number;
}

const FIELD_OFFSETS = { version: 0, height: 1, blockHash: 5, root: 37, utxoCount: 69, totalAmount: 77, muhash: 85, length: COMMITMENT_SIZE } as const;

function outOfRange(field: CommitmentField, offset: number): Result<never, CommitmentError> {
  return err({ code: 'out of range', field, offset });
}

/** The first field a record cannot carry: height outside [0, 2^31), a hash not 32 bytes, a count or amount outside [0, 2^63). */
function checkFields(c: UtxoCommitment): Result<void, CommitmentError> {
  // Number.isSafeInteger: the same verdict as Number.isInteger on [0, 2^31).
  if (!Number.isSafeInteger(c.height) || c.height < 0 || c.height > 0x7fffffff) return outOfRange('height', FIELD_OFFSETS.height);
  if (c.blockHash.length !== 32) return outOfRange('blockHash', FIELD_OFFSETS.blockHash);
  if (c.root.length !== 32) return outOfRange('root', FIELD_OFFSETS.root);
  if (c.utxoCount < 0n || c.utxoCount > 0x7fffffffffffffffn) return outOfRange('utxoCount', FIELD_OFFSETS.utxoCount);
  if (c.totalAmount < 0n || c.totalAmount > 0x7fffffffffffffffn) return outOfRange('totalAmount', FIELD_OFFSETS.totalAmount);
  if (c.muhash.length !== 32) return outOfRange('muhash', FIELD_OFFSETS.muhash);
  return ok(undefined);
}

/** The fixed encoding: u8 version, u32le height, block hash, root, i64le count, i64le amount, MuHash; an error names a field it cannot carry. */
export function encodeCommitment(c: UtxoCommitment): Result<Uint8Array, CommitmentError> {
  const fields = checkFields(c);
  if (!fields.ok) return fields;
  return ok(concatBytes(Uint8Array.of(COMMITMENT_VERSION), u32le(c.height), c.blockHash, c.root, i64le(c.utxoCount), i64le(c.totalAmount), c.muhash));
}

/** Decodes a record: exactly 117 bytes, version 1, height below 2^31, count and amount non-negative. */
export function decodeCommitment(bytes: Uint8Array): Result<UtxoCommitment, CommitmentError> {
  if (bytes.length !== COMMITMENT_SIZE) return err({ code: 'wrong length', field: 'length', offset: Math.min(bytes.length, COMMITMENT_SIZE) });
  if (bytes[0] !== COMMITMENT_VERSION) return err({ code: 'unknown version', field: 'version', offset: 0 });
  const height = readU32le(bytes, 1);
  if (height > 0x7fffffff) return outOfRange('height', FIELD_OFFSETS.height);
  const utxoCount = readNonNegativeI64le(bytes, 69);
  if (utxoCount === undefined) return outOfRange('utxoCount', FIELD_OFFSETS.utxoCount);
  const totalAmount = readNonNegativeI64le(bytes, 77);
  if (totalAmount === undefined) return outOfRange('totalAmount', FIELD_OFFSETS.totalAmount);
  return ok({
    height,
    blockHash: bytes.slice(5, 37),
    root: bytes.slice(37, 69),
    utxoCount,
    totalAmount,
    muhash: bytes.slice(85, 117),
  });
}

/** The digest that names a record: tagged SHA256 of its encoding, so it changes when any field does. */
export function commitmentDigest(c: UtxoCommitment): Result<Uint8Array, CommitmentError> {
  const encoded = encodeCommitment(c);
  return encoded.ok ? ok(taggedHash('bllvm/utxo-commitment', encoded.value)) : encoded;
}
