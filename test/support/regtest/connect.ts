/**
 * Connecting built chains with the kernel: the ConnectContext of each block, and an input
 * classifier that names each spent input's script kind from the spent output and the witness
 * alone (independent of the builder's own labels).
 */
import { type Coin, type CoinView, type UtxoSet, applyUtxoDelta, utxoSetView } from '../../../kernel/chain/utxo.js';
import type { ConsensusParams } from '../../../kernel/chain/params.js';
import { DEFAULT_BACKEND, type Secp256k1Backend } from '../../../kernel/crypto/secp256k1.js';
import type { Block, TxIn } from '../../../kernel/primitives/types.js';
import { readScriptOp } from '../../../kernel/script/parse.js';
import { type ConnectContext, type ConnectedBlock, connectBlock } from '../../../kernel/validation/connect-block.js';
import type { SpendKind } from '../../../shell/regtest/locks.js';

/** Core's GetMedianTimePast of the block before `height`, from the header times of `blocks` (index = height). */
export function prevMedianTimePast(blocks: readonly { readonly block: Block }[], height: number): number {
  const times: number[] = [];
  for (let h = Math.max(0, height - 11); h < height; h++) times.push((blocks[h] as { block: Block }).block.header.time);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** The ConnectContext for the block at `height` of `blocks`. */
export function contextAt(
  blocks: readonly { readonly block: Block }[],
  height: number,
  params: ConsensusParams,
  medianTimePastAt: (height: number) => number,
  backend: Secp256k1Backend = DEFAULT_BACKEND,
  verifyScripts = true,
): ConnectContext {
  return { height, prevMedianTimePast: prevMedianTimePast(blocks, height), params, medianTimePastAt, backend, verifyScripts };
}

/** connectBlock on a UtxoSet, returning the result and the set after it (when connected). */
export function connectOnSet(
  set: UtxoSet,
  block: Block,
  ctx: ConnectContext,
): { readonly connected: ConnectedBlock; readonly after: Map<string, Coin> } | { readonly error: string } {
  const view: CoinView = utxoSetView(set);
  const result = connectBlock(view, block, ctx);
  if (!result.ok) return { error: `${result.error.reason}${result.error.debug ? ` (${result.error.debug})` : ''}` };
  return { connected: result.value, after: applyUtxoDelta(set, result.value.delta) };
}

const ORD_ENVELOPE = Uint8Array.of(0x00, 0x63, 0x03, 0x6f, 0x72, 0x64); // OP_FALSE OP_IF push("ord")

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The last data push of a script (a P2SH redeem script). */
function lastPush(scriptSig: Uint8Array): Uint8Array | undefined {
  let pc = 0;
  let last: Uint8Array | undefined;
  while (pc < scriptSig.length) {
    const op = readScriptOp(scriptSig, pc);
    if (op === undefined) return undefined;
    last = scriptSig.subarray(op.dataStart, op.next);
    pc = op.next;
  }
  return last;
}

/** The script kind of an input, from the output it spends and its scriptSig/witness. */
export function classifyInput(scriptPubKey: Uint8Array, input: TxIn): SpendKind | 'other' {
  const s = scriptPubKey;
  if (s.length === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac) return 'p2pkh';
  if ((s.length === 35 && s[0] === 33) || (s.length === 67 && s[0] === 65)) return s[s.length - 1] === 0xac ? 'p2pk' : 'other';
  if (s.length === 22 && s[0] === 0x00 && s[1] === 0x14) return 'p2wpkh';
  if (s.length === 34 && s[0] === 0x00 && s[1] === 0x20) return 'p2wsh';
  if (s.length === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87) {
    const redeem = lastPush(input.scriptSig);
    return redeem !== undefined && redeem[redeem.length - 1] === 0xae ? 'p2sh-multisig' : 'other';
  }
  if (s.length === 34 && s[0] === 0x51 && s[1] === 0x20) {
    const w = input.witness;
    const annex = w.length >= 2 && (w[w.length - 1] as Uint8Array)[0] === 0x50;
    const stack = annex ? w.length - 1 : w.length;
    if (stack === 1) return 'p2tr-key';
    const leaf = w[stack - 2] as Uint8Array;
    return startsWith(leaf, ORD_ENVELOPE) ? 'inscription' : 'p2tr-script';
  }
  return 'other';
}
