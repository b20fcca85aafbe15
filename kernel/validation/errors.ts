/** Reject reasons of Core's CheckTransaction (consensus/tx_check.cpp), under Core's names. */
export type TxRejectReason =
  | 'bad-txns-vin-empty'
  | 'bad-txns-vout-empty'
  | 'bad-txns-oversize'
  | 'bad-txns-vout-negative'
  | 'bad-txns-vout-toolarge'
  | 'bad-txns-txouttotal-toolarge'
  | 'bad-txns-inputs-duplicate'
  | 'bad-cb-length'
  | 'bad-txns-prevout-null';

/** Reject reasons of Core's CheckBlockHeader, CheckBlock and the witness part of ContextualCheckBlock. */
export type BlockRejectReason =
  | 'high-hash'
  | 'bad-prevblk'
  | 'bad-diffbits'
  | 'time-too-old'
  | 'time-timewarp-attack'
  | 'time-too-new'
  | `bad-version(0x${string})`
  | 'bad-txnmrklroot'
  | 'bad-txns-duplicate'
  | 'bad-blk-length'
  | 'bad-cb-missing'
  | 'bad-cb-multiple'
  | 'bad-blk-sigops'
  | 'bad-witness-nonce-size'
  | 'bad-witness-merkle-match'
  | 'unexpected-witness'
  | 'bad-txns-nonfinal'
  | 'bad-cb-height'
  | 'bad-blk-weight'
  | 'bad-txns-BIP30'
  | 'bad-txns-inputs-missingorspent'
  | 'bad-txns-premature-spend-of-coinbase'
  | 'bad-txns-inputvalues-outofrange'
  | 'bad-txns-in-belowout'
  | 'bad-txns-fee-outofrange'
  | 'bad-txns-accumulated-fee-outofrange'
  | 'bad-cb-amount'
  /** Core ≥ 30.0 (bitcoin/bitcoin#33183; `mandatory-…` before): ScriptErrorString's text in the parentheses. */
  | `block-script-verify-flag-failed (${string})`
  | TxRejectReason;

/** Core's ValidationState: a reject reason and its debug message. */
export interface ValidationError<R extends string> {
  readonly reason: R;
  readonly debug: string;
}

export type TxValidationError = ValidationError<TxRejectReason>;
export type BlockValidationError = ValidationError<BlockRejectReason>;
