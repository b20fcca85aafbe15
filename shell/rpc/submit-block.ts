/**
 * Core's submitblock over a chain store alone (src/rpc/mining.cpp submitblock, validation.cpp
 * ProcessNewBlock / AcceptBlock / ActivateBestChain), with BIP22's result: null when the block
 * was checked and connected, "duplicate" when its data was already stored, "inconclusive" when it
 * was stored but not connected (a branch with no more work than the tip, or a reorg that failed on
 * another block), otherwise the reject reason. In Core's order:
 *   1. CheckBlock (context-free: proof of work, Merkle root, sizes, transactions): a mutated block
 *      writes nothing;
 *   2. AcceptBlockHeader (the store's acceptHeaders: prev-blk-not-found, duplicate-invalid, ...);
 *   3. a block whose data is stored is a duplicate;
 *   4. ContextualCheckBlock at its height;
 *   5. connect it on the tip (connectTip), or store it and reorganize when its chain has more work.
 * A block that fails 4 or 5 is marked invalid as Core's InvalidBlockFound does (so its header
 * stops being the best one), except for the witness faults Core treats as a mutated block.
 * The node may run its own pipeline instead (NodeInfo.submitBlock); this one serves a store
 * without peers and the tests. Tested by test/rpc/methods.test.ts.
 */
import { getMedianTimePast, hasMoreWork } from '../../kernel/chain/header-chain.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { fromDisplayHex } from '../../kernel/encoding/hex.js';
import { blockHash } from '../../kernel/primitives/block.js';
import type { Block } from '../../kernel/primitives/types.js';
import { checkBlock } from '../../kernel/validation/block-check.js';
import { contextualCheckBlock } from '../../kernel/validation/contextual-check.js';
import type { ChainStore } from '../store/chain-store.js';
import { BLOCK_HAVE_DATA } from '../store/records.js';
import { type StoreError, formatStoreError } from '../store/errors.js';
import { RPC_VERIFY_ERROR, RpcError } from './server.js';

/** BIP22's result: null (accepted), "duplicate", "inconclusive", or a reject reason. */
export type SubmitBlockResult = string | null;

/** ContextualCheckBlock failures Core reports as BLOCK_MUTATED (the header may still be valid): not marked invalid. */
const MUTATED_REASONS = new Set(['bad-witness-nonce-size', 'bad-witness-merkle-match', 'unexpected-witness']);

/** A store failure that is not a validation verdict: Core's state.IsError(), RPC_VERIFY_ERROR. */
function storeFailure(e: StoreError): never {
  throw new RpcError(RPC_VERIFY_ERROR, formatStoreError(e));
}

/** Core's ProcessNewBlock on `store` for a block given by submitblock; `now` is the clock for time-too-new (seconds). */
export function processNewBlock(store: ChainStore, block: Block, now: number): SubmitBlockResult {
  const params = store.params;
  const checked = checkBlock(block, params.consensus.powLimit);
  if (!checked.ok) return checked.error.reason;
  const hash = blockHash(block.header);
  const accepted = store.acceptHeaders([block.header], now);
  if (!accepted.ok) return accepted.error.kind === 'invalid' ? accepted.error.reason : storeFailure(accepted.error);
  const entry = accepted.value.entries[0];
  if (entry === undefined) return 'inconclusive';
  const info = store.blockInfo(hash);
  if (!info.ok) return storeFailure(info.error);
  if (info.value !== undefined && (info.value.status & BLOCK_HAVE_DATA) !== 0) return 'duplicate';

  const rejectAndMark = (reason: string, failed: Uint8Array): SubmitBlockResult => {
    if (!MUTATED_REASONS.has(reason)) {
      const marked = store.markInvalid(failed);
      if (!marked.ok) return storeFailure(marked.error);
    }
    return equalBytes(failed, hash) ? reason : 'inconclusive';
  };
  const parent = entry.prev;
  if (parent === undefined) return 'duplicate'; // only genesis has no parent, and it is always stored
  const contextual = contextualCheckBlock(block, { height: entry.height, prevMedianTimePast: getMedianTimePast(parent) }, params.consensus);
  if (!contextual.ok) return rejectAndMark(contextual.error.reason, hash);

  if (equalBytes(parent.hash, store.tip.hash)) {
    const connected = store.connectTip(block);
    if (connected.ok) return null;
    return connected.error.kind === 'invalid' ? rejectAndMark(connected.error.reason, hash) : storeFailure(connected.error);
  }
  const stored = store.storeBlock(block);
  if (!stored.ok) return storeFailure(stored.error);
  if (!hasMoreWork(entry, store.tip)) return 'inconclusive';
  const reorg = store.reorgTo(entry);
  if (reorg.ok) return null;
  const e = reorg.error;
  if (e.kind !== 'invalid') return e.kind === 'rejected' ? 'inconclusive' : storeFailure(e);
  const failed = e.hash === undefined ? undefined : fromDisplayHex(e.hash);
  return failed?.ok === true ? rejectAndMark(e.reason, failed.value) : 'inconclusive';
}
