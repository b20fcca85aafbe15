// One z3 instance per worker thread (z3-solver serialises check() per module instance).
// Receives batches of SMT-LIB queries and answers each with sat/unsat/unknown, the rlimit count
// it used and, for sat when the query asks (`model`), the model's constants; posts one 'answer'
// per query as it finishes.
//
// A query runs in a fresh z3 context, deleted after it, unless it is a goal continuing the
// previous query's assumptions (harness/pool.ts, QUERIES_PER_CONTEXT): then the batch's context,
// opened with those assumptions, checks it in a push/pop scope with its own rlimit budget. An
// answer is a function of the batch (its texts, in order), never of what the worker solved before
// it (the verdict; the rlimit count of a nonlinear query can move by a few units with the state of
// the worker's heap: 5,699 to 5,712 for one of the consensus threshold's, whose budget is 20 M);
// a goal undetermined in the shared context is solved again alone in a fresh one (unless the
// query says `retryAlone: false`). A query's own `params` replace the batch's solver parameters.
// A goal of a batch text (`goalIndex`, harness/runner/smt-print.ts batchText) is solved in a
// fresh solver of a context that read the text once for the batch's goals (`sharedText`).
//
// Every text is read through a z3 parser context and checked before its assertions are asserted:
// each assertion's structural hash (Z3_get_ast_hash) must be the digest the printer sent for it
// (harness/runner/smt-print.ts readBackDigest), so a text that does not mean the terms printed
// is refused (`misread`, never retried) instead of answered.
//
// This uses z3's low-level API with explicit reference counts, never the high-level one: the
// high-level API releases objects from a FinalizationRegistry, that is whenever the garbage
// collector decides, and a release that lands while `check` runs on z3's thread races with it
// on the same context (z3 contexts are not thread-safe): "invalid dec_ref command", wasm
// "unreachable", out-of-bounds accesses. Here nothing is released by the GC, and nothing touches
// a context while its check runs.
import { parentPort } from 'node:worker_threads';
import { killThreads } from 'z3-solver';
import { initZ3 } from './z3-invokers/instantiate.mjs';

// z3's wasm with WebAssembly invokers for calls that may throw, not Emscripten's JavaScript ones (harness/z3-invokers/).
const { Z3, em } = await initZ3();

const Z3_OK = 0;
const L_TRUE = 1;
const L_FALSE = -1;
const CHECK_SAT = '(check-sat)\n';

/** A text whose assertions are not the terms printed: a printer bug, reported as such (QueryResult.misread). */
class Misread extends Error {}

function throwIfError(ctx) {
  const code = Z3.get_error_code(ctx);
  if (code !== Z3_OK) throw new Error(Z3.get_error_msg(ctx, code));
}

/** The context's 'rlimit count' statistic: the resource units z3 spent on the query. */
function rlimitCount(ctx, solver) {
  const st = Z3.solver_get_statistics(ctx, solver);
  Z3.stats_inc_ref(ctx, st);
  try {
    const n = Z3.stats_size(ctx, st);
    for (let i = 0; i < n; i++) {
      if (Z3.stats_get_key(ctx, st, i) !== 'rlimit count') continue;
      return Z3.stats_is_uint(ctx, st, i) ? Z3.stats_get_uint_value(ctx, st, i) : Math.round(Z3.stats_get_double_value(ctx, st, i));
    }
    return 0;
  } finally {
    Z3.stats_dec_ref(ctx, st);
  }
}

/** The model's constants: integers as decimal strings, booleans as 'true'/'false'. */
function modelConstants(ctx, solver) {
  const m = Z3.solver_get_model(ctx, solver);
  throwIfError(ctx);
  Z3.model_inc_ref(ctx, m);
  try {
    const out = {};
    const n = Z3.model_get_num_consts(ctx, m);
    for (let i = 0; i < n; i++) {
      const decl = Z3.model_get_const_decl(ctx, m, i);
      const name = Z3.get_symbol_string(ctx, Z3.get_decl_name(ctx, decl));
      const v = Z3.model_get_const_interp(ctx, m, decl);
      if (v === null) continue;
      if (Z3.is_numeral_ast(ctx, v)) out[name] = Z3.get_numeral_string(ctx, v);
      else {
        const b = Z3.get_bool_value(ctx, v);
        if (b === L_TRUE) out[name] = 'true';
        else if (b === L_FALSE) out[name] = 'false';
      }
    }
    return out;
  } finally {
    Z3.model_dec_ref(ctx, m);
  }
}

