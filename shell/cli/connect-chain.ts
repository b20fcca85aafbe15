/**
 * `bllvm connect-chain`: connect the blocks of blk*.dat files from genesis on an empty UTXO set,
 * reading them as Core's -loadblock / -reindex does (validation.cpp LoadExternalBlockFile): the
 * network magic is searched for (zero padding and garbage skipped), XOR-obfuscated files are read
 * with the key of `xor.dat` beside them (Core 28+) or --xor-key, and blocks arriving before their
 * parent wait for it. The most-work chain is then connected block by block.
 * Exit 0: the chain connected (blocks whose parent never arrived are listed as orphans and, as
 * in Core, skipped); 1: a block fails validation (its height, hash and Core's reason);
 * 2: a file cannot be read, a record does not decode, or no block of the network is found.
 */
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { toDisplayHex, toHex } from '../../kernel/encoding/hex.js';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';
import { genesisEntry } from '../../kernel/chain/header-chain.js';
import { type FoundBlock, indexBlocks } from '../chain/block-index.js';
import { chainConnector } from '../chain/connect-chain.js';
import { WindowedFile } from '../chain/file-reader.js';
import { type BlockPosition, findBlocks, readBlockAt } from '../chain/load-blocks.js';
import { parseXorKey, readXorKeyBeside } from '../chain/xor.js';

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_UNREADABLE = 2;
/** Orphans listed one by one in the report; the rest are counted. */
const ORPHANS_LISTED = 20;

export interface ConnectChainOptions {
  readonly network: NetworkName;
  readonly xorKey?: string;
  readonly json: boolean;
}

type Report = Record<string, unknown>;

function writer(json: boolean): (report: Report) => void {
  return (report) => {
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else for (const [k, v] of Object.entries(report)) process.stdout.write(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  };
}

/** Opens every file with its XOR key (--xor-key, else the xor.dat beside it); a message naming the file when one cannot be. */
async function openFiles(paths: readonly string[], xorKey: string | undefined): Promise<WindowedFile[] | string> {
  let given: Uint8Array | undefined;
  if (xorKey !== undefined) {
    const parsed = parseXorKey(xorKey);
    if (!parsed.ok) return `--xor-key: ${parsed.error}`;
    given = parsed.value;
  }
  const files: WindowedFile[] = [];
  for (const path of paths) {
    const key = given === undefined ? await readXorKeyBeside(path) : { ok: true as const, value: given };
    if (!key.ok) return key.error;
    try {
      files.push(await WindowedFile.open(path, key.value));
    } catch (e) {
      await Promise.all(files.map((f) => f.close()));
      return `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    }
  }
  return files;
}

export async function connectChainCommand(options: ConnectChainOptions, paths: readonly string[]): Promise<number> {
  const { network, json } = options;
  const write = writer(json);
  const unreadable = (message: string): number => {
    process.stderr.write(`bllvm connect-chain: ${message}\n`);
    if (json) write({ valid: false, error: message });
    return EXIT_UNREADABLE;
  };
  const params = NETWORKS[network];
  const files = await openFiles(paths, options.xorKey);
  if (typeof files === 'string') return unreadable(files);
  try {
    const started = performance.now();
    const found: FoundBlock<BlockPosition>[] = [];
    for (const [i, file] of files.entries()) {
      const scanned = await findBlocks(file, i, params.messageStart, (block) => found.push(block));
      if (!scanned.ok) return unreadable(scanned.error);
    }
    if (found.length === 0) {
      return unreadable(`no block with the ${network} network magic ${toHex(params.messageStart)} in ${paths.join(', ')}`);
    }

    const now = Math.floor(Date.now() / 1000);
    const indexed = indexBlocks(found, genesisEntry(params), params.consensus, now);
    if (!indexed.ok) {
      const { block, height, error } = indexed.error;
      const file = files[block.position.file] as WindowedFile;
      write({ valid: false, height, hash: toDisplayHex(block.hash), error: error.reason, debug: error.debug, file: file.path, byte: block.position.magicAt });
      return EXIT_INVALID;
    }
    const { chain, stale, orphans, duplicates } = indexed.value;
    const connector = chainConnector(params, DEFAULT_BACKEND);
    for (const { entry, position } of chain.slice(1)) {
      if (position === undefined) continue; // not reached: only genesis lacks a position
      const file = files[position.file] as WindowedFile;
      const block = await readBlockAt(file, position);
      if (!block.ok) return unreadable(block.error);
      const failure = connector.connect(block.value, entry);
      if (failure !== undefined) {
        write({ valid: false, height: failure.height, hash: toDisplayHex(entry.hash), error: failure.error.reason, debug: failure.error.debug, file: file.path, byte: position.magicAt });
        return EXIT_INVALID;
      }
    }
    const ms = Math.round(performance.now() - started);

    const { state } = connector;
    let total = 0n;
    for (const coin of state.utxos.values()) total += coin.output.value;
    const orphanList = orphans.slice(0, ORPHANS_LISTED).map((o) => ({
      hash: toDisplayHex(o.hash),
      prevHash: toDisplayHex(o.header.prevBlockHash),
      file: (files[o.position.file] as WindowedFile).path,
      byte: o.position.magicAt,
    }));
    if (orphans.length > 0) {
      process.stderr.write(`bllvm connect-chain: ${orphans.length} block(s) whose parent never arrived were not connected (as Core's -loadblock skips them); first: ${orphanList[0]?.hash} in ${orphanList[0]?.file} at byte ${orphanList[0]?.byte}\n`);
    }
    write({
      valid: true,
      blocks: state.blocks,
      tipHash: toDisplayHex(state.tip.hash),
      tipHeight: state.tip.height,
      utxoCount: state.utxos.size,
      totalAmount: total.toString(),
      ...(stale > 0 ? { staleBlocks: stale } : {}),
      ...(duplicates > 0 ? { duplicateBlocks: duplicates } : {}),
      ...(orphans.length > 0 ? { orphanBlocks: orphans.length, orphans: orphanList } : {}),
      ms,
    });
    return EXIT_VALID;
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}
