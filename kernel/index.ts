/**
 * The bllvm-ts kernel's public API: pure Bitcoin consensus functions (docs/SPEC.md,
 * docs/ARCHITECTURE.md). The root holds the entry points, grouped by area; opcode and flag tables
 * are namespaces (`opcodes.OP_CHECKSIG`, `scriptFlags.SCRIPT_VERIFY_P2SH`). Every kernel module
 * is also importable on its own, with the helpers the proofs use:
 * `import { clampTimespan } from 'bllvm-ts/kernel/chain/retarget.js'`.
 *
 * Nothing here throws on invalid input: decoders and checks return a {@link Result} whose error
 * carries Bitcoin Core's message or reject reason.
 */

// Results: `{ ok: true, value } | { ok: false, error }`.
export type { Result } from './result.js';

// Codecs: hex, transactions and blocks (BIP144), sizes and weight (BIP141) (SPEC.md §1-§2).
export { toHex, fromHex, toDisplayHex, fromDisplayHex } from './encoding/hex.js';
export type { DecodeError, DecodeErrorCode } from './encoding/errors.js';
export type { OutPoint, TxIn, TxOut, Transaction, BlockHeader, Block } from './primitives/types.js';
export { decodeTransaction, encodeTransaction, txid, wtxid, isCoinbase, hasWitness, serializeTxOut } from './primitives/transaction.js';
export { decodeBlock, decodeBlockHeader, encodeBlock, encodeBlockHeader, blockHash } from './primitives/block.js';
export { txWeight, txTotalSize, txBaseSize, blockWeight, blockTotalSize, blockBaseSize, vsizeOf } from './primitives/size.js';

// Hashes (SPEC.md §1).
export { sha256, sha256d, hash160, taggedHash } from './crypto/hashes.js';

// Validation: context-free checks, contextual checks, connecting blocks (SPEC.md §4-§5).
export type { TxRejectReason, BlockRejectReason, TxValidationError, BlockValidationError, ValidationError } from './validation/errors.js';
export { checkTransaction } from './validation/tx-check.js';
export { type CheckBlockOptions, checkBlockHeader, checkBlock } from './validation/block-check.js';
export { type BlockPosition, contextualCheckBlock } from './validation/contextual-check.js';
export {
  type ConnectContext,
  type ConnectedBlock,
  type BlockUndo,
  type ScriptCheck,
  type DisconnectError,
  connectBlock,
  disconnectBlock,
  runScriptCheck,
} from './validation/connect-block.js';
export { getBlockScriptFlags } from './validation/script-flags.js';
export { COIN, MAX_MONEY, moneyRange } from './validation/money.js';
export { getBlockSubsidy } from './validation/subsidy.js';
export { getCoinbaseHeight } from './validation/bip34.js';
export { isFinalTx, calculateSequenceLocks, evaluateSequenceLocks } from './validation/locktime.js';

// Script: the interpreter, signature checking and hashing (SPEC.md §3).
export { verifyScript } from './script/verify.js';
export type { ScriptError } from './script/errors.js';
export { scriptErrorString } from './script/errors.js';
export { type PrecomputedTransactionData, precomputeTransactionData, signatureHash } from './script/sighash.js';
export { createTransactionSignatureChecker } from './script/tx-checker.js';
export { getTransactionSigOpCost } from './script/sigops.js';
export { parseAsm } from './script/asm.js';
export * as opcodes from './script/opcodes.js';
export * as scriptFlags from './script/flags.js';

// Signatures: the secp256k1 backend connectBlock and verifyScript call (SPEC.md §3.5-§3.9).
// tinySecp256k1Backend (WASM) is not in the root, so browser bundles never reach its .wasm import: import it
// from 'bllvm-ts/kernel/crypto/tiny-secp256k1-backend' (README "In the browser").
export { type Secp256k1Backend, DEFAULT_BACKEND, nobleBackend } from './crypto/secp256k1.js';

// Chain: network parameters, genesis, the header chain, the UTXO set (SPEC.md §6-§7).
export { type NetworkName, type ChainParams, type ConsensusParams, NETWORKS, isNetworkName } from './chain/params.js';
export { createGenesisBlock, genesisHash } from './chain/genesis.js';
export {
  type HeaderEntry,
  type Reorg,
  genesisEntry,
  acceptHeader,
  getMedianTimePast,
  getNextWorkRequired,
  findReorg,
  hasMoreWork,
} from './chain/header-chain.js';
export {
  type Coin,
  type CoinView,
  type UtxoSet,
  type UtxoDelta,
  outpointKey,
  utxoSetView,
  applyUtxoDelta,
  invertUtxoDelta,
} from './chain/utxo.js';

// UTXO commitments, peer consensus and the spam filter (SPEC.md §8-§10).
export { type UtxoCommitmentState, EMPTY_UTXO_STATE, applyUtxoDeltaToState, commitmentOf } from './commitments/utxo-state.js';
export { type UtxoCommitment, commitmentDigest } from './commitments/commitment.js';
export { proveTreeKey, verifyTreeProof } from './commitments/tree-proof.js';
export * as muhash from './commitments/muhash.js';
export { type PeerAnswer, type ConsensusRules, DEFAULT_CONSENSUS_RULES, findPeerConsensus } from './consensus/peer-consensus.js';
export { type SpamFilterConfig, SPAM_FILTER_PRESETS } from './spam/config.js';
export { classifyTransaction } from './spam/classify.js';
export { filterBlock } from './spam/filtered-block.js';
