/**
 * Reading big files in bounded pieces: a window of the file at a time, never the whole file.
 * Core reads blk*.dat and rev*.dat through AutoFile/BufferedFile (streams.h), which de-obfuscate
 * each byte with the blocks directory's XOR key by its file offset; `xorKey` does the same here.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { xorAtOffset } from './xor.js';

/** The default window: large enough for any block (MAX_BLOCK_SERIALIZED_SIZE is 4,000,000 bytes). */
export const WINDOW_BYTES = 8 << 20;

/** A file read by offset through one cached window; bytes are de-obfuscated with `xorKey` when given. */
export class WindowedFile {
  private windowStart = 0;
  private window = new Uint8Array(0);

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    readonly size: number,
    private readonly xorKey: Uint8Array | undefined,
    private readonly windowBytes: number,
  ) {}

  /** Opens `path` for reading; fails (rejects) like fs.open, and on a directory. */
  static async open(path: string, xorKey?: Uint8Array, windowBytes = WINDOW_BYTES): Promise<WindowedFile> {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: stat.isDirectory() ? 'EISDIR' : 'EINVAL' });
      return new WindowedFile(handle, path, stat.size, xorKey, windowBytes);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /**
   * The bytes from `offset` on: at least `min` of them, or all that are left when the file ends
   * first; possibly more (up to the end of the cached window). The view is valid until the next call.
   */
  async view(offset: number, min: number): Promise<Uint8Array> {
    const want = Math.min(min, this.size - offset);
    const end = this.windowStart + this.window.length;
    if (offset >= this.windowStart && offset + want <= end) return this.window.subarray(offset - this.windowStart);
    const length = Math.min(Math.max(want, this.windowBytes), this.size - offset);
    const bytes = new Uint8Array(Math.max(0, length));
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await this.handle.read(bytes, read, bytes.length - read, offset + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    this.window = bytes.subarray(0, read);
    this.windowStart = offset;
    if (this.xorKey !== undefined) xorAtOffset(this.window, this.xorKey, offset);
    return this.window;
  }

  /** A copy of `length` bytes at `offset`, or fewer when the file ends first. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    return (await this.view(offset, length)).slice(0, length);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
