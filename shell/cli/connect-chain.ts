/**
 * `bllvm connect-chain`: connect the blocks of blk*.dat files from genesis on an empty UTXO set,
 * reading them as Core's -loadblock / -reindex does (validation.cpp LoadExternalBlockFile): the
 * network magic is searched for (zero padding and garbage skipped), XOR-obfuscated files are read
 * with the key of `xor.dat` beside them (Core 28+) or --xor-key, and blocks arriving before their
 * parent wait for it. The most-work chain is then connected block by block.
 * Exit 0: the chain connected (blocks whose parent never arrived are listed as orphans and, as
 * in Core, skipped); 1: a block fails validation (its height, hash and Core's reason);
 * 2: a file cannot be read, a record does not decode, or no block of the network is found.
 */
import os from 'node:os';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';
import { openBlockFiles } from '../chain/block-files.js';
import { POOL_MIN_INPUTS, chainConnector, inputsToCheck } from '../chain/connect-chain.js';
import { selectSecp256k1Backend } from '../crypto/select-backend.js';
import { ScriptCheckPool } from '../workers/script-pool.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Report, printReport } from './output.js';

/** Orphans listed one by one in the report; the rest are counted. */
const ORPHANS_LISTED = 20;

export interface ConnectChainOptions {
  readonly network: NetworkName;
  readonly xorKey?: string;
  /** Worker threads for script checks (0: the main thread; default: the number of cores). */
  readonly scriptThreads?: number;
  readonly json: boolean;
}

export async function connectChainCommand(options: ConnectChainOptions, paths: readonly string[]): Promise<number> {
  const { network, json } = options;
  const write = (report: Report): void => printReport(report, json);
  const unreadable = (message: string): number => {
    process.stderr.write(`bllvm connect-chain: ${message}\n`);
    if (json) write({ valid: false, error: message });
    return EXIT_USAGE;
  };
  const params = NETWORKS[network];
  const started = performance.now();
  const opened = await openBlockFiles(paths, options.xorKey, params, Math.floor(Date.now() / 1000));
  if (!opened.ok) {
    if (opened.error.kind === 'unreadable') return unreadable(opened.error.message);
    const { block, height, error } = opened.error.rejected;
    write({ valid: false, height, hash: toDisplayHex(block.hash), error: error.reason, debug: error.debug, file: opened.error.file, byte: block.position.magicAt });
    return EXIT_FAILED;
  }
  const source = opened.value;
  let selection;
  try {
    selection = selectSecp256k1Backend();
  } catch (e) {
    return unreadable((e as Error).message);
  }
  const threads = options.scriptThreads ?? os.availableParallelism();
  let scripts: ScriptCheckPool | undefined;
  try {
    const { stale, orphans, duplicates } = source.index;
    const connector = chainConnector(params, selection.backend);
    for await (const next of source.blocks()) {
      if (!next.ok) return unreadable(next.error);
      const { entry, block, position } = next.value;
      // The pool starts with the first block big enough to use it (connectWith's threshold).
      if (scripts === undefined && threads > 0 && inputsToCheck(block) >= POOL_MIN_INPUTS) scripts = new ScriptCheckPool(threads, selection.kind);
      const failure = await connector.connectWith(block, entry, scripts);
      if (failure !== undefined) {
        write({ valid: false, height: failure.height, hash: toDisplayHex(entry.hash), error: failure.error.reason, debug: failure.error.debug, file: source.pathOf(position), byte: position.magicAt });
        return EXIT_FAILED;
      }
    }
    const ms = Math.round(performance.now() - started);

    const { state } = connector;
    let total = 0n;
    for (const coin of state.utxos.values()) total += coin.output.value;
    const orphanList = orphans.slice(0, ORPHANS_LISTED).map((o) => ({
      hash: toDisplayHex(o.hash),
      prevHash: toDisplayHex(o.header.prevBlockHash),
      file: source.pathOf(o.position),
      byte: o.position.magicAt,
    }));
    if (orphans.length > 0) {
      process.stderr.write(`bllvm connect-chain: ${orphans.length} block(s) whose parent never arrived were not connected (as Core's -loadblock skips them); first: ${orphanList[0]?.hash} in ${orphanList[0]?.file} at byte ${orphanList[0]?.byte}\n`);
    }
    write({
      valid: true,
      blocks: state.blocks,
      tipHash: toDisplayHex(state.tip.hash),
      tipHeight: state.tip.height,
      utxoCount: state.utxos.size,
      totalAmount: total.toString(),
      ...(stale > 0 ? { staleBlocks: stale } : {}),
      ...(duplicates > 0 ? { duplicateBlocks: duplicates } : {}),
      ...(orphans.length > 0 ? { orphanBlocks: orphans.length, orphans: orphanList } : {}),
      ms,
    });
    return EXIT_OK;
  } finally {
    await scripts?.close();
    await source.close();
  }
}
