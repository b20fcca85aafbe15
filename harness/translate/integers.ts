/**
 * Integer and bit semantics: `bigint` and integer `number` as unbounded SMT Int with JS's exact
 * meaning (truncating bigint division, ToInt32/ToUint32 for number bit operators, floor shifts),
 * range obligations where Core's C++ would differ (int64 / uint256 per function, safe integers for
 * number), comparisons and `===`. Intervals ride along on every value to decide comparisons and
 * keep shifts and masks linear.
 */
import { Node } from 'ts-morph';
import type { TranslationContext } from './context.js';
import {
  type BigintMode,
  type BoolTerm,
  type BoolValue,
  type Frame,
  INT64_MAX,
  INT64_MIN,
  type IntTerm,
  type IntValue,
  MAX_SAFE,
  UINT256_MAX,
  type Value,
  gcd,
} from './values.js';
import { merge } from './merge.js';
import type { OperandSigns } from './semantics.js';

/** Symbolic bigint shift amounts are limited to [0, 256] (an If-chain over them). */
const SHIFT_BOUND = 256n;

/** The range obligation of a result: a safe integer for number, the function's bigint mode for bigint. */
export function rangeObligation(cx: TranslationContext, r: IntValue, mode: BigintMode, pathCond: BoolTerm, node: Node, what: string): void {
  const z3 = cx.z3;
  if (r.isNumber) {
    if (r.lo !== undefined && r.hi !== undefined && r.lo >= -MAX_SAFE && r.hi <= MAX_SAFE) return;
    cx.oblige('overflow', pathCond, z3.And(r.term.ge(-MAX_SAFE), r.term.le(MAX_SAFE)), `number ${what} stays a safe integer`, node);
    return;
  }
  if (mode === 'unbounded') return;
  const [min, max] = mode === 'int64' ? [INT64_MIN, INT64_MAX] : [0n, UINT256_MAX];
  if (r.lo !== undefined && r.hi !== undefined && r.lo >= min && r.hi <= max) return;
  cx.oblige('overflow', pathCond, z3.And(r.term.ge(min), r.term.le(max)), `bigint ${what} stays in ${mode} range`, node);
}

function pow2(cx: TranslationContext, n: bigint): IntTerm {
  return cx.z3.Int.val(1n << n);
}

/** A value's interval with both ends known. */
type Interval = { readonly lo: bigint; readonly hi: bigint };

/** At most this many blocks of x's interval: a run of a mask's ones as an If-chain over them, not a mod. */
const RUN_BLOCKS_AS_CHAIN = 4;

/**
 * An If-chain over the blocks of 2^k that x's interval [from, to] (from >= 0) covers, `valueOf(block)`
 * in each: linear, without z3's div/mod axioms. Undefined past RUN_BLOCKS_AS_CHAIN blocks.
 */
function chainOverBlocks(cx: TranslationContext, x: IntTerm, k: bigint, from: bigint, to: bigint, valueOf: (block: bigint) => IntTerm): IntTerm | undefined {
  const first = from >> k;
  const last = to >> k;
  if (last - first + 1n > BigInt(RUN_BLOCKS_AS_CHAIN)) return undefined;
  let t = valueOf(last);
  for (let block = last - 1n; block >= first; block--) t = cx.z3.If(x.lt((block + 1n) << k), valueOf(block), t) as IntTerm;
  return t;
}

/**
 * x & (the ones of bits lo..bit-1) as an If-chain when x's interval (lo >= 0) covers few blocks:
 * of 2^lo, within each of which those bits are one constant (a byte's `& 0x80` is
 * `x >= 128 ? 128 : 0`); or, for a run from bit 0 (x mod 2^bit), of 2^bit, within each of which
 * it is x minus the block's base. Undefined otherwise (the mod formula).
 */
function runAsChain(cx: TranslationContext, x: IntTerm, lo: bigint, bit: bigint, range: Interval | undefined): IntTerm | undefined {
  if (range === undefined || range.lo < 0n) return undefined;
  const constant = chainOverBlocks(cx, x, lo, range.lo, range.hi, (block) => cx.numeral((block & ((1n << (bit - lo)) - 1n)) << lo));
  if (constant !== undefined || lo !== 0n) return constant;
  return chainOverBlocks(cx, x, bit, range.lo, range.hi, (block) => (block === 0n ? x : (x.sub(block << bit) as IntTerm)));
}

