/**
 * UTXO commitments (SPEC.md §8): the authenticated tree at N coins, in memory and on LMDB, updated
 * in block-sized batches (half spends of existing coins, half new coins); MuHash per coin; one
 * real block's delta (block 300025: its spends and outputs) applied to a tree of N coins;
 * inclusion proof size and verify time; memory per coin.
 *
 *   npx tsx bench/commitments.ts [--sizes 1000000,10000000] [--stores memory,lmdb] [--batch 5000] [--batches 20]
 *
 * Coins are synthetic and deterministic: 32-byte keys from a xorshift generator (SHA256 outputs are
 * uniform, so the tree's shape is the same as for real outpoints), 60-byte values (a P2WPKH coin).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, outpointKey } from '../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../kernel/crypto/secp256k1.js';
import { MUHASH_EMPTY, muhashInsert } from '../kernel/commitments/muhash.js';
import type { ChildRef, NodeLookup } from '../kernel/commitments/tree-node.js';
import { proveTreeKey, treeRootHash, verifyTreeProof } from '../kernel/commitments/tree-proof.js';
import { type TreeUpdate, type TreeWriteBatch, applyTreeUpdates } from '../kernel/commitments/tree-update.js';
import { deltaTreeUpdates } from '../kernel/commitments/utxo-state.js';
import { compareBytes } from '../kernel/encoding/bytes.js';
import { decodeBlock } from '../kernel/primitives/block.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../shell/chain/undo-file.js';
import { LmdbTreeStore } from '../shell/commitments/lmdb-tree-store.js';
import { MemoryTreeStore } from '../shell/commitments/memory-tree-store.js';

interface Store {
  readonly lookup: NodeLookup;
  apply(batch: TreeWriteBatch): void;
  readonly size: number;
}

export interface TreeBenchRow {
  readonly store: 'memory' | 'lmdb';
  readonly coins: number;
  readonly buildSeconds: number;
  readonly updatesPerSecond: number;
  readonly batchMs: number;
  readonly block300025Ms: number;
  readonly block300025Updates: number;
  readonly proofBytes: number;
  readonly proofVerifyMicros: number;
  readonly nodes: number;
  readonly bytesPerCoin?: number;
}

/** A deterministic stream of 32-byte keys and 60-byte values. */
function generator(seed: number): () => { key: Uint8Array; value: Uint8Array } {
  let x = seed >>> 0 || 1;
  const word = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return () => {
    const key = new Uint8Array(32);
    const kv = new DataView(key.buffer);
    for (let i = 0; i < 32; i += 4) kv.setUint32(i, word());
    const value = new Uint8Array(60);
    const vv = new DataView(value.buffer);
    for (let i = 0; i < 60; i += 4) vv.setUint32(i, word());
    return { key, value };
  };
}

const sortUpdates = (u: TreeUpdate[]): TreeUpdate[] => u.sort((a, b) => compareBytes(a.key, b.key));

function applyBatch(store: Store, root: ChildRef | undefined, version: number, updates: TreeUpdate[]): { root: ChildRef | undefined; version: number } {
  const r = applyTreeUpdates(store.lookup, root, version + 1, updates);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  store.apply(r.value);
  return { root: r.value.root, version: r.value.version };
}

