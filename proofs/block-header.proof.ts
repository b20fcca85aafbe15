/**
 * The block header's serialization (SPEC.md §2.2, kernel/primitives/block.ts): Core's CBlockHeader
 * layout, 80 bytes at literal offsets, read back field by field; and CheckBlockHeader
 * (kernel/validation/block-check.ts) as CheckProofOfWork of SHA256d of those bytes, the hash
 * an uninterpreted function (CI.md, "Axioms"; CheckProofOfWork itself: proofs/pow.proof.ts).
 */
import { proof } from '../harness/dsl.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { encodeBlockHeader } from '../kernel/primitives/block.js';
import { checkBlockHeader } from '../kernel/validation/block-check.js';
import { checkProofOfWork } from '../kernel/validation/pow.js';
import { MAINNET_POW_LIMIT, anyHeader } from './block-domains.js';

/** Bytes [at, at + 4) of m as an unsigned little-endian integer. */
const le32 = (m: Uint8Array, at: number): number =>
  (m[at] as number) + 256 * (m[at + 1] as number) + 65536 * (m[at + 2] as number) + 16777216 * (m[at + 3] as number);

export const blockHeaderLayout = proof('a block header serializes as 80 bytes at CBlockHeader\'s offsets', {
  fn: encodeBlockHeader,
  spec: '§2.2',
  arithSolver: 'simplex',
  statement:
    'For every header (version any int32, 32-byte previous hash and Merkle root, time, nBits and nonce in [0, 2^32 - 1]): the serialization is 80 bytes: the version at 0..3 (little-endian two\'s complement), the previous block hash at 4..35, the Merkle root at 36..67, time at 68..71, nBits at 72..75 and the nonce at 76..79, little-endian.',
  inputs: { h: anyHeader() },
  ensures: ({ h }) => {
    const b = encodeBlockHeader(h);
    return (
      b.length === 80 &&
      le32(b, 0) === (h.version < 0 ? h.version + 4294967296 : h.version) &&
      equalBytes(b.slice(4, 36), h.prevBlockHash) &&
      equalBytes(b.slice(36, 68), h.merkleRoot) &&
      le32(b, 68) === h.time &&
      le32(b, 72) === h.bits &&
      le32(b, 76) === h.nonce
    );
  },
  covers: { 'a negative version': ({ h }) => h.version < 0 },
});

export const checkBlockHeaderIsPow = proof('CheckBlockHeader is CheckProofOfWork of SHA256d of the 80-byte header, else high-hash', {
  fn: checkBlockHeader,
  splitEnsures: true,
  sharedContext: true,
  spec: '§5.2',
  statement:
    "For every header as above and mainnet's powLimit 2^224 - 1: CheckBlockHeader accepts iff CheckProofOfWork(SHA256d(the 80-byte serialization whose layout the proof above states), nBits, powLimit); otherwise it rejects with Core's reason 'high-hash'.",
  inputs: { h: anyHeader() },
  ensures: ({ h }) => {
    const r = checkBlockHeader(h, MAINNET_POW_LIMIT);
    const pow = checkProofOfWork(sha256d(encodeBlockHeader(h)), h.bits, MAINNET_POW_LIMIT);
    return r.ok === pow && (r.ok || r.error.reason === 'high-hash');
  },
  covers: { 'a header that passes': ({ h }) => checkBlockHeader(h, MAINNET_POW_LIMIT).ok, 'a header that fails': ({ h }) => !checkBlockHeader(h, MAINNET_POW_LIMIT).ok },
});
