import type { ConsensusParams } from '../chain/params.js';
import { type Coin, type CoinView, type UtxoDelta, isUnspendable, utxoDeltaBuilder } from '../chain/utxo.js';
import type { Secp256k1Backend } from '../crypto/secp256k1.js';
import { toDisplayHex } from '../encoding/hex.js';
import { blockHash } from '../primitives/block.js';
import { hasWitness, isCoinbase, txid } from '../primitives/transaction.js';
import type { Block, Transaction, TxOut } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import { scriptErrorString } from '../script/errors.js';
import { precomputeTransactionData } from '../script/sighash.js';
import { getTransactionSigOpCost } from '../script/sigops.js';
import { createTransactionSignatureChecker } from '../script/tx-checker.js';
import { OP_1 } from '../script/opcodes.js';
import { WITNESS_V1_TAPROOT_SIZE, verifyScript } from '../script/verify.js';
import { checkBlock } from './block-check.js';
import { type BlockPosition, contextualCheckBlock } from './contextual-check.js';
import type { BlockValidationError } from './errors.js';
import { MAX_BLOCK_SIGOPS_COST } from './limits.js';
import { SEQUENCE_LOCKTIME_DISABLE_FLAG, SEQUENCE_LOCKTIME_TYPE_FLAG, calculateSequenceLocks, evaluateSequenceLocks } from './locktime.js';
import { moneyRange } from './money.js';
import { getBlockScriptFlags } from './script-flags.js';
import { getBlockSubsidy } from './subsidy.js';
import { checkTxInputs } from './tx-inputs.js';

/** Core's BIP34_IMPLIES_BIP30_LIMIT: from this height BIP30 is checked again (coinbases of old heights could repeat). */
const BIP34_IMPLIES_BIP30_LIMIT = 1_983_702;
/** The two mainnet blocks that overwrote earlier coinbases before BIP30 (Core's IsBIP30Exception). */
const BIP30_EXCEPTIONS: readonly (readonly [number, string])[] = [
  [91842, '00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec'],
  [91880, '00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721'],
];

/** What connectBlock needs besides the block and the UTXO view. */
export interface ConnectContext extends BlockPosition {
  readonly params: ConsensusParams;
  /** Median time past of the block at a height of this chain (BIP68 time locks use the one before each coin's block). */
  readonly medianTimePastAt: (height: number) => number;
  readonly backend: Secp256k1Backend;
  /** false: leave the script checks to the caller as `scriptChecks` (say, on worker threads). Default true. */
  readonly verifyScripts?: boolean;
  /**
   * Each transaction's script check handed over as soon as it is made, instead of run here or
   * collected in `scriptChecks` (`verifyScripts` is not read then), so worker threads start on it
   * while the rest of the block is connected (Core's CCheckQueueControl::Add in the ConnectBlock
   * loop). A block that fails a later rule has handed over checks the caller then drops.
   */
  readonly onScriptCheck?: (check: ScriptCheck) => void;
  /** Core's fCheckPOW for the CheckBlock it runs first (false in TestBlockValidity). Default true. */
  readonly checkPow?: boolean;
}

/** The script checks of one transaction: independent of every other, so they can run anywhere. */
export interface ScriptCheck {
  readonly tx: Transaction;
  readonly txIndex: number;
  readonly spentOutputs: readonly TxOut[];
  readonly flags: number;
}

/** Core's CBlockUndo: per non-coinbase transaction, the coins its inputs spent, in input order. */
export type BlockUndo = readonly (readonly Coin[])[];

/** What connecting a block produced. */
export interface ConnectedBlock {
  readonly delta: UtxoDelta;
  readonly undo: BlockUndo;
  readonly fees: bigint;
  readonly sigopsCost: number;
  readonly inputsChecked: number;
  readonly scriptFlags: number;
  /** The script checks not run (empty unless `verifyScripts` was false without an `onScriptCheck`). */
  readonly scriptChecks: readonly ScriptCheck[];
}

