import { compactSizeWidth } from '../encoding/compact-size.js';
import { BLOCK_HEADER_SIZE } from './block.js';
import { DecodedTransaction, hasWitness } from './transaction.js';
import type { Block, Transaction } from './types.js';

/** Core's WITNESS_SCALE_FACTOR (BIP141). */
export const WITNESS_SCALE_FACTOR = 4;

function varBytesSize(length: number): number {
  return compactSizeWidth(length) + length;
}

/** Serialized size without witness: Core's GetSerializeSize(TX_NO_WITNESS(tx)) (SPEC.md §2.3). */
export function txBaseSize(tx: Transaction): number {
  // A decoded transaction knows its serialization: its size without the witness section.
  if (tx instanceof DecodedTransaction) return tx.baseSize;
  return txBaseSizeOfFields(tx);
}

/** txBaseSize from the fields (reference path; transactions not decoded from bytes). */
export function txBaseSizeOfFields(tx: Transaction): number {
  let size = 4 + compactSizeWidth(tx.inputs.length) + compactSizeWidth(tx.outputs.length) + 4;
  for (const input of tx.inputs) size += 36 + varBytesSize(input.scriptSig.length) + 4;
  for (const output of tx.outputs) size += 8 + varBytesSize(output.scriptPubKey.length);
  return size;
}

/** Serialized size with witness (BIP144: marker, flag and one stack per input when any is non-empty) (SPEC.md §2.3). */
export function txTotalSize(tx: Transaction): number {
  if (tx instanceof DecodedTransaction) return tx.serialization.length;
  return txTotalSizeOfFields(tx);
}

/** txTotalSize from the fields (reference path). */
export function txTotalSizeOfFields(tx: Transaction): number {
  if (!hasWitness(tx)) return txBaseSizeOfFields(tx);
  let size = txBaseSizeOfFields(tx) + 2;
  for (const input of tx.inputs) {
    size += compactSizeWidth(input.witness.length);
    for (const item of input.witness) size += varBytesSize(item.length);
  }
  return size;
}

/** BIP141 weight from the two sizes: base size × 3 + total size (SPEC.md §2.3). */
export function weightOf(baseSize: number, totalSize: number): number {
  return baseSize * (WITNESS_SCALE_FACTOR - 1) + totalSize;
}

/** BIP141 virtual size: weight / 4, rounded up (SPEC.md §2.3). */
export function vsizeOf(weight: number): number {
  return Math.floor((weight + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR);
}

/** Core's GetTransactionWeight (BIP141) (SPEC.md §2.3). */
export function txWeight(tx: Transaction): number {
  return weightOf(txBaseSize(tx), txTotalSize(tx));
}

function blockSize(block: Block, txSize: (tx: Transaction) => number): number {
  let size = BLOCK_HEADER_SIZE + compactSizeWidth(block.transactions.length);
  for (const tx of block.transactions) size += txSize(tx);
  return size;
}

/** Block size without witnesses: Core's GetSerializeSize(TX_NO_WITNESS(block)) (SPEC.md §2.3). */
export function blockBaseSize(block: Block): number {
  return blockSize(block, txBaseSize);
}

/** Serialized block size with witnesses (SPEC.md §2.3). */
export function blockTotalSize(block: Block): number {
  return blockSize(block, txTotalSize);
}

/** Core's GetBlockWeight (BIP141) (SPEC.md §2.3). */
export function blockWeight(block: Block): number {
  return weightOf(blockBaseSize(block), blockTotalSize(block));
}
