/**
 * Expressions: literals, names (locals, module constants, functions), operators, conditionals,
 * object and array literals, property and element reads, and the narrowing a branch condition
 * gives the locals it tests.
 */
import { type ElementAccessExpression, type Expression, Node, type ObjectLiteralExpression, type PropertyAccessExpression, type PropertyAssignment, SyntaxKind, VariableDeclarationKind, ts } from 'ts-morph';
import { checkCast, checkNotAny } from './casts.js';
import { callExpression } from './calls.js';
import { closureValue, methodValue } from './closures.js';
import { mapSize, newMap, newSet } from './maps.js';
import { loadTimeWrite } from './module-state.js';
import { templateString } from './strings.js';
import { memoByNode } from './syntax-memo.js';
import type { TranslationContext } from './context.js';
import { arith, bitNot, compare } from './integers.js';
import { arrayLength, merge, select, toBool } from './merge.js';
import { DEFAULT_UNWIND, type Env, type Frame, type BoolTerm, type Value, shortText } from './values.js';

/** The value of an expression on the path `pathCond`. */
export function evaluate(cx: TranslationContext, node: Expression | Node, frame: Frame, pathCond: BoolTerm): Value {
  // The most frequent constructs by one read of the node's kind (each Node.isX test reads it again).
  switch (node.getKind()) {
    case SyntaxKind.Identifier:
      checkNotAny(cx, node);
      return identifier(cx, node, frame);
    case SyntaxKind.BinaryExpression:
      return binary(cx, node.asKindOrThrow(SyntaxKind.BinaryExpression), frame, pathCond);
    case SyntaxKind.CallExpression:
      checkNotAny(cx, node);
      return callExpression(cx, node.asKindOrThrow(SyntaxKind.CallExpression), frame, pathCond);
    case SyntaxKind.PropertyAccessExpression:
      checkNotAny(cx, node);
      return propertyAccess(cx, node.asKindOrThrow(SyntaxKind.PropertyAccessExpression), frame, pathCond);
    case SyntaxKind.ElementAccessExpression:
      checkNotAny(cx, node);
      return elementAccess(cx, node.asKindOrThrow(SyntaxKind.ElementAccessExpression), frame, pathCond);
    default:
      return otherExpression(cx, node, frame, pathCond);
  }
}

