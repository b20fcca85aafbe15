/**
 * Differential property test: every secp256k1 backend (tiny-secp256k1, libsecp256k1-wasm) gives
 * @noble/curves' answer on random valid signatures and on random corruptions of them (the
 * condition DEFAULT_BACKEND's choice rests on).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeLowS, parseDerLax, encodeDerSignature } from '../../kernel/crypto/ecdsa.js';
import { SECP256K1_BACKENDS, SECP256K1_N, nobleBackend } from '../../kernel/crypto/secp256k1.js';
import { bytes, flip as corrupt, seckey, toHexString } from './helpers.js';

const noble = nobleBackend;
/** The backends checked against noble: every other one. */
const OTHERS = SECP256K1_BACKENDS.filter((b) => b !== noble);
const RUNS = 150;


describe.each(OTHERS.map((b) => [b.name, b] as const))('§3.5 the %s backend agrees with @noble/curves (fast-check)', (_name, other) => {
  it('is one of 2 backends checked here besides noble', () => {
    expect(OTHERS.map((b) => b.name).sort()).toEqual(['libsecp256k1-wasm', 'tiny-secp256k1']);
  });

  it('§3.6 ECDSA: same deterministic signature, same public keys, same verdict on valid and corrupted inputs', () => {
    fc.assert(
      fc.property(seckey, bytes(32), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.constantFrom('sig', 'msg', 'key', 'none'), (sk, msg, idx, bit, what) => {
        const sigO = other.signEcdsa(msg, sk)!;
        const sigN = noble.signEcdsa(msg, sk)!;
        expect(toHexString(sigO)).toBe(toHexString(sigN));
        for (const compressed of [true, false]) {
          const pubO = other.getPublicKey(sk, compressed)!;
          expect(toHexString(pubO)).toBe(toHexString(noble.getPublicKey(sk, compressed)!));
          const sig = what === 'sig' ? corrupt(sigO, idx, bit) : sigO;
          const m = what === 'msg' ? corrupt(msg, idx, bit) : msg;
          const key = what === 'key' ? corrupt(pubO, idx, bit) : pubO;
          const a = other.verifyEcdsa(m, sig, key);
          expect(noble.verifyEcdsa(m, sig, key)).toBe(a);
          if (what === 'none') expect(a).toBe(true);
          // The same through Core's path: DER, lax parse, normalize.
          const viaDer = normalizeLowS(parseDerLax(encodeDerSignature(sig))!);
          expect(noble.verifyEcdsa(m, viaDer, key)).toBe(other.verifyEcdsa(m, viaDer, key));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('ECDSA: random signatures and random keys (any header byte, hybrid included) get the same verdict', () => {
    fc.assert(
      fc.property(
        bytes(32),
        bytes(64),
        fc.oneof(bytes(33), bytes(65), fc.uint8Array({ maxLength: 70 })),
        fc.constantFrom(2, 3, 4, 5, 6, 7, 0),
        (msg, sig, key, header) => {
          const k = key.slice();
          if (k.length > 0) k[0] = header;
          expect(noble.verifyEcdsa(msg, sig, k)).toBe(other.verifyEcdsa(msg, sig, k));
        },
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('ECDSA: real keys re-encoded as hybrid verify on both', () => {
    fc.assert(
      fc.property(seckey, bytes(32), fc.boolean(), (sk, msg, rightParity) => {
        const sig = other.signEcdsa(msg, sk)!;
        const pub = other.getPublicKey(sk, false)!;
        const odd = (pub[64]! & 1) === 1;
        const hybrid = Uint8Array.from([(odd === rightParity ? 7 : 6), ...pub.subarray(1)]);
        expect(other.verifyEcdsa(msg, sig, hybrid)).toBe(rightParity);
        expect(noble.verifyEcdsa(msg, sig, hybrid)).toBe(rightParity);
      }),
      { numRuns: RUNS },
    );
  });

  it('Schnorr: same BIP340 signature, same verdict on valid and corrupted inputs, any message length', () => {
    fc.assert(
      fc.property(
        seckey,
        fc.oneof(bytes(32), fc.uint8Array({ maxLength: 80 })),
        bytes(32),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom('sig', 'msg', 'key', 'none'),
        (sk, msg, aux, idx, bit, what) => {
          const sigO = other.signSchnorr(msg, sk, aux)!;
          expect(toHexString(sigO)).toBe(toHexString(noble.signSchnorr(msg, sk, aux)!));
          const pub = other.getPublicKey(sk, true)!.subarray(1);
          const sig = what === 'sig' ? corrupt(sigO, idx, bit) : sigO;
          const m = what === 'msg' ? corrupt(msg, idx, bit) : msg;
          const key = what === 'key' ? corrupt(pub, idx, bit) : pub;
          const a = other.verifySchnorr(m, sig, key);
          expect(noble.verifySchnorr(m, sig, key)).toBe(a);
          if (what === 'none' || (what === 'msg' && msg.length === 0)) expect(a).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Schnorr: random signatures and random x-only keys get the same verdict', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(32), fc.uint8Array({ maxLength: 40 })), bytes(64), bytes(32), (msg, sig, key) => {
        expect(noble.verifySchnorr(msg, sig, key)).toBe(other.verifySchnorr(msg, sig, key));
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('x-only tweak: same point and parity, same failures (invalid keys, tweaks ≥ n)', () => {
    const nBytes = Uint8Array.from(Buffer.from(SECP256K1_N.toString(16), 'hex'));
    fc.assert(
      fc.property(
        fc.oneof(seckey.map((sk) => other.getPublicKey(sk, true)!.subarray(1)), bytes(32)),
        fc.oneof(bytes(32), fc.constant(nBytes), fc.constant(new Uint8Array(32)), fc.constant(new Uint8Array(32).fill(0xff))),
        (key, tweak) => {
          const a = other.xOnlyTweakAdd(key, tweak);
          const b = noble.xOnlyTweakAdd(key, tweak);
          expect(b === undefined).toBe(a === undefined);
          if (a && b) {
            expect(b.parity).toBe(a.parity);
            expect(toHexString(b.xOnly)).toBe(toHexString(a.xOnly));
          }
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
