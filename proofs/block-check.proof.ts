/**
 * CheckBlock's size measures (SPEC.md §2.3, §5.2): a transaction's and a block's sizes with and
 * without witnesses and the BIP141 weight, over the kernel's own source, for transactions given
 * by their fields (a transaction decoded from bytes takes its sizes from the decoded bytes
 * instead: properties/fast-paths.prop.test.ts checks that they are equal). Scripts and witness
 * items are modelled by their lengths: no size rule reads their bytes.
 */
import { bool, bytes, int, int64, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { sha256d } from '../kernel/crypto/hashes.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { blockBaseSize, blockTotalSize, blockWeight, txTotalSize, txWeight } from '../kernel/primitives/size.js';
import type { Block, Transaction } from '../kernel/primitives/types.js';
import { coinbaseCommitsHeight, getCoinbaseHeight } from '../kernel/validation/bip34.js';
import { blockLegacySigOpCount, checkBlock, checkBlockHeader, checkBlockSigOpsLimit, checkBlockSizeLimits, checkCoinbasePlacement } from '../kernel/validation/block-check.js';
import { contextualCheckBlock } from '../kernel/validation/contextual-check.js';
import { MAINNET_POW_LIMIT, anyHeader, oneInOneOutSerialization } from './block-domains.js';

/** CompactSize width for a length below 2^32, literally: 1 below 253, 3 up to 0xffff, else 5. */
function cs(n: number): number {
  return n < 253 ? 1 : n <= 0xffff ? 3 : 5;
}

/** n bytes as the size rules see them: only the length. */
function ofLength(n: number): Uint8Array {
  return { length: n } as unknown as Uint8Array;
}

/** A 1-input, 1-output transaction with these script lengths and witness item lengths. */
function tx(scriptSig: number, scriptPubKey: number, witness: readonly number[]): Transaction {
  const items = witness.length === 2 ? [ofLength(witness[0] as number), ofLength(witness[1] as number)] : [];
  return {
    version: 2,
    inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: ofLength(scriptSig), sequence: 0, witness: items }],
    outputs: [{ value: 0n, scriptPubKey: ofLength(scriptPubKey) }],
    lockTime: 0,
  };
}

const len = () => int(0, 100000);

/** Legacy size of a 1-input 1-output transaction, literally: version, counts, outpoint, scripts, sequence, value, lock time. */
function legacy(sig: number, spk: number): number {
  return 4 + 1 + (36 + cs(sig) + sig + 4) + 1 + (8 + cs(spk) + spk) + 4;
}

export const weightOfFields = proof('BIP141 sizes and weight of a transaction and a block, from the fields', {
  fn: blockWeight,
  spec: '§2.3',
  statement:
    'For a block of 2 one-input one-output transactions, the first without witness and the second with a 2-item witness stack, scripts and witness items of any length up to 100,000 bytes: the legacy size of a transaction is 4 + 1 + (36 + CS(s) + s + 4) + 1 + (8 + CS(p) + p) + 4; the first\'s total size equals it, the second\'s adds 2 (marker, flag) + CS(2) + CS(w0) + w0 + CS(w1) + w1; the block\'s sizes are 80 + CS(2) + the two transactions\' sizes; a weight is 3 x legacy size + total size (CS(n) = 1 below 253, 3 up to 65,535, 5 above).',
  inputs: { a: record({ sig: len(), spk: len() }), b: record({ sig: len(), spk: len(), w: tuple(2, len()) }) },
  ensures: ({ a, b }) => {
    const txA = tx(a.sig, a.spk, []);
    const txB = tx(b.sig, b.spk, b.w);
    const baseA = legacy(a.sig, a.spk);
    const baseB = legacy(b.sig, b.spk);
    const totalB = baseB + 2 + 1 + cs(b.w[0]) + b.w[0] + cs(b.w[1]) + b.w[1];
    const block: Block = { header: { version: 4, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 }, transactions: [txA, txB] };
    return (
      txTotalSize(txA) === baseA &&
      txTotalSize(txB) === totalB &&
      txWeight(txB) === 3 * baseB + totalB &&
      blockBaseSize(block) === 80 + 1 + baseA + baseB &&
      blockTotalSize(block) === 80 + 1 + baseA + totalB &&
      blockWeight(block) === 3 * (80 + 1 + baseA + baseB) + (80 + 1 + baseA + totalB)
    );
  },
  covers: {
    'empty witness items still cost their length byte': ({ b }) => b.w[0] === 0 && b.w[1] === 0,
    'a 253-byte witness item': ({ b }) => b.w[1] === 253,
  },
});

