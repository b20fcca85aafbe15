/**
 * From a proof to its SMT-LIB queries: the translation of its arrows over symbolic inputs (one
 * translation per `split` case), the vacuity query, one case query per case (its assumptions and
 * the disjunction of its checks' violations: unsat proves them all), each check's own query
 * (printed only for a case its case query leaves undecided: harness/runner/solve.ts) and one query
 * per cover point.
 */
import { Node } from 'ts-morph';
import { type Domain, type ProofRecord, int } from '../dsl.js';
import { type BoolTerm, type ContractTable, type IntTerm, type ObligationKind, TranslationError, Translator, type TranslatorMutant, type Value, type Z3 } from '../translate.js';
import { contractOfProof } from './contracts.js';
import { collisionAxioms } from '../translate/intrinsics.js';
import type { ProofSite } from './proof-sites.js';
import { type Query, type SolverParams, solverParamsFor } from '../pool.js';
import { type PrintedQuery, type SharedQuery, batchText, casePrinter } from './smt-print.js';

/** One query of a proof. `smt` is its text, or with `sharedText` the text of its batch (goal `sharedText.index` of it). */
export interface BuiltQuery {
  readonly kind: 'vacuity' | 'case' | 'prove' | 'cover';
  readonly name: string;
  readonly smt: string;
  /** For each assertion of `smt`, the term's structural hash: the worker checks what it reads against it (harness/runner/smt-print.ts). */
  readonly digests: readonly number[];
  readonly shared?: SharedQuery;
  readonly sharedText?: { readonly index: number };
}

/**
 * One case of a proof (the whole domain, or one `split` case) and its checks, `checks[first]` to
 * `checks[first + count - 1]`. Its case query proves them all at once when it is unsat; `alone`
 * prints each check as its own query (in their order), for a case the case query leaves
 * undecided: a failed check's query is satisfiable and its model is the counterexample.
 */
export interface BuiltCase {
  readonly first: number;
  readonly count: number;
  /** Index in `queries` of the case query; undefined when each check is its own query from the start (one check, or `checksAlone`). */
  readonly query: number | undefined;
  readonly alone: () => BuiltQuery[];
}

/** A translated proof: its queries in order (vacuity, the case queries, the covers), its cases and checks, and what the report needs. */
export interface Built {
  readonly queries: BuiltQuery[];
  readonly cases: BuiltCase[];
  /** How `BuiltCase.alone` prints a case's checks (the proof's `sharedContext` or `sharedText`, part of the cache key). */
  readonly aloneAs: 'fresh' | 'shared context' | 'shared text';
  /** The proof's checks, case by case, with the input domains of their case. */
  readonly checks: {
    readonly kind: ObligationKind;
    readonly message: string;
    readonly loc: string;
    readonly domains: Readonly<Record<string, Domain>>;
    /** The string literals of its case's translation by interned Int (a model's string input back to its text). */
    readonly strings: ReadonlyMap<number, string>;
  }[];
  readonly functionsUsed: string[];
  /** The contract proofs the translation relied on (their functions' obligations were not re-checked). */
  readonly contracts: string[];
  readonly axioms: string[];
  /** Strings made at run time the translation modelled as uninterpreted functions of their parts (harness/translate/strings.ts). */
  readonly madeStrings: string[];
  /** Every evaluation of a kernel integer comparison, with the assumptions of its case (for the boundary covers). */
  readonly comparisons: readonly ComparisonEvaluation[];
  /** The solver parameters of its queries (harness/pool.ts SOLVER_PARAMS, the proof's `arithSolver` and `solverTuning`). */
  readonly solverParams: SolverParams;
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
    case 'string':
      return 'string';
    case 'map':
      return `Map of 0 to ${d.size} entries, ${domainText(d.key)} -> ${domainText(d.value)}`;
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
  if (!Number.isSafeInteger(unwind) || unwind < 0) throw new TranslationError(`unwind ${unwind}: the bound must be a non-negative integer`, tr.loc(site.call));
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
  assumptions.push(...tr.axioms, ...collisionAxioms(tr));
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
  // With `split`, each check is proved once per value (or range) of the split input, translated
  // with that input fixed, so every interval and shift amount in the case is exact.
  const cases = splitCases(rec, whole.tr.loc(site.call))?.map((c) => ({ ...c, ...translateProof(z3, root, rec, site, mutant, c.domains, 'all', prepare, contracts) })) ?? [
    { label: '', domains: rec.options.inputs, ...whole },
  ];
  const checks = cases.flatMap((c) => {
    const strings = new Map([...c.tr.strings].map(([text, id]) => [id, text]));
    return c.checks.map((k) => ({ ...k, message: `${c.label}${k.message}`, assumptions: c.assumptions, domains: c.domains, strings }));
  });
  if (rec.options.sharedText === true && rec.options.sharedContext === true) {
    throw new TranslationError('sharedText and sharedContext exclude each other (each says how the goals of a case share a z3 context)', whole.tr.loc(site.call));
  }
  // Each case's assumptions are printed once per printer (harness/runner/smt-print.ts); a check's
  // own query as its case's parts for a shared context only when the proof asks for one
  // (`sharedContext`), one text per batch of goals when it asks for `sharedText`.
  const aloneQueries = (goals: readonly Goal[]): BuiltQuery[] => {
    if (rec.options.sharedText === true) return sharedTextQueries(z3, goals);
    const printer = casePrinter(z3);
    try {
      return goals.map((g) => {
        const q = printer.query(g.assumptions, g.term);
        return { kind: g.kind, name: g.name, smt: q.smt, digests: q.digests, ...(rec.options.sharedContext === true ? { shared: q.shared } : {}) };
      });
    } finally {
      printer.close();
    }
  };
  // One case query per case of two checks or more: A ∧ (¬c1 ∨ ... ∨ ¬ck) is unsat exactly when
  // every check holds (CI.md, "How queries are solved": most proofs' checks are many cheap
  // obligations over one large path condition, decided by one query instead of hundreds). A
  // case of one check, or every case with `checksAlone`, has each check as its own query.
  const printer = casePrinter(z3);
  const queries: BuiltQuery[] = [];
  const builtCases: BuiltCase[] = [];
  try {
    queries.push({ kind: 'vacuity', name: 'assumptions satisfiable', ...printed(printer.query(whole.assumptions, z3.Bool.val(true))) });
    let first = 0;
    for (const c of cases) {
      const goals = checks.slice(first, first + c.checks.length).map((k): Goal => ({ kind: 'prove', name: k.message, assumptions: k.assumptions, term: k.violated }));
      const together = goals.length >= 2 && rec.options.checksAlone !== true;
      if (together) {
        queries.push({ kind: 'case', name: `${c.label}${goals.length} checks at once`, ...printed(printer.query(c.assumptions, z3.Or(...goals.map((g) => g.term)))) });
        builtCases.push({ first, count: goals.length, query: queries.length - 1, alone: () => aloneQueries(goals) });
      } else {
        const own = aloneQueries(goals);
        builtCases.push({ first, count: goals.length, query: undefined, alone: () => own });
      }
      first += goals.length;
    }
    for (const c of whole.covers) queries.push({ kind: 'cover', name: c.name, ...printed(printer.query(whole.assumptions, c.term)) });
  } finally {
    printer.close();
  }
  return {
    queries,
    cases: builtCases,
    aloneAs: rec.options.sharedText === true ? 'shared text' : rec.options.sharedContext === true ? 'shared context' : 'fresh',
    checks: checks.map(({ kind, message, loc, domains, strings }) => ({ kind, message, loc, domains, strings })),
    functionsUsed: [...new Set(cases.flatMap((c) => [...c.tr.functionsUsed]))],
    contracts: [...new Set([whole, ...cases].flatMap((c) => [...c.tr.contractsUsed]))].sort(),
    axioms: [...new Set(cases.flatMap((c) => [...c.tr.axiomsUsed]))],
    madeStrings: [...new Set(cases.flatMap((c) => [...c.tr.madeStrings]))],
    comparisons: cases.flatMap((c) =>
      c.tr.comparisons.map((k) => ({ site: c.tr.loc(k.node), op: k.op, assumptions: c.assumptions, pathCondition: k.pathCondition, difference: k.difference })),
    ),
    solverParams: solverParamsFor(rec.options.arithSolver, rec.options.solverTuning),
  };
}

