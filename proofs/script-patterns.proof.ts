/** Output script patterns (SPEC.md §3.1) with BIP16/BIP141/BIP342 literal byte values. */
import { byte, bytes, int, proof } from '../harness/dsl.js';
import { isOpSuccess } from '../kernel/script/opcodes.js';
import { readScriptOp } from '../kernel/script/parse.js';
import { getWitnessProgram, isPayToAnchor, isPayToScriptHash } from '../kernel/script/patterns.js';

export const p2shExact = proof('P2SH is exactly OP_HASH160 <20 bytes> OP_EQUAL', {
  fn: isPayToScriptHash,
  spec: '§3.1',
  statement: 'A 23-byte script is P2SH iff it is 0xa9 0x14 <20 bytes> 0x87 (BIP16); scripts of 22 or 24 bytes never are.',
  inputs: { s: bytes(23), shorter: bytes(22), longer: bytes(24) },
  ensures: ({ s, shorter, longer }) =>
    isPayToScriptHash(s) === (s[0] === 169 && s[1] === 20 && s[22] === 135) && !isPayToScriptHash(shorter) && !isPayToScriptHash(longer),
});

export const witnessProgramV0 = proof('a 22-byte witness program is version 0..16 with a 20-byte push', {
  fn: getWitnessProgram,
  spec: '§3.1',
  statement:
    'A 22-byte script is a witness program iff its first byte is OP_0 (0x00) or OP_1..OP_16 (0x51..0x60) and its second byte is 20; the version is 0 or first - 0x50 and the program is the last 20 bytes (BIP141).',
  inputs: { s: bytes(22) },
  ensures: ({ s }) => {
    const wp = getWitnessProgram(s);
    const isVersion = s[0] === 0 || (s[0] >= 81 && s[0] <= 96);
    if (!(isVersion && s[1] === 20)) return wp === undefined;
    return wp !== undefined && wp.version === (s[0] === 0 ? 0 : s[0] - 80) && wp.program.length === 20 && wp.program[0] === s[2] && wp.program[19] === s[21];
  },
  covers: { 'P2WPKH': ({ s }) => s[0] === 0 && getWitnessProgram(s) !== undefined },
});

export const witnessProgramV1 = proof('a 34-byte witness program carries a 32-byte push (P2WSH, P2TR)', {
  fn: getWitnessProgram,
  spec: '§3.1',
  statement: 'A 34-byte script is a witness program iff its first byte is 0x00 or 0x51..0x60 and its second byte is 32; a taproot output is version 1 (0x51).',
  inputs: { s: bytes(34) },
  ensures: ({ s }) => {
    const wp = getWitnessProgram(s);
    const isVersion = s[0] === 0 || (s[0] >= 81 && s[0] <= 96);
    if (!(isVersion && s[1] === 32)) return wp === undefined;
    return wp !== undefined && wp.program.length === 32 && (s[0] !== 81 || wp.version === 1);
  },
});

export const witnessProgramTooLong = proof('scripts longer than 42 bytes are never witness programs', {
  fn: getWitnessProgram,
  spec: '§3.1',
  statement: 'A 43-byte script (a 41-byte push) is not a witness program: programs are 2..40 bytes; nor is a 3-byte one.',
  inputs: { s: bytes(43), t: bytes(3) },
  ensures: ({ s, t }) => getWitnessProgram(s) === undefined && getWitnessProgram(t) === undefined,
});

export const payToAnchor = proof('pay-to-anchor is witness v1 with program 0x4e73', {
  fn: isPayToAnchor,
  spec: '§3.1',
  statement: 'For a version v and a 2-byte program p: IsPayToAnchor iff v = 1 and p = 0x4e 0x73.',
  inputs: { version: int(0, 16), p: bytes(2) },
  ensures: ({ version, p }) => isPayToAnchor(version, p) === (version === 1 && p[0] === 78 && p[1] === 115),
});

/**
 * BIP342 derives OP_SUCCESSx from the legacy opcode table rather than listing arbitrary bytes: the
 * opcodes legacy script disables (Core's interpreter fails on them even unexecuted), the reserved
 * ones that are not conditionals, and every byte no opcode is assigned to. Named here by Core's
 * script.h values.
 */
const DISABLED_IN_LEGACY = [
  0x7e, // OP_CAT
  0x7f, // OP_SUBSTR
  0x80, // OP_LEFT
  0x81, // OP_RIGHT
  0x83, // OP_INVERT
  0x84, // OP_AND
  0x85, // OP_OR
  0x86, // OP_XOR
  0x8d, // OP_2MUL
  0x8e, // OP_2DIV
  0x95, // OP_MUL
  0x96, // OP_DIV
  0x97, // OP_MOD
  0x98, // OP_LSHIFT
  0x99, // OP_RSHIFT
];
const RESERVED = [
  0x50, // OP_RESERVED
  0x62, // OP_VER
  0x89, // OP_RESERVED1
  0x8a, // OP_RESERVED2
];
/** OP_CHECKSIGADD (BIP342), the last assigned opcode; OP_INVALIDOPCODE is 0xff. */
const OP_CHECKSIGADD = 0xba;
const OP_INVALIDOPCODE = 0xff;

function isListed(x: number, list: readonly number[]): boolean {
  for (const v of list) if (v === x) return true;
  return false;
}

