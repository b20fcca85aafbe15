/** Signature hash types (SPEC.md §3.4): legacy STRICTENC and BIP341 taproot, with literal byte values. */
import { type Inputs, big, byte, bytes, int, int32, int64, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { sha256, sha256d, taggedHash } from '../kernel/crypto/hashes.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { i64le, u32le } from '../kernel/encoding/little-endian.js';
import type { Transaction, TxOut } from '../kernel/primitives/types.js';
import { serializeTxOut } from '../kernel/primitives/transaction.js';
import { type PrecomputedTransactionData, legacySignatureHash, precomputeTransactionData, signatureHash, legacySignaturePreimage, segwitV0SignatureHash, segwitV0SignaturePreimage, taprootSignatureHash, taprootSignatureMessage } from '../kernel/script/sighash.js';
import { isDefinedHashType, isValidTaprootHashType, taprootInputType, taprootOutputType } from '../kernel/script/sighash-type.js';
import { legacyAllPreimage, segwitV0AllPreimage } from '../kernel/script/sighash-fast.js';

export const legacyHashTypes = proof('legacy defined hash types are 0x01-0x03 and 0x81-0x83', {
  fn: isDefinedHashType,
  spec: '§3.4',
  statement: 'For every hash-type byte t: IsDefinedHashtypeSignature(t) iff t is one of 0x01, 0x02, 0x03, 0x81, 0x82, 0x83.',
  inputs: { t: byte() },
  ensures: ({ t }) => isDefinedHashType(t) === (t === 1 || t === 2 || t === 3 || t === 129 || t === 130 || t === 131),
});

export const taprootHashTypes = proof('taproot hash types are 0x00-0x03 and 0x81-0x83', {
  fn: isValidTaprootHashType,
  spec: '§3.4',
  statement: 'For every hash-type byte t: valid under BIP341 iff t is one of 0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83.',
  inputs: { t: byte() },
  ensures: ({ t }) => isValidTaprootHashType(t) === (t === 0 || t === 1 || t === 2 || t === 3 || t === 129 || t === 130 || t === 131),
});

export const taprootTypesSplit = proof('taproot hash type splits into output type and ANYONECANPAY', {
  fn: taprootOutputType,
  spec: '§3.4',
  statement:
    'For every valid taproot hash type t: output type = 1 (ALL) if t = 0, else t % 4, which is 1, 2 or 3; input type = 0x80 iff t >= 0x81.',
  inputs: { t: byte() },
  requires: ({ t }) => isValidTaprootHashType(t),
  ensures: ({ t }) => {
    const out = taprootOutputType(t);
    return (
      out === (t === 0 ? 1 : t % 4) && out >= 1 && out <= 3 && taprootInputType(t) === (t >= 129 ? 128 : 0)
    );
  },
});

const spend = (txid: Uint8Array, vout: number) => ({ prevout: { txid, vout }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] });
/** Core's uint256 one as SignatureHash returns it: byte 0x01, then 31 zero bytes. */
const isUint256One = (h: Uint8Array | undefined) =>
  h !== undefined && h.length === 32 && h[0] === 1 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0 && h[6] === 0 && h[7] === 0 &&
  h[8] === 0 && h[9] === 0 && h[10] === 0 && h[11] === 0 && h[12] === 0 && h[13] === 0 && h[14] === 0 && h[15] === 0 &&
  h[16] === 0 && h[17] === 0 && h[18] === 0 && h[19] === 0 && h[20] === 0 && h[21] === 0 && h[22] === 0 && h[23] === 0 &&
  h[24] === 0 && h[25] === 0 && h[26] === 0 && h[27] === 0 && h[28] === 0 && h[29] === 0 && h[30] === 0 && h[31] === 0;

/** Both defined and equal. */
const sameHash = (h: Uint8Array | undefined, g: Uint8Array | undefined): boolean => h !== undefined && g !== undefined && equalBytes(h, g);
/** SHA256d of a preimage, when there is one. */
const sha256dOf = (preimage: Uint8Array | undefined): Uint8Array | undefined => (preimage === undefined ? undefined : sha256d(preimage));

export const sighashSingleBug = proof('legacy SIGHASH_SINGLE without a matching output signs the hash one', {
  fn: legacySignatureHash,
  sharedContext: true,
  spec: '§3.7',
  statement:
    "For a transaction of 3 inputs (any txids and vouts) and 1 output (any value and 25-byte script), any 5-byte scriptCode and input index i in [1, 2]: the legacy signature hash for hash types 0x03, 0x83, 0x23 and 0x43 (hashType & 0x1f = SIGHASH_SINGLE) is Core's uint256 one (0x01 then 31 zero bytes), the hash CTransactionSignatureSerializer never computes (Core's SignatureHash: 'nOut out of range'), as is input 0's of the same inputs with no output; SIGHASH_NONE (0x02) with the script code 76 ac has a hash at i; and where the output exists (SIGHASH_SINGLE, 0x03, with 76 ac at input 0) the hash is SHA256d of CTransactionSignatureSerializer's preimage (the proof below states its layout), not the one; indexes 3 (past the inputs) and -1 have no hash.",
  inputs: { a: bytes(32), b: bytes(32), c: bytes(32), va: uint32(), vb: uint32(), vc: uint32(), value: int64(), script: bytes(25), code: bytes(5), i: int(1, 2) },
  split: 'i',
  ensures: ({ a, b, c, va, vb, vc, value, script, code, i }) => {
    const tx = { version: 1, inputs: [spend(a, va), spend(b, vb), spend(c, vc)], outputs: [{ value, scriptPubKey: script }], lockTime: 0 };
    return (
      isUint256One(legacySignatureHash(code, tx, i, 0x03)) &&
      isUint256One(legacySignatureHash(code, tx, i, 0x83)) &&
      isUint256One(legacySignatureHash(code, tx, i, 0x23)) &&
      isUint256One(legacySignatureHash(code, tx, i, 0x43)) &&
      legacySignatureHash(Uint8Array.of(0x76, 0xac), tx, i, 0x02) !== undefined &&
      sameHash(legacySignatureHash(Uint8Array.of(0x76, 0xac), tx, 0, 0x03), sha256dOf(legacySignaturePreimage(Uint8Array.of(0x76, 0xac), tx, 0, 0x03))) &&
      legacySignatureHash(code, tx, 3, 0x03) === undefined &&
      legacySignatureHash(code, tx, -1, 0x03) === undefined &&
      isUint256One(legacySignatureHash(code, { version: 1, inputs: tx.inputs, outputs: [], lockTime: 0 }, 0, 0x03))
    );
  },
  covers: { 'the second input': ({ i }) => i === 1, 'the third input': ({ i }) => i === 2 },
});

