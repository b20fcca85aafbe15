/**
 * ConnectBlock's transactions (SPEC.md §5.7, kernel/validation/connect-block.ts
 * connectTransactions: Core's ConnectBlock after CheckBlock and ContextualCheckBlock) on bounded
 * blocks: a coinbase and one transaction of one input and one output, against a UTXO set of up to
 * 2 coins (bounded Maps, harness/translate/maps.ts). Value conservation with Core's literal
 * amounts, the coin spent taken from the set, and what the delta and the undo data hold.
 */
import { bytes, int, map, proof, record, str, tuple, uint32 } from '../harness/dsl.js';
import { type Coin, type UtxoSet, applyUtxoDelta, invertUtxoDelta, outpointKey, utxoSetView } from '../kernel/chain/utxo.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { connectTransactions } from '../kernel/validation/connect-block.js';
import { checkBlockShaped, coin, coinbase, isNull, mainnetContext, output, regtestContext, sameCoin, spend } from './block-domains.js';

/** The block connected at `height` on regtest, its scripts left unchecked (they are the interpreter's proofs' business). */
function connect(set: UtxoSet, cb: Transaction, tx: Transaction, id0: Uint8Array, id1: Uint8Array, hash: string, height: number) {
  return connectTransactions(utxoSetView(set), [cb, tx], [id0, id1], hash, regtestContext(height));
}

/** Whether `c` is the coin of output `out` created at `height` (Core's Coin(out, height, coinbase)). */
function isCoinOf(c: Coin | undefined, out: { value: bigint; scriptPubKey: Uint8Array }, height: number, coinbase: boolean): boolean {
  return c !== undefined && c.output.value === out.value && equalBytes(c.output.scriptPubKey, out.scriptPubKey) && c.height === height && c.isCoinbase === coinbase;
}

export const connectDeltaExact = proof('ConnectBlock\'s delta adds exactly the block\'s spendable outputs, and undoing it gives back the set', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of a coinbase and one transaction of one input (not the null outpoint) and one output of [0, 21,000,000 BTC], against a set of up to 2 coins holding neither transaction\'s output yet (BIP30 is not checked on regtest from height 1: BIP34 makes txids unique), the two txids giving different outpoint keys: when accepted, the delta creates the coinbase\'s output as a coinbase coin at the block\'s height and the transaction\'s as a non-coinbase coin, each only when its script is not OP_RETURN (0x6a), and nothing else; and for every key k, applying the delta and then its inverse gives back what the set holds under k (DisconnectBlock\'s undo).',
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx: spend(2), id0: bytes(32), id1: bytes(32), hash: str(), height: int(1, 149), k: str() },
  requires: ({ set, cb, tx, id0, id1 }) =>
    checkBlockShaped(cb, tx) &&
    !set.has(outpointKey({ txid: id0, vout: 0 })) &&
    !set.has(outpointKey({ txid: id1, vout: 0 })) &&
    // Two transactions of a block have different txids (CheckBlock's Merkle check refuses a repeated one): different keys.
    outpointKey({ txid: id0, vout: 0 }) !== outpointKey({ txid: id1, vout: 0 }),
  ensures: ({ set, cb, tx, id0, id1, hash, height, k }) => {
    const r = connect(set, cb, tx, id0, id1, hash, height);
    if (!r.ok) return true;
    const { created } = r.value.delta;
    const k0 = outpointKey({ txid: id0, vout: 0 });
    const k1 = outpointKey({ txid: id1, vout: 0 });
    const cbKept = cb.outputs[0].scriptPubKey[0] !== 0x6a;
    const txKept = tx.outputs[0].scriptPubKey[0] !== 0x6a;
    const back: Coin | undefined = applyUtxoDelta(applyUtxoDelta(set, r.value.delta), invertUtxoDelta(r.value.delta)).get(k);
    const before: Coin | undefined = set.get(k);
    return (
      (cbKept ? isCoinOf(created.get(k0), cb.outputs[0], height, true) : !created.has(k0)) &&
      (txKept ? isCoinOf(created.get(k1), tx.outputs[0], height, false) : !created.has(k1)) &&
      created.size === (cbKept ? 1 : 0) + (txKept ? 1 : 0) &&
      (before === undefined ? back === undefined : back !== undefined && isCoinOf(back, before.output, before.height, before.isCoinbase))
    );
  },
  covers: {
    'both outputs kept': ({ set, cb, tx, id0, id1, hash, height }) => connect(set, cb, tx, id0, id1, hash, height).ok && cb.outputs[0].scriptPubKey[0] !== 0x6a && tx.outputs[0].scriptPubKey[0] !== 0x6a,
    'an OP_RETURN output never enters the set': ({ set, cb, tx, id0, id1, hash, height }) => connect(set, cb, tx, id0, id1, hash, height).ok && tx.outputs[0].scriptPubKey[0] === 0x6a,
  },
});