/** A solver of `solverKind` in `ctx` whose parameters are the query's own (`q.params`) or else `solverParams`, and the query's budget. */
function openSolver(ctx, q, solverKind, solverParams) {
  // 'simple': the SMT core without tactics, none of which has a wall-clock stage (harness/pool.ts SOLVER_KIND).
  const solver = solverKind === 'simple' ? Z3.mk_simple_solver(ctx) : Z3.mk_solver(ctx);
  throwIfError(ctx);
  Z3.solver_inc_ref(ctx, solver);
  try {
    const params = Z3.mk_params(ctx);
    Z3.params_inc_ref(ctx, params);
    // rlimit is the budget that decides (per check: z3 counts it from the count at the check's start).
    // No z3 timeout: the wall-clock backstop is the pool's (harness/pool.ts), which stops this
    // worker; z3's timeout starts a timer thread for every check, a quarter of the solving time.
    Z3.params_set_uint(ctx, params, Z3.mk_string_symbol(ctx, 'rlimit'), q.rlimit);
    for (const [key, value] of Object.entries(q.params ?? solverParams)) {
      const sym = Z3.mk_string_symbol(ctx, key);
      if (typeof value === 'boolean') Z3.params_set_bool(ctx, params, sym, value);
      else Z3.params_set_uint(ctx, params, sym, value);
    }
    Z3.solver_set_params(ctx, solver, params);
    Z3.params_dec_ref(ctx, params);
    throwIfError(ctx);
    return solver;
  } catch (e) {
    Z3.solver_dec_ref(ctx, solver);
    throw e;
  }
}

/** A fresh z3 context with explicit reference counts. */
function freshContext() {
  const cfg = Z3.mk_config();
  const ctx = Z3.mk_context_rc(cfg);
  Z3.del_config(cfg);
  return ctx;
}

/** A parser context of `ctx` (it keeps the definitions and declarations of the texts it read). */
function openParser(ctx) {
  const pc = Z3.mk_parser_context(ctx);
  throwIfError(ctx);
  Z3.parser_context_inc_ref(ctx, pc);
  return pc;
}

/** A fresh context with a solver for `q` (openSolver) and a parser. */
function openContext(q, solverKind, solverParams) {
  const open = { ctx: freshContext(), solver: 0, pc: 0, declared: new Set() };
  try {
    open.solver = openSolver(open.ctx, q, solverKind, solverParams);
    open.pc = openParser(open.ctx);
    return open;
  } catch (e) {
    closeContext(open);
    throw e;
  }
}

function closeContext(open) {
  if (open?.ctx === undefined) return;
  if (open.solver !== 0) Z3.solver_dec_ref(open.ctx, open.solver);
  if (open.pc !== 0) Z3.parser_context_dec_ref(open.ctx, open.pc);
  Z3.del_context(open.ctx);
}

/**
 * Reads an SMT-LIB text (harness/runner/smt-print.ts) with the parser `pc` of `ctx` and hands its
 * assertions to `use` (alive only during the call), after checking them against the printer's
 * `digests`: as many, and each with z3's structural hash of the term printed.
 */
function readChecked(ctx, pc, text, digests, use) {
  const read = Z3.parser_context_from_string(ctx, pc, text.endsWith(CHECK_SAT) ? text.slice(0, -CHECK_SAT.length) : text);
  throwIfError(ctx);
  Z3.ast_vector_inc_ref(ctx, read);
  try {
    const terms = [];
    for (let i = 0; i < Z3.ast_vector_size(ctx, read); i++) terms.push(Z3.ast_vector_get(ctx, read, i));
    const hashes = terms.map((t) => Z3.get_ast_hash(ctx, t));
    if (digests === undefined || hashes.length !== digests.length || hashes.some((h, i) => h !== digests[i])) {
      throw new Misread(`a printed text reads back as other terms than those printed (hashes ${hashes.join(', ')}, printed ${digests?.join(', ') ?? 'none'})`);
    }
    return use(terms);
  } finally {
    Z3.ast_vector_dec_ref(ctx, read);
  }
}

/** Reads a text (readChecked) and asserts its assertions in the context's solver. */
function assertChecked(open, text, digests) {
  readChecked(open.ctx, open.pc, text, digests, (terms) => {
    for (const t of terms) Z3.solver_assert(open.ctx, open.solver, t);
    throwIfError(open.ctx);
  });
}

/**
 * Asserts an SMT-LIB text of declarations, definitions and one assertion (assertChecked against
 * its one digest): declarations this context already read are left out (its parser keeps them
 * across texts and refuses a second declaration).
 */
