/**
 * The stack opcodes of Core's EvalScript (src/script/interpreter.cpp, the cases OP_2DROP ..
 * OP_TUCK, OP_SIZE) as edits of the main stack: how many elements the opcode takes off the top,
 * and which elements it then pushes. The interpreter applies the edit in place, so an opcode
 * costs what Core's costs (OP_ROLL moves n + 1 elements, as Core's erase does); OP_IFDUP (it
 * needs CastToBool) and the altstack opcodes stay in interpreter.ts. SPEC.md §3.10.
 *
 * Proofs: proofs/stack-ops.proof.ts (Core's stack diagrams for every depth up to 8, OP_PICK and
 * OP_ROLL for every one-byte index, OP_DEPTH and OP_SIZE). Tests: Core's script_tests.json in
 * test/conformance/conformance.test.ts.
 */
import { type Result, err, ok } from '../result.js';
import type { ScriptError } from './errors.js';
import { DEFAULT_MAX_NUM_SIZE, decodeScriptNum, encodeScriptNum, scriptNumToInt } from './number.js';
import * as op from './opcodes.js';

/** A stack opcode's effect: take `pop` elements off the top, then push `push` (bottom first). */
export interface StackEdit {
  readonly pop: number;
  readonly push: readonly Uint8Array[];
}

/** The element `depth` places from the top (1 = the top); callers check the stack is deep enough. */
function fromTop(stack: readonly Uint8Array[], depth: number): Uint8Array {
  return stack[stack.length - depth] as Uint8Array;
}

/**
 * OP_PICK and OP_ROLL: n = CScriptNum(stacktop(-1), fRequireMinimal).getint() (a decoding failure
 * is Core's scriptnum_error, UNKNOWN_ERROR); n is popped, and must then index the stack; the
 * element n below the top is copied (PICK) or moved (ROLL) to the top.
 */
export function pickOrRoll(stack: readonly Uint8Array[], roll: boolean, requireMinimal: boolean): Result<StackEdit, ScriptError> {
  if (stack.length < 2) return err('INVALID_STACK_OPERATION');
  const decoded = decodeScriptNum(fromTop(stack, 1), requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!decoded.ok) return err('UNKNOWN_ERROR');
  const n = scriptNumToInt(decoded.value);
  const size = stack.length - 1;
  if (n < 0 || n >= size) return err('INVALID_STACK_OPERATION');
  const picked = fromTop(stack, n + 2);
  if (!roll) return ok({ pop: 1, push: [picked] });
  const push: Uint8Array[] = [];
  for (let depth = n + 1; depth >= 2; depth--) push.push(fromTop(stack, depth));
  push.push(picked);
  return ok({ pop: n + 2, push });
}

/**
 * The edit of stack opcode `opcode` on `stack`, each case with Core's stack diagram. EvalScript
 * calls it for the opcodes listed here only (any other is BAD_OPCODE).
 */
export function stackOp(opcode: number, stack: readonly Uint8Array[], requireMinimal: boolean): Result<StackEdit, ScriptError> {
  switch (opcode) {
    case op.OP_2DROP: // (x1 x2 -- )
      if (stack.length < 2) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 2, push: [] });
    case op.OP_2DUP: // (x1 x2 -- x1 x2 x1 x2)
      if (stack.length < 2) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 0, push: [fromTop(stack, 2), fromTop(stack, 1)] });
    case op.OP_3DUP: // (x1 x2 x3 -- x1 x2 x3 x1 x2 x3)
      if (stack.length < 3) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 0, push: [fromTop(stack, 3), fromTop(stack, 2), fromTop(stack, 1)] });
    case op.OP_2OVER: // (x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)
      if (stack.length < 4) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 0, push: [fromTop(stack, 4), fromTop(stack, 3)] });
    case op.OP_2ROT: // (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
      if (stack.length < 6) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 6, push: [fromTop(stack, 4), fromTop(stack, 3), fromTop(stack, 2), fromTop(stack, 1), fromTop(stack, 6), fromTop(stack, 5)] });
    case op.OP_2SWAP: // (x1 x2 x3 x4 -- x3 x4 x1 x2)
      if (stack.length < 4) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 4, push: [fromTop(stack, 2), fromTop(stack, 1), fromTop(stack, 4), fromTop(stack, 3)] });
    case op.OP_DEPTH: // ( -- stacksize)
      return ok({ pop: 0, push: [encodeScriptNum(BigInt(stack.length))] });
    case op.OP_DROP: // (x -- )
      if (stack.length < 1) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 1, push: [] });
    case op.OP_DUP: // (x -- x x)
      if (stack.length < 1) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 0, push: [fromTop(stack, 1)] });
    case op.OP_NIP: // (x1 x2 -- x2)
      if (stack.length < 2) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 2, push: [fromTop(stack, 1)] });
    case op.OP_OVER: // (x1 x2 -- x1 x2 x1)
      if (stack.length < 2) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 0, push: [fromTop(stack, 2)] });
    case op.OP_PICK: // (xn ... x2 x1 x0 n -- xn ... x2 x1 x0 xn)
    case op.OP_ROLL: // (xn ... x2 x1 x0 n -- ... x2 x1 x0 xn)
      return pickOrRoll(stack, opcode === op.OP_ROLL, requireMinimal);
    case op.OP_ROT: // (x1 x2 x3 -- x2 x3 x1)
      if (stack.length < 3) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 3, push: [fromTop(stack, 2), fromTop(stack, 1), fromTop(stack, 3)] });
    case op.OP_SWAP: // (x1 x2 -- x2 x1)
      if (stack.length < 2) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 2, push: [fromTop(stack, 1), fromTop(stack, 2)] });
    case op.OP_TUCK: // (x1 x2 -- x2 x1 x2)
      if (stack.length < 2) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 2, push: [fromTop(stack, 1), fromTop(stack, 2), fromTop(stack, 1)] });
    case op.OP_SIZE: // (in -- in size)
      if (stack.length < 1) return err('INVALID_STACK_OPERATION');
      return ok({ pop: 0, push: [encodeScriptNum(BigInt(fromTop(stack, 1).length))] });
    default:
      return err('BAD_OPCODE');
  }
}
