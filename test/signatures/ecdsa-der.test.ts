import { describe, expect, it } from 'vitest';
import { encodeDerSignature, isHighS, normalizeLowS, parseDerLax, verifyEcdsaLax } from '../../kernel/crypto/ecdsa.js';
import { SECP256K1_BACKENDS, SECP256K1_HALF_N, SECP256K1_N, normalizeEcdsaPubkey } from '../../kernel/crypto/secp256k1.js';
import { sha256 } from '../../kernel/crypto/hashes.js';
import { hex, toHexString } from './helpers.js';

const R = '8f3b8f8f0537c420654d2283673a761b7ee2ea3c130753103e08ce79201cf32a'; // high bit set: DER needs a 00 pad
const S = '79e7ab904a1980ef1c5890b648c8783f4d10103dd62f740d13daa79e298d50c2';
const to32 = (n: bigint): string => n.toString(16).padStart(64, '0');

/**
 * Expected values below are derived by hand from Core's ecdsa_signature_parse_der_lax
 * (src/pubkey.cpp) and libsecp256k1's secp256k1_ecdsa_signature_parse_compact, as quoted in
 * each comment; "undefined" means the C function returns 0.
 */
describe('§3.6 parseDerLax (Core ecdsa_signature_parse_der_lax)', () => {
  it('parses strict DER', () => {
    const der = hex(`3045022100${R}0220${S}`);
    expect(toHexString(parseDerLax(der)!)).toBe(R + S);
    expect(toHexString(encodeDerSignature(hex(R + S)))).toBe(`3045022100${R}0220${S}`);
  });

  it('ignores the sequence length and trailing garbage (Core: "Sequence length bytes" only skipped)', () => {
    // Core reads the 0x30 length byte and never compares it with the content.
    expect(toHexString(parseDerLax(hex(`3000022100${R}0220${S}`))!)).toBe(R + S);
    expect(toHexString(parseDerLax(hex(`307f022100${R}0220${S}`))!)).toBe(R + S);
    // 0xff is the long form "skip 127 bytes", which are not there.
    expect(parseDerLax(hex(`30ff022100${R}0220${S}`))).toBeUndefined();
    expect(toHexString(parseDerLax(hex(`3045022100${R}0220${S}deadbeef`))!)).toBe(R + S);
    // A long-form sequence length: 0x82 means skip two bytes, whatever they are.
    expect(toHexString(parseDerLax(hex(`308200ff022100${R}0220${S}`))!)).toBe(R + S);
    // …but the skipped bytes must exist: `lenbyte > inputlen - pos` returns 0.
    expect(parseDerLax(hex('3085'))).toBeUndefined();
  });

  it('accepts long-form, zero-padded integer lengths and excess leading zeros', () => {
    // 0x81 0x21: long form of 33; Core strips leading zero bytes of the length first.
    expect(toHexString(parseDerLax(hex(`30460281210000${R.slice(2)}0220${S}`))!)).toBe(`00${R.slice(2)}${S}`);
    // 0x84 00 00 00 21: four length bytes, three of them zero → 1 significant byte, accepted.
    expect(toHexString(parseDerLax(hex(`304902840000002100${R}0220${S}`))!)).toBe(R + S);
    // 0x84 01 00 00 00: four significant length bytes → `lenbyte >= 4` returns 0.
    expect(parseDerLax(hex(`30490284010000002100${R}0220${S}`))).toBeUndefined();
    // Many leading zeros in the integer are dropped ("Ignore leading zeroes in R").
    expect(toHexString(parseDerLax(hex(`304a022600000000000000${R.slice(2)}0220${S}`))!)).toBe(`00${R.slice(2)}${S}`);
  });

  it('accepts "negative" integers and short integers', () => {
    // R with the top bit set and no 00 pad (not valid BIP66, fine for the lax parser).
    expect(toHexString(parseDerLax(hex(`30440220${R}0220${S}`))!)).toBe(R + S);
    // One-byte r and s.
    expect(toHexString(parseDerLax(hex('3006020101020102'))!)).toBe(to32(1n) + to32(2n));
    // Zero-length r: parses to r = 0 (a signature that never verifies).
    expect(toHexString(parseDerLax(hex('30050200020102'))!)).toBe(to32(0n) + to32(2n));
  });

  it('turns overflowing values into the all-zero signature (Core: "correctly-parsed but invalid")', () => {
    const zero = '00'.repeat(64);
    // 33 significant bytes of r → `rlen > 32` → overflow → zero signature, return 1.
    expect(toHexString(parseDerLax(hex(`3046022101${R}0220${S}`))!)).toBe(zero);
    // s = n → secp256k1_ecdsa_signature_parse_compact fails → zero signature.
    expect(toHexString(parseDerLax(hex(`3045022100${R}022100${to32(SECP256K1_N)}`))!)).toBe(zero);
    // s = n − 1 is fine.
    expect(toHexString(parseDerLax(hex(`3045022100${R}022100${to32(SECP256K1_N - 1n)}`))!)).toBe(R + to32(SECP256K1_N - 1n));
  });

  it('refuses what Core refuses', () => {
    for (const bad of [
      '', // no sequence tag
      '31', // wrong tag
      '30', // no length
      '3006', // no INTEGER tag for r
      '3006030101020102', // wrong r tag
      '300602', // no r length
      '3006020201', // r runs past the end
      '30060201010302', // wrong s tag
      '300602010102', // no s length
      '30060201010202', // s runs past the end: `slen > inputlen - pos`
      '3006028101', // long-form length byte missing
    ]) {
      expect(parseDerLax(hex(bad)), bad).toBeUndefined();
    }
  });
});

