/**
 * Message codecs (shell/p2p/wire/messages.ts) on real bytes: btcd's encoded version message
 * (wire/msgversion_test.go, baseVersionEncoded, ISC licence), mainnet block 1's header as a headers
 * entry (bcoin's headers1.raw), real blocks as block messages, and the limits with Core's messages.
 */
import { describe, expect, it } from 'vitest';
import { blockHash } from '../../kernel/primitives/block.js';
import { fromHex, toDisplayHex, toHex } from '../../kernel/encoding/hex.js';
import { decodeMessage, encodeMessage, type WireMessage } from '../../shell/p2p/wire/messages.js';
import { MSG_WITNESS_BLOCK } from '../../shell/p2p/wire/protocol.js';
import { ipToBytes } from '../../shell/p2p/net-address.js';
import { MANIFEST, readVector } from '../support/vectors.js';

function hex(s: string): Uint8Array {
  const r = fromHex(s.replace(/\s+/g, ''));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function decoded(type: string, payload: Uint8Array): WireMessage {
  const r = decodeMessage(type, payload);
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.offset}`);
  return r.value;
}

/** btcd's baseVersionEncoded: protocol 60002, no relay byte (BIP37 came with 70001). */
const BTCD_VERSION_60002 = hex(`
  62ea0000 0100000000000000 29ab5f4900000000
  0100000000000000 00000000000000000000ffffc0a80001 208d
  0100000000000000 00000000000000000000ffff7f000001 208d
  f3e0010000000000
  10 2f62746364746573743a302e302e312f
  fa920300`);

describe('version', () => {
  it("decodes btcd's encoded version 60002 message field by field; relay absent defaults to true (Core)", () => {
    const m = decoded('version', BTCD_VERSION_60002);
    expect(m).toEqual({
      command: 'version',
      payload: {
        version: 60002,
        services: 1n,
        time: 0x495fab29n,
        addrRecv: { services: 1n, ip: hex('00000000000000000000ffffc0a80001'), port: 8333 },
        addrFrom: { services: 1n, ip: hex('00000000000000000000ffff7f000001'), port: 8333 },
        nonce: 123123n,
        userAgent: '/btcdtest:0.0.1/',
        startHeight: 234234,
        relay: true,
      },
    });
    // We always write the relay byte (protocol 70016): the same bytes plus 0x01.
    expect(toHex(encodeMessage(m).payload)).toBe(`${toHex(BTCD_VERSION_60002)}01`);
  });

  it("a version cut after addr_recv decodes with Core's defaults (nonce 1, start height -1, relay true)", () => {
    const m = decoded('version', BTCD_VERSION_60002.subarray(0, 4 + 8 + 8 + 26));
    expect(m.command === 'version' && m.payload).toMatchObject({ version: 60002, nonce: 1n, userAgent: '', startHeight: -1, relay: true });
  });

  it('a user agent over 256 bytes is refused with "String length limit exceeded" (LIMITED_STRING)', () => {
    const head = BTCD_VERSION_60002.subarray(0, 80);
    const ua = new Uint8Array(257).fill(0x61);
    const payload = Uint8Array.from([...head, 0xfd, 0x01, 0x01, ...ua, 0, 0, 0, 0]);
    const r = decodeMessage('version', payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('String length limit exceeded');
    const at256 = Uint8Array.from([...head, 0xfd, 0x00, 0x01, ...ua.subarray(1), 0, 0, 0, 0, 1]);
    expect(decodeMessage('version', at256).ok).toBe(true);
  });

  it('IP text to CNetAddr bytes: IPv4-mapped, ::1, embedded IPv4, unparsable is zero', () => {
    expect(toHex(ipToBytes('127.0.0.1'))).toBe('00000000000000000000ffff7f000001');
    expect(toHex(ipToBytes('::1'))).toBe('00000000000000000000000000000001');
    expect(toHex(ipToBytes('::ffff:10.1.2.3'))).toBe('00000000000000000000ffff0a010203');
    expect(toHex(ipToBytes('2001:db8::8:800:200c:417a'))).toBe('20010db80000000000080800200c417a');
    expect(toHex(ipToBytes('fe80::1%lo'))).toBe('fe800000000000000000000000000001');
    expect(toHex(ipToBytes('not an ip'))).toBe('00000000000000000000000000000000');
  });
});

describe('headers, getheaders, inv, block', () => {
  it("headers: mainnet block 1's header with its zero tx count (bcoin headers1.raw) round-trips", () => {
    const entry = readVector('bcoin/headers1.raw');
    const payload = Uint8Array.from([1, ...entry]);
    const m = decoded('headers', payload);
    expect(m.command).toBe('headers');
    if (m.command !== 'headers') return;
    expect(m.payload.headers.length).toBe(1);
    expect(toDisplayHex(blockHash(m.payload.headers[0]!))).toBe('00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048');
    expect(toHex(encodeMessage(m).payload)).toBe(toHex(payload));
  });

  it('headers: a non-zero tx count is read and ignored, as Core does ("assume it is 0")', () => {
    const entry = readVector('bcoin/headers1.raw').slice();
    entry[80] = 5;
    const m = decoded('headers', Uint8Array.from([1, ...entry]));
    expect(m.command === 'headers' && m.payload.headers.length).toBe(1);
  });

  it('getheaders: version 70016, genesis locator, zero stop hash', () => {
    const genesis = '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000';
    const payload = hex(`80110100 01 ${genesis} ${'00'.repeat(32)}`);
    const m = decoded('getheaders', payload);
    expect(m).toEqual({ command: 'getheaders', payload: { version: 70016, locator: [hex(genesis)], stopHash: new Uint8Array(32) } });
    expect(toHex(encodeMessage(m).payload)).toBe(toHex(payload));
  });

  it('getdata with MSG_WITNESS_BLOCK (0x40000002)', () => {
    const h = 'ab'.repeat(32);
    const m = decoded('getdata', hex(`01 02000040 ${h}`));
    expect(m).toEqual({ command: 'getdata', payload: { inventory: [{ type: MSG_WITNESS_BLOCK, hash: hex(h) }] } });
    expect(MSG_WITNESS_BLOCK).toBe(0x40000002);
  });

  it('block: real blocks decode with the hash of the manifest and re-encode byte for byte', () => {
    for (const file of ['bitcoin-core/block413567.raw', 'bcoin/block482683.raw']) {
      const bytes = readVector(file);
      const m = decoded('block', bytes);
      if (m.command !== 'block') throw new Error('not a block');
      const entry = MANIFEST.find((b) => b.file === file);
      expect(toDisplayHex(blockHash(m.payload.block.header))).toBe(entry?.hash);
      expect(m.payload.block.transactions.length).toBe(entry?.txCount);
      expect(Buffer.from(encodeMessage(m).payload).equals(Buffer.from(bytes))).toBe(true);
    }
  });
});

describe('limits with Core messages (counts checked before items are read)', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['headers', hex('fdd107'), 'headers message size = 2001'],
    ['inv', hex('fd51c3'), 'inv message size = 50001'],
    ['getdata', hex('fd51c3'), 'getdata message size = 50001'],
    ['notfound', hex('fd51c3'), 'notfound message size = 50001'],
    ['getheaders', hex('80110100 66'), 'getheaders locator size 102 > 101'],
    ['getblocks', hex('80110100 66'), 'getblocks locator size 102 > 101'],
  ];
  for (const [type, payload, code] of cases) {
    it(`${type}: ${code}`, () => {
      expect(decodeMessage(type, payload)).toEqual({ ok: false, error: { code, offset: payload.length, overLimit: true } });
    });
  }

  it('a count within the limit but beyond the bytes left is end of data, before any item is read', () => {
    expect(decodeMessage('headers', hex('fdd007'))).toEqual({ ok: false, error: { code: 'DataStream::read(): end of data', offset: 3 } });
    expect(decodeMessage('inv', hex('fd50c3'))).toEqual({ ok: false, error: { code: 'DataStream::read(): end of data', offset: 3 } });
  });

  it('types without a codec are unknown, carried raw', () => {
    expect(decodeMessage('tx', hex('0102'))).toEqual({ ok: true, value: { command: 'unknown', type: 'tx', payload: hex('0102') } });
    expect(encodeMessage({ command: 'unknown', type: 'tx', payload: hex('0102') })).toEqual({ type: 'tx', payload: hex('0102') });
  });
});
