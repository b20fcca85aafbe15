/**
 * Micro-benchmarks with tinybench (median latency of many samples): SHA256d of 64 bytes (the
 * Merkle node, Core's SHA256D64), bulk SHA-256, and signature verification, for each of our
 * backends and bcoin's bcrypto (native addon and JavaScript). Every timed call's result is
 * checked once before timing, so a wrong backend cannot win. Sides alternate: each group runs in
 * MICRO_PASSES passes with the order rotated and, on odd passes, reversed (runBench).
 */
import { createHash } from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { Bench } from 'tinybench';
import { encodeDerSignature, verifyEcdsaLax } from '../kernel/crypto/ecdsa.js';
import { SHA256_BACKEND, referenceSha256, sha256, sha256d, sha256d64 } from '../kernel/crypto/hashes.js';
import { type Secp256k1Backend, libsecp256k1WasmBackend, nobleBackend, tinySecp256k1Backend } from '../kernel/crypto/secp256k1.js';
import type { BcoinSide } from './bcoin.js';
import { medianOf } from './stats.js';

export interface MicroRow {
  readonly group: string;
  readonly name: string;
  /** Median time per operation, microseconds. */
  readonly medianUs: number;
  readonly samples: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Passes of every group: tinybench times its tasks one after another, so a drift in this host's
 * speed within a group (a quarter within minutes, docs/BENCHMARKS.md) lands on whichever side runs
 * then. Each pass runs every task for timeMs / MICRO_PASSES, the order rotated by one task a pass,
 * reversed on odd passes, and a task's figure is the median of its passes' medians: every side is
 * timed early and late, after different neighbours.
 */
const MICRO_PASSES = 5;

async function runBench(group: string, tasks: readonly (readonly [string, () => unknown, number?])[], timeMs: number): Promise<MicroRow[]> {
  const medians = tasks.map((): number[] => []);
  const samples = tasks.map(() => 0);
  const passTime = timeMs / MICRO_PASSES;
  for (let pass = 0; pass < MICRO_PASSES; pass++) {
    const rotated = tasks.map((_, i) => (i + pass) % tasks.length);
    // Reversed on odd passes: a task's predecessor (whose garbage it may collect) changes between passes.
    const order = pass % 2 === 1 ? rotated.reverse() : rotated;
    const bench = new Bench({ time: passTime, warmupTime: Math.min(200, passTime / 2) });
    for (const i of order) bench.add(String(i), (tasks[i] as (typeof tasks)[number])[1]);
    await bench.run();
    for (const t of bench.tasks) {
      const i = Number(t.name);
      const latency = t.result?.state === 'completed' ? t.result.latency : undefined;
      (medians[i] as number[]).push(latency?.p50 ?? Number.NaN);
      samples[i] = (samples[i] as number) + (latency?.samplesCount ?? 0);
    }
  }
  return tasks.map(([name, , per = 1], i) => ({ group, name, medianUs: Math.round((medianOf(medians[i] as number[]) * 1000 * 1000) / per) / 1000, samples: samples[i] as number }));
}

/** SHA256d of 64 bytes and bulk SHA-256, every implementation. */
export async function benchHashing(bcoin: readonly BcoinSide[], timeMs: number): Promise<MicroRow[]> {
  const m64 = Uint8Array.from({ length: 64 }, (_, i) => i * 3);
  const batch = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) & 0xff);
  const expected = hex(referenceSha256.sha256d(m64));
  const node = (b: Uint8Array): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest();
  const checks: [string, string][] = [
    ['sha256d64', hex(sha256d64(m64))],
    ['sha256d', hex(sha256d(m64))],
    ['node', node(m64).toString('hex')],
    ...bcoin.map((b) => [b.name, b.hash256.digest(Buffer.from(m64)).toString('hex')] as [string, string]),
  ];
  for (const [name, got] of checks) if (got !== expected) throw new Error(`bench: ${name} SHA256d differs`);
  if (hex(sha256d64(batch).subarray(32 * 1000, 32 * 1001)) !== hex(referenceSha256.sha256d(batch.subarray(64 * 1000, 64 * 1001)))) throw new Error('bench: SHA256D64 batch differs');
  const mb = Uint8Array.from({ length: 1 << 20 }, (_, i) => i & 0xff);
  const mbBuf = Buffer.from(mb);
  const d64 = await runBench(
    'SHA256d of 64 bytes (µs per hash)',
    [
      [`bllvm SHA256D64, ${SHA256_BACKEND === 'wasm' ? 'WASM SIMD, batches of 1,024' : '@noble fallback'}`, () => sha256d64(batch), 1024],
      ['bllvm sha256d, WASM scalar, one call', () => sha256d(m64)],
      ['@noble/hashes', () => nobleSha256(nobleSha256(m64))],
      ['node:crypto (OpenSSL, SHA-NI)', () => node(m64)],
      ...bcoin.map((b) => [`${b.name} (bcrypto hash256)`, () => b.hash256.digest(Buffer.from(m64))] as const),
    ],
    timeMs,
  );
  const bulk = await runBench(
    'SHA-256 of 1 MB (µs per MB)',
    [
      ['bllvm sha256 (WASM scalar)', () => sha256(mb)],
      ['@noble/hashes', () => nobleSha256(mb)],
      ['node:crypto (OpenSSL, SHA-NI)', () => createHash('sha256').update(mb).digest()],
      ...bcoin.map((b) => [`${b.name} (bcrypto sha256)`, () => b.sha256.digest(mbBuf)] as const),
    ],
    timeMs,
  );
  return [...d64, ...bulk];
}

