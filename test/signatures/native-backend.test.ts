/**
 * The native libsecp256k1 backends of the shell (SPEC.md §3.5): bcrypto's addon
 * (shell/crypto/bcrypto-backend.ts, built at npm ci) and the `secp256k1` package's prebuilt binding
 * (shell/crypto/native-backend.ts). Each gives the kernel backends' answers: every conformance suite
 * (script_tests, tx_valid, tx_invalid, bcoin transactions, BIP340, BIP341), every signature of the
 * four bcoin blocks with undo data (connectBlock with the recorded fees), and a differential
 * fast-check test against tiny-secp256k1 and @noble/curves on valid signatures and their
 * corruptions. The selection (select-backend.ts) picks bcrypto here, the prebuilt binding when
 * bcrypto cannot load, and the WASM backend when neither can, tested by forcing the loaders to fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utxoSetView } from '../../kernel/chain/utxo.js';
import { encodeDerSignature, verifyEcdsaLax } from '../../kernel/crypto/ecdsa.js';
import { eccSanityCheck } from '../../kernel/crypto/ecc-sanity-check.js';
import { DEFAULT_BACKEND, SECP256K1_N, libsecp256k1WasmBackend, nobleBackend, tinySecp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { connectBlock } from '../../kernel/validation/connect-block.js';
import { kernelEngine } from '../../shell/conformance/engine.js';
import { runBcoinTxs, runBip340, runBip341, runScriptTests, runTxInvalid, runTxValid } from '../../shell/conformance/suites.js';
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1-backend.js';
import { loadBcryptoSecp256k1 } from '../../shell/crypto/bcrypto-backend.js';
import { loadNativeSecp256k1 } from '../../shell/crypto/native-backend.js';
import { NATIVE_CANDIDATES, type NativeCandidate, backendChoiceFromEnv, nativeBackend, selectSecp256k1Backend } from '../../shell/crypto/select-backend.js';
import { BLOCKS_WITH_UNDO, loadBlockWithUndo, manifestConnectContext } from '../support/manifest-blocks.js';
import { bytes, flip, seckey, toHexString } from './helpers.js';

/** Each candidate alone, as the selection would take it; both must load here (linux-x64: bcrypto built by npm ci, the prebuild). */
const natives: readonly (readonly [string, Secp256k1Backend])[] = NATIVE_CANDIDATES.map((candidate) => {
  const loaded = nativeBackend([candidate]);
  if (!loaded.ok) throw new Error(`the native backend ${candidate.name} must load on this platform (linux-x64): ${loaded.error}`);
  return [candidate.name, loaded.value] as const;
});
const BCRYPTO_NAME = 'bcrypto (libsecp256k1, native)';
const SECP256K1_NODE_NAME = 'secp256k1-node (libsecp256k1, native)';


describe('§3.5 native secp256k1 backends: the selection', () => {
  it("both candidates load (bcrypto's addon, the secp256k1 prebuild), pass Core's known-answer check, and 'auto' selects bcrypto", () => {
    expect(loadBcryptoSecp256k1().ok).toBe(true);
    expect(loadNativeSecp256k1().ok).toBe(true);
    expect(natives.map(([name, backend]) => [name, backend.name, eccSanityCheck(backend)])).toEqual([
      ['bcrypto', BCRYPTO_NAME, true],
      ['secp256k1', SECP256K1_NODE_NAME, true],
    ]);
    const auto = selectSecp256k1Backend('auto');
    expect(auto.kind).toBe('native');
    expect(auto.backend.name).toBe(BCRYPTO_NAME);
    expect(auto.fallback).toBeUndefined();
    expect(backendChoiceFromEnv({})).toBe('auto');
    expect(() => backendChoiceFromEnv({ BLLVM_SECP256K1: 'fast' })).toThrow(/BLLVM_SECP256K1='fast'/);
  });

  it('falls back candidate by candidate: to the prebuild without bcrypto, to WASM without either or when a binding fails its known answers; native alone refuses', () => {
    const [bcrypto, prebuild] = NATIVE_CANDIDATES as readonly [NativeCandidate, NativeCandidate];
    const missing = (name: string): NativeCandidate => ({ name, load: () => ({ ok: false, error: 'No native build was found for platform=linux arch=x64' }) });
    expect(selectSecp256k1Backend('auto', [missing('bcrypto'), prebuild]).backend.name).toBe(SECP256K1_NODE_NAME);
    const fallback = selectSecp256k1Backend('auto', [missing('bcrypto'), missing('secp256k1')]);
    expect(fallback.backend).toBe(DEFAULT_BACKEND);
    expect(fallback.kind).toBe('wasm');
    expect(fallback.fallback).toBe('bcrypto: No native build was found for platform=linux arch=x64; secp256k1: No native build was found for platform=linux arch=x64');
    const broken: NativeCandidate = {
      name: 'bcrypto',
      load: () => {
        const loaded = bcrypto.load();
        return loaded.ok ? { ok: true, value: { ...loaded.value, verifyEcdsa: () => true } } : loaded;
      },
    };
    expect(selectSecp256k1Backend('auto', [broken]).fallback).toBe('bcrypto: failed the known-answer check');
    expect(selectSecp256k1Backend('auto', [broken, prebuild]).backend.name).toBe(SECP256K1_NODE_NAME);
    expect(() => selectSecp256k1Backend('native', [missing('bcrypto')])).toThrow(/BLLVM_SECP256K1=native: bcrypto: No native build/);
    expect(selectSecp256k1Backend('noble').backend).toBe(nobleBackend);
    expect(selectSecp256k1Backend('wasm').backend).toBe(libsecp256k1WasmBackend);
  });
});