/**
 * x & c for a constant c >= 0, exact for every integer x (two's complement), from c's runs of
 * ones; `range`, x's sound interval when known, lets a run spanning few blocks be an If-chain.
 */
function andConst(cx: TranslationContext, x: IntTerm, c: bigint, range?: Interval): IntTerm {
  let acc: IntTerm = cx.z3.Int.val(0);
  let bit = 0n;
  let first = true;
  while (c >> bit !== 0n) {
    if (((c >> bit) & 1n) === 1n) {
      const lo = bit;
      while (((c >> bit) & 1n) === 1n) bit++;
      const part = runAsChain(cx, x, lo, bit, range) ?? ((lo === 0n ? x.mod(pow2(cx, bit)) : x.mod(pow2(cx, bit)).sub(x.mod(pow2(cx, lo)))) as IntTerm);
      acc = first ? part : (acc.add(part) as IntTerm);
      first = false;
    } else bit++;
  }
  return acc;
}

/** p's interval when both ends are known. */
function rangeOf(p: IntValue): Interval | undefined {
  return p.lo !== undefined && p.hi !== undefined ? { lo: p.lo, hi: p.hi } : undefined;
}

function toUint32(cx: TranslationContext, x: IntTerm): IntTerm {
  return x.mod(pow2(cx, 32n));
}

function toInt32(cx: TranslationContext, u: IntTerm): IntTerm {
  return cx.z3.If(u.ge(2n ** 31n), u.sub(2n ** 32n), u) as IntTerm;
}

/** `~x`. */
export function bitNot(cx: TranslationContext, x: IntValue): IntValue {
  if (x.isNumber) {
    if (x.constant !== undefined) return cx.intConst(BigInt(~Number(x.constant)), true);
    return cx.makeInt(true, toInt32(cx, toUint32(cx, x.term)).neg().sub(1) as IntTerm, -(2n ** 31n), 2n ** 31n - 1n);
  }
  if (x.constant !== undefined) return cx.intConst(~x.constant, false);
  return cx.makeInt(false, x.term.neg().sub(1) as IntTerm);
}

/** A constant operation with JS semantics (exact folding; division through the semantics object). */
function fold(cx: TranslationContext, op: string, a: bigint, b: bigint, isNumber: boolean): bigint | undefined {
  const sem = cx.semantics;
  try {
    if (op === '%') {
      if (b === 0n) return undefined;
      const r = a - b * sem.truncDivideConstant(a, b);
      return isNumber && (r < -MAX_SAFE || r > MAX_SAFE) ? undefined : r;
    }
    if (isNumber) {
      const x = Number(a);
      const y = Number(b);
      let r: number;
      switch (op) {
        case '+': r = x + y; break;
        case '-': r = x - y; break;
        case '*': r = x * y; break;
        // Only an exact quotient folds (`TREE_KEY_BITS / 8`); a fractional one stays outside the subset.
        case '/': if (y === 0 || x % y !== 0) return undefined; r = x / y; break;
        case '&': r = x & y; break;
        case '|': r = x | y; break;
        case '^': r = x ^ y; break;
        case '<<': r = x << y; break;
        case '>>': r = x >> y; break;
        case '>>>': r = x >>> y; break;
        case '**': r = x ** y; break;
        default: return undefined;
      }
      return Number.isSafeInteger(r) ? BigInt(r) : undefined;
    }
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return b === 0n ? undefined : sem.truncDivideConstant(a, b);
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '<<': return a << b;
      case '>>': return a >> b;
      case '**': return a ** b;
      default: return undefined;
    }
  } catch {
    return undefined;
  }
}