/** The expressions evaluate does not dispatch on at once. */
function otherExpression(cx: TranslationContext, node: Expression | Node, frame: Frame, pathCond: BoolTerm): Value {
  const z3 = cx.z3;
  if (Node.isParenthesizedExpression(node) || Node.isSatisfiesExpression(node)) return evaluate(cx, node.getExpression(), frame, pathCond);
  if (Node.isNonNullExpression(node)) {
    // `x!` asserts presence: an obligation, never a phantom value.
    return cx.present(evaluate(cx, node.getExpression(), frame, pathCond), pathCond, node, `non-null assertion '${shortText(node)}'`);
  }
  if (Node.isAsExpression(node)) {
    checkCast(cx, node);
    const v = evaluate(cx, node.getExpression(), frame, pathCond);
    // A cast to a type without undefined asserts presence, like `!`.
    const t = node.getType();
    const admitsUndefined = t.isAny() || t.isUnknown() || t.isUndefined() || t.getUnionTypes().some((u) => u.isUndefined());
    return admitsUndefined ? v : cx.present(v, pathCond, node, `cast '${shortText(node)}'`);
  }
  if (Node.isNumericLiteral(node)) {
    const v = node.getLiteralValue();
    if (!Number.isSafeInteger(v)) cx.fail(`non-integer number literal ${node.getText()}`, node);
    return cx.intConst(BigInt(v), true);
  }
  if (Node.isBigIntLiteral(node)) return cx.intConst(BigInt(node.getText().replace(/_/g, '').slice(0, -1)), false);
  if (Node.isTrueLiteral(node)) return cx.boolConst(true);
  if (Node.isFalseLiteral(node)) return cx.boolConst(false);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
    const s = node.getLiteralValue();
    return { kind: 'string', term: z3.Int.val(cx.stringId(s)), constant: s };
  }
  if (Node.isTemplateExpression(node)) return templateString(cx, node, frame, pathCond);
  if (Node.isPrefixUnaryExpression(node)) {
    const op = node.getOperatorToken();
    const v = evaluate(cx, node.getOperand(), frame, pathCond);
    if (op === SyntaxKind.ExclamationToken) {
      const b = toBool(cx, v, node);
      return b.constant !== undefined ? cx.boolConst(!b.constant) : { kind: 'bool', term: cx.not(b.term) };
    }
    const x = cx.asInt(v, node, pathCond);
    if (op === SyntaxKind.MinusToken) return arith(cx, '-', cx.intConst(0n, x.isNumber), x, frame, pathCond, node);
    if (op === SyntaxKind.TildeToken) return bitNot(cx, x);
    if (op === SyntaxKind.PlusToken) cx.fail("unary '+' (number conversion)", node);
    return cx.fail(`prefix operator ${node.getText()}`, node);
  }
  if (Node.isConditionalExpression(node)) {
    const c = toBool(cx, evaluate(cx, node.getCondition(), frame, pathCond), node);
    if (c.constant === true) return evaluate(cx, node.getWhenTrue(), frame, pathCond);
    if (c.constant === false) return evaluate(cx, node.getWhenFalse(), frame, pathCond);
    const a = evaluate(cx, node.getWhenTrue(), { ...frame, env: refine(cx, node.getCondition(), frame.env, true) }, cx.and(pathCond, c.term));
    const b = evaluate(cx, node.getWhenFalse(), { ...frame, env: refine(cx, node.getCondition(), frame.env, false) }, cx.and(pathCond, cx.not(c.term)));
    return merge(cx, c.term, a, b, node);
  }
  if (Node.isObjectLiteralExpression(node)) {
    const fields = new Map<string, Value>();
    for (const p of node.getProperties()) {
      if (Node.isPropertyAssignment(p)) {
        const nameNode = p.getNameNode();
        const name = propertyName(nameNode);
        if (name === undefined) cx.fail('computed property name', p);
        // `{ __proto__: x }` sets the object's prototype, not a field.
        if (name === '__proto__') cx.fail("'__proto__' in an object literal (it sets the prototype)", p);
        fields.set(name as string, evaluate(cx, p.getInitializerOrThrow(), frame, pathCond));
      } else if (Node.isShorthandPropertyAssignment(p)) {
        fields.set(p.getName(), identifier(cx, p.getNameNode(), frame));
      } else if (Node.isSpreadAssignment(p)) {
        // `{ ...r, x }`: r's fields, in order; a later property replaces one of the same name.
        const spread = cx.present(evaluate(cx, p.getExpression(), frame, pathCond), pathCond, p, `spread '${p.getExpression().getText()}'`);
        if (spread.kind !== 'record') cx.fail(`spread of a ${spread.kind} into an object`, p);
        for (const [k, v] of spread.fields) {
          // A field the record may lack (a variant without it) replaces an earlier one only where
          // present: the model cannot tell a missing field from one holding undefined.
          if ((v.kind === 'undefined' || v.kind === 'optional') && fields.has(k)) cx.fail(`spread of a record whose field '${k}' may be missing, over an earlier '${k}'`, p);
          fields.set(k, v);
        }
      } else if (Node.isMethodDeclaration(p)) {
        fields.set(p.getName(), methodValue(cx, p, frame));
      } else cx.fail(`object literal member ${p.getKindName()}`, p);
    }
    return { kind: 'record', fields };
  }
  if (Node.isArrayLiteralExpression(node)) {
    return cx.newArray(node.getElements().map((e) => (Node.isSpreadElement(e) ? cx.fail('spread', e) : evaluate(cx, e, frame, pathCond))));
  }
  if (Node.isNewExpression(node) && node.getExpression().getText() === 'Uint8Array') {
    const [lengthArg] = node.getArguments();
    const length = lengthArg === undefined ? undefined : cx.asInt(evaluate(cx, lengthArg, frame, pathCond), node, pathCond);
    if (length?.constant === undefined || node.getArguments().length !== 1) return cx.fail('new Uint8Array without one constant length', node);
    // A negative length throws a RangeError in JS: reaching it is a failed obligation, not an empty array.
    if (length.constant < 0n) {
      cx.oblige('domain', pathCond, false, `new Uint8Array(${length.constant}) throws (negative length)`, node);
      return cx.newArray([]);
    }
    return cx.newArray(Array.from({ length: Number(length.constant) }, () => cx.intConst(0n, true)));
  }
  if (Node.isNewExpression(node) && node.getExpression().getText() === 'Map') return newMap(cx, node, frame, pathCond);
  if (Node.isNewExpression(node) && node.getExpression().getText() === 'Set') return newSet(cx, node, frame, pathCond);
  if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) return closureValue(cx, node, frame);
  return cx.fail(`expression ${node.getKindName()}`, node);
}

