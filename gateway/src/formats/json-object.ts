import { z } from 'zod';

/** What zod's `z.object` accepts: any object but null and arrays. For hand-checked fast paths. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `text` parsed, if it is a JSON object; undefined for anything else, invalid JSON included. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A string, or nothing (absent or null): what an optional text field of a JSON body may hold. */
export const isOptionalString = (value: unknown): value is string | null | undefined => value === undefined || value === null || typeof value === 'string';

/** An object as JSON.parse makes them: not null, not an array, no prototype but Object's. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A JSON object passed on as it is: a tool's JSON Schema, a response format's schema. It
 * accepts what `z.record(z.string(), z.unknown())` accepts from parsed JSON and fails with the
 * same issue ("expected record"), but checks the object in one step where the record would
 * copy it key by key: clients such as Claude Code send dozens of tool schemas on every request.
 */
export const jsonObjectSchema = z.custom<Record<string, unknown>>().check((payload) => {
  if (!isJsonObject(payload.value)) payload.issues.push({ expected: 'record', code: 'invalid_type', input: payload.value });
});
