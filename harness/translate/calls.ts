/**
 * Calls and binding: a call is an intrinsic (intrinsics.ts) or the callee's body inlined with its
 * parameters bound to the argument values (destructuring and defaults included), in a frame
 * with the callee's bigint mode (`@smtBigint`) and unwind bound (`@unwind`).
 */
import { type CallExpression, type Expression, Node, type ParameterDeclaration, type PropertyAccessExpression, SyntaxKind } from 'ts-morph';
import { memoByNode } from './syntax-memo.js';
import type { TranslationContext } from './context.js';
import { evaluate, property, resolve } from './expressions.js';
import { calledFunction, declaringFunction, isCallbackArgument } from './closures.js';
import { checkArguments, checkTypePredicate } from './casts.js';
import { checkContractArguments, contractOf } from './contracts.js';
import { builtinCall, kernelIntrinsic, taggedHasherCall } from './intrinsics.js';
import { mapMethodCall } from './maps.js';
import { fixedItems, merge } from './merge.js';
import { RETURN_FIELD, assignsOutside, localCallee, packExit, threadedNames } from './nested.js';
import { afterWrite, executeStatements } from './statements.js';
import { functionTagWords, inOutParameterNames } from '../jsdoc.js';
import { type BigintMode, type BoolTerm, type Continuation, DEFAULT_UNWIND, type Env, type Frame, type FunctionNode, type RecordValue, type Value, holdsClosureOf, mayWrite } from './values.js';

/** Inlined calls deeper than this are rejected. */
const MAX_DEPTH = 32;

type CallNode = Node & { getExpression(): Expression; getArguments(): Node[] };

/** A call expression: a built-in, a kernel intrinsic, or a subset function inlined. */
export function callExpression(cx: TranslationContext, call: CallNode, frame: Frame, pathCond: BoolTerm): Value {
  const local = localCallee(cx, call, frame.env);
  if (local !== undefined) {
    // Inside an expression a local function reads its caller's variables as they are now, and changes none (harness/translate/nested.ts).
    if (assignsOutside(local)) return cx.fail(`call of a local function that assigns its caller's variables inside an expression (call it as a statement: \`f(...)\`, \`x = f(...)\`, \`const x = f(...)\` or \`return f(...)\`)`, call);
    return invoke(cx, local, argumentValues(cx, call, frame, pathCond), pathCond, call, undefined, undefined, frame.env);
  }
  const builtin = mapMethodCall(cx, call, frame, pathCond) ?? builtinCall(cx, call, frame, pathCond) ?? taggedHasherCall(cx, call, frame, pathCond);
  if (builtin !== undefined) return builtin;
  const callee = call.getExpression();
  const args = call.getArguments();
  if (Node.isIdentifier(callee) && !frame.env.has(callee.getText())) {
    const target = resolve(callee);
    if (target !== undefined && Node.isFunctionDeclaration(target)) {
      const intrinsic = kernelIntrinsic(cx, target.getSourceFile().getFilePath(), target.getName() ?? '');
      if (intrinsic !== undefined) return intrinsic(cx, call, args, frame, pathCond);
    }
  }
  const f = Node.isPropertyAccessExpression(callee) ? recordFunction(cx, callee, frame, pathCond, call) : evaluate(cx, callee, frame, pathCond);
  if (f.kind !== 'function') return cx.fail(`call of a ${f.kind}`, call);
  calledFunction(cx, f);
  checkArguments(cx, call, f.decl);
  const argValues = argumentValues(cx, call, frame, pathCond);
  const result = invoke(cx, f.decl, argValues, pathCond, call, undefined, undefined, f.outer);
  for (const a of args) {
    if (!((Node.isArrowFunction(a) || Node.isFunctionExpression(a)) && isCallbackArgument(a))) continue;
    // A callback capturing anything (closures.ts) must not outlive the call: neither the result nor any map may hold it.
    const escapes = holdsClosureOf(result, a) || [...cx.heap.values()].some((entries) => entries.some((e) => holdsClosureOf(e.value, a) || holdsClosureOf(e.key, a)));
    if (escapes) cx.fail('a callback that may outlive the call it is passed to (the result, or a map, may hold it)', a);
  }
  return result;
}

function argumentValues(cx: TranslationContext, call: CallNode, frame: Frame, pathCond: BoolTerm): Value[] {
  return call.getArguments().map((a) => (Node.isSpreadElement(a) ? cx.fail('spread argument', a) : evaluate(cx, a, frame, pathCond)));
}

