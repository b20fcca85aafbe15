/**
 * Function contracts (CI.md, "Contracts"): a proof marked `contract: true` proves every
 * obligation of its kernel function (ranges, byte stores, indexes, loop bounds) for every
 * argument in its input domains, once. Elsewhere a call of that function checks only that its
 * arguments are in those domains; the body is still inlined for its value, without re-checking
 * the obligations the contract proof discharged. The runner turns a PROVED that relied on a
 * contract into ERROR unless the contract's own proof is PROVED in the same run
 * (harness/runner/contracts.ts).
 */
import { Node } from 'ts-morph';
import { checkoutPath } from './checkout-path.js';
import type { TranslationContext } from './context.js';
import type { BoolTerm, FunctionNode, Value } from './values.js';

/** One parameter of a contract function: an integer in [min, max]. */
export interface ContractParameter {
  readonly name: string;
  readonly min: bigint;
  readonly max: bigint;
}

/** What a contract proof established about its function. */
export interface FunctionContract {
  /** The contract proof's name. */
  readonly proof: string;
  /** The function's parameters in order, each with the domain the proof covered. */
  readonly parameters: readonly ContractParameter[];
}

/** Contracts by function: `contractKey` of the function's declaration. */
export type ContractTable = ReadonlyMap<string, FunctionContract>;

/** A function's key in a ContractTable: its file relative to the checkout (with `/`) and its name. */
export function contractKey(root: string, file: string, name: string): string {
  return `${checkoutPath(root, file)}:${name}`;
}

/** The contract of the function `decl`, when it has one. */
export function contractOf(cx: TranslationContext, decl: FunctionNode): FunctionContract | undefined {
  if (cx.contracts.size === 0 || !Node.isFunctionDeclaration(decl)) return undefined;
  const name = decl.getName();
  return name === undefined ? undefined : cx.contracts.get(contractKey(cx.root, decl.getSourceFile().getFilePath(), name));
}

/**
 * At a call of a contract function: each argument must be an integer in its parameter's domain
 * (one obligation per argument, where the call is reached). A non-integer argument is ERROR.
 */
export function checkContractArguments(cx: TranslationContext, contract: FunctionContract, args: readonly Value[], pathCond: BoolTerm, site: Node): void {
  const z3 = cx.z3;
  contract.parameters.forEach((p, i) => {
    const arg = args[i];
    if (arg?.kind !== 'int') cx.fail(`argument '${p.name}' of a contract function is not an integer`, site);
    // The argument's (sound) interval may already be inside the domain: nothing to check.
    if (arg.lo !== undefined && arg.hi !== undefined && arg.lo >= p.min && arg.hi <= p.max) return;
    const within = z3.And(arg.term.ge(z3.Int.val(p.min)), arg.term.le(z3.Int.val(p.max)));
    cx.oblige('domain', pathCond, within, `argument '${p.name}' in [${p.min}, ${p.max}], the domain its contract proof '${contract.proof}' covers`, site);
  });
  cx.contractsUsed.add(contract.proof);
}
