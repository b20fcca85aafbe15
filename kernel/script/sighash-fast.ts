/**
 * Fast paths of Core's SignatureHash (SPEC.md §3.7) for SIGHASH_ALL without ANYONECANPAY, the
 * hash type of nearly every signature: the preimage written field by field into one array of its
 * exact size (the references join a list of separately encoded fields, a dozen small arrays per
 * input and output). Each writes the same bytes as its reference in sighash.ts
 * (legacySignaturePreimage, segwitV0SignaturePreimage, proved in proofs/sighash.proof.ts) and
 * returns undefined for any other hash type, so the caller takes the reference path;
 * properties/sighash.prop.test.ts checks both give the same bytes on fast-check transactions,
 * amounts and every hash type, and Core's sighash.json vectors run through them.
 * Core: src/script/interpreter.cpp (CTransactionSignatureSerializer, SignatureHash).
 */
import { compactSizeWidth } from '../encoding/compact-size.js';
import { ByteWriter } from '../encoding/writer.js';
import type { Transaction } from '../primitives/types.js';
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
  const w = new ByteWriter(size).u32le(tx.version).compactSize(tx.inputs.length);
  tx.inputs.forEach((input, i) => {
    // The signing input's slot holds the script code, every other slot an empty script.
    w.bytes(input.prevout.txid).u32le(input.prevout.vout);
    if (i === inputIndex) w.bytes(code);
    else w.u8(0);
    w.u32le(input.sequence);
  });
  w.compactSize(tx.outputs.length);
  for (const output of tx.outputs) w.i64le(output.value).varBytes(output.scriptPubKey);
  // nHashType as Core's int32.
  return w.u32le(tx.lockTime).i32le(hashType | 0).finish();
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
  const size = 4 + 32 + 32 + 36 + compactSizeWidth(scriptCode.length) + scriptCode.length + 8 + 4 + 32 + 4 + 4;
  return new ByteWriter(size)
    .u32le(tx.version)
    .bytes(data.hashPrevouts)
    .bytes(data.hashSequence)
    .bytes(input.prevout.txid)
    .u32le(input.prevout.vout)
    .varBytes(scriptCode)
    .i64le(amount)
    .u32le(input.sequence)
    .bytes(data.hashOutputs)
    .u32le(tx.lockTime)
    .i32le(hashType | 0)
    .finish();
}
