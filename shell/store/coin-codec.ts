/**
 * The store's UTXO and undo records, in Bitcoin Core's own formats:
 *
 *   coin key:    the outpoint as Core serializes a COutPoint (32-byte txid in hash order, u32le
 *                index): 36 bytes (Core's chainstate keys are 'C' ‖ txid ‖ VARINT(index); ours
 *                are fixed-size and need no prefix, each record kind having its own database)
 *   coin value:  Core's Coin serialization (coins.h): VARINT(height·2 + coinbase) ‖ TxOutCompression
 *   block undo:  Core's CBlockUndo (undo.h): CompactSize count of CTxUndo, one per non-coinbase
 *                transaction, each a CompactSize count of TxInUndo: VARINT(height·2 + coinbase),
 *                a 0x00 dummy version when height > 0 (kept for Core's older format), TxOutCompression;
 *                followed by the 32-byte checksum Core writes after each undo record in rev*.dat:
 *                SHA256d(hash of the parent block ‖ CBlockUndo) (Core's UndoWriteToDisk / ReadBlockUndo).
 *
 * The undo bytes are byte-for-byte what Core writes in rev*.dat after the record header (magic,
 * size). Vectors: Core's coins_tests ccoins_serialization (test/store/coin-codec.test.ts).
 */
import type { Coin } from '../../kernel/chain/utxo.js';
import { serializeOutPoint } from '../../kernel/commitments/coin.js';
import { sha256d } from '../../kernel/crypto/hashes.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import type { ByteReader } from '../../kernel/encoding/reader.js';
import { ByteWriter } from '../../kernel/encoding/writer.js';
import type { OutPoint } from '../../kernel/primitives/types.js';
import { type Result, err } from '../../kernel/result.js';
import type { BlockUndo } from '../../kernel/validation/connect-block.js';
import { readCompressedTxOut, writeCompressedTxOut } from './compressor.js';
import { type RecordDecodeError, decodeRecord } from './record-decode.js';
import { readVarIntU32, writeVarInt } from './varint.js';

/** Size of a coin key: Core's COutPoint serialization. */
export const COIN_KEY_SIZE = 36;
/** Size of the undo checksum (a uint256). */
const CHECKSUM_SIZE = 32;
/** The fewest bytes a TxInUndo takes (VARINT code, VARINT amount, one script byte: Core's "000006"). */
const MIN_TXIN_UNDO_SIZE = 3;

/** The coin key of an outpoint (Core's COutPoint serialization). */
export function coinKey(outpoint: OutPoint): Uint8Array {
  return serializeOutPoint(outpoint);
}

/** The outpoint of a coin key; undefined unless it is 36 bytes. */
export function outpointOfCoinKey(key: Uint8Array): OutPoint | undefined {
  if (key.length !== COIN_KEY_SIZE) return undefined;
  return { txid: key.slice(0, 32), vout: new DataView(key.buffer, key.byteOffset, key.byteLength).getUint32(32, true) };
}

/** VARINT(height·2 + coinbase): Core's nCode (a u32: heights are below 2^31). */
function writeCode(w: ByteWriter, coin: Coin): void {
  writeVarInt(w, coin.height * 2 + (coin.isCoinbase ? 1 : 0));
}

/** Core's Coin::Serialize. */
export function encodeCoin(coin: Coin): Uint8Array {
  const w = new ByteWriter(16 + coin.output.scriptPubKey.length);
  writeCode(w, coin);
  writeCompressedTxOut(w, coin.output);
  return w.finish();
}

function readCoin(r: ByteReader): Coin {
  const code = readVarIntU32(r);
  const output = readCompressedTxOut(r);
  return { output, height: Math.floor(code / 2), isCoinbase: code % 2 === 1 };
}

/** Core's Coin::Unserialize over exactly one record. */
export function decodeCoin(bytes: Uint8Array): Result<Coin, RecordDecodeError> {
  return decodeRecord(bytes, readCoin);
}

/** Core's TxInUndoFormatter::Ser. */
function writeTxInUndo(w: ByteWriter, coin: Coin): void {
  writeCode(w, coin);
  if (coin.height > 0) w.u8(0); // Core: "Required to maintain compatibility with older undo format."
  writeCompressedTxOut(w, coin.output);
}

/** Core's TxInUndoFormatter::Unser: the dummy version is read as a VARINT and ignored. */
function readTxInUndo(r: ByteReader): Coin {
  const code = readVarIntU32(r);
  const height = Math.floor(code / 2);
  if (height > 0) readVarIntU32(r);
  return { output: readCompressedTxOut(r), height, isCoinbase: code % 2 === 1 };
}

/** Core's CBlockUndo serialization (without the checksum). */
export function serializeBlockUndo(undo: BlockUndo): Uint8Array {
  const w = new ByteWriter(256);
  w.compactSize(undo.length);
  for (const txUndo of undo) {
    w.compactSize(txUndo.length);
    for (const coin of txUndo) writeTxInUndo(w, coin);
  }
  return w.finish();
}

/** Core's undo checksum: SHA256d(parent block hash ‖ CBlockUndo). */
function undoChecksum(prevBlockHash: Uint8Array, serialized: Uint8Array): Uint8Array {
  const preimage = new Uint8Array(32 + serialized.length);
  preimage.set(prevBlockHash, 0);
  preimage.set(serialized, 32);
  return sha256d(preimage);
}

/** The stored undo record of a block whose parent is `prevBlockHash`: CBlockUndo ‖ checksum. */
export function encodeBlockUndo(undo: BlockUndo, prevBlockHash: Uint8Array): Uint8Array {
  const serialized = serializeBlockUndo(undo);
  const out = new Uint8Array(serialized.length + CHECKSUM_SIZE);
  out.set(serialized, 0);
  out.set(undoChecksum(prevBlockHash, serialized), serialized.length);
  return out;
}

/** Decodes a stored undo record, checking its checksum first (Core's ReadBlockUndo: "Checksum mismatch"). */
export function decodeBlockUndo(bytes: Uint8Array, prevBlockHash: Uint8Array): Result<BlockUndo, RecordDecodeError> {
  if (bytes.length < 1 + CHECKSUM_SIZE) return err({ code: 'DataStream::read(): end of data', offset: bytes.length });
  const body = bytes.subarray(0, bytes.length - CHECKSUM_SIZE);
  if (!equalBytes(undoChecksum(prevBlockHash, body), bytes.subarray(body.length))) return err({ code: 'Checksum mismatch', offset: body.length });
  return decodeRecord(body, (r) => {
    const txs = r.count(1);
    const undo: Coin[][] = [];
    for (let t = 0; t < txs; t++) {
      const n = r.count(MIN_TXIN_UNDO_SIZE);
      const coins: Coin[] = [];
      for (let i = 0; i < n; i++) coins.push(readTxInUndo(r));
      undo.push(coins);
    }
    return undo;
  });
}

