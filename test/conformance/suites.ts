/**
 * Conformance suites over the vendored vectors (test/vectors/INDEX.md): each returns how many
 * cases ran, passed and failed, with the first failures in detail. Every case in a file is
 * counted; none is filtered out.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  type Result,
  type Transaction,
  type TxOut,
  ByteReader,
  checkTransaction,
  concatBytes,
  decodeBlock,
  decodeExact,
  decodeTransaction,
  encodeTransaction,
  isCoinbase,
  taggedHash,
  toDisplayHex,
  toHex,
  txid,
  txTotalSize,
  txWeight,
  vsizeOf,
  wtxid,
} from '../../kernel/index.js';
import { parseAsm } from '../../kernel/script/asm.js';
import type { ScriptError } from '../../kernel/script/errors.js';
import {
  SCRIPT_FLAG_NAMES,
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
  SCRIPT_VERIFY_LOW_S,
  SCRIPT_VERIFY_MINIMALDATA,
  SCRIPT_VERIFY_MINIMALIF,
  SCRIPT_VERIFY_NONE,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_NULLFAIL,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_STRICTENC,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
  SCRIPT_VERIFY_WITNESS_PUBKEYTYPE,
  parseScriptFlags,
} from '../../kernel/script/flags.js';
import { type ScriptTestCase, type TxTestCase, VectorStore, hex, parseUndo, readScriptTests, readTxTests } from './data.js';

// ---------------------------------------------------------------------------------------------
// Results

/** One failed case: what it is, what Core expects, what we got. */
export interface CaseFailure {
  readonly id: string;
  readonly expected: string;
  readonly actual: string;
  readonly detail?: string;
}

/** What every suite returns. `checks` counts the sub-checks a case is made of, where it has several. */
export interface SuiteResult {
  readonly suite: string;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly CaseFailure[];
  readonly checks?: Readonly<Record<string, { readonly total: number; readonly passed: number }>>;
  readonly notes?: readonly string[];
}

export interface SuiteOptions {
  /** How many failures to keep in detail (all are counted). Default 20. */
  readonly maxFailures?: number;
}

class Tally {
  total = 0;
  passed = 0;
  readonly failures: CaseFailure[] = [];
  readonly checks: Record<string, { total: number; passed: number }> = {};
  readonly notes: string[] = [];
  constructor(
    readonly suite: string,
    readonly maxFailures: number,
  ) {}

  check(name: string, ok: boolean): boolean {
    const c = (this.checks[name] ??= { total: 0, passed: 0 });
    c.total++;
    if (ok) c.passed++;
    return ok;
  }

  pass(): void {
    this.total++;
    this.passed++;
  }

  fail(f: CaseFailure): void {
    this.total++;
    if (this.failures.length < this.maxFailures) this.failures.push(f);
  }

