/**
 * The v1 envelope (shell/p2p/wire/envelope.ts) against Core's protocol.h / net.cpp V1Transport:
 * real header bytes, reading over any chunk boundaries, and the header errors with Core's log
 * wording (wrong magic and oversized lengths end the stream before any payload is buffered; a
 * wrong checksum or an invalid message type drops one message).
 */
import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { fromHex, toHex } from '../../kernel/encoding/hex.js';
import { sha256d } from '../../kernel/crypto/hashes.js';
import {
  EnvelopeParser,
  type EnvelopeEvent,
  encodeEnvelope,
  messageChecksum,
  payloadCap,
  readMessageType,
} from '../../shell/p2p/wire/envelope.js';
import { readVector } from '../support/vectors.js';

const MAIN = NETWORKS.main.messageStart;
const REGTEST = NETWORKS.regtest.messageStart;

function hex(s: string): Uint8Array {
  const r = fromHex(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A header with any fields, for hostile input. */
function rawHeader(magic: Uint8Array, type: Uint8Array, size: number, checksum: Uint8Array): Uint8Array {
  const h = new Uint8Array(24);
  h.set(magic, 0);
  h.set(type, 4);
  new DataView(h.buffer).setUint32(16, size, true);
  h.set(checksum, 20);
  return h;
}

function typeField(s: string): Uint8Array {
  const f = new Uint8Array(12);
  for (let i = 0; i < s.length; i++) f[i] = s.charCodeAt(i);
  return f;
}

function pushAll(parser: EnvelopeParser, chunks: readonly Uint8Array[]): EnvelopeEvent[] {
  return chunks.flatMap((c) => parser.push(c));
}

describe('envelope: real bytes', () => {
  it('mainnet verack is f9beb4d9 "verack" 0 5df6e0e2 (the checksum of an empty payload)', () => {
    const bytes = encodeEnvelope(MAIN, 'verack', new Uint8Array(0));
    expect(toHex(bytes)).toBe('f9beb4d976657261636b000000000000000000005df6e0e2');
    const events = new EnvelopeParser(MAIN).push(bytes);
    expect(events).toEqual([{ kind: 'message', command: 'verack', payload: new Uint8Array(0) }]);
  });

  it('the checksum is the first 4 bytes of the kernel sha256d (block 413567 as payload)', () => {
    const block = readVector('bitcoin-core/block413567.raw');
    expect(toHex(messageChecksum(block))).toBe(toHex(sha256d(block).subarray(0, 4)));
    const framed = encodeEnvelope(MAIN, 'block', block);
    expect(framed.length).toBe(24 + block.length);
    expect(toHex(framed.subarray(0, 24))).toBe(
      `f9beb4d9${toHex(typeField('block'))}${toHex(Uint8Array.of(block.length & 0xff, (block.length >> 8) & 0xff, (block.length >> 16) & 0xff, 0))}${toHex(sha256d(block).subarray(0, 4))}`,
    );
  });

  it('message types: up to the first NUL, valid only if printable ASCII then NULs (Core IsMessageTypeValid)', () => {
    expect(readMessageType(typeField('version'))).toEqual({ command: 'version', valid: true });
    expect(readMessageType(typeField(''))).toEqual({ command: '', valid: true });
    expect(readMessageType(typeField('ver\x00ack')).valid).toBe(false);
    expect(readMessageType(typeField('ver\x01ack')).valid).toBe(false);
    expect(readMessageType(typeField('ver\x7fack')).valid).toBe(false);
    expect(readMessageType(typeField('abcdefghijkl'))).toEqual({ command: 'abcdefghijkl', valid: true });
    expect(() => encodeEnvelope(MAIN, 'abcdefghijklm', new Uint8Array(0))).toThrow(RangeError);
  });

  it('caps per message type (block 4,000,000; headers 2,000 x 81 + 3; inv 50,000 x 36 + 5; unknown: Core 4,000,000)', () => {
    expect(payloadCap('block')).toBe(4_000_000);
    expect(payloadCap('headers')).toBe(162_003);
    expect(payloadCap('inv')).toBe(1_800_005);
    expect(payloadCap('getdata')).toBe(1_800_005);
    expect(payloadCap('getheaders')).toBe(3_277);
    expect(payloadCap('ping')).toBe(1024);
    expect(payloadCap('tx')).toBe(4_000_000);
    expect(payloadCap('constructor')).toBe(4_000_000); // no prototype lookups
  });
});

describe('envelope: streaming over chunk boundaries', () => {
  const messages = [
    { command: 'version', payload: Uint8Array.from({ length: 102 }, (_, i) => i) },
    { command: 'verack', payload: new Uint8Array(0) },
    { command: 'ping', payload: hex('0102030405060708') },
    { command: 'block', payload: readVector('bcoin/block482683.raw') },
    { command: 'somethingnew', payload: hex('ff') },
  ];
  const stream = Uint8Array.from(messages.flatMap((m) => [...encodeEnvelope(REGTEST, m.command, m.payload)]));
  const expected = messages.map((m) => ({ kind: 'message', command: m.command, payload: m.payload }));

  it('whole stream in one chunk, one byte at a time, and at every 997-byte cut', () => {
    expect(new EnvelopeParser(REGTEST).push(stream)).toEqual(expected);
    const bytewise = new EnvelopeParser(REGTEST);
    const events: EnvelopeEvent[] = [];
    for (let i = 0; i < stream.length; i++) events.push(...bytewise.push(stream.subarray(i, i + 1)));
    expect(events).toEqual(expected);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < stream.length; at += 997) chunks.push(stream.subarray(at, at + 997));
    expect(pushAll(new EnvelopeParser(REGTEST), chunks)).toEqual(expected);
  });

  it('every split into two chunks within the first 300 bytes gives the same messages', () => {
    /** Events compared by type and payload bytes (Buffer.equals: deep equality of 300 x 1 MB is slow). */
    const summary = (events: readonly EnvelopeEvent[]): string[] =>
      events.map((e) => (e.kind === 'message' ? `${e.command}:${Buffer.from(e.payload).toString('base64')}` : e.kind));
    const want = summary(expected as EnvelopeEvent[]);
    for (let cut = 0; cut <= 300; cut++) {
      const events = pushAll(new EnvelopeParser(REGTEST), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(events.length).toBe(expected.length);
      expect(summary(events)).toEqual(want);
    }
  });
});

describe('envelope: header errors with Core wording', () => {
  it('wrong magic: fatal "Header error: Wrong MessageStart", nothing read after it', () => {
    const p = new EnvelopeParser(REGTEST);
    const events = p.push(encodeEnvelope(MAIN, 'verack', new Uint8Array(0)));
    expect(events).toEqual([{ kind: 'fatal', reason: 'Header error: Wrong MessageStart', detail: 'Header error: Wrong MessageStart f9beb4d9 received' }]);
    expect(p.stopped).toBe(true);
    expect(p.push(encodeEnvelope(REGTEST, 'verack', new Uint8Array(0)))).toEqual([]);
  });

  it('oversized: fatal "Header error: Size too large" as soon as the header is in, no payload buffered', () => {
    for (const [type, size] of [['block', 4_000_001], ['headers', 162_004], ['inv', 1_800_006], ['ping', 1025], ['tx', 4_000_001], ['x', 0xffffffff]] as const) {
      const p = new EnvelopeParser(REGTEST);
      const events = p.push(rawHeader(REGTEST, typeField(type), size, new Uint8Array(4)));
      expect(events).toEqual([{ kind: 'fatal', reason: 'Header error: Size too large', detail: `Header error: Size too large (${type}, ${size} bytes)` }]);
      expect(p.bufferedBytes).toBe(24);
    }
  });

  it('at the cap: accepted, and only what arrived is buffered (a lying length costs what was sent)', () => {
    const p = new EnvelopeParser(REGTEST);
    expect(p.push(rawHeader(REGTEST, typeField('block'), 4_000_000, new Uint8Array(4)))).toEqual([]);
    expect(p.push(new Uint8Array(1000))).toEqual([]);
    expect(p.bufferedBytes).toBe(24 + 1000);
    expect(p.stopped).toBe(false);
  });

  it('wrong checksum: the message is dropped with Core\'s line, the next one is read', () => {
    const good = encodeEnvelope(REGTEST, 'ping', hex('0102030405060708'));
    const bad = good.slice();
    bad[20] = (bad[20] ?? 0) ^ 0xff;
    const events = new EnvelopeParser(REGTEST).push(Uint8Array.from([...bad, ...good]));
    const expectedSum = toHex(sha256d(hex('0102030405060708')).subarray(0, 4));
    expect(events).toEqual([
      {
        kind: 'dropped',
        reason: 'Header error: Wrong checksum',
        detail: `Header error: Wrong checksum (ping, 8 bytes), expected ${expectedSum} was ${toHex(bad.subarray(20, 24))}`,
        command: 'ping',
        size: 8,
      },
      { kind: 'message', command: 'ping', payload: hex('0102030405060708') },
    ]);
  });

  it('invalid message type: dropped with "Header error: Invalid message type", stream goes on', () => {
    const payload = hex('00');
    const header = rawHeader(REGTEST, typeField('ver\x01ack'), 1, messageChecksum(payload));
    const next = encodeEnvelope(REGTEST, 'verack', new Uint8Array(0));
    const events = new EnvelopeParser(REGTEST).push(Uint8Array.from([...header, ...payload, ...next]));
    expect(events).toEqual([
      { kind: 'dropped', reason: 'Header error: Invalid message type', detail: 'Header error: Invalid message type (verack, 1 bytes)', command: 'ver\x01ack', size: 1 },
      { kind: 'message', command: 'verack', payload: new Uint8Array(0) },
    ]);
  });
});
