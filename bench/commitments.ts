/**
 * UTXO commitments (SPEC.md §8): the authenticated tree at N coins, in memory (the kernel's batch
 * update over MemoryTreeStore, and the engine in WebAssembly, WasmTreeStore) and on LMDB, updated
 * in block-sized batches (half spends of existing coins, half new coins); MuHash per coin; one
 * real block's delta (block 300025: its spends and outputs) applied to a tree of N coins;
 * inclusion proof size and verify time; memory per coin.
 *
 *   npm run bench:commitments -- [--sizes 1000000,10000000] [--stores memory,wasm,lmdb] [--batch 5000] [--batches 20] [--build-batch 20000] [--out reports/commitments.json]
 *   (node --import tsx --expose-gc --max-old-space-size=12288 bench/commitments.ts ...)
 *
 * Writes reports/commitments.json: the machine, the load average at start and end, a row per
 * (size, store), MuHash insert and remove per coin, and an estimate for mainnet's ~180M coins made
 * from the measured rates (an extrapolation, not a measurement).
 *
 * Coins are synthetic and deterministic (bench/synthetic-coins.ts): 32-byte keys from a xorshift generator (SHA256 outputs are
 * uniform, so the tree's shape is the same as for real outpoints), 60-byte values (a P2WPKH coin).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, outpointKey } from '../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../kernel/crypto/secp256k1.js';
import { type MuHash3072, MUHASH_EMPTY, muhashInsertAll, muhashRemoveAll } from '../kernel/commitments/muhash.js';
import type { ChildRef, NodeLookup, TreeNodeSource } from '../kernel/commitments/tree-node.js';
import { proveTreeKey, treeRootHash, verifyTreeProof } from '../kernel/commitments/tree-proof.js';
import { type TreeUpdate, type TreeWriteBatch, applyTreeUpdates, treeUpdateWorkspace } from '../kernel/commitments/tree-update.js';
import { deltaTreeUpdates } from '../kernel/commitments/utxo-state.js';
import { compareBytes } from '../kernel/encoding/bytes.js';
import type { Result } from '../kernel/result.js';
import { decodeBlock } from '../kernel/primitives/block.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../shell/chain/undo-file.js';
import { LmdbTreeStore } from '../shell/commitments/lmdb-tree-store.js';
import { MemoryTreeStore } from '../shell/commitments/memory-tree-store.js';
import { WasmTreeStore } from '../shell/commitments/wasm-tree-store.js';
import { LiveKeys, coinGenerator, steadyStateBatches } from './synthetic-coins.js';
import { medianOf } from './stats.js';

interface Store extends TreeNodeSource {
  apply(batch: TreeWriteBatch): void;
  readonly size: number;
}

/** memory: applyTreeUpdates over MemoryTreeStore; wasm: WasmTreeStore; lmdb: applyTreeUpdates over LmdbTreeStore. */
export type TreeBenchStore = 'memory' | 'wasm' | 'lmdb';

export interface TreeBenchRow {
  readonly store: TreeBenchStore;
  readonly coins: number;
  readonly buildSeconds: number;
  /** Sustained: all timed batches' updates over their total time (garbage collections included). */
  readonly updatesPerSecond: number;
  /** From the median batch alone (the figure reported until 2026-12-05: it leaves out the batches a full collection lands on). */
  readonly updatesPerSecondMedianBatch: number;
  /** Median and mean batch times. */
  readonly batchMs: number;
  readonly meanBatchMs: number;
  readonly block300025Ms: number;
  readonly block300025Updates: number;
  readonly proofBytes: number;
  readonly proofVerifyMicros: number;
  readonly nodes: number;
  /** Memory store: growth per coin of the V8 heap and ArrayBuffers after a full GC (the node arena, the position table and the bench's own packed list of live keys, 32 bytes); engine: its WebAssembly memory and the same list of keys. */
  readonly bytesPerCoin?: number;
  /** LMDB store: bytes allocated on disk for the database files, per coin. */
  readonly diskBytesPerCoin?: number;
  /** Build rate (coins inserted per second in batches of `buildBatch`). */
  readonly buildBatch: number;
  readonly buildCoinsPerSecond: number;
  /** The same work per CPU second of this process (user + system): less inflated than wall time on a shared machine. */
  readonly buildCoinsPerCpuSecond: number;
  readonly updatesPerCpuSecond: number;
  readonly block300025CpuMs: number;
}

