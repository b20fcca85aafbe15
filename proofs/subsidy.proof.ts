/**
 * Block subsidy (SPEC.md §4.2): Core's GetBlockSubsidy with the kernel's own mainnet parameters
 * (NETWORKS.main.consensus, translated from kernel/chain/params.ts). The properties use Bitcoin's
 * literal values (210000, 5000000000, 64), never the kernel's constants, so a wrong constant in
 * the code or the parameters is caught.
 */
import { int, int32, proof } from '../harness/dsl.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { getBlockSubsidy, subsidyAfterHalvings } from '../kernel/validation/subsidy.js';

const MAINNET = NETWORKS.main.consensus;

export const subsidyCap = proof('subsidy never exceeds 50 BTC', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement: 'For every int32 height h, 0 <= GetBlockSubsidy(h) <= 5,000,000,000 sat (50 BTC).',
  inputs: { height: int32() },
  ensures: ({ height }) => getBlockSubsidy(height, MAINNET) >= 0n && getBlockSubsidy(height, MAINNET) <= 5000000000n,
  covers: {
    'subsidy is 50 BTC at some height': ({ height }) => getBlockSubsidy(height, MAINNET) === 5000000000n,
    'subsidy is zero at some height': ({ height }) => getBlockSubsidy(height, MAINNET) === 0n,
  },
});

export const subsidyNonIncreasing = proof('subsidy is non-increasing in height', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement: 'For heights 0 <= a <= b: GetBlockSubsidy(b) <= GetBlockSubsidy(a).',
  inputs: { a: int(0, 2 ** 31 - 1), b: int(0, 2 ** 31 - 1) },
  requires: ({ a, b }) => a <= b,
  ensures: ({ a, b }) => getBlockSubsidy(b, MAINNET) <= getBlockSubsidy(a, MAINNET),
  covers: { 'strictly decreasing step': ({ a, b }) => getBlockSubsidy(b, MAINNET) < getBlockSubsidy(a, MAINNET) },
});

export const subsidyHalves = proof('subsidy halves every 210000 blocks', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement: 'For 0 <= h: GetBlockSubsidy(h + 210000) = floor(GetBlockSubsidy(h) / 2).',
  inputs: { height: int(0, 2 ** 31 - 1 - 210000) },
  ensures: ({ height }) => getBlockSubsidy(height + 210000, MAINNET) === getBlockSubsidy(height, MAINNET) / 2n,
});

export const subsidyZeroFrom64 = proof('subsidy is zero from the 64th halving', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement: 'For every height h >= 64 * 210000 = 13,440,000: GetBlockSubsidy(h) = 0 (Core never shifts an int64 by 64 or more).',
  inputs: { height: int(13440000, 2 ** 31 - 1) },
  ensures: ({ height }) => getBlockSubsidy(height, MAINNET) === 0n,
});

export const subsidyConstantInEpoch = proof('subsidy is constant within a halving epoch', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement: 'For 0 <= h: GetBlockSubsidy(h) = GetBlockSubsidy(210000 * floor(h / 210000)), so each epoch pays 210000 equal subsidies.',
  inputs: { height: int(0, 2 ** 31 - 1) },
  ensures: ({ height }) => getBlockSubsidy(height, MAINNET) === getBlockSubsidy(Math.floor(height / 210000) * 210000, MAINNET),
});

export const subsidyNegativeHeight = proof('negative heights get no subsidy', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement: 'Outside the domain (h < 0) the subsidy is 0, never the 100 BTC a naive right shift by a negative amount gives at h = -210000.',
  inputs: { height: int(-(2 ** 31), -1) },
  ensures: ({ height }) => getBlockSubsidy(height, MAINNET) === 0n,
});

export const subsidyTotal = proof('total issuance is exactly 2,099,999,997,690,000 sat', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement:
    'Sum over the 64 epochs of 210000 * GetBlockSubsidy(first height of the epoch) = 2,099,999,997,690,000 sat < 21,000,000 BTC; with "constant within an epoch" and "zero from halving 64" this is the total over all heights.',
  inputs: {},
  ensures: () => {
    let total = 0n;
    for (let epoch = 0; epoch < 64; epoch++) total += 210000n * getBlockSubsidy(epoch * 210000, MAINNET);
    return total === 2099999997690000n && total < 2100000000000000n;
  },
});

/**
 * Issuance still to come from height h on: the rest of h's epoch at its subsidy, plus every
 * later epoch's 210000 blocks. A specification helper (exact arithmetic), not kernel code.
 */
