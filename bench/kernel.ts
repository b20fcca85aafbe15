/**
 * Kernel benchmarks on Bitcoin Core's own benchmark block (block 413567: 1,557 txs, 999,887
 * bytes): decode, CheckBlock, encode, txids, Merkle root.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { toDisplayHex } from '../kernel/encoding/hex.js';
import { blockHash, decodeBlock, encodeBlock } from '../kernel/primitives/block.js';
import { txid } from '../kernel/primitives/transaction.js';
import type { Block } from '../kernel/primitives/types.js';
import { checkBlock } from '../kernel/validation/block-check.js';
import { blockMerkleRoot } from '../kernel/validation/merkle.js';
import { type Stats, measure } from './stats.js';

const BLOCK_FILE = '../test/vectors/bitcoin-core/block413567.raw';
const EXPECTED_HASH = '0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069';
const POW_LIMIT = NETWORKS.main.consensus.powLimit;

function mustDecode(bytes: Uint8Array): Block {
  const decoded = decodeBlock(bytes);
  if (!decoded.ok) throw new Error(`block413567 failed to decode: ${decoded.error.code} at ${decoded.error.offset}`);
  return decoded.value;
}

export interface KernelBench {
  readonly blockBytes: number;
  readonly txs: number;
  readonly coldDecodeAndCheckMs: number;
  readonly results: readonly Stats[];
}

/** Times decode, CheckBlock, encode, txids and the Merkle root of block 413567. */
export function benchKernel(iterations: number, warmup: number): KernelBench {
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(BLOCK_FILE, import.meta.url))));

  // One cold call first (no JIT warm-up yet), reported apart from the timed runs.
  const coldStart = performance.now();
  const cold = checkBlock(mustDecode(bytes), POW_LIMIT);
  const coldMs = performance.now() - coldStart;
  if (!cold.ok) throw new Error(`checkBlock rejected block413567: ${cold.error.reason}`);

  // Sanity: the benchmark is only meaningful if the kernel gets this block right.
  const block = mustDecode(bytes);
  const hash = toDisplayHex(blockHash(block.header));
  if (hash !== EXPECTED_HASH) throw new Error(`unexpected block hash ${hash}`);
  const checked = checkBlock(block, POW_LIMIT);
  if (!checked.ok) throw new Error(`checkBlock rejected block413567: ${checked.error.reason}`);
  if (!equalBytes(encodeBlock(block), bytes)) throw new Error('encodeBlock does not reproduce the block bytes');
  if (!equalBytes(blockMerkleRoot(block).root, block.header.merkleRoot)) throw new Error('Merkle root mismatch');

  const results: Stats[] = [
    measure(
      'decode + checkBlock',
      () => {
        const b = mustDecode(bytes);
        const r = checkBlock(b, POW_LIMIT);
        if (!r.ok) throw new Error(r.error.reason);
        return r;
      },
      iterations,
      warmup,
    ),
    measure('decodeBlock', () => mustDecode(bytes), iterations, warmup),
    measure('checkBlock (decoded)', () => checkBlock(block, POW_LIMIT), iterations, warmup),
    measure('encodeBlock', () => encodeBlock(block), iterations, warmup),
    measure('txid x 1557', () => block.transactions.map(txid), iterations, warmup),
    measure('blockMerkleRoot', () => blockMerkleRoot(block), iterations, warmup),
  ];
  return { blockBytes: bytes.length, txs: block.transactions.length, coldDecodeAndCheckMs: coldMs, results };
}