/** The BIP34 push of height 500,000: CScript() << 500000 = 03 20 a1 07. */
const HEIGHT_PUSH = Uint8Array.of(0x03, 0x20, 0xa1, 0x07);

/** A mainnet block at height 500,000: a coinbase (this scriptSig, one 25-byte output) and one transaction. */
function blockAt500000(coinbaseSig: Uint8Array, sig: number, spk: number, lockTime: number, sequence: number, witnessed: boolean): Block {
  return {
    header: { version: 0x20000000, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 },
    transactions: [
      { version: 1, inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0xffffffff }, scriptSig: coinbaseSig, sequence: 0xffffffff, witness: [] }], outputs: [{ value: 0n, scriptPubKey: ofLength(25) }], lockTime: 0 },
      { version: 2, inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: ofLength(sig), sequence, witness: witnessed ? [ofLength(72)] : [] }], outputs: [{ value: 0n, scriptPubKey: ofLength(spk) }], lockTime },
    ],
  };
}

/** The reject reason of a result, or 'ok'. */
function verdict(r: { ok: boolean; error?: { reason: string } }): string {
  return r.ok ? 'ok' : (r.error as { reason: string }).reason;
}

export const contextualOrderAndWeight = proof('ContextualCheckBlock: finality, witness without commitment, then weight at exactly 4,000,000', {
  fn: contextualCheckBlock,
  spec: '§5.6',
  statement:
    'On mainnet at height 500,000 (after BIP34, CSV and segwit) with any parent median time past m, for a block of a coinbase starting with its height push (one 25-byte output, no commitment) and one transaction (any lock time and sequence, a scriptSig and a scriptPubKey of any length up to 2,000,000 bytes by length, with or without a witness): the result is bad-txns-nonfinal iff the transaction is not final (lock time non-zero, not below 500,000 (a height) or m (a time), and its sequence not 0xffffffff, BIP113); else unexpected-witness iff it has a witness (no commitment); else bad-blk-weight iff 4 x the block size > 4,000,000; else accepted without a commitment.',
  inputs: { sig: int(0, 2000000), spk: int(0, 2000000), lockTime: uint32(), sequence: uint32(), witnessed: bool(), mtp: uint32() },
  ensures: ({ sig, spk, lockTime, sequence, witnessed, mtp }) => {
    const at = { height: 500000, prevMedianTimePast: mtp };
    const r = witnessed
      ? contextualCheckBlock(blockAt500000(HEIGHT_PUSH, sig, spk, lockTime, sequence, true), at, NETWORKS.main.consensus)
      : contextualCheckBlock(blockAt500000(HEIGHT_PUSH, sig, spk, lockTime, sequence, false), at, NETWORKS.main.consensus);
    const final = lockTime === 0 || lockTime < (lockTime < 500000000 ? 500000 : mtp) || sequence === 0xffffffff;
    const size = 80 + 1 + (4 + 1 + (36 + 1 + 4 + 4) + 1 + (8 + 1 + 25) + 4) + legacy(sig, spk);
    const expected = !final ? 'bad-txns-nonfinal' : witnessed ? 'unexpected-witness' : 4 * size > 4000000 ? 'bad-blk-weight' : 'ok';
    return verdict(r) === expected && (!r.ok || !r.value.witnessCommitted);
  },
  covers: {
    'weight exactly 4,000,000 is accepted': ({ sig, spk, lockTime, witnessed }) => lockTime === 0 && !witnessed && 80 + 1 + 93 + legacy(sig, spk) === 1000000,
    'weight 4,000,004 is rejected': ({ sig, spk, lockTime, witnessed }) => lockTime === 0 && !witnessed && 80 + 1 + 93 + legacy(sig, spk) === 1000001,
    'a time lock equal to the median time past is not final': ({ lockTime, mtp, sequence }) => lockTime >= 500000000 && lockTime === mtp && sequence !== 0xffffffff,
    'lock time 499,999 is final at height 500,000': ({ lockTime }) => lockTime === 499999,
  },
});

