/**
 * The small context every construct family of the translator shares (as Kani's codegen shares
 * its GotocCtx): the z3 context, the semantics of the mutable operators, the obligations and
 * axioms collected so far, the memo tables, and term helpers.
 */
import type { Node, ObjectLiteralExpression, Type } from 'ts-morph';
import type { ContractTable } from './contracts.js';
import { EXACT, type Semantics } from './semantics.js';
import { checkoutPath } from './checkout-path.js';
import { memoByNode } from './syntax-memo.js';
import {
  type ArrayRef,
  type ArrayValue,
  type BoolTerm,
  type BoolValue,
  type Comparison,
  type FunctionNode,
  type IntTerm,
  type IntValue,
  type MapEntry,
  type Obligation,
  type ObligationKind,
  TranslationError,
  type Value,
  type Z3,
  arrayOf,
  shortText,
} from './values.js';

/** One application of a hash in this translation: its input length and bytes, and its digest terms. */
export interface HashApplication {
  readonly length: number;
  readonly args: readonly IntTerm[];
  readonly digest: readonly Value[];
  /** Whether proofs may assume collision resistance of this hash (harness/translate/intrinsics.ts `collisionAxioms`). */
  readonly collisionResistant: boolean;
}

/** A node's file (absolute), line and column (its file's line table, read once per node). */
const position = memoByNode((node: Node): { readonly file: string; readonly line: number; readonly column: number } => {
  const sf = node.getSourceFile();
  return { file: sf.getFilePath(), ...sf.getLineAndColumnAtPos(node.getStart()) };
});

/** The number `key` has in `table`, the next one (1, 2, ...) when it is new. */
function numbered(table: Map<string, number>, key: string): number {
  let n = table.get(key);
  if (n === undefined) {
    n = table.size + 1;
    table.set(key, n);
  }
  return n;
}

/** How many path conditions' conjunct sets TranslationContext.implied keeps. */
const CONJUNCT_CACHE = 256;

export class TranslationContext {
  /** Checks the translation adds (ranges, divisors, presence, unwinding...). */
  readonly obligations: Obligation[] = [];
  /** Axiom instances (hash digest ranges and collision resistance) every query assumes. */
  readonly axioms: BoolTerm[] = [];
  /** The axioms used, by name, for the report. */
  readonly axiomsUsed = new Set<string>();
  /** String literals interned as integers. */
  readonly strings = new Map<string, number>();
  private readonly numerals = new Map<bigint, IntTerm>();
  /** implied's conjunct sets by path condition id (conjunctsOf). */
  private readonly conjunctCache = new Map<number, { readonly term: BoolTerm; readonly conjuncts: ReadonlySet<number> }>();
  /** Kernel functions entered during translation (for coverage and the report). */
  readonly functionsUsed = new Set<string>();
  /** Module constants already translated. */
  readonly constants = new Map<Node, Value>();
  /** Fields of module-level object literals already translated. */
  readonly moduleObjectFields = new Map<ObjectLiteralExpression, Map<string, Value>>();
  /** Applications of each hash (by name), for congruence and the collision-resistance axioms. */
  readonly hashApplications = new Map<string, HashApplication[]>();
  /** The uninterpreted functions of each hash and input length. */
  readonly hashFunctions = new Map<string, ReturnType<Z3['Function']['declare']>[]>();
  /** What made strings the translation modelled as uninterpreted functions (a template at file:line, a hex function), for the report. */
  readonly madeStrings = new Set<string>();
  /** The uninterpreted functions of strings made at run time, by name (harness/translate/strings.ts). */
  readonly stringFunctions = new Map<string, ReturnType<Z3['Function']['declare']>>();
  private readonly templates = new Map<string, number>();
  /** Every evaluation of an integer comparison in kernel code (for the generated boundary covers). */
  readonly comparisons: Comparison[] = [];
  /** Functions and constants being translated (recursion and cyclic constants are rejected). */
  readonly callStack: Node[] = [];
  /** The last allocation id handed out (ids start at 1). */
  allocations = 0;
  /** The contents of every map the code created, by allocation id (harness/translate/maps.ts). */
  readonly heap = new Map<number, readonly MapEntry[]>();
  /** The maps a for-of is iterating now, by allocation id, with how many loops iterate each. */
  readonly iterating = new Map<number, number>();
  /** Above 0 while a module constant is evaluated: its arrays are module state, never writable. */
  frozen = 0;
  /** The names of the contract proofs this translation relied on (harness/translate/contracts.ts). */
  readonly contractsUsed = new Set<string>();
  /** Above 0 inside the body of a contract function: its contract proof discharged these obligations. */
  discharged = 0;
  /**
   * Called after every inlined call with its arguments, its result and the map heap as it was
   * before the call (the mutation score's equivalence check compares a mutated function with the
   * original at each call, maps it wrote included, harness/mutate/).
   */
  callObserver:
    | ((decl: FunctionNode, args: readonly Value[], pathCond: BoolTerm, site: Node, result: Value, heapBefore: ReadonlyMap<number, readonly MapEntry[]>) => void)
    | undefined;

