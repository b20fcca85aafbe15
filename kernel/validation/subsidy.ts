import { COIN } from './money.js';

/**
 * Core's GetBlockSubsidy: 50 BTC halved every `subsidyHalvingInterval` blocks, zero from the
 * 64th halving on. Outside the domain (a negative height, or a non-positive interval) the
 * subsidy is zero: a right shift by a negative bigint would shift left (SPEC.md §4.2).
 *
 * @example
 * ```ts
 * import { NETWORKS, getBlockSubsidy } from 'bllvm-ts';
 * getBlockSubsidy(0, NETWORKS.main.consensus); // => 5000000000n
 * getBlockSubsidy(840000, NETWORKS.main.consensus); // => 312500000n
 * getBlockSubsidy(150, NETWORKS.regtest.consensus); // => 2500000000n
 * ```
 */
export function getBlockSubsidy(height: number, params: { readonly subsidyHalvingInterval: number }): bigint {
  if (height < 0 || params.subsidyHalvingInterval <= 0) return 0n;
  return subsidyAfterHalvings(Math.floor(height / params.subsidyHalvingInterval));
}

/** The subsidy after `halvings` (>= 0) halvings: 50 BTC >> halvings, zero from the 64th (GetBlockSubsidy's tail, for callers that count eras). */
export function subsidyAfterHalvings(halvings: number): bigint {
  if (halvings >= 64) return 0n; // Core: shifting an int64 by 64 or more is undefined behaviour
  return (50n * COIN) >> BigInt(halvings);
}
