/** Signature hash types (SPEC.md §3.4): legacy STRICTENC and BIP341 taproot, with literal byte values. */
import { byte, proof } from '../harness/dsl.js';
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
