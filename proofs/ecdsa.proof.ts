/**
 * ECDSA signature and key forms (SPEC.md §3.6; kernel/crypto/ecdsa.ts, kernel/crypto/secp256k1-backend.ts):
 * the low-S test of a compact signature against n/2 and libsecp256k1's compact-signature range
 * (r, s in [1, n - 1], s <= n/2), with n written out as a literal; Core's public-key length rule
 * with the hybrid-key parity rule; the secret-key range; low-S normalization; the DER encoder
 * against BIP66's rules. Bytes are symbolic; every constant is secp256k1's or Core's.
 */
import { byte, bytes, proof } from '../harness/dsl.js';
import { encodeDerSignature, isHighS, normalizeLowS, parseDerLax } from '../kernel/crypto/ecdsa.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { isValidSignatureEncoding } from '../kernel/script/signature-encoding.js';
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

/**
 * BIP66's rules for a DER signature (here without its hash-type byte) written out: 0x30, the
 * length of the rest, 0x02 lenR R, 0x02 lenS S, nothing after S; 8 to 72 bytes; lenR, lenS >= 1;
 * R and S not negative (first byte below 0x80) and minimal (a leading 0x00 only before a byte
 * of 0x80 or more).
 */
function bip66Der(der: Uint8Array): boolean {
  const size = der.length;
  if (size < 8 || size > 72) return false;
  if (der[0] !== 0x30 || der[1] !== size - 2 || der[2] !== 0x02) return false;
  const lenR = der[3] as number;
  if (lenR < 1 || 6 + lenR > size) return false;
  if (der[4 + lenR] !== 0x02) return false;
  const lenS = der[5 + lenR] as number;
  if (lenS < 1 || 6 + lenR + lenS !== size) return false;
  const r0 = der[4] as number;
  const s0 = der[6 + lenR] as number;
  if (r0 >= 0x80 || s0 >= 0x80) return false;
  if (lenR > 1 && r0 === 0 && (der[5] as number) < 0x80) return false;
  if (lenS > 1 && s0 === 0 && (der[7 + lenR] as number) < 0x80) return false;
  return true;
}

/**
 * Whether the big-endian integer of the `len` bytes of `b` from `at` is the 32-byte big-endian
 * number of `sig` from `from`, digit by digit: base-256 digits are unique, so two numbers are
 * equal exactly when, right-aligned, every byte agrees, a position one of them does not reach
 * counting as 0 (a byte read past the array's end as -1: no digit). More than 33 bytes is not (r,
 * s < 2^256 need at most 32 bytes and DER's 0x00 pad).
 */
function derIntegerIs(b: Uint8Array, at: number, len: number, sig: Uint8Array, from: number): boolean {
  if (len > 33) return false;
  for (let k = 0; k < 33; k++) {
    const digit = k < len ? (b[at + len - 1 - k] ?? -1) : 0;
    const expected = k < 32 ? (sig[from + 31 - k] ?? -1) : 0;
    if (digit !== expected) return false;
  }
  return true;
}

/** r's first byte: 0 (r may have more leading zeros), 1..0x7f (32 bytes), 0x80.. (33 bytes with a 0x00 pad). */
const R_FIRST_BYTE = { on: 'sig[0]', cases: [[0, 0], [1, 0x7f], [0x80, 0xff]] } as const;

export const derLayout = proof('the DER encoding of a compact signature follows BIP66 strict DER', {
  // z3's simplex arithmetic (arith.solver 2): 0.69 s against 1.08 s of solving on one worker (2026-12-07).
  arithSolver: 'simplex',
  // A case query undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: encodeDerSignature,
  spec: '§3.6',
  statement:
    "For every 64-byte r ‖ s (32-byte big-endian r, s, any bytes): encodeDerSignature is 0x30 L 0x02 lenR R 0x02 lenS S, 8 to 72 bytes, L the length of the rest, lenR, lenS >= 1, R and S not negative (first byte below 0x80) and minimal (a 0x00 first only before a byte >= 0x80): BIP66's rules written out. Three cases on r's first byte.",
  inputs: { sig: bytes(64) },
  split: R_FIRST_BYTE,
  ensures: ({ sig }) => bip66Der(encodeDerSignature(sig)),
  covers: {
    'r = 0: one zero byte': ({ sig }) => be32(sig, 0) === 0n,
    'r with its top bit set: a 0x00 pad': ({ sig }) => sig[0] >= 0x80,
  },
});

