/**
 * IP text to CNetAddr::V1 bytes (netaddress.h): 16 bytes, IPv4 as the IPv4-mapped IPv6 address
 * ::ffff:a.b.c.d. Anything unparsable (an Iroh path, a host name) is the all-zero address, as
 * Core sends for an unknown address.
 */
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Bytes(ip: string): number[] {
  return ip.split('.').map((part) => Number(part));
}

/** The 16-byte form of an IPv4 or IPv6 address in text; zeros when it is neither. */
export function ipToBytes(ip: string): Uint8Array {
  const out = new Uint8Array(16);
  if (isIPv4(ip)) {
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(ipv4Bytes(ip), 12);
    return out;
  }
  if (!isIPv6(ip)) return out;
  let text = ip.replace(/%.*$/, ''); // zone index
  const tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const b = ipv4Bytes(v4[1] ?? '');
    tail.push(((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0));
    text = `${text.slice(0, v4.index)}:0:0`; // placeholders, replaced by tail below
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...new Array<string>(zeros).fill('0'), ...restGroups].map((g) => parseInt(g, 16));
  if (tail.length === 2) groups.splice(6, 2, ...tail);
  groups.forEach((g, i) => {
    out[2 * i] = (g >> 8) & 0xff;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}
