/**
 * Bad peers against the node (shell/node/node.ts), over real loopback sockets: a block that fails
 * validation (the peer is banned, nothing is written), headers that never connect and headers
 * that do not chain (banned after Core's limits), garbage bytes and an oversized length on the
 * wire (disconnected), unknown message types (ignored, as Core does). The node keeps serving an
 * honest peer throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { commitmentDigest } from '../../kernel/commitments/commitment.js';
import { toHex } from '../../kernel/encoding/hex.js';
import { blockHash } from '../../kernel/primitives/block.js';
import type { BlockHeader } from '../../kernel/primitives/types.js';
import { generateNodeIdentity } from '../../shell/p2p/identity.js';
import { Peer } from '../../shell/p2p/peer.js';
import { TcpTransport } from '../../shell/p2p/transport/tcp.js';
import { encodeEnvelope } from '../../shell/p2p/wire/envelope.js';
import { BllvmNode } from '../../shell/node/node.js';
import { type RegtestChainBuilder, buildRegtestChain, remine } from '../../shell/regtest/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'bllvm-bad-'));
let node: BllvmNode;
let chain: RegtestChainBuilder;
const transports: TcpTransport[] = [];
const log: string[] = [];

beforeAll(async () => {
  chain = buildRegtestChain({ seed: 'bad-peers', blocks: 110 });
  node = await BllvmNode.start({ datadir: join(scratch, 'node'), network: 'regtest', noSync: true, listen: { host: '127.0.0.1', port: 0 }, log: (l) => log.push(l) });
  for (let h = 1; h < chain.blocks.length; h++) {
    const r = await node.submitBlock((chain.blocks[h] as { block: Parameters<BllvmNode['submitBlock']>[0] }).block);
    if (r !== null) throw new Error(`block ${h}: ${r}`);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await node.stop();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

const port = (): number => node.listening.find((l) => l.transport === 'tcp')?.port as number;

/** A peer that completes the handshake with the node (from 127.0.0.1, so a ban covers every test peer: unban between tests). */
async function connect(): Promise<Peer> {
  const t = new TcpTransport();
  transports.push(t);
  const peer = new Peer(await t.dial({ host: '127.0.0.1', port: port() }), { params: NETWORKS.regtest, identity: generateNodeIdentity(), pingIntervalMs: 0 });
  const ready = new Promise<void>((resolve, reject) => {
    peer.once('ready', () => resolve());
    peer.once('close', (c) => reject(new Error(`closed before ready: ${c.reason}`)));
  });
  peer.start();
  await ready;
  return peer;
}

const closed = (peer: Peer): Promise<string> => new Promise((resolve) => (peer.closed ? resolve('closed') : peer.once('close', (c) => resolve(c.reason))));

const digest = (): string => {
  const d = commitmentDigest(node.store.tipCommitment());
  if (!d.ok) throw new Error('digest');
  return toHex(d.value);
};

function unban(): void {
  (node.bans as Map<string, string>).clear();
}

describe('§5.7 bad peers', () => {
  afterEach(() => unban());

  it('a block that fails validation: the sender is banned and nothing is written', async () => {
    const before = { height: node.store.tip.height, digest: digest() };
    const bad = remine(chain.candidateBlock([], 50n * 100_000_000n + 1n)); // coinbase one satoshi over the subsidy (regtest halves at 150: 50 BTC)
    const peer = await connect();
    const end = closed(peer);
    // Announce its header; the node asks for the block and gets the bad one.
    peer.on('message', (msg) => {
      if (msg.command === 'getdata') void peer.send({ command: 'block', payload: { block: bad } });
    });
    await peer.send({ command: 'headers', payload: { headers: [bad.header] } });
    await end;
    expect(node.bans.get('127.0.0.1')).toMatch(/invalid block: bad-cb-amount/);
    expect(node.store.tip.height).toBe(before.height);
    expect(digest()).toBe(before.digest);
    const info = node.store.blockInfo(blockHash(bad.header));
    expect(info.ok && info.value?.txCount).toBe(0); // the block was not stored
    unban();
  }, 60_000);

  it('headers that never connect: banned after 10 such messages', async () => {
    const peer = await connect();
    const end = closed(peer);
    for (let i = 0; i < 11 && !peer.closed; i++) {
      const orphan: BlockHeader = { version: 4, prevBlockHash: new Uint8Array(32).fill(i + 1), merkleRoot: new Uint8Array(32), time: 1_300_000_000, bits: 0x207fffff, nonce: i };
      await peer.send({ command: 'headers', payload: { headers: [orphan] } });
    }
    await end;
    expect(node.bans.get('127.0.0.1')).toBe('10 non-connecting headers');
    unban();
  }, 60_000);

  it('headers that do not chain within one message: banned', async () => {
    const peer = await connect();
    const end = closed(peer);
    const [a, b] = [chain.blocks[5], chain.blocks[7]] as [{ block: { header: BlockHeader } }, { block: { header: BlockHeader } }];
    await peer.send({ command: 'headers', payload: { headers: [a.block.header, b.block.header] } });
    await end;
    expect(node.bans.get('127.0.0.1')).toBe('non-continuous headers sequence');
    unban();
  }, 60_000);

  it('unknown message types are ignored; the peer stays and is served', async () => {
    const peer = await connect();
    await peer.sendRaw('whatisthis', Uint8Array.of(1, 2, 3));
    const headers = new Promise<number>((resolve) => peer.on('message', (m) => m.command === 'headers' && resolve(m.payload.headers.length)));
    await peer.send({ command: 'getheaders', payload: { version: 70016, locator: [(chain.blocks[100] as { hash: Uint8Array }).hash], stopHash: new Uint8Array(32) } });
    expect(await headers).toBe(10);
    expect(peer.closed).toBe(false);
    peer.disconnect('done');
  }, 60_000);

  it('garbage bytes and an oversized length end the connection; the node goes on serving', async () => {
    const raw = async (bytes: Uint8Array): Promise<void> => {
      const socket = createConnection({ host: '127.0.0.1', port: port() });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(bytes);
      await ended;
    };
    await raw(new Uint8Array(64).fill(0x42)); // wrong magic
    const oversized = encodeEnvelope(NETWORKS.regtest.messageStart, 'block', new Uint8Array(0));
    new DataView(oversized.buffer, oversized.byteOffset).setUint32(16, 4_000_001, true);
    await raw(oversized);
    unban();
    const honest = await connect();
    expect(honest.ready).toBe(true);
    honest.disconnect('done');
    expect(log.some((l) => /misbehaving/.test(l))).toBe(true);
  }, 60_000);
});
