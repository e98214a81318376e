/**
 * The vocabulary of a conditional rule's `when`. A condition is a map of tests that must all
 * hold; `and` / `or` / `not` combine conditions:
 *
 *   promptTokens: { gt: 4000 }              estimated prompt tokens (gt, gte, lt, lte)
 *   metadata.tier: free                     a metadata field (also `metadata: { tier: free }`)
 *   key | user | team | tier: value         the gateway key (name or id), its user, team, tier
 *   hasTools: true | hasImages: true
 *   lastUserMessage: { matches: "regex", flags: i }
 *
 * A value test is a scalar (equality, compared as text), or a map of operators that must all
 * hold: `in: [a, b]`, `matches: regex` (+ `flags`), `gt` / `gte` / `lt` / `lte` (numeric).
 */

export const LOGICAL_KEYS = ['and', 'or', 'not'] as const;
export const FIELD_KEYS = ['key', 'user', 'team', 'tier', 'lastUserMessage'] as const;
export const BOOLEAN_KEYS = ['hasTools', 'hasImages'] as const;
export const COMPARE_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
export const VALUE_OPS = ['in', 'matches', 'flags', ...COMPARE_OPS] as const;
export const REGEX_FLAGS = /^[imsu]*$/;

export type FieldKey = (typeof FIELD_KEYS)[number];
export type CompareOp = (typeof COMPARE_OPS)[number];

/** Every test name a condition may use, for "did you mean" hints. */
export const KNOWN_TESTS: readonly string[] = ['promptTokens', 'metadata', 'metadata.<field>', ...FIELD_KEYS, ...BOOLEAN_KEYS, ...LOGICAL_KEYS];

export const METADATA_PREFIX = 'metadata.';

export const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';

/**
 * The tests of a condition map with `metadata: { a: x }` spread into `metadata.a: x`, so the
 * checker and the evaluator see one form.
 */
export function flattenTests(condition: Record<string, unknown>): Array<{ key: string; value: unknown; path: PropertyKey[] }> {
  const out: Array<{ key: string; value: unknown; path: PropertyKey[] }> = [];
  for (const [key, value] of Object.entries(condition)) {
    if (key === 'metadata' && isMap(value)) {
      for (const [field, test] of Object.entries(value)) out.push({ key: `${METADATA_PREFIX}${field}`, value: test, path: [key, field] });
    } else {
      out.push({ key, value, path: [key] });
    }
  }
  return out;
}

/** Compares numerically; a value that is not a number never matches. */
export function compare(op: CompareOp, actual: number, expected: number): boolean {
  if (Number.isNaN(actual)) return false;
  switch (op) {
    case 'gt':
      return actual > expected;
    case 'gte':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
  }
}