const sortUpdates = (u: TreeUpdate[]): TreeUpdate[] => u.sort((a, b) => compareBytes(a.key, b.key));

/** One workspace for every batch, as a node applying block after block keeps one (each batch is applied to its store before the next). */
const workspace = treeUpdateWorkspace();

/** A tree as the bench drives it: one sorted batch at a time (the root after it), nodes by key for proofs. */
interface BenchTree {
  apply(updates: TreeUpdate[]): void;
  root: ChildRef | undefined;
  readonly lookup: NodeLookup;
  readonly size: number;
  /** Memory outside the JavaScript heap and its ArrayBuffers (the engine's WebAssembly memory). */
  readonly outsideBytes: number;
}

/** A BenchTree whose `apply` runs `step` on the next version and keeps the root it returns. */
function benchTreeOver(source: { readonly lookup: NodeLookup; readonly size: number; readonly memoryBytes?: number }, step: (version: number, updates: TreeUpdate[]) => Result<{ readonly root: ChildRef | undefined }, unknown>): BenchTree {
  let version = 0;
  const tree: BenchTree = {
    apply(updates) {
      const r = step(++version, updates);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      tree.root = r.value.root;
    },
    root: undefined,
    lookup: source.lookup,
    get size() {
      return source.size;
    },
    get outsideBytes() {
      return source.memoryBytes ?? 0;
    },
  };
  return tree;
}

