/**
 * The numeric opcodes of EvalScript (SPEC.md §3.10; Core's src/script/interpreter.cpp, cases
 * OP_1ADD .. OP_0NOTEQUAL, OP_ADD .. OP_MAX, OP_WITHIN) against Core's table written here with
 * Core's opcode bytes (0x8b..0x92 unary, 0x93..0xa4 binary, 0xa5 OP_WITHIN), never the kernel's
 * constants: first on CScriptNum values, then on the stack elements themselves, where each
 * operand is read and the pushed element is written out byte for byte as CScriptNum does
 * (little-endian magnitude, sign in bit 7 of the last byte, the fewest bytes), never with the
 * kernel's decodeScriptNum/encodeScriptNum.
 *
 * Bounds, stated per proof: values in CScriptNum's 4-byte range [-2147483647, 2147483647];
 * stack elements of exactly 4 bytes (every value in that range has one: non-minimal when
 * |v| < 2^23, so without fRequireMinimal they reach every value), with fRequireMinimal on and
 * off. Shorter operands differ only in decoding, proved in proofs/script-number.proof.ts.
 */
import { big, bool, bytes, int, proof } from '../harness/dsl.js';
import { evalScript } from '../kernel/script/interpreter.js';
import { binaryNumOp, binaryNumResult, isWithin, unaryNumOp, unaryNumResult, withinOp } from '../kernel/script/numeric-ops.js';
import { checkerAnswering } from './script-domains.js';

/** CScriptNum's 4-byte range: |v| <= 2^31 - 1 (a 4-byte element cannot hold -2^31). */
const num4 = () => big(-2147483647n, 2147483647n);

/** Core's unary opcodes in script.h order: OP_1ADD 0x8b, OP_1SUB 0x8c, OP_NEGATE 0x8f, OP_ABS 0x90, OP_NOT 0x91, OP_0NOTEQUAL 0x92. */
const UNARY = [0x8b, 0x8c, 0x8f, 0x90, 0x91, 0x92] as const;
/** OP_ADD 0x93, OP_SUB 0x94, OP_MIN 0xa3, OP_MAX 0xa4. */
const ARITHMETIC = [0x93, 0x94, 0xa3, 0xa4] as const;
/**
 * The opcodes whose result is a truth value: OP_BOOLAND 0x9a, OP_BOOLOR 0x9b, OP_NUMEQUAL 0x9c,
 * OP_NUMEQUALVERIFY 0x9d, OP_NUMNOTEQUAL 0x9e, OP_LESSTHAN 0x9f, OP_GREATERTHAN 0xa0,
 * OP_LESSTHANOREQUAL 0xa1, OP_GREATERTHANOREQUAL 0xa2.
 */
const TRUTH = [0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2] as const;

/** Core's unary switch, case `k` of UNARY: bn + 1, bn - 1, -bn, |bn|, bn == 0, bn != 0. */
function unarySpec(k: number, a: bigint): bigint {
  if (k === 0) return a + 1n;
  if (k === 1) return a - 1n;
  if (k === 2) return -a;
  if (k === 3) return a < 0n ? -a : a;
  if (k === 4) return a === 0n ? 1n : 0n;
  return a !== 0n ? 1n : 0n;
}

/** Core's table for ARITHMETIC[k]: bn1 + bn2, bn1 - bn2, the smaller, the larger. */
function arithmeticSpec(k: number, a: bigint, b: bigint): bigint {
  if (k === 0) return a + b;
  if (k === 1) return a - b;
  if (k === 2) return a <= b ? a : b;
  return a >= b ? a : b;
}

/** Core's table for TRUTH[k]: bn1 != 0 && bn2 != 0, ||, ==, == (VERIFY), !=, <, >, <=, >=. */
function truthSpec(k: number, a: bigint, b: bigint): boolean {
  if (k === 0) return a !== 0n && b !== 0n;
  if (k === 1) return a !== 0n || b !== 0n;
  if (k === 2 || k === 3) return a === b;
  if (k === 4) return a !== b;
  if (k === 5) return a < b;
  if (k === 6) return a > b;
  if (k === 7) return a <= b;
  return a >= b;
}

