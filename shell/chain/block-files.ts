/**
 * A chain read from blk*.dat files, as Core's -loadblock / -reindex reads them: open every file
 * with its XOR key (--xor-key, else the xor.dat beside it), find the blocks of the network
 * (load-blocks.ts), order them onto the most-work chain (block-index.ts), then hand the chain's
 * blocks out one at a time, read again from their files. Shared by `bllvm connect-chain` and
 * `bllvm utxo-commit`.
 */
import { toHex } from '../../kernel/encoding/hex.js';
import type { ChainParams } from '../../kernel/chain/params.js';
import { type HeaderEntry, genesisEntry } from '../../kernel/chain/header-chain.js';
import type { Block } from '../../kernel/primitives/types.js';
import { type Result, err, ok } from '../../kernel/result.js';
import { type BlockIndex, type FoundBlock, type RejectedHeader, indexBlocks } from './block-index.js';
import { WindowedFile } from './file-reader.js';
import { type BlockPosition, findBlocks, readBlockAt } from './load-blocks.js';
import { parseXorKey, readXorKeyBeside } from './xor.js';

/** Why the files give no chain: unreadable input (exit 2), or a header that fails its checks (exit 1). */
export type BlockFilesError = { readonly kind: 'unreadable'; readonly message: string } | { readonly kind: 'invalid header'; readonly rejected: RejectedHeader<BlockPosition>; readonly file: string };

export interface BlockFiles {
  readonly files: readonly WindowedFile[];
  readonly index: BlockIndex<BlockPosition>;
  /** The path of the file a position is in. */
  pathOf(position: BlockPosition): string;
  /** The chain's blocks after genesis, in order, read again from their files. */
  blocks(): AsyncGenerator<Result<{ readonly entry: HeaderEntry; readonly block: Block; readonly position: BlockPosition }, string>>;
  close(): Promise<void>;
}

/** Opens every file with its XOR key; a message naming the file when one cannot be. */
async function openFiles(paths: readonly string[], xorKey: string | undefined): Promise<Result<WindowedFile[], string>> {
  let given: Uint8Array | undefined;
  if (xorKey !== undefined) {
    const parsed = parseXorKey(xorKey);
    if (!parsed.ok) return err(`--xor-key: ${parsed.error}`);
    given = parsed.value;
  }
  const files: WindowedFile[] = [];
  for (const path of paths) {
    const key = given === undefined ? await readXorKeyBeside(path) : ok(given);
    if (!key.ok) {
      await Promise.all(files.map((f) => f.close()));
      return key;
    }
    try {
      files.push(await WindowedFile.open(path, key.value));
    } catch (e) {
      await Promise.all(files.map((f) => f.close()));
      return err(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return ok(files);
}

/** Reads and orders the blocks of `paths` for the network of `params`; `now` is the clock for time-too-new. */
export async function openBlockFiles(paths: readonly string[], xorKey: string | undefined, params: ChainParams, now: number): Promise<Result<BlockFiles, BlockFilesError>> {
  const opened = await openFiles(paths, xorKey);
  if (!opened.ok) return err({ kind: 'unreadable', message: opened.error });
  const files = opened.value;
  const close = async (): Promise<void> => {
    await Promise.all(files.map((f) => f.close()));
  };
  const found: FoundBlock<BlockPosition>[] = [];
  for (const [i, file] of files.entries()) {
    const scanned = await findBlocks(file, i, params.messageStart, (block) => found.push(block));
    if (!scanned.ok) {
      await close();
      return err({ kind: 'unreadable', message: scanned.error });
    }
  }
  if (found.length === 0) {
    await close();
    return err({ kind: 'unreadable', message: `no block with the ${params.name} network magic ${toHex(params.messageStart)} in ${paths.join(', ')}` });
  }
  const indexed = indexBlocks(found, genesisEntry(params), params.consensus, now);
  if (!indexed.ok) {
    await close();
    return err({ kind: 'invalid header', rejected: indexed.error, file: (files[indexed.error.block.position.file] as WindowedFile).path });
  }
  const index = indexed.value;
  return ok({
    files,
    index,
    pathOf: (position) => (files[position.file] as WindowedFile).path,
    async *blocks() {
      for (const { entry, position } of index.chain.slice(1)) {
        if (position === undefined) continue; // only genesis lacks a position
        const block = await readBlockAt(files[position.file] as WindowedFile, position);
        yield block.ok ? ok({ entry, block: block.value, position }) : block;
      }
    },
    close,
  });
}
