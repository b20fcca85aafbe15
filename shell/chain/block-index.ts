/**
 * The order in which Core takes in blocks read from files (validation.cpp LoadExternalBlockFile,
 * for -loadblock and -reindex): a block whose parent is known is accepted at once (its header
 * through AcceptBlockHeader's checks), then every earlier block waiting for it, recursively; a
 * block whose parent is not yet known waits ("Out of order block ..., parent ... not known").
 * The chain to connect is then the accepted chain with the most work (ActivateBestChain; on a
 * tie the one accepted first, as Core's nSequenceId orders them). Pure: positions are opaque.
 */
import { toHex } from '../../kernel/encoding/hex.js';
import type { BlockHeader } from '../../kernel/primitives/types.js';
import type { ConsensusParams } from '../../kernel/chain/params.js';
import { type HeaderEntry, acceptHeader } from '../../kernel/chain/header-chain.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';

/** A block found in a file: its hash, header and where it is. */
export interface FoundBlock<P> {
  readonly hash: Uint8Array;
  readonly header: BlockHeader;
  readonly position: P;
}

/** A block whose header failed AcceptBlockHeader's checks on its parent. */
export interface RejectedHeader<P> {
  readonly block: FoundBlock<P>;
  readonly height: number;
  readonly error: BlockValidationError;
}

export interface BlockIndex<P> {
  /** The most-work chain from genesis (first) to its tip (last), with each block's position (undefined for genesis when it was not in the files). */
  readonly chain: readonly { readonly entry: HeaderEntry; readonly position: P | undefined }[];
  /** Accepted blocks not on that chain (stale branches): never connected. */
  readonly stale: number;
  /** Blocks whose parent never arrived, in file order. */
  readonly orphans: readonly FoundBlock<P>[];
  /** Blocks found more than once (Core ignores the repeats). */
  readonly duplicates: number;
}

/**
 * Accepts `found` (in file order) onto the header tree rooted at `genesis`; returns the
 * most-work chain or the first header that fails its checks. `now` is the clock for time-too-new.
 */
export function indexBlocks<P>(
  found: Iterable<FoundBlock<P>>,
  genesis: HeaderEntry,
  params: ConsensusParams,
  now: number,
): { readonly ok: true; readonly value: BlockIndex<P> } | { readonly ok: false; readonly error: RejectedHeader<P> } {
  const accepted = new Map<string, { readonly entry: HeaderEntry; readonly position: P | undefined }>();
  accepted.set(toHex(genesis.hash), { entry: genesis, position: undefined });
  const waiting = new Map<string, FoundBlock<P>[]>(); // by parent hash, Core's blocks_with_unknown_parent
  const waitingHashes = new Map<string, number>(); // hash -> file order
  const genesisKey = toHex(genesis.hash);
  let best = genesis;
  let duplicates = 0;

  let order = 0;
  for (const block of found) {
    const key = toHex(block.hash);
    order++;
    if (key === genesisKey) {
      accepted.set(key, { entry: genesis, position: block.position });
      continue;
    }
    if (accepted.has(key) || waitingHashes.has(key)) {
      duplicates++;
      continue;
    }
    const parent = accepted.get(toHex(block.header.prevBlockHash));
    if (parent === undefined) {
      const siblings = waiting.get(toHex(block.header.prevBlockHash));
      if (siblings === undefined) waiting.set(toHex(block.header.prevBlockHash), [block]);
      else siblings.push(block);
      waitingHashes.set(key, order);
      continue;
    }
    // Accept it, then every block that was waiting for it (breadth first, as Core's queue).
    const queue: { readonly block: FoundBlock<P>; readonly parent: HeaderEntry }[] = [{ block, parent: parent.entry }];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = acceptHeader(next.parent, next.block.header, params, now);
      if (!result.ok) return { ok: false, error: { block: next.block, height: next.parent.height + 1, error: result.error } };
      const entry = result.value;
      const hash = toHex(entry.hash);
      accepted.set(hash, { entry, position: next.block.position });
      waitingHashes.delete(hash);
      if (entry.chainWork > best.chainWork) best = entry;
      for (const child of waiting.get(hash) ?? []) queue.push({ block: child, parent: entry });
      waiting.delete(hash);
    }
  }

  const chain: { entry: HeaderEntry; position: P | undefined }[] = [];
  for (let at: HeaderEntry | undefined = best; at !== undefined; at = at.prev) {
    chain.push({ entry: at, position: accepted.get(toHex(at.hash))?.position });
  }
  chain.reverse();
  return {
    ok: true,
    value: { chain, stale: accepted.size - chain.length, orphans: [...waiting.values()].flat().sort((a, b) => (waitingHashes.get(toHex(a.hash)) ?? 0) - (waitingHashes.get(toHex(b.hash)) ?? 0)), duplicates },
  };
}
