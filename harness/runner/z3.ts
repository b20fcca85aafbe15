/** The main thread's z3 instance (translation builds terms in it; the solving is on the worker pool). */
import { readFileSync } from 'node:fs';
import { init } from 'z3-solver';
import type { Context, Z3LowLevel } from 'z3-solver';

type Z3 = Context<'main'>;
let instance: { z3: Z3; version: string; em: unknown; low: Z3LowLevel['Z3'] } | undefined;

/** The z3 context and the solver's version string (initialised once). */
export async function getZ3(): Promise<{ z3: Z3; version: string; em: unknown }> {
  if (instance === undefined) {
    const api = await init();
    const pkg = JSON.parse(readFileSync(new URL('../../node_modules/z3-solver/package.json', import.meta.url), 'utf8')) as { version: string };
    instance = { z3: api.Context('main'), version: `z3-solver ${pkg.version} (${api.Z3.get_full_version()})`, em: api.em, low: api.Z3 };
  }
  return instance;
}

/** Releases the main-thread z3 threads (CLIs call this in a finally). */
export async function shutdownZ3(): Promise<void> {
  if (instance === undefined) return;
  const { killThreads } = await import('z3-solver');
  await killThreads(instance.em);
  instance = undefined;
}

/** The low-level API of the main thread's z3 (for printing a term without a solver); after getZ3. */
export function lowLevelZ3(): Z3LowLevel['Z3'] {
  if (instance === undefined) throw new Error('lowLevelZ3 before getZ3');
  return instance.low;
}

export function solverVersion(): string | undefined {
  return instance?.version;
}
