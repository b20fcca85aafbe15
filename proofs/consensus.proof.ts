/**
 * Peer agreement on a UTXO commitment (SPEC.md §9.2): the verdict on the counts
 * (kernel/consensus/peer-consensus.ts, `consensusVerdict` and `meetsThreshold`) lets at most one
 * commitment be agreed, compares the share of agreeing peers with the threshold exactly, never
 * agrees with fewer peers than ceil(n/d · asked) or with fewer than `minPeers` asked, and the
 * checkpoint sits 2,016 headers below the best one. Counts up to 2^31 - 1; thresholds as any
 * integers, so the proofs also cover the ones the verdict refuses.
 */
import { big, int, nat31, proof, record } from '../harness/dsl.js';
import { consensusVerdict, defaultCheckpointHeight, isValidThreshold, meetsThreshold } from '../kernel/consensus/peer-consensus.js';

/** Any integer threshold, valid or not (|n|, |d| up to 2^40). */
const anyThreshold = record({ numerator: int(-(2 ** 40), 2 ** 40), denominator: int(-(2 ** 40), 2 ** 40) });

export const atMostOneAgreed = proof('two disjoint groups of peers are never both agreed', {
  fn: consensusVerdict,
  spec: '§9.2',
  statement:
    'For any integer threshold n/d and minPeers, and two disjoint groups of a and b peers among the asked ones (a + b <= asked <= 2^31 - 1): consensusVerdict does not allow both a and b. (With n/d > 1/2, a·d >= n·asked and b·d >= n·asked would give (a + b)·d > asked·d.)',
  inputs: { a: nat31(), b: nat31(), asked: nat31(), minPeers: nat31(), threshold: anyThreshold },
  requires: ({ a, b, asked }) => a + b <= asked,
  ensures: ({ a, b, asked, minPeers, threshold }) =>
    !(consensusVerdict(a, asked, { minPeers, threshold }) === undefined && consensusVerdict(b, asked, { minPeers, threshold }) === undefined),
  covers: {
    'one of the groups is agreed': ({ a, asked, minPeers, threshold }) => consensusVerdict(a, asked, { minPeers, threshold }) === undefined,
  },
});

export const thresholdIsExact = proof('the integer threshold test equals the rational comparison', {
  fn: meetsThreshold,
  spec: '§9.2',
  statement:
    'For agreeing and asked in [0, 2^31 - 1] and a threshold n/d with 0 <= n <= d, 1 <= d <= 2^20: meetsThreshold is true exactly when agreeing · d >= n · asked in unbounded integers, i.e. agreeing / asked >= n / d for asked > 0 (the products stay below 2^53, so the JavaScript numbers are exact).',
  inputs: { agreeing: nat31(), asked: nat31(), numerator: int(0, 2 ** 20), denominator: int(1, 2 ** 20) },
  requires: ({ numerator, denominator }) => numerator <= denominator,
  ensures: ({ agreeing, asked, numerator, denominator }) =>
    meetsThreshold(agreeing, asked, { numerator, denominator }) === BigInt(agreeing) * BigInt(denominator) >= BigInt(numerator) * BigInt(asked),
  covers: {
    'exactly at the threshold': ({ agreeing, asked, numerator, denominator }) => agreeing > 0 && agreeing * denominator === numerator * asked,
    'one short of it': ({ agreeing, asked, numerator, denominator }) => (agreeing + 1) * denominator === numerator * asked + 1,
  },
});

export const agreementNeedsTheCeiling = proof('agreement needs ceil(n/d · asked) peers, and that many suffice', {
  fn: consensusVerdict,
  spec: '§9.2',
  statement:
    'For a threshold n/d in (1/2, 1] with d <= 2^20, asked in [1, 2^31 - 1] with asked >= minPeers, the largest group at most asked, and k = ceil(n · asked / d) (the integer with (k - 1)·d < n·asked <= k·d): the verdict allows agreement exactly when the largest group has at least k peers.',
  inputs: { largest: nat31(), asked: nat31(), minPeers: nat31(), numerator: int(1, 2 ** 20), denominator: int(1, 2 ** 20), k: big(0n, 2n ** 31n) },
  requires: ({ largest, asked, minPeers, numerator, denominator, k }) =>
    2 * numerator > denominator &&
    numerator <= denominator &&
    asked >= 1 &&
    asked >= minPeers &&
    largest <= asked &&
    (k - 1n) * BigInt(denominator) < BigInt(numerator) * BigInt(asked) &&
    BigInt(numerator) * BigInt(asked) <= k * BigInt(denominator),
  ensures: ({ largest, asked, minPeers, numerator, denominator, k }) =>
    (consensusVerdict(largest, asked, { minPeers, threshold: { numerator, denominator } }) === undefined) === BigInt(largest) >= k,
  covers: {
    'agreed with exactly k': ({ largest, k }) => BigInt(largest) === k,
    'refused with k - 1': ({ largest, k }) => BigInt(largest) === k - 1n,
  },
});

