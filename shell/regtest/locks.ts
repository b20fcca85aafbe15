/**
 * Output scripts ("locks") the regtest builder pays to, and how it signs for each: every lock
 * knows its scriptPubKey and produces the scriptSig and witness that spend it.
 */
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import type { Transaction, TxOut } from '../../kernel/primitives/types.js';
import {
  TAPSCRIPT_LEAF_VERSION,
  bip143Sighash,
  concat as concatBytes,
  hash160,
  legacySighash,
  push as pushData,
  pushNumber,
  tapbranchHash as computeTapbranchHash,
  tapleafHash,
  taprootSighash,
  taptweakHash as computeTapTweakHash,
} from './encoding.js';

/** The order n of the secp256k1 group. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const TAPROOT_LEAF_TAPSCRIPT = TAPSCRIPT_LEAF_VERSION;
const computeTapleafHash = (version: number, script: Uint8Array): Uint8Array => tapleafHash(script, version);

// Opcodes (Core's script.h), written out here so the builder does not lean on the kernel's table.
const OP_0 = 0x00;
const OP_FALSE = OP_0;
const OP_2 = 0x52;
const OP_3 = 0x53;
const OP_IF = 0x63;
const OP_ENDIF = 0x68;
const OP_RETURN = 0x6a;
const OP_DROP = 0x75;
const OP_DUP = 0x76;
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_NUMEQUAL = 0x9c;
const OP_HASH160 = 0xa9;
const OP_CODESEPARATOR = 0xab;
const OP_CHECKSIG = 0xac;
const OP_CHECKMULTISIG = 0xae;
const OP_CHECKLOCKTIMEVERIFY = 0xb1;
const OP_CHECKSEQUENCEVERIFY = 0xb2;
const OP_CHECKSIGADD = 0xba;

/** Strict DER of a compact r‖s signature (BIP66), as Core's CKey::Sign writes it. */
export function encodeDerSignature(compact: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = Array.from(bytes.subarray(i));
    if (((body[0] as number) & 0x80) !== 0) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const r = integer(compact.subarray(0, 32));
  const sv = integer(compact.subarray(32, 64));
  return Uint8Array.from([0x30, r.length + sv.length, ...r, ...sv]);
}

/** The script kinds the builder spends (one count per spent input). */
export const SPEND_KINDS = ['p2pk', 'p2pkh', 'p2wpkh', 'p2sh-multisig', 'p2wsh', 'p2tr-key', 'p2tr-script', 'inscription'] as const;
export type SpendKind = (typeof SPEND_KINDS)[number];

/** A key pair derived from the builder's seed. */
export interface KeyPair {
  readonly seckey: Uint8Array;
  /** Compressed SEC1 public key (33 bytes). */
  readonly pubkey: Uint8Array;
  /** Uncompressed SEC1 public key (65 bytes). */
  readonly pubkeyUncompressed: Uint8Array;
  /** BIP340 x-only public key (32 bytes). */
  readonly xOnly: Uint8Array;
}

/** Hash types a spend signs with: one for ECDSA (legacy and v0), one for Schnorr (taproot). */
export interface HashTypes {
  readonly ecdsa: number;
  readonly schnorr: number;
}

/** What signing one input needs. */
export interface SignContext {
  readonly tx: Transaction;
  readonly index: number;
  readonly amount: bigint;
  /** The outputs every input of `tx` spends, in input order (BIP341 signs them all). */
  readonly spentOutputs: readonly TxOut[];
  readonly hashTypes: HashTypes;
  readonly backend: Secp256k1Backend;
  /** Taproot spends only: a BIP341 annex (first byte 0x50) to append to the witness and sign. */
  readonly annex?: Uint8Array;
}

/** What a lock demands of the spending transaction besides signatures. */
export interface SpendRequirements {
  /** OP_CHECKSEQUENCEVERIFY: the input's sequence is this many blocks (BIP68 height lock), version 2. */
  readonly relativeBlocks?: number;
  /** OP_CHECKLOCKTIMEVERIFY: the transaction's (height) lock time is at least this. */
  readonly lockTimeAtLeast?: number;
}

