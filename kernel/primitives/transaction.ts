import { sha256d, sha256dBatch, sha256dParts } from '../crypto/hashes.js';
import { concatBytes } from '../encoding/bytes.js';
import { encodeCompactSize } from '../encoding/compact-size.js';
import type { DecodeError } from '../encoding/errors.js';
import { i64le, u32le } from '../encoding/little-endian.js';
import { type ByteReader, decodeExact } from '../encoding/reader.js';
import type { ByteWriter } from '../encoding/writer.js';
import type { Result } from '../result.js';
import type { OutPoint, Transaction, TxIn, TxOut } from './types.js';

/** Smallest serialized CTxIn: outpoint 36, empty script 1, sequence 4. */
const MIN_TXIN_SIZE = 41;
/** Smallest serialized CTxOut: value 8, empty script 1. */
const MIN_TXOUT_SIZE = 9;
/** Smallest serialized witness item: its empty length prefix. */
const MIN_WITNESS_ITEM_SIZE = 1;

/** Core's COutPoint::IsNull: all-zero txid and index 0xffffffff (SPEC.md §2.1). */
export function isNullOutPoint(p: OutPoint): boolean {
  return p.vout === 0xffffffff && p.txid.every((b) => b === 0);
}

/** Core's CTransaction::IsCoinBase: one input, spending the null outpoint (SPEC.md §2.1). */
export function isCoinbase(tx: Transaction): boolean {
  const first = tx.inputs[0];
  return tx.inputs.length === 1 && first !== undefined && isNullOutPoint(first.prevout);
}

/** BIP144: the extended serialization's marker (0x00, where a legacy one has its input count) and flag (0x01). */
const SEGWIT_MARKER_AND_FLAG = Uint8Array.of(0x00, 0x01);

/** Core's CTransaction::HasWitness: any input with a non-empty witness stack (BIP144) (SPEC.md §2.1). */
export function hasWitness(tx: Transaction): boolean {
  return tx.inputs.some((i) => i.witness.length > 0);
}

function readTxIns(r: ByteReader): TxIn[] {
  const n = r.count(MIN_TXIN_SIZE);
  const inputs: TxIn[] = [];
  for (let i = 0; i < n; i++) {
    const txid = r.bytes(32);
    const vout = r.u32le();
    const scriptSig = r.varBytes();
    const sequence = r.u32le();
    inputs.push({ prevout: { txid, vout }, scriptSig, sequence, witness: NO_WITNESS });
  }
  return inputs;
}

/** The empty witness stack every input without one shares (frozen: nothing can push onto it). */
const NO_WITNESS: readonly Uint8Array[] = Object.freeze([]);

function readTxOuts(r: ByteReader): TxOut[] {
  const n = r.count(MIN_TXOUT_SIZE);
  const outputs: TxOut[] = [];
  for (let i = 0; i < n; i++) {
    const value = r.i64le();
    // A copy: an output's script outlives the block in the UTXO set (as Core's coins cache copies it).
    outputs.push({ value, scriptPubKey: r.varBytesCopy() });
  }
  return outputs;
}

function readWitness(r: ByteReader): readonly Uint8Array[] {
  const n = r.count(MIN_WITNESS_ITEM_SIZE);
  if (n === 0) return NO_WITNESS;
  const items: Uint8Array[] = [];
  for (let i = 0; i < n; i++) items.push(r.varBytes());
  return items;
}

/**
 * A transaction decoded from bytes (SPEC.md §2.1): its fields are views of those bytes (outputs'
 * scripts copied), and it keeps its own serialization, so `txid` and `wtxid` hash the byte ranges
 * found while decoding instead of serializing it again (Core's CTransaction computes both hashes
 * once, at construction). The hashes are computed on first use and kept. A copy made with spread
 * (`{ ...tx, outputs }`) is a plain Transaction without the serialization, hashed from its fields.
 */
export class DecodedTransaction implements Transaction {
  readonly #serialization: Uint8Array;
  /** Offset of the witness section in the serialization; -1 without witnesses. */
  readonly #witnessAt: number;
  #txid: Uint8Array | undefined;
  #wtxid: Uint8Array | undefined;

  constructor(
    readonly version: number,
    readonly inputs: readonly TxIn[],
    readonly outputs: readonly TxOut[],
    readonly lockTime: number,
    serialization: Uint8Array,
    witnessAt: number,
  ) {
    this.#serialization = serialization;
    this.#witnessAt = witnessAt;
    this.#txid = undefined;
    this.#wtxid = undefined;
  }

  /** The serialization it was decoded from (with witnesses, BIP144, when it has them). */
  get serialization(): Uint8Array {
    return this.#serialization;
  }

