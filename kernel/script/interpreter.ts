/**
 * Core's EvalScript (src/script/interpreter.cpp) for legacy, witness v0 and tapscript scripts
 * (SPEC.md §3.10): the opcode loop, the stack and altstack, the opcode and stack-size limits,
 * signature checks through a SignatureChecker. The numeric opcodes' semantics are in
 * numeric-ops.ts, the stack opcodes' in stack-ops.ts, and the IF/ELSE nesting with the MINIMALIF
 * rule in condition-stack.ts, each with its proofs (proofs/numeric-ops.proof.ts,
 * proofs/stack-ops.proof.ts, proofs/condition-stack.proof.ts; castToBool and
 * checkMinimalPush in proofs/script.proof.ts); the loop as a whole (flow control, PUSH_SIZE,
 * OP_COUNT, STACK_SIZE, CHECKMULTISIG's extra element) in proofs/interpreter.proof.ts. Tests: Core's script_tests.json, tx_valid/tx_invalid
 * and the script assets (test/conformance), properties/script.prop.test.ts,
 * test/script/condition-stack.test.ts.
 */
import { hash160, ripemd160, sha1, sha256, sha256d } from '../crypto/hashes.js';
import { equalBytes } from '../encoding/bytes.js';
import { type Result, err, ok } from '../result.js';
import { pushData } from './build.js';
import type { ScriptExecutionData, SignatureChecker, SigVersion } from './checker.js';
import type { ScriptError } from './errors.js';
import { checkMinimalIf, conditionAllTrue, conditionEmpty, conditionPopBack, conditionPushBack, conditionToggleTop, newConditionStack } from './condition-stack.js';
import { findAndDelete } from './find-and-delete.js';
import { multisigOperands, multisigResult, multisigSignatureWalk } from './multisig.js';
import { MAX_OPS_PER_SCRIPT, MAX_SCRIPT_ELEMENT_SIZE, MAX_SCRIPT_SIZE, MAX_STACK_SIZE } from './limits.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_CONST_SCRIPTCODE,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE,
  SCRIPT_VERIFY_MINIMALDATA,
  SCRIPT_VERIFY_NULLFAIL,
} from './flags.js';
import { DEFAULT_MAX_NUM_SIZE, decodeScriptNum, encodeScriptNum } from './number.js';
import { binaryNumOp, unaryNumOp, withinOp } from './numeric-ops.js';
import * as op from './opcodes.js';
import { readScriptOp } from './parse.js';
import { stackOp } from './stack-ops.js';
import { checkPubKeyEncoding, checkSignatureEncoding } from './signature-encoding.js';

/** BIP342: each executed signature check costs this much of the validation-weight budget. */
export const VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;
/** BIP65/BIP112: CScriptNum accepts 5-byte operands for lock times. */
const LOCKTIME_NUM_SIZE = 5;
/** BIP68: a relative lock with this bit set is disabled (CTxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG). */
const SEQUENCE_LOCKTIME_DISABLE_FLAG = 1n << 31n;

const FALSE = new Uint8Array(0);
const TRUE = Uint8Array.of(1);

/** Core's CastToBool: any non-zero byte is true, except a lone sign bit in the last byte (negative zero) (SPEC.md §3.10). */
export function castToBool(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0) return !(i === v.length - 1 && v[i] === 0x80);
  }
  return false;
}

/** Core's CheckMinimalPush (BIP62 MINIMALDATA): the push uses the smallest opcode for its data (SPEC.md §3.10). */
export function checkMinimalPush(data: Uint8Array, opcode: number): boolean {
  const n = data.length;
  if (n === 0) return opcode === op.OP_0;
  if (n === 1 && (data[0] ?? 0) >= 1 && (data[0] ?? 0) <= 16) return false;
  if (n === 1 && data[0] === 0x81) return false;
  if (n <= 75) return opcode === n;
  if (n <= 255) return opcode === op.OP_PUSHDATA1;
  if (n <= 65535) return opcode === op.OP_PUSHDATA2;
  return true;
}

/** Budget and position state a tapscript carries through its execution (the mutable part of Core's ScriptExecutionData). */
export interface TapscriptContext {
  readonly tapleafHash: Uint8Array;
  readonly annexHash: Uint8Array | undefined;
  /** BIP342: witness size + 50, less 50 per executed signature check. */
  readonly validationWeight: number;
}

