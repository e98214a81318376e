/**
 * A Portkey conditional `query` (MongoDB-like: `metadata.plan: { $eq: paid }`, `$and`, `$or`)
 * → a Switchboard `when`. Only metadata can be carried over: Switchboard rules do not read
 * request params or the URL, so a query touching those is reported and its rule dropped
 * (a half-translated rule would route the wrong requests).
 */
import { isMap } from './types';
import type { Node } from './types';

export type Translation = { ok: true; when: Node } | { ok: false; reason: string };

const fail = (reason: string): Translation => ({ ok: false, reason });

export function translateQuery(query: unknown): Translation {
  if (!isMap(query)) return fail('the query is not an object');
  const parts: Node[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) return fail(`${key} needs a non-empty list`);
      const inner: Node[] = [];
      for (const sub of value) {
        const translated = translateQuery(sub);
        if (!translated.ok) return translated;
        inner.push(translated.when);
      }
      parts.push({ [key === '$and' ? 'and' : 'or']: inner });
      continue;
    }
    if (!key.startsWith('metadata.') || key.length === 'metadata.'.length) {
      return fail(`"${key}": only metadata.* conditions can be imported (Switchboard rules do not read request params or the URL)`);
    }
    const tests = translateOperators(key, value);
    if (!Array.isArray(tests)) return tests;
    parts.push(...tests);
  }
  if (parts.length === 0) return fail('the query is empty');
  return { ok: true, when: parts.length === 1 ? (parts[0] as Node) : { and: parts } };
}

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function translateOperators(field: string, value: unknown): Node[] | Translation {
  if (isScalar(value)) return [{ [field]: value }];
  if (!isMap(value)) return fail(`"${field}": unsupported value`);
  const out: Node[] = [];
  for (const [op, operand] of Object.entries(value)) {
    switch (op) {
      case '$eq':
        if (!isScalar(operand)) return fail(`"${field}.$eq" needs a value`);
        out.push({ [field]: operand });
        break;
      case '$ne':
        if (!isScalar(operand)) return fail(`"${field}.$ne" needs a value`);
        out.push({ not: { [field]: operand } });
        break;
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand) || operand.length === 0 || !operand.every(isScalar)) return fail(`"${field}.${op}" needs a non-empty list`);
        const test = { [field]: { in: operand } };
        out.push(op === '$in' ? test : { not: test });
        break;
      }
      case '$regex':
        if (typeof operand !== 'string' || operand === '') return fail(`"${field}.$regex" needs a pattern`);
        if (!compiles(operand)) return fail(`"${field}.$regex" is not a JavaScript regular expression (Portkey never matches it either)`);
        out.push({ [field]: { matches: operand } });
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const number = typeof operand === 'number' ? operand : Number(operand);
        if (!Number.isFinite(number)) return fail(`"${field}.${op}" needs a number`);
        out.push({ [field]: { [op.slice(1)]: number } });
        break;
      }
      default:
        return fail(`"${field}.${op}" has no Switchboard equivalent`);
    }
  }
  if (out.length === 0) return fail(`"${field}": no operator`);
  return out;
}

/** Portkey compiles $regex with JavaScript's RegExp and no flags, and treats a failure as no match. */
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