export const contextualBip34 = proof('ContextualCheckBlock: after BIP34 the coinbase must start with the height push', {
  fn: contextualCheckBlock,
  spec: '§5.6',
  statement:
    'On mainnet at height 500,000, for a block of a coinbase with any 4-byte scriptSig and one final transaction without witness: bad-cb-height iff the scriptSig is not 03 20 a1 07 (CScript() << 500000), else accepted.',
  inputs: { cb: bytes(4), mtp: uint32() },
  ensures: ({ cb, mtp }) => {
    const r = contextualCheckBlock(blockAt500000(cb, 0, 0, 0, 0, false), { height: 500000, prevMedianTimePast: mtp }, NETWORKS.main.consensus);
    const pushes = cb[0] === 0x03 && cb[1] === 0x20 && cb[2] === 0xa1 && cb[3] === 0x07;
    return verdict(r) === (pushes ? 'ok' : 'bad-cb-height');
  },
  covers: { 'the last byte wrong': ({ cb }) => cb[0] === 0x03 && cb[1] === 0x20 && cb[2] === 0xa1 && cb[3] === 0x08 },
});

/** The block under a header of this time (blockAt500000's shape does not depend on the height it is checked at). */
function withTime(block: Block, time: number): Block {
  return { header: { ...block.header, time }, transactions: block.transactions };
}

export const contextualBip34Activation = proof('ContextualCheckBlock: the BIP34 height rule starts at mainnet height 227,931, not one block later or earlier', {
  fn: contextualCheckBlock,
  spec: '§5.6',
  statement:
    "On mainnet at heights 227,930 and 227,931 (Core's BIP34Height = 227931), for a block of a coinbase with any 4-byte scriptSig and one final transaction without witness: at 227,930 the block is accepted whatever the coinbase; at 227,931 it is bad-cb-height unless the scriptSig is 03 5b 7a 03 (CScript() << 227931).",
  inputs: { h: int(227930, 227931), cb: bytes(4) },
  ensures: ({ h, cb }) => {
    const r = contextualCheckBlock(blockAt500000(cb, 0, 0, 0, 0, false), { height: h, prevMedianTimePast: 0 }, NETWORKS.main.consensus);
    const pushes = cb[0] === 0x03 && cb[1] === 0x5b && cb[2] === 0x7a && cb[3] === 0x03;
    return verdict(r) === (h === 227931 && !pushes ? 'bad-cb-height' : 'ok');
  },
  covers: {
    'a coinbase without the push accepted one block before': ({ h, cb }) => h === 227930 && cb[0] === 0,
    'the push of 227,931 accepted at 227,931': ({ h, cb }) => h === 227931 && cb[0] === 0x03 && cb[1] === 0x5b && cb[2] === 0x7a && cb[3] === 0x03,
  },
});

/** A mainnet block whose coinbase (scriptSig `push`, no witness) pays 0 to 6a 24 aa 21 a9 ed ‖ `h` (a witness commitment's shape), and one transaction without witness. */
function commitmentShapedBlock(push: Uint8Array, h: Uint8Array): Block {
  const commitment = concatBytes(Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed), h);
  return {
    header: { version: 0x20000000, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 },
    transactions: [
      { version: 1, inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0xffffffff }, scriptSig: push, sequence: 0xffffffff, witness: [] }], outputs: [{ value: 0n, scriptPubKey: commitment }], lockTime: 0 },
      { version: 2, inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: ofLength(0), sequence: 0xffffffff, witness: [] }], outputs: [{ value: 0n, scriptPubKey: ofLength(25) }], lockTime: 0 },
    ],
  };
}

export const contextualSegwitActivation = proof('ContextualCheckBlock: the witness commitment is checked from mainnet height 481,824 (segwit), not one block earlier', {
  fn: contextualCheckBlock,
  spec: '§5.6',
  statement:
    "On mainnet at heights 481,823 and 481,824 (Core's SegwitHeight = 481824), for a block of a coinbase starting with its height push (03 1f 5a 07, 03 20 5a 07) with no witness, whose one output is 6a 24 aa 21 a9 ed and any 32 bytes (a witness commitment's shape), and one transaction without witness: at 481,823 the block is accepted (no commitment is looked for before segwit); at 481,824 it is bad-witness-nonce-size (a commitment needs the coinbase's witness to be one 32-byte reserved value).",
  inputs: { h: int(481823, 481824), c: bytes(32) },
  ensures: ({ h, c }) => {
    const push = h === 481824 ? Uint8Array.of(0x03, 0x20, 0x5a, 0x07) : Uint8Array.of(0x03, 0x1f, 0x5a, 0x07);
    const r = contextualCheckBlock(commitmentShapedBlock(push, c), { height: h, prevMedianTimePast: 0 }, NETWORKS.main.consensus);
    return verdict(r) === (h === 481824 ? 'bad-witness-nonce-size' : 'ok');
  },
});

