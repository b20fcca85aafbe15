import { blockHash } from '../primitives/block.js';
import type { Block, Transaction } from '../primitives/types.js';
import { concatBytes } from '../encoding/bytes.js';
import { pushData, pushInt } from '../script/build.js';
import { OP_CHECKSIG } from '../script/opcodes.js';
import { blockMerkleRoot } from '../validation/merkle.js';

/** The fields a network's genesis block is built from (Core's CreateGenesisBlock arguments). */
export interface GenesisFields {
  readonly timestampMessage: string;
  /** The public key locked by the genesis output's `<pubkey> OP_CHECKSIG`. */
  readonly outputPubKey: Uint8Array;
  readonly time: number;
  readonly nonce: number;
  readonly bits: number;
  readonly version: number;
  readonly reward: bigint;
}

/**
 * Core's CreateGenesisBlock: one coinbase whose scriptSig is `486604799 CScriptNum(4) <message>`,
 * paying `reward` to `<pubkey> OP_CHECKSIG`, in a block with a null parent (SPEC.md §6.1).
 */
export function createGenesisBlock(fields: GenesisFields): Block {
  const coinbase: Transaction = {
    version: 1,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: concatBytes(
          pushInt(486604799n),
          pushData(Uint8Array.of(4)), // CScriptNum(4) pushed as data, not OP_4
          pushData(new TextEncoder().encode(fields.timestampMessage)),
        ),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: fields.reward, scriptPubKey: concatBytes(pushData(fields.outputPubKey), Uint8Array.of(OP_CHECKSIG)) }],
    lockTime: 0,
  };
  const unrooted: Block = {
    header: {
      version: fields.version,
      prevBlockHash: new Uint8Array(32),
      merkleRoot: new Uint8Array(32),
      time: fields.time,
      bits: fields.bits,
      nonce: fields.nonce,
    },
    transactions: [coinbase],
  };
  return { ...unrooted, header: { ...unrooted.header, merkleRoot: blockMerkleRoot(unrooted).root } };
}

/** The genesis block's hash, computed from its construction (SPEC.md §6.1). */
export function genesisHash(fields: GenesisFields): Uint8Array {
  return blockHash(createGenesisBlock(fields).header);
}
