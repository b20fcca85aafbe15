/**
 * The script-check pool (shell/workers/script-pool.ts) gives the verdict of checking in order on
 * one thread: on the bcoin blocks with undo data every input passes with the recorded fees, and
 * with spent scripts corrupted in two transactions the failure reported is the lower one's, with
 * the same reason and debug text as the in-thread check.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { type Coin, outpointKey } from '../../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { decodeBlock } from '../../kernel/primitives/block.js';
import type { Block } from '../../kernel/primitives/types.js';
import { type ScriptCheck, connectBlock, runScriptCheck } from '../../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../../shell/chain/undo-file.js';
import { ScriptCheckPool } from '../../shell/workers/script-pool.js';

const pool = new ScriptCheckPool(2);
afterAll(() => pool.close());

const vector = (f: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../vectors/${f}`, import.meta.url))));
interface Fixture {
  readonly file: string;
  readonly prevouts?: string;
  readonly network: 'mainnet' | 'testnet3';
  readonly height: number;
  readonly totalFeesSat: number;
}
const manifest = (JSON.parse(new TextDecoder().decode(vector('blocks-manifest.json'))) as Fixture[]).filter((f) => f.prevouts !== undefined);

function deferred(fixture: Fixture, corrupt: (coins: Map<string, Coin>, block: Block) => void = () => undefined): { checks: readonly ScriptCheck[]; fees: bigint } {
  const block = decodeBlock(vector(fixture.file));
  const spent = parseUndoFile(vector(fixture.prevouts as string));
  if (!block.ok || !spent.ok) throw new Error('fixture');
  const view = undoView(block.value, spent.value);
  if (!view.ok) throw new Error(view.error);
  corrupt(view.value, block.value);
  const coins = view.value;
  const r = connectBlock({ getCoin: (p) => coins.get(outpointKey(p)) }, block.value, {
    height: fixture.height,
    prevMedianTimePast: block.value.header.time - 1,
    medianTimePastAt: () => 0,
    params: (fixture.network === 'mainnet' ? NETWORKS.main : NETWORKS.testnet3).consensus,
    backend: DEFAULT_BACKEND,
    verifyScripts: false,
  });
  if (!r.ok) throw new Error(r.error.reason);
  return { checks: r.value.scriptChecks, fees: r.value.fees };
}

describe('§5.7 script checks on worker threads', () => {
  it('the bcoin blocks with undo data: every input passes on the pool, fees as recorded', async () => {
    expect(manifest.length).toBe(4);
    for (const fixture of manifest) {
      const { checks, fees } = deferred(fixture);
      expect(fees).toBe(BigInt(fixture.totalFeesSat));
      expect(await pool.run(checks)).toEqual({ ok: true, value: undefined });
    }
  }, 120_000);

  it('two corrupted transactions: the pool reports the lower one, as checking in order does', async () => {
    const fixture = manifest[0] as Fixture;
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
