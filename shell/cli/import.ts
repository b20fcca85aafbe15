/**
 * `bllvm import`: Core's -loadblock into a data directory's store (shell/store/): the blk*.dat
 * files are read as `connect-chain` reads them, their most-work chain's headers are accepted and
 * its blocks connected on the stored tip, each validated by the kernel's connectBlock and written
 * in one LMDB transaction (UTXO delta, undo data, tip, commitment). Blocks already connected are
 * skipped: a second run on the same data directory continues from the stored tip. Prints the tip,
 * the UTXO count and total amount, and the UTXO commitment (tree root, MuHash as Core's
 * `gettxoutsetinfo muhash` prints it, digest) as `utxo-commit` does.
 * Exit 0: imported (or nothing to do); 1: a block or header fails validation (the blocks before it
 * stay connected, as in Core); 2: unreadable input, bad arguments, a data directory of another
 * network, in use, or with records that do not decode.
 */
import { join } from 'node:path';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';
import { commitmentDigest } from '../../kernel/commitments/commitment.js';
import { toDisplayHex, toHex } from '../../kernel/encoding/hex.js';
import { ChainStore } from '../store/chain-store.js';
import { formatStoreError } from '../store/errors.js';
import { importBlockFiles } from '../store/import-blocks.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Report, printReport } from './output.js';
import { selectSecp256k1Backend } from '../crypto/select-backend.js';


export interface ImportOptions {
  readonly datadir: string;
  readonly network: NetworkName;
  readonly xorKey?: string;
  readonly json: boolean;
}

/** The UTXO set at the store's tip and its commitment, as `utxo-commit` prints them (shared with `regtest-mine`). */
export function commitmentFields(store: ChainStore): Report {
  const c = store.tipCommitment();
  const digest = commitmentDigest(c);
  return {
    utxoCount: c.utxoCount.toString(),
    totalAmount: c.totalAmount.toString(),
    root: toHex(c.root),
    muhash: toDisplayHex(c.muhash),
    digest: digest.ok ? toHex(digest.value) : `unencodable: ${digest.error.field}`,
  };
}

/** The store's directory inside a data directory. */
export function chainDir(datadir: string): string {
  return join(datadir, 'chain');
}

export async function importCommand(options: ImportOptions, paths: readonly string[]): Promise<number> {
  const { json } = options;
  const params = NETWORKS[options.network];
  const unreadable = (message: string): number => {
    process.stderr.write(`bllvm import: ${message}\n`);
    if (json) printReport({ valid: false, error: message }, json);
    return EXIT_USAGE;
  };
  const opened = ChainStore.open(chainDir(options.datadir), { params, backend: selectSecp256k1Backend().backend });
  if (!opened.ok) return unreadable(`--datadir ${options.datadir}: ${formatStoreError(opened.error)}`);
  const store = opened.value;
  try {
    const started = performance.now();
    const startHeight = store.tip.height;
    const imported = await importBlockFiles(store, paths, { now: Math.floor(Date.now() / 1000), ...(options.xorKey === undefined ? {} : { xorKey: options.xorKey }) });
    const ms = Math.round(performance.now() - started);
    if (!imported.ok) {
      const e = imported.error;
      if (e.kind === 'unreadable') return unreadable(e.message);
      if (e.kind === 'store') return unreadable(formatStoreError(e.error));
      printReport(
        {
          valid: false,
          height: e.error.height,
          hash: e.error.hash,
          error: e.error.reason,
          debug: e.error.debug,
          ...(e.file === undefined ? {} : { file: e.file, byte: e.byte }),
          connected: e.connected,
          tipHeight: store.tip.height,
          tipHash: toDisplayHex(store.tip.hash),
        },
        json,
      );
      return EXIT_FAILED;
    }
    const r = imported.value;
    if (r.orphanBlocks > 0) process.stderr.write(`bllvm import: ${r.orphanBlocks} block(s) whose parent never arrived were not connected (as Core's -loadblock skips them)\n`);
    if (r.lessWork) process.stderr.write("bllvm import: the files' chain forks from the stored chain without more work: the stored tip stays\n");
    printReport(
      {
        valid: true,
        tipHeight: store.tip.height,
        tipHash: toDisplayHex(store.tip.hash),
        previousTipHeight: startHeight,
        connected: r.connected,
        skipped: r.skipped,
        ...(r.disconnected > 0 ? { disconnected: r.disconnected } : {}),
        headersAccepted: r.headersAccepted,
        ...commitmentFields(store),
        ...(r.staleBlocks > 0 ? { staleBlocks: r.staleBlocks } : {}),
        ...(r.duplicateBlocks > 0 ? { duplicateBlocks: r.duplicateBlocks } : {}),
        ...(r.orphanBlocks > 0 ? { orphanBlocks: r.orphanBlocks } : {}),
        ms,
        blocksPerSecond: ms > 0 ? Math.round((r.connected * 1000) / ms) : r.connected,
      },
      json,
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
