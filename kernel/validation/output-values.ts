import { type Result, err, ok } from '../result.js';
import type { TxRejectReason } from './errors.js';
import { MAX_MONEY, moneyRange } from './money.js';

/**
 * The output-value loop of Core's CheckTransaction: each value in [0, MAX_MONEY] and the running
 * total in MoneyRange after each addition, so the sum never leaves int64; returns the total
 * (SPEC.md §5.1).
 */
export function checkOutputValues(outputs: readonly { readonly value: bigint }[]): Result<bigint, TxRejectReason> {
  let valueOut = 0n;
  for (const output of outputs) {
    if (output.value < 0n) return err('bad-txns-vout-negative');
    if (output.value > MAX_MONEY) return err('bad-txns-vout-toolarge');
    valueOut += output.value;
    if (!moneyRange(valueOut)) return err('bad-txns-txouttotal-toolarge');
  }
  return ok(valueOut);
}
