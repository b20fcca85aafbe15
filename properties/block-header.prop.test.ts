/**
 * Differential test of the block header's serialization (SPEC.md §2.2): kernel/primitives/block.ts
 * concatenates fixed-width fields (the provable form, proofs/block-header.proof.ts); the earlier
 * ByteWriter form (i32le version, hashes, u32le time, bits, nonce), kept only here, is the
 * reference on random headers with every int32 version and uint32 fields at their boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../kernel/encoding/writer.js';
import { blockHash, encodeBlockHeader } from '../kernel/primitives/block.js';
import type { BlockHeader } from '../kernel/primitives/types.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { blockHeader } from './arbitraries.js';

function referenceEncodeBlockHeader(h: BlockHeader): Uint8Array {
  return new ByteWriter(80).i32le(h.version).bytes(h.prevBlockHash).bytes(h.merkleRoot).u32le(h.time).u32le(h.bits).u32le(h.nonce).finish();
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('§2.2 block header serialization: the concatenated form equals the ByteWriter form', () => {
  it('encodeBlockHeader and blockHash on 1,000 random headers', () => {
    fc.assert(
      fc.property(blockHeader(), (h) => {
        const want = referenceEncodeBlockHeader(h);
        expect(want.length).toBe(80);
        expect(hex(encodeBlockHeader(h))).toBe(hex(want));
        expect(hex(blockHash(h))).toBe(hex(sha256d(want)));
      }),
      { numRuns: 1000 },
    );
  });
});
