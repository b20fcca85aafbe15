/**
 * Taproot script trees (SPEC.md §3.8). TaggedHash("TapBranch", ·) is an uninterpreted function
 * assumed injective (collision resistance), listed as an axiom of each proof.
 */
import { byte, bytes, int, proof } from '../harness/dsl.js';
import { taggedHash } from '../kernel/crypto/hashes.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import {
  computeTapTweakHash,
  computeTapbranchHash,
  computeTapleafHash,
  computeTaprootMerkleRoot,
  isTaprootOutputKey,
  isValidTaprootControlSize,
  taprootCommitmentTweak,
  taprootLeafVersion,
} from '../kernel/script/taproot.js';

export const tapbranchSymmetric = proof('TapBranch does not depend on the order of its children', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement: 'For 32-byte nodes a, b: TapBranch(a, b) = TapBranch(b, a) (children are sorted lexicographically before hashing).',
  inputs: { a: bytes(32), b: bytes(32) },
  ensures: ({ a, b }) => equalBytes(computeTapbranchHash(a, b), computeTapbranchHash(b, a)),
});

export const tapbranchBinding = proof('equal TapBranch hashes mean the same pair of children', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement: 'Under collision resistance: TapBranch(a, b) = TapBranch(c, d) implies {a, b} = {c, d}, so a control block proves one script path.',
  inputs: { a: bytes(32), b: bytes(32), c: bytes(32), d: bytes(32) },
  requires: ({ a, b, c, d }) => equalBytes(computeTapbranchHash(a, b), computeTapbranchHash(c, d)),
  ensures: ({ a, b, c, d }) => (equalBytes(a, c) && equalBytes(b, d)) || (equalBytes(a, d) && equalBytes(b, c)),
  covers: { 'distinct children': ({ a, b }) => !equalBytes(a, b) },
});

/** BIP341's lexicographic order of two 32-byte nodes: the first differing byte decides. */
function lexicographicallyBefore(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

export const tapbranchOrder = proof('TapBranch hashes the lexicographically smaller child first', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement: 'For 32-byte nodes a, b: TapBranch(a, b) = TaggedHash("TapBranch", min ‖ max) where min is the one whose first differing byte is smaller (BIP341 taproot_tree_helper).',
  inputs: { a: bytes(32), b: bytes(32) },
  ensures: ({ a, b }) =>
    equalBytes(computeTapbranchHash(a, b), lexicographicallyBefore(a, b) ? taggedHash('TapBranch', a, b) : taggedHash('TapBranch', b, a)),
  covers: {
    'a before b, deciding at the last byte': ({ a, b }) => a[0] === b[0] && a[30] === b[30] && a[31] < b[31] && lexicographicallyBefore(a, b),
    'b before a': ({ a, b }) => lexicographicallyBefore(b, a),
  },
});

export const tapbranchPrefixOrder = proof('TapBranch puts a child that is a proper prefix of the other first (std::lexicographical_compare)', {
  fn: computeTapbranchHash,
  spec: '§3.8',
  statement:
    "For a 1-byte node a and a 2-byte node b starting with a's byte: TapBranch(a, b) and TapBranch(b, a) are both TaggedHash(\"TapBranch\", a ‖ b), the shorter first, as Core's ComputeTapbranchHash orders its two spans with std::lexicographical_compare (a proper prefix is less). BIP341's nodes are 32 bytes, where this never decides; it pins the length comparison after the bytes.",
  inputs: { a: bytes(1), b: bytes(2) },
  requires: ({ a, b }) => a[0] === b[0],
  ensures: ({ a, b }) => equalBytes(computeTapbranchHash(a, b), taggedHash('TapBranch', a, b)) && equalBytes(computeTapbranchHash(b, a), taggedHash('TapBranch', a, b)),
});

/** BIP341's TapBranch written out: the lexicographically smaller 32-byte child first. */
function tapBranchSpec(a: Uint8Array, b: Uint8Array): Uint8Array {
  return lexicographicallyBefore(a, b) ? taggedHash('TapBranch', a, b) : taggedHash('TapBranch', b, a);
}

export const taprootMerkleRootPath = proof('the taproot Merkle root folds the control block path into the leaf hash', {
  fn: computeTaprootMerkleRoot,
  spec: '§3.8',
  statement:
    'For a leaf hash k and control blocks of 33 bytes (no path node), 64 bytes (a partial node: ignored, the count is floor((size - 33) / 32)), 65 bytes (one node) and 97 bytes (two nodes, bytes 33..64 then 65..96): the root is k, k, TapBranch(k, n1), TapBranch(TapBranch(k, n1), n2), with TapBranch written out (BIP341 taproot_tree_helper / Core ComputeTaprootMerkleRoot).',
  inputs: { k: bytes(32), c33: bytes(33), c64: bytes(64), c65: bytes(65), c97: bytes(97) },
  ensures: ({ k, c33, c64, c65, c97 }) =>
    equalBytes(computeTaprootMerkleRoot(c33, k), k) &&
    equalBytes(computeTaprootMerkleRoot(c64, k), k) &&
    equalBytes(computeTaprootMerkleRoot(c65, k), tapBranchSpec(k, c65.subarray(33, 65))) &&
    equalBytes(computeTaprootMerkleRoot(c97, k), tapBranchSpec(tapBranchSpec(k, c97.subarray(33, 65)), c97.subarray(65, 97))),
});

