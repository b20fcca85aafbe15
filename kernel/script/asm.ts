import { type Result, err, ok } from '../result.js';
import { pushData, pushInt } from './build.js';
import {
  MAX_OPCODE,
  OPCODE_NAMES,
  OP_CHECKLOCKTIMEVERIFY,
  OP_CHECKSEQUENCEVERIFY,
  OP_CHECKSIGADD,
  OP_NOP,
  OP_RESERVED,
} from './opcodes.js';

/**
 * The opcode names Core's ParseScript accepts (core_read.cpp): every named opcode from OP_NOP
 * to MAX_OPCODE plus OP_RESERVED, with and without the `OP_` prefix. Push opcodes (OP_0,
 * OP_1..OP_16, OP_1NEGATE, OP_PUSHDATAn) are not names there: numbers and `0x` bytes write them.
 * We also accept OP_CHECKSIGADD (BIP342) and the NOP2/NOP3 spellings of CLTV/CSV, which
 * Core's table lacks; every script Core's parser accepts parses to the same bytes here.
 */
function lookupOpcode(word: string): number | undefined {
  const name = word.startsWith('OP_') ? word : `OP_${word}`;
  if (name === 'OP_NOP2') return OP_CHECKLOCKTIMEVERIFY;
  if (name === 'OP_NOP3') return OP_CHECKSEQUENCEVERIFY;
  if (name === 'OP_CHECKSIGADD') return OP_CHECKSIGADD;
  for (const [opcode, opName] of OPCODE_NAMES) {
    if (opName !== name) continue;
    if (opcode > MAX_OPCODE) return undefined;
    if (opcode < OP_NOP && opcode !== OP_RESERVED) return undefined;
    return opcode;
  }
  return undefined;
}

const MAX_ASM_NUMBER = 0xffffffffn;

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isHex(s: string): boolean {
  return s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
}

function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Core's ParseScript (core_read.cpp), the "asm" syntax of the script test vectors: tokens split
 * on space, tab and newline; a decimal number in -0xFFFFFFFF..0xFFFFFFFF is `CScript() << n`
 * (OP_1NEGATE, OP_0..OP_16, else a minimal script-number push); `0x<hex>` bytes are inserted
 * verbatim; `'text'` is a push of its bytes; an opcode name, with or without `OP_`. Any other
 * token is an error naming it (SPEC.md §3.1).
 *
 * @example
 * ```ts
 * import { parseAsm, toHex } from 'bllvm-ts';
 * const script = parseAsm('DUP HASH160 0x14 0x89abcdefabbaabbaabbaabbaabbaabbaabbaabba EQUALVERIFY CHECKSIG');
 * if (!script.ok) throw new Error(script.error);
 * toHex(script.value); // => '76a91489abcdefabbaabbaabbaabbaabbaabbaabbaabba88ac'
 * parseAsm('FOO'); // => { ok: false, error: "script parse error: unknown token 'FOO'" }
 * ```
 */
export function parseAsm(text: string): Result<Uint8Array, string> {
  const parts: Uint8Array[] = [];
  for (const word of text.split(/[ \t\n]+/)) {
    if (word === '') continue;
    if (isDigits(word) || (word.startsWith('-') && isDigits(word.slice(1)))) {
      const n = BigInt(word);
      if (n > MAX_ASM_NUMBER || n < -MAX_ASM_NUMBER) {
        return err(`script parse error: decimal numeric value only allowed in the range -0xFFFFFFFF...0xFFFFFFFF: ${word}`);
      }
      parts.push(pushInt(n));
    } else if (word.startsWith('0x') && isHex(word.slice(2))) {
      parts.push(hexBytes(word.slice(2)));
    } else if (word.length >= 2 && word.startsWith("'") && word.endsWith("'")) {
      parts.push(pushData(new TextEncoder().encode(word.slice(1, -1))));
    } else {
      const opcode = lookupOpcode(word);
      if (opcode === undefined) return err(`script parse error: unknown token '${word}'`);
      parts.push(Uint8Array.of(opcode));
    }
  }
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return ok(out);
}
