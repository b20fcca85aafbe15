/**
 * The supply bound of a UTXO commitment (SPEC.md §8.3, kernel/commitments/supply.ts): the issued
 * supply grows by exactly each block's subsidy, reaches every satoshi ever issued, and a set
 * within it stays within it across a block whose coinbase claims at most the subsidy (fees are
 * spent inputs). The subsidy is stated literally: 5,000,000,000 sat halved every interval, zero
 * from the 64th halving. The halving interval is a concrete case per proof (mainnet's 210,000,
 * regtest's 150): issuedSupply's 64-era loop with a symbolic interval and height leaves the
 * linear fragment (era · interval), so the proofs cover the networks' intervals, not every one.
 * Each proof is split on the height by halving era (`split`, eight eras a case), so that the era
 * loop is mostly decided per case; the cases cover the whole height range of the statement.
 */
import { big, int, proof } from '../harness/dsl.js';
import { checkSupply, issuedSupply } from '../kernel/commitments/supply.js';

const MAIN = { subsidyHalvingInterval: 210000 };
const REGTEST = { subsidyHalvingInterval: 150 };

/** GetBlockSubsidy written out for a constant interval: 50 BTC >> floor(height / interval), zero from 64 halvings. */
const literalSubsidy = (height: number, interval: number): bigint =>
  Math.floor(height / interval) >= 64 ? 0n : 5000000000n >> BigInt(Math.floor(height / interval));

/**
 * Height cases by halving era, `per` eras a case, from `min` to `max` (a negative part first, the
 * heights past the 64th halving last): with the height's range narrowed to a few eras,
 * issuedSupply's era loop is mostly decided at translation (the set-within-issued proof: 1.39 M
 * rlimit as one case, 74 K in nine).
 */
function eraCases(interval: number, per: number, min: number, max: number): (readonly [number, number])[] {
  const cases: (readonly [number, number])[] = min < 0 ? [[min, -1]] : [];
  for (let e = 0; e < 64; e += per) cases.push([e * interval, Math.min(64, e + per) * interval - 1]);
  cases.push([64 * interval, max]);
  return cases;
}

export const issuedGrowsMainnet = proof("mainnet's issued supply grows by each block's subsidy", {
  fn: issuedSupply,
  spec: '§8.3',
  statement:
    'With the halving interval 210,000: issuedSupply(0) = 5,000,000,000 and, for every height h in [0, 2^31 - 2], issuedSupply(h + 1) = issuedSupply(h) + (5,000,000,000 >> floor((h + 1) / 210,000)) sat (0 from the 64th halving on), so issuedSupply(h) is the sum of the subsidies of heights 0..h.',
  inputs: { h: int(0, 2 ** 31 - 2) },
  split: { on: 'h', cases: eraCases(210000, 8, 0, 2 ** 31 - 2) },
  ensures: ({ h }) => issuedSupply(0, MAIN) === 5000000000n && issuedSupply(h + 1, MAIN) === issuedSupply(h, MAIN) + literalSubsidy(h + 1, 210000),
  covers: {
    'the first block of an era': ({ h }) => (h + 1) % 210000 === 0,
    'past the 64th halving': ({ h }) => h + 1 >= 64 * 210000,
  },
});

export const issuedGrowsRegtest = proof("regtest's issued supply grows by each block's subsidy", {
  fn: issuedSupply,
  spec: '§8.3',
  statement:
    'With the halving interval 150: issuedSupply(0) = 5,000,000,000 and, for every height h in [0, 2^31 - 2], issuedSupply(h + 1) = issuedSupply(h) + (5,000,000,000 >> floor((h + 1) / 150)) sat (0 from height 9,600 = 64 · 150 on).',
  inputs: { h: int(0, 2 ** 31 - 2) },
  split: { on: 'h', cases: eraCases(150, 8, 0, 2 ** 31 - 2) },
  ensures: ({ h }) => issuedSupply(0, REGTEST) === 5000000000n && issuedSupply(h + 1, REGTEST) === issuedSupply(h, REGTEST) + literalSubsidy(h + 1, 150),
  covers: {
    'the first block of an era': ({ h }) => (h + 1) % 150 === 0,
    'past the 64th halving': ({ h }) => h + 1 >= 9600,
  },
});

