/**
 * The regtest builder's fan-out option (shell/regtest/builder.ts, BuilderOptions.fanOut), used by
 * bench/fastsync.ts for a large UTXO set with a longer history: a 140-block chain with one
 * fan-out transaction per block from 101 (40 coins of 100,000 sat, P2WPKH and P2TR key path
 * alternating) and, 5 blocks later, the first 24 of those coins spent back in 3 transactions of
 * 8 signed inputs. Checked with the kernel (connectBlock with scripts on a UTXO set, txids from
 * the kernel's decoder), against counts worked out from the options by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, outpointKey } from '../kernel/chain/utxo.js';
import { toDisplayHex, toHex } from '../kernel/encoding/hex.js';
import { decodeBlock } from '../kernel/primitives/block.js';
import { isCoinbase, txid } from '../kernel/primitives/transaction.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { type RegtestChainBuilder, buildRegtestChain } from '../shell/regtest/builder.js';
import { classifyInput, connectOnSet, contextAt } from './support/regtest/connect.js';

const SEED = 'fan-out';
const BLOCKS = 140;
const FAN_OUT = { outputs: 40, spendAfter: 5, spendBack: 24, inputsPerSpend: 8 } as const;
/** buildRegtestChain({ seed: 'fan-out', blocks: 140 })'s tip, recorded with the builder before fanOut existed (commit 7d12e5b). */
const TIP_WITHOUT_FAN_OUT = '0707cb1cdfb7fe6c5dd130fc131ef010ab9c0bc901a394680277e0b9652cee6b';

const P2WPKH = (s: Uint8Array): boolean => s.length === 22 && s[0] === 0x00 && s[1] === 0x14;
const P2TR = (s: Uint8Array): boolean => s.length === 34 && s[0] === 0x51 && s[1] === 0x20;

