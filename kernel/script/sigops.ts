import type { Transaction } from '../primitives/types.js';
import { OP_1, OP_16, OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY, OP_CHECKSIG, OP_CHECKSIGVERIFY, decodeOpN } from './opcodes.js';
import { readScriptOp } from './parse.js';

/** Core's MAX_PUBKEYS_PER_MULTISIG: what an inaccurately counted CHECKMULTISIG costs. */
export const MAX_PUBKEYS_PER_MULTISIG = 20;

/**
 * Core's CScript::GetSigOpCount(fAccurate): CHECKSIG counts 1; CHECKMULTISIG counts its
 * preceding OP_1..OP_16 when accurate, else 20. Parsing stops at the first malformed push (SPEC.md §3.3).
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