/**
 * Core's EvalChecksigPreTapscript: OP_CHECKSIG's signature check in legacy and witness v0 scripts
 * over `scriptCode` (the script from the last OP_CODESEPARATOR on): FindAndDelete of the signature
 * for BASE, the signature and key encodings, the ECDSA check, NULLFAIL. An error, or whether the
 * signature is valid. Used by evalScript and by the P2WPKH script (kernel/script/verify.ts).
 */
export function evalChecksigPreTapscript(
  sig: Uint8Array,
  pubkey: Uint8Array,
  scriptCode: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigVersion: 'BASE' | 'WITNESS_V0',
): Result<boolean, ScriptError> {
  let code = scriptCode;
  if (sigVersion === 'BASE') {
    // Pre-segwit signatures cannot sign themselves: drop them from the script code.
    const deleted = findAndDelete(code, pushData(sig));
    if (deleted.found > 0 && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE) !== 0) return err('SIG_FINDANDDELETE');
    code = deleted.script;
  }
  const encoding = checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, sigVersion);
  if (encoding !== undefined) return err(encoding);
  const success = checker.checkEcdsaSignature(sig, pubkey, code, sigVersion);
  if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) !== 0 && sig.length !== 0) return err('SIG_NULLFAIL');
  return ok(success);
}

/**
 * Core's EvalScript: runs `script` on a copy of `initialStack` and returns the resulting stack,
 * or the first ScriptError Core would report. `sigVersion` is BASE, WITNESS_V0 or TAPSCRIPT
 * (SPEC.md §3.10). A number operand that is no CScriptNum (too long, or not minimal under
 * MINIMALDATA) ends the script with UNKNOWN_ERROR: Core's CScriptNum throws scriptnum_error and
 * EvalScript's catch reports that. The local functions read and write the stacks and counters
 * here, as Core's EvalScript body does (the translator inlines them in place: harness/translate/nested.ts).
 * @unwind 10000
 * @inSequence
 */
