/**
 * BIP68 relative lock times as ConnectBlock enforces them (SPEC.md §4.7 and §5.7,
 * kernel/validation/connect-block.ts connectTransactions: Core's ConnectBlock calling
 * SequenceLocks with LOCKTIME_VERIFY_SEQUENCE from CSV's activation). The lock is stated with
 * BIP68's literal values: bit 31 (1 << 31) disables it, bit 22 (1 << 22) makes it a time, the low
 * 16 bits are the value, in blocks or in units of 512 seconds; a height lock of n is met n blocks
 * after the coin's block, a time lock once the median time past of the block before the new one
 * reaches the median time past of the block before the coin's plus n * 512 s. The block: a
 * coinbase and one transaction of one input and one output, on regtest (CSV active from height
 * 1), against a set of up to 1 coin.
 */
import { bytes, int, map, proof, str, tuple } from '../harness/dsl.js';
import { type Coin, type UtxoSet, outpointKey, utxoSetView } from '../kernel/chain/utxo.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { connectTransactions } from '../kernel/validation/connect-block.js';
import { checkBlockShaped, coin, coinbase, regtestContext, spend } from './block-domains.js';

/**
 * The block connected at `height` after a block of median time past `prevMtp`; the median time
 * past of the block at height `at` is `base + 7 * at` (distinct per height, so the proof sees
 * which block's is read).
 */
function connect(set: UtxoSet, cb: Transaction, tx: Transaction, ids: readonly Uint8Array[], height: number, prevMtp: number, base: number) {
  return connectTransactions(utxoSetView(set), [cb, tx], ids, 'h', { ...regtestContext(height), prevMedianTimePast: prevMtp, medianTimePastAt: (at: number) => base + 7 * at });
}

/** BIP68 in its own words: whether the input's relative lock lets a transaction of `version` into a block at `height` after one of median time past `prevMtp`. */
function bip68LockMet(version: number, sequence: number, coinHeight: number, height: number, prevMtp: number, base: number): boolean {
  if (version < 2 || sequence >= 0x80000000) return true;
  const n = sequence % 65536;
  if (Math.floor(sequence / 4194304) % 2 === 0) return height - coinHeight >= n;
  // The median time past of the block before the coin's (the genesis block's for a coin of height 0).
  const coinMtp = base + 7 * (coinHeight === 0 ? 0 : coinHeight - 1);
  return prevMtp - coinMtp >= n * 512;
}

const inputs = { set: map(1, str(), coin()), cb: coinbase(), tx: spend(3), ids: tuple(2, bytes(32)), height: int(1, 149), prevMtp: int(0, 2_000_000_000), base: int(0, 1_000_000_000) };

export const connectSequenceLocks = proof('ConnectBlock enforces BIP68: a transaction of version 2 or more is refused until its input\'s relative lock is met, in blocks or in 512-second units', {
  fn: connectTransactions,
  sharedText: true,
  spec: '§4.7',
  statement:
    'For a regtest block at height 1..149 (CSV active) after a block of median time past 0..2,000,000,000, of a coinbase and one transaction of version 1..3 spending one coin of a set of up to 1 coin, the block at each height h having median time past base + 7h: when accepted, the input\'s BIP68 lock is met (version < 2, or bit 31 of nSequence set, or with n its low 16 bits: bit 22 clear and height - coin height >= n, or bit 22 set and the previous median time past minus that of the block before the coin\'s is >= n * 512); when the coin is in the set, not a coinbase\'s, of value in [0, 21,000,000 BTC] and at least the output\'s, and the lock is not met, the block is refused with bad-txns-nonfinal; and a met lock never refuses it with bad-txns-nonfinal. The transaction\'s input spends no output of the block itself.',
  inputs,
  // The input spends no output of the block itself (the coinbase's output would shadow the set's coin).
  requires: ({ cb, tx, ids }) => checkBlockShaped(cb, tx) && outpointKey(tx.inputs[0]!.prevout) !== outpointKey({ txid: ids[0], vout: 0 }),
  ensures: ({ set, cb, tx, ids, height, prevMtp, base }) => {
    const r = connect(set, cb, tx, ids, height, prevMtp, base);
    const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
    if (c === undefined) return !r.ok;
    const met = bip68LockMet(tx.version, tx.inputs[0].sequence, c.height, height, prevMtp, base);
    const otherwiseValid = !c.isCoinbase && c.output.value >= tx.outputs[0].value && c.output.value <= 2_100_000_000_000_000n;
    const nonfinal = !r.ok && r.error.reason === 'bad-txns-nonfinal';
    return (!r.ok || met) && (met || !otherwiseValid || nonfinal) && (!met || !nonfinal);
  },
  covers: {
    'a height lock met exactly: n blocks after the coin': ({ set, cb, tx, ids, height, prevMtp, base }) => {
      const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      const s = tx.inputs[0].sequence;
      return c !== undefined && tx.version === 2 && s < 0x80000000 && Math.floor(s / 4194304) % 2 === 0 && s % 65536 > 0 && height - c.height === s % 65536 && connect(set, cb, tx, ids, height, prevMtp, base).ok;
    },
    'a height lock one block short': ({ set, cb, tx, ids, height, prevMtp, base }) => {
      const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      const s = tx.inputs[0].sequence;
      const r = connect(set, cb, tx, ids, height, prevMtp, base);
      return c !== undefined && s < 0x80000000 && Math.floor(s / 4194304) % 2 === 0 && height - c.height === s % 65536 - 1 && !r.ok && r.error.reason === 'bad-txns-nonfinal';
    },
    'a time lock met exactly: n * 512 s after': ({ set, cb, tx, ids, height, prevMtp, base }) => {
      const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      const s = tx.inputs[0].sequence;
      return c !== undefined && tx.version >= 2 && c.height > 1 && s < 0x80000000 && Math.floor(s / 4194304) % 2 === 1 && s % 65536 > 0 && prevMtp - (base + 7 * (c.height - 1)) === (s % 65536) * 512 && connect(set, cb, tx, ids, height, prevMtp, base).ok;
    },
    'a time lock one second short': ({ set, cb, tx, ids, height, prevMtp, base }) => {
      const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      const s = tx.inputs[0].sequence;
      const r = connect(set, cb, tx, ids, height, prevMtp, base);
      return c !== undefined && c.height > 1 && s < 0x80000000 && Math.floor(s / 4194304) % 2 === 1 && prevMtp - (base + 7 * (c.height - 1)) === (s % 65536) * 512 - 1 && !r.ok && r.error.reason === 'bad-txns-nonfinal';
    },
    'version 1 ignores an unmet lock': ({ set, cb, tx, ids, height, prevMtp, base }) => {
      const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      const s = tx.inputs[0].sequence;
      return c !== undefined && tx.version === 1 && s < 0x80000000 && Math.floor(s / 4194304) % 2 === 0 && height - c.height < s % 65536 && connect(set, cb, tx, ids, height, prevMtp, base).ok;
    },
    'the disable bit ignores an unmet lock': ({ set, cb, tx, ids, height, prevMtp, base }) => {
      const c: Coin | undefined = set.get(outpointKey(tx.inputs[0].prevout));
      const s = tx.inputs[0].sequence;
      return c !== undefined && tx.version === 2 && s >= 0x80000000 && Math.floor(s / 4194304) % 2 === 0 && height - c.height < s % 65536 && connect(set, cb, tx, ids, height, prevMtp, base).ok;
    },
  },
});
