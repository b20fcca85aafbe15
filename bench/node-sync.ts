/**
 * Node sync speed (issue 12): a fresh node syncing block by block over TCP on loopback from
 * (1) our own node serving test/vectors/bitcoinj/first-100k-blocks.dat (mainnet, 438 blocks after
 * genesis, 7 non-coinbase inputs), (2) our own node serving the regtest builder's chain
 * (shell/regtest: every common script kind, plus per block a fan-out of `--fan-out` coins, three
 * quarters of them spent back 10 blocks later in signed P2WPKH / P2TR key-path inputs, so script
 * checks dominate) and (3) bcoin (../shared/peers/bcoin, started as test/p2p/bcoin does, stopped
 * by pid) serving a 300-block regtest chain with transactions signed by bcoin's library
 * (test/node/bcoin-chain.ts); each with script checks on the main thread (scriptThreads 0) and
 * on `--threads` worker threads. Each syncing node runs in a child process of its own, so its
 * wall time, CPU time (process.cpuUsage: every thread of the child) and peak RSS
 * (resourceUsage().maxRSS, and the anonymous part sampled from /proc/self/status) are its own,
 * not the serving node's. Timed: from starting the node (connect, handshake, headers, blocks,
 * script checks, LMDB commits; the worker threads start inside it) to its tip at the serving tip.
 * Prints tables, writes reports/node-sync.json (or --out DIR), records os.loadavg() at start and
 * end (the machine is shared).
 *
 *   npx tsx bench/node-sync.ts [--skip-bcoin] [--threads 2] [--regtest-blocks 300 (0 skips)] [--fan-out 200] [--out DIR]
 *
 * The child side (`--child JSON`) is also what bench/fastsync.ts runs for its syncing nodes: a
 * block-by-block sync (mode 'blocks') or a UTXO-commitment fast sync (mode 'fast',
 * shell/node/fastsync-client.ts) to the given peers; it prints one JSON line (SyncChildResult).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { commitmentDigest } from '../kernel/commitments/commitment.js';
import { DEFAULT_CONSENSUS_RULES } from '../kernel/consensus/peer-consensus.js';
import { toHex } from '../kernel/encoding/hex.js';
import { isCoinbase } from '../kernel/primitives/transaction.js';
import { type FastSyncResult, fastSync } from '../shell/node/fastsync-client.js';
import { selectSecp256k1Backend } from '../shell/crypto/select-backend.js';
import { BllvmNode, type PeerTarget } from '../shell/node/node.js';
import { buildRegtestChain, toBlkFile } from '../shell/regtest/index.js';
import { ChainStore } from '../shell/store/chain-store.js';
import { importBlockFiles } from '../shell/store/import-blocks.js';
import { printTable } from './stats.js';

const FIRST_100K = fileURLToPath(new URL('../test/vectors/bitcoinj/first-100k-blocks.dat', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
export const REPORTS = fileURLToPath(new URL('../reports/', import.meta.url));

/** What a syncing child is asked to do. */
export interface SyncChildRequest {
  readonly mode: 'blocks' | 'fast';
  readonly datadir: string;
  readonly network: 'main' | 'regtest';
  readonly connect: readonly PeerTarget[];
  /** The child's node binds Iroh too (needed to dial Iroh peers). */
  readonly iroh: boolean;
  readonly tipHeight: number;
  readonly scriptThreads: number;
  /** Fast sync: the height to take the set at, and the serving peers that must agree (all of them). */
  readonly checkpointHeight?: number;
  readonly minPeers?: number;
  /** Chunks in flight per agreeing peer (fastSync's chunksPerPeer). */
  readonly chunksPerPeer?: number;
}

