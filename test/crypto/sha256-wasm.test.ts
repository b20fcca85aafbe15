/**
 * The WebAssembly SHA-256 (kernel/crypto/sha256-wasm/, SPEC.md §1.2) against its references:
 * NIST's published digests (FIPS 180-2 examples, the CAVP-style one-million-'a' message), node:crypto
 * and @noble/hashes on fast-check inputs; SHA256D64 (4 SIMD lanes) against SHA256d of each
 * message; the batched Merkle root against computeMerkleRoot (the proved reference,
 * proofs/merkle.proof.ts). The committed module is the generator's output, and with WebAssembly
 * unavailable (`node --jitless`) the kernel falls back to @noble/hashes with the same results.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SHA256_BACKEND,
  hash160,
  referenceSha256,
  sha256,
  sha256Batch,
  sha256Parts,
  sha256d,
  sha256d64,
  sha256dBatch,
  sha256dParts,
  taggedBatchHasher,
  taggedHash,
  taggedHasher,
  taggedPackedHasher,
} from '../../kernel/crypto/hashes.js';
import { SHA256_WASM } from '../../kernel/crypto/sha256-wasm/sha256-wasm.js';
import { SHA256_WASM_BASE64 } from '../../kernel/crypto/sha256-wasm/sha256-wasm-module.js';
import { computeMerkleRoot, computeMerkleRootBatched } from '../../kernel/validation/merkle.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const nodeSha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** FIPS 180-2 appendix B (and the one-million 'a' message of B.3). */
const NIST: readonly (readonly [string, Uint8Array, string])[] = [
  ['"abc"', ascii('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['empty', new Uint8Array(0), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['448 bits', ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  [
    '896 bits',
    ascii('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'),
    'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
  ],
  ['one million "a"', new Uint8Array(1_000_000).fill(0x61), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
];

describe('§1.2 SHA-256 in WebAssembly', () => {
  it('loads here (Node 20 has WebAssembly SIMD) and is the backend in use', () => {
    expect(SHA256_WASM).toBeDefined();
    expect(SHA256_BACKEND).toBe('wasm');
  });

  it.each(NIST)('NIST vector %s: WebAssembly and @noble/hashes give the published digest', (_name, message, digest) => {
    expect(hex(sha256(message))).toBe(digest);
    expect(hex(referenceSha256.sha256(message))).toBe(digest);
  });

  it('every length 0..300 (all padding cases: one or two final blocks) equals node:crypto, for SHA-256 and SHA256d', () => {
    let checked = 0;
    for (let len = 0; len <= 300; len++) {
      const m = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
      expect(hex(sha256(m))).toBe(nodeSha256(m).toString('hex'));
      expect(hex(sha256d(m))).toBe(nodeSha256(nodeSha256(m)).toString('hex'));
      checked++;
    }
    expect(checked).toBe(301);
  });

  it('sha256, sha256d, sha256Parts, sha256dParts and hash160 equal @noble/hashes on random inputs (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 4 }), fc.uint8Array({ maxLength: 5000 }), (parts, m) => {
        expect(hex(sha256(m))).toBe(hex(referenceSha256.sha256(m)));
        expect(hex(sha256d(m))).toBe(hex(referenceSha256.sha256d(m)));
        expect(hex(sha256dParts(parts))).toBe(hex(referenceSha256.sha256dParts(parts)));
        expect(hex(sha256Parts(parts))).toBe(hex(referenceSha256.sha256Parts(parts)));
        expect(hex(sha256Parts(parts))).toBe(nodeSha256(Buffer.concat(parts)).toString('hex'));
        expect(hex(sha256dParts(parts))).toBe(hex(sha256d(Uint8Array.from(parts.flatMap((p) => [...p])))));
        expect(hex(hash160(m))).toBe(hex(createHash('ripemd160').update(nodeSha256(m)).digest()));
      }),
      { numRuns: 300 },
    );
  });

  it('SHA256D64 (4 SIMD lanes) equals SHA256d of each 64-byte message, for 0 to 13 messages (every lane count of the last group)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 13 }).chain((n) => fc.uint8Array({ minLength: 64 * n, maxLength: 64 * n })), (input) => {
        const n = input.length / 64;
        const out = sha256d64(input);
        expect(out.length).toBe(32 * n);
        expect(hex(out)).toBe(hex(referenceSha256.sha256d64(input)));
        for (let i = 0; i < n; i++) expect(hex(out.subarray(32 * i, 32 * i + 32))).toBe(nodeSha256(nodeSha256(input.subarray(64 * i, 64 * i + 64))).toString('hex'));
      }),
      { numRuns: 200 },
    );
  });

  it('sha256dBatch (multi-buffer: messages of any lengths in 4 SIMD lanes) equals SHA256d of each concatenated message (fast-check)', () => {
    // Lengths around the padding boundaries (55, 56, 63, 64, 119, 120) and long ones, so lanes finish at different blocks.
    const length = fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 3000 }));
    const message = fc.array(length.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), { minLength: 1, maxLength: 3 });
    let messages = 0;
    fc.assert(
      fc.property(fc.array(message, { maxLength: 19 }), (batch) => {
        const out = sha256dBatch(batch);
        expect(out.length).toBe(32 * batch.length);
        expect(hex(out)).toBe(hex(referenceSha256.sha256dBatch(batch)));
        batch.forEach((parts, i) => expect(hex(out.subarray(32 * i, 32 * i + 32))).toBe(nodeSha256(nodeSha256(Buffer.concat(parts))).toString('hex')));
        messages += batch.length;
      }),
      { numRuns: 200 },
    );
    expect(messages).toBeGreaterThan(500);
  });

  it('sha256Batch and taggedBatchHasher (multi-buffer, the tagged prefix as a midstate) equal node:crypto on each message (fast-check)', () => {
    // With the 64-byte tag prefix the padding boundaries move: message lengths 55, 56, 63, 64 overall are 0 / -9 / -1 / 0 here.
    const length = fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 2000 }));
    const message = fc.array(length.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), { minLength: 1, maxLength: 3 });
    const tagged = taggedBatchHasher('bllvm/test');
    const tagHash = nodeSha256(Buffer.from('bllvm/test', 'utf8'));
    let messages = 0;
    fc.assert(
      fc.property(fc.array(message, { maxLength: 19 }), (batch) => {
        const plain = sha256Batch(batch);
        const withTag = tagged(batch);
        expect(plain.length).toBe(32 * batch.length);
        expect(withTag.length).toBe(32 * batch.length);
        batch.forEach((parts, i) => {
          expect(hex(plain.subarray(32 * i, 32 * i + 32))).toBe(nodeSha256(Buffer.concat(parts)).toString('hex'));
          expect(hex(withTag.subarray(32 * i, 32 * i + 32))).toBe(nodeSha256(Buffer.concat([tagHash, tagHash, ...parts])).toString('hex'));
          expect(hex(withTag.subarray(32 * i, 32 * i + 32))).toBe(hex(taggedHash('bllvm/test', ...parts)));
        });
        messages += batch.length;
      }),
      { numRuns: 200 },
    );
    expect(messages).toBeGreaterThan(500);
    // Every total length from 64 to 64 + 130 (every padding case after the prefix) in one batch.
    const each = Array.from({ length: 131 }, (_, n) => [Uint8Array.from({ length: n }, (_, i) => (i * 13 + n) & 0xff)]);
    const digests = tagged(each);
    each.forEach((parts, n) => expect(hex(digests.subarray(32 * n, 32 * n + 32))).toBe(nodeSha256(Buffer.concat([tagHash, tagHash, ...parts])).toString('hex')));
  });

  it('a large input grows the module memory and still hashes right (SHA256D64 of 20,000 messages, SHA-256 of 3 MB)', () => {
    const input = Uint8Array.from({ length: 64 * 20_000 }, (_, i) => (i * 7) & 0xff);
    const out = sha256d64(input);
    expect(hex(out)).toBe(hex(referenceSha256.sha256d64(input)));
    const big = Uint8Array.from({ length: 3 << 20 }, (_, i) => (i >> 3) & 0xff);
    expect(hex(sha256(big))).toBe(nodeSha256(big).toString('hex'));
  });

  it('computeMerkleRootBatched equals computeMerkleRoot (root and mutated) on random leaf lists, with duplicated siblings', () => {
    const leaf = fc.uint8Array({ minLength: 32, maxLength: 32 });
    const leaves = fc.array(leaf, { maxLength: 40 }).chain((ls) =>
      // Often repeat some leaves right after themselves, so `mutated` trees occur.
      fc.array(fc.integer({ min: 0, max: Math.max(0, ls.length - 1) }), { maxLength: 3 }).map((dups) => {
        const out = [...ls];
        for (const d of dups) {
          const at = out[d];
          if (at !== undefined) out.splice(d, 0, at);
        }
        return out;
      }),
    );
    let mutatedSeen = 0;
    fc.assert(
      fc.property(leaves, (ls) => {
        const reference = computeMerkleRoot(ls);
        const batched = computeMerkleRootBatched(ls);
        expect(hex(batched.root)).toBe(hex(reference.root));
        expect(batched.mutated).toBe(reference.mutated);
        if (reference.mutated) mutatedSeen++;
      }),
      { numRuns: 400 },
    );
    expect(mutatedSeen).toBeGreaterThan(0);
  });

  it('the committed module is what build.mjs assembles from generate-wat.mjs (wabt)', async () => {
    const build = '../../kernel/crypto/sha256-wasm/build.mjs';
    const { buildSha256Wasm } = (await import(build)) as { buildSha256Wasm: () => Promise<{ wat: string; wasm: Uint8Array }> };
    const { wat, wasm } = await buildSha256Wasm();
    expect(Buffer.from(wasm).toString('base64')).toBe(SHA256_WASM_BASE64);
    expect(readFileSync(fileURLToPath(new URL('../../kernel/crypto/sha256-wasm/sha256.wat', import.meta.url)), 'utf8')).toBe(wat);
  });

  it('taggedPackedHasher (n 64-byte messages back to back, one padding block each) equals node:crypto on each message (fast-check)', () => {
    // Batch sizes across the 4 SIMD lanes (0, a partial group, several groups); the UTXO tree's internal nodes hash this way.
    const packed = taggedPackedHasher('bllvm/test');
    const tagHash = nodeSha256(Buffer.from('bllvm/test', 'utf8'));
    let messages = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 37 }).chain((n) => fc.uint8Array({ minLength: 64 * n, maxLength: 64 * n })), (input) => {
        const n = input.length / 64;
        const out = packed(input);
        expect(out.length).toBe(32 * n);
        for (let i = 0; i < n; i++) {
          const message = input.subarray(64 * i, 64 * i + 64);
          expect(hex(out.subarray(32 * i, 32 * i + 32))).toBe(nodeSha256(Buffer.concat([tagHash, tagHash, message])).toString('hex'));
        }
        messages += n;
      }),
      { numRuns: 150 },
    );
    expect(messages).toBeGreaterThan(1000);
  });

  it('without WebAssembly (node --jitless) the kernel falls back to @noble/hashes: same digests, same Merkle root of block 413567', () => {
    const script = `
      const { SHA256_BACKEND, sha256d, sha256d64, taggedHash, taggedHasher, taggedPackedHasher } = await import('./kernel/crypto/hashes.ts');
      const { decodeBlock } = await import('./kernel/primitives/block.ts');
      const { blockMerkleRoot } = await import('./kernel/validation/merkle.ts');
      const { readFileSync } = await import('node:fs');
      const block = decodeBlock(new Uint8Array(readFileSync('test/vectors/bitcoin-core/block413567.raw')));
      const root = blockMerkleRoot(block.value);
      const hex = (b) => Buffer.from(b).toString('hex');
      console.log(JSON.stringify({ backend: SHA256_BACKEND, wasm: typeof WebAssembly, abc: hex(sha256d(new TextEncoder().encode('abc'))), d64: hex(sha256d64(new Uint8Array(64))), tagged: hex(taggedHasher('TapLeaf')(new Uint8Array(40))), tagged2: hex(taggedHash('TapLeaf', new Uint8Array(40))), packed: hex(taggedPackedHasher('TapLeaf')(new Uint8Array(128).map((_, i) => i))), root: hex(root.root), header: hex(block.value.header.merkleRoot) }));
    `;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
    expect(r.wasm).toBe('undefined');
    expect(r.backend).toBe('@noble/hashes');
    expect(r.abc).toBe(hex(sha256d(ascii('abc'))));
    expect(r.d64).toBe(hex(sha256d64(new Uint8Array(64))));
    expect(r.root).toBe(r.header);
    expect(r.tagged).toBe(hex(taggedHasher('TapLeaf')(new Uint8Array(40))));
    expect(r.tagged2).toBe(r.tagged);
    expect(r.tagged).toBe(hex(taggedHash('TapLeaf', new Uint8Array(40))));
    const counting = new Uint8Array(128).map((_, i) => i);
    expect(r.packed).toBe(hex(taggedHash('TapLeaf', counting.subarray(0, 64))) + hex(taggedHash('TapLeaf', counting.subarray(64))));
  });
});
