import { hexToBytes } from '@noble/hashes/utils.js';
import { sha256d } from '../crypto/hashes.js';
import { concatBytes } from '../encoding/bytes.js';
import { encodeCompactSize } from '../encoding/compact-size.js';
import { SCRIPT_VERIFY_NONE, SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS } from '../script/flags.js';
import { COIN } from '../validation/money.js';
import type { GenesisFields } from './genesis.js';

export type NetworkName = 'main' | 'testnet3' | 'testnet4' | 'signet' | 'regtest';

/** Core's BIP9Deployment::ALWAYS_ACTIVE start time. */
export const ALWAYS_ACTIVE = -1;
/** Core's BIP9Deployment::NO_TIMEOUT (int64 max). */
export const NO_TIMEOUT = 9223372036854775807n;

/** Core's Consensus::BIP9Deployment. */
export interface Bip9Deployment {
  readonly bit: number;
  readonly startTime: number;
  readonly timeout: bigint;
  readonly minActivationHeight: number;
}

/** A block whose scripts Core checks under fewer flags than its height implies. */
export interface ScriptFlagException {
  /** Block hash as Core displays it. */
  readonly blockHash: string;
  /** The verification flags Core applies to it instead (SCRIPT_VERIFY_* bits, as Core's chainparams.cpp writes them). */
  readonly flags: number;
}

/** Core's Consensus::Params (consensus/params.h) (SPEC.md §6.2). */
export interface ConsensusParams {
  readonly subsidyHalvingInterval: number;
  readonly scriptFlagExceptions: readonly ScriptFlagException[];
  /** Buried deployments: the first height at which each rule is enforced. */
  readonly bip34Height: number;
  /** Hash (display hex) of the block at bip34Height, or undefined where Core leaves it null. */
  readonly bip34Hash: string | undefined;
  readonly bip65Height: number;
  readonly bip66Height: number;
  readonly csvHeight: number;
  readonly segwitHeight: number;
  readonly taproot: Bip9Deployment;
  readonly powLimit: bigint;
  readonly powTargetTimespan: number;
  readonly powTargetSpacing: number;
  readonly powAllowMinDifficultyBlocks: boolean;
  readonly powNoRetargeting: boolean;
  /** BIP94 (testnet4): timewarp fix and the first-block-of-period rule for min-difficulty blocks. */
  readonly enforceBip94: boolean;
  readonly ruleChangeActivationThreshold: number;
  readonly minerConfirmationWindow: number;
  /** BIP325: the signet block challenge, or undefined off signet. */
  readonly signetChallenge: Uint8Array | undefined;
}

/** Core's CChainParams: the consensus rules plus what identifies the network (SPEC.md §6.2). */
export interface ChainParams {
  readonly name: NetworkName;
  /** Core's pchMessageStart: the P2P and blk-file magic. */
  readonly messageStart: Uint8Array;
  readonly defaultPort: number;
  readonly genesis: GenesisFields;
  readonly consensus: ConsensusParams;
}

/** Core's DifficultyAdjustmentInterval: blocks per retarget period (SPEC.md §6.2). */
export function difficultyAdjustmentInterval(params: ConsensusParams): number {
  return Math.floor(params.powTargetTimespan / params.powTargetSpacing);
}

/** BIP325: a signet's message start is the first 4 bytes of SHA256d of its serialized challenge (SPEC.md §6.2; proofs/retarget.proof.ts). */
export function signetMessageStart(challenge: Uint8Array): Uint8Array {
  return sha256d(concatBytes(encodeCompactSize(challenge.length), challenge)).slice(0, 4);
}

const TIMES_MESSAGE = 'The Times 03/Jan/2009 Chancellor on brink of second bailout for banks';
const SATOSHI_PUBKEY = hexToBytes(
  '04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f',
);
const MAIN_POW_LIMIT = 0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffn;
const TWO_WEEKS = 14 * 24 * 60 * 60;
const TEN_MINUTES = 10 * 60;
const DEFAULT_SIGNET_CHALLENGE = hexToBytes(
  '512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae',
);
/** Taproot on networks where Core has it active from genesis. */
const TAPROOT_ALWAYS: Bip9Deployment = { bit: 2, startTime: ALWAYS_ACTIVE, timeout: NO_TIMEOUT, minActivationHeight: 0 };