/** `a.b` (and `a?.b`): a field of a record, an array's length, a module object's export. */
function propertyAccess(cx: TranslationContext, node: PropertyAccessExpression, frame: Frame, pathCond: BoolTerm): Value {
  const name = node.getName();
  const base = node.getExpression();
  if (node.hasQuestionDotToken()) {
    // `a?.b`: undefined where a is undefined. Only this link short-circuits: a later `.c` of the
    // chain reads through the result as a plain property read (presence is an obligation), which
    // is stricter than JS (that skips the whole chain), never weaker.
    const obj = evaluate(cx, base, frame, pathCond);
    if (obj.kind === 'undefined') return obj;
    if (obj.kind !== 'optional') return property(cx, obj, name, node, pathCond);
    return merge(cx, obj.present, property(cx, obj.value, name, node, cx.and(pathCond, obj.present)), { kind: 'undefined' }, node);
  }
  if (Node.isIdentifier(base) && !frame.env.has(base.getText())) {
    // `ns.NAME` through `import * as ns`: the export itself.
    const d = base.getSymbol()?.getDeclarations()[0];
    if (d !== undefined && Node.isNamespaceImport(d)) return identifier(cx, node.getNameNode(), frame);
  }
  return property(cx, evaluate(cx, base, frame, pathCond), name, node, pathCond);
}

/** `a[i]`: an array element (undefined outside the array), a module object's entry. */
function elementAccess(cx: TranslationContext, node: ElementAccessExpression, frame: Frame, pathCond: BoolTerm): Value {
  const z3 = cx.z3;
  // Indexing undefined throws in JS: a possibly-undefined array's presence is an obligation.
  const indexed = evaluate(cx, node.getExpression(), frame, pathCond);
  const obj = indexed.kind === 'optional' ? cx.present(indexed, pathCond, node, 'the indexed value') : indexed;
  const key = evaluate(cx, node.getArgumentExpressionOrThrow(), frame, pathCond);
  if (obj.kind === 'module-object' && key.kind === 'string') return moduleObjectEntry(cx, obj.object, key, node, pathCond);
  const index = cx.asInt(key, node, pathCond);
  // Indexing undefined throws in JS.
  if (obj.kind === 'undefined' && !inOptionalChain(node)) return cx.undefinedUsed(pathCond, node, 'the indexed value is not undefined');
  if (obj.kind !== 'array') return cx.fail(`indexing a ${obj.kind}`, node);
  const length = arrayLength(cx, obj);
  if (index.constant !== undefined) {
    const item = obj.items[Number(index.constant)];
    if (item === undefined || index.constant < 0n) return { kind: 'undefined' };
    // Past a symbolic length the element does not exist: JS reads undefined.
    if (length.lo !== undefined && length.lo > index.constant) return item;
    return { kind: 'optional', present: length.term.gt(z3.Int.val(index.constant)), value: item };
  }
  // A symbolic index: JS reads undefined outside [0, length) (the `script[pc]` idiom), so the
  // element is an optional value, present exactly there (using it as a value is then an
  // obligation that it is present; `?? d` and `=== undefined` see both cases).
  if (obj.items.length === 0) return { kind: 'undefined' };
  // Outside every item the array can have: undefined whatever the index is.
  if ((index.lo !== undefined && index.lo >= BigInt(obj.items.length)) || (index.hi !== undefined && index.hi < 0n)) return { kind: 'undefined' };
  const item = select(cx, obj.items, index.term, node);
  const maxIndex = obj.length === undefined ? BigInt(obj.items.length) : (length.lo ?? 0n);
  if (index.lo !== undefined && index.lo >= 0n && index.hi !== undefined && index.hi < maxIndex) return item;
  const inside = z3.And(index.term.ge(0), index.term.lt(length.term));
  return { kind: 'optional', present: inside, value: item };
}

