/**
 * The script-check pool (shell/workers/script-pool.ts) gives the verdict of checking in order on
 * one thread: on the bcoin blocks with undo data every input passes with the recorded fees, and
 * with spent scripts corrupted in two transactions the failure reported is the lower one's, with
 * the same reason and debug text as the in-thread check.
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
    const { checks } = deferred(fixture, (coins, block) => {
      // Corrupt the first spent output of block transactions 40 and 300 (one signature each fails).
      for (const t of [300, 40]) {
        const input = block.transactions[t]?.inputs[0];
        if (input === undefined) throw new Error('no such tx');
        const key = outpointKey(input.prevout);
        const coin = coins.get(key) as Coin;
        const script = coin.output.scriptPubKey.slice();
        script[script.length - 2] = (script[script.length - 2] as number) ^ 1;
        coins.set(key, { ...coin, output: { ...coin.output, scriptPubKey: script } });
      }
    });
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
});
