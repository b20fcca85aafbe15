/**
 * Array methods that take a callback (`.map`, `.some`, `.every`, `.find`, `.findIndex`, `.reduce`,
 * `.forEach`) and the
 * `.entries()` a for-of walks. The callback is an arrow or function expression written in place
 * (it reads the enclosing function's locals as they are now and may not assign them: its frame
 * holds a copy, so the assignment would be lost), or a function value (a closure keeps its own
 * captured locals). It is inlined per item, left to right, with JavaScript's arguments, on the
 * path where the item exists (items past a symbolic length are not visited), so a map it writes
 * (harness/translate/maps.ts) is written only there. No `thisArg`.
 */
import { holdsBytes } from './byte-arrays.js';
import { type Expression, Node } from 'ts-morph';
import { invoke } from './calls.js';
import { calledFunction, rejectCapturedAssignments } from './closures.js';
import type { TranslationContext } from './context.js';
import { evaluate } from './expressions.js';
import { arrayLength, fixedItems, merge, storeByte, toBool } from './merge.js';
import { type ArrayValue, type BoolTerm, type Env, type Frame, type FunctionNode, type Value, arrayOf } from './values.js';

type CallNode = Node & { getExpression(): Expression; getArguments(): Node[] };

export const ARRAY_CALLBACK_METHODS: readonly string[] = ['map', 'some', 'every', 'reduce', 'forEach', 'find', 'findIndex'];

/** The callback argument of `.name(...)`: its declaration and the locals it reads. */
function callback(cx: TranslationContext, cb: Node, name: string, frame: Frame, pathCond: BoolTerm): { readonly decl: FunctionNode; readonly outer: Env | undefined } {
  if (Node.isArrowFunction(cb) || Node.isFunctionExpression(cb)) {
    rejectCapturedAssignments(cx, cb);
    return { decl: cb, outer: frame.env };
  }
  const f = evaluate(cx, cb, frame, pathCond);
  if (f.kind !== 'function') return cx.fail(`.${name} with a callback that is a ${f.kind}`, cb);
  calledFunction(cx, f);
  return { decl: f.decl, outer: f.outer };
}

/** Whether item i of `arr` exists: always below a constant length, else below the symbolic one. */
function itemPresent(cx: TranslationContext, arr: ArrayValue, i: number, always: BoolTerm = cx.trueTerm()): BoolTerm {
  const length = arrayLength(cx, arr);
  return length.lo !== undefined && length.lo > BigInt(i) ? always : length.term.gt(i);
}

/** `arr.name(cb, ...)` for one of ARRAY_CALLBACK_METHODS. */
export function arrayCallbackCall(cx: TranslationContext, name: string, receiver: Node, arr: Value, args: readonly Node[], call: CallNode, frame: Frame, pathCond: BoolTerm): Value {
  if (arr.kind !== 'array') return cx.fail(`.${name} of a ${arr.kind}`, call);
  const cb = args[0];
  const arity = name === 'reduce' ? 2 : 1;
  if (cb === undefined || args.length !== arity) return cx.fail(`.${name} without ${name === 'reduce' ? 'a callback and an initial value' : 'exactly one callback'}`, call);
  const { decl, outer } = callback(cx, cb, name, frame, pathCond);
  const at = (item: Value, i: number, reach: BoolTerm, extra: readonly Value[] = []): Value =>
    invoke(cx, decl, [...extra, item, cx.intConst(BigInt(i), true), arr], reach, call, undefined, undefined, outer);
  switch (name) {
    case 'map': {
      // A Uint8Array's map stores each result into a Uint8Array: it must be a byte (no silent truncation), as for any store.
      const bytes = holdsBytes(cx, receiver, '.map');
      return cx.newArray(fixedItems(cx, arr, '.map', call).map((item, i) => (bytes ? storeByte(cx, at(item, i, pathCond), pathCond, call) : at(item, i, pathCond))));
    }
    case 'some':
    case 'every':
      return someOrEvery(cx, name === 'some', arr, at, pathCond, call);
    case 'find':
    case 'findIndex':
      return findFirst(cx, name === 'find', arr, at, pathCond, call);
    case 'reduce': {
      // With an initial value: acc = cb(acc, item, index, array) for each item that exists.
      let acc = evaluate(cx, args[1] as Node, frame, pathCond);
      arr.items.forEach((item, i) => {
        const present = itemPresent(cx, arr, i);
        const reach = cx.and(pathCond, present);
        if (cx.isFalse(reach)) return;
        acc = merge(cx, present, at(item, i, reach, [acc]), acc, call);
      });
      return acc;
    }
    case 'forEach':
      arr.items.forEach((item, i) => {
        const reach = cx.and(pathCond, itemPresent(cx, arr, i));
        if (!cx.isFalse(reach)) at(item, i, reach);
      });
      return { kind: 'undefined' };
    default:
      return cx.fail(`.${name}`, call);
  }
}

