import { OP_0, OP_1, OP_16, OP_EQUAL, OP_HASH160 } from './opcodes.js';
import { readScriptOp } from './parse.js';

/** A witness program: version 0..16 and its 2..40-byte program (BIP141). */
export interface WitnessProgram {
  readonly version: number;
  readonly program: Uint8Array;
}

/** Core's CScript::IsPayToScriptHash (BIP16): `OP_HASH160 <20 bytes> OP_EQUAL` (SPEC.md §3.1). */
export function isPayToScriptHash(script: Uint8Array): boolean {
  return script.length === 23 && script[0] === OP_HASH160 && script[1] === 0x14 && script[22] === OP_EQUAL;
}

/** Core's CScript::IsWitnessProgram (BIP141): a version opcode then one direct push of 2..40 bytes (SPEC.md §3.1). */
export function getWitnessProgram(script: Uint8Array): WitnessProgram | undefined {
  if (script.length < 4 || script.length > 42) return undefined;
  const first = script[0] ?? 0xff;
  if (first !== OP_0 && (first < OP_1 || first > OP_16)) return undefined;
  if ((script[1] ?? 0) + 2 !== script.length) return undefined;
  return { version: first === OP_0 ? 0 : first - (OP_1 - 1), program: script.subarray(2) };
}

/** Core's CScript::IsPayToAnchor: witness v1 with the 2-byte program 0x4e73 (SPEC.md §3.1). */
export function isPayToAnchor(version: number, program: Uint8Array): boolean {
  return version === 1 && program.length === 2 && program[0] === 0x4e && program[1] === 0x73;
}

/** Core's CScript::IsPushOnly: every operation parses and is at most OP_16 (OP_RESERVED included, a Core quirk) (SPEC.md §3.1). */
export function isPushOnly(script: Uint8Array): boolean {
  let pc = 0;
  while (pc < script.length) {
    const op = readScriptOp(script, pc);
    if (op === undefined || op.opcode > OP_16) return false;
    pc = op.next;
  }
  return true;
}
