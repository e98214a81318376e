/** Input parsing and the errors every admin endpoint shares. */
import type { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';

/** Parses a body or query string with `schema`; the first problem becomes a 400 naming the field (never its value). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new GatewayError('invalid_request', `Invalid ${what}${path ? ` at ${path}` : ''}: ${issue?.message ?? 'not valid'}`, {
    code: 'invalid_request',
    param: path || undefined,
    retryable: false,
  });
}

/** 501 for an endpoint whose module this gateway does not run. */
export function notAvailable(module: string): GatewayError {
  return new GatewayError('unavailable', `${module} are not enabled in this gateway`, { status: 501, code: 'not_available', retryable: false });
}

export function notFound(message: string, code: string): GatewayError {
  return new GatewayError('not_found', message, { code, retryable: false });
}

/** Route parameters are strings in Express 5, but its types allow string[] (wildcards). */
export function param(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

/** A route or provider name from the URL: the config validates the rest, this keeps out what no config could hold. */
export function entryName(value: string | string[] | undefined, what: string): string {
  const name = param(value);
  if (name === '' || name.length > 200 || name === '__proto__' || name === 'constructor' || name === 'prototype') {
    throw new GatewayError('invalid_request', `Not a valid ${what} name`, { code: 'invalid_name', param: 'name', retryable: false });
  }
  return name;
}
