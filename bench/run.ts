/**
 * `npm run bench`: every benchmark in one run, so ratios compare like with like.
 *   - kernel: decode / CheckBlock / encode / txids / Merkle root of block 413567
 *   - signatures: ECDSA and Schnorr verification, both secp256k1 backends
 *   - connect: connectBlock with all scripts on the bcoin blocks with undo data, both backends
 * Options: --iterations N (kernel, default 100), --warmup N (default 10), --connect-iterations N
 * (default 3). Results also go to bench/results.json (a local artefact, not committed).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchConnect } from './connect.js';
import { benchKernel } from './kernel.js';
import { benchSignatures } from './signatures.js';
import { printTable } from './stats.js';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

const ms = (v: number, digits = 2): string => v.toFixed(digits);
const env = { date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
console.log(`bllvm-ts benchmarks — Node ${env.node}, ${env.cores} x ${env.cpu}\n`);

const iterations = arg('iterations', 100);
const warmup = arg('warmup', 10);
const kernel = benchKernel(iterations, warmup);
console.log(`kernel: block413567 (${kernel.txs} txs, ${kernel.blockBytes} bytes), ${warmup} warm-up + ${iterations} timed iterations`);
printTable(
  ['operation', 'median ms', 'p90 ms', 'min ms', 'max ms'],
  kernel.results.map((r) => [r.name, ms(r.medianMs), ms(r.p90Ms), ms(r.minMs), ms(r.maxMs)]),
);
console.log(`cold first decode + checkBlock: ${ms(kernel.coldDecodeAndCheckMs)} ms\n`);

const signatures = await benchSignatures();
console.log('signatures: per-verify time');
printTable(
  ['operation', 'backend', 'median ms', 'p90 ms', 'verify/s'],
  signatures.map((r) => [r.operation, r.backend, ms(r.medianMs, 4), ms(r.p90Ms, 4), String(r.perSecond)]),
);

const connectIterations = arg('connect-iterations', 3);
const connect = benchConnect(connectIterations);
console.log(`\nconnectBlock with every script verified (${connectIterations} timed runs after 1 warm-up)`);
printTable(
  ['block', 'backend', 'inputs', 'median ms', 'min ms', 'inputs/s'],
  connect.map((r) => [r.block, r.backend, String(r.inputs), ms(r.medianMs, 0), ms(r.minMs, 0), String(r.inputsPerSecond)]),
);

const out = fileURLToPath(new URL('./results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify({ env, kernel, signatures, connect }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
