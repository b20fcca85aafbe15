/**
 * The meaning the translator gives to the operators its own mutation test mutates (JS division,
 * `<`, bigint `>>`), in one object: the exact semantics, or a deliberately wrong one. Every other
 * part of the translator is the same in a mutant run, so the differential test
 * (test/harness/differential.test.ts) must catch each mutant through the normal code paths.
 */
import type { BoolTerm, IntTerm, Z3 } from './values.js';

/** A deliberate translator bug, for the harness's own mutation test ('none': the exact semantics). */
export type TranslatorMutant = 'none' | 'floor-div-as-trunc' | 'lt-as-le' | 'shr-as-shl';

export interface Semantics {
  readonly mutant: TranslatorMutant;
  /** `Math.floor(a / b)` on numbers, on terms, with what the operands' intervals say of their signs. */
  floorDivide(z3: Z3, a: IntTerm, b: IntTerm, signs: OperandSigns): IntTerm;
  /** `Math.floor(a / b)` on constants (b != 0). */
  floorDivideConstant(a: bigint, b: bigint): bigint;
  /** bigint `a / b` (truncation toward zero), on terms, with what the operands' intervals say of their signs. */
  truncDivide(z3: Z3, a: IntTerm, b: IntTerm, signs: OperandSigns): IntTerm;
  /** bigint `a / b` on constants (b != 0). */
  truncDivideConstant(a: bigint, b: bigint): bigint;
  /** `a < b`, on terms and on constants (the interval decisions use the latter). */
  less(a: IntTerm, b: IntTerm): BoolTerm;
  lessConstant(a: bigint, b: bigint): boolean;
  /** The operator a bigint `>>` is translated as. */
  bigintShiftRight: '>>' | '<<';
}

/**
 * What the operands' sound intervals say of a division's signs: the dividend is at least 0, the
 * divisor above 0 (each false when unknown). The sign cases they rule out are left out of the
 * term: one SMT div instead of an If over two or four (each div is a nonlinear term for z3 when
 * the divisor is symbolic).
 */
export interface OperandSigns {
  readonly dividendNonNegative: boolean;
  readonly divisorPositive: boolean;
}

function floorDiv(z3: Z3, a: IntTerm, b: IntTerm, signs: OperandSigns): IntTerm {
  // SMT div is floor division for a positive divisor (Euclidean in general).
  if (signs.divisorPositive) return a.div(b);
  return z3.If(b.gt(0), a.div(b), a.neg().div(b.neg())) as IntTerm;
}

function truncDiv(z3: Z3, a: IntTerm, b: IntTerm, signs: OperandSigns): IntTerm {
  // SMT div is Euclidean (a = b * (a div b) + r, 0 <= r < |b|): for a >= 0 it truncates toward
  // zero over either sign of b (a div -b = -(a div b)), so only the dividend's sign is split on.
  if (signs.dividendNonNegative) return a.div(b);
  return z3.If(a.ge(0), a.div(b), a.neg().div(b).neg()) as IntTerm;
}

const floorConst = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};

export const EXACT: Semantics = {
  mutant: 'none',
  floorDivide: floorDiv,
  floorDivideConstant: floorConst,
  truncDivide: truncDiv,
  truncDivideConstant: (a, b) => a / b,
  less: (a, b) => a.lt(b),
  lessConstant: (a, b) => a < b,
  bigintShiftRight: '>>',
};

/** The semantics of a translator mutant (or the exact one). */
export function semanticsOf(mutant: TranslatorMutant): Semantics {
  switch (mutant) {
    case 'none':
      return EXACT;
    case 'floor-div-as-trunc':
      // Both divisions swapped: Math.floor(a / b) truncates, bigint / floors.
      return { ...EXACT, mutant, floorDivide: truncDiv, floorDivideConstant: (a, b) => a / b, truncDivide: floorDiv, truncDivideConstant: floorConst };
    case 'lt-as-le':
      return { ...EXACT, mutant, less: (a, b) => a.le(b), lessConstant: (a, b) => a <= b };
    case 'shr-as-shl':
      return { ...EXACT, mutant, bigintShiftRight: '<<' };
  }
}