/** A binary arithmetic, bit or shift operator on two integers of one kind. */
export function arith(cx: TranslationContext, operator: string, x: IntValue, y: IntValue, frame: Frame, pathCond: BoolTerm, node: Node): Value {
  if (x.isNumber !== y.isNumber) cx.fail(`mixing number and bigint in '${operator}'`, node);
  const isNumber = x.isNumber;
  // The one operator the semantics object may remap (a translator mutant).
  const op = !isNumber && operator === '>>' ? cx.semantics.bigintShiftRight : operator;
  const a = x.term;
  const b = y.term;
  if (x.constant !== undefined && y.constant !== undefined) {
    const r = fold(cx, op, x.constant, y.constant, isNumber);
    if (r !== undefined) {
      const v = cx.intConst(r, isNumber);
      if (['+', '-', '*', '<<', '**', '/'].includes(op)) rangeObligation(cx, v, frame.mode, pathCond, node, `'${op}'`);
      if (op === '%' && !isNumber && frame.mode === 'int64' && x.constant === INT64_MIN && y.constant === -1n) {
        cx.oblige('overflow', pathCond, false, 'INT64_MIN % -1 (undefined behaviour in C++)', node);
      }
      return v;
    }
  }
  let r: IntValue;
  switch (op) {
    case '+': {
      const lo = x.lo !== undefined && y.lo !== undefined ? x.lo + y.lo : undefined;
      const hi = x.hi !== undefined && y.hi !== undefined ? x.hi + y.hi : undefined;
      r = cx.makeInt(isNumber, a.add(b) as IntTerm, lo, hi, gcd(cx.strideOf(x), cx.strideOf(y)));
      break;
    }
    case '-': {
      const lo = x.lo !== undefined && y.hi !== undefined ? x.lo - y.hi : undefined;
      const hi = x.hi !== undefined && y.lo !== undefined ? x.hi - y.lo : undefined;
      r = cx.makeInt(isNumber, a.sub(b) as IntTerm, lo, hi, gcd(cx.strideOf(x), cx.strideOf(y)));
      break;
    }
    case '*': {
      let lo: bigint | undefined;
      let hi: bigint | undefined;
      if (x.lo !== undefined && x.hi !== undefined && y.lo !== undefined && y.hi !== undefined) {
        const ps = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi];
        lo = ps.reduce((m, v) => (v < m ? v : m));
        hi = ps.reduce((m, v) => (v > m ? v : m));
      }
      r = cx.makeInt(isNumber, a.mul(b) as IntTerm, lo, hi, cx.strideOf(x) * cx.strideOf(y));
      break;
    }
    case '/':
    case '%': {
      if (isNumber && op === '/') cx.fail("number '/' outside Math.floor (the quotient may be fractional)", node);
      cx.oblige('domain', pathCond, y.constant !== undefined ? y.constant !== 0n : b.neq(0), `divisor of '${op}' is not zero`, node);
      const signs = signsOf(x, y);
      if (op === '/') {
        const q = cx.semantics.truncDivide(cx.z3, a, b, signs);
        let lo: bigint | undefined;
        let hi: bigint | undefined;
        if (y.constant !== undefined && y.constant > 0n && x.lo !== undefined && x.hi !== undefined) {
          lo = cx.semantics.truncDivideConstant(x.lo, y.constant);
          hi = cx.semantics.truncDivideConstant(x.hi, y.constant);
        } else if (x.lo !== undefined && x.lo >= 0n && x.hi !== undefined && y.lo !== undefined && y.lo > 0n) {
          // A non-negative dividend over a positive divisor: the quotient lies between x.lo / y.hi (0 without y.hi) and x.hi / y.lo.
          lo = y.hi === undefined ? 0n : cx.semantics.truncDivideConstant(x.lo, y.hi);
          hi = cx.semantics.truncDivideConstant(x.hi, y.lo);
        }
        // The quotient in range: INT64_MIN / -1 overflows int64.
        const quotient = cx.makeInt(isNumber, q, lo, hi);
        rangeObligation(cx, quotient, frame.mode, pathCond, node, `'/'`);
        return quotient;
      }
      // INT64_MIN % -1 is undefined behaviour in C++ (0 in JS).
      const minByMinusOne =
        !isNumber && frame.mode === 'int64' && !(x.lo !== undefined && x.lo > INT64_MIN) && !(y.lo !== undefined && y.lo > -1n) && !(y.hi !== undefined && y.hi < -1n);
      if (minByMinusOne) cx.oblige('overflow', pathCond, cx.not(cx.z3.And(a.eq(INT64_MIN), b.eq(-1))), 'INT64_MIN % -1 (undefined behaviour in C++)', node);
      const rem = a.sub(b.mul(cx.semantics.truncDivide(cx.z3, a, b, signs))) as IntTerm;
      if (y.constant !== undefined && y.constant > 0n && x.lo !== undefined && x.lo >= 0n) return cx.makeInt(isNumber, rem, 0n, y.constant - 1n);
      return cx.makeInt(isNumber, rem);
    }
    case '&':
    case '|':
    case '^':
      return bitwise(cx, op, x, y, node);
    case '<<':
    case '>>':
    case '>>>':
      return shift(cx, op, x, y, frame, pathCond, node);
    default:
      return cx.fail(`operator '${op}'`, node);
  }
  rangeObligation(cx, r, frame.mode, pathCond, node, `'${op}'`);
  return r;
}