interface SigFixture {
  readonly msg: Uint8Array;
  readonly compact: Uint8Array;
  readonly der: Uint8Array;
  readonly pubkey: Uint8Array;
  readonly schnorr: Uint8Array;
  readonly xOnly: Uint8Array;
}

function fixtures(n: number): SigFixture[] {
  const out: SigFixture[] = [];
  for (let i = 0; i < n; i++) {
    const sk = sha256(Uint8Array.of(0x5e, i));
    const msg = sha256(Uint8Array.of(0x6d, i));
    const compact = tinySecp256k1Backend.signEcdsa(msg, sk) as Uint8Array;
    const pubkey = tinySecp256k1Backend.getPublicKey(sk, true) as Uint8Array;
    const schnorr = tinySecp256k1Backend.signSchnorr(msg, sk, new Uint8Array(32)) as Uint8Array;
    out.push({ msg, compact, der: encodeDerSignature(compact), pubkey, schnorr, xOnly: pubkey.subarray(1) });
  }
  return out;
}

/** ECDSA (Core's path: lax DER, low S, verify) and BIP340 verification, per backend. */
export async function benchSignatures(natives: readonly Secp256k1Backend[], bcoin: readonly BcoinSide[], timeMs: number): Promise<MicroRow[]> {
  const fx = fixtures(32);
  let next = 0;
  const pick = (): SigFixture => fx[next++ & 31] as SigFixture;
  const ours: Secp256k1Backend[] = [...natives, libsecp256k1WasmBackend, tinySecp256k1Backend, nobleBackend];
  for (const b of ours) for (const f of fx) if (!verifyEcdsaLax(b, f.msg, f.der, f.pubkey) || !b.verifySchnorr(f.msg, f.schnorr, f.xOnly)) throw new Error(`bench: ${b.name} rejected a valid signature`);
  const buffers = fx.map((f) => ({ msg: Buffer.from(f.msg), der: Buffer.from(f.der), pubkey: Buffer.from(f.pubkey), schnorr: Buffer.from(f.schnorr), xOnly: Buffer.from(f.xOnly) }));
  for (const b of bcoin) for (const f of buffers) if (!b.secp256k1.verifyDER(f.msg, f.der, f.pubkey) || !b.schnorr.verify(f.msg, f.schnorr, f.xOnly)) throw new Error(`bench: ${b.name} rejected a valid signature`);
  const pickBuf = () => buffers[next++ & 31] as (typeof buffers)[number];
  const ecdsa = await runBench(
    'ECDSA verify, DER (µs)',
    [
      ...ours.map((b) => [`bllvm ${b.name}`, () => { const f = pick(); return verifyEcdsaLax(b, f.msg, f.der, f.pubkey); }] as const),
      ...bcoin.map((b) => [`${b.name} (bcrypto verifyDER)`, () => { const f = pickBuf(); return b.secp256k1.verifyDER(f.msg, f.der, f.pubkey); }] as const),
    ],
    timeMs,
  );
  const schnorr = await runBench(
    'BIP340 Schnorr verify (µs)',
    [
      ...ours.map((b) => [`bllvm ${b.name}`, () => { const f = pick(); return b.verifySchnorr(f.msg, f.schnorr, f.xOnly); }] as const),
      ...bcoin.map((b) => [`${b.name} (bcrypto schnorr)`, () => { const f = pickBuf(); return b.schnorr.verify(f.msg, f.schnorr, f.xOnly); }] as const),
    ],
    timeMs,
  );
  return [...ecdsa, ...schnorr];
}

