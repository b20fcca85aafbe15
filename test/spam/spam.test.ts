/**
 * The spam filter (kernel/spam/, SPEC.md §10): Core's dust thresholds, the categories' byte
 * patterns, standard payments never flagged, and filtered blocks whose UTXO effects, and so
 * whose commitment, equal the full blocks' on a regtest chain with inscriptions.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Coin, type UtxoSet, applyUtxoDelta, utxoSetView } from '../../kernel/chain/utxo.js';
import { NETWORKS } from '../../kernel/chain/params.js';
import { DEFAULT_BACKEND } from '../../kernel/crypto/secp256k1.js';
import { treeRootHash } from '../../kernel/commitments/tree-proof.js';
import { EMPTY_UTXO_STATE, applyUtxoDeltaToState } from '../../kernel/commitments/utxo-state.js';
import { muhashFinalize } from '../../kernel/commitments/muhash.js';
import { toHex } from '../../kernel/encoding/hex.js';
import type { Transaction, TxOut } from '../../kernel/primitives/types.js';
import { SPAM_FILTER_PRESETS, type SpamFilterConfig } from '../../kernel/spam/config.js';
import { classifyTransaction, isBareMultisig } from '../../kernel/spam/classify.js';
import { dustThreshold } from '../../kernel/spam/dust.js';
import { findEnvelopes, witnessTapscript } from '../../kernel/spam/envelope.js';
import { decodeFilteredBlock, encodeFilteredBlock } from '../../kernel/spam/filtered-block-codec.js';
import { filterBlock, filteredBlockChanges, filteredBlockMatchesHeader } from '../../kernel/spam/filtered-block.js';
import { MemoryTreeStore } from '../../shell/commitments/memory-tree-store.js';
import { type RegtestChainBuilder, buildRegtestChain } from '../../shell/regtest/index.js';
import { connectOnSet, contextAt } from '../support/regtest/connect.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const out = (value: bigint, script: string): TxOut => ({ value, scriptPubKey: hex(script) });
const P2PKH = `76a914${'11'.repeat(20)}88ac`;
const P2SH = `a914${'22'.repeat(20)}87`;
const P2WPKH = `0014${'33'.repeat(20)}`;
const P2WSH = `0020${'44'.repeat(32)}`;
const P2TR = `5120${'55'.repeat(32)}`;

function tx(outputs: TxOut[], witnesses: Uint8Array[][] = [[]]): Transaction {
  return {
    version: 2,
    inputs: witnesses.map((witness, i) => ({ prevout: { txid: new Uint8Array(32).fill(i + 1), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness })),
    outputs,
    lockTime: 0,
  };
}

/** A script-path witness: a signature, the tapscript, a 33-byte control block with leaf version 0xc0. */
function scriptPath(tapscript: Uint8Array): Uint8Array[] {
  return [new Uint8Array(64), tapscript, Uint8Array.of(0xc0, ...new Array<number>(32).fill(2))];
}

const push = (data: Uint8Array): number[] => (data.length < 76 ? [data.length, ...data] : [0x4c, data.length, ...data]);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** `<key> OP_CHECKSIG OP_FALSE OP_IF "ord" 01 <type> OP_0 <body> OP_ENDIF`, as ord writes it. */
const inscription = (type: string, body: string): Uint8Array =>
  Uint8Array.of(0x20, ...new Array<number>(32).fill(9), 0xac, 0x00, 0x63, ...push(text('ord')), ...push(Uint8Array.of(1)), ...push(text(type)), 0x00, ...push(text(body)), 0x68);

describe("§10.2 Core's dust threshold at 3,000 sat/kvB", () => {
  it('P2PKH 546, P2SH 540, P2WPKH 294, P2WSH 330, P2TR 330, OP_RETURN 0', () => {
    const fee = 3000n;
    expect(dustThreshold(out(0n, P2PKH), fee)).toBe(546n);
    expect(dustThreshold(out(0n, P2SH), fee)).toBe(540n);
    expect(dustThreshold(out(0n, P2WPKH), fee)).toBe(294n);
    expect(dustThreshold(out(0n, P2WSH), fee)).toBe(330n);
    expect(dustThreshold(out(0n, P2TR), fee)).toBe(330n);
    expect(dustThreshold(out(0n, '6a0401020304'), fee)).toBe(0n);
  });

  it('545 sat to P2PKH is dust, 546 is not; the fee is rounded up', () => {
    const moderate = SPAM_FILTER_PRESETS.moderate;
    expect(classifyTransaction(tx([out(545n, P2PKH)]), moderate)).toEqual(['dust']);
    expect(classifyTransaction(tx([out(546n, P2PKH)]), moderate)).toEqual([]);
    // 182 bytes at 1,001 sat/kvB: 182.182 -> 183.
    expect(dustThreshold(out(0n, P2PKH), 1001n)).toBe(183n);
  });
});

