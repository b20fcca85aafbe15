/**
 * Script parsing (SPEC.md §3.1, §3.3, §3.11): Core's GetScriptOp, IsPushOnly, IsWitnessProgram,
 * IsPayToAnchor and GetSigOpCount against literal statements written here with Core's byte values
 * (0x4c/0x4d/0x4e for OP_PUSHDATA1/2/4, 0x51..0x60 for OP_1..OP_16, 0xac..0xaf for the
 * signature opcodes), never the kernel's constants or parser.
 *
 * Bounds, stated per proof: scripts of 8 bytes read at every position 0..9 (8 and 9 are at and
 * past the end); push-only scripts of every length 0..5, sigop scripts of every length 0..4; witness programs of every
 * script length 0..43.
 */
import { bool, bytes, int, proof, record, tuple, uint32 } from '../harness/dsl.js';
import { pushDataSize, readScriptOp, scriptOpStop } from '../kernel/script/parse.js';
import { getWitnessProgram, isPayToAnchor, isPushOnly } from '../kernel/script/patterns.js';
import { countWitnessSigOps, getLegacySigOpCount, getP2shSigOpCount, getSigOpCount, getTransactionSigOpCost } from '../kernel/script/sigops.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { findAndDelete } from '../kernel/script/find-and-delete.js';

/** An operation as Core's GetScriptOp finds it: the opcode, where its data starts and where the next operation starts. */
interface OpSpan {
  readonly opcode: number;
  readonly dataStart: number;
  readonly next: number;
}

/** The bytes of the length after a push opcode: 1, 2, 4 after 0x4c, 0x4d, 0x4e (OP_PUSHDATA1/2/4), none after any other. */
function lengthFieldWidth(o: number): number {
  return o === 0x4c ? 1 : o === 0x4d ? 2 : o === 0x4e ? 4 : 0;
}

/**
 * GetScriptOp written out: no operation at or past the end; an opcode above 0x4e (OP_PUSHDATA4)
 * has no data; 0x00..0x4b push that many bytes; 0x4c, 0x4d, 0x4e are followed by a 1-, 2- or
 * 4-byte little-endian length (which must itself fit), then the data; a push whose data runs past
 * the end is no operation.
 */
function getOpSpec(s: Uint8Array, pc: number): OpSpan | undefined {
  if (pc >= s.length) return undefined;
  const o = s[pc] ?? 0;
  if (o > 0x4e) return { opcode: o, dataStart: pc + 1, next: pc + 1 };
  const width = lengthFieldWidth(o);
  if (pc + 1 + width > s.length) return undefined;
  const b1 = s[pc + 1] ?? 0;
  const b2 = s[pc + 2] ?? 0;
  const b3 = s[pc + 3] ?? 0;
  const b4 = s[pc + 4] ?? 0;
  const size = width === 0 ? o : width === 1 ? b1 : width === 2 ? b1 + 256 * b2 : b1 + 256 * b2 + 65536 * b3 + 16777216 * b4;
  const start = pc + 1 + width;
  if (start + size > s.length) return undefined;
  return { opcode: o, dataStart: start, next: start + size };
}

export const getScriptOpExact = proof('GetScriptOp reads exactly the push lengths of direct pushes and PUSHDATA1/2/4', {
  fn: readScriptOp,
  spec: '§3.1',
  statement:
    'For every 8-byte script and every position 0 <= pc <= 9: readScriptOp gives exactly the operation of the literal GetScriptOp above (opcode, data start, next position), or none at the end, past it, or when a push (its data, or the 1/2/4 little-endian length bytes of 0x4c/0x4d/0x4e, all four bytes read for 0x4e) runs past the end. One case per position.',
  inputs: { s: bytes(8), pc: int(0, 9) },
  split: 'pc',
  ensures: ({ s, pc }) => {
    const op = readScriptOp(s, pc);
    const want = getOpSpec(s, pc);
    if (want === undefined) return op === undefined;
    return op !== undefined && op.opcode === want.opcode && op.dataStart === want.dataStart && op.next === want.next;
  },
  covers: {
    'a PUSHDATA4 of 3 bytes at 0 fits exactly': ({ s, pc }) => pc === 0 && s[0] === 0x4e && s[1] === 3 && s[2] === 0 && s[3] === 0 && s[4] === 0 && readScriptOp(s, pc)?.next === 8,
    'a PUSHDATA4 with only its fourth length byte set overruns': ({ s, pc }) => pc === 0 && s[0] === 0x4e && s[1] === 0 && s[2] === 0 && s[3] === 0 && s[4] === 1 && readScriptOp(s, pc) === undefined,
    'a PUSHDATA2 whose length bytes are cut off': ({ s, pc }) => pc === 6 && s[6] === 0x4d && readScriptOp(s, pc) === undefined,
    'a PUSHDATA1 of 255 bytes overruns': ({ s, pc }) => pc === 1 && s[1] === 0x4c && s[2] === 255 && readScriptOp(s, pc) === undefined,
    'the end of the script': ({ s, pc }) => pc === 8 && readScriptOp(s, pc) === undefined,
  },
});