// ---------------------------------------------------------------------------------------------
// BIP341 SigMsg and BIP143's preimage, field by field. The layouts below are the BIPs' lists with
// their literal sizes; the hashes are uninterpreted (CI.md, "Axioms").

/** Bytes [at, at + h.length) of m are h. */
const isAt = (m: Uint8Array, at: number, h: Uint8Array): boolean => equalBytes(m.slice(at, at + h.length), h);
/** Bytes [at, at + 4) of m as an unsigned little-endian integer. */
const le32 = (m: Uint8Array, at: number): number =>
  (m[at] as number) + 256 * (m[at + 1] as number) + 65536 * (m[at + 2] as number) + 16777216 * (m[at + 3] as number);
/** Bytes [at, at + 8) of m as an unsigned little-endian integer. */
const le64 = (m: Uint8Array, at: number): bigint => {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = v * 256n + BigInt(m[at + k] as number);
  return v;
};
/** An amount in Core's MoneyRange [0, 21,000,000 BTC] (CheckTransaction holds every output to it). */
const money = () => big(0n, 2100000000000000n);
const out34 = () => record({ value: money(), scriptPubKey: bytes(34) });
const txIn = () => record({ txid: bytes(32), vout: uint32(), sequence: uint32() });
const input = (x: Inputs) => ({ prevout: { txid: x.txid, vout: x.vout }, scriptSig: new Uint8Array(0), sequence: x.sequence, witness: [] });

// Core's PrecomputedTransactionData::Init, stated as the byte strings BIP143 and BIP341 hash, with
// each field copied to its literal offset. The integers are written by u32le and i64le, whose bytes
// proofs/byte-layouts.proof.ts states (floor(v / 256^i) mod 256, two's complement), and an output by
// serializeTxOut, whose CTxOut layout txOutSerialization (below) proves.

/** Two fields of one width w back to back: bytes [0, w) are x, [w, 2w) are y. */
function twoFields(x: Uint8Array, y: Uint8Array, w: number): Uint8Array {
  const m = new Uint8Array(2 * w);
  for (let j = 0; j < w; j++) {
    m[j] = x[j] as number;
    m[w + j] = y[j] as number;
  }
  return m;
}

/** An outpoint as BIP143 and BIP341 serialize it: txid at 0..31, vout (4, LE) at 32..35. */
function outpoint(x: Inputs): Uint8Array {
  const m = new Uint8Array(36);
  const vout = u32le(x.vout as number);
  for (let j = 0; j < 32; j++) m[j] = (x.txid as Uint8Array)[j] as number;
  for (let j = 0; j < 4; j++) m[32 + j] = vout[j] as number;
  return m;
}

/** A 34-byte script after its CompactSize length 0x22 (35 bytes). */
function script34(s: Uint8Array): Uint8Array {
  const m = new Uint8Array(35);
  m[0] = 0x22;
  for (let j = 0; j < 34; j++) m[1 + j] = s[j] as number;
  return m;
}

export const precomputedData = proof("PrecomputedTransactionData: each single hash is SHA256 of BIP341's serialization, each BIP143 hash SHA256 of it again, the spent-output hashes only with one spent output per input", {
  fn: precomputeTransactionData,
  splitEnsures: true,
  sharedContext: true,
  spec: '§3.7',
  statement:
    "For a transaction of 2 inputs (any txids, vouts and sequences) and 2 outputs (amounts in [0, 21,000,000 BTC], 34-byte scripts), any version and lock time, and spent outputs given as both (amounts in [0, 21,000,000 BTC], 34-byte scripts), only the first, or none (k = 0, 1, 2): prevoutsSingleHash is SHA256 of txid (32) ‖ vout (4 LE) for each input (72 bytes), sequencesSingleHash SHA256 of the two nSequence (4 LE each: 8 bytes), outputsSingleHash SHA256 of the two CTxOut (amount 8 LE, 0x22, script: 86 bytes); hashPrevouts, hashSequence and hashOutputs are SHA256 of those (BIP143's double SHA256); with both spent outputs, spentAmountsSingleHash is SHA256 of the two amounts (8 LE each) and spentScriptsSingleHash SHA256 of the two scripts with their length byte 0x22 (70 bytes) and the spent outputs are kept; with one (not one per input) or none, all three are undefined (Core's m_spent_outputs_ready). Case split over k.",
  inputs: { k: int(0, 2), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, out34()), spent: tuple(2, out34()) },
  split: 'k',
  ensures: ({ k, version, lockTime, ins, outs, spent }) => {
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime };
    const p = precomputeTransactionData(tx, k === 0 ? [spent[0], spent[1]] : k === 1 ? [spent[0]] : undefined);
    // Outpoints 72 bytes, sequences 8, CTxOut 86 (43 each: amount 8 LE, 0x22, script).
    const prevouts = sha256(twoFields(outpoint(ins[0]), outpoint(ins[1]), 36));
    const sequences = sha256(twoFields(u32le(ins[0].sequence), u32le(ins[1].sequence), 4));
    const outputs = sha256(twoFields(serializeTxOut(outs[0]), serializeTxOut(outs[1]), 43));
    const shared =
      equalBytes(p.prevoutsSingleHash, prevouts) &&
      equalBytes(p.sequencesSingleHash, sequences) &&
      equalBytes(p.outputsSingleHash, outputs) &&
      equalBytes(p.hashPrevouts, sha256(prevouts)) &&
      equalBytes(p.hashSequence, sha256(sequences)) &&
      equalBytes(p.hashOutputs, sha256(outputs));
    if (k !== 0) return shared && p.spentOutputs === undefined && p.spentAmountsSingleHash === undefined && p.spentScriptsSingleHash === undefined;
    const amounts = p.spentAmountsSingleHash;
    const scripts = p.spentScriptsSingleHash;
    return (
      shared &&
      p.spentOutputs !== undefined &&
      amounts !== undefined &&
      scripts !== undefined &&
      // Amounts 16 bytes (8 LE each), scripts 70 (each after its length byte).
      equalBytes(amounts, sha256(twoFields(i64le(spent[0].value), i64le(spent[1].value), 8))) &&
      equalBytes(scripts, sha256(twoFields(script34(spent[0].scriptPubKey), script34(spent[1].scriptPubKey), 35)))
    );
  },
  covers: { 'spent outputs known': ({ k }) => k === 0, 'one spent output for two inputs': ({ k }) => k === 1 },
});

/** BIP341's valid hash types, in order: 0x00 (DEFAULT), 0x01-0x03, 0x81-0x83. */
const TAPROOT_TYPES = [0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83];

