import { describe, expect, it } from 'vitest';
import { waterfallBars } from './waterfall';
import type { AttemptDto } from '../../api/contract';

const attempt = (latencyMs: number): AttemptDto => ({ provider: 'p', model: 'm', status: 200, latencyMs, outcome: 'ok' });

describe('waterfallBars', () => {
  it('places attempts one after another, proportional to their latency', () => {
    expect(waterfallBars([attempt(100), attempt(300)]).map(({ start, width }) => [start, width])).toEqual([
      [0, 0.25],
      [0.25, 0.75],
    ]);
  });

  it('scales to the request’s total when it is longer (backoff between attempts)', () => {
    expect(waterfallBars([attempt(100), attempt(100)], 400).map(({ start, width }) => [start, width])).toEqual([
      [0, 0.25],
      [0.25, 0.25],
    ]);
  });

  it('copes with zero-latency (skipped) attempts', () => {
    expect(waterfallBars([{ ...attempt(0), outcome: 'skipped' }])[0]).toMatchObject({ start: 0, width: 0 });
  });
});
