/**
 * The TS -> SMT translator: reads kernel source with ts-morph and symbolically executes the
 * provable subset (docs/ARCHITECTURE.md, kernel rule 4) into z3 terms; docs/PROOFS.md
 * "Semantics" has the table. One module per construct family around a small context
 * (harness/translate/):
 *
 * - values.ts: the value model (integers with intervals, booleans, interned strings, records,
 *   arrays with their allocation refs, maps, optional values), obligations, frames;
 * - context.ts: the shared context (z3, obligations, axioms, memo tables, term helpers);
 * - semantics.ts: the meaning of the operators the translator's own mutants change;
 * - merge.ts: value operations and If-merging at branch joins;
 * - integers.ts: integer and bit semantics, range obligations, comparisons;
 * - expressions.ts: expressions, names, module constants, branch narrowing;
 * - intrinsics.ts: built-ins and kernel intrinsics (hashes and their axioms);
 * - array-methods.ts: array methods with a callback (map, some, every, reduce, forEach), entries();
 * - calls.ts: calls and binding;
 * - contracts.ts: calls of functions whose obligations a contract proof discharged;
 * - statements.ts: statements, array writes with aliases, loops;
 * - maps.ts: bounded Maps, the ones the code creates in a heap shared by every reference;
 * - strings.ts: template literals and the hex of bytes;
 * - closures.ts: closures and their capture rules;
 * - nested.ts: local functions (called by name, inlined in the caller's environment, threaded as statements);
 * - inputs.ts: input domains;
 * - syntax-memo.ts: syntactic facts of a node (can it jump, its line), remembered per compiler node.
 *
 * Anything outside the subset is a TranslationError naming the construct and file:line.
 * Proof-site discovery is the runner's (harness/runner/proof-sites.ts).
 */
import type { Node } from 'ts-morph';
import type { Domain } from './dsl.js';
import { invoke } from './translate/calls.js';
import { TranslationContext } from './translate/context.js';
import type { ContractTable } from './translate/contracts.js';
import { symbolicInput } from './translate/inputs.js';
import { toBool } from './translate/merge.js';
import { type TranslatorMutant, semanticsOf } from './translate/semantics.js';
import type { BigintMode, BoolTerm, BoolValue, FunctionNode, Value, Z3 } from './translate/values.js';

export type { TranslatorMutant } from './translate/semantics.js';
export { TranslationError } from './translate/values.js';
export { type ContractTable, type FunctionContract, contractKey } from './translate/contracts.js';
export type { ArrayRef, BigintMode, BoolTerm, IntTerm, Obligation, ObligationKind, Value, Z3 } from './translate/values.js';

/** Bump on any change to how a translatable program is translated: it is part of the proof-cache and mutation keys (a check that only refuses more code keeps it when no mutation operator can make code meet it, as casts.ts's type checks: CI.md "The proofs", casts). */
export const TRANSLATOR_VERSION = 'bllvm-ts2smt/2.12.0';

/** The translator's entry points over one context: one per translated proof (or function). */
export class Translator extends TranslationContext {
  constructor(z3: Z3, root: string, mutant: TranslatorMutant = 'none', contracts?: ContractTable) {
    super(z3, root, semanticsOf(mutant), contracts);
  }

  /** Inlines a call of `decl` on argument values (a proof's arrows: `frameMode` 'unbounded' and the proof's unwind bound). */
  invoke(decl: FunctionNode, args: readonly Value[], pathCond: BoolTerm, site: Node, frameMode?: BigintMode, unwindOverride?: number): Value {
    return invoke(this, decl, args, pathCond, site, frameMode, unwindOverride);
  }

  /** JS truthiness of a value. */
  toBool(v: Value, node: Node): BoolValue {
    return toBool(this, v, node);
  }

  /** A fresh symbolic value for a proof input of domain `d`; pushes its range assumptions. */
  symbolic(name: string, d: Domain, assumptions: BoolTerm[]): Value {
    return symbolicInput(this, name, d, assumptions);
  }
}
