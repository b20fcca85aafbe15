/**
 * The commitment record (kernel/commitments/commitment.ts), the supply bound
 * (kernel/commitments/supply.ts) and the block-by-block commitment state
 * (kernel/commitments/utxo-state.ts), SPEC.md §8.3: the encoding round-trips and its decoder
 * answers every malformed input with the field and offset; the digest changes with any field;
 * the issued supply matches Bitcoin's known totals; count, amount and MuHash follow the tree
 * exactly through apply and revert, including overwritten coins and deletions of absent ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Coin, type UtxoDelta, outpointKey } from '../../kernel/chain/utxo.js';
import { NETWORKS } from '../../kernel/chain/params.js';
import { serializeCoin } from '../../kernel/commitments/coin.js';
import { COMMITMENT_SIZE, type UtxoCommitment, commitmentDigest, decodeCommitment, encodeCommitment } from '../../kernel/commitments/commitment.js';
import { MUHASH_EMPTY, muhashFinalize, muhashInsert } from '../../kernel/commitments/muhash.js';
import { checkSupply, issuedSupply } from '../../kernel/commitments/supply.js';
import { treeRootHash } from '../../kernel/commitments/tree-proof.js';
import { EMPTY_UTXO_STATE, type UtxoCommitmentState, applyUtxoDeltaToState, parseOutpointKey } from '../../kernel/commitments/utxo-state.js';
import { toHex } from '../../kernel/encoding/hex.js';
import type { OutPoint } from '../../kernel/primitives/types.js';
import { MemoryTreeStore } from '../../shell/commitments/memory-tree-store.js';

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const commitment: fc.Arbitrary<UtxoCommitment> = fc.record({
  height: fc.integer({ min: 0, max: 0x7fffffff }),
  blockHash: hash32,
  root: hash32,
  utxoCount: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  totalAmount: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  muhash: hash32,
});

const encode = (c: UtxoCommitment): Uint8Array => {
  const e = encodeCommitment(c);
  if (!e.ok) throw new Error(e.error.field);
  return e.value;
};

describe('§8.3 the commitment record', () => {
  it('encodes in 117 bytes and decodes to the same record', () => {
    fc.assert(
      fc.property(commitment, (c) => {
        const bytes = encode(c);
        expect(bytes.length).toBe(117);
        expect(decodeCommitment(bytes)).toEqual({ ok: true, value: c });
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('the layout is version, height, block hash, root, count, amount, MuHash (little-endian integers)', () => {
    const c: UtxoCommitment = {
      height: 0x01020304,
      blockHash: new Uint8Array(32).fill(0xaa),
      root: new Uint8Array(32).fill(0xbb),
      utxoCount: 0x0506n,
      totalAmount: 0x0708n,
      muhash: new Uint8Array(32).fill(0xcc),
    };
    expect(toHex(encode(c))).toBe(
      `01${'04030201'}${'aa'.repeat(32)}${'bb'.repeat(32)}${'0605000000000000'}${'0807000000000000'}${'cc'.repeat(32)}`,
    );
  });

  it('malformed records are typed errors naming the field and offset', () => {
    const good = encode({ height: 5, blockHash: new Uint8Array(32), root: new Uint8Array(32), utxoCount: 1n, totalAmount: 1n, muhash: new Uint8Array(32) });
    expect(decodeCommitment(good.subarray(0, 116))).toEqual({ ok: false, error: { code: 'wrong length', field: 'length', offset: 116 } });
    expect(decodeCommitment(new Uint8Array([...good, 0]))).toEqual({ ok: false, error: { code: 'wrong length', field: 'length', offset: 117 } });
    const set = (at: number, bytes: number[]): Uint8Array => {
      const copy = good.slice();
      copy.set(bytes, at);
      return copy;
    };
    expect(decodeCommitment(set(0, [2]))).toEqual({ ok: false, error: { code: 'unknown version', field: 'version', offset: 0 } });
    expect(decodeCommitment(set(1, [0, 0, 0, 0x80]))).toEqual({ ok: false, error: { code: 'out of range', field: 'height', offset: 1 } });
    expect(decodeCommitment(set(69, [0, 0, 0, 0, 0, 0, 0, 0x80]))).toEqual({ ok: false, error: { code: 'out of range', field: 'utxoCount', offset: 69 } });
    expect(decodeCommitment(set(77, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toEqual({ ok: false, error: { code: 'out of range', field: 'totalAmount', offset: 77 } });
  });

  it('fields it cannot carry are refused by the encoder, naming the field', () => {
    const base = { height: 1, blockHash: new Uint8Array(32), root: new Uint8Array(32), utxoCount: 0n, totalAmount: 0n, muhash: new Uint8Array(32) };
    expect(encodeCommitment({ ...base, height: 2 ** 31 })).toMatchObject({ ok: false, error: { field: 'height' } });
    expect(encodeCommitment({ ...base, height: 1.5 })).toMatchObject({ ok: false, error: { field: 'height' } });
    expect(encodeCommitment({ ...base, root: new Uint8Array(31) })).toMatchObject({ ok: false, error: { field: 'root' } });
    expect(encodeCommitment({ ...base, utxoCount: -1n })).toMatchObject({ ok: false, error: { field: 'utxoCount' } });
    expect(encodeCommitment({ ...base, totalAmount: 2n ** 63n })).toMatchObject({ ok: false, error: { field: 'totalAmount', offset: 77 } });
  });

  it('random bytes, truncations and bit flips never throw: a record or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeCommitment(bytes);
        if (!r.ok) expect(['wrong length', 'unknown version', 'out of range']).toContain(r.error.code);
      }),
      { numRuns: 500, seed: 2 },
    );
    fc.assert(
      fc.property(commitment, fc.nat(COMMITMENT_SIZE * 8 - 1), (c, bit) => {
        const bytes = encode(c);
        bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
        const r = decodeCommitment(bytes);
        // A flip decodes to another record (or an error): never the same one.
        if (r.ok) expect(r.value).not.toEqual(c);
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('the digest changes when any one field changes', () => {
    fc.assert(
      fc.property(commitment, commitment, fc.constantFrom('height', 'blockHash', 'root', 'utxoCount', 'totalAmount', 'muhash'), (a, b, field) => {
        const changed = { ...a, [field]: b[field] };
        const same = JSON.stringify(a[field], (_, v) => (typeof v === 'bigint' ? `${v}` : v)) === JSON.stringify(b[field], (_, v) => (typeof v === 'bigint' ? `${v}` : v));
        const da = commitmentDigest(a);
        const dc = commitmentDigest(changed);
        if (!da.ok || !dc.ok) throw new Error('digest');
        expect(toHex(da.value) === toHex(dc.value)).toBe(same);
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});

describe('§8.3 the supply bound', () => {
  const main = NETWORKS.main.consensus;
  it("issued supply: Bitcoin's totals at the halvings and in the limit", () => {
    expect(issuedSupply(0, main)).toBe(5_000_000_000n);
    expect(issuedSupply(209_999, main)).toBe(1_050_000_000_000_000n); // 210,000 blocks of 50 BTC
    expect(issuedSupply(210_000, main)).toBe(1_050_002_500_000_000n);
    expect(issuedSupply(419_999, main)).toBe(1_575_000_000_000_000n);
    expect(issuedSupply(10_000_000, main)).toBe(2_099_999_997_690_000n); // every satoshi ever issued
    expect(issuedSupply(-1, main)).toBe(0n);
    expect(issuedSupply(299, NETWORKS.regtest.consensus)).toBe(150n * 5_000_000_000n + 150n * 2_500_000_000n);
  });

  it('the bound is <=, not =: below passes, one satoshi above fails, negatives fail', () => {
    expect(checkSupply(443n, 2_190_000_000_000n, 438, main)).toBe(true); // first-100k-blocks.dat's tip
    expect(checkSupply(1n, 2_195_000_000_000n, 438, main)).toBe(true); // exactly 439 subsidies
    expect(checkSupply(1n, 2_195_000_000_001n, 438, main)).toBe(false);
    expect(checkSupply(-1n, 0n, 5, main)).toBe(false);
    expect(checkSupply(0n, -1n, 5, main)).toBe(false);
  });
});

describe('§8.3 count, amount and MuHash follow the tree through apply and revert', () => {
  const outpoint = fc.record({ txid: fc.constantFrom(...[1, 2, 3].map((i) => new Uint8Array(32).fill(i))), vout: fc.integer({ min: 0, max: 5 }) });
  const coin: fc.Arbitrary<Coin> = fc.record({
    output: fc.record({ value: fc.bigInt({ min: 0n, max: 2_100_000_000_000_000n }), scriptPubKey: fc.uint8Array({ maxLength: 30 }) }),
    height: fc.integer({ min: 0, max: 1000 }),
    isCoinbase: fc.boolean(),
  });
  const delta = fc.record({
    spent: fc.array(fc.tuple(outpoint, coin), { maxLength: 6 }),
    created: fc.array(fc.tuple(outpoint, coin), { maxLength: 6 }),
  });
  const toDelta = (d: { spent: [OutPoint, Coin][]; created: [OutPoint, Coin][] }): UtxoDelta => ({
    spent: new Map(d.spent.map(([o, c]) => [outpointKey(o), c])),
    created: new Map(d.created.map(([o, c]) => [outpointKey(o), c])),
  });

  it('after any deltas (overwrites and absent spends included) the state equals a recomputation from the set; reverting restores it', () => {
    fc.assert(
      fc.property(fc.array(delta, { minLength: 1, maxLength: 6 }), (deltas) => {
        const store = new MemoryTreeStore(true);
        let state: UtxoCommitmentState = EMPTY_UTXO_STATE;
        const set = new Map<string, Coin>();
        const history: { state: UtxoCommitmentState; undo: UtxoDelta }[] = [];
        for (const raw of deltas) {
          const d = toDelta(raw);
          // The undo delta: what the set held before for every key touched.
          const before = new Map<string, Coin>();
          for (const k of [...d.spent.keys(), ...d.created.keys()]) {
            const c = set.get(k);
            if (c !== undefined) before.set(k, c);
          }
          for (const k of d.spent.keys()) if (!d.created.has(k)) set.delete(k);
          for (const [k, c] of d.created) set.set(k, c);
          const after = new Map([...before.keys(), ...d.created.keys()].filter((k) => set.has(k)).map((k) => [k, set.get(k) as Coin]));
          history.push({ state, undo: { spent: after, created: before } });
          const next = applyUtxoDeltaToState(store, state, d);
          if (!next.ok) throw new Error(JSON.stringify(next.error));
          store.apply(next.value.batch);
          state = next.value.state;
          expect(state.utxoCount).toBe(BigInt(set.size));
          expect(state.totalAmount).toBe([...set.values()].reduce((a, c) => a + c.output.value, 0n));
          const recomputed = [...set].reduce((acc, [k, c]) => muhashInsert(acc, serializeCoin(parseOutpointKey(k) as OutPoint, c)), MUHASH_EMPTY);
          expect(toHex(muhashFinalize(state.muhash))).toBe(toHex(muhashFinalize(recomputed)));
        }
        for (const { state: previous, undo } of history.reverse()) {
          const back = applyUtxoDeltaToState(store, state, undo);
          if (!back.ok) throw new Error(JSON.stringify(back.error));
          store.apply(back.value.batch);
          state = back.value.state;
          expect(toHex(treeRootHash(state.root))).toBe(toHex(treeRootHash(previous.root)));
          expect([state.utxoCount, state.totalAmount]).toEqual([previous.utxoCount, previous.totalAmount]);
          expect(toHex(muhashFinalize(state.muhash))).toBe(toHex(muhashFinalize(previous.muhash)));
        }
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it('outpoint keys parse back; malformed keys are refused', () => {
    const o = { txid: new Uint8Array(32).fill(0xab), vout: 4294967295 };
    expect(parseOutpointKey(outpointKey(o))).toEqual(o);
    for (const bad of ['', 'ab:1', `${'ab'.repeat(32)}:`, `${'ab'.repeat(32)}:01`, `${'ab'.repeat(32)}:4294967296`, `${'zz'.repeat(32)}:1`]) {
      expect(parseOutpointKey(bad)).toBeUndefined();
    }
  });
});
