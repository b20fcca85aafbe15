/**
 * The authenticated UTXO tree's nodes held in memory (tests, `bllvm utxo-commit`, sets that fit in
 * RAM): the store side of kernel/commitments/tree-update.ts, which only reads nodes and returns
 * write batches. Stale nodes are deleted when a batch is applied unless `keepHistory` is set (then
 * every version stays readable, as node objects by key string). The LMDB store (for sets larger
 * than memory) has the same shape.
 *
 * Without history a position (depth, path) holds one live node, and the nodes live outside the
 * JavaScript heap's object graph: each is stored in its node-codec form (shell/commitments/
 * node-codec.ts) with its version in an arena of 64 MiB pages, and found through an open-addressing
 * table from its position to its record (positions down to depth 48 as the heap index
 * 2^depth + path bits, deeper ones by key string). A lookup decodes a fresh node, so every node
 * object the kernel sees dies young: the garbage collector never traces the tree, and the set's
 * size is not bounded by a Map's 2^24 entries.
 */
import type { NodeKey, NodeLookup, TreeNode } from '../../kernel/commitments/tree-node.js';
import { nodeKeyString } from '../../kernel/commitments/tree-node.js';
import type { TreeWriteBatch } from '../../kernel/commitments/tree-update.js';
import { decodeNodeAt, encodeNodeInto, encodedNodeLength } from './node-codec.js';

/** Deepest position keyed by its heap index: ceil(48 / 8) path bytes are an integer below 2^48, exact in a double. */
const INDEX_DEPTH = 48;

/** 2^i for i in [0, 56]. */
const POW2 = Array.from({ length: 57 }, (_, i) => 2 ** i);

/** A position's key: its heap index down to INDEX_DEPTH (at least 1), else its node key string at version 0. */
function positionKey(key: NodeKey): number | string {
  const { depth, path } = key;
  if (depth > INDEX_DEPTH) return nodeKeyString({ version: 0, depth, path });
  let bits = 0;
  for (let i = 0; i < path.length; i++) bits = bits * 256 + (path[i] as number);
  return (POW2[depth] as number) + bits / (POW2[8 * path.length - depth] as number); // exact: the path's bits past depth are zero
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

  add(version: number, node: TreeNode): number {
    const length = encodedNodeLength(node);
    const size = recordSize(length);
    if (size > PAGE_BYTES) throw new RangeError(`a tree node of ${length} bytes does not fit an arena page`);
    const at = this.free[size >> 3]?.pop() ?? this.claim(size);
    const page = Math.floor(at / PAGE_BYTES);
    const offset = at - page * PAGE_BYTES;
    const view = this.views[page] as DataView;
    view.setUint32(offset, length, true);
    view.setFloat64(offset + 4, version, true);
    encodeNodeInto(node, this.pages[page] as Uint8Array, offset + RECORD_HEADER);
    return at;
  }

  version(at: number): number {
    const page = Math.floor(at / PAGE_BYTES);
    return (this.views[page] as DataView).getFloat64(at - page * PAGE_BYTES + 4, true);
  }

  node(at: number): TreeNode | undefined {
    const page = Math.floor(at / PAGE_BYTES);
    const offset = at - page * PAGE_BYTES;
    const length = (this.views[page] as DataView).getUint32(offset, true);
    return decodeNodeAt(this.pages[page] as Uint8Array, offset + RECORD_HEADER, offset + RECORD_HEADER + length);
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

/** Open addressing with linear probing from heap-index positions (numbers >= 1; 0 marks an empty slot) to arena addresses. */
export class PositionTable {
  private keys: Float64Array;
  private values: Float64Array;
  private mask: number;
  count = 0;

  /** `initialBits`: log2 of the first capacity (small in tests, so probe runs wrap around the end). */
  constructor(initialBits = 16) {
    this.keys = new Float64Array(1 << initialBits);
    this.values = new Float64Array(1 << initialBits);
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
    for (let i = this.slotOf(position); ; i = (i + 1) & this.mask) {
      const k = this.keys[i] as number;
      if (k === position) return this.values[i] as number;
      if (k === 0) return undefined;
    }
  }

  /** Sets the entry; returns the address it replaced, if any. */
  set(position: number, at: number): number | undefined {
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    for (let i = this.slotOf(position); ; i = (i + 1) & this.mask) {
      const k = this.keys[i] as number;
      if (k === position) {
        const old = this.values[i] as number;
        this.values[i] = at;
        return old;
      }
      if (k === 0) {
        this.keys[i] = position;
        this.values[i] = at;
        this.count++;
        return undefined;
      }
    }
  }

  /** Deletes the entry (backward-shift deletion: no tombstones). */
  delete(position: number): void {
    let i = this.slotOf(position);
    while (this.keys[i] !== position) {
      if (this.keys[i] === 0) return;
      i = (i + 1) & this.mask;
    }
    let hole = i;
    for (let j = (i + 1) & this.mask; this.keys[j] !== 0; j = (j + 1) & this.mask) {
      const home = this.slotOf(this.keys[j] as number);
      // Entry j may move to the hole when its home slot is not in (hole, j] (cyclically).
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        this.keys[hole] = this.keys[j] as number;
        this.values[hole] = this.values[j] as number;
        hole = j;
      }
    }
    this.keys[hole] = 0;
    this.count--;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Float64Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.set(keys[i] as number, values[i] as number);
  }
}

export class MemoryTreeStore {
  /** With history: every version's nodes, by node key string. */
  private readonly nodes = new Map<string, TreeNode>();
  /** Without history: each position's live record. */
  private readonly arena = new NodeArena();
  private readonly table = new PositionTable();
  private readonly deep = new Map<string, number>();

  constructor(private readonly keepHistory = false) {}

  private addressOf(position: number | string): number | undefined {
    return typeof position === 'number' ? this.table.get(position) : this.deep.get(position);
  }

  /** Points a position at a record; returns the record it pointed at before, if any. */
  private setAddress(position: number | string, at: number): number | undefined {
    if (typeof position === 'number') return this.table.set(position, at);
    const replaced = this.deep.get(position);
    this.deep.set(position, at);
    return replaced;
  }

  private deleteAddress(position: number | string): void {
    if (typeof position === 'number') this.table.delete(position);
    else this.deep.delete(position);
  }

  /** The lookup the kernel's tree functions read through. */
  readonly lookup: NodeLookup = (key: NodeKey) => {
    if (this.keepHistory) return this.nodes.get(nodeKeyString(key));
    const at = this.addressOf(positionKey(key));
    return at === undefined || this.arena.version(at) !== key.version ? undefined : this.arena.node(at);
  };

  /** Stores a batch's new nodes and drops the ones it made stale. */
  apply(batch: TreeWriteBatch): void {
    if (this.keepHistory) {
      for (const { key, node } of batch.created) this.nodes.set(nodeKeyString(key), node);
      return;
    }
    // New nodes first: most stale nodes sit where a new one now is (the rewritten path), so the
    // new record replaces them; only positions still holding the stale version are deleted.
    for (const { key, node } of batch.created) {
      const replaced = this.setAddress(positionKey(key), this.arena.add(key.version, node));
      if (replaced !== undefined) this.arena.release(replaced);
    }
    for (const key of batch.stale) {
      const position = positionKey(key);
      const at = this.addressOf(position);
      if (at === undefined || this.arena.version(at) !== key.version) continue;
      this.arena.release(at);
      this.deleteAddress(position);
    }
  }

  /** Nodes held. */
  get size(): number {
    return this.keepHistory ? this.nodes.size : this.table.count + this.deep.size;
  }
}
