/**
 * Real mainnet/testnet signatures: every input of the bcoin fixtures (txN + undo, blockN + undo)
 * whose spent output is P2PK, P2PKH, P2WPKH, P2SH-P2WPKH or a taproot key path is checked with the
 * transaction signature checker on both backends. The counts per kind are asserted.
 */
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../kernel/encoding/reader.js';
import { SECP256K1_BACKENDS } from '../../kernel/crypto/secp256k1.js';
import { sha256 } from '../../kernel/crypto/hashes.js';
import { decodeBlock } from '../../kernel/primitives/block.js';
import { decodeTransaction, isCoinbase } from '../../kernel/primitives/transaction.js';
import type { Transaction, TxOut } from '../../kernel/primitives/types.js';
import { readScriptOp } from '../../kernel/script/parse.js';
import { precomputeTransactionData } from '../../kernel/script/sighash.js';
import { createTransactionSignatureChecker } from '../../kernel/script/tx-checker.js';
import { readVector } from '../support/vectors.js';

function readUndo(data: Uint8Array): TxOut[] {
  const r = new ByteReader(data);
  const outs: TxOut[] = [];
  while (r.remaining > 0) outs.push({ value: r.i64le(), scriptPubKey: r.varBytes() });
  return outs;
}

function pushes(script: Uint8Array): Uint8Array[] | undefined {
  const items: Uint8Array[] = [];
  for (let pc = 0; pc < script.length; ) {
    const op = readScriptOp(script, pc);
    if (op === undefined || op.opcode > 0x4e) return undefined;
    items.push(script.subarray(op.dataStart, op.next));
    pc = op.next;
  }
  return items;
}

const isP2PKH = (s: Uint8Array) => s.length === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac;
const isP2PK = (s: Uint8Array) => (s.length === 35 && s[0] === 33 && s[34] === 0xac) || (s.length === 67 && s[0] === 65 && s[66] === 0xac);
const isP2WPKH = (s: Uint8Array) => s.length === 22 && s[0] === 0 && s[1] === 20;
const isP2SH = (s: Uint8Array) => s.length === 23 && s[0] === 0xa9 && s[1] === 20 && s[22] === 0x87;
const isP2TR = (s: Uint8Array) => s.length === 34 && s[0] === 0x51 && s[1] === 32;
const p2pkhCode = (keyHash: Uint8Array) => Uint8Array.from([0x76, 0xa9, 0x14, ...keyHash, 0x88, 0xac]);

type Kind = 'p2pk' | 'p2pkh' | 'p2wpkh' | 'p2sh-p2wpkh' | 'p2tr-keypath' | 'other';
type Counts = Record<Kind, number>;

/** Checks every signature of the recognized kinds; returns counts of checked and of failed inputs. */
function checkAll(txs: readonly Transaction[], spent: readonly TxOut[], backendIndex: number): { counts: Counts; failed: string[] } {
  const backend = SECP256K1_BACKENDS[backendIndex]!;
  const counts: Counts = { p2pk: 0, p2pkh: 0, p2wpkh: 0, 'p2sh-p2wpkh': 0, 'p2tr-keypath': 0, other: 0 };
  const failed: string[] = [];
  let at = 0;
  for (const [t, tx] of txs.entries()) {
    if (isCoinbase(tx)) continue;
    const mine = spent.slice(at, at + tx.inputs.length);
    at += tx.inputs.length;
    const pre = precomputeTransactionData(tx, mine);
    for (const [i, input] of tx.inputs.entries()) {
      const prev = mine[i]!;
      const spk = prev.scriptPubKey;
      const checker = createTransactionSignatureChecker(tx, i, prev.value, pre, backend);
      const sigPushes = pushes(input.scriptSig);
      let kind: Kind = 'other';
      let good = true;
      if (isP2PKH(spk) && sigPushes?.length === 2) {
        kind = 'p2pkh';
        good = checker.checkEcdsaSignature(sigPushes[0]!, sigPushes[1]!, spk, 'BASE');
      } else if (isP2PK(spk) && sigPushes?.length === 1) {
        kind = 'p2pk';
        good = checker.checkEcdsaSignature(sigPushes[0]!, spk.subarray(1, spk.length - 1), spk, 'BASE');
      } else if (isP2WPKH(spk) && input.witness.length === 2) {
        kind = 'p2wpkh';
        good = checker.checkEcdsaSignature(input.witness[0]!, input.witness[1]!, p2pkhCode(spk.subarray(2)), 'WITNESS_V0');
      } else if (isP2SH(spk) && sigPushes?.length === 1 && isP2WPKH(sigPushes[0]!) && input.witness.length === 2) {
        kind = 'p2sh-p2wpkh';
        good = checker.checkEcdsaSignature(input.witness[0]!, input.witness[1]!, p2pkhCode(sigPushes[0]!.subarray(2)), 'WITNESS_V0');
      } else if (isP2TR(spk) && input.witness.length >= 1) {
        const hasAnnex = input.witness.length >= 2 && input.witness[input.witness.length - 1]![0] === 0x50;
        const stack = hasAnnex ? input.witness.slice(0, -1) : input.witness;
        if (stack.length === 1) {
          kind = 'p2tr-keypath';
          const annex = hasAnnex ? input.witness[input.witness.length - 1]! : undefined;
          const annexHash = annex ? sha256(Uint8Array.from([...compactSize(annex.length), ...annex])) : undefined;
          const r = checker.checkSchnorrSignature(stack[0]!, spk.subarray(2), 'TAPROOT', { annexHash, tapleafHash: undefined, codeseparatorPos: 0xffffffff });
          good = r.ok;
        }
      }
      counts[kind]++;
      if (!good) failed.push(`tx ${t} input ${i} (${kind})`);
    }
  }
  expect(at).toBe(spent.length);
  return { counts, failed };
}

