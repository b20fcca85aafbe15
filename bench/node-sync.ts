/**
 * Node sync speed (issue 12): a fresh node syncing over TCP on loopback from (1) our own node
 * serving first-100k-blocks.dat (mainnet, 438 blocks after genesis) and (2) bcoin serving a
 * 300-block regtest chain with transactions, each with script checks on the main thread and on
 * worker threads. Reports seconds, blocks/s, inputs/s and the process's peak RSS.
 *
 *   npx tsx bench/node-sync.ts [--skip-bcoin]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NETWORKS } from '../kernel/chain/params.js';
import { isCoinbase } from '../kernel/primitives/transaction.js';
import { BllvmNode, type NodeOptions } from '../shell/node/node.js';
import { ChainStore } from '../shell/store/chain-store.js';
import { importBlockFiles } from '../shell/store/import-blocks.js';
import { BcoinNode } from '../test/p2p/bcoin/bcoin.js';

export interface SyncRow {
  readonly source: string;
  readonly scriptThreads: number;
  readonly blocks: number;
  readonly inputs: number;
  readonly seconds: number;
  readonly blocksPerSecond: number;
  readonly inputsPerSecond: number;
  readonly peakRssMb: number;
}

const FIRST_100K = fileURLToPath(new URL('../test/vectors/bitcoinj/first-100k-blocks.dat', import.meta.url));

/** Non-coinbase inputs on the active chain of a store, up to its tip. */
function inputsOf(store: ChainStore): number {
  let n = 0;
  for (let h = 1; h <= store.tip.height; h++) {
    const e = store.activeEntry(h);
    const b = e.ok && e.value !== undefined ? store.block(e.value.hash) : undefined;
    if (b?.ok && b.value !== undefined) for (const tx of b.value.transactions) if (!isCoinbase(tx)) n += tx.inputs.length;
  }
  return n;
}

async function syncFrom(scratch: string, label: string, target: NodeOptions['connect'], network: 'main' | 'regtest', tipHeight: number, scriptThreads: number): Promise<SyncRow> {
  const started = performance.now();
  const node = await BllvmNode.start({ datadir: join(scratch, `${label}-${scriptThreads}`), network, noSync: true, connect: target ?? [], scriptThreads });
  await node.waitFor(() => node.store.tip.height === tipHeight, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const inputs = inputsOf(node.store);
  await node.stop();
  return {
    source: label,
    scriptThreads,
    blocks: tipHeight,
    inputs,
    seconds: Math.round(seconds * 100) / 100,
    blocksPerSecond: Math.round(tipHeight / seconds),
    inputsPerSecond: Math.round(inputs / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export async function benchNodeSync(options: { readonly bcoin: boolean }): Promise<SyncRow[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'bllvm-bench-sync-'));
  const rows: SyncRow[] = [];
  try {
    // (1) Our node serving first-100k-blocks.dat.
    const dir = join(scratch, 'source');
    const opened = ChainStore.open(join(dir, 'chain'), { params: NETWORKS.main, noSync: true });
    if (!opened.ok) throw new Error('store');
    const imported = await importBlockFiles(opened.value, [FIRST_100K], { now: Math.floor(Date.now() / 1000) });
    if (!imported.ok) throw new Error('import');
    await opened.value.close();
    const source = await BllvmNode.start({ datadir: dir, network: 'main', noSync: true, listen: { host: '127.0.0.1', port: 0 } });
    const port = source.listening[0]?.port as number;
    for (const threads of [0, 2]) rows.push(await syncFrom(scratch, 'bllvm-ts (first-100k)', [{ transport: 'tcp', host: '127.0.0.1', port }], 'main', 438, threads));
    await source.stop();

    // (2) bcoin serving a 300-block regtest chain with transactions.
    if (options.bcoin) {
      const { mineWithTransactions } = await import('../test/node/bcoin-chain.js');
      const bcoin = await BcoinNode.start();
      try {
        await mineWithTransactions(bcoin, 300);
        for (const threads of [0, 2]) rows.push(await syncFrom(scratch, 'bcoin (300 regtest)', [{ transport: 'tcp', host: '127.0.0.1', port: bcoin.p2pPort }], 'regtest', 300, threads));
      } finally {
        await bcoin.stop();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchNodeSync({ bcoin: !process.argv.includes('--skip-bcoin') })) console.log(JSON.stringify(row));
}
