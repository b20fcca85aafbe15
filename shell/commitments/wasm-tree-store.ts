/**
 * The authenticated UTXO tree held in WebAssembly memory (SPEC.md §8.2): the in-memory store and
 * the batch update as one engine (wasm-tree/tree.c), for sets up to the module's 4 GiB (about 15M
 * coins). It computes exactly what kernel/commitments/tree-update.ts's `applyTreeUpdates` over a
 * MemoryTreeStore computes, the kernel staying the reference: the same root (hash, version, count,
 * value bytes), the same replaced values, and the same node under every node key, so proofs and
 * chunks (tree-proof.ts, chunk.ts) read it through `lookup` as they read any store. What differs is
 * representation: the kernel returns a copy-on-write batch of versioned nodes that a store applies
 * (the shape a store on disk needs); in memory the engine rewrites the batch's paths in place,
 * linked by pointers, with no node keys, table probes or second pass over the batch
 * (docs/BENCHMARKS.md, "UTXO tree in WebAssembly").
 *
 * Each store is one instance of the module (its memory is the tree). Without WebAssembly SIMD
 * `available()` is false; callers then use MemoryTreeStore.
 * Tests: test/commitments/wasm-tree.test.ts (fast-check against the kernel over MemoryTreeStore,
 * the committed module against a build).
 */
import { decodeNodeAt, decodeRootRef, isWellFormedNodeKey } from '../../kernel/commitments/tree-codec.js';
import type { ChildRef, NodeKey, NodeLookup } from '../../kernel/commitments/tree-node.js';
import { type TreeUpdate, type TreeUpdateError, checkTreeUpdates } from '../../kernel/commitments/tree-update.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { type Result, err, ok } from '../../kernel/result.js';
import { WASM_TREE_BASE64 } from './wasm-tree/wasm-tree-module.js';

/** The parts of the WebAssembly JS API used here (the project's lib is ES2022, without DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
const wasmApi = (globalThis as unknown as { readonly WebAssembly?: WasmApi }).WebAssembly;

interface TreeExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  tree_init(): void;
  tree_batch_buffer(bytes: number, n: number): number;
  tree_apply(n: number, version: number): number;
  tree_previous(): number;
  tree_previous_length(): number;
  tree_live_nodes(): number;
  tree_root(): number;
  tree_lookup_bytes(): number;
  tree_path_buffer(): number;
  tree_lookup(version: number, depth: number): number;
}

/** What a batch did: the version it wrote, the new root, and the values it replaced or deleted (by hex key), as applyTreeUpdates reports them. */
export interface WasmTreeBatch {
  readonly version: number;
  readonly root: ChildRef | undefined;
  readonly previous: ReadonlyMap<string, Uint8Array>;
}

const EXHAUSTED = 'the UTXO tree in WebAssembly ran out of its 4 GiB memory and is no longer usable';

/** tree.c's marker for a deletion in the batch buffer. */
const DELETE = 0xffffffff;

/** The compiled module: undefined before the first use, null where it does not compile. */
let compiled: object | undefined | null;

