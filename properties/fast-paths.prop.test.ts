/**
 * The kernel's fast paths against their reference paths (issue 14: speed never changes a result):
 * - a decoded transaction's txid, wtxid and sizes, hashed and measured from the byte ranges found
 *   while decoding, equal those computed from its fields (encodeTransaction, then SHA256d);
 * - a spread copy of a decoded transaction is hashed from its (changed) fields, never from the
 *   bytes it was decoded from;
 * - the duplicate-input check without string keys equals the string-keyed set Core's
 *   `std::set<COutPoint>` stands for;
 * - the signature range checks compare bytes, with the bigint comparisons' answers;
 * - on the real blocks of test/vectors, every transaction's hashes and sizes agree, and
 *   blockMerkleRoot (batched SHA256D64) equals computeMerkleRoot over the fields' txids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../kernel/encoding/hex.js';
import { decodeBlock, encodeBlock } from '../kernel/primitives/block.js';
import { txBaseSize, txBaseSizeOfFields, txTotalSize, txTotalSizeOfFields } from '../kernel/primitives/size.js';
import { DecodedTransaction, decodeTransaction, encodeTransaction, txid, txidOfFields, txids, wtxid, wtxidOfFields, wtxids } from '../kernel/primitives/transaction.js';
import type { Transaction, TxIn } from '../kernel/primitives/types.js';
import { hasDuplicateInputs } from '../kernel/validation/tx-check.js';
import { isHighS } from '../kernel/crypto/ecdsa.js';
import { SECP256K1_HALF_N, SECP256K1_N, isVerifiableCompactSignature } from '../kernel/crypto/secp256k1-backend.js';
import { blockMerkleRoot, blockWitnessMerkleRoot, computeMerkleRoot } from '../kernel/validation/merkle.js';
import { hash32, transaction, vector } from './arbitraries.js';

const hex = toHex;

function decoded(tx: Transaction): Transaction {
  const d = decodeTransaction(encodeTransaction(tx));
  if (!d.ok) throw new Error(d.error.code);
  return d.value;
}

/** The reference: the string-keyed set CheckTransaction used before (txid hex and index). */
function hasDuplicateInputsByStrings(inputs: readonly TxIn[]): boolean {
  const seen = new Set<string>();
  for (const input of inputs) {
    const key = `${hex(input.prevout.txid)}:${input.prevout.vout}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function expectSameHashesAndSizes(tx: Transaction): void {
  expect(hex(txid(tx))).toBe(hex(txidOfFields(tx)));
  expect(hex(wtxid(tx))).toBe(hex(wtxidOfFields(tx)));
  expect(txBaseSize(tx)).toBe(txBaseSizeOfFields(tx));
  expect(txTotalSize(tx)).toBe(txTotalSizeOfFields(tx));
}

describe('§2.1 §2.3 decoded transactions: hashes and sizes from the decoded bytes', () => {
  it('txid, wtxid, base and total size equal the field-based reference, with and without witnesses (fast-check)', () => {
    let withWitness = 0;
    fc.assert(
      fc.property(transaction({ maxInputs: 6, maxOutputs: 6 }), (tx) => {
        const d = decoded(tx);
        expect(d).toBeInstanceOf(DecodedTransaction);
        if ((d as DecodedTransaction).extended) withWitness++;
        expectSameHashesAndSizes(d);
        // The memoized hashes are returned again unchanged.
        expect(hex(txid(d))).toBe(hex(txidOfFields(tx)));
      }),
      { numRuns: 400 },
    );
    expect(withWitness).toBeGreaterThan(0);
  });

  it('txids and wtxids of many transactions (one SHA256D batch) equal the field-based reference, mixed with plain and already-hashed ones (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(transaction({ maxInputs: 4, maxOutputs: 4 }), fc.constantFrom('decoded', 'plain', 'hashed')), { maxLength: 12 }), (items) => {
        const txs = items.map(([tx, kind]) => {
          if (kind === 'plain') return tx;
          const d = decoded(tx);
          if (kind === 'hashed') void txid(d);
          return d;
        });
        expect(txids(txs).map(hex)).toEqual(txs.map((tx) => hex(txidOfFields(tx))));
        expect(wtxids(txs).map(hex)).toEqual(txs.map((tx) => hex(wtxidOfFields(tx))));
      }),
      { numRuns: 200 },
    );
  });

  it('a spread copy with a changed field is hashed from its fields, not from the original bytes', () => {
    fc.assert(
      fc.property(transaction(), (tx) => {
        const d = decoded(tx);
        const changed: Transaction = { ...d, lockTime: (d.lockTime ^ 1) >>> 0 };
        expect(changed).not.toBeInstanceOf(DecodedTransaction);
        expect(hex(txid(changed))).toBe(hex(txidOfFields(changed)));
        expect(hex(txid(changed))).not.toBe(hex(txid(d)));
        expect(txBaseSize(changed)).toBe(txBaseSizeOfFields(changed));
      }),
      { numRuns: 150 },
    );
  });

  it('decoded fields are views of the input (zero-copy), except outputs scripts, which are copies', () => {
    const raw = vector('bcoin/block482683.raw');
    const block = decodeBlock(raw);
    if (!block.ok) throw new Error(block.error.code);
    const tx = block.value.transactions[1] as Transaction;
    expect((tx.inputs[0] as TxIn).scriptSig.buffer).toBe(raw.buffer);
    expect((tx.inputs[0] as TxIn).prevout.txid.buffer).toBe(raw.buffer);
    expect(tx.outputs[0]?.scriptPubKey.buffer).not.toBe(raw.buffer);
  });

  it('§4.4 real blocks (mainnet, testnet3, segwit): every transaction agrees; Merkle and witness roots equal the reference over field txids', () => {
    let txs = 0;
    const files = ['bitcoin-core/block413567.raw', 'bcoin/block300025.raw', 'bcoin/block426884.raw', 'bcoin/block482683.raw', 'bcoin/block898352.raw', 'bcoin/block928816.raw', 'bcoin/block928828.raw', 'bcoin/block928831.raw'];
    const manifest = JSON.parse(new TextDecoder().decode(vector('blocks-manifest.json'))) as { file: string; txCount: number }[];
    const expectedTxs = manifest.filter((m) => files.includes(m.file)).reduce((n, m) => n + m.txCount, 0);
    for (const file of files) {
      const raw = vector(file);
      const block = decodeBlock(raw);
      if (!block.ok) throw new Error(`${file}: ${block.error.code}`);
      for (const tx of block.value.transactions) {
        expectSameHashesAndSizes(tx);
        txs++;
      }
      const reference = computeMerkleRoot(block.value.transactions.map(txidOfFields));
      expect(hex(blockMerkleRoot(block.value).root)).toBe(hex(reference.root));
      expect(hex(blockMerkleRoot(block.value).root)).toBe(hex(block.value.header.merkleRoot));
      const witnessReference = computeMerkleRoot(block.value.transactions.map((tx, i) => (i === 0 ? new Uint8Array(32) : wtxidOfFields(tx))));
      expect(hex(blockWitnessMerkleRoot(block.value).root)).toBe(hex(witnessReference.root));
      expect(hex(encodeBlock(block.value))).toBe(hex(raw));
    }
    expect(txs).toBe(expectedTxs);
    expect(txs).toBeGreaterThan(4000);
  });
});

describe('§5.1 CheckTransaction duplicate inputs without string keys', () => {
  const input = (txidBytes: Uint8Array, vout: number): TxIn => ({ prevout: { txid: txidBytes, vout }, scriptSig: new Uint8Array(0), sequence: 0, witness: [] });

  it('equals the string-keyed reference, pairwise (<= 32 inputs) and sorted (more), with planted duplicates (fast-check)', () => {
    // Few distinct txids and indices, so collisions of one part only (same txid, other index) are common.
    const outpoint = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 3, max: 0xffffffff })));
    let duplicates = 0;
    let large = 0;
    fc.assert(
      fc.property(fc.array(hash32(), { minLength: 4, maxLength: 4 }), fc.oneof(fc.array(outpoint, { maxLength: 12 }), fc.array(outpoint, { minLength: 33, maxLength: 80 })), fc.boolean(), (txids, points, plant) => {
        const inputs = points.map(([t, v]) => input(txids[t] as Uint8Array, v));
        if (plant && inputs.length > 0) inputs.push(inputs[inputs.length >> 1] as TxIn);
        const expected = hasDuplicateInputsByStrings(inputs);
        expect(hasDuplicateInputs(inputs)).toBe(expected);
        if (expected) duplicates++;
        if (inputs.length > 32) large++;
      }),
      { numRuns: 500 },
    );
    expect(duplicates).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(0);
  });

  it('equal txid bytes in different arrays count as the same outpoint; same txid with another index does not', () => {
    const a = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(hasDuplicateInputs([input(a, 1), input(a.slice(), 1)])).toBe(true);
    expect(hasDuplicateInputs([input(a, 1), input(a, 2)])).toBe(false);
    const many = Array.from({ length: 40 }, (_, i) => input(a, i));
    expect(hasDuplicateInputs(many)).toBe(false);
    expect(hasDuplicateInputs([...many, input(a.slice(), 39)])).toBe(true);
  });
});

describe('§3.5 §3.6 signature range checks on bytes', () => {
  const big = (b: Uint8Array): bigint => BigInt(`0x${hex(b) || '0'}`);
  const be32 = (n: bigint): Uint8Array => Uint8Array.from(Buffer.from(((n % 2n ** 256n) + 2n ** 256n).toString(16).slice(-64).padStart(64, '0'), 'hex'));
  // Scalars at and around 0, n/2 and n, and random ones.
  const scalar = fc.oneof(
    fc.constantFrom(0n, 1n, SECP256K1_HALF_N - 1n, SECP256K1_HALF_N, SECP256K1_HALF_N + 1n, SECP256K1_N - 1n, SECP256K1_N, SECP256K1_N + 1n, 2n ** 256n - 1n).map(be32),
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
  );
  it('isVerifiableCompactSignature and isHighS equal the bigint comparisons (r, s in [1, n-1], s <= n/2) (fast-check)', () => {
    let verifiable = 0;
    fc.assert(
      fc.property(scalar, scalar, (r, s) => {
        const sig = new Uint8Array(64);
        sig.set(r, 0);
        sig.set(s, 32);
        const expected = big(r) > 0n && big(r) < SECP256K1_N && big(s) > 0n && big(s) <= SECP256K1_HALF_N;
        expect(isVerifiableCompactSignature(sig)).toBe(expected);
        expect(isHighS(sig)).toBe(big(s) > SECP256K1_HALF_N);
        if (expected) verifiable++;
      }),
      { numRuns: 1000 },
    );
    expect(verifiable).toBeGreaterThan(0);
  });
});
