/**
 * Pure helpers of the logs slice: the live tail and paged history are one list, newest first,
 * each request once (a row can arrive by SSE and again in a page, or be replayed after a reconnect).
 */
import type { LogRowDto } from '../api/contract';
import type { LogQuery } from '../gateway-client';

export type TimeRange = '15m' | '1h' | '24h' | '7d' | '30d' | 'all';

export const TIME_RANGES: Record<TimeRange, { label: string; ms: number | null }> = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
  all: { label: 'All time', ms: null },
};

export interface LogFilters {
  route: string;
  provider: string;
  /** A gateway key's id ('' any). */
  keyId: string;
  model: string;
  /** '' any, 'ok', 'error', or an exact status code as text. */
  status: string;
  text: string;
  range: TimeRange;
}

export const EMPTY_FILTERS: LogFilters = { route: '', provider: '', keyId: '', model: '', status: '', text: '', range: '24h' };

export const PAGE_SIZE = 50;

export function sinceOf(range: TimeRange, now: number): number | undefined {
  const ms = TIME_RANGES[range].ms;
  return ms === null ? undefined : now - ms;
}

/** The GET /logs query for these filters. */
export function filtersToQuery(filters: LogFilters, now: number, cursor?: string): LogQuery {
  const query: LogQuery = { limit: PAGE_SIZE };
  const since = sinceOf(filters.range, now);
  if (since !== undefined) query.since = since;
  if (filters.route.trim()) query.route = filters.route.trim();
  if (filters.provider.trim()) query.provider = filters.provider.trim();
  if (filters.keyId) query.keyId = filters.keyId;
  if (filters.model.trim()) query.model = filters.model.trim();
  if (filters.text.trim()) query.text = filters.text.trim();
  const status = filters.status.trim();
  if (status === 'ok' || status === 'error') query.status = status;
  else if (/^\d{3}$/.test(status)) query.status = Number(status);
  if (cursor) query.cursor = cursor;
  return query;
}

/**
 * Whether a live row belongs in the list under these filters: the same rules the gateway's
 * query applies (text is a case-insensitive substring of alias, model or error message).
 */
export function matchesFilters(row: LogRowDto, filters: LogFilters, now: number): boolean {
  const since = sinceOf(filters.range, now);
  if (since !== undefined && row.ts < since) return false;
  if (filters.route.trim() && row.route !== filters.route.trim()) return false;
  if (filters.provider.trim() && row.provider !== filters.provider.trim()) return false;
  if (filters.keyId && row.keyId !== filters.keyId) return false;
  if (filters.model.trim() && row.model !== filters.model.trim()) return false;
  const status = filters.status.trim();
  if (status === 'ok' && row.status >= 400) return false;
  if (status === 'error' && row.status < 400) return false;
  if (/^\d{3}$/.test(status) && row.status !== Number(status)) return false;
  const text = filters.text.trim().toLowerCase();
  if (text) {
    const haystack = [row.alias, row.model ?? '', row.errorMessage ?? ''].map((value) => value.toLowerCase());
    if (!haystack.some((value) => value.includes(text))) return false;
  }
  return true;
}

/** Newest first; equal timestamps by id so the order is stable. */
function newestFirst(a: LogRowDto, b: LogRowDto): number {
  return b.ts - a.ts || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * One list of `existing` and `incoming` rows, each id once. The incoming copy of a row wins: a
 * detail or a later page may know more (bodies) than the live event did.
 */
export function mergeRows(existing: readonly LogRowDto[], incoming: readonly LogRowDto[], max = Number.POSITIVE_INFINITY): LogRowDto[] {
  if (incoming.length === 0) return existing as LogRowDto[];
  const byId = new Map<string, LogRowDto>();
  for (const row of existing) byId.set(row.id, row);
  for (const row of incoming) byId.set(row.id, row);
  const merged = [...byId.values()].sort(newestFirst);
  return merged.length > max ? merged.slice(0, max) : merged;
}
