/**
 * The kernel in a browser (README "In the browser"): the npm package, packed and installed as a
 * user gets it, bundled with the bundlers' defaults, runs decodeBlock, checkBlock and connectBlock
 * of mainnet block 300025 (test/vectors/bcoin, undo data INDEX.md §3.7) in headless Chromium, with
 * the fees, inputs, sigop cost and script flags Node gets (test/connect-block.test.ts).
 *
 * Pages (test/browser/page/): esbuild's default bundle (package.json's `browser` field selects
 * libsecp256k1-wasm, embedded as base64, where the page can run it, else @noble/curves), run with
 * WASM, under a Content-Security-Policy that refuses WASM, and with WebAssembly deleted; an esbuild bundle that loads tiny-secp256k1's
 * `.wasm` import (wasm-plugin.ts) and keeps the WASM backend only if it loads and passes
 * eccSanityCheck, else nobleBackend: run with WASM, under a Content-Security-Policy that refuses
 * WASM, and with WebAssembly deleted; the same two entries built by Vite with its defaults; the
 * checkout's kernel/index.ts bundled as is. Chromium is Debian's (/usr/bin/chromium, installed by
 * .ci/run); without it the tests fail. No verdict depends on timing; timeouts are backstops.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Metafile, build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { NETWORKS, connectBlock, decodeBlock, utxoSetView } from '../../kernel/index.js';
import { parseUndoFile, undoView } from '../../shell/chain/undo-file.js';
import { MANIFEST, readVector } from '../support/vectors.js';
import { wasmEsmIntegrationPlugin } from './wasm-plugin.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE_DIR = fileURLToPath(new URL('./page', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const ENTRY = MANIFEST.find((e) => e.height === 300025);
const BLOCK_FILE = 'bcoin/block300025.raw';
const UNDO_FILE = 'bcoin/block300025-undo.raw';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-browser-'));
const run = (cmd: string, args: readonly string[], cwd: string): string =>
  execFileSync(cmd, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * The package as `npm pack` makes it, built into a staging directory: the same tsc build as
 * `npm run build` (tsconfig.build.json) and the same `files`, but without rebuilding the checkout's
 * dist/, which test/package.test.ts rebuilds through `npm pack` in a parallel vitest worker.
 * Installed without install scripts: a page needs no native addon (bcrypto's is built by
 * test/package.test.ts's install, as a user's npm install builds it).
 */
function packAndInstall(app: string): void {
  const stage = join(scratch, 'stage');
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], ROOT);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const f of manifest.files) if (!f.startsWith('dist')) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(stage, 'package.json'));
  const [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], stage)) as { filename: string }[];
  if (packed === undefined) throw new Error('npm pack produced nothing');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(scratch, packed.filename)], app);
  for (const f of readdirSync(PAGE_DIR)) cpSync(join(PAGE_DIR, f), join(app, f));
}

interface Bundle {
  readonly code: string;
  /** The kernel/crypto modules in the bundle (from esbuild's metafile). */
  readonly kernelCrypto: string[];
  /** The npm packages in the bundle. */
  readonly packages: string[];
}

