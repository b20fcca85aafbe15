/**
 * EvalScript as a whole (SPEC.md §3.10; Core's src/script/interpreter.cpp): the opcode loop of
 * the kernel's real `evalScript` with its stacks, limits and flow control, for whole scripts.
 * The opcodes' own semantics are proved one family at a time (proofs/numeric-ops.proof.ts,
 * proofs/stack-ops.proof.ts, proofs/condition-stack.proof.ts, proofs/multisig.proof.ts); these
 * proofs pin how the loop runs them: which element each reads, what it leaves on the stack, the
 * limits Core checks after every opcode, and what an unexecuted branch still checks.
 *
 * Everything is written with Core's opcode bytes (script.h), flag bits (interpreter.h) and limits
 * (script.h: MAX_SCRIPT_ELEMENT_SIZE 520, MAX_OPS_PER_SCRIPT 201, MAX_STACK_SIZE 1000), never the
 * kernel's constants. The scripts are fixed byte strings (an opcode symbolic would make every
 * case of the interpreter's switch one query); the stack elements, the flags and the signature
 * version are symbolic. Bounds, stated per proof: stack elements of 0 to 2 bytes, the scripts listed, signature checks answered by a checker the proof chooses.
 */
import { bool, bytes, int, proof, tuple } from '../harness/dsl.js';
import type { Secp256k1Backend } from '../kernel/crypto/secp256k1.js';
import { err } from '../kernel/result.js';
import type { SignatureChecker, SigVersion } from '../kernel/script/checker.js';
import { evalScript } from '../kernel/script/interpreter.js';
import { concatBytes } from '../kernel/encoding/bytes.js';

const OP_0 = 0x00;
const OP_PUSHDATA2 = 0x4d;
const OP_1 = 0x51;
const OP_2 = 0x52;
const OP_3 = 0x53;
const OP_4 = 0x54;
const OP_NOP = 0x61;
const OP_IF = 0x63;
const OP_NOTIF = 0x64;
const OP_ELSE = 0x67;
const OP_ENDIF = 0x68;
const OP_RETURN = 0x6a;
const OP_TOALTSTACK = 0x6b;
const OP_CHECKMULTISIG = 0xae;
/** interpreter.h: SCRIPT_VERIFY_NULLDUMMY, SCRIPT_VERIFY_MINIMALDATA, SCRIPT_VERIFY_MINIMALIF. */
const NULLDUMMY = 1 << 4;
const MINIMALDATA = 1 << 6;
const MINIMALIF = 1 << 13;

/** A checker for scripts whose signature checks answer `valid`; lock times are never satisfied. */
function checkerAnswering(valid: boolean): SignatureChecker {
  return {
    backend: {} as Secp256k1Backend,
    checkEcdsaSignature: () => valid,
    checkSchnorrSignature: () => err('SCHNORR_SIG'),
    checkLockTime: () => false,
    checkSequence: () => false,
  };
}

/** Signature version 0, 1, 2: BASE, WITNESS_V0, TAPSCRIPT. */
function versionOf(v: number): Exclude<SigVersion, 'TAPROOT'> {
  return v === 0 ? 'BASE' : v === 1 ? 'WITNESS_V0' : 'TAPSCRIPT';
}

/** Core's CastToBool, said differently: some byte is non-zero, not counting the sign bit of the last one. */
function truth(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const bits = i === v.length - 1 ? (v[i] ?? 0) & 0x7f : (v[i] ?? 0);
    if (bits !== 0) return true;
  }
  return false;
}

/**
 * Whether `got` is exactly the byte strings `want`, element by element (loops without early
 * exits: the translator runs them in sequence, not nested).
 * @unwind 520
 */
function sameStack(got: readonly Uint8Array[], want: readonly Uint8Array[]): boolean {
  let same = got.length === want.length;
  for (let j = 0; j < want.length; j++) {
    const g = got[j] ?? new Uint8Array(0);
    const w = want[j] as Uint8Array;
    same = same && g.length === w.length;
    for (let i = 0; i < w.length; i++) same = same && g[i] === w[i];
  }
  return same;
}

