/**
 * A rule's `when` (gateway/src/routing/conditions/syntax.ts) ↔ the editor's list of simple tests
 * that must all hold: one row per field and operator, e.g. promptTokens > 4000.
 */
import { newId, type ConditionField, type ConditionOp, type ConditionTest } from './types';

const COMPARE = ['gt', 'gte', 'lt', 'lte'] as const;
const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

/** Operators that make sense for a field, first is the default. */
export function opsFor(field: ConditionField): ConditionOp[] {
  if (field === 'promptTokens') return ['gt', 'gte', 'lt', 'lte'];
  if (field === 'hasTools' || field === 'hasImages') return ['is'];
  if (field === 'lastUserMessage') return ['matches', 'matches-i', 'equals', 'in'];
  return ['equals', 'in', 'matches', 'matches-i', 'gt', 'gte', 'lt', 'lte'];
}

export const OP_LABELS: Record<ConditionOp, string> = {
  equals: 'is',
  in: 'is one of',
  matches: 'matches regex',
  'matches-i': 'matches regex (ignore case)',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  is: 'is',
};

export const FIELD_LABELS: Record<ConditionField, string> = {
  promptTokens: 'Prompt tokens',
  lastUserMessage: 'Last user message',
  metadata: 'Metadata field',
  key: 'Gateway key',
  user: 'User',
  team: 'Team',
  tier: 'Tier',
  hasTools: 'Has tools',
  hasImages: 'Has images',
};

export function newTest(field: ConditionField = 'promptTokens'): ConditionTest {
  return { id: newId('t'), field, metaKey: '', op: opsFor(field)[0] ?? 'equals', value: field === 'hasTools' || field === 'hasImages' ? 'true' : '' };
}

/** The config key a test writes: `metadata.tier` or the field itself. */
export function testKey(test: ConditionTest): string {
  return test.field === 'metadata' ? `metadata.${test.metaKey.trim()}` : test.field;
}

function fieldOf(key: string): { field: ConditionField; metaKey: string } | null {
  if (key.startsWith('metadata.')) return { field: 'metadata', metaKey: key.slice('metadata.'.length) };
  const known = ['promptTokens', 'lastUserMessage', 'key', 'user', 'team', 'tier', 'hasTools', 'hasImages'];
  return known.includes(key) ? { field: key as ConditionField, metaKey: '' } : null;
}

/** The tests of a `when`, or null when it uses something the form cannot show (and/or/not …). */
export function whenToTests(when: unknown): ConditionTest[] | null {
  if (!isMap(when)) return null;
  const entries: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(when)) {
    if (key === 'metadata' && isMap(value)) for (const [field, test] of Object.entries(value)) entries.push([`metadata.${field}`, test]);
    else entries.push([key, value]);
  }
  const tests: ConditionTest[] = [];
  for (const [key, value] of entries) {
    const field = fieldOf(key);
    if (!field) return null;
    if (isScalar(value)) {
      const op: ConditionOp = typeof value === 'boolean' && (field.field === 'hasTools' || field.field === 'hasImages') ? 'is' : 'equals';
      tests.push({ id: newId('t'), ...field, op, value: String(value) });
      continue;
    }
    if (!isMap(value)) return null;
    const flags = value.flags;
    if (flags !== undefined && flags !== 'i') return null;
    for (const [op, operand] of Object.entries(value)) {
      if (op === 'flags') continue;
      if (op === 'in' && Array.isArray(operand) && operand.every(isScalar)) tests.push({ id: newId('t'), ...field, op: 'in', value: operand.join(', ') });
      else if (op === 'matches' && typeof operand === 'string') tests.push({ id: newId('t'), ...field, op: flags === 'i' ? 'matches-i' : 'matches', value: operand });
      else if ((COMPARE as readonly string[]).includes(op) && typeof operand === 'number') tests.push({ id: newId('t'), ...field, op: op as ConditionOp, value: String(operand) });
      else return null;
    }
  }
  return tests;
}

/** Numbers where a number is meant; the checks in validate.ts run before this is saved. */
function operand(test: ConditionTest): unknown {
  switch (test.op) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return Number(test.value);
    case 'in':
      return splitList(test.value);
    case 'is':
      return test.value === 'true';
    default:
      return test.value;
  }
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The `when` map for a list of tests. Tests on one field merge into one operator map. */
export function testsToWhen(tests: ConditionTest[]): Record<string, unknown> {
  const when: Record<string, unknown> = {};
  for (const test of tests) {
    const key = testKey(test);
    if (test.op === 'equals' || test.op === 'is') {
      when[key] = operand(test);
      continue;
    }
    const existing = when[key];
    const map: Record<string, unknown> = isMap(existing) ? existing : {};
    if (test.op === 'matches' || test.op === 'matches-i') {
      map.matches = test.value;
      if (test.op === 'matches-i') map.flags = 'i';
    } else {
      map[test.op] = operand(test);
    }
    when[key] = map;
  }
  return when;
}

/** "prompt tokens > 4000 and tier is free", for edge labels and summaries. */
export function describeTests(tests: ConditionTest[]): string {
  if (tests.length === 0) return 'no condition';
  return tests
    .map((test) => {
      const subject = test.field === 'metadata' ? `metadata.${test.metaKey || '?'}` : test.field;
      const value = test.op === 'matches' || test.op === 'matches-i' ? `/${test.value}/${test.op === 'matches-i' ? 'i' : ''}` : test.value || '?';
      return `${subject} ${OP_LABELS[test.op]} ${value}`;
    })
    .join(' and ');
}
