/**
 * Two bllvm peers (shell/p2p/peer.ts) over real loopback TCP and Iroh: the version handshake
 * with the node-id proof on TCP (and the transport's own authentication on Iroh), ping/pong,
 * a 1 MB block each way, a wrong node-id signature disconnecting, and a peer without the proof
 * (as bcoin or Core) still served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { blockHash, decodeBlock } from '../../kernel/primitives/block.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { generateNodeIdentity, type NodeIdentity } from '../../shell/p2p/identity.js';
import { USER_AGENT } from '../../shell/p2p/peer.js';
import { IrohTransport } from '../../shell/p2p/transport/iroh.js';
import { NODE_BLLVM_NODEID } from '../../shell/p2p/wire/protocol.js';
import { readVector } from '../support/vectors.js';
import { Cleanup, type Kind, connectPair, next, nextMessage } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const BLOCK = readVector('bitcoin-core/block413567.raw');

for (const kind of ['tcp', 'iroh'] as Kind[]) {
  describe(`two bllvm peers over ${kind}`, () => {
    it('handshake: both ready, versions exchanged, node ids proven (TCP) or authenticated (Iroh)', async () => {
      const idA = generateNodeIdentity();
      const idB = generateNodeIdentity();
      const { a, b } = await connectPair(kind, cleanup, { identity: idA, startHeight: 7 }, { identity: idB, startHeight: 9 });
      const [[readyA], [readyB]] = await Promise.all([next(a, 'ready'), next(b, 'ready')]);
      expect(readyA.nodeId).toBe(idB.nodeId);
      expect(readyB.nodeId).toBe(idA.nodeId);
      expect(readyA.version.nonce).toBe(b.nonce);
      expect(readyB.version.nonce).toBe(a.nonce);
      expect(readyA.version.startHeight).toBe(9);
      expect(readyB.version.startHeight).toBe(7);
      expect(readyA.version.version).toBe(70016);
      expect(readyA.version.userAgent).toBe(USER_AGENT);
      expect(readyA.version.services & NODE_BLLVM_NODEID).toBe(NODE_BLLVM_NODEID);
      expect(a.wtxidRelay && a.sendAddrV2 && b.wtxidRelay && b.sendAddrV2).toBe(true);
      expect(a.connection.remote.transport).toBe(kind);
      if (kind === 'iroh') {
        expect(a.connection.remote.nodeId).toBe(idB.nodeId);
        expect(b.connection.remote.nodeId).toBe(idA.nodeId);
        expect(a.connection.remote.address).toMatch(/^127\.0\.0\.1:\d+$/); // the direct loopback path, no relay
      } else {
        expect(b.connection.remote).toEqual({ transport: 'tcp', address: '127.0.0.1', port: expect.any(Number) });
      }
    });

    it('ping/pong both ways; sendheaders was announced', async () => {
      const { a, b } = await connectPair(kind, cleanup, { identity: generateNodeIdentity() }, { identity: generateNodeIdentity() });
      await Promise.all([next(a, 'ready'), next(b, 'ready')]);
      const [rttA, rttB] = await Promise.all([a.ping(), b.ping()]);
      expect(rttA).toBeGreaterThanOrEqual(0);
      expect(rttB).toBeGreaterThanOrEqual(0);
      expect(a.stats.pingMs).toBe(rttA);
      // sendheaders goes out right after verack, before any ping: it has arrived by the pong.
      expect(a.prefersHeaders && b.prefersHeaders).toBe(true);
    });

    it('a disconnect reaches the other side as a close by the peer', async () => {
      const { a, b } = await connectPair(kind, cleanup, { identity: generateNodeIdentity() }, { identity: generateNodeIdentity() });
      await Promise.all([next(a, 'ready'), next(b, 'ready')]);
      const [[closeA], [closeB]] = await Promise.all([next(a, 'close'), next(b, 'close'), Promise.resolve(b.disconnect('test is done'))]);
      expect(closeB).toEqual({ reason: 'test is done', byUs: true });
      expect(closeA).toEqual({ reason: 'connection closed by peer', byUs: false });
      expect(a.closed && b.closed).toBe(true);
      expect(await a.send({ command: 'ping', payload: { nonce: 1n } })).toBe(false);
    });

    it('a 1 MB block message each way arrives whole and decodes to the same block', async () => {
      const { a, b } = await connectPair(kind, cleanup, { identity: generateNodeIdentity() }, { identity: generateNodeIdentity() });
      await Promise.all([next(a, 'ready'), next(b, 'ready')]);
      const decoded = decodeBlock(BLOCK);
      if (!decoded.ok) throw new Error('fixture');
      const atB = nextMessage(b, 'block');
      const atA = nextMessage(a, 'block');
      await Promise.all([a.send({ command: 'block', payload: { block: decoded.value } }), b.sendRaw('block', BLOCK)]);
      const [[msgB, rawB], [msgA, rawA]] = await Promise.all([atB, atA]);
      for (const [msg, raw] of [[msgB, rawB], [msgA, rawA]] as const) {
        expect(msg.command).toBe('block');
        if (msg.command !== 'block') continue;
        expect(toHex(blockHash(msg.payload.block.header))).toBe(toHex(blockHash(decoded.value.header)));
        expect(msg.payload.block.transactions.length).toBe(1557);
        expect(Buffer.from(raw).equals(Buffer.from(BLOCK))).toBe(true);
      }
      expect(b.stats.bytesReceived).toBeGreaterThan(BLOCK.length);
    });
  });
}

describe('Iroh dials by node id', () => {
  it("a node id that is not the listener's fails the QUIC handshake, even at the right address", async () => {
    const listener = cleanup.add(await IrohTransport.bind({ secretKey: generateNodeIdentity().secretKey }));
    const dialer = cleanup.add(await IrohTransport.bind({ secretKey: generateNodeIdentity().secretKey }));
    const at = await listener.listen(() => undefined);
    const impostor = generateNodeIdentity().nodeId;
    await expect(dialer.dial({ nodeId: impostor, addresses: at.addresses ?? [] }, { timeoutMs: 60_000 })).rejects.toThrow();
  });
});

describe('node-id proof on TCP', () => {
  it('a wrong signature disconnects the peer with the reason', async () => {
    const honest = generateNodeIdentity();
    const other = generateNodeIdentity();
    // Claims `honest`'s key but signs with another one.
    const liar: NodeIdentity = { ...honest, sign: other.sign };
    const { a, b } = await connectPair('tcp', cleanup, { identity: liar }, { identity: generateNodeIdentity() });
    const [[misbehaviour], [closeB], [closeA]] = await Promise.all([next(b, 'misbehaving'), next(b, 'close'), next(a, 'close')]);
    expect(misbehaviour.reason).toBe('bllvmnodeid: bad signature');
    expect(misbehaviour.disconnect).toBe(true);
    expect(closeB.byUs).toBe(true);
    expect(closeB.reason).toBe(`bllvmnodeid: bad signature for node id ${honest.nodeId}; disconnecting`);
    expect(b.ready).toBe(false);
    expect(closeA.byUs).toBe(false);
  });

  it('a peer without an identity (as bcoin or Core) is served; neither side sends or expects a proof', async () => {
    const { a, b } = await connectPair('tcp', cleanup, {}, { identity: generateNodeIdentity() });
    const [[readyA], [readyB]] = await Promise.all([next(a, 'ready'), next(b, 'ready')]);
    expect(readyB.nodeId).toBeUndefined();
    expect(readyA.nodeId).toBeUndefined();
    expect(readyB.version.services & NODE_BLLVM_NODEID).toBe(0n);
    expect(await a.ping()).toBeGreaterThanOrEqual(0);
  });
});
