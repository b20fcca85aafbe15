/**
 * A batch of script checks as a few flat arrays in one SharedArrayBuffer, for the worker pool
 * (script-pool.ts): the transactions' serializations back to back, the spent outputs' values and
 * scripts, flags and block indices. Every worker gets the same memory (a batch is posted to all of
 * them and the first free one claims it), so a batch costs one copy of its transactions' bytes,
 * whatever the number of workers, instead of a structured clone of thousands of small objects (and
 * of the whole block buffer each zero-copy view points into). Nothing writes the memory after
 * encodeScriptBatch. The worker decodes each transaction from its bytes again (decodeTransaction:
 * the same bytes give the same transaction, and its txid comes from those bytes). Equivalence:
 * test/workers/script-batch.test.ts.
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
  // One shared buffer: the 8-byte values first, then the 4-byte arrays, then the bytes.
  const n = checks.length;
  const memory = new SharedArrayBuffer(8 * spentCount + 4 * (4 * n + spentCount) + txLength + scriptLength);
  let offset = 0;
  const take = <T>(make: (buffer: SharedArrayBuffer, at: number, length: number) => T, length: number, size: number): T => {
    const array = make(memory, offset, length);
    offset += length * size;
    return array;
  };
  const u32 = (length: number): Uint32Array => take((b, at, l) => new Uint32Array(b, at, l), length, 4);
  const bytes = (length: number): Uint8Array => take((b, at, l) => new Uint8Array(b, at, l), length, 1);
  const batch: ScriptBatch = {
    spentValues: take((b, at, l) => new BigInt64Array(b, at, l), spentCount, 8),
    txEnds: u32(n),
    txIndex: u32(n),
    flags: u32(n),
    spentCounts: u32(n),
    spentScriptEnds: u32(spentCount),
    txBytes: bytes(txLength),
    spentScripts: bytes(scriptLength),
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