/**
 * Whether only the truthiness of `node`'s value is read: it is the condition of an `if`, loop or
 * `?:`, the operand of `!`, or an operand of `&&` / `||` that is itself only read for its
 * truthiness (through parentheses).
 */
function onlyTruthinessRead(node: Node): boolean {
  let n: Node = node;
  for (;;) {
    const p = n.getParent();
    if (p === undefined) return false;
    if (Node.isParenthesizedExpression(p)) {
      n = p;
      continue;
    }
    if (Node.isPrefixUnaryExpression(p)) return p.getOperatorToken() === SyntaxKind.ExclamationToken;
    if (Node.isIfStatement(p) || Node.isWhileStatement(p) || Node.isDoStatement(p)) return p.getExpression() === n;
    if (Node.isForStatement(p)) return p.getCondition() === n;
    if (Node.isConditionalExpression(p)) return p.getCondition() === n;
    if (Node.isBinaryExpression(p) && ['&&', '||'].includes(p.getOperatorToken().getText())) {
      n = p;
      continue;
    }
    return false;
  }
}

/** A binary expression's operator as written (`&&`, `<=`, `+=`), read once per node. */
const operatorText = memoByNode((node: Node & { getOperatorToken(): Node }) => node.getOperatorToken().getText());

/** The assignment operators, outside the subset as expressions. */
const ASSIGNMENTS: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '|=', '&=', '>>=', '<<=', '>>>=', '/=', '%=', '??=']);
/** The comparison operators (integers.ts compare). */
const COMPARISONS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '===', '!==']);

