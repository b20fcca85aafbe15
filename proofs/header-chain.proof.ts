/**
 * The header chain (SPEC.md §6.3, §4.3): chain work of a header (Core's GetBlockProof), the
 * best-chain comparison, ancestors and median time past over chains built in the proof from
 * symbolic entries, with Bitcoin's literal values.
 */
import { big, bool, int, nat31, proof, tuple, uint32 } from '../harness/dsl.js';
import { type HeaderEntry, getAncestor, getMedianTimePast, getNextWorkRequired, hasMoreWork } from '../kernel/chain/header-chain.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { getBlockProof } from '../kernel/validation/pow.js';

const UINT256 = 2n ** 256n - 1n;

/** A header entry with the fields the header-chain functions read; the others are fixed. */
function entry(height: number, time: number, bits: number, chainWork: bigint, prev: HeaderEntry | undefined): HeaderEntry {
  return {
    header: { version: 4, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits, nonce: 0 },
    hash: new Uint8Array(32),
    height,
    chainWork,
    prev,
  };
}

export const moreWorkExact = proof('a tip replaces the best chain only with strictly more work', {
  fn: hasMoreWork,
  spec: '§6.3',
  statement:
    'For chain works a, b in [0, 2^256 - 1]: hasMoreWork(candidate with a, current with b) iff a > b; on a tie the current tip stays, and exactly one of two tips with different work has more.',
  inputs: { a: big(0n, UINT256), b: big(0n, UINT256), ha: nat31(), hb: nat31() },
  ensures: ({ a, b, ha, hb }) => {
    const x = entry(ha, 0, 0, a, undefined);
    const y = entry(hb, 0, 0, b, undefined);
    return hasMoreWork(x, y) === a > b && (a === b ? !hasMoreWork(x, y) && !hasMoreWork(y, x) : hasMoreWork(x, y) !== hasMoreWork(y, x));
  },
  covers: { 'a tie': ({ a, b }) => a === b, 'more work by one': ({ a, b }) => a === b + 1n },
});

export const ancestorByHeight = proof('GetAncestor returns the entry at the asked height, or none', {
  fn: getAncestor,
  spec: '§6.3',
  statement:
    'For a chain of 4 entries at heights h, h+1, h+2, h+3 (h in [0, 2^31 - 4]) and any height q in [-2^31, 2^31 - 1]: GetAncestor(tip, q) is the entry at height q when h <= q <= h+3, and undefined for q > h+3, for q < 0, and for q < h (the first entry has no parent here).',
  inputs: { h: int(0, 2 ** 31 - 4), q: int(-(2 ** 31), 2 ** 31 - 1), times: tuple(4, uint32()) },
  ensures: ({ h, q, times }) => {
    const e0 = entry(h, times[0], 0, 0n, undefined);
    const e1 = entry(h + 1, times[1], 0, 0n, e0);
    const e2 = entry(h + 2, times[2], 0, 0n, e1);
    const e3 = entry(h + 3, times[3], 0, 0n, e2);
    const a = getAncestor(e3, q);
    if (q < h || q > h + 3) return a === undefined;
    return a !== undefined && a.height === q && a.header.time === (q === h ? times[0] : q === h + 1 ? times[1] : q === h + 2 ? times[2] : times[3]);
  },
  covers: { 'the tip itself': ({ h, q }) => q === h + 3, 'the first entry': ({ h, q }) => q === h },
});

/** How many of `times` are at most / at least `r` (the median's definition, counted literally). */
function countAtMost(times: readonly number[], r: number): number {
  let n = 0;
  for (const t of times) if (t <= r) n++;
  return n;
}
function countAtLeast(times: readonly number[], r: number): number {
  let n = 0;
  for (const t of times) if (t >= r) n++;
  return n;
}

export const medianTimePastShortChain = proof('near genesis the median time past is the upper median of the times there are', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of only 4 entries (genesis and 3 blocks) with any uint32 times: GetMedianTimePast(tip) is one of the 4 times, at least 3 of them <= it and at least 2 >= it (element 2 of the 4 sorted, as Core\'s GetMedianTimePast over fewer than 11 blocks); for the genesis entry alone, its own time.',
  inputs: { times: tuple(4, uint32()) },
  ensures: ({ times }) => {
    const e0 = entry(0, times[0], 0, 0n, undefined);
    const e3 = entry(3, times[3], 0, 0n, entry(2, times[2], 0, 0n, entry(1, times[1], 0, 0n, e0)));
    const m = getMedianTimePast(e3);
    const all = [times[0], times[1], times[2], times[3]];
    return (m === times[0] || m === times[1] || m === times[2] || m === times[3]) && countAtMost(all, m) >= 3 && countAtLeast(all, m) >= 2 && getMedianTimePast(e0) === times[0];
  },
  covers: { 'four distinct times': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] },
});