export const derAccepted = proof("the DER encoding of a compact signature passes Core's IsValidSignatureEncoding", {
  // z3's simplex arithmetic (arith.solver 2): 0.77 s against 1.11 s of solving on one worker (2026-12-07).
  arithSolver: 'simplex',
  // A case query undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: encodeDerSignature,
  spec: '§3.6',
  statement: 'For every 64-byte r ‖ s and hash type t: IsValidSignatureEncoding(encodeDerSignature(r ‖ s) ‖ t) holds (the kernel\'s BIP66 check, itself proved equal to BIP66 in proofs/signature-encoding.proof.ts). Three cases on r\'s first byte.',
  inputs: { sig: bytes(64), hashType: byte() },
  split: R_FIRST_BYTE,
  ensures: ({ sig, hashType }) => isValidSignatureEncoding(concatBytes(encodeDerSignature(sig), Uint8Array.of(hashType))),
});

export const derValueR = proof('the first DER integer of a compact signature is its r', {
  // z3's simplex arithmetic (arith.solver 2): 0.73 s against 1.01 s of solving on one worker (2026-12-07).
  arithSolver: 'simplex',
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: encodeDerSignature,
  spec: '§3.6',
  statement: 'For every 64-byte r ‖ s: the INTEGER R at offset 4, lenR bytes, read big-endian, is r. Three cases on r\'s first byte.',
  inputs: { sig: bytes(64) },
  split: R_FIRST_BYTE,
  ensures: ({ sig }) => {
    const der = encodeDerSignature(sig);
    return derIntegerIs(der, 4, der[3] as number, sig, 0);
  },
});

export const derValueS = proof('the second DER integer of a compact signature is its s, for r without a leading zero byte', {
  // z3's simplex arithmetic (arith.solver 2): 0.82 s against 1.62 s of solving on one worker (2026-12-07).
  arithSolver: 'simplex',
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: encodeDerSignature,
  sharedContext: true,
  spec: '§3.6',
  statement:
    'For every 64-byte r ‖ s whose r has a non-zero first byte (R of 32 or 33 bytes; bound: an r below 2^248 is not covered here): the INTEGER S after R, lenS bytes, read big-endian, is s. Three cases on s\'s first byte: 0 (leading zeros stripped), 1..0x7f, 0x80..0xff (a zero byte prepended).',
  inputs: { sig: bytes(64) },
  split: { on: 'sig[32]', cases: [[0, 0], [1, 0x7f], [0x80, 0xff]] },
  requires: ({ sig }) => sig[0] !== 0,
  ensures: ({ sig }) => {
    const der = encodeDerSignature(sig);
    const lenR = der[3] as number;
    return derIntegerIs(der, 6 + lenR, der[5 + lenR] as number, sig, 32);
  },
  covers: { 's = 0: one zero byte': ({ sig }) => be32(sig, 32) === 0n, 's with its top bit set': ({ sig }) => sig[32] >= 0x80 },
});

export const laxDerShort = proof("the lax DER parser on 12-byte inputs: Core's tag check, the sequence length skipped, trailing bytes ignored", {
  fn: parseDerLax,
  spec: '§3.6',
  statement:
    'For every 12-byte input b (bound: 12 bytes): the empty input and a lone 0x30 are refused; b[0] != 0x30 is refused; b = 0x30 L 0x02 0x01 r 0x02 0x01 s t t t t with any L < 0x80 (never checked against the content) and any 4 trailing bytes t parses to the compact signature (r, s) as numbers (ecdsa_signature_parse_der_lax). Two cases on L: short form, long form.',
  inputs: { b: bytes(12), none: bytes(0), one: bytes(1) },
  split: { on: 'b[1]', cases: [[0, 0x7f], [0x80, 0xff]] },
  ensures: ({ b, none, one }) => {
    const c = parseDerLax(b);
    if (parseDerLax(none) !== undefined || parseDerLax(one) !== undefined) return false;
    if (b[0] !== 0x30) return c === undefined;
    if (b[1] < 0x80 && b[2] === 2 && b[3] === 1 && b[5] === 2 && b[6] === 1) return c !== undefined && c.length === 64 && be32(c, 0) === BigInt(b[4]) && be32(c, 32) === BigInt(b[7]);
    return true;
  },
  covers: {
    'a sequence length of 0x7f for 10 bytes': ({ b }) => b[0] === 0x30 && b[1] === 0x7f && b[2] === 2 && b[3] === 1 && b[5] === 2 && b[6] === 1,
    'a long-form sequence length parses': ({ b }) => b[1] >= 0x80 && parseDerLax(b) !== undefined,
  },
});

