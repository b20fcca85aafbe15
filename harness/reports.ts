/**
 * Reports of a proof run, all generated from the one JSON record: JSON, JUnit and SARIF (the
 * run's files, with times, in the --out folder) and docs/PROOFS.md (for auditors; committed, so
 * stable: nothing in it changes from run to run unless a proof's result or text does).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mutationMarkdown } from './mutate/format.js';
import type { MutateReport } from './mutate/types.js';
import type { BoundaryResult } from './runner/boundaries.js';
import { DEFAULT_RLIMIT, type ProofResult, type RunReport } from './runner.js';
import { CASE_RLIMIT } from './runner/solve.js';

export function formatTable(report: RunReport): string {
  const rows = report.results.map((r) => [r.status, r.name, r.fn, `${r.ms}${r.cached ? ' (cached)' : ''}`, String(r.rlimit)]);
  const head = ['status', 'proof', 'function', 'ms', 'rlimit'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(w[i] ?? 0)).join('  ');
  const out = [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)];
  const counts = new Map<string, number>();
  for (const r of report.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  out.push('');
  out.push(
    `${report.results.length} proofs: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')} in ${(report.ms / 1000).toFixed(1)} s (${report.solver}, ${report.translator})`,
  );
  if (report.boundaries !== undefined) {
    const b = report.boundaries;
    const unpinned = b.filter((x) => x.unpinned !== undefined);
    const unexplained = unpinned.filter((x) => x.explained === undefined);
    out.push(
      `boundary covers: ${b.length} comparisons in proved functions, ${b.length - unpinned.length} with both sides of the boundary reached by a proof, ${unpinned.length} not (${unpinned.length - unexplained.length} explained in proofs/boundary-notes.ts)`,
    );
    for (const x of unexplained) out.push(`  UNPINNED ${x.loc} ${x.function}: ${x.text} -- ${x.unpinned} (pin it with a proof or cover, or explain it in proofs/boundary-notes.ts under '${x.function}: ${x.text}')`);
  }
  for (const r of report.results.filter((x) => x.status !== 'PROVED')) {
    out.push('');
    out.push(`${r.status} ${r.name} (${r.file}:${r.line})`);
    if (r.error !== undefined) out.push(`  ${r.error}`);
    if (r.counterexample !== undefined) {
      out.push(`  counterexample: ${Object.entries(r.counterexample.inputs).map(([k, v]) => `${k} = ${v}`).join(', ')}`);
      out.push(`  replay: ${r.counterexample.replayDetail}`);
      out.push('  regression test:');
      for (const l of r.counterexample.regressionTest.split('\n')) out.push(`    ${l}`);
    }
  }
  return out.join('\n');
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junit(report: RunReport): string {
  const byFile = new Map<string, ProofResult[]>();
  for (const r of report.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const suites = [...byFile].map(([file, rs]) => {
    const failures = rs.filter((r) => r.status === 'REFUTED' || r.status === 'VACUOUS').length;
    const errors = rs.filter((r) => r.status === 'ERROR' || r.status === 'UNKNOWN').length;
    const cases = rs.map((r) => {
      const body =
        r.status === 'PROVED'
          ? ''
          : r.status === 'REFUTED' || r.status === 'VACUOUS'
            ? `<failure type="${r.status}" message="${xml(r.error ?? r.status)}">${xml(
                r.counterexample !== undefined ? `${r.counterexample.replayDetail}\n\n${r.counterexample.regressionTest}` : (r.error ?? ''),
              )}</failure>`
            : `<error type="${r.status}" message="${xml(r.error ?? r.status)}"/>`;
      return `    <testcase classname="${xml(file)}" name="${xml(r.name)}" time="${(r.ms / 1000).toFixed(3)}">${body}</testcase>`;
    });
    return `  <testsuite name="${xml(file)}" tests="${rs.length}" failures="${failures}" errors="${errors}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bllvm prove">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A result's checks without its case queries' lines (harness/runner/solve.ts): what its check counts count. */
function ownChecks(r: ProofResult): ProofResult['checks'] {
  return r.checks.filter((c) => c.kind !== 'case');
}

