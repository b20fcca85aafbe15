/**
 * Bounded Maps (docs/PROOFS.md, "Semantics"). A Map's contents are the list of its entries in
 * insertion order, each with its key, its value and whether it is in the map (`present`); the
 * keys of the present entries are distinct. That is JavaScript's Map exactly:
 * - `get(k)` / `has(k)`: the present entry whose key is k (at most one);
 * - `set(k, v)` on a key the map has: the value changes in place (the order stays); on a new
 *   key: an entry is appended, present (a key deleted and set again goes to the end);
 * - `delete(k)`: the entry with key k is no longer present; it returns whether there was one;
 * - iteration visits the present entries in list order, which is insertion order.
 *
 * A map the code creates (`new Map()`, `new Map(m)`) lives in the translation's heap: the value
 * is a reference to a heap cell, so aliases, closures sharing a map and callees writing it all
 * see one map, as in JavaScript. A write under path condition p changes the cell for the paths
 * where p holds and leaves it alone elsewhere (each entry's value and presence guarded by p), so
 * the heap needs no merging at joins. Proof inputs (harness/dsl.ts `map`) and module constants
 * are maps with fixed contents that no code may write.
 *
 * Keys are strings (interned Ints, harness/translate/strings.ts), numbers or bigints, compared as
 * SameValueZero does (a number key never equals a bigint or a string key); any other key is
 * compared by identity in JavaScript and is ERROR here. ERROR too: an array the code may write
 * stored in a map (a later write to the array would not reach the map's copy); a write to the
 * map a for-of is iterating, while it iterates (JavaScript iterates live, the model a snapshot);
 * a value that is one of two maps (merged branches).
 *
 * A Set is the same model with each entry's value its key: `add(k)` is `set(k, k)` and returns
 * the set, `has`, `delete`, `clear` and `size` are the Map's, and a for-of over a Set (or its
 * `values()`/`keys()`) visits the keys in insertion order, `entries()` the pairs [k, k], as
 * JavaScript's Set does. `new Set()` and `new Set(xs)` of an array of a constant length (each
 * item added in order) make one.
 */
import { type Expression, Node } from 'ts-morph';
import type { TranslationContext } from './context.js';
import { evaluate } from './expressions.js';
import { merge } from './merge.js';
import { type BoolTerm, type Frame, type IntTerm, type MapEntry, type MapValue, type Value, arrayOf, holdsArray } from './values.js';

type CallNode = Node & { getExpression(): Expression; getArguments(): Node[] };

const MAP_METHODS = ['get', 'has', 'set', 'add', 'delete', 'clear', 'keys', 'values', 'entries', 'forEach'];

/**
 * Whether `node` may be a Map (or a Set, the same model): its static type is a Map, ReadonlyMap,
 * Set or ReadonlySet, or `any` (a proof's inputs are), where the value it evaluates to decides.
 */
function mayBeMap(node: Node): boolean {
  const type = node.getType();
  const name = type.getSymbol()?.getName();
  return name === 'Map' || name === 'ReadonlyMap' || isSetTyped(node) || type.isAny();
}

/** Whether `node`'s static type is a Set or ReadonlySet. */
function isSetTyped(node: Node): boolean {
  const name = node.getType().getSymbol()?.getName();
  return name === 'Set' || name === 'ReadonlySet';
}

/**
 * When a typed receiver's static kind (Map or Set) is not its value's (a cast), what it is, as
 * "a Set typed as a Map (a cast)"; undefined when they agree or the receiver is untyped (the
 * value's kind decides).
 */
function mistypedKind(receiver: Node, map: MapValue, untyped: boolean): string | undefined {
  const isSet = map.set === true;
  if (untyped || isSetTyped(receiver) === isSet) return undefined;
  return `a ${isSet ? 'Set' : 'Map'} typed as a ${isSet ? 'Map' : 'Set'} (a cast)`;
}

