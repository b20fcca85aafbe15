/**
 * A known-answer check of a secp256k1 backend (SPEC.md §3.5), after Core's ECC_InitSanityCheck
 * (src/key.cpp), which refuses to start when the elliptic-curve code does not work. A page that
 * loads tiny-secp256k1's WASM through a bundler runs it before using that backend, and falls back
 * to nobleBackend when it fails: a bundler can load the module and still break it (Vite 8 hands
 * tiny-secp256k1 2.2.4 its WASM globals as numbers, and every verification then fails; README
 * "In the browser"). Pure: fixed published vectors, no randomness.
 */
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '../encoding/bytes.js';
import { sha256 } from './hashes.js';
import type { Secp256k1Backend } from './secp256k1-backend.js';

/** The generator G: compressed, and its x coordinate (SEC 2, §2.4.1). */
const G_COMPRESSED = hexToBytes('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
const G_X = G_COMPRESSED.subarray(1);
/** x(2G) (y(2G) is even): the x-only tweak of G by 1. */
const TWO_G_X = hexToBytes('c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5');
const TWEAK_ONE = hexToBytes('0000000000000000000000000000000000000000000000000000000000000001');

/** RFC6979 secp256k1 vector (bitcointalk topic 285142): key 1, sha256("Satoshi Nakamoto"), compact r‖s, low S. */
const ECDSA_MSG_HASH = sha256(utf8ToBytes('Satoshi Nakamoto'));
const ECDSA_SIG = hexToBytes(
  '934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8' + '2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5',
);

/** BIP340 test vector 0 (bip-0340 test-vectors.csv): key 3, all-zero message, TRUE. */
const SCHNORR_PUBKEY = hexToBytes('f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9');
const SCHNORR_MSG = new Uint8Array(32);
const SCHNORR_SIG = hexToBytes(
  'e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca8215' + '25f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0',
);

function withLastBitFlipped(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 1;
  return out;
}

/**
 * Whether `backend` gives the published answers for the three operations consensus uses: an
 * ECDSA and a BIP340 signature verify, and fail once their message changes by one bit; the
 * x-only tweak of G by 1 is 2G with an even y.
 */
export function eccSanityCheck(backend: Secp256k1Backend): boolean {
  const tweaked = backend.xOnlyTweakAdd(G_X, TWEAK_ONE);
  return (
    backend.verifyEcdsa(ECDSA_MSG_HASH, ECDSA_SIG, G_COMPRESSED) &&
    !backend.verifyEcdsa(withLastBitFlipped(ECDSA_MSG_HASH), ECDSA_SIG, G_COMPRESSED) &&
    backend.verifySchnorr(SCHNORR_MSG, SCHNORR_SIG, SCHNORR_PUBKEY) &&
    !backend.verifySchnorr(withLastBitFlipped(SCHNORR_MSG), SCHNORR_SIG, SCHNORR_PUBKEY) &&
    tweaked !== undefined &&
    tweaked.parity === 0 &&
    equalBytes(tweaked.xOnly, TWO_G_X)
  );
}