export function sarif(report: RunReport): string {
  const rules = report.results.map((r) => ({ id: r.name, shortDescription: { text: r.statement || r.name }, properties: { spec: r.spec } }));
  const results = report.results
    .filter((r) => r.status !== 'PROVED')
    .flatMap((r) => {
      // A case query's line is no finding of its own: its checks' lines say which failed.
      const failing = ownChecks(r).filter((c) => c.status === 'FAILURE' || c.status === 'UNSATISFIABLE' || c.status === 'UNDETERMINED');
      const locs = failing.length > 0 ? failing.map((c) => ({ loc: c.loc, msg: `${c.kind}: ${c.message}` })) : [{ loc: `${r.file}:${r.line}`, msg: r.error ?? r.status }];
      return locs.map(({ loc, msg }) => {
        const [file, line] = loc.split(':');
        return {
          ruleId: r.name,
          level: r.status === 'UNKNOWN' ? 'warning' : 'error',
          message: { text: `${r.status}: ${msg}${r.counterexample !== undefined ? ` — counterexample ${JSON.stringify(r.counterexample.inputs)}; ${r.counterexample.replayDetail}` : ''}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: file ?? r.file }, region: { startLine: Number(line ?? r.line) || 1 } } }],
        };
      });
    });
  return `${JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'bllvm prove', version: report.translator, informationUri: 'docs/PROOFS.md', rules } }, results }],
    },
    null,
    2,
  )}\n`;
}

const SEMANTICS = `| TypeScript | SMT model | obligation / rejection |
|---|---|---|
| \`bigint\` value, literal | unbounded Int (exact JS semantics) | every \`+ - * <<\` and unary \`-\` result in int64 (default), uint256 (\`@smtBigint uint256\`) or unchecked (\`@smtBigint unbounded\`, only where the code truncates explicitly) |
| integer \`number\` | Int | every \`+ - *\` result a safe integer; \`/\` only as \`Math.floor(a / b)\` (floor division, divisor ≠ 0) or of two constants that divide exactly (\`TREE_KEY_BITS / 8\`); fractional literals rejected |
| \`a / b\`, \`a % b\` (bigint) | truncation toward zero over SMT div (Euclidean, so only the dividend's sign is split on; a dividend whose interval is non-negative over a symbolic divisor is one div); \`Math.floor(a / b)\` one div when the divisor's interval is positive | divisor ≠ 0; the quotient in the function's range (so \`INT64_MIN / -1\` fails in int64); \`INT64_MIN % -1\` (undefined in C++) fails in int64 |
| \`>> k\`, \`<< k\` (bigint) | \`floor(a / 2^k)\`, \`a · 2^k\`; a negative amount shifts the other way | symbolic amount: If-chain over the amounts its interval allows, amount in [0, 256] |
| \`& | ^ ~ >> >>> <<\` (number) | exact ToInt32/ToUint32 arithmetic (mod 2^32); two symbolic operands via 32-bit vectors; a constant mask's run of ones over an operand whose interval spans at most 4 blocks of the run's low bit (or, for a run from bit 0, of its high bit) is an If-chain over the blocks, no mod (a byte's \`& 0x80\` is \`b >= 128 ? 128 : 0\`) | — |
| \`& | ^\` (bigint) with a constant | exact two's-complement formula from the constant's bit runs (If-chains over few blocks as for numbers) | two symbolic operands only within a known non-negative 64-bit range |
| \`boolean\`, \`&& || !\`, ternary, \`===\` | Bool, If; the right operand of \`&&\`/\`||\` under its guard | \`==\`/\`!=\` rejected; value-returning \`&&\`/\`||\` rejected: a non-boolean left operand (JS returns the operand itself) only where just the result's truthiness is read (a condition, \`!\`), else ERROR |
| string literal; template literal; \`toHex\`/\`toDisplayHex\` of bytes | interned Int, compared by \`===\`; a template of constant parts is its exact text; otherwise a made string is an uninterpreted function of its parts (one per template and kinds of parts, one per hex function and length): equal parts give equal strings, nothing else is known of the text | a part that may be \`undefined\` must be present (an obligation); a part that is not a string or number is ERROR; truthiness and \`<\` of a made string are ERROR; a counterexample that needs the real text replays as \`string-model\` |
| readonly record / tuple | map / array of terms; \`.length\` constant; \`x[i]\` If-chain; a symbolic index outside [0, length) reads \`undefined\` (an optional value present exactly inside) | using the element as a value is an obligation that the index is inside |
| array built by a loop or by branches of different lengths | the longest tuple plus a symbolic length; \`.length\` is that term; reading past it is \`undefined\` | symbolic index below the length; \`for-of\` and destructuring need a constant length; a hash of such an array is the If-chain over the lengths it can take (the values of an If-tree of sums of constants, else its interval), at most 16 of them, each a hash of that many bytes |
| \`undefined\`, \`T \\| undefined\`, \`??\`, \`=== undefined\` | option value (present flag + value); \`x === undefined\`, \`x !== undefined\` and truthiness narrow a local | using a possibly-undefined value in arithmetic, a comparison, a property read, an index (\`x[i]\`), \`x!\` or a cast to a type without \`undefined\` (\`x as T\`) is an obligation that it is present; a value undefined wherever it is used (an index past a constant end) fails that obligation where the path is reached, and so does a property read or index of undefined (JS throws), except inside an optional chain (\`a?.b.c\`), which is ERROR |
| \`e as T\`, a type predicate \`x is T\`, \`any\` (harness/translate/casts.ts) | the value unchanged (an array's class, Uint8Array or plain, is taken from its static type) | in kernel code a cast is translated only when e's type without \`undefined\` is assignable to T, or both are Uint8Arrays, or \`as const\`; a predicate only when it drops \`undefined\` or its body is \`x instanceof T\`; an identifier, call, property or element access typed \`any\` (or \`any[]\`) and a cast to \`any\` are ERROR, and so is a call of a method or closure with an argument not of its parameter's declared type (method parameters are bivariant); the specification (proofs/) may cast its stand-ins |
| records of different shapes merged (\`ok(v)\` / \`err(e)\`, a ternary of two object literals) | one record; a field only one variant has is possibly undefined (present exactly on that variant's branch) | as above: reading it as a value is an obligation |
| \`const\`, \`let\`, \`=\`, \`+=\`, \`++\`; \`arr[i] = v\`, \`arr.push(v)\`; a \`Uint8Array\`'s \`set(src, offset)\` and \`copyWithin(target, start, end)\` | SSA renaming; arrays carry the allocation they are (or view): a write updates every local bound to that array and every constant-offset view of it | assignment only to local variables and to elements of an array **the function created** (\`new Uint8Array\`, a literal, \`of\`/\`from\`, \`slice\`, \`concatBytes\`, or returned so by a callee), through a name bound to the whole array; index within the length; a value stored into a \`Uint8Array\` must be a byte (no silent ToUint8 truncation), the array known by its type (aliases, interfaces extending it, type parameters bounded by it), a store into another typed array or an array-like of a type it cannot place being ERROR; \`set\` and \`copyWithin\` on an array of a constant length with constant non-negative indices (\`set\` past the end throws a RangeError in JS: a failed obligation; \`copyWithin\` clamps and copies the items as they were before). A write to an input, a module constant, an array a caller made, or through a \`subarray\` view, or while the array may be one of several or is held inside a record, is ERROR |
| \`if\`/\`else\`, early \`return\` | environment merge, or continuation passing when a branch returns | falling off the end is \`undefined\` |
| \`for (;;)\`, \`for-of\` over a tuple (or its \`.entries()\`, [index, item] pairs) or a Map | unrolled; without early exits, iterations run in sequence and the states at the possible exits are merged once; an unlabelled \`break\` continues with the code after the loop, \`continue\` with the next iteration (a body declaration shadowing a local is then rejected) | unwinding assertion: the loop condition is false after \`unwind\` iterations (default 64, \`@unwind N\`); a for-of has no item, or no present map entry, past them; a write to the array a for-of iterates during the loop, through any name (an alias, a local function), is ERROR (JavaScript iterates it live) |
| \`switch\` with \`case\`/\`default\` | the discriminant evaluated once; the case expressions in order under "no earlier case matched", compared by \`===\`; the group of the first match runs, else \`default\`'s; empty clauses share the next clause's body; \`break\` goes after the switch, \`continue\` to the enclosing loop; without \`return\`/\`continue\` inside, the exit states are merged once | a non-empty clause other than the last whose statements can complete (fall-through into the next body), and a declaration in the switch shadowing a local, are ERROR |
| call of a subset function, module \`const\` | inlined / translated from the initializer (object literals field by field, on access) | recursion and depth > 32 rejected; a constant of a file that runs code at load time that may change module state (a top-level statement other than a declaration, or an initializer or static initializer writing a module binding) is ERROR |
| call of a function with a contract proof (\`contract: true\`: \`u32le\`, \`i64le\`) | inlined for its value; its body's obligations are the contract proof's (proved there for every argument in its domains) | each argument in the contract's domain; the proof is ERROR unless the contract proof is PROVED in the same run (CI.md, "Contracts") |
| \`Uint8Array\` (\`bytes(n)\` inputs, \`new Uint8Array(n)\`, \`Uint8Array.of\`, \`Uint8Array.from(array)\`), \`concatBytes\`, \`subarray\`/\`slice\` | tuple of byte terms; concatenation; sub-tuple (with a symbolic length or bounds: If-chains over the positions); \`slice\` is a new array, \`subarray\` a view of the same one | \`new Uint8Array\` with a constant length (a negative one throws in JS: a failed obligation where reached); \`of\`/\`from\` items must be bytes; symbolic \`subarray\` bounds non-negative |
| \`sha256\`, \`sha256d\`, \`hash160\`, \`ripemd160\`, \`sha1\`, \`taggedHash(tag, ...)\`, a module constant \`taggedHasher('tag')\` called; \`sha256d64\` (Core's SHA256D64) | one uninterpreted function per output byte (and per constant tag and input length), over the input bytes (an input of a bounded symbolic length: one application per length it can take, chosen by an If-chain); \`sha256d64\` of n bytes is its definition, the \`sha256d\` of each whole 64-byte message back to back (bytes past the last whole one ignored) | axioms per application: bytes in [0, 255]; for every hash but \`sha1\` (public collisions): equal digests of two applications ⇒ equal inputs (collision resistance; per pair, or as a left inverse of the digest from 3 applications on); tagged hashes: two tags never give equal digests, and no digest is 32 zero bytes (CI.md, "Axioms") |
| \`while\` loop | unrolled like \`for\` | as \`for\` |
| object spread \`{ ...r, x }\` | r's fields in order, a later property replacing one of the same name | r must be present (an obligation) and a record; spreading an array is ERROR; a field r may lack (a variant without it) spread over an earlier property of that name is ERROR (a missing field is not told from one holding undefined); a \`__proto__:\` property (it sets the prototype, not a field) is ERROR |
| \`Object.freeze(x)\` of a record | \`x\` (the subset never writes through a module constant) | freezing an array or typed array is ERROR (a frozen array's writes throw, and a non-empty typed array cannot be frozen) |
| a call used as a statement | translated (its obligations are checks), its value dropped | exact: a translated function writes only arrays it created, never its arguments or module state (but see in-out arguments, next row); the maps it writes are in the heap (below) |
| a call as a statement (\`f(...)\`, \`x = f(...)\`, \`const x = f(...)\`, \`return f(...)\`) of a function whose JSDoc declares a parameter \`@inOut\` (\`at = writeU32le(out, at, n)\`), given there a local bound to a whole array the caller may write | the callee may write that array through the parameter (or an alias or view of it); every exit hands the parameter back, and the caller goes on with the array as the callee left it, every alias and constant-offset view updated | the parameter must still be bound to the caller's array at every exit, one array may not be two in-out arguments, and the same call inside a larger expression, or given an input, a module constant or a view, writes nothing it may: ERROR (check-boundary refuses a kernel caller passing its input or a module constant) |
| \`Map\` (\`new Map()\`, \`new Map(m)\`, \`get\`, \`has\`, \`set\`, \`delete\`, \`clear\`, \`size\`, \`for-of\` over the map, \`keys()\`, \`values()\`, \`entries()\`); \`map(n, key, value)\` inputs; \`Set\` (\`new Set()\`, \`new Set(xs)\` of a constant-length array, \`add\`, \`has\`, \`delete\`, \`clear\`, \`size\`, \`for-of\`: the Map model with each entry's value its key, iterating its keys) | the entries in insertion order, each with key, value and a presence flag, present keys distinct: \`get\`/\`has\` match the present entry with the key, \`set\` of a present key changes its value in place and of a new key appends, \`delete\` clears the presence (so a key set again goes last), iteration visits the present entries in order (the body guarded by presence). A map the code creates lives in a heap: the value is a reference, so aliases, closures and callees share it; a write under path condition p changes only the paths where p holds. An input has 0 to n entries with distinct symbolic keys | keys are strings, numbers or bigints, compared by SameValueZero (other keys ERROR); writing an input or module constant map, storing an array the code may write into a map, writing a map while a for-of iterates it, and a value that may be one of two maps are ERROR |
| arrow or function expression, or an object literal's method (\`{ check(x) { ... } }\`), as a value (passed, held in a local or a record field, returned); \`.some\`/\`.every\`/\`.find\`/\`.findIndex\`/\`.map\`/\`.reduce\`/\`.forEach\` with a callback | a function with the locals it captured (a snapshot taken where it is written), inlined where it is called; \`.some\`/\`.every\` inline the callback per item, left to right, with (item, index, array), only where no earlier item decided; \`.find\`/\`.findIndex\` likewise, the first matching item (index) or undefined (-1); \`.map\` (an array of a constant length) makes a new array of the results, a Uint8Array's map storing each as a byte (an obligation, as for any store); \`.reduce(cb, init)\` folds left to right with (acc, item, index, array); \`.forEach\` calls it per item for its effects (a map it writes is written on that item's path) | ERROR where a closure is called (one never called reads nothing, so it may exist: an object whose caching methods no path calls) when it assigns a captured variable, captures a variable its function assigns anywhere (JavaScript reads it when the closure runs), or captures an array the code may write (also while it runs as the argument of a callee with \`@inOut\` parameters) (a map it captures is shared through the heap); a function in a record field is called without \`this\` (a method or function that reads \`this\`, \`super\` or \`arguments\`, and an async or generator method, are ERROR); two different closures merged by branches are ERROR |
| \`TABLE[key]\`: a module-level object literal of named properties indexed by a string (\`SCRIPT_ERROR_STRINGS[error]\`) | the field whose name the key equals (an If-chain over the names for a symbolic key) | the key being one of the object's own property names is an obligation (any other reads undefined or a property of Object.prototype); an object with spreads, methods, computed names or \`__proto__\` is ERROR |
| anything else (\`throw\`, a default value or a quoted or computed key in a destructuring pattern, a computed name in a module-level constant object, a field of one read past a spread that may hold it as undefined, a value that may be a number or a bigint, a hash tag with a lone surrogate (UTF-8 makes them one tag), a local function assigning a name it also declares when its caller has that local, a record's property inherited from Object.prototype (\`constructor\`, \`toString\`, ...), methods such as \`fill\`/\`sort\` on arrays, \`set\`/\`copyWithin\` outside the cases above, \`Map\`'s and \`Set\`'s \`forEach\`, classes, a declaration shadowing a local that holds an array) | — | ERROR naming the construct and file:line |`;

/**
 * The SPEC.md drift findings about proofs (a `- **Proofs:**` line, a proof file's section): the
 * ones PROOFS.md reports. The rest (test tags, exported names) is in the run's output, and would
 * make the document change with every unrelated test file.
 */
export function proofDrift(drift: readonly string[]): string[] {
  return drift.filter((d) => d.includes('proofs/') || d.includes('**Proofs:**'));
}

/**
 * docs/PROOFS.md. Stable: no dates, commits, times, rlimit spent or cache state (they change from
 * run to run; the run's output and its report files have them), only what the proofs say and
 * their results, so two runs with the same results write the same bytes.
 */
export function markdown(report: RunReport, allDrift: readonly string[], mutations?: MutateReport): string {
  const drift = proofDrift(allDrift);
  const count = (s: string): number => report.results.filter((r) => r.status === s).length;
  const lines: string[] = [
    '# Proofs',
    '',
    '_Generated by `npx bllvm prove --write-docs`. Do not edit by hand. Times and the rlimit each proof spent are in the run\'s reports (`--out`, default reports/proofs.json)._',
    '',
    `- Solver: ${report.solver}; translator: ${report.translator}; budget: rlimit ${DEFAULT_RLIMIT} per query unless a proof sets its own`,
    `- Result: ${report.results.length} proofs — ${count('PROVED')} PROVED, ${count('REFUTED')} REFUTED, ${count('VACUOUS')} VACUOUS, ${count('UNKNOWN')} UNKNOWN, ${count('ERROR')} ERROR`,
    `- SPEC.md drift about the proofs: ${drift.length === 0 ? 'none' : `${drift.length} finding(s), listed at the end`} (\`npx bllvm prove\` prints every drift finding)`,
    '',
    'Each proof translates the **real kernel source** (not a copy) into SMT with the semantics below,',
    'assumes the stated input domains and `requires`, and proves every check: the `ensures` property',
    'and the translator\'s own obligations (int64 / uint256 / safe-integer ranges, divisors, shift',
    'amounts, loop unwinding). The checks of a case are proved at once by its case query (the assumptions plus the disjunction of',
    `the negated checks: unsat proves them all) within a budget of ${CASE_RLIMIT.toLocaleString('en-US')} rlimit; a case it leaves undecided (or fails), a case of one check and`,
    'every case of a proof with `checksAlone` has each check as its own solver query (the assumptions plus the',
    'negated check, with the proof\'s rlimit budget), so a counterexample names the check it breaks. A proof with `splitEnsures` proves each conjunct',
    'of its `ensures` as its own check; with `sharedContext`, up to 16 queries of one case share a z3 context (the assumptions asserted once, each',
    'negated check in a push/pop scope) and a check undetermined there is solved again alone (CI.md, "How queries are solved"); with `sharedText`,',
    'up to 64 checks of one case are printed as one text (their common subterms written once) that a z3 context reads once, each check in a fresh',
    'solver of that context, and a check undetermined there is solved again alone. A proof with',
    '`split` proves each check once per case (a value of a small input, or a range of one integer of the inputs; the',
    'runner checks that the cases cover its whole domain), translated with that integer narrowed to the case, which is in the check\'s name. A proof with',
    '`arithSolver: \'simplex\'` is solved with z3\'s older simplex-based arithmetic solver (`arith.solver` 2) instead of its default (6), and one with',
    '`solverTuning: \'eager\'` with z3\'s `relevancy` 0 and `arith.propagation_mode` 0 (every theory atom asserted, no bound propagation). A proof is',
    'PROVED only if, in addition, its assumptions are satisfiable (a cover point reached shows it; without one, their own query) and every `cover` point is',
    'reachable (otherwise VACUOUS).',
    '',
    '## What is assumed',
    '',
    '- The translator (harness/translate.ts) implements the semantics table below; it is checked by a differential',
    '  test against the real functions and by translator mutants that must be killed (test/harness/).',
    '- z3 (the wasm build named above) answers correctly; Node\'s BigInt and Number arithmetic are as specified by ECMAScript.',
    '- Inputs are well-typed at run time (a JS caller could pass a non-integer number; TS types do not prevent it).',
    '- Loops over transaction inputs/outputs are proved for the fixed tuple sizes stated in each proof (bounds below), not for every length.',
    '- **Hashes are uninterpreted.** `sha256`, `sha256d`, `hash160`, `ripemd160`, `sha1` and `taggedHash` (one function per constant tag) of kernel/crypto/hashes.ts are uninterpreted functions of their input bytes (`sha256d64`, the batched Merkle level, is `sha256d` per 64-byte message)',
    '  (digest bytes in [0, 255]). All but `sha1` are also assumed collision resistant: for every pair of hash applications in a proof, equal digests imply equal inputs (stated per pair, or from 3 applications on as a left inverse: one axiom per input byte).',
    '  `sha1` is not (SHAttered, 2017: test/harness/soundness.test.ts replays that collision). CI.md, "Axioms", states each hash\'s axiom. Each proof lists the axioms it used under "axioms".',
    '  A counterexample that depends on hash values is replayed with the real hash and reported as `hash-model` when the real hash does not reproduce it.',
    '- **Strings made at run time are uninterpreted** (template literals with symbolic parts, `toHex`/`toDisplayHex`): functions of their parts, so equal parts give equal strings and nothing else is assumed (in the kernel they make debug messages and map keys). A counterexample that needs their real text is reported as `string-model`.',
    '- **Aliasing is modelled, not assumed away.** A function may write only arrays it created (or a callee created and returned); a write updates every local alias and',
    '  constant-offset `subarray` view of the array. A write to an input, a module constant, an array a caller passed in, or through a view, is ERROR with file:line;',
    '  so a call used as a statement has no effect beyond its obligations, exactly. `check-boundary` (a syntactic lint over all of kernel/) reports writes through',
    '  parameters, module constants and their local aliases and views; the translator\'s rule is the exact one for the proved functions.',
    '',
    '## Bounds: what the fixed sizes cover',
    '',
    '| proof area | bound in the proofs | protocol range | what covers the rest |',
    '|---|---|---|---|',
    '| output value loop (`checkOutputValues`) | 4 outputs | any number (a tx holds up to ~100,000) | the loop body is the same per output and the running total is range-checked after each addition; property tests and the Core tx vectors |',
    '| input amounts (`checkTxInputs`) | 3 coins | any number | same argument; Core vectors |',
    '| `IsFinalTx`, `CalculateSequenceLocks` | 1-2 inputs | any number | per-input rule proved for all values; the fold is a maximum / conjunction |',
    '| Merkle root | 3-4 leaves (hashes ideal) | up to ~20,000 leaves | conformance on every block fixture (test/blocks.test.ts) |',
    '| script numbers | 1-5 bytes, every byte value | script numbers are at most 4 bytes (5 for CLTV/CSV) | exhaustive within the bound |',
    '| CompactSize, weight, subsidy, retarget, lock-time comparisons, sighash types | no bound: every value of the stated domains | – | – |',
    '',
    '## How the harness itself is checked',
    '',
    '- **Differential test** (test/harness/differential.test.ts): every translated kernel function is evaluated as a z3 term and',
    '  run as TypeScript on the same random and boundary inputs; results must agree (inputs outside a translation obligation are counted, not compared).',
    '- **Translator mutants** (same file): floor/truncating division swapped, `<` as `<=`, bigint `>>` as `<<`: each must be caught.',
    '- **Soundness regression suite** (test/harness/soundness.test.ts): for every hole an audit found (aliasing through views, aliases, module constants and calls as',
    '  statements; non-null assertions and casts; casts, type predicates and `any` that change what a value is; merged union variants; the SHA-1 axiom; `INT64_MIN / -1`) small functions with false properties must be ERROR',
    '  or REFUTED with the counterexample confirmed on the real code, true ones PROVED; several fail only on 1 input in 65,536 or fewer.',
    '- **Seeded kernel bugs** (test/harness/seeded-bugs.test.ts): the kernel is copied and one bug is seeded per copy (halving interval,',
    '  negative-height guard, retarget clamp, MAX_MONEY comparison, coinbase maturity, locktime threshold, BIP68 disable and type bits, CLTV comparison,',
    '  CompactSize boundary, CompactSize payload width, CompactSize truncation check, script-number sign byte, vsize rounding, sighash mask, script-number minimality, Merkle padding, compact overflow size, GetCompact sign-bit test, block hash byte order, BIP34 data push of 16, first witness commitment wins): each must be REFUTED with a',
    '  counterexample confirmed on the real function.',
    '- **Unsupported constructs** give ERROR with file:line (same file); **check-boundary** catches seeded `Date.now()`, `node:fs` and the other rules',
    '  (test/harness/boundary.test.ts, test/harness/cli.test.ts).',
    '',
    '## Semantics of the translation',
    '',
    SEMANTICS,
    '',
    '## Proofs',
    '',
    '| # | status | proof | spec | function | checks |',
    '|---|---|---|---|---|---|',
    ...report.results.map((r, i) => `| ${i + 1} | ${r.status} | [${r.name}](#p${i + 1}) | ${r.spec} | \`${r.fn}\` (${r.fnLoc}) | ${ownChecks(r).length} |`),
    '',
  ];
  report.results.forEach((r, i) => {
    lines.push(`### <a id="p${i + 1}"></a>${i + 1}. ${r.name}`);
    lines.push('');
    lines.push(`${r.statement}`);
    lines.push('');
    lines.push(`- **Status:** ${r.status}`);
    lines.push(`- **Spec:** ${r.spec}; **harness:** ${r.file}:${r.line}; **function:** \`${r.fn}\` ${r.fnLoc}`);
    lines.push(`- **Inputs:** ${r.inputs || '(none)'}`);
    lines.push(`- **Requires:** \`${r.requires.replace(/\s+/g, ' ')}\``);
    lines.push(`- **Ensures:** \`${r.ensures.replace(/\s+/g, ' ')}\``);
    if (r.covers.length > 0) lines.push(`- **Covers:** ${r.covers.join('; ')}`);
    lines.push(`- **Unwind bound:** ${r.unwind}; **axioms:** ${r.axioms.length === 0 ? 'none' : r.axioms.join(', ')}`);
    if (r.functionsUsed.length > 0) lines.push(`- **Translated functions:** ${r.functionsUsed.map((f) => `\`${f}\``).join(', ')}`);
    if ((r.contracts ?? []).length > 0) lines.push(`- **Relies on the contracts (CI.md, "Contracts"):** ${(r.contracts ?? []).map((c) => `"${c}"`).join(', ')}`);
    const checks = ownChecks(r);
    const obl = checks.filter((c) => c.kind !== 'ensures' && c.kind !== 'cover' && c.kind !== 'assumptions');
    const cases = r.checks.length - checks.length;
    const byCase = checks.filter((c) => c.byCase === true).length;
    lines.push(`- **Checks:** ${checks.length} (${obl.length} translator obligations; ${cases} case queries, proving ${byCase} of the checks)`);
    if (r.error !== undefined) lines.push(`- **Finding:** ${r.error}`);
    if (r.counterexample !== undefined) {
      lines.push(`- **Counterexample:** ${JSON.stringify(r.counterexample.inputs)} — ${r.counterexample.replayDetail}`);
    }
    lines.push(`- **Query hash:** \`${r.queryHash.slice(0, 16)}\``);
    lines.push('');
  });
  if (report.boundaries !== undefined) lines.push(...boundarySection(report.boundaries));
  if (mutations !== undefined) lines.push(...mutationMarkdown(mutations));
  if (drift.length > 0) {
    lines.push('## SPEC.md drift about the proofs');
    lines.push('');
    for (const d of drift) lines.push(`- ${d}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** docs/PROOFS.md's boundary-cover section: the unpinned comparisons with their explanations, then every comparison. */
function boundarySection(boundaries: readonly BoundaryResult[]): string[] {
  const unpinned = boundaries.filter((b) => b.unpinned !== undefined);
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = [
    '## Boundary covers',
    '',
    'Generated for every integer comparison (`<`, `<=`, `>`, `>=`, `===`, `!==`) in a kernel function a PROVED proof translates: two cover goals at its',
    'boundary, one per outcome (for `a < b`: a = b - 1, just true, and a = b, just false; for `a === b`: a = b and a != b). A side is reached when some',
    'proof\'s assumptions reach it on a path that evaluates the comparison (harness/runner/boundaries.ts; one solver query per goal, the first reaching',
    'proof named). A comparison whose boundary no proof reaches could have its operator or bound changed unnoticed by the proofs; each that stays',
    'so is explained in proofs/boundary-notes.ts, and an unexplained one fails `npx bllvm prove`.',
    '',
    `- ${boundaries.length} comparisons; ${boundaries.length - unpinned.length} with both sides reached; ${unpinned.length} not, each explained below`,
    '',
  ];
  if (unpinned.length > 0) {
    lines.push('| comparison | where | not reached | why |', '|---|---|---|---|');
    for (const b of unpinned) lines.push(`| \`${cell(b.function)}: ${cell(b.text)}\` | ${b.loc} | ${b.unpinned} | ${b.explained === undefined ? '**unexplained**' : cell(b.explained)} |`);
    lines.push('');
  }
  lines.push('<details><summary>Every comparison and the proofs reaching each side</summary>', '', '| comparison | where | just true | just false |', '|---|---|---|---|');
  for (const b of boundaries) lines.push(`| \`${cell(b.function)}: ${cell(b.text)}\` | ${b.loc} | ${cell(b.trueSide ?? '–')} | ${cell(b.falseSide ?? '–')} |`);
  lines.push('', '</details>', '');
  return lines;
}

/** The run's report files in `dir`: proofs.json (the record), proofs.junit.xml, proofs.sarif. Returns their paths. */
export function writeReportFiles(dir: string, report: RunReport): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['proofs.json', `${JSON.stringify(report, null, 2)}\n`],
    ['proofs.junit.xml', junit(report)],
    ['proofs.sarif', sarif(report)],
  ];
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}

/** docs/PROOFS.md of the checkout at `root` (`--write-docs`). */
export function writeProofsDoc(root: string, report: RunReport, drift: readonly string[]): string {
  const file = path.join(root, 'docs/PROOFS.md');
  mkdirSync(path.dirname(file), { recursive: true });
  // The mutation score of the last full `bllvm mutate` run (committed), when there is one.
  const record = path.join(root, 'reports/mutate.json');
  const mutations = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as MutateReport) : undefined;
  writeFileSync(file, markdown(report, drift, mutations));
  return file;
}