describe('§3.6 low-S normalization (secp256k1_ecdsa_signature_normalize)', () => {
  it('maps S > n/2 to n − S and leaves low S alone', () => {
    const high = hex(R + to32(SECP256K1_HALF_N + 1n));
    expect(isHighS(high)).toBe(true);
    expect(toHexString(normalizeLowS(high))).toBe(R + to32(SECP256K1_N - SECP256K1_HALF_N - 1n));
    const half = hex(R + to32(SECP256K1_HALF_N));
    expect(isHighS(half)).toBe(false);
    expect(toHexString(normalizeLowS(half))).toBe(toHexString(half));
  });
});

describe('§3.5 §3.6 CPubKey::Verify through both backends', () => {
  const seckey = hex('0000000000000000000000000000000000000000000000000000000000000007');
  const msg = sha256(hex('616263'));
  for (const backend of SECP256K1_BACKENDS) {
    it(`${backend.name}: high-S, lax encodings, hybrid keys and bad keys give Core’s answer`, () => {
      const compact = backend.signEcdsa(msg, seckey)!;
      const pubC = backend.getPublicKey(seckey, true)!;
      const pubU = backend.getPublicKey(seckey, false)!;
      const der = encodeDerSignature(compact);
      expect(verifyEcdsaLax(backend, msg, der, pubC)).toBe(true);
      expect(verifyEcdsaLax(backend, msg, der, pubU)).toBe(true);
      // High S verifies: Core normalizes before verifying (consensus has no LOW_S rule).
      const sHigh = SECP256K1_N - BigInt(`0x${toHexString(compact.subarray(32))}`);
      const highDer = encodeDerSignature(hex(toHexString(compact.subarray(0, 32)) + to32(sHigh)));
      expect(verifyEcdsaLax(backend, msg, highDer, pubC)).toBe(true);
      // …but the backend itself, like libsecp256k1's secp256k1_ecdsa_verify, refuses high S.
      expect(backend.verifyEcdsa(msg, hex(toHexString(compact.subarray(0, 32)) + to32(sHigh)), pubC)).toBe(false);
      // Lax encoding with garbage after it still verifies.
      expect(verifyEcdsaLax(backend, msg, Uint8Array.from([...der, 1, 2, 3]), pubC)).toBe(true);
      // Hybrid keys: 0x06 for even y, 0x07 for odd y (secp256k1_ec_pubkey_parse accepts them).
      const yOdd = (pubU[64]! & 1) === 1;
      const hybrid = Uint8Array.from([yOdd ? 7 : 6, ...pubU.subarray(1)]);
      const wrongHybrid = Uint8Array.from([yOdd ? 6 : 7, ...pubU.subarray(1)]);
      expect(verifyEcdsaLax(backend, msg, der, hybrid)).toBe(true);
      expect(verifyEcdsaLax(backend, msg, der, wrongHybrid)).toBe(false);
      // CPubKey length rule: header and size must agree.
      expect(verifyEcdsaLax(backend, msg, der, pubU.subarray(0, 33))).toBe(false);
      expect(verifyEcdsaLax(backend, msg, der, Uint8Array.from([2, ...pubU.subarray(1)]))).toBe(false);
      expect(verifyEcdsaLax(backend, msg, der, Uint8Array.from([5, ...pubC.subarray(1)]))).toBe(false);
      expect(verifyEcdsaLax(backend, msg, der, new Uint8Array(0))).toBe(false);
      // Off-curve uncompressed key; compressed x ≥ p.
      const offCurve = pubU.slice();
      offCurve[64] = offCurve[64]! ^ 1;
      expect(verifyEcdsaLax(backend, msg, der, offCurve)).toBe(false);
      expect(verifyEcdsaLax(backend, msg, der, hex(`02${'ff'.repeat(32)}`))).toBe(false);
      // Zero r or s, and the zero signature of an overflow, never verify.
      expect(backend.verifyEcdsa(msg, new Uint8Array(64), pubC)).toBe(false);
      expect(verifyEcdsaLax(backend, msg, hex(`3046022101${R}0220${S}`), pubC)).toBe(false);
      // Wrong message.
      expect(verifyEcdsaLax(backend, sha256(msg), der, pubC)).toBe(false);
    });
  }

  it('normalizeEcdsaPubkey keeps 02/03/04 keys, rewrites valid hybrids to 04', () => {
    const key = hex(`06${'11'.repeat(63)}10`);
    expect(toHexString(normalizeEcdsaPubkey(key)!)).toBe(`04${'11'.repeat(63)}10`);
    expect(normalizeEcdsaPubkey(hex(`07${'11'.repeat(63)}10`))).toBeUndefined();
  });
});