/** A query printed whole (its text and digests), without the parts a shared context reads. */
const printed = (q: PrintedQuery): PrintedQuery => ({ smt: q.smt, digests: q.digests });

/** A check's or cover's goal: satisfiable under its case's assumptions exactly when the check fails (the cover is reached). */
interface Goal {
  readonly kind: 'prove' | 'cover';
  readonly name: string;
  readonly assumptions: readonly BoolTerm[];
  readonly term: BoolTerm;
}

/**
 * A batch text holds at most this many goals of one case (`sharedText`): each batch is read once
 * per z3 context, and the batches of a proof spread over the workers.
 */
export const GOALS_PER_TEXT = 64;

/**
 * The goals as `sharedText` queries: runs of consecutive goals of one case (the same assumptions)
 * cut into batches of at most GOALS_PER_TEXT, each printed as one batch text
 * (harness/runner/smt-print.ts batchText) that its queries share. A function of the goals alone.
 */
function sharedTextQueries(z3: Z3, goals: readonly Goal[]): BuiltQuery[] {
  const out: BuiltQuery[] = [];
  let i = 0;
  while (i < goals.length) {
    const assumptions = (goals[i] as (typeof goals)[number]).assumptions;
    let end = i + 1;
    while (end < goals.length && end - i < GOALS_PER_TEXT && goals[end]?.assumptions === assumptions) end++;
    const batch = goals.slice(i, end);
    const text = batchText(z3, assumptions, batch.map((g) => g.term));
    batch.forEach((g, index) => out.push({ kind: g.kind, name: g.name, ...text, sharedText: { index } }));
    i = end;
  }
  return out;
}

/** A built query as the solver pool takes it, with the proof's budget and solver parameters (the prover and the mutation score both solve through this). */
export function poolQuery(q: BuiltQuery, budget: { readonly rlimit: number; readonly timeoutMs: number }, params: SolverParams): Query {
  // A check's own query answers with its model when sat: the counterexample (harness/runner/verdict.ts).
  return { smt: q.smt, digests: q.digests, shared: q.shared, sharedText: q.sharedText, rlimit: budget.rlimit, timeoutMs: budget.timeoutMs, params, model: q.kind === 'prove' };
}

