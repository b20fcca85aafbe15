/**
 * Core's VerifyScript, VerifyWitnessProgram and ExecuteWitnessScript (src/script/interpreter.cpp;
 * SPEC.md §3.11): the scriptSig and scriptPubKey runs, BIP16 P2SH, BIP141 v0 witness programs
 * (P2WSH, and P2WPKH's implied script written out in evalKeyHashScript), BIP341/342 taproot.
 * Proofs: proofs/verify-script.proof.ts. Tests: test/conformance (script_tests, tx_valid,
 * tx_invalid, script assets), properties/script.prop.test.ts, test/connect-block.test.ts.
 */
import { hash160, sha256 } from '../crypto/hashes.js';
import { compactSizeWidth, encodeCompactSize } from '../encoding/compact-size.js';
import { type Result, err, ok } from '../result.js';
import { concatBytes, equalBytes } from '../encoding/bytes.js';
import { pushData } from './build.js';
import type { SignatureChecker } from './checker.js';
import type { ScriptError } from './errors.js';
import {
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_SIGPUSHONLY,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
} from './flags.js';
import { type TapscriptContext, castToBool, evalChecksigPreTapscript, evalScript } from './interpreter.js';
import { MAX_SCRIPT_ELEMENT_SIZE, MAX_STACK_SIZE } from './limits.js';
import { OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160, isOpSuccess } from './opcodes.js';
import { readScriptOp } from './parse.js';
import { getWitnessProgram, isPayToAnchor, isPayToScriptHash, isPushOnly } from './patterns.js';
import { TAPROOT_LEAF_TAPSCRIPT, computeTapleafHash, isValidTaprootControlSize, taprootLeafVersion, verifyTaprootCommitment } from './taproot.js';

/** BIP141 program sizes. */
const WITNESS_V0_SCRIPTHASH_SIZE = 32;
const WITNESS_V0_KEYHASH_SIZE = 20;
/** Core's WITNESS_V1_TAPROOT_SIZE: a taproot output's program length. */
export const WITNESS_V1_TAPROOT_SIZE = 32;
/** BIP341: a last witness element starting with 0x50 is the annex. */
const ANNEX_TAG = 0x50;
/** BIP342: the validation-weight budget is the witness size plus this offset. */
const VALIDATION_WEIGHT_OFFSET = 50;

/**
 * evalScript of a P2WPKH input's implied script, OP_DUP OP_HASH160 <keyHash> OP_EQUALVERIFY
 * OP_CHECKSIG (`script`), on its two witness items [sig, pubkey], with the interpreter's five
 * steps written out: HASH160 of the duplicated key must equal the pushed hash (EQUALVERIFY), then
 * CHECKSIG over the whole script leaves one item, true or false. No limit of the interpreter can
 * be reached on the way (five opcodes, four stack items, a minimal 20-byte push). Spares every
 * P2WPKH input the interpreter's loop; properties/script.prop.test.ts compares it with evalScript
 * on the same script (through a P2WSH output), proofs/verify-script.proof.ts proves it (through
 * verifyScript, and the item CHECKSIG leaves: Core's vchTrue 01 or the empty vchFalse).
 */
export function evalKeyHashScript(stack: readonly Uint8Array[], script: Uint8Array, keyHash: Uint8Array, flags: number, checker: SignatureChecker): Result<Uint8Array[], ScriptError> {
  const sig = stack[0] as Uint8Array;
  const pubkey = stack[1] as Uint8Array;
  if (!equalBytes(hash160(pubkey), keyHash)) return err('EQUALVERIFY');
  const checked = evalChecksigPreTapscript(sig, pubkey, script, flags, checker, 'WITNESS_V0');
  if (!checked.ok) return checked;
  return ok([checked.value ? Uint8Array.of(1) : new Uint8Array(0)]);
}

/**
 * Core's ExecuteWitnessScript: run a segwit v0 or tapscript script on the witness stack; it must
 * leave exactly one true item. `keyHash`: the script is a P2WPKH input's implied script for that
 * key hash, and the stack its two witness items (evalKeyHashScript runs it).
 */
