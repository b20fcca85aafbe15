/**
 * The authenticated UTXO tree's nodes held in memory (tests, `bllvm utxo-commit`, sets that fit in
 * RAM): the store side of kernel/commitments/tree-update.ts, which only reads nodes and returns
 * write batches. Stale nodes are deleted when a batch is applied unless `keepHistory` is set (then
 * every version stays readable, as stored forms by key string). The LMDB store (for sets larger
 * than memory) has the same shape.
 *
 * Without history a position (depth, path) holds one live node, and the nodes live outside the
 * JavaScript heap's object graph, in buckets of four binary levels: the bucket at depth b (a
 * multiple of 4) on a path holds the nodes at depths b to b + 3 under it, each in its stored form
 * (kernel/commitments/tree-codec.ts) with its version. A bucket is one record in an arena of
 * 64 MiB pages, found through an open-addressing table from its top position (the heap index
 * 2^b + path bits down to depth 48, deeper ones by key string). A batch walks and rewrites a path
 * four levels per record: one table probe and one page per bucket instead of per node, which is
 * what a random access costs at millions of coins (docs/BENCHMARKS.md, "UTXO tree in buckets").
 * The batch update reads entries in place (`readEncoded`) and a batch's new nodes are copied over
 * the entries they replace; `lookup` decodes a fresh node for proofs and chunks. The garbage
 * collector never traces the tree, and the set's size is not bounded by a Map's 2^24 entries.
 * Tests: properties/commitments.prop.test.ts (roots, live node counts, deep positions, batches of
 * thousands of updates), test/commitments/memory-tree-store.test.ts (the position table).
 */
import type { EncodedNodeReader, NodeBytes, NodeLookup } from '../../kernel/commitments/tree-node.js';
import { TREE_KEY_BITS, keyBit, keyPrefix, nodeKeyString } from '../../kernel/commitments/tree-node.js';
import { decodeNode, decodeNodeAt, isWellFormedNodeKey } from '../../kernel/commitments/tree-codec.js';
import { type TreeWriteBatch, createdNodeBytes, createdNodeKey } from '../../kernel/commitments/tree-update.js';

/** Deepest position keyed by its heap index: ceil(48 / 8) path bytes are an integer below 2^48, exact in a double. */
const INDEX_DEPTH = 48;

/** 2^i for i in [0, 56]. */
const POW2 = Array.from({ length: 57 }, (_, i) => 2 ** i);

/**
 * A position's key: its heap index down to INDEX_DEPTH (at least 1), else its node key string at
 * version 0. `path` holds the position's first `depth` bits (a node key's path, or any key under
 * it).
 */
function positionKey(depth: number, path: Uint8Array): number | string {
  if (depth > INDEX_DEPTH) return nodeKeyString({ version: 0, depth, path: keyPrefix(path, depth) });
  if (depth <= 24 && path.length >= 3) {
    // The common case (bucket tops down to depth 24, so nodes down to depth 27), in 32-bit integers.
    const word = ((path[0] as number) << 16) | ((path[1] as number) << 8) | (path[2] as number);
    return (1 << depth) + (word >>> (24 - depth));
  }
  let bits = 0;
  for (let i = 0; i < 6; i++) bits = bits * 256 + (i < path.length ? (path[i] as number) : 0);
  // The first `depth` of the 48 bits, exact in a double; the bits past `depth` drop out.
  return (POW2[depth] as number) + Math.floor(bits / (POW2[INDEX_DEPTH - depth] as number));
}

/** Arena page size: records never cross a page. */
const PAGE_BYTES = 64 * 1024 * 1024;
/** Binary levels one bucket holds: the positions at depths [b, b + 4) under a position at depth b, a multiple of 4. */
const BUCKET_LEVELS = 4;
/** A bucket's slots in heap order: slot 1 its top position, slots 2^r + i the positions r levels below (slot 0 unused). */
const BUCKET_SLOTS = 1 << BUCKET_LEVELS;
/**
 * A bucket: u32le offsets[BUCKET_SLOTS], offsets[j] where slot j's entry starts (0: empty slot) and
 * offsets[0] where the next entry goes; then the entries. An entry rewritten with a longer stored
 * form than its room moves to the end and leaves a hole, reclaimed when the bucket is copied into a
 * larger record.
 */
