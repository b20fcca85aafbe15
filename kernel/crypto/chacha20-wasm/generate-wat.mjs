// Generates chacha20.wat: the ChaCha20 block function (RFC 8439 §2.3) in WebAssembly SIMD, the source
// of chacha20-wasm-module.ts. Run by build.mjs (`node kernel/crypto/chacha20-wasm/build.mjs`), which
// assembles the text with wabt, as kernel/crypto/sha256-wasm/ does.
//
// Exports (addresses are byte offsets into the exported memory; IO_BASE and up is the caller's):
//   keystream(key, out, blocks)   the keystream of the 32-byte key at `key` with an all-zero 96-bit
//                                 nonce, blocks 0 .. blocks-1 (`blocks` a multiple of 4), 64 bytes each,
//                                 written at out, out + 64, ...: 4 blocks at a time, one per 32-bit lane
//                                 of v128 (block counters c, c+1, c+2, c+3)
//   hexReversed(in, len, out)     the `len` bytes at `in` read as a little-endian number, written as
//                                 2·len lower-case hex digits (ASCII), most significant first: the text
//                                 BigInt('0x' + ...) reads (MuHash3072's Num3072 from its 384 bytes)
//
// The state's 16 words are 16 v128 locals; the double round is unrolled; rotations by 16 and 8 are
// byte shuffles, by 12 and 7 shifts.

export const IO_BASE = 1024;

/** "expand 32-byte k", little-endian words (RFC 8439 §2.3). */
const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];

const x = (i) => `(local.get $x${i})`;
const set = (i, e) => `(local.set $x${i} ${e})`;
const add = (a, b) => `(i32x4.add ${a} ${b})`;
const xor = (a, b) => `(v128.xor ${a} ${b})`;
const lanes = (perLane) => [0, 1, 2, 3].flatMap((l) => perLane.map((b) => b + 4 * l)).join(' ');
const rotl = (e, n) => {
  if (n === 16) return `(i8x16.shuffle ${lanes([2, 3, 0, 1])} ${e} ${e})`;
  if (n === 8) return `(i8x16.shuffle ${lanes([3, 0, 1, 2])} ${e} ${e})`;
  return `(v128.or (i32x4.shl ${e} (i32.const ${n})) (i32x4.shr_u ${e} (i32.const ${32 - n})))`;
};

/** The quarter round on words a, b, c, d (RFC 8439 §2.1), in place. */
function quarterRound(a, b, c, d) {
  return [
    set(a, add(x(a), x(b))),
    set(d, rotl(xor(x(d), x(a)), 16)),
    set(c, add(x(c), x(d))),
    set(b, rotl(xor(x(b), x(c)), 12)),
    set(a, add(x(a), x(b))),
    set(d, rotl(xor(x(d), x(a)), 8)),
    set(c, add(x(c), x(d))),
    set(b, rotl(xor(x(b), x(c)), 7)),
  ].join('\n        ');
}

const COLUMNS = [[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15]];
const DIAGONALS = [[0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14]];

/** The initial state word i, 4 lanes: constants, key words, the lanes' counters, zero nonce. */
function initial(i) {
  if (i < 4) return `(i32x4.splat (i32.const ${SIGMA[i] | 0}))`;
  if (i < 12) return `(v128.load32_splat offset=${4 * (i - 4)} (local.get $key))`;
  if (i === 12) return `(i32x4.add (i32x4.splat (local.get $ctr)) (v128.const i32x4 0 1 2 3))`;
  return '(v128.const i32x4 0 0 0 0)';
}

const WORDS = Array.from({ length: 16 }, (_, i) => i);

const block4 = `
  ;; Blocks $ctr .. $ctr+3 of the key at $key, written at $out (256 bytes, block by block).
  (func $block4 (param $key i32) (param $out i32) (param $ctr i32) ${WORDS.map((i) => `(local $x${i} v128)`).join(' ')} (local $round i32)
    ${WORDS.map((i) => set(i, initial(i))).join('\n    ')}
    (local.set $round (i32.const 10))
    (loop $double
      ${[...COLUMNS, ...DIAGONALS].map(([a, b, c, d]) => quarterRound(a, b, c, d)).join('\n      ')}
      (local.set $round (i32.sub (local.get $round) (i32.const 1)))
      (br_if $double (local.get $round)))
    ${WORDS.map((i) => set(i, add(x(i), initial(i)))).join('\n    ')}
    ;; lane j's word i, little-endian, at $out + 64j + 4i
    ${WORDS.map((i) => [0, 1, 2, 3].map((j) => `(v128.store32_lane offset=${64 * j + 4 * i} ${j} (local.get $out) ${x(i)})`).join(' ')).join('\n    ')})

  (func (export "keystream") (param $key i32) (param $out i32) (param $blocks i32) (local $ctr i32)
    (block $done (loop $groups
      (br_if $done (i32.ge_u (local.get $ctr) (local.get $blocks)))
      (call $block4 (local.get $key) (local.get $out) (local.get $ctr))
      (local.set $out (i32.add (local.get $out) (i32.const 256)))
      (local.set $ctr (i32.add (local.get $ctr) (i32.const 4)))
      (br $groups))))
`;

const hexDigit = (n) => `(i32.add (local.get ${n}) (select (i32.const 87) (i32.const 48) (i32.gt_u (local.get ${n}) (i32.const 9))))`;

const hex = `
  (func (export "hexReversed") (param $in i32) (param $len i32) (param $out i32) (local $b i32) (local $hi i32) (local $lo i32)
    (block $done (loop $bytes
      (br_if $done (i32.eqz (local.get $len)))
      (local.set $len (i32.sub (local.get $len) (i32.const 1)))
      (local.set $b (i32.load8_u (i32.add (local.get $in) (local.get $len))))
      (local.set $hi (i32.shr_u (local.get $b) (i32.const 4)))
      (local.set $lo (i32.and (local.get $b) (i32.const 15)))
      (i32.store8 (local.get $out) ${hexDigit('$hi')})
      (i32.store8 offset=1 (local.get $out) ${hexDigit('$lo')})
      (local.set $out (i32.add (local.get $out) (i32.const 2)))
      (br $bytes))))
`;

/** The module's text. */
export function generateWat() {
  return `;; Generated by kernel/crypto/chacha20-wasm/generate-wat.mjs: do not edit. ChaCha20 (RFC 8439),
;; 4 blocks at a time in the 32-bit lanes of v128 (WebAssembly SIMD).
(module
  (memory (export "memory") 1)
  (global (export "ioBase") i32 (i32.const ${IO_BASE}))
  ${block4}
  ${hex}
)
`;
}