/** `Math.floor(a / b)` on numbers: floor division (divisor != 0 is the caller's obligation). */
export function floorDivide(cx: TranslationContext, a: IntValue, b: IntValue): IntValue {
  const sem = cx.semantics;
  if (a.constant !== undefined && b.constant !== undefined && b.constant !== 0n) return cx.intConst(sem.floorDivideConstant(a.constant, b.constant), true);
  let lo: bigint | undefined;
  let hi: bigint | undefined;
  if (b.constant !== undefined && b.constant > 0n && a.lo !== undefined && a.hi !== undefined) {
    lo = sem.floorDivideConstant(a.lo, b.constant);
    hi = sem.floorDivideConstant(a.hi, b.constant);
  } else if (a.lo !== undefined && a.lo >= 0n && a.hi !== undefined && b.lo !== undefined && b.lo > 0n) {
    // A non-negative dividend over a positive divisor: between a.lo / b.hi (0 without b.hi) and a.hi / b.lo.
    lo = b.hi === undefined ? 0n : sem.floorDivideConstant(a.lo, b.hi);
    hi = sem.floorDivideConstant(a.hi, b.lo);
  }
  return cx.makeInt(true, sem.floorDivide(cx.z3, a.term, b.term, signsOf(a, b)), lo, hi);
}

/** The signs a division's operands' intervals establish (semantics.ts OperandSigns). */
function signsOf(dividend: IntValue, divisor: IntValue): OperandSigns {
  return {
    // Only over a symbolic divisor: over a constant one the If on the dividend's sign stays (without it z3 took 0.56 M -> 2.3 M rlimit on u32le's layout proof).
    dividendNonNegative: divisor.constant === undefined && dividend.lo !== undefined && dividend.lo >= 0n,
    divisorPositive: divisor.lo !== undefined && divisor.lo > 0n,
  };
}

/**
 * x & (2^k - 1) when the interval of x (x >= 0) lies within one block of 2^k: x minus a
 * constant, exact and linear (no mod).
 */
function lowMask(cx: TranslationContext, p: IntValue, c: bigint): IntValue | undefined {
  if (c < 0n || (c & (c + 1n)) !== 0n || p.lo === undefined || p.hi === undefined || p.lo < 0n) return undefined;
  const k = BigInt(c.toString(2).length);
  if (c === 0n) return undefined;
  if (p.lo >> k !== p.hi >> k) return undefined;
  const base = (p.lo >> k) << k;
  if (base === 0n) return p;
  return cx.makeInt(p.isNumber, p.term.sub(base) as IntTerm, p.lo - base, p.hi - base);
}

/**
 * `p | c`, `p ^ c`, `p & c` for a constant c >= 0 and p in a known non-negative range (below 2^31
 * for numbers), when no bit arithmetic is needed: c = 0, or c's bits all above p's (then | and ^
 * are +, & is 0), or all below p's stride. Undefined when the general formula is needed.
 */
function nonNegativeConstOp(cx: TranslationContext, op: string, p: IntValue, c: bigint, isNumber: boolean): IntValue | undefined {
  if (p.lo === undefined || p.hi === undefined || p.lo < 0n || (isNumber && (p.hi >= 2n ** 31n || c >= 2n ** 31n))) return undefined;
  if (c === 0n) return op === '&' ? cx.intConst(0n, isNumber) : p;
  const lowestBitOfC = c & -c;
  const st = cx.strideOf(p);
  const disjoint = p.hi < lowestBitOfC || (c < st && (st & (st - 1n)) === 0n);
  if (!disjoint) return undefined;
  if (op === '&') return cx.intConst(0n, isNumber);
  // A number result must stay a non-negative int32 (JS's | and ^ return ToInt32).
  if (isNumber && p.hi + c >= 2n ** 31n) return undefined;
  return cx.makeInt(isNumber, p.term.add(c) as IntTerm, p.lo + c, p.hi + c);
}

