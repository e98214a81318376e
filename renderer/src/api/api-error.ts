import type { ConfigIssueDto } from './contract';

/**
 * A failed admin call, carrying the gateway's own message (`{ error: { message, ... } }`) so the
 * UI can show it as is. `status` 0 means no HTTP answer at all (refused, timed out, CORS).
 */
export class GatewayApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;
  /** Config validation problems (400 `invalid_config`), mapped onto fields by the editors. */
  readonly issues: ConfigIssueDto[];

  constructor(status: number, message: string, details: { code?: string | null; param?: string | null; issues?: ConfigIssueDto[] } = {}) {
    super(message);
    this.name = 'GatewayApiError';
    this.status = status;
    this.code = details.code ?? null;
    this.param = details.param ?? null;
    this.issues = details.issues ?? [];
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readIssues(value: unknown): ConfigIssueDto[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ConfigIssueDto[] => {
    if (!isRecord(item) || typeof item.message !== 'string') return [];
    const issue: ConfigIssueDto = { path: typeof item.path === 'string' ? item.path : '', message: item.message };
    if (typeof item.line === 'number') issue.line = item.line;
    if (typeof item.column === 'number') issue.column = item.column;
    return [issue];
  });
}

/** Builds the error for a non-2xx answer from its status and (possibly non-JSON) body text. */
export function errorFromResponse(status: number, bodyText: string): GatewayApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error && typeof error.message === 'string') {
    return new GatewayApiError(status, error.message, {
      code: typeof error.code === 'string' ? error.code : null,
      param: typeof error.param === 'string' ? error.param : null,
      issues: readIssues(error.issues),
    });
  }
  return new GatewayApiError(status, `The gateway answered HTTP ${status}`);
}

/** The error for a request that got no HTTP answer. */
export function errorFromFailure(error: unknown): GatewayApiError {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new GatewayApiError(0, 'The gateway did not answer in time', { code: 'timeout' });
  }
  return new GatewayApiError(0, 'Could not reach the gateway', { code: 'unreachable' });
}

/** A message for any thrown value, preferring the gateway's own words. */
export function describeError(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong';
}
