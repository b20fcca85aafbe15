/**
 * Every hash the kernel uses, behind one module so a faster backend can replace
 * @noble/hashes without touching callers (SPEC.md §1.2). SHA-256 runs in WebAssembly where it
 * loads (sha256-wasm/: scalar SHA-256 for messages, Core's SHA256D64 in 4 SIMD lanes for Merkle
 * nodes), else in @noble/hashes, the reference: both give the same bytes
 * (test/crypto/sha256-wasm.test.ts). `SHA256_BACKEND` names the one in use. RIPEMD-160 (HASH160 of
 * every P2PKH and P2WPKH input) likewise runs in WebAssembly where it loads (ripemd160-wasm/), else
 * in @noble/hashes (test/crypto/ripemd160-wasm.test.ts); `RIPEMD160_BACKEND` names it.
 */
import { ripemd160 as nobleRipemd160, sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  SHA256_WASM,
  type Sha256Wasm,
  wasmSha256,
  wasmSha256Batch,
  wasmSha256BatchAfter,
  wasmSha256Packed64After,
  wasmSha256Midstate,
  wasmSha256Parts,
  wasmSha256d,
  wasmSha256d64,
  wasmSha256dBatch,
  wasmSha256dParts,
} from './sha256-wasm/sha256-wasm.js';
import { RIPEMD160_WASM, wasmRipemd160 } from './ripemd160-wasm/ripemd160-wasm.js';

/** Which SHA-256 runs: 'wasm' (sha256-wasm/, SIMD for SHA256D64) or '@noble/hashes'. */
export const SHA256_BACKEND: 'wasm' | '@noble/hashes' = SHA256_WASM === undefined ? '@noble/hashes' : 'wasm';

/** Which RIPEMD-160 runs: 'wasm' (ripemd160-wasm/) or '@noble/hashes'. */
export const RIPEMD160_BACKEND: 'wasm' | '@noble/hashes' = RIPEMD160_WASM === undefined ? '@noble/hashes' : 'wasm';

/** The reference implementations (@noble/hashes), for the fallback and for equivalence tests. */
export const referenceSha256 = Object.freeze({
  sha256: (data: Uint8Array): Uint8Array => nobleSha256(data),
  sha256Parts(parts: readonly Uint8Array[]): Uint8Array {
    const h = nobleSha256.create();
    for (const p of parts) h.update(p);
    return h.digest();
  },
  sha256d: (data: Uint8Array): Uint8Array => nobleSha256(nobleSha256(data)),
  sha256dParts(parts: readonly Uint8Array[]): Uint8Array {
    const h = nobleSha256.create();
    for (const p of parts) h.update(p);
    return nobleSha256(h.digest());
  },
  sha256Batch(messages: readonly (readonly Uint8Array[])[]): Uint8Array {
    const out = new Uint8Array(32 * messages.length);
    messages.forEach((parts, i) => out.set(referenceSha256.sha256Parts(parts), 32 * i));
    return out;
  },
  sha256dBatch(messages: readonly (readonly Uint8Array[])[]): Uint8Array {
    const out = new Uint8Array(32 * messages.length);
    messages.forEach((parts, i) => out.set(referenceSha256.sha256dParts(parts), 32 * i));
    return out;
  },
  sha256d64(input: Uint8Array): Uint8Array {
    const n = input.length >> 6;
    const out = new Uint8Array(n * 32);
    for (let i = 0; i < n; i++) out.set(nobleSha256(nobleSha256(input.subarray(64 * i, 64 * i + 64))), 32 * i);
    return out;
  },
});

/** SHA-256 (FIPS 180-4). */
export function sha256(data: Uint8Array): Uint8Array {
  return SHA256_WASM === undefined ? nobleSha256(data) : wasmSha256(SHA256_WASM, data);
}

/** SHA-256 of the concatenation of `parts`, without concatenating them in JavaScript. */
export function sha256Parts(parts: readonly Uint8Array[]): Uint8Array {
  return SHA256_WASM === undefined ? referenceSha256.sha256Parts(parts) : wasmSha256Parts(SHA256_WASM, parts);
}

/** Core's Hash / CHash256: SHA-256 applied twice. */
export function sha256d(data: Uint8Array): Uint8Array {
  return SHA256_WASM === undefined ? referenceSha256.sha256d(data) : wasmSha256d(SHA256_WASM, data);
}

/** SHA256d of the concatenation of `parts`, without concatenating them (a witness transaction's txid). */
export function sha256dParts(parts: readonly Uint8Array[]): Uint8Array {
  return SHA256_WASM === undefined ? referenceSha256.sha256dParts(parts) : wasmSha256dParts(SHA256_WASM, parts);
}

/**
 * Core's SHA256D64: `input` is n 64-byte messages back to back (bytes past the last whole
 * message are ignored); the result is their n SHA256d digests back to back. A Merkle level
 * stored back to back is such an input: its sibling pairs.
 */