/**
 * Where GetScriptOp leaves its iterator when no operation parses at pc: at pc when pc is at or
 * past the end; else past the opcode byte, and past its 1/2/4 length bytes (0x4c/0x4d/0x4e) when
 * all of them are there (the data then ran past the end).
 */
function stopSpec(s: Uint8Array, pc: number): number {
  if (pc >= s.length) return pc;
  const o = s[pc] ?? 0;
  const width = lengthFieldWidth(o);
  return pc + 1 + width > s.length ? pc + 1 : pc + 1 + width;
}

export const getScriptOpStops = proof('GetScriptOp stops past the opcode and the length bytes it read when no operation parses', {
  fn: scriptOpStop,
  spec: '§3.1',
  statement:
    'For every 8-byte script and every position 0 <= pc <= 9 where no operation parses (the literal GetScriptOp above has none), scriptOpStop is where Core leaves its iterator: pc at or past the end, else pc + 1 past the opcode, or pc + 1 + w past the w = 1/2/4 length bytes of 0x4c/0x4d/0x4e when they are all there (SerializeScriptCode writes the script code up to it). One case per position.',
  inputs: { s: bytes(8), pc: int(0, 9) },
  split: 'pc',
  requires: ({ s, pc }) => getOpSpec(s, pc) === undefined,
  ensures: ({ s, pc }) => scriptOpStop(s, pc) === stopSpec(s, pc),
  covers: {
    'a PUSHDATA1 as the last byte stops after it': ({ s, pc }) => pc === 7 && s[7] === 0x4c && scriptOpStop(s, pc) === 8,
    'a PUSHDATA2 with one length byte left stops after the opcode': ({ s, pc }) => pc === 6 && s[6] === 0x4d && scriptOpStop(s, pc) === 7,
    'a PUSHDATA4 whose data runs out stops after its 4 length bytes': ({ s, pc }) => pc === 2 && s[2] === 0x4e && s[3] === 3 && scriptOpStop(s, pc) === 7,
    'a direct push of 5 bytes at 4 stops after the opcode': ({ s, pc }) => pc === 4 && s[4] === 5 && scriptOpStop(s, pc) === 5,
    'at the end it stays at pc': ({ s, pc }) => pc === 8 && scriptOpStop(s, pc) === 8,
  },
});

export const pushDataSizeEveryValue = proof('the length of an OP_PUSHDATA1/2/4 is its 1, 2 or 4 bytes little-endian, for every value', {
  fn: pushDataSize,
  spec: '§3.1',
  statement:
    'For 6 bytes b, every offset 0 <= at <= 2 and width w in {1, 2, 4}: pushDataSize(b, at, w) is b[at] for w = 1 (OP_PUSHDATA1), b[at] + 256 b[at+1] for w = 2 (ReadLE16), b[at] + 256 b[at+1] + 65536 b[at+2] + 16777216 b[at+3] for w = 4 (ReadLE32): every length up to 2^32 - 1, which no script short enough to prove over can hold.',
  inputs: { b: bytes(6), at: int(0, 2), w: int(1, 4) },
  requires: ({ w }) => w !== 3,
  ensures: ({ b, at, w }) => {
    const n = pushDataSize(b, at, w);
    if (w === 1) return n === b[at]!;
    if (w === 2) return n === b[at]! + 256 * b[at + 1]!;
    return n === b[at]! + 256 * b[at + 1]! + 65536 * b[at + 2]! + 16777216 * b[at + 3]!;
  },
  covers: {
    'ff ff ff ff reads 2^32 - 1': ({ b, at, w }) => w === 4 && at === 2 && pushDataSize(b, at, w) === 4294967295,
    '00 00 01 00 reads 65536': ({ b, at, w }) => w === 4 && at === 0 && b[2] === 1 && pushDataSize(b, at, w) === 65536,
    'ff ff reads 65535': ({ b, at, w }) => w === 2 && at === 1 && pushDataSize(b, at, w) === 65535,
    'one byte reads 200': ({ b, at, w }) => w === 1 && pushDataSize(b, at, w) === 200,
  },
});

