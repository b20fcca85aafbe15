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
import { err, ok } from '../kernel/result.js';
import type { SignatureChecker, SigVersion } from '../kernel/script/checker.js';
import { evalScript } from '../kernel/script/interpreter.js';
import { checkerAnswering, checkerWith } from './script-domains.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { hash160, ripemd160, sha1, sha256, sha256d } from '../kernel/crypto/hashes.js';

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

export const scriptSizeLimit = proof('a script of 10,000 bytes runs and one of 10,001 fails with SCRIPT_SIZE in BASE and WITNESS_V0; tapscript has no such limit', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every signature version and every flags value below 2^21, and any element x of 0 to 2 bytes on the stack: a script of OP_RETURN (6a) and 9,999 zero bytes (10,000 bytes, MAX_SCRIPT_SIZE written out) fails with OP_RETURN, its first opcode; OP_RETURN and 10,000 zero bytes (10,001 bytes) fail with SCRIPT_SIZE in BASE and WITNESS_V0, before any opcode runs, and with OP_RETURN in TAPSCRIPT (BIP342 drops the size limit).',
  inputs: { x: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  ensures: ({ x, n, version, flags }) => {
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const fits = new Uint8Array(10000);
    fits[0] = OP_RETURN;
    const over = new Uint8Array(10001);
    over[0] = OP_RETURN;
    const r10000 = evalScript([below], fits, flags, c, sv);
    const r10001 = evalScript([below], over, flags, c, sv);
    return !r10000.ok && r10000.error === 'OP_RETURN' && !r10001.ok && r10001.error === (version === 2 ? 'OP_RETURN' : 'SCRIPT_SIZE');
  },
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

/** Core's disabled opcodes (CVE-2010-5137): OP_CAT 7e .. OP_RIGHT 81, OP_INVERT 83 .. OP_XOR 86, OP_2MUL 8d, OP_2DIV 8e, OP_MUL 95 .. OP_RSHIFT 99. */
const DISABLED = [0x7e, 0x7f, 0x80, 0x81, 0x83, 0x84, 0x85, 0x86, 0x8d, 0x8e, 0x95, 0x96, 0x97, 0x98, 0x99] as const;

export const disabledOpcodes = proof('the 15 disabled opcodes fail with DISABLED_OPCODE, even in an unexecuted branch', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For each of OP_CAT 7e, OP_SUBSTR 7f, OP_LEFT 80, OP_RIGHT 81, OP_INVERT 83, OP_AND 84, OP_OR 85, OP_XOR 86, OP_2MUL 8d, OP_2DIV 8e, OP_MUL 95, OP_DIV 96, OP_MOD 97, OP_LSHIFT 98, OP_RSHIFT 99 (one case each), every stack element x of 0 to 2 bytes, every signature version and every flags value below 2^21: the script 00 63 <op> 68 (the opcode inside an OP_IF that is not executed) fails with DISABLED_OPCODE, and so does <op> alone on [x].',
  inputs: { k: int(0, 14), x: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  split: 'k',
  ensures: ({ k, x, n, version, flags }) => {
    const opcode = DISABLED[k] as number;
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const hidden = evalScript([below], Uint8Array.of(OP_0, OP_IF, opcode, OP_ENDIF), flags, c, sv);
    const alone = evalScript([below], Uint8Array.of(opcode), flags, c, sv);
    return !hidden.ok && hidden.error === 'DISABLED_OPCODE' && !alone.ok && alone.error === 'DISABLED_OPCODE';
  },
});

export const opcodeRanges = proof('the push, small-number and flow-control opcode ranges end where Core\'s do', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every signature version and every flags value below 2^21 without MINIMALDATA: 4e 00 00 00 00 (OP_PUSHDATA4, the last push opcode, of 0 bytes) leaves [empty]; 4f (OP_1NEGATE, the first after the pushes) leaves [81]; 60 (OP_16, the last small number, not counted towards the 201) leaves [10] after 201 OP_NOPs in BASE; 00 63 62 69 68 (OP_VER, just below OP_IF, and OP_VERIFY, just above OP_ENDIF, inside an unexecuted OP_IF) leaves an empty stack: they are skipped, not run.',
  inputs: { version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  requires: ({ flags }) => (flags & MINIMALDATA) === 0 && (flags & (1 << 7)) === 0,
  ensures: ({ version, flags }) => {
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const pushdata4 = evalScript([], Uint8Array.of(0x4e, 0, 0, 0, 0), flags, c, sv);
    const negate = evalScript([], Uint8Array.of(0x4f), flags, c, sv);
    const nops = new Uint8Array(202);
    for (let i = 0; i < 201; i++) nops[i] = OP_NOP;
    nops[201] = 0x60;
    const sixteen = evalScript([], nops, flags, c, 'BASE');
    const skipped = evalScript([], Uint8Array.of(OP_0, OP_IF, 0x62, 0x69, OP_ENDIF), flags, c, sv);
    return (
      pushdata4.ok &&
      sameStack(pushdata4.value, [new Uint8Array(0)]) &&
      negate.ok &&
      sameStack(negate.value, [Uint8Array.of(0x81)]) &&
      sixteen.ok &&
      sameStack(sixteen.value, [Uint8Array.of(0x10)]) &&
      skipped.ok &&
      skipped.value.length === 0
    );
  },
  unwind: 210,
});

/**
 * Opcodes that need elements on the stack, with the depth Core checks first: [opcode, depth,
 * flags it needs, signature version]. OP_CHECKLOCKTIMEVERIFY b1 and OP_CHECKSEQUENCEVERIFY b2
 * under their flags (1 << 9, 1 << 10), OP_VERIFY 69, OP_TOALTSTACK 6b, OP_IFDUP 73, OP_EQUAL 87,
 * OP_EQUALVERIFY 88, OP_1ADD 8b, OP_ADD 93, OP_NUMEQUALVERIFY 9d, OP_WITHIN a5, OP_RIPEMD160 a6,
 * OP_SHA1 a7, OP_SHA256 a8, OP_HASH160 a9, OP_HASH256 aa, OP_CHECKSIG ac, OP_CHECKSIGVERIFY ad, and
 * OP_CHECKSIGADD ba in tapscript.
 */
const DEPTHS: readonly (readonly [number, number, number, number])[] = [
  [0xb1, 1, 1 << 9, 0],
  [0xb2, 1, 1 << 10, 0],
  [0x69, 1, 0, 0],
  [0x6b, 1, 0, 0],
  [0x73, 1, 0, 0],
  [0x87, 2, 0, 0],
  [0x88, 2, 0, 0],
  [0x8b, 1, 0, 0],
  [0x93, 2, 0, 0],
  [0x9d, 2, 0, 0],
  [0xa5, 3, 0, 0],
  [0xa6, 1, 0, 0],
  [0xa7, 1, 0, 0],
  [0xa8, 1, 0, 0],
  [0xa9, 1, 0, 0],
  [0xaa, 1, 0, 0],
  [0xac, 2, 0, 0],
  [0xad, 2, 0, 0],
  [0xba, 3, 0, 2],
];

export const stackDepths = proof('each opcode fails with INVALID_STACK_OPERATION one element short of what it reads, and not with enough', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For OP_CHECKLOCKTIMEVERIFY b1 and OP_CHECKSEQUENCEVERIFY b2 (under 1 << 9 and 1 << 10; 1 element), OP_VERIFY 69, OP_TOALTSTACK 6b, OP_IFDUP 73 (1), OP_EQUAL 87, OP_EQUALVERIFY 88 (2), OP_1ADD 8b (1), OP_ADD 93, OP_NUMEQUALVERIFY 9d (2), OP_WITHIN a5 (3), OP_RIPEMD160 a6, OP_SHA1 a7, OP_SHA256 a8, OP_HASH160 a9, OP_HASH256 aa (1), OP_CHECKSIG ac, OP_CHECKSIGVERIFY ad (2) in BASE and OP_CHECKSIGADD ba (3) in TAPSCRIPT, one case each, with elements of one byte each: one element fewer than it reads fails with INVALID_STACK_OPERATION; with as many as it reads the error, if any, is another. OP_FROMALTSTACK 6c with an empty altstack fails with INVALID_ALTSTACK_OPERATION, and 6b 6c (OP_TOALTSTACK OP_FROMALTSTACK) gives the element back.',
  inputs: { k: int(0, 18), els: tuple(3, bytes(1)) },
  split: 'k',
  ensures: ({ k, els }) => {
    const [opcode, depth, flags, version] = DEPTHS[k] as readonly [number, number, number, number];
    const items = els as Uint8Array[];
    const c = checkerAnswering(false);
    const sv = versionOf(version);
    const short = evalScript(items.slice(0, depth - 1), Uint8Array.of(opcode), flags, c, sv);
    const enough = evalScript(items.slice(0, depth), Uint8Array.of(opcode), flags, c, sv);
    const alt = evalScript(items.slice(0, 1), Uint8Array.of(0x6c), 0, c, 'BASE');
    const back = evalScript(items.slice(0, 1), Uint8Array.of(OP_TOALTSTACK, 0x6c), 0, c, 'BASE');
    return (
      !short.ok &&
      short.error === 'INVALID_STACK_OPERATION' &&
      (enough.ok || enough.error !== 'INVALID_STACK_OPERATION') &&
      !alt.ok &&
      alt.error === 'INVALID_ALTSTACK_OPERATION' &&
      back.ok &&
      sameStack(back.value, items.slice(0, 1))
    );
  },
});

const OP_CHECKSIG = 0xac;
const OP_CHECKSIGVERIFY = 0xad;
/** interpreter.h: STRICTENC, DERSIG, LOW_S, NULLFAIL, WITNESS_PUBKEYTYPE, DISCOURAGE_UPGRADABLE_PUBKEYTYPE. */
const ENCODING_FLAGS = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 15);
const NULLFAIL = 1 << 14;
const DISCOURAGE_UPGRADABLE_PUBKEYTYPE = 1 << 20;

