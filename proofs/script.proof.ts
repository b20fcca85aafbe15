/** Script interpreter helpers (SPEC.md §3.1, §3.10) with literal opcode values. */
import { byte, bytes, int, proof } from '../harness/dsl.js';
import { pushData, pushInt } from '../kernel/script/build.js';
import { castToBool, checkMinimalPush } from '../kernel/script/interpreter.js';
import { decodeOpN, encodeOpN } from '../kernel/script/opcodes.js';

export const castToBool4 = proof('CastToBool: non-zero except negative zero', {
  fn: castToBool,
  spec: '§3.10',
  statement: 'For every 4-byte stack element: true iff some byte is non-zero, except 00 00 00 80 (negative zero).',
  inputs: { v: bytes(4) },
  ensures: ({ v }) =>
    castToBool(v) === ((v[0] !== 0 || v[1] !== 0 || v[2] !== 0 || v[3] !== 0) && !(v[0] === 0 && v[1] === 0 && v[2] === 0 && v[3] === 128)),
  covers: { 'negative zero is false': ({ v }) => v[3] === 128 && !castToBool(v) },
});

export const castToBoolEmpty = proof('CastToBool: the empty element is false', {
  fn: castToBool,
  spec: '§3.10',
  statement: 'The empty byte string (OP_0, OP_FALSE) is false.',
  inputs: { v: bytes(0) },
  ensures: ({ v }) => !castToBool(v),
});

export const minimalPushOneByte = proof('MINIMALDATA: a 1-byte push must use OP_1..OP_16, OP_1NEGATE or a direct push', {
  fn: checkMinimalPush,
  spec: '§3.10',
  statement:
    'Pushing one byte d with opcode o is minimal iff d is not 1..16 (OP_1..OP_16 exist) and not 0x81 (OP_1NEGATE exists) and o = 0x01 (the 1-byte direct push).',
  inputs: { d: bytes(1), opcode: byte() },
  ensures: ({ d, opcode }) => checkMinimalPush(d, opcode) === (!(d[0] >= 1 && d[0] <= 16) && d[0] !== 129 && opcode === 1),
  covers: { '81 pushed directly is not minimal (OP_1NEGATE)': ({ d, opcode }) => d[0] === 0x81 && opcode === 1 && !checkMinimalPush(d, opcode) },
});

export const minimalPushEmpty = proof('MINIMALDATA: an empty push must be OP_0', {
  fn: checkMinimalPush,
  spec: '§3.10',
  statement: 'Pushing the empty string is minimal iff the opcode is OP_0 (0x00).',
  inputs: { d: bytes(0), opcode: byte() },
  ensures: ({ d, opcode }) => checkMinimalPush(d, opcode) === (opcode === 0),
});

export const minimalPush76 = proof('MINIMALDATA: a 76-byte push must use OP_PUSHDATA1', {
  fn: checkMinimalPush,
  spec: '§3.10',
  statement: 'Pushing 76 bytes (one more than the largest direct push, 75) is minimal iff the opcode is OP_PUSHDATA1 (0x4c).',
  inputs: { d: bytes(76), opcode: byte() },
  ensures: ({ d, opcode }) => checkMinimalPush(d, opcode) === (opcode === 76),
});

export const minimalPush75 = proof('MINIMALDATA: a 75-byte push must be the direct push 0x4b', {
  fn: checkMinimalPush,
  spec: '§3.10',
  statement: 'Pushing 75 bytes (the largest direct push) is minimal iff the opcode is 0x4b (75), not OP_PUSHDATA1 (0x4c) or any other.',
  inputs: { d: bytes(75), opcode: byte() },
  ensures: ({ d, opcode }) => checkMinimalPush(d, opcode) === (opcode === 75),
});

