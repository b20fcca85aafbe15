import { OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4 } from './opcodes.js';

/** One parsed script operation; for pushes, the data is `script[dataStart, next)`. */
export interface ScriptOp {
  readonly opcode: number;
  readonly dataStart: number;
  readonly next: number;
}

/**
 * Core's GetScriptOp: the operation at `pc`, or undefined when the script ends there
 * or a push runs past its end (SPEC.md §3.1).
 */
export function readScriptOp(script: Uint8Array, pc: number): ScriptOp | undefined {
  const opcode = script[pc];
  if (opcode === undefined) return undefined;
  let at = pc + 1;
  if (opcode > OP_PUSHDATA4) return { opcode, dataStart: at, next: at };
  let size = opcode;
  if (opcode === OP_PUSHDATA1) {
    if (script.length - at < 1) return undefined;
    size = script[at] ?? 0;
    at += 1;
  } else if (opcode === OP_PUSHDATA2) {
    if (script.length - at < 2) return undefined;
    size = (script[at] ?? 0) | ((script[at + 1] ?? 0) << 8);
    at += 2;
  } else if (opcode === OP_PUSHDATA4) {
    if (script.length - at < 4) return undefined;
    size = ((script[at] ?? 0) | ((script[at + 1] ?? 0) << 8) | ((script[at + 2] ?? 0) << 16)) + (script[at + 3] ?? 0) * 0x1000000;
    at += 4;
  }
  if (script.length - at < size) return undefined;
  return { opcode, dataStart: at, next: at + size };
}
