import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBlock, txTotalSize } from '../kernel/index.js';
import { MANIFEST, readVector, vectorPath } from './support/vectors.js';

const BIN = fileURLToPath(new URL('../bin/bllvm.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bllvm-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function bllvm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function scratchFile(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

describe('bllvm validate-block', () => {
  for (const entry of MANIFEST) {
    it(`${entry.file}: exit 0 and the manifest's figures as JSON`, async () => {
      const network = entry.network === 'mainnet' ? 'main' : 'testnet3';
      const { code, stdout } = await bllvm('validate-block', '--network', network, '--block', vectorPath(entry.file), '--json');
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as Record<string, unknown>;
      expect(report).toMatchObject({
        hash: entry.hash,
        txCount: entry.txCount,
        size: entry.sizeBytes,
        weight: entry.weight,
        merkleRootValid: true,
        valid: true,
      });
      expect(report.error).toBeUndefined();
      // Heights come from BIP34, which version-1 blocks (block 1) do not carry.
      if (entry.height > 1) expect(report.height).toBe(entry.height);
      if (entry.hasWitness) expect(report.witnessCommitmentValid).toBe(true);
    }, 30_000);
  }

  it("a block with a changed nonce: exit 1, Core's reason high-hash", async () => {
    const raw = readVector('bitcoin-core/block413567.raw').slice();
    raw[76] = (raw[76] ?? 0) ^ 0xff; // first byte of the nonce
    const { code, stdout } = await bllvm('validate-block', '--block', scratchFile('nonce.raw', raw), '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false, error: 'high-hash', merkleRootValid: true });
  });

  it('a witness block with a changed reserved value: exit 1, bad-witness-merkle-match', async () => {
    const raw = readVector('bcoin/block482683.raw').slice();
    // The coinbase's 32-byte witness reserved value ends right before its 4-byte lock time;
    // the coinbase follows the 80-byte header and a 1-byte transaction count.
    const decoded = decodeBlock(raw);
    const coinbase = decoded.ok ? decoded.value.transactions[0] : undefined;
    if (coinbase === undefined) throw new Error('no coinbase');
    const lastReservedByte = 80 + 1 + txTotalSize(coinbase) - 4 - 1;
    raw[lastReservedByte] = (raw[lastReservedByte] ?? 0) ^ 1;
    const { code, stdout } = await bllvm('validate-block', '--block', scratchFile('witness.raw', raw), '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false, error: 'bad-witness-merkle-match', witnessCommitmentValid: false });
  });

  it('a truncated block: exit 2 with the decode error', async () => {
    const raw = readVector('bcoin/block300025.raw').subarray(0, 1000);
    const { code, stdout } = await bllvm('validate-block', '--block', scratchFile('short.raw', raw), '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false });
    expect(JSON.parse(stdout).error).toContain('DataStream::read(): end of data');
  });

  it('a missing file, an unknown network or no --block: exit 2', async () => {
    expect((await bllvm('validate-block', '--block', join(scratch, 'none.raw'))).code).toBe(2);
    expect((await bllvm('validate-block', '--network', 'mars', '--block', vectorPath('bcoin/block1.raw'))).code).toBe(2);
    expect((await bllvm('validate-block')).code).toBe(2);
  });

  it('plain output lists the same fields', async () => {
    const { code, stdout } = await bllvm('validate-block', '--block', vectorPath('bcoin/block1.raw'));
    expect(code).toBe(0);
    expect(stdout).toContain('hash: 00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048');
    expect(stdout).toContain('valid: true');
  });
});

describe('bllvm validate-block --undo', () => {
  it('block 300025: connects with its spent outputs; fees, sigop cost, inputs and flags as Core computes them', async () => {
    const { code, stdout } = await bllvm('validate-block', '--block', vectorPath('bcoin/block300025.raw'), '--undo', vectorPath('bcoin/block300025-undo.raw'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    // At height 300025 BIP66 (363725) is not yet active: Core's flags are P2SH, WITNESS and TAPROOT only.
    expect(report).toMatchObject({ valid: true, height: 300025, fees: '7773345', sigopsCost: 5284, inputsChecked: 1427, scriptFlags: 'P2SH,WITNESS,TAPROOT' });
    expect(typeof report.ms).toBe('number');
    expect(report.skipped).toEqual(expect.arrayContaining([expect.stringContaining('coinbase maturity')]));
  }, 60_000);

  it('testnet3 block 928828: every flag of its height', async () => {
    const { code, stdout } = await bllvm('validate-block', '--network', 'testnet3', '--block', vectorPath('bcoin/block928828.raw'), '--undo', vectorPath('bcoin/block928828-undo.raw'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, fees: '8300088', sigopsCost: 23236, inputsChecked: 1972, scriptFlags: 'P2SH,DERSIG,NULLDUMMY,CHECKLOCKTIMEVERIFY,CHECKSEQUENCEVERIFY,WITNESS,TAPROOT' });
  }, 60_000);

  it('an undo file with the wrong number of records: exit 2', async () => {
    const short = readVector('bcoin/block300025-undo.raw').subarray(0, 34);
    const { code, stdout } = await bllvm('validate-block', '--block', vectorPath('bcoin/block300025.raw'), '--undo', scratchFile('short-undo.raw', short), '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatch(/records for 1427 non-coinbase inputs/);
  });

  it('without --undo: says which checks it skipped', async () => {
    const { stdout } = await bllvm('validate-block', '--block', vectorPath('bcoin/block300025.raw'), '--json');
    expect(JSON.parse(stdout).skipped).toEqual(expect.arrayContaining(['input scripts', 'fees and coinbase amount']));
  });
});

describe('bllvm connect-chain', () => {
  it('first-100k-blocks.dat: 439 blocks, tip, UTXO count and total', async () => {
    const { code, stdout } = await bllvm('connect-chain', '--network', 'main', vectorPath('bitcoinj/first-100k-blocks.dat'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      valid: true,
      blocks: 439,
      tipHash: '0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a',
      tipHeight: 438,
      utxoCount: 443,
      totalAmount: '2190000000000',
    });
  });

  it('the same file on the wrong network: exit 2 (blk-file magic)', async () => {
    const { code } = await bllvm('connect-chain', '--network', 'testnet3', vectorPath('bitcoinj/first-100k-blocks.dat'), '--json');
    expect(code).toBe(2);
  });

  it('a chain with a corrupted block: exit 1 with the height and Core reason', async () => {
    const raw = readVector('bitcoinj/first-100k-blocks.dat').slice();
    const nonce = 8 + 285 + 8 + 76; // first nonce byte of block 1 (the genesis record is 285 bytes)
    raw[nonce] = (raw[nonce] ?? 0) ^ 0xff;
    const { code, stdout } = await bllvm('connect-chain', scratchFile('bad.dat', raw), '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false, height: 1, error: 'high-hash' });
  });
});
