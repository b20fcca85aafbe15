/**
 * Header-chain rules over chains built in the proof (SPEC.md §6.3): Core's
 * CBlockIndex::GetMedianTimePast (src/chain.h: the times of the block and its 10 predecessors,
 * fewer near genesis, sorted, element [n / 2]) for chains of 1 to 12 entries, and Core's
 * ContextualCheckBlockHeader (src/validation.cpp) reject reasons in Core's order, with
 * Bitcoin's literal values (11 blocks, 2 * 60 * 60 s, 2016-block periods, BIP94's 600 s).
 */
import { int, int32, nat31, proof, tuple, uint32 } from '../harness/dsl.js';
import { type HeaderEntry, contextualCheckBlockHeader, getMedianTimePast, hasOutdatedVersion } from '../kernel/chain/header-chain.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { toHex } from '../kernel/encoding/hex.js';

/** A header entry with the fields the header-chain functions read; the others are fixed. */
function entry(height: number, time: number, bits: number, version: number, prev: HeaderEntry | undefined): HeaderEntry {
  return {
    header: { version, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits, nonce: 0 },
    hash: new Uint8Array(32),
    height,
    chainWork: 0n,
    prev,
  };
}

/** The chain of entries 0..n-1 with times[i] at height i; returns its tip (entry n - 1). */
function chainOf(times: readonly number[], n: number): HeaderEntry {
  let tip = entry(0, times[0] as number, 0, 4, undefined);
  for (let i = 1; i < n; i++) tip = entry(i, times[i] as number, 0, 4, tip);
  return tip;
}

/** How many of the window's times (entries n - 1 down to n - m, m = min(n, 11), tip first) are below / at most r. */
function countBelow(times: readonly number[], n: number, r: number): number {
  const m = n < 11 ? n : 11;
  let c = 0;
  for (let j = n - 1; j >= n - m; j--) if ((times[j] as number) < r) c++;
  return c;
}
function countAtMost(times: readonly number[], n: number, r: number): number {
  const m = n < 11 ? n : 11;
  let c = 0;
  for (let j = n - 1; j >= n - m; j--) if ((times[j] as number) <= r) c++;
  return c;
}
/** Whether r is element [m / 2] of the window's sorted times, counted literally: at most m / 2 of them below r, more than m / 2 at or below it. */
function isSortedMiddle(times: readonly number[], n: number, r: number): boolean {
  const m = n < 11 ? n : 11;
  return countBelow(times, n, r) <= Math.floor(m / 2) && Math.floor(m / 2) < countAtMost(times, n, r);
}
/**
 * Whether entry k is the newest entry whose time is the window's sorted middle (every window has
 * one, so naming it assumes nothing). The kernel tries the times from the tip back and returns the
 * first that is the middle: naming the newest lets the solver skip showing that two middles are
 * equal (11 entries: 266 K rlimit, against 77 M for an arbitrary k holding the middle).
 */
function isNewestMiddle(times: readonly number[], n: number, k: number): boolean {
  if (!isSortedMiddle(times, n, times[k] as number)) return false;
  for (let j = n - 1; j > k; j--) if (isSortedMiddle(times, n, times[j] as number)) return false;
  return true;
}

export const medianTimePast1 = proof('the median time past of a 1-entry chain is element 0 of its 1 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 1 entry (heights 0..0, genesis first) with any uint32 times, and k the newest entry whose time is element 0 (= floor(1/2)) of the 1 times sorted (at most 0 of them below t_k, at least 1 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(1, uint32()), k: int(0, 0) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 1, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 1)) === times[k],
});

export const medianTimePast2 = proof('the median time past of a 2-entry chain is element 1 of its 2 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 2 entries (heights 0..1, genesis first) with any uint32 times, and k the newest entry whose time is element 1 (= floor(2/2)) of the 2 times sorted (at most 1 of them below t_k, at least 2 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(2, uint32()), k: int(0, 1) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 2, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 2)) === times[k],
  covers: { 'the median of 2 distinct times in order is the middle one': ({ times }) => times[0] < times[1] },
});

