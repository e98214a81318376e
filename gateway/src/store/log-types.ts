/** One upstream attempt within a request. */
export interface AttemptRecord {
  provider: string;
  model: string;
  status: number | null;
  latencyMs: number;
  error?: string;
  /** Why the executor moved on: `fallback`, `retry`, or absent for the final attempt. */
  outcome: 'ok' | 'retry' | 'fallback' | 'failed';
}

/** One row of the request log: everything about a call except secrets. */
export interface LogRecord {
  id: string;
  /** Unix ms when the request arrived. */
  ts: number;
  /** The gateway key's id (never the key itself). */
  keyId: string | null;
  /** The endpoint family: chat, messages or embeddings. */
  endpoint: 'chat' | 'messages' | 'embeddings';
  /** The model name the client sent (an alias or provider/model). */
  alias: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  status: number;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
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
  metadata: Record<string, string> | null;
  /** Request and response bodies, only when `server.logBodies` is on; capped in size. */
  requestBody: string | null;
  responseBody: string | null;
}

export interface LogQuery {
  since?: number;
  until?: number;
  route?: string;
  provider?: string;
  model?: string;
  status?: 'ok' | 'error' | number;
  keyId?: string;
  text?: string;
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface LogPage {
  rows: LogRecord[];
  nextCursor: string | null;
}

/** Persists the request log. Writes are batched off the request path. */
export interface LogStore {
  /** Queue a row; returns immediately. */
  append(record: LogRecord): void;
  /** Write everything queued. */
  flush(): Promise<void>;
  query(query: LogQuery): Promise<LogPage>;
  get(id: string): Promise<LogRecord | undefined>;
  close(): Promise<void>;
}
