import type { ConsensusParams } from '../chain/params.js';
import { blockWeight } from '../primitives/size.js';
import type { Block } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import { coinbaseCommitsHeight } from './bip34.js';
import type { BlockValidationError } from './errors.js';
import { MAX_BLOCK_WEIGHT } from './limits.js';
import { isFinalTx } from './locktime.js';
import { checkWitnessCommitment } from './witness-commitment.js';

/** Where a block sits: its height and the median time past of its parent (BIP113). */
export interface BlockPosition {
  readonly height: number;
  readonly prevMedianTimePast: number;
}

/**
 * Core's ContextualCheckBlock: every transaction final at the block's height and at the parent's
 * median time past from CSV on (BIP113), else at the block's time (bad-txns-nonfinal); the
 * coinbase starts with the height from BIP34 on (bad-cb-height); the BIP141 witness rules; and
 * weight ≤ 4,000,000 (bad-blk-weight) (SPEC.md §5.6).
 */
export function contextualCheckBlock(
  block: Block,
  position: BlockPosition,
  params: ConsensusParams,
): Result<{ readonly witnessCommitted: boolean }, BlockValidationError> {
  const { height } = position;
  const lockTimeCutoff = height >= params.csvHeight ? position.prevMedianTimePast : block.header.time;
  if (!block.transactions.every((tx) => isFinalTx(tx, height, lockTimeCutoff))) {
    return err({ reason: 'bad-txns-nonfinal', debug: 'non-final transaction' });
  }
  if (height >= params.bip34Height && !coinbaseCommitsHeight(block, height)) {
    return err({ reason: 'bad-cb-height', debug: 'block height mismatch in coinbase' });
  }
  const witness = checkWitnessCommitment(block, height >= params.segwitHeight);
  if (!witness.ok) return witness;
  // Only now: before the commitment is checked, the coinbase witness could inflate the weight.
  if (blockWeight(block) > MAX_BLOCK_WEIGHT) return err({ reason: 'bad-blk-weight', debug: 'weight limit failed' });
  return ok({ witnessCommitted: witness.value.committed });
}
