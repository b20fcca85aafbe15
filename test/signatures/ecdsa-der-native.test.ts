/**
 * Core's CPubKey::Verify in one native call (SPEC.md §3.6): bcrypto's addon parses the lax DER
 * signature in C (libsecp256k1's contrib ecdsa_signature_parse_der_lax), normalizes S and verifies;
 * verifyEcdsaLax (kernel/crypto/ecdsa.ts) takes that path when a backend offers
 * `verifyEcdsaDerLax`. This suite compares it with the reference path, the kernel's proved
 * parseDerLax and normalizeLowS then `verifyEcdsa`, on the same addon and on tiny-secp256k1:
 * fast-check over the encodings pre-BIP66 blocks contain (long-form and zero-padded lengths, any
 * sequence length, unpadded negative integers, trailing bytes, high S, r or s of 33 bytes or ≥ n),
 * their truncations and bit flips, random bytes, and keys of every header (hybrid included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDerSignature, verifyEcdsaLax } from '../../kernel/crypto/ecdsa.js';
import { SECP256K1_N, tinySecp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1-backend.js';
import { bcryptoSecp256k1Backend, loadBcryptoSecp256k1 } from '../../shell/crypto/bcrypto-backend.js';
import { bytes, flip, hex, seckey, toHexString } from './helpers.js';

const loaded = loadBcryptoSecp256k1();
if (!loaded.ok) throw new Error(`bcrypto's addon must load on this platform (linux-x64, built by npm ci): ${loaded.error}`);
const bcrypto = bcryptoSecp256k1Backend(loaded.value);
/** The same addon without its one-call path: verifyEcdsaLax parses and normalizes in TypeScript. */
const bcryptoCompactOnly: Secp256k1Backend = { ...bcrypto, verifyEcdsaDerLax: undefined };

const to32 = (n: bigint): Uint8Array => hex(n.toString(16).padStart(64, '0'));
const toBig = (b: Uint8Array): bigint => BigInt(`0x${toHexString(b) || '0'}`);

/** A DER length: short form, or long form with `extraZeros` leading zero bytes (0x80 | count). */
function derLength(len: number, longForm: boolean, extraZeros: number): number[] {
  if (!longForm) return [len];
  const body = [...new Array<number>(extraZeros).fill(0), ...(len > 255 ? [len >> 8, len & 0xff] : [len])];
  return [0x80 | body.length, ...body];
}

/** One INTEGER of `value` as a lax encoder might write it: padded with zeros, or without the sign pad. */
function laxInteger(value: Uint8Array, pad: number, signPad: boolean, longForm: boolean, extraZeros: number): number[] {
  let i = 0;
  while (i < value.length - 1 && value[i] === 0) i++;
  const body = [...new Array<number>(pad).fill(0), ...(signPad && ((value[i] ?? 0) & 0x80) !== 0 ? [0] : []), ...value.subarray(i)];
  return [0x02, ...derLength(body.length, longForm, extraZeros), ...body];
}

const laxForm = fc.record({
  padR: fc.nat(3),
  padS: fc.nat(3),
  signPad: fc.boolean(),
  longR: fc.boolean(),
  longS: fc.boolean(),
  zerosR: fc.nat(2),
  zerosS: fc.nat(2),
  seqLen: fc.option(fc.nat(255)),
  seqLong: fc.nat(3),
  trailing: fc.uint8Array({ maxLength: 4 }),
  highS: fc.boolean(),
  big: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 4 }, { arbitrary: fc.constantFrom('r33' as const, 'rN' as const, 'sN' as const, 'sZero' as const), weight: 1 }),
});
type LaxForm = typeof laxForm extends fc.Arbitrary<infer T> ? T : never;

/** A lax DER encoding of compact r‖s under `form`. */
function encodeLax(compact: Uint8Array, form: LaxForm): Uint8Array {
  let r: Uint8Array = compact.subarray(0, 32);
  let s: Uint8Array = compact.subarray(32, 64);
  if (form.highS) s = to32(SECP256K1_N - toBig(s));
  if (form.big === 'r33') r = Uint8Array.of(1, ...r);
  if (form.big === 'rN') r = to32(SECP256K1_N + (toBig(r) % 7n));
  if (form.big === 'sN') s = to32(SECP256K1_N);
  if (form.big === 'sZero') s = new Uint8Array(32);
  const body = [...laxInteger(r, form.padR, form.signPad, form.longR, form.zerosR), ...laxInteger(s, form.padS, form.signPad, form.longS, form.zerosS)];
  const seq = form.seqLong > 0 ? [0x80 | form.seqLong, ...new Array<number>(form.seqLong).fill(form.seqLen ?? 0)] : [form.seqLen ?? body.length];
  return Uint8Array.from([0x30, ...seq, ...body, ...form.trailing]);
}

/** The key in each of Core's headers: compressed, uncompressed, hybrid of the right or wrong parity, or cut short. */
function keyForm(sk: Uint8Array, form: 'compressed' | 'uncompressed' | 'hybrid' | 'wrongHybrid' | 'short' | 'empty'): Uint8Array {
  const full = tinySecp256k1Backend.getPublicKey(sk, false) as Uint8Array;
  const odd = ((full[64] ?? 0) & 1) === 1;
  if (form === 'compressed') return tinySecp256k1Backend.getPublicKey(sk, true) as Uint8Array;
  if (form === 'uncompressed') return full;
  if (form === 'hybrid') return Uint8Array.of(odd ? 7 : 6, ...full.subarray(1));
  if (form === 'wrongHybrid') return Uint8Array.of(odd ? 6 : 7, ...full.subarray(1));
  if (form === 'short') return full.subarray(0, 33);
  return new Uint8Array(0);
}

