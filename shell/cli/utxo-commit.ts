/**
 * `bllvm utxo-commit`: connect the blocks of blk*.dat files from genesis (as `connect-chain`
 * does) and carry the UTXO commitment along (SPEC.md §8): after each block the tree, count,
 * amount and MuHash are updated from the block's delta. Prints the commitment of the tip, and of
 * every N-th height with --every N: height, block hash, UTXO count, total amount, tree root,
 * MuHash (as Core's `gettxoutsetinfo muhash` prints it: a uint256 in display order), digest.
 * The incremental tree is the engine in WebAssembly (shell/commitments/wasm-tree-store.ts) where
 * it runs, else (or with --tree kernel) the kernel's batch update over MemoryTreeStore; --rebuild
 * recomputes the tip's root from the final set alone with the kernel's, and it must equal the
 * incremental one.
 * Exit 0: done (and the rebuild matched); 1: a block fails validation, the rebuild differs or the
 * supply bound fails; 2: unreadable input or bad arguments.
 */
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { toDisplayHex, toHex } from '../../kernel/encoding/hex.js';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';
import type { HeaderEntry } from '../../kernel/chain/header-chain.js';
import type { UtxoDelta } from '../../kernel/chain/utxo.js';
import { commitmentDigest } from '../../kernel/commitments/commitment.js';
import { checkSupply } from '../../kernel/commitments/supply.js';
import { treeRootHash } from '../../kernel/commitments/tree-proof.js';
import { treeUpdateWorkspace } from '../../kernel/commitments/tree-update.js';
import {
  EMPTY_UTXO_STATE,
  type UtxoCommitmentState,
  type UtxoStateError,
  advanceUtxoState,
  applyUtxoDeltaToState,
  commitmentOf,
  deltaTreeUpdates,
} from '../../kernel/commitments/utxo-state.js';
import { type Result, ok } from '../../kernel/result.js';
import { openBlockFiles } from '../chain/block-files.js';
import { chainConnector } from '../chain/connect-chain.js';
import { MemoryTreeStore } from '../commitments/memory-tree-store.js';
import { WasmTreeStore } from '../commitments/wasm-tree-store.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Report, printReport } from './output.js';


export interface UtxoCommitOptions {
  readonly network: NetworkName;
  readonly xorKey?: string;
  readonly every?: number;
  readonly rebuild: boolean;
  /** What carries the set (default: the engine where it runs, else the kernel). */
  readonly tree?: 'wasm' | 'kernel';
  readonly json: boolean;
}

/** Carries the commitment state over one block's delta. */
type StateStep = (state: UtxoCommitmentState, delta: UtxoDelta) => Result<UtxoCommitmentState, UtxoStateError>;

/** The tree engine in WebAssembly (by default where it runs), else the kernel's batch update over a MemoryTreeStore (one workspace for every block's batch). */
function incrementalTree(kind: 'wasm' | 'kernel'): { readonly tree: 'wasm' | 'kernel'; readonly step: StateStep } {
  if (kind === 'wasm') {
    const engine = new WasmTreeStore();
    return {
      tree: 'wasm',
      step: (state, delta) => {
        const updates = deltaTreeUpdates(delta);
        if (!updates.ok) return updates;
        const applied = engine.apply(state.version + 1, updates.value);
        return applied.ok ? ok(advanceUtxoState(state, updates.value, applied.value)) : applied;
      },
    };
  }
  const store = new MemoryTreeStore();
  const workspace = treeUpdateWorkspace();
  return {
    tree: 'kernel',
    step: (state, delta) => {
      const next = applyUtxoDeltaToState(store, state, delta, workspace);
      if (!next.ok) return next;
      store.apply(next.value.batch);
      return ok(next.value.state);
    },
  };
}

