/**
 * Every proof doubles as a property test: its `requires` and `ensures` run on the real kernel
 * functions over random and boundary inputs from its own domains. A failure here with a PROVED
 * proof would mean the translator and the code disagree.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProofRecord, isProofRecord, record } from '../../harness/dsl.js';
import { arb } from './arbitrary.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const files = readdirSync(path.join(ROOT, 'proofs')).filter((f) => f.endsWith('.proof.ts')).sort();
const RUNS = 300;

describe.each(files)('%s as property tests', (file) => {
  it('every proof holds on random inputs of its domains', async () => {
    const mod = (await import(pathToFileURL(path.join(ROOT, 'proofs', file)).href)) as Record<string, unknown>;
    const recs = Object.values(mod).filter(isProofRecord) as ProofRecord[];
    expect(recs.length).toBeGreaterThan(0);
    for (const [i, rec] of recs.entries()) {
      const { inputs, requires, ensures } = rec.options;
      const samples = fc.sample(arb(record(inputs)), { numRuns: RUNS, seed: 0xb11 + i }) as Record<string, unknown>[];
      for (const s of samples) {
        if (requires !== undefined && !requires(s)) continue;
        expect(ensures(s), `${rec.name} on ${JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`).toBe(true);
      }
    }
  });
});
