/**
 * Script checks on worker threads (Core's CCheckQueue): the kernel leaves a block's script checks
 * as independent jobs (connectBlock with verifyScripts false), and this pool runs them on N
 * threads in contiguous batches, a few per thread to amortise messaging. The verdict is the same
 * as checking in order on one thread: all pass, or the failure of the lowest transaction index
 * (each batch stops at its first failure; the pool takes the lowest over all batches).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Result, err, ok } from '../../kernel/result.js';
import type { ScriptCheck } from '../../kernel/validation/connect-block.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';
import type { ScriptBatchAnswer, ScriptBatchRequest } from './script-worker.js';

/** Batches per worker per block: enough to balance uneven transactions, few enough to keep messaging cheap. */
const BATCHES_PER_WORKER = 4;

/** A worker thread of `script-worker`: from a checkout (TypeScript sources) through tsx (ts-bootstrap.mjs), installed the compiled .js. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./script-worker.js', import.meta.url));
  return new Worker(new URL('./ts-bootstrap.mjs', import.meta.url), { workerData: { entry: new URL('./script-worker.ts', import.meta.url).href } });
}

export class ScriptCheckPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (answer: ScriptBatchAnswer) => void; reject: (e: Error) => void }>();
  private closing = false;
  private nextId = 1;
  private next = 0;

  /** `threads` workers (default: the number of cores). */
  constructor(readonly threads: number = os.availableParallelism()) {
    for (let i = 0; i < threads; i++) {
      const w = startWorker();
      w.on('message', (answer: ScriptBatchAnswer) => {
        const waiting = this.pending.get(answer.id);
        this.pending.delete(answer.id);
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

  private submit(checks: readonly ScriptCheck[]): Promise<ScriptBatchAnswer> {
    const id = this.nextId++;
    const worker = this.workers[this.next++ % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, checks } satisfies ScriptBatchRequest);
    });
  }

  private failAll(e: Error): void {
    for (const { reject } of this.pending.values()) reject(e);
    this.pending.clear();
  }

  /** Runs every check; ok, or the failure with the lowest transaction index. Rejects if a worker dies. */
  async run(checks: readonly ScriptCheck[]): Promise<Result<void, BlockValidationError>> {
    if (checks.length === 0) return ok(undefined);
    const batches = Math.min(checks.length, this.workers.length * BATCHES_PER_WORKER);
    const size = Math.ceil(checks.length / batches);
    const answers = await Promise.all(Array.from({ length: Math.ceil(checks.length / size) }, (_, i) => this.submit(checks.slice(i * size, (i + 1) * size))));
    const failures = answers.flatMap((a) => (a.failure === undefined ? [] : [a.failure])).sort((a, b) => a.txIndex - b.txIndex);
    const first = failures[0];
    return first === undefined ? ok(undefined) : err(first.error);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
