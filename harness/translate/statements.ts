/**
 * Statements and loops: declarations, assignments (SSA), writes to arrays with their aliases,
 * `if` (environment merge, or continuation passing when a branch returns), `switch` (case groups
 * without fall-through between non-empty clauses), `return`, and bounded loops unrolled with an
 * unwinding obligation (Kani's unwinding assertion).
 */
import { holdsBytes, isByteArray } from './byte-arrays.js';
import { type Expression, type ForOfStatement, Node, type Statement, type SwitchStatement, SyntaxKind, type VariableDeclaration, VariableDeclarationKind } from 'ts-morph';
import { bindName, boundNames, threadedCall } from './calls.js';
import { assignedOperand } from './closures.js';
import type { TranslationContext } from './context.js';
import { evaluate, refine } from './expressions.js';
import { arith, equal } from './integers.js';
import { mapIteration } from './maps.js';
import { isLocalFunctionDeclaration, packExit } from './nested.js';
import { arrayEntries } from './array-methods.js';
import { memoByNode } from './syntax-memo.js';
import { CONTINUES, arrayLength, fixedItems, merge, mergeEnv, mergeOutcome, storeByte, toBool } from './merge.js';
import {
  type ArrayValue,
  type BoolTerm,
  type BoolValue,
  type Continuation,
  type Env,
  type Frame,
  type IntValue,
  type Outcome,
  type Value,
  arrayOf,
  holdsArray,
  mayWrite,
  mentions,
} from './values.js';

/** A loop as the translator runs it: condition, body, increment, and what follows the loop. */
interface LoopParts {
  readonly condition: (env: Env, pathCond: BoolTerm) => BoolValue;
  readonly body: (env: Env, pathCond: BoolTerm, rest: Continuation) => Outcome;
  readonly increment: (env: Env, pathCond: BoolTerm) => Env;
  readonly after: Continuation;
  readonly node: Node;
  readonly frame: Frame;
}

/** Whether a statement can leave its block early (return, break, continue), outside nested functions. */
const hasJump = memoByNode((node: Node): boolean => {
  if (Node.isReturnStatement(node) || Node.isBreakStatement(node) || Node.isContinueStatement(node)) return true;
  return node.getDescendants().some((d) => {
    if (!(Node.isReturnStatement(d) || Node.isBreakStatement(d) || Node.isContinueStatement(d))) return false;
    const fnAncestor = d.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a));
    return fnAncestor === undefined || fnAncestor.getPos() < node.getPos();
  });
});

/** Whether a loop body holds a `break` or `continue` (at any depth), or is one. */
const bodyJumps = memoByNode(
  (body: Node): boolean => body.getDescendants().some((d) => Node.isBreakStatement(d) || Node.isContinueStatement(d)) || Node.isBreakStatement(body) || Node.isContinueStatement(body),
);

/** Runs statements i.. of a list, then `rest`; returns what the function returns on these paths. */
export function executeStatements(cx: TranslationContext, statements: readonly Statement[], i: number, env: Env, pathCond: BoolTerm, rest: Continuation, frame: Frame): Outcome {
  if (cx.isFalse(pathCond)) return null;
  if (i >= statements.length) return rest(env, pathCond);
  const s = statements[i] as Statement;
  const next: Continuation = (e, p) => executeStatements(cx, statements, i + 1, e, p, rest, frame);
  const here: Frame = { ...frame, env };
  if (Node.isVariableStatement(s)) {
    if (s.getDeclarationKind() === VariableDeclarationKind.Var) cx.fail('var declaration', s);
    let declared = new Map(env);
    for (const d of s.getDeclarations()) {
      // A local function is found by name where it is called, never bound as a value (nested.ts).
      if (isLocalFunctionDeclaration(d)) continue;
      const init = d.getInitializer();
      const threaded = init === undefined ? undefined : threadedCall(cx, init, { ...frame, env: declared }, pathCond);
      if (threaded !== undefined) declared = new Map(threaded.env);
      const v: Value = threaded?.value ?? (init === undefined ? { kind: 'undefined' } : evaluate(cx, init, { ...frame, env: declared }, pathCond));
      checkShadowing(cx, d.getNameNode(), declared, d);
      bindName(cx, d.getNameNode(), v, declared, d, pathCond);
    }
    return next(declared, pathCond);
  }
  if (Node.isExpressionStatement(s)) return next(expressionStatement(cx, s.getExpression(), env, pathCond, frame), pathCond);
  if (Node.isReturnStatement(s)) {
    const e = s.getExpression();
    const threaded = e === undefined ? undefined : threadedCall(cx, e, here, pathCond);
    const value: Value = threaded?.value ?? (e === undefined ? { kind: 'undefined' } : evaluate(cx, e, here, pathCond));
    // In a threaded call every exit hands back the caller's variables with the value (nested.ts).
    return frame.threaded === undefined ? value : packExit(value, threaded?.env ?? env, frame.threaded);
  }
  if (Node.isBlock(s)) return executeBlock(cx, s.getStatements(), env, pathCond, next, frame);
  if (Node.isIfStatement(s)) return ifStatement(cx, s, env, pathCond, next, frame);
  if (Node.isSwitchStatement(s)) return switchStatement(cx, s, env, pathCond, next, frame);
  if (Node.isForStatement(s)) {
    const inLoop = new Map(env);
    const init = s.getInitializer();
    if (init !== undefined) {
      if (!Node.isVariableDeclarationList(init)) return cx.fail('for-loop initializer expression', init);
      for (const d of init.getDeclarations()) {
        const iv = d.getInitializer();
        checkShadowing(cx, d.getNameNode(), inLoop, d);
        bindName(cx, d.getNameNode(), iv === undefined ? { kind: 'undefined' } : evaluate(cx, iv, { ...frame, env: inLoop }, pathCond), inLoop, d, pathCond);
      }
    }
    const condition = s.getCondition();
    const increment = s.getIncrementor();
    const body = s.getStatement();
    const declared = Node.isVariableDeclarationList(init) ? init.getDeclarations().map((d) => d.getName()) : [];
    return loop(cx, inLoop, pathCond, 0, {
      condition: (e, p) => (condition === undefined ? cx.boolConst(true) : toBool(cx, evaluate(cx, condition, { ...frame, env: e }, p), condition)),
      body: (e, p, k) =>
        executeBlock(cx, Node.isBlock(body) ? body.getStatements() : [body], e, p, k, withExits(cx, frame, body, inLoop, (e2, p2) => next(unscope(e2, env, declared), p2), k)),
      increment: (e, p) => (increment === undefined ? e : expressionStatement(cx, increment, e, p, frame)),
      after: (e, p) => next(unscope(e, env, declared), p),
      node: s,
      frame,
    });
  }
  if (Node.isWhileStatement(s)) {
    const condition = s.getExpression();
    const body = s.getStatement();
    return loop(cx, env, pathCond, 0, {
      condition: (e, p) => toBool(cx, evaluate(cx, condition, { ...frame, env: e }, p), condition),
      body: (e, p, k) => executeBlock(cx, Node.isBlock(body) ? body.getStatements() : [body], e, p, k, withExits(cx, frame, body, env, next, k)),
      increment: (e) => e,
      after: next,
      node: s,
      frame,
    });
  }
  if (Node.isForOfStatement(s)) return forOfStatement(cx, s, env, pathCond, next, frame);
  if (Node.isEmptyStatement(s)) return next(env, pathCond);
  if (Node.isThrowStatement(s)) return cx.fail('throw', s);
  if (Node.isFunctionDeclaration(s)) return isLocalFunctionDeclaration(s) ? next(env, pathCond) : cx.fail('nested function declaration used other than by a call (passed, stored or returned)', s);
  if (Node.isBreakStatement(s) || Node.isContinueStatement(s)) {
    if (s.getLabel() !== undefined) return cx.fail(`labelled ${s.getKindName()}`, s);
    const exits = frame.loopExits;
    if (exits === undefined) return cx.fail(`${s.getKindName()} outside a loop or switch of the subset`, s);
    if (Node.isContinueStatement(s) && exits.continueTo === undefined) return cx.fail('continue inside a switch outside a loop', s);
    // Leaving the body: the locals its blocks declared go out of scope (no shadowing: checked at the loop).
    const e = new Map([...env].filter(([name]) => exits.names.has(name)));
    return (Node.isBreakStatement(s) ? exits.breakTo : (exits.continueTo as Continuation))(e, pathCond);
  }
  return cx.fail(`statement ${s.getKindName()}`, s);
}

