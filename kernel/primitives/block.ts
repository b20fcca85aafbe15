import { sha256d } from '../crypto/hashes.js';
import { concatBytes } from '../encoding/bytes.js';
import { u32le } from '../encoding/little-endian.js';
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

/** Reads an 80-byte block header (Core's CBlockHeader serialization) at the reader's position (SPEC.md §2.2). */
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

/** Reads a block at the reader's position: the header, then a CompactSize count of transactions (SPEC.md §2.2). */
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

/**
 * Decodes exactly one serialized block, transactions in BIP144 format where they carry witnesses (SPEC.md §2.2).
 *
 * @example
 * ```ts
 * import { blockHash, decodeBlock, fromHex, toDisplayHex } from 'bllvm-ts';
 * // Mainnet block 1 (215 bytes).
 * const bytes = fromHex(
 *   '010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e' +
 *   '1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e3629901010000000100000000000000000000' +
 *   '00000000000000000000000000000000000000000000ffffffff0704ffff001d0104ffffffff0100f2052a0100000043' +
 *   '410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781' +
 *   'e62294721166bf621e73a82cbf2342c858eeac00000000',
 * );
 * if (!bytes.ok) throw new Error(bytes.error);
 * const block = decodeBlock(bytes.value);
 * if (!block.ok) throw new Error(`${block.error.code} at byte ${block.error.offset}`);
 * block.value.transactions.length; // => 1
 * toDisplayHex(blockHash(block.value.header)); // => '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048'
 * ```
 */
export function decodeBlock(bytes: Uint8Array): Result<Block, DecodeError> {
  return decodeExact(bytes, readBlock);
}

/**
 * Serializes a block header: 80 bytes, version (int32) ‖ prevBlockHash ‖ merkleRoot ‖ time ‖ bits ‖
 * nonce, integers little-endian (SPEC.md §2.2). Concatenated fixed-width fields, the provable
 * subset (`u32le` writes an int32's low 32 bits, the bytes DataView setInt32 wrote).
 */
export function encodeBlockHeader(h: BlockHeader): Uint8Array {
  return concatBytes(u32le(h.version), h.prevBlockHash, h.merkleRoot, u32le(h.time), u32le(h.bits), u32le(h.nonce));
}

/** Serializes a block, with witnesses unless `withWitness` is false (SPEC.md §2.2). */
export function encodeBlock(block: Block, withWitness = true): Uint8Array {
  const w = new ByteWriter(1 << 16);
  w.bytes(encodeBlockHeader(block.header));
  w.compactSize(block.transactions.length);
  for (const tx of block.transactions) writeTransaction(w, tx, withWitness);
  return w.finish();
}

/**
 * Core's CBlockHeader::GetHash: SHA256d of the 80-byte header (SPEC.md §2.2).
 *
 * @example
 * ```ts
 * import { NETWORKS, blockHash, createGenesisBlock, toDisplayHex } from 'bllvm-ts';
 * toDisplayHex(blockHash(createGenesisBlock(NETWORKS.main.genesis).header));
 * // => '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f'
 * ```
 */
export function blockHash(h: BlockHeader): Uint8Array {
  return sha256d(encodeBlockHeader(h));
}