export interface InscriptionInfo {
  readonly contentType: string;
  readonly content: Uint8Array;
  /** Number of data pushes the body was split into (each at most 520 bytes). */
  readonly chunks: number;
  /** The envelope leaf script. */
  readonly leafScript: Uint8Array;
}

export interface Lock {
  readonly kind: SpendKind;
  /** A finer label (e.g. `multisig-2of3`, `csv`, `uncompressed`). */
  readonly variant: string;
  readonly scriptPubKey: Uint8Array;
  readonly requires: SpendRequirements;
  readonly inscription?: InscriptionInfo;
  sign(ctx: SignContext): { readonly scriptSig: Uint8Array; readonly witness: readonly Uint8Array[] };
}

const utf8 = new TextEncoder();

/** A key pair from 32 bytes of seed material (re-hashed until it is a valid secret key). */
export function deriveKey(material: Uint8Array, backend: Secp256k1Backend): KeyPair {
  let seckey = sha256(material);
  for (;;) {
    const d = bytesToNumberBE(seckey);
    if (d > 0n && d < SECP256K1_N) break;
    seckey = sha256(seckey);
  }
  const pubkey = backend.getPublicKey(seckey, true);
  const pubkeyUncompressed = backend.getPublicKey(seckey, false);
  if (pubkey === undefined || pubkeyUncompressed === undefined) throw new Error('deriveKey: invalid key');
  return { seckey, pubkey, pubkeyUncompressed, xOnly: pubkey.subarray(1) };
}

function ecdsaSig(backend: Secp256k1Backend, sighash: Uint8Array, key: KeyPair, hashType: number): Uint8Array {
  const compact = backend.signEcdsa(sighash, key.seckey);
  if (compact === undefined) throw new Error('signEcdsa failed');
  return concatBytes(encodeDerSignature(compact), Uint8Array.of(hashType));
}

function schnorrSig(backend: Secp256k1Backend, sighash: Uint8Array, seckey: Uint8Array, hashType: number): Uint8Array {
  // Deterministic aux randomness: derived from key and message, so a rebuild gives the same bytes.
  const sig = backend.signSchnorr(sighash, seckey, sha256(concatBytes(seckey, sighash)));
  if (sig === undefined) throw new Error('signSchnorr failed');
  return hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(hashType));
}

const script = (...parts: (Uint8Array | number)[]): Uint8Array =>
  concatBytes(...parts.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : p)));

function p2pkhScript(pubkey: Uint8Array): Uint8Array {
  return script(OP_DUP, OP_HASH160, pushData(hash160(pubkey)), OP_EQUALVERIFY, OP_CHECKSIG);
}

/** `<pubkey> OP_CHECKSIG`, as the genesis block and early coinbases pay. */
export function p2pkLock(key: KeyPair, uncompressed: boolean): Lock {
  const pub = uncompressed ? key.pubkeyUncompressed : key.pubkey;
  const scriptPubKey = script(pushData(pub), OP_CHECKSIG);
  return {
    kind: 'p2pk',
    variant: uncompressed ? 'uncompressed' : 'compressed',
    scriptPubKey,
    requires: {},
    sign: (ctx) => {
      const sig = ecdsaSig(ctx.backend, legacySighash(ctx.tx, ctx.index, scriptPubKey, ctx.hashTypes.ecdsa), key, ctx.hashTypes.ecdsa);
      return { scriptSig: pushData(sig), witness: [] };
    },
  };
}

export function p2pkhLock(key: KeyPair, uncompressed: boolean): Lock {
  const pub = uncompressed ? key.pubkeyUncompressed : key.pubkey;
  const scriptPubKey = p2pkhScript(pub);
  return {
    kind: 'p2pkh',
    variant: uncompressed ? 'uncompressed' : 'compressed',
    scriptPubKey,
    requires: {},
    sign: (ctx) => {
      const sig = ecdsaSig(ctx.backend, legacySighash(ctx.tx, ctx.index, scriptPubKey, ctx.hashTypes.ecdsa), key, ctx.hashTypes.ecdsa);
      return { scriptSig: concatBytes(pushData(sig), pushData(pub)), witness: [] };
    },
  };
}

