/**
 * A native libsecp256k1 backend with BIP340 for Node (SPEC.md §3.5, issue 14): the N-API addon of
 * `bcrypto` (bcoin's crypto library, an optional dependency built by node-gyp at `npm ci`;
 * package.json's allowScripts approves its install script). It links libsecp256k1 with the
 * schnorrsig and extrakeys modules, so ECDSA, BIP340 and the BIP341 x-only tweak are each one
 * native call, the same code bcoin verifies with. Only the addon is loaded
 * (`bcrypto/lib/native/binding`), never bcrypto's index, which falls back silently to JavaScript.
 *
 * Every method checks its input as the other backends do (secp256k1-backend.ts) before the call:
 * the addon normalizes a high S before verifying, where libsecp256k1 (and Core, after its own
 * lax DER parse) refuses it, so `isVerifiableCompactSignature` runs first. Its BIP340 calls take
 * 32-byte messages only; other lengths (BIP340's newer vectors, never consensus) go to the
 * libsecp256k1-wasm backend. Exceptions become false / undefined.
 * Tests: test/signatures/native-backend.test.ts (every conformance suite, the four bcoin blocks,
 * a differential fast-check test against tiny-secp256k1 and @noble/curves).
 * Source: libsecp256k1 secp256k1.c, modules/schnorrsig, modules/extrakeys; bcrypto src/bcrypto.c.
 */
import {
  type Secp256k1Backend,
  type XOnlyTweakResult,
  isValidSeckey,
  isVerifiableCompactSignature,
  normalizeEcdsaPubkey,
} from '../../kernel/crypto/secp256k1-backend.js';
import { libsecp256k1WasmBackend } from '../../kernel/crypto/libsecp256k1-wasm-backend.js';
import { type Loaded, requireBinding } from './native-backend.js';

/** The parts of bcrypto's addon used here (src/bcrypto.c); the context comes from `secp256k1()`. Each throws on invalid input. */
export interface BcryptoBinding {
  readonly USE_SECP256K1?: number;
  secp256k1(): unknown;
  secp256k1_verify(ctx: unknown, msg: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean;
  secp256k1_verify_der(ctx: unknown, msg: Uint8Array, derSignature: Uint8Array, pubkey: Uint8Array): boolean;
  secp256k1_schnorr_verify(ctx: unknown, msg: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean;
  secp256k1_xonly_tweak_sum(ctx: unknown, xOnlyPubkey: Uint8Array, tweak: Uint8Array): [Uint8Array, boolean];
  secp256k1_pubkey_create(ctx: unknown, seckey: Uint8Array, compressed: boolean): Uint8Array;
  secp256k1_sign(ctx: unknown, msg: Uint8Array, seckey: Uint8Array): Uint8Array;
  secp256k1_schnorr_sign(ctx: unknown, msg: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array;
}

/** The addon, or why it cannot load here (not built at install, or built without libsecp256k1). */
export function loadBcryptoSecp256k1(): Loaded<BcryptoBinding> {
  const loaded = requireBinding<BcryptoBinding>('bcrypto/lib/native/binding');
  if (loaded.ok && loaded.value.USE_SECP256K1 !== 1) return { ok: false, error: 'bcrypto was built without libsecp256k1' };
  return loaded;
}

/** The backend over a loaded addon. */
export function bcryptoSecp256k1Backend(binding: BcryptoBinding): Secp256k1Backend {
  const ctx = binding.secp256k1();
  return Object.freeze({
    name: 'bcrypto (libsecp256k1, native)',
    verifyEcdsa(msgHash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
      const key = normalizeEcdsaPubkey(pubkey);
      if (key === undefined || msgHash.length !== 32 || !isVerifiableCompactSignature(signature)) return false;
      try {
        return binding.secp256k1_verify(ctx, msgHash, signature, key);
      } catch {
        return false;
      }
    },
    // bcrypto_secp256k1_verify_der: contrib's ecdsa_signature_parse_der_lax, which stops at a
    // long-form length of 8 significant bytes where Core's copy stops at 4; a length of 4 or more
    // bytes exceeds any input under 16 MiB, so both refuse (a signature is at most 520 bytes).
    verifyEcdsaDerLax(msgHash: Uint8Array, derSignature: Uint8Array, pubkey: Uint8Array): boolean {
      if (msgHash.length !== 32 || derSignature.length === 0 || pubkey.length === 0) return false;
      try {
        return binding.secp256k1_verify_der(ctx, msgHash, derSignature, pubkey);
      } catch {
        return false;
      }
    },
    verifySchnorr(message: Uint8Array, signature: Uint8Array, xOnlyPubkey: Uint8Array): boolean {
      if (signature.length !== 64 || xOnlyPubkey.length !== 32) return false;
      if (message.length !== 32) return libsecp256k1WasmBackend.verifySchnorr(message, signature, xOnlyPubkey);
      try {
        return binding.secp256k1_schnorr_verify(ctx, message, signature, xOnlyPubkey);
      } catch {
        return false;
      }
    },
    xOnlyTweakAdd(xOnlyPubkey: Uint8Array, tweak: Uint8Array): XOnlyTweakResult | undefined {
      if (xOnlyPubkey.length !== 32 || tweak.length !== 32) return undefined;
      try {
        const [xOnly, negated] = binding.secp256k1_xonly_tweak_sum(ctx, xOnlyPubkey, tweak);
        return { parity: negated ? 1 : 0, xOnly: Uint8Array.from(xOnly) };
      } catch {
        return undefined; // the key off the curve, the tweak >= n, or the sum at infinity
      }
    },
    getPublicKey(seckey: Uint8Array, compressed: boolean): Uint8Array | undefined {
      if (!isValidSeckey(seckey)) return undefined;
      try {
        return Uint8Array.from(binding.secp256k1_pubkey_create(ctx, seckey, compressed));
      } catch {
        return undefined;
      }
    },
    signEcdsa(msgHash: Uint8Array, seckey: Uint8Array): Uint8Array | undefined {
      if (msgHash.length !== 32 || !isValidSeckey(seckey)) return undefined;
      try {
        return Uint8Array.from(binding.secp256k1_sign(ctx, msgHash, seckey));
      } catch {
        return undefined;
      }
    },
    signSchnorr(message: Uint8Array, seckey: Uint8Array, auxRand: Uint8Array): Uint8Array | undefined {
      if (message.length !== 32 || auxRand.length !== 32) return libsecp256k1WasmBackend.signSchnorr(message, seckey, auxRand);
      if (!isValidSeckey(seckey)) return undefined;
      try {
        return Uint8Array.from(binding.secp256k1_schnorr_sign(ctx, message, seckey, auxRand));
      } catch {
        return undefined;
      }
    },
  });
}
