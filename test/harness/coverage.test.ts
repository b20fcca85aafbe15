/**
 * `prove --coverage`'s two counts (harness/coverage.ts, CI.md "Coverage") on a hand-made run
 * record over the real kernel and proofs/: a function counts as constrained when a PROVED proof
 * targets it or its proof file calls it by name; a callee only translated on the way, kernel/result.ts's
 * ok/err, and functions of a proof that is not PROVED do not.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageReport } from '../../harness/coverage.js';
import type { ProofResult, RunReport } from '../../harness/runner/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A PROVED (or other) result of proofs/money.proof.ts, which calls isCoinbaseSpendMature and moneyRange but neither subsidy function. */
const result = (status: ProofResult['status'], fn: string, used: readonly string[]): ProofResult =>
  ({ name: `${fn} proof`, file: 'proofs/money.proof.ts', line: 1, fn, fnLoc: '', spec: '', statement: '', status, ms: 0, rlimit: 0, cached: false, checks: [], unwind: 0, axioms: [], inputs: '', requires: '', ensures: '', covers: [], functionsUsed: used, queryHash: '' }) as ProofResult;

describe('prove --coverage', () => {
  it('counts targets and functions the proof file calls as constrained, not callees only translated, ok/err or unproved proofs', () => {
    const report: RunReport = {
      schema: 'bllvm-proofs/1',
      translator: '',
      solver: '',
      startedAt: '',
      ms: 0,
      results: [
        result('PROVED', 'isCoinbaseSpendMature', [
          'isCoinbaseSpendMature (kernel/validation/tx-inputs.ts:24:1)',
          'moneyRange (kernel/validation/money.ts:7:1)',
          'subsidyAfterHalvings (kernel/validation/subsidy.ts:22:1)',
          'ok (kernel/result.ts:7:1)',
        ]),
        result('REFUTED', 'getBlockSubsidy', ['getBlockSubsidy (kernel/validation/subsidy.ts:16:1)']),
      ],
    } as RunReport;
    const c = coverageReport(ROOT, report);
    const row = (name: string) => c.functions.find((f) => f.name === name);
    expect(row('isCoinbaseSpendMature')?.constraining).toEqual(['isCoinbaseSpendMature proof']);
    expect(row('moneyRange')?.constraining).toEqual(['isCoinbaseSpendMature proof']); // money.proof.ts calls it
    expect(row('subsidyAfterHalvings')?.proofs).toEqual(['isCoinbaseSpendMature proof']);
    expect(row('subsidyAfterHalvings')?.constraining).toEqual([]); // translated, never called by the proof file
    expect(row('ok')?.proofs).toEqual(['isCoinbaseSpendMature proof']);
    expect(row('ok')?.constraining).toEqual([]);
    expect(row('getBlockSubsidy')?.proofs).toEqual([]); // REFUTED
    expect(c.withProof).toBe(4);
    expect(c.withConstrainingProof).toBe(2);
  });
});