export const opNRoundTrip = proof('OP_N encodes 0..16 as 0x00, 0x51..0x60 and decodes back', {
  fn: encodeOpN,
  spec: '§3.1',
  statement: 'For 0 <= n <= 16: EncodeOP_N(n) is 0x00 for n = 0 and 0x50 + n otherwise, and DecodeOP_N(EncodeOP_N(n)) = n.',
  inputs: { n: int(0, 16) },
  ensures: ({ n }) => encodeOpN(n) === (n === 0 ? 0 : 80 + n) && decodeOpN(encodeOpN(n)) === n,
});

export const minimalPushByLength = proof('MINIMALDATA: a push of 2..520 bytes must use the smallest push opcode for its length', {
  fn: checkMinimalPush,
  spec: '§3.10',
  statement:
    'Pushing 2..75 bytes is minimal iff the opcode is the direct push of that length (0x02..0x4b); 76..255 bytes iff OP_PUSHDATA1 (0x4c); 256..520 (MAX_SCRIPT_ELEMENT_SIZE) iff OP_PUSHDATA2 (0x4d). Shown for lengths 2, 75, 255, 256 and 520, whatever the bytes (with the 0-, 1- and 76-byte proofs above, every boundary of Core\'s CheckMinimalPush below 520 bytes).',
  inputs: { d2: bytes(2), d75: bytes(75), d255: bytes(255), d256: bytes(256), d520: bytes(520), opcode: byte() },
  ensures: ({ d2, d75, d255, d256, d520, opcode }) =>
    checkMinimalPush(d2, opcode) === (opcode === 2) &&
    checkMinimalPush(d75, opcode) === (opcode === 75) &&
    checkMinimalPush(d255, opcode) === (opcode === 76) &&
    checkMinimalPush(d256, opcode) === (opcode === 77) &&
    checkMinimalPush(d520, opcode) === (opcode === 77),
});

/** A push of n bytes as CheckMinimalPush sees it from 2 bytes on: only the length (it reads the one byte of a 1-byte push, and nothing else). */
function ofLength(n: number): Uint8Array {
  return { length: n } as unknown as Uint8Array;
}

export const minimalPushEveryLength = proof('MINIMALDATA for every push length from 2 bytes to 2^32 - 1: the direct push up to 75, OP_PUSHDATA1 to 255, OP_PUSHDATA2 to 65,535, any opcode above', {
  fn: checkMinimalPush,
  spec: '§3.10',
  statement:
    "For every data length n in [2, 2^32 - 1] (the data modelled by its length: from 2 bytes on CheckMinimalPush reads nothing else) and every opcode byte: minimal iff n <= 75 and the opcode is n (the direct push), or 76 <= n <= 255 and OP_PUSHDATA1 (0x4c), or 256 <= n <= 65,535 and OP_PUSHDATA2 (0x4d); from 65,536 on every opcode passes (Core's last line: OP_PUSHDATA4 is the only one left). Pins 75/76, 255/256 and 65,535/65,536.",
  inputs: { n: int(2, 2 ** 32 - 1), opcode: byte() },
  ensures: ({ n, opcode }) => checkMinimalPush(ofLength(n), opcode) === (n <= 75 ? opcode === n : n <= 255 ? opcode === 0x4c : n <= 65535 ? opcode === 0x4d : true),
  covers: {
    '65,535 bytes with OP_PUSHDATA2 are minimal': ({ n, opcode }) => n === 65535 && opcode === 0x4d,
    '65,536 bytes with OP_PUSHDATA4 are minimal': ({ n, opcode }) => n === 65536 && opcode === 0x4e,
    '65,535 bytes with OP_PUSHDATA4 are not': ({ n, opcode }) => n === 65535 && opcode === 0x4e && !checkMinimalPush(ofLength(n), opcode),
  },
});

