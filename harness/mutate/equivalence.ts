/**
 * Equivalent mutants, proved by the solver, never guessed: a covering proof is translated once
 * more with the mutant applied, and at every call of the mutated function (in its requires,
 * ensures and covers) the original function (from an unmutated project) is inlined on the same
 * argument values, from the map heap as it was before the call. The query asks whether, under the
 * proof's input domains, requires and axioms, the two can differ at some call, in their results or
 * in any map that existed before the call (a function that writes a map, as ConnectBlock's delta
 * builder does): unsat for every covering proof means the mutant is equivalent wherever the proofs
 * look (no proof of them could ever kill it). The translation then goes on with the mutant's heap.
 */
import type { FunctionDeclaration } from 'ts-morph';
import type { Loaded } from '../runner/proof-sites.js';
import { proofDomains, translateProof } from '../runner/build.js';
import { type PrintedQuery, queryText } from '../runner/smt-print.js';
import type { ProofSite } from '../runner/proof-sites.js';
import { type BoolTerm, type Value, type Z3 } from '../translate.js';
import type { MapEntry, MapValue } from '../translate/values.js';
import type { Translator } from '../translate.js';
import { equal } from '../translate/integers.js';
import { arrayLength } from '../translate/merge.js';

type Site = Parameters<typeof equal>[3];
type Heap = ReadonlyMap<number, readonly MapEntry[]>;
/** The heaps the two sides' maps live in: `a`'s (the mutant's) and `b`'s (the original's). */
interface Heaps {
  readonly a: Heap;
  readonly b: Heap;
}
/** Maps nested in maps deeper than this are not compared (never claimed the same). */
const MAX_MAP_DEPTH = 4;

/** A map's entries in its side's heap: a fixed map's own, a created map's cell's. */
function entriesIn(heap: Heap, m: MapValue): readonly MapEntry[] | undefined {
  return m.cell === undefined ? m.entries : heap.get(m.cell);
}

/**
 * Whether two maps' entry lists are the same map, order included: equal lengths, and at each
 * position the same presence and, where present, the same key and value. (Lists of different
 * lengths are never claimed the same: sufficient, not necessary, so never a false equivalence.)
 */
function sameEntries(tr: Translator, a: readonly MapEntry[] | undefined, b: readonly MapEntry[] | undefined, site: Site, heaps: Heaps, depth: number): BoolTerm {
  const z3 = tr.z3;
  if (a === undefined || b === undefined || a.length !== b.length || depth > MAX_MAP_DEPTH) return z3.Bool.val(false);
  let all: BoolTerm = z3.Bool.val(true);
  a.forEach((ea, i) => {
    const eb = b[i] as MapEntry;
    const both = tr.and(same(tr, ea.key, eb.key, site, heaps, depth + 1), same(tr, ea.value, eb.value, site, heaps, depth + 1));
    all = tr.and(all, tr.and(ea.present.eq(eb.present), z3.Implies(ea.present, both)));
  });
  return all;
}

/** Whether two values are the same (deep: records field by field, arrays by length and items, maps entry by entry in their heaps). */
function same(tr: Translator, a: Value, b: Value, site: Site, heaps: Heaps, depth = 0): BoolTerm {
  const z3 = tr.z3;
  const absentOrOptional = (v: Value): boolean => v.kind === 'optional' || v.kind === 'undefined';
  if (absentOrOptional(a) || absentOrOptional(b)) {
    const presence = (v: Value): BoolTerm => (v.kind === 'undefined' ? z3.Bool.val(false) : v.kind === 'optional' ? v.present : z3.Bool.val(true));
    const inner = (v: Value): Value | undefined => (v.kind === 'undefined' ? undefined : v.kind === 'optional' ? v.value : v);
    const [pa, pb, va, vb] = [presence(a), presence(b), inner(a), inner(b)];
    const bothPresent = va !== undefined && vb !== undefined ? tr.and(tr.and(pa, pb), same(tr, va, vb, site, heaps, depth)) : z3.Bool.val(false);
    return z3.Or(tr.and(tr.not(pa), tr.not(pb)), bothPresent);
  }
  if (a.kind === 'record' && b.kind === 'record') {
    let all: BoolTerm = z3.Bool.val(true);
    for (const k of new Set([...a.fields.keys(), ...b.fields.keys()])) {
      all = tr.and(all, same(tr, a.fields.get(k) ?? { kind: 'undefined' }, b.fields.get(k) ?? { kind: 'undefined' }, site, heaps, depth));
    }
    return all;
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const la = arrayLength(tr, a).term;
    const lb = arrayLength(tr, b).term;
    let all: BoolTerm = la.eq(lb);
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) all = tr.and(all, z3.Implies(la.gt(i), same(tr, a.items[i] as Value, b.items[i] as Value, site, heaps, depth)));
    return all;
  }
  // A function value is never claimed the same: the same text can call a mutated function (a
  // method over a local arrow the translator resolves by its declaration, as the signature
  // checker's methods over their signature-hash cache), and calling it is not compared here.
  if (a.kind === 'function' || b.kind === 'function') return z3.Bool.val(false);
  if (a.kind === 'map' && b.kind === 'map') return sameEntries(tr, entriesIn(heaps.a, a), entriesIn(heaps.b, b), site, heaps, depth);
  if (a.kind === 'map' || b.kind === 'map') return z3.Bool.val(false);
  // A module-level object literal may name functions declared elsewhere, mutated or not: never claimed the same.
  if (a.kind === 'module-object' || b.kind === 'module-object') return z3.Bool.val(false);
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
): PrintedQuery[] {
  const { rec } = proof;
  return proofDomains(rec, loc).flatMap((domains) => {
    const differs: BoolTerm[] = [];
    const { assumptions } = translateProof(z3, root, rec, site, 'none', domains, 'all', (tr) => {
      budget(tr);
      const counted = tr.callObserver;
      tr.callObserver = (decl, args, pathCond, callSite, result, heapBefore) => {
        counted?.(decl, args, pathCond, callSite, result, heapBefore);
        const original = originals.get(decl as FunctionDeclaration);
        if (original === undefined) return;
        // The original runs from the heap the mutant started from; the translation goes on with the mutant's.
        const mutantHeap = new Map(tr.heap);
        setHeap(tr, heapBefore);
        const expected = tr.invoke(original, args, pathCond, callSite);
        const heaps: Heaps = { a: mutantHeap, b: new Map(tr.heap) };
        setHeap(tr, mutantHeap);
        let differ = tr.not(same(tr, result, expected, callSite, heaps));
        for (const cell of heapBefore.keys()) differ = tr.z3.Or(differ, tr.not(sameEntries(tr, heaps.a.get(cell), heaps.b.get(cell), callSite, heaps, 0)));
        differs.push(tr.and(pathCond, differ));
      };
    });
    return differs.length === 0 ? [] : [queryText(z3, [...assumptions, z3.Or(...differs)])];
  });
}

/** Makes the translation's heap hold exactly `contents` (cells are immutable entry lists). */
function setHeap(tr: Translator, contents: Heap): void {
  tr.heap.clear();
  for (const [cell, entries] of contents) tr.heap.set(cell, entries);
}
