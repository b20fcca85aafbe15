/**
 * Chains from files: first-100k-blocks.dat connected from genesis (UTXO set checked against an
 * independent walk), the header chain rules, and the shell's reading of blk files as Core's
 * LoadExternalBlockFile does (scan for the magic, XOR key, out-of-order blocks, most-work chain).
 * The same reading through the CLI, with real-file fixtures, is in test/cli.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND } from '../kernel/crypto/secp256k1.js';
import { fromHex, toDisplayHex, toHex } from '../kernel/encoding/hex.js';
import { blockHash, decodeBlock, decodeBlockHeader } from '../kernel/primitives/block.js';
import { isCoinbase, txid } from '../kernel/primitives/transaction.js';
import type { Block, BlockHeader } from '../kernel/primitives/types.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { isUnspendable, outpointKey } from '../kernel/chain/utxo.js';
import {
  type HeaderEntry,
  acceptHeader,
  contextualCheckBlockHeader,
  findReorg,
  genesisEntry,
  getMedianTimePast,
  getNextWorkRequired,
  hasMoreWork,
} from '../kernel/chain/header-chain.js';
import { checkBlockHeader } from '../kernel/validation/block-check.js';
import { connectBlock } from '../kernel/validation/connect-block.js';
import { blockMerkleRoot } from '../kernel/validation/merkle.js';
import { scanStep, splitBlkFile as scanBlkFile } from '../shell/chain/blk-file.js';
import { type FoundBlock, indexBlocks } from '../shell/chain/block-index.js';
import { connectChain } from '../shell/chain/connect-chain.js';
import { WindowedFile } from '../shell/chain/file-reader.js';
import { findBlocks } from '../shell/chain/load-blocks.js';
import { parseUndoFile, readUndoRecords } from '../shell/chain/undo-file.js';
import { parseXorKey, xorAtOffset } from '../shell/chain/xor.js';
import { readVector, splitBlkFile, vectorPath } from './support/vectors.js';

const MAIN = NETWORKS.main;
const NOW = 2_000_000_000; // a clock past every fixture's time
const rawBlocks = splitBlkFile(readVector('bitcoinj/first-100k-blocks.dat'), MAIN.messageStart);
const blocks: Block[] = rawBlocks.map((raw) => {
  const b = decodeBlock(raw);
  if (!b.ok) throw new Error(b.error.code);
  return b.value;
});

describe('§5.6 §5.7 §7.1 first-100k-blocks.dat connects from genesis', () => {
  const result = connectChain(MAIN, rawBlocks, DEFAULT_BACKEND, NOW);

  it('connects 439 blocks to tip 0000000025c6b644…c7a at height 438', () => {
    if (!result.ok) throw new Error(`${result.failure.height}: ${result.failure.error.reason}`);
    expect(result.state.blocks).toBe(439);
    expect(result.state.tip.height).toBe(438);
    expect(toDisplayHex(result.state.tip.hash)).toBe('0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a');
  });

  it('ends with the UTXO set an independent walk over the transactions gives', () => {
    if (!result.ok) throw new Error(result.failure.error.reason);
    // Independently: every output of blocks 1..438 that no later input spends (the genesis output is
    // never spendable, as in Core).
    const unspent = new Map<string, bigint>();
    for (const block of blocks.slice(1)) {
      for (const tx of block.transactions) {
        if (!isCoinbase(tx)) for (const input of tx.inputs) unspent.delete(`${toHex(input.prevout.txid)}:${input.prevout.vout}`);
        const id = toHex(txid(tx));
        tx.outputs.forEach((out, n) => {
          if (!isUnspendable(out.scriptPubKey)) unspent.set(`${id}:${n}`, out.value);
        });
      }
    }
    const total = [...unspent.values()].reduce((a, b) => a + b, 0n);
    expect(result.state.utxos.size).toBe(unspent.size);
    expect([...result.state.utxos.values()].reduce((a, c) => a + c.output.value, 0n)).toBe(total);
    expect(result.state.utxos.size).toBe(443);
    expect(total).toBe(2_190_000_000_000n); // 438 blocks × 50 BTC, no fees in this range
  });

  it('the BIP30 rule: a block repeating an unspent transaction is rejected (bad-txns-BIP30)', () => {
    if (!result.ok) throw new Error(result.failure.error.reason);
    const { tip, utxos } = result.state;
    // Block 1's coinbase is still unspent at height 438: a block at 439 with the same coinbase overwrites it.
    const repeated = (blocks[1] as Block).transactions[0];
    if (repeated === undefined) throw new Error('no coinbase');
    const unrooted: Block = { header: { ...(blocks[438] as Block).header, prevBlockHash: tip.hash, time: tip.header.time + 600 }, transactions: [repeated] };
    const block: Block = { ...unrooted, header: { ...unrooted.header, merkleRoot: blockMerkleRoot(unrooted).root } };
    const r = connectBlock({ getCoin: (p) => utxos.get(outpointKey(p)) }, block, {
      height: 439,
      prevMedianTimePast: getMedianTimePast(tip),
      medianTimePastAt: () => 0,
      params: MAIN.consensus,
      backend: DEFAULT_BACKEND,
      checkPow: false,
    });
    expect(r.ok ? 'OK' : r.error.reason).toBe('bad-txns-BIP30');
  });
});

describe('§6.3 header chain', () => {
  it('headers 1..11 (btcd) pass acceptHeader from the computed genesis', () => {
    const lines = readFileSync(vectorPath('btcd/blockheaders-mainnet-1-11.txt'), 'utf8').trim().split('\n');
    let entry = genesisEntry(MAIN);
    for (const line of lines) {
      const bytes = fromHex(line.trim());
      const header = bytes.ok ? decodeBlockHeader(bytes.value) : undefined;
      if (!header?.ok) throw new Error('bad header');
      const accepted = acceptHeader(entry, header.value, MAIN.consensus, NOW);
      if (!accepted.ok) throw new Error(accepted.error.reason);
      entry = accepted.value;
    }
    expect(entry.height).toBe(11);
    expect(entry.chainWork).toBe(12n * 0x100010001n);
  });

  const chainTo = (height: number): HeaderEntry => {
    let entry = genesisEntry(MAIN);
    for (const block of blocks.slice(1, height + 1)) {
      const accepted = acceptHeader(entry, block.header, MAIN.consensus, NOW);
      if (!accepted.ok) throw new Error(accepted.error.reason);
      entry = accepted.value;
    }
    return entry;
  };
  const tip = chainTo(100);
  const next = (blocks[101] as Block).header;
  const reasonOf = (header: BlockHeader, now = NOW) => {
    const r = contextualCheckBlockHeader(header, tip, MAIN.consensus, now);
    return r.ok ? 'OK' : r.error.reason;
  };

  it('block 101 passes the contextual header checks (control)', () => {
    expect(reasonOf(next)).toBe('OK');
  });

  it('a time not above the median time past: time-too-old', () => {
    expect(reasonOf({ ...next, time: getMedianTimePast(tip) })).toBe('time-too-old');
    expect(reasonOf({ ...next, time: getMedianTimePast(tip) + 1 })).toBe('OK');
  });

  it('wrong bits: bad-diffbits', () => {
    expect(reasonOf({ ...next, bits: 0x1d00fffe })).toBe('bad-diffbits');
  });

  it('more than two hours ahead of the clock: time-too-new', () => {
    expect(reasonOf(next, next.time - 7201)).toBe('time-too-new');
    expect(reasonOf(next, next.time - 7200)).toBe('OK');
  });

  it('version 1 after BIP34 activation: bad-version(0x00000001)', () => {
    const late: HeaderEntry = { ...tip, height: MAIN.consensus.bip34Height - 1 };
    const r = contextualCheckBlockHeader(next, late, MAIN.consensus, NOW);
    expect(r.ok ? 'OK' : r.error.reason).toBe('bad-version(0x00000001)');
  });

  it("after BIP65 any version below 4 is bad-version with Core's %08x: negative versions as their uint32", () => {
    const late: HeaderEntry = { ...tip, height: MAIN.consensus.bip65Height - 1 };
    const reason = (version: number): string => {
      const r = contextualCheckBlockHeader({ ...next, version }, late, MAIN.consensus, NOW);
      return r.ok ? 'OK' : r.error.reason;
    };
    expect(reason(3)).toBe('bad-version(0x00000003)');
    expect(reason(0)).toBe('bad-version(0x00000000)');
    expect(reason(-1)).toBe('bad-version(0xffffffff)');
    expect(reason(-0x80000000)).toBe('bad-version(0x80000000)');
    expect(reason(-0x5432fedd)).toBe('bad-version(0xabcd0123)');
    expect(reason(4)).toBe('OK');
  });

  it('a competing branch: the reorg path disconnects back to the fork and connects the other side', () => {
    const a = chainTo(12);
    const fork = chainTo(10);
    const other: HeaderEntry = { ...fork, hash: new Uint8Array(32).fill(1), height: 11, prev: fork };
    const reorg = findReorg(a, other);
    expect(reorg?.fork.height).toBe(10);
    expect(reorg?.disconnect.map((e) => e.height)).toEqual([12, 11]);
    expect(reorg?.connect.map((e) => e.height)).toEqual([11]);
  });
});

describe("§4.8 §6.3 GetNextWorkRequired on Core's pow_tests retarget cases (mainnet)", () => {
  /** A chain of `length` synthetic entries ending at `lastHeight`, first time `firstTime`, last time `lastTime`. */
  function period(lastHeight: number, firstTime: number, lastTime: number, bits: number): HeaderEntry {
    let entry: HeaderEntry | undefined;
    for (let h = lastHeight - 2015; h <= lastHeight; h++) {
      const time = h === lastHeight ? lastTime : firstTime;
      const header: BlockHeader = { version: 1, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time, bits, nonce: 0 };
      entry = { header, hash: new Uint8Array(32), height: h, chainWork: 0n, prev: entry };
    }
    return entry as HeaderEntry;
  }

  it('get_next_work: block 32256 gets 0x1d00d86a', () => {
    expect(getNextWorkRequired(period(32255, 1261130161, 1262152739, 0x1d00ffff), 0, MAIN.consensus)).toBe(0x1d00d86a);
  });
  it('get_next_work_pow_limit: capped at the pow limit, 0x1d00ffff', () => {
    expect(getNextWorkRequired(period(2015, 1231006505, 1233061996, 0x1d00ffff), 0, MAIN.consensus)).toBe(0x1d00ffff);
  });
  it('get_next_work_lower_limit_actual: clamped to a quarter of the timespan, 0x1c0168fd', () => {
    expect(getNextWorkRequired(period(68543, 1279008237, 1279297671, 0x1c05a3f4), 0, MAIN.consensus)).toBe(0x1c0168fd);
  });
  it('get_next_work_upper_limit_actual: clamped to four times the timespan, 0x1d00e1fd', () => {
    expect(getNextWorkRequired(period(48383, 1263163443, 1269211443, 0x1c387f6f), 0, MAIN.consensus)).toBe(0x1d00e1fd);
  });
  it("between retargets a block keeps its parent's bits; on testnet3 a block 20 minutes late may use the pow limit", () => {
    const mid = period(2014, 1296688602, 1296688602, 0x1c0fffff);
    expect(getNextWorkRequired(mid, mid.header.time + 1201, MAIN.consensus)).toBe(0x1c0fffff);
    expect(getNextWorkRequired(mid, mid.header.time + 1201, NETWORKS.testnet3.consensus)).toBe(0x1d00ffff);
    expect(getNextWorkRequired(mid, mid.header.time + 1200, NETWORKS.testnet3.consensus)).toBe(0x1c0fffff);
  });
});

