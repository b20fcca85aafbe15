/**
 * From a proof to its SMT-LIB queries: the translation of its arrows over symbolic inputs (one
 * translation per `split` case), one query per check (each conjunct of the ensures and every translator obligation),
 * the vacuity query and one query per cover point.
 */
import { Node } from 'ts-morph';
import { type Domain, type ProofRecord, int } from '../dsl.js';
import { type BoolTerm, type ContractTable, type IntTerm, type ObligationKind, TranslationError, Translator, type TranslatorMutant, type Value, type Z3 } from '../translate.js';
import { contractOfProof } from './contracts.js';
import type { ProofSite } from './proof-sites.js';
import type { Query } from '../pool.js';
import { lowLevelZ3 } from './z3.js';

/** A translated proof: its queries in order (vacuity, one per check, one per cover) and what the report needs. */
export interface Built {
  readonly queries: { readonly kind: 'vacuity' | 'prove' | 'cover'; readonly name: string; readonly smt: string; readonly shared?: SharedQuery }[];
  /** The proof's checks, in the order of its 'prove' queries (one query per check), with the input domains of its case. */
  readonly checks: { readonly kind: ObligationKind; readonly message: string; readonly loc: string; readonly domains: Readonly<Record<string, Domain>> }[];
  readonly functionsUsed: string[];
  /** The contract proofs the translation relied on (their functions' obligations were not re-checked). */
  readonly contracts: string[];
  readonly axioms: string[];
  /** Strings made at run time the translation modelled as uninterpreted functions of their parts (harness/translate/strings.ts). */
  readonly madeStrings: string[];
  /** Every evaluation of a kernel integer comparison, with the assumptions of its case (for the boundary covers). */
  readonly comparisons: readonly ComparisonEvaluation[];
}

export interface ComparisonEvaluation {
  /** file:line:column of the comparison. */
  readonly site: string;
  readonly op: string;
  /** The assumptions of the translation (case) it was evaluated in: the same array for one case. */
  readonly assumptions: readonly BoolTerm[];
  readonly pathCondition: BoolTerm;
  readonly difference: IntTerm;
}

export function domainText(d: Domain): string {
  switch (d.kind) {
    case 'number':
      return `number in [${d.min}, ${d.max}]`;
    case 'bigint':
      return `bigint in [${d.min ?? '-inf'}, ${d.max ?? '+inf'}]`;
    case 'boolean':
      return 'boolean';
    case 'tuple':
      return `[${d.items.map(domainText).join(', ')}]`;
    case 'bytes':
      return `Uint8Array of ${d.length} bytes`;
    case 'record':
      return `{ ${Object.entries(d.fields)
        .map(([k, v]) => `${k}: ${domainText(v)}`)
        .join('; ')} }`;
  }
}

interface Check {
  readonly kind: ObligationKind;
  readonly message: string;
  readonly loc: string;
  /** The check's negation under its path: satisfiable exactly when the check can fail. */
  readonly violated: BoolTerm;
}

/**
 * One translation of a proof over the given input domains: its assumptions, checks and cover
 * points. `prepare` sees the translator before it starts (the mutation score observes calls).
 */
export function translateProof(
  z3: Z3,
  root: string,
  rec: ProofRecord,
  site: ProofSite,
  mutant: TranslatorMutant,
  domains: Readonly<Record<string, Domain>>,
  parts: 'all' | 'assumptions and covers' = 'all',
  prepare?: (tr: Translator) => void,
  contracts?: ContractTable,
) {
  // A contract proof checks its function's obligations itself, with no contract (so no cycle).
  const contract = rec.options.contract === true ? contractOfProof(root, rec, site) : undefined;
  const tr = new Translator(z3, root, mutant, contract === undefined ? contracts : undefined);
  prepare?.(tr);
  const assumptions: BoolTerm[] = [];
  const fields = new Map<string, Value>();
  for (const [key, d] of Object.entries(domains)) fields.set(key, tr.symbolic(`in_${key}`, d, assumptions));
  const inputs: Value = { kind: 'record', fields };
  const unwind = rec.options.unwind ?? 64;
  const always = z3.Bool.val(true);
  const evalArrow = (arrow: Node, what: string): BoolTerm => {
    if (!Node.isArrowFunction(arrow)) throw new TranslationError(`${what} must be an arrow function`, tr.loc(arrow));
    return tr.toBool(tr.invoke(arrow, [inputs], always, arrow, 'unbounded', unwind), arrow).term;
  };
  if (site.requires !== undefined) assumptions.push(evalArrow(site.requires, 'requires'));
  if (site.ensures === undefined) throw new TranslationError('proof without an ensures arrow', tr.loc(site.call));
  // A contract proof's function, called once on its inputs with nothing else assumed: each
  // obligation of its body is a check over the whole domain, whatever the ensures reads.
  if (contract !== undefined && site.fnDecl !== undefined && parts === 'all') {
    tr.invoke(site.fnDecl, contract.parameters.map((p) => fields.get(p.name) as Value), always, site.fnDecl);
  }
  const covers = parts === 'all' || site.covers.length > 0 ? site.covers.map((c) => ({ name: c.name, term: evalArrow(c.fn, `cover '${c.name}'`) })) : [];
  // A split proof's checks come from its cases: the whole domain needs only the vacuity and cover queries.
  const ensures = parts === 'all' ? evalArrow(site.ensures, 'ensures') : undefined;
  // Axiom instances (hash ranges, collision resistance) are assumptions of every query.
  assumptions.push(...tr.axioms);
  const checks: Check[] = tr.obligations.map((o) => ({ kind: o.kind, message: o.message, loc: o.loc, violated: z3.And(o.pathCondition, z3.Not(o.condition)) }));
  if (ensures !== undefined) {
    const loc = tr.loc(site.ensures);
    // With `splitEnsures`, each conjunct of the ensures is its own check (all hold iff the ensures
    // holds): a layout proof is then many small goals rather than one large one.
    const parts = rec.options.splitEnsures === true ? conjuncts(z3, ensures) : [ensures];
    parts.forEach((c, i) =>
      checks.push({ kind: 'ensures', message: parts.length === 1 ? rec.options.statement : `${rec.options.statement} (conjunct ${i + 1} of ${parts.length})`, loc, violated: z3.Not(c) }),
    );
  }
  return { tr, assumptions, checks, covers };
}