function ifStatement(cx: TranslationContext, s: Node & { getExpression(): Expression; getThenStatement(): Statement; getElseStatement(): Statement | undefined }, env: Env, pathCond: BoolTerm, next: Continuation, frame: Frame): Outcome {
  const c = toBool(cx, evaluate(cx, s.getExpression(), { ...frame, env }, pathCond), s);
  const thenS = s.getThenStatement();
  const elseS = s.getElseStatement();
  const run = (st: Statement | undefined, e: Env, p: BoolTerm, k: Continuation): Outcome =>
    st === undefined ? k(e, p) : executeBlock(cx, Node.isBlock(st) ? st.getStatements() : [st], e, p, k, frame);
  if (c.constant === true) return run(thenS, env, pathCond, next);
  if (c.constant === false) return run(elseS, env, pathCond, next);
  const whenTrue = cx.and(pathCond, c.term);
  const whenFalse = cx.and(pathCond, cx.not(c.term));
  // Each branch sees the locals its condition narrows.
  if (hasJump(thenS) || (elseS !== undefined && hasJump(elseS))) {
    const a = run(thenS, refine(cx, s.getExpression(), env, true), whenTrue, next);
    const b = run(elseS, refine(cx, s.getExpression(), env, false), whenFalse, next);
    return mergeOutcome(cx, c.term, a, b, s);
  }
  let envTrue = env;
  let envFalse = env;
  run(thenS, refine(cx, s.getExpression(), env, true), whenTrue, (e) => {
    envTrue = e;
    return null;
  });
  run(elseS, refine(cx, s.getExpression(), env, false), whenFalse, (e) => {
    envFalse = e;
    return null;
  });
  return next(mergeEnv(cx, c.term, envTrue, envFalse, s), pathCond);
}

/** A group of case labels sharing one body: empty clauses fall through to the next clause's statements. */
interface CaseGroup {
  /** The case expressions, in source order. */
  readonly labels: readonly Expression[];
  readonly hasDefault: boolean;
  readonly body: readonly Statement[];
  /** The clause whose statements are the body (for error locations). */
  readonly clause: Node;
}

/** Whether no path reaches the end of `s`: each one ends in return, break, continue or throw (checked on the syntax). */
function neverCompletes(s: Statement | undefined): boolean {
  if (s === undefined) return false;
  if (Node.isReturnStatement(s) || Node.isBreakStatement(s) || Node.isContinueStatement(s) || Node.isThrowStatement(s)) return true;
  if (Node.isBlock(s)) return neverCompletes(s.getStatements().at(-1));
  if (Node.isIfStatement(s)) return neverCompletes(s.getThenStatement()) && neverCompletes(s.getElseStatement());
  return false;
}

/** The names declared by the variable declarations inside `node`, each with its declaration (remembered per node). */
const declarationsIn = memoByNode((node: Node): readonly { readonly name: string; readonly decl: VariableDeclaration }[] =>
  node.getDescendantsOfKind(SyntaxKind.VariableDeclaration).flatMap((decl) => boundNames(decl.getNameNode()).map((name) => ({ name, decl }))),
);

/**
 * Whether a switch holds a return or continue outside nested functions (then its clauses continue
 * with the rest of the function). Remembered per switch: asked at every execution of it.
 */
