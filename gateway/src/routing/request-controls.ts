/**
 * Per-request routing controls, for a caller that needs other timeouts or retries than its
 * route's without a route of its own (a batch job, a quick probe), as LiteLLM's
 * `x-litellm-timeout` / `x-litellm-num-retries` and Portkey's `x-portkey-request-timeout` do:
 *
 *   x-switchboard-timeout: per-attempt timeout, seconds (90) or a duration (500ms, 30s, 5m), up to 1h
 *   x-switchboard-retries: extra tries of each target before moving on, 0–10 (`retry.attempts`)
 *
 * They replace the value every candidate of the plan would use; the route's `deadlineMs` still
 * bounds the whole request. Bad values are a 400 naming the header.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseDuration } from '../config/units';
import { invalidRequest } from '../errors/gateway-error';
import type { RoutePlan } from './types';

export const TIMEOUT_HEADER = 'x-switchboard-timeout';
export const RETRIES_HEADER = 'x-switchboard-retries';
const MAX_TIMEOUT_MS = 60 * 60 * 1000;
const MAX_RETRIES = 10;
const SECONDS = /^\d+(\.\d+)?$/;

/** `plan` with the request's controls applied (the same plan when it sets none); throws a 400 for a bad value. */
export function withRequestControls(plan: RoutePlan, headers: IncomingHttpHeaders): RoutePlan {
  const timeout = headers[TIMEOUT_HEADER];
  const retries = headers[RETRIES_HEADER];
  // The usual request sets neither: two property reads.
  if (timeout === undefined && retries === undefined) return plan;
  const timeoutMs = timeout === undefined ? undefined : parseTimeout(single(timeout));
  const attempts = retries === undefined ? undefined : parseRetries(single(retries));
  // Planned candidates may be shared with other requests (a fixed route's): each gets a copy.
  const candidates = plan.candidates.map((candidate) => {
    const policy = Object.assign({}, candidate.policy);
    if (timeoutMs !== undefined) {
      policy.timeoutMs = timeoutMs;
      policy.callerTimeout = true;
    }
    if (attempts !== undefined) policy.retry = Object.assign({}, policy.retry, { attempts });
    return Object.assign({}, candidate, { policy });
  });
  return Object.assign({}, plan, { candidates });
}

function parseTimeout(value: string): number {
  const text = value.trim();
  const ms = SECONDS.test(text) ? Math.round(Number(text) * 1000) : parseDuration(text);
  if (ms === undefined || !(ms > 0) || ms > MAX_TIMEOUT_MS) {
    throw invalidRequest(`Invalid ${TIMEOUT_HEADER} header: use seconds (90) or a duration (500ms, 30s, 5m) above 0 and up to 1h`, TIMEOUT_HEADER, 'invalid_header');
  }
  return ms;
}

function parseRetries(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
    throw invalidRequest(`Invalid ${RETRIES_HEADER} header: use a whole number from 0 to ${MAX_RETRIES}`, RETRIES_HEADER, 'invalid_header');
  }
  return Number(text);
}

/** Repeated headers arrive joined by Node; only the last value counts. */
function single(value: string | string[]): string {
  const text = Array.isArray(value) ? (value.at(-1) ?? '') : value;
  const comma = text.lastIndexOf(',');
  return comma === -1 ? text : text.slice(comma + 1);
}
