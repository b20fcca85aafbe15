// Generates ripemd160.wat: RIPEMD-160 (H. Dobbertin, A. Bosselaers, B. Preneel, "RIPEMD-160: A
// Strengthened Version of RIPEMD", FSE 1996; the algorithm as on Bosselaers' page,
// https://homes.esat.kuleuven.be/~bosselae/ripemd160.html) in WebAssembly, the source of
// ripemd160-wasm-module.ts. Run by build.mjs (`node kernel/crypto/ripemd160-wasm/build.mjs`), which
// assembles the text with wabt, as kernel/crypto/sha256-wasm/ does.
//
// Exports (addresses are byte offsets into the exported memory; IO_BASE and up is the caller's):
//   ripemd160(ptr, len, out)   RIPEMD-160 of len bytes at ptr, 20 bytes written at out (the state
//                              words h0..h4, little-endian); the bit length is an i64, so every
//                              len up to 2^32 - 1 is padded right
//
// Memory layout below IO_BASE: the state h0..h4 at H_AT (20 bytes), the one or two final blocks at
// PAD_AT (128 bytes).
//
// Scalar code (no SIMD): the compression function loads the block's 16 words into locals
// (WebAssembly's loads are little-endian, RIPEMD-160's word order) and runs the 80 left and 80 right
// steps as straight-line code, the five working variables renamed instead of moved.

// Memory layout (bytes).
const H_AT = 0; // the state h0..h4
const PAD_AT = 64; // the final blocks (128 bytes)
export const IO_BASE = 256;

/** The initial value h0..h4. */
const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

/** Which message word step j reads: r (left line) and r' (right line), one row of 16 steps per round. */
const R_LEFT = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8],
  [3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12],
  [1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2],
  [4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13],
].flat();
const R_RIGHT = [
  [5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12],
  [6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2],
  [15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13],
  [8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14],
  [12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11],
].flat();

/** The left rotation of step j: s (left line) and s' (right line). */
const S_LEFT = [
  [11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8],
  [7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12],
  [11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5],
  [11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12],
  [9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6],
].flat();
const S_RIGHT = [
  [8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6],
  [9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11],
  [9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5],
  [15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8],
  [8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11],
].flat();

/** The added constant of each round (steps 16i .. 16i + 15): K (left line) and K' (right line). */
const K_LEFT = [0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e];
const K_RIGHT = [0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000];

const g = (n) => `(local.get $${n})`;
const c32 = (v) => `(i32.const ${v | 0})`;
const add = (...xs) => xs.reduce((a, b) => `(i32.add ${a} ${b})`);
const and = (a, b) => `(i32.and ${a} ${b})`;
const or = (a, b) => `(i32.or ${a} ${b})`;
const xor = (a, b) => `(i32.xor ${a} ${b})`;
const not = (a) => xor(a, c32(-1));
const rotl = (x, n) => `(i32.rotl ${x} ${c32(n)})`;

/** The five boolean functions: f(j, x, y, z) is F[i] for the steps 16i .. 16i + 15 of the left line, F[4 - i] of the right. */
const F = [
  (x, y, z) => xor(xor(x, y), z),
  (x, y, z) => or(and(x, y), and(not(x), z)),
  (x, y, z) => xor(or(x, not(y)), z),
  (x, y, z) => or(and(x, z), and(y, not(z))),
  (x, y, z) => xor(x, or(y, not(z))),
];

/**
 * One line's 80 steps on the working variables named `names` (A, B, C, D, E):
 *   T = rotl_s[j](A + f(B, C, D) + X[r[j]] + K) + E;  A = E;  E = D;  D = rotl_10(C);  C = B;  B = T
 * T is written over A and C rotated in place; the names then shift instead of the values.
 * Returns the code and the names of A .. E after the last step.
 */
function line(names, words, shifts, constants, f) {
  let n = names;
  const out = [];
  for (let j = 0; j < 80; j++) {
    const round = j >> 4;
    const [a, b, c, d, e] = n.map(g);
    const k = constants[round] === 0 ? [] : [c32(constants[round])];
    out.push(`(local.set $${n[0]} ${add(rotl(add(a, f(round)(b, c, d), g(`x${words[j]}`), ...k), shifts[j]), e)})`);
    out.push(`(local.set $${n[2]} ${rotl(c, 10)})`);
    n = [n[4], n[0], n[1], n[2], n[3]];
  }
  return { code: out.join('\n    '), names: n };
}

