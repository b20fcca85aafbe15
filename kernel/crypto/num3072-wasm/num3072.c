/*
 * Num3072 products for MuHash3072 in WebAssembly (kernel/crypto/num3072-wasm/num3072-wasm.ts,
 * kernel/commitments/muhash.ts, SPEC.md §8.1): an accumulator modulo p = 2^3072 - 1103717 kept in
 * the module, multiplied by 384-byte little-endian numbers one after another, as Core's
 * Num3072::Multiply does (src/crypto/muhash.cpp), then read out once as hex text.
 *
 * Numbers are 110 limbs of 28 bits (3080 bits). A product's column k, the sum of a_i * b_j over
 * i + j = k, is at most 110 * (2^28 - 1)^2 < 2^63, so columns add up in 64-bit lanes without
 * carries; SIMD multiplies two 32 x 32 -> 64-bit pairs per instruction, and four columns share
 * each load of the other factor's limbs. One level of Karatsuba over halves of 55 limbs (half sums
 * below 2^29: a column of their product stays below 55 * 2^58 < 2^64). 2^3072 = 1103717 (mod p) folds the high half twice; the accumulator stays
 * below 2^3073 (partly reduced, as Core's); the caller reduces once at the end.
 *
 * Callers write a factor's 384 bytes at ioBase, call num3072_set (the accumulator becomes the
 * factor) or num3072_multiply, and read "0x" and 770 hex digits at ioBase + HEX_AT after
 * num3072_hex. Tests: test/crypto/num3072-wasm.test.ts.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define LIMB_BITS 28
#define LIMB_MASK ((1u << LIMB_BITS) - 1u)
#define LIMBS 110
#define HALF 55
#define COLUMNS (2 * LIMBS + 4)
/* Core's Num3072: 2^3072 - p. */
#define MODULUS_OFFSET 1103717ull
/* Bit 3072 is bit 20 of limb 109. */
#define TOP_LIMB 109
#define TOP_BITS 20
#define FACTOR_BYTES 384
#define HEX_AT 400
#define HEX_DIGITS (LIMBS * LIMB_BITS / 4)

/* The callers' bytes: a factor (384 bytes, then 8 zero bytes the limb reader may touch), the hex text at HEX_AT. */
unsigned char ioBase[HEX_AT + 2 + HEX_DIGITS + 14] __attribute__((aligned(16)));

static uint32_t acc[LIMBS];
static uint32_t factor[LIMBS];
/* Halves (a0, a1, their sum) and the other factor's halves reversed (r0, r1, rs), zero-padded for 4-lane loads. */
static uint32_t a0[HALF + 8], a1[HALF + 8], as[HALF + 8];
/* The reversed halves, with 4 zero limbs before them too: four columns at once read up to 3 limbs before the last one's start. */
static uint32_t reversed[3][4 + HALF + 8];
#define r0 (reversed[0] + 4)
#define r1 (reversed[1] + 4)
#define rs (reversed[2] + 4)
static uint64_t z0[2 * HALF + 2], z1[2 * HALF + 2], z2[2 * HALF + 2];
static uint64_t cols[COLUMNS];

