/**
 * `getpeerinfo`'s objects as Bitcoin Core writes them (src/rpc/net.cpp getpeerinfo): Core's field
 * names, order and types, from what the node knows of each peer (`RpcPeer`); what the node does
 * not track has Core's value for "nothing happened" (no compact-block high bandwidth, no address
 * relay, no permissions, fee filter 0, no per-message byte counts, v1 transport). Service names
 * as Core's GetServicesNames (protocol.cpp serviceFlagToStr), the network as Core's
 * GetNetworkName (netaddress.cpp: loopback and private ranges are "not_publicly_routable").
 * Iroh peers are on no network Core knows: their `network` is "iroh", their `addr` the path in
 * use (or the node id). Two fields are ours: `bllvm_transport` ("tcp" or "iroh") and
 * `bllvm_nodeid` (the peer's ed25519 node id, when it proved one).
 * Tested by test/rpc/methods.test.ts.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { RemoteInfo } from '../p2p/transport/transport.js';

/** What the node knows of one connected peer (BllvmNode.peers()); times in ms since the epoch. */
export interface RpcPeer {
  readonly id: number;
  readonly remote: RemoteInfo;
  readonly inbound: boolean;
  readonly version?: number;
  readonly subver?: string;
  readonly startingHeight?: number;
  /** The peer's services from its version message. */
  readonly services?: bigint;
  /** The height of the best header the peer announced (-1: none). */
  readonly syncedHeaders: number;
  /** The height of the last block we have in common with the peer (-1: unknown). */
  readonly syncedBlocks?: number;
  /** Blocks requested from the peer and not yet received: their heights, or how many. */
  readonly inFlight: number | readonly number[];
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly pingMs?: number;
  readonly minPingMs?: number;
  readonly lastSendMs?: number;
  readonly lastReceiveMs?: number;
  readonly lastBlockMs?: number;
  readonly nodeId?: string;
  readonly connectedAt: number;
  /** Core's connection types; default "inbound" or "outbound-full-relay" by direction. */
  readonly connectionType?: string;
}

/** Core's service flag names by bit (protocol.h ServiceFlags). */
const SERVICE_NAMES: Readonly<Record<number, string>> = { 0: 'NETWORK', 2: 'BLOOM', 3: 'WITNESS', 6: 'COMPACT_FILTERS', 10: 'NETWORK_LIMITED', 11: 'P2P_V2' };

/** Core's GetServicesNames: one name per set bit, "UNKNOWN[2^n]" for bits Core does not name. */
export function servicesNames(services: bigint): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if (((services >> BigInt(bit)) & 1n) === 1n) names.push(SERVICE_NAMES[bit] ?? `UNKNOWN[2^${bit}]`);
  }
  return names;
}

/** Core's GetNetworkName for a TCP peer's IP address; "iroh" for an Iroh peer. */
export function networkName(remote: RemoteInfo): string {
  if (remote.transport === 'iroh') return 'iroh';
  const ip = remote.address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    // Core's IsRoutable: not RFC1918, RFC2544, RFC3927, RFC6598, loopback or unspecified.
    const local = a === 0 || a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || (a === 198 && (b === 18 || b === 19));
    return local ? 'not_publicly_routable' : 'ipv4';
  }
  if (isIPv6(ip)) {
    const lower = ip.toLowerCase();
    // Loopback, unspecified, RFC4862 link-local, RFC4193 unique local.
    const local = lower === '::1' || lower === '::' || /^fe[89ab]/.test(lower) || /^f[cd]/.test(lower);
    return local ? 'not_publicly_routable' : 'ipv6';
  }
  return 'not_publicly_routable';
}

/** Core's `addr`: host:port, IPv6 in brackets; an Iroh peer's path in use, or its node id. */
function addrOf(remote: RemoteInfo): string {
  if (remote.transport === 'iroh') return remote.address !== '' ? remote.address : (remote.nodeId ?? '');
  const host = isIPv6(remote.address) ? `[${remote.address}]` : remote.address;
  return remote.port === undefined ? host : `${host}:${remote.port}`;
}

const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));

/** One getpeerinfo object, in Core's field order. */
export function peerInfoJson(peer: RpcPeer): Record<string, unknown> {
  const services = peer.services ?? 0n;
  return {
    id: peer.id,
    addr: addrOf(peer.remote),
    network: networkName(peer.remote),
    services: services.toString(16).padStart(16, '0'),
    servicesnames: servicesNames(services),
    relaytxes: false,
    lastsend: seconds(peer.lastSendMs),
    lastrecv: seconds(peer.lastReceiveMs),
    last_transaction: 0,
    last_block: seconds(peer.lastBlockMs),
    bytessent: peer.bytesSent,
    bytesrecv: peer.bytesReceived,
    conntime: seconds(peer.connectedAt),
    timeoffset: 0,
    // Core writes ping times in seconds (Ticks<SecondsDouble>).
    ...(peer.pingMs === undefined ? {} : { pingtime: peer.pingMs / 1000 }),
    ...(peer.minPingMs === undefined ? (peer.pingMs === undefined ? {} : { minping: peer.pingMs / 1000 }) : { minping: peer.minPingMs / 1000 }),
    version: peer.version ?? 0,
    subver: peer.subver ?? '',
    inbound: peer.inbound,
    bip152_hb_to: false,
    bip152_hb_from: false,
    startingheight: peer.startingHeight ?? -1,
    presynced_headers: -1,
    synced_headers: peer.syncedHeaders,
    synced_blocks: peer.syncedBlocks ?? -1,
    inflight: typeof peer.inFlight === 'number' ? [] : [...peer.inFlight],
    addr_relay_enabled: false,
    addr_processed: 0,
    addr_rate_limited: 0,
    permissions: [],
    minfeefilter: 0,
    bytessent_per_msg: {},
    bytesrecv_per_msg: {},
    connection_type: peer.connectionType ?? (peer.inbound ? 'inbound' : 'outbound-full-relay'),
    transport_protocol_type: 'v1',
    session_id: '',
    bllvm_transport: peer.remote.transport,
    ...(peer.nodeId === undefined ? {} : { bllvm_nodeid: peer.nodeId }),
  };
}
