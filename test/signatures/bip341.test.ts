import { describe, expect, it } from 'vitest';
import { SECP256K1_BACKENDS, SECP256K1_N, type Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { decodeTransaction } from '../../kernel/primitives/transaction.js';
import type { Transaction, TxOut } from '../../kernel/primitives/types.js';
import { precomputeTransactionData, taprootSignatureHash, taprootSignatureMessage } from '../../kernel/script/sighash.js';
import {
  computeTapTweakHash,
  computeTapbranchHash,
  computeTapleafHash,
  computeTaprootMerkleRoot,
  computeTaprootOutputKey,
  verifyTaprootCommitment,
} from '../../kernel/script/taproot.js';
import { createTransactionSignatureChecker } from '../../kernel/script/tx-checker.js';
import { readJsonVector } from '../support/vectors.js';
import { hex, toHexString } from './helpers.js';

interface Leaf {
  readonly id: number;
  readonly script: string;
  readonly leafVersion: number;
}
type Tree = Leaf | readonly [Tree, Tree];
interface ScriptPubKeyCase {
  readonly given: { readonly internalPubkey: string; readonly scriptTree: Tree | null };
  readonly intermediary: {
    readonly leafHashes?: readonly string[];
    readonly merkleRoot: string | null;
    readonly tweak: string;
    readonly tweakedPubkey: string;
  };
  readonly expected: { readonly scriptPubKey: string; readonly bip350Address: string; readonly scriptPathControlBlocks?: readonly string[] };
}
interface InputSpending {
  readonly given: { readonly txinIndex: number; readonly internalPrivkey: string; readonly merkleRoot: string | null; readonly hashType: number };
  readonly intermediary: {
    readonly internalPubkey: string;
    readonly tweak: string;
    readonly tweakedPrivkey: string;
    readonly sigMsg: string;
    readonly precomputedUsed: readonly string[];
    readonly sigHash: string;
  };
  readonly expected: { readonly witness: readonly string[] };
}
interface KeyPathSpending {
  readonly given: { readonly rawUnsignedTx: string; readonly utxosSpent: readonly { readonly scriptPubKey: string; readonly amountSats: number }[] };
  readonly intermediary: Record<'hashAmounts' | 'hashOutputs' | 'hashPrevouts' | 'hashScriptPubkeys' | 'hashSequences', string>;
  readonly auxiliary: { readonly fullySignedTx: string };
  readonly inputSpending: readonly InputSpending[];
}
interface Bip341Vectors {
  readonly version: number;
  readonly scriptPubKey: readonly ScriptPubKeyCase[];
  readonly keyPathSpending: readonly KeyPathSpending[];
}

const vectors = readJsonVector<Bip341Vectors>('bitcoin-core/bip341_wallet_vectors.json');

function isLeaf(t: Tree): t is Leaf {
  return !Array.isArray(t);
}

/** BIP341's taproot_tree_helper: (leaf id, control path) for every leaf, and the tree's hash. */
function treeHelper(tree: Tree): { leaves: { id: number; leaf: Leaf; path: Uint8Array }[]; hash: Uint8Array } {
  if (isLeaf(tree)) {
    return { leaves: [{ id: tree.id, leaf: tree, path: new Uint8Array(0) }], hash: computeTapleafHash(tree.leafVersion, hex(tree.script)) };
  }
  const [l, r] = tree as readonly [Tree, Tree];
  const left = treeHelper(l);
  const right = treeHelper(r);
  const leaves = [
    ...left.leaves.map((x) => ({ ...x, path: Uint8Array.from([...x.path, ...right.hash]) })),
    ...right.leaves.map((x) => ({ ...x, path: Uint8Array.from([...x.path, ...left.hash]) })),
  ];
  return { leaves, hash: computeTapbranchHash(left.hash, right.hash) };
}

function decode(txHex: string): Transaction {
  const r = decodeTransaction(hex(txHex));
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

const toBig = (b: Uint8Array): bigint => BigInt(`0x${toHexString(b) || '0'}`);
const to32 = (n: bigint): Uint8Array => hex(n.toString(16).padStart(64, '0'));

/** BIP341 taproot_tweak_seckey. */
function tweakSeckey(backend: Secp256k1Backend, seckey: Uint8Array, merkleRoot: Uint8Array | undefined): Uint8Array {
  const pub = backend.getPublicKey(seckey, true);
  if (pub === undefined) throw new Error('bad key');
  const d = pub[0] === 2 ? toBig(seckey) : SECP256K1_N - toBig(seckey);
  const t = toBig(computeTapTweakHash(pub.subarray(1), merkleRoot));
  return to32((d + t) % SECP256K1_N);
}

describe('bip341_wallet_vectors.json', () => {
  it('has 7 scriptPubKey cases and 1 key-path spending case with 7 inputs', () => {
    expect(vectors.scriptPubKey.length).toBe(7);
    expect(vectors.keyPathSpending.length).toBe(1);
    expect(vectors.keyPathSpending[0]?.inputSpending.length).toBe(7);
  });

  for (const backend of SECP256K1_BACKENDS) {
    describe(`§3.8 scriptPubKey construction (${backend.name})`, () => {
      it('reproduces leaf hashes, Merkle root, tweak, tweaked key, scriptPubKey and control blocks of 7 of 7 cases', () => {
        let passed = 0;
        let controlBlocks = 0;
        for (const c of vectors.scriptPubKey) {
          const internal = hex(c.given.internalPubkey);
          const tree = c.given.scriptTree === null ? undefined : treeHelper(c.given.scriptTree);
          const leaves = tree ? [...tree.leaves].sort((a, b) => a.id - b.id) : [];
          expect(leaves.map((x) => toHexString(computeTapleafHash(x.leaf.leafVersion, hex(x.leaf.script))))).toEqual(c.intermediary.leafHashes ?? []);
          expect(tree ? toHexString(tree.hash) : null).toBe(c.intermediary.merkleRoot);
          expect(toHexString(computeTapTweakHash(internal, tree?.hash))).toBe(c.intermediary.tweak);
          const out = computeTaprootOutputKey(internal, tree?.hash, backend);
          expect(out && toHexString(out.xOnly)).toBe(c.intermediary.tweakedPubkey);
          expect(`5120${out ? toHexString(out.xOnly) : ''}`).toBe(c.expected.scriptPubKey);
          const blocks = leaves.map((x) =>
            Uint8Array.from([x.leaf.leafVersion | (out?.parity ?? 0), ...internal, ...x.path]),
          );
          expect(blocks.map(toHexString)).toEqual(c.expected.scriptPathControlBlocks ?? []);
          // Core's VerifyTaprootCommitment accepts each control block for its leaf, and
          // ComputeTaprootMerkleRoot walks back to the same root.
          for (const [i, block] of blocks.entries()) {
            const leaf = leaves[i]!.leaf;
            const leafHash = computeTapleafHash(leaf.leafVersion, hex(leaf.script));
            expect(toHexString(computeTaprootMerkleRoot(block, leafHash))).toBe(c.intermediary.merkleRoot);
            expect(verifyTaprootCommitment(block, out!.xOnly, leafHash, backend)).toBe(true);
            // Wrong parity bit, wrong leaf, wrong program: rejected.
            const flipped = block.slice();
            flipped[0] = (flipped[0] ?? 0) ^ 1;
            expect(verifyTaprootCommitment(flipped, out!.xOnly, leafHash, backend)).toBe(false);
            expect(verifyTaprootCommitment(block, out!.xOnly, computeTapleafHash(0xc0, hex('51')), backend)).toBe(false);
            expect(verifyTaprootCommitment(block, internal, leafHash, backend)).toBe(false);
            controlBlocks++;
          }
          passed++;
        }
        expect(passed).toBe(7);
        expect(controlBlocks).toBe(12); // the control blocks listed in the file
      });
    });
  }

  const spend = vectors.keyPathSpending[0]!;
  const tx = decode(spend.given.rawUnsignedTx);
  const spentOutputs: TxOut[] = spend.given.utxosSpent.map((u) => ({ value: BigInt(u.amountSats), scriptPubKey: hex(u.scriptPubKey) }));
  const signed = decode(spend.auxiliary.fullySignedTx);
  const pre = precomputeTransactionData(tx, spentOutputs);
  const preSigned = precomputeTransactionData(signed, spentOutputs);

  it('§3.7 reproduces the five transaction-level hashes', () => {
    expect(toHexString(pre.spentAmountsSingleHash!)).toBe(spend.intermediary.hashAmounts);
    expect(toHexString(pre.outputsSingleHash)).toBe(spend.intermediary.hashOutputs);
    expect(toHexString(pre.prevoutsSingleHash)).toBe(spend.intermediary.hashPrevouts);
    expect(toHexString(pre.spentScriptsSingleHash!)).toBe(spend.intermediary.hashScriptPubkeys);
    expect(toHexString(pre.sequencesSingleHash)).toBe(spend.intermediary.hashSequences);
  });

  for (const backend of SECP256K1_BACKENDS) {
    it(`§3.5 §3.7 §3.8 key-path spending (${backend.name}): 7 of 7 inputs give every intermediary value and the expected witness`, () => {
      let passed = 0;
      for (const s of spend.inputSpending) {
        const { txinIndex, hashType } = s.given;
        const seckey = hex(s.given.internalPrivkey);
        const merkleRoot = s.given.merkleRoot === null ? undefined : hex(s.given.merkleRoot);
        const internal = backend.getPublicKey(seckey, true)!.subarray(1);
        expect(toHexString(internal)).toBe(s.intermediary.internalPubkey);
        expect(toHexString(computeTapTweakHash(internal, merkleRoot))).toBe(s.intermediary.tweak);
        const tweaked = tweakSeckey(backend, seckey, merkleRoot);
        expect(toHexString(tweaked)).toBe(s.intermediary.tweakedPrivkey);
        const context = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
        const msg = taprootSignatureMessage(tx, txinIndex, hashType, pre, context);
        expect(msg && toHexString(msg)).toBe(s.intermediary.sigMsg);
        // precomputedUsed: the shared hashes BIP341 puts in this message.
        const used = [
          ...((hashType & 0x80) === 0 ? ['hashAmounts', 'hashPrevouts', 'hashScriptPubkeys', 'hashSequences'] : []),
          ...((hashType & 3) === 1 || hashType === 0 ? ['hashOutputs'] : []),
        ].sort();
        expect(used).toEqual([...s.intermediary.precomputedUsed].sort());
        const sighash = taprootSignatureHash(tx, txinIndex, hashType, pre, context);
        expect(sighash && toHexString(sighash)).toBe(s.intermediary.sigHash);
        // BIP341: all signatures use an all-zero aux_rand.
        const sig = backend.signSchnorr(sighash!, tweaked, new Uint8Array(32))!;
        const witness0 = hashType === 0 ? sig : Uint8Array.from([...sig, hashType]);
        expect([toHexString(witness0)]).toEqual(s.expected.witness);
        // The fully signed transaction carries that witness, and the checker accepts it.
        expect(signed.inputs[txinIndex]?.witness.map(toHexString)).toEqual(s.expected.witness);
        const checker = createTransactionSignatureChecker(signed, txinIndex, spentOutputs[txinIndex]!.value, preSigned, backend);
        const program = spentOutputs[txinIndex]!.scriptPubKey.subarray(2);
        expect(checker.checkSchnorrSignature(witness0, program, 'TAPROOT', context)).toEqual({ ok: true, value: undefined });
        passed++;
      }
      expect(passed).toBe(7);
    });

    it(`§3.7 §3.9 fully signed tx (${backend.name}): the P2PKH and P2WPKH ECDSA inputs verify (legacy and BIP143 sighash)`, () => {
      // Input 2 spends P2PKH (scriptSig <sig> <pubkey>); input 5 spends P2WPKH (witness [sig, pubkey]).
      const p2pkh = signed.inputs[2]!;
      const sigLen = p2pkh.scriptSig[0]!;
      const sig2 = p2pkh.scriptSig.subarray(1, 1 + sigLen);
      const pub2 = p2pkh.scriptSig.subarray(2 + sigLen);
      const c2 = createTransactionSignatureChecker(signed, 2, spentOutputs[2]!.value, preSigned, backend);
      expect(c2.checkEcdsaSignature(sig2, pub2, spentOutputs[2]!.scriptPubKey, 'BASE')).toBe(true);
      expect(c2.checkEcdsaSignature(sig2, pub2, spentOutputs[2]!.scriptPubKey, 'WITNESS_V0')).toBe(false);

      const [sig5, pub5] = signed.inputs[5]!.witness as [Uint8Array, Uint8Array];
      const keyHash = spentOutputs[5]!.scriptPubKey.subarray(2);
      const scriptCode = Uint8Array.from([0x76, 0xa9, 0x14, ...keyHash, 0x88, 0xac]);
      const c5 = createTransactionSignatureChecker(signed, 5, spentOutputs[5]!.value, preSigned, backend);
      expect(c5.checkEcdsaSignature(sig5, pub5, scriptCode, 'WITNESS_V0')).toBe(true);
      expect(c5.checkEcdsaSignature(sig5, pub5, scriptCode, 'BASE')).toBe(false);
      // BIP143 signs the amount: one satoshi more and the signature fails.
      const c5b = createTransactionSignatureChecker(signed, 5, spentOutputs[5]!.value + 1n, preSigned, backend);
      expect(c5b.checkEcdsaSignature(sig5, pub5, scriptCode, 'WITNESS_V0')).toBe(false);
    });
  }

  it('§3.4 §3.7 returns undefined where Core’s SignatureHashSchnorr returns false', () => {
    const context = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
    for (const bad of [4, 0x80, 0x84, 0xff, 0x41, -1, 256]) {
      expect(taprootSignatureHash(tx, 0, bad, pre, context)).toBeUndefined();
    }
    // Without spent outputs (Core: m_spent_outputs_ready false).
    expect(taprootSignatureHash(tx, 0, 0, precomputeTransactionData(tx), context)).toBeUndefined();
    // SIGHASH_SINGLE with no output at the index (tx has 2 outputs).
    expect(taprootSignatureHash(tx, 3, 3, pre, context)).toBeUndefined();
    expect(taprootSignatureHash(tx, 1, 3, pre, context)).toBeDefined();
    // Tapscript without a tapleaf hash.
    expect(taprootSignatureHash(tx, 0, 0, pre, { ...context, sigVersion: 'TAPSCRIPT' })).toBeUndefined();
  });

  it('§3.7 puts ext_flag, annex, tapleaf hash, key_version and codesep position where BIP341/342 say', () => {
    const base = { sigVersion: 'TAPROOT' as const, annexHash: undefined, tapleafHash: undefined, codeseparatorPos: 0xffffffff };
    const keyPath = taprootSignatureMessage(tx, 0, 0, pre, base)!;
    const annex = new Uint8Array(32).fill(0xaa);
    const withAnnex = taprootSignatureMessage(tx, 0, 0, pre, { ...base, annexHash: annex })!;
    // spend_type byte: 0 key path, 1 with annex; the annex hash follows the input index.
    expect(withAnnex.length).toBe(keyPath.length + 32);
    expect(toHexString(withAnnex.subarray(withAnnex.length - 32))).toBe(toHexString(annex));
    const leaf = new Uint8Array(32).fill(0x11);
    const tapscript = taprootSignatureMessage(tx, 0, 0, pre, { ...base, sigVersion: 'TAPSCRIPT', tapleafHash: leaf, codeseparatorPos: 7 })!;
    expect(tapscript.length).toBe(keyPath.length + 32 + 1 + 4);
    expect(toHexString(tapscript.subarray(tapscript.length - 37))).toBe(`${'11'.repeat(32)}0007000000`);
    // spend_type = ext_flag·2 + annex bit, right after the shared hashes: 1 + 1 + 4 + 4 + 5·32 bytes in.
    expect(keyPath[170]).toBe(0);
    expect(withAnnex[170]).toBe(1);
    expect(tapscript[170]).toBe(2);
  });
});
