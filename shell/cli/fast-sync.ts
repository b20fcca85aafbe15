/**
 * `bllvm fast-sync`: a new node takes the UTXO set from its peers' agreed commitment (issue 13,
 * docs/PROTOCOL.md; shell/node/fastsync-client.ts), then connects the blocks to the tip, full or
 * filtered, and stops. Prints agreed, agreeing, asked, dissenters, chunks, bytes, seconds,
 * tipHeight, commitmentMatchesPeers. Progress (chunks, MB, MB/s, peers) on stderr.
 * Exit 0: synced and the tip's commitment matches the peers'; 1: no consensus, or the result does
 * not match; 2: bad arguments or an unusable data directory. A killed sync resumes from the
 * chunks it installed when run again on the same data directory.
 */
import type { NetworkName } from '../../kernel/chain/params.js';
import { DEFAULT_CONSENSUS_RULES } from '../../kernel/consensus/peer-consensus.js';
import type { SpamFilterPreset } from '../../kernel/spam/config.js';
import { fastSync } from '../node/fastsync-client.js';
import { BllvmNode } from '../node/node.js';
import type { PeerArgument } from './options.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printReport } from './output.js';

export interface FastSyncCommandOptions {
  readonly datadir: string;
  readonly network: NetworkName;
  readonly peer: PeerArgument[];
  readonly iroh: boolean;
  readonly filter?: SpamFilterPreset;
  readonly checkpointHeight?: number;
  readonly minPeers?: number;
  readonly threshold?: { readonly numerator: number; readonly denominator: number };
  readonly loopbackByNodeId: boolean;
  /** Seconds before giving up (default 600). */
  readonly timeout: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

export async function fastSyncCommand(options: FastSyncCommandOptions): Promise<number> {
  const say = options.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  let node: BllvmNode;
  try {
    node = await BllvmNode.start({
      datadir: options.datadir,
      network: options.network,
      holdBlocks: true,
      connect: options.peer,
      ...(options.iroh || options.peer.some((p) => p.transport === 'iroh') ? { iroh: {} } : {}),
    });
  } catch (e) {
    process.stderr.write(`bllvm fast-sync: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  try {
    const rules = {
      ...DEFAULT_CONSENSUS_RULES,
      ...(options.minPeers === undefined ? {} : { minPeers: options.minPeers }),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      groupLoopbackByNodeId: options.loopbackByNodeId,
    };
    const result = await fastSync(node, {
      rules,
      timeoutMs: options.timeout * 1000,
      ...(options.checkpointHeight === undefined ? {} : { checkpointHeight: options.checkpointHeight }),
      ...(options.filter === undefined ? {} : { filter: options.filter }),
      ...(say === undefined ? {} : { progress: say }),
    });
    printReport({ ...result, agreeing: result.agreeing.length, asked: result.asked.length, dissenters: result.dissenters }, options.json);
    return result.agreed && result.commitmentMatchesPeers ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    process.stderr.write(`bllvm fast-sync: ${(e as Error).message}\n`);
    return EXIT_FAILED;
  } finally {
    await node.stop();
  }
}
