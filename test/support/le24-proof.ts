/**
 * A small kernel function and its layout proof for the harness tests of how checks are solved
 * (test/harness/solving-options.test.ts, test/harness/case-queries.test.ts): three little-endian
 * bytes of a 24-bit number, and the same with the top byte read from the wrong shift.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProject, findProofSites, getZ3, loadProofs } from '../../harness/runner.js';
import { type Built, buildProof } from '../../harness/runner/build.js';
import type { Loaded } from '../../harness/runner/proof-sites.js';
import type { Answers } from '../../harness/runner/solve.js';
import { type Budget, type ProofBase, verdict } from '../../harness/runner/verdict.js';
import { scratchTree } from './scratch-tree.js';

const KERNEL = [
  'export function le24(n: number): number[] {',
  '  return [n % 256, Math.floor(n / 256) % 256, Math.floor(n / 65536) % 256];',
  '}',
  'export function le24Wrong(n: number): number[] {',
  '  return [n % 256, Math.floor(n / 256) % 256, n >= 0xfff000 ? 0 : Math.floor(n / 65536) % 256];',
  '}',
  '',
].join('\n');

/** A proof of `fn` over 24-bit n: byte i is floor(n / 256^i) mod 256, a conjunct per byte, with the given options. */
export function le24ProofText(fn: 'le24' | 'le24Wrong', options: string): string {
  return [
    "import { int, proof } from '../harness/dsl.js';",
    `import { ${fn} } from '../kernel/validation/layout.js';`,
    `export const p = proof('three bytes', {`,
    `  fn: ${fn}, spec: '§0', statement: 'byte i of n', inputs: { n: int(0, 2 ** 24 - 1) }, ${options}`,
    `  ensures: ({ n }) => ${fn}(n)[0] === n % 256 && ${fn}(n)[1] === Math.floor(n / 256) % 256 && ${fn}(n)[2] === Math.floor(n / 65536),`,
    '});',
    '',
  ].join('\n');
}

/** A scratch tree at `dest` (scratch-tree.ts) with the two functions in kernel/validation/layout.ts and `proof` as its only proof file. */
export function le24Scratch(dest: string, proof: string): string {
  const root = scratchTree(dest, { proofs: 'empty' });
  writeFileSync(path.join(root, 'kernel/validation/layout.ts'), KERNEL);
  rmSync(path.join(root, 'proofs'), { recursive: true });
  mkdirSync(path.join(root, 'proofs'));
  writeFileSync(path.join(root, 'proofs/layout.proof.ts'), proof);
  return root;
}

/** The le24 proof of a scratch tree, translated for real. */
export interface TranslatedLe24 {
  readonly loaded: Loaded;
  readonly built: Built;
}

/** A scratch tree at `dest` with `proof` (le24Scratch), its one proof translated. */
export async function translateLe24(dest: string, proof: string): Promise<TranslatedLe24> {
  const root = le24Scratch(dest, proof);
  const { z3 } = await getZ3();
  const { loaded: all } = await loadProofs(root, createProject(root));
  const loaded = all[0] as Loaded;
  const site = findProofSites(loaded.sf).get(loaded.rec.name);
  if (site === undefined) throw new Error('no proof site');
  return { loaded, built: buildProof(z3, root, loaded.rec, site, 'none') };
}

/** The verdict over the given answers for a translated le24 proof (its covers named as in the proof). */
export function judgeLe24(t: TranslatedLe24, answers: Answers, budget: Budget, covers: readonly string[] = []) {
  const base: ProofBase = { name: 'three bytes', file: 'proofs/layout.proof.ts', line: 3, fn: 'le24', fnLoc: '', spec: '§0', statement: 'byte i of n', unwind: 64, axioms: [], inputs: '', requires: 'true', ensures: '', covers: [...covers] };
  return verdict(t.loaded.rec, t.loaded.sf, undefined, '', t.built, answers, base, 'key', 0, budget);
}
