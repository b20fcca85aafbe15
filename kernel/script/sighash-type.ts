/** Signature hash types: Core's script/interpreter.h values and the checks on the hash-type byte. */

/** Core's SIGHASH_ALL. */
export const SIGHASH_ALL = 1;
/** Core's SIGHASH_NONE. */
export const SIGHASH_NONE = 2;
/** Core's SIGHASH_SINGLE. */
export const SIGHASH_SINGLE = 3;
/** Core's SIGHASH_ANYONECANPAY. */
export const SIGHASH_ANYONECANPAY = 0x80;
/** Core's SIGHASH_DEFAULT (BIP341): taproot only, means SIGHASH_ALL. */
export const SIGHASH_DEFAULT = 0;
/** Core's SIGHASH_OUTPUT_MASK (BIP341). */
export const SIGHASH_OUTPUT_MASK = 3;
/** Core's SIGHASH_INPUT_MASK (BIP341). */
export const SIGHASH_INPUT_MASK = 0x80;

/**
 * Core's IsDefinedHashtypeSignature (SCRIPT_VERIFY_STRICTENC) on the hash-type byte: with the
 * ANYONECANPAY bit cleared, it is SIGHASH_ALL, SIGHASH_NONE or SIGHASH_SINGLE (SPEC.md §3.4).
 */
export function isDefinedHashType(hashType: number): boolean {
  const base = hashType & ~SIGHASH_ANYONECANPAY & 0xff;
  return base >= SIGHASH_ALL && base <= SIGHASH_SINGLE;
}

/**
 * The hash-type check of Core's SignatureHashSchnorr (BIP341): 0x00-0x03 or 0x81-0x83
 * (SPEC.md §3.4).
 */
export function isValidTaprootHashType(hashType: number): boolean {
  return hashType <= 0x03 || (hashType >= 0x81 && hashType <= 0x83);
}

/** BIP341's output type: SIGHASH_DEFAULT means SIGHASH_ALL, else the low two bits (SPEC.md §3.4). */
export function taprootOutputType(hashType: number): number {
  return hashType === SIGHASH_DEFAULT ? SIGHASH_ALL : hashType & SIGHASH_OUTPUT_MASK;
}

/** BIP341's input type: the ANYONECANPAY bit (SPEC.md §3.4). */
export function taprootInputType(hashType: number): number {
  return hashType & SIGHASH_INPUT_MASK;
}