/**
 * Core's uses_bip341_taproot (PrecomputedTransactionData::Init): an input with a witness spends a
 * 34-byte script beginning with OP_1 (0x51). No other input can take a BIP341 signature hash.
 */
function spendsTaproot(tx: Transaction, spentOutputs: readonly TxOut[]): boolean {
  for (let i = 0; i < tx.inputs.length; i++) {
    const script = spentOutputs[i]?.scriptPubKey;
    if ((tx.inputs[i]?.witness.length ?? 0) > 0 && script !== undefined && script.length === 2 + WITNESS_V1_TAPROOT_SIZE && script[0] === OP_1) return true;
  }
  return false;
}

/** Core's CScriptCheck for every input of one transaction; the reason carries Core's ScriptErrorString text (SPEC.md §5.7). */
export function runScriptCheck(check: ScriptCheck, backend: Secp256k1Backend): Result<void, BlockValidationError> {
  const { tx, spentOutputs, flags } = check;
  // As Core's PrecomputedTransactionData::Init, only for a transaction with a witness: without one no input takes a segwit signature hash.
  // BIP341's spent amounts and scripts only when a witness-bearing input spends a 34-byte OP_1 script (Core's uses_bip341_taproot).
  const precomputed = hasWitness(tx) ? precomputeTransactionData(tx, spendsTaproot(tx, spentOutputs) ? spentOutputs : undefined) : undefined;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i];
    const spent = spentOutputs[i];
    if (input === undefined || spent === undefined) continue;
    const checker = createTransactionSignatureChecker(tx, i, spent.value, precomputed, backend);
    const verified = verifyScript(input.scriptSig, spent.scriptPubKey, input.witness, flags, checker);
    if (!verified.ok) {
      return err({
        reason: `block-script-verify-flag-failed (${scriptErrorString(verified.error)})`,
        debug: `SCRIPT_ERR_${verified.error} at input ${i} of tx ${toDisplayHex(txid(tx))} (block tx ${check.txIndex})`,
      });
    }
  }
  return ok(undefined);
}

/** Core's IsBIP30Exception / the BIP34-implies-BIP30 window: whether BIP30 is checked at this block (SPEC.md §5.7). */
function enforceBip30(height: number, hash: string, params: ConsensusParams): boolean {
  if (BIP30_EXCEPTIONS.some(([h, exceptionHash]) => h === height && exceptionHash === hash)) return false;
  return height < params.bip34Height || height >= BIP34_IMPLIES_BIP30_LIMIT;
}

/** BIP30: whether some output of the block's transactions is already an unspent coin of the view (a repeated txid). */
function repeatsUnspentTransaction(view: CoinView, transactions: readonly Transaction[], txids: readonly Uint8Array[]): boolean {
  return transactions.some((tx, t) => tx.outputs.some((_, vout) => view.getCoin({ txid: txids[t] as Uint8Array, vout }) !== undefined));
}

/**
 * Core's ConnectBlock with CheckBlock and ContextualCheckBlock first: BIP30, inputs present and
 * unspent (outputs of earlier transactions of the block included), coinbase maturity, value
 * ranges and fees, BIP68 sequence locks from CSV on, sigop cost ≤ 80,000, every input's scripts
 * under the block's flags, coinbase ≤ subsidy + fees. Returns the UTXO delta and undo data, or
 * Core's reject reason. The genesis block (height 0) spends and creates nothing, as in Core
 * (SPEC.md §5.7). Proofs: proofs/connect-block-whole.proof.ts (this function on bounded blocks),
 * proofs/connect-block.proof.ts (the transactions).
 *
 * @example
 * ```ts
 * import { DEFAULT_BACKEND, NETWORKS, connectBlock, decodeBlock, fromHex, utxoSetView } from 'bllvm-ts';
 * // Mainnet block 1 (215 bytes).
 * const bytes = fromHex(
 *   '010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e' +
 *   '1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e3629901010000000100000000000000000000' +
 *   '00000000000000000000000000000000000000000000ffffffff0704ffff001d0104ffffffff0100f2052a0100000043' +
 *   '410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781' +
 *   'e62294721166bf621e73a82cbf2342c858eeac00000000',
 * );
 * if (!bytes.ok) throw new Error(bytes.error);
 * const block = decodeBlock(bytes.value);
 * if (!block.ok) throw new Error(block.error.code);
 * const connected = connectBlock(utxoSetView(new Map()), block.value, {
 *   height: 1,
 *   prevMedianTimePast: 1231006505, // the genesis block's time
 *   medianTimePastAt: () => 1231006505,
 *   params: NETWORKS.main.consensus,
 *   backend: DEFAULT_BACKEND,
 * });
 * if (!connected.ok) throw new Error(connected.error.reason); // Core's reject reason, e.g. 'bad-cb-amount'
 * connected.value.fees; // => 0n
 * connected.value.delta.created.size; // => 1
 * ```
 */
