/**
 * Undo files in the bcoin test format (test/vectors/INDEX.md §3.7): the outputs a block's
 * non-coinbase inputs spend, `int64le value ‖ CompactSize len ‖ script` each, in input order.
 * Read from a file in bounded pieces: only the records the block's inputs need are parsed and
 * held, and a file with more is refused without reading the rest (the work is bounded by the
 * block, not by the file). Tested by test/cli.test.ts and test/connect-block.test.ts.
 */
import { toHex } from '../../kernel/encoding/hex.js';
import type { DecodeError } from '../../kernel/encoding/errors.js';
import { type ByteReader, decodeExact, decodePrefix } from '../../kernel/encoding/reader.js';
import { isCoinbase, txid } from '../../kernel/primitives/transaction.js';
import type { Block, TxOut } from '../../kernel/primitives/types.js';
import { type Result, err, ok } from '../../kernel/result.js';
import { OP_RETURN } from '../../kernel/script/opcodes.js';
import { MAX_SCRIPT_SIZE } from '../../kernel/script/limits.js';
import { type Coin, outpointKey } from '../../kernel/chain/utxo.js';
import type { WindowedFile } from './file-reader.js';

/** A record's fixed part: 8-byte value and a CompactSize of at most 9 bytes. */
const RECORD_HEAD_MAX = 8 + 9;
/** Undo files are read 1 MiB at a time. */
export const UNDO_WINDOW_BYTES = 1 << 20;

/**
 * Core's undo reader does not keep a script over MAX_SCRIPT_SIZE: it stores OP_RETURN instead and
 * skips the bytes (compressor.h ScriptCompression::Unser, "Overly long script, replace with a
 * short invalid one"); such outputs are unspendable anyway (CScript::IsUnspendable).
 */
function overlongReplacement(length: number): Uint8Array | undefined {
  return length > MAX_SCRIPT_SIZE ? Uint8Array.of(OP_RETURN) : undefined;
}

/** The spent outputs of an undo file held in memory, every record to the end. */
export function parseUndoFile(bytes: Uint8Array): Result<TxOut[], DecodeError> {
  return decodeExact(bytes, (r) => {
    const outputs: TxOut[] = [];
    while (r.remaining > 0) {
      const value = r.i64le();
      const length = r.compactSize();
      const script = r.bytes(length);
      outputs.push({ value, scriptPubKey: overlongReplacement(length) ?? script });
    }
    return outputs;
  });
}

/** How many undo records a block needs: one per input of its non-coinbase transactions. */
export function spentInputCount(block: Block): number {
  return block.transactions.filter((tx) => !isCoinbase(tx)).reduce((n, tx) => n + tx.inputs.length, 0);
}

/**
 * The first `count` records of an undo file, read in bounded pieces. Fails when the file ends
 * before them, a record does not decode, or bytes follow them (more records than the block's
 * inputs: refused without parsing or reading the rest).
 */
export async function readUndoRecords(file: WindowedFile, count: number): Promise<Result<TxOut[], string>> {
  const outputs: TxOut[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at >= file.size) return err(`undo data has ${i} records for ${count} non-coinbase inputs`);
    const head = decodePrefix(await file.view(at, RECORD_HEAD_MAX), (r: ByteReader) => ({ value: r.i64le(), length: r.compactSize() }));
    if (!head.ok) return err(`undo record ${i} at byte ${at}: ${head.error.code} (at byte ${at + head.error.offset})`);
    const { value, length } = head.value.value;
    const scriptAt = at + head.value.end;
    if (length > file.size - scriptAt) {
      return err(`undo record ${i} at byte ${at}: DataStream::read(): end of data (a ${length}-byte script, ${file.size - scriptAt} bytes left)`);
    }
    const scriptPubKey = overlongReplacement(length) ?? (await file.read(scriptAt, length));
    outputs.push({ value, scriptPubKey });
    at = scriptAt + length;
  }
  if (at < file.size) {
    return err(`undo data has more records than the block's ${count} non-coinbase inputs: ${file.size - at} more bytes follow the ${count} records it needs (from byte ${at}), not read`);
  }
  return ok(outputs);
}

/**
 * The UTXO view a block spends from, built from its undo records (one per non-coinbase input, in
 * block order). Records of outputs the block itself creates are left out: connectBlock finds those
 * in the block. The records carry no height or coinbase flag, so the coins get height 0 and
 * count as non-coinbase: maturity and BIP68 cannot be checked from them.
 */
export function undoView(block: Block, spent: readonly TxOut[]): Result<Map<string, Coin>, string> {
  const inputs = spentInputCount(block);
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
