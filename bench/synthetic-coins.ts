/**
 * Synthetic coins for the tree benchmarks (bench/commitments.ts, bench/ab.ts): a deterministic
 * xorshift stream of 32-byte keys (SHA256 outputs are uniform, so the tree's shape is that of real
 * outpoints) and 60-byte values (a P2WPKH coin).
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