const switchReturnsOrContinues = memoByNode((node: Node): boolean =>
  node.getDescendants().some((d) => {
    if (d.getKind() !== SyntaxKind.ReturnStatement && d.getKind() !== SyntaxKind.ContinueStatement) return false;
    const fnAncestor = d.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a));
    return fnAncestor === undefined || fnAncestor.getPos() < node.getPos();
  }),
);

/**
 * The clauses of a switch as groups: `case A: case B: body` is one group. A non-empty clause
 * other than the last must never complete (its statements end in return, break, continue or
 * throw on every path), so no body falls through into the next clause's: that would be ERROR.
 */
function caseGroups(cx: TranslationContext, s: SwitchStatement): CaseGroup[] {
  const clauses = s.getCaseBlock().getClauses();
  const groups: CaseGroup[] = [];
  let labels: Expression[] = [];
  let hasDefault = false;
  clauses.forEach((clause, i) => {
    if (Node.isCaseClause(clause)) labels.push(clause.getExpression());
    else hasDefault = true;
    const body = clause.getStatements();
    const last = i === clauses.length - 1;
    if (body.length === 0 && !last) return;
    if (!last && !neverCompletes(body.at(-1))) cx.fail('a switch clause whose statements fall through into the next clause', clause);
    groups.push({ labels, hasDefault, body, clause });
    labels = [];
    hasDefault = false;
  });
  return groups;
}

/**
 * `switch (d)`: `d` is evaluated once, the case expressions in source order under "no earlier
 * case matched" (JavaScript stops at the first match), matched with `===`; the group holding the
 * first match runs, else the one holding `default`, else none. `break` goes to the code after
 * the switch; `continue` to the enclosing loop's next iteration. Lexical declarations of the case
 * block may not shadow a local (JavaScript would see the block's binding in every clause). When
 * no clause returns or continues, the states at the switch's exits are merged once and the code
 * after it runs once; otherwise each group runs the rest of the function on its own path, as an
 * `if` with an early return does.
 */
function switchStatement(cx: TranslationContext, s: SwitchStatement, env: Env, pathCond: BoolTerm, next: Continuation, frame: Frame): Outcome {
  const z3 = cx.z3;
  const and = (a: BoolTerm, b: BoolTerm): BoolTerm => (cx.isFalse(a) || cx.isFalse(b) ? z3.Bool.val(false) : cx.and(a, b));
  const or = (a: BoolTerm, b: BoolTerm): BoolTerm => (cx.isTrue(a) || cx.isTrue(b) ? z3.Bool.val(true) : cx.isFalse(a) ? b : cx.isFalse(b) ? a : z3.Or(a, b));
  const groups = caseGroups(cx, s);
  for (const { name, decl } of declarationsIn(s.getCaseBlock())) if (env.has(name)) cx.fail(`a declaration of '${name}' in a switch shadows a local`, decl);
  const discriminant = evaluate(cx, s.getExpression(), { ...frame, env }, pathCond);
  // first.get(label): the label is the first case that matches; noneYet: no case matched so far.
  const first = new Map<Expression, BoolTerm>();
  let noneYet = z3.Bool.val(true);
  for (const g of groups) {
    for (const label of g.labels) {
      if (cx.isFalse(noneYet)) {
        first.set(label, z3.Bool.val(false));
        continue;
      }
      const m = equal(cx, discriminant, evaluate(cx, label, { ...frame, env }, and(pathCond, noneYet)), label);
      const matches = m.constant === undefined ? m.term : z3.Bool.val(m.constant);
      first.set(label, and(noneYet, matches));
      noneYet = and(noneYet, cx.not(matches));
    }
  }
  const selected = groups.map((g) => g.labels.reduce((c, label) => or(c, first.get(label) as BoolTerm), g.hasDefault ? noneYet : z3.Bool.val(false)));
  const anyDefault = groups.some((g) => g.hasDefault);
  const outer = frame.loopExits;
  const exits = (breakTo: Continuation): Frame => ({
    ...frame,
    loopExits: {
      breakTo,
      continueTo: outer?.continueTo === undefined ? undefined : (e, p) => (outer.continueTo as Continuation)(new Map([...e].filter(([n]) => outer.names.has(n))), p),
      names: new Set(env.keys()),
    },
  });
  const fallsOff = (g: CaseGroup): Continuation =>
    g === groups.at(-1) ? (e, p) => exitsWith(e, p) : () => cx.fail('a switch clause whose statements fall through into the next clause', g.clause);
  // Where a path leaves the switch: set below, by mode.
  let exitsWith: Continuation;
  if (switchReturnsOrContinues(s)) {
    // Continuation passing: each group continues with the rest of the function on its path.
    exitsWith = (e, p) => next(e, p);
    let outcome: Outcome = anyDefault || cx.isFalse(noneYet) ? null : next(env, and(pathCond, noneYet));
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i] as CaseGroup;
      const when = selected[i] as BoolTerm;
      if (cx.isFalse(when)) continue;
      const taken = executeBlock(cx, g.body, env, and(pathCond, when), fallsOff(g), exits(exitsWith));
      outcome = cx.isTrue(when) ? taken : mergeOutcome(cx, when, taken, outcome, s);
    }
    return outcome;
  }
  // No return or continue inside: every path leaves at a break or the end; merge those states once.
  const left: { readonly when: BoolTerm; readonly env: Env }[] = [];
  exitsWith = (e, p) => {
    left.push({ when: p, env: e });
    return null;
  };
  if (!anyDefault && !cx.isFalse(noneYet)) left.push({ when: and(pathCond, noneYet), env });
  groups.forEach((g, i) => {
    const when = selected[i] as BoolTerm;
    if (!cx.isFalse(when)) executeBlock(cx, g.body, env, and(pathCond, when), fallsOff(g), exits(exitsWith));
  });
  const last = left.at(-1);
  if (last === undefined) return null;
  let merged = last.env;
  for (let j = left.length - 2; j >= 0; j--) {
    const x = left[j] as { when: BoolTerm; env: Env };
    merged = mergeEnv(cx, x.when, x.env, merged, s);
  }
  return next(unscope(merged, env, [...merged.keys()].filter((n) => !env.has(n))), pathCond);
}

