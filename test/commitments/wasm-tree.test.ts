/**
 * The UTXO tree engine in WebAssembly (shell/commitments/wasm-tree-store.ts, wasm-tree/tree.c)
 * against the kernel's reference: applyTreeUpdates over a MemoryTreeStore. On random batch
 * sequences both must give the same root reference (hash, version, count, value bytes), the same
 * replaced values, the same number of live nodes, and the same decoded node under the key of
 * every node of the reference's tree (and none under a key the reference made stale). Then bad
 * input, long values (a leaf hashes its key and value in place), and the committed module
 * against a build (clang-14, lld-14 and wasi-libc from Debian: .ci/run installs them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChildRef, type NodeKey, childPath, keyBit, keyPrefix } from '../../kernel/commitments/tree-node.js';
import { type TreeUpdate, applyTreeUpdates, staleNodeKey } from '../../kernel/commitments/tree-update.js';
import { compareBytes } from '../../kernel/encoding/bytes.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { MemoryTreeStore } from '../../shell/commitments/memory-tree-store.js';
import { WASM_TREE_BASE64 } from '../../shell/commitments/wasm-tree/wasm-tree-module.js';
import { WasmTreeStore } from '../../shell/commitments/wasm-tree-store.js';

/** Keys sharing long prefixes often (first byte from 4 values, second from 2), so deep paths, lone leaves moving up and path compression are exercised. */
const key = fc
  .tuple(fc.constantFrom(0x00, 0x01, 0x80, 0xff), fc.constantFrom(0x00, 0x40), fc.uint8Array({ minLength: 30, maxLength: 30 }))
  .map(([a, b, rest]) => Uint8Array.of(a, b, ...rest));
const value = fc.uint8Array({ minLength: 0, maxLength: 40 });
const op = fc.record({ key, value: fc.option(value, { nil: undefined }) });

/** A batch from random ops: the last op per key wins, sorted. */
function sortedBatch(ops: readonly TreeUpdate[]): TreeUpdate[] {
  const last = new Map<string, TreeUpdate>();
  for (const u of ops) last.set(toHex(u.key), u);
  return [...last.values()].sort((a, b) => compareBytes(a.key, b.key));
}

/** The reference: the kernel's batch update applied to a MemoryTreeStore. */
class Reference {
  readonly store = new MemoryTreeStore();
  root: ChildRef | undefined;
  version = 0;
  stale: NodeKey[] = [];

  apply(batch: readonly TreeUpdate[]): ReadonlyMap<string, Uint8Array> {
    const result = applyTreeUpdates(this.store, this.root, this.version + 1, batch);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    this.store.apply(result.value);
    this.root = result.value.root;
    this.version += 1;
    this.stale = Array.from({ length: result.value.stale.count }, (_, i) => staleNodeKey(result.value, i));
    return result.value.previous;
  }

  /** The key of every node of the tree, top down. */
  nodeKeys(): NodeKey[] {
    const out: NodeKey[] = [];
    const walk = (ref: ChildRef, depth: number, path: Uint8Array): void => {
      const key = { version: ref.version, depth, path };
      out.push(key);
      const node = this.store.lookup(key);
      if (node === undefined || node.kind === 'leaf') return;
      if (node.left !== undefined) walk(node.left, depth + 1, childPath(path, depth, 0));
      if (node.right !== undefined) walk(node.right, depth + 1, childPath(path, depth, 1));
    };
    if (this.root !== undefined) walk(this.root, 0, new Uint8Array(0));
    return out;
  }
}

/** Applies one batch to both and checks everything that must agree. */
function applyBoth(reference: Reference, engine: WasmTreeStore, batch: readonly TreeUpdate[]): number {
  const previous = reference.apply(batch);
  const result = engine.apply(reference.version, batch);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  expect(result.value.root).toEqual(reference.root);
  expect(engine.root()).toEqual(reference.root);
  expect(new Map([...result.value.previous].sort())).toEqual(new Map([...previous].sort()));
  expect(engine.size).toBe(reference.store.size);
  const keys = reference.nodeKeys();
  for (const k of keys) expect(engine.lookup(k)).toEqual(reference.store.lookup(k));
  // A node the batch made stale is found by neither, unless a node of the same version sits there (none: stale versions are older).
  for (const k of reference.stale) {
    expect(reference.store.lookup(k)).toBeUndefined();
    expect(engine.lookup(k)).toBeUndefined();
  }
  return keys.length;
}

