/**
 * Script checks on worker threads (Core's CCheckQueue): the kernel hands a block's script checks
 * over as independent jobs (connectBlock's onScriptCheck, or its scriptChecks with verifyScripts
 * false), and this pool runs them on N threads in contiguous batches, sent as they fill
 * (`stream`) to every worker: the first worker free claims each batch (script-worker.ts), so the
 * workers balance themselves while the main thread, busy connecting the block, reads no answer
 * (Core's CCheckQueue workers also take jobs from one shared queue). The verdict is the same
 * as checking in order on one thread: all pass, or the failure of the lowest transaction index
 * (each batch stops at its first failure; the pool takes the lowest over all batches).
 * Batches hold about equal numbers of inputs and travel as flat arrays in shared memory
 * (script-batch.ts); the workers verify with the pool's signature backend (select-backend.ts:
 * native libsecp256k1 where it loads).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Result, err, ok } from '../../kernel/result.js';
import type { ScriptCheck } from '../../kernel/validation/connect-block.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';
import { type BackendChoice, selectSecp256k1Backend } from '../crypto/select-backend.js';
import { encodeScriptBatch } from './script-batch.js';
import type { ScriptBatchAnswer, ScriptBatchRequest, ScriptWorkerData } from './script-worker.js';

/** Batches per worker for a block whose checks are all known (`run`): enough to balance uneven transactions, few enough to keep messaging cheap. */
const BATCHES_PER_WORKER = 8;
/** Inputs per batch of a stream: measured on block 928816 with 2 workers, 64: 574 ms, 128: 545, 256: 538, 512: 535 (10-15 ms of verification against well under one of messaging). */
const STREAM_BATCH_INPUTS = 256;
/**
 * A stream's first batch: the batch size starts here and doubles up to its full size, so the
 * workers start while the main thread is still early in the block (a full first batch of 256
 * inputs is a fifth of block 300025's connect work spent with both workers idle).
 */
const STREAM_FIRST_BATCH_INPUTS = 16;

/** Parts per worker of a stream's rest at `finish`: the workers claim them, so a worker free early takes more. */
const REST_PARTS_PER_WORKER = 2;

/** A worker thread of `script-worker`: from a checkout (TypeScript sources) through tsx (ts-bootstrap.mjs), installed the compiled .js. */
function startWorker(data: ScriptWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./script-worker.js', import.meta.url), { workerData: data });
  return new Worker(new URL('./ts-bootstrap.mjs', import.meta.url), { workerData: { ...data, entry: new URL('./script-worker.ts', import.meta.url).href } });
}

/** The verdict of a block's batches: ok, or the failure with the lowest transaction index (what checking in order finds first). */
function firstFailure(answers: readonly ScriptBatchAnswer[]): Result<void, BlockValidationError> {
  const failures = answers.flatMap((a) => (a.failure === undefined ? [] : [a.failure])).sort((a, b) => a.txIndex - b.txIndex);
  const first = failures[0];
  return first === undefined ? ok(undefined) : err(first.error);
}

/** A block's script checks handed to the pool while the block is connected (ScriptCheckPool.stream). */
export interface ScriptCheckStream {
  add(check: ScriptCheck): void;
  finish(): Promise<Result<void, BlockValidationError>>;
}

export class ScriptCheckPool {
  private readonly workers: Worker[] = [];
  private readonly started: Promise<void>[] = [];
  private readonly pending = new Map<number, { resolve: (answer: ScriptBatchAnswer) => void; reject: (e: Error) => void }>();
  private closing = false;
  private nextId = 1;

