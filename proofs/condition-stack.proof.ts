/**
 * Core's ConditionStack (SPEC.md §3.10; src/script/interpreter.cpp) over the real
 * kernel/script/condition-stack.ts, against Core's flow control before 0.21 written out here: a
 * vector<bool> vfExec where OP_IF/OP_NOTIF push_back the branch's value, OP_ELSE flips back(),
 * OP_ENDIF pop_back()s, both failing with UNBALANCED_CONDITIONAL on an empty vector, and opcodes
 * execute iff count(vfExec, false) == 0. And the MINIMALIF rule (BIP342; SCRIPT_VERIFY_MINIMALIF is
 * 1 << 13 in src/script/interpreter.h) with Core's literal error names.
 *
 * Bounds, stated per proof: every sequence of 5 operations from the empty stack, checked after
 * each one (so every sequence of 0..5 operations); one operation on every vfExec of 0..20 entries
 * (with the empty stack, an induction: every sequence of any length whose nesting stays within 20);
 * OP_IF's argument of every length 0..3.
 */
import { bool, bytes, int, proof, tuple, uint32 } from '../harness/dsl.js';
import {
  checkMinimalIf,
  conditionAllTrue,
  conditionEmpty,
  conditionPopBack,
  conditionPushBack,
  conditionToggleTop,
  newConditionStack,
} from '../kernel/script/condition-stack.js';

export const conditionStackSequences = proof('ConditionStack behaves as Core\'s vector<bool> vfExec for every sequence of up to 5 IF/ELSE/ENDIF', {
  fn: conditionToggleTop,
  spec: '§3.10',
  statement:
    'For every sequence of 5 operations (0: IF pushing a chosen bool, 1: ELSE, 2: ENDIF) from the empty stack, after each operation (so for every sequence of 0..5 operations): ELSE and ENDIF fail with UNBALANCED_CONDITIONAL exactly when the vector<bool> vfExec is empty (the script stops there); otherwise size equals vfExec.size(), empty() equals vfExec.empty() and all_true() (Core\'s fExec) equals "every bool in vfExec is true". IF does vfExec.push_back(value), ELSE vfExec.back() = !vfExec.back(), ENDIF vfExec.pop_back().',
  inputs: { ops: tuple(5, int(0, 2)), values: tuple(5, bool()) },
  ensures: ({ ops, values }) => {
    // vfExec: 5 slots, the first `len` in use.
    const vec = [false, false, false, false, false];
    let len = 0;
    let cond = newConditionStack();
    let stopped = false;
    let good = true;
    for (let k = 0; k < 5; k++) {
      if (!stopped) {
        const o = ops[k];
        if (o === 0) {
          vec[len] = values[k];
          len = len + 1;
          cond = conditionPushBack(cond, values[k]);
        } else {
          const r = o === 1 ? conditionToggleTop(cond) : conditionPopBack(cond);
          if (len === 0) {
            good = good && !r.ok && r.error === 'UNBALANCED_CONDITIONAL';
            stopped = true;
          } else if (!r.ok) {
            good = false;
            stopped = true;
          } else {
            if (o === 1) vec[len - 1] = !vec[len - 1];
            else len = len - 1;
            cond = r.value;
          }
        }
        if (!stopped) {
          let allTrue = true;
          for (let i = 0; i < 5; i++) if (i < len && !vec[i]) allTrue = false;
          good = good && cond.stackSize === len && conditionEmpty(cond) === (len === 0) && conditionAllTrue(cond) === allTrue;
        }
      }
    }
    return good;
  },
  covers: {
    'ELSE on an empty stack': ({ ops }) => ops[0] === 1,
    'ENDIF on an empty stack': ({ ops }) => ops[0] === 2,
    'ENDIF after IF ENDIF': ({ ops }) => ops[0] === 0 && ops[1] === 2 && ops[2] === 2,
    'five nested IFs, the third false': ({ ops, values }) =>
      ops[0] === 0 && ops[1] === 0 && ops[2] === 0 && ops[3] === 0 && ops[4] === 0 && values[2] === false,
    'IF false, IF, ELSE: still not executing': ({ ops, values }) => ops[0] === 0 && values[0] === false && ops[1] === 0 && ops[2] === 1,
    'IF true, IF false, ELSE: executing again': ({ ops, values }) => ops[0] === 0 && values[0] === true && ops[1] === 0 && values[1] === false && ops[2] === 1,
  },
});

