/**
 * The public API (kernel/index.ts, docs/ARCHITECTURE.md): a curated root, every exported kernel
 * function documented, and the `@example` of each main entry point run as a test. An example's
 * `expr; // => value` lines are assertions: the value is written literally in the doc (Core's
 * figures: block hashes, txids, subsidies, reject reasons), never computed by the kernel.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import * as root from '../kernel/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRATCH = path.join(ROOT, '.cache/doctest');

/** The entry points whose TSDoc must carry a runnable `@example`. */
const MAIN_ENTRY_POINTS = [
  'decodeTransaction',
  'txid',
  'decodeBlock',
  'blockHash',
  'toDisplayHex',
  'checkTransaction',
  'checkBlock',
  'connectBlock',
  'verifyScript',
  'getBlockSubsidy',
  'acceptHeader',
  'scriptErrorString',
  'parseAsm',
];

interface Example {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

const project = new Project({ tsConfigFilePath: path.join(ROOT, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
project.addSourceFilesAtPaths(path.join(ROOT, 'kernel/**/*.ts'));
const kernelFiles = project.getSourceFiles().filter((sf) => sf.getBaseName() !== 'index.ts');

/** Exported function declarations of the kernel's modules with their JSDoc text. */
const functions = kernelFiles.flatMap((sf) =>
  sf.getFunctions()
    .filter((f) => f.isExported())
    .map((f) => ({
      name: f.getName() ?? '(anonymous)',
      file: path.relative(ROOT, sf.getFilePath()),
      line: f.getStartLineNumber(),
      docs: f.getJsDocs().map((d) => d.getText()).join('\n'),
    })),
);

/** The ```ts blocks after `@example` in a JSDoc comment, the ` * ` prefixes removed. */
function examplesOf(fn: { name: string; file: string; line: number; docs: string }): Example[] {
  const text = fn.docs
    .split('\n')
    .map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ''))
    .join('\n');
  return [...text.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)].map((m) => ({ fn: fn.name, file: fn.file, line: fn.line, code: m[1] ?? '' }));
}

/** An example as a module: imports of 'bllvm-ts' point at the kernel; `x; // => v` lines assert. */
function toModule(example: Example): string {
  const lines = example.code.split('\n');
  const body: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    const inline = /^(.*?);\s*\/\/ => (.*)$/.exec(line);
    // `expr;` followed by a line `// => value`.
    const below = /^\s*\/\/ => (.*)$/.exec(next);
    if (inline !== null) body.push(`__check(() => (${inline[1]}), ${inline[2]}, ${JSON.stringify(line.trim())});`);
    else if (below !== null && line.trim().endsWith(';')) {
      body.push(`__check(() => (${line.trim().slice(0, -1)}), ${below[1]}, ${JSON.stringify(line.trim())});`);
      i++;
    } else body.push(line.replace(/from 'bllvm-ts'/, `from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'kernel/index.ts')).href)}`));
  }
  return [
    "import { isDeepStrictEqual } from 'node:util';",
    'export const checks: string[] = [];',
    'function __check(actual: () => unknown, expected: unknown, source: string): void {',
    '  const value = actual();',
    '  if (!isDeepStrictEqual(value, expected)) throw new Error(`${source}: got ${String(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v)))}`);',
    '  checks.push(source);',
    '}',
    ...body,
    '',
  ].join('\n');
}

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe('the root entry', () => {
  const names = Object.keys(root);

  it('is curated: entry points grouped by area, no opcode or flag constants at the root', () => {
    expect(names.length).toBeLessThanOrEqual(80);
    expect(names.filter((n) => n.startsWith('OP_') || n.startsWith('SCRIPT_VERIFY_') || n.startsWith('SIGHASH_'))).toEqual([]);
    // Proof-level helpers are reachable through their module paths only.
    for (const helper of ['checkOutputValues', 'inputSequenceLock', 'clampTimespan', 'hashToUint256', 'witnessCommitmentIndex', 'ok', 'err']) {
      expect(names).not.toContain(helper);
    }
  });

  it('has the opcode and flag tables as namespaces, with Core values', () => {
    expect(root.opcodes.OP_CHECKSIG).toBe(0xac);
    expect(root.opcodes.OP_CHECKSIGADD).toBe(0xba);
    expect(root.scriptFlags.SCRIPT_VERIFY_P2SH).toBe(1);
    expect(root.scriptFlags.SCRIPT_VERIFY_TAPROOT).toBe(1 << 17);
  });

  it('exports every main entry point, scriptErrorString included', () => {
    for (const name of MAIN_ENTRY_POINTS) expect(names, name).toContain(name);
  });
});

describe('TSDoc', () => {
  it('every exported kernel function has a TSDoc comment', () => {
    const undocumented = functions.filter((f) => f.docs.trim() === '').map((f) => `${f.file}:${f.line} ${f.name}`);
    expect(functions.length).toBeGreaterThan(150);
    expect(undocumented).toEqual([]);
  });

  it('every main entry point has an @example', () => {
    const without = MAIN_ENTRY_POINTS.filter((name) => !functions.some((f) => f.name === name && examplesOf(f).length > 0));
    expect(without).toEqual([]);
  });
});

describe('@example blocks run and their `// =>` values hold', () => {
  const examples = functions.flatMap(examplesOf);
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(MAIN_ENTRY_POINTS.length);
  });
  for (const [i, example] of examples.entries()) {
    it(`${example.fn} (${example.file}:${example.line})`, async () => {
      mkdirSync(SCRATCH, { recursive: true });
      const file = path.join(SCRATCH, `example-${i}-${example.fn}.ts`);
      writeFileSync(file, toModule(example));
      const mod = (await import(pathToFileURL(file).href)) as { checks: string[] };
      // Every example states at least one result.
      expect(mod.checks.length).toBeGreaterThan(0);
    });
  }
});
