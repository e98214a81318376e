import { z } from 'zod';
import type { GatewayError } from '../../errors/gateway-error';
import { fieldErrors, type Path } from '../field-errors';
import { isObject } from '../json-object';

export type { Path } from '../field-errors';

/** `contents[0].parts[1]`: the form Google's own errors name a field by. */
export function paramOf(path: Path): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

/** Gemini's field errors: `contents[0].parts[1]: <problem>`, as Google's own read. */
export const { invalidAt, untranslatableAt, parseAt } = fieldErrors(paramOf, 'Gemini');

/**
 * What to do with content the canonical shape cannot carry: throw its 400 (strict parsing), or
 * note it and leave it out (inspecting a request that may still go to Gemini as sent).
 */
export interface ParseContext {
  refuse(error: GatewayError): void;
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
