/**
 * Boundary covers (harness/runner/boundaries.ts): a goal asks at most 16 candidate proofs, so a
 * proof written for a boundary must be asked before the many that merely pass the comparison.
 * Here 16 proofs of compactSizeWidth evaluate `n < 0xfd` on symbolic n far from 0xfd, and a 17th,
 * last in report order, evaluates it on 0xfc and 0xfd under a symbolic branch: it must pin both sides.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProofs } from '../../harness/runner/run.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the repository so the copy resolves node_modules like the kernel does.
const SCRATCH = path.join(ROOT, '.cache/boundary-covers-test');
const DECOYS = 16;
const BOUNDARY_PROOF = 'the width is 1 at 252 and 3 at 253';

const decoy = (i: number): string => `
export const decoy${i} = proof('decoy ${i}: every n in [0, ${10 + i}] is one byte wide', {
  fn: compactSizeWidth,
  spec: '§1.1',
  statement: 'For n in [0, ${10 + i}]: the width is 1.',
  inputs: { n: int(0, ${10 + i}) },
  ensures: ({ n }) => compactSizeWidth(n) === 1,
});
`;

const FILE = `import { bool, int, proof } from '../harness/dsl.js';
import { compactSizeWidth } from '../kernel/encoding/compact-size.js';
${Array.from({ length: DECOYS }, (_, i) => decoy(i)).join('')}
export const boundary = proof('${BOUNDARY_PROOF}', {
  fn: compactSizeWidth,
  spec: '§1.1',
  statement: 'CompactSize: 252 (0xfc) is one byte, 253 (0xfd) three.',
  inputs: { b: bool() },
  ensures: ({ b }) => {
    if (b) return compactSizeWidth(252) === 1;
    return compactSizeWidth(253) === 3;
  },
});
`;

describe('boundary covers', { timeout: 20 * 60_000 }, () => {
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('asks the proof written for a boundary before 16 that only pass the comparison', async () => {
    const root = scratchTree(SCRATCH, { proofs: 'empty' });
    writeFileSync(path.join(root, 'proofs/ranking.proof.ts'), FILE);
    const report = await runProofs({ root, jobs: 1, noCache: true, boundaries: true });
    expect(report.results.map((r) => r.status)).toEqual(Array(DECOYS + 1).fill('PROVED'));
    expect(report.results.at(-1)?.name).toBe(BOUNDARY_PROOF);
    const site = report.boundaries?.find((b) => b.function === 'compactSizeWidth' && b.text === 'n < 0xfd');
    expect(site).toEqual(expect.objectContaining({ trueSide: BOUNDARY_PROOF, falseSide: BOUNDARY_PROOF }));
    expect(site?.unpinned).toBeUndefined();
  });
});
