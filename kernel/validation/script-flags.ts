import type { ConsensusParams } from '../chain/params.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
} from '../script/flags.js';

/**
 * Core's GetBlockScriptFlags: P2SH, WITNESS and TAPROOT for every block (applying them to history
 * is safe, Core's comment) unless the block is one of Core's script-flag exceptions; DERSIG,
 * CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY and NULLDUMMY from the BIP66, BIP65, CSV and SegWit
 * heights. `blockHash` is in display hex (SPEC.md §5.5; proofs/script-flags.proof.ts).
 */
export function getBlockScriptFlags(height: number, blockHash: string, params: ConsensusParams): number {
  let flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
  // Core's script_flag_exceptions.find: the exception's flags replace the default (a loop, not
  // .find with a closure, so that the proofs translate it; the hashes are distinct keys).
  for (const exception of params.scriptFlagExceptions) {
    if (exception.blockHash === blockHash) {
      flags = exception.flags;
      break;
    }
  }
  if (height >= params.bip66Height) flags |= SCRIPT_VERIFY_DERSIG;
  if (height >= params.bip65Height) flags |= SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
  if (height >= params.csvHeight) flags |= SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
  if (height >= params.segwitHeight) flags |= SCRIPT_VERIFY_NULLDUMMY;
  return flags;
}
