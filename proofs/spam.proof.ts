/**
 * The spam filter (SPEC.md §10.1, §10.2; kernel/spam/): Core's dust threshold for every standard
 * output type at any dust relay fee, OP_RETURN outputs never dust, and the script-path recognition
 * that finds envelopes never taking a key-path or P2WPKH spend's witness for a tapscript. Script
 * bytes are symbolic (any hash, any key), lengths fixed per output type; every constant is Core's,
 * written out (546, 294, 330, ...), never the kernel's.
 */
import { big, bool, byte, bytes, int, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { txid, wtxid } from '../kernel/primitives/transaction.js';
import type { TxIn } from '../kernel/primitives/types.js';
import { stripWitness } from '../kernel/spam/filtered-block.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { classifyTransaction, isBareMultisig } from '../kernel/spam/classify.js';
import { dustThreshold, isDust } from '../kernel/spam/dust.js';
import { witnessTapscript } from '../kernel/spam/envelope.js';

const out = (script: Uint8Array, value: bigint) => ({ value, scriptPubKey: script });
const p2pkh = (h: Uint8Array) => concatBytes(Uint8Array.of(0x76, 0xa9, 0x14), h, Uint8Array.of(0x88, 0xac));
const p2sh = (h: Uint8Array) => concatBytes(Uint8Array.of(0xa9, 0x14), h, Uint8Array.of(0x87));
const p2wpkh = (h: Uint8Array) => concatBytes(Uint8Array.of(0x00, 0x14), h);
const p2wsh = (h: Uint8Array) => concatBytes(Uint8Array.of(0x00, 0x20), h);
const p2tr = (h: Uint8Array) => concatBytes(Uint8Array.of(0x51, 0x20), h);
/** ceil(rate · size / 1000), Core's CFeeRate::GetFee for a non-negative rate. */
const fee = (rate: bigint, size: bigint) => (rate * size + 999n) / 1000n;

export const dustStandardOutputs = proof("the dust threshold of each standard output is Core's", {
  fn: dustThreshold,
  spec: '§10.2',
  statement:
    'For any 20-byte hash h, 32-byte hash k and dust relay fee r in [0, 10^12] sat/kvB, the dust threshold is ceil(r · size / 1000) with size = output + spending input: P2PKH 34 + 148 = 182, P2SH 32 + 148 = 180, P2WPKH 31 + 67 = 98, P2WSH and P2TR 43 + 67 = 110; at Core\'s 3,000 sat/kvB: 546, 540, 294, 330 and 330.',
  inputs: { h: bytes(20), k: bytes(32), r: big(0n, 1000000000000n) },
  ensures: ({ h, k, r }) =>
    dustThreshold(out(p2pkh(h), 0n), r) === fee(r, 182n) &&
    dustThreshold(out(p2sh(h), 0n), r) === fee(r, 180n) &&
    dustThreshold(out(p2wpkh(h), 0n), r) === fee(r, 98n) &&
    dustThreshold(out(p2wsh(k), 0n), r) === fee(r, 110n) &&
    dustThreshold(out(p2tr(k), 0n), r) === fee(r, 110n) &&
    dustThreshold(out(p2pkh(h), 0n), 3000n) === 546n &&
    dustThreshold(out(p2sh(h), 0n), 3000n) === 540n &&
    dustThreshold(out(p2wpkh(h), 0n), 3000n) === 294n &&
    dustThreshold(out(p2wsh(k), 0n), 3000n) === 330n &&
    dustThreshold(out(p2tr(k), 0n), 3000n) === 330n,
  covers: { 'a zero fee rate': ({ r }) => r === 0n, 'a rate that rounds up': ({ r }) => (r * 182n) % 1000n !== 0n },
});

export const dustIsBelowThreshold = proof('an output is dust exactly when worth less than its threshold', {
  fn: isDust,
  spec: '§10.2',
  statement:
    "For any P2WPKH output (any 20-byte program) worth v in [0, 2,100,000,000,000,000] sat and a fee r in [0, 10^12]: isDust iff v < ceil(98 · r / 1000); at 3,000 sat/kvB, 293 sat is dust and 294 is not (Core's IsDust).",
  inputs: { h: bytes(20), v: big(0n, 2100000000000000n), r: big(0n, 1000000000000n) },
  ensures: ({ h, v, r }) =>
    isDust(out(p2wpkh(h), v), r) === v < fee(r, 98n) && isDust(out(p2wpkh(h), 293n), 3000n) && !isDust(out(p2wpkh(h), 294n), 3000n),
  covers: { 'dust': ({ h, v, r }) => isDust(out(p2wpkh(h), v), r), 'not dust': ({ h, v, r }) => !isDust(out(p2wpkh(h), v), r) && r > 0n },
});

export const opReturnNeverDust = proof('OP_RETURN outputs are never dust', {
  fn: dustThreshold,
  spec: '§10.2',
  statement:
    'For any 40-byte script starting with OP_RETURN (0x6a) and any fee r in [0, 10^12]: the dust threshold is 0 (Core: unspendable outputs are never dust), so no output of value >= 0 is dust.',
  inputs: { s: bytes(40), v: big(0n, 2100000000000000n), r: big(0n, 1000000000000n) },
  requires: ({ s }) => s[0] === 0x6a,
  ensures: ({ s, v, r }) => dustThreshold(out(s, v), r) === 0n && !isDust(out(s, v), r),
});

export const witnessTapscriptKeyPath = proof('a key-path or P2WPKH spend has no tapscript', {
  fn: witnessTapscript,
  spec: '§10.1',
  statement:
    'For any 64-byte BIP340 signature s, any 65-byte signature with a sighash byte, an annex a (33 bytes starting with 0x50), and a P2WPKH witness [71-byte DER signature, 33-byte key starting 02 or 03]: witnessTapscript finds no tapscript, so no envelope is looked for (a key-path spend is one item, with or without an annex; a compressed key is never a control block, whose first byte has leaf version 0xc0 or 0xc1).',
  inputs: { s64: bytes(64), s65: bytes(65), annex: bytes(33), sig: bytes(71), key: bytes(33) },
  requires: ({ annex, key }) => annex[0] === 0x50 && (key[0] === 2 || key[0] === 3),
  ensures: ({ s64, s65, annex, sig, key }) =>
    witnessTapscript([s64]) === undefined &&
    witnessTapscript([s65]) === undefined &&
    witnessTapscript([s64, annex]) === undefined &&
    witnessTapscript([sig, key]) === undefined &&
    witnessTapscript([]) === undefined,
});

export const witnessTapscriptScriptPath = proof('a script-path witness yields its tapscript, with or without an annex', {
  fn: witnessTapscript,
  spec: '§10.1',
  statement:
    'For any 10-byte script t, 64-byte signature s, a 33-byte control block c (leaf version byte 0xc0 or 0xc1) or a 65-byte one (one path node), and an annex a (3 bytes starting 0x50): [s, t, c] and [s, t, c, a] yield t; a control block with another leaf version (first byte & 0xfe != 0xc0) or of 34 bytes (not 33 + 32m) yields none.',
  inputs: { t: bytes(10), s: bytes(64), c: bytes(33), c65: bytes(65), bad: bytes(34), other: bytes(33), annex: bytes(3) },
  requires: ({ c, c65, other, annex }) => (c[0] === 0xc0 || c[0] === 0xc1) && (c65[0] === 0xc0 || c65[0] === 0xc1) && (other[0] & 0xfe) !== 0xc0 && annex[0] === 0x50,
  ensures: ({ t, s, c, c65, bad, other, annex }) => {
    const a = witnessTapscript([s, t, c]);
    const b = witnessTapscript([s, t, c, annex]);
    const d = witnessTapscript([t, c65]);
    if (a === undefined || b === undefined || d === undefined) return false;
    return equalBytes(a, t) && equalBytes(b, t) && equalBytes(d, t) && witnessTapscript([s, t, bad]) === undefined && witnessTapscript([s, t, other]) === undefined;
  },
});

/** A control block of `length` bytes whose first byte is `first` (the rest zero). */
function controlOf(length: number, first: number): Uint8Array {
  const c = new Uint8Array(length);
  c[0] = first;
  return c;
}

export const witnessTapscriptControlSizes = proof('control blocks of 33 to 4,129 bytes name a tapscript; 1, 32, 4,130 and 4,161 bytes do not', {
  fn: witnessTapscript,
  spec: '§10.1',
  statement:
    'For any 10-byte script t and a leaf version byte v of 0xc0 or 0xc1: [t, c] yields t for a control block c of 33 bytes (BIP341\'s smallest: the version byte and the internal key) and of 4,129 bytes (33 + 32 · 128, the largest: 128 path nodes), each v then zero bytes; none for 32 bytes (one short of the smallest), 1 byte (below 33, although 1 - 33 is a multiple of 32), 4,130 bytes (one over the largest) or 4,161 bytes (33 + 32 · 129, a whole node over it).',
  inputs: { t: bytes(10), v: int(0xc0, 0xc1) },
  ensures: ({ t, v }) => {
    const smallest = witnessTapscript([t, controlOf(33, v)]);
    const largest = witnessTapscript([t, controlOf(4129, v)]);
    if (smallest === undefined || largest === undefined) return false;
    const none = (length: number): boolean => witnessTapscript([t, controlOf(length, v)]) === undefined;
    return equalBytes(smallest, t) && equalBytes(largest, t) && none(32) && none(1) && none(4130) && none(4161);
  },
});

const SAT = big(0n, 2100000000000000n);
const input = (txid: Uint8Array, vout: number, scriptSig: Uint8Array, witness: readonly Uint8Array[]) => ({ prevout: { txid, vout }, scriptSig, sequence: 0xffffffff, witness });
/** Any filter settings (every switch, any OP_RETURN size, any dust fee up to 10^6 sat/kvB), with "many small outputs" needing more than the payment's 5 outputs. */
const anyConfig = record({
  enabled: bool(),
  inscriptions: bool(),
  brc20: bool(),
  otherEnvelopes: bool(),
  runes: bool(),
  stamps: bool(),
  opReturn: record({ enabled: bool(), maxBytes: int(0, 100000) }),
  dust: record({ enabled: bool(), dustRelayFee: big(0n, 1000000n) }),
  manySmallOutputs: record({ enabled: bool(), minOutputs: int(6, 100000), maxValue: SAT }),
});

export const standardPaymentNeverFlagged = proof('a standard payment is never flagged as spam', {
  fn: classifyTransaction,
  spec: '§10.1',
  statement:
    'For any settings (every category on or off, any OP_RETURN limit, any dust relay fee r up to 10^6 sat/kvB, "many small outputs" from 6 outputs up) and a transaction spending a P2PKH output (a 107-byte scriptSig, no witness), two P2WPKH outputs (witness: a 71-byte signature and a 33-byte key starting 02, or 03) and a P2TR output by key path (one 64-byte signature), paying P2PKH, P2SH, P2WPKH, P2WSH and P2TR outputs (any 20- or 32-byte hashes) each worth at least its dust threshold at r (1000·v >= r·size with Core\'s sizes 182, 180, 98, 110, 110): classifyTransaction returns no category.',
  inputs: {
    scriptSig: bytes(107), sig: bytes(71), key: bytes(32), sig64: bytes(64), h: bytes(20), k: bytes(32), txid: bytes(32),
    v1: SAT, v2: SAT, v3: SAT, v4: SAT, v5: SAT, c: anyConfig,
  },
  requires: ({ v1, v2, v3, v4, v5, c }) =>
    v1 * 1000n >= c.dust.dustRelayFee * 182n &&
    v2 * 1000n >= c.dust.dustRelayFee * 180n &&
    v3 * 1000n >= c.dust.dustRelayFee * 98n &&
    v4 * 1000n >= c.dust.dustRelayFee * 110n &&
    v5 * 1000n >= c.dust.dustRelayFee * 110n,
  ensures: ({ scriptSig, sig, key, sig64, h, k, txid, v1, v2, v3, v4, v5, c }) => {
    const none = new Uint8Array(0);
    const tx = {
      version: 2,
      inputs: [
        input(txid, 0, scriptSig, []),
        input(txid, 1, none, [sig, concatBytes(Uint8Array.of(0x02), key)]),
        input(txid, 2, none, [sig, concatBytes(Uint8Array.of(0x03), key)]),
        input(txid, 3, none, [sig64]),
      ],
      outputs: [out(p2pkh(h), v1), out(p2sh(h), v2), out(p2wpkh(h), v3), out(p2wsh(k), v4), out(p2tr(k), v5)],
      lockTime: 0,
    };
    return classifyTransaction(tx, c).length === 0;
  },
  covers: {
    'every category enabled, dust checked at a positive fee': ({ c }) =>
      c.enabled && c.inscriptions && c.brc20 && c.otherEnvelopes && c.runes && c.stamps && c.opReturn.enabled && c.dust.enabled && c.dust.dustRelayFee > 0n && c.manySmallOutputs.enabled,
  },
});

/** A transaction with one input (no witness) and the given outputs. */
const payTo = (txid: Uint8Array, outputs: readonly { value: bigint; scriptPubKey: Uint8Array }[]) => ({ version: 2, inputs: [input(txid, 0, new Uint8Array(0), [])], outputs, lockTime: 0 });

/** Settings with every envelope, stamps and dust check off, and the given runes, OP_RETURN and many-small-outputs settings. */
const only = (runes: boolean, opReturn: { enabled: boolean; maxBytes: number }, manySmallOutputs: { enabled: boolean; minOutputs: number; maxValue: bigint }) => ({
  enabled: true,
  inscriptions: false,
  brc20: false,
  otherEnvelopes: false,
  runes,
  stamps: false,
  opReturn,
  dust: { enabled: false, dustRelayFee: 0n },
  manySmallOutputs,
});

export const outputCategories = proof('OP_RETURN, runes and many small outputs are flagged at their exact bounds', {
  fn: classifyTransaction,
  spec: '§10.1',
  statement:
    'For a transaction with one witness-less input and two outputs: a 43-byte script s worth v, and a P2WPKH output worth w. With only runes on: flagged "runes" iff s starts 0x6a 0x5d (OP_RETURN OP_13). With only OP_RETURN on, limit m in [0, 100]: flagged "op-return" iff s starts 0x6a and 43 > m. With only "many small outputs" on (k in [1, 3] outputs, value limit x): flagged iff 2 >= k and v <= x and w <= x. Nothing else is flagged in each case.',
  inputs: { txid: bytes(32), s: bytes(43), h: bytes(20), v: SAT, w: SAT, m: int(0, 100), k: int(1, 3), x: SAT },
  ensures: ({ txid, s, h, v, w, m, k, x }) => {
    const tx = payTo(txid, [out(s, v), out(p2wpkh(h), w)]);
    const runes = classifyTransaction(tx, only(true, { enabled: false, maxBytes: 0 }, { enabled: false, minOutputs: 0, maxValue: 0n }));
    const opReturn = classifyTransaction(tx, only(false, { enabled: true, maxBytes: m }, { enabled: false, minOutputs: 0, maxValue: 0n }));
    const small = classifyTransaction(tx, only(false, { enabled: false, maxBytes: 0 }, { enabled: true, minOutputs: k, maxValue: x }));
    const isRunes = s[0] === 0x6a && s[1] === 0x5d;
    const isBig = s[0] === 0x6a && 43 > m;
    const isSmall = 2 >= k && v <= x && w <= x;
    return (
      (isRunes ? runes.length === 1 && runes[0] === 'runes' : runes.length === 0) &&
      (isBig ? opReturn.length === 1 && opReturn[0] === 'op-return' : opReturn.length === 0) &&
      (isSmall ? small.length === 1 && small[0] === 'many-small-outputs' : small.length === 0)
    );
  },
  covers: {
    'runes': ({ s }) => s[0] === 0x6a && s[1] === 0x5d,
    'OP_RETURN then OP_12': ({ s }) => s[0] === 0x6a && s[1] === 0x5c,
    'OP_RETURN then OP_14': ({ s }) => s[0] === 0x6a && s[1] === 0x5e,
    '0x69 first': ({ s }) => s[0] === 0x69,
    '0x6b first': ({ s }) => s[0] === 0x6b,
    'limit 42 (flagged)': ({ s, m }) => s[0] === 0x6a && m === 42,
    'limit 43 (not flagged)': ({ s, m }) => s[0] === 0x6a && m === 43,
    'k = 2 (flagged when small)': ({ k, v, w, x }) => k === 2 && v <= x && w <= x,
    'k = 3 (not flagged)': ({ k }) => k === 3,
    'v = x': ({ v, x }) => v === x,
    'v = x + 1': ({ v, x }) => v === x + 1n,
  },
});

export const bareMultisigForm = proof('bare multisig is OP_m, m..n keys of 33 or 65 bytes, OP_n, OP_CHECKMULTISIG', {
  fn: isBareMultisig,
  spec: '§10.1',
  statement:
    'For scripts a ‖ 0x21 ‖ 33 key bytes ‖ b ‖ 0xae and a ‖ 0x21 ‖ 33 bytes ‖ c ‖ 65 bytes ‖ b ‖ 0xae with any bytes a, b and c in {0x21, 0x41, 0x40, 0x42}: the first is bare multisig iff a = b = 0x51 (1-of-1); the second iff c = 0x41 (a 65-byte key), b = 0x52 and a is 0x51 or 0x52 (m-of-2, m <= 2); with a byte between the key count and OP_CHECKMULTISIG it never is.',
  inputs: { a: byte(), b: byte(), c: int(0x40, 0x42), k1: bytes(33), k2: bytes(65) },
  ensures: ({ a, b, c, k1, k2 }) => {
    const one = concatBytes(Uint8Array.of(a, 0x21), k1, Uint8Array.of(b, 0xae));
    const two = concatBytes(Uint8Array.of(a, 0x21), k1, Uint8Array.of(c), k2, Uint8Array.of(b, 0xae));
    const padded = concatBytes(Uint8Array.of(a, 0x21), k1, Uint8Array.of(b, 0x00, 0xae));
    return (
      isBareMultisig(one) === (a === 0x51 && b === 0x51) &&
      isBareMultisig(two) === (c === 0x41 && b === 0x52 && (a === 0x51 || a === 0x52)) &&
      !isBareMultisig(padded)
    );
  },
  covers: {
    '1-of-1': ({ a, b }) => a === 0x51 && b === 0x51,
    'first byte 0x50': ({ a }) => a === 0x50,
    'first byte 0x60 (OP_16)': ({ a }) => a === 0x60,
    'first byte 0x61': ({ a }) => a === 0x61,
    'key count byte 0x50': ({ b }) => b === 0x50,
    'key count byte 0x60': ({ b }) => b === 0x60,
    'key count byte 0x61': ({ b }) => b === 0x61,
    '2-of-2 with a 65-byte key': ({ a, b, c }) => a === 0x52 && b === 0x52 && c === 0x41,
    '3-of-2 refused': ({ a, b, c }) => a === 0x53 && b === 0x52 && c === 0x41,
    'a 64-byte push': ({ c }) => c === 0x40,
    'a 66-byte push': ({ c }) => c === 0x42,
  },
});

/** A witness stack of 0, 1 or 2 items of 1 byte, by a count. */
function stack(count: number, items: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let k = 0; k < count; k++) out.push(items[k] as Uint8Array);
  return out;
}

