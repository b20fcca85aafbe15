/**
 * kernel/encoding/hex.ts (SPEC.md §1.3): toHex writes the digits' character codes and decodes them
 * as one string; here against Node's Buffer hex (a reference outside the kernel) on fast-check
 * bytes and on long inputs (the 8,192-character chunks of the String.fromCharCode form it
 * replaced, and a megabyte), with fromHex and toDisplayHex.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../kernel/encoding/bytes.js';
import { fromDisplayHex, fromHex, toDisplayHex, toHex } from '../../kernel/encoding/hex.js';

const nodeHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

describe('§1.3 hex', () => {
  it('toHex equals Buffer hex and fromHex inverts it (fast-check, 0 to 300 bytes, views at offsets)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(toHex(view)).toBe(nodeHex(view));
        const back = fromHex(toHex(view));
        expect(back.ok && nodeHex(back.value)).toBe(nodeHex(view));
      }),
      { numRuns: 500 },
    );
  });

  it('long inputs: around the old 8,192-character chunk, 4,095 to 4,097 bytes, 8,192, and 1,000,001 bytes', () => {
    for (const n of [4095, 4096, 4097, 8192, 1_000_001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + (i >> 8)) & 0xff);
      const hex = toHex(bytes);
      expect(hex.length).toBe(2 * n);
      expect(hex).toBe(nodeHex(bytes));
    }
  });

  it('toDisplayHex reverses the bytes (Core uint256::GetHex): the genesis block hash', () => {
    const internal = fromHex('6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000');
    if (!internal.ok) throw new Error(internal.error);
    expect(toDisplayHex(internal.value)).toBe('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
    const again = fromDisplayHex('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
    expect(again.ok && toHex(again.value)).toBe('6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000');
  });
});

describe('concatBytes', () => {
  it('equals Buffer.concat for parts of 0 to 40 bytes (short parts copied byte by byte, long ones with set) (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }), (parts) => {
        const joined = concatBytes(...parts);
        expect(nodeHex(joined)).toBe(Buffer.concat(parts).toString('hex'));
        // A new array: never one of the parts.
        for (const p of parts) expect(joined === p).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
