/**
 * The SMT-LIB text of the translator's z3 terms, printed here instead of by z3 (CI.md, "How
 * queries are printed").
 *
 * z3's printer (Z3_benchmark_to_smtlib_string) was 85-90% of the translation time: in the wasm
 * build every stream operation of the printer goes through emscripten's exception trampolines
 * into JavaScript (PrecomputedTransactionData: 17.3 s of its 19 s). This printer walks the term
 * DAG through z3's low-level API once per node. A subterm used more than once is written once:
 * in a case's assumptions as a `define-fun`, in a goal as a `let` (z3's parser expands both to
 * the very term). Each goal of a case refers to the assumptions' definitions by name instead of
 * printing them again.
 *
 * Every text is checked where it is read: each printed query carries, for each of its assertions,
 * z3's structural hash (`Z3_get_ast_hash`: a function of the term's structure, the same in every
 * context) of the term printed, and the worker that parses the text refuses it unless its
 * assertions hash the same (harness/z3-worker.mjs; a refused text makes the proof an ERROR). The
 * one difference allowed is SMT-LIB's: a negative Int numeral reads back as unary minus of its
 * absolute value, as z3's own printer writes it, so the hash is the printed term's with each
 * negative numeral -k replaced by `(- k)` (readBackDigest).
 */
import { type Bool, type Context, Z3_ast_kind, Z3_decl_kind, Z3_parameter_kind, Z3_sort_kind } from 'z3-solver';
import { lowLevelZ3 } from './z3.js';

type Z3 = Context<'main'>;
type Low = ReturnType<typeof lowLevelZ3>;
type Ast = Parameters<Low['get_ast_id']>[1];
type Ptr = Z3['ptr'];

/** A case's assumptions printed (casePrinter): what its goals' texts may name, its lines, its text (one string, shared by every goal's query), and its assertion's digest. */
interface PrintedCase {
  readonly scope: Scope;
  readonly declarations: string;
  readonly assertion: string;
  readonly text: string;
  readonly digest: number;
}

/** A case's assumptions and one of its goals, printed as two assertions (harness/z3-worker.mjs reads them so). */
export interface SharedQuery {
  /** Declarations, definitions and the assertion of the assumptions: the same text for every goal of the case. */
  readonly assumptions: string;
  /** The declarations the assumptions do not make, and the goal's assertion. */
  readonly goal: string;
}

/**
 * The names the printer gives (`$d` definitions, `$l` let variables, `$q0` the tuple of a batch
 * text); no declared symbol may look like one.
 */
const PRINTER_NAME = /^\$[dlq]\d+$/;
/** The uninterpreted tuple a batch text lists its terms in (batchText). */
const BATCH_TUPLE = '$q0';
const SIMPLE_SYMBOL = /^[a-zA-Z~!@$%^&*_+=<>.?/-][a-zA-Z0-9~!@$%^&*_+=<>.?/-]*$/;
const CHECK_SAT = '(check-sat)\n';

/** What the parts printed before in one query define and declare. */
interface Scope {
  /** AST id -> the name of its `define-fun`. */
  readonly defined: Map<number, string>;
  /** Symbols declared, by name. */
  readonly declared: Set<string>;
  /** The negative Int numerals below the definitions (readBackDigest). */
  readonly negatives: Set<DagNode>;
}

/** One printed part: its `declare-fun` and `define-fun` lines, and its one assertion. */
interface Part {
  readonly declarations: string;
  readonly assertion: string;
  /** The negative Int numerals the part's walk reached (not those below the scope's definitions). */
  readonly negatives: readonly DagNode[];
}

/** One node of the term DAG as the printer needs it, read from z3 once. */
interface DagNode {
  readonly id: number;
  readonly ast: Ast;
  /** A leaf's text (numeral, constant), or an application's head (`f`, `(_ int_to_bv 32)`). */
  readonly head: string;
  /** For a negative Int numeral -k: the term `(- k)` it reads back as (kept alive until `close`). */
  readonly negation?: Ast;
  /** The `declare-fun` line of an uninterpreted symbol (constant or function), by its name. */
  readonly declaration?: { readonly name: string; readonly line: string };
  readonly argAsts: readonly Ast[];
  /** The argument nodes, in order (read on the first walk that goes below this node). */
  children: DagNode[] | undefined;
  /**
   * printPart's state, valid in the walk numbered `walk` (one walk per printed part): `open` once
   * its arguments are pushed, `done` once it is in the walk's order; `refs`, its parents in the
   * part; `text`, its printed text (until its one parent takes it); `letName`, its `let` variable.
   */
  walk: number;
  open: boolean;
  done: boolean;
  refs: number;
  text: string | undefined;
  letName: string | undefined;
}