export const medianTimePast3 = proof('the median time past of a 3-entry chain is element 1 of its 3 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 3 entries (heights 0..2, genesis first) with any uint32 times, and k the newest entry whose time is element 1 (= floor(3/2)) of the 3 times sorted (at most 1 of them below t_k, at least 2 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(3, uint32()), k: int(0, 2) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 3, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 3)) === times[k],
  covers: { 'the median of 3 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] },
});

export const medianTimePast4 = proof('the median time past of a 4-entry chain is element 2 of its 4 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 4 entries (heights 0..3, genesis first) with any uint32 times, and k the newest entry whose time is element 2 (= floor(4/2)) of the 4 times sorted (at most 2 of them below t_k, at least 3 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(4, uint32()), k: int(0, 3) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 4, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 4)) === times[k],
  covers: { 'the median of 4 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] },
});

export const medianTimePast5 = proof('the median time past of a 5-entry chain is element 2 of its 5 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 5 entries (heights 0..4, genesis first) with any uint32 times, and k the newest entry whose time is element 2 (= floor(5/2)) of the 5 times sorted (at most 2 of them below t_k, at least 3 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(5, uint32()), k: int(0, 4) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 5, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 5)) === times[k],
  covers: { 'the median of 5 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] },
});

export const medianTimePast6 = proof('the median time past of a 6-entry chain is element 3 of its 6 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 6 entries (heights 0..5, genesis first) with any uint32 times, and k the newest entry whose time is element 3 (= floor(6/2)) of the 6 times sorted (at most 3 of them below t_k, at least 4 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(6, uint32()), k: int(0, 5) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 6, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 6)) === times[k],
  covers: { 'the median of 6 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] && times[4] < times[5] },
});

export const medianTimePast7 = proof('the median time past of a 7-entry chain is element 3 of its 7 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 7 entries (heights 0..6, genesis first) with any uint32 times, and k the newest entry whose time is element 3 (= floor(7/2)) of the 7 times sorted (at most 3 of them below t_k, at least 4 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(7, uint32()), k: int(0, 6) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 7, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 7)) === times[k],
  covers: { 'the median of 7 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] && times[4] < times[5] && times[5] < times[6] },
});

export const medianTimePast8 = proof('the median time past of a 8-entry chain is element 4 of its 8 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 8 entries (heights 0..7, genesis first) with any uint32 times, and k the newest entry whose time is element 4 (= floor(8/2)) of the 8 times sorted (at most 4 of them below t_k, at least 5 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(8, uint32()), k: int(0, 7) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 8, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 8)) === times[k],
  covers: { 'the median of 8 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] && times[4] < times[5] && times[5] < times[6] && times[6] < times[7] },
});

export const medianTimePast9 = proof('the median time past of a 9-entry chain is element 4 of its 9 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 9 entries (heights 0..8, genesis first) with any uint32 times, and k the newest entry whose time is element 4 (= floor(9/2)) of the 9 times sorted (at most 4 of them below t_k, at least 5 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(9, uint32()), k: int(0, 8) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 9, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 9)) === times[k],
  covers: { 'the median of 9 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] && times[4] < times[5] && times[5] < times[6] && times[6] < times[7] && times[7] < times[8] },
});

export const medianTimePast10 = proof('the median time past of a 10-entry chain is element 5 of its 10 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 10 entries (heights 0..9, genesis first) with any uint32 times, and k the newest entry whose time is element 5 (= floor(10/2)) of the 10 times sorted (at most 5 of them below t_k, at least 6 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value near genesis. One case per k.',
  inputs: { times: tuple(10, uint32()), k: int(0, 9) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 10, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 10)) === times[k],
  covers: { 'the median of 10 distinct times in order is the middle one': ({ times }) => times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] && times[4] < times[5] && times[5] < times[6] && times[6] < times[7] && times[7] < times[8] && times[8] < times[9] },
});

