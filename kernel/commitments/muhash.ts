/**
 * MuHash3072, the rolling set hash of Bitcoin Core's `gettxoutsetinfo hash_type=muhash`
 * (src/crypto/muhash.cpp, src/kernel/coinstats.cpp): each element is hashed to a number modulo
 * the prime 2^3072 - 1103717 (SHA256, then a 384-byte ChaCha20 keystream read little-endian);
 * the set's value is the product of its elements' numbers. Insertions multiply a numerator,
 * removals a denominator, and the digest divides once at the end, then hashes the 384-byte
 * little-endian value with SHA256. Order-independent and incremental: adding then removing an
 * element restores the digest (SPEC.md §8.1; tests: test/commitments/muhash.test.ts).
 *
 * A batch of elements (a block's spent or created coins) multiplies in WebAssembly where it loads
 * (kernel/crypto/num3072-wasm: the product stays in the module, no bigint per element), else with
 * bigint, the reference; both give the same accumulator (test/commitments/muhash.test.ts).
 */
import { chacha20Keystream, chacha20KeystreamNumber } from '../crypto/chacha20.js';
import { sha256, sha256Batch } from '../crypto/hashes.js';
import { NUM3072_WASM, wasmNum3072Product } from '../crypto/num3072-wasm/num3072-wasm.js';

/** Where a batch's product is computed: 'wasm' (kernel/crypto/num3072-wasm) or 'bigint' (the reference). */
export const MUHASH_BACKEND: 'wasm' | 'bigint' = NUM3072_WASM === undefined ? 'bigint' : 'wasm';

/** Bytes of a Num3072 (Core's Num3072::BYTE_SIZE). */
export const MUHASH_BYTE_SIZE = 384;
const BITS = 3072n;
/** The MuHash prime: the largest 3072-bit safe prime, 2^3072 - 1103717. */
export const MUHASH_MODULUS = (1n << BITS) - 1103717n;
const LOW_MASK = (1n << BITS) - 1n;
const MODULUS_OFFSET = 1103717n;

/** A MuHash3072 accumulator (Core's MuHash3072): the product of inserted and of removed elements. */
export interface MuHash3072 {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The accumulator of the empty set. */
export const MUHASH_EMPTY: MuHash3072 = Object.freeze({ numerator: 1n, denominator: 1n });

/** x mod 2^3072 - 1103717 for 0 <= x < 2^6144, folding the high half: 2^3072 = 1103717 (mod p). */
function reduce(x: bigint): bigint {
  let r = x;
  while (r > LOW_MASK) r = (r >> BITS) * MODULUS_OFFSET + (r & LOW_MASK);
  return r >= MUHASH_MODULUS ? r - MUHASH_MODULUS : r;
}

/** a·b mod p. */
function mulMod(a: bigint, b: bigint): bigint {
  return reduce(a * b);
}

/** a^e mod p by square-and-multiply. */
function powMod(a: bigint, e: bigint): bigint {
  let result = 1n;
  let base = a;
  for (let k = e; k > 0n; k >>= 1n) {
    if ((k & 1n) === 1n) result = mulMod(result, base);
    base = mulMod(base, base);
  }
  return result;
}

/** An unsigned integer below 2^(8·length) as `length` little-endian bytes. */
function toLittleEndian(n: bigint, length: number): Uint8Array {
  const hex = n.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(hex.length - 2 * (i + 1), hex.length - 2 * i), 16);
  return out;
}

/** Core's MuHash3072::ToNum3072: SHA256 of the element keys a ChaCha20 keystream of 384 bytes, read little-endian, reduced. */
export function muhashElement(data: Uint8Array): bigint {
  return reduce(chacha20KeystreamNumber(sha256(data), MUHASH_BYTE_SIZE));
}

/** Elements whose SHA256s are computed together (SIMD lanes): the SHA-256 module's memory stays bounded however large a batch (a whole set, in the store's checks). */
const KEY_BATCH = 4096;

/** The keystreams muhashElement reads as numbers (before reduction): ChaCha20 keyed by each element's SHA256, the SHA256s KEY_BATCH at a time. */
function* elementKeystreams(elements: readonly Uint8Array[]): Generator<Uint8Array> {
  for (let start = 0; start < elements.length; start += KEY_BATCH) {
    const chunk = elements.slice(start, start + KEY_BATCH);
    const keys = sha256Batch(chunk.map((e) => [e]));
    for (let i = 0; i < chunk.length; i++) yield chacha20Keystream(keys.subarray(32 * i, 32 * i + 32), MUHASH_BYTE_SIZE);
  }
}

/** The product of the elements' numbers modulo p with bigint alone: the reference, and the path without WebAssembly. */
export function referenceElementsProduct(elements: readonly Uint8Array[]): bigint {
  let product = 1n;
  for (const e of elements) product = mulMod(product, muhashElement(e));
  return product;
}

/** The product of the elements' numbers modulo p (1 for none). One element goes the bigint way: the module pays off from two. */
function elementsProduct(elements: readonly Uint8Array[]): bigint {
  if (NUM3072_WASM === undefined || elements.length < 2) return referenceElementsProduct(elements);
  return reduce(wasmNum3072Product(NUM3072_WASM, elementKeystreams(elements)));
}

/** Core's MuHash3072::Insert for each of `elements` in turn: the set with all of them added. */
export function muhashInsertAll(acc: MuHash3072, elements: readonly Uint8Array[]): MuHash3072 {
  return { numerator: mulMod(acc.numerator, elementsProduct(elements)), denominator: acc.denominator };
}

/** Core's MuHash3072::Remove for each of `elements` in turn: the set with all of them taken out. */
export function muhashRemoveAll(acc: MuHash3072, elements: readonly Uint8Array[]): MuHash3072 {
  return { numerator: acc.numerator, denominator: mulMod(acc.denominator, elementsProduct(elements)) };
}

/** Core's MuHash3072::Insert: the set with `data` added. */
export function muhashInsert(acc: MuHash3072, data: Uint8Array): MuHash3072 {
  return muhashInsertAll(acc, [data]);
}

/** Core's MuHash3072::Remove: the set with `data` taken out (it need not have been inserted: MuHash is a multiset quotient). */
export function muhashRemove(acc: MuHash3072, data: Uint8Array): MuHash3072 {
  return muhashRemoveAll(acc, [data]);
}

/** Core's `operator*=`: the union of two accumulators' sets (their numerators and denominators multiplied). */
export function muhashCombine(a: MuHash3072, b: MuHash3072): MuHash3072 {
  return { numerator: mulMod(a.numerator, b.numerator), denominator: mulMod(a.denominator, b.denominator) };
}

/** Core's `operator/=`: `a` with `b`'s set removed. */
export function muhashDivide(a: MuHash3072, b: MuHash3072): MuHash3072 {
  return { numerator: mulMod(a.numerator, b.denominator), denominator: mulMod(a.denominator, b.numerator) };
}

/**
 * Core's MuHash3072::Finalize: numerator / denominator mod p (one inverse, by Fermat: d^(p-2)),
 * as 384 little-endian bytes, hashed with SHA256. The 32 bytes are in hash order; Core prints
 * them reversed (uint256::GetHex, `toDisplayHex`).
 */
export function muhashFinalize(acc: MuHash3072): Uint8Array {
  const value = mulMod(acc.numerator, powMod(acc.denominator, MUHASH_MODULUS - 2n));
  return sha256(toLittleEndian(value, MUHASH_BYTE_SIZE));
}
