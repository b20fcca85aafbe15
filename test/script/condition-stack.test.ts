/**
 * kernel/script/condition-stack.ts (Core's ConditionStack and the MINIMALIF rule, SPEC.md §3.10)
 * against two references written here: Core's flow control before 0.21 (a vector<bool> vfExec,
 * src/script/interpreter.cpp before PR #16902), and the inline code of interpreter.ts's OP_IF /
 * OP_ELSE / OP_ENDIF cases as it stood before the module (copied verbatim). Random operation
 * sequences (fast-check, fixed seeds), hand-written cases with literal expectations, and evalScript
 * itself on random IF/NOTIF/ELSE/ENDIF scripts against a small vfExec interpreter written here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SigVersion } from '../../kernel/script/checker.js';
import {
  type ConditionStack,
  checkMinimalIf,
  conditionAllTrue,
  conditionEmpty,
  conditionPopBack,
  conditionPushBack,
  conditionToggleTop,
  newConditionStack,
} from '../../kernel/script/condition-stack.js';
import type { ScriptError } from '../../kernel/script/errors.js';
import { evalScript } from '../../kernel/script/interpreter.js';
import { checkerWith } from '../support/checker.js';

/** SCRIPT_VERIFY_MINIMALIF, as src/script/interpreter.h writes it. */
const MINIMALIF_FLAG = 1 << 13;

type Op = { readonly kind: 'if'; readonly value: boolean } | { readonly kind: 'else' } | { readonly kind: 'endif' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.boolean().map((value): Op => ({ kind: 'if', value })),
  fc.constant<Op>({ kind: 'else' }),
  fc.constant<Op>({ kind: 'endif' }),
);
/** Any sequence (most end early in UNBALANCED_CONDITIONAL), or one with IFs six times as likely (nesting gets deep). */
const sequenceArb = fc.oneof(
  fc.array(opArb, { maxLength: 60, size: 'max' }),
  fc.array(fc.oneof({ weight: 6, arbitrary: opArb.filter((o) => o.kind === 'if') }, { weight: 1, arbitrary: fc.constant<Op>({ kind: 'else' }) }, { weight: 1, arbitrary: fc.constant<Op>({ kind: 'endif' }) }), {
    maxLength: 60,
    size: 'max',
  }),
);

/** What one step shows: an error, or the state's observable parts. */
interface Observed {
  readonly error: ScriptError | undefined;
  readonly size: number;
  readonly empty: boolean;
  readonly allTrue: boolean;
  readonly firstFalse: number;
}

/** Core before 0.21: vector<bool> vfExec; fExec = !count(vfExec, false). */
function runVfExec(ops: readonly Op[]): Observed[] {
  const vfExec: boolean[] = [];
  const out: Observed[] = [];
  for (const o of ops) {
    if (o.kind === 'if') vfExec.push(o.value);
    else if (vfExec.length === 0) {
      out.push({ error: 'UNBALANCED_CONDITIONAL', size: 0, empty: true, allTrue: true, firstFalse: -1 });
      return out;
    } else if (o.kind === 'else') vfExec[vfExec.length - 1] = !vfExec[vfExec.length - 1];
    else vfExec.pop();
    out.push({ error: undefined, size: vfExec.length, empty: vfExec.length === 0, allTrue: !vfExec.includes(false), firstFalse: vfExec.indexOf(false) });
  }
  return out;
}

/** interpreter.ts's inline cases (OP_IF value already decided, OP_ELSE, OP_ENDIF) on a mutable { size, firstFalse }, copied verbatim. */
function runInline(ops: readonly Op[]): Observed[] {
  const cond = { size: 0, firstFalse: -1 };
  const out: Observed[] = [];
  const observe = (): Observed => ({ error: undefined, size: cond.size, empty: cond.size === 0, allTrue: cond.firstFalse === -1, firstFalse: cond.firstFalse });
  for (const o of ops) {
    if (o.kind === 'if') {
      const value = o.value;
      if (!value && cond.firstFalse === -1) cond.firstFalse = cond.size;
      cond.size++;
    } else if (o.kind === 'else') {
      if (cond.size === 0) {
        out.push({ ...observe(), error: 'UNBALANCED_CONDITIONAL' });
        return out;
      }
      if (cond.firstFalse === -1) cond.firstFalse = cond.size - 1;
      else if (cond.firstFalse === cond.size - 1) cond.firstFalse = -1;
    } else {
      if (cond.size === 0) {
        out.push({ ...observe(), error: 'UNBALANCED_CONDITIONAL' });
        return out;
      }
      cond.size--;
      if (cond.firstFalse === cond.size) cond.firstFalse = -1;
    }
    out.push(observe());
  }
  return out;
}