export function p2wpkhLock(key: KeyPair): Lock {
  const scriptPubKey = script(OP_0, pushData(hash160(key.pubkey)));
  const scriptCode = p2pkhScript(key.pubkey);
  return {
    kind: 'p2wpkh',
    variant: 'v0',
    scriptPubKey,
    requires: {},
    sign: (ctx) => {
      const h = bip143Sighash(ctx.tx, ctx.index, scriptCode, ctx.amount, ctx.hashTypes.ecdsa);
      return { scriptSig: new Uint8Array(0), witness: [ecdsaSig(ctx.backend, h, key, ctx.hashTypes.ecdsa), key.pubkey] };
    },
  };
}

function multisigScript(keys: readonly KeyPair[]): Uint8Array {
  return script(OP_2, ...keys.map((k) => pushData(k.pubkey)), OP_3, OP_CHECKMULTISIG);
}

/** The two signing keys of a 2-of-3, in key order (CHECKMULTISIG needs the signatures in that order). */
function twoOfThree(keys: readonly KeyPair[], skip: number): KeyPair[] {
  return keys.filter((_, i) => i !== skip);
}

/** P2SH 2-of-3 multisig: `OP_0 <sig> <sig> <redeemScript>` (the OP_0 dummy satisfies NULLDUMMY). */
export function p2shMultisigLock(keys: readonly [KeyPair, KeyPair, KeyPair], skip: number): Lock {
  const redeemScript = multisigScript(keys);
  const scriptPubKey = script(OP_HASH160, pushData(hash160(redeemScript)), OP_EQUAL);
  return {
    kind: 'p2sh-multisig',
    variant: 'multisig-2of3',
    scriptPubKey,
    requires: {},
    sign: (ctx) => {
      const h = legacySighash(ctx.tx, ctx.index, redeemScript, ctx.hashTypes.ecdsa);
      const sigs = twoOfThree(keys, skip).map((k) => pushData(ecdsaSig(ctx.backend, h, k, ctx.hashTypes.ecdsa)));
      return { scriptSig: concatBytes(Uint8Array.of(OP_0), ...sigs, pushData(redeemScript)), witness: [] };
    },
  };
}

export type P2wshVariant = 'multisig-2of3' | 'csv' | 'cltv';

/**
 * P2WSH with one of three witness scripts: a 2-of-3 multisig; `<n> OP_CSV OP_DROP <pk> OP_CHECKSIG`
 * (BIP112, relative height lock); `<h> OP_CLTV OP_DROP <pk> OP_CHECKSIG` (BIP65, height lock).
 */
export function p2wshLock(keys: readonly [KeyPair, KeyPair, KeyPair], variant: P2wshVariant, lockValue: number, skip: number): Lock {
  const key = keys[0];
  const witnessScript =
    variant === 'multisig-2of3'
      ? multisigScript(keys)
      : script(pushNumber(lockValue), variant === 'csv' ? OP_CHECKSEQUENCEVERIFY : OP_CHECKLOCKTIMEVERIFY, OP_DROP, pushData(key.pubkey), OP_CHECKSIG);
  const scriptPubKey = script(OP_0, pushData(sha256(witnessScript)));
  const requires: SpendRequirements = variant === 'csv' ? { relativeBlocks: lockValue } : variant === 'cltv' ? { lockTimeAtLeast: lockValue } : {};
  return {
    kind: 'p2wsh',
    variant,
    scriptPubKey,
    requires,
    sign: (ctx) => {
      const h = bip143Sighash(ctx.tx, ctx.index, witnessScript, ctx.amount, ctx.hashTypes.ecdsa);
      if (variant === 'multisig-2of3') {
        const sigs = twoOfThree(keys, skip).map((k) => ecdsaSig(ctx.backend, h, k, ctx.hashTypes.ecdsa));
        return { scriptSig: new Uint8Array(0), witness: [new Uint8Array(0), ...sigs, witnessScript] };
      }
      return { scriptSig: new Uint8Array(0), witness: [ecdsaSig(ctx.backend, h, key, ctx.hashTypes.ecdsa), witnessScript] };
    },
  };
}