/** Whether a number's interval lies in [0, 2^31): its bit 31 (the int32 sign) is clear. */
function isNonNegativeInt32(v: IntValue): boolean {
  return v.lo !== undefined && v.hi !== undefined && v.lo >= 0n && v.hi < 2n ** 31n;
}

/** The upper end of p & c for a constant c >= 0: c, or p's own upper end when p >= 0 and it is smaller (the result's bits are a subset of each operand's). */
function andBound(p: IntValue, c: bigint): bigint {
  return p.lo !== undefined && p.hi !== undefined && p.lo >= 0n && p.hi < c ? p.hi : c;
}

/** `&`, `|`, `^`. */
function bitwise(cx: TranslationContext, op: string, x: IntValue, y: IntValue, node: Node): Value {
  const z3 = cx.z3;
  let [p, q] = [x, y];
  if (p.constant !== undefined && q.constant === undefined) [p, q] = [q, p];
  if (op === '&' && q.constant !== undefined && (!x.isNumber || q.constant < 2n ** 31n)) {
    const exact = lowMask(cx, p, q.constant);
    if (exact !== undefined) return exact;
  }
  // Disjoint bits of two non-negative values (as in `a | (b << 8)`): | and ^ are +, & is 0.
  const disjointSum = (limit: bigint | undefined): Value | undefined => {
    if (x.lo === undefined || x.hi === undefined || y.lo === undefined || y.hi === undefined || x.lo < 0n || y.lo < 0n) return undefined;
    if (limit !== undefined && (x.hi >= limit || y.hi >= limit)) return undefined;
    for (const [small, big] of [
      [x, y],
      [y, x],
    ] as const) {
      const st = cx.strideOf(big);
      if ((small.hi ?? 0n) < st && (st & (st - 1n)) === 0n) {
        if (op === '&') return cx.intConst(0n, x.isNumber);
        return cx.makeInt(x.isNumber, small.term.add(big.term) as IntTerm, (small.lo ?? 0n) + (big.lo ?? 0n), (small.hi ?? 0n) + (big.hi ?? 0n));
      }
    }
    return undefined;
  };
  if (x.isNumber) {
    if (q.constant === undefined) {
      const sum = disjointSum(2n ** 31n);
      if (sum !== undefined) return sum;
    }
    if (q.constant !== undefined) {
      const c = BigInt.asUintN(32, q.constant);
      const small = nonNegativeConstOp(cx, op, p, c, true);
      if (small !== undefined) return small;
      // A value already in [0, 2^32) is its own ToUint32.
      const inUint32 = p.lo !== undefined && p.hi !== undefined && p.lo >= 0n && p.hi < 2n ** 32n;
      const u = inUint32 ? p.term : toUint32(cx, p.term);
      const and = andConst(cx, u, c, inUint32 ? rangeOf(p) : undefined);
      const raw = op === '&' ? and : op === '|' ? (u.add(c).sub(and) as IntTerm) : (u.add(c).sub(and.mul(2)) as IntTerm);
      if (op === '&' && c < 2n ** 31n) return cx.makeInt(true, raw, 0n, andBound(p, c));
      return cx.makeInt(true, toInt32(cx, raw), -(2n ** 31n), 2n ** 31n - 1n);
    }
    const bx = z3.Int2BV(x.term, 32);
    const by = z3.Int2BV(y.term, 32);
    const bv = op === '&' ? bx.and(by) : op === '|' ? bx.or(by) : bx.xor(by);
    // x & y keeps only bits of each operand: with one in [0, h] (h < 2^31), the result is in [0, h].
    const highs = op === '&' ? [x, y].filter(isNonNegativeInt32).map((v) => v.hi as bigint) : [];
    if (highs.length > 0) return cx.makeInt(true, z3.BV2Int(bv, true), 0n, highs.reduce((a, b) => (a < b ? a : b)));
    return cx.makeInt(true, z3.BV2Int(bv, true), -(2n ** 31n), 2n ** 31n - 1n);
  }
  if (q.constant !== undefined) {
    const c = q.constant;
    const small = c >= 0n ? nonNegativeConstOp(cx, op, p, c, false) : undefined;
    if (small !== undefined) return small;
    const and = c >= 0n ? andConst(cx, p.term, c, rangeOf(p)) : (p.term.sub(andConst(cx, p.term, -c - 1n, rangeOf(p))) as IntTerm);
    if (op === '&') return c >= 0n ? cx.makeInt(false, and, 0n, andBound(p, c)) : cx.makeInt(false, and);
    if (op === '|') {
      // For x, c >= 0: max(x, c) <= x | c <= x + c.
      if (c >= 0n && p.lo !== undefined && p.lo >= 0n && p.hi !== undefined) {
        return cx.makeInt(false, p.term.add(c).sub(and) as IntTerm, p.lo > c ? p.lo : c, p.hi + c);
      }
      return cx.makeInt(false, p.term.add(c).sub(and) as IntTerm);
    }
    return cx.makeInt(false, p.term.add(c).sub(and.mul(2)) as IntTerm);
  }
  // Disjoint bits: x < 2^k <= stride of y (both non-negative), as when bytes are assembled
  // with `value |= BigInt(b) << BigInt(8 * i)`: then | and ^ are +, and & is 0.
  const sum = disjointSum(undefined);
  if (sum !== undefined) return sum;
  if (x.lo !== undefined && x.lo >= 0n && y.lo !== undefined && y.lo >= 0n && x.hi !== undefined && y.hi !== undefined) {
    const maxHi = x.hi > y.hi ? x.hi : y.hi;
    const w = maxHi.toString(2).length;
    if (w <= 64) {
      const bx = z3.Int2BV(x.term, w);
      const by = z3.Int2BV(y.term, w);
      const bv = op === '&' ? bx.and(by) : op === '|' ? bx.or(by) : bx.xor(by);
      return cx.makeInt(false, z3.BV2Int(bv, false), 0n, (1n << BigInt(w)) - 1n);
    }
  }
  return cx.fail(`bigint '${op}' of two symbolic operands without a known non-negative 64-bit range`, node);
}