export const conditionStackStep = proof('each ConditionStack operation keeps it the picture of vfExec, for every vfExec of up to 20 entries', {
  fn: conditionPushBack,
  spec: '§3.10',
  statement:
    'For every vector<bool> vfExec of len entries, 0 <= len <= 20, and the record (size len, first-false position = the index of the first false in vfExec, -1 if none): IF with any bool (len < 20), ELSE and ENDIF give the record of vfExec after push_back(value), back() = !back(), pop_back(), with all_true() iff no false is left; ELSE and ENDIF on the empty vector fail with UNBALANCED_CONDITIONAL. With newConditionStack() being the empty vector\'s record (proof "the empty ConditionStack"), by induction every sequence of any length whose nesting stays within 20 levels.',
  inputs: { vec: tuple(20, bool()), len: int(0, 20), op: int(0, 2), value: bool() },
  requires: ({ len, op }) => op !== 0 || len < 20,
  ensures: ({ vec, len, op, value }) => {
    const v = [
      vec[0], vec[1], vec[2], vec[3], vec[4], vec[5], vec[6], vec[7], vec[8], vec[9],
      vec[10], vec[11], vec[12], vec[13], vec[14], vec[15], vec[16], vec[17], vec[18], vec[19],
    ];
    let firstFalse = -1;
    for (let i = 19; i >= 0; i--) if (i < len && !v[i]) firstFalse = i;
    const cond = { stackSize: len, firstFalsePos: firstFalse };
    let r = conditionToggleTop(cond);
    let newLen = len;
    if (op === 0) {
      v[len] = value;
      newLen = len + 1;
      r = { ok: true, value: conditionPushBack(cond, value) };
    } else if (op === 1) {
      if (len > 0) v[len - 1] = !v[len - 1];
    } else {
      r = conditionPopBack(cond);
      if (len > 0) newLen = len - 1;
    }
    if (op !== 0 && len === 0) return !r.ok && r.error === 'UNBALANCED_CONDITIONAL';
    let newFirstFalse = -1;
    for (let i = 19; i >= 0; i--) if (i < newLen && !v[i]) newFirstFalse = i;
    return (
      r.ok &&
      r.value.stackSize === newLen &&
      r.value.firstFalsePos === newFirstFalse &&
      conditionAllTrue(r.value) === (newFirstFalse === -1) &&
      conditionEmpty(r.value) === (newLen === 0)
    );
  },
  covers: {
    'ELSE on the first false turns it true': ({ vec, len, op }) => op === 1 && len === 3 && vec[0] && vec[1] && !vec[2],
    'ELSE above a false changes nothing': ({ vec, len, op }) => op === 1 && len === 3 && !vec[0],
    'ENDIF closing the first false': ({ vec, len, op }) => op === 2 && len === 20 && !vec[19] && vec[0] && vec[10],
    'IF on 19 entries': ({ len, op }) => op === 0 && len === 19,
  },
});

export const conditionStackEmpty = proof('the empty ConditionStack: executing, and ELSE or ENDIF on it is UNBALANCED_CONDITIONAL', {
  fn: newConditionStack,
  spec: '§3.10',
  statement:
    'newConditionStack() is the empty vfExec\'s record (size 0, no false: -1), empty() and all_true(); toggle_top (OP_ELSE) and pop_back (OP_ENDIF) on it fail with UNBALANCED_CONDITIONAL; push_back of any bool makes it non-empty with all_true() iff the bool is true.',
  inputs: { value: bool() },
  ensures: ({ value }) => {
    const empty = newConditionStack();
    const t = conditionToggleTop(empty);
    const p = conditionPopBack(empty);
    const pushed = conditionPushBack(empty, value);
    return (
      empty.stackSize === 0 && empty.firstFalsePos === -1 &&
      conditionEmpty(empty) && conditionAllTrue(empty) &&
      !t.ok && t.error === 'UNBALANCED_CONDITIONAL' &&
      !p.ok && p.error === 'UNBALANCED_CONDITIONAL' &&
      !conditionEmpty(pushed) && conditionAllTrue(pushed) === value
    );
  },
});

export const minimalIfRule = proof('MINIMALIF: OP_IF\'s argument must be empty or 0x01 in tapscript, and in witness v0 under SCRIPT_VERIFY_MINIMALIF', {
  fn: checkMinimalIf,
  spec: '§3.10',
  statement:
    'For every argument of n bytes, 0 <= n <= 3, every sigVersion (BASE, WITNESS_V0, TAPROOT, TAPSCRIPT) and every 32-bit flags value: the argument is minimal iff it is empty or the single byte 0x01; a non-minimal one is TAPSCRIPT_MINIMALIF in TAPSCRIPT (BIP342, whatever the flags), MINIMALIF in WITNESS_V0 when flags has bit 1 << 13 (SCRIPT_VERIFY_MINIMALIF), and accepted otherwise (BASE, TAPROOT, WITNESS_V0 without the flag). One case per length.',
  inputs: { buf: bytes(3), n: int(0, 3), version: int(0, 3), flags: uint32() },
  split: 'n',
  ensures: ({ buf, n, version, flags }) => {
    const sigVersion = version === 0 ? 'BASE' : version === 1 ? 'WITNESS_V0' : version === 2 ? 'TAPROOT' : 'TAPSCRIPT';
    const minimal = n === 0 || (n === 1 && buf[0] === 0x01);
    const flagSet = (flags & (1 << 13)) !== 0;
    const want = minimal ? undefined : version === 3 ? 'TAPSCRIPT_MINIMALIF' : version === 1 && flagSet ? 'MINIMALIF' : undefined;
    return checkMinimalIf(buf.subarray(0, n), sigVersion, flags) === want;
  },
  covers: {
    'empty in tapscript': ({ n, version }) => n === 0 && version === 3,
    '0x01 in tapscript': ({ buf, n, version }) => n === 1 && buf[0] === 1 && version === 3,
    '0x00 in tapscript': ({ buf, n, version }) => n === 1 && buf[0] === 0 && version === 3,
    '0x02 in witness v0 with the flag': ({ buf, n, version, flags }) => n === 1 && buf[0] === 2 && version === 1 && flags === 8192,
    '0x02 in witness v0 without the flag': ({ buf, n, version, flags }) => n === 1 && buf[0] === 2 && version === 1 && flags === 8191,
    '01 00 (two bytes) in tapscript': ({ buf, n, version }) => n === 2 && buf[0] === 1 && buf[1] === 0 && version === 3,
    '0x02 in legacy with every flag': ({ buf, n, version, flags }) => n === 1 && buf[0] === 2 && version === 0 && flags === 4294967295,
    'three bytes in taproot key path': ({ n, version }) => n === 3 && version === 2,
  },
});
