/**
 * Interop with bcoin, an implementation no one here wrote (../shared/peers/bcoin): a real bcoin
 * regtest node mines blocks through its RPC; our Peer connects over TCP, completes the handshake
 * (bcoin sends no node-id proof and is served all the same), asks for headers from genesis and
 * gets bcoin's chain, asks for a block with MSG_WITNESS_BLOCK and decodes it with the kernel to
 * bcoin's hash and bcoin's own bytes (getblock verbosity 0); and bcoin dialing our listening Peer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genesisHash } from '../../kernel/chain/genesis.js';
import { fromDisplayHex, fromHex, toDisplayHex } from '../../kernel/encoding/hex.js';
import { blockHash } from '../../kernel/primitives/block.js';
import { generateNodeIdentity } from '../../shell/p2p/identity.js';
import { Peer } from '../../shell/p2p/peer.js';
import { TcpTransport } from '../../shell/p2p/transport/tcp.js';
import { MSG_WITNESS_BLOCK } from '../../shell/p2p/wire/protocol.js';
import { BcoinNode, REGTEST_ADDRESS } from './bcoin/bcoin.js';
import { REGTEST, next, nextMessage } from './support.js';

const BLOCKS = 6;
let bcoin: BcoinNode;
let minedHashes: string[];
const transport = new TcpTransport();
let peer: Peer;

function bytes(displayHex: string): Uint8Array {
  const r = fromDisplayHex(displayHex);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

beforeAll(async () => {
  bcoin = await BcoinNode.start();
  minedHashes = await bcoin.rpc<string[]>('generatetoaddress', [BLOCKS, REGTEST_ADDRESS]);
});

afterAll(async () => {
  await transport.close();
  await bcoin?.stop();
});

describe('interop with bcoin over TCP', () => {
  it('handshake: bcoin\'s version arrives (user agent, height, nonce) and both sides reach verack without a node-id proof', async () => {
    const conn = await transport.dial({ host: '127.0.0.1', port: bcoin.p2pPort });
    peer = new Peer(conn, { params: REGTEST, identity: generateNodeIdentity() });
    const ready = next(peer, 'ready');
    peer.start();
    const [r] = await ready;
    expect(r.version.userAgent).toMatch(/^\/bcoin:/);
    expect(r.version.startHeight).toBe(BLOCKS);
    expect(r.version.version).toBeGreaterThanOrEqual(70012);
    expect(r.nodeId).toBeUndefined();
    const peers = await bcoin.rpc<Array<{ subver: string; version: number }>>('getpeerinfo');
    expect(peers.some((p) => p.subver === '/bllvm-ts:0.1.0/')).toBe(true);
  });

  it('ping/pong with bcoin', async () => {
    expect(await peer.ping()).toBeGreaterThanOrEqual(0);
  });

  it('getheaders from genesis: bcoin answers with its whole chain, each header chained and hashed as bcoin mined it', async () => {
    const genesis = genesisHash(REGTEST.genesis);
    const answer = nextMessage(peer, 'headers');
    await peer.send({ command: 'getheaders', payload: { version: 70016, locator: [genesis], stopHash: new Uint8Array(32) } });
    const [msg] = await answer;
    if (msg.command !== 'headers') throw new Error('not headers');
    const headers = msg.payload.headers;
    expect(headers.map((h) => toDisplayHex(blockHash(h)))).toEqual(minedHashes);
    expect(toDisplayHex(headers[0]!.prevBlockHash)).toBe(toDisplayHex(genesis));
    for (let i = 1; i < headers.length; i++) expect(toDisplayHex(headers[i]!.prevBlockHash)).toBe(minedHashes[i - 1]);
  });

  it('getdata MSG_WITNESS_BLOCK: the block decodes with the kernel to bcoin\'s hash and is bcoin\'s own bytes', async () => {
    const want = minedHashes[3]!;
    const answer = nextMessage(peer, 'block');
    await peer.send({ command: 'getdata', payload: { inventory: [{ type: MSG_WITNESS_BLOCK, hash: bytes(want) }] } });
    const [msg, raw] = await answer;
    if (msg.command !== 'block') throw new Error('not a block');
    expect(toDisplayHex(blockHash(msg.payload.block.header))).toBe(want);
    const rawHex = await bcoin.rpc<string>('getblock', [want, 0]);
    const expected = fromHex(rawHex);
    expect(expected.ok && Buffer.from(raw).equals(Buffer.from(expected.value))).toBe(true);
    expect(peer.closed).toBe(false);
  });

  it('inbound: bcoin dials our listening Peer (addnode onetry); the handshake completes, pings work, bcoin lists us as its outbound peer', async () => {
    const listener = new TcpTransport();
    try {
      let accepted: (p: Peer) => void = () => undefined;
      const inbound = new Promise<Peer>((resolve) => (accepted = resolve));
      const at = await listener.listen((c) => {
        const p = new Peer(c, { params: REGTEST, identity: generateNodeIdentity() });
        accepted(p);
        p.start();
      });
      await bcoin.rpc('addnode', [`127.0.0.1:${at.port}`, 'onetry']);
      const p = await inbound;
      expect(p.connection.direction).toBe('inbound');
      const [r] = await next(p, 'ready');
      expect(r.version.userAgent).toMatch(/^\/bcoin:/);
      expect(await p.ping()).toBeGreaterThanOrEqual(0);
      const peers = await bcoin.rpc<Array<{ addr: string; inbound: boolean; subver: string }>>('getpeerinfo');
      expect(peers).toContainEqual(expect.objectContaining({ addr: `127.0.0.1:${at.port}`, inbound: false, subver: '/bllvm-ts:0.1.0/' }));
    } finally {
      await listener.close();
    }
  });
});
