import { equalBytes } from '../encoding/bytes.js';
import type { Block } from '../primitives/types.js';
import { pushInt } from '../script/build.js';
import { decodeScriptNum } from '../script/number.js';
import { OP_0, OP_1, OP_16, decodeOpN } from '../script/opcodes.js';
import { readScriptOp } from '../script/parse.js';

/** BIP34 heights are serialized in at most 5 bytes (Core's CScriptNum default limit is 4). */
const MAX_HEIGHT_PUSH = 5;

/** Whether `scriptSig` starts with `CScript() << height`, as Core's BIP34 check requires (SPEC.md §5.3). */
export function startsWithHeightPush(scriptSig: Uint8Array, height: number): boolean {
  const expected = pushInt(BigInt(height));
  return scriptSig.length >= expected.length && equalBytes(scriptSig.subarray(0, expected.length), expected);
}

/** Whether the block's coinbase scriptSig starts with its BIP34 height push (SPEC.md §5.3). */
export function coinbaseCommitsHeight(block: Block, height: number): boolean {
  const scriptSig = block.transactions[0]?.inputs[0]?.scriptSig;
  return scriptSig !== undefined && startsWithHeightPush(scriptSig, height);
}

/**
 * The height a coinbase scriptSig states in BIP34 form, or undefined when it does not start
 * with the push `CScript() << height` makes: OP_0..OP_16 for 0..16, else the minimal script
 * number with a direct push (SPEC.md §5.3).
 */
export function readCoinbaseHeight(scriptSig: Uint8Array): number | undefined {
  const op = readScriptOp(scriptSig, 0);
  if (op === undefined) return undefined;
  if (op.opcode === OP_0 || (op.opcode >= OP_1 && op.opcode <= OP_16)) return decodeOpN(op.opcode);
  // A direct push of 1..5 bytes: the opcode is the length (never OP_PUSHDATA1/2/4).
  if (op.opcode < 1 || op.opcode > MAX_HEIGHT_PUSH) return undefined;
  const n = decodeScriptNum(scriptSig.subarray(op.dataStart, op.next), true, MAX_HEIGHT_PUSH);
  // 0..16 would have been pushed as OP_N; heights are non-negative int32.
  if (!n.ok || n.value <= 16n || n.value > 0x7fffffffn) return undefined;
  return Number(n.value);
}

/** The BIP34 height of a block's coinbase, or undefined (SPEC.md §5.3). */
export function getCoinbaseHeight(block: Block): number | undefined {
  const scriptSig = block.transactions[0]?.inputs[0]?.scriptSig;
  return scriptSig === undefined ? undefined : readCoinbaseHeight(scriptSig);
}
