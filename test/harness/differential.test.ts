/**
 * Trust in the translator: for every translated kernel function, the z3 term evaluated on random
 * and boundary inputs equals what the real TS function returns (differential test), and each
 * deliberately wrong operator translation (translator mutant) is caught by the same test.
 */
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from 'ts-morph';
import { arb } from './arbitrary.js';
import { type Domain, big, bool, byte, bytes, int, int32, int64, nat31, record, tuple, uint32 } from '../../harness/dsl.js';
import { differential, translateFunction } from '../../harness/differential.js';
import { createProject, getZ3, shutdownZ3 } from '../../harness/runner.js';
import type { TranslatorMutant } from '../../harness/translate.js';
import { type HeaderEntry, getMedianTimePast } from '../../kernel/chain/header-chain.js';
import { clampTimespan, retargetTarget } from '../../kernel/chain/retarget.js';
import { consensusVerdict, defaultCheckpointHeight, isValidThreshold, meetsThreshold } from '../../kernel/consensus/peer-consensus.js';
import { compactSizeWidth, decodeCompactSize, encodeCompactSize, isCanonicalCompactSize } from '../../kernel/encoding/compact-size.js';
import { vsizeOf, weightOf } from '../../kernel/primitives/size.js';
import { castToBool, checkMinimalPush } from '../../kernel/script/interpreter.js';
import { decodeScriptNum, encodeScriptNum } from '../../kernel/script/number.js';
import { decodeOpN, encodeOpN, isOpSuccess } from '../../kernel/script/opcodes.js';
import { pushDataSize, readScriptOp, scriptOpStop } from '../../kernel/script/parse.js';
import { getWitnessProgram, isPayToAnchor, isPayToScriptHash, isPushOnly } from '../../kernel/script/patterns.js';
import { checkSignatureEncoding, isCompressedOrUncompressedPubKey, isLowDerSignature, isValidSignatureEncoding } from '../../kernel/script/signature-encoding.js';
import { getSigOpCount } from '../../kernel/script/sigops.js';
import { findAndDelete } from '../../kernel/script/find-and-delete.js';
import { isLockTimeSatisfied, isSequenceSatisfied } from '../../kernel/script/lock-checks.js';
import { isDefinedHashType, isValidTaprootHashType, taprootInputType, taprootOutputType } from '../../kernel/script/sighash-type.js';
import { calculateSequenceLocks, evaluateSequenceLocks, inputSequenceLock, isFinalTx } from '../../kernel/validation/locktime.js';
import { moneyRange } from '../../kernel/validation/money.js';
import { checkOutputValues } from '../../kernel/validation/output-values.js';
import { readCoinbaseHeight, startsWithHeightPush } from '../../kernel/validation/bip34.js';
import { pushInt } from '../../kernel/script/build.js';
import { isWitnessCommitmentScript, witnessCommitmentIndex } from '../../kernel/validation/witness-commitment.js';
import { decodeCompact, deriveTarget, encodeCompact, hashToUint256 } from '../../kernel/validation/pow.js';
import { getBlockSubsidy, subsidyAfterHalvings } from '../../kernel/validation/subsidy.js';
import { checkSupply, issuedSupply } from '../../kernel/commitments/supply.js';
import { decodeCommitment, encodeCommitment } from '../../kernel/commitments/commitment.js';
import { serializeCoin } from '../../kernel/commitments/coin.js';
import { i64le, readNonNegativeI64le, readU32le, u32le } from '../../kernel/encoding/little-endian.js';
import { dustThreshold } from '../../kernel/spam/dust.js';
import { witnessTapscript } from '../../kernel/spam/envelope.js';
import { checkTxInputs, isCoinbaseSpendMature } from '../../kernel/validation/tx-inputs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Target {
  readonly file: string;
  readonly name: string;
  readonly domains: readonly Domain[];
  readonly real: (...args: never[]) => unknown;
}

