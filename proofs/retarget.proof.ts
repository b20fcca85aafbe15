/**
 * Difficulty retargeting (SPEC.md §4.8): Core's CalculateNextWorkRequired clamp and target
 * arithmetic, with mainnet's literal two-week timespan 1209600 s and powLimit 2^224 - 1; and the
 * network parameters (SPEC.md §6.2), the signet message start of BIP325 among them.
 */
import { big, bytes, int, proof, uint32 } from '../harness/dsl.js';
import { NETWORKS, difficultyAdjustmentInterval, signetMessageStart } from '../kernel/chain/params.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { calculateNextWorkRequired, clampTimespan, retargetTarget } from '../kernel/chain/retarget.js';

/** The kernel's own mainnet parameters; the properties below state Bitcoin's literal values. */
const T = NETWORKS.main.consensus.powTargetTimespan;
const MAIN_POW_LIMIT = NETWORKS.main.consensus.powLimit;
const POW_LIMIT = 2n ** 224n - 1n;
/** Block timestamps are uint32, so the actual timespan of a period is within ±2^32. */
const timespan = () => int(-(2 ** 32), 2 ** 32);

export const clampWindow = proof('retarget timespan is clamped to [T/4, 4T]', {
  fn: clampTimespan,
  spec: '§4.8',
  statement: 'For every actual timespan t (|t| <= 2^32): 302400 <= clamp(t) <= 4838400 (T = 1209600 s).',
  inputs: { actual: timespan() },
  ensures: ({ actual }) => clampTimespan(actual, T) >= 302400 && clampTimespan(actual, T) <= 4838400,
  covers: {
    'lower clamp reached': ({ actual }) => clampTimespan(actual, T) === 302400 && actual < 302400,
    'upper clamp reached': ({ actual }) => clampTimespan(actual, T) === 4838400 && actual > 4838400,
  },
});

export const clampIdentity = proof('retarget clamp is the identity inside the window', {
  fn: clampTimespan,
  spec: '§4.8',
  statement: 'For 302400 <= t <= 4838400: clamp(t) = t.',
  inputs: { actual: int(302400, 4838400) },
  ensures: ({ actual }) => clampTimespan(actual, T) === actual,
});

export const retargetBelowPowLimit = proof('a retargeted target never exceeds powLimit', {
  fn: retargetTarget,
  spec: '§4.8',
  statement: 'For 0 <= old <= 2^224 - 1 and any timespan: new target <= 2^224 - 1 (mainnet powLimit), and the 256-bit product old * timespan cannot overflow.',
  inputs: { old: big(0n, POW_LIMIT), actual: timespan() },
  ensures: ({ old, actual }) => retargetTarget(old, actual, T, MAIN_POW_LIMIT) <= POW_LIMIT,
  covers: { 'powLimit is reached': ({ old, actual }) => retargetTarget(old, actual, T, MAIN_POW_LIMIT) === POW_LIMIT },
});

export const retargetFactorFour = proof('a retarget changes the target by at most a factor of 4', {
  fn: retargetTarget,
  spec: '§4.8',
  statement: 'For 0 <= old <= 2^224 - 1 and any timespan: floor(old / 4) <= new <= 4 * old.',
  inputs: { old: big(0n, POW_LIMIT), actual: timespan() },
  ensures: ({ old, actual }) => {
    const next = retargetTarget(old, actual, T, MAIN_POW_LIMIT);
    return next >= old / 4n && next <= old * 4n;
  },
});

export const retargetExact = proof('a retarget inside the window scales the target by timespan / T', {
  fn: retargetTarget,
  spec: '§4.8',
  statement: 'For 302400 <= t <= 4838400 and 0 <= old <= 2^224 - 1: new = min(floor(old * t / 1209600), 2^224 - 1).',
  inputs: { old: big(0n, POW_LIMIT), actual: int(302400, 4838400) },
  ensures: ({ old, actual }) => {
    const scaled = (old * BigInt(actual)) / 1209600n;
    return retargetTarget(old, actual, T, MAIN_POW_LIMIT) === (scaled > POW_LIMIT ? POW_LIMIT : scaled);
  },
});

