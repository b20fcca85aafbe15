// Generates sha256.wat: SHA-256 (FIPS 180-4) in WebAssembly, the source of sha256-wasm-module.ts.
// Run by build.mjs (`node kernel/crypto/sha256-wasm/build.mjs`), which assembles the text with wabt.
//
// Exports (all addresses are byte offsets into the exported memory; IO_BASE and up is the caller's):
//   sha256(ptr, len, out)      SHA-256 of len bytes at ptr, 32 bytes written at out
//   sha256d(ptr, len, out)     SHA-256 of SHA-256 (Core's CHash256)
//   sha256d64x4(in, out, n)    n (a multiple of 4) 64-byte messages at in, in + 64, ... hashed with
//                              SHA256d, 32 bytes each written at out, out + 32, ...: Core's SHA256D64,
//                              4 messages at a time in the four 32-bit lanes of v128 (WebAssembly SIMD)
//   sha256Multi(table, count)  SHA-256 of `count` messages of any lengths, 4 at a time in SIMD lanes
//                              (multi-buffer hashing: a lane that finishes its message takes the next);
//                              table entry j (12 bytes at table + 12j): the message's address, its
//                              length in 64-byte blocks (already padded by the caller), the output address
//   sha256MultiFrom(table, count, iv)  sha256Multi continuing from the state at iv (8 words): messages
//                              after a common 64-byte prefix (BIP340 tagged hashes), padded for the whole length
//   sha256After64x4(iv, in, out, n)  n (a multiple of 4) 64-byte messages at in, in + 64, ..., each
//                              hashed as if a 64-byte prefix whose state is at iv (8 words) came first:
//                              one message block and the constant padding block of a 128-byte input
//                              (W + K precomputed, as for SHA256D64), 4 at a time in SIMD lanes
//   sha256Midstate(blk, out)   the state (8 words) after compressing the 64-byte block at blk from the IV
//   sha256of32x4(in, out, n)   SHA-256 of n (a multiple of 4) 32-byte messages at in, in + 32, ...,
//                              written at out, out + 32, ... (in place allowed): the second half of SHA256d
//
// The round function is unrolled 8 times (8 rounds per loop iteration, the working variables renamed
// instead of moved), the message schedule kept in memory. SHA256D64 uses Core's shortcuts
// (src/crypto/sha256.cpp, TransformD64): the second block of a 64-byte message is the constant
// padding, so its W[t] + K[t] is a precomputed table; the second hash's block is the first digest
// and constant padding.

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

// Memory layout (bytes).
const K_AT = 0; // K[64]
const KP_AT = 256; // W[t] + K[t] of the padding block of a 64-byte message
const IV_AT = 512; // IV[8]
const H_AT = 544; // scalar state H[8]
const PAD_AT = 640; // scalar final blocks (128 bytes)
const TMP_AT = 768; // 32-byte intermediate digest of sha256d
const W_AT = 1024; // scalar schedule W[64]
const W4_AT = 2048; // SIMD schedule W[64] x 4 lanes (1024 bytes)
const S4_AT = 3072; // SIMD state: 8 x v128
const ZERO_AT = 3200; // a zero block an idle lane of sha256Multi reads (64 bytes)
const KP128_AT = 3328; // W[t] + K[t] of the padding block of a 128-byte input (256 bytes)
export const IO_BASE = 4096;

const rotr32 = (x, n) => ((x >>> n) | (x << (32 - n))) >>> 0;
const s0 = (x) => (rotr32(x, 7) ^ rotr32(x, 18) ^ (x >>> 3)) >>> 0;
const s1 = (x) => (rotr32(x, 17) ^ rotr32(x, 19) ^ (x >>> 10)) >>> 0;

/** W[t] + K[t] for the padding block of a message of `bits` bits that fills whole blocks: 0x80000000, zeros, the bit length. */
function paddingScheduleWithK(bits = 512) {
  const w = new Array(64).fill(0);
  w[0] = 0x80000000;
  w[15] = bits;
  for (let t = 16; t < 64; t++) w[t] = (s1(w[t - 2]) + w[t - 7] + s0(w[t - 15]) + w[t - 16]) >>> 0;
  return w.map((v, t) => (v + K[t]) >>> 0);
}

const hexWord = (v) => {
  // little-endian bytes of a 32-bit word, as a data string
  let s = '';
  for (let i = 0; i < 4; i++) s += `\\${((v >>> (8 * i)) & 0xff).toString(16).padStart(2, '0')}`;
  return s;
};

