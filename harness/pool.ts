/** A pool of worker threads, each with its own z3 instance, solving SMT-LIB query batches. */
import { Worker } from 'node:worker_threads';
import type { ProofOptions } from './dsl.js';

export interface Query {
  readonly smt: string;
  /**
   * For each assertion of `smt` in order, z3's structural hash of the term printed
   * (harness/runner/smt-print.ts): the worker refuses a text whose assertions read back otherwise
   * (QueryResult.misread). A shared query's assumptions are the first, its goal the second.
   */
  readonly digests: readonly number[];
  /**
   * The query as its case's assumptions and its goal (harness/runner/build.ts): consecutive
   * queries with the same assumptions in one batch are solved in one z3 context (below).
   */
  readonly shared?: { readonly assumptions: string; readonly goal: string };
  /**
   * The query as goal `index` of a batch text (`smt`, harness/runner/smt-print.ts batchText):
   * consecutive queries of one batch text are solved in one z3 context that reads the text once,
   * each goal in a fresh solver of its own (below).
   */
  readonly sharedText?: { readonly index: number };
  /**
   * false: a shared goal undetermined in its context stays undetermined (the boundary covers,
   * which try other proofs and a larger budget instead). Default: solved again alone.
   */
  readonly retryAlone?: boolean;
  /** The solver parameters of this query; default SOLVER_PARAMS. */
  readonly params?: SolverParams;
  /**
   * true: a sat answer carries the model's constants (a check's counterexample). Other queries
   * (case queries, covers, vacuity, boundary covers) need only sat or unsat: the worker reads no
   * model for them.
   */
  readonly model?: boolean;
  /** The budget that decides: z3 resource units (deterministic for a given query text). */
  readonly rlimit: number;
  /** The query's wall-clock backstop, ms, kept by the pool (far above what the rlimit allows). */
  readonly timeoutMs: number;
}

/**
 * The solver every query runs on (part of the proof cache key): z3's simple solver, the SMT core
 * without the tactic portfolio. z3's default solver picks a tactic by the query's logic, and
 * those portfolios have wall-clock stages (QF_NIA: an SMT attempt for 2 s; bounded QF_LIA: 5 s,
 * 5 s, 15 s) whose outcome, and so the rlimit spent and possibly the verdict, depends on machine
 * load: the supply induction spent 11.1 M rlimit quiet and 9.4 M beside a busy loop. With the
 * simple solver the rlimit of each of the suite's 723 queries is the same quiet and busy, and
 * the suite needs 15 s of solver time instead of 31 s (3.7 M rlimit instead of 19.1 M).
 */
export const SOLVER_KIND = 'simple';

/**
 * Solver parameters of every query (part of the proof cache key).
 * `arith.enable_hnf`: z3's Hermite-normal-form cuts cost CPU time that z3 does not count in its
 * rlimit (measured: a BIP34 query with 620,518 rlimit took 10.8 s with them and 0.8 s without,
 * with 575,670 rlimit), so with them a query's time is not bounded by its rlimit budget. Without
 * them rlimit tracks time (the simple solver on the suite: 23 s with them, 15 s without).
 */
export const SOLVER_PARAMS: SolverParams = { 'arith.enable_hnf': false };

export type SolverParams = Readonly<Record<string, boolean | number>>;

/**
 * SOLVER_PARAMS with a proof's arithmetic solver (ProofOptions.arithSolver: 'simplex' is z3's
 * arith.solver 2) and tuning (ProofOptions.solverTuning: 'eager' is relevancy 0 and
 * arith.propagation_mode 0).
 */
export function solverParamsFor(arithSolver: ProofOptions['arithSolver'], tuning?: ProofOptions['solverTuning']): SolverParams {
  return {
    ...SOLVER_PARAMS,
    ...(arithSolver === 'simplex' ? { 'arith.solver': 2 } : {}),
    ...(tuning === 'eager' ? { relevancy: 0, 'arith.propagation_mode': 0 } : {}),
  };
}

/** A backstop's length as its messages write it: whole seconds from 1 s up, else ms. */
export function backstopText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** How the reason of a query the pool's backstop cut begins (harness/runner/verdict.ts tells it from z3's). */
export const BACKSTOP_REASON = 'wall-clock backstop';

export interface QueryResult {
  readonly result: 'sat' | 'unsat' | 'unknown';
  readonly ms: number;
  readonly rlimit: number;
  readonly reason?: string;
  readonly model?: Readonly<Record<string, string>>;
  /** true: the worker read the text as other terms than those printed (their digests differ): a printer bug, never an answer. */
  readonly misread?: boolean;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** Batches posted to the worker and not yet answered in full (at most PIPELINE_DEPTH). */
  inflight: number;
  /** Queries answered since the worker started. */
  answered: number;
  /** Past QUERIES_PER_WORKER: takes no new batch, and is replaced once its last one is answered. */
  retiring: boolean;
  /**
   * The worker that replaces a retiring one, started as it retires: it loads z3 (about 0.7 s)
   * while the old one answers its queued batches, so the slot does not wait for it afterwards.
   */
  successor?: { readonly worker: Worker; readonly ready: Promise<void> };
}