export const medianTimePast11 = proof('the median time past of 11 blocks is element 5 of their times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 11 entries (heights 0..10) with any uint32 times, and k the newest entry whose time is element 5 (= floor(11/2)) of the 11 times sorted (at most 5 of them below t_k, at least 6 at or below it; every list has such an entry): GetMedianTimePast(tip) = t_k, Core\'s sort-and-take value. One case per k.',
  inputs: { times: tuple(11, uint32()), k: int(0, 10) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 11, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 11)) === times[k],
  covers: {
    'eleven distinct times in order': ({ times }) =>
      times[0] < times[1] && times[1] < times[2] && times[2] < times[3] && times[3] < times[4] && times[4] < times[5] &&
      times[5] < times[6] && times[6] < times[7] && times[7] < times[8] && times[8] < times[9] && times[9] < times[10],
  },
});

export const medianTimePast12 = proof('the median time past of a 12-entry chain is element 5 of its last 11 times sorted', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 12 entries (heights 0..11) with any uint32 times, and k the newest of the last 11 entries (the tip and its 10 predecessors) whose time is element 5 of those 11 times sorted (every list has one): GetMedianTimePast(tip) = t_k; the time of entry 0 counts for nothing. One case per k.',
  inputs: { times: tuple(12, uint32()), k: int(1, 11) },
  split: 'k',
  requires: ({ times, k }) => isNewestMiddle(times, 12, k),
  ensures: ({ times, k }) => getMedianTimePast(chainOf(times, 12)) === times[k],
  covers: {
    'the oldest time, left out, below all the others': ({ times }) =>
      times[0] < times[1] && times[0] < times[2] && times[0] < times[3] && times[0] < times[4] && times[0] < times[5] && times[0] < times[6] &&
      times[0] < times[7] && times[0] < times[8] && times[0] < times[9] && times[0] < times[10] && times[0] < times[11],
  },
});

/** The chain of entries a..n-1 alone (the entry at height a has no parent here); returns its tip. */
function chainFrom(times: readonly number[], a: number, n: number): HeaderEntry {
  let tip = entry(a, times[a] as number, 0, 4, undefined);
  for (let i = a + 1; i < n; i++) tip = entry(i, times[i] as number, 0, 4, tip);
  return tip;
}

export const medianTimePastSpan = proof('the median time past reads only the tip and its 10 predecessors', {
  fn: getMedianTimePast,
  spec: '§6.3',
  statement:
    'For a chain of 12 entries (heights 0..11) with any uint32 times: GetMedianTimePast(tip) equals GetMedianTimePast of its last 11 entries alone (heights 1..11): the time of the 12th entry back is never read (Core\'s nMedianTimeSpan = 11), and with 11 entries the time of every one can change the median.',
  inputs: { times: tuple(12, uint32()) },
  ensures: ({ times }) => getMedianTimePast(chainOf(times, 12)) === getMedianTimePast(chainFrom(times, 1, 12)),
  covers: {
    'the oldest time alone below all others': ({ times }) =>
      times[0] < times[1] && times[0] < times[2] && times[0] < times[3] && times[0] < times[4] && times[0] < times[5] && times[0] < times[6] &&
      times[0] < times[7] && times[0] < times[8] && times[0] < times[9] && times[0] < times[10] && times[0] < times[11],
  },
});

/** The middle one of three times: element 1 of the three sorted. */
function middleOfThree(a: number, b: number, c: number): number {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  return c < lo ? lo : c > hi ? hi : c;
}

/** The reject reason of a result, or 'ok'. */
function verdict(r: { ok: boolean; error?: { reason: string } }): string {
  return r.ok ? 'ok' : (r.error as { reason: string }).reason;
}

/** Blocks at heights h-2, h-1, h (h the parent of the new block) with the given times; the parent has `bits`. */
function lastThree(h: number, bits: number, times: readonly number[]): HeaderEntry {
  return entry(h, times[2] as number, bits, 4, entry(h - 1, times[1] as number, 0, 4, entry(h - 2, times[0] as number, 0, 4, undefined)));
}

