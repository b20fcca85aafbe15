/**
 * ECDSA signature and key forms (SPEC.md §3.6; kernel/crypto/ecdsa.ts, kernel/crypto/secp256k1-backend.ts):
 * the low-S test of a compact signature against n/2 and libsecp256k1's compact-signature range
 * (r, s in [1, n - 1], s <= n/2), with n written out as a literal; Core's public-key length rule
 * with the hybrid-key parity rule. Bytes are symbolic; every constant is secp256k1's or Core's.
 */
import { bytes, proof } from '../harness/dsl.js';
import { isHighS, normalizeLowS } from '../kernel/crypto/ecdsa.js';
import { isValidSeckey, isVerifiableCompactSignature, isZeroScalar, normalizeEcdsaPubkey } from '../kernel/crypto/secp256k1-backend.js';

/** secp256k1's group order n (SEC 2). */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** The 32 bytes from `from` as a big-endian number. */
const be32 = (b: Uint8Array, from: number): bigint => {
  let v = 0n;
  for (let i = 0; i < 32; i++) v = v * 256n + BigInt(b[from + i] as number);
  return v;
};

export const highS = proof('a compact signature is high-S exactly when S > n/2', {
  fn: isHighS,
  spec: '§3.6',
  statement: 'For every 64-byte compact signature r ‖ s (big-endian): isHighS iff s > (n - 1) / 2 with n = 0xFFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141 (secp256k1_ecdsa_signature_normalize).',
  inputs: { sig: bytes(64) },
  ensures: ({ sig }) => isHighS(sig) === be32(sig, 32) > (N - 1n) / 2n,
  covers: { 'S at n/2 exactly': ({ sig }) => be32(sig, 32) === (N - 1n) / 2n, 'S one above n/2': ({ sig }) => be32(sig, 32) === (N - 1n) / 2n + 1n },
});

export const compactRange = proof('a compact signature can verify only with r, s in [1, n - 1] and s <= n/2', {
  fn: isVerifiableCompactSignature,
  spec: '§3.6',
  statement: 'For every 64-byte r ‖ s: isVerifiableCompactSignature iff 1 <= r <= n - 1 and 1 <= s <= (n - 1) / 2 (libsecp256k1 parses r, s < n, verify needs them nonzero and a low s); any other length is refused.',
  inputs: { sig: bytes(64), short: bytes(63) },
  ensures: ({ sig, short }) => {
    const r = be32(sig, 0);
    const s = be32(sig, 32);
    return isVerifiableCompactSignature(sig) === (r >= 1n && r <= N - 1n && s >= 1n && s <= (N - 1n) / 2n) && !isVerifiableCompactSignature(short);
  },
  covers: {
    'r = n - 1 accepted': ({ sig }) => be32(sig, 0) === N - 1n && isVerifiableCompactSignature(sig),
    'r = n refused': ({ sig }) => be32(sig, 0) === N,
    'r = 0 refused': ({ sig }) => be32(sig, 0) === 0n,
    's at n/2 accepted': ({ sig }) => be32(sig, 32) === (N - 1n) / 2n && isVerifiableCompactSignature(sig),
  },
});

export const zeroScalar = proof('a scalar is zero exactly when all 32 bytes are', {
  fn: isZeroScalar,
  spec: '§3.6',
  statement: 'For every 32 bytes b: isZeroScalar(b) iff the big-endian number b is 0.',
  inputs: { b: bytes(32) },
  ensures: ({ b }) => isZeroScalar(b) === (be32(b, 0) === 0n),
  covers: { 'only the last byte set': ({ b }) => be32(b, 0) === 1n },
});

