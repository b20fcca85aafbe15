/**
 * Intrinsics: calls the translator models itself instead of inlining a body. JavaScript's
 * `Math.floor/max/min`, `BigInt`, `Number`, `Uint8Array.of/from`, `subarray`/`slice`, `some`/`every`/`map`; and the
 * kernel functions in KERNEL_INTRINSICS (hashes as uninterpreted functions with their axioms,
 * CI.md "Axioms"; `concatBytes`, modelled as the concatenation its loop writes).
 */
import { checkoutPath } from './checkout-path.js';
import { type Expression, Node, SyntaxKind } from 'ts-morph';
import type { TranslationContext } from './context.js';
import { evaluate, resolve } from './expressions.js';
import { floorDivide, compare, rangeObligation } from './integers.js';
import { applyEach } from '../runner/z3.js';
import { ARRAY_CALLBACK_METHODS, arrayCallbackCall } from './array-methods.js';
import { hexString } from './strings.js';
import { arrayLength, concat, fixedItems, merge, select, storeByte } from './merge.js';
import { type ArrayRef, type ArrayValue, type BoolTerm, type Frame, type IntTerm, type IntValue, type Value, type Z3, arrayOf } from './values.js';

/** How a hash is modelled: digest width in bytes, and whether proofs may assume collision resistance. */
export interface HashModel {
  readonly width: number;
  readonly collisionResistant: boolean;
}

type CallNode = Node & { getExpression(): Expression; getArguments(): Node[] };
type KernelIntrinsic = (cx: TranslationContext, call: CallNode, args: readonly Node[], frame: Frame, pathCond: BoolTerm) => Value;

/** A hash of one byte string. */
function hashIntrinsic(name: string, model: HashModel): KernelIntrinsic {
  return (cx, call, args, frame, pathCond) => {
    if (args.length !== 1) cx.fail(`${name}() arity`, call);
    return hash(cx, name, evaluate(cx, args[0] as Node, frame, pathCond), call, model);
  };
}

/** The hex text of one byte string (harness/translate/strings.ts). */
function hexIntrinsic(name: 'toHex' | 'toDisplayHex'): KernelIntrinsic {
  return (cx, call, args, frame, pathCond) => {
    if (args.length !== 1) cx.fail(`${name}() arity`, call);
    return hexString(cx, name, evaluate(cx, args[0] as Node, frame, pathCond), call);
  };
}

/**
 * Kernel functions the translator models, by file (relative to the checkout) and name. The hash
 * axioms are stated in CI.md ("Axioms"): SHA-1 is not collision resistant (public collisions).
 */
const KERNEL_INTRINSICS: Readonly<Record<string, Readonly<Record<string, KernelIntrinsic>>>> = {
  'kernel/crypto/hashes.ts': {
    sha256: hashIntrinsic('sha256', { width: 32, collisionResistant: true }),
    sha256d: hashIntrinsic('sha256d', { width: 32, collisionResistant: true }),
    hash160: hashIntrinsic('hash160', { width: 20, collisionResistant: true }),
    ripemd160: hashIntrinsic('ripemd160', { width: 20, collisionResistant: true }),
    sha1: hashIntrinsic('sha1', { width: 20, collisionResistant: false }),
    // Core's SHA256D64 (its definition in hashes.ts): the SHA256d of each whole 64-byte message, back to back.
    sha256d64: (cx, call, args, frame, pathCond) => {
      if (args.length !== 1) cx.fail('sha256d64() arity', call);
      const input = evaluate(cx, args[0] as Node, frame, pathCond);
      if (input.kind !== 'array') return cx.fail(`sha256d64 of a ${input.kind} (a byte array is required)`, call);
      const bytesIn = fixedItems(cx, input, 'sha256d64', call);
      const digests: Value[] = [];
      for (let m = 0; m + 64 <= bytesIn.length; m += 64) {
        const digest = hash(cx, 'sha256d', arrayOf(bytesIn.slice(m, m + 64)), call, { width: 32, collisionResistant: true });
        digests.push(...fixedItems(cx, digest as ArrayValue, 'sha256d64', call));
      }
      return cx.newArray(digests);
    },
    // BIP340 tagged hash: one uninterpreted function per (constant) tag over the concatenated messages.
    taggedHash: (cx, call, args, frame, pathCond) => {
      const [tagArg, ...messageArgs] = args;
      const tag = tagArg === undefined ? undefined : evaluate(cx, tagArg, frame, pathCond);
      if (tag === undefined || tag.kind !== 'string' || tag.constant === undefined) return cx.fail('taggedHash with a non-constant tag', call);
      return taggedHashOf(cx, tag.constant, messageArgs, call, frame, pathCond);
    },
  },
  // Hex text of bytes: a function of the bytes (harness/translate/strings.ts); @noble/hashes' bytesToHex is not translated.
  'kernel/encoding/hex.ts': {
    toHex: hexIntrinsic('toHex'),
    toDisplayHex: hexIntrinsic('toDisplayHex'),
  },
  'kernel/encoding/bytes.ts': {
    concatBytes: (cx, _call, args, frame, pathCond) => {
      let out: ArrayValue = arrayOf([]);
      for (const a of args) {
        // `concatBytes(...parts)`: the items of an array of a constant length, each a byte array.
        const spread = Node.isSpreadElement(a);
        const v = evaluate(cx, spread ? a.getExpression() : a, frame, pathCond);
        if (v.kind !== 'array') return cx.fail(`concatBytes of a ${v.kind}`, a);
        for (const [j, part] of (spread ? v.items : [v]).entries()) {
          if (part.kind !== 'array') return cx.fail(`concatBytes of a ${part.kind}`, a);
          out = concat(cx, out, spread ? spreadPart(cx, v, j, part) : part, a);
        }
      }
      return cx.newArray(out.items, out.length);
    },
  },
};

