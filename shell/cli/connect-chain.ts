import { readFile } from 'node:fs/promises';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { NETWORKS, toDisplayHex } from '../../kernel/index.js';
import type { NetworkName } from '../../kernel/chain/params.js';
import { connectChain } from '../chain/connect-chain.js';
import { splitBlkFile } from '../chain/blk-file.js';


/** `bllvm connect-chain`: connect a blk*.dat file from genesis on an empty UTXO set and report the tip and the set. */
export interface ConnectChainOptions {
  readonly network: NetworkName;
  readonly json: boolean;
}

export async function connectChainCommand(options: ConnectChainOptions, files: readonly string[]): Promise<number> {
  const { network, json } = options;
  const [file] = files;
  if (file === undefined) return 2;
  const write = (report: Record<string, unknown>): void => {
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else for (const [k, v] of Object.entries(report)) process.stdout.write(`${k}: ${String(v)}\n`);
  };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    write({ valid: false, error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
    return 2;
  }
  const params = NETWORKS[network];
  const blocks = splitBlkFile(bytes, params.messageStart);
  if (!blocks.ok) {
    write({ valid: false, error: blocks.error });
    return 2;
  }
  const started = performance.now();
  const result = connectChain(params, blocks.value, DEFAULT_BACKEND, Math.floor(Date.now() / 1000));
  const ms = Math.round(performance.now() - started);
  if (!result.ok) {
    write({ valid: false, height: result.failure.height, error: result.failure.error.reason, debug: result.failure.error.debug, ms });
    return 1;
  }
  const { state } = result;
  let total = 0n;
  for (const coin of state.utxos.values()) total += coin.output.value;
  write({
    valid: true,
    blocks: state.blocks,
    tipHash: toDisplayHex(state.tip.hash),
    tipHeight: state.tip.height,
    utxoCount: state.utxos.size,
    totalAmount: total.toString(),
    ms,
  });
  return 0;
}
