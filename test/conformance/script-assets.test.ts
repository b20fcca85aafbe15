import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND, SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import { type Result, encodeTransaction, toHex } from '../../kernel/index.js';
import { err, ok } from "../../kernel/result.js";
import type { ScriptError } from '../../kernel/script/errors.js';
import {
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
} from '../../kernel/script/flags.js';
import { computeTapleafHash, computeTaprootOutputKey, TAPROOT_LEAF_TAPSCRIPT } from '../../kernel/script/taproot.js';
import { assetEntriesFromScriptTests, assetEntryFromScriptTest } from './asset-fixtures.js';
import { VectorStore, readScriptTests } from '../../shell/conformance/data.js';
import { kernelEngine } from '../../shell/conformance/engine.js';
import {
  type ScriptAssetEntry,
  type ScriptEngine,
  ALL_CONSENSUS_FLAGS,
  checkScriptAsset,
  excludeIndividualFlags,
  fillFlags,
  runScriptAssets,
  singleLeafTaproot,
  trimFlags,
} from '../../shell/conformance/suites.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-assets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeScratch(name: string, data: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, data);
  return path;
}

const SAMPLE = fileURLToPath(new URL('./fixtures/script-assets-sample.json', import.meta.url));

describe("Core's flag helpers (transaction_tests.cpp, script_assets_tests.cpp)", () => {
  it('TrimFlags drops WITNESS without P2SH and CLEANSTACK without WITNESS; FillFlags adds them', () => {
    expect(trimFlags(SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_CLEANSTACK)).toBe(0);
    expect(trimFlags(SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_CLEANSTACK)).toBe(SCRIPT_VERIFY_P2SH);
    expect(fillFlags(SCRIPT_VERIFY_CLEANSTACK)).toBe(SCRIPT_VERIFY_CLEANSTACK | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_P2SH);
    expect(fillFlags(0xffffffff)).toBe(0xffffffff);
  });
  it('ExcludeIndividualFlags: each flag out, dependents trimmed, duplicates and no-ops dropped', () => {
    const f = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_CLEANSTACK;
    // Taking P2SH out trims WITNESS and CLEANSTACK too; WITNESS out trims CLEANSTACK.
    expect(excludeIndividualFlags(f)).toEqual([0, SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS]);
    expect(excludeIndividualFlags(SCRIPT_VERIFY_DERSIG)).toEqual([0]);
    expect(excludeIndividualFlags(0)).toEqual([]);
  });
  it('ALL_CONSENSUS_FLAGS: the 64 subsets of the 7 consensus flags with WITNESS ⇒ P2SH and TAPROOT ⇒ WITNESS', () => {
    expect(ALL_CONSENSUS_FLAGS).toHaveLength(64);
    expect(new Set(ALL_CONSENSUS_FLAGS).size).toBe(64);
    for (const f of ALL_CONSENSUS_FLAGS) {
      if (f & SCRIPT_VERIFY_WITNESS) expect(f & SCRIPT_VERIFY_P2SH).toBeTruthy();
      if (f & SCRIPT_VERIFY_TAPROOT) expect(f & SCRIPT_VERIFY_WITNESS).toBeTruthy();
    }
  });
});

describe('§3.8 script_tests taproot placeholders (#CONTROLBLOCK#, #TAPROOTOUTPUT#)', () => {
  it('the tree derived with @noble/curves matches the kernel’s BIP341 tweak on both backends', () => {
    const taprootCases = readScriptTests(new VectorStore()).cases.filter((c) => c.scriptPubKey.includes('#TAPROOTOUTPUT#'));
    expect(taprootCases).toHaveLength(4);
    const G = new Uint8Array(Buffer.from('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798', 'hex'));
    for (const c of taprootCases) {
      const item = c.witness?.find((w) => w.startsWith('#SCRIPT#')) ?? '';
      const entry = assetEntryFromScriptTest(c);
      const spend = entry.success ?? entry.failure;
      const script = Buffer.from(spend?.witness.at(-2) ?? '', 'hex');
      expect(item.length).toBeGreaterThan(8);
      const { controlBlock, outputKey } = singleLeafTaproot(new Uint8Array(script));
      expect(toHex(controlBlock.subarray(1))).toBe(toHex(G));
      for (const backend of SECP256K1_BACKENDS) {
        const tweaked = computeTaprootOutputKey(G, computeTapleafHash(TAPROOT_LEAF_TAPSCRIPT, new Uint8Array(script)), backend);
        expect(tweaked && toHex(tweaked.xOnly)).toBe(toHex(outputKey));
        expect(tweaked?.parity).toBe((controlBlock[0] ?? 0) & 1);
      }
    }
  });
});