export const tapTweakKeyOnly = proof('a key-only TapTweak never equals a script-path TapTweak, and a script tweak binds its root', {
  fn: computeTapTweakHash,
  spec: '§3.8',
  statement:
    'Under collision resistance of TaggedHash("TapTweak", ·): TapTweak(P) = TaggedHash("TapTweak", P) and TapTweak(P, r) = TaggedHash("TapTweak", P ‖ r); no key-only tweak of a 32-byte key equals a tweak with a 32-byte Merkle root (BIP341: a key-only output cannot be spent by a script path), and equal script tweaks mean equal keys and roots.',
  inputs: { p: bytes(32), q: bytes(32), r: bytes(32), s: bytes(32) },
  ensures: ({ p, q, r, s }) =>
    equalBytes(computeTapTweakHash(p), taggedHash('TapTweak', p)) &&
    equalBytes(computeTapTweakHash(q, r), taggedHash('TapTweak', q, r)) &&
    !equalBytes(computeTapTweakHash(p), computeTapTweakHash(q, r)) &&
    (!equalBytes(computeTapTweakHash(p, r), computeTapTweakHash(q, s)) || (equalBytes(p, q) && equalBytes(r, s))),
});

/**
 * BIP341's leaf hash written out: TaggedHash("TapLeaf", v ‖ compact_size(|script|) ‖ script), with
 * compact_size as Bitcoin writes it: one byte below 253, else 0xfd and the length's two bytes
 * little-endian (lengths up to 65,535).
 */
function tapleafSpec(v: number, script: Uint8Array): Uint8Array {
  const n = script.length;
  const size = n < 253 ? Uint8Array.of(n) : Uint8Array.of(0xfd, n % 256, Math.floor(n / 256));
  return taggedHash('TapLeaf', concatBytes(Uint8Array.of(v), size, script));
}

export const tapleafShort = proof('TapLeaf hashes the leaf version, the script length and the script, for scripts of 0..63 bytes', {
  fn: computeTapleafHash,
  spec: '§3.8',
  statement:
    'For every leaf version v in [0, 255] and script of n bytes, 0 <= n <= 63 (any bytes): computeTapleafHash(v, script) = TaggedHash("TapLeaf", v ‖ n ‖ script) (BIP341 tapleaf hash; compact_size(n) is the single byte n below 253). One case per length.',
  inputs: { v: byte(), buf: bytes(63), n: int(0, 63) },
  split: 'n',
  ensures: ({ v, buf, n }) => equalBytes(computeTapleafHash(v, buf.subarray(0, n)), tapleafSpec(v, buf.subarray(0, n))),
});

export const tapleafCompactSize = proof('TapLeaf writes a script length of 253 or more as 0xfd and two bytes', {
  fn: computeTapleafHash,
  sharedText: true,
  spec: '§3.8',
  statement:
    'For every leaf version v in [0, 255] and script of n bytes, 240 <= n <= 270 (any bytes): computeTapleafHash(v, script) = TaggedHash("TapLeaf", v ‖ compact_size(n) ‖ script), compact_size(n) = n for n < 253 and 0xfd, n mod 256, floor(n / 256) from 253 (BIP341, CompactSize). One case per length.',
  inputs: { v: byte(), buf: bytes(270), n: int(240, 270) },
  split: 'n',
  ensures: ({ v, buf, n }) => equalBytes(computeTapleafHash(v, buf.subarray(0, n)), tapleafSpec(v, buf.subarray(0, n))),
});

export const controlBlockSize = proof('a control block is 33 + 32m bytes with at most 128 path nodes', {
  fn: isValidTaprootControlSize,
  spec: '§3.8',
  statement:
    'For every length 0 <= len <= 100,000 and 0 <= m <= 128: 33 + 32m is accepted, and len is accepted iff len >= 33, len - 33 is a multiple of 32 and len <= 33 + 32 * 128 = 4129 (BIP341; Core TAPROOT_WRONG_CONTROL_SIZE).',
  inputs: { len: int(0, 100000), m: int(0, 128) },
  ensures: ({ len, m }) => isValidTaprootControlSize(33 + 32 * m) && isValidTaprootControlSize(len) === (len >= 33 && (len - 33) % 32 === 0 && len <= 4129),
  covers: { '4129 bytes (128 nodes)': ({ len }) => len === 4129, '4161 bytes (129 nodes) refused': ({ len }) => len === 4161, '32 bytes refused': ({ len }) => len === 32 },
});