export const contextualMedianTimeFromCsv = proof("ContextualCheckBlock: lock times are judged against the parent's median time past from the CSV height 419,328 on, against the block's time before (BIP113)", {
  fn: contextualCheckBlock,
  spec: '§5.6',
  statement:
    "On mainnet at heights 419,327 and 419,328 (Core's CSVHeight = 419328, which activates BIP113 with BIP68 and BIP112), for a block under a header of any time t, with any parent median time past m, of a coinbase starting with its height push (03 ff 65 06 at 419,327, 03 00 66 06 at 419,328) and one transaction with a time lock L (500,000,000 <= L < 2^32) and sequence 0: the block is accepted iff L < m from 419,328 on, iff L < t before; otherwise bad-txns-nonfinal.",
  inputs: { h: int(419327, 419328), t: uint32(), m: uint32(), lockTime: int(500000000, 0xffffffff) },
  ensures: ({ h, t, m, lockTime }) => {
    const push = h === 419328 ? Uint8Array.of(0x03, 0x00, 0x66, 0x06) : Uint8Array.of(0x03, 0xff, 0x65, 0x06);
    const r = contextualCheckBlock(withTime(blockAt500000(push, 0, 0, lockTime, 0, false), t), { height: h, prevMedianTimePast: m }, NETWORKS.main.consensus);
    const final = lockTime < (h >= 419328 ? m : t);
    return verdict(r) === (final ? 'ok' : 'bad-txns-nonfinal');
  },
  covers: {
    'at 419,328 a lock below the median time past but not below the block time is final': ({ h, t, m, lockTime }) => h === 419328 && lockTime < m && lockTime >= t,
    'at 419,327 a lock below the block time but not below the median time past is final': ({ h, t, m, lockTime }) => h === 419327 && lockTime < t && lockTime >= m,
  },
});

/** A block whose coinbase has this scriptSig. */
function blockWithCoinbase(scriptSig: Uint8Array): Block {
  return {
    header: { version: 0x20000000, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 },
    transactions: [{ version: 1, inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0xffffffff }, scriptSig, sequence: 0xffffffff, witness: [] }], outputs: [], lockTime: 0 }],
  };
}

export const coinbaseHeightOfBlock = proof("a block's BIP34 height is read from its coinbase's scriptSig", {
  fn: getCoinbaseHeight,
  spec: '§5.3',
  statement:
    "For a block whose coinbase scriptSig is 03 20 a1 07 followed by any 2 bytes: getCoinbaseHeight is 500,000 and the block commits to height 500,000 and to no other height in [0, 2^31 - 1].",
  inputs: { tail: bytes(2), other: int(0, 2 ** 31 - 1) },
  ensures: ({ tail, other }) => {
    const block = blockWithCoinbase(Uint8Array.of(0x03, 0x20, 0xa1, 0x07, tail[0], tail[1]));
    return getCoinbaseHeight(block) === 500000 && coinbaseCommitsHeight(block, 500000) && (other === 500000 || !coinbaseCommitsHeight(block, other));
  },
  covers: { 'height 499,999 is not committed': ({ other }) => other === 499999 },
});

/** The reject reason of a CheckBlock step, or 'ok'. */
function reason(r: { ok: boolean; error?: { reason: string } }): string {
  return r.ok ? 'ok' : (r.error as { reason: string }).reason;
}

export const blockSizeLimits = proof('CheckBlock: bad-blk-length for no transactions, or more than 1,000,000 transactions or base bytes', {
  fn: checkBlockSizeLimits,
  spec: '§5.2',
  statement:
    "For every transaction count and size without witnesses in [0, 2^31 - 1]: the result is bad-blk-length exactly when the count is 0, or count * 4 > 4,000,000, or size * 4 > 4,000,000 (MAX_BLOCK_WEIGHT and WITNESS_SCALE_FACTOR written out: at most 1,000,000 each), else ok.",
  inputs: { txCount: int(0, 2 ** 31 - 1), baseSize: int(0, 2 ** 31 - 1) },
  ensures: ({ txCount, baseSize }) => reason(checkBlockSizeLimits(txCount, baseSize)) === (txCount === 0 || txCount > 1000000 || baseSize > 1000000 ? 'bad-blk-length' : 'ok'),
  covers: {
    '1,000,000 transactions and bytes pass': ({ txCount, baseSize }) => txCount === 1000000 && baseSize === 1000000,
    '1,000,001 transactions fail': ({ txCount, baseSize }) => txCount === 1000001 && baseSize === 81,
    '1,000,001 base bytes fail': ({ txCount, baseSize }) => txCount === 1 && baseSize === 1000001,
  },
});

