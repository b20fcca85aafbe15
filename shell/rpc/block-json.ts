/**
 * Core's blockheaderToJSON and blockToJSON (src/rpc/blockchain.cpp) over the chain store: the
 * fields of `getblockheader` and `getblock` verbosity 1, in Core's order, with
 * ComputeNextBlockAndDepth's confirmations (-1 off the active chain) and nextblockhash.
 * Tested by test/rpc/methods.test.ts.
 */
import { type HeaderEntry, getMedianTimePast } from '../../kernel/chain/header-chain.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { blockBaseSize, blockTotalSize, blockWeight } from '../../kernel/primitives/size.js';
import { txid } from '../../kernel/primitives/transaction.js';
import type { Block } from '../../kernel/primitives/types.js';
import type { Result } from '../../kernel/result.js';
import type { ChainStore } from '../store/chain-store.js';
import { type StoreError, formatStoreError } from '../store/errors.js';
import { difficultyOf, hex32, uint256Hex } from './format.js';
import { RPC_MISC_ERROR, RpcError } from './server.js';

/** A store read, or RPC_MISC_ERROR with the store's message (a corrupt record or LMDB failure). */
export function read<T>(result: Result<T, StoreError>): T {
  if (!result.ok) throw new RpcError(RPC_MISC_ERROR, formatStoreError(result.error));
  return result.value;
}

/** Core's ComputeNextBlockAndDepth: the confirmations and the next block on the active chain. */
function nextAndDepth(store: ChainStore, entry: HeaderEntry): { readonly confirmations: number; readonly next: HeaderEntry | undefined } {
  const tip = store.tip;
  const onChain = read(store.activeEntry(entry.height));
  if (onChain !== undefined && equalBytes(onChain.hash, entry.hash)) {
    return { confirmations: tip.height - entry.height + 1, next: read(store.activeEntry(entry.height + 1)) };
  }
  return { confirmations: -1, next: undefined };
}

/** Core's blockheaderToJSON. */
export function blockHeaderJson(store: ChainStore, entry: HeaderEntry): Record<string, unknown> {
  const { confirmations, next } = nextAndDepth(store, entry);
  const h = entry.header;
  return {
    hash: toDisplayHex(entry.hash),
    confirmations,
    height: entry.height,
    version: h.version,
    versionHex: hex32(h.version),
    merkleroot: toDisplayHex(h.merkleRoot),
    time: h.time,
    mediantime: getMedianTimePast(entry),
    nonce: h.nonce,
    bits: hex32(h.bits),
    difficulty: difficultyOf(h.bits),
    chainwork: uint256Hex(entry.chainWork),
    nTx: read(store.blockInfo(entry.hash))?.txCount ?? 0,
    ...(entry.prev === undefined ? {} : { previousblockhash: toDisplayHex(entry.prev.hash) }),
    ...(next === undefined ? {} : { nextblockhash: toDisplayHex(next.hash) }),
  };
}

/** Core's blockToJSON with TxVerbosity::SHOW_TXID (getblock verbosity 1). */
export function blockJson(store: ChainStore, entry: HeaderEntry, block: Block): Record<string, unknown> {
  return {
    ...blockHeaderJson(store, entry),
    strippedsize: blockBaseSize(block),
    size: blockTotalSize(block),
    weight: blockWeight(block),
    tx: block.transactions.map((tx) => toDisplayHex(txid(tx))),
  };
}