/**
 * A worker is replaced after this many queries (about 20 proofs of the suite): wasm memory never
 * shrinks, and fragments. A new worker costs about 0.4 s of CPU (z3's module and its first
 * query); with 320 a cold `prove` started 48 of them. With 1000: 150.8 and 156.2 s wall against
 * 158.6 and 166.1 s, 5-12 s less user CPU, the same peak memory (2.6-2.7 GB for the process).
 */
const QUERIES_PER_WORKER = 1000;

/**
 * Batches a worker holds at once: the one it solves and up to 7 more, queued in its message port.
 * Batches are handed out on the main thread, which translates proofs synchronously for seconds
 * at a time; with one batch per worker, a worker that finished waited for the translation to end
 * before it got the next (measured over a cold `prove`: the workers used 0.35 of a core while
 * the main thread translated, for 110 s). A worker solves the batches of one message each in their
 * own contexts, in the order posted, so the queue changes no answer. Measured on a cold `prove`:
 * with 8 the workers used 0.6 of a core while the main thread translated, and the run took 201 s
 * against 206 s with 2 and 211-214 s with 1 (single runs; the total CPU is the same, so the
 * main thread's translation is the bound). `solveUntil` keeps one batch per worker: the batches
 * queued behind the one that meets `enough` would be solved for nothing.
 */
const PIPELINE_DEPTH = 8;

/**
 * `solveSpread` cuts a proof's queries into batches of at most this many, so that the workers
 * share a long proof (the 41..80-byte BIP66 proof, 38 queries of up to 11 s, was the last 45 s of
 * the suite on one worker while the other had nothing to do).
 */
const QUERIES_PER_BATCH = 4;

/**
 * Consecutive queries of one case (the same assumptions) go to a worker as one batch of up to this
 * many, solved in one z3 context: the assumptions are asserted and internalized once, and each
 * goal is checked in a push/pop scope with its own rlimit budget (harness/z3-worker.mjs). Measured
 * on the BIP143 preimage proof's first case (65 checks): 155 ms a check in a fresh context each,
 * 8 ms in one context but for its ensures. A goal's answer can depend on the goals checked before
 * it in the context (z3 keeps lemmas and variable activity across checks), so the grouping is a
 * function of the query list alone, and part of the proof cache key (harness/runner/cache.ts).
 */
export const QUERIES_PER_CONTEXT = 16;

/** How queries are solved (part of the proof cache key): grouped by case in contexts of QUERIES_PER_CONTEXT, an undetermined goal again alone. */
export const SOLVING_MODE = `incremental/${QUERIES_PER_CONTEXT}, undetermined goals again in a fresh context`;

/**
 * Queries cut into batches, each with the index of its first query: runs of consecutive queries
 * with the same shared assumptions in batches of at most QUERIES_PER_CONTEXT, the others in
 * batches of at most QUERIES_PER_BATCH. A function of the queries alone (not of the workers).
 */
function batchesOf(queries: readonly Query[]): { readonly from: number; readonly queries: readonly Query[] }[] {
  const out: { readonly from: number; readonly queries: readonly Query[] }[] = [];
  let i = 0;
  while (i < queries.length) {
    const first = queries[i] as Query;
    const assumptions = first.shared?.assumptions;
    let end = i + 1;
    if (first.sharedText !== undefined) {
      // A batch text's goals, as the builder cut them (at most GOALS_PER_TEXT, harness/runner/build.ts).
      while (end < queries.length && queries[end]?.sharedText !== undefined && queries[end]?.smt === first.smt) end++;
    } else if (assumptions === undefined) {
      while (end < queries.length && end - i < QUERIES_PER_BATCH && queries[end]?.shared === undefined && queries[end]?.sharedText === undefined) end++;
    } else {
      while (end < queries.length && end - i < QUERIES_PER_CONTEXT && queries[end]?.shared?.assumptions === assumptions) end++;
    }
    out.push({ from: i, queries: queries.slice(i, end) });
    i = end;
  }
  return out;
}

/**
 * A query as the worker takes it: a goal continuing the previous query's assumptions or batch text
 * carries no copy of them.
 */