/** Whether two byte strings are equal (a loop without early exits). @unwind 33 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let same = a.length === b.length;
  for (let i = 0; i < b.length; i++) same = same && a[i] === b[i];
  return same;
}

/**
 * A checker whose ECDSA check answers `valid` only when it is asked about exactly `sig`, `pubkey`,
 * the one-byte script code `code` and `version` (false for anything else), so the proof sees what the
 * interpreter hands it.
 */
function ecdsaCheckerExpecting(valid: boolean, sig: Uint8Array, pubkey: Uint8Array, code: number, version: 'BASE' | 'WITNESS_V0'): SignatureChecker {
  return checkerWith({
    checkEcdsaSignature: (s: Uint8Array, p: Uint8Array, c: Uint8Array, v: 'BASE' | 'WITNESS_V0') => valid && sameBytes(s, sig) && sameBytes(p, pubkey) && c.length === 1 && c[0] === code && v === version,
  });
}

export const checksigEcdsa = proof('OP_CHECKSIG and OP_CHECKSIGVERIFY hand the checker the signature, the key and the script code, push its answer, and NULLFAIL refuses a failed non-empty signature', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For the scripts ac (OP_CHECKSIG) and ad (OP_CHECKSIGVERIFY; one case each), in BASE and WITNESS_V0, on the stack [sig, key] with sig and key of 0 to 2 bytes, every flags value below 2^21 without the encoding flags STRICTENC, DERSIG, LOW_S and WITNESS_PUBKEYTYPE (proved in signature-encoding.proof.ts), and a checker that says valid or not when asked about exactly (sig, key, the script itself as script code, the signature version) and not valid otherwise: when not valid, under NULLFAIL (1 << 14) with a non-empty sig the result is SIG_NULLFAIL; otherwise OP_CHECKSIG leaves [01] when valid and [empty] when not; OP_CHECKSIGVERIFY leaves [] when valid and fails with CHECKSIGVERIFY when not.',
  inputs: { k: int(0, 1), sig: bytes(2), sn: int(0, 2), key: bytes(2), kn: int(0, 2), version: int(0, 1), flags: int(0, 2 ** 21 - 1), valid: bool() },
  split: 'k',
  requires: ({ flags }) => (flags & ENCODING_FLAGS) === 0,
  ensures: ({ k, sig, sn, key, kn, version, flags, valid }) => {
    const s = (sig as Uint8Array).subarray(0, sn);
    const p = (key as Uint8Array).subarray(0, kn);
    const sv = version === 0 ? 'BASE' : 'WITNESS_V0';
    const opcode = k === 0 ? OP_CHECKSIG : OP_CHECKSIGVERIFY;
    const r = evalScript([s, p], Uint8Array.of(opcode), flags, ecdsaCheckerExpecting(valid, s, p, opcode, sv), sv);
    if (!valid && (flags & NULLFAIL) !== 0 && sn > 0) return !r.ok && r.error === 'SIG_NULLFAIL';
    if (k === 1) return valid ? r.ok && r.value.length === 0 : !r.ok && r.error === 'CHECKSIGVERIFY';
    return r.ok && sameStack(r.value, [valid ? Uint8Array.of(1) : new Uint8Array(0)]);
  },
  covers: {
    'a failed empty signature under NULLFAIL pushes false': ({ k, sn, flags, valid }) => k === 0 && sn === 0 && !valid && (flags & NULLFAIL) !== 0,
  },
});