export const blockSigOpsLimit = proof('CheckBlock: bad-blk-sigops above 20,000 legacy sigops', {
  fn: checkBlockSigOpsLimit,
  spec: '§5.2',
  statement: 'For every legacy sigop count in [0, 2^31 - 1]: bad-blk-sigops exactly when count * 4 > 80,000 (MAX_BLOCK_SIGOPS_COST written out: more than 20,000), else ok.',
  inputs: { sigOps: int(0, 2 ** 31 - 1) },
  ensures: ({ sigOps }) => reason(checkBlockSigOpsLimit(sigOps)) === (sigOps > 20000 ? 'bad-blk-sigops' : 'ok'),
  covers: {
    '20,000 pass': ({ sigOps }) => sigOps === 20000,
    '20,001 fail': ({ sigOps }) => sigOps === 20001,
  },
});

/** A 1-input 1-output transaction whose scriptSig and scriptPubKey are the single bytes `sig` and `spk`. */
function oneByteScripts(sig: number, spk: number): Transaction {
  return {
    version: 1,
    inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0 }, scriptSig: Uint8Array.of(sig), sequence: 0, witness: [] }],
    outputs: [{ value: 0n, scriptPubKey: Uint8Array.of(spk) }],
    lockTime: 0,
  };
}

/** Core's GetSigOpCount(false) of a 1-byte script, literally: ac, ad count 1; ae, af count 20 (MAX_PUBKEYS_PER_MULTISIG); any other byte 0 (a push without its data stops the count). */
function oneByteSigOps(b: number): number {
  return b === 0xac || b === 0xad ? 1 : b === 0xae || b === 0xaf ? 20 : 0;
}

export const blockLegacySigOps = proof("CheckBlock's legacy sigop count adds up every transaction's scriptSigs and scriptPubKeys", {
  fn: blockLegacySigOpCount,
  spec: '§5.2',
  split: 'n',
  statement:
    'For 0 to 3 transactions (one case each), each of one input and one output whose scriptSig and scriptPubKey are one byte each (any bytes): the count is the sum, over both scripts of every transaction, of 1 for ac (OP_CHECKSIG) or ad (OP_CHECKSIGVERIFY), 20 for ae (OP_CHECKMULTISIG) or af (OP_CHECKMULTISIGVERIFY), and 0 for any other byte. With blockSigOpsLimit this pins what CheckBlock compares with 20,000 (a mutation run found the sum pinned by no proof: the blocks of the CheckBlock proofs are far below the limit).',
  inputs: { n: int(0, 3), sigs: bytes(3), spks: bytes(3) },
  ensures: ({ n, sigs, spks }) => {
    const all = [0, 1, 2].map((i) => oneByteScripts(sigs[i] as number, spks[i] as number));
    const txs = all.slice(0, n);
    let want = 0;
    for (let i = 0; i < n; i++) want += oneByteSigOps(sigs[i] as number) + oneByteSigOps(spks[i] as number);
    return blockLegacySigOpCount(txs) === want;
  },
  covers: {
    'three multisig outputs: 60': ({ n, spks }) => n === 3 && spks[0] === 0xae && spks[1] === 0xae && spks[2] === 0xae,
    'a checksig in a scriptSig counts': ({ n, sigs }) => n === 1 && sigs[0] === 0xac,
  },
});

/** A transaction with one or two inputs spending these outpoints (the coinbase rule reads nothing else). */
function spending(a: { txid: Uint8Array; vout: number }, b: { txid: Uint8Array; vout: number }, two: boolean): Transaction {
  const first = { prevout: a, scriptSig: new Uint8Array(0), sequence: 0, witness: [] };
  const second = { prevout: b, scriptSig: new Uint8Array(0), sequence: 0, witness: [] };
  return { version: 1, inputs: two ? [first, second] : [first], outputs: [], lockTime: 0 };
}

/** Core's IsCoinBase written out: one input, its outpoint 32 zero bytes and index 0xffffffff. */
function coinbaseSpec(a: { txid: Uint8Array; vout: number }, two: boolean): boolean {
  if (two || a.vout !== 0xffffffff) return false;
  for (let i = 0; i < 32; i++) if (a.txid[i] !== 0) return false;
  return true;
}

const outpoint = () => record({ txid: bytes(32), vout: uint32() });

