// The authenticated UTXO tree in WebAssembly memory (docs/SPEC.md §8.2): the in-memory store and
// the batch update of kernel/commitments/tree-update.ts as one engine, for sets that fit in 4 GiB.
// The TypeScript kernel stays the reference: wasm-tree-store.ts drives this module, and
// test/commitments/wasm-tree.test.ts checks roots, replaced values and every node's stored form
// against applyTreeUpdates over MemoryTreeStore on random batches.
//
// What differs is representation only. The kernel writes each new node at a versioned key and
// lists the nodes it made stale, because a store on disk is copy-on-write. In memory a position
// holds one live node, so here nodes are structs linked by pointers and a batch rewrites its paths
// in place: no key is computed, no table probed, nothing copied but the nodes the batch changes.
// Each node keeps the version the kernel would have written it at (a node the batch touches gets
// the batch's version, exactly where the kernel writes one), so `tree_lookup` answers a node key as
// MemoryTreeStore's `lookup` does, and proofs and chunks (tree-proof.ts, chunk.ts) read it alike.
//
// Shape rule (tree-node.ts): an empty subtree is nothing, a subtree of one leaf is that leaf
// wherever it sits, anything else an internal node over its two halves. A leaf's hash does not
// depend on where it sits, so a leaf that moves up keeps its hash and only takes the new version.
//
// Hashes: BIP340 tagged SHA-256, `bllvm/utxo-tree/leaf` over key ‖ value and
// `bllvm/utxo-tree/node` over left ‖ right (32 zero bytes for an empty half), from the tags'
// midstates; new internal nodes are hashed a depth at a time, four at once in SIMD lanes.
//
// Built by build.mjs (clang-14 for wasm32 against wasi-libc: malloc, memcpy, memcmp; the module
// imports nothing).
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wasm_simd128.h>

// ---------------------------------------------------------------- SHA-256 (FIPS 180-4)

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static inline uint32_t load_be32(const uint8_t *p) { return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]; }
static inline void store_be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

/** One compression of the 64-byte block `block` into `s`. */
static void compress(uint32_t s[8], const uint8_t block[64]) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = load_be32(block + 4 * i);
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
}

/** SHA-256 of `prefixBlocks` 64-byte blocks already compressed into `mid`, then `n` bytes of `m`. */
static void sha256_after(const uint32_t mid[8], uint32_t prefixBlocks, const uint8_t *m, uint32_t n, uint8_t out[32]) {
  uint32_t s[8];
  memcpy(s, mid, sizeof s);
  uint32_t i = 0;
  for (; i + 64 <= n; i += 64) compress(s, m + i);
  uint8_t last[128];
  uint32_t rest = n - i;
  memcpy(last, m + i, rest);
  memset(last + rest, 0, sizeof last - rest);
  last[rest] = 0x80;
  uint32_t blocks = rest + 9 <= 64 ? 1 : 2;
  uint64_t bits = ((uint64_t)prefixBlocks * 64 + n) * 8;
  for (int k = 0; k < 8; k++) last[64 * blocks - 1 - k] = (uint8_t)(bits >> (8 * k));
  compress(s, last);
  if (blocks == 2) compress(s, last + 64);
  for (int k = 0; k < 8; k++) store_be32(out + 4 * k, s[k]);
}

/** The state after SHA256(tag) ‖ SHA256(tag), one block: a BIP340 tagged hash continues from it. */
static void tag_midstate(const char *tag, uint32_t mid[8]) {
  uint8_t tagHash[32], block[64];
  sha256_after(IV, 0, (const uint8_t *)tag, strlen(tag), tagHash);
  memcpy(block, tagHash, 32);
  memcpy(block + 32, tagHash, 32);
  memcpy(mid, IV, 32);
  compress(mid, block);
}

static uint32_t LEAF_MID[8], NODE_MID[8];

// Four internal-node hashes at once: the same compressions in the four lanes of 128-bit vectors
// (the messages are 64 bytes after the one-block tag prefix, so two blocks each: the halves, then
// padding whose message schedule is the same for every node).

static inline v128_t vrotr(v128_t x, int n) { return wasm_v128_or(wasm_u32x4_shr(x, n), wasm_i32x4_shl(x, 32 - n)); }