  /** `threads` workers (default: the number of cores), verifying with `backend` (default: select-backend.ts's choice). */
  constructor(
    readonly threads: number = os.availableParallelism(),
    readonly backend: Exclude<BackendChoice, 'auto'> = selectSecp256k1Backend().kind,
  ) {
    for (let i = 0; i < threads; i++) {
      const w = startWorker({ backend });
      // Each worker says 'ready' once loaded; a worker that fails first rejects (caught here, seen by ready()).
      const started = new Promise<void>((resolve, reject) => {
        const onMessage = (m: unknown): void => {
          if (typeof m === 'object' && m !== null && 'ready' in m) {
            w.off('message', onMessage);
            resolve();
          }
        };
        w.on('message', onMessage);
        w.once('error', reject);
      });
      started.catch(() => undefined);
      this.started.push(started);
      w.on('message', (answer: ScriptBatchAnswer | { readonly ready: true }) => {
        if ('ready' in answer) return;
        const waiting = this.pending.get(answer.id);
        this.pending.delete(answer.id);
        if (this.pending.size === 0) this.setRef(false);
        waiting?.resolve(answer);
      });
      // A worker that fails to start or dies fails every batch in flight: a crash is never a pass.
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.failAll(new Error(`script worker exited with code ${code}`));
      });
      w.unref();
      this.workers.push(w);
    }
  }

  /** Resolves when every worker has loaded (its modules and signature backend); rejects if one fails to start. */
  async ready(): Promise<void> {
    this.setRef(true);
    try {
      await Promise.all(this.started);
    } finally {
      if (this.pending.size === 0) this.setRef(false);
    }
  }

  /** Workers keep the process alive only while a batch is in flight (an idle pool never holds a CLI run open). */
  private setRef(busy: boolean): void {
    for (const w of this.workers) {
      if (busy) w.ref();
      else w.unref();
    }
  }

  /** Sends a batch (in shared memory, script-batch.ts) to every worker with one shared claim: the first worker free runs it. */
  private submit(checks: readonly ScriptCheck[]): Promise<ScriptBatchAnswer> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.setRef(true);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const batch = encodeScriptBatch(checks);
      const claim = new Int32Array(new SharedArrayBuffer(4));
      for (const w of this.workers) w.postMessage({ id, batch, claim } satisfies ScriptBatchRequest);
    });
  }

  private failAll(e: Error): void {
    for (const { reject } of this.pending.values()) reject(e);
    this.pending.clear();
    this.setRef(false);
  }

  /**
   * Runs every check of a block known at once: a stream with batches sized to give each worker
   * about BATCHES_PER_WORKER. Ok, or the failure with the lowest transaction index; rejects if a
   * worker dies.
   */
  async run(checks: readonly ScriptCheck[]): Promise<Result<void, BlockValidationError>> {
    let inputs = 0;
    for (const c of checks) inputs += c.tx.inputs.length;
    const stream = this.stream(Math.max(1, Math.ceil(inputs / (this.workers.length * BATCHES_PER_WORKER))));
    for (const c of checks) stream.add(c);
    return stream.finish();
  }

  /**
   * Checks handed over one by one while a block is being connected (connectBlock's
   * `onScriptCheck`; Core's CCheckQueueControl): every `batchInputs` inputs go out as a batch
   * at once, so the workers verify while the main thread goes on with the block. Answers are not
   * read until `finish` (the main thread is busy connecting), so each batch goes to every worker
   * and the first one free runs it. Batches start at STREAM_FIRST_BATCH_INPUTS inputs and double
   * up to `batchInputs`. `finish` sends the rest, split at transaction boundaries into
   * REST_PARTS_PER_WORKER parts per worker (a worker that finishes early takes more of them), and
   * gives run's verdict: ok, or the failure with the lowest transaction index. A stream never
   * finished (the block failed another rule) leaves its batches to complete unread.
   */
  stream(batchInputs: number = STREAM_BATCH_INPUTS): ScriptCheckStream {
    const answers: Promise<ScriptBatchAnswer>[] = [];
    let current: ScriptCheck[] = [];
    let inputs = 0;
    let threshold = Math.min(batchInputs, STREAM_FIRST_BATCH_INPUTS);
    const sendBatch = (checks: ScriptCheck[]): void => {
      const answer = this.submit(checks);
      // Read by finish; a stream dropped unfinished must not leave a worker's failure unhandled.
      answer.catch(() => undefined);
      answers.push(answer);
    };
    const send = (): void => {
      if (current.length === 0) return;
      sendBatch(current);
      current = [];
      inputs = 0;
      threshold = Math.min(batchInputs, threshold * 2);
    };
    /** The rest as contiguous parts of about equal inputs, REST_PARTS_PER_WORKER per worker (fewer when fewer transactions). */
    const sendRest = (): void => {
      const parts = Math.min(this.workers.length * REST_PARTS_PER_WORKER, current.length);
      let from = 0;
      let done = 0;
      let closed = 0;
      current.forEach((check, i) => {
        done += check.tx.inputs.length;
        // Part k (from 1) closes once the inputs so far reach k/parts of the rest.
        if (closed < parts - 1 && done * parts >= inputs * (closed + 1)) {
          sendBatch(current.slice(from, i + 1));
          from = i + 1;
          closed++;
        }
      });
      if (from < current.length) sendBatch(current.slice(from));
      current = [];
      inputs = 0;
    };
    return {
      add: (check) => {
        current.push(check);
        inputs += check.tx.inputs.length;
        if (inputs >= threshold) send();
      },
      finish: async () => {
        sendRest();
        return firstFailure(await Promise.all(answers));
      },
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