/** `<<`, `>>`, `>>>` (number: 32-bit; bigint: multiplication or floor division by a power of two). */
function shift(cx: TranslationContext, op: string, x: IntValue, y: IntValue, frame: Frame, pathCond: BoolTerm, node: Node): Value {
  const z3 = cx.z3;
  if (x.isNumber) {
    if (y.constant === undefined && y.lo !== undefined && y.hi !== undefined) {
      const st = cx.strideOf(y);
      const from = ((y.lo + (y.lo < 0n ? 0n : st - 1n)) / st) * st;
      const count = (y.hi - from) / st + 1n;
      if (count <= 64n) {
        let acc: IntValue | undefined;
        for (let k = y.hi - ((y.hi - from) % st); k >= from; k -= st) {
          const v = shift(cx, op, x, cx.intConst(k, true), frame, pathCond, node) as IntValue;
          acc = acc === undefined ? v : (merge(cx, y.term.eq(k), v, acc, node) as IntValue);
        }
        if (acc !== undefined) return acc;
      }
    }
    if (y.constant === undefined) {
      const bx = z3.Int2BV(x.term, 32);
      const by = z3.Int2BV(y.term, 32).and(31);
      if (op === '<<') return cx.makeInt(true, z3.BV2Int(bx.shl(by), true), -(2n ** 31n), 2n ** 31n - 1n);
      if (op === '>>') return cx.makeInt(true, z3.BV2Int(bx.shr(by), true), -(2n ** 31n), 2n ** 31n - 1n);
      return cx.makeInt(true, z3.BV2Int(bx.lshr(by), false), 0n, 2n ** 32n - 1n);
    }
    const k = BigInt(Number(y.constant) & 31);
    if (op === '>>>') {
      if (x.lo !== undefined && x.hi !== undefined && x.lo >= 0n && x.hi < 2n ** 32n) {
        return cx.makeInt(true, x.term.div(pow2(cx, k)) as IntTerm, x.lo >> k, x.hi >> k);
      }
      const t = toUint32(cx, x.term).div(pow2(cx, k)) as IntTerm;
      return cx.makeInt(true, t, 0n, (2n ** 32n - 1n) >> k);
    }
    if (op === '>>') {
      return cx.makeInt(true, toInt32(cx, toUint32(cx, x.term)).div(pow2(cx, k)) as IntTerm, -(2n ** 31n) >> k, (2n ** 31n - 1n) >> k);
    }
    if (x.lo !== undefined && x.hi !== undefined && x.lo >= 0n && x.hi << k < 2n ** 31n) {
      return cx.makeInt(true, x.term.mul(pow2(cx, k)) as IntTerm, x.lo << k, x.hi << k, cx.strideOf(x) << k);
    }
    return cx.makeInt(true, toInt32(cx, toUint32(cx, x.term.mul(pow2(cx, k)) as IntTerm)), -(2n ** 31n), 2n ** 31n - 1n);
  }
  if (op === '>>>') cx.fail("'>>>' on bigint", node);
  const left = op === '<<';
  const at = (k: bigint): IntTerm => {
    // a << k == a * 2^k; a >> k == floor(a / 2^k); a negative amount shifts the other way.
    const l = k >= 0n ? left : !left;
    const m = k >= 0n ? k : -k;
    return l ? (x.term.mul(pow2(cx, m)) as IntTerm) : (x.term.div(pow2(cx, m)) as IntTerm);
  };
  let r: IntValue;
  if (y.constant !== undefined) {
    const amount = y.constant >= 0n ? y.constant : -y.constant;
    const shiftsLeft = left === y.constant >= 0n;
    let lo: bigint | undefined;
    let hi: bigint | undefined;
    if (x.lo !== undefined && x.hi !== undefined) {
      lo = shiftsLeft ? x.lo << amount : x.lo >> amount;
      hi = shiftsLeft ? x.hi << amount : x.hi >> amount;
    }
    r = cx.makeInt(false, at(y.constant), lo, hi, shiftsLeft ? cx.strideOf(x) << amount : undefined);
  } else {
    // Symbolic amount: an If-chain over the amounts the interval allows, within [0, 256].
    cx.oblige('domain', pathCond, z3.And(y.term.ge(0), y.term.le(SHIFT_BOUND)), `bigint shift amount in [0, ${SHIFT_BOUND}] (a negative amount shifts the other way)`, node);
    const st = cx.strideOf(y);
    let from = y.lo !== undefined && y.lo > 0n ? y.lo : 0n;
    from = ((from + st - 1n) / st) * st;
    let to = y.hi !== undefined && y.hi < SHIFT_BOUND ? y.hi : SHIFT_BOUND;
    to = (to / st) * st;
    let t: IntTerm = at(to);
    for (let k = to - st; k >= from; k -= st) t = z3.If(y.term.eq(k), at(k), t) as IntTerm;
    let lo: bigint | undefined;
    let hi: bigint | undefined;
    if (x.lo !== undefined && x.hi !== undefined && x.lo >= 0n) {
      lo = 0n;
      hi = left ? x.hi << to : x.hi;
    }
    r = cx.makeInt(false, t, lo, hi);
  }
  if (left) rangeObligation(cx, r, frame.mode, pathCond, node, `'${op}'`);
  return r;
}

