/** A pool of worker threads, each with its own z3 instance, solving SMT-LIB query batches. */
import { Worker } from 'node:worker_threads';

export interface Query {
  readonly smt: string;
  readonly rlimit: number;
  readonly timeoutMs: number;
}

export interface QueryResult {
  readonly result: 'sat' | 'unsat' | 'unknown';
  readonly ms: number;
  readonly rlimit: number;
  readonly reason?: string;
  readonly model?: Readonly<Record<string, string>>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  batches: number;
}

/** A worker is replaced after this many proofs: wasm memory only grows (one z3 context per proof). */
const BATCHES_PER_WORKER = 20;

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
    return { worker, ready, busy: false, batches: 0 };
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free !== undefined) {
        free.busy = true;
        return free;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }

  /** Solves a batch on one worker, in order. `backstopMs` kills a stuck worker (UNKNOWN). */
  async solve(queries: readonly Query[], backstopMs: number): Promise<QueryResult[]> {
    const slot = await this.acquire();
    try {
      await slot.ready;
      const id = this.nextId++;
      return await new Promise<QueryResult[]>((resolve) => {
        const timer = setTimeout(() => {
          slot.worker.off('message', onMsg);
          void slot.worker.terminate();
          const fresh = this.spawn();
          slot.worker = fresh.worker;
          slot.ready = fresh.ready;
          resolve(queries.map(() => ({ result: 'unknown', ms: backstopMs, rlimit: 0, reason: 'wall-clock backstop' })));
        }, backstopMs);
        const onMsg = (m: { type: string; id?: number; results?: QueryResult[] }): void => {
          if (m.type !== 'done' || m.id !== id) return;
          clearTimeout(timer);
          slot.worker.off('message', onMsg);
          slot.batches += 1;
          if (slot.batches >= BATCHES_PER_WORKER) {
            void slot.worker.terminate();
            const fresh = this.spawn();
            slot.worker = fresh.worker;
            slot.ready = fresh.ready;
            slot.batches = 0;
          }
          resolve(m.results ?? []);
        };
        slot.worker.on('message', onMsg);
        slot.worker.postMessage({ type: 'solve', id, queries });
      });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        try {
          await slot.ready;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 6000);
            slot.worker.once('message', () => {
              clearTimeout(t);
              resolve();
            });
            slot.worker.postMessage({ type: 'stop' });
          });
        } finally {
          await slot.worker.terminate();
        }
      }),
    );
  }
}