interface WorkerQuery {
  /** A query's whole text; not sent for a case's goal (`goal`), whose text alone is its case's assumptions and it. */
  readonly smt?: string;
  /** The digests the worker checks the texts against, one per assertion: a case's goal carries both the assumptions' and its own, also when it continues its run; a batch text's come with its first goal. */
  readonly digests?: readonly number[];
  /** A batch text (sent with its first goal) and the goal's index in it. */
  readonly text?: string;
  readonly goalIndex?: number;
  readonly rlimit: number;
  readonly assumptions?: string;
  readonly goal?: string;
  readonly continues?: boolean;
  readonly retryAlone?: boolean;
  readonly params?: SolverParams;
  readonly model?: boolean;
}

function workerQueries(queries: readonly Query[]): WorkerQuery[] {
  return queries.map((q, i): WorkerQuery => {
    const options = { rlimit: q.rlimit, ...(q.retryAlone === false ? { retryAlone: false } : {}), ...(q.params !== undefined ? { params: q.params } : {}), ...(q.model === true ? { model: true } : {}) };
    const prev = queries[i - 1];
    if (q.sharedText !== undefined) {
      const continues = prev?.sharedText !== undefined && prev.smt === q.smt && prev.rlimit === q.rlimit && prev.params === q.params;
      return continues ? { ...options, goalIndex: q.sharedText.index, continues } : { ...options, goalIndex: q.sharedText.index, text: q.smt, digests: q.digests };
    }
    if (q.shared === undefined) return { smt: q.smt, digests: q.digests, ...options };
    const continues = prev?.shared?.assumptions === q.shared.assumptions && prev.rlimit === q.rlimit && prev.params === q.params;
    const base = { digests: q.digests, ...options };
    return continues ? { ...base, goal: q.shared.goal, continues } : { ...base, assumptions: q.shared.assumptions, goal: q.shared.goal };
  });
}

const WORKER_URL = new URL('./z3-worker.mjs', import.meta.url);

