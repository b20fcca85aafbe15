/**
 * Issue 14's goals, judged from one `npm run bench` record: each goal's figure, its target, and
 * whether this run meets it. Printed after the suites and written to reports/bench.json (`goals`),
 * so that "the ratios from one run" is one table, not figures gathered by hand from several.
 *
 * A ConnectBlock or decode + check goal is judged on the median of the per-round ratios (both
 * sides timed back to back in each round of the interleaving: ComparisonRow.pairedRatios); the
 * ratio of the two medians is shown beside it. bcoin JS runs its own rounds after the others, so
 * its goal (4c) has only the ratio of medians. Goal 2 is judged on the signature head to head
 * (our native backend and bcoin's alone, alternating: bench/micro.ts benchSignaturesHeadToHead),
 * goal 5 on the medians of bench/micro.ts's rotated passes.
 */
import type { ComparisonRow } from './compare.js';
import type { HeadToHeadRow, MicroRow } from './micro.js';

export interface GoalRow {
  readonly goal: string;
  readonly what: string;
  readonly target: string;
  /** The figure the goal is judged on. */
  readonly value: number | undefined;
  /** The ratio of the two sides' medians, where the judged figure is a paired ratio. */
  readonly ratioOfMedians?: number;
  readonly met: boolean | undefined;
}

export interface GoalInputs {
  readonly comparisons: readonly ComparisonRow[];
  readonly micro: readonly MicroRow[] | undefined;
  readonly headToHead: readonly HeadToHeadRow[] | undefined;
  readonly commitments: { readonly muhashMicrosPerCoin: number; readonly trees: readonly { readonly coins: number; readonly store: string; readonly updatesPerSecond: number }[] } | undefined;
}

/**
 * "As fast as" bcoin's native signature checks (goal 2): ours and bcoin's make the same
 * libsecp256k1 call, and two medians of one call differ by up to about 3% between passes here.
 */
const SAME_SPEED = 0.97;

const blockName = (row: ComparisonRow): string => row.block.split(' ')[0]?.replace('block', '') ?? row.block;

function pairedGoal(goal: string, row: ComparisonRow, a: string, b: string, target: number, what: string): GoalRow {
  const key = `${a} / ${b}`;
  const paired = row.pairedRatios[key];
  const ratioOfMedians = row.ratios[key] ?? medianRatio(row, a, b);
  const value = paired ?? ratioOfMedians;
  return { goal, what: `${what}, ${blockName(row)}`, target: `≥ ${target}×`, value, ...(paired !== undefined && ratioOfMedians !== undefined ? { ratioOfMedians } : {}), met: value === undefined ? undefined : value >= target };
}

function medianRatio(row: ComparisonRow, a: string, b: string): number | undefined {
  const x = row.sides.find((s) => s.side === a)?.medianMs;
  const y = row.sides.find((s) => s.side === b)?.medianMs;
  return x === undefined || y === undefined ? undefined : Math.round((x / y) * 100) / 100;
}

function microUs(micro: readonly MicroRow[], group: string, name: string): number | undefined {
  return micro.find((m) => m.group.startsWith(group) && m.name.startsWith(name))?.medianUs;
}

function microGoal(goal: string, what: string, theirs: number | undefined, ours: number | undefined, target: number, targetText: string): GoalRow {
  const value = theirs === undefined || ours === undefined ? undefined : Math.round((theirs / ours) * 100) / 100;
  return { goal, what, target: targetText, value, met: value === undefined ? undefined : value >= target };
}

/** Every goal the record has the figures for. */
export function judgeGoals(inputs: GoalInputs): GoalRow[] {
  const out: GoalRow[] = [];
  const decode = inputs.comparisons.find((r) => r.work === 'decode + CheckBlock');
  const connect = inputs.comparisons.filter((r) => r.work !== 'decode + CheckBlock');
  if (decode !== undefined) out.push(pairedGoal('1', decode, 'bcoin native', 'bllvm', 6, 'decode + CheckBlock vs bcoin native'));
  const micro = inputs.micro;
  for (const h of inputs.headToHead ?? []) {
    const ratioOfMedians = Math.round((h.theirsUs / h.oursUs) * 100) / 100;
    out.push({ goal: '2', what: `${h.algorithm}, bcoin native / ours native`, target: `≥ ${SAME_SPEED}× (as fast)`, value: h.pairedRatio, ratioOfMedians, met: h.pairedRatio >= SAME_SPEED });
  }
  for (const backend of ['native', 'WASM']) {
    for (const row of connect) out.push(pairedGoal('3', row, `bllvm ${backend}, 1 thread`, `bllvm ${backend}, 2 workers`, 1.7, `1 thread / 2 workers, ${backend}`));
  }
  for (const row of connect) out.push(pairedGoal('4a', row, 'bcoin native', 'bllvm native, 1 thread', 1, 'bcoin native / ours native, 1 thread'));
  for (const row of connect) out.push(pairedGoal('4b', row, 'bcoin native', 'bllvm native, 2 workers', 1.7, 'bcoin native / ours native, 2 workers'));
  for (const row of connect) out.push(pairedGoal('4c', row, 'bcoin JS', 'bllvm WASM, 1 thread', 10, 'bcoin JS / ours WASM, 1 thread'));
  if (micro !== undefined) {
    const simd = micro.find((m) => m.group.startsWith('SHA256d of 64') && m.name.startsWith('bllvm SHA256D64'))?.medianUs;
    out.push(microGoal('5', 'SHA256D64 per hash, @noble/hashes / ours', microUs(micro, 'SHA256d of 64', '@noble/hashes'), simd, 4, '≥ 4×'));
    out.push(microGoal('5', 'SHA256D64 per hash, node:crypto / ours', microUs(micro, 'SHA256d of 64', 'node:crypto'), simd, 1.01, '> 1×'));
  }
  const c = inputs.commitments;
  if (c !== undefined) {
    out.push({ goal: '6', what: 'MuHash3072 insert, µs per coin (a block\'s coins per call)', target: '≤ 10 µs', value: c.muhashMicrosPerCoin, met: c.muhashMicrosPerCoin <= 10 });
    for (const t of c.trees.filter((x) => x.coins >= 10_000_000)) {
      out.push({ goal: '6', what: `tree updates/s at ${t.coins.toLocaleString('en')} coins, ${t.store}`, target: '≥ 100,000/s', value: t.updatesPerSecond, met: t.updatesPerSecond >= 100_000 });
    }
  }
  return out;
}
