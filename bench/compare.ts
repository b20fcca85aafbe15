/**
 * bllvm-ts against bcoin, side by side in one process (issue 14): every side runs once per round,
 * in an order that rotates from round to round (so drift in the machine's load spreads over all
 * sides), and the median over rounds is compared. Both sides do the same work and count it:
 *   - decode + CheckBlock of block 413567: decodeBlock + checkBlock vs Block.fromRaw + checkBody;
 *   - ConnectBlock of the bcoin blocks with undo data: decodeBlock + connectBlock (checkBlock,
 *     contextual checks, inputs, fees, sigops, every input's scripts, the UTXO delta) vs
 *     Block.fromRaw + checkBody + checkInputs + sigop cost + verify for each transaction; the
 *     inputs each side verified must be equal. bcoin has no taproot: it takes witness v1 spends
 *     as anyone-can-spend, so on blocks with taproot inputs it does less work (counted below).
 * Our sides: libsecp256k1 in WASM (libsecp256k1-wasm) and native (select-backend.ts's choice), on
 * the main thread and on a pool of 2 worker threads (shell/workers/script-pool.ts); every timed
 * function of ours comes from `Ours` (bench/ours.ts: the compiled build unless --source).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, outpointKey } from '../kernel/chain/utxo.js';
import type { Secp256k1Backend } from '../kernel/crypto/secp256k1.js';
import { txid } from '../kernel/primitives/transaction.js';
import type { Block, TxOut } from '../kernel/primitives/types.js';
import { SCRIPT_FLAG_NAMES } from '../kernel/script/flags.js';
import { parseUndoFile, undoView } from '../shell/chain/undo-file.js';
import type { ScriptCheckPool, ScriptCheckStream } from '../shell/workers/script-pool.js';
import { type Bcoin, type BcoinSide, type SpentCoin, bcoinConnect, bcoinDecodeAndCheck, bcoinFlags, bcoinView } from './bcoin.js';
import type { Ours } from './ours.js';
import { median, medianOf } from './stats.js';

const vector = (relative: string): Buffer => readFileSync(fileURLToPath(new URL(`../test/vectors/${relative}`, import.meta.url)));

export interface SideResult {
  readonly side: string;
  readonly rounds: number;
  readonly medianMs: number;
  readonly minMs: number;
  /** Inputs whose scripts the side verified (connect rows). */
  readonly inputs?: number;
  /**
   * Each timed round's ms, in round order, for a side that ran in every round of the interleaving
   * (absent for a side with rounds of its own, bcoin JS, run after the others).
   */
  readonly roundsMs?: readonly number[];
}

export interface ComparisonRow {
  readonly work: string;
  readonly block: string;
  readonly inputs?: number;
  /** Inputs spending witness v1 (taproot) outputs: verified by us, taken as anyone-can-spend by bcoin. */
  readonly taprootInputs?: number;
  readonly sides: readonly SideResult[];
  /** bcoin's median / ours, for each (our side, bcoin side) pair present. */
  readonly ratios: Readonly<Record<string, number>>;
  /**
   * The median over rounds of the two sides' times in the same round (`A / B`), for every pair of
   * sides that ran in every round: bcoin's against ours, and each of our backends on one thread
   * against 2 workers. Two sides of one round run back to back, so a change in the host's speed
   * between rounds cancels in the round's ratio (bench/ab.ts reports the same statistic).
   */
  readonly pairedRatios: Readonly<Record<string, number>>;
}

interface Side {
  readonly name: string;
  readonly run: () => Promise<number | undefined> | number | undefined;
  /** Run before each `run`, outside the timing (bcoin's connect spends its view: a fresh one each time). */
  readonly prepare?: () => void;
  /** Only the first `rounds` rounds run it (bcoin JS takes seconds per block). */
  readonly rounds?: number;
}

/** Runs the sides interleaved, the order rotating each round; medians of each side. */
async function interleave(sides: readonly Side[], rounds: number, warmup: number): Promise<SideResult[]> {
  const samples = sides.map(() => [] as number[]);
  const inputs: (number | undefined)[] = sides.map(() => undefined);
  const once = async (i: number, timed: boolean): Promise<void> => {
    const side = sides[i] as Side;
    // No forced GC between sides: a full collection shrinks the young generation, and the next side
    // then pays for scavenges it would not have (measured: our decode + check 6.3 ms -> 31 ms).
    side.prepare?.();
    const t0 = performance.now();
    const n = await side.run();
    const ms = performance.now() - t0;
    if (timed) (samples[i] as number[]).push(ms);
    if (n !== undefined) inputs[i] = n;
  };
  // Sides with few rounds of their own (bcoin JS: seconds of allocation per run) run after the
  // others' rounds, not between them: the garbage they leave is collected during whatever side comes
  // next, and a 2-worker side waiting on its main thread paid for it (docs/BENCHMARKS.md).
  const full = sides.flatMap((s, i) => (s.rounds === undefined ? [i] : []));
  for (let r = -warmup; r < rounds; r++) {
    for (let k = 0; k < full.length; k++) await once(full[(((r + k) % full.length) + full.length) % full.length] as number, r >= 0);
  }
  for (const [i, s] of sides.entries()) {
    if (s.rounds === undefined) continue;
    for (let r = 0; r < Math.min(s.rounds, rounds); r++) await once(i, true);
  }
  return sides.map((s, i) => {
    const n = inputs[i];
    const roundsMs = s.rounds === undefined ? { roundsMs: (samples[i] as number[]).map(round) } : {};
    const sorted = [...(samples[i] as number[])].sort((a, b) => a - b);
    return { side: s.name, rounds: sorted.length, medianMs: round(median(sorted)), minMs: round(sorted[0] ?? Number.NaN), ...(n === undefined ? {} : { inputs: n }), ...roundsMs };
  });
}

