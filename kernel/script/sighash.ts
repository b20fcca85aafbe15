/**
 * Signature hashes (SPEC.md §3.7): Core's SignatureHash for legacy scripts (the
 * CTransactionSignatureSerializer) and segwit v0 (BIP143), and SignatureHashSchnorr (BIP341/342),
 * with Core's PrecomputedTransactionData so a transaction with many inputs hashes its prevouts,
 * sequences and outputs once.
 */
import { sha256, sha256d, taggedHash } from '../crypto/hashes.js';
import { concatBytes } from '../encoding/bytes.js';
import { encodeCompactSize } from '../encoding/compact-size.js';
import { i64le, u32le } from '../encoding/little-endian.js';
import { serializeTxOut } from '../primitives/transaction.js';
import type { Transaction, TxIn, TxOut } from '../primitives/types.js';
import { legacyAllPreimage, segwitV0AllPreimage } from './sighash-fast.js';
import { OP_CODESEPARATOR } from './opcodes.js';
import { readScriptOp, scriptOpStop } from './parse.js';
import {
  SIGHASH_ANYONECANPAY,
  SIGHASH_NONE,
  SIGHASH_SINGLE,
  SIGHASH_ALL,
  isValidTaprootHashType,
  taprootInputType,
  taprootOutputType,
} from './sighash-type.js';

/**
 * Core's PrecomputedTransactionData: the per-transaction hashes every input's signature hash
 * shares. The `*SingleHash` fields are BIP341's single SHA256s; the BIP143 fields are their SHA256d
 * (Core: `hashPrevouts = SHA256(m_prevouts_single_hash)`). The spent-output fields exist only when
 * every spent output is known (Core's m_spent_outputs_ready), which BIP341 requires.
 */
export interface PrecomputedTransactionData {
  readonly prevoutsSingleHash: Uint8Array;
  readonly sequencesSingleHash: Uint8Array;
  readonly outputsSingleHash: Uint8Array;
  /** BIP143 hashPrevouts. */
  readonly hashPrevouts: Uint8Array;
  /** BIP143 hashSequence. */
  readonly hashSequence: Uint8Array;
  /** BIP143 hashOutputs. */
  readonly hashOutputs: Uint8Array;
  /** The outputs the inputs spend, in input order; undefined when not all are known. */
  readonly spentOutputs: readonly TxOut[] | undefined;
  /** BIP341 sha_amounts. */
  readonly spentAmountsSingleHash: Uint8Array | undefined;
  /** BIP341 sha_scriptpubkeys. */
  readonly spentScriptsSingleHash: Uint8Array | undefined;
}

const ZERO_HASH: Uint8Array = new Uint8Array(32);
const EMPTY: Uint8Array = new Uint8Array(0);
/** Core's uint256::ONE in internal byte order (a fresh copy): what SignatureHash returns for SIGHASH_SINGLE without a matching output. */
function uint256One(): Uint8Array {
  const one = new Uint8Array(32);
  one[0] = 1;
  return one;
}

/**
 * Core's PrecomputedTransactionData::Init: the shared hashes of `tx`, and, when `spentOutputs`
 * has one entry per input, the BIP341 hashes of the spent amounts and scripts (SPEC.md §3.7).
 */
