/**
 * Mutants are applied in memory only: the text of the kernel file in a ts-morph project is
 * replaced for the time of a synchronous translation and restored at once, so the files on disk
 * (which other engineers edit meanwhile) are never written.
 */
import path from 'node:path';
import type { FunctionDeclaration, Project } from 'ts-morph';
import type { Mutant } from './types.js';

/**
 * Runs `translate` with `mutant` applied to `project`'s copy of its file and gives it the mutated
 * functions named `names` (top-level declarations of that file); restores the text afterwards.
 * `translate` must be synchronous: nothing else may see the project while it is mutated.
 */
export function withMutant<T>(project: Project, root: string, mutant: Mutant, translate: (mutated: ReadonlyMap<string, FunctionDeclaration>) => T): T {
  const sf = project.getSourceFileOrThrow(path.join(root, mutant.file));
  const original = sf.getFullText();
  sf.replaceWithText(original.slice(0, mutant.start) + mutant.replacement + original.slice(mutant.end));
  try {
    const mutated = new Map<string, FunctionDeclaration>();
    for (const fn of sf.getFunctions()) {
      const name = fn.getName();
      if (name !== undefined) mutated.set(name, fn);
    }
    return translate(mutated);
  } finally {
    sf.replaceWithText(original);
  }
}
