/*
 * The WebAssembly side of kernel/crypto/libsecp256k1-wasm (SPEC.md §3.5, issue 14): libsecp256k1
 * (the copy inside the `secp256k1` npm package, pinned by package-lock.json) compiled as one unit
 * with these entry points. Callers write their arguments into `ioBase` and read the results there.
 * The context is preallocated in static memory and built on first use (the ECDSA verification
 * table of ECMULT_WINDOW_SIZE 15 and the signing table).
 *
 * BIP340 verification and BIP341's x-only tweak are written from libsecp256k1's own internal
 * operations as its schnorrsig and extrakeys modules (v0.2) do, which this older copy lacks; the
 * challenge hash is computed by the caller (kernel/crypto/hashes.ts).
 */
#define SECP256K1_BUILD
/* secp256k1.c's first includes, so that scalar_impl.h defines its own inverses before the macro below. */
#include "include/secp256k1.h"
#include "include/secp256k1_preallocated.h"
#include "src/util.h"
#include "src/num_impl.h"
#include "src/field_impl.h"
#include "src/scalar_impl.h"

/*
 * secp256k1_scalar_inverse_var for verification (ECDSA's s^-1): this copy's only choices are a
 * Fermat ladder over 8x32 scalars (about 40 us in WebAssembly, a third of a verification) and GMP.
 * Instead, the binary extended Euclidean algorithm on 4 x 64-bit limbs (variable time: its inputs
 * are public), and the result is checked as the GMP path checks it (x * r = 1); on a mismatch,
 * which the tests never see, the ladder's answer is taken.
 */
typedef struct { uint64_t d[4]; } u256;

static int u256_is_one(const u256 *a) { return a->d[0] == 1 && (a->d[1] | a->d[2] | a->d[3]) == 0; }
static int u256_is_zero(const u256 *a) { return (a->d[0] | a->d[1] | a->d[2] | a->d[3]) == 0; }
static int u256_geq(const u256 *a, const u256 *b) {
  for (int i = 3; i >= 0; i--) if (a->d[i] != b->d[i]) return a->d[i] > b->d[i];
  return 1;
}
/* a -= b (a >= b). */
static void u256_sub(u256 *a, const u256 *b) {
  uint64_t borrow = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t x = a->d[i], y = b->d[i];
    uint64_t t = x - y - borrow;
    borrow = (x < y) | ((x == y) & borrow);
    a->d[i] = t;
  }
}
/* a = (a + b) with the carry out returned. */
static uint64_t u256_add(u256 *a, const u256 *b) {
  uint64_t carry = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t t = a->d[i] + carry;
    uint64_t c1 = t < carry;
    uint64_t u = t + b->d[i];
    carry = c1 | (u < t);
    a->d[i] = u;
  }
  return carry;
}
/* a >>= 1, with `top` shifted into bit 255. */
static void u256_half(u256 *a, uint64_t top) {
  for (int i = 0; i < 3; i++) a->d[i] = (a->d[i] >> 1) | (a->d[i + 1] << 63);
  a->d[3] = (a->d[3] >> 1) | (top << 63);
}
/* x / 2 mod m (x < m, m odd). */
static void u256_half_mod(u256 *x, const u256 *m) {
  uint64_t carry = 0;
  if (x->d[0] & 1) carry = u256_add(x, m);
  u256_half(x, carry);
}
/* x - y mod m (x, y < m). */
static void u256_sub_mod(u256 *x, const u256 *y, const u256 *m) {
  if (!u256_geq(x, y)) u256_add(x, m); /* x + m - y < m, the carry cancels in the subtraction */
  u256_sub(x, y);
}
static void u256_from_scalar(u256 *r, const secp256k1_scalar *s) {
  unsigned char b[32];
  secp256k1_scalar_get_b32(b, s);
  for (int i = 0; i < 4; i++) {
    uint64_t w = 0;
    for (int j = 0; j < 8; j++) w = (w << 8) | b[(3 - i) * 8 + j];
    r->d[i] = w;
  }
}
static void u256_to_scalar(secp256k1_scalar *r, const u256 *a) {
  unsigned char b[32];
  for (int i = 0; i < 4; i++) for (int j = 0; j < 8; j++) b[(3 - i) * 8 + j] = (unsigned char)(a->d[i] >> (56 - 8 * j));
  secp256k1_scalar_set_b32(r, b, NULL);
}

