/**
 * CheckTransaction's pieces (SPEC.md §5.1, §2.3, §7.1): the duplicate-input rule (CVE-2018-17144),
 * the legacy size CheckTransaction bounds, and which outputs never enter the UTXO set, over the
 * kernel's own source with Bitcoin's literal values.
 */
import { bool, bytes, int, int64, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { compareBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { isUnspendable } from '../kernel/chain/utxo.js';
import { txBaseSizeOfFields } from '../kernel/primitives/size.js';
import { isCoinbase, isNullOutPoint } from '../kernel/primitives/transaction.js';
import { checkTransaction, hasDuplicateInputs } from '../kernel/validation/tx-check.js';

/** An input with a symbolic outpoint (txid bytes and index); the check reads nothing else. */
const input = () => record({ prevout: record({ txid: bytes(32), vout: uint32() }) });

/** Two outpoints are the same coin: equal txid bytes and equal index (Core's COutPoint ==). */
function same(a: { txid: Uint8Array; vout: number }, b: { txid: Uint8Array; vout: number }): boolean {
  return a.vout === b.vout && equalBytes(a.txid, b.txid);
}

export const duplicateInputsExact = proof('CVE-2018-17144: a transaction spending one outpoint twice is caught', {
  fn: hasDuplicateInputs,
  spec: '§5.1',
  arithSolver: 'simplex',
  statement:
    'For 4 inputs with any 32-byte txids and uint32 indexes: hasDuplicateInputs is true iff two different inputs spend the same outpoint (equal txid and index), for every pair (Core\'s std::set<COutPoint> in CheckTransaction). Up to 32 inputs the kernel compares pairwise (this proof: 4); above 32 it sorts, which is tested (properties/fast-paths.prop.test.ts), not proved.',
  inputs: { ins: tuple(4, input()) },
  ensures: ({ ins }) => {
    const p = [ins[0].prevout, ins[1].prevout, ins[2].prevout, ins[3].prevout];
    const dup = same(p[0], p[1]) || same(p[0], p[2]) || same(p[0], p[3]) || same(p[1], p[2]) || same(p[1], p[3]) || same(p[2], p[3]);
    return hasDuplicateInputs(ins) === dup;
  },
  covers: {
    'the same txid with different indexes is no duplicate': ({ ins }) => equalBytes(ins[0].prevout.txid, ins[3].prevout.txid) && ins[0].prevout.vout !== ins[3].prevout.vout && !hasDuplicateInputs(ins),
    'only the last two inputs collide': ({ ins }) => same(ins[2].prevout, ins[3].prevout) && !same(ins[0].prevout, ins[1].prevout) && hasDuplicateInputs(ins),
  },
});

export const duplicateInputsSmall = proof('one input is never a duplicate; two are exactly when their outpoints are equal', {
  fn: hasDuplicateInputs,
  spec: '§5.1',
  statement: 'For no input, one input, and two inputs with any outpoints: no duplicate for 0 and 1; for two, a duplicate iff equal txid and equal index.',
  inputs: { a: input(), b: input() },
  ensures: ({ a, b }) => !hasDuplicateInputs([]) && !hasDuplicateInputs([a]) && hasDuplicateInputs([a, b]) === same(a.prevout, b.prevout),
  covers: { 'a txid differing in its last byte only': ({ a, b }) => a.prevout.vout === b.prevout.vout && a.prevout.txid[31] !== b.prevout.txid[31] },
});

/** CompactSize width for a length below 2^32, literally: 1 below 253, 3 up to 0xffff, else 5. */
function cs(n: number): number {
  return n < 253 ? 1 : n <= 0xffff ? 3 : 5;
}

/** A script modelled by its length: the size reads no script byte. */
const script = () => record({ length: int(0, 100000) });

export const baseSizeFormula = proof('the legacy size of a transaction is its serialization\'s length', {
  fn: txBaseSizeOfFields,
  spec: '§2.3',
  statement:
    'For 2 inputs and 2 outputs with scripts of any length up to 100,000 bytes (the scripts modelled by their lengths: the size reads no script byte): the size without witness is 4 (version) + CS(2) + 2 x (36 outpoint + CS(len) + len + 4 sequence) + CS(2) + 2 x (8 value + CS(len) + len) + 4 (lock time), with CS(n) = 1 below 253, 3 up to 65,535, 5 above: the bytes Core serializes, so 4 x this is what bad-txns-oversize compares with 4,000,000.',
  inputs: { ins: tuple(2, record({ scriptSig: script() })), outs: tuple(2, record({ scriptPubKey: script() })) },
  ensures: ({ ins, outs }) => {
    const i0 = ins[0].scriptSig.length;
    const i1 = ins[1].scriptSig.length;
    const o0 = outs[0].scriptPubKey.length;
    const o1 = outs[1].scriptPubKey.length;
    const expected = 4 + 1 + (40 + cs(i0) + i0) + (40 + cs(i1) + i1) + 1 + (8 + cs(o0) + o0) + (8 + cs(o1) + o1) + 4;
    return txBaseSizeOfFields({ version: 1, inputs: ins, outputs: outs, lockTime: 0 }) === expected;
  },
  covers: {
    'a 252-byte and a 253-byte scriptSig': ({ ins }) => ins[0].scriptSig.length === 252 && ins[1].scriptSig.length === 253,
    'a 65,535-byte and a 65,536-byte script': ({ outs }) => outs[0].scriptPubKey.length === 65535 && outs[1].scriptPubKey.length === 65536,
  },
});

export const unspendableOutputs = proof('outputs starting with OP_RETURN or over 10,000 bytes never enter the UTXO set', {
  fn: isUnspendable,
  spec: '§7.1',
  statement:
    'For every 3-byte script: unspendable iff its first byte is 0x6a (OP_RETURN); the empty script is spendable, the 1-byte OP_RETURN script is not and OP_1 is; a script of 10,000 zero bytes is spendable and one of 10,001 is not (MAX_SCRIPT_SIZE, Core\'s CScript::IsUnspendable).',
  inputs: { s: bytes(3) },
  ensures: ({ s }) =>
    isUnspendable(s) === (s[0] === 0x6a) &&
    !isUnspendable(new Uint8Array(0)) &&
    isUnspendable(Uint8Array.of(0x6a)) &&
    !isUnspendable(Uint8Array.of(0x51)) &&
    !isUnspendable(new Uint8Array(10000)) &&
    isUnspendable(new Uint8Array(10001)),
  covers: { 'OP_RETURN first': ({ s }) => s[0] === 0x6a, 'OP_RETURN second only': ({ s }) => s[1] === 0x6a && s[0] !== 0x6a },
});

/** Core's COutPoint::IsNull, literally: index 0xffffffff and 32 zero bytes. */
function isNull(p: { txid: Uint8Array; vout: number }): boolean {
  let zero = true;
  for (let i = 0; i < 32; i++) if (p.txid[i] !== 0) zero = false;
  return zero && p.vout === 0xffffffff;
}

export const nullOutPointExact = proof('the null outpoint is 32 zero bytes and index 0xffffffff; a coinbase has exactly one input spending it', {
  fn: isNullOutPoint,
  spec: '§2.1',
  statement:
    'For any 32-byte txid and uint32 index: IsNull iff every byte is 0 and the index is 0xffffffff. For a transaction with 1 or 2 such inputs: IsCoinBase iff it has exactly 1 input and that input\'s outpoint is null.',
  inputs: { a: record({ txid: bytes(32), vout: uint32() }), b: record({ txid: bytes(32), vout: uint32() }) },
  ensures: ({ a, b }) => {
    const one = { version: 1, inputs: [{ prevout: a, scriptSig: new Uint8Array(0), sequence: 0, witness: [] }], outputs: [], lockTime: 0 };
    const two = { version: 1, inputs: [{ prevout: a, scriptSig: new Uint8Array(0), sequence: 0, witness: [] }, { prevout: b, scriptSig: new Uint8Array(0), sequence: 0, witness: [] }], outputs: [], lockTime: 0 };
    return isNullOutPoint(a) === isNull(a) && isCoinbase(one) === isNull(a) && !isCoinbase(two);
  },
  covers: {
    'one non-zero byte in the middle': ({ a }) => a.vout === 0xffffffff && a.txid[16] === 1 && !isNullOutPoint(a),
    'the null outpoint': ({ a }) => isNullOutPoint(a),
  },
});

const MAX_MONEY = 2100000000000000n;
/** An input of CheckTransaction: a symbolic outpoint and a scriptSig modelled by its length (no rule reads its bytes). */
const txIn = () => record({ prevout: record({ txid: bytes(32), vout: uint32() }), scriptSig: record({ length: int(0, 2000000) }) });
const txOut = () => record({ value: int64(), scriptPubKey: record({ length: int(0, 2000000) }) });

/** A script of n bytes as the size and length rules see it: only its length (they read no byte). */
function scriptOfLength(n: number): Uint8Array {
  return { length: n } as unknown as Uint8Array;
}

/** The reject reason of a result, or 'ok'. */
function verdict(r: { ok: boolean; error?: { reason: string } }): string {
  return r.ok ? 'ok' : (r.error as { reason: string }).reason;
}

export const checkTransactionOrder = proof('CheckTransaction: every reject reason, in Core\'s order, and acceptance when none applies', {
  fn: checkTransaction,
  spec: '§5.1',
  statement:
    'For a transaction of 2 inputs and 2 outputs (any outpoints, any int64 values, scripts of any length up to 2,000,000 bytes, modelled by their lengths: no rule reads a script byte): CheckTransaction returns the first of bad-txns-oversize (4 x legacy size > 4,000,000), bad-txns-vout-negative / bad-txns-vout-toolarge (output 0, then output 1, each against 0 and 2,100,000,000,000,000), bad-txns-txouttotal-toolarge (their sum above it), bad-txns-inputs-duplicate (both inputs spend one outpoint, CVE-2018-17144), bad-txns-prevout-null (a null outpoint in a non-coinbase) that applies, and accepts exactly when none does.',
  inputs: { ins: tuple(2, txIn()), outs: tuple(2, txOut()), version: uint32(), lockTime: uint32() },
  ensures: ({ ins, outs, version, lockTime }) => {
    const tx = { version, inputs: [{ prevout: ins[0].prevout, scriptSig: ins[0].scriptSig, sequence: 0, witness: [] }, { prevout: ins[1].prevout, scriptSig: ins[1].scriptSig, sequence: 0, witness: [] }], outputs: outs, lockTime };
    const s0 = ins[0].scriptSig.length;
    const s1 = ins[1].scriptSig.length;
    const k0 = outs[0].scriptPubKey.length;
    const k1 = outs[1].scriptPubKey.length;
    const size = 4 + 1 + (40 + cs(s0) + s0) + (40 + cs(s1) + s1) + 1 + (8 + cs(k0) + k0) + (8 + cs(k1) + k1) + 4;
    const v0 = outs[0].value;
    const v1 = outs[1].value;
    const p0 = ins[0].prevout;
    const p1 = ins[1].prevout;
    const expected =
      4 * size > 4000000 ? 'bad-txns-oversize'
      : v0 < 0n ? 'bad-txns-vout-negative'
      : v0 > MAX_MONEY ? 'bad-txns-vout-toolarge'
      : v1 < 0n ? 'bad-txns-vout-negative'
      : v1 > MAX_MONEY ? 'bad-txns-vout-toolarge'
      : v0 + v1 > MAX_MONEY ? 'bad-txns-txouttotal-toolarge'
      : p0.vout === p1.vout && equalBytes(p0.txid, p1.txid) ? 'bad-txns-inputs-duplicate'
      : isNull(p0) || isNull(p1) ? 'bad-txns-prevout-null'
      : 'ok';
    return verdict(checkTransaction(tx)) === expected;
  },
  covers: {
    'exactly 1,000,000 bytes is accepted': ({ ins, outs }) => ins[0].scriptSig.length + ins[1].scriptSig.length + outs[0].scriptPubKey.length + outs[1].scriptPubKey.length === 1000000 - 4 - 1 - 80 - 1 - 16 - 4 - 5 - 5 - 5 - 5,
    'a spend of the same outpoint twice': ({ ins }) => ins[0].prevout.vout === ins[1].prevout.vout && equalBytes(ins[0].prevout.txid, ins[1].prevout.txid),
    'a null prevout in the second input': ({ ins }) => isNull(ins[1].prevout) && !isNull(ins[0].prevout),
    'outputs summing to exactly MAX_MONEY': ({ outs }) => outs[0].value + outs[1].value === MAX_MONEY && outs[1].value > 0n,
  },
});

export const checkTransactionEdges = proof('CheckTransaction: no inputs, no outputs, and the coinbase scriptSig of 2 to 100 bytes', {
  fn: checkTransaction,
  spec: '§5.1',
  statement:
    'With no inputs: bad-txns-vin-empty, whatever the outputs (none included). With inputs and no outputs: bad-txns-vout-empty. For a 1-input transaction with 1 output of value in [0, 2,100,000,000,000,000] and a scriptPubKey up to 100 bytes: if its outpoint is null (a coinbase), accepted iff the scriptSig has 2 to 100 bytes (bad-cb-length otherwise; scriptSig lengths up to 1000); if not null, accepted.',
  inputs: { a: txIn(), value: int64(), spkLength: int(0, 100), sigLength: int(0, 1000), withOutput: bool() },
  requires: ({ value }) => value >= 0n && value <= 2100000000000000n,
  ensures: ({ a, value, spkLength, sigLength, withOutput }) => {
    const input = { prevout: a.prevout, scriptSig: scriptOfLength(sigLength), sequence: 0, witness: [] };
    const output = { value, scriptPubKey: scriptOfLength(spkLength) };
    const noInputs = checkTransaction({ version: 1, inputs: [], outputs: withOutput ? [output] : [], lockTime: 0 });
    const noOutputs = checkTransaction({ version: 1, inputs: [input], outputs: [], lockTime: 0 });
    const one = verdict(checkTransaction({ version: 1, inputs: [input], outputs: [output], lockTime: 0 }));
    const cbOk = sigLength >= 2 && sigLength <= 100;
    return (
      verdict(noInputs) === 'bad-txns-vin-empty' &&
      verdict(noOutputs) === 'bad-txns-vout-empty' &&
      one === (isNull(a.prevout) ? (cbOk ? 'ok' : 'bad-cb-length') : 'ok')
    );
  },
  covers: {
    'a coinbase scriptSig of 1 byte is rejected': ({ a, sigLength }) => isNull(a.prevout) && sigLength === 1,
    'of 2 bytes accepted': ({ a, sigLength }) => isNull(a.prevout) && sigLength === 2,
    'of 100 bytes accepted': ({ a, sigLength }) => isNull(a.prevout) && sigLength === 100,
    'of 101 bytes rejected': ({ a, sigLength }) => isNull(a.prevout) && sigLength === 101,
  },
});

/** Literal lexicographic order of a 3-byte and a 2-byte string: first differing byte, else the shorter first. */
function lexSign(a: Uint8Array, b: Uint8Array): number {
  if (a[0] !== b[0]) return (a[0] as number) < (b[0] as number) ? -1 : 1;
  if (a[1] !== b[1]) return (a[1] as number) < (b[1] as number) ? -1 : 1;
  return 1;
}

export const compareBytesOrder = proof('byte strings compare as memcmp, then the shorter first', {
  fn: compareBytes,
  spec: '§1.3',
  statement:
    'For any 3-byte a, 2-byte b and 3-byte c: the sign of compareBytes(a, b) is that of the first differing byte, and positive when b is a prefix of a (the longer after); compareBytes(b, a) has the opposite sign; compareBytes(a, c) is 0 iff a = c and antisymmetric (the order the duplicate-input check sorts outpoints by above 32 inputs).',
  inputs: { a: bytes(3), b: bytes(2), c: bytes(3) },
  ensures: ({ a, b, c }) => {
    const ab = compareBytes(a, b);
    const sign = ab < 0 ? -1 : ab > 0 ? 1 : 0;
    const ac = compareBytes(a, c);
    const ca = compareBytes(c, a);
    return sign === lexSign(a, b) && compareBytes(b, a) * ab < 0 && (ac === 0) === equalBytes(a, c) && (ac < 0) === (ca > 0);
  },
  covers: { 'b a prefix of a': ({ a, b }) => a[0] === b[0] && a[1] === b[1], 'equal first bytes, second decides': ({ a, c }) => a[0] === c[0] && a[1] < c[1] },
});
