import { isCoinbase } from '../primitives/transaction.js';
import { WITNESS_SCALE_FACTOR } from '../primitives/size.js';
import type { Transaction, TxIn, TxOut } from '../primitives/types.js';
import { SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS } from './flags.js';
import { MAX_PUBKEYS_PER_MULTISIG } from './limits.js';
import { OP_1, OP_16, OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY, OP_CHECKSIG, OP_CHECKSIGVERIFY, decodeOpN } from './opcodes.js';
import { readScriptOp } from './parse.js';
import { type WitnessProgram, getWitnessProgram, isPayToScriptHash, isPushOnly } from './patterns.js';

/**
 * Core's CScript::GetSigOpCount(fAccurate): CHECKSIG counts 1; CHECKMULTISIG counts its
 * preceding OP_1..OP_16 when accurate, else 20. Parsing stops at the first malformed push (SPEC.md §3.3).
 * @unwind 1003 (one iteration per opcode: proofs/connect-sigops.proof.ts counts a script of 1,002)
 */
export function getSigOpCount(script: Uint8Array, accurate: boolean): number {
  let count = 0;
  let lastOpcode = 0xff; // OP_INVALIDOPCODE
  for (let op = readScriptOp(script, 0); op !== undefined; op = readScriptOp(script, op.next)) {
    if (op.opcode === OP_CHECKSIG || op.opcode === OP_CHECKSIGVERIFY) count += 1;
    else if (op.opcode === OP_CHECKMULTISIG || op.opcode === OP_CHECKMULTISIGVERIFY) {
      count += accurate && lastOpcode >= OP_1 && lastOpcode <= OP_16 ? decodeOpN(lastOpcode) : MAX_PUBKEYS_PER_MULTISIG;
    }
    lastOpcode = op.opcode;
  }
  return count;
}

/** Core's GetLegacySigOpCount: inaccurate counts over every scriptSig and scriptPubKey (SPEC.md §3.3). */
export function getLegacySigOpCount(tx: Transaction): number {
  let count = 0;
  for (const input of tx.inputs) count += getSigOpCount(input.scriptSig, false);
  for (const output of tx.outputs) count += getSigOpCount(output.scriptPubKey, false);
  return count;
}

/** The data of the last push of a push-only scriptSig (a P2SH redeem script), or undefined when it is not push-only. */
function lastPush(scriptSig: Uint8Array): Uint8Array | undefined {
  let data: Uint8Array = new Uint8Array(0);
  for (let pc = 0; pc < scriptSig.length; ) {
    const op = readScriptOp(scriptSig, pc);
    if (op === undefined || op.opcode > OP_16) return undefined;
    data = scriptSig.subarray(op.dataStart, op.next);
    pc = op.next;
  }
  return data;
}

/** Core's CScript::GetSigOpCount(scriptSig): a P2SH output counts its redeem script accurately (BIP16) (SPEC.md §3.3). */
export function getP2shSigOpCount(scriptPubKey: Uint8Array, scriptSig: Uint8Array): number {
  if (!isPayToScriptHash(scriptPubKey)) return getSigOpCount(scriptPubKey, true);
  const redeemScript = lastPush(scriptSig);
  return redeemScript === undefined ? 0 : getSigOpCount(redeemScript, true);
}

/** Core's WitnessSigOps: P2WPKH counts 1, P2WSH its witness script accurately; others 0 (BIP141). */
function witnessSigOps(program: WitnessProgram, witness: readonly Uint8Array[]): number {
  if (program.version !== 0) return 0;
  if (program.program.length === 20) return 1;
  const script = witness[witness.length - 1];
  return program.program.length === 32 && script !== undefined ? getSigOpCount(script, true) : 0;
}

/** Core's CountWitnessSigOps: sigops of a bare or P2SH-nested witness program spend (BIP141) (SPEC.md §3.3). */
export function countWitnessSigOps(scriptSig: Uint8Array, scriptPubKey: Uint8Array, witness: readonly Uint8Array[], flags: number): number {
  if ((flags & SCRIPT_VERIFY_WITNESS) === 0) return 0;
  const bare = getWitnessProgram(scriptPubKey);
  if (bare !== undefined) return witnessSigOps(bare, witness);
  if (isPayToScriptHash(scriptPubKey) && isPushOnly(scriptSig)) {
    const redeemScript = lastPush(scriptSig);
    const nested = redeemScript === undefined ? undefined : getWitnessProgram(redeemScript);
    if (nested !== undefined) return witnessSigOps(nested, witness);
  }
  return 0;
}

/**
 * Core's GetTransactionSigOpCost (BIP141): legacy and P2SH sigops cost 4 each, witness sigops 1.
 * `spentOutputs[i]` is the output input i spends (SPEC.md §3.3; proofs/script-parse.proof.ts).
 */
export function getTransactionSigOpCost(tx: Transaction, spentOutputs: readonly TxOut[], flags: number): number {
  let cost = getLegacySigOpCount(tx) * WITNESS_SCALE_FACTOR;
  if (isCoinbase(tx)) return cost;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i] as TxIn;
    const spent = spentOutputs[i];
    if (spent === undefined) continue;
    if ((flags & SCRIPT_VERIFY_P2SH) !== 0 && isPayToScriptHash(spent.scriptPubKey)) {
      cost += getP2shSigOpCount(spent.scriptPubKey, input.scriptSig) * WITNESS_SCALE_FACTOR;
    }
    cost += countWitnessSigOps(input.scriptSig, spent.scriptPubKey, input.witness, flags);
  }
  return cost;
}
