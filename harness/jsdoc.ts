/**
 * JSDoc tags that steer the harness (`@smtBigint uint256`, `@unwind 64`, `@inOut out`), read by the
 * proof translator (harness/translate/calls.ts) and the kernel boundary check (harness/boundary.ts).
 */
import { Node, SyntaxKind } from 'ts-morph';
import { memoByNode } from './translate/syntax-memo.js';

/** A tag's name and the first word of its comment. */
export interface TagWord {
  readonly name: string;
  readonly word: string;
}

/**
 * The tags of a function, in order: a function declaration's own JSDoc, or for an arrow or
 * function expression the JSDoc of the variable statement that binds it. Read once per node (the
 * translator asks at every inlined call).
 */
export const functionTagWords = memoByNode((fn: Node): readonly TagWord[] => {
  const host = Node.isFunctionDeclaration(fn) ? fn : fn.getFirstAncestorByKind(SyntaxKind.VariableStatement);
  if (host === undefined) return [];
  return host.getJsDocs().flatMap((doc) => doc.getTags().map((tag) => ({ name: tag.getTagName(), word: (tag.getCommentText() ?? '').trim().split(/\s+/)[0] ?? '' })));
});

/** The parameter names a function declaration's `@inOut name` tags declare (one tag per parameter). */
export function inOutParameterNames(fn: Node | undefined): Set<string> {
  if (fn === undefined || !Node.isFunctionDeclaration(fn)) return new Set();
  return new Set(functionTagWords(fn).filter((t) => t.name === 'inOut').map((t) => t.word));
}
