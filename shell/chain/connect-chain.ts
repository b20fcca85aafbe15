import {
  type BlockValidationError,
  type ChainParams,
  type Coin,
  type HeaderEntry,
  acceptHeader,
  blockHash,
  connectBlock,
  decodeBlock,
  genesisEntry,
  getMedianTimePast,
  utxoSetView,
} from '../../kernel/index.js';
import { getAncestor } from "../../kernel/chain/header-chain.js";
import { equalBytes } from "../../kernel/encoding/bytes.js";
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';

/** The chain after connecting blocks: its tip and its UTXO set (held in memory, updated in place). */
export interface ChainState {
  readonly tip: HeaderEntry;
  readonly utxos: Map<string, Coin>;
  readonly blocks: number;
}

export interface ConnectFailure {
  readonly height: number;
  readonly error: BlockValidationError | { readonly reason: string; readonly debug: string };
}

/**
 * Connects raw blocks in order from the network's genesis on an empty UTXO set: each header
 * through acceptHeader (retarget rules, median time past), each block through connectBlock.
 * `now` is the clock acceptHeader compares header times with.
 */
export function connectChain(
  params: ChainParams,
  rawBlocks: Iterable<Uint8Array>,
  backend: Secp256k1Backend,
  now: number,
): { readonly ok: true; readonly state: ChainState } | { readonly ok: false; readonly failure: ConnectFailure } {
  const genesis = genesisEntry(params);
  const utxos = new Map<string, Coin>();
  const view = utxoSetView(utxos);
  let tip: HeaderEntry | undefined;
  let blocks = 0;
  for (const raw of rawBlocks) {
    const height = tip === undefined ? 0 : tip.height + 1;
    const decoded = decodeBlock(raw);
    if (!decoded.ok) return { ok: false, failure: { height, error: { reason: decoded.error.code, debug: `at byte ${decoded.error.offset}` } } };
    const block = decoded.value;
    let entry: HeaderEntry;
    if (tip === undefined) {
      if (!equalBytes(blockHash(block.header), genesis.hash)) {
        return { ok: false, failure: { height, error: { reason: 'bad-genesis', debug: "the first block is not the network's genesis block" } } };
      }
      entry = genesis;
    } else {
      const accepted = acceptHeader(tip, block.header, params.consensus, now);
      if (!accepted.ok) return { ok: false, failure: { height, error: accepted.error } };
      entry = accepted.value;
    }
    const prev = entry.prev;
    const connected = connectBlock(view, block, {
      height,
      prevMedianTimePast: prev === undefined ? 0 : getMedianTimePast(prev),
      medianTimePastAt: (h) => getMedianTimePast(getAncestor(entry, h) as HeaderEntry),
      params: params.consensus,
      backend,
    });
    if (!connected.ok) return { ok: false, failure: { height, error: connected.error } };
    for (const key of connected.value.delta.spent.keys()) utxos.delete(key);
    for (const [key, coin] of connected.value.delta.created) utxos.set(key, coin);
    tip = entry;
    blocks++;
  }
  if (tip === undefined) return { ok: false, failure: { height: 0, error: { reason: 'no-blocks', debug: 'the file holds no block' } } };
  return { ok: true, state: { tip, utxos, blocks } };
}