/** IsPushOnly written out: every operation parses and is at most 0x60 (OP_16; 0x50 OP_RESERVED included). At most 8 operations in 8 bytes (the bound of its callers here). */
function pushOnlySpec(s: Uint8Array): boolean {
  let pc = 0;
  for (let k = 0; k < 9; k++) {
    if (pc >= s.length) return true;
    const op = getOpSpec(s, pc);
    if (op === undefined || op.opcode > 0x60) return false;
    pc = op.next;
  }
  return false;
}

export const pushOnlyExact = proof('IsPushOnly: every operation parses and is at most OP_16', {
  fn: isPushOnly,
  spec: '§3.11',
  statement:
    'For every script of n bytes, 0 <= n <= 5: IsPushOnly iff every operation parses (no push past the end) and every opcode is at most 0x60 (OP_16; OP_RESERVED 0x50 counts as a push, Core\'s quirk). One case per length.',
  inputs: { buf: bytes(5), n: int(0, 5) },
  split: 'n',
  ensures: ({ buf, n }) => isPushOnly(buf.subarray(0, n)) === pushOnlySpec(buf.subarray(0, n)),
  covers: {
    'OP_RESERVED is push-only': ({ buf, n }) => n === 1 && buf[0] === 0x50 && isPushOnly(buf.subarray(0, n)),
    'OP_NOP (0x61) is not': ({ buf, n }) => n === 1 && buf[0] === 0x61 && !isPushOnly(buf.subarray(0, n)),
    'a truncated push is not': ({ buf, n }) => n === 3 && buf[0] === 0x4c && buf[1] === 2 && !isPushOnly(buf.subarray(0, n)),
    'the empty script is': ({ buf, n }) => n === 0 && isPushOnly(buf.subarray(0, n)),
  },
});

export const witnessProgramEveryLength = proof('IsWitnessProgram for every script length 0..43 and every version opcode', {
  fn: getWitnessProgram,
  spec: '§3.1',
  statement:
    'For every script of n bytes, 0 <= n <= 43, and every first byte: a witness program iff 4 <= n <= 42, the first byte is OP_0 (0x00) or OP_1..OP_16 (0x51..0x60) and the second byte is n - 2; then the version is 0 or first - 0x50 and the program is exactly bytes 2..n-1 (BIP141). One case per length.',
  inputs: { buf: bytes(43), n: int(0, 43) },
  split: 'n',
  ensures: ({ buf, n }) => {
    const s = buf.subarray(0, n);
    const wp = getWitnessProgram(s);
    const first = n === 0 ? -1 : buf[0];
    const isVersion = first === 0 || (first >= 0x51 && first <= 0x60);
    if (!(n >= 4 && n <= 42 && isVersion && buf[1] === n - 2)) return wp === undefined;
    if (wp === undefined || wp.version !== (first === 0 ? 0 : first - 0x50) || wp.program.length !== n - 2) return false;
    for (let i = 0; i < n - 2; i++) if (wp.program[i] !== buf[i + 2]) return false;
    return true;
  },
  covers: {
    'version 16 with a 40-byte program': ({ buf, n }) => n === 42 && buf[0] === 0x60 && getWitnessProgram(buf.subarray(0, n))?.version === 16,
    'OP_1NEGATE (0x4f) is no version': ({ buf, n }) => n === 22 && buf[0] === 0x4f && buf[1] === 20 && getWitnessProgram(buf.subarray(0, n)) === undefined,
  },
  unwind: 64,
});

