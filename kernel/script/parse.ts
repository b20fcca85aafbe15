/**
 * Core's GetScriptOp (src/script/script.cpp), the one reader of script operations: the
 * interpreter, the sigop counters, the patterns, FindAndDelete and the legacy signature hash's
 * SerializeScriptCode all read through it (SPEC.md §3.1). Proofs: proofs/script-parse.proof.ts
 * (readScriptOp and scriptOpStop on every 8-byte script at every position, pushDataSize for every
 * length of 1, 2 and 4 bytes).
 */
import { OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4 } from './opcodes.js';

/** One parsed script operation; for pushes, the data is `script[dataStart, next)`. */
export interface ScriptOp {
  readonly opcode: number;
  readonly dataStart: number;
  readonly next: number;
}

/** The bytes of a push's length field after the opcode: 1, 2, 4 for OP_PUSHDATA1/2/4, none for a direct push. */
function pushLengthWidth(opcode: number): number {
  return opcode === OP_PUSHDATA1 ? 1 : opcode === OP_PUSHDATA2 ? 2 : opcode === OP_PUSHDATA4 ? 4 : 0;
}

/**
 * GetScriptOp's nSize of an OP_PUSHDATA1/2/4: the `width` (1, 2 or 4) bytes at `at` as a
 * little-endian integer (Core's `*pc`, ReadLE16, ReadLE32). The caller checked they are there.
 */
export function pushDataSize(script: Uint8Array, at: number, width: number): number {
  const b0 = script[at] ?? 0;
  if (width === 1) return b0;
  const b1 = script[at + 1] ?? 0;
  if (width === 2) return b0 + b1 * 256;
  return b0 + b1 * 256 + (script[at + 2] ?? 0) * 65536 + (script[at + 3] ?? 0) * 16777216;
}

/** Core's GetScriptOp: the operation at `pc`, or undefined when the script ends there or a push (its length field or its data) runs past its end. */
export function readScriptOp(script: Uint8Array, pc: number): ScriptOp | undefined {
  const opcode = script[pc];
  if (opcode === undefined) return undefined;
  const at = pc + 1;
  if (opcode > OP_PUSHDATA4) return { opcode, dataStart: at, next: at };
  const width = pushLengthWidth(opcode);
  if (script.length - at < width) return undefined;
  const dataStart = at + width;
  const size = width === 0 ? opcode : pushDataSize(script, at, width);
  if (script.length - dataStart < size) return undefined;
  return { opcode, dataStart, next: dataStart + size };
}

/**
 * Where GetScriptOp leaves its iterator when it reads no operation at `pc` (readScriptOp is
 * undefined there): at `pc` when the script ends there; else past the opcode byte, and past its
 * length field too when that is all there (then the data ran out). SerializeScriptCode writes
 * the script code up to there.
 */
export function scriptOpStop(script: Uint8Array, pc: number): number {
  const opcode = script[pc];
  if (opcode === undefined) return pc;
  const width = pushLengthWidth(opcode);
  return script.length - (pc + 1) < width ? pc + 1 : pc + 1 + width;
}