export const contextualHeaderOrder = proof('ContextualCheckBlockHeader on mainnet: bad-diffbits, time-too-old, time-too-new in Core\'s order, else accepted', {
  fn: contextualCheckBlockHeader,
  spec: '§6.3',
  statement:
    'On mainnet, for a new header on a parent at height h (h + 1 not a multiple of 2016; the chain known here: 3 entries at h-2, h-1, h with any uint32 times, the parent with any uint32 bits P), any uint32 bits B and time T, any clock now in [0, 2^32 - 1], and either (case sel = 0) any h in [2, 2^31 - 2] and any version in [4, 2^31 - 1], or (case sel = 1) h + 1 <= 227,930 (before BIP34 at 227,931) and any int32 version: the result is "bad-diffbits" if B != P; else "time-too-old" if T <= the median of the three times (element 1 sorted); else "time-too-new" if T > now + 2 * 60 * 60; else accepted (before BIP34 no version is rejected). Versions below 4 after BIP65: contextualHeaderOutdatedVersion.',
  inputs: {
    sel: int(0, 1),
    hAny: int(2, 2 ** 31 - 2),
    hEarly: int(2, 227929),
    versionNew: int(4, 2 ** 31 - 1),
    versionAny: int32(),
    prevBits: uint32(),
    times: tuple(3, uint32()),
    bits: uint32(),
    time: uint32(),
    now: uint32(),
  },
  split: 'sel',
  requires: ({ sel, hAny, hEarly }) => ((sel === 0 ? hAny : hEarly) + 1) % 2016 !== 0,
  ensures: ({ sel, hAny, hEarly, versionNew, versionAny, prevBits, times, bits, time, now }) => {
    const h = sel === 0 ? hAny : hEarly;
    const version = sel === 0 ? versionNew : versionAny;
    const header = { version, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits, nonce: 0 };
    const r = verdict(contextualCheckBlockHeader(header, lastThree(h, prevBits, times), NETWORKS.main.consensus, now));
    const expected =
      bits !== prevBits ? 'bad-diffbits' : time <= middleOfThree(times[0], times[1], times[2]) ? 'time-too-old' : time > now + 2 * 60 * 60 ? 'time-too-new' : 'ok';
    return r === expected;
  },
  covers: {
    'bits off by one': ({ bits, prevBits }) => bits === prevBits + 1,
    'time equal to the median time past is too old': ({ bits, prevBits, times, time }) => bits === prevBits && times[0] < times[1] && times[1] < times[2] && time === times[1],
    'one second after the median time past': ({ bits, prevBits, times, time, now }) => bits === prevBits && times[0] < times[1] && times[1] < times[2] && time === times[1] + 1 && time < now,
    'exactly two hours ahead is accepted': ({ bits, prevBits, times, time, now }) => bits === prevBits && time > times[0] && time > times[1] && time > times[2] && time === now + 7200,
    'two hours and a second ahead is too new': ({ bits, prevBits, times, time, now }) => bits === prevBits && time > times[0] && time > times[1] && time > times[2] && time === now + 7201,
    'version 4': ({ sel, versionNew }) => sel === 0 && versionNew === 4,
    'a version-1 header at 227,930 is accepted': ({ sel, hEarly, versionAny, bits, prevBits, times, time, now }) =>
      sel === 1 && hEarly === 227929 && versionAny === 1 && bits === prevBits && time > times[0] && time > times[1] && time > times[2] && time <= now,
    'a negative version before BIP34': ({ sel, versionAny }) => sel === 1 && versionAny < 0,
  },
});

/**
 * Core's "bad-version(0x%08x)" for an int32 version: the template around the 8 hex digits of the
 * version as a uint32, its bytes most significant first (by division, not the kernel's shifts).
 */
function badVersionReason(version: number): string {
  const u = version < 0 ? version + 4294967296 : version;
  return `bad-version(0x${toHex(Uint8Array.of(Math.floor(u / 16777216), Math.floor(u / 65536) % 256, Math.floor(u / 256) % 256, u % 256))})`;
}

