/**
 * Signature and public-key encoding (SPEC.md §3.12): BIP66 strict DER, BIP146 low S, the
 * STRICTENC hash type and key formats, each against the BIP's rules written out here with
 * literal values (0x30, 0x02, 0x80, n/2), never the kernel's helpers or constants.
 *
 * Bound: signatures of every length 0..80 bytes (split into one case per length from 9 to 73,
 * where the DER rules apply; BIP66 rejects everything outside 9..73 on its size), keys of 0..66 bytes.
 */
import { bytes, int, proof } from '../harness/dsl.js';
import {
  checkPubKeyEncoding,
  checkSignatureEncoding,
  isCompressedOrUncompressedPubKey,
  isCompressedPubKey,
  isDefinedHashtypeSignature,
  isLowDerSignature,
  isValidSignatureEncoding,
} from '../kernel/script/signature-encoding.js';

/**
 * BIP66's DER signature as a layout: 0x30 L 0x02 lenR R 0x02 lenS S t, 9 to 73 bytes in all,
 * L = size − 3, lenR and lenS at least 1 with lenR + lenS + 7 = size (lenS computed from the
 * size, then required at its place), R and S not negative (top bit of the first byte clear) and
 * without a superfluous leading 0x00 (one is allowed only before a byte with the top bit set).
 */
function bip66Layout(sig: Uint8Array): boolean {
  const size = sig.length;
  if (size < 9 || size > 73) return false;
  const lenR = sig[3] ?? 0;
  const lenS = size - 7 - lenR;
  if (sig[0] !== 0x30 || sig[1] !== size - 3 || sig[2] !== 0x02) return false;
  if (lenR < 1 || lenS < 1) return false;
  if (sig[4 + lenR] !== 0x02 || sig[5 + lenR] !== lenS) return false;
  const r0 = sig[4] ?? 0;
  const r1 = sig[5] ?? 0;
  const s0 = sig[6 + lenR] ?? 0;
  const s1 = sig[7 + lenR] ?? 0;
  if (r0 >= 0x80 || s0 >= 0x80) return false;
  if (lenR > 1 && r0 === 0 && r1 < 0x80) return false;
  if (lenS > 1 && s0 === 0 && s1 < 0x80) return false;
  return true;
}

/** One case per length from 9 to `to` (the DER rules), one range below 9 and one above 73 (the size rule). */
function lengthCases(from: number, to: number): (readonly [number, number])[] {
  const cases: (readonly [number, number])[] = [];
  if (from < 9) cases.push([from, 8]);
  for (let n = Math.max(from, 9); n <= Math.min(to, 73); n++) cases.push([n, n]);
  if (to > 73) cases.push([74, to]);
  return cases;
}

export const derShort = proof('IsValidSignatureEncoding is BIP66 strict DER for signatures of 0..40 bytes', {
  fn: isValidSignatureEncoding,
  spec: '§3.12',
  arithSolver: 'simplex',
  statement:
    'For every signature of n bytes, 0 <= n <= 40 (any bytes): IsValidSignatureEncoding iff it is 0x30 (n-3) 0x02 lenR R 0x02 lenS S t with 9 <= n <= 73, lenR, lenS >= 1, lenR + lenS + 7 = n, R and S non-negative and minimally encoded (BIP66). One case per length.',
  inputs: { buf: bytes(40), n: int(0, 40) },
  split: { on: 'n', cases: lengthCases(0, 40) },
  ensures: ({ buf, n }) => {
    const sig = buf.subarray(0, n);
    return isValidSignatureEncoding(sig) === bip66Layout(sig);
  },
  covers: {
    'a valid 9-byte signature': ({ buf, n }) => n === 9 && isValidSignatureEncoding(buf.subarray(0, n)),
    'an R with its 0x00 sign-padding byte': ({ buf, n }) => n === 12 && buf[3] === 2 && buf[4] === 0 && isValidSignatureEncoding(buf.subarray(0, n)),
    'a negative S': ({ buf, n }) => n === 9 && buf[3] === 1 && buf[7] >= 0x80 && !isValidSignatureEncoding(buf.subarray(0, n)),
  },
});

