/**
 * Value operations and merging: If-merges of two values of one shape at a branch join (and of
 * environments and return values), array lengths, symbolic indexing, concatenation, truthiness.
 */
import type { Node } from 'ts-morph';
import type { TranslationContext } from './context.js';
import { mergeMaps } from './maps.js';
import {
  type ArrayValue,
  type BoolTerm,
  type BoolValue,
  type Env,
  type IntTerm,
  type IntValue,
  type Outcome,
  type Value,
  arrayOf,
  gcd,
  mergeRefs,
} from './values.js';

/** The outcome of the paths of a loop body that reach the next iteration (compared by identity). */
export const CONTINUES: Value = Object.freeze({ kind: 'undefined' });

/** If(c, a, b) of two values of the same shape. */
export function merge(cx: TranslationContext, c: BoolTerm, a: Value, b: Value, node: Node): Value {
  const z3 = cx.z3;
  if (cx.isTrue(c)) return a;
  if (cx.isFalse(c)) return b;
  if (a.kind === 'int' && b.kind === 'int') {
    // 5 and 5n are different values (5 === 5n is false): a number never merges with a bigint.
    if (a.isNumber !== b.isNumber) cx.fail('a value that may be a number or a bigint', node);
    if (a.constant !== undefined && a.constant === b.constant) return a;
    const lo = a.lo !== undefined && b.lo !== undefined ? (a.lo < b.lo ? a.lo : b.lo) : undefined;
    const hi = a.hi !== undefined && b.hi !== undefined ? (a.hi > b.hi ? a.hi : b.hi) : undefined;
    const stride = gcd(cx.strideOf(a), cx.strideOf(b));
    if (a.term === b.term) return cx.makeInt(a.isNumber, a.term, lo, hi, stride);
    return cx.makeInt(a.isNumber, z3.If(c, a.term, b.term) as IntTerm, lo, hi, stride);
  }
  if (a.kind === 'bool' && b.kind === 'bool') {
    if (a.constant !== undefined && a.constant === b.constant) return a;
    return { kind: 'bool', term: cx.boolIf(c, a.term, b.term) };
  }
  if (a.kind === 'string' && b.kind === 'string') {
    if (a.constant !== undefined && a.constant === b.constant) return a;
    return { kind: 'string', term: z3.If(c, a.term, b.term) as IntTerm };
  }
  if (a.kind === 'undefined' && b.kind === 'undefined') return a;
  if (a.kind === 'undefined' || b.kind === 'undefined' || a.kind === 'optional' || b.kind === 'optional') {
    const presentOf = (v: Value): BoolTerm => (v.kind === 'undefined' ? z3.Bool.val(false) : v.kind === 'optional' ? v.present : z3.Bool.val(true));
    const valueOf = (v: Value): Value | undefined => (v.kind === 'undefined' ? undefined : v.kind === 'optional' ? v.value : v);
    const va = valueOf(a);
    const vb = valueOf(b);
    const value = va === undefined ? vb : vb === undefined ? va : merge(cx, c, va, vb, node);
    if (value === undefined) return { kind: 'undefined' };
    return { kind: 'optional', present: cx.boolIf(c, presentOf(a), presentOf(b)), value };
  }
  if (a.kind === 'record' && b.kind === 'record') {
    const fields = new Map<string, Value>();
    for (const key of new Set([...a.fields.keys(), ...b.fields.keys()])) {
      // A field one variant has and the other lacks is possibly undefined after the merge:
      // reading it through a wider type sees undefined on the other variant, as JS does.
      fields.set(key, merge(cx, c, a.fields.get(key) ?? { kind: 'undefined' }, b.fields.get(key) ?? { kind: 'undefined' }, node));
    }
    return { kind: 'record', fields };
  }
  if (a.kind === 'array' && b.kind === 'array') {
    // Items beyond one side's length are never read on that side: keep the other side's.
    const n = Math.max(a.items.length, b.items.length);
    const items = Array.from({ length: n }, (_, i) => {
      const x = a.items[i];
      const y = b.items[i];
      return x === undefined ? (y as Value) : y === undefined ? x : x === y ? x : merge(cx, c, x, y, node);
    });
    const sameLength = a.length === undefined && b.length === undefined && a.items.length === b.items.length;
    const length = sameLength ? undefined : (merge(cx, c, arrayLength(cx, a), arrayLength(cx, b), node) as IntValue);
    return arrayOf(items, length, mergeRefs(a.refs, b.refs));
  }
  if (a.kind === 'map' && b.kind === 'map') return mergeMaps(cx, c, a, b, node);
  // Two closures of one arrow are the same function only with the same captured locals.
  if (a.kind === 'function' && b.kind === 'function' && a.decl === b.decl && a.outer === b.outer) return a;
  if (a.kind === 'module-object' && b.kind === 'module-object' && a.object === b.object) return a;
  return cx.fail(`merging values of different shapes (${a.kind} / ${b.kind})`, node);
}

