/**
 * The stack opcodes of EvalScript (SPEC.md §3.10; Core's src/script/interpreter.cpp, cases
 * OP_2DROP .. OP_TUCK and OP_SIZE) against Core's stack diagrams, written here with Core's opcode
 * bytes (script.h), never the kernel's constants. The kernel returns an edit (elements taken off
 * the top, elements pushed); the stack after it is stated element by element: the elements below
 * the ones an opcode needs are untouched, and the top ones are Core's diagram.
 *
 * Bounds, stated per proof: stacks of 0 to 8 elements of one byte each (an element's content is
 * its identity here, and z3 may choose all of them distinct), every depth in that range; for
 * OP_PICK/OP_ROLL every one-byte index element (0x00 .. 0xff: negative, negative zero and the
 * non-minimal zero included) with and without MINIMALDATA.
 */
import { bool, bytes, int, proof, tuple } from '../harness/dsl.js';
import { pickOrRoll, stackOp } from '../kernel/script/stack-ops.js';

/**
 * Core's diagrams: [opcode byte, the elements the opcode needs, the top of the stack after it as
 * positions among those (1 = the deepest needed, x1 in Core's comments)].
 */
const DIAGRAMS: readonly (readonly [number, number, readonly number[]])[] = [
  [0x6d, 2, []], // OP_2DROP (x1 x2 -- )
  [0x6e, 2, [1, 2, 1, 2]], // OP_2DUP (x1 x2 -- x1 x2 x1 x2)
  [0x6f, 3, [1, 2, 3, 1, 2, 3]], // OP_3DUP (x1 x2 x3 -- x1 x2 x3 x1 x2 x3)
  [0x70, 4, [1, 2, 3, 4, 1, 2]], // OP_2OVER (x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)
  [0x71, 6, [3, 4, 5, 6, 1, 2]], // OP_2ROT (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
  [0x72, 4, [3, 4, 1, 2]], // OP_2SWAP (x1 x2 x3 x4 -- x3 x4 x1 x2)
  [0x75, 1, []], // OP_DROP (x -- )
  [0x76, 1, [1, 1]], // OP_DUP (x -- x x)
  [0x77, 2, [2]], // OP_NIP (x1 x2 -- x2)
  [0x78, 2, [1, 2, 1]], // OP_OVER (x1 x2 -- x1 x2 x1)
  [0x7b, 3, [2, 3, 1]], // OP_ROT (x1 x2 x3 -- x2 x3 x1)
  [0x7c, 2, [2, 1]], // OP_SWAP (x1 x2 -- x2 x1)
  [0x7d, 2, [2, 1, 2]], // OP_TUCK (x1 x2 -- x2 x1 x2)
];

/** The stack after taking `pop` elements off `s` and pushing `push` (undefined if `pop` exceeds its size). */
function applied(s: readonly Uint8Array[], pop: number, push: readonly Uint8Array[]): Uint8Array[] | undefined {
  if (pop < 0 || pop > s.length) return undefined;
  const out: Uint8Array[] = [];
  for (let j = 0; j < s.length - pop; j++) out.push(s[j] as Uint8Array);
  for (let j = 0; j < push.length; j++) out.push(push[j] as Uint8Array);
  return out;
}

/** Two lists of one-byte elements with the same elements in the same order, compared by content (proofs/multisig.proof.ts uses it too). */
export function sameElements(got: readonly Uint8Array[] | undefined, want: readonly Uint8Array[]): boolean {
  if (got === undefined || got.length !== want.length) return false;
  for (let j = 0; j < want.length; j++) {
    const g = got[j] as Uint8Array;
    const w = want[j] as Uint8Array;
    if (g.length !== 1 || w.length !== 1 || g[0] !== w[0]) return false;
  }
  return true;
}

export const stackDiagrams = proof("the stack opcodes rewrite the top of the stack as Core's diagrams say", {
  fn: stackOp,
  spec: '§3.10',
  statement:
    'For OP_2DROP, OP_2DUP, OP_3DUP, OP_2OVER, OP_2ROT, OP_2SWAP, OP_DROP, OP_DUP, OP_NIP, OP_OVER, OP_ROT, OP_SWAP and OP_TUCK, every stack of 0 to 8 one-byte elements and MINIMALDATA on or off: with fewer elements than the opcode needs (2, 2, 3, 4, 6, 4, 1, 1, 2, 2, 3, 2, 2) the result is INVALID_STACK_OPERATION; otherwise the elements below the needed ones are unchanged and the top ones are those of the diagram in interpreter.cpp (e.g. OP_ROT: x1 x2 x3 -- x2 x3 x1). Case split over the opcode.',
  inputs: { k: int(0, 12), d: int(0, 8), els: tuple(8, bytes(1)), minimal: bool() },
  split: 'k',
  ensures: ({ k, d, els, minimal }) => {
    const [opcode, needs, top] = DIAGRAMS[k] as readonly [number, number, readonly number[]];
    const s = els.slice(0, d);
    const r = stackOp(opcode, s, minimal);
    if (d < needs) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    if (!r.ok) return false;
    const below = d - needs;
    const want: Uint8Array[] = [];
    for (let j = 0; j < below; j++) want.push(s[j] as Uint8Array);
    for (const t of top) want.push(s[below + t - 1] as Uint8Array);
    return sameElements(applied(s, r.value.pop, r.value.push), want);
  },
  covers: {
    'an opcode with too few elements': ({ k, d }) => k === 4 && d === 5,
    'an opcode on the deepest stack': ({ d }) => d === 8,
  },
});

