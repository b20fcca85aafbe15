/** Helpers for the P2P tests: peers over real loopback transports, and waiting for peer events. */
import { NETWORKS } from '../../kernel/chain/params.js';
import type { NodeIdentity } from '../../shell/p2p/identity.js';
import { Peer, type PeerEvents, type PeerOptions } from '../../shell/p2p/peer.js';
import { IrohTransport } from '../../shell/p2p/transport/iroh.js';
import { TcpTransport } from '../../shell/p2p/transport/tcp.js';
import type { Connection, Transport } from '../../shell/p2p/transport/transport.js';

export const REGTEST = NETWORKS.regtest;

/** The next `event` of `peer`, as a promise of its arguments. */
export function next<K extends keyof PeerEvents>(peer: Peer, event: K): Promise<PeerEvents[K]> {
  return new Promise((resolve) => peer.once(event, (...args) => resolve(args)));
}

/** The next message of type `command` (a known type) from `peer`, with its raw payload. */
export function nextMessage(peer: Peer, command: string): Promise<PeerEvents['message']> {
  return new Promise((resolve) => {
    const listener = (...args: PeerEvents['message']): void => {
      if (args[0].command !== command) return;
      peer.off('message', listener);
      resolve(args);
    };
    peer.on('message', listener);
  });
}

/** Everything a test opened, closed in afterEach/afterAll. */
export class Cleanup {
  private readonly transports: Array<Transport<unknown>> = [];
  add<T extends Transport<unknown>>(t: T): T {
    this.transports.push(t);
    return t;
  }
  async run(): Promise<void> {
    await Promise.all(this.transports.splice(0).map((t) => t.close()));
  }
}

export interface PeerPair {
  /** The dialer's peer. */
  readonly a: Peer;
  /** The listener's peer. */
  readonly b: Peer;
}

export type Kind = 'tcp' | 'iroh';

/**
 * Two peers over `kind` on loopback: B listens, A dials. Each side gets its options (identity and
 * the like); the peers are started, not yet ready.
 */
export async function connectPair(
  kind: Kind,
  cleanup: Cleanup,
  optsA: Partial<PeerOptions> & { identity?: NodeIdentity; irohKey?: Uint8Array },
  optsB: Partial<PeerOptions> & { identity?: NodeIdentity; irohKey?: Uint8Array },
): Promise<PeerPair> {
  let inbound: (c: Connection) => void = () => undefined;
  const accepted = new Promise<Connection>((resolve) => (inbound = resolve));
  let outbound: Connection;
  if (kind === 'tcp') {
    const tb = cleanup.add(new TcpTransport({ host: '127.0.0.1', port: 0 }));
    const ta = cleanup.add(new TcpTransport());
    const at = await tb.listen((c) => inbound(c));
    outbound = await ta.dial({ host: '127.0.0.1', port: at.port ?? 0 });
  } else {
    const keyB = optsB.irohKey ?? optsB.identity?.secretKey;
    const keyA = optsA.irohKey ?? optsA.identity?.secretKey;
    if (keyA === undefined || keyB === undefined) throw new Error('iroh needs keys');
    const tb = cleanup.add(await IrohTransport.bind({ secretKey: keyB }));
    const ta = cleanup.add(await IrohTransport.bind({ secretKey: keyA }));
    const at = await tb.listen((c) => inbound(c));
    outbound = await ta.dial({ nodeId: at.nodeId ?? '', addresses: at.addresses ?? [] });
  }
  const a = new Peer(outbound, { params: REGTEST, ...optsA });
  a.start(); // the dialer speaks first: on Iroh the listener sees the stream only then
  const b = new Peer(await accepted, { params: REGTEST, ...optsB });
  b.start();
  return { a, b };
}
