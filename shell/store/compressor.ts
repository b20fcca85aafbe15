/**
 * Core's compressor.h / compressor.cpp: the compact forms of amounts and scripts that Core's
 * chainstate coins and undo data store (TxOutCompression = VARINT(CompressAmount(value)) then
 * ScriptCompression). Six special script forms take no length: 0x00 P2PKH and 0x01 P2SH (the
 * 20-byte hash), 0x02/0x03 P2PK with a compressed key (its x), 0x04/0x05 P2PK with an uncompressed
 * key that is on the curve (x, and the parity of y in the type; decompressed on reading with
 * libsecp256k1 through tiny-secp256k1, as Core's CPubKey::Decompress). Any other script is
 * VARINT(size + 6) and its bytes; on reading, a size over MAX_SCRIPT_SIZE becomes a lone
 * OP_RETURN, as Core does. Vectors: Core's compress_tests and coins_tests ccoins_serialization
 * (test/store/coin-codec.test.ts).
 */
import * as secp from 'tiny-secp256k1';
import type { ByteReader } from '../../kernel/encoding/reader.js';
import type { ByteWriter } from '../../kernel/encoding/writer.js';
import type { TxOut } from '../../kernel/primitives/types.js';
import { MAX_SCRIPT_SIZE } from '../../kernel/script/limits.js';
import { OP_CHECKSIG, OP_DUP, OP_EQUAL, OP_EQUALVERIFY, OP_HASH160, OP_RETURN } from '../../kernel/script/opcodes.js';
import { MAX_MONEY } from '../../kernel/validation/money.js';
import { failRecord } from './record-decode.js';
import { U64_MAX, readVarInt, readVarIntU32, writeVarInt } from './varint.js';

/** Core's nSpecialScripts: sizes 0-5 name a special form, so a plain script's size is stored plus 6. */
const SPECIAL_SCRIPTS = 6;

/** Core's CompressAmount: drop trailing decimal zeros (at most 9) into an exponent; 0 stays 0. */
export function compressAmount(amount: bigint): bigint {
  if (amount === 0n) return 0n;
  let n = amount;
  let e = 0n;
  while (n % 10n === 0n && e < 9n) {
    n /= 10n;
    e++;
  }
  if (e < 9n) {
    const d = n % 10n;
    n /= 10n;
    return 1n + (n * 9n + d - 1n) * 10n + e;
  }
  return 1n + (n - 1n) * 10n + 9n;
}

/** Core's DecompressAmount, in exact integers (Core's uint64_t would wrap on values no CompressAmount gives). */
export function decompressAmount(compressed: bigint): bigint {
  if (compressed === 0n) return 0n;
  let x = compressed - 1n;
  let e = x % 10n;
  x /= 10n;
  let n: bigint;
  if (e < 9n) {
    const d = (x % 9n) + 1n;
    x /= 9n;
    n = x * 10n + d;
  } else {
    n = x + 1n;
  }
  for (; e > 0n; e--) n *= 10n;
  return n;
}

/** The special form of a script (type byte then 20 or 32 bytes), or undefined when it has none: Core's CompressScript. */
export function compressScript(script: Uint8Array): Uint8Array | undefined {
  const n = script.length;
  // IsPayToPubKeyHash: OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
  if (n === 25 && script[0] === OP_DUP && script[1] === OP_HASH160 && script[2] === 20 && script[23] === OP_EQUALVERIFY && script[24] === OP_CHECKSIG) {
    return withType(0x00, script.subarray(3, 23));
  }
  // IsPayToScriptHash: OP_HASH160 <20> OP_EQUAL
  if (n === 23 && script[0] === OP_HASH160 && script[1] === 20 && script[22] === OP_EQUAL) return withType(0x01, script.subarray(2, 22));
  // IsCompressedPayToPubKey with an 02/03 key (not checked to be on the curve, as Core)
  if (n === 35 && script[0] === 33 && script[34] === OP_CHECKSIG && (script[1] === 0x02 || script[1] === 0x03)) {
    return withType(script[1], script.subarray(2, 34));
  }
  // An uncompressed key only when fully valid (Core's IsToPubKey: pubkey.IsFullyValid()), since it is rebuilt from x on reading.
  if (n === 67 && script[0] === 65 && script[66] === OP_CHECKSIG && script[1] === 0x04 && secp.isPoint(script.subarray(1, 66))) {
    return withType(0x04 | ((script[65] as number) & 1), script.subarray(2, 34));
  }
  return undefined;
}

function withType(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + body.length);
  out[0] = type;
  out.set(body, 1);
  return out;
}

/** Core's GetSpecialScriptSize: bytes after the type of special form `type`. */
function specialScriptSize(type: number): number {
  return type <= 1 ? 20 : 32;
}

/** Core's DecompressScript; undefined when a 0x04/0x05 form's x is not on the curve (a corrupted record). */
export function decompressScript(type: number, body: Uint8Array): Uint8Array | undefined {
  switch (type) {
    case 0x00:
      return Uint8Array.of(OP_DUP, OP_HASH160, 20, ...body, OP_EQUALVERIFY, OP_CHECKSIG);
    case 0x01:
      return Uint8Array.of(OP_HASH160, 20, ...body, OP_EQUAL);
    case 0x02:
    case 0x03:
      return Uint8Array.of(33, type, ...body, OP_CHECKSIG);
    default: {
      const compressed = withType(type - 2, body);
      if (!secp.isPoint(compressed)) return undefined;
      return Uint8Array.of(65, ...secp.pointCompress(compressed, false), OP_CHECKSIG);
    }
  }
}

/** Core's ScriptCompression::Ser. */
export function writeCompressedScript(w: ByteWriter, script: Uint8Array): void {
  const special = compressScript(script);
  if (special !== undefined) {
    w.bytes(special);
    return;
  }
  writeVarInt(w, script.length + SPECIAL_SCRIPTS);
  w.bytes(script);
}

/** Core's ScriptCompression::Unser; an overlong script is skipped and kept as OP_RETURN, as Core does. */
export function readCompressedScript(r: ByteReader): Uint8Array {
  const size = readVarIntU32(r);
  if (size < SPECIAL_SCRIPTS) {
    const script = decompressScript(size, r.bytes(specialScriptSize(size)));
    return script ?? failRecord(r, 'DecompressScript(): not a point on the curve');
  }
  const length = size - SPECIAL_SCRIPTS;
  const bytes = r.bytes(length); // checked against the bytes left before it is copied
  return length > MAX_SCRIPT_SIZE ? Uint8Array.of(OP_RETURN) : bytes;
}

/** Core's TxOutCompression: VARINT(CompressAmount(value)), then the compressed script. */
export function writeCompressedTxOut(w: ByteWriter, output: TxOut): void {
  writeVarInt(w, compressAmount(output.value));
  writeCompressedScript(w, output.scriptPubKey);
}

/**
 * Reads a TxOutCompression. Amounts above MAX_MONEY are refused: no coin of a valid chain carries
 * one, so such a record is corrupt (Core's uint64_t would take it).
 */
export function readCompressedTxOut(r: ByteReader): TxOut {
  const value = decompressAmount(readVarInt(r, U64_MAX));
  if (value > MAX_MONEY) failRecord(r, 'amount out of range');
  return { value, scriptPubKey: readCompressedScript(r) };
}

