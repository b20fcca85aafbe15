import { type Result, err, ok } from '../result.js';
import { COINBASE_MATURITY } from './limits.js';
import { moneyRange } from './money.js';

/** A coin spent by a transaction input, as Core's CheckTxInputs reads it from the UTXO set. */
export interface SpentCoin {
  readonly value: bigint;
  readonly height: number;
  readonly isCoinbase: boolean;
}

/** Reject reasons of Core's Consensus::CheckTxInputs, under Core's names. */
export type TxInputsRejectReason =
  | 'bad-txns-premature-spend-of-coinbase'
  | 'bad-txns-inputvalues-outofrange'
  | 'bad-txns-in-belowout'
  | 'bad-txns-fee-outofrange';

/**
 * Coinbase maturity (Core's CheckTxInputs): a coinbase output created at `coinHeight` may be
 * spent in a block at `spendHeight` only when spendHeight - coinHeight >= COINBASE_MATURITY (100)
 * (SPEC.md §5.4).
 */
export function isCoinbaseSpendMature(coinHeight: number, spendHeight: number): boolean {
  return spendHeight - coinHeight >= COINBASE_MATURITY;
}

/**
 * The amount rules of Core's Consensus::CheckTxInputs: coinbase coins mature, every input value
 * and the running input total in MoneyRange, inputs cover outputs, and the fee in MoneyRange.
 * Returns the fee. Each value is range-checked before it is added, so the sum stays in int64
 * for any int64 inputs (SPEC.md §5.4).
 */
export function checkTxInputs(
  coins: readonly SpentCoin[],
  valueOut: bigint,
  spendHeight: number,
): Result<bigint, TxInputsRejectReason> {
  let valueIn = 0n;
  for (const coin of coins) {
    if (coin.isCoinbase && !isCoinbaseSpendMature(coin.height, spendHeight)) {
      return err('bad-txns-premature-spend-of-coinbase');
    }
    if (!moneyRange(coin.value)) return err('bad-txns-inputvalues-outofrange');
    valueIn += coin.value;
    if (!moneyRange(valueIn)) return err('bad-txns-inputvalues-outofrange');
  }
  if (valueIn < valueOut) return err('bad-txns-in-belowout');
  const fee = valueIn - valueOut;
  if (!moneyRange(fee)) return err('bad-txns-fee-outofrange');
  return ok(fee);
}