/**
 * The frame of a loop body: `break` goes to `breakTo`, `continue` to `continueTo`. A jump leaves
 * the body's blocks without their end, so a declaration in the body that shadows a local in scope
 * at the loop (which the block's end would restore) is outside the subset when the body jumps.
 */
function withExits(cx: TranslationContext, frame: Frame, body: Node, entry: Env, breakTo: Continuation, continueTo: Continuation): Frame {
  if (bodyJumps(body)) {
    for (const { name, decl } of declarationsIn(body)) if (entry.has(name)) cx.fail(`a declaration of '${name}' in a loop body with break/continue shadows a local`, decl);
  }
  return { ...frame, loopExits: { breakTo, continueTo, names: new Set(entry.keys()) } };
}

/**
 * `for (const x of xs)`: over an array of a constant length (each item in turn; `xs.entries()`:
 * [index, item] pairs), or over a Map
 * (harness/translate/maps.ts: each entry in insertion order, the body run only where the entry
 * is present). Beyond `unwind` items, an item that can be present fails the unwinding assertion.
 */
function forOfStatement(cx: TranslationContext, s: ForOfStatement, env: Env, pathCond: BoolTerm, next: Continuation, frame: Frame): Outcome {
  const here: Frame = { ...frame, env };
  const body = s.getStatement();
  const overMap = mapIteration(cx, s.getExpression(), here, pathCond);
  const entries = overMap === undefined ? arrayEntries(cx, s.getExpression(), here, pathCond) : undefined;
  let items: readonly Value[];
  let present: readonly BoolTerm[] | undefined;
  /** The writable arrays (ref ids) the loop iterates: JavaScript iterates them live. */
  let iteratedIds: ReadonlySet<number> = new Set();
  if (overMap !== undefined) {
    items = overMap.items;
    present = overMap.present;
  } else if (entries !== undefined) {
    items = entries;
  } else {
    const iterated = evaluate(cx, s.getExpression(), here, pathCond);
    if (iterated.kind !== 'array') return cx.fail(`for-of over a ${iterated.kind}`, s);
    if (writesName(body, s.getExpression())) return cx.fail('for-of over an array the loop body writes (JavaScript iterates it live)', s);
    iteratedIds = new Set((iterated.refs ?? []).map((r) => r.id));
    items = iterated.items;
    // A symbolic length: item j is there when j < length, like a map entry's presence.
    const length = iterated.length;
    if (length !== undefined) present = items.map((_, j) => (length.lo !== undefined && length.lo > BigInt(j) ? cx.trueTerm() : length.hi !== undefined && length.hi <= BigInt(j) ? cx.falseTerm() : length.term.gt(j)));
  }
  const init = s.getInitializer();
  if (!Node.isVariableDeclarationList(init)) return cx.fail('for-of without a declaration', s);
  const decl = init.getDeclarations()[0];
  if (decl === undefined) return cx.fail('for-of declaration', s);
  if (items.length > frame.unwind) {
    // Past the bound, no item may be there: none of an array's, no present entry of a map's.
    const beyond = present === undefined ? false : cx.z3.And(...present.slice(frame.unwind).map((t) => cx.not(t)));
    cx.oblige('unwind', pathCond, beyond, `unwinding assertion: for-of needs ${items.length} > ${frame.unwind} iterations`, s);
  }
  const names = boundNames(decl.getNameNode());
  const statements = Node.isBlock(body) ? body.getStatements() : [body];
  // The code after the loop runs outside it: a write there to the map iterated is no write during the loop.
  const afterLoop: Continuation = (e, p) => (overMap === undefined ? next(unscope(e, env, names), p) : overMap.outside(() => next(unscope(e, env, names), p)));
  const runBody = (index: number, e: Env, p: BoolTerm, k: Continuation): Outcome => {
    const withItem = new Map(e);
    bindName(cx, decl.getNameNode(), items[index] as Value, withItem, decl, p);
    return executeBlock(cx, statements, withItem, p, k, withExits(cx, frame, body, withItem, afterLoop, k));
  };
  // A write to the iterated array through another name (an alias, a local function) during an
  // iteration: the items iterated would not be the snapshot taken here.
  const unwritten = (e2: Env): void => {
    if (iteratedIds.size === 0) return;
    for (const [name, v] of e2) {
      if (v.kind === 'array' && v.refs?.some((r) => iteratedIds.has(r.id)) === true && v !== env.get(name)) {
        cx.fail(`for-of over an array the loop body writes through '${name}' (JavaScript iterates it live)`, s);
      }
    }
  };
  const step = (index: number, e: Env, p: BoolTerm): Outcome => {
    if (index >= items.length || index >= frame.unwind) return afterLoop(e, p);
    const nextItem: Continuation = (e2, p2) => {
      unwritten(e2);
      return step(index + 1, e2, p2);
    };
    const itemPresent = present?.[index];
    if (itemPresent === undefined || cx.isTrue(itemPresent)) return runBody(index, e, p, nextItem);
    if (cx.isFalse(itemPresent)) return step(index + 1, e, p);
    // A map entry that may be absent: the body runs where it is present.
    if (hasJump(body)) {
      const a = runBody(index, e, cx.and(p, itemPresent), nextItem);
      const b = step(index + 1, e, cx.and(p, cx.not(itemPresent)));
      return mergeOutcome(cx, itemPresent, a, b, s);
    }
    let after = e;
    runBody(index, e, cx.and(p, itemPresent), (e2) => {
      unwritten(e2);
      after = unscope(e2, e, names);
      return null;
    });
    return step(index + 1, mergeEnv(cx, itemPresent, after, e, s), p);
  };
  return overMap === undefined ? step(0, env, pathCond) : overMap.during(() => step(0, env, pathCond));
}

