/**
 * Bad input from a peer: a raw TCP client (node:net, loopback) sends hostile bytes to a Peer
 * listening on TcpTransport. A wrong magic, an oversized length, counts over Core's limits, an
 * obsolete version, a missing handshake and unanswered pings disconnect with Core's reason; a
 * wrong checksum, an invalid message type, a malformed payload and unknown message types do not
 * (Core drops those and keeps the peer). Nothing crashes, and at most one message's announced
 * bytes, as far as they arrived, are held.
 */
import { type Socket, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Peer, type PeerOptions } from '../../shell/p2p/peer.js';
import { TcpTransport } from '../../shell/p2p/transport/tcp.js';
import { EnvelopeParser, type EnvelopeEvent, encodeEnvelope, messageChecksum } from '../../shell/p2p/wire/envelope.js';
import { EMPTY_NET_ADDRESS, type WireMessage, decodeMessage, encodeMessage } from '../../shell/p2p/wire/messages.js';
import { REGTEST, next } from './support.js';

const MAGIC = REGTEST.messageStart;

/** A hand-driven peer: raw bytes out, parsed envelopes in. */
class RawClient {
  readonly events: EnvelopeEvent[] = [];
  readonly closed: Promise<void>;
  private readonly parser = new EnvelopeParser(MAGIC);
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.events.push(...this.parser.push(chunk));
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  send(msg: WireMessage): void {
    const { type, payload } = encodeMessage(msg);
    this.write(encodeEnvelope(MAGIC, type, payload));
  }

