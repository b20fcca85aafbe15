/**
 * The UTXO delta builder (kernel/chain/utxo.ts, SPEC.md §7.1) on concrete sequences, including
 * the case proofs/utxo-delta.proof.ts found: a coin the block creates over an unspent coin of the
 * view (Core's AddCoin with possible_overwrite, as the BIP30 exception blocks did) and then
 * spends. Core's CCoinsViewCache marks the entry spent and its flush erases it; the builder
 * used to drop only the new coin, so the old one came back.
 */
import { describe, expect, it } from 'vitest';
import { type Coin, applyUtxoDelta, outpointKey, utxoDeltaBuilder, utxoSetView } from '../../kernel/chain/utxo.js';
import type { OutPoint } from '../../kernel/primitives/types.js';

const outpoint = (fill: number, vout: number): OutPoint => ({ txid: new Uint8Array(32).fill(fill), vout });
const coin = (value: bigint, height: number): Coin => ({ output: { value, scriptPubKey: Uint8Array.of(0x51) }, height, isCoinbase: true });

const X = outpoint(0xaa, 0);
const Y = outpoint(0xbb, 1);
const OLD = coin(50_0000_0000n, 91_812);
const NEW = coin(50_0000_0000n, 91_842);

describe('§7.1 utxoDeltaBuilder', () => {
  it('a coin created over an unspent coin and spent in the same block leaves the set, the old coin with it', () => {
    const set = new Map([[outpointKey(X), OLD]]);
    const changes = utxoDeltaBuilder(utxoSetView(set));
    changes.add(X, NEW);
    expect(changes.getCoin(X)).toBe(NEW);
    changes.spend(X);
    expect(changes.getCoin(X)).toBeUndefined();
    const { spent, created } = changes.delta();
    expect([...spent.keys()]).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:0']);
    expect(spent.get(outpointKey(X))).toBe(OLD);
    expect(created.size).toBe(0);
    expect(applyUtxoDelta(set, changes.delta()).size).toBe(0);
  });

  it('a coin created over an unspent coin and kept replaces it', () => {
    const set = new Map([[outpointKey(X), OLD]]);
    const changes = utxoDeltaBuilder(utxoSetView(set));
    changes.add(X, NEW);
    const after = applyUtxoDelta(set, changes.delta());
    expect(after.size).toBe(1);
    expect(after.get('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:0')).toBe(NEW);
  });

  it('a coin of the view spent, another created and spent within the block: only the view coin is in spent', () => {
    const set = new Map([[outpointKey(X), OLD]]);
    const changes = utxoDeltaBuilder(utxoSetView(set));
    changes.spend(X);
    changes.add(Y, NEW);
    changes.spend(Y);
    const { spent, created } = changes.delta();
    expect([...spent.keys()]).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:0']);
    expect(created.size).toBe(0);
    expect(changes.getCoin(X)).toBeUndefined();
    expect(changes.getCoin(Y)).toBeUndefined();
  });

  it('a coin of the view spent, added back and spent again is spent once, as the view held it', () => {
    const set = new Map([[outpointKey(X), OLD]]);
    const changes = utxoDeltaBuilder(utxoSetView(set));
    changes.spend(X);
    changes.add(X, NEW);
    expect(changes.getCoin(X)).toBe(NEW);
    changes.spend(X);
    const { spent, created } = changes.delta();
    expect(spent.size).toBe(1);
    expect(spent.get(outpointKey(X))).toBe(OLD);
    expect(created.size).toBe(0);
  });
});
