/**
 * The blocks directory's obfuscation key (Core 28+, node/blockstorage.cpp InitBlocksdirXorKey):
 * `blocks/xor.dat` holds 8 raw bytes, and every byte of the blk*.dat and rev*.dat files is
 * XORed with key[file offset mod 8] (util::Xor in streams.h, applied by AutoFile). An all-zero
 * key (written by Core when -blocksxor=0, and by Core before 28 implicitly) changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fromHex } from '../../kernel/encoding/hex.js';
import { type Result, err, ok } from '../../kernel/result.js';

/** Core's Obfuscation::KEY_SIZE: the key is 8 bytes. */
export const XOR_KEY_SIZE = 8;

/** XORs `bytes` in place as the bytes at file offset `offset` with the repeating `key`. */
export function xorAtOffset(bytes: Uint8Array, key: Uint8Array, offset: number): void {
  if (key.every((b) => b === 0)) return;
  const start = offset % key.length;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] as number) ^ (key[(start + i) % key.length] as number);
}

/** A key given as 16 hex digits (as Core logs it: "Using obfuscation key for blocksdir *.dat files"). */
export function parseXorKey(hex: string): Result<Uint8Array, string> {
  const bytes = /^[0-9a-fA-F]{16}$/.test(hex) ? fromHex(hex) : undefined;
  return bytes?.ok === true ? ok(bytes.value) : err(`expected ${XOR_KEY_SIZE} bytes as 16 hex digits, got '${hex}'`);
}

/**
 * The key of the blocks directory holding `blkFile`: its `xor.dat` when there is one, else
 * undefined (no obfuscation). An `xor.dat` that is not exactly 8 bytes is an error.
 */
export async function readXorKeyBeside(blkFile: string): Promise<Result<Uint8Array | undefined, string>> {
  const path = join(dirname(blkFile), 'xor.dat');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? ok(undefined) : err(`${path}: cannot read (${code ?? 'error'})`);
  }
  return bytes.length === XOR_KEY_SIZE ? ok(new Uint8Array(bytes)) : err(`${path}: expected ${XOR_KEY_SIZE} bytes (Core's XOR key), got ${bytes.length}`);
}
