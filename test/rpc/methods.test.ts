/**
 * The RPC methods (shell/rpc/methods.ts) served by the JSON-RPC server and called with the stock
 * `bitcoin-core` npm client, over two real LMDB stores:
 *   - mainnet's first 438 blocks (test/vectors/bitcoinj/first-100k-blocks.dat, imported with
 *     importBlockFiles): every read method against literal values (block hashes and block 1's
 *     fields as any block explorer shows them, 443 coins, 21900 BTC, the MuHash `bllvm
 *     utxo-commit` prints, itself checked against an independent reference in
 *     test/commitments/utxo-commit.test.ts) or values read from the file by a separate parser
 *     here; hash_serialized_3 against an independent serialization, sort and SHA256d of the coins;
 *     Core's error codes and messages for bad arguments;
 *   - a regtest store fed by submitblock with the regtest builder's blocks (shell/regtest): null,
 *     "duplicate", a mutated block's reason (bad-txnmrklroot), an overpaying coinbase
 *     (bad-cb-amount, then duplicate-invalid), an unknown parent (prev-blk-not-found), a side
 *     branch ("inconclusive", then a reorg onto it), undecodable data (-22 "Block decode failed").
 * getpeerinfo, getconnectioncount and stop use a NodeInfo given here.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import type { Coin } from '../../kernel/chain/utxo.js';
import type { Block } from '../../kernel/primitives/types.js';
import { type NodeInfo, createRpcMethods } from '../../shell/rpc/methods.js';
import type { RpcPeer } from '../../shell/rpc/peers.js';
import { type RunningRpcServer, startRpcServer } from '../../shell/rpc/server.js';
import { processNewBlock } from '../../shell/rpc/submit-block.js';
import { type RegtestChainBuilder, assembleBlock, buildRegtestChain, regtestEncoding } from '../../shell/regtest/index.js';
import { ChainStore } from '../../shell/store/chain-store.js';
import { importBlockFiles } from '../../shell/store/import-blocks.js';
import { referenceTxOutSer } from '../support/muhash-reference.js';
import { vectorPath } from '../support/vectors.js';
import { storedCoins } from '../store/support/store-fixtures.js';

const require = createRequire(import.meta.url);
type RpcClient = { command(...args: unknown[]): Promise<unknown> };
const Client = require('bitcoin-core') as new (options: { host: string; username: string; password: string; timeout?: number }) => RpcClient;

const FILE = vectorPath('bitcoinj/first-100k-blocks.dat');
const GENESIS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
const BLOCK_1 = '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048';
const BLOCK_2 = '000000006a625f06636b8bb6ac7b960a8d03705d1ace08b1a19da3fdcc99ddbd';
const BLOCK_438 = '0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a';
const BLOCK_1_MERKLE = '0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098';
/** What `bllvm utxo-commit --network main first-100k-blocks.dat` prints as the tip's MuHash. */
const MUHASH_438 = 'bbfed8c011991c30706e507a56d7e7f13f509a4ba66038253a179d4bcd7112a1';
/** Core's GetBlockProof of bits 0x1d00ffff: every block up to 438 has difficulty 1. */
const WORK_PER_BLOCK = 0x100010001n;

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-rpc-methods-'));
const servers: RunningRpcServer[] = [];
const stores: ChainStore[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const s of stores) await s.close();
  rmSync(scratch, { recursive: true, force: true });
});

function openStore(dir: string, params: (typeof NETWORKS)[keyof typeof NETWORKS]): ChainStore {
  const opened = ChainStore.open(join(dir, 'chain'), { params, noSync: true });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  stores.push(opened.value);
  return opened.value;
}

async function serve(datadir: string, store: ChainStore, node: NodeInfo): Promise<RpcClient> {
  const server = await startRpcServer({ host: '127.0.0.1', port: 0, datadir, methods: createRpcMethods(store, node) });
  servers.push(server);
  const [username, password] = readFileSync(server.cookieFile, 'utf8').split(':') as [string, string];
  return new Client({ host: `http://127.0.0.1:${server.port}`, username, password, timeout: 30_000 });
}