export const txOutSerialization = proof('a transaction output serializes as CTxOut: amount, CompactSize script length, script', {
  fn: serializeTxOut,
  spec: '§3.7',
  statement:
    'For any amount in [0, 21,000,000 BTC] and a 34-byte script s: the serialization is 43 bytes: the amount little-endian at 0..7, the script length 0x22 at 8 and the script at 9..42 (Core\'s CTxOut serialization, which BIP143 and BIP341 hash for SIGHASH_SINGLE and BIP341 signs as the spent output).',
  inputs: { out: out34() },
  ensures: ({ out }) => {
    const b = serializeTxOut(out);
    return b.length === 43 && le64(b, 0) === out.value && b[8] === 0x22 && isAt(b, 9, out.scriptPubKey);
  },
});

export const taprootKeyPathSigMsg = proof('BIP341 key-path SigMsg is the BIP\'s fields at their offsets, for every hash type, without and with annex', {
  fn: taprootSignatureMessage,
  splitEnsures: true,
  sharedContext: true,
  spec: '§3.7',
  arithSolver: 'simplex',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences), 2 outputs (amounts in [0, 21,000,000 BTC], 34-byte scripts), any version and lock time (uint32), spent outputs of 34-byte scripts, any 32-byte sha_prevouts, sha_amounts, sha_scriptpubkeys, sha_sequences, sha_outputs and annex hash, input index 1, hash type t in {0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83}, without and with an annex (key path, ext_flag 0): the message is 0x00 (epoch) then BIP341 SigMsg(t, 0): t (1), nVersion (4 LE), nLockTime (4 LE); unless t & 0x80: sha_prevouts, sha_amounts, sha_scriptpubkeys, sha_sequences (32 each); unless t & 3 is NONE (2) or SINGLE (3): sha_outputs (32); spend_type (1) = annex present; if t & 0x80: the outpoint (txid 32, vout 4 LE), the spent amount (8 LE), its scriptPubKey (35: 0x22 and 34 bytes) and nSequence (4 LE), else input_index (4 LE); the annex hash (32) if present; if t & 3 = SINGLE: SHA256 of output 1 as CTxOut (32; the CTxOut layout is proved above). Its length is 1 + 174 - 49·anyonecanpay - 32·none + 32·annex (BIP341 footnote). Case split over (t, annex).',
  inputs: { k: int(0, 13), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, out34()), spent: tuple(2, out34()), h: tuple(5, bytes(32)), annexHash: bytes(32) },
  split: 'k',
  ensures: ({ k, version, lockTime, ins, outs, spent, h, annexHash }) => {
    const i = 1;
    const t = TAPROOT_TYPES[k % 7] as number;
    const annex = k >= 7;
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime };
    const pre = {
      prevoutsSingleHash: h[0], spentAmountsSingleHash: h[1], spentScriptsSingleHash: h[2], sequencesSingleHash: h[3], outputsSingleHash: h[4],
      hashPrevouts: h[0], hashSequence: h[3], hashOutputs: h[4], spentOutputs: [spent[0], spent[1]],
    };
    const m = taprootSignatureMessage(tx, i, t, pre, { sigVersion: 'TAPROOT', annexHash: annex ? annexHash : undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff });
    if (m === undefined) return false;
    const acp = t >= 0x80;
    const base = t % 4;
    const me = ins[1];
    const spentHere = spent[1];
    let ok = m.length === 1 + 174 - (acp ? 49 : 0) - (base === 2 ? 32 : 0) + (annex ? 32 : 0);
    ok = ok && m[0] === 0 && m[1] === t && le32(m, 2) === version && le32(m, 6) === lockTime;
    let at = 10;
    if (!acp) {
      ok = ok && isAt(m, 10, h[0]) && isAt(m, 42, h[1]) && isAt(m, 74, h[2]) && isAt(m, 106, h[3]);
      at = 138;
    }
    if (base !== 2 && base !== 3) {
      ok = ok && isAt(m, at, h[4]);
      at = at + 32;
    }
    ok = ok && m[at] === (annex ? 1 : 0);
    at = at + 1;
    if (acp) {
      ok = ok && isAt(m, at, me.txid) && le32(m, at + 32) === me.vout && le64(m, at + 36) === spentHere.value && m[at + 44] === 0x22 && isAt(m, at + 45, spentHere.scriptPubKey) && le32(m, at + 79) === me.sequence;
      at = at + 83;
    } else {
      ok = ok && le32(m, at) === i;
      at = at + 4;
    }
    if (annex) {
      ok = ok && isAt(m, at, annexHash);
      at = at + 32;
    }
    if (base === 3) {
      ok = ok && isAt(m, at, sha256(serializeTxOut(outs[1])));
      at = at + 32;
    }
    return ok && at === m.length;
  },
});

/** Whether m's bytes [at, at + 32) are 32 zero bytes (BIP143's uint256 0). */
const isZero32 = (m: Uint8Array, at: number): boolean => isAt(m, at, new Uint8Array(32));

export const taprootInvalidHashTypes = proof('BIP341 SigMsg is undefined for hash types outside 0x00-0x03, 0x81-0x83, and for a tapscript without a leaf hash', {
  fn: taprootSignatureMessage,
  spec: '§3.7',
  statement:
    'For a transaction of 1 input and 1 output (34-byte script), its spent output known, any 32-byte hashes and every hash type t in [0, 255] other than 0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83 (so 0x04 and 0x84 among them): the key-path message is undefined (Core\'s SignatureHashSchnorr returns false); and a script-path (ext_flag 1) context without a tapleaf hash has no message for any t; nor has hash type -1, or input index -1 or 1 (past the input) with t = 0x00.',
  inputs: { t: byte(), x: txIn(), out: out34(), spent: out34(), h: tuple(5, bytes(32)) },
  ensures: ({ t, x, out, spent, h }) => {
    const tx = { version: 2, inputs: [input(x)], outputs: [out], lockTime: 0 };
    const pre = {
      prevoutsSingleHash: h[0], spentAmountsSingleHash: h[1], spentScriptsSingleHash: h[2], sequencesSingleHash: h[3], outputsSingleHash: h[4],
      hashPrevouts: h[0], hashSequence: h[3], hashOutputs: h[4], spentOutputs: [spent],
    };
    const valid = t === 0 || t === 1 || t === 2 || t === 3 || t === 0x81 || t === 0x82 || t === 0x83;
    const keyPath = taprootSignatureMessage(tx, 0, t, pre, { sigVersion: 'TAPROOT', annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff });
    const noLeaf = taprootSignatureMessage(tx, 0, t, pre, { sigVersion: 'TAPSCRIPT', annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff });
    const keyContext = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
    return (
      (keyPath === undefined) === !valid &&
      noLeaf === undefined &&
      taprootSignatureMessage(tx, 0, -1, pre, keyContext) === undefined &&
      taprootSignatureMessage(tx, -1, 0, pre, keyContext) === undefined &&
      taprootSignatureMessage(tx, 1, 0, pre, keyContext) === undefined
    );
  },
  covers: { '0x04': ({ t }) => t === 4, '0x84': ({ t }) => t === 0x84, 'a valid type': ({ t }) => t === 0x83 },
});

