/**
 * OP_CHECKMULTISIG's stack handling in Core's EvalScript (src/script/interpreter.cpp, case
 * OP_CHECKMULTISIG): reading the key and signature counts and the elements they cover, and the
 * signature walk (which signature is checked against which key, and when the walk gives up), and
 * the clean-up after the signature checks (NULLFAIL, the extra element Core's off-by-one consumes,
 * and BIP147's NULLDUMMY). The check of one pair (encodings, then the SignatureChecker) is the
 * interpreter's closure (interpreter.ts). SPEC.md §3.10.
 *
 * Proofs: proofs/multisig.proof.ts (the counts' limits and the elements read for every stack of
 * up to 8 elements; the walk succeeds exactly when the signatures match keys in order, and asks
 * only pairs inside Core's window; the extra element, NULLFAIL and NULLDUMMY). Tests: Core's script_tests.json
 * (test/conformance/conformance.test.ts) and the multisig blocks of test/regtest-chain.test.ts.
 */
import { type Result, err, ok } from '../result.js';
import type { ScriptError } from './errors.js';
import { SCRIPT_VERIFY_NULLDUMMY, SCRIPT_VERIFY_NULLFAIL } from './flags.js';
import { MAX_OPS_PER_SCRIPT, MAX_PUBKEYS_PER_MULTISIG } from './limits.js';
import { DEFAULT_MAX_NUM_SIZE, decodeScriptNum, scriptNumToInt } from './number.js';
import type { StackEdit } from './stack-ops.js';

/** The operands of one OP_CHECKMULTISIG, in the order Core visits them. */
export interface MultisigOperands {
  /** The public keys, first the one just below the key count (Core's ikey = 2). */
  readonly keys: readonly Uint8Array[];
  /** The signatures, first the one just below the signature count (Core's isig). */
  readonly sigs: readonly Uint8Array[];
  /** The script's opcode count with the keys added (Core's nOpCount += nKeysCount). */
  readonly opCount: number;
}

/** CScriptNum(element, fRequireMinimal).getint(), or undefined for Core's scriptnum_error. */
function countAt(element: Uint8Array, requireMinimal: boolean): number | undefined {
  const decoded = decodeScriptNum(element, requireMinimal, DEFAULT_MAX_NUM_SIZE);
  return decoded.ok ? scriptNumToInt(decoded.value) : undefined;
}

/**
 * The key count on top, that many keys, the signature count, that many signatures, with Core's
 * checks in Core's order: INVALID_STACK_OPERATION when the stack is too short, PUBKEY_COUNT outside
 * [0, 20], OP_COUNT when the keys take the script past 201 opcodes, SIG_COUNT outside [0, keys],
 * and UNKNOWN_ERROR for a count that is no CScriptNum (Core's scriptnum_error).
 */
export function multisigOperands(stack: readonly Uint8Array[], requireMinimal: boolean, opCount: number): Result<MultisigOperands, ScriptError> {
  const depth = stack.length;
  if (depth < 1) return err('INVALID_STACK_OPERATION');
  const keysCount = countAt(stack[depth - 1] as Uint8Array, requireMinimal);
  if (keysCount === undefined) return err('UNKNOWN_ERROR');
  if (keysCount < 0 || keysCount > MAX_PUBKEYS_PER_MULTISIG) return err('PUBKEY_COUNT');
  const ops = opCount + keysCount;
  if (ops > MAX_OPS_PER_SCRIPT) return err('OP_COUNT');
  if (depth < keysCount + 2) return err('INVALID_STACK_OPERATION');
  const sigsCount = countAt(stack[depth - keysCount - 2] as Uint8Array, requireMinimal);
  if (sigsCount === undefined) return err('UNKNOWN_ERROR');
  if (sigsCount < 0 || sigsCount > keysCount) return err('SIG_COUNT');
  // Core's off-by-one: the signatures end at stacktop(-(keys + sigs + 2)), yet it wants one more element (the extra one).
  if (depth < keysCount + sigsCount + 3) return err('INVALID_STACK_OPERATION');
  // Downwards from the element below each count; `j >= 0` always holds after the checks above
  // and bounds each loop by the stack (what the prover unrolls).
  const keys: Uint8Array[] = [];
  for (let j = depth - 2; j >= 0 && j > depth - 2 - keysCount; j--) keys.push(stack[j] as Uint8Array);
  const sigs: Uint8Array[] = [];
  for (let j = depth - keysCount - 3; j >= 0 && j > depth - keysCount - 3 - sigsCount; j--) sigs.push(stack[j] as Uint8Array);
  return ok({ keys, sigs, opCount: ops });
}

/** The check of signature `isig` against key `ikey`: whether it verifies, or the error that ends the script (an encoding rule). */
export type MultisigPairCheck = (isig: number, ikey: number) => Result<boolean, ScriptError>;

/**
 * Core's signature walk: signature 0 against key 0, 1, ... until one verifies, then the next
 * signature against the keys after that one, and so on; it fails as soon as more signatures are
 * left than keys. So it succeeds exactly when the signatures verify against keys in the same
 * order, each key used at most once; an error of a checked pair ends it.
 */
export function multisigSignatureWalk(sigsCount: number, keysCount: number, check: MultisigPairCheck): Result<boolean, ScriptError> {
  let success = true;
  let isig = 0;
  let ikey = 0;
  // `ikey < keysCount` holds whenever the first two do (the walk gives up before it runs out of
  // keys); it bounds the loop by the key count for the prover.
  while (success && isig < sigsCount && ikey < keysCount) {
    const checked = check(isig, ikey);
    if (!checked.ok) return checked;
    if (checked.value) isig++;
    ikey++;
    // More signatures left than keys: too many have failed.
    if (sigsCount - isig > keysCount - ikey) success = false;
  }
  return ok(success);
}

/**
 * After the signature checks: NULLFAIL (on failure every signature must be empty), then the
 * extra element below the signatures (Core's off-by-one; BIP147 NULLDUMMY wants it empty), then
 * the edit: the counts, keys, signatures and the extra element off, the result on.
 */
export function multisigResult(stack: readonly Uint8Array[], operands: MultisigOperands, success: boolean, flags: number): Result<StackEdit, ScriptError> {
  const consumed = operands.keys.length + operands.sigs.length + 2;
  if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) !== 0) {
    for (let k = 0; k < operands.sigs.length; k++) if ((operands.sigs[k] as Uint8Array).length !== 0) return err('SIG_NULLFAIL');
  }
  if (stack.length < consumed + 1) return err('INVALID_STACK_OPERATION');
  if ((flags & SCRIPT_VERIFY_NULLDUMMY) !== 0 && (stack[stack.length - consumed - 1] as Uint8Array).length !== 0) return err('SIG_NULLDUMMY');
  return ok({ pop: consumed + 1, push: [success ? Uint8Array.of(1) : new Uint8Array(0)] });
}
