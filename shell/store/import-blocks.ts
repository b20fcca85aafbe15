/**
 * Core's -loadblock into the store (validation.cpp LoadExternalBlockFile, then ActivateBestChain):
 * the blk*.dat files are read and ordered as `connect-chain` reads them (shell/chain/block-files.ts:
 * magic scan, XOR keys, out-of-order blocks, the most-work chain of the files), the chain's headers
 * are accepted into the store, and its blocks are connected on the store's tip one by one, each in
 * its own transaction. Blocks already on the store's chain are skipped, so a second run over the
 * same files (or a run after a crash) continues from the stored tip. When the files' chain forks
 * from the stored one and has more work, the store reorganizes onto it (disconnect to the fork
 * with the stored undo data); with no more work, the stored tip stays, as Core keeps it.
 * Shared by `bllvm import` (shell/cli/import.ts) and the crash tests (test/store/).
 */
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { type HeaderEntry, findReorg, hasMoreWork } from '../../kernel/chain/header-chain.js';
import { type Result, err, ok } from '../../kernel/result.js';
import { openBlockFiles } from '../chain/block-files.js';
import type { WindowedFile } from '../chain/file-reader.js';
import { readBlockAt } from '../chain/load-blocks.js';
import type { ChainStore, ConnectedTip } from './chain-store.js';
import type { StoreError } from './errors.js';

/** Headers accepted per store transaction. */
const HEADER_BATCH = 2000;

export interface ImportOptions {
  readonly xorKey?: string;
  /** The clock for time-too-new (seconds). */
  readonly now: number;
  /** Called after each block is connected (and committed). */
  readonly onConnected?: (tip: ConnectedTip) => void;
}

export interface ImportReport {
  /** Blocks of the files' chain after genesis. */
  readonly chainBlocks: number;
  readonly headersAccepted: number;
  /** Blocks of the files' chain already connected in the store: skipped. */
  readonly skipped: number;
  readonly disconnected: number;
  readonly connected: number;
  /** True when the files' chain forks from the stored one without more work: nothing connected. */
  readonly lessWork: boolean;
  readonly staleBlocks: number;
  readonly duplicateBlocks: number;
  readonly orphanBlocks: number;
}

/** Why an import stopped: unreadable input (exit 2), a block or header that fails validation (exit 1), or the store (exit 2). */
export type ImportError =
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'invalid'; readonly error: Extract<StoreError, { kind: 'invalid' }>; readonly file?: string; readonly byte?: number; readonly connected: number }
  | { readonly kind: 'store'; readonly error: StoreError; readonly connected: number };

export async function importBlockFiles(store: ChainStore, paths: readonly string[], options: ImportOptions): Promise<Result<ImportReport, ImportError>> {
  const opened = await openBlockFiles(paths, options.xorKey, store.params, options.now);
  if (!opened.ok) {
    if (opened.error.kind === 'unreadable') return err({ kind: 'unreadable', message: opened.error.message });
    const { block, height, error } = opened.error.rejected;
    return err({
      kind: 'invalid',
      error: { kind: 'invalid', reason: error.reason, debug: error.debug, height, hash: toDisplayHex(block.hash) },
      file: opened.error.file,
      byte: block.position.magicAt,
      connected: 0,
    });
  }
  const source = opened.value;
  try {
    const { chain, stale, orphans, duplicates } = source.index;
    const storeFailure = (error: StoreError, connected: number): Result<never, ImportError> =>
      err(error.kind === 'invalid' ? { kind: 'invalid', error, connected } : { kind: 'store', error, connected });

    // The headers first (Core's AcceptBlockHeader), in batches.
    const headers = chain.slice(1).map((c) => c.entry.header);
    let target: HeaderEntry = store.tip;
    let headersAccepted = 0;
    for (let i = 0; i < headers.length; i += HEADER_BATCH) {
      const accepted = store.acceptHeaders(headers.slice(i, i + HEADER_BATCH), options.now);
      if (!accepted.ok) return storeFailure(accepted.error, 0);
      headersAccepted += accepted.value.newHeaders;
      target = accepted.value.entries[accepted.value.entries.length - 1] ?? target;
    }
    const report = { chainBlocks: chain.length - 1, headersAccepted, staleBlocks: stale, duplicateBlocks: duplicates, orphanBlocks: orphans.length };
    if (headers.length === 0) return ok({ ...report, skipped: 0, disconnected: 0, connected: 0, lessWork: false });

    const path = findReorg(store.tip, target);
    if (path === undefined) return storeFailure({ kind: 'rejected', message: "the files' chain shares no block with the stored chain" }, 0);
    if (path.connect.length === 0) return ok({ ...report, skipped: chain.length - 1, disconnected: 0, connected: 0, lessWork: false });
    if (path.disconnect.length > 0 && !hasMoreWork(target, store.tip)) return ok({ ...report, skipped: path.fork.height, disconnected: 0, connected: 0, lessWork: true });

    for (let i = 0; i < path.disconnect.length; i++) {
      const d = store.disconnectTip();
      if (!d.ok) return storeFailure(d.error, 0);
    }
    let connected = 0;
    for (const { position } of chain.slice(path.fork.height + 1)) {
      if (position === undefined) continue; // only genesis has none
      const file = source.files[position.file] as WindowedFile;
      const block = await readBlockAt(file, position);
      if (!block.ok) return err({ kind: 'unreadable', message: block.error });
      const tip = store.connectTip(block.value);
      if (!tip.ok) {
        const e = tip.error;
        return e.kind === 'invalid' ? err({ kind: 'invalid', error: e, file: file.path, byte: position.magicAt, connected }) : storeFailure(e, connected);
      }
      connected++;
      options.onConnected?.(tip.value);
    }
    return ok({ ...report, skipped: path.fork.height, disconnected: path.disconnect.length, connected, lessWork: false });
  } finally {
    await source.close();
  }
}
