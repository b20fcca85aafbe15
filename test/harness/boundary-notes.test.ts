/**
 * proofs/boundary-notes.ts explains comparisons no proof pins (harness/runner/boundaries.ts,
 * CI.md "Boundary covers"); a note whose comparison is pinned now, or gone, is stale and fails a
 * whole `bllvm prove` run (staleBoundaryNotes).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_NOTES } from '../../proofs/boundary-notes.js';
import { type BoundaryResult, staleBoundaryNotes } from '../../harness/runner/boundaries.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A boundary result for a note key `function: text`, unpinned or pinned. */
function resultFor(key: string, unpinned: boolean): BoundaryResult {
  const at = key.indexOf(': ');
  const base = { function: key.slice(0, at), loc: 'kernel/x.ts:1:1', text: key.slice(at + 2) };
  return unpinned ? { ...base, unpinned: 'no proof reaches it just true at the boundary' } : { ...base, trueSide: 'p', falseSide: 'q' };
}

describe('stale boundary notes', () => {
  const keys = Object.keys(BOUNDARY_NOTES);

  it('has notes to check', () => {
    expect(keys.length).toBeGreaterThan(10);
  });

  it('finds none when every note explains an unpinned comparison', async () => {
    expect(await staleBoundaryNotes(root, keys.map((k) => resultFor(k, true)))).toEqual([]);
  });

  it('finds the note of a comparison pinned now, and of one gone', async () => {
    const [pinned, gone, ...rest] = keys as [string, string, ...string[]];
    const results = [resultFor(pinned, false), ...rest.map((k) => resultFor(k, true))];
    expect(await staleBoundaryNotes(root, results)).toEqual([pinned, gone]);
  });
});
