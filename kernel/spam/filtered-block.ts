/**
 * Filtered blocks (SPEC.md §10.3): a block with its spam reduced to UTXO effects. Transactions the
 * classifier does not flag stay whole; a flagged one becomes its txid, the outpoints it spends and
 * the outputs it creates, without scriptSigs or witnesses (where inscriptions and other envelopes
 * live). Applying a filtered block to a UTXO view gives exactly the delta of the full block, so
 * filtering never changes the UTXO set or its commitment; it is for nodes that take the block's
 * validity from the commitment their peers agreed on, not for validating the block.
 */
import { type CoinView, type UtxoDelta, isUnspendable, utxoDeltaBuilder } from '../chain/utxo.js';
import { compactSizeWidth } from '../encoding/compact-size.js';
import { isCoinbase, txid } from '../primitives/transaction.js';
import { txTotalSize } from '../primitives/size.js';
import type { Block, BlockHeader, OutPoint, Transaction, TxOut } from '../primitives/types.js';
import type { SpamFilterConfig } from './config.js';
import { type SpamCategory, classifyTransaction } from './classify.js';

/** A flagged transaction reduced to what it does to the UTXO set. */
export interface StrippedTransaction {
  readonly txid: Uint8Array;
  readonly isCoinbase: boolean;
  readonly spends: readonly OutPoint[];
  readonly outputs: readonly TxOut[];
  readonly categories: readonly SpamCategory[];
}

export type FilteredTransaction = { readonly kind: 'full'; readonly tx: Transaction } | ({ readonly kind: 'stripped' } & StrippedTransaction);

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

/** The serialized size of a stripped transaction: txid, CompactSize counts, 36 bytes per spend, the outputs. */
export function strippedSize(s: StrippedTransaction): number {
  const outputs = s.outputs.reduce((n, o) => n + 8 + compactSizeWidth(o.scriptPubKey.length) + o.scriptPubKey.length, 0);
  return 32 + 1 + compactSizeWidth(s.spends.length) + 36 * s.spends.length + compactSizeWidth(s.outputs.length) + outputs;
}

/** The block with every transaction the classifier flags reduced to its UTXO effects, and the report. */
export function filterBlock(block: Block, config: SpamFilterConfig): { readonly block: FilteredBlock; readonly report: SpamReport } {
  const byCategory: Partial<Record<SpamCategory, { transactions: number; bytesSaved: number }>> = {};
  let flagged = 0;
  let bytesSaved = 0;
  const transactions = block.transactions.map((tx): FilteredTransaction => {
    const categories = classifyTransaction(tx, config);
    if (categories.length === 0) return { kind: 'full', tx };
    const coinbase = isCoinbase(tx);
    const stripped: StrippedTransaction = { txid: txid(tx), isCoinbase: coinbase, spends: coinbase ? [] : tx.inputs.map((i) => i.prevout), outputs: tx.outputs, categories };
    const saved = Math.max(0, txTotalSize(tx) - strippedSize(stripped));
    flagged++;
    bytesSaved += saved;
    for (const c of categories) {
      const entry = byCategory[c] ?? { transactions: 0, bytesSaved: 0 };
      entry.transactions++;
      entry.bytesSaved += saved;
      byCategory[c] = entry;
    }
    return { kind: 'stripped', ...stripped };
  });
  return { block: { header: block.header, transactions }, report: { transactions: block.transactions.length, flagged, bytesSaved, byCategory } };
}

/**
 * The UTXO delta of a filtered block at `height` over `view`, as Core's UpdateCoins makes it for
 * the full block: each transaction spends its inputs, then adds its spendable outputs. Spends of
 * coins missing from the view are ignored (the block's validity is not checked here).
 */
export function filteredBlockDelta(view: CoinView, block: FilteredBlock, height: number): UtxoDelta {
  const changes = utxoDeltaBuilder(view);
  for (const t of block.transactions) {
    const effects =
      t.kind === 'full'
        ? { id: txid(t.tx), coinbase: isCoinbase(t.tx), spends: isCoinbase(t.tx) ? [] : t.tx.inputs.map((i) => i.prevout), outputs: t.tx.outputs }
        : { id: t.txid, coinbase: t.isCoinbase, spends: t.spends, outputs: t.outputs };
    for (const outpoint of effects.spends) changes.spend(outpoint);
    effects.outputs.forEach((output, vout) => {
      if (!isUnspendable(output.scriptPubKey)) changes.add({ txid: effects.id, vout }, { output, height, isCoinbase: effects.coinbase });
    });
  }
  return changes.delta();
}
