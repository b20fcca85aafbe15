/**
 * Kernel benchmarks on Bitcoin Core's own benchmark block (block 413567: 1,557 txs, 999,887
 * bytes). Run with `npm run bench` (optionally `npm run bench -- --iterations 200 --warmup 20`).
 *
 * Each operation is warmed up, then timed over N iterations with performance.now(); the table
 * shows median and p90 (nearest rank) in milliseconds. Results are also written, machine
 * readable, to bench/results.json (a local artefact: not committed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { toDisplayHex } from '../kernel/encoding/hex.js';
import { blockHash, decodeBlock, encodeBlock } from '../kernel/primitives/block.js';
import { txid } from '../kernel/primitives/transaction.js';
import type { Block } from '../kernel/primitives/types.js';
import { checkBlock } from '../kernel/validation/block-check.js';
import { blockMerkleRoot } from '../kernel/validation/merkle.js';

const BLOCK_FILE = '../test/vectors/bitcoin-core/block413567.raw';
const EXPECTED_HASH = '0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069';
const POW_LIMIT = NETWORKS.main.consensus.powLimit;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

interface Stats {
  readonly name: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? Number.NaN) + hi) / 2;
}

/** Runs `fn` `warmup` times untimed, then `iterations` times timed. `sink` keeps results alive. */
function measure(name: string, fn: () => unknown, iterations: number, warmup: number): Stats {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    sink = fn();
    samples.push(performance.now() - t0);
  }
  if (sink === Symbol.for('never')) console.log(sink);
  samples.sort((a, b) => a - b);
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    name,
    iterations,
    warmup,
    medianMs: median(samples),
    p90Ms: percentile(samples, 90),
    minMs: samples[0] ?? Number.NaN,
    maxMs: samples[samples.length - 1] ?? Number.NaN,
    meanMs: sum / samples.length,
  };
}

function mustDecode(bytes: Uint8Array): Block {
  const decoded = decodeBlock(bytes);
  if (!decoded.ok) throw new Error(`block413567 failed to decode: ${decoded.error.code} at ${decoded.error.offset}`);
  return decoded.value;
}

function main(): void {
  const iterations = arg('iterations', 100);
  const warmup = arg('warmup', 10);
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(BLOCK_FILE, import.meta.url))));

  // One cold call first (no JIT warm-up yet), reported apart from the timed runs.
  const coldStart = performance.now();
  const cold = checkBlock(mustDecode(bytes), POW_LIMIT);
  const coldMs = performance.now() - coldStart;
  if (!cold.ok) throw new Error(`checkBlock rejected block413567: ${cold.error.reason}`);

  // Sanity: the benchmark is only meaningful if the kernel gets this block right.
  const block = mustDecode(bytes);
  const hash = toDisplayHex(blockHash(block.header));
  if (hash !== EXPECTED_HASH) throw new Error(`unexpected block hash ${hash}`);
  const checked = checkBlock(block, POW_LIMIT);
  if (!checked.ok) throw new Error(`checkBlock rejected block413567: ${checked.error.reason}`);
  if (!equalBytes(encodeBlock(block), bytes)) throw new Error('encodeBlock does not reproduce the block bytes');
  if (!equalBytes(blockMerkleRoot(block).root, block.header.merkleRoot)) throw new Error('Merkle root mismatch');

  const results: Stats[] = [
    measure(
      'decode + checkBlock',
      () => {
        const b = mustDecode(bytes);
        const r = checkBlock(b, POW_LIMIT);
        if (!r.ok) throw new Error(r.error.reason);
        return r;
      },
      iterations,
      warmup,
    ),
    measure('decodeBlock', () => mustDecode(bytes), iterations, warmup),
    measure('checkBlock (decoded)', () => checkBlock(block, POW_LIMIT), iterations, warmup),
    measure('encodeBlock', () => encodeBlock(block), iterations, warmup),
    measure('txid x 1557', () => block.transactions.map(txid), iterations, warmup),
    measure('blockMerkleRoot', () => blockMerkleRoot(block), iterations, warmup),
  ];

  const cpuModel = cpus()[0]?.model ?? 'unknown';
  const env = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpuModel,
    cores: cpus().length,
  };

  console.log(`bllvm-ts kernel benchmark: block413567 (${block.transactions.length} txs, ${bytes.length} bytes)`);
  console.log(`Node ${env.node}, ${env.cores} x ${env.cpu}; ${warmup} warm-up + ${iterations} timed iterations each\n`);
  const header = ['operation', 'median ms', 'p90 ms', 'min ms', 'max ms'];
  const rows = results.map((r) => [r.name, r.medianMs, r.p90Ms, r.minMs, r.maxMs].map((v) => (typeof v === 'number' ? v.toFixed(2) : v)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));

  console.log(`\ncold first call of decode + checkBlock (one sample, before any warm-up): ${coldMs.toFixed(2)} ms`);

  const out = fileURLToPath(new URL('./results.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify({ block: 'block413567', blockBytes: bytes.length, txs: block.transactions.length, env, coldDecodeAndCheckMs: coldMs, results }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

main();
