/**
 * ConnectBlock handing its script checks to a caller (SPEC.md §5.7, kernel/validation/connect-block.ts
 * connectBlock's `onScriptCheck`: the node's worker pool takes the checks instead of the kernel
 * running them): on the block of proofs/connect-block-whole.proof.ts's connectBlockRunsScripts, a
 * spend whose script would fail is not refused for it. In its own file so that the boundary covers'
 * candidate proofs for ConnectBlock's comparisons (the first proofs in report order) stay those of
 * connect-block-whole.proof.ts and connect-block.proof.ts.
 */
import { int, proof } from '../harness/dsl.js';
import { utxoSetView } from '../kernel/chain/utxo.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { EVAL_FALSE_REASON, OP_0_SCRIPT, coin, coinbase, header, regtestContext, spend, spendingWithOp1 } from './block-domains.js';

export const connectBlockHandsOverScripts = proof('ConnectBlock with onScriptCheck hands the script checks over: a spend whose script leaves false on the stack does not fail the block there', {
  fn: connectBlock,
  sharedText: true,
  spec: '§5.7',
  statement:
    'For every regtest block at height 1..149 under any header, of a coinbase and a second transaction of one input with the scriptSig 51 (OP_1) and one output, against a set holding exactly the coin it spends (any value, height and kind) whose script is 00 (OP_0: the stack would end [01, empty], false), connected with a context whose onScriptCheck collects the checks: the block is never refused for its script (no "block-script-verify-flag-failed" reason), and an accepted block has checked its input, deferred no script check in its result, and handed exactly one check to onScriptCheck, as the node\'s worker pool takes it: transaction 1 (its scriptSig 51; the checks collected by txIndex) with the block\'s script flags and the one output it spends (the coin\'s value, script 00). A mutation run found the call to onScriptCheck dropped "equivalent" under the proof that only said the block is not refused.',
  inputs: { spent: coin(), head: header(), cb: coinbase(), tx: spend(2), height: int(1, 149) },
  ensures: ({ spent, head, cb, tx, height }) => {
    const block = spendingWithOp1(cb, tx, spent, OP_0_SCRIPT);
    // What each handed check holds, by txIndex, in maps (a closure shares the maps it captures;
    // an array it captures, or a record holding arrays stored in a map, is ERROR).
    const flags = new Map<number, number>();
    const spentValue = new Map<number, bigint>();
    const spentScript = new Map<number, number>();
    const scriptSig = new Map<number, number>();
    const r = connectBlock(utxoSetView(block.set), { header: head, transactions: [block.cb, block.tx] }, {
      ...regtestContext(height),
      onScriptCheck: (check) => {
        const out = check.spentOutputs[0];
        const input = check.tx.inputs[0];
        flags.set(check.txIndex, check.flags);
        spentValue.set(check.txIndex, out !== undefined && check.spentOutputs.length === 1 ? out.value : -1n);
        spentScript.set(check.txIndex, out !== undefined && out.scriptPubKey.length === 1 ? (out.scriptPubKey[0] ?? -1) : -1);
        scriptSig.set(check.txIndex, input !== undefined && check.tx.inputs.length === 1 ? (input.scriptSig[0] ?? -1) : -1);
      },
    });
    if (!r.ok) return r.error.reason !== EVAL_FALSE_REASON;
    return (
      r.value.inputsChecked === 1 &&
      r.value.scriptChecks.length === 0 &&
      flags.size === 1 &&
      flags.get(1) === r.value.scriptFlags &&
      spentValue.get(1) === spent.output.value &&
      spentScript.get(1) === 0x00 &&
      scriptSig.get(1) === 0x51
    );
  },
  covers: {
    'a spend of an OP_0 coin accepted, its check handed over': ({ spent, head, cb, tx, height }) => {
      const block = spendingWithOp1(cb, tx, spent, OP_0_SCRIPT);
      return connectBlock(utxoSetView(block.set), { header: head, transactions: [block.cb, block.tx] }, { ...regtestContext(height), onScriptCheck: () => undefined }).ok;
    },
  },
});
