/**
 * bcoin as the benchmark's peer (issue 14), loaded twice in this process: with bcrypto's native
 * addon ("bcoin native") and with its pure-JS backend (NODE_BACKEND=js, "bcoin JS").
 *
 * The shared bcoin (BCOIN_DIR, test/p2p/bcoin/bcoin.ts) ships no compiled addon, so the native side
 * takes a built bcrypto at bcoin's pinned version: $BLLVM_BCRYPTO_NATIVE when set, else this
 * repository's own (node_modules/bcrypto, the optional dependency npm ci builds for the bcrypto
 * signature backend) when its version is bcoin's pin, else the build of
 * `bash bench/build-bcrypto-native.sh` (/tmp/bllvm-bcrypto-native/node_modules/bcrypto).
 * bcoin's own files are loaded with a resolve hook that sends their `bcrypto` requires there. When
 * that build is missing the native side is reported unavailable, with the reason.
 *
 * Both module graphs stay in memory side by side: after the first load, require's cache is emptied
 * of bcoin and bcrypto so the second load builds its own graph with the other backend.
 */
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BCOIN_DIR } from '../test/p2p/bcoin/bcoin.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- bcoin is untyped JavaScript */
export type Bcoin = any;

const versionOf = (dir: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
};
const OWN_BCRYPTO = fileURLToPath(new URL('../node_modules/bcrypto', import.meta.url));
const BCOIN_PIN = (JSON.parse(readFileSync(join(BCOIN_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.bcrypto;

export const BCRYPTO_NATIVE_DIR =
  process.env.BLLVM_BCRYPTO_NATIVE ??
  (existsSync(join(OWN_BCRYPTO, 'build/Release/bcrypto.node')) && versionOf(OWN_BCRYPTO) === BCOIN_PIN ? OWN_BCRYPTO : '/tmp/bllvm-bcrypto-native/node_modules/bcrypto');

export interface BcoinSide {
  readonly name: 'bcoin native' | 'bcoin JS';
  readonly bcoin: Bcoin;
  /** bcrypto's secp256k1 `native` level: 2 = the compiled addon, 0 = JavaScript. */
  readonly secp256k1Native: number;
  readonly hash256: { digest(data: Buffer): Buffer };
  readonly sha256: { digest(data: Buffer): Buffer };
  readonly secp256k1: Bcoin;
  /** bcrypto's BIP340 module. */
  readonly schnorr: Bcoin;
}

const requireHere = createRequire(import.meta.url);
type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

function clearCache(prefixes: readonly string[]): void {
  for (const key of Object.keys(requireHere.cache)) if (prefixes.some((p) => key.startsWith(p))) delete requireHere.cache[key];
}

function touch(bcoin: Bcoin): void {
  // bcoin's index defines its exports lazily: load what the benchmark uses while this graph's settings hold.
  for (const name of ['Block', 'TX', 'Coin', 'CoinView', 'Output', 'Outpoint', 'Script', 'consensus']) void bcoin[name];
}

function loadSide(name: BcoinSide['name']): BcoinSide {
  const bcryptoDir = name === 'bcoin native' ? BCRYPTO_NATIVE_DIR : join(BCOIN_DIR, 'node_modules/bcrypto');
  const bcoin = requireHere(join(BCOIN_DIR, 'lib/bcoin'));
  touch(bcoin);
  const secp256k1 = requireHere(join(bcryptoDir, 'lib/secp256k1'));
  const lib = (m: string) => requireHere(join(bcryptoDir, 'lib', m));
  return { name, bcoin, secp256k1Native: secp256k1.native as number, hash256: lib('hash256'), sha256: lib('sha256'), secp256k1, schnorr: lib('schnorr') };
}

/** Both bcoin sides, or why one is missing. */
export function loadBcoinSides(): { readonly sides: BcoinSide[]; readonly unavailable: Record<string, string> } {
  const unavailable: Record<string, string> = {};
  const sides: BcoinSide[] = [];
  if (!existsSync(join(BCOIN_DIR, 'lib/bcoin.js'))) return { sides, unavailable: { 'bcoin native': `no bcoin at ${BCOIN_DIR}`, 'bcoin JS': `no bcoin at ${BCOIN_DIR}` } };
  const M = Module as unknown as { _resolveFilename: Resolve };
  const original = M._resolveFilename;
  if (existsSync(join(BCRYPTO_NATIVE_DIR, 'build/Release/bcrypto.node'))) {
    // Send bcoin's `bcrypto` requires to the built copy.
    M._resolveFilename = function (request, parent, ...rest) {
      const from = parent?.filename ?? '';
      if ((request === 'bcrypto' || request.startsWith('bcrypto/')) && from.startsWith(BCOIN_DIR)) return original.call(this, BCRYPTO_NATIVE_DIR + request.slice('bcrypto'.length), parent, ...rest);
      try {
        return original.call(this, request, parent, ...rest);
      } catch (e) {
        // bcrypto's own dependencies (loady, bufio): from bcoin's node_modules.
        if (from.startsWith(BCRYPTO_NATIVE_DIR) && !request.startsWith('.')) return requireHere.resolve(request, { paths: [join(BCOIN_DIR, 'node_modules')] });
        throw e;
      }
    };
    const previous = process.env.NODE_BACKEND;
    delete process.env.NODE_BACKEND;
    try {
      const side = loadSide('bcoin native');
      if (side.secp256k1Native === 2) sides.push(side);
      else unavailable['bcoin native'] = `bcrypto at ${BCRYPTO_NATIVE_DIR} loaded its JavaScript backend (native = ${side.secp256k1Native})`;
    } catch (e) {
      unavailable['bcoin native'] = `bcoin with the native bcrypto failed to load: ${(e as Error).message.split('\n')[0]}`;
    } finally {
      M._resolveFilename = original;
      if (previous !== undefined) process.env.NODE_BACKEND = previous;
      clearCache([BCOIN_DIR, BCRYPTO_NATIVE_DIR]);
    }
  } else {
    unavailable['bcoin native'] = `bcrypto's native addon is not built at ${BCRYPTO_NATIVE_DIR} (run bash bench/build-bcrypto-native.sh)`;
  }
  const previous = process.env.NODE_BACKEND;
  process.env.NODE_BACKEND = 'js';
  try {
    sides.push(loadSide('bcoin JS'));
  } catch (e) {
    unavailable['bcoin JS'] = `bcoin failed to load: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    if (previous === undefined) delete process.env.NODE_BACKEND;
    else process.env.NODE_BACKEND = previous;
  }
  return { sides, unavailable };
}

/** bcoin's CheckBlock counterpart: Block.fromRaw, then checkBody (Merkle root, sizes, coinbase, each tx's sanity, sigops). */
export function bcoinDecodeAndCheck(side: BcoinSide, raw: Buffer): void {
  const block = side.bcoin.Block.fromRaw(raw);
  const [valid, reason] = block.checkBody() as [boolean, string];
  if (!valid) throw new Error(`${side.name}: checkBody failed: ${reason}`);
}

/** bcoin's script flags for a set of Core flag names (bcoin has no taproot: TAPROOT is dropped). */
export function bcoinFlags(bcoin: Bcoin, names: readonly string[]): number {
  let flags = 0;
  for (const n of names) {
    const bit = bcoin.Script.flags[`VERIFY_${n}`];
    if (typeof bit === 'number') flags |= bit;
  }
  return flags;
}

export interface SpentCoin {
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly value: bigint;
  readonly script: Uint8Array;
}

/** A bcoin CoinView holding the spent coins (built before timing, as our side's coin map is). */
export function bcoinView(side: BcoinSide, coins: readonly SpentCoin[]): Bcoin {
  const { bcoin } = side;
  const view = new bcoin.CoinView();
  for (const c of coins) {
    const output = new bcoin.Output({ value: Number(c.value), script: bcoin.Script.fromRaw(Buffer.from(c.script)) });
    view.addOutput(new bcoin.Outpoint(Buffer.from(c.txid), c.vout), output);
  }
  return view;
}

/**
 * bcoin's ConnectBlock on one thread, the work its Chain does for a block (lib/blockchain/chain.js):
 * decode and checkBody (Merkle root, sizes, coinbase, each tx's sanity, sigops); verifyContext's
 * rules (every tx final at the height and median time past, the BIP34 coinbase height, the witness
 * commitment with its nonce, the weight); then verifyInputs: per transaction its inputs spent in the
 * view (spendInputs: each coin present and unspent, marked spent, pushed to the undo coins), the
 * sigop cost, checkInputs (values, maturity, fees), the outputs added (addTX), the coinbase against
 * subsidy + fees, and `verify` (every input's scripts). verifyLocks (BIP68) is left out: it needs
 * chain entries; our side evaluates sequence locks, a few comparisons per input. The coins are in the
 * view already (spendInputs reads them from there before the database), so it runs synchronously.
 * The view is spent by the run: give each run a fresh one. Returns the inputs it verified.
 */
export function bcoinConnect(side: BcoinSide, raw: Buffer, view: Bcoin, height: number, medianTimePast: number, flags: number): number {
  const { bcoin } = side;
  const fail = (why: string): never => {
    throw new Error(`${side.name}: ${why}`);
  };
  const block = bcoin.Block.fromRaw(raw);
  const [valid, reason] = block.checkBody() as [boolean, string];
  if (!valid) fail(`checkBody failed: ${reason}`);
  // verifyContext
  for (const tx of block.txs) if (!tx.isFinal(height, medianTimePast)) fail('bad-txns-nonfinal');
  if (block.getCoinbaseHeight() !== height) fail('bad-cb-height');
  const commit = block.getCommitmentHash();
  if (commit) {
    if (!block.getWitnessNonce()) fail('bad-witness-nonce-size');
    if (!commit.equals(block.createCommitmentHash())) fail('bad-witness-merkle-match');
  } else if (block.hasWitness()) fail('unexpected-witness');
  if (block.getWeight() > 4_000_000) fail('bad-blk-weight');
  // verifyInputs
  let inputs = 0;
  let sigops = 0;
  let reward = 0;
  for (let i = 0; i < block.txs.length; i++) {
    const tx = block.txs[i];
    if (i > 0) {
      for (const input of tx.inputs) {
        const coin = view.getEntry(input.prevout);
        if (!coin || coin.spent) fail('bad-txns-inputs-missingorspent');
        coin.spent = true;
        view.undo.push(coin);
      }
    }
    sigops += tx.getSigopsCost(view, flags) as number;
    if (sigops > 80_000) fail('bad-blk-sigops');
    if (i > 0) {
      const [fee, why] = tx.checkInputs(view, height) as [number, string];
      if (fee === -1) fail(`checkInputs failed: ${why}`);
      reward += fee;
    }
    view.addTX(tx, height);
  }
  reward += bcoin.consensus.getReward(height, 210_000) as number;
  if (block.getClaimed() > reward) fail('bad-cb-amount');
  for (let i = 1; i < block.txs.length; i++) {
    const tx = block.txs[i];
    if (!tx.verify(view, flags)) fail(`script verification failed in ${tx.txid()}`);
    inputs += tx.inputs.length;
  }
  return inputs;
}
