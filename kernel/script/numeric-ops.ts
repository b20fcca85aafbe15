/**
 * The numeric opcodes of Core's EvalScript (src/script/interpreter.cpp, the cases OP_1ADD ..
 * OP_0NOTEQUAL, OP_ADD .. OP_MAX and OP_WITHIN): each operand is read as
 * CScriptNum(stacktop(i), fRequireMinimal) with the default nMaxNumSize of 4 bytes, the result is
 * computed by Core's switch on the opcode, and the element pushed is CScriptNum(result).getvch()
 * (OP_WITHIN pushes vchTrue/vchFalse, which the interpreter owns). A decoding failure is Core's
 * scriptnum_error, which EvalScript reports as UNKNOWN_ERROR. SPEC.md §3.2, §3.10.
 *
 * Proofs: proofs/numeric-ops.proof.ts (Core's table for every operand in the 4-byte range, and
 * the pushed bytes for 4-byte operands). Tests: Core's script_tests.json in
 * test/conformance/conformance.test.ts.
 */
import { type Result, err, ok } from '../result.js';
import { DEFAULT_MAX_NUM_SIZE, type ScriptNumError, decodeScriptNum, encodeScriptNum } from './number.js';
import * as op from './opcodes.js';

/**
 * Core's switch for the unary numeric opcodes on CScriptNum bn. EvalScript calls it for
 * OP_1ADD, OP_1SUB, OP_NEGATE, OP_ABS, OP_NOT and OP_0NOTEQUAL only (Core asserts on any other).
 */
export function unaryNumResult(opcode: number, bn: bigint): bigint {
  switch (opcode) {
    case op.OP_1ADD:
      return bn + 1n;
    case op.OP_1SUB:
      return bn - 1n;
    case op.OP_NEGATE:
      return -bn;
    case op.OP_ABS:
      return bn < 0n ? -bn : bn;
    case op.OP_NOT:
      return bn === 0n ? 1n : 0n;
    case op.OP_0NOTEQUAL:
    default:
      return bn !== 0n ? 1n : 0n;
  }
}

/**
 * Core's switch for the binary numeric opcodes on CScriptNum bn1 (stacktop(-2)) and bn2
 * (stacktop(-1)). EvalScript calls it for OP_ADD .. OP_MAX only (Core asserts on any other).
 */
export function binaryNumResult(opcode: number, bn1: bigint, bn2: bigint): bigint {
  switch (opcode) {
    case op.OP_ADD:
      return bn1 + bn2;
    case op.OP_SUB:
      return bn1 - bn2;
    case op.OP_BOOLAND:
      return bn1 !== 0n && bn2 !== 0n ? 1n : 0n;
    case op.OP_BOOLOR:
      return bn1 !== 0n || bn2 !== 0n ? 1n : 0n;
    case op.OP_NUMEQUAL:
    case op.OP_NUMEQUALVERIFY:
      return bn1 === bn2 ? 1n : 0n;
    case op.OP_NUMNOTEQUAL:
      return bn1 !== bn2 ? 1n : 0n;
    case op.OP_LESSTHAN:
      return bn1 < bn2 ? 1n : 0n;
    case op.OP_GREATERTHAN:
      return bn1 > bn2 ? 1n : 0n;
    case op.OP_LESSTHANOREQUAL:
      return bn1 <= bn2 ? 1n : 0n;
    case op.OP_GREATERTHANOREQUAL:
      return bn1 >= bn2 ? 1n : 0n;
    case op.OP_MIN:
      return bn1 < bn2 ? bn1 : bn2;
    case op.OP_MAX:
    default:
      return bn1 > bn2 ? bn1 : bn2;
  }
}

/** OP_WITHIN's fValue: bn2 <= bn1 && bn1 < bn3 (x within [min, max)). */
export function isWithin(x: bigint, min: bigint, max: bigint): boolean {
  return min <= x && x < max;
}

/** The element a unary numeric opcode pushes in place of `top`: getvch() of the result, or Core's scriptnum_error. */
export function unaryNumOp(opcode: number, top: Uint8Array, requireMinimal: boolean): Result<Uint8Array, ScriptNumError> {
  const bn = decodeScriptNum(top, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!bn.ok) return err(bn.error);
  return ok(encodeScriptNum(unaryNumResult(opcode, bn.value)));
}

/** The element a binary numeric opcode pushes in place of `a` (stacktop(-2)) and `b` (stacktop(-1)), or the first operand's scriptnum_error. */
export function binaryNumOp(opcode: number, a: Uint8Array, b: Uint8Array, requireMinimal: boolean): Result<Uint8Array, ScriptNumError> {
  const bn1 = decodeScriptNum(a, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!bn1.ok) return err(bn1.error);
  const bn2 = decodeScriptNum(b, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!bn2.ok) return err(bn2.error);
  return ok(encodeScriptNum(binaryNumResult(opcode, bn1.value, bn2.value)));
}

/** OP_WITHIN on x (stacktop(-3)), min (stacktop(-2)) and max (stacktop(-1)): fValue, or the first operand's scriptnum_error. */
export function withinOp(x: Uint8Array, min: Uint8Array, max: Uint8Array, requireMinimal: boolean): Result<boolean, ScriptNumError> {
  const bn1 = decodeScriptNum(x, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!bn1.ok) return err(bn1.error);
  const bn2 = decodeScriptNum(min, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!bn2.ok) return err(bn2.error);
  const bn3 = decodeScriptNum(max, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  if (!bn3.ok) return err(bn3.error);
  return ok(isWithin(bn1.value, bn2.value, bn3.value));
}
