/** Shared helpers of the signature suites (test/signatures). */
import fc from 'fast-check';
import { SECP256K1_N } from '../../kernel/crypto/secp256k1-backend.js';
import { fromHex } from '../../kernel/encoding/hex.js';

/** Bytes of a hex string; throws on bad hex (test input only). */
export function hex(text: string): Uint8Array {
  const r = fromHex(text.toLowerCase());
  if (!r.ok) throw new Error(`bad hex: ${text}`);
  return r.value;
}

/** Lower-case hex of bytes. */
export function toHexString(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Exactly `n` random bytes (fast-check). */
export const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });

/** A valid secret key: 32 random bytes taken into [1, n − 1] (fast-check). */
export const seckey: fc.Arbitrary<Uint8Array> = bytes(32).map((b) => {
  const d = (BigInt(`0x${toHexString(b)}`) % (SECP256K1_N - 1n)) + 1n;
  return Uint8Array.from(Buffer.from(d.toString(16).padStart(64, '0'), 'hex'));
});

/** A copy of `data` with bit `bit` of byte `index` (mod its length) flipped; empty data stays empty. */
export function flip(data: Uint8Array, index: number, bit: number): Uint8Array {
  const out = data.slice();
  if (out.length > 0) out[index % out.length] = (out[index % out.length] ?? 0) ^ (1 << bit);
  return out;
}
