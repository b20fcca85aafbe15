/**
 * The spam classifier (SPEC.md §10.1): the named categories a transaction falls in, by exact
 * byte patterns, with the bytes the filter would drop. It never touches validity: it reads a
 * transaction and its settings, nothing else. A standard payment (P2PKH, P2WPKH, P2SH, P2WSH,
 * P2TR outputs above dust, no envelope, no OP_RETURN) is never flagged.
 */
import type { Transaction, TxOut } from '../primitives/types.js';
import { OP_1, OP_16, OP_CHECKMULTISIG, OP_RETURN } from '../script/opcodes.js';
import { readScriptOp } from '../script/parse.js';
import type { SpamFilterConfig } from './config.js';
import { isDust } from './dust.js';
import { findEnvelopes, witnessTapscript } from './envelope.js';

export type SpamCategory = 'inscription' | 'brc20' | 'envelope' | 'runes' | 'stamps' | 'op-return' | 'dust' | 'many-small-outputs';

/** Runes' runestone: OP_RETURN OP_13. */
const OP_13 = 0x5d;
const BRC20 = /"p"\s*:\s*"brc-20"/i;

/** Whether a script is bare multisig: OP_m, m..n keys (33 or 65 bytes), OP_n, OP_CHECKMULTISIG. */
export function isBareMultisig(script: Uint8Array): boolean {
  const first = script[0];
  if (first === undefined || first < OP_1 || first > OP_16 || script[script.length - 1] !== OP_CHECKMULTISIG) return false;
  let keys = 0;
  let pc = 1;
  for (;;) {
    const op = readScriptOp(script, pc);
    if (op === undefined) return false;
    if (op.opcode === 33 || op.opcode === 65) {
      keys++;
      pc = op.next;
      continue;
    }
    // The key count, then OP_CHECKMULTISIG ending the script.
    return op.opcode >= OP_1 && op.opcode <= OP_16 && op.opcode - (OP_1 - 1) === keys && keys >= first - (OP_1 - 1) && op.next === script.length - 1;
  }
}

function isOpReturn(output: TxOut): boolean {
  return output.scriptPubKey[0] === OP_RETURN;
}

/** The categories of one transaction under `config` (empty: not spam), each at most once, in a fixed order. */
export function classifyTransaction(tx: Transaction, config: SpamFilterConfig): SpamCategory[] {
  if (!config.enabled) return [];
  // One flag per category (plain booleans: the proofs translate this function, proofs/spam.proof.ts).
  let inscription = false;
  let brc20 = false;
  let envelope = false;
  for (const input of tx.inputs) {
    const tapscript = witnessTapscript(input.witness);
    if (tapscript === undefined) continue;
    for (const found of findEnvelopes(tapscript)) {
      if (found.isInscription) {
        const body = found.body === undefined ? '' : new TextDecoder('utf-8', { fatal: false }).decode(found.body);
        if (config.brc20 && BRC20.test(body)) brc20 = true;
        else if (config.inscriptions) inscription = true;
      } else if (config.otherEnvelopes) envelope = true;
    }
  }
  let runes = false;
  let stamps = false;
  let opReturn = false;
  let dust = false;
  for (const output of tx.outputs) {
    const script = output.scriptPubKey;
    if (config.runes && script[0] === OP_RETURN && script[1] === OP_13) runes = true;
    else if (config.opReturn.enabled && isOpReturn(output) && script.length > config.opReturn.maxBytes) opReturn = true;
    if (config.stamps && isBareMultisig(script)) stamps = true;
    if (config.dust.enabled && !isOpReturn(output) && isDust(output, config.dust.dustRelayFee)) dust = true;
  }
  const small = config.manySmallOutputs;
  const manySmall = small.enabled && tx.outputs.length >= small.minOutputs && tx.outputs.every((o) => o.value <= small.maxValue);
  const flagged: readonly (readonly [SpamCategory, boolean])[] = [
    ['inscription', inscription],
    ['brc20', brc20],
    ['envelope', envelope],
    ['runes', runes],
    ['stamps', stamps],
    ['op-return', opReturn],
    ['dust', dust],
    ['many-small-outputs', manySmall],
  ];
  const categories: SpamCategory[] = [];
  for (const [category, on] of flagged) if (on) categories.push(category);
  return categories;
}
