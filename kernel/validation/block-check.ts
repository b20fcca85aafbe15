/**
 * Core's CheckBlockHeader and CheckBlock (src/validation.cpp): the context-free rules of a block,
 * in Core's order and with Core's reject reasons (SPEC.md §5.2). The limits and the coinbase
 * placement are small functions of their own so that they are proved at their exact boundaries
 * (proofs/block-check.proof.ts; CheckBlockHeader in proofs/block-header.proof.ts; the Merkle root
 * in proofs/merkle.proof.ts; CheckTransaction in proofs/tx-check.proof.ts). Tests: Core's and
 * bcoin's blocks in test/blocks.test.ts, test/connect-block.test.ts.
 */
import { toDisplayHex } from '../encoding/hex.js';
import { equalBytes } from '../encoding/bytes.js';
import { blockHash } from '../primitives/block.js';
import { WITNESS_SCALE_FACTOR, blockBaseSize } from '../primitives/size.js';
import { isCoinbase, txid } from '../primitives/transaction.js';
import type { Block, BlockHeader, Transaction } from '../primitives/types.js';
import { type Result, err, ok } from '../result.js';
import { getLegacySigOpCount } from '../script/sigops.js';
import type { BlockValidationError } from './errors.js';
import { MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT } from './limits.js';
import { blockMerkleRoot } from './merkle.js';
import { checkProofOfWork } from './pow.js';
import { checkTransaction } from './tx-check.js';

export interface CheckBlockOptions {
  /** Core's fCheckPOW (default true). */
  readonly checkPow?: boolean;
  /** Core's fCheckMerkleRoot (default true). */
  readonly checkMerkleRoot?: boolean;
}

/** Core's CheckBlockHeader: the header's hash meets its own `bits`, within `powLimit` (SPEC.md §5.2). */
export function checkBlockHeader(header: BlockHeader, powLimit: bigint): Result<void, BlockValidationError> {
  if (!checkProofOfWork(blockHash(header), header.bits, powLimit)) {
    return err({ reason: 'high-hash', debug: 'proof of work failed' });
  }
  return ok(undefined);
}

/**
 * Core's CheckBlock: every context-free rule of a block, in Core's order and with Core's reject
 * reasons: proof of work, Merkle root and its mutation, size limits, one coinbase and first,
 * each transaction's CheckTransaction, the legacy sigop limit (SPEC.md §5.2).
 *
 * @example
 * ```ts
 * import { NETWORKS, checkBlock, createGenesisBlock } from 'bllvm-ts';
 * const genesis = createGenesisBlock(NETWORKS.main.genesis);
 * checkBlock(genesis, NETWORKS.main.consensus.powLimit).ok; // => true
 * const tampered = { ...genesis, header: { ...genesis.header, nonce: genesis.header.nonce + 1 } };
 * checkBlock(tampered, NETWORKS.main.consensus.powLimit); // => { ok: false, error: { reason: 'high-hash', debug: 'proof of work failed' } }
 * ```
 */
export function checkBlock(
  block: Block,
  powLimit: bigint,
  options: CheckBlockOptions = {},
): Result<void, BlockValidationError> {
  if (options.checkPow ?? true) {
    const header = checkBlockHeader(block.header, powLimit);
    if (!header.ok) return header;
  }
  if (options.checkMerkleRoot ?? true) {
    const { root, mutated } = blockMerkleRoot(block);
    if (!equalBytes(root, block.header.merkleRoot)) {
      return err({ reason: 'bad-txnmrklroot', debug: 'hashMerkleRoot mismatch' });
    }
    if (mutated) return err({ reason: 'bad-txns-duplicate', debug: 'duplicate transaction' });
  }

  const txs = block.transactions;
  const size = checkBlockSizeLimits(txs.length, blockBaseSize(block));
  if (!size.ok) return size;
  const coinbase = checkCoinbasePlacement(txs);
  if (!coinbase.ok) return coinbase;

  for (const tx of txs) {
    const checked = checkTransaction(tx);
    if (!checked.ok) {
      const debug = `Transaction check failed (tx hash ${toDisplayHex(txid(tx))}) ${checked.error.debug}`;
      return err({ reason: checked.error.reason, debug });
    }
  }

  return checkBlockSigOpsLimit(blockLegacySigOpCount(txs));
}

/**
 * CheckBlock's legacy sigop count: GetLegacySigOpCount of every transaction (its scriptSigs and
 * scriptPubKeys, multisig counted as 20), added up (SPEC.md §5.2). Proofs: proofs/block-check.proof.ts.
 */
export function blockLegacySigOpCount(txs: readonly Transaction[]): number {
  let sigOps = 0;
  for (const tx of txs) sigOps += getLegacySigOpCount(tx);
  return sigOps;
}

/**
 * CheckBlock's size limits: at least one transaction, and the transaction count and the size
 * without witnesses each within MAX_BLOCK_WEIGHT once scaled by WITNESS_SCALE_FACTOR
 * (bad-blk-length) (SPEC.md §5.2).
 */
export function checkBlockSizeLimits(txCount: number, baseSize: number): Result<void, BlockValidationError> {
  if (txCount === 0 || txCount * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT || baseSize * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
    return err({ reason: 'bad-blk-length', debug: 'size limits failed' });
  }
  return ok(undefined);
}

/** CheckBlock: the first transaction is the coinbase (bad-cb-missing) and no other is (bad-cb-multiple) (SPEC.md §5.2). */
export function checkCoinbasePlacement(txs: readonly Transaction[]): Result<void, BlockValidationError> {
  const first = txs[0];
  if (first === undefined || !isCoinbase(first)) {
    return err({ reason: 'bad-cb-missing', debug: 'first tx is not coinbase' });
  }
  for (let i = 1; i < txs.length; i++) {
    if (isCoinbase(txs[i] as Transaction)) return err({ reason: 'bad-cb-multiple', debug: 'more than one coinbase' });
  }
  return ok(undefined);
}

/** CheckBlock's legacy sigop limit: the count scaled by WITNESS_SCALE_FACTOR within MAX_BLOCK_SIGOPS_COST (bad-blk-sigops) (SPEC.md §5.2). */
export function checkBlockSigOpsLimit(sigOps: number): Result<void, BlockValidationError> {
  if (sigOps * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
    return err({ reason: 'bad-blk-sigops', debug: 'out-of-bounds SigOpCount' });
  }
  return ok(undefined);
}
