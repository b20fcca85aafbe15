/**
 * eccSanityCheck (kernel/crypto/ecc-sanity-check.ts, after Core's ECC_InitSanityCheck): every real
 * backends pass; backends that are broken the ways a misloaded WASM module or a wrong port would
 * be are refused. The browser pages use it before keeping tiny-secp256k1 (browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { eccSanityCheck } from '../../kernel/crypto/ecc-sanity-check.js';
import { type Secp256k1Backend, libsecp256k1WasmBackend, nobleBackend, tinySecp256k1Backend } from '../../kernel/crypto/secp256k1.js';

const broken = (name: string, overrides: Partial<Secp256k1Backend>): Secp256k1Backend => ({ ...nobleBackend, name, ...overrides });

describe('§3.5 eccSanityCheck', () => {
  it.each([nobleBackend, tinySecp256k1Backend, libsecp256k1WasmBackend])('$name passes', (backend) => {
    expect(eccSanityCheck(backend)).toBe(true);
  });

  const refused: readonly Secp256k1Backend[] = [
    // What tiny-secp256k1 does when its WASM pointers are wrong: every call throws, each method answers false/undefined.
    broken('every call fails', { verifyEcdsa: () => false, verifySchnorr: () => false, xOnlyTweakAdd: () => undefined }),
    broken('ECDSA always false', { verifyEcdsa: () => false }),
    broken('ECDSA always true', { verifyEcdsa: () => true }),
    broken('Schnorr always false', { verifySchnorr: () => false }),
    broken('Schnorr always true', { verifySchnorr: () => true }),
    broken('tweak parity flipped', {
      xOnlyTweakAdd: (p, t) => {
        const r = nobleBackend.xOnlyTweakAdd(p, t);
        return r === undefined ? undefined : { xOnly: r.xOnly, parity: r.parity === 0 ? 1 : 0 };
      },
    }),
    broken('tweak ignored', { xOnlyTweakAdd: (p) => ({ xOnly: p, parity: 0 }) }),
  ];
  it.each(refused)('refuses a backend whose $name', (backend) => {
    expect(eccSanityCheck(backend)).toBe(false);
  });
});