/** The module under test. */
function runModule(ops: readonly Op[]): Observed[] {
  let cond: ConditionStack = newConditionStack();
  const out: Observed[] = [];
  for (const o of ops) {
    if (o.kind === 'if') cond = conditionPushBack(cond, o.value);
    else {
      const r = o.kind === 'else' ? conditionToggleTop(cond) : conditionPopBack(cond);
      if (!r.ok) {
        out.push({ error: r.error, size: cond.stackSize, empty: conditionEmpty(cond), allTrue: conditionAllTrue(cond), firstFalse: cond.firstFalsePos });
        return out;
      }
      cond = r.value;
    }
    out.push({ error: undefined, size: cond.stackSize, empty: conditionEmpty(cond), allTrue: conditionAllTrue(cond), firstFalse: cond.firstFalsePos });
  }
  return out;
}

const IF = (value: boolean): Op => ({ kind: 'if', value });
const ELSE: Op = { kind: 'else' };
const ENDIF: Op = { kind: 'endif' };

describe('§3.10 ConditionStack', () => {
  it('hand-written sequences: executing flag, size and errors written out', () => {
    const last = (ops: Op[]): Observed => runModule(ops).at(-1) as Observed;
    expect(last([ELSE]).error).toBe('UNBALANCED_CONDITIONAL');
    expect(last([ENDIF]).error).toBe('UNBALANCED_CONDITIONAL');
    expect(last([IF(true), ENDIF, ENDIF]).error).toBe('UNBALANCED_CONDITIONAL');
    expect(last([IF(true), ENDIF, ELSE]).error).toBe('UNBALANCED_CONDITIONAL');
    expect(last([IF(false)])).toEqual({ error: undefined, size: 1, empty: false, allTrue: false, firstFalse: 0 });
    expect(last([IF(false), ELSE])).toEqual({ error: undefined, size: 1, empty: false, allTrue: true, firstFalse: -1 });
    // A false below hides the top: ELSE on top of it changes nothing (vfExec = [false, false]).
    expect(last([IF(false), IF(true), ELSE])).toEqual({ error: undefined, size: 2, empty: false, allTrue: false, firstFalse: 0 });
    // ELSE on the first false re-enables execution (vfExec = [true, true]).
    expect(last([IF(true), IF(false), ELSE])).toEqual({ error: undefined, size: 2, empty: false, allTrue: true, firstFalse: -1 });
    // ENDIF closing the first false branch re-enables execution; closing one above it does not.
    expect(last([IF(true), IF(false), IF(false), ENDIF])).toEqual({ error: undefined, size: 2, empty: false, allTrue: false, firstFalse: 1 });
    expect(last([IF(true), IF(false), IF(false), ENDIF, ENDIF])).toEqual({ error: undefined, size: 1, empty: false, allTrue: true, firstFalse: -1 });
    expect(last([IF(true), ELSE, ELSE, ENDIF])).toEqual({ error: undefined, size: 0, empty: true, allTrue: true, firstFalse: -1 });
    expect(runModule([])).toEqual([]);
  });

  it('equals Core\'s pre-0.21 vector<bool> vfExec and the inline interpreter code after every step (2,000 random sequences of up to 60 operations)', () => {
    let steps = 0;
    let errors = 0;
    let maxDepth = 0;
    fc.assert(
      fc.property(sequenceArb, (ops) => {
        const got = runModule(ops);
        expect(got).toEqual(runVfExec(ops));
        expect(got).toEqual(runInline(ops));
        steps += got.length;
        if (got.at(-1)?.error !== undefined) errors++;
        for (const o of got) maxDepth = Math.max(maxDepth, o.size);
      }),
      { numRuns: 2000, seed: 15 },
    );
    // The generator reaches both ends: errors, and nesting deeper than the proofs' bound of 20.
    expect(errors).toBeGreaterThan(100);
    expect(maxDepth).toBeGreaterThan(20);
    expect(steps).toBeGreaterThan(20_000);
  });
});

// ---------------------------------------------------------------------------------------------
// MINIMALIF

