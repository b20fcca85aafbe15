/**
 * Core's ConnectBlock as a whole (SPEC.md §5.7, kernel/validation/connect-block.ts connectBlock):
 * CheckBlock with its proof of work and Merkle root checks on, ContextualCheckBlock, then the
 * transactions, on a bounded block: a symbolic header (any version, parent, Merkle root, time,
 * bits, nonce), a first transaction of one input of the null outpoint's index, and a second of
 * one input and one output, against a UTXO set of up to 2 coins, on regtest. No precondition on
 * the block: CheckBlock's rules are the code's, not assumed. SHA256d is an uninterpreted function
 * assumed collision resistant (CI.md, "Axioms"); a txid is stated as SHA256d of the literal
 * serialization (proofs/block-domains.ts oneInOneOutSerialization).
 */
import { int, map, proof, str } from '../harness/dsl.js';
import { type Coin, type UtxoSet, outpointKey, utxoSetView } from '../kernel/chain/utxo.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import type { BlockHeader, Transaction } from '../kernel/primitives/types.js';
import { blockHash } from '../kernel/primitives/block.js';
import { getTransactionSigOpCost } from '../kernel/script/sigops.js';
import { toDisplayHex } from '../kernel/encoding/hex.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { contextualCheckBlock } from '../kernel/validation/contextual-check.js';
import { getBlockScriptFlags } from '../kernel/validation/script-flags.js';
import { EVAL_FALSE_REASON, OP_0_SCRIPT, OP_1_SCRIPT, coin, coinbase, header, oneInOneOutSerialization, regtestContext, sameCoin, spend, spendingWithOp1 } from './block-domains.js';

/** connectBlock of the block [cb, tx] under `head` at `height` on regtest, the scripts left unchecked (the interpreter's proofs' business). */
function connect(set: UtxoSet, head: BlockHeader, cb: Transaction, tx: Transaction, height: number) {
  return connectBlock(utxoSetView(set), { header: head, transactions: [cb, tx] }, regtestContext(height));
}

export const connectBlockWhole = proof('ConnectBlock as a whole: an accepted block commits to its transactions, spends a coin of the set, and conserves value', {
  fn: connectBlock,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For every regtest block at height 1..149 under any header, of a first transaction with one input whose outpoint index is 0xffffffff (32 symbolic txid bytes, a 2-byte scriptSig) and one output, and a second transaction of one input (any outpoint, 1-byte scriptSig) and one output, each output any value of [0, 21,000,000 BTC] and a 1-byte script, against a set of up to 2 coins: when connectBlock accepts, the header\'s Merkle root is SHA256d(txid1 ‖ txid2), each txid SHA256d of the transaction\'s serialization field by field (oneInOneOutSerialization, encodeTransaction\'s by encodeTransactionLayout), the two txids giving different outpoint keys; the coin the second transaction spends is in the set (not the coinbase\'s new output: that is immature), the fees are its value minus the output\'s and >= 0, the coinbase pays at most 5,000,000,000 + fees, the undo data is exactly that coin, the delta spends exactly it and creates one coin per output whose script is not OP_RETURN (0x6a), keyed by the txids; the block passes ContextualCheckBlock (its own proofs: proofs/block-check.proof.ts, header-context.proof.ts), one input is counted as checked and its transaction\'s script check deferred (index 1, the spent coin\'s output, the block\'s flags), the script flags are GetBlockScriptFlags of the height and block hash, and the sigop cost is the two transactions\' GetTransactionSigOpCost under them (proofs/script-flags.proof.ts, the sigop proofs).',
  inputs: { set: map(2, str(), coin()), head: header(), cb: coinbase(), tx: spend(2), height: int(1, 149) },
  // Hex text is a function without axioms in the model (CI.md, "Axioms"): that the two txids, which differ
  // (their serializations differ in the first input), give two different outpoint keys is stated here.
  requires: ({ cb, tx }) => outpointKey({ txid: sha256d(oneInOneOutSerialization(cb)), vout: 0 }) !== outpointKey({ txid: sha256d(oneInOneOutSerialization(tx)), vout: 0 }),
  ensures: ({ set, head, cb, tx, height }) => {
    const r = connect(set, head, cb, tx, height);
    if (!r.ok) return true;
    const id1 = sha256d(oneInOneOutSerialization(cb));
    const id2 = sha256d(oneInOneOutSerialization(tx));
    const spentKey = outpointKey(tx.inputs[0].prevout);
    const spent: Coin | undefined = set.get(spentKey);
    const { fees, undo, delta } = r.value;
    const kept = (cb.outputs[0].scriptPubKey[0] !== 0x6a ? 1 : 0) + (tx.outputs[0].scriptPubKey[0] !== 0x6a ? 1 : 0);
    const ctx = regtestContext(height);
    const flags = getBlockScriptFlags(height, toDisplayHex(blockHash(head)), ctx.params);
    return (
      spent !== undefined &&
      contextualCheckBlock({ header: head, transactions: [cb, tx] }, ctx, ctx.params).ok &&
      r.value.inputsChecked === 1 &&
      // The scripts are left unchecked (verifyScripts false): the one deferred check is the second transaction's, against the coin it spends.
      r.value.scriptChecks.length === 1 &&
      r.value.scriptChecks[0]?.txIndex === 1 &&
      r.value.scriptChecks[0]?.flags === flags &&
      r.value.scriptChecks[0]?.spentOutputs.length === 1 &&
      r.value.scriptChecks[0]?.spentOutputs[0]?.value === spent.output.value &&
      equalBytes(r.value.scriptChecks[0]?.tx.inputs[0]?.scriptSig ?? new Uint8Array(0), tx.inputs[0].scriptSig) &&
      r.value.scriptFlags === flags &&
      r.value.sigopsCost === getTransactionSigOpCost(cb, [], flags) + getTransactionSigOpCost(tx, [spent.output], flags) &&
      equalBytes(head.merkleRoot, sha256d(concatBytes(id1, id2))) &&
      fees === spent.output.value - tx.outputs[0].value &&
      fees >= 0n &&
      cb.outputs[0].value <= 5_000_000_000n + fees &&
      undo.length === 1 &&
      undo[0]?.length === 1 &&
      sameCoin(undo[0]?.[0], spent) &&
      delta.spent.size === 1 &&
      sameCoin(delta.spent.get(spentKey), spent) &&
      delta.created.size === kept &&
      (tx.outputs[0].scriptPubKey[0] === 0x6a || delta.created.has(outpointKey({ txid: id2, vout: 0 }))) &&
      (cb.outputs[0].scriptPubKey[0] === 0x6a || delta.created.has(outpointKey({ txid: id1, vout: 0 })))
    );
  },
  covers: {
    'a block accepted, paying a fee to its coinbase': ({ set, head, cb, tx, height }) => {
      const r = connect(set, head, cb, tx, height);
      return r.ok && r.value.fees > 0n && cb.outputs[0].value === 5_000_000_000n + r.value.fees;
    },
    'a header committing to other transactions is refused (bad-txnmrklroot)': ({ set, head, cb, tx, height }) => {
      const r = connect(set, head, cb, tx, height);
      return !r.ok && r.error.reason === 'bad-txnmrklroot';
    },
  },
});