/** Binary operators: logic with short-circuit guards, `??`, comparisons, arithmetic. */
function binary(cx: TranslationContext, node: Node & { getOperatorToken(): Node; getLeft(): Expression; getRight(): Expression }, frame: Frame, pathCond: BoolTerm): Value {
  const z3 = cx.z3;
  const opText = operatorText(node);
  if (ASSIGNMENTS.has(opText)) {
    return cx.fail(`assignment used as an expression ('${opText}')`, node);
  }
  if (opText === '&&' || opText === '||') {
    const left = evaluate(cx, node.getLeft(), frame, pathCond);
    // JavaScript's `a && b` is `a` itself where `a` decides: a boolean only if `a` is one, unless
    // only the result's truthiness is read (a condition).
    if (left.kind !== 'bool' && !onlyTruthinessRead(node)) cx.fail(`'${opText}' with a non-boolean left operand whose value is used (it would be the operand itself, not a boolean)`, node);
    const a = toBool(cx, left, node);
    if (opText === '&&' && a.constant === false) return a;
    if (opText === '||' && a.constant === true) return a;
    // The right operand runs only where the left one did not decide: under that guard.
    const rightPath = opText === '&&' ? cx.and(pathCond, a.term) : cx.and(pathCond, cx.not(a.term));
    const rv = evaluate(cx, node.getRight(), frame, rightPath);
    if (rv.kind !== 'bool') cx.fail(`'${opText}' with a non-boolean operand (value-returning logic)`, node);
    if (a.constant !== undefined) return rv;
    if (rv.constant !== undefined) {
      if (opText === '&&') return rv.constant ? a : cx.boolConst(false);
      return rv.constant ? cx.boolConst(true) : a;
    }
    return { kind: 'bool', term: opText === '&&' ? z3.And(a.term, rv.term) : z3.Or(a.term, rv.term) };
  }
  if (opText === '??') {
    const a = evaluate(cx, node.getLeft(), frame, pathCond);
    if (a.kind === 'undefined') return evaluate(cx, node.getRight(), frame, pathCond);
    if (a.kind !== 'optional') return a;
    const b = evaluate(cx, node.getRight(), frame, cx.and(pathCond, cx.not(a.present)));
    return merge(cx, a.present, a.value, b, node);
  }
  if (opText === '==' || opText === '!=') cx.fail(`loose equality '${opText}'`, node);
  if (opText === 'instanceof') {
    // A record in the subset is a plain object (an object literal or a proof input): `new` of a
    // class is outside the subset, so it is never an instance of a class.
    const left = evaluate(cx, node.getLeft(), frame, pathCond);
    const target = resolve(node.getRight());
    if (left.kind === 'record' && target !== undefined && Node.isClassDeclaration(target)) return cx.boolConst(false);
    return cx.fail(`'instanceof' of a ${left.kind}`, node);
  }
  if (opText === 'in' || opText === ',') cx.fail(`operator '${opText}'`, node);
  const x = evaluate(cx, node.getLeft(), frame, pathCond);
  const y = evaluate(cx, node.getRight(), frame, pathCond);
  if (COMPARISONS.has(opText)) return compare(cx, opText, x, y, node, pathCond);
  return arith(cx, opText, cx.asInt(x, node.getLeft(), pathCond), cx.asInt(y, node.getRight(), pathCond), frame, pathCond, node);
}

/**
 * resolve's answers by type checker: a checker answers for one program, and an edit (a mutant's)
 * makes ts-morph build a new program with a new checker, so no answer outlives its program.
 */
const resolvedBy = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, { readonly decl: Node | undefined }>>();

/** The declaration a name refers to (through import aliases). */
export function resolve(node: Node): Node | undefined {
  const checker = node.getProject().getTypeChecker().compilerObject;
  let known = resolvedBy.get(checker);
  if (known === undefined) {
    known = new WeakMap();
    resolvedBy.set(checker, known);
  }
  const hit = known.get(node.compilerNode);
  if (hit !== undefined) return hit.decl;
  const decl = declarationOf(node);
  known.set(node.compilerNode, { decl });
  return decl;
}

