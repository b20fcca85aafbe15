/**
 * The supply bound of a UTXO commitment (SPEC.md §8.3): the coins in the set never exceed the
 * subsidies issued up to the commitment's height. Not equality: real chains hold less (the genesis
 * output is unspendable, some coinbases claimed less than allowed, outputs were burnt).
 */
import { MAX_MONEY } from '../validation/money.js';
import { subsidyAfterHalvings } from '../validation/subsidy.js';

/**
 * Σ GetBlockSubsidy(h) for h = 0..height: each halving era contributes its length times its
 * subsidy. Era `era` starts at era·interval, where GetBlockSubsidy is subsidyAfterHalvings(era);
 * written with the era number (not the era's first height divided again by the interval) so that
 * the proofs translate it with a symbolic interval (proofs/supply.proof.ts).
 */
export function issuedSupply(height: number, params: { readonly subsidyHalvingInterval: number }): bigint {
  if (height < 0 || params.subsidyHalvingInterval <= 0) return 0n;
  const interval = params.subsidyHalvingInterval;
  let total = 0n;
  // 64 eras at most: from the 64th halving on the subsidy is zero.
  for (let era = 0; era < 64 && era * interval <= height; era++) {
    const first = era * interval;
    const last = Math.min(height, first + interval - 1);
    total += BigInt(last - first + 1) * subsidyAfterHalvings(era);
  }
  return total;
}

/** Whether a UTXO set's count and total can be the set of a chain at `height`: non-negative, within MAX_MONEY and the issued subsidies. */
export function checkSupply(utxoCount: bigint, totalAmount: bigint, height: number, params: { readonly subsidyHalvingInterval: number }): boolean {
  return utxoCount >= 0n && totalAmount >= 0n && totalAmount <= MAX_MONEY && totalAmount <= issuedSupply(height, params);
}
