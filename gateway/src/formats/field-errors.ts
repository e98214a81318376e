/**
 * The 400s a client format's request parser throws about one field, named by its path in the
 * body as the provider itself names fields (Anthropic `messages.0.content.1`, Gemini
 * `contents[0].parts[1]`), worded `<param>: <problem>` as their own errors are.
 */
import type { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';

export type Path = ReadonlyArray<string | number>;

export interface FieldErrors {
  /** A 400 about the field at `path`. */
  invalidAt(path: Path, problem: string, code?: string): GatewayError;
  /** A 400 for content only the format's own provider understands: `untranslatable_content`. */
  untranslatableAt(path: Path, what: string): GatewayError;
  /**
   * Validates `value` with `schema`, or throws a 400 naming the first offending field by its path
   * appended to `base`. zod's messages describe types, never values, so no prompt text leaks.
   */
  parseAt<T extends z.ZodType>(schema: T, value: unknown, base: Path): z.output<T>;
}

/** The field errors of one format: `param` writes a path as its provider does; `provider` names it. */
export function fieldErrors(param: (path: Path) => string, provider: string): FieldErrors {
  const invalidAt = (path: Path, problem: string, code = 'invalid_request'): GatewayError => {
    const name = param(path);
    return new GatewayError('invalid_request', name === '' ? problem : `${name}: ${problem}`, { param: name || undefined, code, retryable: false });
  };
  return {
    invalidAt,
    untranslatableAt: (path, what) => invalidAt(path, `${what} cannot be translated for a non-${provider} provider`, 'untranslatable_content'),
    parseAt(schema, value, base) {
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      const issue = result.error.issues[0];
      if (issue === undefined) throw invalidAt(base, 'Invalid input');
      throw invalidAt([...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], issue.message);
    },
  };
}
