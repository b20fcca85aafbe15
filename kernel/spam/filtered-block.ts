/**
 * Filtered blocks (SPEC.md §10.3): a block whose flagged transactions lost their witnesses (where
 * inscriptions and other envelopes live). Everything else of a transaction stays, so its txid can
 * still be computed and the block's Merkle root checked against its header: the UTXO effects a
 * filtered block carries are authenticated by the header chain. Applying a filtered block to a
 * UTXO view gives exactly the delta of the full block, so filtering never changes the UTXO set or
 * its commitment; it is for nodes that take script validity from the commitment their peers
 * agreed on, not for validating scripts.
 */
import { type Coin, type CoinView, type UtxoDelta, isUnspendable, utxoDeltaBuilder } from '../chain/utxo.js';
import { equalBytes } from '../encoding/bytes.js';
import { txTotalSize } from '../primitives/size.js';
import { isCoinbase, txid } from '../primitives/transaction.js';
import type { Block, BlockHeader, OutPoint, Transaction } from '../primitives/types.js';
import { computeMerkleRoot } from '../validation/merkle.js';
import type { SpamFilterConfig } from './config.js';
import { type SpamCategory, classifyTransaction } from './classify.js';

/** A transaction of a filtered block: whole, or without its witnesses (flagged as spam). */
export type FilteredTransaction =
  | { readonly kind: 'full'; readonly tx: Transaction }
  | { readonly kind: 'stripped'; readonly tx: Transaction; readonly categories: readonly SpamCategory[]; /** Bytes the stripped witnesses took. */ readonly witnessBytes: number };

export interface FilteredBlock {
  readonly header: BlockHeader;
  readonly transactions: readonly FilteredTransaction[];
}

/** What filtering a block dropped: transactions and bytes per category (a transaction counts in each of its categories), and in all. */
export interface SpamReport {
  readonly transactions: number;
  readonly flagged: number;
  readonly bytesSaved: number;
  readonly byCategory: Readonly<Partial<Record<SpamCategory, { readonly transactions: number; readonly bytesSaved: number }>>>;
}

/** A transaction without its witnesses (BIP144: the same txid). */
export function stripWitness(tx: Transaction): Transaction {
  return { ...tx, inputs: tx.inputs.map((i) => ({ ...i, witness: [] })) };
}

/** The block with every transaction the classifier flags stripped of its witnesses, and the report. */
export function filterBlock(block: Block, config: SpamFilterConfig): { readonly block: FilteredBlock; readonly report: SpamReport } {
  const byCategory: Partial<Record<SpamCategory, { transactions: number; bytesSaved: number }>> = {};
  let flagged = 0;
  let bytesSaved = 0;
  const transactions = block.transactions.map((tx): FilteredTransaction => {
    const categories = classifyTransaction(tx, config);
    if (categories.length === 0) return { kind: 'full', tx };
    const stripped = stripWitness(tx);
    const saved = txTotalSize(tx) - txTotalSize(stripped);
    flagged++;
    bytesSaved += saved;
    for (const c of categories) {
      const entry = byCategory[c] ?? { transactions: 0, bytesSaved: 0 };
      entry.transactions++;
      entry.bytesSaved += saved;
      byCategory[c] = entry;
    }
    return { kind: 'stripped', tx: stripped, categories, witnessBytes: saved };
  });
  return { block: { header: block.header, transactions }, report: { transactions: block.transactions.length, flagged, bytesSaved, byCategory } };
}

/** Whether the block's transactions hash to its header's Merkle root (the txids do not depend on the stripped witnesses). */
export function filteredBlockMatchesHeader(block: FilteredBlock): boolean {
  if (block.transactions.length === 0) return false;
  const { root, mutated } = computeMerkleRoot(block.transactions.map((t) => txid(t.tx)));
  return !mutated && equalBytes(root, block.header.merkleRoot);
}

/** A filtered block's effect on a view: the UTXO delta, the undo data (per non-coinbase transaction, the coins it spent), and spends the view lacks. */
export interface FilteredBlockChanges {
  readonly delta: UtxoDelta;
  readonly undo: readonly (readonly Coin[])[];
  readonly missing: readonly OutPoint[];
}

/**
 * The changes a filtered block at `height` makes to `view`, as Core's UpdateCoins makes them for
 * the full block: each transaction spends its inputs, then adds its spendable outputs.
 */
export function filteredBlockChanges(view: CoinView, block: FilteredBlock, height: number): FilteredBlockChanges {
  const changes = utxoDeltaBuilder(view);
  const undo: Coin[][] = [];
  const missing: OutPoint[] = [];
  for (const { tx } of block.transactions) {
    const id = txid(tx);
    const coinbase = isCoinbase(tx);
    if (!coinbase) {
      const spent: Coin[] = [];
      for (const input of tx.inputs) {
        const coin = changes.getCoin(input.prevout);
        if (coin === undefined) missing.push(input.prevout);
        else spent.push(coin);
        changes.spend(input.prevout);
      }
      undo.push(spent);
    }
    tx.outputs.forEach((output, vout) => {
      if (!isUnspendable(output.scriptPubKey)) changes.add({ txid: id, vout }, { output, height, isCoinbase: coinbase });
    });
  }
  return { delta: changes.delta(), undo, missing };
}