/** A reference read twice gives the same value: a name or a chain of property reads of one. */
function isPlainReference(node: Node): boolean {
  if (Node.isIdentifier(node)) return true;
  return Node.isPropertyAccessExpression(node) && !node.hasQuestionDotToken() && isPlainReference(node.getExpression());
}

/** A map (or a set) with fixed contents (a proof input, a module constant): no code may write it. */
export function fixedMap(entries: readonly MapEntry[], set = false): MapValue {
  return set ? { kind: 'map', entries, set } : { kind: 'map', entries };
}

/** The contents of a map now: its own for a fixed map, its heap cell's for one the code created. */
export function contentsOf(cx: TranslationContext, m: MapValue): readonly MapEntry[] {
  if (m.cell === undefined) return m.entries;
  const entries = cx.heap.get(m.cell);
  if (entries === undefined) throw new Error(`map cell ${m.cell} is not allocated`);
  return entries;
}

/** A new map the code may write, holding `entries`; a fixed map while a module constant is evaluated (module state is never written). */
function allocate(cx: TranslationContext, entries: readonly MapEntry[], set = false): MapValue {
  if (cx.frozen > 0) return fixedMap(entries, set);
  cx.allocations += 1;
  cx.heap.set(cx.allocations, entries);
  return set ? { kind: 'map', cell: cx.allocations, set } : { kind: 'map', cell: cx.allocations };
}

/** SameValueZero of two keys: strings with strings, numbers with numbers, bigints with bigints. */
function sameKey(cx: TranslationContext, a: Value, b: Value, node: Node): BoolTerm {
  if (a.kind === 'string' && b.kind === 'string') {
    if (a.constant !== undefined && b.constant !== undefined) return (a.constant === b.constant ? cx.trueTerm() : cx.falseTerm());
    return a.term.eq(b.term);
  }
  if (a.kind === 'int' && b.kind === 'int') {
    if (a.isNumber !== b.isNumber) return cx.falseTerm();
    if (a.constant !== undefined && b.constant !== undefined) return (a.constant === b.constant ? cx.trueTerm() : cx.falseTerm());
    return a.term.eq(b.term);
  }
  if ((a.kind === 'string' || a.kind === 'int') && (b.kind === 'string' || b.kind === 'int')) return cx.falseTerm();
  return cx.fail(`a Map key of kind ${b.kind === 'string' || b.kind === 'int' ? a.kind : b.kind} (only strings, numbers and bigints are compared by value)`, node);
}

/** For each entry, whether it is the present entry with key `key`. */
function hits(cx: TranslationContext, entries: readonly MapEntry[], key: Value, node: Node): BoolTerm[] {
  return entries.map((e) => cx.and(e.present, sameKey(cx, e.key, key, node)));
}

function anyOf(cx: TranslationContext, terms: readonly BoolTerm[]): BoolTerm {
  const live = terms.filter((t) => !cx.isFalse(t));
  if (live.length === 0) return cx.falseTerm();
  if (live.some((t) => cx.isTrue(t))) return cx.trueTerm();
  return live.length === 1 ? (live[0] as BoolTerm) : cx.z3.Or(...live);
}

/** `m.has(key)`. */
function mapHas(cx: TranslationContext, entries: readonly MapEntry[], key: Value, node: Node): BoolTerm {
  return anyOf(cx, hits(cx, entries, key, node));
}

/** `m.get(key)`: the value of the present entry with that key, undefined when there is none. */
function mapGet(cx: TranslationContext, entries: readonly MapEntry[], key: Value, node: Node): Value {
  const h = hits(cx, entries, key, node);
  const found = anyOf(cx, h);
  if (cx.isFalse(found)) return { kind: 'undefined' };
  // At most one entry hits: an If-chain over the entries that can.
  const candidates = entries.map((e, i) => ({ value: e.value, hit: h[i] as BoolTerm })).filter((c) => !cx.isFalse(c.hit));
  let value = (candidates[candidates.length - 1] as { value: Value }).value;
  for (let i = candidates.length - 2; i >= 0; i--) {
    const c = candidates[i] as { value: Value; hit: BoolTerm };
    value = merge(cx, c.hit, c.value, value, node);
  }
  return cx.isTrue(found) ? value : { kind: 'optional', present: found, value };
}