export const coinbasePlacement = proof('CheckBlock: bad-cb-missing unless the first transaction is the coinbase, then bad-cb-multiple for any other', {
  fn: checkCoinbasePlacement,
  spec: '§5.2',
  statement:
    "For blocks of 0 to 3 transactions, each with 1 or 2 inputs spending any outpoints: bad-cb-missing when there is no transaction or the first is not a coinbase (one input, outpoint 32 zero bytes and index 0xffffffff), else bad-cb-multiple when a later one is a coinbase, else ok.",
  inputs: { n: int(0, 3), a: tuple(3, outpoint()), b: tuple(3, outpoint()), two: tuple(3, bool()) },
  ensures: ({ n, a, b, two }) => {
    const txs: Transaction[] = [];
    for (let i = 0; i < n; i++) txs.push(spending(a[i] as { txid: Uint8Array; vout: number }, b[i] as { txid: Uint8Array; vout: number }, two[i] as boolean));
    const cb0 = n > 0 && coinbaseSpec(a[0] as { txid: Uint8Array; vout: number }, two[0] as boolean);
    const later = (n > 1 && coinbaseSpec(a[1] as { txid: Uint8Array; vout: number }, two[1] as boolean)) || (n > 2 && coinbaseSpec(a[2] as { txid: Uint8Array; vout: number }, two[2] as boolean));
    return reason(checkCoinbasePlacement(txs)) === (!cb0 ? 'bad-cb-missing' : later ? 'bad-cb-multiple' : 'ok');
  },
  covers: {
    'a coinbase then a second coinbase': ({ n, a, two }) => n === 3 && !two[0] && !two[2] && coinbaseSpec(a[0] as { txid: Uint8Array; vout: number }, false) && coinbaseSpec(a[2] as { txid: Uint8Array; vout: number }, false),
    'one coinbase and two spends': ({ n, a, two }) => n === 3 && coinbaseSpec(a[0] as { txid: Uint8Array; vout: number }, two[0] as boolean) && !coinbaseSpec(a[1] as { txid: Uint8Array; vout: number }, two[1] as boolean) && !coinbaseSpec(a[2] as { txid: Uint8Array; vout: number }, two[2] as boolean),
  },
});

/** A one-input, one-output transaction: its outpoint, a 2-byte scriptSig, its value and a 1-byte scriptPubKey, all symbolic. */
const smallTx = () => record({ prevout: outpoint(), scriptSig: bytes(2), value: int64(), scriptPubKey: bytes(1) });
type SmallTx = { prevout: { txid: Uint8Array; vout: number }; scriptSig: Uint8Array; value: bigint; scriptPubKey: Uint8Array };

/** The transaction of these fields (version 1, final sequence, no witness, lock time 0). */
function txOf(f: SmallTx): Transaction {
  return { version: 1, inputs: [{ prevout: f.prevout, scriptSig: f.scriptSig, sequence: 0xffffffff, witness: [] }], outputs: [{ value: f.value, scriptPubKey: f.scriptPubKey }], lockTime: 0 };
}

/** CheckTransaction's verdict on such a transaction, written out: its one output value in [0, 21,000,000 BTC] (MAX_MONEY), else its reason. */
function outputRule(value: bigint): string {
  return value < 0n ? 'bad-txns-vout-negative' : value > 2100000000000000n ? 'bad-txns-vout-toolarge' : 'ok';
}

const HEADER = { version: 1, prevBlockHash: new Uint8Array(32), merkleRoot: new Uint8Array(32), time: 0, bits: 0, nonce: 0 };

/**
 * CheckBlock's verdict after the header and the Merkle root on the first `n` (0..4) of these
 * transactions, written out: bad-blk-length for none; bad-cb-missing unless the first is a
 * coinbase; bad-cb-multiple when a later one is; else the first bad output value's reason, in
 * block order; else ok.
 */
function rulesAfterMerkle(n: number, fields: readonly SmallTx[]): string {
  let firstFailure = 'ok';
  for (let i = n - 1; i >= 0; i--) {
    const rule = outputRule((fields[i] as SmallTx).value);
    if (rule !== 'ok') firstFailure = rule;
  }
  const cb = (i: number): boolean => coinbaseSpec((fields[i] as SmallTx).prevout, false);
  return n === 0 ? 'bad-blk-length' : !cb(0) ? 'bad-cb-missing' : (n > 1 && cb(1)) || (n > 2 && cb(2)) || (n > 3 && cb(3)) ? 'bad-cb-multiple' : firstFailure;
}