/** The bytes b[from, from + n) as a big-endian number. */
const beN = (b: Uint8Array, from: number, n: number): bigint => {
  let v = 0n;
  for (let i = 0; i < n; i++) v = v * 256n + BigInt(b[from + i] as number);
  return v;
};

/** Whether c is the compact signature (r, s): 32 big-endian bytes each. */
const isCompact = (c: Uint8Array | undefined, r: bigint, s: bigint): boolean => c !== undefined && c.length === 64 && be32(c, 0) === r && be32(c, 32) === s;

export const laxDerLongForms = proof("the lax DER parser's long-form lengths on 12-byte inputs: the sequence's skipped, an integer's read with leading zeros, integers up to the end", {
  // z3's simplex arithmetic (arith.solver 2): 0.55 s against 0.85 s of solving on one worker (2026-12-07).
  arithSolver: 'simplex',
  fn: parseDerLax,
  sharedText: true,
  spec: '§3.6',
  statement:
    "For every 12-byte input b (bound: 12 bytes), as Core's ecdsa_signature_parse_der_lax reads it: (1) 0x30 (0x80 + k) then k bytes of any value (k = 0..4) then 0x02 0x01 r 0x02 0x01 s parses to (r, s), and 0x30 (0x80 + k) with k > 10 (past the end) is refused; (2) 0x30 L 0x02 (0x80 + m) followed by m - 1 zero bytes and 0x01 (m = 1..4: a long-form length 1, leading zeros skipped), then r 0x02 0x01 s, parses to (r, s) for any L < 0x80; with 0x84 and a non-zero first length byte it is refused (4 significant length bytes); (3) 0x30 L 0x02 0x01 r 0x02 0x05 and 5 bytes parses to (r, the 5 bytes big-endian): an integer may end exactly at the input's end; a length of 6 there is refused; (4) 0x30 L with L < 0x80 and a third byte other than 0x02 is refused. Split on b[1]: each k, the short forms, the rest.",
  inputs: { b: bytes(12) },
  // One case per skipped-byte count k = 0..4 (constant offsets), one for the short forms, two for the rest.
  split: { on: 'b[1]', cases: [[0, 0x7f], [0x80, 0x80], [0x81, 0x81], [0x82, 0x82], [0x83, 0x83], [0x84, 0x84], [0x85, 0x8a], [0x8b, 0xff]] },
  ensures: ({ b }) => {
    const c = parseDerLax(b);
    let holds = true;
    if (b[0] === 0x30 && b[1] >= 0x80 && b[1] <= 0x84) {
      const k = b[1] - 0x80;
      if (b[2 + k] === 2 && b[3 + k] === 1 && b[5 + k] === 2 && b[6 + k] === 1) holds = holds && isCompact(c, BigInt(b[4 + k]), BigInt(b[7 + k]));
    }
    if (b[0] === 0x30 && b[1] > 0x8a) holds = holds && c === undefined;
    if (b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] >= 0x81 && b[3] <= 0x84) {
      const m = b[3] - 0x80;
      let zeros = true;
      for (let i = 0; i < m - 1; i++) zeros = zeros && b[4 + i] === 0;
      const at = 4 + m;
      if (zeros && b[at - 1] === 1 && b[at + 1] === 2 && b[at + 2] === 1) holds = holds && isCompact(c, BigInt(b[at]), BigInt(b[at + 3]));
      if (m === 4 && b[4] !== 0) holds = holds && c === undefined;
    }
    if (b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] === 1 && b[5] === 2) {
      if (b[6] === 5) holds = holds && isCompact(c, BigInt(b[4]), beN(b, 7, 5));
      if (b[6] === 6) holds = holds && c === undefined;
    }
    if (b[0] === 0x30 && b[1] < 0x80 && b[2] !== 2) holds = holds && c === undefined;
    return holds;
  },
  covers: {
    'a sequence length 0x84 and four skipped bytes': ({ b }) => b[0] === 0x30 && b[1] === 0x84 && b[6] === 2 && b[7] === 1 && b[9] === 2 && b[10] === 1,
    'an R length 0x84 00 00 00 01': ({ b }) => b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] === 0x84 && b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] === 1 && b[9] === 2 && b[10] === 1,
    'an S of 5 bytes ending at the end': ({ b }) => b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] === 1 && b[5] === 2 && b[6] === 5 && b[7] !== 0,
  },
});

