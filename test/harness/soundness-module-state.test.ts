/**
 * Soundness (issue 10 §1): module constants are translated from their initializers, so a file
 * whose load-time code changes them (a loop filling a table, a `push`, a Map `set`, an initializer
 * writing another constant) must make every proof reading one of them ERROR naming that code,
 * never PROVED of the initializer's value (harness/translate/module-state.ts). Each property
 * below is false on the real code (checked here by running it); a file without such code still
 * proves. Kept apart from soundness.test.ts: its cases share one scratch kernel file, whose
 * module constants this file's load-time code would taint.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProofResult, runProofs, shutdownZ3 } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRATCH = path.join(ROOT, '.cache/soundness-module-state');

const LOADED = `/** Load-time code changing module constants (test/harness/soundness-module-state.test.ts). */
const TABLE = new Uint8Array(4);
for (let i = 0; i < 4; i++) TABLE[i] = i + 10;
const LIST: number[] = [1, 2, 3];
LIST.push(4);
const NAMES = new Map<string, number>();
NAMES.set('a', 1);
export function tableAt(i: number): number {
  return TABLE[i] ?? 0;
}
export function listLength(): number {
  return LIST.length;
}
export function nameA(): number {
  return NAMES.get('a') ?? 0;
}
`;

const WRITTEN_BY_INITIALIZER = `/** An initializer that writes another module constant. */
const ITEMS: number[] = [];
export const COUNT = ITEMS.push(5);
export function itemCount(): number {
  return ITEMS.length;
}
`;

const ASSIGNED_BY_INITIALIZER = `/** An initializer that assigns into another module constant. */
const SLOTS = [0, 0];
export const FIRST = (SLOTS[0] = 9);
export function slot0(): number {
  return SLOTS[0] ?? 0;
}
`;

const BUMPED_BY_INITIALIZER = `/** An initializer that increments a field of another module constant. */
const COUNTER = { n: 0 };
export const NEXT = ++COUNTER.n;
export function counter(): number {
  return COUNTER.n;
}
`;

const PLAIN = `/** Module constants and nothing else at load time. */
const SIZES = [1, 2, 3];
export function sizesLength(): number {
  return SIZES.length;
}
`;

const PROOFS = `import { int, proof } from '../harness/dsl.js';
import { listLength, nameA, tableAt } from '../kernel/validation/loaded.js';
import { itemCount } from '../kernel/validation/written.js';
import { sizesLength } from '../kernel/validation/plain.js';
import { slot0 } from '../kernel/validation/assigned.js';
import { counter } from '../kernel/validation/bumped.js';
export const table = proof('module state: a table filled by a top-level loop', { fn: tableAt, spec: '§0', statement: 'zero', inputs: { i: int(0, 3) }, ensures: ({ i }) => tableAt(i) === 0 });
export const list = proof('module state: a list pushed to at load time', { fn: listLength, spec: '§0', statement: 'three', inputs: {}, ensures: () => listLength() === 3 });
export const names = proof('module state: a Map set at load time', { fn: nameA, spec: '§0', statement: 'absent', inputs: {}, ensures: () => nameA() === 0 });
export const items = proof('module state: a list an initializer pushes to', { fn: itemCount, spec: '§0', statement: 'empty', inputs: {}, ensures: () => itemCount() === 0 });
export const slots = proof('module state: an element an initializer assigns', { fn: slot0, spec: '§0', statement: 'zero', inputs: {}, ensures: () => slot0() === 0 });
export const counted = proof('module state: a field an initializer increments', { fn: counter, spec: '§0', statement: 'zero', inputs: {}, ensures: () => counter() === 0 });
export const sizes = proof('module state (true): constants only', { fn: sizesLength, spec: '§0', statement: 'three', inputs: {}, ensures: () => sizesLength() === 3 });
`;

let results: ProofResult[] = [];
let root = '';

beforeAll(async () => {
  root = scratchTree(path.join(SCRATCH, 'root'), { proofs: 'empty' });
  writeFileSync(path.join(root, 'kernel/validation/loaded.ts'), LOADED);
  writeFileSync(path.join(root, 'kernel/validation/written.ts'), WRITTEN_BY_INITIALIZER);
  writeFileSync(path.join(root, 'kernel/validation/assigned.ts'), ASSIGNED_BY_INITIALIZER);
  writeFileSync(path.join(root, 'kernel/validation/bumped.ts'), BUMPED_BY_INITIALIZER);
  writeFileSync(path.join(root, 'kernel/validation/plain.ts'), PLAIN);
  writeFileSync(path.join(root, 'proofs/module-state.proof.ts'), PROOFS);
  results = [...(await runProofs({ root, noCache: true, jobs: 1 })).results];
});

afterAll(async () => {
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe('soundness: load-time code that changes module constants', () => {
  it('the false properties are false on the real code', async () => {
    const loaded = (await import(pathToFileURL(path.join(root, 'kernel/validation/loaded.ts')).href)) as { tableAt(i: number): number; listLength(): number; nameA(): number };
    const written = (await import(pathToFileURL(path.join(root, 'kernel/validation/written.ts')).href)) as { itemCount(): number };
    const assigned = (await import(pathToFileURL(path.join(root, 'kernel/validation/assigned.ts')).href)) as { slot0(): number };
    const bumped = (await import(pathToFileURL(path.join(root, 'kernel/validation/bumped.ts')).href)) as { counter(): number };
    expect([loaded.tableAt(2), loaded.listLength(), loaded.nameA(), written.itemCount(), assigned.slot0(), bumped.counter()]).toEqual([12, 4, 1, 1, 9, 1]);
  });

  it.each([
    ['module state: a table filled by a top-level loop', /loaded\.ts:3:1/],
    ['module state: a list pushed to at load time', /loaded\.ts:3:1/],
    ['module state: a Map set at load time', /loaded\.ts:3:1/],
    ['module state: a list an initializer pushes to', /written\.ts:3:22/],
    ['module state: an element an initializer assigns', /assigned\.ts:3:23/],
    ['module state: a field an initializer increments', /bumped\.ts:3:21/],
  ])('%s: ERROR naming the load-time code', (name, at) => {
    const r = results.find((x) => x.name === name);
    expect(r?.status, r?.error).toBe('ERROR');
    expect(r?.error).toMatch(/runs code at load time that may change module state/);
    expect(r?.error).toMatch(at);
  });

  it('a file with constants only still proves', () => {
    expect(results.find((x) => x.name === 'module state (true): constants only')?.status).toBe('PROVED');
    expect(results).toHaveLength(7);
  });
});