export function precomputeTransactionData(tx: Transaction, spentOutputs?: readonly TxOut[]): PrecomputedTransactionData {
  // The serializations as lists of parts, concatenated once (a form the harness translates:
  // proofs/sighash.proof.ts states each hash's preimage literally).
  const prevouts: Uint8Array[] = [];
  const sequences: Uint8Array[] = [];
  for (const input of tx.inputs) {
    prevouts.push(input.prevout.txid, u32le(input.prevout.vout));
    sequences.push(u32le(input.sequence));
  }
  const outputs: Uint8Array[] = [];
  for (const out of tx.outputs) outputs.push(serializeTxOut(out));
  const prevoutsSingleHash = sha256(concatBytes(...prevouts));
  const sequencesSingleHash = sha256(concatBytes(...sequences));
  const outputsSingleHash = sha256(concatBytes(...outputs));

  const ready = spentOutputs !== undefined && spentOutputs.length === tx.inputs.length;
  let spentAmountsSingleHash: Uint8Array | undefined;
  let spentScriptsSingleHash: Uint8Array | undefined;
  if (ready) {
    const amounts: Uint8Array[] = [];
    const scripts: Uint8Array[] = [];
    for (const out of spentOutputs) {
      amounts.push(i64le(out.value));
      scripts.push(encodeCompactSize(out.scriptPubKey.length), out.scriptPubKey);
    }
    spentAmountsSingleHash = sha256(concatBytes(...amounts));
    spentScriptsSingleHash = sha256(concatBytes(...scripts));
  }
  return {
    prevoutsSingleHash,
    sequencesSingleHash,
    outputsSingleHash,
    hashPrevouts: sha256(prevoutsSingleHash),
    hashSequence: sha256(sequencesSingleHash),
    hashOutputs: sha256(outputsSingleHash),
    spentOutputs: ready ? spentOutputs : undefined,
    spentAmountsSingleHash,
    spentScriptsSingleHash,
  };
}

/**
 * CTransactionSignatureSerializer::SerializeScriptCode: the script code with every
 * OP_CODESEPARATOR removed, behind a CompactSize of `size − separators`. Like Core, the bytes
 * written stop where GetOp stopped: a script ending in a truncated push loses that push's
 * unread tail, while the length prefix still counts it. Proofs unroll each loop 6 times (one
 * operation per turn, so script codes of up to 5 operations; a longer one is an unwinding
 * obligation that fails, never a silent cut).
 * @unwind 6
 */
function serializeScriptCode(scriptCode: Uint8Array): Uint8Array {
  let separators = 0;
  for (let pc = 0; pc < scriptCode.length; ) {
    const op = readScriptOp(scriptCode, pc);
    if (op === undefined) break;
    if (op.opcode === OP_CODESEPARATOR) separators++;
    pc = op.next;
  }
  const parts: Uint8Array[] = [encodeCompactSize(scriptCode.length - separators)];
  let begin = 0;
  let pc = 0;
  while (pc < scriptCode.length) {
    const op = readScriptOp(scriptCode, pc);
    if (op === undefined) {
      pc = scriptOpStop(scriptCode, pc);
      break;
    }
    pc = op.next;
    if (op.opcode === OP_CODESEPARATOR) {
      parts.push(scriptCode.subarray(begin, pc - 1));
      begin = pc;
    }
  }
  if (begin !== scriptCode.length) parts.push(scriptCode.subarray(begin, pc));
  return concatBytes(...parts);
}

/** A blanked output of legacy SIGHASH_SINGLE: value -1 (eight 0xff bytes) and an empty script. */
const BLANK_TXOUT: Uint8Array = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00);
/** An input's empty script (its CompactSize length 0): the other inputs' scripts in a legacy preimage. */
const EMPTY_SCRIPT: Uint8Array = Uint8Array.of(0x00);

/**
 * What Core's SignatureHash for SigVersion::BASE hashes: the transaction as
 * CTransactionSignatureSerializer writes it for `inputIndex` and `hashType` (a signed 32-bit
 * value), followed by `hashType`. ANYONECANPAY keeps only this input; NONE drops the outputs and
 * zeroes the other inputs' sequences; SINGLE keeps the outputs up to `inputIndex`, earlier ones
 * blanked (value −1, empty script). OP_CODESEPARATORs are removed from `scriptCode`; FindAndDelete
 * of the signature is the interpreter's job. Undefined when `inputIndex` is out of range, and for
 * SINGLE without an output at `inputIndex` (Core hashes nothing then: see legacySignatureHash).
 * Written in the provable subset (proofs/sighash.proof.ts).
 */
