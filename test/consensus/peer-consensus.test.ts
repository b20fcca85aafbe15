/**
 * Peer consensus on a UTXO commitment (kernel/consensus/, SPEC.md §9): network groups as Core's
 * netgroup forms them, the diverse subset, and agreement counted over the peers asked with the
 * commitment checked against the best header chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HeaderEntry } from '../../kernel/chain/header-chain.js';
import type { UtxoCommitment } from '../../kernel/commitments/commitment.js';
import { type PeerIdentity, networkGroup, selectDiversePeers } from '../../kernel/consensus/diversity.js';
import {
  type ConsensusRules,
  DEFAULT_CONSENSUS_RULES,
  type PeerAnswer,
  defaultCheckpointHeight,
  findPeerConsensus,
  meetsThreshold,
} from '../../kernel/consensus/peer-consensus.js';

/** A header chain of `n + 1` entries (heights 0..n) with distinct hashes; consensus reads only hashes, heights and links. */
function chain(n: number, salt = 0): HeaderEntry {
  let entry: HeaderEntry | undefined;
  for (let h = 0; h <= n; h++) {
    const hash = new Uint8Array(32);
    hash[0] = h & 0xff;
    hash[1] = h >> 8;
    hash[2] = salt;
    const header = { version: 1, prevBlockHash: entry?.hash ?? new Uint8Array(32), merkleRoot: new Uint8Array(32), time: h, bits: 0x207fffff, nonce: 0 };
    entry = { header, hash, height: h, chainWork: BigInt(h + 1), ...(entry === undefined ? {} : { prev: entry }) } as HeaderEntry;
  }
  return entry as HeaderEntry;
}

const tip = chain(3000);
const CHECKPOINT = defaultCheckpointHeight(3000);
const hashAt = (h: number, salt = 0): Uint8Array => Uint8Array.of(h & 0xff, h >> 8, salt, ...new Array<number>(29).fill(0));

function commitment(overrides: Partial<UtxoCommitment> = {}): UtxoCommitment {
  return { height: CHECKPOINT, blockHash: hashAt(CHECKPOINT), root: new Uint8Array(32).fill(7), utxoCount: 100n, totalAmount: 5000n, muhash: new Uint8Array(32).fill(9), ...overrides };
}

const peer = (i: number, extra: Partial<PeerIdentity> = {}): PeerIdentity => ({ address: `10.${i}.0.1`, transport: 'tcp', ...extra });
const says = (p: PeerIdentity, c: UtxoCommitment): PeerAnswer => ({ peer: p, reply: { kind: 'commitment', commitment: c } });

describe('§9.1 network groups and diversity', () => {
  it('groups IPv4 by /16, IPv6 by /32, IPv4-mapped IPv6 as IPv4; loopback apart; anything else is no address', () => {
    expect(networkGroup('1.2.3.4')).toBe('v4:1.2');
    expect(networkGroup('1.2.200.9')).toBe('v4:1.2');
    expect(networkGroup('1.3.3.4')).toBe('v4:1.3');
    expect(networkGroup('::ffff:1.2.9.9')).toBe('v4:1.2');
    expect(networkGroup('2001:db8:1::1')).toBe('v6:2001:db8');
    expect(networkGroup('2001:db8:ffff:ffff::')).toBe('v6:2001:db8');
    expect(networkGroup('2001:db9::1')).toBe('v6:2001:db9');
    expect(networkGroup('127.0.0.1')).toBe('loopback');
    expect(networkGroup('127.9.9.9')).toBe('loopback');
    expect(networkGroup('::1')).toBe('loopback');
    for (const bad of ['', 'example.com', '1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9']) expect(networkGroup(bad), bad).toBeUndefined();
  });

  it('keeps one peer per group and at most two per ASN, in answer order; loopback by node id when asked to', () => {
    const peers = [
      { peer: peer(1) },
      { peer: { address: '10.1.99.99', transport: 'tcp' as const } },
      { peer: peer(2, { asn: 64500 }) },
      { peer: peer(3, { asn: 64500 }) },
      { peer: peer(4, { asn: 64500 }) },
      { peer: { address: 'not-an-ip', transport: 'iroh' as const } },
    ];
    const { kept, excluded } = selectDiversePeers(peers, { maxPerAsn: 2, groupLoopbackByNodeId: false });
    expect(kept.map((k) => k.peer.address)).toEqual(['10.1.0.1', '10.2.0.1', '10.3.0.1']);
    expect(excluded.map((e) => e.reason)).toEqual(['network group already represented', 'ASN at its peer limit', 'not an IP address']);
    const loop = [1, 2, 3].map((i) => ({ peer: { address: '127.0.0.1', transport: 'iroh' as const, nodeId: `n${i}` } }));
    expect(selectDiversePeers(loop, { maxPerAsn: 2, groupLoopbackByNodeId: true }).kept).toHaveLength(3);
    expect(selectDiversePeers(loop, { maxPerAsn: 2, groupLoopbackByNodeId: false }).kept).toHaveLength(1);
  });
});

