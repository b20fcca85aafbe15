/**
 * The WebAssembly ChaCha20 (kernel/crypto/chacha20-wasm/, SPEC.md §8.1) against its references:
 * the zero-nonce keystreams of RFC 8439 appendix A.1 (test vectors 1 and 2: all-zero key, blocks 0
 * and 1) and of Bitcoin Core's crypto_tests (`TestChaCha20` with key ..01), @noble/ciphers and
 * node:crypto (OpenSSL) on fast-check keys and lengths (every count of blocks in the last group of
 * 4 lanes); the keystream as a little-endian number against a bigint built byte by byte. The
 * committed module is the generator's output, and with WebAssembly unavailable (`node --jitless`)
 * the kernel falls back to @noble/ciphers with the same results (and Core's MuHash vector).
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHACHA20_BACKEND, chacha20Keystream, chacha20KeystreamNumber, referenceChacha20Keystream } from '../../kernel/crypto/chacha20.js';
import { CHACHA20_WASM } from '../../kernel/crypto/chacha20-wasm/chacha20-wasm.js';
import { CHACHA20_WASM_BASE64 } from '../../kernel/crypto/chacha20-wasm/chacha20-wasm-module.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** OpenSSL's chacha20: the IV is the 32-bit little-endian block counter, then the 96-bit nonce. */
const opensslKeystream = (key: Uint8Array, length: number): Buffer => createCipheriv('chacha20', key, Buffer.alloc(16)).update(Buffer.alloc(length));
/** A little-endian byte string as a number, one byte at a time from the top (shares nothing with the kernel's conversions). */
const littleEndianNumber = (bytes: Uint8Array): bigint => bytes.reduceRight((n, b) => n * 256n + BigInt(b), 0n);

const ZERO_KEY = new Uint8Array(32);
const KEY_01 = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0));
/** RFC 8439 A.1, test vectors 1 (block 0) and 2 (block 1): the all-zero key and nonce. */
const RFC8439_A1 =
  '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586' +
  '9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f';
/** Core's crypto_tests TestChaCha20: key 00..01, zero nonce, block 0. */
const CORE_KEY_01 = '4540f05a9f1fb296d7736e7b208e3c96eb4fe1834688d2604f450952ed432d41bbe2a0b6ea7566d2a5d1e7e20d42af2c53d792b1c43fea817e9ad275ae546963';

describe('§8.1 ChaCha20 in WebAssembly', () => {
  it('loads here (Node 20 has WebAssembly SIMD) and is the backend in use', () => {
    expect(CHACHA20_WASM).toBeDefined();
    expect(CHACHA20_BACKEND).toBe('wasm');
  });

  it('RFC 8439 A.1 vectors 1-2 and Core\'s key-01 vector: WebAssembly, @noble/ciphers and OpenSSL give the published bytes', () => {
    for (const [key, expected] of [[ZERO_KEY, RFC8439_A1], [KEY_01, CORE_KEY_01]] as const) {
      const length = expected.length / 2;
      expect(hex(chacha20Keystream(key, length))).toBe(expected);
      expect(hex(referenceChacha20Keystream(key, length))).toBe(expected);
      expect(hex(opensslKeystream(key, length))).toBe(expected);
    }
  });

  it('random keys, lengths 0-2,100 (every block count of the last 4-lane group): equals @noble/ciphers and OpenSSL (fast-check)', () => {
    const lanesSeen = new Set<number>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.oneof(fc.integer({ min: 0, max: 520 }), fc.integer({ min: 0, max: 2100 })), (key, length) => {
        const got = chacha20Keystream(key, length);
        expect(got.length).toBe(length);
        expect(hex(got)).toBe(hex(referenceChacha20Keystream(key, length)));
        expect(hex(got)).toBe(opensslKeystream(key, length).toString('hex'));
        lanesSeen.add(Math.ceil(length / 64) % 4);
      }),
      { numRuns: 300 },
    );
    expect(lanesSeen.size).toBe(4);
  });

  it('the keystream as a little-endian number equals the bytes read one by one (MuHash\'s 384 bytes and other multiples of 8)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom(8, 64, 384, 384, 392, 1024), (key, length) => {
        expect(chacha20KeystreamNumber(key, length)).toBe(littleEndianNumber(opensslKeystream(key, length)));
      }),
      { numRuns: 200 },
    );
  });

  it('the committed module is what build.mjs assembles from generate-wat.mjs (wabt)', async () => {
    const build = '../../kernel/crypto/chacha20-wasm/build.mjs';
    const { buildChacha20Wasm } = (await import(build)) as { buildChacha20Wasm: () => Promise<{ wat: string; wasm: Uint8Array }> };
    const { wat, wasm } = await buildChacha20Wasm();
    expect(Buffer.from(wasm).toString('base64')).toBe(CHACHA20_WASM_BASE64);
    expect(readFileSync(fileURLToPath(new URL('../../kernel/crypto/chacha20-wasm/chacha20.wat', import.meta.url)), 'utf8')).toBe(wat);
  });

  it('without WebAssembly (node --jitless) the kernel falls back to @noble/ciphers: same keystream, same number, Core\'s MuHash vector (with bigint products)', () => {
    const script = `
      const { CHACHA20_BACKEND, chacha20Keystream, chacha20KeystreamNumber } = await import('./kernel/crypto/chacha20.ts');
      const m = await import('./kernel/commitments/muhash.ts');
      const e = (i) => { const t = new Uint8Array(32); t[0] = i; return t; };
      const acc = m.muhashRemove(m.muhashInsert(m.muhashInsert(m.MUHASH_EMPTY, e(0)), e(1)), e(2));
      const hex = (b) => Buffer.from(b).toString('hex');
      const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
      console.log(JSON.stringify({ backend: CHACHA20_BACKEND, wasm: typeof WebAssembly, stream: hex(chacha20Keystream(key, 700)), number: chacha20KeystreamNumber(key, 384).toString(16), muhash: hex(m.muhashFinalize(acc).reverse()), muhashBackend: m.MUHASH_BACKEND }));
    `;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    expect(r.wasm).toBe('undefined');
    expect(r.backend).toBe('@noble/ciphers');
    expect(r.stream).toBe(opensslKeystream(key, 700).toString('hex'));
    expect(r.number).toBe(littleEndianNumber(opensslKeystream(key, 384)).toString(16));
    expect(r.muhash).toBe('10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863');
    expect(r.muhashBackend).toBe('bigint');
  });
});