export const payToAnchorExact = proof('IsPayToAnchor: exactly version 1 with the 2-byte program 4e 73', {
  fn: isPayToAnchor,
  spec: '§3.1',
  statement: 'For every version 0..16 and every program of 0..4 bytes: IsPayToAnchor iff version = 1, the program has 2 bytes and they are 0x4e 0x73.',
  inputs: { version: int(0, 16), buf: bytes(4), n: int(0, 4) },
  split: 'n',
  ensures: ({ version, buf, n }) => isPayToAnchor(version, buf.subarray(0, n)) === (version === 1 && n === 2 && buf[0] === 0x4e && buf[1] === 0x73),
  covers: { 'the anchor': ({ version, buf, n }) => isPayToAnchor(version, buf.subarray(0, n)) },
});

/**
 * GetSigOpCount written out: 0xac/0xad (CHECKSIG, CHECKSIGVERIFY) count 1; 0xae/0xaf
 * (CHECKMULTISIG, CHECKMULTISIGVERIFY) count n after OP_n (0x51..0x60) when accurate, else 20;
 * counting stops at the first operation that does not parse.
 */
function sigOpsSpec(s: Uint8Array, accurate: boolean): number {
  let count = 0;
  let last = 0xff;
  let pc = 0;
  for (let k = 0; k < 9; k++) {
    const op = getOpSpec(s, pc);
    if (op === undefined) return count;
    const o = op.opcode;
    if (o === 0xac || o === 0xad) count += 1;
    else if (o === 0xae || o === 0xaf) count += accurate && last >= 0x51 && last <= 0x60 ? last - 0x50 : 20;
    last = o;
    pc = op.next;
  }
  return count;
}

export const sigOpCountExact = proof('GetSigOpCount: CHECKSIG counts 1, CHECKMULTISIG n after OP_n when accurate, else 20', {
  fn: getSigOpCount,
  spec: '§3.3',
  statement:
    'For every script of n bytes, 0 <= n <= 4, and both modes: GetSigOpCount equals the literal count (CHECKSIG/CHECKSIGVERIFY 0xac/0xad: 1; CHECKMULTISIG/VERIFY 0xae/0xaf: the n of a preceding OP_n 0x51..0x60 when accurate, else 20), stopping at the first push that runs past the end. One case per length.',
  inputs: { buf: bytes(4), n: int(0, 4), accurate: bool() },
  split: 'n',
  ensures: ({ buf, n, accurate }) => getSigOpCount(buf.subarray(0, n), accurate) === sigOpsSpec(buf.subarray(0, n), accurate),
  covers: {
    '2-of-3 counted accurately': ({ buf, n, accurate }) => n === 2 && accurate && buf[0] === 0x53 && buf[1] === 0xae && getSigOpCount(buf.subarray(0, n), accurate) === 3,
    'CHECKMULTISIG counted as 20': ({ buf, n, accurate }) => n === 1 && !accurate && getSigOpCount(buf.subarray(0, n), accurate) === 20,
    'a CHECKSIG after a truncated push is not counted': ({ buf, n }) => n === 3 && buf[0] === 0x02 && buf[2] === 0xac && getSigOpCount(buf.subarray(0, n), true) === 0,
  },
});

/**
 * BIP16's P2SH sigop count written out: for a P2SH output, the scriptSig must be push-only (every
 * operation parses and is at most 0x60), and its last push (the redeem script; empty when it
 * pushes nothing) is counted accurately; otherwise 0. Any other output counts its own script accurately.
 */
function p2shSigOpsSpec(scriptSig: Uint8Array): number {
  let start = 0;
  let next = 0;
  let pc = 0;
  for (let k = 0; k < 9; k++) {
    if (pc >= scriptSig.length) return sigOpsSpec(scriptSig.subarray(start, next), true);
    const op = getOpSpec(scriptSig, pc);
    if (op === undefined || op.opcode > 0x60) return 0;
    start = op.dataStart;
    next = op.next;
    pc = op.next;
  }
  return 0;
}

