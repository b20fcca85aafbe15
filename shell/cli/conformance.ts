/**
 * `bllvm conformance`: every vector suite of test/vectors (shell/conformance/suites.ts) and Core's
 * script_assets_test.json files. Exit 0 all passed, 1 a suite failed, 2 no vectors or a
 * --script-assets file that cannot be read. Tested by test/conformance/script-assets.test.ts.
 */
import { existsSync, statSync } from 'node:fs';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './output.js';
import { DEFAULT_BACKEND, SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import { defaultVectorsDir, VectorStore } from '../conformance/data.js';
import { kernelEngine } from '../conformance/engine.js';
import { type SuiteResult, readScriptAssets, runAllSuites } from '../conformance/suites.js';


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

export interface ConformanceOptions {
  readonly json: boolean;
  readonly backend: 'libsecp256k1' | 'tiny' | 'noble';
  readonly vectors?: string;
  readonly scriptAssets?: string[];
  readonly maxFailures: number;
}

/**
 * Why a --script-assets file cannot be used (unreadable input, exit 2, not a failed suite), or
 * undefined. It is parsed here once in full, so that a file that is not a script_assets_test.json
 * (a directory, a missing file, bad gzip or JSON) is refused before any suite runs.
 */
function unreadableScriptAssets(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return 'not a regular file';
    return readScriptAssets(file).length === 0 ? 'holds no entries' : undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code !== undefined ? `cannot read (${code})` : `not a script_assets_test.json file (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** `bllvm conformance`: every Bitcoin Core / bcoin vector suite of test/vectors, plus optional script_assets files. */
export async function conformanceCommand(values: ConformanceOptions): Promise<number> {
  // A backend by a part of its name: "libsecp256k1" for libsecp256k1-wasm, "tiny" for tiny-secp256k1, "noble" for @noble/curves.
  const backend = SECP256K1_BACKENDS.find((b) => b.name.toLowerCase().includes(values.backend)) ?? DEFAULT_BACKEND;
  const { maxFailures } = values;
  const dir = values.vectors ?? defaultVectorsDir();
  if (!existsSync(`${dir.endsWith('/') ? dir : `${dir}/`}bitcoin-core/script_tests.json`)) {
    process.stderr.write(`bllvm conformance: --vectors ${dir}: no vectors there (run from a checkout, or pass --vectors DIR)\n`);
    return EXIT_USAGE;
  }
  for (const file of values.scriptAssets ?? []) {
    const problem = unreadableScriptAssets(file);
    if (problem !== undefined) {
      process.stderr.write(`bllvm conformance: --script-assets ${file}: ${problem}\n`);
      return EXIT_USAGE;
    }
  }
  const results = runAllSuites(kernelEngine(backend), {
    store: new VectorStore(dir),
    maxFailures,
    backend,
    scriptAssets: values.scriptAssets ?? [],
  });
  const failed = results.reduce((a, r) => a + r.failed, 0);
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ backend: backend.name, ok: failed === 0, suites: results })}\n`);
  } else {
    process.stdout.write(formatConformanceReport(results, backend.name));
  }
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}
