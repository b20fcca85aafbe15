import {
  type Block,
  type Coin,
  type DecodeError,
  type Result,
  type TxOut,
  isCoinbase,
  outpointKey,
  toHex,
  txid,
} from '../../kernel/index.js';
import { err, ok } from "../../kernel/result.js";
import { decodeExact } from "../../kernel/encoding/reader.js";

/** The spent outputs of a bcoin test undo file: `int64le value ‖ CompactSize len ‖ script`, repeated to the end (INDEX.md §3.7). */
export function parseUndoFile(bytes: Uint8Array): Result<TxOut[], DecodeError> {
  return decodeExact(bytes, (r) => {
    const outputs: TxOut[] = [];
    while (r.remaining > 0) outputs.push({ value: r.i64le(), scriptPubKey: r.varBytes() });
    return outputs;
  });
}

/**
 * The UTXO view a block spends from, built from its undo records (one per non-coinbase input, in
 * block order). Records of outputs the block itself creates are left out: connectBlock finds those
 * in the block. The records carry no height or coinbase flag, so the coins get height 0 and
 * count as non-coinbase: maturity and BIP68 cannot be checked from them.
 */
export function undoView(block: Block, spent: readonly TxOut[]): Result<Map<string, Coin>, string> {
  const inputs = block.transactions.filter((tx) => !isCoinbase(tx)).reduce((n, tx) => n + tx.inputs.length, 0);
  if (spent.length !== inputs) return err(`undo data has ${spent.length} records for ${inputs} non-coinbase inputs`);
  const inBlock = new Set(block.transactions.map((tx) => toHex(txid(tx))));
  const view = new Map<string, Coin>();
  let i = 0;
  for (const tx of block.transactions) {
    if (isCoinbase(tx)) continue;
    for (const input of tx.inputs) {
      const output = spent[i++] as TxOut;
      if (!inBlock.has(toHex(input.prevout.txid))) view.set(outpointKey(input.prevout), { output, height: 0, isCoinbase: false });
    }
  }
  return ok(view);
}
