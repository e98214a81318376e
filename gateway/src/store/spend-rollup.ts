/**
 * The `spend_daily` rollup: per UTC day × key × team × provider × model × route totals, folded
 * in by the log writer in the same transaction as the rows so the two never disagree. The team
 * is the key's team when the request was made, so team budgets follow spend, not key moves.
 */
import type { SqliteDatabase } from './database';
import type { LogRecord, SpendDay, SpendQuery } from './log-types';

const DAY_MS = 86_400_000;

// The last day named, as [start, end) in Unix ms. Nearly every call (each logged row, each
// budget check) falls on today, so formatting a Date each time is wasted work.
let cachedStart = 0;
let cachedEnd = 0;
let cachedDay = '';

/** The UTC date (YYYY-MM-DD) a Unix-ms timestamp falls on. */
export function utcDay(ts: number): string {
  if (ts >= cachedStart && ts < cachedEnd) return cachedDay;
  const start = Math.floor(ts / DAY_MS) * DAY_MS;
  // Throws (RangeError) for a ts no Date can hold, before the cache is touched.
  const day = new Date(start).toISOString().slice(0, 10);
  cachedStart = start;
  cachedEnd = start + DAY_MS;
  cachedDay = day;
  return day;
}

interface SpendDelta {
  day: string;
  key_id: string;
  team: string;
  provider: string;
  model: string;
  route: string;
  requests: number;
  errors: number;
  paid: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  saved_usd: number;
}

/** Sums a batch in memory first, so a flush runs one upsert per group rather than per row. */
export class SpendAccumulator {
  private readonly groups = new Map<string, SpendDelta>();

  add(record: LogRecord): void {
    const day = utcDay(record.ts);
    const keyId = record.keyId ?? '';
    const team = record.team ?? '';
    const provider = record.provider ?? '';
    const model = record.model ?? '';
    const route = record.route ?? '';
    // \u0000 cannot appear in a name the config accepts, so it separates dimensions safely.
    const groupKey = `${day}\u0000${keyId}\u0000${team}\u0000${provider}\u0000${model}\u0000${route}`;
    let delta = this.groups.get(groupKey);
    if (!delta) {
      delta = { day, key_id: keyId, team, provider, model, route, requests: 0, errors: 0, paid: 0, input_tokens: 0, output_tokens: 0, cached_tokens: 0, cost_usd: 0, saved_usd: 0 };
      this.groups.set(groupKey, delta);
    }
    delta.requests += 1;
    if (record.status >= 400) delta.errors += 1;
    if (record.costUsd > 0) delta.paid += 1;
    delta.input_tokens += record.inputTokens;
    delta.output_tokens += record.outputTokens;
    delta.cached_tokens += record.cachedTokens;
    delta.cost_usd += record.costUsd;
    delta.saved_usd += record.savedUsd;
  }

  deltas(): IterableIterator<SpendDelta> {
    return this.groups.values();
  }
}

/** Returns a function that writes a batch's sums; call it inside the batch's transaction. */
export function prepareSpendUpsert(db: SqliteDatabase): (accumulator: SpendAccumulator) => void {
  const upsert = db.prepare<[SpendDelta]>(`
    INSERT INTO spend_daily (day, key_id, team, provider, model, route, requests, errors, paid, input_tokens, output_tokens, cached_tokens, cost_usd, saved_usd)
    VALUES (@day, @key_id, @team, @provider, @model, @route, @requests, @errors, @paid, @input_tokens, @output_tokens, @cached_tokens, @cost_usd, @saved_usd)
    ON CONFLICT (day, key_id, team, provider, model, route) DO UPDATE SET
      requests = requests + excluded.requests,
      errors = errors + excluded.errors,
      paid = paid + excluded.paid,
      input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      cached_tokens = cached_tokens + excluded.cached_tokens,
      cost_usd = cost_usd + excluded.cost_usd,
      saved_usd = saved_usd + excluded.saved_usd`);
  return (accumulator) => {
    for (const delta of accumulator.deltas()) upsert.run(delta);
  };
}

type SpendRow = SpendDelta;

/** Reads the rollup, oldest day first. */
export function readSpendByDay(db: SqliteDatabase, query: SpendQuery = {}): SpendDay[] {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (query.fromDay !== undefined) {
    where.push('day >= @fromDay');
    params.fromDay = query.fromDay;
  }
  if (query.toDay !== undefined) {
    where.push('day <= @toDay');
    params.toDay = query.toDay;
  }
  if (query.keyId !== undefined) {
    where.push('key_id = @keyId');
    params.keyId = query.keyId;
  }
  const sql = `SELECT * FROM spend_daily ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY day, key_id, team, provider, model, route`;
  const rows = db.prepare<[Record<string, string>], SpendRow>(sql).all(params);
  return rows.map((row) => ({
    day: row.day,
    keyId: row.key_id || null,
    team: row.team || null,
    provider: row.provider || null,
    model: row.model || null,
    route: row.route || null,
    requests: row.requests,
    errors: row.errors,
    paid: row.paid,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    costUsd: row.cost_usd,
    savedUsd: row.saved_usd,
  }));
}
