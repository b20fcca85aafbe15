/** Shared helpers of the signature suites (test/signatures). */
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