function assertText(open, text, digest) {
  const at = text.indexOf('(assert');
  const lines = (at < 0 ? text : text.slice(0, at)).split(/(?<=\n)/).filter((l) => !(l.startsWith('(declare-fun ') && open.declared.has(l)));
  for (const l of lines) if (l.startsWith('(declare-fun ')) open.declared.add(l);
  assertChecked(open, `${lines.join('')}${at < 0 ? '' : text.slice(at)}`, digest === undefined ? undefined : [digest]);
}

/**
 * Checks what the context's solver holds: the answer, with the rlimit counted since `since` (the
 * count before the query's texts were read: z3 counts parsing too, and a fresh context's count
 * starts at 0).
 *
 * The check runs on this thread, through the module's exported Z3_solver_check, not through
 * z3-solver's `Z3.solver_check`: that wrapper starts a pthread for every check (so a browser's main
 * thread never blocks), which cost 2.7-5.3 ms per check against 0.8-1.0 ms here for a one-line
 * query, and 19 % of the suite's solving time (CI.md, "How queries are solved"). A worker
 * thread may block: the pool's backstop stops it. The answer is the same: the same solver,
 * parameters and rlimit count.
 */
function check(open, since, q) {
  // The statistics read once before the check: z3's search depends on the state of its memory
  // allocator, and with this read the texts read through a parser context (readChecked) are
  // solved as Z3_solver_from_string read them before (a cold `prove`: 391 of 395 proofs the same
  // rlimit count; without it 3 proofs UNKNOWN and 36 % more rlimit in all; CI.md "How queries are printed").
  rlimitCount(open.ctx, open.solver);
  const t0 = performance.now();
  const lbool = em._Z3_solver_check(open.ctx, open.solver);
  throwIfError(open.ctx);
  const result = lbool === L_TRUE ? 'sat' : lbool === L_FALSE ? 'unsat' : 'unknown';
  const out = { result, ms: Math.round(performance.now() - t0), rlimit: rlimitCount(open.ctx, open.solver) - since };
  if (result === 'unknown') out.reason = Z3.solver_get_reason_unknown(open.ctx, open.solver);
  if (result === 'sat' && q.model === true) out.model = modelConstants(open.ctx, open.solver);
  return out;
}

const solverError = (e) =>
  e instanceof Misread
    ? { result: 'unknown', ms: 0, rlimit: 0, reason: `misread: ${e.message}`, misread: true }
    : { result: 'unknown', ms: 0, rlimit: 0, reason: `solver error: ${e instanceof Error ? e.message : String(e)}` };

/** A query alone in a fresh context. */
function solveFresh(q, solverKind, solverParams) {
  let open;
  try {
    open = openContext(q, solverKind, solverParams);
    assertChecked(open, q.smt, q.digests);
    return check(open, 0, q);
  } catch (e) {
    return solverError(e);
  } finally {
    closeContext(open);
  }
}

/** A goal in the batch's shared context (`state.open`, opened with the goal's assumptions when it starts a run). */
function solveGoal(state, q, solverKind, solverParams) {
  try {
    let since;
    if (!q.continues) {
      closeContext(state.open);
      state.open = undefined;
      state.open = openContext(q, solverKind, solverParams);
      since = 0;
      assertText(state.open, q.assumptions, q.digests?.[0]);
    }
    const open = state.open;
    since ??= rlimitCount(open.ctx, open.solver);
    Z3.solver_push(open.ctx, open.solver);
    throwIfError(open.ctx);
    try {
      assertText(open, q.goal, q.digests?.[1]);
      return check(open, since, q);
    } finally {
      Z3.solver_pop(open.ctx, open.solver, 1);
    }
  } catch (e) {
    // The context may be unusable: the rest of its run is solved in fresh contexts.
    closeContext(state.open);
    state.open = undefined;
    return solverError(e);
  }
}

/**
 * The terms of a batch text (harness/runner/smt-print.ts batchText), read in a fresh context and
 * checked against its one digest (readChecked): the assumptions' conjunction and each goal, as
 * the arguments of its one assertion's tuple.
 */
function openBatch(text, digests) {
  const batch = { ctx: freshContext(), solver: 0, pc: 0, text, digests, terms: [] };
  const { ctx } = batch;
  try {
    batch.pc = openParser(ctx);
    readChecked(ctx, batch.pc, text, digests, ([root]) => {
      const tuple = Z3.to_app(ctx, root);
      for (let i = 0; i < Z3.get_app_num_args(ctx, tuple); i++) {
        const term = Z3.get_app_arg(ctx, tuple, i);
        Z3.inc_ref(ctx, term);
        batch.terms.push(term);
      }
    });
    return batch;
  } catch (e) {
    closeContext(batch);
    throw e;
  }
}

