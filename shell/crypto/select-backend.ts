/**
 * Which secp256k1 backend the shell verifies with (SPEC.md §3.5, issue 14). Automatically: the
 * native libsecp256k1 binding (native-backend.ts) when it loads and passes Core's start-up
 * known-answer check (eccSanityCheck, after ECC_InitSanityCheck), else the kernel's
 * DEFAULT_BACKEND (libsecp256k1 in WebAssembly), which every platform with WebAssembly runs.
 * BLLVM_SECP256K1=native|wasm|noble|auto overrides the choice (native refuses to fall back).
 */
import { eccSanityCheck } from '../../kernel/crypto/ecc-sanity-check.js';
import { type Secp256k1Backend, DEFAULT_BACKEND, libsecp256k1WasmBackend, nobleBackend } from '../../kernel/crypto/secp256k1.js';
import { type NativeSecp256k1, loadNativeSecp256k1, nativeSecp256k1Backend } from './native-backend.js';

export type BackendChoice = 'auto' | 'native' | 'wasm' | 'noble';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'native', 'wasm', 'noble'];

export interface BackendSelection {
  readonly backend: Secp256k1Backend;
  /** The concrete choice made ('native', 'wasm' or 'noble'), to hand to worker threads. */
  readonly kind: Exclude<BackendChoice, 'auto'>;
  /** Why the native backend is not in use, when 'auto' fell back. */
  readonly fallback?: string;
}

/** The choice in BLLVM_SECP256K1, 'auto' when unset; anything else is an error naming the variable. */
export function backendChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const value = env.BLLVM_SECP256K1 ?? 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(value)) throw new Error(`BLLVM_SECP256K1='${value}' is not one of ${BACKEND_CHOICES.join(', ')}`);
  return value as BackendChoice;
}

type Loader = () => { readonly ok: true; readonly value: NativeSecp256k1 } | { readonly ok: false; readonly error: string };

/** The native backend, or why it is not usable here. */
export function nativeBackend(load: Loader = loadNativeSecp256k1): { readonly ok: true; readonly value: Secp256k1Backend } | { readonly ok: false; readonly error: string } {
  const loaded = load();
  if (!loaded.ok) return loaded;
  const backend = nativeSecp256k1Backend(loaded.value);
  let sane = false;
  try {
    sane = eccSanityCheck(backend);
  } catch {
    sane = false;
  }
  return sane ? { ok: true, value: backend } : { ok: false, error: 'native secp256k1 failed the known-answer check' };
}

/** The backend for `choice` ('auto': native when usable, else the kernel's default). */
export function selectSecp256k1Backend(choice: BackendChoice = backendChoiceFromEnv(), load: Loader = loadNativeSecp256k1): BackendSelection {
  if (choice === 'wasm') return { backend: libsecp256k1WasmBackend, kind: 'wasm' };
  if (choice === 'noble') return { backend: nobleBackend, kind: 'noble' };
  const native = nativeBackend(load);
  if (native.ok) return { backend: native.value, kind: 'native' };
  if (choice === 'native') throw new Error(`BLLVM_SECP256K1=native: ${native.error}`);
  return { backend: DEFAULT_BACKEND, kind: DEFAULT_BACKEND === nobleBackend ? 'noble' : 'wasm', fallback: native.error };
}
