import { type Result } from '../../kernel/index.js';
import { err, ok } from "../../kernel/result.js";

/**
 * The raw blocks of a blk*.dat file: each is the network magic, a u32le length and the block.
 * Fails on a wrong magic or a length running past the end.
 */
export function splitBlkFile(data: Uint8Array, magic: Uint8Array): Result<Uint8Array[], string> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const blocks: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (data.length - at < 8) return err(`truncated blk-file record at byte ${at}`);
    for (let i = 0; i < 4; i++) {
      if (data[at + i] !== magic[i]) return err(`bad blk-file magic at byte ${at}`);
    }
    const length = view.getUint32(at + 4, true);
    if (length > data.length - at - 8) return err(`blk-file record at byte ${at} runs past the end`);
    blocks.push(data.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return ok(blocks);
}
