/**
 * UTXO chunks (kernel/commitments/chunk.ts, SPEC.md §8.4): planned chunks stay within their byte
 * budget, partition the set and verify against the root after an encode/decode round trip; the
 * decoder answers random bytes, truncations, flipped bits and lying lengths with a typed error
 * naming the field and offset, and no flipped byte gets a chunk past verification.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES, MAX_LEAF_VALUE_BYTES, type UtxoChunk, buildChunk, decodeChunk, encodeChunk, planChunks } from '../../kernel/commitments/chunk.js';
import type { ChildRef } from '../../kernel/commitments/tree-node.js';
import { proveTreeKey, treeRootHash, verifyTreeChunk, verifyTreeProof } from '../../kernel/commitments/tree-proof.js';
import { applyTreeUpdates } from '../../kernel/commitments/tree-update.js';
import { compareBytes } from '../../kernel/encoding/bytes.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { MemoryTreeStore } from '../../shell/commitments/memory-tree-store.js';

/** A tree of `n` pseudo-random leaves (deterministic in `seed`). */
function tree(n: number, seed: number): { store: MemoryTreeStore; root: ChildRef | undefined; leaves: Map<string, Uint8Array> } {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 0xff;
  };
  const leaves = new Map<string, Uint8Array>();
  const updates = Array.from({ length: n }, () => {
    const key = Uint8Array.from({ length: 32 }, next);
    const value = Uint8Array.from({ length: 20 + (next() % 60) }, next);
    leaves.set(toHex(key), value);
    return { key, value };
  }).sort((a, b) => compareBytes(a.key, b.key));
  const store = new MemoryTreeStore();
  const batch = applyTreeUpdates(store, undefined, 1, updates);
  if (!batch.ok) throw new Error(batch.error.code);
  store.apply(batch.value);
  return { store, root: batch.value.root, leaves };
}

const chunksOf = (t: ReturnType<typeof tree>, maxBytes: number): UtxoChunk[] => {
  const plans = planChunks(t.store.lookup, t.root, maxBytes);
  if (!plans.ok) throw new Error(plans.error.code);
  return plans.value.map((p) => {
    const c = buildChunk(t.store.lookup, t.root, p);
    if (!c.ok) throw new Error(c.error.code);
    return c.value;
  });
};

describe('§8.4 planned chunks', () => {
  it('stay within the budget, partition the set, and verify after an encode/decode round trip', () => {
    for (const [n, budget] of [[0, 20_000], [1, 20_000], [300, 12_000], [2000, 15_000], [2000, MAX_CHUNK_BYTES]] as const) {
      const t = tree(n, n + 1);
      const root = treeRootHash(t.root);
      const chunks = chunksOf(t, budget);
      const seen = new Map<string, string>();
      for (const chunk of chunks) {
        const bytes = encodeChunk(chunk);
        expect(bytes.length).toBeLessThanOrEqual(budget);
        const decoded = decodeChunk(bytes);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) continue;
        expect(verifyTreeChunk(root, decoded.value.prefix, decoded.value.bits, decoded.value.leaves, decoded.value.siblings)).toEqual({ ok: true, value: undefined });
        for (const l of decoded.value.leaves) {
          expect(seen.has(toHex(l.key))).toBe(false);
          seen.set(toHex(l.key), toHex(l.value));
        }
      }
      expect(seen).toEqual(new Map([...t.leaves].map(([k, v]) => [k, toHex(v)])));
      if (n === 2000 && budget === 15_000) expect(chunks.length).toBeGreaterThan(10);
      if (budget === MAX_CHUNK_BYTES) expect(chunks.length).toBe(1); // 2,000 small leaves fit in one
    }
  });

  it('a byte flipped anywhere in an encoded chunk is caught: a decode error, or a chunk that fails verification', () => {
    const t = tree(200, 7);
    const root = treeRootHash(t.root);
    const chunks = chunksOf(t, 10_000);
    let flips = 0;
    for (const chunk of chunks.slice(0, 3)) {
      const bytes = encodeChunk(chunk);
      for (let i = 0; i < bytes.length; i++) {
        const copy = bytes.slice();
        copy[i] = (copy[i] as number) ^ 0x01;
        const d = decodeChunk(copy);
        const passes = d.ok && verifyTreeChunk(root, d.value.prefix, d.value.bits, d.value.leaves, d.value.siblings).ok;
        expect(passes, `byte ${i}`).toBe(false);
        flips++;
      }
    }
    expect(flips).toBeGreaterThan(3000);
  });
});

