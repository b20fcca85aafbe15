/**
 * UTXO deltas (SPEC.md §7.1, kernel/chain/utxo.ts): applying a block's delta to a set, and
 * undoing it by applying the inverted delta, over the kernel's own Map code (bounded Maps,
 * harness/translate/maps.ts). Sets and deltas are maps of up to 3 and 2 coins with any keys and
 * coins; a probe key `k` stands for every key, so "for every k" is "for all keys".
 */
import { bool, bytes, int64, map, nat31, proof, record, str, uint32 } from '../harness/dsl.js';
import { type Coin, type UtxoDelta, type UtxoSet, applyUtxoDelta, invertUtxoDelta, outpointKey, utxoDeltaBuilder, utxoSetView } from '../kernel/chain/utxo.js';
import { equalBytes } from '../kernel/encoding/bytes.js';

/** A coin with any amount, height, coinbase flag and one-byte script (the delta code never reads inside a coin). */
const coin = () => record({ output: record({ value: int64(), scriptPubKey: bytes(1) }), height: nat31(), isCoinbase: bool() });

/** Both absent, or both present with equal fields. */
function sameCoin(a: Coin | undefined, b: Coin | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined && b === undefined;
  return a.output.value === b.output.value && equalBytes(a.output.scriptPubKey, b.output.scriptPubKey) && a.height === b.height && a.isCoinbase === b.isCoinbase;
}

/** What a delta's spent coins require of the set it applies to: each is in the set, as it is there. */
function spendsCoinsOf(set: UtxoSet, delta: UtxoDelta): boolean {
  for (const [key, spent] of delta.spent) {
    if (!sameCoin(set.get(key), spent)) return false;
  }
  return true;
}

/** What a delta's created coins require: each key is new to the set, unless the delta spends it first. */
function createsNewKeys(set: UtxoSet, delta: UtxoDelta): boolean {
  for (const key of delta.created.keys()) {
    if (set.has(key) && !delta.spent.has(key)) return false;
  }
  return true;
}

export const applyDeltaExact = proof('applying a delta removes exactly its spent coins and adds exactly its created ones', {
  fn: applyUtxoDelta,
  spec: '§7.1',
  statement:
    'For a set of up to 3 coins, a delta spending up to 2 and creating up to 2 (any keys, any coins) and every key k: after applyUtxoDelta, k holds the coin the delta created under k if there is one; otherwise nothing if the delta spent k; otherwise what the set held under k. The input set is unchanged.',
  inputs: { set: map(3, str(), coin()), spent: map(2, str(), coin()), created: map(2, str(), coin()), k: str() },
  ensures: ({ set, spent, created, k }) => {
    const next = applyUtxoDelta(set, { spent, created });
    const expected = created.has(k) ? created.get(k) : spent.has(k) ? undefined : set.get(k);
    return sameCoin(next.get(k), expected) && next.has(k) === (created.has(k) || (set.has(k) && !spent.has(k)));
  },
  covers: {
    'a key both spent and created again': ({ set, spent, created, k }) => set.has(k) && spent.has(k) && created.has(k),
    'three coins kept, one added': ({ set, spent, created }) => set.size === 3 && spent.size === 0 && created.size === 1 && applyUtxoDelta(set, { spent, created }).size === 4,
  },
});

export const undoDeltaRestores = proof('applying a delta and then its inverse gives back the set', {
  fn: invertUtxoDelta,
  spec: '§7.1',
  statement:
    'For a set of up to 3 coins and a delta spending up to 2 coins of the set (each as the set holds it) and creating up to 2 coins under keys new to the set (or spent by the delta): applying the delta and then invertUtxoDelta of it gives a set holding the same coin under every key k as the set before, and of the same size (Core\'s DisconnectBlock undoing ConnectBlock; as a map: Core\'s coins view has no order).',
  inputs: { set: map(3, str(), coin()), spent: map(2, str(), coin()), created: map(2, str(), coin()), k: str() },
  requires: ({ set, spent, created }) => spendsCoinsOf(set, { spent, created }) && createsNewKeys(set, { spent, created }),
  ensures: ({ set, spent, created, k }) => {
    const delta = { spent, created };
    const back = applyUtxoDelta(applyUtxoDelta(set, delta), invertUtxoDelta(delta));
    return sameCoin(back.get(k), set.get(k)) && back.size === set.size;
  },
  covers: {
    'a delta that spends two coins and creates two': ({ spent, created }) => spent.size === 2 && created.size === 2,
  },
});

/** An outpoint with any txid and index. */
const outpoint = () => record({ txid: bytes(32), vout: uint32() });

export const deltaBuilderSequential = proof('the delta builder records a block\'s spends and adds as applying them in order would', {
  fn: utxoDeltaBuilder,
  spec: '§7.1',
  statement:
    'For a set of up to 2 coins seen through utxoSetView, any outpoints o1..o4 and coins c2, c4, and the operations spend(o1), add(o2, c2), spend(o3), add(o4, c4) made in that order (any of them equal, a coin added and spent again within the block, a coin of the set spent and added again): for every key k, applying the builder\'s delta to the set gives what deleting and setting the keys in that order gives, and for every outpoint o the builder\'s getCoin(o) gives the same (Core\'s CCoinsViewCache, flushed).',
  inputs: { set: map(2, str(), coin()), o1: outpoint(), o2: outpoint(), o3: outpoint(), o4: outpoint(), c2: coin(), c4: coin(), k: str(), o: outpoint() },
  ensures: ({ set, o1, o2, o3, o4, c2, c4, k, o }) => {
    const changes = utxoDeltaBuilder(utxoSetView(set));
    changes.spend(o1);
    changes.add(o2, c2);
    changes.spend(o3);
    changes.add(o4, c4);
    const expected = new Map<string, Coin>(set);
    expected.delete(outpointKey(o1));
    expected.set(outpointKey(o2), c2);
    expected.delete(outpointKey(o3));
    expected.set(outpointKey(o4), c4);
    const applied = applyUtxoDelta(set, changes.delta());
    return sameCoin(applied.get(k), expected.get(k)) && applied.size === expected.size && sameCoin(changes.getCoin(o), expected.get(outpointKey(o)));
  },
  covers: {
    'a coin of the set spent and added again': ({ set, o1, o2 }) => set.has(outpointKey(o1)) && outpointKey(o1) === outpointKey(o2),
    'a coin added and spent within the block': ({ set, o2, o3 }) => !set.has(outpointKey(o2)) && outpointKey(o2) === outpointKey(o3),
  },
});

export const deltaBuilderSpendsFromView = proof('the delta\'s spent coins are coins of the view, as the view holds them', {
  fn: utxoDeltaBuilder,
  spec: '§7.1',
  statement:
    'For a set of up to 2 coins seen through utxoSetView and the operations spend(o1), add(o2, c2), spend(o3) with any outpoints: every coin the delta lists as spent is in the set under its key, as the set holds it, and no key is spent that the set lacks (so undo data taken from the delta restores the set: the proof above).',
  inputs: { set: map(2, str(), coin()), o1: outpoint(), o2: outpoint(), o3: outpoint(), c2: coin() },
  ensures: ({ set, o1, o2, o3, c2 }) => {
    const changes = utxoDeltaBuilder(utxoSetView(set));
    changes.spend(o1);
    changes.add(o2, c2);
    changes.spend(o3);
    return spendsCoinsOf(set, changes.delta());
  },
});
