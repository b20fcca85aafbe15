import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_BACKEND, SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import { defaultVectorsDir, VectorStore } from '../../test/conformance/data.js';
import { kernelEngine } from '../../test/conformance/engine.js';
import { type SuiteResult, runAllSuites } from '../../test/conformance/suites.js';

const EXIT_PASSED = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE =
  'usage: bllvm conformance [--json] [--script-assets FILE]... [--backend tiny|noble] [--vectors DIR] [--max-failures N]';

/** The text report: one line per suite, its sub-checks, notes and first failures, then a total line. */
export function formatConformanceReport(results: readonly SuiteResult[], backend: string): string {
  const lines: string[] = [`conformance (signature backend: ${backend})`];
  const width = Math.max(...results.map((r) => r.suite.length));
  for (const r of results) {
    lines.push(`${r.failed === 0 ? 'PASS' : 'FAIL'}  ${r.suite.padEnd(width)}  total ${r.total}  passed ${r.passed}  failed ${r.failed}`);
    for (const [name, c] of Object.entries(r.checks ?? {})) lines.push(`        ${name}: ${c.passed}/${c.total}`);
    for (const note of r.notes ?? []) lines.push(`        note: ${note}`);
    for (const f of r.failures) {
      lines.push(`        x ${f.id}`);
      lines.push(`          expected ${f.expected}; got ${f.actual}${f.detail ? ` (${f.detail})` : ''}`);
    }
    if (r.failed > r.failures.length) lines.push(`        ... ${r.failed - r.failures.length} more failures`);
  }
  const total = results.reduce((a, r) => a + r.total, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  lines.push(`total ${total}  passed ${total - failed}  failed ${failed}`);
  return `${lines.join('\n')}\n`;
}

/** `bllvm conformance`: every Bitcoin Core / bcoin vector suite of test/vectors, plus optional script_assets files. */
export async function conformanceCommand(args: readonly string[]): Promise<number> {
  let values: { json?: boolean; 'script-assets'?: string[]; backend?: string; vectors?: string; 'max-failures'?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean', default: false },
        'script-assets': { type: 'string', multiple: true },
        backend: { type: 'string' },
        vectors: { type: 'string' },
        'max-failures': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_PASSED;
  }
  // A backend by its name or a part of it: "tiny-secp256k1" / "tiny", "@noble/curves" / "noble".
  const wanted = values.backend?.toLowerCase();
  const backend =
    wanted === undefined
      ? DEFAULT_BACKEND
      : (SECP256K1_BACKENDS.find((b) => b.name.toLowerCase() === wanted) ?? SECP256K1_BACKENDS.find((b) => b.name.toLowerCase().includes(wanted)));
  if (backend === undefined) {
    process.stderr.write(`conformance: unknown backend ${values.backend ?? ''} (have: ${SECP256K1_BACKENDS.map((b) => b.name).join(', ')})\n`);
    return EXIT_USAGE;
  }
  const maxFailures = values['max-failures'] === undefined ? 10 : Number(values['max-failures']);
  if (!Number.isInteger(maxFailures) || maxFailures < 0) {
    process.stderr.write(`conformance: --max-failures takes a count\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const dir = values.vectors ?? defaultVectorsDir();
  if (!existsSync(`${dir.endsWith('/') ? dir : `${dir}/`}bitcoin-core/script_tests.json`)) {
    process.stderr.write(`conformance: no vectors in ${dir} (run from a checkout, or pass --vectors DIR)\n`);
    return EXIT_USAGE;
  }
  for (const file of values['script-assets'] ?? []) {
    if (!existsSync(file)) {
      process.stderr.write(`conformance: cannot read ${file}\n`);
      return EXIT_USAGE;
    }
  }
  const results = runAllSuites(kernelEngine(backend), {
    store: new VectorStore(dir),
    maxFailures,
    backend,
    scriptAssets: values['script-assets'] ?? [],
  });
  const failed = results.reduce((a, r) => a + r.failed, 0);
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ backend: backend.name, ok: failed === 0, suites: results })}\n`);
  } else {
    process.stdout.write(formatConformanceReport(results, backend.name));
  }
  return failed === 0 ? EXIT_PASSED : EXIT_FAILED;
}