/** BIP341 taproot_tweak_seckey: the secret key of the output key for key-path signing. */
export function tweakSeckey(key: KeyPair, merkleRoot: Uint8Array | undefined): Uint8Array {
  const d = key.pubkey[0] === 3 ? SECP256K1_N - bytesToNumberBE(key.seckey) : bytesToNumberBE(key.seckey);
  const t = bytesToNumberBE(computeTapTweakHash(key.xOnly, merkleRoot));
  return numberToBytesBE((d + t) % SECP256K1_N, 32);
}

function withAnnex(witness: readonly Uint8Array[], annex: Uint8Array | undefined): readonly Uint8Array[] {
  return annex === undefined ? witness : [...witness, annex];
}

function taprootOutput(internal: KeyPair, merkleRoot: Uint8Array | undefined, backend: Secp256k1Backend): { scriptPubKey: Uint8Array; parity: number } {
  const out = backend.xOnlyTweakAdd(internal.xOnly, computeTapTweakHash(internal.xOnly, merkleRoot));
  if (out === undefined) throw new Error('taproot tweak failed');
  return { scriptPubKey: script(0x51, pushData(out.xOnly)), parity: out.parity };
}

/** P2TR key path (BIP86-style: no script tree). */
export function p2trKeyLock(internal: KeyPair, backend: Secp256k1Backend): Lock {
  const { scriptPubKey } = taprootOutput(internal, undefined, backend);
  const tweaked = tweakSeckey(internal, undefined);
  return {
    kind: 'p2tr-key',
    variant: 'bip86',
    scriptPubKey,
    requires: {},
    sign: (ctx) => {
      const h = taprootSighash(ctx.tx, ctx.index, ctx.hashTypes.schnorr, { spentOutputs: ctx.spentOutputs, ...(ctx.annex === undefined ? {} : { annex: ctx.annex }) });
      return { scriptSig: new Uint8Array(0), witness: withAnnex([schnorrSig(ctx.backend, h, tweaked, ctx.hashTypes.schnorr)], ctx.annex) };
    },
  };
}

/** The BIP342 signature of `seckey` for a tapscript leaf, with the code-separator position in force. */
function tapscriptSig(ctx: SignContext, leafScript: Uint8Array, seckey: Uint8Array, codeseparatorPos = 0xffffffff): Uint8Array {
  const h = taprootSighash(ctx.tx, ctx.index, ctx.hashTypes.schnorr, {
    spentOutputs: ctx.spentOutputs,
    leafHash: tapleafHash(leafScript),
    codeseparatorPos,
    ...(ctx.annex === undefined ? {} : { annex: ctx.annex }),
  });
  return schnorrSig(ctx.backend, h, seckey, ctx.hashTypes.schnorr);
}

function tapscriptSpend(ctx: SignContext, leafScript: Uint8Array, seckey: Uint8Array, control: Uint8Array): readonly Uint8Array[] {
  return withAnnex([tapscriptSig(ctx, leafScript, seckey), leafScript, control], ctx.annex);
}

export type TapLeafVariant = 'leaf-checksig' | 'leaf-codeseparator' | 'leaf-checksigadd-2of3';
const TAP_LEAF_VARIANTS: readonly TapLeafVariant[] = ['leaf-checksig', 'leaf-codeseparator', 'leaf-checksigadd-2of3'];

/**
 * P2TR with a three-leaf tree ((A, B), C), spent by the script path through leaf `use`:
 * A `<x> OP_CHECKSIG`; B `OP_CODESEPARATOR <x> OP_CHECKSIG` (signed with code-separator
 * position 0); C `<x1> OP_CHECKSIG <x2> OP_CHECKSIGADD <x3> OP_CHECKSIGADD OP_2 OP_NUMEQUAL`
 * (BIP342 2-of-3; the key `skip` gives an empty signature). Control blocks carry the path:
 * two nodes for A and B, one for C.
 */
