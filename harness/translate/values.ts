/**
 * The value model of the TS -> SMT translator (docs/PROOFS.md, "Semantics"): what a TypeScript
 * value of the provable subset is during symbolic execution, and the types every construct
 * family shares (obligations, frames, continuations).
 */
import type { ArrowFunction, FunctionDeclaration, FunctionExpression, MethodDeclaration, Node, ObjectLiteralExpression } from 'ts-morph';
import type { Arith, Bool, Context } from 'z3-solver';

export type Z3 = Context<'main'>;
export type IntTerm = Arith<'main'>;
export type BoolTerm = Bool<'main'>;

/** How bigint results are range-checked in a function: int64 (default), uint256 or not at all. */
export type BigintMode = 'int64' | 'uint256' | 'unbounded';

/**
 * Which array an array value is (aliasing): an allocation made during the translation, or a
 * subarray view of one at `offset` (undefined: a symbolic offset). An array without `refs` is
 * one the code may not write: a proof input, a module constant, or derived from one. An array
 * with several refs is one of several arrays (merged branches).
 */
export interface ArrayRef {
  readonly id: number;
  readonly offset: number | undefined;
  readonly whole: boolean;
}

/** An integer: a `bigint`, or a `number` (`isNumber`) that is an integer. */
export interface IntValue {
  readonly kind: 'int';
  readonly isNumber: boolean;
  readonly term: IntTerm;
  /** The value, when it is one constant. */
  readonly constant?: bigint;
  /** A sound interval of the value (each end optional). */
  readonly lo?: bigint;
  readonly hi?: bigint;
  /** Every value is a multiple of `stride` (for shift-amount case splits). */
  readonly stride?: bigint;
}

export interface BoolValue {
  readonly kind: 'bool';
  readonly term: BoolTerm;
  readonly constant?: boolean;
}

/**
 * A readonly array, tuple or byte string. `items` holds every element that can exist; `length`,
 * when present, is a symbolic length in [0, items.length] (an array built by a loop or by
 * branches of different lengths), and only the first `length` items exist.
 */
export interface ArrayValue {
  readonly kind: 'array';
  readonly items: readonly Value[];
  readonly length?: IntValue;
  readonly refs?: readonly ArrayRef[];
}

/** One entry of a Map: its key (a string or an integer), its value, and whether it is in the map. */
export interface MapEntry {
  readonly key: Value;
  readonly value: Value;
  readonly present: BoolTerm;
}

/**
 * A Map (harness/translate/maps.ts): one the code created is a reference to its heap cell (the
 * allocation id); a proof input or a module constant has fixed `entries` no code may write.
 */
/** A Map, or a Set (`set`: each entry's value its key); which one is the value's, not its static type's (a cast or `any` may hide it). */
export type MapValue =
  | { readonly kind: 'map'; readonly entries: readonly MapEntry[]; readonly cell?: undefined; readonly set?: boolean }
  | { readonly kind: 'map'; readonly cell: number; readonly set?: boolean };

export type Value =
  | MapValue
  | IntValue
  | BoolValue
  /** A string literal, interned as an Int compared by `===`. */
  | { readonly kind: 'string'; readonly term: IntTerm; readonly constant?: string }
  | { readonly kind: 'record'; readonly fields: ReadonlyMap<string, Value> }
  | ArrayValue
  | { readonly kind: 'undefined' }
  /** A value that may be undefined: present exactly when `present` holds. */
  | { readonly kind: 'optional'; readonly present: BoolTerm; readonly value: Value }
  /** A function: a declaration, a module-level arrow, or a closure with the locals it captured (`outer`, harness/translate/closures.ts). */
  | FunctionValue
  /** A module-level `const` object literal, translated field by field on access. */
  | { readonly kind: 'module-object'; readonly object: ObjectLiteralExpression };

export type OptionalValue = Extract<Value, { kind: 'optional' }>;
export type RecordValue = Extract<Value, { kind: 'record' }>;
export type FunctionNode = FunctionDeclaration | ArrowFunction | FunctionExpression | MethodDeclaration;

/**
 * A function value. `defect` is why its captured snapshot may differ from what JavaScript reads
 * (harness/translate/closures.ts): harmless while it is only stored, passed or compared, ERROR
 * where it is called (`calledFunction`).
 */
export interface FunctionValue {
  readonly kind: 'function';
  readonly decl: FunctionNode;
  readonly outer?: Env;
  readonly defect?: { readonly reason: string; readonly at: Node };
}

/** Local variables by name. */
export type Env = Map<string, Value>;

export type ObligationKind = 'overflow' | 'domain' | 'unwind' | 'ensures' | 'requires';

/** A check the translation adds: under `pathCondition`, `condition` must hold. */
export interface Obligation {
  readonly kind: ObligationKind;
  readonly pathCondition: BoolTerm;
  readonly condition: BoolTerm;
  readonly message: string;
  readonly loc: string;
}

/** One evaluation of an integer comparison in kernel code: where, on which path, and a − b there. */
export interface Comparison {
  readonly node: Node;
  readonly op: string;
  readonly pathCondition: BoolTerm;
  readonly difference: IntTerm;
}

/** A construct outside the provable subset, with its file:line:column. */
export class TranslationError extends Error {
  constructor(
    readonly construct: string,
    readonly loc: string,
  ) {
    super(`${loc}: unsupported: ${construct}`);
  }
}

