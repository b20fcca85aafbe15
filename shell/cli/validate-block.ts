/**
 * `bllvm validate-block`: decode a raw block and run the kernel's checks on it: CheckBlock and the
 * contextual checks its height allows; with --undo, the whole of connectBlock on the coins the
 * undo file gives (scripts included). Exit 0 valid, 1 invalid (Core's reason), 2 unreadable input
 * or arguments that cannot apply (the message names the option). Tested by test/cli.test.ts.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { blockHash, decodeBlock } from '../../kernel/primitives/block.js';
import { blockTotalSize, blockWeight } from '../../kernel/primitives/size.js';
import type { Block } from '../../kernel/primitives/types.js';
import { SCRIPT_FLAG_NAMES } from '../../kernel/script/flags.js';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';
import { type Coin, utxoSetView } from '../../kernel/chain/utxo.js';
import { getCoinbaseHeight } from '../../kernel/validation/bip34.js';
import { checkBlock } from '../../kernel/validation/block-check.js';
import { connectBlock } from '../../kernel/validation/connect-block.js';
import { contextualCheckBlock } from '../../kernel/validation/contextual-check.js';
import type { BlockValidationError } from '../../kernel/validation/errors.js';
import { blockMerkleRoot } from '../../kernel/validation/merkle.js';
import { getWitnessCommitmentIndex } from '../../kernel/validation/witness-commitment.js';
import { WindowedFile } from '../chain/file-reader.js';
import { POOL_MIN_INPUTS, inputsToCheck } from '../chain/connect-chain.js';
import { type BackendSelection, selectSecp256k1Backend } from '../crypto/select-backend.js';
import { ScriptCheckPool } from '../workers/script-pool.js';
import { UNDO_WINDOW_BYTES, readUndoRecords, spentInputCount, undoView } from '../chain/undo-file.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printReport } from './output.js';

/** What `bllvm validate-block` reports (one JSON object with --json). */
export type BlockReport = {
  readonly hash?: string;
  readonly height?: number;
  readonly txCount?: number;
  readonly size?: number;
  readonly weight?: number;
  readonly merkleRootValid?: boolean;
  readonly witnessCommitmentValid?: boolean;
  readonly fees?: string;
  readonly sigopsCost?: number;
  readonly inputsChecked?: number;
  readonly scriptFlags?: string;
  /** With --undo: the secp256k1 backend that verified the signatures, and the script-check worker threads (0: the main thread). */
  readonly signatureBackend?: string;
  readonly scriptThreads?: number;
  readonly ms?: number;
  readonly skipped?: readonly string[];
  readonly valid: boolean;
  readonly error?: string;
};


/** What no run of this command can check: the parent's median time past needs the chain. */
const ALWAYS_SKIPPED = ["BIP113 finality against the parent's median time past (unknown without the chain: the block's own time is used)"];
const SKIPPED_WITHOUT_UNDO = ['inputs present and unspent', 'input scripts', 'fees and coinbase amount', 'sigop cost', 'BIP30', 'BIP68 sequence locks', 'coinbase maturity'];
const SKIPPED_WITH_UNDO = ['coinbase maturity and BIP68 sequence locks (the undo records carry no coin heights)'];

function flagNames(flags: number): string {
  return Object.entries(SCRIPT_FLAG_NAMES)
    .filter(([, bit]) => bit !== 0 && (flags & bit) === bit)
    .map(([name]) => name)
    .join(',');
}

