/** check-boundary: seeded impurities in a kernel copy are reported with file:line. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BoundaryViolation, checkBoundary } from '../../harness/boundary.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/boundary');

const copyKernel = (name: string): string => scratchTree(path.join(SCRATCH, name));

function appendTo(root: string, file: string, text: string): void {
  const full = path.join(root, file);
  writeFileSync(full, readFileSync(full, 'utf8') + text);
}

const key = (v: BoundaryViolation): string => `${v.file}:${v.line}:${v.rule}`;

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe('check-boundary', () => {
  const baseline = new Set(checkBoundary(ROOT).map(key));

  it('allows this.pos in the reader and writer classes', () => {
    const offenders = checkBoundary(ROOT).filter((v) => v.file.endsWith('encoding/reader.ts') || v.file.endsWith('encoding/writer.ts'));
    expect(offenders).toEqual([]);
  });

  it('fails on a seeded Date.now()', () => {
    const root = copyKernel('date');
    const lines = readFileSync(path.join(root, 'kernel/validation/subsidy.ts'), 'utf8').split('\n').length;
    appendTo(root, 'kernel/validation/subsidy.ts', 'export function nowHeight(): number {\n  return Date.now();\n}\n');
    const found = checkBoundary(root).filter((v) => !baseline.has(key(v)));
    expect(found).toEqual([expect.objectContaining({ file: 'kernel/validation/subsidy.ts', line: lines + 1 })]);
    expect(found[0]?.rule).toMatch(/global 'Date'/);
  });

  it("fails on a seeded import 'node:fs'", () => {
    const root = copyKernel('fs');
    const full = path.join(root, 'kernel/validation/money.ts');
    writeFileSync(full, `import { readFileSync } from 'node:fs';\n${readFileSync(full, 'utf8')}export const LEAK = readFileSync;\n`);
    const found = checkBoundary(root).filter((v) => !baseline.has(key(v)));
    expect(found.map((v) => `${v.file}:${v.line}`)).toContain('kernel/validation/money.ts:1');
    expect(found.find((v) => v.line === 1)?.rule).toMatch(/imports 'node:fs'/);
  });

  it('fails on module-level let, Math.random, timers, process and parameter mutation', () => {
    const root = copyKernel('misc');
    appendTo(
      root,
      'kernel/validation/money.ts',
      [
        'let counter = 0;',
        'export function noisy(v: { total: bigint }, n: number): number {',
        '  v.total = 0n;',
        '  n += 1;',
        '  setTimeout(() => undefined, 1);',
        '  return Math.random() + n + counter + Number(process.env.X ?? 0);',
        '}',
        '',
      ].join('\n'),
    );
    const rules = checkBoundary(root)
      .filter((v) => !baseline.has(key(v)))
      .map((v) => v.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/module-level 'let'/),
        expect.stringMatching(/property of parameter 'v'/),
        expect.stringMatching(/assigns to parameter 'n'/),
        expect.stringMatching(/global 'setTimeout'/),
        expect.stringMatching(/Math.random/),
        expect.stringMatching(/global 'process'/),
      ]),
    );
  });

  it('fails on an import from outside kernel/', () => {
    const root = copyKernel('outside');
    appendTo(root, 'kernel/validation/money.ts', "export { proveCommand } from '../../harness/cli/prove.js';\n");
    const found = checkBoundary(root).filter((v) => !baseline.has(key(v)));
    expect(found.some((v) => /outside kernel/.test(v.rule))).toBe(true);
  });
});