const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * Untimed rounds before ConnectBlock's timed ones: the worker threads' code warms up only on the
 * batches they get, a few per round on a small block (300025 with 2 workers: 83 ms median against
 * a 50 ms minimum after 1 warm-up round).
 */
const CONNECT_WARMUP_ROUNDS = 3;

/** The median of `a`'s round times over `b`'s, round by round (both ran in every round). */
function pairedRatio(a: SideResult, b: SideResult): number | undefined {
  const x = a.roundsMs;
  const y = b.roundsMs;
  if (x === undefined || y === undefined || x.length !== y.length || x.length === 0) return undefined;
  return round(medianOf(x.map((v, r) => v / (y[r] as number))));
}

/** SideResult pairs as ComparisonRow.pairedRatios names them: bcoin's sides over ours, and one thread over 2 workers per backend. */
export function pairedRatios(results: readonly SideResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  const ours = results.filter((r) => r.side.startsWith('bllvm'));
  const pairs = results.filter((r) => r.side.startsWith('bcoin')).flatMap((theirs) => ours.map((o) => [theirs, o] as const));
  for (const one of ours.filter((r) => r.side.endsWith(', 1 thread'))) {
    const workers = ours.find((r) => r.side === one.side.replace(', 1 thread', ', 2 workers'));
    if (workers !== undefined) pairs.push([one, workers]);
  }
  for (const [a, b] of pairs) {
    const v = pairedRatio(a, b);
    if (v !== undefined) out[`${a.side} / ${b.side}`] = v;
  }
  return out;
}

function ratios(results: readonly SideResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  const ours = results.filter((r) => r.side.startsWith('bllvm'));
  for (const theirs of results.filter((r) => r.side.startsWith('bcoin'))) {
    for (const o of ours) out[`${theirs.side} / ${o.side}`] = round(theirs.medianMs / o.medianMs);
  }
  return out;
}

function mustDecode(ours: Ours, raw: Uint8Array): Block {
  const d = ours.decodeBlock(raw);
  if (!d.ok) throw new Error(`decode: ${d.error.code}`);
  return d.value;
}

/** decode + CheckBlock of block 413567, ours and bcoin's. */
export async function compareDecodeCheck(ours: Ours, bcoin: readonly BcoinSide[], rounds: number): Promise<ComparisonRow> {
  const raw = vector('bitcoin-core/block413567.raw');
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
  const powLimit = NETWORKS.main.consensus.powLimit;
  const sides: Side[] = [
    {
      name: 'bllvm',
      run: () => {
        const r = ours.checkBlock(mustDecode(ours, bytes), powLimit);
        if (!r.ok) throw new Error(r.error.reason);
        return undefined;
      },
    },
    ...bcoin.map((b) => ({ name: b.name, run: () => { bcoinDecodeAndCheck(b, raw); return undefined; } })),
  ];
  const results = await interleave(sides, rounds, 5);
  return { work: 'decode + CheckBlock', block: '413567 (mainnet, 1,557 txs, 999,887 bytes)', sides: results, ratios: ratios(results), pairedRatios: pairedRatios(results) };
}

interface Fixture {
  readonly file: string;
  readonly prevouts?: string;
  readonly network: 'mainnet' | 'testnet3';
  readonly height: number;
  readonly nonCoinbaseInputs: number;
  readonly totalFeesSat: number;
}

export interface ConnectOptions {
  readonly rounds: number;
  /** Rounds for bcoin JS (seconds per block). */
  readonly jsRounds: number;
  readonly native: Secp256k1Backend | undefined;
  readonly blocks?: readonly string[];
}