static void compress4(v128_t s[8], const v128_t w16[16]) {
  v128_t w[64];
  for (int i = 0; i < 16; i++) w[i] = w16[i];
  for (int i = 16; i < 64; i++) {
    v128_t s0 = wasm_v128_xor(wasm_v128_xor(vrotr(w[i - 15], 7), vrotr(w[i - 15], 18)), wasm_u32x4_shr(w[i - 15], 3));
    v128_t s1 = wasm_v128_xor(wasm_v128_xor(vrotr(w[i - 2], 17), vrotr(w[i - 2], 19)), wasm_u32x4_shr(w[i - 2], 10));
    w[i] = wasm_i32x4_add(wasm_i32x4_add(w[i - 16], s0), wasm_i32x4_add(w[i - 7], s1));
  }
  v128_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int i = 0; i < 64; i++) {
    v128_t S1 = wasm_v128_xor(wasm_v128_xor(vrotr(e, 6), vrotr(e, 11)), vrotr(e, 25));
    v128_t ch = wasm_v128_xor(wasm_v128_and(e, f), wasm_v128_andnot(g, e));
    v128_t t1 = wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_add(h, S1), wasm_i32x4_add(ch, wasm_i32x4_splat(K[i]))), w[i]);
    v128_t S0 = wasm_v128_xor(wasm_v128_xor(vrotr(a, 2), vrotr(a, 13)), vrotr(a, 22));
    v128_t maj = wasm_v128_xor(wasm_v128_xor(wasm_v128_and(a, b), wasm_v128_and(a, c)), wasm_v128_and(b, c));
    v128_t t2 = wasm_i32x4_add(S0, maj);
    h = g; g = f; f = e; e = wasm_i32x4_add(d, t1); d = c; c = b; b = a; a = wasm_i32x4_add(t1, t2);
  }
  s[0] = wasm_i32x4_add(s[0], a); s[1] = wasm_i32x4_add(s[1], b); s[2] = wasm_i32x4_add(s[2], c); s[3] = wasm_i32x4_add(s[3], d);
  s[4] = wasm_i32x4_add(s[4], e); s[5] = wasm_i32x4_add(s[5], f); s[6] = wasm_i32x4_add(s[6], g); s[7] = wasm_i32x4_add(s[7], h);
}

/** The padding block of a 128-byte message (tag prefix and 64 bytes), as words splatted to four lanes. */
static v128_t PAD128[16];

/** Node hashes of four (left, right) pairs (NULL: 32 zero bytes) into out[i]. */
static void node_hash4(const uint8_t *left[4], const uint8_t *right[4], uint8_t *out[4]) {
  static const uint8_t ZERO[32];
  uint32_t words[16][4];
  for (int lane = 0; lane < 4; lane++) {
    const uint8_t *l = left[lane] ? left[lane] : ZERO, *r = right[lane] ? right[lane] : ZERO;
    for (int i = 0; i < 8; i++) {
      words[i][lane] = load_be32(l + 4 * i);
      words[8 + i][lane] = load_be32(r + 4 * i);
    }
  }
  v128_t w[16], s[8];
  for (int i = 0; i < 16; i++) w[i] = wasm_v128_load(words[i]);
  for (int i = 0; i < 8; i++) s[i] = wasm_i32x4_splat(NODE_MID[i]);
  compress4(s, w);
  compress4(s, PAD128);
  uint32_t st[8][4];
  for (int i = 0; i < 8; i++) wasm_v128_store(st[i], s[i]);
  for (int lane = 0; lane < 4; lane++)
    if (out[lane]) for (int i = 0; i < 8; i++) store_be32(out[lane] + 4 * i, st[i][lane]);
}

// ---------------------------------------------------------------- nodes

/** What every node holds: its hash, the version that wrote it, its leaf count and value bytes. */
typedef struct Node {
  uint8_t hash[32];
  double version;
  double count;
  double size;
  uint32_t leaf;
} Node;

typedef struct Internal {
  Node n;
  Node *child[2];
} Internal;

/** A leaf: its key and value back to back, so that the leaf's hash reads key ‖ value in place. */
typedef struct Leaf {
  Node n;
  uint32_t length;
  uint8_t key[32];
  uint8_t value[];
} Leaf;
_Static_assert(offsetof(Leaf, value) == offsetof(Leaf, key) + 32, "a leaf's value follows its key");

static size_t node_bytes(const Node *n) { return n->leaf ? sizeof(Leaf) + ((const Leaf *)n)->length : sizeof(Internal); }

