/** The mutation run as text: a table per function, totals per operator, the score, and every survivor as a one-line diff. */
import type { MutateReport, OutcomeCounts } from './types.js';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)];
}

const cells = (c: OutcomeCounts): string[] => [c.mutants, c.killed, c.survived, c.equivalent, c.error, c.unknown].map(String);
const HEAD = ['mutants', 'killed', 'survived', 'equivalent', 'error', 'unknown'];

/** Percent with one decimal. */
export function percent(x: number): string {
  return `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
}

export function formatMutations(report: MutateReport): string {
  const out = table(['function', ...HEAD], report.functions.map((f) => [f.function, ...cells(f)]));
  out.push('');
  out.push(...table(['operator', ...HEAD], Object.entries(report.byOperator).map(([o, c]) => [o, ...cells(c)])));
  out.push('');
  const t = report.totals;
  out.push(
    `${t.mutants} mutants of ${report.functions.length} proved functions: ${t.killed} killed, ${t.survived} survived, ${t.equivalent} equivalent, ${t.error} error, ${t.unknown} unknown in ${(report.ms / 1000).toFixed(1)} s`,
  );
  out.push(`mutation score (killed / (killed + survived)): ${percent(report.score)}`);
  const survivors = report.functions.flatMap((f) => f.results.filter((r) => r.outcome === 'survived'));
  if (survivors.length > 0) {
    out.push('', 'survived:');
    for (const r of survivors) out.push(`  ${r.diff}${r.detail !== undefined && !r.detail.includes('(sat)') ? `  [${r.detail}]` : ''}`);
  }
  const undetermined = report.functions.flatMap((f) => f.results.filter((r) => r.outcome === 'error' || r.outcome === 'unknown'));
  if (undetermined.length > 0) {
    out.push('', 'error / unknown (not counted as killed):');
    for (const r of undetermined) out.push(`  ${r.outcome.toUpperCase()} ${r.diff}  [${r.by ?? ''}: ${r.detail ?? ''}]`);
  }
  return out.join('\n');
}

/**
 * docs/PROOFS.md's "Mutation score" section, from the committed record of a full run
 * (reports/mutate.json): stable (no times or dates), so it changes only when an outcome does.
 */
export function mutationMarkdown(report: MutateReport): string[] {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const row = (name: string, c: OutcomeCounts): string => `| ${name} | ${c.mutants} | ${c.killed} | ${c.survived} | ${c.equivalent} | ${c.error} | ${c.unknown} |`;
  const t = report.totals;
  const lines = [
    '## Mutation score',
    '',
    '`npx bllvm mutate` (harness/mutate/) mutates every kernel function a PROVED proof translates, in memory (never on disk): relational operators',
    'flipped (`<` ↔ `<=`, `>` ↔ `>=`, `===` ↔ `!==`), numeric literals ± 1, `if` conditions replaced by `true` and by `false`, expression statements,',
    '`break` and `continue` dropped, operands of non-commutative operators swapped, `&&` ↔ `||`. Each mutant runs against the PROVED proofs that',
    'translate its function, one at a time, cheapest first, with their own rlimit budgets, stopping at the first failed check. **Killed**: some',
    'proof is REFUTED or VACUOUS. **Equivalent**: every proof still PROVED and the solver proves the mutant\'s result equal to the original\'s at',
    'every call those proofs make, over their input domains, once per split case (unsat; never guessed). **Survived**: every proof still PROVED and not proved equivalent. **Error** / **unknown**: no proof killed it and one was',
    'ERROR (the mutant leaves the translatable subset, or its translation outgrows 4x the unmutated one\'s inlined calls, hash applications or z3 term objects: CI.md "Mutation score") or UNKNOWN (rlimit spent): not counted as killed, and outside the score.',
    '',
    `- Score: **${percent(report.score)}** of the non-equivalent mutants killed by the proofs alone (killed / (killed + survived))`,
    `- ${t.mutants} mutants of ${report.functions.length} proved functions: ${t.killed} killed, ${t.survived} survived, ${t.equivalent} equivalent, ${t.error} error, ${t.unknown} unknown`,
    `- Baseline: ${report.baseline}`,
    `- Record: reports/mutate.json (${report.solver}; ${report.translator}), written by \`npx bllvm mutate\` run in full (or \`--merge\` of its \`--shard\` runs)`,
    '',
    '| operator | mutants | killed | survived | equivalent | error | unknown |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(report.byOperator).map(([o, c]) => row(o, c)),
    row('**all**', t),
    '',
  ];
  const survivors = report.functions.flatMap((f) => f.results.filter((r) => r.outcome === 'survived'));
  if (survivors.length > 0) {
    lines.push('Surviving mutants (each a spec a proof could strengthen):', '');
    for (const r of survivors) lines.push(`- \`${cell(r.diff)}\``);
    lines.push('');
  }
  lines.push('<details><summary>Per function</summary>', '', '| function | mutants | killed | survived | equivalent | error | unknown |', '|---|---|---|---|---|---|---|');
  for (const f of report.functions) lines.push(row(`\`${cell(f.function)}\``, f));
  lines.push('', '</details>', '');
  const equivalent = report.functions.flatMap((f) => f.results.filter((r) => r.outcome === 'equivalent'));
  if (equivalent.length > 0) {
    lines.push('<details><summary>Equivalent mutants (proved)</summary>', '');
    for (const r of equivalent) lines.push(`- \`${cell(r.diff)}\``);
    lines.push('', '</details>', '');
  }
  return lines;
}