/** A --undo file's coins for `block`: only the records its inputs need are read. */
async function readUndo(path: string, block: Block): Promise<Map<string, Coin> | string> {
  let file: WindowedFile;
  try {
    file = await WindowedFile.open(path, undefined, UNDO_WINDOW_BYTES);
  } catch (e) {
    return `--undo ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    const records = await readUndoRecords(file, spentInputCount(block));
    const view = records.ok ? undoView(block, records.value) : records;
    return view.ok ? view.value : `--undo ${path}: ${view.error}`;
  } finally {
    await file.close();
  }
}

/** The options of `bllvm validate-block` (shell/cli/main.ts defines them). */
export interface ValidateBlockOptions {
  readonly network: NetworkName;
  readonly block: string;
  readonly undo?: string;
  readonly height?: number;
  /** Worker threads for script checks with --undo (0: the main thread; default: the number of cores). */
  readonly scriptThreads?: number;
  readonly json: boolean;
}

export async function validateBlockCommand(options: ValidateBlockOptions): Promise<number> {
  const { json, network } = options;
  const unreadable = (message: string): number => {
    process.stderr.write(`bllvm validate-block: ${message}\n`);
    if (json) printReport({ valid: false, error: message }, json);
    return EXIT_USAGE;
  };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.block);
  } catch (e) {
    return unreadable(`--block ${options.block}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const decoded = decodeBlock(bytes);
  if (!decoded.ok) return unreadable(`--block ${options.block}: does not decode: ${decoded.error.code} (at byte ${decoded.error.offset})`);
  const block = decoded.value;

  // BIP34 heights are committed from version 2 on; earlier coinbases may start with any push.
  const height = options.height ?? (block.header.version >= 2 ? getCoinbaseHeight(block) : undefined);
  let undo: Map<string, Coin> | undefined;
  if (options.undo !== undefined) {
    // Without a height ConnectBlock cannot run (script flags, subsidy, BIP34/30 depend on it): refuse rather than skip it.
    if (height === undefined) return unreadable(`--undo needs --height: the block does not state its height (version ${block.header.version}; BIP34 puts it in the coinbase from version 2 on)`);
    // Core's ConnectBlock does not connect the genesis block's transactions: nothing would be checked.
    if (height === 0) return unreadable('--undo does not apply at --height 0: the genesis block is never connected (Core skips its transactions)');
    const view = await readUndo(options.undo, block);
    if (typeof view === 'string') return unreadable(view);
    undo = view;
  }

  let selection: BackendSelection;
  try {
    selection = selectSecp256k1Backend();
  } catch (e) {
    return unreadable((e as Error).message);
  }
  // Script checks on worker threads for a block with enough inputs (started before the clock: thread start-up is not validation).
  const threads = options.scriptThreads ?? os.availableParallelism();
  const scripts = undo !== undefined && threads > 0 && inputsToCheck(block) >= POOL_MIN_INPUTS ? new ScriptCheckPool(threads, selection.kind) : undefined;
  const { consensus } = NETWORKS[network];
  let result: Validation;
  let ms: number;
  try {
    await scripts?.ready();
    const started = performance.now();
    result = await validate(block, height, undo, network, selection.backend, scripts);
    ms = Math.round((performance.now() - started) * 10) / 10;
  } finally {
    await scripts?.close();
  }
  const commitment = height !== undefined && height >= consensus.segwitHeight && getWitnessCommitmentIndex(block) >= 0;
  const witnessFailure = result.error !== undefined && result.error.reason.startsWith('bad-witness');
  const report: BlockReport = {
    hash: toDisplayHex(blockHash(block.header)),
    ...(height === undefined ? {} : { height }),
    txCount: block.transactions.length,
    size: blockTotalSize(block),
    weight: blockWeight(block),
    merkleRootValid: equalBytes(blockMerkleRoot(block).root, block.header.merkleRoot),
    ...(commitment && (result.contextualDone || witnessFailure) ? { witnessCommitmentValid: !witnessFailure } : {}),
    ...result.connected,
    ...(undo === undefined ? {} : { signatureBackend: selection.backend.name, scriptThreads: scripts?.threads ?? 0 }),
    ms,
    skipped: [...ALWAYS_SKIPPED, ...(height === undefined ? ['contextual checks (height unknown: pass --height)'] : []), ...(undo === undefined ? SKIPPED_WITHOUT_UNDO : SKIPPED_WITH_UNDO)],
    valid: result.error === undefined,
    ...(result.error === undefined ? {} : { error: result.error.reason }),
  };
  printReport(report, json);
  return result.error === undefined ? EXIT_OK : EXIT_FAILED;
}

interface Validation {
  readonly error?: BlockValidationError;
  readonly contextualDone: boolean;
  readonly connected?: Pick<BlockReport, 'fees' | 'sigopsCost' | 'inputsChecked' | 'scriptFlags'>;
}

async function validate(
  block: Block,
  height: number | undefined,
  undo: Map<string, Coin> | undefined,
  network: NetworkName,
  backend: Secp256k1Backend,
  scripts: ScriptCheckPool | undefined,
): Promise<Validation> {
  const { consensus } = NETWORKS[network];
  const checked = checkBlock(block, consensus.powLimit);
  if (!checked.ok) return { error: checked.error, contextualDone: false };
  if (height === undefined) return { contextualDone: false };
  const position = { height, prevMedianTimePast: block.header.time - 1 };
  if (undo === undefined) {
    const contextual = contextualCheckBlock(block, position, consensus);
    return contextual.ok ? { contextualDone: true } : { error: contextual.error, contextualDone: false };
  }
  // With workers, each transaction's script checks go to them while the block is connected.
  const stream = scripts?.stream();
  const connected = connectBlock(utxoSetView(undo), block, {
    ...position,
    params: consensus,
    medianTimePastAt: () => 0,
    backend,
    onScriptCheck: stream?.add,
  });
  if (!connected.ok) return { error: connected.error, contextualDone: false };
  if (stream !== undefined) {
    const verified = await stream.finish();
    if (!verified.ok) return { error: verified.error, contextualDone: false };
  }
  const { fees, sigopsCost, inputsChecked, scriptFlags } = connected.value;
  return { contextualDone: true, connected: { fees: fees.toString(), sigopsCost, inputsChecked, scriptFlags: flagNames(scriptFlags) } };
}
