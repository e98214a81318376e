import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error';
import { isObject } from '../json-object';

export type Path = ReadonlyArray<string | number>;

/** `contents[0].parts[1]`: the form Google's own errors name a field by. */
export function paramOf(path: Path): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

/** A 400 about the field at `path`, worded `<param>: <problem>`. */
export function invalidAt(path: Path, problem: string, code = 'invalid_request'): GatewayError {
  const param = paramOf(path);
  const message = param === '' ? problem : `${param}: ${problem}`;
  return new GatewayError('invalid_request', message, { param: param || undefined, code, retryable: false });
}

/** A 400 for content only Gemini understands: reported, and thrown only if the request must be translated. */
export const untranslatableAt = (path: Path, what: string): GatewayError =>
  invalidAt(path, `${what} cannot be translated for a non-Gemini provider`, 'untranslatable_content');

/**
 * What to do with content the canonical shape cannot carry: throw its 400 (strict parsing), or
 * note it and leave it out (inspecting a request that may still go to Gemini as sent).
 */
export interface ParseContext {
  refuse(error: GatewayError): void;
}

/**
 * Validates `value` with `schema`, or throws a 400 naming the first offending field by its path
 * appended to `base`. zod's messages describe types, never values, so no prompt text leaks.
 */
export function parseAt<T extends z.ZodType>(schema: T, value: unknown, base: Path): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw invalidAt(base, 'Invalid input');
  throw invalidAt([...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], issue.message);
}

const camel = (key: string): string => key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * An object's keys in camelCase. Google's JSON parser takes a proto's field names either way
 * (`system_instruction` and `systemInstruction`), and its own curl examples use snake_case. Only
 * protocol objects go through here, never user data (function args, schemas' property names).
 */
export function camelKeys(value: unknown): unknown {
  if (!isObject(value) || !Object.keys(value).some((key) => key.includes('_'))) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const name = camel(key);
    // Both spellings present: the camelCase one wins, as it is what the SDKs send.
    if (name === key || !(name in value)) out[name] = member;
  }
  return out;
}

/** A protocol message of the request: camelCased, unknown fields accepted and dropped. */
export const proto = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => z.preprocess(camelKeys, z.looseObject(shape));