/** `m.size`: the number of present entries. */
export function mapSize(cx: TranslationContext, m: MapValue): Value {
  const z3 = cx.z3;
  const entries = contentsOf(cx, m);
  const maybe = entries.filter((e) => !cx.isFalse(e.present));
  const lo = BigInt(maybe.filter((e) => cx.isTrue(e.present)).length);
  if (lo === BigInt(maybe.length)) return cx.intConst(lo, true);
  const counts = maybe.map((e) => z3.If(e.present, z3.Int.val(1), z3.Int.val(0)) as IntTerm);
  const sum = counts.slice(1).reduce<IntTerm>((acc, t) => acc.add(t) as IntTerm, counts[0] as IntTerm);
  return cx.makeInt(true, sum, lo, BigInt(maybe.length));
}

/** The heap cell a write goes to (never a fixed map's contents), and nothing iterating it. */
function writableCell(cx: TranslationContext, m: MapValue, what: string, node: Node): number {
  if (m.cell === undefined) return cx.fail(`Map ${what} on a map this code did not create (a proof input or a module constant): the write would be visible outside`, node);
  if ((cx.iterating.get(m.cell) ?? 0) > 0) return cx.fail(`Map ${what} on a map a for-of is iterating (JavaScript iterates live; the model iterates a snapshot)`, node);
  return m.cell;
}

/** `m.set(key, value)` where `guard` holds: an existing key's value changes in place, a new key is appended. */
function mapSet(cx: TranslationContext, m: MapValue, key: Value, value: Value, guard: BoolTerm, node: Node): void {
  const cell = writableCell(cx, m, 'set', node);
  if (holdsArray(value) || holdsArray(key)) cx.fail('an array this code may write, stored in a map (a later write to the array would not reach the map)', node);
  const entries = contentsOf(cx, m);
  const present = hits(cx, entries, key, node);
  const next = entries.map((e, i) => {
    const hit = cx.and(guard, present[i] as BoolTerm);
    return cx.isFalse(hit) ? e : { key: e.key, present: e.present, value: merge(cx, hit, value, e.value, node) };
  });
  const added = cx.and(guard, cx.not(anyOf(cx, present)));
  if (!cx.isFalse(added)) next.push({ key, value, present: added });
  cx.heap.set(cell, next);
}

/** `m.delete(key)` where `guard` holds: the entry with that key is no longer present. Returns whether there was one. */
function mapDelete(cx: TranslationContext, m: MapValue, key: Value, guard: BoolTerm, node: Node): BoolTerm {
  const cell = writableCell(cx, m, 'delete', node);
  const entries = contentsOf(cx, m);
  const h = hits(cx, entries, key, node);
  cx.heap.set(
    cell,
    entries.map((e, i) => {
      const gone = cx.and(guard, h[i] as BoolTerm);
      return cx.isFalse(gone) ? e : { key: e.key, value: e.value, present: cx.and(e.present, cx.not(gone)) };
    }),
  );
  return anyOf(cx, h);
}

/** `m.clear()` where `guard` holds. */
function mapClear(cx: TranslationContext, m: MapValue, guard: BoolTerm, node: Node): void {
  const cell = writableCell(cx, m, 'clear', node);
  cx.heap.set(
    cell,
    contentsOf(cx, m).map((e) => ({ key: e.key, value: e.value, present: cx.and(e.present, cx.not(guard)) })),
  );
}

