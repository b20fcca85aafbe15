/** The bllvm-ts kernel's public API: pure consensus functions (see docs/SPEC.md). */
export { type Result, ok, err } from './result.js';

export { toHex, fromHex, toDisplayHex, fromDisplayHex } from './encoding/hex.js';
export { equalBytes, concatBytes } from './encoding/bytes.js';
export { MAX_SIZE, compactSizeWidth, decodeCompactSize, encodeCompactSize, isCanonicalCompactSize } from './encoding/compact-size.js';
export type { DecodeError, DecodeErrorCode } from './encoding/errors.js';
export { ByteReader, decodeExact, decodePrefix } from './encoding/reader.js';
export { ByteWriter } from './encoding/writer.js';

export { sha256, sha256d, ripemd160, hash160, taggedHash } from './crypto/hashes.js';

export type { OutPoint, TxIn, TxOut, Transaction, BlockHeader, Block } from './primitives/types.js';
export {
  decodeTransaction,
  encodeTransaction,
  readTransaction,
  writeTransaction,
  txid,
  wtxid,
  isCoinbase,
  isNullOutPoint,
  hasWitness,
} from './primitives/transaction.js';
export {
  BLOCK_HEADER_SIZE,
  decodeBlock,
  decodeBlockHeader,
  encodeBlock,
  encodeBlockHeader,
  readBlock,
  readBlockHeader,
  blockHash,
} from './primitives/block.js';
export {
  WITNESS_SCALE_FACTOR,
  txBaseSize,
  txTotalSize,
  txWeight,
  weightOf,
  vsizeOf,
  blockBaseSize,
  blockTotalSize,
  blockWeight,
} from './primitives/size.js';

export { encodeScriptNum, decodeScriptNum, type ScriptNumError } from './script/number.js';
export { pushData, pushInt } from './script/build.js';
export { readScriptOp, type ScriptOp } from './script/parse.js';
export * from './script/opcodes.js';
export { parseAsm } from './script/asm.js';
export {
  getSigOpCount,
  getLegacySigOpCount,
  getP2shSigOpCount,
  countWitnessSigOps,
  getTransactionSigOpCost,
} from './script/sigops.js';
export { MAX_SCRIPT_ELEMENT_SIZE, MAX_OPS_PER_SCRIPT, MAX_PUBKEYS_PER_MULTISIG, MAX_SCRIPT_SIZE, MAX_STACK_SIZE } from './script/limits.js';
export { type TapscriptContext, evalScript, castToBool, checkMinimalPush } from './script/interpreter.js';
export { verifyScript } from './script/verify.js';
export type { SigVersion, ScriptExecutionData, SignatureChecker } from './script/checker.js';
export type { ScriptError } from './script/errors.js';
export * from './script/flags.js';
export { findAndDelete } from './script/find-and-delete.js';
export { type WitnessProgram, isPayToScriptHash, getWitnessProgram, isPayToAnchor, isPushOnly } from './script/patterns.js';
export {
  isValidSignatureEncoding,
  isLowDerSignature,
  isDefinedHashtypeSignature,
  checkSignatureEncoding,
  isCompressedOrUncompressedPubKey,
  isCompressedPubKey,
  checkPubKeyEncoding,
} from './script/signature-encoding.js';

export type {
  TxRejectReason,
  BlockRejectReason,
  ValidationError,
  TxValidationError,
  BlockValidationError,
} from './validation/errors.js';
export { COIN, MAX_MONEY, moneyRange } from './validation/money.js';
export { getBlockSubsidy } from './validation/subsidy.js';
export { MAX_BLOCK_SERIALIZED_SIZE, MAX_BLOCK_WEIGHT, MAX_BLOCK_SIGOPS_COST, COINBASE_MATURITY } from './validation/limits.js';
export {
  type CompactTarget,
  decodeCompact,
  encodeCompact,
  hashToUint256,
  deriveTarget,
  checkProofOfWork,
  getBlockProof,
} from './validation/pow.js';
export { type MerkleRoot, computeMerkleRoot, hashPair, blockMerkleRoot, blockWitnessMerkleRoot } from './validation/merkle.js';
export {
  MINIMUM_WITNESS_COMMITMENT,
  type WitnessCommitmentCheck,
  getWitnessCommitmentIndex,
  isWitnessCommitmentScript,
  witnessCommitmentIndex,
  checkWitnessCommitment,
} from './validation/witness-commitment.js';
export { checkTransaction } from './validation/tx-check.js';
export { type CheckBlockOptions, checkBlockHeader, checkBlock } from './validation/block-check.js';
export { coinbaseCommitsHeight, getCoinbaseHeight, readCoinbaseHeight, startsWithHeightPush } from './validation/bip34.js';