export class SolverPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    const ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: { type: string }): void => {
        if (m.type === 'ready') {
          worker.off('message', onMsg);
          resolve();
        }
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
    return { worker, ready, inflight: 0, answered: 0, retiring: false };
  }

  /** The slot with the fewest batches in flight, below `depth` (an idle one first). */
  private async acquire(depth: number): Promise<Slot> {
    for (;;) {
      let best: Slot | undefined;
      for (const s of this.slots) if (!s.retiring && s.inflight < depth && (best === undefined || s.inflight < best.inflight)) best = s;
      if (best !== undefined) {
        best.inflight += 1;
        return best;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private release(slot: Slot, queries: number): void {
    slot.inflight -= 1;
    slot.answered += queries;
    if (slot.answered >= QUERIES_PER_WORKER && !slot.retiring) {
      slot.retiring = true;
      slot.successor = this.spawn();
      // Its failure to start surfaces when the slot waits for it (solveBatch), not as an unhandled rejection now.
      slot.successor.ready.catch(() => undefined);
    }
    if (slot.retiring && slot.inflight === 0) this.replace(slot);
    // Every waiter looks again (a released slot may take one, a retired one none).
    for (const wake of this.waiting.splice(0)) wake();
  }

  /**
   * Solves a batch on one worker, in order. `onStart` runs when the batch is handed to a worker
   * (possibly queued there behind others: PIPELINE_DEPTH).
   * Each query's `timeoutMs` is its wall-clock backstop, far above what its rlimit allows (the
   * rlimit decides verdicts): a query unanswered that long is UNKNOWN, its worker is stopped and
   * replaced, and the rest of the batch goes on in the new worker (so is a query whose worker
   * failed). z3 itself has no timeout (harness/z3-worker.mjs): its timer thread cost a quarter of
   * the solving time.
   */
  solve(queries: readonly Query[], onStart?: () => void): Promise<QueryResult[]> {
    return this.solveBatch(queries, PIPELINE_DEPTH, onStart);
  }

  /** solve, on a worker holding fewer than `depth` batches; skipped (no answers) when `skipIf` holds as a worker takes it. */
  private async solveBatch(queries: readonly Query[], depth: number, onStart?: () => void, skipIf?: () => boolean): Promise<QueryResult[]> {
    const slot = await this.acquire(depth);
    const results: QueryResult[] = [];
    try {
      // Skipped when the caller no longer needs the batch by the time a worker is free.
      if (skipIf?.() === true) return [];
      await slot.ready;
      onStart?.();
      while (results.length < queries.length) {
        const worker = slot.worker;
        const rest = queries.slice(results.length);
        const answered = await this.solveOn(slot, rest);
        results.push(...answered.results);
        if (answered.failure !== undefined) {
          // A batch queued behind one whose worker failed never started: it goes to the fresh worker whole.
          // Else the query the worker did not answer is UNKNOWN, and the rest goes on in a fresh worker.
          if (answered.started) results.push({ result: 'unknown', ms: 0, rlimit: 0, reason: answered.failure });
          this.replaceIfStill(slot, worker);
          await slot.ready;
        }
      }
      return results;
    } finally {
      this.release(slot, results.length);
    }
  }

  /** Stops the slot's worker and puts its successor, or a fresh one, in its place. */
  private replace(slot: Slot): void {
    void slot.worker.terminate();
    const fresh = slot.successor ?? this.spawn();
    slot.successor = undefined;
    slot.worker = fresh.worker;
    slot.ready = fresh.ready;
    slot.answered = 0;
    slot.retiring = false;
  }

  /** replace, unless another batch of the failed worker already replaced it. */
  private replaceIfStill(slot: Slot, failed: Worker): void {
    if (slot.worker === failed) this.replace(slot);
  }

  /**
   * Sends `queries` to the slot's worker and collects its answers, in order, until all are in or
   * the worker fails on one: unanswered within its backstop (armed when the worker starts the
   * batch, then as each answer comes in), an error, or an exit (`failure` says which; the answers
   * before it stand; `started` whether the worker had taken the batch).
   */
  private solveOn(slot: Slot, queries: readonly Query[]): Promise<{ results: QueryResult[]; failure?: string; started: boolean }> {
    const id = this.nextId++;
    const worker = slot.worker;
    return new Promise((resolve) => {
      const results: QueryResult[] = [];
      let started = false;
      let timer: NodeJS.Timeout | undefined;
      const detach = (): void => {
        clearTimeout(timer);
        worker.off('message', onMsg);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (failure: string): void => {
        detach();
        resolve({ results, failure, started });
      };
      const arm = (): void => {
        clearTimeout(timer);
        const ms = (queries[results.length] as Query).timeoutMs;
        timer = setTimeout(() => fail(`${BACKSTOP_REASON}: no answer in ${backstopText(ms)} (the worker was stopped)`), ms);
      };
      const onError = (e: Error): void => fail(`z3 worker failed: ${e.message}`);
      const onExit = (code: number): void => fail(`z3 worker exited (code ${code})`);
      const onMsg = (m: { type: string; id?: number; index?: number; result?: QueryResult }): void => {
        if (m.id !== id) return;
        if (m.type === 'start') {
          started = true;
          arm();
          return;
        }
        if (m.type !== 'answer' || m.result === undefined) return;
        results.push(m.result);
        if (results.length < queries.length) {
          arm();
          return;
        }
        detach();
        resolve({ results, started });
      };
      if (queries.length === 0) {
        resolve({ results, started });
        return;
      }
      worker.on('message', onMsg);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ type: 'solve', id, queries: workerQueries(queries), solver: SOLVER_KIND, params: SOLVER_PARAMS });
    });
  }

  /**
   * Solves a proof's queries as batches of at most QUERIES_PER_BATCH, each on whichever worker is
   * free, and returns the answers in the queries' order. A batch runs in its own z3 context(s)
   * (harness/z3-worker.mjs), so its answers do not depend on the worker or on what it solved before.
   * `onStart` runs once, when a worker takes the first batch.
   */
  async solveSpread(queries: readonly Query[], onStart?: () => void): Promise<QueryResult[]> {
    const batches = batchesOf(queries).map((b) => b.queries);
    let started = false;
    const start = (): void => {
      if (started) return;
      started = true;
      onStart?.();
    };
    if (batches.length <= 1) return this.solve(queries, start);
    return (await Promise.all(batches.map((b) => this.solve(b, start)))).flat();
  }

  /**
   * Solves queries in the given order as batches of at most QUERIES_PER_BATCH, like solveSpread,
   * until an answer meets `enough`: batches no worker has taken by then are not solved (their
   * answers are undefined). The mutation score stops a mutant's proof at its first failed check.
   */
  async solveUntil(queries: readonly Query[], enough: (answer: QueryResult, index: number) => boolean): Promise<(QueryResult | undefined)[]> {
    let done = false;
    const batches = batchesOf(queries);
    const answers: (QueryResult | undefined)[] = queries.map(() => undefined);
    await Promise.all(
      batches.map(async (b) => {
        const got = await this.solveBatch(b.queries, 1, undefined, () => done);
        got.forEach((a, j) => {
          answers[b.from + j] = a;
          if (enough(a, b.from + j)) done = true;
        });
      }),
    );
    return answers;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.flatMap((slot) => [slot, ...(slot.successor !== undefined ? [slot.successor] : [])]).map((w) => stopWorker(w)));
  }
}

/** Stops a worker once it is ready: its z3 threads released (the 'stop' message), then terminated. */
async function stopWorker(w: { readonly worker: Worker; readonly ready: Promise<void> }): Promise<void> {
  try {
    await w.ready;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 6000);
      w.worker.once('message', () => {
        clearTimeout(t);
        resolve();
      });
      w.worker.postMessage({ type: 'stop' });
    });
  } finally {
    await w.worker.terminate();
  }
}
