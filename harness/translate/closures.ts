/**
 * Closures: an arrow or function expression, or an object literal's method, used as a value
 * (passed to a function, stored in a local or a record, returned), and the capture rules that make
 * a snapshot of the enclosing locals exact.
 *
 * A closure value carries the environment it was written in (`outer`), taken when it is made; it
 * is inlined with that environment wherever it is called. JavaScript reads captured variables
 * when the closure runs, so the snapshot is exact only when nothing it captures can change
 * after it is made. The translator checks that and otherwise says ERROR with file:line where the
 * closure is called (one never called reads nothing):
 * - a captured variable is never assigned (a `const`, or a parameter or `let` no statement of
 *   its function assigns), and the closure assigns none;
 * - no captured value holds an array the code may write (one it created: its elements could be
 *   stored to after the closure is made). Inputs and module constants cannot be written at all.
 * Two closures merge (branches) only when they are the same one.
 *
 * A callback written as the argument of a call of a module-level function is exact whatever it
 * captures, if it cannot outlive the call (`isCallbackArgument`, checked at the call in calls.ts).
 */
import { inOutParameterNames } from '../jsdoc.js';
import { type MethodDeclaration, Node, SyntaxKind, VariableDeclarationKind } from 'ts-morph';
import type { TranslationContext } from './context.js';
import { resolve } from './expressions.js';
import { memoByNode } from './syntax-memo.js';
import { type Frame, type FunctionNode, type FunctionValue, type Value, holdsArray } from './values.js';

type Defect = NonNullable<FunctionValue['defect']>;

/** `=` and the compound assignments (`+=` .. `??=`): the operator tokens that write their left operand. */
const ASSIGNMENT_OPERATORS: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.AsteriskAsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken,
  SyntaxKind.PercentEqualsToken,
  SyntaxKind.LessThanLessThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
  SyntaxKind.AmpersandEqualsToken,
  SyntaxKind.BarEqualsToken,
  SyntaxKind.CaretEqualsToken,
  SyntaxKind.BarBarEqualsToken,
  SyntaxKind.AmpersandAmpersandEqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
]);

/** The kinds of node assignedOperand can return an operand for (module-state.ts searches for these). */
export const ASSIGNING_KINDS = [SyntaxKind.BinaryExpression, SyntaxKind.PrefixUnaryExpression, SyntaxKind.PostfixUnaryExpression] as const;