export function evalScript(
  initialStack: readonly Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigVersion: Exclude<SigVersion, 'TAPROOT'>,
  tapscript?: TapscriptContext,
): Result<Uint8Array[], ScriptError> {
  const stack = initialStack.slice();
  const legacy = sigVersion === 'BASE' || sigVersion === 'WITNESS_V0';
  if (legacy && script.length > MAX_SCRIPT_SIZE) return err('SCRIPT_SIZE');
  const requireMinimal = (flags & SCRIPT_VERIFY_MINIMALDATA) !== 0;
  const altstack: Uint8Array[] = [];
  let cond = newConditionStack();
  let opCount = 0;
  let opcodePos = 0;
  let pc = 0;
  let beginCodeHash = 0;
  let codeseparatorPos = 0xffffffff;
  let weightLeft = tapscript?.validationWeight ?? 0;
  const top = (i: number): Uint8Array => stack[stack.length + i] as Uint8Array;

  /** Core's EvalChecksig (pre-tapscript and BIP342 tapscript): an error, or whether the signature is valid. */
  const evalChecksig = (sig: Uint8Array, pubkey: Uint8Array): Result<boolean, ScriptError> => {
    if (sigVersion === 'TAPSCRIPT') {
      const success = sig.length !== 0;
      if (success) {
        weightLeft -= VALIDATION_WEIGHT_PER_SIGOP_PASSED;
        if (weightLeft < 0) return err('TAPSCRIPT_VALIDATION_WEIGHT');
      }
      if (pubkey.length === 0) return err('TAPSCRIPT_EMPTY_PUBKEY');
      if (pubkey.length === 32) {
        if (success) {
          const execData: ScriptExecutionData = {
            tapleafHash: tapscript?.tapleafHash,
            annexHash: tapscript?.annexHash,
            codeseparatorPos,
          };
          const checked = checker.checkSchnorrSignature(sig, pubkey, 'TAPSCRIPT', execData);
          if (!checked.ok) return err(checked.error);
        }
      } else if ((flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE) !== 0) {
        return err('DISCOURAGE_UPGRADABLE_PUBKEYTYPE'); // unknown key types succeed, for future soft forks
      }
      return ok(success);
    }
    return evalChecksigPreTapscript(sig, pubkey, script.subarray(beginCodeHash), flags, checker, sigVersion);
  };

  for (; pc < script.length; opcodePos++) {
    const exec = conditionAllTrue(cond);
    const parsed = readScriptOp(script, pc);
    if (parsed === undefined) return err('BAD_OPCODE');
    const opcode = parsed.opcode;
    pc = parsed.next;
    const pushSize = parsed.next - parsed.dataStart;
    if (opcode <= op.OP_PUSHDATA4 && pushSize > MAX_SCRIPT_ELEMENT_SIZE) return err('PUSH_SIZE');
    // OP_RESERVED (0x50) and the pushes do not count towards the opcode limit. (Counted, then
    // checked: one path goes on to the next opcode, so the prover's paths do not double per opcode.)
    if (legacy && opcode > op.OP_16) opCount++;
    if (legacy && opCount > MAX_OPS_PER_SCRIPT) return err('OP_COUNT');
    if (
      opcode === op.OP_CAT ||
      opcode === op.OP_SUBSTR ||
      opcode === op.OP_LEFT ||
      opcode === op.OP_RIGHT ||
      opcode === op.OP_INVERT ||
      opcode === op.OP_AND ||
      opcode === op.OP_OR ||
      opcode === op.OP_XOR ||
      opcode === op.OP_2MUL ||
      opcode === op.OP_2DIV ||
      opcode === op.OP_MUL ||
      opcode === op.OP_DIV ||
      opcode === op.OP_MOD ||
      opcode === op.OP_LSHIFT ||
      opcode === op.OP_RSHIFT
    ) {
      return err('DISABLED_OPCODE'); // CVE-2010-5137: disabled even in unexecuted branches
    }
    // CONST_SCRIPTCODE rejects OP_CODESEPARATOR in legacy scripts, even unexecuted.
    if (opcode === op.OP_CODESEPARATOR && sigVersion === 'BASE' && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE) !== 0) {
      return err('OP_CODESEPARATOR');
    }

    if (exec && opcode <= op.OP_PUSHDATA4) {
      const data = script.subarray(parsed.dataStart, parsed.next);
      if (requireMinimal && !checkMinimalPush(data, opcode)) return err('MINIMALDATA');
      stack.push(data);
    } else if (exec || (op.OP_IF <= opcode && opcode <= op.OP_ENDIF)) {
      const error = step(opcode);
      if (error !== undefined) return err(error);
    }
    if (stack.length + altstack.length > MAX_STACK_SIZE) return err('STACK_SIZE');
  }
  if (!conditionEmpty(cond)) return err('UNBALANCED_CONDITIONAL');
  return ok(stack);

  function step(opcode: number): ScriptError | undefined {
    switch (opcode) {
      case op.OP_1NEGATE:
      case op.OP_1:
      case op.OP_2:
      case op.OP_3:
      case op.OP_4:
      case op.OP_5:
      case op.OP_6:
      case op.OP_7:
      case op.OP_8:
      case op.OP_9:
      case op.OP_10:
      case op.OP_11:
      case op.OP_12:
      case op.OP_13:
      case op.OP_14:
      case op.OP_15:
      case op.OP_16:
        stack.push(encodeScriptNum(BigInt(opcode - (op.OP_1 - 1))));
        return undefined;

      case op.OP_NOP:
        return undefined;

      case op.OP_CHECKLOCKTIMEVERIFY: {
        if ((flags & SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY) === 0) return undefined; // NOP2 before BIP65
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        const lockTime = decodeScriptNum(top(-1), requireMinimal, LOCKTIME_NUM_SIZE);
        if (!lockTime.ok) return 'UNKNOWN_ERROR';
        if (lockTime.value < 0n) return 'NEGATIVE_LOCKTIME';
        if (!checker.checkLockTime(lockTime.value)) return 'UNSATISFIED_LOCKTIME';
        return undefined;
      }

      case op.OP_CHECKSEQUENCEVERIFY: {
        if ((flags & SCRIPT_VERIFY_CHECKSEQUENCEVERIFY) === 0) return undefined; // NOP3 before BIP112
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        const sequence = decodeScriptNum(top(-1), requireMinimal, LOCKTIME_NUM_SIZE);
        if (!sequence.ok) return 'UNKNOWN_ERROR';
        if (sequence.value < 0n) return 'NEGATIVE_LOCKTIME';
        if ((sequence.value & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0n) return undefined; // BIP112: disabled locks are NOPs
        if (!checker.checkSequence(sequence.value)) return 'UNSATISFIED_LOCKTIME';
        return undefined;
      }

      case op.OP_NOP1:
      case op.OP_NOP4:
      case op.OP_NOP5:
      case op.OP_NOP6:
      case op.OP_NOP7:
      case op.OP_NOP8:
      case op.OP_NOP9:
      case op.OP_NOP10:
        return (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) !== 0 ? 'DISCOURAGE_UPGRADABLE_NOPS' : undefined;

      case op.OP_IF:
      case op.OP_NOTIF: {
        let value = false;
        if (conditionAllTrue(cond)) {
          if (stack.length < 1) return 'UNBALANCED_CONDITIONAL';
          const v = top(-1);
          const minimalIf = checkMinimalIf(v, sigVersion, flags);
          if (minimalIf !== undefined) return minimalIf;
          value = castToBool(v) !== (opcode === op.OP_NOTIF);
          stack.pop();
        }
        cond = conditionPushBack(cond, value);
        return undefined;
      }

      case op.OP_ELSE:
      case op.OP_ENDIF: {
        const next = opcode === op.OP_ELSE ? conditionToggleTop(cond) : conditionPopBack(cond);
        if (!next.ok) return next.error;
        cond = next.value;
        return undefined;
      }

      case op.OP_VERIFY:
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        if (!castToBool(top(-1))) return 'VERIFY';
        stack.pop();
        return undefined;

      case op.OP_RETURN:
        return 'OP_RETURN';

      case op.OP_TOALTSTACK:
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        altstack.push(top(-1));
        stack.pop();
        return undefined;

      case op.OP_FROMALTSTACK:
        if (altstack.length < 1) return 'INVALID_ALTSTACK_OPERATION';
        stack.push(altstack[altstack.length - 1] as Uint8Array);
        altstack.pop();
        return undefined;

      case op.OP_2DROP:
      case op.OP_2DUP:
      case op.OP_3DUP:
      case op.OP_2OVER:
      case op.OP_2ROT:
      case op.OP_2SWAP:
      case op.OP_DEPTH:
      case op.OP_DROP:
      case op.OP_DUP:
      case op.OP_NIP:
      case op.OP_OVER:
      case op.OP_PICK:
      case op.OP_ROLL:
      case op.OP_ROT:
      case op.OP_SWAP:
      case op.OP_TUCK:
      case op.OP_SIZE: {
        const edit = stackOp(opcode, stack, requireMinimal);
        if (!edit.ok) return edit.error;
        stack.length -= edit.value.pop;
        for (const v of edit.value.push) stack.push(v);
        return undefined;
      }

      case op.OP_IFDUP:
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        if (castToBool(top(-1))) stack.push(top(-1));
        return undefined;

      case op.OP_EQUAL:
      case op.OP_EQUALVERIFY: {
        if (stack.length < 2) return 'INVALID_STACK_OPERATION';
        const equal = equalBytes(top(-2), top(-1));
        stack.length -= 2;
        stack.push(equal ? TRUE : FALSE);
        if (opcode === op.OP_EQUALVERIFY) {
          if (!equal) return 'EQUALVERIFY';
          stack.pop();
        }
        return undefined;
      }

      case op.OP_1ADD:
      case op.OP_1SUB:
      case op.OP_NEGATE:
      case op.OP_ABS:
      case op.OP_NOT:
      case op.OP_0NOTEQUAL: {
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        const result = unaryNumOp(opcode, top(-1), requireMinimal);
        if (!result.ok) return 'UNKNOWN_ERROR';
        stack.pop();
        stack.push(result.value);
        return undefined;
      }

      case op.OP_ADD:
      case op.OP_SUB:
      case op.OP_BOOLAND:
      case op.OP_BOOLOR:
      case op.OP_NUMEQUAL:
      case op.OP_NUMEQUALVERIFY:
      case op.OP_NUMNOTEQUAL:
      case op.OP_LESSTHAN:
      case op.OP_GREATERTHAN:
      case op.OP_LESSTHANOREQUAL:
      case op.OP_GREATERTHANOREQUAL:
      case op.OP_MIN:
      case op.OP_MAX: {
        if (stack.length < 2) return 'INVALID_STACK_OPERATION';
        const result = binaryNumOp(opcode, top(-2), top(-1), requireMinimal);
        if (!result.ok) return 'UNKNOWN_ERROR';
        stack.length -= 2;
        stack.push(result.value);
        if (opcode === op.OP_NUMEQUALVERIFY) {
          if (!castToBool(top(-1))) return 'NUMEQUALVERIFY';
          stack.pop();
        }
        return undefined;
      }

      case op.OP_WITHIN: {
        if (stack.length < 3) return 'INVALID_STACK_OPERATION';
        const within = withinOp(top(-3), top(-2), top(-1), requireMinimal);
        if (!within.ok) return 'UNKNOWN_ERROR';
        stack.length -= 3;
        stack.push(within.value ? TRUE : FALSE);
        return undefined;
      }

      case op.OP_RIPEMD160:
      case op.OP_SHA1:
      case op.OP_SHA256:
      case op.OP_HASH160:
      case op.OP_HASH256: {
        if (stack.length < 1) return 'INVALID_STACK_OPERATION';
        const v = top(-1);
        stack.pop();
        const hash =
          opcode === op.OP_RIPEMD160
            ? ripemd160(v)
            : opcode === op.OP_SHA1
              ? sha1(v)
              : opcode === op.OP_SHA256
                ? sha256(v)
                : opcode === op.OP_HASH160
                  ? hash160(v)
                  : sha256d(v);
        stack.push(hash);
        return undefined;
      }

      case op.OP_CODESEPARATOR:
        // The signature hash covers the script from after the last executed separator.
        beginCodeHash = pc;
        codeseparatorPos = opcodePos;
        return undefined;

      case op.OP_CHECKSIG:
      case op.OP_CHECKSIGVERIFY: {
        if (stack.length < 2) return 'INVALID_STACK_OPERATION';
        const checked = evalChecksig(top(-2), top(-1));
        if (!checked.ok) return checked.error;
        stack.length -= 2;
        stack.push(checked.value ? TRUE : FALSE);
        if (opcode === op.OP_CHECKSIGVERIFY) {
          if (!checked.value) return 'CHECKSIGVERIFY';
          stack.pop();
        }
        return undefined;
      }

      case op.OP_CHECKSIGADD: {
        if (legacy) return 'BAD_OPCODE'; // BIP342: tapscript only
        if (stack.length < 3) return 'INVALID_STACK_OPERATION';
        const n = decodeScriptNum(top(-2), requireMinimal, DEFAULT_MAX_NUM_SIZE);
        if (!n.ok) return 'UNKNOWN_ERROR';
        const checked = evalChecksig(top(-3), top(-1));
        if (!checked.ok) return checked.error;
        stack.length -= 3;
        stack.push(encodeScriptNum(n.value + (checked.value ? 1n : 0n)));
        return undefined;
      }

      case op.OP_CHECKMULTISIG:
      case op.OP_CHECKMULTISIGVERIFY:
        return checkMultisig(opcode);

      default:
        return 'BAD_OPCODE';
    }
  }

  function checkMultisig(opcode: number): ScriptError | undefined {
    if (sigVersion === 'TAPSCRIPT') return 'TAPSCRIPT_CHECKMULTISIG'; // BIP342: replaced by OP_CHECKSIGADD
    const operands = multisigOperands(stack, requireMinimal, opCount);
    if (!operands.ok) return operands.error;
    const { keys, sigs } = operands.value;
    opCount = operands.value.opCount;

    let scriptCode = script.subarray(beginCodeHash);
    if (sigVersion === 'BASE') {
      for (const sig of sigs) {
        const deleted = findAndDelete(scriptCode, pushData(sig));
        if (deleted.found > 0 && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE) !== 0) return 'SIG_FINDANDDELETE';
        scriptCode = deleted.script;
      }
    }

    const walk = multisigSignatureWalk(sigs.length, keys.length, (isig, ikey) => {
      const sig = sigs[isig] as Uint8Array;
      const pubkey = keys[ikey] as Uint8Array;
      // The order of these checks makes CHECKMULTISIG NOT's result depend on STRICTENC (Core's comment).
      const encoding = checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, sigVersion);
      if (encoding !== undefined) return err(encoding);
      return ok(checker.checkEcdsaSignature(sig, pubkey, scriptCode, sigVersion === 'BASE' ? 'BASE' : 'WITNESS_V0'));
    });
    if (!walk.ok) return walk.error;
    const success = walk.value;

    const edit = multisigResult(stack, operands.value, success, flags);
    if (!edit.ok) return edit.error;
    stack.length -= edit.value.pop;
    for (const v of edit.value.push) stack.push(v);
    if (opcode === op.OP_CHECKMULTISIGVERIFY) {
      if (!success) return 'CHECKMULTISIGVERIFY';
      stack.pop();
    }
    return undefined;
  }
}
