/**
 * The authenticated UTXO tree's nodes held in memory (tests, `bllvm utxo-commit`, sets that fit in
 * RAM): the store side of kernel/commitments/tree-update.ts, which only reads nodes and returns
 * write batches. Stale nodes are deleted when a batch is applied unless `keepHistory` is set (then
 * every version stays readable, as stored forms by key string). The LMDB store (for sets larger
 * than memory) has the same shape.
 *
 * Without history a position (depth, path) holds one live node, and the nodes live outside the
 * JavaScript heap's object graph: each is stored in its stored form (kernel/commitments/
 * tree-codec.ts) with its version in an arena of 64 MiB pages, and found through an open-addressing
 * table from its position to its record (positions down to depth 48 as the heap index
 * 2^depth + path bits, deeper ones by key string). The batch update reads records in place
 * (`readEncoded`) and a batch's new records are copied from its packed bytes; `lookup` decodes a
 * fresh node for proofs and chunks. The garbage collector never traces the tree, and the set's
 * size is not bounded by a Map's 2^24 entries.
 */
import type { EncodedNodeReader, NodeBytes, NodeLookup } from '../../kernel/commitments/tree-node.js';
import { keyPrefix, nodeKeyString } from '../../kernel/commitments/tree-node.js';
import { decodeNode, decodeNodeAt } from '../../kernel/commitments/tree-codec.js';
import { type TreeWriteBatch, createdNodeBytes, createdNodeKey } from '../../kernel/commitments/tree-update.js';

/** Deepest position keyed by its heap index: ceil(48 / 8) path bytes are an integer below 2^48, exact in a double. */
const INDEX_DEPTH = 48;

/** 2^i for i in [0, 56]. */
const POW2 = Array.from({ length: 57 }, (_, i) => 2 ** i);

/**
 * A position's key: its heap index down to INDEX_DEPTH (at least 1), else its node key string at
 * version 0. `path[at...]` holds the position's first `depth` bits (a node key's path, or any key
 * under it).
 */
function positionKey(depth: number, path: Uint8Array, at = 0): number | string {
  if (depth > INDEX_DEPTH) return nodeKeyString({ version: 0, depth, path: keyPrefix(path.subarray(at), depth) });
  let bits = 0;
  for (let i = 0; i < 6; i++) bits = bits * 256 + (at + i < path.length ? (path[at + i] as number) : 0);
  // The first `depth` of the 48 bits, exact in a double; the bits past `depth` drop out.
  return (POW2[depth] as number) + Math.floor(bits / (POW2[INDEX_DEPTH - depth] as number));
}

/** Arena page size: records never cross a page. */
const PAGE_BYTES = 64 * 1024 * 1024;
/** A record: u32le length of the encoded node, f64 version (little-endian), the encoded node; 8-byte aligned. */
const RECORD_HEADER = 12;

const recordSize = (encodedLength: number): number => (RECORD_HEADER + encodedLength + 7) & ~7;

/**
 * Node records in pages of PAGE_BYTES, addressed by page * PAGE_BYTES + offset; freed records are
 * reused by size (a free list per 8-byte size class).
 */
class NodeArena {
  private readonly pages: Uint8Array[] = [];
  private readonly views: DataView[] = [];
  /** Freed records by size / 8. */
  private readonly free: number[][] = [];
  private top = PAGE_BYTES; // the next unused byte of the last page (a full page at first: none yet)

  /** Stores `bytes[start, end)` (a node's stored form) with its version; returns its address. */
  add(version: number, bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const size = recordSize(length);
    if (size > PAGE_BYTES) throw new RangeError(`a tree node of ${length} bytes does not fit an arena page`);
    const at = this.free[size >> 3]?.pop() ?? this.claim(size);
    const page = Math.floor(at / PAGE_BYTES);
    const offset = at - page * PAGE_BYTES;
    const view = this.views[page] as DataView;
    view.setUint32(offset, length, true);
    view.setFloat64(offset + 4, version, true);
    (this.pages[page] as Uint8Array).set(bytes.subarray(start, end), offset + RECORD_HEADER);
    return at;
  }

  version(at: number): number {
    const page = Math.floor(at / PAGE_BYTES);
    return (this.views[page] as DataView).getFloat64(at - page * PAGE_BYTES + 4, true);
  }

