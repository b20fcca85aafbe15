/**
 * Reading the blocks of blk*.dat files as Core's LoadExternalBlockFile does (validation.cpp):
 * scan each file for the network magic in bounded windows (never the whole file in memory),
 * decode each block found, keep only its header and position; read a block again by its
 * position when it is connected. The scan rules are in blk-file.ts, the order in block-index.ts.
 */
import { blockHash, decodeBlock } from '../../kernel/primitives/block.js';
import type { Block } from '../../kernel/primitives/types.js';
import { type Result, err, ok } from '../../kernel/result.js';
import { RECORD_HEADER_SIZE, scanStep } from './blk-file.js';
import type { FoundBlock } from './block-index.js';
import type { WindowedFile } from './file-reader.js';

/** Where a block is: which file (index into the files given), its record number in that file, the byte offset of its magic, and its size. */
export interface BlockPosition {
  readonly file: number;
  readonly record: number;
  readonly magicAt: number;
  readonly size: number;
}

/** Why a file's blocks could not be read: the message names the file, the record and its byte offset. */
export type UnreadableBlock = string;

function describe(file: WindowedFile, position: BlockPosition): string {
  return `${file.path}: block record ${position.record} at byte ${position.magicAt}`;
}

/** The block at `position`, decoded; a record that does not decode (or runs past the end) is unreadable input. */
export async function readBlockAt(file: WindowedFile, position: BlockPosition): Promise<Result<Block, UnreadableBlock>> {
  const begin = position.magicAt + RECORD_HEADER_SIZE;
  if (begin + position.size > file.size) {
    return err(`${describe(file, position)}: runs past the end of the file (${position.size} bytes announced, ${Math.max(0, file.size - begin)} left)`);
  }
  const decoded = decodeBlock(await file.read(begin, position.size));
  if (!decoded.ok) return err(`${describe(file, position)}: does not decode: ${decoded.error.code} (at byte ${decoded.error.offset} of the block)`);
  return ok(decoded.value);
}

/**
 * Every block of one file with the network's `magic`, in file order: decoded in full (so that an
 * undecodable record is found before anything is connected), kept as hash, header and position.
 */
export async function findBlocks(
  file: WindowedFile,
  fileIndex: number,
  magic: Uint8Array,
  found: (block: FoundBlock<BlockPosition>) => void,
): Promise<Result<number, UnreadableBlock>> {
  let at = 0;
  let record = 0;
  for (;;) {
    const view = await file.view(at, RECORD_HEADER_SIZE);
    const step = scanStep(view, at, at + view.length >= file.size, magic);
    if (step.kind === 'end') return ok(record);
    if (step.kind === 'continue') {
      at = step.from;
      continue;
    }
    const position: BlockPosition = { file: fileIndex, record, magicAt: step.magicAt, size: step.size };
    const block = await readBlockAt(file, position);
    if (!block.ok) return block;
    found({ hash: blockHash(block.value.header), header: block.value.header, position });
    record++;
    at = step.magicAt + RECORD_HEADER_SIZE + step.size;
  }
}