export const strippedTxid = proof("a flagged transaction stripped of its witnesses keeps its txid, and its full serialization is the legacy one", {
  fn: stripWitness,
  spec: '§10.3',
  sharedContext: true,
  statement:
    "For a transaction of 2 inputs (any outpoints, 1-byte scriptSigs, any sequences, witness stacks of 0, 1 or 2 one-byte items each) and 1 output (a value in MoneyRange, [0, 2,100,000,000,000,000], as in any valid block; a 1-byte scriptPubKey): stripWitness leaves every field but the witnesses as they were and every witness stack empty, so its txid (SHA256d of the legacy serialization) is the original's and its wtxid (SHA256d of the serialization with witnesses, which BIP144 writes without marker and flag when no input has a witness) equals that txid: a filtered block's transactions still hash to the header's Merkle root.",
  inputs: {
    ins: tuple(2, record({ prevout: record({ txid: bytes(32), vout: uint32() }), scriptSig: bytes(1), sequence: uint32(), count: int(0, 2), items: tuple(2, bytes(1)) })),
    value: big(0n, 2100000000000000n),
    spk: bytes(1),
    version: uint32(),
    lockTime: uint32(),
  },
  ensures: ({ ins, value, spk, version, lockTime }) => {
    const inputs = [0, 1].map((k) => ({ prevout: ins[k].prevout, scriptSig: ins[k].scriptSig, sequence: ins[k].sequence, witness: stack(ins[k].count, ins[k].items) }));
    const tx = { version, inputs, outputs: [{ value, scriptPubKey: spk }], lockTime };
    const s = stripWitness(tx);
    const [a, b] = s.inputs as [TxIn, TxIn];
    return (
      s.version === version && s.lockTime === lockTime && s.outputs.length === 1 && s.outputs[0]?.value === value && s.inputs.length === 2 &&
      equalBytes(a.prevout.txid, ins[0].prevout.txid) && a.prevout.vout === ins[0].prevout.vout && equalBytes(b.scriptSig, ins[1].scriptSig) && b.sequence === ins[1].sequence &&
      a.witness.length === 0 && b.witness.length === 0 &&
      equalBytes(txid(s), txid(tx)) && equalBytes(wtxid(s), txid(tx))
    );
  },
  covers: {
    'both inputs had two witness items': ({ ins }) => ins[0].count === 2 && ins[1].count === 2,
    'no witness at all': ({ ins }) => ins[0].count === 0 && ins[1].count === 0,
  },
});