/** ConnectBlock of each bcoin block with undo data: our four sides and bcoin's two, interleaved. */
export async function compareConnect(ours: Ours, bcoin: readonly BcoinSide[], o: ConnectOptions): Promise<ComparisonRow[]> {
  const { libsecp256k1WasmBackend, outpointKey: ourKey } = ours;
  const manifest = (JSON.parse(vector('blocks-manifest.json').toString('utf8')) as Fixture[]).filter((m) => m.prevouts !== undefined && (o.blocks === undefined || o.blocks.some((b) => m.file.includes(b))));
  const pools: { name: string; pool: ScriptCheckPool; backend: Secp256k1Backend }[] = [];
  if (o.native !== undefined) pools.push({ name: 'native', pool: new ours.ScriptCheckPool(2, 'native'), backend: o.native });
  pools.push({ name: 'WASM', pool: new ours.ScriptCheckPool(2, 'wasm'), backend: libsecp256k1WasmBackend });
  await Promise.all(pools.map((p) => p.pool.ready()));
  const rows: ComparisonRow[] = [];
  try {
    for (const m of manifest) {
      const raw = vector(m.file);
      const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
      const block = mustDecode(ours, bytes);
      const spent = parseUndoFile(new Uint8Array(vector(m.prevouts as string)));
      if (!spent.ok) throw new Error(`${m.file}: undo`);
      const view = undoView(block, spent.value);
      if (!view.ok) throw new Error(view.error);
      const coins: Map<string, Coin> = view.value;
      const params = (m.network === 'mainnet' ? NETWORKS.main : NETWORKS.testnet3).consensus;
      const connect = (backend: Secp256k1Backend, verifyScripts: boolean, stream?: ScriptCheckStream) => {
        const r = ours.connectBlock({ getCoin: (p) => coins.get(ourKey(p)) }, mustDecode(ours, bytes), {
          height: m.height,
          prevMedianTimePast: block.header.time - 1,
          medianTimePastAt: () => 0,
          params,
          backend,
          verifyScripts,
          onScriptCheck: stream?.add,
        });
        if (!r.ok) throw new Error(`${m.file}: ${r.error.reason}`);
        if (r.value.fees !== BigInt(m.totalFeesSat)) throw new Error(`${m.file}: fees ${r.value.fees}`);
        return r.value;
      };
      const first = connect(libsecp256k1WasmBackend, false);
      const flagNames = Object.entries(SCRIPT_FLAG_NAMES).filter(([, bit]) => bit !== 0 && (first.scriptFlags & bit) === bit).map(([name]) => name);
      const spentCoins: SpentCoin[] = [];
      let taproot = 0;
      // Outputs of the block's own transactions, for inputs that spend them (not in the undo view).
      const created = new Map<string, TxOut>();
      for (const tx of block.transactions) tx.outputs.forEach((out, vout) => created.set(outpointKey({ txid: txid(tx), vout }), out));
      for (const tx of block.transactions.slice(1)) {
        for (const input of tx.inputs) {
          const key = outpointKey(input.prevout);
          const output = coins.get(key)?.output ?? created.get(key);
          if (output === undefined) throw new Error(`${m.file}: no coin for an input`);
          const s = output.scriptPubKey;
          if (s.length === 34 && s[0] === 0x51 && s[1] === 0x20) taproot++;
          spentCoins.push({ txid: input.prevout.txid, vout: input.prevout.vout, value: output.value, script: s });
        }
      }
      const sides: Side[] = [];
      const backends = [...(o.native === undefined ? [] : [['native', o.native] as const]), ['WASM', libsecp256k1WasmBackend] as const];
      for (const [name, backend] of backends) sides.push({ name: `bllvm ${name}, 1 thread`, run: () => connect(backend, true).inputsChecked });
      for (const p of pools) {
        sides.push({
          name: `bllvm ${p.name}, 2 workers`,
          run: async () => {
            // As the node does: each transaction's checks go to the workers while the block is connected.
            const stream = p.pool.stream();
            const c = connect(p.backend, false, stream);
            const v = await stream.finish();
            if (!v.ok) throw new Error(`${m.file}: ${v.error.reason}`);
            return c.inputsChecked;
          },
        });
      }
      for (const b of bcoin) {
        let bview: Bcoin = undefined; // made by prepare() before every run
        const flags = bcoinFlags(b.bcoin, flagNames);
        sides.push({
          name: b.name,
          prepare: () => {
            bview = bcoinView(b, spentCoins);
          },
          // The same median time past as our side's context.
          run: () => bcoinConnect(b, raw, bview, m.height, block.header.time - 1, flags),
          ...(b.name === 'bcoin JS' ? { rounds: o.jsRounds } : {}),
        });
      }
      const results = await interleave(sides, o.rounds, CONNECT_WARMUP_ROUNDS);
      for (const r of results) if (r.inputs !== m.nonCoinbaseInputs) throw new Error(`${m.file}: ${r.side} verified ${r.inputs} inputs, expected ${m.nonCoinbaseInputs}`);
      rows.push({
        work: 'ConnectBlock, every script',
        block: `${m.file.replace('bcoin/', '').replace('.raw', '')} (${m.network}, ${m.nonCoinbaseInputs.toLocaleString('en')} inputs)`,
        inputs: m.nonCoinbaseInputs,
        taprootInputs: taproot,
        sides: results,
        ratios: ratios(results),
        pairedRatios: pairedRatios(results),
      });
    }
  } finally {
    await Promise.all(pools.map((p) => p.pool.close()));
  }
  return rows;
}
