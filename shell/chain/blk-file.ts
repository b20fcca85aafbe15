/**
 * The record framing of blk*.dat files and how Core finds blocks in them (validation.cpp,
 * ChainstateManager::LoadExternalBlockFile, used by -loadblock and -reindex): each block is
 * written as the network magic, its size as u32le, and the block. Core scans for the magic,
 * so whatever lies between records (the zeros of a file preallocated in 16 MiB chunks, garbage)
 * is skipped, and a size under 80 or over MAX_BLOCK_SERIALIZED_SIZE is a false match.
 * Pure functions over bytes; the file reading is in load-blocks.ts.
 */
import { type Result, err, ok } from '../../kernel/result.js';
import { MAX_BLOCK_SERIALIZED_SIZE } from '../../kernel/validation/limits.js';

/** Magic (4 bytes) and size (4 bytes) before each block. */
export const RECORD_HEADER_SIZE = 8;
/** Core skips sizes below a block header's 80 bytes. */
const MIN_RECORD_SIZE = 80;

/** What one scan step found, from a view of the file starting at `start`. */
export type ScanStep =
  | { readonly kind: 'record'; readonly magicAt: number; readonly size: number }
  | { readonly kind: 'continue'; readonly from: number }
  | { readonly kind: 'end' };

function indexOfMagic(view: Uint8Array, magic: Uint8Array): number {
  const first = magic[0] as number;
  for (let i = view.indexOf(first); i >= 0 && i + magic.length <= view.length; i = view.indexOf(first, i + 1)) {
    let match = true;
    for (let k = 1; k < magic.length && match; k++) match = view[i + k] === magic[k];
    if (match) return i;
  }
  return -1;
}

/**
 * One step of Core's scan: `view` holds the file's bytes from offset `start` on (`atEnd` when it
 * reaches the end of the file). Either the next record (its magic's offset and its size), or where
 * to look next, or the end: no further magic with room for a size ("this happens at the end of
 * every blk.dat file", as Core's comment says).
 */
export function scanStep(view: Uint8Array, start: number, atEnd: boolean, magic: Uint8Array): ScanStep {
  const at = indexOfMagic(view, magic);
  if (at < 0) return atEnd ? { kind: 'end' } : { kind: 'continue', from: start + Math.max(1, view.length - (magic.length - 1)) };
  if (view.length - at < RECORD_HEADER_SIZE) return atEnd ? { kind: 'end' } : { kind: 'continue', from: start + at };
  const size = new DataView(view.buffer, view.byteOffset + at + magic.length, 4).getUint32(0, true);
  if (size < MIN_RECORD_SIZE || size > MAX_BLOCK_SERIALIZED_SIZE) return { kind: 'continue', from: start + at + 1 };
  return { kind: 'record', magicAt: start + at, size };
}

/**
 * The raw blocks of a blk*.dat file held in memory, found as Core finds them (bytes between
 * records skipped). Fails only on a record whose size runs past the end of the data.
 */
export function splitBlkFile(data: Uint8Array, magic: Uint8Array): Result<Uint8Array[], string> {
  const blocks: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const step = scanStep(data.subarray(at), at, true, magic);
    if (step.kind === 'end') return ok(blocks);
    if (step.kind === 'continue') {
      at = step.from;
      continue;
    }
    const begin = step.magicAt + RECORD_HEADER_SIZE;
    if (begin + step.size > data.length) return err(`block record ${blocks.length} at byte ${step.magicAt} runs past the end (${step.size} bytes announced, ${data.length - begin} left)`);
    blocks.push(data.subarray(begin, begin + step.size));
    at = begin + step.size;
  }
}
