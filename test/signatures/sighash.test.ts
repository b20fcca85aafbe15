import { describe, expect, it } from 'vitest';
import { sha256d } from '../../kernel/crypto/hashes.js';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { decodeTransaction } from '../../kernel/primitives/transaction.js';
import type { Transaction } from '../../kernel/primitives/types.js';
import { legacySignatureHash, precomputeTransactionData, segwitV0SignatureHash, signatureHash } from '../../kernel/script/sighash.js';
import { checkTransaction } from '../../kernel/validation/tx-check.js';
import { readJsonVector } from '../support/vectors.js';
import { hex, toHexString } from './helpers.js';

type SighashRow = [string, string, number, number, string];
const rows = readJsonVector<unknown[]>('bitcoin-core/sighash.json');
const header = rows[0];
const cases = rows.slice(1) as SighashRow[];

function decode(txHex: string): Transaction {
  const r = decodeTransaction(hex(txHex));
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('§3.7 sighash.json (Core legacy SignatureHash)', () => {
  it('has its header row and 500 cases', () => {
    expect(Array.isArray(header) && header.length).toBe(1);
    expect(cases.length).toBe(500);
  });

  it('gives Core’s sighash for 500 of 500 cases, through legacySignatureHash and signatureHash(BASE)', () => {
    let passed = 0;
    let checkTxPassed = 0;
    const failures: string[] = [];
    for (const [txHex, scriptHex, inputIndex, hashType, expected] of cases) {
      const tx = decode(txHex);
      if (checkTransaction(tx).ok) checkTxPassed++;
      const a = legacySignatureHash(hex(scriptHex), tx, inputIndex, hashType);
      const b = signatureHash(hex(scriptHex), tx, inputIndex, hashType, 0n, 'BASE');
      if (a !== undefined && b !== undefined && toDisplayHex(a) === expected && toDisplayHex(b) === expected) passed++;
      else if (failures.length < 5) failures.push(`${txHex.slice(0, 16)}… input ${inputIndex} type ${hashType}`);
    }
    expect(failures).toEqual([]);
    expect(passed).toBe(500);
    // Core's sighash_tests also requires every transaction to pass CheckTransaction.
    expect(checkTxPassed).toBe(500);
  });

  it('§3.4 covers the hash types the file is known for (17 SINGLE cases, negative int32 types)', () => {
    expect(cases.filter((c) => (c[3] & 0x1f) === 3).length).toBe(17);
    expect(cases.some((c) => c[3] < 0)).toBe(true);
  });
});

// A hand-built transaction: two inputs, one output.
const tx2in1out: Transaction = {
  version: 1,
  inputs: [
    { prevout: { txid: new Uint8Array(32).fill(1), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] },
    { prevout: { txid: new Uint8Array(32).fill(2), vout: 1 }, scriptSig: new Uint8Array(0), sequence: 0xfffffffe, witness: [] },
  ],
  outputs: [{ value: 1000n, scriptPubKey: hex('51') }],
  lockTime: 0,
};

describe('§3.7 legacy SignatureHash edge cases (Core interpreter.cpp)', () => {
  it('SIGHASH_SINGLE without a matching output returns uint256 ONE (the SIGHASH_SINGLE bug)', () => {
    // Core: `if (nIn >= txTo.vout.size()) return uint256::ONE;` — display hex 000…001.
    for (const t of [3, 0x83, 0x43]) {
      const h = legacySignatureHash(hex('51'), tx2in1out, 1, t);
      expect(h && toDisplayHex(h)).toBe(`${'0'.repeat(63)}1`);
    }
    // With an output at the index, a real hash.
    expect(toDisplayHex(legacySignatureHash(hex('51'), tx2in1out, 0, 3) ?? new Uint8Array(32))).not.toBe(`${'0'.repeat(63)}1`);
  });

  it('removes OP_CODESEPARATOR from the script code (SerializeScriptCode)', () => {
    // "ab51ab52" serializes exactly like "5152".
    const withSeps = legacySignatureHash(hex('ab51ab52ab'), tx2in1out, 0, 1);
    const without = legacySignatureHash(hex('5152'), tx2in1out, 0, 1);
    expect(withSeps && toHexString(withSeps)).toBe(without && toHexString(without));
    // A 0xab byte inside a push is data, not a separator.
    const inPush = legacySignatureHash(hex('01ab'), tx2in1out, 0, 1);
    const emptyPush = legacySignatureHash(hex('01'), tx2in1out, 0, 1);
    expect(inPush && toHexString(inPush)).not.toBe(emptyPush && toHexString(emptyPush));
  });

  it('truncates the written script code where GetOp stopped on a truncated push, as Core does', () => {
    // Core writes CompactSize(size − separators) and then only the bytes up to the iterator
    // GetOp left behind: for "ab 4c 05 aa" that is "4c 05" after the separator, under a length
    // byte of 3. Equivalent, byte for byte, to a script code "4c 05" whose length prefix is 3:
    // compare with a hand-serialized preimage.
    const h = legacySignatureHash(hex('ab4c05aa'), tx2in1out, 0, 1);
    const preimage = hex(
      '01000000' + '02' +
        '01'.repeat(32) + '00000000' + '03' + '4c05' + 'ffffffff' +
        '02'.repeat(32) + '01000000' + '00' + 'feffffff' +
        '01' + 'e803000000000000' + '0151' +
        '00000000' + '01000000',
    );
    expect(h && toHexString(h)).toBe(toHexString(sha256d(preimage)));
  });

  it('returns undefined (Core asserts) for an input index out of range', () => {
    expect(legacySignatureHash(hex('51'), tx2in1out, 2, 1)).toBeUndefined();
    expect(segwitV0SignatureHash(hex('51'), tx2in1out, 2, 1, 0n)).toBeUndefined();
  });
});

describe('§3.7 BIP143 (segwit v0) SignatureHash', () => {
  // BIP143's "Native P2WPKH" example (bips/bip-0143.mediawiki): input 1 spends a P2WPKH output of
  // 6 BTC; the example lists hashPrevouts, hashSequence, hashOutputs and the sighash.
  const unsigned = decode(
    '0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffff' +
      'ef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb20600' +
      '0000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e' +
      '4dbe6a21b2d50ce2f0167faa815988ac11000000',
  );
  it('reproduces the BIP143 native P2WPKH example', () => {
    const pre = precomputeTransactionData(unsigned);
    expect(toHexString(pre.hashPrevouts)).toBe('96b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd37');
    expect(toHexString(pre.hashSequence)).toBe('52b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3b');
    expect(toHexString(pre.hashOutputs)).toBe('863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e5');
    const scriptCode = hex('76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac');
    const h = segwitV0SignatureHash(scriptCode, unsigned, 1, 1, 600000000n, pre);
    expect(h && toHexString(h)).toBe('c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670');
    // Without precomputed data the same hash.
    const again = signatureHash(scriptCode, unsigned, 1, 1, 600000000n, 'WITNESS_V0');
    expect(again && toHexString(again)).toBe('c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670');
  });
});