describe('§6.3 network-specific header rules', () => {
  function chain(lastHeight: number, time: number, bits: number): HeaderEntry {
    let entry: HeaderEntry | undefined;
    for (let h = Math.max(0, lastHeight - 2015); h <= lastHeight; h++) {
      const header: BlockHeader = { version: 4, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: time + h * 600, bits, nonce: 0 };
      entry = { header, hash: new Uint8Array(32).fill(h & 0xff), height: h, chainWork: 0n, prev: entry };
    }
    return entry as HeaderEntry;
  }

  it('§4.8 regtest never retargets: the period boundary keeps the parent bits', () => {
    const prev = chain(2015, 1296688602, 0x207fffff);
    expect(getNextWorkRequired(prev, prev.header.time + 10_000_000, NETWORKS.regtest.consensus)).toBe(0x207fffff);
  });

  it('§4.8 testnet4 (BIP94): the first block of a period may not be more than 600 s before its parent', () => {
    const params = NETWORKS.testnet4.consensus;
    const prev = chain(2015, 1714777860, 0x1d00ffff);
    const header: BlockHeader = { ...prev.header, bits: getNextWorkRequired(prev, prev.header.time, params), time: prev.header.time - 601 };
    // The median time past is far below, so only the timewarp rule can reject it.
    const at = (time: number) => {
      const r = contextualCheckBlockHeader({ ...header, time }, prev, params, NOW);
      return r.ok ? 'OK' : r.error.reason;
    };
    expect(at(prev.header.time - 601)).toBe('time-timewarp-attack');
    expect(at(prev.header.time - 600)).toBe('OK');
    expect(contextualCheckBlockHeader({ ...header, time: prev.header.time - 601 }, prev, MAIN.consensus, NOW).ok).toBe(true);
  });

  it('the best chain is the one with more work', () => {
    const low = genesisEntry(MAIN);
    const high: HeaderEntry = { ...low, chainWork: low.chainWork + 1n };
    expect([hasMoreWork(high, low), hasMoreWork(low, high), hasMoreWork(low, low)]).toEqual([true, false, false]);
  });
});