/** The kernel's batch update over a store, each batch applied to the store before the next. */
function kernelTree(store: Store): BenchTree {
  const tree = benchTreeOver(store, (version, updates) => {
    const r = applyTreeUpdates(store, tree.root, version, updates, workspace);
    if (r.ok) store.apply(r.value);
    return r;
  });
  return tree;
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

/**
 * Grows a tree to `coins` in batches of `buildBatch` (20,000 by default: a node's history of
 * blocks; 1,000,000 grows an LMDB tree of 10M coins in minutes instead of hours, its pages written
 * in order as a fast-synced node's are), times `batches` block-sized batches at that size, then
 * one real block's delta and proofs.
 */
export function benchTree(kind: TreeBenchStore, coins: number, batchSize: number, batches: number, buildBatch = 20_000): TreeBenchRow {
  const dir = kind === 'lmdb' ? mkdtempSync(join(tmpdir(), 'bllvm-bench-lmdb-')) : undefined;
  const lmdb = dir === undefined ? undefined : LmdbTreeStore.open(dir);
  const engine = kind === 'wasm' ? new WasmTreeStore() : undefined;
  const tree = engine !== undefined ? benchTreeOver(engine, (version, updates) => engine.apply(version, updates)) : kernelTree(lmdb ?? new MemoryTreeStore());
  const next = coinGenerator(coins + 17);
  const live = new LiveKeys(coins);
  // The memory store keeps its nodes in ArrayBuffers (an arena and a position table), outside the heap's objects.
  const usedBytes = (): number => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const heapBefore = usedBytes();
  const buildStart = performance.now();
  const buildCpu = process.cpuUsage();
  for (let have = 0; have < coins; have += buildBatch) {
    const updates: TreeUpdate[] = [];
    for (let i = have; i < Math.min(coins, have + buildBatch); i++) {
      const c = next();
      updates.push(c);
      live.push(c.key);
    }
    tree.apply(sortUpdates(updates));
  }
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const buildCpuSeconds = cpuSeconds(buildCpu);
  globalThis.gc?.();
  // The memory store: heap and ArrayBuffer growth (its arena and table, and the live keys). The
  // engine: its WebAssembly memory and the same live keys (the heap's growth lags the collection
  // of the previous row's store, so it is not measured there).
  const bytesPerCoin = kind === 'lmdb' ? undefined : Math.round((kind === 'wasm' ? tree.outsideBytes + live.byteLength : usedBytes() - heapBefore) / coins);
  const diskBytesPerCoin = dir === undefined ? undefined : Math.round(allocatedBytes(dir) / coins);

  // Steady state: each batch spends batchSize/2 existing coins and creates as many.
  const steadyBatch = steadyStateBatches(live, next);
  const samples: number[] = [];
  let cpuTotal = 0;
  for (let b = 0; b < batches; b++) {
    const sorted = sortUpdates(steadyBatch(batchSize / 2));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    tree.apply(sorted);
    samples.push(performance.now() - t0);
    cpuTotal += cpuSeconds(c0);
  }
  const totalMs = samples.reduce((a, b) => a + b, 0);
  samples.sort((a, b) => a - b);
  const batchMs = samples[samples.length >> 1] as number;

  const blockUpdates = block300025Updates();
  const t0 = performance.now();
  const blockCpu = process.cpuUsage();
  tree.apply(blockUpdates);
  const block300025Ms = performance.now() - t0;
  const block300025CpuMs = cpuSeconds(blockCpu) * 1000;

  // Proofs of 1,000 present keys.
  const rootHash = treeRootHash(tree.root);
  let proofBytes = 0;
  let verifyMs = 0;
  const PROOFS = 1000;
  for (let i = 0; i < PROOFS; i++) {
    const key = live.at((i * 7919) % live.length);
    const proof = proveTreeKey(tree.lookup, tree.root, key);
    if (!proof.ok || proof.value.leaf === undefined) throw new Error('no proof');
    // A sibling: its kind byte, and a hash (internal) or key, CompactSize length and value (leaf).
    proofBytes += 1 + proof.value.siblings.reduce((n, s) => n + (s.kind === 'empty' ? 1 : s.kind === 'internal' ? 33 : 1 + 32 + 1 + s.value.length), 0) + 32 + proof.value.leaf.value.length;
    const v0 = performance.now();
    const verified = verifyTreeProof(rootHash, key, proof.value);
    verifyMs += performance.now() - v0;
    if (!verified.ok || verified.value.value === undefined) throw new Error('proof does not verify');
  }
  const row: TreeBenchRow = {
    store: kind,
    coins,
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    buildBatch,
    updatesPerSecond: Math.round(((batches * batchSize) / totalMs) * 1000),
    updatesPerSecondMedianBatch: Math.round((batchSize / batchMs) * 1000),
    batchMs: Math.round(batchMs * 10) / 10,
    meanBatchMs: Math.round((totalMs / batches) * 10) / 10,
    block300025Ms: Math.round(block300025Ms * 10) / 10,
    block300025Updates: blockUpdates.length,
    proofBytes: Math.round(proofBytes / PROOFS),
    proofVerifyMicros: Math.round((verifyMs / PROOFS) * 1000 * 10) / 10,
    nodes: tree.size,
    buildCoinsPerSecond: Math.round(coins / buildSeconds),
    buildCoinsPerCpuSecond: Math.round(coins / buildCpuSeconds),
    updatesPerCpuSecond: Math.round((batches * batchSize) / cpuTotal),
    block300025CpuMs: Math.round(block300025CpuMs * 10) / 10,
    ...(bytesPerCoin === undefined ? {} : { bytesPerCoin }),
    ...(diskBytesPerCoin === undefined ? {} : { diskBytesPerCoin }),
  };
  if (lmdb !== undefined && dir !== undefined) {
    void lmdb.close().then(() => rmSync(dir, { recursive: true, force: true }));
  }
  return row;
}

/** CPU seconds (user + system) of this process since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** Bytes the files of a directory take on disk (allocated blocks, so a sparse or preallocated map counts only what is written). */
function allocatedBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).blocks * 512, 0);
}

/** Coins per MuHash batch in the benches: a block's worth of created (or spent) coins, as advanceUtxoState hashes them. */
export const MUHASH_BENCH_BATCH = 2000;