/** resolve, read from the checker. */
function declarationOf(node: Node): Node | undefined {
  let sym = node.getSymbol();
  if (sym === undefined) return undefined;
  if (sym.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  return sym.getDeclarations()[0];
}

/** A name: a local, `undefined`, a function, or a module-level `const` (translated once, frozen). */
export function identifier(cx: TranslationContext, node: Node, frame: Frame): Value {
  const name = node.getText();
  const local = frame.env.get(name);
  if (local !== undefined) return local;
  if (name === 'undefined') return { kind: 'undefined' };
  const decl = resolve(node);
  if (decl === undefined) return cx.fail(`unresolved identifier '${name}'`, node);
  if (Node.isFunctionDeclaration(decl)) return decl.getFirstAncestorByKind(SyntaxKind.Block) !== undefined ? cx.fail(`nested function '${name}' used as a value`, node) : { kind: 'function', decl };
  if (Node.isVariableDeclaration(decl)) {
    const statement = decl.getVariableStatement();
    if (statement === undefined || statement.getDeclarationKind() !== VariableDeclarationKind.Const) {
      return cx.fail(`reference to non-const binding '${name}'`, node);
    }
    if (!Node.isSourceFile(statement.getParent())) return cx.fail(`reference to non-module binding '${name}'`, node);
    const write = loadTimeWrite(decl.getSourceFile());
    if (write !== undefined) return cx.fail(`module constant '${name}': its file runs code at load time that may change module state (${cx.loc(write)})`, node);
    const init = decl.getInitializer();
    if (init === undefined) return cx.fail(`const '${name}' without initializer`, decl);
    if (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) return { kind: 'function', decl: init };
    const objectInit = unwrap(cx, init);
    if (Node.isObjectLiteralExpression(objectInit)) return { kind: 'module-object', object: objectInit };
    const memo = cx.constants.get(decl);
    if (memo !== undefined) return memo;
    if (cx.callStack.includes(decl)) return cx.fail(`cyclic constant '${name}'`, decl);
    cx.callStack.push(decl);
    // A module constant's arrays are module state: never writable (no allocation ids).
    cx.frozen++;
    try {
      const v = evaluate(cx, init, moduleFrame(cx, decl), cx.trueTerm());
      cx.constants.set(decl, v);
      return v;
    } finally {
      cx.frozen--;
      cx.callStack.pop();
    }
  }
  return cx.fail(`identifier '${name}' bound to a ${decl.getKindName()}`, node);
}

function moduleFrame(cx: TranslationContext, at: Node): Frame {
  return { env: new Map(), mode: 'unbounded', unwind: DEFAULT_UNWIND, file: cx.loc(at), allocBase: cx.allocations + 1 };
}

/** Whether `node` is a link of an optional chain (`a?.b.c`: both links), where JS skips the rest of the chain once a `?.` met undefined. */
function inOptionalChain(node: Node): boolean {
  return (node.compilerNode.flags & ts.NodeFlags.OptionalChain) !== 0;
}

/** `obj.name`: a record field, an array's length, a module object's field. Reading a property of undefined throws: presence is an obligation. */
export function property(cx: TranslationContext, obj: Value, name: string, node: Node, pathCond: BoolTerm): Value {
  if (obj.kind === 'optional') return property(cx, cx.present(obj, pathCond, node, `the object of '.${name}'`), name, node, pathCond);
  if (obj.kind === 'module-object') return moduleObjectField(cx, obj.object, name, node);
  if (obj.kind === 'array' && name === 'length') return arrayLength(cx, obj);
  if (obj.kind === 'map' && name === 'size') return mapSize(cx, obj);
  if (obj.kind === 'record') {
    const field = obj.fields.get(name);
    if (field !== undefined) return field;
    // A name every object inherits (`constructor`, `toString`, ...) is no missing field.
    if (name in Object.prototype) return cx.fail(`property '${name}' of a record (inherited from Object.prototype)`, node);
    return { kind: 'undefined' };
  }
  // Reading a property of undefined throws in JS; inside an optional chain (`a?.b.c`) JS may have skipped the read, so that stays outside the subset.
  if (obj.kind === 'undefined' && !inOptionalChain(node)) return cx.undefinedUsed(pathCond, node, `the object of '.${name}' is not undefined`);
  return cx.fail(`property '${name}' of a ${obj.kind}`, node);
}

/** Strips `as` (each one checked: casts.ts), `satisfies` and parentheses. */
export function unwrap(cx: TranslationContext, n: Node): Node {
  let x = n;
  while (Node.isAsExpression(x) || Node.isSatisfiesExpression(x) || Node.isParenthesizedExpression(x)) {
    if (Node.isAsExpression(x)) checkCast(cx, x);
    x = x.getExpression();
  }
  return x;
}

/** A property's name written as an identifier or a string literal; undefined for a computed or numeric one. */
function propertyName(nameNode: Node): string | undefined {
  if (Node.isIdentifier(nameNode)) return nameNode.getText();
  return Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : undefined;
}

/**
 * `table[key]` for a module-level object literal of named properties and a string key, as a
 * lookup table (`SCRIPT_ERROR_STRINGS[error]`): that the key is one of the object's own property
 * names is an obligation (any other key would read undefined, or a property of Object.prototype),
 * and the value is the field of the name the key equals.
 */
function moduleObjectEntry(cx: TranslationContext, obj: ObjectLiteralExpression, key: Extract<Value, { kind: 'string' }>, node: ElementAccessExpression, pathCond: BoolTerm): Value {
  const names = obj.getProperties().map((p) => {
    const text = Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) ? propertyName(p.getNameNode()) : undefined;
    if (text === undefined) return cx.fail(`a string key into an object with a member ${p.getKindName()}`, node);
    return text === '__proto__' ? cx.fail("a string key into an object literal with '__proto__' (it sets the prototype)", p) : text;
  });
  if (key.constant !== undefined) {
    cx.oblige('domain', pathCond, names.includes(key.constant), `'${key.constant}' is an own property of the object`, node);
    return moduleObjectField(cx, obj, key.constant, node);
  }
  const equals = (name: string): BoolTerm => key.term.eq(cx.z3.Int.val(cx.stringId(name)));
  cx.oblige('domain', pathCond, cx.z3.Or(...names.map(equals)), `the key '${node.getArgumentExpressionOrThrow().getText()}' is an own property of the object`, node);
  const last = names[names.length - 1];
  if (last === undefined) return cx.fail('a string key into an empty object', node);
  let value = moduleObjectField(cx, obj, last, node);
  for (let i = names.length - 2; i >= 0; i--) {
    const name = names[i] as string;
    value = merge(cx, equals(name), moduleObjectField(cx, obj, name, node), value, node);
  }
  return value;
}