export function legacySignaturePreimage(scriptCode: Uint8Array, tx: Transaction, inputIndex: number, hashType: number): Uint8Array | undefined {
  // Number.isSafeInteger: the same verdict as Number.isInteger for an index below an array's length (and provable).
  if (!Number.isSafeInteger(inputIndex) || inputIndex < 0 || inputIndex >= tx.inputs.length) return undefined;
  const baseType = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const hashSingle = baseType === SIGHASH_SINGLE;
  const hashNone = baseType === SIGHASH_NONE;
  if (hashSingle && inputIndex >= tx.outputs.length) return undefined;
  const code = serializeScriptCode(scriptCode);
  const inputCount = anyoneCanPay ? 1 : tx.inputs.length;
  // Parts joined once at the end: one copy of each byte, as Core's serializer writes them.
  const parts: Uint8Array[] = [u32le(tx.version), encodeCompactSize(inputCount)];
  for (let i = 0; i < inputCount; i++) {
    const index = anyoneCanPay ? inputIndex : i;
    const input = tx.inputs[index] as TxIn;
    const mine = index === inputIndex;
    const sequence = !mine && (hashSingle || hashNone) ? 0 : input.sequence;
    parts.push(input.prevout.txid, u32le(input.prevout.vout), mine ? code : EMPTY_SCRIPT, u32le(sequence));
  }
  const outputCount = hashNone ? 0 : hashSingle ? inputIndex + 1 : tx.outputs.length;
  parts.push(encodeCompactSize(outputCount));
  for (let i = 0; i < outputCount; i++) {
    const output = tx.outputs[i] as TxOut;
    parts.push(hashSingle && i !== inputIndex ? BLANK_TXOUT : serializeTxOut(output));
  }
  // nHashType as Core's int32 (the low 32 bits of a signed value, little-endian).
  parts.push(u32le(tx.lockTime), u32le(hashType | 0));
  return concatBytes(...parts);
}

/**
 * Core's SignatureHash for SigVersion::BASE (pre-segwit): SHA256d of `legacySignaturePreimage`,
 * or Core's famous `1` for SIGHASH_SINGLE when there is no output at `inputIndex`. Undefined only
 * when `inputIndex` is out of range (Core asserts) (SPEC.md §3.7).
 */
export function legacySignatureHash(scriptCode: Uint8Array, tx: Transaction, inputIndex: number, hashType: number): Uint8Array | undefined {
  if (!Number.isSafeInteger(inputIndex) || inputIndex < 0 || inputIndex >= tx.inputs.length) return undefined;
  if ((hashType & 0x1f) === SIGHASH_SINGLE && inputIndex >= tx.outputs.length) return uint256One();
  const preimage = legacySignaturePreimage(scriptCode, tx, inputIndex, hashType);
  return preimage === undefined ? undefined : sha256d(preimage);
}

/**
 * BIP143's preimage (Core's SignatureHash for SigVersion::WITNESS_V0 before hashing): version,
 * hashPrevouts, hashSequence, this input's outpoint, `scriptCode` (as given, with its
 * CompactSize), `amount`, its sequence, hashOutputs, lock time and `hashType` (4 bytes). Zero
 * hashes stand for what ANYONECANPAY, NONE and SINGLE leave out; SINGLE with an output at
 * `inputIndex` hashes just that output. Undefined only when `inputIndex` is out of range.
 * Written in the provable subset (proofs/sighash.proof.ts: the layout is BIP143's, field by field).
 */
