/**
 * The query printer (harness/runner/smt-print.ts; CI.md, "How queries are printed"): every text
 * parses back in z3 to the very terms printed (the worker's digest check accepts it), shared
 * subterms are written once, a goal reuses its case's definitions, a batch of goals is one text
 * whose common subterms are written once (and whose goals the workers answer as the same goals
 * printed alone), and a text that does not mean its terms is refused by the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bool, Context } from 'z3-solver';
import { getZ3, shutdownZ3 } from '../../harness/runner.js';
import { SolverPool } from '../../harness/pool.js';
import { type PrintedQuery, batchText, casePrinter, queryText } from '../../harness/runner/smt-print.js';

let z3: Context<'main'>;
const pool = new SolverPool(1);

beforeAll(async () => {
  z3 = (await getZ3()).z3;
});

afterAll(async () => {
  await pool.close();
  await shutdownZ3();
});

/** The worker's answer for a printed query (its text read and checked against its digests). */
async function solvePrinted(q: PrintedQuery): Promise<{ result: string; misread: boolean; reason?: string }> {
  const [a] = await pool.solve([{ ...q, rlimit: 1_000_000, timeoutMs: 600_000 }]);
  return { result: a?.result ?? 'none', misread: a?.misread === true, ...(a?.reason !== undefined ? { reason: a.reason } : {}) };
}

/** z3's answer for a text, solved alone in a fresh solver of the main context. */
async function solveText(text: string): Promise<string> {
  const solver = new z3.Solver();
  solver.fromString(text);
  return solver.check();
}