  /** z3's true and false, each one shared term: a test is one identity comparison (z3-solver's isTrue and isFalse make a declaration wrapper per call). */
  private readonly trueConstant: BoolTerm;
  private readonly falseConstant: BoolTerm;

  constructor(
    readonly z3: Z3,
    readonly root: string,
    readonly semantics: Semantics = EXACT,
    /** The contracts calls may use (none: every obligation is checked where it arises). */
    readonly contracts: ContractTable = new Map(),
  ) {
    this.trueConstant = z3.Bool.val(true);
    this.falseConstant = z3.Bool.val(false);
  }

  /** Whether `t` is the constant true. */
  isTrue(t: BoolTerm): boolean {
    return t.eqIdentity(this.trueConstant);
  }

  /** Whether `t` is the constant false. */
  isFalse(t: BoolTerm): boolean {
    return t.eqIdentity(this.falseConstant);
  }

  /** file:line:column of a node, relative to the checkout. */
  loc(node: Node): string {
    const { file, line, column } = position(node);
    return `${checkoutPath(this.root, file)}:${line}:${column}`;
  }

  /** A construct outside the subset: ERROR with file:line. */
  fail(construct: string, node: Node): never {
    throw new TranslationError(construct, this.loc(node));
  }

  intConst(value: bigint, isNumber: boolean): IntValue {
    return { kind: 'int', isNumber, term: this.numeral(value), constant: value, lo: value, hi: value, stride: value < 0n ? -value : value };
  }

  /**
   * The Int numeral of `value`, made once per translation: z3 shares equal numerals anyway, but
   * z3-solver's `Int.val` converts the value to a string and wraps a new object on every call
   * (a sixth of the translation time, mostly If-chains comparing an index with 0, 1, 2, ...).
   */
  numeral(value: bigint): IntTerm {
    let term = this.numerals.get(value);
    if (term === undefined) {
      term = this.z3.Int.val(value);
      this.numerals.set(value, term);
    }
    return term;
  }

  boolConst(value: boolean): BoolValue {
    return { kind: 'bool', term: this.z3.Bool.val(value), constant: value };
  }

  trueTerm(): BoolTerm {
    return this.trueConstant;
  }

  falseTerm(): BoolTerm {
    return this.falseConstant;
  }

  /** An integer value of `term` with an optional interval and stride. */
  makeInt(isNumber: boolean, term: IntTerm, lo?: bigint, hi?: bigint, stride?: bigint): IntValue {
    // A value whose (sound) interval is a single point is that constant.
    if (lo !== undefined && lo === hi) return this.intConst(lo, isNumber);
    const r: { kind: 'int'; isNumber: boolean; term: IntTerm; lo?: bigint; hi?: bigint; stride?: bigint } = { kind: 'int', isNumber, term };
    if (lo !== undefined) r.lo = lo;
    if (hi !== undefined) r.hi = hi;
    if (stride !== undefined && stride > 1n) r.stride = stride;
    return r;
  }