export const p2shSigOpCountExact = proof('P2SH sigops: the redeem script (last push of a push-only scriptSig) counted accurately', {
  fn: getP2shSigOpCount,
  spec: '§3.3',
  arithSolver: 'simplex',
  statement:
    'For a P2SH output (0xa9 0x14 <20 bytes> 0x87) and every scriptSig of n bytes, 0 <= n <= 3: the count is the accurate GetSigOpCount of the data of its last push when every operation of the scriptSig parses and is at most OP_16 (0x60), else 0 (BIP16); for a 4-byte output (never P2SH) it is the output\'s own accurate count. One case per length.',
  inputs: { p2sh: bytes(23), other: bytes(4), buf: bytes(3), n: int(0, 3) },
  split: 'n',
  requires: ({ p2sh }) => p2sh[0] === 0xa9 && p2sh[1] === 0x14 && p2sh[22] === 0x87,
  ensures: ({ p2sh, other, buf, n }) =>
    getP2shSigOpCount(p2sh, buf.subarray(0, n)) === p2shSigOpsSpec(buf.subarray(0, n)) && getP2shSigOpCount(other, buf.subarray(0, n)) === sigOpsSpec(other, true),
  covers: {
    'a 1-of-1 redeem script (OP_1 CHECKMULTISIG) counts 1': ({ p2sh, buf, n }) => n === 3 && buf[0] === 2 && buf[1] === 0x51 && buf[2] === 0xae && getP2shSigOpCount(p2sh, buf.subarray(0, n)) === 1,
    'a scriptSig that is not push-only counts 0': ({ p2sh, buf, n }) => n === 2 && buf[0] === 0xac && getP2shSigOpCount(p2sh, buf.subarray(0, n)) === 0,
  },
});

export const witnessSigOpsExact = proof('witness sigops: P2WPKH counts 1, P2WSH its witness script accurately, bare or nested in P2SH', {
  fn: countWitnessSigOps,
  spec: '§3.3',
  statement:
    'For every flags value below 2^21, 20- and 32-byte programs h and k, and every witness script of n bytes, 0 <= n <= 3: without SCRIPT_VERIFY_WITNESS (1<<11) the count is 0; with it, P2WPKH (00 14 h) counts 1, P2WSH (00 20 k) counts the accurate sigops of the last witness item (0 for an empty witness), P2SH-P2WPKH (a9 14 h 87 spent by the scriptSig 16 00 14 h) counts 1, P2SH-P2WSH (scriptSig 22 00 20 k) the witness script\'s; the scriptSig 16 00 14 h spending a P2PKH output (76 a9 14 h 88 ac: no P2SH, no witness program) counts 0, and so does ac 16 00 14 h (not push-only) spending the P2SH output; a version-1 program (51 20 k) or a version-0 program of 2 bytes (00 02 k0 k1) counts 0 (BIP141). One case per length.',
  inputs: { h: bytes(20), k: bytes(32), buf: bytes(3), n: int(0, 3), flags: int(0, 2 ** 21 - 1) },
  split: 'n',
  ensures: ({ h, k, buf, n, flags }) => {
    const ws = buf.subarray(0, n);
    const on = (flags & 2048) !== 0;
    const none = new Uint8Array(0);
    const p2wpkh = concatBytes(Uint8Array.of(0x00, 0x14), h);
    const p2wsh = concatBytes(Uint8Array.of(0x00, 0x20), k);
    const p2sh = concatBytes(Uint8Array.of(0xa9, 0x14), h, Uint8Array.of(0x87));
    const v1 = concatBytes(Uint8Array.of(0x51, 0x20), k);
    const scriptCount = sigOpsSpec(ws, true);
    return (
      countWitnessSigOps(none, p2wpkh, [ws], flags) === (on ? 1 : 0) &&
      countWitnessSigOps(none, p2wsh, [none, ws], flags) === (on ? scriptCount : 0) &&
      countWitnessSigOps(none, p2wsh, [], flags) === 0 &&
      countWitnessSigOps(concatBytes(Uint8Array.of(0x16), p2wpkh), p2sh, [ws], flags) === (on ? 1 : 0) &&
      countWitnessSigOps(concatBytes(Uint8Array.of(0x22), p2wsh), p2sh, [ws], flags) === (on ? scriptCount : 0) &&
      countWitnessSigOps(concatBytes(Uint8Array.of(0x16), p2wpkh), concatBytes(Uint8Array.of(0x76, 0xa9, 0x14), h, Uint8Array.of(0x88, 0xac)), [ws], flags) === 0 &&
      countWitnessSigOps(concatBytes(Uint8Array.of(0xac, 0x16), p2wpkh), p2sh, [ws], flags) === 0 &&
      countWitnessSigOps(none, v1, [ws], flags) === 0 &&
      countWitnessSigOps(none, concatBytes(Uint8Array.of(0x00, 0x02), k.subarray(0, 2)), [ws], flags) === 0
    );
  },
  covers: {
    'a P2WSH 1-of-1 multisig script counts 1': ({ buf, n, flags }) => n === 2 && buf[0] === 0x51 && buf[1] === 0xae && (flags & 2048) !== 0,
  },
});