export const laxDerEmptyIntegers = proof("the lax DER parser's all-zero long-form lengths on 12-byte inputs: an empty integer, the next field right after its length, an S ending at the input's end", {
  // z3's simplex arithmetic (arith.solver 2): 0.97 s against 1.29 s of solving on one worker (2026-12-07).
  arithSolver: 'simplex',
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: parseDerLax,
  sharedText: true,
  spec: '§3.6',
  statement:
    "For every 12-byte input b (bound: 12 bytes), as Core's ecdsa_signature_parse_der_lax reads it: (1) 0x30 L 0x02 (0x80 + m) followed by m zero bytes (m = 1..4: an R of length 0) and then 0x02 0x01 s parses to (0, s), for any L < 0x80; the same with a zero byte where the next tag goes is refused (a zero after the length bytes is not skipped); (2) 0x30 L 0x02 0x01 r 0x02 0x85 and five zero bytes, the last at the input's end, parses to (r, 0): an S's length may take every remaining byte. Split on b[3]: each m, the rest below and above.",
  inputs: { b: bytes(12) },
  split: { on: 'b[3]', cases: [[0, 0x80], [0x81, 0x81], [0x82, 0x82], [0x83, 0x83], [0x84, 0x84], [0x85, 0xff]] },
  ensures: ({ b }) => {
    const c = parseDerLax(b);
    let holds = true;
    if (b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] >= 0x81 && b[3] <= 0x84) {
      const m = b[3] - 0x80;
      let zeros = true;
      for (let i = 0; i < m; i++) zeros = zeros && b[4 + i] === 0;
      const next = 4 + m;
      if (zeros && b[next] === 2 && b[next + 1] === 1) holds = holds && isCompact(c, 0n, BigInt(b[next + 2]));
      if (zeros && b[next] === 0) holds = holds && c === undefined;
    }
    if (b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] === 1 && b[5] === 2 && b[6] === 0x85 && b[7] === 0 && b[8] === 0 && b[9] === 0 && b[10] === 0 && b[11] === 0) {
      holds = holds && isCompact(c, BigInt(b[4]), 0n);
    }
    return holds;
  },
  covers: {
    'an R length 0x84 00 00 00 00, then S': ({ b }) => b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] === 0x84 && b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] === 0 && b[8] === 2 && b[9] === 1,
    'a zero byte where the S tag goes': ({ b }) => b[0] === 0x30 && b[1] < 0x80 && b[2] === 2 && b[3] === 0x81 && b[4] === 0 && b[5] === 0,
  },
});

/** 0x30 0x7f 0x02 0x82 0x01 0x00, an R of 256 bytes 0x01, then 0x02 0x01 s: a two-byte long-form length (256) for R. @unwind 257 */
const twoByteLengthSignature = (s: number): Uint8Array => {
  const der = new Uint8Array(265);
  der[0] = 0x30;
  der[1] = 0x7f;
  der[2] = 0x02;
  der[3] = 0x82;
  der[4] = 0x01;
  der[5] = 0x00;
  for (let i = 6; i < 262; i++) der[i] = 0x01;
  der[262] = 0x02;
  der[263] = 0x01;
  der[264] = s;
  return der;
};

