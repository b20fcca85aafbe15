/** BIP141 witness commitments (SPEC.md §4.5): which coinbase output carries the commitment, and the check of the witness Merkle root it commits to. */
import { bool, bytes, int, proof, record, tuple } from '../harness/dsl.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import type { Block, Transaction, TxIn, TxOut } from '../kernel/primitives/types.js';
import { checkWitnessCommitment, getWitnessCommitmentIndex, isWitnessCommitmentScript, witnessCommitmentIndex } from '../kernel/validation/witness-commitment.js';
import { oneInOneOut, oneInOneOutSerialization } from './block-domains.js';

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
    'For a block of 2 transactions (the coinbase with 2 outputs of any 38-byte scripts, commitments included) with segwit not active: checkWitnessCommitment is unexpected-witness iff the coinbase or the other transaction has a non-empty witness stack, else accepted with no commitment checked. With segwit active and a commitment present: witnessCommitmentChecked.',
  inputs: { outs: tuple(2, record({ scriptPubKey: bytes(38) })), cbWitness: bool(), txWitness: bool() },
  ensures: ({ outs, cbWitness, txWitness }) => {
    const r = checkWitnessCommitment(blockWith(outs, cbWitness, txWitness), false);
    return cbWitness || txWitness ? !r.ok && r.error.reason === 'unexpected-witness' : r.ok && !r.value.committed;
  },
  covers: { 'a commitment output is ignored before segwit': ({ outs, txWitness }) => hasCommitmentPrefix(outs[1].scriptPubKey) && txWitness },
});

/** A coinbase witness stack of shape 0..3: none, [nonce], [nonce without its last byte] (31 bytes), [nonce, nonce]. */
function reservedStack(shape: number, nonce: Uint8Array): Uint8Array[] {
  if (shape === 0) return [];
  if (shape === 1) return [nonce];
  if (shape === 2) return [nonce.subarray(0, 31)];
  return [nonce, nonce];
}

/** Whether bytes 6..37 of the commitment script are `hash` (the 32 bytes after OP_RETURN, the push and 0xaa21a9ed). */
function commits(script: Uint8Array, hash: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (script[6 + i] !== hash[i]) return false;
  return true;
}

/** A block of a coinbase (witness stack `witness`, one output of script `spk`) and `tx`. */
function commitmentBlock(spk: Uint8Array, witness: Uint8Array[], tx: Transaction): Block {
  const coinbase = { version: 1, inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0xffffffff }, scriptSig: Uint8Array.of(0x51, 0x00), sequence: 0xffffffff, witness }], outputs: [{ value: 0n, scriptPubKey: spk }], lockTime: 0 };
  return { header: { version: 4, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 }, transactions: [coinbase, tx] };
}

/** SHA256d(SHA256d(32 zero bytes ‖ w) ‖ r): the witness root of the coinbase (taken as zero) and `tx` (w its wtxid, its txid without witness), with the reserved value r. */
function expectedCommitment(tx: Transaction, nonce: Uint8Array): Uint8Array {
  const w = sha256d(oneInOneOutSerialization(tx));
  return sha256d(concatBytes(sha256d(concatBytes(new Uint8Array(32), w)), nonce));
}

export const witnessCommitmentChecked = proof('with segwit active, a commitment output requires one 32-byte reserved value and SHA256d(witness root ‖ reserved value) at bytes 6..38', {
  fn: checkWitnessCommitment,
  spec: '§4.5',
  split: 'shape',
  statement:
    'For a block of a coinbase (one output with any 38-byte script; its input\'s witness stack none, [r], [r without its last byte] or [r, r] for a symbolic 32-byte r, one case each) and a transaction of one input and one output without witness (any fields, 2-byte scriptSig, 1-byte scriptPubKey), with segwit active: when the script starts 6a 24 aa 21 a9 ed, the block is bad-witness-nonce-size unless the coinbase witness is exactly [r] (one 32-byte item), else accepted with the commitment checked exactly when bytes 6..38 of the script are SHA256d(SHA256d(32 zero bytes ‖ w) ‖ r), the witness Merkle root of two leaves with the coinbase\'s taken as zero and w the second transaction\'s wtxid (without witness its txid: SHA256d of the field-by-field serialization, proofs/block-domains.ts), else bad-witness-merkle-match; when the script is no commitment, a coinbase witness is unexpected-witness and an empty one is accepted uncommitted.',
  inputs: { spk: bytes(38), shape: int(0, 3), nonce: bytes(32), tx: oneInOneOut() },
  ensures: ({ spk, shape, nonce, tx }) => {
    const r = checkWitnessCommitment(commitmentBlock(spk, reservedStack(shape, nonce), tx), true);
    if (!hasCommitmentPrefix(spk)) return shape === 0 ? r.ok && !r.value.committed : !r.ok && r.error.reason === 'unexpected-witness';
    if (shape !== 1) return !r.ok && r.error.reason === 'bad-witness-nonce-size';
    return commits(spk, expectedCommitment(tx, nonce)) ? r.ok && r.value.committed : !r.ok && r.error.reason === 'bad-witness-merkle-match';
  },
  covers: {
    'a coinbase witness of two items under a commitment is bad-witness-nonce-size': ({ spk, shape }) => shape === 3 && hasCommitmentPrefix(spk),
    'a matching commitment is accepted': ({ spk, shape, nonce, tx }) => shape === 1 && hasCommitmentPrefix(spk) && commits(spk, expectedCommitment(tx, nonce)),
  },
});

export const witnessCommitmentTrailingBytes = proof('a commitment script longer than 38 bytes commits with its bytes 6..38: what follows them is not read', {
  fn: checkWitnessCommitment,
  spec: '§4.5',
  statement:
    'For the block of witnessCommitmentChecked with the coinbase witness [r] (one symbolic 32-byte item) and its one output script 6a 24 aa 21 a9 ed ‖ c ‖ t, c any 32 bytes and t any 2 trailing bytes (40 bytes: Core takes a script of at least 38 bytes with that prefix, and compares the 32 bytes at offset 6 alone): with segwit active the block is accepted with the commitment checked exactly when c is SHA256d(SHA256d(32 zero bytes ‖ w) ‖ r), w the second transaction\'s wtxid (its txid: SHA256d of the field-by-field serialization), else bad-witness-merkle-match, whatever t is. (witnessCommitmentChecked takes 38-byte scripts, where reading one byte more or less past the commitment is not seen.)',
  inputs: { c: bytes(32), t: bytes(2), nonce: bytes(32), tx: oneInOneOut() },
  ensures: ({ c, t, nonce, tx }) => {
    const spk = concatBytes(Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed), c, t);
    const r = checkWitnessCommitment(commitmentBlock(spk, [nonce], tx), true);
    return commits(spk, expectedCommitment(tx, nonce)) ? r.ok && r.value.committed : !r.ok && r.error.reason === 'bad-witness-merkle-match';
  },
  covers: {
    'a matching commitment with trailing bytes is accepted': ({ c, t, nonce, tx }) => commits(concatBytes(Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed), c, t), expectedCommitment(tx, nonce)),
  },
});
