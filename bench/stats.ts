/** Timing statistics shared by the benchmarks: nearest-rank percentiles over sorted samples. */

export interface Stats {
  readonly name: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Mean of samples. */
export function mean(samples: readonly number[]): number {
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

/** Median of ascending samples (the mean of the two middle ones for an even count). */
export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? Number.NaN) + hi) / 2;
}

/** Median of samples in any order (sorts a copy). */
export function medianOf(samples: readonly number[]): number {
  return median([...samples].sort((a, b) => a - b));
}

/** Runs `fn` `warmup` times untimed, then `iterations` times timed, and summarizes the samples. */
export function measure(name: string, fn: () => unknown, iterations: number, warmup: number): Stats {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    sink = fn();
    samples.push(performance.now() - t0);
  }
  if (sink === Symbol.for('never')) console.log(sink); // keeps results alive
  samples.sort((a, b) => a - b);
  return {
    name,
    iterations,
    warmup,
    medianMs: median(samples),
    p90Ms: percentile(samples, 90),
    minMs: samples[0] ?? Number.NaN,
    maxMs: samples[samples.length - 1] ?? Number.NaN,
    meanMs: mean(samples),
  };
}

/** Prints rows as an aligned table: first column left, the others right. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