/** What BIP342's signature-opcode rules make of one OP_CHECKSIG in tapscript: an error, or the element pushed and the weight left. */
function bip342Checksig(sigLength: number, keyLength: number, answer: number, flags: number, weight: number): { ok: false; error: string } | { ok: true; push: number; weight: number } {
  // A non-empty signature costs 50 of the budget (VALIDATION_WEIGHT_PER_SIGOP_PASSED), checked first.
  const left = sigLength > 0 ? weight - 50 : weight;
  if (left < 0) return { ok: false, error: 'TAPSCRIPT_VALIDATION_WEIGHT' };
  if (keyLength === 0) return { ok: false, error: 'TAPSCRIPT_EMPTY_PUBKEY' };
  if (keyLength === 32 && sigLength > 0 && answer !== 0) return { ok: false, error: answer === 1 ? 'SCHNORR_SIG' : 'SCHNORR_SIG_SIZE' };
  if (keyLength !== 32 && (flags & DISCOURAGE_UPGRADABLE_PUBKEYTYPE) !== 0) return { ok: false, error: 'DISCOURAGE_UPGRADABLE_PUBKEYTYPE' };
  // The element pushed: 01 for a non-empty signature, empty for an empty one (pushLength 1 or 0).
  return { ok: true, push: sigLength > 0 ? 1 : 0, weight: left };
}

/** Whether `stack` is the one element BIP342 pushes: 01 (`push` 1) or empty (`push` 0). */
function isPushed(stack: readonly Uint8Array[], push: number): boolean {
  const top = stack[0];
  return stack.length === 1 && top !== undefined && (push === 1 ? top.length === 1 && top[0] === 1 : top.length === 0);
}

/** A checker whose Schnorr check answers ok (0), SCHNORR_SIG (1) or SCHNORR_SIG_SIZE (2) when asked about `sig`, `pubkey` in TAPSCRIPT with `leaf` and no OP_CODESEPARATOR executed; SCHNORR_SIG otherwise. */
function schnorrCheckerAnswering(answer: number, sig: Uint8Array, pubkey: Uint8Array, leaf: Uint8Array): SignatureChecker {
  return checkerWith({
    checkSchnorrSignature: (s: Uint8Array, p: Uint8Array, v: 'TAPROOT' | 'TAPSCRIPT', data: { tapleafHash: Uint8Array | undefined; codeseparatorPos: number }) => {
      const asked = sameBytes(s, sig) && sameBytes(p, pubkey) && v === 'TAPSCRIPT' && data.tapleafHash !== undefined && sameBytes(data.tapleafHash, leaf) && data.codeseparatorPos === 0xffffffff;
      if (!asked || answer === 1) return err('SCHNORR_SIG');
      return answer === 0 ? ok(undefined) : err('SCHNORR_SIG_SIZE');
    },
  });
}

export const checksigTapscript = proof('OP_CHECKSIG in tapscript: the 50-unit budget per non-empty signature, empty and unknown key types, and the checker\'s errors (BIP342)', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'In TAPSCRIPT with a validation weight budget w of 0..120 and every flags value below 2^21, for a signature of 0 or 2 bytes (standing for any non-empty one), a key of 0 to 33 bytes, and a checker answering ok, SCHNORR_SIG or SCHNORR_SIG_SIZE when asked about exactly that signature and key in TAPSCRIPT with the leaf hash given and no OP_CODESEPARATOR executed: ac (OP_CHECKSIG) on [sig, key], and ac 6b ac (OP_CHECKSIG OP_TOALTSTACK OP_CHECKSIG) on [sig, key, sig, key], give what BIP342 says, step by step: a non-empty signature takes 50 from the budget and fails with TAPSCRIPT_VALIDATION_WEIGHT when it goes below 0; then an empty key fails with TAPSCRIPT_EMPTY_PUBKEY; a 32-byte key with a non-empty signature gives the checker\'s error; another key size fails with DISCOURAGE_UPGRADABLE_PUBKEYTYPE under that flag (1 << 20) and otherwise succeeds; the element pushed is 01 for a non-empty signature and empty for an empty one.',
  inputs: { k: int(0, 1), sig: bytes(2), sn: int(0, 2), key: bytes(33), kn: int(0, 33), answer: int(0, 2), weight: int(0, 120), leaf: bytes(32), flags: int(0, 2 ** 21 - 1) },
  split: 'k',
  requires: ({ sn }) => sn !== 1,
  ensures: ({ k, sig, sn, key, kn, answer, weight, leaf, flags }) => {
    const s = (sig as Uint8Array).subarray(0, sn);
    const p = (key as Uint8Array).subarray(0, kn);
    const c = schnorrCheckerAnswering(answer, s, p, leaf);
    const context = { tapleafHash: leaf, annexHash: undefined, validationWeight: weight };
    const first = bip342Checksig(sn, kn, answer, flags, weight);
    if (k === 0) {
      const r = evalScript([s, p], Uint8Array.of(OP_CHECKSIG), flags, c, 'TAPSCRIPT', context);
      return first.ok ? r.ok && isPushed(r.value, first.push) : !r.ok && r.error === first.error;
    }
    const r = evalScript([s, p, s, p], Uint8Array.of(OP_CHECKSIG, OP_TOALTSTACK, OP_CHECKSIG), flags, c, 'TAPSCRIPT', context);
    if (!first.ok) return !r.ok && r.error === first.error;
    const second = bip342Checksig(sn, kn, answer, flags, first.weight);
    return second.ok ? r.ok && isPushed(r.value, second.push) : !r.ok && r.error === second.error;
  },
  covers: {
    'two valid signatures on a budget of exactly 100 leave [01]': ({ k, sig, sn, key, kn, answer, weight, leaf, flags }) => {
      const s = (sig as Uint8Array).subarray(0, sn);
      const p = (key as Uint8Array).subarray(0, kn);
      const r = evalScript([s, p, s, p], Uint8Array.of(OP_CHECKSIG, OP_TOALTSTACK, OP_CHECKSIG), flags, schnorrCheckerAnswering(answer, s, p, leaf), 'TAPSCRIPT', { tapleafHash: leaf, annexHash: undefined, validationWeight: weight });
      return k === 1 && sn === 2 && kn === 32 && weight === 100 && r.ok;
    },
    'the second of two valid signatures over a budget of 99 fails': ({ k, sig, sn, key, kn, answer, weight, leaf, flags }) => {
      const s = (sig as Uint8Array).subarray(0, sn);
      const p = (key as Uint8Array).subarray(0, kn);
      const r = evalScript([s, p, s, p], Uint8Array.of(OP_CHECKSIG, OP_TOALTSTACK, OP_CHECKSIG), flags, schnorrCheckerAnswering(answer, s, p, leaf), 'TAPSCRIPT', { tapleafHash: leaf, annexHash: undefined, validationWeight: weight });
      return k === 1 && sn === 2 && kn === 32 && answer === 0 && weight === 99 && !r.ok && r.error === 'TAPSCRIPT_VALIDATION_WEIGHT';
    },
  },
});