export { type GenesisFields, createGenesisBlock, genesisHash } from './chain/genesis.js';
export {
  type NetworkName,
  type Bip9Deployment,
  type ScriptFlagException,
  type ConsensusParams,
  type ChainParams,
  ALWAYS_ACTIVE,
  NO_TIMEOUT,
  NETWORKS,
  isNetworkName,
  difficultyAdjustmentInterval,
  signetMessageStart,
} from './chain/params.js';

export {
  type Coin,
  type CoinView,
  type UtxoSet,
  type UtxoDelta,
  outpointKey,
  isUnspendable,
  utxoSetView,
  applyUtxoDelta,
  invertUtxoDelta,
} from './chain/utxo.js';
export {
  type HeaderEntry,
  type Reorg,
  MEDIAN_TIME_SPAN,
  MAX_FUTURE_BLOCK_TIME,
  MAX_TIMEWARP,
  genesisEntry,
  getAncestor,
  getMedianTimePast,
  getNextWorkRequired,
  contextualCheckBlockHeader,
  acceptHeader,
  findReorg,
  hasMoreWork,
} from './chain/header-chain.js';
export { getBlockScriptFlags } from './validation/script-flags.js';
export { type BlockPosition, contextualCheckBlock } from './validation/contextual-check.js';
export {
  type ConnectContext,
  type ScriptCheck,
  type BlockUndo,
  type ConnectedBlock,
  type DisconnectError,
  runScriptCheck,
  connectBlock,
  disconnectBlock,
} from './validation/connect-block.js';

// Signatures (SPEC.md §3.5-§3.9)
export {
  type Secp256k1Backend,
  type XOnlyTweakResult,
  SECP256K1_N,
  SECP256K1_HALF_N,
  SECP256K1_P,
  nobleBackend,
  tinySecp256k1Backend,
  SECP256K1_BACKENDS,
  DEFAULT_BACKEND,
  normalizeEcdsaPubkey,
} from './crypto/secp256k1.js';
export { parseDerLax, isHighS, normalizeLowS, verifyEcdsaLax, encodeDerSignature } from './crypto/ecdsa.js';
export {
  type PrecomputedTransactionData,
  type TaprootSighashContext,
  precomputeTransactionData,
  legacySignatureHash,
  segwitV0SignatureHash,
  signatureHash,
  taprootSignatureMessage,
  taprootSignatureHash,
} from './script/sighash.js';
export {
  TAPROOT_LEAF_MASK,
  TAPROOT_LEAF_TAPSCRIPT,
  TAPROOT_CONTROL_BASE_SIZE,
  TAPROOT_CONTROL_NODE_SIZE,
  TAPROOT_CONTROL_MAX_NODE_COUNT,
  TAPROOT_CONTROL_MAX_SIZE,
  computeTapleafHash,
  computeTapbranchHash,
  computeTaprootMerkleRoot,
  computeTapTweakHash,
  computeTaprootOutputKey,
  verifyTaprootCommitment,
} from './script/taproot.js';
export { createTransactionSignatureChecker } from './script/tx-checker.js';

// Lock times, relative lock times, retargeting, sighash types and input amounts (SPEC.md §3.4, §4.6-§4.8, §5.4).
export {
  LOCKTIME_THRESHOLD,
  SEQUENCE_FINAL,
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_GRANULARITY,
  type LockTimeTx,
  type SequenceLock,
  type SequenceLockInput,
  isFinalTx,
  inputSequenceLock,
  calculateSequenceLocks,
  evaluateSequenceLocks,
} from './validation/locktime.js';
export { isLockTimeSatisfied, isSequenceSatisfied } from './script/lock-checks.js';
export {
  SIGHASH_ALL,
  SIGHASH_NONE,
  SIGHASH_SINGLE,
  SIGHASH_ANYONECANPAY,
  SIGHASH_DEFAULT,
  SIGHASH_OUTPUT_MASK,
  SIGHASH_INPUT_MASK,
  isDefinedHashType,
  isValidTaprootHashType,
  taprootOutputType,
  taprootInputType,
} from './script/sighash-type.js';
export { type RetargetParams, clampTimespan, retargetTarget, calculateNextWorkRequired } from './chain/retarget.js';
export { checkOutputValues } from './validation/output-values.js';
export { type SpentCoin, type TxInputsRejectReason, isCoinbaseSpendMature, checkTxInputs } from './validation/tx-inputs.js';