export const mainnetParameters = proof('mainnet retarget and subsidy parameters are Bitcoin\'s', {
  fn: difficultyAdjustmentInterval,
  spec: '§6.2',
  statement:
    'Mainnet: halving interval 210000, target timespan 1209600 s (two weeks), spacing 600 s, 2016 blocks per retarget period, powLimit 2^224 - 1; regtest halves every 150 blocks and does not retarget.',
  inputs: {},
  ensures: () =>
    NETWORKS.main.consensus.subsidyHalvingInterval === 210000 &&
    NETWORKS.main.consensus.powTargetTimespan === 1209600 &&
    NETWORKS.main.consensus.powTargetSpacing === 600 &&
    difficultyAdjustmentInterval(NETWORKS.main.consensus) === 2016 &&
    NETWORKS.main.consensus.powLimit === 26959946667150639794667015087019630673637144422540572481103610249215n &&
    NETWORKS.regtest.consensus.subsidyHalvingInterval === 150 &&
    NETWORKS.regtest.consensus.powNoRetargeting,
});

export const regtestNoRetarget = proof('regtest never retargets', {
  fn: calculateNextWorkRequired,
  spec: '§4.8',
  statement: 'With regtest parameters (fPowNoRetargeting), CalculateNextWorkRequired returns the last nBits for every nBits and timestamps.',
  inputs: { lastBits: uint32(), lastTime: uint32(), firstBits: uint32(), firstTime: uint32() },
  ensures: ({ lastBits, lastTime, firstBits, firstTime }) =>
    calculateNextWorkRequired(lastBits, lastTime, firstBits, firstTime, NETWORKS.regtest.consensus) === lastBits,
});

export const retargetsWhichBits = proof('mainnet retargets from the last block\'s nBits, testnet4 (BIP94) from the period\'s first block\'s', {
  fn: calculateNextWorkRequired,
  spec: '§4.8',
  split: 'k',
  statement:
    'For a period that took exactly two weeks (1,209,600 s between its first and last block, the first at any time that leaves room), one case per network: with mainnet parameters, a last nBits of 0x1d00ffff gives 0x1d00ffff whatever the first block\'s nBits; with testnet4\'s (BIP94), a first nBits of 0x1d00ffff gives 0x1d00ffff whatever the last block\'s. (regtestNoRetarget above pins fPowNoRetargeting; a mutation run found CalculateNextWorkRequired proved with regtest parameters alone, so retargeting always was "equivalent".)',
  inputs: { other: uint32(), first: int(0, 2 ** 32 - 1 - 1209600), k: int(0, 1) },
  ensures: ({ other, first, k }) =>
    k === 0
      ? calculateNextWorkRequired(0x1d00ffff, first + 1209600, other, first, NETWORKS.main.consensus) === 0x1d00ffff
      : calculateNextWorkRequired(other, first + 1209600, 0x1d00ffff, first, NETWORKS.testnet4.consensus) === 0x1d00ffff,
});

export const signetMagic = proof('BIP325: a signet message start is the first 4 bytes of SHA256d of CompactSize(length) and the challenge', {
  fn: signetMessageStart,
  spec: '§6.2',
  statement:
    'With SHA256d uninterpreted: for every challenge of n bytes, 0 <= n <= 6 (one case per length), and for every challenge of 253 bytes, the message start is 4 bytes, bytes 0..3 of SHA256d(n ‖ challenge) (a one-byte length below 253), and of SHA256d(fd fd 00 ‖ challenge) for 253 bytes (the 3-byte CompactSize), as BIP325 serializes the challenge.',
  inputs: { buf: bytes(6), n: int(0, 6), long: bytes(253) },
  split: 'n',
  ensures: ({ buf, n, long }) => {
    const challenge = buf.subarray(0, n);
    const shortHash = sha256d(concatBytes(Uint8Array.of(n), challenge));
    const wideHash = sha256d(concatBytes(Uint8Array.of(0xfd, 0xfd, 0x00), long));
    return equalBytes(signetMessageStart(challenge), shortHash.subarray(0, 4)) && equalBytes(signetMessageStart(long), wideHash.subarray(0, 4));
  },
});