/** `.some` / `.every`: each item only on the path where no earlier item decided the result. */
function someOrEvery(cx: TranslationContext, isSome: boolean, arr: ArrayValue, at: (item: Value, i: number, reach: BoolTerm) => Value, pathCond: BoolTerm, call: Node): Value {
  const z3 = cx.z3;
  // Whether an item so far decided the result (some: returned truthy; every: returned falsy).
  // (Fresh true and false terms, not the context's shared ones: the queries stay as they were printed before 2.5.0.)
  let decided: BoolTerm = z3.Bool.val(false);
  for (let i = 0; i < arr.items.length; i++) {
    const present = itemPresent(cx, arr, i, z3.Bool.val(true));
    const reach = cx.and(cx.and(pathCond, cx.not(decided)), present);
    if (cx.isFalse(reach)) break;
    const r = toBool(cx, at(arr.items[i] as Value, i, reach), call);
    const decisive = isSome ? r.term : cx.not(r.term);
    decided = cx.isFalse(decided) ? cx.and(present, decisive) : z3.Or(decided, cx.and(present, decisive));
  }
  // No item can decide (every callback a constant that does not): a constant, so a branch on it is not translated.
  if (cx.isFalse(decided)) return cx.boolConst(!isSome);
  return { kind: 'bool', term: isSome ? decided : cx.not(decided) };
}

/**
 * `.find` / `.findIndex`: the first item (or its index) whose callback returns truthy, undefined
 * (or -1) when none does; each callback runs only on the path where no earlier item matched, as
 * JavaScript stops at the first match.
 */
function findFirst(cx: TranslationContext, isFind: boolean, arr: ArrayValue, at: (item: Value, i: number, reach: BoolTerm) => Value, pathCond: BoolTerm, call: Node): Value {
  const hits: { readonly hit: BoolTerm; readonly value: Value }[] = [];
  let matched: BoolTerm = cx.falseTerm();
  for (let i = 0; i < arr.items.length; i++) {
    const present = itemPresent(cx, arr, i);
    const reach = cx.and(cx.and(pathCond, cx.not(matched)), present);
    if (cx.isFalse(reach)) break;
    const item = arr.items[i] as Value;
    const hit = cx.and(cx.and(cx.not(matched), present), toBool(cx, at(item, i, reach), call).term);
    hits.push({ hit, value: isFind ? item : cx.intConst(BigInt(i), true) });
    matched = cx.isFalse(matched) ? cx.and(present, hit) : cx.z3.Or(matched, hit);
  }
  let result: Value = isFind ? { kind: 'undefined' } : cx.intConst(-1n, true);
  for (let k = hits.length - 1; k >= 0; k--) {
    const { hit, value } = hits[k] as { readonly hit: BoolTerm; readonly value: Value };
    if (!cx.isFalse(hit)) result = merge(cx, hit, value, result, call);
  }
  return result;
}

/** The items of `for (const [i, x] of arr.entries())` over an array of a constant length: [index, item] pairs; undefined when `iterated` is not such a call. */
export function arrayEntries(cx: TranslationContext, iterated: Node, frame: Frame, pathCond: BoolTerm): readonly Value[] | undefined {
  if (!Node.isCallExpression(iterated)) return undefined;
  const callee = iterated.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'entries' || iterated.getArguments().length !== 0) return undefined;
  const arr = evaluate(cx, callee.getExpression(), frame, pathCond);
  if (arr.kind !== 'array') return cx.fail(`for-of over '.entries()' of a ${arr.kind}`, iterated);
  return fixedItems(cx, arr, 'for-of over .entries()', iterated).map((item, i) => arrayOf([cx.intConst(BigInt(i), true), item]));
}