describe('§8.4 the chunk decoder on bad input', () => {
  const sample = encodeChunk(chunksOf(tree(50, 3), 6_000)[0] as UtxoChunk);

  it('every truncation is a typed error naming a field and an offset within the bytes', () => {
    for (let n = 0; n < sample.length; n++) {
      const d = decodeChunk(sample.subarray(0, n));
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.error.offset).toBeLessThanOrEqual(n);
    }
  });

  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const d = decodeChunk(bytes);
        if (!d.ok) expect(typeof d.error.field).toBe('string');
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it('lying lengths are refused before allocating: leaf count, value length, sibling count, prefix bits, size', () => {
    const head = [2, 8, 0, 0xab]; // version 2, an 8-bit prefix 0xab
    expect(decodeChunk(Uint8Array.from([...head, 0xfe, 0xff, 0xff, 0xff, 0x7f]))).toMatchObject({ ok: false, error: { field: 'leaf count', offset: 4 } });
    const key = new Array<number>(32).fill(0xab);
    expect(decodeChunk(Uint8Array.from([...head, 1, ...key, 0xfd, 0xff, 0xff]))).toMatchObject({ ok: false, error: { field: 'leaf value length', offset: 37 } });
    expect(MAX_LEAF_VALUE_BYTES).toBe(10_051);
    expect(MAX_CHUNK_BYTES).toBe(3_900_000);
    expect(decodeChunk(Uint8Array.from([...head, 0, 9]))).toMatchObject({ ok: false, error: { field: 'sibling count', offset: 5 } });
    // A leaf sibling (kind 1) of the 1-bit prefix: its key, then a value length over the cap.
    const oneBit = [2, 1, 0, 0x80, 0, 1, 1];
    expect(decodeChunk(Uint8Array.from([...oneBit, ...key, 0xfd, 0xff, 0xff]))).toMatchObject({ ok: false, error: { field: 'sibling value length', offset: 39 } });
    expect(decodeChunk(Uint8Array.from([...oneBit, ...key.slice(0, 31)]))).toMatchObject({ ok: false, error: { field: 'sibling key', offset: 7 } });
    expect(decodeChunk(Uint8Array.from([...oneBit, ...key, 3, 1, 2]))).toMatchObject({ ok: false, error: { field: 'sibling value', offset: 40 } });
    expect(decodeChunk(Uint8Array.from([2, 0x01, 0x01]))).toMatchObject({ ok: false, error: { field: 'prefix bits', offset: 1 } });
    expect(decodeChunk(Uint8Array.from([2, 4, 0, 0xff, 0, 0]))).toMatchObject({ ok: false, error: { field: 'prefix', offset: 3 } });
    // Version 1 (leaf siblings by hash alone) is no longer read; nor is any other.
    expect(decodeChunk(Uint8Array.from([1, 0, 0, 0, 0]))).toMatchObject({ ok: false, error: { field: 'version', offset: 0, reason: 'unknown version 1' } });
    expect(decodeChunk(Uint8Array.from([3]))).toMatchObject({ ok: false, error: { field: 'version', offset: 0 } });
    expect(decodeChunk(new Uint8Array(MAX_CHUNK_BYTES + 1))).toMatchObject({ ok: false, error: { field: 'chunk size' } });
    expect(decodeChunk(Uint8Array.from([...sample, 0]))).toMatchObject({ ok: false, error: { field: 'trailing data', offset: sample.length } });
  });
});