export const legacySigOpCountExact = proof('GetLegacySigOpCount sums the inaccurate counts of every scriptSig and scriptPubKey', {
  fn: getLegacySigOpCount,
  spec: '§3.3',
  statement:
    'For every transaction of 2 inputs and 2 outputs with 2-byte scripts: GetLegacySigOpCount is the sum over the scriptSigs and scriptPubKeys of the literal inaccurate count (CHECKSIG/VERIFY 1, CHECKMULTISIG/VERIFY 20, stopping at a truncated push).',
  inputs: {
    tx: record({ inputs: tuple(2, record({ scriptSig: bytes(2) })), outputs: tuple(2, record({ scriptPubKey: bytes(2) })) }),
  },
  ensures: ({ tx }) =>
    getLegacySigOpCount(tx) ===
    sigOpsSpec(tx.inputs[0].scriptSig, false) + sigOpsSpec(tx.inputs[1].scriptSig, false) +
      sigOpsSpec(tx.outputs[0].scriptPubKey, false) + sigOpsSpec(tx.outputs[1].scriptPubKey, false),
  covers: {
    'a bare multisig output counts 20': ({ tx }) => tx.outputs[0].scriptPubKey[0] === 0x51 && tx.outputs[0].scriptPubKey[1] === 0xae && getLegacySigOpCount(tx) >= 20,
  },
});

/** The spent output of the sigop-cost proof: P2WPKH 00 14 h (kind 0), P2SH a9 14 h 87 (kind 1), or a bare 2-byte script (kind 2). */
function spentScript(kind: number, h: Uint8Array, bare: Uint8Array): Uint8Array {
  if (kind === 0) return concatBytes(Uint8Array.of(0x00, 0x14), h);
  if (kind === 1) return concatBytes(Uint8Array.of(0xa9, 0x14), h, Uint8Array.of(0x87));
  return bare;
}