// ---------- scalar ----------
const g = (n) => `(local.get $${n})`;
const c32 = (v) => `(i32.const ${v | 0})`;
const rotr = (x, n) => `(i32.rotr ${x} ${c32(n)})`;
const add = (...xs) => xs.reduce((a, b) => `(i32.add ${a} ${b})`);
const xor = (...xs) => xs.reduce((a, b) => `(i32.xor ${a} ${b})`);
const bswap = (x) => `(i32.or (i32.rotr (i32.and ${x} ${c32(0x00ff00ff)}) ${c32(8)}) (i32.rotl (i32.and ${x} ${c32(0xff00ff00)}) ${c32(8)}))`;

/** Eight scalar rounds; `kw(r)` is the expression K[t+r] + W[t+r]. */
function scalarRounds(kw) {
  let n = ['a', 'b', 'c', 'd', 'e', 'f', 'gg', 'h'];
  const out = [];
  for (let r = 0; r < 8; r++) {
    const [a, b, c, d, e, f, gg, h] = n.map(g);
    const S1 = xor(rotr(e, 6), rotr(e, 11), rotr(e, 25));
    const ch = `(i32.xor ${gg} (i32.and ${e} (i32.xor ${f} ${gg})))`;
    const S0 = xor(rotr(a, 2), rotr(a, 13), rotr(a, 22));
    const maj = `(i32.or (i32.and ${a} ${b}) (i32.and ${c} (i32.or ${a} ${b})))`;
    out.push(`(local.set $t1 ${add(h, S1, ch, kw(r))})`);
    out.push(`(local.set $${n[3]} (i32.add ${d} (local.get $t1)))`);
    out.push(`(local.set $${n[7]} ${add('(local.get $t1)', S0, maj)})`);
    n = [n[7], n[0], n[1], n[2], n[3], n[4], n[5], n[6]];
  }
  return out.join('\n      ');
}

const VARS = ['a', 'b', 'c', 'd', 'e', 'f', 'gg', 'h'];
const scalarLocals = `(local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $f i32) (local $gg i32) (local $h i32) (local $t1 i32) (local $t i32) (local $x i32)`;

