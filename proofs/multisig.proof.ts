/**
 * OP_CHECKMULTISIG's stack handling (SPEC.md §3.10; Core's src/script/interpreter.cpp, case
 * OP_CHECKMULTISIG) against Core's code written out here with its own index arithmetic (i, ikey,
 * isig, the checks `stack.size() < i`) and literal values: 20 keys at most, 201 opcodes, the
 * flags NULLFAIL = 1 << 14 and NULLDUMMY = 1 << 4 (script/interpreter.h), never the kernel's
 * constants.
 *
 * Bounds, stated per proof: stacks of 0 to 8 elements of one byte each (so counts are one-byte
 * CScriptNums: -127..127, negative zero and the non-minimal zero included), MINIMALDATA on and
 * off, every opcode count 0..201 before the operation; for the clean-up, 0..3 keys and
 * signatures with elements of 0 or 1 byte, and the 4 combinations of the two flags.
 */
import { bool, bytes, int, proof, tuple } from '../harness/dsl.js';
import { err, ok } from '../kernel/result.js';
import { multisigOperands, multisigResult, multisigSignatureWalk } from '../kernel/script/multisig.js';
import { sameElements } from './stack-ops.proof.js';

/** CScriptNum(b, fRequireMinimal).getint() of a one-byte element: sign-magnitude, or undefined (scriptnum_error) for a non-minimal 0x00/0x80. */
function count1(b: number, minimal: boolean): number | undefined {
  if (minimal && (b & 0x7f) === 0) return undefined;
  return (b & 0x80) !== 0 ? -(b & 0x7f) : b;
}

export const multisigCounts = proof("CHECKMULTISIG reads its counts, keys and signatures with Core's checks in Core's order", {
  fn: multisigOperands,
  spec: '§3.10',
  arithSolver: 'simplex',
  statement:
    "For every stack of 0 to 8 one-byte elements, MINIMALDATA on or off and opcode count c in [0, 201]: with i = 1, fewer than i elements is INVALID_STACK_OPERATION; nKeys = stacktop(-1) (UNKNOWN_ERROR if no CScriptNum), outside [0, 20] PUBKEY_COUNT, c + nKeys > 201 OP_COUNT; ikey = 2, i = 2 + nKeys, fewer than i elements INVALID_STACK_OPERATION; nSigs = stacktop(-i), outside [0, nKeys] SIG_COUNT; isig = i + 1, i = isig + nSigs, fewer than i elements INVALID_STACK_OPERATION (so the extra element must already be there); else the keys are stacktop(-ikey - k) and the signatures stacktop(-isig - k), in that order, and the count becomes c + nKeys.",
  inputs: { d: int(0, 8), els: tuple(8, bytes(1)), minimal: bool(), c: int(0, 201) },
  ensures: ({ d, els, minimal, c }) => {
    const s = els.slice(0, d);
    const r = multisigOperands(s, minimal, c);
    let i = 1;
    if (d < i) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    const nKeys = count1((s[d - (i)] as Uint8Array)[0] as number, minimal);
    if (nKeys === undefined) return !r.ok && r.error === 'UNKNOWN_ERROR';
    if (nKeys < 0 || nKeys > 20) return !r.ok && r.error === 'PUBKEY_COUNT';
    if (c + nKeys > 201) return !r.ok && r.error === 'OP_COUNT';
    const ikey = 2;
    i = 2 + nKeys;
    if (d < i) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    const nSigs = count1((s[d - (i)] as Uint8Array)[0] as number, minimal);
    if (nSigs === undefined) return !r.ok && r.error === 'UNKNOWN_ERROR';
    if (nSigs < 0 || nSigs > nKeys) return !r.ok && r.error === 'SIG_COUNT';
    const isig = i + 1;
    i = isig + nSigs;
    if (d < i) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    if (!r.ok) return false;
    // `ikey + k <= d` always holds after the checks above; it bounds the loops by the stack.
    const keys: Uint8Array[] = [];
    for (let k = 0; k < nKeys && ikey + k <= d; k++) keys.push((s[d - (ikey + k)] as Uint8Array));
    const sigs: Uint8Array[] = [];
    for (let k = 0; k < nSigs && isig + k <= d; k++) sigs.push((s[d - (isig + k)] as Uint8Array));
    return r.value.opCount === c + nKeys && sameElements(r.value.keys, keys) && sameElements(r.value.sigs, sigs);
  },
  covers: {
    '2-of-3 with its extra element': ({ d, els, minimal }) => d === 8 && !minimal && (els[7] as Uint8Array)[0] === 3 && (els[3] as Uint8Array)[0] === 2,
    'the extra element missing': ({ d, els }) => d === 7 && (els[6] as Uint8Array)[0] === 3 && (els[2] as Uint8Array)[0] === 2,
    '20 keys (too few elements)': ({ d, els }) => d === 8 && (els[7] as Uint8Array)[0] === 20,
    '21 keys': ({ els, d }) => d === 8 && (els[7] as Uint8Array)[0] === 21,
    'the opcode limit exactly': ({ c, d, els }) => c === 199 && d === 3 && (els[2] as Uint8Array)[0] === 2,
  },
});

