/**
 * DisconnectBlock undoes ConnectBlock (SPEC.md §5.7, kernel/validation/connect-block.ts
 * disconnectBlock: Core's DisconnectBlock with the block's undo data). On a bounded block: a
 * coinbase and one transaction of one input and one output, connected on regtest against a set
 * of up to 2 coins, then disconnected from the set the connection made, with the undo data
 * ConnectBlock returned; and a block of a coinbase and two transactions, whose undo entries must
 * go back each to its own transaction (a survivor of the mutation run: undo[1 - t] for undo[t - 1]).
 * The txids are the kernel's own (SHA256d of the serialization, an uninterpreted function here),
 * as DisconnectBlock computes them.
 */
import { int, map, proof, str, tuple } from '../harness/dsl.js';
import { type Coin, type UtxoSet, applyUtxoDelta, outpointKey, utxoSetView } from '../kernel/chain/utxo.js';
import { txid } from '../kernel/primitives/transaction.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { connectTransactions, disconnectBlock } from '../kernel/validation/connect-block.js';
import { checkBlockShaped, coin, coinbase, regtestContext, sameCoin, spend } from './block-domains.js';

/** Both undefined, or both present with equal fields. */
function sameEntry(a: Coin | undefined, b: Coin | undefined): boolean {
  return a === undefined || b === undefined ? a === undefined && b === undefined : sameCoin(a, b);
}

/** ConnectBlock's transactions [cb, tx] at `height` on regtest, with the txids the kernel computes. */
function connectPair(set: UtxoSet, cb: Transaction, tx: Transaction, height: number) {
  return connectTransactions(utxoSetView(set), [cb, tx], [txid(cb), txid(tx)], 'h', regtestContext(height));
}

/** The set after connecting [cb, tx] at `height` and disconnecting it again, or undefined when either step refuses. */
function connectThenDisconnect(set: UtxoSet, cb: Transaction, tx: Transaction, height: number): Map<string, Coin> | undefined {
  const block = { header: {} as never, transactions: [cb, tx] };
  const connected = connectPair(set, cb, tx, height);
  if (!connected.ok) return undefined;
  const after = applyUtxoDelta(set, connected.value.delta);
  const disconnected = disconnectBlock(utxoSetView(after), block, connected.value.undo, height);
  if (!disconnected.ok) return undefined;
  return applyUtxoDelta(after, disconnected.value);
}

export const disconnectUndoesConnect = proof('DisconnectBlock with the undo data ConnectBlock made gives back the set as it was', {
  fn: disconnectBlock,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of a coinbase and one transaction (version 1) of one input, not the null outpoint, and one output of [0, 21,000,000 BTC], against a set of up to 2 coins holding neither transaction\'s output 0 yet, the transaction spending neither (the three outpoints\' keys different): when ConnectBlock accepts the block, DisconnectBlock on the resulting set, with ConnectBlock\'s undo data, succeeds, and for every key k the set it gives holds under k exactly what the set before the block held.',
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx: spend(1), height: int(1, 149), k: str() },
  requires: ({ set, cb, tx }) =>
    checkBlockShaped(cb, tx) &&
    !set.has(outpointKey({ txid: txid(cb), vout: 0 })) &&
    !set.has(outpointKey({ txid: txid(tx), vout: 0 })) &&
    // Three different outpoints have different keys (outpoint keys are strings made at run time,
    // which the harness models as uninterpreted functions of their parts, not as injective ones).
    outpointKey({ txid: txid(cb), vout: 0 }) !== outpointKey({ txid: txid(tx), vout: 0 }) &&
    outpointKey(tx.inputs[0]!.prevout) !== outpointKey({ txid: txid(cb), vout: 0 }) &&
    outpointKey(tx.inputs[0]!.prevout) !== outpointKey({ txid: txid(tx), vout: 0 }),
  ensures: ({ set, cb, tx, height, k }) => {
    if (!connectPair(set, cb, tx, height).ok) return true;
    const back = connectThenDisconnect(set, cb, tx, height);
    return back !== undefined && sameEntry(back.get(k), set.get(k));
  },
  covers: {
    'a block spending a coin of the set connects and disconnects': ({ set, cb, tx, height }) => set.size === 2 && connectThenDisconnect(set, cb, tx, height) !== undefined,
  },
});

/** Whether the set holds a coin for output 0 of `tx` as a block at `height` made it: present, of that height and that value. */
function holdsOutputCoin(set: UtxoSet, tx: Transaction, height: number): boolean {
  const c: Coin | undefined = set.get(outpointKey({ txid: txid(tx), vout: 0 }));
  return c !== undefined && c.height === height && c.output.value === tx.outputs[0]!.value;
}

