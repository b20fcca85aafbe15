/**
 * The proof-file DSL (proofs/*.proof.ts). A proof names a real kernel function, its symbolic
 * inputs with their domains, assumptions (`requires`), the property (`ensures`) and reachability
 * points (`covers`). The arrow functions are ordinary TypeScript: the harness translates their
 * source (and every kernel function they call) into SMT, and the same closures run concretely
 * to replay counterexamples.
 */

/** An input domain: what the solver may choose for one input. */
export type Domain =
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'bigint'; readonly min: bigint | undefined; readonly max: bigint | undefined }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'tuple'; readonly items: readonly Domain[] }
  /** A Uint8Array of a fixed length, each byte symbolic (in [0, 255], or in `items[i]` where a split narrowed it). */
  | { readonly kind: 'bytes'; readonly length: number; readonly items?: readonly Domain[] }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, Domain>> }
  /** Any string, compared only by `===` (a map key, an identifier): its text is not modelled. */
  | { readonly kind: 'string' }
  /**
   * A ReadonlyMap of at most `size` entries: any number of them from 0 to `size`, with distinct
   * keys of domain `key` in any insertion order, each with a value of domain `value`.
   */
  | { readonly kind: 'map'; readonly size: number; readonly key: Domain; readonly value: Domain };

/** An integer `number` in [min, max] (both safe integers). */
export function int(min: number, max: number): Domain {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new Error(`int(${min}, ${max}): bounds must be safe integers with min <= max`);
  }
  return { kind: 'number', min, max };
}
/** A `number` in the int32 range. */
export const int32 = (): Domain => int(-(2 ** 31), 2 ** 31 - 1);
/** A `number` in the uint32 range (nLockTime, nSequence, nBits, nVersion read unsigned). */
export const uint32 = (): Domain => int(0, 2 ** 32 - 1);
/** A `number` in [0, 2^31 - 1] (heights, counts). */
export const nat31 = (): Domain => int(0, 2 ** 31 - 1);
/** A `number` byte. */
export const byte = (): Domain => int(0, 255);
/** Any safe-integer `number`. */
export const safeInt = (): Domain => int(-(2 ** 53 - 1), 2 ** 53 - 1);
/** A `bigint` in [min, max]; omit a bound for an unbounded side. */
export function big(min?: bigint, max?: bigint): Domain {
  return { kind: 'bigint', min, max };
}
/** A `bigint` in the int64 range (CAmount, int64_t). */
export const int64 = (): Domain => big(-(2n ** 63n), 2n ** 63n - 1n);
/** A `bigint` in [0, 2^256 - 1] (arith_uint256). */
export const uint256 = (): Domain => big(0n, 2n ** 256n - 1n);
export const bool = (): Domain => ({ kind: 'boolean' });
/** A fixed-size tuple of `n` values of one domain. */
export function tuple(n: number, item: Domain): Domain {
  return { kind: 'tuple', items: Array.from({ length: n }, () => item) };
}
/** A `Uint8Array` of exactly `length` symbolic bytes (modelled as a tuple of bytes). */
export function bytes(length: number): Domain {
  return { kind: 'bytes', length };
}
export function record(fields: Record<string, Domain>): Domain {
  return { kind: 'record', fields };
}
/** Any string, compared only by `===`: what a map key or an identifier needs, never its text. */
export const str = (): Domain => ({ kind: 'string' });
/** A `ReadonlyMap` of 0 to `size` entries with distinct keys (strings or numbers) in any order. */
export function map(size: number, key: Domain, value: Domain): Domain {
  if (!Number.isSafeInteger(size) || size < 0 || size > 16) throw new Error(`map(${size}, ...): the size bound must be an integer in [0, 16]`);
  if (key.kind !== 'string' && key.kind !== 'number' && key.kind !== 'bigint') throw new Error(`map(${size}, ...): keys must be strings, numbers or bigints (JavaScript compares other keys by identity)`);
  return { kind: 'map', size, key, value };
}

// Inputs are read back as `any`-free loose values; proofs destructure what they declared.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Inputs = Readonly<Record<string, any>>;

/**
 * A case split on one integer of the inputs, by ranges: every check is proved once per case,
 * translated with that integer narrowed to the case's range (fixed, when the range is one value).
 */
export interface SplitCases {
  /** An input name, or `name[i]`: byte i of a `bytes` input or number item i of a `tuple` input. */
  readonly on: string;
  /**
   * [min, max] ranges in ascending order that together are exactly the integer's domain, with no
   * gap or overlap (the runner checks this, so a split never weakens the statement). At most 64.
   */
  readonly cases: readonly (readonly [number, number])[];
}