function executeWitnessScript(
  stack: readonly Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigVersion: 'WITNESS_V0' | 'TAPSCRIPT',
  tapscript?: TapscriptContext,
  keyHash?: Uint8Array,
): Result<void, ScriptError> {
  if (sigVersion === 'TAPSCRIPT') {
    // BIP342: an OP_SUCCESSx anywhere makes the script succeed, before any other rule.
    for (let pc = 0; pc < script.length; ) {
      const op = readScriptOp(script, pc);
      if (op === undefined) return err('BAD_OPCODE');
      if (isOpSuccess(op.opcode)) {
        return (flags & SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS) !== 0 ? err('DISCOURAGE_OP_SUCCESS') : ok(undefined);
      }
      pc = op.next;
    }
    if (stack.length > MAX_STACK_SIZE) return err('STACK_SIZE');
  }
  if (stack.some((item) => item.length > MAX_SCRIPT_ELEMENT_SIZE)) return err('PUSH_SIZE');
  const result = keyHash !== undefined ? evalKeyHashScript(stack, script, keyHash, flags, checker) : evalScript(stack, script, flags, checker, sigVersion, tapscript);
  if (!result.ok) return result;
  // Scripts inside witnesses implicitly require a clean stack.
  if (result.value.length !== 1) return err('CLEANSTACK');
  if (!castToBool(result.value[0] as Uint8Array)) return err('EVAL_FALSE');
  return ok(undefined);
}

/** BIP141 serialized size of a witness stack (Core's GetSerializeSize(witness.stack)). */
function witnessSize(witness: readonly Uint8Array[]): number {
  return witness.reduce((n, item) => n + compactSizeWidth(item.length) + item.length, compactSizeWidth(witness.length));
}

/** Core's VerifyWitnessProgram: BIP141 v0 (P2WSH, P2WPKH), BIP341/342 taproot, and upgradable versions. */
function verifyWitnessProgram(
  witness: readonly Uint8Array[],
  version: number,
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  isP2sh: boolean,
): Result<void, ScriptError> {
  if (version === 0) {
    if (program.length === WITNESS_V0_SCRIPTHASH_SIZE) {
      const script = witness[witness.length - 1];
      if (script === undefined) return err('WITNESS_PROGRAM_WITNESS_EMPTY');
      if (!equalBytes(sha256(script), program)) return err('WITNESS_PROGRAM_MISMATCH');
      return executeWitnessScript(witness.slice(0, -1), script, flags, checker, 'WITNESS_V0');
    }
    if (program.length === WITNESS_V0_KEYHASH_SIZE) {
      if (witness.length !== 2) return err('WITNESS_PROGRAM_MISMATCH');
      // The implied script: OP_DUP OP_HASH160 <program> OP_EQUALVERIFY OP_CHECKSIG, written into
      // one array (every P2WPKH input builds it: no parts to allocate and concatenate).
      const script = new Uint8Array(25);
      script[0] = OP_DUP;
      script[1] = OP_HASH160;
      script[2] = WITNESS_V0_KEYHASH_SIZE;
      for (let i = 0; i < WITNESS_V0_KEYHASH_SIZE; i++) script[3 + i] = program[i] as number;
      script[23] = OP_EQUALVERIFY;
      script[24] = OP_CHECKSIG;
      return executeWitnessScript(witness, script, flags, checker, 'WITNESS_V0', undefined, program);
    }
    return err('WITNESS_PROGRAM_WRONG_LENGTH');
  }
  if (version === 1 && program.length === WITNESS_V1_TAPROOT_SIZE && !isP2sh) {
    if ((flags & SCRIPT_VERIFY_TAPROOT) === 0) return ok(undefined);
    if (witness.length === 0) return err('WITNESS_PROGRAM_WITNESS_EMPTY');
    let stack = witness;
    let annexHash: Uint8Array | undefined;
    const last = stack[stack.length - 1];
    if (stack.length >= 2 && last !== undefined && last.length > 0 && last[0] === ANNEX_TAG) {
      // BIP341 sha_annex: SHA256 of the annex with its CompactSize length.
      annexHash = sha256(concatBytes(encodeCompactSize(last.length), last));
      stack = stack.slice(0, -1);
    }
    if (stack.length === 1) {
      // Key path spend.
      const signature = stack[0] as Uint8Array;
      return checker.checkSchnorrSignature(signature, program, 'TAPROOT', { tapleafHash: undefined, annexHash, codeseparatorPos: 0xffffffff });
    }
    // Script path spend: the last two items are the control block and the leaf script.
    const control = stack[stack.length - 1] as Uint8Array;
    const script = stack[stack.length - 2] as Uint8Array;
    if (!isValidTaprootControlSize(control.length)) return err('TAPROOT_WRONG_CONTROL_SIZE');
    const leafVersion = taprootLeafVersion(control);
    const tapleafHash = computeTapleafHash(leafVersion, script);
    if (!verifyTaprootCommitment(control, program, tapleafHash, checker.backend)) return err('WITNESS_PROGRAM_MISMATCH');
    if (leafVersion === TAPROOT_LEAF_TAPSCRIPT) {
      const validationWeight = witnessSize(witness) + VALIDATION_WEIGHT_OFFSET;
      return executeWitnessScript(stack.slice(0, -2), script, flags, checker, 'TAPSCRIPT', { tapleafHash, annexHash, validationWeight });
    }
    if ((flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) !== 0) return err('DISCOURAGE_UPGRADABLE_TAPROOT_VERSION');
    return ok(undefined);
  }
  if (!isP2sh && isPayToAnchor(version, program)) return ok(undefined);
  if ((flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) !== 0) return err('DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM');
  return ok(undefined); // other versions and sizes are left to future soft forks
}

