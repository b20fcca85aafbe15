/**
 * Agreement on a UTXO commitment among the peers asked (SPEC.md §9.2). The rules, in order: the
 * peers asked are reduced to a diverse set (§9.1) and there must be at least `minPeers` of them;
 * answers are grouped by the full commitment digest (block hash, root, count, amount, MuHash:
 * everything); a digest is agreed when its group reaches ceil(threshold · asked), counted over the
 * diverse peers *asked*, so silence and errors count against agreement; the agreed commitment
 * must be at the checkpoint height and its block on the best-work header chain. Deterministic:
 * the same answers in the same order give the same outcome.
 */
import { equalBytes } from '../encoding/bytes.js';
import { toHex } from '../encoding/hex.js';
import { type HeaderEntry, getAncestor } from '../chain/header-chain.js';
import { type UtxoCommitment, commitmentDigest } from '../commitments/commitment.js';
import { type DiversityRules, type ExclusionReason, type PeerIdentity, selectDiversePeers } from './diversity.js';

/** What a peer asked for the commitment answered. */
export type PeerReply =
  | { readonly kind: 'commitment'; readonly commitment: UtxoCommitment }
  | { readonly kind: 'error'; readonly reason: string }
  | { readonly kind: 'timeout' };

export interface PeerAnswer {
  readonly peer: PeerIdentity;
  readonly reply: PeerReply;
}

export interface ConsensusRules extends DiversityRules {
  /** Diverse peers that must have been asked (default 5). */
  readonly minPeers: number;
  /** The share of the peers asked that must agree: numerator / denominator (default 4/5). */
  readonly threshold: { readonly numerator: number; readonly denominator: number };
}

/** The defaults: 5 diverse peers, 4/5 of them agreeing, 2 per ASN, loopback grouped as one. */
export const DEFAULT_CONSENSUS_RULES: ConsensusRules = Object.freeze({
  minPeers: 5,
  threshold: Object.freeze({ numerator: 4, denominator: 5 }),
  maxPerAsn: 2,
  groupLoopbackByNodeId: false,
});

/** The checkpoint height for a best header height: 2,016 blocks (one retarget period) below it, at least 0. */
export function defaultCheckpointHeight(bestHeaderHeight: number): number {
  return Math.max(0, bestHeaderHeight - 2016);
}

/** Threshold denominators stay below 2^20, so `count · denominator` is exact for counts below 2^31 (2^51 < 2^53). */
export const MAX_THRESHOLD_DENOMINATOR = 1 << 20;

/** Whether `agreeing` of `asked` reaches the threshold: agreeing / asked >= n / d, in integers (agreeing · d >= n · asked). */
export function meetsThreshold(agreeing: number, asked: number, threshold: { readonly numerator: number; readonly denominator: number }): boolean {
  return agreeing * threshold.denominator >= threshold.numerator * asked;
}

/** Whether a threshold n/d lies in (1/2, 1] with 0 < d <= 2^20: above 1/2, two disjoint groups can never both reach it. */
export function isValidThreshold(threshold: { readonly numerator: number; readonly denominator: number }): boolean {
  const { numerator, denominator } = threshold;
  return Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator) && denominator > 0 && denominator <= MAX_THRESHOLD_DENOMINATOR && 2 * numerator > denominator && numerator <= denominator;
}

export type NoConsensusReason =
  | 'threshold must be a fraction in (1/2, 1] with a denominator up to 2^20'
  | 'too few diverse peers asked'
  | 'no commitment reached the threshold'
  | 'commitment not at the checkpoint height'
  | 'commitment block not on the best header chain';

export interface ConsensusOutcome {
  /** The agreed commitment, or undefined with the reason. */
  readonly agreed?: UtxoCommitment;
  readonly reason?: NoConsensusReason;
  /** Its digest (hex). */
  readonly digest?: string;
  /** Diverse peers asked, the ones in the agreeing group, the ones that answered another commitment, the ones that gave none. */
  readonly asked: readonly PeerIdentity[];
  readonly agreeing: readonly PeerIdentity[];
  readonly dissenters: readonly PeerIdentity[];
  readonly unanswered: readonly PeerIdentity[];
  readonly excluded: readonly { readonly peer: PeerIdentity; readonly reason: ExclusionReason }[];
}

/**
 * The verdict on the counts alone, in the order the rules apply: the threshold's range, at least
 * `minPeers` diverse peers asked, and the largest group (0 when nobody answered) reaching the
 * threshold of the peers asked. Undefined when they allow agreement.
 */
export function consensusVerdict(largestGroup: number, asked: number, rules: { readonly minPeers: number; readonly threshold: { readonly numerator: number; readonly denominator: number } }): NoConsensusReason | undefined {
  if (!isValidThreshold(rules.threshold)) return 'threshold must be a fraction in (1/2, 1] with a denominator up to 2^20';
  if (asked < rules.minPeers) return 'too few diverse peers asked';
  if (largestGroup === 0 || !meetsThreshold(largestGroup, asked, rules.threshold)) return 'no commitment reached the threshold';
  return undefined;
}

/**
 * Finds the commitment the diverse peers asked agree on at `checkpointHeight`, checked against
 * the best header chain whose tip is `bestTip`.
 */
export function findPeerConsensus(
  answers: readonly PeerAnswer[],
  checkpointHeight: number,
  bestTip: HeaderEntry,
  rules: ConsensusRules,
): ConsensusOutcome {
  const { kept, excluded } = selectDiversePeers(answers, rules);
  const asked = kept.map((a) => a.peer);
  const groups = new Map<string, { commitment: UtxoCommitment; peers: PeerIdentity[] }>();
  const unanswered: PeerIdentity[] = [];
  for (const { peer, reply } of kept) {
    const digest = reply.kind === 'commitment' ? commitmentDigest(reply.commitment) : undefined;
    if (reply.kind !== 'commitment' || digest === undefined || !digest.ok) {
      unanswered.push(peer);
      continue;
    }
    const key = toHex(digest.value);
    const group = groups.get(key) ?? { commitment: reply.commitment, peers: [] };
    group.peers.push(peer);
    groups.set(key, group);
  }
  // The largest group; the first in answer order on a tie (only a threshold <= 1/2 lets a tie agree, and that is refused).
  let best: [string, { commitment: UtxoCommitment; peers: PeerIdentity[] }] | undefined;
  for (const entry of groups) if (best === undefined || entry[1].peers.length > best[1].peers.length) best = entry;
  const agreeing = best?.[1].peers ?? [];
  const dissenters = [...groups.values()].filter((g) => g !== best?.[1]).flatMap((g) => g.peers);
  const base = { asked, agreeing, dissenters, unanswered, excluded: excluded.map((e) => ({ peer: e.entry.peer, reason: e.reason })) };
  const fail = (reason: NoConsensusReason): ConsensusOutcome => ({ ...base, reason });

  const verdict = consensusVerdict(agreeing.length, asked.length, rules);
  if (verdict !== undefined) return fail(verdict);
  if (best === undefined) return fail('no commitment reached the threshold'); // unreachable: an empty group cannot pass the verdict
  const commitment = best[1].commitment;
  if (commitment.height !== checkpointHeight) return fail('commitment not at the checkpoint height');
  const onChain = getAncestor(bestTip, checkpointHeight);
  if (onChain === undefined || !equalBytes(onChain.hash, commitment.blockHash)) return fail('commitment block not on the best header chain');
  return { ...base, agreed: commitment, digest: best[0] };
}
