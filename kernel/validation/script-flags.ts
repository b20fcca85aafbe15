import type { ConsensusParams } from '../chain/params.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_TAPROOT,
  SCRIPT_VERIFY_WITNESS,
  parseScriptFlags,
} from '../script/flags.js';

/**
 * Core's GetBlockScriptFlags: P2SH, WITNESS and TAPROOT for every block (applying them to history
 * is safe, Core's comment) unless the block is one of Core's script-flag exceptions; DERSIG,
 * CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY and NULLDUMMY from the BIP66, BIP65, CSV and SegWit
 * heights. `blockHash` is in display hex (SPEC.md §5.5).
 */
export function getBlockScriptFlags(height: number, blockHash: string, params: ConsensusParams): number {
  const exception = params.scriptFlagExceptions.find((e) => e.blockHash === blockHash);
  let flags = exception ? parseScriptFlags(exception.flags.join(',')).flags : SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
  if (height >= params.bip66Height) flags |= SCRIPT_VERIFY_DERSIG;
  if (height >= params.bip65Height) flags |= SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
  if (height >= params.csvHeight) flags |= SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
  if (height >= params.segwitHeight) flags |= SCRIPT_VERIFY_NULLDUMMY;
  return flags;
}
