/**
 * A child process of bench/run.ts for V8 settings (issue 14, goal 7): run under different flags
 * (say --max-semi-space-size), it prints one JSON line with the medians of decode + CheckBlock of
 * block 413567 and of ConnectBlock of block 300025 (native backend where it loads, one thread).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { outpointKey } from '../kernel/chain/utxo.js';
import { decodeBlock } from '../kernel/primitives/block.js';
import { checkBlock } from '../kernel/validation/block-check.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../shell/chain/undo-file.js';
import { selectSecp256k1Backend } from '../shell/crypto/select-backend.js';
import { medianOf } from './stats.js';

const vector = (f: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../test/vectors/${f}`, import.meta.url))));
const rounds = Number(process.argv[2] ?? 40);
const time = (fn: () => void, n: number): number => {
  for (let i = 0; i < 5; i++) fn();
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    s.push(performance.now() - t);
  }
  return Math.round(medianOf(s) * 100) / 100;
};
const big = vector('bitcoin-core/block413567.raw');
const decodeCheck = time(() => {
  const b = decodeBlock(big);
  if (!b.ok || !checkBlock(b.value, NETWORKS.main.consensus.powLimit).ok) throw new Error('413567');
}, rounds);
const raw = vector('bcoin/block300025.raw');
const block = decodeBlock(raw);
const spent = parseUndoFile(vector('bcoin/block300025-undo.raw'));
if (!block.ok || !spent.ok) throw new Error('300025');
const view = undoView(block.value, spent.value);
if (!view.ok) throw new Error(view.error);
const coins = view.value;
const { backend } = selectSecp256k1Backend();
const connect = time(() => {
  const b = decodeBlock(raw);
  if (!b.ok) throw new Error('300025');
  const r = connectBlock({ getCoin: (p) => coins.get(outpointKey(p)) }, b.value, { height: 300025, prevMedianTimePast: b.value.header.time - 1, medianTimePastAt: () => 0, params: NETWORKS.main.consensus, backend });
  if (!r.ok) throw new Error(r.error.reason);
}, Math.max(5, rounds >> 3));
console.log(JSON.stringify({ decodeCheckMs: decodeCheck, connect300025Ms: connect, backend: backend.name }));
