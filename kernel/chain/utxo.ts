/**
 * Coins, UTXO views and block deltas (SPEC.md §7.1): Core's Coin, CCoinsView::GetCoin,
 * CScript::IsUnspendable, and the changes a block makes as Core's CCoinsViewCache records them
 * (src/coins.cpp AddCoin, SpendCoin). Proofs: proofs/utxo-delta.proof.ts (applying, inverting,
 * the delta builder), proofs/tx-check.proof.ts (isUnspendable). Tests: test/chain/utxo-delta.test.ts,
 * properties/chain.prop.test.ts, test/regtest-chain.test.ts.
 */
import { toHex } from '../encoding/hex.js';
import type { OutPoint, TxOut } from '../primitives/types.js';
import { OP_RETURN } from '../script/opcodes.js';
import { MAX_SCRIPT_SIZE } from '../script/limits.js';

/** Core's Coin: an unspent output with the height of its block and whether a coinbase created it. */
export interface Coin {
  readonly output: TxOut;
  readonly height: number;
  readonly isCoinbase: boolean;
}

/** A readonly UTXO view (Core's CCoinsView::GetCoin). */
export interface CoinView {
  getCoin(outpoint: OutPoint): Coin | undefined;
}

/** A UTXO set held as a map from `outpointKey` to coin. */
export type UtxoSet = ReadonlyMap<string, Coin>;

/** What connecting a block does to the UTXO set: coins removed from it and coins added to it. */
export interface UtxoDelta {
  readonly spent: ReadonlyMap<string, Coin>;
  readonly created: ReadonlyMap<string, Coin>;
}

/** The map key of an outpoint: display-order-free hex of the txid, a colon, the index (SPEC.md §7.1). */
export function outpointKey(outpoint: OutPoint): string {
  return `${toHex(outpoint.txid)}:${outpoint.vout}`;
}

/** Core's CScript::IsUnspendable: OP_RETURN first, or longer than MAX_SCRIPT_SIZE; such outputs never enter the set (SPEC.md §7.1). */
export function isUnspendable(scriptPubKey: Uint8Array): boolean {
  return (scriptPubKey.length > 0 && scriptPubKey[0] === OP_RETURN) || scriptPubKey.length > MAX_SCRIPT_SIZE;
}

/** A CoinView over a UtxoSet (SPEC.md §7.1). */
export function utxoSetView(set: UtxoSet): CoinView {
  return { getCoin: (outpoint) => set.get(outpointKey(outpoint)) };
}

/** The UTXO set after a delta: spent coins removed, created coins added; the input set is not changed (SPEC.md §7.1). */
export function applyUtxoDelta(set: UtxoSet, delta: UtxoDelta): Map<string, Coin> {
  const next = new Map(set);
  for (const key of delta.spent.keys()) next.delete(key);
  for (const [key, coin] of delta.created) next.set(key, coin);
  return next;
}

/** The delta that undoes `delta` (SPEC.md §7.1). */
export function invertUtxoDelta(delta: UtxoDelta): UtxoDelta {
  return { spent: delta.created, created: delta.spent };
}

/**
 * A block's changes over a view, built transaction by transaction as Core's UpdateCoins makes
 * them (SPEC.md §7.1): `getCoin` sees the view with the changes so far, `spend` removes a coin (an
 * output created earlier in the block just disappears again), `add` puts a coin in. `delta()` is
 * what the block did: coins of the view it spent, coins it created that are still there.
 */
export interface UtxoDeltaBuilder {
  getCoin(outpoint: OutPoint): Coin | undefined;
  spend(outpoint: OutPoint): void;
  add(outpoint: OutPoint, coin: Coin): void;
  delta(): UtxoDelta;
}

/** A UtxoDeltaBuilder over `view`; the view is only read (SPEC.md §7.1, §10.3). */
export function utxoDeltaBuilder(view: CoinView): UtxoDeltaBuilder {
  const created = new Map<string, Coin>();
  const spent = new Map<string, Coin>();
  const getCoin = (outpoint: OutPoint): Coin | undefined => {
    const key = outpointKey(outpoint);
    return created.get(key) ?? (spent.has(key) ? undefined : view.getCoin(outpoint));
  };
  return {
    getCoin,
    spend: (outpoint) => {
      const key = outpointKey(outpoint);
      // A coin this block created over an unspent coin of the view (Core's AddCoin with
      // possible_overwrite) and now spends: the coin it replaced leaves the set too, as Core's
      // cache flushes it (proofs/utxo-delta.proof.ts found the case).
      const replaced = created.delete(key);
      if (replaced && spent.has(key)) return;
      const coin = view.getCoin(outpoint);
      if (coin !== undefined) spent.set(key, coin);
    },
    add: (outpoint, coin) => {
      created.set(outpointKey(outpoint), coin);
    },
    delta: () => ({ spent, created }),
  };
}
