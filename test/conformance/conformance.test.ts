import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND, SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import { type Result, decodeTransaction } from '../../kernel/index.js';
import { err, ok } from "../../kernel/result.js";
import type { ScriptError } from '../../kernel/script/errors.js';
import { SCRIPT_VERIFY_NULLDUMMY, SCRIPT_VERIFY_TAPROOT } from '../../kernel/script/flags.js';
import { VectorStore, parseUndo } from '../../shell/conformance/data.js';
import { kernelEngine } from '../../shell/conformance/engine.js';
import {
  BCOIN_TX_FIXTURES,
  type ScriptEngine,
  type SuiteResult,
  runBcoinTxs,
  runBip340,
  runBip341,
  runBlockSigops,
  runSighashTests,
  runScriptTests,
  runTxInvalid,
  runTxValid,
} from '../../shell/conformance/suites.js';

/** Rows of bip-0340-test-vectors.csv whose verification result is FALSE. */
const FALSE_ROWS = 10;

function summary(r: SuiteResult): { total: number; passed: number; failed: number } {
  return { total: r.total, passed: r.passed, failed: r.failed };
}

/** On failure, vitest prints the failures themselves, not just the counts. */
function expectAllPass(r: SuiteResult, total: number): void {
  expect({ ...summary(r), failures: r.failures }).toEqual({ total, passed: total, failed: 0, failures: [] });
}

describe.each(SECP256K1_BACKENDS.map((b) => [b.name, b] as const))('conformance with the %s backend', (_name, backend) => {
  const engine = kernelEngine(backend);

  // Core's DoTest draws 256 random flag variations per case; the default backend gets as many, the other 16.
  const flagVariations = backend === DEFAULT_BACKEND ? 256 : 16;
  it(`§3.1 §3.10 §3.11 §3.12 §3.13 script_tests.json: 1,212 of 1,212 give exactly Core’s result and error code, and keep it under ${flagVariations} of Core’s flag variations`, () => {
    const r = runScriptTests(engine, undefined, { flagVariations });
    expectAllPass(r, 1212);
    expect(r.checks).toEqual({ result: { total: 1212, passed: 1212 }, 'flag monotonicity': { total: 1212, passed: 1212 } });
  });

  it('§3.7 §3.10 §3.11 §3.13 §4.6 §4.7 tx_valid.json: 121 of 121 valid under all flags but the excluded ones, with Core’s maximality check', () => {
    const r = runTxValid(engine);
    expectAllPass(r, 121);
    expect(r.checks?.['CheckTransaction']).toEqual({ total: 121, passed: 121 });
    expect(r.checks?.['valid under all flags but the excluded']).toEqual({ total: 121, passed: 121 });
    expect(r.checks?.['valid with fewer flags']).toEqual({ total: 121, passed: 121 });
    expect(r.checks?.['maximality']).toEqual({ total: 121, passed: 121 });
  });

  it('§3.10 §3.11 §3.13 §4.6 §4.7 §5.1 tx_invalid.json: 93 of 93 (84 invalid under their flags with Core’s minimality check, 9 BADTX fail CheckTransaction)', () => {
    const r = runTxInvalid(engine);
    expectAllPass(r, 93);
    expect(r.checks?.['invalid under its flags']).toEqual({ total: 84, passed: 84 });
    expect(r.checks?.['invalid with more flags']).toEqual({ total: 84, passed: 84 });
    expect(r.checks?.['minimality']).toEqual({ total: 84, passed: 84 });
    expect(r.checks?.['BADTX: CheckTransaction fails']).toEqual({ total: 9, passed: 9 });
  });

  it('§3.11 bcoin tx1..tx10: 10 of 10 (tx1-4, tx6, tx7, tx10 verify with their undo data under bcoin’s flags; tx5, tx8, tx9 have none)', () => {
    expectAllPass(runBcoinTxs(engine), 10);
  });

  it('§3.7 §5.1 sighash.json: 500 of 500 legacy signature hashes, every tx passing CheckTransaction', () => {
    const r = runSighashTests();
    expectAllPass(r, 500);
    expect(r.checks).toEqual({ CheckTransaction: { total: 500, passed: 500 }, sighash: { total: 500, passed: 500 } });
  });

  it('§3.5 bip-0340-test-vectors.csv: 19 of 19 verify as listed, 8 of 8 signing rows sign to the listed signature', () => {
    const r = runBip340(backend);
    expectAllPass(r, 19);
    expect(r.checks).toEqual({ verify: { total: 19, passed: 19 }, sign: { total: 8, passed: 8 } });
  });

  it('§3.7 §3.8 bip341_wallet_vectors.json: 7 scriptPubKey cases, the transaction hashes and 7 key-path inputs give every intermediary and expected value', () => {
    const r = runBip341(backend);
    expectAllPass(r, 15);
    expect(r.checks).toEqual({ scriptPubKey: { total: 7, passed: 7 }, 'transaction hashes': { total: 1, passed: 1 }, 'key-path inputs': { total: 7, passed: 7 } });
  });

  it('§3.3 block sigop costs of block300025, block928816, block928828, block928831 equal blocks-manifest.json', () => {
    const r = runBlockSigops(engine);
    expectAllPass(r, 4);
    expect(r.notes).toEqual(["bcoin/block300025.raw: 5280 summed from tx 1 as bcoin's test does; 5284 for the whole block"]);
  });
});

