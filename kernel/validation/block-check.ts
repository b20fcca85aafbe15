import { toDisplayHex } from '../encoding/hex.js';
import { equalBytes } from '../encoding/bytes.js';
import { blockHash } from '../primitives/block.js';
import { WITNESS_SCALE_FACTOR, blockBaseSize } from '../primitives/size.js';
import { isCoinbase, txid } from '../primitives/transaction.js';
import type { Block, BlockHeader } from '../primitives/types.js';
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
  if (
    txs.length === 0 ||
    txs.length * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT ||
    blockBaseSize(block) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
  ) {
    return err({ reason: 'bad-blk-length', debug: 'size limits failed' });
  }
  const first = txs[0];
  if (first === undefined || !isCoinbase(first)) {
    return err({ reason: 'bad-cb-missing', debug: 'first tx is not coinbase' });
  }
  if (txs.slice(1).some(isCoinbase)) return err({ reason: 'bad-cb-multiple', debug: 'more than one coinbase' });

  for (const tx of txs) {
    const checked = checkTransaction(tx);
    if (!checked.ok) {
      const debug = `Transaction check failed (tx hash ${toDisplayHex(txid(tx))}) ${checked.error.debug}`;
      return err({ reason: checked.error.reason, debug });
    }
  }

  let sigOps = 0;
  for (const tx of txs) sigOps += getLegacySigOpCount(tx);
  if (sigOps * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
    return err({ reason: 'bad-blk-sigops', debug: 'out-of-bounds SigOpCount' });
  }
  return ok(undefined);
}