export const ifElseEndif = proof('OP_IF/OP_NOTIF ... OP_ELSE ... OP_ENDIF runs one branch, with MINIMALIF in witness v0 and tapscript', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For the scripts 63 51 67 52 68 (OP_IF OP_1 OP_ELSE OP_2 OP_ENDIF) and 64 51 67 52 68 (OP_NOTIF ...; one case each), every condition element v of 0 to 2 bytes, every signature version (BASE, WITNESS_V0, TAPSCRIPT) and every flags value below 2^21: in TAPSCRIPT a v other than empty or 01 fails with TAPSCRIPT_MINIMALIF; in WITNESS_V0 under SCRIPT_VERIFY_MINIMALIF (1 << 13) it fails with MINIMALIF; otherwise v is consumed and the stack is [01] when CastToBool(v) (any non-zero byte except a lone sign bit in the last) differs from "NOTIF", [02] when not. With an empty stack the result is UNBALANCED_CONDITIONAL.',
  inputs: { k: int(0, 1), v: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  split: 'k',
  ensures: ({ k, v, n, version, flags }) => {
    const arg = (v as Uint8Array).subarray(0, n);
    const notif = k === 1;
    const script = Uint8Array.of(notif ? OP_NOTIF : OP_IF, OP_1, OP_ELSE, OP_2, OP_ENDIF);
    const sv = versionOf(version);
    const r = evalScript([arg], script, flags, checkerAnswering(false), sv);
    const minimal = n === 0 || (n === 1 && arg[0] === 1);
    const empty = evalScript([], script, flags, checkerAnswering(false), sv);
    if (empty.ok || empty.error !== 'UNBALANCED_CONDITIONAL') return false;
    if (version === 2 && !minimal) return !r.ok && r.error === 'TAPSCRIPT_MINIMALIF';
    if (version === 1 && (flags & MINIMALIF) !== 0 && !minimal) return !r.ok && r.error === 'MINIMALIF';
    return r.ok && sameStack(r.value, [Uint8Array.of(truth(arg) !== notif ? 1 : 2)]);
  },
  covers: {
    'negative zero takes the OP_ELSE branch of OP_IF': ({ k, v, n, version }) => k === 0 && n === 1 && v[0] === 0x80 && version === 0,
    'a two-byte true argument in witness v0 without MINIMALIF': ({ v, n, version, flags }) => n === 2 && v[0] === 0 && v[1] === 1 && version === 1 && (flags & MINIMALIF) === 0,
  },
});

export const elseToggles = proof('OP_ELSE toggles each time (Core\'s ConditionStack), and unexecuted branches neither pop nor return', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every stack element x of 0 to 2 bytes below, every signature version and every flags value below 2^21: 51 63 52 67 53 67 54 68 (OP_1 OP_IF OP_2 OP_ELSE OP_3 OP_ELSE OP_4 OP_ENDIF) leaves [x, 02, 04] (a second OP_ELSE switches back, as in Core); 00 63 63 6a 68 68 (OP_0 OP_IF OP_IF OP_RETURN OP_ENDIF OP_ENDIF) leaves [x] (the inner OP_IF is not executed: it reads no argument, and the OP_RETURN inside is skipped); 67, 68 and 63 alone (OP_ELSE, OP_ENDIF without OP_IF, OP_IF without OP_ENDIF after OP_1) fail with UNBALANCED_CONDITIONAL.',
  inputs: { x: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  ensures: ({ x, n, version, flags }) => {
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const toggled = evalScript([below], Uint8Array.of(OP_1, OP_IF, OP_2, OP_ELSE, OP_3, OP_ELSE, OP_4, OP_ENDIF), flags, c, sv);
    const skipped = evalScript([below], Uint8Array.of(OP_0, OP_IF, OP_IF, OP_RETURN, OP_ENDIF, OP_ENDIF), flags, c, sv);
    const lonelyElse = evalScript([below], Uint8Array.of(OP_ELSE), flags, c, sv);
    const lonelyEndif = evalScript([below], Uint8Array.of(OP_ENDIF), flags, c, sv);
    const open = evalScript([below], Uint8Array.of(OP_1, OP_IF), flags, c, sv);
    return (
      toggled.ok &&
      sameStack(toggled.value, [below, Uint8Array.of(2), Uint8Array.of(4)]) &&
      skipped.ok &&
      sameStack(skipped.value, [below]) &&
      !lonelyElse.ok &&
      lonelyElse.error === 'UNBALANCED_CONDITIONAL' &&
      !lonelyEndif.ok &&
      lonelyEndif.error === 'UNBALANCED_CONDITIONAL' &&
      !open.ok &&
      open.error === 'UNBALANCED_CONDITIONAL'
    );
  },
});

export const pushSizeLimit = proof('a push of 520 bytes is allowed and one of 521 fails with PUSH_SIZE, even unexecuted', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every 521 data bytes d, every signature version and every flags value below 2^21 without MINIMALDATA: 4d 08 02 ‖ d[0..520) (OP_PUSHDATA2 of 520 bytes) leaves [d[0..520)]; 4d 09 02 ‖ d (521 bytes, one over MAX_SCRIPT_ELEMENT_SIZE) fails with PUSH_SIZE, and so does 00 63 4d 09 02 ‖ d 68 (inside an unexecuted OP_IF).',
  inputs: { d: bytes(521), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  requires: ({ flags }) => (flags & MINIMALDATA) === 0,
  ensures: ({ d, version, flags }) => {
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const data = d as Uint8Array;
    const fits = concatBytes(Uint8Array.of(OP_PUSHDATA2, 0x08, 0x02), data.subarray(0, 520));
    const over = concatBytes(Uint8Array.of(OP_PUSHDATA2, 0x09, 0x02), data);
    const hidden = concatBytes(Uint8Array.of(OP_0, OP_IF), over, Uint8Array.of(OP_ENDIF));
    const ok520 = evalScript([], fits, flags, c, sv);
    const no521 = evalScript([], over, flags, c, sv);
    const noHidden = evalScript([], hidden, flags, c, sv);
    return ok520.ok && sameStack(ok520.value, [data.subarray(0, 520)]) && !no521.ok && no521.error === 'PUSH_SIZE' && !noHidden.ok && noHidden.error === 'PUSH_SIZE';
  },
});