/** x - y on bigints (the proof inputs are untyped). */
function minus(x: bigint, y: bigint): bigint {
  return x - y;
}

/** A 4-byte element as CScriptNum reads it: bytes 0..3 little-endian, bit 7 of byte 3 the sign. */
function read4(x: Uint8Array): bigint {
  const last = x[3] ?? 0;
  const negative = last >= 128;
  const magnitude = BigInt(x[0] ?? 0) + 256n * BigInt(x[1] ?? 0) + 65536n * BigInt(x[2] ?? 0) + 16777216n * BigInt(negative ? last - 128 : last);
  return negative ? -magnitude : magnitude;
}

/** Core's fRequireMinimal rule on 4 bytes: byte 3 has a bit besides the sign, or byte 2's top bit needs the extra byte. */
function minimal4(x: Uint8Array): boolean {
  return ((x[3] ?? 0) & 0x7f) !== 0 || (x[2] ?? 0) >= 128;
}

/** Whether CScriptNum(x, fRequireMinimal) succeeds for a 4-byte x (4 bytes never overflow nMaxNumSize 4). */
function decodes4(x: Uint8Array, requireMinimal: boolean): boolean {
  return !requireMinimal || minimal4(x);
}

/**
 * The number a stack element of at most 5 bytes denotes, read literally as CScriptNum does:
 * little-endian, bit 7 of the last byte the sign (its weight subtracted from the magnitude).
 */
function readUpTo5(e: Uint8Array): bigint {
  const n = e.length;
  const b0 = BigInt(e[0] ?? 0);
  const b1 = BigInt(e[1] ?? 0);
  const b2 = BigInt(e[2] ?? 0);
  const b3 = BigInt(e[3] ?? 0);
  const b4 = BigInt(e[4] ?? 0);
  const last = n === 0 ? 0n : n === 1 ? b0 : n === 2 ? b1 : n === 3 ? b2 : n === 4 ? b3 : b4;
  const negative = last >= 128n;
  const sum = (n >= 1 ? b0 : 0n) + (n >= 2 ? 256n * b1 : 0n) + (n >= 3 ? 65536n * b2 : 0n) + (n >= 4 ? 16777216n * b3 : 0n) + (n >= 5 ? 4294967296n * b4 : 0n);
  const signWeight = n === 1 ? 128n : n === 2 ? 32768n : n === 3 ? 8388608n : n === 4 ? 2147483648n : 549755813888n;
  return negative ? signWeight - sum : sum;
}

/** The fewest bytes: empty, or the last byte carries more than the sign bit, or the byte before it needs the sign in a byte of its own. */
function isMinimalElement(e: Uint8Array): boolean {
  const n = e.length;
  if (n === 0) return true;
  const last = e[n - 1] ?? 0;
  return (last & 0x7f) !== 0 || (n >= 2 && (e[n - 2] ?? 0) >= 128);
}

/**
 * e is CScriptNum::serialize(v) for |v| < 2^39: at most 5 bytes, minimal, and read back it is v
 * (a minimal element of at most 5 bytes is the only one denoting its value).
 */
function isSerialization(e: Uint8Array, v: bigint): boolean {
  return e.length <= 5 && isMinimalElement(e) && readUpTo5(e) === v;
}

/** Core pushes a truth value as CScriptNum(0 or 1).getvch(): nothing for false, the byte 01 for true. */
function isTruth(e: Uint8Array, t: boolean): boolean {
  return t ? e.length === 1 && e[0] === 1 : e.length === 0;
}

// ---------- on CScriptNum values ----------

export const unaryValues = proof('unary numeric opcodes: Core table on 4-byte values', {
  fn: unaryNumResult,
  spec: '§3.10',
  statement:
    'For every bn in [-2147483647, 2147483647]: OP_1ADD (0x8b) gives bn + 1, OP_1SUB (0x8c) bn - 1, OP_NEGATE (0x8f) -bn, OP_ABS (0x90) |bn|, OP_NOT (0x91) 1 if bn = 0 else 0, OP_0NOTEQUAL (0x92) 0 if bn = 0 else 1.',
  inputs: { a: num4() },
  ensures: ({ a }) =>
    unaryNumResult(0x8b, a) === a + 1n &&
    unaryNumResult(0x8c, a) === a - 1n &&
    unaryNumResult(0x8f, a) === 0n - a &&
    unaryNumResult(0x90, a) >= 0n &&
    (unaryNumResult(0x90, a) === a || unaryNumResult(0x90, a) === 0n - a) &&
    unaryNumResult(0x91, a) === (a === 0n ? 1n : 0n) &&
    unaryNumResult(0x92, a) === (a === 0n ? 0n : 1n),
});