const compress = `
  ;; One block at $blk into the state at H.
  (func $compress (param $blk i32) ${scalarLocals}
    ${Array.from({ length: 16 }, (_, i) => `(local.set $x (i32.load offset=${4 * i} (local.get $blk))) (i32.store offset=${W_AT + 4 * i} (i32.const 0) ${bswap('(local.get $x)')})`).join('\n    ')}
    (local.set $t (i32.const ${W_AT}))
    (loop $sched
      (i32.store offset=64 (local.get $t) ${add(
        xor(rotr('(i32.load offset=56 (local.get $t))', 17), rotr('(i32.load offset=56 (local.get $t))', 19), '(i32.shr_u (i32.load offset=56 (local.get $t)) (i32.const 10))'),
        '(i32.load offset=36 (local.get $t))',
        xor(rotr('(i32.load offset=4 (local.get $t))', 7), rotr('(i32.load offset=4 (local.get $t))', 18), '(i32.shr_u (i32.load offset=4 (local.get $t)) (i32.const 3))'),
        '(i32.load (local.get $t))',
      )})
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $sched (i32.lt_u (local.get $t) (i32.const ${W_AT + 4 * 48}))))
    ${VARS.map((v, i) => `(local.set $${v} (i32.load offset=${H_AT + 4 * i} (i32.const 0)))`).join(' ')}
    (local.set $t (i32.const 0))
    (loop $rounds
      ${scalarRounds((r) => `(i32.add (i32.load offset=${K_AT + 4 * r} (local.get $t)) (i32.load offset=${W_AT + 4 * r} (local.get $t)))`)}
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (br_if $rounds (i32.lt_u (local.get $t) (i32.const 256))))
    ${VARS.map((v, i) => `(i32.store offset=${H_AT + 4 * i} (i32.const 0) (i32.add (i32.load offset=${H_AT + 4 * i} (i32.const 0)) (local.get $${v})))`).join('\n    ')})

  ;; SHA-256 of $len bytes at $ptr, written at $out.
  (func $sha256 (export "sha256") (param $ptr i32) (param $len i32) (param $out i32) (local $end i32) (local $rem i32) (local $x i32) (local $i i32)
    (memory.copy (i32.const ${H_AT}) (i32.const ${IV_AT}) (i32.const 32))
    (local.set $end (i32.add (local.get $ptr) (i32.and (local.get $len) (i32.const -64))))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (call $compress (local.get $ptr))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
      (br $blocks)))
    (local.set $rem (i32.and (local.get $len) (i32.const 63)))
    (memory.fill (i32.const ${PAD_AT}) (i32.const 0) (i32.const 128))
    (memory.copy (i32.const ${PAD_AT}) (local.get $ptr) (local.get $rem))
    (i32.store8 offset=${PAD_AT} (local.get $rem) (i32.const 0x80))
    ;; the bit length, big-endian, in the last 8 bytes of the last block (one block, or two when rem >= 56)
    (local.set $end (select (i32.const ${PAD_AT + 64}) (i32.const ${PAD_AT + 128}) (i32.lt_u (local.get $rem) (i32.const 56))))
    (local.set $x (i32.shr_u (local.get $len) (i32.const 29)))
    (i32.store offset=0 (i32.sub (local.get $end) (i32.const 8)) ${bswap('(local.get $x)')})
    (local.set $x (i32.shl (local.get $len) (i32.const 3)))
    (i32.store offset=0 (i32.sub (local.get $end) (i32.const 4)) ${bswap('(local.get $x)')})
    (call $compress (i32.const ${PAD_AT}))
    (if (i32.ge_u (local.get $rem) (i32.const 56)) (then (call $compress (i32.const ${PAD_AT + 64}))))
    ${Array.from({ length: 8 }, (_, i) => `(local.set $x (i32.load offset=${H_AT + 4 * i} (i32.const 0))) (i32.store offset=${4 * i} (local.get $out) ${bswap('(local.get $x)')})`).join('\n    ')})

  ;; SHA-256 applied twice.
  (func $sha256d (export "sha256d") (param $ptr i32) (param $len i32) (param $out i32)
    (call $sha256 (local.get $ptr) (local.get $len) (i32.const ${TMP_AT}))
    (call $sha256 (i32.const ${TMP_AT}) (i32.const 32) (local.get $out)))
`;

// ---------- SIMD (4 lanes) ----------
const v = (n) => `(local.get $${n})`;
const rotr4 = (x, n) => `(v128.or (i32x4.shr_u ${x} ${c32(n)}) (i32x4.shl ${x} ${c32(32 - n)}))`;
const add4 = (...xs) => xs.reduce((a, b) => `(i32x4.add ${a} ${b})`);
const xor4 = (...xs) => xs.reduce((a, b) => `(v128.xor ${a} ${b})`);
const BSWAP_LANES = '3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';
const splat = (x) => `(i32x4.splat ${x})`;

function simdRounds(kw) {
  let n = ['a', 'b', 'c', 'd', 'e', 'f', 'gg', 'h'];
  const out = [];
  for (let r = 0; r < 8; r++) {
    const [a, b, c, d, e, f, gg, h] = n.map(v);
    const S1 = xor4(rotr4(e, 6), rotr4(e, 11), rotr4(e, 25));
    const ch = `(v128.bitselect ${f} ${gg} ${e})`;
    const S0 = xor4(rotr4(a, 2), rotr4(a, 13), rotr4(a, 22));
    const maj = `(v128.bitselect ${c} ${a} (v128.xor ${a} ${b}))`;
    out.push(`(local.set $t1 ${add4(h, S1, ch, kw(r))})`);
    out.push(`(local.set $${n[3]} (i32x4.add ${d} (local.get $t1)))`);
    out.push(`(local.set $${n[7]} ${add4('(local.get $t1)', S0, maj)})`);
    n = [n[7], n[0], n[1], n[2], n[3], n[4], n[5], n[6]];
  }
  return out.join('\n      ');
}