/** A node read from z3 (`DagReader.read`), before printPart's state is added. */
type ReadNode = Pick<DagNode, 'ast' | 'head' | 'negation' | 'declaration' | 'argAsts'>;

/**
 * The term DAG's nodes by AST id, read through z3's low-level API once per node and per function
 * symbol, and kept alive (a reference each) until `close`, so that no id is reused meanwhile.
 */
class DagReader {
  private readonly nodes = new Map<number, DagNode>();
  private readonly kept: Ast[] = [];
  private readonly decls = new Map<Parameters<Low['get_decl_name']>[1], Pick<DagNode, 'head' | 'declaration'>>();
  private walks = 0;

  constructor(
    readonly low: Low,
    readonly c: Ptr,
    /** The printer's own tuple symbol (batchText), declared though its name has a printer name's shape. */
    private readonly tuple?: Parameters<Low['get_decl_name']>[1],
  ) {}

  id(ast: Ast): number {
    return this.low.get_ast_id(this.c, ast);
  }

  node(id: number, ast: Ast): DagNode {
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = { id, ...this.read(ast), children: undefined, walk: 0, open: false, done: false, refs: 0, text: undefined, letName: undefined };
      this.low.inc_ref(this.c, ast);
      this.kept.push(ast);
      this.nodes.set(id, node);
    }
    return node;
  }

  /** `node`'s argument nodes (their ids and z3 reads once per node, not once per walk). */
  children(node: DagNode): DagNode[] {
    if (node.children === undefined) node.children = node.argAsts.map((a) => this.node(this.id(a), a));
    return node.children;
  }

  /** A new walk's number: every node's printPart state from earlier walks is stale from now on. */
  nextWalk(): number {
    return ++this.walks;
  }

  sortOf(ast: Ast): string {
    return sortText(this.low, this.c, this.low.get_sort(this.c, ast));
  }

  close(): void {
    for (const ast of this.kept) this.low.dec_ref(this.c, ast);
    this.kept.length = 0;
    this.nodes.clear();
  }

  private read(ast: Ast): ReadNode {
    const { low, c } = this;
    const kind = low.get_ast_kind(c, ast);
    if (kind === Z3_ast_kind.Z3_NUMERAL_AST) {
      const s = low.get_sort(c, ast);
      const value = low.get_numeral_string(c, ast);
      const sk = low.get_sort_kind(c, s);
      if (sk === Z3_sort_kind.Z3_INT_SORT && value.startsWith('-')) {
        const negation = low.mk_unary_minus(c, low.mk_numeral(c, value.slice(1), s));
        low.inc_ref(c, negation);
        this.kept.push(negation);
        return { ast, head: `(- ${value.slice(1)})`, negation, argAsts: [] };
      }
      if (sk === Z3_sort_kind.Z3_INT_SORT) return { ast, head: value, argAsts: [] };
      if (sk === Z3_sort_kind.Z3_BV_SORT) return { ast, head: `(_ bv${value} ${low.get_bv_sort_size(c, s)})`, argAsts: [] };
      throw new Error(`smt-print: a numeral of sort kind ${sk}`);
    }
    if (kind !== Z3_ast_kind.Z3_APP_AST) throw new Error(`smt-print: a term of AST kind ${kind}`);
    const app = low.to_app(c, ast);
    const decl = low.get_app_decl(c, app);
    let symbol = this.decls.get(decl);
    if (symbol === undefined) {
      symbol = this.readDecl(decl);
      this.decls.set(decl, symbol);
    }
    const n = low.get_app_num_args(c, app);
    const argAsts: Ast[] = [];
    for (let i = 0; i < n; i++) argAsts.push(low.get_app_arg(c, app, i));
    return { ast, ...symbol, argAsts };
  }

  private readDecl(decl: Parameters<Low['get_decl_name']>[1]): Pick<DagNode, 'head' | 'declaration'> {
    const { low, c } = this;
    const name = low.get_symbol_string(c, low.get_decl_name(c, decl));
    if (low.get_decl_kind(c, decl) === Z3_decl_kind.Z3_OP_UNINTERPRETED) {
      const domain: string[] = [];
      for (let i = 0; i < low.get_domain_size(c, decl); i++) domain.push(sortText(low, c, low.get_domain(c, decl, i)));
      const head = this.tuple !== undefined && low.is_eq_func_decl(c, decl, this.tuple) ? BATCH_TUPLE : symbolText(name);
      return { head, declaration: { name, line: `(declare-fun ${head} (${domain.join(' ')}) ${sortText(low, c, low.get_range(c, decl))})\n` } };
    }
    const params: string[] = [];
    for (let i = 0; i < low.get_decl_num_parameters(c, decl); i++) {
      if (low.get_decl_parameter_kind(c, decl, i) !== Z3_parameter_kind.Z3_PARAMETER_INT) throw new Error(`smt-print: ${name} has a parameter that is not an integer`);
      params.push(String(low.get_decl_int_parameter(c, decl, i)));
    }
    return { head: params.length === 0 ? name : `(_ ${name} ${params.join(' ')})` };
  }
}