/** The compiled module, or undefined where WebAssembly (with SIMD) cannot compile it. */
function treeModule(): object | undefined {
  if (compiled === undefined) {
    try {
      if (wasmApi === undefined) throw new Error('no WebAssembly');
      compiled = new wasmApi.Module(Buffer.from(WASM_TREE_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

export class WasmTreeStore {
  private readonly wasm: TreeExports;
  private unusable = false;
  /** The last version applied (0: none). */
  private version = 0;

  /** Whether this runtime can run the engine (WebAssembly with SIMD). */
  static available(): boolean {
    return treeModule() !== undefined;
  }

  constructor() {
    const module = treeModule();
    if (module === undefined) throw new Error('the UTXO tree engine needs WebAssembly with SIMD (use MemoryTreeStore)');
    this.wasm = new (wasmApi as WasmApi).Instance(module, {}).exports as unknown as TreeExports;
    this.wasm.tree_init();
  }

  /** The module's memory as bytes (a new view after the engine grew it). */
  private bytes(): Uint8Array {
    return new Uint8Array(this.wasm.memory.buffer);
  }

  private usable(): void {
    if (this.unusable) throw new RangeError(EXHAUSTED);
  }

  /**
   * Applies `updates` (keys 32 bytes, sorted ascending and unique) at `version` (greater than
   * every version applied before), as applyTreeUpdates over MemoryTreeStore followed by the
   * store's `apply`. Throws a RangeError for a version that is not a safe integer above the last
   * one (a caller's bug: nothing is changed), and when the module's memory is exhausted (the tree
   * is then unusable).
   */
  apply(version: number, updates: readonly TreeUpdate[]): Result<WasmTreeBatch, TreeUpdateError> {
    this.usable();
    if (!Number.isSafeInteger(version) || version <= this.version) throw new RangeError(`tree version ${version} is not a safe integer above the last one applied (${this.version})`);
    const refused = checkTreeUpdates(updates);
    if (refused !== undefined) return err(refused);
    let length = 0;
    for (const u of updates) length += 36 + (u.value === undefined ? 0 : (u.value.length + 3) & ~3);
    // The module takes the length as a u32: a batch that large could never fit its memory.
    if (length >= 2 ** 32) throw new RangeError(`a tree batch of ${length} bytes does not fit the engine's 4 GiB memory`);
    this.version = version;
    if (updates.length === 0) return ok({ version, root: this.root(), previous: new Map() });
    // Addresses and lengths come back as i32: read them unsigned (memory above 2 GiB).
    const at = this.wasm.tree_batch_buffer(length, updates.length) >>> 0;
    if (at === 0) this.exhausted();
    const heap = this.bytes();
    const view = new DataView(heap.buffer);
    let p = at;
    for (const u of updates) {
      heap.set(u.key, p);
      view.setUint32(p + 32, u.value === undefined ? DELETE : u.value.length, true);
      if (u.value !== undefined) heap.set(u.value, p + 36);
      p += 36 + (u.value === undefined ? 0 : (u.value.length + 3) & ~3);
    }
    if (this.wasm.tree_apply(updates.length, version) !== 0) this.exhausted();
    return ok({ version, root: this.root(), previous: this.previous() });
  }

  private exhausted(): never {
    this.unusable = true;
    throw new RangeError(EXHAUSTED);
  }

  /** The values the last batch replaced or deleted, by hex key (copies). */
  private previous(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    const n = this.wasm.tree_previous_length() >>> 0;
    if (n === 0) return out;
    const heap = this.bytes();
    const view = new DataView(heap.buffer);
    const start = this.wasm.tree_previous() >>> 0;
    for (let p = start; p < start + n; ) {
      const length = view.getUint32(p + 32, true);
      out.set(toHex(heap.subarray(p, p + 32)), heap.slice(p + 36, p + 36 + length));
      p += 36 + ((length + 3) & ~3);
    }
    return out;
  }

  /** The root's reference (undefined: the empty tree). */
  root(): ChildRef | undefined {
    this.usable();
    const n = this.wasm.tree_root();
    if (n < 0) this.exhausted();
    if (n === 0) return undefined;
    const at = this.wasm.tree_lookup_bytes() >>> 0;
    return decodeRootRef(this.bytes().slice(at, at + n));
  }

  /** Decoded nodes by key, as MemoryTreeStore's `lookup`: the live node at the key's position when it was written at the key's version. */
  readonly lookup: NodeLookup = (key: NodeKey) => {
    this.usable();
    if (!isWellFormedNodeKey(key)) return undefined;
    const path = this.wasm.tree_path_buffer() >>> 0;
    const heap = this.bytes();
    heap.fill(0, path, path + 32);
    heap.set(key.path, path);
    const n = this.wasm.tree_lookup(key.version, key.depth);
    if (n < 0) this.exhausted();
    if (n === 0) return undefined;
    const at = this.wasm.tree_lookup_bytes() >>> 0;
    return decodeNodeAt(this.bytes(), at, at + n);
  };

  /** Live nodes (leaves and internal nodes), as MemoryTreeStore's `size`. */
  get size(): number {
    this.usable();
    return this.wasm.tree_live_nodes();
  }

  /** The module's memory in bytes (it only grows). */
  get memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }
}
