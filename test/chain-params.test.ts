import { describe, expect, it } from 'vitest';
import {
  NETWORKS,
  createGenesisBlock,
  encodeBlock,
  toDisplayHex,
  toHex,
  blockHash,
} from '../kernel/index.js';
import { getBlockProof } from "../kernel/validation/pow.js";
import { difficultyAdjustmentInterval } from "../kernel/chain/params.js";
import { readVector, splitBlkFile } from './support/vectors.js';

// Values Core asserts in src/kernel/chainparams.cpp.
const CORE = {
  main: { hash: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f', merkle: '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b', magic: 'f9beb4d9', port: 8333 },
  testnet3: { hash: '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943', merkle: '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b', magic: '0b110907', port: 18333 },
  testnet4: { hash: '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043', merkle: '7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e', magic: '1c163f28', port: 48333 },
  signet: { hash: '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6', merkle: '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b', magic: '0a03cf40', port: 38333 },
  regtest: { hash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206', merkle: '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b', magic: 'fabfb5da', port: 18444 },
} as const;

describe('§6.1 genesis blocks built by the kernel', () => {
  for (const [name, core] of Object.entries(CORE)) {
    it(`§1.2 §6.2 ${name}: hash, Merkle root, magic and port equal Core's`, () => {
      const params = NETWORKS[name as keyof typeof CORE];
      const genesis = createGenesisBlock(params.genesis);
      expect(toDisplayHex(blockHash(genesis.header))).toBe(core.hash);
      expect(toDisplayHex(genesis.header.merkleRoot)).toBe(core.merkle);
      expect(toHex(params.messageStart)).toBe(core.magic);
      expect(params.defaultPort).toBe(core.port);
    });
  }

  it('§2.2 main: serializes to the first block of first-100k-blocks.dat', () => {
    const [first] = splitBlkFile(readVector('bitcoinj/first-100k-blocks.dat'), NETWORKS.main.messageStart);
    expect(first && toHex(encodeBlock(createGenesisBlock(NETWORKS.main.genesis)))).toBe(first && toHex(first));
  });

  it("§3.1 main genesis coinbase scriptSig is Core's 04ffff001d0104 45 'The Times …'", () => {
    const scriptSig = createGenesisBlock(NETWORKS.main.genesis).transactions[0]?.inputs[0]?.scriptSig;
    expect(scriptSig && toHex(scriptSig)).toBe(
      '04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73',
    );
  });
});

describe('§6.2 consensus parameters', () => {
  it('buried deployment heights as INDEX.md and Core list them', () => {
    const heights = (n: keyof typeof NETWORKS) => {
      const c = NETWORKS[n].consensus;
      return [c.bip34Height, c.bip66Height, c.bip65Height, c.csvHeight, c.segwitHeight];
    };
    expect(heights('main')).toEqual([227931, 363725, 388381, 419328, 481824]);
    expect(heights('testnet3')).toEqual([21111, 330776, 581885, 770112, 834624]);
    expect(heights('testnet4')).toEqual([1, 1, 1, 1, 1]);
    expect(heights('signet')).toEqual([1, 1, 1, 1, 1]);
    expect(heights('regtest')).toEqual([1, 1, 1, 1, 0]);
    expect(NETWORKS.main.consensus.taproot.minActivationHeight).toBe(709632);
  });

  it('pow limits, retarget interval, halving interval and min-difficulty flags', () => {
    const hex = (v: bigint) => v.toString(16).padStart(64, '0');
    expect(hex(NETWORKS.main.consensus.powLimit)).toBe('00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff');
    expect(hex(NETWORKS.signet.consensus.powLimit)).toBe('00000377ae000000000000000000000000000000000000000000000000000000');
    expect(hex(NETWORKS.regtest.consensus.powLimit)).toBe('7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff');
    for (const params of Object.values(NETWORKS)) expect(difficultyAdjustmentInterval(params.consensus)).toBe(2016);
    expect(Object.values(NETWORKS).map((p) => p.consensus.subsidyHalvingInterval)).toEqual([210000, 210000, 210000, 210000, 150]);
    expect(Object.values(NETWORKS).map((p) => p.consensus.powAllowMinDifficultyBlocks)).toEqual([false, true, true, false, true]);
    expect(Object.values(NETWORKS).map((p) => p.consensus.enforceBip94)).toEqual([false, false, true, false, false]);
    expect(NETWORKS.regtest.consensus.powNoRetargeting).toBe(true);
  });

  it('§4.3 genesis chain work is 0x100010001 (difficulty 1)', () => {
    expect(getBlockProof(NETWORKS.main.genesis.bits)).toBe(0x100010001n);
  });
});