/** What a syncing child measured. */
export interface SyncChildResult {
  readonly seconds: number;
  /** Fast sync: seconds to the chunk plan (headers, commitments, consensus), of chunk download + install, of blocks after the checkpoint. */
  readonly phases?: { readonly consensus: number; readonly chunks: number; readonly blocks: number };
  readonly cpuUserSeconds: number;
  readonly cpuSystemSeconds: number;
  /** RSS when the timed part started (modules loaded), and the child's peak. */
  readonly startRssMb: number;
  readonly peakRssMb: number;
  /**
   * Peak of the anonymous part of the RSS (heap, buffers, workers: /proc/self/status RssAnon,
   * sampled every 100 ms; Linux only), without the LMDB file pages the kernel maps in, which
   * maxRSS counts.
   */
  readonly peakRssAnonMb?: number;
  /** Bytes on the node's peer connections (P2P messages with their 24-byte headers; no TCP/QUIC overhead). */
  readonly bytesReceived: number;
  readonly bytesSent: number;
  /** Blocks connected and their non-coinbase inputs (scripts checked). */
  readonly blocksConnected: number;
  readonly inputs: number;
  readonly tipHeight: number;
  /** The node's UTXO commitment at its tip (hex digest). */
  readonly tipDigest: string;
  /** Fast sync: the client's summary, and how many chunk requests it asked again of another peer (no answer in time, not served, bad chunk). */
  readonly fast?: Pick<FastSyncResult, 'agreed' | 'agreeing' | 'chunks' | 'bytes' | 'commitmentMatchesPeers' | 'badChunks' | 'reason'> & { readonly chunkRetries: number };
}

