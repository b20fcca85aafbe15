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
  checkTransaction,
  decodeBlock,
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
import { concatBytes } from "../../kernel/encoding/bytes.js";
import { ByteReader, decodeExact } from "../../kernel/encoding/reader.js";
import { DEFAULT_BACKEND, SECP256K1_N, type Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { parseAsm } from '../../kernel/script/asm.js';
import { legacySignatureHash, precomputeTransactionData, taprootSignatureHash, taprootSignatureMessage } from '../../kernel/script/sighash.js';
import { computeTapbranchHash, computeTapleafHash, computeTapTweakHash, computeTaprootOutputKey } from '../../kernel/script/taproot.js';
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
// Signature-hash and signature vectors (INDEX.md §3.3-§3.5), run with one signature backend

/** sighash.json (Core's sighash_tests.cpp): legacy SignatureHash of the raw script code, printed byte-reversed; the tx passes CheckTransaction. */
export function runSighashTests(store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally('sighash.json', options.maxFailures ?? 20);
  const rows = store.json<unknown[][]>('bitcoin-core/sighash.json');
  rows.forEach((row, rowIndex) => {
    if (row.length === 1) return;
    const [txHex, scriptHex, inputIndex, hashType, expected] = row as [string, string, number, number, string];
    const id = `row ${rowIndex}: input ${inputIndex}, hashType ${hashType}`;
    try {
      const decoded = decodeTransaction(hex(txHex));
      if (!decoded.ok) throw new Error(`tx does not decode: ${decoded.error.code}`);
      const checked = checkTransaction(decoded.value);
      const hash = legacySignatureHash(hex(scriptHex), decoded.value, inputIndex, hashType);
      const actual = hash === undefined ? 'undefined' : toDisplayHex(hash);
      if (!tally.check('CheckTransaction', checked.ok)) tally.fail({ id, expected: 'CheckTransaction passes', actual: checked.ok ? '' : checked.error.reason });
      else if (tally.check('sighash', actual === expected)) tally.pass();
      else tally.fail({ id, expected, actual });
    } catch (e) {
      tally.fail({ id, expected: String(expected), actual: 'ERROR', detail: message(e) });
    }
  });
  return tally.result();
}

/** bip-0340-test-vectors.csv: every row verifies (or not) as listed; signing rows sign to exactly the listed signature with their aux_rand. */
export function runBip340(backend: Secp256k1Backend, store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally(`bip-0340-test-vectors.csv (${backend.name})`, options.maxFailures ?? 20);
  const lines = new TextDecoder().decode(store.bytes('bips/bip-0340-test-vectors.csv')).trim().split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const [index, seckey = '', pubkey = '', auxRand = '', msg = '', signature = '', result, ...comment] = line.split(',');
    const id = `#${index}${comment.join(',') ? ` "${comment.join(',')}"` : ''}`;
    try {
      const problems: string[] = [];
      const verified = backend.verifySchnorr(hex(msg), hex(signature), hex(pubkey));
      if (!tally.check('verify', verified === (result === 'TRUE'))) problems.push(`verify gives ${String(verified)}, expected ${String(result)}`);
      if (seckey !== '') {
        const pub = backend.getPublicKey(hex(seckey), true);
        const sig = backend.signSchnorr(hex(msg), hex(seckey), hex(auxRand));
        const pubOk = pub !== undefined && toHex(pub.subarray(1)) === pubkey.toLowerCase();
        const sigOk = sig !== undefined && toHex(sig) === signature.toLowerCase();
        if (!tally.check('sign', pubOk && sigOk)) problems.push(`sign gives ${sig === undefined ? 'nothing' : toHex(sig)}${pubOk ? '' : ', public key differs'}`);
      }
      if (problems.length === 0) tally.pass();
      else tally.fail({ id, expected: signature, actual: problems.join('; ') });
    } catch (e) {
      tally.fail({ id, expected: String(result), actual: 'ERROR', detail: message(e) });
    }
  }
  return tally.result();
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** BIP350 bech32m encoding of a segwit address (version, program), for the wallet vectors' bip350Address. */
export function encodeSegwitAddress(hrp: string, version: number, program: Uint8Array): string {
  const polymod = (values: number[]): number => {
    const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
      for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ (gen[i] ?? 0)) >>> 0;
    }
    return chk;
  };
  const words: number[] = [version];
  let acc = 0;
  let bits = 0;
  for (const b of program) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const constant = version === 0 ? 1 : 0x2bc830a3;
  const mod = (polymod([...expanded, ...words, 0, 0, 0, 0, 0, 0]) ^ constant) >>> 0;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => BECH32_CHARSET[w]).join('')}`;
}

interface Bip341Leaf {
  readonly id: number;
  readonly script: string;
  readonly leafVersion: number;
}
type Bip341Tree = Bip341Leaf | readonly [Bip341Tree, Bip341Tree];

/** BIP341's taproot_tree_helper: every leaf with its control-block path, and the tree hash. */
function taprootTree(tree: Bip341Tree): { leaves: { leaf: Bip341Leaf; path: Uint8Array }[]; hash: Uint8Array } {
  if (!Array.isArray(tree)) {
    const leaf = tree as Bip341Leaf;
    return { leaves: [{ leaf, path: new Uint8Array(0) }], hash: computeTapleafHash(leaf.leafVersion, hex(leaf.script)) };
  }
  const [l, r] = tree as readonly [Bip341Tree, Bip341Tree];
  const left = taprootTree(l);
  const right = taprootTree(r);
  return {
    leaves: [
      ...left.leaves.map((x) => ({ leaf: x.leaf, path: concatBytes(x.path, right.hash) })),
      ...right.leaves.map((x) => ({ leaf: x.leaf, path: concatBytes(x.path, left.hash) })),
    ],
    hash: computeTapbranchHash(left.hash, right.hash),
  };
}

function bigFrom(bytes: Uint8Array): bigint {
  return bytesToBigInt(bytes);
}

function to32(n: bigint): Uint8Array {
  return hex(n.toString(16).padStart(64, '0'));
}

/**
 * bip341_wallet_vectors.json: the 7 scriptPubKey cases (leaf hashes, Merkle root, tweak, tweaked key,
 * scriptPubKey, bech32m address, control blocks), the transaction-level hashes, and the 7 key-path
 * inputs (internal key, tweak, tweaked secret key, sigMsg, sigHash, witness with all-zero aux_rand).
 */
export function runBip341(backend: Secp256k1Backend, store = new VectorStore(), options: SuiteOptions = {}): SuiteResult {
  const tally = new Tally(`bip341_wallet_vectors.json (${backend.name})`, options.maxFailures ?? 20);
  interface Vectors {
    readonly scriptPubKey: readonly {
      readonly given: { readonly internalPubkey: string; readonly scriptTree: Bip341Tree | null };
      readonly intermediary: { readonly leafHashes?: readonly string[]; readonly merkleRoot: string | null; readonly tweak: string; readonly tweakedPubkey: string };
      readonly expected: { readonly scriptPubKey: string; readonly bip350Address: string; readonly scriptPathControlBlocks?: readonly string[] };
    }[];
    readonly keyPathSpending: readonly {
      readonly given: { readonly rawUnsignedTx: string; readonly utxosSpent: readonly { readonly scriptPubKey: string; readonly amountSats: number }[] };
      readonly intermediary: Record<'hashAmounts' | 'hashOutputs' | 'hashPrevouts' | 'hashScriptPubkeys' | 'hashSequences', string>;
      readonly inputSpending: readonly {
        readonly given: { readonly txinIndex: number; readonly internalPrivkey: string; readonly merkleRoot: string | null; readonly hashType: number };
        readonly intermediary: { readonly internalPubkey: string; readonly tweak: string; readonly tweakedPrivkey: string; readonly sigMsg: string; readonly sigHash: string };
        readonly expected: { readonly witness: readonly string[] };
      }[];
    }[];
  }
  const v = store.json<Vectors>('bitcoin-core/bip341_wallet_vectors.json');
  const compare = (problems: string[], what: string, actual: unknown, expected: unknown): void => {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) problems.push(`${what}: ${a} (expected ${e})`);
  };
  const finish = (id: string, problems: string[]): void => {
    if (problems.length === 0) tally.pass();
    else tally.fail({ id, expected: 'every intermediary and expected value', actual: problems[0] ?? '', detail: problems.slice(1).join('; ') || undefined });
  };
  v.scriptPubKey.forEach((c, i) => {
    const problems: string[] = [];
    try {
      const internal = hex(c.given.internalPubkey);
      const tree = c.given.scriptTree === null ? undefined : taprootTree(c.given.scriptTree);
      const leaves = tree === undefined ? [] : [...tree.leaves].sort((a, b) => a.leaf.id - b.leaf.id);
      compare(problems, 'leafHashes', leaves.map((x) => toHex(computeTapleafHash(x.leaf.leafVersion, hex(x.leaf.script)))), c.intermediary.leafHashes ?? []);
      compare(problems, 'merkleRoot', tree === undefined ? null : toHex(tree.hash), c.intermediary.merkleRoot);
      compare(problems, 'tweak', toHex(computeTapTweakHash(internal, tree?.hash)), c.intermediary.tweak);
      const out = computeTaprootOutputKey(internal, tree?.hash, backend);
      compare(problems, 'tweakedPubkey', out === undefined ? null : toHex(out.xOnly), c.intermediary.tweakedPubkey);
      compare(problems, 'scriptPubKey', out === undefined ? null : `5120${toHex(out.xOnly)}`, c.expected.scriptPubKey);
      compare(problems, 'bip350Address', out === undefined ? null : encodeSegwitAddress('bc', 1, out.xOnly), c.expected.bip350Address);
      const blocks = leaves.map((x) => toHex(concatBytes(Uint8Array.of(x.leaf.leafVersion | (out?.parity ?? 0)), internal, x.path)));
      compare(problems, 'scriptPathControlBlocks', blocks, c.expected.scriptPathControlBlocks ?? []);
    } catch (e) {
      problems.push(`ERROR ${message(e)}`);
    }
    tally.check('scriptPubKey', problems.length === 0);
    finish(`scriptPubKey[${i}]`, problems);
  });
  for (const spend of v.keyPathSpending) {
    const problems: string[] = [];
    const decoded = decodeTransaction(hex(spend.given.rawUnsignedTx));
    if (!decoded.ok) {
      tally.fail({ id: 'keyPathSpending', expected: 'a transaction', actual: decoded.error.code });
      continue;
    }
    const tx = decoded.value;
    const spent = spend.given.utxosSpent.map((u) => ({ value: BigInt(u.amountSats), scriptPubKey: hex(u.scriptPubKey) }));
    const pre = precomputeTransactionData(tx, spent);
    compare(problems, 'hashAmounts', pre.spentAmountsSingleHash && toHex(pre.spentAmountsSingleHash), spend.intermediary.hashAmounts);
    compare(problems, 'hashOutputs', toHex(pre.outputsSingleHash), spend.intermediary.hashOutputs);
    compare(problems, 'hashPrevouts', toHex(pre.prevoutsSingleHash), spend.intermediary.hashPrevouts);
    compare(problems, 'hashScriptPubkeys', pre.spentScriptsSingleHash && toHex(pre.spentScriptsSingleHash), spend.intermediary.hashScriptPubkeys);
    compare(problems, 'hashSequences', toHex(pre.sequencesSingleHash), spend.intermediary.hashSequences);
    tally.check('transaction hashes', problems.length === 0);
    finish('keyPathSpending: transaction-level hashes', problems);
    for (const s of spend.inputSpending) {
      const p: string[] = [];
      try {
        const seckey = hex(s.given.internalPrivkey);
        const merkleRoot = s.given.merkleRoot === null ? undefined : hex(s.given.merkleRoot);
        const pub = backend.getPublicKey(seckey, true);
        if (pub === undefined) throw new Error('invalid internal key');
        const internal = pub.subarray(1);
        compare(p, 'internalPubkey', toHex(internal), s.intermediary.internalPubkey);
        const tweak = computeTapTweakHash(internal, merkleRoot);
        compare(p, 'tweak', toHex(tweak), s.intermediary.tweak);
        // BIP341 taproot_tweak_seckey: negate the key for an odd y, then add the tweak.
        const d = pub[0] === 2 ? bigFrom(seckey) : SECP256K1_N - bigFrom(seckey);
        const tweaked = to32((d + bigFrom(tweak)) % SECP256K1_N);
        compare(p, 'tweakedPrivkey', toHex(tweaked), s.intermediary.tweakedPrivkey);
        const context = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
        const msg = taprootSignatureMessage(tx, s.given.txinIndex, s.given.hashType, pre, context);
        compare(p, 'sigMsg', msg && toHex(msg), s.intermediary.sigMsg);
        const sighash = taprootSignatureHash(tx, s.given.txinIndex, s.given.hashType, pre, context);
        compare(p, 'sigHash', sighash && toHex(sighash), s.intermediary.sigHash);
        const sig = sighash && backend.signSchnorr(sighash, tweaked, new Uint8Array(32));
        const witness = sig === undefined ? [] : [toHex(s.given.hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(s.given.hashType)))];
        compare(p, 'witness', witness, s.expected.witness);
      } catch (e) {
        p.push(`ERROR ${message(e)}`);
      }
      tally.check('key-path inputs', p.length === 0);
      finish(`keyPathSpending input ${s.given.txinIndex}`, p);
    }
  }
  return tally.result();
}

// ---------------------------------------------------------------------------------------------

export interface AllSuitesOptions extends ScriptTestsOptions {
  readonly store?: VectorStore;
  /** The signature backend of the BIP340/BIP341 suites (the engine's own for the script suites). */
  readonly backend?: Secp256k1Backend;
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
    runSighashTests(store, options),
    runBip340(options.backend ?? DEFAULT_BACKEND, store, options),
    runBip341(options.backend ?? DEFAULT_BACKEND, store, options),
  ];
  for (const path of options.scriptAssets ?? []) results.push(runScriptAssets(engine, path, options));
  return results;
}

