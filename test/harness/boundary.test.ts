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
  /** The offenders of a seeded copy that the checkout has not, as `line after the seeded file's end: rule`. */
  const seededOffenders = (root: string, linesBefore: number): string[] =>
    checkBoundary(root)
      .filter((v) => !baseline.has(key(v)))
      .map((v) => `${v.line - linesBefore}: ${v.rule}`);

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

  it('fails on Object and Reflect functions that change a parameter or a module constant, and allows them on an @inOut parameter or a fresh object', () => {
    const root = copyKernel('statics');
    const lines = readFileSync(path.join(root, 'kernel/validation/money.ts'), 'utf8').split('\n').length;
    appendTo(
      root,
      'kernel/validation/money.ts',
      [
        'const LIMITS = { max: 1 };',
        'export function sneaky(v: { total: bigint }, w: { total: bigint }): number {',
        '  Object.assign(v, { total: 0n });',
        "  Reflect.set(w, 'total', 1n);",
        '  Object.freeze(LIMITS);',
        '  const alias = v;',
        "  Object.defineProperty(alias, 'total', { value: 2n });",
        '  return Object.keys(Object.freeze({ fresh: 1 })).length + LIMITS.max;',
        '}',
        '/** @inOut out */',
        'export function allowed(out: { total: bigint }): void {',
        '  Object.assign(out, { total: 3n });',
        '}',
        '',
      ].join('\n'),
    );
    const found = seededOffenders(root, lines);
    expect(found).toEqual([
      "2: changes parameter 'v' with Object.assign()",
      "3: changes parameter 'w' with Reflect.set()",
      expect.stringMatching(/^4: changes .*LIMITS.* with Object\.freeze\(\)$/),
      "6: changes 'alias', an alias or view of parameter 'v' with Object.defineProperty()",
    ]);
  });

  it('fails on an import from outside kernel/', () => {
    const root = copyKernel('outside');
    appendTo(root, 'kernel/validation/money.ts', "export { proveCommand } from '../../harness/cli/prove.js';\n");
    const found = checkBoundary(root).filter((v) => !baseline.has(key(v)));
    expect(found.some((v) => /outside kernel/.test(v.rule))).toBe(true);
  });

  it('allows writes through an @inOut parameter and refuses callers that pass their input or a module constant there', () => {
    const root = copyKernel('in-out');
    const lines = readFileSync(path.join(root, 'kernel/validation/money.ts'), 'utf8').split('\n').length;
    appendTo(
      root,
      'kernel/validation/money.ts',
      [
        "import { writeU32le } from '../encoding/little-endian.js';",
        'const TABLE = new Uint8Array(4);',
        '/** @inOut out */',
        'export function stamp(out: Uint8Array, tag: Uint8Array): number {',
        '  out[0] = 1;',
        '  out.set(tag, 1);',
        '  return writeU32le(out, 0, 7);',
        '}',
        '/** @inOut out */',
        'export function rebind(out: Uint8Array): Uint8Array {',
        '  out = new Uint8Array(1);',
        '  tagOf(out)[0] = 2;',
        '  return out;',
        '}',
        'function tagOf(b: Uint8Array): Uint8Array {',
        '  return b;',
        '}',
        'export function ownArray(n: number): Uint8Array {',
        '  const mine = new Uint8Array(4);',
        '  writeU32le(mine, 0, n);',
        '  return mine;',
        '}',
        'export function intoInput(input: Uint8Array, n: number): number {',
        '  stamp(input, input);',
        '  return writeU32le(TABLE, 0, n);',
        '}',
        '',
      ].join('\n'),
    );
    const found = seededOffenders(root, lines);
    // stamp and ownArray are clean; rebind reassigns its in-out parameter; intoInput passes its input and a module constant.
    expect(found).toEqual([
      "10: assigns to parameter 'out'",
      "23: passes parameter 'input' to the in-out parameter 'out' of stamp()",
      "24: passes module constant 'TABLE' to the in-out parameter 'out' of writeU32le()",
    ]);
  });
});
