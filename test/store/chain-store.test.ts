/**
 * The LMDB chain store (shell/store/chain-store.ts) on the regtest builder's chain (320 blocks with
 * every script kind, shell/regtest): imported from a blk file into a real LMDB directory,
 * the UTXO set equals the builder's own wallet (which the builder keeps with its own code, not the
 * kernel's); a reopened store resumes with the same tip, set and commitment; disconnecting block
 * by block restores the state recorded at each height (and the builder's wallet at those heights);
 * a reorg onto a heavier fork gives the set and commitment of a store that connected the fork
 * directly; a block that fails validation writes nothing; deferred script checks; invalid marks.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { type Coin } from '../../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { blockHash } from '../../kernel/primitives/block.js';
import type { Block } from '../../kernel/primitives/types.js';
import { err, ok } from '../../kernel/result.js';
import { runScriptCheck } from '../../kernel/validation/connect-block.js';
import { ChainStore } from '../../shell/store/chain-store.js';
import { importBlockFiles } from '../../shell/store/import-blocks.js';
import { type RegtestChainBuilder, buildRegtestChain, remine, toBlkFile } from '../../shell/regtest/index.js';
import { type StateSnapshot, dumpDatabases, snapshot, storedCoins, tempDir } from './support/store-fixtures.js';

const SEED = 'bllvm-regtest-chain';
const BLOCKS = 320;
const FORK_AT = 300;
const FORK_BLOCKS = 30; // the fork ends at 330: more work than the chain's 320
const params = NETWORKS.regtest;
const scratch = tempDir('regtest');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let chain: RegtestChainBuilder;
let fork: RegtestChainBuilder;
let chainFile: string;
let forkFile: string;
let now: number;

beforeAll(() => {
  chain = buildRegtestChain({ seed: SEED, blocks: BLOCKS });
  fork = chain.forkAt(FORK_AT, 'bllvm-store-fork').mine(FORK_BLOCKS);
  chainFile = join(scratch, 'chain.dat');
  forkFile = join(scratch, 'fork.dat');
  writeFileSync(chainFile, toBlkFile(chain.blocks));
  writeFileSync(forkFile, toBlkFile(fork.blocks));
  now = (fork.tip.block.header.time as number) + 3600;
});

/** Stores opened by a test, closed after it even when an expectation fails. */
const openStores: ChainStore[] = [];
afterEach(async () => {
  for (const store of openStores.splice(0)) await store.close();
});

/** Stores here skip the fsync per commit (noSync): these tests are about contents; crash safety is test/store/sigkill.test.ts's, with fsync on. */
function openStore(dir: string, headerCacheSize?: number): ChainStore {
  const opened = ChainStore.open(dir, { params, backend: DEFAULT_BACKEND, noSync: true, ...(headerCacheSize === undefined ? {} : { headerCacheSize }) });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  openStores.push(opened.value);
  return opened.value;
}

/** The set a builder's wallet describes, as the store keys it. */
function walletSet(builder: RegtestChainBuilder): Map<string, Coin> {
  return new Map([...builder.wallet].map(([key, c]) => [key, { output: c.output, height: c.height, isCoinbase: c.isCoinbase }]));
}

function expectSameSet(actual: Map<string, Coin>, expected: Map<string, Coin>, label: string): void {
  expect(actual.size, `${label}: count`).toBe(expected.size);
  for (const [key, coin] of expected) {
    const have = actual.get(key);
    expect(have, `${label}: ${key}`).toBeDefined();
    expect(have?.output.value, key).toBe(coin.output.value);
    expect(have?.height, key).toBe(coin.height);
    expect(have?.isCoinbase, key).toBe(coin.isCoinbase);
    expect(Buffer.from(have?.output.scriptPubKey ?? []).toString('hex'), key).toBe(Buffer.from(coin.output.scriptPubKey).toString('hex'));
  }
}