export const derLong = proof('IsValidSignatureEncoding is BIP66 strict DER for signatures of 41..80 bytes', {
  fn: isValidSignatureEncoding,
  spec: '§3.12',
  arithSolver: 'simplex',
  statement:
    'For every signature of n bytes, 41 <= n <= 80 (any bytes): IsValidSignatureEncoding iff it is BIP66 DER as above; 73 bytes (33-byte R and S plus the hash type) is the longest accepted, 74..80 are refused. One case per length.',
  inputs: { buf: bytes(80), n: int(41, 80) },
  split: { on: 'n', cases: lengthCases(41, 80) },
  ensures: ({ buf, n }) => {
    const sig = buf.subarray(0, n);
    return isValidSignatureEncoding(sig) === bip66Layout(sig);
  },
  covers: {
    'a valid 72-byte signature (33-byte R, 32-byte S)': ({ buf, n }) => n === 72 && buf[3] === 33 && isValidSignatureEncoding(buf.subarray(0, n)),
    'a valid 73-byte signature': ({ buf, n }) => n === 73 && isValidSignatureEncoding(buf.subarray(0, n)),
  },
});

export const definedHashtype = proof('STRICTENC: the last byte of a signature is a defined hash type', {
  fn: isDefinedHashtypeSignature,
  spec: '§3.12',
  statement:
    'For signatures of 0..3 bytes: IsDefinedHashtypeSignature iff the signature is non-empty and its last byte is 0x01, 0x02, 0x03, 0x81, 0x82 or 0x83.',
  inputs: { buf: bytes(3), n: int(0, 3) },
  split: 'n',
  ensures: ({ buf, n }) => {
    const sig = buf.subarray(0, n);
    const t = n === 0 ? -1 : buf[n - 1];
    return isDefinedHashtypeSignature(sig) === (t === 1 || t === 2 || t === 3 || t === 0x81 || t === 0x82 || t === 0x83);
  },
});

/** n/2 of secp256k1 (BIP146's low-S bound), written out. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
/** The group order n of secp256k1. */
const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A big-endian unsigned integer of `len` bytes of `b` from `at`. */
function beNumber(b: Uint8Array, at: number, len: number): bigint {
  let v = 0n;
  for (let i = 0; i < len; i++) v = v * 256n + BigInt(b[at + i] ?? 0);
  return v;
}

