/**
 * getBlockScriptFlags (kernel/validation/script-flags.ts, SPEC.md §5.5) restated in the proofs'
 * subset (a loop instead of `.find` with a closure; exception flags as SCRIPT_VERIFY_* bits, as
 * Core's chainparams.cpp writes them, instead of flag names parsed by parseScriptFlags) against
 * the previous form, kept here as the reference: the exceptions by name, looked up with `.find`
 * and parsed with parseScriptFlags. Heights are random and at every activation boundary; hashes
 * are each network's exception blocks, the other networks' exceptions and random 32-byte hashes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORKS, type ConsensusParams, type NetworkName } from '../kernel/chain/params.js';
import { toHex } from '../kernel/encoding/hex.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
  parseScriptFlags,
} from '../kernel/script/flags.js';
import { getBlockScriptFlags } from '../kernel/validation/script-flags.js';

/** The exception tables as they were written before, by flag name (Core's chainparams.cpp). */
const EXCEPTIONS_BY_NAME: Readonly<Record<NetworkName, readonly { blockHash: string; flags: readonly string[] }[]>> = {
  main: [
    { blockHash: '00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22', flags: [] },
    { blockHash: '0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad', flags: ['P2SH', 'WITNESS'] },
  ],
  testnet3: [{ blockHash: '00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105', flags: [] }],
  testnet4: [],
  signet: [],
  regtest: [],
};

/** The previous getBlockScriptFlags, verbatim but for the table it reads. */
function referenceFlags(height: number, blockHash: string, network: NetworkName, params: ConsensusParams): number {
  const exception = EXCEPTIONS_BY_NAME[network].find((e) => e.blockHash === blockHash);
  let flags = exception ? parseScriptFlags(exception.flags.join(',')).flags : SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
  if (height >= params.bip66Height) flags |= SCRIPT_VERIFY_DERSIG;
  if (height >= params.bip65Height) flags |= SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
  if (height >= params.csvHeight) flags |= SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
  if (height >= params.segwitHeight) flags |= SCRIPT_VERIFY_NULLDUMMY;
  return flags;
}

const NETWORK_NAMES = Object.keys(NETWORKS) as NetworkName[];
const EXCEPTION_HASHES = NETWORK_NAMES.flatMap((n) => EXCEPTIONS_BY_NAME[n].map((e) => e.blockHash));

describe('§5.5 getBlockScriptFlags equals its previous form (.find over named flags)', () => {
  it('§5.5 the kernel tables hold the same exceptions as the named ones', () => {
    for (const n of NETWORK_NAMES) {
      const kernel = NETWORKS[n].consensus.scriptFlagExceptions;
      const named = EXCEPTIONS_BY_NAME[n];
      expect(kernel.map((e) => e.blockHash)).toEqual(named.map((e) => e.blockHash));
      expect(kernel.map((e) => e.flags)).toEqual(named.map((e) => parseScriptFlags(e.flags.join(',')).flags));
    }
  });

  it('§5.5 at every activation boundary, for every network and exception hash', () => {
    let compared = 0;
    for (const n of NETWORK_NAMES) {
      const p = NETWORKS[n].consensus;
      const heights = [0, 1, 2, 170060, 692261, ...[p.bip66Height, p.bip65Height, p.csvHeight, p.segwitHeight].flatMap((h) => [h - 1, h, h + 1])].filter((h) => h >= 0);
      for (const height of heights) {
        for (const hash of [...EXCEPTION_HASHES, '00'.repeat(32)]) {
          expect(getBlockScriptFlags(height, hash, p)).toBe(referenceFlags(height, hash, n, p));
          compared++;
        }
      }
    }
    // 5 networks x (5 fixed heights + 12 around the boundaries, fewer where they coincide or go below 0) x 4 hashes
    expect(compared).toBeGreaterThan(5 * 10 * 4);
  });

  it('§5.5 on random heights and hashes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NETWORK_NAMES),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.oneof(fc.constantFrom(...EXCEPTION_HASHES), fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex)),
        (n, height, hash) => getBlockScriptFlags(height, hash, NETWORKS[n].consensus) === referenceFlags(height, hash, n, NETWORKS[n].consensus),
      ),
      { numRuns: 2000 },
    );
  });
});
