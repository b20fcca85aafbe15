/**
 * `bllvm node`: runs the node (shell/node/node.ts) until SIGINT or SIGTERM, then shuts down
 * cleanly (peers disconnected, the block being connected finished, the store closed). Progress
 * (height, headers, blocks/s, peers) goes to stderr at most once a second; events too.
 * Exit 0 after a clean shutdown; 2 when the data directory, an address or the RPC port cannot be used.
 */
import type { NetworkName } from '../../kernel/chain/params.js';
import { BllvmNode } from '../node/node.js';
import type { PeerArgument } from './options.js';

export interface NodeCommandOptions {
  readonly datadir: string;
  readonly network: NetworkName;
  readonly listen?: { readonly host: string; readonly port: number };
  readonly iroh: boolean;
  readonly irohBind?: { readonly host: string; readonly port: number };
  readonly connect?: PeerArgument[];
  readonly rpc?: { readonly host: string; readonly port: number };
  readonly maxBlockBuffer: number;
  readonly snapshotInterval?: number;
  readonly quiet: boolean;
}

export async function nodeCommand(options: NodeCommandOptions): Promise<number> {
  const log = options.quiet ? undefined : (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let node: BllvmNode;
  try {
    node = await BllvmNode.start({
      datadir: options.datadir,
      network: options.network,
      ...(options.listen === undefined ? {} : { listen: options.listen }),
      ...(options.iroh ? { iroh: options.irohBind === undefined ? {} : { bindAddr: `${options.irohBind.host}:${options.irohBind.port}` } } : {}),
      connect: options.connect ?? [],
      blockBufferBytes: options.maxBlockBuffer * 1024 * 1024,
      ...(options.snapshotInterval === undefined ? {} : { snapshotInterval: options.snapshotInterval }),
      ...(options.rpc === undefined ? {} : { rpc: options.rpc }),
      ...(log === undefined ? {} : { log }),
    });
  } catch (e) {
    process.stderr.write(`bllvm node: ${(e as Error).message}\n`);
    return 2;
  }
  for (const l of node.listening) {
    process.stderr.write(l.transport === 'tcp' ? `listening on tcp ${l.host}:${l.port}\n` : `listening on iroh ${l.nodeId}@${(l.addresses ?? []).join(',')}\n`);
  }
  if (node.rpcPort !== undefined) process.stderr.write(`rpc on ${options.rpc?.host}:${node.rpcPort} (cookie in ${options.datadir}/.cookie)\n`);
  const shutdown = (signal: string): void => {
    process.stderr.write(`${signal}: shutting down\n`);
    void node.stop();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await node.done;
  return 0;
}
