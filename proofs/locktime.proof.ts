/**
 * Lock times (SPEC.md §4.6) and BIP68/BIP112 relative lock times (SPEC.md §4.7), with the
 * literal values of Core and the BIPs: 500000000, 0xffffffff, bit 31 (disable), bit 22 (type),
 * 0x0000ffff (value mask), 512-second granularity.
 */
import { big, bool, int, nat31, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { isLockTimeSatisfied, isSequenceSatisfied } from '../kernel/script/lock-checks.js';
import { calculateSequenceLocks, evaluateSequenceLocks, inputSequenceLock, isFinalTx } from '../kernel/validation/locktime.js';

const tx2 = record({ lockTime: uint32(), inputs: tuple(2, record({ sequence: uint32() })) });

export const isFinalTxExact = proof('IsFinalTx: lock time below height/time or all inputs final', {
  fn: isFinalTx,
  spec: '§4.6',
  statement:
    'For a 2-input tx: final iff nLockTime = 0, or nLockTime < (nLockTime < 500000000 ? height : time), or both nSequence = 0xffffffff.',
  inputs: { tx: tx2, height: nat31(), time: uint32() },
  ensures: ({ tx, height, time }) =>
    isFinalTx(tx, height, time) ===
    (tx.lockTime === 0 ||
      (tx.lockTime < 500000000 ? tx.lockTime < height : tx.lockTime < time) ||
      (tx.inputs[0].sequence === 4294967295 && tx.inputs[1].sequence === 4294967295)),
  covers: {
    'a height-locked tx is not final': ({ tx, height, time }) => tx.lockTime < 500000000 && !isFinalTx(tx, height, time),
    'a time-locked tx is not final': ({ tx, height, time }) => tx.lockTime >= 500000000 && !isFinalTx(tx, height, time),
  },
});

export const lockTimeHeightVsTime = proof('nLockTime 499999999 is a height, 500000000 a time', {
  fn: isFinalTx,
  spec: '§4.6',
  statement:
    'With non-final inputs: nLockTime = 499999999 is final exactly at heights above it, whatever the time; nLockTime = 500000000 exactly at times above it, whatever the height.',
  inputs: { height: nat31(), time: uint32(), s0: int(0, 4294967294) },
  ensures: ({ height, time, s0 }) =>
    isFinalTx({ lockTime: 499999999, inputs: [{ sequence: s0 }] }, height, time) === height > 499999999 &&
    isFinalTx({ lockTime: 500000000, inputs: [{ sequence: s0 }] }, height, time) === time > 500000000,
});

export const cltvExact = proof('CHECKLOCKTIMEVERIFY: same kind, not above, input not final', {
  fn: isLockTimeSatisfied,
  spec: '§4.6',
  statement:
    'For a script lock time 0 <= L < 2^39, tx nLockTime T and input nSequence S: satisfied iff (L < 500000000) = (T < 500000000), L <= T and S != 0xffffffff.',
  inputs: { lockTime: big(0n, 2n ** 39n - 1n), txLockTime: uint32(), sequence: uint32() },
  ensures: ({ lockTime, txLockTime, sequence }) =>
    isLockTimeSatisfied(lockTime, txLockTime, sequence) ===
    ((lockTime < 500000000n) === (txLockTime < 500000000) && lockTime <= BigInt(txLockTime) && sequence !== 4294967295),
});

export const cltvTypeMismatch = proof('CHECKLOCKTIMEVERIFY fails on a height/time type mismatch', {
  fn: isLockTimeSatisfied,
  spec: '§4.6',
  statement: 'A height lock (L < 500000000) against a time nLockTime (T >= 500000000), or the reverse, never passes.',
  inputs: { lockTime: big(0n, 2n ** 39n - 1n), txLockTime: uint32(), sequence: uint32() },
  requires: ({ lockTime, txLockTime }) => (lockTime < 500000000n) !== (txLockTime < 500000000),
  ensures: ({ lockTime, txLockTime, sequence }) => !isLockTimeSatisfied(lockTime, txLockTime, sequence),
});

export const csvDisableFlag = proof('CHECKSEQUENCEVERIFY fails when the input disables BIP68 (bit 31)', {
  fn: isSequenceSatisfied,
  spec: '§4.7',
  statement: 'If the input nSequence has bit 31 (0x80000000) set, or the tx version is below 2, CSV fails.',
  inputs: { scriptSequence: big(0n, 2n ** 39n - 1n), version: uint32(), sequence: uint32() },
  requires: ({ version, sequence }) => sequence >= 2147483648 || version < 2,
  ensures: ({ scriptSequence, version, sequence }) => !isSequenceSatisfied(scriptSequence, version, sequence),
});

export const csvTypeMismatch = proof('CHECKSEQUENCEVERIFY fails on a blocks/time type mismatch', {
  fn: isSequenceSatisfied,
  spec: '§4.7',
  statement: 'If exactly one of the script sequence and the input nSequence has the type bit 22 (0x00400000) set, CSV fails.',
  inputs: { scriptSequence: big(0n, 2n ** 39n - 1n), version: uint32(), sequence: uint32() },
  requires: ({ scriptSequence, sequence }) =>
    (Math.floor(sequence / 4194304) % 2 === 1) !== ((scriptSequence / 4194304n) % 2n === 1n),
  ensures: ({ scriptSequence, version, sequence }) => !isSequenceSatisfied(scriptSequence, version, sequence),
});

export const csvSatisfiedMeansNotAbove = proof('CHECKSEQUENCEVERIFY passes exactly when the masked lock is not above the input', {
  fn: isSequenceSatisfied,
  spec: '§4.7',
  arithSolver: 'simplex',
  statement:
    'For version >= 2 and an input without bit 31: CSV passes iff both have the same bit 22 and (script % 65536) <= (input % 65536).',
  inputs: { scriptSequence: big(0n, 2n ** 39n - 1n), version: int(2, 4294967295), sequence: int(0, 2147483647) },
  ensures: ({ scriptSequence, version, sequence }) =>
    isSequenceSatisfied(scriptSequence, version, sequence) ===
    (Math.floor(sequence / 4194304) % 2 === Number((scriptSequence / 4194304n) % 2n) && scriptSequence % 65536n <= BigInt(sequence % 65536)),
  covers: { 'a satisfied time lock': ({ scriptSequence, version, sequence }) => sequence >= 4194304 && isSequenceSatisfied(scriptSequence, version, sequence) },
});

export const bip68Disabled = proof('BIP68: bit 31 set means no relative lock', {
  fn: inputSequenceLock,
  spec: '§4.7',
  statement: 'An input whose nSequence has bit 31 set imposes no lock: (-1, -1).',
  inputs: { sequence: int(2147483648, 4294967295), coinHeight: nat31(), coinTime: uint32() },
  ensures: ({ sequence, coinHeight, coinTime }) => {
    const lock = inputSequenceLock(sequence, coinHeight, coinTime);
    return lock.minHeight === -1 && lock.minTime === -1;
  },
});

export const bip68HeightLock = proof('BIP68: a height lock of n blocks', {
  fn: inputSequenceLock,
  spec: '§4.7',
  statement: 'Bit 31 and bit 22 clear: the lock is height coinHeight + (nSequence % 65536) - 1 and no time lock.',
  inputs: { sequence: int(0, 2147483647), coinHeight: nat31(), coinTime: uint32() },
  requires: ({ sequence }) => Math.floor(sequence / 4194304) % 2 === 0,
  ensures: ({ sequence, coinHeight, coinTime }) => {
    const lock = inputSequenceLock(sequence, coinHeight, coinTime);
    return lock.minHeight === coinHeight + (sequence % 65536) - 1 && lock.minTime === -1;
  },
});

export const bip68TimeLock = proof('BIP68: a time lock in 512-second units', {
  fn: inputSequenceLock,
  spec: '§4.7',
  statement: 'Bit 31 clear, bit 22 set: the lock is time coinTime + (nSequence % 65536) * 512 - 1 and no height lock.',
  inputs: { sequence: int(0, 2147483647), coinHeight: nat31(), coinTime: uint32() },
  requires: ({ sequence }) => Math.floor(sequence / 4194304) % 2 === 1,
  ensures: ({ sequence, coinHeight, coinTime }) => {
    const lock = inputSequenceLock(sequence, coinHeight, coinTime);
    return lock.minTime === coinTime + (sequence % 65536) * 512 - 1 && lock.minHeight === -1;
  },
});

export const bip68VersionGate = proof('BIP68 applies only from version 2 with the flag set', {
  fn: calculateSequenceLocks,
  spec: '§4.7',
  statement: 'For tx version < 2 (read unsigned) or without LOCKTIME_VERIFY_SEQUENCE, CalculateSequenceLocks returns (-1, -1).',
  inputs: {
    version: uint32(),
    enforce: bool(),
    inputs: tuple(2, record({ sequence: uint32(), coinHeight: nat31(), coinMedianTimePast: uint32() })),
  },
  requires: ({ version, enforce }) => version < 2 || !enforce,
  ensures: ({ version, enforce, inputs }) => {
    const lock = calculateSequenceLocks(version, enforce, inputs);
    return lock.minHeight === -1 && lock.minTime === -1;
  },
});

export const bip68RelativeHeight = proof('BIP68: a height lock of n blocks is met exactly n blocks after the coin', {
  fn: evaluateSequenceLocks,
  spec: '§4.7',
  statement:
    'A version-2 tx with one input locked for n = nSequence % 65536 blocks (bits 31, 22 clear) on a coin of height h is valid in block b iff b >= h + n.',
  inputs: { sequence: int(0, 2147483647), coinHeight: nat31(), coinTime: uint32(), blockHeight: nat31(), mtp: uint32() },
  requires: ({ sequence }) => Math.floor(sequence / 4194304) % 2 === 0,
  ensures: ({ sequence, coinHeight, coinTime, blockHeight, mtp }) =>
    evaluateSequenceLocks(calculateSequenceLocks(2, true, [{ sequence, coinHeight, coinMedianTimePast: coinTime }]), blockHeight, mtp) ===
    blockHeight >= coinHeight + (sequence % 65536),
});

export const bip68MaxOverInputs = proof('BIP68: the transaction lock is the maximum over its inputs', {
  fn: calculateSequenceLocks,
  spec: '§4.7',
  statement: 'For version >= 2 with enforcement, the result is at least each input lock and equals one of them or -1.',
  inputs: {
    version: int(2, 4294967295),
    inputs: tuple(2, record({ sequence: uint32(), coinHeight: nat31(), coinMedianTimePast: uint32() })),
  },
  ensures: ({ version, inputs }) => {
    const lock = calculateSequenceLocks(version, true, inputs);
    const a = inputSequenceLock(inputs[0].sequence, inputs[0].coinHeight, inputs[0].coinMedianTimePast);
    const b = inputSequenceLock(inputs[1].sequence, inputs[1].coinHeight, inputs[1].coinMedianTimePast);
    return (
      lock.minHeight >= a.minHeight &&
      lock.minHeight >= b.minHeight &&
      lock.minTime >= a.minTime &&
      lock.minTime >= b.minTime &&
      (lock.minHeight === a.minHeight || lock.minHeight === b.minHeight || lock.minHeight === -1) &&
      (lock.minTime === a.minTime || lock.minTime === b.minTime || lock.minTime === -1)
    );
  },
});

export const bip68RelativeTime = proof('BIP68: a time lock of n * 512 s is met once the median time past reaches the coin\'s time + n * 512', {
  fn: evaluateSequenceLocks,
  spec: '§4.7',
  statement:
    'A version-2 tx with one input locked for n = nSequence % 65536 units of 512 s (bit 31 clear, bit 22 set) on a coin whose block\'s predecessor has median time past t is valid in a block whose predecessor has median time past m iff m >= t + 512 n, at any height.',
  inputs: { sequence: int(0, 2147483647), coinHeight: nat31(), coinTime: uint32(), blockHeight: nat31(), mtp: uint32() },
  requires: ({ sequence }) => Math.floor(sequence / 4194304) % 2 === 1,
  ensures: ({ sequence, coinHeight, coinTime, blockHeight, mtp }) =>
    evaluateSequenceLocks(calculateSequenceLocks(2, true, [{ sequence, coinHeight, coinMedianTimePast: coinTime }]), blockHeight, mtp) ===
    mtp >= coinTime + (sequence % 65536) * 512,
  covers: {
    'met exactly at t + 512 n': ({ sequence, coinTime, mtp }) => sequence % 65536 === 3 && mtp === coinTime + 1536,
    'not met one second earlier': ({ sequence, coinTime, mtp }) => sequence % 65536 === 3 && mtp === coinTime + 1535,
  },
});
