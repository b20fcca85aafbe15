import { equalBytes } from '../encoding/bytes.js';
import { hasWitness } from '../primitives/transaction.js';
import type { Block, TxOut } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import { OP_RETURN } from '../script/opcodes.js';
import type { BlockValidationError } from './errors.js';
import { blockWitnessMerkleRoot, hashPair } from './merkle.js';

/** Core's MINIMUM_WITNESS_COMMITMENT: OP_RETURN, a 36-byte push, 4-byte header, 32-byte hash. */
export const MINIMUM_WITNESS_COMMITMENT = 38;
/** BIP141 commitment header after OP_RETURN: push 36 bytes, then 0xaa21a9ed. */
const COMMITMENT_HEADER = Uint8Array.of(0x24, 0xaa, 0x21, 0xa9, 0xed);

/** Whether `script` is a BIP141 commitment output: OP_RETURN, the header, room for the 32-byte hash (SPEC.md §4.5). */
export function isWitnessCommitmentScript(script: Uint8Array): boolean {
  return script.length >= MINIMUM_WITNESS_COMMITMENT && script[0] === OP_RETURN && equalBytes(script.subarray(1, 1 + COMMITMENT_HEADER.length), COMMITMENT_HEADER);
}

/** Core's GetWitnessCommitmentIndex over coinbase outputs: the last commitment output wins, or -1 (SPEC.md §4.5). */
export function witnessCommitmentIndex(outputs: readonly TxOut[]): number {
  let index = -1;
  for (let o = 0; o < outputs.length; o++) {
    const out = outputs[o];
    if (out !== undefined && isWitnessCommitmentScript(out.scriptPubKey)) index = o;
  }
  return index;
}

/** Core's GetWitnessCommitmentIndex for a block's coinbase (SPEC.md §4.5). */
export function getWitnessCommitmentIndex(block: Block): number {
  return witnessCommitmentIndex(block.transactions[0]?.outputs ?? []);
}

export interface WitnessCommitmentCheck {
  /** Whether the block carries a witness commitment that was checked. */
  readonly committed: boolean;
}

/**
 * The witness rules of Core's ContextualCheckBlock (BIP141). With segwit active and a commitment
 * present, the coinbase witness must be one 32-byte reserved value and SHA256d(witness root ||
 * reserved value) must equal the committed hash. Without a checked commitment no transaction
 * may carry a witness (SPEC.md §4.5).
 */
export function checkWitnessCommitment(
  block: Block,
  segwitActive: boolean,
): Result<WitnessCommitmentCheck, BlockValidationError> {
  const index = segwitActive ? getWitnessCommitmentIndex(block) : -1;
  const coinbase = block.transactions[0];
  if (index >= 0 && coinbase !== undefined) {
    const reserved = coinbase.inputs[0]?.witness;
    const nonce = reserved?.[0];
    if (reserved?.length !== 1 || nonce === undefined || nonce.length !== 32) {
      return err({ reason: 'bad-witness-nonce-size', debug: 'invalid witness reserved value size' });
    }
    const expected = hashPair(blockWitnessMerkleRoot(block).root, nonce);
    const committed = coinbase.outputs[index]?.scriptPubKey.subarray(6, 38);
    if (committed === undefined || !equalBytes(expected, committed)) {
      return err({ reason: 'bad-witness-merkle-match', debug: 'witness merkle commitment mismatch' });
    }
    return ok({ committed: true });
  }
  // No witness data without a commitment: it would leave room for spam (Core's comment).
  if (block.transactions.some(hasWitness)) {
    return err({ reason: 'unexpected-witness', debug: 'unexpected witness data found' });
  }
  return ok({ committed: false });
}
