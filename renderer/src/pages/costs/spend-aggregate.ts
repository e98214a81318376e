/** Turns per-day, per-group spend points into chart rows and the top-spenders table. */
import type { SpendPointDto } from '../../api/contract';

export const OTHER = 'Other';

export interface SpenderRow {
  group: string;
  costUsd: number;
  requests: number;
  /** Share of the total cost, 0–1. */
  share: number;
}

export function topSpenders(points: readonly SpendPointDto[]): SpenderRow[] {
  const totals = new Map<string, { costUsd: number; requests: number }>();
  for (const point of points) {
    const entry = totals.get(point.group) ?? { costUsd: 0, requests: 0 };
    entry.costUsd += point.costUsd;
    entry.requests += point.requests;
    totals.set(point.group, entry);
  }
  const total = [...totals.values()].reduce((sum, t) => sum + t.costUsd, 0);
  return [...totals]
    .map(([group, t]) => ({ group, ...t, share: total > 0 ? t.costUsd / total : 0 }))
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.group.localeCompare(b.group));
}

/** The UTC days (YYYY-MM-DD) of the last `days` days ending today. */
export function dayKeys(days: number, now: number): string[] {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

export interface StackedSpend {
  /** One row per day: `{ day, [group]: costUsd }`, every group present (0 when none). */
  rows: Array<Record<string, string | number> & { day: string }>;
  /** Stack order, biggest spender first; small ones folded into "Other". */
  groups: string[];
}

export function stackByDay(points: readonly SpendPointDto[], days: number, now: number, maxGroups = 7): StackedSpend {
  const ranked = topSpenders(points).map((row) => row.group);
  const kept = ranked.length > maxGroups ? ranked.slice(0, maxGroups - 1) : ranked;
  const folded = ranked.length > kept.length;
  const groups = folded ? [...kept, OTHER] : kept;
  const byDay = new Map<string, Record<string, string | number> & { day: string }>();
  for (const day of dayKeys(days, now)) byDay.set(day, Object.fromEntries([['day', day], ...groups.map((g) => [g, 0])]) as Record<string, number | string> & { day: string });
  for (const point of points) {
    const row = byDay.get(point.day);
    if (!row) continue;
    const group = kept.includes(point.group) ? point.group : OTHER;
    row[group] = Number(row[group] ?? 0) + point.costUsd;
  }
  return { rows: [...byDay.values()], groups };
}