describe('§8.2 the UTXO tree in WebAssembly equals the kernel over MemoryTreeStore', () => {
  it('runs here (WebAssembly with SIMD)', () => {
    expect(WasmTreeStore.available()).toBe(true);
  });

  it('on random batch sequences: roots, replaced values, live nodes and every node by key', () => {
    let batches = 0;
    let nodes = 0;
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 0, maxLength: 40 }), { minLength: 1, maxLength: 8 }), (sequence) => {
        const reference = new Reference();
        const engine = new WasmTreeStore();
        for (const ops of sequence) {
          nodes += applyBoth(reference, engine, sortedBatch(ops));
          batches++;
        }
      }),
      { numRuns: 300, seed: 20261205 },
    );
    // Counts of what was compared, so a run that compared nothing fails.
    expect(batches).toBeGreaterThan(1000);
    expect(nodes).toBeGreaterThan(10_000);
  });

  it('a large tree in big batches, emptied again: the same nodes all the way (5,000 keys, 12 batches)', () => {
    const reference = new Reference();
    const engine = new WasmTreeStore();
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 5000; i++) keys.push(Uint8Array.from({ length: 32 }, () => next() & 0xff));
    for (let b = 0; b < 6; b++) {
      const batch = keys.slice(0, 1000 * (b + 1)).map((k, i) => ({ key: k, value: Uint8Array.of(b, i & 0xff, 1, 2, 3) }));
      applyBoth(reference, engine, sortedBatch(batch));
    }
    for (let b = 0; b < 6; b++) applyBoth(reference, engine, sortedBatch(keys.filter((_, i) => i % 6 === b).map((k) => ({ key: k }))));
    expect(reference.root).toBeUndefined();
    expect(engine.size).toBe(0);
  });

  it('long values (10,065 and 25,000 bytes) hash alike: a leaf hashes its key and value in place', () => {
    const reference = new Reference();
    const engine = new WasmTreeStore();
    const long = Uint8Array.from({ length: 25_000 }, (_, i) => i & 0xff);
    applyBoth(reference, engine, sortedBatch([{ key: new Uint8Array(32).fill(1), value: long }, { key: new Uint8Array(32).fill(2), value: long.subarray(0, 10_065) }]));
    expect(engine.root()?.valueBytes).toBe(35_065);
  });

  it('refuses batches the kernel refuses, with the kernel error, and stays usable', () => {
    const engine = new WasmTreeStore();
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(engine.apply(1, [{ key: b }, { key: a }])).toEqual({ ok: false, error: { code: 'keys not sorted and unique', index: 1 } });
    expect(engine.apply(1, [{ key: a }, { key: a }])).toEqual({ ok: false, error: { code: 'keys not sorted and unique', index: 1 } });
    expect(engine.apply(1, [{ key: a.subarray(1) }])).toEqual({ ok: false, error: { code: 'key not 32 bytes', index: 0 } });
    const done = engine.apply(1, [{ key: a, value: Uint8Array.of(9) }]);
    expect(done.ok && done.value.root?.count).toBe(1);
  });

  it('answers malformed node keys with no node, as MemoryTreeStore does (a review found the stores differed)', () => {
    const reference = new Reference();
    const engine = new WasmTreeStore();
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    b[31] = 1;
    applyBoth(reference, engine, [{ key: a, value: Uint8Array.of(1) }, { key: b, value: Uint8Array.of(2) }]);
    // Well formed: the internal node at depth 255 over both leaves, and the leaves at 256.
    expect(engine.lookup({ version: 1, depth: 255, path: a })?.kind).toBe('internal');
    expect(engine.lookup({ version: 1, depth: 256, path: b })?.kind).toBe('leaf');
    const malformed: NodeKey[] = [
      { version: 1, depth: 60, path: new Uint8Array(0) }, // a path shorter than ceil(depth / 8)
      { version: 1, depth: 60, path: new Uint8Array(7) },
      { version: 1, depth: 256, path: new Uint8Array(31) },
      { version: 1, depth: 0, path: new Uint8Array(33) }, // longer
      { version: 1, depth: 256, path: new Uint8Array(33) },
      { version: 1, depth: -1, path: new Uint8Array(0) },
      { version: 1, depth: 0.5, path: new Uint8Array(1) },
      { version: 1, depth: Number.NaN, path: new Uint8Array(0) },
      { version: 1, depth: 257, path: new Uint8Array(33) },
      { version: -1, depth: 0, path: new Uint8Array(0) },
      { version: 1.5, depth: 0, path: new Uint8Array(0) },
    ];
    for (const k of malformed) {
      expect(reference.store.lookup(k)).toBeUndefined();
      expect(engine.lookup(k)).toBeUndefined();
    }
  });

  it('refuses a version that is not a safe integer above the last one, changing nothing', () => {
    const engine = new WasmTreeStore();
    const k = new Uint8Array(32).fill(5);
    expect(engine.apply(3, [{ key: k, value: Uint8Array.of(1) }]).ok).toBe(true);
    for (const version of [3, 2, 0, 3.5, Number.NaN, 2 ** 53]) expect(() => engine.apply(version, [{ key: k }])).toThrow(RangeError);
    expect(engine.root()?.version).toBe(3);
    expect(engine.size).toBe(1);
  });

  it('past 2 GiB of its memory: addresses read unsigned (2,176 leaves of 1 MiB, 2.3 GB; a review found them read as negative)', () => {
    const engine = new WasmTreeStore();
    const MIB = 1 << 20;
    const big = Uint8Array.from({ length: MIB }, (_, i) => (i * 7) & 0xff);
    const keyOf = (i: number): Uint8Array => {
      const k = new Uint8Array(32);
      k[0] = i >> 8;
      k[1] = i & 0xff;
      k[31] = 1;
      return k;
    };
    let root: ChildRef | undefined;
    for (let batch = 0; batch < 34; batch++) {
      const r = engine.apply(batch + 1, Array.from({ length: 64 }, (_, j) => ({ key: keyOf(64 * batch + j), value: big })));
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      root = r.value.root;
    }
    expect(engine.memoryBytes).toBeGreaterThan(2 ** 31);
    expect(root?.count).toBe(2176);
    expect(root?.valueBytes).toBe(2176 * MIB);
    // Down the tree to the first key's leaf: its 1 MiB stored form makes the lookup buffer grow, high in memory.
    let node = engine.lookup({ version: root?.version ?? 0, depth: 0, path: new Uint8Array(0) });
    let depth = 0;
    const path = keyOf(0);
    while (node?.kind === 'internal') {
      const child = keyBit(path, depth) === 0 ? node.left : node.right;
      depth++;
      node = child === undefined ? undefined : engine.lookup({ version: child.version, depth, path: keyPrefix(path, depth) });
    }
    expect(node?.kind).toBe('leaf');
    expect(node?.kind === 'leaf' && toHex(node.key)).toBe(toHex(keyOf(0)));
    expect(node?.kind === 'leaf' && node.value.length === MIB && node.value[MIB - 1]).toBe(((MIB - 1) * 7) & 0xff);
    expect(engine.root()).toEqual(root);
    // Replacing 80 of them: the replaced values (80 MiB) come back whole.
    const replaced = engine.apply(35, Array.from({ length: 80 }, (_, j) => ({ key: keyOf(j), value: new Uint8Array(1000) })));
    expect(replaced.ok && replaced.value.previous.size).toBe(80);
    expect(replaced.ok && [...replaced.value.previous.values()].every((v) => v.length === MIB && v[12345] === ((12345 * 7) & 0xff))).toBe(true);
    expect(replaced.ok && replaced.value.root?.valueBytes).toBe(2096 * MIB + 80 * 1000);
  }, 120_000);

  it('the committed module is what build.mjs compiles from tree.c (clang-14 for wasm32)', async () => {
    const build = '../../shell/commitments/wasm-tree/build.mjs';
    const { buildWasmTree } = (await import(build)) as { buildWasmTree: () => Uint8Array };
    expect(Buffer.from(buildWasmTree()).toString('base64')).toBe(WASM_TREE_BASE64);
  });
});