/** Block 300025's UTXO delta as tree updates (its 1,427 spends and its outputs). */
function block300025Updates(): TreeUpdate[] {
  const vector = (f: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../test/vectors/${f}`, import.meta.url))));
  const block = decodeBlock(vector('bcoin/block300025.raw'));
  const spent = parseUndoFile(vector('bcoin/block300025-undo.raw'));
  if (!block.ok || !spent.ok) throw new Error('block 300025 does not decode');
  const view = undoView(block.value, spent.value);
  if (!view.ok) throw new Error(view.error);
  const coins: Map<string, Coin> = view.value;
  const connected = connectBlock({ getCoin: (p) => coins.get(outpointKey(p)) }, block.value, {
    height: 300025,
    prevMedianTimePast: block.value.header.time - 1,
    medianTimePastAt: () => 0,
    params: NETWORKS.main.consensus,
    backend: DEFAULT_BACKEND,
    verifyScripts: false,
  });
  if (!connected.ok) throw new Error(connected.error.reason);
  const updates = deltaTreeUpdates(connected.value.delta);
  if (!updates.ok) throw new Error(updates.error.code);
  return updates.value;
}

/** Grows a tree to `coins` in batches, times `batches` block-sized batches at that size, then one real block's delta and proofs. */
export function benchTree(kind: 'memory' | 'lmdb', coins: number, batchSize: number, batches: number): TreeBenchRow {
  const dir = kind === 'lmdb' ? mkdtempSync(join(tmpdir(), 'bllvm-bench-lmdb-')) : undefined;
  const store: Store & { close?: () => Promise<void> } = dir === undefined ? new MemoryTreeStore() : LmdbTreeStore.open(dir);
  const next = generator(coins + 17);
  const live: Uint8Array[] = [];
  let state: { root: ChildRef | undefined; version: number } = { root: undefined, version: 0 };
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  const BUILD_BATCH = 20_000;
  for (let have = 0; have < coins; have += BUILD_BATCH) {
    const updates: TreeUpdate[] = [];
    for (let i = have; i < Math.min(coins, have + BUILD_BATCH); i++) {
      const c = next();
      updates.push(c);
      live.push(c.key);
    }
    state = applyBatch(store, state.root, state.version, sortUpdates(updates));
  }
  const buildSeconds = (performance.now() - buildStart) / 1000;
  globalThis.gc?.();
  const bytesPerCoin = kind === 'memory' ? Math.round((process.memoryUsage().heapUsed - heapBefore) / coins) : undefined;

  // Steady state: each batch spends batchSize/2 existing coins and creates as many.
  let pick = 0x2545f491;
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const updates: TreeUpdate[] = [];
    const picked = new Set<number>();
    while (picked.size < batchSize / 2) {
      pick = (Math.imul(pick, 1103515245) + 12345) >>> 0;
      const at = pick % live.length;
      if (picked.has(at)) continue;
      picked.add(at);
      updates.push({ key: live[at] as Uint8Array });
      const c = next();
      live[at] = c.key;
      updates.push(c);
    }
    const sorted = sortUpdates(updates);
    const t0 = performance.now();
    state = applyBatch(store, state.root, state.version, sorted);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const batchMs = samples[samples.length >> 1] as number;

  const blockUpdates = block300025Updates();
  const t0 = performance.now();
  state = applyBatch(store, state.root, state.version, blockUpdates);
  const block300025Ms = performance.now() - t0;

  // Proofs of 1,000 present keys.
  const rootHash = treeRootHash(state.root);
  let proofBytes = 0;
  let verifyMs = 0;
  const PROOFS = 1000;
  for (let i = 0; i < PROOFS; i++) {
    const key = live[(i * 7919) % live.length] as Uint8Array;
    const proof = proveTreeKey(store.lookup, state.root, key);
    if (!proof.ok || proof.value.leaf === undefined) throw new Error('no proof');
    proofBytes += 1 + proof.value.siblings.reduce((n, s) => n + (s.kind === 'empty' ? 1 : 33), 0) + 32 + proof.value.leaf.value.length;
    const v0 = performance.now();
    const verified = verifyTreeProof(rootHash, key, proof.value);
    verifyMs += performance.now() - v0;
    if (!verified.ok || verified.value.value === undefined) throw new Error('proof does not verify');
  }
  const row: TreeBenchRow = {
    store: kind,
    coins,
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    updatesPerSecond: Math.round((batchSize / batchMs) * 1000),
    batchMs: Math.round(batchMs * 10) / 10,
    block300025Ms: Math.round(block300025Ms * 10) / 10,
    block300025Updates: blockUpdates.length,
    proofBytes: Math.round(proofBytes / PROOFS),
    proofVerifyMicros: Math.round((verifyMs / PROOFS) * 1000 * 10) / 10,
    nodes: store.size,
    ...(bytesPerCoin === undefined ? {} : { bytesPerCoin }),
  };
  if (dir !== undefined) {
    void (store as LmdbTreeStore).close().then(() => rmSync(dir, { recursive: true, force: true }));
  }
  return row;
}

/** MuHash3072 insert cost per coin (a 60-byte element), microseconds. */
export function benchMuhash(coins: number): number {
  const next = generator(99);
  const values = Array.from({ length: coins }, () => next().value);
  let acc = MUHASH_EMPTY;
  for (const v of values.slice(0, 1000)) acc = muhashInsert(acc, v); // warm-up
  const t0 = performance.now();
  for (const v of values) acc = muhashInsert(acc, v);
  return Math.round(((performance.now() - t0) * 1000 * 100) / coins) / 100;
}

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = arg('sizes', '100000').split(',').map(Number);
  const stores = arg('stores', 'memory,lmdb').split(',') as ('memory' | 'lmdb')[];
  const batch = Number(arg('batch', '5000'));
  const batches = Number(arg('batches', '20'));
  console.log(`MuHash3072 insert: ${benchMuhash(20_000)} us per coin`);
  for (const coins of sizes) {
    for (const kind of stores) console.log(JSON.stringify(benchTree(kind, coins, batch, batches)));
  }
}
