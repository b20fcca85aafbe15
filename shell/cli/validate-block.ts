import { readFile } from 'node:fs/promises';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import {
  type Block,
  type BlockValidationError,
  type Coin,
  NETWORKS,
  blockHash,
  blockTotalSize,
  blockWeight,
  checkBlock,
  connectBlock,
  contextualCheckBlock,
  decodeBlock,
  getCoinbaseHeight,
  toDisplayHex,
  utxoSetView,
} from '../../kernel/index.js';
import { getWitnessCommitmentIndex } from "../../kernel/validation/witness-commitment.js";
import { equalBytes } from "../../kernel/encoding/bytes.js";
import { blockMerkleRoot } from "../../kernel/validation/merkle.js";
import { SCRIPT_FLAG_NAMES } from "../../kernel/script/flags.js";
import { parseUndoFile, undoView } from '../chain/undo-file.js';
import type { NetworkName } from '../../kernel/chain/params.js';

/** What `bllvm validate-block` reports (one JSON object with --json). */
export interface BlockReport {
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
  readonly ms?: number;
  readonly skipped?: readonly string[];
  readonly valid: boolean;
  readonly error?: string;
}

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_UNREADABLE = 2;

/** What no run of this command can check: the parent's median time past needs the chain. */
const ALWAYS_SKIPPED = ["BIP113 finality against the parent's median time past (unknown without the chain: the block's own time is used)"];
const SKIPPED_WITHOUT_UNDO = ['inputs present and unspent', 'input scripts', 'fees and coinbase amount', 'sigop cost', 'BIP30', 'BIP68 sequence locks', 'coinbase maturity'];
const SKIPPED_WITH_UNDO = ['coinbase maturity and BIP68 sequence locks (the undo records carry no coin heights)'];

function print(report: BlockReport, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else for (const [key, value] of Object.entries(report)) process.stdout.write(`${key}: ${Array.isArray(value) ? value.join('; ') : String(value)}\n`);
}

function flagNames(flags: number): string {
  return Object.entries(SCRIPT_FLAG_NAMES)
    .filter(([, bit]) => bit !== 0 && (flags & bit) === bit)
    .map(([name]) => name)
    .join(',');
}

async function readInput(path: string): Promise<Uint8Array | string> {
  try {
    return await readFile(path);
  } catch (e) {
    return `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/**
 * `bllvm validate-block`: decode a raw block and run the kernel's checks on it: CheckBlock and the
 * contextual checks its height allows; with --undo, the whole of connectBlock on the coins the
 * undo file gives (scripts included).
 */
export interface ValidateBlockOptions {
  readonly network: NetworkName;
  readonly block: string;
  readonly undo?: string;
  readonly height?: number;
  readonly json: boolean;
}

export async function validateBlockCommand(options: ValidateBlockOptions): Promise<number> {
  const { json, network } = options;
  const givenHeight = options.height;
  const bytes = await readInput(options.block);
  if (typeof bytes === 'string') {
    print({ valid: false, error: bytes }, json);
    return EXIT_UNREADABLE;
  }
  const decoded = decodeBlock(bytes);
  if (!decoded.ok) {
    print({ valid: false, error: `${decoded.error.code} (at byte ${decoded.error.offset})` }, json);
    return EXIT_UNREADABLE;
  }
  const block = decoded.value;
  let undo: Map<string, Coin> | undefined;
  if (options.undo !== undefined) {
    const undoBytes = await readInput(options.undo);
    const parsed = typeof undoBytes === 'string' ? undoBytes : parseUndoFile(undoBytes);
    const view = typeof parsed === 'string' ? parsed : parsed.ok ? undoView(block, parsed.value) : `undo file: ${parsed.error.code}`;
    if (typeof view === 'string' || !view.ok) {
      print({ valid: false, error: typeof view === 'string' ? view : view.error }, json);
      return EXIT_UNREADABLE;
    }
    undo = view.value;
  }

  const { consensus } = NETWORKS[network];
  // BIP34 heights are committed from version 2 on; earlier coinbases may start with any push.
  const height = givenHeight ?? (block.header.version >= 2 ? getCoinbaseHeight(block) : undefined);
  const started = performance.now();
  const result = validate(block, height, undo, network);
  const ms = Math.round((performance.now() - started) * 10) / 10;
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
    ms,
    skipped: [...ALWAYS_SKIPPED, ...(height === undefined ? ['contextual checks (height unknown: pass --height)'] : []), ...(undo === undefined ? SKIPPED_WITHOUT_UNDO : SKIPPED_WITH_UNDO)],
    valid: result.error === undefined,
    ...(result.error === undefined ? {} : { error: result.error.reason }),
  };
  print(report, json);
  return result.error === undefined ? EXIT_VALID : EXIT_INVALID;
}

interface Validation {
  readonly error?: BlockValidationError;
  readonly contextualDone: boolean;
  readonly connected?: Pick<BlockReport, 'fees' | 'sigopsCost' | 'inputsChecked' | 'scriptFlags'>;
}

function validate(block: Block, height: number | undefined, undo: Map<string, Coin> | undefined, network: keyof typeof NETWORKS): Validation {
  const { consensus } = NETWORKS[network];
  const checked = checkBlock(block, consensus.powLimit);
  if (!checked.ok) return { error: checked.error, contextualDone: false };
  if (height === undefined) return { contextualDone: false };
  const position = { height, prevMedianTimePast: block.header.time - 1 };
  if (undo === undefined) {
    const contextual = contextualCheckBlock(block, position, consensus);
    return contextual.ok ? { contextualDone: true } : { error: contextual.error, contextualDone: false };
  }
  const connected = connectBlock(utxoSetView(undo), block, {
    ...position,
    params: consensus,
    medianTimePastAt: () => 0,
    backend: DEFAULT_BACKEND,
  });
  if (!connected.ok) return { error: connected.error, contextualDone: false };
  const { fees, sigopsCost, inputsChecked, scriptFlags } = connected.value;
  return { contextualDone: true, connected: { fees: fees.toString(), sigopsCost, inputsChecked, scriptFlags: flagNames(scriptFlags) } };
}
