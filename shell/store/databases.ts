/**
 * The store's LMDB environment in `DATADIR/chain/` and its named databases, all binary keys and
 * values (formats in coin-codec.ts and records.ts):
 *
 *   block-index   block hash → index record (header, height, chain work, status)
 *   blocks        block hash → the raw block
 *   undo          block hash → Core's CBlockUndo ‖ checksum
 *   coins         outpoint (36 bytes) → Core's Coin
 *   active-chain  u32be height → block hash, for every block of the connected chain
 *   meta          'chainstate' → the tip and commitment state; 'network'; 'best-header';
 *                 'fastsync-target', 'fastsync-state' while a fast sync installs a UTXO set
 *   snapshots     u32be height → u64be tree version ‖ the 117-byte commitment record: the UTXO
 *                 sets this node serves to fast-syncing peers (docs/PROTOCOL.md)
 *   fastsync-chunks  u16be prefix bits ‖ 32-byte prefix → (empty): the chunks installed so far
 *   utxo-tree-nodes, utxo-tree-roots: the UTXO tree (shell/commitments/lmdb-tree-store.ts)
 *
 * A pid file keeps a second process (or a second store in this one) from opening the same
 * directory while it is open; a pid file left by a killed process is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, type RootDatabase, open } from 'lmdb';
import { type Result, err, ok } from '../../kernel/result.js';

export type BinaryDb = Database<Uint8Array, Uint8Array>;

export interface StoreDatabases {
  readonly env: RootDatabase;
  readonly index: BinaryDb;
  readonly blocks: BinaryDb;
  readonly undo: BinaryDb;
  readonly coins: BinaryDb;
  readonly active: BinaryDb;
  readonly meta: BinaryDb;
  readonly snapshots: BinaryDb;
  readonly fastsyncChunks: BinaryDb;
}

const text = new TextEncoder();
export const META_CHAIN_STATE = text.encode('chainstate');
export const META_NETWORK = text.encode('network');
export const META_BEST_HEADER = text.encode('best-header');
export const META_FASTSYNC_TARGET = text.encode('fastsync-target');
export const META_FASTSYNC_STATE = text.encode('fastsync-state');

/** The active-chain key of a height: u32 big-endian, so keys sort by height. */
export function heightKey(height: number): Uint8Array {
  const key = new Uint8Array(4);
  new DataView(key.buffer).setUint32(0, height, false);
  return key;
}

/** A copy of a stored value: lmdb may hand out Buffers over memory it reuses, and Buffer#slice is a view. */
export function readCopy(db: BinaryDb, key: Uint8Array): Uint8Array | undefined {
  const bytes = db.getBinary(key);
  return bytes === undefined ? undefined : new Uint8Array(bytes);
}

const PID_FILE = 'bllvm.pid';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's pid file, or says which live process holds it. */
function takeLock(dir: string): Result<string, string> {
  const path = join(dir, PID_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return ok(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return err(`${dir}: cannot create ${PID_FILE} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      let pid = Number.NaN;
      try {
        pid = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // removed meanwhile: try again
      }
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        return err(`${dir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''}`);
      }
      rmSync(path, { force: true }); // left by a process that is gone
    }
  }
  return err(`${dir}: cannot take ${PID_FILE}`);
}

/**
 * Opens (or creates) the environment in `dir` with every named database. `noSync` is LMDB's
 * MDB_NOSYNC: commits are not flushed with fsync (each costs ~1-8 ms here otherwise); still safe
 * against a killed process (the OS holds the written pages), not against an OS crash or power loss.
 */
export function openDatabases(dir: string, options: { readonly noSync?: boolean } = {}): Result<{ readonly dbs: StoreDatabases; readonly unlock: () => void }, string> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return err(`${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lock = takeLock(dir);
  if (!lock.ok) return lock;
  const unlock = (): void => rmSync(lock.value, { force: true });
  try {
    const env = open({ path: dir, maxDbs: 16, noSync: options.noSync ?? false });
    const db = (name: string): BinaryDb => env.openDB<Uint8Array, Uint8Array>({ name, keyEncoding: 'binary', encoding: 'binary' });
    const dbs: StoreDatabases = {
      env,
      index: db('block-index'),
      blocks: db('blocks'),
      undo: db('undo'),
      coins: db('coins'),
      active: db('active-chain'),
      meta: db('meta'),
      snapshots: db('snapshots'),
      fastsyncChunks: db('fastsync-chunks'),
    };
    return ok({ dbs, unlock });
  } catch (e) {
    unlock();
    return err(`${dir}: LMDB cannot open it (${(e as Error).message})`);
  }
}