/** The blocks of the file as a separate reading gives them: header fields straight from the bytes, hash by node:crypto. */
interface FileBlock {
  readonly raw: Buffer;
  readonly hash: string;
  readonly time: number;
  readonly txCount: number;
}
function fileBlocks(): FileBlock[] {
  const data = readFileSync(FILE);
  const blocks: FileBlock[] = [];
  for (let at = 0; at < data.length; ) {
    const size = data.readUInt32LE(at + 4);
    const raw = data.subarray(at + 8, at + 8 + size);
    at += 8 + size;
    const hash = Buffer.from(createHash('sha256').update(createHash('sha256').update(raw.subarray(0, 80)).digest()).digest()).reverse().toString('hex');
    if (raw[80] === undefined || raw[80] >= 0xfd) throw new Error('expected a one-byte transaction count');
    blocks.push({ raw, hash, time: raw.readUInt32LE(68), txCount: raw[80] });
  }
  return blocks;
}

/** Core's GetMedianTimePast at `height` from the file's times. */
function medianTimePast(blocks: readonly FileBlock[], height: number): number {
  const times = blocks.slice(Math.max(0, height - 10), height + 1).map((b) => b.time).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** hash_serialized_3 computed here: SHA256d (node:crypto) of every coin's TxOutSer (the reference's), in Core's order: txid bytes, then output index as a number. */
function independentHashSerialized(coins: ReadonlyMap<string, Coin>): string {
  const once = createHash('sha256');
  [...coins.entries()]
    .map(([key, c]) => {
      const [txidHex, vout] = key.split(':') as [string, string];
      return { txid: Buffer.from(txidHex, 'hex'), vout: Number(vout), c };
    })
    .sort((a, b) => Buffer.compare(a.txid, b.txid) || a.vout - b.vout)
    .forEach(({ txid, vout, c }) => once.update(referenceTxOutSer(txid, vout, c.height, c.isCoinbase, c.output.value, c.output.scriptPubKey)));
  return Buffer.from(createHash('sha256').update(once.digest()).digest()).reverse().toString('hex');
}

const peers: RpcPeer[] = [
  {
    id: 0,
    remote: { transport: 'tcp', address: '127.0.0.1', port: 18444 },
    inbound: false,
    version: 70016,
    subver: '/bcoin:2.2.0/',
    startingHeight: 300,
    services: 0x409n, // NETWORK | WITNESS | NETWORK_LIMITED
    syncedHeaders: 300,
    inFlight: [301, 302],
    bytesSent: 1234,
    bytesReceived: 56789,
    pingMs: 12.5,
    connectedAt: 1_700_000_000_123,
  },
  {
    id: 1,
    remote: { transport: 'iroh', address: '127.0.0.1:41234', nodeId: 'ab'.repeat(32) },
    inbound: true,
    version: 70016,
    subver: '/bllvm-ts:0.1.0/',
    services: (1n << 24n) | 9n, // NETWORK | WITNESS | our node-id bit
    syncedHeaders: -1,
    inFlight: 0,
    bytesSent: 10,
    bytesReceived: 20,
    nodeId: 'ab'.repeat(32),
    connectedAt: 1_700_000_100_999,
  },
];