  /** The stored form at `at`, lent through `into` (valid until the record is released). */
  read(at: number, into: { bytes: Uint8Array; start: number; end: number }): NodeBytes {
    const page = Math.floor(at / PAGE_BYTES);
    const offset = at - page * PAGE_BYTES;
    into.bytes = this.pages[page] as Uint8Array;
    into.start = offset + RECORD_HEADER;
    into.end = into.start + (this.views[page] as DataView).getUint32(offset, true);
    return into;
  }

  /**
   * Rewrites the record at `at` with `bytes[start, end)` and `version` when the new form has the
   * record's size (an internal node over two children replacing another); false otherwise.
   */
  rewrite(at: number, version: number, bytes: Uint8Array, start: number, end: number): boolean {
    const page = Math.floor(at / PAGE_BYTES);
    const offset = at - page * PAGE_BYTES;
    const view = this.views[page] as DataView;
    if (recordSize(view.getUint32(offset, true)) !== recordSize(end - start)) return false;
    view.setUint32(offset, end - start, true);
    view.setFloat64(offset + 4, version, true);
    (this.pages[page] as Uint8Array).set(bytes.subarray(start, end), offset + RECORD_HEADER);
    return true;
  }

  release(at: number): void {
    const page = Math.floor(at / PAGE_BYTES);
    const size = recordSize((this.views[page] as DataView).getUint32(at - page * PAGE_BYTES, true));
    (this.free[size >> 3] ??= []).push(at);
  }

  private claim(size: number): number {
    if (this.top + size > PAGE_BYTES) {
      const page = new Uint8Array(PAGE_BYTES);
      this.pages.push(page);
      this.views.push(new DataView(page.buffer));
      this.top = 0;
    }
    const at = (this.pages.length - 1) * PAGE_BYTES + this.top;
    this.top += size;
    return at;
  }
}

/**
 * Open addressing with linear probing from heap-index positions (numbers >= 1; 0 marks an empty
 * slot) to arena addresses. Slot i's key and address sit side by side (entries[2i], entries[2i + 1]):
 * a lookup in a table far larger than the caches touches one cache line, not two.
 */
export class PositionTable {
  private entries: Float64Array;
  private mask: number;
  count = 0;

  /** `initialBits`: log2 of the first capacity (small in tests, so probe runs wrap around the end). */
  constructor(initialBits = 16) {
    this.entries = new Float64Array(2 << initialBits);
    this.mask = (1 << initialBits) - 1;
  }

  /** The home slot: the position's two 32-bit halves mixed by MurmurHash3's finalizer (every input bit reaches the low bits). */
  private slotOf(position: number): number {
    const lo = position % 4294967296;
    const hi = Math.floor(position / 4294967296);
    let h = lo ^ Math.imul(hi, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  get(position: number): number | undefined {
    const entries = this.entries;
    for (let i = this.slotOf(position); ; i = (i + 1) & this.mask) {
      const k = entries[2 * i] as number;
      if (k === position) return entries[2 * i + 1] as number;
      if (k === 0) return undefined;
    }
  }

  /** Sets the entry; returns the address it replaced, if any. */
  set(position: number, at: number): number | undefined {
    if (4 * (this.count + 1) > this.entries.length) this.grow();
    const entries = this.entries;
    for (let i = this.slotOf(position); ; i = (i + 1) & this.mask) {
      const k = entries[2 * i] as number;
      if (k === position) {
        const old = entries[2 * i + 1] as number;
        entries[2 * i + 1] = at;
        return old;
      }
      if (k === 0) {
        entries[2 * i] = position;
        entries[2 * i + 1] = at;
        this.count++;
        return undefined;
      }
    }
  }

  /** Deletes the entry (backward-shift deletion: no tombstones). */
  delete(position: number): void {
    const entries = this.entries;
    let i = this.slotOf(position);
    while (entries[2 * i] !== position) {
      if (entries[2 * i] === 0) return;
      i = (i + 1) & this.mask;
    }
    let hole = i;
    for (let j = (i + 1) & this.mask; entries[2 * j] !== 0; j = (j + 1) & this.mask) {
      const home = this.slotOf(entries[2 * j] as number);
      // Entry j may move to the hole when its home slot is not in (hole, j] (cyclically).
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        entries[2 * hole] = entries[2 * j] as number;
        entries[2 * hole + 1] = entries[2 * j + 1] as number;
        hole = j;
      }
    }
    entries[2 * hole] = 0;
    this.count--;
  }

  private grow(): void {
    const old = this.entries;
    this.entries = new Float64Array(old.length * 2);
    this.mask = old.length - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.set(old[i] as number, old[i + 1] as number);
  }
}

export class MemoryTreeStore {
  /** With history: every version's stored forms, by node key string. */
  private readonly nodes = new Map<string, Uint8Array>();
  /** Without history: each position's live record. */
  private readonly arena = new NodeArena();
  private readonly table = new PositionTable();
  private readonly deep = new Map<string, number>();
  /** The view `readEncoded` lends (one object, refilled by every read). */
  private readonly lent: { bytes: Uint8Array; start: number; end: number } = { bytes: new Uint8Array(0), start: 0, end: 0 };