// The runners must catch a wrong interpreter: each engine below is wrong in one way.
describe('the runners are not vacuous', () => {
  const real = kernelEngine();

  function engineWith(name: string, verify: (real: Result<void, ScriptError>, flags: number) => Result<void, ScriptError>): ScriptEngine {
    return {
      name,
      prepare: (tx, spent) => {
        const inner = real.prepare(tx, spent);
        return (i, flags) => verify(inner(i, flags), flags);
      },
      transactionSigOpCost: (tx, spent, flags) => real.transactionSigOpCost(tx, spent, flags),
    };
  }

  it('an engine that accepts everything fails the 540 script_tests error cases and the 84 script-failing tx_invalid cases', () => {
    const yes = engineWith('accepts all', () => ok(undefined));
    const s = runScriptTests(yes, undefined, { flagVariations: 0 });
    expect(summary(s)).toEqual({ total: 1212, passed: 672, failed: 540 });
    const t = runTxInvalid(yes);
    expect(summary(t)).toEqual({ total: 93, passed: 9, failed: 84 });
  });

  it('an engine with the wrong error code fails exactly those cases', () => {
    const wrong = engineWith('EVAL_FALSE as UNKNOWN_ERROR', (r) => (!r.ok && r.error === 'EVAL_FALSE' ? err('UNKNOWN_ERROR') : r));
    const s = runScriptTests(wrong, undefined, { flagVariations: 0 });
    expect(s.failed).toBe(82);
    expect(s.failures[0]?.expected).toBe('EVAL_FALSE');
    expect(s.failures[0]?.actual).toBe('UNKNOWN_ERROR');
  });

  it('an engine that ignores NULLDUMMY fails the 3 tx_valid maximality checks and the 3 tx_invalid cases that need it', () => {
    const ignoring: ScriptEngine = {
      name: 'ignores NULLDUMMY',
      prepare: (tx, spent) => {
        const inner = real.prepare(tx, spent);
        return (i, flags) => inner(i, flags & ~SCRIPT_VERIFY_NULLDUMMY);
      },
      transactionSigOpCost: real.transactionSigOpCost,
    };
    const v = runTxValid(ignoring);
    expect(v.checks?.['maximality']).toEqual({ total: 121, passed: 118 });
    expect(summary(v)).toEqual({ total: 121, passed: 118, failed: 3 });
    const inv = runTxInvalid(ignoring);
    expect(inv.checks?.['invalid under its flags']).toEqual({ total: 84, passed: 81 });
    expect(summary(inv)).toEqual({ total: 93, passed: 90, failed: 3 });
  });

  it('an engine that turns failures into passes once TAPROOT is on fails Core’s flag-monotonicity check', () => {
    const flaky = engineWith('passes under TAPROOT', (r, flags) => (flags & SCRIPT_VERIFY_TAPROOT ? ok(undefined) : r));
    const s = runScriptTests(flaky, undefined, { flagVariations: 16 });
    // Results under each case's own flags change only for failing cases that carry TAPROOT themselves.
    expect(s.checks?.['result']?.passed).toBeGreaterThan(1200);
    // Adding random flags to the 540 failing cases reaches TAPROOT (1 bit in 21) for most of them.
    expect(s.checks?.['flag monotonicity']?.passed).toBeLessThan(1212 - 300);
  });

  it('an engine that throws is reported, not crashed', () => {
    const thrower = engineWith('throws', () => {
      throw new Error('boom');
    });
    const s = runScriptTests(thrower, undefined, { flagVariations: 0, maxFailures: 1 });
    expect(summary(s)).toEqual({ total: 1212, passed: 0, failed: 1212 });
    expect(s.failures[0]?.actual).toBe('THREW Error: boom');
  });

  it('a backend that accepts every Schnorr signature fails the 10 BIP340 rows listed FALSE, and only those', () => {
    const lax = { ...DEFAULT_BACKEND, verifySchnorr: () => true };
    const r = runBip340(lax);
    expect(summary(r)).toEqual({ total: 19, passed: 19 - FALSE_ROWS, failed: FALSE_ROWS });
  });

  it('a wrong sigop count is caught', () => {
    const off: ScriptEngine = { ...real, transactionSigOpCost: (tx, spent, flags) => real.transactionSigOpCost(tx, spent, flags) + 1 };
    expect(runBlockSigops(off).failed).toBe(4);
  });

  it('the bcoin fixtures check real signatures: a flipped bit in any signature push of tx1..tx4, tx6, tx7, tx10 fails its input', () => {
    const store = new VectorStore();
    for (const f of BCOIN_TX_FIXTURES) {
      if (f.flags === undefined) continue;
      const decoded = decodeTransaction(store.bytes(`bcoin/${f.name}.raw`));
      if (!decoded.ok) throw new Error(f.name);
      const tx = decoded.value;
      const spent = parseUndo(store.bytes(`bcoin/${f.name}-undo.raw`));
      // The first input with a DER signature (0x30 ...) pushed first in its scriptSig (after OP_0 for multisig) or witness.
      const sigAt = (script: Uint8Array): number => (script[1] === 0x30 ? 1 : script[0] === 0 && script[2] === 0x30 ? 2 : -1);
      const i = tx.inputs.findIndex((input) => sigAt(input.scriptSig) >= 0 || input.witness[0]?.[0] === 0x30);
      const input = tx.inputs[i];
      if (input === undefined) throw new Error(`${f.name}: no signature`);
      const at = sigAt(input.scriptSig);
      const mutated =
        at >= 0
          ? { ...input, scriptSig: Uint8Array.from(input.scriptSig, (b, k) => (k === at + 10 ? b ^ 1 : b)) }
          : { ...input, witness: input.witness.map((w, k) => (k === 0 ? Uint8Array.from(w, (b, j) => (j === 10 ? b ^ 1 : b)) : w)) };
      const bad = { ...tx, inputs: tx.inputs.map((x, k) => (k === i ? mutated : x)) };
      expect(real.prepare(tx, spent)(i, f.flags).ok, `${f.name} input ${i}`).toBe(true);
      expect(real.prepare(bad, spent)(i, f.flags).ok, `${f.name} input ${i} mutated`).toBe(false);
    }
  });
});

