/**
 * The wire form of a filtered block (SPEC.md §10.3, docs/PROTOCOL.md): the 80-byte header, a
 * CompactSize transaction count, and per transaction a kind byte: 0 and the transaction (BIP144
 * serialization), or 1, the transaction without witnesses (its txid unchanged), a u8 bitmask of
 * its spam categories and the CompactSize size of the witnesses removed. Every count is checked against the bytes left before anything is
 * allocated; failures name the code and offset.
 */
import { ByteReader, decodeExact } from '../encoding/reader.js';
import { ByteWriter } from '../encoding/writer.js';
import { encodeBlockHeader, readBlockHeader } from '../primitives/block.js';
import { readTransaction, writeTransaction } from '../primitives/transaction.js';
import { type Result, err, ok } from '../result.js';
import type { SpamCategory } from './classify.js';
import type { FilteredBlock, FilteredTransaction } from './filtered-block.js';

/** The category of each bit of the mask, bit 0 first. */
const CATEGORY_BITS: readonly SpamCategory[] = ['inscription', 'brc20', 'envelope', 'runes', 'stamps', 'op-return', 'dust', 'many-small-outputs'];

export interface FilteredBlockDecodeError {
  readonly code: string;
  readonly offset: number;
}

/** Serializes a filtered block. */
export function encodeFilteredBlock(block: FilteredBlock): Uint8Array {
  const w = new ByteWriter(1024);
  w.bytes(encodeBlockHeader(block.header)).compactSize(block.transactions.length);
  for (const t of block.transactions) {
    w.u8(t.kind === 'full' ? 0 : 1);
    writeTransaction(w, t.tx, t.kind === 'full');
    if (t.kind === 'stripped') w.u8(t.categories.reduce((mask, c) => mask | (1 << CATEGORY_BITS.indexOf(c)), 0)).compactSize(t.witnessBytes);
  }
  return w.finish();
}

/** The smallest filtered transaction: a kind byte and the smallest transaction (10 bytes). */
const MIN_FILTERED_TX = 11;

function readFilteredTransaction(r: ByteReader): FilteredTransaction {
  const kind = r.u8();
  if (kind !== 0 && kind !== 1) r.fail('unknown filtered transaction kind');
  const tx = readTransaction(r);
  if (kind === 0) return { kind: 'full', tx };
  const mask = r.u8();
  return { kind: 'stripped', tx, categories: CATEGORY_BITS.filter((_, bit) => (mask & (1 << bit)) !== 0), witnessBytes: r.compactSize() };
}

/** Decodes a filtered block; an unknown transaction kind or a count the bytes cannot hold is an error with its offset. */
export function decodeFilteredBlock(bytes: Uint8Array): Result<FilteredBlock, FilteredBlockDecodeError> {
  const decoded = decodeExact(bytes, (r) => {
    const header = readBlockHeader(r);
    const transactions: FilteredTransaction[] = [];
    for (let n = r.count(MIN_FILTERED_TX), i = 0; i < n; i++) transactions.push(readFilteredTransaction(r));
    return { header, transactions };
  });
  return decoded.ok ? ok(decoded.value) : err({ code: decoded.error.code, offset: decoded.error.offset });
}