  constructor(private readonly keepHistory = false) {}

  private addressOf(position: number | string): number | undefined {
    return typeof position === 'number' ? this.table.get(position) : this.deep.get(position);
  }

  /** Points a position at a record. */
  private setAddress(position: number | string, at: number): void {
    if (typeof position === 'number') this.table.set(position, at);
    else this.deep.set(position, at);
  }

  private deleteAddress(position: number | string): void {
    if (typeof position === 'number') this.table.delete(position);
    else this.deep.delete(position);
  }

  /** The batch update's reads: the record in place, valid until the next read or apply. */
  readonly readEncoded: EncodedNodeReader = (version, depth, key) => {
    if (this.keepHistory) {
      const bytes = this.nodes.get(nodeKeyString({ version, depth, path: keyPrefix(key, depth) }));
      if (bytes === undefined) return undefined;
      this.lent.bytes = bytes;
      this.lent.start = 0;
      this.lent.end = bytes.length;
      return this.lent;
    }
    const at = this.addressOf(positionKey(depth, key));
    return at === undefined || this.arena.version(at) !== version ? undefined : this.arena.read(at, this.lent);
  };

  /** Decoded nodes by key, for proofs and chunks. */
  readonly lookup: NodeLookup = (key) => {
    if (this.keepHistory) {
      const bytes = this.nodes.get(nodeKeyString(key));
      return bytes === undefined ? undefined : decodeNode(bytes);
    }
    const at = this.addressOf(positionKey(key.depth, key.path));
    if (at === undefined || this.arena.version(at) !== key.version) return undefined;
    const { bytes, start, end } = this.arena.read(at, this.lent);
    return decodeNodeAt(bytes, start, end);
  };

  /** Stores a batch's new nodes and drops the ones it made stale. */
  apply(batch: TreeWriteBatch): void {
    const { created, stale } = batch;
    if (this.keepHistory) {
      for (let i = 0; i < created.count; i++) this.nodes.set(nodeKeyString(createdNodeKey(batch, i)), createdNodeBytes(batch, i).slice());
      return;
    }
    // New nodes first: most stale nodes sit where a new one now is (the rewritten path), so the
    // new record replaces them, in place when it has the old one's size; only positions still
    // holding the stale version are deleted.
    for (let i = 0; i < created.count; i++) {
      const start = i === 0 ? 0 : (created.ends[i - 1] as number);
      const end = created.ends[i] as number;
      const position = positionKey(created.depths[i] as number, created.keys, 32 * i);
      const old = this.addressOf(position);
      if (old !== undefined && this.arena.rewrite(old, batch.version, created.bytes, start, end)) continue;
      this.setAddress(position, this.arena.add(batch.version, created.bytes, start, end));
      if (old !== undefined) this.arena.release(old);
    }
    for (let i = 0; i < stale.count; i++) {
      if (stale.replaced[i] === 1) continue; // a new node took its position above
      const position = positionKey(stale.depths[i] as number, stale.keys, 32 * i);
      const at = this.addressOf(position);
      if (at === undefined || this.arena.version(at) !== stale.versions[i]) continue;
      this.arena.release(at);
      this.deleteAddress(position);
    }
  }

  /** Nodes held. */
  get size(): number {
    return this.keepHistory ? this.nodes.size : this.table.count + this.deep.size;
  }
}
