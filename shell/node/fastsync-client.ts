/**
 * The fast-sync client (issue 13, docs/PROTOCOL.md): a node with block download held syncs the
 * headers, asks its diverse peers that advertise NODE_BLLVM_UTXO for their commitment at the
 * checkpoint height, lets the kernel's peer consensus decide (kernel/consensus), downloads the
 * agreed set in chunks from the agreeing peers in parallel, checks each chunk against the agreed
 * root on arrival (a bad chunk's sender is banned and the chunk asked of another peer), installs
 * each verified chunk in one store transaction (so a killed sync resumes), checks the installed
 * set's full commitment against the agreed one, then connects the blocks from the checkpoint to
 * the tip (full blocks through the node's sync, or filtered blocks), and compares its own
 * commitment at the tip with its peers'.
 */
import { getAncestor } from '../../kernel/chain/header-chain.js';
import { type UtxoCommitment, commitmentDigest, decodeCommitment } from '../../kernel/commitments/commitment.js';
import { decodeChunk } from '../../kernel/commitments/chunk.js';
import { verifyTreeChunk } from '../../kernel/commitments/tree-proof.js';
import { type ConsensusRules, type PeerAnswer, defaultCheckpointHeight, findPeerConsensus } from '../../kernel/consensus/peer-consensus.js';
import type { PeerIdentity } from '../../kernel/consensus/diversity.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toHex } from '../../kernel/encoding/hex.js';
import type { SpamFilterPreset } from '../../kernel/spam/config.js';
import { decodeFilteredBlock } from '../../kernel/spam/filtered-block-codec.js';
import type { RemoteInfo } from '../p2p/transport/transport.js';
import type { ChunkPlanEntry, WireMessage } from '../p2p/wire/messages.js';
import { FASTSYNC_OK, NODE_BLLVM_UTXO } from '../p2p/wire/protocol.js';
import { chunkId } from '../store/chain-store.js';
import { formatStoreError } from '../store/errors.js';
import { FILTER_PRESETS_BY_NUMBER } from './fastsync-server.js';
import type { BllvmNode } from './node.js';

export interface FastSyncOptions {
  /** The height to take the UTXO set at (default: the kernel's rule, the best header height - 2,016). */
  readonly checkpointHeight?: number;
  readonly rules: ConsensusRules;
  /** Connect the blocks after the checkpoint as filtered blocks of this preset (default: full blocks). */
  readonly filter?: SpamFilterPreset;
  /** Peers that advertise fast sync to wait for before asking (default: rules.minPeers). */
  readonly waitForPeers?: number;
  /** Per request: a peer silent this long is asked no more for it (default 20 s). */
  readonly requestTimeoutMs?: number;
  /** Backstop for the whole sync (default 10 min). */
  readonly timeoutMs?: number;
  /** Chunks in flight per agreeing peer (default 2). */
  readonly chunksPerPeer?: number;
  readonly progress?: (line: string) => void;
}

export interface FastSyncResult {
  readonly agreed: boolean;
  readonly reason?: string;
  readonly checkpointHeight: number;
  readonly digest?: string;
  readonly agreeing: readonly string[];
  readonly asked: readonly string[];
  readonly dissenters: readonly string[];
  readonly chunks: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly tipHeight: number;
  readonly commitmentMatchesPeers: boolean;
  /** Bad chunks caught and their senders banned. */
  readonly badChunks: number;
  /** Witness bytes not downloaded (filtered blocks). */
  readonly bytesSaved: number;
}

/** How a peer is named in results: its node id, else its address. */
function peerName(remote: RemoteInfo, nodeId?: string): string {
  return nodeId ?? (remote.port === undefined ? remote.address : `${remote.address}:${remote.port}`);
}

/** The consensus identity of a peer: its IP (the path of an Iroh connection, without the port), transport and node id. */
function identityOf(remote: RemoteInfo, nodeId?: string): PeerIdentity {
  const ip = remote.transport === 'iroh' ? remote.address.replace(/^\[?([^\]]*)\]?:\d+$/, '$1') : remote.address;
  return { address: ip, transport: remote.transport, ...(nodeId === undefined ? {} : { nodeId }) };
}

