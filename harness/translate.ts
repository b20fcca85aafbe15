/**
 * The TS -> SMT translator: reads kernel source with ts-morph and symbolically executes the
 * provable subset (docs/ARCHITECTURE.md, kernel rule 4) into z3 terms. See docs/PROOFS.md "Semantics" for the table.
 *
 * Values: `bigint` and integer `number` are unbounded SMT Int (exact JS semantics) with range
 * obligations (int64 / uint256 per function for bigint, the safe-integer range for number);
 * `boolean` is Bool; string literals are interned Ints compared by `===`; readonly records and
 * tuples are maps/arrays of terms; `undefined` is tracked as an option value.
 * Control flow: `if`/ternary/`&&`/`||` merge by `If`; early `return` by continuation passing;
 * loops unrolled up to the unwind bound with an unwinding obligation (Kani's unwinding assertion).
 * Anything else is a TranslationError naming the construct and file:line.
 */
import path from 'node:path';
import {
  type ArrowFunction,
  type Expression,
  type FunctionDeclaration,
  type FunctionExpression,
  Node,
  type ObjectLiteralExpression,
  type ParameterDeclaration,
  type SourceFile,
  type Statement,
  SyntaxKind,
  VariableDeclarationKind,
} from 'ts-morph';
import type { Arith, Bool, Context } from 'z3-solver';

/** Bump on any change to the translation semantics: it is part of the proof-cache key. */
export const TRANSLATOR_VERSION = 'bllvm-ts2smt/2.0.0';

type Z = Context<'main'>;
type A = Arith<'main'>;
type B = Bool<'main'>;

export type BigintMode = 'int64' | 'uint256' | 'unbounded';

export type Sym =
  | {
      readonly k: 'int';
      readonly num: boolean;
      readonly t: A;
      readonly c?: bigint;
      readonly lo?: bigint;
      readonly hi?: bigint;
      /** Every value is a multiple of `st` (a stride, for shift-amount case splits). */
      readonly st?: bigint;
    }
  | { readonly k: 'bool'; readonly t: B; readonly c?: boolean }
  | { readonly k: 'str'; readonly t: A; readonly c?: string }
  | { readonly k: 'rec'; readonly f: ReadonlyMap<string, Sym> }
  /**
   * A tuple or byte string. `items` holds every element that can exist; `len`, when present, is
   * a symbolic length in [0, items.length] (an array built by a loop or by branches of different
   * lengths), and only the first `len` items exist.
   */
  | { readonly k: 'tup'; readonly items: readonly Sym[]; readonly len?: IntSym; readonly refs?: readonly ArrayRef[] }
  | { readonly k: 'undef' }
  | { readonly k: 'opt'; readonly some: B; readonly v: Sym }
  | { readonly k: 'fn'; readonly decl: FnNode }
  /** A module-level `const` object literal, translated field by field on access. */
  | { readonly k: 'lazy'; readonly obj: ObjectLiteralExpression };

/**
 * Which array a tuple value is (aliasing): an allocation made during the translation, or a
 * subarray view of one at `offset` (undefined: a symbolic offset). A tuple without `refs` is an
 * array the code may not write: a proof input, a module constant, or derived from one. A tuple
 * with several refs is one of several arrays (merged branches).
 */
export interface ArrayRef {
  readonly id: number;
  readonly offset: number | undefined;
  readonly whole: boolean;
}

type IntSym = Extract<Sym, { k: 'int' }>;
type BoolSym = Extract<Sym, { k: 'bool' }>;
type FnNode = FunctionDeclaration | ArrowFunction | FunctionExpression;

export type ObligationKind = 'overflow' | 'domain' | 'unwind' | 'ensures' | 'requires';

export interface Obligation {
  readonly kind: ObligationKind;
  readonly pc: B;
  readonly cond: B;
  readonly message: string;
  readonly loc: string;
}

export class TranslationError extends Error {
  constructor(
    readonly construct: string,
    readonly loc: string,
  ) {
    super(`${loc}: unsupported: ${construct}`);
  }
}

/** Optional translator mutation, for the harness's own mutation test. */
export type TranslatorMutant = 'none' | 'floor-div-as-trunc' | 'lt-as-le' | 'shr-as-shl';

interface Frame {
  readonly env: Map<string, Sym>;
  readonly mode: BigintMode;
  readonly unwind: number;
  readonly file: string;
  /** Allocations with an id from this one on were made by this call or its callees: it may write them. */
  readonly allocBase: number;
}

type Ret = Sym | null;
type K = (env: Map<string, Sym>, pc: B) => Ret;

/** A loop as the translator runs it: condition, body, increment, and what follows the loop. */
interface LoopParts {
  readonly cond: (e: Map<string, Sym>, p: B) => Extract<Sym, { k: 'bool' }>;
  readonly body: (e: Map<string, Sym>, p: B, k: K) => Ret;
  readonly incr: (e: Map<string, Sym>, p: B) => Map<string, Sym>;
  readonly after: K;
  readonly node: Node;
  readonly fr: Frame;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SAFE = 2n ** 53n - 1n;
const U256 = 2n ** 256n - 1n;
const MAX_DEPTH = 32;
const DEFAULT_UNWIND = 64;
const SHIFT_BOUND = 256n;
/**
 * Hash functions of kernel/crypto/hashes.ts modelled as uninterpreted functions: digest width,
 * and whether the proofs may assume collision resistance (no known collision; CI.md, "Axioms").
 * SHA-1 may not: collisions are public (SHAttered, 2017; a chosen-prefix collision, 2020).
 */
const HASHES: Readonly<Record<string, { readonly width: number; readonly collisionResistant: boolean }>> = {
  sha256: { width: 32, collisionResistant: true },
  sha256d: { width: 32, collisionResistant: true },
  hash160: { width: 20, collisionResistant: true },
  ripemd160: { width: 20, collisionResistant: true },
  sha1: { width: 20, collisionResistant: false },
};

export class Translator {
  readonly obligations: Obligation[] = [];
  readonly strings = new Map<string, number>();
  private readonly constMemo = new Map<Node, Sym>();
  private readonly callStack: Node[] = [];
  /** Kernel functions entered during translation (for coverage and the report). */
  readonly functionsUsed = new Set<string>();
  /** Axiom instances (hash output ranges and injectivity) the proof assumes. */
  readonly axioms: B[] = [];
  /** Names of the axioms used, for the report. */
  readonly axiomsUsed = new Set<string>();
  private readonly hashApps = new Map<string, { len: number; args: readonly A[]; out: readonly Sym[] }[]>();
  private readonly hashFns = new Map<string, ReturnType<Z['Function']['declare']>[]>();
  /** The last allocation id handed out (ids start at 1). */
  private allocations = 0;
  /** Above 0 while a module constant is evaluated: its arrays are module state, never writable. */
  private frozen = 0;

  constructor(
    readonly Z: Z,
    readonly root: string,
    readonly mutant: TranslatorMutant = 'none',
  ) {}

  // ---------- helpers ----------

  loc(node: Node): string {
    const sf = node.getSourceFile();
    const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
    return `${path.relative(this.root, sf.getFilePath())}:${line}:${column}`;
  }

  private fail(construct: string, node: Node): never {
    throw new TranslationError(construct, this.loc(node));
  }

  ival(c: bigint, num: boolean): IntSym {
    return { k: 'int', num, t: this.Z.Int.val(c), c, lo: c, hi: c, st: c < 0n ? -c : c };
  }
  bval(c: boolean): BoolSym {
    return { k: 'bool', t: this.Z.Bool.val(c), c };
  }
  private tt(): B {
    return this.Z.Bool.val(true);
  }

  private oblige(kind: ObligationKind, pc: B, cond: B | boolean, message: string, node: Node): void {
    if (cond === true) return;
    const c = typeof cond === 'boolean' ? this.Z.Bool.val(cond) : cond;
    if (this.Z.isTrue(c) || this.implied(pc, c)) return;
    this.obligations.push({ kind, pc, cond: c, message, loc: this.loc(node) });
  }

  /** Whether `cond` is syntactically one of the conjuncts of `pc` (or a conjunction of them): no query needed. */
  private implied(pc: B, cond: B): boolean {
    const Z = this.Z;
    const conjuncts: B[] = [];
    const walk = (t: B): void => {
      if (Z.isAnd(t)) for (const ch of t.children()) walk(ch as B);
      else conjuncts.push(t);
    };
    walk(pc);
    const has = (t: B): boolean => Z.isTrue(t) || conjuncts.some((x) => x.eqIdentity(t)) || (Z.isAnd(t) && t.children().every((ch) => has(ch as B)));
    return has(cond);
  }

  /** not(x), without double negations (so that a narrowed path condition has the very term a check asks for). */
  not(x: B): B {
    const Z = this.Z;
    if (Z.isTrue(x)) return Z.Bool.val(false);
    if (Z.isFalse(x)) return Z.Bool.val(true);
    if (Z.isNot(x)) return x.children()[0] as B;
    return Z.Not(x);
  }

  /** If(c, x, y) on booleans, folding constant branches (If(c, true, false) is c). */
  private boolIf(c: B, x: B, y: B): B {
    const Z = this.Z;
    if (x.eqIdentity(y)) return x;
    if (Z.isTrue(x) && Z.isFalse(y)) return c;
    if (Z.isFalse(x) && Z.isTrue(y)) return this.not(c);
    if (Z.isTrue(x)) return Z.Or(c, y);
    if (Z.isFalse(y)) return this.and(c, x);
    if (Z.isFalse(x)) return this.and(this.not(c), y);
    if (Z.isTrue(y)) return Z.Or(this.not(c), x);
    return Z.If(c, x, y) as B;
  }

  /**
   * The value of a possibly-undefined `s` where the code requires it present (a non-null
   * assertion, a cast to a type without undefined, arithmetic, a comparison, a property read):
   * presence is an obligation. A value that is undefined here is outside the subset.
   */
  present(s: Sym, pc: B, node: Node, what: string): Sym {
    if (s.k === 'opt') {
      this.oblige('domain', pc, s.some, `${what} is not undefined`, node);
      return s.v;
    }
    if (s.k === 'undef') return this.fail(`${what} is always undefined here`, node);
    return s;
  }

  private and(a: B, b: B): B {
    if (this.Z.isTrue(a)) return b;
    if (this.Z.isTrue(b)) return a;
    return this.Z.And(a, b);
  }

  /** Builds an int Sym from a term with an optional interval. */
  private mk(num: boolean, t: A, lo?: bigint, hi?: bigint, st?: bigint): IntSym {
    // A value whose (sound) interval is a single point is that constant.
    if (lo !== undefined && lo === hi && this.mutant === 'none') return this.ival(lo, num);
    const r: { k: 'int'; num: boolean; t: A; lo?: bigint; hi?: bigint; st?: bigint } = { k: 'int', num, t };
    if (lo !== undefined) r.lo = lo;
    if (hi !== undefined) r.hi = hi;
    if (st !== undefined && st > 1n) r.st = st;
    return r;
  }

  private stride(x: IntSym): bigint {
    return x.st ?? 1n;
  }

  /** A tuple's length: its symbolic length, or the constant number of items. */
  private tupLen(t: Extract<Sym, { k: 'tup' }>): IntSym {
    return t.len ?? this.ival(BigInt(t.items.length), true);
  }

  /** items[idx] for a symbolic idx (an If-chain; an index past the end reads the last item). */
  private select(items: readonly Sym[], idx: A, node: Node): Sym {
    let r = items[items.length - 1] as Sym;
    for (let i = items.length - 2; i >= 0; i--) r = this.merge(idx.eq(i), items[i] as Sym, r, node);
    return r;
  }

  /** a ‖ b; with a symbolic length of a, each item after a's constant part is a case split. */
  private concat(a: Extract<Sym, { k: 'tup' }>, b: Extract<Sym, { k: 'tup' }>, node: Node): Extract<Sym, { k: 'tup' }> {
    if (a.len === undefined && b.len === undefined) return { k: 'tup', items: [...a.items, ...b.items] };
    const la = this.tupLen(a);
    const lb = this.tupLen(b);
    const len = this.mk(true, la.t.add(lb.t) as A, (la.lo ?? 0n) + (lb.lo ?? 0n), (la.hi ?? BigInt(a.items.length)) + (lb.hi ?? BigInt(b.items.length)));
    if (a.len === undefined) return { k: 'tup', items: [...a.items, ...b.items], len };
    const items: Sym[] = [];
    for (let j = 0; j < a.items.length + b.items.length; j++) {
      const fromB = b.items.length === 0 ? undefined : this.select(b.items, this.Z.Int.val(j).sub(la.t) as A, node);
      const fromA = a.items[j];
      if (fromA === undefined || (la.hi !== undefined && la.hi <= BigInt(j))) items.push(fromB ?? (fromA as Sym));
      else if (fromB === undefined || (la.lo !== undefined && la.lo > BigInt(j))) items.push(fromA);
      else items.push(this.merge(la.t.gt(j), fromA, fromB, node));
    }
    return { k: 'tup', items, len };
  }