/** An ensures is split into at most this many checks (consecutive conjuncts share a check beyond it). */
const MAX_ENSURES_CHECKS = 256;

/**
 * The conjuncts of a term (nested ANDs flattened, in order), as at most MAX_ENSURES_CHECKS terms
 * whose conjunction is the term: proving each proves the term.
 */
export function conjuncts(z3: Z3, term: BoolTerm): BoolTerm[] {
  const flat: BoolTerm[] = [];
  const stack: BoolTerm[] = [term];
  while (stack.length > 0) {
    const t = stack.pop() as BoolTerm;
    if (z3.isAnd(t)) stack.push(...(t.children() as BoolTerm[]).reverse());
    else flat.push(t);
  }
  if (flat.length <= MAX_ENSURES_CHECKS) return flat;
  const per = Math.ceil(flat.length / MAX_ENSURES_CHECKS);
  const out: BoolTerm[] = [];
  for (let i = 0; i < flat.length; i += per) out.push(z3.And(...flat.slice(i, i + per)));
  return out;
}

/** One case of a split proof: its label (in every check's name) and the inputs' domains in it. */
interface SplitCase {
  readonly label: string;
  readonly domains: Readonly<Record<string, Domain>>;
}

const BYTE: Domain = { kind: 'number', min: 0, max: 255 };

/**
 * The cases of a proof's `split`: one per value of a small number input, or the given ranges of
 * one integer of the inputs. The ranges must be exactly that integer's domain (ascending, no gap,
 * no overlap), so that proving every case proves the statement over the whole domain.
 */
function splitCases(rec: ProofRecord, loc: string): readonly SplitCase[] | undefined {
  const split = rec.options.split;
  if (split === undefined) return undefined;
  const on = typeof split === 'string' ? split : split.on;
  const fail = (why: string): never => {
    throw new TranslationError(`split on '${on}': ${why}`, loc);
  };
  const m = /^([A-Za-z_$][\w$]*)(?:\[(\d+)\])?$/.exec(on);
  const name = m?.[1] ?? fail('name an input, or one byte or item of it as name[i]');
  const index = m?.[2] === undefined ? undefined : Number(m[2]);
  const d = rec.options.inputs[name] ?? fail('no such input');
  let leaf: Domain | undefined;
  if (index === undefined) leaf = d;
  else if (d.kind === 'bytes') leaf = index < d.length ? (d.items?.[index] ?? BYTE) : undefined;
  else if (d.kind === 'tuple') leaf = d.items[index];
  if (leaf === undefined || leaf.kind !== 'number') return fail('needs a number input, a byte of a bytes input or a number item of a tuple input');
  const { min, max } = leaf;
  let ranges: readonly (readonly [number, number])[];
  if (typeof split === 'string') {
    if (max - min >= 64) fail('needs a number input with at most 64 values (or ranges: { on, cases })');
    ranges = Array.from({ length: max - min + 1 }, (_, i): [number, number] => [min + i, min + i]);
  } else {
    ranges = split.cases;
    if (ranges.length === 0 || ranges.length > 64) fail('needs 1 to 64 cases');
    let next = min;
    for (const [lo, hi] of ranges) {
      if (lo !== next || hi < lo) fail(`the cases must cover [${min}, ${max}] in ascending order with no gap or overlap (case [${lo}, ${hi}] should start at ${next})`);
      next = hi + 1;
    }
    if (next !== max + 1) fail(`the cases must cover [${min}, ${max}] (they end at ${next - 1})`);
  }
  const narrow = (lo: number, hi: number): Domain => {
    const v = int(lo, hi);
    if (index === undefined) return v;
    if (d.kind === 'bytes') return { kind: 'bytes', length: d.length, items: Array.from({ length: d.length }, (_, i) => (i === index ? v : (d.items?.[i] ?? BYTE))) };
    if (d.kind === 'tuple') return { kind: 'tuple', items: d.items.map((x, i) => (i === index ? v : x)) };
    return v;
  };
  return ranges.map(([lo, hi]) => ({
    label: lo === hi ? `${on} = ${lo}: ` : `${on} in [${lo}, ${hi}]: `,
    domains: { ...rec.options.inputs, [name]: narrow(lo, hi) },
  }));
}