export const binaryValues = proof('binary numeric opcodes: Core table on 4-byte values', {
  fn: binaryNumResult,
  spec: '§3.10',
  statement:
    'For every bn1, bn2 in [-2147483647, 2147483647]: OP_ADD (0x93) gives bn1 + bn2, OP_SUB (0x94) bn1 - bn2; OP_BOOLAND (0x9a), OP_BOOLOR (0x9b), OP_NUMEQUAL (0x9c), OP_NUMEQUALVERIFY (0x9d), OP_NUMNOTEQUAL (0x9e), OP_LESSTHAN (0x9f), OP_GREATERTHAN (0xa0), OP_LESSTHANOREQUAL (0xa1), OP_GREATERTHANOREQUAL (0xa2) give 1 when bn1 != 0 && bn2 != 0, bn1 != 0 || bn2 != 0, bn1 = bn2, bn1 = bn2, bn1 != bn2, bn1 < bn2, bn1 > bn2, bn1 <= bn2, bn1 >= bn2, else 0; OP_MIN (0xa3) and OP_MAX (0xa4) the smaller and the larger operand.',
  inputs: { a: num4(), b: num4() },
  ensures: ({ a, b }) =>
    binaryNumResult(0x93, a, b) === a + b &&
    binaryNumResult(0x94, a, b) === minus(a, b) &&
    binaryNumResult(0x9a, a, b) === (a !== 0n && b !== 0n ? 1n : 0n) &&
    binaryNumResult(0x9b, a, b) === (a !== 0n || b !== 0n ? 1n : 0n) &&
    binaryNumResult(0x9c, a, b) === (a === b ? 1n : 0n) &&
    binaryNumResult(0x9d, a, b) === (a === b ? 1n : 0n) &&
    binaryNumResult(0x9e, a, b) === (a === b ? 0n : 1n) &&
    binaryNumResult(0x9f, a, b) === (a < b ? 1n : 0n) &&
    binaryNumResult(0xa0, a, b) === (b < a ? 1n : 0n) &&
    binaryNumResult(0xa1, a, b) === (b < a ? 0n : 1n) &&
    binaryNumResult(0xa2, a, b) === (a < b ? 0n : 1n) &&
    binaryNumResult(0xa3, a, b) <= a &&
    binaryNumResult(0xa3, a, b) <= b &&
    (binaryNumResult(0xa3, a, b) === a || binaryNumResult(0xa3, a, b) === b) &&
    binaryNumResult(0xa4, a, b) >= a &&
    binaryNumResult(0xa4, a, b) >= b &&
    (binaryNumResult(0xa4, a, b) === a || binaryNumResult(0xa4, a, b) === b),
  covers: {
    'a sum past 2^31 - 1': ({ a, b }) => binaryNumResult(0x93, a, b) > 2147483647n,
    'equal operands': ({ a, b }) => a === b && binaryNumResult(0x9f, a, b) === 0n,
  },
});

export const withinValues = proof('OP_WITHIN: min <= x < max on 4-byte values', {
  fn: isWithin,
  spec: '§3.10',
  statement: 'For every x, min, max in [-2147483647, 2147483647]: OP_WITHIN (0xa5) is true exactly when min <= x and x < max (the upper end excluded).',
  inputs: { x: num4(), min: num4(), max: num4() },
  ensures: ({ x, min, max }) => isWithin(x, min, max) === (min <= x && x < max),
  covers: {
    'x = max is outside': ({ x, min, max }) => x === max && min <= x && !isWithin(x, min, max),
    'x = min is inside': ({ x, min, max }) => x === min && x < max && isWithin(x, min, max),
  },
});

// ---------- on stack elements ----------

