/**
 * Num3072 products in WebAssembly for MuHash3072 (SPEC.md §8.1, issue 14): the module build.mjs
 * compiles from num3072.c (embedded in num3072-wasm-module.ts), instantiated when this file loads
 * through kernel/crypto/wasm-instance.ts (as the SHA-256 and ChaCha20 modules) and used only after
 * a known answer; undefined where WebAssembly or its SIMD cannot run it, and
 * kernel/commitments/muhash.ts then multiplies with bigint, the reference (both give the same
 * digest: test/crypto/num3072-wasm.test.ts, test/commitments/muhash.test.ts).
 *
 * The product stays in the module's memory while the factors go in, so a block's coins cost no
 * bigint per coin; one hex text and one BigInt at the end. Pure as seen from outside: the memory is
 * scratch space, rewritten by every call.
 */
import { type WasmInstance, type WasmModuleExports, instantiateEmbedded } from '../wasm-instance.js';
import { NUM3072_WASM_BASE64 } from './num3072-wasm-module.js';

interface Num3072Exports extends WasmModuleExports {
  num3072_set(): void;
  num3072_multiply(): void;
  num3072_hex(): void;
}

/** The instantiated module, and its memory from `io` on (num3072.c's `ioBase`). */
export type Num3072Wasm = WasmInstance<Num3072Exports>;

/** A factor's bytes (Core's Num3072::BYTE_SIZE), at `io`. */
const FACTOR_BYTES = 384;
/** Where num3072.c writes "0x" and the 770 hex digits (110 limbs of 28 bits), from `io`. */
const HEX_AT = 400;
const HEX_CHARS = 2 + 770;

/** ASCII hex text to a string (UTF-8 is the identity on ASCII). */
const ASCII = new TextDecoder();

/**
 * The product of `factors` (each 384 little-endian bytes), congruent to it modulo 2^3072 - 1103717
 * and below 2^3073: the caller reduces. At least one factor.
 */
export function wasmNum3072Product(wasm: Num3072Wasm, factors: Iterable<Uint8Array>): bigint {
  const heap = wasm.heap(HEX_AT + HEX_CHARS);
  let first = true;
  for (const f of factors) {
    if (f.length !== FACTOR_BYTES) throw new RangeError(`a Num3072 factor is ${FACTOR_BYTES} bytes, not ${f.length}`);
    heap.set(f, wasm.io);
    if (first) wasm.exports.num3072_set();
    else wasm.exports.num3072_multiply();
    first = false;
  }
  if (first) throw new RangeError('a Num3072 product needs at least one factor');
  wasm.exports.num3072_hex();
  return BigInt(ASCII.decode(heap.subarray(wasm.io + HEX_AT, wasm.io + HEX_AT + HEX_CHARS)));
}

/** 384 little-endian bytes of the number n < 2^3072. */
function factorOf(n: bigint): Uint8Array {
  const out = new Uint8Array(FACTOR_BYTES);
  for (let i = 0, v = n; v > 0n; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** A known answer before use: (2^3072 - 1)^2 is congruent to (1103716)^2 = 1218189008656 modulo 2^3072 - 1103717. */
function passesKnownAnswer(wasm: Num3072Wasm): boolean {
  const max = factorOf((1n << 3072n) - 1n);
  const product = wasmNum3072Product(wasm, [max, max]);
  return product % ((1n << 3072n) - 1103717n) === 1218189008656n && wasmNum3072Product(wasm, [factorOf(6n), factorOf(7n)]) === 42n;
}

/** The module, or undefined where it cannot run (muhash.ts then multiplies with bigint). */
export const NUM3072_WASM: Num3072Wasm | undefined = instantiateEmbedded(NUM3072_WASM_BASE64, passesKnownAnswer);
