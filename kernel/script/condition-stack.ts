/**
 * Core's ConditionStack (src/script/interpreter.cpp, class ConditionStack, since 0.21): the
 * OP_IF/OP_NOTIF/OP_ELSE/OP_ENDIF nesting of EvalScript, kept as the would-be vector<bool>'s size
 * and the position of its first false entry instead of the vector itself (so OP_ELSE and the
 * "executing?" test cost O(1): the quadratic vfExec scan of Core before 0.21 is gone). Plus the
 * MINIMALIF rule on OP_IF/OP_NOTIF's argument (BIP342 in tapscript, SCRIPT_VERIFY_MINIMALIF in
 * witness v0). SPEC.md §3.10.
 *
 * Proofs: proofs/condition-stack.proof.ts (every bounded sequence of IF/ELSE/ENDIF against Core's
 * pre-0.21 vector<bool> vfExec written out; MINIMALIF for every argument of 0..3 bytes, sigVersion
 * and flags). Tests: test/script/condition-stack.test.ts (differential, fast-check).
 */
import { type Result, err, ok } from '../result.js';
import type { SigVersion } from './checker.js';
import type { ScriptError } from './errors.js';
import { SCRIPT_VERIFY_MINIMALIF } from './flags.js';

/** Core's ConditionStack: m_stack_size and m_first_false_pos (-1 for Core's NO_FALSE). */
export interface ConditionStack {
  /** m_stack_size: how many IFs are open. */
  readonly stackSize: number;
  /** m_first_false_pos: the depth of the outermost false branch, or -1 (NO_FALSE) when every branch is true. */
  readonly firstFalsePos: number;
}

/** A fresh ConditionStack (Core's default constructor): no IF open, executing. */
export function newConditionStack(): ConditionStack {
  return { stackSize: 0, firstFalsePos: -1 };
}

/** ConditionStack::empty: no IF is open (EvalScript ends with UNBALANCED_CONDITIONAL otherwise). */
export function conditionEmpty(cond: ConditionStack): boolean {
  return cond.stackSize === 0;
}

/** ConditionStack::all_true: every open branch is taken, so opcodes execute (Core's fExec). */
export function conditionAllTrue(cond: ConditionStack): boolean {
  return cond.firstFalsePos === -1;
}

/** ConditionStack::push_back (OP_IF/OP_NOTIF): opens a branch; the first false one is remembered. */
export function conditionPushBack(cond: ConditionStack, value: boolean): ConditionStack {
  const firstFalsePos = !value && cond.firstFalsePos === -1 ? cond.stackSize : cond.firstFalsePos;
  return { stackSize: cond.stackSize + 1, firstFalsePos };
}

/**
 * ConditionStack::toggle_top (OP_ELSE), with EvalScript's empty check: the top turns false only if
 * everything below is true, and true again only if it was the first false; a false below hides it.
 */
export function conditionToggleTop(cond: ConditionStack): Result<ConditionStack, ScriptError> {
  if (cond.stackSize === 0) return err('UNBALANCED_CONDITIONAL');
  if (cond.firstFalsePos === -1) return ok({ stackSize: cond.stackSize, firstFalsePos: cond.stackSize - 1 });
  if (cond.firstFalsePos === cond.stackSize - 1) return ok({ stackSize: cond.stackSize, firstFalsePos: -1 });
  return ok(cond);
}

/** ConditionStack::pop_back (OP_ENDIF), with EvalScript's empty check: closing the first false branch executes again. */
export function conditionPopBack(cond: ConditionStack): Result<ConditionStack, ScriptError> {
  if (cond.stackSize === 0) return err('UNBALANCED_CONDITIONAL');
  const stackSize = cond.stackSize - 1;
  return ok({ stackSize, firstFalsePos: cond.firstFalsePos === stackSize ? -1 : cond.firstFalsePos });
}

/**
 * EvalScript's MINIMALIF rule on an executed OP_IF/OP_NOTIF's argument: it must be empty or exactly
 * 0x01. BIP342 makes it consensus in tapscript (TAPSCRIPT_MINIMALIF); in witness v0 it applies only
 * under SCRIPT_VERIFY_MINIMALIF (policy, MINIMALIF); legacy scripts have no such rule.
 */
export function checkMinimalIf(arg: Uint8Array, sigVersion: SigVersion, flags: number): ScriptError | undefined {
  const minimal = arg.length === 0 || (arg.length === 1 && arg[0] === 1);
  if (sigVersion === 'TAPSCRIPT' && !minimal) return 'TAPSCRIPT_MINIMALIF';
  if (sigVersion === 'WITNESS_V0' && (flags & SCRIPT_VERIFY_MINIMALIF) !== 0 && !minimal) return 'MINIMALIF';
  return undefined;
}
