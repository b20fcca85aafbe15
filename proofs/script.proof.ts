/** Script interpreter helpers (SPEC.md §3.1, §3.10) with literal opcode values. */
import { byte, bytes, int, proof } from '../harness/dsl.js';
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

export const opNRoundTrip = proof('OP_N encodes 0..16 as 0x00, 0x51..0x60 and decodes back', {
  fn: encodeOpN,
  spec: '§3.1',
  statement: 'For 0 <= n <= 16: EncodeOP_N(n) is 0x00 for n = 0 and 0x50 + n otherwise, and DecodeOP_N(EncodeOP_N(n)) = n.',
  inputs: { n: int(0, 16) },
  ensures: ({ n }) => encodeOpN(n) === (n === 0 ? 0 : 80 + n) && decodeOpN(encodeOpN(n)) === n,
});