export const taprootMissingData = proof('BIP341 SigMsg is undefined without the spent outputs\' data, and for SIGHASH_SINGLE without an output at the input\'s index', {
  fn: taprootSignatureMessage,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 1 output (34-byte script), any 32-byte hashes, key path: with the spent outputs and both spent-output hashes given, the message of input 0 under 0x00 and 0x81 exists; it is undefined (Core\'s SignatureHashSchnorr: HandleMissingData when the BIP341 data or the spent outputs are not ready) when the spent outputs are unknown (0x00), when sha_amounts is unknown (0x81, which does not hash it), when sha_scriptpubkeys is unknown (0x81), and under ANYONECANPAY (0x81) at input 1 when only input 0\'s spent output is known; SIGHASH_SINGLE (0x03 and 0x83) at input 1 has no output 1, so no message (Core: in_pos >= vout.size() returns false), while at input 0 it has one.',
  inputs: { x: tuple(2, txIn()), out: out34(), spent: tuple(2, out34()), h: tuple(5, bytes(32)) },
  ensures: ({ x, out, spent, h }) => {
    const tx = { version: 2, inputs: [input(x[0]), input(x[1])], outputs: [out], lockTime: 0 };
    const known = {
      prevoutsSingleHash: h[0], spentAmountsSingleHash: h[1], spentScriptsSingleHash: h[2], sequencesSingleHash: h[3], outputsSingleHash: h[4],
      hashPrevouts: h[0], hashSequence: h[3], hashOutputs: h[4], spentOutputs: [spent[0], spent[1]],
    };
    const key = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
    return (
      taprootSignatureMessage(tx, 0, 0x00, known, key) !== undefined &&
      taprootSignatureMessage(tx, 0, 0x81, known, key) !== undefined &&
      taprootSignatureMessage(tx, 0, 0x00, { ...known, spentOutputs: undefined }, key) === undefined &&
      taprootSignatureMessage(tx, 0, 0x81, { ...known, spentAmountsSingleHash: undefined }, key) === undefined &&
      taprootSignatureMessage(tx, 0, 0x81, { ...known, spentScriptsSingleHash: undefined }, key) === undefined &&
      taprootSignatureMessage(tx, 1, 0x81, { ...known, spentOutputs: [spent[0]] }, key) === undefined &&
      taprootSignatureMessage(tx, 1, 0x03, known, key) === undefined &&
      taprootSignatureMessage(tx, 1, 0x83, known, key) === undefined &&
      taprootSignatureMessage(tx, 0, 0x03, known, key) !== undefined &&
      taprootSignatureMessage(tx, 0, 0x83, known, key) !== undefined
    );
  },
});

/**
 * The script-path message of type t is the key-path one with spend_type + 2 at spendTypeAt, then tapleaf_hash, 0x00, codesep_pos LE.
 * The key-path message is asked with the same tapleaf hash in its context: ext_flag 0 ignores it (BIP342's extension is ext_flag 1's only).
 * @unwind 210
 */
const scriptPathExtends = (
  tx: Transaction, i: number, pre: PrecomputedTransactionData, leaf: Uint8Array, pos: number, t: number, annex: Uint8Array | undefined, spendTypeAt: number,
): boolean => {
  const key = taprootSignatureMessage(tx, i, t, pre, { sigVersion: 'TAPROOT', annexHash: annex, tapleafHash: leaf, codeseparatorPos: 0xffffffff });
  const script = taprootSignatureMessage(tx, i, t, pre, { sigVersion: 'TAPSCRIPT', annexHash: annex, tapleafHash: leaf, codeseparatorPos: pos });
  if (key === undefined || script === undefined) return false;
  const n = key.length;
  if (script.length !== n + 37) return false;
  // Bytes [0, n) equal but spend_type, which is 2 more.
  for (let j = 0; j < n; j++) if (script[j] !== (j === spendTypeAt ? (key[j] as number) + 2 : key[j])) return false;
  return (
    isAt(script, n, leaf) &&
    script[n + 32] === 0 &&
    le32(script, n + 33) === pos
  );
};

export const tapscriptExtension = proof('BIP342 script-path message: BIP341 SigMsg with ext_flag 1, then tapleaf_hash, key_version 0x00 and codesep_pos', {
  fn: taprootSignatureMessage,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 2 outputs (34-byte scripts), spent outputs of 34-byte scripts (amounts in [0, 21,000,000 BTC]), any 32-byte hashes, input index 1, any tapleaf hash (32 bytes) and codesep_pos in [0, 2^32 - 1], hash types 0x00, 0x03 and 0x81 with an annex and 0x01 without: the script-path message is the key-path message of the same hash type and annex (given the same tapleaf hash, which the key path ignores) with spend_type 2 + annex instead of 0 + annex, followed by tapleaf_hash (32), key_version 0x00 (1) and codesep_pos (4 LE): 37 bytes more (BIP342).',
  inputs: { ins: tuple(2, txIn()), outs: tuple(2, out34()), spent: tuple(2, out34()), h: tuple(5, bytes(32)), annexHash: bytes(32), leaf: bytes(32), pos: uint32() },
  ensures: ({ ins, outs, spent, h, annexHash, leaf, pos }) => {
    const tx = { version: 1, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime: 0 };
    const pre = {
      prevoutsSingleHash: h[0], spentAmountsSingleHash: h[1], spentScriptsSingleHash: h[2], sequencesSingleHash: h[3], outputsSingleHash: h[4],
      hashPrevouts: h[0], hashSequence: h[3], hashOutputs: h[4], spentOutputs: [spent[0], spent[1]],
    };
    // spend_type's offset: 10, + 128 unless ANYONECANPAY, + 32 for ALL (BIP341's list).
    return (
      scriptPathExtends(tx, 1, pre, leaf, pos, 0x00, annexHash, 170) &&
      scriptPathExtends(tx, 1, pre, leaf, pos, 0x03, annexHash, 138) &&
      scriptPathExtends(tx, 1, pre, leaf, pos, 0x81, annexHash, 42) &&
      scriptPathExtends(tx, 1, pre, leaf, pos, 0x01, undefined, 170)
    );
  },
});

/** BIP143 hash types: the six defined ones, 0x00 and 0x41 (other bits set: treated as ALL), and a negative int32 whose low bits are SINGLE. */
const BIP143_TYPES = [0x01, 0x02, 0x03, 0x81, 0x82, 0x83, 0x00, 0x41, -0x7ffffffd];

/** Precomputed data given as three 32-byte hashes: BIP143's hashPrevouts, hashSequence and hashOutputs (the single hashes the same, unused by BIP143), no spent outputs. */
function precomputedOf(h: readonly Uint8Array[]): PrecomputedTransactionData {
  return {
    prevoutsSingleHash: h[0] as Uint8Array, sequencesSingleHash: h[1] as Uint8Array, outputsSingleHash: h[2] as Uint8Array,
    hashPrevouts: h[0] as Uint8Array, hashSequence: h[1] as Uint8Array, hashOutputs: h[2] as Uint8Array,
    spentOutputs: undefined, spentAmountsSingleHash: undefined, spentScriptsSingleHash: undefined,
  };
}

export const bip143Preimage = proof('BIP143 preimage: the fields in order, zeros for what ANYONECANPAY, NONE and SINGLE leave out', {
  fn: segwitV0SignaturePreimage,
  splitEnsures: true,
  sharedContext: true,
  spec: '§3.7',
  arithSolver: 'simplex',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 1 output (amount in [0, 21,000,000 BTC], 34-byte script), any version and lock time (uint32), any 32-byte hashPrevouts, hashSequence and hashOutputs, input index i in [0, 1], hash type t (int32) in {0x01, 0x02, 0x03, 0x81, 0x82, 0x83, 0x00, 0x41, -0x7ffffffd}, amount in [0, 21,000,000 BTC] and a 25-byte scriptCode (n = 25, P2WPKH\'s): the preimage is nVersion (4 LE), hashPrevouts (zeros if t & 0x80), hashSequence (zeros if t & 0x80 or t & 0x1f is 2 or 3), the outpoint (txid 32, vout 4 LE), n as 1 byte then the scriptCode, the amount (8 LE), nSequence (4 LE), hashOutputs (if t & 0x1f is neither 2 nor 3: the given one; if 3 and i < 1: SHA256d of output i as CTxOut (layout proved above); else zeros), nLockTime (4 LE), t (4 LE, two\'s complement): 157 + n bytes. Input indexes -1 and 2 have no preimage. Case split over t.',
  inputs: { k: int(0, 8), i: int(0, 1), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), out: out34(), h: tuple(3, bytes(32)), amount: money(), code: bytes(25) },
  split: 'k',
  ensures: ({ k, i, version, lockTime, ins, out, h, amount, code }) => {
    const t = BIP143_TYPES[k] as number;
    const n = 25;
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [out], lockTime };
    const pre = precomputedOf(h);
    const scriptCode = code;
    const m = segwitV0SignaturePreimage(scriptCode, tx, i, t, amount, pre);
    if (m === undefined) return false;
    const acp = (t & 0x80) !== 0;
    const base = t & 0x1f;
    const me = ins[i];
    const e = 105 + n;
    const outputsOk =
      base !== 2 && base !== 3 ? isAt(m, e + 12, h[2]) : base === 3 && i < 1 ? isAt(m, e + 12, sha256d(serializeTxOut(out))) : isZero32(m, e + 12);
    const outside = segwitV0SignaturePreimage(scriptCode, tx, -1, t, amount, pre) === undefined && segwitV0SignaturePreimage(scriptCode, tx, 2, t, amount, pre) === undefined;
    return (
      outside &&
      m.length === 157 + n &&
      le32(m, 0) === version &&
      (acp ? isZero32(m, 4) : isAt(m, 4, h[0])) &&
      (acp || base === 2 || base === 3 ? isZero32(m, 36) : isAt(m, 36, h[1])) &&
      isAt(m, 68, me.txid) &&
      le32(m, 100) === me.vout &&
      m[104] === n &&
      isAt(m, 105, scriptCode) &&
      le64(m, e) === amount &&
      le32(m, e + 8) === me.sequence &&
      outputsOk &&
      le32(m, e + 44) === lockTime &&
      le32(m, e + 48) === (t < 0 ? t + 4294967296 : t)
    );
  },
  covers: {
    'SINGLE with its output': ({ k, i }) => k === 2 && i === 0,
    'SINGLE past the outputs': ({ k, i }) => k === 2 && i === 1,
  },
});

