/** Runs the `bllvm` CLI of this checkout as a subprocess (bin/bllvm.js through node), for the CLI tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const BLLVM_BIN = fileURLToPath(new URL('../../bin/bllvm.js', import.meta.url));

export interface CliResult {
  /** The exit status. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `bllvm ...args`; never throws on a non-zero exit (the status is in `code`). */
export async function bllvm(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BLLVM_BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
