/**
 * Difficulty retargeting: Core's CalculateNextWorkRequired (pow.cpp), split so the harness can
 * prove the clamp and the 256-bit target arithmetic on this very source.
 */
import { decodeCompact, encodeCompact } from '../validation/pow.js';

/**
 * The timespan clamp of Core's CalculateNextWorkRequired: the actual timespan of the period
 * limited to [targetTimespan / 4, targetTimespan * 4] (SPEC.md §4.8).
 */
export function clampTimespan(actualTimespan: number, targetTimespan: number): number {
  const min = Math.floor(targetTimespan / 4);
  const max = targetTimespan * 4;
  if (actualTimespan < min) return min;
  if (actualTimespan > max) return max;
  return actualTimespan;
}

/**
 * The target arithmetic of Core's CalculateNextWorkRequired: old target × clamped timespan ÷
 * target timespan, capped at powLimit. In arith_uint256, so the product must stay below 2^256
 * (it does for mainnet's powLimit; the harness proves it) (SPEC.md §4.8).
 * @smtBigint uint256
 */
export function retargetTarget(oldTarget: bigint, actualTimespan: number, targetTimespan: number, powLimit: bigint): bigint {
  const timespan = clampTimespan(actualTimespan, targetTimespan);
  const target = (oldTarget * BigInt(timespan)) / BigInt(targetTimespan);
  if (target > powLimit) return powLimit;
  return target;
}

/** The consensus parameters CalculateNextWorkRequired reads. */
export interface RetargetParams {
  readonly powLimit: bigint;
  readonly powTargetTimespan: number;
  readonly powNoRetargeting: boolean;
  readonly enforceBip94: boolean;
}

/**
 * Core's CalculateNextWorkRequired: the nBits of the first block of a new period from the last
 * block's nBits and time and the period's first block's time (BIP94: the first block's nBits)
 * (SPEC.md §4.8).
 */
export function calculateNextWorkRequired(
  lastBits: number,
  lastBlockTime: number,
  firstBits: number,
  firstBlockTime: number,
  params: RetargetParams,
): number {
  if (params.powNoRetargeting) return lastBits;
  const old = decodeCompact(params.enforceBip94 ? firstBits : lastBits).target;
  const target = retargetTarget(old, lastBlockTime - firstBlockTime, params.powTargetTimespan, params.powLimit);
  return encodeCompact(target);
}