describe("script_assets_test.json format with Core's rule", () => {
  // An engine with a known answer: valid exactly when DERSIG is off.
  const failsUnderDersig: ScriptEngine = {
    name: 'fails under DERSIG',
    prepare: () => (_i: number, flags: number): Result<void, ScriptError> => ((flags & SCRIPT_VERIFY_DERSIG) !== 0 ? err('SIG_DER') : ok(undefined)),
    transactionSigOpCost: () => 0,
  };
  const base = {
    // One input spending 11…11:0, one empty output: a plain transaction around the input under test.
    tx: toHex(
      encodeTransaction({
        version: 1,
        lockTime: 0,
        inputs: [{ prevout: { txid: new Uint8Array(32).fill(0x11), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] }],
        outputs: [{ value: 0n, scriptPubKey: new Uint8Array(0) }],
      }),
    ),
    prevouts: ['000000000000000001' + '51'],
    index: 0,
  };
  const spend = { scriptSig: '', witness: [] };

  it('success: every consensus subset of its flags (all 64 sets when final)', () => {
    expect(checkScriptAsset(failsUnderDersig, { ...base, flags: 'P2SH,NULLDUMMY', success: spend })).toEqual([]);
    expect(checkScriptAsset(failsUnderDersig, { ...base, flags: 'P2SH,DERSIG', success: spend })).toHaveLength(2);
    expect(checkScriptAsset(failsUnderDersig, { ...base, flags: 'P2SH', final: true, success: spend })).toHaveLength(32);
  });
  it('failure: every consensus superset of its flags', () => {
    expect(checkScriptAsset(failsUnderDersig, { ...base, flags: 'DERSIG', failure: spend })).toEqual([]);
    expect(checkScriptAsset(failsUnderDersig, { ...base, flags: 'P2SH,WITNESS', failure: spend })).toHaveLength(16);
  });
  it('§3.10 §3.11 with the kernel: OP_1 is a success under all 64 flag sets (final)', () => {
    expect(checkScriptAsset(kernelEngine(), { ...base, flags: 'P2SH,WITNESS,TAPROOT', final: true, success: spend })).toEqual([]);
  });

  const derived = assetEntriesFromScriptTests();
  it('§3.10 §3.11 234 entries derived from the script_tests cases with only consensus flags (151 success, 83 failure) all pass, plain and gzip', () => {
    expect(derived).toHaveLength(234);
    expect(derived.filter((e) => e.success !== undefined)).toHaveLength(151);
    const plain = writeScratch('assets.json', JSON.stringify(derived));
    const gz = writeScratch('assets.json.gz', gzipSync(Buffer.from(JSON.stringify(derived))));
    // Core's dump files: bare objects separated by commas.
    const dump = writeScratch('assets.dump', derived.map((e) => `${JSON.stringify(e)},\n`).join(''));
    for (const backend of SECP256K1_BACKENDS) {
      for (const path of [plain, gz, dump]) {
        const r = runScriptAssets(kernelEngine(backend), path);
        expect({ total: r.total, passed: r.passed, failures: r.failures }).toEqual({ total: 234, passed: 234, failures: [] });
      }
    }
  });
  it('§3.10 §3.11 the same entries with success and failure swapped all fail', () => {
    const swapped: ScriptAssetEntry[] = derived.map(({ success, failure, ...rest }) => ({
      ...rest,
      ...(success !== undefined ? { failure: success } : {}),
      ...(failure !== undefined ? { success: failure } : {}),
    }));
    const r = runScriptAssets(kernelEngine(), writeScratch('swapped.json', JSON.stringify(swapped)));
    expect({ total: r.total, failed: r.failed }).toEqual({ total: 234, failed: 234 });
  });
  it('the committed sample (4 entries from script_tests #1200, #1073, #995, #1202) is what the derivation gives', () => {
    const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as ScriptAssetEntry[];
    expect(sample.map((e) => e.comment)).toEqual([
      'script_tests.json #1200: expects OK',
      'script_tests.json #1073: expects OK',
      'script_tests.json #995: expects EVAL_FALSE',
      'script_tests.json #1202: expects EVAL_FALSE',
    ]);
    for (const e of sample) expect(derived.find((d) => d.comment === e.comment)).toEqual(e);
  });
  it('ignores unrelated flag bits Core does not test here (CLEANSTACK is not a consensus flag)', () => {
    expect(ALL_CONSENSUS_FLAGS.some((f) => f & SCRIPT_VERIFY_CLEANSTACK)).toBe(false);
    expect(ALL_CONSENSUS_FLAGS.filter((f) => f & SCRIPT_VERIFY_NULLDUMMY)).toHaveLength(32);
  });
});