describe.each(natives)('§3.5 native secp256k1 backend %s', (_name, native) => {
  it('conformance: script_tests 1,212, tx_valid 121, tx_invalid 93, bcoin tx 10, BIP340 19 (8 signing), BIP341 15, all pass', () => {
    const engine = kernelEngine(native);
    const results = [
      [runScriptTests(engine, undefined, { flagVariations: 4 }), 1212],
      [runTxValid(engine), 121],
      [runTxInvalid(engine), 93],
      [runBcoinTxs(engine), 10],
      [runBip340(native), 19],
      [runBip341(native), 15],
    ] as const;
    for (const [r, total] of results) expect({ suite: r.suite, total: r.total, passed: r.passed, failures: r.failures }).toEqual({ suite: r.suite, total, passed: total, failures: [] });
  });

  it('connectBlock with every script on the four bcoin blocks with undo data: the recorded fees and input counts', () => {
    expect(BLOCKS_WITH_UNDO.length).toBe(4);
    for (const m of BLOCKS_WITH_UNDO) {
      const { block, coins } = loadBlockWithUndo(m);
      const r = connectBlock(utxoSetView(coins), block, manifestConnectContext(m, block, { backend: native }));
      if (!r.ok) throw new Error(`${m.file}: ${r.error.reason}`);
      expect(r.value.fees).toBe(BigInt(m.totalFeesSat ?? -1));
      expect(r.value.inputsChecked).toBe(m.nonCoinbaseInputs);
    }
  });

  it('differential (fast-check): ECDSA, Schnorr and the x-only tweak agree with tiny-secp256k1 and @noble/curves, on valid inputs and one-bit corruptions', () => {
    let validEcdsa = 0;
    let validSchnorr = 0;
    fc.assert(
      fc.property(seckey, bytes(32), bytes(32), fc.nat(80), fc.nat(7), fc.constantFrom('none', 'msg', 'sig', 'key'), (sk, msg, tweak, index, bit, what) => {
        const pub = tinySecp256k1Backend.getPublicKey(sk, true) as Uint8Array;
        expect(native.getPublicKey(sk, true)).toEqual(pub);
        expect(native.getPublicKey(sk, false)).toEqual(tinySecp256k1Backend.getPublicKey(sk, false));
        const sig = tinySecp256k1Backend.signEcdsa(msg, sk) as Uint8Array;
        expect(native.signEcdsa(msg, sk)).toEqual(sig);
        const schnorrSig = tinySecp256k1Backend.signSchnorr(msg, sk, tweak) as Uint8Array;
        const xOnly = pub.subarray(1);
        const m = what === 'msg' ? flip(msg, index, bit) : msg;
        const s = what === 'sig' ? flip(sig, index, bit) : sig;
        const ss = what === 'sig' ? flip(schnorrSig, index, bit) : schnorrSig;
        const k = what === 'key' ? flip(pub, index, bit) : pub;
        const x = what === 'key' ? flip(xOnly, index, bit) : xOnly;
        const ecdsa = native.verifyEcdsa(m, s, k);
        expect(ecdsa).toBe(tinySecp256k1Backend.verifyEcdsa(m, s, k));
        expect(ecdsa).toBe(nobleBackend.verifyEcdsa(m, s, k));
        expect(verifyEcdsaLax(native, m, encodeDerSignature(s), k)).toBe(verifyEcdsaLax(tinySecp256k1Backend, m, encodeDerSignature(s), k));
        const schnorr = native.verifySchnorr(m, ss, x);
        expect(schnorr).toBe(tinySecp256k1Backend.verifySchnorr(m, ss, x));
        expect(schnorr).toBe(nobleBackend.verifySchnorr(m, ss, x));
        expect(native.xOnlyTweakAdd(x, tweak)).toEqual(tinySecp256k1Backend.xOnlyTweakAdd(x, tweak));
        if (ecdsa) validEcdsa++;
        if (schnorr) validSchnorr++;
      }),
      { numRuns: 300 },
    );
    expect(validEcdsa).toBeGreaterThan(0);
    expect(validSchnorr).toBeGreaterThan(0);
  });

  it('edge inputs: zero and out-of-range tweaks, s = 0, r >= p, keys off the curve, wrong lengths, any message length', () => {
    const g = tinySecp256k1Backend.getPublicKey(Uint8Array.of(...new Uint8Array(31), 1), true) as Uint8Array;
    const x = g.subarray(1);
    const n = Uint8Array.from(Buffer.from(SECP256K1_N.toString(16), 'hex'));
    for (const backend of [tinySecp256k1Backend, nobleBackend]) {
      expect(native.xOnlyTweakAdd(x, new Uint8Array(32))).toEqual(backend.xOnlyTweakAdd(x, new Uint8Array(32)));
      expect(native.xOnlyTweakAdd(x, n)).toEqual(backend.xOnlyTweakAdd(x, n));
      expect(native.xOnlyTweakAdd(new Uint8Array(32).fill(0xff), new Uint8Array(32))).toEqual(backend.xOnlyTweakAdd(new Uint8Array(32).fill(0xff), new Uint8Array(32)));
      const zeroS = new Uint8Array(64);
      zeroS.set(x, 0);
      expect(native.verifySchnorr(new Uint8Array(32), zeroS, x)).toBe(backend.verifySchnorr(new Uint8Array(32), zeroS, x));
      expect(native.verifySchnorr(new Uint8Array(32), new Uint8Array(64).fill(0xff), x)).toBe(false);
      expect(native.verifySchnorr(new Uint8Array(32), new Uint8Array(63), x)).toBe(false);
      expect(native.verifyEcdsa(new Uint8Array(32), new Uint8Array(64), g)).toBe(backend.verifyEcdsa(new Uint8Array(32), new Uint8Array(64), g));
      expect(native.verifyEcdsa(new Uint8Array(31), new Uint8Array(64), g)).toBe(false);
    }
    // bcrypto's addon normalizes a high S before verifying; libsecp256k1 and every backend refuse it.
    const sk7 = Uint8Array.of(...new Uint8Array(31), 7);
    const msg7 = new Uint8Array(32).fill(9);
    const lowS = tinySecp256k1Backend.signEcdsa(msg7, sk7) as Uint8Array;
    const highS = lowS.slice();
    highS.set(Buffer.from((SECP256K1_N - BigInt(`0x${toHexString(lowS.subarray(32))}`)).toString(16).padStart(64, '0'), 'hex'), 32);
    const pub7 = tinySecp256k1Backend.getPublicKey(sk7, true) as Uint8Array;
    expect([native.verifyEcdsa(msg7, lowS, pub7), native.verifyEcdsa(msg7, highS, pub7), tinySecp256k1Backend.verifyEcdsa(msg7, highS, pub7)]).toEqual([true, false, false]);
    for (const len of [0, 1, 31, 33, 100]) {
      const sk = Uint8Array.of(...new Uint8Array(31), 7);
      const msg = new Uint8Array(len).fill(3);
      const sig = tinySecp256k1Backend.signSchnorr(msg, sk, new Uint8Array(32)) as Uint8Array;
      const px = (tinySecp256k1Backend.getPublicKey(sk, true) as Uint8Array).subarray(1);
      expect(native.verifySchnorr(msg, sig, px)).toBe(true);
      expect(native.verifySchnorr(msg, flip(sig, 5, 0), px)).toBe(false);
    }
  });
});
