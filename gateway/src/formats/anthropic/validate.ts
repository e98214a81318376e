import type { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error';

export type Path = ReadonlyArray<string | number>;

/**
 * `path` with `key` appended. Paths are built for every message and block of a request, and
 * copying by slice is about twice as fast as array spread (`[...path, key]`) there.
 */
export function child(path: Path, key: string | number): Path {
  const out = path.slice();
  out.push(key);
  return out;
}

/** `messages.0.content.1`: the dotted form Anthropic itself uses for `param`. */
export const joinPath = (path: Path): string => path.join('.');

/** A 400 about the field at `path`, phrased like Anthropic's own errors (`<path>: <problem>`). */
export function invalidAt(path: Path, problem: string, code = 'invalid_request'): GatewayError {
  const param = joinPath(path);
  const message = param === '' ? problem : `${param}: ${problem}`;
  return new GatewayError('invalid_request', message, { param: param || undefined, code, retryable: false });
}

/** A 400 for content the canonical shape cannot carry (server tools, documents, ...). */
export const untranslatableAt = (path: Path, what: string): GatewayError =>
  invalidAt(path, `${what} cannot be translated for a non-Anthropic provider`, 'untranslatable_content');

/**
 * Validates `value` with `schema`; on failure throws a 400 naming the first offending field,
 * with its path appended to `base`. zod's messages describe types, never values, so no prompt
 * text leaks into the error.
 */
export function parseAt<T extends z.ZodType>(schema: T, value: unknown, base: Path): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw invalidAt(base, 'Invalid input');
  throw invalidAt([...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], issue.message);
}