describe('bllvm conformance (CLI)', () => {
  const BIN = fileURLToPath(new URL('../../bin/bllvm.js', import.meta.url));
  async function bllvm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('--json --script-assets SAMPLE: exit 0, every suite with its counts', async () => {
    const { code, stdout } = await bllvm('conformance', '--json', '--script-assets', SAMPLE);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; suites: { suite: string; total: number; passed: number; failed: number }[] };
    expect(report.ok).toBe(true);
    expect(report.suites.map((s) => [s.suite, s.total, s.passed, s.failed])).toEqual([
      ['script_tests.json', 1212, 1212, 0],
      ['tx_valid.json', 121, 121, 0],
      ['tx_invalid.json', 93, 93, 0],
      ['bcoin tx1..tx10', 10, 10, 0],
      ['block sigop cost', 4, 4, 0],
      ['sighash.json', 500, 500, 0],
      [`bip-0340-test-vectors.csv (${DEFAULT_BACKEND.name})`, 19, 19, 0],
      [`bip341_wallet_vectors.json (${DEFAULT_BACKEND.name})`, 15, 15, 0],
      [`script assets ${SAMPLE}`, 4, 4, 0],
    ]);
  });

  it('a failing script-assets file (gzip): exit 1 and the failure printed', async () => {
    const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as ScriptAssetEntry[];
    const bad = sample.map(({ success, failure, ...rest }) => ({ ...rest, ...(success ? { failure: success } : {}), ...(failure ? { success: failure } : {}) }));
    const path = writeScratch('bad.json.gz', gzipSync(Buffer.from(JSON.stringify(bad))));
    const { code, stdout } = await bllvm('conformance', '--script-assets', path);
    expect(code).toBe(1);
    expect(stdout).toContain('PASS  script_tests.json');
    expect(stdout).toMatch(/FAIL {2}script assets .*bad\.json\.gz {2}total 4 {2}passed 0 {2}failed 4/);
    expect(stdout).toContain('x #0 "script_tests.json #1200: expects OK"');
    expect(stdout).toMatch(/total 1978 {2}passed 1974 {2}failed 4\n$/);
  });

  it('usage errors exit 2 with a one-line message naming the option, before any suite runs', async () => {
    const backend = await bllvm('conformance', '--backend', 'nonesuch');
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain("option '--backend <name>' argument 'nonesuch' is invalid. Allowed choices are libsecp256k1, tiny, noble.");
    const garbage = writeScratch('garbage.json', 'not json at all');
    const empty = writeScratch('empty.json', '');
    const cases: [string[], RegExp][] = [
      [['--script-assets', join(scratch, 'missing.json')], /^bllvm conformance: --script-assets .*missing\.json: cannot read \(ENOENT\)\n$/],
      [['--script-assets', scratch], /^bllvm conformance: --script-assets .*: not a regular file\n$/],
      [['--script-assets', garbage], /^bllvm conformance: --script-assets .*garbage\.json: not a script_assets_test\.json file \(.*\)\n$/],
      [['--script-assets', empty], /^bllvm conformance: --script-assets .*empty\.json: holds no entries\n$/],
      [['--script-assets', SAMPLE, scratch], /^bllvm conformance: --script-assets .*: not a regular file\n$/],
      [['--vectors', scratch], /^bllvm conformance: --vectors .*: no vectors there/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await bllvm('conformance', ...args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr).toMatch(message);
    }
  }, 60_000);
});