/**
 * Core's VerifyScript: scriptSig then scriptPubKey on one stack (CVE-2010-5141: not concatenated),
 * then BIP16 P2SH, BIP141 witness programs (bare and nested in P2SH), CLEANSTACK and unexpected
 * witness data (SPEC.md §3.11).
 *
 * @example
 * ```ts
 * import { NETWORKS, createGenesisBlock, createTransactionSignatureChecker, parseAsm, scriptFlags, verifyScript } from 'bllvm-ts';
 * const tx = createGenesisBlock(NETWORKS.main.genesis).transactions[0]!; // any transaction: these scripts check no signature
 * const checker = createTransactionSignatureChecker(tx, 0, 0n);
 * const flags = scriptFlags.SCRIPT_VERIFY_P2SH | scriptFlags.SCRIPT_VERIFY_WITNESS;
 * const script = (asm: string): Uint8Array => {
 *   const parsed = parseAsm(asm);
 *   if (!parsed.ok) throw new Error(parsed.error);
 *   return parsed.value;
 * };
 * verifyScript(script('2 3'), script('ADD 5 EQUAL'), [], flags, checker).ok; // => true
 * verifyScript(script('2 2'), script('ADD 5 EQUAL'), [], flags, checker); // => { ok: false, error: 'EVAL_FALSE' }
 * ```
 */
export function verifyScript(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[],
  flags: number,
  checker: SignatureChecker,
): Result<void, ScriptError> {
  if ((flags & SCRIPT_VERIFY_SIGPUSHONLY) !== 0 && !isPushOnly(scriptSig)) return err('SIG_PUSHONLY');
  const afterSig = evalScript([], scriptSig, flags, checker, 'BASE');
  if (!afterSig.ok) return afterSig;
  const afterPubKey = evalScript(afterSig.value, scriptPubKey, flags, checker, 'BASE');
  if (!afterPubKey.ok) return afterPubKey;
  let stack = afterPubKey.value;
  const top = stack[stack.length - 1];
  if (top === undefined || !castToBool(top)) return err('EVAL_FALSE');

  let hadWitness = false;
  const witnessOn = (flags & SCRIPT_VERIFY_WITNESS) !== 0;
  const bare = witnessOn ? getWitnessProgram(scriptPubKey) : undefined;
  if (bare !== undefined) {
    hadWitness = true;
    // The scriptSig must be exactly empty, or witness spends would be malleable.
    if (scriptSig.length !== 0) return err('WITNESS_MALLEATED');
    const verified = verifyWitnessProgram(witness, bare.version, bare.program, flags, checker, false);
    if (!verified.ok) return verified;
    stack = stack.slice(0, 1); // bypass CLEANSTACK: a witness program's stack is not clean
  }

  if ((flags & SCRIPT_VERIFY_P2SH) !== 0 && isPayToScriptHash(scriptPubKey)) {
    if (!isPushOnly(scriptSig)) return err('SIG_PUSHONLY');
    // Run the redeem script on the stack the scriptSig left.
    const redeemScript = afterSig.value[afterSig.value.length - 1] as Uint8Array;
    const afterRedeem = evalScript(afterSig.value.slice(0, -1), redeemScript, flags, checker, 'BASE');
    if (!afterRedeem.ok) return afterRedeem;
    stack = afterRedeem.value;
    const redeemTop = stack[stack.length - 1];
    if (redeemTop === undefined || !castToBool(redeemTop)) return err('EVAL_FALSE');
    const nested = witnessOn ? getWitnessProgram(redeemScript) : undefined;
    if (nested !== undefined) {
      hadWitness = true;
      // The scriptSig must be exactly one push of the redeem script.
      if (!equalBytes(scriptSig, pushData(redeemScript))) return err('WITNESS_MALLEATED_P2SH');
      const verified = verifyWitnessProgram(witness, nested.version, nested.program, flags, checker, true);
      if (!verified.ok) return verified;
      stack = stack.slice(0, 1);
    }
  }

  // After P2SH and witness evaluation, whose inputs would otherwise remain on the stack.
  if ((flags & SCRIPT_VERIFY_CLEANSTACK) !== 0 && stack.length !== 1) return err('CLEANSTACK');
  if (witnessOn && !hadWitness && witness.length > 0) return err('WITNESS_UNEXPECTED');
  return ok(undefined);
}
