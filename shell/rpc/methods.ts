/**
 * The node's JSON-RPC methods with Bitcoin Core's names, parameters, result shapes, error codes
 * and messages (src/rpc/blockchain.cpp, net.cpp, mining.cpp, server.cpp), over a chain store
 * (shell/store) and what the node knows beyond it (`NodeInfo`): getblockchaininfo, getblockcount,
 * getbestblockhash, getblockhash, getblockheader, getblock (verbosity 0 and 1), getpeerinfo,
 * getconnectioncount, gettxoutsetinfo, submitblock, stop. Served by shell/rpc/server.ts:
 *
 *   startRpcServer({ host, port, datadir, methods: createRpcMethods(store, node) })
 *
 * Where we differ from Core (each also noted at its method):
 *   - verificationprogress is blocks / headers (the share of the best known header chain that is
 *     connected); Core estimates the share of transactions from its chain params' chainTxData,
 *     which the kernel's parameters do not carry. 1 when the tip is the best header.
 *   - initialblockdownload, unless the node says: Core's rule without minimum chain work (the
 *     kernel's parameters do not carry it): true while the tip is more than 24 hours old, then
 *     latched to false, as Core latches it.
 *   - size_on_disk is the store's LMDB data file: blocks and undo data, and also the UTXO set and
 *     tree, which Core keeps apart.
 *   - getblock verbosity 2 and 3 (transaction details) are refused (RPC_INVALID_PARAMETER).
 *   - gettxoutsetinfo: hash_serialized_3, muhash and none are all supported; hash_or_height needs
 *     Core's coinstatsindex, which we do not have, so it is refused with Core's message.
 *   - stop answers "bllvm-ts stopping" (Core: "Bitcoin Core stopping").
 * Tested by test/rpc/methods.test.ts.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { getMedianTimePast } from '../../kernel/chain/header-chain.js';
import { toDisplayHex, toHex, fromHex } from '../../kernel/encoding/hex.js';
import { decodePrefix } from '../../kernel/encoding/reader.js';
import { encodeBlockHeader, readBlock } from '../../kernel/primitives/block.js';
import type { Block } from '../../kernel/primitives/types.js';
import type { ChainStore } from '../store/chain-store.js';
import { type RpcMethodSpec, checkArgs, getInt, parseHash } from './args.js';
import { blockHeaderJson, blockJson, read } from './block-json.js';
import { coreChainName, difficultyOf, uint256Hex, valueFromAmount } from './format.js';
import { type RpcPeer, peerInfoJson } from './peers.js';
import {
  RPC_DESERIALIZATION_ERROR,
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_MISC_ERROR,
  type RpcMethod,
  RpcError,
} from './server.js';
import { computeUtxoStats } from './utxo-stats.js';

/** Core's RPC_INTERNAL_ERROR (rpc/protocol.h). */
const RPC_INTERNAL_ERROR = -32603;

/** Core's DEFAULT_MAX_TIP_AGE: a tip older than this keeps the node in initial block download. */
const MAX_TIP_AGE_SECONDS = 24 * 60 * 60;

/** What the methods need from the running node besides its chain store. */
export interface NodeInfo {
  /** The connected peers, for getpeerinfo. */
  peers(): readonly RpcPeer[];
  /** Core's GetNodeCount(Both), for getconnectioncount (default: the number of peers). */
  connectionCount?(): number;
  /** Begins a clean shutdown; called after `stop`'s reply is handed to the server. */
  stop(): void | Promise<void>;
  /** Core's ProcessNewBlock for submitblock: BIP22's result (null, "duplicate", "inconclusive" or the reject reason). */
  submitBlock(block: Block): Promise<string | null> | string | null;
  /** Whether the node is in initial block download (default: Core's tip-age rule, latched). */
  isInitialBlockDownload?(): boolean;
  /** Warnings for getblockchaininfo (default none). */
  warnings?(): readonly string[];
}

export interface RpcMethodsOptions {
  /** The clock, in seconds (default: the system clock). */
  readonly now?: () => number;
}

type Handler = (args: readonly unknown[]) => unknown;