/** A symbol as SMT-LIB writes it: bare when simple, else between bars. */
function symbolText(name: string): string {
  if (PRINTER_NAME.test(name)) throw new Error(`smt-print: the symbol ${name} has the shape of a printer name`);
  if (SIMPLE_SYMBOL.test(name)) return name;
  if (name.includes('|') || name.includes('\\')) throw new Error(`smt-print: the symbol ${JSON.stringify(name)} cannot be written in SMT-LIB`);
  return `|${name}|`;
}

function sortText(low: Low, c: Ptr, s: Parameters<Low['get_sort_kind']>[1]): string {
  const kind = low.get_sort_kind(c, s);
  if (kind === Z3_sort_kind.Z3_BOOL_SORT) return 'Bool';
  if (kind === Z3_sort_kind.Z3_INT_SORT) return 'Int';
  if (kind === Z3_sort_kind.Z3_BV_SORT) return `(_ BitVec ${low.get_bv_sort_size(c, s)})`;
  throw new Error(`smt-print: a term of sort kind ${kind}`);
}

/**
 * Prints `term` as one assertion, given what `scope` holds. Subterms used more than once are
 * `define-fun`s added to `scope` (`define`: the assumptions), or `let`s local to the assertion
 * (`let`: a goal; `scope` is then only read, its new declarations are the part's own).
 */
function printPart(dag: DagReader, term: Ast, scope: Scope, mode: 'define' | 'let'): Part {
  const walk = dag.nextWalk();
  const order: DagNode[] = [];
  const negatives: DagNode[] = [];
  const declarations: string[] = [];
  const declaredHere = mode === 'define' ? scope.declared : new Set<string>();
  // Whether the walk goes below `node`: not what the scope defines, and its state reset once.
  const enter = (node: DagNode): boolean => {
    if (node.walk === walk) return true;
    if (scope.defined.has(node.id)) return false;
    node.walk = walk;
    node.open = false;
    node.done = false;
    node.refs = 0;
    node.text = undefined;
    node.letName = undefined;
    return true;
  };
  // The DAG below `term` (not below what the scope defines), children before parents: an
  // explicit stack, since terms nest thousands deep. A node may be on it twice (two parents): the
  // upper one is printed first, the lower one is then done.
  const root = dag.node(dag.id(term), term);
  const stack: DagNode[] = enter(root) ? [root] : [];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as DagNode;
    if (top.done) {
      stack.pop();
    } else if (top.open) {
      stack.pop();
      top.done = true;
      order.push(top);
      if (top.negation !== undefined) negatives.push(top);
      // Its parents in the part: counted once per argument position, as they are printed.
      for (const child of dag.children(top)) if (child.walk === walk) child.refs++;
      const d = top.declaration;
      if (d !== undefined && !scope.declared.has(d.name) && !declaredHere.has(d.name)) {
        declaredHere.add(d.name);
        declarations.push(d.line);
      }
    } else {
      top.open = true;
      const children = dag.children(top);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i] as DagNode;
        if (enter(child) && !child.done) stack.push(child);
      }
    }
  }
  // Children before parents: a node's text is its head and its arguments' texts or names.
  const argText = (a: DagNode): string => (a.walk === walk ? (a.letName ?? (a.text as string)) : (scope.defined.get(a.id) as string));
  const definitions: string[] = [];
  const lets: string[] = [];
  let letCount = 0;
  for (const node of order) {
    const children = node.children as DagNode[];
    const body = children.length === 0 ? node.head : application(node.head, children, argText);
    const shared = node.refs > 1 && children.length > 0;
    if (shared && mode === 'define') {
      const name = `$d${scope.defined.size + 1}`;
      scope.defined.set(node.id, name);
      // From now on the node is the scope's: argText gives its name.
      node.walk = 0;
      definitions.push(`(define-fun ${name} () ${dag.sortOf(node.ast)} ${body})\n`);
    } else if (shared) {
      const name = `$l${++letCount}`;
      node.letName = name;
      lets.push(`(let ((${name} ${body})) `);
    } else {
      node.text = body;
    }
    // An argument used once is printed into its one parent, now.
    for (const a of children) if (a.walk === walk && a.refs === 1) a.text = undefined;
  }
  const rootText = argText(root);
  root.text = undefined;
  if (mode === 'define') for (const n of negatives) scope.negatives.add(n);
  return { declarations: declarations.join('') + definitions.join(''), assertion: `(assert ${lets.join('')}${rootText}${')'.repeat(lets.length)})\n`, negatives };
}

