/**
 * The proof runner: finds proofs/*.proof.ts, translates each proof (and the real kernel code it
 * calls) into SMT queries, answers them on a worker pool with an rlimit budget, caches PROVED
 * results, replays counterexamples on the real TS functions. By concern (harness/runner/):
 *
 * - z3.ts: the main thread's z3 lifecycle;
 * - proof-sites.ts: the ts-morph project, proof files, proof records and their source sites;
 * - build.ts: a proof's translation into one SMT query per check (and `split` cases);
 * - cache.ts: the PROVED-result cache and its key;
 * - verdict.ts, counterexample.ts: verdicts, replay of counterexamples, regression tests;
 * - run.ts: the orchestration;
 * - types.ts: the records (schema `bllvm-proofs/1`).
 */
export { domainText } from './runner/build.js';
export { type Loaded, type ProofSite, createProject, findProofSites, listProofFiles, loadProofs } from './runner/proof-sites.js';
export { runProofs } from './runner/run.js';
export {
  type CheckResult,
  type Counterexample,
  DEFAULT_RLIMIT,
  DEFAULT_TIMEOUT_MS,
  type ProofResult,
  type ProofStatus,
  type RunOptions,
  type RunReport,
} from './runner/types.js';
export { getZ3, shutdownZ3, solverVersion } from './runner/z3.js';
