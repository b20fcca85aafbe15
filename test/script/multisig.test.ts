/**
 * OP_CHECKMULTISIG through evalScript (kernel/script/multisig.ts and interpreter.ts): the error
 * order of Core's EvalScript (the extra element is required before any signature is checked),
 * the greedy key/signature walk, NULLFAIL and NULLDUMMY. The expected results are Core's, read
 * from src/script/interpreter.cpp; signature validity comes from a table of (signature, key)
 * pairs, so each case states which pairs verify. Real signatures: test/conformance and
 * test/regtest-chain.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { SignatureChecker } from '../../kernel/script/checker.js';
import { evalScript } from '../../kernel/script/interpreter.js';
import { checkerWith } from '../support/checker.js';

const key = (b: number): Uint8Array => new Uint8Array(33).fill(b).fill(0x02, 0, 1);
/** A strict-DER signature with SIGHASH_ALL (r = s = b), so DERSIG/STRICTENC accept it. */
const sig = (b: number): Uint8Array => Uint8Array.of(0x30, 0x06, 0x02, 0x01, b, 0x02, 0x01, b, 0x01);
const push = (data: Uint8Array): number[] => [data.length, ...data];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A checker where exactly the listed (signature byte, key byte) pairs verify; it records the pairs asked. */
function pairChecker(valid: readonly (readonly [number, number])[]): { checker: SignatureChecker; asked: string[] } {
  const asked: string[] = [];
  const checker = checkerWith({
    checkEcdsaSignature: (s, k) => {
      asked.push(`${s[4]}/${k[1]}`);
      return valid.some(([a, b]) => s[4] === a && k[1] === b);
    },
  });
  return { checker, asked };
}

/** `m <sigs> ... n <keys> CHECKMULTISIG` as a script: OP_m, the keys, OP_n, 0xae. */
function multisigScript(m: number, keys: readonly number[]): Uint8Array {
  return Uint8Array.from([0x50 + m, ...keys.flatMap((k) => push(key(k))), 0x50 + keys.length, 0xae]);
}

const DERSIG = 1 << 2;
const NULLDUMMY = 1 << 4;
const NULLFAIL = 1 << 14;

describe('§3.10 OP_CHECKMULTISIG through evalScript', () => {
  it('requires the extra element before checking any signature (INVALID_STACK_OPERATION, not the signature error)', () => {
    const { checker, asked } = pairChecker([]);
    const bad = Uint8Array.of(0x30, 0x00, 0x01); // not DER
    const r = evalScript([bad], multisigScript(1, [1]), DERSIG, checker, 'BASE');
    expect(r).toEqual({ ok: false, error: 'INVALID_STACK_OPERATION' });
    const withDummy = evalScript([new Uint8Array(0), bad], multisigScript(1, [1]), DERSIG, checker, 'BASE');
    expect(withDummy).toEqual({ ok: false, error: 'SIG_DER' });
    expect(asked).toEqual([]);
  });

  it('walks keys in order, greedily: 2-of-3 succeeds when the signatures match keys in the same order', () => {
    const { checker, asked } = pairChecker([
      [2, 2],
      [1, 1],
    ]);
    const r = evalScript([new Uint8Array(0), sig(1), sig(2)], multisigScript(2, [1, 2, 3]), 0, checker, 'BASE');
    expect(r.ok && r.value.map(hex)).toEqual(['01']);
    // The topmost signature (2) meets the topmost key (3) first, then key 2; signature 1 then meets key 1.
    expect(asked).toEqual(['2/3', '2/2', '1/1']);
  });

  it('fails when the matching keys are out of order, and stops once too few keys are left', () => {
    const { checker, asked } = pairChecker([
      [1, 3],
      [2, 1],
    ]);
    // Key 1 is pushed last (topmost) and signature 1 is the topmost signature: 1/1 and 1/2 fail, leaving 2 signatures for 1 key.
    const r = evalScript([new Uint8Array(0), sig(2), sig(1)], multisigScript(2, [3, 2, 1]), 0, checker, 'BASE');
    expect(r.ok && r.value.map(hex)).toEqual(['']);
    expect(asked).toEqual(['1/1', '1/2']);
  });

  it('NULLFAIL: a failed check with a non-empty signature is SIG_NULLFAIL; with empty signatures it is false', () => {
    const { checker } = pairChecker([]);
    expect(evalScript([new Uint8Array(0), sig(1)], multisigScript(1, [1]), NULLFAIL, checker, 'BASE')).toEqual({ ok: false, error: 'SIG_NULLFAIL' });
    const empty = evalScript([new Uint8Array(0), new Uint8Array(0)], multisigScript(1, [1]), NULLFAIL, checker, 'BASE');
    expect(empty.ok && empty.value.map(hex)).toEqual(['']);
  });

  it('NULLDUMMY (BIP147): a non-empty extra element is SIG_NULLDUMMY only with the flag', () => {
    const { checker } = pairChecker([[1, 1]]);
    expect(evalScript([Uint8Array.of(1), sig(1)], multisigScript(1, [1]), NULLDUMMY, checker, 'BASE')).toEqual({ ok: false, error: 'SIG_NULLDUMMY' });
    const without = evalScript([Uint8Array.of(1), sig(1)], multisigScript(1, [1]), 0, checker, 'BASE');
    expect(without.ok && without.value.map(hex)).toEqual(['01']);
  });

  it('counts: 21 keys is PUBKEY_COUNT, more signatures than keys SIG_COUNT, 0-of-0 consumes 3 elements', () => {
    const { checker } = pairChecker([]);
    const keys21 = Uint8Array.from([0x01, 21, 0xae]); // push 21 as one byte, CHECKMULTISIG
    expect(evalScript([], keys21, 0, checker, 'BASE')).toEqual({ ok: false, error: 'PUBKEY_COUNT' });
    expect(evalScript([new Uint8Array(0)], Uint8Array.of(0x52, 0x01, 0x05, 0x51, 0xae), 0, checker, 'BASE')).toEqual({ ok: false, error: 'SIG_COUNT' }); // 2 signatures, 1 key (05)
    const zero = evalScript([Uint8Array.of(7), Uint8Array.of(9)], Uint8Array.of(0x00, 0x00, 0xae), 0, checker, 'BASE');
    expect(zero.ok && zero.value.map(hex)).toEqual(['07', '01']);
  });

  it('is disabled in tapscript (BIP342)', () => {
    const { checker } = pairChecker([]);
    expect(evalScript([new Uint8Array(0)], Uint8Array.of(0x00, 0x00, 0xae), 0, checker, 'TAPSCRIPT', { tapleafHash: new Uint8Array(32), annexHash: undefined, validationWeight: 100 })).toEqual({
      ok: false,
      error: 'TAPSCRIPT_CHECKMULTISIG',
    });
  });
});