const simdLocals = `(local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $e v128) (local $f v128) (local $gg v128) (local $h v128) (local $t1 v128) (local $t i32)`;
const sched4 = `
    (local.set $t (i32.const ${W4_AT}))
    (loop $sched
      (v128.store offset=256 (local.get $t) ${add4(
        xor4(rotr4('(v128.load offset=224 (local.get $t))', 17), rotr4('(v128.load offset=224 (local.get $t))', 19), '(i32x4.shr_u (v128.load offset=224 (local.get $t)) (i32.const 10))'),
        '(v128.load offset=144 (local.get $t))',
        xor4(rotr4('(v128.load offset=16 (local.get $t))', 7), rotr4('(v128.load offset=16 (local.get $t))', 18), '(i32x4.shr_u (v128.load offset=16 (local.get $t)) (i32.const 3))'),
        '(v128.load (local.get $t))',
      )})
      (local.set $t (i32.add (local.get $t) (i32.const 16)))
      (br_if $sched (i32.lt_u (local.get $t) (i32.const ${W4_AT + 16 * 48}))))`;
const loadState4 = VARS.map((n, i) => `(local.set $${n} (v128.load offset=${S4_AT + 16 * i} (i32.const 0)))`).join(' ');
const addState4 = VARS.map((n, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) (i32x4.add (v128.load offset=${S4_AT + 16 * i} (i32.const 0)) (local.get $${n})))`).join('\n    ');
const roundsLoop4 = (kw) => `
    (local.set $t (i32.const 0))
    (loop $rounds
      ${simdRounds(kw)}
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (br_if $rounds (i32.lt_u (local.get $t) (i32.const 256))))`;
// K[t+r] splatted + W[t+r]; $t is 4t (bytes into K), the W4 vector is at 16t = 4 * $t.
const kwMessage = (r) => `(i32x4.add ${splat(`(i32.load offset=${K_AT + 4 * r} (local.get $t))`)} (v128.load offset=${W4_AT + 16 * r} (i32.shl (local.get $t) (i32.const 2))))`;
const kwPadding = (r) => splat(`(i32.load offset=${KP_AT + 4 * r} (local.get $t))`);
const kwPadding128 = (r) => splat(`(i32.load offset=${KP128_AT + 4 * r} (local.get $t))`);

/** The 4 consecutive 64-byte messages at $in, big-endian words transposed into the lanes of the SIMD schedule. */
const loadMessages4 = Array.from(
  { length: 16 },
  (_, i) =>
    `(v128.store offset=${W4_AT + 16 * i} (i32.const 0) (i8x16.shuffle ${BSWAP_LANES} (v128.load32_lane offset=${192 + 4 * i} 3 (local.get $in) (v128.load32_lane offset=${128 + 4 * i} 2 (local.get $in) (v128.load32_lane offset=${64 + 4 * i} 1 (local.get $in) (v128.load32_splat offset=${4 * i} (local.get $in))))) (v128.const i32x4 0 0 0 0)))`,
).join('\n    ');
/** The SIMD state out: lane j's word i, big-endian, at $out + 32j + 4i. */
const storeDigests4 = Array.from({ length: 8 }, (_, i) => {
  const word = `(local.set $t1 (i8x16.shuffle ${BSWAP_LANES} (v128.load offset=${S4_AT + 16 * i} (i32.const 0)) (v128.const i32x4 0 0 0 0)))`;
  return [word, ...[0, 1, 2, 3].map((j) => `(v128.store32_lane offset=${32 * j + 4 * i} ${j} (local.get $out) (local.get $t1))`)].join(' ');
}).join('\n    ');

const simd = `
  ;; 4 messages of 64 bytes at $in (consecutive) -> their SHA256d at $out (consecutive, 32 bytes each).
  (func $d64x4 (param $in i32) (param $out i32) ${simdLocals}
    ;; first hash, block 1: the messages, transposed into lanes
    ${loadMessages4}
    ${sched4}
    ${VARS.map((n, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) ${splat(c32(IV[i]))})`).join(' ')}
    ${loadState4}
    ${roundsLoop4(kwMessage)}
    ${addState4}
    ;; first hash, block 2: the constant padding (W + K precomputed)
    ${loadState4}
    ${roundsLoop4(kwPadding)}
    ${addState4}
    ;; second hash: the 32-byte digest, then constant padding
    ${VARS.map((n, i) => `(v128.store offset=${W4_AT + 16 * i} (i32.const 0) (v128.load offset=${S4_AT + 16 * i} (i32.const 0)))`).join(' ')}
    ${[0x80000000, 0, 0, 0, 0, 0, 0, 256].map((w, i) => `(v128.store offset=${W4_AT + 16 * (8 + i)} (i32.const 0) ${splat(c32(w))})`).join(' ')}
    ${sched4}
    ${VARS.map((n, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) ${splat(c32(IV[i]))})`).join(' ')}
    ${loadState4}
    ${roundsLoop4(kwMessage)}
    ${addState4}
    ;; out: lane j's word i, big-endian, at $out + 32j + 4i
    ${storeDigests4})

  ;; 4 messages of 64 bytes at $in (consecutive), each after a 64-byte prefix whose state is at $iv
  ;; -> their SHA-256 at $out (consecutive, 32 bytes each): the UTXO tree's tagged node hashes.
  (func $after64x4 (param $iv i32) (param $in i32) (param $out i32) ${simdLocals}
    ${loadMessages4}
    ${sched4}
    ${VARS.map((n, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) ${splat(`(i32.load offset=${4 * i} (local.get $iv))`)})`).join(' ')}
    ${loadState4}
    ${roundsLoop4(kwMessage)}
    ${addState4}
    ;; the constant padding block of a 128-byte input (W + K precomputed)
    ${loadState4}
    ${roundsLoop4(kwPadding128)}
    ${addState4}
    ${storeDigests4})

  (func (export "sha256After64x4") (param $iv i32) (param $in i32) (param $out i32) (param $n i32)
    (block $done (loop $groups
      (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
      (call $after64x4 (local.get $iv) (local.get $in) (local.get $out))
      (local.set $in (i32.add (local.get $in) (i32.const 256)))
      (local.set $out (i32.add (local.get $out) (i32.const 128)))
      (local.set $n (i32.sub (local.get $n) (i32.const 4)))
      (br $groups))))

  (func (export "sha256d64x4") (param $in i32) (param $out i32) (param $n i32)
    (block $done (loop $groups
      (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
      (call $d64x4 (local.get $in) (local.get $out))
      (local.set $in (i32.add (local.get $in) (i32.const 256)))
      (local.set $out (i32.add (local.get $out) (i32.const 128)))
      (local.set $n (i32.sub (local.get $n) (i32.const 4)))
      (br $groups))))
`;


// ---------- multi-buffer SHA-256 (any lengths, 4 lanes) ----------
const LANES = [0, 1, 2, 3];
const laneLocals = LANES.map((l) => `(local $p${l} i32) (local $r${l} i32) (local $o${l} i32)`).join(' ');
/** Lane l takes the next job of the table, or idles on the zero block. */
const assign = (l) => `
      (if (i32.lt_u (local.get $next) (local.get $count))
        (then
          (local.set $x (i32.add (local.get $table) (i32.mul (local.get $next) (i32.const 12))))
          (local.set $p${l} (i32.load (local.get $x)))
          (local.set $r${l} (i32.load offset=4 (local.get $x)))
          (local.set $o${l} (i32.load offset=8 (local.get $x)))
          (local.set $next (i32.add (local.get $next) (i32.const 1))))
        (else (local.set $p${l} (i32.const ${ZERO_AT})) (local.set $r${l} (i32.const 0))))`;
const finishLane = (l, iv) => `
      (if (local.get $r${l}) (then
        (local.set $r${l} (i32.sub (local.get $r${l}) (i32.const 1)))
        (local.set $p${l} (i32.add (local.get $p${l}) (i32.const 64)))
        (if (i32.eqz (local.get $r${l})) (then
          ${Array.from({ length: 8 }, (_, i) => `(local.set $x (i32x4.extract_lane ${l} (v128.load offset=${S4_AT + 16 * i} (i32.const 0)))) (i32.store offset=${4 * i} (local.get $o${l}) ${bswap('(local.get $x)')})`).join('\n          ')}
          ${Array.from({ length: 8 }, (_, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) (i32x4.replace_lane ${l} (v128.load offset=${S4_AT + 16 * i} (i32.const 0)) ${iv(i)}))`).join('\n          ')}
          ${assign(l)}))))`;

/** The multi-buffer loop; every lane starts each message from the state `iv(i)` (word i). */
const multiBufferFunc = (head, iv) => `
  (func ${head} ${simdLocals} (local $next i32) (local $x i32) ${laneLocals}
    ${VARS.map((n, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) ${splat(iv(i))})`).join(' ')}
    ${LANES.map(assign).join('\n')}
    (block $done (loop $blocks
      (br_if $done (i32.eqz (i32.or (i32.or (local.get $r0) (local.get $r1)) (i32.or (local.get $r2) (local.get $r3)))))
      ${Array.from(
        { length: 16 },
        (_, i) =>
          `(v128.store offset=${W4_AT + 16 * i} (i32.const 0) (i8x16.shuffle ${BSWAP_LANES} (v128.load32_lane offset=${4 * i} 3 (local.get $p3) (v128.load32_lane offset=${4 * i} 2 (local.get $p2) (v128.load32_lane offset=${4 * i} 1 (local.get $p1) (v128.load32_splat offset=${4 * i} (local.get $p0))))) (v128.const i32x4 0 0 0 0)))`,
      ).join('\n      ')}
      ${sched4}
      ${loadState4}
      ${roundsLoop4(kwMessage)}
      ${addState4}
      ${LANES.map((l) => finishLane(l, iv)).join('\n')}
      (br $blocks))))`;

const multiBuffer = `
  ${multiBufferFunc('(export "sha256Multi") (param $table i32) (param $count i32)', (i) => c32(IV[i]))}

  ;; sha256Multi from a midstate: every message continues a hash whose first blocks left the state at $iv (8 words)
  ${multiBufferFunc('(export "sha256MultiFrom") (param $table i32) (param $count i32) (param $iv i32)', (i) => `(i32.load offset=${4 * i} (local.get $iv))`)}

  ;; The state after one 64-byte block at $blk (a prefix's midstate), as 8 words at $out.
  (func (export "sha256Midstate") (param $blk i32) (param $out i32)
    (memory.copy (i32.const ${H_AT}) (i32.const ${IV_AT}) (i32.const 32))
    (call $compress (local.get $blk))
    (memory.copy (local.get $out) (i32.const ${H_AT}) (i32.const 32)))

  (func (export "sha256of32x4") (param $in i32) (param $out i32) (param $n i32) ${simdLocals}
    (block $done (loop $groups
      (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
      ${Array.from(
        { length: 8 },
        (_, i) =>
          `(v128.store offset=${W4_AT + 16 * i} (i32.const 0) (i8x16.shuffle ${BSWAP_LANES} (v128.load32_lane offset=${96 + 4 * i} 3 (local.get $in) (v128.load32_lane offset=${64 + 4 * i} 2 (local.get $in) (v128.load32_lane offset=${32 + 4 * i} 1 (local.get $in) (v128.load32_splat offset=${4 * i} (local.get $in))))) (v128.const i32x4 0 0 0 0)))`,
      ).join('\n      ')}
      ${[0x80000000, 0, 0, 0, 0, 0, 0, 256].map((w, i) => `(v128.store offset=${W4_AT + 16 * (8 + i)} (i32.const 0) ${splat(c32(w))})`).join(' ')}
      ${sched4}
      ${VARS.map((n, i) => `(v128.store offset=${S4_AT + 16 * i} (i32.const 0) ${splat(c32(IV[i]))})`).join(' ')}
      ${loadState4}
      ${roundsLoop4(kwMessage)}
      ${addState4}
      ${Array.from({ length: 8 }, (_, i) => {
        const word = `(local.set $t1 (i8x16.shuffle ${BSWAP_LANES} (v128.load offset=${S4_AT + 16 * i} (i32.const 0)) (v128.const i32x4 0 0 0 0)))`;
        return [word, ...[0, 1, 2, 3].map((j) => `(v128.store32_lane offset=${32 * j + 4 * i} ${j} (local.get $out) (local.get $t1))`)].join(' ');
      }).join('\n      ')}
      (local.set $in (i32.add (local.get $in) (i32.const 128)))
      (local.set $out (i32.add (local.get $out) (i32.const 128)))
      (local.set $n (i32.sub (local.get $n) (i32.const 4)))
      (br $groups))))
`;

/** The module's text. */
export function generateWat() {
  const data = (at, words) => `(data (i32.const ${at}) "${words.map(hexWord).join('')}")`;
  return `;; Generated by kernel/crypto/sha256-wasm/generate-wat.mjs: do not edit. SHA-256 (FIPS 180-4),
;; scalar and 4-lane SIMD SHA256D64 (Core's src/crypto/sha256.cpp TransformD64).
(module
  (memory (export "memory") 1)
  ${data(K_AT, K)}
  ${data(KP_AT, paddingScheduleWithK())}
  ${data(KP128_AT, paddingScheduleWithK(1024))}
  ${data(IV_AT, IV)}
  (global (export "ioBase") i32 (i32.const ${IO_BASE}))
  ${compress}
  ${simd}
  ${multiBuffer}
)
`;
}