describe('RPC methods over the first 438 mainnet blocks', () => {
  const datadir = join(scratch, 'main');
  let client: RpcClient;
  let store: ChainStore;
  let blocks: FileBlock[];
  let stopped = 0;

  beforeAll(async () => {
    blocks = fileBlocks();
    store = openStore(datadir, NETWORKS.main);
    const imported = await importBlockFiles(store, [FILE], { now: Math.floor(Date.now() / 1000) });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    client = await serve(datadir, store, {
      peers: () => peers,
      stop: () => {
        stopped++;
      },
      submitBlock: (block: Block) => processNewBlock(store, block, Math.floor(Date.now() / 1000)),
    });
  }, 120_000);

  it('getblockcount, getbestblockhash, getblockhash: 438, its hash, genesis and block 1', async () => {
    expect(blocks).toHaveLength(439);
    expect(blocks[438]?.hash).toBe(BLOCK_438);
    expect(await client.command('getblockcount')).toBe(438);
    expect(await client.command('getbestblockhash')).toBe(BLOCK_438);
    expect(await client.command('getblockhash', 438)).toBe(BLOCK_438);
    expect(await client.command('getblockhash', 0)).toBe(GENESIS);
    expect(await client.command('getblockhash', 1)).toBe(BLOCK_1);
    expect(await client.command('getblockhash', 2)).toBe(BLOCK_2);
  });

  it('getblockchaininfo: Core\'s fields and types', async () => {
    const info = await client.command('getblockchaininfo');
    expect(info).toEqual({
      chain: 'main',
      blocks: 438,
      headers: 438,
      bestblockhash: BLOCK_438,
      difficulty: 1,
      time: blocks[438]?.time,
      mediantime: medianTimePast(blocks, 438),
      verificationprogress: 1,
      // The tip is from 2009: more than 24 hours old.
      initialblockdownload: true,
      chainwork: (439n * WORK_PER_BLOCK).toString(16).padStart(64, '0'),
      size_on_disk: statSync(join(datadir, 'chain', 'data.mdb')).size,
      pruned: false,
      warnings: [],
    });
  });

  it("getblockheader: block 1's fields, the hex header, genesis and tip confirmations", async () => {
    const header1 = {
      hash: BLOCK_1,
      confirmations: 438,
      height: 1,
      version: 1,
      versionHex: '00000001',
      merkleroot: BLOCK_1_MERKLE,
      time: 1231469665,
      mediantime: 1231469665,
      nonce: 2573394689,
      bits: '1d00ffff',
      difficulty: 1,
      chainwork: '0000000000000000000000000000000000000000000000000000000200020002',
      nTx: 1,
      previousblockhash: GENESIS,
      nextblockhash: BLOCK_2,
    };
    expect(await client.command('getblockheader', BLOCK_1)).toEqual(header1);
    expect(await client.command('getblockheader', BLOCK_1, true)).toEqual(header1);
    expect(await client.command('getblockheader', BLOCK_1.toUpperCase())).toEqual(header1);
    expect(await client.command('getblockheader', BLOCK_1, false)).toBe(blocks[1]?.raw.subarray(0, 80).toString('hex'));
    const genesis = (await client.command('getblockheader', GENESIS)) as Record<string, unknown>;
    expect(genesis).toMatchObject({ height: 0, confirmations: 439, nextblockhash: BLOCK_1, chainwork: WORK_PER_BLOCK.toString(16).padStart(64, '0'), nTx: 1 });
    expect(genesis).not.toHaveProperty('previousblockhash');
    const tip = (await client.command('getblockheader', BLOCK_438)) as Record<string, unknown>;
    expect(tip).toMatchObject({ height: 438, confirmations: 1, time: blocks[438]?.time, mediantime: medianTimePast(blocks, 438), nTx: blocks[438]?.txCount, previousblockhash: blocks[437]?.hash });
    expect(tip).not.toHaveProperty('nextblockhash');
  });

  it('getblock: verbosity 1 with sizes, weight and txids; 0 and false give the raw block; true is 1; 2 is refused', async () => {
    const block1 = await client.command('getblock', BLOCK_1);
    expect(block1).toEqual({
      hash: BLOCK_1,
      confirmations: 438,
      height: 1,
      version: 1,
      versionHex: '00000001',
      merkleroot: BLOCK_1_MERKLE,
      time: 1231469665,
      mediantime: 1231469665,
      nonce: 2573394689,
      bits: '1d00ffff',
      difficulty: 1,
      chainwork: '0000000000000000000000000000000000000000000000000000000200020002',
      nTx: 1,
      previousblockhash: GENESIS,
      nextblockhash: BLOCK_2,
      strippedsize: 215,
      size: 215,
      weight: 860,
      tx: [BLOCK_1_MERKLE],
    });
    expect(await client.command('getblock', BLOCK_1, 1)).toEqual(block1);
    expect(await client.command('getblock', BLOCK_1, true)).toEqual(block1);
    expect(await client.command('getblock', BLOCK_1, 0)).toBe(blocks[1]?.raw.toString('hex'));
    expect(await client.command('getblock', BLOCK_1, false)).toBe(blocks[1]?.raw.toString('hex'));
    const tip = (await client.command('getblock', BLOCK_438)) as Record<string, unknown>;
    expect(tip).toMatchObject({ size: blocks[438]?.raw.length, strippedsize: blocks[438]?.raw.length, weight: 4 * (blocks[438]?.raw.length ?? 0), nTx: blocks[438]?.txCount });
    expect(tip.tx).toHaveLength(blocks[438]?.txCount ?? -1);
    await expect(client.command('getblock', BLOCK_1, 2)).rejects.toMatchObject({ code: -8 });
  });

  it('gettxoutsetinfo: 443 coins, 21900 BTC, bogosize, MuHash as utxo-commit prints it, hash_serialized_3 from an independent serialization', async () => {
    // Every coin here is a P2PK output (67-byte script): Core's GetBogoSize is 50 + 67 each.
    const coins = storedCoins(store);
    expect([...coins.values()].every((c) => c.output.scriptPubKey.length === 67)).toBe(true);
    const common = { height: 438, bestblock: BLOCK_438, txouts: 443, bogosize: 443 * 117, total_amount: 21900 };
    const muhash = (await client.command('gettxoutsetinfo', 'muhash')) as Record<string, unknown>;
    expect(muhash).toMatchObject({ ...common, muhash: MUHASH_438 });
    expect(muhash).not.toHaveProperty('hash_serialized_3');
    const none = (await client.command('gettxoutsetinfo', 'none')) as Record<string, unknown>;
    expect(none).toMatchObject(common);
    expect(none).not.toHaveProperty('muhash');
    expect(none).not.toHaveProperty('hash_serialized_3');
    // Core's transactions: distinct txids with unspent outputs.
    const txids = new Set([...coins.keys()].map((k) => k.split(':')[0]));
    expect(none.transactions).toBe(txids.size);
    expect(none.disk_size).toBeGreaterThan(443 * 36);

    const expected = independentHashSerialized(coins);
    const serializedInfo = await client.command('gettxoutsetinfo');
    expect(serializedInfo).toEqual({ ...common, hash_serialized_3: expected, transactions: txids.size, disk_size: none.disk_size });
    expect(await client.command('gettxoutsetinfo', 'hash_serialized_3')).toEqual(serializedInfo);
  });

  it("bad arguments get Core's codes and messages", async () => {
    await expect(client.command('getblockhash', 439)).rejects.toMatchObject({ code: -8, message: 'Block height out of range' });
    await expect(client.command('getblockhash', -1)).rejects.toMatchObject({ code: -8, message: 'Block height out of range' });
    await expect(client.command('getblockhash', '1')).rejects.toMatchObject({
      code: -3,
      message: 'Wrong type passed:\n{\n    "Position 1 (height)": "JSON value of type string is not of expected type number"\n}',
    });
    await expect(client.command('getblockhash')).rejects.toMatchObject({ code: -1, message: expect.stringMatching(/^getblockhash height\n\nReturns hash of block in best-block-chain/) });
    await expect(client.command('getblockcount', 1)).rejects.toMatchObject({ code: -1 });
    await expect(client.command('getblockheader', '00'.repeat(32))).rejects.toMatchObject({ code: -5, message: 'Block not found' });
    await expect(client.command('getblock', '00'.repeat(32))).rejects.toMatchObject({ code: -5, message: 'Block not found' });
    await expect(client.command('getblockheader', 'abc')).rejects.toMatchObject({ code: -8, message: "hash must be of length 64 (not 3, for 'abc')" });
    await expect(client.command('getblock', 'z'.repeat(64))).rejects.toMatchObject({ code: -8, message: `blockhash must be hexadecimal string (not '${'z'.repeat(64)}')` });
    await expect(client.command('getblockheader', BLOCK_1, 1)).rejects.toMatchObject({ code: -3 });
    await expect(client.command('gettxoutsetinfo', 'sha256')).rejects.toMatchObject({ code: -8, message: "'sha256' is not a valid hash_type" });
    await expect(client.command('gettxoutsetinfo', 'muhash', 100)).rejects.toMatchObject({ code: -8, message: 'Querying specific block heights requires coinstatsindex' });
    await expect(client.command('submitblock', 'zz')).rejects.toMatchObject({ code: -22, message: 'Block decode failed' });
    await expect(client.command('submitblock', blocks[1]?.raw.subarray(0, 100).toString('hex'))).rejects.toMatchObject({ code: -22, message: 'Block decode failed' });
    await expect(client.command('submitblock', 5)).rejects.toMatchObject({ code: -3 });
  });

  it('submitblock of a stored mainnet block is "duplicate"', async () => {
    expect(await client.command('submitblock', blocks[1]?.raw.toString('hex'))).toBe('duplicate');
    // Core's DecodeHexBlk ignores bytes after the block.
    expect(await client.command('submitblock', `${blocks[2]?.raw.toString('hex')}00ff`)).toBe('duplicate');
  });

  it('getpeerinfo and getconnectioncount from the NodeInfo; stop answers, then calls stop()', async () => {
    const info = (await client.command('getpeerinfo')) as Record<string, unknown>[];
    expect(info).toHaveLength(2);
    expect(info[0]).toMatchObject({
      id: 0,
      addr: '127.0.0.1:18444',
      network: 'not_publicly_routable',
      services: '0000000000000409',
      servicesnames: ['NETWORK', 'WITNESS', 'NETWORK_LIMITED'],
      relaytxes: false,
      bytessent: 1234,
      bytesrecv: 56789,
      conntime: 1_700_000_000,
      pingtime: 0.0125,
      minping: 0.0125,
      version: 70016,
      subver: '/bcoin:2.2.0/',
      inbound: false,
      startingheight: 300,
      synced_headers: 300,
      inflight: [301, 302],
      connection_type: 'outbound-full-relay',
      bllvm_transport: 'tcp',
    });
    expect(info[1]).toMatchObject({
      id: 1,
      addr: '127.0.0.1:41234',
      network: 'iroh',
      services: '0000000001000009',
      servicesnames: ['NETWORK', 'WITNESS', 'UNKNOWN[2^24]'],
      inbound: true,
      startingheight: -1,
      synced_headers: -1,
      inflight: [],
      connection_type: 'inbound',
      bllvm_transport: 'iroh',
      bllvm_nodeid: 'ab'.repeat(32),
    });
    expect(info[1]).not.toHaveProperty('pingtime');
    expect(await client.command('getconnectioncount')).toBe(2);
    expect(stopped).toBe(0);
    expect(await client.command('stop')).toBe('bllvm-ts stopping');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(1);
  });
});