/** Every category on (OP_RETURN limit 0, dust at fee r, "many small outputs" from one output of any value), the filter itself on or off. */
const everyCategory = (enabled: boolean, r: bigint) => ({
  enabled,
  inscriptions: true,
  brc20: true,
  otherEnvelopes: true,
  runes: true,
  stamps: true,
  opReturn: { enabled: true, maxBytes: 0 },
  dust: { enabled: true, dustRelayFee: r },
  manySmallOutputs: { enabled: true, minOutputs: 1, maxValue: 2100000000000000n },
});

export const filterSwitchStampsAndDust = proof('a disabled filter flags nothing; enabled, bare multisig is "stamps" and an output below its threshold "dust", in the fixed order', {
  fn: classifyTransaction,
  spec: '§10.1',
  statement:
    'For a transaction with one witness-less input and three outputs: a 1-of-1 bare multisig 51 21 k 51 ae (any 33-byte key k) worth v, a P2WPKH output (any hash) worth w, and 6a 5d (OP_RETURN OP_13) worth 0, with every category on (OP_RETURN limit 0, dust relay fee r up to 10^6 sat/kvB, many small outputs from 1 output of any value): with the filter off no category; with it on exactly runes, stamps, then dust when 1000·v < 194·r or 1000·w < 98·r (Core\'s dust sizes: 46 + 148 bytes for the multisig output, 31 + 67 for P2WPKH; the OP_RETURN output is never dust), then many-small-outputs; and no op-return (the runestone is counted as runes only).',
  inputs: { txid: bytes(32), k: bytes(33), h: bytes(20), v: SAT, w: SAT, r: big(0n, 1000000n) },
  ensures: ({ txid, k, h, v, w, r }) => {
    const multisig = concatBytes(Uint8Array.of(0x51, 0x21), k, Uint8Array.of(0x51, 0xae));
    const tx = payTo(txid, [out(multisig, v), out(p2wpkh(h), w), out(Uint8Array.of(0x6a, 0x5d), 0n)]);
    const off = classifyTransaction(tx, everyCategory(false, r));
    const on = classifyTransaction(tx, everyCategory(true, r));
    const dusty = v * 1000n < r * 194n || w * 1000n < r * 98n;
    const rest = dusty ? on.length === 4 && on[2] === 'dust' && on[3] === 'many-small-outputs' : on.length === 3 && on[2] === 'many-small-outputs';
    return off.length === 0 && on[0] === 'runes' && on[1] === 'stamps' && rest;
  },
  covers: {
    'the multisig output is dust': ({ v, r }) => v * 1000n < r * 194n,
    'only the P2WPKH output is dust': ({ v, w, r }) => v * 1000n >= r * 194n && w * 1000n < r * 98n,
    'no output is dust at a positive fee': ({ v, w, r }) => r > 0n && v * 1000n >= r * 194n && w * 1000n >= r * 98n,
  },
});