const MAIN: ChainParams = {
  name: 'main',
  messageStart: Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9),
  defaultPort: 8333,
  genesis: {
    timestampMessage: TIMES_MESSAGE,
    outputPubKey: SATOSHI_PUBKEY,
    time: 1231006505,
    nonce: 2083236893,
    bits: 0x1d00ffff,
    version: 1,
    reward: 50n * COIN,
  },
  consensus: {
    subsidyHalvingInterval: 210000,
    scriptFlagExceptions: [
      { blockHash: '00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22', flags: SCRIPT_VERIFY_NONE }, // BIP16 exception
      { blockHash: '0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad', flags: SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS }, // Taproot exception
    ],
    bip34Height: 227931,
    bip34Hash: '000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8',
    bip65Height: 388381,
    bip66Height: 363725,
    csvHeight: 419328,
    segwitHeight: 481824,
    taproot: { bit: 2, startTime: 1619222400, timeout: 1628640000n, minActivationHeight: 709632 },
    powLimit: MAIN_POW_LIMIT,
    powTargetTimespan: TWO_WEEKS,
    powTargetSpacing: TEN_MINUTES,
    powAllowMinDifficultyBlocks: false,
    powNoRetargeting: false,
    enforceBip94: false,
    ruleChangeActivationThreshold: 1815,
    minerConfirmationWindow: 2016,
    signetChallenge: undefined,
  },
};

const TESTNET3: ChainParams = {
  name: 'testnet3',
  messageStart: Uint8Array.of(0x0b, 0x11, 0x09, 0x07),
  defaultPort: 18333,
  genesis: { ...MAIN.genesis, time: 1296688602, nonce: 414098458 },
  consensus: {
    ...MAIN.consensus,
    scriptFlagExceptions: [{ blockHash: '00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105', flags: SCRIPT_VERIFY_NONE }], // BIP16 exception
    bip34Height: 21111,
    bip34Hash: '0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8',
    bip65Height: 581885,
    bip66Height: 330776,
    csvHeight: 770112,
    segwitHeight: 834624,
    taproot: { bit: 2, startTime: 1619222400, timeout: 1628640000n, minActivationHeight: 0 },
    powAllowMinDifficultyBlocks: true,
    ruleChangeActivationThreshold: 1512,
  },
};

const TESTNET4: ChainParams = {
  name: 'testnet4',
  messageStart: Uint8Array.of(0x1c, 0x16, 0x3f, 0x28),
  defaultPort: 48333,
  genesis: {
    timestampMessage: '03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e',
    outputPubKey: new Uint8Array(33),
    time: 1714777860,
    nonce: 393743547,
    bits: 0x1d00ffff,
    version: 1,
    reward: 50n * COIN,
  },
  consensus: {
    ...MAIN.consensus,
    scriptFlagExceptions: [],
    bip34Height: 1,
    bip34Hash: undefined,
    bip65Height: 1,
    bip66Height: 1,
    csvHeight: 1,
    segwitHeight: 1,
    taproot: TAPROOT_ALWAYS,
    powAllowMinDifficultyBlocks: true,
    enforceBip94: true,
    ruleChangeActivationThreshold: 1512,
  },
};

const SIGNET: ChainParams = {
  name: 'signet',
  messageStart: signetMessageStart(DEFAULT_SIGNET_CHALLENGE),
  defaultPort: 38333,
  genesis: { ...MAIN.genesis, time: 1598918400, nonce: 52613770, bits: 0x1e0377ae },
  consensus: {
    ...TESTNET4.consensus,
    powLimit: 0x00000377ae000000000000000000000000000000000000000000000000000000n,
    powAllowMinDifficultyBlocks: false,
    enforceBip94: false,
    ruleChangeActivationThreshold: 1815,
    signetChallenge: DEFAULT_SIGNET_CHALLENGE,
  },
};

const REGTEST: ChainParams = {
  name: 'regtest',
  messageStart: Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda),
  defaultPort: 18444,
  genesis: { ...MAIN.genesis, time: 1296688602, nonce: 2, bits: 0x207fffff },
  consensus: {
    ...TESTNET4.consensus,
    subsidyHalvingInterval: 150,
    segwitHeight: 0,
    powLimit: 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    powNoRetargeting: true,
    enforceBip94: false,
    ruleChangeActivationThreshold: 108,
    minerConfirmationWindow: 144,
  },
};

/** Core's chain parameters for each network it ships (SPEC.md §6.2). */
export const NETWORKS: Readonly<Record<NetworkName, ChainParams>> = {
  main: MAIN,
  testnet3: TESTNET3,
  testnet4: TESTNET4,
  signet: SIGNET,
  regtest: REGTEST,
};

/** Whether `name` is a network the kernel knows. */
export function isNetworkName(name: string): name is NetworkName {
  return Object.hasOwn(NETWORKS, name);
}