describe('§10.1 categories by byte pattern', () => {
  const { conservative, moderate, aggressive, disabled } = SPAM_FILTER_PRESETS;

  it('an ordinals inscription in a script-path witness; BRC-20 when its JSON says so', () => {
    const plain = tx([out(10_000n, P2TR)], [scriptPath(inscription('text/plain;charset=utf-8', 'hello'))]);
    expect(classifyTransaction(plain, conservative)).toEqual(['inscription']);
    const envelopes = findEnvelopes(inscription('text/plain', 'hello'));
    expect(envelopes).toHaveLength(1);
    expect(new TextDecoder().decode(envelopes[0]?.contentType)).toBe('text/plain');
    expect(new TextDecoder().decode(envelopes[0]?.body)).toBe('hello');
    const brc20 = tx([out(10_000n, P2TR)], [scriptPath(inscription('text/plain', '{"p":"brc-20","op":"mint","tick":"ordi","amt":"1000"}'))]);
    expect(classifyTransaction(brc20, conservative)).toEqual(['brc20']);
    expect(classifyTransaction(brc20, disabled)).toEqual([]);
  });

  it('an annex does not hide the tapscript; a key-path spend or a non-control-block last item has none', () => {
    const withAnnex = [...scriptPath(inscription('image/png', 'x')), Uint8Array.of(0x50, 1, 2)];
    expect(witnessTapscript(withAnnex)).toEqual(inscription('image/png', 'x'));
    expect(witnessTapscript([new Uint8Array(64)])).toBeUndefined();
    expect(witnessTapscript([new Uint8Array(71), new Uint8Array(33).fill(2)])).toBeUndefined(); // P2WPKH: sig, key
    expect(witnessTapscript([new Uint8Array(64), inscription('a', 'b'), new Uint8Array(34).fill(0xc0)])).toBeUndefined(); // 34 is no control block size
  });

  it('other OP_FALSE OP_IF envelopes only from moderate on; runes from moderate on', () => {
    const other = tx([out(10_000n, P2TR)], [scriptPath(Uint8Array.of(0x51, 0x00, 0x63, 0x04, 1, 2, 3, 4, 0x68))]);
    expect(classifyTransaction(other, conservative)).toEqual([]);
    expect(classifyTransaction(other, moderate)).toEqual(['envelope']);
    const runes = tx([out(10_000n, P2TR), out(0n, '6a5d0814c0a23314e80701')]);
    expect(classifyTransaction(runes, conservative)).toEqual([]);
    expect(classifyTransaction(runes, moderate)).toEqual(['runes']);
  });

  it('OP_RETURN over 83 bytes (conservative), over 42 (aggressive); bare multisig as stamps', () => {
    const op83 = `6a4c50${'ab'.repeat(80)}`; // OP_RETURN OP_PUSHDATA1 80 <80 bytes>: 83 bytes
    const op84 = `6a4c51${'ab'.repeat(81)}`;
    expect(classifyTransaction(tx([out(0n, op83), out(10_000n, P2WPKH)]), conservative)).toEqual([]);
    expect(classifyTransaction(tx([out(0n, op84), out(10_000n, P2WPKH)]), conservative)).toEqual(['op-return']);
    expect(classifyTransaction(tx([out(0n, `6a2b${'ab'.repeat(43)}`)]), aggressive)).toEqual(['op-return']);
    const stamp = `5121${'02'.repeat(33)}21${'03'.repeat(33)}21${'02'.repeat(33)}53ae`; // 1-of-3 bare multisig
    expect(isBareMultisig(hex(stamp))).toBe(true);
    expect(isBareMultisig(hex(`5121${'02'.repeat(33)}52ae`))).toBe(false); // 1 key, n = 2
    expect(classifyTransaction(tx([out(10_000n, stamp)]), conservative)).toEqual(['stamps']);
  });

  it('many small outputs (aggressive: 50 or more, each at most 10,000 sat)', () => {
    const fifty = tx(Array.from({ length: 50 }, () => out(10_000n, P2WPKH)));
    expect(classifyTransaction(fifty, aggressive)).toEqual(['many-small-outputs']);
    expect(classifyTransaction(tx(Array.from({ length: 49 }, () => out(10_000n, P2WPKH))), aggressive)).toEqual([]);
    expect(classifyTransaction(fifty, moderate)).toEqual([]);
  });

  it('a standard payment is never flagged, under any preset', () => {
    const presets = Object.values(SPAM_FILTER_PRESETS) as SpamFilterConfig[];
    const standard = fc.constantFrom(P2PKH, P2SH, P2WPKH, P2WSH, P2TR);
    // Above every preset's dust threshold and small-output ceiling; at most 10 outputs.
    const payment = fc.array(fc.tuple(standard, fc.bigInt({ min: 10_001n, max: 2_100_000_000_000_000n })), { minLength: 1, maxLength: 10 });
    const witness = fc.constantFrom<Uint8Array[]>([], [new Uint8Array(72), new Uint8Array(33).fill(2)], [new Uint8Array(64)], [new Uint8Array(65)]);
    fc.assert(
      fc.property(payment, fc.array(witness, { minLength: 1, maxLength: 4 }), (outs, witnesses) => {
        const t = tx(outs.map(([s, v]) => out(v, s)), witnesses);
        for (const preset of presets) expect(classifyTransaction(t, preset)).toEqual([]);
      }),
      { numRuns: 500, seed: 10 },
    );
  });
});