/**
 * Item `j` of the array `parts` spread into concatBytes: the item itself below the array's
 * length, and empty (length 0) at or past a symbolic length, so `concatBytes(...parts)` is
 * exactly the concatenation of parts[0 .. length).
 */
function spreadPart(cx: TranslationContext, parts: ArrayValue, j: number, part: ArrayValue): ArrayValue {
  const count = parts.length;
  if (count === undefined || (count.lo !== undefined && count.lo > BigInt(j))) return part;
  const own = arrayLength(cx, part);
  const present = count.term.gt(j);
  return arrayOf(part.items, cx.makeInt(true, cx.z3.If(present, own.term, cx.z3.Int.val(0)) as IntTerm, 0n, own.hi ?? BigInt(part.items.length)));
}

/**
 * @noble/curves' `bytesToNumberBE(bytes)`: the bytes read as a big-endian unsigned integer, 0 for
 * none (its `hexToNumber('')`). Exact: Σ b_i · 256^(n−1−i) for a constant length n; for a
 * symbolic length an If-chain over the lengths its interval allows.
 */
const NOBLE_INTRINSICS: Readonly<Record<string, KernelIntrinsic>> = {
  bytesToNumberBE: (cx, call, args, frame, pathCond) => {
    if (args.length !== 1) return cx.fail('bytesToNumberBE() arity', call);
    const v = evaluate(cx, args[0] as Node, frame, pathCond);
    if (v.kind !== 'array') return cx.fail(`bytesToNumberBE of a ${v.kind}`, call);
    const z3 = cx.z3;
    const bytesIn = v.items.map((b, i) => {
      const x = cx.asInt(b, call, pathCond);
      if (!x.isNumber) cx.fail(`bytesToNumberBE input byte ${i} is a bigint`, call);
      return x.term;
    });
    const valueOf = (k: number): IntTerm => {
      let acc: IntTerm = z3.Int.val(0);
      for (let i = 0; i < k; i++) acc = acc.mul(256).add(bytesIn[i] as IntTerm) as IntTerm;
      return acc;
    };
    const m = bytesIn.length;
    const hi = (1n << BigInt(8 * m)) - 1n;
    if (v.length === undefined) return cx.makeInt(false, valueOf(m), 0n, hi);
    const length = v.length;
    const lo = Number(length.lo !== undefined && length.lo > 0n ? length.lo : 0n);
    const top = Number(length.hi !== undefined && length.hi < BigInt(m) ? length.hi : BigInt(m));
    let term = valueOf(top);
    for (let k = top - 1; k >= lo; k--) term = z3.If(length.term.eq(k), valueOf(k), term) as IntTerm;
    return cx.makeInt(false, term, 0n, hi);
  },
};

