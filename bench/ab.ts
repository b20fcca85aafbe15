/**
 * Same-process A/B of two builds of this repository (docs/BENCHMARKS.md, "How to run"): both
 * builds loaded into one process, fed the same work, their rounds alternating (base first on even
 * rounds, new first on odd ones), so that a host whose speed moves by a third within minutes still
 * gives a ratio: each round's base time over the new time, and the median of those ratios.
 * Separate runs of one build differ by more than most changes here are worth.
 *
 *   npm run bench:ab -- --base-rev REV [--suite connect|tree] [--blocks 928831,928816] [--rounds 15]
 *                       [--coins 1000000] [--batches 30] [--clock wall|cpu] [--json] [--out FILE]
 *   npx tsx bench/ab.ts --base DIR [--new DIR] ...
 *
 * `--base-rev REV` builds that commit into .cache/ab/REV (a detached git worktree sharing this
 * checkout's node_modules, compiled with tsconfig.build.json); `--base DIR` takes a build folder
 * (a `dist/` made by `npm run build`). `--new` defaults to this checkout's dist/ (npm run bench:ab
 * builds it first).
 *
 * Suites: `connect`, ConnectBlock of the bcoin blocks with undo data (test/vectors/bcoin) with the
 * native backend where it loads, one thread, every script checked; `tree`, the UTXO tree in memory
 * (MemoryTreeStore) built to `--coins` synthetic coins, then `--batches` block-sized batches of
 * 2,500 spends and 2,500 new coins (the two trees must end at the same root).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mean, median, medianOf } from './stats.js';
import { LiveKeys, coinGenerator, steadyStateBatches } from './synthetic-coins.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    'base-rev': { type: 'string' },
    new: { type: 'string', default: join(ROOT, 'dist') },
    suite: { type: 'string', default: 'connect' },
    blocks: { type: 'string', default: '928831,928816,928828,300025' },
    rounds: { type: 'string', default: '15' },
    coins: { type: 'string', default: '1000000' },
    batches: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
    clock: { type: 'string', default: 'wall' },
  },
});

/** A positive integer option, or an error naming it. */
function count(name: 'rounds' | 'coins' | 'batches'): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`bench/ab: --${name} must be a positive integer, got '${args[name]}'`);
  return n;
}

/** The build folder of commit `rev`, made once under .cache/ab (a worktree with this checkout's node_modules). */
function buildRevision(rev: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const tree = join(ROOT, '.cache/ab', sha.slice(0, 12));
  const dist = join(tree, 'dist');
  if (existsSync(join(dist, 'kernel/index.js'))) return dist;
  if (!existsSync(tree)) execFileSync('git', ['worktree', 'add', '--detach', tree, sha], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(join(tree, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(tree, 'tsconfig.build.json')], { cwd: tree, stdio: 'inherit' });
  return dist;
}

/** One side's modules from a build folder. */
async function loadBuild(dist: string) {
  if (!existsSync(join(dist, 'kernel/index.js'))) throw new Error(`bench/ab: ${dist} is no build folder (no kernel/index.js): run npm run build there`);
  const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(dist, path)).href) as Promise<T>;
  return {
    params: await load<typeof import('../kernel/chain/params.js')>('kernel/chain/params.js'),
    utxo: await load<typeof import('../kernel/chain/utxo.js')>('kernel/chain/utxo.js'),
    block: await load<typeof import('../kernel/primitives/block.js')>('kernel/primitives/block.js'),
    connect: await load<typeof import('../kernel/validation/connect-block.js')>('kernel/validation/connect-block.js'),
    undo: await load<typeof import('../shell/chain/undo-file.js')>('shell/chain/undo-file.js'),
    select: await load<typeof import('../shell/crypto/select-backend.js')>('shell/crypto/select-backend.js'),
    tree: await load<typeof import('../kernel/commitments/tree-update.js')>('kernel/commitments/tree-update.js'),
    store: await load<typeof import('../shell/commitments/memory-tree-store.js')>('shell/commitments/memory-tree-store.js'),
    bytes: await load<typeof import('../kernel/encoding/bytes.js')>('kernel/encoding/bytes.js'),
  };
}
type Build = Awaited<ReturnType<typeof loadBuild>>;
type Side = 'base' | 'new';

