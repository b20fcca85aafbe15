/** The records a proof run produces (schema `bllvm-proofs/1`) and its options. */
import type { TranslatorMutant } from '../translate.js';
import type { BoundaryResult } from './boundaries.js';
import type { Shard } from './shard.js';
import type { SolverPool } from '../pool.js';
import type { ObligationKind } from '../translate.js';

export type ProofStatus = 'PROVED' | 'REFUTED' | 'VACUOUS' | 'UNKNOWN' | 'ERROR';

export interface CheckResult {
  /** 'case': a case query (harness/runner/build.ts), SUCCESS when it proved its case's checks at once. */
  readonly kind: ObligationKind | 'cover' | 'assumptions' | 'case';
  readonly message: string;
  readonly loc: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'UNDETERMINED' | 'SATISFIED' | 'UNSATISFIABLE';
  /** A check proved by its case query (its cost is the case query's line), not by a query of its own. */
  readonly byCase?: boolean;
  /** The z3 resource count its query used (deterministic for a given query text and solver). */
  readonly rlimit?: number;
  /** Solver wall time of its query (varies with machine load; reports only, never a verdict). */
  readonly ms?: number;
}

export interface Counterexample {
  readonly inputs: Readonly<Record<string, string>>;
  /**
   * 'confirmed' (the real function violates the property), 'obligation' (a model-domain check
   * failed), 'hash-model' (the counterexample gives the uninterpreted hashes values the real ones
   * do not: the property needs more than the hash axioms), 'string-model' (it gives strings made at
   * run time, uninterpreted functions of their parts, values the real ones do not), 'spurious' (a translator bug).
   */
  readonly replay: 'confirmed' | 'obligation' | 'hash-model' | 'string-model' | 'spurious';
  readonly replayDetail: string;
  readonly regressionTest: string;
}

export interface ProofResult {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly fn: string;
  readonly fnLoc: string;
  readonly spec: string;
  readonly statement: string;
  readonly status: ProofStatus;
  readonly ms: number;
  readonly rlimit: number;
  readonly cached: boolean;
  /** For a cached result, the time the solver took when it was proved. */
  readonly solvedMs?: number;
  readonly checks: readonly CheckResult[];
  readonly counterexample?: Counterexample;
  readonly error?: string;
  readonly unwind: number;
  readonly axioms: readonly string[];
  readonly inputs: string;
  readonly requires: string;
  readonly ensures: string;
  readonly covers: readonly string[];
  readonly functionsUsed: readonly string[];
  /** The contract proofs whose obligations this proof did not re-check (harness/runner/contracts.ts): it stands only while they are PROVED. */
  readonly contracts?: readonly string[];
  readonly queryHash: string;
}

export interface RunOptions {
  readonly root: string;
  readonly filter?: string;
  readonly jobs?: number;
  readonly noCache?: boolean;
  readonly mutant?: TranslatorMutant;
  readonly cacheDir?: string;
  /** Also generate and solve the boundary covers of the proved functions (harness/runner/boundaries.ts). */
  readonly boundaries?: boolean;
  /** Only the proofs of this shard (harness/runner/shard.ts), after the filter. */
  readonly shard?: Shard;
  /**
   * `--merge`: the verdicts of the shards' reports, by proofKey (harness/runner/shard.ts). Each
   * proof is translated (for its query hash, which must equal the recorded one, and for the
   * boundary covers) but never solved: its recorded result is the verdict.
   */
  readonly recorded?: ReadonlyMap<string, ProofResult>;
  /**
   * Solve on this pool, which the caller owns and closes (a caller making many small runs, such
   * as test/harness/seeded-bugs.test.ts, starts its z3 workers once); by default the run starts
   * its own pool of `jobs` workers and closes it.
   */
  readonly pool?: SolverPool;
  /** Called once the proofs are loaded, with how many results the run will have. */
  readonly onPlan?: (total: number) => void;
  /** Called when a proof's queries start on a solver worker (cached and ERROR proofs never start). */
  readonly onStart?: (name: string) => void;
  /** Called after each proof finishes. */
  readonly onResult?: (r: ProofResult) => void;
  /**
   * Called once, after the last proof is translated and while the workers still solve: the main
   * thread's idle time (the prove command runs its whole-suite source checks there).
   */
  readonly onTranslated?: () => void;
}

export interface RunReport {
  readonly schema: 'bllvm-proofs/1';
  readonly translator: string;
  readonly solver: string;
  readonly startedAt: string;
  readonly ms: number;
  readonly results: readonly ProofResult[];
  /** The boundary covers, when the run generated them. */
  readonly boundaries?: readonly BoundaryResult[];
  /** A shard run: which shard, and how many proofs the filter selected before sharding. */
  readonly shard?: Shard & { readonly selected: number; readonly filter?: string };
  /** A merged report: the shard reports it was made of. */
  readonly merged?: readonly MergedShard[];
}

/** One shard report of a merge: its folder, shard, start, wall time and proof count. */
export interface MergedShard {
  readonly dir: string;
  readonly shard?: string;
  readonly startedAt: string;
  readonly ms: number;
  readonly proofs: number;
}

/** The budget that decides a verdict: z3 resource units per query (deterministic, load-independent). */
export const DEFAULT_RLIMIT = 20_000_000;
/**
 * Wall-clock backstop per query, only so that a hung solver cannot hang CI: far above the time
 * any query within its rlimit takes on a loaded machine, so machine load never decides a verdict.
 */
export const DEFAULT_TIMEOUT_MS = 600_000;