export const checkBlockOrder = proof("CheckBlock: its rules after the header and the Merkle root, in Core's order, with Core's reasons", {
  fn: checkBlock,
  spec: '§5.2',
  split: 'n',
  sharedContext: true,
  statement:
    "For blocks of 0 to 3 transactions (one case each), each of one input and one output with any outpoint, a 2-byte scriptSig, any int64 value and a 1-byte scriptPubKey, with the proof of work and Merkle root checks off (Core's fCheckPOW and fCheckMerkleRoot; checkBlockHeader and computeMerkleRoot have their own proofs): CheckBlock returns bad-blk-length for no transaction; else bad-cb-missing when the first is not a coinbase (outpoint 32 zero bytes and index 0xffffffff); else bad-cb-multiple when a later one is; else the reason of the first transaction, in block order, whose output value is negative (bad-txns-vout-negative) or above 2,100,000,000,000,000 (bad-txns-vout-toolarge), CheckTransaction's only rules such a transaction can break; else ok. The size and sigop limits cannot be reached by blocks this small: they are proved at their exact boundaries above (blockSizeLimits, blockSigOpsLimit).",
  inputs: { n: int(0, 3), t: tuple(3, smallTx()) },
  ensures: ({ n, t }) => {
    const fields = t as SmallTx[];
    const txs: Transaction[] = [];
    for (let i = 0; i < n; i++) txs.push(txOf(fields[i] as SmallTx));
    const r = checkBlock({ header: HEADER, transactions: txs }, 2n ** 224n - 1n, { checkPow: false, checkMerkleRoot: false });
    return reason(r) === rulesAfterMerkle(n, fields);
  },
  covers: {
    'a coinbase and two spends, accepted': ({ n, t }) => n === 3 && coinbaseSpec(t[0].prevout, false) && !coinbaseSpec(t[1].prevout, false) && !coinbaseSpec(t[2].prevout, false) && t[0].value === 5000000000n && t[2].value === 2100000000000000n,
    'only the third transaction has a bad value': ({ n, t }) => n === 3 && coinbaseSpec(t[0].prevout, false) && !coinbaseSpec(t[1].prevout, false) && !coinbaseSpec(t[2].prevout, false) && t[0].value === 0n && t[1].value === 1n && t[2].value === 2100000000000001n,
    'the second and third have bad values: the second one\'s reason': ({ n, t }) => n === 3 && coinbaseSpec(t[0].prevout, false) && !coinbaseSpec(t[1].prevout, false) && !coinbaseSpec(t[2].prevout, false) && t[1].value === -1n && t[2].value > 2100000000000000n,
  },
});

/** HEADER with this Merkle root. */
function headerWith(merkleRoot: Uint8Array) {
  return { version: 1, prevBlockHash: new Uint8Array(32), merkleRoot, time: 0, bits: 0, nonce: 0 };
}

/** SHA256d of two concatenated 32-byte hashes, as Core's Merkle tree hashes a pair. */
function pair(a: Uint8Array, b: Uint8Array): Uint8Array {
  return sha256d(concatBytes(a, b));
}

/** Core's ComputeMerkleRoot of 1 to 4 txids, written out, and its mutation flag (two equal siblings). */
function merkleSpec(ids: readonly Uint8Array[]): { root: Uint8Array; mutated: boolean } {
  const [a, b, c, d] = ids;
  if (a === undefined) return { root: new Uint8Array(32), mutated: false };
  if (b === undefined) return { root: a, mutated: false };
  if (c === undefined) return { root: pair(a, b), mutated: equalBytes(a, b) };
  // An odd level repeats its last hash; the repeat is not a pair of equal siblings.
  const right = d === undefined ? pair(c, c) : pair(c, d);
  return { root: pair(pair(a, b), right), mutated: equalBytes(a, b) || (d !== undefined && equalBytes(c, d)) || equalBytes(pair(a, b), right) };
}