/**
 * The texts of the objects `body` calls a method of or stores into (`=`, `+=`, `++`, through an
 * element or a property), remembered per body: asked at every execution of a for-of.
 */
const objectsWrittenIn = memoByNode((body: Node): ReadonlySet<string> => {
  const out = new Set<string>();
  for (const d of body.getDescendants()) {
    if (Node.isCallExpression(d)) {
      const callee = d.getExpression();
      if (Node.isPropertyAccessExpression(callee)) out.add(callee.getExpression().getText());
      continue;
    }
    const target = assignedOperand(d);
    if (target !== undefined && (Node.isElementAccessExpression(target) || Node.isPropertyAccessExpression(target))) out.add(target.getExpression().getText());
  }
  return out;
});

/** Whether `body` calls a method of, stores into (`=`, `+=`, `++`) or sets the length of the array named by `iterated` (an identifier). */
function writesName(body: Node, iterated: Node): boolean {
  return Node.isIdentifier(iterated) && objectsWrittenIn(body).has(iterated.getText());
}

/** A block: its declarations go out of scope after it (an outer binding they hid comes back). */
function executeBlock(cx: TranslationContext, statements: readonly Statement[], env: Env, pathCond: BoolTerm, rest: Continuation, frame: Frame): Outcome {
  const declared: string[] = [];
  for (const st of statements) if (Node.isVariableStatement(st)) for (const d of st.getDeclarations()) declared.push(...boundNames(d.getNameNode()));
  return executeStatements(cx, statements, 0, env, pathCond, (e, p) => rest(unscope(e, env, declared), p), frame);
}

/**
 * A block's declaration hides an outer local until the block ends, when the outer value comes
 * back as it was: if that value holds an array, a write to the array inside the block would
 * not reach it. Outside the subset.
 */
function checkShadowing(cx: TranslationContext, nameNode: Node, env: Env, site: Node): void {
  for (const n of boundNames(nameNode)) {
    const outer = env.get(n);
    if (outer !== undefined && holdsArray(outer)) cx.fail(`a declaration of '${n}' shadowing a local that holds an array`, site);
  }
}

function unscope(e: Env, outer: Env, names: readonly string[]): Env {
  const out = new Map(e);
  for (const n of names) {
    const o = outer.get(n);
    if (o === undefined) out.delete(n);
    else out.set(n, o);
  }
  return out;
}

/**
 * Iterations of a loop whose condition is the constant true translated by continuation passing,
 * before `loopInSequence` takes over (the default unwind bound: loops within it translate as they
 * always did). A function tagged `@inSequence` (a body too deep for even that: EvalScript's) runs
 * its loops in sequence from the first iteration.
 */
const SEQUENCE_FROM = 64;

/** One loop iteration at a time; after `unwind` iterations the loop condition must be false. */
function loop(cx: TranslationContext, env: Env, pathCond: BoolTerm, iteration: number, parts: LoopParts): Outcome {
  const { condition, body, increment, after, node, frame } = parts;
  const c = condition(env, pathCond);
  if (c.constant === false) return after(env, pathCond);
  if (iteration >= frame.unwind) {
    cx.oblige('unwind', pathCond, c.constant === undefined ? cx.not(c.term) : false, `unwinding assertion: loop exits within ${frame.unwind} iterations`, node);
    return after(env, c.constant === undefined ? cx.and(pathCond, cx.not(c.term)) : pathCond);
  }
  const inside = c.constant === true ? pathCond : cx.and(pathCond, c.term);
  const nextIteration: Continuation = (e, p) => loop(cx, increment(e, p), p, iteration + 1, parts);
  if (c.constant === true) {
    // Continuation passing nests the translator's own stack once per iteration: past
    // SEQUENCE_FROM iterations (a 202-opcode script, a 520-byte comparison) they run in sequence.
    if (iteration < (frame.inSequence === true ? 0 : SEQUENCE_FROM)) return body(env, inside, nextIteration);
    return hasJump(node) ? loopInSequence(cx, env, pathCond, iteration, parts) : loopMerged(cx, env, pathCond, iteration, c, parts);
  }
  if (!hasJump(node)) return loopMerged(cx, env, pathCond, iteration, c, parts);
  const a = body(env, inside, nextIteration);
  const b = after(env, cx.and(pathCond, cx.not(c.term)));
  return mergeOutcome(cx, c.term, a, b, node);
}

/**
 * A loop with early exits (return, break, continue) while its condition is the constant true
 * (a loop over a fixed-length script or array), without the translator recursing once per
 * iteration: each path that reaches the next iteration (the end of the body, or `continue`) is a
 * state of a worklist, run on its own as continuation passing would (no merging: each keeps its
 * constants). A state's outcome is what its paths return in that iteration (the others are
 * CONTINUES), then for each state it led to, If(that state's path condition, its outcome, this
 * one): exact because those paths are disjoint. Where the condition stops being the constant
 * true, `loop` goes on.
 */
