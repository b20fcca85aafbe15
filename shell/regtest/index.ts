/**
 * The regtest chain builder (issue 5): deterministic regtest chains with real signed
 * transactions of every common script kind, for connectBlock tests, properties, the commitment
 * and network tests, and `bllvm regtest-mine` (shell/cli/regtest-mine.ts), which extends a
 * node's chain with its blocks (issue 12). Connecting built chains in memory and classifying
 * their inputs is test code: test/support/regtest/connect.ts.
 *
 *   const chain = buildRegtestChain({ seed: 'x', blocks: 300 });   // RegtestChainBuilder
 *   buildRegtestChain({ seed, blocks, fanOut: { outputs, spendAfter, spendBack, inputsPerSpend } })  // plus per block a fan-out to many coins, spent back later (bench/fastsync.ts)
 *   chain.blocks[h].block / .raw / .hash / .composition            // kernel Block, bytes, hash, what it holds
 *   chain.medianTimePast(h), chain.wallet, chain.walletTotals()    // context and the builder's own UTXO bookkeeping
 *   const fork = chain.forkAt(250, 'other seed').mine(60);         // a fork from block 250 with another seed
 *   toBlkFile(chain.blocks)                                        // blk*.dat framing for `bllvm connect-chain`
 *   chain.candidateBlock(txs, coinbaseValue)                       // a block on the tip that is not added (for invalid cases)
 *   signTransaction(unsigned, walletCoins)                         // sign a crafted transaction with the wallet's keys
 *   remine(block)                                                  // redo the commitments and nonce after changing a block
 *
 * The builder serializes, hashes and signs with its own code (encoding.ts), not the kernel's:
 * only the genesis block, the outpoint key format, the types and the secp256k1 backend are shared.
 */
export {
  type BlockComposition,
  type BuilderOptions,
  type FanOutOptions,
  type BuiltBlock,
  type WalletCoin,
  type AssembleOptions,
  RegtestChainBuilder,
  assembleBlock,
  buildRegtestChain,
  signTransaction,
  remine,
  toBlkFile,
  totalComposition,
} from './builder.js';
export { type KeyPair, type Lock, type SpendKind, SPEND_KINDS, deriveKey } from './locks.js';
export { Prng } from './prng.js';
export * as regtestEncoding from './encoding.js';