const WORDS = Array.from({ length: 16 }, (_, i) => i);
const STATE = [0, 1, 2, 3, 4];
const LEFT = ['al', 'bl', 'cl', 'dl', 'el'];
const RIGHT = ['ar', 'br', 'cr', 'dr', 'er'];

const h = (i) => `(i32.load offset=${H_AT + 4 * i} (i32.const 0))`;
const setH = (i, e) => `(i32.store offset=${H_AT + 4 * i} (i32.const 0) ${e})`;

/** The compression function: both lines from the state, then h_i = h_(i+1) + left_(i+2) + right_(i+3) (indices mod 5), h0 last. */
function compressFunction() {
  const left = line(LEFT, R_LEFT, S_LEFT, K_LEFT, (round) => F[round]);
  const right = line(RIGHT, R_RIGHT, S_RIGHT, K_RIGHT, (round) => F[4 - round]);
  const combined = (i) => add(h((i + 1) % 5), g(left.names[(i + 2) % 5]), g(right.names[(i + 3) % 5]));
  const locals = [...WORDS.map((i) => `x${i}`), ...LEFT, ...RIGHT, 't'].map((n) => `(local $${n} i32)`).join(' ');
  return `
  ;; One 64-byte block at $blk into the state at H.
  (func $compress (param $blk i32) ${locals}
    ${WORDS.map((i) => `(local.set $x${i} (i32.load offset=${4 * i} (local.get $blk)))`).join('\n    ')}
    ${STATE.map((i) => `(local.set $${LEFT[i]} ${h(i)}) (local.set $${RIGHT[i]} (local.get $${LEFT[i]}))`).join('\n    ')}
    ;; the left line
    ${left.code}
    ;; the right line
    ${right.code}
    ;; h0's new value waits in $t: h4's reads the old h0
    (local.set $t ${combined(0)})
    ${[1, 2, 3, 4].map((i) => setH(i, combined(i))).join('\n    ')}
    ${setH(0, '(local.get $t)')})
`;
}

const hashFunction = `
  ;; RIPEMD-160 of $len bytes at $ptr, written at $out.
  (func (export "ripemd160") (param $ptr i32) (param $len i32) (param $out i32) (local $end i32) (local $rem i32) (local $last i32)
    ${IV.map((v, i) => setH(i, c32(v))).join(' ')}
    (local.set $end (i32.add (local.get $ptr) (i32.and (local.get $len) (i32.const -64))))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (call $compress (local.get $ptr))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
      (br $blocks)))
    ;; padding (MD4-style, little-endian): the last bytes, 0x80, zeros, the bit length as 64 bits
    (local.set $rem (i32.and (local.get $len) (i32.const 63)))
    (memory.fill (i32.const ${PAD_AT}) (i32.const 0) (i32.const 128))
    (memory.copy (i32.const ${PAD_AT}) (local.get $ptr) (local.get $rem))
    (i32.store8 offset=${PAD_AT} (local.get $rem) (i32.const 0x80))
    ;; the bit length in the last 8 bytes of the last block: one block, or two when rem >= 56
    (local.set $last (select (i32.const ${PAD_AT}) (i32.const ${PAD_AT + 64}) (i32.lt_u (local.get $rem) (i32.const 56))))
    (i64.store offset=56 (local.get $last) (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 3)))
    (call $compress (i32.const ${PAD_AT}))
    (if (i32.ge_u (local.get $rem) (i32.const 56)) (then (call $compress (i32.const ${PAD_AT + 64}))))
    ;; the state words, little-endian, are the digest
    (memory.copy (local.get $out) (i32.const ${H_AT}) (i32.const 20)))
`;

/** The module's text. */
export function generateWat() {
  return `;; Generated by kernel/crypto/ripemd160-wasm/generate-wat.mjs: do not edit. RIPEMD-160
;; (Dobbertin, Bosselaers, Preneel 1996), scalar, both lines' steps unrolled.
(module
  (memory (export "memory") 1)
  (global (export "ioBase") i32 (i32.const ${IO_BASE}))
  ${compressFunction()}
  ${hashFunction}
)
`;
}
