/**
 * Transaction sizes, the witness flag and byte concatenation, stated from Core's field widths with
 * literal numbers (issue 15: proofs that target these functions; SPEC.md §2.1, §2.3, §1.3):
 * txBaseSize and txTotalSizeOfFields (kernel/primitives/size.ts) against the widths of
 * CTransaction's fields and BIP144's marker, flag and witness stacks; hasWitness
 * (kernel/primitives/transaction.ts) as CTransaction::HasWitness; concatBytes
 * (kernel/encoding/bytes.ts); encodeTransaction without and with a witness (BIP144). Byte strings the
 * rules only measure are modelled by their lengths.
 */
import { bytes, int, int32, int64, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { txBaseSize, txBaseSizeOfFields, txTotalSizeOfFields } from '../kernel/primitives/size.js';
import { encodeTransaction, hasWitness } from '../kernel/primitives/transaction.js';
import { oneInOneOutSerialization } from './block-domains.js';

/** CompactSize width, Core's GetSizeOfCompactSize with its literal thresholds: 1 below 0xfd, 3 below 0x10000, 5 below 0x100000000, else 9. */
function cs(n: number): number {
  return n < 0xfd ? 1 : n < 0x10000 ? 3 : n < 0x100000000 ? 5 : 9;
}

/** A byte string modelled by its length (the sizes and the witness flag read no byte). Up to 2^36 bytes: every CompactSize width. */
const blob = () => record({ length: int(0, 2 ** 36) });

/** The size of a transaction without witness, field by field (Core's CTransaction serialization, TX_NO_WITNESS). */
function baseSize(scriptSigs: readonly number[], scriptPubKeys: readonly number[]): number {
  let size = 4; // nVersion
  size += cs(scriptSigs.length); // vin count
  for (const l of scriptSigs) size += 32 + 4 + cs(l) + l + 4; // prevout hash, prevout n, scriptSig, nSequence
  size += cs(scriptPubKeys.length); // vout count
  for (const l of scriptPubKeys) size += 8 + cs(l) + l; // nValue, scriptPubKey
  return size + 4; // nLockTime
}

export const txBaseSizeFields = proof('txBaseSize is the sum of CTransaction\'s field widths without witness', {
  fn: txBaseSize,
  spec: '§2.3',
  statement:
    'For a transaction given by its fields (a plain object: a DecodedTransaction returns the size its decoder measured instead, test/blocks) with 0..3 inputs and 0..2 outputs (all 12 counts, one case each) and scripts of any length up to 2^36 bytes (modelled by their lengths): txBaseSize = 4 (nVersion) + CS(#in) + per input 32 + 4 (prevout) + CS(len) + len (scriptSig) + 4 (nSequence) + CS(#out) + per output 8 (nValue) + CS(len) + len (scriptPubKey) + 4 (nLockTime), with CS(n) = 1 below 0xfd, 3 below 0x10000, 5 below 0x100000000, else 9. Counts below 0xfd only: a count CompactSize is 1 byte here.',
  inputs: { ins: tuple(3, record({ scriptSig: blob() })), outs: tuple(2, record({ scriptPubKey: blob() })), k: int(0, 11) },
  split: 'k',
  rlimit: 2_000_000,
  ensures: ({ ins, outs, k }) => {
    const nIn = k % 4;
    const nOut = Math.floor(k / 4);
    const inputs = ins.slice(0, nIn);
    const outputs = outs.slice(0, nOut);
    const sigLengths: number[] = [];
    for (let i = 0; i < nIn; i++) sigLengths.push(ins[i].scriptSig.length);
    const pkLengths: number[] = [];
    for (let j = 0; j < nOut; j++) pkLengths.push(outs[j].scriptPubKey.length);
    return txBaseSize({ version: 2, inputs, outputs, lockTime: 0 }) === baseSize(sigLengths, pkLengths);
  },
  covers: {
    'a 0xfc- and a 0xfd-byte scriptSig': ({ ins, k }) => k === 3 && ins[0].scriptSig.length === 0xfc && ins[1].scriptSig.length === 0xfd,
    'a 0xffff- and a 0x10000-byte script': ({ ins, outs, k }) => k === 5 && ins[0].scriptSig.length === 0xffff && outs[0].scriptPubKey.length === 0x10000,
    'a 0xffffffff- and a 0x100000000-byte script': ({ ins, outs, k }) => k === 9 && ins[0].scriptSig.length === 0xffffffff && outs[0].scriptPubKey.length === 0x100000000 && outs[1].scriptPubKey.length === 0,
  },
});

export const txTotalSizeFields = proof('txTotalSizeOfFields adds BIP144\'s marker, flag and witness stacks exactly when some stack is non-empty', {
  fn: txTotalSizeOfFields,
  spec: '§2.3',
  statement:
    'For 2 inputs and 1 output with scripts of any length up to 2^36 bytes, and witness stacks of 0..3 items each (all 16 pairs of stack sizes, one case each) with items of any length up to 2^36 bytes (all modelled by their lengths): when both stacks are empty the total size is the size without witness (txBaseSizeOfFields, which the proof above and proofs/tx-check.proof.ts state from the field widths); otherwise it is that size + 1 (marker 0x00) + 1 (flag 0x01) + per input CS(#items) + per item CS(len) + len, with CS(n) = 1 below 0xfd, 3 below 0x10000, 5 below 0x100000000, else 9 (BIP144; an empty stack still writes its count byte).',
  inputs: { ins: tuple(2, record({ scriptSig: blob() })), outs: tuple(1, record({ scriptPubKey: blob() })), items: tuple(6, blob()), k: int(0, 15) },
  split: 'k',
  rlimit: 2_000_000,
  ensures: ({ ins, outs, items, k }) => {
    const w0 = k % 4;
    const w1 = Math.floor(k / 4);
    const stack0 = items.slice(0, w0);
    const stack1 = items.slice(3, 3 + w1);
    const tx = {
      version: 2,
      inputs: [
        { prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: ins[0].scriptSig, sequence: 0, witness: stack0 },
        { prevout: { txid: new Uint8Array(32), vout: 1 }, scriptSig: ins[1].scriptSig, sequence: 0, witness: stack1 },
      ],
      outputs: outs,
      lockTime: 0,
    };
    const base = txBaseSizeOfFields(tx);
    let witness = 2 + cs(w0) + cs(w1);
    for (let i = 0; i < w0; i++) witness += cs(items[i].length) + items[i].length;
    for (let i = 0; i < w1; i++) witness += cs(items[3 + i].length) + items[3 + i].length;
    return txTotalSizeOfFields(tx) === (w0 + w1 === 0 ? base : base + witness);
  },
  covers: {
    'only the second input has a witness': ({ k }) => k === 4,
    'a 0xfd-byte and a 0x100000000-byte witness item': ({ items, k }) => k === 2 && items[0].length === 0xfd && items[1].length === 0x100000000,
  },
});

export const hasWitnessExact = proof('hasWitness is true exactly when some input\'s witness stack is non-empty', {
  fn: hasWitness,
  spec: '§2.1',
  statement:
    'For transactions of 0, 1, 2, 3 and 4 inputs (the first n of 4 inputs) whose witness stacks have any size up to 100,000 items (modelled by their sizes): hasWitness is true iff some input\'s stack has at least one item (Core\'s CTransaction::HasWitness); so no input means no witness.',
  inputs: { ins: tuple(4, record({ witness: record({ length: int(0, 100000) }) })) },
  rlimit: 2_000_000,
  ensures: ({ ins }) => {
    let ok = true;
    for (let n = 0; n <= 4; n++) {
      let any = false;
      for (let i = 0; i < n; i++) if (ins[i].witness.length !== 0) any = true;
      ok = ok && hasWitness({ version: 2, inputs: ins.slice(0, n), outputs: [], lockTime: 0 }) === any;
    }
    return ok;
  },
  covers: {
    'only the last input has a witness': ({ ins }) => ins[0].witness.length === 0 && ins[1].witness.length === 0 && ins[2].witness.length === 0 && ins[3].witness.length === 1,
    'no input has a witness': ({ ins }) => ins[0].witness.length === 0 && ins[1].witness.length === 0 && ins[2].witness.length === 0 && ins[3].witness.length === 0,
  },
});

export const concatBytesLayout = proof('concatBytes: the length is the sum and the bytes are the parts in order', {
  fn: concatBytes,
  spec: '§1.3',
  statement:
    'For parts x = a[0..p), y = b[0..q), z = c[0..r) of 4-byte a, b, c with any lengths 0 <= p, q, r <= 4: concatBytes(x, y, z) has length p + q + r, byte i is a[i] for i < p, b[i - p] for p <= i < p + q, c[i - p - q] after; concatBytes() is empty and concatBytes(x) has x\'s bytes. (concatBytes is a translator intrinsic, harness/translate/intrinsics.ts: this proves that model; the kernel body, a copying loop, is checked against Buffer.concat in test/encoding/hex.test.ts.)',
  inputs: { a: bytes(4), b: bytes(4), c: bytes(4), p: int(0, 4), q: int(0, 4), r: int(0, 4) },
  rlimit: 2_000_000,
  ensures: ({ a, b, c, p, q, r }) => {
    const x = a.subarray(0, p);
    const out = concatBytes(x, b.subarray(0, q), c.subarray(0, r));
    let ok = out.length === p + q + r && concatBytes().length === 0 && equalBytes(concatBytes(x), x);
    for (let i = 0; i < 12; i++) {
      const expected = i < p ? a[i] : i < p + q ? b[i - p] : i < p + q + r ? c[i - p - q] : undefined;
      ok = ok && out[i] === expected;
    }
    return ok;
  },
  covers: {
    'all three parts non-empty': ({ p, q, r }) => p === 1 && q === 2 && r === 3,
    'an empty middle part': ({ p, q, r }) => p === 4 && q === 0 && r === 4,
  },
});

/** The fields of a 1-in-1-out transaction, every one symbolic: any int32 version, outpoint, sequence, int64 value and lock time, a 2-byte scriptSig, a 1-byte scriptPubKey. */
const oneInOneOutFields = () => ({
    version: int32(),
    prevout: record({ txid: bytes(32), vout: uint32() }),
    scriptSig: bytes(2),
    sequence: uint32(),
    value: int64(),
    scriptPubKey: bytes(1),
    lockTime: uint32(),
});

export const encodeTransactionLayout = proof('a transaction of one input and one output serializes without witness as Core\'s CTransaction, field by field', {
  fn: encodeTransaction,
  spec: '§2.1',
  statement:
    'For every transaction of one input and one output (version any int32, any outpoint, a 2-byte scriptSig, any sequence, any int64 value, a 1-byte scriptPubKey, any lock time, no witness), encodeTransaction(tx, false), the bytes a txid hashes, is byte for byte the serialization of proofs/block-domains.ts (oneInOneOutSerialization): the version\'s 4 bytes, 01, the outpoint\'s 32 bytes and its index\'s 4, 02 and the scriptSig, the sequence\'s 4 bytes, 01, the value\'s 8, 01 and the scriptPubKey, the lock time\'s 4: 63 bytes (the integers\' bytes those of u32le and i64le, pinned by proofs/byte-layouts.proof.ts). The Merkle root and ConnectBlock proofs state txids as SHA256d of encodeTransaction on the strength of this proof.',
  inputs: oneInOneOutFields(),
  ensures: ({ version, prevout, scriptSig, sequence, value, scriptPubKey, lockTime }) => {
    const tx = { version, inputs: [{ prevout, scriptSig, sequence, witness: [] }], outputs: [{ value, scriptPubKey }], lockTime };
    const bytes = encodeTransaction(tx, false);
    return bytes.length === 63 && equalBytes(bytes, oneInOneOutSerialization(tx));
  },
  covers: {
    'version -1, value -1: ff bytes': ({ version, value }) => version === -1 && value === -1n,
  },
});

export const encodeTransactionWitnessLayout = proof("a transaction with a witness serializes in BIP144's extended format: marker 00, flag 01, the witness stack after the outputs", {
  fn: encodeTransaction,
  spec: '§2.1',
  statement:
    "For every transaction of one input and one output as in encodeTransactionLayout whose input has a witness stack of two items (any 2 bytes, any 1 byte): encodeTransaction(tx), the bytes a wtxid hashes, is the version's 4 bytes, 00 01 (BIP144's marker and flag), the inputs and outputs as without witness (bytes 4 to 58 of oneInOneOutSerialization), the witness stack 02, 02 and the first item, 01 and the second, then the lock time's 4 bytes: 71 bytes; encodeTransaction(tx, false), the bytes a txid hashes, is the 63 bytes without witness.",
  inputs: { ...oneInOneOutFields(), w0: bytes(2), w1: bytes(1) },
  ensures: ({ version, prevout, scriptSig, sequence, value, scriptPubKey, lockTime, w0, w1 }) => {
    const tx = { version, inputs: [{ prevout, scriptSig, sequence, witness: [w0, w1] }], outputs: [{ value, scriptPubKey }], lockTime };
    const base = oneInOneOutSerialization(tx);
    const extended = concatBytes(base.subarray(0, 4), Uint8Array.of(0x00, 0x01), base.subarray(4, 59), Uint8Array.of(0x02, 0x02, w0[0] as number, w0[1] as number, 0x01, w1[0] as number), base.subarray(59, 63));
    const withWitness = encodeTransaction(tx);
    const without = encodeTransaction(tx, false);
    // Compared in two halves: equalBytes' loop is unwound to 64 bytes.
    return withWitness.length === 71 && equalBytes(withWitness.subarray(0, 40), extended.subarray(0, 40)) && equalBytes(withWitness.subarray(40, 71), extended.subarray(40, 71)) && without.length === 63 && equalBytes(without, base);
  },
});
