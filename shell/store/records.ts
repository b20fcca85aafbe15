/**
 * The store's block-index and chain-state records (formats of ours, fixed layouts, versioned):
 *
 *   block index, key: block hash (32 bytes, hash order); value, 125 bytes:
 *     u8 format (1) ‖ u32le status (Core's BlockStatus bits) ‖ u32le height ‖ u32le transactions
 *     (0 until the block is stored) ‖ 32-byte chain work (big-endian) ‖ 80-byte header
 *   chain state, one record: u8 format (1) ‖ 32-byte tip hash ‖ u32le tip height ‖ the UTXO
 *     commitment state: u64le tree version ‖ u64le coin count ‖ i64le total amount ‖ MuHash
 *     numerator and denominator (384 bytes each, little-endian, as Core's Num3072) ‖ the tree's
 *     root reference (kernel/commitments/tree-codec.ts encodeRootRef: empty, or 57 bytes)
 *
 * Status bits are Core's (chain.h BlockStatus): validity level in the low 3 bits
 * (BLOCK_VALID_TREE 2 ... BLOCK_VALID_SCRIPTS 5), BLOCK_HAVE_DATA 8, BLOCK_HAVE_UNDO 16,
 * BLOCK_FAILED_VALID 32, BLOCK_FAILED_CHILD 64.
 */
import type { UtxoCommitmentState } from '../../kernel/commitments/utxo-state.js';
import { MUHASH_BYTE_SIZE } from '../../kernel/commitments/muhash.js';
import type { ByteReader } from '../../kernel/encoding/reader.js';
import { ByteWriter } from '../../kernel/encoding/writer.js';
import { BLOCK_HEADER_SIZE, encodeBlockHeader, readBlockHeader } from '../../kernel/primitives/block.js';
import type { BlockHeader } from '../../kernel/primitives/types.js';
import type { Result } from '../../kernel/result.js';
import { decodeRootRef, encodeRootRef } from '../../kernel/commitments/tree-codec.js';
import { type RecordDecodeError, decodeRecord, failRecord } from './record-decode.js';

export const BLOCK_VALID_TREE = 2;
export const BLOCK_VALID_SCRIPTS = 5;
export const BLOCK_VALID_MASK = 7;
export const BLOCK_HAVE_DATA = 8;
export const BLOCK_HAVE_UNDO = 16;
export const BLOCK_FAILED_VALID = 32;
export const BLOCK_FAILED_CHILD = 64;
export const BLOCK_FAILED_MASK = BLOCK_FAILED_VALID | BLOCK_FAILED_CHILD;

const INDEX_FORMAT = 1;
const CHAIN_STATE_FORMAT = 1;
/** Size of a block-index record. */
export const INDEX_RECORD_SIZE = 1 + 4 + 4 + 4 + 32 + BLOCK_HEADER_SIZE;
const ROOT_REF_SIZE = 57;

/** One block-index record: Core's CDiskBlockIndex, reduced to what this store needs. */
export interface IndexRecord {
  readonly status: number;
  readonly height: number;
  readonly txCount: number;
  readonly chainWork: bigint;
  readonly header: BlockHeader;
}

/** What a block's status says, in words. */
export type BlockState = 'header-only' | 'block-stored' | 'validated' | 'invalid';

/** The state a status describes: failed, validated to scripts with undo, stored, or a header alone. */
export function blockState(status: number): BlockState {
  if ((status & BLOCK_FAILED_MASK) !== 0) return 'invalid';
  if ((status & BLOCK_VALID_MASK) >= BLOCK_VALID_SCRIPTS && (status & BLOCK_HAVE_UNDO) !== 0) return 'validated';
  if ((status & BLOCK_HAVE_DATA) !== 0) return 'block-stored';
  return 'header-only';
}

function writeUint256BE(w: ByteWriter, n: bigint): void {
  const out = new Uint8Array(32);
  let rest = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  w.bytes(out);
}

function readUintBE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function readUintLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

function uintLE(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let rest = n;
  for (let i = 0; i < size; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

export function encodeIndexRecord(record: IndexRecord): Uint8Array {
  const w = new ByteWriter(INDEX_RECORD_SIZE).u8(INDEX_FORMAT).u32le(record.status).u32le(record.height).u32le(record.txCount);
  writeUint256BE(w, record.chainWork);
  return w.bytes(encodeBlockHeader(record.header)).finish();
}

export function decodeIndexRecord(bytes: Uint8Array): Result<IndexRecord, RecordDecodeError> {
  return decodeRecord(bytes, (r: ByteReader) => {
    if (r.u8() !== INDEX_FORMAT) failRecord(r, 'unknown block-index record format');
    const status = r.u32le();
    const height = r.u32le();
    const txCount = r.u32le();
    const chainWork = readUintBE(r.bytes(32));
    return { status, height, txCount, chainWork, header: readBlockHeader(r) };
  });
}

/** The chain state: the tip and the UTXO commitment state of the set at the tip. */
export interface ChainStateRecord {
  readonly tipHash: Uint8Array;
  readonly tipHeight: number;
  readonly commitment: UtxoCommitmentState;
}

export function encodeChainState(state: ChainStateRecord): Uint8Array {
  const c = state.commitment;
  return new ByteWriter(1 + 32 + 4 + 24 + 2 * MUHASH_BYTE_SIZE + ROOT_REF_SIZE)
    .u8(CHAIN_STATE_FORMAT)
    .bytes(state.tipHash)
    .u32le(state.tipHeight)
    .bytes(uintLE(BigInt(c.version), 8))
    .bytes(uintLE(c.utxoCount, 8))
    .i64le(c.totalAmount)
    .bytes(uintLE(c.muhash.numerator, MUHASH_BYTE_SIZE))
    .bytes(uintLE(c.muhash.denominator, MUHASH_BYTE_SIZE))
    .bytes(encodeRootRef(c.root))
    .finish();
}

export function decodeChainState(bytes: Uint8Array): Result<ChainStateRecord, RecordDecodeError> {
  return decodeRecord(bytes, (r: ByteReader) => {
    if (r.u8() !== CHAIN_STATE_FORMAT) failRecord(r, 'unknown chain-state record format');
    const tipHash = r.bytes(32);
    const tipHeight = r.u32le();
    const version = Number(readUintLE(r.bytes(8)));
    const utxoCount = readUintLE(r.bytes(8));
    const totalAmount = r.i64le();
    const numerator = readUintLE(r.bytes(MUHASH_BYTE_SIZE));
    const denominator = readUintLE(r.bytes(MUHASH_BYTE_SIZE));
    const rootBytes = r.bytes(r.remaining);
    if (rootBytes.length !== 0 && rootBytes.length !== ROOT_REF_SIZE) failRecord(r, 'bad tree root reference');
    const root = decodeRootRef(rootBytes);
    return { tipHash, tipHeight, commitment: { root, version, utxoCount, totalAmount, muhash: { numerator, denominator } } };
  });
}
