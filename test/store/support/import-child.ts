/**
 * A child process for the crash tests (test/store/sigkill.test.ts): imports a blk file into a
 * store block by block with importBlockFiles, printing `connected H` after each block's
 * transaction has committed and `done H` at the end. With `--kill-at connect:H` (or
 * `disconnect:H`) it sends itself SIGKILL inside the write transaction that connects (or
 * disconnects) the block at height H, after every write and before the commit.
 *
 *   node --import tsx import-child.ts DIR NETWORK FILE [--kill-at connect:H|disconnect:H]
 */
import { NETWORKS, type NetworkName } from '../../../kernel/chain/params.js';
import { ChainStore } from '../../../shell/store/chain-store.js';
import { formatStoreError } from '../../../shell/store/errors.js';
import { importBlockFiles } from '../../../shell/store/import-blocks.js';

const [dir, network, file, flag, value] = process.argv.slice(2);
if (dir === undefined || network === undefined || file === undefined || !(network in NETWORKS)) {
  process.stderr.write('usage: import-child.ts DIR NETWORK FILE [--kill-at connect:H|disconnect:H]\n');
  process.exit(2);
}
const [killKind, killHeight] = flag === '--kill-at' && value !== undefined ? value.split(':') : [];
const opened = ChainStore.open(dir, {
  params: NETWORKS[network as NetworkName],
  beforeCommit: ({ kind, height }) => {
    if (kind === killKind && height === Number(killHeight)) process.kill(process.pid, 'SIGKILL');
  },
});
if (!opened.ok) {
  process.stderr.write(`${formatStoreError(opened.error)}\n`);
  process.exit(2);
}
const store = opened.value;
const imported = await importBlockFiles(store, [file], {
  now: 2_000_000_000,
  onConnected: (tip) => process.stdout.write(`connected ${tip.entry.height}\n`),
});
process.stdout.write(imported.ok ? `done ${store.tip.height}\n` : `failed ${JSON.stringify(imported.error)}\n`);
await store.close();
process.exit(imported.ok ? 0 : 1);
