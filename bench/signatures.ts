/**
 * Signature verification benchmark: per-verify time of ECDSA and BIP340 Schnorr for both
 * secp256k1 backends, measured in one run on the same inputs.
 *
 * `benchSignatures()` returns one row per (operation, backend); bench/run.ts wires it into
 * `npm run bench`. Standalone: `npx tsx bench/signatures.ts [--batches N] [--batch-size M]`.
 *
 * Method: a pool of distinct valid signatures (different keys and messages) is built first;
 * each sample times a batch of `batchSize` verifications with performance.now() and divides by
 * the batch size; after `warmupBatches` untimed batches, `batches` samples are taken, and the
 * median and p90 (nearest rank) of the per-verify times are reported. Every verification must
 * return true, so nothing is optimized away and a backend that fails is caught.
 */
import { pathToFileURL } from 'node:url';
import { encodeDerSignature, verifyEcdsaLax } from '../kernel/crypto/ecdsa.js';
import { sha256 } from '../kernel/crypto/hashes.js';
import { SECP256K1_BACKENDS, type Secp256k1Backend, tinySecp256k1Backend } from '../kernel/crypto/secp256k1.js';
import { percentile } from './stats.js';

export interface SignatureBenchOptions {
  /** Timed batches per row (default 60). */
  readonly batches?: number;
  /** Verifications per batch (default 20). */
  readonly batchSize?: number;
  /** Untimed batches first (default 5). */
  readonly warmupBatches?: number;
  /** Distinct signatures in the pool (default 64). */
  readonly poolSize?: number;
}

export interface SignatureBenchRow {
  /** 'ECDSA verify' (compact, low-S, 33-byte key), 'ECDSA verify (DER, CPubKey::Verify path)' or 'Schnorr verify'. */
  readonly operation: string;
  readonly backend: string;
  readonly verifications: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  /** Verifications per second at the median. */
  readonly perSecond: number;
}

interface PoolEntry {
  readonly msg: Uint8Array;
  readonly compact: Uint8Array;
  readonly der: Uint8Array;
  readonly pubkey: Uint8Array;
  readonly schnorrSig: Uint8Array;
  readonly xOnly: Uint8Array;
}

function buildPool(size: number): PoolEntry[] {
  const signer = tinySecp256k1Backend;
  const pool: PoolEntry[] = [];
  for (let i = 0; i < size; i++) {
    const seckey = sha256(Uint8Array.from([0x5e, i & 0xff, i >> 8]));
    const msg = sha256(Uint8Array.from([0x6d, i & 0xff, i >> 8]));
    const compact = signer.signEcdsa(msg, seckey);
    const pubkey = signer.getPublicKey(seckey, true);
    const schnorrSig = signer.signSchnorr(msg, seckey, new Uint8Array(32));
    if (!compact || !pubkey || !schnorrSig) throw new Error('bench: signing failed');
    pool.push({ msg, compact, der: encodeDerSignature(compact), pubkey, schnorrSig, xOnly: pubkey.subarray(1) });
  }
  return pool;
}

function measureVerify(
  operation: string,
  backend: Secp256k1Backend,
  pool: readonly PoolEntry[],
  verify: (b: Secp256k1Backend, e: PoolEntry) => boolean,
  o: Required<SignatureBenchOptions>,
): SignatureBenchRow {
  let next = 0;
  const batch = (): void => {
    for (let i = 0; i < o.batchSize; i++) {
      const entry = pool[next++ % pool.length];
      if (entry === undefined || !verify(backend, entry)) throw new Error(`bench: ${backend.name} ${operation} returned false`);
    }
  };
  for (let i = 0; i < o.warmupBatches; i++) batch();
  const samples: number[] = [];
  for (let i = 0; i < o.batches; i++) {
    const t0 = performance.now();
    batch();
    samples.push((performance.now() - t0) / o.batchSize);
  }
  samples.sort((a, b) => a - b);
  const medianMs = percentile(samples, 50);
  return {
    operation,
    backend: backend.name,
    verifications: o.batches * o.batchSize,
    medianMs,
    p90Ms: percentile(samples, 90),
    minMs: samples[0] ?? Number.NaN,
    perSecond: Math.round(1000 / medianMs),
  };
}

/** Per-verify median times of ECDSA and Schnorr verification for every backend, in one run. */
export async function benchSignatures(options: SignatureBenchOptions = {}): Promise<SignatureBenchRow[]> {
  const o: Required<SignatureBenchOptions> = {
    batches: options.batches ?? 60,
    batchSize: options.batchSize ?? 20,
    warmupBatches: options.warmupBatches ?? 5,
    poolSize: options.poolSize ?? 64,
  };
  const pool = buildPool(o.poolSize);
  const rows: SignatureBenchRow[] = [];
  const operations: readonly [string, (b: Secp256k1Backend, e: PoolEntry) => boolean][] = [
    ['ECDSA verify', (b, e) => b.verifyEcdsa(e.msg, e.compact, e.pubkey)],
    ['ECDSA verify (DER, CPubKey::Verify path)', (b, e) => verifyEcdsaLax(b, e.msg, e.der, e.pubkey)],
    ['Schnorr verify', (b, e) => b.verifySchnorr(e.msg, e.schnorrSig, e.xOnly)],
  ];
  for (const [operation, verify] of operations) {
    for (const backend of SECP256K1_BACKENDS) rows.push(measureVerify(operation, backend, pool, verify, o));
  }
  return rows;
}

function argValue(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const batches = argValue('batches');
  const batchSize = argValue('batch-size');
  const rows = await benchSignatures({
    ...(batches === undefined ? {} : { batches }),
    ...(batchSize === undefined ? {} : { batchSize }),
  });
  console.table(
    rows.map((r) => ({
      operation: r.operation,
      backend: r.backend,
      'median ms': r.medianMs.toFixed(4),
      'p90 ms': r.p90Ms.toFixed(4),
      'verify/s': r.perSecond,
    })),
  );
}