const OP_CHECKLOCKTIMEVERIFY = 0xb1;
const OP_CHECKSEQUENCEVERIFY = 0xb2;
/** interpreter.h: SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY (BIP65), SCRIPT_VERIFY_CHECKSEQUENCEVERIFY (BIP112). */
const CHECKLOCKTIMEVERIFY = 1 << 9;
const CHECKSEQUENCEVERIFY = 1 << 10;

/**
 * CScriptNum's value of the `n` bytes of `x` in its own words: little-endian magnitude, the top
 * bit of the last byte the sign. @unwind 5
 */
function scriptNumValue(x: Uint8Array, n: number): number {
  let magnitude = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    const b = i < n ? (x[i] ?? 0) : 0;
    magnitude += (i === n - 1 ? b % 128 : b) * scale;
    scale *= 256;
  }
  return n > 0 && (x[n - 1] ?? 0) >= 128 ? -magnitude : magnitude;
}

/** CScriptNum's minimal encoding: empty, or a last byte other than 0x00/0x80 unless the byte before it has its top bit set. */
function isMinimalNum(x: Uint8Array, n: number): boolean {
  if (n === 0) return true;
  const last = (x[n - 1] ?? 0) % 128;
  return last !== 0 || (n > 1 && (x[n - 2] ?? 0) >= 128);
}

/** A checker whose lock-time checks answer `answer` when asked about exactly `value` (false otherwise). */
function lockCheckerAnswering(answer: boolean, value: number): SignatureChecker {
  return checkerWith({ checkLockTime: (v: bigint) => answer && v === BigInt(value), checkSequence: (v: bigint) => answer && v === BigInt(value) });
}

export const lockTimeOpcodes = proof('OP_CHECKLOCKTIMEVERIFY and OP_CHECKSEQUENCEVERIFY read a 5-byte number, refuse negative ones, ask the checker and leave the stack as it was (BIP65, BIP112)', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For b1 (OP_CHECKLOCKTIMEVERIFY) and b2 (OP_CHECKSEQUENCEVERIFY; one case each) on the stack [x] with x of 0 to 5 bytes, every signature version, every flags value below 2^21 and a checker answering yes or no when asked about exactly x\'s CScriptNum value (no otherwise): without the opcode\'s flag (1 << 9, 1 << 10) it is a NOP and leaves [x] (no DISCOURAGE_UPGRADABLE_NOPS); with it, under MINIMALDATA a non-minimal x fails (UNKNOWN_ERROR, Core\'s caught scriptnum_error), a negative value fails with NEGATIVE_LOCKTIME, for b2 a value with bit 31 (2^31) set leaves [x] unasked (BIP112\'s disable flag), and otherwise the checker\'s no fails with UNSATISFIED_LOCKTIME and its yes leaves [x] (the operand is not popped). On an empty stack with the flag: INVALID_STACK_OPERATION.',
  // One case per opcode and length: kn = 6 * k + n.
  inputs: { kn: int(0, 11), x: bytes(5), version: int(0, 2), flags: int(0, 2 ** 21 - 1), answer: bool() },
  split: 'kn',
  ensures: ({ kn, x, version, flags, answer }) => {
    const k = kn < 6 ? 0 : 1;
    const n = kn % 6;
    const arg = (x as Uint8Array).subarray(0, n);
    const value = scriptNumValue(arg, n);
    const sv = versionOf(version);
    const script = Uint8Array.of(k === 0 ? OP_CHECKLOCKTIMEVERIFY : OP_CHECKSEQUENCEVERIFY);
    const r = evalScript([arg], script, flags, lockCheckerAnswering(answer, value), sv);
    const empty = evalScript([], script, flags, lockCheckerAnswering(answer, value), sv);
    const unchanged = r.ok && sameStack(r.value, [arg]);
    if ((flags & (k === 0 ? CHECKLOCKTIMEVERIFY : CHECKSEQUENCEVERIFY)) === 0) return unchanged && empty.ok && empty.value.length === 0;
    if (empty.ok || empty.error !== 'INVALID_STACK_OPERATION') return false;
    if ((flags & MINIMALDATA) !== 0 && !isMinimalNum(arg, n)) return !r.ok && r.error === 'UNKNOWN_ERROR';
    if (value < 0) return !r.ok && r.error === 'NEGATIVE_LOCKTIME';
    if (k === 1 && Math.floor(value / 2147483648) % 2 === 1) return unchanged;
    return answer ? unchanged : !r.ok && r.error === 'UNSATISFIED_LOCKTIME';
  },
  covers: {
    'CSV with the disable bit: 5 bytes 00 00 00 80 00': ({ kn, x, flags }) => kn === 11 && x[3] === 0x80 && x[4] === 0 && (flags & CHECKSEQUENCEVERIFY) !== 0,
    'negative zero under MINIMALDATA': ({ kn, x, flags }) => kn % 6 === 1 && x[0] === 0x80 && (flags & (CHECKLOCKTIMEVERIFY | CHECKSEQUENCEVERIFY | MINIMALDATA)) === (CHECKLOCKTIMEVERIFY | CHECKSEQUENCEVERIFY | MINIMALDATA),
  },
});

/** A 1-byte script number, Core's CScriptNum said directly: the low 7 bits are the magnitude, bit 7 the sign. */
function oneByteNumber(e: Uint8Array): number {
  const b = e[0] ?? 0;
  return b >= 0x80 ? -(b - 0x80) : b;
}

/** Core's CScriptNum::serialize of r in [-254, 254], said directly: empty for 0; the magnitude, with a sign byte after it when its top bit is taken. */
function serializedSmall(r: number): Uint8Array {
  const m = r < 0 ? -r : r;
  if (m === 0) return new Uint8Array(0);
  if (m >= 0x80) return Uint8Array.of(m, r < 0 ? 0x80 : 0);
  return Uint8Array.of(r < 0 ? m + 0x80 : m);
}