export function connectBlock(view: CoinView, block: Block, ctx: ConnectContext): Result<ConnectedBlock, BlockValidationError> {
  const { params, height } = ctx;
  if (height === 0) {
    return ok({ delta: { spent: new Map(), created: new Map() }, undo: [], fees: 0n, sigopsCost: 0, inputsChecked: 0, scriptFlags: 0, scriptChecks: [] });
  }
  const checked = checkBlock(block, params.powLimit, { checkPow: ctx.checkPow ?? true });
  if (!checked.ok) return checked;
  const contextual = contextualCheckBlock(block, ctx, params);
  if (!contextual.ok) return contextual;

  const hash = toDisplayHex(blockHash(block.header));
  return connectTransactions(view, block.transactions, block.transactions.map(txid), hash, ctx);
}

/**
 * Core's ConnectBlock after CheckBlock and ContextualCheckBlock: the transactions of a block
 * with hash `hash` (display hex) and txids `txids`, against `view`: BIP30, inputs present and
 * unspent, coinbase maturity, value ranges and fees, BIP68 sequence locks, the sigop cost, the
 * script checks, coinbase <= subsidy + fees; the UTXO delta and undo data, or Core's reject
 * reason (SPEC.md §5.7). Proofs: proofs/connect-block.proof.ts.
 */
