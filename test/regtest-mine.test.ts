/**
 * `bllvm regtest-mine` (shell/cli/regtest-mine.ts) through the real binary (bin/bllvm.js) on
 * temporary data directories: 150 blocks, then 50 more that resume from the stored tip; the
 * store's UTXO set then equals the builder's own wallet (bookkept by the builder's code, not the
 * kernel's), and the printed MuHash is the independent reference's MuHash of that wallet
 * (test/support/muhash-reference.ts); another seed on the same directory exits 1 and writes
 * nothing; a data directory of another network and bad arguments exit 2; --help exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../kernel/chain/params.js';
import type { Coin } from '../kernel/chain/utxo.js';
import { toDisplayHex } from '../kernel/encoding/hex.js';
import { type RegtestChainBuilder, buildRegtestChain } from '../shell/regtest/index.js';
import { ChainStore } from '../shell/store/chain-store.js';
import { referenceMuhashDisplayHex, referenceTxOutSer } from './support/muhash-reference.js';
import { storedCoins } from './store/support/store-fixtures.js';
import { bllvm } from './support/cli.js';

const SEED = 'regtest-mine-test';
const scratch = mkdtempSync(join(tmpdir(), 'bllvm-regtest-mine-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Opens a data directory's store read-only in spirit (nothing is written), runs `body`, closes it. */
async function withStore<T>(datadir: string, body: (store: ChainStore) => T): Promise<T> {
  const opened = ChainStore.open(join(datadir, 'chain'), { params: NETWORKS.regtest, noSync: true });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  try {
    return body(opened.value);
  } finally {
    await opened.value.close();
  }
}

function walletSet(builder: RegtestChainBuilder): Map<string, Coin> {
  return new Map([...builder.wallet].map(([key, c]) => [key, { output: c.output, height: c.height, isCoinbase: c.isCoinbase }]));
}

/** What a stored coin is, as one comparable string. */
function describeCoin(c: Coin): string {
  return `${c.output.value}/${c.height}/${c.isCoinbase}/${Buffer.from(c.output.scriptPubKey).toString('hex')}`;
}

let at150: RegtestChainBuilder;
let at200: RegtestChainBuilder;
beforeAll(() => {
  at200 = buildRegtestChain({ seed: SEED, blocks: 200 });
  at150 = buildRegtestChain({ seed: SEED, blocks: 150 });
});

describe('bllvm regtest-mine', () => {
  const datadir = join(scratch, 'mined');

  it("mines 150 blocks on a new data directory, then 50 more from the stored tip; the UTXO set is the builder's wallet", async () => {
    const first = await bllvm('regtest-mine', '--datadir', datadir, '--blocks', '150', '--seed', SEED, '--json');
    expect(first.code, first.stderr).toBe(0);
    const r1 = JSON.parse(first.stdout) as Record<string, unknown>;
    const w150 = at150.walletTotals();
    expect(r1).toMatchObject({ valid: true, seed: SEED, previousTipHeight: 0, connected: 150, tipHeight: 150, tipHash: toDisplayHex(at150.tip.hash) });
    expect(r1).toMatchObject({ utxoCount: String(w150.count), totalAmount: String(w150.amount) });

    const second = await bllvm('regtest-mine', '--datadir', datadir, '--blocks', '50', '--seed', SEED, '--json');
    expect(second.code, second.stderr).toBe(0);
    const r2 = JSON.parse(second.stdout) as Record<string, unknown>;
    const w200 = at200.walletTotals();
    expect(r2).toMatchObject({ valid: true, previousTipHeight: 150, connected: 50, tipHeight: 200, tipHash: toDisplayHex(at200.tip.hash) });
    expect(r2).toMatchObject({ utxoCount: String(w200.count), totalAmount: String(w200.amount) });
    // The builder kept its wallet with its own code: it holds every kind of coin the store must hold.
    expect(w200.count).toBeGreaterThan(400);

    await withStore(datadir, (store) => {
      const stored = new Map([...storedCoins(store)].map(([k, c]) => [k, describeCoin(c)]));
      const wallet = new Map([...walletSet(at200)].map(([k, c]) => [k, describeCoin(c)]));
      expect(stored.size).toBe(wallet.size);
      expect(stored).toEqual(wallet);
      expect(store.verify({ deep: true })).toEqual([]);
      expect(toDisplayHex(store.tip.hash)).toBe(toDisplayHex(at200.tip.hash));
    });
    // The printed MuHash is Core's gettxoutsetinfo muhash of the wallet, by the independent reference.
    const serialized = [...at200.wallet.values()].map((c) => referenceTxOutSer(c.outpoint.txid, c.outpoint.vout, c.height, c.isCoinbase, c.output.value, c.output.scriptPubKey));
    expect(r2.muhash).toBe(referenceMuhashDisplayHex(serialized));
  }, 120_000);

  it('another seed on the same data directory exits 1 and changes nothing; --blocks 0 with the right seed changes nothing either', async () => {
    const other = await bllvm('regtest-mine', '--datadir', datadir, '--blocks', '10', '--seed', 'another seed');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`is not the regtest builder's chain for seed 'another seed': its tip at height 200 is ${toDisplayHex(at200.tip.hash)}`);
    const none = await bllvm('regtest-mine', '--datadir', datadir, '--blocks', '0', '--seed', SEED, '--json');
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ previousTipHeight: 200, connected: 0, tipHeight: 200 });
    await withStore(datadir, (store) => {
      expect(store.tip.height).toBe(200);
      expect(toDisplayHex(store.bestHeader.hash)).toBe(toDisplayHex(at200.tip.hash));
    });
  }, 120_000);

  it('a data directory of another network, a bad count and a missing --datadir exit 2; --help exits 0', async () => {
    const mainnet = join(scratch, 'mainnet');
    const opened = ChainStore.open(join(mainnet, 'chain'), { params: NETWORKS.main, noSync: true });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    await opened.value.close();
    const wrong = await bllvm('regtest-mine', '--datadir', mainnet, '--blocks', '1');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the data directory holds a main chain, not regtest');
    expect((await bllvm('regtest-mine', '--datadir', datadir, '--blocks', '-1')).code).toBe(2);
    expect((await bllvm('regtest-mine', '--datadir', datadir, '--blocks', '1e3')).code).toBe(2);
    expect((await bllvm('regtest-mine', '--blocks', '1')).code).toBe(2);
    const help = await bllvm('regtest-mine', '--help');
    expect(help.code).toBe(0);
    for (const option of ['--datadir <dir>', '--blocks <n>', '--seed <text>', '--json']) expect(help.stdout).toContain(option);
    expect((await bllvm('--help')).stdout).toContain('regtest-mine');
  }, 120_000);
});
