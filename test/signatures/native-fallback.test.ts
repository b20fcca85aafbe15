/**
 * The shell's automatic choice of signature backend (shell/crypto/select-backend.ts, SPEC.md §3.5),
 * end to end: `bllvm validate-block --undo` verifies block 300025 with bcrypto's native addon here, and
 * where no native binding can load (forced with test/support/no-native-secp256k1.cjs, preloaded into
 * the process and its worker threads) falls back to libsecp256k1 in WASM with the same report; on
 * the main thread and on 2 worker threads.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BLLVM_BIN } from '../support/cli.js';
import { vectorPath } from '../support/vectors.js';

const NO_NATIVE = fileURLToPath(new URL('../support/no-native-secp256k1.cjs', import.meta.url));

async function validate300025(preload: readonly string[], threads: number): Promise<Record<string, unknown>> {
  const args = [...preload, BLLVM_BIN, 'validate-block', '--network', 'main', '--block', vectorPath('bcoin/block300025.raw'), '--undo', vectorPath('bcoin/block300025-undo.raw'), '--script-threads', String(threads), '--json'];
  const { stdout } = await promisify(execFile)(process.execPath, args);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('§3.5 signature backend selection in the CLI', () => {
  it.each([0, 2])('native where it loads, WASM where it cannot; same verdict, fees and inputs (script threads: %i)', async (threads) => {
    const expected = { valid: true, fees: '7773345', inputsChecked: 1427, sigopsCost: 5284, scriptThreads: threads };
    expect(await validate300025([], threads)).toMatchObject({ ...expected, signatureBackend: 'bcrypto (libsecp256k1, native)' });
    expect(await validate300025(['--require', NO_NATIVE], threads)).toMatchObject({ ...expected, signatureBackend: 'libsecp256k1-wasm' });
  }, 120_000);
});
