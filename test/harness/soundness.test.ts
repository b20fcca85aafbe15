/**
 * Soundness regression suite (issue 10 §1): PROVED must never be false. For every hole the audit
 * found (aliasing, non-null assertions and casts, merged union variants, hash axioms, int64
 * division) small kernel-style functions with **false** properties must come back ERROR (naming
 * file:line) or REFUTED with the counterexample confirmed on the real function, and **true**
 * ones must stay PROVED. Several false ones fail only on a rare slice of the inputs (1 in 65,536
 * or fewer), which random testing and random replays miss.
 *
 * Every false property is shown false independently of the harness: its `witness` inputs satisfy
 * `requires` and violate `ensures` when the proof's own closures run on the real code.
 *
 * The functions live in a scratch copy of the kernel (kernel/validation/soundness-cases.ts),
 * proved by one run of the harness (like seeded-bugs.test.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBoundary } from '../../harness/boundary.js';
import { type Inputs, type ProofRecord, isProofRecord } from '../../harness/dsl.js';
import { type ProofResult, runProofs, shutdownZ3 } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the repository so the copy resolves node_modules (@noble/hashes) like the kernel does.
const SCRATCH = path.join(ROOT, '.cache/soundness');
const KERNEL_FILE = 'kernel/validation/soundness-cases.ts';
const PROOF_FILE = 'proofs/soundness.proof.ts';

type Hole =
  | 'aliasing'
  | 'non-null and casts'
  | 'merged union variants'
  | 'axioms'
  | 'closures, instanceof and ?.'
  | 'indexing past the end and byte reads'
  | 'break and continue'
  | 'switch'
  | 'template strings and hex'
  | 'contracts'
  | 'maps'
  | 'local functions and stack writes'
  | 'byte-array writes and SHA256D64'
  | 'in-out array arguments'
  | 'hashes of symbolic length'
  | 'value-returning && and ||'
  | 'destructuring defaults'
  | 'byte arrays by type'
  | 'spread of a possibly missing field'
  | 'live for-of'
  | 'callbacks of in-out callees'
  | 'inherited properties'
  | 'keys of patterns and constant objects'
  | 'freezing, tags and number-bigint joins'
  | 'setters, Sets behind casts, @unwind bounds'
  | 'bit masks over a known range'
  | 'division over operands of known sign'
  | 'casts that change what a value is';

/**
 * - `false`: the property is false on the real code (shown by `witness`): ERROR with file:line,
 *   or REFUTED with the counterexample confirmed by replay.
 * - `true`: the property holds: PROVED.
 * - `obligation`: true in JavaScript but outside the domain where it agrees with Core's C++:
 *   REFUTED with a failed translator obligation matching `obligation`.
 * - `model`: false on the real code (shown by `witness`: a published collision, or strings that
 *   meet), but the solver's counterexample gives an uninterpreted function (a hash, a string made
 *   at run time) values the real one does not have: REFUTED, replayed as confirmed or as that model.
 * - `error`: whatever the property, the harness cannot stand behind it (a contract proof that is
 *   not PROVED, or not a contract): ERROR whose message matches `error`.
 */
type Expectation =
  | { readonly kind: 'false'; readonly witness: Inputs }
  | { readonly kind: 'true' }
  | { readonly kind: 'obligation'; readonly obligation: RegExp }
  | { readonly kind: 'model'; readonly witness: Inputs }
  | { readonly kind: 'error'; readonly error: RegExp };

interface Case {
  readonly hole: Hole;
  /** The proof's name (unique). */
  readonly name: string;
  /** Kernel-style source appended to the scratch kernel file (exported functions and helpers). */
  readonly kernel: string;
  /** Names the proof file imports from the kernel file. */
  readonly imports: readonly string[];
  /** The options object of `proof(name, {...})`, as source. */
  readonly proof: string;
  readonly expect: Expectation;
  /** The false property fails on at most this share of the input domain. */
  readonly rare?: string;
  /** check-boundary must report a write to an input or module state in the function's source. */
  readonly impure?: boolean;
}

const SHATTERED = JSON.parse(readFileSync(path.join(import.meta.dirname, 'vectors/sha1-shattered-prefix.json'), 'utf8')) as { a: string; b: string };
const hexBytes = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
const SHATTERED_A = hexBytes(SHATTERED.a);
const SHATTERED_B = hexBytes(SHATTERED.b);

