/**
 * Helpers for the store tests: temporary data directories, the raw contents of every database of
 * a closed store (read with lmdb directly, not through the store), writing a raw record to make a
 * store corrupt, a store's UTXO set and state as plain values, and the blocks of a blk file.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { type Coin, outpointKey } from '../../../kernel/chain/utxo.js';
import { toDisplayHex, toHex } from '../../../kernel/encoding/hex.js';
import { decodeBlock } from '../../../kernel/primitives/block.js';
import type { Block } from '../../../kernel/primitives/types.js';
import type { ChainStore } from '../../../shell/store/chain-store.js';
import { decodeCoin, outpointOfCoinKey } from '../../../shell/store/coin-codec.js';

/** The store's databases (shell/store/databases.ts and the UTXO tree's two). */
export const DATABASES = ['block-index', 'blocks', 'undo', 'coins', 'active-chain', 'meta', 'utxo-tree-nodes', 'utxo-tree-roots'] as const;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `bllvm-store-${prefix}-`));
}

/** Per database of a closed store, its record count and a SHA256 over every key and value in key order. */
export async function dumpDatabases(dir: string): Promise<Record<string, { count: number; digest: string }>> {
  const env = open({ path: dir, maxDbs: 16 });
  const out: Record<string, { count: number; digest: string }> = {};
  try {
    for (const name of DATABASES) {
      const db = env.openDB<Uint8Array, Uint8Array>({ name, keyEncoding: 'binary', encoding: 'binary' });
      const hash = createHash('sha256');
      let count = 0;
      for (const { key, value } of db.getRange({})) {
        hash.update(`${key.length}:`).update(key).update(`${value.length}:`).update(value);
        count++;
      }
      out[name] = { count, digest: hash.digest('hex') };
    }
  } finally {
    await env.close();
  }
  return out;
}

/** Writes (or with `value` undefined, removes) one raw record of a closed store. */
export async function writeRawRecord(dir: string, db: (typeof DATABASES)[number], key: Uint8Array, value: Uint8Array | undefined): Promise<void> {
  const env = open({ path: dir, maxDbs: 16 });
  try {
    const d = env.openDB<Uint8Array, Uint8Array>({ name: db, keyEncoding: 'binary', encoding: 'binary' });
    env.transactionSync(() => (value === undefined ? d.removeSync(key) : d.putSync(key, value)));
  } finally {
    await env.close();
  }
}

/** Reads one raw record of a closed store. */
export async function readRawRecord(dir: string, db: (typeof DATABASES)[number], key: Uint8Array): Promise<Uint8Array | undefined> {
  const env = open({ path: dir, maxDbs: 16 });
  try {
    const bytes = env.openDB<Uint8Array, Uint8Array>({ name: db, keyEncoding: 'binary', encoding: 'binary' }).getBinary(key);
    return bytes === undefined ? undefined : new Uint8Array(bytes);
  } finally {
    await env.close();
  }
}

/** The store's UTXO set, decoded, keyed as the kernel keys outpoints. */
export function storedCoins(store: ChainStore): Map<string, Coin> {
  const set = new Map<string, Coin>();
  for (const { key, value } of store.coinEntries()) {
    const outpoint = outpointOfCoinKey(key);
    const coin = decodeCoin(value);
    if (outpoint === undefined || !coin.ok) throw new Error(`undecodable coin record ${toHex(key)}`);
    set.set(outpointKey(outpoint), coin.value);
  }
  return set;
}

/** Everything that defines the store's state at its tip, as comparable strings. */
export interface StateSnapshot {
  readonly height: number;
  readonly tip: string;
  readonly utxoCount: string;
  readonly totalAmount: string;
  readonly root: string;
  readonly muhash: string;
  readonly coins: string;
}

export function snapshot(store: ChainStore): StateSnapshot {
  const c = store.tipCommitment();
  const hash = createHash('sha256');
  for (const { key, value } of store.coinEntries()) hash.update(key).update(`${value.length}:`).update(value);
  return {
    height: store.tip.height,
    tip: toDisplayHex(store.tip.hash),
    utxoCount: c.utxoCount.toString(),
    totalAmount: c.totalAmount.toString(),
    root: toHex(c.root),
    muhash: toDisplayHex(c.muhash),
    coins: hash.digest('hex'),
  };
}

/** The blocks of a blk file written in chain order (magic, u32le size, block), genesis first. */
export function blocksOfFile(path: string): Block[] {
  const data = readFileSync(path);
  const blocks: Block[] = [];
  for (let at = 0; at < data.length; ) {
    const size = data.readUInt32LE(at + 4);
    const block = decodeBlock(new Uint8Array(data.subarray(at + 8, at + 8 + size)));
    if (!block.ok) throw new Error(`${path}: block ${blocks.length}: ${block.error.code}`);
    blocks.push(block.value);
    at += 8 + size;
  }
  return blocks;
}