export const connectSpendsMatureCoins = proof('ConnectBlock spends only coins of the set, a coinbase\'s only after 100 blocks', {
  fn: connectTransactions,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of a coinbase and one transaction of one input (not the null outpoint) and one output, against a set of up to 2 coins: when the input\'s outpoint is neither in the set nor an output of the block, the block is refused with bad-txns-inputs-missingorspent; when it spends a coinbase coin of the set created at height h, it is refused with bad-txns-premature-spend-of-coinbase unless height - h >= 100 (COINBASE_MATURITY).',
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx: spend(2), id0: bytes(32), id1: bytes(32), hash: str(), height: int(1, 149) },
  requires: ({ cb, tx }) => checkBlockShaped(cb, tx),
  ensures: ({ set, cb, tx, id0, id1, hash, height }) => {
    const r = connect(set, cb, tx, id0, id1, hash, height);
    const key = outpointKey(tx.inputs[0].prevout);
    const spent: Coin | undefined = set.get(key);
    const ownOutput = key === outpointKey({ txid: id0, vout: 0 });
    const missing = spent === undefined && !ownOutput;
    const premature = spent !== undefined && spent.isCoinbase && height - spent.height < 100;
    return (!missing || (!r.ok && r.error.reason === 'bad-txns-inputs-missingorspent')) && (!premature || (!r.ok && r.error.reason === 'bad-txns-premature-spend-of-coinbase'));
  },
  covers: {
    'a coinbase coin spent at exactly 100 confirmations': ({ set, cb, tx, id0, id1, hash, height }) => {
      const spent: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      return spent !== undefined && spent.isCoinbase && height - spent.height === 100 && connect(set, cb, tx, id0, id1, hash, height).ok;
    },
  },
});

/** A transaction of two inputs and two outputs. */
const spend2 = () =>
  record({
    version: int(1, 2),
    inputs: tuple(2, record({ prevout: record({ txid: bytes(32), vout: uint32() }), scriptSig: bytes(1), sequence: uint32(), witness: tuple(0, bytes(0)) })),
    outputs: tuple(2, output()),
    lockTime: uint32(),
  });

export const connectValueConservation = proof('ConnectBlock conserves value: fees are the inputs minus the outputs, and the coinbase claims at most subsidy plus fees', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of a coinbase and one transaction spending two different outpoints (CheckTransaction refuses a repeated one) into two outputs of [0, 21,000,000 BTC] each, against a set of up to 2 coins: when accepted, both coins spent are in the set and fees = their values\' sum - the outputs\' sum >= 0, the coinbase output is at most 5,000,000,000 + fees, and the undo data and the delta\'s spent coins are exactly those two coins (the undo data in input order).',
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx: spend2(), id0: bytes(32), id1: bytes(32), hash: str(), height: int(1, 149) },
  requires: ({ cb, tx }) => checkBlockShaped(cb, tx) && outpointKey(tx.inputs[0].prevout) !== outpointKey(tx.inputs[1].prevout),
  ensures: ({ set, cb, tx, id0, id1, hash, height }) => {
    const r = connect(set, cb, tx, id0, id1, hash, height);
    if (!r.ok) return true;
    const a: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
    const b: Coin | undefined = set.get(outpointKey(tx.inputs[1].prevout));
    const paid: bigint = tx.outputs[0].value + tx.outputs[1].value;
    const fees = r.value.fees;
    const undo = r.value.undo[0];
    return (
      a !== undefined &&
      b !== undefined &&
      fees === a.output.value + b.output.value - paid &&
      fees >= 0n &&
      cb.outputs[0].value <= 5_000_000_000n + fees &&
      undo !== undefined &&
      undo.length === 2 &&
      sameCoin(undo[0], a) &&
      sameCoin(undo[1], b) &&
      r.value.undo.length === 1 &&
      r.value.delta.spent.size === 2 &&
      sameCoin(r.value.delta.spent.get(outpointKey(tx.inputs[0].prevout)), a) &&
      sameCoin(r.value.delta.spent.get(outpointKey(tx.inputs[1].prevout)), b)
    );
  },
  covers: {
    'two coins of the set spent with a fee, the coinbase claiming subsidy and fee exactly': ({ set, cb, tx, id0, id1, hash, height }) => {
      const r = connect(set, cb, tx, id0, id1, hash, height);
      return r.ok && r.value.fees > 0n && set.size === 2 && cb.outputs[0].value === 5_000_000_000n + r.value.fees;
    },
    'a coinbase claiming more than subsidy plus fees is refused (bad-cb-amount)': ({ set, cb, tx, id0, id1, hash, height }) => {
      const r = connect(set, cb, tx, id0, id1, hash, height);
      return !r.ok && r.error.reason === 'bad-cb-amount';
    },
  },
});