export const disconnectRefusesMismatch = proof('DisconnectBlock refuses undo data of the wrong shape and a block whose outputs are not in the set as it made them', {
  fn: disconnectBlock,
  spec: '§5.7',
  statement:
    'For a block of a coinbase and one transaction of one input and one output (1-byte scripts) at height 0..149, a set of up to 2 coins and undo data of 0 to 2 entries of 0 to 2 coins each, the three outpoints\' keys different: at height 0 the result is the empty delta (the genesis block, as Core); otherwise, in Core\'s order, going through the transactions last first: undo data with other than 1 entry (one per non-coinbase transaction) is "block and undo data inconsistent"; the transaction\'s output, unless OP_RETURN (0x6a), missing from the set or of another height or value is "coin to disconnect missing or changed"; an undo entry with other than 1 coin (one per input) is "block and undo data inconsistent"; then the same check of the coinbase\'s output; otherwise DisconnectBlock succeeds.',
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx: spend(1), undoCoins: tuple(2, coin()), entries: int(0, 2), coins: int(0, 2), height: int(0, 149) },
  // The genesis case apart: its result holds maps of its own, the other case the builder's.
  split: { on: 'height', cases: [[0, 0], [1, 149]] },
  requires: ({ tx, cb }) =>
    outpointKey({ txid: txid(cb), vout: 0 }) !== outpointKey({ txid: txid(tx), vout: 0 }) &&
    outpointKey(tx.inputs[0]!.prevout) !== outpointKey({ txid: txid(cb), vout: 0 }) &&
    outpointKey(tx.inputs[0]!.prevout) !== outpointKey({ txid: txid(tx), vout: 0 }),
  ensures: ({ set, cb, tx, undoCoins, entries, coins, height }) => {
    const entry: Coin[] = coins === 0 ? [] : coins === 1 ? [undoCoins[0]] : [undoCoins[0], undoCoins[1]];
    const undo: Coin[][] = entries === 0 ? [] : entries === 1 ? [entry] : [entry, entry];
    const r = disconnectBlock(utxoSetView(set), { header: {} as never, transactions: [cb, tx] }, undo, height);
    const inconsistent = !r.ok && r.error === 'block and undo data inconsistent';
    const changed = !r.ok && r.error === 'coin to disconnect missing or changed';
    if (height === 0) return r.ok && r.value.spent.size === 0 && r.value.created.size === 0;
    if (entries !== 1) return inconsistent;
    if (tx.outputs[0].scriptPubKey[0] !== 0x6a && !holdsOutputCoin(set, tx, height)) return changed;
    if (coins !== 1) return inconsistent;
    if (cb.outputs[0].scriptPubKey[0] !== 0x6a && !holdsOutputCoin(set, cb, height)) return changed;
    return r.ok;
  },
  covers: {
    'a coin one block younger than the block is refused': ({ set, tx, height }) => {
      const c: Coin | undefined = set.get(outpointKey({ txid: txid(tx), vout: 0 }));
      return c !== undefined && c.height === height + 1 && c.output.value === tx.outputs[0].value && tx.outputs[0].scriptPubKey[0] !== 0x6a;
    },
  },
});

/** The outpoint keys of a three-transaction block: the two inputs' and the three outputs 0. */
function threeTxKeys(cb: Transaction, tx1: Transaction, tx2: Transaction): string[] {
  return [
    outpointKey(tx1.inputs[0]!.prevout),
    outpointKey(tx2.inputs[0]!.prevout),
    outpointKey({ txid: txid(cb), vout: 0 }),
    outpointKey({ txid: txid(tx1), vout: 0 }),
    outpointKey({ txid: txid(tx2), vout: 0 }),
  ];
}

export const disconnectThreeTransactions = proof('DisconnectBlock gives each transaction its own undo entry: undo[i - 1] restores the inputs of transaction i', {
  fn: disconnectBlock,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a block of a coinbase and two transactions of one input and one output each at height 1..149, a set of up to 3 coins holding output 0 of all three as the block made them (that height, that value), and undo data [[u1], [u2]], the five outpoints (the two inputs, the three outputs 0) with different keys: DisconnectBlock succeeds, and the delta it returns creates u1 at the first transaction\'s input and u2 at the second\'s (Core\'s blockUndo.vtxundo[i - 1] for transaction i).',
  inputs: { set: map(3, str(), coin()), cb: coinbase(), tx1: spend(1), tx2: spend(1), u: tuple(2, coin()), height: int(1, 149) },
  requires: ({ cb, tx1, tx2 }) => {
    const k = threeTxKeys(cb, tx1, tx2);
    return k[0] !== k[1] && k[0] !== k[2] && k[0] !== k[3] && k[0] !== k[4] && k[1] !== k[2] && k[1] !== k[3] && k[1] !== k[4] && k[2] !== k[3] && k[2] !== k[4] && k[3] !== k[4];
  },
  ensures: ({ set, cb, tx1, tx2, u, height }) => {
    if (!holdsOutputCoin(set, cb, height) || !holdsOutputCoin(set, tx1, height) || !holdsOutputCoin(set, tx2, height)) return true;
    const r = disconnectBlock(utxoSetView(set), { header: {} as never, transactions: [cb, tx1, tx2] }, [[u[0]], [u[1]]], height);
    if (!r.ok) return false;
    const first: Coin | undefined = r.value.created.get(outpointKey(tx1.inputs[0]!.prevout));
    const second: Coin | undefined = r.value.created.get(outpointKey(tx2.inputs[0]!.prevout));
    return first !== undefined && second !== undefined && sameCoin(first, u[0]) && sameCoin(second, u[1]);
  },
  covers: {
    'a three-transaction block is disconnected': ({ set, cb, tx1, tx2, height }) => holdsOutputCoin(set, cb, height) && holdsOutputCoin(set, tx1, height) && holdsOutputCoin(set, tx2, height),
  },
});