/**
 * A call of a local function as a statement (harness/translate/nested.ts), or undefined when
 * `node` is no such call: the callee runs in the caller's environment, may write what the caller
 * may write, and the caller goes on with its variables as the callee left them.
 */
export function threadedCall(cx: TranslationContext, node: Node, frame: Frame, pathCond: BoolTerm): { readonly value: Value; readonly env: Env } | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const local = localCallee(cx, node, frame.env);
  if (local === undefined) return inOutCall(cx, node, frame, pathCond);
  const names = threadedNames(cx, local, frame.env, node);
  const exit = exitRecord(cx, invoke(cx, local, argumentValues(cx, node, frame, pathCond), pathCond, node, undefined, undefined, frame.env, { allocBase: frame.allocBase, names, inOut: frame.inOut }), node);
  const env = new Map(frame.env);
  for (const n of names) env.set(n, exit.fields.get(n) as Value);
  return { value: exit.fields.get(RETURN_FIELD) as Value, env };
}

/** The record every exit of a threaded call packs. A path that returns nothing (null) is unreachable there: every exit packs. */
function exitRecord(cx: TranslationContext, packed: Value, site: Node): RecordValue {
  const exit = packed.kind === 'optional' ? packed.value : packed;
  return exit.kind === 'record' ? exit : cx.fail('a threaded call without its exit record', site);
}

/**
 * A call, as a statement, of a module-level function with in-out arguments: at a parameter its
 * JSDoc declares `@inOut` (as check-boundary requires of a kernel function writing a parameter),
 * an array the caller may write, named by a local bound to the whole array
 * (`at = writeU32le(out, at, n)`, kernel/encoding/little-endian.ts). The callee may write them through its parameters (and
 * aliases of those), as JavaScript lets it; every exit hands back each such parameter, which
 * must still be bound to the same array (ERROR otherwise: a reassigned parameter's writes would
 * not reach the caller), and the caller goes on with the arrays as the callee left them (every
 * alias and view updated, harness/translate/statements.ts `afterWrite`). One array passed as two
 * arguments is ERROR. Undefined when no argument is such an array: an ordinary call, whose
 * callee may write none of its arguments.
 */
function inOutCall(cx: TranslationContext, node: CallExpression, frame: Frame, pathCond: BoolTerm): { readonly value: Value; readonly env: Env } | undefined {
  const callee = node.getExpression();
  if (!Node.isIdentifier(callee) || frame.env.has(callee.getText())) return undefined;
  const decl = resolve(callee);
  if (decl === undefined || !Node.isFunctionDeclaration(decl) || declaringFunction(decl) !== undefined) return undefined;
  if (kernelIntrinsic(cx, decl.getSourceFile().getFilePath(), decl.getName() ?? '') !== undefined) return undefined;
  const declared = inOutParameterNames(decl);
  if (declared.size === 0) return undefined;
  const params = decl.getParameters();
  const inOut: { readonly param: string; readonly arg: string; readonly id: number }[] = [];
  node.getArguments().forEach((a, i) => {
    const p = params[i];
    if (p === undefined || p.isRestParameter() || !Node.isIdentifier(p.getNameNode()) || !declared.has(p.getName())) return;
    const v = Node.isIdentifier(a) ? frame.env.get(a.getText()) : undefined;
    const ref = v?.kind === 'array' && v.refs?.length === 1 ? v.refs[0] : undefined;
    // Anything else (an input, a view, an expression) is an ordinary argument: a write to it is ERROR in the callee.
    if (ref === undefined || !ref.whole || !mayWrite(frame, ref.id)) return;
    inOut.push({ param: p.getName(), arg: a.getText(), id: ref.id });
  });
  if (inOut.length === 0) return undefined;
  if (new Set(inOut.map((x) => x.id)).size !== inOut.length) return cx.fail(`call of '${callee.getText()}' with one array as two in-out arguments`, node);
  const names = inOut.map((x) => x.param);
  const exit = exitRecord(cx, invoke(cx, decl, argumentValues(cx, node, frame, pathCond), pathCond, node, undefined, undefined, undefined, { names, inOut: new Set(inOut.map((x) => x.id)) }), node);
  let env: Env = frame.env;
  for (const x of inOut) {
    const after = exit.fields.get(x.param);
    const ref = after?.kind === 'array' && after.refs?.length === 1 ? after.refs[0] : undefined;
    if (after?.kind !== 'array' || ref === undefined || ref.id !== x.id || !ref.whole) {
      return cx.fail(`parameter '${x.param}' of '${callee.getText()}' is not bound to the caller's array '${x.arg}' at every exit: its writes would not reach the caller`, node);
    }
    env = afterWrite(cx, env, x.arg, after, node);
  }
  return { value: exit.fields.get(RETURN_FIELD) as Value, env };
}