/** interpreter.ts's inline MINIMALIF check, copied verbatim (flag written as Core's 1 << 13). */
function inlineMinimalIf(v: Uint8Array, sigVersion: SigVersion, flags: number): ScriptError | undefined {
  if (sigVersion === 'TAPSCRIPT' && (v.length > 1 || (v.length === 1 && v[0] !== 1))) return 'TAPSCRIPT_MINIMALIF';
  if (sigVersion === 'WITNESS_V0' && (flags & MINIMALIF_FLAG) !== 0 && (v.length > 1 || (v.length === 1 && v[0] !== 1))) {
    return 'MINIMALIF';
  }
  return undefined;
}

const SIG_VERSIONS: readonly SigVersion[] = ['BASE', 'WITNESS_V0', 'TAPROOT', 'TAPSCRIPT'];

describe('§3.10 MINIMALIF (BIP342, SCRIPT_VERIFY_MINIMALIF)', () => {
  it('boundaries written out: empty, 01, 00, 02, 01 00, 80 under each sigVersion, with and without the flag', () => {
    const cases: [number[], SigVersion, number, ScriptError | undefined][] = [
      [[], 'TAPSCRIPT', 0, undefined],
      [[0x01], 'TAPSCRIPT', 0, undefined],
      [[0x00], 'TAPSCRIPT', 0, 'TAPSCRIPT_MINIMALIF'],
      [[0x02], 'TAPSCRIPT', 0, 'TAPSCRIPT_MINIMALIF'],
      [[0x80], 'TAPSCRIPT', 0, 'TAPSCRIPT_MINIMALIF'],
      [[0x01, 0x00], 'TAPSCRIPT', MINIMALIF_FLAG, 'TAPSCRIPT_MINIMALIF'],
      [[], 'WITNESS_V0', MINIMALIF_FLAG, undefined],
      [[0x01], 'WITNESS_V0', MINIMALIF_FLAG, undefined],
      [[0x00], 'WITNESS_V0', MINIMALIF_FLAG, 'MINIMALIF'],
      [[0x02], 'WITNESS_V0', MINIMALIF_FLAG, 'MINIMALIF'],
      [[0x01, 0x00], 'WITNESS_V0', MINIMALIF_FLAG, 'MINIMALIF'],
      [[0x02], 'WITNESS_V0', 0, undefined],
      [[0x02], 'WITNESS_V0', 0xffffffff & ~MINIMALIF_FLAG, undefined],
      [[0x01, 0x00], 'WITNESS_V0', 0, undefined],
      [[0x00], 'BASE', 0xffffffff, undefined],
      [[0x02], 'BASE', MINIMALIF_FLAG, undefined],
      [[0x01, 0x00], 'TAPROOT', MINIMALIF_FLAG, undefined],
    ];
    for (const [bytes, sigVersion, flags, want] of cases) {
      expect(checkMinimalIf(Uint8Array.from(bytes), sigVersion, flags), `${bytes} ${sigVersion} ${flags}`).toBe(want);
    }
    expect(cases.length).toBe(17);
  });

  it('equals the inline interpreter code (5,000 random arguments of 0..4 bytes, sigVersions, flags)', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4 }).map((a) => (a.length === 1 && a[0]! > 3 ? Uint8Array.of(a[0]! & 3) : a)),
        fc.constantFrom(...SIG_VERSIONS),
        fc.oneof(fc.constantFrom(0, MINIMALIF_FLAG, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff })),
        (arg, sigVersion, flags) => {
          const got = checkMinimalIf(arg, sigVersion, flags);
          expect(got).toBe(inlineMinimalIf(arg, sigVersion, flags));
          outcomes.add(String(got));
        },
      ),
      { numRuns: 5000, seed: 16 },
    );
    expect([...outcomes].sort()).toEqual(['MINIMALIF', 'TAPSCRIPT_MINIMALIF', 'undefined']);
  });
});

// ---------------------------------------------------------------------------------------------
// evalScript on flow-control scripts

/** A checker that is never asked anything: these scripts have no signature or lock-time opcode. */
const NO_CHECKER = checkerWith();

