/**
 * Peer diversity for commitment consensus (SPEC.md §9.1): peers count only once per network
 * group, so one operator with many addresses in one range, or one hosting provider, cannot fill
 * the vote. Groups as Core's netgroup buckets them (src/netgroup.cpp): the /16 of an IPv4 address,
 * the /32 of an IPv6 address (IPv4-mapped addresses as IPv4); at most `maxPerAsn` peers of one
 * autonomous system when it is known. Loopback peers (tests on one machine) can be grouped by
 * their node id instead.
 */

export interface PeerIdentity {
  /** The peer's IP address (IPv4 dotted, or IPv6 text), without port. */
  readonly address: string;
  /** Its autonomous system number, when known. */
  readonly asn?: number;
  readonly transport: 'tcp' | 'iroh';
  /** Its ed25519 node id (hex), when known. */
  readonly nodeId?: string;
}

export interface DiversityRules {
  /** Peers of one ASN counted at most (default 2). */
  readonly maxPerAsn: number;
  /** Group loopback peers by node id (tests on one machine), not all in one group. */
  readonly groupLoopbackByNodeId: boolean;
}

/** The 4 bytes of a dotted IPv4 address, or undefined. */
function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted IPv4), or undefined. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (const [i, g] of groups.entries()) {
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = words(halves[0] ?? '');
  const tail = halves.length === 2 ? words(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The network group of an address: `v4:a.b` (/16), `v6:xxxx:xxxx` (/32), or `loopback`; undefined when it is no IP address. */
export function networkGroup(address: string): string | undefined {
  const v4 = parseIpv4(address) ?? mappedIpv4(parseIpv6(address));
  if (v4 !== undefined) return v4[0] === 127 ? 'loopback' : `v4:${v4[0]}.${v4[1]}`;
  const v6 = parseIpv6(address);
  if (v6 === undefined) return undefined;
  if (v6.slice(0, 15).every((b) => b === 0) && v6[15] === 1) return 'loopback';
  const hex = (i: number): string => (((v6[i] as number) << 8) | (v6[i + 1] as number)).toString(16);
  return `v6:${hex(0)}:${hex(2)}`;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
function mappedIpv4(v6: number[] | undefined): number[] | undefined {
  if (v6 === undefined || !v6.slice(0, 10).every((b) => b === 0) || v6[10] !== 0xff || v6[11] !== 0xff) return undefined;
  return v6.slice(12);
}

export type ExclusionReason = 'not an IP address' | 'network group already represented' | 'ASN at its peer limit' | 'loopback without a node id';

/**
 * The diverse subset of `peers`, in their given order: a peer is kept when its group has no kept
 * peer yet and its ASN (when known) fewer than `maxPerAsn`; the others with the reason.
 */
export function selectDiversePeers<P extends { readonly peer: PeerIdentity }>(
  peers: readonly P[],
  rules: DiversityRules,
): { readonly kept: P[]; readonly excluded: { readonly entry: P; readonly reason: ExclusionReason }[] } {
  const groups = new Set<string>();
  const asns = new Map<number, number>();
  const kept: P[] = [];
  const excluded: { entry: P; reason: ExclusionReason }[] = [];
  for (const entry of peers) {
    const { peer } = entry;
    let group = networkGroup(peer.address);
    if (group === undefined) {
      excluded.push({ entry, reason: 'not an IP address' });
      continue;
    }
    if (group === 'loopback' && rules.groupLoopbackByNodeId) {
      if (peer.nodeId === undefined) {
        excluded.push({ entry, reason: 'loopback without a node id' });
        continue;
      }
      group = `node:${peer.nodeId.toLowerCase()}`;
    }
    if (groups.has(group)) {
      excluded.push({ entry, reason: 'network group already represented' });
      continue;
    }
    if (peer.asn !== undefined && (asns.get(peer.asn) ?? 0) >= rules.maxPerAsn) {
      excluded.push({ entry, reason: 'ASN at its peer limit' });
      continue;
    }
    groups.add(group);
    if (peer.asn !== undefined) asns.set(peer.asn, (asns.get(peer.asn) ?? 0) + 1);
    kept.push(entry);
  }
  return { kept, excluded };
}
