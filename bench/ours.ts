/**
 * Our side of the comparisons against bcoin (bench/compare.ts), loaded from the compiled build:
 * dist/, what `npm run build` (tsc -p tsconfig.build.json) makes and the npm package ships, so
 * the benchmark times the JavaScript a user runs, as bcoin's side is its shipped JavaScript.
 * `npm run bench` builds it first. `--source` loads the TypeScript sources through tsx instead:
 * its esbuild transform wraps functions in `__name` calls (keepNames), which costs ConnectBlock
 * of testnet block 928816 about 15% with signatures answered at once (docs/BENCHMARKS.md).
 * The script-check workers follow: a pool loaded from dist/ starts dist/'s compiled worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type M<T> = Promise<T>;
export interface Ours {
  /** 'dist' (compiled) or 'source' (tsx). */
  readonly build: 'dist' | 'source';
  readonly decodeBlock: typeof import('../kernel/primitives/block.js').decodeBlock;
  readonly checkBlock: typeof import('../kernel/validation/block-check.js').checkBlock;
  readonly connectBlock: typeof import('../kernel/validation/connect-block.js').connectBlock;
  readonly outpointKey: typeof import('../kernel/chain/utxo.js').outpointKey;
  readonly libsecp256k1WasmBackend: typeof import('../kernel/crypto/secp256k1.js').libsecp256k1WasmBackend;
  readonly nativeBackend: typeof import('../shell/crypto/select-backend.js').nativeBackend;
  readonly ScriptCheckPool: typeof import('../shell/workers/script-pool.js').ScriptCheckPool;
}

/** Our modules from dist/ (default) or from the sources (`source`); dist/ missing is an error naming `npm run build`. */
export async function loadOurs(source: boolean): M<Ours> {
  const base = source ? '../' : '../dist/';
  if (!source && !existsSync(fileURLToPath(new URL(`${base}kernel/index.js`, import.meta.url)))) {
    throw new Error('bench: dist/ is missing: run `npm run build` (npm run bench does), or pass --source');
  }
  const load = <T>(path: string): M<T> => import(new URL(`${base}${path}`, import.meta.url).href) as M<T>;
  const [block, blockCheck, connect, utxo, secp, select, pool] = await Promise.all([
    load<typeof import('../kernel/primitives/block.js')>('kernel/primitives/block.js'),
    load<typeof import('../kernel/validation/block-check.js')>('kernel/validation/block-check.js'),
    load<typeof import('../kernel/validation/connect-block.js')>('kernel/validation/connect-block.js'),
    load<typeof import('../kernel/chain/utxo.js')>('kernel/chain/utxo.js'),
    load<typeof import('../kernel/crypto/secp256k1.js')>('kernel/crypto/secp256k1.js'),
    load<typeof import('../shell/crypto/select-backend.js')>('shell/crypto/select-backend.js'),
    load<typeof import('../shell/workers/script-pool.js')>('shell/workers/script-pool.js'),
  ]);
  return {
    build: source ? 'source' : 'dist',
    decodeBlock: block.decodeBlock,
    checkBlock: blockCheck.checkBlock,
    connectBlock: connect.connectBlock,
    outpointKey: utxo.outpointKey,
    libsecp256k1WasmBackend: secp.libsecp256k1WasmBackend,
    nativeBackend: select.nativeBackend,
    ScriptCheckPool: pool.ScriptCheckPool,
  };
}
