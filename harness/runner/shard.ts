/**
 * Sharding a proof run (issue 10 §5, CI.md "Sharding"): `bllvm prove --shard K/N` runs the proofs
 * whose stable key falls in shard K of N. The key is the SHA-256 of the proof's file (relative to
 * the checkout, with `/`) and its name, so a proof's shard depends on that proof and N alone:
 * adding, removing or reordering proofs never moves another one, and every proof is in exactly
 * one shard. `bllvm prove --merge` (harness/merge.ts) puts the shards' reports back together.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Loaded } from './proof-sites.js';
import type { ProofResult } from './types.js';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** More shards than this is a typo, not a CI matrix (and keeps the key's modulus exact). */
export const MAX_SHARDS = 1024;

/** `K/N` with 1 <= K <= N <= MAX_SHARDS, decimal without sign or leading zeros; else the reason. */
export function parseShard(text: string): Shard | { readonly error: string } {
  const m = /^([1-9][0-9]{0,5})\/([1-9][0-9]{0,5})$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || index > count || count > MAX_SHARDS) {
    return { error: `--shard '${text}': expected K/N, decimal integers with 1 <= K <= N <= ${MAX_SHARDS} (e.g. 2/4)` };
  }
  return { index, count };
}

export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** A proof's identity across runs and machines: its file relative to the checkout (with `/`, also from Windows) and its name. */
export function proofKey(file: string, name: string): string {
  return `${file.replace(/\\/g, '/')}\n${name}`;
}

/** The shard (1-based) of the proof `name` in `file` among `count`: its key's SHA-256, first 48 bits, mod count. */
export function shardOf(file: string, name: string, count: number): number {
  const digest = createHash('sha256').update(proofKey(file, name)).digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}

export function inShard(file: string, name: string, shard: Shard): boolean {
  return shardOf(file, name, shard.count) === shard.index;
}

/**
 * The loaded proofs and load errors of `shard` (all of them without one): run.ts's selection,
 * after the filter. Errors (a proof file that does not import) are sharded by their file and name too.
 */
export function selectShard(root: string, loaded: readonly Loaded[], errors: readonly ProofResult[], shard: Shard | undefined): { readonly loaded: Loaded[]; readonly errors: ProofResult[] } {
  const keep = (file: string, name: string): boolean => shard === undefined || inShard(file, name, shard);
  return { loaded: loaded.filter((l) => keep(path.relative(root, l.file), l.rec.name)), errors: errors.filter((e) => keep(e.file, e.name)) };
}
