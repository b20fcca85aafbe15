/**
 * `bllvm prove --coverage`: every exported kernel function with the proofs that target it or
 * translate its body, the property suites and the vector/conformance suites that name it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunReport } from './runner.js';
import { kernelExports } from './spec.js';

export interface FunctionCoverage {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly proofs: readonly string[];
  /**
   * The PROVED proofs whose statement constrains the function's result: they target it (`fn`),
   * or their proof file calls it by name (in an ensures, a requires or a spec helper) and the
   * proof translates it. A function only translated on the way (a callee no proof looks at)
   * counts in `proofs`, not here; nor do kernel/result.ts's `ok` and `err`.
   */
  readonly constraining: readonly string[];
  readonly properties: readonly string[];
  readonly vectors: readonly string[];
}

export interface CoverageReport {
  readonly functions: readonly FunctionCoverage[];
  readonly withProof: number;
  readonly withConstrainingProof: number;
  readonly withProperty: number;
  readonly withVectors: number;
}

/** Test files under `dir` (recursively), skipping the harness's own tests and vendored vectors. */
function readDir(dir: string, suffix: string, rel = path.basename(dir)): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  const out: { file: string; text: string }[] = [];
  for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (f.isDirectory()) {
      if (f.name === 'harness' || f.name === 'vectors' || f.name === 'node_modules') continue;
      out.push(...readDir(path.join(dir, f.name), suffix, path.join(rel, f.name)));
    } else if (f.name.endsWith(suffix)) out.push({ file: path.join(rel, f.name), text: readFileSync(path.join(dir, f.name), 'utf8') });
  }
  return out;
}

/** A proof file's text without its import lines (the calls it makes in specs, requires and ensures). */
function proofFileCalls(root: string, file: string, cache: Map<string, string>): string {
  const known = cache.get(file);
  if (known !== undefined) return known;
  const abs = path.join(root, file);
  const text = existsSync(abs) ? readFileSync(abs, 'utf8').replace(/^import[\s\S]*?;$/gm, '') : '';
  cache.set(file, text);
  return text;
}

export function coverageReport(root: string, report: RunReport): CoverageReport {
  const proofTexts = new Map<string, string>();
  const props = readDir(path.join(root, 'properties'), '.test.ts');
  const tests = readDir(path.join(root, 'test'), '.test.ts');
  const functions = kernelExports(root)
    .filter((e) => e.kind === 'function')
    .map((e) => {
      const word = new RegExp(`\\b${e.name.replace(/\$/g, '\\$')}\\b`);
      const proved = report.results.filter((r) => r.status === 'PROVED' && (r.fn === e.name || r.functionsUsed.some((u) => u.startsWith(`${e.name} (${e.file}:`))));
      const call = new RegExp(`\\b${e.name.replace(/\$/g, '\\$')}\\s*\\(`);
      const helper = e.file === 'kernel/result.ts';
      const constraining = helper ? [] : proved.filter((r) => r.fn === e.name || call.test(proofFileCalls(root, r.file, proofTexts))).map((r) => r.name);
      return {
        name: e.name,
        file: e.file,
        line: e.line,
        proofs: proved.map((r) => r.name),
        constraining,
        properties: props.filter((p) => word.test(p.text)).map((p) => p.file),
        vectors: tests.filter((t) => word.test(t.text)).map((t) => t.file),
      };
    });
  return {
    functions,
    withProof: functions.filter((f) => f.proofs.length > 0).length,
    withConstrainingProof: functions.filter((f) => f.constraining.length > 0).length,
    withProperty: functions.filter((f) => f.properties.length > 0).length,
    withVectors: functions.filter((f) => f.vectors.length > 0).length,
  };
}

export function formatCoverage(c: CoverageReport): string {
  const n = c.functions.length;
  const pct = (k: number): string => (n === 0 ? '0.0' : ((100 * k) / n).toFixed(1));
  const lines = [
    'Coverage of exported kernel functions (proofs: PROVED proofs that target the function or translate its body; constr: those that constrain its result):',
    '',
    `${'function'.padEnd(34)} ${'proofs'.padStart(6)} ${'constr'.padStart(6)} ${'props'.padStart(6)} ${'tests'.padStart(6)}  file`,
  ];
  for (const f of c.functions) {
    lines.push(`${f.name.padEnd(34)} ${String(f.proofs.length).padStart(6)} ${String(f.constraining.length).padStart(6)} ${String(f.properties.length).padStart(6)} ${String(f.vectors.length).padStart(6)}  ${f.file}:${f.line}`);
  }
  lines.push('');
  lines.push(`functions with at least one proof:    ${c.withProof}/${n} (${pct(c.withProof)}%)`);
  lines.push(`  of those, with a proof constraining their result (targets it, or its proof file calls it; not ok/err): ${c.withConstrainingProof}/${n} (${pct(c.withConstrainingProof)}%)`);
  lines.push(`functions with at least one property: ${c.withProperty}/${n} (${pct(c.withProperty)}%)`);
  lines.push(`functions named by a test/vector suite: ${c.withVectors}/${n} (${pct(c.withVectors)}%)`);
  return lines.join('\n');
}