export const multisigCleanup = proof('CHECKMULTISIG consumes the extra element, with NULLFAIL and NULLDUMMY', {
  fn: multisigResult,
  spec: '§3.10',
  statement:
    'For 0..3 keys and 0..3 signatures of 0 or 1 byte each (as multisigOperands returns them), a stack of the operands and, or not, one more element (the extra one, 0 or 1 byte) on a base of 0 or 1 elements (the 1-byte dummy), so the element below the operands is the extra one, the base, or none, either outcome of the signature checks and the flags NULLFAIL (1 << 14) and NULLDUMMY (1 << 4) on or off: a failure under NULLFAIL with a non-empty signature is SIG_NULLFAIL; else with no element below the operands INVALID_STACK_OPERATION; else a non-empty element below them under NULLDUMMY is SIG_NULLDUMMY; else the edit removes nKeys + nSigs + 3 elements and pushes 01 on success, the empty element on failure.',
  inputs: {
    nk: int(0, 3), ns: int(0, 3), keys: tuple(3, bytes(1)), sigLen: tuple(3, int(0, 1)), sigByte: tuple(3, bytes(1)), dummyLen: int(0, 1), dummy: bytes(1), base: int(0, 1), hasExtra: bool(), success: bool(), nullfail: bool(), nulldummy: bool(),
  },
  requires: ({ nk, ns }) => ns <= nk,
  ensures: ({ nk, ns, keys, sigLen, sigByte, dummyLen, dummy, base, hasExtra, success, nullfail, nulldummy }) => {
    const key: Uint8Array[] = [];
    for (let k = 0; k < nk; k++) key.push(keys[k] as Uint8Array);
    const sig: Uint8Array[] = [];
    let anySig = false;
    for (let k = 0; k < ns; k++) {
      const one = (sigLen[k] as number) === 1;
      sig.push(one ? (sigByte[k] as Uint8Array) : new Uint8Array(0));
      if (one) anySig = true;
    }
    const extra = dummyLen === 1 ? dummy : new Uint8Array(0);
    // The stack, bottom first: the base, the extra element, the signatures (the first one topmost), the count, the keys, the count.
    const stack: Uint8Array[] = [];
    if (base === 1) stack.push(dummy);
    if (hasExtra) stack.push(extra);
    for (let k = ns - 1; k >= 0; k--) stack.push(sig[k] as Uint8Array);
    stack.push(Uint8Array.of(ns));
    for (let k = nk - 1; k >= 0; k--) stack.push(key[k] as Uint8Array);
    stack.push(Uint8Array.of(nk));
    const flags = (nullfail ? 1 << 14 : 0) | (nulldummy ? 1 << 4 : 0);
    const r = multisigResult(stack, { keys: key, sigs: sig, opCount: 0 }, success, flags);
    if (!success && nullfail && anySig) return !r.ok && r.error === 'SIG_NULLFAIL';
    // Without the extra element the base (if any) is below the signatures: Core's stack.size() < 1 only when there is none.
    if (!hasExtra && base === 0) return !r.ok && r.error === 'INVALID_STACK_OPERATION';
    if (nulldummy && (!hasExtra || dummyLen === 1)) return !r.ok && r.error === 'SIG_NULLDUMMY';
    if (!r.ok || r.value.pop !== nk + ns + 3 || r.value.push.length !== 1) return false;
    const pushed = r.value.push[0] as Uint8Array;
    return success ? pushed.length === 1 && pushed[0] === 1 : pushed.length === 0;
  },
  covers: {
    'NULLFAIL': ({ success, nullfail, ns, sigLen }) => !success && nullfail && ns === 2 && sigLen[1] === 1 && sigLen[0] === 0,
    'NULLDUMMY': ({ nulldummy, dummyLen, success }) => nulldummy && dummyLen === 1 && success,
    'a failure with empty signatures under NULLFAIL': ({ success, nullfail, ns, sigLen }) => !success && nullfail && ns === 1 && sigLen[0] === 0,
  },
});