const TARGETS: readonly Target[] = [
  { file: 'kernel/validation/subsidy.ts', name: 'getBlockSubsidy', domains: [int32(), record({ subsidyHalvingInterval: int(-10, 300000) })], real: getBlockSubsidy },
  { file: 'kernel/validation/money.ts', name: 'moneyRange', domains: [int64()], real: moneyRange },
  { file: 'kernel/encoding/compact-size.ts', name: 'compactSizeWidth', domains: [int(0, 2 ** 53 - 1)], real: compactSizeWidth },
  { file: 'kernel/encoding/compact-size.ts', name: 'isCanonicalCompactSize', domains: [byte(), int(0, 2 ** 53 - 1)], real: isCanonicalCompactSize },
  { file: 'kernel/encoding/compact-size.ts', name: 'encodeCompactSize', domains: [int(0, 2 ** 53 - 1)], real: encodeCompactSize },
  { file: 'kernel/encoding/compact-size.ts', name: 'decodeCompactSize', domains: [bytes(9), int(0, 9)], real: decodeCompactSize },
  { file: 'kernel/encoding/compact-size.ts', name: 'decodeCompactSize', domains: [bytes(4), int(0, 4)], real: decodeCompactSize },
  { file: 'kernel/primitives/size.ts', name: 'weightOf', domains: [int(0, 2 ** 32), int(0, 2 ** 32)], real: weightOf },
  { file: 'kernel/primitives/size.ts', name: 'vsizeOf', domains: [int(0, 2 ** 40)], real: vsizeOf },
  { file: 'kernel/chain/retarget.ts', name: 'clampTimespan', domains: [int(-(2 ** 33), 2 ** 33), int(-10_000_000, 10_000_000)], real: clampTimespan },
  {
    file: 'kernel/chain/retarget.ts',
    name: 'retargetTarget',
    domains: [big(0n, 2n ** 224n - 1n), int(-(2 ** 32), 2 ** 32), int(1, 10_000_000), big(0n, 2n ** 256n - 1n)],
    real: retargetTarget,
  },
  { file: 'kernel/script/sighash-type.ts', name: 'isDefinedHashType', domains: [int32()], real: isDefinedHashType },
  { file: 'kernel/script/sighash-type.ts', name: 'isValidTaprootHashType', domains: [int(-300, 300)], real: isValidTaprootHashType },
  { file: 'kernel/script/sighash-type.ts', name: 'taprootOutputType', domains: [int32()], real: taprootOutputType },
  { file: 'kernel/script/sighash-type.ts', name: 'taprootInputType', domains: [int32()], real: taprootInputType },
  { file: 'kernel/validation/locktime.ts', name: 'inputSequenceLock', domains: [uint32(), nat31(), uint32()], real: inputSequenceLock },
  {
    file: 'kernel/validation/locktime.ts',
    name: 'isFinalTx',
    domains: [record({ lockTime: uint32(), inputs: tuple(2, record({ sequence: uint32() })) }), nat31(), uint32()],
    real: isFinalTx,
  },
  {
    file: 'kernel/validation/locktime.ts',
    name: 'calculateSequenceLocks',
    domains: [uint32(), bool(), tuple(2, record({ sequence: uint32(), coinHeight: nat31(), coinMedianTimePast: uint32() }))],
    real: calculateSequenceLocks,
  },
  {
    file: 'kernel/validation/locktime.ts',
    name: 'evaluateSequenceLocks',
    domains: [record({ minHeight: int(-1, 2 ** 31), minTime: int(-1, 2 ** 33) }), nat31(), uint32()],
    real: evaluateSequenceLocks,
  },
  { file: 'kernel/script/lock-checks.ts', name: 'isLockTimeSatisfied', domains: [big(-(2n ** 39n), 2n ** 39n), uint32(), uint32()], real: isLockTimeSatisfied },
  { file: 'kernel/script/lock-checks.ts', name: 'isSequenceSatisfied', domains: [big(-(2n ** 39n), 2n ** 39n), uint32(), uint32()], real: isSequenceSatisfied },
  { file: 'kernel/validation/pow.ts', name: 'decodeCompact', domains: [uint32()], real: decodeCompact },
  { file: 'kernel/validation/pow.ts', name: 'hashToUint256', domains: [bytes(32)], real: hashToUint256 },
  { file: 'kernel/validation/pow.ts', name: 'deriveTarget', domains: [uint32(), big(0n, 2n ** 256n - 1n)], real: deriveTarget },
  { file: 'kernel/validation/pow.ts', name: 'encodeCompact', domains: [big(0n, 2n ** 256n - 1n), bool()], real: encodeCompact },
  { file: 'kernel/validation/bip34.ts', name: 'readCoinbaseHeight', domains: [bytes(6)], real: readCoinbaseHeight },
  { file: 'kernel/validation/bip34.ts', name: 'startsWithHeightPush', domains: [bytes(5), int(0, 2 ** 31 - 1)], real: startsWithHeightPush },
  { file: 'kernel/script/build.ts', name: 'pushInt', domains: [big(-(2n ** 31n), 2n ** 31n)], real: pushInt },
  { file: 'kernel/validation/witness-commitment.ts', name: 'isWitnessCommitmentScript', domains: [bytes(38)], real: isWitnessCommitmentScript },
  { file: 'kernel/validation/witness-commitment.ts', name: 'witnessCommitmentIndex', domains: [tuple(2, record({ scriptPubKey: bytes(38) }))], real: witnessCommitmentIndex },
  { file: 'kernel/validation/tx-inputs.ts', name: 'isCoinbaseSpendMature', domains: [nat31(), nat31()], real: isCoinbaseSpendMature },
  {
    file: 'kernel/validation/tx-inputs.ts',
    name: 'checkTxInputs',
    domains: [tuple(2, record({ value: int64(), height: nat31(), isCoinbase: bool() })), int64(), nat31()],
    real: checkTxInputs,
  },
  { file: 'kernel/script/number.ts', name: 'decodeScriptNum', domains: [bytes(3), bool(), int(0, 5)], real: decodeScriptNum },
  { file: 'kernel/script/number.ts', name: 'decodeScriptNum', domains: [bytes(5), bool(), int(3, 6)], real: decodeScriptNum },
  { file: 'kernel/script/number.ts', name: 'encodeScriptNum', domains: [big(-(2n ** 39n), 2n ** 39n)], real: encodeScriptNum },
  { file: 'kernel/script/interpreter.ts', name: 'castToBool', domains: [bytes(3)], real: castToBool },
  { file: 'kernel/script/interpreter.ts', name: 'checkMinimalPush', domains: [bytes(1), byte()], real: checkMinimalPush },
  { file: 'kernel/script/opcodes.ts', name: 'encodeOpN', domains: [int(0, 16)], real: encodeOpN },
  { file: 'kernel/script/opcodes.ts', name: 'decodeOpN', domains: [byte()], real: decodeOpN },
  { file: 'kernel/script/parse.ts', name: 'readScriptOp', domains: [bytes(7), int(0, 6)], real: readScriptOp },
  // A position at and past the end reads undefined (issue 15: script[pc] past the end).
  { file: 'kernel/script/parse.ts', name: 'readScriptOp', domains: [bytes(5), int(0, 7)], real: readScriptOp },
  { file: 'kernel/script/parse.ts', name: 'scriptOpStop', domains: [bytes(6), int(0, 7)], real: scriptOpStop },
  { file: 'kernel/script/parse.ts', name: 'pushDataSize', domains: [bytes(6), int(0, 2), int(1, 4)], real: pushDataSize },
  { file: 'kernel/script/patterns.ts', name: 'isPushOnly', domains: [bytes(4)], real: isPushOnly },
  { file: 'kernel/script/find-and-delete.ts', name: 'findAndDelete', domains: [bytes(4), bytes(1)], real: findAndDelete },
  { file: 'kernel/script/sigops.ts', name: 'getSigOpCount', domains: [bytes(4), bool()], real: getSigOpCount },
  { file: 'kernel/script/signature-encoding.ts', name: 'isValidSignatureEncoding', domains: [bytes(9)], real: isValidSignatureEncoding },
  { file: 'kernel/script/signature-encoding.ts', name: 'checkSignatureEncoding', domains: [bytes(10), int(0, 2 ** 21 - 1)], real: checkSignatureEncoding },
  { file: 'kernel/script/signature-encoding.ts', name: 'isLowDerSignature', domains: [bytes(12)], real: isLowDerSignature },
  { file: 'kernel/script/signature-encoding.ts', name: 'isCompressedOrUncompressedPubKey', domains: [bytes(33)], real: isCompressedOrUncompressedPubKey },
  { file: 'kernel/script/patterns.ts', name: 'isPayToScriptHash', domains: [bytes(23)], real: isPayToScriptHash },
  { file: 'kernel/script/patterns.ts', name: 'getWitnessProgram', domains: [bytes(22)], real: getWitnessProgram },
  { file: 'kernel/script/patterns.ts', name: 'isPayToAnchor', domains: [int(0, 3), bytes(2)], real: isPayToAnchor },
  { file: 'kernel/script/opcodes.ts', name: 'isOpSuccess', domains: [byte()], real: isOpSuccess },
  { file: 'kernel/validation/output-values.ts', name: 'checkOutputValues', domains: [tuple(3, record({ value: int64() }))], real: checkOutputValues },
  { file: 'kernel/consensus/peer-consensus.ts', name: 'isValidThreshold', domains: [record({ numerator: int(-(2 ** 53 - 1), 2 ** 53 - 1), denominator: int(-(2 ** 53 - 1), 2 ** 53 - 1) })], real: isValidThreshold },
  { file: 'kernel/consensus/peer-consensus.ts', name: 'meetsThreshold', domains: [nat31(), nat31(), record({ numerator: int(0, 2 ** 20), denominator: int(1, 2 ** 20) })], real: meetsThreshold },
  {
    file: 'kernel/consensus/peer-consensus.ts',
    name: 'consensusVerdict',
    domains: [int(0, 12), int(0, 12), record({ minPeers: int(0, 12), threshold: record({ numerator: int(-6, 6), denominator: int(-6, 6) }) })],
    real: consensusVerdict,
  },
  { file: 'kernel/consensus/peer-consensus.ts', name: 'defaultCheckpointHeight', domains: [nat31()], real: defaultCheckpointHeight },
  // Restated for the proofs of issue 11 (SPEC.md §8.2, §8.3, §10): supply by era count, the record and coin bytes without DataView (hashes are uninterpreted, so the digest is not compared here).
  { file: 'kernel/validation/subsidy.ts', name: 'subsidyAfterHalvings', domains: [int(0, 70)], real: subsidyAfterHalvings },
  { file: 'kernel/commitments/supply.ts', name: 'issuedSupply', domains: [int(-5, 2 ** 31 - 1), record({ subsidyHalvingInterval: int(-2, 300000) })], real: issuedSupply },
  { file: 'kernel/commitments/supply.ts', name: 'checkSupply', domains: [big(-3n, 2n ** 62n), big(-3n, 2100000000000000n), int(-5, 2 ** 31 - 1), record({ subsidyHalvingInterval: int(1, 300000) })], real: checkSupply },
  { file: 'kernel/encoding/little-endian.ts', name: 'u32le', domains: [int(-(2 ** 40), 2 ** 40)], real: u32le },
  { file: 'kernel/encoding/little-endian.ts', name: 'i64le', domains: [int64()], real: i64le },
  { file: 'kernel/encoding/little-endian.ts', name: 'readU32le', domains: [bytes(8), int(0, 4)], real: readU32le },
  { file: 'kernel/encoding/little-endian.ts', name: 'readNonNegativeI64le', domains: [bytes(12), int(0, 4)], real: readNonNegativeI64le },
  {
    file: 'kernel/commitments/commitment.ts',
    name: 'encodeCommitment',
    domains: [record({ height: int(-3, 2 ** 31 + 3), blockHash: bytes(32), root: bytes(32), utxoCount: big(-3n, 2n ** 63n + 3n), totalAmount: big(-3n, 2n ** 63n + 3n), muhash: bytes(32) })],
    real: encodeCommitment,
  },
  { file: 'kernel/commitments/commitment.ts', name: 'decodeCommitment', domains: [bytes(117)], real: decodeCommitment },
  {
    file: 'kernel/commitments/coin.ts',
    name: 'serializeCoin',
    domains: [record({ txid: bytes(32), vout: uint32() }), record({ output: record({ value: int64(), scriptPubKey: bytes(25) }), height: nat31(), isCoinbase: bool() })],
    real: serializeCoin,
  },
  { file: 'kernel/spam/dust.ts', name: 'dustThreshold', domains: [record({ value: int64(), scriptPubKey: bytes(22) }), big(0n, 10n ** 12n)], real: dustThreshold },
  { file: 'kernel/spam/dust.ts', name: 'dustThreshold', domains: [record({ value: int64(), scriptPubKey: bytes(25) }), big(0n, 10n ** 12n)], real: dustThreshold },
  { file: 'kernel/spam/envelope.ts', name: 'witnessTapscript', domains: [tuple(3, bytes(33))], real: witnessTapscript },
];

