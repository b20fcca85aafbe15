/**
 * A scratch copy of this checkout for the harness tests: kernel/ always, proofs/ copied or empty,
 * and the proof DSL (harness/dsl.ts) that proof files import. Callers put it under .cache/ inside
 * the checkout, so the copy resolves node_modules (@noble/hashes) as the kernel does.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ScratchParts {
  /** proofs/: a copy of the checkout's, an empty folder, or none (default). */
  readonly proofs?: 'copy' | 'empty';
  /** harness/dsl.ts, which proof files import (default: with proofs/). */
  readonly dsl?: boolean;
}

/** Replaces `dest` with a copy of the kernel and the parts asked for; returns `dest`. */
export function scratchTree(dest: string, parts: ScratchParts = {}): string {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  cpSync(path.join(ROOT, 'kernel'), path.join(dest, 'kernel'), { recursive: true });
  if (parts.proofs === 'copy') cpSync(path.join(ROOT, 'proofs'), path.join(dest, 'proofs'), { recursive: true });
  if (parts.proofs === 'empty') mkdirSync(path.join(dest, 'proofs'));
  if (parts.dsl ?? parts.proofs !== undefined) {
    mkdirSync(path.join(dest, 'harness'));
    cpSync(path.join(ROOT, 'harness/dsl.ts'), path.join(dest, 'harness/dsl.ts'));
  }
  return dest;
}
