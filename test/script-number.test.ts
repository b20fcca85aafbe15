import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../kernel/index.js';
import { pushData, pushInt } from "../kernel/script/build.js";
import { decodeScriptNum, encodeScriptNum } from "../kernel/script/number.js";

const bytes = (hex: string) => {
  const b = fromHex(hex);
  if (!b.ok) throw new Error('bad hex');
  return b.value;
};

describe('§3.2 CScriptNum', () => {
  const vectors: readonly (readonly [bigint, string])[] = [
    [0n, ''],
    [1n, '01'],
    [-1n, '81'],
    [127n, '7f'],
    [-127n, 'ff'],
    [128n, '8000'],
    [-128n, '8080'],
    [255n, 'ff00'],
    [256n, '0001'],
    [-255n, 'ff80'],
    [32767n, 'ff7f'],
    [32768n, '008000'],
    [2147483647n, 'ffffff7f'],
    [-2147483647n, 'ffffffff'],
    [2147483648n, '0000008000'],
  ];

  it('serializes as Core does', () => {
    for (const [n, hex] of vectors) expect(toHex(encodeScriptNum(n))).toBe(hex);
  });

  it('parses its own serialization back, minimal and within 5 bytes', () => {
    for (const [n, hex] of vectors) expect(decodeScriptNum(bytes(hex), true, 5)).toEqual({ ok: true, value: n });
  });

  it("rejects non-minimal encodings when required, with Core's message", () => {
    for (const hex of ['00', '80', '0100', '0180', 'ff0000']) {
      expect(decodeScriptNum(bytes(hex), true, 4)).toEqual({ ok: false, error: 'non-minimally encoded script number' });
    }
    expect(decodeScriptNum(bytes('0100'), false, 4)).toEqual({ ok: true, value: 1n });
    expect(decodeScriptNum(bytes('80'), false, 4)).toEqual({ ok: true, value: 0n });
  });

  it('rejects numbers longer than the size limit', () => {
    expect(decodeScriptNum(bytes('0000008000'), true, 4)).toEqual({ ok: false, error: 'script number overflow' });
  });
});

describe('§3.1 CScript push builders', () => {
  it('push data with the smallest opcode for the length', () => {
    expect(toHex(pushData(new Uint8Array(75))).slice(0, 2)).toBe('4b');
    expect(toHex(pushData(new Uint8Array(76))).slice(0, 4)).toBe('4c4c');
    expect(toHex(pushData(new Uint8Array(256))).slice(0, 6)).toBe('4d0001');
    expect(toHex(pushData(new Uint8Array(0x10000))).slice(0, 10)).toBe('4e00000100');
  });

  it('push integers as OP_1NEGATE, OP_0..OP_16 or a script number', () => {
    expect([-1n, 0n, 1n, 16n, 17n, 486604799n].map((n) => toHex(pushInt(n)))).toEqual(['4f', '00', '51', '60', '0111', '04ffff001d']);
  });
});
