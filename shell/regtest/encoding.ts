/**
 * The builder's own serialization, hashes and signature hashes, written from the BIPs and
 * Core's source without the kernel, so that the kernel's decoder, Merkle roots, witness
 * commitment, BIP34 check, PoW check and signature hashes are checked against an independent
 * implementation every time a built chain connects. Only what the builder produces is covered
 * (no OP_CODESEPARATOR in legacy or v0 script codes, for instance).
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Block, BlockHeader, Transaction, TxOut } from '../../kernel/primitives/types.js';

const utf8 = new TextEncoder();

/** A growable little-endian byte writer. */
export class Bytes {
  private buf = new Uint8Array(256);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buf[this.len++] = Math.floor(v / 2 ** (8 * i)) & 0xff;
    return this;
  }

  i64(v: bigint): this {
    let x = BigInt.asUintN(64, v);
    this.room(8);
    for (let i = 0; i < 8; i++) {
      this.buf[this.len++] = Number(x & 0xffn);
      x >>= 8n;
    }
    return this;
  }

  /** Core's WriteCompactSize. */
  varint(n: number): this {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) return this.u8(0xfd).u8(n).u8(n >>> 8);
    if (n <= 0xffffffff) return this.u8(0xfe).u32(n);
    return this.u8(0xff).u32(n % 2 ** 32).u32(Math.floor(n / 2 ** 32));
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  varbytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export const sha256d = (b: Uint8Array): Uint8Array => sha256(sha256(b));
export const hash160 = (b: Uint8Array): Uint8Array => ripemd160(sha256(b));

/** BIP340 tagged hash: SHA256(SHA256(tag) ‖ SHA256(tag) ‖ data). */
export function tagged(tag: string, ...data: Uint8Array[]): Uint8Array {
  const t = sha256(utf8.encode(tag));
  const w = new Bytes().bytes(t).bytes(t);
  for (const d of data) w.bytes(d);
  return sha256(w.done());
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const w = new Bytes();
  for (const p of parts) w.bytes(p);
  return w.done();
}

// --- scripts ------------------------------------------------------------------------------

/** The minimal push of `data` (direct, PUSHDATA1, PUSHDATA2). */
export function push(data: Uint8Array): Uint8Array {
  const n = data.length;
  const w = new Bytes();
  if (n < 0x4c) w.u8(n);
  else if (n <= 0xff) w.u8(0x4c).u8(n);
  else if (n <= 0xffff) w.u8(0x4d).u8(n & 0xff).u8(n >>> 8);
  else w.u8(0x4e).u32(n);
  return w.bytes(data).done();
}

/** CScriptNum serialization: little-endian magnitude, sign bit in the last byte. */
export function scriptNum(value: number): Uint8Array {
  if (value === 0) return new Uint8Array(0);
  const out: number[] = [];
  let abs = Math.abs(value);
  while (abs > 0) {
    out.push(abs & 0xff);
    abs = Math.floor(abs / 256);
  }
  const last = out.length - 1;
  if (((out[last] as number) & 0x80) !== 0) out.push(value < 0 ? 0x80 : 0);
  else if (value < 0) out[last] = (out[last] as number) | 0x80;
  return Uint8Array.from(out);
}

/** Core's `CScript() << n`: OP_0, OP_1..OP_16, OP_1NEGATE, else a script-number push. */
export function pushNumber(value: number): Uint8Array {
  if (value === 0) return Uint8Array.of(0x00);
  if (value === -1) return Uint8Array.of(0x4f);
  if (value >= 1 && value <= 16) return Uint8Array.of(0x50 + value);
  return push(scriptNum(value));
}

// --- transactions and blocks --------------------------------------------------------------

function writeOutput(w: Bytes, o: TxOut): void {
  w.i64(o.value).varbytes(o.scriptPubKey);
}

/** BIP144 serialization (with witnesses when any input has one and `withWitness`). */
export function serializeTx(tx: Transaction, withWitness = true): Uint8Array {
  const witness = withWitness && tx.inputs.some((i) => i.witness.length > 0);
  const w = new Bytes().u32(tx.version);
  if (witness) w.u8(0).u8(1);
  w.varint(tx.inputs.length);
  for (const i of tx.inputs) w.bytes(i.prevout.txid).u32(i.prevout.vout).varbytes(i.scriptSig).u32(i.sequence);
  w.varint(tx.outputs.length);
  for (const o of tx.outputs) writeOutput(w, o);
  if (witness) {
    for (const i of tx.inputs) {
      w.varint(i.witness.length);
      for (const item of i.witness) w.varbytes(item);
    }
  }
  return w.u32(tx.lockTime).done();
}

