/**
 * Local functions: a function declaration, or a `const` bound to an arrow or function
 * expression, inside another function's body and only ever called by its name (never passed,
 * stored or returned). Core's EvalScript is written this way (kernel/script/interpreter.ts:
 * `step`, `evalChecksig`, `top` read and write the stacks and counters of `run`).
 *
 * JavaScript runs such a call with the enclosing function's variables as they are at the call.
 * The translator inlines the body in the caller's environment, so it reads exactly those values:
 * - As a statement (`f(...)`, `x = f(...)`, `const x = f(...)`, `return f(...)`), the call is
 *   threaded: the callee's frame starts from the caller's environment, may write what the caller
 *   may write (its arrays, its variables), and hands back at every exit its return value with the
 *   caller's variables as they are there. The caller continues with those.
 * - Inside a larger expression, the call reads the caller's variables and may not change any:
 *   assigning one (itself or through a local function it calls) is ERROR, and writing an array
 *   of the caller fails as any callee's does.
 * Both need every variable the body reads from outside it to be, at the call site, the same
 * binding as where the function is written (no declaration in between hides it), and no name the
 * callee declares to hide a caller's local holding an array: otherwise ERROR with file:line.
 */
import { type CallExpression, Node, SymbolFlags, SyntaxKind, VariableDeclarationKind } from 'ts-morph';
import type { TranslationContext } from './context.js';
import { memoByNode } from './syntax-memo.js';
import { resolve } from './expressions.js';
import { boundNames } from './calls.js';
import { assignedNames, assignedOperand, declaringFunction, within } from './closures.js';
import { type Env, type FunctionNode, type Value, holdsArray } from './values.js';

/** The name of the package field holding a threaded call's return value (no identifier can be it). */
export const RETURN_FIELD = '#return';

/** The function a local-function declaration defines: a nested function declaration, or a local `const f = () => ...`. */
function localFunctionOf(decl: Node): { readonly fn: FunctionNode; readonly name: Node } | undefined {
  if (declaringFunction(decl) === undefined) return undefined;
  if (Node.isFunctionDeclaration(decl)) {
    const name = decl.getNameNode();
    return name === undefined ? undefined : { fn: decl, name };
  }
  if (Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const) {
    const init = decl.getInitializer();
    const name = decl.getNameNode();
    if (Node.isIdentifier(name) && init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return { fn: init, name };
  }
  return undefined;
}

const directOnly = new WeakMap<Node, boolean>();

/** Whether every reference to the local function's name (in the function that declares it) is the callee of a call. */
function calledDirectlyOnly(decl: Node, name: Node): boolean {
  const known = directOnly.get(decl);
  if (known !== undefined) return known;
  const scope = declaringFunction(decl) as Node;
  const text = name.getText();
  const ok = scope
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((id) => id !== name && id.getText() === text && (resolve(id) === decl || Node.isShorthandPropertyAssignment(id.getParent())))
    .every((id) => {
      const parent = id.getParent();
      return parent !== undefined && Node.isCallExpression(parent) && parent.getExpression() === id;
    });
  directOnly.set(decl, ok);
  return ok;
}

/**
 * Whether a declaration is a local function the translator inlines in its caller's environment:
 * such a `const` is not bound as a value (calls find it by name). A `const` arrow also used as a
 * value stays an ordinary closure (closures.ts); a nested function declaration so used is ERROR
 * where it is declared.
 */
export function isLocalFunctionDeclaration(decl: Node): boolean {
  const local = localFunctionOf(decl);
  return local !== undefined && calledDirectlyOnly(decl, local.name);
}

/** The local function a call's callee names, or undefined when it names something else. */
export function localCallee(cx: TranslationContext, call: CallExpression | (Node & { getExpression(): Node }), env: Env): FunctionNode | undefined {
  const callee = call.getExpression();
  if (!Node.isIdentifier(callee) || env.has(callee.getText())) return undefined;
  const decl = resolve(callee);
  if (decl === undefined || !isLocalFunctionDeclaration(decl)) return undefined;
  const fn = (localFunctionOf(decl) as { readonly fn: FunctionNode }).fn;
  checkSameBindings(cx, call, fn);
  return fn;
}

/** The declarations outside `fn` (locals of enclosing functions) that identifiers inside `fn` refer to. */
function capturedDeclarations(fn: FunctionNode): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const decl = resolve(id);
    if (decl === undefined || within(decl, fn) || declaringFunction(decl) === undefined) continue;
    if (!(Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl) || Node.isBindingElement(decl))) continue;
    out.set(id.getText(), decl);
  }
  return out;
}

