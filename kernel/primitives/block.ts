import { sha256d } from '../crypto/hashes.js';
import type { DecodeError } from '../encoding/errors.js';
import { type ByteReader, decodeExact } from '../encoding/reader.js';
import { ByteWriter } from '../encoding/writer.js';
import type { Result } from '../result.js';
import { readTransaction, writeTransaction } from './transaction.js';
import type { Block, BlockHeader, Transaction } from './types.js';

/** Serialized size of a block header. */
export const BLOCK_HEADER_SIZE = 80;
/** Smallest serialized transaction: version, two empty vectors, lock time. */
const MIN_TX_SIZE = 10;

export function readBlockHeader(r: ByteReader): BlockHeader {
  return {
    version: r.i32le(),
    prevBlockHash: r.bytes(32),
    merkleRoot: r.bytes(32),
    time: r.u32le(),
    bits: r.u32le(),
    nonce: r.u32le(),
  };
}

export function readBlock(r: ByteReader): Block {
  const header = readBlockHeader(r);
  const n = r.count(MIN_TX_SIZE);
  const transactions: Transaction[] = [];
  for (let i = 0; i < n; i++) transactions.push(readTransaction(r));
  return { header, transactions };
}

/** Decodes exactly one 80-byte block header (SPEC.md §2.2). */
export function decodeBlockHeader(bytes: Uint8Array): Result<BlockHeader, DecodeError> {
  return decodeExact(bytes, readBlockHeader);
}

/** Decodes exactly one serialized block, transactions in BIP144 format where they carry witnesses (SPEC.md §2.2). */
export function decodeBlock(bytes: Uint8Array): Result<Block, DecodeError> {
  return decodeExact(bytes, readBlock);
}

function writeBlockHeader(w: ByteWriter, h: BlockHeader): void {
  w.i32le(h.version).bytes(h.prevBlockHash).bytes(h.merkleRoot).u32le(h.time).u32le(h.bits).u32le(h.nonce);
}

/** Serializes a block header: 80 bytes (SPEC.md §2.2). */
export function encodeBlockHeader(h: BlockHeader): Uint8Array {
  const w = new ByteWriter(BLOCK_HEADER_SIZE);
  writeBlockHeader(w, h);
  return w.finish();
}

/** Serializes a block, with witnesses unless `withWitness` is false (SPEC.md §2.2). */
export function encodeBlock(block: Block, withWitness = true): Uint8Array {
  const w = new ByteWriter(1 << 16);
  writeBlockHeader(w, block.header);
  w.compactSize(block.transactions.length);
  for (const tx of block.transactions) writeTransaction(w, tx, withWitness);
  return w.finish();
}

/** Core's CBlockHeader::GetHash: SHA256d of the 80-byte header (SPEC.md §2.2). */
export function blockHash(h: BlockHeader): Uint8Array {
  return sha256d(encodeBlockHeader(h));
}