export const txidOf = (tx: Transaction): Uint8Array => sha256d(serializeTx(tx, false));
export const wtxidOf = (tx: Transaction): Uint8Array => sha256d(serializeTx(tx, true));

export function serializeHeader(h: BlockHeader): Uint8Array {
  return new Bytes().u32(h.version).bytes(h.prevBlockHash).bytes(h.merkleRoot).u32(h.time).u32(h.bits).u32(h.nonce).done();
}

export const headerHash = (h: BlockHeader): Uint8Array => sha256d(serializeHeader(h));

export function serializeBlock(block: Block, withWitness = true): Uint8Array {
  const w = new Bytes().bytes(serializeHeader(block.header)).varint(block.transactions.length);
  for (const tx of block.transactions) w.bytes(serializeTx(tx, withWitness));
  return w.done();
}

/** BIP141 block weight: 3 × size without witnesses + size with them. */
export function blockWeightOf(block: Block): number {
  return 3 * serializeBlock(block, false).length + serializeBlock(block, true).length;
}

/** Core's GetSerializeSize of a witness stack: CompactSize count, then each item with its CompactSize length. */
export function witnessStackSize(items: readonly Uint8Array[]): number {
  const w = new Bytes().varint(items.length);
  for (const item of items) w.varbytes(item);
  return w.done().length;
}

/** Bitcoin's Merkle tree: pairwise SHA256d, an odd level repeats its last hash. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  let level = [...leaves];
  if (level.length === 0) return new Uint8Array(32);
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      next.push(sha256d(concat(left, level[i + 1] ?? left)));
    }
    level = next;
  }
  return level[0] as Uint8Array;
}

/** The BIP141 commitment output script for these transactions (coinbase first) and reserved value. */
export function witnessCommitmentScript(transactions: readonly Transaction[], reserved: Uint8Array): Uint8Array {
  const root = merkleRoot(transactions.map((tx, i) => (i === 0 ? new Uint8Array(32) : wtxidOf(tx))));
  return concat(Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed), sha256d(concat(root, reserved)));
}

/** The target of compact `bits` (positive, no overflow: what the builder mines with). */
export function targetOf(bits: number): bigint {
  const exponent = bits >>> 24;
  const mantissa = BigInt(bits & 0x007fffff);
  return exponent <= 3 ? mantissa >> BigInt(8 * (3 - exponent)) : mantissa << BigInt(8 * (exponent - 3));
}

/** Whether the header's hash, read as a little-endian number, is at most the target of its bits. */
export function meetsTarget(h: BlockHeader): boolean {
  const hash = headerHash(h);
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(hash[i] as number);
  return n <= targetOf(h.bits);
}

// --- signature hashes ---------------------------------------------------------------------

const SIGHASH_NONE = 2;
const SIGHASH_SINGLE = 3;
const SIGHASH_ANYONECANPAY = 0x80;

/** Core's legacy SignatureHash (script code without OP_CODESEPARATOR), SINGLE bug included. */
export function legacySighash(tx: Transaction, index: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
  const base = hashType & 0x1f;
  if (base === SIGHASH_SINGLE && index >= tx.outputs.length) {
    const one = new Uint8Array(32);
    one[0] = 1;
    return one;
  }
  const acp = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const w = new Bytes().u32(tx.version);
  const ins = acp ? [index] : tx.inputs.map((_, i) => i);
  w.varint(ins.length);
  for (const i of ins) {
    const input = tx.inputs[i];
    if (input === undefined) throw new Error('legacySighash: input out of range');
    w.bytes(input.prevout.txid).u32(input.prevout.vout);
    w.varbytes(i === index ? scriptCode : new Uint8Array(0));
    w.u32(i !== index && (base === SIGHASH_NONE || base === SIGHASH_SINGLE) ? 0 : input.sequence);
  }
  if (base === SIGHASH_NONE) w.varint(0);
  else if (base === SIGHASH_SINGLE) {
    w.varint(index + 1);
    for (let o = 0; o < index; o++) w.i64(-1n).varint(0);
    writeOutput(w, tx.outputs[index] as TxOut);
  } else {
    w.varint(tx.outputs.length);
    for (const o of tx.outputs) writeOutput(w, o);
  }
  w.u32(tx.lockTime).u32(hashType >>> 0);
  return sha256d(w.done());
}

