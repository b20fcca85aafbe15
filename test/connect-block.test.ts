import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND } from '../kernel/crypto/secp256k1.js';
import {
  type Block,
  type BlockRejectReason,
  type Coin,
  type ConnectContext,
  type Transaction,
  type TxOut,
  blockWeight,
  connectBlock,
  getTransactionSigOpCost,
  hash160,
  isCoinbase,
  outpointKey,
  runScriptCheck,
  txTotalSize,
  utxoSetView,
} from '../kernel/index.js';
import { pushData } from "../kernel/script/build.js";
import { concatBytes } from "../kernel/encoding/bytes.js";
import { blockMerkleRoot } from "../kernel/validation/merkle.js";
import { SCRIPT_VERIFY_DERSIG, SCRIPT_VERIFY_P2SH } from "../kernel/script/flags.js";
import { loadBlockWithUndo, manifestConnectContext } from './support/manifest-blocks.js';
import { MANIFEST, type ManifestBlock } from './support/vectors.js';

const viewOf = utxoSetView;

/** The block with other transactions and a Merkle root that matches them (its proof of work no longer holds). */
function withTransactions(block: Block, transactions: readonly Transaction[]): Block {
  const rerooted = { ...block, transactions };
  return { transactions, header: { ...block.header, merkleRoot: blockMerkleRoot(rerooted).root } };
}

const WITH_UNDO = MANIFEST.filter((e) => e.prevouts !== undefined);

describe('§5.7 connectBlock on the bcoin blocks with undo data', () => {
  it('covers the four blocks with undo data', () => {
    expect(WITH_UNDO.map((e) => e.height)).toEqual([300025, 928816, 928828, 928831]);
  });

  for (const entry of WITH_UNDO) {
    it(`§3.3 §3.11 §5.4 §5.6 ${entry.file}: fees, sigop cost and weight as recorded, every input's scripts verified`, () => {
      const { block, coins: view } = loadBlockWithUndo(entry);
      const result = connectBlock(viewOf(view), block, manifestConnectContext(entry, block));
      if (!result.ok) throw new Error(`${result.error.reason} ${result.error.debug}`);
      expect(result.value.fees).toBe(BigInt(entry.totalFeesSat ?? -1));
      expect(result.value.inputsChecked).toBe(entry.nonCoinbaseInputs);
      expect(blockWeight(block)).toBe(entry.bcoinTestAsserts?.weight);
      if (entry.height === 300025) {
        // bcoin's test sums the cost over transactions 1..n with P2SH|DERSIG; Core's block total adds the
        // coinbase's one legacy sigop (cost 4).
        let i = 0;
        const { spent } = loadBlockWithUndo(entry);
        const bcoinCost = block.transactions
          .filter((tx) => !isCoinbase(tx))
          .reduce((n, tx) => n + getTransactionSigOpCost(tx, tx.inputs.map(() => spent[i++] as TxOut), SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG), 0);
        expect(bcoinCost).toBe(entry.bcoinTestAsserts?.sigopsCost);
        expect(result.value.sigopsCost).toBe(5284);
      } else {
        expect(result.value.sigopsCost).toBe(entry.bcoinTestAsserts?.sigopsCost);
      }
      expect(result.value.delta.spent.size).toBe(view.size);
    }, 60_000);
  }
});