export const checkBlockMerkleRoot = proof("CheckBlock with its Merkle root check: bad-txnmrklroot unless the header commits to the txids, then bad-txns-duplicate for two equal siblings (CVE-2012-2459)", {
  fn: checkBlock,
  spec: '§5.2',
  split: 'n',
  statement:
    "For blocks of 1 to 4 transactions (one case each) of the transactions of checkBlockOrder (one input, one output: any outpoint, a 2-byte scriptSig, any int64 value, a 1-byte scriptPubKey; version 1, sequence 0xffffffff, lock time 0), under a header with any Merkle root, the proof of work check off (checkBlockHeader's own proofs), Core's fCheckMerkleRoot on: CheckBlock returns bad-txnmrklroot exactly when the header's root is not Core's ComputeMerkleRoot of the txids written out (1: t1; 2: H(t1 ‖ t2); 3: H(H(t1 ‖ t2) ‖ H(t3 ‖ t3)); 4: H(H(t1 ‖ t2) ‖ H(t3 ‖ t4)); H is SHA256d, each txid SHA256d of the transaction's serialization field by field: proofs/block-domains.ts oneInOneOutSerialization, which encodeTransactionLayout shows is encodeTransaction's); else bad-txns-duplicate exactly when two siblings are equal (t1 = t2, t3 = t4 at 4, or the two level-1 nodes); else the verdict of checkBlockOrder's rules. So the root is checked before every other rule, and a block that repeats its last transaction (the 3- and 4-leaf trees of one root) is refused.",
  inputs: { n: int(1, 4), t: tuple(4, smallTx()), merkleRoot: bytes(32) },
  ensures: ({ n, t, merkleRoot }) => {
    const fields = t as SmallTx[];
    const txs: Transaction[] = [];
    const ids: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      txs.push(txOf(fields[i] as SmallTx));
      ids.push(sha256d(oneInOneOutSerialization(txOf(fields[i] as SmallTx))));
    }
    const r = checkBlock({ header: headerWith(merkleRoot), transactions: txs }, 2n ** 224n - 1n, { checkPow: false });
    const spec = merkleSpec(ids);
    const expected = !equalBytes(merkleRoot, spec.root) ? 'bad-txnmrklroot' : spec.mutated ? 'bad-txns-duplicate' : rulesAfterMerkle(n, fields);
    return reason(r) === expected;
  },
  covers: {
    'four transactions, the last two equal, under their own root: bad-txns-duplicate': ({ n, t, merkleRoot }) => {
      const fields = t as SmallTx[];
      const txs = [txOf(fields[0] as SmallTx), txOf(fields[1] as SmallTx), txOf(fields[2] as SmallTx), txOf(fields[2] as SmallTx)];
      return n === 4 && reason(checkBlock({ header: headerWith(merkleRoot), transactions: txs }, 2n ** 224n - 1n, { checkPow: false })) === 'bad-txns-duplicate';
    },
    'three distinct transactions under their root: accepted': ({ n, t, merkleRoot }) => {
      const fields = t as SmallTx[];
      const txs = [txOf(fields[0] as SmallTx), txOf(fields[1] as SmallTx), txOf(fields[2] as SmallTx)];
      return n === 3 && reason(checkBlock({ header: headerWith(merkleRoot), transactions: txs }, 2n ** 224n - 1n, { checkPow: false })) === 'ok';
    },
  },
});

export const checkBlockPowFirst = proof("CheckBlock checks the header's proof of work first (fCheckPOW on by default): high-hash before any other rule", {
  fn: checkBlock,
  spec: '§5.2',
  statement:
    "For every header (any version, previous hash, Merkle root, time, nBits and nonce) over a block of one transaction of checkBlockOrder's shape, and mainnet's powLimit 2^224 - 1: CheckBlock with its default options (Core's fCheckPOW and fCheckMerkleRoot both true) returns high-hash whenever CheckBlockHeader refuses the header (CheckProofOfWork of SHA256d of the 80 bytes: checkBlockHeaderIsPow), whatever the transactions; when the header passes, its verdict is CheckBlock's with the proof of work check off (the Merkle root and the rules after it: checkBlockMerkleRoot, checkBlockOrder).",
  inputs: { h: anyHeader(), t: smallTx() },
  ensures: ({ h, t }) => {
    const block: Block = { header: h, transactions: [txOf(t as SmallTx)] };
    const r = reason(checkBlock(block, MAINNET_POW_LIMIT));
    return checkBlockHeader(h, MAINNET_POW_LIMIT).ok ? r === reason(checkBlock(block, MAINNET_POW_LIMIT, { checkPow: false })) : r === 'high-hash';
  },
  covers: {
    'a header failing its proof of work over a block committing to its transaction: high-hash': ({ h, t }) =>
      !checkBlockHeader(h, MAINNET_POW_LIMIT).ok && equalBytes(h.merkleRoot, sha256d(oneInOneOutSerialization(txOf(t as SmallTx)))) && reason(checkBlock({ header: h, transactions: [txOf(t as SmallTx)] }, MAINNET_POW_LIMIT)) === 'high-hash',
    'a header meeting its proof of work over a valid coinbase-only block: accepted': ({ h, t }) =>
      checkBlockHeader(h, MAINNET_POW_LIMIT).ok && reason(checkBlock({ header: h, transactions: [txOf(t as SmallTx)] }, MAINNET_POW_LIMIT)) === 'ok',
  },
});