  /** The items of a tuple whose length is a constant; a symbolic length is outside the subset here. */
  private fixedItems(t: Extract<Sym, { k: 'tup' }>, what: string, node: Node): readonly Sym[] {
    if (t.len !== undefined) this.fail(`${what} of an array of symbolic length`, node);
    return t.items;
  }

  /** A new array: writable by the call that made it (and by its callers once it is returned). */
  private fresh(): readonly ArrayRef[] | undefined {
    if (this.frozen > 0) return undefined;
    this.allocations += 1;
    return [{ id: this.allocations, offset: 0, whole: true }];
  }

  /** A new array value of `items` (and a symbolic length). */
  private newArray(items: readonly Sym[], len?: IntSym): Extract<Sym, { k: 'tup' }> {
    const refs = this.fresh();
    const t: { k: 'tup'; items: readonly Sym[]; len?: IntSym; refs?: readonly ArrayRef[] } = { k: 'tup', items };
    if (len !== undefined) t.len = len;
    if (refs !== undefined) t.refs = refs;
    return t;
  }

  /** JS's ToUint8 on a store into a Uint8Array is silent truncation: a stored value must be a byte. */
  private storeByte(v: Sym, pc: B, node: Node): Sym {
    const x = this.asInt(v, node, pc);
    if (!x.num) this.fail('a bigint stored into a Uint8Array', node);
    if (x.lo === undefined || x.hi === undefined || x.lo < 0n || x.hi > 255n) {
      this.oblige('domain', pc, this.Z.And(x.t.ge(0), x.t.le(255)), 'a value stored into a Uint8Array is a byte (no silent truncation)', node);
    }
    return this.mk(true, x.t, x.lo !== undefined && x.lo > 0n ? x.lo : 0n, x.hi !== undefined && x.hi < 255n ? x.hi : 255n, x.st);
  }

  private asInt(s: Sym, node: Node, pc: B): Extract<Sym, { k: 'int' }> {
    // Arithmetic on undefined is NaN in JS: presence is an obligation.
    if (s.k === 'opt') return this.asInt(this.present(s, pc, node, `'${node.getText().slice(0, 40)}'`), node, pc);
    if (s.k !== 'int') this.fail(`expected a bigint/number, got ${s.k}`, node);
    return s;
  }

  toBool(s: Sym, node: Node): Extract<Sym, { k: 'bool' }> {
    switch (s.k) {
      case 'bool':
        return s;
      case 'int':
        return s.c !== undefined ? this.bval(s.c !== 0n) : { k: 'bool', t: s.t.neq(0) };
      case 'undef':
        return this.bval(false);
      case 'opt': {
        const inner = this.toBool(s.v, node);
        return { k: 'bool', t: this.and(s.some, inner.t) };
      }
      case 'rec':
      case 'tup':
      case 'fn':
      case 'lazy':
        return this.bval(true);
      case 'str':
        return s.c !== undefined ? this.bval(s.c !== '') : this.fail('truthiness of a symbolic string', node);
    }
  }

  private strId(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) {
      id = this.strings.size + 1;
      this.strings.set(s, id);
    }
    return id;
  }

  /** If-merge of two values of the same shape. */
  merge(c: B, a: Sym, b: Sym, node: Node): Sym {
    const Z = this.Z;
    if (Z.isTrue(c)) return a;
    if (Z.isFalse(c)) return b;
    if (a.k === 'int' && b.k === 'int') {
      if (a.c !== undefined && a.c === b.c) return a;
      const lo = a.lo !== undefined && b.lo !== undefined ? (a.lo < b.lo ? a.lo : b.lo) : undefined;
      const hi = a.hi !== undefined && b.hi !== undefined ? (a.hi > b.hi ? a.hi : b.hi) : undefined;
      if (a.t === b.t) return this.mk(a.num, a.t, lo, hi, gcd(this.stride(a), this.stride(b)));
      return this.mk(a.num, Z.If(c, a.t, b.t) as A, lo, hi, gcd(this.stride(a), this.stride(b)));
    }
    if (a.k === 'bool' && b.k === 'bool') {
      if (a.c !== undefined && a.c === b.c) return a;
      return { k: 'bool', t: this.boolIf(c, a.t, b.t) };
    }
    if (a.k === 'str' && b.k === 'str') {
      if (a.c !== undefined && a.c === b.c) return a;
      return { k: 'str', t: Z.If(c, a.t, b.t) as A };
    }
    if (a.k === 'undef' && b.k === 'undef') return a;
    if (a.k === 'undef' || b.k === 'undef' || a.k === 'opt' || b.k === 'opt') {
      const someOf = (s: Sym): B => (s.k === 'undef' ? Z.Bool.val(false) : s.k === 'opt' ? s.some : Z.Bool.val(true));
      const valOf = (s: Sym): Sym | undefined => (s.k === 'undef' ? undefined : s.k === 'opt' ? s.v : s);
      const va = valOf(a);
      const vb = valOf(b);
      const v = va === undefined ? vb : vb === undefined ? va : this.merge(c, va, vb, node);
      if (v === undefined) return { k: 'undef' };
      return { k: 'opt', some: this.boolIf(c, someOf(a), someOf(b)), v };
    }
    if (a.k === 'rec' && b.k === 'rec') {
      const f = new Map<string, Sym>();
      for (const key of new Set([...a.f.keys(), ...b.f.keys()])) {
        const x = a.f.get(key);
        const y = b.f.get(key);
        // A field one variant has and the other lacks is possibly undefined after the merge:
        // reading it through a wider type sees undefined on the other variant, as JS does.
        f.set(key, this.merge(c, x ?? { k: 'undef' }, y ?? { k: 'undef' }, node));
      }
      return { k: 'rec', f };
    }
    if (a.k === 'tup' && b.k === 'tup') {
      // Items beyond one side's length are never read on that side: keep the other side's.
      const n = Math.max(a.items.length, b.items.length);
      const items = Array.from({ length: n }, (_, i) => {
        const x = a.items[i];
        const y = b.items[i];
        return x === undefined ? (y as Sym) : y === undefined ? x : x === y ? x : this.merge(c, x, y, node);
      });
      const refs = mergeRefs(a.refs, b.refs);
      const t: { k: 'tup'; items: readonly Sym[]; len?: IntSym; refs?: readonly ArrayRef[] } = { k: 'tup', items };
      if (!(a.len === undefined && b.len === undefined && a.items.length === b.items.length)) t.len = this.merge(c, this.tupLen(a), this.tupLen(b), node) as IntSym;
      if (refs !== undefined) t.refs = refs;
      return t;
    }
    if (a.k === 'fn' && b.k === 'fn' && a.decl === b.decl) return a;
    if (a.k === 'lazy' && b.k === 'lazy' && a.obj === b.obj) return a;
    return this.fail(`merging values of different shapes (${a.k} / ${b.k})`, node);
  }

  private mergeRet(c: B, a: Ret, b: Ret, node: Node): Ret {
    if (a === null && b === null) return null;
    return this.merge(c, a ?? { k: 'undef' }, b ?? { k: 'undef' }, node);
  }

  private mergeEnv(c: B, a: Map<string, Sym>, b: Map<string, Sym>, node: Node): Map<string, Sym> {
    const out = new Map<string, Sym>();
    for (const [key, x] of a) {
      const y = b.get(key);
      if (y === undefined) continue; // declared in one branch only: out of scope after it
      out.set(key, x === y ? x : this.merge(c, x, y, node));
    }
    return out;
  }

  // ---------- arithmetic ----------

  private rangeObligation(r: Extract<Sym, { k: 'int' }>, mode: BigintMode, pc: B, node: Node, what: string): void {
    const Z = this.Z;
    if (r.num) {
      if (r.lo !== undefined && r.hi !== undefined && r.lo >= -SAFE && r.hi <= SAFE) return;
      this.oblige('overflow', pc, Z.And(r.t.ge(-SAFE), r.t.le(SAFE)), `number ${what} stays a safe integer`, node);
      return;
    }
    if (mode === 'unbounded') return;
    const [min, max] = mode === 'int64' ? [INT64_MIN, INT64_MAX] : [0n, U256];
    if (r.lo !== undefined && r.hi !== undefined && r.lo >= min && r.hi <= max) return;
    this.oblige('overflow', pc, Z.And(r.t.ge(min), r.t.le(max)), `bigint ${what} stays in ${mode} range`, node);
  }

  private floorDiv(a: A, b: A, bc: bigint | undefined): A {
    const Z = this.Z;
    if (bc !== undefined && bc > 0n) return a.div(b);
    return Z.If(b.gt(0), a.div(b), a.neg().div(b.neg())) as A;
  }

  private truncDiv(a: A, b: A, bc: bigint | undefined): A {
    if (this.mutant === 'floor-div-as-trunc') return this.floorDiv(a, b, bc);
    return this.truncDivRaw(a, b, bc);
  }

  private truncDivRaw(a: A, b: A, bc: bigint | undefined): A {
    const Z = this.Z;
    if (bc !== undefined && bc > 0n) return Z.If(a.ge(0), a.div(b), a.neg().div(b).neg()) as A;
    return Z.If(
      a.ge(0),
      Z.If(b.gt(0), a.div(b), a.div(b.neg()).neg()),
      Z.If(b.gt(0), a.neg().div(b).neg(), a.neg().div(b.neg())),
    ) as A;
  }

  private pow2(n: bigint): A {
    return this.Z.Int.val(1n << n);
  }

  /** x & c for a constant c >= 0, exact for every integer x (two's complement). */
  private andConst(x: A, c: bigint): A {
    const Z = this.Z;
    let acc: A = Z.Int.val(0);
    let bit = 0n;
    let first = true;
    while (c >> bit !== 0n) {
      if (((c >> bit) & 1n) === 1n) {
        const lo = bit;
        while (((c >> bit) & 1n) === 1n) bit++;
        const part = (lo === 0n ? x.mod(this.pow2(bit)) : x.mod(this.pow2(bit)).sub(x.mod(this.pow2(lo)))) as A;
        acc = first ? part : (acc.add(part) as A);
        first = false;
      } else bit++;
    }
    return acc;
  }

  private toU32(x: A): A {
    return x.mod(this.pow2(32n));
  }
  private signed32(u: A): A {
    return this.Z.If(u.ge(2n ** 31n), u.sub(2n ** 32n), u) as A;
  }

