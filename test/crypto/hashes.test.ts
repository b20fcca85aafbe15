/**
 * kernel/crypto/hashes.ts (SPEC.md §1.2): BIP340 tagged hashes against the BIP's definition
 * restated with node:crypto, and the prefix-cached `taggedHasher` equal to `taggedHash`.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taggedHash, taggedHasher } from '../../kernel/crypto/hashes.js';

/** BIP340: SHA256(SHA256(tag) || SHA256(tag) || msg). */
function reference(tag: string, msg: Uint8Array): string {
  const t = createHash('sha256').update(tag, 'utf8').digest();
  return createHash('sha256').update(t).update(t).update(msg).digest('hex');
}

describe('§1.2 tagged hashes', () => {
  it("taggedHash is BIP340's definition; taggedHasher(tag) gives the same for any tag and messages", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }), (tag, messages) => {
        const joined = Uint8Array.from(messages.flatMap((m) => [...m]));
        const expected = reference(tag, joined);
        expect(Buffer.from(taggedHash(tag, ...messages)).toString('hex')).toBe(expected);
        const hasher = taggedHasher(tag);
        // Twice: the cached prefix is not consumed by a call.
        expect(Buffer.from(hasher(...messages)).toString('hex')).toBe(expected);
        expect(Buffer.from(hasher(...messages)).toString('hex')).toBe(expected);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it("BIP340's challenge tag on an empty message", () => {
    expect(Buffer.from(taggedHash('BIP0340/challenge')).toString('hex')).toBe(reference('BIP0340/challenge', new Uint8Array(0)));
  });
});
