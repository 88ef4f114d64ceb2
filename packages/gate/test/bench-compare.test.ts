import { describe, expect, it } from 'vitest';
import { judgeRounds, type PairedRound } from '../src/bench-compare/judge';
import { renderBenchSummary, renderBenchTable } from '../src/bench-compare/render';

/** Rounds whose machine speed drifts by ±20% while head costs `factor` times base in every round. */
function rounds(factor: number, extra: (speed: number, side: 'base' | 'head') => PairedRound['base']['benchmarks']) {
  const speeds = [1, 1.2, 0.8, 1.1, 0.9, 1.15, 0.85, 1.05];
  return speeds.map((speed, i) => {
    const jitter = 1 + (i % 3) * 0.002;
    return {
      base: {
        benchmarks: [{ name: 'parse', unit: 's', biggerIsBetter: false, samples: [speed] }, ...extra(speed, 'base')],
      },
      head: {
        benchmarks: [
          { name: 'parse', unit: 's', biggerIsBetter: false, samples: [speed * factor * jitter] },
          ...extra(speed, 'head'),
        ],
      },
    };
  });
}

describe('judgeRounds', () => {
  it('cancels the drift between rounds: a steady 15% slowdown is a regression', () => {
    const [parse] = judgeRounds(
      rounds(1.15, () => []),
      0.05,
    ).benchmarks;
    expect(parse).toMatchObject({ name: 'parse', verdict: 'regressed', rounds: 8 });
    expect(parse!.ratio).toBeGreaterThan(1.14);
  });

  it("names each of a benchmark's units apart, skips counts that stay at zero, and inverts throughput", () => {
    const comparison = judgeRounds(
      rounds(1, (speed, side) => [
        { name: 'parse', unit: 'allocs/op', biggerIsBetter: false, samples: [0] },
        { name: 'parse', unit: 'B/op', biggerIsBetter: false, samples: [64] },
        // Throughput 20% higher on the head: a speed-up.
        { name: 'rate', unit: 'ops/s', biggerIsBetter: true, samples: [(side === 'head' ? 1.2 : 1) / speed] },
      ]),
      0.05,
    );
    expect(comparison.benchmarks.map((b) => [b.name, b.verdict])).toEqual([
      ['parse (B/op)', 'unchanged'],
      ['parse (s)', 'unchanged'],
      ['rate', 'improved'],
    ]);
  });

  it('lists benchmarks on one side only instead of judging them', () => {
    const all = rounds(1, (_, side) => [{ name: side, unit: 's', biggerIsBetter: false, samples: [1] }]);
    const comparison = judgeRounds(all, 0.05);
    expect(comparison.onlyBase).toEqual(['base']);
    expect(comparison.onlyHead).toEqual(['head']);
  });

  it('says how many rounds a noisy benchmark would need, and escapes names in Markdown', () => {
    const noisy = rounds(1, () => []).map((round, i) => ({
      base: round.base,
      head: {
        benchmarks: [
          {
            ...round.head.benchmarks[0]!,
            name: 'parse',
            samples: [round.base.benchmarks[0]!.samples[0]! * (i % 2 ? 1.2 : 0.85)],
          },
        ],
      },
    }));
    const renamed = noisy.map((r) => ({
      base: { benchmarks: r.base.benchmarks.map((b) => ({ ...b, name: 'a|b<script>' })) },
      head: { benchmarks: r.head.benchmarks.map((b) => ({ ...b, name: 'a|b<script>' })) },
    }));
    const comparison = judgeRounds(renamed, 0.05);
    expect(comparison.benchmarks[0]!.verdict).toBe('unresolved');
    expect(renderBenchTable(comparison, 0.05)).toMatch(/cannot resolve a 5\.0% change here; about \d+ rounds would/);
    const markdown = renderBenchSummary(comparison, 0.05);
    expect(markdown).toContain('a&#124;b&#60;script&#62;');
    expect(markdown).not.toContain('<script>');
  });
});