export const leafVersionMask = proof('the leaf version is the control byte with its parity bit cleared', {
  fn: taprootLeafVersion,
  spec: '§3.8',
  statement: 'For every control block of 33 bytes: the leaf version is c[0] - (c[0] mod 2), i.e. c[0] & 0xfe (BIP341), so 0xc0 and 0xc1 are both tapscript (0xc0).',
  inputs: { c: bytes(33) },
  ensures: ({ c }) => taprootLeafVersion(c) === c[0] - (c[0] % 2),
  covers: { '0xc1 is tapscript': ({ c }) => c[0] === 0xc1 && taprootLeafVersion(c) === 0xc0 },
});

export const commitmentTweak = proof('the commitment checks the internal key tweaked by TapTweak(P ‖ root) of the control block path', {
  fn: taprootCommitmentTweak,
  spec: '§3.8',
  statement:
    'For a 32-byte leaf hash k and program, and control blocks c of 33, 65 and 97 bytes (0, 1, 2 path nodes): the internal key is c[1..33] and the tweak TaggedHash("TapTweak", P ‖ root) with root k, TapBranch(k, c[33..65]), TapBranch(TapBranch(k, c[33..65]), c[65..97]) (TapBranch written out) (Core VerifyTaprootCommitment).',
  inputs: { k: bytes(32), program: bytes(32), c33: bytes(33), c65: bytes(65), c97: bytes(97) },
  ensures: ({ k, program, c33, c65, c97 }) => {
    const a = taprootCommitmentTweak(c33, program, k);
    const b = taprootCommitmentTweak(c65, program, k);
    const d = taprootCommitmentTweak(c97, program, k);
    const rootB = tapBranchSpec(k, c65.subarray(33, 65));
    const rootD = tapBranchSpec(tapBranchSpec(k, c97.subarray(33, 65)), c97.subarray(65, 97));
    return (
      a !== undefined && equalBytes(a.internalKey, c33.subarray(1, 33)) && equalBytes(a.tweak, taggedHash('TapTweak', c33.subarray(1, 33), k)) &&
      b !== undefined && equalBytes(b.internalKey, c65.subarray(1, 33)) && equalBytes(b.tweak, taggedHash('TapTweak', c65.subarray(1, 33), rootB)) &&
      d !== undefined && equalBytes(d.internalKey, c97.subarray(1, 33)) && equalBytes(d.tweak, taggedHash('TapTweak', c97.subarray(1, 33), rootD))
    );
  },
});

export const commitmentTweakRefusals = proof('a control block under 33 bytes or a program not of 32 bytes gives no tweak', {
  fn: taprootCommitmentTweak,
  spec: '§3.8',
  statement:
    'For a 32-byte leaf hash k: a 32-byte control block with a 32-byte program, and a 33-byte control block with a program of 31 or 33 bytes, give no internal key and tweak; a 33-byte control block with a 32-byte program gives one (Core VerifyTaprootCommitment: control size at least 33, a 32-byte witness program).',
  inputs: { k: bytes(32), program: bytes(32), c33: bytes(33), c32: bytes(32), p31: bytes(31), p33: bytes(33) },
  ensures: ({ k, program, c33, c32, p31, p33 }) =>
    taprootCommitmentTweak(c32, program, k) === undefined &&
    taprootCommitmentTweak(c33, p31, k) === undefined &&
    taprootCommitmentTweak(c33, p33, k) === undefined &&
    taprootCommitmentTweak(c33, program, k) !== undefined,
});

export const outputKeyParity = proof('the tweaked key must be the program with the parity bit of the control byte', {
  fn: isTaprootOutputKey,
  spec: '§3.8',
  statement: "For every tweaked key (32-byte x, parity y in {0, 1}), 32-byte program and 33-byte control block c: accepted iff x = program and y = c[0] mod 2 (BIP341: c[0] & 1; Core's CheckTapTweak).",
  inputs: { x: bytes(32), y: int(0, 1), program: bytes(32), c: bytes(33) },
  ensures: ({ x, y, program, c }) => isTaprootOutputKey({ xOnly: x, parity: y as 0 | 1 }, program, c) === (equalBytes(x, program) && y === c[0] % 2),
  covers: {
    'odd y with an odd control byte accepted': ({ x, y, program, c }) => y === 1 && c[0] === 0xc1 && isTaprootOutputKey({ xOnly: x, parity: y as 0 | 1 }, program, c),
    'x differing in the last byte only': ({ x, program }) => x[0] === program[0] && x[31] !== program[31],
  },
});