  /** Evaluates a concrete operation with JS semantics (exact constant folding). */
  private fold(op: string, a: bigint, b: bigint, num: boolean): bigint | undefined {
    try {
      if (num) {
        const x = Number(a);
        const y = Number(b);
        let r: number;
        switch (op) {
          case '+': r = x + y; break;
          case '-': r = x - y; break;
          case '*': r = x * y; break;
          case '%': r = x % y; break;
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
        case '/': return a / b;
        case '%': return a % b;
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

  arith(op: string, x: Extract<Sym, { k: 'int' }>, y: Extract<Sym, { k: 'int' }>, fr: Frame, pc: B, node: Node): Sym {
    if (x.num !== y.num) this.fail(`mixing number and bigint in '${op}'`, node);
    const num = x.num;
    const a = x.t;
    const b = y.t;
    if (x.c !== undefined && y.c !== undefined && !(op === '/' && num)) {
      const r = this.fold(op, x.c, y.c, num);
      if (r !== undefined && !(this.mutant !== 'none' && ['/', '>>'].includes(op))) {
        const v = this.ival(r, num) as Extract<Sym, { k: 'int' }>;
        if (['+', '-', '*', '<<', '**', '/'].includes(op)) this.rangeObligation(v, fr.mode, pc, node, `'${op}'`);
        if (op === '%' && !num && fr.mode === 'int64' && x.c === INT64_MIN && y.c === -1n) this.oblige('overflow', pc, false, 'INT64_MIN % -1 (undefined behaviour in C++)', node);
        return v;
      }
    }
    let r: Extract<Sym, { k: 'int' }>;
    switch (op) {
      case '+': {
        const lo = x.lo !== undefined && y.lo !== undefined ? x.lo + y.lo : undefined;
        const hi = x.hi !== undefined && y.hi !== undefined ? x.hi + y.hi : undefined;
        r = this.mk(num, a.add(b) as A, lo, hi, gcd(this.stride(x), this.stride(y)));
        break;
      }
      case '-': {
        const lo = x.lo !== undefined && y.hi !== undefined ? x.lo - y.hi : undefined;
        const hi = x.hi !== undefined && y.lo !== undefined ? x.hi - y.lo : undefined;
        r = this.mk(num, a.sub(b) as A, lo, hi, gcd(this.stride(x), this.stride(y)));
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
        r = this.mk(num, a.mul(b) as A, lo, hi, this.stride(x) * this.stride(y));
        break;
      }
      case '/':
      case '%': {
        if (num && op === '/') this.fail("number '/' outside Math.floor (the quotient may be fractional)", node);
        this.oblige('domain', pc, y.c !== undefined ? y.c !== 0n : b.neq(0), `divisor of '${op}' is not zero`, node);
        const q = this.truncDiv(a, b, y.c);
        // INT64_MIN / -1 overflows int64 (and INT64_MIN % -1 is undefined behaviour in C++).
        const minByMinusOne =
          !num && fr.mode === 'int64' && !(x.lo !== undefined && x.lo > INT64_MIN) && !(y.lo !== undefined && y.lo > -1n) && !(y.hi !== undefined && y.hi < -1n);
        if (op === '/') {
          let lo: bigint | undefined;
          let hi: bigint | undefined;
          if (y.c !== undefined && y.c > 0n && x.lo !== undefined && x.hi !== undefined) {
            lo = x.lo / y.c;
            hi = x.hi / y.c;
          }
          const quotient = this.mk(num, q, lo, hi);
          if (!num) this.rangeObligation(quotient as IntSym, fr.mode, pc, node, `'/'`);
          return quotient;
        }
        if (minByMinusOne) this.oblige('overflow', pc, this.not(this.Z.And(a.eq(INT64_MIN), b.eq(-1))), 'INT64_MIN % -1 (undefined behaviour in C++)', node);
        const rem = a.sub(b.mul(q)) as A;
        if (y.c !== undefined && y.c > 0n && x.lo !== undefined && x.lo >= 0n) return this.mk(num, rem, 0n, y.c - 1n);
        return this.mk(num, rem);
      }
      case '&':
      case '|':
      case '^':
        return this.bitwise(op, x, y, node);
      case '<<':
      case '>>':
      case '>>>':
        return this.shift(this.mutant === 'shr-as-shl' && op === '>>' && !num ? '<<' : op, x, y, fr, pc, node);
      default:
        return this.fail(`operator '${op}'`, node);
    }
    this.rangeObligation(r, fr.mode, pc, node, `'${op}'`);
    return r;
  }

  /**
   * x & (2^k - 1) when the interval of x (x >= 0) lies within one block of 2^k: x minus a
   * constant, exact and linear (no mod).
   */
  private lowMask(p: IntSym, c: bigint): IntSym | undefined {
    if (c < 0n || (c & (c + 1n)) !== 0n || p.lo === undefined || p.hi === undefined || p.lo < 0n) return undefined;
    const k = BigInt(c.toString(2).length);
    if (c === 0n) return undefined;
    if (p.lo >> k !== p.hi >> k) return undefined;
    const base = (p.lo >> k) << k;
    if (base === 0n) return p;
    return this.mk(p.num, p.t.sub(base) as A, p.lo - base, p.hi - base);
  }

  /**
   * `p | c`, `p ^ c`, `p & c` for a constant c >= 0 and p in a known non-negative range (below 2^31
   * for numbers), when no bit arithmetic is needed: c = 0, or c's bits all above p's (then | and ^
   * are +, & is 0), or all below p's stride. Undefined when the general formula is needed.
   */
  private nonNegativeConstOp(op: string, p: IntSym, c: bigint, num: boolean): IntSym | undefined {
    if (p.lo === undefined || p.hi === undefined || p.lo < 0n || (num && (p.hi >= 2n ** 31n || c >= 2n ** 31n))) return undefined;
    if (c === 0n) return op === '&' ? this.ival(0n, num) : p;
    const lowestBitOfC = c & -c;
    const st = this.stride(p);
    const disjoint = p.hi < lowestBitOfC || (c < st && (st & (st - 1n)) === 0n);
    if (!disjoint) return undefined;
    if (op === '&') return this.ival(0n, num);
    // A number result must stay a non-negative int32 (JS's | and ^ return ToInt32).
    if (num && p.hi + c >= 2n ** 31n) return undefined;
    return this.mk(num, p.t.add(c) as A, p.lo + c, p.hi + c);
  }

  private bitwise(op: string, x: Extract<Sym, { k: 'int' }>, y: Extract<Sym, { k: 'int' }>, node: Node): Sym {
    const Z = this.Z;
    let [p, q] = [x, y];
    if (p.c !== undefined && q.c === undefined) [p, q] = [q, p];
    if (op === '&' && q.c !== undefined && (!x.num || q.c < 2n ** 31n)) {
      const exact = this.lowMask(p, q.c);
      if (exact !== undefined) return exact;
    }
    if (x.num) {
      // Disjoint bits of two non-negative int32 values (as in `a | (b << 8)`): | and ^ are +, & is 0.
      if (q.c === undefined && x.lo !== undefined && x.hi !== undefined && y.lo !== undefined && y.hi !== undefined) {
        if (x.lo >= 0n && y.lo >= 0n && x.hi < 2n ** 31n && y.hi < 2n ** 31n) {
          for (const [small, big] of [
            [x, y],
            [y, x],
          ] as const) {
            const st = this.stride(big);
            if ((small.hi ?? 0n) < st && (st & (st - 1n)) === 0n) {
              if (op === '&') return this.ival(0n, true);
              return this.mk(true, small.t.add(big.t) as A, (small.lo ?? 0n) + (big.lo ?? 0n), (small.hi ?? 0n) + (big.hi ?? 0n));
            }
          }
        }
      }
      if (q.c !== undefined) {
        const c = BigInt.asUintN(32, q.c);
        const small = this.nonNegativeConstOp(op, p, c, true);
        if (small !== undefined) return small;
        // A value already in [0, 2^32) is its own ToUint32.
        const u = p.lo !== undefined && p.hi !== undefined && p.lo >= 0n && p.hi < 2n ** 32n ? p.t : this.toU32(p.t);
        const and = this.andConst(u, c);
        const raw = op === '&' ? and : op === '|' ? (u.add(c).sub(and) as A) : (u.add(c).sub(and.mul(2)) as A);
        if (op === '&' && c < 2n ** 31n) return this.mk(true, raw, 0n, c);
        return this.mk(true, this.signed32(raw), -(2n ** 31n), 2n ** 31n - 1n);
      }
      const bx = Z.Int2BV(x.t, 32);
      const by = Z.Int2BV(y.t, 32);
      const bv = op === '&' ? bx.and(by) : op === '|' ? bx.or(by) : bx.xor(by);
      return this.mk(true, Z.BV2Int(bv, true), -(2n ** 31n), 2n ** 31n - 1n);
    }
    if (q.c !== undefined) {
      const c = q.c;
      const small = c >= 0n ? this.nonNegativeConstOp(op, p, c, false) : undefined;
      if (small !== undefined) return small;
      const and = c >= 0n ? this.andConst(p.t, c) : (p.t.sub(this.andConst(p.t, -c - 1n)) as A);
      if (op === '&') return c >= 0n ? this.mk(false, and, 0n, c) : this.mk(false, and);
      if (op === '|') {
        // For x, c >= 0: max(x, c) <= x | c <= x + c.
        if (c >= 0n && p.lo !== undefined && p.lo >= 0n && p.hi !== undefined) {
          return this.mk(false, p.t.add(c).sub(and) as A, p.lo > c ? p.lo : c, p.hi + c);
        }
        return this.mk(false, p.t.add(c).sub(and) as A);
      }
      return this.mk(false, p.t.add(c).sub(and.mul(2)) as A);
    }
    // Disjoint bits: x < 2^k <= stride of y (both non-negative), as when bytes are assembled
    // with `value |= BigInt(b) << BigInt(8 * i)`: then | and ^ are +, and & is 0.
    if (x.lo !== undefined && x.lo >= 0n && y.lo !== undefined && y.lo >= 0n && x.hi !== undefined && y.hi !== undefined) {
      for (const [small, big] of [
        [x, y],
        [y, x],
      ] as const) {
        const st = this.stride(big);
        if (small.hi !== undefined && small.hi < st && (st & (st - 1n)) === 0n) {
          if (op === '&') return this.ival(0n, false);
          return this.mk(false, small.t.add(big.t) as A, (small.lo ?? 0n) + (big.lo ?? 0n), (small.hi ?? 0n) + (big.hi ?? 0n));
        }
      }
    }
    if (x.lo !== undefined && x.lo >= 0n && y.lo !== undefined && y.lo >= 0n && x.hi !== undefined && y.hi !== undefined) {
      const maxHi = x.hi > y.hi ? x.hi : y.hi;
      const w = maxHi.toString(2).length;
      if (w <= 64) {
        const bx = Z.Int2BV(x.t, w);
        const by = Z.Int2BV(y.t, w);
        const bv = op === '&' ? bx.and(by) : op === '|' ? bx.or(by) : bx.xor(by);
        return this.mk(false, Z.BV2Int(bv, false), 0n, (1n << BigInt(w)) - 1n);
      }
    }
    return this.fail(`bigint '${op}' of two symbolic operands without a known non-negative 64-bit range`, node);
  }

  private shift(op: string, x: Extract<Sym, { k: 'int' }>, y: Extract<Sym, { k: 'int' }>, fr: Frame, pc: B, node: Node): Sym {
    const Z = this.Z;
    if (x.num) {
      if (y.c === undefined && y.lo !== undefined && y.hi !== undefined) {
        const st = this.stride(y);
        const from = ((y.lo + (y.lo < 0n ? 0n : st - 1n)) / st) * st;
        const count = (y.hi - from) / st + 1n;
        if (count <= 64n) {
          let acc: IntSym | undefined;
          for (let k = y.hi - ((y.hi - from) % st); k >= from; k -= st) {
            const v = this.shift(op, x, this.ival(k, true), fr, pc, node) as IntSym;
            acc = acc === undefined ? v : (this.merge(y.t.eq(k), v, acc, node) as IntSym);
          }
          if (acc !== undefined) return acc;
        }
      }
      if (y.c === undefined) {
        const bx = Z.Int2BV(x.t, 32);
        const by = Z.Int2BV(y.t, 32).and(31);
        if (op === '<<') return this.mk(true, Z.BV2Int(bx.shl(by), true), -(2n ** 31n), 2n ** 31n - 1n);
        if (op === '>>') return this.mk(true, Z.BV2Int(bx.shr(by), true), -(2n ** 31n), 2n ** 31n - 1n);
        return this.mk(true, Z.BV2Int(bx.lshr(by), false), 0n, 2n ** 32n - 1n);
      }
      const k = BigInt(Number(y.c) & 31);
      if (op === '>>>') {
        if (x.lo !== undefined && x.hi !== undefined && x.lo >= 0n && x.hi < 2n ** 32n) {
          return this.mk(true, x.t.div(this.pow2(k)) as A, x.lo >> k, x.hi >> k);
        }
        const t = this.toU32(x.t).div(this.pow2(k)) as A;
        return this.mk(true, t, 0n, (2n ** 32n - 1n) >> k);
      }
      if (op === '>>') {
        return this.mk(true, this.signed32(this.toU32(x.t)).div(this.pow2(k)) as A, -(2n ** 31n) >> k, (2n ** 31n - 1n) >> k);
      }
      if (x.lo !== undefined && x.hi !== undefined && x.lo >= 0n && x.hi << k < 2n ** 31n) {
        return this.mk(true, x.t.mul(this.pow2(k)) as A, x.lo << k, x.hi << k, this.stride(x) << k);
      }
      return this.mk(true, this.signed32(this.toU32(x.t.mul(this.pow2(k)) as A)), -(2n ** 31n), 2n ** 31n - 1n);
    }
    if (op === '>>>') this.fail("'>>>' on bigint", node);
    const left = op === '<<';
    const at = (k: bigint): A => {
      // a << k == a * 2^k; a >> k == floor(a / 2^k); a negative amount shifts the other way.
      const l = k >= 0n ? left : !left;
      const m = k >= 0n ? k : -k;
      return l ? (x.t.mul(this.pow2(m)) as A) : (x.t.div(this.pow2(m)) as A);
    };
    let r: Extract<Sym, { k: 'int' }>;
    if (y.c !== undefined) {
      const t = at(y.c);
      let lo: bigint | undefined;
      let hi: bigint | undefined;
      if (x.lo !== undefined && x.hi !== undefined) {
        lo = left === y.c >= 0n ? x.lo << (y.c >= 0n ? y.c : -y.c) : x.lo >> (y.c >= 0n ? y.c : -y.c);
        hi = left === y.c >= 0n ? x.hi << (y.c >= 0n ? y.c : -y.c) : x.hi >> (y.c >= 0n ? y.c : -y.c);
      }
      const st = left === y.c >= 0n ? this.stride(x) << (y.c >= 0n ? y.c : -y.c) : undefined;
      r = this.mk(false, t, lo, hi, st) as Extract<Sym, { k: 'int' }>;
    } else {
      // Symbolic amount: an If-chain over the amounts the interval allows, within [0, 256].
      this.oblige(
        'domain',
        pc,
        Z.And(y.t.ge(0), y.t.le(SHIFT_BOUND)),
        `bigint shift amount in [0, ${SHIFT_BOUND}] (a negative amount shifts the other way)`,
        node,
      );
      const st = this.stride(y);
      let from = y.lo !== undefined && y.lo > 0n ? y.lo : 0n;
      from = ((from + st - 1n) / st) * st;
      let to = y.hi !== undefined && y.hi < SHIFT_BOUND ? y.hi : SHIFT_BOUND;
      to = (to / st) * st;
      let t: A = at(to);
      for (let k = to - st; k >= from; k -= st) t = Z.If(y.t.eq(k), at(k), t) as A;
      let lo: bigint | undefined;
      let hi: bigint | undefined;
      if (!left && x.lo !== undefined && x.hi !== undefined && x.lo >= 0n) {
        lo = 0n;
        hi = x.hi;
      }
      if (left && x.lo !== undefined && x.hi !== undefined && x.lo >= 0n) {
        lo = 0n;
        hi = x.hi << to;
      }
      r = this.mk(false, t, lo, hi) as Extract<Sym, { k: 'int' }>;
    }
    if (left) this.rangeObligation(r, fr.mode, pc, node, `'${op}'`);
    return r;
  }

  compare(op: string, x: Sym, y: Sym, node: Node, pc: B): Sym {
    const Z = this.Z;
    if (op === '===' || op === '!==') {
      const eq = this.equal(x, y, node);
      if (op === '===') return eq;
      return eq.c !== undefined ? this.bval(!eq.c) : { k: 'bool', t: this.not(eq.t) };
    }
    const a = this.asInt(x, node, pc);
    const b = this.asInt(y, node, pc);
    if (a.num !== b.num) this.fail(`comparing number with bigint ('${op}')`, node);
    if (a.c !== undefined && b.c !== undefined) {
      const m = this.mutant === 'lt-as-le' && op === '<' ? '<=' : op;
      return this.bval(m === '<' ? a.c < b.c : m === '<=' ? a.c <= b.c : m === '>' ? a.c > b.c : a.c >= b.c);
    }
    // Decided by the intervals (sound over-approximations of the values).
    if (this.mutant === 'none' && a.lo !== undefined && a.hi !== undefined && b.lo !== undefined && b.hi !== undefined) {
      const lt = a.hi < b.lo ? true : a.lo >= b.hi ? false : undefined;
      const le = a.hi <= b.lo ? true : a.lo > b.hi ? false : undefined;
      const r = op === '<' ? lt : op === '<=' ? le : op === '>' ? (le === undefined ? undefined : !le) : lt === undefined ? undefined : !lt;
      if (r !== undefined) return this.bval(r);
    }
    switch (op) {
      case '<':
        return { k: 'bool', t: this.mutant === 'lt-as-le' ? a.t.le(b.t) : a.t.lt(b.t) };
      case '<=':
        return { k: 'bool', t: a.t.le(b.t) };
      case '>':
        return { k: 'bool', t: a.t.gt(b.t) };
      case '>=':
        return { k: 'bool', t: a.t.ge(b.t) };
    }
    return this.fail(`comparison '${op}'`, node);
  }

  private equal(x: Sym, y: Sym, node: Node): Extract<Sym, { k: 'bool' }> {
    const Z = this.Z;
    if (x.k === 'undef' || y.k === 'undef') {
      const other = x.k === 'undef' ? y : x;
      if (other.k === 'undef') return this.bval(true);
      if (other.k === 'opt') return { k: 'bool', t: this.not(other.some) };
      return this.bval(false);
    }
    if (x.k === 'opt' || y.k === 'opt') {
      const ox = x.k === 'opt' ? x : { some: Z.Bool.val(true), v: x };
      const oy = y.k === 'opt' ? y : { some: Z.Bool.val(true), v: y };
      const inner = this.equal(ox.v, oy.v, node);
      return { k: 'bool', t: Z.Or(Z.And(Z.Not(ox.some), Z.Not(oy.some)), Z.And(ox.some, oy.some, inner.t)) };
    }
    if (x.k === 'int' && y.k === 'int') {
      if (x.num !== y.num) this.fail('=== between number and bigint', node);
      if (x.c !== undefined && y.c !== undefined) return this.bval(x.c === y.c);
      if (x.lo !== undefined && x.hi !== undefined && y.lo !== undefined && y.hi !== undefined) {
        if (x.hi < y.lo || y.hi < x.lo) return this.bval(false); // disjoint intervals
        if (x.lo === x.hi && y.lo === y.hi && x.lo === y.lo) return this.bval(true); // one and the same value
      }
      return { k: 'bool', t: x.t.eq(y.t) };
    }
    if (x.k === 'bool' && y.k === 'bool') {
      if (x.c !== undefined && y.c !== undefined) return this.bval(x.c === y.c);
      return { k: 'bool', t: x.t.eq(y.t) };
    }
    if (x.k === 'str' && y.k === 'str') {
      if (x.c !== undefined && y.c !== undefined) return this.bval(x.c === y.c);
      return { k: 'bool', t: x.t.eq(y.t) };
    }
    return this.fail(`=== between ${x.k} and ${y.k}`, node);
  }

  // ---------- expressions ----------

  ev(node: Expression | Node, fr: Frame, pc: B): Sym {
    const Z = this.Z;
    if (Node.isParenthesizedExpression(node) || Node.isSatisfiesExpression(node)) return this.ev(node.getExpression(), fr, pc);
    if (Node.isNonNullExpression(node)) {
      // `x!` asserts presence: an obligation, never a phantom value.
      return this.present(this.ev(node.getExpression(), fr, pc), pc, node, `non-null assertion '${node.getText().slice(0, 40)}'`);
    }
    if (Node.isAsExpression(node)) {
      const v = this.ev(node.getExpression(), fr, pc);
      // A cast to a type without undefined asserts presence, like `!`.
      const t = node.getType();
      const admitsUndefined = t.isAny() || t.isUnknown() || t.isUndefined() || t.getUnionTypes().some((u) => u.isUndefined());
      return admitsUndefined ? v : this.present(v, pc, node, `cast '${node.getText().slice(0, 40)}'`);
    }
    if (Node.isNumericLiteral(node)) {
      const v = node.getLiteralValue();
      if (!Number.isSafeInteger(v)) this.fail(`non-integer number literal ${node.getText()}`, node);
      return this.ival(BigInt(v), true);
    }
    if (Node.isBigIntLiteral(node)) return this.ival(BigInt(node.getText().replace(/_/g, '').slice(0, -1)), false);
    if (Node.isTrueLiteral(node)) return this.bval(true);
    if (Node.isFalseLiteral(node)) return this.bval(false);
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
      const s = node.getLiteralValue();
      return { k: 'str', t: Z.Int.val(this.strId(s)), c: s };
    }
    if (Node.isIdentifier(node)) return this.identifier(node, fr);
    if (Node.isPrefixUnaryExpression(node)) {
      const op = node.getOperatorToken();
      const v = this.ev(node.getOperand(), fr, pc);
      if (op === SyntaxKind.ExclamationToken) {
        const b = this.toBool(v, node);
        return b.c !== undefined ? this.bval(!b.c) : { k: 'bool', t: this.not(b.t) };
      }
      const x = this.asInt(v, node, pc);
      if (op === SyntaxKind.MinusToken) return this.arith('-', this.ival(0n, x.num) as Extract<Sym, { k: 'int' }>, x, fr, pc, node);
      if (op === SyntaxKind.TildeToken) {
        if (x.num) {
          if (x.c !== undefined) return this.ival(BigInt(~Number(x.c)), true);
          return this.mk(true, this.signed32(this.toU32(x.t)).neg().sub(1) as A, -(2n ** 31n), 2n ** 31n - 1n);
        }
        if (x.c !== undefined) return this.ival(~x.c, false);
        return this.mk(false, x.t.neg().sub(1) as A);
      }
      if (op === SyntaxKind.PlusToken) this.fail("unary '+' (number conversion)", node);
      return this.fail(`prefix operator ${node.getText()}`, node);
    }
    if (Node.isBinaryExpression(node)) return this.binary(node, fr, pc);
    if (Node.isConditionalExpression(node)) {
      const c = this.toBool(this.ev(node.getCondition(), fr, pc), node);
      if (c.c === true) return this.ev(node.getWhenTrue(), fr, pc);
      if (c.c === false) return this.ev(node.getWhenFalse(), fr, pc);
      const a = this.ev(node.getWhenTrue(), { ...fr, env: this.refine(node.getCondition(), fr.env, true) }, this.and(pc, c.t));
      const b = this.ev(node.getWhenFalse(), { ...fr, env: this.refine(node.getCondition(), fr.env, false) }, this.and(pc, this.not(c.t)));
      return this.merge(c.t, a, b, node);
    }
    if (Node.isObjectLiteralExpression(node)) {
      const f = new Map<string, Sym>();
      for (const p of node.getProperties()) {
        if (Node.isPropertyAssignment(p)) {
          const nameNode = p.getNameNode();
          if (!Node.isIdentifier(nameNode) && !Node.isStringLiteral(nameNode)) this.fail('computed property name', p);
          f.set(Node.isIdentifier(nameNode) ? nameNode.getText() : nameNode.getLiteralValue(), this.ev(p.getInitializerOrThrow(), fr, pc));
        } else if (Node.isShorthandPropertyAssignment(p)) {
          f.set(p.getName(), this.identifier(p.getNameNode(), fr));
        } else this.fail(`object literal member ${p.getKindName()}`, p);
      }
      return { k: 'rec', f };
    }
    if (Node.isArrayLiteralExpression(node)) {
      return this.newArray(node.getElements().map((e) => (Node.isSpreadElement(e) ? this.fail('spread', e) : this.ev(e, fr, pc))));
    }
    if (Node.isPropertyAccessExpression(node)) {
      const name = node.getName();
      if (node.hasQuestionDotToken()) this.fail('optional chaining', node);
      const base = node.getExpression();
      if (Node.isIdentifier(base) && !fr.env.has(base.getText())) {
        // `ns.NAME` through `import * as ns`: the export itself.
        const d = base.getSymbol()?.getDeclarations()[0];
        if (d !== undefined && Node.isNamespaceImport(d)) return this.identifier(node.getNameNode(), fr);
      }
      const obj = this.ev(node.getExpression(), fr, pc);
      return this.property(obj, name, node, pc);
    }
    if (Node.isElementAccessExpression(node)) {
      const obj = this.ev(node.getExpression(), fr, pc);
      const idx = this.asInt(this.ev(node.getArgumentExpressionOrThrow(), fr, pc), node, pc);
      if (obj.k !== 'tup') return this.fail(`indexing a ${obj.k}`, node);
      const len = this.tupLen(obj);
      if (idx.c !== undefined) {
        const item = obj.items[Number(idx.c)];
        if (item === undefined || idx.c < 0n) return { k: 'undef' };
        // Past a symbolic length the element does not exist: JS reads undefined.
        if (len.lo !== undefined && len.lo > idx.c) return item;
        return { k: 'opt', some: len.t.gt(Z.Int.val(idx.c)), v: item };
      }
      this.oblige('domain', pc, Z.And(idx.t.ge(0), idx.t.lt(len.t)), 'index within the tuple', node);
      if (obj.items.length === 0) return { k: 'undef' };
      return this.select(obj.items, idx.t, node);
    }
    if (Node.isCallExpression(node)) return this.call(node, fr, pc);
    if (Node.isNewExpression(node) && node.getExpression().getText() === 'Uint8Array') {
      const [lenArg] = node.getArguments();
      const len = lenArg === undefined ? undefined : this.asInt(this.ev(lenArg, fr, pc), node, pc);
      if (len?.c === undefined || node.getArguments().length !== 1) return this.fail('new Uint8Array without one constant length', node);
      return this.newArray(Array.from({ length: Number(len.c) }, () => this.ival(0n, true)));
    }
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) return this.fail('function value (closure)', node);
    return this.fail(`expression ${node.getKindName()}`, node);
  }

  /** Narrows the intervals of local variables compared with constants in a branch condition. */
  private refine(cond: Node, env: Map<string, Sym>, positive: boolean): Map<string, Sym> {
    let c: Node = cond;
    while (Node.isParenthesizedExpression(c)) c = c.getExpression();
    if (Node.isPrefixUnaryExpression(c) && c.getOperatorToken() === SyntaxKind.ExclamationToken) return this.refine(c.getOperand(), env, !positive);
    // A possibly-undefined object local: present where it is truthy, undefined where it is not.
    if (Node.isIdentifier(c)) {
      const v = env.get(c.getText());
      if (v?.k !== 'opt' || !(v.v.k === 'rec' || v.v.k === 'tup')) return env;
      return new Map(env).set(c.getText(), positive ? v.v : { k: 'undef' });
    }
    if (!Node.isBinaryExpression(c)) return env;
    const op = c.getOperatorToken().getText();
    if ((op === '&&' && positive) || (op === '||' && !positive)) {
      return this.refine(c.getRight(), this.refine(c.getLeft(), env, positive), positive);
    }
    // `x === undefined`, `x !== undefined` on a possibly-undefined local.
    if (op === '===' || op === '!==') {
      const [l, r] = [c.getLeft(), c.getRight()];
      const named = r.getText() === 'undefined' ? l : l.getText() === 'undefined' ? r : undefined;
      if (named !== undefined && Node.isIdentifier(named)) {
        const v = env.get(named.getText());
        if (v?.k !== 'opt') return env;
        const isUndefined = (op === '===') === positive;
        return new Map(env).set(named.getText(), isUndefined ? { k: 'undef' } : v.v);
      }
    }
    const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '===': '===' };
    const neg: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
    let [l, r, o] = [c.getLeft(), c.getRight(), op];
    if (!Node.isIdentifier(l) && Node.isIdentifier(r)) [l, r, o] = [r, l, flip[op] ?? op];
    if (!Node.isIdentifier(l)) return env;
    const name = l.getText();
    const v = env.get(name);
    if (v === undefined || v.k !== 'int' || v.c !== undefined) return env;
    const kc = Node.isNumericLiteral(r) ? BigInt(r.getLiteralValue()) : Node.isBigIntLiteral(r) ? BigInt(r.getText().replace(/_/g, '').slice(0, -1)) : undefined;
    if (kc === undefined) return env;
    const eff = positive ? o : neg[o];
    if (eff === undefined) return env;
    let lo = v.lo;
    let hi = v.hi;
    const maxLo = (a: bigint): void => {
      if (lo === undefined || a > lo) lo = a;
    };
    const minHi = (a: bigint): void => {
      if (hi === undefined || a < hi) hi = a;
    };
    if (eff === '<') minHi(kc - 1n);
    else if (eff === '<=') minHi(kc);
    else if (eff === '>') maxLo(kc + 1n);
    else if (eff === '>=') maxLo(kc);
    else if (eff === '===') {
      maxLo(kc);
      minHi(kc);
    }
    const out = new Map(env);
    out.set(name, this.mk(v.num, v.t, lo, hi, v.st));
    return out;
  }

  private unwrap(n: Node): Node {
    let x = n;
    while (Node.isAsExpression(x) || Node.isSatisfiesExpression(x) || Node.isParenthesizedExpression(x)) x = x.getExpression();
    return x;
  }

  private readonly lazyMemo = new Map<Node, Map<string, Sym>>();

  /** A field of a module-level object literal: the last own property or spread that defines it. */
  private lazyField(obj: ObjectLiteralExpression, name: string, node: Node): Sym {
    let memo = this.lazyMemo.get(obj);
    if (memo === undefined) {
      memo = new Map();
      this.lazyMemo.set(obj, memo);
    }
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    const modFrame: Frame = { env: new Map(), mode: 'unbounded', unwind: DEFAULT_UNWIND, file: this.loc(obj), allocBase: this.allocations + 1 };
    let v: Sym = { k: 'undef' };
    this.frozen++;
    try {
    const props = obj.getProperties();
    for (let i = props.length - 1; i >= 0; i--) {
      const p = props[i] as Node;
      if (Node.isPropertyAssignment(p) && (p.getName() === name || p.getName() === JSON.stringify(name) || p.getName() === `'${name}'`)) {
        const init = this.unwrap(p.getInitializerOrThrow());
        v = Node.isObjectLiteralExpression(init) ? { k: 'lazy', obj: init } : this.ev(init, modFrame, this.tt());
        break;
      }
      if (Node.isShorthandPropertyAssignment(p) && p.getName() === name) {
        v = this.identifier(p.getNameNode(), modFrame);
        break;
      }
      if (Node.isSpreadAssignment(p)) {
        const base = this.ev(p.getExpression(), modFrame, this.tt());
        const f = this.property(base, name, node, this.tt());
        if (f.k !== 'undef') {
          v = f;
          break;
        }
      }
      if (Node.isMethodDeclaration(p) || Node.isGetAccessorDeclaration(p)) {
        if (p.getName() === name) this.fail('method or getter in a constant object', p);
      }
    }
    } finally {
      this.frozen--;
    }
    memo.set(name, v);
    return v;
  }

  /**
   * A hash of a byte tuple as an uninterpreted function of (length, bytes as a little-endian
   * integer), one function per output byte. Assumed per application: output bytes in [0, 255];
   * per pair of applications: equal outputs imply equal inputs (injectivity, i.e. collision
   * resistance), instantiated for the applications of this proof only.
   */
  private hash(name: string, input: Sym, node: Node, spec: { readonly width: number; readonly collisionResistant: boolean }): Sym {
    const Z = this.Z;
    if (input.k !== 'tup') return this.fail(`${name} of a ${input.k} (a byte tuple is required)`, node);
    const width = spec.width;
    const bytesIn: A[] = this.fixedItems(input, name, node).map((b, i) => {
      if (b.k !== 'int' || !b.num) this.fail(`${name} input byte ${i} is a ${b.k}`, node);
      return (b as IntSym).t;
    });
    const len = bytesIn.length;
    const key = `${name}/${len}`;
    let fns = this.hashFns.get(key);
    if (fns === undefined) {
      const sorts = bytesIn.map(() => Z.Int.sort());
      fns = Array.from({ length: width }, (_, j) => Z.Function.declare(`${name}_len${len}_byte${j}`, ...sorts, Z.Int.sort()));
      this.hashFns.set(key, fns);
    }
    const apps = this.hashApps.get(name) ?? [];
    for (const prev of apps) {
      if (prev.len === len && prev.args.every((a, i) => a.eqIdentity(bytesIn[i] as A))) return this.newArray(prev.out);
    }
    const out: Sym[] = fns.map((f) => {
      const t = (len === 0 ? f.call() : f.call(...bytesIn)) as A;
      this.axioms.push(Z.And(t.ge(0), t.le(255)));
      return this.mk(true, t, 0n, 255n);
    });
    const sameOut = (o: readonly Sym[]): B => Z.And(...out.map((x, j) => (x as IntSym).t.eq((o[j] as IntSym).t)));
    if (spec.collisionResistant) {
      for (const prev of apps) {
        const sameIn = prev.len === len ? Z.And(...prev.args.map((a, i) => a.eq(bytesIn[i] as A))) : Z.Bool.val(false);
        this.axioms.push(Z.Implies(sameOut(prev.out), len === 0 ? Z.Bool.val(true) : sameIn));
      }
      this.axiomsUsed.add(`${name}: collision resistant (uninterpreted function; equal digests of two applications imply equal inputs)`);
    } else {
      this.axiomsUsed.add(`${name}: uninterpreted function with digest bytes in [0, 255]; no collision resistance (collisions are public)`);
    }
    apps.push({ len, args: bytesIn, out });
    this.hashApps.set(name, apps);
    return this.newArray(out);
  }

  private property(obj: Sym, name: string, node: Node, pc: B): Sym {
    // Reading a property of undefined throws in JS: presence is an obligation.
    if (obj.k === 'opt') return this.property(this.present(obj, pc, node, `the object of '.${name}'`), name, node, pc);
    if (obj.k === 'lazy') return this.lazyField(obj.obj, name, node);
    if (obj.k === 'tup' && name === 'length') return this.tupLen(obj);
    if (obj.k === 'rec') {
      const v = obj.f.get(name);
      if (v === undefined) return { k: 'undef' };
      return v;
    }
    return this.fail(`property '${name}' of a ${obj.k}`, node);
  }

  private binary(node: Node & { getOperatorToken(): Node; getLeft(): Expression; getRight(): Expression }, fr: Frame, pc: B): Sym {
    const Z = this.Z;
    const opText = node.getOperatorToken().getText();
    if (['=', '+=', '-=', '*=', '|=', '&=', '>>=', '<<=', '>>>=', '/=', '%=', '??='].includes(opText)) {
      return this.fail(`assignment used as an expression ('${opText}')`, node);
    }
    if (opText === '&&' || opText === '||') {
      const a = this.toBool(this.ev(node.getLeft(), fr, pc), node);
      if (opText === '&&' && a.c === false) return a;
      if (opText === '||' && a.c === true) return a;
      const rightPc = opText === '&&' ? this.and(pc, a.t) : this.and(pc, this.not(a.t));
      const rv = this.ev(node.getRight(), fr, rightPc);
      if (rv.k !== 'bool') this.fail(`'${opText}' with a non-boolean operand (value-returning logic)`, node);
      if (a.c !== undefined) return rv;
      if (rv.c !== undefined) {
        if (opText === '&&') return rv.c ? a : this.bval(false);
        return rv.c ? this.bval(true) : a;
      }
      return { k: 'bool', t: opText === '&&' ? Z.And(a.t, rv.t) : Z.Or(a.t, rv.t) };
    }
    if (opText === '??') {
      const a = this.ev(node.getLeft(), fr, pc);
      if (a.k === 'undef') return this.ev(node.getRight(), fr, pc);
      if (a.k !== 'opt') return a;
      const b = this.ev(node.getRight(), fr, this.and(pc, this.not(a.some)));
      return this.merge(a.some, a.v, b, node);
    }
    if (opText === '==' || opText === '!=') this.fail(`loose equality '${opText}'`, node);
    if (opText === 'in' || opText === 'instanceof' || opText === ',') this.fail(`operator '${opText}'`, node);
    const x = this.ev(node.getLeft(), fr, pc);
    const y = this.ev(node.getRight(), fr, pc);
    if (['<', '<=', '>', '>=', '===', '!=='].includes(opText)) return this.compare(opText, x, y, node, pc);
    return this.arith(opText, this.asInt(x, node.getLeft(), pc), this.asInt(y, node.getRight(), pc), fr, pc, node);
  }

  private identifier(node: Node, fr: Frame): Sym {
    const name = node.getText();
    const local = fr.env.get(name);
    if (local !== undefined) return local;
    if (name === 'undefined') return { k: 'undef' };
    const decl = this.resolve(node);
    if (decl === undefined) return this.fail(`unresolved identifier '${name}'`, node);
    if (Node.isFunctionDeclaration(decl)) return { k: 'fn', decl };
    if (Node.isVariableDeclaration(decl)) {
      const list = decl.getVariableStatement();
      if (list === undefined || decl.getVariableStatementOrThrow().getDeclarationKind() !== VariableDeclarationKind.Const) {
        return this.fail(`reference to non-const binding '${name}'`, node);
      }
      if (!Node.isSourceFile(list.getParent())) return this.fail(`reference to non-module binding '${name}'`, node);
      const init = decl.getInitializer();
      if (init === undefined) return this.fail(`const '${name}' without initializer`, decl);
      if (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) return { k: 'fn', decl: init };
      const objInit = this.unwrap(init);
      if (Node.isObjectLiteralExpression(objInit)) return { k: 'lazy', obj: objInit };
      const memo = this.constMemo.get(decl);
      if (memo !== undefined) return memo;
      if (this.callStack.includes(decl)) return this.fail(`cyclic constant '${name}'`, decl);
      this.callStack.push(decl);
      try {
        // A module constant's arrays are module state: never writable (ids are not handed out).
        this.frozen++;
        const v = this.ev(init, { env: new Map(), mode: 'unbounded', unwind: DEFAULT_UNWIND, file: this.loc(decl), allocBase: this.allocations + 1 }, this.tt());
        this.constMemo.set(decl, v);
        return v;
      } finally {
        this.frozen--;
        this.callStack.pop();
      }
    }
    return this.fail(`identifier '${name}' bound to a ${decl.getKindName()}`, node);
  }

  private resolve(node: Node): Node | undefined {
    let sym = node.getSymbol();
    if (sym === undefined) return undefined;
    if (sym.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
    return sym.getDeclarations()[0];
  }

  private call(node: Node & { getExpression(): Expression; getArguments(): Node[] }, fr: Frame, pc: B): Sym {
    const callee = node.getExpression();
    const args = node.getArguments();
    const calleeText = callee.getText();
    if (calleeText === 'Math.floor') {
      const arg = args[0];
      if (arg === undefined) return this.fail('Math.floor()', node);
      const inner = Node.isParenthesizedExpression(arg) ? arg.getExpression() : arg;
      if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getText() === '/') {
        const a = this.asInt(this.ev(inner.getLeft(), fr, pc), node, pc);
        const b = this.asInt(this.ev(inner.getRight(), fr, pc), node, pc);
        if (!a.num || !b.num) this.fail('Math.floor of a bigint', node);
        this.oblige('domain', pc, b.c !== undefined ? b.c !== 0n : b.t.neq(0), 'divisor of Math.floor(a / b) is not zero', node);
        if (a.c !== undefined && b.c !== undefined && b.c !== 0n) return this.ival(BigInt(Math.floor(Number(a.c) / Number(b.c))), true);
        let lo: bigint | undefined;
        let hi: bigint | undefined;
        if (b.c !== undefined && b.c > 0n && a.lo !== undefined && a.hi !== undefined) {
          lo = BigInt(Math.floor(Number(a.lo) / Number(b.c)));
          hi = BigInt(Math.floor(Number(a.hi) / Number(b.c)));
        }
        const t = this.mutant === 'floor-div-as-trunc' ? this.truncDivRaw(a.t, b.t, b.c) : this.floorDiv(a.t, b.t, b.c);
        return this.mk(true, t, lo, hi);
      }
      const v = this.asInt(this.ev(arg, fr, pc), node, pc);
      if (!v.num) this.fail('Math.floor of a bigint', node);
      return v; // integers only: floor is the identity
    }
    if (calleeText === 'Math.max' || calleeText === 'Math.min') {
      const vals = args.map((a) => this.asInt(this.ev(a, fr, pc), a, pc));
      if (vals.length === 0 || vals.some((v) => !v.num)) return this.fail(`${calleeText} arguments`, node);
      let acc = vals[0] as Extract<Sym, { k: 'int' }>;
      for (const v of vals.slice(1)) {
        const pick = calleeText === 'Math.max' ? this.compare('>=', acc, v, node, pc) : this.compare('<=', acc, v, node, pc);
        acc = this.merge((pick as Extract<Sym, { k: 'bool' }>).t, acc, v, node) as Extract<Sym, { k: 'int' }>;
      }
      return acc;
    }
    if (calleeText === 'BigInt' || calleeText === 'Number') {
      const arg = args[0];
      if (arg === undefined || args.length !== 1) return this.fail(`${calleeText}() arity`, node);
      const v = this.asInt(this.ev(arg, fr, pc), node, pc);
      if (calleeText === 'BigInt') {
        if (!v.num) return v;
        return v.c !== undefined ? this.ival(v.c, false) : this.mk(false, v.t, v.lo, v.hi, v.st);
      }
      if (v.num) return v;
      const r = v.c !== undefined ? this.ival(v.c, true) : this.mk(true, v.t, v.lo, v.hi);
      this.rangeObligation(r as Extract<Sym, { k: 'int' }>, fr.mode, pc, node, 'Number(bigint) conversion');
      return r;
    }
    if (Node.isPropertyAccessExpression(callee) && ['subarray', 'slice'].includes(callee.getName())) {
      // Uint8Array.subarray/slice: a sub-tuple. `slice` copies (a new array); `subarray` is a view
      // of the same array (its refs say where, so a write to the array updates the view and a
      // write through the view is rejected).
      const base = this.ev(callee.getExpression(), fr, pc);
      const isView = callee.getName() === 'subarray';
      const result = (items: readonly Sym[], len: IntSym | undefined, offset: number | undefined): Sym => {
        if (!isView) return this.newArray(items, len);
        const t: { k: 'tup'; items: readonly Sym[]; len?: IntSym; refs?: readonly ArrayRef[] } = { k: 'tup', items };
        if (len !== undefined) t.len = len;
        if (base.k === 'tup' && base.refs !== undefined) {
          t.refs = base.refs.map((r) => ({ id: r.id, offset: r.offset === undefined || offset === undefined ? undefined : r.offset + offset, whole: false }));
        }
        return t;
      };
      const bounds = args.map((a) => this.asInt(this.ev(a, fr, pc), a, pc));
      if (base.k === 'tup' && base.len === undefined && bounds.length <= 2 && bounds.every((b) => b.c !== undefined)) {
        const n = base.items.length;
        const norm = (v: bigint | undefined, dflt: number): number => {
          if (v === undefined) return dflt;
          const x = Number(v);
          return x < 0 ? Math.max(n + x, 0) : Math.min(x, n);
        };
        const start = norm(bounds[0]?.c, 0);
        const end = norm(bounds[1]?.c, n);
        return result(base.items.slice(start, Math.max(start, end)), undefined, start);
      }
      if (base.k === 'tup' && bounds.length === 2 && base.items.length > 0) {
        // Symbolic bounds (non-negative, as kernel offsets are): JS clamps both to the length.
        const [from, to] = bounds as [IntSym, IntSym];
        this.oblige('domain', pc, this.Z.And(from.t.ge(0), to.t.ge(0)), `${callee.getName()} bounds are non-negative`, node);
        const n = this.tupLen(base);
        const clamp = (x: IntSym): A => this.Z.If(x.t.lt(n.t), x.t, n.t) as A;
        const start = clamp(from);
        const width = clamp(to).sub(start) as A;
        const len = this.mk(true, this.Z.If(width.gt(0), width, this.Z.Int.val(0)) as A, 0n, n.hi ?? BigInt(base.items.length));
        const items = base.items.map((_, j) => this.select(base.items, start.add(j) as A, node));
        return result(items, len, from.c !== undefined && base.len === undefined && from.c <= BigInt(base.items.length) ? Number(from.c) : undefined);
      }
      return this.fail(`${callee.getName()} with non-constant bounds or on a ${base.k} of non-constant length`, node);
    }
    if (calleeText === 'Uint8Array.of') {
      return this.newArray(args.map((a) => this.storeByte(this.ev(a, fr, pc), pc, a)));
    }
    if (calleeText === 'Uint8Array.from') {
      const src = args.length === 1 ? this.ev(args[0] as Node, fr, pc) : this.fail('Uint8Array.from with a map function', node);
      if (src.k !== 'tup') return this.fail(`Uint8Array.from of a ${src.k}`, node);
      const items = src.items.map((x, i) => this.storeByte(x, this.and(pc, this.tupLen(src).t.gt(i)), node));
      return this.newArray(items, src.len);
    }
    if (Node.isPropertyAccessExpression(callee)) return this.fail(`method call '${calleeText}'`, node);
    if (Node.isIdentifier(callee) && !fr.env.has(calleeText)) {
      const target = this.resolve(callee);
      if (target !== undefined && Node.isFunctionDeclaration(target)) {
        const file = target.getSourceFile().getFilePath();
        const name = target.getName() ?? '';
        const hashSpec = Object.hasOwn(HASHES, name) ? HASHES[name] : undefined;
        if (file.endsWith('/kernel/crypto/hashes.ts') && hashSpec !== undefined) {
          if (args.length !== 1) this.fail(`${name}() arity`, node);
          const input = this.ev(args[0] as Node, fr, pc);
          return this.hash(name, input, node, hashSpec);
        }
        if (file.endsWith('/kernel/crypto/hashes.ts') && name === 'taggedHash') {
          // BIP340 tagged hash: one uninterpreted function per (constant) tag over the concatenated messages.
          const [tagArg, ...msgArgs] = args;
          const tag = tagArg === undefined ? undefined : this.ev(tagArg, fr, pc);
          if (tag === undefined || tag.k !== 'str' || tag.c === undefined) return this.fail('taggedHash with a non-constant tag', node);
          const items: Sym[] = [];
          for (const a of msgArgs) {
            const v = this.ev(a, fr, pc);
            if (v.k !== 'tup') this.fail(`taggedHash message of a ${v.k}`, a);
            items.push(...this.fixedItems(v, 'taggedHash', a));
          }
          return this.hash(`taggedHash_${tag.c.replace(/[^A-Za-z0-9]/g, '_')}`, { k: 'tup', items }, node, { width: 32, collisionResistant: true });
        }
        if (file.endsWith('/kernel/encoding/bytes.ts') && name === 'concatBytes') {
          let out: Extract<Sym, { k: 'tup' }> = { k: 'tup', items: [] };
          for (const a of args) {
            const v = this.ev(a, fr, pc);
            if (v.k !== 'tup') return this.fail(`concatBytes of a ${v.k}`, a);
            out = this.concat(out, v, node);
          }
          return this.newArray(out.items, out.len);
        }
      }
    }
    const f = this.ev(callee, fr, pc);
    if (f.k !== 'fn') return this.fail(`call of a ${f.k}`, node);
    const argVals = args.map((a) => (Node.isSpreadElement(a) ? this.fail('spread argument', a) : this.ev(a, fr, pc)));
    return this.invoke(f.decl, argVals, pc, node);
  }

  /** Inlines a call of a subset function with argument values. */
  invoke(decl: FnNode, args: readonly Sym[], pc: B, site: Node, frameMode?: BigintMode, unwindOverride?: number): Sym {
    if (this.callStack.includes(decl)) return this.fail('recursion', site);
    if (this.callStack.length >= MAX_DEPTH) return this.fail(`call depth above ${MAX_DEPTH}`, site);
    if (Node.isFunctionDeclaration(decl) && decl.isAsync()) this.fail('async function', decl);
    if ((Node.isFunctionDeclaration(decl) || Node.isFunctionExpression(decl)) && decl.isGenerator()) this.fail('generator', decl);
    const tags = this.tags(decl);
    const modeTag = tags.get('smtBigint');
    // Helpers declared in a proof file are specification, not code: exact arithmetic.
    const inProof = decl.getSourceFile().getFilePath().endsWith('.proof.ts');
    const mode: BigintMode =
      frameMode ??
      (inProof ? 'unbounded' : modeTag === 'uint256' || modeTag === 'unbounded' || modeTag === 'int64' ? modeTag : 'int64');
    const unwindTag = tags.get('unwind');
    const unwind = unwindOverride ?? (unwindTag !== undefined ? Number(unwindTag) : DEFAULT_UNWIND);
    const fr: Frame = { env: new Map(), mode, unwind, file: this.loc(decl), allocBase: this.allocations + 1 };
    if (Node.isFunctionDeclaration(decl)) {
      const name = decl.getName();
      if (name !== undefined) this.functionsUsed.add(`${name} (${this.loc(decl)})`);
    }
    const params = decl.getParameters();
    params.forEach((p, i) => this.bindParam(p, args[i], fr, pc));
    this.callStack.push(decl);
    try {
      const body = decl.getBody();
      if (body === undefined) return this.fail('function without a body', decl);
      if (!Node.isBlock(body)) return this.ev(body as Expression, fr, pc);
      const r = this.execStmts(body.getStatements(), 0, fr.env, pc, () => null, fr);
      return r ?? { k: 'undef' };
    } finally {
      this.callStack.pop();
    }
  }

  private tags(decl: FnNode): Map<string, string> {
    const out = new Map<string, string>();
    const host = Node.isFunctionDeclaration(decl) ? decl : decl.getFirstAncestorByKind(SyntaxKind.VariableStatement);
    if (host === undefined) return out;
    for (const doc of host.getJsDocs()) {
      for (const tag of doc.getTags()) out.set(tag.getTagName(), (tag.getCommentText() ?? '').trim().split(/\s+/)[0] ?? '');
    }
    return out;
  }

  private bindParam(p: ParameterDeclaration, arg: Sym | undefined, fr: Frame, pc: B): void {
    if (p.isRestParameter()) this.fail('rest parameter', p);
    let v = arg;
    if (v === undefined || v.k === 'undef') {
      const init = p.getInitializer();
      if (init !== undefined) v = this.ev(init, fr, pc);
    } else if (v.k === 'opt' && p.getInitializer() !== undefined) {
      v = this.merge(v.some, v.v, this.ev(p.getInitializerOrThrow(), fr, pc), p);
    }
    this.bindName(p.getNameNode(), v ?? { k: 'undef' }, fr.env, p, pc);
  }

  private bindName(nameNode: Node, v: Sym, env: Map<string, Sym>, site: Node, pc: B): void {
    if (Node.isIdentifier(nameNode)) {
      env.set(nameNode.getText(), v);
      return;
    }
    if (Node.isObjectBindingPattern(nameNode)) {
      for (const el of nameNode.getElements()) {
        if (el.getDotDotDotToken() !== undefined) this.fail('rest element in destructuring', el);
        const prop = el.getPropertyNameNode()?.getText() ?? el.getName();
        this.bindName(el.getNameNode(), this.property(v, prop, el, pc), env, el, pc);
      }
      return;
    }
    if (Node.isArrayBindingPattern(nameNode)) {
      nameNode.getElements().forEach((el, i) => {
        if (Node.isOmittedExpression(el)) return;
        if (el.getDotDotDotToken() !== undefined) this.fail('rest element in destructuring', el);
        const item = v.k === 'tup' ? (this.fixedItems(v, 'array destructuring', el)[i] ?? { k: 'undef' }) : this.fail('array destructuring of a non-tuple', el);
        this.bindName(el.getNameNode(), item, env, el, pc);
      });
      return;
    }
    this.fail(`binding ${nameNode.getKindName()}`, site);
  }

  // ---------- statements ----------

  private hasJump(node: Node): boolean {
    if (Node.isReturnStatement(node) || Node.isBreakStatement(node) || Node.isContinueStatement(node)) return true;
    return node.getDescendants().some((d) => {
      if (!(Node.isReturnStatement(d) || Node.isBreakStatement(d) || Node.isContinueStatement(d))) return false;
      // a return inside a nested function does not leave this one
      const fnAncestor = d.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a));
      return fnAncestor === undefined || fnAncestor.getPos() < node.getPos();
    });
  }

  private execStmts(stmts: readonly Statement[], i: number, env: Map<string, Sym>, pc: B, k: K, fr: Frame): Ret {
    const Z = this.Z;
    if (this.Z.isFalse(pc)) return null;
    if (i >= stmts.length) return k(env, pc);
    const s = stmts[i] as Statement;
    const next: K = (e, p) => this.execStmts(stmts, i + 1, e, p, k, fr);
    const f2: Frame = { ...fr, env };
    if (Node.isVariableStatement(s)) {
      const kind = s.getDeclarationKind();
      if (kind === VariableDeclarationKind.Var) this.fail('var declaration', s);
      const e2 = new Map(env);
      for (const d of s.getDeclarations()) {
        const init = d.getInitializer();
        const v = init === undefined ? ({ k: 'undef' } as Sym) : this.ev(init, { ...fr, env: e2 }, pc);
        this.checkShadowing(d.getNameNode(), e2, d);
        this.bindName(d.getNameNode(), v, e2, d, pc);
      }
      return next(e2, pc);
    }
    if (Node.isExpressionStatement(s)) {
      const e = s.getExpression();
      return next(this.assignment(e, env, pc, fr), pc);
    }
    if (Node.isReturnStatement(s)) {
      const e = s.getExpression();
      return e === undefined ? { k: 'undef' } : this.ev(e, f2, pc);
    }
    if (Node.isBlock(s)) return this.execBlock(s.getStatements(), env, pc, next, fr);
    if (Node.isIfStatement(s)) {
      const c = this.toBool(this.ev(s.getExpression(), f2, pc), s);
      const thenS = s.getThenStatement();
      const elseS = s.getElseStatement();
      const run = (st: Statement | undefined, e: Map<string, Sym>, p: B, kk: K): Ret =>
        st === undefined ? kk(e, p) : this.execBlock(Node.isBlock(st) ? st.getStatements() : [st], e, p, kk, fr);
      if (c.c === true) return run(thenS, env, pc, next);
      if (c.c === false) return run(elseS, env, pc, next);
      const pcT = this.and(pc, c.t);
      const pcF = this.and(pc, this.not(c.t));
      if (this.hasJump(thenS) || (elseS !== undefined && this.hasJump(elseS))) {
        const a = run(thenS, this.refine(s.getExpression(), env, true), pcT, next);
        const b = run(elseS, this.refine(s.getExpression(), env, false), pcF, next);
        return this.mergeRet(c.t, a, b, s);
      }
      let envT = env;
      let envF = env;
      // Each branch sees the intervals its condition implies; the merge widens them again.
      run(thenS, this.refine(s.getExpression(), env, true), pcT, (e) => {
        envT = e;
        return null;
      });
      run(elseS, this.refine(s.getExpression(), env, false), pcF, (e) => {
        envF = e;
        return null;
      });
      return next(this.mergeEnv(c.t, envT, envF, s), pc);
    }
    if (Node.isForStatement(s)) {
      const e2 = new Map(env);
      const init = s.getInitializer();
      if (init !== undefined) {
        if (Node.isVariableDeclarationList(init)) {
          for (const d of init.getDeclarations()) {
            const iv = d.getInitializer();
            this.checkShadowing(d.getNameNode(), e2, d);
            this.bindName(d.getNameNode(), iv === undefined ? { k: 'undef' } : this.ev(iv, { ...fr, env: e2 }, pc), e2, d, pc);
          }
        } else this.fail('for-loop initializer expression', init);
      }
      const cond = s.getCondition();
      const incr = s.getIncrementor();
      const body = s.getStatement();
      const declared = Node.isVariableDeclarationList(init) ? init.getDeclarations().map((d) => d.getName()) : [];
      const after: K = (e, p) => next(this.unscope(e, env, declared), p);
      return this.loop(e2, pc, 0, {
        cond: (e, p) => (cond === undefined ? (this.bval(true) as Extract<Sym, { k: 'bool' }>) : this.toBool(this.ev(cond, { ...fr, env: e }, p), cond)),
        body: (e, p, kk) => this.execBlock(Node.isBlock(body) ? body.getStatements() : [body], e, p, kk, fr),
        incr: (e, p) => (incr === undefined ? e : this.assignment(incr, e, p, fr)),
        after,
        node: s,
        fr,
      });
    }
    if (Node.isWhileStatement(s)) {
      const cond = s.getExpression();
      const body = s.getStatement();
      return this.loop(env, pc, 0, {
        cond: (e, p) => this.toBool(this.ev(cond, { ...fr, env: e }, p), cond),
        body: (e, p, kk) => this.execBlock(Node.isBlock(body) ? body.getStatements() : [body], e, p, kk, fr),
        incr: (e) => e,
        after: next,
        node: s,
        fr,
      });
    }
    if (Node.isForOfStatement(s)) {
      const iter = this.ev(s.getExpression(), f2, pc);
      if (iter.k !== 'tup' || iter.len !== undefined) return this.fail(`for-of over a ${iter.k} of non-constant length (only fixed-size tuples unroll)`, s);
      const init = s.getInitializer();
      if (!Node.isVariableDeclarationList(init)) return this.fail('for-of without a declaration', s);
      const decl = init.getDeclarations()[0];
      if (decl === undefined) return this.fail('for-of declaration', s);
      if (iter.items.length > fr.unwind) {
        this.oblige('unwind', pc, false, `unwinding assertion: for-of needs ${iter.items.length} > ${fr.unwind} iterations`, s);
      }
      const body = s.getStatement();
      const names = [decl.getName()];
      const step = (idx: number, e: Map<string, Sym>, p: B): Ret => {
        if (idx >= iter.items.length || idx >= fr.unwind) return next(this.unscope(e, env, names), p);
        const e2 = new Map(e);
        this.bindName(decl.getNameNode(), iter.items[idx] as Sym, e2, decl, p);
        return this.execBlock(Node.isBlock(body) ? body.getStatements() : [body], e2, p, (e3, p3) => step(idx + 1, e3, p3), fr);
      };
      return step(0, env, pc);
    }
    if (Node.isEmptyStatement(s)) return next(env, pc);
    if (Node.isThrowStatement(s)) return this.fail('throw', s);
    if (Node.isFunctionDeclaration(s)) return this.fail('nested function declaration', s);
    if (Node.isBreakStatement(s) || Node.isContinueStatement(s)) return this.fail(s.getKindName(), s);
    return this.fail(`statement ${s.getKindName()}`, s);
  }

  /**
   * A block's declaration hides an outer local until the block ends, when the outer value comes
   * back as it was: if that value holds an array, a write to the array inside the block would
   * not reach it. Outside the subset.
   */
  private checkShadowing(nameNode: Node, env: Map<string, Sym>, site: Node): void {
    for (const n of this.boundNames(nameNode)) {
      const outer = env.get(n);
      if (outer !== undefined && holdsArray(outer)) this.fail(`a declaration of '${n}' shadowing a local that holds an array`, site);
    }
  }

  private unscope(e: Map<string, Sym>, outer: Map<string, Sym>, names: readonly string[]): Map<string, Sym> {
    const out = new Map(e);
    for (const n of names) {
      const o = outer.get(n);
      if (o === undefined) out.delete(n);
      else out.set(n, o);
    }
    return out;
  }

  private execBlock(stmts: readonly Statement[], env: Map<string, Sym>, pc: B, k: K, fr: Frame): Ret {
    const declared: string[] = [];
    for (const st of stmts) if (Node.isVariableStatement(st)) for (const d of st.getDeclarations()) declared.push(...this.boundNames(d.getNameNode()));
    return this.execStmts(stmts, 0, env, pc, (e, p) => k(this.unscope(e, env, declared), p), fr);
  }

  private boundNames(n: Node): string[] {
    if (Node.isIdentifier(n)) return [n.getText()];
    if (Node.isObjectBindingPattern(n) || Node.isArrayBindingPattern(n)) {
      return n.getElements().flatMap((el) => (Node.isBindingElement(el) ? this.boundNames(el.getNameNode()) : []));
    }
    return [];
  }

  /** One loop iteration at a time; after `unwind` iterations the loop condition must be false. */
  private loop(env: Map<string, Sym>, pc: B, iter: number, parts: LoopParts): Ret {
    const Z = this.Z;
    const { cond, body, incr, after, node, fr } = parts;
    const c = cond(env, pc);
    if (c.c === false) return after(env, pc);
    if (iter >= fr.unwind) {
      this.oblige('unwind', pc, c.c === undefined ? Z.Not(c.t) : false, `unwinding assertion: loop exits within ${fr.unwind} iterations`, node);
      return after(env, c.c === undefined ? this.and(pc, this.not(c.t)) : pc);
    }
    const pcIn = c.c === true ? pc : this.and(pc, c.t);
    const cont: K = (e, p) => this.loop(incr(e, p), p, iter + 1, parts);
    if (c.c === true) return body(env, pcIn, cont);
    if (this.hasJump(node)) {
      const a = body(env, pcIn, cont);
      const b = after(env, this.and(pc, this.not(c.t)));
      return this.mergeRet(c.t, a, b, node);
    }
    return this.loopMerged(env, pc, iter, c, parts);
  }

  /**
   * A loop without early exits from a symbolic condition on: the iterations run in sequence
   * (each under the conditions before it, so loop counters stay constants) and the states at
   * every possible exit are merged once, before the code after the loop runs.
   */
  private loopMerged(env: Map<string, Sym>, pc: B, iter: number, first: Extract<Sym, { k: 'bool' }>, parts: LoopParts): Ret {
    const Z = this.Z;
    const { cond, body, incr, after, node, fr } = parts;
    // exits[j]: the state when the loop ends at check j, and when it ends there (given it did not end before).
    const exits: { readonly when: B; readonly env: Map<string, Sym> }[] = [];
    let e = env;
    let p = pc;
    let c = first;
    for (let k = iter; ; k++) {
      if (c.c === false || Z.isFalse(p)) {
        exits.push({ when: Z.Bool.val(true), env: e });
        break;
      }
      if (k >= fr.unwind) {
        this.oblige('unwind', p, c.c === undefined ? Z.Not(c.t) : false, `unwinding assertion: loop exits within ${fr.unwind} iterations`, node);
        exits.push({ when: Z.Bool.val(true), env: e });
        break;
      }
      if (c.c === undefined) exits.push({ when: this.not(c.t), env: e });
      const pIn = c.c === true ? p : this.and(p, c.t);
      let next = e;
      body(e, pIn, (e2, p2) => {
        next = incr(e2, p2);
        return null;
      });
      e = next;
      p = pIn;
      c = cond(e, p);
    }
    let merged = (exits[exits.length - 1] as { env: Map<string, Sym> }).env;
    for (let j = exits.length - 2; j >= 0; j--) {
      const x = exits[j] as { when: B; env: Map<string, Sym> };
      merged = this.mergeEnv(x.when, x.env, merged, node);
    }
    return after(merged, pc);
  }

  private assignment(e: Node, env: Map<string, Sym>, pc: B, fr: Frame): Map<string, Sym> {
    const f: Frame = { ...fr, env };
    const set = (target: Node, v: Sym): Map<string, Sym> => {
      if (Node.isElementAccessExpression(target)) return this.storeElement(target, v, env, pc, fr);
      if (!Node.isIdentifier(target)) return this.fail(`assignment to ${target.getKindName()} (only local variables and their elements may be assigned)`, target);
      const name = target.getText();
      if (!env.has(name)) return this.fail(`assignment to non-local '${name}'`, target);
      const out = new Map(env);
      out.set(name, v);
      return out;
    };
    if (Node.isBinaryExpression(e)) {
      const op = e.getOperatorToken().getText();
      const left = e.getLeft();
      if (op === '=') return set(left, this.ev(e.getRight(), f, pc));
      const m = /^(\+|-|\*|\/|%|&|\||\^|<<|>>>|>>)=$/.exec(op);
      if (m !== null) {
        const cur = this.asInt(this.ev(left, f, pc), left, pc);
        const rhs = this.asInt(this.ev(e.getRight(), f, pc), e, pc);
        return set(left, this.arith(m[1] as string, cur, rhs, fr, pc, e));
      }
    }
    if (Node.isPrefixUnaryExpression(e) || Node.isPostfixUnaryExpression(e)) {
      const op = e.getOperatorToken();
      if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) {
        const target = e.getOperand();
        const cur = this.asInt(this.ev(target, f, pc), target, pc);
        return set(target, this.arith(op === SyntaxKind.PlusPlusToken ? '+' : '-', cur, this.ival(1n, cur.num) as Extract<Sym, { k: 'int' }>, fr, pc, e));
      }
    }
    if (Node.isCallExpression(e)) {
      const callee = e.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'push' && Node.isIdentifier(callee.getExpression())) {
        // Appending to an array this call created: SSA on the tuple, every alias updated.
        const target = callee.getExpression();
        const arr = this.writableArray(target, env, 'push', e, fr);
        let next: Extract<Sym, { k: 'tup' }> = arr;
        for (const a of e.getArguments()) next = this.append(next, this.ev(a, f, pc), e);
        return this.afterWrite(env, target.getText(), next, e);
      }
      // A call as a statement: translated (its obligations kept), its value dropped. Exact: a
      // translated function can write only arrays it creates itself, never its arguments.
      this.ev(e, f, pc);
      return env;
    }
    return this.fail(`expression statement ${e.getKindName()}`, e);
  }

  /**
   * The array a write (`what`) through local `name` goes to. Only an array this call (or a callee
   * that returned it) created may be written, and only through a name bound to the whole array:
   * never an input, a module constant, an array created by a caller, a subarray view, or a value
   * that is one of several arrays. Anything else would need an aliasing model: ERROR.
   */
  private writableArray(name: Node, env: Map<string, Sym>, what: string, site: Node, fr: Frame): Extract<Sym, { k: 'tup' }> {
    const n = name.getText();
    const arr = env.get(n);
    if (arr === undefined) return this.fail(`${what} on '${n}', which is not a local variable (module state or an import)`, site);
    if (arr.k !== 'tup') return this.fail(`${what} on '${n}', a ${arr.k}`, site);
    const refs = arr.refs;
    if (refs === undefined) {
      return this.fail(`${what} on '${n}', an array this function did not create (an input, a module constant, or an alias or view of one): the write would be visible outside`, site);
    }
    const [ref] = refs;
    if (ref === undefined || refs.length !== 1) return this.fail(`${what} on '${n}', which may be one of several arrays (merged branches)`, site);
    if (!ref.whole) return this.fail(`${what} through '${n}', a subarray view: the write would land in the array it views`, site);
    if (ref.id < fr.allocBase) return this.fail(`${what} on '${n}', an array created by a caller (a parameter or an alias of one)`, site);
    return arr;
  }

  /**
   * The environment after array `name` became `next`: every other name bound to the same array
   * (an alias) gets the new value, every view of it the new items at its offset. An alias this
   * cannot update exactly (a view at a symbolic offset, a value that may or may not be the array,
   * the array held inside a record or another array) is outside the subset: ERROR.
   */
  private afterWrite(env: Map<string, Sym>, name: string, next: Extract<Sym, { k: 'tup' }>, site: Node): Map<string, Sym> {
    const id = next.refs?.[0]?.id ?? 0;
    const out = new Map(env);
    for (const [key, v] of env) {
      if (key === name) {
        out.set(key, next);
        continue;
      }
      if (v.k === 'tup' && v.refs?.some((r) => r.id === id) === true) {
        const [r] = v.refs;
        if (v.refs.length !== 1 || r === undefined) this.fail(`a write to '${name}' while '${key}' may or may not be the same array (merged branches)`, site);
        else if (r.whole) out.set(key, next);
        else if (r.offset === undefined || v.len !== undefined || next.len !== undefined) {
          this.fail(`a write to '${name}' while '${key}' views it at a symbolic offset or with a symbolic length`, site);
        } else out.set(key, { k: 'tup', items: next.items.slice(r.offset, r.offset + v.items.length), refs: v.refs });
        continue;
      }
      if (mentions(v, id)) this.fail(`a write to '${name}' while the array is also held inside '${key}' (a record, an array or an optional value)`, site);
    }
    return out;
  }

  /** `arr.push(v)`: the item lands at index `len`, a case split when the length is symbolic. */
  private append(arr: Extract<Sym, { k: 'tup' }>, v: Sym, node: Node): Extract<Sym, { k: 'tup' }> {
    const refs = arr.refs ?? [];
    if (arr.len === undefined) return { k: 'tup', items: [...arr.items, v], refs };
    const len = arr.len;
    const items = arr.items.map((x, j) => (len.lo !== undefined && len.lo > BigInt(j) ? x : this.merge(len.t.eq(j), v, x, node)));
    const grown = this.mk(true, len.t.add(1) as A, len.lo === undefined ? undefined : len.lo + 1n, len.hi === undefined ? undefined : len.hi + 1n);
    return { k: 'tup', items: [...items, v], len: grown, refs };
  }

  /**
   * `local[i] = v` on an array this function created (SSA on the tuple, like `push`): the index
   * must exist (no holes, no growth), and a Uint8Array element must receive a byte.
   */
  private storeElement(target: Node & { getExpression(): Expression; getArgumentExpressionOrThrow(): Expression }, v: Sym, env: Map<string, Sym>, pc: B, fr: Frame): Map<string, Sym> {
    const Z = this.Z;
    const base = target.getExpression();
    if (!Node.isIdentifier(base)) return this.fail(`assignment to an element of ${base.getKindName()}`, target);
    const arr = this.writableArray(base, env, 'element assignment', target, fr);
    const isBytes = base.getType().getText() === 'Uint8Array' || base.getType().getText().startsWith('Uint8Array<');
    const val = isBytes ? this.storeByte(v, pc, target) : v;
    const idx = this.asInt(this.ev(target.getArgumentExpressionOrThrow(), { ...fr, env }, pc), target, pc);
    const len = this.tupLen(arr);
    this.oblige('domain', pc, Z.And(idx.t.ge(0), idx.t.lt(len.t)), 'element assignment within the array', target);
    const items = arr.items.map((x, j) => (idx.c !== undefined ? (idx.c === BigInt(j) ? val : x) : this.merge(idx.t.eq(j), val, x, target)));
    const next: { k: 'tup'; items: readonly Sym[]; len?: IntSym; refs?: readonly ArrayRef[] } = { k: 'tup', items, refs: arr.refs ?? [] };
    if (arr.len !== undefined) next.len = arr.len;
    return this.afterWrite(env, base.getText(), next, target);
  }

  // ---------- entry points ----------

  /** Fresh symbolic value for a proof input of the given domain; adds its range assumptions. */
  symbolic(name: string, d: import('./dsl.js').Domain, assumptions: B[]): Sym {
    const Z = this.Z;
    switch (d.kind) {
      case 'number': {
        const t = Z.Int.const(name);
        assumptions.push(t.ge(d.min), t.le(d.max));
        return this.mk(true, t, BigInt(d.min), BigInt(d.max));
      }
      case 'bigint': {
        const t = Z.Int.const(name);
        if (d.min !== undefined) assumptions.push(t.ge(d.min));
        if (d.max !== undefined) assumptions.push(t.le(d.max));
        return this.mk(false, t, d.min, d.max);
      }
      case 'boolean':
        return { k: 'bool', t: Z.Bool.const(name) };
      case 'tuple':
        return { k: 'tup', items: d.items.map((item, i) => this.symbolic(`${name}_${i}`, item, assumptions)) };
      case 'bytes':
        return {
          k: 'tup',
          items: Array.from({ length: d.length }, (_, i) => this.symbolic(`${name}_${i}`, d.items?.[i] ?? { kind: 'number', min: 0, max: 255 }, assumptions)),
        };
      case 'record': {
        const f = new Map<string, Sym>();
        for (const [key, item] of Object.entries(d.fields)) f.set(key, this.symbolic(`${name}_${key}`, item, assumptions));
        return { k: 'rec', f };
      }
    }
  }
}

