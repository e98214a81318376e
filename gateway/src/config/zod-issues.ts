/**
 * Turns zod's issues into messages a person editing YAML understands: "required" instead of
 * "expected string, received undefined", one line per unknown key with a did-you-mean, enum
 * choices spelled out. Values are never echoed except numbers and booleans: a string in the
 * wrong place may be a pasted key. Suggestions are names the schema defines, never the value.
 */
import type { z } from 'zod';
import { keysAt } from './schema';
import { closest, didYouMean, listNames } from './suggest';

type ZodIssue = z.core.$ZodIssue;

export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  tuple: 'a list',
};

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** `port:4000` is one string to YAML: a mapping was expected and a "key:value" with no space came. */
const missingSpaceHint = (expected: string, value: unknown): string =>
  expected === typeNames.object && typeof value === 'string' && /^[^\s:]+:[^\s:]/.test(value) ? ' — missing a space after ":"? (YAML needs key: value)' : '';

/**
 * An unknown key, compared only with the keys valid in its own mapping: a near spelling is
 * suggested; else the mapping says what it is (a target's three kinds) or lists its keys.
 */
function unknownKey(key: string, data: unknown, mappingPath: readonly PropertyKey[]): string {
  const mapping = keysAt(data, mappingPath);
  if (mapping === undefined) return `unknown key "${key}"`;
  const match = closest(key, mapping.keys);
  if (match !== undefined) return `unknown key "${key}" — did you mean "${match}"?`;
  return mapping.description ? `unknown key "${key}": ${mapping.description}` : `unknown key "${key}" (valid here: ${listNames(mapping.keys, 16)})`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const bound = (value: number | bigint, inclusive: boolean | undefined, below: boolean): string =>
  `must be ${below ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<'} ${String(value)}`;

function sizeMessage(issue: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  if (issue.origin === 'array' || issue.origin === 'set' || issue.origin === 'string') {
    if (small && Number(limit) === 1) return 'must not be empty';
    const unit = issue.origin === 'string' ? 'characters' : 'items';
    return small ? `needs at least ${String(limit)} ${unit}` : `allows at most ${String(limit)} ${unit}`;
  }
  return bound(limit, issue.inclusive, small);
}

/** Flattens zod issues into path + message pairs, against the raw data they came from. */
export function describeZodIssues(issues: readonly ZodIssue[], data: unknown, prefix: readonly PropertyKey[] = []): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'invalid_type': {
        const value = valueAt(data, path);
        const expected = typeNames[issue.expected] ?? issue.expected;
        out.push({ path, message: value === undefined ? `required (${expected})` : `expected ${expected}, got ${describeValue(value)}${missingSpaceHint(expected, value)}` });
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: [...path, key], message: unknownKey(key, data, path) });
        break;
      case 'invalid_value': {
        // A schema's own message (the provider type's preset hint) wins over zod's "Invalid option".
        if (!issue.message.startsWith('Invalid')) {
          out.push({ path, message: issue.message });
          break;
        }
        const value = valueAt(data, path);
        const choices = issue.values.map(String);
        out.push({
          path,
          message: value === undefined ? `required (one of: ${choices.join(', ')})` : `expected one of: ${choices.join(', ')}${typeof value === 'string' ? didYouMean(value, choices) : ''}`,
        });
        break;
      }
      case 'custom': {
        // A check that needs its full path to phrase its advice (the provider a credential is for).
        const atPath: unknown = issue.params?.atPath;
        out.push({ path, message: typeof atPath === 'function' ? String(atPath(path)) : issue.message });
        break;
      }
      case 'invalid_key':
        out.push({ path, message: issue.issues.map((inner) => inner.message).join('; ') });
        break;
      case 'invalid_union':
        out.push(...describeUnion(issue, data, path));
        break;
      case 'too_small':
      case 'too_big':
        out.push({ path, message: sizeMessage(issue) });
        break;
      case 'invalid_format':
        out.push({ path, message: issue.message.startsWith('Invalid') ? `has the wrong format (${issue.format})` : issue.message });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * A value that matched no member of a union. A custom union message wins; when every member
 * failed on the value's type, say which types would do; otherwise report the member that came
 * closest (fewest problems), at its own paths.
 */
function describeUnion(issue: Extract<ZodIssue, { code: 'invalid_union' }>, data: unknown, path: PropertyKey[]): PathIssue[] {
  if (issue.message && issue.message !== 'Invalid input') return [{ path, message: issue.message }];
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const typeOnly = (branch: ZodIssue[]): boolean => branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0);
  if (branches.length === 0 || branches.every(typeOnly)) {
    const expected = [...new Set(branches.flat().map((inner) => (inner.code === 'invalid_type' ? (typeNames[inner.expected] ?? inner.expected) : '')))].filter(Boolean);
    return [{ path, message: `expected ${expected.join(' or ') || 'a different value'}, got ${describeValue(valueAt(data, path))}` }];
  }
  const closestBranch = branches.filter((branch) => !typeOnly(branch)).sort((a, b) => a.length - b.length)[0] ?? [];
  return describeZodIssues(closestBranch, data, path);
}