const SPECS = {
  getblockchaininfo: { name: 'getblockchaininfo', description: 'Returns an object containing various state info regarding blockchain processing.', args: [] },
  getblockcount: { name: 'getblockcount', description: 'Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.', args: [] },
  getbestblockhash: { name: 'getbestblockhash', description: 'Returns the hash of the best (tip) block in the most-work fully-validated chain.', args: [] },
  getblockhash: { name: 'getblockhash', description: 'Returns hash of block in best-block-chain at height provided.', args: [{ name: 'height', type: 'number', required: true }] },
  getblockheader: {
    name: 'getblockheader',
    description: "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.",
    args: [
      { name: 'blockhash', type: 'string', required: true },
      { name: 'verbose', type: 'bool', required: false },
    ],
  },
  getblock: {
    name: 'getblock',
    description: "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\nIf verbosity is 1, returns an Object with information about block <hash>.",
    args: [
      { name: 'blockhash', type: 'string', required: true },
      // Core skips the type check of verbosity (a bool is accepted: true = 1).
      { name: 'verbosity|verbose', type: 'any', required: false },
    ],
  },
  getpeerinfo: { name: 'getpeerinfo', description: 'Returns data about each connected network peer as a json array of objects.', args: [] },
  getconnectioncount: { name: 'getconnectioncount', description: 'Returns the number of connections to other nodes.', args: [] },
  gettxoutsetinfo: {
    name: 'gettxoutsetinfo',
    description: 'Returns statistics about the unspent transaction output set.',
    args: [
      { name: 'hash_type', type: 'string', required: false },
      { name: 'hash_or_height', type: 'any', required: false },
      { name: 'use_index', type: 'bool', required: false },
    ],
  },
  submitblock: {
    name: 'submitblock',
    description: 'Attempts to submit new block to network.\nSee https://en.bitcoin.it/wiki/BIP_0022 for full specification.',
    args: [
      { name: 'hexdata', type: 'string', required: true },
      { name: 'dummy', type: 'string', required: false },
    ],
  },
  stop: { name: 'stop', description: 'Request a graceful shutdown of bllvm-ts.', args: [] },
} as const satisfies Record<string, RpcMethodSpec>;

/** Core's ParseVerbosity(arg, default 1, allow_bool): a bool is 0 or 1, otherwise getInt. */
function parseVerbosity(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return getInt(value);
}

/**
 * The methods, each checking its arguments as Core does; pass the result to startRpcServer.
 * Every read goes through the store, so results follow the tip as the node connects blocks.
 */
