/**
 * ChaCha20 keystream (RFC 8439: 32-byte key, 96-bit nonce, 32-bit block counter), as Bitcoin
 * Core's ChaCha20Aligned produces it (src/crypto/chacha20.cpp); MuHash3072 expands each element
 * with it (kernel/commitments/muhash.ts, SPEC.md §8.1). @noble/ciphers does the rounds.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';

/** `length` bytes of the keystream of `key` with an all-zero nonce, from block 0 (Core's `ChaCha20Aligned{key}.Keystream`). */
export function chacha20Keystream(key: Uint8Array, length: number): Uint8Array {
  return chacha20(key, new Uint8Array(12), new Uint8Array(length));
}
