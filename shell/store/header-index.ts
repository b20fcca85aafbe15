/**
 * Header entries over the block-index database. The kernel's HeaderEntry is a linked list back to
 * genesis (Core's CBlockIndex::pprev); here `prev` is a getter that loads the parent from LMDB
 * (through a bounded cache of recently used entries) instead of a pointer, so the index is never
 * held in memory as a whole: memory is the cache (`cacheSize` entries, a few hundred bytes each),
 * whatever the chain's length. Walking far back (getAncestor across the chain) costs one LMDB read
 * per step not in the cache. Each entry loaded is checked: its header hashes to its key, and its
 * parent is one block lower.
 */
import type { HeaderEntry } from '../../kernel/chain/header-chain.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { blockHash } from '../../kernel/primitives/block.js';
import type { BlockHeader } from '../../kernel/primitives/types.js';
import { CorruptRecord, corrupt } from './errors.js';
import { type BinaryDb, readCopy } from './databases.js';
import { type IndexRecord, decodeIndexRecord } from './records.js';

/** A header entry whose parent is read from the index when asked for. */
class StoredHeaderEntry implements HeaderEntry {
  constructor(
    readonly header: BlockHeader,
    readonly hash: Uint8Array,
    readonly height: number,
    readonly chainWork: bigint,
    private readonly index: HeaderIndex,
  ) {}

  get prev(): HeaderEntry | undefined {
    if (this.height === 0) return undefined;
    const parent = this.index.entry(this.header.prevBlockHash);
    if (parent === undefined) throw new CorruptRecord(corrupt('block-index', this.header.prevBlockHash, `parent of the block at height ${this.height} is missing`, true));
    if (parent.height !== this.height - 1) throw new CorruptRecord(corrupt('block-index', this.header.prevBlockHash, `parent at height ${parent.height} of a block at height ${this.height}`, true));
    return parent;
  }
}

export class HeaderIndex {
  private readonly cache = new Map<string, StoredHeaderEntry>();

  constructor(
    private readonly db: BinaryDb,
    private readonly cacheSize: number,
  ) {}

  /** The index record of a block; undefined when unknown; throws CorruptRecord when it does not decode. */
  record(hash: Uint8Array): IndexRecord | undefined {
    const bytes = readCopy(this.db, hash);
    if (bytes === undefined) return undefined;
    const decoded = decodeIndexRecord(bytes);
    if (!decoded.ok) throw new CorruptRecord(corrupt('block-index', hash, `${decoded.error.code} at byte ${decoded.error.offset}`, true));
    return decoded.value;
  }

  /** The header entry of a block; undefined when unknown; throws CorruptRecord on a bad record. */
  entry(hash: Uint8Array): HeaderEntry | undefined {
    const key = toHex(hash);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Most recently used last: eviction takes the oldest first.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const record = this.record(hash);
    if (record === undefined) return undefined;
    if (!equalBytes(blockHash(record.header), hash)) throw new CorruptRecord(corrupt('block-index', hash, 'the stored header does not hash to its key', true));
    return this.remember(record.header, hash, record.height, record.chainWork);
  }

  /** An entry for a record just written (or read), kept in the cache. */
  remember(header: BlockHeader, hash: Uint8Array, height: number, chainWork: bigint): HeaderEntry {
    const entry = new StoredHeaderEntry(header, hash, height, chainWork, this);
    this.cache.set(toHex(hash), entry);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return entry;
  }

  /** Entries held in the cache now. */
  get cached(): number {
    return this.cache.size;
  }
}
