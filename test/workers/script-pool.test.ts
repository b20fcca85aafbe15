/**
 * The script-check pool (shell/workers/script-pool.ts) gives the verdict of checking in order on
 * one thread: on the bcoin blocks with undo data every input passes with the recorded fees, and
 * with spent scripts corrupted in two transactions the failure reported is the lower one's, with
 * the same reason and debug text as the in-thread check. The same through a stream (checks handed
 * over while connectBlock runs, connectBlock's onScriptCheck), with batches growing from 16 inputs
 * up to 16, 64, 256 or 100,000 (the last never full: the rest is split between the workers at
 * finish), and after a stream left unfinished.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type Coin, outpointKey, utxoSetView } from '../../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import type { Block } from '../../kernel/primitives/types.js';
import { type ScriptCheck, connectBlock, runScriptCheck } from '../../kernel/validation/connect-block.js';
import { ScriptCheckPool } from '../../shell/workers/script-pool.js';
import { BLOCKS_WITH_UNDO as manifest, loadBlockWithUndo, manifestConnectContext } from '../support/manifest-blocks.js';
import type { ManifestBlock } from '../support/vectors.js';

const pool = new ScriptCheckPool(2);
afterAll(() => pool.close());

function deferred(fixture: ManifestBlock, corrupt: (coins: Map<string, Coin>, block: Block) => void = () => undefined): { checks: readonly ScriptCheck[]; fees: bigint } {
  const { block, coins } = loadBlockWithUndo(fixture);
  corrupt(coins, block);
  const r = connectBlock(utxoSetView(coins), block, manifestConnectContext(fixture, block, { verifyScripts: false }));
  if (!r.ok) throw new Error(r.error.reason);
  return { checks: r.value.scriptChecks, fees: r.value.fees };
}

/** connectBlock handing each check to a pool stream as it is made; the stream's verdict and the fees. */
async function streamed(fixture: ManifestBlock, batchInputs: number, corrupt: (coins: Map<string, Coin>, block: Block) => void = () => undefined): Promise<{ verdict: unknown; fees: bigint; left: number; handed: number }> {
  const { block, coins } = loadBlockWithUndo(fixture);
  corrupt(coins, block);
  const stream = pool.stream(batchInputs);
  let handed = 0;
  const r = connectBlock(utxoSetView(coins), block, manifestConnectContext(fixture, block, { verifyScripts: false, onScriptCheck: (c) => { handed++; stream.add(c); } }));
  if (!r.ok) throw new Error(r.error.reason);
  return { verdict: await stream.finish(), fees: r.value.fees, left: r.value.scriptChecks.length, handed };
}

/** Corrupts the first spent output of block transactions 40 and 300 (one signature each fails). */
function corruptTwo(coins: Map<string, Coin>, block: Block): void {
  for (const t of [300, 40]) {
    const input = block.transactions[t]?.inputs[0];
    if (input === undefined) throw new Error('no such tx');
    const key = outpointKey(input.prevout);
    const coin = coins.get(key) as Coin;
    const script = coin.output.scriptPubKey.slice();
    script[script.length - 2] = (script[script.length - 2] as number) ^ 1;
    coins.set(key, { ...coin, output: { ...coin.output, scriptPubKey: script } });
  }
}

describe('§5.7 script checks on worker threads', () => {
  it('the bcoin blocks with undo data: every input passes on the pool, fees as recorded', async () => {
    expect(manifest.length).toBe(4);
    for (const fixture of manifest) {
      const { checks, fees } = deferred(fixture);
      expect(fees).toBe(BigInt(fixture.totalFeesSat ?? -1));
      expect(await pool.run(checks)).toEqual({ ok: true, value: undefined });
    }
  }, 120_000);

  it('two corrupted transactions: the pool reports the lower one, as checking in order does', async () => {
    const fixture = manifest[0] as ManifestBlock;
    const { checks } = deferred(fixture, corruptTwo);
    let sequential: unknown;
    for (const c of checks) {
      const r = runScriptCheck(c, DEFAULT_BACKEND);
      if (!r.ok) {
        sequential = r.error;
        break;
      }
    }
    expect(sequential).toMatchObject({ debug: expect.stringMatching(/\(block tx 40\)$/) });
    expect(await pool.run(checks)).toEqual({ ok: false, error: sequential });
  }, 120_000);

  it('streamed while connectBlock runs: every input of the four blocks passes, fees as recorded, nothing left in scriptChecks', async () => {
    for (const [i, fixture] of manifest.entries()) {
      const batchInputs = [16, 64, 256, 256][i] as number;
      const { verdict, fees, left, handed } = await streamed(fixture, batchInputs);
      expect(verdict).toEqual({ ok: true, value: undefined });
      expect(fees).toBe(BigInt(fixture.totalFeesSat ?? -1));
      expect(left).toBe(0);
      expect(handed).toBe(deferred(fixture).checks.length);
    }
  }, 120_000);

  it('streamed, two corrupted transactions: the lower one is reported, as checking in order does; a stream left unfinished does not disturb the next', async () => {
    const fixture = manifest[0] as ManifestBlock;
    const dropped = pool.stream(16);
    for (const c of deferred(fixture, corruptTwo).checks) dropped.add(c);
    const sequential = deferred(fixture, corruptTwo).checks.map((c) => runScriptCheck(c, DEFAULT_BACKEND)).find((r) => !r.ok);
    expect(sequential).toMatchObject({ ok: false, error: { debug: expect.stringMatching(/\(block tx 40\)$/) } });
    for (const batchInputs of [16, 256, 100_000]) {
      const { verdict } = await streamed(fixture, batchInputs, corruptTwo);
      expect(verdict).toEqual(sequential);
    }
    expect((await streamed(fixture, 64)).verdict).toEqual({ ok: true, value: undefined });
  }, 120_000);
});