describe("blk files as Core's LoadExternalBlockFile scans them (shell/chain/blk-file.ts)", () => {
  const magic = MAIN.messageStart;
  const record = (block: Uint8Array): Uint8Array => {
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, block.length, true);
    return Uint8Array.from([...magic, ...size, ...block]);
  };
  const block1 = rawBlocks[1] as Uint8Array;

  it('skips zeros, false magics and sizes under 80 or over 4,000,000; a record running past the end is an error', () => {
    const tooSmall = Uint8Array.of(...magic, 79, 0, 0, 0);
    const tooLarge = Uint8Array.of(...magic, 0x01, 0x09, 0x3d, 0x00); // 4,000,001
    const data = Uint8Array.from([0, 0, 0xf9, 0xbe, 0xb4, ...tooSmall, ...tooLarge, ...record(block1), ...new Uint8Array(4096)]);
    const found = scanBlkFile(data, magic);
    expect(found.ok && found.value.map(toHex)).toEqual([toHex(block1)]);
    expect(scanBlkFile(new Uint8Array(1 << 16), magic)).toEqual({ ok: true, value: [] });
    const cut = record(block1).subarray(0, 100);
    const truncated = scanBlkFile(cut, magic);
    expect(truncated.ok ? 'ok' : truncated.error).toBe(`block record 0 at byte 0 runs past the end (${block1.length} bytes announced, 92 left)`);
  });

  it('a magic at the edge of a window: the next window starts where it may begin', () => {
    // Three bytes of a magic at the end of a 10-byte view starting at file offset 100.
    expect(scanStep(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0xf9, 0xbe, 0xb4), 100, false, magic)).toEqual({ kind: 'continue', from: 107 });
    // A whole magic but no room for the size: read again from the magic.
    expect(scanStep(Uint8Array.of(0, 0, ...magic, 0x10), 100, false, magic)).toEqual({ kind: 'continue', from: 102 });
    expect(scanStep(Uint8Array.of(0, 0, ...magic, 0x10), 100, true, magic)).toEqual({ kind: 'end' });
    expect(scanStep(record(block1), 100, false, magic)).toEqual({ kind: 'record', magicAt: 100, size: block1.length });
  });

  it('the XOR key applies by file offset (Core: key[offset mod 8]); twice restores the bytes; an all-zero key changes nothing', () => {
    const key = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const bytes = Uint8Array.of(0, 0, 0, 0);
    xorAtOffset(bytes, key, 5);
    expect([...bytes]).toEqual([6, 7, 8, 1]);
    xorAtOffset(bytes, key, 5);
    expect([...bytes]).toEqual([0, 0, 0, 0]);
    xorAtOffset(bytes, new Uint8Array(8), 0);
    expect([...bytes]).toEqual([0, 0, 0, 0]);
    expect(parseXorKey('0102030405060708')).toEqual({ ok: true, value: key });
    for (const bad of ['01020304050607', '010203040506070809', 'zz02030405060708', '']) expect(parseXorKey(bad).ok).toBe(false);
  });
});

