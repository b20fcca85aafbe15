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

export const opSuccessSet = proof('OP_SUCCESS opcodes are those of BIP342', {
  fn: isOpSuccess,
  spec: '§3.1',
  statement:
    'IsOpSuccess(x) iff x is 80, 98, 126-129, 131-134, 137-138, 141-142, 149-153 or 187-254 (BIP342); in particular OP_CHECKSIGADD (0xba = 186) and the signature opcodes 0xac-0xaf are not.',
  inputs: { x: byte() },
  ensures: ({ x }) => {
    const listed =
      x === 80 || x === 98 || (x >= 126 && x <= 129) || (x >= 131 && x <= 134) || x === 137 || x === 138 || x === 141 || x === 142 || (x >= 149 && x <= 153) || (x >= 187 && x <= 254);
    return isOpSuccess(x) === listed && !isOpSuccess(186) && !isOpSuccess(172) && !isOpSuccess(175);
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
