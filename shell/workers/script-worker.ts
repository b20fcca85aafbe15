/**
 * A worker thread of the script-check pool (script-pool.ts): runs batches of the kernel's
 * deferred script checks (Core's CScriptCheck) with the default signature backend and answers
 * with the first failure of each batch, or none.
 */
import { parentPort } from 'node:worker_threads';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { type ScriptCheck, runScriptCheck } from '../../kernel/validation/connect-block.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';

export interface ScriptBatchRequest {
  readonly id: number;
  readonly checks: readonly ScriptCheck[];
}

export interface ScriptBatchAnswer {
  readonly id: number;
  /** The first failing check of the batch (lowest txIndex), with its error. */
  readonly failure?: { readonly txIndex: number; readonly error: BlockValidationError };
  readonly inputs: number;
}

parentPort?.on('message', (request: ScriptBatchRequest) => {
  let inputs = 0;
  for (const check of request.checks) {
    const result = runScriptCheck(check, DEFAULT_BACKEND);
    inputs += check.tx.inputs.length;
    if (!result.ok) {
      parentPort?.postMessage({ id: request.id, failure: { txIndex: check.txIndex, error: result.error }, inputs } satisfies ScriptBatchAnswer);
      return;
    }
  }
  parentPort?.postMessage({ id: request.id, inputs } satisfies ScriptBatchAnswer);
});
