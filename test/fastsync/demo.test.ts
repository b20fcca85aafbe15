/**
 * `bllvm demo`, a newcomer's first run: it must end with both new nodes (TCP, Iroh) holding their
 * peers' commitment, the lying node named as the dissenter, and a readable story.
 */
import { describe, expect, it } from 'vitest';
import { bllvm } from '../support/cli.js';

describe('§8.4 §9.2 bllvm demo', () => {
  it('two fast syncs from five local nodes, one of them lying: both agree on the honest commitment and end with their peers\'', async () => {
    const r = await bllvm('demo', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; results: Record<string, { agreed: boolean; commitmentMatchesPeers: boolean; dissenters: string[]; agreeing: string[]; tipHeight: number; chunks: number }>; story: string[] };
    expect(out.ok).toBe(true);
    for (const name of ['TCP', 'Iroh']) {
      expect(out.results[name]).toMatchObject({ agreed: true, commitmentMatchesPeers: true, tipHeight: 300 });
      expect(out.results[name]?.dissenters).toHaveLength(1);
      expect(out.results[name]?.agreeing).toHaveLength(4);
      expect(out.results[name]?.chunks).toBeGreaterThan(1);
    }
    expect(out.story.join('\n')).toMatch(/serves a wrong commitment on purpose/);
  }, 300_000);
});