interface Row {
  readonly work: string;
  readonly rounds: number;
  readonly baseMedianMs: number;
  readonly newMedianMs: number;
  /** Means: what a run of many rounds costs, the rounds a garbage collection lands on included. */
  readonly baseMeanMs: number;
  readonly newMeanMs: number;
  /** Base mean / new mean. */
  readonly ratioOfMeans: number;
  /** The median over rounds of base time / new time (above 1: the new build is faster). */
  readonly ratioMedian: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
}

/**
 * The clock (ms): wall time, or with `--clock cpu` this process's CPU time (user + system, all its
 * threads: V8's GC helpers included), which other processes on a shared host inflate less.
 */
function clock(name: string): () => number {
  if (name === 'wall') return () => performance.now();
  if (name === 'cpu') return () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  throw new Error(`bench/ab: --clock is wall or cpu, got '${name}'`);
}
const now = clock(args.clock);

/** Runs `work[side](round)` for both sides, alternating which goes first; `warmup` rounds are not timed. */
function alternate(name: string, rounds: number, warmup: number, work: Record<Side, (round: number) => void>): Row {
  const times: Record<Side, number[]> = { base: [], new: [] };
  for (let r = 0; r < warmup + rounds; r++) {
    for (const side of r % 2 === 0 ? (['base', 'new'] as const) : (['new', 'base'] as const)) {
      const t0 = now();
      work[side](r);
      if (r >= warmup) times[side].push(now() - t0);
    }
  }
  const ratios = times.base.map((b, i) => b / (times.new[i] as number)).sort((a, b) => a - b);
  const round3 = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    work: name,
    rounds,
    baseMedianMs: round3(medianOf(times.base)),
    newMedianMs: round3(medianOf(times.new)),
    baseMeanMs: round3(mean(times.base)),
    newMeanMs: round3(mean(times.new)),
    ratioOfMeans: round3(mean(times.base) / mean(times.new)),
    ratioMedian: round3(median(ratios)),
    ratioMin: round3(ratios[0] as number),
    ratioMax: round3(ratios[ratios.length - 1] as number),
  };
}

const vector = (relative: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, 'test/vectors', relative)));

/** ConnectBlock of one bcoin block with its undo data, from one build (throws unless it connects with the manifest's fees). */
function connectWork(b: Build, file: string, height: number, network: string, totalFeesSat: number): () => void {
  const raw = vector(`bcoin/${file}.raw`);
  const decoded = b.block.decodeBlock(raw);
  const spent = b.undo.parseUndoFile(vector(`bcoin/${file}-undo.raw`));
  if (!decoded.ok || !spent.ok) throw new Error(`bench/ab: ${file} does not decode`);
  const view = b.undo.undoView(decoded.value, spent.value);
  if (!view.ok) throw new Error(`bench/ab: ${file}: ${view.error}`);
  const coins = view.value;
  const params = (network === 'mainnet' ? b.params.NETWORKS.main : b.params.NETWORKS.testnet3).consensus;
  const { backend } = b.select.selectSecp256k1Backend();
  return () => {
    const block = b.block.decodeBlock(raw);
    if (!block.ok) throw new Error(`bench/ab: ${file} does not decode`);
    const r = b.connect.connectBlock({ getCoin: (p) => coins.get(b.utxo.outpointKey(p)) }, block.value, {
      height,
      prevMedianTimePast: block.value.header.time - 1,
      medianTimePastAt: () => 0,
      params,
      backend,
    });
    if (!r.ok) throw new Error(`bench/ab: ${file}: ${r.error.reason}`);
    if (r.value.fees !== BigInt(totalFeesSat)) throw new Error(`bench/ab: ${file}: fees ${r.value.fees}, the manifest says ${totalFeesSat}`);
  };
}

function connectSuite(builds: Record<Side, Build>): Row[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'test/vectors/blocks-manifest.json'), 'utf8')) as { file: string; height: number; network: string; prevouts?: string; totalFeesSat: number }[];
  const wanted = (args.blocks ?? '').split(',').filter((b) => b !== '');
  const rows: Row[] = [];
  for (const name of wanted) {
    const m = manifest.find((x) => x.prevouts !== undefined && x.file.includes(`block${name}.raw`));
    if (m === undefined) throw new Error(`bench/ab: no bcoin block ${name} with undo data in test/vectors/blocks-manifest.json`);
    const file = `block${name}`;
    const work = { base: connectWork(builds.base, file, m.height, m.network, m.totalFeesSat), new: connectWork(builds.new, file, m.height, m.network, m.totalFeesSat) };
    rows.push(alternate(`ConnectBlock ${name}, ${builds.new.select.selectSecp256k1Backend().backend.name}, 1 thread`, count('rounds'), 2, work));
  }
  return rows;
}