/** Non-coinbase inputs of the active chain's blocks from..to that the store holds. */
function inputsOf(store: ChainStore, from: number, to: number): number {
  let n = 0;
  for (let h = from; h <= to; h++) {
    const e = store.activeEntry(h);
    const b = e.ok && e.value !== undefined ? store.block(e.value.hash) : undefined;
    if (b?.ok && b.value !== undefined) for (const tx of b.value.transactions) if (!isCoinbase(tx)) n += tx.inputs.length;
  }
  return n;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** RssAnon of this process in bytes (Linux), else undefined. */
function rssAnon(): number | undefined {
  try {
    const m = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** The child side: one sync, measured, then the node stopped; prints `{"result": SyncChildResult}`. */
async function syncChild(request: SyncChildRequest): Promise<void> {
  let peakAnon = rssAnon();
  const sampler = setInterval(() => {
    const a = rssAnon();
    if (a !== undefined && (peakAnon === undefined || a > peakAnon)) peakAnon = a;
  }, 100);
  sampler.unref();
  const cpu0 = process.cpuUsage();
  const startRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const at = (): number => (performance.now() - t0) / 1000;
  const node = await BllvmNode.start({
    datadir: request.datadir,
    network: request.network,
    noSync: true,
    connect: request.connect,
    scriptThreads: request.scriptThreads,
    ...(request.mode === 'fast' ? { holdBlocks: true } : {}),
    ...(request.iroh ? { iroh: {} } : {}),
  });
  let fast: FastSyncResult | undefined;
  const marks: { plan?: number; installed?: number } = {};
  let chunkRetries = 0;
  try {
    if (request.mode === 'fast') {
      const minPeers = request.minPeers ?? request.connect.length;
      fast = await fastSync(node, {
        ...(request.checkpointHeight === undefined ? {} : { checkpointHeight: request.checkpointHeight }),
        // Loopback peers are told apart by their node ids (every peer proves one), as the tests do.
        rules: { ...DEFAULT_CONSENSUS_RULES, minPeers, groupLoopbackByNodeId: true },
        timeoutMs: 3_600_000,
        ...(request.chunksPerPeer === undefined ? {} : { chunksPerPeer: request.chunksPerPeer }),
        progress: (line) => {
          if (line.startsWith('chunk plan:')) marks.plan = at();
          if (line.startsWith('UTXO set at')) marks.installed = at();
          // A chunk asked again elsewhere (fastsync-client.ts says why): counted, and shown, since its first answer may still arrive and add to the bytes received.
          if (line.includes('asking another peer')) {
            chunkRetries++;
            process.stderr.write(`[fast sync child, ${at().toFixed(1)} s] ${line}\n`);
          }
        },
      });
      if (!fast.agreed) throw new Error(`fast sync: no agreement (${fast.reason})`);
    }
    await node.waitFor(() => node.store.tip.height >= request.tipHeight, 3_600_000);
    const seconds = at();
    const cpu = process.cpuUsage(cpu0);
    const peers = node.peers();
    const digest = commitmentDigest(node.store.tipCommitment());
    const from = request.mode === 'fast' ? (request.checkpointHeight ?? 0) + 1 : 1;
    const result: SyncChildResult = {
      seconds: round(seconds),
      ...(marks.plan !== undefined && marks.installed !== undefined
        ? { phases: { consensus: round(marks.plan), chunks: round(marks.installed - marks.plan), blocks: round(seconds - marks.installed) } }
        : {}),
      cpuUserSeconds: round(cpu.user / 1e6),
      cpuSystemSeconds: round(cpu.system / 1e6),
      startRssMb: Math.round(startRss / 2 ** 20),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      ...(peakAnon === undefined ? {} : { peakRssAnonMb: Math.round(peakAnon / 2 ** 20) }),
      bytesReceived: peers.reduce((n, p) => n + p.bytesReceived, 0),
      bytesSent: peers.reduce((n, p) => n + p.bytesSent, 0),
      blocksConnected: node.store.tip.height - from + 1,
      inputs: inputsOf(node.store, from, node.store.tip.height),
      tipHeight: node.store.tip.height,
      tipDigest: digest.ok ? toHex(digest.value) : '',
      ...(fast === undefined
        ? {}
        : { fast: { agreed: fast.agreed, agreeing: fast.agreeing, chunks: fast.chunks, bytes: fast.bytes, commitmentMatchesPeers: fast.commitmentMatchesPeers, badChunks: fast.badChunks, chunkRetries } }),
    };
    process.stdout.write(`${JSON.stringify({ result })}\n`);
  } finally {
    clearInterval(sampler);
    await node.stop();
  }
}

/** Runs one sync in a child process (its own event loop, CPU and RSS); stops it by pid if it outlives `timeoutMs`. */
export async function runSyncChild(request: SyncChildRequest, timeoutMs = 3_600_000): Promise<SyncChildResult> {
  const child = spawn(process.execPath, [...process.execArgv, THIS_FILE, '--child', JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let result: SyncChildResult | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{"result"')) result = (JSON.parse(line) as { result: SyncChildResult }).result;
  });
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0 || result === undefined) throw new Error(`sync child (${request.mode}, ${request.datadir}) exited ${code} without a result`);
  return result;
}

export interface SyncRow {
  readonly source: string;
  readonly scriptThreads: number;
  readonly blocks: number;
  readonly inputs: number;
  readonly seconds: number;
  readonly blocksPerSecond: number;
  readonly inputsPerSecond: number;
  readonly cpuSeconds: number;
  readonly mbReceived: number;
  readonly startRssMb: number;
  readonly peakRssMb: number;
  readonly peakRssAnonMb?: number;
}

function row(source: string, threads: number, r: SyncChildResult): SyncRow {
  return {
    source,
    scriptThreads: threads,
    blocks: r.blocksConnected,
    inputs: r.inputs,
    seconds: r.seconds,
    blocksPerSecond: Math.round(r.blocksConnected / r.seconds),
    inputsPerSecond: Math.round(r.inputs / r.seconds),
    cpuSeconds: round(r.cpuUserSeconds + r.cpuSystemSeconds),
    mbReceived: round(r.bytesReceived / 1e6),
    startRssMb: r.startRssMb,
    peakRssMb: r.peakRssMb,
    ...(r.peakRssAnonMb === undefined ? {} : { peakRssAnonMb: r.peakRssAnonMb }),
  };
}

export interface NodeSyncOptions {
  readonly bcoin: boolean;
  readonly threads: number;
  /** Blocks of the regtest builder's chain served by our node (0 skips it), and its fan-out per block. */
  readonly regtestBlocks: number;
  readonly fanOut: number;
}

/** What the sources held (reported beside the rows). */
export interface SourceInfo {
  readonly source: string;
  readonly blocks: number;
  readonly megabytes: number;
  /** Seconds to import the chain into the serving node's store (blk file, every block validated, scripts on the main thread with the node's backend). */
  readonly importSeconds?: number;
  readonly buildSeconds?: number;
}

/** Imports blk files into a fresh store at `dir`; returns the tip height and the seconds taken. */
async function importInto(dir: string, network: 'main' | 'regtest', files: readonly string[]): Promise<{ tip: number; seconds: number }> {
  const t0 = performance.now();
  const opened = ChainStore.open(join(dir, 'chain'), { params: NETWORKS[network], noSync: true, backend: selectSecp256k1Backend().backend });
  if (!opened.ok) throw new Error(`cannot open a store in ${dir}`);
  const imported = await importBlockFiles(opened.value, files, { now: Math.floor(Date.now() / 1000) });
  if (!imported.ok) throw new Error(`import into ${dir} failed: ${JSON.stringify(imported.error)}`);
  const tip = opened.value.tip.height;
  await opened.value.close();
  return { tip, seconds: round((performance.now() - t0) / 1000) };
}

/** A fresh node syncs from one serving node at `port`, with scripts on the main thread and on `threads` workers. */
async function syncBoth(scratch: string, label: string, name: string, network: 'main' | 'regtest', port: number, tip: number, threads: number): Promise<SyncRow[]> {
  const rows: SyncRow[] = [];
  for (const t of [0, threads]) {
    const r = await runSyncChild({ mode: 'blocks', datadir: join(scratch, `${label}-${t}`), network, connect: [{ transport: 'tcp', host: '127.0.0.1', port }], iroh: false, tipHeight: tip, scriptThreads: t });
    rows.push(row(name, t, r));
  }
  return rows;
}

/** Our node serving a store at `dir` on loopback TCP while `body` runs. */
async function serving<T>(dir: string, network: 'main' | 'regtest', body: (port: number) => Promise<T>): Promise<T> {
  const source = await BllvmNode.start({ datadir: dir, network, noSync: true, listen: { host: '127.0.0.1', port: 0 }, scriptThreads: 0 });
  try {
    return await body(source.listening[0]?.port as number);
  } finally {
    await source.stop();
  }
}

export async function benchNodeSync(options: NodeSyncOptions): Promise<{ rows: SyncRow[]; sources: SourceInfo[] }> {
  const scratch = mkdtempSync(join(tmpdir(), 'bllvm-bench-sync-'));
  const rows: SyncRow[] = [];
  const sources: SourceInfo[] = [];
  try {
    // (1) Our node serving first-100k-blocks.dat.
    const name100k = 'bllvm-ts node: first-100k-blocks.dat (mainnet)';
    const dir = join(scratch, 'source-100k');
    const { tip, seconds } = await importInto(dir, 'main', [FIRST_100K]);
    sources.push({ source: name100k, blocks: tip, megabytes: round(statSync(FIRST_100K).size / 1e6), importSeconds: seconds });
    rows.push(...(await serving(dir, 'main', (port) => syncBoth(scratch, 'first-100k', name100k, 'main', port, tip, options.threads))));

    // (2) Our node serving the regtest builder's chain: every common script kind, plus a fan-out
    // per block spent back 10 blocks later (signed P2WPKH and P2TR inputs), so scripts dominate.
    if (options.regtestBlocks > 0) {
      const nameRegtest = `bllvm-ts node: regtest builder chain (fan-out ${options.fanOut})`;
      const t0 = performance.now();
      const spendBack = Math.floor((options.fanOut * 3) / 4);
      const chain = buildRegtestChain({
        seed: 'bench-node-sync',
        blocks: options.regtestBlocks,
        backend: selectSecp256k1Backend().backend,
        ...(options.fanOut > 0 ? { fanOut: { outputs: options.fanOut, spendAfter: 10, spendBack, inputsPerSpend: 16 } } : {}),
      });
      const buildSeconds = round((performance.now() - t0) / 1000);
      const file = join(scratch, 'regtest-blk00000.dat');
      writeFileSync(file, toBlkFile(chain.blocks));
      const rdir = join(scratch, 'source-regtest');
      const imported = await importInto(rdir, 'regtest', [file]);
      sources.push({ source: nameRegtest, blocks: imported.tip, megabytes: round(statSync(file).size / 1e6), buildSeconds, importSeconds: imported.seconds });
      rows.push(...(await serving(rdir, 'regtest', (port) => syncBoth(scratch, 'regtest', nameRegtest, 'regtest', port, imported.tip, options.threads))));
    }

    // (3) bcoin serving a 300-block regtest chain with transactions.
    if (options.bcoin) {
      const nameBcoin = 'bcoin 2.2.0: 300-block regtest chain';
      const { BcoinNode } = await import('../test/p2p/bcoin/bcoin.js');
      const { mineWithTransactions } = await import('../test/node/bcoin-chain.js');
      const bcoin = await BcoinNode.start();
      try {
        await mineWithTransactions(bcoin, 300);
        sources.push({ source: nameBcoin, blocks: 300, megabytes: 0 });
        rows.push(...(await syncBoth(scratch, 'bcoin', nameBcoin, 'regtest', bcoin.p2pPort, 300, options.threads)));
      } finally {
        await bcoin.stop();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { rows, sources };
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

/** The report's folder: --out DIR, else reports/. */
export function outDir(): string {
  const at = process.argv.indexOf('--out');
  return at >= 0 ? resolve(process.argv[at + 1] as string) : REPORTS;
}

async function main(): Promise<void> {
  const loadStart = loadavg();
  const started = new Date().toISOString();
  const options: NodeSyncOptions = {
    bcoin: !process.argv.includes('--skip-bcoin'),
    threads: flag('threads', 2),
    regtestBlocks: flag('regtest-blocks', 300),
    fanOut: flag('fan-out', 200),
  };
  console.log(`bllvm-ts node sync — Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}; load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}`);
  const { rows, sources } = await benchNodeSync(options);
  const loadEnd = loadavg();
  printTable(
    ['source', 'blocks', 'MB', 'built s', 'import s'],
    sources.map((s) => [s.source, String(s.blocks), s.megabytes > 0 ? s.megabytes.toFixed(1) : '', s.buildSeconds?.toFixed(1) ?? '', s.importSeconds?.toFixed(1) ?? '']),
  );
  console.log('');
  printTable(
    ['served by', 'script threads', 'blocks', 'inputs', 's', 'blocks/s', 'inputs/s', 'CPU s', 'MB received', 'peak RSS MB', 'peak RssAnon MB'],
    rows.map((r) => [r.source, String(r.scriptThreads), String(r.blocks), String(r.inputs), r.seconds.toFixed(2), String(r.blocksPerSecond), String(r.inputsPerSecond), r.cpuSeconds.toFixed(2), r.mbReceived.toFixed(2), String(r.peakRssMb), String(r.peakRssAnonMb ?? '')]),
  );
  console.log(`load average at end ${loadEnd.map((x) => x.toFixed(2)).join(' ')}`);
  const dir = outDir();
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'node-sync.json');
  writeFileSync(out, `${JSON.stringify({ started, node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadavgStart: loadStart, loadavgEnd: loadEnd, options, sources, rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv.includes('--child')) {
  await syncChild(JSON.parse(process.argv[process.argv.indexOf('--child') + 1] as string) as SyncChildRequest);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