/** `coins` 60-byte coin values in batches of `batch` (the last one shorter). */
function muhashBatches(coins: number, batch: number): Uint8Array[][] {
  const next = coinGenerator(99);
  const values = Array.from({ length: coins }, () => next().value);
  const out: Uint8Array[][] = [];
  for (let i = 0; i < coins; i += batch) out.push(values.slice(i, i + batch));
  return out;
}

/** One pass of insertions (or removals) over `batches`, each batch in one call. */
function muhashPass(acc: MuHash3072, batches: readonly Uint8Array[][], op: 'insert' | 'remove'): MuHash3072 {
  const step = op === 'insert' ? muhashInsertAll : muhashRemoveAll;
  let a = acc;
  for (const b of batches) a = step(a, b);
  return a;
}

/** MuHash3072 insert and remove per coin (60-byte elements, `batch` per call): wall and CPU microseconds, medians of `rounds`. */
export function benchMuhashCpu(coins: number, rounds: number, batch: number): { insertMicros: number; removeMicros: number; insertCpuMicros: number; removeCpuMicros: number } {
  const batches = muhashBatches(coins, batch);
  const wall = { insert: [] as number[], remove: [] as number[] };
  const cpu = { insert: [] as number[], remove: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const op of ['insert', 'remove'] as const) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      muhashPass(MUHASH_EMPTY, batches, op);
      wall[op].push(((performance.now() - t0) * 1000) / coins);
      cpu[op].push((cpuSeconds(c0) * 1e6) / coins);
    }
  }
  const med = (xs: number[]): number => Math.round(medianOf(xs) * 100) / 100;
  return { insertMicros: med(wall.insert), removeMicros: med(wall.remove), insertCpuMicros: med(cpu.insert), removeCpuMicros: med(cpu.remove) };
}

/** Timed passes of benchMuhash: one pass of 20,000 coins is about 0.1 to 0.2 s, short enough for one busy moment of this host to decide it alone. */
const MUHASH_PASSES = 5;

/** MuHash3072 insert (or remove) cost per coin (a 60-byte element, `batch` per call), microseconds: the median of MUHASH_PASSES passes over `coins` coins. */
export function benchMuhash(coins: number, batch: number, op: 'insert' | 'remove' = 'insert'): number {
  const batches = muhashBatches(coins, batch);
  let acc = muhashPass(MUHASH_EMPTY, batches.slice(0, 1), op); // warm-up
  const passes: number[] = [];
  for (let p = 0; p < MUHASH_PASSES; p++) {
    const t0 = performance.now();
    acc = muhashPass(acc, batches, op);
    passes.push(((performance.now() - t0) * 1000) / coins);
  }
  return Math.round(medianOf(passes) * 100) / 100;
}

/** Mainnet's UTXO set, order of magnitude (Core's gettxoutsetinfo reported about 180M coins in 2024-2025). */
const MAINNET_COINS = 180_000_000;