const RUNS = 60;
// No verdict here depends on time; this wall-clock limit is only a backstop against a hang.
const BACKSTOP = { timeout: 20 * 60_000 };
let project: Project;
const samples = new Map<string, unknown[][]>();

beforeAll(async () => {
  await getZ3();
  project = createProject(ROOT);
  TARGETS.forEach((t, i) => {
    samples.set(`${t.name}#${i}`, fc.sample(fc.tuple(...t.domains.map(arb)), { numRuns: RUNS, seed: 0x5eed + i }) as unknown[][]);
  });
});

afterAll(async () => {
  await shutdownZ3();
});

/**
 * The first target (in TARGETS order) whose translation under `mutant` disagrees with the real
 * function, with its mismatches; the targets compared before it agreed.
 */
async function firstKill(mutant: TranslatorMutant): Promise<{ killedBy?: string; mismatches: readonly string[]; agreed: number }> {
  const { z3 } = await getZ3();
  for (const [i, t] of TARGETS.entries()) {
    const fn = translateFunction(z3, ROOT, project, t.file, t.name, t.domains, mutant);
    const out = differential(z3, fn, t.real, samples.get(`${t.name}#${i}`) ?? []);
    if (out.mismatches.length > 0) return { killedBy: `${t.name} (#${i})`, mismatches: out.mismatches, agreed: i };
  }
  return { mismatches: [], agreed: TARGETS.length };
}

