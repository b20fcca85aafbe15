/**
 * Syntactic facts of a node, computed once. The translator asks the same questions of the same
 * nodes many times (whether a statement can jump out of its block, at every execution of it in
 * every unrolled iteration and inlined call; a node's file:line:column, for every obligation), and
 * each answer was a walk of the node's descendants or its file's line table. The key is the
 * TypeScript compiler node: it is immutable (an edit, such as a mutant's, makes new compiler
 * nodes), whereas ts-morph may point a surviving wrapper at a new compiler node after an edit.
 */
import type { Node } from 'ts-morph';

/** `fact`, remembered per compiler node; `fact` must depend on the node's syntax alone. */
export function memoByNode<T, N extends Node = Node>(fact: (node: N) => T): (node: N) => T {
  const known = new WeakMap<object, { readonly value: T }>();
  return (node) => {
    const hit = known.get(node.compilerNode);
    if (hit !== undefined) return hit.value;
    const value = fact(node);
    known.set(node.compilerNode, { value });
    return value;
  };
}