export const contextualHeaderOutdatedVersion = proof('ContextualCheckBlockHeader on mainnet after BIP65: a version below 4 is bad-version(0x%08x), after the bits and time rules', {
  fn: contextualCheckBlockHeader,
  spec: '§6.3',
  statement:
    'On mainnet, for a new header at height h + 1 >= 388,381 (BIP65; h + 1 not a multiple of 2016, h <= 2^31 - 2) on the 3 entries at h-2, h-1, h (any uint32 times, the parent with any uint32 bits P), any uint32 bits B, time T and clock now, and any int32 version v <= 3: the result is "bad-diffbits" if B != P; else "time-too-old" if T <= the median of the three times; else "time-too-new" if T > now + 2 * 60 * 60; else "bad-version(0x" followed by v as a uint32 in 8 hex digits (its bytes floor(u / 2^24), floor(u / 2^16) mod 256, floor(u / 2^8) mod 256, u mod 256 for u = v mod 2^32, written by toHex: strings are modelled as functions of their parts, CI.md) and ")". contextualHeaderOrder keeps versions of 4 and more after BIP34, where this rule accepts (a mutation run found the rule dropped "equivalent" under it).',
  inputs: {
    h: int(388380, 2 ** 31 - 2),
    version: int(-(2 ** 31), 3),
    prevBits: uint32(),
    times: tuple(3, uint32()),
    bits: uint32(),
    time: uint32(),
    now: uint32(),
  },
  requires: ({ h }) => (h + 1) % 2016 !== 0,
  ensures: ({ h, version, prevBits, times, bits, time, now }) => {
    const header = { version, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits, nonce: 0 };
    const r = verdict(contextualCheckBlockHeader(header, lastThree(h, prevBits, times), NETWORKS.main.consensus, now));
    const expected =
      bits !== prevBits ? 'bad-diffbits' : time <= middleOfThree(times[0], times[1], times[2]) ? 'time-too-old' : time > now + 2 * 60 * 60 ? 'time-too-new' : badVersionReason(version);
    return r === expected;
  },
  covers: {
    'version 3 at 388,381, every other rule met': ({ h, version, bits, prevBits, times, time, now }) =>
      h === 388380 && version === 3 && bits === prevBits && time > times[0] && time > times[1] && time > times[2] && time <= now,
    'version -1 (0xffffffff), every other rule met': ({ version, bits, prevBits, times, time, now }) =>
      version === -1 && bits === prevBits && time > times[0] && time > times[1] && time > times[2] && time <= now,
  },
});

export const outdatedVersionExact = proof('a version below 2, 3, 4 is outdated from BIP34, BIP66, BIP65 on', {
  fn: hasOutdatedVersion,
  spec: '§6.3',
  statement:
    'For every int32 version v and height h in [0, 2^31 - 1]: on mainnet hasOutdatedVersion(v, h) iff (v < 2 and h >= 227931) or (v < 3 and h >= 363725) or (v < 4 and h >= 388381); on testnet3 the same with 21111, 330776, 581885; on regtest with 1, 1, 1 (Core\'s ContextualCheckBlockHeader "bad-version(0x%08x)" condition).',
  inputs: { version: int32(), height: nat31() },
  ensures: ({ version, height }) =>
    hasOutdatedVersion(version, height, NETWORKS.main.consensus) === ((version < 2 && height >= 227931) || (version < 3 && height >= 363725) || (version < 4 && height >= 388381)) &&
    hasOutdatedVersion(version, height, NETWORKS.testnet3.consensus) === ((version < 2 && height >= 21111) || (version < 3 && height >= 330776) || (version < 4 && height >= 581885)) &&
    hasOutdatedVersion(version, height, NETWORKS.regtest.consensus) === (version < 4 && height >= 1),
  covers: {
    'version 1 at 227930 (mainnet: not yet)': ({ version, height }) => version === 1 && height === 227930,
    'version 1 at 227931 (mainnet: outdated)': ({ version, height }) => version === 1 && height === 227931,
    'version 2 at 363724': ({ version, height }) => version === 2 && height === 363724,
    'version 2 at 363725': ({ version, height }) => version === 2 && height === 363725,
    'version 3 at 388380': ({ version, height }) => version === 3 && height === 388380,
    'version 3 at 388381': ({ version, height }) => version === 3 && height === 388381,
    'version 4 at 388381 (never outdated)': ({ version, height }) => version === 4 && height === 388381,
    'version 1 at 21110 and 21111 (testnet3)': ({ version, height }) => version === 1 && (height === 21110 || height === 21111),
  },
});