  strideOf(x: IntValue): bigint {
    return x.stride ?? 1n;
  }

  /** A small number naming a template literal's constant texts, in the order first met (stable per translation). */
  templateIndex(texts: string): number {
    return numbered(this.templates, texts);
  }

  /** The Int a string literal is interned as: 1, 2, ... in the order first met. */
  stringId(s: string): number {
    return numbered(this.strings, s);
  }

  and(a: BoolTerm, b: BoolTerm): BoolTerm {
    if (this.isTrue(a)) return b;
    if (this.isTrue(b)) return a;
    return this.z3.And(a, b);
  }

  /** not(x), without double negations (so that a narrowed path condition has the very term a check asks for). */
  not(x: BoolTerm): BoolTerm {
    const z3 = this.z3;
    if (this.isTrue(x)) return this.falseConstant;
    if (this.isFalse(x)) return this.trueConstant;
    if (z3.isNot(x)) return x.children()[0] as BoolTerm;
    return z3.Not(x);
  }

  /** If(c, x, y) on booleans, folding constant branches (If(c, true, false) is c). */
  boolIf(c: BoolTerm, x: BoolTerm, y: BoolTerm): BoolTerm {
    const z3 = this.z3;
    if (x.eqIdentity(y)) return x;
    if (this.isTrue(x) && this.isFalse(y)) return c;
    if (this.isFalse(x) && this.isTrue(y)) return this.not(c);
    if (this.isTrue(x)) return z3.Or(c, y);
    if (this.isFalse(y)) return this.and(c, x);
    if (this.isFalse(x)) return this.and(this.not(c), y);
    if (this.isTrue(y)) return z3.Or(this.not(c), x);
    return z3.If(c, x, y) as BoolTerm;
  }

  /** Adds a check: under `pathCond`, `condition` holds (dropped when it is syntactically implied, or inside a contract function's body: its contract proof checked it). */
  oblige(kind: ObligationKind, pathCond: BoolTerm, condition: BoolTerm | boolean, message: string, node: Node): void {
    if (condition === true || this.discharged > 0) return;
    const c = typeof condition === 'boolean' ? this.z3.Bool.val(condition) : condition;
    if (this.isTrue(c) || this.implied(pathCond, c)) return;
    this.obligations.push({ kind, pathCondition: pathCond, condition: c, message, loc: this.loc(node) });
  }

  /**
   * Whether `condition` is one of the conjuncts of `pathCond` (or a conjunction of them): no query
   * needed. Terms are compared by their z3 id (one per term in a context); the path condition is a
   * DAG whose `And`s share subterms, so each is walked once: walked as a tree, a mutant of
   * taprootSignatureMessage made one path condition list 169 million conjuncts and V8 died.
   */
  implied(pathCond: BoolTerm, condition: BoolTerm): boolean {
    const z3 = this.z3;
    const conjuncts = this.conjunctsOf(pathCond);
    const known = new Map<number, boolean>();
    const has = (t: BoolTerm): boolean => {
      const id = t.id();
      const seen = known.get(id);
      if (seen !== undefined) return seen;
      const r = this.isTrue(t) || conjuncts.has(id) || (z3.isAnd(t) && t.children().every((ch) => has(ch as BoolTerm)));
      known.set(id, r);
      return r;
    };
    return has(condition);
  }

  /**
   * The ids of `pathCond`'s conjuncts (implied), remembered for the last CONJUNCT_CACHE path
   * conditions: many obligations share one, and a longer one is an `And` of a shorter one, whose
   * set is reused instead of walked again (the walks were 1.8 s of a cold run's main thread). An
   * entry holds its term, so z3 cannot delete it and give its id to another term meanwhile.
   */
  private conjunctsOf(pathCond: BoolTerm): ReadonlySet<number> {
    const z3 = this.z3;
    const id = pathCond.id();
    const hit = this.conjunctCache.get(id);
    if (hit !== undefined) return hit.conjuncts;
    const conjuncts = new Set<number>();
    const walked = new Set<number>();
    const walk = (t: BoolTerm, tid: number): void => {
      const known = tid === id ? undefined : this.conjunctCache.get(tid);
      if (known !== undefined) {
        for (const c of known.conjuncts) conjuncts.add(c);
      } else if (!z3.isAnd(t)) {
        conjuncts.add(tid);
      } else if (!walked.has(tid)) {
        walked.add(tid);
        for (const ch of t.children()) walk(ch as BoolTerm, ch.id());
      }
    };
    walk(pathCond, id);
    if (this.conjunctCache.size >= CONJUNCT_CACHE) this.conjunctCache.delete(this.conjunctCache.keys().next().value as number);
    this.conjunctCache.set(id, { term: pathCond, conjuncts });
    return conjuncts;
  }

