import { concatBytes, equalBytes } from '../encoding/bytes.js';
import { readScriptOp } from './parse.js';

/**
 * Core's FindAndDelete: removes every occurrence of `pattern` that starts at an operation boundary
 * of `script` (matches may repeat back to back); returns the new script and the count (SPEC.md §3.10).
 */
export function findAndDelete(script: Uint8Array, pattern: Uint8Array): { readonly script: Uint8Array; readonly found: number } {
  if (pattern.length === 0) return { script, found: 0 };
  const kept: Uint8Array[] = [];
  let found = 0;
  let pc = 0;
  let copyFrom = 0;
  for (;;) {
    kept.push(script.subarray(copyFrom, pc));
    while (script.length - pc >= pattern.length && equalBytes(script.subarray(pc, pc + pattern.length), pattern)) {
      pc += pattern.length;
      found++;
    }
    copyFrom = pc;
    const op = readScriptOp(script, pc);
    if (op === undefined) break;
    pc = op.next;
  }
  if (found === 0) return { script, found };
  kept.push(script.subarray(copyFrom));
  return { script: concatBytes(...kept), found };
}
