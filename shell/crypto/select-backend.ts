/**
 * Which secp256k1 backend the shell verifies with (SPEC.md §3.5, issue 14). Automatically: the
 * first native libsecp256k1 candidate that loads and passes Core's start-up known-answer check
 * (eccSanityCheck, after ECC_InitSanityCheck): bcrypto's addon (bcrypto-backend.ts: ECDSA and
 * BIP340 native, built at install), then the `secp256k1` package's prebuilt binding
 * (native-backend.ts: ECDSA native, BIP340 composed); else the kernel's DEFAULT_BACKEND
 * (libsecp256k1 in WebAssembly), which every platform with WebAssembly runs.
 * BLLVM_SECP256K1=native|wasm|noble|auto overrides the choice (native refuses to fall back).
 */
import { eccSanityCheck } from '../../kernel/crypto/ecc-sanity-check.js';
import { type Secp256k1Backend, DEFAULT_BACKEND, libsecp256k1WasmBackend, nobleBackend } from '../../kernel/crypto/secp256k1.js';
import { bcryptoSecp256k1Backend, loadBcryptoSecp256k1 } from './bcrypto-backend.js';
import { type Loaded, loadNativeSecp256k1, nativeSecp256k1Backend } from './native-backend.js';

export type BackendChoice = 'auto' | 'native' | 'wasm' | 'noble';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'native', 'wasm', 'noble'];

export interface BackendSelection {
  readonly backend: Secp256k1Backend;
  /** The concrete choice made ('native', 'wasm' or 'noble'), to hand to worker threads. */
  readonly kind: Exclude<BackendChoice, 'auto'>;
  /** Why no native backend is in use, when 'auto' fell back. */
  readonly fallback?: string;
}

/** The choice in BLLVM_SECP256K1, 'auto' when unset; anything else is an error naming the variable. */
export function backendChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const value = env.BLLVM_SECP256K1 ?? 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(value)) throw new Error(`BLLVM_SECP256K1='${value}' is not one of ${BACKEND_CHOICES.join(', ')}`);
  return value as BackendChoice;
}

/** A native backend to try: its package, and a loader giving the backend or why it cannot load. */
export interface NativeCandidate {
  readonly name: string;
  readonly load: () => Loaded<Secp256k1Backend>;
}

function mapLoaded<A, B>(loaded: Loaded<A>, f: (a: A) => B): Loaded<B> {
  return loaded.ok ? { ok: true, value: f(loaded.value) } : loaded;
}

/** The native candidates, fastest first (docs/BENCHMARKS.md, "Signatures"). */
export const NATIVE_CANDIDATES: readonly NativeCandidate[] = [
  { name: 'bcrypto', load: () => mapLoaded(loadBcryptoSecp256k1(), bcryptoSecp256k1Backend) },
  { name: 'secp256k1', load: () => mapLoaded(loadNativeSecp256k1(), nativeSecp256k1Backend) },
];

/** The first candidate that loads and passes the known-answer check, or every candidate's reason. */
export function nativeBackend(candidates: readonly NativeCandidate[] = NATIVE_CANDIDATES): Loaded<Secp256k1Backend> {
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const loaded = candidate.load();
    if (!loaded.ok) {
      reasons.push(`${candidate.name}: ${loaded.error}`);
      continue;
    }
    let sane = false;
    try {
      sane = eccSanityCheck(loaded.value);
    } catch {
      sane = false;
    }
    if (sane) return loaded;
    reasons.push(`${candidate.name}: failed the known-answer check`);
  }
  return { ok: false, error: reasons.length === 0 ? 'no native candidate' : reasons.join('; ') };
}

/** The backend for `choice` ('auto': native when usable, else the kernel's default). */
export function selectSecp256k1Backend(choice: BackendChoice = backendChoiceFromEnv(), candidates: readonly NativeCandidate[] = NATIVE_CANDIDATES): BackendSelection {
  if (choice === 'wasm') return { backend: libsecp256k1WasmBackend, kind: 'wasm' };
  if (choice === 'noble') return { backend: nobleBackend, kind: 'noble' };
  const native = nativeBackend(candidates);
  if (native.ok) return { backend: native.value, kind: 'native' };
  if (choice === 'native') throw new Error(`BLLVM_SECP256K1=native: ${native.error}`);
  return { backend: DEFAULT_BACKEND, kind: DEFAULT_BACKEND === nobleBackend ? 'noble' : 'wasm', fallback: native.error };
}