describe('submitblock on a regtest store with the regtest builder\'s blocks', () => {
  const datadir = join(scratch, 'regtest');
  let client: RpcClient;
  let store: ChainStore;
  let chain: RegtestChainBuilder;
  let fork: RegtestChainBuilder;
  const hex = (block: Block): string => Buffer.from(regtestEncoding.serializeBlock(block)).toString('hex');

  beforeAll(async () => {
    chain = buildRegtestChain({ seed: 'rpc-submitblock', blocks: 13 });
    fork = chain.forkAt(10, 'rpc-submitblock-fork').mine(3);
    store = openStore(datadir, NETWORKS.regtest);
    client = await serve(datadir, store, {
      peers: () => [],
      stop: () => undefined,
      submitBlock: (block: Block) => processNewBlock(store, block, Math.floor(Date.now() / 1000)),
    });
  }, 120_000);

  it('connects blocks 1..11 (null each), then "duplicate" for one already stored', async () => {
    for (let h = 1; h <= 11; h++) expect(await client.command('submitblock', Buffer.from(chain.blocks[h]?.raw ?? []).toString('hex')), `height ${h}`).toBeNull();
    expect(await client.command('getblockcount')).toBe(11);
    expect(await client.command('getbestblockhash')).toBe(Buffer.from(chain.blocks[11]?.hash ?? []).reverse().toString('hex'));
    expect(await client.command('submitblock', Buffer.from(chain.blocks[11]?.raw ?? []).toString('hex'))).toBe('duplicate');
    expect(await client.command('submitblock', Buffer.from(chain.blocks[5]?.raw ?? []).toString('hex'))).toBe('duplicate');
  });

  it('a mutated block (coinbase changed, header kept) is bad-txnmrklroot and writes nothing', async () => {
    const next = chain.blocks[12]?.block as Block;
    const [coinbase, ...rest] = next.transactions;
    if (coinbase === undefined) throw new Error('no coinbase');
    const mutated: Block = { ...next, transactions: [{ ...coinbase, outputs: coinbase.outputs.map((o, i) => (i === 0 ? { ...o, value: o.value + 1n } : o)) }, ...rest] };
    expect(await client.command('submitblock', hex(mutated))).toBe('bad-txnmrklroot');
    expect(await client.command('getblockchaininfo')).toMatchObject({ blocks: 11, headers: 11 });
    // The real block 12 is not affected by the mutated copy with its header.
    expect(await client.command('submitblock', Buffer.from(chain.blocks[12]?.raw ?? []).toString('hex'))).toBeNull();
  });

  it('an overpaying coinbase is bad-cb-amount and marked invalid (then duplicate-invalid); the best header stays', async () => {
    const overpaying = chain.forkAt(12, 'rpc-submitblock').candidateBlock([], chain.subsidy(13) + 1n);
    expect(await client.command('submitblock', hex(overpaying))).toBe('bad-cb-amount');
    expect(await client.command('submitblock', hex(overpaying))).toBe('duplicate-invalid');
    expect(await client.command('getblockchaininfo')).toMatchObject({ blocks: 12, headers: 12, chain: 'regtest', initialblockdownload: true, verificationprogress: 1 });
  });

  it('a block whose parent is unknown is prev-blk-not-found', async () => {
    // Fork block 12's parent (fork block 11) has not been submitted yet.
    expect(await client.command('submitblock', Buffer.from(fork.blocks[12]?.raw ?? []).toString('hex'))).toBe('prev-blk-not-found');
    expect(await client.command('getblockchaininfo')).toMatchObject({ blocks: 12, headers: 12 });
  });

  it('a side branch without more work is "inconclusive"; a block that gives it more work reorganizes onto it (null)', async () => {
    // The store is at 12 on the chain; the fork leaves at 10. Fork 11 and 12: less, then equal work.
    expect(await client.command('submitblock', Buffer.from(fork.blocks[11]?.raw ?? []).toString('hex'))).toBe('inconclusive');
    expect(await client.command('submitblock', Buffer.from(fork.blocks[12]?.raw ?? []).toString('hex'))).toBe('inconclusive');
    expect(await client.command('getbestblockhash')).toBe(Buffer.from(chain.blocks[12]?.hash ?? []).reverse().toString('hex'));
    const side = (await client.command('getblockheader', Buffer.from(fork.blocks[12]?.hash ?? []).reverse().toString('hex'))) as Record<string, unknown>;
    expect(side).toMatchObject({ height: 12, confirmations: -1 });
    expect(await client.command('submitblock', Buffer.from(fork.blocks[13]?.raw ?? []).toString('hex'))).toBeNull();
    expect(await client.command('getblockcount')).toBe(13);
    expect(await client.command('getbestblockhash')).toBe(Buffer.from(fork.blocks[13]?.hash ?? []).reverse().toString('hex'));
    // The old chain's block 12 is now off the active chain.
    expect(await client.command('getblockheader', Buffer.from(chain.blocks[12]?.hash ?? []).reverse().toString('hex'))).toMatchObject({ confirmations: -1 });
    // And the UTXO set is the fork's wallet.
    const totals = fork.walletTotals();
    expect(await client.command('gettxoutsetinfo', 'none')).toMatchObject({ height: 13, txouts: totals.count, total_amount: Number(totals.amount) / 1e8 });
  });

  it("a coinbase with 300 outputs: hash_serialized_3 takes a transaction's outputs by index (Core's std::map), not in the store's key order", async () => {
    const tip = fork.blocks[13];
    if (tip === undefined) throw new Error('no fork tip');
    // OP_TRUE outputs of 1,000 sat each: output 256's key (index little-endian) sorts before output 1's.
    const outputs = Array.from({ length: 300 }, () => ({ value: 1000n, scriptPubKey: Uint8Array.of(0x51) }));
    const wide = assembleBlock({ prev: tip.block.header, height: 14, time: tip.block.header.time + 600, transactions: [], coinbaseOutputs: outputs });
    expect(await client.command('submitblock', hex(wide))).toBeNull();
    const info = (await client.command('gettxoutsetinfo')) as Record<string, unknown>;
    const coins = storedCoins(store);
    expect(info).toMatchObject({ height: 14, txouts: fork.walletTotals().count + 300, hash_serialized_3: independentHashSerialized(coins) });
    // bogosize: Core's 50 + script bytes per coin.
    expect(info.bogosize).toBe([...coins.values()].reduce((n, c) => n + 50 + c.output.scriptPubKey.length, 0));
  });
});
