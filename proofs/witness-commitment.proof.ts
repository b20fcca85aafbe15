/** BIP141 witness commitment outputs (SPEC.md §4.5): which coinbase output carries the commitment. */
import { bytes, proof, record, tuple } from '../harness/dsl.js';
import { isWitnessCommitmentScript, witnessCommitmentIndex } from '../kernel/validation/witness-commitment.js';

/** The BIP141 commitment prefix, with its literal bytes: OP_RETURN, push 36, 0xaa21a9ed. */
function hasCommitmentPrefix(s: Uint8Array): boolean {
  return s[0] === 0x6a && s[1] === 0x24 && s[2] === 0xaa && s[3] === 0x21 && s[4] === 0xa9 && s[5] === 0xed;
}

export const witnessCommitmentLastWins = proof('the last commitment output of the coinbase is the witness commitment', {
  fn: witnessCommitmentIndex,
  spec: '§4.5',
  statement:
    'For every 3 coinbase outputs with 38-byte scripts: GetWitnessCommitmentIndex is the highest index whose script starts 6a 24 aa 21 a9 ed (OP_RETURN, a 36-byte push, 0xaa21a9ed), and -1 when none does; an earlier commitment output is ignored (Core uses the last).',
  inputs: { outs: tuple(3, record({ scriptPubKey: bytes(38) })) },
  ensures: ({ outs }) => {
    const expected = hasCommitmentPrefix(outs[2].scriptPubKey) ? 2 : hasCommitmentPrefix(outs[1].scriptPubKey) ? 1 : hasCommitmentPrefix(outs[0].scriptPubKey) ? 0 : -1;
    return witnessCommitmentIndex(outs) === expected;
  },
  covers: {
    'two commitments: the later one counts': ({ outs }) => hasCommitmentPrefix(outs[0].scriptPubKey) && hasCommitmentPrefix(outs[1].scriptPubKey) && witnessCommitmentIndex(outs) === 1,
  },
});

export const witnessCommitmentMinimumSize = proof('a script shorter than 38 bytes is never a witness commitment', {
  fn: isWitnessCommitmentScript,
  spec: '§4.5',
  statement: 'For every 37-byte script, even one starting with the commitment prefix: it is not a witness commitment (MINIMUM_WITNESS_COMMITMENT = 38 = 1 + 1 + 4 + 32).',
  inputs: { s: bytes(37) },
  ensures: ({ s }) => !isWitnessCommitmentScript(s),
  covers: { 'the prefix alone is present': ({ s }) => hasCommitmentPrefix(s) },
});