/** One call being translated. */
export interface Frame {
  readonly env: Env;
  readonly mode: BigintMode;
  readonly unwind: number;
  readonly file: string;
  /** Allocations with an id from this one on were made by this call or its callees: it may write them. */
  readonly allocBase: number;
  /** The innermost enclosing loop's or switch's `break` and `continue` targets (undefined outside both). */
  readonly loopExits?: LoopExits;
  /** `@inSequence`: loops with a constant-true condition run in sequence from their first iteration (statements.ts). */
  readonly inSequence?: boolean;
  /** In a threaded call of a local function (harness/translate/nested.ts): the caller's variables each exit hands back. */
  readonly threaded?: readonly string[];
  /** Arrays a caller created that this call may write too: its in-out arguments (calls.ts, `inOutCall`). */
  readonly inOut?: ReadonlySet<number>;
}

/** Whether a call in `frame` may write the array allocated as `id`: its own (or its callees'), or an in-out argument. */
export function mayWrite(frame: Frame, id: number): boolean {
  return id >= frame.allocBase || frame.inOut?.has(id) === true;
}

/**
 * Where `break` and `continue` go: the code after the loop (or switch), and the next iteration
 * (the increment first, in a `for`; undefined in a switch outside any loop). `names` are the
 * locals in scope at the loop's (or switch's) entry: a jump leaves every block it is in, so the
 * locals declared inside the body go out of scope.
 */
export interface LoopExits {
  readonly breakTo: Continuation;
  readonly continueTo: Continuation | undefined;
  readonly names: ReadonlySet<string>;
}

/** What a statement sequence returns on a path: a value, or null when it does not return there. */
export type Outcome = Value | null;
/** The rest of the function after a statement, given the environment and path condition there. */
export type Continuation = (env: Env, pathCond: BoolTerm) => Outcome;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const MAX_SAFE = 2n ** 53n - 1n;
export const UINT256_MAX = 2n ** 256n - 1n;
export const DEFAULT_UNWIND = 64;

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Whether value `v` is or holds an array that may be written (one with refs). */
/** Whether a value holds a closure of `fn` anywhere inside (a closure capturing one counts), or a map (whose entries could). */
export function holdsClosureOf(v: Value, fn: FunctionNode): boolean {
  switch (v.kind) {
    case 'function':
      return v.decl === fn || (v.outer !== undefined && [...v.outer.values()].some((x) => holdsClosureOf(x, fn)));
    case 'map':
      return true;
    case 'array':
      return v.items.some((x) => holdsClosureOf(x, fn));
    case 'record':
      return [...v.fields.values()].some((x) => holdsClosureOf(x, fn));
    case 'optional':
      return holdsClosureOf(v.value, fn);
    default:
      return false;
  }
}

export function holdsArray(v: Value): boolean {
  switch (v.kind) {
    case 'array':
      return v.refs !== undefined || v.items.some(holdsArray);
    case 'record':
      return [...v.fields.values()].some(holdsArray);
    case 'map':
      // A map the code created is a reference (its heap cell): holding it is sharing it, as in JavaScript.
      return v.cell === undefined && v.entries.some((e) => holdsArray(e.key) || holdsArray(e.value));
    case 'optional':
      return holdsArray(v.value);
    default:
      return false;
  }
}

/** Whether value `v` is, or holds somewhere inside, the array allocated as `id`. */
export function mentions(v: Value, id: number): boolean {
  switch (v.kind) {
    case 'array':
      return v.refs?.some((r) => r.id === id) === true || v.items.some((x) => mentions(x, id));
    case 'record':
      return [...v.fields.values()].some((x) => mentions(x, id));
    case 'map':
      // A map cell never holds a writable array (harness/translate/maps.ts refuses to store one).
      return v.cell === undefined && v.entries.some((e) => mentions(e.key, id) || mentions(e.value, id));
    case 'optional':
      return mentions(v.value, id);
    default:
      return false;
  }
}

/** An array that is not writable (no refs: an input or a module constant), as a ref in a merged list. */
const NOT_WRITABLE: ArrayRef = { id: 0, offset: 0, whole: true };

/** The refs of a value that is one of two arrays (merged branches): every array it may be. */
export function mergeRefs(a: readonly ArrayRef[] | undefined, b: readonly ArrayRef[] | undefined): readonly ArrayRef[] | undefined {
  if (a === b) return a;
  const out: ArrayRef[] = [];
  for (const r of [...(a ?? [NOT_WRITABLE]), ...(b ?? [NOT_WRITABLE])]) {
    if (!out.some((x) => x.id === r.id && x.offset === r.offset && x.whole === r.whole)) out.push(r);
  }
  return out.length === 1 && out[0]?.id === 0 ? undefined : out;
}

/** An array value with optional length and refs (exactOptionalPropertyTypes-safe). */
export function arrayOf(items: readonly Value[], length?: IntValue, refs?: readonly ArrayRef[]): ArrayValue {
  const a: { kind: 'array'; items: readonly Value[]; length?: IntValue; refs?: readonly ArrayRef[] } = { kind: 'array', items };
  if (length !== undefined) a.length = length;
  if (refs !== undefined) a.refs = refs;
  return a;
}

/** For messages: a node's source text, shortened. */
export function shortText(node: Node, max = 40): string {
  const t = node.getText().replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