export function segwitV0SignaturePreimage(
  scriptCode: Uint8Array,
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  amount: bigint,
  data: PrecomputedTransactionData,
): Uint8Array | undefined {
  const input = Number.isSafeInteger(inputIndex) && inputIndex >= 0 ? tx.inputs[inputIndex] : undefined;
  if (input === undefined) return undefined;
  // BIP143 (and Core) test the base type as hashType & 0x1f.
  const baseType = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const single = baseType === SIGHASH_SINGLE;
  const none = baseType === SIGHASH_NONE;
  const hashPrevouts = anyoneCanPay ? ZERO_HASH : data.hashPrevouts;
  const hashSequence = anyoneCanPay || single || none ? ZERO_HASH : data.hashSequence;
  const singleOutput = single ? tx.outputs[inputIndex] : undefined;
  let hashOutputs = ZERO_HASH;
  if (!single && !none) hashOutputs = data.hashOutputs;
  else if (singleOutput !== undefined) hashOutputs = sha256d(serializeTxOut(singleOutput));
  return concatBytes(
    u32le(tx.version),
    hashPrevouts,
    hashSequence,
    input.prevout.txid,
    u32le(input.prevout.vout),
    encodeCompactSize(scriptCode.length),
    scriptCode,
    i64le(amount),
    u32le(input.sequence),
    hashOutputs,
    u32le(tx.lockTime),
    // nHashType as Core's int32 (the low 32 bits of a signed value, little-endian).
    u32le(hashType | 0),
  );
}

/**
 * BIP143 (Core's SignatureHash for SigVersion::WITNESS_V0): SHA256d of `segwitV0SignaturePreimage`.
 * Without `precomputed` the shared hashes are computed here. Undefined only when `inputIndex` is
 * out of range (SPEC.md §3.7).
 */
export function segwitV0SignatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  amount: bigint,
  precomputed?: PrecomputedTransactionData,
): Uint8Array | undefined {
  const input = Number.isSafeInteger(inputIndex) && inputIndex >= 0 ? tx.inputs[inputIndex] : undefined;
  if (input === undefined) return undefined;
  const preimage = segwitV0SignaturePreimage(scriptCode, tx, inputIndex, hashType, amount, precomputed ?? precomputeTransactionData(tx));
  return preimage === undefined ? undefined : sha256d(preimage);
}

/** What a BIP341/342 signature message needs besides the transaction (Core's ScriptExecutionData). */
export interface TaprootSighashContext {
  /** 'TAPROOT' (key path, ext_flag 0) or 'TAPSCRIPT' (script path, ext_flag 1). */
  readonly sigVersion: 'TAPROOT' | 'TAPSCRIPT';
  /** SHA256(CompactSize(|annex|) ‖ annex) when the witness has an annex. */
  readonly annexHash: Uint8Array | undefined;
  /** TAPSCRIPT: the tapleaf hash of the running script. */
  readonly tapleafHash: Uint8Array | undefined;
  /** TAPSCRIPT: opcode position of the last executed OP_CODESEPARATOR, 0xffffffff when none. */
  readonly codeseparatorPos: number;
}

/**
 * BIP341's SigMsg with its leading epoch byte 0 (Core's SignatureHashSchnorr before hashing):
 * hash type, version, lock time, the shared hashes unless ANYONECANPAY, the outputs hash for
 * ALL/DEFAULT, spend type (ext_flag·2 + annex bit), this input (its outpoint, spent output and
 * sequence under ANYONECANPAY, else its index), the annex hash, this input's output under SINGLE,
 * and for tapscript the tapleaf hash, key_version 0 and the code-separator position.
 * Undefined where Core's returns false: a hash type outside 0x00–0x03/0x81–0x83, SINGLE without
 * an output at `inputIndex`, spent outputs unknown, `inputIndex` out of range, or a tapscript
 * context without a tapleaf hash (SPEC.md §3.7).
 */
