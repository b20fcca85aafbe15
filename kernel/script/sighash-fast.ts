/**
 * Fast paths of Core's SignatureHash (SPEC.md §3.7) for SIGHASH_ALL without ANYONECANPAY, the
 * hash type of nearly every signature: the preimage written field by field into one array of its
 * exact size by the in-out writers (writeU32le, writeI64le, writeCompactSize, writeBytes), where
 * the references join a list of separately encoded fields, a dozen small arrays per input and
 * output. Each writes the same bytes as its reference in sighash.ts (legacySignaturePreimage,
 * segwitV0SignaturePreimage): proofs/sighash.proof.ts proves `signatureHash`, which takes these
 * paths, equal to the references for every int32 hash type, and properties/sighash.prop.test.ts
 * checks both give the same bytes on fast-check transactions, amounts and every hash type; Core's
 * sighash.json vectors run through them. Undefined for any other hash type (the caller takes the
 * reference path). Core: src/script/interpreter.cpp (CTransactionSignatureSerializer, SignatureHash).
 */
import { writeBytes } from '../encoding/bytes.js';
import { compactSizeWidth, writeCompactSize } from '../encoding/compact-size.js';
import { writeI64le, writeU32le } from '../encoding/little-endian.js';
import type { Transaction, TxIn, TxOut } from '../primitives/types.js';
import type { PrecomputedTransactionData } from './sighash.js';
import { SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from './sighash-type.js';

/** Whether `hashType` signs like SIGHASH_ALL (legacy and BIP143 test the base type as hashType & 0x1f): every input and output. */
function isAllHashType(hashType: number): boolean {
  const baseType = hashType & 0x1f;
  return (hashType & SIGHASH_ANYONECANPAY) === 0 && baseType !== SIGHASH_NONE && baseType !== SIGHASH_SINGLE;
}

/**
 * legacySignaturePreimage(scriptCode, tx, inputIndex, hashType) when `hashType` is SIGHASH_ALL-like
 * and `inputIndex` in range, with `code` the serialized script code (CompactSize length,
 * OP_CODESEPARATORs removed); undefined otherwise.
 */
export function legacyAllPreimage(tx: Transaction, inputIndex: number, code: Uint8Array, hashType: number): Uint8Array | undefined {
  if (!isAllHashType(hashType) || !Number.isSafeInteger(inputIndex) || inputIndex < 0 || inputIndex >= tx.inputs.length) return undefined;
  let size = 4 + compactSizeWidth(tx.inputs.length) + 41 * tx.inputs.length - 1 + code.length + compactSizeWidth(tx.outputs.length) + 8;
  for (const output of tx.outputs) size += 8 + compactSizeWidth(output.scriptPubKey.length) + output.scriptPubKey.length;
  const out = new Uint8Array(size);
  let at = writeU32le(out, 0, tx.version);
  at = writeCompactSize(out, at, tx.inputs.length);
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i] as TxIn;
    at = writeBytes(out, at, input.prevout.txid);
    at = writeU32le(out, at, input.prevout.vout);
    // The signing input's slot holds the script code, every other slot an empty script.
    if (i === inputIndex) at = writeBytes(out, at, code);
    else at = writeCompactSize(out, at, 0);
    at = writeU32le(out, at, input.sequence);
  }
  at = writeCompactSize(out, at, tx.outputs.length);
  for (let i = 0; i < tx.outputs.length; i++) {
    const output = tx.outputs[i] as TxOut;
    at = writeI64le(out, at, output.value);
    at = writeCompactSize(out, at, output.scriptPubKey.length);
    at = writeBytes(out, at, output.scriptPubKey);
  }
  at = writeU32le(out, at, tx.lockTime);
  // nHashType as Core's int32 (the low 32 bits of a signed value, little-endian).
  writeU32le(out, at, hashType | 0);
  return out;
}

/**
 * segwitV0SignaturePreimage(scriptCode, tx, inputIndex, hashType, amount, data) when `hashType`
 * is SIGHASH_ALL-like and `inputIndex` in range; undefined otherwise.
 */
export function segwitV0AllPreimage(
  scriptCode: Uint8Array,
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  amount: bigint,
  data: PrecomputedTransactionData,
): Uint8Array | undefined {
  const input = Number.isSafeInteger(inputIndex) && inputIndex >= 0 ? tx.inputs[inputIndex] : undefined;
  if (input === undefined || !isAllHashType(hashType)) return undefined;
  const out = new Uint8Array(4 + 32 + 32 + 36 + compactSizeWidth(scriptCode.length) + scriptCode.length + 8 + 4 + 32 + 4 + 4);
  let at = writeU32le(out, 0, tx.version);
  at = writeBytes(out, at, data.hashPrevouts);
  at = writeBytes(out, at, data.hashSequence);
  at = writeBytes(out, at, input.prevout.txid);
  at = writeU32le(out, at, input.prevout.vout);
  at = writeCompactSize(out, at, scriptCode.length);
  at = writeBytes(out, at, scriptCode);
  at = writeI64le(out, at, amount);
  at = writeU32le(out, at, input.sequence);
  at = writeBytes(out, at, data.hashOutputs);
  at = writeU32le(out, at, tx.lockTime);
  // nHashType as Core's int32 (the low 32 bits of a signed value, little-endian).
  writeU32le(out, at, hashType | 0);
  return out;
}
