import { camelKeys } from './request-path';
import { isObject } from '../json-object';

// Gemini's own ordering hint and OpenAPI's single `example`: not JSON Schema keywords.
const DROPPED = new Set(['nullable', 'propertyOrdering', 'example']);

/**
 * Gemini's `Schema` (an OpenAPI 3.0 subset: `type: "OBJECT"`, `nullable: true`), which tools
 * declare as `parameters` and structured output as `responseSchema`, as the JSON Schema the
 * canonical shape carries: types in lower case, `nullable` as a `"null"` type, Gemini-only keys
 * dropped. Property names are the caller's and kept as they are.
 */
export function openApiToJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const node = camelKeys(schema) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (key === 'type' && typeof value === 'string') {
      const type = value.toLowerCase();
      if (type !== 'type_unspecified') out.type = node.nullable === true && type !== 'null' ? [type, 'null'] : type;
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, convert(inner)]));
    } else if (key === 'items') {
      out.items = convert(value);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      out.anyOf = value.map(convert);
    } else {
      out[key] = value;
    }
  }
  return out;
}

const convert = (value: unknown): unknown => (isObject(value) ? openApiToJsonSchema(value) : value);
