/**
 * A regtest chain from the deterministic builder (test/support/regtest), connected block by block
 * from genesis with the kernel's connectBlock on a UTXO set, and checked against the builder's
 * own bookkeeping (issue 5, "must show" 4: a built chain of at least 300 blocks with every script
 * kind validates).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, applyUtxoDelta, outpointKey } from '../kernel/chain/utxo.js';
import { nobleBackend } from '../kernel/crypto/secp256k1.js';
import { equalBytes } from '../kernel/encoding/bytes.js';
import { toDisplayHex } from '../kernel/encoding/hex.js';
import { blockHash, decodeBlock, encodeBlock } from '../kernel/primitives/block.js';
import { isCoinbase } from '../kernel/primitives/transaction.js';
import type { Block, Transaction, TxIn } from '../kernel/primitives/types.js';
import { type BlockUndo, connectBlock } from '../kernel/validation/connect-block.js';
import { readScriptOp } from '../kernel/script/parse.js';
import { utxoSetView } from '../kernel/chain/utxo.js';
import { type RegtestChainBuilder, buildRegtestChain, remine, totalComposition } from './support/regtest/builder.js';
import { classifyInput, connectOnSet, contextAt } from './support/regtest/connect.js';
import { SPEND_KINDS, type SpendKind } from './support/regtest/locks.js';

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

describe(`regtest chain: ${BLOCKS} built blocks connect from genesis`, () => {
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

  it("starts from the kernel-computed genesis, which is Core's regtest genesis", () => {
    expect(toDisplayHex(builder.blocks[0]?.hash ?? new Uint8Array())).toBe(REGTEST_GENESIS);
    expect(builder.height).toBeGreaterThanOrEqual(300);
  });

  it('every block connects with connectBlock', () => {
    expect(failures).toEqual([]);
    expect(results.length).toBe(BLOCKS);
  });

  it('headers: linked, regtest bits, proof of work, time above the median time past', () => {
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

  it('fees and inputs checked per block equal the builder’s bookkeeping', () => {
    for (const r of results) {
      const c = builder.blocks[r.height]?.composition;
      if (c === undefined) throw new Error('missing composition');
      expect(r.fees, `fees at ${r.height}`).toBe(c.fees);
      expect(r.inputsChecked, `inputs at ${r.height}`).toBe(Object.values(c.inputsByKind).reduce((a, b) => a + b, 0));
    }
  });

  it('inputs checked per script kind: every kind appears, and each block’s kinds match what the builder spent', () => {
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

  it('the final UTXO set equals the builder’s wallet: count, total amount and every coin', () => {
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

  it('the total amount is what the coinbases paid less fees and burns, and within the subsidies issued', () => {
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

  it('negative control: one corrupted signature makes the block fail with a script error', () => {
    const h = results.find((r) => (r.kinds.p2wpkh ?? 0) > 0)?.height ?? -1;
    const built = builder.blocks[h];
    if (built === undefined) throw new Error('no block with a P2WPKH input');
    // Rebuild the UTXO set before height h by connecting again without scripts (cheap).
    let before = new Map<string, Coin>();
    for (let k = 1; k < h; k++) {
      const step = connectOnSet(before, (builder.blocks[k] as { block: Block }).block, contextAt(builder.blocks, k, params, (x) => builder.medianTimePast(x), undefined, false));
      if ('error' in step) throw new Error(step.error);
      before = step.after;
    }
    const txs = built.block.transactions.map((tx) => tx);
    const t = txs.findIndex((tx, i) => i > 0 && tx.inputs.some((inp) => inp.witness.length === 2 && (inp.witness[1]?.length ?? 0) === 33));
    const tx = txs[t] as Transaction;
    const i = tx.inputs.findIndex((inp) => inp.witness.length === 2 && (inp.witness[1]?.length ?? 0) === 33);
    const sig = (tx.inputs[i]?.witness[0] as Uint8Array).slice();
    sig[10] = (sig[10] ?? 0) ^ 1;
    const badTx: Transaction = { ...tx, inputs: tx.inputs.map((inp, k) => (k === i ? { ...inp, witness: [sig, inp.witness[1] as Uint8Array] } : inp)) };
    // The txid does not cover the witness, so only the witness commitment and the script check see it.
    txs[t] = badTx;
    const ctx = contextAt(builder.blocks, h, params, (x) => builder.medianTimePast(x));
    const good = connectBlock(utxoSetView(before), built.block, ctx);
    expect(good.ok).toBe(true);
    const bad = connectBlock(utxoSetView(before), { ...built.block, transactions: txs }, ctx);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.reason).toBe('bad-witness-merkle-match');
  });

  it('the @noble/curves backend accepts the same blocks with the same effect (heights 101-130)', () => {
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

  it('every script kind is really verified: one corrupted signature per kind fails the block with a script error', () => {
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
      if (!bad.ok) expect(bad.error.reason, kind).toMatch(/^mandatory-script-verify-flag-failed \(/);
    }
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