/**
 * `(head arg1 arg2 ...)` by `+`, which links the arguments' texts instead of copying them (a rope):
 * `join` copies every argument, so a term nested n deep cost O(n^2) bytes copied (25 s for a term
 * nested 20,000 deep). The rope is flattened once, when the text is written out.
 */
function application(head: string, args: readonly DagNode[], argText: (a: DagNode) => string): string {
  let out = '(' + head;
  for (const a of args) out = out + ' ' + argText(a);
  return out + ')';
}

/** The conjunction of `terms` as one AST (the terms themselves when there is one). */
function conjunction(z3: Z3, terms: readonly Bool<'main'>[]): Ast {
  return (terms.length === 1 ? (terms[0] as Bool<'main'>) : z3.And(...terms)).ast;
}

/**
 * What z3's parser reads back from `term` printed, as z3's structural hash (Z3_get_ast_hash):
 * the hash of `term` with each negative Int numeral -k replaced by `(- k)` (z3's substitute, in
 * its own code). `negatives` holds every negative numeral below `term`: those of its part's walk
 * and of the scope's definitions it refers to (printPart); a term without any is hashed as it is.
 */
function readBackDigest(dag: DagReader, term: Ast, negatives: Iterable<DagNode>): number {
  const { low, c } = dag;
  const pairs = [...new Set(negatives)];
  if (pairs.length === 0) return low.get_ast_hash(c, term);
  const substituted = low.substitute(c, term, pairs.map((p) => p.ast), pairs.map((p) => p.negation as Ast));
  low.inc_ref(c, substituted);
  try {
    return low.get_ast_hash(c, substituted);
  } finally {
    low.dec_ref(c, substituted);
  }
}

/**
 * A printed query: its SMT-LIB text and, for each of its assertions in order, the structural hash
 * of the term it must read back as (readBackDigest; harness/z3-worker.mjs refuses a text whose
 * assertions hash otherwise).
 */
export interface PrintedQuery {
  readonly smt: string;
  readonly digests: readonly number[];
}

/**
 * The SMT-LIB text of one query: the conjunction of `terms` as one assertion after the
 * declarations and definitions it needs, then `(check-sat)`; with the assertion's digest.
 */
export function queryText(z3: Z3, terms: readonly Bool<'main'>[]): PrintedQuery {
  const term = conjunction(z3, terms);
  const dag = new DagReader(lowLevelZ3(), z3.ptr);
  try {
    const part = printPart(dag, term, { defined: new Map(), declared: new Set(), negatives: new Set() }, 'define');
    return { smt: `${part.declarations}${part.assertion}${CHECK_SAT}`, digests: [readBackDigest(dag, term, part.negatives)] };
  } finally {
    dag.close();
  }
}

/**
 * Prints the queries of one proof: each as its case's assumptions and its goal. A case's
 * assumptions are printed once, each goal after them; the two texts together are the query
 * (`smt`, two assertions, two digests), and `shared` gives them apart for a solver that asserts
 * the assumptions once and checks each goal in a push/pop scope (harness/z3-worker.mjs). Call
 * `close` after the last query.
 */
