/**
 * `npm run bench [-- --json] [options]`: every benchmark in one process run, written to
 * reports/bench.json (the figures docs/BENCHMARKS.md quotes) and reports/bench-ratios.svg.
 *   - against bcoin, interleaved (bench/compare.ts): decode + CheckBlock of block 413567;
 *     ConnectBlock with every script of the four bcoin blocks with undo data (ours: WASM and
 *     native libsecp256k1, one thread and 2 workers; bcoin: native bcrypto and pure JS);
 *   - micro-benchmarks with tinybench (bench/micro.ts): SHA256d of 64 bytes, bulk SHA-256,
 *     ECDSA and BIP340 verification, every backend and bcoin's bcrypto;
 *   - the kernel's parts on block 413567 (bench/kernel.ts);
 *   - CPU profiles of decode + CheckBlock and of ConnectBlock (bench/profile.ts);
 *   - V8 young-generation sizes (bench/gc-probe.ts in child processes);
 *   - UTXO commitments: tree updates per second and MuHash per coin (bench/commitments.ts).
 * Suites (`--only a,b`; default: the six above, in this process):
 *   compare, micro, kernel, profile, gc, commitments  (in this process; the record in reports/bench.json)
 *   node-sync, p2p, fastsync                           (bench/node-sync.ts, bench/p2p.ts, bench/fastsync.ts, each
 *                                                       run as a child process writing its own reports/<suite>.json;
 *                                                       the options given here are passed on to them)
 *   all                                                (every suite)
 * Options: --json (the record on stdout, tables on stderr; `npm run -s bench -- --json` for clean JSON), --rounds N (decode + check, default 40),
 * --connect-rounds N (default 15: medians of 5 swung by up to a third on the 2-worker sides, and with 9 one goal figure in three default runs of 2026-12-05 fell on the other side of its target by a few percent), --js-rounds N (bcoin JS, default 2), --micro-ms N (per task,
 * default 1000), --commitment-sizes A,B (default 1000000; 0 skips), --skip-gc, --skip-profile,
 * --blocks a,b (connect only these fixtures), --out DIR (default reports/), --source (our side of the
 * comparisons from the TypeScript sources through tsx instead of the compiled dist/: bench/ours.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { outpointKey } from '../kernel/chain/utxo.js';
import { SHA256_BACKEND } from '../kernel/crypto/hashes.js';
import { libsecp256k1WasmBackend } from '../kernel/crypto/secp256k1.js';
import { decodeBlock } from '../kernel/primitives/block.js';
import { checkBlock } from '../kernel/validation/block-check.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../shell/chain/undo-file.js';
import { NATIVE_CANDIDATES, nativeBackend } from '../shell/crypto/select-backend.js';
import { BCRYPTO_NATIVE_DIR, loadBcoinSides } from './bcoin.js';
import { type ChartGroup, ratioChart } from './chart.js';
import { MUHASH_BENCH_BATCH, benchMuhash, benchTree } from './commitments.js';
import { type ComparisonRow, compareConnect, compareDecodeCheck } from './compare.js';
import { judgeGoals } from './goals.js';
import { loadOurs } from './ours.js';
import { benchKernel } from './kernel.js';
import { benchHashing, benchSignatures, benchSignaturesHeadToHead } from './micro.js';
import { profileTop } from './profile.js';
import { printTable } from './stats.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
function count(name: string, fallback: number): number {
  const raw = option(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a non-negative integer`);
  return value;
}
// Suite selection: --only a,b (see above).
const IN_PROCESS = ['compare', 'micro', 'kernel', 'profile', 'gc', 'commitments'] as const;
const CHILD_SUITES = { 'node-sync': 'node-sync.ts', p2p: 'p2p.ts', fastsync: 'fastsync.ts' } as const;
type Suite = (typeof IN_PROCESS)[number] | keyof typeof CHILD_SUITES;
const ALL_SUITES: readonly Suite[] = [...IN_PROCESS, ...(Object.keys(CHILD_SUITES) as (keyof typeof CHILD_SUITES)[])];
const only = option('only')?.split(',').map((x) => x.trim());
for (const name of only ?? []) if (name !== 'all' && !ALL_SUITES.includes(name as Suite)) throw new Error(`--only: unknown suite '${name}' (suites: ${ALL_SUITES.join(', ')}, all)`);
const selected = new Set<Suite>(only === undefined ? IN_PROCESS : only.includes('all') ? ALL_SUITES : (only as Suite[]));
if (process.argv.includes('--skip-gc')) selected.delete('gc');
if (process.argv.includes('--skip-profile')) selected.delete('profile');
const inProcess = IN_PROCESS.some((s) => selected.has(s));
const json = process.argv.includes('--json');
const printRecord = console.log.bind(console);
// With --json only the record goes to stdout: every table and line of progress to stderr.
if (json) console.log = console.error.bind(console);
const log = (...a: unknown[]): void => console.log(...a);
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

const env = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  sha256Backend: SHA256_BACKEND,
};
log(`bllvm-ts benchmarks: Node ${env.node}, ${env.cores} x ${env.cpu}, load ${env.loadAverageAtStart.join(' ')}\n`);

log(`suites: ${[...selected].join(', ')}\n`);
// Our side of the comparisons: the compiled build (dist/) unless --source (bench/ours.ts).
const ours = selected.has('compare') ? await loadOurs(process.argv.includes('--source')) : undefined;
const native = (ours?.nativeBackend ?? nativeBackend)();
/** Every native candidate that loads here, each alone (the micro-benchmark measures them all). */
const everyNative = () => NATIVE_CANDIDATES.map((c) => nativeBackend([c])).flatMap((r) => (r.ok ? [r.value] : []));
const { sides: bcoin, unavailable } = selected.has('compare') || selected.has('micro') ? loadBcoinSides() : { sides: [], unavailable: {} };
if (inProcess) {
  log(`our native backend: ${native.ok ? native.value.name : `unavailable (${native.error})`}${ours === undefined ? '' : `; our side of the comparisons: ${ours.build === 'dist' ? 'the compiled build (dist/)' : 'the TypeScript sources (tsx)'}`}`);
  log(`bcoin sides: ${bcoin.map((b) => `${b.name} (bcrypto native=${b.secp256k1Native})`).join(', ') || 'none'}${Object.keys(unavailable).length > 0 ? `; unavailable: ${JSON.stringify(unavailable)}` : ''}\n`);
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
function printComparison(rows: readonly ComparisonRow[]): void {
  for (const row of rows) {
    log(`${row.work}: ${row.block}${row.taprootInputs ? ` (${row.taprootInputs} taproot inputs, not verified by bcoin)` : ''}`);
    printTable(['side', 'rounds', 'median ms', 'min ms'], row.sides.map((s) => [s.side, String(s.rounds), ms(s.medianMs), ms(s.minMs)]));
    log(Object.entries(row.ratios).map(([k, v]) => `  ${k}: ${v}x`).join('\n'), '\n');
  }
}

// 1. Against bcoin, interleaved.
let decodeCheck: ComparisonRow | undefined;
let connect: ComparisonRow[] = [];
if (selected.has('compare')) {
  if (ours === undefined) throw new Error('unreachable: compare selected without our build loaded');
  decodeCheck = await compareDecodeCheck(ours, bcoin, count('rounds', 40));
  printComparison([decodeCheck]);
  const blocks = option('blocks')?.split(',');
  connect = await compareConnect(ours, bcoin, {
    rounds: count('connect-rounds', 15),
    jsRounds: count('js-rounds', 2),
    native: native.ok ? native.value : undefined,
    ...(blocks === undefined ? {} : { blocks }),
  });
  printComparison(connect);
}

// 2. Micro-benchmarks.
const microMs = count('micro-ms', 1000);
const micro = selected.has('micro') ? [...(await benchHashing(bcoin, microMs)), ...(await benchSignatures(everyNative(), bcoin, microMs))] : undefined;
for (const group of [...new Set((micro ?? []).map((m) => m.group))]) {
  log(group);
  printTable(['implementation', 'median µs', 'samples'], (micro ?? []).filter((m) => m.group === group).map((m) => [m.name, String(m.medianUs), String(m.samples)]));
  log('');
}
// Goal 2 head to head: our native backend and bcoin's alone, alternating (bench/micro.ts).
const bcoinNativeSide = bcoin.find((b) => b.name === 'bcoin native');
const headToHead = selected.has('micro') && native.ok && bcoinNativeSide !== undefined ? benchSignaturesHeadToHead(native.value, bcoinNativeSide, 15, 1000) : undefined;
if (headToHead !== undefined) {
  log('signatures head to head: our native backend and bcoin native alone, alternating, 15 rounds of 1,000 verifications (µs per verification)');
  printTable(['algorithm', 'bllvm', 'bcoin native', 'bcoin / bllvm, paired'], headToHead.map((h) => [h.algorithm, String(h.oursUs), String(h.theirsUs), `${h.pairedRatio}x`]));
  log('');
}

// 3. The kernel's parts on block 413567.
const kernel = selected.has('kernel') ? benchKernel(count('kernel-iterations', 60), 10) : undefined;
if (kernel !== undefined) {
  log('kernel parts, block 413567');
  printTable(['operation', 'median ms', 'p90 ms'], kernel.results.map((r) => [r.name, ms(r.medianMs), ms(r.p90Ms)]));
  log('');
}

// 4. Profiles (top functions by self time).
let profiles: Record<string, unknown> | undefined;
if (selected.has('profile')) {
  const raw413567 = new Uint8Array(readFileSync(here('../test/vectors/bitcoin-core/block413567.raw')));
  const raw300025 = new Uint8Array(readFileSync(here('../test/vectors/bcoin/block300025.raw')));
  const spent = parseUndoFile(new Uint8Array(readFileSync(here('../test/vectors/bcoin/block300025-undo.raw'))));
  const b300025 = decodeBlock(raw300025);
  if (!b300025.ok || !spent.ok) throw new Error('300025');
  const view = undoView(b300025.value, spent.value);
  if (!view.ok) throw new Error(view.error);
  const coins = view.value;
  const decodeCheckProfile = await profileTop(() => {
    const b = decodeBlock(raw413567);
    if (!b.ok || !checkBlock(b.value, NETWORKS.main.consensus.powLimit).ok) throw new Error('413567');
  }, 60);
  const connectProfiles: Record<string, unknown> = {};
  for (const [name, backend] of [...(native.ok ? [['native', native.value] as const] : []), ['WASM', libsecp256k1WasmBackend] as const]) {
    connectProfiles[name] = await profileTop(() => {
      const b = decodeBlock(raw300025);
      if (!b.ok) throw new Error('300025');
      const r = connectBlock({ getCoin: (p) => coins.get(outpointKey(p)) }, b.value, { height: 300025, prevMedianTimePast: b.value.header.time - 1, medianTimePastAt: () => 0, params: NETWORKS.main.consensus, backend });
      if (!r.ok) throw new Error(r.error.reason);
    }, 8);
  }
  profiles = { 'decode + CheckBlock 413567': decodeCheckProfile, ...Object.fromEntries(Object.entries(connectProfiles).map(([k, v]) => [`ConnectBlock 300025, ${k}, 1 thread`, v])) };
  for (const [name, entries] of Object.entries(profiles)) {
    log(`profile: ${name} (top self time)`);
    printTable(['self %', 'function', 'where'], (entries as { fn: string; where: string; selfPercent: number }[]).map((e) => [String(e.selfPercent), e.fn, e.where]));
    log('');
  }
}

// 5. V8 young generation (semi-space) sizes, in child processes.
let gc: { flags: string; decodeCheckMs: number; connect300025Ms: number }[] | undefined;
if (selected.has('gc')) {
  gc = [];
  for (const flags of [[], ['--max-semi-space-size=16'], ['--max-semi-space-size=32'], ['--max-semi-space-size=64']]) {
    const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', here('./gc-probe.ts'), '40'], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { decodeCheckMs: number; connect300025Ms: number };
    gc.push({ flags: flags.join(' ') || '(defaults)', decodeCheckMs: r.decodeCheckMs, connect300025Ms: r.connect300025Ms });
  }
  log('V8 flags (child processes): medians');
  printTable(['flags', 'decode + check 413567 ms', 'connect 300025 ms'], gc.map((g) => [g.flags, ms(g.decodeCheckMs), ms(g.connect300025Ms)]));
  log('');
}

// 6. UTXO commitments.
const sizes = (option('commitment-sizes') ?? '1000000').split(',').map(Number).filter((n) => n > 0);
const commitments = sizes.length === 0 || !selected.has('commitments') ? undefined : { muhashMicrosPerCoin: benchMuhash(20_000, MUHASH_BENCH_BATCH), muhashOneAtATimeMicrosPerCoin: benchMuhash(20_000, 1), trees: sizes.flatMap((n) => [benchTree('memory', n, 5000, 10), benchTree('wasm', n, 5000, 10)]) };
if (commitments !== undefined) {
  log(`MuHash3072 insert: ${commitments.muhashMicrosPerCoin} µs per coin in batches of ${MUHASH_BENCH_BATCH} (goal ≤ 10 µs), ${commitments.muhashOneAtATimeMicrosPerCoin} µs one coin per call`);
  printTable(['coins', 'store', 'updates/s (sustained)', 'mean batch ms', 'median batch ms'], commitments.trees.map((t) => [String(t.coins), t.store, String(t.updatesPerSecond), ms(t.meanBatchMs), ms(t.batchMs)]));
  log('');
}

// Issue 14's goals, judged from this run's figures (bench/goals.ts).
const goals = judgeGoals({ comparisons: decodeCheck === undefined ? [] : [decodeCheck, ...connect], headToHead, micro, commitments });
if (goals.length > 0) {
  log("issue 14's goals, this run (a paired figure is the median of per-round ratios; the ratio of medians beside it)");
  const fig = (v: number | undefined): string => (v === undefined ? 'n/a' : String(v));
  printTable(['goal', 'what', 'target', 'this run', 'ratio of medians', 'met'], goals.map((g) => [g.goal, g.what, g.target, fig(g.value), fig(g.ratioOfMedians), g.met === undefined ? 'n/a' : g.met ? 'yes' : 'NO']));
  const judged = goals.filter((g) => g.met !== undefined);
  log(`${judged.filter((g) => g.met).length} of ${judged.length} goal figures met\n`);
}

// The record, the chart.
const pick = (row: ComparisonRow, theirs: string, ours: string): number | undefined => row.ratios[`${theirs} / ${ours}`];
const comparisons = decodeCheck === undefined ? [] : [decodeCheck, ...connect];
const groups: ChartGroup[] = comparisons.map((row) => {
  const label = `${row.work === 'decode + CheckBlock' ? 'decode + check' : 'connect'} ${row.block.split(' ')[0]?.replace('block', '')}`;
  const bars = [
    { label: 'vs bcoin native: bllvm native, 1 thread', ratio: pick(row, 'bcoin native', 'bllvm native, 1 thread') ?? pick(row, 'bcoin native', 'bllvm') },
    { label: 'vs bcoin native: bllvm native, 2 workers', ratio: pick(row, 'bcoin native', 'bllvm native, 2 workers') },
    { label: 'vs bcoin JS: bllvm WASM, 1 thread', ratio: pick(row, 'bcoin JS', 'bllvm WASM, 1 thread') ?? pick(row, 'bcoin JS', 'bllvm') },
  ].filter((b): b is { label: string; ratio: number } => b.ratio !== undefined);
  return { label, bars };
});
const outDir = resolve(option('out') ?? 'reports');
mkdirSync(outDir, { recursive: true });
const record = {
  schema: 'bllvm-bench/1',
  env: { ...env, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
  ourNativeBackend: native.ok ? native.value.name : { unavailable: native.error },
  ...(ours === undefined ? {} : { ourBuild: ours.build }),
  bcoin: { sides: bcoin.map((b) => ({ name: b.name, bcryptoNative: b.secp256k1Native })), unavailable, bcryptoNativeDir: BCRYPTO_NATIVE_DIR },
  suites: [...selected],
  ...(comparisons.length === 0 ? {} : { comparisons }),
  ...(micro === undefined ? {} : { micro }),
  ...(headToHead === undefined ? {} : { signaturesHeadToHead: headToHead }),
  ...(kernel === undefined ? {} : { kernel }),
  ...(profiles === undefined ? {} : { profiles }),
  ...(gc === undefined ? {} : { v8Flags: gc }),
  ...(commitments === undefined ? {} : { commitments }),
  ...(goals.length === 0 ? {} : { goals }),
};
// The in-process record and chart, only when an in-process suite ran (a child-suite run leaves them as they are).
if (inProcess) {
  writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(record, null, 2)}\n`);
  if (groups.length > 0) writeFileSync(join(outDir, 'bench-ratios.svg'), ratioChart(`bllvm-ts vs bcoin (${env.date.slice(0, 10)}, ${env.cores} cores, Node ${env.node})`, groups));
  log(`wrote ${join(outDir, 'bench.json')}${groups.length > 0 ? ` and ${join(outDir, 'bench-ratios.svg')}` : ''}`);
}

// 7. The suites that run as child processes (each its own process: its syncing nodes, listeners
// and RSS stay out of this one), in order; each writes <out>/<suite>.json. Every option but
// --only and --json is passed on; with --json their tables go to stderr and their reports are
// added to the record printed on stdout.
const childReports: Record<string, unknown> = {};
const passOn = process.argv.slice(2).filter((a, i, all) => a !== '--json' && a !== '--only' && all[i - 1] !== '--only');
for (const suite of Object.keys(CHILD_SUITES) as (keyof typeof CHILD_SUITES)[]) {
  if (!selected.has(suite)) continue;
  const args = [...process.execArgv, here(`./${CHILD_SUITES[suite]}`), ...passOn, ...(passOn.includes('--out') ? [] : ['--out', outDir])];
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', json ? 'pipe' : 'inherit', 'inherit'] });
    child.stdout?.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', done);
  });
  if (code !== 0) throw new Error(`suite ${suite} (bench/${CHILD_SUITES[suite]}) exited ${code}`);
  childReports[suite] = JSON.parse(readFileSync(join(outDir, `${suite}.json`), 'utf8'));
}
if (json) printRecord(JSON.stringify(inProcess ? { ...record, ...childReports } : { schema: 'bllvm-bench/1', suites: [...selected], ...childReports }, null, 2));