export const connectBlockGenesisHeight = proof('ConnectBlock at height 0 (the genesis block) spends and creates nothing, whatever the block', {
  fn: connectBlock,
  spec: '§5.7',
  statement:
    'For every block of the shape above under any header, against a set of up to 2 coins, at height 0: connectBlock accepts without checking it and returns an empty delta, no undo data, fees 0, sigop cost 0, no input checked and no script flags (Core\'s special case of the genesis block: its coinbase output is not added to the UTXO set). From height 1 the block is checked (connectBlockWhole).',
  inputs: { set: map(2, str(), coin()), head: header(), cb: coinbase(), tx: spend(2) },
  ensures: ({ set, head, cb, tx }) => {
    const r = connect(set, head, cb, tx, 0);
    return r.ok && r.value.delta.spent.size === 0 && r.value.delta.created.size === 0 && r.value.undo.length === 0 && r.value.fees === 0n && r.value.sigopsCost === 0 && r.value.inputsChecked === 0 && r.value.scriptFlags === 0 && r.value.scriptChecks.length === 0;
  },
  covers: {
    'a coinbase claiming 21,000,000 BTC is accepted at height 0': ({ set, head, cb, tx }) => cb.outputs[0].value === 2_100_000_000_000_000n && connect(set, head, cb, tx, 0).ok,
  },
});

/** The scripts of the proof below, as module constants (no code may write them): OP_0 (00) and OP_1 (51). */
/** connectBlock of [cb, tx] at `height` on regtest with its scripts run here: verifyScripts undefined, as when a caller does not give it (Core's ConnectBlock always checks them). */
function connectChecked(set: UtxoSet, head: BlockHeader, cb: Transaction, tx: Transaction, height: number) {
  return connectBlock(utxoSetView(set), { header: head, transactions: [cb, tx] }, { ...regtestContext(height), verifyScripts: undefined });
}

export const connectBlockRunsScripts = proof('ConnectBlock runs the scripts when verifyScripts is not given: a spend whose script leaves false on the stack fails the block', {
  fn: connectBlock,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For every regtest block at height 1..149 under any header, of a coinbase as above and a second transaction of one input with the scriptSig 51 (OP_1) and one output, against a set holding exactly the coin it spends (any value, height and kind) whose script is 00 (OP_0: the stack ends [01, empty], false) or 51 (OP_1: [01, 01], true), one case each, connected with a context whose verifyScripts is undefined (as when not given): with the OP_0 coin connectBlock refuses the block, for its script (reason "block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)", Core\'s SCRIPT_ERR_EVAL_FALSE) or an earlier rule; with the OP_1 coin an accepted block has checked its input and deferred no script check. The real interpreter (kernel/script/verify.ts) runs behind the real signature checker (kernel/script/tx-checker.ts), whose methods no script here calls.',
  inputs: { k: int(0, 1), spent: coin(), head: header(), cb: coinbase(), tx: spend(2), height: int(1, 149) },
  split: 'k',
  ensures: ({ k, spent, head, cb, tx, height }) => {
    const block = spendingWithOp1(cb, tx, spent, k === 0 ? OP_0_SCRIPT : OP_1_SCRIPT);
    const r = connectChecked(block.set, head, block.cb, block.tx, height);
    if (k === 0) return !r.ok;
    return !r.ok || (r.value.inputsChecked === 1 && r.value.scriptChecks.length === 0);
  },
  covers: {
    'a spend of an OP_1 coin accepted with its script run': ({ k, spent, head, cb, tx, height }) => {
      const block = spendingWithOp1(cb, tx, spent, OP_1_SCRIPT);
      return k === 1 && connectChecked(block.set, head, block.cb, block.tx, height).ok;
    },
    'a spend of an OP_0 coin refused for its script (SCRIPT_ERR_EVAL_FALSE)': ({ k, spent, head, cb, tx, height }) => {
      const block = spendingWithOp1(cb, tx, spent, OP_0_SCRIPT);
      const r = connectChecked(block.set, head, block.cb, block.tx, height);
      return k === 0 && !r.ok && r.error.reason === EVAL_FALSE_REASON;
    },
  },
});
