/**
 * Connecting blocks on an in-memory UTXO set from a network's genesis block: Core's
 * ConnectTip over ConnectBlock (validation.cpp), one block at a time, each on the tip before it.
 * The genesis block is connected by construction: Core's ConnectBlock does not connect its
 * transactions, so the set starts empty. Tested by test/connect-chain.test.ts and test/cli.test.ts.
 */
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { blockHash, decodeBlock } from '../../kernel/primitives/block.js';
import type { Block } from '../../kernel/primitives/types.js';
import type { ChainParams } from '../../kernel/chain/params.js';
import { type HeaderEntry, acceptHeader, genesisEntry, getAncestor, getMedianTimePast } from '../../kernel/chain/header-chain.js';
import { type Coin, type UtxoDelta, utxoSetView } from '../../kernel/chain/utxo.js';
import { type ConnectedBlock, connectBlock } from '../../kernel/validation/connect-block.js';
import type { ScriptCheckPool, ScriptCheckStream } from '../workers/script-pool.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';

/** Blocks with fewer inputs to check than this verify their scripts on the calling thread (messaging would cost more than it saves). */
export const POOL_MIN_INPUTS = 64;

/** The inputs of a block's non-coinbase transactions: the script checks connecting it takes. */
export function inputsToCheck(block: Block): number {
  let n = 0;
  for (let i = 1; i < block.transactions.length; i++) n += block.transactions[i]?.inputs.length ?? 0;
  return n;
}

/** The chain after connecting blocks: its tip and its UTXO set (held in memory, updated in place). */
export interface ChainState {
  readonly tip: HeaderEntry;
  readonly utxos: Map<string, Coin>;
  /** Blocks on the chain, genesis included (the tip's height + 1). */
  readonly blocks: number;
}

export interface ConnectFailure {
  readonly height: number;
  readonly hash?: Uint8Array;
  readonly error: BlockValidationError | { readonly reason: string; readonly debug: string };
}

/** Connects blocks one at a time on the tip, starting from the network's genesis block. */
export interface ChainConnector {
  /** Connects `block`, whose accepted header entry (acceptHeader on the current tip) is `entry`; a failure leaves the state as it was. */
  connect(block: Block, entry: HeaderEntry): ConnectFailure | undefined;
  /** As `connect`, with the block's script checks on `scripts` (worker threads) when it has at least `minInputs` inputs to check. */
  connectWith(block: Block, entry: HeaderEntry, scripts: ScriptCheckPool | undefined, minInputs?: number): Promise<ConnectFailure | undefined>;
  readonly state: ChainState;
}

/**
 * A connector on an empty set at genesis; `onConnected` sees each connected block's entry and
 * UTXO delta (say, to carry a UTXO commitment along).
 */
export function chainConnector(params: ChainParams, backend: Secp256k1Backend, onConnected?: (entry: HeaderEntry, delta: UtxoDelta) => void): ChainConnector {
  const utxos = new Map<string, Coin>();
  const view = utxoSetView(utxos);
  let tip = genesisEntry(params);
  let blocks = 1;
  /** connectBlock on the tip; with a script stream, each transaction's script checks go to it as they are made. */
  const check = (block: Block, entry: HeaderEntry, scripts?: ScriptCheckStream): { readonly value: ConnectedBlock } | { readonly failure: ConnectFailure } => {
    const { height } = entry;
    if (entry.height !== tip.height + 1 || !equalBytes(entry.header.prevBlockHash, tip.hash) || !equalBytes(blockHash(block.header), entry.hash)) {
      return { failure: { height, hash: entry.hash, error: { reason: 'bad-prevblk', debug: 'the block does not extend the tip' } } };
    }
    const connected = connectBlock(view, block, {
      height,
      prevMedianTimePast: getMedianTimePast(tip),
      medianTimePastAt: (h) => getMedianTimePast(getAncestor(entry, h) as HeaderEntry),
      params: params.consensus,
      backend,
      onScriptCheck: scripts?.add,
    });
    return connected.ok ? { value: connected.value } : { failure: { height, hash: entry.hash, error: connected.error } };
  };
  /** Core's UpdateCoins for a connected block, then the new tip. */
  const apply = (entry: HeaderEntry, connected: ConnectedBlock): undefined => {
    for (const key of connected.delta.spent.keys()) utxos.delete(key);
    for (const [key, coin] of connected.delta.created) utxos.set(key, coin);
    onConnected?.(entry, connected.delta);
    tip = entry;
    blocks++;
    return undefined;
  };
  return {
    get state(): ChainState {
      return { tip, utxos, blocks };
    },
    connect(block, entry) {
      const connected = check(block, entry);
      return 'failure' in connected ? connected.failure : apply(entry, connected.value);
    },
    async connectWith(block, entry, scripts, minInputs = POOL_MIN_INPUTS) {
      if (scripts === undefined || inputsToCheck(block) < minInputs) return this.connect(block, entry);
      const stream = scripts.stream();
      const connected = check(block, entry, stream);
      if ('failure' in connected) return connected.failure;
      const verified = await stream.finish();
      if (!verified.ok) return { height: entry.height, hash: entry.hash, error: verified.error };
      return apply(entry, connected.value);
    },
  };
}

/**
 * Connects raw blocks given in chain order, the first being the network's genesis block, on an
 * empty UTXO set: each header through acceptHeader (retarget rules, median time past), each block
 * through connectBlock. `now` is the clock acceptHeader compares header times with.
 */
export function connectChain(
  params: ChainParams,
  rawBlocks: Iterable<Uint8Array>,
  backend: Secp256k1Backend,
  now: number,
): { readonly ok: true; readonly state: ChainState } | { readonly ok: false; readonly failure: ConnectFailure } {
  const connector = chainConnector(params, backend);
  let first = true;
  for (const raw of rawBlocks) {
    const height = first ? 0 : connector.state.tip.height + 1;
    const decoded = decodeBlock(raw);
    if (!decoded.ok) return { ok: false, failure: { height, error: { reason: decoded.error.code, debug: `at byte ${decoded.error.offset}` } } };
    const block = decoded.value;
    if (first) {
      first = false;
      if (!equalBytes(blockHash(block.header), connector.state.tip.hash)) {
        return { ok: false, failure: { height, error: { reason: 'bad-genesis', debug: "the first block is not the network's genesis block" } } };
      }
      continue;
    }
    const accepted = acceptHeader(connector.state.tip, block.header, params.consensus, now);
    if (!accepted.ok) return { ok: false, failure: { height, error: accepted.error } };
    const failure = connector.connect(block, accepted.value);
    if (failure !== undefined) return { ok: false, failure };
  }
  if (first) return { ok: false, failure: { height: 0, error: { reason: 'no-blocks', debug: 'no block was given' } } };
  return { ok: true, state: connector.state };
}