/** The operand an assignment, compound assignment, `++` or `--` writes, when `n` is one. */
export function assignedOperand(n: Node): Node | undefined {
  if (Node.isBinaryExpression(n) && ASSIGNMENT_OPERATORS.has(n.getOperatorToken().getKind())) return n.getLeft();
  if ((Node.isPrefixUnaryExpression(n) || Node.isPostfixUnaryExpression(n)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(n.getOperatorToken())) return n.getOperand();
  return undefined;
}

/** Identifiers a destructuring assignment target writes (`[a, b] = ...`, `({ a } = ...)`), or the target itself. */
export function assignedNames(target: Node): Node[] {
  if (Node.isIdentifier(target)) return [target];
  if (Node.isArrayLiteralExpression(target) || Node.isObjectLiteralExpression(target)) {
    return target.getDescendants().filter((d) => Node.isIdentifier(d) && !Node.isPropertyAssignment(d.getParent()));
  }
  return [];
}

export const within = (inner: Node, outer: Node): boolean => inner.getPos() >= outer.getPos() && inner.getEnd() <= outer.getEnd();

/**
 * The first assignment in `fn` to a variable declared outside it (its frame holds a copy: the
 * write would be lost), if any. Syntactic (a name resolves inside `fn` or not whatever other
 * files say), so remembered per node: a closure is valued at every evaluation of its expression.
 */
const capturedAssignment = memoByNode((fn: FunctionNode): Defect | undefined => {
  for (const d of fn.getDescendants()) {
    const target = assignedOperand(d);
    if (target === undefined) continue;
    for (const id of assignedNames(target)) {
      const declared = resolve(id);
      if (declared === undefined || !within(declared, fn)) return { reason: `assignment to '${id.getText()}', a variable the closure captures`, at: d };
    }
  }
  return undefined;
});

/** Rejects an assignment in `fn` to a variable declared outside it (a callback run where it is written). */
export function rejectCapturedAssignments(cx: TranslationContext, fn: FunctionNode): void {
  const defect = capturedAssignment(fn);
  if (defect !== undefined) cx.fail(defect.reason, defect.at);
}

/** The function-like node a local declaration belongs to, or undefined for a module-level one. */
export const declaringFunction = memoByNode((decl: Node): Node | undefined =>
  decl.getFirstAncestor((a) => Node.isFunctionDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isMethodDeclaration(a) || Node.isConstructorDeclaration(a)),
);

/** Whether the local `decl` is a `const` binding (a name, or a name in a destructuring pattern). */
function isConstBinding(decl: Node): boolean {
  const variable = Node.isVariableDeclaration(decl) ? decl : decl.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
  if (variable === undefined || Node.isParameterDeclaration(decl) || decl.getFirstAncestorByKind(SyntaxKind.Parameter) !== undefined) return false;
  return variable.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const;
}

/** Whether some statement of `scope` assigns the variable declared by `decl`. */
function isAssignedIn(scope: Node, decl: Node): boolean {
  return scope.getDescendants().some((d) => {
    const target = assignedOperand(d);
    return target !== undefined && assignedNames(target).some((id) => resolve(id) === decl);
  });
}

/**
 * Whether `fn` is written as an argument of a call of a module-level function (not a local
 * function, not a method) without `@inOut` parameters: such a callee can assign none of its caller's variables and write
 * none of its arrays, so nothing the closure captures changes while the call runs. The call site
 * checks that the closure cannot outlive the call (calls.ts: no argument holds a map, the
 * result holds no function or map); then the snapshot is exact whatever it captures.
 */
export function isCallbackArgument(fn: FunctionNode): boolean {
  const call = fn.getParent();
  if (call === undefined || !Node.isCallExpression(call) || !call.getArguments().includes(fn)) return false;
  const callee = call.getExpression();
  if (!Node.isIdentifier(callee)) return false;
  const decl = resolve(callee);
  // A callee with `@inOut` parameters writes its caller's arrays while the callback may run.
  return decl !== undefined && Node.isFunctionDeclaration(decl) && declaringFunction(decl) === undefined && inOutParameterNames(decl).size === 0;
}

/**
 * A closure value for the arrow, function expression or object-literal method `fn` written in
 * `frame`, with the reason its snapshot of the enclosing locals may differ from what JavaScript
 * would read when it runs, if there is one (`defect`). A closure that is never called reads
 * nothing, so the defect is ERROR only where the closure is called (`calledFunction`): an object
 * of methods some of which cache in captured `let`s (kernel/script/tx-checker.ts) can be built,
 * passed and have its other methods called.
 */
export function closureValue(cx: TranslationContext, fn: FunctionNode, frame: Frame): FunctionValue {
  // A callback argument's captures are exact whatever they are (isCallbackArgument); an assignment to one never is.
  const defect = capturedAssignment(fn) ?? (isCallbackArgument(fn) ? undefined : unsoundCapture(fn, frame));
  return { kind: 'function', decl: fn, outer: new Map(frame.env), ...(defect !== undefined ? { defect } : {}) };
}

/** The first variable `fn` captures whose value may change after the snapshot, if any. */
function unsoundCapture(fn: FunctionNode, frame: Frame): Defect | undefined {
  const checked = new Set<string>();
  for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const name = id.getText();
    if (checked.has(name) || !frame.env.has(name)) continue;
    const decl = resolve(id);
    if (decl === undefined || within(decl, fn)) continue;
    if (!(Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl) || Node.isBindingElement(decl))) continue;
    checked.add(name);
    const scope = declaringFunction(decl);
    if (scope === undefined) continue;
    if (!isConstBinding(decl) && isAssignedIn(scope, decl)) {
      return { reason: `capturing '${name}', which its function assigns (JavaScript reads the variable when the closure runs)`, at: id };
    }
    if (holdsArray(frame.env.get(name) as Value)) {
      return { reason: `capturing '${name}', which holds an array the code may write after the closure is made (a map it captures is shared, as in JavaScript)`, at: id };
    }
  }
  return undefined;
}

/** The function value `f` about to be called: ERROR with its defect's file:line when its captured snapshot may be wrong. */
export function calledFunction(cx: TranslationContext, f: FunctionValue): FunctionValue {
  if (f.defect !== undefined) cx.fail(`call of a closure: ${f.defect.reason}`, f.defect.at);
  return f;
}

/**
 * An object literal's method (`{ check(x) { ... } }`) as a closure value: as a function expression
 * would be, when it cannot tell itself from one (no `this`, `super` or `arguments`, not a
 * generator or async; `recordFunction` calls it without a receiver).
 */
export function methodValue(cx: TranslationContext, method: MethodDeclaration, frame: Frame): FunctionValue {
  if (method.isAsync() || method.isGenerator()) cx.fail('async or generator method', method);
  const receiver = method.getDescendants().find((d) => Node.isThisExpression(d) || Node.isSuperExpression(d) || (Node.isIdentifier(d) && d.getText() === 'arguments'));
  if (receiver !== undefined) cx.fail(`method reading '${receiver.getText()}'`, receiver);
  if (!Node.isIdentifier(method.getNameNode())) cx.fail('computed method name', method);
  return closureValue(cx, method, frame);
}
