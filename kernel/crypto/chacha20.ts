/**
 * ChaCha20 keystream (RFC 8439: 32-byte key, 96-bit nonce, 32-bit block counter), as Bitcoin
 * Core's ChaCha20Aligned produces it (src/crypto/chacha20.cpp); MuHash3072 expands each element
 * with it (kernel/commitments/muhash.ts, SPEC.md §8.1). The rounds run in WebAssembly SIMD where it
 * loads (chacha20-wasm/, 4 blocks in the lanes of v128), else in @noble/ciphers, the reference:
 * both give the same bytes (test/crypto/chacha20-wasm.test.ts). `CHACHA20_BACKEND` names the one in use.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { CHACHA20_WASM, wasmChacha20Keystream, wasmChacha20KeystreamHex } from './chacha20-wasm/chacha20-wasm.js';

/** Which ChaCha20 runs: 'wasm' (chacha20-wasm/) or '@noble/ciphers'. */
export const CHACHA20_BACKEND: 'wasm' | '@noble/ciphers' = CHACHA20_WASM === undefined ? '@noble/ciphers' : 'wasm';

/** The reference (@noble/ciphers): `length` bytes of the keystream of `key`, zero nonce, from block 0. */
export function referenceChacha20Keystream(key: Uint8Array, length: number): Uint8Array {
  return chacha20(key, new Uint8Array(12), new Uint8Array(length));
}

/** `length` bytes of the keystream of `key` with an all-zero nonce, from block 0 (Core's `ChaCha20Aligned{key}.Keystream`). */
export function chacha20Keystream(key: Uint8Array, length: number): Uint8Array {
  return CHACHA20_WASM === undefined ? referenceChacha20Keystream(key, length) : wasmChacha20Keystream(CHACHA20_WASM, key, length);
}

/** Little-endian bytes (a multiple of 8 long) as an unsigned integer, 64 bits at a time. */
function fromLittleEndian(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0n;
  for (let at = bytes.length - 8; at >= 0; at -= 8) n = (n << 64n) | view.getBigUint64(at, true);
  return n;
}

/** ASCII hex text to a string (UTF-8, which every TextDecoder supports, is the identity on ASCII). */
const ASCII = new TextDecoder();

/**
 * `chacha20Keystream(key, length)` read as an unsigned little-endian integer (`length` a multiple
 * of 8): MuHash3072's Num3072 before reduction. With WebAssembly the module writes the number's
 * hex digits and BigInt parses them once (a third of the cost of 48 shifts of growing bigints).
 */
export function chacha20KeystreamNumber(key: Uint8Array, length: number): bigint {
  if (CHACHA20_WASM === undefined) return fromLittleEndian(referenceChacha20Keystream(key, length));
  return BigInt(ASCII.decode(wasmChacha20KeystreamHex(CHACHA20_WASM, key, length)));
}