static Node *root;
/** Live nodes (leaves and internal nodes), as MemoryTreeStore's `size`. */
static double liveNodes;
/** Set when malloc fails: the tree is then unusable (wasm-tree-store.ts refuses it from then on). */
static int outOfMemory;

// Node memory: chunks of CHUNK_BYTES from malloc, cut into blocks by size class (multiples of 8
// bytes); a freed block goes on its class's free list for the next node of that size. Nodes are
// made and freed by the million, in few sizes (an internal node, a leaf per value length): this
// keeps malloc (and the memory growth behind it) out of the batch's loop.
#define CHUNK_BYTES (16u << 20)
#define CLASS_BYTES 8u
#define MAX_CLASSED 12288u
static void *freeBlocks[MAX_CLASSED / CLASS_BYTES + 1];
static uint8_t *chunkTop, *chunkEnd;

static void *allocate(size_t n) {
  size_t size = (n + CLASS_BYTES - 1) & ~(size_t)(CLASS_BYTES - 1);
  if (size > MAX_CLASSED) {
    void *p = malloc(n);
    if (p == NULL) outOfMemory = 1;
    return p;
  }
  void **list = &freeBlocks[size / CLASS_BYTES];
  if (*list != NULL) {
    void *p = *list;
    *list = *(void **)p;
    return p;
  }
  if (chunkTop == NULL || (size_t)(chunkEnd - chunkTop) < size) {
    chunkTop = malloc(CHUNK_BYTES);
    if (chunkTop == NULL) {
      outOfMemory = 1;
      return NULL;
    }
    chunkEnd = chunkTop + CHUNK_BYTES;
  }
  void *p = chunkTop;
  chunkTop += size;
  return p;
}

/** Returns a block of `n` bytes (the size it was allocated with) to its class. */
static void deallocate(void *p, size_t n) {
  size_t size = (n + CLASS_BYTES - 1) & ~(size_t)(CLASS_BYTES - 1);
  if (size > MAX_CLASSED) {
    free(p);
    return;
  }
  *(void **)p = freeBlocks[size / CLASS_BYTES];
  freeBlocks[size / CLASS_BYTES] = p;
}

static void release(Node *n) {
  deallocate(n, node_bytes(n));
  liveNodes -= 1;
}

// ---------------------------------------------------------------- the batch

/** The batch as wasm-tree-store.ts writes it: per update a 32-byte key, u32le value length (0xffffffff: delete), the value, padded to 4 bytes. */
static uint8_t *batchBytes;
static uint32_t batchCapacity;
static const uint8_t **updateKey;
static uint32_t *updateLength;
static uint32_t updateCapacity;
static double batchVersion;
/** Scratch for the leaves of one merge (at most the updates of the subtree and one stored leaf). */
static Leaf **mergeScratch;

/** Replaced and deleted values: per entry the 32-byte key, u32le length, the value, padded to 4 bytes. */
static uint8_t *previousBytes;
static uint32_t previousLength, previousCapacity;

/** Internal nodes the batch wrote, to be hashed a depth at a time (deepest first), and their depths. */
static Internal **pending;
static uint16_t *pendingDepth;
static uint32_t pendingCount, pendingCapacity;
/** hash_pending's order of them (pendingCapacity entries once grown). */
static Internal **ordered;
static uint32_t orderedCapacity;

static inline int key_bit(const uint8_t *key, int i) { return (key[i >> 3] >> (7 - (i & 7))) & 1; }

