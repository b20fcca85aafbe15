/**
 * Proofs can fail: the kernel is copied to a scratch folder, one bug is seeded per copy, and the
 * harness must report the named proof REFUTED with a counterexample confirmed by replaying it on
 * the (buggy) real TS function. Also: a construct outside the subset gives ERROR with file:line.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SolverPool } from '../../harness/pool.js';
import { runProofs, shutdownZ3 } from '../../harness/runner.js';
import { scratchTree } from '../support/scratch-tree.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Verdicts come from z3's rlimit alone; this wall-clock limit is only a backstop against a hang,
// far above what a loaded machine needs (each test here takes a few seconds when quiet).
const BACKSTOP = { timeout: 20 * 60_000 };
// Inside the repository so the copies resolve node_modules (@noble/hashes) like the kernel does.
const SCRATCH = path.join(ROOT, '.cache/seeded');

// One z3 worker for every run here (starting one took about a second a run); the pool replaces
// it after its query quota, as in a `prove` run.
const POOL = new SolverPool(1);
// One proof cache for the seeded runs: a proof whose queries a seed leaves unchanged (a contract
// such as u32le's, proved on demand for the proof a seed breaks) is solved once, by the first
// run that needs it; the cache key is the query text, so a seeded query never hits it.
const SEEDED_CACHE = path.join(SCRATCH, 'proof-cache');

const copyTree = (name: string): string => scratchTree(path.join(SCRATCH, name), { proofs: 'copy' });

function seed(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const text = readFileSync(full, 'utf8');
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`seed: '${from}' not found in ${file}`);
  writeFileSync(full, text.slice(0, at) + to + text.slice(at + from.length));
}

interface Bug {
  readonly name: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly filter: string;
  readonly refutes: string;
}

const BUGS: readonly Bug[] = [
  { name: 'halving interval 210000 -> 210001', file: 'kernel/chain/params.ts', from: 'subsidyHalvingInterval: 210000,', to: 'subsidyHalvingInterval: 210001,', filter: 'subsidy.proof.ts', refutes: 'subsidy halves every 210000 blocks' },
  { name: 'negative-height guard weakened', file: 'kernel/validation/subsidy.ts', from: 'if (height < 0 ||', to: 'if (height < -210000 ||', filter: 'subsidy.proof.ts', refutes: 'negative heights get no subsidy' },
  { name: 'retarget clamp 4 -> 5', file: 'kernel/chain/retarget.ts', from: 'const max = targetTimespan * 4;', to: 'const max = targetTimespan * 5;', filter: 'retarget.proof.ts', refutes: 'retarget timespan is clamped to [T/4, 4T]' },
  { name: 'MAX_MONEY comparison > -> >=', file: 'kernel/validation/output-values.ts', from: 'output.value > MAX_MONEY', to: 'output.value >= MAX_MONEY', filter: 'money.proof.ts', refutes: 'outputs within MoneyRange with a total within MoneyRange are accepted' },
  { name: 'coinbase maturity 100 -> 99', file: 'kernel/validation/limits.ts', from: 'COINBASE_MATURITY = 100;', to: 'COINBASE_MATURITY = 99;', filter: 'money.proof.ts', refutes: 'coinbase outputs mature after exactly 100 blocks' },
  { name: 'locktime threshold 500000000 -> 500000001', file: 'kernel/validation/locktime.ts', from: 'LOCKTIME_THRESHOLD = 500000000;', to: 'LOCKTIME_THRESHOLD = 500000001;', filter: 'locktime.proof.ts', refutes: 'IsFinalTx: lock time below height/time or all inputs final' },
  { name: 'BIP68 disable bit 31 -> 30', file: 'kernel/validation/locktime.ts', from: 'SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;', to: 'SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x40000000;', filter: 'locktime.proof.ts', refutes: 'BIP68: bit 31 set means no relative lock' },
  { name: 'BIP68 type flag bit 22 -> 21', file: 'kernel/validation/locktime.ts', from: 'SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00400000;', to: 'SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00200000;', filter: 'locktime.proof.ts', refutes: 'BIP68: a time lock in 512-second units' },
  { name: 'CLTV comparison > -> >=', file: 'kernel/script/lock-checks.ts', from: 'if (scriptLockTime > BigInt(txLockTime)) return false;', to: 'if (scriptLockTime >= BigInt(txLockTime)) return false;', filter: 'locktime.proof.ts', refutes: 'CHECKLOCKTIMEVERIFY: same kind, not above, input not final' },
  { name: 'CompactSize boundary 0xfd -> 0xfe', file: 'kernel/encoding/compact-size.ts', from: 'if (n < 0xfd) return 1;', to: 'if (n < 0xfe) return 1;', filter: 'encoding.proof.ts', refutes: 'CompactSize width is 1 + the shortest payload that holds n' },
  { name: 'CompactSize 0xfe payload read as 3 bytes', file: 'kernel/encoding/compact-size.ts', from: ': readUintLE(bytes, at + 1, 4);', to: ': readUintLE(bytes, at + 1, 3);', filter: 'encoding.proof.ts', refutes: 'CompactSize bytes round-trip: ReadCompactSize(WriteCompactSize(n)) = n' },
  { name: 'CompactSize truncation check one byte short', file: 'kernel/encoding/compact-size.ts', from: 'if (bytes.length - at < width)', to: 'if (bytes.length - at < width - 1)', filter: 'ReadCompactSize never reads', refutes: 'ReadCompactSize never reads past the end' },
  { name: 'script-number sign byte always 0x00', file: 'kernel/script/number.ts', from: 'out.push(negative ? 0x80 : 0)', to: 'out.push(0)', filter: 'script-number.proof.ts', refutes: 'script numbers 128..32767 round-trip in 2 bytes' },
  { name: 'vsize rounding', file: 'kernel/primitives/size.ts', from: '(weight + WITNESS_SCALE_FACTOR - 1)', to: '(weight + WITNESS_SCALE_FACTOR - 2)', filter: 'encoding.proof.ts', refutes: 'vsize = ceil(weight / 4)' },
  { name: 'sighash ANYONECANPAY mask 0x80 -> 0xc0', file: 'kernel/script/sighash-type.ts', from: 'hashType & ~SIGHASH_ANYONECANPAY & 0xff', to: 'hashType & ~0xc0 & 0xff', filter: 'sighash.proof.ts', refutes: 'legacy defined hash types are 0x01-0x03 and 0x81-0x83' },
  { name: 'script number minimality mask 0x7f -> 0xff', file: 'kernel/script/number.ts', from: '(last & 0x7f) === 0', to: '(last & 0xff) === 0', filter: 'script-number.proof.ts', refutes: 'a minimal 1-byte script number is in [-127, 127] and non-zero' },
  { name: 'Merkle odd level pads with zeros instead of repeating the last hash', file: 'kernel/validation/merkle.ts', from: 'hashPair(left, right ?? left)', to: 'hashPair(left, right ?? new Uint8Array(32))', filter: 'merkle.proof.ts', refutes: 'CVE-2012-2459: duplicating the last leaf keeps the root and is flagged' },
  { name: 'TapBranch children not sorted', file: 'kernel/script/taproot.ts', from: ": taggedHash('TapBranch', b, a)", to: ": taggedHash('TapBranch', a, b)", filter: 'taproot.proof.ts', refutes: 'TapBranch does not depend on the order of its children' },
  { name: 'P2SH push length 0x14 -> 0x15', file: 'kernel/script/patterns.ts', from: 'script[1] === 0x14', to: 'script[1] === 0x15', filter: 'script-patterns.proof.ts', refutes: 'P2SH is exactly OP_HASH160 <20 bytes> OP_EQUAL' },
  { name: 'GetCompact sign-bit test > instead of >=', file: 'kernel/validation/pow.ts', from: 'const mantissa = top >= 0x00800000n ?', to: 'const mantissa = top > 0x00800000n ?', filter: 'canonical nBits survive', refutes: 'canonical nBits survive SetCompact then GetCompact' },
  { name: 'block hash read big-endian', file: 'kernel/validation/pow.ts', from: 'for (let i = hash.length - 1; i >= 0; i--) value', to: 'for (let i = 0; i < hash.length; i++) value', filter: 'CheckProofOfWork on mainnet', refutes: 'CheckProofOfWork on mainnet accepts exactly the hashes at most the target of nBits' },
  { name: 'DER: a superfluous 0x00 before a 2-byte S accepted', file: 'kernel/script/signature-encoding.ts', from: 'if (lenS > 1 && sig[lenR + 6] === 0x00', to: 'if (lenS > 2 && sig[lenR + 6] === 0x00', filter: 'signatures of 0..40 bytes', refutes: 'IsValidSignatureEncoding is BIP66 strict DER for signatures of 0..40 bytes' },
  { name: 'low S: S = n/2 counted as high', file: 'kernel/script/signature-encoding.ts', from: 'return s <= SECP256K1_HALF_N;', to: 'return s < SECP256K1_HALF_N;', filter: '32-byte R and S is low', refutes: 'LOW_S: a strict DER signature with 32-byte R and S is low iff S <= n/2' },
  { name: 'uncompressed keys of 65 bytes or more', file: 'kernel/script/signature-encoding.ts', from: 'return pubkey.length === 65;', to: 'return pubkey.length >= 65;', filter: 'STRICTENC keys', refutes: 'STRICTENC keys: 33 bytes with 02/03 or 65 bytes with 04; compressed: 33 bytes with 02/03' },
  { name: 'OP_PUSHDATA4 drops the fourth length byte', file: 'kernel/script/parse.ts', from: ' + (script[at + 3] ?? 0) * 16777216;', to: ';', filter: 'the length of an OP_PUSHDATA1/2/4', refutes: 'the length of an OP_PUSHDATA1/2/4 is its 1, 2 or 4 bytes little-endian, for every value' },
  { name: 'IsPushOnly refuses OP_16', file: 'kernel/script/patterns.ts', from: 'op.opcode > OP_16) return false;', to: 'op.opcode >= OP_16) return false;', filter: 'IsPushOnly: every', refutes: 'IsPushOnly: every operation parses and is at most OP_16' },
  { name: 'witness programs up to 43 bytes', file: 'kernel/script/patterns.ts', from: 'script.length > 42) return undefined;', to: 'script.length > 43) return undefined;', filter: 'IsWitnessProgram for every', refutes: 'IsWitnessProgram for every script length 0..43 and every version opcode' },
  { name: 'accurate sigops ignore OP_16 before CHECKMULTISIG', file: 'kernel/script/sigops.ts', from: 'lastOpcode <= OP_16 ? decodeOpN', to: 'lastOpcode < OP_16 ? decodeOpN', filter: 'GetSigOpCount: CHECKSIG', refutes: 'GetSigOpCount: CHECKSIG counts 1, CHECKMULTISIG n after OP_n when accurate, else 20' },
  { name: 'taproot path nodes read from byte 32 (control byte forgotten)', file: 'kernel/script/taproot.ts', from: 'const start = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * i;', to: 'const start = 32 + TAPROOT_CONTROL_NODE_SIZE * i;', filter: 'folds the control block path', refutes: 'the taproot Merkle root folds the control block path into the leaf hash' },
  { name: 'P2WPKH counted as 4 witness sigops', file: 'kernel/script/sigops.ts', from: 'if (program.program.length === 20) return 1;', to: 'if (program.program.length === 20) return 4;', filter: 'witness sigops: P2WPKH', refutes: 'witness sigops: P2WPKH counts 1, P2WSH its witness script accurately, bare or nested in P2SH' },
  { name: 'FindAndDelete removes only the first of copies back to back', file: 'kernel/script/find-and-delete.ts', from: 'while (script.length - pc >= pattern.length', to: 'if (script.length - pc >= pattern.length', filter: 'FindAndDelete removes', refutes: 'FindAndDelete removes the pattern at operation boundaries, back to back' },
  { name: 'BIP34 reads a data push of 16 as a height', file: 'kernel/validation/bip34.ts', from: 'n.value <= 16n', to: 'n.value < 16n', filter: 'canonical BIP34 push', refutes: 'a height read from a coinbase is its canonical BIP34 push' },
  { name: 'first witness commitment output wins instead of the last', file: 'kernel/validation/witness-commitment.ts', from: 'isWitnessCommitmentScript(out.scriptPubKey)) index = o;', to: 'isWitnessCommitmentScript(out.scriptPubKey) && index === -1) index = o;', filter: 'last commitment output', refutes: 'the last commitment output of the coinbase is the witness commitment' },
  { name: 'compact overflow size 34 -> 35', file: 'kernel/validation/pow.ts', from: '(size > 34 ||', to: '(size > 35 ||', filter: 'compact overflow flag', refutes: 'compact overflow flag is exact' },
  { name: "issued supply drops each era's last block", file: 'kernel/commitments/supply.ts', from: 'BigInt(last - first + 1)', to: 'BigInt(last - first)', filter: "mainnet's issued supply grows", refutes: "mainnet's issued supply grows by each block's subsidy" },
  { name: 'dust: witness input size 67 -> 68 vbytes', file: 'kernel/spam/dust.ts', from: 'Math.floor(107 / 4) + 4', to: 'Math.floor(108 / 4) + 4', filter: 'dust threshold of each standard', refutes: "the dust threshold of each standard output is Core's" },
  { name: 'commitment record writes the root for the block hash', file: 'kernel/commitments/commitment.ts', from: 'u32le(c.height), c.blockHash, c.root', to: 'u32le(c.height), c.root, c.root', filter: 'encoded at the fixed offsets', refutes: 'the commitment record is encoded at the fixed offsets, and decodes back to itself' },
  { name: 'coin serialization drops the coinbase flag', file: 'kernel/commitments/coin.ts', from: 'coin.height * 2 + (coin.isCoinbase ? 1 : 0)', to: 'coin.height * 2', filter: "serializes as Core's TxOutSer", refutes: "a coin serializes as Core's TxOutSer" },
  { name: 'duplicate-input check skips the last input', file: 'kernel/validation/tx-check.ts', from: 'for (let i = 1; i < n; i++) {', to: 'for (let i = 1; i < n - 1; i++) {', filter: 'CVE-2018-17144', refutes: 'CVE-2018-17144: a transaction spending one outpoint twice is caught' },
  { name: "testnet's 20-minute rule at exactly 20 minutes", file: 'kernel/chain/header-chain.ts', from: 'if (newTime > prev.header.time + params.powTargetSpacing * 2)', to: 'if (newTime >= prev.header.time + params.powTargetSpacing * 2)', filter: 'between retargets', refutes: "between retargets the next bits are the parent's, with testnet's 20-minute rule" },
  { name: 'median time past takes the lower median', file: 'kernel/chain/header-chain.ts', from: 'if (below <= middle && middle < notAbove) return time;', to: 'if (below < middle && middle <= notAbove) return time;', filter: 'upper median', refutes: 'near genesis the median time past is the upper median of the times there are' },
  { name: 'block weight limit compared with >=', file: 'kernel/validation/contextual-check.ts', from: 'if (blockWeight(block) > MAX_BLOCK_WEIGHT)', to: 'if (blockWeight(block) >= MAX_BLOCK_WEIGHT)', filter: 'ContextualCheckBlock: finality', refutes: 'ContextualCheckBlock: finality, witness without commitment, then weight at exactly 4,000,000' },
];

afterAll(async () => {
  await POOL.close();
  await shutdownZ3();
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe('seeded kernel bugs are REFUTED with a replayed counterexample', BACKSTOP, () => {
  it('has at least 10 seeded bugs', () => {
    expect(BUGS.length).toBeGreaterThanOrEqual(10);
  });
  BUGS.forEach((bug, i) => {
    it(bug.name, async () => {
      const root = copyTree(`bug${i}`);
      seed(root, bug.file, bug.from, bug.to);
      // Only the proof the bug must break runs here (and the contracts it relies on); the control
      // below runs whole files.
      const report = await runProofs({ root, filter: bug.refutes, cacheDir: SEEDED_CACHE, jobs: 1, pool: POOL });
      const r = report.results.find((x) => x.name === bug.refutes);
      expect(r?.status, JSON.stringify(report.results.map((x) => [x.name, x.status, x.error]))).toBe('REFUTED');
      expect(r?.counterexample?.replay, r?.counterexample?.replayDetail).toBe('confirmed');
      expect(r?.cached).not.toBe(true);
      expect(r?.counterexample?.regressionTest).toContain('regression: ');
      // Nothing the bug does not touch turns into an ERROR.
      expect(report.results.filter((x) => x.status === 'ERROR')).toEqual([]);
    });
  });
  it('the unmodified copy proves everything it checks (control)', async () => {
    const root = copyTree('control');
    const report = await runProofs({ root, filter: 'locktime.proof.ts', noCache: true, jobs: 1, pool: POOL });
    expect(report.results.length).toBeGreaterThan(5);
    expect(report.results.filter((x) => x.status !== 'PROVED')).toEqual([]);
  });
});

describe('constructs outside the provable subset', BACKSTOP, () => {
  it('an unsupported construct gives ERROR naming it with file:line', async () => {
    const root = copyTree('unsupported');
    writeFileSync(
      path.join(root, 'kernel/validation/bad.ts'),
      ['export function clampHeight(height: number): number {', '  if (height < 0) throw new Error("negative");', '  return height;', '}', ''].join('\n'),
    );
    rmSync(path.join(root, 'proofs'), { recursive: true });
    mkdirSync(path.join(root, 'proofs'));
    writeFileSync(
      path.join(root, 'proofs/bad.proof.ts'),
      [
        "import { int, proof } from '../harness/dsl.js';",
        "import { clampHeight } from '../kernel/validation/bad.js';",
        "export const p = proof('clamp is non-negative', {",
        "  fn: clampHeight, spec: '§0', statement: 'x', inputs: { h: int(-5, 5) },",
        '  ensures: ({ h }) => clampHeight(h) >= 0,',
        '});',
        '',
      ].join('\n'),
    );
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]?.status).toBe('ERROR');
    expect(report.results[0]?.error).toMatch(/kernel\/validation\/bad\.ts:2:\d+: unsupported: throw/);
  });
  it('a method call on a value gives ERROR with file:line', async () => {
    const root = copyTree('unsupported2');
    writeFileSync(path.join(root, 'kernel/validation/bad.ts'), 'export function twice(xs: readonly number[]): number {\n  return xs.filter((x) => x > 2).length;\n}\n');
    rmSync(path.join(root, 'proofs'), { recursive: true });
    mkdirSync(path.join(root, 'proofs'));
    writeFileSync(
      path.join(root, 'proofs/bad.proof.ts'),
      "import { int, proof, tuple } from '../harness/dsl.js';\nimport { twice } from '../kernel/validation/bad.js';\nexport const p = proof('n', { fn: twice, spec: '§0', statement: 'x', inputs: { xs: tuple(2, int(0, 5)) }, ensures: ({ xs }) => twice(xs) === 2 });\n",
    );
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    expect(report.results[0]?.status).toBe('ERROR');
    expect(report.results[0]?.error).toMatch(/kernel\/validation\/bad\.ts:2:\d+: unsupported: method call 'xs\.filter'/);
  });

  it('a loop that needs more iterations than its unwind bound fails the unwinding assertion', async () => {
    const root = copyTree('unwind');
    writeFileSync(
      path.join(root, 'kernel/validation/bad.ts'),
      ['/** @unwind 8 */', 'export function triangle(n: number): number {', '  let total = 0;', '  for (let i = 0; i < n; i++) total += i;', '  return total;', '}', ''].join('\n'),
    );
    rmSync(path.join(root, 'proofs'), { recursive: true });
    mkdirSync(path.join(root, 'proofs'));
    writeFileSync(
      path.join(root, 'proofs/bad.proof.ts'),
      "import { int, proof } from '../harness/dsl.js';\nimport { triangle } from '../kernel/validation/bad.js';\nexport const p = proof('triangle is non-negative', { fn: triangle, spec: '§0', statement: 'x', inputs: { n: int(0, 20) }, ensures: ({ n }) => triangle(n) >= 0 });\nexport const q = proof('triangle within the bound', { fn: triangle, spec: '§0', statement: 'x', inputs: { n: int(0, 8) }, ensures: ({ n }) => triangle(n) >= 0 });\n",
    );
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    const over = report.results.find((r) => r.name === 'triangle is non-negative');
    expect(over?.status).toBe('REFUTED');
    expect(over?.error).toMatch(/unwind: unwinding assertion: loop exits within 8 iterations \(kernel\/validation\/bad\.ts:4:\d+\)/);
    expect(over?.counterexample?.replay).toBe('obligation');
    expect(Number(over?.counterexample?.inputs.n)).toBeGreaterThan(8);
    expect(report.results.find((r) => r.name === 'triangle within the bound')?.status).toBe('PROVED');
  });

  it('an int64 overflow in bigint arithmetic is a refutation', async () => {
    const root = copyTree('overflow');
    writeFileSync(path.join(root, 'kernel/validation/bad.ts'), 'export function total(a: bigint, b: bigint): bigint {\n  return a + b;\n}\n');
    rmSync(path.join(root, 'proofs'), { recursive: true });
    mkdirSync(path.join(root, 'proofs'));
    writeFileSync(
      path.join(root, 'proofs/bad.proof.ts'),
      "import { int64, proof } from '../harness/dsl.js';\nimport { total } from '../kernel/validation/bad.js';\nexport const p = proof('total is commutative', { fn: total, spec: '§0', statement: 'x', inputs: { a: int64(), b: int64() }, ensures: ({ a, b }) => total(a, b) === total(b, a) });\n",
    );
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    expect(report.results[0]?.status).toBe('REFUTED');
    expect(report.results[0]?.error).toMatch(/overflow: bigint '\+' stays in int64 range \(kernel\/validation\/bad\.ts:2:\d+\)/);
    expect(report.results[0]?.counterexample?.replay).toBe('obligation');
  });
});