function compactSize(n: number): number[] {
  if (n < 0xfd) return [n];
  if (n <= 0xffff) return [0xfd, n & 0xff, n >> 8];
  return [0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
}

function decodeTx(file: string): Transaction {
  const r = decodeTransaction(readVector(file));
  if (!r.ok) throw new Error(`${file}: ${r.error.code}`);
  return r.value;
}

function blockTxs(file: string): Transaction[] {
  const r = decodeBlock(readVector(file));
  if (!r.ok) throw new Error(`${file}: ${r.error.code}`);
  return [...r.value.transactions];
}

const c = (p2pk: number, p2pkh: number, p2wpkh: number, p2shP2wpkh: number, p2trKeypath: number, other: number): Counts => ({
  p2pk,
  p2pkh,
  p2wpkh,
  'p2sh-p2wpkh': p2shP2wpkh,
  'p2tr-keypath': p2trKeypath,
  other,
});

/** Inputs per kind in each fixture; 'other' (multisig, P2SH scripts, ...) is left to the interpreter's suites. */
const EXPECTED: Record<string, Counts> = {
  tx1: c(0, 1, 0, 0, 0, 0),
  tx2: c(0, 1, 0, 0, 0, 0),
  tx3: c(0, 1, 0, 0, 0, 1),
  tx4: c(0, 0, 0, 0, 0, 1),
  tx6: c(0, 0, 0, 0, 0, 2),
  tx7: c(0, 1, 0, 0, 0, 0),
  tx10: c(0, 0, 0, 0, 0, 3),
  block300025: c(0, 1424, 0, 0, 0, 3),
  block928816: c(0, 58, 8629, 0, 0, 5),
  block928828: c(0, 75, 0, 0, 0, 1897),
  block928831: c(0, 2, 9977, 2, 0, 3),
};

/** Fixture → expected counts of the kinds checked (asserted exactly, never filtered). */
const FIXTURES: readonly { readonly name: string; readonly load: () => { txs: Transaction[]; spent: TxOut[] }; readonly expected: Counts }[] = [
  ...[1, 2, 3, 4, 6, 7, 10].map((n) => ({
    name: `bcoin/tx${n}.raw`,
    load: () => ({ txs: [decodeTx(`bcoin/tx${n}.raw`)], spent: readUndo(readVector(`bcoin/tx${n}-undo.raw`)) }),
    expected: EXPECTED[`tx${n}`]!,
  })),
  ...['block300025', 'block928816', 'block928828', 'block928831'].map((b) => ({
    name: `bcoin/${b}.raw`,
    load: () => ({ txs: blockTxs(`bcoin/${b}.raw`), spent: readUndo(readVector(`bcoin/${b}-undo.raw`)) }),
    expected: EXPECTED[b]!,
  })),
];

describe('§3.5 §3.6 §3.7 §3.9 real signatures of the bcoin fixtures', () => {
  for (const fixture of FIXTURES) {
    const { txs, spent } = fixture.load();
    for (const [b, backend] of SECP256K1_BACKENDS.entries()) {
      it(`${fixture.name} (${backend.name}): every signature of the recognized kinds verifies`, () => {
        const { counts, failed } = checkAll(txs, spent, b);
        expect(failed).toEqual([]);
        expect(counts).toEqual(fixture.expected);
      });
    }
  }
});
