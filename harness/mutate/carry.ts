/**
 * Results carried from one mutation run to the next (issue 10 §3: the full run takes hours, and
 * most commits change few kernel functions or proofs). Every result of a report has a key: the
 * SHA-256 of what decides it, so a run takes a result from the last record (reports/mutate.json)
 * exactly when solving the mutant again would repeat the same work on the same inputs.
 *
 * - A killed mutant: the mutant (id and diff) and its killing proof: the proof's name, its query
 *   hash (its unmutated translation: kernel, proof, translator, solver and budget) and the
 *   digest of every file its proof file imports, transitively (the kernel code a mutant's
 *   translation can reach, including code the unmutated translation never needed). Another proof
 *   added or changed elsewhere cannot undo a kill.
 * - Any other outcome (survived, equivalent, error, unknown): the mutant and all its covering
 *   proofs so (a new covering proof may kill it).
 *
 * Both also name the translator, the solver and MUTATE_SEMANTICS, which changes whenever what
 * decides an outcome changes (operators, the order of checks); the other outcomes' keys also name
 * EQUIVALENCE_SEMANTICS, which changes with the equivalence queries alone (a kill does not depend
 * on them, so kills carry across such a change).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
import { TRANSLATION_BUDGET } from './budget.js';
import type { MutantOutcome, MutantResult, MutateReport } from './types.js';

/** What decides an outcome besides the inputs keyed; changed when the mutation run's semantics change. */
export const MUTATE_SEMANTICS = 'bllvm-mutate/1 outcomes; kill by REFUTED or VACUOUS; equivalence over results and maps written';

/** A covering proof as a key names it. */
export interface KeyedProof {
  readonly name: string;
  readonly queryHash: string;
  /** importClosureDigest of its proof file. */
  readonly closure: string;
}

/** What decides equivalence (harness/mutate/equivalence.ts); in the keys of outcomes other than kills. */
export const EQUIVALENCE_SEMANTICS = 'equivalence/2: function values and module objects never the same';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The digest of a source file and every file it imports or re-exports from, transitively (files
 * of the checkout only: packages are fixed by the lock file, which the query hashes name): the
 * sorted paths relative to `root`, each with the SHA-256 of its text.
 */
export function importClosureDigest(root: string, sf: SourceFile): string {
  const seen = new Map<string, SourceFile>();
  const stack = [sf];
  while (stack.length > 0) {
    const f = stack.pop() as SourceFile;
    const file = f.getFilePath();
    if (seen.has(file) || file.includes('/node_modules/')) continue;
    seen.set(file, f);
    for (const d of [...f.getImportDeclarations(), ...f.getExportDeclarations()]) {
      const target = d.getModuleSpecifierSourceFile();
      if (target !== undefined) stack.push(target);
    }
  }
  const lines = [...seen].map(([file, f]) => `${path.relative(root, file)} ${sha256(f.getFullText())}`).sort();
  return sha256(lines.join('\n'));
}

interface KeyContext {
  readonly translator: string;
  readonly solver: string;
}

const mutantPart = (m: { readonly id: string; readonly diff: string }): string => `${m.id}\n${m.diff}`;
const proofPart = (p: KeyedProof): string => `${p.name}\n${p.queryHash}\n${p.closure}`;

/** The key of a mutant killed by `proof`. */
export function killKey(c: KeyContext, m: { readonly id: string; readonly diff: string }, proof: KeyedProof): string {
  return sha256(['killed', MUTATE_SEMANTICS, c.translator, c.solver, mutantPart(m), proofPart(proof)].join('\n'));
}

/**
 * Whether the mutant translation budget (budget.ts TRANSLATION_BUDGET) can have decided outcome
 * `o`, so that it belongs in the outcome's key: an error (a proof's translation stopped by it), a
 * survivor (its equivalence query stopped by it) and an unknown (preferred over such an error in
 * the same mutant). A kill, an equivalence (every query decided within it) or a proved difference
 * does not depend on it, so a larger budget re-runs only the former.
 */
const budgetDecides = (o: MutantOutcome): boolean => o === 'error' || o === 'survived' || o === 'unknown';

/** The key of any other outcome of a mutant: all its covering proofs (and the budget, for the outcomes it can decide). */
export function coverKey(c: KeyContext, m: { readonly id: string; readonly diff: string }, proofs: readonly KeyedProof[], outcome: MutantOutcome): string {
  const budget = budgetDecides(outcome) ? [TRANSLATION_BUDGET] : [];
  return sha256(['covered', MUTATE_SEMANTICS, EQUIVALENCE_SEMANTICS, ...budget, c.translator, c.solver, mutantPart(m), ...proofs.map(proofPart).sort()].join('\n'));
}

/** The name of the proof that killed a mutant (`by` is `<proof name>: REFUTED`). */
export function killerName(r: MutantResult): string | undefined {
  if (r.outcome !== 'killed' || r.by === undefined) return undefined;
  const at = r.by.lastIndexOf(': ');
  return at > 0 ? r.by.slice(0, at) : undefined;
}

/**
 * The keyed results of a report file, by key (an empty map when there is no file; `error` when
 * it is not a mutation report).
 */
export function readCarried(file: string): { readonly results: ReadonlyMap<string, MutantResult> } | { readonly error: string } {
  if (!existsSync(file)) return { results: new Map() };
  let report: MutateReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as MutateReport;
  } catch (e) {
    return { error: `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (report.schema !== 'bllvm-mutate/1' || !Array.isArray(report.functions)) return { error: `${file} is not a bllvm-mutate/1 report` };
  const results = new Map<string, MutantResult>();
  for (const f of report.functions) for (const r of f.results) if (typeof r.key === 'string') results.set(r.key, r);
  return { results };
}
