/**
 * The headers shown for a request: the allow-listed request headers the row kept, and the
 * `x-switchboard-*` response headers the gateway sent (rebuilt from the row).
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
  return Object.entries(row.requestHeaders ?? {});
}

/** Pretty-prints a JSON body; anything else is shown as it is. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
