/**
 * Absolute and relative (BIP68) lock times: Core's IsFinalTx, CalculateSequenceLocks and
 * EvaluateSequenceLocks (consensus/tx_verify.cpp), on plain numbers so the proof harness
 * translates this very source.
 */

/** Core's LOCKTIME_THRESHOLD (script/script.h): below it nLockTime is a height, from it a time. */
export const LOCKTIME_THRESHOLD = 500000000;
/** Core's CTxIn::SEQUENCE_FINAL: an input with it opts out of nLockTime. */
export const SEQUENCE_FINAL = 0xffffffff;
/** Core's CTxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG (BIP68): bit 31 set, no relative lock. */
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;
/** Core's CTxIn::SEQUENCE_LOCKTIME_TYPE_FLAG (BIP68): bit 22 set, the lock counts 512-second units. */
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00400000;
/** Core's CTxIn::SEQUENCE_LOCKTIME_MASK (BIP68): the lock value is the low 16 bits. */
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
/** Core's CTxIn::SEQUENCE_LOCKTIME_GRANULARITY (BIP68): time locks are in units of 2^9 = 512 s. */
export const SEQUENCE_LOCKTIME_GRANULARITY = 9;

/** The lock-time fields IsFinalTx reads. */
export interface LockTimeTx {
  readonly lockTime: number;
  readonly inputs: readonly { readonly sequence: number }[];
}

/**
 * Core's IsFinalTx: a transaction is final at (blockHeight, blockTime) when its nLockTime is 0,
 * below the height (nLockTime < 500000000) or time (otherwise) it is compared with, or when every
 * input's nSequence is SEQUENCE_FINAL (SPEC.md §4.6).
 */
export function isFinalTx(tx: LockTimeTx, blockHeight: number, blockTime: number): boolean {
  if (tx.lockTime === 0) return true;
  if (tx.lockTime < (tx.lockTime < LOCKTIME_THRESHOLD ? blockHeight : blockTime)) return true;
  for (const input of tx.inputs) {
    if (input.sequence !== SEQUENCE_FINAL) return false;
  }
  return true;
}

/** A relative lock as Core's CalculateSequenceLocks returns it: the last invalid height and time (-1: none). */
export interface SequenceLock {
  readonly minHeight: number;
  readonly minTime: number;
}

/**
 * The BIP68 lock one input imposes (the loop body of Core's CalculateSequenceLocks): none when
 * the disable flag is set; with the type flag, coinTime + (nSequence & 0xffff) * 512 - 1, where
 * coinTime is the median time past of the block before the coin's; otherwise
 * coinHeight + (nSequence & 0xffff) - 1 (SPEC.md §4.7).
 */
export function inputSequenceLock(sequence: number, coinHeight: number, coinMedianTimePast: number): SequenceLock {
  if ((sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) return { minHeight: -1, minTime: -1 };
  const value = sequence & SEQUENCE_LOCKTIME_MASK;
  if ((sequence & SEQUENCE_LOCKTIME_TYPE_FLAG) !== 0) {
    return { minHeight: -1, minTime: coinMedianTimePast + (value << SEQUENCE_LOCKTIME_GRANULARITY) - 1 };
  }
  return { minHeight: coinHeight + value - 1, minTime: -1 };
}

/** One input as CalculateSequenceLocks sees it: its nSequence, its coin's height and that block's predecessor's MTP. */
export interface SequenceLockInput {
  readonly sequence: number;
  readonly coinHeight: number;
  readonly coinMedianTimePast: number;
}

/**
 * Core's CalculateSequenceLocks: BIP68 applies to transactions of version >= 2 when the
 * LOCKTIME_VERIFY_SEQUENCE flag is set; the lock is the maximum over the inputs (SPEC.md §4.7).
 * @unwind 64
 */
export function calculateSequenceLocks(
  txVersion: number,
  enforceBip68: boolean,
  inputs: readonly SequenceLockInput[],
): SequenceLock {
  let minHeight = -1;
  let minTime = -1;
  if (!(txVersion >= 2 && enforceBip68)) return { minHeight, minTime };
  for (const input of inputs) {
    const lock = inputSequenceLock(input.sequence, input.coinHeight, input.coinMedianTimePast);
    minHeight = Math.max(minHeight, lock.minHeight);
    minTime = Math.max(minTime, lock.minTime);
  }
  return { minHeight, minTime };
}

/**
 * Core's EvaluateSequenceLocks: the lock is satisfied in a block at `blockHeight` whose
 * predecessor has median time past `prevMedianTimePast` when both last invalid values are below
 * them (SPEC.md §4.7).
 */
export function evaluateSequenceLocks(lock: SequenceLock, blockHeight: number, prevMedianTimePast: number): boolean {
  if (lock.minHeight >= blockHeight || lock.minTime >= prevMedianTimePast) return false;
  return true;
}