export const pubkeyForms = proof("Core's public-key lengths, and hybrid keys by the parity of y", {
  fn: normalizeEcdsaPubkey,
  spec: '§3.6',
  statement:
    "For any 33-byte and 65-byte strings: a 33-byte key is kept iff it starts 02 or 03; a 65-byte key starting 04 is kept, one starting 06 (07) becomes the same key with 04 first iff its last byte (y's low byte) is even (odd), and any other first byte is refused (CPubKey::GetLen, secp256k1_ec_pubkey_parse).",
  inputs: { k33: bytes(33), k65: bytes(65) },
  ensures: ({ k33, k65 }) => {
    const a = normalizeEcdsaPubkey(k33);
    const b = normalizeEcdsaPubkey(k65);
    const keep33 = k33[0] === 2 || k33[0] === 3;
    const h = k65[0];
    const hybridOk = (h === 6 && k65[64] % 2 === 0) || (h === 7 && k65[64] % 2 === 1);
    const okA = keep33 ? a !== undefined && a.length === 33 && a[0] === k33[0] && a[32] === k33[32] : a === undefined;
    if (h === 4) return okA && b !== undefined && b.length === 65 && b[0] === 4 && b[64] === k65[64] && b[1] === k65[1];
    if (hybridOk) return okA && b !== undefined && b.length === 65 && b[0] === 4 && b[64] === k65[64] && b[1] === k65[1] && b[32] === k65[32];
    return okA && b === undefined;
  },
  covers: { 'hybrid 06 with even y': ({ k65 }) => k65[0] === 6 && k65[64] % 2 === 0, 'hybrid 07 with even y refused': ({ k65 }) => k65[0] === 7 && k65[64] % 2 === 0 },
});

export const seckeyRange = proof('a secret key is valid exactly when 0 < k < n', {
  fn: isValidSeckey,
  spec: '§3.6',
  statement:
    'For every 32-byte k (big-endian): isValidSeckey iff 0 < k < n with n = 0xFFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141 (secp256k1_ec_seckey_verify); keys of 31 and 33 bytes are refused.',
  inputs: { k: bytes(32), short: bytes(31), long: bytes(33) },
  ensures: ({ k, short, long }) => isValidSeckey(k) === (be32(k, 0) > 0n && be32(k, 0) < N) && !isValidSeckey(short) && !isValidSeckey(long),
  covers: {
    'k = n - 1 accepted': ({ k }) => be32(k, 0) === N - 1n && isValidSeckey(k),
    'k = n refused': ({ k }) => be32(k, 0) === N,
    'k = 1 accepted': ({ k }) => be32(k, 0) === 1n,
  },
});

export const lowSNormalized = proof('normalizing gives a low S: n - S for a high S, the signature unchanged otherwise', {
  fn: normalizeLowS,
  spec: '§3.6',
  statement:
    'For every 64-byte r ‖ s with s < n (a parsed signature: libsecp256k1 holds r, s < n): normalizeLowS returns 64 bytes with the same r and an s\' <= (n - 1) / 2; s\' = n - s exactly when s > (n - 1) / 2, and the input unchanged otherwise (secp256k1_ecdsa_signature_normalize), n = 0xFFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141. Three cases on the first byte of s (0..0x7e, 0x7f, 0x80..0xff).',
  inputs: { sig: bytes(64) },
  // S's first byte: below 0x7f S is low, from 0x80 high, at 0x7f the other 31 bytes decide.
  split: { on: 'sig[32]', cases: [[0, 0x7e], [0x7f, 0x7f], [0x80, 0xff]] },
  requires: ({ sig }) => be32(sig, 32) < N,
  ensures: ({ sig }) => {
    const out = normalizeLowS(sig);
    const s = be32(sig, 32);
    const s2 = be32(out, 32);
    const high = s > (N - 1n) / 2n;
    return out.length === 64 && be32(out, 0) === be32(sig, 0) && s2 <= (N - 1n) / 2n && (high ? s2 === N - s : s2 === s);
  },
  covers: {
    's = n/2 kept': ({ sig }) => be32(sig, 32) === (N - 1n) / 2n,
    's = n/2 + 1 negated': ({ sig }) => be32(sig, 32) === (N - 1n) / 2n + 1n,
    's = n - 1 negated to 1': ({ sig }) => be32(sig, 32) === N - 1n,
  },
});