export const unaryElements = proof('unary numeric opcodes push the serialized result for 4-byte operands', {
  // Each check alone: its case queries are unsat, but slower than the checks one by one (CI.md, "How queries are solved").
  checksAlone: true,
  fn: unaryNumOp,
  spec: '§3.10',
  statement:
    'For every 4-byte element x, each unary opcode (0x8b, 0x8c, 0x8f, 0x90, 0x91, 0x92: one case each) with fRequireMinimal on or off: if x decodes (always without fRequireMinimal; with it, byte 3 & 0x7f != 0 or byte 2 >= 0x80) the pushed element has at most 5 bytes, is minimal (its last byte has a bit besides the sign, or the byte before it has bit 7 set) and, read as little-endian sign-magnitude, equals Core\'s result on x read the same way: that is CScriptNum::serialize of the result; otherwise the error is "non-minimally encoded script number".',
  inputs: { k: int(0, 5), x: bytes(4), minimal: bool() },
  split: 'k',
  ensures: ({ k, x, minimal }) => {
    const r = unaryNumOp(UNARY[k] ?? 0, x, minimal);
    if (!decodes4(x, minimal)) return !r.ok && r.error === 'non-minimally encoded script number';
    return r.ok && isSerialization(r.value, unarySpec(k, read4(x)));
  },
  covers: {
    '0x7fffffff + 1 pushes 00 00 00 80 00': ({ k, x, minimal }) => {
      const r = unaryNumOp(UNARY[k] ?? 0, x, minimal);
      return k === 0 && r.ok && r.value.length === 5 && r.value[3] === 0x80 && r.value[4] === 0;
    },
  },
});

/**
 * ARITHMETIC[k] on the elements a and b: Core's scriptnum_error when one does not decode, else
 * the serialization of arithmeticSpec(k) on their values.
 */
function pushesArithmetic(k: number, a: Uint8Array, b: Uint8Array, minimal: boolean): boolean {
  const r = binaryNumOp(ARITHMETIC[k] ?? 0, a, b, minimal);
  if (!decodes4(a, minimal) || !decodes4(b, minimal)) return !r.ok && r.error === 'non-minimally encoded script number';
  return r.ok && isSerialization(r.value, arithmeticSpec(k, read4(a), read4(b)));
}

export const addSubElements = proof('OP_ADD, OP_SUB push the serialized sum and difference for 4-byte operands', {
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: binaryNumOp,
  spec: '§3.10',
  arithSolver: 'simplex',
  statement:
    'For every two 4-byte elements a (stacktop(-2)) and b (stacktop(-1)), each of OP_ADD 0x93 and OP_SUB 0x94, fRequireMinimal on or off (two cases: a non-negative, a negative, by the sign bit of a\'s byte 3): if both decode, the pushed element has at most 5 bytes, is minimal and, read as little-endian sign-magnitude, equals a + b, a - b on a and b read the same way (CScriptNum::serialize of the result); otherwise the error is "non-minimally encoded script number".',
  inputs: { k: int(0, 1), a: bytes(4), b: bytes(4), minimal: bool() },
  // By a's sign bit rather than by opcode: 1.1 s and 8.5 M rlimit for the two cases, against 3.3 s
  // and 25.5 M split by opcode (one worker, quiet host; split on b's sign instead: UNKNOWN).
  split: { on: 'a[3]', cases: [[0, 127], [128, 255]] },
  ensures: ({ k, a, b, minimal }) => pushesArithmetic(k, a, b, minimal),
  covers: {
    'a 5-byte sum': ({ k, a, b, minimal }) => {
      const r = binaryNumOp(ARITHMETIC[k] ?? 0, a, b, minimal);
      return k === 0 && r.ok && r.value.length === 5;
    },
    'a negative 5-byte difference': ({ k, a, b, minimal }) => {
      const r = binaryNumOp(ARITHMETIC[k] ?? 0, a, b, minimal);
      return k === 1 && r.ok && r.value.length === 5 && r.value[4] === 0x80;
    },
  },
});

/** interpreter.h: SCRIPT_VERIFY_MINIMALDATA (fRequireMinimal in EvalScript). */
const MINIMALDATA = 1 << 6;