export const connectBip30 = proof('ConnectBlock refuses a block repeating an unspent transaction before BIP34 (BIP30)', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a regtest block of a coinbase and one transaction of one input and one output, at height 0 (before BIP34, which regtest activates at height 1) or 1, against a set of up to 2 coins: at height 0, when the set holds an unspent coin under either transaction\'s txid and output 0, the block is refused with bad-txns-BIP30; at height 1 BIP30 is not checked (BIP34 makes txids unique until height 1,983,702), so such a block can connect.',
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx: spend(2), id0: bytes(32), id1: bytes(32), hash: str(), height: int(0, 1) },
  requires: ({ cb, tx }) => checkBlockShaped(cb, tx),
  ensures: ({ set, cb, tx, id0, id1, hash, height }) => {
    const r = connect(set, cb, tx, id0, id1, hash, height);
    const repeats = set.has(outpointKey({ txid: id0, vout: 0 })) || set.has(outpointKey({ txid: id1, vout: 0 }));
    return !(height === 0 && repeats) || (!r.ok && r.error.reason === 'bad-txns-BIP30');
  },
  covers: {
    'at height 1 a repeated txid connects': ({ set, cb, tx, id0, id1, hash, height }) =>
      height === 1 && set.has(outpointKey({ txid: id1, vout: 0 })) && connect(set, cb, tx, id0, id1, hash, height).ok,
    'at height 0 a block without repeats connects': ({ set, cb, tx, id0, id1, hash, height }) => height === 0 && connect(set, cb, tx, id0, id1, hash, height).ok,
  },
});

/** The block [coinbase, tx1, tx2] connected at `height` on regtest, scripts unchecked. */
function connect3(set: UtxoSet, cb: Transaction, tx1: Transaction, tx2: Transaction, ids: readonly Uint8Array[], height: number) {
  return connectTransactions(utxoSetView(set), [cb, tx1, tx2], ids, 'h', regtestContext(height));
}

/** Whether outpoint `o` is output 0 of the transaction with txid `id`. */
function isOutputZeroOf(o: { txid: Uint8Array; vout: number }, id: Uint8Array): boolean {
  return o.vout === 0 && equalBytes(o.txid, id);
}

/** The outputs 0 of the three transactions (txids `ids`) are not in the set and have three different keys (hex is a function without axioms: CI.md, "Axioms"). */
function newDistinctOutputs(set: UtxoSet, ids: readonly Uint8Array[]): boolean {
  const k0 = outpointKey({ txid: ids[0] as Uint8Array, vout: 0 });
  const k1 = outpointKey({ txid: ids[1] as Uint8Array, vout: 0 });
  const k2 = outpointKey({ txid: ids[2] as Uint8Array, vout: 0 });
  return !set.has(k0) && !set.has(k1) && !set.has(k2) && k0 !== k1 && k0 !== k2 && k1 !== k2;
}

