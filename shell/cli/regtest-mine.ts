/**
 * `bllvm regtest-mine` (issue 12): extends a regtest data directory's chain with the regtest
 * builder's blocks (shell/regtest/: real signed transactions of every common script kind,
 * inscriptions, time locks), so a node can serve a rich chain. The builder is deterministic: the
 * chain for a seed is always the same, so mining is resumable. The builder's chain for the seed is
 * built up to the store's tip height + N; the store's tip must be the builder's block at that
 * height (a block hash commits to every block below it, so equal tips mean the whole active chain
 * is a prefix of the builder's; a new store holds genesis only, which every seed shares); then
 * the N blocks above the tip are accepted (headers) and connected one by one with the store's
 * connectTip (the kernel's connectBlock, scripts included, one LMDB transaction per block).
 * Prints the tip, the UTXO count and total amount and the UTXO commitment as `bllvm import` does.
 * Exit 0: mined; 1: the store's chain is not the builder's chain for this seed, or a block fails
 * validation; 2: bad arguments, a data directory of another network, in use, or unreadable.
 * Tested by test/regtest-mine.test.ts.
 */
import { NETWORKS } from '../../kernel/chain/params.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { equalBytes } from '../../kernel/encoding/bytes.js';
import { toDisplayHex } from '../../kernel/encoding/hex.js';
import { buildRegtestChain } from '../regtest/index.js';
import { ChainStore } from '../store/chain-store.js';
import { formatStoreError } from '../store/errors.js';
import { chainDir, commitmentFields } from './import.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printReport } from './output.js';


/** Headers accepted per store transaction (as import-blocks.ts). */
const HEADER_BATCH = 2000;

export interface RegtestMineOptions {
  readonly datadir: string;
  /** Blocks to add on top of the stored tip. */
  readonly blocks: number;
  /** The builder's seed (main.ts's default: 'bllvm'). */
  readonly seed: string;
  readonly json: boolean;
}

export async function regtestMineCommand(options: RegtestMineOptions): Promise<number> {
  const { json, seed } = options;
  const fail = (code: number, message: string): number => {
    process.stderr.write(`bllvm regtest-mine: ${message}\n`);
    if (json) printReport({ valid: false, error: message }, json);
    return code;
  };
  const opened = ChainStore.open(chainDir(options.datadir), { params: NETWORKS.regtest, backend: DEFAULT_BACKEND });
  if (!opened.ok) return fail(EXIT_USAGE, `--datadir ${options.datadir}: ${formatStoreError(opened.error)}`);
  const store = opened.value;
  try {
    const started = performance.now();
    const start = store.tip;
    const target = start.height + options.blocks;
    const chain = buildRegtestChain({ seed, blocks: target });
    const ours = chain.blocks[start.height];
    if (ours === undefined || !equalBytes(ours.hash, start.hash)) {
      return fail(
        EXIT_FAILED,
        `the data directory's chain is not the regtest builder's chain for seed '${seed}': its tip at height ${start.height} is ${toDisplayHex(start.hash)}, ` +
          `the builder's block there is ${ours === undefined ? 'missing' : toDisplayHex(ours.hash)} (mine with the seed that built it, or use a new data directory)`,
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const fresh = chain.blocks.slice(start.height + 1);
    for (let i = 0; i < fresh.length; i += HEADER_BATCH) {
      const accepted = store.acceptHeaders(fresh.slice(i, i + HEADER_BATCH).map((b) => b.block.header), now);
      if (!accepted.ok) return fail(accepted.error.kind === 'invalid' ? EXIT_FAILED : EXIT_USAGE, formatStoreError(accepted.error));
    }
    for (const built of fresh) {
      const connected = store.connectTip(built.block);
      if (!connected.ok) return fail(connected.error.kind === 'invalid' ? EXIT_FAILED : EXIT_USAGE, formatStoreError(connected.error));
    }
    const ms = Math.round(performance.now() - started);
    printReport(
      {
        valid: true,
        seed,
        tipHeight: store.tip.height,
        tipHash: toDisplayHex(store.tip.hash),
        previousTipHeight: start.height,
        connected: fresh.length,
        ...commitmentFields(store),
        ms,
      },
      json,
    );
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
