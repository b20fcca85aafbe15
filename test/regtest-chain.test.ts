/**
 * A regtest chain from the deterministic builder (shell/regtest), connected block by block
 * from genesis with the kernel's connectBlock on a UTXO set, and checked against the builder's
 * own bookkeeping (issue 5, "must show" 4: a built chain of at least 300 blocks with every script
 * kind validates).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, applyUtxoDelta, outpointKey } from '../kernel/chain/utxo.js';
import { DEFAULT_BACKEND, nobleBackend } from '../kernel/crypto/secp256k1.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { toDisplayHex } from '../kernel/encoding/hex.js';
import { blockHash, decodeBlock, encodeBlock } from '../kernel/primitives/block.js';
import { isCoinbase, txid } from '../kernel/primitives/transaction.js';
import type { Block, BlockHeader, Transaction, TxIn, TxOut } from '../kernel/primitives/types.js';
import { acceptHeader, genesisEntry, getMedianTimePast } from '../kernel/chain/header-chain.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type BlockUndo, connectBlock } from '../kernel/validation/connect-block.js';
import { type ScriptError, scriptErrorString } from '../kernel/script/errors.js';
import { readScriptOp } from '../kernel/script/parse.js';
import { utxoSetView } from '../kernel/chain/utxo.js';
import { type RegtestChainBuilder, type WalletCoin, buildRegtestChain, remine, signTransaction, totalComposition } from '../shell/regtest/builder.js';
import { classifyInput, connectOnSet, contextAt } from './support/regtest/connect.js';
import { type KeyPair, SPEND_KINDS, deriveKey, encodeDerSignature, inscriptionLock, p2trKeyLock, p2wpkhLock, tweakSeckey } from '../shell/regtest/locks.js';
import * as enc from '../shell/regtest/encoding.js';

const SEED = 'bllvm-regtest-chain';
const BLOCKS = 320;
const params = NETWORKS.regtest.consensus;
const REGTEST_GENESIS = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206';

interface BlockResult {
  readonly height: number;
  readonly undo: BlockUndo;
  readonly fees: bigint;
  readonly inputsChecked: number;
  readonly kinds: Record<string, number>;
}

describe(`§5.7 regtest chain: ${BLOCKS} built blocks connect from genesis`, () => {
  let builder: RegtestChainBuilder;
  let set: Map<string, Coin>;
  /** setsBefore[h]: the UTXO set before block h (the sets are never mutated, so these are shared). */
  const setsBefore: Map<string, Coin>[] = [];
  const results: BlockResult[] = [];
  const failures: string[] = [];
  const timings = { buildMs: 0, connectMs: 0 };

  beforeAll(() => {
    let t = performance.now();
    builder = buildRegtestChain({ seed: SEED, blocks: BLOCKS });
    timings.buildMs = performance.now() - t;
    t = performance.now();
    set = new Map();
    for (let h = 1; h <= builder.height; h++) {
      const built = builder.blocks[h];
      if (built === undefined) throw new Error(`missing block ${h}`);
      // Connect what a peer would send: the raw bytes, decoded.
      const decoded = decodeBlock(built.raw);
      if (!decoded.ok) {
        failures.push(`height ${h}: raw bytes do not decode (${decoded.error.code})`);
        break;
      }
      const ctx = contextAt(builder.blocks, h, params, (height) => builder.medianTimePast(height));
      setsBefore[h] = set;
      const step = connectOnSet(set, decoded.value, ctx);
      if ('error' in step) {
        failures.push(`height ${h} (${toDisplayHex(built.hash)}): ${step.error}`);
        break;
      }
      // Classify each input from the coin it spent (the undo data) and its own script/witness.
      const kinds: Record<string, number> = {};
      const spending = decoded.value.transactions.filter((tx) => !isCoinbase(tx));
      spending.forEach((tx: Transaction, t: number) => {
        const coins = step.connected.undo[t] ?? [];
        tx.inputs.forEach((input, i) => {
          const coin = coins[i];
          const kind = coin === undefined ? 'missing-undo' : classifyInput(coin.output.scriptPubKey, input);
          kinds[kind] = (kinds[kind] ?? 0) + 1;
        });
      });
      results.push({ height: h, undo: step.connected.undo, fees: step.connected.fees, inputsChecked: step.connected.inputsChecked, kinds });
      set = step.after;
    }
    timings.connectMs = performance.now() - t;
    const total = totalComposition(builder.blocks);
    const inputs = Object.values(total.inputsByKind).reduce((a, b) => a + b, 0);
    console.log(
      `regtest chain: ${builder.height} blocks, ${total.transactions} txs, ${inputs} inputs; build ${timings.buildMs.toFixed(0)} ms, connect ${timings.connectMs.toFixed(0)} ms; ` +
        `inputs by kind ${JSON.stringify(total.inputsByKind)}; ${JSON.stringify(total.counters)}`,
    );
  });

  it("§6.1 starts from the kernel-computed genesis, which is Core's regtest genesis", () => {
    expect(toDisplayHex(builder.blocks[0]?.hash ?? new Uint8Array())).toBe(REGTEST_GENESIS);
    expect(builder.height).toBeGreaterThanOrEqual(300);
  });

  it('every block connects with connectBlock', () => {
    expect(failures).toEqual([]);
    expect(results.length).toBe(BLOCKS);
  });

  it('§2.2 §4.3 §6.3 headers: linked, regtest bits, proof of work, time above the median time past', () => {
    for (let h = 1; h <= builder.height; h++) {
      const built = builder.blocks[h];
      const prev = builder.blocks[h - 1];
      if (built === undefined || prev === undefined) throw new Error('missing block');
      const header = built.block.header;
      expect(toDisplayHex(header.prevBlockHash)).toBe(toDisplayHex(prev.hash));
      expect(header.bits).toBe(0x207fffff);
      expect(toDisplayHex(blockHash(header))).toBe(toDisplayHex(built.hash));
      expect(header.time).toBeGreaterThan(contextAt(builder.blocks, h, params, () => 0).prevMedianTimePast);
      expect(equalBytes(encodeBlock(built.block), built.raw)).toBe(true);
    }
  });

  it('§6.3 the kernel header chain accepts every header (regtest bits, median time past) and agrees on each median time past', () => {
    const now = (builder.tip.block.header.time as number) + 3600;
    let entry = genesisEntry(NETWORKS.regtest);
    for (let h = 1; h <= builder.height; h++) {
      const next = acceptHeader(entry, (builder.blocks[h] as { block: { header: BlockHeader } }).block.header, params, now);
      if (!next.ok) throw new Error(`header ${h}: ${next.error.reason}`);
      entry = next.value;
      expect(getMedianTimePast(entry), `MTP at ${h}`).toBe(builder.medianTimePast(h));
    }
    expect(toDisplayHex(entry.hash)).toBe(toDisplayHex(builder.tip.hash));
    expect(entry.chainWork).toBe(BigInt(builder.height + 1) * 2n);
  });

  it('§5.4 fees and inputs checked per block equal the builder’s bookkeeping', () => {
    for (const r of results) {
      const c = builder.blocks[r.height]?.composition;
      if (c === undefined) throw new Error('missing composition');
      expect(r.fees, `fees at ${r.height}`).toBe(c.fees);
      expect(r.inputsChecked, `inputs at ${r.height}`).toBe(Object.values(c.inputsByKind).reduce((a, b) => a + b, 0));
    }
  });

  it('the kernel’s undo data lists exactly the outputs the builder spent, in input order', () => {
    for (const r of results) {
      const fromKernel = r.undo.flat().map((coin) => `${coin.output.value}:${toDisplayHex(coin.output.scriptPubKey)}`);
      const fromBuilder = builder.spentOutputs(r.height).map((o) => `${o.value}:${toDisplayHex(o.scriptPubKey)}`);
      expect(fromKernel, `undo at ${r.height}`).toEqual(fromBuilder);
    }
  });

  it('§3.11 inputs checked per script kind: every kind appears, and each block’s kinds match what the builder spent', () => {
    const totals: Record<string, number> = {};
    for (const r of results) {
      const c = builder.blocks[r.height]?.composition;
      if (c === undefined) throw new Error('missing composition');
      const expected = Object.fromEntries(SPEND_KINDS.filter((k) => c.inputsByKind[k] > 0).map((k) => [k, c.inputsByKind[k]]));
      expect(r.kinds, `kinds at ${r.height}`).toEqual(expected);
      for (const [k, v] of Object.entries(r.kinds)) totals[k] = (totals[k] ?? 0) + v;
    }
    for (const kind of SPEND_KINDS) expect(totals[kind] ?? 0, kind).toBeGreaterThan(0);
    expect(totals.other).toBeUndefined();
    const total = totalComposition(builder.blocks);
    // The finer variants: P2WSH CSV/CLTV scripts, uncompressed keys, all three tapscript leaves, large inscriptions.
    for (const variant of ['p2wsh/csv', 'p2wsh/cltv', 'p2wsh/multisig-2of3', 'p2pkh/uncompressed', 'p2tr-script/leaf-checksig', 'p2tr-script/leaf-codeseparator', 'p2tr-script/leaf-checksigadd-2of3', 'inscription/large']) {
      expect(total.inputsByVariant[variant] ?? 0, variant).toBeGreaterThan(0);
    }
    const counters = total.counters;
    for (const key of ['opReturnOutputs', 'oversizedOutputs', 'inscriptionsCommitted', 'inscriptionsRevealed', 'sameBlockSpends', 'relativeHeightLocks', 'relativeTimeLocks', 'heightLockTimes', 'timeLockTimes', 'annexes', 'maturityBoundarySpends', 'witnessCommitments', 'underclaimedCoinbases']) {
      expect(counters[key] ?? 0, key).toBeGreaterThan(0);
    }
  });

  it('§7.1 the final UTXO set equals the builder’s wallet: count, total amount and every coin', () => {
    const wallet = builder.walletTotals();
    let amount = 0n;
    for (const coin of set.values()) amount += coin.output.value;
    expect(set.size).toBe(wallet.count);
    expect(amount).toBe(wallet.amount);
    for (const [key, coin] of builder.wallet) {
      const have = set.get(key);
      expect(have, key).toBeDefined();
      expect(have?.output.value).toBe(coin.output.value);
      expect(have?.height).toBe(coin.height);
      expect(have?.isCoinbase).toBe(coin.isCoinbase);
      expect(toDisplayHex(have?.output.scriptPubKey ?? new Uint8Array())).toBe(toDisplayHex(coin.output.scriptPubKey));
      expect(key).toBe(outpointKey(coin.outpoint));
    }
  });

  it('§4.2 §7.1 the total amount is what the coinbases paid less fees and burns, and within the subsidies issued', () => {
    let fromBlocks = 0n;
    let issued = 0n;
    for (const b of builder.blocks.slice(1)) {
      fromBlocks += b.composition.coinbaseValue - b.composition.fees - b.composition.burned;
      issued += b.composition.subsidy;
    }
    const { amount } = builder.walletTotals();
    expect(amount).toBe(fromBlocks);
    expect(amount).toBeLessThan(issued);
  });

  it('is deterministic: the same seed rebuilds the same blocks', () => {
    const again = buildRegtestChain({ seed: SEED, blocks: 110 });
    for (let h = 0; h <= 110; h++) expect(toDisplayHex(again.blocks[h]?.hash ?? new Uint8Array())).toBe(toDisplayHex(builder.blocks[h]?.hash ?? new Uint8Array()));
    const rebuilt = builder.forkAt(105, SEED).mine(5);
    expect(toDisplayHex(rebuilt.tip.hash)).toBe(toDisplayHex(builder.blocks[110]?.hash ?? new Uint8Array()));
  });

  it('§4.5 §5.6 a changed witness without a new commitment is bad-witness-merkle-match', () => {
    const h = results.find((r) => (r.kinds.p2wpkh ?? 0) > 0)?.height ?? -1;
    const built = builder.blocks[h];
    const before = setsBefore[h];
    if (built === undefined || before === undefined) throw new Error('no block with a P2WPKH input');
    const txs = [...built.block.transactions];
    const isP2wpkhSpend = (inp: TxIn): boolean => inp.witness.length === 2 && (inp.witness[1]?.length ?? 0) === 33;
    const t = txs.findIndex((tx, i) => i > 0 && tx.inputs.some(isP2wpkhSpend));
    const tx = txs[t] as Transaction;
    const i = tx.inputs.findIndex(isP2wpkhSpend);
    const sig = (tx.inputs[i]?.witness[0] as Uint8Array).slice();
    sig[10] = (sig[10] ?? 0) ^ 1;
    // The txid does not cover the witness: the Merkle root still matches, the witness commitment does not.
    txs[t] = { ...tx, inputs: tx.inputs.map((inp, k) => (k === i ? { ...inp, witness: [sig, inp.witness[1] as Uint8Array] } : inp)) };
    const ctx = contextAt(builder.blocks, h, params, (x) => builder.medianTimePast(x));
    expect(connectBlock(utxoSetView(before), built.block, ctx).ok).toBe(true);
    const bad = connectBlock(utxoSetView(before), { ...built.block, transactions: txs }, ctx);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.reason).toBe('bad-witness-merkle-match');
  });

  it('§3.5 the @noble/curves backend accepts the same blocks with the same effect (heights 101-130)', () => {
    for (let h = 101; h <= 130; h++) {
      const before = setsBefore[h];
      const built = builder.blocks[h];
      if (before === undefined || built === undefined) throw new Error('missing block');
      const result = connectBlock(utxoSetView(before), built.block, contextAt(builder.blocks, h, params, (x) => builder.medianTimePast(x), nobleBackend));
      expect(result.ok, `height ${h}`).toBe(true);
      if (!result.ok) continue;
      const after = applyUtxoDelta(before, result.value.delta);
      const next = setsBefore[h + 1];
      expect(after.size).toBe(next?.size);
      for (const key of after.keys()) expect(next?.has(key)).toBe(true);
    }
  });

  it('§3.11 every script kind is really verified: one corrupted signature per kind fails the block with a script error', () => {
    for (const kind of SPEND_KINDS) {
      const result = results.find((r) => (r.kinds[kind] ?? 0) > 0);
      if (result === undefined) throw new Error(`no ${kind} input`);
      const h = result.height;
      const built = builder.blocks[h];
      const before = setsBefore[h];
      if (built === undefined || before === undefined) throw new Error('missing block');
      const txs = [...built.block.transactions];
      let done = false;
      for (let t = 1; t < txs.length && !done; t++) {
        const tx = txs[t] as Transaction;
        tx.inputs.forEach((input, i) => {
          const coin = result.undo[t - 1]?.[i];
          if (done || coin === undefined || classifyInput(coin.output.scriptPubKey, input) !== kind) return;
          txs[t] = { ...tx, inputs: tx.inputs.map((inp, k) => (k === i ? corruptSignature(inp) : inp)) };
          done = true;
        });
      }
      expect(done, kind).toBe(true);
      const ctx = contextAt(builder.blocks, h, params, (x) => builder.medianTimePast(x));
      // Sanity: re-mining the untouched block keeps it valid.
      expect(connectBlock(utxoSetView(before), remine(built.block), ctx).ok, kind).toBe(true);
      const bad = connectBlock(utxoSetView(before), remine({ ...built.block, transactions: txs }), ctx);
      expect(bad.ok, kind).toBe(false);
      if (!bad.ok) expect(bad.error.reason, kind).toMatch(/^block-script-verify-flag-failed \(/);
    }
  });

  describe('consensus boundaries on a candidate block at the tip: valid at the boundary, rejected one step past it', () => {
    const H = (): number => builder.height + 1;
    const prevMtp = (): number => builder.medianTimePast(builder.height);
    const payee = (label: string): Uint8Array => p2trKeyLock(deriveKey(new TextEncoder().encode(`boundary/${label}`), DEFAULT_BACKEND), DEFAULT_BACKEND).scriptPubKey;
    const sortedWallet = (): WalletCoin[] => [...builder.wallet.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const findCoin = (what: string, pred: (c: WalletCoin) => boolean): WalletCoin => {
      const coin = sortedWallet().find(pred);
      if (coin === undefined) throw new Error(`no wallet coin: ${what}`);
      return coin;
    };
    const plain = (c: WalletCoin): boolean => c.lock.requires.relativeBlocks === undefined && c.lock.requires.lockTimeAtLeast === undefined;
    const FEE = 2000n;

    interface SpendOptions {
      readonly version?: number;
      readonly lockTime?: number;
      readonly sequence?: number;
      readonly outputs?: readonly TxOut[];
    }
    const spend = (coins: readonly WalletCoin[], label: string, o: SpendOptions = {}): Transaction => {
      const total = coins.reduce((sum, c) => sum + c.output.value, 0n);
      const unsigned: Transaction = {
        version: o.version ?? 2,
        inputs: coins.map((c) => ({ prevout: c.outpoint, scriptSig: new Uint8Array(0), sequence: o.sequence ?? 0xfffffffe, witness: [] })),
        outputs: o.outputs ?? [{ value: total - FEE, scriptPubKey: payee(label) }],
        lockTime: o.lockTime ?? 0,
      };
      return signTransaction(unsigned, coins);
    };
    const tryBlock = (txs: readonly Transaction[], fees: bigint, overpay = 0n, witnessCommitment?: boolean) => {
      const block = builder.candidateBlock(txs, builder.subsidy(H()) + fees + overpay, witnessCommitment === undefined ? {} : { witnessCommitment });
      return connectBlock(utxoSetView(set), block, contextAt(builder.blocks, H(), params, (x) => builder.medianTimePast(x)));
    };
    const reason = (r: ReturnType<typeof tryBlock>): string => (r.ok ? 'ok' : r.error.reason);

    it('§5.4 coinbase maturity: spendable 100 blocks after, not 99 (bad-txns-premature-spend-of-coinbase)', () => {
      const mature = findCoin('coinbase of H-100', (c) => c.isCoinbase && c.height === H() - 100 && plain(c));
      const immature = findCoin('coinbase of H-99', (c) => c.isCoinbase && c.height === H() - 99 && plain(c));
      expect(reason(tryBlock([spend([mature], 'm')], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([immature], 'i')], FEE))).toBe('bad-txns-premature-spend-of-coinbase');
    });

    it('§4.7 BIP68 height lock: sequence = coin age passes, age + 1 is bad-txns-nonfinal; version 1 ignores it', () => {
      const coin = findCoin('non-coinbase coin aged 2..50', (c) => !c.isCoinbase && plain(c) && H() - c.height >= 2 && H() - c.height <= 50);
      const age = H() - coin.height;
      expect(reason(tryBlock([spend([coin], 'a', { sequence: age })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b', { sequence: age + 1 })], FEE))).toBe('bad-txns-nonfinal');
      expect(reason(tryBlock([spend([coin], 'c', { sequence: age + 1, version: 1 })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'd', { sequence: ((age + 1) | 0x80000000) >>> 0 })], FEE))).toBe('ok');
    });

    it('§4.7 BIP68 time lock: counted from the median time past before the coin’s block', () => {
      const coin = findCoin('coin with 2+ units of 512 s', (c) => !c.isCoinbase && plain(c) && prevMtp() - builder.medianTimePast(c.height - 1) >= 1024);
      const units = Math.floor((prevMtp() - builder.medianTimePast(coin.height - 1)) / 512);
      expect(reason(tryBlock([spend([coin], 'a', { sequence: 0x00400000 | units })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b', { sequence: 0x00400000 | (units + 1) })], FEE))).toBe('bad-txns-nonfinal');
    });

    it('§4.6 §5.6 BIP113 lock time: below the median time past passes, equal is bad-txns-nonfinal; height lock time H-1 / H', () => {
      const coin = findCoin('plain coin', (c) => !c.isCoinbase && plain(c));
      expect(reason(tryBlock([spend([coin], 'a', { lockTime: prevMtp() - 1 })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b', { lockTime: prevMtp() })], FEE))).toBe('bad-txns-nonfinal');
      expect(reason(tryBlock([spend([coin], 'c', { lockTime: prevMtp(), sequence: 0xffffffff })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'd', { lockTime: H() - 1 })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'e', { lockTime: H() })], FEE))).toBe('bad-txns-nonfinal');
    });

    it('§3.9 §4.7 OP_CHECKSEQUENCEVERIFY (P2WSH): sequence n passes, n - 1 fails with UNSATISFIED_LOCKTIME', () => {
      const coin = findCoin('P2WSH CSV coin, old enough', (c) => c.lock.variant === 'csv' && H() - c.height >= (c.lock.requires.relativeBlocks ?? 0) && (!c.isCoinbase || H() - c.height >= 100));
      const n = coin.lock.requires.relativeBlocks ?? 0;
      expect(reason(tryBlock([spend([coin], 'a', { sequence: n })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b', { sequence: n - 1 })], FEE))).toBe('block-script-verify-flag-failed (Locktime requirement not satisfied)');
      expect(reason(tryBlock([spend([coin], 'c', { sequence: n, version: 1 })], FEE))).toBe('block-script-verify-flag-failed (Locktime requirement not satisfied)');
      expect(reason(tryBlock([spend([coin], 'd', { sequence: (n | 0x80000000) >>> 0 })], FEE))).toBe('block-script-verify-flag-failed (Locktime requirement not satisfied)');
    });

    it('§3.9 §4.6 OP_CHECKLOCKTIMEVERIFY (P2WSH): lock time L passes, L - 1 or a final input fails with UNSATISFIED_LOCKTIME', () => {
      const coin = findCoin('P2WSH CLTV coin', (c) => c.lock.variant === 'cltv' && (c.lock.requires.lockTimeAtLeast ?? Infinity) <= H() - 1 && (!c.isCoinbase || H() - c.height >= 100));
      const L = coin.lock.requires.lockTimeAtLeast ?? 0;
      expect(reason(tryBlock([spend([coin], 'a', { lockTime: L })], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b', { lockTime: L - 1 })], FEE))).toBe('block-script-verify-flag-failed (Locktime requirement not satisfied)');
      expect(reason(tryBlock([spend([coin], 'c', { lockTime: L, sequence: 0xffffffff })], FEE))).toBe('block-script-verify-flag-failed (Locktime requirement not satisfied)');
      // A time lock time against a height argument: the types differ.
      expect(reason(tryBlock([spend([coin], 'd', { lockTime: prevMtp() - 1 })], FEE))).toBe('block-script-verify-flag-failed (Locktime requirement not satisfied)');
    });

    it('§4.2 coinbase value: subsidy + fees passes, one satoshi more is bad-cb-amount', () => {
      const coin = findCoin('plain coin', (c) => !c.isCoinbase && plain(c));
      expect(reason(tryBlock([spend([coin], 'a')], FEE))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b')], FEE, 1n))).toBe('bad-cb-amount');
    });

    it('in-block spends must follow the transaction they spend; a double spend in the block fails', () => {
      const [c1, c2] = sortedWallet().filter((c) => !c.isCoinbase && plain(c));
      if (c1 === undefined || c2 === undefined) throw new Error('no plain coins');
      const lock = p2wpkhLock(deriveKey(new TextEncoder().encode('boundary/chain'), DEFAULT_BACKEND));
      const parent = spend([c1], 'p', { outputs: [{ value: c1.output.value - FEE, scriptPubKey: lock.scriptPubKey }] });
      const parentId = txid(parent);
      const child: WalletCoin = { key: outpointKey({ txid: parentId, vout: 0 }), outpoint: { txid: parentId, vout: 0 }, output: parent.outputs[0] as TxOut, height: H(), isCoinbase: false, lock };
      const spendChild = spend([child], 'c');
      expect(reason(tryBlock([parent, spendChild], 2n * FEE))).toBe('ok');
      expect(reason(tryBlock([spendChild, parent], 2n * FEE))).toBe('bad-txns-inputs-missingorspent');
      expect(reason(tryBlock([spend([c2], 'x'), spend([c2], 'y')], 2n * FEE))).toBe('bad-txns-inputs-missingorspent');
    });

    it('§3.10 inscription envelope: 520-byte chunks pass, a 521-byte chunk (not executed) fails with PUSH_SIZE', () => {
      const funding = findCoin('plain coin', (c) => !c.isCoinbase && plain(c));
      const content = new TextEncoder().encode('x'.repeat(1100));
      const results = [520, 521].map((chunk) => {
        const lock = inscriptionLock(deriveKey(new TextEncoder().encode(`boundary/ins-internal`), DEFAULT_BACKEND), deriveKey(new TextEncoder().encode('boundary/ins-signer'), DEFAULT_BACKEND), 'text/plain;charset=utf-8', content, DEFAULT_BACKEND, chunk);
        const commit = spend([funding], `commit-${chunk}`, { outputs: [{ value: 10_000n, scriptPubKey: lock.scriptPubKey }, { value: funding.output.value - 10_000n - FEE, scriptPubKey: payee('change') }] });
        const id = txid(commit);
        const coin: WalletCoin = { key: outpointKey({ txid: id, vout: 0 }), outpoint: { txid: id, vout: 0 }, output: commit.outputs[0] as TxOut, height: H(), isCoinbase: false, lock };
        const reveal = spend([coin], `reveal-${chunk}`, { outputs: [{ value: 10_000n - FEE, scriptPubKey: payee('inscribed') }] });
        return reason(tryBlock([commit, reveal], 2n * FEE));
      });
      expect(results).toEqual(['ok', 'block-script-verify-flag-failed (Push value size limit exceeded)']);
    });

    it('§4.5 §5.6 witness data without a witness commitment is unexpected-witness', () => {
      const coin = findCoin('P2WPKH coin', (c) => !c.isCoinbase && c.lock.kind === 'p2wpkh');
      expect(reason(tryBlock([spend([coin], 'a')], FEE, 0n, true))).toBe('ok');
      expect(reason(tryBlock([spend([coin], 'b')], FEE, 0n, false))).toBe('unexpected-witness');
    });

    it('§3.3 sigop cost: 80,000 passes; 80,004, or 80,001 with a P2WPKH input’s witness sigop, is bad-blk-sigops', () => {
      const p2pkhCoin = findCoin('plain P2PKH coin', (c) => !c.isCoinbase && plain(c) && c.lock.kind === 'p2pkh');
      const p2wpkhCoin = findCoin('plain P2WPKH coin', (c) => !c.isCoinbase && plain(c) && c.lock.kind === 'p2wpkh');
      // Legacy counting: each OP_CHECKSIG 1, each OP_CHECKMULTISIG 20, times 4; the spent outputs do not count.
      const heavy = (coin: WalletCoin, extraChecksigs: number): Transaction =>
        spend([coin], 'sigops', {
          outputs: [
            { value: 0n, scriptPubKey: new Uint8Array(10_000).fill(0xac) },
            { value: 0n, scriptPubKey: new Uint8Array(500).fill(0xae) },
            ...(extraChecksigs > 0 ? [{ value: 0n, scriptPubKey: new Uint8Array(extraChecksigs).fill(0xac) }] : []),
            { value: coin.output.value - FEE, scriptPubKey: payee('sigops') },
          ],
        });
      expect(reason(tryBlock([heavy(p2pkhCoin, 0)], FEE))).toBe('ok');
      expect(reason(tryBlock([heavy(p2pkhCoin, 1)], FEE))).toBe('bad-blk-sigops');
      expect(reason(tryBlock([heavy(p2wpkhCoin, 0)], FEE))).toBe('bad-blk-sigops');
    });

    it('§2.3 §5.6 block weight: exactly 4,000,000 passes, 4,000,001 is bad-blk-weight', () => {
      const coin = findCoin('plain coin', (c) => !c.isCoinbase && plain(c) && c.output.value > 100_000n);
      const internal = deriveKey(new TextEncoder().encode('boundary/weight'), DEFAULT_BACKEND);
      // A reveal whose leaf carries `length` bytes in an unexecuted branch: OP_FALSE OP_IF <pushes> OP_ENDIF OP_1.
      const candidate = (length: number): Block => {
        const body = new Uint8Array(length).fill(0x61);
        const pushes: Uint8Array[] = [];
        for (let at = 0; at < length; at += 520) pushes.push(enc.push(body.subarray(at, at + 520)));
        const leaf = enc.concat(Uint8Array.of(0x00, 0x63), ...pushes, Uint8Array.of(0x68, 0x51));
        const out = DEFAULT_BACKEND.xOnlyTweakAdd(internal.xOnly, enc.taptweakHash(internal.xOnly, enc.tapleafHash(leaf))) as { xOnly: Uint8Array; parity: 0 | 1 };
        const control = enc.concat(Uint8Array.of(0xc0 | out.parity), internal.xOnly);
        const commit = spend([coin], 'weight-commit', {
          outputs: [
            { value: 10_000n, scriptPubKey: enc.concat(Uint8Array.of(0x51, 0x20), out.xOnly) },
            { value: coin.output.value - 10_000n - FEE, scriptPubKey: payee('weight-change') },
          ],
        });
        const reveal: Transaction = {
          version: 2,
          inputs: [{ prevout: { txid: enc.txidOf(commit), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [leaf, control] }],
          outputs: [{ value: 10_000n - FEE, scriptPubKey: payee('weight-out') }],
          lockTime: 0,
        };
        return builder.candidateBlock([commit, reveal], builder.subsidy(H()) + 2n * FEE);
      };
      // Find the body length giving exactly the target weight (each body byte is one weight unit inside a chunk).
      const solve = (target: number): Block => {
        let length = 3_990_000;
        for (let i = 0; i < 12; i++) {
          const block = candidate(length);
          const weight = enc.blockWeightOf(block);
          if (weight === target) return block;
          length += target - weight;
          if (length % 520 < 80) length += 100; // keep the last chunk a plain one-byte-length push
        }
        throw new Error(`no body length gives weight ${target}`);
      };
      const connect = (block: Block): string => {
        const r = connectBlock(utxoSetView(set), block, contextAt(builder.blocks, H(), params, (x) => builder.medianTimePast(x)));
        return r.ok ? 'ok' : r.error.reason;
      };
      expect(connect(solve(4_000_000))).toBe('ok');
      expect(connect(solve(4_000_001))).toBe('bad-blk-weight');
    });

    it('§7.1 OP_RETURN and oversized outputs never entered the UTXO set: spending them is bad-txns-inputs-missingorspent', () => {
      const coin = findCoin('plain coin', (c) => !c.isCoinbase && plain(c));
      const unspendable: { txid: Uint8Array; vout: number }[] = [];
      for (const b of builder.blocks.slice(1)) {
        for (const tx of b.block.transactions) {
          tx.outputs.forEach((o, vout) => {
            if ((o.scriptPubKey[0] === 0x6a || o.scriptPubKey.length > 10_000) && unspendable.length < 40) unspendable.push({ txid: txid(tx), vout });
          });
        }
      }
      expect(unspendable.some((u) => set.has(outpointKey(u)))).toBe(false);
      const first = unspendable[0];
      if (first === undefined) throw new Error('no unspendable output');
      const tx = spend([coin], 'a');
      const withBurnt: Transaction = { ...tx, inputs: [...tx.inputs, { prevout: first, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] }] };
      expect(reason(tryBlock([withBurnt], FEE))).toBe('bad-txns-inputs-missingorspent');
    });
  });

  describe('§3.10 §3.11 §5.5 script edge cases in candidate blocks: what consensus allows and forbids (policy rules do not apply)', () => {
    const H = (): number => builder.height + 1;
    const te = new TextEncoder();
    const key = (label: string): KeyPair => deriveKey(te.encode(`edge/${label}`), DEFAULT_BACKEND);
    const FEE = 2000n;
    const VALUE = 50_000n;
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const funding = (): WalletCoin => {
      const coin = [...builder.wallet.values()]
        .filter((c) => !c.isCoinbase && c.lock.requires.relativeBlocks === undefined && c.lock.requires.lockTimeAtLeast === undefined && c.output.value > 200_000n)
        .sort((a, b) => (a.key < b.key ? -1 : 1))[0];
      if (coin === undefined) throw new Error('no funding coin');
      return coin;
    };
    const payee = enc.concat(Uint8Array.of(0x00, 0x14), new Uint8Array(20).fill(7));

    /**
     * Pays VALUE to `scriptPubKey` from a wallet coin, then spends that output in the same
     * candidate block with what `finish` returns; the block's fate (Core's reason, or 'ok').
     */
    const edgeCase = (scriptPubKey: Uint8Array, finish: (tx: Transaction, spent: TxOut) => { scriptSig?: Uint8Array; witness?: Uint8Array[] }): string => {
      const coin = funding();
      const commit = signTransaction(
        {
          version: 2,
          inputs: [{ prevout: coin.outpoint, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] }],
          outputs: [
            { value: VALUE, scriptPubKey },
            { value: coin.output.value - VALUE - FEE, scriptPubKey: payee },
          ],
          lockTime: 0,
        },
        [coin],
      );
      const spent = commit.outputs[0] as TxOut;
      const unsigned: Transaction = {
        version: 2,
        inputs: [{ prevout: { txid: enc.txidOf(commit), vout: 0 }, scriptSig: new Uint8Array(0), sequence: 0xffffffff, witness: [] }],
        outputs: [{ value: VALUE - FEE, scriptPubKey: payee }],
        lockTime: 0,
      };
      const { scriptSig, witness } = finish(unsigned, spent);
      const tx: Transaction = { ...unsigned, inputs: [{ ...(unsigned.inputs[0] as TxIn), scriptSig: scriptSig ?? new Uint8Array(0), witness: witness ?? [] }] };
      const block = builder.candidateBlock([commit, tx], builder.subsidy(H()) + 2n * FEE);
      const result = connectBlock(utxoSetView(set), block, contextAt(builder.blocks, H(), params, (x) => builder.medianTimePast(x)));
      return result.ok ? 'ok' : result.error.reason;
    };
    const scriptErr = (e: ScriptError): string => `block-script-verify-flag-failed (${scriptErrorString(e)})`;

    /** A P2TR output whose tree is one leaf (`script` under `leafVersion`), internal key `internal`. */
    const tapLeaf = (script: Uint8Array, leafVersion = 0xc0, internal = key('internal')) => {
      const root = enc.tapleafHash(script, leafVersion);
      const out = DEFAULT_BACKEND.xOnlyTweakAdd(internal.xOnly, enc.taptweakHash(internal.xOnly, root));
      if (out === undefined) throw new Error('tweak failed');
      return {
        scriptPubKey: enc.concat(Uint8Array.of(0x51, 0x20), out.xOnly),
        control: enc.concat(Uint8Array.of(leafVersion | out.parity), internal.xOnly),
      };
    };
    const leafCase = (script: Uint8Array, stack: Uint8Array[], leafVersion = 0xc0): string => {
      const { scriptPubKey, control } = tapLeaf(script, leafVersion);
      return edgeCase(scriptPubKey, () => ({ witness: [...stack, script, control] }));
    };

    const ecdsaDer = (tx: Transaction, scriptCode: Uint8Array, k: KeyPair, highS = false): Uint8Array => {
      const compact = DEFAULT_BACKEND.signEcdsa(enc.legacySighash(tx, 0, scriptCode, 1), k.seckey) as Uint8Array;
      if (highS) {
        let s = 0n;
        for (const b of compact.subarray(32)) s = (s << 8n) | BigInt(b);
        const high = N - s;
        for (let i = 63; i >= 32; i--) compact[i] = Number((high >> BigInt(8 * (63 - i))) & 0xffn);
      }
      return encodeDerSignature(compact);
    };
    const p2pkh = (k: KeyPair): Uint8Array => enc.concat(Uint8Array.of(0x76, 0xa9, 0x14), enc.hash160(k.pubkey), Uint8Array.of(0x88, 0xac));

    it('tapscript OP_SUCCESS: succeeds at once, even before a malformed push; a malformed push before it is BAD_OPCODE', () => {
      expect(leafCase(Uint8Array.of(0x50), [])).toBe('ok');
      expect(leafCase(Uint8Array.of(0x50, 0x4c), [])).toBe('ok');
      expect(leafCase(Uint8Array.of(0x7e), [Uint8Array.of(1), Uint8Array.of(2)])).toBe('ok'); // OP_CAT is OP_SUCCESS126 in tapscript
      expect(leafCase(Uint8Array.of(0x4c, 0x50), [])).toBe(scriptErr('BAD_OPCODE'));
    });

    it('tapscript: CHECKMULTISIG is disabled, MINIMALIF and the clean stack are consensus', () => {
      expect(leafCase(Uint8Array.of(0xae), [])).toBe(scriptErr('TAPSCRIPT_CHECKMULTISIG'));
      expect(leafCase(Uint8Array.of(0x63, 0x51, 0x68), [Uint8Array.of(1)])).toBe('ok');
      expect(leafCase(Uint8Array.of(0x63, 0x51, 0x68), [Uint8Array.of(2)])).toBe(scriptErr('TAPSCRIPT_MINIMALIF'));
      expect(leafCase(Uint8Array.of(0x51, 0x51), [])).toBe(scriptErr('CLEANSTACK'));
    });

    it('tapscript: initial stack elements of 520 bytes pass, 521 is PUSH_SIZE', () => {
      expect(leafCase(Uint8Array.of(0x75, 0x51), [new Uint8Array(520)])).toBe('ok');
      expect(leafCase(Uint8Array.of(0x75, 0x51), [new Uint8Array(521)])).toBe(scriptErr('PUSH_SIZE'));
    });

    it('§3.8 taproot: an unknown leaf version succeeds; wrong control size, wrong parity and an empty witness fail', () => {
      expect(leafCase(Uint8Array.of(0x6a), [], 0xc2)).toBe('ok');
      const script = Uint8Array.of(0x51);
      const { scriptPubKey, control } = tapLeaf(script);
      expect(edgeCase(scriptPubKey, () => ({ witness: [script, control] }))).toBe('ok');
      expect(edgeCase(scriptPubKey, () => ({ witness: [script, enc.concat(control, Uint8Array.of(0))] }))).toBe(scriptErr('TAPROOT_WRONG_CONTROL_SIZE'));
      const flipped = control.slice();
      flipped[0] = (flipped[0] as number) ^ 1;
      expect(edgeCase(scriptPubKey, () => ({ witness: [script, flipped] }))).toBe(scriptErr('WITNESS_PROGRAM_MISMATCH'));
      expect(edgeCase(scriptPubKey, () => ({ witness: [] }))).toBe(scriptErr('WITNESS_PROGRAM_WITNESS_EMPTY'));
    });

    it('tapscript validation weight: 50 per signature check from a budget of 50 + witness size; one byte short is TAPSCRIPT_VALIDATION_WEIGHT', () => {
      const k = key('budget');
      const checks = 10;
      const leaf = enc.concat(...Array.from({ length: checks - 1 }, () => Uint8Array.of(0x6e, 0xad)), Uint8Array.of(0xac)); // (OP_2DUP OP_CHECKSIGVERIFY)×9 OP_CHECKSIG
      const { scriptPubKey, control } = tapLeaf(leaf);
      // The annex pads the witness so that its serialized size is exactly `size`.
      const annexFor = (size: number): Uint8Array => {
        for (let a = 1; a < 1000; a++) {
          const annex = new Uint8Array(a);
          annex[0] = 0x50;
          if (enc.witnessStackSize([new Uint8Array(64), k.xOnly, leaf, control, annex]) === size) return annex;
        }
        throw new Error(`no annex gives witness size ${size}`);
      };
      const spendWith = (annex: Uint8Array) => (tx: Transaction, spent: TxOut) => {
        const digest = enc.taprootSighash(tx, 0, 0, { spentOutputs: [spent], leafHash: enc.tapleafHash(leaf), annex });
        const sig = DEFAULT_BACKEND.signSchnorr(digest, k.seckey, new Uint8Array(32)) as Uint8Array;
        return { witness: [sig, k.xOnly, leaf, control, annex] };
      };
      // Budget = witness size + 50; the checks need 50 × 10 = 500, so a witness of 450 bytes is just enough.
      expect(edgeCase(scriptPubKey, spendWith(annexFor(50 * checks - 50)))).toBe('ok');
      expect(edgeCase(scriptPubKey, spendWith(annexFor(50 * checks - 51)))).toBe(scriptErr('TAPSCRIPT_VALIDATION_WEIGHT'));
    });

    it('taproot key path: a non-empty scriptSig is WITNESS_MALLEATED', () => {
      const k = key('keypath');
      const out = DEFAULT_BACKEND.xOnlyTweakAdd(k.xOnly, enc.taptweakHash(k.xOnly)) as { xOnly: Uint8Array };
      const scriptPubKey = enc.concat(Uint8Array.of(0x51, 0x20), out.xOnly);
      const sign = (tx: Transaction, spent: TxOut): Uint8Array =>
        DEFAULT_BACKEND.signSchnorr(enc.taprootSighash(tx, 0, 0, { spentOutputs: [spent] }), tweakSeckey(k, undefined), new Uint8Array(32)) as Uint8Array;
      expect(edgeCase(scriptPubKey, (tx, spent) => ({ witness: [sign(tx, spent)] }))).toBe('ok');
      expect(edgeCase(scriptPubKey, (tx, spent) => ({ scriptSig: Uint8Array.of(0x00), witness: [sign(tx, spent)] }))).toBe(scriptErr('WITNESS_MALLEATED'));
    });

    it('unknown witness versions and pay-to-anchor are spendable; a v0 program of 21 bytes is WITNESS_PROGRAM_WRONG_LENGTH', () => {
      expect(edgeCase(enc.concat(Uint8Array.of(0x52, 0x20), new Uint8Array(32).fill(3)), () => ({}))).toBe('ok');
      expect(edgeCase(Uint8Array.of(0x51, 0x02, 0x4e, 0x73), () => ({}))).toBe('ok');
      expect(edgeCase(enc.concat(Uint8Array.of(0x00, 0x15), new Uint8Array(21).fill(3)), () => ({ witness: [Uint8Array.of(1)] }))).toBe(scriptErr('WITNESS_PROGRAM_WRONG_LENGTH'));
    });

    it('P2WSH and P2SH limits: script size 10,000, 201 opcodes, 520-byte items and redeem scripts; MINIMALIF is policy in v0, the clean stack is not', () => {
      const p2wsh = (ws: Uint8Array): Uint8Array => enc.concat(Uint8Array.of(0x00, 0x20), sha256(ws));
      const wsh = (ws: Uint8Array, stack: Uint8Array[] = []): string => edgeCase(p2wsh(ws), () => ({ witness: [...stack, ws] }));
      // OP_FALSE OP_IF <pushes of `size` bytes in total> OP_ENDIF OP_1: its length is tuned with the pushes.
      const padded = (length: number): Uint8Array => {
        const pushes: Uint8Array[] = [];
        let left = length - 4; // bytes of pushes between OP_IF and OP_ENDIF
        while (left > 0) {
          const size = left <= 76 ? left - 1 : left === 77 ? 75 : left <= 257 ? left - 2 : 255;
          pushes.push(enc.push(new Uint8Array(size)));
          left -= size + (size < 76 ? 1 : 2);
        }
        const script = enc.concat(Uint8Array.of(0x00, 0x63), ...pushes, Uint8Array.of(0x68, 0x51));
        if (script.length !== length) throw new Error(`padded script is ${script.length} bytes, not ${length}`);
        return script;
      };
      expect(wsh(padded(10_000))).toBe('ok');
      expect(wsh(padded(10_001))).toBe(scriptErr('SCRIPT_SIZE'));
      const nops = (n: number): Uint8Array => enc.concat(Uint8Array.of(0x51), new Uint8Array(n).fill(0x61));
      expect(wsh(nops(201))).toBe('ok');
      expect(wsh(nops(202))).toBe(scriptErr('OP_COUNT'));
      const drop = Uint8Array.of(0x75, 0x51);
      expect(wsh(drop, [new Uint8Array(520)])).toBe('ok');
      expect(wsh(drop, [new Uint8Array(521)])).toBe(scriptErr('PUSH_SIZE'));
      expect(wsh(Uint8Array.of(0x63, 0x51, 0x68), [Uint8Array.of(2)])).toBe('ok');
      expect(wsh(Uint8Array.of(0x51, 0x51))).toBe(scriptErr('CLEANSTACK'));
      expect(wsh(Uint8Array.of(0x4f, 0xb1, 0x75, 0x51))).toBe(scriptErr('NEGATIVE_LOCKTIME'));
      // P2SH: the redeem script is a push of the scriptSig, so at most 520 bytes.
      const p2sh = (redeem: Uint8Array): string =>
        edgeCase(enc.concat(Uint8Array.of(0xa9, 0x14), enc.hash160(redeem), Uint8Array.of(0x87)), () => ({ scriptSig: enc.push(redeem) }));
      expect(p2sh(padded(520))).toBe('ok');
      expect(p2sh(padded(521))).toBe(scriptErr('PUSH_SIZE'));
      // Legacy scripts: MINIMALIF is not enforced either.
      expect(p2sh(Uint8Array.of(0x52, 0x63, 0x51, 0x68))).toBe('ok');
    });

    it('§3.12 legacy P2PKH: extra stack items, high S and non-minimal pushes are policy only; non-DER is SIG_DER, a witness is WITNESS_UNEXPECTED', () => {
      const k = key('p2pkh');
      const spk = p2pkh(k);
      const withSig = (sig: (tx: Transaction) => Uint8Array, pre: Uint8Array = new Uint8Array(0)) => (tx: Transaction) => ({
        scriptSig: enc.concat(pre, enc.push(enc.concat(sig(tx), Uint8Array.of(1))), enc.push(k.pubkey)),
      });
      expect(edgeCase(spk, withSig((tx) => ecdsaDer(tx, spk, k)))).toBe('ok');
      expect(edgeCase(spk, withSig((tx) => ecdsaDer(tx, spk, k), Uint8Array.of(0x51)))).toBe('ok');
      expect(edgeCase(spk, withSig((tx) => ecdsaDer(tx, spk, k, true)))).toBe('ok');
      expect(
        edgeCase(spk, (tx) => {
          const sig = enc.concat(ecdsaDer(tx, spk, k), Uint8Array.of(1));
          return { scriptSig: enc.concat(Uint8Array.of(0x4c, sig.length), sig, enc.push(k.pubkey)) };
        }),
      ).toBe('ok');
      const padded = (tx: Transaction): Uint8Array => {
        const d = ecdsaDer(tx, spk, k);
        const rLen = d[3] as number;
        return enc.concat(Uint8Array.of(0x30, (d[1] as number) + 1, 0x02, rLen + 1, 0x00), d.subarray(4));
      };
      expect(edgeCase(spk, withSig(padded))).toBe(scriptErr('SIG_DER'));
      expect(edgeCase(spk, (tx) => ({ ...withSig((t) => ecdsaDer(t, spk, k))(tx), witness: [Uint8Array.of(1)] }))).toBe(scriptErr('WITNESS_UNEXPECTED'));
    });

    it('§3.4 §3.12 hash types and key encodings: any legacy/v0 hash type byte, hybrid and uncompressed keys are consensus-valid; taproot is strict', () => {
      const k = key('hashtypes');
      const signLegacy = (tx: Transaction, scriptCode: Uint8Array, hashType: number): Uint8Array =>
        enc.concat(encodeDerSignature(DEFAULT_BACKEND.signEcdsa(enc.legacySighash(tx, 0, scriptCode, hashType), k.seckey) as Uint8Array), Uint8Array.of(hashType));
      const spk = p2pkh(k);
      for (const hashType of [0x00, 0x41, 0x04, 0xc3]) {
        expect(edgeCase(spk, (tx) => ({ scriptSig: enc.concat(enc.push(signLegacy(tx, spk, hashType)), enc.push(k.pubkey)) })), `legacy 0x${hashType.toString(16)}`).toBe('ok');
      }
      const wpkh = enc.concat(Uint8Array.of(0x00, 0x14), enc.hash160(k.pubkey));
      const signV0 = (tx: Transaction, spent: TxOut, hashType: number, pub = k.pubkey): Uint8Array =>
        enc.concat(encodeDerSignature(DEFAULT_BACKEND.signEcdsa(enc.bip143Sighash(tx, 0, p2pkh({ ...k, pubkey: pub }), spent.value, hashType), k.seckey) as Uint8Array), Uint8Array.of(hashType));
      expect(edgeCase(wpkh, (tx, spent) => ({ witness: [signV0(tx, spent, 0x41), k.pubkey] }))).toBe('ok');
      // P2WPKH of an uncompressed key: WITNESS_PUBKEYTYPE is policy only.
      const wpkhU = enc.concat(Uint8Array.of(0x00, 0x14), enc.hash160(k.pubkeyUncompressed));
      expect(edgeCase(wpkhU, (tx, spent) => ({ witness: [signV0(tx, spent, 1, k.pubkeyUncompressed), k.pubkeyUncompressed] }))).toBe('ok');
      // P2WPKH with a third witness item.
      expect(edgeCase(wpkh, (tx, spent) => ({ witness: [new Uint8Array(0), signV0(tx, spent, 1), k.pubkey] }))).toBe(scriptErr('WITNESS_PROGRAM_MISMATCH'));
      // P2PK with the hybrid encoding of the key (0x06/0x07 ‖ x ‖ y): libsecp256k1 parses it.
      const hybrid = k.pubkeyUncompressed.slice();
      hybrid[0] = 0x06 | ((hybrid[64] as number) & 1);
      const p2pk = enc.concat(enc.push(hybrid), Uint8Array.of(0xac));
      expect(edgeCase(p2pk, (tx) => ({ scriptSig: enc.push(signLegacy(tx, p2pk, 1)) }))).toBe('ok');
      const wrongHybrid = hybrid.slice();
      wrongHybrid[0] = (wrongHybrid[0] as number) ^ 1;
      const p2pkWrong = enc.concat(enc.push(wrongHybrid), Uint8Array.of(0xac));
      expect(edgeCase(p2pkWrong, (tx) => ({ scriptSig: enc.push(signLegacy(tx, p2pkWrong, 1)) }))).toBe(scriptErr('EVAL_FALSE'));
      // Taproot key path: 0x41 is not a taproot hash type.
      const out = DEFAULT_BACKEND.xOnlyTweakAdd(k.xOnly, enc.taptweakHash(k.xOnly)) as { xOnly: Uint8Array };
      const tr = enc.concat(Uint8Array.of(0x51, 0x20), out.xOnly);
      const signTr = (tx: Transaction, spent: TxOut, hashType: number): Uint8Array =>
        enc.concat(DEFAULT_BACKEND.signSchnorr(enc.taprootSighash(tx, 0, hashType === 0x41 ? 1 : hashType, { spentOutputs: [spent] }), tweakSeckey(k, undefined), new Uint8Array(32)) as Uint8Array, Uint8Array.of(hashType));
      expect(edgeCase(tr, (tx, spent) => ({ witness: [signTr(tx, spent, 0x83)] }))).toBe('ok');
      expect(edgeCase(tr, (tx, spent) => ({ witness: [signTr(tx, spent, 0x41)] }))).toBe(scriptErr('SCHNORR_SIG_HASHTYPE'));
    });

    it('§3.9 tapscript keys: an unknown key type succeeds, an empty key is TAPSCRIPT_EMPTY_PUBKEY, an empty signature is false', () => {
      const k = key('tapkeys');
      const sigFor = (leaf: Uint8Array) => (tx: Transaction, spent: TxOut): Uint8Array =>
        DEFAULT_BACKEND.signSchnorr(enc.taprootSighash(tx, 0, 0, { spentOutputs: [spent], leafHash: enc.tapleafHash(leaf) }), k.seckey, new Uint8Array(32)) as Uint8Array;
      const run = (leaf: Uint8Array, sig: (tx: Transaction, spent: TxOut) => Uint8Array): string => {
        const { scriptPubKey, control } = tapLeaf(leaf);
        return edgeCase(scriptPubKey, (tx, spent) => ({ witness: [sig(tx, spent), leaf, control] }));
      };
      const known = enc.concat(enc.push(k.xOnly), Uint8Array.of(0xac));
      expect(run(known, sigFor(known))).toBe('ok');
      expect(run(known, () => new Uint8Array(0))).toBe(scriptErr('EVAL_FALSE'));
      const unknownType = enc.concat(enc.push(k.pubkey), Uint8Array.of(0xac)); // 33 bytes: an upgradable key type
      expect(run(unknownType, () => new Uint8Array(64).fill(1))).toBe('ok');
      const empty = Uint8Array.of(0x00, 0xac);
      expect(run(empty, () => new Uint8Array(64).fill(1))).toBe(scriptErr('TAPSCRIPT_EMPTY_PUBKEY'));
    });

    it('§3.7 OP_CODESEPARATOR: legacy signatures hash the script after the last executed one (separators removed), v0 keeps them', () => {
      const a = key('codesep-a');
      const b = key('codesep-b');
      // <A> OP_CHECKSIGVERIFY OP_CODESEPARATOR <B> OP_CHECKSIG
      const script = enc.concat(enc.push(a.pubkey), Uint8Array.of(0xad, 0xab), enc.push(b.pubkey), Uint8Array.of(0xac));
      const whole = enc.concat(enc.push(a.pubkey), Uint8Array.of(0xad), enc.push(b.pubkey), Uint8Array.of(0xac)); // legacy: separators removed
      const tail = enc.concat(enc.push(b.pubkey), Uint8Array.of(0xac));
      const ecdsa = (digest: Uint8Array, k: KeyPair): Uint8Array => enc.concat(encodeDerSignature(DEFAULT_BACKEND.signEcdsa(digest, k.seckey) as Uint8Array), Uint8Array.of(1));
      const p2sh = enc.concat(Uint8Array.of(0xa9, 0x14), enc.hash160(script), Uint8Array.of(0x87));
      const legacy = (scriptCodeA: Uint8Array, scriptCodeB: Uint8Array) => (tx: Transaction) => ({
        scriptSig: enc.concat(enc.push(ecdsa(enc.legacySighash(tx, 0, scriptCodeB, 1), b)), enc.push(ecdsa(enc.legacySighash(tx, 0, scriptCodeA, 1), a)), enc.push(script)),
      });
      expect(edgeCase(p2sh, legacy(whole, tail))).toBe('ok');
      expect(edgeCase(p2sh, legacy(whole, script))).toBe(scriptErr('EVAL_FALSE'));
      expect(edgeCase(p2sh, legacy(script, tail))).toBe(scriptErr('CHECKSIGVERIFY'));
      const p2wsh = enc.concat(Uint8Array.of(0x00, 0x20), sha256(script));
      const v0 = (scriptCodeA: Uint8Array, scriptCodeB: Uint8Array) => (tx: Transaction, spent: TxOut) => ({
        witness: [ecdsa(enc.bip143Sighash(tx, 0, scriptCodeB, spent.value, 1), b), ecdsa(enc.bip143Sighash(tx, 0, scriptCodeA, spent.value, 1), a), script],
      });
      expect(edgeCase(p2wsh, v0(script, tail))).toBe('ok');
      expect(edgeCase(p2wsh, v0(whole, tail))).toBe(scriptErr('CHECKSIGVERIFY'));
    });

    it('P2SH multisig: a non-zero dummy is SIG_NULLDUMMY, a non-push scriptSig is SIG_PUSHONLY', () => {
      const keys = [key('ms1'), key('ms2'), key('ms3')];
      const redeem = enc.concat(Uint8Array.of(0x52), ...keys.map((k) => enc.push(k.pubkey)), Uint8Array.of(0x53, 0xae));
      const spk = enc.concat(Uint8Array.of(0xa9, 0x14), enc.hash160(redeem), Uint8Array.of(0x87));
      const sigs = (tx: Transaction): Uint8Array => enc.concat(...[keys[0], keys[2]].map((k) => enc.push(enc.concat(ecdsaDer(tx, redeem, k as KeyPair), Uint8Array.of(1)))));
      expect(edgeCase(spk, (tx) => ({ scriptSig: enc.concat(Uint8Array.of(0x00), sigs(tx), enc.push(redeem)) }))).toBe('ok');
      expect(edgeCase(spk, (tx) => ({ scriptSig: enc.concat(Uint8Array.of(0x51), sigs(tx), enc.push(redeem)) }))).toBe(scriptErr('SIG_NULLDUMMY'));
      expect(edgeCase(spk, (tx) => ({ scriptSig: enc.concat(Uint8Array.of(0x00), sigs(tx), Uint8Array.of(0x61), enc.push(redeem)) }))).toBe(scriptErr('SIG_PUSHONLY'));
    });

    it('P2SH-wrapped P2WPKH: valid with the redeem script as the only push, WITNESS_MALLEATED_P2SH with anything more', () => {
      const k = key('p2sh-p2wpkh');
      const redeem = enc.concat(Uint8Array.of(0x00, 0x14), enc.hash160(k.pubkey));
      const spk = enc.concat(Uint8Array.of(0xa9, 0x14), enc.hash160(redeem), Uint8Array.of(0x87));
      const witness = (tx: Transaction, spent: TxOut): Uint8Array[] => {
        const digest = enc.bip143Sighash(tx, 0, p2pkh(k), spent.value, 1);
        return [enc.concat(encodeDerSignature(DEFAULT_BACKEND.signEcdsa(digest, k.seckey) as Uint8Array), Uint8Array.of(1)), k.pubkey];
      };
      expect(edgeCase(spk, (tx, spent) => ({ scriptSig: enc.push(redeem), witness: witness(tx, spent) }))).toBe('ok');
      expect(edgeCase(spk, (tx, spent) => ({ scriptSig: enc.concat(Uint8Array.of(0x00), enc.push(redeem)), witness: witness(tx, spent) }))).toBe(scriptErr('WITNESS_MALLEATED_P2SH'));
    });
  });
});

/** The input with one byte flipped inside its first signature (witness element or scriptSig push). */
function corruptSignature(input: TxIn): TxIn {
  const looksLikeSig = (b: Uint8Array): boolean => b.length === 64 || b.length === 65 || (b.length >= 70 && b.length <= 73 && b[0] === 0x30);
  const w = input.witness.findIndex(looksLikeSig);
  if (w >= 0) {
    const sig = (input.witness[w] as Uint8Array).slice();
    sig[10] = (sig[10] ?? 0) ^ 0x01;
    return { ...input, witness: input.witness.map((x, k) => (k === w ? sig : x)) };
  }
  for (let pc = 0; pc < input.scriptSig.length; ) {
    const op = readScriptOp(input.scriptSig, pc);
    if (op === undefined) break;
    if (looksLikeSig(input.scriptSig.subarray(op.dataStart, op.next))) {
      const scriptSig = input.scriptSig.slice();
      scriptSig[op.dataStart + 10] = (scriptSig[op.dataStart + 10] ?? 0) ^ 0x01;
      return { ...input, scriptSig };
    }
    pc = op.next;
  }
  throw new Error('no signature found');
}