const checkedSites = new WeakMap<Node, Set<Node>>();

/** Every variable `fn` reads from outside is, at the call site, the binding `fn` sees (no declaration in between hides it). */
function checkSameBindings(cx: TranslationContext, call: Node, fn: FunctionNode): void {
  const done = checkedSites.get(call) ?? new Set<Node>();
  if (done.has(fn)) return;
  const captured = capturedDeclarations(fn);
  if (captured.size > 0) {
    const visible = new Map(call.getSymbolsInScope(SymbolFlags.Variable).map((s) => [s.getName(), s.getDeclarations()[0]]));
    for (const [name, decl] of captured) {
      if (visible.get(name) !== decl) cx.fail(`call of a local function reading '${name}', which a declaration at the call site hides`, call);
    }
  }
  done.add(fn);
  checkedSites.set(call, done);
}

/**
 * The names a function declares: its parameters and every declaration in its body (nested
 * functions included). Remembered per function (syntax-memo.ts): asked at every threaded call.
 */
export const declaredNames = memoByNode((fn: FunctionNode): ReadonlySet<string> => {
  const out = new Set<string>();
  for (const p of fn.getParameters()) for (const n of boundNames(p.getNameNode())) out.add(n);
  for (const d of fn.getDescendants()) {
    if (Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d)) for (const n of boundNames(d.getNameNode())) out.add(n);
    if (Node.isFunctionDeclaration(d) && d !== fn) {
      const n = d.getName();
      if (n !== undefined) out.add(n);
    }
  }
  return out;
});

/** The names `fn` assigns (`n = ...`, `n += ...`, `n++`, destructuring) anywhere in its body. */
const assignedIdentifiers = memoByNode((fn: FunctionNode): ReadonlySet<string> => {
  const out = new Set<string>();
  for (const d of fn.getDescendants()) {
    const target = assignedOperand(d);
    if (target !== undefined) for (const id of assignedNames(target)) out.add(id.getText());
  }
  return out;
});

/**
 * The caller's variables a threaded call hands back: every local of the caller the callee does
 * not declare itself. A callee declaration hiding a caller's local that holds an array is ERROR
 * (a write through the callee's other names would miss it).
 */
export function threadedNames(cx: TranslationContext, fn: FunctionNode, env: Env, site: Node): string[] {
  const declared = declaredNames(fn);
  const assigned = assignedIdentifiers(fn);
  for (const n of declared) {
    const outer = env.get(n);
    if (outer !== undefined && holdsArray(outer)) cx.fail(`local function declaring '${n}', which hides a local of its caller holding an array`, site);
    // Its assignments to `n` may be to the caller's `n` (before or outside its own declaration): not handed back.
    if (outer !== undefined && assigned.has(n)) cx.fail(`local function declaring '${n}' and assigning '${n}', a local of its caller too`, site);
  }
  return [...env.keys()].filter((n) => !declared.has(n));
}

/** A threaded call's exit: its return value and the caller's variables there, as one record (merged over exits like any value). */
export function packExit(value: Value, env: Env, names: readonly string[]): Value {
  const fields = new Map<string, Value>([[RETURN_FIELD, value]]);
  for (const n of names) fields.set(n, env.get(n) ?? { kind: 'undefined' });
  return { kind: 'record', fields };
}

/** Whether `fn`, or a local function it calls (transitively), assigns a variable declared outside `fn`. */
export function assignsOutside(fn: FunctionNode, seen: Set<FunctionNode> = new Set()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  for (const d of fn.getDescendants()) {
    // `arr.length = n` or `arr[i] = v` writes an array (the allocation barrier rejects a caller's), not a variable.
    const target = assignedOperand(d);
    if (target !== undefined) {
      for (const id of assignedNames(target)) {
        const decl = resolve(id);
        if (decl !== undefined && !within(decl, fn) && declaringFunction(decl) !== undefined) return true;
      }
    }
    if (Node.isCallExpression(d) && Node.isIdentifier(d.getExpression())) {
      const decl = resolve(d.getExpression());
      const local = decl === undefined ? undefined : localFunctionOf(decl);
      if (local !== undefined && !within(local.fn, fn) && assignsOutside(local.fn, seen)) return true;
    }
  }
  return false;
}
