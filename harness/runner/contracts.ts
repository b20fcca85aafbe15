/**
 * Contract proofs (CI.md, "Contracts"; harness/translate/contracts.ts): which proofs are
 * contracts, what each one covers, and the rule that a PROVED relying on a contract stands only
 * when the contract's own proof is PROVED in the same run.
 *
 * A contract proof names a kernel function declaration (`fn`), has no `requires`, and has one
 * integer input per parameter of the function, named as the parameter: the domains are then
 * exactly the arguments its obligations were proved for. Its translation calls the function once
 * on those inputs where nothing else is assumed (build.ts), so every obligation of the body is a
 * check of the proof whatever its `ensures` reads, and it uses no contract itself.
 */
import path from 'node:path';
import type { ProofRecord } from '../dsl.js';
import { type ContractTable, type FunctionContract, TranslationError, contractKey } from '../translate.js';
import type { Loaded, ProofSite } from './proof-sites.js';
import type { ProofResult, ProofStatus } from './types.js';

/** The contract a proof establishes; throws TranslationError (the proof is ERROR) when it cannot be one. */
export function contractOfProof(root: string, rec: ProofRecord, site: ProofSite): FunctionContract {
  const loc = `${path.relative(root, site.call.getSourceFile().getFilePath())}:${site.call.getStartLineNumber()}`;
  const fail = (why: string): never => {
    throw new TranslationError(`contract proof '${rec.name}': ${why}`, loc);
  };
  const decl = site.fnDecl ?? fail(`'fn' must name a function declaration`);
  if (decl.getName() === undefined) fail(`'fn' must name a function declaration`);
  if (rec.options.requires !== undefined) fail('a contract has no requires (its domains are its precondition)');
  const inputs = rec.options.inputs;
  const names = decl.getParameters().map((p) => p.getName());
  for (const key of Object.keys(inputs)) if (!names.includes(key)) fail(`input '${key}' is not a parameter of ${decl.getName()}`);
  const parameters = decl.getParameters().map((p) => {
    if (p.isRestParameter() || p.hasInitializer() || p.isOptional()) fail(`parameter '${p.getName()}' must be a plain parameter`);
    const d = inputs[p.getName()] ?? fail(`parameter '${p.getName()}' needs an input of that name`);
    if (d.kind === 'number') return { name: p.getName(), min: BigInt(d.min), max: BigInt(d.max) };
    if (d.kind === 'bigint' && d.min !== undefined && d.max !== undefined) return { name: p.getName(), min: d.min, max: d.max };
    return fail(`parameter '${p.getName()}' needs a bounded integer domain (int(...) or big(min, max))`);
  });
  return { proof: rec.name, parameters };
}

/** The contracts of every valid contract proof among `loaded` (all proof files, whatever a run selects), by function. */
export function contractTable(root: string, loaded: readonly Loaded[], siteOf: (l: Loaded) => ProofSite | undefined): ContractTable {
  const table = new Map<string, FunctionContract>();
  const twice = new Set<string>();
  for (const l of loaded) {
    if (l.rec.options.contract !== true) continue;
    const site = siteOf(l);
    if (site?.fnDecl === undefined) continue;
    try {
      const contract = contractOfProof(root, l.rec, site);
      const key = contractKey(root, site.fnDecl.getSourceFile().getFilePath(), site.fnDecl.getName() ?? '');
      // Two contracts for one function: neither is used (calls check every obligation).
      if (table.has(key)) twice.add(key);
      table.set(key, contract);
    } catch {
      // An invalid contract proof is ERROR when it runs; calls of its function check every obligation.
    }
  }
  for (const key of twice) table.delete(key);
  return table;
}

/**
 * A result that relied on contracts, given their proofs' statuses in this run: unchanged when it
 * is not PROVED or every contract proof is PROVED, else ERROR naming the contract that is not.
 */
export function withContracts(r: ProofResult, statuses: ReadonlyMap<string, ProofStatus | undefined>): ProofResult {
  if (r.status !== 'PROVED') return r;
  for (const name of r.contracts ?? []) {
    const status = statuses.get(name);
    if (status !== 'PROVED') {
      const error = `relies on the contract proved by '${name}', which is ${status ?? 'not run'} here: the obligations it discharges are unproved`;
      return { ...r, status: 'ERROR', error };
    }
  }
  return r;
}