const CASES: readonly Case[] = [
  // ---------- aliasing ----------
  {
    hole: 'aliasing',
    name: 'aliasing: a write through a whole-input subarray view',
    kernel: `
/** The audit's example: sets the last byte of a view spanning the whole input. */
export function clearLastThroughView(sig: Uint8Array): number {
  const view = sig.subarray(0, sig.length);
  view[view.length - 1] = 0;
  return view.length;
}`,
    imports: ['clearLastThroughView'],
    proof: `{ fn: clearLastThroughView, spec: '§0', statement: 'leaves its input unchanged', inputs: { s: bytes(4) },
  ensures: ({ s }) => { const before = s[3]; clearLastThroughView(s); return s[3] === before; } }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 2, 3, 4) } },
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing: a write through a tail view for one 16-bit prefix',
    kernel: `
export function stripMagicTail(sig: Uint8Array): boolean {
  if (sig[0] === 0x30 && sig[1] === 0x45) {
    const tail = sig.subarray(2, sig.length);
    tail[0] = 0;
  }
  return sig.length === 4;
}`,
    imports: ['stripMagicTail'],
    proof: `{ fn: stripMagicTail, spec: '§0', statement: 'leaves its input unchanged', inputs: { s: bytes(4) },
  ensures: ({ s }) => { const third = s[2]; stripMagicTail(s); return s[2] === third; } }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(0x30, 0x45, 7, 0) } },
    rare: '1 in 65,536 (s[0..1] = 30 45)',
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing: an element store through a local alias of a parameter',
    kernel: `
export function resetSecondIfMagic(xs: number[]): number {
  const ys = xs;
  if (xs[0] === 4660) ys[1] = 0;
  return xs.length;
}`,
    imports: ['resetSecondIfMagic'],
    proof: `{ fn: resetSecondIfMagic, spec: '§0', statement: 'leaves its input unchanged', inputs: { xs: tuple(2, int(0, 65535)) },
  ensures: ({ xs }) => { const second = xs[1]; resetSecondIfMagic(xs); return xs[1] === second; } }`,
    expect: { kind: 'false', witness: { xs: [4660, 9] } },
    rare: '1 in 65,536 (xs[0] = 4660)',
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing: push through a local alias of a parameter',
    kernel: `
export function appendThroughAlias(xs: number[]): number {
  const ys = xs;
  ys.push(1);
  return xs.length;
}`,
    imports: ['appendThroughAlias'],
    proof: `{ fn: appendThroughAlias, spec: '§0', statement: 'the input keeps its 2 items', inputs: { xs: tuple(2, int(0, 9)) },
  ensures: ({ xs }) => appendThroughAlias(xs) === 2 }`,
    expect: { kind: 'false', witness: { xs: [0, 0] } },
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing: a write through an alias of a module-level const array',
    kernel: `
const LAST_SEEN: number[] = [0];
export function rememberMagic(x: number): number {
  const table = LAST_SEEN;
  if (x === 4660) table[0] = x;
  return LAST_SEEN[0] ?? 0;
}`,
    imports: ['rememberMagic'],
    proof: `{ fn: rememberMagic, spec: '§0', statement: 'module state stays 0', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => rememberMagic(x) === 0 }`,
    expect: { kind: 'false', witness: { x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing: a call used as a statement writes its argument',
    kernel: `
function clearFirstIfMagic(b: Uint8Array): void {
  if (b[1] === 0x12 && b[2] === 0x34) {
    const all = b.subarray(0, b.length);
    all[0] = 0;
  }
}
export function firstAfterClear(b: Uint8Array): number {
  clearFirstIfMagic(b);
  return b[0] ?? 0;
}`,
    imports: ['firstAfterClear'],
    proof: `{ fn: firstAfterClear, spec: '§0', statement: 'returns the first byte', inputs: { s: bytes(3) },
  ensures: ({ s }) => { const first = s[0]; return firstAfterClear(s) === first; } }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(5, 0x12, 0x34) } },
    rare: '1 in 65,536 (s[1..2] = 12 34)',
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing: a mutating method called as a statement',
    kernel: `
export function zeroFill(b: Uint8Array): number {
  b.fill(0);
  return b[0] ?? 0;
}`,
    imports: ['zeroFill'],
    proof: `{ fn: zeroFill, spec: '§0', statement: 'returns the first byte', inputs: { s: bytes(2) },
  ensures: ({ s }) => { const first = s[0]; return zeroFill(s) === first; } }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 2) } },
    impure: true,
  },
  {
    hole: 'aliasing',
    name: 'aliasing (true): a write through an alias of a fresh array',
    kernel: `
export function writeThroughAlias(x: number): Uint8Array {
  const out = new Uint8Array(2);
  const alias = out;
  alias[0] = x;
  return out;
}`,
    imports: ['writeThroughAlias'],
    proof: `{ fn: writeThroughAlias, spec: '§0', statement: 'x lands in the array', inputs: { x: byte() },
  ensures: ({ x }) => { const o = writeThroughAlias(x); return o[0] === x && o[1] === 0; } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'aliasing',
    name: 'aliasing (true): a view taken before a write sees the write',
    kernel: `
export function viewSeesLaterWrite(x: number): number {
  const out = new Uint8Array(3);
  const view = out.subarray(1, 3);
  out[1] = x;
  return view[0] ?? 0;
}`,
    imports: ['viewSeesLaterWrite'],
    proof: `{ fn: viewSeesLaterWrite, spec: '§0', statement: 'the view reads x', inputs: { x: byte() },
  ensures: ({ x }) => viewSeesLaterWrite(x) === x }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'aliasing',
    name: 'aliasing (true): a pure call as a statement, then a write to a copy',
    kernel: `
function sumOf(b: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < b.length; i++) total += b[i] ?? 0;
  return total;
}
export function copyThenClear(b: Uint8Array): number {
  sumOf(b);
  const copy = b.slice(0, b.length);
  copy[0] = 0;
  return (b[0] ?? 0) + (copy[0] ?? 0);
}`,
    imports: ['copyThenClear'],
    proof: `{ fn: copyThenClear, spec: '§0', statement: 'the input keeps its first byte', inputs: { s: bytes(2) },
  ensures: ({ s }) => copyThenClear(s) === s[0] }`,
    expect: { kind: 'true' },
  },
  // ---------- non-null assertions and casts ----------
  {
    hole: 'non-null and casts',
    name: 'non-null: head[0]! on an empty view (the audit example)',
    kernel: `
export function startsWithSmallPush(script: Uint8Array, at: number): boolean {
  const head = script.subarray(at, script.length);
  return head[0]! <= 0x4b;
}`,
    imports: ['startsWithSmallPush'],
    proof: `{ fn: startsWithSmallPush, spec: '§0', statement: 'small bytes start a small push', inputs: { s: bytes(2), at: int(0, 2) },
  requires: ({ s }) => s[0] <= 75 && s[1] <= 75,
  ensures: ({ s, at }) => startsWithSmallPush(s, at) }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 1), at: 2 } },
  },
  {
    hole: 'non-null and casts',
    name: 'non-null: rest[0]! on a view that is empty for one 16-bit prefix',
    kernel: `
export function opcodeAfterMagic(script: Uint8Array): number {
  const skip = script[0] === 0x12 && script[1] === 0x34 ? script.length : 2;
  const rest = script.subarray(skip, script.length);
  return rest[0]! + 1;
}`,
    imports: ['opcodeAfterMagic'],
    proof: `{ fn: opcodeAfterMagic, spec: '§0', statement: 'at least 1', inputs: { s: bytes(3) },
  ensures: ({ s }) => opcodeAfterMagic(s) >= 1 }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(0x12, 0x34, 0) } },
    rare: '1 in 65,536 (s[0..1] = 12 34)',
  },
  {
    hole: 'non-null and casts',
    name: 'casts: (t[2] as number) on a view shorter than 3',
    kernel: `
export function doubledThird(b: Uint8Array, n: number): number {
  const t = b.subarray(0, n);
  return (t[2] as number) * 2;
}`,
    imports: ['doubledThird'],
    proof: `{ fn: doubledThird, spec: '§0', statement: 'at most 510', inputs: { b: bytes(4), n: int(0, 4) },
  ensures: ({ b, n }) => doubledThird(b, n) <= 510 }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(0, 0, 0, 0), n: 1 } },
  },
  {
    hole: 'non-null and casts',
    name: 'non-null: a property of an optional result',
    kernel: `
export function pushEnd(script: Uint8Array): number {
  return readScriptOp(script, 0)!.next;
}`,
    imports: ['pushEnd'],
    proof: `{ fn: pushEnd, spec: '§0', statement: 'within the script', inputs: { s: bytes(3) },
  ensures: ({ s }) => pushEnd(s) <= 3 }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(5, 0, 0) } },
  },
  {
    hole: 'non-null and casts',
    name: 'non-null (true): head[0]! guarded by the length',
    kernel: `
export function startsWithSmallPushGuarded(script: Uint8Array, at: number): boolean {
  const head = script.subarray(at, script.length);
  return head.length > 0 && head[0]! <= 0x4b;
}`,
    imports: ['startsWithSmallPushGuarded'],
    proof: `{ fn: startsWithSmallPushGuarded, spec: '§0', statement: 'small bytes start a small push', inputs: { s: bytes(2), at: int(0, 2) },
  requires: ({ s }) => s[0] <= 75 && s[1] <= 75,
  ensures: ({ s, at }) => startsWithSmallPushGuarded(s, at) === at < 2 }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'non-null and casts',
    name: 'indexing (true): an optional array checked before it is indexed',
    kernel: `
function smallOrNothingToo(b: Uint8Array): Uint8Array | undefined {
  return b[0]! < 10 ? b : undefined;
}
export function secondOfSmallOrZero(b: Uint8Array): number {
  const s = smallOrNothingToo(b);
  if (s === undefined) return 0;
  return s[1] as number;
}`,
    imports: ['secondOfSmallOrZero'],
    proof: `{ fn: secondOfSmallOrZero, spec: '§0', statement: 'the second byte of a small-headed array, else 0', inputs: { b: bytes(2) },
  ensures: ({ b }) => secondOfSmallOrZero(b) === (b[0] < 10 ? b[1] : 0) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'non-null and casts',
    name: 'indexing (true): an optional array narrowed by && before it is indexed',
    kernel: `
function bigOrNothing(b: Uint8Array): Uint8Array | undefined {
  return b[0]! >= 10 ? b : undefined;
}
export function secondOfBigAbove(b: Uint8Array, n: number): boolean {
  const s = bigOrNothing(b);
  return s !== undefined && s[1]! > n;
}`,
    imports: ['secondOfBigAbove'],
    proof: `{ fn: secondOfBigAbove, spec: '§0', statement: 'a big head and a second byte above n', inputs: { b: bytes(2), n: int(0, 255) },
  ensures: ({ b, n }) => secondOfBigAbove(b, n) === (b[0] >= 10 && b[1] > n) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'non-null and casts',
    name: 'casts (true): an item that exists, and a narrowed optional',
    kernel: `
export function secondDoubled(b: Uint8Array): number {
  return (b[1] as number) * 2;
}
export function pushEndOrZero(script: Uint8Array): number {
  const op = readScriptOp(script, 0);
  if (op === undefined) return 0;
  return op.next;
}`,
    imports: ['secondDoubled', 'pushEndOrZero'],
    proof: `{ fn: secondDoubled, spec: '§0', statement: 'bounded', inputs: { b: bytes(2), s: bytes(3) },
  ensures: ({ b, s }) => secondDoubled(b) <= 510 && pushEndOrZero(s) <= 3 }`,
    expect: { kind: 'true' },
  },
  // ---------- merged union variants ----------
  {
    hole: 'merged union variants',
    name: 'variants: .value of a Result read through a widened type',
    kernel: `
function parseAbove5(x: number): Result<number, string> {
  if (x > 5) return ok(x);
  return err('small');
}
/** Reads value through a widened type: only the ok variant has it. */
function valueOr(r: { readonly value?: number }, d: number): number {
  return r.value ?? d;
}
export function parsedOrZero(x: number): number {
  return valueOr(parseAbove5(x), 0);
}
export function parsedOrMinusOne(x: number): number {
  const r = parseAbove5(x);
  if (!r.ok) return -1;
  return r.value + 1;
}`,
    imports: ['parsedOrZero'],
    proof: `{ fn: parsedOrZero, spec: '§0', statement: 'the value', inputs: { x: int(0, 10) },
  ensures: ({ x }) => parsedOrZero(x) === x }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'merged union variants',
    name: 'variants: .value of an error for one 16-bit value',
    kernel: `
function rejectMagic(x: number): Result<number, string> {
  if (x === 4660) return err('magic');
  return ok(x);
}
export function acceptedOrMinusOne(x: number): number {
  const r: { readonly value?: number } = rejectMagic(x);
  return r.value === undefined ? -1 : r.value;
}`,
    imports: ['acceptedOrMinusOne'],
    proof: `{ fn: acceptedOrMinusOne, spec: '§0', statement: 'the value', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => acceptedOrMinusOne(x) === x }`,
    expect: { kind: 'false', witness: { x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'merged union variants',
    name: 'variants: a field of one record shape after a ternary',
    kernel: `
type Shape = { readonly kind: 'a'; readonly size: number } | { readonly kind: 'b' };
function shapeOf(x: number): Shape {
  return x < 100 ? { kind: 'a', size: x } : { kind: 'b' };
}
export function sizeOrZero(x: number): number {
  const s: { readonly size?: number } = shapeOf(x);
  return s.size ?? 0;
}`,
    imports: ['sizeOrZero'],
    proof: `{ fn: sizeOrZero, spec: '§0', statement: 'the size', inputs: { x: int(0, 200) },
  ensures: ({ x }) => sizeOrZero(x) === x }`,
    expect: { kind: 'false', witness: { x: 150 } },
  },
  {
    hole: 'merged union variants',
    name: 'variants (true): .value read where TS narrowed to ok',
    kernel: `
export function parsedOrZeroNarrowed(x: number): number {
  const r = parseAbove5(x);
  return r.ok ? r.value : 0;
}`,
    imports: ['parsedOrZeroNarrowed', 'parsedOrMinusOne'],
    proof: `{ fn: parsedOrZeroNarrowed, spec: '§0', statement: 'the value or 0', inputs: { x: int(0, 10) },
  ensures: ({ x }) => parsedOrZeroNarrowed(x) === (x > 5 ? x : 0) && parsedOrMinusOne(x) === (x > 5 ? x + 1 : -1) }`,
    expect: { kind: 'true' },
  },
  // ---------- axioms ----------
  {
    hole: 'axioms',
    name: 'axioms: equal SHA-1 digests mean equal inputs',
    kernel: '',
    imports: [],
    proof: `{ fn: sha1, spec: '§0', statement: 'SHA-1 is injective (false: SHAttered)', inputs: { a: bytes(320), b: bytes(320) }, unwind: 320,
  requires: ({ a, b }) => equalBytes(sha1(a), sha1(b)),
  ensures: ({ a, b }) => { for (let i = 0; i < 320; i++) if (a[i] !== b[i]) return false; return true; } }`,
    expect: { kind: 'model', witness: { a: SHATTERED_A, b: SHATTERED_B } },
  },
  {
    hole: 'axioms',
    name: 'axioms: a SHA-1 node binds its two children',
    kernel: '',
    imports: [],
    proof: `{ fn: sha1, spec: '§0', statement: 'SHA-1 of a || b binds a and b (false: SHAttered)', inputs: { a: bytes(160), b: bytes(160), c: bytes(160), d: bytes(160) }, unwind: 160,
  requires: ({ a, b, c, d }) => equalBytes(sha1(concatBytes(a, b)), sha1(concatBytes(c, d))),
  ensures: ({ a, b, c, d }) => { for (let i = 0; i < 160; i++) if (a[i] !== c[i] || b[i] !== d[i]) return false; return true; } }`,
    expect: { kind: 'model', witness: { a: SHATTERED_A.subarray(0, 160), b: SHATTERED_A.subarray(160), c: SHATTERED_B.subarray(0, 160), d: SHATTERED_B.subarray(160) } },
  },
  {
    hole: 'axioms',
    name: "axioms: a tagged hash with the tag 'case-leaf' is not the one tagged 'case/leaf'",
    kernel: `
export function caseLeafHash(m: Uint8Array): Uint8Array {
  return taggedHash('case-leaf', m);
}`,
    imports: ['caseLeafHash'],
    proof: `{ fn: caseLeafHash, spec: '§0', statement: 'the tag is case/leaf (false: case-leaf)', inputs: { m: bytes(2) },
  ensures: ({ m }) => equalBytes(caseLeafHash(m), taggedHash('case/leaf', m)) }`,
    expect: { kind: 'false', witness: { m: Uint8Array.of(0, 0) } },
  },
  {
    hole: 'axioms',
    name: "axioms: a tagged hash with the tag 'case_node' is not the one tagged 'case.node'",
    kernel: `
export function caseNodeHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  return taggedHash('case_node', a, b);
}`,
    imports: ['caseNodeHash'],
    proof: `{ fn: caseNodeHash, spec: '§0', statement: 'the tag is case.node (false: case_node)', inputs: { a: bytes(1), b: bytes(1) },
  ensures: ({ a, b }) => equalBytes(caseNodeHash(a, b), taggedHash('case.node', concatBytes(a, b))) }`,
    expect: { kind: 'false', witness: { a: Uint8Array.of(1), b: Uint8Array.of(2) } },
  },
  {
    hole: 'axioms',
    name: 'axioms (true): a tagged hash equals itself with the same tag and the messages concatenated',
    kernel: '',
    imports: [],
    proof: `{ fn: caseNodeHash, spec: '§0', statement: 'the tag is case_node', inputs: { a: bytes(1), b: bytes(1) },
  ensures: ({ a, b }) => equalBytes(caseNodeHash(a, b), taggedHash('case_node', concatBytes(a, b))) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'axioms',
    name: 'axioms (true under collision resistance): equal SHA-256 digests mean equal inputs',
    kernel: '',
    imports: [],
    proof: `{ fn: sha256, spec: '§0', statement: 'SHA-256 collision resistance', inputs: { a: bytes(2), b: bytes(2) },
  requires: ({ a, b }) => equalBytes(sha256(a), sha256(b)),
  ensures: ({ a, b }) => a[0] === b[0] && a[1] === b[1] }`,
    expect: { kind: 'true' },
  },
  // From 3 applications of a family on, collision resistance is a left inverse of the digest
  // (harness/translate/intrinsics.ts, collisionAxioms): the same statement, so the same verdicts.
  {
    hole: 'axioms',
    name: 'axioms (true, 3 applications): equal SHA-256 digests mean equal inputs, a third digest beside',
    kernel: '',
    imports: [],
    proof: `{ fn: sha256, spec: '§0', statement: 'SHA-256 collision resistance as an inverse', inputs: { a: bytes(2), b: bytes(2), c: bytes(2) },
  requires: ({ a, b, c }) => equalBytes(sha256(a), sha256(b)) && !equalBytes(sha256(c), sha256(a)),
  ensures: ({ a, b, c }) => a[0] === b[0] && a[1] === b[1] && (a[0] !== c[0] || a[1] !== c[1]) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'axioms',
    name: 'axioms (3 applications): equal SHA-256 digests of a and b say nothing of c',
    kernel: '',
    imports: [],
    proof: `{ fn: sha256, spec: '§0', statement: 'a and b collide, so c is a (false)', inputs: { a: bytes(2), b: bytes(2), c: bytes(2) },
  requires: ({ a, b, c }) => equalBytes(sha256(a), sha256(b)) && sha256(c).length === 32,
  ensures: ({ a, c }) => a[0] === c[0] }`,
    expect: { kind: 'false', witness: { a: Uint8Array.of(0, 0), b: Uint8Array.of(0, 0), c: Uint8Array.of(1, 0) } },
  },
  {
    hole: 'axioms',
    name: 'axioms (true, 3 applications): SHA-256 of one byte never equals SHA-256 of two',
    kernel: '',
    imports: [],
    proof: `{ fn: sha256, spec: '§0', statement: 'lengths are part of the input', inputs: { a: bytes(1), b: bytes(2), c: bytes(2) },
  requires: ({ b, c }) => !equalBytes(sha256(b), sha256(c)),
  ensures: ({ a, b, c }) => !equalBytes(sha256(a), sha256(b)) && !equalBytes(sha256(a), sha256(c)) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'axioms',
    name: 'axioms (true, 3 applications): two tags never give equal digests',
    kernel: '',
    imports: [],
    proof: `{ fn: caseNodeHash, spec: '§0', statement: 'tags separate as an inverse', inputs: { a: bytes(1), b: bytes(1) },
  ensures: ({ a, b }) => !equalBytes(taggedHash('case_node', a), taggedHash('case.node', b)) && !equalBytes(taggedHash('case.node', b), taggedHash('case-node', a)) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'axioms',
    name: 'axioms (3 applications): one tag over two messages can collide only on equal messages',
    kernel: '',
    imports: [],
    proof: `{ fn: caseNodeHash, spec: '§0', statement: 'distinct digests for every two messages (false: a = b)', inputs: { a: bytes(1), b: bytes(1) },
  ensures: ({ a, b }) => !equalBytes(taggedHash('case_node', a), taggedHash('case_node', b)) && !equalBytes(taggedHash('case.node', a), taggedHash('case-node', b)) }`,
    expect: { kind: 'false', witness: { a: Uint8Array.of(7), b: Uint8Array.of(7) } },
  },
  {
    hole: 'axioms',
    name: 'int64: INT64_MIN / -1 leaves int64',
    kernel: `
export function ratio(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  return a / b;
}`,
    imports: ['ratio'],
    proof: `{ fn: ratio, spec: '§0', statement: 'a quotient', inputs: { a: int64(), b: int64() },
  ensures: ({ a, b }) => ratio(a, b) >= -(2n ** 63n) }`,
    expect: { kind: 'obligation', obligation: /bigint '\/' stays in int64 range/ },
    rare: '1 in 2^128 (a = -2^63, b = -1)',
  },
  {
    hole: 'axioms',
    name: 'int64: INT64_MIN % -1 is undefined in C++',
    kernel: `
export function remainder(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  return a % b;
}`,
    imports: ['remainder'],
    proof: `{ fn: remainder, spec: '§0', statement: 'a remainder', inputs: { a: int64(), b: int64() },
  ensures: ({ a, b }) => remainder(a, b) < 2n ** 63n }`,
    expect: { kind: 'obligation', obligation: /INT64_MIN % -1/ },
    rare: '1 in 2^128 (a = -2^63, b = -1)',
  },
  // ---------- closures passed to .some / .every, instanceof, optional chaining ----------
  {
    hole: 'closures, instanceof and ?.',
    name: 'closures: an arrow assigning a captured variable is rejected',
    kernel: `
export function countSevens(xs: readonly number[]): number {
  let n = 0;
  xs.some((x) => {
    if (x === 7) n++;
    return false;
  });
  return n;
}`,
    imports: ['countSevens'],
    proof: `{ fn: countSevens, spec: '§0', statement: 'never counts a seven', inputs: { xs: tuple(2, int(0, 9)) },
  ensures: ({ xs }) => countSevens(xs) === 0 }`,
    expect: { kind: 'false', witness: { xs: [7, 0] } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closures (true): a captured limit is read as the enclosing function holds it',
    kernel: '',
    imports: ['anyAbove'],
    proof: `{ fn: anyAbove, spec: '§0', statement: 'above the limit somewhere', inputs: { xs: tuple(2, int(0, 9)), limit: int(0, 9) },
  ensures: ({ xs, limit }) => anyAbove(xs, limit) === (xs[0] > limit || xs[1] > limit) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'optional chaining: a?.v past the end is undefined, not the last item',
    kernel: `
export function secondOr(xs: readonly { readonly v: number }[], d: number): number {
  return xs[1]?.v ?? d;
}`,
    imports: ['secondOr'],
    proof: `{ fn: secondOr, spec: '§0', statement: 'reads the only item', inputs: { n: int(0, 9) },
  ensures: ({ n }) => secondOr([{ v: n }], 7) === n }`,
    expect: { kind: 'false', witness: { n: 3 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'optional chaining (true): a?.v is the field where a exists and the default elsewhere',
    kernel: '',
    imports: ['secondOr'],
    proof: `{ fn: secondOr, spec: '§0', statement: 'default past the end, the field inside', inputs: { n: int(0, 9) },
  ensures: ({ n }) => secondOr([{ v: n }], 7) === 7 && secondOr([{ v: 1 }, { v: n }], 7) === n }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closures: .some looks at every item, not only the first',
    kernel: `
export function anyMagic(xs: readonly number[]): boolean {
  return xs.some((x) => x === 4660);
}`,
    imports: ['anyMagic'],
    proof: `{ fn: anyMagic, spec: '§0', statement: 'only the first item counts', inputs: { xs: tuple(3, int(0, 65535)) },
  ensures: ({ xs }) => anyMagic(xs) === (xs[0] === 4660) }`,
    expect: { kind: 'false', witness: { xs: [0, 0, 4660] } },
    rare: '1 in 65,536 per item (x = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closures: .every passes the index as the second argument',
    kernel: `
export function allBelowPosition(xs: readonly number[]): boolean {
  return xs.every((x, i) => x < 200 + i);
}`,
    imports: ['allBelowPosition'],
    proof: `{ fn: allBelowPosition, spec: '§0', statement: 'all items below 200', inputs: { xs: tuple(3, int(0, 255)) },
  ensures: ({ xs }) => allBelowPosition(xs) === (xs[0] < 200 && xs[1] < 200 && xs[2] < 200) }`,
    expect: { kind: 'false', witness: { xs: [0, 200, 0] } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closures: an arrow reads a local of its enclosing function (a capture) as it is at the call',
    kernel: `
export function anyAbove(xs: readonly number[], limit: number): boolean {
  const t = limit;
  return xs.some((x) => x > t);
}`,
    imports: ['anyAbove'],
    proof: `{ fn: anyAbove, spec: '§0', statement: 'never above 5', inputs: { xs: tuple(2, int(0, 9)) },
  ensures: ({ xs }) => !anyAbove(xs, 5) }`,
    expect: { kind: 'false', witness: { xs: [9, 0] } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'instanceof: a plain record is an instance of no class',
    kernel: `
export class Boxed {
  constructor(readonly n: number) {}
}
export function isBoxed(v: { readonly n: number } | Boxed): boolean {
  return v instanceof Boxed;
}`,
    imports: ['isBoxed'],
    proof: `{ fn: isBoxed, spec: '§0', statement: 'every record is boxed', inputs: { n: int(0, 9) },
  ensures: ({ n }) => isBoxed({ n }) }`,
    expect: { kind: 'false', witness: { n: 3 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closures (true): .some and .every over a function reference and an arrow, and instanceof on records',
    kernel: `
function isZero(x: number): boolean {
  return x === 0;
}
export function someZeroEveryOdd(xs: readonly number[]): boolean {
  return xs.some(isZero) || xs.every((x) => x > 100);
}`,
    imports: ['someZeroEveryOdd', 'isBoxed'],
    proof: `{ fn: someZeroEveryOdd, spec: '§0', statement: 'a zero, or all above 100; records are not boxed', inputs: { xs: tuple(3, int(0, 255)) },
  ensures: ({ xs }) => someZeroEveryOdd(xs) === (xs[0] === 0 || xs[1] === 0 || xs[2] === 0 || (xs[0] > 100 && xs[1] > 100 && xs[2] > 100)) && !isBoxed({ n: xs[0] }) }`,
    expect: { kind: 'true' },
  },
  // ---------- closures as values: passed to a function, called there ----------
  {
    hole: 'closures, instanceof and ?.',
    name: 'closure values: a captured let the function assigns after making the closure is rejected',
    kernel: `
function callOn(x: number, f: (y: number) => boolean): boolean {
  return f(x);
}
export function aboveLateBound(x: number, limit: number): boolean {
  let bound = limit;
  const above = (y: number): boolean => y > bound;
  bound = 100;
  return callOn(x, above);
}`,
    imports: ['aboveLateBound'],
    proof: `{ fn: aboveLateBound, spec: '§0', statement: 'compares with the limit', inputs: { x: int(0, 99), limit: int(0, 99) },
  ensures: ({ x, limit }) => aboveLateBound(x, limit) === x > limit }`,
    expect: { kind: 'false', witness: { x: 50, limit: 10 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closure values: a captured parameter the function assigns afterwards is rejected',
    kernel: `
function callWith(x: number, f: (y: number) => boolean): boolean {
  return f(x);
}
export function aboveThenReset(x: number, limit: number): boolean {
  const above = (y: number): boolean => y > limit;
  limit = 0;
  return callWith(x, above);
}`,
    imports: ['aboveThenReset'],
    proof: `{ fn: aboveThenReset, spec: '§0', statement: 'compares with the limit', inputs: { x: int(0, 99), limit: int(0, 99) },
  ensures: ({ x, limit }) => aboveThenReset(x, limit) === x > limit }`,
    expect: { kind: 'false', witness: { x: 5, limit: 10 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closure values: capturing an array the function writes afterwards is rejected',
    kernel: `
function readWith(f: () => number): number {
  return f();
}
export function firstBeforeReset(x: number): number {
  const buf = [x, 1];
  const first = (): number => buf[0] as number;
  buf[0] = 0;
  return readWith(first);
}`,
    imports: ['firstBeforeReset'],
    proof: `{ fn: firstBeforeReset, spec: '§0', statement: 'reads the first item as it was made', inputs: { x: int(1, 9) },
  ensures: ({ x }) => firstBeforeReset(x) === x }`,
    expect: { kind: 'false', witness: { x: 5 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closure values: a callback called with its arguments swapped for one first argument',
    kernel: `
export function orderedPair(a: number, b: number, le: (x: number, y: number) => boolean): boolean {
  return a === 4660 ? le(b, a) : le(a, b);
}`,
    imports: ['orderedPair'],
    proof: `{ fn: orderedPair, spec: '§0', statement: 'asks the callback about (a, b)', inputs: { a: int(0, 65535), b: int(0, 65535) },
  ensures: ({ a, b }) => orderedPair(a, b, (x, y) => x <= y) === (a <= b) }`,
    expect: { kind: 'false', witness: { a: 4660, b: 5000 } },
    rare: '1 in 65,536 (a = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'closure values (true): a callback over a captured table, called per index, and one of two held in a record',
    kernel: `
export function countAccepted(n: number, accept: (i: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < n && i < 3; i++) if (accept(i)) c++;
  return c;
}
export function pick(useFirst: boolean, first: (x: number) => number, second: (x: number) => number, x: number): number {
  const chosen = { first, second };
  return useFirst ? chosen.first(x) : chosen.second(x);
}`,
    imports: ['countAccepted', 'pick'],
    proof: `{ fn: countAccepted, spec: '§0', statement: 'counts the accepted indexes below n', inputs: { n: int(0, 3), t: tuple(3, bool()), u: bool(), x: int(0, 9), k: int(0, 9) },
  ensures: ({ n, t, u, x, k }) => countAccepted(n, (i) => t[i] === true) === (n > 0 && t[0] ? 1 : 0) + (n > 1 && t[1] ? 1 : 0) + (n > 2 && t[2] ? 1 : 0)
    && pick(u, (y) => y + k, (y) => y * 2, x) === (u ? x + k : x * 2) }`,
    expect: { kind: 'true' },
  },
  // ---------- object-literal methods, and closures whose snapshot is wrong only if called ----------
  {
    hole: 'closures, instanceof and ?.',
    name: 'object methods: a method counting in a captured let is rejected where it is called',
    kernel: `
export function makeCounter(start: number): { next(): number; peek(): number } {
  let count = start;
  return {
    next(): number {
      count++;
      return count;
    },
    peek(): number {
      return count;
    },
  };
}
export function twoNexts(start: number): number {
  const c = makeCounter(start);
  c.next();
  return c.next();
}`,
    imports: ['twoNexts'],
    proof: `{ fn: twoNexts, spec: '§0', statement: 'one step past the start', inputs: { start: int(0, 99) },
  ensures: ({ start }) => twoNexts(start) === start + 1 }`,
    expect: { kind: 'false', witness: { start: 1 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'object methods: a method reading a let another method assigns is rejected where it is called',
    kernel: `
export function makeGauge(start: number): { read(): number; reset(): number } {
  let level = start;
  return {
    read(): number {
      return level;
    },
    reset(): number {
      level = 0;
      return 0;
    },
  };
}
export function readAfterReset(start: number): number {
  const g = makeGauge(start);
  const zero = g.reset();
  return g.read() + zero;
}`,
    imports: ['readAfterReset'],
    proof: `{ fn: readAfterReset, spec: '§0', statement: 'reads the start', inputs: { start: int(0, 65535) },
  ensures: ({ start }) => readAfterReset(start) === start || start !== 4660 }`,
    expect: { kind: 'false', witness: { start: 4660 } },
    rare: '1 in 65,536 (start = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'object methods: a method reading this is rejected',
    kernel: `
export function box(v: number): { readonly v: number; get(): number } {
  return {
    v,
    get(): number {
      return this.v;
    },
  };
}
export function reboxedPlusOne(v: number): number {
  return { ...box(v), v: 0 }.get() + 1;
}`,
    imports: ['reboxedPlusOne'],
    proof: `{ fn: reboxedPlusOne, spec: '§0', statement: 'one more than the boxed value', inputs: { v: int(0, 99) },
  ensures: ({ v }) => reboxedPlusOne(v) === v + 1 }`,
    expect: { kind: 'false', witness: { v: 5 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'object methods (true): methods over captured constants are exact, and one with a wrong snapshot may exist uncalled',
    kernel: `
export function scaler(k: number): { scale(x: number): number; bump(): number } {
  let offset = 0;
  return {
    scale(x: number): number {
      return x * k;
    },
    bump(): number {
      offset++;
      return offset;
    },
  };
}
export function scaledTwice(k: number, x: number): number {
  const s = scaler(k);
  return s.scale(s.scale(x));
}`,
    imports: ['scaledTwice'],
    proof: `{ fn: scaledTwice, spec: '§0', statement: 'x times k twice', inputs: { k: int(0, 99), x: int(0, 99) },
  ensures: ({ k, x }) => scaledTwice(k, x) === x * k * k }`,
    expect: { kind: 'true' },
  },
  // ---------- a module-level lookup table indexed by a string ----------
  {
    hole: 'closures, instanceof and ?.',
    name: 'string-keyed table: the entry of the key, not of another name',
    kernel: `
const LEVELS: Readonly<Record<'low' | 'mid' | 'high', number>> = { low: 1, mid: 5, high: 9 };
export function levelOf(name: 'low' | 'mid' | 'high'): number {
  return LEVELS[name];
}
export function levelPick(k: number): number {
  return levelOf(k === 4660 ? 'high' : k === 1 ? 'mid' : 'low');
}`,
    imports: ['levelPick'],
    proof: `{ fn: levelPick, spec: '§0', statement: 'never high', inputs: { k: int(0, 65535) },
  ensures: ({ k }) => levelPick(k) <= 5 }`,
    expect: { kind: 'false', witness: { k: 4660 } },
    rare: '1 in 65,536 (k = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'string-keyed table: a key that is no own property (a property of Object.prototype) is an obligation',
    kernel: `
export function levelOrZero(k: number): number {
  return (LEVELS as Readonly<Record<string, number>>)[k === 4660 ? 'constructor' : 'mid'] ?? 0;
}`,
    imports: ['levelOrZero'],
    proof: `{ fn: levelOrZero, spec: '§0', statement: 'at most high', inputs: { k: int(0, 65535) },
  ensures: ({ k }) => levelOrZero(k) <= 9 }`,
    expect: { kind: 'false', witness: { k: 4660 } },
    rare: '1 in 65,536 (k = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: "object literals: '__proto__' sets the prototype, whose fields the object then has",
    kernel: `
export function inheritedOr(x: number): number {
  const o = { __proto__: { v: x + 1 } } as unknown as { readonly v?: number };
  return o.v ?? x;
}`,
    imports: ['inheritedOr'],
    proof: `{ fn: inheritedOr, spec: '§0', statement: 'no field v: the default', inputs: { x: int(0, 99) },
  ensures: ({ x }) => inheritedOr(x) === x }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'string-keyed table (true): each key reads its own entry',
    kernel: '',
    imports: ['levelPick'],
    proof: `{ fn: levelPick, spec: '§0', statement: 'high, mid or low by k', inputs: { k: int(0, 65535) },
  ensures: ({ k }) => levelPick(k) === (k === 4660 ? 9 : k === 1 ? 5 : 1) }`,
    expect: { kind: 'true' },
  },
  // ---------- a value that is undefined on every path reaching it ----------
  {
    hole: 'indexing past the end and byte reads',
    name: 'past the end: a cast of an item that is never there fails where it is reached',
    kernel: `
export function plusThird(xs: readonly number[], useThird: boolean): number {
  return useThird ? (xs[2] as number) + 1 : (xs[0] as number) + 1;
}`,
    imports: ['plusThird'],
    proof: `{ fn: plusThird, spec: '§0', statement: 'adds one to the first item', inputs: { a: int(0, 9), b: int(0, 9), t: int(0, 65535) },
  ensures: ({ a, b, t }) => plusThird([a, b], t === 4660) === a + 1 }`,
    expect: { kind: 'false', witness: { a: 1, b: 2, t: 4660 } },
    rare: '1 in 65,536 (t = 4660)',
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'past the end: a field of an item that is never there (non-null assertion) fails where it is reached',
    kernel: `
export function secondField(xs: readonly { readonly n: number }[], k: number): number {
  return k === 2 ? xs[1]!.n : 0;
}`,
    imports: ['secondField'],
    proof: `{ fn: secondField, spec: '§0', statement: 'zero for one item', inputs: { x: int(0, 9), k: int(0, 9) },
  ensures: ({ x, k }) => secondField([{ n: x }], k) === 0 }`,
    expect: { kind: 'false', witness: { x: 1, k: 2 } },
  },
  // ---------- .map and object spread ----------
  {
    hole: 'closures, instanceof and ?.',
    name: '.map: a Uint8Array map that overflows a byte is an obligation, not a silent truncation',
    kernel: `
export function bumped(b: Uint8Array): Uint8Array {
  return b.map((x) => x + 1);
}`,
    imports: ['bumped'],
    proof: `{ fn: bumped, spec: '§0', statement: 'every byte one higher', inputs: { b: bytes(2) },
  ensures: ({ b }) => { const r = bumped(b); return r[0] === b[0] + 1 && r[1] === b[1] + 1; } }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(255, 0) } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'object spread: a later property replaces the spread one, for one magic value',
    kernel: `
export function relabel(r: { readonly a: number; readonly b: number }): { readonly a: number; readonly b: number } {
  return r.a === 4660 ? { ...r, b: 0 } : { b: 0, ...r };
}`,
    imports: ['relabel'],
    proof: `{ fn: relabel, spec: '§0', statement: 'keeps b', inputs: { a: int(0, 65535), b: int(0, 9) },
  ensures: ({ a, b }) => relabel({ a, b }).b === b }`,
    expect: { kind: 'false', witness: { a: 4660, b: 7 } },
    rare: '1 in 65,536 (a = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: '.map and object spread (true): index and item in order, spread fields kept',
    kernel: `
export function withIndex(xs: readonly { readonly v: number }[]): { readonly v: number; readonly i: number }[] {
  return xs.map((x, i) => ({ ...x, i }));
}`,
    imports: ['withIndex'],
    proof: `{ fn: withIndex, spec: '§0', statement: 'each item with its index', inputs: { p: int(0, 9), q: int(0, 9) },
  ensures: ({ p, q }) => { const r = withIndex([{ v: p }, { v: q }]); return r.length === 2 && r[0].v === p && r[0].i === 0 && r[1].v === q && r[1].i === 1; } }`,
    expect: { kind: 'true' },
  },
  // ---------- concatBytes(...parts) over an array of a symbolic length (the legacy sighash preimage) ----------
  {
    hole: 'indexing past the end and byte reads',
    name: 'spread: concatBytes(...parts) joins only the parts pushed, not every slot the array could hold',
    kernel: `
export function joinFirst(n: number, a: Uint8Array, b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  if (n > 0) parts.push(a);
  if (n > 1) parts.push(b);
  return concatBytes(...parts);
}`,
    imports: ['joinFirst'],
    proof: `{ fn: joinFirst, spec: '§0', statement: 'always both parts (false for n < 2)', inputs: { n: int(0, 2), a: bytes(1), b: bytes(2) },
  ensures: ({ n, a, b }) => joinFirst(n, a, b).length === 3 }`,
    expect: { kind: 'false', witness: { n: 1, a: Uint8Array.of(1), b: Uint8Array.of(2, 3) } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'spread: the second part follows the first when both are pushed, and a lone part is not followed by a stale one',
    kernel: `
export function joinSecondFirst(n: number, a: Uint8Array, b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  if (n > 0) parts.push(b);
  if (n > 1) parts.push(a);
  return concatBytes(...parts);
}`,
    imports: ['joinSecondFirst'],
    proof: `{ fn: joinSecondFirst, spec: '§0', statement: 'the last byte is a[0] (false for n = 1: it is b[1])', inputs: { n: int(1, 2), a: bytes(1), b: bytes(2) },
  requires: ({ a, b }) => a[0] !== b[1],
  ensures: ({ n, a, b }) => { const j = joinSecondFirst(n, a, b); return j[j.length - 1] === a[0]; } }`,
    expect: { kind: 'false', witness: { n: 1, a: Uint8Array.of(1), b: Uint8Array.of(2, 3) } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'spread (true): concatBytes(...parts) is exactly the parts pushed, in order',
    kernel: '',
    imports: [],
    proof: `{ fn: joinFirst, spec: '§0', statement: 'the first n parts', inputs: { n: int(0, 2), a: bytes(1), b: bytes(2) },
  ensures: ({ n, a, b }) => { const j = joinFirst(n, a, b); return n === 0 ? j.length === 0 : n === 1 ? j.length === 1 && j[0] === a[0] : j.length === 3 && j[0] === a[0] && j[1] === b[0] && j[2] === b[1]; } }`,
    expect: { kind: 'true' },
  },
  // ---------- a symbolic index past the end, subarray(from) of a symbolic length, bytesToNumberBE (issue 15) ----------
  {
    hole: 'indexing past the end and byte reads',
    name: 'new Uint8Array(-1) throws; it is not an empty array',
    kernel: `
export function emptyUnlessFlag(flag: boolean): Uint8Array {
  return flag ? new Uint8Array(-1) : new Uint8Array(0);
}`,
    imports: ['emptyUnlessFlag'],
    proof: `{ fn: emptyUnlessFlag, spec: '§0', statement: 'always empty', inputs: { f: bool() },
  ensures: ({ f }) => emptyUnlessFlag(f).length === 0 }`,
    expect: { kind: 'false', witness: { f: true } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'indexing: s[i] at the end of the script is undefined, not the last byte',
    kernel: `
export function byteOrMarker(s: Uint8Array, i: number): number {
  return (s[i] ?? 256) - 1;
}`,
    imports: ['byteOrMarker'],
    proof: `{ fn: byteOrMarker, spec: '§0', statement: 'a byte minus one', inputs: { s: bytes(4), i: int(0, 4) },
  ensures: ({ s, i }) => byteOrMarker(s, i) <= 254 }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(0, 0, 0, 0), i: 4 } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'indexing: a negative index reads undefined',
    kernel: `
export function hasByteAt(s: Uint8Array, i: number): boolean {
  return s[i] !== undefined;
}`,
    imports: ['hasByteAt'],
    proof: `{ fn: hasByteAt, spec: '§0', statement: 'every index in range has a byte', inputs: { s: bytes(4), i: int(-1, 3) },
  ensures: ({ s, i }) => hasByteAt(s, i) }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 2, 3, 4), i: -1 } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'indexing (true): s[i] ?? 300 is 300 exactly outside [0, length), also of a symbolic length',
    kernel: '',
    imports: ['byteOrMarker'],
    proof: `{ fn: byteOrMarker, spec: '§0', statement: 'the marker outside', inputs: { s: bytes(4), i: int(-2, 6), n: int(0, 4) },
  ensures: ({ s, i, n }) => (byteOrMarker(s, i) === 255) === (i < 0 || i >= 4) && (byteOrMarker(s.subarray(0, n), i) === 255) === (i < 0 || i >= n) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'bytesToNumberBE: four bytes reach 2^31',
    kernel: `
export function beValue(b: Uint8Array): bigint {
  return bytesToNumberBE(b);
}`,
    imports: ['beValue'],
    proof: `{ fn: beValue, spec: '§0', statement: 'fits int32', inputs: { b: bytes(4) },
  ensures: ({ b }) => beValue(b) < 2n ** 31n }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(0x80, 0, 0, 0) } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'bytesToNumberBE: a view of a symbolic length reads all its bytes',
    kernel: '',
    imports: ['beValue'],
    proof: `{ fn: beValue, spec: '§0', statement: 'at most two bytes count', inputs: { b: bytes(3), n: int(0, 3) },
  ensures: ({ b, n }) => beValue(b.subarray(0, n)) < 65536n }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(1, 0, 0), n: 3 } },
    rare: '1 in 4 x 256 (n = 3, b[0] > 0)',
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'bytesToNumberBE (true): big-endian, 0 for no bytes, for every length 0..3',
    kernel: '',
    imports: ['beValue'],
    proof: `{ fn: beValue, spec: '§0', statement: 'big-endian', inputs: { b: bytes(3), n: int(0, 3) },
  ensures: ({ b, n }) => beValue(b.subarray(0, n)) === (n === 0 ? 0n : n === 1 ? BigInt(b[0]) : n === 2 ? BigInt(b[0]) * 256n + BigInt(b[1]) : BigInt(b[0]) * 65536n + BigInt(b[1]) * 256n + BigInt(b[2])) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'subarray(from) of a symbolic length clamps to the length',
    kernel: `
export function tailLength(s: Uint8Array, n: number): number {
  return s.subarray(0, n).subarray(2).length;
}`,
    imports: ['tailLength'],
    proof: `{ fn: tailLength, spec: '§0', statement: 'two bytes shorter', inputs: { s: bytes(4), n: int(0, 4) },
  ensures: ({ s, n }) => tailLength(s, n) === n - 2 }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(0, 0, 0, 0), n: 1 } },
  },
  {
    hole: 'indexing past the end and byte reads',
    name: 'subarray(from) (true): the tail of a symbolic length is max(n - 2, 0) long',
    kernel: '',
    imports: ['tailLength'],
    proof: `{ fn: tailLength, spec: '§0', statement: 'two bytes shorter, or empty', inputs: { s: bytes(4), n: int(0, 4) },
  ensures: ({ s, n }) => tailLength(s, n) === Math.max(n - 2, 0) }`,
    expect: { kind: 'true' },
  },
  // ---------- break and continue (issue 15) ----------
  {
    hole: 'break and continue',
    name: 'break: the first match wins, not the last',
    kernel: `
export function firstSevenIndex(xs: readonly number[]): number {
  let at = -1;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] === 7) {
      at = i;
      break;
    }
  }
  return at;
}`,
    imports: ['firstSevenIndex'],
    proof: `{ fn: firstSevenIndex, spec: '§0', statement: 'the last seven', inputs: { xs: tuple(3, int(0, 9)) },
  ensures: ({ xs }) => firstSevenIndex(xs) === (xs[2] === 7 ? 2 : xs[1] === 7 ? 1 : xs[0] === 7 ? 0 : -1) }`,
    expect: { kind: 'false', witness: { xs: [7, 7, 0] } },
    rare: '1 in 100 (two sevens)',
  },
  {
    hole: 'break and continue',
    name: 'continue: a skipped item is not added',
    kernel: `
export function sumSkippingSevens(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) {
    if (x === 7) continue;
    total += x;
  }
  return total;
}`,
    imports: ['sumSkippingSevens'],
    proof: `{ fn: sumSkippingSevens, spec: '§0', statement: 'the sum', inputs: { xs: tuple(2, int(0, 9)) },
  ensures: ({ xs }) => sumSkippingSevens(xs) === xs[0] + xs[1] }`,
    expect: { kind: 'false', witness: { xs: [7, 1] } },
  },
  {
    hole: 'break and continue',
    name: 'break: a body declaration shadowing a local is rejected',
    kernel: `
export function shadowedBreak(xs: readonly number[]): number {
  const n = 5;
  for (let i = 0; i < xs.length; i++) {
    const n = xs[i] ?? 0;
    if (n === 7) break;
  }
  return n;
}`,
    imports: ['shadowedBreak'],
    proof: `{ fn: shadowedBreak, spec: '§0', statement: 'the seven it stopped at', inputs: { xs: tuple(2, int(0, 9)) },
  ensures: ({ xs }) => xs[0] !== 7 || shadowedBreak(xs) === 7 }`,
    expect: { kind: 'false', witness: { xs: [7, 0] } },
  },
  {
    hole: 'break and continue',
    name: 'break and continue (true): for, for-of and while loops with early exits',
    kernel: `
export function stopAtZero(xs: readonly number[]): number {
  let i = 0;
  while (i < xs.length) {
    if (xs[i] === 0) break;
    i++;
  }
  return i;
}`,
    imports: ['firstSevenIndex', 'sumSkippingSevens', 'stopAtZero'],
    proof: `{ fn: firstSevenIndex, spec: '§0', statement: 'first seven, sum without sevens, first zero', inputs: { xs: tuple(3, int(0, 9)) },
  ensures: ({ xs }) =>
    firstSevenIndex(xs) === (xs[0] === 7 ? 0 : xs[1] === 7 ? 1 : xs[2] === 7 ? 2 : -1) &&
    sumSkippingSevens(xs) === (xs[0] === 7 ? 0 : xs[0]) + (xs[1] === 7 ? 0 : xs[1]) + (xs[2] === 7 ? 0 : xs[2]) &&
    stopAtZero(xs) === (xs[0] === 0 ? 0 : xs[1] === 0 ? 1 : xs[2] === 0 ? 2 : 3) }`,
    expect: { kind: 'true' },
  },
  // ---------- strings made at run time: template literals and hex ----------
  {
    hole: 'template strings and hex',
    name: 'template strings: two templates are not assumed to give different strings',
    kernel: `
export function joinedLeft(x: number): string {
  return \`\${x}23\`;
}
export function joinedRight(y: number): string {
  return \`12\${y}\`;
}`,
    imports: ['joinedLeft', 'joinedRight'],
    proof: `{ fn: joinedLeft, spec: '§0', statement: 'different templates never meet', inputs: { x: int(0, 99), y: int(0, 99) },
  ensures: ({ x, y }) => joinedLeft(x) !== joinedRight(y) }`,
    expect: { kind: 'model', witness: { x: 1, y: 3 } },
    rare: '1 in 10,000 (x = 1, y = 3)',
  },
  {
    hole: 'template strings and hex',
    name: 'template strings: a number and a bigint of one value print alike',
    kernel: `
export function labelled(n: number, b: bigint): boolean {
  return \`#\${n}\` === \`#\${b}\`;
}`,
    imports: ['labelled'],
    proof: `{ fn: labelled, spec: '§0', statement: 'a number and a bigint never print alike', inputs: { n: int(0, 65535), b: big(0n, 65535n) },
  ensures: ({ n, b }) => !labelled(n, b) }`,
    expect: { kind: 'model', witness: { n: 7, b: 7n } },
  },
  {
    hole: 'template strings and hex',
    name: 'hex: the hex of bytes is not assumed to differ from a literal',
    kernel: `
export function isMagicHex(b: Uint8Array): boolean {
  return toHex(b) === 'beef';
}`,
    imports: ['isMagicHex'],
    proof: `{ fn: isMagicHex, spec: '§0', statement: 'no two bytes are beef', inputs: { b: bytes(2) },
  ensures: ({ b }) => !isMagicHex(b) }`,
    expect: { kind: 'model', witness: { b: Uint8Array.of(0xbe, 0xef) } },
    rare: '1 in 65,536 (be ef)',
  },
  {
    hole: 'template strings and hex',
    name: 'template strings and hex (true): equal parts give equal strings; constant parts give the exact text',
    kernel: `
export function describe(code: string, at: number, id: Uint8Array): string {
  return \`\${code} at \${at} (\${toDisplayHex(id)})\`;
}
export function fixedLabel(): string {
  return \`\${'block'} \${12}-\${3n}\`;
}`,
    imports: ['describe', 'fixedLabel'],
    proof: `{ fn: describe, spec: '§0', statement: 'a function of its parts', inputs: { at: int(0, 9), id: bytes(2) },
  ensures: ({ at, id }) => describe('bad', at, id) === describe('bad', at, Uint8Array.of(id[0], id[1]))
    && fixedLabel() === 'block 12-3' }`,
    expect: { kind: 'true' },
  },
  // ---------- switch (issue 15) ----------
  {
    hole: 'switch',
    name: 'switch: every label of an empty-clause group selects its body',
    kernel: `
export function opcodeClass(x: number): number {
  switch (x) {
    case 4660:
    case 17185:
      return 2;
    case 7:
      return 1;
    default:
      return 0;
  }
}`,
    imports: ['opcodeClass'],
    proof: `{ fn: opcodeClass, spec: '§0', statement: 'class 2 only for 4660', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => opcodeClass(x) !== 2 || x === 4660 }`,
    expect: { kind: 'false', witness: { x: 17185 } },
    rare: '1 in 65,536 (x = 17185, the second label of a group)',
  },
  {
    hole: 'switch',
    name: 'switch: break leaves the switch and the code after it runs',
    kernel: `
export function switchThenAdd(x: number): number {
  let r = 0;
  switch (x) {
    case 1:
      r = 10;
      break;
    case 40000: {
      r = 20;
      break;
    }
    default:
      r = 1;
  }
  return r + 1;
}`,
    imports: ['switchThenAdd'],
    proof: `{ fn: switchThenAdd, spec: '§0', statement: 'the case value, or 2', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => switchThenAdd(x) === (x === 40000 ? 20 : x === 1 ? 11 : 2) }`,
    expect: { kind: 'false', witness: { x: 40000 } },
    rare: '1 in 65,536 (x = 40000, a block-scoped case)',
  },
  {
    hole: 'switch',
    name: 'switch: the first matching case wins, not a later equal one',
    kernel: `
const FIVE = 5;
const ALSO_FIVE = 5;
export function firstEqualCase(x: number): number {
  switch (x) {
    case FIVE:
      return 1;
    case ALSO_FIVE:
      return 2;
    default:
      return 0;
  }
}`,
    imports: ['firstEqualCase'],
    proof: `{ fn: firstEqualCase, spec: '§0', statement: 'the later case', inputs: { x: int(0, 9) },
  ensures: ({ x }) => x !== 5 || firstEqualCase(x) === 2 }`,
    expect: { kind: 'false', witness: { x: 5 } },
  },
  {
    hole: 'switch',
    name: 'switch: default in the middle is taken only when no case matches',
    kernel: `
export function defaultInMiddle(x: number): number {
  switch (x) {
    case 1:
      return 1;
    default:
      return 9;
    case 2:
      return 2;
  }
}`,
    imports: ['defaultInMiddle'],
    proof: `{ fn: defaultInMiddle, spec: '§0', statement: 'default after case 1', inputs: { x: int(0, 9) },
  ensures: ({ x }) => defaultInMiddle(x) === (x === 1 ? 1 : 9) }`,
    expect: { kind: 'false', witness: { x: 2 } },
  },
  {
    hole: 'switch',
    name: 'switch: continue inside a switch goes to the loop, skipping the code after the switch',
    kernel: `
export function sumSkippingInSwitch(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) {
    switch (x) {
      case 7:
        continue;
      case 8:
        total += 100;
        break;
      default:
        total += x;
    }
    total += 1;
  }
  return total;
}`,
    imports: ['sumSkippingInSwitch'],
    proof: `{ fn: sumSkippingInSwitch, spec: '§0', statement: 'each item plus one', inputs: { xs: tuple(2, int(0, 9)) },
  ensures: ({ xs }) => sumSkippingInSwitch(xs) === (xs[0] === 8 ? 100 : xs[0]) + (xs[1] === 8 ? 100 : xs[1]) + 2 }`,
    expect: { kind: 'false', witness: { xs: [7, 1] } },
  },
  {
    hole: 'switch',
    name: 'switch: a non-empty clause falling through into the next is rejected',
    kernel: `
export function fallThrough(x: number): number {
  let r = 0;
  switch (x) {
    case 1:
      r += 1;
    case 2:
      r += 2;
      break;
  }
  return r;
}`,
    imports: ['fallThrough'],
    proof: `{ fn: fallThrough, spec: '§0', statement: 'case 1 adds one', inputs: { x: int(0, 9) },
  ensures: ({ x }) => x !== 1 || fallThrough(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 1 } },
  },
  {
    hole: 'switch',
    name: 'switch: a case declaration shadowing a local is rejected',
    kernel: `
export function shadowInCase(x: number): number {
  const y = 1;
  switch (x) {
    case 3: {
      const y = 5;
      return y;
    }
  }
  return y;
}`,
    imports: ['shadowInCase'],
    proof: `{ fn: shadowInCase, spec: '§0', statement: 'the outer local', inputs: { x: int(0, 9) },
  ensures: ({ x }) => shadowInCase(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'switch',
    name: 'switch (true): groups, break, block cases, default in the middle, first match, continue',
    kernel: '',
    imports: ['opcodeClass', 'switchThenAdd', 'firstEqualCase', 'defaultInMiddle', 'sumSkippingInSwitch'],
    proof: `{ fn: opcodeClass, spec: '§0', statement: 'each function as written', inputs: { x: int(0, 65535), xs: tuple(2, int(0, 9)) },
  ensures: ({ x, xs }) =>
    opcodeClass(x) === (x === 4660 || x === 17185 ? 2 : x === 7 ? 1 : 0) &&
    switchThenAdd(x) === (x === 40000 ? 21 : x === 1 ? 11 : 2) &&
    firstEqualCase(x) === (x === 5 ? 1 : 0) &&
    defaultInMiddle(x) === (x === 1 ? 1 : x === 2 ? 2 : 9) &&
    sumSkippingInSwitch(xs) === (xs[0] === 7 ? 0 : xs[0] === 8 ? 101 : xs[0] + 1) + (xs[1] === 7 ? 0 : xs[1] === 8 ? 101 : xs[1] + 1) }`,
    expect: { kind: 'true' },
  },
  // ---------- contracts: a contract proof discharges its function's obligations once ----------
  {
    hole: 'contracts',
    name: 'contracts (true): the byte store of n * 25 holds for n in [0, 10]',
    kernel: `
export function contractScale(n: number): Uint8Array {
  const out = new Uint8Array(1);
  out[0] = n * 25;
  return out;
}`,
    imports: ['contractScale'],
    proof: `{ fn: contractScale, spec: '§0', statement: 'stores n * 25', inputs: { n: int(0, 10) }, contract: true,
  ensures: ({ n }) => contractScale(n)[0] === n * 25 }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'contracts',
    name: 'contracts (true): a caller whose arguments stay in the contract domain',
    kernel: `
export function scaleMod(n: number): number {
  return contractScale(n % 11)[0] as number;
}`,
    imports: ['scaleMod'],
    proof: `{ fn: scaleMod, spec: '§0', statement: 'scales n mod 11', inputs: { n: int(0, 65535) },
  ensures: ({ n }) => scaleMod(n) === (n % 11) * 25 }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'contracts',
    name: 'contracts: a caller that passes 11 for one input in 65,536 (outside the contract domain, where the store truncates)',
    kernel: `
export function scaleAt(n: number): number {
  return contractScale(n === 4242 ? 11 : 1)[0] as number;
}`,
    imports: ['scaleAt'],
    proof: `{ fn: scaleAt, spec: '§0', statement: 'scales 11 at 4242, else 1', inputs: { n: int(0, 65535) },
  ensures: ({ n }) => scaleAt(n) === (n === 4242 ? 275 : 25) }`,
    expect: { kind: 'false', witness: { n: 4242 } },
    rare: '1 in 65,536',
  },
  {
    hole: 'contracts',
    name: 'contracts: a contract domain one value too wide',
    kernel: `
export function contractWide(n: number): Uint8Array {
  const out = new Uint8Array(1);
  out[0] = n * 25;
  return out;
}`,
    imports: ['contractWide'],
    proof: `{ fn: contractWide, spec: '§0', statement: 'stores one byte', inputs: { n: int(0, 11) }, contract: true,
  ensures: ({ n }) => contractWide(n).length === 1 }`,
    expect: { kind: 'obligation', obligation: /is a byte/ },
  },
  {
    hole: 'contracts',
    name: 'contracts: a caller of a REFUTED contract is ERROR even where it holds',
    kernel: `
export function wideSmall(n: number): number {
  return contractWide(n)[0] as number;
}`,
    imports: ['wideSmall'],
    proof: `{ fn: wideSmall, spec: '§0', statement: 'scales small n', inputs: { n: int(0, 5) },
  ensures: ({ n }) => wideSmall(n) === n * 25 }`,
    expect: { kind: 'error', error: /relies on the contract proved by 'contracts: a contract domain one value too wide', which is REFUTED/ },
  },
  {
    hole: 'contracts',
    name: 'contracts: an ensures that never calls the function where its store truncates (1 input in 65,536)',
    kernel: `
export function contractSpike(n: number): Uint8Array {
  const out = new Uint8Array(1);
  out[0] = n === 40000 ? 256 : 0;
  return out;
}`,
    imports: ['contractSpike'],
    proof: `{ fn: contractSpike, spec: '§0', statement: 'stores 0 away from 40000', inputs: { n: int(0, 65535) }, contract: true,
  ensures: ({ n }) => (n === 40000 ? true : contractSpike(n)[0] === 0) }`,
    expect: { kind: 'obligation', obligation: /is a byte/ },
    rare: '1 in 65,536',
  },
  {
    hole: 'contracts',
    name: 'contracts: a caller of that contract near 40000 is ERROR',
    kernel: `
export function spikeNear(n: number): number {
  return contractSpike(n).length;
}`,
    imports: ['spikeNear'],
    proof: `{ fn: spikeNear, spec: '§0', statement: 'one byte', inputs: { n: int(39990, 40010) },
  ensures: ({ n }) => spikeNear(n) === 1 }`,
    expect: { kind: 'error', error: /relies on the contract proved by 'contracts: an ensures that never calls/ },
  },
  {
    hole: 'contracts',
    name: 'contracts: a contract with a requires is not one',
    kernel: `
export function contractGuarded(n: number): Uint8Array {
  const out = new Uint8Array(1);
  out[0] = n;
  return out;
}`,
    imports: ['contractGuarded'],
    proof: `{ fn: contractGuarded, spec: '§0', statement: 'stores n', inputs: { n: int(0, 1000) }, contract: true,
  requires: ({ n }) => n < 256, ensures: ({ n }) => contractGuarded(n)[0] === n }`,
    expect: { kind: 'error', error: /a contract has no requires/ },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: a bigint passed through a cast to a contract function that takes a number',
    kernel: `
export function scaleBigint(n: bigint): number {
  return contractScale(n as unknown as number)[0] as number;
}`,
    imports: ['scaleBigint'],
    proof: `{ fn: scaleBigint, spec: '§0', statement: 'scales n', inputs: { n: big(0n, 10n) },
  ensures: ({ n }) => scaleBigint(n) === Number(n) * 25 }`,
    expect: { kind: 'error', error: /a cast from 'unknown' to 'number'/ },
  },
  // ---------- array callbacks: reduce, forEach, entries (issue 15) ----------
  {
    hole: 'closures, instanceof and ?.',
    name: 'reduce, forEach and entries (true): left to right, with the index, a map written by forEach in order',
    kernel: `
export function digits(xs: readonly number[]): number {
  return xs.reduce((acc, x) => acc * 10 + x, 0);
}
export function lastIndexOfNine(xs: readonly number[]): number {
  let found = -1;
  for (const [i, x] of xs.entries()) if (x === 9) found = i;
  return found;
}
export function firstKeyWritten(xs: readonly number[]): number {
  const m = new Map<number, number>();
  xs.forEach((x, i) => {
    m.set(x, i);
  });
  for (const k of m.keys()) return k;
  return -1;
}`,
    imports: ['digits', 'lastIndexOfNine', 'firstKeyWritten'],
    proof: `{ fn: digits, spec: '§0', statement: 'JavaScript order', inputs: { a: int(0, 9), b: int(0, 9), c: int(0, 9) },
  ensures: ({ a, b, c }) => digits([a, b, c]) === a * 100 + b * 10 + c
    && lastIndexOfNine([a, b, c]) === (c === 9 ? 2 : b === 9 ? 1 : a === 9 ? 0 : -1)
    && firstKeyWritten([a, b, c]) === a }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'reduce: the accumulator runs left to right, not right to left',
    kernel: `
export function digitsOf(xs: readonly number[]): number {
  return xs.reduce((acc, x) => acc * 10 + x, 0);
}`,
    imports: ['digitsOf'],
    proof: `{ fn: digitsOf, spec: '§0', statement: 'right to left', inputs: { a: int(0, 9), b: int(0, 9) },
  requires: ({ a, b }) => a !== b,
  ensures: ({ a, b }) => digitsOf([a, b]) === b * 10 + a }`,
    expect: { kind: 'false', witness: { a: 1, b: 2 } },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'forEach: a callback that writes a map on a rare item writes it',
    kernel: `
export function countRare(xs: readonly number[]): number {
  const seen = new Map<string, number>();
  xs.forEach((x) => {
    if (x === 4242) seen.set('rare', x);
  });
  return seen.size;
}`,
    imports: ['countRare'],
    proof: `{ fn: countRare, spec: '§0', statement: 'nothing is seen', inputs: { a: int(0, 65535), b: int(0, 65535) },
  ensures: ({ a, b }) => countRare([a, b]) === 0 }`,
    expect: { kind: 'false', witness: { a: 7, b: 4242 } },
    rare: '1 in 32,768 (either item 4242)',
  },
  // ---------- maps (issue 15) ----------
  {
    hole: 'maps',
    name: 'maps (true): insertion order; a key set again keeps its place, one deleted and set again goes last; keys of other kinds never meet',
    kernel: `
export function keysAfter(a: string, b: string, reinsert: boolean): string[] {
  const m = new Map<string, number>();
  m.set(a, 1);
  m.set(b, 2);
  if (reinsert) m.delete(a);
  m.set(a, 3);
  const keys: string[] = [];
  for (const k of m.keys()) keys.push(k);
  return keys;
}
export function numberMeetsBigint(): boolean {
  const m = new Map<number | bigint, number>();
  m.set(1, 1);
  return m.has(1n) || m.get(1) !== 1;
}`,
    imports: ['keysAfter', 'numberMeetsBigint'],
    proof: `{ fn: keysAfter, spec: '§0', statement: 'JavaScript Map order', inputs: { a: str(), b: str() },
  requires: ({ a, b }) => a !== b,
  ensures: ({ a, b }) => {
    const kept = keysAfter(a, b, false);
    const moved = keysAfter(a, b, true);
    return kept.length === 2 && kept[0] === a && kept[1] === b && moved.length === 2 && moved[0] === b && moved[1] === a && !numberMeetsBigint();
  } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'maps',
    name: 'maps: a key deleted and set again does not keep its place',
    kernel: `
export function firstKeyAfterReset(a: string, b: string): string | undefined {
  const m = new Map<string, number>();
  m.set(a, 1);
  m.set(b, 2);
  m.delete(a);
  m.set(a, 3);
  for (const k of m.keys()) return k;
  return undefined;
}`,
    imports: ['firstKeyAfterReset'],
    proof: `{ fn: firstKeyAfterReset, spec: '§0', statement: 'the first key stays first', inputs: { a: str(), b: str() },
  requires: ({ a, b }) => a !== b,
  ensures: ({ a, b }) => firstKeyAfterReset(a, b) === a }`,
    expect: { kind: 'false', witness: { a: 'x', b: 'y' } },
  },
  {
    hole: 'maps',
    name: 'maps: setting a key the map already has does not grow it',
    kernel: `
export function sizeAfterSet(m: ReadonlyMap<string, number>, k: string): number {
  const copy = new Map(m);
  copy.set(k, 0);
  return copy.size;
}`,
    imports: ['sizeAfterSet'],
    proof: `{ fn: sizeAfterSet, spec: '§0', statement: 'set adds one entry', inputs: { m: map(2, str(), int(0, 9)), k: str() },
  ensures: ({ m, k }) => sizeAfterSet(m, k) === m.size + 1 }`,
    expect: { kind: 'false', witness: { m: new Map([['a', 1]]), k: 'a' } },
  },
  {
    hole: 'maps',
    name: 'maps: a lookup finds the one entry holding a rare value',
    kernel: `
export function valueOr0(m: ReadonlyMap<string, number>, k: string): number {
  return m.get(k) ?? 0;
}`,
    imports: ['valueOr0'],
    proof: `{ fn: valueOr0, spec: '§0', statement: 'no lookup gives 4242', inputs: { m: map(3, str(), int(0, 65535)), k: str() },
  ensures: ({ m, k }) => valueOr0(m, k) !== 4242 }`,
    expect: { kind: 'false', witness: { m: new Map([['a', 7], ['b', 4242]]), k: 'b' } },
    rare: '1 in 65,536 per entry (the value 4242 under the key looked up)',
  },
  {
    hole: 'maps',
    name: 'maps: a write to a map the function did not create is ERROR',
    kernel: `
export function stamp(m: Map<string, number>): number {
  m.set('stamped', 1);
  return m.size;
}`,
    imports: ['stamp'],
    proof: `{ fn: stamp, spec: '§0', statement: 'stamp leaves its argument alone', inputs: { m: map(2, str(), int(0, 9)) },
  requires: ({ m }) => !m.has('stamped'),
  ensures: ({ m }) => {
    stamp(m);
    return !m.has('stamped');
  } }`,
    expect: { kind: 'false', witness: { m: new Map([['a', 1]]) } },
    impure: true,
  },
  {
    hole: 'maps',
    name: 'maps (true): one map shared by a closure and an alias; delete says whether the key was there',
    kernel: `
export function sizeSeenLater(): number {
  const m = new Map<string, number>();
  const size = (): number => m.size;
  m.set('a', 1);
  return size();
}
export function sizeAfterAlias(): number {
  const m = new Map<string, number>();
  const alias = m;
  alias.set('one', 1);
  return m.size;
}
export function deletedFromCopy(m: ReadonlyMap<string, number>, k: string): boolean {
  const copy = new Map(m);
  if (copy.delete(k)) return !copy.has(k);
  return false;
}`,
    imports: ['sizeSeenLater', 'sizeAfterAlias', 'deletedFromCopy'],
    proof: `{ fn: deletedFromCopy, spec: '§0', statement: 'writes are seen through every reference', inputs: { m: map(2, str(), int(0, 9)), k: str() },
  ensures: ({ m, k }) => sizeSeenLater() === 1 && sizeAfterAlias() === 1 && deletedFromCopy(m, k) === m.has(k) && m.size <= 2 }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'maps',
    name: 'maps: a write on one path only is seen on that path',
    kernel: `
export function sizeAfterRareSet(x: number): number {
  const m = new Map<string, number>();
  const put = (): void => {
    m.set('rare', x);
  };
  if (x === 4242) put();
  return m.size;
}`,
    imports: ['sizeAfterRareSet'],
    proof: `{ fn: sizeAfterRareSet, spec: '§0', statement: 'the map stays empty', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => sizeAfterRareSet(x) === 0 }`,
    expect: { kind: 'false', witness: { x: 4242 } },
    rare: '1 in 65,536 (x = 4242)',
  },
  {
    hole: 'maps',
    name: 'maps: a closure reads the map as it is when the closure runs, not when it was made',
    kernel: `
export function sizeSeenByClosure(): number {
  const m = new Map<string, number>();
  const size = (): number => m.size;
  m.set('a', 1);
  return size();
}`,
    imports: ['sizeSeenByClosure'],
    proof: `{ fn: sizeSeenByClosure, spec: '§0', statement: 'the closure sees the empty map', inputs: {},
  ensures: () => sizeSeenByClosure() === 0 }`,
    expect: { kind: 'false', witness: {} },
  },
  {
    hole: 'maps',
    name: 'maps: a callee writing its argument writes the caller\'s map',
    kernel: `
function putTwo(m: Map<string, number>, k: string): void {
  m.set(k, 2);
}
export function valueAfterCallee(k: string): number {
  const m = new Map<string, number>();
  m.set(k, 1);
  putTwo(m, k);
  return m.get(k) ?? 0;
}`,
    imports: ['valueAfterCallee'],
    proof: `{ fn: valueAfterCallee, spec: '§0', statement: 'the caller keeps its value', inputs: { k: str() },
  ensures: ({ k }) => valueAfterCallee(k) === 1 }`,
    expect: { kind: 'false', witness: { k: 'x' } },
  },
  {
    hole: 'maps',
    name: 'maps: a loop over a map that sets keys in it is ERROR (JavaScript visits the new entries)',
    kernel: `
export function visitsWhileGrowing(): number {
  const m = new Map<number, number>();
  m.set(1, 0);
  let visits = 0;
  for (const k of m.keys()) {
    visits++;
    if (k < 3) m.set(k + 1, 0);
  }
  return visits;
}`,
    imports: ['visitsWhileGrowing'],
    proof: `{ fn: visitsWhileGrowing, spec: '§0', statement: 'one entry, one visit', inputs: {},
  ensures: () => visitsWhileGrowing() === 1 }`,
    expect: { kind: 'false', witness: {} },
  },
  // ---------- local functions (nested, called by name), loops run in sequence, pop and length ----------
  {
    hole: 'local functions and stack writes',
    name: 'local functions: a call site where a block declaration hides the variable the function reads is ERROR',
    kernel: `
export function hiddenLimit(x: number): boolean {
  const limit = 10;
  const above = (y: number): boolean => y > limit;
  {
    const limit = 1000;
    return above(x) && limit > 0;
  }
}`,
    imports: ['hiddenLimit'],
    proof: `{ fn: hiddenLimit, spec: '§0', statement: 'compares with the limit in the block', inputs: { x: int(0, 2000) },
  ensures: ({ x }) => hiddenLimit(x) === x > 1000 }`,
    expect: { kind: 'false', witness: { x: 50 } },
  },
  {
    hole: 'local functions and stack writes',
    name: 'local functions: one that assigns a variable of its caller, called inside an expression, is ERROR',
    kernel: `
export function bumpTwice(x: number): number {
  let n = 0;
  const bump = (): number => {
    n += x;
    return n;
  };
  const total = bump() + bump();
  return total + n;
}`,
    imports: ['bumpTwice'],
    proof: `{ fn: bumpTwice, spec: '§0', statement: 'the writes are lost', inputs: { x: int(1, 9) },
  ensures: ({ x }) => bumpTwice(x) === 2 * x }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'local functions and stack writes',
    name: 'local functions: a push in a local function reaches the caller\'s array, except for one value',
    kernel: `
export function pushShifted(xs: readonly number[], k: number): number[] {
  const out: number[] = [];
  const add = (v: number): void => {
    if (v !== 4660) out.push(v);
  };
  for (const x of xs) add(x + k);
  return out;
}`,
    imports: ['pushShifted'],
    proof: `{ fn: pushShifted, spec: '§0', statement: 'one item per input', inputs: { a: int(0, 65535), b: int(0, 65535), k: int(0, 0) },
  ensures: ({ a, b, k }) => pushShifted([a, b], k).length === 2 }`,
    expect: { kind: 'false', witness: { a: 1, b: 4660, k: 0 } },
    rare: '1 in 65,536 (b = 4660)',
  },
  {
    hole: 'local functions and stack writes',
    name: 'local functions (true): a hoisted declaration counting into its caller\'s variable, and a reader of the live array',
    kernel: `
export function countAbove(xs: readonly number[], limit: number): number {
  let count = 0;
  const seen: number[] = [];
  const lastSeen = (): number => seen[seen.length - 1] ?? -1;
  for (const x of xs) {
    visit(x);
    if (lastSeen() !== x) return -1;
  }
  return count;
  function visit(x: number): void {
    seen.push(x);
    if (x > limit) count++;
  }
}`,
    imports: ['countAbove'],
    proof: `{ fn: countAbove, spec: '§0', statement: 'counts the items above the limit', inputs: { a: int(0, 9), b: int(0, 9), c: int(0, 9), l: int(0, 9) },
  ensures: ({ a, b, c, l }) => countAbove([a, b, c], l) === (a > l ? 1 : 0) + (b > l ? 1 : 0) + (c > l ? 1 : 0) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'local functions and stack writes',
    name: 'loops in sequence: past 64 iterations an early return is kept, at item 66 of 70',
    kernel: `
/** @unwind 80 */
export function firstAbove(xs: readonly number[], v: number): number {
  for (let i = 0; i < xs.length; i++) {
    if ((xs[i] as number) > v) return i;
  }
  return -1;
}`,
    imports: ['firstAbove'],
    proof: `{ fn: firstAbove, spec: '§0', statement: 'never item 66', inputs: { xs: tuple(70, int(0, 9)), v: int(0, 9) },
  ensures: ({ xs, v }) => firstAbove(xs, v) !== 66 }`,
    expect: { kind: 'false', witness: { xs: Array.from({ length: 70 }, (_, i) => (i === 66 ? 5 : 0)), v: 1 } },
  },
  {
    hole: 'local functions and stack writes',
    name: 'loops in sequence (true): past 64 iterations the first item above v, or -1 when none is',
    kernel: '',
    imports: ['firstAbove'],
    proof: `{ fn: firstAbove, spec: '§0', statement: 'the first item above v', inputs: { xs: tuple(70, int(0, 9)), v: int(0, 9) },
  ensures: ({ xs, v }) => { const r = firstAbove(xs, v); return r === -1 ? xs.every((x) => x <= v) : r >= 0 && r < 70 && xs[r] > v && xs.every((x, i) => i >= r || x <= v); } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'local functions and stack writes',
    name: 'loops in sequence (true): the first match with break and continue, and pop and length cuts',
    kernel: `
export function firstIndexSkipping(xs: readonly number[], v: number, skip: number): number {
  let found = -1;
  for (let i = 0; i < xs.length; i++) {
    if (i === skip) continue;
    if (xs[i] === v) {
      found = i;
      break;
    }
  }
  return found;
}
export function cut(xs: readonly number[], k: number): number {
  const s = xs.slice();
  s.length -= k;
  s.pop();
  s.pop();
  return s.length * 10 + (s[0] ?? 7);
}`,
    imports: ['firstIndexSkipping', 'cut'],
    proof: `{ fn: firstIndexSkipping, spec: '§0', statement: 'the first match not at skip; cut drops k, then two, never below empty', inputs: { a: int(0, 9), b: int(0, 9), c: int(0, 9), v: int(0, 9), skip: int(0, 3), k: int(0, 3) },
  ensures: ({ a, b, c, v, skip, k }) => firstIndexSkipping([a, b, c], v, skip) === (skip !== 0 && a === v ? 0 : skip !== 1 && b === v ? 1 : skip !== 2 && c === v ? 2 : -1)
    && cut([a, b, c], k) === (k === 0 ? 10 + a : 7) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'local functions and stack writes',
    name: 'stack writes: a pop on one rare path takes the last item off',
    kernel: `
export function lastAfterPop(xs: readonly number[], k: number): number | undefined {
  const s = xs.slice();
  if (k === 4660) s.pop();
  return s[s.length - 1];
}`,
    imports: ['lastAfterPop'],
    proof: `{ fn: lastAfterPop, spec: '§0', statement: 'the last item', inputs: { a: int(0, 9), b: int(0, 9), k: int(0, 65535) },
  ensures: ({ a, b, k }) => lastAfterPop([a, b], k) === b }`,
    expect: { kind: 'false', witness: { a: 1, b: 2, k: 4660 } },
    rare: '1 in 65,536 (k = 4660)',
  },
  {
    hole: 'local functions and stack writes',
    name: 'stack writes: growing an array through its length leaves a hole, outside the subset',
    kernel: `
export function grown(xs: readonly number[]): number {
  const s = xs.slice();
  s.length = s.length + 1;
  return s.length;
}`,
    imports: ['grown'],
    proof: `{ fn: grown, spec: '§0', statement: 'one longer', inputs: { a: int(0, 9) },
  ensures: ({ a }) => grown([a]) === 2 }`,
    expect: { kind: 'obligation', obligation: /an array length is set within \[0, length\]/ },
  },
  {
    hole: 'local functions and stack writes',
    name: 'stack writes: a for-of over an array its body pushes to is ERROR (JavaScript iterates it live)',
    kernel: `
export function visitsGrowing(xs: readonly number[]): number {
  const s = xs.slice();
  let n = 0;
  for (const x of s) {
    if (n < 2) s.push(x);
    n++;
  }
  return n;
}`,
    imports: ['visitsGrowing'],
    proof: `{ fn: visitsGrowing, spec: '§0', statement: 'one visit per item', inputs: { a: int(0, 9), b: int(0, 9) },
  ensures: ({ a, b }) => visitsGrowing([a, b]) === 2 }`,
    expect: { kind: 'false', witness: { a: 1, b: 2 } },
  },
  {
    hole: 'local functions and stack writes',
    name: 'callbacks: one that outlives the call it is passed to, through the result, is ERROR',
    kernel: `
function keep(f: () => number): { readonly f: () => number } {
  return { f };
}
export function staleRead(x: number): number {
  const buf = [x];
  const held = keep(() => buf[0] as number);
  buf[0] = 0;
  return held.f();
}`,
    imports: ['staleRead'],
    proof: `{ fn: staleRead, spec: '§0', statement: 'reads the item as it was', inputs: { x: int(1, 9) },
  ensures: ({ x }) => staleRead(x) === x }`,
    expect: { kind: 'false', witness: { x: 5 } },
  },
  {
    hole: 'local functions and stack writes',
    name: 'callbacks: one that outlives the call inside another closure the result holds is ERROR',
    kernel: `
function wrap(f: () => number): () => number {
  return () => f();
}
export function staleThroughWrapper(x: number): number {
  const buf = [x];
  const later = wrap(() => buf[0] as number);
  buf[0] = 0;
  return later();
}`,
    imports: ['staleThroughWrapper'],
    proof: `{ fn: staleThroughWrapper, spec: '§0', statement: 'reads the item as it was', inputs: { x: int(1, 9) },
  ensures: ({ x }) => staleThroughWrapper(x) === x }`,
    expect: { kind: 'false', witness: { x: 5 } },
  },
  {
    hole: 'local functions and stack writes',
    name: 'callbacks (true): a callback capturing a written array and an assigned variable, run during the call, and a for-of over a symbolic length',
    kernel: `
function countIf(n: number, pred: (i: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < n && i < 3; i++) if (pred(i)) c++;
  return c;
}
export function countAtLeast(xs: readonly number[], limit: number, n: number): number {
  const buf: number[] = [];
  for (let i = 0; i < n && i < xs.length; i++) buf.push(xs[i] as number);
  let bound = limit;
  bound += 1;
  let sum = 0;
  for (const x of buf) sum += x;
  return countIf(buf.length, (i) => (buf[i] as number) >= bound) * 100 + sum;
}`,
    imports: ['countAtLeast'],
    proof: `{ fn: countAtLeast, spec: '§0', statement: 'counts the first n items above the limit, plus their sum', inputs: { a: int(0, 9), b: int(0, 9), c: int(0, 9), l: int(0, 9), n: int(0, 3) },
  ensures: ({ a, b, c, l, n }) => countAtLeast([a, b, c], l, n) === ((n > 0 && a > l ? 1 : 0) + (n > 1 && b > l ? 1 : 0) + (n > 2 && c > l ? 1 : 0)) * 100 + (n > 0 ? a : 0) + (n > 1 ? b : 0) + (n > 2 ? c : 0) }`,
    expect: { kind: 'true' },
  },
  // ---------- byte-array writes (set, copyWithin) and SHA256D64 ----------
  {
    hole: 'byte-array writes and SHA256D64',
    name: 'byte writes: Uint8Array.set into an input is ERROR',
    kernel: `
export function stampInput(b: Uint8Array, x: number): number {
  if (x === 4660) b.set([0], 1);
  return b.length;
}`,
    imports: ['stampInput'],
    proof: `{ fn: stampInput, spec: '§0', statement: 'leaves its input unchanged', inputs: { s: bytes(2), x: int(0, 65535) },
  ensures: ({ s, x }) => { const before = s[1]; stampInput(s, x); return s[1] === before; } }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 2), x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'byte-array writes and SHA256D64',
    name: 'byte writes: copyWithin through a subarray view is ERROR',
    kernel: `
export function shiftThroughView(x: number): number {
  const out = Uint8Array.of(x, 7, 9);
  const view = out.subarray(1, 3);
  view.copyWithin(0, 1);
  return out[1] ?? 0;
}`,
    imports: ['shiftThroughView'],
    proof: `{ fn: shiftThroughView, spec: '§0', statement: 'the view write does not reach the array', inputs: { x: byte() },
  ensures: ({ x }) => shiftThroughView(x) === 7 }`,
    expect: { kind: 'false', witness: { x: 1 } },
  },
  {
    hole: 'byte-array writes and SHA256D64',
    name: 'byte writes: a set past the end throws (a failed RangeError obligation)',
    kernel: `
export function setPastEnd(b: Uint8Array): number {
  const out = new Uint8Array(2);
  out.set(b, 1);
  return out[1] ?? 0;
}`,
    imports: ['setPastEnd'],
    proof: `{ fn: setPastEnd, spec: '§0', statement: 'copies the first byte', inputs: { s: bytes(2) },
  ensures: ({ s }) => setPastEnd(s) === s[0] }`,
    // JavaScript throws there: the RangeError obligation fails, and the replay on the real code confirms it.
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 0) } },
  },
  {
    hole: 'byte-array writes and SHA256D64',
    name: 'byte writes: an off-by-one copyWithin on one 16-bit value',
    kernel: `
export function rotateIfMagic(a: number, b: number, x: number): number {
  const out = Uint8Array.of(a, b, 0, 0);
  out.set([a], 3);
  if (x === 4660) out.copyWithin(2, 0, 1);
  else out.copyWithin(2, 1, 2);
  return out[2] ?? 0;
}`,
    imports: ['rotateIfMagic'],
    proof: `{ fn: rotateIfMagic, spec: '§0', statement: 'the third byte is b', inputs: { a: byte(), b: byte(), x: int(0, 65535) },
  ensures: ({ a, b, x }) => rotateIfMagic(a, b, x) === b }`,
    expect: { kind: 'false', witness: { a: 1, b: 2, x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'byte-array writes and SHA256D64',
    name: 'SHA256D64: the bytes past the last whole message are ignored, not a digest',
    kernel: `
export function digestsOf(b: Uint8Array): number {
  return sha256d64(b).length;
}`,
    imports: ['digestsOf'],
    proof: `{ fn: digestsOf, spec: '§0', statement: 'two digests for 96 bytes', inputs: { s: bytes(96) },
  ensures: ({ s }) => digestsOf(s) === 64 }`,
    expect: { kind: 'false', witness: { s: new Uint8Array(96) } },
  },
  {
    hole: 'byte-array writes and SHA256D64',
    name: 'byte writes (true): set and an overlapping copyWithin as JavaScript does them, and SHA256D64 per message',
    kernel: `
export function overlapCopy(a: number, b: number, c: number): Uint8Array {
  const out = new Uint8Array(5);
  const view = out.subarray(1, 5);
  out.set([a, b, c], 1);
  out.copyWithin(2, 1, 4);
  return concatBytes(view, sha256d64(new Uint8Array(130)));
}`,
    imports: ['overlapCopy'],
    proof: `{ fn: overlapCopy, spec: '§0', statement: '[0, a, b, c, 0] becomes [0, a, a, b, c]; the view sees it; two digests of 64 zero bytes', inputs: { a: byte(), b: byte(), c: byte() },
  ensures: ({ a, b, c }) => { const r = overlapCopy(a, b, c); const d = sha256d(new Uint8Array(64)); return r.length === 68 && r[0] === a && r[1] === a && r[2] === b && r[3] === c && equalBytes(r.subarray(4, 36), d) && equalBytes(r.subarray(36, 68), d); } }`,
    expect: { kind: 'true' },
  },
  // ---------- .find / .findIndex (closures) ----------
  {
    hole: 'closures, instanceof and ?.',
    name: 'find (true): the first item over 200, its index, and undefined / -1 when none',
    kernel: `
export function firstOver200(xs: readonly number[]): number | undefined {
  return xs.find((x) => x > 200);
}
export function indexOver200(xs: readonly number[]): number {
  return xs.findIndex((x) => x > 200);
}`,
    imports: ['firstOver200', 'indexOver200'],
    proof: `{ fn: firstOver200, spec: '§0', statement: 'the first match from the left', inputs: { xs: tuple(3, byte()) },
  ensures: ({ xs }) => {
    const [a, b, c] = xs as [number, number, number];
    const i = a > 200 ? 0 : b > 200 ? 1 : c > 200 ? 2 : -1;
    return firstOver200(xs) === (i === -1 ? undefined : xs[i]) && indexOver200(xs) === i;
  } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'find: a match on one item value in 65,536 is found',
    kernel: `
export function magicIndex(xs: readonly number[]): number {
  return xs.findIndex((x) => x === 4660);
}`,
    imports: ['magicIndex'],
    proof: `{ fn: magicIndex, spec: '§0', statement: 'never found', inputs: { xs: tuple(2, int(0, 65535)) },
  ensures: ({ xs }) => magicIndex(xs) === -1 }`,
    expect: { kind: 'false', witness: { xs: [1, 4660] } },
    rare: '1 in 65,536 per item (x = 4660)',
  },
  {
    hole: 'closures, instanceof and ?.',
    name: 'find: the first match, not the last',
    kernel: `
export function firstEven(xs: readonly number[]): number | undefined {
  return xs.find((x) => x % 2 === 0);
}`,
    imports: ['firstEven'],
    proof: `{ fn: firstEven, spec: '§0', statement: 'the last even item', inputs: { xs: tuple(2, byte()) },
  ensures: ({ xs }) => { const [a, b] = xs as [number, number]; return firstEven(xs) === (b % 2 === 0 ? b : a % 2 === 0 ? a : undefined); } }`,
    expect: { kind: 'false', witness: { xs: [2, 4] } },
  },
  // ---------- Set (the Map model, value = key) ----------
  {
    hole: 'maps',
    name: 'Set (true): add, has, size, delete and for-of in insertion order',
    kernel: `
export function distinctInOrder(xs: readonly number[]): number[] {
  const seen = new Set<number>();
  for (const x of xs) seen.add(x);
  const out: number[] = [seen.size];
  for (const x of seen) out.push(x);
  return out;
}
export function addThenDelete(a: number, b: number): boolean {
  const s = new Set([a]);
  s.delete(b);
  return s.has(a);
}`,
    imports: ['distinctInOrder', 'addThenDelete'],
    proof: `{ fn: distinctInOrder, spec: '§0', statement: 'the distinct items, first occurrences in order, after their count', inputs: { xs: tuple(3, int(0, 3)), a: byte(), b: byte() },
  ensures: ({ xs, a, b }) => {
    const [p, q, r] = xs as [number, number, number];
    const firsts = p === q ? (p === r ? [p] : [p, r]) : p === r || q === r ? [p, q] : [p, q, r];
    const got = distinctInOrder(xs);
    let ok = got.length === firsts.length + 1 && got[0] === firsts.length;
    for (let i = 0; i < firsts.length; i++) ok = ok && got[i + 1] === firsts[i];
    return ok && addThenDelete(a, b) === (a !== b);
  } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'maps',
    name: 'Set: two items are two distinct values except on 1 pair in 65,536',
    kernel: `
export function distinctCount(xs: readonly number[]): number {
  const seen = new Set<number>();
  for (const x of xs) seen.add(x);
  return seen.size;
}`,
    imports: ['distinctCount'],
    proof: `{ fn: distinctCount, spec: '§0', statement: 'two distinct values', inputs: { xs: tuple(2, int(0, 65535)) },
  ensures: ({ xs }) => distinctCount(xs) === 2 }`,
    expect: { kind: 'false', witness: { xs: [7, 7] } },
    rare: '1 in 65,536 (equal items)',
  },
  {
    hole: 'maps',
    name: 'Set: a module-level Set is state, never written (ERROR)',
    kernel: `
const SEEN_ONCE = new Set<number>();
export function rememberOnce(x: number): number {
  SEEN_ONCE.add(x);
  return SEEN_ONCE.size;
}`,
    imports: ['rememberOnce'],
    proof: `{ fn: rememberOnce, spec: '§0', statement: 'one remembered value', inputs: { x: byte() },
  ensures: ({ x }) => rememberOnce(x) === 1 }`,
    expect: { kind: 'error', error: /did not create/ },
    impure: true,
  },
  // ---------- in-out array arguments (@inOut writers) ----------
  {
    hole: 'in-out array arguments',
    name: 'in-out (true): two writes through an @inOut parameter (one through an alias) reach the caller, its view included',
    kernel: `
/** @inOut out */
function putPairAt(out: Uint8Array, at: number, x: number): number {
  const alias = out;
  alias[at] = x;
  out[at + 1] = 255 - x;
  return at + 2;
}
export function pairsOf(x: number): Uint8Array {
  const out = new Uint8Array(4);
  const view = out.subarray(2, 4);
  let at = putPairAt(out, 0, x);
  at = putPairAt(out, at, 7);
  return concatBytes(out, view, Uint8Array.of(at));
}`,
    imports: ['pairsOf'],
    proof: `{ fn: pairsOf, spec: '§0', statement: 'x, 255 - x, 7, 248, then the view 7, 248, then the offset 4', inputs: { x: byte() },
  ensures: ({ x }) => { const r = pairsOf(x); return r.length === 7 && r[0] === x && r[1] === 255 - x && r[2] === 7 && r[3] === 248 && r[4] === 7 && r[5] === 248 && r[6] === 4; } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'in-out array arguments',
    name: 'in-out: a write on one input in 65,536 reaches the caller',
    kernel: `
/** @inOut out */
function stampIfMagic(out: Uint8Array, x: number): void {
  if (x === 4660) out[1] = 9;
}
export function stampedCopy(x: number): number {
  const out = new Uint8Array(2);
  stampIfMagic(out, x);
  return out[1] ?? 0;
}`,
    imports: ['stampedCopy'],
    proof: `{ fn: stampedCopy, spec: '§0', statement: 'the second byte stays 0', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => stampedCopy(x) === 0 }`,
    expect: { kind: 'false', witness: { x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'in-out array arguments',
    name: 'in-out: a callee that rebinds its @inOut parameter writes a new array, not the caller\'s (ERROR)',
    kernel: `
/** @inOut out */
function rebindAndWrite(out: Uint8Array, x: number): number {
  out = new Uint8Array(2);
  out[0] = x;
  return out[0] ?? 0;
}
export function afterRebind(x: number): number {
  const out = new Uint8Array(2);
  rebindAndWrite(out, x);
  return out[0] ?? 0;
}`,
    imports: ['afterRebind'],
    proof: `{ fn: afterRebind, spec: '§0', statement: 'the caller sees x', inputs: { x: byte() },
  ensures: ({ x }) => afterRebind(x) === x }`,
    expect: { kind: 'false', witness: { x: 1 } },
    impure: true,
  },
  {
    hole: 'in-out array arguments',
    name: 'in-out: one array as two @inOut arguments (ERROR)',
    kernel: `
/**
 * @inOut a
 * @inOut b
 */
function copyFirstInto(a: Uint8Array, b: Uint8Array): void {
  b[0] = 5;
  a[1] = b[0] ?? 0;
}
export function sameArrayTwice(x: number): number {
  const out = Uint8Array.of(x, 0);
  copyFirstInto(out, out);
  return out[0] ?? 0;
}`,
    imports: ['sameArrayTwice'],
    proof: `{ fn: sameArrayTwice, spec: '§0', statement: 'the first byte stays x', inputs: { x: byte() },
  ensures: ({ x }) => sameArrayTwice(x) === x }`,
    expect: { kind: 'false', witness: { x: 1 } },
  },
  {
    hole: 'in-out array arguments',
    name: 'in-out: an input passed to an @inOut parameter is not writable (ERROR)',
    kernel: `
/** @inOut out */
function stampSecondIfMagic(out: Uint8Array, x: number): void {
  if (x === 4660) out[1] = 9;
}
export function stampInputThrough(b: Uint8Array, x: number): number {
  stampSecondIfMagic(b, x);
  return b.length;
}`,
    imports: ['stampInputThrough'],
    proof: `{ fn: stampInputThrough, spec: '§0', statement: 'leaves its input unchanged', inputs: { s: bytes(2), x: int(0, 65535) },
  ensures: ({ s, x }) => { const before = s[1]; stampInputThrough(s, x); return s[1] === before; } }`,
    expect: { kind: 'false', witness: { s: Uint8Array.of(1, 2), x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
    impure: true,
  },
  {
    hole: 'in-out array arguments',
    name: 'in-out: a writer called inside an expression is not threaded (ERROR)',
    kernel: `
/** @inOut out */
function putOneAt(out: Uint8Array, at: number, x: number): number {
  out[at] = x;
  return at + 1;
}
export function writtenInExpression(x: number): number {
  const out = new Uint8Array(2);
  const next = 1 + putOneAt(out, 0, x);
  return (out[0] ?? 0) + next;
}`,
    imports: ['writtenInExpression'],
    proof: `{ fn: writtenInExpression, spec: '§0', statement: 'x + 2', inputs: { x: byte() },
  ensures: ({ x }) => writtenInExpression(x) === x + 2 }`,
    expect: { kind: 'error', error: /not passed to this call as an in-out argument/ },
  },
  // ---------- hashes of an array of a bounded symbolic length ----------
  {
    hole: 'hashes of symbolic length',
    name: 'symbolic-length hash (true): the hash of a prefix of 0, 1 or 2 bytes is the hash of exactly those bytes, and prefixes of different lengths differ',
    kernel: `
export function prefixDigest(b: Uint8Array, n: number): Uint8Array {
  return sha256(b.subarray(0, n));
}`,
    imports: ['prefixDigest'],
    proof: `{ fn: prefixDigest, spec: '§0', statement: 'the digest of the first n bytes', inputs: { b: bytes(2), n: int(0, 2) },
  ensures: ({ b, n }) => equalBytes(prefixDigest(b, n), sha256(n === 0 ? new Uint8Array(0) : n === 1 ? Uint8Array.of(b[0]!) : b)) && !equalBytes(prefixDigest(b, 1), prefixDigest(b, 2)) }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'hashes of symbolic length',
    name: 'symbolic-length hash: a prefix one byte short on one input in 65,536 is not the whole array\'s hash',
    kernel: `
export function shortOnMagic(b: Uint8Array, x: number): Uint8Array {
  return sha256(b.subarray(0, x === 4660 ? 1 : 2));
}`,
    imports: ['shortOnMagic'],
    proof: `{ fn: shortOnMagic, spec: '§0', statement: 'the hash of both bytes', inputs: { b: bytes(2), x: int(0, 65535) },
  ensures: ({ b, x }) => equalBytes(shortOnMagic(b, x), sha256(b)) }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(1, 2), x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'hashes of symbolic length',
    name: 'symbolic-length hash: every length but the full one claimed equal to the full hash',
    kernel: `
export function digestOfFirst(b: Uint8Array, n: number): Uint8Array {
  return sha256(b.subarray(0, n));
}`,
    imports: ['digestOfFirst'],
    proof: `{ fn: digestOfFirst, spec: '§0', statement: 'any prefix hashes like the whole', inputs: { b: bytes(3), n: int(0, 3) },
  ensures: ({ b, n }) => equalBytes(digestOfFirst(b, n), sha256(b)) }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(1, 2, 3), n: 0 } },
  },
  {
    hole: 'hashes of symbolic length',
    name: 'symbolic-length hash: more lengths than the bound is ERROR',
    kernel: `
export function digestOfLongPrefix(b: Uint8Array, n: number): Uint8Array {
  return sha256(b.subarray(0, n));
}`,
    imports: ['digestOfLongPrefix'],
    proof: `{ fn: digestOfLongPrefix, spec: '§0', statement: '32 bytes', inputs: { b: bytes(40), n: int(0, 40) },
  ensures: ({ b, n }) => digestOfLongPrefix(b, n).length === 32 }`,
    expect: { kind: 'error', error: /symbolic length takes 41 values/ },
  },

  // ---------- value-returning && and || (found 2026-12-05 by an adversarial review) ----------
  {
    hole: 'value-returning && and ||',
    name: 'logic: n && flag is n where n is 0',
    kernel: `
export function andValue(n: number, flag: boolean): boolean | number {
  return n && flag;
}`,
    imports: ['andValue'],
    proof: `{ fn: andValue, spec: '§0', statement: 'a boolean', inputs: { n: int(0, 10), flag: bool() },
  ensures: ({ n, flag }) => andValue(n, flag) === (n !== 0 && flag) }`,
    expect: { kind: 'false', witness: { n: 0, flag: true } },
  },
  {
    hole: 'value-returning && and ||',
    name: 'logic: n || flag is n where n is not 0',
    kernel: `
export function orValue(n: number, flag: boolean): boolean | number {
  return n || flag;
}`,
    imports: ['orValue'],
    proof: `{ fn: orValue, spec: '§0', statement: 'a boolean', inputs: { n: int(0, 10), flag: bool() },
  ensures: ({ n, flag }) => orValue(n, flag) === (n !== 0 || flag) }`,
    expect: { kind: 'false', witness: { n: 3, flag: false } },
  },
  {
    hole: 'value-returning && and ||',
    name: 'logic (true): a number operand of && in a condition is read for its truthiness only',
    kernel: `
export function bothSet(n: number, flag: boolean): boolean {
  if (n && flag) return true;
  return false;
}`,
    imports: ['bothSet'],
    proof: `{ fn: bothSet, spec: '§0', statement: 'both set', inputs: { n: int(0, 10), flag: bool() },
  ensures: ({ n, flag }) => bothSet(n, flag) === (n !== 0 && flag) }`,
    expect: { kind: 'true' },
  },
  // ---------- destructuring defaults ----------
  {
    hole: 'destructuring defaults',
    name: 'destructuring: an object pattern default where the field is missing',
    kernel: `
export function fieldOrSeven(x: number, flag: boolean): number {
  const r: { a?: number } = flag ? { a: x } : {};
  const { a = 5 } = r;
  return a ?? 7;
}`,
    imports: ['fieldOrSeven'],
    proof: `{ fn: fieldOrSeven, spec: '§0', statement: 'x or 7', inputs: { x: byte(), flag: bool() },
  ensures: ({ x, flag }) => fieldOrSeven(x, flag) === (flag ? x : 7) }`,
    expect: { kind: 'false', witness: { x: 1, flag: false } },
  },
  {
    hole: 'destructuring defaults',
    name: 'destructuring: an array pattern default past the end',
    kernel: `
export function firstOrSeven(x: number): number {
  const xs: number[] = x > 300 ? [x] : [];
  const [a = 5] = xs.slice(0, 0);
  return a ?? 7;
}`,
    imports: ['firstOrSeven'],
    proof: `{ fn: firstOrSeven, spec: '§0', statement: '7', inputs: { x: byte() },
  ensures: ({ x }) => firstOrSeven(x) === 7 }`,
    expect: { kind: 'false', witness: { x: 0 } },
  },
  {
    hole: 'destructuring defaults',
    name: 'destructuring (true): a pattern without defaults',
    kernel: `
export function sumOfPair(p: { readonly a: number; readonly b: number }): number {
  const { a, b } = p;
  return a + b;
}`,
    imports: ['sumOfPair'],
    proof: `{ fn: sumOfPair, spec: '§0', statement: 'the sum', inputs: { a: byte(), b: byte() },
  ensures: ({ a, b }) => sumOfPair({ a, b }) === a + b }`,
    expect: { kind: 'true' },
  },
  // ---------- byte arrays known by their type, not by its spelling ----------
  {
    hole: 'byte arrays by type',
    name: 'byte arrays: a store into a Uint8Array typed by an alias wraps at 256',
    kernel: `
type Bytes = Uint8Array<ArrayBuffer>;
export function storedPlusOne(x: number): number {
  const out: Bytes = new Uint8Array(2);
  out[0] = x + 1;
  return out[0] ?? 0;
}`,
    imports: ['storedPlusOne'],
    proof: `{ fn: storedPlusOne, spec: '§0', statement: 'x + 1', inputs: { x: byte() },
  ensures: ({ x }) => storedPlusOne(x) === x + 1 }`,
    expect: { kind: 'false', witness: { x: 255 } },
    rare: '1 in 256 (x = 255)',
  },
  {
    hole: 'byte arrays by type',
    name: 'byte arrays: .map of a type parameter bounded by Uint8Array wraps at 256',
    kernel: `
export function firstMappedPlusOne<T extends Uint8Array>(b: T): number {
  return b.map((v) => v + 1)[0] ?? 0;
}`,
    imports: ['firstMappedPlusOne'],
    proof: `{ fn: firstMappedPlusOne, spec: '§0', statement: 'b[0] + 1', inputs: { b: bytes(1) },
  ensures: ({ b }) => firstMappedPlusOne(b) === (b[0] as number) + 1 }`,
    expect: { kind: 'false', witness: { b: Uint8Array.of(255) } },
  },
  {
    hole: 'byte arrays by type',
    name: 'byte arrays (true): a plain number array stores 256',
    kernel: `
export function plainStoredPlusOne(x: number): number {
  const out: number[] = [0, 0];
  out[0] = x + 1;
  return out[0] ?? 0;
}`,
    imports: ['plainStoredPlusOne'],
    proof: `{ fn: plainStoredPlusOne, spec: '§0', statement: 'x + 1', inputs: { x: byte() },
  ensures: ({ x }) => plainStoredPlusOne(x) === x + 1 }`,
    expect: { kind: 'true' },
  },
  // ---------- casts, type predicates and any: the translator takes an array's class from its static type ----------
  {
    hole: 'casts that change what a value is',
    name: 'casts: a number[] behind a cast to Uint8Array keeps 256 and above (a store into it does not wrap)',
    kernel: `
export function storeThroughBytesCast(x: number): number {
  const xs: number[] = [0, 0];
  const view = xs as unknown as Uint8Array;
  view[0] = x;
  return view[0] ?? 0;
}`,
    imports: ['storeThroughBytesCast'],
    proof: `{ fn: storeThroughBytesCast, spec: '§0', statement: 'x mod 256', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => storeThroughBytesCast(x) === x % 256 }`,
    expect: { kind: 'false', witness: { x: 256 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: a Uint8Array behind a cast to number[] wraps its one store of 300 (x = 4660: 1 in 65,536)',
    kernel: `
export function storeThroughPlainCast(x: number): number {
  const bytes = new Uint8Array(1);
  const xs = bytes as unknown as number[];
  xs[0] = x === 4660 ? 300 : x % 256;
  return xs[0] ?? 0;
}`,
    imports: ['storeThroughPlainCast'],
    proof: `{ fn: storeThroughPlainCast, spec: '§0', statement: '300 at 4660', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => storeThroughPlainCast(x) === (x === 4660 ? 300 : x % 256) }`,
    expect: { kind: 'false', witness: { x: 4660 } },
    rare: '1 in 65,536',
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: subarray of a number[] behind a cast (JavaScript throws: arrays have no subarray)',
    kernel: `
export function headOfCastArray(x: number): number {
  const xs: number[] = [x, 1];
  return (xs as unknown as Uint8Array).subarray(0, 1).length;
}`,
    imports: ['headOfCastArray'],
    proof: `{ fn: headOfCastArray, spec: '§0', statement: 'one', inputs: { x: byte() },
  ensures: ({ x }) => headOfCastArray(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 0 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: a generic coercion through `as T` (a number[] used as a Uint8Array)',
    kernel: `
function coerceTo<T>(v: unknown): T {
  return v as T;
}
export function storeThroughCoercion(x: number): number {
  const u = coerceTo<Uint8Array>([0]);
  u[0] = x;
  return u[0] ?? 0;
}`,
    imports: ['storeThroughCoercion'],
    proof: `{ fn: storeThroughCoercion, spec: '§0', statement: 'x mod 256', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => storeThroughCoercion(x) === x % 256 }`,
    expect: { kind: 'false', witness: { x: 256 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: a type predicate that says a number[] is a Uint8Array',
    kernel: `
function claimsBytes(v: unknown): v is Uint8Array {
  return v !== undefined;
}
export function storeAfterPredicate(x: number): number {
  const held: unknown = [0];
  if (!claimsBytes(held)) return -1;
  held[0] = x;
  return held[0] ?? 0;
}`,
    imports: ['storeAfterPredicate'],
    proof: `{ fn: storeAfterPredicate, spec: '§0', statement: 'x mod 256', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => storeAfterPredicate(x) === x % 256 }`,
    expect: { kind: 'false', witness: { x: 256 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: an any variable turns a Uint8Array into a number[] without a cast (wraps at 256)',
    kernel: `
export function storeThroughAny(x: number): number {
  const bytes = new Uint8Array(1);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const loose: any = bytes;
  const xs: number[] = loose;
  xs[0] = x;
  return xs[0] ?? 0;
}`,
    imports: ['storeThroughAny'],
    proof: `{ fn: storeThroughAny, spec: '§0', statement: 'x', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => storeThroughAny(x) === x }`,
    expect: { kind: 'false', witness: { x: 256 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: a function returning any hands a Uint8Array out as a number[]',
    kernel: `
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function looseBytes(): any {
  return new Uint8Array(1);
}
export function storeThroughAnyResult(x: number): number {
  const xs: number[] = looseBytes();
  xs[0] = x;
  return xs[0] ?? 0;
}`,
    imports: ['storeThroughAnyResult'],
    proof: `{ fn: storeThroughAnyResult, spec: '§0', statement: 'x', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => storeThroughAnyResult(x) === x }`,
    expect: { kind: 'false', witness: { x: 256 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: a method typed for a Uint8Array called with a number[] through a bivariant interface (subarray throws)',
    kernel: `
interface LooseReader {
  read(b: ArrayLike<number>): number;
}
export function headThroughMethod(x: number): number {
  const reader: LooseReader = {
    read(b: Uint8Array): number {
      return b.subarray(0, 1).length;
    },
  };
  return reader.read([x, 1]);
}`,
    imports: ['headThroughMethod'],
    proof: `{ fn: headThroughMethod, spec: '§0', statement: 'one', inputs: { x: byte() },
  ensures: ({ x }) => headThroughMethod(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 0 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts: bytesToNumberBE of a number[] in a method typed for a Uint8Array (noble throws)',
    kernel: `
interface LooseDecoder {
  decode(b: ArrayLike<number>): bigint;
}
export function valueThroughMethod(x: number): bigint {
  const decoder: LooseDecoder = {
    decode(b: Uint8Array): bigint {
      return bytesToNumberBE(b);
    },
  };
  return decoder.decode([x, 1]);
}`,
    imports: ['valueThroughMethod'],
    proof: `{ fn: valueThroughMethod, spec: '§0', statement: 'big-endian', inputs: { x: byte() },
  ensures: ({ x }) => valueThroughMethod(x) === BigInt(x) * 256n + 1n }`,
    expect: { kind: 'false', witness: { x: 0 } },
  },
  {
    hole: 'casts that change what a value is',
    name: 'casts (true): dropping undefined, a type predicate that only drops undefined, a Uint8Array buffer type',
    kernel: `
interface Held {
  readonly bytes: Uint8Array;
}
function isHeld(h: Held | undefined): h is Held {
  return h !== undefined;
}
export function firstOfHeld(xs: readonly Uint8Array[], x: number): number {
  const h: Held | undefined = xs.length > 0 ? { bytes: xs[0] as Uint8Array } : undefined;
  if (!isHeld(h)) return -1;
  const own = new Uint8Array(1) as Uint8Array<ArrayBuffer>;
  own[0] = x;
  return (h.bytes[0] ?? 0) + (own[0] ?? 0);
}`,
    imports: ['firstOfHeld'],
    proof: `{ fn: firstOfHeld, spec: '§0', statement: 'first byte plus x', inputs: { xs: tuple(1, bytes(1)), x: byte() },
  ensures: ({ xs, x }) => firstOfHeld(xs, x) === (xs[0]?.[0] ?? 0) + x }`,
    expect: { kind: 'true' },
  },
  // ---------- object spread of a field a variant lacks ----------
  {
    hole: 'spread of a possibly missing field',
    name: 'spread: a missing field does not replace an earlier one',
    kernel: `
export function spreadOver(flag: boolean): number {
  const r: { x?: number } = flag ? { x: 5 } : {};
  const o = { x: 1, ...r };
  return o.x ?? 9;
}`,
    imports: ['spreadOver'],
    proof: `{ fn: spreadOver, spec: '§0', statement: '5 or 9', inputs: { flag: bool() },
  ensures: ({ flag }) => spreadOver(flag) === (flag ? 5 : 9) }`,
    expect: { kind: 'false', witness: { flag: false } },
  },
  {
    hole: 'spread of a possibly missing field',
    name: 'spread: a missing field keeps the earlier value of a wider record',
    kernel: `
export function spreadKeeps(n: number, flag: boolean): number {
  const r: { y?: number } = flag ? { y: n } : {};
  const o = { y: 2, z: 3, ...r };
  return (o.y ?? 0) + o.z;
}`,
    imports: ['spreadKeeps'],
    proof: `{ fn: spreadKeeps, spec: '§0', statement: 'n + 3 or 3', inputs: { n: byte(), flag: bool() },
  ensures: ({ n, flag }) => spreadKeeps(n, flag) === (flag ? n + 3 : 3) }`,
    expect: { kind: 'false', witness: { n: 7, flag: false } },
  },
  {
    hole: 'spread of a possibly missing field',
    name: 'spread (true): a record whose fields are all there replaces earlier ones',
    kernel: `
export function spreadAll(n: number): number {
  const r = { x: n };
  const o = { x: 1, ...r };
  return o.x;
}`,
    imports: ['spreadAll'],
    proof: `{ fn: spreadAll, spec: '§0', statement: 'n', inputs: { n: byte() },
  ensures: ({ n }) => spreadAll(n) === n }`,
    expect: { kind: 'true' },
  },
  // ---------- for-of iterates its array live ----------
  {
    hole: 'live for-of',
    name: 'for-of: a push through an alias during the loop is iterated',
    kernel: `
export function countWithAliasPush(n: number): number {
  const xs = [n];
  const ys = xs;
  let count = 0;
  for (const x of xs) {
    count++;
    if (ys.length < 3) ys.push(x);
  }
  return count;
}`,
    imports: ['countWithAliasPush'],
    proof: `{ fn: countWithAliasPush, spec: '§0', statement: 'one item', inputs: { n: byte() },
  ensures: ({ n }) => countWithAliasPush(n) === 1 }`,
    expect: { kind: 'false', witness: { n: 0 } },
  },
  {
    hole: 'live for-of',
    name: 'for-of: a push by a local function during the loop is iterated',
    kernel: `
export function countWithLocalPush(n: number): number {
  const xs = [n];
  let count = 0;
  function add(): void {
    xs.push(0);
  }
  for (const x of xs) {
    count += x >= 0 ? 1 : 0;
    if (xs.length < 3) add();
  }
  return count;
}`,
    imports: ['countWithLocalPush'],
    proof: `{ fn: countWithLocalPush, spec: '§0', statement: 'one item', inputs: { n: byte() },
  ensures: ({ n }) => countWithLocalPush(n) === 1 }`,
    expect: { kind: 'false', witness: { n: 0 } },
  },
  {
    hole: 'live for-of',
    name: 'for-of (true): pushing to another array while iterating a local one',
    kernel: `
export function doubledAll(n: number): number[] {
  const xs = [n, n + 1];
  const out: number[] = [];
  for (const x of xs) out.push(2 * x);
  return out;
}`,
    imports: ['doubledAll'],
    proof: `{ fn: doubledAll, spec: '§0', statement: 'doubled', inputs: { n: byte() },
  ensures: ({ n }) => { const d = doubledAll(n); return d.length === 2 && d[0] === 2 * n && d[1] === 2 * n + 2; } }`,
    expect: { kind: 'true' },
  },
  // ---------- a callback passed to a callee with @inOut parameters ----------
  {
    hole: 'callbacks of in-out callees',
    name: 'in-out callbacks: the callback reads the array the callee wrote',
    kernel: `
/** @inOut out */
export function writeThenRead(out: Uint8Array, read: () => number): number {
  out[0] = 7;
  return read();
}
export function readAfterWrite(x: number): number {
  const out = new Uint8Array(1);
  return writeThenRead(out, () => (out[0] ?? 0) + x);
}`,
    imports: ['readAfterWrite'],
    proof: `{ fn: readAfterWrite, spec: '§0', statement: 'x', inputs: { x: byte() },
  ensures: ({ x }) => readAfterWrite(x) === x }`,
    expect: { kind: 'false', witness: { x: 1 } },
  },
  {
    hole: 'callbacks of in-out callees',
    name: 'in-out callbacks: the callback sees the first byte the callee set',
    kernel: `
/** @inOut buf */
export function markThenAsk(buf: number[], ask: () => boolean): boolean {
  buf[0] = 1;
  return ask();
}
export function askedBeforeMark(): boolean {
  const buf = [0];
  return markThenAsk(buf, () => buf[0] === 0);
}`,
    imports: ['askedBeforeMark'],
    proof: `{ fn: askedBeforeMark, spec: '§0', statement: 'true', inputs: {},
  ensures: () => askedBeforeMark() }`,
    expect: { kind: 'false', witness: {} },
  },
  {
    hole: 'callbacks of in-out callees',
    name: 'in-out callbacks (true): a callback of a callee without in-out parameters',
    kernel: `
export function applyTwice(f: (v: number) => number, v: number): number {
  return f(f(v));
}
export function plusTwo(x: number): number {
  const step = 1;
  return applyTwice((v) => v + step, x);
}`,
    imports: ['plusTwo'],
    proof: `{ fn: plusTwo, spec: '§0', statement: 'x + 2', inputs: { x: byte() },
  ensures: ({ x }) => plusTwo(x) === x + 2 }`,
    expect: { kind: 'true' },
  },
  // ---------- properties every object inherits ----------
  {
    hole: 'inherited properties',
    name: 'inherited: a record has a constructor',
    kernel: `
export function noConstructor(r: { readonly a: number }): boolean {
  return r.constructor === undefined;
}`,
    imports: ['noConstructor'],
    proof: `{ fn: noConstructor, spec: '§0', statement: 'none', inputs: { a: byte() },
  ensures: ({ a }) => noConstructor({ a }) }`,
    expect: { kind: 'false', witness: { a: 0 } },
  },
  {
    hole: 'inherited properties',
    name: 'inherited: a record has toString',
    kernel: `
export function noToString(r: { readonly a: number }): boolean {
  return r.toString === undefined;
}`,
    imports: ['noToString'],
    proof: `{ fn: noToString, spec: '§0', statement: 'none', inputs: { a: byte() },
  ensures: ({ a }) => noToString({ a }) }`,
    expect: { kind: 'false', witness: { a: 0 } },
  },
  {
    hole: 'inherited properties',
    name: 'inherited (true): a missing own field of a wider type reads as undefined',
    kernel: `
export function missingIsUndefined(flag: boolean): boolean {
  const r: { readonly a?: number } = flag ? { a: 1 } : {};
  return flag || r.a === undefined;
}`,
    imports: ['missingIsUndefined'],
    proof: `{ fn: missingIsUndefined, spec: '§0', statement: 'true', inputs: { flag: bool() },
  ensures: ({ flag }) => missingIsUndefined(flag) }`,
    expect: { kind: 'true' },
  },

  // ---------- keys of patterns and constant objects (second review, 2026-12-05) ----------
  {
    hole: 'keys of patterns and constant objects',
    name: 'keys: a quoted key in a destructuring pattern',
    kernel: `
export function quotedKey(n: number): number {
  const r = { k: n };
  const { 'k': x } = r;
  return x;
}`,
    imports: ['quotedKey'],
    proof: `{ fn: quotedKey, spec: '§0', statement: 'not n', inputs: { n: int(0, 10) },
  ensures: ({ n }) => quotedKey(n) !== n }`,
    expect: { kind: 'false', witness: { n: 3 } },
  },
  {
    hole: 'keys of patterns and constant objects',
    name: 'keys: a computed key in a constant object replaces a named one',
    kernel: `
const SECOND_KEY: string = 'b';
const KEYED = { b: 1, [SECOND_KEY]: 2 };
export function keyedB(n: number): number {
  return n >= 0 ? (KEYED.b as number) : 0;
}`,
    imports: ['keyedB'],
    proof: `{ fn: keyedB, spec: '§0', statement: 'one', inputs: { n: int(0, 10) },
  ensures: ({ n }) => keyedB(n) === 1 }`,
    expect: { kind: 'false', witness: { n: 0 } },
  },
  {
    hole: 'keys of patterns and constant objects',
    name: 'keys (true): identifier keys in a pattern and a constant object',
    kernel: `
const NAMED = { c: 3, d: 4 };
export function namedSum(n: number): number {
  const { c, d: e } = NAMED;
  return n + c + e;
}`,
    imports: ['namedSum'],
    proof: `{ fn: namedSum, spec: '§0', statement: 'n + 7', inputs: { n: int(0, 10) },
  ensures: ({ n }) => namedSum(n) === n + 7 }`,
    expect: { kind: 'true' },
  },
  // ---------- setters, Sets behind casts or any, @unwind bounds (third review, 2026-12-05) ----------
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'setter: a setter-only accessor after a spread reads as undefined',
    kernel: `
const SETTER_BASE = { limit: 5 };
const WITH_SETTER = { ...SETTER_BASE, set limit(_v: number) {} };
export function setterLimit(x: number): number {
  const l = WITH_SETTER.limit;
  return l === undefined ? 0 : x;
}`,
    imports: ['setterLimit'],
    proof: `{ fn: setterLimit, spec: '§0', statement: 'x', inputs: { x: int(1, 9) },
  ensures: ({ x }) => setterLimit(x) === x }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'setter: a setter-only field read on one input in 65,536',
    kernel: `
const SETTER_TABLE = { magic: 1, ...SETTER_BASE, set limit(_v: number) {} };
export function magicLimit(x: number): number {
  if (x === 4660) return SETTER_TABLE.limit ?? 0;
  return 5;
}`,
    imports: ['magicLimit'],
    proof: `{ fn: magicLimit, spec: '§0', statement: 'five', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => magicLimit(x) === 5 }`,
    expect: { kind: 'false', witness: { x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'sets: for-of over a Set held as any visits its values, not pairs',
    kernel: `
export function anySetIterate(x: number): number {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const s: any = new Set<number>([x]);
  let out = 0;
  for (const e of s) out = e[0] === undefined ? 0 : 1;
  return out;
}`,
    imports: ['anySetIterate'],
    proof: `{ fn: anySetIterate, spec: '§0', statement: 'one', inputs: { x: int(0, 9) },
  ensures: ({ x }) => anySetIterate(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'sets: get on a Set cast to a Map (a TypeError in JavaScript), on one input in 65,536',
    kernel: `
export function castSetGet(x: number): number {
  const m = new Set<number>([x]) as unknown as Map<number, number>;
  if (x === 4660) return m.get(x) === x ? 1 : 1;
  return 1;
}`,
    imports: ['castSetGet'],
    proof: `{ fn: castSetGet, spec: '§0', statement: 'one', inputs: { x: int(0, 65535) },
  ensures: ({ x }) => castSetGet(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 4660 } },
    rare: '1 in 65,536 (x = 4660)',
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'sets: a Map made from a Set held as any (a TypeError in JavaScript)',
    kernel: `
export function mapFromAnySet(x: number): number {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const s: any = new Set<number>([x]);
  const m = new Map<number, number>(s);
  return m.get(x) === x ? 1 : 1;
}`,
    imports: ['mapFromAnySet'],
    proof: `{ fn: mapFromAnySet, spec: '§0', statement: 'one', inputs: { x: int(0, 9) },
  ensures: ({ x }) => mapFromAnySet(x) === 1 }`,
    expect: { kind: 'false', witness: { x: 3 } },
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'sets (true): a Set typed as one iterates its values',
    kernel: `
export function setIterate(x: number): number {
  const s = new Set<number>([x, x + 1]);
  let out = 0;
  for (const e of s) out += e;
  return out;
}`,
    imports: ['setIterate'],
    proof: `{ fn: setIterate, spec: '§0', statement: '2x + 1', inputs: { x: int(0, 9) },
  ensures: ({ x }) => setIterate(x) === 2 * x + 1 }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'unwind: a negative @unwind bound unrolled nothing (a rare value in a map)',
    kernel: `
/** @unwind -1 */
export function countMagicNeg(m: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const [, v] of m) if (v === 4660) n += 1;
  return n;
}`,
    imports: ['countMagicNeg'],
    proof: `{ fn: countMagicNeg, spec: '§0', statement: 'none', inputs: { m: map(2, int(0, 9), int(0, 65535)) },
  requires: ({ m }) => m.size < 2,
  ensures: ({ m }) => countMagicNeg(m) === 0 }`,
    expect: { kind: 'false', witness: { m: new Map([[0, 4660]]) } },
    rare: '1 in 65,536 (the value 4660)',
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: "unwind: a negative bound in the proof's options",
    kernel: `
export function identityMap(m: ReadonlyMap<number, number>): ReadonlyMap<number, number> {
  return m;
}`,
    imports: ['identityMap'],
    proof: `{ fn: identityMap, spec: '§0', statement: 'no 4660', unwind: -1, inputs: { m: map(3, int(0, 9), int(0, 65535)) },
  requires: ({ m }) => m.size < 3,
  ensures: ({ m }) => { let n = 0; for (const [, v] of identityMap(m)) if (v === 4660) n += 1; return n === 0; } }`,
    // False for m = {1 -> 4660}; the refusal names the proof's own line (the option is the proof's).
    expect: { kind: 'error', error: /proofs\/soundness\.proof\.ts:\d+:\d+: unsupported: unwind -1: the bound must be a non-negative integer/ },
  },
  {
    hole: 'setters, Sets behind casts, @unwind bounds',
    name: 'unwind (true): a decimal @unwind bound that covers the loop',
    kernel: `
/** @unwind 3 */
export function countMagic3(m: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const [, v] of m) if (v === 4660) n += 1;
  return n;
}`,
    imports: ['countMagic3'],
    proof: `{ fn: countMagic3, spec: '§0', statement: 'at most the size', inputs: { m: map(2, int(0, 9), int(0, 65535)) },
  ensures: ({ m }) => countMagic3(m) <= m.size }`,
    expect: { kind: 'true' },
  },

  // ---------- freezing, hash tags and number-bigint joins ----------
  {
    hole: 'freezing, tags and number-bigint joins',
    name: 'freeze: a push to a frozen array throws',
    kernel: `
export function frozenPush(n: number): number {
  const a: number[] = [];
  Object.freeze(a);
  a.push(n);
  return a.length;
}`,
    imports: ['frozenPush'],
    proof: `{ fn: frozenPush, spec: '§0', statement: 'one item', inputs: { n: int(0, 10) },
  ensures: ({ n }) => frozenPush(n) === 1 }`,
    expect: { kind: 'false', witness: { n: 1 } },
  },
  {
    hole: 'freezing, tags and number-bigint joins',
    name: 'joins: 5 and 5n are different values',
    kernel: `
export function numberOrBigint(flag: boolean): boolean {
  const v: number | bigint = flag ? 5 : 5n;
  return v === 5;
}`,
    imports: ['numberOrBigint'],
    proof: `{ fn: numberOrBigint, spec: '§0', statement: 'five', inputs: { flag: bool() },
  ensures: ({ flag }) => numberOrBigint(flag) }`,
    expect: { kind: 'false', witness: { flag: false } },
  },
  {
    hole: 'freezing, tags and number-bigint joins',
    name: 'tags: two lone surrogates are one UTF-8 tag',
    kernel: `
export function loneSurrogateTags(m: Uint8Array): boolean {
  const a = taggedHash('\\uD800', m);
  const b = taggedHash('\\uDC00', m);
  return a.every((x, i) => x === b[i]);
}`,
    imports: ['loneSurrogateTags'],
    proof: `{ fn: loneSurrogateTags, spec: '§0', statement: 'different', inputs: { m: bytes(1) },
  ensures: ({ m }) => !loneSurrogateTags(m) }`,
    expect: { kind: 'false', witness: { m: Uint8Array.of(7) } },
  },
  {
    hole: 'freezing, tags and number-bigint joins',
    name: 'freeze (true): freezing a record changes no field',
    kernel: `
export function frozenRecord(n: number): number {
  const r = Object.freeze({ a: n, b: 2 });
  return r.a + r.b;
}`,
    imports: ['frozenRecord'],
    proof: `{ fn: frozenRecord, spec: '§0', statement: 'n + 2', inputs: { n: int(0, 10) },
  ensures: ({ n }) => frozenRecord(n) === n + 2 }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'local functions and stack writes',
    name: 'local functions: an assignment to the caller local a later block declaration shadows is handed back',
    kernel: `
export function shadowStep(n: number): number {
  let x = 0;
  let y = 0;
  function step(): void {
    x = n;
    if (n > 100) {
      const x = 1;
      y = x;
    }
  }
  step();
  return x + y;
}`,
    imports: ['shadowStep'],
    proof: `{ fn: shadowStep, spec: '§0', statement: 'zero', inputs: { n: int(0, 10) },
  ensures: ({ n }) => shadowStep(n) === 0 }`,
    expect: { kind: 'false', witness: { n: 5 } },
  },
  // ---------- & with a constant over a value of a known range (If-chains over blocks, no mod) ----------
  {
    hole: 'bit masks over a known range',
    name: 'bit masks: the top two bits of a byte said with one threshold off by one',
    kernel: `
export function topTwoBits(b: number): number {
  return b & 0xc0;
}`,
    imports: ['topTwoBits'],
    proof: `{ fn: topTwoBits, spec: '§0', statement: 'the top two bits', inputs: { b: byte() },
  ensures: ({ b }) => topTwoBits(b) === (b >= 193 ? 192 : b >= 128 ? 128 : b >= 64 ? 64 : 0) }`,
    expect: { kind: 'false', witness: { b: 192 } },
    rare: '1 in 256 (b = 192)',
  },
  {
    hole: 'bit masks over a known range',
    name: 'bit masks: the low seven bits of a value below 512 are not its value minus 128 above 255',
    kernel: `
export function lowSeven(x: number): number {
  return x & 0x7f;
}`,
    imports: ['lowSeven'],
    proof: `{ fn: lowSeven, spec: '§0', statement: 'the value, less 128 from 128 on', inputs: { x: int(0, 511) },
  ensures: ({ x }) => lowSeven(x) === (x >= 128 ? x - 128 : x) }`,
    expect: { kind: 'false', witness: { x: 300 } },
  },
  {
    hole: 'bit masks over a known range',
    name: 'bit masks: a bigint sign bit and magnitude over [2^15, 2^17) with one value off',
    kernel: `
export function signAndMagnitude(x: bigint): bigint {
  return (x & 0x8000n) * 2n + (x & 0x7fffn);
}`,
    imports: ['signAndMagnitude'],
    proof: `{ fn: signAndMagnitude, spec: '§0', statement: 'bit 15 doubled plus the low 15 bits', inputs: { x: big(32768n, 131071n) },
  ensures: ({ x }) => signAndMagnitude(x) === (x === 65536n ? 1n : (x % 65536n >= 32768n ? 65536n : 0n) + (x % 32768n)) }`,
    expect: { kind: 'false', witness: { x: 65536n } },
    rare: '1 in 98,304 (x = 65536)',
  },
  {
    hole: 'bit masks over a known range',
    name: 'bit masks (true): the top two bits and the low six of a byte',
    kernel: '',
    imports: ['topTwoBits'],
    proof: `{ fn: topTwoBits, spec: '§0', statement: 'the top two bits', inputs: { b: byte() },
  ensures: ({ b }) => topTwoBits(b) === (b >= 192 ? 192 : b >= 128 ? 128 : b >= 64 ? 64 : 0) && topTwoBits(b) + (b % 64) === b }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'bit masks over a known range',
    name: 'bit masks (true): masks over ranges of many blocks, negative values and bigints',
    kernel: `
export function maskedMix(x: number, y: bigint): bigint {
  return BigInt(x & 0x1f0) + (y & 0x7f80n) + (y & -256n);
}`,
    imports: ['maskedMix'],
    proof: `{ fn: maskedMix, spec: '§0', statement: 'bits 4..8 of x, bits 7..14 of y and y without its low byte, in two\\'s complement', inputs: { x: int(-600, 2000), y: big(-70000n, 70000n) },
  ensures: ({ x, y }) => {
    const ux = ((x % 512) + 512) % 512;
    const uy = ((y % 32768n) + 32768n) % 32768n;
    return maskedMix(x, y) === BigInt(ux - (ux % 16)) + (uy - (uy % 128n)) + (y - (((y % 256n) + 256n) % 256n));
  } }`,
    expect: { kind: 'true' },
  },
  // ---------- division by a symbolic divisor whose interval fixes the signs ----------
  {
    hole: 'division over operands of known sign',
    name: 'division: a bigint quotient over a positive symbolic divisor said one too high at one point',
    kernel: `
export function shareOf(total: bigint, parts: bigint): bigint {
  return total / parts;
}`,
    imports: ['shareOf'],
    proof: `{ fn: shareOf, spec: '§0', statement: 'the floor of total / parts', inputs: { t: big(0n, 65535n), p: big(1n, 300n) },
  ensures: ({ t, p }) => shareOf(t, p) === (t === 4660n && p === 7n ? 666n : t / p) }`,
    expect: { kind: 'false', witness: { t: 4660n, p: 7n } },
    rare: '1 in 19,660,800 (t = 4660, p = 7)',
  },
  {
    hole: 'division over operands of known sign',
    name: 'division: a quotient over a divisor of unknown sign is not the floor',
    kernel: `
export function ratioOf(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : a / b;
}`,
    imports: ['ratioOf'],
    proof: `{ fn: ratioOf, spec: '§0', statement: 'floor division', inputs: { a: big(0n, 1000n), b: big(-50n, 50n) },
  ensures: ({ a, b }) => b >= 0n || ratioOf(a, b) * b >= a }`,
    expect: { kind: 'false', witness: { a: 1n, b: -2n } },
  },
  {
    hole: 'division over operands of known sign',
    name: 'division: Math.floor over a positive symbolic divisor and a dividend of either sign is not truncation',
    kernel: `
export function slotOf(t: number, width: number): number {
  return Math.floor(t / width);
}`,
    imports: ['slotOf'],
    proof: `{ fn: slotOf, spec: '§0', statement: 'truncated toward zero', inputs: { t: int(-1000, 1000), w: int(1, 64) },
  ensures: ({ t, w }) => slotOf(t, w) * w <= t && (t < 0 ? slotOf(t, w) * w > t - w : true) && (t >= 0 || slotOf(t, w) === -Math.floor(-t / w)) }`,
    expect: { kind: 'false', witness: { t: -1, w: 2 } },
  },
  {
    hole: 'division over operands of known sign',
    name: 'division: Math.floor over a divisor of either sign does not keep the quotient times the divisor below the dividend',
    kernel: `
export function bucketOf(t: number, width: number): number {
  return width === 0 ? 0 : Math.floor(t / width);
}`,
    imports: ['bucketOf'],
    proof: `{ fn: bucketOf, spec: '§0', statement: 'quotient times divisor at most the dividend', inputs: { t: int(0, 1000), w: int(-64, 64) },
  ensures: ({ t, w }) => bucketOf(t, w) * w <= t }`,
    expect: { kind: 'false', witness: { t: 1, w: -2 } },
  },
  {
    hole: 'division over operands of known sign',
    name: 'division (true): truncation over divisors and dividends of both signs',
    kernel: '',
    imports: ['ratioOf'],
    proof: `{ fn: ratioOf, spec: '§0', statement: 'truncation toward zero', inputs: { a: big(-1000n, 1000n), b: big(-50n, 50n) },
  ensures: ({ a, b }) => { if (b === 0n) return true; const q = ratioOf(a, b); const m = q * b; return (a >= 0n ? m <= a && a - m < (b < 0n ? -b : b) : m >= a && m - a < (b < 0n ? -b : b)) && (q === 0n || (q > 0n) === ((a > 0n) === (b > 0n))); } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'division over operands of known sign',
    name: 'division (true): quotient and remainder over a positive symbolic divisor, dividends of both signs',
    kernel: `
export function splitBy(a: bigint, b: bigint): readonly [bigint, bigint] {
  return [a / b, a % b];
}`,
    imports: ['splitBy'],
    proof: `{ fn: splitBy, spec: '§0', statement: 'a = q b + r with r of a\\'s sign and |r| < b', inputs: { a: big(-5000n, 5000n), b: big(1n, 90n) },
  ensures: ({ a, b }) => { const [q, r] = splitBy(a, b); return q * b + r === a && (a >= 0n ? r >= 0n && r < b && q >= 0n : r <= 0n && -r < b && q <= 0n); } }`,
    expect: { kind: 'true' },
  },
  {
    hole: 'division over operands of known sign',
    name: 'division (true): the floor over a positive symbolic divisor bounds the quotient',
    kernel: '',
    imports: ['slotOf'],
    proof: `{ fn: slotOf, spec: '§0', statement: 'floor division', inputs: { t: int(0, 100000), w: int(3, 64) },
  ensures: ({ t, w }) => { const s = slotOf(t, w); return s * w <= t && t < (s + 1) * w && s <= 33333; } }`,
    expect: { kind: 'true' },
  },
];

/** The scratch kernel file and each case's line span in it. */
function kernelSource(): { text: string; spans: Map<string, [number, number]> } {
  const header = [
    '/** Soundness cases of test/harness/soundness.test.ts (generated into a scratch copy). */',
    "import { type Result, err, ok } from '../result.js';",
    "import { readScriptOp } from '../script/parse.js';",
    "import { sha256, sha256d64, taggedHash } from '../crypto/hashes.js';",
    "import { concatBytes } from '../encoding/bytes.js';",
    "import { toDisplayHex, toHex } from '../encoding/hex.js';",
    "import { bytesToNumberBE } from '@noble/curves/utils.js';",
    '',
  ];
  const lines = [...header];
  const spans = new Map<string, [number, number]>();
  for (const c of CASES) {
    const body = c.kernel.trim().split('\n');
    if (c.kernel.trim() === '') continue;
    spans.set(c.name, [lines.length + 1, lines.length + body.length]);
    lines.push(...body, '');
  }
  // Keep the imports used even when a case is removed.
  lines.push('export const UNUSED = [err, ok, readScriptOp, bytesToNumberBE, sha256d64, taggedHash, concatBytes, toHex, toDisplayHex].length;', '');
  return { text: lines.join('\n'), spans };
}

function proofSource(): string {
  const names = [...new Set(CASES.flatMap((c) => c.imports))];
  return [
    "import { big, bool, byte, bytes, int, int64, map, proof, str, tuple } from '../harness/dsl.js';",
    "import { sha1, sha256, sha256d, taggedHash } from '../kernel/crypto/hashes.js';",
    "import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';",
    `import { ${names.join(', ')} } from '../kernel/validation/soundness-cases.js';`,
    '',
    'export const UNUSED = [big, bool, map, str, sha256d, taggedHash].length;',
    '',
    ...CASES.map((c, i) => `export const case${i} = proof(${JSON.stringify(c.name)}, ${c.proof});\n`),
  ].join('\n');
}

let results: ProofResult[] = [];
let records = new Map<string, ProofRecord>();
let spans = new Map<string, [number, number]>();
let root = '';

beforeAll(async () => {
  root = scratchTree(path.join(SCRATCH, 'root'), { proofs: 'empty' });
  const kernel = kernelSource();
  spans = kernel.spans;
  writeFileSync(path.join(root, KERNEL_FILE), kernel.text);
  writeFileSync(path.join(root, PROOF_FILE), proofSource());
  const report = await runProofs({ root, noCache: true, jobs: 1 });
  results = [...report.results];
  // SOUNDNESS_TABLE=1 prints each case's verdict (for the report and for debugging).
  if (process.env.SOUNDNESS_TABLE === '1') {
    for (const r of results) process.stdout.write(`${r.status.padEnd(8)} ${(r.counterexample?.replay ?? '').padEnd(10)} ${r.name}\n    ${r.error ?? ''}\n`);
    for (const v of checkBoundary(root).filter((x) => x.file === KERNEL_FILE)) process.stdout.write(`boundary ${v.line}: ${v.rule}\n`);
  }
  const mod = (await import(pathToFileURL(path.join(root, PROOF_FILE)).href)) as Record<string, unknown>;
  records = new Map(Object.values(mod).filter(isProofRecord).map((r) => [r.name, r]));
});

afterAll(async () => {
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

const show = (r: ProofResult | undefined): string =>
  JSON.stringify({ status: r?.status, error: r?.error, replay: r?.counterexample?.replay, detail: r?.counterexample?.replayDetail, inputs: r?.counterexample?.inputs });

describe('soundness regression suite: PROVED is never false', () => {
  it('has at least two false examples per hole, and true ones', () => {
    const holes: readonly Hole[] = [
      'aliasing',
      'non-null and casts',
      'merged union variants',
      'axioms',
      'closures, instanceof and ?.',
      'indexing past the end and byte reads',
      'break and continue',
      'switch',
      'template strings and hex',
      'contracts',
      'maps',
      'local functions and stack writes',
      'byte-array writes and SHA256D64',
      'in-out array arguments',
      'hashes of symbolic length',
      'value-returning && and ||',
      'destructuring defaults',
      'byte arrays by type',
      'spread of a possibly missing field',
      'live for-of',
      'callbacks of in-out callees',
      'inherited properties',
      'keys of patterns and constant objects',
      'freezing, tags and number-bigint joins',
    ];
    for (const hole of holes) {
      const mine = CASES.filter((c) => c.hole === hole);
      expect(mine.filter((c) => c.expect.kind !== 'true').length, hole).toBeGreaterThanOrEqual(2);
      expect(mine.filter((c) => c.expect.kind === 'true').length, hole).toBeGreaterThanOrEqual(1);
    }
    expect(CASES.filter((c) => c.rare !== undefined).length).toBeGreaterThanOrEqual(4);
  });

  it('runs every case', () => {
    expect(results.map((r) => r.name).sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  for (const c of CASES) {
    it(`${c.hole}: ${c.name}${c.rare !== undefined ? ` [rare: ${c.rare}]` : ''}`, () => {
      const r = results.find((x) => x.name === c.name);
      const rec = records.get(c.name);
      expect(rec, 'the proof loads').toBeDefined();
      switch (c.expect.kind) {
        case 'true':
          expect(r?.status, show(r)).toBe('PROVED');
          return;
        case 'false':
        case 'model': {
          // The property is false on the real code, independently of the harness.
          const { requires, ensures } = (rec as ProofRecord).options;
          expect(requires === undefined || requires(c.expect.witness), 'the witness satisfies requires').toBe(true);
          let holds: boolean;
          try {
            holds = ensures(c.expect.witness);
          } catch {
            holds = false;
          }
          expect(holds, 'the witness violates ensures on the real code').toBe(false);
          if (c.expect.kind === 'model') {
            expect(r?.status, show(r)).toBe('REFUTED');
            expect(['confirmed', 'hash-model', 'string-model'], show(r)).toContain(r?.counterexample?.replay);
            return;
          }
          if (r?.status === 'ERROR') {
            const [from, to] = spans.get(c.name) ?? [0, 0];
            const m = new RegExp(`${KERNEL_FILE.replace(/[./]/g, '\\$&')}:(\\d+):\\d+: unsupported: `).exec(r.error ?? '');
            expect(m, show(r)).not.toBeNull();
            const line = Number(m?.[1]);
            expect(line >= from && line <= to, `${show(r)} names a line of the case (${from}-${to})`).toBe(true);
            return;
          }
          expect(r?.status, show(r)).toBe('REFUTED');
          expect(r?.counterexample?.replay, show(r)).toBe('confirmed');
          return;
        }
        case 'obligation':
          expect(r?.status, show(r)).toBe('REFUTED');
          expect(r?.error, show(r)).toMatch(c.expect.obligation);
          expect(r?.counterexample?.replay, show(r)).toBe('obligation');
          return;
        case 'error':
          expect(r?.status, show(r)).toBe('ERROR');
          expect(r?.error, show(r)).toMatch(c.expect.error);
      }
    });
  }

  it('a caller of a contract function lists the contract, and so does its report entry; the contract proof lists none', () => {
    const caller = results.find((x) => x.name === 'contracts (true): a caller whose arguments stay in the contract domain');
    expect(caller?.contracts).toEqual(['contracts (true): the byte store of n * 25 holds for n in [0, 10]']);
    const contract = results.find((x) => x.name === 'contracts (true): the byte store of n * 25 holds for n in [0, 10]');
    expect(contract?.contracts ?? []).toEqual([]);
  });

  it('a proof relying on SHA-256 lists its collision-resistance axiom; SHA-1 has none', () => {
    const s256 = results.find((x) => x.name.startsWith('axioms (true under collision resistance)'));
    expect(s256?.axioms.join('; ')).toMatch(/sha256: collision resistant/);
    const s1 = results.find((x) => x.name === 'axioms: equal SHA-1 digests mean equal inputs');
    expect(s1?.axioms.join('; ')).not.toMatch(/sha1: collision resistant/);
  });

  it('check-boundary reports every aliasing case that writes to an input or module state', () => {
    const offenders = checkBoundary(root).filter((v) => v.file === KERNEL_FILE);
    for (const c of CASES.filter((x) => x.impure === true)) {
      const [from, to] = spans.get(c.name) ?? [0, 0];
      expect(
        offenders.some((v) => v.line >= from && v.line <= to),
        `${c.name}: ${JSON.stringify(offenders)}`,
      ).toBe(true);
    }
    // Writes to arrays a function creates are not offences.
    for (const c of CASES.filter((x) => x.expect.kind === 'true' && x.kernel !== '')) {
      const [from, to] = spans.get(c.name) ?? [0, 0];
      expect(offenders.filter((v) => v.line >= from && v.line <= to), c.name).toEqual([]);
    }
  });
});