describe('§8.2 a lone leaf cannot be moved beside the path (leaf siblings carry their key)', () => {
  // One coin: the whole tree is its leaf, root = the leaf's hash. Its key starts with bit 0.
  const key = new Uint8Array(32);
  key[0] = 0x12;
  const value = Uint8Array.of(1, 2, 3);
  const store = new MemoryTreeStore();
  const batch = applyTreeUpdates(store, undefined, 1, [{ key, value }]);
  if (!batch.ok) throw new Error('tree build failed');
  store.apply(batch.value);
  const root = treeRootHash(batch.value.root);
  const asSibling = { kind: 'leaf' as const, key, value };

  it('the key is proved present; "absent, with the leaf one level down beside it" is refused', () => {
    const proof = proveTreeKey(store.lookup, batch.value.root, key);
    if (!proof.ok) throw new Error('no proof');
    expect(verifyTreeProof(root, key, proof.value)).toEqual({ ok: true, value: { value } });
    // Before leaf siblings carried keys, this folded to the same root and proved the key absent.
    expect(verifyTreeProof(root, key, { siblings: [asSibling] })).toEqual({ ok: false, error: 'sibling leaf on the wrong side' });
  });

  it('every refusal has its reason: lengths, a proof or prefix over 256 levels, leaves outside, unsorted or repeated', () => {
    const empty = { kind: 'empty' as const };
    const zero = new Uint8Array(32);
    const k = (first: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? first : 7));
    expect(verifyTreeProof(root, key.slice(0, 31), { siblings: [] })).toEqual({ ok: false, error: 'key not 32 bytes' });
    expect(verifyTreeProof(root, key, { siblings: new Array(257).fill(empty) })).toEqual({ ok: false, error: 'proof longer than the key' });
    expect(verifyTreeProof(root, key, { siblings: [], leaf: { key: key.slice(0, 31), value } })).toEqual({ ok: false, error: "proof leaf off the key's path" });
    expect(verifyTreeProof(root, key, { siblings: [{ kind: 'leaf', key: key.slice(0, 31), value }] })).toEqual({ ok: false, error: 'sibling leaf on the wrong side' });
    expect(verifyTreeChunk(root, zero, 257, [], new Array(257).fill(empty))).toEqual({ ok: false, error: 'prefix longer than the key' });
    expect(verifyTreeChunk(root, zero, 1, [], [])).toEqual({ ok: false, error: 'prefix longer than the key' });
    expect(verifyTreeChunk(root, zero, 1, [{ key: key.slice(0, 31), value }], [empty])).toEqual({ ok: false, error: 'leaf outside the prefix' });
    expect(verifyTreeChunk(root, zero, 1, [{ key: k(0x80), value }], [empty])).toEqual({ ok: false, error: 'leaf outside the prefix' });
    expect(verifyTreeChunk(root, zero, 1, [{ key: k(0x20), value }, { key: k(0x10), value }], [empty])).toEqual({ ok: false, error: 'leaves not sorted and unique' });
    expect(verifyTreeChunk(root, zero, 1, [{ key: k(0x10), value }, { key: k(0x10), value }], [empty])).toEqual({ ok: false, error: 'leaves not sorted and unique' });
  });

  it("the chunk of prefix 0 holds the coin; an empty chunk with the coin as prefix 0's sibling is refused", () => {
    const zero = new Uint8Array(32);
    const honest = buildChunk(store.lookup, batch.value.root, { prefix: zero, bits: 1 });
    if (!honest.ok) throw new Error('no chunk');
    expect(honest.value.leaves).toEqual([{ key, value }]);
    expect(verifyTreeChunk(root, zero, 1, honest.value.leaves, honest.value.siblings)).toEqual({ ok: true, value: undefined });
    expect(verifyTreeChunk(root, zero, 1, [], [asSibling])).toEqual({ ok: false, error: 'sibling leaf on the wrong side' });
    // Prefix 1's chunk is honestly empty, with the coin as its sibling: that one verifies.
    const one = new Uint8Array(32);
    one[0] = 0x80;
    const other = buildChunk(store.lookup, batch.value.root, { prefix: one, bits: 1 });
    if (!other.ok) throw new Error('no chunk');
    expect(other.value).toMatchObject({ leaves: [], siblings: [asSibling] });
    expect(verifyTreeChunk(root, one, 1, [], other.value.siblings)).toEqual({ ok: true, value: undefined });
    const decoded = decodeChunk(encodeChunk(other.value));
    expect(decoded.ok && decoded.value.siblings).toEqual([asSibling]);
  });
});
