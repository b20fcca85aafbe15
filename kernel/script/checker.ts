import type { Secp256k1Backend } from '../crypto/secp256k1.js';
import type { Result } from '../result.js';
import type { ScriptError } from './errors.js';

/** Core's SigVersion: which rules and signature hash a script runs under. */
export type SigVersion = 'BASE' | 'WITNESS_V0' | 'TAPROOT' | 'TAPSCRIPT';

/** What a Schnorr signature hash needs from the running script (Core's ScriptExecutionData). */
export interface ScriptExecutionData {
  /** BIP342: the tapleaf hash of the running tapscript (TAPSCRIPT only). */
  readonly tapleafHash: Uint8Array | undefined;
  /** BIP342: opcode position of the last executed OP_CODESEPARATOR, 0xffffffff when none (TAPSCRIPT only). */
  readonly codeseparatorPos: number;
  /** BIP341: SHA256(CompactSize(|annex|) ‖ annex) when the witness carries an annex. */
  readonly annexHash: Uint8Array | undefined;
}

/**
 * Core's BaseSignatureChecker: what the interpreter asks of the transaction it verifies.
 * Implemented for real transactions by `createTransactionSignatureChecker` (kernel/script/tx-checker.ts).
 */
export interface SignatureChecker {
  /** The secp256k1 backend signatures are verified with; VerifyScript also uses it for BIP341's tap tweak. */
  readonly backend: Secp256k1Backend;
  /** Core's CheckECDSASignature: `signature` ends with its hash-type byte; false on any failure. */
  checkEcdsaSignature(signature: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigVersion: 'BASE' | 'WITNESS_V0'): boolean;
  /**
   * Core's CheckSchnorrSignature (BIP340/341/342): `signature` is 64 bytes, or 65 with a non-default
   * hash type; errors SCHNORR_SIG_SIZE, SCHNORR_SIG_HASHTYPE, SCHNORR_SIG as Core sets them.
   */
  checkSchnorrSignature(
    signature: Uint8Array,
    pubkey: Uint8Array,
    sigVersion: 'TAPROOT' | 'TAPSCRIPT',
    execData: ScriptExecutionData,
  ): Result<void, ScriptError>;
  /** Core's CheckLockTime (BIP65): the script's lock time against the transaction's. */
  checkLockTime(lockTime: bigint): boolean;
  /** Core's CheckSequence (BIP112): the script's relative lock against the input's sequence. */
  checkSequence(sequence: bigint): boolean;
}
