/**
 * CPU profiles of the hot paths with node:inspector (the same sampling profiler as `node
 * --cpu-prof`): the top functions by self time, as shares of the samples. Used by bench/run.ts for
 * docs/BENCHMARKS.md's before/after tables.
 */
import { Session } from 'node:inspector/promises';

export interface ProfileEntry {
  readonly fn: string;
  readonly where: string;
  readonly selfPercent: number;
}

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
}

/** Runs `fn` `iterations` times under the profiler; the `top` functions by self time. */
export async function profileTop(fn: () => unknown, iterations: number, top = 12): Promise<ProfileEntry[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  for (let i = 0; i < iterations; i++) await fn();
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const f = byId.get(id)?.callFrame;
    if (f === undefined) continue;
    const where = f.url === '' ? '' : `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    const key = `${f.functionName || '(anonymous)'}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, n]) => {
      const [fnName, where] = key.split('\t');
      return { fn: fnName ?? '', where: where ?? '', selfPercent: Math.round((1000 * n) / total) / 10 };
    });
}
