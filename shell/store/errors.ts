/**
 * What the chain store reports instead of throwing. Four kinds:
 *   invalid   a header or block fails the kernel's checks: Core's reject reason (exit 1 in the CLI)
 *   corrupt   a stored record is missing or does not decode: the database, the key, the fault (exit 2)
 *   rejected  the call cannot apply here: the block does not extend the tip, its header is unknown,
 *             the datadir is of another network or in use (a caller's error, nothing written)
 *   io        LMDB itself failed (opening, a full disk): its message
 */
import { toDisplayHex, toHex } from '../../kernel/encoding/hex.js';

export type StoreError =
  | { readonly kind: 'invalid'; readonly reason: string; readonly debug: string; readonly height?: number; readonly hash?: string }
  | { readonly kind: 'corrupt'; readonly db: string; readonly key: string; readonly message: string }
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'io'; readonly message: string };

/**
 * Thrown only inside the store, from places that cannot return a value (the CoinView the kernel
 * reads through, a header entry's `prev`); every public method catches it and returns it.
 */
export class CorruptRecord {
  constructor(readonly error: Extract<StoreError, { kind: 'corrupt' }>) {}
}

/** A corrupt-record error for `db` at `key` (hashes in display order, other keys in hex). */
export function corrupt(db: string, key: Uint8Array | string, message: string, displayOrder = false): Extract<StoreError, { kind: 'corrupt' }> {
  const shown = typeof key === 'string' ? key : displayOrder ? toDisplayHex(key) : toHex(key);
  return { kind: 'corrupt', db, key: shown, message };
}

/** One line for a store error. */
export function formatStoreError(e: StoreError): string {
  switch (e.kind) {
    case 'invalid':
      return `${e.reason}${e.height === undefined ? '' : ` at height ${e.height}`}${e.hash === undefined ? '' : ` (${e.hash})`}: ${e.debug}`;
    case 'corrupt':
      return `corrupt store: ${e.db} record ${e.key}: ${e.message}`;
    case 'rejected':
    case 'io':
      return e.message;
  }
}