function loopInSequence(cx: TranslationContext, env: Env, pathCond: BoolTerm, iteration: number, parts: LoopParts): Outcome {
  const { condition, body, increment, node, frame } = parts;
  interface State {
    /** Dropped once the state ran: only the outcomes are kept for the fold (memory as continuation passing's stack). */
    env: Env | undefined;
    readonly pathCond: BoolTerm;
    readonly iteration: number;
    outcome: Outcome;
    readonly next: State[];
  }
  const root: State = { env, pathCond, iteration, outcome: null, next: [] };
  const order: State[] = [];
  const work: State[] = [root];
  for (let s = work.pop(); s !== undefined; s = work.pop()) {
    const state = s;
    const stateEnv = state.env as Env;
    state.env = undefined;
    order.push(state);
    const c = state.iteration < frame.unwind ? condition(stateEnv, state.pathCond) : undefined;
    if (c === undefined || c.constant !== true) {
      state.outcome = loop(cx, stateEnv, state.pathCond, state.iteration, parts);
      continue;
    }
    state.outcome = body(stateEnv, state.pathCond, (e2, p2) => {
      if (cx.isFalse(p2)) return CONTINUES;
      const child: State = { env: increment(e2, p2), pathCond: p2, iteration: state.iteration + 1, outcome: null, next: [] };
      state.next.push(child);
      work.push(child);
      return CONTINUES;
    });
  }
  // Children were created after their parents: fold from the last state made back to the root.
  for (let j = order.length - 1; j >= 0; j--) {
    const state = order[j] as State;
    let total = state.outcome;
    for (const child of state.next) total = mergeOutcome(cx, child.pathCond, child.outcome, total, node);
    state.outcome = total;
  }
  return root.outcome;
}

/**
 * A loop without early exits from a symbolic condition on: the iterations run in sequence
 * (each under the conditions before it, so loop counters stay constants) and the states at
 * every possible exit are merged once, before the code after the loop runs.
 */
function loopMerged(cx: TranslationContext, env: Env, pathCond: BoolTerm, iteration: number, first: BoolValue, parts: LoopParts): Outcome {
  const z3 = cx.z3;
  const { condition, body, increment, after, node, frame } = parts;
  // exits[j]: the state when the loop ends at check j, and when it ends there (given it did not end before).
  const exits: { readonly when: BoolTerm; readonly env: Env }[] = [];
  let e = env;
  let p = pathCond;
  let c = first;
  for (let k = iteration; ; k++) {
    if (c.constant === false || cx.isFalse(p)) {
      exits.push({ when: z3.Bool.val(true), env: e });
      break;
    }
    if (k >= frame.unwind) {
      cx.oblige('unwind', p, c.constant === undefined ? cx.not(c.term) : false, `unwinding assertion: loop exits within ${frame.unwind} iterations`, node);
      exits.push({ when: z3.Bool.val(true), env: e });
      break;
    }
    if (c.constant === undefined) exits.push({ when: cx.not(c.term), env: e });
    const inside = c.constant === true ? p : cx.and(p, c.term);
    let nextEnv = e;
    body(e, inside, (e2, p2) => {
      nextEnv = increment(e2, p2);
      return null;
    });
    e = nextEnv;
    p = inside;
    c = condition(e, p);
  }
  let merged = (exits[exits.length - 1] as { env: Env }).env;
  for (let j = exits.length - 2; j >= 0; j--) {
    const x = exits[j] as { when: BoolTerm; env: Env };
    merged = mergeEnv(cx, x.when, x.env, merged, node);
  }
  return after(merged, pathCond);
}

/** An expression statement (or a for-loop increment): an assignment, `++`/`--`, `push`, or a call. */
function expressionStatement(cx: TranslationContext, e: Node, env: Env, pathCond: BoolTerm, frame: Frame): Env {
  const here: Frame = { ...frame, env };
  // A local function called as a statement, or assigned from: its writes reach this frame (nested.ts).
  const threaded = threadedCall(cx, e, here, pathCond);
  if (threaded !== undefined) return threaded.env;
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getText() === '=' && Node.isIdentifier(e.getLeft())) {
    const assigned = threadedCall(cx, e.getRight(), here, pathCond);
    if (assigned !== undefined) return assignLocal(cx, e.getLeft(), assigned.value, assigned.env);
  }
  const set = (target: Node, v: Value): Env => {
    if (Node.isElementAccessExpression(target)) return storeElement(cx, target, v, env, pathCond, frame);
    if (Node.isPropertyAccessExpression(target) && target.getName() === 'length') return truncateTo(cx, target, v, env, pathCond, frame);
    if (!Node.isIdentifier(target)) return cx.fail(`assignment to ${target.getKindName()} (only local variables and their elements may be assigned)`, target);
    return assignLocal(cx, target, v, env);
  };
  if (Node.isBinaryExpression(e)) {
    const op = e.getOperatorToken().getText();
    const left = e.getLeft();
    if (op === '=') return set(left, evaluate(cx, e.getRight(), here, pathCond));
    const m = /^(\+|-|\*|\/|%|&|\||\^|<<|>>>|>>)=$/.exec(op);
    if (m !== null) {
      const current = cx.asInt(evaluate(cx, left, here, pathCond), left, pathCond);
      const rhs = cx.asInt(evaluate(cx, e.getRight(), here, pathCond), e, pathCond);
      return set(left, arith(cx, m[1] as string, current, rhs, frame, pathCond, e));
    }
  }
  if (Node.isPrefixUnaryExpression(e) || Node.isPostfixUnaryExpression(e)) {
    const op = e.getOperatorToken();
    if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) {
      const target = e.getOperand();
      const current = cx.asInt(evaluate(cx, target, here, pathCond), target, pathCond);
      return set(target, arith(cx, op === SyntaxKind.PlusPlusToken ? '+' : '-', current, cx.intConst(1n, current.isNumber), frame, pathCond, e));
    }
  }
  if (Node.isCallExpression(e)) {
    const callee = e.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'pop' && Node.isIdentifier(callee.getExpression()) && e.getArguments().length === 0) {
      // `arr.pop()` as a statement: the last item goes; an empty array stays empty.
      const target = callee.getExpression();
      const arr = writableArray(cx, target, env, 'pop', e, frame);
      const length = arr.length;
      const shorter =
        length === undefined
          ? cx.intConst(BigInt(Math.max(0, arr.items.length - 1)), true)
          : cx.makeInt(true, cx.z3.If(length.term.gt(0), length.term.sub(1), cx.z3.Int.val(0)) as typeof length.term, 0n, length.hi !== undefined && length.hi > 0n ? length.hi - 1n : 0n);
      return afterWrite(cx, env, target.getText(), withLength(cx, arr, shorter), e);
    }
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'push' && Node.isIdentifier(callee.getExpression())) {
      // Appending to an array this call created: SSA on the array, every alias updated.
      const target = callee.getExpression();
      let next = writableArray(cx, target, env, 'push', e, frame);
      for (const a of e.getArguments()) next = append(cx, next, evaluate(cx, a, here, pathCond), e);
      return afterWrite(cx, env, target.getText(), next, e);
    }
    if (Node.isPropertyAccessExpression(callee) && ['set', 'copyWithin'].includes(callee.getName()) && Node.isIdentifier(callee.getExpression()) && isByteArray(callee.getExpression())) {
      const target = callee.getExpression();
      const arr = writableArray(cx, target, env, callee.getName(), e, frame);
      const next = callee.getName() === 'set' ? setBytes(cx, arr, e.getArguments(), here, pathCond, e) : copyWithin(cx, arr, e.getArguments(), here, pathCond, e);
      return afterWrite(cx, env, target.getText(), next, e);
    }
    // A call as a statement: translated (its obligations kept), its value dropped. Exact: a
    // translated function can write only arrays it creates itself, and arrays its caller passed
    // it as in-out arguments (threadedCall above: the caller goes on with what the callee wrote).
    evaluate(cx, e, here, pathCond);
    return env;
  }
  return cx.fail(`expression statement ${e.getKindName()}`, e);
}

