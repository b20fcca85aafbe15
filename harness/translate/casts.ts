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
 * - a call of a function value (a record's method, a closure) only where each argument's type
 *   keeps it a value of the parameter's declared type: TypeScript checks method parameters
 *   bivariantly, so `read(b: Uint8Array)` may implement `read(b: ArrayLike<number>)` and be called
 *   with a number[] (a parameter of a generic type is checked for its array class, Uint8Array or
 *   plain, and, when it is the type parameter itself, against its constraint);
 * - an identifier, call, property or element access whose type is `any` (or holds it: `any[]`, a
 *   union with it) is ERROR, and so is a cast to `any`: an `any` value takes whatever type it
 *   flows into (`const xs: number[] = anyValue`) without a cast (TypeScript's error type, the
 *   `any` of code it rejects, is not: isErrorType).
 * The specification (files under proofs/) is exempt: its casts build stand-ins an auditor reads
 * (`{ length: n } as unknown as Uint8Array` for the size rules, `{} as never` for a field no rule
 * reads), and the kernel using a stand-in as what it is not is ERROR ("indexing a record",
 * "element assignment on ..., a record").
 * Soundness suite: hole "casts that change what a value is" (test/harness/soundness.test.ts).
 */
import { type AsExpression, Node, type ParameterDeclaration, SyntaxKind, type Type } from 'ts-morph';
import { isByteArrayType, sameArrayClass } from './byte-arrays.js';
import { checkoutPath } from './checkout-path.js';
import type { TranslationContext } from './context.js';
import type { FunctionNode } from './values.js';

/** A call expression or the like: its arguments. */
type CallSite = Node & { getArguments(): Node[] };

/** The type checker of a translation's program, looked up once per translation. */
const checkers = new WeakMap<TranslationContext, object>();

function checkerOf(cx: TranslationContext, node: Node): object {
  let checker = checkers.get(cx);
  if (checker === undefined) {
    checker = node.getProject().getTypeChecker().compilerObject;
    checkers.set(cx, checker);
  }
  return checker;
}

/**
 * `fact`, remembered per compiler node within one type checker: unlike syntax (memoByNode), a
 * type depends on other files, so a new program answers again. The checks below run at every
 * evaluation of their node (a cast in the interpreter's loop, at every unrolled step).
 */
function memoByTypedNode<T, N extends Node = Node>(fact: (node: N) => T): (cx: TranslationContext, node: N) => T {
  const byChecker = new WeakMap<object, WeakMap<object, { readonly value: T }>>();
  return (cx, node) => {
    const checker = checkerOf(cx, node);
    let known = byChecker.get(checker);
    if (known === undefined) {
      known = new WeakMap();
      byChecker.set(checker, known);
    }
    const hit = known.get(node.compilerNode);
    if (hit !== undefined) return hit.value;
    const value = fact(node);
    known.set(node.compilerNode, { value });
    return value;
  };
}

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

/** Why the cast `node` may change what its operand is, if it may. */
const castMismatch = memoByTypedNode((node: AsExpression): string | undefined => {
  if (node.getTypeNode()?.getText() === 'const') return undefined;
  const from = node.getExpression().getType();
  const to = node.getType();
  if (!to.isAny() && keepsValue(from, to)) return undefined;
  return `a cast from '${from.getText(node)}' to '${to.getText(node)}', which may say the value is what it is not (only upcasts and dropping undefined are translated)`;
});

/** ERROR unless the cast `node` keeps its operand what it is (see above). */
export function checkCast(cx: TranslationContext, node: AsExpression): void {
  const why = castMismatch(cx, node);
  if (why !== undefined && !inSpecification(cx, node)) cx.fail(why, node);
}

/** Why `decl`, a type predicate, narrows its parameter to another kind of value, if it is one that does. */
const predicateMismatch = memoByTypedNode((decl: FunctionNode): string | undefined => {
  const predicate = decl.getReturnTypeNode();
  if (!Node.isTypePredicate(predicate)) return undefined;
  const narrowed = predicate.getTypeNode();
  if (narrowed === undefined) return undefined;
  const name = predicate.getParameterNameNode().getText();
  if (checksInstance(decl, name, narrowed.getText())) return undefined;
  const parameter = decl.getParameters().find((p) => p.getName() === name);
  if (parameter !== undefined && keepsValue(parameter.getType(), narrowed.getType())) return undefined;
  return `the type predicate '${predicate.getText()}' narrows '${name}' to another kind of value (only to the same value without undefined is translated)`;
});

/** ERROR when `decl` is a type predicate that narrows its parameter to another kind of value. */
export function checkTypePredicate(cx: TranslationContext, decl: FunctionNode, site: Node): void {
  const why = predicateMismatch(cx, decl);
  if (why !== undefined && !inSpecification(cx, decl)) cx.fail(why, site);
}

/**
 * TypeScript's error type, an `any` it gives an expression it rejects (code that does not type-check,
 * such as a mutant reading `.value` of a Result it no longer narrows): not a value flowing in as
 * `any`, and kindOf (byte-arrays.ts) already refuses to take an array's class from it.
 */
function isErrorType(type: Type): boolean {
  const compiled = type.compilerType as { readonly intrinsicName?: string };
  return compiled.intrinsicName === 'error';
}

/** Whether `type` is `any` or holds it as an array's element, a tuple's, or a union's or intersection's member. */
function mentionsAny(type: Type, depth: number): boolean {
  if (type.isAny()) return !isErrorType(type);
  if (depth >= 4) return false;
  const parts = type.isUnion() ? type.getUnionTypes() : type.isIntersection() ? type.getIntersectionTypes() : type.isTuple() ? type.getTupleElements() : [];
  const element = type.isArray() || type.isReadonlyArray() ? type.getArrayElementType() : undefined;
  return parts.some((t) => mentionsAny(t, depth + 1)) || (element !== undefined && mentionsAny(element, depth + 1));
}

/** Whether `node`'s type mentions `any`. */
const anyTyped = memoByTypedNode((node: Node): boolean => mentionsAny(node.getType(), 0));

/** ERROR when the expression `node` (an identifier, call, property or element access) is typed `any` outside the specification. */
export function checkNotAny(cx: TranslationContext, node: Node): void {
  if (anyTyped(cx, node) && !inSpecification(cx, node)) cx.fail(`'${node.getText()}' has type '${node.getType().getText(node)}': an any value takes whatever type it flows into`, node);
}

/** Whether parameter `p`'s declared type is, or is built from, a type parameter. */
function genericParameter(p: ParameterDeclaration): boolean {
  const node = p.getTypeNode();
  if (node === undefined) return p.getType().isTypeParameter();
  return [node, ...node.getDescendantsOfKind(SyntaxKind.TypeReference)].some((n) => n.getType().isTypeParameter());
}

/** Why `call`'s arguments are not values of `decl`'s parameters' declared types, if they are not. */
function argumentMismatch(call: CallSite, decl: FunctionNode): string | undefined {
  const args = call.getArguments();
  const params = decl.getParameters();
  for (let i = 0; i < Math.min(args.length, params.length); i++) {
    const p = params[i] as ParameterDeclaration;
    if (p.isRestParameter()) break;
    const from = (args[i] as Node).getType();
    const declared = p.getType();
    const constraint = declared.isTypeParameter() ? declared.getConstraint() : undefined;
    const ok = genericParameter(p) ? (constraint === undefined || keepsValue(from, constraint)) && sameArrayClass(from.getNonNullableType(), declared) : keepsValue(from, declared);
    if (!ok) return `argument '${(args[i] as Node).getText()}' of type '${from.getText(call)}' where the function called declares '${p.getName()}: ${declared.getText(call)}' (a method's parameters are bivariant in TypeScript)`;
  }
  return undefined;
}

/** Per call site: its argument mismatch with each function called there (argumentMismatch). */
const mismatchesAt = memoByTypedNode((_call: CallSite) => new WeakMap<object, { readonly why: string | undefined }>());

/** ERROR when an argument of `call` is not, by its type, a value of the parameter of `decl` it binds. */
export function checkArguments(cx: TranslationContext, call: CallSite, decl: FunctionNode): void {
  // A call written in the specification passes the proof's inputs (the DSL types some as any).
  if (inSpecification(cx, call)) return;
  // Types of two programs do not compare: mutate's equivalence query (harness/mutate/equivalence.ts)
  // inlines the unmutated function, from a program of its own, beside the mutant.
  if (call.getProject() !== decl.getProject()) return;
  const byDecl = mismatchesAt(cx, call);
  let known = byDecl.get(decl.compilerNode);
  if (known === undefined) {
    known = { why: argumentMismatch(call, decl) };
    byDecl.set(decl.compilerNode, known);
  }
  if (known.why !== undefined) cx.fail(known.why, call);
}
