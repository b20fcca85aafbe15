/**
 * Contracts in filtered runs (CI.md, "Contracts"; harness/runner/contracts.ts): a proof that
 * relies on a contract the filter left out makes the run prove that contract too, without a
 * line of its own, and stands only when it is PROVED. The soundness suite
 * (soundness.test.ts, hole "contracts") covers the rule in a whole run.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProofs, shutdownZ3 } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the repository so the copy resolves node_modules like the kernel does.
const SCRATCH = path.join(ROOT, '.cache/contracts-test');
/** A proof that writes 4-byte integers with u32le (kernel/encoding/little-endian.ts) and nothing heavier. */
const DEPENDENT = 'legacy SIGHASH_SINGLE without a matching output signs the hash one';
const U32LE_CONTRACT = 'u32le writes byte i = floor(v / 256^i) mod 256 of v = n mod 2^32';
const I64LE_CONTRACT = "i64le writes the base-256 digits of the two's complement u, least significant first";

afterAll(async () => {
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

// Verdicts come from z3's rlimit; this wall-clock limit is only a backstop against a hang.
describe('contracts in a filtered run', { timeout: 20 * 60_000 }, () => {
  it('proves the contract a selected proof relied on, and reports only the selected proof', async () => {
    const run = await runProofs({ root: ROOT, filter: DEPENDENT, noCache: true, jobs: 1 });
    expect(run.results.map((r) => [r.name, r.status])).toEqual([[DEPENDENT, 'PROVED']]);
    expect(run.results[0]?.contracts).toContain(U32LE_CONTRACT);
  });

  it('turns that PROVED into ERROR when the contract does not hold on the real code', async () => {
    const root = scratchTree(SCRATCH, { proofs: 'copy' });
    const file = path.join(root, 'kernel/encoding/little-endian.ts');
    const text = readFileSync(file, 'utf8');
    // A store of b + 256 for one n (in writeU32le, which u32le calls): the same byte after ToUint8's truncation, so every value the
    // dependent reads is unchanged; only u32le's "a stored value is a byte" obligation fails.
    const seeded = text.replace('  out[at + 1] = u1 & 0xff;\n', '  out[at + 1] = n === 305419896 ? (u1 & 0xff) + 256 : u1 & 0xff;\n');
    expect(seeded).not.toBe(text);
    writeFileSync(file, seeded);
    const run = await runProofs({ root, filter: DEPENDENT, noCache: true, jobs: 1 });
    expect(run.results.map((r) => [r.name, r.status])).toEqual([[DEPENDENT, 'ERROR']]);
    // writeU32le writes i64le's halves too, so both contracts fail; the first one checked is named.
    const refuted = [U32LE_CONTRACT, I64LE_CONTRACT].map((c) => `relies on the contract proved by '${c}', which is REFUTED here`);
    expect(refuted.some((m) => run.results[0]?.error?.includes(m) === true), run.results[0]?.error).toBe(true);
  });
});