/** The prefix of every tagged hash's function name (distinct tags are domain-separated, `hash`). */
const TAGGED = 'taggedHash_';

/**
 * The tag in a function name, injectively: letters and digits as they are, every other UTF-16
 * code unit (the underscore included) as `_` and 4 hex digits, so distinct tags ('a/b', 'a-b',
 * 'a_b') are distinct functions.
 */
function tagFunctionName(tag: string): string {
  return tag.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A tagged hash of the concatenated messages: the uninterpreted function of its constant tag. */
function taggedHashOf(cx: TranslationContext, tag: string, messageArgs: readonly Node[], call: Node, frame: Frame, pathCond: BoolTerm): Value {
  // Tags are hashed as UTF-8, where every lone surrogate is U+FFFD: two such tags are one tag.
  if (/[\uD800-\uDFFF]/.test(tag.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) cx.fail(`a hash tag with a lone surrogate (${JSON.stringify(tag)})`, call);
  const items: Value[] = [];
  for (const a of messageArgs) {
    const v = evaluate(cx, a, frame, pathCond);
    if (v.kind !== 'array') cx.fail(`taggedHash message of a ${v.kind}`, a);
    items.push(...fixedItems(cx, v as ArrayValue, 'taggedHash', a));
  }
  return hash(cx, `${TAGGED}${tagFunctionName(tag)}`, arrayOf(items), call, { width: 32, collisionResistant: true });
}

/**
 * A call of a module constant `const H = taggedHasher('tag')` (kernel/crypto/hashes.ts: the
 * tagged hash with its prefix hashed once): the tagged hash of `tag` over the call's arguments.
 * Undefined when the callee is not such a constant.
 */
export function taggedHasherCall(cx: TranslationContext, call: CallNode, frame: Frame, pathCond: BoolTerm): Value | undefined {
  const callee = call.getExpression();
  if (!Node.isIdentifier(callee) || frame.env.has(callee.getText())) return undefined;
  const decl = resolve(callee);
  if (decl === undefined || !Node.isVariableDeclaration(decl)) return undefined;
  const init = decl.getInitializer();
  if (init === undefined || !Node.isCallExpression(init)) return undefined;
  const maker = resolve(init.getExpression());
  if (maker === undefined || !Node.isFunctionDeclaration(maker) || maker.getName() !== 'taggedHasher') return undefined;
  if (checkoutPath(cx.root, maker.getSourceFile().getFilePath()) !== 'kernel/crypto/hashes.ts') return undefined;
  const [tagArg] = init.getArguments();
  if (tagArg === undefined || !Node.isStringLiteral(tagArg)) return cx.fail('taggedHasher with a non-literal tag', init);
  return taggedHashOf(cx, tagArg.getLiteralValue(), call.getArguments(), call, frame, pathCond);
}

/** The kernel intrinsic a function declaration is, if any. */
export function kernelIntrinsic(cx: TranslationContext, file: string, name: string): KernelIntrinsic | undefined {
  const rel = checkoutPath(cx.root, file);
  if (/(^|\/)node_modules\/@noble\/curves\/utils\.d\.ts$/.test(rel) && Object.hasOwn(NOBLE_INTRINSICS, name)) return NOBLE_INTRINSICS[name];
  const table = KERNEL_INTRINSICS[rel];
  return table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * A hash of a byte array: one uninterpreted function per digest byte and input length, applied
 * to the input bytes. Assumed per application: digest bytes in [0, 255]; for a collision-resistant
 * hash, `collisionAxioms` below states collision resistance once the translation is complete.
 */
function hash(cx: TranslationContext, name: string, input: Value, node: Node, model: HashModel): Value {
  const z3 = cx.z3;
  if (input.kind !== 'array') return cx.fail(`${name} of a ${input.kind} (a byte array is required)`, node);
  if (input.length !== undefined) return hashOfSymbolicLength(cx, name, input, node, model);
  const bytesIn: IntTerm[] = fixedItems(cx, input, name, node).map((b, i) => {
    if (b.kind !== 'int' || !b.isNumber) cx.fail(`${name} input byte ${i} is a ${b.kind}`, node);
    return (b as IntValue).term;
  });
  const length = bytesIn.length;
  const key = `${name}/${length}`;
  let fns = cx.hashFunctions.get(key);
  if (fns === undefined) {
    const sorts = bytesIn.map(() => z3.Int.sort());
    fns = Array.from({ length: model.width }, (_, j) => z3.Function.declare(`${name}_len${length}_byte${j}`, ...sorts, z3.Int.sort()));
    cx.hashFunctions.set(key, fns);
  }
  const applications = cx.hashApplications.get(name) ?? [];
  // The same input again: the same digest (a new array, as JS returns).
  for (const prev of applications) {
    if (prev.length === length && prev.args.every((a, i) => a.eqIdentity(bytesIn[i] as IntTerm))) return cx.newArray(prev.digest);
  }
  const digest: IntTerm[] = applyEach(z3, fns, bytesIn);
  for (const t of digest) cx.axioms.push(z3.And(t.ge(0), t.le(255)));
  const tagged = name.startsWith(TAGGED);
  cx.axiomsUsed.add(
    model.collisionResistant
      ? `${name}: collision resistant (uninterpreted function; equal digests of two applications imply equal inputs)`
      : `${name}: uninterpreted function with digest bytes in [0, 255]; no collision resistance (collisions are public)`,
  );
  if (tagged) {
    if ([...cx.hashApplications.keys()].some((other) => other !== name && other.startsWith(TAGGED))) {
      cx.axiomsUsed.add(`${TAGGED}*: distinct tags never give equal digests (SHA-256 collision resistance over different tag prefixes)`);
    }
    // No digest is 32 zero bytes (no preimage of a given value is known).
    cx.axioms.push(z3.Or(...digest.map((x) => x.neq(0))));
    cx.axiomsUsed.add(`${name}: never 32 zero bytes (no SHA-256 preimage of a given digest is known)`);
  }
  const application = { length, args: bytesIn, digest: digest.map((t) => cx.makeInt(true, t, 0n, 255n)), collisionResistant: model.collisionResistant };
  applications.push(application);
  cx.hashApplications.set(name, applications);
  return cx.newArray(application.digest);
}

/** A hash's input of a symbolic length may have at most this many lengths (each one application). */
const MAX_HASHED_LENGTHS = 16;

/**
 * A hash of an array of a bounded symbolic length L (built by branches or loops of different
 * lengths): the If-chain over the lengths L's interval allows, each the hash of the first k
 * items as a fixed array. Each of those applications is a real hash of a real byte string (the
 * first k bytes), so stating its axioms, collision resistance with every other application
 * included, assumes nothing false even for the lengths L does not take. More than
 * MAX_HASHED_LENGTHS lengths is ERROR.
 */
function hashOfSymbolicLength(cx: TranslationContext, name: string, input: ArrayValue, node: Node, model: HashModel): Value {
  const length = input.length as IntValue;
  const lo = length.lo !== undefined && length.lo > 0n ? Number(length.lo) : 0;
  const hi = length.hi !== undefined && length.hi < BigInt(input.items.length) ? Number(length.hi) : input.items.length;
  // The values an If-tree of sums of constants can take, when it is one; else every value of the interval.
  const leaves = possibleValues(cx.z3, length.term);
  const lengths = leaves === undefined ? Array.from({ length: Math.max(0, hi - lo + 1) }, (_, j) => lo + j) : [...leaves].map(Number).filter((k) => k >= lo && k <= hi).sort((a, b) => a - b);
  if (lengths.length > MAX_HASHED_LENGTHS) return cx.fail(`${name} of an array whose symbolic length takes ${lengths.length} values in [${lo}, ${hi}] (at most ${MAX_HASHED_LENGTHS})`, node);
  let result: Value | undefined;
  for (const k of lengths.reverse()) {
    const digest = hash(cx, name, arrayOf(input.items.slice(0, k)), node, model);
    result = result === undefined ? digest : merge(cx, length.term.eq(k), digest, result, node);
  }
  // The length is one of `lengths` (every value the term can take): the last arm of the chain is the smallest.
  return result ?? cx.fail(`${name} of an array with no possible length`, node);
}

/** At most this many distinct If conditions are enumerated (2^n assignments). */
const MAX_CONDITIONS = 10;
/** The integer comparisons an If condition may be built of and still be evaluated. */
const COMPARISONS = new Set(['=', '<', '<=', '>', '>=']);

/**
 * Every value an integer term can take when it is built of integer constants, If, + and − only
 * (an array length after branches and loops), or undefined for any other term. The If
 * conditions are split into atoms (below And, Or, Not, Implies and Boolean equality), and the
 * term is evaluated under every assignment of true and false to the atoms: one atom appearing in
 * several places takes one value in all of them (the branches of one `if` agree), so the set is
 * that of the term's possible values or a superset (atoms that cannot hold together are still
 * enumerated). Undefined as well past MAX_CONDITIONS atoms.
 */
function possibleValues(z3: Z3, t: IntTerm): Set<bigint> | undefined {
  const atoms: BoolTerm[] = [];
  const atomOf = (c: BoolTerm): number => {
    const k = atoms.findIndex((a) => a.eqIdentity(c));
    if (k >= 0) return k;
    atoms.push(c);
    return atoms.length - 1;
  };
  // First pass: is the term in the fragment, and which atoms does it have? A comparison of two
  // integer terms in the fragment is evaluated, not an atom.
  const isComparison = (c: BoolTerm): boolean =>
    z3.isApp(c) && COMPARISONS.has(String(c.decl().name())) && c.children().length === 2 && !z3.isBool(c.children()[0] as BoolTerm) && (c.children() as IntTerm[]).every(inFragment);
  // Any condition can be enumerated: its atoms are collected.
  const collectBool = (c: BoolTerm): void => {
    if (z3.isTrue(c) || z3.isFalse(c)) return;
    if (z3.isAnd(c) || z3.isOr(c) || z3.isNot(c) || z3.isImplies(c) || (z3.isEq(c) && z3.isBool(c.children()[0] as BoolTerm))) {
      for (const k of c.children() as BoolTerm[]) collectBool(k);
    } else if (isComparison(c)) for (const k of c.children() as IntTerm[]) collectInt(k);
    else atomOf(c);
  };
  // Whether an integer term is built of constants, If (of any condition), + and −.
  const inFragment = (x: IntTerm): boolean => {
    if (z3.isIntVal(x)) return true;
    if (!z3.isApp(x)) return false;
    const op = x.decl().name();
    const kids = x.children();
    if (op === 'if' && kids.length === 3) return inFragment(kids[1] as IntTerm) && inFragment(kids[2] as IntTerm);
    return (op === '+' || op === '-') && (kids as IntTerm[]).every(inFragment);
  };
  const collectInt = (x: IntTerm): boolean => {
    if (z3.isIntVal(x)) return true;
    if (!z3.isApp(x)) return false;
    const op = x.decl().name();
    const kids = x.children();
    if (op === 'if' && kids.length === 3) {
      collectBool(kids[0] as BoolTerm);
      return collectInt(kids[1] as IntTerm) && collectInt(kids[2] as IntTerm);
    }
    return (op === '+' || op === '-') && (kids as IntTerm[]).every(collectInt);
  };
  if (!collectInt(t) || atoms.length > MAX_CONDITIONS) return undefined;
  const values = new Set<bigint>();
  for (let mask = 0; mask < 1 << atoms.length; mask++) {
    const truth = (c: BoolTerm): boolean => {
      if (z3.isTrue(c)) return true;
      if (z3.isFalse(c)) return false;
      const kids = c.children() as BoolTerm[];
      if (z3.isAnd(c)) return kids.every(truth);
      if (z3.isOr(c)) return kids.some(truth);
      if (z3.isNot(c)) return !truth(kids[0] as BoolTerm);
      if (z3.isImplies(c)) return !truth(kids[0] as BoolTerm) || truth(kids[1] as BoolTerm);
      if (z3.isEq(c) && z3.isBool(kids[0] as BoolTerm)) return truth(kids[0] as BoolTerm) === truth(kids[1] as BoolTerm);
      if (isComparison(c)) {
        const [a, b] = (kids as unknown as IntTerm[]).map(value) as [bigint, bigint];
        const op = String(c.decl().name());
        return op === '=' ? a === b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
      return ((mask >> atomOf(c)) & 1) === 1;
    };
    const value = (x: IntTerm): bigint => {
      if (z3.isIntVal(x)) return x.value();
      const kids = x.children() as IntTerm[];
      const op = x.decl().name();
      if (op === 'if') return truth(kids[0] as unknown as BoolTerm) ? value(kids[1] as IntTerm) : value(kids[2] as IntTerm);
      const [first, ...rest] = kids.map(value);
      if (rest.length === 0) return op === '-' ? -(first as bigint) : (first as bigint);
      return rest.reduce((acc, v) => (op === '+' ? acc + v : acc - v), first as bigint);
    };
    values.add(value(t));
  }
  return values;
}

/**
 * A member of a family of hash applications whose digests collision resistance keeps apart unless
 * their inputs are equal: the applications of one hash, or of every tagged hash (a tag is part of
 * the input, so two tags never give equal digests).
 */
interface FamilyMember {
  readonly args: readonly IntTerm[];
  readonly digest: readonly IntTerm[];
  readonly tag: number;
}

/**
 * A family of at least this many applications states collision resistance as a left inverse
 * (below), a smaller one pairwise. Measured on the suite's rlimit: with 3 to 9 applications the
 * inverse needs 0.2 to 0.8 of the pairs' (a seeded taproot bug's refutation: 0.39 M instead of
 * 16.4 M), with 1 or 2 it needs 1.3 to 1.6 times as much (the BIP143 preimage proof, one
 * application, for which the pairs state nothing: 18.2 M instead of 12.6 M).
 */
const INVERSE_FROM = 3;

/**
 * The collision-resistance axioms of a translation, stated once its hash applications are known.
 * Either form says exactly "for any two applications, equal digests imply equal inputs (and
 * equal tags)":
 * - pairwise: for each pair, equal digests imply equal tags, lengths and bytes;
 * - as a left inverse: uninterpreted functions of the digest give back each application's input
 *   length, input bytes and tag, so two applications with equal digests have equal inputs (an
 *   injective map has a left inverse on its image): one axiom per input byte, not per pair.
 */
export function collisionAxioms(cx: TranslationContext): BoolTerm[] {
  const z3 = cx.z3;
  const families = new Map<string, FamilyMember[]>();
  let tags = 0;
  for (const [name, apps] of cx.hashApplications) {
    const tagged = name.startsWith(TAGGED);
    const tag = tagged ? tags++ : 0;
    const family = families.get(tagged ? TAGGED : name) ?? [];
    for (const a of apps) {
      if (a.collisionResistant) family.push({ args: a.args, digest: a.digest.map((d) => (d as IntValue).term), tag });
    }
    families.set(tagged ? TAGGED : name, family);
  }
  const axioms: BoolTerm[] = [];
  for (const [name, apps] of families) {
    if (apps.length >= INVERSE_FROM) {
      const inverse = (part: string, digest: readonly IntTerm[]): IntTerm => {
        const key = `${name}/inverse/${part}/${digest.length}`;
        let fn = cx.hashFunctions.get(key)?.[0];
        if (fn === undefined) {
          fn = z3.Function.declare(`${name}_inverse_${part}`, ...digest.map(() => z3.Int.sort()), z3.Int.sort());
          cx.hashFunctions.set(key, [fn]);
        }
        return applyEach(z3, [fn], digest)[0] as IntTerm;
      };
      for (const a of apps) {
        axioms.push(inverse('length', a.digest).eq(a.args.length));
        if (name === TAGGED) axioms.push(inverse('tag', a.digest).eq(a.tag));
        a.args.forEach((b, i) => axioms.push(inverse(`byte${i}`, a.digest).eq(b)));
      }
      continue;
    }
    apps.forEach((a, i) => {
      for (const b of apps.slice(0, i)) {
        const sameDigest = allOf(z3, a.digest.map((x, j) => x.eq(b.digest[j] as IntTerm)));
        const sameInput = a.tag === b.tag && a.args.length === b.args.length ? allOf(z3, b.args.map((x, j) => x.eq(a.args[j] as IntTerm))) : z3.Bool.val(false);
        axioms.push(z3.Implies(sameDigest, sameInput));
      }
    });
  }
  return axioms;
}

/** The conjunction of `terms`: true for none (two empty inputs are equal). */
function allOf(z3: Z3, terms: readonly BoolTerm[]): BoolTerm {
  return terms.length === 0 ? z3.Bool.val(true) : z3.And(...terms);
}

/** A JavaScript built-in call the subset allows, or undefined when `call` is not one. */
export function builtinCall(cx: TranslationContext, call: CallNode, frame: Frame, pathCond: BoolTerm): Value | undefined {
  const callee = call.getExpression();
  const args = call.getArguments();
  const calleeText = callee.getText();
  const argValue = (n: Node): Value => evaluate(cx, n, frame, pathCond);
  if (calleeText === 'Math.floor') {
    const arg = args[0];
    if (arg === undefined) return cx.fail('Math.floor()', call);
    const inner = Node.isParenthesizedExpression(arg) ? arg.getExpression() : arg;
    if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getText() === '/') {
      const a = cx.asInt(argValue(inner.getLeft()), call, pathCond);
      const b = cx.asInt(argValue(inner.getRight()), call, pathCond);
      if (!a.isNumber || !b.isNumber) cx.fail('Math.floor of a bigint', call);
      cx.oblige('domain', pathCond, b.constant !== undefined ? b.constant !== 0n : b.term.neq(0), 'divisor of Math.floor(a / b) is not zero', call);
      return floorDivide(cx, a, b);
    }
    const v = cx.asInt(argValue(arg), call, pathCond);
    if (!v.isNumber) cx.fail('Math.floor of a bigint', call);
    return v; // integers only: floor is the identity
  }
  if (calleeText === 'Math.max' || calleeText === 'Math.min') {
    const vals = args.map((a) => cx.asInt(argValue(a), a, pathCond));
    if (vals.length === 0 || vals.some((v) => !v.isNumber)) return cx.fail(`${calleeText} arguments`, call);
    let acc = vals[0] as IntValue;
    for (const v of vals.slice(1)) {
      const pick = calleeText === 'Math.max' ? compare(cx, '>=', acc, v, call, pathCond) : compare(cx, '<=', acc, v, call, pathCond);
      acc = merge(cx, pick.term, acc, v, call) as IntValue;
    }
    return acc;
  }
  // Freezing changes no value the subset reads when it freezes a record (a module constant's is
  // never written); an array frozen may still be written by the model, and freezing a non-empty
  // typed array throws: ERROR.
  if (calleeText === 'Object.freeze') {
    const arg = args[0];
    if (arg === undefined || args.length !== 1) return cx.fail('Object.freeze() arity', call);
    const v = argValue(arg);
    if (v.kind !== 'record' && v.kind !== 'module-object' && v.kind !== 'function') return cx.fail(`Object.freeze of a ${v.kind}`, call);
    return v;
  }
  if (calleeText === 'Number.isSafeInteger') {
    // Numbers are integers in the subset, so only the magnitude can fail: |v| <= 2^53 - 1.
    const arg = args[0];
    if (arg === undefined || args.length !== 1) return cx.fail('Number.isSafeInteger() arity', call);
    const v = cx.asInt(argValue(arg), call, pathCond);
    if (!v.isNumber) return cx.boolConst(false); // a bigint is not a number
    const limit = cx.intConst(2n ** 53n - 1n, true);
    const negLimit = cx.intConst(-(2n ** 53n - 1n), true);
    const lower = compare(cx, '>=', v, negLimit, call, pathCond);
    const upper = compare(cx, '<=', v, limit, call, pathCond);
    if (lower.constant !== undefined && upper.constant !== undefined) return cx.boolConst(lower.constant && upper.constant);
    return { kind: 'bool', term: cx.z3.And(lower.term, upper.term) };
  }
  if (calleeText === 'BigInt' || calleeText === 'Number') {
    const arg = args[0];
    if (arg === undefined || args.length !== 1) return cx.fail(`${calleeText}() arity`, call);
    const v = cx.asInt(argValue(arg), call, pathCond);
    if (calleeText === 'BigInt') {
      if (!v.isNumber) return v;
      return v.constant !== undefined ? cx.intConst(v.constant, false) : cx.makeInt(false, v.term, v.lo, v.hi, v.stride);
    }
    if (v.isNumber) return v;
    const r = v.constant !== undefined ? cx.intConst(v.constant, true) : cx.makeInt(true, v.term, v.lo, v.hi);
    rangeObligation(cx, r, frame.mode, pathCond, call, 'Number(bigint) conversion');
    return r;
  }
  if (Node.isPropertyAccessExpression(callee) && ['subarray', 'slice'].includes(callee.getName())) {
    return subarrayOrSlice(cx, callee.getName() === 'subarray', argValue(callee.getExpression()), args.map((a) => cx.asInt(argValue(a), a, pathCond)), call, pathCond);
  }
  if (Node.isPropertyAccessExpression(callee) && ARRAY_CALLBACK_METHODS.includes(callee.getName())) {
    return arrayCallbackCall(cx, callee.getName(), callee.getExpression(), argValue(callee.getExpression()), args, call, frame, pathCond);
  }
  if (calleeText === 'Uint8Array.of') return cx.newArray(args.map((a) => storeByte(cx, argValue(a), pathCond, a)));
  if (calleeText === 'Uint8Array.from') {
    const src = args.length === 1 ? argValue(args[0] as Node) : cx.fail('Uint8Array.from with a map function', call);
    if (src.kind !== 'array') return cx.fail(`Uint8Array.from of a ${src.kind}`, call);
    const items = src.items.map((x, i) => storeByte(cx, x, cx.and(pathCond, arrayLength(cx, src).term.gt(i)), call));
    return cx.newArray(items, src.length);
  }
  return undefined;
}

/**
 * `base.subarray(from, to)` / `base.slice(from, to)`: the items from..to. `slice` copies (a new
 * array); `subarray` is a view of the same array (its refs say where, so a write to the array
 * updates the view and a write through the view is rejected).
 */
function subarrayOrSlice(cx: TranslationContext, isView: boolean, base: Value, bounds: readonly IntValue[], call: CallNode, pathCond: BoolTerm): Value {
  const z3 = cx.z3;
  const name = isView ? 'subarray' : 'slice';
  const result = (items: readonly Value[], length: IntValue | undefined, offset: number | undefined): Value => {
    if (!isView) return cx.newArray(items, length);
    const refs: readonly ArrayRef[] | undefined =
      base.kind === 'array' && base.refs !== undefined
        ? base.refs.map((r) => ({ id: r.id, offset: r.offset === undefined || offset === undefined ? undefined : r.offset + offset, whole: false }))
        : undefined;
    return arrayOf(items, length, refs);
  };
  if (base.kind === 'array' && base.length === undefined && bounds.length <= 2 && bounds.every((b) => b.constant !== undefined)) {
    // Constant bounds on a fixed-length array; JS clamps them (negative: from the end).
    const n = base.items.length;
    const norm = (v: bigint | undefined, dflt: number): number => {
      if (v === undefined) return dflt;
      const x = Number(v);
      return x < 0 ? Math.max(n + x, 0) : Math.min(x, n);
    };
    const start = norm(bounds[0]?.constant, 0);
    const end = norm(bounds[1]?.constant, n);
    return result(base.items.slice(start, Math.max(start, end)), undefined, start);
  }
  if (base.kind === 'array' && (bounds.length === 2 || bounds.length === 1) && base.items.length > 0) {
    // Symbolic bounds (non-negative, as kernel offsets are): JS clamps both to the length; a
    // missing end is the length.
    const [from, to] = (bounds.length === 2 ? bounds : [bounds[0], arrayLength(cx, base)]) as [IntValue, IntValue];
    cx.oblige('domain', pathCond, z3.And(from.term.ge(0), to.term.ge(0)), `${name} bounds are non-negative`, call);
    const n = arrayLength(cx, base);
    const clamp = (x: IntValue): IntTerm => z3.If(x.term.lt(n.term), x.term, n.term) as IntTerm;
    const start = clamp(from);
    const width = clamp(to).sub(start) as IntTerm;
    const length = cx.makeInt(true, z3.If(width.gt(0), width, z3.Int.val(0)) as IntTerm, 0n, n.hi ?? BigInt(base.items.length));
    const items = base.items.map((_, j) => select(cx, base.items, start.add(j) as IntTerm, call));
    const offset = from.constant !== undefined && base.length === undefined && from.constant <= BigInt(base.items.length) ? Number(from.constant) : undefined;
    return result(items, length, offset);
  }
  return cx.fail(`${name} with non-constant bounds or on a ${base.kind} of non-constant length`, call);
}
