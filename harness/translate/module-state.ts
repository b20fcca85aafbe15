/**
 * Module constants are translated from their initializers alone. That is exact only when nothing
 * else runs at load time to change them: a top-level statement (a loop filling a table, a `push`,
 * a `set` on a Map) or an initializer that writes another module binding (`const n = LIST.push(4)`).
 * A file with such code is ERROR wherever one of its constants is read (check-boundary also
 * refuses it in kernel/; this keeps `prove` sound on its own).
 */
import { Node, type SourceFile, SyntaxKind } from 'ts-morph';
import { ASSIGNING_KINDS, assignedOperand } from './closures.js';
import { memoByNode } from './syntax-memo.js';

/** Methods that change the array, typed array, Map or Set they are called on. */
const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'delete', 'clear', 'add']);

/** Top-level statements that only declare. */
function declaresOnly(st: Node): boolean {
  return (
    Node.isImportDeclaration(st) ||
    Node.isExportDeclaration(st) ||
    Node.isVariableStatement(st) ||
    Node.isFunctionDeclaration(st) ||
    Node.isClassDeclaration(st) ||
    Node.isInterfaceDeclaration(st) ||
    Node.isEnumDeclaration(st) ||
    Node.isTypeAliasDeclaration(st) ||
    Node.isEmptyStatement(st)
  );
}

/** The identifier at the root of `a.b[c].d`, if it is one. */
function rootIdentifier(n: Node): Node | undefined {
  let x: Node = n;
  while (Node.isPropertyAccessExpression(x) || Node.isElementAccessExpression(x) || Node.isParenthesizedExpression(x) || Node.isNonNullExpression(x)) x = x.getExpression();
  return Node.isIdentifier(x) ? x : undefined;
}

/** Whether `id` names a binding declared at the top level of its file. */
function isModuleBinding(id: Node): boolean {
  const decl = id.getSymbol()?.getDeclarations()[0];
  if (decl === undefined) return false;
  const statement = Node.isVariableDeclaration(decl) ? decl.getVariableStatement() : undefined;
  return statement !== undefined && Node.isSourceFile(statement.getParent());
}

/** The kinds of node that can write a binding: assignments and ++/-- (assignedOperand's), mutating calls, delete. */
const WRITE_KINDS = [...ASSIGNING_KINDS, SyntaxKind.CallExpression, SyntaxKind.DeleteExpression] as const;

/**
 * A node of `scope` (load-time code) that writes a module binding, if any: the first in source
 * order. Only nodes of WRITE_KINDS are wrapped (ts-morph wraps a node on first access; a table's
 * initializer has thousands of literals that cannot write anything).
 */
function moduleWriteIn(scope: Node): Node | undefined {
  const candidates = WRITE_KINDS.flatMap((k): Node[] => scope.getDescendantsOfKind(k)).sort((a, b) => a.getPos() - b.getPos() || b.getEnd() - a.getEnd());
  for (const d of candidates) {
    let target = assignedOperand(d);
    if (Node.isCallExpression(d)) {
      const callee = d.getExpression();
      if (Node.isPropertyAccessExpression(callee) && MUTATORS.has(callee.getName())) target = callee.getExpression();
    } else if (Node.isDeleteExpression(d)) {
      target = d.getExpression();
    }
    const root = target === undefined ? undefined : rootIdentifier(target);
    if (root !== undefined && isModuleBinding(root)) return d;
  }
  return undefined;
}

/** The first load-time code of `sf` that may change a module constant after its initializer, if any. */
export const loadTimeWrite = memoByNode((sf: SourceFile): Node | undefined => {
  for (const st of sf.getStatements()) {
    if (!declaresOnly(st)) return st;
    // A variable's initializer runs at load time; so do a class's static initializers and blocks.
    const loadTime = Node.isVariableStatement(st)
      ? [st]
      : Node.isClassDeclaration(st)
        ? st.getMembers().filter((m) => Node.isClassStaticBlockDeclaration(m) || (Node.isPropertyDeclaration(m) && m.isStatic()))
        : [];
    for (const part of loadTime) {
      const write = moduleWriteIn(part);
      if (write !== undefined) return write;
    }
  }
  return undefined;
});