describe('the regtest chain in a store', () => {
  const dir = (): string => join(scratch, 'main');
  /** The state after each height, recorded while importing. */
  const states: StateSnapshot[] = [];

  it('imports the 320 blocks: tip, and a UTXO set equal to the builder\'s wallet', async () => {
    const store = openStore(dir());
    states[0] = snapshot(store);
    const started = performance.now();
    const imported = await importBlockFiles(store, [chainFile], { now, onConnected: () => states.push(snapshot(store)) });
    const ms = performance.now() - started;
    expect(imported).toMatchObject({ ok: true, value: { chainBlocks: BLOCKS, headersAccepted: BLOCKS, connected: BLOCKS, skipped: 0, disconnected: 0 } });
    expect(store.tip.height).toBe(BLOCKS);
    expect(toDisplayHex(store.tip.hash)).toBe(toDisplayHex(chain.tip.hash));
    const wallet = chain.walletTotals();
    const c = store.tipCommitment();
    expect(c.utxoCount).toBe(BigInt(wallet.count));
    expect(c.totalAmount).toBe(wallet.amount);
    expectSameSet(storedCoins(store), walletSet(chain), 'tip');
    expect(store.verify({ deep: true })).toEqual([]);
    const again = await importBlockFiles(store, [chainFile], { now });
    expect(again).toMatchObject({ ok: true, value: { connected: 0, skipped: BLOCKS, headersAccepted: 0 } });
    console.log(`regtest store import: ${BLOCKS} blocks in ${ms.toFixed(0)} ms (${((BLOCKS * 1000) / ms).toFixed(0)} blocks/s, state snapshots included), ${wallet.count} coins`);
    await store.close();
  });

  it('a reopened store resumes at the stored tip with the same set and commitment', async () => {
    const store = openStore(dir());
    expect(snapshot(store)).toEqual(states[BLOCKS]);
    expect(toDisplayHex(store.bestHeader.hash)).toBe(toDisplayHex(chain.tip.hash));
    const block = store.block(chain.blocks[150]?.hash as Uint8Array);
    expect(block.ok && block.value !== undefined && toDisplayHex(blockHash(block.value.header))).toBe(toDisplayHex(chain.blocks[150]?.hash as Uint8Array));
    expect(store.blockInfo(chain.blocks[150]?.hash as Uint8Array)).toMatchObject({ ok: true, value: { state: 'validated', onActiveChain: true } });
    await store.close();
  });

  it('disconnecting block by block restores each recorded state, and the builder\'s wallet every 40 heights; connecting again returns to the tip', async () => {
    const store = openStore(dir(), 64);
    for (let h = BLOCKS; h > 0; h--) {
      const d = store.disconnectTip();
      expect(d.ok, `disconnect ${h}`).toBe(true);
      expect(snapshot(store), `state at ${h - 1}`).toEqual(states[h - 1]);
      if ((h - 1) % 40 === 0 && h - 1 >= 40) expectSameSet(storedCoins(store), walletSet(chain.forkAt(h - 1, SEED)), `height ${h - 1}`);
    }
    expect(store.coinRecords).toBe(0);
    expect(store.disconnectTip()).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(store.verify({ deep: true })).toEqual([]);
    // Every block is stored with its undo data: back to the tip from the store alone.
    const tip = store.header(chain.tip.hash);
    if (!tip.ok || tip.value === undefined) throw new Error('tip header missing');
    expect(store.reorgTo(tip.value)).toMatchObject({ ok: true, value: { disconnected: 0, connected: BLOCKS } });
    expect(snapshot(store)).toEqual(states[BLOCKS]);
    await store.close();
  });

  it('a reorg onto a heavier fork gives the set and commitment of the fork connected directly; the lighter chain does not take the tip back', async () => {
    const direct = openStore(join(scratch, 'fork-direct'));
    expect(await importBlockFiles(direct, [forkFile], { now })).toMatchObject({ ok: true, value: { connected: FORK_AT + FORK_BLOCKS } });
    const expected = snapshot(direct);
    expectSameSet(storedCoins(direct), walletSet(fork), 'fork connected directly');
    await direct.close();

    const store = openStore(dir(), 16); // a tiny header cache: entries reload from LMDB on the way
    const reorg = await importBlockFiles(store, [forkFile], { now });
    expect(reorg).toMatchObject({ ok: true, value: { skipped: FORK_AT, disconnected: BLOCKS - FORK_AT, connected: FORK_BLOCKS } });
    expect(snapshot(store)).toEqual(expected);
    expect(store.verify({ deep: true })).toEqual([]);
    expect(store.blockInfo(chain.tip.hash)).toMatchObject({ ok: true, value: { state: 'validated', onActiveChain: false } });
    const back = await importBlockFiles(store, [chainFile], { now });
    expect(back).toMatchObject({ ok: true, value: { lessWork: true, connected: 0 } });
    expect(snapshot(store)).toEqual(expected);
    // reorgTo back to the old tip (less work, but asked for): every block from the store, then the fork again.
    const old = store.header(chain.tip.hash);
    if (!old.ok || old.value === undefined) throw new Error('old tip missing');
    expect(store.reorgTo(old.value)).toMatchObject({ ok: true, value: { disconnected: FORK_BLOCKS, connected: BLOCKS - FORK_AT } });
    expect(snapshot(store)).toEqual(states[BLOCKS]);
    expect(store.reorgTo(store.bestHeader)).toMatchObject({ ok: true, value: { connected: FORK_BLOCKS } });
    expect(snapshot(store)).toEqual(expected);
    await store.close();
  });
});