export function sha256d64(input: Uint8Array): Uint8Array {
  return SHA256_WASM === undefined ? referenceSha256.sha256d64(input) : wasmSha256d64(SHA256_WASM, input);
}

/**
 * SHA256d of many messages, each the concatenation of its parts; the digests back to back (32
 * bytes each). With WebAssembly the messages are hashed 4 at a time in SIMD lanes (the txids of a
 * block in one call).
 */
export function sha256dBatch(messages: readonly (readonly Uint8Array[])[]): Uint8Array {
  return SHA256_WASM === undefined ? referenceSha256.sha256dBatch(messages) : wasmSha256dBatch(SHA256_WASM, messages);
}

/**
 * SHA-256 of many messages, each the concatenation of its parts; the digests back to back (32
 * bytes each). With WebAssembly the messages are hashed 4 at a time in SIMD lanes.
 */
export function sha256Batch(messages: readonly (readonly Uint8Array[])[]): Uint8Array {
  return SHA256_WASM === undefined ? referenceSha256.sha256Batch(messages) : wasmSha256Batch(SHA256_WASM, messages);
}

/** SHA-1 (only OP_SHA1 uses it). */
export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

/** RIPEMD-160. */
export function ripemd160(data: Uint8Array): Uint8Array {
  return RIPEMD160_WASM === undefined ? nobleRipemd160(data) : wasmRipemd160(RIPEMD160_WASM, data);
}

/** Core's Hash160 / CHash160: RIPEMD-160 of SHA-256. */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

/** BIP340 tagged hash: SHA-256(SHA-256(tag) || SHA-256(tag) || msg). */
export function taggedHash(tag: string, ...messages: readonly Uint8Array[]): Uint8Array {
  const tagHash = sha256(utf8ToBytes(tag));
  return sha256Parts([tagHash, tagHash, ...messages]);
}

/**
 * A BIP340 tagged hash with the tag's hash computed once: the returned function equals
 * `taggedHash(tag, ...messages)`. For hot paths with a fixed tag (the UTXO tree's nodes): with
 * WebAssembly the 64-byte prefix and the messages are hashed in one call; with @noble/hashes the
 * prefix's midstate is kept and cloned (about 2x faster on 64-byte messages).
 */
export function taggedHasher(tag: string): (...messages: readonly Uint8Array[]) => Uint8Array {
  const tagHash = nobleSha256(utf8ToBytes(tag));
  if (SHA256_WASM !== undefined) {
    const wasm = SHA256_WASM;
    return (...messages) => wasmSha256Parts(wasm, [tagHash, tagHash, ...messages]);
  }
  const prefix = nobleSha256.create().update(tagHash).update(tagHash);
  return (...messages) => {
    const h = prefix.clone();
    for (const m of messages) h.update(m);
    return h.digest();
  };
}

/**
 * Many BIP340 tagged hashes with one tag at once: the returned function maps messages (each
 * given as parts) to their `taggedHash(tag, ...parts)` digests back to back (32 bytes each). With
 * WebAssembly they are hashed 4 at a time in SIMD lanes (the UTXO tree's new nodes of one depth).
 */
export function taggedBatchHasher(tag: string): (messages: readonly (readonly Uint8Array[])[]) => Uint8Array {
  const tagHash = nobleSha256(utf8ToBytes(tag));
  if (SHA256_WASM === undefined) return (messages) => referenceSha256.sha256Batch(messages.map((parts) => [tagHash, tagHash, ...parts]));
  const wasm = SHA256_WASM;
  const midstate = tagMidstate(wasm, tagHash);
  return (messages) => wasmSha256BatchAfter(wasm, midstate, messages);
}

/** The state after the tag prefix SHA256(tag) ‖ SHA256(tag), which is one block: every message of the tag continues from it. */
function tagMidstate(wasm: Sha256Wasm, tagHash: Uint8Array): Uint8Array {
  const prefix = new Uint8Array(64);
  prefix.set(tagHash, 0);
  prefix.set(tagHash, 32);
  return wasmSha256Midstate(wasm, prefix);
}

/**
 * BIP340 tagged hashes with one tag of many 64-byte messages given back to back (n × 64 bytes):
 * the returned function gives their digests back to back; digest i equals `taggedHash(tag,
 * input[64i, 64i + 64))`. The UTXO tree's internal nodes of one depth (two child hashes each),
 * with no array per message; 4 SIMD lanes with WebAssembly.
 */
export function taggedPackedHasher(tag: string): (input: Uint8Array) => Uint8Array {
  const tagHash = nobleSha256(utf8ToBytes(tag));
  if (SHA256_WASM === undefined) {
    return (input) => {
      const n = input.length >> 6;
      const out = new Uint8Array(32 * n);
      for (let i = 0; i < n; i++) out.set(referenceSha256.sha256Parts([tagHash, tagHash, input.subarray(64 * i, 64 * i + 64)]), 32 * i);
      return out;
    };
  }
  const wasm = SHA256_WASM;
  const midstate = tagMidstate(wasm, tagHash);
  return (input) => wasmSha256Packed64After(wasm, midstate, input);
}