export const bip143Hash = proof('BIP143 signature hash is SHA256d of the BIP143 preimage', {
  fn: segwitV0SignatureHash,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 1 output (amount in [0, 21,000,000 BTC], 34-byte script), any version and lock time (uint32), any 32-byte hashPrevouts, hashSequence and hashOutputs given as precomputed data, input index i in [0, 1], any int32 hash type, amount in [0, 21,000,000 BTC] and a 25-byte scriptCode (P2WPKH\'s): the signature hash is SHA256d of the preimage whose BIP143 layout the proof above states field by field (157 + 25 = 182 bytes); an index of 2 or -1 has no hash.',
  inputs: { i: int(0, 1), t: int32(), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), out: out34(), h: tuple(3, bytes(32)), amount: money(), code: bytes(25) },
  ensures: ({ i, t, version, lockTime, ins, out, h, amount, code }) => {
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [out], lockTime };
    const pre = precomputedOf(h);
    const preimage = segwitV0SignaturePreimage(code, tx, i, t, amount, pre);
    const got = segwitV0SignatureHash(code, tx, i, t, amount, pre);
    return (
      preimage !== undefined && preimage.length === 182 && got !== undefined && equalBytes(got, sha256d(preimage)) &&
      segwitV0SignatureHash(code, tx, 2, t, amount, pre) === undefined && segwitV0SignatureHash(code, tx, -1, t, amount, pre) === undefined
    );
  },
});

/** Whether `hash` is BIP341's hash_TapSighash of `message` (tag written out), and undefined exactly when the message is. */
const isTapSighashOf = (hash: Uint8Array | undefined, message: Uint8Array | undefined): boolean =>
  message === undefined ? hash === undefined : hash !== undefined && equalBytes(hash, taggedHash('TapSighash', message));

