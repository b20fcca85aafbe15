import { describe, expect, it } from 'vitest';
import {
  checkTransaction,
  decodeTransaction,
  encodeTransaction,
  fromHex,
  txWeight,
  type TxRejectReason,
} from '../kernel/index.js';
import { equalBytes } from "../kernel/encoding/bytes.js";
import { readJsonVector, readTxVectors, readVector } from './support/vectors.js';

function decodeHex(hex: string) {
  const bytes = fromHex(hex);
  if (!bytes.ok) throw new Error(`bad hex ${hex.slice(0, 20)}`);
  const tx = decodeTransaction(bytes.value);
  if (!tx.ok) throw new Error(`${tx.error.code} at ${tx.error.offset}`);
  expect(equalBytes(encodeTransaction(tx.value), bytes.value)).toBe(true);
  return tx.value;
}

describe("§2.1 §5.1 Core's tx_valid.json", () => {
  const { cases, comments } = readTxVectors('bitcoin-core/tx_valid.json');

  it('has 121 cases and 129 comment rows', () => {
    expect(cases.length).toBe(121);
    expect(comments).toBe(129);
  });

  it('every case decodes, re-encodes byte-exact and passes CheckTransaction', () => {
    const failures = cases.map((c) => ({ c, r: checkTransaction(decodeHex(c.txHex)) })).filter(({ r }) => !r.ok);
    expect(failures.map(({ c }) => c.txHex.slice(0, 40))).toEqual([]);
  });
});

describe("§2.1 §5.1 Core's sighash.json", () => {
  const rows = readJsonVector<unknown[][]>('bitcoin-core/sighash.json');
  const cases = rows.slice(1);

  it('has 500 cases after its header row', () => {
    expect(typeof rows[0]?.[0]).toBe('string');
    expect(cases.length).toBe(500);
  });

  it('every transaction decodes, re-encodes byte-exact and passes CheckTransaction', () => {
    let passed = 0;
    for (const row of cases) if (checkTransaction(decodeHex(row[0] as string)).ok) passed++;
    expect(passed).toBe(500);
  });
});

describe("§2.1 §5.1 Core's tx_invalid.json BADTX cases", () => {
  const { cases, lastComment } = readTxVectors('bitcoin-core/tx_invalid.json');
  // The reason each case must be rejected with, in file order, read off the comment above it.
  const expected: readonly (readonly [string, TxRejectReason])[] = [
    ['No outputs', 'bad-txns-vout-empty'],
    ['Negative output', 'bad-txns-vout-negative'],
    ['MAX_MONEY + 1 output', 'bad-txns-vout-toolarge'],
    ['MAX_MONEY output + 1 output', 'bad-txns-txouttotal-toolarge'],
    ['Duplicate inputs', 'bad-txns-inputs-duplicate'],
    ['Note the input is just required to make the tester happy', 'bad-cb-length'], // coinbase scriptSig of 1 byte
    ['Note the input is just required to make the tester happy', 'bad-cb-length'], // coinbase scriptSig of 101 bytes
    ['Null txin, but without being a coinbase (because there are two inputs)', 'bad-txns-prevout-null'],
    ['Null txin, but without being a coinbase (because there are two inputs)', 'bad-txns-prevout-null'],
  ];

  it('has 93 cases, 9 of them BADTX', () => {
    expect(cases.length).toBe(93);
    expect(cases.filter((c) => c.flags === 'BADTX').length).toBe(9);
  });

  it('§4.1 rejects all 9 BADTX cases with the right reason', () => {
    const badtx = cases.map((c, i) => ({ c, comment: lastComment[i] })).filter(({ c }) => c.flags === 'BADTX');
    const got = badtx.map(({ c, comment }) => {
      const r = checkTransaction(decodeHex(c.txHex));
      return [comment, r.ok ? 'ACCEPTED' : r.error.reason];
    });
    expect(got).toEqual(expected);
  });

  it('decodes and re-encodes every other case byte-exact and passes CheckTransaction on it', () => {
    const others = cases.filter((c) => c.flags !== 'BADTX');
    expect(others.length).toBe(84);
    expect(others.filter((c) => !checkTransaction(decodeHex(c.txHex)).ok).length).toBe(0);
  });
});

describe('§2.1 §5.1 bcoin real transactions tx1..tx10', () => {
  for (let n = 1; n <= 10; n++) {
    it(`tx${n} decodes, re-encodes byte-exact and passes CheckTransaction`, () => {
      const raw = readVector(`bcoin/tx${n}.raw`);
      const tx = decodeTransaction(raw);
      if (!tx.ok) throw new Error(tx.error.code);
      expect(equalBytes(encodeTransaction(tx.value), raw)).toBe(true);
      expect(checkTransaction(tx.value).ok).toBe(true);
    });
  }

  it('§2.3 tx5 is the segwit 5-in/1,980-out transaction of weight 247,250', () => {
    const tx = decodeTransaction(readVector('bcoin/tx5.raw'));
    if (!tx.ok) throw new Error(tx.error.code);
    expect([tx.value.inputs.length, tx.value.outputs.length, txWeight(tx.value)]).toEqual([5, 1980, 247250]);
  });
});
