/**
 * Where a static type may say something the value is not. The translator takes an array's class
 * from its static type (a store into a Uint8Array wraps, into a plain array it does not; `.set`,
 * `.map`, `.subarray`, `push`, noble's byte functions: byte-arrays.ts and the call sites), so a
 * type that lies about the value would make it model the wrong operation. TypeScript's own rules
 * keep types truthful except through a cast and a type predicate the programmer asserts; here
 * each must keep the value what it was:
 * - `e as T` only where e's type, without undefined and null, is assignable to T (an upcast, or
 *   dropping `undefined`, whose presence expressions.ts makes an obligation), or where both are
 *   Uint8Arrays (`Uint8Array<ArrayBuffer>`: only the buffer's type parameter changes), or `as const`;
 *   `xs as unknown as Uint8Array` and every other downcast are ERROR;
 * - a call of a function declared `x is T` (or `asserts x is T`) only where the parameter's type
 *   without undefined and null is assignable to T (`memo is SighashMemo` of a
 *   `SighashMemo | undefined`: the predicate then only says the value is present), or where its
 *   body is `x instanceof T` itself (what JavaScript checks is then what the type says).
 * - an identifier, call, property or element access whose type is `any` (or holds it: `any[]`, a
 *   union with it) is ERROR, and so is a cast to `any`: an `any` value takes whatever type it
 *   flows into (`const xs: number[] = anyValue`) without a cast.
 * The specification (files under proofs/) is exempt: its casts build stand-ins an auditor reads
 * (`{ length: n } as unknown as Uint8Array` for the size rules, `{} as never` for a field no rule
 * reads), and the kernel using a stand-in as what it is not is ERROR ("indexing a record",
 * "element assignment on ..., a record").
 * Soundness suite: hole "casts that change what a value is" (test/harness/soundness.test.ts).
 */
import { type AsExpression, Node, type Type } from 'ts-morph';
import { isByteArrayType } from './byte-arrays.js';
import { checkoutPath } from './checkout-path.js';
import type { TranslationContext } from './context.js';
import type { FunctionNode } from './values.js';

/** Whether a value of type `from` is, as it stands, a value of type `to` (undefined and null apart). */
function keepsValue(from: Type, to: Type): boolean {
  return from.getNonNullableType().isAssignableTo(to) || (isByteArrayType(from.getNonNullableType()) && isByteArrayType(to));
}

/** Whether `node` is in the specification (proofs/), whose casts are exempt. */
function inSpecification(cx: TranslationContext, node: Node): boolean {
  return checkoutPath(cx.root, node.getSourceFile().getFilePath()).startsWith('proofs/');
}

/** Whether `decl`'s body is `name instanceof C`, C spelled as the predicate's type `narrowed`. */
function checksInstance(decl: FunctionNode, name: string, narrowed: string): boolean {
  const body = decl.getBody();
  const returned = Node.isBlock(body) ? (body.getStatements().length === 1 ? body.getStatements()[0] : undefined) : body;
  const expression = Node.isReturnStatement(returned) ? returned.getExpression() : returned;
  return (
    Node.isBinaryExpression(expression) &&
    expression.getOperatorToken().getText() === 'instanceof' &&
    expression.getLeft().getText() === name &&
    expression.getRight().getText() === narrowed
  );
}

/** ERROR unless the cast `node` keeps its operand what it is (see above). */
export function checkCast(cx: TranslationContext, node: AsExpression): void {
  if (node.getTypeNode()?.getText() === 'const' || inSpecification(cx, node)) return;
  const from = node.getExpression().getType();
  const to = node.getType();
  if (to.isAny() || !keepsValue(from, to)) {
    cx.fail(`a cast from '${from.getText(node)}' to '${to.getText(node)}', which may say the value is what it is not (only upcasts and dropping undefined are translated)`, node);
  }
}

/** ERROR when `decl` is a type predicate that narrows its parameter to another kind of value. */
export function checkTypePredicate(cx: TranslationContext, decl: FunctionNode, site: Node): void {
  const predicate = decl.getReturnTypeNode();
  if (!Node.isTypePredicate(predicate) || inSpecification(cx, decl)) return;
  const narrowed = predicate.getTypeNode();
  if (narrowed === undefined) return;
  const name = predicate.getParameterNameNode().getText();
  const parameter = decl.getParameters().find((p) => p.getName() === name);
  if (checksInstance(decl, name, narrowed.getText())) return;
  if (parameter === undefined || !keepsValue(parameter.getType(), narrowed.getType())) {
    cx.fail(`the type predicate '${predicate.getText()}' narrows '${name}' to another kind of value (only to the same value without undefined is translated)`, site);
  }
}

/** Whether `type` is `any` or holds it as an array's element, a tuple's, or a union's or intersection's member. */
function mentionsAny(type: Type, depth: number): boolean {
  if (type.isAny()) return true;
  if (depth >= 4) return false;
  const parts = type.isUnion() ? type.getUnionTypes() : type.isIntersection() ? type.getIntersectionTypes() : type.isTuple() ? type.getTupleElements() : [];
  const element = type.isArray() || type.isReadonlyArray() ? type.getArrayElementType() : undefined;
  return parts.some((t) => mentionsAny(t, depth + 1)) || (element !== undefined && mentionsAny(element, depth + 1));
}

/** The type checker of a translation's program, looked up once per translation. */
const checkers = new WeakMap<TranslationContext, object>();

/**
 * Whether `node`'s type mentions `any`, remembered per compiler node for one type checker (a
 * type, unlike syntax, depends on other files: a new program answers again).
 */
const anyTyped = (() => {
  const known = new WeakMap<object, { readonly checker: object; readonly value: boolean }>();
  return (cx: TranslationContext, node: Node): boolean => {
    let checker = checkers.get(cx);
    if (checker === undefined) {
      checker = node.getProject().getTypeChecker().compilerObject;
      checkers.set(cx, checker);
    }
    const hit = known.get(node.compilerNode);
    if (hit !== undefined && hit.checker === checker) return hit.value;
    const value = mentionsAny(node.getType(), 0);
    known.set(node.compilerNode, { checker, value });
    return value;
  };
})();

/** ERROR when the expression `node` (an identifier, call, property or element access) is typed `any` outside the specification. */
export function checkNotAny(cx: TranslationContext, node: Node): void {
  if (anyTyped(cx, node) && !inSpecification(cx, node)) cx.fail(`'${node.getText()}' has type '${node.getType().getText(node)}': an any value takes whatever type it flows into`, node);
}