export const taprootSighashTag = proof('BIP341 signature hash is the tagged hash "TapSighash" of SigMsg, and undefined exactly when SigMsg is', {
  fn: taprootSignatureHash,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 1 input and 1 output (34-byte script), its spent output known, any 32-byte hashes, the hash types 0x00 (DEFAULT: every shared hash), 0x83 (SINGLE|ANYONECANPAY: the fewest) and the undefined 0x84 (one case each; the layouts of all types are proved above; the wrapper does not look at the type) and both a key-path and a script-path context (a 32-byte tapleaf hash, any code-separator position): taprootSignatureHash is SHA256(SHA256("TapSighash") || SHA256("TapSighash") || SigMsg) (BIP341 hash_TapSighash, the tag written here) of the message taprootSignatureMessage builds (whose layout the proofs above pin), and undefined exactly when there is no message.',
  inputs: { k: int(0, 2), x: txIn(), out: out34(), spent: out34(), h: tuple(5, bytes(32)), leaf: bytes(32), pos: uint32() },
  split: { on: 'k', cases: [[0, 0], [1, 1], [2, 2]] },
  ensures: ({ k, x, out, spent, h, leaf, pos }) => {
    const t = [0x00, 0x83, 0x84][k] as number;
    const tx = { version: 2, inputs: [input(x)], outputs: [out], lockTime: 0 };
    const pre = {
      prevoutsSingleHash: h[0], spentAmountsSingleHash: h[1], spentScriptsSingleHash: h[2], sequencesSingleHash: h[3], outputsSingleHash: h[4],
      hashPrevouts: h[0], hashSequence: h[3], hashOutputs: h[4], spentOutputs: [spent],
    };
    const keyPath = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
    const scriptPath = { sigVersion: 'TAPSCRIPT' as const, annexHash: undefined, tapleafHash: leaf, codeseparatorPos: pos };
    return isTapSighashOf(taprootSignatureHash(tx, 0, t, pre, keyPath), taprootSignatureMessage(tx, 0, t, pre, keyPath)) &&
      isTapSighashOf(taprootSignatureHash(tx, 0, t, pre, scriptPath), taprootSignatureMessage(tx, 0, t, pre, scriptPath));
  },
  covers: { 'the default type 0x00': ({ k }) => k === 0, 'SINGLE|ANYONECANPAY 0x83': ({ k }) => k === 1, 'the undefined type 0x84': ({ k }) => k === 2 },
});

// ---------------------------------------------------------------------------------------------
// The legacy preimage (CTransactionSignatureSerializer), field by field.

/** The (hash type, input index) cases: ALL for input 0, NONE, SINGLE and ANYONECANPAY|ALL for input 1, ANYONECANPAY|SINGLE for input 0. */
const LEGACY_CASES: readonly (readonly [number, number])[] = [
  [0x01, 0],
  [0x02, 1],
  [0x03, 1],
  [0x81, 1],
  [0x83, 0],
];

export const legacyPreimageLayout = proof('legacy preimage: CTransactionSignatureSerializer for ALL, NONE, SINGLE, with and without ANYONECANPAY', {
  fn: legacySignaturePreimage,
  splitEnsures: true,
  sharedContext: true,
  spec: '§3.7',
  arithSolver: 'simplex',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 2 outputs (values in [0, 2^63 - 1], 2-byte scripts), any version and lock time (uint32), the scriptCode 76 ac (OP_DUP OP_CHECKSIG, no OP_CODESEPARATOR) and (hash type, input index) (0x01, 0), (0x02, 1), (0x03, 1), (0x81, 1), (0x83, 0): the preimage is nVersion (4 LE); the input count (1 under ANYONECANPAY, else 2); per input kept (only input i under ANYONECANPAY): txid (32), vout (4 LE), the script (02 and the scriptCode for input i, else 00), nSequence (4 LE; 0 for the other inputs under NONE and SINGLE); the output count (0 for NONE, i + 1 for SINGLE, else 2); per output: for SINGLE those before i blanked as ff ff ff ff ff ff ff ff 00, else value (8 LE) and 02 and the script; nLockTime (4 LE); the hash type (4 LE). Indexes -1 and 2, and SINGLE for input 1 of a 1-output transaction, have no preimage. Case split over the five.',
  inputs: { c: int(0, 4), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, record({ value: big(0n, 2n ** 63n - 1n), scriptPubKey: bytes(2) })) },
  split: 'c',
  ensures: ({ c, version, lockTime, ins, outs }) => {
    // OP_DUP OP_CHECKSIG: a script code without OP_CODESEPARATOR (their removal is checked on Core's sighash.json, test/signatures/sighash.test.ts).
    const code = Uint8Array.of(0x76, 0xac);
    const [t, i] = LEGACY_CASES[c] as readonly [number, number];
    const acp = t >= 0x80;
    const base = t % 0x80;
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime };
    const m = legacySignaturePreimage(code, tx, i, t);
    // No preimage for an index outside the inputs, nor for SINGLE without its output.
    const none =
      legacySignaturePreimage(code, tx, -1, t) === undefined &&
      legacySignaturePreimage(code, tx, 2, t) === undefined &&
      legacySignaturePreimage(code, { version, inputs: tx.inputs, outputs: [outs[0]], lockTime }, 1, 0x03) === undefined;
    if (m === undefined || !none) return false;
    const kept = acp ? 1 : 2;
    const nOut = base === 2 ? 0 : base === 3 ? i + 1 : 2;
    // Field by field at running offsets: 4 + 1 + 43 or 45 per input + 1 + 9 or 11 per output + 8.
    let at = 0;
    let good = le32(m, 0) === version && m[4] === kept;
    at = 5;
    for (let j = 0; j < 2; j++) {
      if (acp && j !== i) continue;
      const x = ins[j] as Inputs;
      good = good && isAt(m, at, x.txid) && le32(m, at + 32) === x.vout;
      at += 36;
      if (j === i) {
        good = good && m[at] === 2 && m[at + 1] === code[0] && m[at + 2] === code[1];
        at += 3;
      } else {
        good = good && m[at] === 0;
        at += 1;
      }
      good = good && le32(m, at) === (j !== i && (base === 2 || base === 3) ? 0 : x.sequence);
      at += 4;
    }
    good = good && m[at] === nOut;
    at += 1;
    for (let j = 0; j < nOut; j++) {
      const o = outs[j] as Inputs;
      if (base === 3 && j !== i) {
        for (let k = 0; k < 8; k++) good = good && m[at + k] === 0xff;
        good = good && m[at + 8] === 0;
        at += 9;
      } else {
        good = good && le64(m, at) === o.value && m[at + 8] === 2 && m[at + 9] === o.scriptPubKey[0] && m[at + 10] === o.scriptPubKey[1];
        at += 11;
      }
    }
    return good && le32(m, at) === lockTime && le32(m, at + 4) === t && m.length === at + 8;
  },
  covers: {
    'SINGLE for the second input blanks the first output': ({ c }) => c === 2,
    'ANYONECANPAY|SINGLE': ({ c }) => c === 4,
  },
});

/**
 * The legacy dispatch of signatureHash against the reference, for 2 inputs and 2 outputs with
 * 2-byte scripts and the script code 76 ac: the same hash at input i, none at inputs 2 and -1.
 */
function legacyDispatchAgrees(i: number, t: number, version: number, lockTime: number, ins: readonly [Inputs, Inputs], outs: readonly [TxOut, TxOut]): boolean {
  const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime };
  const code = Uint8Array.of(0x76, 0xac);
  return (
    sameHash(signatureHash(code, tx, i, t, 0n, 'BASE'), legacySignatureHash(code, tx, i, t)) &&
    signatureHash(code, tx, 2, t, 0n, 'BASE') === undefined &&
    signatureHash(code, tx, -1, t, 0n, 'BASE') === undefined
  );
}

