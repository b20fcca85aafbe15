import { equalBytes } from '../encoding/bytes.js';
import { toHex } from '../encoding/hex.js';
import { blockHash } from '../primitives/block.js';
import type { BlockHeader } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import { checkBlockHeader } from '../validation/block-check.js';
import type { BlockValidationError } from '../validation/errors.js';
import { encodeCompact, getBlockProof } from '../validation/pow.js';
import { createGenesisBlock } from './genesis.js';
import { type ChainParams, type ConsensusParams, difficultyAdjustmentInterval } from './params.js';
import { calculateNextWorkRequired } from './retarget.js';

/** Core's CBlockIndex, reduced to what header validation reads: an immutable linked list back to genesis. */
export interface HeaderEntry {
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  readonly height: number;
  /** Core's nChainWork: the expected number of hashes to produce this chain. */
  readonly chainWork: bigint;
  readonly prev: HeaderEntry | undefined;
}

/** Core's nMedianTimeSpan: the median time past covers a block and its 10 predecessors. */
export const MEDIAN_TIME_SPAN = 11;
/** Core's MAX_FUTURE_BLOCK_TIME: a header may be at most 2 hours ahead of the node's clock. */
export const MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
/** Core's MAX_TIMEWARP (BIP94): the first block of a period may be at most 600 s before its parent. */
export const MAX_TIMEWARP = 600;

/** The header entry of a network's genesis block (SPEC.md §6.3). */
export function genesisEntry(params: ChainParams): HeaderEntry {
  const { header } = createGenesisBlock(params.genesis);
  return { header, hash: blockHash(header), height: 0, chainWork: getBlockProof(header.bits), prev: undefined };
}

/** Core's CBlockIndex::GetAncestor: the entry at `height` on this entry's chain (SPEC.md §6.3). */
export function getAncestor(entry: HeaderEntry, height: number): HeaderEntry | undefined {
  if (height < 0 || height > entry.height) return undefined;
  let at: HeaderEntry | undefined = entry;
  while (at !== undefined && at.height > height) at = at.prev;
  return at;
}

/** Core's GetMedianTimePast: the median time of the entry and up to 10 predecessors (BIP113) (SPEC.md §6.3). */
export function getMedianTimePast(entry: HeaderEntry): number {
  const times: number[] = [];
  for (let at: HeaderEntry | undefined = entry; at !== undefined && times.length < MEDIAN_TIME_SPAN; at = at.prev) {
    times.push(at.header.time);
  }
  // Core sorts and takes element ⌊n/2⌋: the time with at most ⌊n/2⌋ times below it and more than
  // ⌊n/2⌋ at or below it (the same element, found without sorting: provable, proofs/header-chain.proof.ts).
  const middle = Math.floor(times.length / 2);
  for (const time of times) {
    let below = 0;
    let notAbove = 0;
    for (const other of times) {
      if (other < time) below++;
      if (other <= time) notAbove++;
    }
    if (below <= middle && middle < notAbove) return time;
  }
  return times[middle] as number; // not reached: some time is always the ⌊n/2⌋-th smallest
}

/**
 * Core's GetNextWorkRequired: the bits the block after `prev` must carry. Between retargets the
 * parent's bits, except on min-difficulty networks: more than 20 minutes after its parent a block
 * may use the pow limit, otherwise the bits of the last block that did not. Every 2016 blocks,
 * CalculateNextWorkRequired over the period (SPEC.md §6.3).
 */
export function getNextWorkRequired(prev: HeaderEntry, newTime: number, params: ConsensusParams): number {
  const interval = difficultyAdjustmentInterval(params);
  const powLimitBits = encodeCompact(params.powLimit);
  if ((prev.height + 1) % interval !== 0) {
    if (!params.powAllowMinDifficultyBlocks) return prev.header.bits;
    // testnet's 20-minute rule
    if (newTime > prev.header.time + params.powTargetSpacing * 2) return powLimitBits;
    let at = prev;
    while (at.prev !== undefined && at.height % interval !== 0 && at.header.bits === powLimitBits) at = at.prev;
    return at.header.bits;
  }
  const first = getAncestor(prev, prev.height - (interval - 1)) as HeaderEntry;
  return calculateNextWorkRequired(prev.header.bits, prev.header.time, first.header.bits, first.header.time, params);
}

/**
 * ContextualCheckBlockHeader's version rule: from BIP34's, BIP66's and BIP65's heights a block's
 * nVersion must be at least 2, 3 and 4 (SPEC.md §6.3; proofs/header-context.proof.ts).
 */
export function hasOutdatedVersion(version: number, height: number, params: ConsensusParams): boolean {
  return (version < 2 && height >= params.bip34Height) || (version < 3 && height >= params.bip66Height) || (version < 4 && height >= params.bip65Height);
}