let nextRequestId = 1n;
const requestId = (): bigint => nextRequestId++;

/** Waits for `condition`, saying what it waits for (and `status()`) at once and every 10 s, until the deadline. */
async function until(condition: () => boolean, deadline: number, what: string, say: (line: string) => void, status: () => string): Promise<void> {
  let nextNotice = Date.now();
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`fast sync: timed out waiting for ${what} (${status()})`);
    if (Date.now() >= nextNotice) {
      say(`waiting for ${what}: ${status()}`);
      nextNotice += 10_000;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a fast sync on a node started with `holdBlocks: true` and `--connect` peers. */
export async function fastSync(node: BllvmNode, options: FastSyncOptions): Promise<FastSyncResult> {
  const started = performance.now();
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const requestTimeout = options.requestTimeoutMs ?? 20_000;
  const say = options.progress ?? (() => undefined);
  const store = node.store;
  const servers = () => node.readyPeers().filter((p) => (p.services & NODE_BLLVM_UTXO) !== 0n);
  let bytes = 0;
  let chunks = 0;
  let badChunks = 0;
  let bytesSaved = 0;
  const resumed = store.fastSyncStatus();
  if (!resumed.ok) throw new Error(formatStoreError(resumed.error));

  // 1. Headers, from peers that serve fast sync.
  const wanted = options.waitForPeers ?? options.rules.minPeers;
  const peerStatus = (): string => `${servers().length} of ${wanted} connected, ${node.readyPeers().length} peers in all`;
  await until(() => servers().length >= wanted, deadline, 'peers that serve fast sync', say, peerStatus);
  const checkpointHeight = resumed.value?.target.height ?? options.checkpointHeight ?? defaultCheckpointHeight(Math.max(...servers().map((p) => p.bestHeight)));
  await until(() => store.bestHeader.height >= checkpointHeight && servers().every((p) => p.bestHeight >= 0), deadline, `headers up to height ${checkpointHeight}`, say, () => `best header ${store.bestHeader.height}`);
  const elapsed = (): number => Math.round((performance.now() - started) / 10) / 100;

  // 2. Commitments from the diverse peers asked, and the kernel's consensus.
  const asked = servers();
  const peerOf = new Map<PeerIdentity, (typeof asked)[number]>();
  const answers: PeerAnswer[] = await Promise.all(
    asked.map(async (p): Promise<PeerAnswer> => {
      const peer = identityOf(p.remote, p.nodeId);
      peerOf.set(peer, p);
      const answer = await node.ask(p.id, { command: 'getutxocmt', payload: { requestId: requestId(), height: checkpointHeight } }, requestTimeout);
      if (answer === undefined) return { peer, reply: { kind: 'timeout' } };
      if (answer.command !== 'utxocmt' || answer.payload.status !== FASTSYNC_OK) return { peer, reply: { kind: 'error', reason: 'not available' } };
      const c = decodeCommitment(answer.payload.commitment);
      return c.ok ? { peer, reply: { kind: 'commitment', commitment: c.value } } : { peer, reply: { kind: 'error', reason: `${c.error.code} (${c.error.field})` } };
    }),
  );
  const outcome = findPeerConsensus(answers, checkpointHeight, store.bestHeader, options.rules);
  const nameOf = (identity: PeerIdentity): string => {
    const p = peerOf.get(identity);
    return p === undefined ? identity.address : peerName(p.remote, p.nodeId);
  };
  const summary = {
    checkpointHeight,
    agreeing: outcome.agreeing.map(nameOf),
    asked: outcome.asked.map(nameOf),
    dissenters: outcome.dissenters.map(nameOf),
  };
  say(`commitments at ${checkpointHeight}: ${outcome.agreeing.length} agree of ${outcome.asked.length} asked${outcome.dissenters.length > 0 ? `, dissenters: ${summary.dissenters.join(', ')}` : ''}`);
  const agreed: UtxoCommitment | undefined = outcome.agreed ?? resumed.value?.agreed;
  if (agreed === undefined || (outcome.agreed === undefined && resumed.value === undefined)) {
    return { agreed: false, reason: outcome.reason ?? 'no consensus', ...summary, chunks: 0, bytes: 0, seconds: elapsed(), tipHeight: store.tip.height, commitmentMatchesPeers: false, badChunks: 0, bytesSaved: 0 };
  }
  for (const dissenter of outcome.dissenters) {
    const p = peerOf.get(dissenter);
    if (p !== undefined) node.penalize(p.id, 'served a commitment its peers did not agree on');
  }
  const agreeingPeers = outcome.agreeing.map((g) => peerOf.get(g)).filter((p): p is (typeof asked)[number] => p !== undefined);
  const target = getAncestor(store.bestHeader, checkpointHeight);
  if (target === undefined) throw new Error('fast sync: the checkpoint is not on the best header chain');

  // 3. The chunks, from the agreeing peers, verified on arrival and installed one by one.
  if (store.tip.height < checkpointHeight) {
    const begun = store.beginFastSync(target, agreed);
    if (!begun.ok) throw new Error(formatStoreError(begun.error));
    let plan: readonly ChunkPlanEntry[] | undefined;
    for (const p of agreeingPeers) {
      const answer = await node.ask(p.id, { command: 'getutxoplan', payload: { requestId: requestId(), height: checkpointHeight } }, requestTimeout);
      if (answer?.command === 'utxoplan' && answer.payload.status === FASTSYNC_OK) {
        plan = answer.payload.entries;
        break;
      }
    }
    if (plan === undefined) throw new Error('fast sync: no agreeing peer gave a chunk plan');
    const todo = plan.filter((c) => !begun.value.chunksDone.has(chunkId(c.bits, c.prefix)));
    say(`chunk plan: ${plan.length} chunks, ${todo.length} to fetch`);
    const failedAt = new Map<string, Set<number>>();
    const queue = [...todo];
    const worker = async (peerId: number): Promise<void> => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const id = chunkId(c.bits, c.prefix);
        const answer = await node.ask(peerId, { command: 'getutxochnk', payload: { requestId: requestId(), height: checkpointHeight, bits: c.bits, prefix: c.prefix } }, requestTimeout);
        const retry = (why: string): void => {
          const tried = failedAt.get(id) ?? new Set<number>();
          tried.add(peerId);
          failedAt.set(id, tried);
          say(`chunk ${id} from peer ${peerId}: ${why}; asking another peer`);
          queue.push(c as ChunkPlanEntry);
        };
        if (answer === undefined || answer.command !== 'utxochnk' || answer.payload.status !== FASTSYNC_OK) {
          retry(answer === undefined ? 'no answer' : 'not served');
          return; // this peer is silent or gone: its worker stops, the others take over
        }
        const decoded = decodeChunk(answer.payload.chunk);
        const valid =
          decoded.ok &&
          decoded.value.bits === c.bits &&
          equalBytes(decoded.value.prefix, c.prefix) &&
          verifyTreeChunk(agreed.root, decoded.value.prefix, decoded.value.bits, decoded.value.leaves, decoded.value.siblings).ok;
        if (!valid || !decoded.ok) {
          badChunks++;
          node.penalize(peerId, `bad UTXO chunk ${id}`);
          retry('bad chunk (sender banned)');
          return;
        }
        const installed = store.applyFastSyncChunk(c.bits, c.prefix, decoded.value.leaves);
        if (!installed.ok) throw new Error(formatStoreError(installed.error));
        chunks++;
        bytes += answer.payload.chunk.length;
        const mb = bytes / 1e6;
        say(`chunks ${installed.value.chunksDone.size}/${plan?.length ?? 0}, ${mb.toFixed(2)} MB, ${(mb / Math.max(elapsed(), 0.001)).toFixed(2)} MB/s, ${agreeingPeers.length} peers`);
      }
    };
    while (queue.length > 0) {
      const peers = node.readyPeers().filter((p) => agreeingPeers.some((a) => a.id === p.id));
      if (peers.length === 0) throw new Error('fast sync: no agreeing peer left for the remaining chunks');
      await Promise.all(peers.flatMap((p) => Array.from({ length: options.chunksPerPeer ?? 2 }, () => worker(p.id))));
      if (Date.now() > deadline) throw new Error('fast sync: timed out downloading chunks');
    }
    const finished = store.finishFastSync();
    if (!finished.ok) {
      // The agreeing peers lied together about a field the chunks do not carry (count, amount, MuHash): undo everything.
      say(`the installed set does not match the agreed commitment: ${formatStoreError(finished.error)}; removed`);
      const aborted = store.abortFastSync();
      if (!aborted.ok) throw new Error(formatStoreError(aborted.error));
      return { agreed: false, reason: 'the installed set does not match the agreed commitment', ...summary, chunks, bytes, seconds: elapsed(), tipHeight: store.tip.height, commitmentMatchesPeers: false, badChunks, bytesSaved };
    }
    say(`UTXO set at ${checkpointHeight} installed: ${agreed.utxoCount} coins, commitment ${toHex(commitmentDigest(agreed).ok ? (commitmentDigest(agreed) as { value: Uint8Array }).value : new Uint8Array())}`);
  }

  // 4. The blocks after the checkpoint: filtered from the agreeing peers, or full through the node's sync.
  if (options.filter !== undefined) {
    const preset = FILTER_PRESETS_BY_NUMBER.indexOf(options.filter);
    while (store.tip.height < store.bestHeader.height) {
      const next = getAncestor(store.bestHeader, store.tip.height + 1);
      if (next === undefined) break;
      let connected = false;
      for (const p of agreeingPeers) {
        const answer: WireMessage | undefined = await node.ask(p.id, { command: 'getfiltblk', payload: { requestId: requestId(), hash: next.hash, preset } }, requestTimeout);
        if (answer?.command !== 'filtblk' || answer.payload.status !== FASTSYNC_OK) continue;
        const block = decodeFilteredBlock(answer.payload.block);
        if (!block.ok) continue;
        const r = store.connectFilteredTip(block.value);
        if (!r.ok) {
          if (r.error.kind === 'invalid') node.penalize(p.id, `bad filtered block: ${r.error.reason}`);
          continue;
        }
        bytes += answer.payload.block.length;
        bytesSaved += block.value.transactions.reduce((n, t) => n + (t.kind === 'stripped' ? t.witnessBytes : 0), 0);
        connected = true;
        break;
      }
      if (!connected) throw new Error(`fast sync: no agreeing peer served a valid filtered block at height ${next.height}`);
      if (Date.now() > deadline) throw new Error('fast sync: timed out on filtered blocks');
    }
  } else {
    node.holdBlockDownload(false);
    await until(() => store.tip.height >= store.bestHeader.height, deadline, 'blocks to the tip', say, () => `tip ${store.tip.height} of ${store.bestHeader.height}`);
  }

  // 5. Our commitment at the tip against our peers'.
  const tip = store.tip;
  const mine = commitmentDigest(store.tipCommitment());
  const theirs = await Promise.all(
    agreeingPeers.map(async (p) => {
      const answer = await node.ask(p.id, { command: 'getutxocmt', payload: { requestId: requestId(), height: tip.height } }, requestTimeout);
      if (answer?.command !== 'utxocmt' || answer.payload.status !== FASTSYNC_OK) return undefined;
      const c = decodeCommitment(answer.payload.commitment);
      const d = c.ok ? commitmentDigest(c.value) : undefined;
      return d?.ok === true ? toHex(d.value) : undefined;
    }),
  );
  const answered = theirs.filter((t): t is string => t !== undefined);
  const commitmentMatchesPeers = mine.ok && answered.length > 0 && answered.every((t) => t === toHex(mine.value));
  return {
    agreed: true,
    digest: toHex((commitmentDigest(agreed) as { value: Uint8Array }).value),
    ...summary,
    chunks,
    bytes,
    seconds: elapsed(),
    tipHeight: tip.height,
    commitmentMatchesPeers,
    badChunks,
    bytesSaved,
  };
}
