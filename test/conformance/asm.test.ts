import { describe, expect, it } from 'vitest';
import { toHex } from '../../kernel/index.js';
import { parseAsm } from '../../kernel/script/asm.js';

function asm(text: string): string {
  const r = parseAsm(text);
  if (!r.ok) throw new Error(r.error);
  return toHex(r.value);
}

describe("§3.1 parseAsm (Core's ParseScript)", () => {
  it('numbers are CScript() << int64: OP_1NEGATE, OP_0..OP_16, else minimal script numbers', () => {
    expect(asm('0')).toBe('00');
    expect(asm('-1')).toBe('4f');
    expect(asm('1 16')).toBe('5160');
    expect(asm('17')).toBe('0111');
    expect(asm('-2')).toBe('0182');
    expect(asm('127 128 255 256')).toBe('017f' + '028000' + '02ff00' + '020001');
    expect(asm('-128')).toBe('028080');
    expect(asm('2147483647')).toBe('04ffffff7f');
    expect(asm('2147483648')).toBe('050000008000');
    expect(asm('-2147483648')).toBe('050000008080');
    expect(asm('4294967295')).toBe('05ffffffff00');
    expect(asm('-4294967295')).toBe('05ffffffff80');
    expect(asm('007')).toBe('57');
  });
  it('numbers outside -0xFFFFFFFF..0xFFFFFFFF are rejected, as in Core', () => {
    expect(parseAsm('4294967296').ok).toBe(false);
    expect(parseAsm('-4294967296').ok).toBe(false);
    expect(parseAsm('-').ok).toBe(false);
  });
  it('0x bytes are inserted verbatim; odd or empty hex is an error', () => {
    expect(asm('0x4c 0x01 0x07')).toBe('4c0107');
    expect(asm('0x4C01FF')).toBe('4c01ff');
    expect(parseAsm('0x').ok).toBe(false);
    expect(parseAsm('0x123').ok).toBe(false);
    expect(parseAsm('0xzz').ok).toBe(false);
  });
  it("'text' pushes its bytes with the smallest push", () => {
    expect(asm("'Az'")).toBe('02417a');
    expect(asm("''")).toBe('00');
    expect(asm(`'${'a'.repeat(76)}'`)).toBe('4c4c' + '61'.repeat(76));
    expect(asm(`'${'a'.repeat(256)}'`)).toBe('4d0001' + '61'.repeat(256));
  });
  it('opcode names with or without OP_; push opcodes are not names', () => {
    expect(asm('ADD OP_ADD')).toBe('9393');
    expect(asm('NOP1 CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY NOP4 NOP10')).toBe('b0b1b2b3b9');
    expect(asm('NOP2 OP_NOP3')).toBe('b1b2');
    expect(asm('RESERVED VER VERIF VERNOTIF RESERVED1 RESERVED2')).toBe('50626566898a');
    expect(asm('OP_CHECKSIGADD')).toBe('ba');
    expect(asm('CAT SUBSTR LEFT RIGHT INVERT AND OR XOR 2MUL 2DIV MUL DIV MOD LSHIFT RSHIFT')).toBe(
      '7e7f808183848586' + '8d8e95969798' + '99',
    );
    for (const t of ['OP_0', 'OP_1', 'TRUE', 'FALSE', 'OP_1NEGATE', 'PUSHDATA1', 'OP_INVALIDOPCODE', 'add', 'OP_UNKNOWN', 'NOP11']) {
      expect(parseAsm(t).ok, t).toBe(false);
    }
  });
  it('space, tab and newline separate tokens; the empty text is the empty script', () => {
    expect(asm('')).toBe('');
    expect(asm('  1\t2\n3  ')).toBe('515253');
  });
});