/** If(c, a, b) of two maps: the same map, or two fixed maps entry by entry (each side's own order, the shorter padded with absent entries). */
export function mergeMaps(cx: TranslationContext, c: BoolTerm, a: MapValue, b: MapValue, node: Node): MapValue {
  if (a.set !== b.set) return cx.fail('a value that may be a Map or a Set (merged branches)', node);
  if (a.cell !== undefined || b.cell !== undefined) {
    if (a.cell === b.cell) return a;
    return cx.fail('a value that may be one of two maps (merged branches)', node);
  }
  const n = Math.max(a.entries.length, b.entries.length);
  const entries: MapEntry[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.entries[i];
    const y = b.entries[i];
    if (x === y && x !== undefined) entries.push(x);
    else if (y === undefined) entries.push({ key: (x as MapEntry).key, value: (x as MapEntry).value, present: cx.and(c, (x as MapEntry).present) });
    else if (x === undefined) entries.push({ key: y.key, value: y.value, present: cx.and(cx.not(c), y.present) });
    else entries.push({ key: merge(cx, c, x.key, y.key, node), value: merge(cx, c, x.value, y.value, node), present: cx.boolIf(c, x.present, y.present) });
  }
  return fixedMap(entries, a.set === true);
}

/** `new Map()` or `new Map(m)` (a copy of another map, in its order): a new map the code may write. */
export function newMap(cx: TranslationContext, node: Node & { getArguments(): Node[] }, frame: Frame, pathCond: BoolTerm): Value {
  const args = node.getArguments();
  if (args.length === 0) return allocate(cx, []);
  const source = args.length === 1 ? evaluate(cx, args[0] as Node, frame, pathCond) : undefined;
  // A Set (behind a cast or any) is no list of entries: JavaScript throws a TypeError.
  if (source?.kind !== 'map' || source.set === true) return cx.fail('new Map with an argument other than one Map', node);
  return allocate(cx, contentsOf(cx, source));
}

/** `new Set()` or `new Set(xs)` of an array of a constant length: a new set the code may write, each item added in order. */
export function newSet(cx: TranslationContext, node: Node & { getArguments(): Node[] }, frame: Frame, pathCond: BoolTerm): Value {
  const args = node.getArguments();
  const set = allocate(cx, [], true);
  if (args.length === 0) return set;
  const source = args.length === 1 ? evaluate(cx, args[0] as Node, frame, pathCond) : undefined;
  if (source?.kind !== 'array' || source.length !== undefined) return cx.fail('new Set with an argument other than one array of a constant length', node);
  for (const item of source.items) mapSet(cx, set, item, item, pathCond, node);
  return set;
}

/**
 * A Map or Set method call (`get`, `has`, `set`, `add`, `delete`, `clear`), or undefined when `call` is none.
 * A write happens where the call is evaluated: under its path condition.
 */
export function mapMethodCall(cx: TranslationContext, call: CallNode, frame: Frame, pathCond: BoolTerm): Value | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !MAP_METHODS.includes(callee.getName())) return undefined;
  const receiver = callee.getExpression();
  if (!mayBeMap(receiver)) return undefined;
  const untyped = receiver.getType().isAny();
  // An untyped receiver is evaluated here to see whether it is a map; another call then evaluates it again, which must give the same value.
  if (untyped && !isPlainReference(receiver)) return cx.fail(`'.${callee.getName()}' on an untyped expression that is not a plain name`, call);
  const map = cx.present(evaluate(cx, receiver, frame, pathCond), pathCond, call, `the map of '.${callee.getName()}'`);
  if (map.kind !== 'map') return untyped ? undefined : cx.fail(`Map method '${callee.getName()}' on a ${map.kind}`, call);
  const method = callee.getName();
  const args = call.getArguments().map((a) => evaluate(cx, a, frame, pathCond));
  const [key, value] = args;
  // Which one it is is the value's: a cast (`as`) or an untyped receiver may call a Set a Map.
  const mistyped = mistypedKind(receiver, map, untyped);
  if (mistyped !== undefined) return cx.fail(mistyped, call);
  const isSet = map.set === true;
  // A Set has add, has, delete, clear; a Map has no add, and a Set no get or set.
  if (isSet !== (method === 'add') && ['add', 'get', 'set'].includes(method)) return cx.fail(`'.${method}' on a ${isSet ? 'Set' : 'Map'}`, call);
  if (method === 'add' && key !== undefined && args.length === 1) {
    mapSet(cx, map, key, key, pathCond, call);
    return map;
  }
  if (method === 'get' && key !== undefined && args.length === 1) return mapGet(cx, contentsOf(cx, map), key, call);
  if (method === 'has' && key !== undefined && args.length === 1) return { kind: 'bool', term: mapHas(cx, contentsOf(cx, map), key, call) };
  if (method === 'set' && key !== undefined && value !== undefined && args.length === 2) {
    mapSet(cx, map, key, value, pathCond, call);
    return map;
  }
  if (method === 'delete' && key !== undefined && args.length === 1) return { kind: 'bool', term: mapDelete(cx, map, key, pathCond, call) };
  if (method === 'clear' && args.length === 0) {
    mapClear(cx, map, pathCond, call);
    return { kind: 'undefined' };
  }
  return cx.fail(`Map or Set '${call.getText()}' (get, has, set, add, delete, clear, size and for-of over it, keys(), values(), entries() are modelled)`, call);
}