/** `<`, `<=`, `>`, `>=`, `===`, `!==`. */
export function compare(cx: TranslationContext, op: string, x: Value, y: Value, node: Node, pathCond: BoolTerm): BoolValue {
  recordComparison(cx, op, x, y, node, pathCond);
  if (op === '===' || op === '!==') {
    const eq = equal(cx, x, y, node);
    if (op === '===') return eq;
    return eq.constant !== undefined ? cx.boolConst(!eq.constant) : { kind: 'bool', term: cx.not(eq.term) };
  }
  const a = cx.asInt(x, node, pathCond);
  const b = cx.asInt(y, node, pathCond);
  if (a.isNumber !== b.isNumber) cx.fail(`comparing number with bigint ('${op}')`, node);
  const sem = cx.semantics;
  if (a.constant !== undefined && b.constant !== undefined) {
    const [p, q] = [a.constant, b.constant];
    return cx.boolConst(op === '<' ? sem.lessConstant(p, q) : op === '<=' ? p <= q : op === '>' ? p > q : p >= q);
  }
  // Decided by the intervals (sound over-approximations of the values).
  if (a.lo !== undefined && a.hi !== undefined && b.lo !== undefined && b.hi !== undefined) {
    const lt = sem.lessConstant(a.hi, b.lo) ? true : !sem.lessConstant(a.lo, b.hi) ? false : undefined;
    const le = a.hi <= b.lo ? true : a.lo > b.hi ? false : undefined;
    const r = op === '<' ? lt : op === '<=' ? le : op === '>' ? (le === undefined ? undefined : !le) : op === '>=' ? (a.lo >= b.hi ? true : a.hi < b.lo ? false : undefined) : undefined;
    if (r !== undefined) return cx.boolConst(r);
  }
  switch (op) {
    case '<':
      return { kind: 'bool', term: sem.less(a.term, b.term) };
    case '<=':
      return { kind: 'bool', term: a.term.le(b.term) };
    case '>':
      return { kind: 'bool', term: a.term.gt(b.term) };
    case '>=':
      return { kind: 'bool', term: a.term.ge(b.term) };
  }
  return cx.fail(`comparison '${op}'`, node);
}

