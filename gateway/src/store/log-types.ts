/** One upstream attempt within a request. */
export interface AttemptRecord {
  provider: string;
  model: string;
  status: number | null;
  latencyMs: number;
  error?: string;
  /**
   * `ok` served the request; `retry` and `fallback` failed and the executor moved on; `failed`
   * ended the request; `skipped` was never sent (its circuit breaker is open, the prompt is
   * larger than its context window, its provider said a rate-limit window is spent, or it cannot
   * take the content), with the reason in `error` and status null.
   */
  outcome: 'ok' | 'retry' | 'fallback' | 'failed' | 'skipped';
}

/** One row of the request log: everything about a call except secrets. */
export interface LogRecord {
  id: string;
  /** Unix ms when the request arrived. */
  ts: number;
  /** The gateway key's id (never the key itself). */
  keyId: string | null;
  /**
   * The key's team when the request was made, kept in the row (migration 017) and the spend
   * rollup: team budgets are seeded from them, so spend stays with the team it was made for.
   * Null for a key with no team, a keyless call, and rows older than the migration.
   */
  team?: string | null;
  /** The endpoint family: chat, messages, responses, generate_content (Gemini's), embeddings, completions (OpenAI's legacy text completions) or fim (Mistral's fill-in-the-middle). */
  endpoint: 'chat' | 'messages' | 'responses' | 'generate_content' | 'embeddings' | 'completions' | 'fim';
  /** The model name the client sent (an alias or provider/model). */
  alias: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  status: number;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
  /**
   * The gateway's own time before the answer began: from the call's arrival to its response
   * headers, less the time spent waiting on providers and retry backoffs. Null for a call that
   * was not answered; absent in rows older than migration 015.
   */
  overheadMs?: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** `hit`, `miss`, `bypass` or null when caching is off. */
  cache: string | null;
  savedUsd: number;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: AttemptRecord[];
  user: string | null;
  /** The caller's User-Agent (cut to 200 characters): which app made the call. Absent in rows older than migration 010. */
  client?: string | null;
  /**
   * The allow-listed request headers the call sent (pipeline/logged-headers.ts: Anthropic's
   * version and betas, Switchboard's timeout, retry and cache controls); null when none. Absent
   * in rows older than migration 016.
   */
  requestHeaders?: Record<string, string> | null;
  metadata: Record<string, string> | null;
  /** What the PII guardrail found, as counts by detector type — never the values. */
  piiFindings?: Record<string, number> | null;
  /** Request and response bodies, only when `server.logBodies` is on; capped in size. */
  requestBody: string | null;
  responseBody: string | null;
}

export interface LogQuery {
  /** Unix ms, inclusive. */
  since?: number;
  /** Unix ms, exclusive. */
  until?: number;
  route?: string;
  provider?: string;
  model?: string;
  /** `ok` is any status below 400, `error` 400 and above, a number that exact status. */
  status?: 'ok' | 'error' | number;
  keyId?: string;
  /** Case-insensitive substring of the alias, the model, the error message, the client (User-Agent), the user or the metadata (as its JSON). */
  text?: string;
  /** Rows per page: default 50, at most 500. */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface LogPage {
  /** Newest first. */
  rows: LogRecord[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** Persists the request log. Writes are batched off the request path. */
export interface LogStore {
  /** Queue a row; returns immediately. A row whose id is already stored is ignored. */
  append(record: LogRecord): void;
  /** Write everything queued; rejects (keeping the queue) when the write fails. */
  flush(): Promise<void>;
  query(query: LogQuery): Promise<LogPage>;
  get(id: string): Promise<LogRecord | undefined>;
  /** Flushes, then releases the store. */
  close(): Promise<void>;
}

/** Filters for the daily spend rollup. Days are UTC dates, `YYYY-MM-DD`, inclusive. */
export interface SpendQuery {
  fromDay?: string;
  toDay?: string;
  keyId?: string;
}

/** One day's totals for one key × team × provider × model × route. */
export interface SpendDay {
  day: string;
  keyId: string | null;
  /** The key's team when the calls were made. */
  team: string | null;
  provider: string | null;
  model: string | null;
  route: string | null;
  requests: number;
  /** Requests that ended with status 400 or above. */
  errors: number;
  /** Requests charged a cost, whatever their status (a stream cut short is charged too). */
  paid: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  savedUsd: number;
}

/** Cheap aggregates kept beside the log, for budgets and cost charts. */
export interface SpendReader {
  /** Oldest day first. */
  spendByDay(query?: SpendQuery): Promise<SpendDay[]>;
  /**
   * Spend since `ts` (Unix ms) by key and team, from the log's rows: what the daily rollup cannot
   * say (this hour's). The team is the one each row kept; for rows from before migration 017,
   * the key's as it is now.
   */
  spendSince(ts: number): Promise<Array<{ keyId: string | null; team: string | null; costUsd: number }>>;
}
