/**
 * The store's record formats (shell/store/): Core's VARINT, amount and script compression, Coin
 * and CBlockUndo serializations against Bitcoin Core's own test vectors (serialize_tests
 * varints_bitpatterns, compress_tests compress_amounts, coins_tests ccoins_serialization); the
 * undo checksum against SHA256d computed with node:crypto; the block-index and chain-state records;
 * and every decoder fed truncations, byte flips and random bytes returns a value, never throws.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Coin } from '../../kernel/chain/utxo.js';
import { EMPTY_UTXO_STATE } from '../../kernel/commitments/utxo-state.js';
import { ByteReader } from '../../kernel/encoding/reader.js';
import { ByteWriter } from '../../kernel/encoding/writer.js';
import { createGenesisBlock } from '../../kernel/chain/genesis.js';
import { NETWORKS } from '../../kernel/chain/params.js';
import { decodeBlockUndo, decodeCoin, encodeBlockUndo, encodeCoin, serializeBlockUndo } from '../../shell/store/coin-codec.js';
import { compressAmount, decompressAmount } from '../../shell/store/compressor.js';
import { decodeRecord } from '../../shell/store/record-decode.js';
import { decodeChainState, decodeIndexRecord, encodeChainState, encodeIndexRecord } from '../../shell/store/records.js';
import { U32_MAX, U64_MAX, readVarInt, writeVarInt } from '../../shell/store/varint.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const COIN = 100_000_000n;
const CENT = 1_000_000n;

function varint(n: bigint | number): string {
  const w = new ByteWriter();
  writeVarInt(w, n);
  return hex(w.finish());
}

function readU64(h: string): { ok: boolean; value?: bigint; code?: string } {
  const r = decodeRecord(bytes(h), (reader) => readVarInt(reader, U64_MAX));
  return r.ok ? { ok: true, value: r.value } : { ok: false, code: r.error.code };
}

/** A seeded xorshift generator for the fuzzing below. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe("Core's VARINT (serialize.h), vectors of serialize_tests varints_bitpatterns and coins_tests", () => {
  const vectors: [bigint, string][] = [
    [0n, '00'],
    [0x7fn, '7f'],
    [0x80n, '8000'],
    [0x1234n, 'a334'],
    [0xffffn, '82fe7f'],
    [0x123456n, 'c7e756'],
    [0x80123456n, '86ffc7e756'],
    [0xffffffffn, '8efefefe7f'],
    [0x7fffffffffffffffn, 'fefefefefefefefe7f'],
    [0xffffffffffffffffn, '80fefefefefefefefe7f'],
    [3_000_000_000n, '8a95c0bb00'],
  ];
  it.each(vectors)('%s <-> %s', (n, encoded) => {
    expect(varint(n)).toBe(encoded);
    expect(readU64(encoded)).toEqual({ ok: true, value: n });
  });

  it('0..99,999 round trip, each encoding one byte longer per 7 bits (serialize_tests varints)', () => {
    const w = new ByteWriter();
    let size = 0;
    for (let i = 0; i < 100_000; i++) {
      writeVarInt(w, i);
      size += i < 0x80 ? 1 : i < 0x4080 ? 2 : 3; // 128 + 128^2 values take 1 and 2 bytes
    }
    const all = w.finish();
    expect(all.length).toBe(size);
    const r = new ByteReader(all);
    for (let i = 0; i < 100_000; i++) expect(Number(readVarInt(r, U64_MAX))).toBe(i);
    expect(r.remaining).toBe(0);
  });

  it('past the type\'s maximum: "ReadVarInt(): size too large"; past the end: end of data', () => {
    expect(readU64('ffffffffffffffffffff7f')).toEqual({ ok: false, code: 'ReadVarInt(): size too large' });
    const u32 = decodeRecord(bytes('8efefefe8000'), (r) => readVarInt(r, U32_MAX));
    expect(u32.ok ? 'decoded' : u32.error.code).toBe('ReadVarInt(): size too large');
    expect(readU64('8080')).toEqual({ ok: false, code: 'DataStream::read(): end of data' });
  });
});

describe("Core's amount compression (compress_tests compress_amounts)", () => {
  it('the pairs of Core', () => {
    const pairs: [bigint, bigint][] = [
      [0n, 0x0n],
      [1n, 0x1n],
      [CENT, 0x7n],
      [COIN, 0x9n],
      [50n * COIN, 0x32n],
      [21_000_000n * COIN, 0x1406f40n],
    ];
    for (const [dec, enc] of pairs) {
      expect(compressAmount(dec)).toBe(enc);
      expect(decompressAmount(enc)).toBe(dec);
    }
  });

  it('TestEncode over multiples of a satoshi, a cent, a coin and 50 coins; TestDecode over 0..99,999', () => {
    let checked = 0;
    const encode = (n: bigint): void => {
      if (decompressAmount(compressAmount(n)) !== n) throw new Error(`encode ${n}`);
      checked++;
    };
    for (let i = 1n; i <= 100_000n; i++) encode(i);
    for (let i = 1n; i <= 10_000n; i++) encode(i * CENT);
    for (let i = 1n; i <= 10_000n; i++) encode(i * COIN);
    for (let i = 1n; i <= 420_000n; i++) encode(i * 50n * COIN);
    for (let i = 0n; i < 100_000n; i++) {
      if (compressAmount(decompressAmount(i)) !== i) throw new Error(`decode ${i}`);
      checked++;
    }
    expect(checked).toBe(640_000);
  });
});

describe("Core's Coin serialization (coins_tests ccoins_serialization)", () => {
  const p2pkh = (hash: string): string => `76a914${hash}88ac`;

  it('the two good examples and the smallest one decode to Core\'s values and encode back', () => {
    const cases: [string, Coin][] = [
      ['97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35', { height: 203998, isCoinbase: false, output: { value: 60_000_000_000n, scriptPubKey: bytes(p2pkh('816115944e077fe7c803cfa57f29b36bf87c1d35')) } }],
      ['8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4', { height: 120891, isCoinbase: true, output: { value: 110397n, scriptPubKey: bytes(p2pkh('8c988f1a4a4de2161e0f50aac7f17e7f9555caa4')) } }],
      ['000006', { height: 0, isCoinbase: false, output: { value: 0n, scriptPubKey: new Uint8Array(0) } }],
    ];
    for (const [encoded, coin] of cases) {
      const decoded = decodeCoin(bytes(encoded));
      expect(decoded).toEqual({ ok: true, value: coin });
      expect(hex(encodeCoin(coin))).toBe(encoded);
    }
  });

  it('a script past the end of the record, and a 3e9-byte script, are end of data', () => {
    expect(decodeCoin(bytes('000007'))).toMatchObject({ ok: false, error: { code: 'DataStream::read(): end of data' } });
    expect(decodeCoin(bytes('00008a95c0bb00'))).toMatchObject({ ok: false, error: { code: 'DataStream::read(): end of data' } });
  });

  it('special script forms: P2SH 21 bytes, compressed P2PK 33, an uncompressed key on the curve 33 (type 4|parity of y), one off the curve kept whole', () => {
    // The genesis coinbase key (an uncompressed point; its y ends in 0x5f: odd).
    const satoshi = '04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f';
    const coin = (script: string): Coin => ({ height: 1, isCoinbase: true, output: { value: 50n * COIN, scriptPubKey: bytes(script) } });
    const body = (c: Coin): string => hex(encodeCoin(c)).slice(4); // after VARINT(3) and VARINT(0x32)
    expect(body(coin(`a914${'11'.repeat(20)}87`))).toBe(`01${'11'.repeat(20)}`);
    expect(body(coin(`21${'02'}${'22'.repeat(32)}ac`))).toBe(`02${'22'.repeat(32)}`);
    expect(body(coin(`41${satoshi}ac`))).toBe(`05${satoshi.slice(2, 66)}`);
    const offCurve = `${satoshi.slice(0, 128)}00`;
    expect(body(coin(`41${offCurve}ac`))).toBe(`49${`41${offCurve}ac`}`); // VARINT(67 + 6) then the script
    for (const script of [`a914${'11'.repeat(20)}87`, `41${satoshi}ac`, `41${offCurve}ac`, '6a0568656c6c6f', `5120${'33'.repeat(32)}`]) {
      expect(decodeCoin(encodeCoin(coin(script)))).toEqual({ ok: true, value: coin(script) });
    }
  });

  it('a 0x04/0x05 form whose x is not on the curve is a corrupt record; a script over 10,000 bytes reads as OP_RETURN', () => {
    // x = 5 is not the x of any point of secp256k1 (5^3 + 7 = 132 is not a square mod p).
    expect(decodeCoin(bytes(`030004${'00'.repeat(31)}05`))).toMatchObject({ ok: false, error: { code: 'DecompressScript(): not a point on the curve' } });
    const long = new ByteWriter();
    writeVarInt(long, 2); // height 1, not coinbase
    writeVarInt(long, 0);
    writeVarInt(long, 10_001 + 6);
    long.bytes(new Uint8Array(10_001));
    expect(decodeCoin(long.finish())).toEqual({ ok: true, value: { height: 1, isCoinbase: false, output: { value: 0n, scriptPubKey: Uint8Array.of(0x6a) } } });
  });
});

describe("Core's CBlockUndo with its rev*.dat checksum", () => {
  const prev = bytes('6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000');
  const p2pkh = bytes(`76a914${'ab'.repeat(20)}88ac`);
  const undo: Coin[][] = [
    [{ height: 1, isCoinbase: true, output: { value: 50n * COIN, scriptPubKey: p2pkh } }],
    [
      { height: 0, isCoinbase: false, output: { value: 1n, scriptPubKey: new Uint8Array(0) } },
      { height: 700_000, isCoinbase: false, output: { value: 12_345n, scriptPubKey: bytes(`0014${'cd'.repeat(20)}`) } },
    ],
  ];

  it('bytes as Core writes them: counts, VARINT codes, the dummy version after heights > 0, compressed outputs', () => {
    // tx 1: 1 coin: code 3 (height 1, coinbase), dummy 00, amount 0x32, P2PKH form
    // tx 2: 2 coins: code 0 (height 0: no dummy), amount 1, script size 0+6; code 1,400,000, dummy, amount, script size 22+6
    // (VARINT(1,400,000) = d4b840 and CompressAmount(12,345) = 111,101 = VARINT 85e27d, worked out by hand from serialize.h and compressor.cpp)
    const expected = `02` + `01` + `03` + `00` + `32` + `00${'ab'.repeat(20)}` + `02` + `00` + `01` + `06` + `d4b840` + `00` + `85e27d` + `1c` + `0014${'cd'.repeat(20)}`;
    expect(hex(serializeBlockUndo(undo))).toBe(expected);
    const stored = encodeBlockUndo(undo, prev);
    const body = stored.subarray(0, stored.length - 32);
    const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
    expect(hex(stored.subarray(stored.length - 32))).toBe(hex(sha(sha(Buffer.concat([prev, body])))));
    expect(decodeBlockUndo(stored, prev)).toEqual({ ok: true, value: undo });
  });

  it('another parent, a flipped byte or a truncation: Checksum mismatch; an empty block undo round-trips', () => {
    const stored = encodeBlockUndo(undo, prev);
    const other = prev.slice();
    other[0] = (other[0] as number) ^ 1;
    expect(decodeBlockUndo(stored, other)).toMatchObject({ ok: false, error: { code: 'Checksum mismatch' } });
    for (let i = 0; i < stored.length; i++) {
      const flipped = stored.slice();
      flipped[i] = (flipped[i] as number) ^ 0x40;
      expect(decodeBlockUndo(flipped, prev).ok, `flip at ${i}`).toBe(false);
    }
    for (let n = 0; n < stored.length; n++) expect(decodeBlockUndo(stored.subarray(0, n), prev).ok, `truncated to ${n}`).toBe(false);
    expect(decodeBlockUndo(encodeBlockUndo([], prev), prev)).toEqual({ ok: true, value: [] });
  });
});

describe('block-index and chain-state records', () => {
  const header = createGenesisBlock(NETWORKS.main.genesis).header;

  it('round-trip; another format byte, truncations and extra bytes are refused', () => {
    const record = { status: 5 | 8 | 16, height: 123_456, txCount: 2_500, chainWork: (1n << 90n) + 12345n, header };
    const encoded = encodeIndexRecord(record);
    expect(encoded.length).toBe(125);
    expect(decodeIndexRecord(encoded)).toEqual({ ok: true, value: record });
    const other = encoded.slice();
    other[0] = 2;
    expect(decodeIndexRecord(other)).toMatchObject({ ok: false, error: { code: 'unknown block-index record format', offset: 1 } });
    for (let n = 0; n < encoded.length; n++) expect(decodeIndexRecord(encoded.subarray(0, n)).ok).toBe(false);
    expect(decodeIndexRecord(Uint8Array.of(...encoded, 0))).toMatchObject({ ok: false, error: { code: 'trailing-data' } });

    const state = {
      tipHash: bytes('11'.repeat(32)),
      tipHeight: 777,
      commitment: { ...EMPTY_UTXO_STATE, version: 900, utxoCount: 443n, totalAmount: 2_190_000_000_000n, muhash: { numerator: (1n << 3000n) + 7n, denominator: 3n ** 1000n }, root: { hash: bytes('22'.repeat(32)), version: 899, isLeaf: false, count: 443, valueBytes: 30_000 } },
    };
    const s = encodeChainState(state);
    expect(decodeChainState(s)).toEqual({ ok: true, value: state });
    const empty = { tipHash: bytes('00'.repeat(32)), tipHeight: 0, commitment: EMPTY_UTXO_STATE };
    expect(decodeChainState(encodeChainState(empty))).toEqual({ ok: true, value: empty });
    expect(decodeChainState(s.subarray(0, s.length - 1))).toMatchObject({ ok: false, error: { code: 'bad tree root reference' } });
  });

  it('random bytes and byte flips never throw from any record decoder (4 decoders x 3,000 inputs)', () => {
    const next = rng(0x5eed);
    const samples = [encodeCoin({ height: 5, isCoinbase: false, output: { value: 1234n, scriptPubKey: bytes(`41${'04'}${'00'.repeat(64)}ac`) } }), encodeBlockUndo([[{ height: 9, isCoinbase: true, output: { value: 7n, scriptPubKey: bytes('51') } }]], new Uint8Array(32))];
    let results = 0;
    for (let i = 0; i < 3_000; i++) {
      const random = Uint8Array.from({ length: next() % 160 }, () => next() & 0xff);
      const base = samples[i % 2] as Uint8Array;
      const flipped = base.slice();
      const at = next() % flipped.length;
      flipped[at] = (flipped[at] as number) ^ (1 << (next() % 8));
      const input = i % 3 === 0 ? random : flipped;
      for (const decode of [decodeCoin, (b: Uint8Array) => decodeBlockUndo(b, new Uint8Array(32)), decodeIndexRecord, decodeChainState]) {
        expect(() => decode(input)).not.toThrow();
        results++;
      }
    }
    expect(results).toBe(12_000);
  });
});