/** The proof-level arrow functions found in a proof file for one `proof('name', {...})` call. */
export interface ProofSite {
  readonly call: Node;
  readonly fnName: string;
  readonly fnDecl: FunctionDeclaration | undefined;
  readonly requires: ArrowFunction | undefined;
  readonly ensures: ArrowFunction | undefined;
  readonly covers: readonly { readonly name: string; readonly fn: ArrowFunction }[];
}

export function findProofSites(sf: SourceFile): Map<string, ProofSite> {
  const out = new Map<string, ProofSite>();
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== 'proof') continue;
    const [nameArg, optsArg] = call.getArguments();
    if (nameArg === undefined || !Node.isStringLiteral(nameArg) || optsArg === undefined || !Node.isObjectLiteralExpression(optsArg)) continue;
    const prop = (n: string): Node | undefined => {
      const p = optsArg.getProperty(n);
      return p !== undefined && Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
    };
    const arrow = (n: Node | undefined): ArrowFunction | undefined => (n !== undefined && Node.isArrowFunction(n) ? n : undefined);
    const fnNode = prop('fn');
    let fnDecl: FunctionDeclaration | undefined;
    if (fnNode !== undefined) {
      let sym = fnNode.getSymbol();
      if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
      const d = sym?.getDeclarations()[0];
      if (d !== undefined && Node.isFunctionDeclaration(d)) fnDecl = d;
    }
    const coversNode = prop('covers');
    const covers: { name: string; fn: ArrowFunction }[] = [];
    if (coversNode !== undefined && Node.isObjectLiteralExpression(coversNode)) {
      for (const p of coversNode.getProperties()) {
        if (!Node.isPropertyAssignment(p)) continue;
        const fn = arrow(p.getInitializer());
        const nn = p.getNameNode();
        if (fn !== undefined) covers.push({ name: Node.isStringLiteral(nn) ? nn.getLiteralValue() : nn.getText(), fn });
      }
    }
    out.set(nameArg.getLiteralValue(), {
      call,
      fnName: fnNode?.getText() ?? '?',
      fnDecl,
      requires: arrow(prop('requires')),
      ensures: arrow(prop('ensures')),
      covers,
    });
  }
  return out;
}