export const connectSpendInBlock = proof('ConnectBlock lets a transaction spend an earlier one of the same block: the coin never reaches the set, and the undo data holds it', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of a coinbase, tx1 (one input, not the null outpoint, one output of [0, 21,000,000 BTC]) and tx2 spending output 0 of tx1 (one input, one output), against a set of up to 1 coin holding no output of the block, the three txids giving different outpoint keys and tx2 of version 1 (no BIP68 lock on a coin of the same block): when accepted, the delta neither creates nor spends tx1\'s output, creates tx2\'s as a non-coinbase coin at the block\'s height unless it is OP_RETURN (0x6a), spends exactly tx1\'s coin of the set, the undo data of tx2 is tx1\'s output as a non-coinbase coin at the block\'s height, and the fees are the set coin\'s value minus tx2\'s output; when tx1\'s output is OP_RETURN it never becomes a coin and the block is refused (with bad-txns-inputs-missingorspent when tx1 itself passes).',
  inputs: { set: map(1, str(), coin()), cb: coinbase(), tx1: spend(2), tx2: spend(2), ids: tuple(3, bytes(32)), height: int(1, 149) },
  requires: ({ set, cb, tx1, tx2, ids }) =>
    isNull(cb.inputs[0]!.prevout) &&
    !isNull(tx1.inputs[0]!.prevout) &&
    isOutputZeroOf(tx2.inputs[0]!.prevout, ids[1]) &&
    tx2.version === 1 &&
    newDistinctOutputs(set, ids),
  ensures: ({ set, cb, tx1, tx2, ids, height }) => {
    const r = connect3(set, cb, tx1, tx2, ids, height);
    const k1 = outpointKey({ txid: ids[1], vout: 0 });
    const k2 = outpointKey({ txid: ids[2], vout: 0 });
    const parent: Coin | undefined = set.get(outpointKey(tx1.inputs[0].prevout));
    if (tx1.outputs[0].scriptPubKey[0] === 0x6a) return !r.ok;
    if (!r.ok) return true;
    const { created, spent } = r.value.delta;
    const undo = r.value.undo[1];
    const kept = tx2.outputs[0].scriptPubKey[0] !== 0x6a;
    return (
      !created.has(k1) &&
      !spent.has(k1) &&
      (kept ? isCoinOf(created.get(k2), tx2.outputs[0], height, false) : !created.has(k2)) &&
      parent !== undefined &&
      spent.size === 1 &&
      sameCoin(spent.get(outpointKey(tx1.inputs[0].prevout)), parent) &&
      undo !== undefined &&
      undo.length === 1 &&
      isCoinOf(undo[0], tx1.outputs[0], height, false) &&
      r.value.fees === parent.output.value - tx2.outputs[0].value
    );
  },
  covers: {
    'a chain of two spends connects with a fee': ({ set, cb, tx1, tx2, ids, height }) => {
      const r = connect3(set, cb, tx1, tx2, ids, height);
      return r.ok && r.value.fees > 0n && tx1.outputs[0].value > tx2.outputs[0].value;
    },
    'an OP_RETURN parent output: tx2 finds no coin': ({ set, cb, tx1, tx2, ids, height }) => {
      const r = connect3(set, cb, tx1, tx2, ids, height);
      return tx1.outputs[0].scriptPubKey[0] === 0x6a && !r.ok && r.error.reason === 'bad-txns-inputs-missingorspent';
    },
  },
});

export const connectSpendOrder = proof('ConnectBlock refuses a transaction spending a later one of the same block', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of a coinbase, tx1 spending output 0 of tx2 and tx2 (each one input and one output), against a set of up to 1 coin holding no coin under that outpoint (whose key differs from the coinbase output\'s): the block is refused with bad-txns-inputs-missingorspent (Core connects transactions in block order, so tx2\'s output does not exist yet when tx1 spends it).',
  inputs: { set: map(1, str(), coin()), cb: coinbase(), tx1: spend(2), tx2: spend(2), ids: tuple(3, bytes(32)), height: int(1, 149) },
  requires: ({ set, cb, tx1, tx2, ids }) =>
    isNull(cb.inputs[0]!.prevout) &&
    !isNull(tx2.inputs[0]!.prevout) &&
    isOutputZeroOf(tx1.inputs[0]!.prevout, ids[2]) &&
    !set.has(outpointKey({ txid: ids[2], vout: 0 })) &&
    outpointKey({ txid: ids[0], vout: 0 }) !== outpointKey({ txid: ids[2], vout: 0 }),
  ensures: ({ set, cb, tx1, tx2, ids, height }) => {
    const r = connect3(set, cb, tx1, tx2, ids, height);
    return !r.ok && r.error.reason === 'bad-txns-inputs-missingorspent';
  },
});

