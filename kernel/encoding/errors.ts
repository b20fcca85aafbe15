/**
 * Why bytes failed to decode. Where Core has a message for the failure, the code is Core's
 * own string (from serialize.h, streams.h and primitives/transaction.h), so auditors can map it.
 */
export type DecodeErrorCode =
  | 'DataStream::read(): end of data'
  | 'non-canonical ReadCompactSize()'
  | 'ReadCompactSize(): size too large'
  | 'Superfluous witness record'
  | 'Unknown transaction optional data'
  | 'trailing-data'
  /** A filtered block's transaction kind that is neither 0 (whole) nor 1 (stripped) (kernel/spam/filtered-block-codec.ts). */
  | 'unknown filtered transaction kind';

export interface DecodeError {
  readonly code: DecodeErrorCode;
  /** Byte offset at which decoding failed. */
  readonly offset: number;
}
