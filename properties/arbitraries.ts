/**
 * Shared fast-check generators and fixtures for the property suites. Not a test file itself
 * (vitest only collects `*.prop.test.ts`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { DecodeErrorCode } from '../kernel/encoding/errors.js';
import type { Block, BlockHeader, Transaction, TxIn, TxOut } from '../kernel/primitives/types.js';

/** Every DecodeErrorCode; a Record so the type checker fails here when the union grows. */
const DECODE_ERROR_CODES: Record<DecodeErrorCode, true> = {
  'DataStream::read(): end of data': true,
  'non-canonical ReadCompactSize()': true,
  'ReadCompactSize(): size too large': true,
  'Superfluous witness record': true,
  'Unknown transaction optional data': true,
  'trailing-data': true,
  'unknown filtered transaction kind': true,
};
export const KNOWN_DECODE_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(DECODE_ERROR_CODES));

export const U32_MAX = 0xffffffff;
export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;

/** Reads a vendored vector file as a fresh Uint8Array. */
export function vector(relative: string): Uint8Array {
  const url = new URL(`../test/vectors/${relative}`, import.meta.url);
  return new Uint8Array(readFileSync(fileURLToPath(url)));
}

/** A u32 with its boundaries (0, 0xfc..0x100, 0xffff.., 0xffffffff) drawn often. */
export const u32 = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: U32_MAX }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 0xfc, 0xfd, 0xfe, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, U32_MAX) },
  );

export const i32 = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -0x80000000, max: 0x7fffffff }) },
    { weight: 1, arbitrary: fc.constantFrom(-0x80000000, -1, 0, 1, 0x7fffffff) },
  );

export const i64 = (): fc.Arbitrary<bigint> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.bigInt({ min: I64_MIN, max: I64_MAX }) },
    { weight: 1, arbitrary: fc.constantFrom(I64_MIN, -1n, 0n, 1n, 21_000_000n * 100_000_000n, I64_MAX) },
  );

export const hash32 = (): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: 32, maxLength: 32 });

/**
 * Byte strings mostly short, sometimes 253..300 bytes long so their CompactSize length
 * prefix takes the 3-byte 0xfd form.
 */
export const script = (): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.uint8Array({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 0xfc, maxLength: 300 }) },
  );

/** A witness stack: empty half the time, so all-empty, mixed and full-witness txs all occur. */
export const witnessStack = (): fc.Arbitrary<readonly Uint8Array[]> =>
  fc.oneof(fc.constant([] as readonly Uint8Array[]), fc.array(script(), { minLength: 1, maxLength: 4 }));

export const txIn = (withWitness: boolean): fc.Arbitrary<TxIn> =>
  fc.record({
    prevout: fc.record({ txid: hash32(), vout: u32() }),
    scriptSig: script(),
    sequence: u32(),
    witness: withWitness ? witnessStack() : fc.constant([] as readonly Uint8Array[]),
  });

export const txOut = (): fc.Arbitrary<TxOut> => fc.record({ value: i64(), scriptPubKey: script() });

export interface TxShape {
  /** Whether inputs may carry witness stacks. */
  readonly witness?: boolean;
  readonly minInputs?: number;
  readonly maxInputs?: number;
  readonly maxOutputs?: number;
}

/** A transaction; at least one input by default (the zero-input form is ambiguous under BIP144). */
export const transaction = (shape: TxShape = {}): fc.Arbitrary<Transaction> =>
  fc.record({
    version: u32(),
    inputs: fc.array(txIn(shape.witness ?? true), { minLength: shape.minInputs ?? 1, maxLength: shape.maxInputs ?? 4 }),
    outputs: fc.array(txOut(), { maxLength: shape.maxOutputs ?? 4 }),
    lockTime: u32(),
  });

export const blockHeader = (): fc.Arbitrary<BlockHeader> =>
  fc.record({
    version: i32(),
    prevBlockHash: hash32(),
    merkleRoot: hash32(),
    time: u32(),
    bits: u32(),
    nonce: u32(),
  });

/** Core's smallest transaction, 10 bytes: `version 00 00 locktime` (no inputs, no outputs). */
export const minimalTransaction = (): fc.Arbitrary<Transaction> =>
  fc.record({ version: u32(), inputs: fc.constant([]), outputs: fc.constant([]), lockTime: u32() });

/**
 * A transaction packed as tightly as the format allows: empty scripts, empty witness items,
 * and often more than 252 inputs, outputs or witness items. The decoder's "count x smallest
 * item size <= bytes left" pre-checks are exact on such input, so an over-estimated
 * smallest size shows up as a rejected valid transaction.
 */
export const tightTransaction = (): fc.Arbitrary<Transaction> => {
  const empty = new Uint8Array(0);
  const many = (max: number) => fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: max }));
  const stack = many(300).map((k) => Array.from({ length: k }, () => empty) as readonly Uint8Array[]);
  const input: fc.Arbitrary<TxIn> = fc.record({
    prevout: fc.record({ txid: hash32(), vout: u32() }),
    scriptSig: fc.constant(empty),
    sequence: u32(),
    witness: stack,
  });
  return fc.record({
    version: u32(),
    inputs: fc.integer({ min: 1, max: 300 }).chain((k) => fc.array(input, { minLength: k, maxLength: k })),
    outputs: many(300).map((k) => Array.from({ length: k }, () => ({ value: 0n, scriptPubKey: empty }))),
    lockTime: u32(),
  });
};

/** A block of transactions; some are Core's 10-byte minimal transaction (valid to decode, not to check). */
export const block = (maxTxs = 5): fc.Arbitrary<Block> =>
  fc.record({
    header: blockHeader(),
    transactions: fc.array(
      fc.oneof({ weight: 4, arbitrary: transaction() }, { weight: 1, arbitrary: minimalTransaction() }),
      { maxLength: maxTxs },
    ),
  });

/** A block made only of 10-byte minimal transactions, sometimes more than 252 of them. */
export const minimalBlock = (): fc.Arbitrary<Block> =>
  fc.record({
    header: blockHeader(),
    transactions: fc.oneof(
      fc.array(minimalTransaction(), { maxLength: 5 }),
      fc.array(minimalTransaction(), { minLength: 250, maxLength: 300 }),
    ),
  });

/** `bytes` with `count` positions each replaced by a different random byte. */
export const mutated = (bytes: Uint8Array, maxFlips = 4): fc.Arbitrary<Uint8Array> =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })), {
      minLength: 1,
      maxLength: maxFlips,
    })
    .map((flips) => {
      const copy = bytes.slice();
      for (const [at, xor] of flips) copy[at] = (copy[at] ?? 0) ^ xor;
      return copy;
    });

/**
 * Asserts two byte strings are equal. Cheaper than `expect(a).toEqual(b)` on megabyte arrays,
 * and on failure names the first differing offset instead of printing both arrays.
 */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length === expected.length && actual.every((b, i) => b === expected[i])) return;
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  throw new Error(
    `bytes differ: lengths ${actual.length} vs ${expected.length}, first difference at offset ${at}`,
  );
}