describe('case splits (`split`)', BACKSTOP, () => {
  /** A scratch copy whose only proof file is `proofText`, over kernel/validation/bad.ts = `kernelText`. */
  function scratch(name: string, kernelText: string, proofText: string): string {
    const root = copyTree(name);
    writeFileSync(path.join(root, 'kernel/validation/bad.ts'), kernelText);
    rmSync(path.join(root, 'proofs'), { recursive: true });
    mkdirSync(path.join(root, 'proofs'));
    writeFileSync(path.join(root, 'proofs/bad.proof.ts'), proofText);
    return root;
  }
  const KERNEL = 'export function notSevenThree(s: Uint8Array): boolean {\n  return s[0] !== 7 || s[1] !== 3;\n}\n';
  const proofWith = (cases: string): string =>
    [
      "import { bytes, proof } from '../harness/dsl.js';",
      "import { notSevenThree } from '../kernel/validation/bad.js';",
      "export const p = proof('no 07 03 prefix', {",
      "  fn: notSevenThree, spec: '§0', statement: 'x', inputs: { s: bytes(2) },",
      `  split: { on: 's[0]', cases: ${cases} },`,
      '  ensures: ({ s }) => notSevenThree(s),',
      '});',
      '',
    ].join('\n');

  it('cases that leave a value out are an ERROR naming the gap (a split never weakens the statement)', async () => {
    const root = scratch('split-gap', KERNEL, proofWith('[[0, 6], [8, 255]]'));
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    expect(report.results[0]?.status).toBe('ERROR');
    expect(report.results[0]?.error).toMatch(/split on 's\[0\]': the cases must cover \[0, 255\] .*case \[8, 255\] should start at 7/);
  });

  it('cases that overlap or stop short are an ERROR', async () => {
    const overlap = await runProofs({ root: scratch('split-overlap', KERNEL, proofWith('[[0, 7], [7, 255]]')), noCache: true, jobs: 1, pool: POOL });
    expect(overlap.results[0]?.error).toMatch(/case \[7, 255\] should start at 8/);
    const short = await runProofs({ root: scratch('split-short', KERNEL, proofWith('[[0, 7], [8, 254]]')), noCache: true, jobs: 1, pool: POOL });
    expect(short.results[0]?.error).toMatch(/the cases must cover \[0, 255\] \(they end at 254\)/);
  });

  it('a counterexample in a case with the byte fixed names that byte and replays on the real function', async () => {
    const root = scratch('split-refuted', KERNEL, proofWith('[[0, 6], [7, 7], [8, 255]]'));
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    const r = report.results[0];
    expect(r?.status).toBe('REFUTED');
    // s[0] = 7 is a constant in its case (absent from z3's model): the case supplies it.
    expect(r?.counterexample?.inputs).toEqual({ s_0: '7', s_1: '3' });
    expect(r?.counterexample?.replay).toBe('confirmed');
    expect(r?.error).toMatch(/^ensures: s\[0\] = 7: x/);
    // Every case is its own query, named by its case.
    expect(r?.checks.filter((c) => c.kind === 'ensures').map((c) => c.message)).toEqual(['s[0] in [0, 6]: x', 's[0] = 7: x', 's[0] in [8, 255]: x']);
  });
});

