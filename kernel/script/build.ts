import { concatBytes } from '../encoding/bytes.js';
import { encodeScriptNum } from './number.js';
import { OP_1NEGATE, OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4, encodeOpN } from './opcodes.js';

/** Core's `CScript << std::vector<unsigned char>`: the smallest push opcode for the length (SPEC.md §3.1). */
export function pushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  const prefix =
    n < OP_PUSHDATA1
      ? [n]
      : n <= 0xff
        ? [OP_PUSHDATA1, n]
        : n <= 0xffff
          ? [OP_PUSHDATA2, n & 0xff, n >>> 8]
          : [OP_PUSHDATA4, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  return concatBytes(Uint8Array.from(prefix), data);
}

/** Core's `CScript << int64_t` (push_int64): OP_1NEGATE, OP_0..OP_16, else a script number push (SPEC.md §3.1). */
export function pushInt(value: bigint): Uint8Array {
  if (value === -1n) return Uint8Array.of(OP_1NEGATE);
  if (value >= 0n && value <= 16n) return Uint8Array.of(encodeOpN(Number(value)));
  return pushData(encodeScriptNum(value));
}