/**
 * The input domains a proof's checks are proved over: one per `split` case, or the proof's own
 * inputs. Proving a check in every one proves it over the whole domain.
 */
export function proofDomains(rec: ProofRecord, loc: string): readonly Readonly<Record<string, Domain>>[] {
  return splitCases(rec, loc)?.map((c) => c.domains) ?? [rec.options.inputs];
}

/** Translates one proof into SMT-LIB queries. Throws TranslationError on constructs outside the subset. */
export function buildProof(z3: Z3, root: string, rec: ProofRecord, site: ProofSite, mutant: TranslatorMutant, prepare?: (tr: Translator) => void, contracts?: ContractTable): Built {
  const whole = translateProof(z3, root, rec, site, mutant, rec.options.inputs, rec.options.split === undefined ? 'all' : 'assumptions and covers', prepare, contracts);
  const smt = sharedAssumptionsText(z3);
  // One query per check: a failed check's query is satisfiable and its model is a counterexample.
  // Separate queries are much easier for z3 than their conjunction (measured: the 4-byte
  // script-number round trip is 3.5 s as 11 queries and over 80 s as one). With `split`, each
  // check is also proved once per value of the split input, translated with that input fixed,
  // so every interval and shift amount in the case is exact.
  const cases = splitCases(rec, whole.tr.loc(site.call))?.map((c) => ({ ...c, ...translateProof(z3, root, rec, site, mutant, c.domains, 'all', prepare, contracts) })) ?? [
    { label: '', domains: rec.options.inputs, ...whole },
  ];
  const checks = cases.flatMap((c) => c.checks.map((k) => ({ ...k, message: `${c.label}${k.message}`, assumptions: c.assumptions, domains: c.domains })));
  // The parts for a shared context only when the proof asks for one (`sharedContext`).
  const goal = (assumptions: readonly BoolTerm[], term: BoolTerm): { readonly smt: string; readonly shared?: SharedQuery } => {
    const q = smt(assumptions, term);
    return rec.options.sharedContext === true ? q : { smt: q.smt };
  };
  const queries: Built['queries'] = [
    { kind: 'vacuity', name: 'assumptions satisfiable', smt: queryText(z3, whole.assumptions) },
    ...checks.map((c) => ({ kind: 'prove' as const, name: c.message, ...goal(c.assumptions, c.violated) })),
    ...whole.covers.map((c) => ({ kind: 'cover' as const, name: c.name, ...goal(whole.assumptions, c.term) })),
  ];
  return {
    queries,
    checks: checks.map(({ kind, message, loc, domains }) => ({ kind, message, loc, domains })),
    functionsUsed: [...new Set(cases.flatMap((c) => [...c.tr.functionsUsed]))],
    contracts: [...new Set([whole, ...cases].flatMap((c) => [...c.tr.contractsUsed]))].sort(),
    axioms: [...new Set(cases.flatMap((c) => [...c.tr.axiomsUsed]))],
    madeStrings: [...new Set(cases.flatMap((c) => [...c.tr.madeStrings]))],
    comparisons: cases.flatMap((c) =>
      c.tr.comparisons.map((k) => ({ site: c.tr.loc(k.node), op: k.op, assumptions: c.assumptions, pathCondition: k.pathCondition, difference: k.difference })),
    ),
  };
}

/** A built query as the solver pool takes it, with the proof's budget (the prover and the mutation score both solve through this). */
export function poolQuery(q: Built['queries'][number], budget: { readonly rlimit: number; readonly timeoutMs: number }): Query {
  return { smt: q.smt, shared: q.shared, rlimit: budget.rlimit, timeoutMs: budget.timeoutMs };
}