export const transactionSigOpCostExact = proof('GetTransactionSigOpCost: 4 per legacy and P2SH sigop, 1 per witness sigop, only legacy for a coinbase', {
  // A case query undecided within CASE_RLIMIT (harness/runner/solve.ts): each check alone.
  checksAlone: true,
  fn: getTransactionSigOpCost,
  spec: '§3.3',
  statement:
    'For a transaction of one input (any outpoint; a scriptSig of n bytes, 0 <= n <= 3, which is also its one witness item) and one output with a 2-byte script, spending a P2WPKH output (00 14 h), a P2SH output (a9 14 h 87) or a bare 2-byte script, under every flags value below 2^21: the cost is 4 x (the inaccurate sigops of the scriptSig and of the output script); a coinbase (outpoint 32 zero bytes and index 0xffffffff) stops there; otherwise add 4 x the P2SH count (the accurate sigops of the last push of a push-only scriptSig, else 0) when SCRIPT_VERIFY_P2SH (1) is set and the spent output is P2SH, and 1 for the P2WPKH spend when SCRIPT_VERIFY_WITNESS (1<<11) is set (BIP16, BIP141; a scriptSig this short pushes no witness program, so a P2SH spend adds no witness sigops). One case per length.',
  inputs: { txid: bytes(32), vout: uint32(), sig: bytes(3), n: int(0, 3), out: bytes(2), h: bytes(20), bare: bytes(2), kind: int(0, 2), flags: int(0, 2 ** 21 - 1) },
  split: 'n',
  ensures: ({ txid, vout, sig, n, out, h, bare, kind, flags }) => {
    const scriptSig = sig.subarray(0, n);
    const tx: Transaction = { version: 2, inputs: [{ prevout: { txid, vout }, scriptSig, sequence: 0, witness: [scriptSig] }], outputs: [{ value: 0n, scriptPubKey: out }], lockTime: 0 };
    const cost = getTransactionSigOpCost(tx, [{ value: 0n, scriptPubKey: spentScript(kind, h, bare) }], flags);
    const legacy = 4 * (sigOpsSpec(scriptSig, false) + sigOpsSpec(out, false));
    let nullTxid = true;
    for (let i = 0; i < 32; i++) if (txid[i] !== 0) nullTxid = false;
    if (nullTxid && vout === 0xffffffff) return cost === legacy;
    const p2sh = kind === 1 && (flags & 1) !== 0 ? 4 * p2shSigOpsSpec(scriptSig) : 0;
    const witness = kind === 0 && (flags & 2048) !== 0 ? 1 : 0;
    return cost === legacy + p2sh + witness;
  },
  covers: {
    'a P2SH 1-of-1 redeem script costs 4 more': ({ sig, n, kind, flags }) => n === 3 && kind === 1 && (flags & 1) !== 0 && sig[0] === 2 && sig[1] === 0x51 && sig[2] === 0xae,
    'a coinbase counts only its legacy sigops': ({ txid, vout, kind, flags }) => txid[0] === 0 && txid[31] === 0 && vout === 0xffffffff && kind === 0 && (flags & 2048) !== 0,
  },
});

/**
 * FindAndDelete written out (Core's FindAndDelete): at each position, delete every copy of the
 * pattern that starts there (back to back, counting them), then copy the one operation there and
 * step over it; where no operation parses, copy the rest as it is.
 */
function findAndDeleteSpec(s: Uint8Array, b: Uint8Array): { readonly out: readonly number[]; readonly found: number } {
  const out: number[] = [];
  let found = 0;
  let pc = 0;
  for (let k = 0; k < 4; k++) {
    for (let j = 0; j < 4; j++) {
      if (pc + 1 > s.length || s[pc] !== b[0]) break;
      pc += 1;
      found += 1;
    }
    const op = getOpSpec(s, pc);
    const end = op === undefined ? s.length : op.next;
    for (let i = 0; i < 3; i++) if (i >= pc && i < end) out.push(s[i] ?? 0);
    if (op === undefined) break;
    pc = end;
  }
  return { out, found };
}

export const findAndDeleteExact = proof('FindAndDelete removes the pattern at operation boundaries, back to back', {
  fn: findAndDelete,
  spec: '§3.10',
  statement:
    'For every script of n bytes, 0 <= n <= 3, and every 1-byte pattern: an empty pattern deletes nothing; FindAndDelete returns the script with every copy of the pattern that starts at an operation boundary removed (copies back to back all removed, the next operation parsed after them), and their number; a script without one comes back unchanged. One case per length.',
  inputs: { buf: bytes(3), n: int(0, 3), pattern: bytes(1) },
  split: 'n',
  ensures: ({ buf, n, pattern }) => {
    const s = buf.subarray(0, n);
    const r = findAndDelete(s, pattern);
    const want = findAndDeleteSpec(s, pattern);
    const empty = findAndDelete(s, new Uint8Array(0));
    if (empty.found !== 0 || empty.script.length !== n || (n > 0 && empty.script[0] !== buf[0])) return false;
    if (r.found !== want.found || r.script.length !== want.out.length) return false;
    for (let i = 0; i < 3; i++) if (i < want.out.length && r.script[i] !== want.out[i]) return false;
    return true;
  },
  covers: {
    'two copies back to back': ({ buf, n, pattern }) => n === 3 && findAndDelete(buf.subarray(0, n), pattern).found === 2,
    'a copy inside a push is kept': ({ buf, n, pattern }) => n === 2 && buf[0] === 1 && buf[1] === pattern[0] && buf[0] !== pattern[0] && findAndDelete(buf.subarray(0, n), pattern).found === 0,
  },
});
