/**
 * The headers shown for a request. The contract's LogRowDto carries no header map yet, so this
 * shows the `x-switchboard-*` response headers the gateway sent (rebuilt from the row) plus an
 * allow-listed `headers` map if the row carries one.
 */
import type { LogRowDto } from '../../api/contract';

export function switchboardHeaders(row: LogRowDto): Array<[string, string]> {
  const headers: Array<[string, string | null]> = [
    ['x-switchboard-request-id', row.id],
    ['x-switchboard-route', row.route],
    ['x-switchboard-provider', row.provider],
    ['x-switchboard-model', row.model],
    ['x-switchboard-cache', row.cache],
    ['x-switchboard-attempts', String(row.attempts.length)],
    ['x-switchboard-cost-usd', row.costUsd.toFixed(6)],
    ['x-switchboard-overhead-ms', row.overheadMs == null ? null : row.overheadMs.toFixed(2)],
  ];
  return headers.filter((entry): entry is [string, string] => entry[1] !== null);
}

/** Request headers the gateway logged (allow-listed on its side), when the row has them. */
export function loggedHeaders(row: LogRowDto): Array<[string, string]> {
  const value: unknown = (row as LogRowDto & { headers?: unknown }).headers;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** Pretty-prints a JSON body; anything else is shown as it is. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
