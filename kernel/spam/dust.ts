/**
 * Core's dust rule (policy/policy.cpp GetDustThreshold, SPEC.md §10.2): an output is dust when it
 * is worth less than the fee, at the dust relay fee rate, of creating and later spending it: its
 * own serialized size plus the size of an input spending it (148 bytes, or 67.75 vbytes for a
 * witness program: 32 + 4 + 1 + 107/4 + 4, rounded down as Core's integer arithmetic does).
 * Unspendable outputs are never dust. At 3,000 sat/kvB: P2PKH 546, P2WPKH 294, P2TR 330.
 */
import { compactSizeWidth } from '../encoding/compact-size.js';
import type { TxOut } from '../primitives/types.js';
import { isUnspendable } from '../chain/utxo.js';
import { getWitnessProgram } from '../script/patterns.js';

/** Core's GetDustThreshold(txout, dustRelayFeeIn), in satoshis. */
export function dustThreshold(output: TxOut, dustRelayFee: bigint): bigint {
  if (isUnspendable(output.scriptPubKey)) return 0n;
  const outputSize = 8 + compactSizeWidth(output.scriptPubKey.length) + output.scriptPubKey.length;
  // The witness discount: 107 bytes of signature and key at 1/4 weight (WITNESS_SCALE_FACTOR).
  const spendSize = getWitnessProgram(output.scriptPubKey) === undefined ? 32 + 4 + 1 + 107 + 4 : 32 + 4 + 1 + Math.floor(107 / 4) + 4;
  // CFeeRate::GetFee: rate * size / 1000 rounded up, and at least 1 satoshi for a positive rate.
  const product = dustRelayFee * BigInt(outputSize + spendSize);
  const fee = product <= 0n ? 0n : (product + 999n) / 1000n;
  return fee;
}

/** Core's IsDust: worth less than its dust threshold. */
export function isDust(output: TxOut, dustRelayFee: bigint): boolean {
  return output.value < dustThreshold(output, dustRelayFee);
}