export const addSubThroughLoopFourBytes = proof('OP_ADD and OP_SUB through the opcode loop on 4-byte elements: the serialized sum or difference replaces the two operands', {
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: evalScript,
  spec: '§3.10',
  arithSolver: 'simplex',
  statement:
    'For every two 4-byte elements a (second from the top) and b (the top), in BASE, with MINIMALDATA on or off, one case per opcode: the script 93 (OP_ADD) or 94 (OP_SUB) run by evalScript on the stack [a, b] leaves exactly one element, CScriptNum::serialize of a + b or a - b (read as little-endian sign-magnitude), when both decode; with MINIMALDATA and an operand that is not minimal it fails UNKNOWN_ERROR (Core\'s catch of scriptnum_error). The 1-byte case (proofs/interpreter.proof.ts addSubThroughLoop) pins the operand order with every value; this one the 4-byte range through the loop.',
  inputs: { k: int(0, 1), a: bytes(4), b: bytes(4), minimal: bool() },
  split: 'k',
  // 26.3 M measured (the subtraction case); the default 20 M leaves it UNKNOWN.
  rlimit: 40_000_000,
  ensures: ({ k, a, b, minimal }) => {
    const r = evalScript([a, b], Uint8Array.of(ARITHMETIC[k] ?? 0), minimal ? MINIMALDATA : 0, checkerAnswering(false), 'BASE');
    if (!decodes4(a, minimal) || !decodes4(b, minimal)) return !r.ok && r.error === 'UNKNOWN_ERROR';
    const top = r.ok && r.value.length === 1 ? r.value[0] : undefined;
    return top !== undefined && isSerialization(top, arithmeticSpec(k, read4(a), read4(b)));
  },
  covers: {
    'a 5-byte sum through the loop': ({ k, a, b }) => k === 0 && a[3] === 0x7f && b[3] === 0x7f,
  },
});

export const minMaxElements = proof('OP_MIN, OP_MAX push the serialized smaller and larger operand for 4-byte operands', {
  fn: binaryNumOp,
  spec: '§3.10',
  statement:
    'For every two 4-byte elements a (stacktop(-2)) and b (stacktop(-1)), each of OP_MIN 0xa3 and OP_MAX 0xa4 (one case each), fRequireMinimal on or off: if both decode, the pushed element has at most 5 bytes, is minimal and, read as little-endian sign-magnitude, equals the smaller, the larger of a and b read the same way (CScriptNum::serialize of the result); otherwise the error is "non-minimally encoded script number".',
  inputs: { k: int(2, 3), a: bytes(4), b: bytes(4), minimal: bool() },
  split: 'k',
  solverTuning: 'eager',
  ensures: ({ k, a, b, minimal }) => pushesArithmetic(k, a, b, minimal),
  covers: {
    'OP_MIN of a negative and a positive operand pushes the negative one': ({ k, a, b, minimal }) => {
      const r = binaryNumOp(ARITHMETIC[k] ?? 0, a, b, minimal);
      return k === 2 && read4(a) < 0n && read4(b) > 0n && r.ok && r.value.length > 0 && ((r.value[r.value.length - 1] ?? 0) & 0x80) !== 0;
    },
  },
});

export const truthElements = proof('boolean and comparison opcodes push 01 or nothing for 4-byte operands', {
  fn: binaryNumOp,
  spec: '§3.10',
  statement:
    'For every two 4-byte elements a (stacktop(-2)) and b (stacktop(-1)), each of OP_BOOLAND 0x9a, OP_BOOLOR 0x9b, OP_NUMEQUAL 0x9c, OP_NUMEQUALVERIFY 0x9d, OP_NUMNOTEQUAL 0x9e, OP_LESSTHAN 0x9f, OP_GREATERTHAN 0xa0, OP_LESSTHANOREQUAL 0xa1, OP_GREATERTHANOREQUAL 0xa2 (one case each), fRequireMinimal on or off: if both decode, the pushed element is the byte 01 when Core\'s relation holds on a and b read as 4-byte CScriptNums and empty otherwise; else the error is "non-minimally encoded script number".',
  inputs: { k: int(0, 8), a: bytes(4), b: bytes(4), minimal: bool() },
  split: 'k',
  ensures: ({ k, a, b, minimal }) => {
    const r = binaryNumOp(TRUTH[k] ?? 0, a, b, minimal);
    if (!decodes4(a, minimal) || !decodes4(b, minimal)) return !r.ok && r.error === 'non-minimally encoded script number';
    return r.ok && isTruth(r.value, truthSpec(k, read4(a), read4(b)));
  },
});