/** Whether a function's body reads `this` (remembered per function). */
const readsThis = memoByNode((decl: Node): boolean => decl.getDescendantsOfKind(SyntaxKind.ThisKeyword).length > 0);

/** A function held in a record's field (`checks.first(x)`), called without `this`: one that reads `this` is refused, and so is any other method call. */
function recordFunction(cx: TranslationContext, callee: PropertyAccessExpression, frame: Frame, pathCond: BoolTerm, call: CallNode): Value {
  const holder = evaluate(cx, callee.getExpression(), frame, pathCond);
  const f = holder.kind === 'record' ? holder.fields.get(callee.getName()) : undefined;
  if (f?.kind !== 'function') return cx.fail(`method call '${callee.getText()}'`, call);
  if (readsThis(f.decl)) return cx.fail(`call of '${callee.getText()}', a function that reads 'this'`, call);
  return calledFunction(cx, f);
}

/**
 * Inlines a call of a subset function with argument values. `frameMode` and `unwindOverride`
 * set the frame of a proof's own arrows (exact arithmetic, the proof's unwind bound); `outer` is
 * the environment a closure captures (an arrow called where it is written, by `.some`/`.every`).
 */
export function invoke(cx: TranslationContext, decl: FunctionNode, args: readonly Value[], pathCond: BoolTerm, site: Node, frameMode?: BigintMode, unwindOverride?: number, outer?: Env, threading?: Threading): Value {
  // The heap's cells hold immutable entry lists (a write replaces the list): a shallow copy is a snapshot.
  const heapBefore = cx.callObserver === undefined ? cx.heap : new Map(cx.heap);
  const result = inline(cx, decl, args, pathCond, site, frameMode, unwindOverride, outer, threading);
  cx.callObserver?.(decl, args, pathCond, site, result, heapBefore);
  return result;
}

/**
 * A threaded call's frame: for a local function the caller's allocation base (the callee may
 * write its arrays) and the caller's variables every exit hands back; for a call with in-out
 * arguments its own allocation base, those arrays, and the parameters bound to them.
 */
interface Threading {
  readonly allocBase?: number;
  readonly names: readonly string[];
  readonly inOut: ReadonlySet<number> | undefined;
}

function inline(cx: TranslationContext, decl: FunctionNode, args: readonly Value[], pathCond: BoolTerm, site: Node, frameMode?: BigintMode, unwindOverride?: number, outer?: Env, threading?: Threading): Value {
  if (cx.callStack.includes(decl)) return cx.fail('recursion', site);
  if (cx.callStack.length >= MAX_DEPTH) return cx.fail(`call depth above ${MAX_DEPTH}`, site);
  if (Node.isFunctionDeclaration(decl) && decl.isAsync()) cx.fail('async function', decl);
  if ((Node.isFunctionDeclaration(decl) || Node.isFunctionExpression(decl)) && decl.isGenerator()) cx.fail('generator', decl);
  const tags = functionTags(decl);
  const modeTag = tags.get('smtBigint');
  // Helpers declared in a proof file are specification, not code: exact arithmetic.
  const inProof = decl.getSourceFile().getFilePath().endsWith('.proof.ts');
  const mode: BigintMode = frameMode ?? (inProof ? 'unbounded' : modeTag === 'uint256' || modeTag === 'unbounded' || modeTag === 'int64' ? modeTag : 'int64');
  const unwindTag = tags.get('unwind');
  // A bound that is not a non-negative decimal integer (-1, 2.5, 1e1, 0x10, a word) is refused: a negative one unrolled nothing.
  if (unwindTag !== undefined && !/^[0-9]+$/.test(unwindTag)) cx.fail(`@unwind ${unwindTag}: the bound must be a non-negative decimal integer`, decl);
  const unwind = unwindOverride ?? (unwindTag !== undefined ? Number(unwindTag) : DEFAULT_UNWIND);
  // A closure sees the locals of the function it is written in (`outer`), read when it runs.
  const frame: Frame = { env: new Map(outer ?? []), mode, unwind, file: cx.loc(decl), allocBase: threading?.allocBase ?? cx.allocations + 1, threaded: threading?.names, inOut: threading?.inOut, inSequence: tags.has('inSequence') };
  if (Node.isFunctionDeclaration(decl)) {
    const name = decl.getName();
    if (name !== undefined) cx.functionsUsed.add(`${name} (${cx.loc(decl)})`);
  }
  // A contract function: its arguments are checked against the contract's domains, and its body's
  // obligations are the contract proof's (harness/translate/contracts.ts).
  const contract = contractOf(cx, decl);
  if (contract !== undefined) checkContractArguments(cx, contract, args, pathCond, site);
  checkTypePredicate(cx, decl, site);
  decl.getParameters().forEach((p, i) => bindParameter(cx, p, args[i], frame, pathCond));
  cx.callStack.push(decl);
  if (contract !== undefined) cx.discharged++;
  try {
    const body = decl.getBody();
    if (body === undefined) return cx.fail('function without a body', decl);
    const names = threading?.names;
    if (!Node.isBlock(body)) {
      const value = evaluate(cx, body as Expression, frame, pathCond);
      return names === undefined ? value : packExit(value, frame.env, names);
    }
    const fallOff: Continuation = names === undefined ? () => null : (e) => packExit({ kind: 'undefined' }, e, names);
    return executeStatements(cx, body.getStatements(), 0, frame.env, pathCond, fallOff, frame) ?? { kind: 'undefined' };
  } finally {
    if (contract !== undefined) cx.discharged--;
    cx.callStack.pop();
  }
}