export const connectAccumulatedFees = proof('ConnectBlock refuses a block whose fees add up to more than 21,000,000 BTC (bad-txns-accumulated-fee-outofrange)', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    "For a regtest block at height 1..149 of a coinbase and two transactions of one input and one output, against a set of up to 2 coins (any int64 values) holding no output of the block, the three txids giving different outpoint keys: an accepted block's fees are at most 2,100,000,000,000,000 satoshis (Core's MAX_MONEY, checked on the running sum after each transaction: each transaction's own fee may be up to that much); two transactions each paying a fee of more than half of it are refused with bad-txns-accumulated-fee-outofrange (cover).",
  inputs: { set: map(2, str(), coin()), cb: coinbase(), tx1: spend(2), tx2: spend(2), ids: tuple(3, bytes(32)), height: int(1, 149) },
  requires: ({ set, ids }) =>
    newDistinctOutputs(set, ids),
  ensures: ({ set, cb, tx1, tx2, ids, height }) => {
    const r = connect3(set, cb, tx1, tx2, ids, height);
    return !r.ok || r.value.fees <= 2_100_000_000_000_000n;
  },
  covers: {
    'fees adding up to more than MAX_MONEY: refused with bad-txns-accumulated-fee-outofrange': ({ set, cb, tx1, tx2, ids, height }) => {
      const r = connect3(set, cb, tx1, tx2, ids, height);
      return !r.ok && r.error.reason === 'bad-txns-accumulated-fee-outofrange';
    },
  },
});

/** Core's IsBIP30Exception blocks (validation.cpp), written out: heights 91842 and 91880 with their hashes. */
const BLOCK_91842 = '00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec';
const BLOCK_91880 = '00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721';

/** The (height, hash) cases: the two exceptions, each height under another hash, one exception's hash at another height, the last height BIP34 implies BIP30 and the first it does not. */
function bip30Case(k: number, other: string): { readonly height: number; readonly hash: string; readonly enforced: boolean } {
  if (k === 0) return { height: 91842, hash: BLOCK_91842, enforced: false };
  if (k === 1) return { height: 91842, hash: other, enforced: true };
  if (k === 2) return { height: 91880, hash: BLOCK_91880, enforced: false };
  if (k === 3) return { height: 91880, hash: other, enforced: true };
  if (k === 4) return { height: 91843, hash: BLOCK_91842, enforced: true };
  if (k === 5) return { height: 1983701, hash: other, enforced: false };
  return { height: 1983702, hash: other, enforced: true };
}

export const connectBip30Window = proof('ConnectBlock checks BIP30 on mainnet except at its two exception blocks and from BIP34 until height 1,983,702', {
  fn: connectTransactions,
  spec: '§5.7',
  statement:
    "For a mainnet block of one coinbase (any null-outpoint coinbase of the usual shape) whose txid's output 0 is already an unspent coin of a set of up to 2 coins: at height 91842 with hash 00000000000a4d0a…caec and at 91880 with 00000000000743f1…d721 (Core's IsBIP30Exception) BIP30 is not checked; at those heights under any other hash, and at 91843 under 91842's hash, the block is refused with bad-txns-BIP30; at height 1,983,701 (after BIP34 at 227,931) it is not checked, at 1,983,702 (BIP34_IMPLIES_BIP30_LIMIT, where BIP34 heights could first repeat an old coinbase) it is again. Not checked means no bad-txns-BIP30: the block connects when its output value is within the subsidy.",
  inputs: { set: map(2, str(), coin()), cb: coinbase(), id: bytes(32), other: str(), k: int(0, 6) },
  split: 'k',
  requires: ({ set, id, other }) => set.has(outpointKey({ txid: id, vout: 0 })) && other !== BLOCK_91842 && other !== BLOCK_91880,
  ensures: ({ set, cb, id, other, k }) => {
    const c = bip30Case(k, other);
    const r = connectTransactions(utxoSetView(set), [cb], [id], c.hash, mainnetContext(c.height));
    return c.enforced ? !r.ok && r.error.reason === 'bad-txns-BIP30' : r.ok || r.error.reason !== 'bad-txns-BIP30';
  },
  covers: {
    'an exception block connects over the coin it repeats': ({ set, cb, id, other, k }) => k === 0 && connectTransactions(utxoSetView(set), [cb], [id], bip30Case(k, other).hash, mainnetContext(91842)).ok,
    'height 1,983,701 connects': ({ set, cb, id, other, k }) => k === 5 && connectTransactions(utxoSetView(set), [cb], [id], other, mainnetContext(1983701)).ok,
  },
});