export const pickRoll = proof('OP_PICK copies and OP_ROLL moves the element n below the top, for n read as CScriptNum', {
  fn: pickOrRoll,
  spec: '§3.10',
  statement:
    'For every stack of 0 to 8 one-byte elements whose top is the index element b (0x00..0xff), OP_PICK and OP_ROLL, MINIMALDATA on or off: fewer than 2 elements is INVALID_STACK_OPERATION; with MINIMALDATA, b = 0x00 or 0x80 (not minimal) is UNKNOWN_ERROR; n = b & 0x7f, negated when b & 0x80; n < 0 or n >= the stack size without b is INVALID_STACK_OPERATION; else the stack without b, with its element n below the top copied to the top (PICK) or moved there (ROLL).',
  inputs: { d: int(0, 8), els: tuple(8, bytes(1)), roll: bool(), minimal: bool() },
  ensures: ({ d, els, roll, minimal }) => {
    const s = els.slice(0, d);
    const r = pickOrRoll(s, roll, minimal);
    if (d < 2) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    const b = (s[d - 1] as Uint8Array)[0] as number;
    if (minimal && (b & 0x7f) === 0) return !r.ok && r.error === 'UNKNOWN_ERROR';
    const n = (b & 0x80) !== 0 ? -(b & 0x7f) : b;
    if (n < 0 || n >= d - 1) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    if (!r.ok) return false;
    const at = d - 2 - n;
    const want: Uint8Array[] = [];
    for (let j = 0; j < d - 1; j++) if (!roll || j !== at) want.push(s[j] as Uint8Array);
    want.push(s[at] as Uint8Array);
    return sameElements(applied(s, r.value.pop, r.value.push), want);
  },
  covers: {
    'ROLL of the bottom element of 8': ({ d, els, roll }) => roll && d === 8 && (els[7] as Uint8Array)[0] === 6,
    'PICK of the top (n = 0)': ({ d, els, roll }) => !roll && d === 3 && (els[2] as Uint8Array)[0] === 0,
    'negative zero without MINIMALDATA is n = 0': ({ d, els, minimal }) => !minimal && d === 2 && (els[1] as Uint8Array)[0] === 0x80,
  },
});

export const depthAndSize = proof('OP_DEPTH pushes the stack size and OP_SIZE the top length, as CScriptNum', {
  fn: stackOp,
  spec: '§3.10',
  statement:
    'OP_DEPTH (0x74) on every stack of 0 to 8 one-byte elements pushes the size as CScriptNum (empty for 0, else the one byte) and removes nothing; OP_SIZE (0x82) on the empty stack is INVALID_STACK_OPERATION, and on a stack of 1 or 2 elements whose top has 0, 1, 127, 128, 255, 256 or 520 bytes pushes the CScriptNum bytes (empty), 01, 7f, 80 00, ff 00, 00 01, 08 02, removing nothing.',
  inputs: { d: int(0, 8), els: tuple(8, bytes(1)), k: int(0, 6), e0: bytes(0), e127: bytes(127), e128: bytes(128), e255: bytes(255), e256: bytes(256), e520: bytes(520) },
  ensures: ({ d, els, k, e0, e127, e128, e255, e256, e520 }) => {
    const s = els.slice(0, d);
    const depth = stackOp(0x74, s, true);
    const depthOk = depth.ok && depth.value.pop === 0 && depth.value.push.length === 1 && (d === 0 ? depth.value.push[0]?.length === 0 : depth.value.push[0]?.length === 1 && depth.value.push[0]?.[0] === d);
    const empty = stackOp(0x82, [], true);
    const emptyOk = !empty.ok && empty.error === 'INVALID_STACK_OPERATION';
    const tops = [e0, els[0] as Uint8Array, e127, e128, e255, e256, e520];
    const want = [[], [0x01], [0x7f], [0x80, 0x00], [0xff, 0x00], [0x00, 0x01], [0x08, 0x02]];
    const w = want[k] as number[];
    // The top alone, and the top on one more element: the same push.
    const size = stackOp(0x82, d === 0 ? [tops[k] as Uint8Array] : [els[1] as Uint8Array, tops[k] as Uint8Array], true);
    const pushed = size.ok ? size.value.push[0] : undefined;
    const sizeOk = size.ok && size.value.pop === 0 && size.value.push.length === 1 && pushed !== undefined && pushed.length === w.length && (w.length < 1 || pushed[0] === w[0]) && (w.length < 2 || pushed[1] === w[1]);
    return depthOk && emptyOk && sizeOk;
  },
});
