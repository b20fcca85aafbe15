/**
 * Option values shared by the `bllvm` commands, parsed strictly: a value is accepted only in its
 * one canonical spelling, and a rejected value is an error naming the option (exit 2).
 */
import { InvalidArgumentError, Option } from 'commander';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';

/** The network names `--network` takes, as the kernel's chain parameters name them. */
export const NETWORK_NAMES = Object.keys(NETWORKS) as NetworkName[];

/** `--network NAME`: required, one of {@link NETWORK_NAMES} (no default: main and test chains must not be confused). */
export function networkOption(): Option {
  return new Option('--network <name>', 'chain the data belongs to').choices(NETWORK_NAMES).makeOptionMandatory();
}

/** A non-negative decimal integer no larger than `max`: no sign, no exponent, no hex, no leading zeros, no blanks. */
export function decimalParser(what: string, max: number): (value: string) => number {
  return (value) => {
    if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new InvalidArgumentError(`expected ${what}: a decimal integer from 0 to ${max}`);
    const n = Number(value);
    if (n > max) throw new InvalidArgumentError(`expected ${what}: a decimal integer from 0 to ${max}`);
    return n;
  };
}

/** Block heights are int32 in Core (`CBlockIndex::nHeight`). */
export const parseHeight = decimalParser('a block height', 0x7fffffff);

/** A positive count (jobs, failures shown, ...). */
export function countParser(what: string, min: number, max: number): (value: string) => number {
  const parse = decimalParser(what, max);
  return (value) => {
    const n = parse(value);
    if (n < min) throw new InvalidArgumentError(`expected ${what}: a decimal integer from ${min} to ${max}`);
    return n;
  };
}

/** `HOST:PORT` (IPv4, a name, or `[IPv6]:PORT`), for --listen, --rpc and TCP peers. */
export function parseHostPort(value: string): { readonly host: string; readonly port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(0|[1-9][0-9]{0,4})$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || port > 65535) throw new InvalidArgumentError('expected HOST:PORT (an IPv6 host in brackets: [::1]:8333)');
  return { host: m[1] ?? m[2] ?? '', port };
}

/** A peer: `HOST:PORT` (TCP) or `NODEID@IP:PORT[,IP:PORT...]` (Iroh: the 64-hex ed25519 node id and its direct addresses). */
export type PeerArgument =
  | { readonly transport: 'tcp'; readonly host: string; readonly port: number }
  | { readonly transport: 'iroh'; readonly nodeId: string; readonly addresses: readonly string[] };

export function parsePeer(value: string, previous: PeerArgument[] = []): PeerArgument[] {
  const iroh = /^([0-9a-fA-F]{64})(?:@(.+))?$/.exec(value);
  if (iroh !== null) {
    const addresses = (iroh[2] ?? '').split(',').filter((a) => a !== '');
    // With relays and discovery off, a node id alone cannot be found.
    if (addresses.length === 0) throw new InvalidArgumentError('an Iroh peer needs its direct addresses: NODEID@IP:PORT[,IP:PORT]');
    for (const a of addresses) parseHostPort(a);
    return [...previous, { transport: 'iroh', nodeId: (iroh[1] as string).toLowerCase(), addresses }];
  }
  return [...previous, { transport: 'tcp', ...parseHostPort(value) }];
}

/** `N/D`: a fraction with 1 <= N <= D <= 2^20 (a consensus threshold). */
export function parseFraction(value: string): { readonly numerator: number; readonly denominator: number } {
  const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(value);
  const numerator = Number(m?.[1]);
  const denominator = Number(m?.[2]);
  if (m === null || numerator > denominator || denominator > 1 << 20) throw new InvalidArgumentError('expected N/D with 1 <= N <= D <= 1048576 (e.g. 4/5)');
  return { numerator, denominator };
}