/** What ~180M coins would need, extrapolated from the largest measured row of each store (linear in coins; the tree's depth grows as log2, so per-update cost grows slowly). */
export function mainnetEstimate(rows: readonly TreeBenchRow[], muhashInsertMicros: number): Record<string, unknown> {
  const largest = (store: TreeBenchStore): TreeBenchRow | undefined => rows.filter((r) => r.store === store).sort((a, b) => b.coins - a.coins)[0];
  const mem = largest('memory');
  const disk = largest('lmdb');
  const engine = largest('wasm');
  const depthRatio = (r: TreeBenchRow): number => Math.log2(MAINNET_COINS) / Math.log2(r.coins);
  return {
    coins: MAINNET_COINS,
    method: 'extrapolated from the measured rates of the largest size of each store: bytes per coin x coins; build time = coins / build rate x (log2 180M / log2 measured), as each insert walks a path of about log2(n) nodes',
    ...(mem === undefined ? {} : {
      memoryStoreHeapGB: mem.bytesPerCoin === undefined ? undefined : Math.round((mem.bytesPerCoin * MAINNET_COINS) / 1e8) / 10,
      memoryStoreBuildHours: Math.round(((MAINNET_COINS / mem.buildCoinsPerSecond) * depthRatio(mem)) / 360) / 10,
      fromMemoryRowCoins: mem.coins,
    }),
    ...(disk === undefined ? {} : {
      lmdbDiskGB: disk.diskBytesPerCoin === undefined ? undefined : Math.round((disk.diskBytesPerCoin * MAINNET_COINS) / 1e8) / 10,
      lmdbBuildHours: Math.round(((MAINNET_COINS / disk.buildCoinsPerSecond) * depthRatio(disk)) / 360) / 10,
      lmdbUpdatesPerSecond: Math.round(disk.updatesPerSecond / depthRatio(disk)),
      fromLmdbRowCoins: disk.coins,
    }),
    ...(engine?.bytesPerCoin === undefined ? {} : {
      // The engine's memory is one WebAssembly memory of at most 4 GiB: it holds this many coins, not mainnet's (the row's figure less the bench's 32-byte live keys).
      wasmEngineMaxCoins: Math.floor(2 ** 32 / (engine.bytesPerCoin - 32)),
    }),
    muhashFullSetMinutes: Math.round((MAINNET_COINS * muhashInsertMicros) / 1e6 / 6) / 10,
  };
}

const round2 = (l: number): number => Math.round(l * 100) / 100;

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = arg('sizes', '1000000').split(',').map(Number);
  const stores = arg('stores', 'memory,wasm,lmdb').split(',') as TreeBenchStore[];
  const batch = Number(arg('batch', '5000'));
  const batches = Number(arg('batches', '20'));
  const buildBatch = Number(arg('build-batch', '20000'));
  const out = arg('out', fileURLToPath(new URL('../reports/commitments.json', import.meta.url)));
  const env = {
    date: new Date().toISOString(),
    command: `node --import tsx --expose-gc --max-old-space-size=12288 bench/commitments.ts ${process.argv.slice(2).join(' ')}`.trim(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e9),
    loadAverageAtStart: loadavg().map(round2),
  };
  console.log(`commitments bench: ${env.date}, Node ${env.node}, ${env.cores} x ${env.cpu}, load ${env.loadAverageAtStart.join(' ')}`);
  const m = benchMuhashCpu(20_000, 3, MUHASH_BENCH_BATCH);
  const one = benchMuhashCpu(20_000, 3, 1);
  const muhash = {
    batch: MUHASH_BENCH_BATCH,
    insertMicrosPerCoin: m.insertMicros,
    removeMicrosPerCoin: m.removeMicros,
    insertCpuMicrosPerCoin: m.insertCpuMicros,
    removeCpuMicrosPerCoin: m.removeCpuMicros,
    oneAtATime: one,
    goalMicros: 10,
  };
  console.log(`MuHash3072 per coin, batches of ${MUHASH_BENCH_BATCH}: insert ${muhash.insertMicrosPerCoin} us (CPU ${muhash.insertCpuMicrosPerCoin}), remove ${muhash.removeMicrosPerCoin} us (CPU ${muhash.removeCpuMicrosPerCoin}); one coin per call: insert ${one.insertMicros} us, remove ${one.removeMicros} us`);
  const rows: TreeBenchRow[] = [];
  for (const coins of sizes) {
    for (const kind of stores) {
      const row = benchTree(kind, coins, batch, batches, buildBatch);
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  const record = {
    schema: 'bllvm-bench-commitments/1',
    env: { ...env, loadAverageAtEnd: loadavg().map(round2) },
    settings: { batch, batches, buildBatch, valueBytes: 60, proofsSampled: 1000 },
    muhash,
    trees: rows,
    mainnetEstimate: mainnetEstimate(rows, muhash.insertMicrosPerCoin),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
  console.log(JSON.stringify(record.mainnetEstimate));
  console.log(`load at end ${record.env.loadAverageAtEnd.join(' ')}; wrote ${out}`);
}