export function connectTransactions(
  view: CoinView,
  transactions: readonly Transaction[],
  txids: readonly Uint8Array[],
  hash: string,
  ctx: ConnectContext,
): Result<ConnectedBlock, BlockValidationError> {
  const { params, height } = ctx;
  const flags = getBlockScriptFlags(height, hash, params);
  if (enforceBip30(height, hash, params) && repeatsUnspentTransaction(view, transactions, txids)) {
    return err({ reason: 'bad-txns-BIP30', debug: 'tried to overwrite transaction' });
  }

  // The block's own changes, over the view: coins it created, and coins of the view it spent.
  const changes = utxoDeltaBuilder(view);
  const getCoin = changes.getCoin;
  const csvActive = height >= params.csvHeight;
  const undo: Coin[][] = [];
  const scriptChecks: ScriptCheck[] = [];
  let fees = 0n;
  let sigopsCost = 0;
  let inputsChecked = 0;

  for (const [t, tx] of transactions.entries()) {
    const coinbase = isCoinbase(tx);
    const coins: Coin[] = [];
    if (!coinbase) {
      for (const input of tx.inputs) {
        const coin = getCoin(input.prevout);
        if (coin === undefined) return err({ reason: 'bad-txns-inputs-missingorspent', debug: 'inputs missing/spent' });
        coins.push(coin);
      }
      const valueOut = tx.outputs.reduce((sum, o) => sum + o.value, 0n);
      const inputs = checkTxInputs(coins.map((c) => ({ value: c.output.value, height: c.height, isCoinbase: c.isCoinbase })), valueOut, height);
      if (!inputs.ok) return err({ reason: inputs.error, debug: `tx ${toDisplayHex(txids[t] as Uint8Array)}` });
      fees += inputs.value;
      if (!moneyRange(fees)) return err({ reason: 'bad-txns-accumulated-fee-outofrange', debug: 'accumulated fee in the block out of range' });
      const lock = calculateSequenceLocks(
        tx.version,
        csvActive,
        tx.inputs.map((input, i) => {
          const coinHeight = (coins[i] as Coin).height;
          const timeLock = (input.sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) === 0 && (input.sequence & SEQUENCE_LOCKTIME_TYPE_FLAG) !== 0;
          // BIP68 time locks count from the median time past of the block before the coin's.
          return { sequence: input.sequence, coinHeight, coinMedianTimePast: timeLock ? ctx.medianTimePastAt(Math.max(coinHeight - 1, 0)) : 0 };
        }),
      );
      if (!evaluateSequenceLocks(lock, height, ctx.prevMedianTimePast)) {
        return err({ reason: 'bad-txns-nonfinal', debug: 'contains a non-BIP68-final transaction' });
      }
    }
    const spentOutputs = coins.map((c) => c.output);
    sigopsCost += getTransactionSigOpCost(tx, spentOutputs, flags);
    if (sigopsCost > MAX_BLOCK_SIGOPS_COST) return err({ reason: 'bad-blk-sigops', debug: 'too many sigops' });
    if (!coinbase) {
      const check: ScriptCheck = { tx, txIndex: t, spentOutputs, flags };
      if (ctx.onScriptCheck !== undefined) {
        ctx.onScriptCheck(check);
      } else if (ctx.verifyScripts ?? true) {
        const scripts = runScriptCheck(check, ctx.backend);
        if (!scripts.ok) return scripts;
      } else {
        scriptChecks.push(check);
      }
      inputsChecked += tx.inputs.length;
      // Core's UpdateCoins: spend the inputs (an output of this block just disappears again)...
      for (const input of tx.inputs) changes.spend(input.prevout);
      undo.push(coins);
    }
    // ...and add the spendable outputs.
    tx.outputs.forEach((output, vout) => {
      if (!isUnspendable(output.scriptPubKey)) {
        changes.add({ txid: txids[t] as Uint8Array, vout }, { output, height, isCoinbase: coinbase });
      }
    });
  }

  const coinbaseValue = (transactions[0]?.outputs ?? []).reduce((sum, o) => sum + o.value, 0n);
  const limit = fees + getBlockSubsidy(height, params);
  if (coinbaseValue > limit) {
    return err({ reason: 'bad-cb-amount', debug: `coinbase pays too much (actual=${coinbaseValue} vs limit=${limit})` });
  }
  return ok({ delta: changes.delta(), undo, fees, sigopsCost, inputsChecked, scriptFlags: flags, scriptChecks });
}

export type DisconnectError = 'block and undo data inconsistent' | 'coin to disconnect missing or changed';

/**
 * Core's DisconnectBlock: removes the block's outputs and restores the coins its inputs spent
 * from the undo data, transactions in reverse order. Returns the delta that takes the UTXO set
 * after the block back to the set before it (SPEC.md §5.7).
 */
export function disconnectBlock(view: CoinView, block: Block, undo: BlockUndo, height: number): Result<UtxoDelta, DisconnectError> {
  if (height === 0) return ok({ spent: new Map(), created: new Map() });
  if (undo.length !== block.transactions.length - 1) return err('block and undo data inconsistent');
  const changes = utxoDeltaBuilder(view);
  for (let t = block.transactions.length - 1; t >= 0; t--) {
    const tx = block.transactions[t] as Transaction;
    const id = txid(tx);
    for (const [vout, output] of tx.outputs.entries()) {
      if (isUnspendable(output.scriptPubKey)) continue;
      const coin = changes.getCoin({ txid: id, vout });
      if (coin === undefined || coin.height !== height || coin.output.value !== output.value) return err('coin to disconnect missing or changed');
      changes.spend({ txid: id, vout });
    }
    if (t === 0) break;
    const coins = undo[t - 1] as readonly Coin[];
    if (coins.length !== tx.inputs.length) return err('block and undo data inconsistent');
    tx.inputs.forEach((input, i) => changes.add(input.prevout, coins[i] as Coin));
  }
  return ok(changes.delta());
}