export interface ProofOptions {
  /** The kernel function the proof is about (coverage and the report link to it). */
  readonly fn: (...args: never[]) => unknown;
  /** SPEC.md section, e.g. '§4.2'. */
  readonly spec: string;
  /** One line in words for the report. */
  readonly statement: string;
  readonly inputs: Readonly<Record<string, Domain>>;
  readonly requires?: (inputs: Inputs) => boolean;
  readonly ensures: (inputs: Inputs) => boolean;
  /** Named reachability points: each must be satisfiable under the assumptions. */
  readonly covers?: Readonly<Record<string, (inputs: Inputs) => boolean>>;
  /**
   * A case split, for proofs z3 finds easy per case and hard as one query: the name of a `number`
   * input with at most 64 values (every check is proved once per value, translated with the input
   * fixed to it), or ranges of one integer of the inputs (SplitCases).
   */
  readonly split?: string | SplitCases;
  /** Loop unwinding bound for loops in the proof's own arrows (kernel functions use `@unwind N`). */
  readonly unwind?: number;
  /** Deterministic solver budget (z3 rlimit) per query. */
  readonly rlimit?: number;
  /** Wall-clock backstop per query, ms. */
  readonly timeoutMs?: number;
  /**
   * Each conjunct of the ensures (nested `&&`s) is its own check: all hold iff the ensures does.
   * For byte layouts, whose one large check is many small ones (harness/runner/build.ts).
   */
  readonly splitEnsures?: boolean;
  /**
   * Up to 16 checks of a case are solved in one z3 context, the assumptions asserted once and each
   * check in a push/pop scope (harness/pool.ts); a check undetermined there is solved again alone.
   * For many small checks over large assumptions; a loss for some proofs, hence per proof.
   */
  readonly sharedContext?: boolean;
  /**
   * The goals of a case are printed together, in texts of up to 64 (harness/runner/build.ts
   * GOALS_PER_TEXT) whose common subterms are written once; a worker reads each text once and
   * solves each goal in a fresh solver of that context. For proofs with many checks over large
   * path conditions (ConnectBlock's), where z3 spent most of its time reading each query's
   * text; per proof, like `sharedContext` (which it excludes). A check undetermined there is
   * solved again alone.
   */
  readonly sharedText?: boolean;
  /**
   * Each check is its own query from the start, with no case query first (harness/runner/build.ts):
   * for proofs whose case queries z3 cannot decide within CASE_RLIMIT (harness/runner/solve.ts),
   * arithmetic-heavy ones (DER integers, numeric opcodes) whose checks are easier one by one.
   */
  readonly checksAlone?: boolean;
  /**
   * z3's arithmetic solver for the proof's queries (`arith.solver`, part of the cache key):
   * 'lra', z3's default (6), or 'simplex', its older simplex-based theory_arith (2). Proofs of
   * byte layouts (integers cut into base-256 digits by div/mod) and of preimages built from them
   * take a fraction of the time with 'simplex' (i64le's layout 23.8 s at 978 K rlimit with lra,
   * 0.9 s at 5.4 M with simplex); others take far longer or exhaust their budget with it (the key
   * bit reads 2 s against 23 s), hence per proof. The boundary covers always use 'lra'.
   */
  readonly arithSolver?: 'lra' | 'simplex';
  /**
   * 'eager': z3's `relevancy` 0 (every theory atom asserted, not only those relevant to the
   * current assignment) and `arith.propagation_mode` 0 (no bound propagation), part of the cache
   * key. OP_MIN/OP_MAX on 4-byte elements: 38.8 s at 2.3 M rlimit with the defaults, 8.8 s at
   * 1.6 M eager; the same setting for every proof leaves the i64le and u32le contracts UNKNOWN
   * and the DER proofs 2 to 5 times slower, hence per proof.
   */
  readonly solverTuning?: 'eager';
  /**
   * A contract (CI.md, "Contracts"): the proof discharges every obligation of `fn` for every
   * argument in its inputs' domains (one bounded integer input per parameter, named as the
   * parameter, no `requires`). Other proofs then check only that `fn`'s arguments are in those
   * domains where they call it, and stand only while this proof is PROVED.
   */
  readonly contract?: boolean;
  /** Axioms the proof relies on, by name (listed in the report). */
  readonly axioms?: readonly string[];
}

export const PROOF_MARK = Symbol.for('bllvm.proof');

export interface ProofRecord {
  readonly [PROOF_MARK]: true;
  readonly name: string;
  readonly options: ProofOptions;
}

/** Declares a proof. Export the result: `export const subsidyCap = proof('...', {...})`. */
export function proof(name: string, options: ProofOptions): ProofRecord {
  return { [PROOF_MARK]: true, name, options };
}

export function isProofRecord(value: unknown): value is ProofRecord {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PROOF_MARK] === true;
}