/** The 32 big-endian bytes of n/2 (0x7fff...20a0). */
const HALF_ORDER_BYTES = [
  0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/** Whether the 32 bytes of `b` from `at` are n/2 plus `plus` (0 or 1) in the last byte. */
function isHalfOrderPlus(b: Uint8Array, at: number, plus: number): boolean {
  for (let i = 0; i < 32; i++) if (b[at + i] !== (HALF_ORDER_BYTES[i] ?? 0) + (i === 31 ? plus : 0)) return false;
  return true;
}

export const lowS = proof('LOW_S: a strict DER signature with 32-byte R and S is low iff S <= n/2', {
  fn: isLowDerSignature,
  spec: '§3.12',
  statement:
    'For every 71-byte strict DER signature with a 32-byte R and a 32-byte S (lenR = 32, split on it): IsLowDERSignature iff S <= n/2 = 0x7fff...20a0 (BIP146). (Strict DER makes both below 2^255 < n here, so the rule that R or S >= n parse as the zero signature, which is low, does not arise.)',
  inputs: { b: bytes(71) },
  split: { on: 'b[3]', cases: [[0, 31], [32, 32], [33, 255]] },
  requires: ({ b }) => bip66Layout(b) && b[3] === 32,
  ensures: ({ b }) => isLowDerSignature(b) === (beNumber(b, 4, 32) < ORDER && beNumber(b, 38, 32) <= HALF_ORDER),
  covers: {
    'S = n/2 exactly is low': ({ b }) => isHalfOrderPlus(b, 38, 0) && isLowDerSignature(b),
    'S = n/2 + 1 is high': ({ b }) => isHalfOrderPlus(b, 38, 1) && !isLowDerSignature(b),
  },
});

export const lowSOutOfRange = proof('LOW_S: a 73-byte strict DER signature is low iff R >= n or S >= n (read as zero) or S <= n/2', {
  fn: isLowDerSignature,
  spec: '§3.12',
  statement:
    'For every 73-byte strict DER signature with a 33-byte R and a 33-byte S (lenR = 33, split on it): IsLowDERSignature iff R >= n or S >= n (Core\'s lax parser reads an out-of-range R or S as the zero signature, which is low) or S <= n/2; a 33-byte S below n is at least 2^255 > n/2, so such a signature is high unless R or S is out of range.',
  inputs: { b: bytes(73) },
  split: { on: 'b[3]', cases: [[0, 32], [33, 33], [34, 255]] },
  requires: ({ b }) => bip66Layout(b) && b[3] === 33,
  ensures: ({ b }) => {
    const r = beNumber(b, 4, 33);
    const s = beNumber(b, 39, 33);
    return isLowDerSignature(b) === (r >= ORDER || s >= ORDER || s <= HALF_ORDER);
  },
  covers: {
    'R and S in range: high': ({ b }) => !isLowDerSignature(b),
    'R out of range: low': ({ b }) => b[4] === 0 && b[5] === 0xff && b[6] === 0xff && b[7] === 0xff && b[8] === 0xff && isLowDerSignature(b),
  },
});

export const signatureEncodingRules = proof('CheckSignatureEncoding applies DERSIG/LOW_S/STRICTENC in Core\'s order', {
  fn: checkSignatureEncoding,
  spec: '§3.12',
  statement:
    'For every flags value below 2^21 and every signature of 0..10 bytes: empty passes; else SIG_DER if any of STRICTENC (1<<1), DERSIG (1<<2), LOW_S (1<<3) is set and it is not BIP66 DER; else SIG_HIGH_S under LOW_S when S > n/2 (never, for S of at most 3 bytes); else SIG_HASHTYPE under STRICTENC when the last byte is not 0x01-0x03, 0x81-0x83; else it passes.',
  inputs: { buf: bytes(10), n: int(0, 10), flags: int(0, 2 ** 21 - 1) },
  split: 'n',
  ensures: ({ buf, n, flags }) => {
    const sig = buf.subarray(0, n);
    const t = n === 0 ? 0 : buf[n - 1];
    const definedType = t === 1 || t === 2 || t === 3 || t === 0x81 || t === 0x82 || t === 0x83;
    const strictenc = (flags & 2) !== 0;
    const dersig = (flags & 4) !== 0;
    const lows = (flags & 8) !== 0;
    const expected =
      n === 0 ? undefined
      : (strictenc || dersig || lows) && !bip66Layout(sig) ? 'SIG_DER'
      : strictenc && !definedType ? 'SIG_HASHTYPE'
      : undefined;
    return checkSignatureEncoding(sig, flags) === expected;
  },
  covers: {
    'SIG_DER': ({ buf, n, flags }) => checkSignatureEncoding(buf.subarray(0, n), flags) === 'SIG_DER',
    'SIG_HASHTYPE': ({ buf, n, flags }) => checkSignatureEncoding(buf.subarray(0, n), flags) === 'SIG_HASHTYPE',
    'a DER signature with an undefined hash type passes without STRICTENC': ({ buf, n, flags }) =>
      n === 9 && flags === 4 && buf[8] === 0 && checkSignatureEncoding(buf.subarray(0, n), flags) === undefined,
  },
});

export const pubKeyFormats = proof('STRICTENC keys: 33 bytes with 02/03 or 65 bytes with 04; compressed: 33 bytes with 02/03', {
  fn: isCompressedOrUncompressedPubKey,
  spec: '§3.12',
  statement:
    'For every key of 0..66 bytes (split per length): IsCompressedOrUncompressedPubKey iff (n = 33 and first byte 0x02 or 0x03) or (n = 65 and first byte 0x04); IsCompressedPubKey iff n = 33 and first byte 0x02 or 0x03.',
  inputs: { buf: bytes(66), n: int(0, 66) },
  split: { on: 'n', cases: [[0, 32], [33, 33], [34, 64], [65, 65], [66, 66]] },
  ensures: ({ buf, n }) => {
    const key = buf.subarray(0, n);
    const compressed = n === 33 && (buf[0] === 2 || buf[0] === 3);
    return isCompressedOrUncompressedPubKey(key) === (compressed || (n === 65 && buf[0] === 4)) && isCompressedPubKey(key) === compressed;
  },
  covers: {
    'an uncompressed key': ({ buf, n }) => n === 65 && isCompressedOrUncompressedPubKey(buf.subarray(0, n)) && !isCompressedPubKey(buf.subarray(0, n)),
    'a hybrid key (0x06) is refused': ({ buf, n }) => n === 65 && buf[0] === 6 && !isCompressedOrUncompressedPubKey(buf.subarray(0, n)),
  },
});

export const pubKeyEncodingRules = proof('CheckPubKeyEncoding: STRICTENC key formats, then compressed keys in segwit v0 under WITNESS_PUBKEYTYPE', {
  fn: checkPubKeyEncoding,
  spec: '§3.12',
  statement:
    'For every flags value below 2^21 and every key of 33 or 65 bytes: PUBKEYTYPE if STRICTENC (1<<1) is set and the key is neither 02/03 + 32 bytes nor 04 + 64 bytes; else WITNESS_PUBKEYTYPE if WITNESS_PUBKEYTYPE (1<<15) is set, the script is segwit v0 and the key is not 02/03 + 32 bytes; else it passes (in BASE scripts, no key-type rule but STRICTENC\'s).',
  inputs: { k33: bytes(33), k65: bytes(65), flags: int(0, 2 ** 21 - 1) },
  ensures: ({ k33, k65, flags }) => {
    const strictenc = (flags & 2) !== 0;
    const witnessPubkeytype = (flags & 32768) !== 0;
    const ok33 = k33[0] === 2 || k33[0] === 3;
    const ok65 = k65[0] === 4;
    const expect33 = strictenc && !ok33 ? 'PUBKEYTYPE' : witnessPubkeytype && !ok33 ? 'WITNESS_PUBKEYTYPE' : undefined;
    const expect65 = strictenc && !ok65 ? 'PUBKEYTYPE' : witnessPubkeytype ? 'WITNESS_PUBKEYTYPE' : undefined;
    return (
      checkPubKeyEncoding(k33, flags, 'WITNESS_V0') === expect33 &&
      checkPubKeyEncoding(k65, flags, 'WITNESS_V0') === expect65 &&
      checkPubKeyEncoding(k33, flags, 'BASE') === (strictenc && !ok33 ? 'PUBKEYTYPE' : undefined) &&
      checkPubKeyEncoding(k65, flags, 'BASE') === (strictenc && !ok65 ? 'PUBKEYTYPE' : undefined)
    );
  },
  covers: {
    'an uncompressed key in segwit v0': ({ k65, flags }) => checkPubKeyEncoding(k65, flags, 'WITNESS_V0') === 'WITNESS_PUBKEYTYPE' && k65[0] === 4,
  },
});

export const signatureEncodingHighS = proof('CheckSignatureEncoding: SIG_HIGH_S under LOW_S for a strict DER signature whose S is above n/2, before the hash type', {
  fn: checkSignatureEncoding,
  spec: '§3.12',
  statement:
    'For every 71-byte strict DER signature with a 32-byte R and a 32-byte S (lenR = 32, split on it), the last byte its hash type, and every flags value below 2^21: SIG_HIGH_S when LOW_S (1<<3) is set and S > n/2 = 0x7fff...20a0; else SIG_HASHTYPE when STRICTENC (1<<1) is set and the hash type is not 0x01-0x03 or 0x81-0x83; else it passes. The proof above takes signatures of at most 10 bytes, where S is never high (a mutation run found the LOW_S rule dropped "equivalent" within them).',
  inputs: { b: bytes(71), flags: int(0, 2 ** 21 - 1) },
  split: { on: 'b[3]', cases: [[0, 31], [32, 32], [33, 255]] },
  requires: ({ b }) => bip66Layout(b) && b[3] === 32,
  ensures: ({ b, flags }) => {
    const t = b[70];
    const definedType = t === 1 || t === 2 || t === 3 || t === 0x81 || t === 0x82 || t === 0x83;
    const high = beNumber(b, 38, 32) > HALF_ORDER;
    const expected = (flags & 8) !== 0 && high ? 'SIG_HIGH_S' : (flags & 2) !== 0 && !definedType ? 'SIG_HASHTYPE' : undefined;
    return checkSignatureEncoding(b, flags) === expected;
  },
  covers: {
    'S = n/2 + 1 under LOW_S': ({ b, flags }) => isHalfOrderPlus(b, 38, 1) && flags === 8,
    'a high S without LOW_S passes': ({ b, flags }) => isHalfOrderPlus(b, 38, 1) && b[70] === 1 && flags === 0,
  },
});