static uint64_t load64(const unsigned char *p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

/* 384 little-endian bytes at ioBase as 110 limbs. */
static void read_factor(uint32_t *out) {
  for (int k = FACTOR_BYTES; k < FACTOR_BYTES + 8; k++) ioBase[k] = 0;
  for (int k = 0; k < LIMBS; k++) {
    int bit = k * LIMB_BITS;
    out[k] = (uint32_t)(load64(ioBase + (bit >> 3)) >> (bit & 7)) & LIMB_MASK;
  }
}

/* Four columns k..k+3 at once over i in [lo(k), hi(k + 3)]: the extra terms read zero padding. */
static void half_columns(const uint32_t *a, const uint32_t *rb, uint64_t *out) {
  for (int k = 0; k < 2 * HALF - 1; k += 4) {
    int lo = k > HALF - 1 ? k - (HALF - 1) : 0, hi = k + 3 < HALF - 1 ? k + 3 : HALF - 1;
    const uint32_t *b = rb + (HALF - 1 - k);
    v128_t s[8];
    for (int q = 0; q < 8; q++) s[q] = wasm_i64x2_splat(0);
    for (int i = lo; i <= hi; i += 4) {
      v128_t x = wasm_v128_load(a + i);
      for (int q = 0; q < 4; q++) {
        v128_t y = wasm_v128_load(b - q + i);
        s[2 * q] = wasm_i64x2_add(s[2 * q], wasm_u64x2_extmul_low_u32x4(x, y));
        s[2 * q + 1] = wasm_i64x2_add(s[2 * q + 1], wasm_u64x2_extmul_high_u32x4(x, y));
      }
    }
    for (int q = 0; q < 4; q++) {
      v128_t t = wasm_i64x2_add(s[2 * q], s[2 * q + 1]);
      out[k + q] = wasm_u64x2_extract_lane(t, 0) + wasm_u64x2_extract_lane(t, 1);
    }
  }
}

/* Columns 0..n-1 to 28-bit limbs, the carry moving up (it stays below 2^36). */
static void carry(int n) {
  uint64_t c = 0;
  for (int k = 0; k < n; k++) {
    uint64_t v = cols[k] + c;
    cols[k] = v & LIMB_MASK;
    c = v >> LIMB_BITS;
  }
}

/* acc = acc * factor, below 2^3073 and congruent modulo p. */
static void multiply(void) {
  for (int j = 0; j < HALF; j++) {
    a0[j] = acc[j];
    a1[j] = acc[HALF + j];
    as[j] = acc[j] + acc[HALF + j];
    r0[j] = factor[HALF - 1 - j];
    r1[j] = factor[2 * HALF - 1 - j];
    rs[j] = factor[HALF - 1 - j] + factor[2 * HALF - 1 - j];
  }
  half_columns(a0, r0, z0);
  half_columns(a1, r1, z2);
  half_columns(as, rs, z1);
  for (int k = 0; k < COLUMNS; k++) cols[k] = 0;
  /* z1 - z0 - z2 is the cross terms' column, never negative. */
  for (int k = 0; k < 2 * HALF - 1; k++) {
    cols[k] += z0[k];
    cols[k + HALF] += z1[k] - z0[k] - z2[k];
    cols[k + 2 * HALF] += z2[k];
  }
  carry(COLUMNS); /* below 2^3073 * 2^3072: limbs 0..219 */
  /* Fold 1: limb 110 + m sits at bit 3072 + 28m + 8, so it adds limb * 1103717 << 8 at limb m. */
  uint64_t high = cols[TOP_LIMB] >> TOP_BITS;
  cols[TOP_LIMB] &= (1u << TOP_BITS) - 1u;
  cols[0] += high * MODULUS_OFFSET;
  for (int m = 0; m < LIMBS; m++) {
    cols[m] += (cols[LIMBS + m] * MODULUS_OFFSET) << 8;
    cols[LIMBS + m] = 0;
  }
  carry(LIMBS + 2); /* below 2^3072 + 1103717 * 2^3073 < 2^3095: limbs 0..110 */
  /* Fold 2: the bits from 3072 on, below 2^23. */
  high = (cols[TOP_LIMB] >> TOP_BITS) + (cols[LIMBS] << 8) + (cols[LIMBS + 1] << 36);
  cols[TOP_LIMB] &= (1u << TOP_BITS) - 1u;
  cols[LIMBS] = cols[LIMBS + 1] = 0;
  cols[0] += high * MODULUS_OFFSET;
  carry(LIMBS); /* below 2^3072 + 2^44 */
  for (int k = 0; k < LIMBS; k++) acc[k] = (uint32_t)cols[k];
}

/* The accumulator becomes the factor at ioBase. */
__attribute__((export_name("num3072_set"))) void num3072_set(void) {
  read_factor(acc);
}

/* The accumulator times the factor at ioBase. */
__attribute__((export_name("num3072_multiply"))) void num3072_multiply(void) {
  read_factor(factor);
  multiply();
}

/* "0x" and the accumulator's 770 hex digits, most significant first, at ioBase + HEX_AT (7 digits per limb). */
__attribute__((export_name("num3072_hex"))) void num3072_hex(void) {
  static const char digits[] = "0123456789abcdef";
  unsigned char *out = ioBase + HEX_AT;
  out[0] = '0';
  out[1] = 'x';
  for (int n = 0; n < HEX_DIGITS; n++) out[2 + HEX_DIGITS - 1 - n] = digits[(acc[n / 7] >> (4 * (n % 7))) & 15];
}