export const signatureHashLegacyFastPath = proof("SignatureHash (BASE) is legacySignatureHash for every int32 hash type: the SIGHASH_ALL fast path writes CTransactionSignatureSerializer's preimage byte for byte", {
  fn: signatureHash,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 2 outputs (values in [0, 21,000,000 BTC], 2-byte scripts), any version and lock time (uint32), the script code 76 ac, input index i (0 and 1, one case each) and every int32 hash type t: signatureHash for SigVersion BASE is legacySignatureHash, SHA256d of the preimage legacyPreimageLayout states field by field (or Core\'s one for SINGLE without its output); for t & 0x80 = 0 and t & 0x1f neither 2 nor 3 that is the fast path of sighash-fast.ts. Indexes 2 and -1 have no hash. Case split on i.',
  inputs: { i: int(0, 1), t: int32(), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, record({ value: money(), scriptPubKey: bytes(2) })) },
  split: 'i',
  ensures: ({ i, t, version, lockTime, ins, outs }) => legacyDispatchAgrees(i, t, version, lockTime, ins, outs),
  covers: {
    'SIGHASH_ALL (the fast path)': ({ t }) => t === 1,
    'SIGHASH_ALL with the undefined bit 0x40 (still the fast path)': ({ t }) => t === 0x41,
    'ALL|ANYONECANPAY (the reference path)': ({ t }) => t === 0x81,
    'a negative hash type': ({ t }) => t === -2147483647,
  },
});

/** Hash types for the legacy dispatch: SIGHASH_ALL-like ones (t & 0x80 = 0, t & 0x1f neither 2 nor 3) take the fast path, the rest the reference. */
const DISPATCH_TYPES: readonly number[] = [0x01, 0x00, 0x41, 0x04, 0x1f, -0x7fffffff, 0x81, 0x02, 0x03, 0x83];

export const signatureHashLegacyTypes = proof("SignatureHash (BASE) is legacySignatureHash at ten named hash types, both inputs (the fast path's index and size checks at their boundaries)", {
  fn: signatureHash,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 2 outputs (values in [0, 21,000,000 BTC], 2-byte scripts), any version and lock time (uint32), the script code 76 ac, input index i (0 and 1) and the hash types 0x01, 0x00, 0x41, 0x04, 0x1f and -0x7fffffff (SIGHASH_ALL-like: t & 0x80 = 0, t & 0x1f neither 2 nor 3, so the fast path of sighash-fast.ts) and 0x81, 0x02, 0x03, 0x83 (the reference path), one case per (type, index): signatureHash for SigVersion BASE is legacySignatureHash, SHA256d of the preimage legacyPreimageLayout states field by field (the proof above covers every int32 type; with the type a constant these queries are small enough for the generated boundary covers of the fast path\'s index and size checks). Indexes 2 and -1 have no hash. Case split over the 20 pairs.',
  inputs: { k: int(0, 2 * DISPATCH_TYPES.length - 1), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, record({ value: money(), scriptPubKey: bytes(2) })) },
  split: 'k',
  ensures: ({ k, version, lockTime, ins, outs }) => {
    const t = DISPATCH_TYPES[Math.floor(k / 2)] as number;
    return legacyDispatchAgrees(k % 2, t, version, lockTime, ins, outs);
  },
  covers: {
    'SIGHASH_ALL, input 1 (the fast path)': ({ k }) => k === 1,
    'ALL|ANYONECANPAY (the reference path)': ({ k }) => k === 12,
  },
});

export const signatureHashSegwitFastPath = proof('SignatureHash (WITNESS_V0) is segwitV0SignatureHash for every int32 hash type: the SIGHASH_ALL fast path writes the BIP143 preimage byte for byte', {
  fn: signatureHash,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 2 outputs (values in [0, 21,000,000 BTC], 2-byte scripts), any version and lock time (uint32), input index i in [0, 1], every int32 hash type t, a 25-byte script code and an amount in [0, 21,000,000 BTC]: signatureHash for SigVersion WITNESS_V0 with precomputed data of any 32-byte hashes is segwitV0SignatureHash, SHA256d of the preimage bip143Preimage states; for t & 0x80 = 0 and t & 0x1f neither 2 nor 3 that is the fast path of sighash-fast.ts. With no precomputed data (computed from the transaction by both) the same holds for t = 0x01 (a symbolic type there costs z3 minutes). Indexes 2 and -1 have no hash.',
  inputs: { i: int(0, 1), t: int32(), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, record({ value: money(), scriptPubKey: bytes(2) })), h: tuple(3, bytes(32)), amount: money(), code: bytes(25) },
  ensures: ({ i, t, version, lockTime, ins, outs, h, amount, code }) => {
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime };
    const pre = precomputedOf(h);
    return (
      sameHash(signatureHash(code, tx, i, t, amount, 'WITNESS_V0', pre), segwitV0SignatureHash(code, tx, i, t, amount, pre)) &&
      // Without precomputed data both compute it from the transaction (SIGHASH_ALL: the fast path).
      sameHash(signatureHash(code, tx, i, 1, amount, 'WITNESS_V0'), segwitV0SignatureHash(code, tx, i, 1, amount)) &&
      signatureHash(code, tx, 2, t, amount, 'WITNESS_V0', pre) === undefined &&
      signatureHash(code, tx, -1, t, amount, 'WITNESS_V0', pre) === undefined
    );
  },
  covers: {
    'SIGHASH_ALL (the fast path)': ({ t }) => t === 1,
    'SIGHASH_ALL with the undefined bit 0x40 (still the fast path)': ({ t }) => t === 0x41,
    'SINGLE|ANYONECANPAY (the reference path)': ({ t }) => t === 0x83,
    'a negative hash type': ({ t }) => t === -2147483647,
  },
});

/**
 * Whether two byte strings are equal, item by item: a preimage here is up to 200 bytes, past the
 * default unwinding of equalBytes's loop.
 * @unwind 200
 */
function samePreimage(a: Uint8Array, b: Uint8Array): boolean {
  let same = a.length === b.length;
  for (let j = 0; j < a.length; j++) same = same && j < b.length && a[j] === b[j];
  return same;
}