/**
 * Goal `q.goalIndex` of `batch` in a fresh solver of the batch's context: the assumptions and the
 * goal asserted, checked with the query's budget. The rlimit counted from `since` (0 for the first
 * goal of a batch: reading the text counts too).
 */
function solveBatchGoal(batch, q, solverKind, solverParams, since) {
  const assumptions = batch.terms[0];
  const goal = batch.terms[q.goalIndex + 1];
  if (assumptions === undefined || goal === undefined) throw new Error(`goal ${q.goalIndex} is not in its batch text`);
  const solver = openSolver(batch.ctx, q, solverKind, solverParams);
  try {
    const open = { ctx: batch.ctx, solver };
    since ??= rlimitCount(batch.ctx, solver);
    Z3.solver_assert(batch.ctx, solver, assumptions);
    Z3.solver_assert(batch.ctx, solver, goal);
    throwIfError(batch.ctx);
    return check(open, since, q);
  } finally {
    Z3.solver_dec_ref(batch.ctx, solver);
  }
}

/** A goal of a batch text alone: the text read again in a fresh context. */
function solveBatchGoalAlone(text, digests, q, solverKind, solverParams) {
  let batch;
  try {
    batch = openBatch(text, digests);
    return solveBatchGoal(batch, q, solverKind, solverParams, 0);
  } catch (e) {
    return solverError(e);
  } finally {
    closeContext(batch);
  }
}

/** A goal of the batch text the state holds (`state.batch`, read when the goal starts a run). */
function solveInBatch(state, q, solverKind, solverParams) {
  let since;
  try {
    if (!q.continues) {
      closeContext(state.batch);
      state.batch = undefined;
      state.batch = openBatch(q.text, q.digests);
      since = 0;
    }
    return solveBatchGoal(state.batch, q, solverKind, solverParams, since);
  } catch (e) {
    // The context may be unusable: the rest of its run is solved alone.
    closeContext(state.batch);
    state.batch = { text: state.batch?.text ?? q.text, digests: state.batch?.digests ?? q.digests, broken: true };
    return solverError(e);
  }
}

function solve(state, q, solverKind, solverParams) {
  if (q.goalIndex !== undefined) {
    const [text, digests] = q.continues ? [state.batch?.text, state.batch?.digests] : [q.text, q.digests];
    const contextLost = q.continues && state.batch?.broken === true;
    const shared = contextLost ? undefined : solveInBatch(state, q, solverKind, solverParams);
    if (shared !== undefined && (shared.result !== 'unknown' || shared.misread === true || q.retryAlone === false)) return shared;
    // Undetermined beside its batch's other goals (or its context lost): decided alone.
    const alone = solveBatchGoalAlone(text, digests, q, solverKind, solverParams);
    return shared === undefined ? alone : { ...alone, rlimit: shared.rlimit + alone.rlimit, ms: shared.ms + alone.ms };
  }
  if (q.goal === undefined) {
    closeContext(state.open);
    state.open = undefined;
    return solveFresh(q, solverKind, solverParams);
  }
  // A case's goal alone: the text of its case's assumptions (sent with the run's first goal) and its own.
  if (!q.continues) state.assumptions = q.assumptions;
  const solveAlone = () => solveFresh({ ...q, smt: `${state.assumptions}${q.goal}` }, solverKind, solverParams);
  // A goal whose run lost its context (a solver error) is solved alone, like a query with no shared parts.
  if (q.continues && state.open === undefined) return solveAlone();
  const shared = solveGoal(state, q, solverKind, solverParams);
  if (shared.result !== 'unknown' || shared.misread === true || q.retryAlone === false) return shared;
  // Undetermined beside its case's other goals: decided alone, as every query was before contexts were shared.
  const alone = solveAlone();
  return { ...alone, rlimit: shared.rlimit + alone.rlimit, ms: shared.ms + alone.ms };
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'stop') {
    await killThreads(em);
    parentPort.postMessage({ type: 'stopped' });
    return;
  }
  const state = { open: undefined, batch: undefined, assumptions: undefined };
  // The pool arms its backstop now (a batch can wait in this port behind another, harness/pool.ts).
  parentPort.postMessage({ type: 'start', id: msg.id });
  try {
    for (const [index, q] of msg.queries.entries()) {
      parentPort.postMessage({ type: 'answer', id: msg.id, index, result: solve(state, q, msg.solver, msg.params ?? {}) });
    }
  } finally {
    closeContext(state.open);
    closeContext(state.batch);
  }
});
parentPort.postMessage({ type: 'ready' });