export interface HeadToHeadRow {
  readonly algorithm: 'ECDSA verify, DER' | 'BIP340 verify';
  readonly ours: string;
  readonly theirs: string;
  readonly rounds: number;
  /** Medians over rounds of each side's mean µs per verification. */
  readonly oursUs: number;
  readonly theirsUs: number;
  /** The median over rounds of theirs / ours in the same round. */
  readonly pairedRatio: number;
}

/**
 * Our native backend against bcoin's native one, alone and alternating (issue 14 goal 2): each
 * round times `calls` verifications of one side, then of the other (the first side alternating),
 * over the same 32 signatures. In the tinybench groups above a side runs beside other backends, and
 * one that follows a task leaving much garbage (bcoin JS, @noble/curves) pays for its collections:
 * when the passes only rotated the order (every task after the same neighbour), BIP340 measured
 * 73.1 µs against bcoin native's 54.8 in one run, where alternating alone the two are equal (the
 * same libsecp256k1 call).
 */
export function benchSignaturesHeadToHead(native: Secp256k1Backend, bcoinNative: BcoinSide, rounds: number, calls: number): HeadToHeadRow[] {
  const fx = fixtures(32);
  const buffers = fx.map((f) => ({ msg: Buffer.from(f.msg), der: Buffer.from(f.der), pubkey: Buffer.from(f.pubkey), schnorr: Buffer.from(f.schnorr), xOnly: Buffer.from(f.xOnly) }));
  const algorithms = [
    { algorithm: 'ECDSA verify, DER' as const, ours: (i: number) => { const f = fx[i & 31] as SigFixture; return verifyEcdsaLax(native, f.msg, f.der, f.pubkey); }, theirs: (i: number) => { const f = buffers[i & 31] as (typeof buffers)[number]; return bcoinNative.secp256k1.verifyDER(f.msg, f.der, f.pubkey) as boolean; } },
    { algorithm: 'BIP340 verify' as const, ours: (i: number) => { const f = fx[i & 31] as SigFixture; return native.verifySchnorr(f.msg, f.schnorr, f.xOnly); }, theirs: (i: number) => { const f = buffers[i & 31] as (typeof buffers)[number]; return bcoinNative.schnorr.verify(f.msg, f.schnorr, f.xOnly) as boolean; } },
  ];
  const timeSide = (verify: (i: number) => boolean): number => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) if (!verify(i)) throw new Error('bench: a valid signature was rejected');
    return ((performance.now() - t0) * 1000) / calls;
  };
  return algorithms.map(({ algorithm, ours, theirs }) => {
    timeSide(ours);
    timeSide(theirs);
    const o: number[] = [];
    const t: number[] = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        o.push(timeSide(ours));
        t.push(timeSide(theirs));
      } else {
        t.push(timeSide(theirs));
        o.push(timeSide(ours));
      }
    }
    const r3 = (v: number): number => Math.round(v * 1000) / 1000;
    return { algorithm, ours: `bllvm ${native.name}`, theirs: `${bcoinNative.name} (bcrypto)`, rounds, oursUs: r3(medianOf(o)), theirsUs: r3(medianOf(t)), pairedRatio: Math.round(medianOf(t.map((v, i) => v / (o[i] as number))) * 100) / 100 };
  });
}