  result(): SuiteResult {
    const base = { suite: this.suite, total: this.total, passed: this.passed, failed: this.total - this.passed, failures: this.failures };
    return {
      ...base,
      ...(Object.keys(this.checks).length > 0 ? { checks: this.checks } : {}),
      ...(this.notes.length > 0 ? { notes: this.notes } : {}),
    };
  }
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

// ---------------------------------------------------------------------------------------------
// The engine: the kernel's verifyScript + transaction signature checker + sigop cost

/**
 * What the suites need from the kernel. `prepare` does the per-transaction precomputation once
 * (Core's PrecomputedTransactionData) and returns Core's VerifyScript for one input under flags.
 */
export interface ScriptEngine {
  readonly name: string;
  prepare(tx: Transaction, spentOutputs: readonly TxOut[]): (inputIndex: number, flags: number) => Result<void, ScriptError>;
  /** Core's GetTransactionSigOpCost (coinbase: legacy count × 4 only). */
  transactionSigOpCost(tx: Transaction, spentOutputs: readonly TxOut[], flags: number): number;
}

/** Runs a verification, turning an exception (a kernel bug: errors must be values) into a marked error. */
function safeVerify(
  verify: (inputIndex: number, flags: number) => Result<void, ScriptError>,
  inputIndex: number,
  flags: number,
): { ok: boolean; error: string } {
  try {
    const r = verify(inputIndex, flags);
    return r.ok ? { ok: true, error: 'OK' } : { ok: false, error: r.error };
  } catch (e) {
    return { ok: false, error: `THREW ${message(e)}` };
  }
}

/** Core's CheckTxScripts: every input in order, stopping at the first failure. */
function verifyAllInputs(
  verify: (inputIndex: number, flags: number) => Result<void, ScriptError>,
  inputs: number,
  flags: number,
): { ok: boolean; error: string; input: number } {
  for (let i = 0; i < inputs; i++) {
    const r = safeVerify(verify, i, flags);
    if (!r.ok) return { ...r, input: i };
  }
  return { ok: true, error: 'OK', input: -1 };
}

// ---------------------------------------------------------------------------------------------
// Flags

/** The flags of Core's transaction_tests.cpp mapFlagNames, in its (alphabetical map) order. */
const TX_TEST_FLAGS: readonly (readonly [string, number])[] = Object.entries(SCRIPT_FLAG_NAMES)
  .filter(([name]) => name !== 'NONE')
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Core's TrimFlags: WITNESS needs P2SH, CLEANSTACK needs WITNESS. */
export function trimFlags(flags: number): number {
  let f = flags >>> 0;
  if (!(f & SCRIPT_VERIFY_P2SH)) f &= ~SCRIPT_VERIFY_WITNESS;
  if (!(f & SCRIPT_VERIFY_WITNESS)) f &= ~SCRIPT_VERIFY_CLEANSTACK;
  return f >>> 0;
}

/** Core's FillFlags: CLEANSTACK implies WITNESS, WITNESS implies P2SH. */
export function fillFlags(flags: number): number {
  let f = flags >>> 0;
  if (f & SCRIPT_VERIFY_CLEANSTACK) f |= SCRIPT_VERIFY_WITNESS;
  if (f & SCRIPT_VERIFY_WITNESS) f |= SCRIPT_VERIFY_P2SH;
  return f >>> 0;
}

/** Core's ExcludeIndividualFlags: each flag of mapFlagNames taken out of `flags` (trimmed), distinct and changed. */
export function excludeIndividualFlags(flags: number): number[] {
  const out = new Set<number>();
  for (const [, bit] of TX_TEST_FLAGS) {
    const excluding = trimFlags(flags & ~bit);
    if (excluding !== flags >>> 0) out.add(excluding);
  }
  return [...out].sort((a, b) => a - b);
}

function flagNames(flags: number): string {
  if ((flags >>> 0) === 0) return 'NONE';
  const names = TX_TEST_FLAGS.filter(([, bit]) => flags & bit).map(([n]) => n);
  const unknown = (flags & ~TX_TEST_FLAGS.reduce((a, [, b]) => a | b, 0)) >>> 0;
  if (unknown !== 0) names.push(`0x${unknown.toString(16)}`);
  return names.join(',');
}

function parseFlagsStrict(text: string): number {
  const { flags, unknown } = parseScriptFlags(text);
  if (unknown.length > 0) throw new Error(`unknown verification flag(s) ${unknown.join(',')}`);
  return flags >>> 0;
}

/** A small deterministic PRNG (xorshift32) for Core's random flag combinations, seeded per case. */
function xorshift(seed: number): () => number {
  let s = (seed * 2654435761 + 1) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** randbits(n) for n ≤ 32. */
function randBits(rng: () => number, n: number): number {
  return n >= 32 ? rng() : (rng() & ((1 << n) - 1)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// script_tests.json (INDEX.md §3.1; Core's script_tests.cpp script_json_test + DoTest)

const NULL_TXID = new Uint8Array(32);

/** The ScriptError a script_tests.json name stands for (Core's script_errors table: "NULLFAIL" is SIG_NULLFAIL). */
export function scriptErrorFromTestName(name: string): string {
  return name === 'NULLFAIL' ? 'SIG_NULLFAIL' : name;
}

/** Core's BuildCreditingTransaction. */
export function buildCreditingTransaction(scriptPubKey: Uint8Array, amount: bigint): Transaction {
  return {
    version: 1,
    lockTime: 0,
    inputs: [{ prevout: { txid: NULL_TXID, vout: 0xffffffff }, scriptSig: Uint8Array.of(0x00, 0x00), sequence: 0xffffffff, witness: [] }],
    outputs: [{ value: amount, scriptPubKey }],
  };
}

/** Core's BuildSpendingTransaction. */
export function buildSpendingTransaction(scriptSig: Uint8Array, witness: readonly Uint8Array[], credit: Transaction): Transaction {
  const value = credit.outputs[0]?.value ?? 0n;
  return {
    version: 1,
    lockTime: 0,
    inputs: [{ prevout: { txid: txid(credit), vout: 0 }, scriptSig, sequence: 0xffffffff, witness }],
    outputs: [{ value, scriptPubKey: new Uint8Array(0) }],
  };
}

const TAPROOT_LEAF_TAPSCRIPT = 0xc0;

function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >>> 8);
  return Uint8Array.of(0xfe, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
}

function bytesToBigInt(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/**
 * The single-leaf taproot tree of the script_tests placeholders, derived here independently of
 * the kernel (with @noble/curves): internal key P = x-only(G) (secret key 1), leaf hash
 * TapLeaf(0xc0 ‖ CompactSize ‖ script), tweak t = TapTweak(P ‖ leaf), Q = P + t·G = (1 + t)·G.
 */
export function singleLeafTaproot(script: Uint8Array): { controlBlock: Uint8Array; outputKey: Uint8Array } {
  const G = secp256k1.Point.BASE;
  const internal = G.toBytes(true).slice(1);
  const leaf = taggedHash('TapLeaf', Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT), compactSize(script.length), script);
  const t = bytesToBigInt(taggedHash('TapTweak', internal, leaf));
  const n = secp256k1.Point.CURVE().n;
  const Q = G.multiply((1n + t) % n).toBytes(true);
  const parity = (Q[0] ?? 2) & 1;
  return { controlBlock: concatBytes(Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT | parity), internal), outputKey: Q.slice(1) };
}

interface BuiltScriptTest {
  readonly scriptSig: Uint8Array;
  readonly scriptPubKey: Uint8Array;
  readonly witness: Uint8Array[];
  readonly amount: bigint;
  readonly flags: number;
}

function asm(text: string): Uint8Array {
  const r = parseAsm(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Builds one script_tests.json case as Core's script_json_test does (placeholders included). */
export function buildScriptTest(c: ScriptTestCase): BuiltScriptTest {
  const witness: Uint8Array[] = [];
  let tapscript: Uint8Array | undefined;
  for (const item of c.witness ?? []) {
    if (item.startsWith('#SCRIPT#')) {
      tapscript = asm(item.slice('#SCRIPT#'.length));
      witness.push(tapscript);
    } else if (item === '#CONTROLBLOCK#') {
      if (tapscript === undefined) throw new Error('#CONTROLBLOCK# without a #SCRIPT# before it');
      witness.push(singleLeafTaproot(tapscript).controlBlock);
    } else {
      witness.push(hex(item));
    }
  }
  let scriptPubKey: Uint8Array;
  if (c.scriptPubKey === '0x51 0x20 #TAPROOTOUTPUT#') {
    if (tapscript === undefined) throw new Error('#TAPROOTOUTPUT# without a #SCRIPT#');
    scriptPubKey = concatBytes(Uint8Array.of(0x51, 0x20), singleLeafTaproot(tapscript).outputKey);
  } else {
    scriptPubKey = asm(c.scriptPubKey);
  }
  let flags = parseFlagsStrict(c.flags);
  // DoTest: CLEANSTACK is run together with P2SH and WITNESS.
  if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
  return { scriptSig: asm(c.scriptSig), scriptPubKey, witness, amount: BigInt(Math.round(c.amountBtc * 1e8)), flags: flags >>> 0 };
}

export interface ScriptTestsOptions extends SuiteOptions {
  /** Core's DoTest also checks, with random flags, that removing flags from a passing case or adding flags to a failing one keeps its result. Number of random combinations per case; default 16, 0 to skip. */
  readonly flagVariations?: number;
}

/** The flag bits Core's DoTest draws extra flags from (MAX_SCRIPT_VERIFY_FLAGS_BITS: the 21 defined flags). */
const SCRIPT_FLAG_BITS = 21;

/** script_tests.json: each case's VerifyScript result and error code exactly as Core's. */
export function runScriptTests(engine: ScriptEngine, store = new VectorStore(), options: ScriptTestsOptions = {}): SuiteResult {
  const tally = new Tally('script_tests.json', options.maxFailures ?? 20);
  const variations = options.flagVariations ?? 16;
  const { cases } = readScriptTests(store);
  for (const c of cases) {
    const id = `#${c.index} (row ${c.row}) [${c.scriptSig}] [${c.scriptPubKey}] ${c.flags || 'NONE'}${c.comment ? ` "${c.comment}"` : ''}`;
    const expected = scriptErrorFromTestName(c.expected);
    let built: BuiltScriptTest;
    try {
      built = buildScriptTest(c);
    } catch (e) {
      tally.check('result', false);
      tally.fail({ id, expected, actual: 'BAD TEST', detail: message(e) });
      continue;
    }
    const credit = buildCreditingTransaction(built.scriptPubKey, built.amount);
    const spend = buildSpendingTransaction(built.scriptSig, built.witness, credit);
    let verify: (i: number, f: number) => Result<void, ScriptError>;
    try {
      verify = engine.prepare(spend, credit.outputs);
    } catch (e) {
      tally.check('result', false);
      tally.fail({ id, expected, actual: `THREW in prepare: ${message(e)}` });
      continue;
    }
    const r = safeVerify(verify, 0, built.flags);
    const resultOk = tally.check('result', r.error === expected && r.ok === (expected === 'OK'));
    let flagsOk = true;
    let flagDetail = '';
    if (variations > 0) {
      const expectOk = expected === 'OK';
      const rng = xorshift(c.index + 1);
      for (let i = 0; i < variations; i++) {
        const extra = randBits(rng, SCRIPT_FLAG_BITS);
        const combined = (expectOk ? built.flags & ~extra : built.flags | extra) >>> 0;
        if (combined & SCRIPT_VERIFY_CLEANSTACK && ~combined & (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS)) continue;
        if (combined & SCRIPT_VERIFY_WITNESS && ~combined & SCRIPT_VERIFY_P2SH) continue;
        const v = safeVerify(verify, 0, combined);
        if (v.ok !== expectOk || v.error.startsWith('THREW')) {
          flagsOk = false;
          flagDetail = `with flags ${flagNames(combined)}: ${v.error}`;
          break;
        }
      }
      tally.check('flag monotonicity', flagsOk);
    }
    if (resultOk && flagsOk) tally.pass();
    else if (!resultOk) tally.fail({ id, expected, actual: r.error });
    else tally.fail({ id, expected: `${expected} under added/removed flags`, actual: flagDetail });
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------------
// tx_valid.json / tx_invalid.json (INDEX.md §3.2; Core's transaction_tests.cpp)

interface PreparedTxCase {
  readonly tx: Transaction;
  readonly spent: TxOut[];
  readonly verify: (i: number, f: number) => Result<void, ScriptError>;
}

function prepareTxCase(engine: ScriptEngine, c: TxTestCase): PreparedTxCase {
  const decoded = decodeTransaction(hex(c.txHex));
  if (!decoded.ok) throw new Error(`tx does not decode: ${decoded.error.code} at ${decoded.error.offset}`);
  const tx = decoded.value;
  const scripts = new Map<string, TxOut>();
  for (const p of c.prevouts) scripts.set(`${p.txid}:${p.vout}`, { scriptPubKey: asm(p.scriptPubKey), value: p.amount });
  const spent = tx.inputs.map((input, i) => {
    const out = scripts.get(`${toDisplayHex(input.prevout.txid)}:${input.prevout.vout}`);
    if (out === undefined) throw new Error(`no prevout given for input ${i}`);
    return out;
  });
  return { tx, spent, verify: engine.prepare(tx, spent) };
}

function txCaseId(c: TxTestCase): string {
  const comment = c.comment.length > 160 ? `${c.comment.slice(0, 157)}...` : c.comment;
  return `#${c.index} (row ${c.row}) flags ${c.flags || 'NONE'}${comment ? ` "${comment}"` : ''}`;
}

/** tx_valid.json: CheckTransaction passes, every input verifies under all flags but the excluded ones, and the exclusions are maximal. */
export function runTxValid(engine: ScriptEngine, store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally('tx_valid.json', options.maxFailures ?? 20);
  const { cases } = readTxTests(store, 'tx_valid.json');
  for (const c of cases) {
    const id = txCaseId(c);
    let p: PreparedTxCase;
    let excluded: number;
    try {
      p = prepareTxCase(engine, c);
      excluded = parseFlagsStrict(c.flags);
    } catch (e) {
      tally.fail({ id, expected: 'valid', actual: 'BAD TEST', detail: message(e) });
      continue;
    }
    const n = p.tx.inputs.length;
    const problems: string[] = [];
    const checked = checkTransaction(p.tx);
    if (!tally.check('CheckTransaction', checked.ok)) problems.push(`CheckTransaction: ${checked.ok ? '' : checked.error.reason}`);
    const all = ~excluded >>> 0;
    if (!tally.check('flag combination valid', all === fillFlags(all))) problems.push(`bad test flags: ${flagNames(all)}`);
    const main = verifyAllInputs(p.verify, n, all);
    if (!tally.check('valid under all flags but the excluded', main.ok)) problems.push(`input ${main.input}: ${main.error} under all flags but ${c.flags}`);
    // Removing any flag (and random combinations) must not invalidate a valid transaction.
    const rng = xorshift(c.index + 1);
    let compat = true;
    for (const [name, bit] of TX_TEST_FLAGS) {
      for (const flags of [trimFlags(~(excluded | bit)), trimFlags(~(excluded | randBits(rng, TX_TEST_FLAGS.length)))]) {
        const r = verifyAllInputs(p.verify, n, flags);
        if (!r.ok && compat) {
          compat = false;
          problems.push(`fails with ${name} (or a random set) unset: input ${r.input}: ${r.error} under ${flagNames(flags)}`);
        }
      }
    }
    tally.check('valid with fewer flags', compat);
    // Maximality: adding back any single excluded flag must make it fail.
    let maximal = true;
    for (const excludingOne of excludeIndividualFlags(excluded)) {
      const r = verifyAllInputs(p.verify, n, ~excludingOne >>> 0);
      if (r.ok || r.error.startsWith('THREW')) {
        maximal = false;
        problems.push(`not maximal: still ${r.error} with only ${flagNames(excludingOne)} excluded`);
      }
    }
    tally.check('maximality', maximal);
    if (problems.length === 0) tally.pass();
    else tally.fail({ id, expected: 'valid, flags maximal', actual: problems[0] ?? '', detail: problems.slice(1).join('; ') || undefined });
  }
  return tally.result();
}

/** tx_invalid.json: BADTX fails CheckTransaction; the rest fail under their flags, still with more flags, and pass when any one flag is removed. */
export function runTxInvalid(engine: ScriptEngine, store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally('tx_invalid.json', options.maxFailures ?? 20);
  const { cases } = readTxTests(store, 'tx_invalid.json');
  for (const c of cases) {
    const id = txCaseId(c);
    let p: PreparedTxCase;
    try {
      p = prepareTxCase(engine, c);
    } catch (e) {
      tally.fail({ id, expected: 'invalid', actual: 'BAD TEST', detail: message(e) });
      continue;
    }
    const checked = checkTransaction(p.tx);
    if (!checked.ok) {
      const badtx = c.flags === 'BADTX';
      tally.check('BADTX: CheckTransaction fails', badtx);
      if (badtx) tally.pass();
      else tally.fail({ id, expected: `invalid under ${c.flags} (CheckTransaction passing)`, actual: `CheckTransaction: ${checked.error.reason}` });
      continue;
    }
    if (c.flags === 'BADTX') {
      tally.check('BADTX: CheckTransaction fails', false);
      tally.fail({ id, expected: 'CheckTransaction fails (BADTX)', actual: 'CheckTransaction passes' });
      continue;
    }
    let flags: number;
    try {
      flags = parseFlagsStrict(c.flags);
    } catch (e) {
      tally.fail({ id, expected: 'invalid', actual: 'BAD TEST', detail: message(e) });
      continue;
    }
    const n = p.tx.inputs.length;
    const problems: string[] = [];
    if (!tally.check('flag combination valid', flags === fillFlags(flags))) problems.push(`bad test flags: ${flagNames(flags)}`);
    const main = verifyAllInputs(p.verify, n, flags);
    const mainFails = !main.ok && !main.error.startsWith('THREW');
    if (!tally.check('invalid under its flags', mainFails)) problems.push(main.ok ? `passes under ${c.flags || 'NONE'}` : main.error);
    // Adding any flag (and random combinations) must not make it valid.
    const rng = xorshift(c.index + 1);
    let compat = true;
    for (const [name, bit] of TX_TEST_FLAGS) {
      for (const more of [fillFlags(flags | bit), fillFlags(flags | randBits(rng, TX_TEST_FLAGS.length))]) {
        const r = verifyAllInputs(p.verify, n, more);
        if ((r.ok || r.error.startsWith('THREW')) && compat) {
          compat = false;
          problems.push(`${r.ok ? 'passes' : r.error} with ${name} (or a random set) added: ${flagNames(more)}`);
        }
      }
    }
    tally.check('invalid with more flags', compat);
    // Minimality: removing any single flag (trimming dependents) must make it valid.
    let minimal = true;
    for (const excludingOne of excludeIndividualFlags(flags)) {
      const r = verifyAllInputs(p.verify, n, excludingOne);
      if (!r.ok) {
        minimal = false;
        problems.push(`not minimal: input ${r.input} still ${r.error} under ${flagNames(excludingOne)}`);
      }
    }
    tally.check('minimality', minimal);
    if (problems.length === 0) tally.pass();
    else tally.fail({ id, expected: 'invalid, flags minimal', actual: problems[0] ?? '', detail: problems.slice(1).join('; ') || undefined });
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------------
// bcoin tx1..tx10 (INDEX.md §3.7 and bcoin's test/tx-test.js, bench/tx.js)

/** bcoin's Script.flags.STANDARD_VERIFY_FLAGS, the flags of `tx.verify(view)` with none given (no taproot in bcoin). */
export const BCOIN_STANDARD_VERIFY_FLAGS =
  SCRIPT_VERIFY_P2SH |
  SCRIPT_VERIFY_DERSIG |
  SCRIPT_VERIFY_STRICTENC |
  SCRIPT_VERIFY_MINIMALDATA |
  SCRIPT_VERIFY_NULLDUMMY |
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS |
  SCRIPT_VERIFY_CLEANSTACK |
  SCRIPT_VERIFY_MINIMALIF |
  SCRIPT_VERIFY_NULLFAIL |
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
  SCRIPT_VERIFY_LOW_S |
  SCRIPT_VERIFY_WITNESS |
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
  SCRIPT_VERIFY_WITNESS_PUBKEYTYPE;

/** How bcoin's tests use each fixture: which inputs verify under which flags, or what is asserted of those without undo data. */
export const BCOIN_TX_FIXTURES: readonly {
  readonly name: string;
  readonly what: string;
  readonly flags?: number;
  readonly inputs?: 'all' | readonly number[];
  readonly structure?: { readonly inputs: number; readonly outputs: number; readonly wtxid: string; readonly size: number; readonly vsize: number; readonly weight: number };
}[] = [
  { name: 'tx1', what: 'non-minimal output (tx-test.js: verify, P2SH)', flags: SCRIPT_VERIFY_P2SH, inputs: 'all' },
  { name: 'tx2', what: 'tx.version == 0 (tx-test.js: verify, P2SH)', flags: SCRIPT_VERIFY_P2SH, inputs: 'all' },
  { name: 'tx3', what: 'SIGHASH_SINGLE bug with FindAndDelete (tx-test.js: verify, P2SH)', flags: SCRIPT_VERIFY_P2SH, inputs: 'all' },
  { name: 'tx4', what: 'high S with only DERSIG (tx-test.js: verifyInput(0), P2SH|DERSIG)', flags: SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG, inputs: [0] },
  {
    name: 'tx5',
    what: 'segwit 5-in/1,980-out, no undo (tx-test.js: structure only; bcoin prints hashes in internal byte order)',
    structure: { inputs: 5, outputs: 1980, wtxid: '088c919cd8408005f255c411f786928385688a9e8fdb2db4c9bc3578ce8c94cf', size: 62138, vsize: 61813, weight: 247250 },
  },
  { name: 'tx6', what: 'the coolest tx ever sent (tx-test.js: verify, flags NONE)', flags: SCRIPT_VERIFY_NONE, inputs: 'all' },
  { name: 'tx7', what: 'a historical transaction (tx-test.js: verify, bcoin default = standard flags)', flags: BCOIN_STANDARD_VERIFY_FLAGS, inputs: 'all' },
  { name: 'tx8', what: 'no undo (protocol-test.js: decode/encode only)' },
  { name: 'tx9', what: 'no undo (protocol-test.js: decode/encode only)' },
  { name: 'tx10', what: 'multisig (bench/tx.js "verify multisig": verify, P2SH|DERSIG)', flags: SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG, inputs: 'all' },
];

/** bcoin's real transactions: scripts verify with their undo data under the flags bcoin names. */
export function runBcoinTxs(engine: ScriptEngine, store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally('bcoin tx1..tx10', options.maxFailures ?? 20);
  for (const f of BCOIN_TX_FIXTURES) {
    const id = `${f.name}: ${f.what}`;
    try {
      const raw = store.bytes(`bcoin/${f.name}.raw`);
      const decoded = decodeTransaction(raw);
      if (!decoded.ok) throw new Error(`does not decode: ${decoded.error.code} at ${decoded.error.offset}`);
      const tx = decoded.value;
      const problems: string[] = [];
      const checked = checkTransaction(tx);
      if (!checked.ok) problems.push(`CheckTransaction: ${checked.error.reason}`);
      if (f.structure !== undefined) {
        const s = f.structure;
        const got = { inputs: tx.inputs.length, outputs: tx.outputs.length, wtxid: toHex(wtxid(tx)), size: txTotalSize(tx), vsize: vsizeOf(txWeight(tx)), weight: txWeight(tx) };
        for (const k of Object.keys(s) as (keyof typeof s)[]) if (got[k] !== s[k]) problems.push(`${k} ${String(got[k])}, bcoin asserts ${String(s[k])}`);
      }
      if (f.flags === undefined) {
        // No undo data: bcoin only decodes it; the re-encoding must give the same bytes.
        if (toHex(encodeTransaction(tx)) !== toHex(raw)) problems.push('re-encoding differs from the raw bytes');
      } else {
        const spent = parseUndo(store.bytes(`bcoin/${f.name}-undo.raw`));
        if (spent.length !== tx.inputs.length) throw new Error(`undo has ${spent.length} records for ${tx.inputs.length} inputs`);
        const verify = engine.prepare(tx, spent);
        const indices = f.inputs === 'all' || f.inputs === undefined ? tx.inputs.map((_, i) => i) : f.inputs;
        for (const i of indices) {
          const r = safeVerify(verify, i, f.flags);
          if (!r.ok) problems.push(`input ${i}: ${r.error} under ${flagNames(f.flags)}`);
        }
      }
      if (problems.length === 0) tally.pass();
      else tally.fail({ id, expected: 'verifies', actual: problems[0] ?? '', detail: problems.slice(1, 5).join('; ') || undefined });
    } catch (e) {
      tally.fail({ id, expected: 'verifies', actual: 'BAD TEST', detail: message(e) });
    }
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------------
// Block sigop cost (blocks-manifest.json bcoinTestAsserts.sigopsCost)

interface ManifestEntry {
  readonly file: string;
  readonly prevouts?: string;
  readonly bcoinTestAsserts?: { readonly sigopsCost?: number; readonly sigopsFlags?: string };
}

/** The spent outputs of each transaction of a block, from a bcoin undo fixture (coinbase: none). */
export function blockSpentOutputs(transactions: readonly Transaction[], undo: readonly TxOut[]): TxOut[][] {
  let at = 0;
  const out = transactions.map((tx) => {
    if (isCoinbase(tx)) return [];
    const spent = undo.slice(at, at + tx.inputs.length);
    at += tx.inputs.length;
    return spent;
  });
  if (at !== undo.length) throw new Error(`undo has ${undo.length} records for ${at} non-coinbase inputs`);
  return out;
}

/**
 * Where bcoin's test sums from: block-test.js "should verify a historical block" (block300025) loops
 * `for (let i = 1; ...)`, leaving the coinbase out; its "should count sigops" tests (the testnet
 * blocks) sum every transaction.
 */
export const BCOIN_SIGOPS_FIRST_TX: Readonly<Record<string, number>> = { 'bcoin/block300025.raw': 1 };

/** The bcoin blocks with undo data: block sigop cost (Core's GetTransactionSigOpCost summed) as bcoin's tests assert. */
export function runBlockSigops(engine: ScriptEngine, store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally('block sigop cost', options.maxFailures ?? 20);
  const manifest = store.json<ManifestEntry[]>('blocks-manifest.json');
  for (const entry of manifest) {
    const expected = entry.bcoinTestAsserts?.sigopsCost;
    if (expected === undefined || entry.prevouts === undefined) continue;
    const flagText = entry.bcoinTestAsserts?.sigopsFlags ?? '';
    const id = `${entry.file} (${flagText})`;
    try {
      const flags = parseFlagsStrict(flagText.split('|').join(','));
      const decoded = decodeBlock(store.bytes(entry.file));
      if (!decoded.ok) throw new Error(`block does not decode: ${decoded.error.code}`);
      const txs = decoded.value.transactions;
      const spent = blockSpentOutputs(txs, parseUndo(store.bytes(entry.prevouts)));
      const first = BCOIN_SIGOPS_FIRST_TX[entry.file] ?? 0;
      let cost = 0;
      let whole = 0;
      txs.forEach((tx, i) => {
        const c = engine.transactionSigOpCost(tx, spent[i] ?? [], flags);
        whole += c;
        if (i >= first) cost += c;
      });
      if (first > 0) tally.notes.push(`${entry.file}: ${cost} summed from tx ${first} as bcoin's test does; ${whole} for the whole block`);
      if (cost === expected) tally.pass();
      else tally.fail({ id, expected: String(expected), actual: String(cost), detail: first > 0 ? `whole block ${whole}` : undefined });
    } catch (e) {
      tally.fail({ id, expected: String(expected), actual: 'ERROR', detail: message(e) });
    }
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------------
// Core's script_assets_test.json format (qa-assets; Core's script_assets_tests.cpp)

/** One entry of script_assets_test.json. */
export interface ScriptAssetEntry {
  readonly tx: string;
  readonly prevouts: readonly string[];
  readonly index: number;
  readonly flags: string;
  readonly comment?: string;
  readonly final?: boolean;
  readonly success?: { readonly scriptSig: string; readonly witness: readonly string[] };
  readonly failure?: { readonly scriptSig: string; readonly witness: readonly string[] };
}

/** Core's ALL_CONSENSUS_FLAGS: every subset of P2SH, DERSIG, NULLDUMMY, CLTV, CSV, WITNESS, TAPROOT with WITNESS ⇒ P2SH and TAPROOT ⇒ WITNESS. */
export const ALL_CONSENSUS_FLAGS: readonly number[] = (() => {
  const bits = [
    SCRIPT_VERIFY_P2SH,
    SCRIPT_VERIFY_DERSIG,
    SCRIPT_VERIFY_NULLDUMMY,
    SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
    SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
    SCRIPT_VERIFY_WITNESS,
    SCRIPT_VERIFY_TAPROOT,
  ];
  const out: number[] = [];
  for (let i = 0; i < 128; i++) {
    let f = 0;
    bits.forEach((b, k) => {
      if (i & (1 << k)) f |= b;
    });
    if (f & SCRIPT_VERIFY_WITNESS && !(f & SCRIPT_VERIFY_P2SH)) continue;
    if (f & SCRIPT_VERIFY_TAPROOT && !(f & SCRIPT_VERIFY_WITNESS)) continue;
    out.push(f);
  }
  return out;
})();

/** Reads a script_assets_test.json file, plain or gzip; accepts a JSON array, or the bare comma-separated objects of Core's dump files. */
export function readScriptAssets(path: string): ScriptAssetEntry[] {
  let data = new Uint8Array(readFileSync(path));
  if (data[0] === 0x1f && data[1] === 0x8b) data = new Uint8Array(gunzipSync(data));
  const text = new TextDecoder().decode(data).trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]) as ScriptAssetEntry[];
  } catch {
    return JSON.parse(`[${text.replace(/,\s*$/, '')}]`) as ScriptAssetEntry[];
  }
}

function decodeTxOut(bytes: Uint8Array): TxOut {
  const r = decodeExact(bytes, (reader: ByteReader) => ({ value: reader.i64le(), scriptPubKey: reader.varBytes() }));
  if (!r.ok) throw new Error(`bad prevout: ${r.error.code}`);
  return r.value;
}

/**
 * Core's AssetTest for one entry: each `success` must verify under every consensus-flag set that
 * is a subset of its flags (every set when `final`); each `failure` must fail under every superset.
 */
export function checkScriptAsset(engine: ScriptEngine, entry: ScriptAssetEntry): string[] {
  const problems: string[] = [];
  const decoded = decodeTransaction(hex(entry.tx));
  if (!decoded.ok) return [`tx does not decode: ${decoded.error.code}`];
  const prevouts = entry.prevouts.map((p) => decodeTxOut(hex(p)));
  if (prevouts.length !== decoded.value.inputs.length) problems.push(`${prevouts.length} prevouts for ${decoded.value.inputs.length} inputs`);
  const idx = entry.index;
  if (idx < 0 || idx >= decoded.value.inputs.length) return [...problems, `index ${idx} out of range`];
  const testFlags = parseFlagsStrict(entry.flags);
  const final = entry.final === true;
  for (const kind of ['success', 'failure'] as const) {
    const spend = entry[kind];
    if (spend === undefined) continue;
    // Core reads the tx without witnesses and sets scriptSig and witness of input `idx` only.
    const tx: Transaction = {
      ...decoded.value,
      inputs: decoded.value.inputs.map((input, i) =>
        i === idx ? { ...input, scriptSig: hex(spend.scriptSig), witness: spend.witness.map((w) => hex(w)) } : { ...input, witness: [] },
      ),
    };
    const verify = engine.prepare(tx, prevouts);
    for (const flags of ALL_CONSENSUS_FLAGS) {
      if (kind === 'success' && (final || (flags & testFlags) === flags)) {
        const r = safeVerify(verify, idx, flags);
        if (!r.ok) problems.push(`success fails under ${flagNames(flags)}: ${r.error}`);
      }
      if (kind === 'failure' && (flags & testFlags) === testFlags) {
        const r = safeVerify(verify, idx, flags);
        if (r.ok || r.error.startsWith('THREW')) problems.push(`failure ${r.ok ? 'passes' : r.error} under ${flagNames(flags)}`);
      }
    }
  }
  return problems;
}

/** A script_assets_test.json file (`--script-assets FILE`), with Core's rule per entry. */
export function runScriptAssets(engine: ScriptEngine, path: string, options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally(`script assets ${path}`, options.maxFailures ?? 20);
  let entries: ScriptAssetEntry[];
  try {
    entries = readScriptAssets(path);
  } catch (e) {
    tally.fail({ id: path, expected: 'a script_assets_test.json file', actual: 'unreadable', detail: message(e) });
    return tally.result();
  }
  entries.forEach((entry, i) => {
    const id = `#${i}${entry.comment ? ` "${entry.comment}"` : ''}`;
    try {
      const problems = checkScriptAsset(engine, entry);
      if (problems.length === 0) tally.pass();
      else tally.fail({ id, expected: `Core's rule under ${entry.flags}${entry.final ? ' (final)' : ''}`, actual: problems[0] ?? '', detail: problems.slice(1, 4).join('; ') || undefined });
    } catch (e) {
      tally.fail({ id, expected: 'a well-formed entry', actual: 'BAD TEST', detail: message(e) });
    }
  });
  return tally.result();
}

// ---------------------------------------------------------------------------------------------

export interface AllSuitesOptions extends ScriptTestsOptions {
  readonly store?: VectorStore;
  readonly scriptAssets?: readonly string[];
}

/** Every suite of `bllvm conformance`, in order. */
export function runAllSuites(engine: ScriptEngine, options: AllSuitesOptions = {}): SuiteResult[] {
  const store = options.store ?? new VectorStore();
  const results = [
    runScriptTests(engine, store, options),
    runTxValid(engine, store, options),
    runTxInvalid(engine, store, options),
    runBcoinTxs(engine, store, options),
    runBlockSigops(engine, store, options),
  ];
  for (const path of options.scriptAssets ?? []) results.push(runScriptAssets(engine, path, options));
  return results;
}