const BUCKET_HEADER = 4 * BUCKET_SLOTS;
/** An entry: u32le length of the stored form, u32le room (bytes reserved for it), f64le version, the stored form. */
const ENTRY_HEADER = 16;
/** A record: u32le capacity (bytes after this field), then the bucket; records are multiples of RECORD_ALIGN bytes from a page's start, so a bucket's header is one cache line. */
const RECORD_ALIGN = 64;

const roomFor = (encodedLength: number): number => (encodedLength + 3) & ~3;
/** The record size for a bucket of `bucketLength` bytes. */
const recordFor = (bucketLength: number): number => (4 + bucketLength + RECORD_ALIGN - 1) & ~(RECORD_ALIGN - 1);

/**
 * Bucket records in pages of PAGE_BYTES, addressed by page * PAGE_BYTES + offset (the bucket
 * starts 4 bytes after its address); freed records are reused by capacity (a free list per class).
 */
class BucketArena {
  readonly pages: Uint8Array[] = [];
  readonly views: DataView[] = [];
  /** Freed records by size / RECORD_ALIGN. */
  private readonly free: number[][] = [];
  private top = PAGE_BYTES; // the next unused byte of the last page (a full page at first: none yet)

  /** A record able to hold a bucket of `length` bytes. */
  allocate(length: number): number {
    const size = recordFor(length);
    if (size > PAGE_BYTES) throw new RangeError(`a tree bucket of ${length} bytes does not fit an arena page`);
    const at = this.free[size / RECORD_ALIGN]?.pop() ?? this.claim(size);
    const page = Math.floor(at / PAGE_BYTES);
    (this.views[page] as DataView).setUint32(at - page * PAGE_BYTES, size - 4, true);
    return at;
  }

  capacity(at: number): number {
    const page = Math.floor(at / PAGE_BYTES);
    return (this.views[page] as DataView).getUint32(at - page * PAGE_BYTES, true);
  }