/** esbuild with its defaults (browser platform, iife), plus `plugins` when given. */
async function bundle(entry: string, cwd: string, plugins: Parameters<typeof build>[0]['plugins'] = []): Promise<Bundle> {
  const result = await build({ entryPoints: [entry], absWorkingDir: cwd, bundle: true, write: false, metafile: true, logLevel: 'silent', plugins });
  const [out] = result.outputFiles;
  if (out === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  const kernelCrypto = inputs.filter((p) => p.includes('kernel/crypto/')).map((p) => p.slice(p.indexOf('kernel/crypto/')));
  const packages = inputs.flatMap((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(p)?.[1] ?? []);
  return { code: out.text, kernelCrypto: kernelCrypto.sort(), packages: [...new Set(packages)].sort() };
}

interface ServedFile {
  readonly body: string | Uint8Array;
  readonly type: string;
  readonly headers?: Record<string, string>;
}

function serve(files: ReadonlyMap<string, ServedFile>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', ...file.headers }).end(file.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/**
 * Vite's build with its defaults (no config file; only `base`, the URL prefix the site is served
 * under) of a page whose index.html loads `entry`; returns the built files by URL.
 */
async function viteSite(app: string, name: string, entry: string): Promise<Map<string, ServedFile>> {
  const root = join(app, name);
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="../${entry}"></script></head><body></body></html>`);
  await viteBuild({ root, base: `/${name}/`, configFile: false, logLevel: 'silent' });
  const out = join(root, 'dist');
  const files = new Map<string, ServedFile>();
  for (const f of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
    const type = CONTENT_TYPES[extname(f)];
    if (type !== undefined) files.set(`/${name}/${f}`, { type, body: readFileSync(join(out, f)) });
  }
  return files;
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-port=0',
];

/** Starts Chromium in its own process group and waits for its DevTools endpoint (backstop 60 s). */
function startChromium(userDataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, 'about:blank'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const backstop = setTimeout(() => reject(new Error(`Chromium gave no DevTools endpoint in 60 s: ${stderr.slice(-2000)}`)), 60_000);
    child.once('error', (e) => {
      clearTimeout(backstop);
      reject(new Error(`cannot start ${CHROMIUM} (install Debian's chromium; .ci/run does): ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(backstop);
      reject(new Error(`Chromium exited with ${code}: ${stderr.slice(-2000)}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m?.[1] !== undefined) {
        clearTimeout(backstop);
        child.removeAllListeners('exit');
        resolve({ child, endpoint: m[1] });
      }
    });
  });
}

/** What a page publishes (test/browser/page/run-block.js). */
interface PageResult {
  readonly backend: string;
  readonly wasm: { readonly available: boolean; readonly loadError?: string };
  readonly decode?: string;
  readonly hash?: string;
  readonly txCount?: number;
  readonly checkBlock?: string;
  readonly connectBlock?: { fees?: string; inputsChecked?: number; sigopsCost?: number; scriptFlags?: number; reason?: string; debug?: string };
  readonly thrown?: string;
}

/** A step run once, on first use; every test that needs it awaits it, so a failed step fails those tests (none is skipped). */
function once<T>(step: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= step());
}

/** Node's answer, with Node's DEFAULT_BACKEND, the way test/connect-block.test.ts gets it. */
function connectInNode(): NonNullable<PageResult['connectBlock']> {
  const block = decodeBlock(readVector(BLOCK_FILE));
  const spent = parseUndoFile(readVector(UNDO_FILE));
  if (!block.ok || !spent.ok) throw new Error('block 300025 or its undo data does not decode');
  const view = undoView(block.value, spent.value);
  if (!view.ok) throw new Error(view.error);
  const context = { height: 300025, prevMedianTimePast: block.value.header.time - 1, medianTimePastAt: () => 0, params: NETWORKS.main.consensus, backend: DEFAULT_BACKEND };
  const connected = connectBlock(utxoSetView(view.value), block.value, context);
  if (!connected.ok) throw new Error(`Node: ${connected.error.reason}`);
  const { fees, inputsChecked, sigopsCost, scriptFlags } = connected.value;
  return { fees: fees.toString(), inputsChecked, sigopsCost, scriptFlags };
}
const nodeOutcome = connectInNode();

const bundles = once(async () => {
  const app = join(scratch, 'app');
  packAndInstall(app);
  return {
    app,
    esbuild: new Map<string, Bundle>([
      ['default', await bundle('./default-entry.js', app)],
      ['wasm', await bundle('./wasm-entry.js', app, [wasmEsmIntegrationPlugin])],
      ['source', await bundle(join(PAGE_DIR, 'source-entry.js'), ROOT)],
    ]),
    vite: new Map([...(await viteSite(app, 'vite-default', 'default-entry.js')), ...(await viteSite(app, 'vite-wasm', 'wasm-entry.js'))]),
  };
});

let server: Server | undefined;
/** The pages and vectors on a loopback HTTP server; resolves to its origin. */
const pageServer = once(async () => {
  const html = (script: string, before = ''): ServedFile => ({
    type: 'text/html',
    body: `<!doctype html><html><head><meta charset="utf-8">${before}<script src="/${script}.js" defer></script></head><body></body></html>`,
  });
  const noWasm = '<script src="/no-wasm.js"></script>';
  const files = new Map<string, ServedFile>([
    ['/vectors/block300025.raw', { type: 'application/octet-stream', body: readVector(BLOCK_FILE) }],
    ['/vectors/block300025-undo.raw', { type: 'application/octet-stream', body: readVector(UNDO_FILE) }],
    ['/no-wasm.js', { type: 'text/javascript', body: 'delete globalThis.WebAssembly;' }],
    ['/default.html', html('default')],
    ['/default-csp.html', { ...html('default'), headers: { 'content-security-policy': "script-src 'self'" } }],
    ['/default-no-wasm.html', html('default', noWasm)],
    ['/wasm.html', html('wasm')],
    ['/wasm-csp.html', { ...html('wasm'), headers: { 'content-security-policy': "script-src 'self'" } }],
    ['/wasm-no-wasm.html', html('wasm', noWasm)],
    ['/source.html', html('source')],
  ]);
  const built = await bundles();
  for (const [name, b] of built.esbuild) files.set(`/${name}.js`, { type: 'text/javascript', body: b.code });
  for (const [path, file] of built.vite) files.set(path, file);
  server = await serve(files);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

let chromiumProcess: ChildProcess | undefined;
let browser: Browser | undefined;
const browserReady = once(async () => {
  const started = await startChromium(join(scratch, 'chromium-profile'));
  chromiumProcess = started.child;
  browser = await chromium.connectOverCDP(started.endpoint, { timeout: 60_000 });
  return browser;
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  const child = chromiumProcess;
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM'); // its process group: the browser and the processes it started
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  }
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  rmSync(scratch, { recursive: true, force: true });
});

/** Opens a page in a fresh browser context and returns what it published (backstop 120 s). */
async function openPage(path: string): Promise<PageResult> {
  const origin = await pageServer();
  const context = await (await browserReady()).newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Waiting from the first response on, so the predicate is always polled before the page publishes (the late case, every run).
    await page.goto(`${origin}${path}`, { waitUntil: 'commit' });
    // A function, not a string: Playwright evals the predicate's text once, inside its own call (where
    // DevTools evaluation is exempt from the page's CSP), then calls the function on each poll; a
    // string is evaled on every poll, and the CSP page refuses that eval when the result comes late.
    await page.waitForFunction(() => (globalThis as { bllvmResult?: unknown }).bllvmResult !== undefined, undefined, { timeout: 120_000 }).catch((e: unknown) => {
      throw new Error(`${path}: no result (${String(e)}); page errors: ${errors.join('; ')}`);
    });
    const result = (await page.evaluate('window.bllvmResult')) as PageResult;
    console.log(`${path}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await context.close();
  }
}

/** The block as Node connects it: fees and inputs from blocks-manifest.json, the rest equal to Node's. */
function expectNodeOutcome(result: PageResult): void {
  expect(result.thrown).toBeUndefined();
  expect(result).toMatchObject({ decode: 'ok', hash: ENTRY?.hash, txCount: ENTRY?.txCount, checkBlock: 'ok' });
  expect(result.connectBlock).toEqual(nodeOutcome);
  expect(result.connectBlock?.fees).toBe(String(ENTRY?.totalFeesSat));
  expect(result.connectBlock?.inputsChecked).toBe(ENTRY?.nonCoinbaseInputs);
}

describe('§3.5 the kernel in headless Chromium', () => {
  it('under Node the default backend is libsecp256k1-wasm, and Node connects block 300025 with the recorded fees', () => {
    expect(DEFAULT_BACKEND.name).toBe('libsecp256k1-wasm');
    expect(nodeOutcome.fees).toBe(String(ENTRY?.totalFeesSat));
    expect(nodeOutcome.inputsChecked).toBe(ENTRY?.nonCoinbaseInputs);
  });

  it("esbuild's defaults bundle the packed package: the browser selection, libsecp256k1-wasm and @noble/curves, no tiny-secp256k1", async () => {
    const built = (await bundles()).esbuild;
    // The SHA-256, RIPEMD-160, ChaCha20, Num3072 (MuHash) and libsecp256k1 WebAssembly modules are embedded (base64 in .ts modules): no .wasm import for a bundler to load.
    const browserSelection = ['chacha20-wasm/chacha20-wasm-module', 'chacha20-wasm/chacha20-wasm', 'chacha20', 'ecdsa', 'hashes', 'libsecp256k1-wasm-backend', 'libsecp256k1-wasm/libsecp256k1-wasm-module', 'libsecp256k1-wasm/libsecp256k1-wasm', 'noble-backend', 'num3072-wasm/num3072-wasm-module', 'num3072-wasm/num3072-wasm', 'ripemd160-wasm/ripemd160-wasm-module', 'ripemd160-wasm/ripemd160-wasm', 'secp256k1-backend', 'secp256k1.browser', 'sha256-wasm/sha256-wasm-module', 'sha256-wasm/sha256-wasm', 'wasm-instance'];
    expect(built.get('default')?.kernelCrypto).toEqual(browserSelection.map((f) => `kernel/crypto/${f}.js`));
    expect(built.get('default')?.packages).toEqual(['@noble/ciphers', '@noble/curves', '@noble/hashes', 'bllvm-ts']);
    expect(built.get('source')?.kernelCrypto).toEqual(browserSelection.map((f) => `kernel/crypto/${f}.ts`));
    expect(built.get('source')?.packages).toEqual(['@noble/ciphers', '@noble/curves', '@noble/hashes']);
    // The WASM page's bundler loads tiny-secp256k1 (wasm-plugin.ts); its root import still selects @noble/curves.
    expect(built.get('wasm')?.kernelCrypto).toContain('kernel/crypto/tiny-secp256k1-backend.js');
    expect(built.get('wasm')?.kernelCrypto).toContain('kernel/crypto/secp256k1.browser.js');
    expect(built.get('wasm')?.packages).toEqual(['@noble/ciphers', '@noble/curves', '@noble/hashes', 'bllvm-ts', 'tiny-secp256k1', 'uint8array-tools']);
  });

  it('default bundle: libsecp256k1-wasm (embedded, no bundler support) connects block 300025 as Node does', async () => {
    const result = await openPage('/default.html');
    expect(result.backend).toBe('libsecp256k1-wasm');
    expect(result.wasm).toEqual({ available: true });
    expectNodeOutcome(result);
  });

  it("default bundle under a CSP without 'wasm-unsafe-eval': DEFAULT_BACKEND is @noble/curves, same outcome", async () => {
    const result = await openPage('/default-csp.html');
    expect(result.backend).toBe('@noble/curves');
    expect(result.wasm).toEqual({ available: true });
    expectNodeOutcome(result);
  });

  it('default bundle with WebAssembly deleted: @noble/curves connects block 300025 as Node does', async () => {
    const result = await openPage('/default-no-wasm.html');
    expect(result.backend).toBe('@noble/curves');
    expect(result.wasm).toEqual({ available: false });
    expectNodeOutcome(result);
  });

  it('WASM-loading bundle: tiny-secp256k1 loads in Chromium and connects block 300025 as Node does', async () => {
    const result = await openPage('/wasm.html');
    expect(result.backend).toBe('tiny-secp256k1');
    expect(result.wasm).toEqual({ available: true });
    expectNodeOutcome(result);
  });

  it("WASM-loading bundle under a CSP without 'wasm-unsafe-eval': falls back to @noble/curves, same outcome", async () => {
    const result = await openPage('/wasm-csp.html');
    expect(result.backend).toBe('@noble/curves');
    expect(result.wasm.available).toBe(true);
    expect(result.wasm.loadError).toMatch(/CompileError/);
    expectNodeOutcome(result);
  });

  it('WASM-loading bundle with WebAssembly deleted: falls back to @noble/curves, same outcome', async () => {
    const result = await openPage('/wasm-no-wasm.html');
    expect(result.backend).toBe('@noble/curves');
    expect(result.wasm.available).toBe(false);
    expect(result.wasm.loadError).toMatch(/WebAssembly is not defined/);
    expectNodeOutcome(result);
  });

  it("Vite's defaults, root import: libsecp256k1-wasm connects block 300025 as Node does", async () => {
    const result = await openPage('/vite-default/index.html');
    expect(result.backend).toBe('libsecp256k1-wasm');
    expectNodeOutcome(result);
  });

  it("Vite's defaults, WASM page: Vite loads tiny-secp256k1's WASM; the page keeps it only if eccSanityCheck passes; same outcome", async () => {
    // Vite 8 hands tiny-secp256k1 2.2.4 its WASM globals as numbers, which breaks every call
    // (measured with vite 8.3.8: eccSanityCheck fails, the page falls back); either way the outcome is Node's.
    const result = await openPage('/vite-wasm/index.html');
    expectNodeOutcome(result);
    if (result.backend === '@noble/curves') expect(result.wasm.loadError).toBe('tiny-secp256k1 loaded but failed eccSanityCheck');
    else expect(result.backend).toBe('tiny-secp256k1');
  });

  it("the checkout's kernel/index.ts, bundled as is with esbuild's defaults: libsecp256k1-wasm, same outcome", async () => {
    const result = await openPage('/source.html');
    expect(result.backend).toBe('libsecp256k1-wasm');
    expectNodeOutcome(result);
  });
});