/**
 * Core's ContextualCheckBlockHeader: the expected bits (bad-diffbits); a time above the parent's
 * median time past (time-too-old); BIP94's timewarp rule (time-timewarp-attack); at most 2 hours
 * ahead of `now` (time-too-new); no version below 2, 3, 4 after BIP34, BIP66, BIP65 (bad-version)
 * (SPEC.md §6.3).
 */
export function contextualCheckBlockHeader(
  header: BlockHeader,
  prev: HeaderEntry,
  params: ConsensusParams,
  now: number,
): Result<void, BlockValidationError> {
  const height = prev.height + 1;
  if (header.bits !== getNextWorkRequired(prev, header.time, params)) {
    return err({ reason: 'bad-diffbits', debug: 'incorrect proof of work' });
  }
  if (header.time <= getMedianTimePast(prev)) return err({ reason: 'time-too-old', debug: "block's timestamp is too early" });
  if (params.enforceBip94 && height % difficultyAdjustmentInterval(params) === 0 && header.time < prev.header.time - MAX_TIMEWARP) {
    return err({ reason: 'time-timewarp-attack', debug: "block's timestamp is too early on diff adjustment block" });
  }
  if (header.time > now + MAX_FUTURE_BLOCK_TIME) return err({ reason: 'time-too-new', debug: 'block timestamp too far in the future' });
  const v = header.version;
  if (hasOutdatedVersion(v, height, params)) {
    // Core's "bad-version(0x%08x)": the 4 bytes of nVersion, most significant first, as 8 hex digits.
    const hex = toHex(Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff));
    return err({ reason: `bad-version(0x${hex})`, debug: `rejected nVersion=0x${hex} block` });
  }
  return ok(undefined);
}

/**
 * Accepts a header on top of `prev`: it links to prev (bad-prevblk), meets its own bits
 * (high-hash, CheckBlockHeader) and passes ContextualCheckBlockHeader. Returns its entry with
 * the accumulated chain work (SPEC.md §6.3).
 *
 * @example
 * ```ts
 * import { NETWORKS, acceptHeader, createGenesisBlock, genesisEntry } from 'bllvm-ts';
 * const params = NETWORKS.main;
 * const genesis = createGenesisBlock(params.genesis);
 * // A header must link to its parent: the genesis header does not link to itself.
 * acceptHeader(genesisEntry(params), genesis.header, params.consensus, 1231006505).ok; // => false
 * ```
 */
export function acceptHeader(prev: HeaderEntry, header: BlockHeader, params: ConsensusParams, now: number): Result<HeaderEntry, BlockValidationError> {
  if (!equalBytes(header.prevBlockHash, prev.hash)) return err({ reason: 'bad-prevblk', debug: 'previous block is not the given parent' });
  const pow = checkBlockHeader(header, params.powLimit);
  if (!pow.ok) return pow;
  const contextual = contextualCheckBlockHeader(header, prev, params, now);
  if (!contextual.ok) return contextual;
  return ok({ header, hash: blockHash(header), height: prev.height + 1, chainWork: prev.chainWork + getBlockProof(header.bits), prev });
}

/** How to move the active chain from one tip to another. */
export interface Reorg {
  readonly fork: HeaderEntry;
  /** Blocks to disconnect, from the old tip down to just above the fork. */
  readonly disconnect: readonly HeaderEntry[];
  /** Blocks to connect, from just above the fork up to the new tip. */
  readonly connect: readonly HeaderEntry[];
}

/**
 * Core's FindFork plus ActivateBestChain's step lists: the path from tip `from` to tip `to`, or
 * undefined when the two share no ancestor (SPEC.md §6.3).
 */
export function findReorg(from: HeaderEntry, to: HeaderEntry): Reorg | undefined {
  const disconnect: HeaderEntry[] = [];
  const connect: HeaderEntry[] = [];
  let a: HeaderEntry | undefined = from;
  let b: HeaderEntry | undefined = to;
  while (a !== undefined && b !== undefined && a.height > b.height) {
    disconnect.push(a);
    a = a.prev;
  }
  while (a !== undefined && b !== undefined && b.height > a.height) {
    connect.push(b);
    b = b.prev;
  }
  while (a !== undefined && b !== undefined && !equalBytes(a.hash, b.hash)) {
    disconnect.push(a);
    connect.push(b);
    a = a.prev;
    b = b.prev;
  }
  return a === undefined || b === undefined ? undefined : { fork: a, disconnect, connect: connect.reverse() };
}

/** Core's best-chain order: more chain work wins; on a tie the tip seen first stays (SPEC.md §6.3). */
export function hasMoreWork(candidate: HeaderEntry, current: HeaderEntry): boolean {
  return candidate.chainWork > current.chainWork;
}
