/**
 * The bcoin blocks of test/vectors/blocks-manifest.json that come with undo data, ready for
 * ConnectBlock: the decoded block, its spent outputs and the coins they give
 * (shell/chain/undo-file.ts), and the context the fixtures allow (they carry no chain: the parent's
 * median time past is taken just below the block's own time).
 */
import { NETWORKS } from '../../kernel/chain/params.js';
import type { Coin } from '../../kernel/chain/utxo.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { decodeBlock } from '../../kernel/primitives/block.js';
import type { Block, TxOut } from '../../kernel/primitives/types.js';
import type { ConnectContext } from '../../kernel/validation/connect-block.js';
import { parseUndoFile, undoView } from '../../shell/chain/undo-file.js';
import { MANIFEST, type ManifestBlock, readVector } from './vectors.js';

/** The manifest's blocks with undo data (bcoin's 300025 and three testnet3 blocks). */
export const BLOCKS_WITH_UNDO: readonly ManifestBlock[] = MANIFEST.filter((m) => m.prevouts !== undefined);

/** A manifest block with its undo data decoded; a fixture that does not decode fails the test run. */
export function loadBlockWithUndo(entry: ManifestBlock): { block: Block; spent: TxOut[]; coins: Map<string, Coin> } {
  const decoded = decodeBlock(readVector(entry.file));
  if (!decoded.ok) throw new Error(`${entry.file}: ${decoded.error.code}`);
  const spent = parseUndoFile(readVector(entry.prevouts ?? ''));
  if (!spent.ok) throw new Error(`${entry.prevouts}: ${spent.error.code}`);
  const coins = undoView(decoded.value, spent.value);
  if (!coins.ok) throw new Error(coins.error);
  return { block: decoded.value, spent: spent.value, coins: coins.value };
}

/** ConnectBlock's context for a manifest block, with `extra` on top. */
export function manifestConnectContext(entry: ManifestBlock, block: Block, extra: Partial<ConnectContext> = {}): ConnectContext {
  return {
    height: entry.height,
    prevMedianTimePast: block.header.time - 1, // the fixtures carry no chain; their own time is the bound
    medianTimePastAt: () => 0,
    params: (entry.network === 'mainnet' ? NETWORKS.main : NETWORKS.testnet3).consensus,
    backend: DEFAULT_BACKEND,
    ...extra,
  };
}