describe('§5.7 connectBlock rejects mutated real blocks with Core reasons', () => {
  const entry = WITH_UNDO[0] as ManifestBlock; // block 300025
  const { block, coins: view } = loadBlockWithUndo(entry);
  const txs = block.transactions;
  const coinbase = txs[0] as Transaction;
  const reason = (b: Block, coins = view, extra: Partial<ConnectContext> = {}): BlockRejectReason | 'OK' => {
    const r = connectBlock(viewOf(coins), b, manifestConnectContext(entry, b, { checkPow: false, ...extra }));
    return r.ok ? 'OK' : r.error.reason;
  };

  it('the unmutated block connects (control)', () => {
    expect(reason(block, view, { checkPow: true })).toBe('OK');
  });

  it('§4.2 inflated coinbase: bad-cb-amount', () => {
    const [out, ...rest] = coinbase.outputs;
    if (out === undefined) throw new Error('no coinbase output');
    const inflated: Transaction = { ...coinbase, outputs: [{ ...out, value: out.value + 1n }, ...rest] };
    expect(reason(withTransactions(block, [inflated, ...txs.slice(1)]))).toBe('bad-cb-amount');
  });

  it('double spend within the block: bad-txns-inputs-missingorspent', () => {
    const first = txs[1] as Transaction;
    const second = txs[2] as Transaction;
    const doubled: Transaction = { ...second, inputs: [...second.inputs, first.inputs[0] as Transaction['inputs'][number]] };
    expect(reason(withTransactions(block, [coinbase, first, doubled, ...txs.slice(3)]))).toBe('bad-txns-inputs-missingorspent');
  });

  it('spend of a missing coin: bad-txns-inputs-missingorspent', () => {
    const missing = new Map(view);
    const spender = txs[1] as Transaction;
    missing.delete(outpointKey((spender.inputs[0] as Transaction['inputs'][number]).prevout));
    expect(reason(block, missing, { checkPow: true })).toBe('bad-txns-inputs-missingorspent');
  });

  it('§5.4 spend of an immature coinbase: bad-txns-premature-spend-of-coinbase', () => {
    const immature = new Map(view);
    const key = outpointKey(((txs[1] as Transaction).inputs[0] as Transaction['inputs'][number]).prevout);
    const coin = immature.get(key) as Coin;
    immature.set(key, { ...coin, isCoinbase: true, height: entry.height - 99 });
    expect(reason(block, immature, { checkPow: true })).toBe('bad-txns-premature-spend-of-coinbase');
    immature.set(key, { ...coin, isCoinbase: true, height: entry.height - 100 });
    expect(reason(block, immature, { checkPow: true })).toBe('OK');
  });

  it('§3.11 one corrupted signature: block-script-verify-flag-failed', () => {
    const victim = txs[5] as Transaction;
    const input = victim.inputs[0] as Transaction['inputs'][number];
    const scriptSig = input.scriptSig.slice();
    scriptSig[10] = (scriptSig[10] ?? 0) ^ 0x01; // inside the DER signature's R
    const corrupted: Transaction = { ...victim, inputs: [{ ...input, scriptSig }, ...victim.inputs.slice(1)] };
    const bad = withTransactions(block, [...txs.slice(0, 5), corrupted, ...txs.slice(6)]);
    const r = connectBlock(viewOf(view), bad, manifestConnectContext(entry, bad, { checkPow: false }));
    expect(r.ok ? 'OK' : r.error.reason).toMatch(/^block-script-verify-flag-failed \(/);
    // The debug text names the ScriptError and the input, for tools (Core's text is in the reason).
    expect(r.ok ? '' : r.error.debug).toMatch(/^SCRIPT_ERR_[A-Z_]+ at input 0 of tx [0-9a-f]{64} \(block tx 5\)$/);
  });

  it('script checks deferred as jobs: one per non-coinbase transaction, run anywhere, a corrupted one found', () => {
    const deferred = connectBlock(viewOf(view), block, manifestConnectContext(entry, block, { verifyScripts: false }));
    if (!deferred.ok) throw new Error(deferred.error.reason);
    expect(deferred.value.scriptChecks.length).toBe(txs.length - 1);
    expect(deferred.value.scriptChecks.every((check) => runScriptCheck(check, DEFAULT_BACKEND).ok)).toBe(true);
    const [first, ...others] = deferred.value.scriptChecks;
    if (first === undefined) throw new Error('no script check');
    const input = first.tx.inputs[0] as Transaction['inputs'][number];
    const scriptSig = input.scriptSig.slice();
    scriptSig[10] = (scriptSig[10] ?? 0) ^ 0x01;
    const broken = { ...first, tx: { ...first.tx, inputs: [{ ...input, scriptSig }, ...first.tx.inputs.slice(1)] } };
    const r = runScriptCheck(broken, DEFAULT_BACKEND);
    expect(r.ok ? 'OK' : r.error.reason).toMatch(/^block-script-verify-flag-failed/);
    expect(others.length).toBe(txs.length - 2);
  });

  it('§3.3 sigop cost over 80,000 through P2SH redeem scripts: bad-blk-sigops', () => {
    // Redeem script: 260 × (OP_16 OP_CHECKMULTISIG) = 4,160 accurate sigops, cost 16,640 per input;
    // five inputs cost 83,200. The spending scriptSig is one push, so CheckBlock's legacy count is 0.
    const redeem = new Uint8Array(520).map((_, i) => (i % 2 === 0 ? 0x60 : 0xae));
    const p2sh = concatBytes(Uint8Array.of(0xa9, 0x14), hash160(redeem), Uint8Array.of(0x87));
    const coins = new Map(view);
    const inputs = [0, 1, 2, 3, 4].map((vout) => {
      const prevout = { txid: new Uint8Array(32).fill(0x42), vout };
      coins.set(outpointKey(prevout), { output: { value: 100_000n, scriptPubKey: p2sh }, height: 1, isCoinbase: false });
      return { prevout, scriptSig: pushData(redeem), sequence: 0xffffffff, witness: [] };
    });
    const heavy: Transaction = { version: 1, inputs, outputs: [{ value: 1000n, scriptPubKey: Uint8Array.of(0x51) }], lockTime: 0 };
    expect(reason(withTransactions(block, [coinbase, heavy]), coins)).toBe('bad-blk-sigops');
  });
});

describe('§4.5 §5.6 §5.7 connectBlock rejects a segwit block with a bad witness commitment', () => {
  const entry = WITH_UNDO[1] as ManifestBlock; // block 928816 (testnet3)
  const { block, coins: view } = loadBlockWithUndo(entry);

  it('witness reserved value changed (header and Merkle root still valid): bad-witness-merkle-match', () => {
    const coinbase = block.transactions[0] as Transaction;
    const input = coinbase.inputs[0] as Transaction['inputs'][number];
    const changed: Transaction = { ...coinbase, inputs: [{ ...input, witness: [new Uint8Array(32).fill(9)] }] };
    expect(txTotalSize(changed)).toBe(txTotalSize(coinbase));
    const mutated = { ...block, transactions: [changed, ...block.transactions.slice(1)] };
    const r = connectBlock(viewOf(view), mutated, manifestConnectContext(entry, mutated));
    expect(r.ok ? 'OK' : r.error.reason).toBe('bad-witness-merkle-match');
  });
});
