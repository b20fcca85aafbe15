/**
 * The tree over a real LMDB store (shell/commitments/lmdb-tree-store.ts) gives the same roots,
 * values and proofs as over memory, keeps exactly the live nodes, survives a reopen, keeps old
 * versions readable with history on, and rejects a corrupted node as missing rather than
 * misreading it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildRef, TreeNode, TreeNodeSource } from '../../kernel/commitments/tree-node.js';
import { getTreeValue, proveTreeKey, treeRootHash, verifyTreeProof } from '../../kernel/commitments/tree-proof.js';
import { type TreeUpdate, applyTreeUpdates } from '../../kernel/commitments/tree-update.js';
import { compareBytes } from '../../kernel/encoding/bytes.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { LmdbTreeStore } from '../../shell/commitments/lmdb-tree-store.js';
import { MemoryTreeStore } from '../../shell/commitments/memory-tree-store.js';
import { decodeNode, encodeNode, encodeNodeKey } from '../../kernel/commitments/tree-codec.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-lmdb-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Deterministic batches: inserts of fresh keys, updates and deletes of earlier ones. */
function batches(n: number, size: number): TreeUpdate[][] {
  let x = 0x9e3779b9;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const live: Uint8Array[] = [];
  const out: TreeUpdate[][] = [];
  for (let b = 0; b < n; b++) {
    const batch = new Map<string, TreeUpdate>();
    for (let i = 0; i < size; i++) {
      const r = rnd() % 10;
      if (r < 2 && live.length > 0) {
        const key = live.splice(rnd() % live.length, 1)[0] as Uint8Array;
        batch.set(toHex(key), { key });
      } else {
        const key = Uint8Array.from({ length: 32 }, () => rnd() & 0xff);
        live.push(key);
        batch.set(toHex(key), { key, value: Uint8Array.from({ length: 40 }, () => rnd() & 0xff) });
      }
    }
    out.push([...batch.values()].sort((a, c) => compareBytes(a.key, c.key)));
  }
  return out;
}

function run(store: TreeNodeSource & { apply(b: Parameters<MemoryTreeStore['apply']>[0]): void }, bs: TreeUpdate[][], from = { version: 0, root: undefined as ChildRef | undefined }): { version: number; root: ChildRef | undefined; roots: (ChildRef | undefined)[] } {
  let { version, root } = from;
  const roots: (ChildRef | undefined)[] = [];
  for (const b of bs) {
    const r = applyTreeUpdates(store, root, version + 1, b);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    store.apply(r.value);
    version = r.value.version;
    root = r.value.root;
    roots.push(root);
  }
  return { version, root, roots };
}

describe('§8.2 the tree over LMDB', () => {
  const bs = batches(30, 200);

  it('gives the roots of the memory store, holds exactly its live nodes, and reopens at its latest version', async () => {
    const memory = new MemoryTreeStore();
    const expected = run(memory, bs);
    const lmdb = LmdbTreeStore.open(join(scratch, 'a'));
    const got = run(lmdb, bs.slice(0, 20));
    await lmdb.close();
    const reopened = LmdbTreeStore.open(join(scratch, 'a'));
    const latest = reopened.latest();
    expect(latest.version).toBe(20);
    const rest = run(reopened, bs.slice(20), latest);
    expect([...got.roots, ...rest.roots].map((r) => toHex(treeRootHash(r)))).toEqual(expected.roots.map((r) => toHex(treeRootHash(r))));
    expect(reopened.size).toBe(memory.size);
    const root = treeRootHash(rest.root);
    const final = new Map<string, Uint8Array | undefined>();
    for (const b of bs) for (const u of b) final.set(toHex(u.key), u.value);
    for (const b of bs.slice(-3)) {
      for (const u of b) {
        const expectedValue = final.get(toHex(u.key));
        const proof = proveTreeKey(reopened.lookup, rest.root, u.key);
        if (!proof.ok) throw new Error(proof.error.code);
        const v = verifyTreeProof(root, u.key, proof.value);
        expect(v).toMatchObject({ ok: true });
        const value = getTreeValue(reopened.lookup, rest.root, u.key);
        expect(value.ok && value.value !== undefined ? toHex(value.value) : undefined).toBe(expectedValue === undefined ? undefined : toHex(expectedValue));
      }
    }
    await reopened.close();
  }, 60_000);

  it('with history kept, every version still reads its root and values', async () => {
    const store = LmdbTreeStore.open(join(scratch, 'b'), { keepHistory: true });
    const { roots } = run(store, bs.slice(0, 10));
    for (const [i, b] of bs.slice(0, 10).entries()) {
      expect(toHex(treeRootHash(store.rootAt(i + 1)))).toBe(toHex(treeRootHash(roots[i])));
      for (const u of b.filter((x) => x.value !== undefined).slice(0, 20)) {
        const value = getTreeValue(store.lookup, store.rootAt(i + 1), u.key);
        expect(value.ok && value.value !== undefined && toHex(value.value)).toBe(toHex(u.value as Uint8Array));
      }
    }
    await store.close();
  }, 60_000);

  it('the node codec round-trips and refuses malformed bytes', () => {
    const leaf: TreeNode = { kind: 'leaf', key: new Uint8Array(32).fill(1), value: Uint8Array.of(1, 2, 3) };
    const child = { hash: new Uint8Array(32).fill(9), version: 2 ** 40, isLeaf: false, count: 123456789, valueBytes: 2 ** 45 };
    const internal: TreeNode = { kind: 'internal', right: child };
    expect(decodeNode(encodeNode(leaf))).toEqual(leaf);
    expect(decodeNode(encodeNode(internal))).toEqual(internal);
    expect(decodeNode(encodeNode({ kind: 'internal', left: child, right: { ...child, isLeaf: true } }))).toEqual({ kind: 'internal', left: child, right: { ...child, isLeaf: true } });
    expect(decodeNode(encodeNode(internal).subarray(0, 30))).toBeUndefined();
    expect(decodeNode(Uint8Array.of(1, 4))).toBeUndefined();
    expect(decodeNode(Uint8Array.of(2))).toBeUndefined();
    expect(decodeNode(new Uint8Array(10))).toBeUndefined();
    // Decoding a Buffer (as lmdb hands out, over memory it reuses) keeps copies, not views.
    const shared = Buffer.from(encodeNode({ kind: 'internal', left: child, right: { ...child, isLeaf: true } }));
    const sharedLeaf = Buffer.from(encodeNode(leaf));
    const decoded = [decodeNode(shared), decodeNode(sharedLeaf)];
    shared.fill(0xee);
    sharedLeaf.fill(0xee);
    expect(decoded).toEqual([{ kind: 'internal', left: child, right: { ...child, isLeaf: true } }, leaf]);
    // Keys: u64be version, u16be depth, the path bytes (a version above 2^32 and a depth above 255 use every byte).
    expect(toHex(encodeNodeKey({ version: 2 ** 40 + 0x01020304, depth: 0x0123, path: Uint8Array.of(0xab, 0xcd) }))).toBe('000001000102030401' + '23abcd');
    // Children: hash, u64le version, isLeaf, u64le count, u64le value bytes, at literal offsets.
    const bytes = encodeNode({ kind: 'internal', left: { hash: new Uint8Array(32).fill(7), version: 2 ** 33 + 1, isLeaf: true, count: 0x0a0b0c0d, valueBytes: 2 ** 52 } });
    expect(toHex(bytes)).toBe('0101' + '07'.repeat(32) + '0100000002000000' + '01' + '0d0c0b0a00000000' + '0000000000001000');
  });
});
