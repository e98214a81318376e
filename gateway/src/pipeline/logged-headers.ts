import type { IncomingHttpHeaders } from 'node:http';
import { NAMESPACE_HEADER, TTL_HEADER } from '../cache/directives';
import { RETRIES_HEADER, TIMEOUT_HEADER } from '../routing/request-controls';
import { ANTHROPIC_PASSTHROUGH } from './anthropic-headers';

/**
 * The request headers a log row keeps: those that change what a call does or gets back, and
 * none that can hold a credential. Anthropic's version and betas reach Anthropic as sent (a
 * beta tool is accepted only under its beta), and Switchboard's own controls set the call's
 * timeout, retries and caching; so a row explains its call, and a replay sends them again.
 */
export const LOGGED_REQUEST_HEADERS = [...ANTHROPIC_PASSTHROUGH, TIMEOUT_HEADER, RETRIES_HEADER, 'cache-control', TTL_HEADER, NAMESPACE_HEADER] as const;

/** Long enough for any list of Anthropic betas; a value past it is cut, as other logged text is. */
const MAX_VALUE = 1024;

/** The allow-listed headers the call carried, or null when it carried none (most calls). */
export function loggedRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> | null {
  let logged: Record<string, string> | null = null;
  for (const name of LOGGED_REQUEST_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    logged ??= {};
    logged[name] = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
  }
  return logged;
}