describe("the order Core takes in blocks from files (shell/chain/block-index.ts, on regtest headers)", () => {
  const REGTEST = NETWORKS.regtest;
  const genesis = genesisEntry(REGTEST);
  /** A header on `prev` that passes acceptHeader (regtest work is found in a few tries). */
  function mine(prev: HeaderEntry, tag: number): HeaderEntry {
    for (let nonce = 0; nonce < 1000; nonce++) {
      const header: BlockHeader = { version: 4, prevBlockHash: prev.hash, merkleRoot: new Uint8Array(32).fill(tag), time: prev.header.time + 600, bits: 0x207fffff, nonce };
      const accepted = acceptHeader(prev, header, REGTEST.consensus, NOW);
      if (accepted.ok) return accepted.value;
    }
    throw new Error('no nonce found');
  }
  const found = (entry: HeaderEntry, position: string): FoundBlock<string> => ({ hash: entry.hash, header: entry.header, position });
  const a1 = mine(genesis, 1);
  const a2 = mine(a1, 2);
  const b1 = mine(genesis, 3);
  const b2 = mine(b1, 4);
  const b3 = mine(b2, 5);
  const stranger = mine(mine(genesis, 6), 7); // its parent is never given

  it('out of order, two branches, an orphan and a repeat: the most-work chain, stale and orphan blocks counted', () => {
    const order = [found(a1, 'a1'), found(a2, 'a2'), found(b2, 'b2'), found(stranger, 'x'), found(b1, 'b1'), found(b3, 'b3'), found(a1, 'a1 again')];
    const indexed = indexBlocks(order, genesis, REGTEST.consensus, NOW);
    if (!indexed.ok) throw new Error(indexed.error.error.reason);
    expect(indexed.value.chain.map((c) => c.position)).toEqual([undefined, 'b1', 'b2', 'b3']);
    expect(indexed.value.chain.map((c) => c.entry.height)).toEqual([0, 1, 2, 3]);
    expect({ stale: indexed.value.stale, duplicates: indexed.value.duplicates }).toEqual({ stale: 2, duplicates: 1 });
    expect(indexed.value.orphans.map((o) => o.position)).toEqual(['x']);
  });

  it('equal work: the branch accepted first stays the chain (Core orders ties by nSequenceId)', () => {
    const indexed = indexBlocks([found(a1, 'a1'), found(b1, 'b1'), found(b2, 'b2'), found(a2, 'a2')], genesis, REGTEST.consensus, NOW);
    expect(indexed.ok && indexed.value.chain.map((c) => c.position)).toEqual([undefined, 'b1', 'b2']);
  });

  it('a header failing its checks when its parent arrives: the failure with its height and Core reason', () => {
    // On b1, with enough work but a time not above the median time past (genesis's time).
    let wrongTime: BlockHeader | undefined;
    for (let nonce = 0; wrongTime === undefined && nonce < 1000; nonce++) {
      const header: BlockHeader = { ...b2.header, time: genesis.header.time, nonce };
      if (checkBlockHeader(header, REGTEST.consensus.powLimit).ok) wrongTime = header;
    }
    if (wrongTime === undefined) throw new Error('no nonce found');
    const bad: FoundBlock<string> = { hash: blockHash(wrongTime), header: wrongTime, position: 'bad' };
    const indexed = indexBlocks([bad, found(b1, 'b1')], genesis, REGTEST.consensus, NOW);
    expect(indexed.ok ? 'ok' : [indexed.error.block.position, indexed.error.height, indexed.error.error.reason]).toEqual(['bad', 2, 'time-too-old']);
  });

  it('the genesis block in the files is not a duplicate and gets its position', () => {
    const indexed = indexBlocks([found(genesis, 'g'), found(a1, 'a1')], genesis, REGTEST.consensus, NOW);
    expect(indexed.ok && indexed.value.chain.map((c) => c.position)).toEqual(['g', 'a1']);
    expect(indexed.ok && indexed.value.duplicates).toBe(0);
  });
});

