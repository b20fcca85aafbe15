/**
 * Values as Bitcoin Core's RPC writes them: amounts in BTC (core_write.cpp ValueFromAmount),
 * difficulty (rpc/blockchain.cpp GetDifficulty), chain work as 64 hex digits (arith_uint256
 * GetHex), bits and versions as "%08x", the chain's name (CChainParams::GetChainTypeString).
 * Tested by test/rpc/methods.test.ts.
 */
import type { NetworkName } from '../../kernel/chain/params.js';

/**
 * Core's ValueFromAmount: satoshis as a JSON number of BTC. Core writes the text with eight
 * decimals ("21900.00000000"); a JS number is the same JSON value (the division of two exact
 * doubles is correctly rounded, so it is the double a JSON parser reads from Core's text).
 */
export function valueFromAmount(sats: bigint): number {
  return Number(sats) / 1e8;
}

/** Core's GetDifficulty: the difficulty-1 target (0x1d00ffff) over the target of `bits`, as a double. */
export function difficultyOf(bits: number): number {
  let shift = (bits >>> 24) & 0xff;
  let difficulty = 0x0000ffff / (bits & 0x00ffffff);
  while (shift < 29) {
    difficulty *= 256;
    shift++;
  }
  while (shift > 29) {
    difficulty /= 256;
    shift--;
  }
  return difficulty;
}

/** arith_uint256::GetHex: 64 lower-case hex digits. */
export function uint256Hex(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}

/** strprintf("%08x", ...) of a uint32 or int32 (a negative version prints as its two's complement). */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** Core's chain type strings (util/chaintype.cpp ChainTypeToString): testnet3 is "test". */
export function coreChainName(name: NetworkName): string {
  return name === 'testnet3' ? 'test' : name;
}