/** A field of a module-level object literal: the last own property or spread that defines it (translated once, frozen). */
function moduleObjectField(cx: TranslationContext, obj: ObjectLiteralExpression, name: string, node: Node): Value {
  let memo = cx.moduleObjectFields.get(obj);
  if (memo === undefined) {
    memo = new Map();
    cx.moduleObjectFields.set(obj, memo);
  }
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  const frame = moduleFrame(cx, obj);
  let v: Value = { kind: 'undefined' };
  const props = obj.getProperties();
  let spreadMayHide = false;
  /** Whether `p` assigns the field `name` (written bare or quoted). */
  const namesField = (p: Node): p is PropertyAssignment => Node.isPropertyAssignment(p) && [name, JSON.stringify(name), `'${name}'`].includes(p.getName());
  cx.frozen++;
  try {
    for (let i = props.length - 1; i >= 0; i--) {
      const p = props[i] as Node;
      // A computed name may be any name.
      if (Node.isPropertyAssignment(p) && Node.isComputedPropertyName(p.getNameNode())) cx.fail('a computed property name in a constant object', p);
      // A later spread that reads undefined here may hold the field as undefined (which replaces
      // an earlier value) or lack it (which does not): the model cannot tell.
      if (spreadMayHide && (namesField(p) || (Node.isShorthandPropertyAssignment(p) && p.getName() === name))) {
        cx.fail(`property '${name}' of a constant object after a spread that may hold it as undefined`, p);
      }
      if (namesField(p)) {
        const init = unwrap(cx, p.getInitializerOrThrow());
        v = Node.isObjectLiteralExpression(init) ? { kind: 'module-object', object: init } : evaluate(cx, init, frame, cx.trueTerm());
        break;
      }
      if (Node.isShorthandPropertyAssignment(p) && p.getName() === name) {
        v = identifier(cx, p.getNameNode(), frame);
        break;
      }
      if (Node.isSpreadAssignment(p)) {
        const f = property(cx, evaluate(cx, p.getExpression(), frame, cx.trueTerm()), name, node, cx.trueTerm());
        if (f.kind === 'optional') cx.fail(`property '${name}' of a constant object: a spread that may or may not hold it`, p);
        if (f.kind !== 'undefined') {
          v = f;
          break;
        }
        spreadMayHide = true;
      }
      // A setter alone reads as undefined; a getter, a method or a setter is not modelled.
      if ((Node.isMethodDeclaration(p) || Node.isGetAccessorDeclaration(p) || Node.isSetAccessorDeclaration(p)) && p.getName() === name) cx.fail('method, getter or setter in a constant object', p);
    }
  } finally {
    cx.frozen--;
  }
  memo.set(name, v);
  return v;
}

