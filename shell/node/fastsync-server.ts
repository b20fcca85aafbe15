/**
 * The serving side of fast sync (docs/PROTOCOL.md): answers a peer's requests for the commitment,
 * the chunk plan or a chunk of the UTXO set at a height this node keeps (a snapshot, or its tip),
 * and for filtered blocks. Snapshots are kept versions of the persistent tree (the store's
 * retained tree versions), so nothing is rebuilt per request. Each answer echoes the request id.
 */
import { decodeCommitment, encodeCommitment } from '../../kernel/commitments/commitment.js';
import { MAX_CHUNK_BYTES, buildChunk, encodeChunk, planChunks } from '../../kernel/commitments/chunk.js';
import { SPAM_FILTER_PRESETS, type SpamFilterPreset } from '../../kernel/spam/config.js';
import { encodeFilteredBlock } from '../../kernel/spam/filtered-block-codec.js';
import { filterBlock } from '../../kernel/spam/filtered-block.js';
import type { MessagePayloads, WireMessage } from '../p2p/wire/messages.js';
import { FASTSYNC_NOT_AVAILABLE, FASTSYNC_OK } from '../p2p/wire/protocol.js';
import type { ChainStore } from '../store/chain-store.js';

/** The presets by their wire number (getfiltblk's `preset`). */
export const FILTER_PRESETS_BY_NUMBER: readonly SpamFilterPreset[] = ['disabled', 'conservative', 'moderate', 'aggressive'];

type FastSyncRequest = Extract<WireMessage, { command: 'getutxocmt' | 'getutxoplan' | 'getutxochnk' | 'getfiltblk' }>;
type Answer<K extends keyof MessagePayloads> = { readonly command: K; readonly payload: MessagePayloads[K] };

/**
 * Ways a serving node can misbehave on purpose, to show a syncing node coping (`bllvm demo`, the
 * fast-sync tests): a commitment with a coin count of its own (each liar lies differently, by its
 * node id), chunks with a byte flipped, no answers at all, or a dropped connection when a chunk is
 * asked for. Never for a real node.
 */
export type FastSyncAdversary = 'wrong-commitment' | 'bad-chunks' | 'silent' | 'drop-mid-chunk';

export interface ServeOptions {
  /** Chunk size budget for plans (default MAX_CHUNK_BYTES; smaller in tests, for many chunks). */
  readonly chunkBytes?: number;
  readonly adversary?: FastSyncAdversary;
  /** A number the liar adds to its coin count (its own lie: liars do not collude). */
  readonly lieBy?: bigint;
}

/** The answer to a fast-sync request (undefined: none, as a silent adversary). */
export async function serveFastSync(store: ChainStore, request: FastSyncRequest, options: ServeOptions = {}): Promise<WireMessage | undefined> {
  if (options.adversary === 'silent') return undefined;
  const answer = await honestAnswer(store, request, options.chunkBytes ?? MAX_CHUNK_BYTES);
  if (options.adversary === 'wrong-commitment' && answer.command === 'utxocmt' && answer.payload.status === FASTSYNC_OK) {
    const c = decodeCommitment(answer.payload.commitment);
    const lie = c.ok ? encodeCommitment({ ...c.value, utxoCount: c.value.utxoCount + (options.lieBy ?? 1n) }) : undefined;
    if (lie?.ok === true) return { command: 'utxocmt', payload: { ...answer.payload, commitment: lie.value } };
  }
  if (options.adversary === 'bad-chunks' && answer.command === 'utxochnk' && answer.payload.status === FASTSYNC_OK) {
    const chunk = answer.payload.chunk.slice();
    chunk[chunk.length - 40] = (chunk[chunk.length - 40] as number) ^ 0x01; // inside the last sibling or leaf
    return { command: 'utxochnk', payload: { ...answer.payload, chunk } };
  }
  return answer;
}

async function honestAnswer(store: ChainStore, request: FastSyncRequest, chunkBytes: number): Promise<WireMessage> {
  const { requestId } = request.payload;
  const snapshotAt = (height: number) => {
    const s = store.snapshot(height);
    return s.ok ? s.value : undefined;
  };
  switch (request.command) {
    case 'getutxocmt': {
      const snapshot = snapshotAt(request.payload.height);
      const encoded = snapshot === undefined ? undefined : encodeCommitment(snapshot.commitment);
      return encoded?.ok === true
        ? ({ command: 'utxocmt', payload: { requestId, status: FASTSYNC_OK, commitment: encoded.value } } satisfies Answer<'utxocmt'>)
        : ({ command: 'utxocmt', payload: { requestId, status: FASTSYNC_NOT_AVAILABLE, commitment: new Uint8Array(0) } } satisfies Answer<'utxocmt'>);
    }
    case 'getutxoplan': {
      const snapshot = snapshotAt(request.payload.height);
      const plan = snapshot === undefined ? undefined : planChunks(store.treeLookup, snapshot.root, chunkBytes);
      if (plan === undefined || !plan.ok) return { command: 'utxoplan', payload: { requestId, status: FASTSYNC_NOT_AVAILABLE, entries: [] } } satisfies Answer<'utxoplan'>;
      const entries = plan.value.map((c) => ({ bits: c.bits, prefix: c.prefix, count: c.count, bytes: c.valueBytes }));
      return { command: 'utxoplan', payload: { requestId, status: FASTSYNC_OK, entries } } satisfies Answer<'utxoplan'>;
    }
    case 'getutxochnk': {
      const snapshot = snapshotAt(request.payload.height);
      const chunk = snapshot === undefined ? undefined : buildChunk(store.treeLookup, snapshot.root, { prefix: request.payload.prefix, bits: request.payload.bits });
      const bytes = chunk?.ok === true ? encodeChunk(chunk.value) : undefined;
      if (bytes === undefined || bytes.length > MAX_CHUNK_BYTES) return { command: 'utxochnk', payload: { requestId, status: FASTSYNC_NOT_AVAILABLE, chunk: new Uint8Array(0) } } satisfies Answer<'utxochnk'>;
      return { command: 'utxochnk', payload: { requestId, status: FASTSYNC_OK, chunk: bytes } } satisfies Answer<'utxochnk'>;
    }
    case 'getfiltblk': {
      const preset = FILTER_PRESETS_BY_NUMBER[request.payload.preset];
      const block = store.block(request.payload.hash);
      if (preset === undefined || !block.ok || block.value === undefined) return { command: 'filtblk', payload: { requestId, status: FASTSYNC_NOT_AVAILABLE, block: new Uint8Array(0) } } satisfies Answer<'filtblk'>;
      const filtered = filterBlock(block.value, SPAM_FILTER_PRESETS[preset]);
      return { command: 'filtblk', payload: { requestId, status: FASTSYNC_OK, block: encodeFilteredBlock(filtered.block) } } satisfies Answer<'filtblk'>;
    }
  }
}
