/**
 * `bllvm import` (shell/cli/import.ts) into a data directory, and a store whose records were
 * damaged. first-100k-blocks.dat (bitcoinj, 439 mainnet blocks): height 438, 443 coins,
 * 2,190,000,000,000 sat, and the tree root and MuHash that `bllvm utxo-commit` prints for the file;
 * the stored coins equal the set replayed from the file's blocks by plain code here, hashed by the
 * independent MuHash reference (test/support/muhash-reference.ts); a second run continues from
 * the stored tip. Exit statuses: an invalid block 1 (the blocks before it stay), bad arguments,
 * unreadable files, another network's or a damaged directory 2. Damaged records (coins, undo,
 * blocks, index, chain state, active chain) come back as `corrupt` errors or verify() problems,
 * never as exceptions.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { serializeCoin } from '../../kernel/commitments/coin.js';
import { decodeBlock, encodeBlock } from '../../kernel/primitives/block.js';
import { isCoinbase, txid } from '../../kernel/primitives/transaction.js';
import type { Block } from '../../kernel/primitives/types.js';
import { ChainStore } from '../../shell/store/chain-store.js';
import { coinKey } from '../../shell/store/coin-codec.js';
import { META_CHAIN_STATE, heightKey } from '../../shell/store/databases.js';
import { decodeChainState, encodeChainState } from '../../shell/store/records.js';
import { referenceMuhashDisplayHex, referenceTxOutSer } from '../support/muhash-reference.js';
import { buildRegtestChain, toBlkFile } from '../../shell/regtest/index.js';
import { vectorPath } from '../support/vectors.js';
import { blocksOfFile, readRawRecord, storedCoins, tempDir, writeRawRecord } from './support/store-fixtures.js';
import { bllvm } from '../support/cli.js';

const FILE = vectorPath('bitcoinj/first-100k-blocks.dat');
const scratch = tempDir('import');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The UTXO set after the file's last block, replayed with a plain map (the file holds the chain in order), each coin as Core's TxOutSer by the reference. */
function replayedSet(): Map<string, Uint8Array> {
  const data = readFileSync(FILE);
  const coins = new Map<string, Uint8Array>();
  for (let at = 0, height = 0; at < data.length; height++) {
    const size = data.readUInt32LE(at + 4);
    const block = decodeBlock(new Uint8Array(data.subarray(at + 8, at + 8 + size)));
    at += 8 + size;
    if (!block.ok) throw new Error(`block ${height}: ${block.error.code}`);
    if (height === 0) continue; // Core never adds the genesis block's outputs
    for (const tx of block.value.transactions) {
      const id = txid(tx);
      if (!isCoinbase(tx)) for (const input of tx.inputs) coins.delete(`${Buffer.from(input.prevout.txid).toString('hex')}:${input.prevout.vout}`);
      tx.outputs.forEach((out, vout) => {
        if ((out.scriptPubKey.length > 0 && out.scriptPubKey[0] === 0x6a) || out.scriptPubKey.length > 10_000) return;
        coins.set(`${Buffer.from(id).toString('hex')}:${vout}`, referenceTxOutSer(id, vout, height, isCoinbase(tx), out.value, out.scriptPubKey));
      });
    }
  }
  return coins;
}

