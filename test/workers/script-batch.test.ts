/**
 * The worker pool's batch format (shell/workers/script-batch.ts): decoding an encoded batch gives
 * back the same checks (transactions field for field, with the same txids; spent outputs, flags,
 * block indices), on random transactions (fast-check, including ones not decoded from bytes) and
 * on every check of the bcoin blocks with undo data, in batches of 8 contiguous slices.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utxoSetView } from '../../kernel/chain/utxo.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { txid, txidOfFields } from '../../kernel/primitives/transaction.js';
import type { Transaction } from '../../kernel/primitives/types.js';
import { type ScriptCheck, connectBlock } from '../../kernel/validation/connect-block.js';
import { decodeScriptBatch, encodeScriptBatch } from '../../shell/workers/script-batch.js';
import { transaction, txOut } from '../../properties/arbitraries.js';
import { BLOCKS_WITH_UNDO, loadBlockWithUndo, manifestConnectContext } from '../support/manifest-blocks.js';

const plain = (tx: Transaction) => ({ version: tx.version, inputs: tx.inputs, outputs: tx.outputs, lockTime: tx.lockTime });

function expectSameChecks(decoded: readonly ScriptCheck[], checks: readonly ScriptCheck[]): void {
  expect(decoded.length).toBe(checks.length);
  for (const [i, c] of checks.entries()) {
    const d = decoded[i] as ScriptCheck;
    expect(plain(d.tx)).toEqual(plain(c.tx));
    expect(toHex(txid(d.tx))).toBe(toHex(txidOfFields(c.tx)));
    expect(d.spentOutputs).toEqual(c.spentOutputs);
    expect([d.txIndex, d.flags]).toEqual([c.txIndex, c.flags]);
  }
}

describe('§5.7 script batches for the worker pool', () => {
  it('round trip on random transactions with random spent outputs (fast-check)', () => {
    const check = transaction({ maxInputs: 5 }).chain((tx) =>
      fc.record({
        tx: fc.constant(tx),
        txIndex: fc.nat(),
        spentOutputs: fc.array(txOut(), { minLength: tx.inputs.length, maxLength: tx.inputs.length }),
        flags: fc.nat({ max: 0x1fffff }),
      }),
    );
    fc.assert(
      fc.property(fc.array(check, { maxLength: 6 }), (checks) => {
        expectSameChecks(decodeScriptBatch(encodeScriptBatch(checks)), checks);
      }),
      { numRuns: 200 },
    );
  });

  it('round trip on every script check of the four bcoin blocks with undo data, in 8 contiguous batches', () => {
    let total = 0;
    for (const m of BLOCKS_WITH_UNDO) {
      const { block, coins } = loadBlockWithUndo(m);
      const r = connectBlock(utxoSetView(coins), block, manifestConnectContext(m, block, { verifyScripts: false }));
      if (!r.ok) throw new Error(r.error.reason);
      const checks = r.value.scriptChecks;
      const size = Math.ceil(checks.length / 8);
      const batches = Array.from({ length: 8 }, (_, i) => checks.slice(i * size, (i + 1) * size));
      expect(batches.flat()).toEqual(checks);
      for (const b of batches) expectSameChecks(decodeScriptBatch(encodeScriptBatch(b)), b);
      const inputs = checks.reduce((n, c) => n + c.tx.inputs.length, 0);
      expect(inputs).toBe(m.nonCoinbaseInputs);
      total += inputs;
    }
    expect(total).toBe(1427 + 8692 + 1972 + 9984);
  });
});
