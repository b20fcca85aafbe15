/**
 * Fuzzing the wire layer as properties/decode-robustness.prop.test.ts fuzzes the kernel's decoders:
 * every message codec round-trips random values, and on random bytes, truncations, bit flips
 * and lying counts every decoder returns a typed result (never a throw); the envelope parser
 * never throws on random streams cut anywhere and never holds more than a header plus the
 * current payload's cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../../kernel/chain/params.js';
import { block, blockHeader, hash32, mutated } from '../../properties/arbitraries.js';
import { EnvelopeParser, encodeEnvelope, payloadCap } from '../../shell/p2p/wire/envelope.js';
import {
  type Command,
  type KnownMessage,
  MESSAGE_CODECS,
  type NetAddress,
  decodeMessage,
  encodeMessage,
} from '../../shell/p2p/wire/messages.js';

const MAGIC = NETWORKS.regtest.messageStart;
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const netAddress: fc.Arbitrary<NetAddress> = fc.record({ services: u64, ip: fc.uint8Array({ minLength: 16, maxLength: 16 }), port: fc.integer({ min: 0, max: 65535 }) });
const userAgent = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => new TextEncoder().encode(s).length <= 256 && !s.includes('\uFFFD'));
const inventory = fc.record({ inventory: fc.array(fc.record({ type: u32, hash: hash32() }), { maxLength: 20 }) });
const none = fc.constant({} as Record<string, never>);

/** Random values of every message with a codec. */
const ARBITRARIES: { readonly [K in Command]: fc.Arbitrary<KnownMessage & { command: K }> } = {
  version: fc
    .record({ version: i32, services: u64, time: i64, addrRecv: netAddress, addrFrom: netAddress, nonce: u64, userAgent, startHeight: i32, relay: fc.boolean() })
    .map((payload) => ({ command: 'version', payload })),
  verack: none.map((payload) => ({ command: 'verack', payload })),
  wtxidrelay: none.map((payload) => ({ command: 'wtxidrelay', payload })),
  sendaddrv2: none.map((payload) => ({ command: 'sendaddrv2', payload })),
  sendheaders: none.map((payload) => ({ command: 'sendheaders', payload })),
  ping: fc.record({ nonce: u64 }).map((payload) => ({ command: 'ping', payload })),
  pong: fc.record({ nonce: u64 }).map((payload) => ({ command: 'pong', payload })),
  getheaders: fc
    .record({ version: i32, locator: fc.array(hash32(), { maxLength: 101 }), stopHash: hash32() })
    .map((payload) => ({ command: 'getheaders', payload })),
  getblocks: fc
    .record({ version: i32, locator: fc.array(hash32(), { maxLength: 101 }), stopHash: hash32() })
    .map((payload) => ({ command: 'getblocks', payload })),
  headers: fc.record({ headers: fc.array(blockHeader(), { maxLength: 30 }) }).map((payload) => ({ command: 'headers', payload })),
  inv: inventory.map((payload) => ({ command: 'inv', payload })),
  getdata: inventory.map((payload) => ({ command: 'getdata', payload })),
  notfound: inventory.map((payload) => ({ command: 'notfound', payload })),
  block: block(3).map((b) => ({ command: 'block', payload: { block: b } })),
  feefilter: fc.record({ feeRate: i64 }).map((payload) => ({ command: 'feefilter', payload })),
  bllvmnodeid: fc
    .record({ publicKey: fc.uint8Array({ minLength: 32, maxLength: 32 }), signature: fc.uint8Array({ minLength: 64, maxLength: 64 }) })
    .map((payload) => ({ command: 'bllvmnodeid', payload })),
  getutxocmt: fc.record({ requestId: u64, height: u32 }).map((payload) => ({ command: 'getutxocmt', payload })),
  utxocmt: fc
    .record({ requestId: u64, status: fc.integer({ min: 0, max: 255 }), commitment: fc.uint8Array({ maxLength: 117 }) })
    .map((payload) => ({ command: 'utxocmt', payload })),
  getutxoplan: fc.record({ requestId: u64, height: u32 }).map((payload) => ({ command: 'getutxoplan', payload })),
  utxoplan: fc
    .record({
      requestId: u64,
      status: fc.integer({ min: 0, max: 255 }),
      entries: fc.array(fc.record({ bits: fc.integer({ min: 0, max: 65535 }), prefix: hash32(), count: u32, bytes: u32 }), { maxLength: 10 }),
    })
    .map((payload) => ({ command: 'utxoplan', payload })),
  getutxochnk: fc
    .record({ requestId: u64, height: u32, bits: fc.integer({ min: 0, max: 65535 }), prefix: hash32() })
    .map((payload) => ({ command: 'getutxochnk', payload })),
  utxochnk: fc
    .record({ requestId: u64, status: fc.integer({ min: 0, max: 255 }), chunk: fc.uint8Array({ maxLength: 300 }) })
    .map((payload) => ({ command: 'utxochnk', payload })),
  getfiltblk: fc.record({ requestId: u64, hash: hash32(), preset: fc.integer({ min: 0, max: 255 }) }).map((payload) => ({ command: 'getfiltblk', payload })),
  filtblk: fc
    .record({ requestId: u64, status: fc.integer({ min: 0, max: 255 }), block: fc.uint8Array({ maxLength: 300 }) })
    .map((payload) => ({ command: 'filtblk', payload })),
};

