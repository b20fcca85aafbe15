/**
 * ECDSA as Bitcoin Core verifies it (SPEC.md §3.6): the lax DER parser Core uses for every
 * signature (pre-BIP66 encodings included), low-S normalization, and CPubKey::Verify.
 * The strict encodings (BIP66 IsValidSignatureEncoding, IsLowDERSignature, ...) are the
 * interpreter's; they call `parseDerLax` / `isHighS` here for the S check.
 */
import { SECP256K1_HALF_N, SECP256K1_HALF_N_BYTES, SECP256K1_N, SECP256K1_N_BYTES, type Secp256k1Backend } from './secp256k1.js';
import { compareBytes, concatBytes } from '../encoding/bytes.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';

/** Reads a DER length whose first byte was `lenbyte` ≥ 0x80 (Core's long form, leading zero bytes skipped). */
function readLongLength(input: Uint8Array, at: number, lenbyteIn: number): { readonly len: number; readonly pos: number } | undefined {
  let lenbyte = lenbyteIn - 0x80;
  let pos = at;
  if (lenbyte > input.length - pos) return undefined;
  while (lenbyte > 0 && input[pos] === 0) {
    pos++;
    lenbyte--;
  }
  if (lenbyte >= 4) return undefined;
  let len = 0;
  while (lenbyte > 0) {
    len = len * 256 + (input[pos] ?? 0);
    pos++;
    lenbyte--;
  }
  return { len, pos };
}

/** Reads one INTEGER (tag 0x02, length, body) at `at`; the body is `input[start, start+len)`. */
function readInteger(input: Uint8Array, at: number): { readonly start: number; readonly len: number } | undefined {
  let pos = at;
  if (pos === input.length || input[pos] !== 0x02) return undefined;
  pos++;
  if (pos === input.length) return undefined;
  const lenbyte = input[pos] ?? 0;
  pos++;
  let len = lenbyte;
  if (lenbyte & 0x80) {
    const long = readLongLength(input, pos, lenbyte);
    if (long === undefined) return undefined;
    len = long.len;
    pos = long.pos;
  }
  if (len > input.length - pos) return undefined;
  return { start: pos, len };
}

/** The integer's bytes without leading zeros, or undefined when more than 32 remain (overflow). */
function stripToScalar(input: Uint8Array, start: number, lenIn: number): Uint8Array | undefined {
  let s = start;
  let len = lenIn;
  while (len > 0 && input[s] === 0) {
    s++;
    len--;
  }
  if (len > 32) return undefined;
  // The len bytes right-aligned in 32: byte j is input[s + j - (32 - len)] from 32 - len on.
  const out = new Uint8Array(32);
  for (let j = 0; j < 32; j++) if (j >= 32 - len) out[j] = input[s + j - 32 + len] ?? 0;
  return out;
}

/**
 * Core's ecdsa_signature_parse_der_lax (pubkey.cpp): the signature (without its hash-type byte)
 * as a 64-byte compact r‖s, or undefined when it does not parse. It accepts what pre-BIP66
 * blocks contain: any sequence length, long-form and zero-padded lengths, negative integers,
 * trailing garbage. An r or s longer than 32 bytes (after leading zeros) or not below n is not
 * a parse failure: Core then yields the all-zero signature, which never verifies (SPEC.md §3.6).
 * Written in the provable subset (proofs/ecdsa.proof.ts: 12-byte inputs, and a 265-byte one for a two-byte length).
 */
export function parseDerLax(input: Uint8Array): Uint8Array | undefined {
  let pos = 0;
  // Sequence tag byte
  if (pos === input.length || input[pos] !== 0x30) return undefined;
  pos++;
  // Sequence length bytes: skipped, never checked against the content
  if (pos === input.length) return undefined;
  let lenbyte = input[pos] ?? 0;
  pos++;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (lenbyte > input.length - pos) return undefined;
    pos += lenbyte;
  }
  const r = readInteger(input, pos);
  if (r === undefined) return undefined;
  const s = readInteger(input, r.start + r.len);
  if (s === undefined) return undefined;

  const rBytes = stripToScalar(input, r.start, r.len);
  const sBytes = stripToScalar(input, s.start, s.len);
  const compact = new Uint8Array(64);
  // secp256k1_ecdsa_signature_parse_compact refuses r ≥ n or s ≥ n: Core falls back to zero.
  if (rBytes === undefined || sBytes === undefined) return compact;
  if (compareBytes(rBytes, SECP256K1_N_BYTES) >= 0 || compareBytes(sBytes, SECP256K1_N_BYTES) >= 0) return compact;
  return concatBytes(rBytes, sBytes);
}

