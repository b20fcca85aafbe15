/**
 * Synthetic coins for the tree benchmarks (bench/commitments.ts, bench/ab.ts): a deterministic
 * xorshift stream of 32-byte keys (SHA256 outputs are uniform, so the tree's shape is that of real
 * outpoints) and 60-byte values (a P2WPKH coin), and the steady-state batches both time.
 */
export function coinGenerator(seed: number): () => { key: Uint8Array; value: Uint8Array } {
  let x = seed >>> 0 || 1;
  const word = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const fill = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    const view = new DataView(out.buffer);
    for (let i = 0; i < n; i += 4) view.setUint32(i, word());
    return out;
  };
  return () => {
    const key = fill(32);
    return { key, value: fill(60) };
  };
}

/**
 * The live coins' keys, 32 bytes each in one buffer: ten million keys as objects would be ten
 * million objects for every full garbage collection to trace, a cost of the benchmark and not of
 * the tree (a node keeps its coins in its database).
 */
export class LiveKeys {
  private bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(32 * Math.max(1, capacity));
  }

  push(key: Uint8Array): void {
    if (32 * (this.length + 1) > this.bytes.length) {
      const bigger = new Uint8Array(2 * this.bytes.length);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes.set(key, 32 * this.length++);
  }

  /** Bytes held for the keys (the packed list's capacity). */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** A copy of key `i`. */
  at(i: number): Uint8Array {
    return this.bytes.slice(32 * i, 32 * i + 32);
  }

  set(i: number, key: Uint8Array): void {
    this.bytes.set(key, 32 * i);
  }
}

/**
 * Steady-state batches over a live set: each call spends `spends` distinct live coins (picked by a
 * deterministic LCG from 0x2545f491) and creates as many from `next`, which take their places in
 * `live`. Returns the updates unsorted: each spend (key only) followed by the coin it makes room for.
 */
export function steadyStateBatches(
  live: LiveKeys,
  next: () => { key: Uint8Array; value: Uint8Array },
): (spends: number) => { key: Uint8Array; value?: Uint8Array }[] {
  let pick = 0x2545f491;
  return (spends) => {
    const batch: { key: Uint8Array; value?: Uint8Array }[] = [];
    const picked = new Set<number>();
    while (picked.size < spends) {
      pick = (Math.imul(pick, 1103515245) + 12345) >>> 0;
      const at = pick % live.length;
      if (picked.has(at)) continue;
      picked.add(at);
      batch.push({ key: live.at(at) });
      const c = next();
      batch.push(c);
      live.set(at, c.key);
    }
    return batch;
  };
}
