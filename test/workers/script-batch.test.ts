/**
 * The worker pool's batch format (shell/workers/script-batch.ts): decoding an encoded batch gives
 * back the same checks (transactions field for field, with the same txids; spent outputs, flags,
 * block indices), on random transactions (fast-check, including ones not decoded from bytes) and
 * on every check of the bcoin blocks with undo data; splitByInputs keeps order and every check.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { outpointKey } from '../../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { decodeBlock } from '../../kernel/primitives/block.js';
import { txid, txidOfFields } from '../../kernel/primitives/transaction.js';
import type { Transaction } from '../../kernel/primitives/types.js';
import { type ScriptCheck, connectBlock } from '../../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../../shell/chain/undo-file.js';
import { decodeScriptBatch, encodeScriptBatch } from '../../shell/workers/script-batch.js';
import { splitByInputs } from '../../shell/workers/script-pool.js';
import { transaction, txOut } from '../../properties/arbitraries.js';
import { vectorPath } from '../support/vectors.js';

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

  it('round trip on every script check of the four bcoin blocks with undo data; splitByInputs keeps every check in order', () => {
    const manifest = JSON.parse(readFileSync(vectorPath('blocks-manifest.json'), 'utf8')) as { file: string; prevouts?: string; network: string; height: number; nonCoinbaseInputs: number }[];
    let total = 0;
    for (const m of manifest.filter((x) => x.prevouts !== undefined)) {
      const block = decodeBlock(new Uint8Array(readFileSync(vectorPath(m.file))));
      const spent = parseUndoFile(new Uint8Array(readFileSync(vectorPath(m.prevouts ?? ''))));
      if (!block.ok || !spent.ok) throw new Error(m.file);
      const view = undoView(block.value, spent.value);
      if (!view.ok) throw new Error(view.error);
      const coins = view.value;
      const r = connectBlock({ getCoin: (p) => coins.get(outpointKey(p)) }, block.value, {
        height: m.height,
        prevMedianTimePast: block.value.header.time - 1,
        medianTimePastAt: () => 0,
        params: (m.network === 'mainnet' ? NETWORKS.main : NETWORKS.testnet3).consensus,
        backend: DEFAULT_BACKEND,
        verifyScripts: false,
      });
      if (!r.ok) throw new Error(r.error.reason);
      const checks = r.value.scriptChecks;
      const batches = splitByInputs(checks, 8);
      expect(batches.length).toBeLessThanOrEqual(8);
      expect(batches.flat()).toEqual(checks);
      for (const b of batches) expectSameChecks(decodeScriptBatch(encodeScriptBatch(b)), b);
      const inputs = checks.reduce((n, c) => n + c.tx.inputs.length, 0);
      expect(inputs).toBe(m.nonCoinbaseInputs);
      total += inputs;
    }
    expect(total).toBe(1427 + 8692 + 1972 + 9984);
  });
});