describe('budgets', BACKSTOP, () => {
  it('a check that needs more than its rlimit is UNKNOWN, saying the rlimit was spent', async () => {
    const root = copyTree('budget');
    rmSync(path.join(root, 'proofs'), { recursive: true });
    mkdirSync(path.join(root, 'proofs'));
    writeFileSync(
      path.join(root, 'proofs/budget.proof.ts'),
      [
        "import { int, proof } from '../harness/dsl.js';",
        "import { NETWORKS } from '../kernel/chain/params.js';",
        "import { getBlockSubsidy } from '../kernel/validation/subsidy.js';",
        'const MAINNET = NETWORKS.main.consensus;',
        "export const p = proof('halving with a tiny budget', {",
        "  fn: getBlockSubsidy, spec: '§0', statement: 'x', inputs: { height: int(0, 2 ** 31 - 210001) }, rlimit: 2000,",
        '  ensures: ({ height }) => getBlockSubsidy(height + 210000, MAINNET) === getBlockSubsidy(height, MAINNET) / 2n,',
        '});',
        '',
      ].join('\n'),
    );
    const report = await runProofs({ root, noCache: true, jobs: 1, pool: POOL });
    const r = report.results[0];
    expect(r?.status).toBe('UNKNOWN');
    expect(r?.error).toMatch(/rlimit 2000 spent \(z3: .+\)/);
    // The budget is counted, not timed: every undetermined check stopped near its rlimit.
    for (const c of r?.checks.filter((x) => x.status === 'UNDETERMINED') ?? []) expect(c.rlimit).toBeGreaterThanOrEqual(2000);
  });
});