/** Whether a compact signature's S is above n/2 (libsecp256k1's secp256k1_ecdsa_signature_normalize returns 1) (SPEC.md §3.6). */
export function isHighS(compact: Uint8Array): boolean {
  // Compared as bytes when S is the 32 bytes of a 64-byte compact signature, else as a number.
  if (compact.length !== 64) return bytesToNumberBE(compact.subarray(32, 64)) > SECP256K1_HALF_N;
  return compareBytes(compact.subarray(32, 64), SECP256K1_HALF_N_BYTES) > 0;
}

/**
 * n − s for 32 big-endian bytes s, by subtraction with borrow from the last byte (no bigint per
 * signature); s ≤ n gives exactly n − s, s > n (never a parsed signature's) (n − s) mod 2^256.
 */
function orderMinus(s: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    // The byte's difference plus 256, in [0, 511]: d = 256·q + digit, and q = 0 means a borrow.
    const d = 256 + (SECP256K1_N_BYTES[i] as number) - (s[i] ?? 0) - borrow;
    const q = Math.floor(d / 256);
    out[i] = d - 256 * q;
    borrow = 1 - q;
  }
  return out;
}

/**
 * secp256k1_ecdsa_signature_normalize: S replaced by n − S when S > n/2; a new array, input
 * untouched (SPEC.md §3.6). A 64-byte r‖s (what parseDerLax returns, s < n) is negated by bytes
 * (proofs/ecdsa.proof.ts; properties/ecdsa-forms.prop.test.ts checks it against the bigint form).
 */
export function normalizeLowS(compact: Uint8Array): Uint8Array {
  if (!isHighS(compact)) return compact.slice();
  if (compact.length === 64) return concatBytes(compact.subarray(0, 32), orderMinus(compact.subarray(32, 64)));
  const out = compact.slice();
  out.set(numberToBytesBE(SECP256K1_N - bytesToNumberBE(compact.subarray(32, 64)), 32), 32);
  return out;
}

/**
 * Core's CPubKey::Verify: `derSignature` (without hash-type byte) parsed with the lax DER
 * parser, normalized to low S, and verified against `msgHash` and `pubkey` by `backend`.
 * False on any failure (SPEC.md §3.6). A backend with the whole of it natively
 * (`verifyEcdsaDerLax`: bcrypto's addon) answers in one call, 3–4 µs less per signature.
 */
export function verifyEcdsaLax(backend: Secp256k1Backend, msgHash: Uint8Array, derSignature: Uint8Array, pubkey: Uint8Array): boolean {
  if (backend.verifyEcdsaDerLax !== undefined) return backend.verifyEcdsaDerLax(msgHash, derSignature, pubkey);
  const compact = parseDerLax(derSignature);
  if (compact === undefined) return false;
  return backend.verifyEcdsa(msgHash, normalizeLowS(compact), pubkey);
}

/**
 * A DER INTEGER of big-endian `scalar` bytes: 0x02, length, the bytes without leading zeros (one
 * kept for zero), with a 0x00 before a first byte whose top bit is set (DER integers are signed).
 * @unwind 32
 */
function derInteger(scalar: Uint8Array): Uint8Array {
  let i = 0;
  while (i < scalar.length - 1 && scalar[i] === 0) i++;
  const body = scalar.subarray(i);
  if (((body[0] ?? 0) & 0x80) !== 0) return concatBytes(Uint8Array.of(0x02, body.length + 1, 0), body);
  return concatBytes(Uint8Array.of(0x02, body.length), body);
}

/**
 * Strict DER encoding of a compact r‖s signature (the form Core's CKey::Sign produces), for tests
 * and builders (SPEC.md §3.6); BIP66 strict for every 64-byte input (proofs/ecdsa.proof.ts).
 */
export function encodeDerSignature(compact: Uint8Array): Uint8Array {
  const r = derInteger(compact.subarray(0, 32));
  const s = derInteger(compact.subarray(32, 64));
  return concatBytes(Uint8Array.of(0x30, r.length + s.length), r, s);
}
