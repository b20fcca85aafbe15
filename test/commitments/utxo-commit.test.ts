/**
 * `bllvm utxo-commit` (shell/cli/utxo-commit.ts) on bitcoinj's first-100k-blocks.dat (439 mainnet
 * blocks): the tip's height, coin count and amount, the incremental root equal to the rebuilt
 * one, and the MuHash Bitcoin Core would print for that set, computed here independently: the
 * set by replaying the blocks' spends and outputs in a plain map, each coin serialized and hashed
 * by test/support/muhash-reference.ts (node:crypto, textbook arithmetic), not by the kernel.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBlock } from '../../kernel/primitives/block.js';
import { isCoinbase, txid } from '../../kernel/primitives/transaction.js';
import { referenceMuhashDisplayHex, referenceTxOutSer } from '../support/muhash-reference.js';
import { vectorPath } from '../support/vectors.js';
import { bllvm } from '../support/cli.js';

const FILE = vectorPath('bitcoinj/first-100k-blocks.dat');

/** The UTXO set after each height, replayed from the file's blocks (in chain order in this file), serialized per coin as Core's TxOutSer. */
function replaySets(): Map<number, Uint8Array[]> {
  const data = readFileSync(FILE);
  const coins = new Map<string, Uint8Array>();
  const sets = new Map<number, Uint8Array[]>();
  let at = 0;
  for (let height = 0; at < data.length; height++) {
    const size = data.readUInt32LE(at + 4);
    const block = decodeBlock(data.subarray(at + 8, at + 8 + size));
    at += 8 + size;
    if (!block.ok) throw new Error(`block ${height}: ${block.error.code}`);
    if (height > 0) {
      // Core never adds the genesis block's outputs to the set.
      for (const tx of block.value.transactions) {
        const id = txid(tx);
        if (!isCoinbase(tx)) for (const input of tx.inputs) coins.delete(`${Buffer.from(input.prevout.txid).toString('hex')}:${input.prevout.vout}`);
        tx.outputs.forEach((out, vout) => {
          const script = out.scriptPubKey;
          if ((script.length > 0 && script[0] === 0x6a) || script.length > 10_000) return; // unspendable: never in the set
          coins.set(`${Buffer.from(id).toString('hex')}:${vout}`, referenceTxOutSer(id, vout, height, isCoinbase(tx), out.value, script));
        });
      }
    }
    sets.set(height, [...coins.values()]);
  }
  return sets;
}

describe('§8.1 §8.2 §8.3 bllvm utxo-commit first-100k-blocks.dat', () => {
  it("tip: height 438, 443 coins, 2,190,000,000,000 sat, the rebuilt root equal, and Core's MuHash of the set", async () => {
    const { code, stdout, stderr } = await bllvm('utxo-commit', '--network', 'main', FILE, '--json', '--rebuild', '--every', '100');
    expect(code, stderr).toBe(0);
    const reports = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(reports.map((r) => r.height)).toEqual([100, 200, 300, 400, 438]);
    const tip = reports[4] as Record<string, unknown>;
    expect(tip).toMatchObject({
      height: 438,
      blockHash: '0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a',
      utxoCount: '443',
      totalAmount: '2190000000000',
      rebuildMatches: true,
      supplyWithinIssued: true,
      blocks: 439,
    });
    expect(tip.rebuiltRoot).toBe(tip.root);
    const sets = replaySets();
    const tipSet = sets.get(438) as Uint8Array[];
    expect(tipSet).toHaveLength(443);
    expect(tip.muhash).toBe(referenceMuhashDisplayHex(tipSet));
    // And at the intermediate heights printed with --every.
    for (const r of reports.slice(0, 4)) expect(r.muhash, `height ${String(r.height)}`).toBe(referenceMuhashDisplayHex(sets.get(r.height as number) as Uint8Array[]));
  }, 120_000);

  it('--tree kernel (the reference) prints what the engine prints at every height', async () => {
    const run = async (tree: string): Promise<Record<string, unknown>[]> => {
      const { code, stdout, stderr } = await bllvm('utxo-commit', '--network', 'main', FILE, '--json', '--every', '100', '--tree', tree);
      expect(code, stderr).toBe(0);
      return stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    const [kernel, engine] = [await run('kernel'), await run('wasm')];
    expect(kernel.map((r) => r.tree ?? 'intermediate')).toEqual(['intermediate', 'intermediate', 'intermediate', 'intermediate', 'kernel']);
    expect(engine.map((r) => r.tree ?? 'intermediate')).toEqual(['intermediate', 'intermediate', 'intermediate', 'intermediate', 'wasm']);
    const strip = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, tree: undefined, ms: undefined });
    expect(kernel.map(strip)).toEqual(engine.map(strip));
    expect(kernel[4]).toMatchObject({ height: 438, utxoCount: '443', totalAmount: '2190000000000' });
  }, 120_000);

  it('a missing file exits 2; the wrong network finds no block and exits 2', async () => {
    expect((await bllvm('utxo-commit', '--network', 'main', '/nonexistent.dat')).code).toBe(2);
    const wrong = await bllvm('utxo-commit', '--network', 'testnet4', FILE);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/no block with the testnet4 network magic/);
  }, 60_000);
});
