/**
 * The store's invariants, checked on an open store (after a crash, by the SIGKILL tests; by a
 * node at start if it wants): the tip is in the index as a validated block with its block data
 * and its undo data (checksum good, one record per input), the active chain ends at the tip with
 * one block per height, the coin records are as many as the commitment counts and as the tree
 * holds, the tree is at the chain state's version and root. `deep` also walks the active chain
 * back to genesis and recomputes the total amount, Core's MuHash and the tree root from every
 * stored coin. Returns the problems found (none: consistent); a record that does not decode is
 * a problem, not an exception.
 */
import type { HeaderEntry } from '../../kernel/chain/header-chain.js';
import type { ChainParams } from '../../kernel/chain/params.js';
import { type Coin, outpointKey } from '../../kernel/chain/utxo.js';
import { serializeCoin } from '../../kernel/commitments/coin.js';
import { MUHASH_EMPTY, muhashFinalize, muhashInsertAll } from '../../kernel/commitments/muhash.js';
import { treeRootHash } from '../../kernel/commitments/tree-proof.js';
import { EMPTY_UTXO_STATE, applyUtxoDeltaToState } from '../../kernel/commitments/utxo-state.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toDisplayHex, toHex } from '../../kernel/encoding/hex.js';
import { blockHash, decodeBlock } from '../../kernel/primitives/block.js';
import type { LmdbTreeStore } from '../commitments/lmdb-tree-store.js';
import { MemoryTreeStore } from '../commitments/memory-tree-store.js';
import { decodeBlockUndo, decodeCoin, outpointOfCoinKey } from './coin-codec.js';
import { type StoreDatabases, heightKey, readCopy } from './databases.js';
import { CorruptRecord, formatStoreError } from './errors.js';
import type { HeaderIndex } from './header-index.js';
import { BLOCK_HAVE_DATA, BLOCK_HAVE_UNDO, BLOCK_VALID_MASK, BLOCK_VALID_SCRIPTS, type ChainStateRecord } from './records.js';

export interface StoreProblem {
  readonly check: string;
  readonly message: string;
}

export interface StoreInternals {
  readonly dbs: StoreDatabases;
  readonly tree: LmdbTreeStore;
  readonly headers: HeaderIndex;
  readonly state: ChainStateRecord;
  readonly tip: HeaderEntry;
  readonly params: ChainParams;
}

/** The block data and undo data of a connected block are there and agree with each other. */
function checkConnectedBlock(s: StoreInternals, entry: HeaderEntry, problems: StoreProblem[]): void {
  const at = `block ${toDisplayHex(entry.hash)} at height ${entry.height}`;
  const record = s.headers.record(entry.hash);
  if (record === undefined) return void problems.push({ check: 'index', message: `${at}: not in the block index` });
  if (record.height !== entry.height) problems.push({ check: 'index', message: `${at}: indexed at height ${record.height}` });
  const needed = BLOCK_HAVE_DATA | (entry.height > 0 ? BLOCK_HAVE_UNDO : 0);
  if ((record.status & BLOCK_VALID_MASK) < BLOCK_VALID_SCRIPTS || (record.status & needed) !== needed) {
    problems.push({ check: 'index', message: `${at}: status ${record.status} is not a validated block with its data${entry.height > 0 ? ' and undo' : ''}` });
  }
  const raw = readCopy(s.dbs.blocks, entry.hash);
  const block = raw === undefined ? undefined : decodeBlock(raw);
  if (block === undefined || !block.ok || !equalBytes(blockHash(block.value.header), entry.hash)) {
    return void problems.push({ check: 'blocks', message: `${at}: block data ${block === undefined ? 'missing' : 'does not decode to this block'}` });
  }
  if (entry.height === 0) return;
  const undoBytes = readCopy(s.dbs.undo, entry.hash);
  if (undoBytes === undefined) return void problems.push({ check: 'undo', message: `${at}: undo data missing` });
  const undo = decodeBlockUndo(undoBytes, entry.header.prevBlockHash);
  if (!undo.ok) return void problems.push({ check: 'undo', message: `${at}: undo data: ${undo.error.code} at byte ${undo.error.offset}` });
  const txs = block.value.transactions.slice(1);
  if (undo.value.length !== txs.length || txs.some((tx, t) => tx.inputs.length !== undo.value[t]?.length)) {
    problems.push({ check: 'undo', message: `${at}: undo data does not have one coin per input of each non-coinbase transaction` });
  }
}