describe('regtest builder: fan-out and spend-back transactions', () => {
  let builder: RegtestChainBuilder;
  const failures: string[] = [];
  /** Per height, the kernel-decoded non-coinbase transactions. */
  const txsAt: Transaction[][] = [];
  /** The fan-out transaction's txid (hex) per height, found by its shape. */
  const fanOutTxid = new Map<number, string>();
  const inputKinds: Record<string, number> = {};
  let set = new Map<string, Coin>();

  beforeAll(() => {
    builder = buildRegtestChain({ seed: SEED, blocks: BLOCKS, fanOut: FAN_OUT });
    const params = NETWORKS.regtest.consensus;
    for (let h = 1; h <= BLOCKS; h++) {
      const decoded = decodeBlock((builder.blocks[h] as { raw: Uint8Array }).raw);
      if (!decoded.ok) throw new Error(`block ${h} does not decode`);
      const step = connectOnSet(set, decoded.value, contextAt(builder.blocks, h, params, (x) => builder.medianTimePast(x)));
      if ('error' in step) {
        failures.push(`height ${h}: ${step.error}`);
        break;
      }
      const txs = decoded.value.transactions.filter((tx) => !isCoinbase(tx));
      txsAt[h] = txs;
      txs.forEach((tx, t) => tx.inputs.forEach((input, i) => {
        const coin = step.connected.undo[t]?.[i];
        const kind = coin === undefined ? 'missing-undo' : classifyInput(coin.output.scriptPubKey, input);
        inputKinds[kind] = (inputKinds[kind] ?? 0) + 1;
      }));
      const fan = txs.filter((tx) => tx.outputs.length === FAN_OUT.outputs + 1 && tx.outputs.slice(0, FAN_OUT.outputs).every((o) => o.value === 100_000n));
      if (fan.length === 1) fanOutTxid.set(h, toHex(txid(fan[0] as Transaction)));
      set = step.after;
    }
  }, 300_000);

  it('every block connects with connectBlock (scripts verified)', () => {
    expect(failures).toEqual([]);
    expect(txsAt.length).toBe(BLOCKS + 1);
  });

  it('one fan-out per block from 101: 40 coins of 100,000 sat, P2WPKH and P2TR key path alternating, plus change', () => {
    expect([...fanOutTxid.keys()]).toEqual(Array.from({ length: 40 }, (_, i) => 101 + i));
    for (const [h, id] of fanOutTxid) {
      const tx = (txsAt[h] ?? []).find((t) => toHex(txid(t)) === id) as Transaction;
      expect(tx.inputs).toHaveLength(1);
      tx.outputs.slice(0, FAN_OUT.outputs).forEach((o, vout) => expect(vout % 2 === 0 ? P2WPKH(o.scriptPubKey) : P2TR(o.scriptPubKey)).toBe(true));
    }
  });

  it('5 blocks later the first 24 coins of each fan-out are spent back in 3 transactions of 8 inputs, and nothing else spends fan-out coins', () => {
    const fanOutTxids = new Set(fanOutTxid.values());
    for (let h = 101; h <= BLOCKS; h++) {
      const spending = (txsAt[h] ?? []).filter((tx) => tx.inputs.some((i) => fanOutTxids.has(toHex(i.prevout.txid)) && i.prevout.vout < FAN_OUT.outputs));
      if (h < 106) {
        expect(spending, `block ${h}`).toEqual([]);
        continue;
      }
      expect(spending, `block ${h}`).toHaveLength(3);
      const spent = spending.flatMap((tx) => tx.inputs.map((i) => `${toHex(i.prevout.txid)}:${i.prevout.vout}`));
      expect(spent).toEqual(Array.from({ length: 24 }, (_, vout) => `${fanOutTxid.get(h - 5)}:${vout}`));
      for (const tx of spending) {
        expect(tx.inputs).toHaveLength(8);
        expect(tx.outputs).toHaveLength(1);
        expect(P2WPKH((tx.outputs[0] as { scriptPubKey: Uint8Array }).scriptPubKey)).toBe(true);
      }
    }
  });

  it('the UTXO set at the tip holds 40 x 40 - 35 x 24 = 760 fan-out coins, and the builder\'s wallet is that set', () => {
    let fanOutCoins = 0;
    for (const id of fanOutTxid.values()) {
      for (let vout = 0; vout < FAN_OUT.outputs; vout++) {
        const bytes = Uint8Array.from(Buffer.from(id, 'hex'));
        if (set.has(outpointKey({ txid: bytes, vout }))) fanOutCoins++;
      }
    }
    expect(fanOutCoins).toBe(760);
    expect(set.size).toBe(builder.wallet.size);
    for (const key of builder.wallet.keys()) expect(set.has(key)).toBe(true);
  });

  it('the spent-back inputs are signed P2WPKH and P2TR key-path spends (12 + 12 per block, 35 blocks), classified by the kernel-side classifier', () => {
    expect(inputKinds['missing-undo']).toBeUndefined();
    expect(inputKinds.p2wpkh ?? 0).toBeGreaterThanOrEqual(35 * 12);
    expect(inputKinds['p2tr-key'] ?? 0).toBeGreaterThanOrEqual(35 * 12);
  });

  it('is deterministic across forks: forkAt(120) with the same seed rebuilds the same tip', () => {
    const rebuilt = builder.forkAt(120, SEED).mine(BLOCKS - 120);
    expect(toDisplayHex(rebuilt.tip.hash)).toBe(toDisplayHex(builder.tip.hash));
  });

  it('without fanOut, the same seed builds the chain it built before the option existed', () => {
    expect(toDisplayHex(buildRegtestChain({ seed: SEED, blocks: BLOCKS }).tip.hash)).toBe(TIP_WITHOUT_FAN_OUT);
  });

  it('refuses counts that cannot work', () => {
    expect(() => buildRegtestChain({ seed: SEED, blocks: 1, fanOut: { ...FAN_OUT, spendBack: 41 } })).toThrow(/spendBack/);
    expect(() => buildRegtestChain({ seed: SEED, blocks: 1, fanOut: { ...FAN_OUT, spendAfter: 0 } })).toThrow(/spendAfter/);
  });
});
