/**
 * The WebAssembly RIPEMD-160 (kernel/crypto/ripemd160-wasm/) against its references: the test
 * vectors published on Bosselaers' RIPEMD-160 page (https://homes.esat.kuleuven.be/~bosselae/ripemd160.html),
 * @noble/hashes and node:crypto (OpenSSL, where this Node's OpenSSL has RIPEMD-160) on the same
 * messages, and @noble/hashes on fast-check inputs: random lengths 0-300 and every length 0-130
 * (one final block or two: remainders 55/56, lengths 63/64 and 119/120). The committed module is the
 * generator's output. The kernel's `ripemd160` and `hash160` (kernel/crypto/hashes.ts) run it, and
 * without WebAssembly (`node --jitless`) fall back to @noble/hashes with the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RIPEMD160_BACKEND, hash160, ripemd160 } from '../../kernel/crypto/hashes.js';
import { RIPEMD160_WASM, type Ripemd160Wasm, wasmRipemd160 } from '../../kernel/crypto/ripemd160-wasm/ripemd160-wasm.js';
import { RIPEMD160_WASM_BASE64 } from '../../kernel/crypto/ripemd160-wasm/ripemd160-wasm-module.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * node:crypto's RIPEMD-160, or undefined where this Node's OpenSSL lacks it (OpenSSL 3 before 3.0.7
 * has it only in the legacy provider): then only that comparison is skipped, never a vector.
 */
const opensslRipemd160 = ((): ((data: Uint8Array) => string) | undefined => {
  try {
    createHash('ripemd160');
    return (data) => createHash('ripemd160').update(data).digest('hex');
  } catch {
    return undefined;
  }
})();
const references = opensslRipemd160 === undefined ? '@noble/hashes (OpenSSL here has no RIPEMD-160)' : '@noble/hashes and OpenSSL';

/** Bosselaers' page, "test vectors": the message and its RIPEMD-160. */
const VECTORS: readonly (readonly [string, Uint8Array, string])[] = [
  ['""', ascii(''), '9c1185a5c5e9fc54612808977ee8f548b2258d31'],
  ['"a"', ascii('a'), '0bdc9d2d256b3ee9daae347be6f4dc835a467ffe'],
  ['"abc"', ascii('abc'), '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
  ['"message digest"', ascii('message digest'), '5d0689ef49d2fae572b881b123a85ffa21595f36'],
  ['a..z', ascii('abcdefghijklmnopqrstuvwxyz'), 'f71c27109c692c1b56bbdceb5b9d2865b3708dbc'],
  ['"abcdbcde...nopq"', ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '12a053384a9c0c88e405a06c27dcf49ada62eb2b'],
  ['A..Za..z0..9', ascii('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), 'b0e20b6e3116640286ed3a87a5713079b21f5189'],
  ['8 times "1234567890"', ascii('1234567890'.repeat(8)), '9b752e45573d4b39f4dbd3323cab82bf63326bfb'],
  ['1 million times "a"', ascii('a'.repeat(1_000_000)), '52783243c1697bdbe16d37f97f68f08325dc1528'],
];

/** The loaded module (the first test fails where it does not load). */
const wasm = (): Ripemd160Wasm => {
  if (RIPEMD160_WASM === undefined) throw new Error('the RIPEMD-160 module did not load');
  return RIPEMD160_WASM;
};

/** The module's digest equals @noble/hashes' (and OpenSSL's where present). */
const expectReferences = (data: Uint8Array): void => {
  const got = hex(wasmRipemd160(wasm(), data));
  expect(got).toBe(hex(nobleRipemd160(data)));
  if (opensslRipemd160 !== undefined) expect(got).toBe(opensslRipemd160(data));
};

/** Every length 0..130 meets each shape of the padding: one final block (remainder 0-55) or two (56-63), after 0, 1 or 2 whole blocks. */
const EVERY_LENGTH = 131;
const RUNS_PER_LENGTH = 20;
const RANDOM_RUNS = 500;

describe('§1.2 RIPEMD-160 in WebAssembly', () => {
  it('loads here (no SIMD needed) and passes its known answer', () => {
    expect(RIPEMD160_WASM).toBeDefined();
  });

  it(`Bosselaers' ${VECTORS.length} published vectors: WebAssembly, ${references} give the published digests`, () => {
    for (const [, message, expected] of VECTORS) {
      expect(hex(wasmRipemd160(wasm(), message))).toBe(expected);
      expect(hex(nobleRipemd160(message))).toBe(expected);
      if (opensslRipemd160 !== undefined) expect(opensslRipemd160(message)).toBe(expected);
    }
  });

  it(`${RANDOM_RUNS} random inputs of 0-300 bytes: equal ${references} (fast-check)`, () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), expectReferences), { numRuns: RANDOM_RUNS });
  });

  it(`every length 0-${EVERY_LENGTH - 1}, ${RUNS_PER_LENGTH} random inputs each (${EVERY_LENGTH * RUNS_PER_LENGTH}): equal ${references} (fast-check)`, () => {
    for (let length = 0; length < EVERY_LENGTH; length++) {
      fc.assert(fc.property(fc.uint8Array({ minLength: length, maxLength: length }), expectReferences), { numRuns: RUNS_PER_LENGTH });
    }
  });

  it('the kernel\'s ripemd160 and hash160 run it: HASH160 = RIPEMD-160 of SHA-256 (node:crypto) on fast-check inputs', () => {
    expect(RIPEMD160_BACKEND).toBe('wasm');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        expect(hex(ripemd160(data))).toBe(hex(nobleRipemd160(data)));
        expect(hex(hash160(data))).toBe(hex(nobleRipemd160(createHash('sha256').update(data).digest())));
      }),
      { numRuns: 200 },
    );
  });

  it('without WebAssembly (node --jitless) the kernel falls back to @noble/hashes: the same digests', () => {
    const script = `
      const h = await import('./kernel/crypto/hashes.ts');
      const hex = (b) => Buffer.from(b).toString('hex');
      const abc = new TextEncoder().encode('abc');
      console.log(JSON.stringify({ backend: h.RIPEMD160_BACKEND, wasm: typeof WebAssembly, abc: hex(h.ripemd160(abc)), hash160: hex(h.hash160(abc)) }));
    `;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
    expect(r.wasm).toBe('undefined');
    expect(r.backend).toBe('@noble/hashes');
    expect(r.abc).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
    expect(r.hash160).toBe(hex(nobleRipemd160(createHash('sha256').update('abc').digest())));
  });

  it('the committed module is what build.mjs assembles from generate-wat.mjs (wabt)', async () => {
    const build = '../../kernel/crypto/ripemd160-wasm/build.mjs';
    const { buildRipemd160Wasm } = (await import(build)) as { buildRipemd160Wasm: () => Promise<{ wat: string; wasm: Uint8Array }> };
    const { wat, wasm: bytes } = await buildRipemd160Wasm();
    expect(Buffer.from(bytes).toString('base64')).toBe(RIPEMD160_WASM_BASE64);
    expect(readFileSync(fileURLToPath(new URL('../../kernel/crypto/ripemd160-wasm/ripemd160.wat', import.meta.url)), 'utf8')).toBe(wat);
  });
});
