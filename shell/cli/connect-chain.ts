import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { NETWORKS, isNetworkName, toDisplayHex } from '../../kernel/index.js';
import { connectChain } from '../chain/connect-chain.js';
import { splitBlkFile } from '../chain/blk-file.js';

const USAGE = 'usage: bllvm connect-chain --network main|testnet3|testnet4|signet|regtest FILE.dat [--json]\n';

/** `bllvm connect-chain`: connect a blk*.dat file from genesis on an empty UTXO set and report the tip and the set. */
export async function connectChainCommand(args: readonly string[]): Promise<number> {
  let parsed: { values: { network?: string; json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { network: { type: 'string', default: 'main' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    process.stderr.write(`connect-chain: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const network = parsed.values.network ?? 'main';
  const [file] = parsed.positionals;
  if (!isNetworkName(network) || file === undefined || parsed.positionals.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const json = parsed.values.json ?? false;
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