export const laxDerTwoByteLength = proof("the lax DER parser reads a two-byte long-form length big-endian: 0x82 0x01 0x00 is 256", {
  fn: parseDerLax,
  spec: '§3.6',
  statement:
    "For every byte s, the 265-byte input 0x30 0x7f 0x02 0x82 0x01 0x00, 256 bytes 0x01, 0x02 0x01 s parses (Core's ecdsa_signature_parse_der_lax reads R's length 0x01 0x00 as 256 and finds S's tag right after R) to the all-zero compact signature (an R of 256 significant bytes overflows: secp256k1_ecdsa_signature_parse_der_lax's fallback); with 0x01 0x01 (257) or 0x00 0xff (255) as the length bytes it is refused (S's tag is not there).",
  inputs: { s: byte() },
  ensures: ({ s }) => {
    const der = twoByteLengthSignature(s);
    const c = parseDerLax(der);
    const longer = twoByteLengthSignature(s);
    longer[5] = 0x01;
    const shorter = twoByteLengthSignature(s);
    shorter[4] = 0x00;
    shorter[5] = 0xff;
    return isCompact(c, 0n, 0n) && parseDerLax(longer) === undefined && parseDerLax(shorter) === undefined;
  },
});

/** 0x30 0x44 0x02 0x20 r 0x02 0x20 s: Core's DER layout of two 32-byte integers (70 bytes). @unwind 33 */
const fullLengthSignature = (r: Uint8Array, s: Uint8Array): Uint8Array => {
  const der = new Uint8Array(70);
  der[0] = 0x30;
  der[1] = 0x44;
  der[2] = 0x02;
  der[3] = 0x20;
  for (let i = 0; i < 32; i++) der[4 + i] = r[i] as number;
  der[36] = 0x02;
  der[37] = 0x20;
  for (let i = 0; i < 32; i++) der[38 + i] = s[i] as number;
  return der;
};

export const laxDerFullScalars = proof("the lax DER parser on 32-byte integers: r ‖ s when both are below n, the all-zero signature otherwise, and for 33 significant bytes", {
  fn: parseDerLax,
  sharedText: true,
  spec: '§3.6',
  statement:
    "For 32-byte r and s whose first bytes are not zero, and any non-zero byte x: the 70-byte input 0x30 0x44 0x02 0x20 r 0x02 0x20 s parses to the compact signature r ‖ s when both are below n (SEC 2's group order, written out) and to the all-zero signature when either is not (secp256k1_ecdsa_signature_parse_compact refuses it, and Core's ecdsa_signature_parse_der_lax falls back to zero); with R given as 33 bytes x ‖ r (0x30 0x45 0x02 0x21 ...: 33 significant bytes, over 32) it parses to the all-zero signature.",
  inputs: { r: bytes(32), s: bytes(32), x: byte() },
  // The copy of the 66 bytes after the first integer's header into the 71-byte input.
  unwind: 70,
  requires: ({ r, s, x }) => r[0] !== 0 && s[0] !== 0 && x !== 0,
  ensures: ({ r, s, x }) => {
    const rv = be32(r, 0);
    const sv = be32(s, 0);
    const c = parseDerLax(fullLengthSignature(r, s));
    const wide = new Uint8Array(71);
    wide[0] = 0x30;
    wide[1] = 0x45;
    wide[2] = 0x02;
    wide[3] = 0x21;
    wide[4] = x;
    const narrow = fullLengthSignature(r, s);
    for (let i = 4; i < 70; i++) wide[i + 1] = narrow[i] as number;
    return (rv < N && sv < N ? isCompact(c, rv, sv) : isCompact(c, 0n, 0n)) && isCompact(parseDerLax(wide), 0n, 0n);
  },
  covers: {
    'r = n - 1 parses': ({ r, s }) => be32(r, 0) === N - 1n && be32(s, 0) < N,
    's = n is the all-zero signature': ({ r, s }) => be32(r, 0) < N && be32(s, 0) === N,
  },
});
