/**
 * Properties of kernel/primitives: the transaction, header and block codecs (BIP144, SPEC.md
 * §2.1-2.2) and the BIP141 sizes and weight (SPEC.md §2.3).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256d } from '../kernel/crypto/hashes.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { ByteWriter } from '../kernel/encoding/writer.js';
import {
  BLOCK_HEADER_SIZE,
  decodeBlock,
  decodeBlockHeader,
  encodeBlock,
  encodeBlockHeader,
} from '../kernel/primitives/block.js';
import {
  blockBaseSize,
  blockTotalSize,
  blockWeight,
  txBaseSize,
  txTotalSize,
  txWeight,
  vsizeOf,
  weightOf,
} from '../kernel/primitives/size.js';
import {
  decodeTransaction,
  encodeTransaction,
  hasWitness,
  txid,
  wtxid,
} from '../kernel/primitives/transaction.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { block, blockHeader, minimalBlock, tightTransaction, transaction, txOut, u32, vector } from './arbitraries.js';

const REAL_TXS = ['tx1', 'tx2', 'tx3', 'tx4', 'tx5', 'tx6', 'tx7', 'tx8', 'tx9', 'tx10'].map((name) => ({
  name,
  bytes: vector(`bcoin/${name}.raw`),
}));
const REAL_BLOCKS = [
  'bitcoin-core/block413567.raw',
  'bcoin/block1.raw',
  'bcoin/block300025.raw',
  'bcoin/block482683.raw',
  'bcoin/block928816.raw',
].map((file) => ({ file, bytes: vector(file) }));

/** The same transaction with every witness stack dropped. */
function stripWitness(tx: Transaction): Transaction {
  return { ...tx, inputs: tx.inputs.map((i) => ({ ...i, witness: [] })) };
}