export function taprootSignatureMessage(
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  precomputed: PrecomputedTransactionData,
  context: TaprootSighashContext,
): Uint8Array | undefined {
  const input = Number.isSafeInteger(inputIndex) && inputIndex >= 0 ? tx.inputs[inputIndex] : undefined;
  if (input === undefined) return undefined;
  const spent = precomputed.spentOutputs;
  const amountsHash = precomputed.spentAmountsSingleHash;
  const scriptsHash = precomputed.spentScriptsSingleHash;
  if (spent === undefined || amountsHash === undefined || scriptsHash === undefined) return undefined;
  if (!Number.isSafeInteger(hashType) || hashType < 0 || !isValidTaprootHashType(hashType)) return undefined;
  const outputType = taprootOutputType(hashType);
  const inputType = taprootInputType(hashType);

  const anyoneCanPay = inputType === SIGHASH_ANYONECANPAY;
  const singleOutput = outputType === SIGHASH_SINGLE ? tx.outputs[inputIndex] : undefined;
  if (outputType === SIGHASH_SINGLE && singleOutput === undefined) return undefined;
  const tapscript = context.sigVersion === 'TAPSCRIPT';
  if (tapscript && context.tapleafHash === undefined) return undefined;

  // BIP341 "Data about this input": the outpoint, spent output and sequence under ANYONECANPAY, else the index.
  let thisInput = u32le(inputIndex);
  if (anyoneCanPay) {
    const spentOutput = spent[inputIndex];
    if (spentOutput === undefined) return undefined;
    thisInput = concatBytes(input.prevout.txid, u32le(input.prevout.vout), serializeTxOut(spentOutput), u32le(input.sequence));
  }
  // BIP342's extension: tapleaf_hash, key_version 0x00, codesep_pos (ext_flag 1 only).
  let extension = EMPTY;
  if (tapscript && context.tapleafHash !== undefined) extension = concatBytes(context.tapleafHash, Uint8Array.of(0), u32le(context.codeseparatorPos));
  const extFlag = tapscript ? 1 : 0;
  return concatBytes(
    Uint8Array.of(0, hashType), // epoch 0, hash_type
    u32le(tx.version),
    u32le(tx.lockTime),
    anyoneCanPay ? EMPTY : concatBytes(precomputed.prevoutsSingleHash, amountsHash, scriptsHash, precomputed.sequencesSingleHash),
    outputType === SIGHASH_ALL ? precomputed.outputsSingleHash : EMPTY,
    Uint8Array.of(extFlag * 2 + (context.annexHash !== undefined ? 1 : 0)), // spend_type
    thisInput,
    context.annexHash ?? EMPTY,
    singleOutput !== undefined ? sha256(serializeTxOut(singleOutput)) : EMPTY,
    extension,
  );
}

/**
 * Core's SignatureHashSchnorr (BIP341, BIP342): TaggedHash("TapSighash", SigMsg) of
 * `taprootSignatureMessage`; undefined exactly where that is (SPEC.md §3.7).
 */
export function taprootSignatureHash(
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  precomputed: PrecomputedTransactionData,
  context: TaprootSighashContext,
): Uint8Array | undefined {
  const message = taprootSignatureMessage(tx, inputIndex, hashType, precomputed, context);
  return message === undefined ? undefined : taggedHash('TapSighash', message);
}

/**
 * Core's SignatureHash: the legacy serializer for 'BASE', BIP143 for 'WITNESS_V0' (SPEC.md §3.7).
 * SIGHASH_ALL takes the fast paths of sighash-fast.ts (the same bytes as legacySignaturePreimage
 * and segwitV0SignaturePreimage); every other hash type legacySignatureHash or segwitV0SignatureHash.
 */
export function signatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  amount: bigint,
  sigVersion: 'BASE' | 'WITNESS_V0',
  precomputed?: PrecomputedTransactionData,
): Uint8Array | undefined {
  if (sigVersion === 'WITNESS_V0') {
    const data = precomputed ?? precomputeTransactionData(tx);
    const preimage = segwitV0AllPreimage(scriptCode, tx, inputIndex, hashType, amount, data);
    return preimage === undefined ? segwitV0SignatureHash(scriptCode, tx, inputIndex, hashType, amount, data) : sha256d(preimage);
  }
  const preimage = legacyAllPreimage(tx, inputIndex, serializeScriptCode(scriptCode), hashType);
  return preimage === undefined ? legacySignatureHash(scriptCode, tx, inputIndex, hashType) : sha256d(preimage);
}