describe('§10.3 filtered blocks on a regtest chain with inscriptions', () => {
  let chain: RegtestChainBuilder;
  beforeAll(() => {
    chain = buildRegtestChain({ seed: 'spam-filter', blocks: 160 });
  }, 120_000);

  it('apply the same UTXO delta and undo data as the full blocks (through the wire form, Merkle root checked), so the commitment is the same; inscriptions are found and bytes saved', () => {
    let set: UtxoSet = new Map<string, Coin>();
    const fullStore = new MemoryTreeStore();
    const filteredStore = new MemoryTreeStore();
    let full = EMPTY_UTXO_STATE;
    let filtered = EMPTY_UTXO_STATE;
    let inscriptions = 0;
    let saved = 0;
    for (let h = 1; h < chain.blocks.length; h++) {
      const block = (chain.blocks[h] as { block: Parameters<typeof filterBlock>[0] }).block;
      const connected = connectOnSet(set, block, contextAt(chain.blocks, h, NETWORKS.regtest.consensus, (x: number) => chain.medianTimePast(x), DEFAULT_BACKEND, false));
      if ('error' in connected) throw new Error(`block ${h}: ${connected.error}`);
      const { block: fb, report } = filterBlock(block, SPAM_FILTER_PRESETS.aggressive);
      inscriptions += (report.byCategory.inscription?.transactions ?? 0) + (report.byCategory.brc20?.transactions ?? 0);
      saved += report.bytesSaved;
      // Through the wire form, and authenticated by the header's Merkle root.
      const wire = decodeFilteredBlock(encodeFilteredBlock(fb));
      if (!wire.ok) throw new Error(`block ${h}: ${wire.error.code}`);
      expect(filteredBlockMatchesHeader(wire.value)).toBe(true);
      const changes = filteredBlockChanges(utxoSetView(set), wire.value, h);
      expect(changes.missing).toEqual([]);
      expect(changes.undo).toEqual(connected.connected.undo);
      const delta = changes.delta;
      const keys = (m: ReadonlyMap<string, Coin>): string[] => [...m.keys()].sort();
      expect(keys(delta.created)).toEqual(keys(connected.connected.delta.created));
      expect(keys(delta.spent)).toEqual(keys(connected.connected.delta.spent));
      const a = applyUtxoDeltaToState(fullStore, full, connected.connected.delta);
      const b = applyUtxoDeltaToState(filteredStore, filtered, delta);
      if (!a.ok || !b.ok) throw new Error('state');
      fullStore.apply(a.value.batch);
      filteredStore.apply(b.value.batch);
      full = a.value.state;
      filtered = b.value.state;
      expect(toHex(treeRootHash(filtered.root))).toBe(toHex(treeRootHash(full.root)));
      set = applyUtxoDelta(set, delta);
    }
    expect(toHex(muhashFinalize(filtered.muhash))).toBe(toHex(muhashFinalize(full.muhash)));
    expect([filtered.utxoCount, filtered.totalAmount]).toEqual([full.utxoCount, full.totalAmount]);
    expect(inscriptions).toBeGreaterThan(20);
    expect(saved).toBeGreaterThan(10_000);
  }, 120_000);
});

describe('§10.3 the filtered block wire form', () => {
  it('a changed stripped transaction no longer matches the header; bad bytes are typed errors', () => {
    const chain = buildRegtestChain({ seed: 'filtered-wire', blocks: 105 });
    const block = (chain.blocks[104] as { block: Parameters<typeof filterBlock>[0] }).block;
    const { block: fb } = filterBlock(block, SPAM_FILTER_PRESETS.aggressive);
    expect(filteredBlockMatchesHeader(fb)).toBe(true);
    const [first, ...rest] = fb.transactions;
    if (first === undefined) throw new Error('empty');
    const changed = { ...fb, transactions: [{ ...first, tx: { ...first.tx, lockTime: first.tx.lockTime + 1 } }, ...rest] };
    expect(filteredBlockMatchesHeader(changed)).toBe(false);
    const bytes = encodeFilteredBlock(fb);
    for (let n = 0; n < Math.min(bytes.length, 400); n += 7) expect(decodeFilteredBlock(bytes.subarray(0, n)).ok).toBe(false);
    const badKind = bytes.slice();
    badKind[81] = 7; // the first transaction's kind byte (80-byte header, 1-byte count)
    expect(decodeFilteredBlock(badKind)).toEqual({ ok: false, error: { code: 'unknown filtered transaction kind', offset: 82 } });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (random) => {
        const d = decodeFilteredBlock(random);
        if (!d.ok) expect(typeof d.error.code).toBe('string');
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});