const COMMANDS = Object.keys(MESSAGE_CODECS) as Command[];
const arbitraryOf = (c: Command): fc.Arbitrary<KnownMessage> => ARBITRARIES[c] as fc.Arbitrary<KnownMessage>;

/** A decode outcome is a value or a typed error at an offset inside the input. */
function expectTyped(type: string, bytes: Uint8Array): void {
  const r = decodeMessage(type, bytes);
  if (r.ok) return;
  expect(typeof r.error.code).toBe('string');
  expect(r.error.offset).toBeGreaterThanOrEqual(0);
  expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
}

describe('message codecs: round trips', () => {
  for (const command of COMMANDS) {
    it(`${command}: decode(encode(m)) = m, and the bytes re-encode identically`, () => {
      fc.assert(
        fc.property(ARBITRARIES[command], (msg) => {
          const { type, payload } = encodeMessage(msg);
          expect(type).toBe(command);
          const back = decodeMessage(type, payload);
          expect(back).toEqual({ ok: true, value: msg });
          if (back.ok) expect(Buffer.from(encodeMessage(back.value).payload).equals(Buffer.from(payload))).toBe(true);
        }),
        { numRuns: command === 'block' ? 60 : 200 },
      );
    });
  }
});

describe('message codecs: hostile bytes never throw', () => {
  it('random bytes under every message type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), fc.uint8Array({ maxLength: 400 }), (type, bytes) => expectTyped(type, bytes)),
      { numRuns: 3000 },
    );
  });

  it('truncations and bit flips of valid encodings', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMANDS).chain(arbitraryOf).chain((msg) => {
          const { type, payload } = encodeMessage(msg);
          return fc.tuple(fc.constant(type), fc.oneof(mutated(payload.length > 0 ? payload : Uint8Array.of(0)), fc.nat({ max: payload.length }).map((n) => payload.subarray(0, n))));
        }),
        ([type, bytes]) => expectTyped(type, bytes),
      ),
      { numRuns: 2000 },
    );
  });

  it('lying counts and lengths: refused at the count, before any item is read or allocated', () => {
    // Every CompactSize width, with the bytes after it far too short for the count.
    const lies = [0xfc, 0xfd, 0xfe, 0xff].flatMap((prefix) => [
      Uint8Array.of(prefix, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0),
      Uint8Array.of(prefix, 0xff, 0xff, 0xff, 0x01, 0, 0, 0, 0),
      Uint8Array.of(prefix, 0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0),
    ]);
    for (const type of ['headers', 'inv', 'getdata', 'notfound', 'block']) {
      for (const lie of lies) {
        const r = decodeMessage(type, Uint8Array.from([...(type === 'block' ? new Uint8Array(80) : []), ...lie]));
        expect(r.ok, `${type} ${Buffer.from(lie).toString('hex')}`).toBe(false);
        if (!r.ok) expect(r.error.offset).toBeLessThanOrEqual(90);
      }
    }
    // getheaders' and version's own lengths.
    for (const lie of lies) {
      expect(decodeMessage('getheaders', Uint8Array.from([0x80, 0x11, 0x01, 0x00, ...lie])).ok).toBe(false);
      expect(decodeMessage('version', Uint8Array.from([...new Uint8Array(80), ...lie])).ok).toBe(false);
    }
  });
});

describe('envelope parser: random streams', () => {
  it('random bytes in random chunks: no throw, at most one fatal, then silence; buffer within header + cap', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), fc.boolean(), (chunks, withMagic) => {
        const parser = new EnvelopeParser(MAGIC);
        let fatal = 0;
        for (const c of chunks) {
          const chunk = withMagic && c.length >= 4 ? Uint8Array.from([...MAGIC, ...c.subarray(4)]) : c;
          for (const e of parser.push(chunk)) if (e.kind === 'fatal') fatal++;
          expect(parser.bufferedBytes).toBeLessThanOrEqual(24 + 4_000_000);
        }
        expect(fatal).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('valid messages cut at random points, with random garbage messages between: every valid one is delivered in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...COMMANDS.filter((c) => c !== 'block')).chain(arbitraryOf), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (msgs, cutSeeds) => {
          const framed = msgs.map((m) => {
            const { type, payload } = encodeMessage(m);
            return encodeEnvelope(MAGIC, type, payload);
          });
          const stream = Uint8Array.from(framed.flatMap((f) => [...f]));
          const cuts = [...new Set(cutSeeds.map((s) => s % (stream.length + 1)))].sort((a, b) => a - b);
          const parser = new EnvelopeParser(MAGIC);
          const got: string[] = [];
          let at = 0;
          for (const cut of [...cuts, stream.length]) {
            for (const e of parser.push(stream.subarray(at, cut))) {
              expect(e.kind).toBe('message');
              if (e.kind === 'message') {
                expect(e.payload.length).toBeLessThanOrEqual(payloadCap(e.command));
                got.push(e.command);
              }
            }
            at = cut;
          }
          expect(got).toEqual(msgs.map((m) => encodeMessage(m).type));
          expect(parser.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
