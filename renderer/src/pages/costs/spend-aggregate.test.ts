import { describe, expect, it } from 'vitest';
import { dayKeys, OTHER, stackByDay, topSpenders } from './spend-aggregate';

const NOW = Date.UTC(2026, 2, 10, 15, 30);
const point = (day: string, group: string, costUsd: number, requests = 1) => ({ day, group, costUsd, requests });

describe('spend aggregation', () => {
  it('ranks spenders by total cost with their share', () => {
    const rows = topSpenders([point('2026-03-09', 'openai', 3, 10), point('2026-03-10', 'openai', 1, 5), point('2026-03-10', 'anthropic', 4, 2)]);
    expect(rows).toEqual([
      { group: 'openai', costUsd: 4, requests: 15, share: 0.5 },
      { group: 'anthropic', costUsd: 4, requests: 2, share: 0.5 },
    ]);
  });

  it('lists the last N UTC days ending today', () => {
    expect(dayKeys(3, NOW)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('fills every day of the range, including days without spend', () => {
    const { rows, groups } = stackByDay([point('2026-03-10', 'openai', 2)], 3, NOW);
    expect(groups).toEqual(['openai']);
    expect(rows).toEqual([
      { day: '2026-03-08', openai: 0 },
      { day: '2026-03-09', openai: 0 },
      { day: '2026-03-10', openai: 2 },
    ]);
  });

  it('folds the smallest spenders into "Other" so the chart stays readable', () => {
    const points = ['a', 'b', 'c', 'd'].map((g, i) => point('2026-03-10', g, 10 - i));
    const { rows, groups } = stackByDay(points, 1, NOW, 3);
    expect(groups).toEqual(['a', 'b', OTHER]);
    expect(rows[0]).toEqual({ day: '2026-03-10', a: 10, b: 9, [OTHER]: 15 });
  });

  it('ignores points outside the range', () => {
    const { rows } = stackByDay([point('2026-01-01', 'openai', 5)], 2, NOW);
    expect(rows.every((row) => row.openai === 0)).toBe(true);
  });
});