export const opSuccessSet = proof('OP_SUCCESS opcodes are those of BIP342', {
  fn: isOpSuccess,
  spec: '§3.1',
  statement:
    'IsOpSuccess(x) iff x is one of the 15 opcodes legacy script disables (OP_CAT..OP_RSHIFT), one of OP_RESERVED, OP_VER, OP_RESERVED1, OP_RESERVED2, or unassigned (above OP_CHECKSIGADD 0xba, below OP_INVALIDOPCODE 0xff): BIP342\'s 80, 98, 126-129, 131-134, 137-138, 141-142, 149-153, 187-254, 87 opcodes in all.',
  inputs: { x: byte() },
  ensures: ({ x }) => isOpSuccess(x) === (isListed(x, DISABLED_IN_LEGACY) || isListed(x, RESERVED) || (x > OP_CHECKSIGADD && x < OP_INVALIDOPCODE)),
  covers: {
    'OP_CAT (0x7e) is OP_SUCCESS': ({ x }) => x === 0x7e && isOpSuccess(x),
    'OP_VERIF (0x65), reserved but a conditional, is not': ({ x }) => x === 0x65 && !isOpSuccess(x),
    'OP_CHECKSIGADD (0xba) is not, 0xbb is': ({ x }) => (x === 0xba && !isOpSuccess(x)) || (x === 0xbb && isOpSuccess(x)),
  },
});

export const opSuccessCount = proof('there are 87 OP_SUCCESS opcodes', {
  fn: isOpSuccess,
  spec: '§3.1',
  statement: 'Counting every byte: exactly 87 are OP_SUCCESS (15 disabled + 4 reserved + 68 unassigned), none of 0x00..0x4f (pushes), OP_INVALIDOPCODE (0xff), OP_CHECKSIG..OP_CHECKMULTISIGVERIFY (0xac..0xaf) or OP_CHECKSIGADD.',
  inputs: {},
  unwind: 256,
  ensures: () => {
    let count = 0;
    let pushes = 0;
    for (let x = 0; x < 256; x++) {
      if (isOpSuccess(x)) count += 1;
      if (x < 0x50 && isOpSuccess(x)) pushes += 1;
    }
    return count === 87 && pushes === 0 && !isOpSuccess(0xff) && !isOpSuccess(0xac) && !isOpSuccess(0xaf) && !isOpSuccess(0xba);
  },
});

export const scriptOpBounds = proof('GetScriptOp never reads past the end of the script', {
  fn: readScriptOp,
  spec: '§3.1',
  statement:
    'For every 8-byte script and position pc < 8: an operation, if defined, has pc + 1 <= dataStart <= next <= 8 (push data lies inside the script, whatever the opcode: direct push, PUSHDATA1/2/4 or a plain opcode); a push running past the end is undefined.',
  inputs: { s: bytes(8), pc: int(0, 7) },
  ensures: ({ s, pc }) => {
    const op = readScriptOp(s, pc);
    return op === undefined || (op.dataStart >= pc + 1 && op.dataStart <= op.next && op.next <= 8);
  },
  covers: {
    'a PUSHDATA4 that fits': ({ s }) => s[0] === 78 && readScriptOp(s, 0) !== undefined,
    'a push running past the end': ({ s, pc }) => readScriptOp(s, pc) === undefined,
  },
});

export const scriptOpDirectPush = proof('a direct push of n <= 75 bytes takes the next n bytes', {
  fn: readScriptOp,
  spec: '§3.1',
  statement: 'For a 6-byte script whose first byte n is at most 0x4b (75): the operation is defined iff n <= 5, and then its data is bytes 1..n.',
  inputs: { s: bytes(6) },
  requires: ({ s }) => s[0] <= 75,
  ensures: ({ s }) => {
    const op = readScriptOp(s, 0);
    return s[0] <= 5 ? op !== undefined && op.dataStart === 1 && op.next === 1 + s[0] : op === undefined;
  },
});

export const scriptOpPushdata2 = proof('OP_PUSHDATA2 reads a 2-byte little-endian length', {
  fn: readScriptOp,
  spec: '§3.1',
  statement: 'For an 8-byte script starting 0x4d b1 b2: the length is b1 + 256 * b2; the push is defined iff that is at most 5, with data at bytes 3...',
  inputs: { s: bytes(8) },
  requires: ({ s }) => s[0] === 77,
  ensures: ({ s }) => {
    const op = readScriptOp(s, 0);
    const n = s[1] + 256 * s[2];
    return n <= 5 ? op !== undefined && op.dataStart === 3 && op.next === 3 + n : op === undefined;
  },
});

export const witnessProgramLengthLimits = proof('witness programs are 2 to 40 bytes: 4- and 42-byte scripts are the limits', {
  fn: getWitnessProgram,
  spec: '§3.1',
  statement:
    'A 4-byte script OP_n 02 <2 bytes> is a witness program (the shortest, a 2-byte program) and a 42-byte OP_n 28 <40 bytes> one (the longest), for OP_n in OP_0, OP_1..OP_16; a 3-byte or 43-byte script never is (above), nor a 2-byte program that is not pay-to-anchor\'s 0x4e73 of version 1, nor a 3-byte program.',
  inputs: { s4: bytes(4), s42: bytes(42), p3: bytes(3) },
  requires: ({ s4, s42 }) => s4[1] === 2 && s42[1] === 40 && (s4[0] === 0 || (s4[0] >= 81 && s4[0] <= 96)) && (s42[0] === 0 || (s42[0] >= 81 && s42[0] <= 96)),
  ensures: ({ s4, s42, p3 }) => {
    const w4 = getWitnessProgram(s4);
    const w42 = getWitnessProgram(s42);
    return w4 !== undefined && w4.program.length === 2 && w42 !== undefined && w42.program.length === 40 && !isPayToAnchor(1, p3);
  },
});
