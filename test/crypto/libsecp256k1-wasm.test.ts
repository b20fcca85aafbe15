/**
 * libsecp256k1 in WebAssembly (kernel/crypto/libsecp256k1-wasm/, SPEC.md §3.5): the committed
 * module is what build.mjs compiles (clang-14, lld-14 and wasi-libc from Debian: .ci/run installs
 * them), it imports nothing, and where WebAssembly cannot run the backend gives @noble/curves'
 * answers. Every vector of test/signatures runs on this backend as on the others (SECP256K1_BACKENDS),
 * and backend-differential.test.ts compares it with @noble/curves on fast-check inputs.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND, libsecp256k1WasmBackend, nobleBackend } from '../../kernel/crypto/secp256k1.js';
import { libsecp256k1Wasm } from '../../kernel/crypto/libsecp256k1-wasm/libsecp256k1-wasm.js';
import { LIBSECP256K1_WASM_BASE64 } from '../../kernel/crypto/libsecp256k1-wasm/libsecp256k1-wasm-module.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** The part of the WebAssembly API used here (the project's lib has no DOM types). */
interface ModuleApi {
  readonly Module: { new (bytes: Uint8Array): object; imports(m: object): readonly unknown[]; exports(m: object): readonly { readonly name: string }[] };
}
const wasmApi = (globalThis as unknown as { readonly WebAssembly: ModuleApi }).WebAssembly;
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('§3.5 libsecp256k1 compiled to WebAssembly', () => {
  it('loads here, passes its known answer, and is the default backend under Node', () => {
    expect(libsecp256k1Wasm()).toBeDefined();
    expect(DEFAULT_BACKEND).toBe(libsecp256k1WasmBackend);
  });

  it('the module imports nothing and exports its memory, ioBase and the five entry points', () => {
    const module = new wasmApi.Module(Buffer.from(LIBSECP256K1_WASM_BASE64, 'base64'));
    expect(wasmApi.Module.imports(module)).toEqual([]);
    expect(wasmApi.Module.exports(module).map((e) => e.name).sort()).toEqual(['ecdsa_sign', 'ecdsa_verify', 'ioBase', 'memory', 'pubkey_create', 'schnorr_verify', 'xonly_tweak_add']);
  });

  it('the public key of the secret key 3 is BIP340 vector 0\'s, and its signature there verifies', () => {
    // BIP340 test-vectors.csv, index 0: secret key 3, aux_rand and message all zero.
    const sk = new Uint8Array(32);
    sk[31] = 3;
    const pk = 'f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9';
    const sig = Buffer.from('e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca821525f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0', 'hex');
    expect(hex(libsecp256k1WasmBackend.getPublicKey(sk, true) ?? new Uint8Array()).slice(2)).toBe(pk);
    expect(libsecp256k1WasmBackend.verifySchnorr(new Uint8Array(32), sig, Buffer.from(pk, 'hex'))).toBe(true);
    sig[63] = (sig[63] ?? 0) ^ 1;
    expect(libsecp256k1WasmBackend.verifySchnorr(new Uint8Array(32), sig, Buffer.from(pk, 'hex'))).toBe(false);
  });

  it('without WebAssembly (node --jitless) the backend falls back to @noble/curves: the same signatures and verdicts', () => {
    const script = `
      const s = await import('./kernel/crypto/libsecp256k1-wasm-backend.ts');
      const w = await import('./kernel/crypto/libsecp256k1-wasm/libsecp256k1-wasm.ts');
      const b = s.libsecp256k1WasmBackend;
      const hex = (x) => Buffer.from(x).toString('hex');
      const sk = new Uint8Array(32).fill(1); const msg = new Uint8Array(32).fill(2);
      const sig = b.signEcdsa(msg, sk); const pub = b.getPublicKey(sk, true);
      const bad = sig.slice(); bad[10] ^= 1;
      console.log(JSON.stringify({ wasm: typeof WebAssembly, loaded: w.libsecp256k1Wasm() !== undefined, sig: hex(sig), pub: hex(pub), ok: b.verifyEcdsa(msg, sig, pub), bad: b.verifyEcdsa(msg, bad, pub) }));
    `;
    const out = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    const sk = new Uint8Array(32).fill(1);
    const msg = new Uint8Array(32).fill(2);
    expect(r).toEqual({
      wasm: 'undefined',
      loaded: false,
      sig: hex(nobleBackend.signEcdsa(msg, sk) ?? new Uint8Array()),
      pub: hex(nobleBackend.getPublicKey(sk, true) ?? new Uint8Array()),
      ok: true,
      bad: false,
    });
  });

  it('the committed module is what build.mjs compiles from bridge.c and libsecp256k1 (clang-14 for wasm32)', async () => {
    const build = '../../kernel/crypto/libsecp256k1-wasm/build.mjs';
    const { buildLibsecp256k1Wasm } = (await import(build)) as { buildLibsecp256k1Wasm: () => Uint8Array };
    expect(Buffer.from(buildLibsecp256k1Wasm()).toString('base64')).toBe(LIBSECP256K1_WASM_BASE64);
  });
});