describe('bllvm import first-100k-blocks.dat', () => {
  const datadir = join(scratch, 'first-100k');

  it("tip 438, 443 coins, 2,190,000,000,000 sat, utxo-commit's root and MuHash; the coins are the replayed set; a second run connects nothing", async () => {
    const first = await bllvm('import', '--datadir', datadir, '--network', 'main', FILE, '--json');
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      valid: true,
      tipHeight: 438,
      tipHash: '0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a',
      previousTipHeight: 0,
      connected: 438,
      skipped: 0,
      headersAccepted: 438,
      utxoCount: '443',
      totalAmount: '2190000000000',
    });
    const commit = await bllvm('utxo-commit', '--network', 'main', FILE, '--json');
    expect(commit.code, commit.stderr).toBe(0);
    const tip = JSON.parse(commit.stdout.trim()) as Record<string, unknown>;
    expect(report.root).toBe(tip.root);
    expect(report.muhash).toBe(tip.muhash);
    expect(report.digest).toBe(tip.digest);
    const replayed = replayedSet();
    expect(report.muhash).toBe(referenceMuhashDisplayHex([...replayed.values()]));
    console.log(`bllvm import first-100k-blocks.dat: 438 blocks in ${String(report.ms)} ms (${String(report.blocksPerSecond)} blocks/s, file scan included)`);

    const again = await bllvm('import', '--datadir', datadir, '--network', 'main', FILE, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ valid: true, tipHeight: 438, previousTipHeight: 438, connected: 0, skipped: 438, headersAccepted: 0, root: report.root, muhash: report.muhash });

    const opened = ChainStore.open(join(datadir, 'chain'), { params: NETWORKS.main });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    try {
      const stored = storedCoins(opened.value);
      expect(stored.size).toBe(replayed.size);
      for (const [key, coin] of stored) {
        const [hexTxid, vout] = key.split(':') as [string, string];
        const ser = serializeCoin({ txid: Buffer.from(hexTxid, 'hex'), vout: Number(vout) }, coin);
        expect(Buffer.from(ser).toString('hex'), key).toBe(Buffer.from(replayed.get(key) ?? []).toString('hex'));
      }
      expect(opened.value.verify({ deep: true })).toEqual([]);
    } finally {
      await opened.value.close();
    }
  }, 120_000);

  it('exit 2: no --datadir, a missing file, another network on the same directory; --help exits 0', async () => {
    expect((await bllvm('import', '--network', 'main', FILE)).code).toBe(2);
    const missing = await bllvm('import', '--datadir', join(scratch, 'missing'), '--network', 'main', '/nonexistent/blk00000.dat');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/nonexistent\/blk00000\.dat: cannot read/);
    const wrong = await bllvm('import', '--datadir', datadir, '--network', 'testnet4', FILE);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/holds a main chain, not testnet4/);
    const help = await bllvm('import', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--datadir <dir>/);
  }, 60_000);

  it('exit 1 at an invalid block: the blocks before it stay connected, and a rerun stops at it again', async () => {
    const chain = buildRegtestChain({ seed: 'bllvm-import-invalid', blocks: 120 });
    const bad = chain.candidateBlock([], chain.subsidy(121) + 1n);
    const file = join(scratch, 'invalid.dat');
    const raw = toBlkFile(chain.blocks);
    const frame = Buffer.alloc(8);
    Buffer.from(NETWORKS.regtest.messageStart).copy(frame, 0);
    const badRaw = encodeBlock(bad);
    frame.writeUInt32LE(badRaw.length, 4);
    writeFileSync(file, Buffer.concat([raw, frame, badRaw]));
    const dir = join(scratch, 'invalid');
    for (const run of [1, 2]) {
      const r = await bllvm('import', '--datadir', dir, '--network', 'regtest', file, '--json');
      expect(r.code, `run ${run}: ${r.stderr}`).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, height: 121, error: 'bad-cb-amount', file, connected: run === 1 ? 120 : 0, tipHeight: 120 });
    }
  }, 60_000);
});