/** Whether value `v` is or holds an array that may be written (one with refs). */
function holdsArray(v: Sym): boolean {
  switch (v.k) {
    case 'tup':
      return v.refs !== undefined || v.items.some(holdsArray);
    case 'rec':
      return [...v.f.values()].some(holdsArray);
    case 'opt':
      return holdsArray(v.v);
    default:
      return false;
  }
}

/** Whether value `v` is, or holds somewhere inside, the array allocated as `id`. */
function mentions(v: Sym, id: number): boolean {
  switch (v.k) {
    case 'tup':
      return v.refs?.some((r) => r.id === id) === true || v.items.some((x) => mentions(x, id));
    case 'rec':
      return [...v.f.values()].some((x) => mentions(x, id));
    case 'opt':
      return mentions(v.v, id);
    default:
      return false;
  }
}

/** An array that is not writable (no refs: an input or a module constant), as a ref in a merged list. */
const NOT_WRITABLE: ArrayRef = { id: 0, offset: 0, whole: true };

/** The refs of a value that is one of two arrays (merged branches): every array it may be. */
function mergeRefs(a: readonly ArrayRef[] | undefined, b: readonly ArrayRef[] | undefined): readonly ArrayRef[] | undefined {
  if (a === b) return a;
  const out: ArrayRef[] = [];
  for (const r of [...(a ?? [NOT_WRITABLE]), ...(b ?? [NOT_WRITABLE])]) {
    if (!out.some((x) => x.id === r.id && x.offset === r.offset && x.whole === r.whole)) out.push(r);
  }
  return out.length === 1 && out[0]?.id === 0 ? undefined : out;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