/** Notes an integer comparison written in kernel code (a binary expression), for the boundary covers. */
function recordComparison(cx: TranslationContext, op: string, x: Value, y: Value, node: Node, pathCond: BoolTerm): void {
  if (!Node.isBinaryExpression(node)) return;
  const file = node.getSourceFile().getFilePath();
  if (file.endsWith('.proof.ts') || !file.includes('/kernel/')) return;
  const a = comparedInteger(x);
  const b = comparedInteger(y);
  if (a === undefined || b === undefined || a.isNumber !== b.isNumber) return;
  // A possibly-undefined operand is compared as its value where it is present.
  let path = pathCond;
  if (x.kind === 'optional') path = cx.and(path, x.present);
  if (y.kind === 'optional') path = cx.and(path, y.present);
  const difference = a.constant !== undefined && b.constant !== undefined ? cx.numeral(a.constant - b.constant) : (a.term.sub(b.term) as IntTerm);
  cx.comparisons.push({ node, op, pathCondition: path, difference });
}

/** A compared operand's integer: itself, or the value of a possibly-undefined one. */
function comparedInteger(v: Value): IntValue | undefined {
  if (v.kind === 'optional') return v.value.kind === 'int' ? v.value : undefined;
  return v.kind === 'int' ? v : undefined;
}

/** `===` (exact on undefined and optional values). */
export function equal(cx: TranslationContext, x: Value, y: Value, node: Node): BoolValue {
  const z3 = cx.z3;
  if (x.kind === 'undefined' || y.kind === 'undefined') {
    const other = x.kind === 'undefined' ? y : x;
    if (other.kind === 'undefined') return cx.boolConst(true);
    if (other.kind === 'optional') return { kind: 'bool', term: cx.not(other.present) };
    return cx.boolConst(false);
  }
  if (x.kind === 'optional' || y.kind === 'optional') {
    const ox = x.kind === 'optional' ? x : { present: z3.Bool.val(true), value: x };
    const oy = y.kind === 'optional' ? y : { present: z3.Bool.val(true), value: y };
    const inner = equal(cx, ox.value, oy.value, node);
    return { kind: 'bool', term: z3.Or(z3.And(z3.Not(ox.present), z3.Not(oy.present)), z3.And(ox.present, oy.present, inner.term)) };
  }
  if (x.kind === 'int' && y.kind === 'int') {
    if (x.isNumber !== y.isNumber) cx.fail('=== between number and bigint', node);
    if (x.constant !== undefined && y.constant !== undefined) return cx.boolConst(x.constant === y.constant);
    if (x.lo !== undefined && x.hi !== undefined && y.lo !== undefined && y.hi !== undefined) {
      if (x.hi < y.lo || y.hi < x.lo) return cx.boolConst(false); // disjoint intervals
      if (x.lo === x.hi && y.lo === y.hi && x.lo === y.lo) return cx.boolConst(true); // one and the same value
    }
    return { kind: 'bool', term: x.term.eq(y.term) };
  }
  if (x.kind === 'bool' && y.kind === 'bool') {
    if (x.constant !== undefined && y.constant !== undefined) return cx.boolConst(x.constant === y.constant);
    return { kind: 'bool', term: x.term.eq(y.term) };
  }
  if (x.kind === 'string' && y.kind === 'string') {
    if (x.constant !== undefined && y.constant !== undefined) return cx.boolConst(x.constant === y.constant);
    return { kind: 'bool', term: x.term.eq(y.term) };
  }
  return cx.fail(`=== between ${x.kind} and ${y.kind}`, node);
}
