/** Core's COutPoint. `txid` is in internal byte order (as hashed, not as displayed). */
export interface OutPoint {
  readonly txid: Uint8Array;
  readonly vout: number;
}

/** Core's CTxIn, with its witness stack (BIP144). */
export interface TxIn {
  readonly prevout: OutPoint;
  readonly scriptSig: Uint8Array;
  readonly sequence: number;
  readonly witness: readonly Uint8Array[];
}

/** Core's CTxOut. `value` in satoshis, the full int64 range as serialized. */
export interface TxOut {
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
}

/** Core's CTransaction. `version` is the 32-bit field read unsigned, as Core does since v28. */
export interface Transaction {
  readonly version: number;
  readonly inputs: readonly TxIn[];
  readonly outputs: readonly TxOut[];
  readonly lockTime: number;
}

/** Core's CBlockHeader. Hashes in internal byte order. */
export interface BlockHeader {
  readonly version: number;
  readonly prevBlockHash: Uint8Array;
  readonly merkleRoot: Uint8Array;
  readonly time: number;
  readonly bits: number;
  readonly nonce: number;
}

/** Core's CBlock. */
export interface Block {
  readonly header: BlockHeader;
  readonly transactions: readonly Transaction[];
}