export function createRpcMethods(store: ChainStore, node: NodeInfo, options: RpcMethodsOptions = {}): Record<string, RpcMethod> {
  const now = options.now ?? ((): number => Math.floor(Date.now() / 1000));
  let leftIbd = false;

  /** Core's IsInitialBlockDownload without minimum chain work: the tip's age, latched once false. */
  const initialBlockDownload = (): boolean => {
    if (node.isInitialBlockDownload !== undefined) return node.isInitialBlockDownload();
    if (leftIbd) return false;
    if (store.tip.header.time < now() - MAX_TIP_AGE_SECONDS) return true;
    leftIbd = true;
    return false;
  };

  /** The entry of a known header, or RPC_INVALID_ADDRESS_OR_KEY "Block not found". */
  const knownEntry = (hash: Uint8Array) => {
    const entry = read(store.header(hash));
    if (entry === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Block not found');
    return entry;
  };

  const handlers: Record<keyof typeof SPECS, Handler> = {
    getblockchaininfo: () => {
      const tip = store.tip;
      const best = store.bestHeader;
      const params = store.params;
      let sizeOnDisk = 0;
      try {
        sizeOnDisk = statSync(join(store.dir, 'data.mdb')).size;
      } catch {
        sizeOnDisk = 0;
      }
      return {
        chain: coreChainName(params.name),
        blocks: tip.height,
        headers: best.height,
        bestblockhash: toDisplayHex(tip.hash),
        difficulty: difficultyOf(tip.header.bits),
        time: tip.header.time,
        mediantime: getMedianTimePast(tip),
        // Ours: blocks / headers (Core: transactions from chainTxData); see the file comment.
        verificationprogress: best.height <= 0 ? 1 : Math.min(1, tip.height / best.height),
        initialblockdownload: initialBlockDownload(),
        chainwork: uint256Hex(tip.chainWork),
        size_on_disk: sizeOnDisk,
        pruned: false,
        ...(params.consensus.signetChallenge === undefined ? {} : { signet_challenge: toHex(params.consensus.signetChallenge) }),
        warnings: [...(node.warnings?.() ?? [])],
      };
    },

    getblockcount: () => store.tip.height,

    getbestblockhash: () => toDisplayHex(store.tip.hash),

    getblockhash: ([height]) => {
      const h = getInt(height);
      const entry = h < 0 ? undefined : read(store.activeEntry(h));
      if (entry === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Block height out of range');
      return toDisplayHex(entry.hash);
    },

    getblockheader: ([blockhash, verbose]) => {
      // Core names the hash "hash" here (ParseHashV(request.params[0], "hash")).
      const entry = knownEntry(parseHash(blockhash, 'hash'));
      if (verbose === false) return toHex(encodeBlockHeader(entry.header));
      return blockHeaderJson(store, entry);
    },

    getblock: ([blockhash, verbosityArg]) => {
      const hash = parseHash(blockhash, 'blockhash');
      const verbosity = parseVerbosity(verbosityArg);
      const entry = knownEntry(hash);
      const raw = read(store.rawBlock(hash));
      // Core's CheckBlockDataAvailability (no pruning here).
      if (raw === undefined) throw new RpcError(RPC_MISC_ERROR, 'Block not available (not fully downloaded)');
      if (verbosity <= 0) return toHex(raw);
      if (verbosity >= 2) throw new RpcError(RPC_INVALID_PARAMETER, 'bllvm-ts supports getblock verbosity 0 (hex) and 1 (transaction ids), not 2 or 3 (transaction details)');
      const block = read(store.block(hash));
      if (block === undefined) throw new RpcError(RPC_MISC_ERROR, 'Block not found on disk');
      return blockJson(store, entry, block);
    },

    getpeerinfo: () => node.peers().map(peerInfoJson),

    getconnectioncount: () => node.connectionCount?.() ?? node.peers().length,

    gettxoutsetinfo: ([hashTypeArg, hashOrHeight]) => {
      const hashType = hashTypeArg ?? 'hash_serialized_3';
      if (hashType !== 'hash_serialized_3' && hashType !== 'muhash' && hashType !== 'none') {
        throw new RpcError(RPC_INVALID_PARAMETER, `'${String(hashType)}' is not a valid hash_type`);
      }
      // Core answers a past block only from its coinstatsindex, which we do not keep.
      if (hashOrHeight !== undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Querying specific block heights requires coinstatsindex');
      const tip = store.tip;
      const commitment = store.tipCommitment();
      const stats = computeUtxoStats(store, hashType === 'hash_serialized_3');
      // The scan and the commitment state must agree; a store where they do not is corrupt.
      if (stats === undefined || BigInt(stats.txouts) !== commitment.utxoCount || stats.totalAmount !== commitment.totalAmount) {
        throw new RpcError(RPC_INTERNAL_ERROR, 'Unable to read UTXO set');
      }
      return {
        height: tip.height,
        bestblock: toDisplayHex(tip.hash),
        txouts: stats.txouts,
        bogosize: stats.bogosize,
        ...(stats.hashSerialized === undefined ? {} : { hash_serialized_3: toDisplayHex(stats.hashSerialized) }),
        ...(hashType === 'muhash' ? { muhash: toDisplayHex(commitment.muhash) } : {}),
        total_amount: valueFromAmount(stats.totalAmount),
        transactions: stats.transactions,
        disk_size: stats.diskSize,
      };
    },

    submitblock: async ([hexdata]) => {
      // Core's DecodeHexBlk: hex, then a block; bytes after the block are ignored.
      const bytes = fromHex(hexdata as string);
      const decoded = bytes.ok ? decodePrefix(bytes.value, readBlock) : undefined;
      if (decoded === undefined || !decoded.ok) throw new RpcError(RPC_DESERIALIZATION_ERROR, 'Block decode failed');
      return node.submitBlock(decoded.value.value);
    },

    stop: () => {
      // Core's StartShutdown: the reply still goes out; the node stops on the next turn.
      setImmediate(() => {
        Promise.resolve()
          .then(() => node.stop())
          .catch((e: unknown) => process.stderr.write(`bllvm-ts: stop failed: ${e instanceof Error ? e.message : String(e)}\n`));
      });
      return 'bllvm-ts stopping';
    },
  };

  const methods: Record<string, RpcMethod> = {};
  for (const [name, handler] of Object.entries(handlers) as [keyof typeof SPECS, Handler][]) {
    const spec: RpcMethodSpec = SPECS[name];
    methods[name] = (params) => handler(checkArgs(spec, params));
  }
  return methods;
}
