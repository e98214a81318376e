/**
 * Requests and spend "today" for the tray. Today is the UTC day, the same day boundary the
 * gateway's spend rollup and budgets use, so the tray and the Costs page agree. Seeded from the
 * rollup at start, then counted from finished-request events, and reported to main at most once
 * per interval so a burst of requests costs one message, not one per request.
 */
import type { DailyStats } from './protocol';

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a Unix-ms time, in UTC. */
export function utcDay(ts: number): string {
  return new Date(Math.floor(ts / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The part of the gateway's log store the seed reads. */
export interface SpendSource {
  spendByDay(query: { fromDay: string; toDay: string }): Promise<ReadonlyArray<{ requests: number; costUsd: number }>>;
}

export interface StatsReporterOptions {
  send(stats: DailyStats): void;
  now(): number;
  /** Shortest time between two reports. */
  intervalMs: number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

export interface StatsReporter {
  /**
   * Starts today's totals from the rollup. The query runs synchronously inside the store (it
   * flushes, then reads), so subscribing to request events right after this call neither misses
   * nor double-counts a request.
   */
  seed(source: SpendSource): Promise<void>;
  /** Counts one finished request. */
  record(ts: number, costUsd: number): void;
  /** Starts a new day when the clock has passed midnight UTC (called periodically). */
  rollover(): void;
  current(): DailyStats;
  /** Cancels a pending report. */
  stop(): void;
}

export function createStatsReporter(options: StatsReporterOptions): StatsReporter {
  const schedule = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
  const cancel = options.clearTimeout ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  let stats: DailyStats = { day: utcDay(options.now()), requests: 0, costUsd: 0 };
  let timer: unknown;
  let lastSentAt = Number.NEGATIVE_INFINITY;

  const sendNow = () => {
    timer = undefined;
    lastSentAt = options.now();
    options.send({ ...stats });
  };
  const report = () => {
    if (timer !== undefined) return;
    const wait = lastSentAt + options.intervalMs - options.now();
    if (wait <= 0) sendNow();
    else timer = schedule(sendNow, wait);
  };

  return {
    async seed(source) {
      const day = utcDay(options.now());
      // The rollup already holds everything counted so far (a resume seeds again): start from zero.
      stats = { day, requests: 0, costUsd: 0 };
      const rows = await source.spendByDay({ fromDay: day, toDay: day });
      let requests = 0;
      let costUsd = 0;
      for (const row of rows) {
        requests += row.requests;
        costUsd += row.costUsd;
      }
      // Midnight passed while reading: the rows are yesterday's, and today started from zero.
      if (stats.day !== day) return;
      // Requests counted while the rollup was being read come on top of it.
      stats = { day, requests: requests + stats.requests, costUsd: costUsd + stats.costUsd };
      report();
    },
    record(ts, costUsd) {
      const day = utcDay(ts);
      if (day < stats.day) return; // a request that began yesterday is yesterday's
      if (day > stats.day) stats = { day, requests: 0, costUsd: 0 };
      stats = { day, requests: stats.requests + 1, costUsd: stats.costUsd + Math.max(0, costUsd) };
      report();
    },
    rollover() {
      const day = utcDay(options.now());
      if (day <= stats.day) return;
      stats = { day, requests: 0, costUsd: 0 };
      report();
    },
    current: () => ({ ...stats }),
    stop() {
      if (timer !== undefined) cancel(timer);
      timer = undefined;
    },
  };
}