describe('§9.2 agreement', () => {
  const honest = commitment();
  const liar = commitment({ root: new Uint8Array(32).fill(8) });

  it('7 peers, 2 lying: at 2/3 agreed on the honest commitment, the liars named as dissenters; at the default 4/5, 5 of 7 is too few', () => {
    const answers = [0, 1, 2, 3, 4, 5, 6].map((i) => says(peer(i), i === 2 || i === 5 ? liar : honest));
    expect(findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES).reason).toBe('no commitment reached the threshold');
    const out = findPeerConsensus(answers, CHECKPOINT, tip, { ...DEFAULT_CONSENSUS_RULES, threshold: { numerator: 2, denominator: 3 } });
    expect(out.reason).toBeUndefined();
    expect(out.agreed).toEqual(honest);
    expect([out.asked.length, out.agreeing.length]).toEqual([7, 5]);
    expect(out.dissenters.map((p) => p.address)).toEqual(['10.2.0.1', '10.5.0.1']);
  });

  it('7 peers, 5 lying alike: the liars do not get their commitment through (its block is off the chain), and 5 liars with a valid-looking block still cannot make 2 honest peers agree', () => {
    const forged = commitment({ blockHash: hashAt(CHECKPOINT, 1) });
    const answers = [0, 1, 2, 3, 4, 5, 6].map((i) => says(peer(i), i < 5 ? forged : honest));
    const out = findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES);
    expect(out.agreed).toBeUndefined();
    expect(out.reason).toBe('no commitment reached the threshold'); // 5 of 7 < ceil(4/5 · 7) = 6
    const six = [0, 1, 2, 3, 4, 5, 6].map((i) => says(peer(i), i < 6 ? forged : honest));
    expect(findPeerConsensus(six, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES).reason).toBe('commitment block not on the best header chain');
  });

  it('silence and errors count against agreement: the threshold is over peers asked', () => {
    const answers: PeerAnswer[] = [0, 1, 2, 3, 4, 5].map((i) => says(peer(i), honest));
    answers.push({ peer: peer(6), reply: { kind: 'timeout' } }, { peer: peer(7), reply: { kind: 'error', reason: 'unknown height' } });
    // 6 of 8 asked: 6·5 = 30 < 4·8 = 32.
    const out = findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES);
    expect(out.reason).toBe('no commitment reached the threshold');
    expect(out.unanswered.map((p) => p.address)).toEqual(['10.6.0.1', '10.7.0.1']);
  });

  it('fewer than minPeers diverse peers never agree, however many addresses one /16 has', () => {
    const answers = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => says({ address: `10.0.${i}.1`, transport: 'tcp' }, honest));
    const out = findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES);
    expect(out.reason).toBe('too few diverse peers asked');
    expect(out.asked).toHaveLength(1);
  });

  it('a commitment at another height than the checkpoint is refused', () => {
    const other = commitment({ height: CHECKPOINT - 1, blockHash: hashAt(CHECKPOINT - 1) });
    const answers = [0, 1, 2, 3, 4].map((i) => says(peer(i), other));
    expect(findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES).reason).toBe('commitment not at the checkpoint height');
  });

  it('answers differing in any one field are different commitments (grouped by the full digest)', () => {
    for (const change of [{ utxoCount: 101n }, { totalAmount: 5001n }, { muhash: new Uint8Array(32).fill(1) }, { root: new Uint8Array(32) }]) {
      const answers = [0, 1, 2, 3, 4].map((i) => says(peer(i), i === 0 ? commitment(change) : honest));
      const out = findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES);
      expect(out.agreeing).toHaveLength(4);
      expect(out.dissenters).toHaveLength(1);
    }
  });

  it('thresholds at or below 1/2, above 1, or with huge denominators are refused', () => {
    const answers = [0, 1, 2, 3, 4].map((i) => says(peer(i), honest));
    for (const threshold of [{ numerator: 1, denominator: 2 }, { numerator: 0, denominator: 1 }, { numerator: 6, denominator: 5 }, { numerator: 3, denominator: 0 }, { numerator: 2 ** 21, denominator: 2 ** 21 }]) {
      const rules: ConsensusRules = { ...DEFAULT_CONSENSUS_RULES, threshold };
      expect(findPeerConsensus(answers, CHECKPOINT, tip, rules).reason, JSON.stringify(threshold)).toBe('threshold must be a fraction in (1/2, 1] with a denominator up to 2^20');
    }
  });

  it('deterministic: the same answers give the same outcome', () => {
    const answers = [0, 1, 2, 3, 4, 5, 6].map((i) => says(peer(i), i % 3 === 0 ? liar : honest));
    expect(findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES)).toEqual(findPeerConsensus(answers, CHECKPOINT, tip, DEFAULT_CONSENSUS_RULES));
  });
});

describe('§9.2 the integer threshold test', () => {
  it('equals the rational inequality agreeing/asked >= n/d (bigint cross-check, counts to 2^31)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 20 }), fc.nat(), (a, asked, d, n0) => {
        const n = n0 % (d + 1);
        const agreeing = Math.min(a, asked);
        const rational = BigInt(agreeing) * BigInt(d) >= BigInt(n) * BigInt(asked);
        expect(meetsThreshold(agreeing, asked, { numerator: n, denominator: d })).toBe(rational);
      }),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('4/5 of 7 needs 6, of 5 needs 4, of 10 needs 8', () => {
    const t = { numerator: 4, denominator: 5 };
    expect([meetsThreshold(5, 7, t), meetsThreshold(6, 7, t)]).toEqual([false, true]);
    expect([meetsThreshold(3, 5, t), meetsThreshold(4, 5, t)]).toEqual([false, true]);
    expect([meetsThreshold(7, 10, t), meetsThreshold(8, 10, t)]).toEqual([false, true]);
  });
});
