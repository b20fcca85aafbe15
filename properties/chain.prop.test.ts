/**
 * Properties of kernel/validation/connect-block.ts and kernel/chain/utxo.ts on chains from the
 * regtest builder (shell/regtest): disconnectBlock undoes connectBlock exactly, and a
 * reorganisation to a heavier fork gives the UTXO set of connecting the fork directly
 * (issue 5, "must show" 4; Core's ConnectBlock/DisconnectBlock, SPEC.md §5.7, §7.1).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORKS } from '../kernel/chain/params.js';
import { type Coin, type UtxoSet, applyUtxoDelta, utxoSetView } from '../kernel/chain/utxo.js';
import { toDisplayHex, toHex } from '../kernel/encoding/hex.js';
import type { Block, BlockHeader, Transaction, TxIn } from '../kernel/primitives/types.js';
import { type HeaderEntry, acceptHeader, findReorg, genesisEntry, getAncestor, getMedianTimePast, hasMoreWork } from '../kernel/chain/header-chain.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { DEFAULT_BACKEND } from '../kernel/crypto/secp256k1.js';
import { readScriptOp } from '../kernel/script/parse.js';
import { type BlockUndo, connectBlock, disconnectBlock, runScriptCheck } from '../kernel/validation/connect-block.js';
import { getBlockProof } from '../kernel/validation/pow.js';
import { type BuiltBlock, type RegtestChainBuilder, buildRegtestChain, remine } from '../shell/regtest/builder.js';
import { contextAt } from '../test/support/regtest/connect.js';

const params = NETWORKS.regtest.consensus;
const MAIN_BLOCKS = 130;

/** A UTXO set as sorted entries, each coin written out in full. */
function entries(set: UtxoSet): string[] {
  return [...set.entries()]
    .map(([key, c]) => `${key} ${c.output.value} ${c.height} ${c.isCoinbase ? 'cb' : '-'} ${toHex(c.output.scriptPubKey)}`)
    .sort();
}

function connectOrThrow(set: UtxoSet, chain: readonly BuiltBlock[], height: number, mtp: (h: number) => number, verifyScripts = true) {
  const built = chain[height];
  if (built === undefined) throw new Error(`no block ${height}`);
  const result = connectBlock(utxoSetView(set), built.block, contextAt(chain, height, params, mtp, undefined, verifyScripts));
  if (!result.ok) throw new Error(`block ${height} (${toDisplayHex(built.hash)}): ${result.error.reason}`);
  return result.value;
}

function chainWork(chain: readonly BuiltBlock[]): bigint {
  return chain.reduce((work, b) => work + getBlockProof(b.block.header.bits), 0n);
}