/** The first update in [lo, hi) whose key has bit `depth` set (keys sorted, sharing their first `depth` bits). */
static int split_updates(int lo, int hi, int depth) {
  while (lo < hi) {
    int m = (lo + hi) >> 1;
    if (key_bit(updateKey[m], depth) == 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}

static int split_leaves(Leaf **leaves, int lo, int hi, int depth) {
  while (lo < hi) {
    int m = (lo + hi) >> 1;
    if (key_bit(leaves[m]->key, depth) == 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** A subtree on its way up: 0 empty, a node, or a leaf not yet at rest (LOOSE bit set). */
typedef uintptr_t Sub;
#define LOOSE ((uintptr_t)1)

static Leaf *new_leaf(const uint8_t *key, const uint8_t *value, uint32_t length) {
  Leaf *l = allocate(sizeof(Leaf) + length);
  if (l == NULL) return NULL;
  memcpy(l->key, key, 32);
  memcpy(l->value, value, length);
  l->length = length;
  l->n.leaf = 1;
  l->n.count = 1;
  l->n.size = length;
  l->n.version = batchVersion;
  sha256_after(LEAF_MID, 1, l->key, 32 + length, l->n.hash);
  liveNodes += 1;
  return l;
}

/** Records a value the batch replaces or deletes. */
static void record_previous(const Leaf *l) {
  uint32_t need = previousLength + 36 + ((l->length + 3) & ~3u);
  if (need > previousCapacity) {
    uint32_t capacity = need > 2 * previousCapacity ? need : 2 * previousCapacity;
    uint8_t *grown = realloc(previousBytes, capacity);
    if (grown == NULL) { outOfMemory = 1; return; }
    previousBytes = grown;
    previousCapacity = capacity;
  }
  uint8_t *at = previousBytes + previousLength;
  memcpy(at, l->key, 32);
  memcpy(at + 32, &l->length, 4);
  memcpy(at + 36, l->value, l->length);
  previousLength = need;
}

/** A subtree at rest: a loose leaf is written where it stops (the batch's version). */
static Node *place(Sub t) {
  if (t & LOOSE) {
    Leaf *l = (Leaf *)(t & ~LOOSE);
    l->n.version = batchVersion;
    return &l->n;
  }
  return (Node *)t;
}

static void queue_hash(Internal *in, int depth) {
  if (pendingCount == pendingCapacity) {
    uint32_t capacity = pendingCapacity < 1024 ? 1024 : 2 * pendingCapacity;
    Internal **p = realloc(pending, capacity * sizeof *p);
    uint16_t *d = realloc(pendingDepth, capacity * sizeof *d);
    if (p != NULL) pending = p;
    if (d != NULL) pendingDepth = d;
    if (p == NULL || d == NULL) { outOfMemory = 1; return; }
    pendingCapacity = capacity;
  }
  pending[pendingCount] = in;
  pendingDepth[pendingCount] = depth;
  pendingCount++;
}

/**
 * The node at `depth` over two updated halves, by the shape rule (tree-update.ts `join`): two
 * empty halves vanish, a single leaf beside an empty half moves up, anything else is an internal
 * node (`reuse`'s memory when given), hashed once its children are (hash_pending).
 */
static Sub join(int depth, Sub left, Sub right, Internal *reuse) {
  if (left == 0 || right == 0) {
    Sub lone = left == 0 ? right : left;
    if (lone == 0 || (lone & LOOSE) || ((Node *)lone)->leaf) {
      if (reuse != NULL) release(&reuse->n);
      return lone == 0 ? 0 : lone | LOOSE;
    }
  }
  Internal *in = reuse;
  if (in == NULL) {
    in = allocate(sizeof *in);
    if (in == NULL) return 0;
    liveNodes += 1;
  }
  Node *l = left == 0 ? NULL : place(left);
  Node *r = right == 0 ? NULL : place(right);
  in->child[0] = l;
  in->child[1] = r;
  in->n.leaf = 0;
  in->n.version = batchVersion;
  in->n.count = (l ? l->count : 0) + (r ? r->count : 0);
  in->n.size = (l ? l->size : 0) + (r ? r->size : 0);
  queue_hash(in, depth);
  return (Sub)in;
}

/** The subtree of exactly leaves[lo, hi) (sorted, sharing the node's path). */
static Sub build(int depth, Leaf **leaves, int lo, int hi) {
  if (hi == lo) return 0;
  if (hi - lo == 1) return (Sub)leaves[lo] | LOOSE;
  int mid = split_leaves(leaves, lo, hi, depth);
  Sub left = mid == lo ? 0 : build(depth + 1, leaves, lo, mid);
  Sub right = mid == hi ? 0 : build(depth + 1, leaves, mid, hi);
  return join(depth, left, right, NULL);
}

/** The leaves updates [lo, hi) leave in a subtree holding `existing` (or nothing), into mergeScratch; their number. */
static int merge_leaves(Leaf *existing, int lo, int hi) {
  int n = 0;
  int placed = existing == NULL;
  for (int i = lo; i < hi; i++) {
    const uint8_t *key = updateKey[i];
    if (!placed) {
      int order = memcmp(existing->key, key, 32);
      if (order < 0) mergeScratch[n++] = existing;
      if (order == 0) {
        record_previous(existing);
        release(&existing->n);
      }
      if (order <= 0) placed = 1;
    }
    if (updateLength[i] != 0xffffffffu) {
      Leaf *l = new_leaf(key, key + 36, updateLength[i]);
      if (l == NULL) return n;
      mergeScratch[n++] = l;
    }
  }
  if (!placed) mergeScratch[n++] = existing;
  return n;
}

/** The subtree after updates [lo, hi) (at least one) of the subtree `node` (NULL: empty) at `depth`. */
static Sub update(Node *node, int depth, int lo, int hi) {
  if (outOfMemory) return (Sub)node;
  if (node == NULL || node->leaf) {
    int n = merge_leaves((Leaf *)node, lo, hi);
    return build(depth, mergeScratch, 0, n);
  }
  Internal *in = (Internal *)node;
  int mid = split_updates(lo, hi, depth);
  Sub left = mid == lo ? (Sub)in->child[0] : update(in->child[0], depth + 1, lo, mid);
  Sub right = mid == hi ? (Sub)in->child[1] : update(in->child[1], depth + 1, mid, hi);
  return join(depth, left, right, in);
}

/** Hashes the internal nodes the batch wrote, children before parents: by depth, deepest first, four at a time. */
static void hash_pending(void) {
  // Counting sort by depth, deepest first.
  static uint32_t starts[258];
  memset(starts, 0, sizeof starts);
  for (uint32_t i = 0; i < pendingCount; i++) starts[256 - pendingDepth[i] + 1]++;
  for (int g = 1; g < 258; g++) starts[g] += starts[g - 1];
  if (pendingCount > orderedCapacity) {
    free(ordered);
    ordered = malloc(pendingCapacity * sizeof *ordered);
    orderedCapacity = ordered == NULL ? 0 : pendingCapacity;
    if (ordered == NULL) {
      outOfMemory = 1;
      return;
    }
  }
  uint32_t fill[257];
  memcpy(fill, starts, sizeof fill);
  for (uint32_t i = 0; i < pendingCount; i++) ordered[fill[256 - pendingDepth[i]]++] = pending[i];
  // A group of four never spans two depths, so a depth's hashes are all known before the next one up.
  for (int g = 0; g < 257; g++) {
    for (uint32_t i = starts[g]; i < starts[g + 1]; i += 4) {
      const uint8_t *left[4] = {0}, *right[4] = {0};
      uint8_t *out[4] = {0};
      uint32_t end = i + 4 < starts[g + 1] ? i + 4 : starts[g + 1];
      for (uint32_t k = i; k < end; k++) {
        Internal *in = ordered[k];
        left[k - i] = in->child[0] ? in->child[0]->hash : NULL;
        right[k - i] = in->child[1] ? in->child[1]->hash : NULL;
        out[k - i] = in->n.hash;
      }
      node_hash4(left, right, out);
    }
  }
}

// ---------------------------------------------------------------- exports

__attribute__((export_name("tree_init"))) void tree_init(void) {
  tag_midstate("bllvm/utxo-tree/leaf", LEAF_MID);
  tag_midstate("bllvm/utxo-tree/node", NODE_MID);
  uint8_t pad[64] = {0};
  pad[0] = 0x80;
  pad[62] = (128 * 8) >> 8;
  pad[63] = (uint8_t)(128 * 8);
  for (int i = 0; i < 16; i++) PAD128[i] = wasm_i32x4_splat(load_be32(pad + 4 * i));
}

/** Room for a batch of `bytes` bytes and `n` updates; returns where to write it (0: out of memory). */
__attribute__((export_name("tree_batch_buffer"))) uint8_t *tree_batch_buffer(uint32_t bytes, uint32_t n) {
  if (bytes > batchCapacity) {
    free(batchBytes);
    batchBytes = malloc(bytes);
    batchCapacity = batchBytes == NULL ? 0 : bytes;
  }
  if (n + 1 > updateCapacity) {
    free(updateKey);
    free(updateLength);
    free(mergeScratch);
    updateKey = malloc((n + 1) * sizeof *updateKey);
    updateLength = malloc((n + 1) * sizeof *updateLength);
    mergeScratch = malloc((n + 2) * sizeof *mergeScratch);
    updateCapacity = updateKey && updateLength && mergeScratch ? n + 1 : 0;
  }
  return batchCapacity >= bytes && updateCapacity >= n + 1 ? batchBytes : NULL;
}

/**
 * Applies the `n` updates in the batch buffer (keys sorted and unique: the caller checks) at
 * `version`. Returns 0, or 1 when memory ran out (the tree is then unusable).
 */
__attribute__((export_name("tree_apply"))) int tree_apply(uint32_t n, double version) {
  if (outOfMemory) return 1;
  const uint8_t *at = batchBytes;
  for (uint32_t i = 0; i < n; i++) {
    updateKey[i] = at;
    uint32_t length;
    memcpy(&length, at + 32, 4);
    updateLength[i] = length;
    at += 36 + (length == 0xffffffffu ? 0 : (length + 3) & ~3u);
  }
  previousLength = 0;
  pendingCount = 0;
  if (n == 0) return 0;
  batchVersion = version;
  Sub top = update(root, 0, 0, (int)n);
  if (outOfMemory) return 1;
  root = top == 0 ? NULL : place(top);
  hash_pending();
  return outOfMemory;
}

/** The values the last batch replaced or deleted (previousBytes) and their length in bytes. */
__attribute__((export_name("tree_previous"))) uint8_t *tree_previous(void) { return previousBytes; }
__attribute__((export_name("tree_previous_length"))) uint32_t tree_previous_length(void) { return previousLength; }

__attribute__((export_name("tree_live_nodes"))) double tree_live_nodes(void) { return liveNodes; }

static void put_u64le(uint8_t *out, double v) {
  uint64_t x = (uint64_t)v;
  for (int i = 0; i < 8; i++) out[i] = (uint8_t)(x >> (8 * i));
}

/** A child record (tree-codec.ts): hash, u64le version, u8 isLeaf, u64le count, u64le value bytes. */
static void put_child(uint8_t *out, const Node *c) {
  memcpy(out, c->hash, 32);
  put_u64le(out + 32, c->version);
  out[40] = c->leaf ? 1 : 0;
  put_u64le(out + 41, c->count);
  put_u64le(out + 49, c->size);
}

static uint8_t *lookupBytes;
static uint32_t lookupCapacity;

/** Room for `n` bytes in the lookup buffer: 1, or 0 when memory ran out. */
static int lookup_room(uint32_t n) {
  if (n <= lookupCapacity) return 1;
  free(lookupBytes);
  lookupBytes = malloc(n);
  lookupCapacity = lookupBytes == NULL ? 0 : n;
  return lookupBytes != NULL;
}

/** The root's child record into the lookup buffer; its length (57), 0 for the empty tree, -1 when memory ran out. */
__attribute__((export_name("tree_root"))) int32_t tree_root(void) {
  if (root == NULL) return 0;
  if (!lookup_room(57)) return -1;
  put_child(lookupBytes, root);
  return 57;
}

__attribute__((export_name("tree_lookup_bytes"))) uint8_t *tree_lookup_bytes(void) { return lookupBytes; }

/** A 32-byte scratch area for the path of a lookup. */
static uint8_t lookupPath[32];
__attribute__((export_name("tree_path_buffer"))) uint8_t *tree_path_buffer(void) { return lookupPath; }

/**
 * The stored form (tree-codec.ts) of the node at `depth` on the path in tree_path_buffer, when it
 * was written at `version`, into the lookup buffer: its length, 0 when no such node is live, -1
 * when memory ran out.
 */
__attribute__((export_name("tree_lookup"))) int32_t tree_lookup(double version, uint32_t depth) {
  Node *node = root;
  for (uint32_t d = 0; d < depth && node != NULL; d++) node = node->leaf ? NULL : ((Internal *)node)->child[key_bit(lookupPath, d)];
  if (node == NULL || node->version != version) return 0;
  uint32_t length;
  if (node->leaf) length = 33 + ((Leaf *)node)->length;
  else length = 2 + 57 * ((((Internal *)node)->child[0] != NULL) + (((Internal *)node)->child[1] != NULL));
  if (!lookup_room(length)) return -1;
  if (node->leaf) {
    Leaf *l = (Leaf *)node;
    lookupBytes[0] = 0;
    memcpy(lookupBytes + 1, l->key, 32);
    memcpy(lookupBytes + 33, l->value, l->length);
    return (int32_t)length;
  }
  Internal *in = (Internal *)node;
  lookupBytes[0] = 1;
  lookupBytes[1] = (in->child[0] != NULL ? 1 : 0) | (in->child[1] != NULL ? 2 : 0);
  uint8_t *at = lookupBytes + 2;
  for (int side = 0; side < 2; side++) {
    if (in->child[side] == NULL) continue;
    put_child(at, in->child[side]);
    at += 57;
  }
  return (int32_t)length;
}