/** The printed commitment of a state at a header entry. */
function commitmentReport(state: UtxoCommitmentState, entry: HeaderEntry, params: (typeof NETWORKS)[NetworkName]): Report {
  const c = commitmentOf(state, entry.height, entry.hash);
  const digest = commitmentDigest(c);
  return {
    height: c.height,
    blockHash: toDisplayHex(c.blockHash),
    utxoCount: c.utxoCount.toString(),
    totalAmount: c.totalAmount.toString(),
    root: toHex(c.root),
    muhash: toDisplayHex(c.muhash),
    digest: digest.ok ? toHex(digest.value) : `unencodable: ${digest.error.field}`,
    supplyWithinIssued: checkSupply(c.utxoCount, c.totalAmount, c.height, params.consensus),
  };
}

export async function utxoCommitCommand(options: UtxoCommitOptions, paths: readonly string[]): Promise<number> {
  const { network, json } = options;
  const params = NETWORKS[network];
  const fail = (code: number, report: Report): number => {
    printReport({ valid: false, ...report }, json);
    return code;
  };
  const opened = await openBlockFiles(paths, options.xorKey, params, Math.floor(Date.now() / 1000));
  if (!opened.ok) {
    if (opened.error.kind === 'unreadable') {
      process.stderr.write(`bllvm utxo-commit: ${opened.error.message}\n`);
      return fail(EXIT_USAGE, { error: opened.error.message });
    }
    const { block, height, error } = opened.error.rejected;
    return fail(EXIT_FAILED, { height, hash: toDisplayHex(block.hash), error: error.reason, debug: error.debug });
  }
  const source = opened.value;
  try {
    const started = performance.now();
    const kind = options.tree ?? (WasmTreeStore.available() ? 'wasm' : 'kernel');
    if (kind === 'wasm' && !WasmTreeStore.available()) {
      process.stderr.write('bllvm utxo-commit: --tree wasm needs WebAssembly with SIMD\n');
      return fail(EXIT_USAGE, { error: '--tree wasm needs WebAssembly with SIMD' });
    }
    const { tree, step } = incrementalTree(kind);
    let state = EMPTY_UTXO_STATE;
    let stateError: string | undefined;
    let supplyOk = true;
    const onConnected = (entry: HeaderEntry, delta: UtxoDelta): void => {
      const next = step(state, delta);
      if (!next.ok) {
        stateError ??= `height ${entry.height}: ${next.error.code}`;
        return;
      }
      state = next.value;
      if (options.every !== undefined && entry.height % options.every === 0) {
        const report = commitmentReport(state, entry, params);
        supplyOk &&= report.supplyWithinIssued === true;
        printReport(report, json);
      }
    };
    const connector = chainConnector(params, DEFAULT_BACKEND, onConnected);
    for await (const next of source.blocks()) {
      if (!next.ok) {
        process.stderr.write(`bllvm utxo-commit: ${next.error}\n`);
        return fail(EXIT_USAGE, { error: next.error });
      }
      const failure = connector.connect(next.value.block, next.value.entry);
      if (failure !== undefined) return fail(EXIT_FAILED, { height: failure.height, hash: toDisplayHex(next.value.entry.hash), error: failure.error.reason, debug: failure.error.debug });
      if (stateError !== undefined) return fail(EXIT_FAILED, { error: `commitment state: ${stateError}` });
    }
    const tip = connector.state.tip;
    const report = commitmentReport(state, tip, params);
    supplyOk &&= report.supplyWithinIssued === true;
    let rebuildOk = true;
    let rebuilt: Report = {};
    if (options.rebuild) {
      // The whole final set as one batch into an empty tree: its root must equal the incremental one.
      const fresh = applyUtxoDeltaToState(new MemoryTreeStore(), EMPTY_UTXO_STATE, { spent: new Map(), created: connector.state.utxos });
      if (!fresh.ok) return fail(EXIT_FAILED, { error: `rebuild: ${fresh.error.code}` });
      const root = toHex(treeRootHash(fresh.value.state.root));
      rebuildOk = root === report.root;
      rebuilt = { rebuiltRoot: root, rebuildMatches: rebuildOk };
    }
    printReport({ ...report, ...rebuilt, tree, blocks: connector.state.blocks, ms: Math.round(performance.now() - started) }, json);
    return rebuildOk && supplyOk ? EXIT_OK : EXIT_FAILED;
  } finally {
    await source.close();
  }
}
