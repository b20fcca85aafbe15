/** BIP141 witness commitment outputs (SPEC.md §4.5): which coinbase output carries the commitment. */
import { bool, bytes, proof, record, tuple } from '../harness/dsl.js';
import type { Block, TxIn, TxOut } from '../kernel/primitives/types.js';
import { checkWitnessCommitment, getWitnessCommitmentIndex, isWitnessCommitmentScript, witnessCommitmentIndex } from '../kernel/validation/witness-commitment.js';

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

/** n bytes as the witness rule sees a witness item: only whether the stack has items. */
function item(n: number): Uint8Array {
  return { length: n } as unknown as Uint8Array;
}

/** An input with a 1-item witness stack or none. */
function inputWith(witnessed: boolean): TxIn {
  return { prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0, witness: witnessed ? [item(32)] : [] };
}

/** A block whose coinbase has the given outputs, and one more transaction with `extraWitness` items on its input (0 or 1). */
function blockWith(outs: readonly TxOut[], coinbaseWitness: boolean, extraWitness: boolean): Block {
  return {
    header: { version: 4, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 },
    transactions: [
      { version: 1, inputs: [inputWith(coinbaseWitness)], outputs: outs, lockTime: 0 },
      { version: 1, inputs: [inputWith(extraWitness)], outputs: [], lockTime: 0 },
    ],
  };
}

export const blockCommitmentIndex = proof("a block's witness commitment is its coinbase's last commitment output", {
  fn: getWitnessCommitmentIndex,
  spec: '§4.5',
  statement:
    'For a block of 2 transactions whose coinbase has 2 outputs with 38-byte scripts: GetWitnessCommitmentIndex is the index of the last output starting 6a 24 aa 21 a9 ed, or -1; a block without transactions has none (-1).',
  inputs: { outs: tuple(2, record({ scriptPubKey: bytes(38) })) },
  ensures: ({ outs }) => {
    const expected = hasCommitmentPrefix(outs[1].scriptPubKey) ? 1 : hasCommitmentPrefix(outs[0].scriptPubKey) ? 0 : -1;
    const empty: Block = { header: blockWith([], false, false).header, transactions: [] };
    return getWitnessCommitmentIndex(blockWith(outs, false, false)) === expected && getWitnessCommitmentIndex(empty) === -1;
  },
  covers: { 'both outputs commit': ({ outs }) => hasCommitmentPrefix(outs[0].scriptPubKey) && hasCommitmentPrefix(outs[1].scriptPubKey) },
});

export const noWitnessWithoutCommitment = proof('before segwit no transaction may carry a witness', {
  fn: checkWitnessCommitment,
  spec: '§4.5',
  statement:
    'For a block of 2 transactions (the coinbase with 2 outputs of any 38-byte scripts, commitments included) with segwit not active: checkWitnessCommitment is unexpected-witness iff the coinbase or the other transaction has a non-empty witness stack, else accepted with no commitment checked. (With segwit active and a commitment present, the check of the witness Merkle root is not proved: the root is computed in batches with copyWithin/set, outside the provable subset; test/mutations.test.ts covers it.)',
  inputs: { outs: tuple(2, record({ scriptPubKey: bytes(38) })), cbWitness: bool(), txWitness: bool() },
  ensures: ({ outs, cbWitness, txWitness }) => {
    const r = checkWitnessCommitment(blockWith(outs, cbWitness, txWitness), false);
    return cbWitness || txWitness ? !r.ok && r.error.reason === 'unexpected-witness' : r.ok && !r.value.committed;
  },
  covers: { 'a commitment output is ignored before segwit': ({ outs, txWitness }) => hasCommitmentPrefix(outs[1].scriptPubKey) && txWitness },
});