  release(at: number): void {
    const size = this.capacity(at) + 4;
    (this.free[size / RECORD_ALIGN] ??= []).push(at);
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
 * Copies `n` bytes from `from[fromAt]` to `to[toAt]` (ranges that do not overlap) four at a time,
 * then the rest: a stored form of a hundred bytes in 25 stores instead of 100.
 */
function copyByWords(from: DataView, fromAt: number, to: DataView, toAt: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) to.setInt32(toAt + i, from.getInt32(fromAt + i, true), true);
  for (; i < n; i++) to.setUint8(toAt + i, from.getUint8(fromAt + i));
}

/** The slot of the position at depth `depth` in the bucket at depth `top` on the path of `key`. */
function bucketSlot(top: number, depth: number, key: Uint8Array): number {
  let slot = 1;
  for (let d = top; d < depth; d++) slot = 2 * slot + keyBit(key, d);
  return slot;
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
  /** Without history: each bucket's record, by the position of its top slot. */
  private readonly arena = new BucketArena();
  private readonly table = new PositionTable();
  private readonly deep = new Map<string, number>();
  /** Live nodes without history. */
  private live = 0;
  /** The last bucket found at each bucket depth / BUCKET_LEVELS: its position (0: none) and record (walks and batches visit a bucket's slots together). */
  private readonly recentPosition = new Float64Array(TREE_KEY_BITS / BUCKET_LEVELS + 1);
  private readonly recentAt = new Float64Array(TREE_KEY_BITS / BUCKET_LEVELS + 1);
  /** The view `readEncoded` lends (one object, refilled by every read). */
  private readonly lent: { bytes: Uint8Array; start: number; end: number } = { bytes: new Uint8Array(0), start: 0, end: 0 };

  constructor(private readonly keepHistory = false) {}

  /** The record of the bucket at depth `top` (a multiple of BUCKET_LEVELS) at `position`. */
  private bucketAt(top: number, position: number | string): number | undefined {
    if (typeof position === 'string') return this.deep.get(position);
    const level = top / BUCKET_LEVELS;
    if (this.recentPosition[level] === position) return this.recentAt[level];
    const at = this.table.get(position);
    if (at === undefined) return undefined;
    this.recentPosition[level] = position;
    this.recentAt[level] = at;
    return at;
  }

  /** Points a bucket's position at a record (or at none). */
  private setBucket(top: number, position: number | string, at: number | undefined): void {
    if (typeof position === 'string') {
      if (at === undefined) this.deep.delete(position);
      else this.deep.set(position, at);
      return;
    }
    if (at === undefined) this.table.delete(position);
    else this.table.set(position, at);
    this.recentPosition[top / BUCKET_LEVELS] = at === undefined ? 0 : position;
    this.recentAt[top / BUCKET_LEVELS] = at ?? 0;
  }

  /** The stored form written at `version` at `depth` on the path of `key`, lent through `this.lent`; undefined when another version (or none) is there. */
  private readLive(version: number, depth: number, key: Uint8Array): NodeBytes | undefined {
    const top = depth - (depth % BUCKET_LEVELS);
    const at = this.bucketAt(top, positionKey(top, key));
    if (at === undefined) return undefined;
    const page = Math.floor(at / PAGE_BYTES);
    const view = this.arena.views[page] as DataView;
    const bucket = at - page * PAGE_BYTES + 4;
    const offset = view.getUint32(bucket + 4 * bucketSlot(top, depth, key), true);
    if (offset === 0 || view.getFloat64(bucket + offset + 8, true) !== version) return undefined;
    this.lent.bytes = this.arena.pages[page] as Uint8Array;
    this.lent.start = bucket + offset + ENTRY_HEADER;
    this.lent.end = this.lent.start + view.getUint32(bucket + offset, true);
    return this.lent;
  }

  /** The batch update's reads: the stored form in place, valid until the next read or apply. */
  readonly readEncoded: EncodedNodeReader = (version, depth, key) => {
    if (!this.keepHistory) return this.readLive(version, depth, key);
    const bytes = this.nodes.get(nodeKeyString({ version, depth, path: keyPrefix(key, depth) }));
    if (bytes === undefined) return undefined;
    this.lent.bytes = bytes;
    this.lent.start = 0;
    this.lent.end = bytes.length;
    return this.lent;
  };

  /** Decoded nodes by key, for proofs and chunks (none for a malformed key). */
  readonly lookup: NodeLookup = (key) => {
    if (!isWellFormedNodeKey(key)) return undefined;
    if (this.keepHistory) {
      const bytes = this.nodes.get(nodeKeyString(key));
      return bytes === undefined ? undefined : decodeNode(bytes);
    }
    const found = this.readLive(key.version, key.depth, key.path);
    return found === undefined ? undefined : decodeNodeAt(found.bytes, found.start, found.end);
  };

  /**
   * Writes `source[from, to)` as the node at `depth` on the path of `key`: over the entry there
   * when it has room, else at the bucket's end, else into a larger record holding the bucket's
   * live entries (holes dropped).
   */
  private put(depth: number, key: Uint8Array, version: number, source: DataView, from: number, to: number): void {
    const top = depth - (depth % BUCKET_LEVELS);
    const position = positionKey(top, key);
    const slot = bucketSlot(top, depth, key);
    const length = to - from;
    const { views } = this.arena;
    const old = this.bucketAt(top, position);
    let replaced = false;
    if (old !== undefined) {
      const page = Math.floor(old / PAGE_BYTES);
      const view = views[page] as DataView;
      const bucket = old - page * PAGE_BYTES + 4;
      const offset = view.getUint32(bucket + 4 * slot, true);
      replaced = offset !== 0;
      let entry = -1;
      if (replaced && view.getUint32(bucket + offset + 4, true) >= length) entry = bucket + offset;
      else {
        const end = view.getUint32(bucket, true);
        if (end + ENTRY_HEADER + roomFor(length) <= view.getUint32(bucket - 4, true)) {
          entry = bucket + end;
          view.setUint32(entry + 4, roomFor(length), true);
          view.setUint32(bucket, end + ENTRY_HEADER + roomFor(length), true);
          view.setUint32(bucket + 4 * slot, end, true);
        }
      }
      if (entry >= 0) {
        view.setUint32(entry, length, true);
        view.setFloat64(entry + 8, version, true);
        copyByWords(source, from, view, entry + ENTRY_HEADER, length);
        if (!replaced) this.live++;
        return;
      }
    }
    // A new record: the live entries but the slot's, then the new entry, with room for as much again.
    let used = BUCKET_HEADER + ENTRY_HEADER + roomFor(length);
    const oldPage = old === undefined ? 0 : Math.floor(old / PAGE_BYTES);
    const oldView = views[oldPage] as DataView;
    const oldBucket = old === undefined ? 0 : old - oldPage * PAGE_BYTES + 4;
    if (old !== undefined) {
      for (let j = 1; j < BUCKET_SLOTS; j++) {
        const offset = oldView.getUint32(oldBucket + 4 * j, true);
        if (j !== slot && offset !== 0) used += ENTRY_HEADER + roomFor(oldView.getUint32(oldBucket + offset, true));
      }
    }
    const at = this.arena.allocate(used + (used >> 1));
    const page = Math.floor(at / PAGE_BYTES);
    const view = views[page] as DataView;
    const bucket = at - page * PAGE_BYTES + 4;
    let end = BUCKET_HEADER;
    for (let j = 1; j < BUCKET_SLOTS; j++) {
      const offset = old === undefined || j === slot ? 0 : oldView.getUint32(oldBucket + 4 * j, true);
      view.setUint32(bucket + 4 * j, offset === 0 ? 0 : end, true);
      if (offset === 0) continue;
      const n = oldView.getUint32(oldBucket + offset, true);
      copyByWords(oldView, oldBucket + offset, view, bucket + end, ENTRY_HEADER + n);
      view.setUint32(bucket + end + 4, roomFor(n), true);
      end += ENTRY_HEADER + roomFor(n);
    }
    view.setUint32(bucket + 4 * slot, end, true);
    view.setUint32(bucket + end, length, true);
    view.setUint32(bucket + end + 4, roomFor(length), true);
    view.setFloat64(bucket + end + 8, version, true);
    copyByWords(source, from, view, bucket + end + ENTRY_HEADER, length);
    view.setUint32(bucket, end + ENTRY_HEADER + roomFor(length), true);
    if (old !== undefined) this.arena.release(old);
    this.setBucket(top, position, at);
    if (!replaced) this.live++;
  }

  /** Empties the slot of the node at `depth` on the path of `key` if it still holds `version`; frees the bucket when no slot is left. */
  private drop(depth: number, key: Uint8Array, version: number): void {
    const top = depth - (depth % BUCKET_LEVELS);
    const position = positionKey(top, key);
    const at = this.bucketAt(top, position);
    if (at === undefined) return;
    const page = Math.floor(at / PAGE_BYTES);
    const view = this.arena.views[page] as DataView;
    const bucket = at - page * PAGE_BYTES + 4;
    const slot = bucket + 4 * bucketSlot(top, depth, key);
    const offset = view.getUint32(slot, true);
    if (offset === 0 || view.getFloat64(bucket + offset + 8, true) !== version) return;
    view.setUint32(slot, 0, true);
    this.live--;
    for (let j = 1; j < BUCKET_SLOTS; j++) if (view.getUint32(bucket + 4 * j, true) !== 0) return;
    this.arena.release(at);
    this.setBucket(top, position, undefined);
  }

  /**
   * Stores a batch's new nodes and drops the ones it made stale. New nodes first: most stale nodes
   * sit where a new one now is (the rewritten path) and are overwritten; only positions still
   * holding the stale version are emptied.
   */
  apply(batch: TreeWriteBatch): void {
    const { created, stale } = batch;
    if (this.keepHistory) {
      for (let i = 0; i < created.count; i++) this.nodes.set(nodeKeyString(createdNodeKey(batch, i)), createdNodeBytes(batch, i).slice());
      return;
    }
    const source = new DataView(created.bytes.buffer, created.bytes.byteOffset, created.bytes.byteLength);
    for (let i = 0; i < created.count; i++) {
      const from = i === 0 ? 0 : (created.ends[i - 1] as number);
      this.put(created.depths[i] as number, created.keys[i] as Uint8Array, batch.version, source, from, created.ends[i] as number);
    }
    for (let i = 0; i < stale.count; i++) {
      if (stale.replaced[i] === 1) continue; // a new node took its position above
      this.drop(stale.depths[i] as number, stale.keys[i] as Uint8Array, stale.versions[i] as number);
    }
  }

  /** Nodes held. */
  get size(): number {
    return this.keepHistory ? this.nodes.size : this.live;
  }
}
