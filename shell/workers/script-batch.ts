/**
 * A batch of script checks as a few flat buffers, for the worker pool (script-pool.ts): the
 * transactions' serializations back to back, the spent outputs' values and scripts, flags and
 * block indices. Its buffers are transferred to the worker, not cloned, so a batch costs one copy
 * of its transactions' bytes instead of a structured clone of thousands of small objects (and of
 * the whole block buffer each zero-copy view points into). The worker decodes each transaction
 * from its bytes again (decodeTransaction: the same bytes give the same transaction, and its txid
 * comes from those bytes). Equivalence: test/workers/script-batch.test.ts.
 */
import { DecodedTransaction, decodeTransaction, encodeTransaction } from '../../kernel/primitives/transaction.js';
import type { TxOut } from '../../kernel/primitives/types.js';
import type { ScriptCheck } from '../../kernel/validation/connect-block.js';

export interface ScriptBatch {
  /** Every transaction's serialization (with witnesses), back to back. */
  readonly txBytes: Uint8Array;
  /** End offset of each transaction in txBytes. */
  readonly txEnds: Uint32Array;
  readonly txIndex: Uint32Array;
  readonly flags: Uint32Array;
  /** Spent outputs of all transactions, in order: values, and scripts back to back with their end offsets. */
  readonly spentValues: BigInt64Array;
  readonly spentScripts: Uint8Array;
  readonly spentScriptEnds: Uint32Array;
  /** How many spent outputs each transaction has. */
  readonly spentCounts: Uint32Array;
}

/** The buffers to transfer with a batch. */
export function batchTransferList(b: ScriptBatch): ArrayBuffer[] {
  return [b.txBytes, b.txEnds, b.txIndex, b.flags, b.spentValues, b.spentScripts, b.spentScriptEnds, b.spentCounts].map((a) => a.buffer as ArrayBuffer);
}

const serializationOf = (check: ScriptCheck): Uint8Array => (check.tx instanceof DecodedTransaction ? check.tx.serialization : encodeTransaction(check.tx));

export function encodeScriptBatch(checks: readonly ScriptCheck[]): ScriptBatch {
  const serializations = checks.map(serializationOf);
  let txLength = 0;
  let spentCount = 0;
  let scriptLength = 0;
  for (const [i, check] of checks.entries()) {
    txLength += (serializations[i] as Uint8Array).length;
    spentCount += check.spentOutputs.length;
    for (const o of check.spentOutputs) scriptLength += o.scriptPubKey.length;
  }
  const batch: ScriptBatch = {
    txBytes: new Uint8Array(txLength),
    txEnds: new Uint32Array(checks.length),
    txIndex: new Uint32Array(checks.length),
    flags: new Uint32Array(checks.length),
    spentValues: new BigInt64Array(spentCount),
    spentScripts: new Uint8Array(scriptLength),
    spentScriptEnds: new Uint32Array(spentCount),
    spentCounts: new Uint32Array(checks.length),
  };
  let at = 0;
  let spent = 0;
  let scriptAt = 0;
  for (const [i, check] of checks.entries()) {
    const bytes = serializations[i] as Uint8Array;
    batch.txBytes.set(bytes, at);
    at += bytes.length;
    batch.txEnds[i] = at;
    batch.txIndex[i] = check.txIndex;
    batch.flags[i] = check.flags;
    batch.spentCounts[i] = check.spentOutputs.length;
    for (const o of check.spentOutputs) {
      batch.spentValues[spent] = o.value;
      batch.spentScripts.set(o.scriptPubKey, scriptAt);
      scriptAt += o.scriptPubKey.length;
      batch.spentScriptEnds[spent++] = scriptAt;
    }
  }
  return batch;
}

/** The checks of a batch (transactions decoded from their bytes; scripts are views of the batch). */
export function decodeScriptBatch(b: ScriptBatch): ScriptCheck[] {
  const checks: ScriptCheck[] = [];
  let start = 0;
  let spent = 0;
  let scriptStart = 0;
  for (let i = 0; i < b.txEnds.length; i++) {
    const end = b.txEnds[i] as number;
    const tx = decodeTransaction(b.txBytes.subarray(start, end));
    if (!tx.ok) throw new Error(`script batch: transaction ${i} does not decode (${tx.error.code})`);
    start = end;
    const spentOutputs: TxOut[] = [];
    for (let k = 0; k < (b.spentCounts[i] as number); k++, spent++) {
      const scriptEnd = b.spentScriptEnds[spent] as number;
      spentOutputs.push({ value: b.spentValues[spent] as bigint, scriptPubKey: b.spentScripts.subarray(scriptStart, scriptEnd) });
      scriptStart = scriptEnd;
    }
    checks.push({ tx: tx.value, txIndex: b.txIndex[i] as number, spentOutputs, flags: b.flags[i] as number });
  }
  return checks;
}