export const issuedCapMainnet = proof('mainnet issues at most 2,099,999,997,690,000 sat, all of it from height 13,439,999', {
  fn: issuedSupply,
  spec: '§8.3',
  statement:
    'With the interval 210,000, for every height h in [0, 2^31 - 1]: 0 < issuedSupply(h) <= 2,099,999,997,690,000 sat (< 21,000,000 BTC), with equality from h = 13,439,999 (the last block of the 64th era) on; issuedSupply(209,999) = 1,050,000,000,000,000 (one era of 50 BTC); a negative height has issued nothing.',
  inputs: { h: int(0, 2 ** 31 - 1) },
  split: { on: 'h', cases: eraCases(210000, 8, 0, 2 ** 31 - 1) },
  ensures: ({ h }) =>
    issuedSupply(h, MAIN) > 0n &&
    issuedSupply(h, MAIN) <= 2099999997690000n &&
    (h < 13439999 || issuedSupply(h, MAIN) === 2099999997690000n) &&
    issuedSupply(209999, MAIN) === 1050000000000000n &&
    issuedSupply(-1, MAIN) === 0n,
  covers: { 'below the cap': ({ h }) => issuedSupply(h, MAIN) < 2099999997690000n },
});

export const supplyStaysWithinIssued = proof('a set within the issued supply stays within it across a block', {
  fn: checkSupply,
  spec: '§8.3',
  statement:
    "With the interval 210,000: for a set of count c and amount a that checkSupply accepts at height h in [0, 2^31 - 2], and a block at h + 1 after which the count is c' in [0, 2^62] and the amount a' in [0, 2,100,000,000,000,000] with a' <= a + (5,000,000,000 >> floor((h + 1) / 210,000)) (its coinbase claims at most subsidy + fees, and fees are spent inputs): checkSupply accepts c', a' at h + 1.",
  inputs: { c: big(0n, 2n ** 62n), a: big(0n, 2100000000000000n), c2: big(0n, 2n ** 62n), a2: big(0n, 2100000000000000n), h: int(0, 2 ** 31 - 2) },
  split: { on: 'h', cases: eraCases(210000, 8, 0, 2 ** 31 - 2) },
  requires: ({ c, a, a2, h }) => checkSupply(c, a, h, MAIN) && a2 <= a + literalSubsidy(h + 1, 210000),
  ensures: ({ c2, a2, h }) => checkSupply(c2, a2, h + 1, MAIN),
  covers: { 'the whole subsidy added': ({ a, a2, h }) => a2 === a + literalSubsidy(h + 1, 210000) && a2 > a },
});

export const supplyRejectsNegative = proof('a negative count or amount, or more than issued, is never accepted', {
  fn: checkSupply,
  spec: '§8.3',
  statement:
    'For any count c and amount a in [-2^63, 2^63 - 1] and height h in [-2^31, 2^31 - 1], interval 210,000: checkSupply(c, a, h) implies c >= 0, 0 <= a <= 2,100,000,000,000,000 and a <= issuedSupply(h); at a negative height only the empty amount 0 passes.',
  inputs: { c: big(-(2n ** 63n), 2n ** 63n - 1n), a: big(-(2n ** 63n), 2n ** 63n - 1n), h: int(-(2 ** 31), 2 ** 31 - 1) },
  split: { on: 'h', cases: eraCases(210000, 8, -(2 ** 31), 2 ** 31 - 1) },
  ensures: ({ c, a, h }) =>
    !checkSupply(c, a, h, MAIN) || (c >= 0n && a >= 0n && a <= 2100000000000000n && a <= issuedSupply(h, MAIN) && (h >= 0 || a === 0n)),
  covers: {
    'accepted': ({ c, a, h }) => checkSupply(c, a, h, MAIN) && a > 0n,
    'a negative count refused': ({ c, a, h }) => c < 0n && a >= 0n && a <= issuedSupply(h, MAIN),
  },
});

export const issuedSmallIntervals = proof('a halving interval of 0 or less issues nothing; an interval of 1 halves the subsidy every block', {
  fn: issuedSupply,
  spec: '§8.3',
  statement:
    'For every height h in [0, 2^31 - 1]: with a halving interval of 0 or -1 the issued supply is 0 (no network has such an interval; Core\'s GetBlockSubsidy would divide by it); with an interval of 1 the subsidy halves at every block: 5,000,000,000 sat issued at height 0, 7,500,000,000 at height 1 and 8,750,000,000 at height 2.',
  inputs: { h: int(0, 2 ** 31 - 1) },
  ensures: ({ h }) =>
    issuedSupply(h, { subsidyHalvingInterval: 0 }) === 0n &&
    issuedSupply(h, { subsidyHalvingInterval: -1 }) === 0n &&
    issuedSupply(0, { subsidyHalvingInterval: 1 }) === 5000000000n &&
    issuedSupply(1, { subsidyHalvingInterval: 1 }) === 7500000000n &&
    issuedSupply(2, { subsidyHalvingInterval: 1 }) === 8750000000n,
});