export function casePrinter(z3: Z3): {
  query(assumptions: readonly Bool<'main'>[], goal: Bool<'main'>): PrintedQuery & { readonly shared: SharedQuery };
  /**
   * The queries of several goals after one case's assumptions: the subterms the goals have in
   * common (or one uses twice) are `define-fun`s written once, before the assumptions' assertion
   * in the assumptions' text, which is then this group's own; each goal names them. The same
   * assertions as `query` gives, in fewer bytes when the goals share their path.
   */
  group(assumptions: readonly Bool<'main'>[], goals: readonly Bool<'main'>[]): (PrintedQuery & { readonly shared: SharedQuery })[];
  close(): void;
} {
  const low = lowLevelZ3();
  const c = z3.ptr;
  const dag = new DagReader(low, c);
  const cases = new Map<readonly Bool<'main'>[], PrintedCase>();
  const printedCase = (assumptions: readonly Bool<'main'>[]): PrintedCase => {
    let printed = cases.get(assumptions);
    if (printed === undefined) {
      const scope: Scope = { defined: new Map(), declared: new Set(), negatives: new Set() };
      const term = conjunction(z3, assumptions);
      const part = printPart(dag, term, scope, 'define');
      printed = { scope, declarations: part.declarations, assertion: part.assertion, text: `${part.declarations}${part.assertion}`, digest: readBackDigest(dag, term, part.negatives) };
      cases.set(assumptions, printed);
    }
    return printed;
  };
  // The case's text is the same string object in every query of it: the pool tells a case's goals
  // apart by comparing it (harness/pool.ts batchesOf), at once for one object.
  const goalQuery = (printed: PrintedCase, goal: Bool<'main'>) => {
    const part = printPart(dag, goal.ast, printed.scope, 'let');
    const goalText = `${part.declarations}${part.assertion}`;
    return {
      smt: `${printed.text}${goalText}${CHECK_SAT}`,
      digests: [printed.digest, readBackDigest(dag, goal.ast, [...printed.scope.negatives, ...part.negatives])],
      shared: { assumptions: printed.text, goal: goalText },
    };
  };
  return {
    query(assumptions, goal) {
      return goalQuery(printedCase(assumptions), goal);
    },
    group(assumptions, goals) {
      const printed = printedCase(assumptions);
      if (goals.length < 2) return goals.map((g) => goalQuery(printed, g));
      // The goals' shared subterms defined in a scope of the group's own, after the case's.
      const scope: Scope = { defined: new Map(printed.scope.defined), declared: new Set(printed.scope.declared), negatives: new Set(printed.scope.negatives) };
      const shared = printPart(dag, z3.And(...goals).ast, scope, 'define');
      const declarations = `${printed.declarations}${shared.declarations}`;
      const own: PrintedCase = { ...printed, scope, declarations, text: `${declarations}${printed.assertion}` };
      return goals.map((g) => goalQuery(own, g));
    },
    close() {
      cases.clear();
      dag.close();
    },
  };
}

/**
 * The text of one batch of a case's goals (`sharedText`, CI.md "How queries are solved"): the
 * declarations, then one assertion `($q0 A G1 ... Gk)` of an uninterpreted tuple whose arguments
 * are the conjunction of the assumptions and the goals, every subterm used more than once in any
 * of them a `let`. It is not a query: harness/z3-worker.mjs reads it once and solves goal i as the
 * two assertions A and Gi in a fresh solver, so the subterms the goals have in common are read
 * once per batch instead of once per goal. Its one digest is the tuple's: the worker checks it
 * as it reads the text.
 */
export function batchText(z3: Z3, assumptions: readonly Bool<'main'>[], goals: readonly Bool<'main'>[]): PrintedQuery {
  const low = lowLevelZ3();
  const c = z3.ptr;
  const terms = [conjunction(z3, assumptions), ...goals.map((g) => g.ast)];
  const bool = low.mk_bool_sort(c);
  const tuple = low.mk_func_decl(c, low.mk_string_symbol(c, BATCH_TUPLE), terms.map(() => bool), bool);
  const root = low.mk_app(c, tuple, terms);
  low.inc_ref(c, root);
  const dag = new DagReader(low, c, tuple);
  try {
    const part = printPart(dag, root, { defined: new Map(), declared: new Set(), negatives: new Set() }, 'let');
    return { smt: `${part.declarations}${part.assertion}`, digests: [readBackDigest(dag, root, part.negatives)] };
  } finally {
    dag.close();
    low.dec_ref(c, root);
  }
}