/**
 * Testnet4 at the retarget block 201,600 (BIP94 enforced): the period's first block (201,600 - 2,016)
 * at time 1,700,000,000 with bits 0x1c00ffff, a block between at 1,700,500,000, and the parent
 * (201,599) exactly two weeks after the first: the expected bits stay 0x1c00ffff.
 */
function testnet4RetargetParent(): HeaderEntry {
  const first = entry(199584, 1700000000, 0x1c00ffff, 4, undefined);
  return entry(201599, 1701209600, 0x1c00ffff, 4, entry(201598, 1700500000, 0x1c00ffff, 4, first));
}

export const contextualHeaderTestnet4 = proof('ContextualCheckBlockHeader on testnet4: time-timewarp-attack only at a retarget height, and the 20-minute rule', {
  fn: contextualCheckBlockHeader,
  spec: '§6.3',
  statement:
    'On testnet4 (BIP94), with any uint32 bits B, time T and clock now and any version from 4. Case sel = 0, a header at the retarget height 201,600 on a parent at time 1,701,209,600 whose period began two weeks earlier with bits 0x1c00ffff (the known chain: the first block of the period, the block before the parent at 1,700,500,000, the parent): "bad-diffbits" if B != 0x1c00ffff; else "time-too-old" if T <= 1,700,500,000 (the median of the three times); else "time-timewarp-attack" if T < 1,701,209,600 - 600; else "time-too-new" if T > now + 7200; else accepted. Case sel = 1, a header at 201,601 on that retarget block (time 1,701,209,600, bits 0x1c00ffff): the expected bits are 0x1d00ffff (the pow limit) when T > 1,701,209,600 + 1200 and 0x1c00ffff otherwise; "bad-diffbits" if B differs; else "time-too-old" if T <= 1,701,209,600 (the median time past of the four known times, element 2 sorted); else "time-too-new" if T > now + 7200; else accepted: no timewarp bound off the retarget height.',
  inputs: { sel: int(0, 1), bits: uint32(), time: uint32(), now: uint32(), version: int(4, 2 ** 31 - 1) },
  split: 'sel',
  ensures: ({ sel, bits, time, now, version }) => {
    const header = { version, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits, nonce: 0 };
    const parent = sel === 0 ? testnet4RetargetParent() : entry(201600, 1701209600, 0x1c00ffff, 4, testnet4RetargetParent());
    const r = verdict(contextualCheckBlockHeader(header, parent, NETWORKS.testnet4.consensus, now));
    const expectedBits = sel === 1 && time > 1701209600 + 1200 ? 0x1d00ffff : 0x1c00ffff;
    const tooOld = sel === 0 ? time <= 1700500000 : time <= 1701209600;
    const expected =
      bits !== expectedBits ? 'bad-diffbits' : tooOld ? 'time-too-old' : sel === 0 && time < 1701209600 - 600 ? 'time-timewarp-attack' : time > now + 7200 ? 'time-too-new' : 'ok';
    return r === expected;
  },
  covers: {
    '601 s before the parent is a timewarp': ({ sel, bits, time }) => sel === 0 && bits === 0x1c00ffff && time === 1701209600 - 601,
    '600 s before the parent is allowed': ({ sel, bits, time, now }) => sel === 0 && bits === 0x1c00ffff && time === 1701209600 - 600 && now === time,
    'the pow limit 1201 s after the parent': ({ sel, bits, time, now }) => sel === 1 && bits === 0x1d00ffff && time === 1701209600 + 1201 && now === time,
    'the parent\'s bits 1200 s after it': ({ sel, bits, time, now }) => sel === 1 && bits === 0x1c00ffff && time === 1701209600 + 1200 && now === time,
  },
});