/** A function's JSDoc tags (`@smtBigint uint256`, `@unwind 64`): tag name to first word. */
function functionTags(decl: FunctionNode): Map<string, string> {
  return new Map(functionTagWords(decl).map((t) => [t.name, t.word]));
}

function bindParameter(cx: TranslationContext, p: ParameterDeclaration, arg: Value | undefined, frame: Frame, pathCond: BoolTerm): void {
  if (p.isRestParameter()) cx.fail('rest parameter', p);
  let v = arg;
  const init = p.getInitializer();
  if (init !== undefined && (v === undefined || v.kind === 'undefined')) v = evaluate(cx, init, frame, pathCond);
  else if (init !== undefined && v?.kind === 'optional') v = merge(cx, v.present, v.value, evaluate(cx, init, frame, cx.and(pathCond, cx.not(v.present))), p);
  bindName(cx, p.getNameNode(), v ?? { kind: 'undefined' }, frame.env, p, pathCond);
}

/** Binds a name or a destructuring pattern to a value in `env`. */
export function bindName(cx: TranslationContext, nameNode: Node, v: Value, env: Env, site: Node, pathCond: BoolTerm): void {
  if (Node.isIdentifier(nameNode)) {
    env.set(nameNode.getText(), v);
    return;
  }
  if (Node.isObjectBindingPattern(nameNode)) {
    for (const el of nameNode.getElements()) {
      if (el.getDotDotDotToken() !== undefined) cx.fail('rest element in destructuring', el);
      if (el.getInitializer() !== undefined) cx.fail('a default value in destructuring', el);
      const key = el.getPropertyNameNode();
      if (key !== undefined && !Node.isIdentifier(key)) cx.fail('a quoted or computed key in destructuring', el);
      const prop = key?.getText() ?? el.getName();
      bindName(cx, el.getNameNode(), property(cx, v, prop, el, pathCond), env, el, pathCond);
    }
    return;
  }
  if (Node.isArrayBindingPattern(nameNode)) {
    nameNode.getElements().forEach((el, i) => {
      if (Node.isOmittedExpression(el)) return;
      if (el.getDotDotDotToken() !== undefined) cx.fail('rest element in destructuring', el);
      if (el.getInitializer() !== undefined) cx.fail('a default value in destructuring', el);
      const item = v.kind === 'array' ? (fixedItems(cx, v, 'array destructuring', el)[i] ?? { kind: 'undefined' }) : cx.fail('array destructuring of a non-tuple', el);
      bindName(cx, el.getNameNode(), item, env, el, pathCond);
    });
    return;
  }
  cx.fail(`binding ${nameNode.getKindName()}`, site);
}

/** The names a binding pattern declares. */
export function boundNames(n: Node): string[] {
  if (Node.isIdentifier(n)) return [n.getText()];
  if (Node.isObjectBindingPattern(n) || Node.isArrayBindingPattern(n)) {
    return n.getElements().flatMap((el) => (Node.isBindingElement(el) ? boundNames(el.getNameNode()) : []));
  }
  return [];
}
