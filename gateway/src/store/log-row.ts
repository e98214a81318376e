/**
 * How a LogRecord maps onto a `request_log` row and back, and the opaque paging cursor.
 */
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import type { AttemptRecord, LogRecord } from './log-types';

/** A `request_log` row as written. */
export interface LogRow {
  id: string;
  ts: number;
  key_id: string | null;
  endpoint: string;
  alias: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  status: number;
  stream: number;
  latency_ms: number;
  ttft_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  cache: string | null;
  saved_usd: number;
  error_code: string | null;
  error_message: string | null;
  attempts: string;
  user: string | null;
  metadata: string | null;
  pii_findings: string | null;
  request_body: string | null;
  response_body: string | null;
  client: string | null;
  overhead_ms: number | null;
  request_headers: string | null;
  team: string | null;
}

/** A row as read back: SQLite adds `seq`, the insertion order that breaks ts ties. */
export interface StoredLogRow extends LogRow {
  seq: number;
}

/** The columns an insert writes, in order (`seq` is assigned by SQLite). */
export const logColumns = [
  'id', 'ts', 'key_id', 'endpoint', 'alias', 'route', 'provider', 'model', 'status', 'stream',
  'latency_ms', 'ttft_ms', 'input_tokens', 'output_tokens', 'cached_tokens', 'cache_write_tokens',
  'reasoning_tokens', 'cost_usd', 'cache', 'saved_usd', 'error_code', 'error_message', 'attempts',
  'user', 'metadata', 'pii_findings', 'request_body', 'response_body', 'client', 'overhead_ms',
  'request_headers', 'team',
] as const satisfies readonly (keyof LogRow)[];

type ValuesOf<Columns extends readonly (keyof LogRow)[]> = { -readonly [I in keyof Columns]: LogRow[Columns[I] & keyof LogRow] };

/** A row's values in `logColumns` order, as the insert binds them. */
export type LogRowValues = ValuesOf<typeof logColumns>;

/**
 * Converts a record into the values of its row, in `logColumns` order. A flat array rather
 * than a `LogRow` object: the writer binds it positionally, and skipping the object, the
 * per-row `map` over the columns and the spread measured about 40% off this step. Throws
 * (TypeError) on values JSON cannot hold.
 */
export function toRowValues(record: LogRecord): LogRowValues {
  return [
    record.id,
    record.ts,
    record.keyId,
    record.endpoint,
    record.alias,
    record.route,
    record.provider,
    record.model,
    record.status,
    record.stream ? 1 : 0,
    record.latencyMs,
    record.ttftMs,
    record.inputTokens,
    record.outputTokens,
    record.cachedTokens,
    record.cacheWriteTokens,
    record.reasoningTokens,
    record.costUsd,
    record.cache,
    record.savedUsd,
    record.errorCode,
    record.errorMessage,
    attemptsJson(record.attempts),
    record.user,
    record.metadata === null ? null : JSON.stringify(record.metadata),
    record.piiFindings ? JSON.stringify(record.piiFindings) : null,
    record.requestBody,
    record.responseBody,
    record.client ?? null,
    record.overheadMs ?? null,
    record.requestHeaders ? JSON.stringify(record.requestHeaders) : null,
    // As the spend rollup keeps it: '' for a key with no team, so null means "not known".
    record.keyId === null ? null : (record.team ?? ''),
  ];
}

/**
 * `record.attempts` as JSON, written member by member: on Node 20 the generic JSON.stringify
 * looks up `toJSON` along every object's prototype chain, about 5,000 instructions for the one
 * attempt of a usual row, written for every call. Reads back as the same list (a test holds it
 * to JSON.stringify's meaning), numbers JSON cannot hold included, as null.
 */
export function attemptsJson(attempts: readonly AttemptRecord[]): string {
  let out = '[';
  for (const attempt of attempts) {
    if (out.length > 1) out += ',';
    out += `{"provider":${JSON.stringify(attempt.provider)},"model":${JSON.stringify(attempt.model)},"status":${jsonNumber(attempt.status)},"latencyMs":${jsonNumber(attempt.latencyMs)}`;
    if (attempt.error !== undefined) out += `,"error":${JSON.stringify(attempt.error)}`;
    out += `,"outcome":${JSON.stringify(attempt.outcome)}}`;
  }
  return `${out}]`;
}

const jsonNumber = (value: number | null): string => (value !== null && Number.isFinite(value) ? String(value) : 'null');

const attemptSchema = z.object({
  provider: z.string(),
  model: z.string(),
  status: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().optional(),
  outcome: z.enum(['ok', 'retry', 'fallback', 'failed', 'skipped']),
});
const attemptsSchema = z.array(attemptSchema);
const metadataSchema = z.record(z.string(), z.string());
const findingsSchema = z.record(z.string(), z.number());
const endpointSchema = z.enum(['chat', 'messages', 'responses', 'generate_content', 'embeddings', 'completions', 'fim']);

/** Converts a row back into a record. JSON columns are validated: the file may outlive this code. */
export function fromRow(row: LogRow): LogRecord {
  return {
    id: row.id,
    ts: row.ts,
    keyId: row.key_id,
    endpoint: endpointSchema.parse(row.endpoint),
    alias: row.alias,
    route: row.route,
    provider: row.provider,
    model: row.model,
    status: row.status,
    stream: row.stream !== 0,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    reasoningTokens: row.reasoning_tokens,
    costUsd: row.cost_usd,
    cache: row.cache,
    savedUsd: row.saved_usd,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: parseJson(row.attempts, attemptsSchema, []),
    user: row.user,
    metadata: row.metadata === null ? null : parseJson(row.metadata, metadataSchema, null),
    piiFindings: row.pii_findings === null ? null : parseJson(row.pii_findings, findingsSchema, null),
    requestBody: row.request_body,
    responseBody: row.response_body,
    client: row.client ?? null,
    overheadMs: row.overhead_ms ?? null,
    requestHeaders: row.request_headers == null ? null : parseJson(row.request_headers, metadataSchema, null),
    team: row.team == null || row.team === '' ? null : row.team,
  };
}

function parseJson<T>(text: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : fallback;
  } catch {
    return fallback;
  }
}

const cursorSchema = z.tuple([z.number().int(), z.number().int()]);

/** The position after which the next page starts: the (ts, seq) of the last row returned. */
export interface CursorPosition {
  ts: number;
  seq: number;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.ts, position.seq]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [ts, seq] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { ts, seq };
  } catch (error) {
    throw new GatewayError('invalid_request', 'the cursor is not one this server issued', {
      code: 'invalid_cursor',
      param: 'cursor',
      retryable: false,
      cause: error,
    });
  }
}
