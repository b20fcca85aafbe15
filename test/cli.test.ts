/**
 * The `bllvm` CLI as a user runs it: every command as a subprocess through bin/bllvm.js, with the
 * README's contract: exit 0 valid, 1 invalid (Core's reason), 2 unreadable input or bad arguments
 * (the message names the argument); commander's help on every command.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBlock } from '../kernel/primitives/block.js';
import { txTotalSize } from '../kernel/primitives/size.js';
import { MANIFEST, readVector, vectorPath } from './support/vectors.js';
import { bllvm } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, bytes: Uint8Array | string): string {
  const path = join(scratch, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** The records of a well-formed blk file (magic, u32le size, block), split here independently of the shell's reader. */
function blkRecords(data: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  for (let at = 0; at < data.length; ) {
    const size = new DataView(data.buffer, data.byteOffset + at + 4, 4).getUint32(0, true);
    records.push(data.subarray(at, at + 8 + size));
    at += 8 + size;
  }
  return records;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
/** A header's previous-block hash as displayed (bytes 4..36 of the header, reversed). */
const prevHashOf = (record: Uint8Array): string => Buffer.from(record.subarray(8 + 4, 8 + 36)).reverse().toString('hex');

const DAT = readVector('bitcoinj/first-100k-blocks.dat');
const RECORDS = blkRecords(DAT);
/** first-100k-blocks.dat connected from genesis (test/connect-chain.test.ts derives the UTXO figures independently). */
const PLAIN_CHAIN = {
  valid: true,
  blocks: 439,
  tipHash: '0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a',
  tipHeight: 438,
  utxoCount: 443,
  totalAmount: '2190000000000',
};

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
    const { code, stdout } = await bllvm('validate-block', '--network', 'main', '--block', scratchFile('nonce.raw', raw), '--json');
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
    const { code, stdout } = await bllvm('validate-block', '--network', 'main', '--block', scratchFile('witness.raw', raw), '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false, error: 'bad-witness-merkle-match', witnessCommitmentValid: false });
  });

  it('a truncated block: exit 2 with the decode error, naming --block', async () => {
    const raw = readVector('bcoin/block300025.raw').subarray(0, 1000);
    const path = scratchFile('short.raw', raw);
    const { code, stdout, stderr } = await bllvm('validate-block', '--network', 'main', '--block', path, '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ valid: false });
    expect(JSON.parse(stdout).error).toContain('DataStream::read(): end of data');
    expect(stderr).toContain(`--block ${path}: does not decode`);
  });

  it('an empty block file: exit 2 (as for connect-chain)', async () => {
    const { code, stderr } = await bllvm('validate-block', '--network', 'main', '--block', scratchFile('empty.raw', new Uint8Array(0)));
    expect(code).toBe(2);
    expect(stderr).toContain('--block');
  });

  it('a missing file or a directory: exit 2, naming --block', async () => {
    const missing = await bllvm('validate-block', '--network', 'main', '--block', join(scratch, 'none.raw'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--block .*none\.raw: cannot read \(ENOENT\)/);
    const dir = await bllvm('validate-block', '--network', 'main', '--block', scratch);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('--block');
  });

  it('plain output lists the same fields', async () => {
    const { code, stdout } = await bllvm('validate-block', '--network', 'main', '--block', vectorPath('bcoin/block1.raw'));
    expect(code).toBe(0);
    expect(stdout).toContain('hash: 00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048');
    expect(stdout).toContain('valid: true');
  });
});

