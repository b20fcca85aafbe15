/**
 * The transaction-side checks of OP_CHECKLOCKTIMEVERIFY and OP_CHECKSEQUENCEVERIFY: Core's
 * GenericTransactionSignatureChecker::CheckLockTime (BIP65) and ::CheckSequence (BIP112), on the
 * values they compare, so a SignatureChecker can call them and the harness can prove them.
 */
import {
  LOCKTIME_THRESHOLD,
  SEQUENCE_FINAL,
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
} from '../validation/locktime.js';

/**
 * Core's CheckLockTime (BIP65): the script's lock time (a non-negative CScriptNum) and the
 * transaction's nLockTime are of the same kind (both heights or both times, split at 500000000),
 * the script's is not above the transaction's, and the input is not SEQUENCE_FINAL (SPEC.md §4.6).
 */
export function isLockTimeSatisfied(scriptLockTime: bigint, txLockTime: number, txInputSequence: number): boolean {
  const threshold = BigInt(LOCKTIME_THRESHOLD);
  if (
    !(
      (txLockTime < LOCKTIME_THRESHOLD && scriptLockTime < threshold) ||
      (txLockTime >= LOCKTIME_THRESHOLD && scriptLockTime >= threshold)
    )
  ) {
    return false;
  }
  if (scriptLockTime > BigInt(txLockTime)) return false;
  if (txInputSequence === SEQUENCE_FINAL) return false;
  return true;
}

/**
 * Core's CheckSequence (BIP112): the transaction has version >= 2 (read unsigned), the input's
 * nSequence does not disable BIP68, both masked sequences (type flag | 16-bit value) are of the
 * same kind, and the script's is not above the input's (SPEC.md §4.7).
 */
export function isSequenceSatisfied(scriptSequence: bigint, txVersion: number, txInputSequence: number): boolean {
  if (txVersion < 2) return false;
  if ((txInputSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) return false;
  const lockTimeMask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
  const txSequenceMasked = txInputSequence & lockTimeMask;
  const sequenceMasked = scriptSequence & BigInt(lockTimeMask);
  const typeFlag = BigInt(SEQUENCE_LOCKTIME_TYPE_FLAG);
  if (
    !(
      (txSequenceMasked < SEQUENCE_LOCKTIME_TYPE_FLAG && sequenceMasked < typeFlag) ||
      (txSequenceMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG && sequenceMasked >= typeFlag)
    )
  ) {
    return false;
  }
  if (sequenceMasked > BigInt(txSequenceMasked)) return false;
  return true;
}