describe('reading files in bounded windows (shell/chain/file-reader.ts, load-blocks.ts, undo-file.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bllvm-windows-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dat = readVector('bitcoinj/first-100k-blocks.dat');

  it('every block of first-100k-blocks.dat, XORed and padded, found through 1000-byte windows (blocks straddle them)', async () => {
    const key = Uint8Array.of(0xa5, 0x5a, 0x00, 0xff, 0x13, 0x37, 0xc0, 0xde);
    const bytes = Uint8Array.from([...dat, ...new Uint8Array(5000)]);
    xorAtOffset(bytes, key, 0);
    const path = join(dir, 'blk.dat');
    writeFileSync(path, bytes);
    const file = await WindowedFile.open(path, key, 1000);
    try {
      const hashes: string[] = [];
      const scanned = await findBlocks(file, 0, MAIN.messageStart, (b) => hashes.push(toHex(b.hash)));
      expect(scanned).toEqual({ ok: true, value: 439 });
      expect(hashes).toEqual(blocks.map((b) => toHex(blockHash(b.header))));
    } finally {
      await file.close();
    }
  });

  it('undo records read through 100-byte windows: the same outputs as parsing the whole file; more records than needed refused', async () => {
    const undo = readVector('bcoin/block300025-undo.raw');
    const path = join(dir, 'undo.raw');
    writeFileSync(path, undo);
    const whole = parseUndoFile(undo);
    if (!whole.ok) throw new Error(whole.error.code);
    const file = await WindowedFile.open(path, undefined, 100);
    try {
      const read = await readUndoRecords(file, whole.value.length);
      expect(read.ok && read.value).toEqual(whole.value);
      const fewer = await readUndoRecords(file, whole.value.length - 1);
      expect(fewer.ok ? 'ok' : fewer.error).toMatch(/^undo data has more records than the block's 1426 non-coinbase inputs: \d+ more bytes follow/);
    } finally {
      await file.close();
    }
  });
});
