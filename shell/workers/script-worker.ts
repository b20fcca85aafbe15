/**
 * A worker thread of the script-check pool (script-pool.ts): runs batches of the kernel's
 * deferred script checks (Core's CScriptCheck), sent as flat buffers (script-batch.ts), with the
 * signature backend the pool chose (workerData.backend: native, wasm or noble; select-backend.ts)
 * and answers with the first failure of each batch, or none. Every batch goes to every worker, and
 * the first one free claims it (an atomic on the batch's shared claim), so a worker that finishes
 * early takes the next batch instead of waiting on the other's tail.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScriptCheck } from '../../kernel/validation/connect-block.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';
import { type BackendChoice, selectSecp256k1Backend } from '../crypto/select-backend.js';
import { type ScriptBatch, decodeScriptBatch } from './script-batch.js';

export interface ScriptBatchRequest {
  readonly id: number;
  readonly batch: ScriptBatch;
  /**
   * The batch's claim, shared by every worker it was sent to (script-pool.ts): the first worker to
   * take it from 0 to 1 runs and answers it; the others drop it unanswered.
   */
  readonly claim: Int32Array;
}

export interface ScriptBatchAnswer {
  readonly id: number;
  /** The first failing check of the batch (lowest txIndex), with its error. */
  readonly failure?: { readonly txIndex: number; readonly error: BlockValidationError };
  readonly inputs: number;
}

export interface ScriptWorkerData {
  readonly backend?: Exclude<BackendChoice, 'auto'>;
}

const backend = selectSecp256k1Backend(((workerData ?? {}) as ScriptWorkerData).backend ?? 'auto').backend;

parentPort?.on('message', (request: ScriptBatchRequest) => {
  if (Atomics.compareExchange(request.claim, 0, 0, 1) !== 0) return; // another worker runs it
  let inputs = 0;
  for (const check of decodeScriptBatch(request.batch)) {
    const result = runScriptCheck(check, backend);
    inputs += check.tx.inputs.length;
    if (!result.ok) {
      parentPort?.postMessage({ id: request.id, failure: { txIndex: check.txIndex, error: result.error }, inputs } satisfies ScriptBatchAnswer);
      return;
    }
  }
  parentPort?.postMessage({ id: request.id, inputs } satisfies ScriptBatchAnswer);
});
parentPort?.postMessage({ ready: true });
