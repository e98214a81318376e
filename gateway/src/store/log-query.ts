/**
 * Turns a LogQuery into SQL. The schema is exported so the admin API can parse query-string
 * filters with the same rules (numbers arrive as strings there).
 */
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import { decodeCursor } from './log-row';
import type { LogQuery } from './log-types';

export const DEFAULT_LOG_LIMIT = 50;
export const MAX_LOG_LIMIT = 500;

const unixMs = z.coerce.number().int().nonnegative();
const optionalText = z.string().trim().max(200).optional();

export const logQuerySchema = z.object({
  since: unixMs.optional(),
  until: unixMs.optional(),
  route: optionalText,
  provider: optionalText,
  model: optionalText,
  status: z.union([z.enum(['ok', 'error']), z.coerce.number().int().min(100).max(599)]).optional(),
  keyId: optionalText,
  text: optionalText,
  // Larger requests are clamped rather than refused: asking for "everything" is not an error.
  limit: z.coerce.number().int().min(1).transform((n) => Math.min(n, MAX_LOG_LIMIT)).optional(),
  cursor: z.string().max(1000).optional(),
});

export interface CompiledLogQuery {
  sql: string;
  params: Record<string, string | number>;
  limit: number;
}

/** Validates the query and builds a keyset-paged SELECT that fetches one row past the page. */
export function compileLogQuery(input: LogQuery): CompiledLogQuery {
  const parsed = logQuerySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatewayError('invalid_request', `invalid log query: ${issue?.message ?? 'bad filter'}`, {
      code: 'invalid_log_query',
      param: issue?.path.join('.'),
      retryable: false,
    });
  }
  const query = parsed.data;
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const equal = (column: string, key: string, value: string | undefined): void => {
    if (value === undefined || value === '') return;
    where.push(`${column} = @${key}`);
    params[key] = value;
  };

  if (query.since !== undefined) {
    where.push('ts >= @since');
    params.since = query.since;
  }
  if (query.until !== undefined) {
    where.push('ts < @until');
    params.until = query.until;
  }
  equal('route', 'route', query.route);
  equal('provider', 'provider', query.provider);
  equal('model', 'model', query.model);
  equal('key_id', 'keyId', query.keyId);
  // Error rows have an index of their own (migration 006), usable only when the query says
  // `status >= 400` in so many words; successful rows are read through the ts index.
  if (query.status === 'ok') where.push('status < 400');
  else if (query.status === 'error') where.push('status >= 400');
  else if (query.status !== undefined) {
    if (query.status >= 400) where.push('status >= 400');
    where.push('status = @status');
    params.status = query.status;
  }
  if (query.text) {
    // Metadata is searched as its stored JSON: `apollo` finds {"project":"apollo"}.
    where.push(
      `(alias LIKE @text ESCAPE '\\' OR model LIKE @text ESCAPE '\\' OR error_message LIKE @text ESCAPE '\\' OR client LIKE @text ESCAPE '\\' OR user LIKE @text ESCAPE '\\' OR metadata LIKE @text ESCAPE '\\')`,
    );
    params.text = `%${escapeLike(query.text)}%`;
  }
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    where.push('(ts, seq) < (@cursorTs, @cursorSeq)');
    params.cursorTs = after.ts;
    params.cursorSeq = after.seq;
  }

  const limit = query.limit ?? DEFAULT_LOG_LIMIT;
  params.fetch = limit + 1;
  const sql = `SELECT * FROM request_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ts DESC, seq DESC LIMIT @fetch`;
  return { sql, params, limit };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