/**
 * What a for-of over a Map visits: one item per entry (key, value or [key, value]), present
 * when the entry is; `during` runs the loop with the map marked as iterated (a write to it then
 * is ERROR), `outside` the code after the loop with the mark lifted.
 */
export interface MapIteration {
  readonly items: readonly Value[];
  readonly present: readonly BoolTerm[];
  readonly during: <T>(run: () => T) => T;
  readonly outside: <T>(run: () => T) => T;
}

/** The items of `for (... of m)`, `m.keys()`, `m.values()`, `m.entries()`, or undefined when the iterated expression is none of these. */
export function mapIteration(cx: TranslationContext, iterated: Node, frame: Frame, pathCond: BoolTerm): MapIteration | undefined {
  let receiver: Node = iterated;
  let part = 'entries' as 'keys' | 'values' | 'entries';
  if (Node.isCallExpression(iterated)) {
    const callee = iterated.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !['keys', 'values', 'entries'].includes(callee.getName()) || !mayBeMap(callee.getExpression())) return undefined;
    if (iterated.getArguments().length !== 0) return cx.fail(`for-of over '${iterated.getText()}'`, iterated);
    receiver = callee.getExpression();
    part = callee.getName() as typeof part;
  } else if (!mayBeMap(iterated)) return undefined;
  const untyped = receiver.getType().isAny();
  if (untyped && !isPlainReference(receiver)) return cx.fail('for-of over an untyped expression that is not a plain name', iterated);
  const map = cx.present(evaluate(cx, receiver, frame, pathCond), pathCond, iterated, 'the iterated map');
  if (map.kind !== 'map') return untyped ? undefined : cx.fail(`for-of over a ${map.kind} typed as a Map`, iterated);
  // Which one it is is the value's (a cast or `any` may hide it); a Set iterates its values (its keys) by default.
  const mistyped = mistypedKind(receiver, map, untyped);
  if (mistyped !== undefined) return cx.fail(`for-of over ${mistyped}`, iterated);
  if (receiver === iterated && map.set === true) part = 'values';
  const entries = contentsOf(cx, map);
  const cell = map.cell;
  const mark = (delta: number): void => {
    if (cell !== undefined) cx.iterating.set(cell, (cx.iterating.get(cell) ?? 0) + delta);
  };
  const scoped =
    (on: number) =>
    <T>(run: () => T): T => {
      mark(on);
      try {
        return run();
      } finally {
        mark(-on);
      }
    };
  return {
    items: entries.map((e) => (part === 'keys' ? e.key : part === 'values' ? e.value : arrayOf([e.key, e.value]))),
    present: entries.map((e) => e.present),
    during: scoped(1),
    outside: scoped(-1),
  };
}