/** Blocks 2..4 of a chain at heights h-2, h-1, h (h the parent of the new block), any bits and times. */
function lastThree(h: number, bits: readonly number[], times: readonly number[]): HeaderEntry {
  return entry(h, times[2] as number, bits[2] as number, 0n, entry(h - 1, times[1] as number, bits[1] as number, 0n, entry(h - 2, times[0] as number, bits[0] as number, 0n, undefined)));
}

export const nextWorkBetweenRetargets = proof('between retargets the next bits are the parent\'s, with testnet\'s 20-minute rule', {
  fn: getNextWorkRequired,
  spec: '§6.3',
  statement:
    'For a parent at height h with (h + 1) not a multiple of 2016, its two predecessors at h-1 and h-2 (the chain known here: 3 entries), any uint32 bits and times, and any new time: on mainnet the next bits are the parent\'s; on testnet3 they are 0x1d00ffff (the pow limit) when the new time is more than 1200 s after the parent\'s, otherwise the bits of the latest of the three blocks that is at a retarget height (a multiple of 2016) or does not carry 0x1d00ffff (the first entry when none is).',
  inputs: { h: int(2, 2 ** 31 - 2), bits: tuple(3, uint32()), times: tuple(3, uint32()), newTime: uint32() },
  requires: ({ h }) => (h + 1) % 2016 !== 0,
  ensures: ({ h, bits, times, newTime }) => {
    const prev = lastThree(h, bits, times);
    const main = getNextWorkRequired(prev, newTime, NETWORKS.main.consensus);
    const test = getNextWorkRequired(prev, newTime, NETWORKS.testnet3.consensus);
    const walked = bits[2] !== 0x1d00ffff || h % 2016 === 0 ? bits[2] : bits[1] !== 0x1d00ffff || (h - 1) % 2016 === 0 ? bits[1] : bits[0];
    return main === bits[2] && test === (newTime > times[2] + 1200 ? 0x1d00ffff : walked);
  },
  covers: {
    'a min-difficulty block 1201 s late': ({ times, newTime }) => newTime === times[2] + 1201,
    'exactly 1200 s late walks back': ({ times, newTime }) => newTime === times[2] + 1200,
    'two min-difficulty blocks walked past': ({ h, bits }) => bits[2] === 0x1d00ffff && bits[1] === 0x1d00ffff && h % 2016 > 2,
    'the walk stops at a retarget height': ({ h, bits }) => bits[2] === 0x1d00ffff && (h - 1) % 2016 === 0,
  },
});

export const blockProofSize29 = proof('chain work of a header of exponent 0x1d is floor(2^256 / (target + 1))', {
  fn: getBlockProof,
  spec: '§4.3',
  statement:
    'For every nBits = 0x1d * 2^24 + sign * 2^23 + word (exponent 29, the exponent of mainnet\'s easiest targets, any 23-bit word): GetBlockProof(nBits) = floor(2^256 / (T + 1)) in exact integers for T = word * 256^26 when the sign bit is clear and word > 0, and 0 when word = 0 or the sign bit is set (a negative target); no 256-bit intermediate overflows. Only this exponent is proved (each exponent is a separate 256-bit division query; the 33 of them exceed the time budget).',
  inputs: { negative: bool(), word: int(0, 0x7fffff) },
  ensures: ({ negative, word }) => {
    const work = getBlockProof(0x1d000000 + (negative ? 0x800000 : 0) + word);
    if (word === 0 || negative) return work === 0n;
    return work === 2n ** 256n / (BigInt(word) * 256n ** 26n + 1n);
  },
  covers: {
    'the genesis nBits 0x1d00ffff has work 0x100010001': ({ negative, word }) => !negative && word === 0xffff && getBlockProof(0x1d00ffff) === 0x100010001n,
    'a negative target has no work': ({ negative, word }) => negative && word === 1,
  },
});
