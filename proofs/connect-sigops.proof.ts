/**
 * ConnectBlock's block sigop cost limit (SPEC.md §5.7, kernel/validation/connect-block.ts
 * connectTransactions: Core's ConnectBlock, `nSigOpsCost > MAX_BLOCK_SIGOPS_COST` → "bad-blk-sigops")
 * at its exact boundary: a block whose coinbase output script is OP_RETURN, 1,000 OP_CHECKMULTISIG
 * and one more byte, so its cost is 80,000 or just above (legacy sigops cost 4 each); and such a
 * coinbase beside a P2WPKH spend, whose witness sigop (cost 1) makes 80,001. The other proofs'
 * blocks of one-byte scripts cannot reach the limit. Tests: test/connect-block.test.ts builds a
 * block over 80,000 through P2SH redeem scripts.
 */
import { big, bool, byte, bytes, int, map, proof, record, str, tuple, uint32 } from '../harness/dsl.js';
import { type Coin, outpointKey, utxoSetView } from '../kernel/chain/utxo.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { connectTransactions } from '../kernel/validation/connect-block.js';
import { output, regtestContext } from './block-domains.js';

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

/** A coin of the set paying to a 22-byte script (a P2WPKH program when it starts 00 14). */
const coin22 = () => record({ output: record({ value: big(0n, 2_100_000_000_000_000n), scriptPubKey: bytes(22) }), height: int(0, 48), isCoinbase: bool() });

/** A transaction of one input spending `prevout` with an empty scriptSig and the witness [w1, w2], and one output. */
function witnessSpend(prevout: { txid: Uint8Array; vout: number }, sequence: number, w1: Uint8Array, w2: Uint8Array, out: { value: bigint; scriptPubKey: Uint8Array }): Transaction {
  return { version: 1, inputs: [{ prevout, scriptSig: new Uint8Array(0), sequence, witness: [w1, w2] }], outputs: [out], lockTime: 0 };
}

export const connectBlockWitnessSigOp = proof("ConnectBlock counts a P2WPKH spend's witness sigop in the block's 80,000: a block that connects is refused once its coinbase costs 80,000", {
  fn: connectTransactions,
  sharedText: true,
  spec: '§5.7',
  statement:
    "For a regtest block at height 101..149 of a coinbase (any 2-byte scriptSig without 0xac..0xaf) and one transaction of version 1 spending (at an index other than the null outpoint index 0xffffffff) a P2WPKH coin of a set of one coin (00 14 and a 20-byte program; any value, height and coinbase flag) with an empty scriptSig and a witness of two 2-byte items, with one output: when the block connects with a coinbase paying 0 to 6a (OP_RETURN), the same block whose coinbase pays 0 to OP_RETURN, 1,000 OP_CHECKMULTISIG and OP_0 (a sigop cost of exactly 80,000) is refused with bad-blk-sigops: the P2WPKH spend's witness sigop is counted in the block's cost (1, so 80,001 in all when the output's 1-byte script is not a sigop; that it counts 1 and not 4 is GetTransactionSigOpCost's proof, proofs/script-parse.proof.ts).",
  inputs: {
    set: map(1, str(), coin22()),
    scriptSig: bytes(2),
    prevout: record({ txid: bytes(32), vout: uint32() }),
    sequence: uint32(),
    w1: bytes(2),
    w2: bytes(2),
    out: output(),
    ids: tuple(2, bytes(32)),
    hash: str(),
    height: int(101, 149),
  },
  requires: ({ set, scriptSig, prevout }) => {
    const spent: Coin | undefined = set.get(outpointKey(prevout));
    return (
      // Not the null outpoint's index: a transaction spending the null outpoint is a coinbase, whose witness ConnectBlock never counts (CheckBlock refuses a second coinbase first).
      prevout.vout !== 0xffffffff &&
      spent !== undefined &&
      spent.output.scriptPubKey[0] === 0x00 &&
      spent.output.scriptPubKey[1] === 0x14 &&
      (scriptSig[0] < 0xac || scriptSig[0] > 0xaf) &&
      (scriptSig[1] < 0xac || scriptSig[1] > 0xaf)
    );
  },
  ensures: ({ set, scriptSig, prevout, sequence, w1, w2, out, ids, hash, height }) => {
    const tx = witnessSpend(prevout, sequence, w1, w2, out);
    const plain = connectTransactions(utxoSetView(set), [coinbasePaying(scriptSig, Uint8Array.of(0x6a)), tx], [ids[0], ids[1]], hash, regtestContext(height));
    const heavy = connectTransactions(utxoSetView(set), [coinbasePaying(scriptSig, thousandMultisigThen(0x00)), tx], [ids[0], ids[1]], hash, regtestContext(height));
    return !plain.ok || (!heavy.ok && heavy.error.reason === 'bad-blk-sigops');
  },
  covers: {
    'the plain block connects': ({ set, scriptSig, prevout, sequence, w1, w2, out, ids, hash, height }) =>
      connectTransactions(utxoSetView(set), [coinbasePaying(scriptSig, Uint8Array.of(0x6a)), witnessSpend(prevout, sequence, w1, w2, out)], [ids[0], ids[1]], hash, regtestContext(height)).ok,
  },
});