/**
 * The merge of two paths' return values (null: that path does not return; falling off the end is
 * undefined). CONTINUES marks paths that go on to the next iteration of a loop run in sequence
 * (statements.ts, loopInSequence): the loop selects the later outcome on exactly those paths, so
 * whatever the other side returns stands for them.
 */
export function mergeOutcome(cx: TranslationContext, c: BoolTerm, a: Outcome, b: Outcome, node: Node): Outcome {
  if (a === CONTINUES) return b;
  if (b === CONTINUES) return a;
  if (a === null && b === null) return null;
  return merge(cx, c, a ?? { kind: 'undefined' }, b ?? { kind: 'undefined' }, node);
}

/** The environments of two branches joined (a name declared in one branch only is out of scope after it). */
export function mergeEnv(cx: TranslationContext, c: BoolTerm, a: Env, b: Env, node: Node): Env {
  const out: Env = new Map();
  for (const [key, x] of a) {
    const y = b.get(key);
    if (y === undefined) continue;
    out.set(key, x === y ? x : merge(cx, c, x, y, node));
  }
  return out;
}

/** An array's length: its symbolic length, or the constant number of items. */
export function arrayLength(cx: TranslationContext, a: ArrayValue): IntValue {
  return a.length ?? cx.intConst(BigInt(a.items.length), true);
}

/** items[index] for a symbolic index (an If-chain; an index past the end reads the last item, under the caller's obligation). */
export function select(cx: TranslationContext, items: readonly Value[], index: IntTerm, node: Node): Value {
  let r = items[items.length - 1] as Value;
  for (let i = items.length - 2; i >= 0; i--) r = merge(cx, index.eq(cx.numeral(BigInt(i))), items[i] as Value, r, node);
  return r;
}

/** a ‖ b (items and length; the caller makes it a new array). With a symbolic length of a, each item after a's constant part is a case split. */
export function concat(cx: TranslationContext, a: ArrayValue, b: ArrayValue, node: Node): ArrayValue {
  if (a.length === undefined && b.length === undefined) return arrayOf([...a.items, ...b.items]);
  const la = arrayLength(cx, a);
  const lb = arrayLength(cx, b);
  const length = cx.makeInt(true, la.term.add(lb.term) as IntTerm, (la.lo ?? 0n) + (lb.lo ?? 0n), (la.hi ?? BigInt(a.items.length)) + (lb.hi ?? BigInt(b.items.length)));
  if (a.length === undefined) return arrayOf([...a.items, ...b.items], length);
  const items: Value[] = [];
  for (let j = 0; j < a.items.length + b.items.length; j++) {
    const fromB = b.items.length === 0 ? undefined : select(cx, b.items, cx.z3.Int.val(j).sub(la.term) as IntTerm, node);
    const fromA = a.items[j];
    if (fromA === undefined || (la.hi !== undefined && la.hi <= BigInt(j))) items.push(fromB ?? (fromA as Value));
    else if (fromB === undefined || (la.lo !== undefined && la.lo > BigInt(j))) items.push(fromA);
    else items.push(merge(cx, la.term.gt(j), fromA, fromB, node));
  }
  return arrayOf(items, length);
}

/** The items of an array whose length is a constant; a symbolic length is outside the subset here. */
export function fixedItems(cx: TranslationContext, a: ArrayValue, what: string, node: Node): readonly Value[] {
  if (a.length !== undefined) cx.fail(`${what} of an array of symbolic length`, node);
  return a.items;
}

/** JS's ToUint8 on a store into a Uint8Array is silent truncation: a stored value must be a byte. */
export function storeByte(cx: TranslationContext, v: Value, pathCond: BoolTerm, node: Node): Value {
  const x = cx.asInt(v, node, pathCond);
  if (!x.isNumber) cx.fail('a bigint stored into a Uint8Array', node);
  if (x.lo === undefined || x.hi === undefined || x.lo < 0n || x.hi > 255n) {
    cx.oblige('domain', pathCond, cx.z3.And(x.term.ge(0), x.term.le(255)), 'a value stored into a Uint8Array is a byte (no silent truncation)', node);
  }
  return cx.makeInt(true, x.term, x.lo !== undefined && x.lo > 0n ? x.lo : 0n, x.hi !== undefined && x.hi < 255n ? x.hi : 255n, x.stride);
}

/** JS truthiness. */
export function toBool(cx: TranslationContext, v: Value, node: Node): BoolValue {
  switch (v.kind) {
    case 'bool':
      return v;
    case 'int':
      return v.constant !== undefined ? cx.boolConst(v.constant !== 0n) : { kind: 'bool', term: v.term.neq(0) };
    case 'undefined':
      return cx.boolConst(false);
    case 'optional':
      return { kind: 'bool', term: cx.and(v.present, toBool(cx, v.value, node).term) };
    case 'record':
    case 'array':
    case 'map':
    case 'function':
    case 'module-object':
      return cx.boolConst(true);
    case 'string':
      return v.constant !== undefined ? cx.boolConst(v.constant !== '') : cx.fail('truthiness of a symbolic string', node);
  }
}