export const addSubThroughLoop = proof('OP_ADD and OP_SUB through the opcode loop: the two top elements, in order, and the serialized result in their place', {
  fn: evalScript,
  spec: '§3.10',
  split: 'sub',
  statement:
    'For any two 1-byte elements a (second from the top) and b (the top), read as script numbers (low 7 bits the magnitude, bit 7 the sign, 0x80 negative zero), in BASE with no flags, one case per opcode: the script 93 (OP_ADD) leaves exactly one element, a + b serialized as Core\'s CScriptNum (empty for 0, else the magnitude little-endian with the sign in bit 7 of the last byte, a 00 or 80 byte appended when the magnitude\'s top bit is set), and 94 (OP_SUB) a - b. The opcode semantics on 4-byte operands are proved in proofs/numeric-ops.proof.ts; this pins that the loop pops the two top elements, in that order, and pushes the result.',
  inputs: { a: bytes(1), b: bytes(1), sub: int(0, 1) },
  ensures: ({ a, b, sub }) => {
    const r = evalScript([a, b], Uint8Array.of(0x93 + sub), 0, checkerAnswering(false), 'BASE');
    const x = oneByteNumber(a);
    const y = oneByteNumber(b);
    return r.ok && sameStack(r.value, [serializedSmall(sub === 1 ? x - y : x + y)]);
  },
  covers: {
    '127 + 1 needs a sign byte (80 00)': ({ a, b, sub }) => sub === 0 && a[0] === 0x7f && b[0] === 0x01,
    '-1 - (-1) is empty': ({ a, b, sub }) => sub === 1 && a[0] === 0x81 && b[0] === 0x81,
  },
});

/** script.h: OP_1ADD, OP_1SUB, OP_NEGATE, OP_ABS, OP_NOT, OP_0NOTEQUAL, by case 0..5. */
const UNARY_OPCODES = [0x8b, 0x8c, 0x8f, 0x90, 0x91, 0x92];

/** Core's results of the six unary opcodes on x (script.h's order above), said directly. */
function unaryResult(k: number, x: number): number {
  if (k === 0) return x + 1;
  if (k === 1) return x - 1;
  if (k === 2) return -x;
  if (k === 3) return x < 0 ? -x : x;
  if (k === 4) return x === 0 ? 1 : 0;
  return x === 0 ? 0 : 1;
}

export const unaryThroughLoop = proof('unary numeric opcodes through the opcode loop: the top element replaced by the serialized result, the one under it kept; a non-minimal operand under MINIMALDATA fails', {
  fn: evalScript,
  spec: '§3.10',
  split: 'k',
  statement:
    'For any 1-byte element u under any 1-byte element a (the top, read as a script number -127..127, 0x80 negative zero), in BASE, one case per opcode: with no flags the script 8b (OP_1ADD), 8c (OP_1SUB), 8f (OP_NEGATE), 90 (OP_ABS), 91 (OP_NOT) or 92 (OP_0NOTEQUAL) leaves exactly [u, r] with r Core\'s result (a + 1, a - 1, -a, |a|, a == 0, a != 0) serialized as CScriptNum; with MINIMALDATA a top element 00 or 80 (zero, not minimally encoded) fails UNKNOWN_ERROR (CScriptNum\'s scriptnum_error). The opcode semantics on 4-byte operands are proved in proofs/numeric-ops.proof.ts; this pins that the loop reads the top element, checks its encoding, pops it and pushes the result.',
  inputs: { u: bytes(1), a: bytes(1), k: int(0, 5) },
  ensures: ({ u, a, k }) => {
    const script = Uint8Array.of(UNARY_OPCODES[k] as number);
    const r = evalScript([u, a], script, 0, checkerAnswering(false), 'BASE');
    const strict = evalScript([u, a], script, MINIMALDATA, checkerAnswering(false), 'BASE');
    const nonMinimal = a[0] === 0x00 || a[0] === 0x80;
    const strictOk = nonMinimal ? !strict.ok && strict.error === 'UNKNOWN_ERROR' : strict.ok;
    return r.ok && sameStack(r.value, [u, serializedSmall(unaryResult(k, oneByteNumber(a)))]) && strictOk;
  },
  covers: {
    'OP_1ADD of 127 needs a sign byte (80 00)': ({ a, k }) => k === 0 && a[0] === 0x7f,
    'OP_NOT of negative zero is 1': ({ a, k }) => k === 4 && a[0] === 0x80,
  },
});

/** interpreter.h: SCRIPT_VERIFY_CONST_SCRIPTCODE. */
const CONST_SCRIPTCODE = 1 << 16;

/**
 * A checker whose ECDSA check answers true only when asked about exactly `sig`, `pubkey`, `version`
 * and the script code 75 `opcode` (`deleted`) or 02 d0 d1 75 `opcode`.
 */
function checkerExpectingCode(sig: Uint8Array, pubkey: Uint8Array, d: Uint8Array, deleted: boolean, version: 'BASE' | 'WITNESS_V0', opcode: number): SignatureChecker {
  return checkerWith({
    checkEcdsaSignature: (s: Uint8Array, p: Uint8Array, c: Uint8Array, v: 'BASE' | 'WITNESS_V0') => {
      const code = deleted ? c.length === 2 && c[0] === 0x75 && c[1] === opcode : c.length === 5 && c[0] === 0x02 && c[1] === d[0] && c[2] === d[1] && c[3] === 0x75 && c[4] === opcode;
      return code && sameBytes(s, sig) && sameBytes(p, pubkey) && v === version;
    },
  });
}