  /** Waits until a message of `type` has arrived; returns it decoded. */
  async receive(type: string): Promise<WireMessage> {
    for (;;) {
      const i = this.events.findIndex((e) => e.kind === 'message' && e.command === type);
      if (i >= 0) {
        const [e] = this.events.splice(i, 1);
        if (e?.kind !== 'message') throw new Error('unreachable');
        const m = decodeMessage(e.command, e.payload);
        if (!m.ok) throw new Error(m.error.code);
        return m.value;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** version then verack, as an outbound peer without the node-id proof (bcoin, Core). */
  async handshake(version = 70016): Promise<void> {
    this.send({
      command: 'version',
      payload: {
        version,
        services: 9n,
        time: BigInt(Math.floor(Date.now() / 1000)),
        addrRecv: EMPTY_NET_ADDRESS,
        addrFrom: EMPTY_NET_ADDRESS,
        nonce: 42n,
        userAgent: '/raw-client:0/',
        startHeight: 0,
        relay: false,
      },
    });
    await this.receive('version');
    await this.receive('verack');
    this.send({ command: 'verack', payload: {} });
  }
}

let transport: TcpTransport | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await transport?.close();
  transport = undefined;
});

/** A listening Peer and a raw client connected to it. */
async function setup(opts: Partial<PeerOptions> = {}): Promise<{ peer: Peer; client: RawClient }> {
  transport = new TcpTransport();
  let resolvePeer: (p: Peer) => void = () => undefined;
  const peerP = new Promise<Peer>((resolve) => (resolvePeer = resolve));
  const at = await transport.listen((c) => {
    const p = new Peer(c, { params: REGTEST, ...opts });
    p.start();
    resolvePeer(p);
  });
  const client = await RawClient.connect(at.port ?? 0);
  clients.push(client);
  return { peer: await peerP, client };
}

function header(type: string, size: number, checksum = new Uint8Array(4)): Uint8Array {
  const h = new Uint8Array(24);
  h.set(MAGIC, 0);
  for (let i = 0; i < type.length; i++) h[4 + i] = type.charCodeAt(i);
  new DataView(h.buffer).setUint32(16, size, true);
  h.set(checksum, 20);
  return h;
}

/** Polls (on the event loop, no clock) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

describe('bad peers: disconnected with the reason', () => {
  it('wrong network magic (a mainnet message to a regtest peer)', async () => {
    const { peer, client } = await setup();
    const closing = next(peer, 'close');
    client.write(encodeEnvelope(Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9), 'version', new Uint8Array(10)));
    const [[close]] = await Promise.all([closing, client.closed]);
    expect(close).toEqual({ reason: 'Header error: Wrong MessageStart f9beb4d9 received', byUs: true });
  });

  it('garbage bytes', async () => {
    const { peer, client } = await setup();
    const closing = next(peer, 'close');
    client.write(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const [close] = await closing;
    expect(close.reason).toBe('Header error: Wrong MessageStart 47455420 received');
    await client.closed;
  });

  it('oversized length: refused at the header, nothing of the payload held', async () => {
    for (const [type, size] of [['block', 4_000_001], ['headers', 200_000], ['verack', 5000]] as const) {
      const { peer, client } = await setup();
      const closing = next(peer, 'close');
      client.write(header(type, size));
      client.write(new Uint8Array(64 * 1024)); // payload bytes that follow are never read
      const [close] = await closing;
      expect(close.reason).toBe(`Header error: Size too large (${type}, ${size} bytes)`);
      expect(peer.receiveBufferBytes).toBe(24);
      await client.closed;
      await transport?.close();
    }
  });

  it('a lying length within the cap: only the bytes really sent are held', async () => {
    const { peer, client } = await setup();
    client.write(header('block', 4_000_000));
    client.write(new Uint8Array(10_000));
    await until(() => peer.stats.bytesReceived === 24 + 10_000);
    expect(peer.receiveBufferBytes).toBe(24 + 10_000);
    expect(peer.closed).toBe(false);
  });

  it('counts over Core limits after the handshake: "headers message size = 2001", "getheaders locator size 102 > 101"', async () => {
    for (const [type, payload, reason] of [
      ['headers', Uint8Array.of(0xfd, 0xd1, 0x07), 'headers message size = 2001'],
      ['getheaders', Uint8Array.of(0x80, 0x11, 0x01, 0x00, 102), 'getheaders locator size 102 > 101'],
      ['inv', Uint8Array.of(0xfd, 0x51, 0xc3), 'inv message size = 50001'],
    ] as const) {
      const { peer, client } = await setup();
      await client.handshake();
      await next(peer, 'ready');
      const closing = next(peer, 'close');
      client.write(encodeEnvelope(MAGIC, type, payload));
      expect((await closing)[0]).toEqual({ reason, byUs: true });
      await client.closed;
      await transport?.close();
    }
  });

  it('an obsolete protocol version (Core: MIN_PEER_PROTO_VERSION 31800)', async () => {
    const { peer, client } = await setup();
    const closing = next(peer, 'close');
    void client.handshake(31799).catch(() => undefined);
    expect((await closing)[0].reason).toBe('using obsolete version 31799; disconnecting');
  });

  it('no version within the handshake timeout', async () => {
    const { peer } = await setup({ handshakeTimeoutMs: 100 });
    expect((await next(peer, 'close'))[0]).toEqual({ reason: 'version handshake timeout', byUs: true });
  });

  it('a ping left unanswered past the ping timeout', async () => {
    const { peer, client } = await setup({ pingIntervalMs: 20, pingTimeoutMs: 150 });
    await client.handshake();
    await next(peer, 'ready');
    await client.receive('ping'); // ...and never answered
    expect((await next(peer, 'close'))[0]).toEqual({ reason: 'ping timeout: 0.150000s', byUs: true });
  });

  it('wtxidrelay after verack (Core: "wtxidrelay received after verack; disconnecting")', async () => {
    const { peer, client } = await setup();
    await client.handshake();
    await next(peer, 'ready');
    const closing = next(peer, 'close');
    client.send({ command: 'wtxidrelay', payload: {} });
    expect((await closing)[0].reason).toBe('wtxidrelay received after verack; disconnecting');
  });
});

describe('bad messages Core drops while keeping the peer', () => {
  it('wrong checksum: misbehaving "Header error: Wrong checksum", the peer still answers a ping', async () => {
    const { peer, client } = await setup();
    await client.handshake();
    await next(peer, 'ready');
    const payload = new Uint8Array(8).fill(1);
    const flagged = next(peer, 'misbehaving');
    client.write(Uint8Array.from([...header('ping', 8, Uint8Array.of(0, 0, 0, 0)), ...payload]));
    const [m] = await flagged;
    expect(m.reason).toBe('Header error: Wrong checksum');
    expect(m.disconnect).toBe(false);
    expect(m.detail).toMatch(/^Header error: Wrong checksum \(ping, 8 bytes\), expected [0-9a-f]{8} was 00000000$/);
    client.send({ command: 'ping', payload: { nonce: 5n } });
    expect(await client.receive('pong')).toEqual({ command: 'pong', payload: { nonce: 5n } });
    expect(peer.closed).toBe(false);
  });

  it('wrong checksum with disconnectOnDroppedMessage: disconnected with Core\'s line', async () => {
    const { peer, client } = await setup({ disconnectOnDroppedMessage: true });
    const closing = next(peer, 'close');
    client.write(Uint8Array.from([...header('verack', 1, Uint8Array.of(1, 2, 3, 4)), 0]));
    const expected = `Header error: Wrong checksum (verack, 1 bytes), expected ${Buffer.from(messageChecksum(Uint8Array.of(0))).toString('hex')} was 01020304`;
    expect((await closing)[0]).toEqual({ reason: expected, byUs: true });
  });

  it('a malformed payload (a 3-byte feefilter) and an unknown type are dropped; the peer is kept', async () => {
    const { peer, client } = await setup();
    await client.handshake();
    await next(peer, 'ready');
    const flagged = next(peer, 'misbehaving');
    const unknown = new Promise<WireMessage>((resolve) => peer.on('message', (m) => m.command === 'unknown' && resolve(m)));
    client.write(encodeEnvelope(MAGIC, 'feefilter', Uint8Array.of(1, 2, 3)));
    client.write(encodeEnvelope(MAGIC, 'futurething', Uint8Array.of(9)));
    const [m] = await flagged;
    expect(m).toEqual({
      reason: 'ProcessMessages exception',
      detail: "ProcessMessages(feefilter, 3 bytes): Exception 'DataStream::read(): end of data' caught",
      disconnect: false,
    });
    expect(await unknown).toEqual({ command: 'unknown', type: 'futurething', payload: Uint8Array.of(9) });
    client.send({ command: 'ping', payload: { nonce: 6n } });
    expect(await client.receive('pong')).toEqual({ command: 'pong', payload: { nonce: 6n } });
  });

  it('messages before version are ignored (Core: "non-version message before version handshake")', async () => {
    const { peer, client } = await setup();
    client.send({ command: 'ping', payload: { nonce: 1n } });
    await client.handshake();
    await next(peer, 'ready');
    client.send({ command: 'ping', payload: { nonce: 2n } });
    expect(await client.receive('pong')).toEqual({ command: 'pong', payload: { nonce: 2n } });
    expect(client.events.some((e) => e.kind === 'message' && e.command === 'pong')).toBe(false); // no pong for nonce 1
  });
});
