import { describe, expect, it } from 'vitest';
import { SCRIPT_ERROR_STRINGS, type ScriptError, scriptErrorString } from '../kernel/script/errors.js';

/**
 * Core's ScriptError enum (src/script/script_error.h, SCRIPT_ERR_ prefix dropped, SCRIPT_ERR_ERROR_COUNT
 * left out): the v30 enum as in bitcoinknots/bitcoin f6db27b0 (minus Knots' own SIG_HASHTYPE_TOO_EARLY),
 * plus TAPSCRIPT_EMPTY_PUBKEY from bitcoin/bitcoin#33961.
 */
const CORE_SCRIPT_ERRORS: readonly ScriptError[] = [
  'OK', 'UNKNOWN_ERROR', 'EVAL_FALSE', 'OP_RETURN',
  'SCRIPT_SIZE', 'PUSH_SIZE', 'OP_COUNT', 'STACK_SIZE', 'SIG_COUNT', 'PUBKEY_COUNT',
  'VERIFY', 'EQUALVERIFY', 'CHECKMULTISIGVERIFY', 'CHECKSIGVERIFY', 'NUMEQUALVERIFY',
  'BAD_OPCODE', 'DISABLED_OPCODE', 'INVALID_STACK_OPERATION', 'INVALID_ALTSTACK_OPERATION', 'UNBALANCED_CONDITIONAL',
  'NEGATIVE_LOCKTIME', 'UNSATISFIED_LOCKTIME',
  'SIG_HASHTYPE', 'SIG_DER', 'MINIMALDATA', 'SIG_PUSHONLY', 'SIG_HIGH_S', 'SIG_NULLDUMMY', 'PUBKEYTYPE', 'CLEANSTACK', 'MINIMALIF', 'SIG_NULLFAIL',
  'DISCOURAGE_UPGRADABLE_NOPS', 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM', 'DISCOURAGE_UPGRADABLE_TAPROOT_VERSION', 'DISCOURAGE_OP_SUCCESS', 'DISCOURAGE_UPGRADABLE_PUBKEYTYPE',
  'WITNESS_PROGRAM_WRONG_LENGTH', 'WITNESS_PROGRAM_WITNESS_EMPTY', 'WITNESS_PROGRAM_MISMATCH', 'WITNESS_MALLEATED', 'WITNESS_MALLEATED_P2SH', 'WITNESS_UNEXPECTED', 'WITNESS_PUBKEYTYPE',
  'SCHNORR_SIG_SIZE', 'SCHNORR_SIG_HASHTYPE', 'SCHNORR_SIG', 'TAPROOT_WRONG_CONTROL_SIZE', 'TAPSCRIPT_VALIDATION_WEIGHT', 'TAPSCRIPT_CHECKMULTISIG', 'TAPSCRIPT_MINIMALIF', 'TAPSCRIPT_EMPTY_PUBKEY',
  'OP_CODESEPARATOR', 'SIG_FINDANDDELETE',
];

describe('§3.10 scriptErrorString (Core ScriptErrorString)', () => {
  it('every ScriptError has a non-empty text, and the members are exactly Core enum names', () => {
    const members = Object.keys(SCRIPT_ERROR_STRINGS) as ScriptError[];
    expect([...members].sort()).toEqual([...CORE_SCRIPT_ERRORS].sort());
    for (const e of members) expect(scriptErrorString(e).length, e).toBeGreaterThan(0);
    // Core gives every error its own text.
    expect(new Set(members.map(scriptErrorString)).size).toBe(members.length);
  });

  it("matches Core's English text (src/script/script_error.cpp as in bitcoinknots/bitcoin f6db27b0 and bitcoin-inquisition/bitcoin 479f39da)", () => {
    const core: Partial<Record<ScriptError, string>> = {
      OK: 'No error',
      UNKNOWN_ERROR: 'unknown error', // Core's default: case
      EVAL_FALSE: 'Script evaluated without error but finished with a false/empty top stack element',
      UNSATISFIED_LOCKTIME: 'Locktime requirement not satisfied',
      PUSH_SIZE: 'Push value size limit exceeded',
      SIG_PUSHONLY: 'Only push operators allowed in signatures',
      PUBKEYTYPE: 'Public key is neither compressed or uncompressed',
      SIG_NULLFAIL: 'Signature must be zero for failed CHECK(MULTI)SIG operation',
      DISCOURAGE_OP_SUCCESS: 'OP_SUCCESSx reserved for soft-fork upgrades',
      DISCOURAGE_UPGRADABLE_PUBKEYTYPE: 'Public key version reserved for soft-fork upgrades',
      WITNESS_PUBKEYTYPE: 'Using non-compressed keys in segwit',
      SCHNORR_SIG_SIZE: 'Invalid Schnorr signature size',
      SCHNORR_SIG: 'Invalid Schnorr signature',
      TAPROOT_WRONG_CONTROL_SIZE: 'Invalid Taproot control block size',
      TAPSCRIPT_VALIDATION_WEIGHT: 'Too much signature validation relative to witness weight',
      TAPSCRIPT_CHECKMULTISIG: 'OP_CHECKMULTISIG(VERIFY) is not available in tapscript',
      OP_CODESEPARATOR: 'Using OP_CODESEPARATOR in non-witness script',
      SIG_FINDANDDELETE: 'Signature is found in scriptCode',
    };
    for (const [e, text] of Object.entries(core)) expect(scriptErrorString(e as ScriptError), e).toBe(text);
  });
});
