/** Core's COIN: satoshis per bitcoin. */
export const COIN = 100_000_000n;
/** Core's MAX_MONEY (consensus/amount.h): no amount may exceed 21 million BTC. */
export const MAX_MONEY = 21_000_000n * COIN;

/** Core's MoneyRange: 0 <= value <= MAX_MONEY (SPEC.md §4.1). */
export function moneyRange(value: bigint): boolean {
  return value >= 0n && value <= MAX_MONEY;
}