static void bllvm_scalar_inverse_var(secp256k1_scalar *r, const secp256k1_scalar *x) {
  static const u256 order = {{0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL}};
  u256 u, v = order, x1 = {{1, 0, 0, 0}}, x2 = {{0, 0, 0, 0}};
  secp256k1_scalar check;
  if (secp256k1_scalar_is_zero(x)) {
    secp256k1_scalar_clear(r);
    return;
  }
  u256_from_scalar(&u, x);
  /* Invariants: u = x1 * x and v = x2 * x (mod n), gcd(u, v) = gcd(x, n) = 1. */
  while (!u256_is_one(&u) && !u256_is_one(&v)) {
    if (u256_is_zero(&u) || u256_is_zero(&v)) break; /* gcd > 1: impossible for n prime, and the check below falls back */
    while ((u.d[0] & 1) == 0) { u256_half(&u, 0); u256_half_mod(&x1, &order); }
    while ((v.d[0] & 1) == 0) { u256_half(&v, 0); u256_half_mod(&x2, &order); }
    if (u256_geq(&u, &v)) { u256_sub(&u, &v); u256_sub_mod(&x1, &x2, &order); }
    else { u256_sub(&v, &u); u256_sub_mod(&x2, &x1, &order); }
  }
  u256_to_scalar(r, u256_is_one(&u) ? &x1 : &x2);
  secp256k1_scalar_mul(&check, x, r);
  if (!secp256k1_scalar_is_one(&check)) secp256k1_scalar_inverse(r, x);
}
#define secp256k1_scalar_inverse_var bllvm_scalar_inverse_var

#include "src/secp256k1.c"

/* USE_EXTERNAL_DEFAULT_CALLBACKS: an illegal argument or internal error traps (the JS side turns a trap into false). */
void secp256k1_default_illegal_callback_fn(const char *str, void *data) { (void)str; (void)data; __builtin_trap(); }
void secp256k1_default_error_callback_fn(const char *str, void *data) { (void)str; (void)data; __builtin_trap(); }

/* The argument and result area (the largest use: 32 + 64 + 65 bytes). */
unsigned char ioBase[256] __attribute__((aligned(16)));

/* secp256k1_context_preallocated_size(VERIFY | SIGN) is 1,114,432 bytes with these settings. */
static unsigned char context_memory[1 << 21] __attribute__((aligned(16)));
static secp256k1_context *ctx;

static const secp256k1_context *context(void) {
  if (ctx == NULL) {
    unsigned int flags = SECP256K1_CONTEXT_VERIFY | SECP256K1_CONTEXT_SIGN;
    if (secp256k1_context_preallocated_size(flags) > sizeof context_memory) __builtin_trap();
    ctx = secp256k1_context_preallocated_create(context_memory, flags);
  }
  return ctx;
}

/* ioBase: msg32 | compact signature r‖s 64 | public key (33 or 65 bytes). secp256k1_ecdsa_verify: a high S fails. */
__attribute__((export_name("ecdsa_verify"))) int ecdsa_verify(int pubkey_length) {
  const secp256k1_context *c = context();
  secp256k1_ecdsa_signature sig;
  secp256k1_pubkey pubkey;
  if (!secp256k1_ecdsa_signature_parse_compact(c, &sig, ioBase + 32)) return 0;
  if (!secp256k1_ec_pubkey_parse(c, &pubkey, ioBase + 96, (size_t)pubkey_length)) return 0;
  return secp256k1_ecdsa_verify(c, &sig, ioBase, &pubkey);
}

/*
 * ioBase: challenge hash e32 (SHA256 tagged BIP0340/challenge of r ‖ x ‖ message, not yet reduced)
 * | signature r‖s 64 | x-only key 32. BIP340 Verify: r < p, s < n, P = lift_x(x), R = s·G − e·P
 * not infinity, with an even y and x(R) = r.
 */