/** The three answers that must agree: the addon's one call, the addon after the TypeScript parse, tiny-secp256k1 after it. */
function answers(msg: Uint8Array, der: Uint8Array, key: Uint8Array): readonly [boolean, boolean, boolean] {
  return [verifyEcdsaLax(bcrypto, msg, der, key), verifyEcdsaLax(bcryptoCompactOnly, msg, der, key), verifyEcdsaLax(tinySecp256k1Backend, msg, der, key)];
}

describe('§3.6 CPubKey::Verify in one native call (bcrypto verifyEcdsaDerLax) against the proved TypeScript parse', () => {
  it('the addon offers the one-call path and verifyEcdsaLax takes it', () => {
    expect(typeof bcrypto.verifyEcdsaDerLax).toBe('function');
    const sk = hex(`${'00'.repeat(31)}07`);
    const msg = new Uint8Array(32).fill(5);
    const der = encodeDerSignature(tinySecp256k1Backend.signEcdsa(msg, sk) as Uint8Array);
    const key = keyForm(sk, 'compressed');
    let calls = 0;
    const counting: Secp256k1Backend = { ...bcrypto, verifyEcdsaDerLax: (m, d, k) => (calls++, bcrypto.verifyEcdsaDerLax?.(m, d, k) ?? false), verifyEcdsa: () => { throw new Error('the compact path must not run'); } };
    expect(verifyEcdsaLax(counting, msg, der, key)).toBe(true);
    expect(calls).toBe(1);
    // Short messages and empty signatures or keys are refused before the call.
    expect([bcrypto.verifyEcdsaDerLax?.(msg.subarray(1), der, key), bcrypto.verifyEcdsaDerLax?.(msg, new Uint8Array(0), key), bcrypto.verifyEcdsaDerLax?.(msg, der, new Uint8Array(0))]).toEqual([false, false, false]);
  });

  it('lax encodings, high S, overflows and every key header: the same answer on all three paths (fast-check, 600 runs)', () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(
        seckey,
        bytes(32),
        laxForm,
        fc.oneof({ arbitrary: fc.constantFrom('compressed' as const, 'uncompressed' as const, 'hybrid' as const), weight: 3 }, { arbitrary: fc.constantFrom('wrongHybrid' as const, 'short' as const, 'empty' as const), weight: 1 }),
        fc.oneof({ arbitrary: fc.constant('none' as const), weight: 3 }, { arbitrary: fc.constantFrom('flipSig' as const, 'truncate' as const, 'flipMsg' as const), weight: 1 }),
        fc.nat(120),
        fc.nat(7),
        (sk, msg, form, key, corrupt, index, bit) => {
          let der = encodeLax(tinySecp256k1Backend.signEcdsa(msg, sk) as Uint8Array, form);
          if (corrupt === 'flipSig') der = flip(der, index, bit);
          if (corrupt === 'truncate') der = der.subarray(0, index % (der.length + 1));
          const m = corrupt === 'flipMsg' ? flip(msg, index, bit) : msg;
          const got = answers(m, der, keyForm(sk, key));
          expect(got).toEqual([got[1], got[1], got[1]]);
          if (got[0]) seen.valid++;
          else seen.invalid++;
        },
      ),
      { numRuns: 600 },
    );
    // Both answers occur: valid lax forms verify, corruptions and bad keys do not.
    expect(seen.valid).toBeGreaterThan(50);
    expect(seen.invalid).toBeGreaterThan(50);
  });

  it('random bytes as the signature (fast-check, 300 runs): the same answer on all three paths', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), bytes(32), (der, msg) => {
        const key = keyForm(hex(`${'00'.repeat(31)}09`), 'compressed');
        const sig = der.length > 0 ? Uint8Array.of(0x30, ...der) : der;
        const got = answers(msg, sig, key);
        expect(got).toEqual([false, false, false]);
        runs++;
      }),
      { numRuns: 300 },
    );
    expect(runs).toBe(300);
  });

  it("hand cases from Core's parser: long-form lengths of 4 and 8 bytes, a sequence length longer than the input, r of 33 bytes", () => {
    const sk = hex(`${'00'.repeat(31)}0b`);
    const msg = new Uint8Array(32).fill(0x42);
    const compact = tinySecp256k1Backend.signEcdsa(msg, sk) as Uint8Array;
    const key = keyForm(sk, 'compressed');
    const r = toHexString(compact.subarray(0, 32));
    const s = toHexString(compact.subarray(32));
    const cases: readonly (readonly [string, boolean])[] = [
      [`30440220${r}0220${s}`, true],
      [`3084000000440220${r}0220${s}`, true], // a sequence length is skipped, whatever its form
      [`304402840000002000${r}0220${s}`, false], // long form 00 00 00 20: 0x20 bytes from the 00 on, so S's tag is r's last byte
      [`3044028401000020${r}0220${s}`, false], // 4 significant length bytes: Core's copy refuses (>= 4), contrib's finds 0x01000020 > the input
      [`304402880000000000000020${r}0220${s}`, true], // 8 length bytes, 7 of them zero: one significant byte, r read as usual
      [`307f0220${r}0220${s}`, true], // a short-form sequence length is never checked against the content
      [`3045022101${r}0220${s}`, false], // r of 33 significant bytes: the zero signature
      [`30440220${r}0220${s}00`, true], // trailing bytes
    ];
    for (const [der, expected] of cases) expect([der, ...answers(msg, hex(der), key)]).toEqual([der, expected, expected, expected]);
  });
});