describe('connectBlock / disconnectBlock on regtest-builder chains', () => {
  let main: RegtestChainBuilder;
  /** sets[h]: the UTXO set after block h of the main chain. */
  const sets: Map<string, Coin>[] = [new Map()];
  /** undos[h]: the undo data of block h. */
  const undos: BlockUndo[] = [[]];
  /** mainEntries[h]: the kernel header chain's entry for block h. */
  const mainEntries: HeaderEntry[] = [genesisEntry(NETWORKS.regtest)];
  const acceptOrThrow = (prev: HeaderEntry, header: BlockHeader): HeaderEntry => {
    const next = acceptHeader(prev, header, params, 2_000_000_000);
    if (!next.ok) throw new Error(`header ${prev.height + 1}: ${next.error.reason}`);
    return next.value;
  };

  beforeAll(() => {
    main = buildRegtestChain({ seed: 'chain-prop-main', blocks: MAIN_BLOCKS });
    for (let h = 1; h <= main.height; h++) {
      const connected = connectOrThrow(sets[h - 1] as UtxoSet, main.blocks, h, (x) => main.medianTimePast(x));
      sets.push(applyUtxoDelta(sets[h - 1] as UtxoSet, connected.delta));
      undos.push(connected.undo);
      mainEntries.push(acceptOrThrow(mainEntries[h - 1] as HeaderEntry, (main.blocks[h] as BuiltBlock).block.header));
    }
  });

  it('§5.7 §7.1 disconnect(connect(view, b)) = view, for every block of the chain, over views with unrelated coins too', () => {
    const unrelatedCoin = fc.record({
      txid: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      vout: fc.nat({ max: 20 }),
      value: fc.bigInt({ min: 0n, max: 21_000_000n * 100_000_000n }),
      height: fc.nat({ max: 100 }),
      isCoinbase: fc.boolean(),
      script: fc.uint8Array({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: MAIN_BLOCKS }), fc.integer({ min: 101, max: MAIN_BLOCKS })),
        fc.array(unrelatedCoin, { maxLength: 8 }),
        (height, extra) => {
          const view = new Map(sets[height - 1]);
          for (const c of extra) {
            view.set(`${toHex(c.txid)}:${c.vout}`, { output: { value: c.value, scriptPubKey: c.script }, height: c.height, isCoinbase: c.isCoinbase });
          }
          const block = (main.blocks[height] as BuiltBlock).block;
          const connected = connectOrThrow(view, main.blocks, height, (x) => main.medianTimePast(x));
          const after = applyUtxoDelta(view, connected.delta);
          const undone = disconnectBlock(utxoSetView(after), block, connected.undo, height);
          expect(undone.ok).toBe(true);
          if (!undone.ok) return;
          expect(entries(applyUtxoDelta(after, undone.value))).toEqual(entries(view));
          // The block's own effect does not depend on the unrelated coins.
          const clean = applyUtxoDelta(sets[height - 1] as UtxoSet, connected.delta);
          expect(entries(clean)).toEqual(entries(sets[height] as UtxoSet));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('§5.7 disconnecting with the wrong undo data fails instead of corrupting the set', () => {
    // The first block with spends: its undo lists coins; drop one.
    const height = undos.findIndex((u) => u.length > 0);
    const undo = undos[height] as BlockUndo;
    const block = (main.blocks[height] as BuiltBlock).block;
    const truncated = [...undo.slice(0, -1), (undo[undo.length - 1] ?? []).slice(0, -1)];
    const result = disconnectBlock(utxoSetView(sets[height] as UtxoSet), block, truncated, height);
    expect(result.ok).toBe(false);
    // And a block disconnected from a set that does not hold its outputs fails too.
    const wrongView = disconnectBlock(utxoSetView(sets[height - 1] as UtxoSet), block, undo, height);
    expect(wrongView.ok).toBe(false);
  });

  it('§5.7 §6.3 §7.1 reorganising to a heavier fork gives the UTXO set of connecting the fork directly', () => {
    fc.assert(
      fc.property(
        // Mostly forks among the blocks with spends; now and then a deep one (its own coinbases mature on it).
        fc.oneof({ arbitrary: fc.integer({ min: 98, max: MAIN_BLOCKS - 1 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 97 }), weight: 1 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 3 }),
        (forkHeight, forkSeed, extra) => {
          const fork = main.forkAt(forkHeight, `chain-prop-fork-${forkSeed}`).mine(MAIN_BLOCKS - forkHeight + extra);
          const forkMtp = (h: number): number => fork.medianTimePast(h);
          // Same prefix, different blocks after the fork point, more work.
          for (let h = 0; h <= forkHeight; h++) expect(fork.blocks[h]?.hash).toBe(main.blocks[h]?.hash);
          expect(toHex((fork.blocks[forkHeight + 1] as BuiltBlock).hash)).not.toBe(toHex((main.blocks[forkHeight + 1] as BuiltBlock).hash));
          expect(chainWork(fork.blocks)).toBeGreaterThan(chainWork(main.blocks));

          // The kernel header chain takes the fork's headers, prefers its tip and names the steps.
          let forkTip = mainEntries[forkHeight] as HeaderEntry;
          for (let h = forkHeight + 1; h <= fork.height; h++) forkTip = acceptOrThrow(forkTip, (fork.blocks[h] as BuiltBlock).block.header);
          const mainTip = mainEntries[MAIN_BLOCKS] as HeaderEntry;
          expect(hasMoreWork(forkTip, mainTip)).toBe(true);
          const reorg = findReorg(mainTip, forkTip);
          if (reorg === undefined) throw new Error('no common ancestor');
          expect(reorg.fork.height).toBe(forkHeight);
          expect(reorg.disconnect.map((e) => e.height)).toEqual(Array.from({ length: MAIN_BLOCKS - forkHeight }, (_, i) => MAIN_BLOCKS - i));
          expect(reorg.connect.map((e) => toHex(e.hash))).toEqual(fork.blocks.slice(forkHeight + 1).map((b) => toHex(b.hash)));
          const byHash = new Map([...main.blocks, ...fork.blocks].map((b) => [toHex(b.hash), b]));

          // Reorg as the header chain says: disconnect with the undo data down to the fork...
          let set: Map<string, Coin> = sets[MAIN_BLOCKS] as Map<string, Coin>;
          for (const entry of reorg.disconnect) {
            const built = byHash.get(toHex(entry.hash)) as BuiltBlock;
            const undone = disconnectBlock(utxoSetView(set), built.block, undos[entry.height] as BlockUndo, entry.height);
            if (!undone.ok) throw new Error(`disconnect ${entry.height}: ${undone.error}`);
            set = applyUtxoDelta(set, undone.value);
          }
          expect(entries(set)).toEqual(entries(sets[forkHeight] as UtxoSet));
          // ...then connect the fork, with the median times past from the header chain.
          for (const entry of reorg.connect) {
            const built = byHash.get(toHex(entry.hash)) as BuiltBlock;
            const result = connectBlock(utxoSetView(set), built.block, {
              height: entry.height,
              prevMedianTimePast: getMedianTimePast(entry.prev as HeaderEntry),
              params,
              medianTimePastAt: (h) => getMedianTimePast(getAncestor(entry, h) as HeaderEntry),
              backend: DEFAULT_BACKEND,
            });
            if (!result.ok) throw new Error(`connect ${entry.height}: ${result.error.reason}`);
            set = applyUtxoDelta(set, result.value.delta);
          }

          // Directly: the fork from genesis on an empty set (its prefix is the main chain's, scripts checked there).
          let direct = new Map<string, Coin>();
          for (let h = 1; h <= fork.height; h++) {
            direct = applyUtxoDelta(direct, connectOrThrow(direct, fork.blocks, h, forkMtp, h > forkHeight).delta);
          }
          expect(entries(set)).toEqual(entries(direct));
          // And both are the fork builder's own wallet.
          expect(set.size).toBe(fork.walletTotals().count);
          expect([...set.values()].reduce((s, c) => s + c.output.value, 0n)).toBe(fork.walletTotals().amount);
          expect([...set.keys()].sort()).toEqual([...fork.wallet.keys()].sort());
        },
      ),
      { numRuns: 6 },
    );
  });

  it('§3.11 §5.7 every signature byte matters: flipping bits in one signature of a built block makes it fail with a script error', () => {
    const withSpends = main.blocks.filter((b) => b.block.transactions.length > 1);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (bi, ti, ii, pos, mask) => {
        const built = withSpends[bi % withSpends.length] as BuiltBlock;
        const txs = [...built.block.transactions];
        const t = 1 + (ti % (txs.length - 1));
        const tx = txs[t] as Transaction;
        const i = ii % tx.inputs.length;
        const input = tx.inputs[i] as TxIn;
        const located = signatureOf(input);
        if (located === undefined) throw new Error(`no signature in input ${i} of tx ${t} at ${built.height}`);
        const bytes = located.bytes.slice();
        const at = pos % bytes.length;
        bytes[at] = (bytes[at] ?? 0) ^ mask;
        txs[t] = { ...tx, inputs: tx.inputs.map((inp, k) => (k === i ? located.replace(bytes) : inp)) };
        const ctx = contextAt(main.blocks, built.height, params, (x) => main.medianTimePast(x));
        const result = connectBlock(utxoSetView(sets[built.height - 1] as UtxoSet), remine({ ...built.block, transactions: txs }), ctx);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.reason).toMatch(/^block-script-verify-flag-failed \(/);
      }),
      { numRuns: 40 },
    );
  });

  it('§5.7 §7.1 script checks as jobs: verifyScripts false gives the same delta, and every job passes on its own', () => {
    fc.assert(
      fc.property(fc.integer({ min: 101, max: MAIN_BLOCKS }), (height) => {
        const before = sets[height - 1] as UtxoSet;
        const deferred = connectOrThrow(before, main.blocks, height, (x) => main.medianTimePast(x), false);
        const inputs = deferred.scriptChecks.reduce((n, c) => n + c.tx.inputs.length, 0);
        expect(inputs).toBe(deferred.inputsChecked);
        for (const check of deferred.scriptChecks) expect(runScriptCheck(check, DEFAULT_BACKEND).ok).toBe(true);
        expect(entries(applyUtxoDelta(before, deferred.delta))).toEqual(entries(sets[height] as UtxoSet));
      }),
      { numRuns: 15 },
    );
  });

  it('the fork builder leaves the main builder untouched', () => {
    const before = main.walletTotals();
    const fork = main.forkAt(110, 'untouched').mine(3);
    expect(fork.height).toBe(113);
    expect(main.height).toBe(MAIN_BLOCKS);
    expect(main.walletTotals()).toEqual(before);
    const blocks: readonly Block[] = fork.blocks.map((b) => b.block);
    expect(blocks.length).toBe(114);
  });
});

/** The first signature of an input (a witness element or a scriptSig push) and how to put a changed one back. */
function signatureOf(input: TxIn): { readonly bytes: Uint8Array; replace(sig: Uint8Array): TxIn } | undefined {
  const looksLikeSig = (b: Uint8Array): boolean => b.length === 64 || b.length === 65 || (b.length >= 9 && b.length <= 73 && b[0] === 0x30);
  const w = input.witness.findIndex(looksLikeSig);
  if (w >= 0) {
    return { bytes: input.witness[w] as Uint8Array, replace: (sig) => ({ ...input, witness: input.witness.map((x, k) => (k === w ? sig : x)) }) };
  }
  for (let pc = 0; pc < input.scriptSig.length; ) {
    const op = readScriptOp(input.scriptSig, pc);
    if (op === undefined) return undefined;
    const data = input.scriptSig.subarray(op.dataStart, op.next);
    if (looksLikeSig(data)) {
      const start = op.dataStart;
      const end = op.next;
      return {
        bytes: data,
        replace: (sig) => ({ ...input, scriptSig: concatBytes(input.scriptSig.subarray(0, start), sig, input.scriptSig.subarray(end)) }),
      };
    }
    pc = op.next;
  }
  return undefined;
}
