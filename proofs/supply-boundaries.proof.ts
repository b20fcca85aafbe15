/**
 * The supply bound's boundaries (SPEC.md §8.3, kernel/commitments/supply.ts): checkSupply accepts
 * a set holding exactly the subsidies issued up to its height and refuses one satoshi more, with
 * Bitcoin's literal amounts (proofs/supply.proof.ts proves the bound itself; this pins its edge,
 * which a mutation run found unpinned: `totalAmount < issuedSupply(...)` survived it).
 */
import { proof } from '../harness/dsl.js';
import { checkSupply } from '../kernel/commitments/supply.js';

const MAIN = { subsidyHalvingInterval: 210000 };
/** An interval long enough that the subsidies issued pass MAX_MONEY (21,000,000 BTC) at height 420,000. */
const LONG = { subsidyHalvingInterval: 100000000 };

export const supplyExactBoundary = proof('checkSupply accepts exactly the issued supply, not one satoshi more', {
  fn: checkSupply,
  spec: '§8.3',
  statement:
    'With the interval 210,000 and an empty or non-empty count: at height 0 a set of 5,000,000,000 sat passes and 5,000,000,001 does not; at 209,999 (the last block of the first era) 1,050,000,000,000,000 passes and one more does not; at 210,000 1,050,002,500,000,000 passes and one more does not; at 13,439,999 (the last block of the 64th era) 2,099,999,997,690,000 passes and one more does not; at height -1 only 0 passes; a count or amount of -1 never passes. With the interval 100,000,000, at height 420,000 (2,100,005,000,000,000 sat issued) 2,100,000,000,000,000 (MAX_MONEY) passes and one more does not: MAX_MONEY bounds the set where the subsidies do not (a mutation run found `totalAmount < MAX_MONEY` equivalent under the mainnet interval, whose issuance stays below it).',
  inputs: {},
  ensures: () =>
    checkSupply(0n, 5000000000n, 0, MAIN) &&
    !checkSupply(0n, 5000000001n, 0, MAIN) &&
    checkSupply(1n, 1050000000000000n, 209999, MAIN) &&
    !checkSupply(1n, 1050000000000001n, 209999, MAIN) &&
    checkSupply(2n, 1050002500000000n, 210000, MAIN) &&
    !checkSupply(2n, 1050002500000001n, 210000, MAIN) &&
    checkSupply(0n, 2099999997690000n, 13439999, MAIN) &&
    !checkSupply(0n, 2099999997690001n, 13439999, MAIN) &&
    checkSupply(0n, 0n, -1, MAIN) &&
    !checkSupply(0n, 1n, -1, MAIN) &&
    !checkSupply(-1n, 0n, 0, MAIN) &&
    !checkSupply(0n, -1n, 0, MAIN) &&
    checkSupply(0n, 2100000000000000n, 420000, LONG) &&
    !checkSupply(0n, 2100000000000001n, 420000, LONG),
});
