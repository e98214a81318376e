/**
 * Hit/miss/saved counters per route. Counted in memory on the request path and written back
 * in one small transaction by the cache's timer (and on close), so they survive restarts
 * without a write per request. The request log keeps the per-request truth (`cache`,
 * `savedUsd` columns); these counters exist because the log is batched, may be pruned, and
 * would need a scan of every row to answer "hit rate per route".
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../store/database';

export interface RouteCacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 before any lookup. Bypassed requests are not lookups. */
  hitRate: number;
  savedUsd: number;
  entries: number;
  bytes: number;
}

export interface CacheStats extends RouteCacheStats {
  routes: Record<string, RouteCacheStats>;
}

interface Counter {
  hits: number;
  misses: number;
  savedUsd: number;
}

export class CacheCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly dirty = new Set<string>();
  private readonly upsert: Database.Statement<[string, number, number, number]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(private readonly db: SqliteDatabase) {
    const rows = db.prepare('SELECT route, hits, misses, saved_usd FROM response_cache_stats').all() as Array<{ route: string; hits: number; misses: number; saved_usd: number }>;
    for (const row of rows) this.counters.set(row.route, { hits: row.hits, misses: row.misses, savedUsd: row.saved_usd });
    this.upsert = db.prepare(
      `INSERT INTO response_cache_stats (route, hits, misses, saved_usd) VALUES (?, ?, ?, ?)
       ON CONFLICT (route) DO UPDATE SET hits = excluded.hits, misses = excluded.misses, saved_usd = excluded.saved_usd`,
    );
    this.remove = db.prepare('DELETE FROM response_cache_stats WHERE route = ?');
  }

  record(route: string, outcome: 'hit' | 'miss', savedUsd: number): void {
    let counter = this.counters.get(route);
    if (!counter) {
      counter = { hits: 0, misses: 0, savedUsd: 0 };
      this.counters.set(route, counter);
    }
    if (outcome === 'hit') {
      counter.hits += 1;
      counter.savedUsd += savedUsd;
    } else {
      counter.misses += 1;
    }
    this.dirty.add(route);
  }

  reset(route?: string): void {
    const routes = route === undefined ? [...this.counters.keys()] : [route];
    this.db.transaction(() => {
      for (const name of routes) this.remove.run(name);
    })();
    for (const name of routes) {
      this.counters.delete(name);
      this.dirty.delete(name);
    }
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const routes = [...this.dirty];
    this.db.transaction(() => {
      for (const route of routes) {
        const counter = this.counters.get(route);
        if (counter) this.upsert.run(route, counter.hits, counter.misses, counter.savedUsd);
      }
    })();
    this.dirty.clear();
  }

  /** Combines the counters with live entry counts per route into overall and per-route stats. */
  stats(entries: ReadonlyArray<{ route: string; entries: number; bytes: number }>): CacheStats {
    // A Map, not an object literal: route names are user text, and "__proto__" is a valid one.
    const routes = new Map<string, RouteCacheStats>();
    const row = (route: string): RouteCacheStats => {
      let stats = routes.get(route);
      if (!stats) {
        stats = { hits: 0, misses: 0, hitRate: 0, savedUsd: 0, entries: 0, bytes: 0 };
        routes.set(route, stats);
      }
      return stats;
    };
    for (const [route, counter] of this.counters) Object.assign(row(route), { hits: counter.hits, misses: counter.misses, savedUsd: counter.savedUsd });
    for (const entry of entries) Object.assign(row(entry.route), { entries: entry.entries, bytes: entry.bytes });
    const overall: RouteCacheStats = { hits: 0, misses: 0, hitRate: 0, savedUsd: 0, entries: 0, bytes: 0 };
    for (const stats of routes.values()) {
      stats.hitRate = rate(stats);
      stats.savedUsd = roundUsd(stats.savedUsd);
      overall.hits += stats.hits;
      overall.misses += stats.misses;
      overall.savedUsd += stats.savedUsd;
      overall.entries += stats.entries;
      overall.bytes += stats.bytes;
    }
    return { ...overall, hitRate: rate(overall), savedUsd: roundUsd(overall.savedUsd), routes: Object.fromEntries(routes) };
  }
}

const rate = (stats: { hits: number; misses: number }): number => (stats.hits + stats.misses === 0 ? 0 : stats.hits / (stats.hits + stats.misses));

/** Sums of many small float costs drift; stats show what a person would add up. */
const roundUsd = (usd: number): number => Math.round(usd * 1e8) / 1e8;