__attribute__((export_name("schnorr_verify"))) int schnorr_verify(void) {
  const secp256k1_context *c = context();
  secp256k1_fe rx, px;
  secp256k1_scalar s, e;
  secp256k1_ge pk, r;
  secp256k1_gej pkj, rj;
  int overflow;
  if (!secp256k1_fe_set_b32(&rx, ioBase + 32)) return 0;
  secp256k1_scalar_set_b32(&s, ioBase + 64, &overflow);
  if (overflow) return 0;
  if (!secp256k1_fe_set_b32(&px, ioBase + 96)) return 0;
  if (!secp256k1_ge_set_xo_var(&pk, &px, 0)) return 0;
  secp256k1_scalar_set_b32(&e, ioBase, NULL);
  secp256k1_scalar_negate(&e, &e);
  secp256k1_gej_set_ge(&pkj, &pk);
  secp256k1_ecmult(&c->ecmult_ctx, &rj, &pkj, &e, &s);
  secp256k1_ge_set_gej_var(&r, &rj);
  if (secp256k1_ge_is_infinity(&r)) return 0;
  secp256k1_fe_normalize_var(&r.x);
  secp256k1_fe_normalize_var(&r.y);
  return !secp256k1_fe_is_odd(&r.y) && secp256k1_fe_equal_var(&rx, &r.x);
}

/*
 * ioBase: x-only key 32 | tweak 32; on success ioBase + 64 holds the parity of Q's y and ioBase + 65
 * Q's x, Q = lift_x(x) + tweak·G (secp256k1_xonly_pubkey_tweak_add). Fails for x not on the curve,
 * a tweak ≥ n, or Q at infinity.
 */
__attribute__((export_name("xonly_tweak_add"))) int xonly_tweak_add(void) {
  const secp256k1_context *c = context();
  secp256k1_fe x;
  secp256k1_ge q;
  secp256k1_gej qj;
  secp256k1_scalar tweak, one;
  int overflow;
  if (!secp256k1_fe_set_b32(&x, ioBase)) return 0;
  if (!secp256k1_ge_set_xo_var(&q, &x, 0)) return 0;
  secp256k1_scalar_set_b32(&tweak, ioBase + 32, &overflow);
  if (overflow) return 0;
  secp256k1_scalar_set_int(&one, 1);
  secp256k1_gej_set_ge(&qj, &q);
  secp256k1_ecmult(&c->ecmult_ctx, &qj, &qj, &one, &tweak);
  if (secp256k1_gej_is_infinity(&qj)) return 0;
  secp256k1_ge_set_gej(&q, &qj);
  secp256k1_fe_normalize_var(&q.x);
  secp256k1_fe_normalize_var(&q.y);
  ioBase[64] = (unsigned char)secp256k1_fe_is_odd(&q.y);
  secp256k1_fe_get_b32(ioBase + 65, &q.x);
  return 1;
}

/* ioBase: secret key 32; the public key (33 bytes compressed, else 65) at ioBase + 32. */
__attribute__((export_name("pubkey_create"))) int pubkey_create(int compressed) {
  const secp256k1_context *c = context();
  secp256k1_pubkey pubkey;
  size_t length = compressed ? 33 : 65;
  if (!secp256k1_ec_pubkey_create(c, &pubkey, ioBase)) return 0;
  return secp256k1_ec_pubkey_serialize(c, ioBase + 32, &length, &pubkey, compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
}

/* ioBase: msg32 | secret key 32; RFC6979 (no extra data), low-S, compact r‖s at ioBase + 64. */
__attribute__((export_name("ecdsa_sign"))) int ecdsa_sign(void) {
  const secp256k1_context *c = context();
  secp256k1_ecdsa_signature sig;
  if (!secp256k1_ecdsa_sign(c, &sig, ioBase, ioBase + 32, NULL, NULL)) return 0;
  return secp256k1_ecdsa_signature_serialize_compact(c, ioBase + 64, &sig);
}