describe('SMT-LIB printer', () => {
  it('prints every construct the translator makes so that z3 reads back the same terms', async () => {
    const x = z3.Int.const('x');
    const y = z3.Int.const('y');
    const digest = z3.Function.declare('sha256_len2_byte0', z3.Int.sort(), z3.Int.sort(), z3.Int.sort());
    const oddName = z3.Int.const('tx inputs|0'.replace('|', ':'));
    const s = x.add(y).mul(-3);
    const bits = z3.Int2BV(x, 32).and(z3.Int2BV(y, 32));
    const terms: Bool<'main'>[] = [
      x.ge(-2),
      z3.If(x.gt(0), s, s.add(1)).eq(digest.call(s, y)),
      z3.Implies(x.le(y), z3.Not(y.eq(0))),
      x.div(3).eq(y.mod(-7)),
      z3.BV2Int(bits, false).eq(z3.BV2Int(bits.extract(7, 0), false)),
      z3.Xor(x.eq(oddName), z3.Distinct(x, y, oddName)),
      z3.Or(z3.Bool.val(false), x.sub(y).neg().lt(100000000000000000000000n)),
    ];
    const printed = queryText(z3, terms);
    const text = printed.smt;
    // The shared product s is defined once and used three times; the odd name is quoted.
    expect(text.match(/\(define-fun \$d\d+ \(\) Int \(\* \(\+ x y\) \(- 3\)\)\)/g)?.length).toBe(1);
    expect(text).toContain('|tx inputs:0|');
    expect(text).toContain('(- 2)');
    // The worker reads it back as the terms printed (their digests), negative numerals included.
    expect(await solvePrinted(printed)).toEqual({ result: 'sat', misread: false });
    expect(await solveText(text)).toBe('sat');
    // The same terms with x pinned to a value that breaks the first one: unsat, read from text alone.
    expect(await solvePrinted(queryText(z3, [...terms, x.eq(-3)]))).toEqual({ result: 'unsat', misread: false });
  });

  it('refuses, in the worker, a text that does not parse back to its terms', async () => {
    const x = z3.Int.const('x');
    const printed = queryText(z3, [x.add(2).ge(-2), x.le(5)]);
    const tampered = async (from: string, to: string) => {
      expect(printed.smt).toContain(from);
      return solvePrinted({ ...printed, smt: printed.smt.replace(from, to) });
    };
    // A numeral, a bound and an operator changed: each reads back as other terms, so no answer.
    for (const [from, to] of [['(- 2)', '(- 3)'], ['(<= x 5)', '(<= x 6)'], ['(<= x 5)', '(< x 5)']] as const) {
      const a = await tampered(from, to);
      expect([a.result, a.misread]).toEqual(['unknown', true]);
      expect(a.reason).toMatch(/^misread: a printed text reads back as other terms than those printed/);
    }
    // A digest of other terms: refused too, and a text with one assertion more than its digests.
    expect((await solvePrinted({ ...printed, digests: queryText(z3, [x.le(5)]).digests })).misread).toBe(true);
    expect((await solvePrinted({ ...printed, smt: printed.smt.replace('(check-sat)', '(assert true)\n(check-sat)') })).misread).toBe(true);
    expect(() => queryText(z3, [z3.Int.const('a|b').eq(0)])).toThrow(/cannot be written in SMT-LIB/);
    expect(() => queryText(z3, [z3.Int.const('$d1').eq(0)])).toThrow(/shape of a printer name/);
  });

  it('prints a case once and each goal after it, reusing the case definitions', async () => {
    const x = z3.Int.const('x');
    const y = z3.Int.const('y');
    const big = x.mul(x).add(y);
    const assumptions = [big.ge(0), big.le(10), y.ge(0)];
    const printer = casePrinter(z3);
    try {
      const g1 = printer.query(assumptions, big.eq(3).and(x.eq(y)));
      const zz = z3.Int.const('z').mul(z3.Int.const('z'));
      const g2 = printer.query(assumptions, zz.add(zz.mul(big)).eq(big.mul(4).add(4)));
      expect(g1.shared.assumptions).toBe(g2.shared.assumptions);
      expect(g1.smt).toBe(`${g1.shared.assumptions}${g1.shared.goal}(check-sat)\n`);
      // The goals name the assumptions' definition of x*x + y instead of printing it again.
      const defined = /\(define-fun (\$d\d+) \(\) Int \(\+ \(\* x x\) y\)\)/.exec(g1.shared.assumptions)?.[1];
      expect(defined).toBeDefined();
      expect(g1.shared.goal).toContain(defined);
      expect(g1.shared.goal).not.toContain('(* x x)');
      // A constant only the goal has is declared in the goal; a subterm the goal uses twice is a let.
      expect(g2.shared.goal).toContain('(declare-fun z () Int)');
      expect(g2.shared.goal).toMatch(/\(let \(\(\$l1 \(\* z z\)\)\) /);
      expect(await solveText(g1.smt)).toBe('unsat');
      expect(await solveText(g2.smt)).toBe('sat');
      // The worker reads each whole and as a case's parts in one context (the assumptions' digest first, then each goal's).
      expect(await solvePrinted(g1)).toEqual({ result: 'unsat', misread: false });
      expect(await solvePrinted(g2)).toEqual({ result: 'sat', misread: false });
      const shared = await pool.solve([g1, g2].map((g) => ({ ...g, rlimit: 1_000_000, timeoutMs: 600_000 })));
      expect(shared.map((a) => [a.result, a.misread === true])).toEqual([['unsat', false], ['sat', false]]);
      // A goal that does not read back as its digest says, after assumptions that do: refused, not retried alone.
      const wrongGoal = { ...g2, digests: [g2.digests[0] as number, g1.digests[1] as number] };
      const [, refused] = await pool.solve([g1, wrongGoal].map((g) => ({ ...g, rlimit: 1_000_000, timeoutMs: 600_000 })));
      expect([refused?.result, refused?.misread]).toEqual(['unknown', true]);
    } finally {
      printer.close();
    }
  });

  it('hashes a goal with the negative numerals of the case definitions it names, and only those of its own query', async () => {
    const x = z3.Int.const('x');
    const y = z3.Int.const('y');
    // x * (-3) + y is used twice in the assumptions: a definition holding the one negative numeral.
    const scaled = x.mul(-3).add(y);
    const printer = casePrinter(z3);
    try {
      const negativeCase = printer.query([scaled.ge(0), scaled.le(10)], scaled.eq(y.add(6)));
      expect(negativeCase.shared.assumptions).toMatch(/\(define-fun \$d\d+ \(\) Int \(\+ \(\* x \(- 3\)\) y\)\)/);
      // The goal has no negative numeral of its own: only the definition it names has one.
      expect(negativeCase.shared.goal).not.toContain('(- ');
      // A later case of the same printer without negative numerals: its digests are its terms' own hashes.
      const plainCase = printer.query([x.ge(1), x.le(2)], x.eq(y));
      expect(plainCase.smt).not.toContain('(- ');
      const answers = await pool.solve([negativeCase, plainCase].map((g) => ({ ...g, rlimit: 1_000_000, timeoutMs: 600_000 })));
      expect(answers.map((a) => [a.result, a.misread === true])).toEqual([['sat', false], ['sat', false]]);
      expect(await solvePrinted(negativeCase)).toEqual({ result: 'sat', misread: false });
    } finally {
      printer.close();
    }
  });

  it('prints a group of goals with the subterms they share defined once, after the case', async () => {
    const x = z3.Int.const('x');
    const y = z3.Int.const('y');
    const assumptions = [x.ge(0), x.le(10)];
    // A path both goals share, with a negative numeral only there.
    const path = z3.And(x.mul(y).add(-4).gt(0), y.le(x.add(1)));
    const goals = [z3.And(path, x.eq(3)), z3.And(path, x.eq(0))];
    const printer = casePrinter(z3);
    try {
      const alone = goals.map((g) => printer.query(assumptions, g));
      const grouped = printer.group(assumptions, goals);
      // One assumptions text for the group, with the shared path as a definition each goal names.
      expect(grouped[0]?.shared.assumptions).toBe(grouped[1]?.shared.assumptions);
      const name = /\(define-fun (\$d\d+) \(\) Bool \(and /.exec(grouped[0]?.shared.assumptions ?? '')?.[1];
      expect(name).toBeDefined();
      for (const q of grouped) {
        expect(q.shared.goal).toContain(name);
        expect(q.shared.goal).not.toContain('(- 4)');
      }
      expect(alone[0]?.shared.goal).toContain('(- 4)');
      // The same assertions as the goals printed one by one: the same digests.
      expect(grouped.map((q) => q.digests)).toEqual(alone.map((q) => q.digests));
      // The worker reads them back (in one context, and each alone) and answers each: x = 3, y = 2 reaches the path; x = 0 cannot.
      const answers = await pool.solve(grouped.map((g) => ({ ...g, rlimit: 1_000_000, timeoutMs: 600_000 })));
      expect(answers.map((a) => [a.result, a.misread === true])).toEqual([['sat', false], ['unsat', false]]);
      expect(await solvePrinted(grouped[1] as PrintedQuery)).toEqual({ result: 'unsat', misread: false });
      // One goal: the case's own text.
      expect(printer.group(assumptions, [goals[0] as Bool<'main'>])[0]?.smt).toBe(alone[0]?.smt);
    } finally {
      printer.close();
    }
  });

  it('solves a goal undetermined beside its case again alone, from its case text and its own', async () => {
    const [x, y, z] = [z3.Int.const('x'), z3.Int.const('y'), z3.Int.const('z')];
    const assumptions = [x.gt(0), y.gt(0), z.gt(0)];
    // x³ + y³ = z³ (Fermat, n = 3): z3 does not settle it within the budget; then a goal it does.
    const hard = x.mul(x).mul(x).add(y.mul(y).mul(y)).eq(z.mul(z).mul(z));
    const easy = z3.And(x.gt(3), x.lt(2));
    const printer = casePrinter(z3);
    try {
      const budget = 50_000;
      const [first, second] = await pool.solve([hard, easy].map((g) => ({ ...printer.query(assumptions, g), rlimit: budget, timeoutMs: 600_000 })));
      // Unknown in the case's context, then again alone (the worker's text of the case and the goal, read and checked): both runs counted.
      expect([first?.result, first?.misread === true, first?.reason]).toEqual(['unknown', false, expect.not.stringMatching(/solver error|misread/)]);
      expect(first?.rlimit).toBeGreaterThan(budget);
      expect(second?.result).toBe('unsat');
    } finally {
      printer.close();
    }
  });

  it('prints and reads back terms nested 20,000 deep', async () => {
    let t = z3.Int.const('x');
    for (let i = 0; i < 20_000; i++) t = z3.If(t.gt(i), t.add(1), t.sub(i));
    // Each level uses t three times, so every level is one definition and the text stays flat.
    const flat = queryText(z3, [t.ge(0)]);
    expect(flat.smt.split('\n').length).toBeGreaterThan(20_000);
    // Each level of this one is used once: one assertion nested 20,000 deep.
    let u = z3.Int.const('x');
    for (let i = 0; i < 20_000; i++) u = u.add(i).mul(2);
    const nested = queryText(z3, [u.ge(0)]);
    expect(nested.smt).not.toContain('define-fun');
    expect(nested.smt.split('(+ ').length - 1).toBe(20_000);
    // The worker reads both back as the terms printed (u >= 0 holds for x = 0).
    for (const q of [flat, nested]) expect((await solvePrinted(q)).misread).toBe(false);
    expect((await solvePrinted(nested)).result).toBe('sat');
  });

  it('prints a batch of goals as one tuple, their common subterms once, answered as each goal alone', async () => {
    const x = z3.Int.const('x');
    const y = z3.Int.const('y');
    const big = x.mul(3).add(y.mul(-5));
    const assumptions = [big.ge(0), big.le(10), y.ge(-3)];
    const first = big.eq(3).and(x.eq(y));
    // The first goal again last: the same goal, read with the text and after it.
    const goals = [first, big.eq(y).and(x.gt(1)), big.add(1).eq(big.mul(2)).and(y.gt(x.mul(2))).and(x.ge(0)), y.add(x).lt(-3).and(x.ge(0)), first];
    const printed = batchText(z3, assumptions, goals);
    const text = printed.smt;
    // One assertion of the tuple of the assumptions and the five goals; x*3 + y*(-5) written once.
    expect(text).toContain('(declare-fun $q0 (Bool Bool Bool Bool Bool Bool) Bool)');
    expect(text.match(/\(assert /g)?.length).toBe(1);
    expect(text.match(/\(\* x 3\)/g)?.length).toBe(1);
    expect(text).toContain('(- 5)');
    expect(text).not.toContain('check-sat');
    // The workers' answers for each goal of the text equal their answers for the goal printed alone.
    const alone = (await pool.solve(goals.map((g) => ({ ...queryText(z3, [...assumptions, g]), rlimit: 1_000_000, timeoutMs: 600_000 })))).map((a) => a.result);
    expect(alone).toEqual(['unsat', 'sat', 'unsat', 'unsat', 'unsat']);
    const answers = await pool.solve(goals.map((_, index) => ({ ...printed, sharedText: { index }, model: true, rlimit: 1_000_000, timeoutMs: 600_000 })));
    expect(answers.map((a) => a.result)).toEqual(alone);
    const model = answers[1]?.model ?? {};
    const [mx, my] = [BigInt(model.x ?? 'NaN'), BigInt(model.y ?? 'NaN')];
    expect([3n * mx - 5n * my, mx > 1n]).toEqual([my, true]);
    // Reading the text counts in the first goal's rlimit only.
    expect(answers[0]?.rlimit).toBeGreaterThan(answers[4]?.rlimit ?? Infinity);
    // The text with one numeral changed: every goal of it refused (misread), none answered.
    const tampered = await pool.solve(goals.map((_, index) => ({ ...printed, smt: text.replace('(- 5)', '(- 4)'), sharedText: { index }, rlimit: 1_000_000, timeoutMs: 600_000 })));
    expect(tampered.map((a) => [a.result, a.misread])).toEqual(goals.map(() => ['unknown', true]));
  });

  it('refuses a printer-shaped symbol in a batch text, and a goal past the batch', async () => {
    const x = z3.Int.const('x');
    expect(() => batchText(z3, [x.ge(0)], [z3.Int.const('$q0').eq(x)])).toThrow(/shape of a printer name/);
    const printed = batchText(z3, [x.ge(0)], [x.lt(0)]);
    const [a, b] = await pool.solve([0, 1].map((index) => ({ ...printed, sharedText: { index }, rlimit: 1_000_000, timeoutMs: 600_000 })));
    expect(a?.result).toBe('unsat');
    expect([b?.result, b?.reason]).toEqual(['unknown', 'solver error: goal 1 is not in its batch text']);
  });
});