export const withinElements = proof('OP_WITHIN on 4-byte elements: min <= x < max', {
  fn: withinOp,
  spec: '§3.10',
  statement:
    'For every three 4-byte elements x (stacktop(-3)), min (stacktop(-2)) and max (stacktop(-1)), fRequireMinimal on or off: if all three decode, OP_WITHIN is true exactly when min <= x < max on the three read as 4-byte CScriptNums; otherwise the error is "non-minimally encoded script number".',
  inputs: { x: bytes(4), min: bytes(4), max: bytes(4), minimal: bool() },
  ensures: ({ x, min, max, minimal }) => {
    const r = withinOp(x, min, max, minimal);
    if (!decodes4(x, minimal) || !decodes4(min, minimal) || !decodes4(max, minimal)) return !r.ok && r.error === 'non-minimally encoded script number';
    return r.ok && r.value === (read4(min) <= read4(x) && read4(x) < read4(max));
  },
});

export const numericPins = proof('numeric opcodes at the 4-byte boundary: pinned elements', {
  fn: binaryNumOp,
  spec: '§3.10',
  statement:
    'Concrete elements, fRequireMinimal on or off: ff ff ff 7f (2^31 - 1) OP_1ADD and ff ff ff 7f + 01 push 00 00 00 80 00 (2^31, 5 bytes); ff ff ff ff (-(2^31 - 1)) OP_1SUB pushes 00 00 00 80 80; 2^31 - 1 plus itself pushes fe ff ff ff 00; 81 OP_ABS pushes 01; 80 (negative zero, non-minimal) OP_NOT pushes 01 without fRequireMinimal and fails with it; a 5-byte operand overflows.',
  inputs: { minimal: bool() },
  ensures: ({ minimal }) => {
    const max = Uint8Array.of(0xff, 0xff, 0xff, 0x7f);
    const inc = unaryNumOp(0x8b, max, minimal);
    const sum = binaryNumOp(0x93, max, Uint8Array.of(1), minimal);
    const dec = unaryNumOp(0x8c, Uint8Array.of(0xff, 0xff, 0xff, 0xff), minimal);
    const twice = binaryNumOp(0x93, max, max, minimal);
    const abs = unaryNumOp(0x90, Uint8Array.of(0x81), minimal);
    const notNegZero = unaryNumOp(0x91, Uint8Array.of(0x80), minimal);
    const five = binaryNumOp(0x93, Uint8Array.of(0, 0, 0, 0x80, 0), Uint8Array.of(1), minimal);
    return (
      inc.ok && inc.value.length === 5 && inc.value[0] === 0 && inc.value[1] === 0 && inc.value[2] === 0 && inc.value[3] === 0x80 && inc.value[4] === 0 &&
      sum.ok && sum.value.length === 5 && sum.value[0] === 0 && sum.value[1] === 0 && sum.value[2] === 0 && sum.value[3] === 0x80 && sum.value[4] === 0 &&
      dec.ok && dec.value.length === 5 && dec.value[0] === 0 && dec.value[1] === 0 && dec.value[2] === 0 && dec.value[3] === 0x80 && dec.value[4] === 0x80 &&
      twice.ok && twice.value.length === 5 && twice.value[0] === 0xfe && twice.value[1] === 0xff && twice.value[2] === 0xff && twice.value[3] === 0xff && twice.value[4] === 0 &&
      abs.ok && abs.value.length === 1 && abs.value[0] === 1 &&
      (minimal ? !notNegZero.ok && notNegZero.error === 'non-minimally encoded script number' : notNegZero.ok && notNegZero.value.length === 1 && notNegZero.value[0] === 1) &&
      !five.ok && five.error === 'script number overflow'
    );
  },
});