function checkTipAndCounts(s: StoreInternals, problems: StoreProblem[]): void {
  const { tip, state } = s;
  if (!equalBytes(tip.hash, state.tipHash) || tip.height !== state.tipHeight) problems.push({ check: 'chainstate', message: 'the tip in memory is not the stored tip' });
  checkConnectedBlock(s, tip, problems);
  const atTip = readCopy(s.dbs.active, heightKey(tip.height));
  if (atTip === undefined || !equalBytes(atTip, tip.hash)) problems.push({ check: 'active-chain', message: `height ${tip.height} does not name the tip` });
  const activeCount = s.dbs.active.getCount();
  if (activeCount !== tip.height + 1) problems.push({ check: 'active-chain', message: `${activeCount} heights stored for a tip at height ${tip.height}` });
  const c = state.commitment;
  const coins = s.dbs.coins.getCount();
  if (BigInt(coins) !== c.utxoCount) problems.push({ check: 'coins', message: `${coins} coin records, the commitment counts ${c.utxoCount}` });
  if ((c.root?.count ?? 0) !== coins) problems.push({ check: 'utxo-tree', message: `the tree holds ${c.root?.count ?? 0} coins, ${coins} coin records stored` });
  const latest = s.tree.latest();
  if (latest.version !== c.version || !equalBytes(treeRootHash(latest.root), treeRootHash(c.root))) {
    problems.push({ check: 'utxo-tree', message: `the tree is at version ${latest.version} root ${toHex(treeRootHash(latest.root))}, the chain state at version ${c.version} root ${toHex(treeRootHash(c.root))}` });
  }
}

/** Walks the active chain from the tip to genesis: each height names the tip's ancestor, validated with data and undo. */
function checkActiveChain(s: StoreInternals, problems: StoreProblem[]): void {
  for (let at: HeaderEntry | undefined = s.tip.prev; at !== undefined; at = at.prev) {
    const stored = readCopy(s.dbs.active, heightKey(at.height));
    if (stored === undefined || !equalBytes(stored, at.hash)) problems.push({ check: 'active-chain', message: `height ${at.height} does not name the tip's ancestor` });
    checkConnectedBlock(s, at, problems);
    if (problems.length > 20) return;
  }
}

/** Coins serialized and hashed into MuHash per call (one product in WebAssembly each, kernel/commitments/muhash.ts), so the serialized coins held at once stay bounded. */
const MUHASH_BATCH = 4096;

/** Every coin decodes; the amount, MuHash and tree root recomputed from the set equal the stored commitment. */
function checkCoins(s: StoreInternals, problems: StoreProblem[]): void {
  const set = new Map<string, Coin>();
  let amount = 0n;
  let muhash = MUHASH_EMPTY;
  let pending: Uint8Array[] = [];
  for (const { key, value } of s.dbs.coins.getRange({})) {
    const outpoint = outpointOfCoinKey(new Uint8Array(key));
    const coin = decodeCoin(new Uint8Array(value));
    if (outpoint === undefined || !coin.ok) {
      problems.push({ check: 'coins', message: `record ${toHex(new Uint8Array(key))} does not decode` });
      continue;
    }
    set.set(outpointKey(outpoint), coin.value);
    amount += coin.value.output.value;
    pending.push(serializeCoin(outpoint, coin.value));
    if (pending.length === MUHASH_BATCH) {
      muhash = muhashInsertAll(muhash, pending);
      pending = [];
    }
  }
  muhash = muhashInsertAll(muhash, pending);
  const c = s.state.commitment;
  if (amount !== c.totalAmount) problems.push({ check: 'coins', message: `the coins add up to ${amount} sat, the commitment says ${c.totalAmount}` });
  if (!equalBytes(muhashFinalize(muhash), muhashFinalize(c.muhash))) problems.push({ check: 'coins', message: 'the MuHash of the coins is not the stored one' });
  const rebuilt = applyUtxoDeltaToState(new MemoryTreeStore(), EMPTY_UTXO_STATE, { spent: new Map(), created: set });
  if (!rebuilt.ok || !equalBytes(treeRootHash(rebuilt.value.state.root), treeRootHash(c.root))) problems.push({ check: 'utxo-tree', message: 'the tree root rebuilt from the coins is not the stored root' });
}

export function verifyStore(s: StoreInternals, deep: boolean): StoreProblem[] {
  const problems: StoreProblem[] = [];
  try {
    checkTipAndCounts(s, problems);
    if (deep) {
      checkActiveChain(s, problems);
      checkCoins(s, problems);
    }
  } catch (e) {
    if (!(e instanceof CorruptRecord)) throw e;
    problems.push({ check: e.error.db, message: formatStoreError(e.error) });
  }
  return problems;
}
