import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  NETWORKS,
  blockHash,
  blockMerkleRoot,
  blockTotalSize,
  blockWeight,
  checkBlock,
  checkWitnessCommitment,
  decodeBlock,
  equalBytes,
  getCoinbaseHeight,
  getWitnessCommitmentIndex,
  isNetworkName,
  toDisplayHex,
} from '../../kernel/index.js';

/** What `bllvm validate-block` reports (one JSON object with --json). */
export interface BlockReport {
  readonly hash?: string;
  readonly height?: number;
  readonly txCount?: number;
  readonly size?: number;
  readonly weight?: number;
  readonly merkleRootValid?: boolean;
  readonly witnessCommitmentValid?: boolean;
  readonly valid: boolean;
  readonly error?: string;
}

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_UNREADABLE = 2;

function print(report: BlockReport, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else for (const [key, value] of Object.entries(report)) process.stdout.write(`${key}: ${String(value)}\n`);
}

/** `bllvm validate-block`: decode a raw block and run the kernel's context-free checks on it. */
export async function validateBlockCommand(args: readonly string[]): Promise<number> {
  let options: { network?: string; block?: string; json?: boolean };
  try {
    options = parseArgs({
      args: [...args],
      options: { network: { type: 'string', default: 'main' }, block: { type: 'string' }, json: { type: 'boolean', default: false } },
    }).values;
  } catch (e) {
    process.stderr.write(`validate-block: ${(e as Error).message}\n`);
    return EXIT_UNREADABLE;
  }
  const json = options.json ?? false;
  const network = options.network ?? 'main';
  if (!isNetworkName(network) || options.block === undefined) {
    process.stderr.write('usage: bllvm validate-block --network main|testnet3|testnet4|signet|regtest --block FILE [--json]\n');
    return EXIT_UNREADABLE;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.block);
  } catch (e) {
    print({ valid: false, error: `cannot read ${options.block}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` }, json);
    return EXIT_UNREADABLE;
  }
  const decoded = decodeBlock(bytes);
  if (!decoded.ok) {
    print({ valid: false, error: `${decoded.error.code} (at byte ${decoded.error.offset})` }, json);
    return EXIT_UNREADABLE;
  }

  const block = decoded.value;
  const { consensus } = NETWORKS[network];
  // BIP34 heights are committed from version 2 on; earlier coinbases may start with any push.
  const height = block.header.version >= 2 ? getCoinbaseHeight(block) : undefined;
  const segwitActive = height !== undefined && height >= consensus.segwitHeight;
  const checked = checkBlock(block, consensus.powLimit);
  const witness = checkWitnessCommitment(block, segwitActive);
  const failure = !checked.ok ? checked.error : !witness.ok ? witness.error : undefined;
  const report: BlockReport = {
    hash: toDisplayHex(blockHash(block.header)),
    ...(height === undefined ? {} : { height }),
    txCount: block.transactions.length,
    size: blockTotalSize(block),
    weight: blockWeight(block),
    merkleRootValid: equalBytes(blockMerkleRoot(block).root, block.header.merkleRoot),
    ...(segwitActive && getWitnessCommitmentIndex(block) >= 0 ? { witnessCommitmentValid: witness.ok } : {}),
    valid: failure === undefined,
    ...(failure === undefined ? {} : { error: failure.reason }),
  };
  print(report, json);
  return failure === undefined ? EXIT_VALID : EXIT_INVALID;
}