function remainingIssuance(h: number): bigint {
  const epoch = Math.floor(h / 210000);
  let total = BigInt(210000 - (h % 210000)) * getBlockSubsidy(h, MAINNET);
  for (let e = 0; e < 64; e++) {
    if (e > epoch) total += 210000n * getBlockSubsidy(e * 210000, MAINNET);
  }
  return total;
}

export const subsidySupplyInduction = proof('supply never exceeds 2,099,999,997,690,000 sat at any height (induction)', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement:
    'With R(h) the issuance still to come from height h: R(0) = 2,099,999,997,690,000, R(h) >= 0 and R(h) = GetBlockSubsidy(h) + R(h + 1) for every height h >= 0, so the subsidies of heights 0..H-1 sum to R(0) - R(H) <= 2,099,999,997,690,000 sat < 21,000,000 BTC for every H.',
  inputs: { height: int(0, 2 ** 31 - 2) },
  ensures: ({ height }) =>
    remainingIssuance(0) === 2099999997690000n &&
    remainingIssuance(height) >= 0n &&
    remainingIssuance(height) === getBlockSubsidy(height, MAINNET) + remainingIssuance(height + 1),
  covers: {
    'an epoch boundary step': ({ height }) => height % 210000 === 209999,
  },
});

export const subsidyInterval = proof('the halving interval is a parameter: none or negative pays nothing, 1 halves every block', {
  fn: getBlockSubsidy,
  spec: '§4.2',
  statement:
    'For a halving interval i <= 0 the subsidy is 0 at every height (outside the domain, never a shift by a negative or fractional count); for i = 1 it is floor(50 BTC / 2^h) for h < 64 and 0 at 64; for regtest\'s i = 150 it halves at height 150.',
  inputs: { interval: int(-3, 1), height: int(0, 63) },
  // One case per height, so that 2^height is a constant.
  split: 'height',
  ensures: ({ interval, height }) => {
    const s = getBlockSubsidy(height, { subsidyHalvingInterval: interval });
    const expected = interval <= 0 ? 0n : 5000000000n / 2n ** BigInt(height);
    return (
      s === expected &&
      getBlockSubsidy(64, { subsidyHalvingInterval: 1 }) === 0n &&
      getBlockSubsidy(149, { subsidyHalvingInterval: 150 }) === 5000000000n &&
      getBlockSubsidy(150, { subsidyHalvingInterval: 150 }) === 2500000000n
    );
  },
  covers: { 'an interval of 0': ({ interval }) => interval === 0, 'an interval of 1': ({ interval }) => interval === 1 },
});

/** 5,000,000,000 >> h for h in [0, 32], written out (50, 25, 12.5, 6.25, 3.125 BTC, ...); from h = 33 on the shift leaves 0. */
const HALVED_SUBSIDY = [5000000000n, 2500000000n, 1250000000n, 625000000n, 312500000n, 156250000n, 78125000n, 39062500n, 19531250n, 9765625n, 4882812n, 2441406n, 1220703n, 610351n, 305175n, 152587n, 76293n, 38146n, 19073n, 9536n, 4768n, 2384n, 1192n, 596n, 298n, 149n, 74n, 37n, 18n, 9n, 4n, 2n, 1n];

export const subsidyAfterHalvingsLiteral = proof('the subsidy after h halvings is 5,000,000,000 >> h, and 0 from h = 64', {
  fn: subsidyAfterHalvings,
  spec: '§4.2',
  statement:
    'For every number of halvings h in [0, 2^31 - 1]: subsidyAfterHalvings(h) is 5,000,000,000 sat >> h, written out for h in [0, 32] (5,000,000,000, 2,500,000,000, ..., 2, 1 at h = 32) and 0 for h in [33, 63] (the shift leaves nothing), and 0 for every h >= 64 (Core\'s GetBlockSubsidy: `if (halvings >= 64) return 0`, shifting an int64 by 64 or more being undefined). Case split: each h in [0, 62] alone, then [63, 2^31 - 1].',
  inputs: { h: int(0, 2 ** 31 - 1) },
  split: { on: 'h', cases: [...Array.from({ length: 63 }, (_, k): [number, number] => [k, k]), [63, 2 ** 31 - 1]] },
  ensures: ({ h }) => subsidyAfterHalvings(h) === (h <= 32 ? (HALVED_SUBSIDY[h] as bigint) : 0n),
  covers: { 'exactly 64 halvings': ({ h }) => h === 64, 'one satoshi left': ({ h }) => h === 32 },
});