  /** Whether the serialization has BIP144's marker, flag and witness section. */
  get extended(): boolean {
    return this.#witnessAt >= 0;
  }

  /** Size of the serialization without witness (Core's GetSerializeSize(TX_NO_WITNESS(tx))). */
  get baseSize(): number {
    const s = this.#serialization;
    return this.#witnessAt < 0 ? s.length : s.length - 2 - (s.length - 4 - this.#witnessAt);
  }

  /** The byte ranges of the serialization without marker, flag and witnesses: version ‖ inputs and outputs ‖ lock time. */
  #txidParts(): readonly Uint8Array[] {
    const s = this.#serialization;
    const w = this.#witnessAt;
    return w < 0 ? [s] : [s.subarray(0, 4), s.subarray(6, w), s.subarray(s.length - 4)];
  }

  /** SHA256d of the serialization without marker, flag and witnesses. */
  txid(): Uint8Array {
    if (this.#txid !== undefined) return this.#txid;
    const parts = this.#txidParts();
    const id = parts.length === 1 ? sha256d(parts[0] as Uint8Array) : sha256dParts(parts);
    this.#txid = id;
    return id;
  }

  /** Hashes the txids (`witness` false) or wtxids of `txs` not hashed yet in one SHA256d batch (SIMD lanes), and keeps them. */
  static hashAll(txs: readonly DecodedTransaction[], witness: boolean): void {
    const pending = txs.filter((tx) => (witness && tx.#witnessAt >= 0 ? tx.#wtxid : tx.#txid) === undefined);
    if (pending.length < 2) return;
    const digests = sha256dBatch(pending.map((tx) => (witness && tx.#witnessAt >= 0 ? [tx.#serialization] : tx.#txidParts())));
    pending.forEach((tx, i) => tx.#remember(digests.slice(32 * i, 32 * i + 32), witness && tx.#witnessAt >= 0));
  }

  /** Keeps a hash of this transaction computed in a batch (its own cache: the serialization it hashes never changes). */
  #remember(digest: Uint8Array, isWtxid: boolean): void {
    if (isWtxid) this.#wtxid = digest;
    else this.#txid = digest;
  }

  /** SHA256d of the whole serialization (BIP141); the txid without witnesses. */
  wtxid(): Uint8Array {
    if (this.#witnessAt < 0) return this.txid();
    if (this.#wtxid === undefined) this.#wtxid = sha256d(this.#serialization);
    return this.#wtxid;
  }
}

/**
 * Reads one transaction the way Core's UnserializeTransaction does with witnesses allowed
 * (BIP144): an empty input vector followed by a non-zero flag byte marks the extended format.
 */
export function readTransaction(r: ByteReader): Transaction {
  const start = r.offset;
  const version = r.u32le();
  let inputs = readTxIns(r);
  let outputs: TxOut[] = [];
  let flags = 0;
  if (inputs.length === 0) {
    flags = r.u8(); // the dummy of the extended format, or a real empty input vector
    if (flags !== 0) {
      inputs = readTxIns(r);
      outputs = readTxOuts(r);
    }
  } else {
    outputs = readTxOuts(r);
  }
  let witnessAt = -1;
  if (flags & 1) {
    flags ^= 1;
    witnessAt = r.offset - start;
    let any = false;
    inputs = inputs.map((input) => {
      const witness = readWitness(r);
      if (witness.length > 0) any = true;
      return { prevout: input.prevout, scriptSig: input.scriptSig, sequence: input.sequence, witness };
    });
    // BIP144: the extended format is illegal when every witness stack is empty.
    if (!any) r.fail('Superfluous witness record');
  }
  if (flags !== 0) r.fail('Unknown transaction optional data');
  const lockTime = r.u32le();
  return new DecodedTransaction(version, inputs, outputs, lockTime, r.span(start, r.offset), witnessAt);
}

/**
 * Decodes exactly one serialized transaction (BIP144 aware), with Core's errors (SPEC.md §2.1).
 *
 * @example
 * ```ts
 * import { decodeTransaction, fromHex, isCoinbase, toDisplayHex, txid } from 'bllvm-ts';
 * // The coinbase of mainnet block 1.
 * const bytes = fromHex(
 *   '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff0704ffff001d01' +
 *   '04ffffffff0100f2052a0100000043410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c' +
 *   '52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac00000000',
 * );
 * if (!bytes.ok) throw new Error(bytes.error);
 * const tx = decodeTransaction(bytes.value);
 * if (!tx.ok) throw new Error(tx.error.code); // Core's message, e.g. 'DataStream::read(): end of data'
 * isCoinbase(tx.value); // => true
 * toDisplayHex(txid(tx.value)); // => '0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098'
 * decodeTransaction(bytes.value.subarray(0, 60)).ok; // => false
 * ```
 */
export function decodeTransaction(bytes: Uint8Array): Result<Transaction, DecodeError> {
  return decodeExact(bytes, readTransaction);
}

/**
 * Core's CTxOut serialization: the value as i64 little-endian, then the script with its
 * CompactSize length (SPEC.md §2.1). The one writer of an output: transactions, signature
 * hashes (kernel/script/sighash.ts) and coins (kernel/commitments/coin.ts) use it.
 */
export function serializeTxOut(out: TxOut): Uint8Array {
  return concatBytes(i64le(out.value), encodeCompactSize(out.scriptPubKey.length), out.scriptPubKey);
}

/**
 * Serializes a transaction, with its witness unless `withWitness` is false: Core's CTransaction
 * serialization, in BIP144's extended format (marker 00, flag 01, a witness stack per input) when
 * a witness is written. Written as the list of its fields' encodings, concatenated once, so the
 * prover translates it (a txid is SHA256d of it; its layout: encodeTransactionLayout in
 * proofs/tx-layout.proof.ts) (SPEC.md §2.1).
 */
export function encodeTransaction(tx: Transaction, withWitness = true): Uint8Array {
  const extended = withWitness && hasWitness(tx);
  const parts: Uint8Array[] = [u32le(tx.version)];
  if (extended) parts.push(SEGWIT_MARKER_AND_FLAG);
  parts.push(encodeCompactSize(tx.inputs.length));
  for (const input of tx.inputs) {
    parts.push(input.prevout.txid, u32le(input.prevout.vout), encodeCompactSize(input.scriptSig.length), input.scriptSig, u32le(input.sequence));
  }
  parts.push(encodeCompactSize(tx.outputs.length));
  for (const output of tx.outputs) parts.push(serializeTxOut(output));
  if (extended) {
    for (const input of tx.inputs) {
      parts.push(encodeCompactSize(input.witness.length));
      for (const item of input.witness) parts.push(encodeCompactSize(item.length), item);
    }
  }
  parts.push(u32le(tx.lockTime));
  return concatBytes(...parts);
}

/** Writes a transaction to `w` (encodeTransaction's bytes). */
export function writeTransaction(w: ByteWriter, tx: Transaction, withWitness: boolean): void {
  w.bytes(encodeTransaction(tx, withWitness));
}

/**
 * Core's CTransaction::GetHash: SHA256d of the serialization without witness (SPEC.md §2.1).
 *
 * @example
 * ```ts
 * import { NETWORKS, createGenesisBlock, toDisplayHex, txid } from 'bllvm-ts';
 * const genesis = createGenesisBlock(NETWORKS.main.genesis);
 * toDisplayHex(txid(genesis.transactions[0]!)); // => '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b'
 * ```
 */
export function txid(tx: Transaction): Uint8Array {
  return tx instanceof DecodedTransaction ? tx.txid() : txidOfFields(tx);
}

/** BIP141 wtxid: SHA256d of the full serialization; equals the txid without witness (SPEC.md §2.1). */
export function wtxid(tx: Transaction): Uint8Array {
  return tx instanceof DecodedTransaction ? tx.wtxid() : wtxidOfFields(tx);
}

/** The txids of `txs` (Core's GetHash for each): the decoded ones hashed together in one batch. */
export function txids(txs: readonly Transaction[]): Uint8Array[] {
  hashDecodedTogether(txs, false);
  return txs.map(txid);
}

/** The wtxids of `txs` (BIP141), the decoded ones hashed together in one batch. */
export function wtxids(txs: readonly Transaction[]): Uint8Array[] {
  hashDecodedTogether(txs, true);
  return txs.map(wtxid);
}

/**
 * Hashes the txids (or wtxids) of the decoded transactions among `txs` in one batch. Transactions
 * built from fields (every transaction of a proof: the translator has no `new` of a class) hold no
 * decoded one, and then nothing is batched.
 */
function hashDecodedTogether(txs: readonly Transaction[], witness: boolean): void {
  const isDecoded = (tx: Transaction): tx is DecodedTransaction => tx instanceof DecodedTransaction;
  if (txs.some(isDecoded)) DecodedTransaction.hashAll(txs.filter(isDecoded), witness);
}

/** The txid by serializing the fields again: the reference path, and the path of transactions not decoded from bytes. */
export function txidOfFields(tx: Transaction): Uint8Array {
  return sha256d(encodeTransaction(tx, false));
}

/** The wtxid by serializing the fields again (reference path). */
export function wtxidOfFields(tx: Transaction): Uint8Array {
  return sha256d(encodeTransaction(tx, true));
}