/** Script pieces: pushes (OP_0, OP_1, OP_2, the 1-byte pushes 00, 01 and 80, the 2-byte push 01 00) and the flow-control opcodes. */
const PIECES: readonly (readonly number[])[] = [
  [0x00], [0x51], [0x52], [0x01, 0x00], [0x01, 0x01], [0x01, 0x80], [0x02, 0x01, 0x00],
  [0x63], [0x64], [0x67], [0x68], // OP_IF, OP_NOTIF, OP_ELSE, OP_ENDIF
];

/** The data a push piece pushes (Core: OP_0 pushes the empty vector, OP_N the number N). */
function pushed(piece: readonly number[]): Uint8Array {
  if (piece[0] === 0x00) return new Uint8Array(0);
  if (piece[0] === 0x51) return Uint8Array.of(1);
  if (piece[0] === 0x52) return Uint8Array.of(2);
  return Uint8Array.from(piece.slice(1));
}

/** Core's CastToBool, written out. */
function castToBoolModel(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return !(i === v.length - 1 && v[i] === 0x80);
  return false;
}

/** Core's EvalScript before 0.21 for these pieces only: vfExec, MINIMALIF, final UNBALANCED_CONDITIONAL. */
function evalModel(pieces: readonly (readonly number[])[], flags: number, sigVersion: SigVersion): { error: ScriptError } | { stack: Uint8Array[] } {
  const stack: Uint8Array[] = [];
  const vfExec: boolean[] = [];
  for (const piece of pieces) {
    const fExec = !vfExec.includes(false);
    const opcode = piece[0];
    if (opcode === 0x63 || opcode === 0x64) {
      let value = false;
      if (fExec) {
        if (stack.length < 1) return { error: 'UNBALANCED_CONDITIONAL' };
        const vch = stack[stack.length - 1] as Uint8Array;
        const minimal = vch.length === 0 || (vch.length === 1 && vch[0] === 1);
        if (sigVersion === 'TAPSCRIPT' && !minimal) return { error: 'TAPSCRIPT_MINIMALIF' };
        if (sigVersion === 'WITNESS_V0' && (flags & MINIMALIF_FLAG) !== 0 && !minimal) return { error: 'MINIMALIF' };
        value = castToBoolModel(vch);
        if (opcode === 0x64) value = !value;
        stack.pop();
      }
      vfExec.push(value);
    } else if (opcode === 0x67) {
      if (vfExec.length === 0) return { error: 'UNBALANCED_CONDITIONAL' };
      vfExec[vfExec.length - 1] = !vfExec[vfExec.length - 1];
    } else if (opcode === 0x68) {
      if (vfExec.length === 0) return { error: 'UNBALANCED_CONDITIONAL' };
      vfExec.pop();
    } else if (fExec) {
      stack.push(pushed(piece));
    }
  }
  if (vfExec.length !== 0) return { error: 'UNBALANCED_CONDITIONAL' };
  return { stack };
}

describe('§3.10 evalScript flow control', () => {
  it('equals Core\'s vfExec EvalScript on 3,000 random scripts of pushes and IF/NOTIF/ELSE/ENDIF, in BASE, WITNESS_V0 (with and without MINIMALIF) and TAPSCRIPT', () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 40, size: 'max' }),
        fc.constantFrom<[SigVersion, number]>(['BASE', 0], ['WITNESS_V0', 0], ['WITNESS_V0', MINIMALIF_FLAG], ['TAPSCRIPT', 0]),
        (pieces, [sigVersion, flags]) => {
          const script = Uint8Array.from(pieces.flat());
          const got = evalScript([], script, flags, NO_CHECKER, sigVersion as Exclude<SigVersion, 'TAPROOT'>);
          const want = evalModel(pieces, flags, sigVersion);
          if ('error' in want) {
            expect(got).toEqual({ ok: false, error: want.error });
            kinds.set(want.error, (kinds.get(want.error) ?? 0) + 1);
          } else {
            expect(got.ok).toBe(true);
            if (got.ok) expect(got.value.map((v) => Array.from(v))).toEqual(want.stack.map((v) => Array.from(v)));
            kinds.set('ok', (kinds.get('ok') ?? 0) + 1);
          }
        },
      ),
      { numRuns: 3000, seed: 17 },
    );
    // Every outcome is reached, each more than a handful of times.
    expect([...kinds.keys()].sort()).toEqual(['MINIMALIF', 'TAPSCRIPT_MINIMALIF', 'UNBALANCED_CONDITIONAL', 'ok']);
    for (const n of kinds.values()) expect(n).toBeGreaterThan(20);
  });
});