/** Signature i verifies against key j: `v[4 * i + j]` (3 signatures by 4 keys). */
const at = (t: readonly boolean[], i: number, j: number): boolean => t[4 * i + j] === true;

/**
 * Whether signatures 0..m-1 (m <= 3) verify against keys k0 < k1 < k2 < n, in that order: the
 * rule of BIP11 as Core's comment states it ("signatures must be in the same order as their
 * corresponding public keys"), each key used at most once. A search over every choice of keys,
 * not a walk.
 */
function matchInOrder(m: number, n: number, v: readonly boolean[]): boolean {
  if (m === 0) return true;
  for (let a = 0; a < n; a++) {
    if (!at(v, 0, a)) continue;
    if (m === 1) return true;
    for (let b = a + 1; b < n; b++) {
      if (!at(v, 1, b)) continue;
      if (m === 2) return true;
      for (let c = b + 1; c < n; c++) if (at(v, 2, c)) return true;
    }
  }
  return false;
}

export const multisigWalk = proof('CHECKMULTISIG succeeds exactly when the signatures verify against keys in their order, and checks only pairs in Core\'s window', {
  fn: multisigSignatureWalk,
  spec: '§3.10',
  statement:
    'For 0..4 keys (one case each) and 0..3 signatures, no more than keys, and every outcome of checking signature i against key j (verifies or not, v, or an encoding error, e): the walk asks only pairs with i <= j <= i + nKeys - nSigs (Core\'s ikey - isig never exceeds the keys that can be spared), so an error outside that window never matters; without an error in it the result is success exactly when there are keys k0 < k1 < ... < k(nSigs-1) with signature i verifying against key ki (a search over every choice, not a walk); an error result is the checked pair\'s error, and only from inside the window.',
  inputs: { m: int(0, 3), n: int(0, 4), v: tuple(12, bool()), e: tuple(12, bool()) },
  requires: ({ m, n }) => m <= n,
  split: 'n',
  ensures: ({ m, n, v, e }) => {
    const r = multisigSignatureWalk(m, n, (i, j) => (at(e, i, j) ? err('SIG_DER') : ok(at(v, i, j))));
    let errorInWindow = false;
    for (let i = 0; i < m; i++) for (let j = i; j <= i + n - m; j++) if (at(e, i, j)) errorInWindow = true;
    if (!errorInWindow && !r.ok) return false;
    return r.ok ? r.value === matchInOrder(m, n, v) : r.error === 'SIG_DER' && errorInWindow;
  },
  covers: {
    '2-of-3 with the first key skipped': ({ m, n, v, e }) => m === 2 && n === 3 && !at(v, 0, 0) && at(v, 0, 1) && at(v, 1, 2) && !e.some((x: boolean) => x),
    '2-of-3 failing on signatures in the wrong order': ({ m, n, v, e }) => m === 2 && n === 3 && at(v, 0, 2) && at(v, 1, 0) && !at(v, 0, 0) && !at(v, 0, 1) && !at(v, 1, 1) && !at(v, 1, 2) && !e.some((x: boolean) => x),
    'an encoding error at the last pair of the window': ({ m, n, v, e }) => m === 1 && n === 2 && !at(v, 0, 0) && !at(e, 0, 0) && at(e, 0, 1),
    'an error outside the window is never asked': ({ m, n, v, e }) => m === 2 && n === 2 && at(v, 0, 0) && at(v, 1, 1) && at(e, 0, 1) && !at(e, 0, 0) && !at(e, 1, 1),
    '3-of-4': ({ m, n, v }) => m === 3 && n === 4 && at(v, 0, 1) && at(v, 1, 2) && at(v, 2, 3) && !at(v, 0, 0),
  },
});