describe('blocks that fail validation', () => {
  const dir = (): string => join(scratch, 'invalid');

  it('a block overpaying its coinbase: bad-cb-amount, and not one record of any database changes', async () => {
    const store = openStore(dir());
    expect(await importBlockFiles(store, [chainFile], { now })).toMatchObject({ ok: true });
    const bad = chain.candidateBlock([], chain.subsidy(BLOCKS + 1) + 1n);
    expect(store.acceptHeaders([bad.header], now)).toMatchObject({ ok: true, value: { newHeaders: 1 } });
    await store.close();
    const before = await dumpDatabases(dir());
    const reopened = openStore(dir());
    const result = reopened.connectTip(bad);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid', reason: 'bad-cb-amount', height: BLOCKS + 1 } });
    expect(reopened.tip.height).toBe(BLOCKS);
    expect(reopened.blockInfo(blockHash(bad.header))).toMatchObject({ ok: true, value: { state: 'header-only', onActiveChain: false } });
    await reopened.close();
    expect(await dumpDatabases(dir())).toEqual(before);
  });

  it('a block with a corrupted signature fails with the script error and writes nothing; one not on the tip is refused', async () => {
    const store = openStore(dir());
    const valid = chain.candidateBlock([], chain.subsidy(BLOCKS + 1));
    const spendingBlock = chain.blocks[BLOCKS] as { block: Block };
    // Block 320 again, on top of 320: its inputs are spent already.
    expect(store.connectTip(spendingBlock.block)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    // A header never accepted.
    expect(store.connectTip(valid)).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringMatching(/header has not been accepted/) } });
    expect(store.acceptHeaders([valid.header], now)).toMatchObject({ ok: true });
    const before = snapshot(store);
    // Deferred script checks that fail: nothing written.
    const failing = await store.connectTipDeferred(valid, {
      add: () => undefined,
      finish: async () => err({ reason: 'block-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)', debug: 'test' }),
    });
    expect(failing).toMatchObject({ ok: false, error: { kind: 'invalid', reason: expect.stringMatching(/^block-script-verify-flag-failed/) } });
    expect(snapshot(store)).toEqual(before);
    // The same block with the kernel's script jobs run by the caller connects.
    let jobs = 0;
    const results: ReturnType<typeof runScriptCheck>[] = [];
    const passing = await store.connectTipDeferred(valid, {
      add: (check) => {
        jobs++;
        results.push(runScriptCheck(check, DEFAULT_BACKEND));
      },
      finish: async () => results.find((r) => !r.ok) ?? ok(undefined),
    });
    expect(passing).toMatchObject({ ok: true, value: { entry: { height: BLOCKS + 1 } } });
    expect(jobs).toBe(0); // a coinbase-only block has no script jobs
    expect(store.disconnectTip().ok).toBe(true);
    expect(snapshot(store)).toEqual(before);
    await store.close();
  });

  it('headers that fail: time-too-old stops the batch (the ones before it stored), prev-blk-not-found, and invalid marks refuse descendants', async () => {
    const store = openStore(dir());
    const forkHeaders = fork.blocks.slice(FORK_AT + 1).map((b) => b.block.header);
    const sixth = fork.blocks[FORK_AT + 6]?.block as Block;
    // The sixth header with a time at its parent's median time past, mined again so that its proof of work holds.
    const tooOld = remine({ ...sixth, header: { ...sixth.header, time: fork.medianTimePast(FORK_AT + 5) } }).header;
    const partial = store.acceptHeaders([...forkHeaders.slice(0, 5), tooOld], now);
    expect(partial).toMatchObject({ ok: false, error: { kind: 'invalid', reason: 'time-too-old', accepted: 5, height: FORK_AT + 6 } });
    expect(store.header(blockHash(forkHeaders[4] as Block['header']))).toMatchObject({ ok: true, value: { height: FORK_AT + 5 } });
    expect(store.acceptHeaders([forkHeaders[9] as Block['header']], now)).toMatchObject({ ok: false, error: { reason: 'prev-blk-not-found' } });
    expect(store.acceptHeaders(forkHeaders, now)).toMatchObject({ ok: true, value: { newHeaders: FORK_BLOCKS - 5 } });
    expect(toDisplayHex(store.bestHeader.hash)).toBe(toDisplayHex(fork.tip.hash));
    const marked = blockHash(forkHeaders[10] as Block['header']);
    expect(store.markInvalid(marked)).toEqual({ ok: true, value: undefined });
    // The best header moves off the fork, to the most work left: a candidate block at 321 on the chain's tip (accepted above).
    expect(store.bestHeader.height).toBe(BLOCKS + 1);
    expect(toDisplayHex(store.bestHeader.header.prevBlockHash)).toBe(toDisplayHex(chain.tip.hash));
    expect(store.acceptHeaders([forkHeaders[10] as Block['header']], now)).toMatchObject({ ok: false, error: { reason: 'duplicate-invalid' } });
    expect(store.markInvalid(chain.tip.hash)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    await store.close();
    const reopened = openStore(dir());
    expect(reopened.bestHeader.height).toBe(BLOCKS + 1);
    expect(reopened.blockInfo(marked)).toMatchObject({ ok: true, value: { state: 'invalid' } });
    await reopened.close();
  });

  it('a second store on the same directory is refused while the first is open; another network\'s directory is refused', async () => {
    const store = openStore(dir());
    expect(ChainStore.open(dir(), { params })).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringMatching(/in use by process/) } });
    await store.close();
    expect(ChainStore.open(dir(), { params: NETWORKS.main })).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringMatching(/holds a regtest chain, not main/) } });
    const again = openStore(dir());
    expect(again.tip.height).toBe(BLOCKS);
    await again.close();
  });
});
