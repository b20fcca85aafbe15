/**
 * Which arrays hold bytes: a store into a Uint8Array wraps its value modulo 256, so the translator
 * obliges a byte there (no silent truncation); into a plain array it stores the value. Decided
 * from the static type through aliases, interfaces that extend Uint8Array, type parameters'
 * constraints, `Readonly<>` and unions, never from how the type is spelled; a type it cannot place
 * (another typed array, or an array-like it does not know) is ERROR.
 */
import type { Node, Type } from 'ts-morph';
import type { TranslationContext } from './context.js';

/** Typed arrays other than Uint8Array: their stores wrap, clamp or sign-convert differently. */
const OTHER_TYPED_ARRAYS = new Set(['Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']);

type Kind = 'bytes' | 'plain' | 'other';

function kindOf(type: Type, depth: number): Kind {
  if (depth > 8) return 'other';
  if (type.isArray() || type.isTuple() || type.isReadonlyArray()) return 'plain';
  if (type.isUnion()) {
    const kinds = new Set(type.getUnionTypes().filter((t) => !t.isUndefined()).map((t) => kindOf(t, depth + 1)));
    return kinds.size === 1 ? ([...kinds][0] as Kind) : 'other';
  }
  const names = [type.getSymbol()?.getName(), type.getAliasSymbol()?.getName()];
  if (names.includes('Uint8Array')) return 'bytes';
  if (names.some((n) => n !== undefined && OTHER_TYPED_ARRAYS.has(n))) return 'other';
  const constraint = type.getConstraint();
  if (constraint !== undefined) return kindOf(constraint, depth + 1);
  const bases = type.getBaseTypes();
  if (bases.length > 0) {
    const kinds = new Set(bases.map((t) => kindOf(t, depth + 1)));
    return kinds.size === 1 ? ([...kinds][0] as Kind) : 'other';
  }
  const apparent = type.getApparentType();
  if (apparent !== type && apparent.getText() !== type.getText()) return kindOf(apparent, depth + 1);
  return 'other';
}

/** Whether the array `node` evaluates to holds bytes (Uint8Array) rather than plain values; ERROR for any other array-like. */
export function holdsBytes(cx: TranslationContext, node: Node, what: string): boolean {
  const kind = kindOf(node.getType(), 0);
  if (kind === 'other') cx.fail(`${what} on a value of type '${node.getType().getText(node)}', which is neither a plain array nor a Uint8Array`, node);
  return kind === 'bytes';
}

/** Whether `node`'s static type is a Uint8Array (so `.set` is TypedArray's, not Map's). */
export function isByteArray(node: Node): boolean {
  return isByteArrayType(node.getType());
}

/** Whether `type` is a Uint8Array's (casts.ts: a cast between two keeps the value's class). */
export function isByteArrayType(type: Type): boolean {
  return kindOf(type, 0) === 'bytes';
}

/** Whether a value of type `from` has the array class `to` names, when `to` names one (casts.ts: a generic parameter's class). */
export function sameArrayClass(from: Type, to: Type): boolean {
  const want = kindOf(to, 0);
  return want === 'other' || kindOf(from, 0) === want;
}
