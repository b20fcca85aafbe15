/**
 * The memory store's position table (shell/commitments/memory-tree-store.ts): open addressing with
 * linear probing and backward-shift deletion, checked against a Map under random sequences of
 * sets, deletes and gets that grow it through several doublings. The store as a whole is checked
 * by properties/commitments.prop.test.ts (roots, live node counts, deep positions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PositionTable } from '../../shell/commitments/memory-tree-store.js';

describe('§8.2 the memory store', () => {
  it('the position table answers as a Map does after any sets, deletes and gets (fast-check; from 16 slots, so probe runs collide, wrap around the end and the table doubles)', () => {
    // Positions as the store makes them: 2^depth + path bits, some clustered, some far apart.
    const position = fc.oneof(
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 0, max: 2 ** 20 }).map((b) => 2 ** 30 + b),
      fc.integer({ min: 0, max: 2 ** 47 - 1 }).map((b) => 2 ** 47 + b),
    );
    const op = fc.tuple(fc.constantFrom('set', 'delete', 'get'), position, fc.nat());
    let ops = 0;
    let largest = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1000, maxLength: 3000 }), (steps) => {
        const table = new PositionTable(4);
        const map = new Map<number, number>();
        for (const [kind, p, v] of steps) {
          if (kind === 'set') {
            expect(table.set(p, v)).toBe(map.get(p));
            map.set(p, v);
          } else if (kind === 'delete') {
            table.delete(p);
            map.delete(p);
          } else expect(table.get(p)).toBe(map.get(p));
          expect(table.count).toBe(map.size);
        }
        for (const [p, v] of map) expect(table.get(p)).toBe(v);
        ops += steps.length;
        largest = Math.max(largest, map.size);
      }),
      { numRuns: 60, seed: 21 },
    );
    expect(ops).toBeGreaterThan(50_000);
    expect(largest).toBeGreaterThan(300);
  });

  it('grows past 2^16 entries (one doubling at least) and deletes every one of them', () => {
    const table = new PositionTable();
    const n = 100_000;
    for (let i = 1; i <= n; i++) table.set(i * 7919, i);
    expect(table.count).toBe(n);
    for (let i = 1; i <= n; i++) expect(table.get(i * 7919)).toBe(i);
    for (let i = 1; i <= n; i += 2) table.delete(i * 7919);
    expect(table.count).toBe(n / 2);
    for (let i = 1; i <= n; i++) expect(table.get(i * 7919)).toBe(i % 2 === 0 ? i : undefined);
  });
});
