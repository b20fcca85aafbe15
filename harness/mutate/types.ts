/**
 * The records of a mutation run (schema `bllvm-mutate/1`, issue 10 §3): every mutant of a proved
 * kernel function, what the proofs said about it, and the score.
 */

/** The mutation operators (harness/mutate/operators.ts). */
export type MutationOperator =
  /** `<` ↔ `<=`, `>` ↔ `>=`, `===` ↔ `!==`. */
  | 'relational'
  /** A numeric literal (number or bigint) ± 1. */
  | 'constant'
  /** An `if` condition replaced by `true` or by `false`. */
  | 'condition'
  /** An expression statement (assignment, `++`, push, call), `break` or `continue` dropped. */
  | 'statement'
  /** The operands of a non-commutative operator swapped (`a - b` → `b - a`, `a < b` → `b < a`). */
  | 'swap'
  /** `&&` ↔ `||`. */
  | 'logical';

export const OPERATORS: readonly MutationOperator[] = ['relational', 'constant', 'condition', 'statement', 'swap', 'logical'];

/** One mutant: a replacement of a source range of a kernel file, applied in memory only. */
export interface Mutant {
  /** `file:line:column operator replacement`, unique in a run. */
  readonly id: string;
  readonly operator: MutationOperator;
  /** The function it is in, as a proof result's functionsUsed names it: `name (file:line:column)`. */
  readonly function: string;
  /** The kernel file, relative to the checkout. */
  readonly file: string;
  readonly line: number;
  /** The replaced range of the file's text, and its replacement. */
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  /** One-line diff: `file:line: - <line before> + <line after>`. */
  readonly diff: string;
}

/**
 * killed: a proof that covers the function is REFUTED or VACUOUS on the mutant. equivalent: the
 * solver proved the mutant's result equal to the original's at every call the covering proofs
 * make, over their input domains (unsat). survived: every covering proof still PROVED and the
 * mutant is not proved equivalent. error / unknown: no proof killed it and some proof was ERROR
 * (the mutant leaves the translatable subset) or UNKNOWN (rlimit spent): neither is a kill.
 */
export type MutantOutcome = 'killed' | 'survived' | 'equivalent' | 'error' | 'unknown';

export interface MutantResult {
  readonly id: string;
  readonly operator: MutationOperator;
  readonly diff: string;
  readonly outcome: MutantOutcome;
  /** The proof that killed it and its verdict; for error/unknown the proof and its message. */
  readonly by?: string;
  readonly detail?: string;
  /** Proofs run on the mutant (a killed mutant stops at the first kill). */
  readonly proofsRun: number;
  /** What decides the outcome, hashed (harness/mutate/carry.ts): a later run with the same key takes this result. */
  readonly key?: string;
  /** Taken from an earlier run's record by its key, not solved in this run. */
  readonly carried?: boolean;
}

export interface OutcomeCounts {
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly equivalent: number;
  readonly error: number;
  readonly unknown: number;
}

export interface FunctionMutations extends OutcomeCounts {
  /** `name (file:line:column)`. */
  readonly function: string;
  /** The PROVED proofs that translate it (what the mutants run against). */
  readonly proofs: readonly string[];
  readonly results: readonly MutantResult[];
}

/** The mutants a run generated (before sharding): their number and the SHA-256 of their sorted ids. */
export interface MutatePlan {
  readonly mutants: number;
  readonly digest: string;
}

export interface MutateReport {
  readonly schema: 'bllvm-mutate/1';
  readonly translator: string;
  readonly solver: string;
  readonly startedAt: string;
  readonly ms: number;
  /** The --filter of the run (absent: every proved function). */
  readonly filter?: string;
  /** The run's shard (absent: every mutant of the plan). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Every mutant the run generated before sharding. */
  readonly plan?: MutatePlan;
  /** Where the PROVED proofs came from, and how many were taken. */
  readonly baseline: string;
  /** Results taken from an earlier run's record by key (harness/mutate/carry.ts) instead of solved. */
  readonly carried?: number;
  readonly functions: readonly FunctionMutations[];
  readonly totals: OutcomeCounts;
  readonly byOperator: Readonly<Record<MutationOperator, OutcomeCounts>>;
  /** killed / (killed + survived): error and unknown mutants are outside it (counted apart), equivalent ones too. */
  readonly score: number;
}
