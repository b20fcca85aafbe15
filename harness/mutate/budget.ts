/**
 * The mutant translation budget's numbers (harness/mutate/run.ts `translationBudget`) and its name
 * in the carry keys (carry.ts), one source for both: a mutant's translation is stopped as ERROR
 * past 4x the unmutated translation's inlined calls, hash applications (each plus
 * CALL_AND_HASH_FLOOR) and z3 term objects (plus MIN_TERM_OBJECTS), or past the fixed caps when
 * those counts are not known.
 */
export const MAX_INLINED_CALLS = 10_000;
export const MAX_HASH_APPLICATIONS = 256;
export const MAX_TERM_OBJECTS = 20_000_000;
export const CALL_AND_HASH_FLOOR = 16;
/**
 * The term budget's floor: 100,000 until 2026-12-06 stopped eight mutants of the SIGHASH_ALL fast
 * path and PrecomputedTransactionData proofs that earlier runs had killed (those proofs make most
 * of their terms after their last inlined call, which the unmutated size is measured at); the
 * translations it exists to stop made over 100 million.
 */
export const MIN_TERM_OBJECTS = 2_000_000;

/** The budget as the carry keys name it (carry.ts): a change to any number above re-runs the outcomes it can decide. */
export const TRANSLATION_BUDGET = `budget/2: 4x inlined calls + ${CALL_AND_HASH_FLOOR}, 4x hash applications + ${CALL_AND_HASH_FLOOR}, 4x z3 term objects + ${MIN_TERM_OBJECTS.toLocaleString('en-US')}`;