/** A constant, non-negative integer argument of a byte-array method (`dflt` when absent), or ERROR. */
function constantIndex(cx: TranslationContext, arg: Node | undefined, dflt: number, frame: Frame, pathCond: BoolTerm, what: string, site: Node): number {
  if (arg === undefined) return dflt;
  const v = cx.asInt(evaluate(cx, arg, frame, pathCond), arg, pathCond);
  if (v.constant === undefined || v.constant < 0n) return cx.fail(`${what} with an index that is not a non-negative constant`, site);
  return Number(v.constant);
}

/**
 * `bytes.set(src, offset)` on a Uint8Array of a constant length this call created: src's items
 * (a snapshot, as JavaScript copies an overlapping source first) land at offset..; each a byte
 * (no silent truncation). Past the end JavaScript throws a RangeError: a failed obligation.
 */
function setBytes(cx: TranslationContext, arr: ArrayValue, args: readonly Node[], frame: Frame, pathCond: BoolTerm, site: Node): ArrayValue {
  if (args.length < 1 || args.length > 2) return cx.fail('Uint8Array.set arity', site);
  if (arr.length !== undefined) return cx.fail('Uint8Array.set on an array of a symbolic length', site);
  const src = evaluate(cx, args[0] as Node, frame, pathCond);
  if (src.kind !== 'array') return cx.fail(`Uint8Array.set of a ${src.kind}`, site);
  const items = fixedItems(cx, src, 'Uint8Array.set', site);
  const offset = constantIndex(cx, args[1], 0, frame, pathCond, 'Uint8Array.set', site);
  if (offset + items.length > arr.items.length) {
    cx.oblige('domain', pathCond, false, `Uint8Array.set of ${items.length} bytes at ${offset} into ${arr.items.length} throws (RangeError)`, site);
    return arr;
  }
  const next = [...arr.items];
  items.forEach((v, k) => (next[offset + k] = storeByte(cx, v, pathCond, site)));
  return arrayOf(next, undefined, arr.refs ?? []);
}

/**
 * `bytes.copyWithin(target, start, end)` on a Uint8Array of a constant length this call created,
 * with constant non-negative indices: JavaScript clamps them to the length and copies
 * min(end - start, length - target) items as they were before the copy.
 */
function copyWithin(cx: TranslationContext, arr: ArrayValue, args: readonly Node[], frame: Frame, pathCond: BoolTerm, site: Node): ArrayValue {
  if (args.length < 2 || args.length > 3) return cx.fail('Uint8Array.copyWithin arity', site);
  if (arr.length !== undefined) return cx.fail('Uint8Array.copyWithin on an array of a symbolic length', site);
  const n = arr.items.length;
  const [to, from, end] = [args[0], args[1], args[2]].map((a, i) => Math.min(constantIndex(cx, a, n, frame, pathCond, 'Uint8Array.copyWithin', site), n)) as [number, number, number];
  const count = Math.max(0, Math.min(end - from, n - to));
  const next = [...arr.items];
  for (let k = 0; k < count; k++) next[to + k] = arr.items[from + k] as Value;
  return arrayOf(next, undefined, arr.refs ?? []);
}

/**
 * The array a write (`what`) through local `name` goes to. Only an array this call (or a callee
 * that returned it) created may be written, and only through a name bound to the whole array:
 * never an input, a module constant, an array created by a caller, a subarray view, or a value
 * that is one of several arrays. Anything else would need an aliasing model: ERROR.
 */
function writableArray(cx: TranslationContext, name: Node, env: Env, what: string, site: Node, frame: Frame): ArrayValue {
  const n = name.getText();
  const arr = env.get(n);
  if (arr === undefined) return cx.fail(`${what} on '${n}', which is not a local variable (module state or an import)`, site);
  if (arr.kind !== 'array') return cx.fail(`${what} on '${n}', a ${arr.kind}`, site);
  const refs = arr.refs;
  if (refs === undefined) {
    return cx.fail(`${what} on '${n}', an array this function did not create (an input, a module constant, or an alias or view of one): the write would be visible outside`, site);
  }
  const [ref] = refs;
  if (ref === undefined || refs.length !== 1) return cx.fail(`${what} on '${n}', which may be one of several arrays (merged branches)`, site);
  if (!ref.whole) return cx.fail(`${what} through '${n}', a subarray view: the write would land in the array it views`, site);
  if (!mayWrite(frame, ref.id)) return cx.fail(`${what} on '${n}', an array created by a caller (a parameter or an alias of one) and not passed to this call as an in-out argument`, site);
  return arr;
}

