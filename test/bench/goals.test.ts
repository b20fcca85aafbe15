/**
 * bench/compare.ts's paired ratios and bench/goals.ts's verdicts, on hand-made records whose
 * figures are worked out by hand (the benchmark's own timing is never asserted: it is not a test).
 */
import { describe, expect, it } from 'vitest';
import { type ComparisonRow, type SideResult, pairedRatios } from '../../bench/compare.js';
import { judgeGoals } from '../../bench/goals.js';

const side = (name: string, roundsMs: number[] | undefined, medianMs: number): SideResult => ({ side: name, rounds: roundsMs?.length ?? 2, medianMs, minMs: medianMs, ...(roundsMs === undefined ? {} : { roundsMs }) });

describe('pairedRatios', () => {
  it('is the median of the round-by-round ratios, for bcoin over ours and one thread over 2 workers', () => {
    const sides = [
      side('bllvm native, 1 thread', [100, 200, 150], 150),
      side('bllvm native, 2 workers', [50, 125, 100], 100),
      side('bcoin native', [110, 180, 120], 120),
      side('bcoin JS', undefined, 3000), // its own rounds: never paired
    ];
    // 1 thread / 2 workers: 2.0, 1.6, 1.5 -> 1.6; bcoin / 1 thread: 1.1, 0.9, 0.8 -> 0.9;
    // bcoin / 2 workers: 2.2, 1.44, 1.2 -> 1.44.
    expect(pairedRatios(sides)).toEqual({
      'bcoin native / bllvm native, 1 thread': 0.9,
      'bcoin native / bllvm native, 2 workers': 1.44,
      'bllvm native, 1 thread / bllvm native, 2 workers': 1.6,
    });
  });

  it('pairs nothing when the round counts differ', () => {
    expect(pairedRatios([side('bcoin native', [1, 2], 1.5), side('bllvm', [1, 2, 3], 2)])).toEqual({});
  });
});

describe('judgeGoals', () => {
  const row: ComparisonRow = {
    work: 'ConnectBlock, every script',
    block: 'block300025 (mainnet, 1,427 inputs)',
    sides: [side('bllvm native, 1 thread', undefined, 170), side('bllvm native, 2 workers', undefined, 100), side('bcoin native', undefined, 171), side('bcoin JS', undefined, 1700), side('bllvm WASM, 1 thread', undefined, 171)],
    ratios: { 'bcoin native / bllvm native, 1 thread': 1.01, 'bcoin native / bllvm native, 2 workers': 1.71, 'bcoin JS / bllvm WASM, 1 thread': 9.94 },
    pairedRatios: { 'bllvm native, 1 thread / bllvm native, 2 workers': 1.69, 'bcoin native / bllvm native, 1 thread': 0.99, 'bcoin native / bllvm native, 2 workers': 1.7 },
  };
  const headToHead = [{ algorithm: 'BIP340 verify' as const, ours: 'bllvm x', theirs: 'bcoin native (bcrypto)', rounds: 3, oursUs: 50, theirsUs: 48, pairedRatio: 0.96 }];
  const goals = judgeGoals({ comparisons: [row], micro: undefined, headToHead, commitments: { muhashMicrosPerCoin: 10, trees: [{ coins: 10_000_000, store: 'wasm', updatesPerSecond: 99_999 }, { coins: 1_000_000, store: 'wasm', updatesPerSecond: 200_000 }] } });
  const find = (goal: string, what: string) => goals.find((g) => g.goal === goal && g.what.includes(what));

  it('judges a paired goal on the paired ratio, with the ratio of medians beside it', () => {
    expect(find('3', 'native')).toMatchObject({ value: 1.69, ratioOfMedians: 1.7, met: false });
    expect(find('4a', '300025')).toMatchObject({ value: 0.99, ratioOfMedians: 1.01, met: false });
    expect(find('4b', '300025')).toMatchObject({ value: 1.7, ratioOfMedians: 1.71, met: true });
  });

  it('judges bcoin JS on the ratio of medians, and a side missing from the run as not judged', () => {
    expect(find('4c', '300025')).toMatchObject({ value: 9.94, met: false });
    expect(find('3', 'WASM')).toMatchObject({ value: undefined, met: undefined });
  });

  it('judges goal 2 on the head to head paired ratio: 0.96 is short of 0.97', () => {
    expect(find('2', 'BIP340')).toMatchObject({ value: 0.96, ratioOfMedians: 0.96, met: false });
  });

  it('judges MuHash and the tree at 10M coins only', () => {
    expect(find('6', 'MuHash')).toMatchObject({ value: 10, met: true });
    expect(goals.filter((g) => g.goal === '6' && g.what.startsWith('tree'))).toEqual([{ goal: '6', what: 'tree updates/s at 10,000,000 coins, wasm', target: '≥ 100,000/s', value: 99_999, met: false }]);
  });
});