describe('§2.1 transaction codec', () => {
  it('decode(encode(tx)) deep-equals tx, with and without witnesses (>= 1 input)', () => {
    fc.assert(
      fc.property(transaction(), (tx) => {
        expect(decodeTransaction(encodeTransaction(tx))).toEqual({ ok: true, value: tx });
      }),
      { numRuns: 1000 },
    );
  });

  it('decode(encode(tx)) deep-equals tx for tightly packed txs (empty scripts, up to 300 inputs/outputs/items)', () => {
    fc.assert(
      fc.property(tightTransaction(), (tx) => {
        expect(decodeTransaction(encodeTransaction(tx))).toEqual({ ok: true, value: tx });
      }),
      { numRuns: 100 },
    );
  });

  it('decode(encode(tx, false)) is tx without its witnesses; that encoding has no marker/flag', () => {
    fc.assert(
      fc.property(transaction(), (tx) => {
        const base = encodeTransaction(tx, false);
        expect(decodeTransaction(base)).toEqual({ ok: true, value: stripWitness(tx) });
        // Byte 4 is the input count, never the 0x00 marker, since there is at least one input.
        expect(base[4]).not.toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('BIP144: the extended format is used iff some witness stack is non-empty', () => {
    fc.assert(
      fc.property(transaction(), (tx) => {
        const full = encodeTransaction(tx);
        const base = encodeTransaction(tx, false);
        expect(hasWitness(tx)).toBe(tx.inputs.some((i) => i.witness.length > 0));
        if (hasWitness(tx)) {
          expect([full[4], full[5]]).toEqual([0x00, 0x01]);
          expect(full.length).toBeGreaterThan(base.length);
        } else {
          expect(full).toEqual(base);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the extended format with every witness stack empty is rejected: Superfluous witness record', () => {
    fc.assert(
      fc.property(transaction({ witness: false }), (tx) => {
        // Hand-build the BIP144 form with an empty stack per input.
        const w = new ByteWriter().u32le(tx.version).u8(0).u8(1).compactSize(tx.inputs.length);
        for (const i of tx.inputs) w.bytes(i.prevout.txid).u32le(i.prevout.vout).varBytes(i.scriptSig).u32le(i.sequence);
        w.compactSize(tx.outputs.length);
        for (const o of tx.outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
        for (let k = 0; k < tx.inputs.length; k++) w.compactSize(0);
        w.u32le(tx.lockTime);
        const result = decodeTransaction(w.finish());
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('Superfluous witness record');
      }),
      { numRuns: 300 },
    );
  });

  it('Core zero-input form: version 00 00 locktime decodes to no inputs and no outputs, and re-encodes', () => {
    fc.assert(
      fc.property(u32(), u32(), (version, lockTime) => {
        const bytes = new ByteWriter().u32le(version).u8(0).u8(0).u32le(lockTime).finish();
        expect(bytes.length).toBe(10);
        const expected: Transaction = { version, inputs: [], outputs: [], lockTime };
        expect(decodeTransaction(bytes)).toEqual({ ok: true, value: expected });
        expect(encodeTransaction(expected)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('a zero-input tx with outputs does not round-trip (the extended-format ambiguity)', () => {
    fc.assert(
      fc.property(
        fc.record({ version: u32(), inputs: fc.constant([]), outputs: fc.array(txOut(), { minLength: 1, maxLength: 4 }), lockTime: u32() }),
        (tx: Transaction) => {
          const bytes = encodeTransaction(tx);
          const result = decodeTransaction(bytes);
          // The output count is read as the BIP144 flag byte, so the bytes never decode back to tx.
          if (result.ok) expect(result.value).not.toEqual(tx);
          else expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('txid = SHA256d(encode(tx, false)); wtxid = SHA256d(encode(tx)); equal iff no witness', () => {
    fc.assert(
      fc.property(transaction(), (tx) => {
        expect(txid(tx)).toEqual(sha256d(encodeTransaction(tx, false)));
        expect(wtxid(tx)).toEqual(sha256d(encodeTransaction(tx)));
        expect(equalBytes(txid(tx), wtxid(tx))).toBe(!hasWitness(tx));
        expect(txid(tx)).toEqual(txid(stripWitness(tx)));
      }),
      { numRuns: 300 },
    );
  });

  it('encode(decode(bytes)) equals bytes for every real transaction vector', () => {
    for (const { name, bytes } of REAL_TXS) {
      const decoded = decodeTransaction(bytes);
      expect(decoded.ok, name).toBe(true);
      if (decoded.ok) expect(equalBytes(encodeTransaction(decoded.value), bytes), name).toBe(true);
    }
  });
});

describe('§2.2 header codec', () => {
  it('decode(encode(h)) deep-equals h; the encoding is 80 bytes', () => {
    fc.assert(
      fc.property(blockHeader(), (h) => {
        const bytes = encodeBlockHeader(h);
        expect(bytes.length).toBe(BLOCK_HEADER_SIZE);
        expect(decodeBlockHeader(bytes)).toEqual({ ok: true, value: h });
      }),
      { numRuns: 1000 },
    );
  });

  it('encode(decode(bytes)) equals bytes for any 80 bytes; other lengths fail', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 120 }), (bytes) => {
        const result = decodeBlockHeader(bytes);
        if (bytes.length === BLOCK_HEADER_SIZE) {
          expect(result.ok).toBe(true);
          if (result.ok) expect(encodeBlockHeader(result.value)).toEqual(bytes);
        } else {
          const code = bytes.length < BLOCK_HEADER_SIZE ? 'DataStream::read(): end of data' : 'trailing-data';
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).toBe(code);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('§2.2 block codec', () => {
  it('decode(encode(b)) deep-equals b (txs with >= 1 input, mixed witness)', () => {
    fc.assert(
      fc.property(block(), (b) => {
        expect(decodeBlock(encodeBlock(b))).toEqual({ ok: true, value: b });
      }),
      { numRuns: 300 },
    );
  });

  it('decode(encode(b)) deep-equals b for blocks of 10-byte minimal txs (up to 300 of them)', () => {
    fc.assert(
      fc.property(minimalBlock(), (b) => {
        const bytes = encodeBlock(b);
        expect(bytes.length).toBe(80 + (b.transactions.length > 252 ? 3 : 1) + 10 * b.transactions.length);
        expect(decodeBlock(bytes)).toEqual({ ok: true, value: b });
      }),
      { numRuns: 100 },
    );
  });

  it('encode(decode(bytes)) equals bytes for real blocks (legacy and segwit)', () => {
    for (const { file, bytes } of REAL_BLOCKS) {
      const decoded = decodeBlock(bytes);
      expect(decoded.ok, file).toBe(true);
      if (decoded.ok) expect(equalBytes(encodeBlock(decoded.value), bytes), file).toBe(true);
    }
  });
});

describe('§2.3 sizes and weight (BIP141)', () => {
  // Zero-input txs are fine here: sizes do not go through the decoder.
  const anyTx = fc.oneof(
    { weight: 6, arbitrary: transaction({ minInputs: 0 }) },
    // Over 252 inputs/outputs: the counts take the 3-byte CompactSize form.
    { weight: 1, arbitrary: transaction({ minInputs: 250, maxInputs: 260, maxOutputs: 260 }) },
  );

  it('txBaseSize / txTotalSize are the encoding lengths; txWeight = 3*base + total', () => {
    fc.assert(
      fc.property(anyTx, (tx) => {
        const base = txBaseSize(tx);
        const total = txTotalSize(tx);
        expect(base).toBe(encodeTransaction(tx, false).length);
        expect(total).toBe(encodeTransaction(tx).length);
        expect(txWeight(tx)).toBe(3 * base + total);
        expect(weightOf(base, total)).toBe(3 * base + total);
      }),
      { numRuns: 200 },
    );
  });

  it('blockBaseSize / blockTotalSize are the encoding lengths; blockWeight = 3*base + total', () => {
    fc.assert(
      fc.property(block(8), (b) => {
        const base = blockBaseSize(b);
        const total = blockTotalSize(b);
        expect(base).toBe(encodeBlock(b, false).length);
        expect(total).toBe(encodeBlock(b).length);
        expect(blockWeight(b)).toBe(3 * base + total);
      }),
      { numRuns: 200 },
    );
  });

  it('block sizes and weight of real blocks match their encodings and the manifest', () => {
    const manifest = JSON.parse(new TextDecoder().decode(vector('blocks-manifest.json'))) as {
      file: string;
      sizeBytes: number;
      weight: number;
    }[];
    for (const { file, bytes } of REAL_BLOCKS) {
      const decoded = decodeBlock(bytes);
      if (!decoded.ok) throw new Error(`${file} failed to decode`);
      const entry = manifest.find((m) => m.file === file);
      expect(blockTotalSize(decoded.value), file).toBe(bytes.length);
      expect(blockBaseSize(decoded.value), file).toBe(encodeBlock(decoded.value, false).length);
      if (entry) {
        expect(blockTotalSize(decoded.value), file).toBe(entry.sizeBytes);
        expect(blockWeight(decoded.value), file).toBe(entry.weight);
      }
    }
  });

  it('vsizeOf(w) = ceil(w / 4)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 3 })), (w) => {
        const v = vsizeOf(w);
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBe(Math.ceil(w / 4));
        // And the defining inequalities, exact in integers: 4(v-1) < w <= 4v.
        expect(BigInt(w) <= 4n * BigInt(v)).toBe(true);
        expect(4n * BigInt(v - 1) < BigInt(w)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