describe('a store with damaged records reports them', () => {
  const dir = join(scratch, 'damaged');
  const blocks: Block[] = blocksOfFile(FILE);
  const params = NETWORKS.main;
  const stores: ChainStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const openStore = (): ChainStore => {
    const opened = ChainStore.open(dir, { params });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    stores.push(opened.value);
    return opened.value;
  };
  const closeAll = async (): Promise<void> => {
    for (const s of stores.splice(0)) await s.close();
  };
  const block170 = blocks[170] as Block;
  const spent = (block170.transactions[1] as Block['transactions'][number]).inputs[0]?.prevout as { txid: Uint8Array; vout: number };

  it('setup: blocks 1-169 connected (block 170 spends the first non-coinbase coin)', async () => {
    const store = openStore();
    expect(store.acceptHeaders(blocks.slice(1).map((b) => b.header), 2_000_000_000)).toMatchObject({ ok: true, value: { newHeaders: 438 } });
    for (const b of blocks.slice(1, 170)) expect(store.connectTip(b).ok).toBe(true);
    expect(store.tip.height).toBe(169);
    expect(store.coin(spent)).toMatchObject({ ok: true, value: { height: 9, isCoinbase: true } });
  });

  it('a garbage coin record: connecting the block that spends it is a corrupt error and changes nothing; restored, it connects', async () => {
    const original = await readRawRecord(dir, 'coins', coinKey(spent));
    await writeRawRecord(dir, 'coins', coinKey(spent), Uint8Array.of(0xff, 0xff));
    let store = openStore();
    expect(store.coin(spent)).toMatchObject({ ok: false, error: { kind: 'corrupt', db: 'coins' } });
    expect(store.connectTip(block170)).toMatchObject({ ok: false, error: { kind: 'corrupt', db: 'coins', message: expect.stringMatching(/end of data|size too large/) } });
    expect(store.tip.height).toBe(169);
    expect(store.verify({ deep: true }).map((p) => p.check)).toContain('coins');
    await closeAll();
    await writeRawRecord(dir, 'coins', coinKey(spent), original);
    store = openStore();
    expect(store.connectTip(block170)).toMatchObject({ ok: true, value: { entry: { height: 170 }, spent: 1 } });
    expect(store.verify({ deep: true })).toEqual([]);
  });

  it("the tip's undo data with a flipped byte (Checksum mismatch) or its block truncated: disconnect refuses, nothing changes", async () => {
    const hash = openStore().tip.hash;
    await closeAll();
    for (const [db, damage] of [
      ['undo', (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i === 3 ? x ^ 0x10 : x))],
      ['blocks', (b: Uint8Array) => b.subarray(0, b.length - 7)],
    ] as const) {
      const original = (await readRawRecord(dir, db, hash)) as Uint8Array;
      await writeRawRecord(dir, db, hash, damage(original));
      const store = openStore();
      const before = store.tipCommitment();
      expect(store.disconnectTip(), db).toMatchObject({ ok: false, error: { kind: 'corrupt', db, message: db === 'undo' ? expect.stringMatching(/Checksum mismatch/) : expect.stringMatching(/end of data/) } });
      expect(store.tip.height).toBe(170);
      expect(store.tipCommitment()).toEqual(before);
      expect(store.verify().map((p) => p.check), db).toContain(db);
      await closeAll();
      await writeRawRecord(dir, db, hash, original);
    }
    expect(openStore().verify({ deep: true })).toEqual([]);
  });

  it('a garbage tip index record, a truncated chain state, a chain state ahead of the tree: open refuses with the record named', async () => {
    const tipHash = openStore().tip.hash;
    await closeAll();
    const index = (await readRawRecord(dir, 'block-index', tipHash)) as Uint8Array;
    await writeRawRecord(dir, 'block-index', tipHash, index.subarray(0, 60));
    expect(ChainStore.open(dir, { params })).toMatchObject({ ok: false, error: { kind: 'corrupt', db: 'block-index' } });
    await writeRawRecord(dir, 'block-index', tipHash, index);

    const state = (await readRawRecord(dir, 'meta', META_CHAIN_STATE)) as Uint8Array;
    await writeRawRecord(dir, 'meta', META_CHAIN_STATE, state.subarray(0, 100));
    expect(ChainStore.open(dir, { params })).toMatchObject({ ok: false, error: { kind: 'corrupt', db: 'meta', key: 'chainstate' } });
    const decoded = decodeChainState(state);
    if (!decoded.ok) throw new Error('chain state');
    const ahead = encodeChainState({ ...decoded.value, commitment: { ...decoded.value.commitment, version: decoded.value.commitment.version + 1 } });
    await writeRawRecord(dir, 'meta', META_CHAIN_STATE, ahead);
    expect(ChainStore.open(dir, { params })).toMatchObject({ ok: false, error: { kind: 'corrupt', db: 'utxo-tree-roots' } });
    await writeRawRecord(dir, 'meta', META_CHAIN_STATE, state);
    expect(openStore().verify({ deep: true })).toEqual([]);
  });

  it('a height missing from the active chain: activeEntry and verify report it', async () => {
    const key = heightKey(100);
    const original = await readRawRecord(dir, 'active-chain', key);
    await writeRawRecord(dir, 'active-chain', key, undefined);
    const store = openStore();
    expect(store.activeEntry(100)).toMatchObject({ ok: false, error: { kind: 'corrupt', db: 'active-chain' } });
    expect(store.verify().map((p) => p.check)).toContain('active-chain');
    expect(store.verify({ deep: true }).some((p) => /height 100/.test(p.message))).toBe(true);
    await closeAll();
    await writeRawRecord(dir, 'active-chain', key, original);
    expect(openStore().verify({ deep: true })).toEqual([]);
  });
});

describe('bllvm import on a damaged data directory', () => {
  it('exits 2 naming the corrupt record', async () => {
    const datadir = join(scratch, 'damaged-cli');
    expect((await bllvm('import', '--datadir', datadir, '--network', 'main', FILE)).code).toBe(0);
    await writeRawRecord(join(datadir, 'chain'), 'meta', META_CHAIN_STATE, Uint8Array.of(1, 2, 3));
    const r = await bllvm('import', '--datadir', datadir, '--network', 'main', FILE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/corrupt store: meta record chainstate/);
  }, 60_000);
});