export const opCountLimit = proof('201 counted opcodes are allowed in BASE and WITNESS_V0 and the 202nd fails with OP_COUNT; tapscript has no such limit', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every signature version and every flags value below 2^21 without DISCOURAGE_UPGRADABLE_NOPS, and any element x of 0 to 2 bytes on the stack: 201 OP_NOPs (61) followed by OP_1 (51, a push: not counted) leave [x, 01]; 202 OP_NOPs fail with OP_COUNT in BASE and WITNESS_V0 and leave [x] in TAPSCRIPT.',
  inputs: { x: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  requires: ({ flags }) => (flags & (1 << 7)) === 0,
  ensures: ({ x, n, version, flags }) => {
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const at201 = new Uint8Array(202);
    for (let i = 0; i < 201; i++) at201[i] = OP_NOP;
    at201[201] = OP_1;
    const at202 = new Uint8Array(202);
    for (let i = 0; i < 202; i++) at202[i] = OP_NOP;
    const r201 = evalScript([below], at201, flags, c, sv);
    const r202 = evalScript([below], at202, flags, c, sv);
    const counted202 = version === 2 ? r202.ok && sameStack(r202.value, [below]) : !r202.ok && r202.error === 'OP_COUNT';
    return r201.ok && sameStack(r201.value, [below, Uint8Array.of(1)]) && counted202;
  },
  unwind: 210,
});

export const stackSizeLimit = proof('the stack and altstack together may hold 1,000 elements; the 1,001st fails with STACK_SIZE', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For a stack of 999 empty elements, every signature version and every flags value below 2^21: 51 (OP_1) leaves 1,000 elements, its top 01; 51 51 fails with STACK_SIZE; 51 6b 51 (OP_1 OP_TOALTSTACK OP_1: 1,000 on the stack and 1 on the altstack) fails with STACK_SIZE too (Core counts both).',
  inputs: { s: tuple(999, bytes(0)), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  ensures: ({ s, version, flags }) => {
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const one = evalScript(s, Uint8Array.of(OP_1), flags, c, sv);
    const two = evalScript(s, Uint8Array.of(OP_1, OP_1), flags, c, sv);
    const alt = evalScript(s, Uint8Array.of(OP_1, OP_TOALTSTACK, OP_1), flags, c, sv);
    const top = one.ok ? one.value[999] : undefined;
    return one.ok && one.value.length === 1000 && top !== undefined && top.length === 1 && top[0] === 1 && !two.ok && two.error === 'STACK_SIZE' && !alt.ok && alt.error === 'STACK_SIZE';
  },
});

export const multisigDummy = proof('OP_CHECKMULTISIG consumes one extra element, which NULLDUMMY wants empty', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For the script ae (OP_CHECKMULTISIG) in BASE and WITNESS_V0, every dummy element of 0 to 2 bytes, one key k of 0 to 2 bytes, and every flags value below 2^21 without MINIMALDATA: the stack [dummy, empty (0 signatures), k, 01 (1 key)] leaves [01] (no signature to check), except that under NULLDUMMY (1 << 4) a non-empty dummy fails with SIG_NULLDUMMY; [empty, k, 01] without the dummy fails with INVALID_STACK_OPERATION; a key count of 21 (the element 15) fails with PUBKEY_COUNT. In TAPSCRIPT the result is TAPSCRIPT_CHECKMULTISIG.',
  inputs: { dummy: bytes(2), n: int(0, 2), key: bytes(2), m: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1), valid: bool() },
  requires: ({ flags }) => (flags & MINIMALDATA) === 0,
  ensures: ({ dummy, n, key, m, version, flags, valid }) => {
    const d = (dummy as Uint8Array).subarray(0, n);
    const k = (key as Uint8Array).subarray(0, m);
    const sv = versionOf(version);
    const c = checkerAnswering(valid);
    const script = Uint8Array.of(OP_CHECKMULTISIG);
    const full = evalScript([d, new Uint8Array(0), k, Uint8Array.of(1)], script, flags, c, sv);
    const short = evalScript([new Uint8Array(0), k, Uint8Array.of(1)], script, flags, c, sv);
    const tooMany = evalScript([d, new Uint8Array(0), k, Uint8Array.of(21)], script, flags, c, sv);
    if (version === 2) return !full.ok && full.error === 'TAPSCRIPT_CHECKMULTISIG';
    const fullOk = (flags & NULLDUMMY) !== 0 && n > 0 ? !full.ok && full.error === 'SIG_NULLDUMMY' : full.ok && sameStack(full.value, [Uint8Array.of(1)]);
    return fullOk && !short.ok && short.error === 'INVALID_STACK_OPERATION' && !tooMany.ok && tooMany.error === 'PUBKEY_COUNT';
  },
});