  /**
   * The value of a possibly-undefined `v` where the code requires it present (a non-null
   * assertion, a cast to a type without undefined, arithmetic, a comparison, a property read):
   * presence is an obligation. A value that is always undefined here fails the obligation
   * wherever this path is reached (`undefinedUsed`).
   */
  present(v: Value, pathCond: BoolTerm, node: Node, what: string): Value {
    if (v.kind === 'optional') {
      this.oblige('domain', pathCond, v.present, `${what} is not undefined`, node);
      return v.value;
    }
    if (v.kind === 'undefined') return this.undefinedUsed(pathCond, node, `${what} is not undefined`);
    return v;
  }

  /**
   * A use of a value that is undefined on this path (reading past the end, a property of
   * undefined, which throws in JS): a failed obligation where the path is reached, and some value
   * of the node's type to go on with. Whatever it is cannot matter: a reachable path is REFUTED
   * by the obligation, an unreachable one proves nothing.
   */
  undefinedUsed(pathCond: BoolTerm, node: Node, message: string): Value {
    this.oblige('domain', pathCond, false, message, node);
    return this.placeholder(node.getType(), node, 0);
  }

  /** Some value of TypeScript type `t` (for a path an obligation already fails on). */
  private placeholder(t: Type, node: Node, depth: number): Value {
    if (t.isNumber() || t.isNumberLiteral()) return this.intConst(0n, true);
    if (t.isBigInt() || t.isBigIntLiteral()) return this.intConst(0n, false);
    if (t.isBoolean() || t.isBooleanLiteral()) return this.boolConst(false);
    if (t.isString() || t.isStringLiteral()) return { kind: 'string', term: this.z3.Int.val(this.stringId('')), constant: '' };
    if (t.isUnion()) {
      const member = t.getUnionTypes().find((u) => !u.isUndefined() && !u.isNull());
      if (member !== undefined) return this.placeholder(member, node, depth);
    }
    if (t.isArray() || t.isTuple() || t.getSymbol()?.getName() === 'Uint8Array') return arrayOf([]);
    if (t.isObject() && depth < 4) {
      const fields = new Map<string, Value>();
      for (const p of t.getProperties()) fields.set(p.getName(), this.placeholder(p.getTypeAtLocation(node), node, depth + 1));
      return { kind: 'record', fields };
    }
    return this.fail(`a use of a value that is always undefined here (type ${t.getText()})`, node);
  }

  /** An integer operand: arithmetic on undefined is NaN in JS, so presence is an obligation. */
  asInt(v: Value, node: Node, pathCond: BoolTerm): IntValue {
    if (v.kind === 'optional') return this.asInt(this.present(v, pathCond, node, `'${shortText(node)}'`), node, pathCond);
    if (v.kind !== 'int') return this.fail(`expected a bigint/number, got ${v.kind}`, node);
    return v;
  }

  /** A new array: writable by the call that made it (and by its callers once it is returned). */
  fresh(): readonly ArrayRef[] | undefined {
    if (this.frozen > 0) return undefined;
    this.allocations += 1;
    return [{ id: this.allocations, offset: 0, whole: true }];
  }

  /** A new array value of `items` (and a symbolic length). */
  newArray(items: readonly Value[], length?: IntValue): ArrayValue {
    return arrayOf(items, length, this.fresh());
  }
}