/**
 * The environment after array `name` became `next`: every other name bound to the same array
 * (an alias) gets the new value, every view of it the new items at its offset. An alias this
 * cannot update exactly (a view at a symbolic offset, a value that may or may not be the array,
 * the array held inside a record or another array) is outside the subset: ERROR.
 */
export function afterWrite(cx: TranslationContext, env: Env, name: string, next: ArrayValue, site: Node): Env {
  const id = next.refs?.[0]?.id ?? 0;
  const out = new Map(env);
  for (const [key, v] of env) {
    if (key === name) {
      out.set(key, next);
      continue;
    }
    if (v.kind === 'array' && v.refs?.some((r) => r.id === id) === true) {
      const [r] = v.refs;
      if (v.refs.length !== 1 || r === undefined) cx.fail(`a write to '${name}' while '${key}' may or may not be the same array (merged branches)`, site);
      else if (r.whole) out.set(key, next);
      else if (r.offset === undefined || v.length !== undefined || next.length !== undefined) {
        cx.fail(`a write to '${name}' while '${key}' views it at a symbolic offset or with a symbolic length`, site);
      } else out.set(key, arrayOf(next.items.slice(r.offset, r.offset + v.items.length), undefined, v.refs));
      continue;
    }
    if (mentions(v, id)) cx.fail(`a write to '${name}' while the array is also held inside '${key}' (a record, an array or an optional value)`, site);
  }
  return out;
}

/** `name = v` for a local variable. */
function assignLocal(cx: TranslationContext, target: Node, v: Value, env: Env): Env {
  const name = target.getText();
  if (!env.has(name)) return cx.fail(`assignment to non-local '${name}'`, target);
  return new Map(env).set(name, v);
}

/**
 * `arr.length = n` (or `-=`) on an array this call created: JavaScript drops the items from n
 * on. Growing it would leave holes, and a negative or fractional length throws: n in
 * [0, length] is an obligation.
 */
function truncateTo(cx: TranslationContext, target: Node & { getExpression(): Expression }, v: Value, env: Env, pathCond: BoolTerm, frame: Frame): Env {
  const base = target.getExpression();
  if (!Node.isIdentifier(base)) return cx.fail(`assignment to the length of ${base.getKindName()}`, target);
  const arr = writableArray(cx, base, env, 'length assignment', target, frame);
  const n = cx.asInt(v, target, pathCond);
  if (!n.isNumber) return cx.fail('a bigint assigned to an array length', target);
  const length = arrayLength(cx, arr);
  cx.oblige('domain', pathCond, cx.z3.And(n.term.ge(0), n.term.le(length.term)), 'an array length is set within [0, length] (no holes, no RangeError)', target);
  const hi = length.hi ?? BigInt(arr.items.length);
  const bounded = cx.makeInt(true, n.term, n.lo !== undefined && n.lo > 0n ? n.lo : 0n, n.hi !== undefined && n.hi < hi ? n.hi : hi);
  return afterWrite(cx, env, base.getText(), withLength(cx, arr, bounded), target);
}

/** `arr` cut to `length` (at most its own): a constant length keeps only those items. */
function withLength(cx: TranslationContext, arr: ArrayValue, length: IntValue): ArrayValue {
  const refs = arr.refs ?? [];
  if (length.constant !== undefined) return arrayOf(arr.items.slice(0, Number(length.constant)), undefined, refs);
  if (length.hi !== undefined && length.hi < BigInt(arr.items.length)) return arrayOf(arr.items.slice(0, Number(length.hi)), length, refs);
  return arrayOf(arr.items, length, refs);
}

/** `arr.push(v)`: the item lands at index `length`, a case split when the length is symbolic. */
function append(cx: TranslationContext, arr: ArrayValue, v: Value, node: Node): ArrayValue {
  const refs = arr.refs ?? [];
  if (arr.length === undefined) return arrayOf([...arr.items, v], undefined, refs);
  const length = arr.length;
  const items = arr.items.map((x, j) => (length.lo !== undefined && length.lo > BigInt(j) ? x : merge(cx, length.term.eq(j), v, x, node)));
  const grown = cx.makeInt(true, length.term.add(1) as typeof length.term, length.lo === undefined ? undefined : length.lo + 1n, length.hi === undefined ? undefined : length.hi + 1n);
  return arrayOf([...items, v], grown, refs);
}

/**
 * `local[i] = v` on an array this call created (SSA on the array, like `push`): the index must
 * exist (no holes, no growth), and a Uint8Array element must receive a byte.
 */
function storeElement(cx: TranslationContext, target: Node & { getExpression(): Expression; getArgumentExpressionOrThrow(): Expression }, v: Value, env: Env, pathCond: BoolTerm, frame: Frame): Env {
  const z3 = cx.z3;
  const base = target.getExpression();
  if (!Node.isIdentifier(base)) return cx.fail(`assignment to an element of ${base.getKindName()}`, target);
  const arr = writableArray(cx, base, env, 'element assignment', target, frame);
  const isBytes = holdsBytes(cx, base, 'element assignment');
  const value = isBytes ? storeByte(cx, v, pathCond, target) : v;
  const index = cx.asInt(evaluate(cx, target.getArgumentExpressionOrThrow(), { ...frame, env }, pathCond), target, pathCond);
  const length = arrayLength(cx, arr);
  cx.oblige('domain', pathCond, z3.And(index.term.ge(0), index.term.lt(length.term)), 'element assignment within the array', target);
  const items = arr.items.map((x, j) => (index.constant !== undefined ? (index.constant === BigInt(j) ? value : x) : merge(cx, index.term.eq(j), value, x, target)));
  return afterWrite(cx, env, base.getText(), arrayOf(items, arr.length, arr.refs ?? []), target);
}