export const checksigFindAndDelete = proof('OP_CHECKSIG in legacy scripts signs a script code without pushes of the signature (FindAndDelete); witness v0 keeps them; CONST_SCRIPTCODE refuses them', {
  fn: evalScript,
  spec: '§3.10',
  split: 'version',
  statement:
    'For the script 02 d0 d1 75 ac (push the 2 bytes d, OP_DROP, OP_CHECKSIG) on the stack [sig, key] with sig, d and key of 2 bytes, in BASE and WITNESS_V0 (one case each), with no flags or CONST_SCRIPTCODE (1 << 16), and a checker that says valid only when asked about exactly (sig, key, the expected script code, the version): in BASE, when d = sig, Core\'s FindAndDelete removes the push 02 d0 d1 and the script code is 75 ac, and under CONST_SCRIPTCODE the script fails with SIG_FINDANDDELETE instead; when d differs the script code is the whole script; in WITNESS_V0 it is always the whole script (BIP143: no FindAndDelete). When not refused, the stack is [01].',
  inputs: { sig: bytes(2), d: bytes(2), key: bytes(2), version: int(0, 1), constScriptCode: bool() },
  ensures: ({ sig, d, key, version, constScriptCode }) => {
    const script = Uint8Array.of(0x02, d[0], d[1], 0x75, OP_CHECKSIG);
    const sv = version === 0 ? 'BASE' : 'WITNESS_V0';
    const deletes = version === 0 && sig[0] === d[0] && sig[1] === d[1];
    const r = evalScript([sig, key], script, constScriptCode ? CONST_SCRIPTCODE : 0, checkerExpectingCode(sig, key, d, deletes, sv, OP_CHECKSIG), sv);
    if (deletes && constScriptCode) return !r.ok && r.error === 'SIG_FINDANDDELETE';
    return r.ok && sameStack(r.value, [Uint8Array.of(1)]);
  },
  covers: {
    'the signature pushed in a legacy script is deleted': ({ sig, d, version, constScriptCode }) => version === 0 && !constScriptCode && sig[0] === d[0] && sig[1] === d[1],
    'the same push kept in witness v0': ({ sig, d, version }) => version === 1 && sig[0] === d[0] && sig[1] === d[1],
  },
});

export const checkmultisigFindAndDelete = proof('OP_CHECKMULTISIG in legacy scripts signs a script code without pushes of its signatures (FindAndDelete); witness v0 keeps them; CONST_SCRIPTCODE refuses them', {
  fn: evalScript,
  spec: '§3.10',
  split: 'version',
  statement:
    'For the script 02 d0 d1 75 ae (push the 2 bytes d, OP_DROP, OP_CHECKMULTISIG) on the stack [empty dummy, sig, 01, key, 01] (1 signature, 1 key) with sig, d and key of 2 bytes, in BASE and WITNESS_V0 (one case each), with no flags or CONST_SCRIPTCODE (1 << 16), and a checker that says valid only when asked about exactly (sig, key, the expected script code, the version): in BASE, when d = sig, FindAndDelete removes the push 02 d0 d1 and the script code is 75 ae, and under CONST_SCRIPTCODE the script fails with SIG_FINDANDDELETE instead; when d differs the script code is the whole script; in WITNESS_V0 it is always the whole script. When not refused, the stack is [01].',
  inputs: { sig: bytes(2), d: bytes(2), key: bytes(2), version: int(0, 1), constScriptCode: bool() },
  ensures: ({ sig, d, key, version, constScriptCode }) => {
    const script = Uint8Array.of(0x02, d[0], d[1], 0x75, OP_CHECKMULTISIG);
    const sv = version === 0 ? 'BASE' : 'WITNESS_V0';
    const deletes = version === 0 && sig[0] === d[0] && sig[1] === d[1];
    const stack = [new Uint8Array(0), sig, Uint8Array.of(1), key, Uint8Array.of(1)];
    const r = evalScript(stack, script, constScriptCode ? CONST_SCRIPTCODE : 0, checkerExpectingCode(sig, key, d, deletes, sv, OP_CHECKMULTISIG), sv);
    if (deletes && constScriptCode) return !r.ok && r.error === 'SIG_FINDANDDELETE';
    return r.ok && sameStack(r.value, [Uint8Array.of(1)]);
  },
  covers: {
    'the signature pushed in a legacy script is deleted': ({ sig, d, version, constScriptCode }) => version === 0 && !constScriptCode && sig[0] === d[0] && sig[1] === d[1],
    'no signature pushed, kept under CONST_SCRIPTCODE': ({ sig, d, version, constScriptCode }) => version === 0 && constScriptCode && sig[0] !== d[0],
  },
});

export const checkmultisigVerify = proof('OP_CHECKMULTISIGVERIFY is OP_CHECKMULTISIG then OP_VERIFY', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every element x of 0 to 2 bytes, a 2-byte signature and key, every signature version and every flags value below 2^21 without STRICTENC, DERSIG, LOW_S, WITNESS_PUBKEYTYPE and NULLFAIL, and a checker that answers `valid` for every signature: on [x, empty dummy, sig, 01, key, 01] (1 of 1), OP_CHECKMULTISIG (ae) leaves [x, 01] when valid and [x, empty] when not; OP_CHECKMULTISIGVERIFY (af) leaves [x] when valid and fails with CHECKMULTISIGVERIFY when not. In TAPSCRIPT both fail with TAPSCRIPT_CHECKMULTISIG (BIP342).',
  inputs: { x: bytes(2), n: int(0, 2), sig: bytes(2), key: bytes(2), version: int(0, 2), flags: int(0, 2 ** 21 - 1), valid: bool() },
  requires: ({ flags }) => (flags & (ENCODING_FLAGS | NULLFAIL)) === 0,
  ensures: ({ x, n, sig, key, version, flags, valid }) => {
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(valid);
    const stack = [below, new Uint8Array(0), sig, Uint8Array.of(1), key, Uint8Array.of(1)];
    const plain = evalScript(stack, Uint8Array.of(OP_CHECKMULTISIG), flags, c, sv);
    const verify = evalScript(stack, Uint8Array.of(0xaf), flags, c, sv);
    if (version === 2) return !plain.ok && plain.error === 'TAPSCRIPT_CHECKMULTISIG' && !verify.ok && verify.error === 'TAPSCRIPT_CHECKMULTISIG';
    const plainOk = plain.ok && sameStack(plain.value, [below, valid ? Uint8Array.of(1) : new Uint8Array(0)]);
    const verifyOk = valid ? verify.ok && sameStack(verify.value, [below]) : !verify.ok && verify.error === 'CHECKMULTISIGVERIFY';
    return plainOk && verifyOk;
  },
});

/** interpreter.h: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS. */
const DISCOURAGE_UPGRADABLE_NOPS = 1 << 7;
/** script.h: OP_NOP1 (b0) and OP_NOP4..OP_NOP10 (b3..b9), the NOPs left for soft forks (b1, b2 are CLTV and CSV). */
const UPGRADABLE_NOPS = [0xb0, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9] as const;

