/**
 * ConnectBlock's block sigop cost limit (SPEC.md §5.7, kernel/validation/connect-block.ts
 * connectTransactions: Core's ConnectBlock, `nSigOpsCost > MAX_BLOCK_SIGOPS_COST` → "bad-blk-sigops")
 * at its exact boundary: a block whose coinbase output script is 1,000 OP_CHECKMULTISIG and one
 * more opcode, so its cost is 80,000 or just above. The other proofs' blocks of one-byte scripts
 * cannot reach the limit (proofs/boundary-notes.ts said so before this proof).
 */
import { byte, bytes, int, proof, str } from '../harness/dsl.js';
import { utxoSetView } from '../kernel/chain/utxo.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { connectTransactions } from '../kernel/validation/connect-block.js';
import { regtestContext } from './block-domains.js';

/**
 * OP_RETURN (so the output never enters the UTXO set), 1,000 OP_CHECKMULTISIG (0xae, 20 legacy
 * sigops each, counted after an OP_RETURN too: 20,000, cost 80,000) and then `last`. @unwind 1002
 */
function thousandMultisigThen(last: number): Uint8Array {
  const script = new Uint8Array(1002);
  script[0] = 0x6a;
  for (let i = 1; i <= 1000; i++) script[i] = 0xae;
  script[1001] = last;
  return script;
}

/** A coinbase (null outpoint, `scriptSig`) paying 0 to `scriptPubKey`. */
function coinbasePaying(scriptSig: Uint8Array, scriptPubKey: Uint8Array): Transaction {
  return {
    version: 1,
    inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0xffffffff }, scriptSig, sequence: 0xffffffff, witness: [] }],
    outputs: [{ value: 0n, scriptPubKey }],
    lockTime: 0,
  };
}

export const connectBlockSigOpsLimit = proof('ConnectBlock: bad-blk-sigops above a sigop cost of 80,000, and a block of exactly 80,000 connects', {
  fn: connectTransactions,
  spec: '§5.7',
  statement:
    'For a regtest block at height 1..149 of one transaction, a coinbase (a 2-byte scriptSig of any bytes but 0xac..0xaf, so without sigops) paying 0 to a script of OP_RETURN, 1,000 OP_CHECKMULTISIG (0xae) and any one byte b, against an empty set: ConnectBlock refuses it with bad-blk-sigops exactly when b is OP_CHECKSIG, OP_CHECKSIGVERIFY (1 more legacy sigop: cost 80,004), OP_CHECKMULTISIG or OP_CHECKMULTISIGVERIFY (20 more: 80,080), and connects it otherwise (cost exactly 80,000: 4 per legacy sigop, 20 for each CHECKMULTISIG, MAX_BLOCK_SIGOPS_COST written out).',
  // GetSigOpCount's loop reads each of the script's 1,002 opcodes.
  unwind: 1003,
  inputs: { last: byte(), scriptSig: bytes(2), hash: str(), height: int(1, 149) },
  // A scriptSig without a sigop opcode (0xac..0xaf) anywhere: its legacy count is 0 however it parses.
  requires: ({ scriptSig }) => (scriptSig[0] < 0xac || scriptSig[0] > 0xaf) && (scriptSig[1] < 0xac || scriptSig[1] > 0xaf),
  ensures: ({ last, scriptSig, hash, height }) => {
    const r = connectTransactions(utxoSetView(new Map()), [coinbasePaying(scriptSig, thousandMultisigThen(last))], [new Uint8Array(32)], hash, regtestContext(height));
    const overLimit = last === 0xac || last === 0xad || last === 0xae || last === 0xaf;
    return overLimit ? !r.ok && r.error.reason === 'bad-blk-sigops' : r.ok;
  },
  covers: {
    'exactly 80,000 (a last OP_0): connects': ({ last, scriptSig, hash, height }) => last === 0x00 && connectTransactions(utxoSetView(new Map()), [coinbasePaying(scriptSig, thousandMultisigThen(last))], [new Uint8Array(32)], hash, regtestContext(height)).ok,
    '80,004 (a last OP_CHECKSIG): refused': ({ last }) => last === 0xac,
  },
});