/**
 * The SMT-LIB text of one query: its terms as a single conjunction, so that z3's printer shares
 * every common subterm once (asserted one by one, each assertion repeats the subterms it shares
 * with the others: 1.3 MB instead of about 0.2 MB per query of the commitment-digest proof).
 */
export function queryText(z3: Z3, terms: readonly BoolTerm[]): string {
  const formula = terms.length === 1 ? (terms[0] as BoolTerm) : z3.And(...terms);
  // The text a solver holding just this assertion prints (Solver.toSmtlib2 makes this same call),
  // without the solver: asserting into one internalizes the whole term (a quarter of the printing time).
  const low = lowLevelZ3();
  const text = low.benchmark_to_smtlib_string(z3.ptr, '', '', 'unknown', '', [], formula.ast);
  const code = low.get_error_code(z3.ptr);
  if (code !== 0) throw new Error(`z3 could not print a query: ${low.get_error_msg(z3.ptr, code)}`);
  return canonicalSmt(text);
}

/**
 * A query as its case's assumptions and its goal, for a solver that asserts the assumptions once
 * and then checks each goal of the case in a push/pop scope (harness/z3-worker.mjs): `assumptions`
 * is the same string for every query of a case; `goal` declares only the symbols the assumptions
 * do not. Both texts together are the query's `smt`.
 */
export interface SharedQuery {
  readonly assumptions: string;
  readonly goal: string;
}

/**
 * The query texts of one proof: a case's assumptions and each goal (a check's violation or a cover
 * point) as two assertions. The assumptions are printed once per case (they are the same array
 * for every check of the case) and each goal on its own, instead of printing the assumptions again
 * in every query (z3's printer was most of the translation time: the commitment-digest proof printed
 * its assumptions 119 times). The text declares each constant once; both assertions are the same
 * query as their conjunction. Also returned: the two parts (SharedQuery), when the printed texts
 * have the expected shape.
 */
export function sharedAssumptionsText(z3: Z3): (assumptions: readonly BoolTerm[], goal: BoolTerm) => { readonly smt: string; readonly shared?: SharedQuery } {
  const printed = new Map<readonly BoolTerm[], { readonly declared: ReadonlySet<string>; readonly text: string } | undefined>();
  return (assumptions, goal) => {
    if (!printed.has(assumptions)) {
      const parts = queryParts(queryText(z3, assumptions));
      printed.set(assumptions, parts === undefined ? undefined : { declared: new Set(parts.declarations), text: `${parts.header}${parts.declarations.join('')}${parts.assertion}` });
    }
    const a = printed.get(assumptions);
    const g = a === undefined ? undefined : queryParts(queryText(z3, [goal]));
    if (a === undefined || g === undefined) return { smt: queryText(z3, [...assumptions, goal]) };
    const goalText = `${g.declarations.filter((d) => !a.declared.has(d)).join('')}${g.assertion}`;
    return { smt: `${a.text}${goalText}(check-sat)\n`, shared: { assumptions: a.text, goal: goalText } };
  };
}

/** A printed query cut into its header, its declaration lines and its one assertion. */
interface QueryParts {
  readonly header: string;
  readonly declarations: readonly string[];
  readonly assertion: string;
}

/**
 * The parts of a text queryText printed: `; \n(set-info :status unknown)\n`, one
 * `(declare-fun ...)` line per symbol, `(assert\n ...)\n`, `(check-sat)\n`. Undefined for any
 * other shape (then the caller prints the conjunction whole).
 */
function queryParts(text: string): QueryParts | undefined {
  const header = '; \n(set-info :status unknown)\n';
  const end = '(check-sat)\n';
  if (!text.startsWith(header) || !text.endsWith(end)) return undefined;
  const at = text.indexOf('(assert\n', header.length);
  if (at < 0) return undefined;
  const declarations = text.slice(header.length, at).split(/(?<=\n)/).filter((l) => l !== '');
  if (!declarations.every((l) => l.startsWith('(declare-fun ') && l.endsWith(')\n') && l.indexOf('\n') === l.length - 1)) return undefined;
  const assertion = text.slice(at, text.length - end.length);
  if (assertion.includes('(check-sat)') || assertion.includes('(declare-') || assertion.indexOf('(assert', 1) >= 0) return undefined;
  return { header, declarations, assertion };
}

/**
 * z3 names let-bound subterms after their AST ids (`$x17`, `?x14`), which depend on every term
 * created before in the context. Renumbering them in order of appearance makes the text, and
 * so the cache key, a function of the query alone.
 */
export function canonicalSmt(text: string): string {
  const names = new Map<string, string>();
  return text.replace(/([$?])x(\d+)\b/g, (m: string, sigil: string) => {
    let n = names.get(m);
    if (n === undefined) {
      n = `${sigil}x${names.size + 1}`;
      names.set(m, n);
    }
    return n;
  });
}
