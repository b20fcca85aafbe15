import { describe, expect, it } from 'vitest';
import {
  type Block,
  type BlockRejectReason,
  type Transaction,
  NETWORKS,
  checkBlock,
  decodeBlock,
  getCoinbaseHeight,
} from '../kernel/index.js';
import { checkWitnessCommitment } from "../kernel/validation/witness-commitment.js";
import { blockMerkleRoot } from "../kernel/validation/merkle.js";
import { readVector } from './support/vectors.js';

const POW_LIMIT = NETWORKS.main.consensus.powLimit;

function load(file: string): Block {
  const decoded = decodeBlock(readVector(file));
  if (!decoded.ok) throw new Error(decoded.error.code);
  return decoded.value;
}

/** The block with other transactions and a header Merkle root recomputed to match them. */
function withTransactions(block: Block, transactions: readonly Transaction[]): Block {
  const rerooted = { ...block, transactions };
  return { transactions, header: { ...block.header, merkleRoot: blockMerkleRoot(rerooted).root } };
}

function reasonOf(result: ReturnType<typeof checkBlock>): BlockRejectReason | 'OK' {
  return result.ok ? 'OK' : result.error.reason;
}

const block = load('bitcoin-core/block413567.raw');
const txs = block.transactions;
const coinbase = txs[0] as Transaction;
const spend = txs[1] as Transaction;

describe('§5.2 mutated block413567 is rejected with Core reasons', () => {
  it('the unmutated block is valid (control)', () => {
    expect(reasonOf(checkBlock(block, POW_LIMIT))).toBe('OK');
  });

  it('§4.3 nonce changed: high-hash', () => {
    const mutated = { ...block, header: { ...block.header, nonce: (block.header.nonce + 1) >>> 0 } };
    expect(reasonOf(checkBlock(mutated, POW_LIMIT))).toBe('high-hash');
  });

  it('§4.3 §4.4 header Merkle root changed: high-hash with PoW checked, bad-txnmrklroot without', () => {
    const root = block.header.merkleRoot.slice();
    root[0] = (root[0] ?? 0) ^ 1;
    const mutated = { ...block, header: { ...block.header, merkleRoot: root } };
    expect(reasonOf(checkBlock(mutated, POW_LIMIT))).toBe('high-hash');
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-txnmrklroot');
  });

  it('§4.4 a transaction changed under an unchanged header: bad-txnmrklroot', () => {
    const output = spend.outputs[0];
    if (output === undefined) throw new Error('no output');
    const changed: Transaction = { ...spend, outputs: [{ ...output, value: output.value - 1n }, ...spend.outputs.slice(1)] };
    const mutated = { ...block, transactions: [coinbase, changed, ...txs.slice(2)] };
    expect(reasonOf(checkBlock(mutated, POW_LIMIT))).toBe('bad-txnmrklroot');
  });

  it('§4.4 last transaction duplicated (CVE-2012-2459): same Merkle root, bad-txns-duplicate', () => {
    expect(txs.length % 2).toBe(1); // 1,557 transactions: the last is paired with itself
    const mutated = { ...block, transactions: [...txs, txs[txs.length - 1] as Transaction] };
    expect(blockMerkleRoot(mutated).root).toEqual(block.header.merkleRoot);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT))).toBe('bad-txns-duplicate');
  });

  it('second coinbase: bad-cb-multiple', () => {
    // A distinct coinbase in place of tx 1 (an identical adjacent copy would be a Merkle
    // mutation first, and an extra one would push the block past 1,000,000 base bytes).
    const second: Transaction = { ...coinbase, lockTime: coinbase.lockTime + 1 };
    const mutated = withTransactions(block, [coinbase, second, ...txs.slice(2)]);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-cb-multiple');
  });

  it('no coinbase: bad-cb-missing', () => {
    const mutated = withTransactions(block, txs.slice(1));
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-cb-missing');
  });

  it('no transactions at all: bad-blk-length', () => {
    const mutated = withTransactions(block, []);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-blk-length');
  });

  it('oversize (base size above 1,000,000 bytes): bad-blk-length', () => {
    // 999,887 bytes plus ten more non-coinbase transactions crosses MAX_BLOCK_WEIGHT / 4.
    const mutated = withTransactions(block, [...txs, ...txs.slice(1, 11)]);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-blk-length');
  });

  it('§5.1 a transaction failing CheckTransaction: its reason', () => {
    const output = spend.outputs[0];
    if (output === undefined) throw new Error('no output');
    const negative: Transaction = { ...spend, outputs: [{ ...output, value: -1n }] };
    const mutated = withTransactions(block, [coinbase, negative, ...txs.slice(2)]);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-txns-vout-negative');
  });

  it('§3.3 more than 20,000 legacy sigops: bad-blk-sigops', () => {
    // Three outputs of 7,000 OP_CHECKSIG each: 21,000 sigops, cost 84,000 > 80,000.
    const sigops: Transaction = {
      ...spend,
      outputs: [0, 1, 2].map(() => ({ value: 0n, scriptPubKey: new Uint8Array(7000).fill(0xac) })),
    };
    const mutated = withTransactions(block, [coinbase, sigops]);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT, { checkPow: false }))).toBe('bad-blk-sigops');
  });
});

describe('§4.5 mutated segwit block 482683 fails the witness rules', () => {
  const segwit = load('bcoin/block482683.raw');
  const height = getCoinbaseHeight(segwit);
  const cb = segwit.transactions[0] as Transaction;
  const withCoinbaseWitness = (witness: readonly Uint8Array[]): Block => {
    const [input] = cb.inputs;
    if (input === undefined) throw new Error('no coinbase input');
    const changed: Transaction = { ...cb, inputs: [{ ...input, witness }] };
    return { ...segwit, transactions: [changed, ...segwit.transactions.slice(1)] };
  };

  it('the unmutated block commits to its witnesses (control)', () => {
    expect(height).toBe(482683);
    expect(checkWitnessCommitment(segwit, true)).toEqual({ ok: true, value: { committed: true } });
  });

  it('witness reserved value changed: header and Merkle root still valid, bad-witness-merkle-match', () => {
    const mutated = withCoinbaseWitness([new Uint8Array(32).fill(7)]);
    expect(reasonOf(checkBlock(mutated, POW_LIMIT))).toBe('OK');
    const result = checkWitnessCommitment(mutated, true);
    expect(result.ok ? 'OK' : result.error.reason).toBe('bad-witness-merkle-match');
  });

  it('witness reserved value missing or of the wrong size: bad-witness-nonce-size', () => {
    for (const witness of [[], [new Uint8Array(31)], [new Uint8Array(32), new Uint8Array(32)]]) {
      const result = checkWitnessCommitment(withCoinbaseWitness(witness), true);
      expect(result.ok ? 'OK' : result.error.reason).toBe('bad-witness-nonce-size');
    }
  });

  it('witness data before segwit is active: unexpected-witness', () => {
    const result = checkWitnessCommitment(segwit, false);
    expect(result.ok ? 'OK' : result.error.reason).toBe('unexpected-witness');
  });
});
