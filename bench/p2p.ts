/**
 * TCP vs Iroh on loopback, measured in one run (issue 12): connection set-up (dial to both peers'
 * handshake done, node-id proof included on TCP), ping round trip, and transfer rate of 1 MB
 * messages, each both with the two peers in this process and with the far peer in a child process
 * (its own event loop, as two nodes are). Also the cost of moving bytes across the Iroh binding,
 * which takes only number[] (shell/p2p/transport/iroh.ts).
 *
 *   npx tsx bench/p2p.ts [--setups 20] [--pings 200] [--mb 20] [--out DIR]
 *
 * Transfer: N messages of 1,000,000 bytes one way, then a ping; the pong comes back after the far
 * side has parsed every message (one ordered stream), so MB/s = N / (send start to pong). "bulk"
 * messages are checksummed and framed only; "block" messages (block 413567, 999,887 bytes) are also
 * decoded by the kernel on arrival. Prints tables, writes reports/p2p.json and records os.loadavg()
 * at start and end (the machine is shared).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { generateNodeIdentity } from '../shell/p2p/identity.js';
import { Peer } from '../shell/p2p/peer.js';
import { IrohTransport, fromNumberArray, toNumberArray } from '../shell/p2p/transport/iroh.js';
import { TcpTransport } from '../shell/p2p/transport/tcp.js';
import type { Connection, Transport } from '../shell/p2p/transport/transport.js';
import { median, percentile, printTable } from './stats.js';

const PARAMS = NETWORKS.regtest;
const BLOCK = new Uint8Array(readFileSync(fileURLToPath(new URL('../test/vectors/bitcoin-core/block413567.raw', import.meta.url))));
const BULK = new Uint8Array(1_000_000).map((_, i) => (i * 31) & 0xff);

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

function newPeer(c: Connection): Peer {
  const p = new Peer(c, { params: PARAMS, identity: generateNodeIdentity(), pingIntervalMs: 0 });
  p.start();
  return p;
}

function ready(p: Peer): Promise<void> {
  return p.ready ? Promise.resolve() : new Promise((resolve) => p.once('ready', () => resolve()));
}

/** The far side: listens on both transports, prints where, serves peers until stdin closes. */
async function child(): Promise<void> {
  const tcp = new TcpTransport();
  const iroh = await IrohTransport.bind({ secretKey: generateNodeIdentity().secretKey });
  const t = await tcp.listen((c) => newPeer(c));
  const i = await iroh.listen((c) => newPeer(c));
  process.stdout.write(`${JSON.stringify({ tcpPort: t.port, irohNodeId: i.nodeId, irohAddresses: i.addresses })}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await Promise.all([tcp.close(), iroh.close()]);
}

interface Far {
  readonly tcpPort: number;
  readonly irohNodeId: string;
  readonly irohAddresses: string[];
}

type Dialer = () => Promise<{ near: Peer; far?: Peer }>;

/** Dialers for one transport, in process (a listener here) or to the child. */
async function dialers(kind: 'tcp' | 'iroh', far: Far, opened: Array<Transport<unknown>>): Promise<{ local: Dialer; remote: Dialer }> {
  const make = async (): Promise<Transport<unknown>> => {
    const t = kind === 'tcp' ? new TcpTransport() : await IrohTransport.bind({ secretKey: generateNodeIdentity().secretKey });
    opened.push(t);
    return t;
  };
  const client = await make();
  const server = await make();
  let accept: (p: Peer) => void = () => undefined;
  const at = await server.listen((c) => accept(newPeer(c)));
  const dial = (target: unknown): Promise<Connection> => (client as Transport<unknown>).dial(target);
  const localTarget = kind === 'tcp' ? { host: '127.0.0.1', port: at.port } : { nodeId: at.nodeId, addresses: at.addresses };
  const remoteTarget = kind === 'tcp' ? { host: '127.0.0.1', port: far.tcpPort } : { nodeId: far.irohNodeId, addresses: far.irohAddresses };
  return {
    local: async () => {
      const farPeer = new Promise<Peer>((resolve) => (accept = resolve));
      const near = newPeer(await dial(localTarget));
      const f = await farPeer;
      await Promise.all([ready(near), ready(f)]);
      return { near, far: f };
    },
    remote: async () => {
      const near = newPeer(await dial(remoteTarget));
      await ready(near);
      return { near };
    },
  };
}

async function setupTimes(dial: Dialer, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const { near, far } = await dial();
    samples.push(performance.now() - t0);
    near.disconnect('bench');
    far?.disconnect('bench');
  }
  return samples.sort((a, b) => a - b);
}

async function pingTimes(p: Peer, n: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await p.ping();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await p.ping());
  return samples.sort((a, b) => a - b);
}

/** MB/s of `count` messages of `payload` one way, timed to the pong of a ping sent after them. */
async function transfer(p: Peer, type: string, payload: Uint8Array, count: number): Promise<number> {
  await p.ping();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) void p.sendRaw(type, payload);
  await p.ping();
  return (count * payload.length) / 1e6 / ((performance.now() - t0) / 1000);
}

function timeIt(fn: () => unknown, n: number): number {
  for (let i = 0; i < 3; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) / n;
}

// The report's folder: --out DIR (as bench/run.ts passes it), else reports/.
const REPORTS = process.argv.includes('--out') ? resolve(process.argv[process.argv.indexOf('--out') + 1] as string) : fileURLToPath(new URL('../reports/', import.meta.url));
const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');

interface P2pRow {
  readonly transport: 'tcp' | 'iroh';
  readonly farPeer: string;
  readonly setupMedianMs: number;
  readonly setupP90Ms: number;
  readonly pingMedianMs: number;
  readonly pingP90Ms: number;
  readonly bulkMbPerSecond: number;
  readonly blockMbPerSecond: number;
}

async function main(): Promise<void> {
  const loadStart = loadavg();
  const started = new Date().toISOString();
  const setups = arg('setups', 20);
  const pings = arg('pings', 200);
  const mb = arg('mb', 20);
  console.log(`bllvm-ts P2P on loopback — Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}; load average at start ${load(loadStart)}`);
  console.log(`${setups} set-ups, ${pings} pings (after 20 warm-up), ${mb} x 1 MB per transfer\n`);

  const arr = toNumberArray(BULK);
  console.log('bytes across the Iroh binding (1,000,000 bytes, JS side only; the binding converts each element again):');
  const conversions: Array<[string, number]> = [
    ['Uint8Array -> number[]: new Array(n) + loop (used)', timeIt(() => toNumberArray(BULK), 10)],
    ['Uint8Array -> number[]: Array.from', timeIt(() => Array.from(BULK), 10)],
    ['number[] -> Uint8Array: Uint8Array.from (used)', timeIt(() => fromNumberArray(arr), 10)],
    ['number[] -> Uint8Array: new Uint8Array(array)', timeIt(() => new Uint8Array(arr), 10)],
  ];
  printTable(['conversion', 'ms'], conversions.map(([name, ms]) => [name, ms.toFixed(1)]));

  const childProcess: ChildProcess = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve) => createInterface({ input: childProcess.stdout! }).once('line', resolve));
  const far = JSON.parse(firstLine) as Far;
  const opened: Array<Transport<unknown>> = [];
  const rows: P2pRow[] = [];
  try {
    for (const kind of ['tcp', 'iroh'] as const) {
      const d = await dialers(kind, far, opened);
      for (const [where, dial] of [['in process', d.local], ['to child process', d.remote]] as const) {
        const setup = await setupTimes(dial, setups);
        const { near, far: f } = await dial();
        const ping = await pingTimes(near, pings);
        const bulk = await transfer(near, 'bulk', BULK, mb);
        const blocks = await transfer(near, 'block', BLOCK, mb);
        near.disconnect('bench');
        f?.disconnect('bench');
        rows.push({
          transport: kind,
          farPeer: where,
          setupMedianMs: median(setup),
          setupP90Ms: percentile(setup, 90),
          pingMedianMs: median(ping),
          pingP90Ms: percentile(ping, 90),
          bulkMbPerSecond: bulk,
          blockMbPerSecond: blocks,
        });
      }
    }
  } finally {
    await Promise.all(opened.map((t) => t.close()));
    childProcess.stdin?.end();
    await new Promise((resolve) => childProcess.once('exit', resolve));
  }
  console.log('\nTCP vs Iroh (loopback):');
  printTable(
    ['transport', 'far peer', 'set-up median ms', 'set-up p90 ms', 'ping median ms', 'ping p90 ms', 'bulk MB/s', 'block MB/s'],
    rows.map((r) => [r.transport, r.farPeer, r.setupMedianMs.toFixed(2), r.setupP90Ms.toFixed(2), r.pingMedianMs.toFixed(3), r.pingP90Ms.toFixed(3), r.bulkMbPerSecond.toFixed(1), r.blockMbPerSecond.toFixed(1)]),
  );
  const loadEnd = loadavg();
  console.log(`load average at end ${load(loadEnd)}`);
  mkdirSync(REPORTS, { recursive: true });
  const out = join(REPORTS, 'p2p.json');
  const conversionMs = Object.fromEntries(conversions);
  writeFileSync(out, `${JSON.stringify({ started, node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadavgStart: loadStart, loadavgEnd: loadEnd, options: { setups, pings, mb }, conversionMs, rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv.includes('--child')) await child();
else await main();
