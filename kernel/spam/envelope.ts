/**
 * Data envelopes in taproot script-path spends (SPEC.md §10.1): `OP_FALSE OP_IF <pushes>
 * OP_ENDIF`, code that never runs and only carries its pushes. Ordinals inscriptions are the
 * envelopes whose first push is "ord"; after it come tag/value pairs (tag 1: content type) and,
 * after an empty push (OP_0), the body chunks. The spent output is not known from a block alone,
 * so a script-path spend is recognised by its witness: after an annex (a last item starting with
 * 0x50) is set aside, at least two items, the last a BIP341 control block (33 + 32m bytes,
 * m <= 128, leaf version 0xc0 in its first byte); the tapscript is the item before it.
 */
import { OP_0, OP_ENDIF, OP_IF, OP_PUSHDATA4 } from '../script/opcodes.js';
import { readScriptOp } from '../script/parse.js';
import { TAPROOT_CONTROL_BASE_SIZE, TAPROOT_CONTROL_MAX_SIZE, TAPROOT_CONTROL_NODE_SIZE, TAPROOT_LEAF_MASK, TAPROOT_LEAF_TAPSCRIPT } from '../script/taproot.js';

/** BIP341's annex tag: a last witness item starting with 0x50 (when there are at least two). */
const ANNEX_TAG = 0x50;
const ORD = new TextEncoder().encode('ord');

/** The tapscript of a witness that looks like a BIP342 script-path spend, or undefined. */
export function witnessTapscript(witness: readonly Uint8Array[]): Uint8Array | undefined {
  const last = witness[witness.length - 1];
  const stack = witness.length >= 2 && last !== undefined && last[0] === ANNEX_TAG ? witness.slice(0, -1) : witness;
  if (stack.length < 2) return undefined;
  const control = stack[stack.length - 1] as Uint8Array;
  const sizeOk = control.length >= TAPROOT_CONTROL_BASE_SIZE && control.length <= TAPROOT_CONTROL_MAX_SIZE && (control.length - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE === 0;
  if (!sizeOk || ((control[0] as number) & TAPROOT_LEAF_MASK) !== TAPROOT_LEAF_TAPSCRIPT) return undefined;
  return stack[stack.length - 2];
}

/** One `OP_FALSE OP_IF ... OP_ENDIF` envelope: its pushes (data only) and whether it is an inscription. */
export interface Envelope {
  readonly pushes: readonly Uint8Array[];
  readonly isInscription: boolean;
  /** For an inscription: its content type (tag 1) and body (the chunks after OP_0, joined). */
  readonly contentType?: Uint8Array;
  readonly body?: Uint8Array;
  /** Bytes of data the envelope carries (its pushes). */
  readonly dataBytes: number;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Every envelope in a tapscript, in order; a script that does not parse to its end yields the envelopes before the fault. */
export function findEnvelopes(script: Uint8Array): Envelope[] {
  const ops: { opcode: number; data: Uint8Array }[] = [];
  for (let pc = 0; pc < script.length; ) {
    const op = readScriptOp(script, pc);
    if (op === undefined) break;
    ops.push({ opcode: op.opcode, data: script.subarray(op.dataStart, op.next) });
    pc = op.next;
  }
  const out: Envelope[] = [];
  for (let i = 0; i + 1 < ops.length; i++) {
    if ((ops[i] as { opcode: number }).opcode !== OP_0 || (ops[i + 1] as { opcode: number }).opcode !== OP_IF) continue;
    const pushes: Uint8Array[] = [];
    const opcodes: number[] = [];
    let j = i + 2;
    for (; j < ops.length && (ops[j] as { opcode: number }).opcode !== OP_ENDIF; j++) {
      const op = ops[j] as { opcode: number; data: Uint8Array };
      opcodes.push(op.opcode);
      pushes.push(op.opcode <= OP_PUSHDATA4 ? op.data : Uint8Array.of());
    }
    if (j === ops.length) break; // no OP_ENDIF: not an envelope
    out.push(describeEnvelope(pushes, opcodes));
    i = j;
  }
  return out;
}

/** Reads an envelope's pushes as an ordinals inscription when its first push is "ord". */
function describeEnvelope(pushes: readonly Uint8Array[], opcodes: readonly number[]): Envelope {
  const dataBytes = pushes.reduce((n, p) => n + p.length, 0);
  if (pushes.length === 0 || !equal(pushes[0] as Uint8Array, ORD)) return { pushes, isInscription: false, dataBytes };
  let contentType: Uint8Array | undefined;
  let body: Uint8Array | undefined;
  for (let k = 1; k < pushes.length; k++) {
    // OP_0 (an empty push) separates the fields from the body.
    if (opcodes[k] === OP_0) {
      const chunks = pushes.slice(k + 1);
      body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        body.set(c, at);
        at += c.length;
      }
      break;
    }
    const tag = pushes[k] as Uint8Array;
    // Tag 1, the content type, is pushed as OP_1 (0x51) or as the byte 0x01.
    const isContentType = opcodes[k] === 0x51 || (tag.length === 1 && tag[0] === 1);
    if (isContentType && k + 1 < pushes.length) contentType = pushes[k + 1];
    k++; // skip the tag's value
  }
  return { pushes, isInscription: true, dataBytes, ...(contentType === undefined ? {} : { contentType }), ...(body === undefined ? {} : { body }) };
}
