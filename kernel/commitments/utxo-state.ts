/**
 * A UTXO set's commitment state carried block by block (SPEC.md §8.3): the tree (§8.2), the coin
 * count, the total amount and the MuHash accumulator (§8.1), all updated from one block's UTXO
 * delta in one pass. Count, amount and MuHash follow the values the tree actually replaced, so an
 * output that overwrites an existing coin (Core's BIP30 exceptions) or the deletion of an absent
 * coin keep them equal to a recomputation from the set. Reverting a block applies its inverse
 * delta (the block's undo data) and restores every field.
 */
import type { Coin, UtxoDelta } from '../chain/utxo.js';
import { compareBytes } from '../encoding/bytes.js';
import { fromHex } from '../encoding/hex.js';
import type { OutPoint } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import { serializeCoin, utxoTreeKey } from './coin.js';
import type { UtxoCommitment } from './commitment.js';
import { type MuHash3072, MUHASH_EMPTY, muhashFinalize, muhashInsertAll, muhashRemoveAll } from './muhash.js';
import type { ChildRef, TreeNodeSource } from './tree-node.js';
import { treeRootHash } from './tree-proof.js';
import { type TreeUpdate, type TreeUpdateError, type TreeUpdateWorkspace, type TreeWriteBatch, applyTreeUpdates } from './tree-update.js';

export interface UtxoCommitmentState {
  readonly root: ChildRef | undefined;
  /** The tree version of `root` (the number of batches applied). */
  readonly version: number;
  readonly utxoCount: bigint;
  readonly totalAmount: bigint;
  readonly muhash: MuHash3072;
}

/** The state of the empty set. */
export const EMPTY_UTXO_STATE: UtxoCommitmentState = Object.freeze({ root: undefined, version: 0, utxoCount: 0n, totalAmount: 0n, muhash: MUHASH_EMPTY });

/** The outpoint of a UtxoSet key (`outpointKey`: txid hex, a colon, the index); undefined if malformed. */
export function parseOutpointKey(key: string): OutPoint | undefined {
  const colon = key.indexOf(':');
  const txid = fromHex(key.slice(0, colon));
  const vout = Number(key.slice(colon + 1));
  if (colon !== 64 || !txid.ok || !/^(0|[1-9][0-9]*)$/.test(key.slice(colon + 1)) || vout > 0xffffffff) return undefined;
  return { txid: txid.value, vout };
}

/** A block's delta as sorted tree updates: spent coins deleted, created coins set (a key in both is set: created wins). */
export function deltaTreeUpdates(delta: UtxoDelta): Result<TreeUpdate[], { readonly code: 'malformed outpoint key'; readonly key: string }> {
  const updates: TreeUpdate[] = [];
  const add = (key: string, coin: Coin | undefined): string | undefined => {
    const outpoint = parseOutpointKey(key);
    if (outpoint === undefined) return key;
    updates.push(coin === undefined ? { key: utxoTreeKey(outpoint) } : { key: utxoTreeKey(outpoint), value: serializeCoin(outpoint, coin) });
    return undefined;
  };
  for (const key of delta.spent.keys()) {
    if (delta.created.has(key)) continue;
    const bad = add(key, undefined);
    if (bad !== undefined) return err({ code: 'malformed outpoint key', key: bad });
  }
  for (const [key, coin] of delta.created) {
    const bad = add(key, coin);
    if (bad !== undefined) return err({ code: 'malformed outpoint key', key: bad });
  }
  return ok(updates.sort((a, b) => compareBytes(a.key, b.key)));
}

/** The amount of a serialized coin (TxOutSer: 36-byte outpoint, u32 code, then the i64 amount). */
function coinAmount(value: Uint8Array): bigint {
  return new DataView(value.buffer, value.byteOffset, value.byteLength).getBigInt64(40, true);
}

export type UtxoStateError = TreeUpdateError | { readonly code: 'malformed outpoint key'; readonly key: string };

/**
 * Applies one block's delta: the new state and the tree's write batch for the store (lending
 * `workspace`'s arrays when given: tree-update.ts).
 * @inOut workspace
 */
export function applyUtxoDeltaToState(
  source: TreeNodeSource,
  state: UtxoCommitmentState,
  delta: UtxoDelta,
  workspace?: TreeUpdateWorkspace,
): Result<{ readonly state: UtxoCommitmentState; readonly batch: TreeWriteBatch }, UtxoStateError> {
  const updates = deltaTreeUpdates(delta);
  if (!updates.ok) return updates;
  const batch = applyTreeUpdates(source, state.root, state.version + 1, updates.value, workspace);
  if (!batch.ok) return batch;
  return ok({ state: advanceUtxoState(state, updates.value, batch.value), batch: batch.value });
}

/** What the state needs from a tree that applied a batch: the new root and version, and the values the batch replaced or deleted (by hex key). */
export interface AppliedTreeBatch {
  readonly root: ChildRef | undefined;
  readonly version: number;
  readonly previous: ReadonlyMap<string, Uint8Array>;
}

/**
 * The state after a tree applied `updates` (a block's delta as deltaTreeUpdates gives it): the
 * count from the new root, the amount and MuHash from the values the tree replaced and the values
 * set. Shared by applyUtxoDeltaToState and a store that applies the same updates itself (the
 * shell's tree engine in WebAssembly, shell/commitments/wasm-tree-store.ts).
 */
export function advanceUtxoState(state: UtxoCommitmentState, updates: readonly TreeUpdate[], applied: AppliedTreeBatch): UtxoCommitmentState {
  let { totalAmount } = state;
  const removed = [...applied.previous.values()];
  for (const old of removed) totalAmount -= coinAmount(old);
  const inserted: Uint8Array[] = [];
  for (const u of updates) {
    if (u.value === undefined) continue;
    inserted.push(u.value);
    totalAmount += coinAmount(u.value);
  }
  const muhash = muhashInsertAll(muhashRemoveAll(state.muhash, removed), inserted);
  const root = applied.root;
  return { root, version: applied.version, utxoCount: BigInt(root?.count ?? 0), totalAmount, muhash };
}

/** The commitment record of a state at a block (the MuHash finalized: one modular inverse). */
export function commitmentOf(state: UtxoCommitmentState, height: number, blockHash: Uint8Array): UtxoCommitment {
  return {
    height,
    blockHash,
    root: treeRootHash(state.root),
    utxoCount: state.utxoCount,
    totalAmount: state.totalAmount,
    muhash: muhashFinalize(state.muhash),
  };
}
