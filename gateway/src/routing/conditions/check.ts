/**
 * Validates a conditional rule's `when` at config load, so a typo is reported with its path
 * and line instead of quietly never matching.
 */
import { backtrackingHazard } from '../../config/regex-hazard';
import { testPattern } from './test-pattern';
import { didYouMean } from '../../config/suggest';
import type { PathIssue } from '../../config/zod-issues';
import { BOOLEAN_KEYS, COMPARE_OPS, FIELD_KEYS, flattenTests, isMap, isScalar, KNOWN_TESTS, METADATA_PREFIX, REGEX_FLAGS, VALUE_OPS } from './syntax';

type Path = PropertyKey[];

const EXAMPLE = 'e.g. { promptTokens: { gt: 4000 } } or { metadata.tier: free }';

/** Portkey's query operators, which its users write from habit: how each is spelt here. */
const PORTKEY_OPERATORS: Readonly<Record<string, string>> = {
  $eq: 'the value itself: metadata.tier: free',
  $ne: 'not: { metadata.tier: free }',
  $in: 'in: [a, b]',
  $nin: 'not: { metadata.tier: { in: [a, b] } }',
  $regex: 'matches: REGEX',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
  $and: 'and: [ … ]',
  $or: 'or: [ … ]',
};

const portkeyHint = (name: string): string | undefined =>
  Object.hasOwn(PORTKEY_OPERATORS, name) ? ` — Portkey's ${name} is written ${PORTKEY_OPERATORS[name]}` : undefined;

/** Every problem of one condition, with paths relative to it. */
export function checkCondition(condition: unknown, path: Path = []): PathIssue[] {
  const issues: PathIssue[] = [];
  visit(condition, path, issues);
  return issues;
}

function visit(condition: unknown, path: Path, issues: PathIssue[]): void {
  if (!isMap(condition)) {
    issues.push({ path, message: `a condition is a map of tests, ${EXAMPLE}` });
    return;
  }
  const tests = flattenTests(condition);
  if (tests.length === 0) issues.push({ path, message: `a condition needs at least one test, ${EXAMPLE}` });
  for (const { key, value, path: keyPath } of tests) {
    const at = [...path, ...keyPath];
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value) || value.length === 0) issues.push({ path: at, message: `${key} takes a non-empty list of conditions` });
      else value.forEach((inner, index) => visit(inner, [...at, index], issues));
    } else if (key === 'not') {
      visit(value, at, issues);
    } else if (key === 'promptTokens') {
      numberTest(value, at, issues);
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') issues.push({ path: at, message: `${key} must be true or false` });
    } else if ((FIELD_KEYS as readonly string[]).includes(key)) {
      valueTest(value, at, issues);
    } else if (key.startsWith(METADATA_PREFIX)) {
      if (key.length === METADATA_PREFIX.length) issues.push({ path: at, message: 'name the metadata field, e.g. metadata.tier' });
      else valueTest(value, at, issues);
    } else if (key === 'metadata') {
      issues.push({ path: at, message: 'metadata takes a map of fields, e.g. metadata: { tier: free } (or write metadata.tier: free)' });
    } else {
      issues.push({ path: at, message: `unknown test "${key}"${portkeyHint(key) ?? didYouMean(key, KNOWN_TESTS)} (known: ${KNOWN_TESTS.join(', ')})` });
    }
  }
}

function numberTest(value: unknown, path: Path, issues: PathIssue[]): void {
  const form = `{ ${COMPARE_OPS.join(' | ')}: number }`;
  if (!isMap(value) || Object.keys(value).length === 0) {
    issues.push({ path, message: `promptTokens takes ${form}, e.g. { gt: 4000 }` });
    return;
  }
  for (const [op, operand] of Object.entries(value)) {
    if (!(COMPARE_OPS as readonly string[]).includes(op)) issues.push({ path: [...path, op], message: `unknown comparison "${op}"${portkeyHint(op) ?? didYouMean(op, COMPARE_OPS)}: use ${form}` });
    else if (typeof operand !== 'number' || !Number.isFinite(operand)) issues.push({ path: [...path, op], message: `${op} takes a number` });
  }
}

function valueTest(value: unknown, path: Path, issues: PathIssue[]): void {
  if (isScalar(value)) return;
  if (!isMap(value) || Object.keys(value).length === 0) {
    issues.push({ path, message: 'a value test is text, a number, true/false, or a map of in, matches, gt, gte, lt, lte' });
    return;
  }
  for (const [op, operand] of Object.entries(value)) {
    const at = [...path, op];
    if (!(VALUE_OPS as readonly string[]).includes(op)) {
      issues.push({ path: at, message: `unknown operator "${op}"${portkeyHint(op) ?? didYouMean(op, VALUE_OPS)} (known: ${VALUE_OPS.join(', ')})` });
    } else if (op === 'in') {
      if (!Array.isArray(operand) || operand.length === 0 || !operand.every(isScalar)) issues.push({ path: at, message: 'in takes a non-empty list of values' });
    } else if (op === 'matches') {
      regex(operand, value.flags, at, issues);
    } else if (op === 'flags') {
      if (!('matches' in value)) issues.push({ path: at, message: 'flags applies only with matches' });
      else if (typeof operand !== 'string' || !REGEX_FLAGS.test(operand)) issues.push({ path: at, message: 'flags may hold i, m, s and u' });
    } else if (typeof operand !== 'number' || !Number.isFinite(operand)) {
      issues.push({ path: at, message: `${op} takes a number` });
    }
  }
}

function regex(pattern: unknown, flags: unknown, path: Path, issues: PathIssue[]): void {
  if (typeof pattern !== 'string' || pattern === '') {
    issues.push({ path, message: 'matches takes a regular expression as text' });
    return;
  }
  const validFlags = typeof flags === 'string' && REGEX_FLAGS.test(flags) ? flags : '';
  try {
    new RegExp(pattern, validFlags);
  } catch (error) {
    issues.push({ path, message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  // It runs on the caller's prompt, metadata and user: one that backtracks badly lets any
  // caller stall the gateway with a crafted message. Judged as it runs, without an outer `.*`.
  const hazard = backtrackingHazard(testPattern(pattern), validFlags);
  if (hazard !== undefined) issues.push({ path, message: hazard });
}