export const upgradableNops = proof('the upgradable NOPs do nothing, and fail with DISCOURAGE_UPGRADABLE_NOPS under that flag when executed', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For each of OP_NOP1 (b0) and OP_NOP4..OP_NOP10 (b3..b9) (one case each), every element x of 0 to 2 bytes, every signature version and every flags value below 2^21: the script <nop> 51 on [x] leaves [x, 01] without DISCOURAGE_UPGRADABLE_NOPS (1 << 7) and fails with DISCOURAGE_UPGRADABLE_NOPS under it; inside an unexecuted OP_IF (00 63 <nop> 68 51) it leaves [x, 01] either way.',
  inputs: { k: int(0, 7), x: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  split: 'k',
  ensures: ({ k, x, n, version, flags }) => {
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const nop = UPGRADABLE_NOPS[k] as number;
    const run = evalScript([below], Uint8Array.of(nop, OP_1), flags, c, sv);
    const skipped = evalScript([below], Uint8Array.of(OP_0, OP_IF, nop, OP_ENDIF, OP_1), flags, c, sv);
    const runOk = (flags & DISCOURAGE_UPGRADABLE_NOPS) !== 0 ? !run.ok && run.error === 'DISCOURAGE_UPGRADABLE_NOPS' : run.ok && sameStack(run.value, [below, Uint8Array.of(1)]);
    return runOk && skipped.ok && sameStack(skipped.value, [below, Uint8Array.of(1)]);
  },
});

export const codeSeparatorConstScriptCode = proof('CONST_SCRIPTCODE refuses OP_CODESEPARATOR in legacy scripts, even unexecuted; elsewhere it changes no stack', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For every element x of 0 to 2 bytes, every signature version and every flags value below 2^21: the scripts ab 51 (OP_CODESEPARATOR, OP_1) and 00 63 ab 68 51 (the separator in an unexecuted OP_IF) on [x] fail with OP_CODESEPARATOR in BASE under CONST_SCRIPTCODE (1 << 16), and leave [x, 01] in WITNESS_V0 and TAPSCRIPT or without the flag.',
  inputs: { x: bytes(2), n: int(0, 2), version: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  ensures: ({ x, n, version, flags }) => {
    const below = (x as Uint8Array).subarray(0, n);
    const sv = versionOf(version);
    const c = checkerAnswering(false);
    const run = evalScript([below], Uint8Array.of(0xab, OP_1), flags, c, sv);
    const skipped = evalScript([below], Uint8Array.of(OP_0, OP_IF, 0xab, OP_ENDIF, OP_1), flags, c, sv);
    const refused = version === 0 && (flags & CONST_SCRIPTCODE) !== 0;
    const expect = (r: ReturnType<typeof evalScript>): boolean => (refused ? !r.ok && r.error === 'OP_CODESEPARATOR' : r.ok && sameStack(r.value, [below, Uint8Array.of(1)]));
    return expect(run) && expect(skipped);
  },
});

export const opVerify = proof('OP_VERIFY pops a true top element and fails with VERIFY on a false one (CastToBool)', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For any element e of 0 to 2 bytes under any element u of 1 byte, in BASE with no flags: the script 69 (OP_VERIFY) on the stack [u, e] leaves exactly [u] when e is true in Core\'s CastToBool (some byte non-zero, the last one\'s sign bit 0x80 not counted), and fails with VERIFY otherwise (the empty element, 00, 80, 00 00, 00 80).',
  inputs: { u: bytes(1), v: bytes(2), n: int(0, 2) },
  ensures: ({ u, v, n }) => {
    const e = (v as Uint8Array).subarray(0, n);
    const r = evalScript([u, e], Uint8Array.of(0x69), 0, checkerAnswering(false), 'BASE');
    return truth(e) ? r.ok && sameStack(r.value, [u]) : !r.ok && r.error === 'VERIFY';
  },
  covers: {
    'negative zero (00 80) is false': ({ v, n }) => n === 2 && v[0] === 0x00 && v[1] === 0x80,
    '80 00 is true': ({ v, n }) => n === 2 && v[0] === 0x80 && v[1] === 0x00,
    'the empty element is false': ({ n }) => n === 0,
  },
});

export const opIfdup = proof('OP_IFDUP duplicates the top element exactly when it is true (CastToBool)', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For any element e of 0 to 2 bytes under any element u of 1 byte, in BASE with no flags: the script 73 (OP_IFDUP) on the stack [u, e] leaves [u, e, e] when e is true in Core\'s CastToBool, and [u, e] when it is false (the empty element, 00, 80, 00 00, 00 80).',
  inputs: { u: bytes(1), v: bytes(2), n: int(0, 2) },
  ensures: ({ u, v, n }) => {
    const e = (v as Uint8Array).subarray(0, n);
    const r = evalScript([u, e], Uint8Array.of(0x73), 0, checkerAnswering(false), 'BASE');
    return r.ok && (truth(e) ? sameStack(r.value, [u, e, e]) : sameStack(r.value, [u, e]));
  },
  covers: {
    'negative zero (00 80) is not duplicated': ({ v, n }) => n === 2 && v[0] === 0x00 && v[1] === 0x80,
    'a true element is duplicated': ({ v, n }) => n === 1 && v[0] === 0x01,
  },
});

export const opNumEqualVerify = proof('OP_NUMEQUALVERIFY pops both numbers when they are equal and fails with NUMEQUALVERIFY otherwise', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For any 1-byte elements a and b (script numbers -127..127, 80 being -0) under any element u of 1 byte, in BASE with no flags: the script 9d (OP_NUMEQUALVERIFY) on the stack [u, a, b] leaves exactly [u] when a and b are equal numbers (00 and 80 both zero), and fails with NUMEQUALVERIFY otherwise.',
  inputs: { u: bytes(1), a: bytes(1), b: bytes(1) },
  ensures: ({ u, a, b }) => {
    const r = evalScript([u, a, b], Uint8Array.of(0x9d), 0, checkerAnswering(false), 'BASE');
    return oneByteNumber(a) === oneByteNumber(b) ? r.ok && sameStack(r.value, [u]) : !r.ok && r.error === 'NUMEQUALVERIFY';
  },
  covers: {
    'zero and negative zero are equal': ({ a, b }) => a[0] === 0x00 && b[0] === 0x80,
    'unequal numbers fail': ({ a, b }) => a[0] === 0x01 && b[0] === 0x02,
  },
});