function treeSuite(builds: Record<Side, Build>): Row[] {
  const coins = count('coins');
  const batches = count('batches');
  const compare = builds.new.bytes.compareBytes;
  const next = coinGenerator(coins + 17);
  // A build that has a workspace for the batch update (since 2026-12-05) keeps one, as its callers do.
  type Workspace = ReturnType<NonNullable<Build['tree']['treeUpdateWorkspace']>>;
  type Tree = { readonly b: Build; readonly store: InstanceType<Build['store']['MemoryTreeStore']>; readonly workspace?: Workspace; root: Parameters<Build['tree']['applyTreeUpdates']>[1]; version: number };
  const tree = (b: Build): Tree => ({ b, store: new b.store.MemoryTreeStore(), workspace: b.tree.treeUpdateWorkspace?.(), root: undefined, version: 0 });
  const trees: Record<Side, Tree> = { base: tree(builds.base), new: tree(builds.new) };
  const apply = (t: Tree, updates: readonly { key: Uint8Array; value?: Uint8Array }[]): void => {
    const r = t.b.tree.applyTreeUpdates(t.store, t.root, t.version + 1, updates, t.workspace);
    if (!r.ok) throw new Error(`bench/ab: tree update failed: ${JSON.stringify(r.error)}`);
    t.store.apply(r.value);
    t.root = r.value.root;
    t.version = r.value.version;
  };
  const live = new LiveKeys(coins);
  for (let have = 0; have < coins; have += 20_000) {
    const batch = [];
    for (let i = have; i < Math.min(coins, have + 20_000); i++) {
      const c = next();
      batch.push(c);
      live.push(c.key);
    }
    batch.sort((a, b) => compare(a.key, b.key));
    apply(trees.base, batch);
    apply(trees.new, batch);
  }
  // Each round's batch is made once, before either side runs it.
  const steadyBatch = steadyStateBatches(live, next);
  const made: { key: Uint8Array; value?: Uint8Array }[][] = [];
  const batchOf = (round: number): { key: Uint8Array; value?: Uint8Array }[] => {
    while (made.length <= round) made.push(steadyBatch(2_500).sort((a, b) => compare(a.key, b.key)));
    return made[round] as { key: Uint8Array; value?: Uint8Array }[];
  };
  const row = alternate(`UTXO tree in memory, ${coins.toLocaleString('en-US')} coins, batches of 5,000 updates`, batches, 0, {
    base: (r) => apply(trees.base, batchOf(r)),
    new: (r) => apply(trees.new, batchOf(r)),
  });
  const hex = (t: Tree): string => Buffer.from(t.root?.hash ?? new Uint8Array(0)).toString('hex');
  if (hex(trees.base) !== hex(trees.new)) throw new Error('bench/ab: the two builds end at different roots');
  return [row];
}

async function main(): Promise<void> {
  const baseDir = args['base-rev'] !== undefined ? buildRevision(args['base-rev']) : args.base;
  if (baseDir === undefined) throw new Error('bench/ab: give --base-rev REV or --base DIR');
  const builds: Record<Side, Build> = { base: await loadBuild(resolve(baseDir)), new: await loadBuild(resolve(args.new ?? join(ROOT, 'dist'))) };
  const startLoad = loadavg();
  const rows = args.suite === 'tree' ? treeSuite(builds) : args.suite === 'connect' ? connectSuite(builds) : undefined;
  if (rows === undefined) throw new Error(`bench/ab: --suite is connect or tree, got '${args.suite}'`);
  const record = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage: { start: startLoad, end: loadavg() },
    clock: args.clock,
    base: args['base-rev'] ?? baseDir,
    new: args.new,
    rows,
  };
  if (args.out !== undefined) writeFileSync(args.out, `${JSON.stringify(record, null, 2)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else {
    for (const r of rows) {
      console.log(`${r.work}: base ${r.baseMedianMs} ms, new ${r.newMedianMs} ms (medians of ${r.rounds}, ${args.clock} clock); base/new per round: median ${r.ratioMedian}x, min ${r.ratioMin}x, max ${r.ratioMax}x; means: base ${r.baseMeanMs} ms, new ${r.newMeanMs} ms, ${r.ratioOfMeans}x`);
    }
  }
}

try {
  await main();
} catch (e) {
  // Bad options and unusable builds are one line, not a stack.
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