export const pushDataSmallestOpcode = proof('CScript << data uses the smallest push opcode for its length', {
  fn: pushData,
  spec: '§3.1',
  statement:
    'CScript() << data is: for 0..75 bytes the length itself as opcode; for 76..255 bytes OP_PUSHDATA1 (0x4c) and a 1-byte length; for 256..65535 OP_PUSHDATA2 (0x4d) and a 2-byte little-endian length; then the data. Shown for 0, 75, 76, 255, 256 and 520 bytes, whatever the bytes.',
  inputs: { d75: bytes(75), d76: bytes(76), d255: bytes(255), d256: bytes(256), d520: bytes(520) },
  ensures: ({ d75, d76, d255, d256, d520 }) => {
    const p0 = pushData(new Uint8Array(0));
    const p75 = pushData(d75);
    const p76 = pushData(d76);
    const p255 = pushData(d255);
    const p256 = pushData(d256);
    const p520 = pushData(d520);
    return (
      p0.length === 1 && p0[0] === 0 &&
      p75.length === 76 && p75[0] === 75 && p75[1] === d75[0] && p75[75] === d75[74] &&
      p76.length === 78 && p76[0] === 0x4c && p76[1] === 76 && p76[2] === d76[0] && p76[77] === d76[75] &&
      p255.length === 257 && p255[0] === 0x4c && p255[1] === 255 && p255[256] === d255[254] &&
      p256.length === 259 && p256[0] === 0x4d && p256[1] === 0 && p256[2] === 1 && p256[3] === d256[0] && p256[258] === d256[255] &&
      p520.length === 523 && p520[0] === 0x4d && p520[1] === 0x08 && p520[2] === 0x02 && p520[522] === d520[519]
    );
  },
});

export const pushDataLargestPushdata2 = proof('CScript << data switches from OP_PUSHDATA2 to OP_PUSHDATA4 above 65,535 bytes', {
  fn: pushData,
  spec: '§3.1',
  statement:
    'CScript() << data for 65,535 zero bytes is OP_PUSHDATA2 (0x4d), the length ff ff (little-endian), then the data: 65,538 bytes; for 65,536 zero bytes OP_PUSHDATA4 (0x4e), the length 00 00 01 00, then the data: 65,541 bytes. Far above MAX_SCRIPT_ELEMENT_SIZE (520), so consensus never pushes such data; it pins the last length bound of the push encoding.',
  inputs: {},
  ensures: () => {
    const p2 = pushData(new Uint8Array(65535));
    const p4 = pushData(new Uint8Array(65536));
    return (
      p2.length === 65538 && p2[0] === 0x4d && p2[1] === 0xff && p2[2] === 0xff && p2[3] === 0 && p2[65537] === 0 &&
      p4.length === 65541 && p4[0] === 0x4e && p4[1] === 0 && p4[2] === 0 && p4[3] === 1 && p4[4] === 0 && p4[5] === 0 && p4[65540] === 0
    );
  },
});

export const pushIntSmallValues = proof('CScript << n is one opcode for -1..16 and a script-number push otherwise', {
  fn: pushInt,
  spec: '§3.1',
  statement:
    'CScript() << n is OP_1NEGATE (0x4f) for -1, OP_0 (0x00) for 0, OP_1..OP_16 (0x51..0x60) for 1..16; 17 is the push 01 11, -2 is 01 82 (sign bit), 128 is 02 80 00 (a sign byte).',
  inputs: { n: int(-1, 16) },
  ensures: ({ n }) => {
    const p = pushInt(BigInt(n));
    const single = n === -1 ? 0x4f : n === 0 ? 0x00 : 0x50 + n;
    const p17 = pushInt(17n);
    const pMinus2 = pushInt(-2n);
    const p128 = pushInt(128n);
    return (
      p.length === 1 && p[0] === single &&
      p17.length === 2 && p17[0] === 1 && p17[1] === 17 &&
      pMinus2.length === 2 && pMinus2[0] === 1 && pMinus2[1] === 0x82 &&
      p128.length === 3 && p128[0] === 2 && p128[1] === 0x80 && p128[2] === 0
    );
  },
});
