/**
 * Equivalent mutants, proved by the solver, never guessed: a covering proof is translated once
 * more with the mutant applied, and at every call of the mutated function (in its requires,
 * ensures and covers) the original function (from an unmutated project) is inlined on the same
 * argument values. The query asks whether, under the proof's input domains, requires and axioms,
 * the two results can differ at some call: unsat for every covering proof means the mutant is
 * equivalent wherever the proofs look (no proof of them could ever kill it).
 */
import type { FunctionDeclaration } from 'ts-morph';
import type { Loaded } from '../runner/proof-sites.js';
import { proofDomains, translateProof } from '../runner/build.js';
import { queryText } from '../runner/smt-print.js';
import type { ProofSite } from '../runner/proof-sites.js';
import { type BoolTerm, TranslationError, type Value, type Z3 } from '../translate.js';
import type { Translator } from '../translate.js';
import { equal } from '../translate/integers.js';
import { arrayLength } from '../translate/merge.js';

/** Whether two values are the same (deep: records field by field, arrays by length and items). */
function same(tr: Translator, a: Value, b: Value, site: Parameters<typeof equal>[3]): BoolTerm {
  const z3 = tr.z3;
  const absentOrOptional = (v: Value): boolean => v.kind === 'optional' || v.kind === 'undefined';
  if (absentOrOptional(a) || absentOrOptional(b)) {
    const presence = (v: Value): BoolTerm => (v.kind === 'undefined' ? z3.Bool.val(false) : v.kind === 'optional' ? v.present : z3.Bool.val(true));
    const inner = (v: Value): Value | undefined => (v.kind === 'undefined' ? undefined : v.kind === 'optional' ? v.value : v);
    const [pa, pb, va, vb] = [presence(a), presence(b), inner(a), inner(b)];
    const bothPresent = va !== undefined && vb !== undefined ? tr.and(tr.and(pa, pb), same(tr, va, vb, site)) : z3.Bool.val(false);
    return z3.Or(tr.and(tr.not(pa), tr.not(pb)), bothPresent);
  }
  if (a.kind === 'record' && b.kind === 'record') {
    let all: BoolTerm = z3.Bool.val(true);
    for (const k of new Set([...a.fields.keys(), ...b.fields.keys()])) {
      all = tr.and(all, same(tr, a.fields.get(k) ?? { kind: 'undefined' }, b.fields.get(k) ?? { kind: 'undefined' }, site));
    }
    return all;
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const la = arrayLength(tr, a).term;
    const lb = arrayLength(tr, b).term;
    let all: BoolTerm = la.eq(lb);
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) all = tr.and(all, z3.Implies(la.gt(i), same(tr, a.items[i] as Value, b.items[i] as Value, site)));
    return all;
  }
  if (a.kind === 'function' && b.kind === 'function') return z3.Bool.val(a.decl.getText() === b.decl.getText());
  // Two maps: never claimed the same (their order is observable; a mutant returning one is not proved equivalent).
  if (a.kind === 'map' || b.kind === 'map') return z3.Bool.val(false);
  if (a.kind === 'module-object' && b.kind === 'module-object') return z3.Bool.val(a.object.getText() === b.object.getText());
  if (a.kind !== b.kind) return z3.Bool.val(false);
  return equal(tr, a, b, site).term;
}

/**
 * The SMT-LIB queries "the mutant's result differs from the original's at some call" for one
 * covering proof, translated now (the caller has the mutant applied): one per case of the proof's
 * `split` (the whole domain may be out of the solver's reach, as it was for the proof itself), or
 * none when the proof never calls a mutated function. `originals` maps each mutated declaration
 * to the original one.
 */
export function differenceQueries(
  z3: Z3,
  root: string,
  proof: Loaded,
  site: ProofSite,
  originals: ReadonlyMap<FunctionDeclaration, FunctionDeclaration>,
  budget: (tr: Translator) => void,
  loc: string,
): string[] {
  const { rec } = proof;
  return proofDomains(rec, loc).flatMap((domains) => {
    const differs: BoolTerm[] = [];
    const { assumptions } = translateProof(z3, root, rec, site, 'none', domains, 'all', (tr) => {
      budget(tr);
      const counted = tr.callObserver;
      tr.callObserver = (decl, args, pathCond, callSite, result) => {
        counted?.(decl, args, pathCond, callSite, result);
        const original = originals.get(decl as FunctionDeclaration);
        if (original === undefined) return;
        const writes = tr.heapWrites;
        const expected = tr.invoke(original, args, pathCond, callSite);
        // Inlined a second time, a function that writes a map would write it twice.
        if (tr.heapWrites !== writes) throw new TranslationError('an equivalence check of a function that writes a map', tr.loc(callSite));
        differs.push(tr.and(pathCond, tr.not(same(tr, result, expected, callSite))));
      };
    });
    return differs.length === 0 ? [] : [queryText(z3, [...assumptions, z3.Or(...differs)])];
  });
}
