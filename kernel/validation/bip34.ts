import { equalBytes } from '../encoding/bytes.js';
import type { Block } from '../primitives/types.js';
import { pushInt } from '../script/build.js';
import { decodeScriptNum } from '../script/number.js';
import { OP_0, OP_1, OP_16, decodeOpN } from '../script/opcodes.js';
import { readScriptOp } from '../script/parse.js';

/** BIP34 heights are serialized in at most 5 bytes (Core's CScriptNum default limit is 4). */
const MAX_HEIGHT_PUSH = 5;

/** Whether the coinbase scriptSig starts with `CScript() << height`, as Core's BIP34 check requires (SPEC.md §5.3). */
export function coinbaseCommitsHeight(block: Block, height: number): boolean {
  const scriptSig = block.transactions[0]?.inputs[0]?.scriptSig;
  const expected = pushInt(BigInt(height));
  return scriptSig !== undefined && scriptSig.length >= expected.length && equalBytes(scriptSig.subarray(0, expected.length), expected);
}

/**
 * The height a block's coinbase states in BIP34 form, or undefined when its scriptSig does not
 * start with a canonical height push (SPEC.md §5.3).
 */
export function getCoinbaseHeight(block: Block): number | undefined {
  const scriptSig = block.transactions[0]?.inputs[0]?.scriptSig;
  if (scriptSig === undefined) return undefined;
  const op = readScriptOp(scriptSig, 0);
  if (op === undefined) return undefined;
  let height: bigint;
  if (op.opcode === OP_0 || (op.opcode >= OP_1 && op.opcode <= OP_16)) height = BigInt(decodeOpN(op.opcode));
  else {
    const n = decodeScriptNum(scriptSig.subarray(op.dataStart, op.next), true, MAX_HEIGHT_PUSH);
    if (!n.ok || n.value < 0n || n.value > 0x7fffffffn) return undefined;
    height = n.value;
  }
  return coinbaseCommitsHeight(block, Number(height)) ? Number(height) : undefined;
}