export const fastPathsTaken = proof('the SIGHASH_ALL fast paths are taken exactly for SIGHASH_ALL-like hash types at an input in range, and write the reference preimages', {
  // Case queries undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: legacyAllPreimage,
  sharedContext: true,
  spec: '§3.7',
  statement:
    'For a transaction of 2 inputs (any txids, vouts, sequences) and 2 outputs (values in [0, 21,000,000 BTC], 2-byte scripts), any version and lock time (uint32), every int32 hash type t, input index i in {-1, 0, 1, 2} (one case each), precomputed data of any 32-byte hashes, an amount in [0, 21,000,000 BTC] and a 25-byte script code: legacyAllPreimage (given the serialized script code 02 76 ac) and segwitV0AllPreimage return a preimage exactly when t & 0x80 = 0, t & 0x1f is neither 2 nor 3 and 0 <= i <= 1, and it is then byte for byte the preimage legacySignaturePreimage (script code 76 ac) and segwitV0SignaturePreimage write; otherwise undefined (signatureHash then takes the reference). With signatureHashLegacyFastPath and signatureHashSegwitFastPath this pins that the fast paths are used, not only that the hash is right.',
  inputs: { i: int(-1, 2), t: int32(), version: uint32(), lockTime: uint32(), ins: tuple(2, txIn()), outs: tuple(2, record({ value: money(), scriptPubKey: bytes(2) })), h: tuple(3, bytes(32)), amount: money(), code: bytes(25) },
  split: 'i',
  ensures: ({ i, t, version, lockTime, ins, outs, h, amount, code }) => {
    const tx = { version, inputs: [input(ins[0]), input(ins[1])], outputs: [outs[0], outs[1]], lockTime };
    const pre = precomputedOf(h);
    const allLike = (t & 0x80) === 0 && (t & 0x1f) !== 2 && (t & 0x1f) !== 3;
    const legacy = legacyAllPreimage(tx, i, Uint8Array.of(0x02, 0x76, 0xac), t);
    const segwit = segwitV0AllPreimage(code, tx, i, t, amount, pre);
    if (!allLike || i < 0 || i > 1) return legacy === undefined && segwit === undefined;
    const legacyRef = legacySignaturePreimage(Uint8Array.of(0x76, 0xac), tx, i, t);
    const segwitRef = segwitV0SignaturePreimage(code, tx, i, t, amount, pre);
    return legacy !== undefined && legacyRef !== undefined && samePreimage(legacy, legacyRef) && segwit !== undefined && segwitRef !== undefined && samePreimage(segwit, segwitRef);
  },
  covers: {
    'SIGHASH_ALL at input 1': ({ i, t }) => i === 1 && t === 1,
    'SINGLE at input 0 (no fast path)': ({ i, t }) => i === 0 && t === 3,
  },
});

// ---------------------------------------------------------------------------------------------
// The legacy script code (CTransactionSignatureSerializer::SerializeScriptCode) on fixed scripts.

/** A transaction of one input (txid 32 zero bytes, vout 0, sequence ffffffff) and one output (value 0, empty script), version 1, lock time 0. */
const ONE_IN_ONE_OUT: Transaction = {
  version: 1,
  inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] }],
  outputs: [{ value: 0n, scriptPubKey: new Uint8Array(0) }],
  lockTime: 0,
};

/**
 * Whether the SIGHASH_ALL preimage of input 0 of ONE_IN_ONE_OUT for `scriptCode` holds exactly
 * `serialized` as its script code: after nVersion (4), the input count (1), the outpoint (36), and
 * followed by the sequence, output count, output (9), lock time and hash type (21 bytes).
 */
function scriptCodeSerializedAs(scriptCode: Uint8Array, serialized: Uint8Array): boolean {
  const m = legacySignaturePreimage(scriptCode, ONE_IN_ONE_OUT, 0, 0x01);
  return m !== undefined && m.length === 41 + serialized.length + 22 && isAt(m, 41, serialized) && m[41 + serialized.length] === 0xff;
}

export const legacyScriptCodeSeparatorsAndPushes = proof("legacy preimage: the script code without its OP_CODESEPARATORs, pushes read whole, a truncated push ending it", {
  fn: legacySignaturePreimage,
  spec: '§3.7',
  statement:
    "For every byte d, in the SIGHASH_ALL preimage of a one-input transaction the script code is written as Core's SerializeScriptCode does: a CompactSize of its length minus the OP_CODESEPARATORs (ab) GetOp reads, then its bytes without them. ab 76 ab ac → 02 76 ac; 76 ab (ending in a separator) → 01 76; a push's data is never a separator: 4c 01 d ab → 03 4c 01 d, 4d 01 00 d ab → 04 4d 01 00 d, 4e 01 00 00 00 d 4f ab → 07 4e 01 00 00 00 d 4f (OP_PUSHDATA4 4e the last push opcode, OP_1NEGATE 4f the first plain one), 01 d ab → 02 01 d, ab 01 d (a push ending the script) → 02 01 d; GetOp stops at a truncated push, whose unread bytes are not written although the length counts them: ab 4c → 01 4c (no length byte), ab 4c 00 → 02 4c 00 (an empty PUSHDATA1), ab 4d 01 → 02 4d (one of two length bytes), ab 4d 00 00 → 03 4d 00 00, ab 4e 00 00 00 → 04 4e (three of four), ab 4e 00 00 00 00 → 05 4e 00 00 00 00, ab 01 → 01 01 (no data byte), ab 02 d → 02 02 (one of two).",
  inputs: { d: byte() },
  ensures: ({ d }) =>
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x76, 0xab, 0xac), Uint8Array.of(0x02, 0x76, 0xac)) &&
    scriptCodeSerializedAs(Uint8Array.of(0x76, 0xab), Uint8Array.of(0x01, 0x76)) &&
    scriptCodeSerializedAs(Uint8Array.of(0x4c, 0x01, d, 0xab), Uint8Array.of(0x03, 0x4c, 0x01, d)) &&
    scriptCodeSerializedAs(Uint8Array.of(0x4d, 0x01, 0x00, d, 0xab), Uint8Array.of(0x04, 0x4d, 0x01, 0x00, d)) &&
    scriptCodeSerializedAs(Uint8Array.of(0x4e, 0x01, 0x00, 0x00, 0x00, d, 0x4f, 0xab), Uint8Array.of(0x07, 0x4e, 0x01, 0x00, 0x00, 0x00, d, 0x4f)) &&
    scriptCodeSerializedAs(Uint8Array.of(0x01, d, 0xab), Uint8Array.of(0x02, 0x01, d)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x4c), Uint8Array.of(0x01, 0x4c)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x4c, 0x00), Uint8Array.of(0x02, 0x4c, 0x00)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x4d, 0x01), Uint8Array.of(0x02, 0x4d)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x4d, 0x00, 0x00), Uint8Array.of(0x03, 0x4d, 0x00, 0x00)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x4e, 0x00, 0x00, 0x00), Uint8Array.of(0x04, 0x4e)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x4e, 0x00, 0x00, 0x00, 0x00), Uint8Array.of(0x05, 0x4e, 0x00, 0x00, 0x00, 0x00)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x01, d), Uint8Array.of(0x02, 0x01, d)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x01), Uint8Array.of(0x01, 0x01)) &&
    scriptCodeSerializedAs(Uint8Array.of(0xab, 0x02, d), Uint8Array.of(0x02, 0x02)),
});