export const tooFewPeersNeverAgree = proof('fewer diverse peers asked than minPeers never agree', {
  fn: consensusVerdict,
  spec: '§9.2',
  statement: 'For any counts and any integer threshold: when fewer peers were asked than minPeers, the verdict refuses agreement, whatever the largest group.',
  inputs: { largest: nat31(), asked: nat31(), minPeers: nat31(), threshold: anyThreshold },
  requires: ({ asked, minPeers }) => asked < minPeers,
  ensures: ({ largest, asked, minPeers, threshold }) => consensusVerdict(largest, asked, { minPeers, threshold }) !== undefined,
  covers: { 'every peer asked agrees': ({ largest, asked }) => largest === asked && asked > 0 },
});

export const checkpointOneRetargetBelow = proof('the default checkpoint is 2,016 headers below the best one, at least 0', {
  fn: defaultCheckpointHeight,
  spec: '§9.2',
  statement: 'For a best header height h in [0, 2^31 - 1]: the default checkpoint height is h - 2,016 when h >= 2,016, else 0.',
  inputs: { h: nat31() },
  ensures: ({ h }) => defaultCheckpointHeight(h) === (h >= 2016 ? h - 2016 : 0),
  covers: { 'exactly one period': ({ h }) => h === 2016 },
});

export const validThresholdsAreExactlyAboveHalf = proof('a threshold n/d is valid exactly when 1 <= d <= 2^20 and d/2 < n <= d', {
  fn: isValidThreshold,
  spec: '§9.2',
  statement:
    'For every pair of integers n, d with |n| <= 2^52 - 1 and |d| <= 2^53 - 1 (so 2·n stays a safe integer, as the translator requires of every product; fractions, NaN and infinities are outside this domain): isValidThreshold({ numerator: n, denominator: d }) holds exactly when 1 <= d <= 1,048,576 (2^20) and floor(d / 2) + 1 <= n <= d, i.e. n/d in (1/2, 1]. The pair is judged, not the reduced fraction: 4/5, 8/10 and 1/1 are valid; 1/2, 3/6, 0/1, 5/4, -1/-1 and 1,048,577/1,048,577 (value 1, denominator over 2^20) are not.',
  inputs: { n: int(-(2 ** 52 - 1), 2 ** 52 - 1), d: int(-(2 ** 53 - 1), 2 ** 53 - 1) },
  ensures: ({ n, d }) =>
    isValidThreshold({ numerator: n, denominator: d }) === (d >= 1 && d <= 1048576 && n >= Math.floor(d / 2) + 1 && n <= d) &&
    isValidThreshold({ numerator: 4, denominator: 5 }) &&
    isValidThreshold({ numerator: 8, denominator: 10 }) &&
    isValidThreshold({ numerator: 1, denominator: 1 }) &&
    !isValidThreshold({ numerator: 1, denominator: 2 }) &&
    !isValidThreshold({ numerator: 3, denominator: 6 }) &&
    !isValidThreshold({ numerator: 0, denominator: 1 }) &&
    !isValidThreshold({ numerator: 5, denominator: 4 }) &&
    !isValidThreshold({ numerator: -1, denominator: -1 }) &&
    !isValidThreshold({ numerator: 1048577, denominator: 1048577 }),
  covers: {
    'the largest denominator, just above one half': ({ n, d }) => d === 1048576 && n === 524289,
    'exactly one half': ({ n, d }) => d > 0 && 2 * n === d,
  },
});
