/** Opcode values from Core's script/script.h, under Core's names. */
export const OP_0 = 0x00;
export const OP_PUSHDATA1 = 0x4c;
export const OP_PUSHDATA2 = 0x4d;
export const OP_PUSHDATA4 = 0x4e;
export const OP_1NEGATE = 0x4f;
export const OP_1 = 0x51;
export const OP_16 = 0x60;
export const OP_RETURN = 0x6a;
export const OP_CHECKSIG = 0xac;
export const OP_CHECKSIGVERIFY = 0xad;
export const OP_CHECKMULTISIG = 0xae;
export const OP_CHECKMULTISIGVERIFY = 0xaf;

/** Core's CScript::DecodeOP_N: the small integer of OP_0 or OP_1..OP_16 (SPEC.md §3.1). */
export function decodeOpN(opcode: number): number {
  return opcode === OP_0 ? 0 : opcode - (OP_1 - 1);
}

/** Core's CScript::EncodeOP_N: the opcode pushing 0..16 (SPEC.md §3.1). */
export function encodeOpN(n: number): number {
  return n === 0 ? OP_0 : OP_1 - 1 + n;
}