describe('translator differential test (z3 term vs the real TS function)', BACKSTOP, () => {
  for (const [i, t] of TARGETS.entries()) {
    it(`${t.name} (#${i}) agrees with its translation`, async () => {
      const { z3 } = await getZ3();
      const fn = translateFunction(z3, ROOT, project, t.file, t.name, t.domains);
      const out = differential(z3, fn, t.real, samples.get(`${t.name}#${i}`) ?? []);
      expect(out.mismatches).toEqual([]);
      // Most inputs must be inside the modelled domain, or the comparison says little.
      expect(out.compared).toBeGreaterThanOrEqual(Math.floor(RUNS * 0.5));
    });
  }
});

describe('translator mutation test (a wrong operator translation is caught)', BACKSTOP, () => {
  for (const mutant of ['floor-div-as-trunc', 'lt-as-le', 'shr-as-shl'] as const) {
    it(`mutant ${mutant} is killed by the differential test`, async () => {
      const out = await firstKill(mutant);
      expect(out.killedBy, `all ${out.agreed} targets agree under the mutant`).toBeDefined();
      expect(out.mismatches.length).toBeGreaterThan(0);
    });
  }
});

describe('z3 objects released by the garbage collector', BACKSTOP, () => {
  // z3-solver's high-level API releases objects from a FinalizationRegistry. The differential
  // check used to evaluate terms with the async `simplify`, and a release landing while it ran
  // on z3's thread corrupted the context ("invalid dec_ref command", wasm "unreachable"; under
  // forced GC it hangs). Evaluation is synchronous now, so releases only run between calls.
  it('every target still agrees with collections forced between evaluations', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { z3 } = await getZ3();
    let compared = 0;
    for (const [i, t] of TARGETS.entries()) {
      const fn = translateFunction(z3, ROOT, project, t.file, t.name, t.domains);
      gc();
      // The finalizers of everything collected run here, between z3 calls.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const out = differential(z3, fn, t.real, samples.get(`${t.name}#${i}`) ?? []);
      expect(out).not.toBeInstanceOf(Promise);
      expect(out.mismatches).toEqual([]);
      compared += out.compared;
    }
    expect(compared).toBeGreaterThanOrEqual(Math.floor(TARGETS.length * RUNS * 0.5));
  });
});

describe('kernel code restated for the translator behaves as before', () => {
  // getMedianTimePast took element ⌊n/2⌋ of the sorted times; it now finds that element by
  // counting (kernel/chain/header-chain.ts, proofs/header-chain.proof.ts). Same result on any chain.
  it('getMedianTimePast equals the sort-based median on random chains of 1 to 14 entries', () => {
    const sortedMedian = (entry: HeaderEntry): number => {
      const times: number[] = [];
      for (let at: HeaderEntry | undefined = entry; at !== undefined && times.length < 11; at = at.prev) times.push(at.header.time);
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)] as number;
    };
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 14 }), (times) => {
        let tip: HeaderEntry | undefined;
        for (const [height, time] of times.entries()) {
          const header = { version: 4, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits: 0x1d00ffff, nonce: 0 };
          tip = { header, hash: new Uint8Array(32), height, chainWork: 0n, prev: tip };
        }
        compared++;
        return getMedianTimePast(tip as HeaderEntry) === sortedMedian(tip as HeaderEntry);
      }),
      { numRuns: 2000 },
    );
    expect(compared).toBeGreaterThanOrEqual(2000);
  });
});
