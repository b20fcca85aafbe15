/** Signature hash types (SPEC.md §3.4): legacy STRICTENC and BIP341 taproot, with literal byte values. */
import { byte, bytes, int, int64, proof, uint32 } from '../harness/dsl.js';
import { legacySignatureHash } from '../kernel/script/sighash.js';
import { isDefinedHashType, isValidTaprootHashType, taprootInputType, taprootOutputType } from '../kernel/script/sighash-type.js';

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

export const sighashSingleBug = proof('legacy SIGHASH_SINGLE without a matching output signs the hash one', {
  fn: legacySignatureHash,
  spec: '§3.7',
  statement:
    "For a transaction of 3 inputs (any txids and vouts) and 1 output (any value and 25-byte script), any 5-byte scriptCode and input index i in [1, 2]: the legacy signature hash for hash types 0x03, 0x83, 0x23 and 0x43 (hashType & 0x1f = SIGHASH_SINGLE) is Core's uint256 one (0x01 then 31 zero bytes), the hash CTransactionSignatureSerializer never computes (Core's SignatureHash: 'nOut out of range'), as is input 0's of the same inputs with no output; indexes 3 (past the inputs) and -1 have no hash.",
  inputs: { a: bytes(32), b: bytes(32), c: bytes(32), va: uint32(), vb: uint32(), vc: uint32(), value: int64(), script: bytes(25), code: bytes(5), i: int(1, 2) },
  ensures: ({ a, b, c, va, vb, vc, value, script, code, i }) => {
    const tx = { version: 1, inputs: [spend(a, va), spend(b, vb), spend(c, vc)], outputs: [{ value, scriptPubKey: script }], lockTime: 0 };
    return (
      isUint256One(legacySignatureHash(code, tx, i, 0x03)) &&
      isUint256One(legacySignatureHash(code, tx, i, 0x83)) &&
      isUint256One(legacySignatureHash(code, tx, i, 0x23)) &&
      isUint256One(legacySignatureHash(code, tx, i, 0x43)) &&
      legacySignatureHash(code, tx, 3, 0x03) === undefined &&
      legacySignatureHash(code, tx, -1, 0x03) === undefined &&
      isUint256One(legacySignatureHash(code, { version: 1, inputs: tx.inputs, outputs: [], lockTime: 0 }, 0, 0x03))
    );
  },
  covers: { 'the second input': ({ i }) => i === 1, 'the third input': ({ i }) => i === 2 },
});
