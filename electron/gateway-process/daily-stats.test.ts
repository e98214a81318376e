import { describe, expect, it } from 'vitest';
import type { DailyStats } from './protocol';
import { createStatsReporter, utcDay, type SpendSource } from './daily-stats';

const at = (iso: string) => Date.parse(iso);

function reporter(start: string, intervalMs = 1000) {
  let now = at(start);
  const sent: DailyStats[] = [];
  const timers: Array<{ due: number; run: () => void }> = [];
  const stats = createStatsReporter({
    send: (s) => sent.push(s),
    now: () => now,
    intervalMs,
    setTimeout: (run, ms) => {
      const timer = { due: now + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => void timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((t) => t.due <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.run();
    }
  };
  return { stats, sent, advance, now: () => now };
}

const source = (rows: Array<{ requests: number; costUsd: number }>, seen: unknown[] = []): SpendSource => ({
  spendByDay: async (query) => (seen.push(query), rows),
});

describe('utcDay', () => {
  it('uses the UTC date', () => {
    expect(utcDay(at('2025-11-24T23:59:59.999Z'))).toBe('2025-11-24');
    expect(utcDay(at('2025-11-25T00:00:00.000Z'))).toBe('2025-11-25');
  });
});

describe('daily stats', () => {
  it('starts from today’s rollup, summed over every key, model and route', async () => {
    const { stats, sent } = reporter('2025-11-24T10:00:00Z');
    const seen: unknown[] = [];
    await stats.seed(source([{ requests: 10, costUsd: 0.5 }, { requests: 2, costUsd: 0.25 }], seen));
    expect(seen).toEqual([{ fromDay: '2025-11-24', toDay: '2025-11-24' }]);
    expect(sent).toEqual([{ day: '2025-11-24', requests: 12, costUsd: 0.75 }]);
  });

  it('adds finished requests, reporting a burst once per interval', async () => {
    const { stats, sent, advance, now } = reporter('2025-11-24T10:00:00Z');
    await stats.seed(source([]));
    for (let i = 0; i < 5; i += 1) stats.record(now(), 0.01);
    expect(sent).toHaveLength(1);
    advance(1000);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ day: '2025-11-24', requests: 5, costUsd: 0.05 });
  });

  it('counts requests that finish while the rollup is read on top of it', async () => {
    const { stats, now } = reporter('2025-11-24T10:00:00Z');
    let release!: () => void;
    const slow: SpendSource = { spendByDay: () => new Promise((resolve) => (release = () => resolve([{ requests: 7, costUsd: 1 }]))) };
    const seeding = stats.seed(slow);
    stats.record(now(), 0.5);
    release();
    await seeding;
    expect(stats.current()).toEqual({ day: '2025-11-24', requests: 8, costUsd: 1.5 });
  });

  it('seeding again (after a resume) does not count the day twice', async () => {
    const { stats } = reporter('2025-11-24T10:00:00Z');
    await stats.seed(source([{ requests: 3, costUsd: 0.3 }]));
    await stats.seed(source([{ requests: 3, costUsd: 0.3 }]));
    expect(stats.current()).toMatchObject({ requests: 3, costUsd: 0.3 });
  });

  it('starts over at midnight UTC when a request arrives', async () => {
    const { stats } = reporter('2025-11-24T23:59:00Z');
    await stats.seed(source([{ requests: 4, costUsd: 2 }]));
    stats.record(at('2025-11-25T00:00:01Z'), 0.1);
    expect(stats.current()).toEqual({ day: '2025-11-25', requests: 1, costUsd: 0.1 });
  });

  it('starts over at midnight UTC on a quiet night too, and reports it', async () => {
    const { stats, sent, advance } = reporter('2025-11-24T23:59:00Z');
    await stats.seed(source([{ requests: 4, costUsd: 2 }]));
    advance(120_000);
    stats.rollover();
    expect(sent.at(-1)).toEqual({ day: '2025-11-25', requests: 0, costUsd: 0 });
  });

  it('leaves a request that began yesterday out of today', async () => {
    const { stats } = reporter('2025-11-25T00:00:05Z');
    await stats.seed(source([]));
    stats.record(at('2025-11-24T23:59:58Z'), 1);
    expect(stats.current()).toEqual({ day: '2025-11-25', requests: 0, costUsd: 0 });
  });
});