export const opWithin = proof('OP_WITHIN through the opcode loop: x, min, max replaced by 01 when min <= x < max, else by the empty element', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'For any 1-byte elements x, min and max (script numbers -127..127) under any element u of 1 byte, in BASE with no flags: the script a5 (OP_WITHIN) on the stack [u, x, min, max] leaves exactly [u, 01] when min <= x < max, and [u, empty] otherwise (Core\'s vchTrue and vchFalse).',
  inputs: { u: bytes(1), x: bytes(1), lo: bytes(1), hi: bytes(1) },
  ensures: ({ u, x, lo, hi }) => {
    const r = evalScript([u, x, lo, hi], Uint8Array.of(0xa5), 0, checkerAnswering(false), 'BASE');
    const inside = oneByteNumber(lo) <= oneByteNumber(x) && oneByteNumber(x) < oneByteNumber(hi);
    return r.ok && sameStack(r.value, [u, inside ? Uint8Array.of(1) : new Uint8Array(0)]);
  },
  covers: {
    'x at min is inside': ({ x, lo, hi }) => x[0] === 0x05 && lo[0] === 0x05 && hi[0] === 0x06,
    'x at max is outside': ({ x, lo, hi }) => x[0] === 0x06 && lo[0] === 0x05 && hi[0] === 0x06,
  },
});

export const opChecksigAdd = proof('OP_CHECKSIGADD pushes n + 1 for a signature the checker accepts and n for an empty one (BIP342)', {
  fn: evalScript,
  spec: '§3.10',
  statement:
    'In TAPSCRIPT with no flags and a validation weight budget of 50, for a signature of 0 or 2 bytes (standing for any non-empty one), any 32-byte key, a number n of one byte 01..64 and a checker answering ok, SCHNORR_SIG or SCHNORR_SIG_SIZE when asked about exactly that signature and key with the leaf hash given: ba (OP_CHECKSIGADD) on [sig, n, key] leaves exactly [n + 1] for a non-empty signature the checker accepts, exactly [n] for an empty signature (nothing asked), and fails with the checker\'s error otherwise.',
  inputs: { sig: bytes(2), sn: int(0, 2), key: bytes(32), n: int(1, 100), answer: int(0, 2), leaf: bytes(32) },
  requires: ({ sn }) => sn !== 1,
  ensures: ({ sig, sn, key, n, answer, leaf }) => {
    const s = (sig as Uint8Array).subarray(0, sn);
    const c = schnorrCheckerAnswering(answer, s, key, leaf);
    const r = evalScript([s, Uint8Array.of(n), key], Uint8Array.of(0xba), 0, c, 'TAPSCRIPT', { tapleafHash: leaf, annexHash: undefined, validationWeight: 50 });
    if (sn === 0) return r.ok && sameStack(r.value, [Uint8Array.of(n)]);
    if (answer === 0) return r.ok && sameStack(r.value, [Uint8Array.of(n + 1)]);
    return !r.ok && r.error === (answer === 1 ? 'SCHNORR_SIG' : 'SCHNORR_SIG_SIZE');
  },
  covers: {
    'an accepted signature adds one': ({ sn, answer }) => sn === 2 && answer === 0,
    'an empty signature adds nothing': ({ sn }) => sn === 0,
  },
});

export const equalThroughLoop = proof('OP_EQUAL pushes whether the two top elements are the same bytes in their place; OP_EQUALVERIFY leaves nothing for equal ones and fails with EQUALVERIFY otherwise', {
  fn: evalScript,
  spec: '§3.10',
  split: 'k',
  statement:
    'For any 1-byte element u under two elements a (second from the top) and b (the top) of 0 to 2 bytes each, in BASE with no flags, one case per opcode: the script 87 (OP_EQUAL) leaves exactly [u, 01] when a and b are the same bytes (same length, same content) and exactly [u, empty] otherwise; 88 (OP_EQUALVERIFY) leaves exactly [u] when they are the same and fails with EQUALVERIFY otherwise. This pins that both opcodes take the two elements off and what they leave (a mutation run found no proof saying so).',
  inputs: { u: bytes(1), a: bytes(2), an: int(0, 2), b: bytes(2), bn: int(0, 2), k: int(0, 1) },
  ensures: ({ u, a, an, b, bn, k }) => {
    const x = (a as Uint8Array).subarray(0, an);
    const y = (b as Uint8Array).subarray(0, bn);
    const r = evalScript([u, x, y], Uint8Array.of(0x87 + k), 0, checkerAnswering(false), 'BASE');
    const same = sameBytes(x, y);
    if (k === 0) return r.ok && sameStack(r.value, [u, same ? Uint8Array.of(1) : new Uint8Array(0)]);
    return same ? r.ok && sameStack(r.value, [u]) : !r.ok && r.error === 'EQUALVERIFY';
  },
  covers: {
    'two equal 2-byte elements': ({ a, an, b, bn }) => an === 2 && bn === 2 && a[0] === b[0] && a[1] === b[1],
    'a prefix is not equal': ({ an, bn, a, b }) => an === 1 && bn === 2 && a[0] === b[0],
    'two empty elements are equal': ({ an, bn }) => an === 0 && bn === 0,
  },
});

/** The digest of each hash opcode, case 0..4 (a6 .. aa): the hash module's five functions (each its own uninterpreted function here; test/crypto checks HASH160 and HASH256 against their compositions). */
function hashOpcodeDigest(k: number, x: Uint8Array): Uint8Array {
  if (k === 0) return ripemd160(x);
  if (k === 1) return sha1(x);
  if (k === 2) return sha256(x);
  if (k === 3) return hash160(x);
  return sha256d(x);
}

export const hashOpcodesThroughLoop = proof('the hash opcodes replace the top element by its digest and keep the one under it', {
  fn: evalScript,
  spec: '§3.10',
  split: 'k',
  statement:
    'For any 1-byte element u under an element x of 0 to 2 bytes (the top), in BASE with no flags, one case per opcode: the script a6 (OP_RIPEMD160), a7 (OP_SHA1), a8 (OP_SHA256), a9 (OP_HASH160: RIPEMD160 of SHA256) or aa (OP_HASH256: SHA256 of SHA256) leaves exactly [u, digest of x], the digest by the hash module\'s function of that name. The hash functions are uninterpreted here (CI.md, the axioms): this pins that the loop pops the top element, hashes that one with the opcode\'s function, and pushes the digest (a mutation run found no proof saying the element is popped).',
  inputs: { u: bytes(1), x: bytes(2), xn: int(0, 2), k: int(0, 4) },
  ensures: ({ u, x, xn, k }) => {
    const v = (x as Uint8Array).subarray(0, xn);
    const r = evalScript([u, v], Uint8Array.of(0xa6 + k), 0, checkerAnswering(false), 'BASE');
    return r.ok && sameStack(r.value, [u, hashOpcodeDigest(k, v)]);
  },
  covers: {
    'OP_HASH160 of an empty element': ({ k, xn }) => k === 3 && xn === 0,
    'OP_SHA256 of two bytes': ({ k, xn }) => k === 2 && xn === 2,
  },
});