/** BIP143 signature hash. */
export function bip143Sighash(tx: Transaction, index: number, scriptCode: Uint8Array, amount: bigint, hashType: number): Uint8Array {
  const base = hashType & 0x1f;
  const acp = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const zero = new Uint8Array(32);
  const prevouts = new Bytes();
  const sequences = new Bytes();
  for (const i of tx.inputs) {
    prevouts.bytes(i.prevout.txid).u32(i.prevout.vout);
    sequences.u32(i.sequence);
  }
  const outputs = new Bytes();
  for (const o of tx.outputs) writeOutput(outputs, o);
  const hashPrevouts = acp ? zero : sha256d(prevouts.done());
  const hashSequence = acp || base === SIGHASH_SINGLE || base === SIGHASH_NONE ? zero : sha256d(sequences.done());
  let hashOutputs: Uint8Array = zero;
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) hashOutputs = sha256d(outputs.done());
  else if (base === SIGHASH_SINGLE && index < tx.outputs.length) {
    const one = new Bytes();
    writeOutput(one, tx.outputs[index] as TxOut);
    hashOutputs = sha256d(one.done());
  }
  const input = tx.inputs[index];
  if (input === undefined) throw new Error('bip143Sighash: input out of range');
  const w = new Bytes().u32(tx.version).bytes(hashPrevouts).bytes(hashSequence);
  w.bytes(input.prevout.txid).u32(input.prevout.vout).varbytes(scriptCode).i64(amount).u32(input.sequence);
  w.bytes(hashOutputs).u32(tx.lockTime).u32(hashType >>> 0);
  return sha256d(w.done());
}

/** What a BIP341/342 signature hash needs besides the transaction. */
export interface TaprootSpend {
  readonly spentOutputs: readonly TxOut[];
  readonly annex?: Uint8Array;
  /** Script path: the tapleaf hash and the position of the last executed OP_CODESEPARATOR. */
  readonly leafHash?: Uint8Array;
  readonly codeseparatorPos?: number;
}

/** BIP341 SigMsg hashed with the TapSighash tag (BIP342's extension for script paths). */
export function taprootSighash(tx: Transaction, index: number, hashType: number, spend: TaprootSpend): Uint8Array {
  const outType = hashType === 0 ? 1 : hashType & 3;
  const acp = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const w = new Bytes().u8(0).u8(hashType).u32(tx.version).u32(tx.lockTime);
  if (!acp) {
    const prevouts = new Bytes();
    const amounts = new Bytes();
    const scripts = new Bytes();
    const sequences = new Bytes();
    tx.inputs.forEach((input, i) => {
      const spent = spend.spentOutputs[i] as TxOut;
      prevouts.bytes(input.prevout.txid).u32(input.prevout.vout);
      amounts.i64(spent.value);
      scripts.varbytes(spent.scriptPubKey);
      sequences.u32(input.sequence);
    });
    w.bytes(sha256(prevouts.done())).bytes(sha256(amounts.done())).bytes(sha256(scripts.done())).bytes(sha256(sequences.done()));
  }
  if (outType === 1) {
    const outputs = new Bytes();
    for (const o of tx.outputs) writeOutput(outputs, o);
    w.bytes(sha256(outputs.done()));
  }
  const scriptPath = spend.leafHash !== undefined;
  w.u8((scriptPath ? 2 : 0) + (spend.annex !== undefined ? 1 : 0));
  const input = tx.inputs[index];
  if (input === undefined) throw new Error('taprootSighash: input out of range');
  if (acp) {
    const spent = spend.spentOutputs[index] as TxOut;
    w.bytes(input.prevout.txid).u32(input.prevout.vout);
    writeOutput(w, spent);
    w.u32(input.sequence);
  } else {
    w.u32(index);
  }
  if (spend.annex !== undefined) w.bytes(sha256(new Bytes().varbytes(spend.annex).done()));
  if (outType === SIGHASH_SINGLE) {
    const out = tx.outputs[index];
    if (out === undefined) throw new Error('taprootSighash: SIGHASH_SINGLE without an output');
    const one = new Bytes();
    writeOutput(one, out);
    w.bytes(sha256(one.done()));
  }
  if (scriptPath) {
    w.bytes(spend.leafHash as Uint8Array).u8(0).u32(spend.codeseparatorPos ?? 0xffffffff);
  }
  return tagged('TapSighash', w.done());
}

// --- taproot trees ------------------------------------------------------------------------

export const TAPSCRIPT_LEAF_VERSION = 0xc0;

export function tapleafHash(script: Uint8Array, leafVersion = TAPSCRIPT_LEAF_VERSION): Uint8Array {
  return tagged('TapLeaf', new Bytes().u8(leafVersion).varbytes(script).done());
}

export function tapbranchHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  for (let i = 0; i < 32; i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? tagged('TapBranch', a, b) : tagged('TapBranch', b, a);
  }
  return tagged('TapBranch', a, b);
}

export function taptweakHash(internalKey: Uint8Array, merkleRoot?: Uint8Array): Uint8Array {
  return merkleRoot === undefined ? tagged('TapTweak', internalKey) : tagged('TapTweak', internalKey, merkleRoot);
}