describe('§5.5 §5.7 bllvm validate-block --undo', () => {
  it('block 300025: connects with its spent outputs; fees, sigop cost, inputs and flags as Core computes them', async () => {
    const { code, stdout } = await bllvm('validate-block', '--network', 'main', '--block', vectorPath('bcoin/block300025.raw'), '--undo', vectorPath('bcoin/block300025-undo.raw'), '--json');
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

  it('an undo file with too few records: exit 2, naming --undo', async () => {
    const short = readVector('bcoin/block300025-undo.raw').subarray(0, 34); // one P2PKH record: 8 + 1 + 25 bytes
    const { code, stdout, stderr } = await bllvm('validate-block', '--network', 'main', '--block', vectorPath('bcoin/block300025.raw'), '--undo', scratchFile('short-undo.raw', short), '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatch(/undo data has 1 records for 1427 non-coinbase inputs/);
    expect(stderr).toContain('--undo');
  });

  it('a 300 MB undo file (the block needs 49 kB): exit 2 "more records than ..." without reading the rest', async () => {
    // The block's own records, then the same records repeated to 300 MB: every record valid-looking.
    const records = readVector('bcoin/block300025-undo.raw');
    const path = join(scratch, 'huge-undo.raw');
    const chunk = Buffer.concat(Array.from({ length: 256 }, () => records));
    const fd = openSync(path, 'w');
    let written = 0;
    try {
      while (written < 300_000_000) written += writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    try {
      const { code, stdout, stderr } = await bllvm('validate-block', '--network', 'main', '--block', vectorPath('bcoin/block300025.raw'), '--undo', path, '--json');
      expect(code).toBe(2);
      expect(JSON.parse(stdout).error).toContain(`undo data has more records than the block's 1427 non-coinbase inputs: ${written - records.length} more bytes follow`);
      expect(stderr).toContain(`--undo ${path}`);
    } finally {
      rmSync(path, { force: true });
    }
  }, 120_000);

  it('without --undo: says which checks it skipped', async () => {
    const { stdout } = await bllvm('validate-block', '--network', 'main', '--block', vectorPath('bcoin/block300025.raw'), '--json');
    expect(JSON.parse(stdout).skipped).toEqual(expect.arrayContaining(['input scripts', 'fees and coinbase amount']));
  });

  describe('block 170, a version-1 block (no BIP34 height) spending block 9 coinbase', () => {
    // Both from first-100k-blocks.dat: block 170's one non-coinbase input spends output 0 of block 9's coinbase.
    const block170 = (RECORDS[170] as Uint8Array).subarray(8);
    const block9 = decodeBlock((RECORDS[9] as Uint8Array).subarray(8));
    const spent = block9.ok ? block9.value.transactions[0]?.outputs[0] : undefined;
    if (spent === undefined) throw new Error('block 9 has no coinbase output');
    const undoRecord = (script: Uint8Array): Uint8Array => {
      const value = new Uint8Array(8);
      new DataView(value.buffer).setBigInt64(0, spent.value, true);
      return concat([value, Uint8Array.of(script.length), script]); // a P2PK script: 67 bytes, a one-byte CompactSize
    };
    const blockPath = scratchFile('block170.raw', block170);
    const undoPath = scratchFile('block170-undo.raw', undoRecord(spent.scriptPubKey));

    it('with --height 170: exit 0, ConnectBlock run (one input, no fee, 3 legacy sigops × 4)', async () => {
      const { code, stdout } = await bllvm('validate-block', '--network', 'main', '--block', blockPath, '--undo', undoPath, '--height', '170', '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ valid: true, height: 170, fees: '0', inputsChecked: 1, sigopsCost: 12, scriptFlags: 'P2SH,WITNESS,TAPROOT' });
    }, 30_000);

    it('a corrupted spent script with --height 170: exit 1 with Core\'s script reason', async () => {
      const script = spent.scriptPubKey.slice();
      script[20] = (script[20] ?? 0) ^ 0x01; // a byte inside the 65-byte public key: the signature no longer verifies
      const bad = scratchFile('block170-bad-undo.raw', undoRecord(script));
      const { code, stdout } = await bllvm('validate-block', '--network', 'main', '--block', blockPath, '--undo', bad, '--height', '170', '--json');
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({
        valid: false,
        error: 'block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)',
      });
    }, 30_000);

    it('without --height: exit 2 naming --height (ConnectBlock is never skipped silently)', async () => {
      const script = spent.scriptPubKey.slice();
      script[20] = (script[20] ?? 0) ^ 0x01;
      const bad = scratchFile('block170-bad-undo-2.raw', undoRecord(script));
      for (const undo of [undoPath, bad]) {
        const { code, stdout, stderr } = await bllvm('validate-block', '--network', 'main', '--block', blockPath, '--undo', undo);
        expect(code).toBe(2);
        expect(stderr).toContain('--undo needs --height');
        expect(stdout).not.toContain('valid: true');
      }
    }, 30_000);

    it('--height 0 with --undo: exit 2 (the genesis block is never connected, nothing would be checked)', async () => {
      const { code, stderr } = await bllvm('validate-block', '--network', 'main', '--block', blockPath, '--undo', undoPath, '--height', '0');
      expect(code).toBe(2);
      expect(stderr).toContain('--height 0');
    });
  });
});

describe('bllvm arguments and help', () => {
  const block = vectorPath('bcoin/block1.raw');

  it('each bad value: exit 2 and the message names the option', async () => {
    const cases: [string[], string][] = [
      [['--network', 'mainnet', '--block', block], "option '--network <name>' argument 'mainnet' is invalid"],
      [['--network', 'main', '--block', block, '--height', 'abc'], "option '--height <n>' argument 'abc' is invalid"],
      [['--network', 'main', '--block', block, '--height', '1.5'], "option '--height <n>' argument '1.5' is invalid"],
      [['--network', 'main', '--block', block, '--height', '0x10'], "option '--height <n>' argument '0x10' is invalid"],
      [['--network', 'main', '--block', block, '--height', ''], "option '--height <n>' argument '' is invalid"],
      [['--network', 'main', '--block', block, '--height', '-1'], "option '--height <n>' argument '-1' is invalid"],
      [['--block', block], "required option '--network <name>' not specified"],
      [['--network', 'main'], "required option '--block <file>' not specified"],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await bllvm('validate-block', ...args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr).toContain(message);
    }
  }, 60_000);

  it('--network lists the network names when rejected', async () => {
    const { stderr } = await bllvm('connect-chain', '--network', 'mainnet', 'x.dat');
    expect(stderr).toContain('Allowed choices are main, testnet3, testnet4, signet, regtest');
  });

  it('no arguments: exit 2 with the usage on stderr', async () => {
    const { code, stdout, stderr } = await bllvm();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: bllvm <command> [options]');
    expect(stderr).toContain('networks: main, testnet3, testnet4, signet, regtest');
  });

  it('an unknown command or option: exit 2 naming it', async () => {
    const command = await bllvm('validate');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'validate'");
    const option = await bllvm('connect-chain', '--network', 'main', '--xor', 'x.dat');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--xor'");
  });

  it('--help on every command: stdout, exit 0, its options with defaults, the network names where it takes --network', async () => {
    const expected: Record<string, string[]> = {
      '': ['validate-block', 'connect-chain', 'conformance', 'prove', 'check-boundary', 'networks: main, testnet3, testnet4, signet, regtest'],
      'validate-block': ['--network <name>', '--block <file>', '--undo <file>', '--height <n>', '--json', '(default: false)', 'choices: "main", "testnet3", "testnet4", "signet", "regtest"'],
      'connect-chain': ['<files...>', '--network <name>', '--xor-key <hex>', 'xor.dat', '--json', 'choices: "main", "testnet3", "testnet4", "signet", "regtest"'],
      conformance: ['--backend <name>', 'choices: "libsecp256k1", "tiny", "noble", default: "libsecp256k1"', '--vectors <dir>', '--script-assets <file...>', '--max-failures <n>', '(default: 10)'],
      prove: ['--filter <text>', '--jobs <n>', '--no-cache', '(default: "reports")'],
      'check-boundary': ['--root <dir>', '(default: ".")'],
    };
    for (const [command, parts] of Object.entries(expected)) {
      const { code, stdout, stderr } = await bllvm(...(command === '' ? [] : [command]), '--help');
      expect({ command, code, stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(stdout).toContain(`Usage: bllvm ${command === '' ? '<command>' : command}`);
      for (const part of parts) expect(stdout.replace(/\s+/g, ' ')).toContain(part);
      expect(stdout.replace(/\s+/g, ' ')).toContain('exit status: 0 valid / passed (or help), 1 invalid / failed, 2 unreadable input or bad arguments');
    }
  }, 60_000);
});

describe('bllvm connect-chain', () => {
  async function connect(...args: string[]): Promise<{ code: number; report: Record<string, unknown>; stderr: string }> {
    const { code, stdout, stderr } = await bllvm('connect-chain', '--network', 'main', '--json', ...args);
    return { code, report: stdout === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>), stderr };
  }

  it('first-100k-blocks.dat: 439 blocks, tip, UTXO count and total', async () => {
    const { code, report } = await connect(vectorPath('bitcoinj/first-100k-blocks.dat'));
    expect(code).toBe(0);
    expect(report).toMatchObject(PLAIN_CHAIN);
    expect(report.orphans).toBeUndefined();
  });

  it('padded with zeros to a 16 MiB boundary (Core preallocates blk files so) and garbage between two blocks: the same chain', async () => {
    const garbage = Uint8Array.of(0xf9, 0xbe, 0x00, 0xf9, 0xbe, 0xb4, 0xd9, 0x10, 0x00, 0x00, 0x00, 0x42); // a false magic, then one with a size under 80
    const body = concat([...RECORDS.slice(0, 200), garbage, new Uint8Array(1000), ...RECORDS.slice(200)]);
    const padded = concat([body, new Uint8Array((16 << 20) - body.length)]);
    expect(padded.length).toBe(16 << 20);
    const { code, report } = await connect(scratchFile('padded/blk00000.dat', padded));
    expect(code).toBe(0);
    expect(report).toMatchObject(PLAIN_CHAIN);
  });

  describe('XOR-obfuscated (Core 28+: key in blocks/xor.dat, applied by file offset)', () => {
    const key = Uint8Array.of(0x3c, 0x7a, 0x01, 0xe5, 0x96, 0x2b, 0xd0, 0x48);
    // The blocks XORed at their file offsets, then the preallocated zeros as they are on disk (not XORed).
    const xored = DAT.map((b, i) => b ^ (key[i % 8] as number));
    const file = concat([xored, new Uint8Array((1 << 20) - (DAT.length % (1 << 20)))]);
    const withKey = scratchFile('xor/blk00000.dat', file);
    scratchFile('xor/xor.dat', key);
    const withoutKey = scratchFile('xor-nokey/blk00000.dat', file);

    it('with xor.dat beside the file: the same chain', async () => {
      const { code, report } = await connect(withKey);
      expect(code).toBe(0);
      expect(report).toMatchObject(PLAIN_CHAIN);
    });

    it('with --xor-key HEX instead: the same chain', async () => {
      const { code, report } = await connect('--xor-key', Buffer.from(key).toString('hex'), withoutKey);
      expect(code).toBe(0);
      expect(report).toMatchObject(PLAIN_CHAIN);
    });

    it('without the key: no block found, exit 2', async () => {
      const { code, stderr } = await connect(withoutKey);
      expect(code).toBe(2);
      expect(stderr).toContain('no block with the main network magic f9beb4d9');
    });

    it('a bad --xor-key or an xor.dat that is not 8 bytes: exit 2 naming it', async () => {
      const bad = await connect('--xor-key', '3c7a01', withoutKey);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--xor-key: expected 8 bytes as 16 hex digits, got '3c7a01'");
      const short = scratchFile('xor-short/blk00000.dat', file);
      scratchFile('xor-short/xor.dat', key.subarray(0, 7));
      const r = await connect(short);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/xor-short\/xor\.dat: expected 8 bytes \(Core's XOR key\), got 7/);
    });
  });

  it('blocks shuffled (seeded) and split across two files: the same chain', async () => {
    // mulberry32 with a fixed seed: the same order on every run.
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const shuffled = [...RECORDS];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as Uint8Array, shuffled[i] as Uint8Array];
    }
    expect(shuffled.filter((r, i) => r === RECORDS[i]).length).toBeLessThan(10); // really out of order
    const first = scratchFile('shuffled/blk00000.dat', concat(shuffled.slice(0, 220)));
    const second = scratchFile('shuffled/blk00001.dat', concat(shuffled.slice(220)));
    const { code, report } = await connect(first, second);
    expect(code).toBe(0);
    expect(report).toMatchObject(PLAIN_CHAIN);
  });

  it('a block whose parent never arrives: reported as an orphan (hash, parent, file, byte), not connected, exit 0 as Core skips it', async () => {
    // Block 437 left out: block 438 waits for it to the end.
    const records = [...RECORDS.slice(0, 437), RECORDS[438] as Uint8Array];
    const path = scratchFile('orphan/blk00000.dat', concat(records));
    const { code, report, stderr } = await connect(path);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      valid: true,
      blocks: 437,
      tipHeight: 436,
      tipHash: prevHashOf(RECORDS[437] as Uint8Array),
      orphanBlocks: 1,
      orphans: [{ prevHash: prevHashOf(RECORDS[438] as Uint8Array), file: path, byte: records.slice(0, 437).reduce((n, r) => n + r.length, 0) }],
    });
    expect(stderr).toContain('1 block(s) whose parent never arrived were not connected');
  });

  it('an undecodable block inside the file: exit 2 with its record number and byte offset', async () => {
    const records = RECORDS.map((r) => r.slice());
    const broken = records[5] as Uint8Array;
    broken[8 + 80] = 0xff; // the transaction count: a CompactSize of 2^64 - 1, far past the block's end
    const path = scratchFile('undecodable.dat', concat(records));
    const offset = records.slice(0, 5).reduce((n, r) => n + r.length, 0);
    const { code, stderr } = await connect(path);
    expect(code).toBe(2);
    expect(stderr).toContain(`${path}: block record 5 at byte ${offset}: does not decode`);
  });

  it('a header that fails its checks: exit 1 with the height, hash and Core reason', async () => {
    const raw = DAT.slice();
    const nonce = 8 + 285 + 8 + 76; // first nonce byte of block 1 (the genesis record is 285 bytes)
    raw[nonce] = (raw[nonce] ?? 0) ^ 0xff;
    const { code, report } = await connect(scratchFile('bad.dat', raw));
    expect(code).toBe(1);
    expect(report).toMatchObject({ valid: false, height: 1, error: 'high-hash' });
  });

  it('a block that fails ConnectBlock: exit 1 with its height and Core reason', async () => {
    const records = RECORDS.map((r) => r.slice());
    const block170 = records[170] as Uint8Array;
    block170[block170.length - 10] = (block170[block170.length - 10] ?? 0) ^ 1; // inside its last transaction: the merkle root no longer matches
    const { code, report } = await connect(scratchFile('bad-merkle.dat', concat(records)));
    expect(code).toBe(1);
    expect(report).toMatchObject({ valid: false, height: 170, error: 'bad-txnmrklroot' });
  });

  it('the same file on the wrong network, an empty file, a missing file, a directory: exit 2 naming the file', async () => {
    const wrong = await bllvm('connect-chain', '--network', 'testnet3', vectorPath('bitcoinj/first-100k-blocks.dat'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('no block with the testnet3 network magic 0b110907');
    const empty = scratchFile('empty.dat', new Uint8Array(0));
    const e = await connect(empty);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(empty);
    const missing = await connect(join(scratch, 'none.dat'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\.dat: cannot read \(ENOENT\)/);
    const dir = await connect(scratch);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain(`${scratch}: cannot read (EISDIR)`);
  });
});
