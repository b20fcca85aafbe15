import { compareBytes, equalBytes } from '../encoding/bytes.js';
import { txBaseSize, WITNESS_SCALE_FACTOR } from '../primitives/size.js';
import { isCoinbase, isNullOutPoint } from '../primitives/transaction.js';
import type { OutPoint, Transaction, TxIn } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import type { TxRejectReason, TxValidationError } from './errors.js';
import { MAX_BLOCK_WEIGHT } from './limits.js';
import { checkOutputValues } from './output-values.js';

/** Inputs up to this count are compared pairwise; more are sorted first. */
const PAIRWISE_LIMIT = 32;

function sameOutPoint(a: OutPoint, b: OutPoint): boolean {
  return a.vout === b.vout && equalBytes(a.txid, b.txid);
}

/** Core's order of COutPoint (txid bytes, then index), for sorting. */
function compareOutPoints(a: OutPoint, b: OutPoint): number {
  return compareBytes(a.txid, b.txid) || a.vout - b.vout;
}

/**
 * Whether two inputs spend the same outpoint (Core's `std::set<COutPoint>` in CheckTransaction),
 * without building string keys: pairwise for few inputs, otherwise sorted and neighbours compared.
 */
export function hasDuplicateInputs(inputs: readonly TxIn[]): boolean {
  const n = inputs.length;
  if (n <= PAIRWISE_LIMIT) {
    for (let i = 1; i < n; i++) {
      const a = (inputs[i] as TxIn).prevout;
      for (let j = 0; j < i; j++) if (sameOutPoint(a, (inputs[j] as TxIn).prevout)) return true;
    }
    return false;
  }
  const sorted = inputs.map((input) => input.prevout).sort(compareOutPoints);
  for (let i = 1; i < n; i++) if (compareOutPoints(sorted[i - 1] as OutPoint, sorted[i] as OutPoint) === 0) return true;
  return false;
}

function reject(reason: TxRejectReason, debug = ''): Result<never, TxValidationError> {
  return err({ reason, debug });
}

/**
 * Core's CheckTransaction (consensus/tx_check.cpp): the context-free rules, in Core's order
 * and with Core's reject reasons (SPEC.md §5.1).
 *
 * @example
 * ```ts
 * import { NETWORKS, checkTransaction, createGenesisBlock } from 'bllvm-ts';
 * const coinbase = createGenesisBlock(NETWORKS.main.genesis).transactions[0]!;
 * checkTransaction(coinbase).ok; // => true
 * checkTransaction({ ...coinbase, outputs: [] }); // => { ok: false, error: { reason: 'bad-txns-vout-empty', debug: '' } }
 * ```
 */
export function checkTransaction(tx: Transaction): Result<void, TxValidationError> {
  if (tx.inputs.length === 0) return reject('bad-txns-vin-empty');
  if (tx.outputs.length === 0) return reject('bad-txns-vout-empty');
  // The witness is left out: it has not been checked for malleability yet (Core's comment).
  if (txBaseSize(tx) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) return reject('bad-txns-oversize');

  // The output-value loop, in its own provable function (proofs/money.proof.ts).
  const values = checkOutputValues(tx.outputs);
  if (!values.ok) return reject(values.error);

  // CVE-2018-17144: an input spent twice in one transaction.
  if (hasDuplicateInputs(tx.inputs)) return reject('bad-txns-inputs-duplicate');

  if (isCoinbase(tx)) {
    const length = tx.inputs[0]?.scriptSig.length ?? 0;
    if (length < 2 || length > 100) return reject('bad-cb-length');
  } else if (tx.inputs.some((input) => isNullOutPoint(input.prevout))) {
    return reject('bad-txns-prevout-null');
  }
  return ok(undefined);
}
