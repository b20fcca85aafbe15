import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NETWORKS,
  blockBaseSize,
  blockHash,
  blockTotalSize,
  blockWeight,
  checkBlock,
  decodeBlock,
  decodeBlockHeader,
  encodeBlock,
  encodeBlockHeader,
  fromHex,
  genesisHash,
  getCoinbaseHeight,
  isCoinbase,
  toDisplayHex,
  txid,
} from '../kernel/index.js';
import { equalBytes } from "../kernel/encoding/bytes.js";
import { checkWitnessCommitment, getWitnessCommitmentIndex } from "../kernel/validation/witness-commitment.js";
import { checkProofOfWork } from "../kernel/validation/pow.js";
import { blockMerkleRoot } from "../kernel/validation/merkle.js";
import { MANIFEST, readVector, splitBlkFile, vectorPath } from './support/vectors.js';

const networkOf = (name: string) => (name === 'mainnet' ? NETWORKS.main : NETWORKS.testnet3);

describe('block fixtures of blocks-manifest.json', () => {
  it('lists the fixtures the issue names', () => {
    expect(MANIFEST.map((b) => b.file)).toContain('bitcoin-core/block413567.raw');
    expect(MANIFEST.length).toBe(9);
  });

  for (const entry of MANIFEST) {
    describe(entry.file, () => {
      const raw = readVector(entry.file);
      const decoded = decodeBlock(raw);
      if (!decoded.ok) throw new Error(`${entry.file}: ${decoded.error.code}`);
      const block = decoded.value;
      const params = networkOf(entry.network);

      it('§1.1 §2.1 §2.2 §2.3 re-encodes byte-exact, with and without witnesses consistent with its sizes', () => {
        expect(equalBytes(encodeBlock(block), raw)).toBe(true);
        expect(raw.length).toBe(entry.sizeBytes);
        expect(encodeBlock(block, false).length).toBe(blockBaseSize(block));
      });

      it('§1.2 §2.2 §2.3 has the manifest hash, parent, time, bits, size, weight and tx count', () => {
        expect(toDisplayHex(blockHash(block.header))).toBe(entry.hash);
        expect(toDisplayHex(block.header.prevBlockHash)).toBe(entry.prevHash);
        expect(block.header.time).toBe(entry.time);
        expect(block.header.bits.toString(16).padStart(8, '0')).toBe(entry.bits);
        expect(block.transactions.length).toBe(entry.txCount);
        expect(blockTotalSize(block)).toBe(entry.sizeBytes);
        expect(blockWeight(block)).toBe(entry.weight);
        if (entry.bcoinTestAsserts) expect(blockWeight(block)).toBe(entry.bcoinTestAsserts.weight);
        const inputs = block.transactions.filter((tx) => !isCoinbase(tx)).reduce((n, tx) => n + tx.inputs.length, 0);
        expect(inputs).toBe(entry.nonCoinbaseInputs);
      });

      it('§1.2 §4.3 §4.4 has a valid, unmutated Merkle root and proof of work', () => {
        const { root, mutated } = blockMerkleRoot(block);
        expect(equalBytes(root, block.header.merkleRoot)).toBe(true);
        expect(mutated).toBe(false);
        expect(checkProofOfWork(blockHash(block.header), block.header.bits, params.consensus.powLimit)).toBe(true);
      });

      it('§3.3 §4.5 §5.1 §5.2 passes CheckBlock and the witness rules at its height', () => {
        expect(checkBlock(block, params.consensus.powLimit)).toEqual({ ok: true, value: undefined });
        const segwit = entry.height >= params.consensus.segwitHeight;
        const witness = checkWitnessCommitment(block, segwit);
        expect(witness).toEqual({ ok: true, value: { committed: segwit && getWitnessCommitmentIndex(block) >= 0 } });
        if (entry.hasWitness) expect(witness.ok && witness.value.committed).toBe(true);
      });

      it('§5.3 states its height in the coinbase from BIP34 on', () => {
        const height = getCoinbaseHeight(block);
        if (entry.height >= params.consensus.bip34Height) expect(height).toBe(entry.height);
        else expect(height === undefined || height !== entry.height).toBe(true);
      });
    });
  }
});

describe('btcd blockheaders-mainnet-1-11.txt', () => {
  const lines = readFileSync(vectorPath('btcd/blockheaders-mainnet-1-11.txt'), 'utf8').trim().split('\n');

  it('§1.2 §2.2 §4.3 §6.1 holds 11 headers that link from the genesis hash the kernel computes, each with valid PoW', () => {
    expect(lines.length).toBe(11);
    let prev = genesisHash(NETWORKS.main.genesis);
    for (const line of lines) {
      const bytes = fromHex(line.trim());
      if (!bytes.ok) throw new Error('bad hex');
      const header = decodeBlockHeader(bytes.value);
      if (!header.ok) throw new Error(header.error.code);
      expect(equalBytes(encodeBlockHeader(header.value), bytes.value)).toBe(true);
      expect(equalBytes(header.value.prevBlockHash, prev)).toBe(true);
      prev = blockHash(header.value);
      expect(checkProofOfWork(prev, header.value.bits, NETWORKS.main.consensus.powLimit)).toBe(true);
    }
    expect(toDisplayHex(prev)).toBe('0000000097be56d606cdd9c54b04d4747e957d3608abe69198c661f2add73073');
  });

  it('agrees with bcoin headers1.raw (block 1 header)', () => {
    const raw = readVector('bcoin/headers1.raw');
    const first = fromHex(lines[0]?.trim() ?? '');
    if (!first.ok) throw new Error('bad hex');
    expect(equalBytes(raw.subarray(0, 80), first.value)).toBe(true);
  });
});

describe('bitcoinj first-100k-blocks.dat (mainnet blocks 0..438)', () => {
  const blocks = splitBlkFile(readVector('bitcoinj/first-100k-blocks.dat'), NETWORKS.main.messageStart);

  it('§2.2 §5.2 §6.1 holds 439 blocks, each decoding and re-encoding byte-exact, linked from the computed genesis', () => {
    expect(blocks.length).toBe(439);
    let prev: Uint8Array | undefined;
    blocks.forEach((raw, height) => {
      const decoded = decodeBlock(raw);
      if (!decoded.ok) throw new Error(`height ${height}: ${decoded.error.code}`);
      const block = decoded.value;
      expect(equalBytes(encodeBlock(block), raw)).toBe(true);
      const hash = blockHash(block.header);
      if (prev === undefined) expect(equalBytes(hash, genesisHash(NETWORKS.main.genesis))).toBe(true);
      else expect(equalBytes(block.header.prevBlockHash, prev)).toBe(true);
      expect(checkBlock(block, NETWORKS.main.consensus.powLimit).ok).toBe(true);
      prev = hash;
    });
  });

  it('§1.2 §2.1 has txids that chain: every input spends an output created earlier in the file, or is a coinbase', () => {
    const created = new Set<string>();
    let spends = 0;
    for (const raw of blocks) {
      const decoded = decodeBlock(raw);
      if (!decoded.ok) throw new Error(decoded.error.code);
      for (const tx of decoded.value.transactions) {
        if (!isCoinbase(tx)) {
          for (const input of tx.inputs) {
            expect(created.has(`${toDisplayHex(input.prevout.txid)}:${input.prevout.vout}`)).toBe(true);
            spends++;
          }
        }
        const id = toDisplayHex(txid(tx));
        tx.outputs.forEach((_, n) => created.add(`${id}:${n}`));
      }
    }
    expect(spends).toBeGreaterThan(0);
  });
});