export function p2trScriptLock(
  internal: KeyPair,
  keys: readonly [KeyPair, KeyPair, KeyPair, KeyPair, KeyPair],
  use: 0 | 1 | 2,
  skip: number,
  backend: Secp256k1Backend,
): Lock {
  const [ka, kb, k1, k2, k3] = keys;
  const leafA = script(pushData(ka.xOnly), OP_CHECKSIG);
  const leafB = script(OP_CODESEPARATOR, pushData(kb.xOnly), OP_CHECKSIG);
  const leafC = script(pushData(k1.xOnly), OP_CHECKSIG, pushData(k2.xOnly), OP_CHECKSIGADD, pushData(k3.xOnly), OP_CHECKSIGADD, OP_2, OP_NUMEQUAL);
  const [hA, hB, hC] = [leafA, leafB, leafC].map((l) => computeTapleafHash(TAPROOT_LEAF_TAPSCRIPT, l)) as [Uint8Array, Uint8Array, Uint8Array];
  const hAB = computeTapbranchHash(hA, hB);
  const root = computeTapbranchHash(hAB, hC);
  const { scriptPubKey, parity } = taprootOutput(internal, root, backend);
  const controlByte = Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT | parity);
  const variant = TAP_LEAF_VARIANTS[use] as TapLeafVariant;
  return {
    kind: 'p2tr-script',
    variant,
    scriptPubKey,
    requires: {},
    sign: (ctx) => {
      let witness: readonly Uint8Array[];
      if (use === 0) {
        witness = [tapscriptSig(ctx, leafA, ka.seckey), leafA, concatBytes(controlByte, internal.xOnly, hB, hC)];
      } else if (use === 1) {
        // The last executed OP_CODESEPARATOR is opcode 0 of the leaf.
        witness = [tapscriptSig(ctx, leafB, kb.seckey, 0), leafB, concatBytes(controlByte, internal.xOnly, hA, hC)];
      } else {
        // Stack bottom to top: the signatures for x3, x2, x1 (x1's OP_CHECKSIG pops first).
        const sigs = [k3, k2, k1].map((k, i) => (2 - i === skip ? new Uint8Array(0) : tapscriptSig(ctx, leafC, k.seckey)));
        witness = [...sigs, leafC, concatBytes(controlByte, internal.xOnly, hAB)];
      }
      return { scriptSig: new Uint8Array(0), witness: withAnnex(witness, ctx.annex) };
    },
  };
}

/**
 * Ordinals-style envelope: `OP_FALSE OP_IF "ord" 0x01 <content type> OP_0 <chunk>... OP_ENDIF`
 * followed by `<xonly> OP_CHECKSIG`; the tag pushes are written as ord writes them (1-byte data push).
 * Body chunks are `chunkSize` bytes (ord: 520, Core's MAX_SCRIPT_ELEMENT_SIZE; more fails with PUSH_SIZE).
 */
export function inscriptionLeafScript(xOnly: Uint8Array, contentType: string, content: Uint8Array, chunkSize = 520): { leafScript: Uint8Array; chunks: number } {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < content.length; at += chunkSize) chunks.push(pushData(content.subarray(at, at + chunkSize)));
  const leafScript = script(
    OP_FALSE,
    OP_IF,
    pushData(utf8.encode('ord')),
    pushData(Uint8Array.of(1)),
    pushData(utf8.encode(contentType)),
    OP_0,
    ...chunks,
    OP_ENDIF,
    pushData(xOnly),
    OP_CHECKSIG,
  );
  return { leafScript, chunks: chunks.length };
}

/** The commit output of a commit/reveal inscription: P2TR whose single leaf is the envelope script. */
export function inscriptionLock(internal: KeyPair, signer: KeyPair, contentType: string, content: Uint8Array, backend: Secp256k1Backend, chunkSize = 520): Lock {
  const { leafScript, chunks } = inscriptionLeafScript(signer.xOnly, contentType, content, chunkSize);
  const root = computeTapleafHash(TAPROOT_LEAF_TAPSCRIPT, leafScript);
  const { scriptPubKey, parity } = taprootOutput(internal, root, backend);
  const control = concatBytes(Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT | parity), internal.xOnly);
  return {
    kind: 'inscription',
    variant: content.length > 10_000 ? 'large' : 'small',
    scriptPubKey,
    requires: {},
    inscription: { contentType, content, chunks, leafScript },
    sign: (ctx) => ({ scriptSig: new Uint8Array(0), witness: tapscriptSpend(ctx, leafScript, signer.seckey, control) }),
  };
}

/** An OP_RETURN output script carrying `data`. */
export function opReturnScript(data: Uint8Array): Uint8Array {
  return script(OP_RETURN, pushData(data));
}