/**
 * The locals a branch condition narrows: intervals of integers compared with constants,
 * possibly-undefined locals tested with `=== undefined`, `!== undefined` or truthiness.
 */
export function refine(cx: TranslationContext, cond: Node, env: Env, positive: boolean): Env {
  let c: Node = cond;
  while (Node.isParenthesizedExpression(c)) c = c.getExpression();
  if (Node.isPrefixUnaryExpression(c) && c.getOperatorToken() === SyntaxKind.ExclamationToken) return refine(cx, c.getOperand(), env, !positive);
  // A possibly-undefined object local: present where it is truthy, undefined where it is not.
  if (Node.isIdentifier(c)) {
    const v = env.get(c.getText());
    if (v?.kind !== 'optional' || !(v.value.kind === 'record' || v.value.kind === 'array')) return env;
    return new Map(env).set(c.getText(), positive ? v.value : { kind: 'undefined' });
  }
  if (!Node.isBinaryExpression(c)) return env;
  const op = c.getOperatorToken().getText();
  if ((op === '&&' && positive) || (op === '||' && !positive)) {
    return refine(cx, c.getRight(), refine(cx, c.getLeft(), env, positive), positive);
  }
  if (op === '===' || op === '!==') {
    const [l, r] = [c.getLeft(), c.getRight()];
    const named = r.getText() === 'undefined' ? l : l.getText() === 'undefined' ? r : undefined;
    if (named !== undefined && Node.isIdentifier(named)) {
      const v = env.get(named.getText());
      if (v?.kind !== 'optional') return env;
      const isUndefined = (op === '===') === positive;
      return new Map(env).set(named.getText(), isUndefined ? { kind: 'undefined' } : v.value);
    }
  }
  const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '===': '===' };
  const negated: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
  let [l, r, o] = [c.getLeft(), c.getRight(), op];
  if (!Node.isIdentifier(l) && Node.isIdentifier(r)) [l, r, o] = [r, l, flip[op] ?? op];
  if (!Node.isIdentifier(l)) return env;
  const name = l.getText();
  const v = env.get(name);
  if (v === undefined || v.kind !== 'int' || v.constant !== undefined) return env;
  const k = Node.isNumericLiteral(r) ? BigInt(r.getLiteralValue()) : Node.isBigIntLiteral(r) ? BigInt(r.getText().replace(/_/g, '').slice(0, -1)) : undefined;
  if (k === undefined) return env;
  const effective = positive ? o : negated[o];
  if (effective === undefined) return env;
  let lo = v.lo;
  let hi = v.hi;
  const raiseLo = (a: bigint): void => {
    if (lo === undefined || a > lo) lo = a;
  };
  const lowerHi = (a: bigint): void => {
    if (hi === undefined || a < hi) hi = a;
  };
  if (effective === '<') lowerHi(k - 1n);
  else if (effective === '<=') lowerHi(k);
  else if (effective === '>') raiseLo(k + 1n);
  else if (effective === '>=') raiseLo(k);
  else if (effective === '===') {
    raiseLo(k);
    lowerHi(k);
  }
  return new Map(env).set(name, cx.makeInt(v.isNumber, v.term, lo, hi, v.stride));
}
